"""The shape every device model shares: a frozen, keyword-only dataclass whose numeric
parameters are declared with :func:`param` (unit, allowed range and the source ids of
the default). Parameters may be scalars or NumPy arrays; outputs broadcast.

Example::

    @register_device("photodetector")
    @dataclass(frozen=True, kw_only=True)
    class Photodetector(Device):
        responsivity_a_per_w: float = param(0.9, unit="A/W", sources=("DEV-31",), lo=0, lo_open=True)

Validation runs in ``__post_init__``: a NaN, text, or an out-of-range number raises a
``ConfigError`` naming ``Photodetector.responsivity_a_per_w``, the value and the range.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator, Mapping

import numpy as np

from cposim.errors import ConfigError
from cposim.references import resolve_sources
from cposim.references.sampling import active_factors, factor_for, sample_token
from cposim.validation import check_number

#: name -> device class, for ``cposim sources`` and the test over every model.
DEVICE_REGISTRY: dict[str, type["Model"]] = {}


def param(
    default: Any,
    *,
    unit: str,
    sources: tuple[str, ...] | str,
    lo: float | None = None,
    hi: float | None = None,
    lo_open: bool = False,
    hi_open: bool = False,
    integer: bool = False,
    doc: str = "",
) -> Any:
    """Declare a numeric device parameter with its unit, allowed range and cited sources."""
    if isinstance(sources, str):
        sources = (sources,)
    meta = {
        "unit": unit,
        "sources": tuple(sources),
        "lo": lo,
        "hi": hi,
        "lo_open": lo_open,
        "hi_open": hi_open,
        "integer": integer,
        "doc": doc,
    }
    return field(default=default, metadata=meta)


def register_device(name: str):
    """Class decorator: add a device class to :data:`DEVICE_REGISTRY` under ``name``."""

    def wrap(cls: type["Model"]) -> type["Model"]:
        if name in DEVICE_REGISTRY:
            raise RuntimeError(f"device name {name!r} registered twice")
        cls.registry_name = name
        DEVICE_REGISTRY[name] = cls
        return cls

    return wrap


@dataclass(frozen=True, kw_only=True)
class Model:
    """Base of every validated, sourced model (devices, link lanes, presets): checks
    parameters declared with :func:`param`.

    Subclasses may define ``_check(self)`` for cross-field rules, and list in
    ``outputs`` the names of properties that return numbers (used by the generic test
    that every model broadcasts over arrays).
    """

    registry_name: ClassVar[str] = ""
    outputs: ClassVar[tuple[str, ...]] = ()

    #: Per-instance citations that replace a parameter's default sources when a preset or
    #: a scenario sets the value (parameter name -> source ids). Not a physical parameter.
    cited: Mapping[str, tuple[str, ...]] = field(
        default_factory=dict, compare=False, repr=False, metadata={"bookkeeping": True}
    )

    def __post_init__(self) -> None:
        sampling = active_factors() is not None
        object.__setattr__(self, "_built_in_sample", sample_token())
        for f in dataclasses.fields(self):
            meta = f.metadata
            if "unit" not in meta:
                value = getattr(self, f.name)
                if sampling and isinstance(value, Model) and value is f.default:
                    object.__setattr__(self, f.name, value.sampled())  # a shared default built at import
                continue
            raw = getattr(self, f.name)
            if sampling and f.name not in self.cited and _is_default(raw, f.default):
                raw = sampled_value(raw, meta["sources"], meta)
            value = check_number(
                f"{type(self).__name__}.{f.name}",
                raw,
                unit=meta["unit"],
                lo=meta["lo"],
                hi=meta["hi"],
                lo_open=meta["lo_open"],
                hi_open=meta["hi_open"],
                integer=meta["integer"],
            )
            object.__setattr__(self, f.name, value)
        self._check()

    def _check(self) -> None:
        """Cross-field validation; override in subclasses."""

    def sampled(self) -> "Model":
        """This model as the active Monte Carlo sample sees it (:mod:`cposim.references.sampling`):
        itself outside a sample or when it was built inside this sample (its values are drawn
        already); otherwise a copy with every parameter drawn from its primary source, nested
        models too. For models built once at import (module constants), at their point of use."""
        if active_factors() is None or getattr(self, "_built_in_sample", None) == sample_token():
            return self
        changes: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if "unit" in f.metadata:
                if f.name not in self.cited and not _is_default(value, f.default):
                    continue  # an explicit value: left alone, as at construction
                new = sampled_value(value, tuple(self.cited.get(f.name, f.metadata["sources"])), f.metadata)
                if new is not value and not _is_default(new, value):
                    changes[f.name] = new
            elif isinstance(value, Model):
                new_model = value.sampled()
                if new_model is not value:
                    changes[f.name] = new_model
        if not changes:
            return self
        return dataclasses.replace(self, **changes)

    # ---- sources -----------------------------------------------------------------
    @classmethod
    def parameter_info(cls) -> dict[str, dict[str, Any]]:
        """For each declared parameter: default, unit, range and source ids."""
        out = {}
        for f in dataclasses.fields(cls):
            if "unit" in f.metadata:
                out[f.name] = {"default": f.default, **f.metadata}
        return out

    def source_ids(self) -> list[str]:
        """Source ids behind this device's parameters and those of nested devices."""
        ids: list[str] = []
        for name, ids_for in self._iter_sources():
            ids.extend(ids_for)
        return list(dict.fromkeys(ids))

    def _iter_sources(self) -> Iterator[tuple[str, tuple[str, ...]]]:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name in self.cited:
                yield f.name, tuple(self.cited[f.name])
            elif "sources" in f.metadata:
                yield f.name, f.metadata["sources"]
            elif isinstance(value, Model):
                for sub, ids in value._iter_sources():
                    yield f"{f.name}.{sub}", ids
            elif isinstance(value, (tuple, list)):
                for k, item in enumerate(value):
                    if isinstance(item, Model):
                        for sub, ids in item._iter_sources():
                            yield f"{f.name}[{k}].{sub}", ids
            extra = getattr(type(self), "extra_sources", {})
            if f.name in extra and f.name not in self.cited:
                yield f.name, tuple(extra[f.name])
        formula = getattr(type(self), "formula_sources", ())
        if isinstance(formula, Mapping):
            for what, ids in formula.items():
                yield f"({what})", tuple(ids)
        elif formula:
            yield "(formulas)", tuple(formula)

    def sources_by_parameter(self) -> dict[str, tuple[str, ...]]:
        """Mapping parameter path -> source ids (nested devices use dotted paths)."""
        merged: dict[str, tuple[str, ...]] = {}
        for name, ids in self._iter_sources():
            merged[name] = tuple(dict.fromkeys(merged.get(name, ()) + tuple(ids)))
        return merged

    def sources(self):
        """The reference-table rows behind this device, each once."""
        return resolve_sources(self.source_ids())

    def replace(self, **changes: Any) -> "Model":
        """A copy with some parameters changed (validated again)."""
        return dataclasses.replace(self, **changes)

    def with_cited(self, sources: Mapping[str, tuple[str, ...] | str], **changes: Any) -> "Model":
        """A copy with parameters changed AND the source ids that justify the new values.

        Presets use this so that every number they set names its source, e.g.
        ``laser.with_cited({"output_power_w": "CPS-PRE-01"}, output_power_w=0.07)``.
        """
        unknown = set(sources) - set(changes)
        if unknown:
            raise ValueError(f"citations given for parameters not changed: {sorted(unknown)}")
        cited = dict(self.cited)
        cited.update({k: (v,) if isinstance(v, str) else tuple(v) for k, v in sources.items()})
        if active_factors() is not None:
            meta = {f.name: f.metadata for f in dataclasses.fields(self)}
            changes = {k: sampled_value(v, cited[k], meta[k]) if k in cited and "unit" in meta.get(k, {}) else v
                       for k, v in changes.items()}
        return dataclasses.replace(self, cited=cited, **changes)


