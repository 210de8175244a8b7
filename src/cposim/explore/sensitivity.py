"""Which parameter moves an output (pJ/bit, MW, goodput, margin) most.

Two views, each ranking the parameters:

* global, from a finished random / Latin-hypercube (or grid) sample, no extra model runs:
  the first-order variance-based index ``S_i = Var(E[Y|X_i]) / Var(Y)`` estimated as the
  correlation ratio over equal-count bins of ``X_i`` (one bin per category; CPS-EXP-02), and the
  Spearman rank correlation (monotone direction; CPS-EXP-03). :func:`rank_parameters`.
* local, one at a time around a base point (the middle of every range; CPS-EXP-04): the swing of
  the output when one parameter goes from its low to its high end, and the elasticity
  ``(dY/dx)(x/Y)`` by central difference. :func:`one_at_a_time` (any function) and
  :func:`one_at_a_time_spec` (a sweep's target).

Results are plain numbers: an index is 0 (not NaN) when the output does not vary, an elasticity
is None where it is undefined (category, x = 0 or Y = 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from cposim.errors import ConfigError
from cposim.explore.space import Parameter, ParameterSpace

MIN_SAMPLES = 8
MAX_BINS = 100
#: Points per distinct value, on average, for each value to be its own group.
MIN_PER_GROUP = 4


@dataclass(frozen=True)
class SensitivityRow:
    """Global sensitivity of one output to one parameter."""

    parameter: str
    first_order: float
    spearman: float | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"parameter": self.parameter, "first_order": round(self.first_order, 6),
                "spearman": None if self.spearman is None else round(self.spearman, 6)}


def _bin_codes(x: np.ndarray, bins: int) -> np.ndarray:
    """Group codes: one per distinct value (categories, grid levels, any value that repeats at
    least ``MIN_PER_GROUP`` times on average), else equal-count bins of the sorted values, ties
    kept in one bin."""
    uniques, inverse = np.unique(x, return_inverse=True)
    if x.dtype.kind not in "fiu" or uniques.size <= bins or (
            uniques.size <= MAX_BINS and uniques.size * MIN_PER_GROUP <= x.size):
        return inverse.ravel()
    order = np.argsort(x, kind="stable")
    ordered = x[order]
    first = np.searchsorted(ordered, ordered, side="left")
    codes = np.empty(x.size, dtype=np.int64)
    codes[order] = first * bins // x.size
    return codes


def first_order_index(x: np.ndarray, y: np.ndarray, *, bins: int | None = None) -> float:
    """Correlation ratio ``Var(E[Y|X]) / Var(Y)`` of a sample (CPS-EXP-02), in [0, 1].

    Args:
        x: parameter values (numbers or category names), 1-D.
        y: output values, 1-D, finite, same length.
        bins: equal-count bins for a numeric ``x`` (default ``sqrt(N)``, 2 ... 100).
    """
    x = np.asarray(x)
    y = np.asarray(y, dtype=float)
    _check_sample(x, y)
    bins = bins or int(np.clip(round(np.sqrt(y.size)), 2, MAX_BINS))
    codes = _bin_codes(x, bins)
    total = float(np.sum((y - y.mean()) ** 2))
    if total <= 0.0:
        return 0.0
    counts = np.bincount(codes)
    sums = np.bincount(codes, weights=y)
    used = counts > 0
    means = sums[used] / counts[used]
    between = float(np.sum(counts[used] * (means - y.mean()) ** 2))
    return float(np.clip(between / total, 0.0, 1.0))


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman rank correlation (CPS-EXP-03); 0 when either side is constant."""
    from scipy.stats import rankdata

    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    _check_sample(x, y)
    rx = rankdata(x) - (x.size + 1) / 2.0
    ry = rankdata(y) - (y.size + 1) / 2.0
    denom = float(np.sqrt(np.sum(rx * rx) * np.sum(ry * ry)))
    return 0.0 if denom == 0.0 else float(np.clip(np.sum(rx * ry) / denom, -1.0, 1.0))


def _check_sample(x: np.ndarray, y: np.ndarray) -> None:
    if x.shape != y.shape or x.ndim != 1:
        raise ConfigError("sample", (x.shape, y.shape), "must be 1-D arrays of one length")
    if y.size < MIN_SAMPLES:
        raise ConfigError("sample", y.size, f"points are too few for a sensitivity estimate; expected >= {MIN_SAMPLES}")
    if not np.all(np.isfinite(y)):
        raise ConfigError("sample", "NaN/inf", "output values are not finite")


def rank_parameters(params: Mapping[str, np.ndarray], y: np.ndarray, *,
                    bins: int | None = None) -> list[SensitivityRow]:
    """Parameters ranked by first-order index (then |Spearman|), most influential first.

    Args:
        params: parameter path -> values at the sample points (numbers or names).
        y: the output at the same points.
    """
    rows = []
    for name, x in params.items():
        x = np.asarray(x)
        numeric = x.dtype.kind in "fiu"
        rows.append(SensitivityRow(parameter=name, first_order=first_order_index(x, y, bins=bins),
                                   spearman=spearman(x, y) if numeric else None))
    return sorted(rows, key=lambda r: (-r.first_order, -abs(r.spearman or 0.0), r.parameter))


