"""Source ids for reported numbers: pick them from a model's parameters by path prefix, order
them (published rows first, project estimates ``CPS-*`` next, ``USER`` last) and resolve the
reference rows of a whole report."""

from __future__ import annotations

from typing import Iterable, Mapping

from cposim.errors import ConfigError
from cposim.references import Source, resolve_sources


def ordered(ids: Iterable[str]) -> tuple[str, ...]:
    """``ids`` once each: published sources first, then ``CPS-*`` estimates, then ``USER``
    (stable within each group)."""
    unique = list(dict.fromkeys(ids))

    def rank(i: str) -> int:
        return 2 if i == "USER" else 1 if i.startswith("CPS-") else 0

    return tuple(sorted(unique, key=rank))


def by_prefix(by_param: Mapping[str, tuple[str, ...]], prefixes: Iterable[str]) -> tuple[str, ...]:
    """Ids of every parameter whose path equals a prefix or starts with it (``"source."`` covers
    the whole laser source; ``"lanes_per_laser"`` one parameter). Raises if nothing matches: a
    number must not lose its citation to a misspelled path."""
    prefixes = tuple(prefixes)
    ids: list[str] = []
    for path, sids in by_param.items():
        if any(path == p or (p.endswith(".") and path.startswith(p)) or path.startswith(p + ".") for p in prefixes):
            ids.extend(sids)
    if not ids:
        raise ConfigError("report citation", ", ".join(prefixes), "matches no parameter with sources")
    return ordered(ids)


def merge(*groups: Iterable[str]) -> tuple[str, ...]:
    """Several id groups as one ordered tuple."""
    return ordered(i for g in groups for i in g)


def references(ids: Iterable[str]) -> tuple[Source, ...]:
    """The reference rows for ``ids``, sorted by id (a ``ConfigError`` names an unknown id)."""
    rows = resolve_sources(ids)
    return tuple(sorted(rows, key=lambda s: s.id))
