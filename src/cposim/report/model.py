"""The report as data: sections made of tables, figures and headline facts, each number with
the source ids behind it. Built by the section modules, rendered by :mod:`cposim.report.html`.

Nothing here computes physics; a value is a number (SI or the unit named in the row label or
column header), a short text, or None. ``fmt`` is a display hint for the renderer: a Python
format spec (``".2f"``, ``".2e"``, ``",.0f"``) or ``"eng:UNIT"`` (engineering prefixes on an
SI value in UNIT, e.g. ``"eng:m"`` shows 1.31e-6 as 1.31 µm).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from cposim.errors import ConfigError


@dataclass(frozen=True)
class Row:
    """One table row: a label, its values, the source ids behind them, and an optional display
    format overriding the table's column formats (one for every value of the row, or a tuple
    with one per value)."""

    label: str
    values: tuple[Any, ...]
    sources: tuple[str, ...]
    fmt: str | tuple[str, ...] | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if not self.sources:
            raise ConfigError(f"report row {self.label!r}", "no sources", "every reported number needs source ids")
        if isinstance(self.fmt, tuple) and len(self.fmt) != len(self.values):
            raise ConfigError(f"report row {self.label!r}", len(self.fmt), f"formats for {len(self.values)} values")

    def formats(self, columns: tuple[str, ...]) -> tuple[str, ...]:
        """The display format of each value (the row's own, else the column's)."""
        if isinstance(self.fmt, tuple):
            return self.fmt
        return tuple(self.fmt or c for c in columns)


@dataclass(frozen=True)
class Table:
    """A table: ``columns`` are the headers of the value columns (the label column is
    ``label_header``); ``formats`` one display format per value column; ``wide``: a layout hint
    (the full width of the page)."""

    key: str
    title: str
    label_header: str
    columns: tuple[str, ...]
    formats: tuple[str, ...]
    rows: tuple[Row, ...]
    caption: str = ""
    wide: bool = False

    def __post_init__(self) -> None:
        if len(self.formats) != len(self.columns):
            raise ConfigError(f"report table {self.key}", len(self.formats), f"formats for {len(self.columns)} columns")
        for row in self.rows:
            if len(row.values) != len(self.columns):
                raise ConfigError(f"report table {self.key}, row {row.label!r}", len(row.values),
                                  f"values for {len(self.columns)} columns")


@dataclass(frozen=True)
class FigureSpec:
    """A figure: ``plot`` names a function of :mod:`cposim.report.plots` that renders ``data``;
    ``wide``: a layout hint (the full width of the page)."""

    key: str
    title: str
    plot: str
    data: Mapping[str, Any]
    caption: str
    sources: tuple[str, ...]
    wide: bool = False

    def __post_init__(self) -> None:
        if not self.sources:
            raise ConfigError(f"report figure {self.key}", "no sources", "every figure needs source ids")


@dataclass(frozen=True)
class Fact:
    """A headline number: label, value (``fmt``), unit text, source ids."""

    label: str
    value: Any
    fmt: str
    unit: str
    sources: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.sources:
            raise ConfigError(f"report fact {self.label!r}", "no sources", "every reported number needs source ids")


@dataclass(frozen=True)
class Facts:
    """A row of headline numbers."""

    key: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Paragraph:
    """Plain text (no numbers that would need a citation of their own); ``wide``: the full
    width of the page, otherwise a call-out beside the block before it."""

    text: str
    wide: bool = True


Block = Table | FigureSpec | Facts | Paragraph


@dataclass(frozen=True)
class Section:
    """One section of the report: an anchor ``key``, a title, an introduction, the blocks in
    reading order, caveats (``notes``), an optional ``layout`` hint (``"cards"`` puts the
    tables side by side), and for the report summary the section's ``headline`` numbers and
    ``versus`` rows (values: co-packaged, DSP pluggable)."""

    key: str
    title: str
    intro: str
    blocks: tuple[Block, ...]
    notes: tuple[str, ...] = ()
    layout: str = "flow"
    headline: tuple[Fact, ...] = ()
    versus: tuple[Row, ...] = ()

    def source_ids(self) -> list[str]:
        """Every source id cited in this section, first-seen order."""
        ids: list[str] = []
        for b in self.blocks:
            if isinstance(b, Table):
                for r in b.rows:
                    ids.extend(r.sources)
            elif isinstance(b, FigureSpec):
                ids.extend(b.sources)
            elif isinstance(b, Facts):
                for f in b.facts:
                    ids.extend(f.sources)
        for f in self.headline:
            ids.extend(f.sources)
        for r in self.versus:
            ids.extend(r.sources)
        return list(dict.fromkeys(ids))


@dataclass(frozen=True)
class Report:
    """The whole report: title, the scenario, accounting conventions, sections, and the
    reference rows of every id cited (``references``: :class:`cposim.references.Source`)."""

    title: str
    subtitle: str
    scenario: Table
    summary: Facts
    versus: Table
    conventions: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
    references: tuple[Any, ...]
    settings: Mapping[str, Any] = field(default_factory=dict)
