"""Parameter spaces over scenario paths, and how points are drawn from them.

A :class:`Parameter` is one swept setting (``link.fiber.length``, ``link.source.power_class``,
``fabric.gpus``): either a finite list of *levels* (explicit values, or a range cut into
``steps`` or by ``step``) or a continuous range ``[lo, hi]`` on a linear or log scale. Units
are parsed at the edge by :func:`cposim.scenario.quantity.parse_quantity`; values are then SI
numbers (or category names) checked against the model's allowed range.

A :class:`ParameterSpace` draws points:

* ``grid``: the full factorial of every parameter's levels, C order (the last parameter
  varies fastest); point ``i`` is ``numpy.unravel_index(i, shape)``.
* ``random``: independent uniform draws (log-uniform on a log scale; uniform choice among
  levels) from ``numpy.random.default_rng(seed)``, parameters in declared order.
* ``latin-hypercube``: ``scipy.stats.qmc.LatinHypercube`` (CPS-EXP-01), seeded; a level is
  picked by the stratum its coordinate falls in.

Every draw depends only on the space (seed included), never on how the points are split into
tasks or on the number of workers.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Mapping, Sequence

import numpy as np

from cposim.errors import ConfigError
from cposim.scenario.quantity import parse_quantity
from cposim.validation import check_choice, check_number

SAMPLING_METHODS = ("grid", "random", "latin-hypercube")
_METHOD_ALIASES = {"lhs": "latin-hypercube", "latin_hypercube": "latin-hypercube", "factorial": "grid"}
SCALES = ("linear", "log")
#: Most points one sweep may have (grid product or sample count).
MAX_POINTS = 1_000_000_000
#: Most levels one parameter may have when a range is cut into levels.
MAX_LEVELS = 10_000_000
PARAMETER_KEYS = ("value", "values", "range", "steps", "step", "scale")


@dataclass(frozen=True)
class ParameterInfo:
    """What a target knows about one sweepable path.

    Attributes:
        path: the path as the user writes it (``link.fiber.length``).
        key: the target's internal name for it (``fiber.length_m``).
        unit: SI unit of the values (``m``, ``dB``, ``bit/s``; ``1`` for ratios and counts;
            empty for a category).
        kind: ``number`` or ``category``.
        lo, hi, lo_open, hi_open, integer: the model's allowed range (None: unbounded).
        choices: allowed category names (None: not enumerable here; the model checks).
        sources: source ids of the model's default value.
        default: the value the target uses when the path is not swept.
    """

    path: str
    key: str
    unit: str
    kind: str = "number"
    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    hi_open: bool = False
    integer: bool = False
    choices: tuple[str, ...] | None = None
    sources: tuple[str, ...] = ()
    default: Any = None

    @property
    def is_category(self) -> bool:
        """True for a named choice (laser class, architecture), False for a number."""
        return self.kind == "category"


@dataclass(frozen=True)
class Parameter:
    """One swept parameter: discrete ``levels`` or a continuous ``[lo, hi]`` on ``scale``."""

    info: ParameterInfo
    levels: np.ndarray | None = None
    lo: float | None = None
    hi: float | None = None
    scale: str = "linear"

    @property
    def path(self) -> str:
        """The user's path (``link.fiber.length``)."""
        return self.info.path

    @property
    def is_discrete(self) -> bool:
        """True when the parameter takes one of a finite list of levels."""
        return self.levels is not None

    @property
    def n_levels(self) -> int:
        """Number of levels (discrete parameters only)."""
        if self.levels is None:
            raise ConfigError(f"parameters.{self.path}", "range", "is continuous; it has no levels")
        return int(self.levels.size)

    def describe(self) -> dict[str, Any]:
        """JSON-ready description (SI values, unit, sources); also the sweep's fingerprint input."""
        out: dict[str, Any] = {"path": self.path, "unit": self.info.unit, "kind": self.info.kind,
                               "sources": list(self.info.sources)}
        if self.levels is not None:
            out["levels"] = [str(v) if self.info.is_category else float(v) for v in self.levels]
        else:
            out.update({"lo": float(self.lo), "hi": float(self.hi), "scale": self.scale})
        return out


