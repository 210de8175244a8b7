"""How the device defaults are sourced: the share that rests on published figures and the
share that rests only on the project's own planning estimates.

Every numeric parameter of every registered device (:data:`cposim.devices.base.DEVICE_REGISTRY`)
cites reference rows. A default counts as **published** when at least one cited row has
confidence ``high``, ``medium`` or ``low`` (a figure from outside the project), as **derived**
when its rows are only ``derived`` (computed from other rows), and as **estimate** when its
rows are only ``estimate`` (a planning value). The README's tagline states these shares,
computed here, so the claim "a source behind every number" says what kind of source.
"""

from __future__ import annotations

from dataclasses import dataclass

import cposim.devices.catalog  # noqa: F401  (registers every device)
from cposim.devices.base import DEVICE_REGISTRY
from cposim.references import all_sources

__all__ = ["SourceCoverage", "classify_default", "device_source_coverage"]

_PUBLISHED = ("high", "medium", "low")


@dataclass(frozen=True)
class SourceCoverage:
    """Counts of device defaults by the kind of source behind them."""

    published: int
    derived: int
    estimate: int

    @property
    def total(self) -> int:
        return self.published + self.derived + self.estimate

    @property
    def estimate_share(self) -> float:
        """Share of defaults resting only on the project's estimates (0..1)."""
        return self.estimate / self.total if self.total else 0.0


def classify_default(cls: type, name: str) -> str:
    """``published``, ``derived`` or ``estimate`` for parameter ``name`` of device class ``cls``
    (module docstring)."""
    table = all_sources()
    levels = {table[i].confidence for i in cls.parameter_info()[name]["sources"] if i in table}
    if levels & set(_PUBLISHED):
        return "published"
    return "derived" if "derived" in levels else "estimate"


def device_source_coverage() -> SourceCoverage:
    """Classify every numeric default of every registered device (module docstring)."""
    counts = {"published": 0, "derived": 0, "estimate": 0}
    for cls in DEVICE_REGISTRY.values():
        for name in cls.parameter_info():
            counts[classify_default(cls, name)] += 1
    return SourceCoverage(**counts)
