"""Load the reference tables and resolve source ids.

Every ``table*.csv`` of this package is read with :class:`csv.DictReader` and checked
strictly when the table is loaded (the first look-up); a bad row is rejected with a
:class:`ReferenceTableError` naming the file, the line, the row id and what is wrong:

* the header must be exactly :data:`COLUMNS`;
* every row must have exactly 8 fields: a text field that holds a comma must be quoted,
  otherwise the columns shift (``DictReader`` puts the extra fields under the key ``None``,
  or fills the missing ones with ``None``) and values are silently lost;
* the id must not be empty, and must be unique across all the files;
* the confidence must be one of :data:`CONFIDENCE_LEVELS`.

Allowed confidence values (the set the tables actually use, lower case, exact):

``high``
    the figure as published by a standard, a datasheet, a peer-reviewed measurement, or
    textbook physics;
``medium``
    a published figure with a caveat: a vendor claim, a trade-press report, a figure
    read from a summary;
``low``
    a secondary or indirect source (a blog, a summary of a summary, a cost model);
``derived``
    computed from other rows or by a cposim method (the row says how);
``estimate``
    a planning value or an unsourced number, not a validation target.

:func:`validate_tables` applies the same checks to any folder or list of files (for
tests and for editing the tables), without touching the package's cache.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Iterable, Union

from cposim.errors import ConfigError

#: The allowed values of the ``confidence`` column (see the module docstring).
CONFIDENCE_LEVELS = ("high", "medium", "low", "derived", "estimate")

#: The columns of every reference table, in order.
COLUMNS = ("id", "category", "quantity", "value", "unit", "conditions", "source", "confidence")

TableFile = Union[str, "os.PathLike[str]", Traversable]


class ReferenceTableError(ConfigError):
    """A malformed reference table: names the file, the line, the row id and the problem."""

    def __init__(self, file: str, line: int, row_id: str, problem: str) -> None:
        self.file = file
        self.line = line
        self.row_id = row_id
        self.problem = problem
        where = f"{file} line {line}"
        super().__init__(where, row_id, problem)

    def _message(self) -> str:
        row = f"row {self.row_id!r}" if self.row_id else "row with an empty id"
        text = f"{self.file} line {self.line}: {row}: {self.problem}"
        return " ".join(text.splitlines())

    def __reduce__(self):
        return (ReferenceTableError, (self.file, self.line, self.row_id, self.problem))

    def with_prefix(self, prefix: str) -> "ReferenceTableError":
        return self


@dataclass(frozen=True)
class Source:
    """One row of the reference table.

    ``value`` is kept as the text of the table (a number, a range ``a..b`` or a list
    ``a / b / c``); models never read numbers from here at run time, they cite ids.
    """

    id: str
    category: str
    quantity: str
    value: str
    unit: str
    conditions: str
    source: str
    confidence: str

    def one_line(self) -> str:
        """``ID  quantity = value unit  [confidence]  source``, for terminal listings."""
        unit = f" {self.unit}" if self.unit and self.unit != "-" else ""
        return f"{self.id}  {self.quantity} = {self.value}{unit}  [{self.confidence}]  {self.source}"


def csv_records(name: str, reader: csv.DictReader):
    """Yield ``(line number before the record, record)`` of ``reader``; a CSV syntax error is a
    :class:`ReferenceTableError` naming the file and the line."""
    while True:
        before = reader.line_num
        try:
            rec = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise ReferenceTableError(name, reader.line_num, "", f"is not valid CSV ({err})") from None
        yield before, rec


def _read_table(name: str, text: str) -> list[tuple[int, Source]]:
    """The rows of one table as (first line of the row, Source); strict, see the module."""
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = tuple(reader.fieldnames or ())
    if header != COLUMNS:
        raise ReferenceTableError(name, 1, "", f"the header is {','.join(header) or '(empty)'}; "
                                  f"expected {','.join(COLUMNS)}")
    out: list[tuple[int, Source]] = []
    for before, rec in csv_records(name, reader):
        line = before + 1
        while line < reader.line_num and not lines[line - 1].strip():
            line += 1  # DictReader skips blank lines
        row_id = (rec.get("id") or "").strip()
        extra = rec.get(None)
        if extra is not None:
            raise ReferenceTableError(
                name, line, row_id,
                f"has {len(COLUMNS) + len(extra)} fields, expected {len(COLUMNS)} "
                f"({','.join(COLUMNS)}); extra {extra!r}: quote a field that contains a comma",
            )
        missing = [k for k in COLUMNS if rec.get(k) is None]
        if missing:
            raise ReferenceTableError(
                name, line, row_id,
                f"has {len(COLUMNS) - len(missing)} fields, expected {len(COLUMNS)} "
                f"({','.join(COLUMNS)}); missing {', '.join(missing)}",
            )
        if not row_id:
            raise ReferenceTableError(name, line, "", "the id is empty")
        src = Source(**{k: rec[k].strip() for k in COLUMNS})
        if src.confidence not in CONFIDENCE_LEVELS:
            raise ReferenceTableError(
                name, line, row_id,
                f"confidence {src.confidence!r} is not one of {', '.join(CONFIDENCE_LEVELS)}",
            )
        out.append((line, src))
    return out


def _table_files(target: TableFile | Iterable[TableFile]) -> list[Path | Traversable]:
    """A folder (its ``table*.csv``, sorted by name) or the files given, in order."""
    if isinstance(target, (str, os.PathLike)):
        target = Path(target)
    if isinstance(target, (Path, Traversable)) and target.is_dir():
        return sorted(
            (p for p in target.iterdir() if p.name.startswith("table") and p.name.endswith(".csv")),
            key=lambda p: p.name,
        )
    if isinstance(target, (Path, Traversable)):
        return [target]
    return [Path(p) if isinstance(p, (str, os.PathLike)) else p for p in target]


def validate_tables(target: TableFile | Iterable[TableFile]) -> dict[str, Source]:
    """Read and check reference tables: a folder (its ``table*.csv``), one file or a list.

    Returns every row keyed by id; raises :class:`ReferenceTableError` (a ``ConfigError``)
    at the first bad row, naming the file, the line, the id and the problem.
    """
    rows: dict[str, Source] = {}
    where: dict[str, str] = {}
    for path in _table_files(target):
        name = path.name
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as err:
            raise ReferenceTableError(name, 1, "", f"is not UTF-8 text ({err.reason})") from None
        for line, src in _read_table(name, text):
            if src.id in rows:
                raise ReferenceTableError(name, line, src.id, f"duplicate id (first defined in {where[src.id]})")
            rows[src.id] = src
            where[src.id] = f"{name} line {line}"
    return rows


@lru_cache(maxsize=1)
def _load() -> dict[str, Source]:
    return validate_tables(resources.files("cposim.references"))


def all_sources() -> dict[str, Source]:
    """Every row of the reference tables, keyed by id."""
    return dict(_load())


def get_source(source_id: str) -> Source:
    """The row with ``source_id``; a clear ``ConfigError`` if there is none."""
    table = _load()
    try:
        return table[source_id]
    except KeyError:
        raise ConfigError("source id", source_id, "is not in the reference table") from None


def resolve_sources(ids: Iterable[str]) -> list[Source]:
    """Rows for ``ids`` in first-seen order, each id once."""
    seen: dict[str, Source] = {}
    for i in ids:
        if i not in seen:
            seen[i] = get_source(i)
    return list(seen.values())