@dataclass(frozen=True)
class OatRow:
    """Local sensitivity of one output to one parameter (others at their base values)."""

    parameter: str
    base: Any
    low: Any
    high: Any
    y_low: float
    y_high: float
    swing: float
    elasticity: float | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        def plain(v):
            return v if isinstance(v, str) else float(v)

        return {"parameter": self.parameter, "base": plain(self.base), "low": plain(self.low),
                "high": plain(self.high), "y_low": self.y_low, "y_high": self.y_high, "swing": self.swing,
                "elasticity": self.elasticity}


def base_point(space: ParameterSpace) -> dict[str, Any]:
    """The middle of every parameter: mid-range (geometric on a log scale), the middle level,
    or the first listed category."""
    return {p.path: _base(p) for p in space.parameters}


def _base(p: Parameter) -> Any:
    if p.is_discrete:
        if p.info.is_category:
            return p.levels[0]
        ordered = np.sort(p.levels)
        return ordered[(ordered.size - 1) // 2]
    return float(np.sqrt(p.lo * p.hi)) if p.scale == "log" else 0.5 * (p.lo + p.hi)


def one_at_a_time(fn: Callable[[dict[str, np.ndarray]], np.ndarray], space: ParameterSpace, *,
                  rel_step: float = 1e-3) -> list[OatRow]:
    """Swing and elasticity of ``fn`` for each parameter of ``space``, largest |swing| first.

    Args:
        fn: path -> 1-D array of points -> 1-D array of output values (vectorised).
        space: the parameters and their ranges (the sampling is not used).
        rel_step: central-difference step as a fraction of a continuous range.
    """
    if not 0 < rel_step < 0.5:
        raise ConfigError("rel_step", rel_step, "must be between 0 and 0.5")
    base = base_point(space)
    plans: list[tuple[Parameter, list[Any]]] = []
    for p in space.parameters:
        if p.info.is_category:
            plans.append((p, list(p.levels)))
            continue
        lo, hi = (float(np.min(p.levels)), float(np.max(p.levels))) if p.is_discrete else (p.lo, p.hi)
        x0 = float(base[p.path])
        if p.is_discrete:
            ordered = np.sort(p.levels)
            k = int(np.searchsorted(ordered, x0))
            minus, plus = float(ordered[max(k - 1, 0)]), float(ordered[min(k + 1, ordered.size - 1)])
        else:
            h = rel_step * (hi - lo)
            minus, plus = max(lo, x0 - h), min(hi, x0 + h)
        plans.append((p, [lo, hi, minus, plus]))
    n = 1 + sum(len(v) for _, v in plans)
    columns = {p.path: np.full(n, base[p.path], dtype=p.levels.dtype if p.info.is_category else float)
               for p in space.parameters}
    row = 1
    spans = []
    for p, values in plans:
        columns[p.path][row:row + len(values)] = values
        spans.append((row, len(values)))
        row += len(values)
    y = np.asarray(fn(columns), dtype=float)
    if y.shape != (n,) or not np.all(np.isfinite(y)):
        raise ConfigError("one_at_a_time", y.shape, f"output must be {n} finite values")
    y0 = float(y[0])
    rows = []
    for (p, values), (start, count) in zip(plans, spans):
        ys = y[start:start + count]
        if p.info.is_category:
            k_lo, k_hi = int(np.argmin(ys)), int(np.argmax(ys))
            rows.append(OatRow(p.path, base[p.path], values[k_lo], values[k_hi], float(ys[k_lo]), float(ys[k_hi]),
                               float(ys[k_hi] - ys[k_lo]), None))
            continue
        lo, hi, minus, plus = values
        x0 = float(base[p.path])
        elasticity = None
        if plus > minus and x0 != 0.0 and y0 != 0.0:
            elasticity = float((ys[3] - ys[2]) / (plus - minus) * x0 / y0)
        rows.append(OatRow(p.path, x0, lo, hi, float(ys[0]), float(ys[1]), float(ys[1] - ys[0]), elasticity))
    return sorted(rows, key=lambda r: (-abs(r.swing), r.parameter))


def one_at_a_time_spec(spec, outputs: Sequence[str] | None = None, *, rel_step: float = 1e-3) -> dict[str, list[OatRow]]:
    """:func:`one_at_a_time` on a sweep's target for each of ``outputs`` (default: the spec's),
    evaluated in this process in one batch."""
    from cposim.explore.targets import evaluate_batch

    names = tuple(outputs or spec.outputs)
    spec.target.check_outputs(list(names))
    cache: dict[str, np.ndarray] = {}

    def fn_for(name: str):
        def fn(columns: dict[str, np.ndarray]) -> np.ndarray:
            if not cache:
                cache.update(evaluate_batch(spec.target, columns, names))
            return cache[name]
        return fn

    return {name: one_at_a_time(fn_for(name), spec.space, rel_step=rel_step) for name in names}
