"""A published figure, how cposim uses it, and the check of the model against it.

Every published number cposim compares itself with is used one of three ways (issue 11):

* ``identity``: the figure is an input of the model, or follows from its inputs by
  definition (a closed form, arithmetic of quoted figures). Meeting it shows the code still
  does what it says; it validates nothing.
* ``calibration``: a model parameter was set so that the model meets the figure. The case
  names the parameter(s) and the figure; meeting it shows the calibration still holds.
* ``prediction``: no parameter was set from the figure. Only predictions are validation.

Tolerances are the source's own precision, never wider: a figure quoted as ``9 W`` is
+-0.5 W, a range is its own bounds, a one-sided bound stays one-sided. A case that fails at
that precision is reported as failed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

CLASSES = ("identity", "calibration", "prediction")

#: README sections (the generated blocks of README.md) a case is shown in.
SECTIONS = ("validation", "architecture-validation", "engine-validation")


@dataclass(frozen=True)
class Calibrated:
    """One parameter set so that the model meets a figure."""

    parameter: str  #: where it lives, e.g. ``400g-dr4 dsp.energy_j_per_bit``
    reference: str  #: the reference row that holds the parameter's value, e.g. ``CPS-PRE-02``
    figure: str  #: the published figure it was set from, e.g. ``PWR-04``

    def text(self) -> str:
        return f"{self.reference} ({self.parameter}) from {self.figure}"


@dataclass(frozen=True)
class Case:
    """One published figure against cposim.

    ``compute`` returns the cposim value in ``unit``; the case passes when
    ``lo <= value <= hi`` (``None``: unbounded on that side).
    """

    id: str
    title: str
    sources: tuple[str, ...]
    published_text: str
    published: float | None
    unit: str
    klass: str
    how: str
    compute: Callable[[], float]
    lo: float | None
    hi: float | None
    tolerance_text: str
    tolerance_why: str
    sections: tuple[str, ...]
    calibrated: tuple[Calibrated, ...] = ()
    fmt: str = ".2f"
    note: Callable[[], str] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.klass not in CLASSES:
            raise ValueError(f"case {self.id}: class {self.klass!r} is not one of {CLASSES}")
        if self.klass == "calibration" and not self.calibrated:
            raise ValueError(f"case {self.id}: a calibration must name the parameter(s) set and the figure")
        if self.klass != "calibration" and self.calibrated:
            raise ValueError(f"case {self.id}: only a calibration names calibrated parameters")
        if not self.how.strip() or not self.tolerance_why.strip():
            raise ValueError(f"case {self.id}: how and tolerance_why are required")
        if self.lo is None and self.hi is None:
            raise ValueError(f"case {self.id}: a tolerance needs at least one bound")
        unknown = [s for s in self.sections if s not in SECTIONS]
        if unknown or not self.sections:
            raise ValueError(f"case {self.id}: sections {self.sections} (known: {SECTIONS})")

    @property
    def class_text(self) -> str:
        if self.klass == "calibration":
            return "calibration: " + "; ".join(c.text() for c in self.calibrated)
        return self.klass

    def evaluate(self) -> "CaseResult":
        value = float(self.compute())
        ok = (math.isfinite(value) and (self.lo is None or value >= self.lo)
              and (self.hi is None or value <= self.hi))
        return CaseResult(self, value, ok, self.note() if self.note else "")


@dataclass(frozen=True)
class CaseResult:
    case: Case
    value: float
    passed: bool
    note: str = ""

    @property
    def error(self) -> float | None:
        """cposim minus the published nominal; for a range or a bound without a nominal,
        the distance outside the bounds (0 inside)."""
        c = self.case
        if c.published is not None:
            return self.value - c.published
        if c.lo is not None and self.value < c.lo:
            return self.value - c.lo
        if c.hi is not None and self.value > c.hi:
            return self.value - c.hi
        return 0.0

    def value_text(self) -> str:
        unit = f" {self.case.unit}" if self.case.unit else ""
        text = f"{format(self.value, self.case.fmt)}{unit}"
        return f"{text} ({self.note})" if self.note else text

    def error_text(self) -> str:
        c, err = self.case, self.error
        if err is None:
            return "-"
        unit = f" {c.unit}" if c.unit else ""
        if c.published is None:
            return "inside" if err == 0 else f"{format(err, '+' + c.fmt)}{unit} outside"
        if float(format(err, c.fmt)) == 0:
            return "0"
        text = f"{format(err, '+' + c.fmt)}{unit}"
        if c.published != 0:
            text += f" ({err / abs(c.published) * 100:+.0f} %)"
        return text

    def verdict(self) -> str:
        return "pass" if self.passed else "fail"

    def to_json(self) -> dict:
        c = self.case
        return {
            "id": c.id, "title": c.title, "sources": list(c.sources), "class": c.klass,
            "calibrated": [{"parameter": k.parameter, "reference": k.reference, "figure": k.figure}
                           for k in c.calibrated],
            "how": c.how, "published_text": c.published_text, "published": c.published, "unit": c.unit,
            "cposim": self.value, "note": self.note, "error": self.error, "lo": c.lo, "hi": c.hi,
            "tolerance": c.tolerance_text, "tolerance_why": c.tolerance_why, "pass": self.passed,
            "sections": list(c.sections),
        }
