"""The ``link`` sweep target: the link engine on a preset or scenario lane.

Paths are the scenario file's: ``link.fiber.length``, ``link.source.power_class``,
``link.implementation_penalty``, ``link.tia.input_noise_density`` (names with or without their
unit suffix). Numeric settings are swept as arrays in one
:func:`cposim.link.sweep.evaluate_points` call per group; text settings (a laser power class,
the modulation) split the batch into groups.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from cposim.devices.base import Model
from cposim.errors import ConfigError
from cposim.explore.space import ParameterInfo, ParameterSpace
from cposim.explore.targets import Target, groups, info_from_field, reject_unknown_keys, unknown_path
from cposim.link.engine import LaneResult, evaluate
from cposim.link.sweep import DEFAULT_OUTPUTS, evaluate_points, set_path
from cposim.scenario.overrides import field_names

#: Outputs of the link target: name -> (function of a LaneResult, unit).
LINK_OUTPUTS: dict[str, tuple[Callable[[LaneResult], Any], str]] = {
    "margin_db": (DEFAULT_OUTPUTS["margin_db"], "dB"),
    "ber": (DEFAULT_OUTPUTS["ber"], "1"),
    "received_oma_dbm": (DEFAULT_OUTPUTS["received_oma_dbm"], "dBm"),
    "energy_pj_per_bit": (DEFAULT_OUTPUTS["energy_pj_per_bit"], "pJ/bit"),
    "module_power_w": (DEFAULT_OUTPUTS["module_power_w"], "W"),
    "port_power_w": (lambda r: r.energy.port_power_w, "W"),
}
PREFIX = "link."
#: Points per link-engine call inside a batch (bounds working memory; see cposim.link.sweep).
ENGINE_CHUNK = 65536
#: Text fields that are labels, not settings.
_NOT_SWEPT = ("name",)


@dataclass(frozen=True)
class LinkTarget(Target):
    """The link engine on ``lane`` (a preset's or a scenario's), named ``preset`` / ``name``."""

    lane: Model
    preset: str
    name: str

    kind = "link"

    @property
    def default_outputs(self) -> tuple[str, ...]:
        return ("margin_db", "ber", "energy_pj_per_bit", "module_power_w")

    def output_units(self) -> dict[str, str]:
        return {k: unit for k, (_, unit) in LINK_OUTPUTS.items()}

    def parameter(self, path: str) -> ParameterInfo:
        if not isinstance(path, str) or not path.startswith(PREFIX) or path == PREFIX:
            raise ConfigError(f"parameters.{path}", path, "is not a link path; expected link.<component>.<setting> "
                              "such as link.fiber.length")
        parts = path[len(PREFIX):].split(".")
        model: Any = self.lane
        keys: list[str] = []
        for i, part in enumerate(parts):
            allowed = field_names(model)
            if part not in allowed or allowed[part] in _NOT_SWEPT:
                raise unknown_path(path, part, [k for k, v in allowed.items() if v not in _NOT_SWEPT],
                                   type(model).__name__)
            name = allowed[part]
            keys.append(name)
            value = getattr(model, name)
            last = i == len(parts) - 1
            if not last:
                if not isinstance(value, Model):
                    raise ConfigError(f"parameters.{path}", part, "is a setting, not a component with settings")
                model = value
                continue
            if isinstance(value, Model):
                raise ConfigError(f"parameters.{path}", part, "is a component; sweep one of its settings, e.g. "
                                  f"{path}.{next(iter(field_names(value)))}")
            if value is None:
                raise ConfigError(f"parameters.{path}", part, f"is not part of the {self.preset} lane")
            key = ".".join(keys)
            fields = {f.name: f for f in dataclasses.fields(model)}
            if "unit" in fields[name].metadata:
                return info_from_field(path, key, model, name)
            if isinstance(value, str):
                return ParameterInfo(path=path, key=key, unit="", kind="category", default=value,
                                     sources=tuple(getattr(type(model), "extra_sources", {}).get(name, ())))
            raise ConfigError(f"parameters.{path}", part, "cannot be swept (not a number or a name)")
        raise ConfigError(f"parameters.{path}", path, "is not a link setting")

    def check_space(self, space: ParameterSpace, outputs: Sequence[str]) -> None:
        for p in space.parameters:
            if p.info.is_category:
                for level in p.levels:
                    try:
                        set_path(self.lane, p.info.key, str(level))
                    except ConfigError as err:
                        raise ConfigError(f"parameters.{p.path}", str(level), f"is not allowed: {err}") from None

    def evaluate(self, columns: Mapping[str, np.ndarray], outputs: Sequence[str]) -> dict[str, np.ndarray]:
        infos = {path: self.parameter(path) for path in columns}
        categories = [path for path, info in infos.items() if info.is_category]
        n = next(iter(columns.values())).shape[0]
        fns = {name: LINK_OUTPUTS[name][0] for name in outputs}
        result = {name: np.empty(n) for name in outputs}
        for fixed, idx in groups(columns, categories):
            lane = self.lane
            for path, value in fixed.items():
                lane = set_path(lane, infos[path].key, value)
            numeric = {infos[p].key: np.asarray(columns[p], dtype=float)[idx] for p in columns if p not in categories}
            if numeric:
                part = evaluate_points(lane, numeric, chunk_size=ENGINE_CHUNK, outputs=fns)
            else:
                res = evaluate(lane)
                part = {k: np.broadcast_to(np.asarray(fn(res), dtype=float), (idx.size,)) for k, fn in fns.items()}
            for name in outputs:
                result[name][idx] = part[name]
        return result

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "preset": self.preset, "name": self.name}

    def source_ids(self) -> list[str]:
        return self.lane.source_ids()


def link_target(spec: Mapping[str, Any], *, base_dir: Path | None = None) -> LinkTarget:
    """``{preset: NAME}`` or ``{scenario: FILE}`` plus optional scenario-style ``overrides``."""
    from cposim.presets import DEFAULT_PRESET, PRESETS, get_preset
    from cposim.scenario.loader import read_document, scenario_from_mapping
    from cposim.scenario.overrides import apply_overrides

    reject_unknown_keys("target", spec, ("preset", "scenario", "overrides"))
    if "preset" in spec and "scenario" in spec:
        raise ConfigError("target", dict(spec), "names both a preset and a scenario; give one")
    if "scenario" in spec:
        raw = spec["scenario"]
        if not isinstance(raw, str):
            raise ConfigError("target.scenario", raw, "is not a file name")
        path = Path(raw)
        if base_dir is not None and not path.is_absolute():
            path = base_dir / path
        try:
            scenario = scenario_from_mapping(read_document(path), {k: p.build for k, p in PRESETS.items()})
        except ConfigError as err:
            raise err.with_prefix("target.scenario") from None
        lane, preset, name = scenario.link, scenario.preset, scenario.name
    else:
        preset = spec.get("preset", DEFAULT_PRESET)
        if not isinstance(preset, str):
            raise ConfigError("target.preset", preset, "is not a preset name; see `cposim presets`")
        try:
            lane = get_preset(preset).build()
        except ConfigError as err:
            raise ConfigError("target.preset", preset, err.expected) from None
        name = preset
    if "overrides" in spec:
        lane = apply_overrides(lane, spec["overrides"], "target.overrides")
    return LinkTarget(lane=lane, preset=preset, name=name)
