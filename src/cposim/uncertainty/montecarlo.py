"""Seeded Monte Carlo over the estimate rows: medians, 5/95 % bounds and the rows that drive
each headline.

Method (reference row CPS-UNC-01):

* every estimate row with a range (:mod:`cposim.references.ranges`) gets one factor per
  sample, drawn from a triangular distribution between the range's low and high factors
  with its mode at 1 (the row's nominal value); rows are drawn in sorted-id order from one
  ``numpy.random.Generator(PCG64(seed))``, so a seed gives the same samples whatever the
  headline, the machine or the set of rows the headline uses;
* the headline is rebuilt from scratch inside :func:`cposim.references.sampling.sampled`,
  so every parameter whose primary source is a sampled row is scaled by its factor;
* the result gives the nominal value (no sampling), the median and the 5 % / 95 %
  quantiles (linear interpolation, ``numpy.quantile``), and for each headline the rows
  ranked by the absolute Spearman rank correlation between the row's factor and the
  headline (CPS-EXP-03), listing only rows whose |rho| exceeds 3 / sqrt(n) (about three
  standard errors of rho for an unrelated row), so noise is not shown as a driver.

A sample in which the model refuses the sampled combination (a ``ConfigError``: a link that
no laser power closes, say) is counted per headline, grouped by kind and reported with the
bounds, never dropped silently: it says how often the design fails inside the ranges.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np
from scipy import stats

from cposim.errors import ConfigError
from cposim.references import all_sources
from cposim.references.ranges import estimate_ranges
from cposim.references.sampling import sampled

#: Largest number of samples one call may ask for (a bounded edge for every input).
MAX_SAMPLES = 100_000
#: Drivers listed per headline.
TOP_DRIVERS = 5


@dataclass(frozen=True)
class Driver:
    """One estimate row's pull on a headline."""

    row: str
    spearman: float  #: rank correlation of the row's factor with the headline, -1..1
    quantity: str
    low_factor: float
    high_factor: float

    def as_dict(self) -> dict:
        return {"row": self.row, "spearman": self.spearman, "quantity": self.quantity,
                "range_factor": [self.low_factor, self.high_factor]}


@dataclass(frozen=True)
class Bounds:
    """Nominal, median and 5/95 % bounds of one headline, with its drivers."""

    name: str
    unit: str
    nominal: float
    median: float
    p5: float
    p95: float
    drivers: tuple[Driver, ...]
    ok_samples: int = 0  #: samples the model accepted (the bounds are over these)
    refusals: tuple[str, ...] = ()  #: ``"count x example message"`` per kind of refusal

    def as_dict(self) -> dict:
        return {"unit": self.unit, "nominal": self.nominal, "median": self.median, "p5": self.p5,
                "p95": self.p95, "ok_samples": self.ok_samples, "refusals": list(self.refusals),
                "drivers": [d.as_dict() for d in self.drivers]}

    def text(self, fmt: str = ".3g") -> str:
        return (f"{format(self.median, fmt)} [{format(self.p5, fmt)} .. {format(self.p95, fmt)}] {self.unit}"
                f" (nominal {format(self.nominal, fmt)})")