def _is_default(value: Any, default: Any) -> bool:
    """True when ``value`` is the field's own default (a scalar equal to it)."""
    if value is default:
        return True
    if default is dataclasses.MISSING or np.ndim(value) or np.ndim(default):
        return False
    try:
        return bool(value == default)
    except (TypeError, ValueError):
        return False


def sampled_value(value: Any, ids: tuple[str, ...], meta: Mapping[str, Any]) -> Any:
    """``value`` times the active Monte Carlo factor of its primary source ``ids[0]``
    (:mod:`cposim.references.sampling`), kept inside the parameter's allowed range; the value
    itself when no sample is active, the row is not sampled, or the parameter is an integer
    or not a number."""
    if meta.get("integer") or isinstance(value, (bool, str)) or not isinstance(value, (int, float, np.floating)):
        return value
    factor = factor_for(tuple(ids))
    if factor is None:
        return value
    out = float(value) * factor
    lo, hi = meta.get("lo"), meta.get("hi")
    if lo is not None and out <= lo:
        out = float(np.nextafter(lo, np.inf)) if meta.get("lo_open") else float(lo)
    if hi is not None and out >= hi:
        out = float(np.nextafter(hi, -np.inf)) if meta.get("hi_open") else float(hi)
    return out


@dataclass(frozen=True, kw_only=True)
class Device(Model):
    """Base of all device models (one family per module under ``cposim.devices``)."""


def set_path(model: Model, path: str, value: Any) -> Model:
    """A copy of ``model`` with the parameter at dotted ``path`` (e.g. ``fiber.length_m``) set
    to ``value`` (validated like any construction)."""
    head, _, rest = path.partition(".")
    names = {f.name for f in dataclasses.fields(model)}
    if head not in names:
        raise ConfigError(path, head, f"is not a parameter of {type(model).__name__}")
    if rest:
        inner = getattr(model, head)
        if not isinstance(inner, Model):
            raise ConfigError(path, head, "is not a component with parameters")
        return dataclasses.replace(model, **{head: set_path(inner, rest, value)})
    return dataclasses.replace(model, **{head: value})


def get_path(model: Model, path: str) -> Any:
    """The value of the parameter at dotted ``path`` of ``model``."""
    for part in path.split("."):
        model = getattr(model, part)
    return model


def as_array(x: Any) -> np.ndarray:
    """Float array view of a parameter (scalars become 0-d arrays)."""
    return np.asarray(x, dtype=float)