@dataclass(frozen=True)
class Sampling:
    """How points are drawn: ``method`` (grid, random, latin-hypercube), ``points`` and ``seed``
    (required for the random methods, unused by a grid)."""

    method: str = "grid"
    points: int | None = None
    seed: int | None = None

    def describe(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"method": self.method, "points": self.points, "seed": self.seed}


@dataclass(frozen=True)
class ParameterSpace:
    """Swept parameters and the sampling that turns them into points."""

    parameters: tuple[Parameter, ...]
    sampling: Sampling = field(default_factory=Sampling)

    def __post_init__(self) -> None:
        if not self.parameters:
            raise ConfigError("parameters", {}, "is empty; name at least one parameter to sweep")
        paths = [p.path for p in self.parameters]
        if len(set(paths)) != len(paths):
            dup = next(p for p in paths if paths.count(p) > 1)
            raise ConfigError(f"parameters.{dup}", dup, "is named twice")
        if self.sampling.method == "grid":
            for p in self.parameters:
                if not p.is_discrete:
                    raise ConfigError(f"parameters.{p.path}", "range", "is continuous; a grid needs `steps`, "
                                      "`step` or `values` for every parameter")
            total = 1
            for p in self.parameters:
                total *= p.n_levels
            if total > MAX_POINTS:
                raise ConfigError("sampling", total, f"grid points exceed the limit of {MAX_POINTS:g}")

    @property
    def paths(self) -> tuple[str, ...]:
        """Parameter paths in declared order."""
        return tuple(p.path for p in self.parameters)

    @property
    def is_grid(self) -> bool:
        """True for a full factorial grid."""
        return self.sampling.method == "grid"

    @property
    def shape(self) -> tuple[int, ...]:
        """Grid shape (levels per parameter, declared order); grid sampling only."""
        if not self.is_grid:
            raise ConfigError("sampling.method", self.sampling.method, "is not a grid; it has no shape")
        return tuple(p.n_levels for p in self.parameters)

    @property
    def size(self) -> int:
        """Number of points."""
        if self.is_grid:
            return int(np.prod(self.shape, dtype=np.int64))
        return int(self.sampling.points)

    def points(self, start: int = 0, stop: int | None = None) -> dict[str, np.ndarray]:
        """Points ``start`` .. ``stop - 1``: path -> 1-D array (floats in SI, or category names)."""
        stop = self.size if stop is None else stop
        if not 0 <= start <= stop <= self.size:
            raise ConfigError("points", (start, stop), f"is outside 0 .. {self.size}")
        if self.is_grid:
            index = np.unravel_index(np.arange(start, stop, dtype=np.int64), self.shape)
            return {p.path: p.levels[i] for p, i in zip(self.parameters, index)}
        return {path: column[start:stop] for path, column in self._samples.items()}

    @cached_property
    def _samples(self) -> dict[str, np.ndarray]:
        n = int(self.sampling.points)
        if self.sampling.method == "random":
            rng = np.random.default_rng(self.sampling.seed)
            return {p.path: _draw_random(p, rng, n) for p in self.parameters}
        from scipy.stats import qmc

        u = qmc.LatinHypercube(d=len(self.parameters), rng=np.random.default_rng(self.sampling.seed)).random(n)
        return {p.path: _from_unit(p, u[:, j]) for j, p in enumerate(self.parameters)}

    def describe(self) -> dict[str, Any]:
        """JSON-ready description of the parameters and the sampling."""
        return {"parameters": [p.describe() for p in self.parameters], "sampling": self.sampling.describe()}


def _draw_random(p: Parameter, rng: np.random.Generator, n: int) -> np.ndarray:
    if p.is_discrete:
        return p.levels[rng.integers(0, p.n_levels, n)]
    if p.scale == "log":
        return np.clip(np.exp(rng.uniform(np.log(p.lo), np.log(p.hi), n)), p.lo, p.hi)
    return rng.uniform(p.lo, p.hi, n)