@dataclass(frozen=True)
class UncertaintyResult:
    """The Monte Carlo of a set of headlines."""

    samples: int
    seed: int
    headlines: Mapping[str, Bounds]
    rows_applied: tuple[str, ...]
    method: str = "CPS-UNC-01"
    values: Mapping[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    def as_dict(self) -> dict:
        return {
            "samples": self.samples, "seed": self.seed,
            "method": self.method, "quantiles": [0.05, 0.5, 0.95],
            "rows_sampled": list(self.rows_applied),
            "headlines": {k: b.as_dict() for k, b in self.headlines.items()},
        }


def check_samples(n: object, seed: object) -> tuple[int, int]:
    """The bounded edge of ``--uncertainty N`` and ``--seed``: integers, 10 <= N <= MAX_SAMPLES,
    0 <= seed < 2**63."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 10 <= int(n) <= MAX_SAMPLES:
        raise ConfigError("--uncertainty", n, f"must be a whole number of samples from 10 to {MAX_SAMPLES:,}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= int(seed) < 2**63:
        raise ConfigError("--seed", seed, "must be a whole number from 0 to 2**63 - 1")
    return int(n), int(seed)


def draw_factors(n: int, seed: int) -> tuple[tuple[str, ...], np.ndarray]:
    """The sampled rows (sorted ids) and an ``(n, rows)`` array of factors."""
    ranges = [r for _, r in sorted(estimate_ranges().items()) if r.uncertain]
    rng = np.random.Generator(np.random.PCG64(seed))
    lo = np.array([r.low_factor for r in ranges])
    hi = np.array([r.high_factor for r in ranges])
    u = rng.random((n, len(ranges)))
    # inverse CDF of the triangular distribution on [lo, hi] with mode 1
    c = (1.0 - lo) / (hi - lo)
    left = lo + np.sqrt(u * (hi - lo) * (1.0 - lo))
    right = hi - np.sqrt((1.0 - u) * (hi - lo) * (hi - 1.0))
    return tuple(r.id for r in ranges), np.where(u < c, left, right)


def refusal_kind(message: str) -> str:
    """A refusal message with its numbers blanked, so that refusals of one kind group together."""
    return re.sub(r"[-+]?\d+(\.\d+)?(e[-+]?\d+)?", "#", message)


def run_uncertainty(headline_fn: Callable[[], Mapping[str, float | str]], units: Mapping[str, str], *,
                    samples: int, seed: int = 0) -> UncertaintyResult:
    """Evaluate ``headline_fn`` (which builds its models from scratch and returns
    ``{name: value}``) once nominally and ``samples`` times under sampled estimate rows.

    A value may be a text instead of a number: the model refused that headline in that
    sample (say why); a ``ConfigError`` raised by ``headline_fn`` refuses every headline of
    the sample. Refusals are counted per headline and grouped by kind.
    """
    samples, seed = check_samples(samples, seed)
    nominal_out = headline_fn()
    bad = {k: v for k, v in nominal_out.items() if isinstance(v, str)}
    if bad:
        k, why = next(iter(bad.items()))
        raise ConfigError("--uncertainty", k, f"has no nominal value to put bounds on ({why})")
    nominal = {k: float(v) for k, v in nominal_out.items()}
    rows, factors = draw_factors(samples, seed)
    values = {k: np.full(samples, np.nan) for k in nominal}
    applied: set[str] = set()
    refusals: dict[str, dict[str, list]] = {k: {} for k in nominal}

    def refuse(key: str, message: str) -> None:
        entry = refusals[key].setdefault(refusal_kind(message), [0, message])
        entry[0] += 1

    for i, out, used in _evaluate_samples(headline_fn, rows, factors):
        applied |= used
        if isinstance(out, ConfigError):
            for k in nominal:
                refuse(k, str(out))
            continue
        for k in nominal:
            v = out.get(k, "no value in this sample")
            if isinstance(v, str):
                refuse(k, v)
            elif math.isfinite(float(v)):
                values[k][i] = float(v)
            else:
                refuse(k, f"not a finite number ({v})")
    used_rows = tuple(r for r in rows if r in applied)
    table = all_sources()
    ranges = estimate_ranges()
    headlines = {}
    for k, v in values.items():
        ok = np.isfinite(v)
        if not ok.any():
            first = next(iter(refusals[k].values()), [0, "no finite result"])[1]
            raise ConfigError("--uncertainty", k, f"has no sample the model accepts (e.g. {first})")
        x = v[ok]
        drivers = []
        for j, r in enumerate(rows):
            if r not in applied:
                continue
            rho = _spearman(factors[ok, j], x)
            if rho is not None and abs(rho) > 3.0 / math.sqrt(x.size):
                drivers.append(Driver(r, rho, table[r].quantity, ranges[r].low_factor, ranges[r].high_factor))
        drivers.sort(key=lambda d: (-abs(d.spearman), d.row))
        q5, q50, q95 = (float(q) for q in np.quantile(x, [0.05, 0.5, 0.95]))
        groups = sorted(refusals[k].values(), key=lambda t: (-t[0], t[1]))
        headlines[k] = Bounds(k, units.get(k, ""), nominal[k], q50, q5, q95, tuple(drivers[:TOP_DRIVERS]),
                              int(ok.sum()), tuple(f"{c} x {m}" for c, m in groups))
    return UncertaintyResult(samples, seed, headlines, used_rows, values=values)


#: The job forked worker processes read (a closure cannot be pickled; a forked child inherits it).
_JOB: tuple[Callable[[], Mapping[str, float | str]], tuple[str, ...], np.ndarray] | None = None


def _one_sample(fn, rows, factors_row) -> tuple[Mapping[str, float | str] | ConfigError, set[str]]:
    with sampled(dict(zip(rows, factors_row))) as used:
        try:
            out: Mapping[str, float | str] | ConfigError = fn()
        except ConfigError as err:
            out = err
    return out, set(used)


def _block(indices: list[int]) -> list[tuple[int, Mapping[str, float | str] | ConfigError, set[str]]]:
    fn, rows, factors = _JOB  # type: ignore[misc]
    return [(i, *_one_sample(fn, rows, factors[i])) for i in indices]


def worker_count(samples: int) -> int:
    """Processes for a Monte Carlo: one per CPU (at most 16, at most one per 8 samples), 1 where
    the platform cannot fork. The samples are drawn before they are shared out and each is
    computed from scratch, so the result is the same for any count."""
    if "fork" not in mp.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, 16, samples // 8))


def _evaluate_samples(fn, rows, factors):
    """Yield ``(index, output or ConfigError, rows applied)`` for every sample, in index order."""
    global _JOB
    n = len(factors)
    workers = worker_count(n)
    if workers == 1:
        for i in range(n):
            yield (i, *_one_sample(fn, rows, factors[i]))
        return
    _JOB = (fn, rows, factors)
    blocks = [list(range(k, n, workers)) for k in range(workers)]
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork")) as pool:
            done = [item for part in pool.map(_block, blocks) for item in part]
    finally:
        _JOB = None
    yield from sorted(done, key=lambda t: t[0])


def _spearman(f: np.ndarray, x: np.ndarray) -> float | None:
    """Spearman's rho, ``None`` when either side is constant."""
    if np.ptp(f) == 0 or np.ptp(x) == 0:
        return None
    rho = float(stats.spearmanr(f, x).statistic)
    return rho if math.isfinite(rho) else None
