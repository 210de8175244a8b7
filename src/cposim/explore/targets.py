"""What a sweep evaluates: a target turns a batch of points into output arrays.

Three targets, each in its own module:

* ``link`` (:mod:`~cposim.explore.target_link`): the link engine on a preset or scenario lane,
  vectorised through :func:`cposim.link.sweep.evaluate_points`; paths ``link.<component>.<setting>``.
* ``architecture`` (:mod:`~cposim.explore.target_architecture`): per-port architecture comparison
  through :func:`cposim.package.compare.compare_sweep` (optical, vectorised) and
  :func:`cposim.package.architectures.evaluate_port` (copper, one solve per distinct length);
  paths ``architecture.<knob>``.
* ``fabric`` (:mod:`~cposim.explore.target_fabric`): the cluster roll-up
  :func:`cposim.fabric.cluster.cluster`, vectorised over ``fabric.gpus``.

Category parameters (and settings a model takes only as a single number) split a batch into
groups, one vectorised model call per group. A point's result depends only on that point and
the batch it belongs to is fixed by the sweep, so results do not depend on the backend or the
number of workers.
"""

from __future__ import annotations

import dataclasses
import difflib
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, ClassVar, Iterator, Mapping, Sequence

import numpy as np

from cposim.errors import ConfigError, PhysicsError
from cposim.explore.space import ParameterInfo, ParameterSpace

TARGET_KINDS = ("link", "architecture", "fabric")


