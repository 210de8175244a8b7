"""The uncertainty range of every estimate row: ``ranges.csv``.

A row of confidence ``estimate`` is the project's own planning value; its range says how far
the truth may plausibly lie from it, from the row's source (a quoted spread) or from stated
judgement (the ``basis`` column says which). ``--uncertainty N`` draws each range once per
Monte Carlo sample (triangular, mode at the nominal value) and applies it to every parameter
that cites the row.

Columns (exact): ``id,low,high,scale,basis``

``scale = value``
    ``low`` and ``high`` are in the row's own unit, and the row's ``value`` is one number
    with ``low <= value <= high``; a sample ``x`` multiplies a citing parameter by
    ``x / value``.
``scale = factor``
    ``low`` and ``high`` are multipliers on the value in use, ``low <= 1 <= high`` (rows
    whose value is a list or a formula, or whose parameters differ from the row's number).
``scale = none``
    the row is not a number that can be uncertain (a method, a convention, a superseded
    row kept for the record); ``low`` and ``high`` are empty and ``basis`` says why.

The loader is strict like the reference tables': a wrong column count, an unknown id, an
unknown scale, a range that does not hold the nominal value, a missing basis, or an estimate
row without a range is a :class:`~cposim.references.registry.ReferenceTableError`.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from cposim.references.registry import ReferenceTableError, Source, all_sources, csv_records

RANGE_COLUMNS = ("id", "low", "high", "scale", "basis")
SCALES = ("value", "factor", "none")


@dataclass(frozen=True)
class Range:
    """The plausible spread of one estimate row.

    ``low_factor`` / ``high_factor`` are the bounds as multipliers on the nominal value
    (1 at the nominal); ``None`` for ``scale = none``.
    """

    id: str
    low: float | None
    high: float | None
    scale: str
    basis: str
    low_factor: float | None
    high_factor: float | None

    @property
    def uncertain(self) -> bool:
        """True when the range has width (a sample can move the value)."""
        return self.low_factor is not None and self.low_factor != self.high_factor


def _number(text: str) -> float | None:
    try:
        x = float(text)
    except ValueError:
        return None
    return x if math.isfinite(x) else None


def _parse_row(name: str, line: int, rec: dict, table: dict[str, Source]) -> Range:
    rid = (rec.get("id") or "").strip()
    if rec.get(None) is not None or any(rec.get(k) is None for k in RANGE_COLUMNS):
        raise ReferenceTableError(name, line, rid, f"expected {len(RANGE_COLUMNS)} fields ({','.join(RANGE_COLUMNS)}); "
                                  "quote a field that contains a comma")
    low_t, high_t, scale, basis = (rec[k].strip() for k in ("low", "high", "scale", "basis"))
    if rid not in table:
        raise ReferenceTableError(name, line, rid, "is not a row of the reference tables")
    if table[rid].confidence != "estimate":
        raise ReferenceTableError(name, line, rid, f"has confidence {table[rid].confidence!r}; only estimate rows "
                                  "carry a range here")
    if scale not in SCALES:
        raise ReferenceTableError(name, line, rid, f"scale {scale!r} is not one of {', '.join(SCALES)}")
    if not basis:
        raise ReferenceTableError(name, line, rid, "the basis is empty (say where the range comes from)")
    if scale == "none":
        if low_t or high_t:
            raise ReferenceTableError(name, line, rid, "scale none takes empty low and high")
        return Range(rid, None, None, scale, basis, None, None)
    low, high = _number(low_t), _number(high_t)
    if low is None or high is None:
        raise ReferenceTableError(name, line, rid, f"low {low_t!r} and high {high_t!r} must be finite numbers")
    if low > high:
        raise ReferenceTableError(name, line, rid, f"low {low:g} is above high {high:g}")
    if scale == "factor":
        if not (0 < low <= 1 <= high):
            raise ReferenceTableError(name, line, rid, f"factors {low:g}..{high:g} must satisfy 0 < low <= 1 <= high")
        return Range(rid, low, high, scale, basis, low, high)
    nominal = _number(table[rid].value)
    if nominal is None or nominal == 0:
        raise ReferenceTableError(name, line, rid, f"scale value needs a single non-zero number as the row's value, "
                                  f"not {table[rid].value!r}: use scale factor")
    if not (low <= nominal <= high):
        raise ReferenceTableError(name, line, rid, f"range {low:g}..{high:g} does not hold the row's value {nominal:g}")
    lo_f, hi_f = sorted((low / nominal, high / nominal))
    return Range(rid, low, high, scale, basis, lo_f, hi_f)


def read_ranges(text: str, *, name: str = "ranges.csv", table: dict[str, Source] | None = None,
                require_all: bool = True) -> dict[str, Range]:
    """Parse and check a ranges file; ``require_all``: every estimate row must have one."""
    table = all_sources() if table is None else table
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if tuple(reader.fieldnames or ()) != RANGE_COLUMNS:
        raise ReferenceTableError(name, 1, "", f"the header must be {','.join(RANGE_COLUMNS)}")
    out: dict[str, Range] = {}
    for _, rec in csv_records(name, reader):
        r = _parse_row(name, reader.line_num, rec, table)
        if r.id in out:
            raise ReferenceTableError(name, reader.line_num, r.id, "has a second range")
        out[r.id] = r
    if require_all:
        missing = sorted(i for i, s in table.items() if s.confidence == "estimate" and i not in out)
        if missing:
            shown = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
            raise ReferenceTableError(name, 0, missing[0], f"estimate rows without a range: {shown}")
    return out


@lru_cache(maxsize=1)
def estimate_ranges() -> dict[str, Range]:
    """Every estimate row's range, keyed by row id (loaded once, checked strictly)."""
    text = resources.files("cposim.references").joinpath("ranges.csv").read_text(encoding="utf-8")
    return read_ranges(text)


def read_ranges_file(path: str | Path, **kw) -> dict[str, Range]:
    """:func:`read_ranges` on a file (for tests and for editing the table)."""
    return read_ranges(Path(path).read_text(encoding="utf-8"), name=Path(path).name, **kw)