def _from_unit(p: Parameter, u: np.ndarray) -> np.ndarray:
    """Map coordinates in [0, 1) onto the parameter: a level per stratum, or the range."""
    if p.is_discrete:
        return p.levels[np.minimum((u * p.n_levels).astype(np.int64), p.n_levels - 1)]
    if p.scale == "log":
        return np.clip(np.exp(np.log(p.lo) + u * (np.log(p.hi) - np.log(p.lo))), p.lo, p.hi)
    return p.lo + u * (p.hi - p.lo)


# ---- parsing at the edge ------------------------------------------------------------------------

def parse_sampling(raw: Any) -> Sampling:
    """``{method: grid}`` or ``{method: latin-hypercube, points: 1000, seed: 7}`` -> :class:`Sampling`."""
    if raw is None:
        return Sampling()
    if isinstance(raw, str):
        raw = {"method": raw}
    if not isinstance(raw, Mapping):
        raise ConfigError("sampling", raw, "must be a mapping: {method: grid|random|latin-hypercube, points, seed}")
    _reject_unknown("sampling", raw, ("method", "points", "seed"))
    method = raw.get("method", "grid")
    method = _METHOD_ALIASES.get(method, method) if isinstance(method, str) else method
    check_choice("sampling.method", method, SAMPLING_METHODS)
    if method == "grid":
        for key in ("points", "seed"):
            if key in raw:
                raise ConfigError(f"sampling.{key}", raw[key], "applies to random and latin-hypercube sampling; "
                                  "a grid's size is the product of the levels")
        return Sampling()
    points = raw.get("points")
    if points is None:
        raise ConfigError("sampling.points", None, f"is missing; {method} sampling needs a number of points")
    if isinstance(points, bool) or not isinstance(points, int) or not 1 <= points <= MAX_POINTS:
        raise ConfigError("sampling.points", points, f"is not a whole number from 1 to {MAX_POINTS:g}")
    seed = raw.get("seed")
    if seed is None:
        raise ConfigError("sampling.seed", None, f"is missing; {method} sampling needs an explicit seed "
                          "(same seed, same points)")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ConfigError("sampling.seed", seed, "is not a whole number >= 0")
    return Sampling(method=method, points=points, seed=seed)


def parse_parameter(info: ParameterInfo, raw: Any) -> Parameter:
    """A parameter from its spec entry: a constant, a list of values, or a mapping with
    ``values`` / ``value`` / ``range`` (+ ``steps`` or ``step``, ``scale``). Values may carry units.

    Raises:
        ConfigError: naming ``parameters.<path>``: unknown key, bad unit, empty range,
            value outside the model's allowed range, category not allowed.
    """
    where = f"parameters.{info.path}"
    if isinstance(raw, Mapping):
        _reject_unknown(where, raw, PARAMETER_KEYS)
        spec = dict(raw)
    elif isinstance(raw, (list, tuple)):
        spec = {"values": list(raw)}
    else:
        spec = {"value": raw}
    given = [k for k in ("value", "values", "range") if k in spec]
    if len(given) != 1:
        what = " and ".join(given) if given else "none of value, values, range"
        raise ConfigError(where, raw, f"gives {what}; expected exactly one of `value`, `values` or `range`")
    if "range" not in spec:
        for key in ("steps", "step", "scale"):
            if key in spec:
                raise ConfigError(f"{where}.{key}", spec[key], "applies to a `range` only")
        values = [spec["value"]] if "value" in spec else spec["values"]
        if not isinstance(values, (list, tuple)):
            raise ConfigError(f"{where}.values", values, "must be a list")
        return Parameter(info=info, levels=_levels_from_values(info, values, f"{where}.values"))
    return _parameter_from_range(info, spec, where)