class Target(ABC):
    """A model a sweep can evaluate over batches of points (picklable: it travels to workers)."""

    kind: ClassVar[str] = ""

    @abstractmethod
    def parameter(self, path: str) -> ParameterInfo:
        """What ``path`` means here (unit, range, default); a ConfigError naming it if unknown."""

    @abstractmethod
    def output_units(self) -> dict[str, str]:
        """Every output this target can compute -> its unit."""

    @property
    @abstractmethod
    def default_outputs(self) -> tuple[str, ...]:
        """Outputs computed when a spec names none."""

    @abstractmethod
    def evaluate(self, columns: Mapping[str, np.ndarray], outputs: Sequence[str]) -> dict[str, np.ndarray]:
        """Outputs at a batch of points (path -> 1-D array, equal lengths) -> name -> 1-D array."""

    def check_space(self, space: ParameterSpace, outputs: Sequence[str]) -> None:
        """Checks that need the whole space (reach, lane rates); cheap, before anything runs."""

    @abstractmethod
    def describe(self) -> dict[str, Any]:
        """JSON-ready description (kind, base model, settings) for manifests and attributes."""

    @abstractmethod
    def source_ids(self) -> list[str]:
        """Reference ids behind the target's default numbers."""

    def check_outputs(self, outputs: Sequence[str] | None) -> tuple[str, ...]:
        """The outputs to compute (default if None), each one known."""
        if outputs is None:
            return tuple(self.default_outputs)
        if isinstance(outputs, str):
            outputs = [outputs]
        if not isinstance(outputs, (list, tuple)) or not outputs:
            raise ConfigError("outputs", outputs, f"must be a non-empty list of names from {', '.join(self.output_units())}")
        known = self.output_units()
        for name in outputs:
            if not isinstance(name, str) or name not in known:
                close = difflib.get_close_matches(str(name), list(known), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise ConfigError("outputs", name, f"is not an output of the {self.kind} target{hint} "
                                  f"(valid: {', '.join(known)})")
        if len(set(outputs)) != len(outputs):
            raise ConfigError("outputs", list(outputs), "names an output twice")
        return tuple(outputs)


def evaluate_batch(target: Target, columns: Mapping[str, np.ndarray], outputs: Sequence[str]) -> dict[str, np.ndarray]:
    """``target.evaluate`` with its contract enforced: float64 arrays of the batch length, finite."""
    sizes = {np.asarray(v).shape[0] for v in columns.values()}
    if len(sizes) != 1:
        raise ConfigError("points", sorted(sizes), "have different lengths")
    n = sizes.pop()
    raw = target.evaluate(columns, outputs)
    out: dict[str, np.ndarray] = {}
    for name in outputs:
        arr = np.ascontiguousarray(np.broadcast_to(np.asarray(raw[name], dtype=np.float64), (n,)))
        if not np.all(np.isfinite(arr)):
            bad = int(np.flatnonzero(~np.isfinite(arr))[0])
            where = ", ".join(f"{k}={columns[k][bad]}" for k in columns)
            raise PhysicsError(f"{target.kind} output {name} is not finite (NaN or inf) at {where}; check the inputs")
        out[name] = arr
    return out


def groups(columns: Mapping[str, np.ndarray], keys: Sequence[str]) -> Iterator[tuple[dict[str, Any], np.ndarray]]:
    """Split a batch by the values of ``keys``: yields (key -> value, indices of the points).

    Groups come in sorted order of the key values; with no keys, one group of every point.
    """
    n = next(iter(columns.values())).shape[0] if columns else 0
    present = [k for k in keys if k in columns]
    if not present:
        yield {}, np.arange(n)
        return
    codes = np.zeros(n, dtype=np.int64)
    for k in present:
        u, inverse = np.unique(columns[k], return_inverse=True)
        # re-number after each key so the combined code stays below the batch length
        codes = np.unique(codes * u.size + inverse.ravel(), return_inverse=True)[1].ravel()
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    bounds = np.flatnonzero(np.diff(sorted_codes)) + 1
    for idx in np.split(order, bounds):
        if idx.size == 0:
            continue
        first = idx[0]
        yield {k: columns[k][first].item() for k in present}, np.sort(idx)


def info_from_field(path: str, key: str, model: Any, name: str) -> ParameterInfo:
    """A :class:`ParameterInfo` from a model field declared with :func:`cposim.devices.base.param`."""
    f = {x.name: x for x in dataclasses.fields(model)}[name]
    meta = f.metadata
    cited = getattr(model, "cited", {}) or {}
    sources = tuple(cited.get(name, meta.get("sources", ())))
    value = getattr(model, name)
    default = float(value) if np.ndim(value) == 0 and value is not None else None
    return ParameterInfo(path=path, key=key, unit=meta["unit"], kind="number", lo=meta["lo"], hi=meta["hi"],
                         lo_open=meta["lo_open"], hi_open=meta["hi_open"], integer=meta["integer"], sources=sources,
                         default=default)


def unknown_path(path: str, key: str, allowed: Sequence[str], what: str) -> ConfigError:
    """The error for a path segment ``key`` that is not one of ``allowed``."""
    close = difflib.get_close_matches(str(key), list(allowed), n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return ConfigError(f"parameters.{path}", key, f"is not a known setting of {what}{hint} "
                       f"(valid: {', '.join(sorted(allowed))})")


def build_target(raw: Any, *, base_dir: Path | None = None) -> Target:
    """The target a spec names: ``link`` / ``architecture`` / ``fabric`` or a mapping
    ``{kind: link, preset: NAME | scenario: FILE, overrides: {...}}`` (``{kind: fabric,
    workload: true}``). A scenario path is relative to ``base_dir``."""
    if raw is None:
        raise ConfigError("target", None, f"is missing; expected one of {', '.join(TARGET_KINDS)}")
    spec = {"kind": raw} if isinstance(raw, str) else raw
    if not isinstance(spec, Mapping):
        raise ConfigError("target", raw, f"must be a name ({', '.join(TARGET_KINDS)}) or a mapping with `kind`")
    spec = dict(spec)
    kind = spec.pop("kind", None)
    if kind not in TARGET_KINDS:
        close = difflib.get_close_matches(str(kind), TARGET_KINDS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ConfigError("target.kind", kind, f"is not a sweep target{hint} (valid: {', '.join(TARGET_KINDS)})")
    if kind == "link":
        from cposim.explore.target_link import link_target

        return link_target(spec, base_dir=base_dir)
    if kind == "architecture":
        from cposim.explore.target_architecture import architecture_target

        return architecture_target(spec)
    from cposim.explore.target_fabric import fabric_target

    return fabric_target(spec)


def reject_unknown_keys(where: str, spec: Mapping[str, Any], allowed: Sequence[str]) -> None:
    """A ConfigError for the first key of ``spec`` not in ``allowed`` (with a suggestion)."""
    for key in spec:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), list(allowed), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            shown = ", ".join(allowed) if allowed else "none"
            raise ConfigError(f"{where}.{key}", key, f"is not a known key{hint} (valid: {shown})")
