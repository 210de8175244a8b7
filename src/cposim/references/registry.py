"""Load the reference tables and resolve source ids."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable

from cposim.errors import ConfigError

CONFIDENCE_LEVELS = ("high", "medium", "low", "derived", "estimate")


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


@lru_cache(maxsize=1)
def _load() -> dict[str, Source]:
    rows: dict[str, Source] = {}
    folder = resources.files("cposim.references")
    names = sorted(p.name for p in folder.iterdir() if p.name.startswith("table") and p.name.endswith(".csv"))
    for name in names:
        text = folder.joinpath(name).read_text(encoding="utf-8")
        for rec in csv.DictReader(text.splitlines()):
            src = Source(**{k: (rec.get(k) or "").strip() for k in Source.__dataclass_fields__})
            if src.id in rows:
                raise RuntimeError(f"duplicate reference id {src.id} in {name}")
            rows[src.id] = src
    return rows


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