def _levels_from_values(info: ParameterInfo, values: Sequence[Any], where: str) -> np.ndarray:
    if len(values) == 0:
        raise ConfigError(where, [], "is empty; give at least one value")
    if info.is_category:
        names = []
        for v in values:
            if not isinstance(v, str):
                raise ConfigError(where, v, "is not a name; expected text such as "
                                  f"{(info.choices or ('a name',))[0]!r}")
            if info.choices is not None:
                check_choice(where, v, info.choices)
            names.append(v)
        levels = np.array(names, dtype=str)
    else:
        levels = np.array([parse_quantity(where, v, info.unit) for v in values], dtype=float)
        _check_model_range(info, levels, where)
    if np.unique(levels).size != levels.size:
        dup = next(v for v in levels if np.count_nonzero(levels == v) > 1)
        raise ConfigError(where, dup.item() if hasattr(dup, "item") else dup, "is listed twice", unit=info.unit)
    return levels


def _parameter_from_range(info: ParameterInfo, spec: Mapping[str, Any], where: str) -> Parameter:
    if info.is_category:
        raise ConfigError(f"{where}.range", spec["range"], "is a range, but this parameter is a choice of names; "
                          f"give `values`{_choices_hint(info)}")
    rng = spec["range"]
    if not isinstance(rng, (list, tuple)) or len(rng) != 2:
        raise ConfigError(f"{where}.range", rng, "must be a list of two values [lo, hi]")
    lo, hi = (parse_quantity(f"{where}.range", v, info.unit) for v in rng)
    if not lo < hi:
        raise ConfigError(f"{where}.range", [lo, hi], f"is empty; expected lo < hi (in {info.unit or 'plain numbers'})")
    _check_model_range(info, np.array([lo, hi]), f"{where}.range")
    scale = spec.get("scale", "linear")
    check_choice(f"{where}.scale", scale, SCALES)
    if scale == "log" and lo <= 0:
        raise ConfigError(f"{where}.range", [lo, hi], "must be positive on a log scale", unit=info.unit)
    if "steps" in spec and "step" in spec:
        raise ConfigError(where, dict(spec), "gives both `steps` and `step`; use one")
    if "steps" in spec:
        steps = spec["steps"]
        if isinstance(steps, bool) or not isinstance(steps, int) or not 2 <= steps <= MAX_LEVELS:
            raise ConfigError(f"{where}.steps", steps, f"is not a whole number from 2 to {MAX_LEVELS:g} "
                              "(use `value` for a constant)")
        levels = np.geomspace(lo, hi, steps) if scale == "log" else np.linspace(lo, hi, steps)
        levels[0], levels[-1] = lo, hi
        return Parameter(info=info, levels=_integer_levels(info, levels, f"{where}.steps"))
    if "step" in spec or info.integer:
        if scale == "log":
            raise ConfigError(f"{where}.step", spec.get("step", 1), "applies to a linear scale; use `steps` on a log "
                              "scale")
        step = parse_quantity(f"{where}.step", spec.get("step", 1.0), info.unit)
        if step <= 0:
            raise ConfigError(f"{where}.step", step, "is not positive", unit=info.unit)
        count = int(np.floor((hi - lo) / step * (1 + 1e-12))) + 1
        if count > MAX_LEVELS:
            raise ConfigError(f"{where}.step", step, f"cuts the range into {count:g} levels; at most {MAX_LEVELS:g}",
                              unit=info.unit)
        levels = lo + step * np.arange(count, dtype=float)
        return Parameter(info=info, levels=_integer_levels(info, levels, f"{where}.step"))
    return Parameter(info=info, lo=lo, hi=hi, scale=scale)


def _integer_levels(info: ParameterInfo, levels: np.ndarray, where: str) -> np.ndarray:
    if info.integer:
        check_number(where, levels, unit=info.unit, integer=True)
    return levels


def _check_model_range(info: ParameterInfo, values: np.ndarray, where: str) -> None:
    check_number(where, values, unit=info.unit, lo=info.lo, hi=info.hi, lo_open=info.lo_open, hi_open=info.hi_open,
                 integer=info.integer)


def _choices_hint(info: ParameterInfo) -> str:
    return f" from {', '.join(info.choices)}" if info.choices else ""


def _reject_unknown(where: str, raw: Mapping[str, Any], allowed: Sequence[str]) -> None:
    for key in raw:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), list(allowed), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConfigError(f"{where}.{key}", key, f"is not a known key{hint} (valid: {', '.join(allowed)})")
