"""The ``architecture`` sweep target: one port of an interconnect architecture (copper, DSP
pluggable, LPO/LRO, NPO, CPO), per :mod:`cposim.package`.

Paths (every one optional; a path not swept keeps its default):

===================================== ========= =================================================
``architecture.name``                 name      ``cpo-mrm`` (any of ``cposim.package.ARCHITECTURES``)
``architecture.port_rate``            bit/s     1.6e12 (SYS-NV-08/09 compare 1.6 Tb/s ports)
``architecture.lane_rate``            bit/s     200e9 payload per lane (STD-06)
``architecture.length``               m         the architecture's class reach (optics) or 1 m (copper)
``architecture.laser_power_offset``   dB        0 (ELSFP class tolerance +/-1.5 dB, LAS-01)
``architecture.host_serdes.<name>``   (model)   the host SerDes class's own value
===================================== ========= =================================================

Optical architectures go through :func:`cposim.package.compare.compare_sweep` (vectorised, the
link engine per lane). Copper cables are solved by COM-lite in
:func:`cposim.package.architectures.evaluate_port`, one solve (seconds) per distinct
(lane rate, length) in a batch: give copper lengths as a few ``values``, not a random range.
A copper port has no laser, so ``laser_power_offset`` does not change it, and no optical BER.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from cposim.devices.external_laser import ELSFP_CLASS_TOLERANCE_DB
from cposim.devices.serdes import Serdes
from cposim.errors import ConfigError, CposimError
from cposim.explore.space import ParameterInfo, ParameterSpace
from cposim.explore.targets import Target, groups, info_from_field, reject_unknown_keys, unknown_path
from cposim.package.architectures import ALIASES, ARCHITECTURES, evaluate_port, get_architecture
from cposim.package.port_result import PORT_CONTRIBUTORS
from cposim.scenario.overrides import field_names

PREFIX = "architecture."
DEFAULT_ARCHITECTURE = "cpo-mrm"

_FIXED: dict[str, ParameterInfo] = {
    "name": ParameterInfo(path="architecture.name", key="name", unit="", kind="category",
                          choices=tuple(ARCHITECTURES) + tuple(ALIASES), default=DEFAULT_ARCHITECTURE),
    "port_rate": ParameterInfo(path="architecture.port_rate", key="port_rate_bps", unit="bit/s", lo=1e9, hi=100e12,
                               sources=("SYS-NV-08", "SYS-NV-09"), default=1.6e12),
    "lane_rate": ParameterInfo(path="architecture.lane_rate", key="lane_rate_bps", unit="bit/s", lo=1e9, hi=2e12,
                               sources=("STD-06",), default=200e9),
    "length": ParameterInfo(path="architecture.length", key="length_m", unit="m", lo=0.0, lo_open=True, hi=1e5,
                            sources=("RCH-09", "RCH-10", "CPS-PKG-10")),
    "laser_power_offset": ParameterInfo(path="architecture.laser_power_offset", key="laser_power_offset_db", unit="dB",
                                        lo=-ELSFP_CLASS_TOLERANCE_DB, hi=ELSFP_CLASS_TOLERANCE_DB,
                                        sources=("LAS-01",), default=0.0),
}
_SERDES_FIXED = ("lane_rate_bps",)  # set by the architecture and lane rate, not swept


@dataclass(frozen=True)
class ArchitectureTarget(Target):
    """Per-port power, energy per bit and margin of interconnect architectures."""

    kind = "architecture"

    @property
    def default_outputs(self) -> tuple[str, ...]:
        return ("energy_pj_per_bit", "power_w_per_port", "margin_db")

    def output_units(self) -> dict[str, str]:
        out = {"energy_pj_per_bit": "pJ/bit", "power_w_per_port": "W", "module_power_w": "W", "margin_db": "dB",
               "ber": "1"}
        out.update({k: "W" for k in PORT_CONTRIBUTORS})
        return out

    def parameter(self, path: str) -> ParameterInfo:
        if not isinstance(path, str) or not path.startswith(PREFIX):
            raise ConfigError(f"parameters.{path}", path, "is not an architecture path; expected "
                              f"architecture.<{'|'.join(_FIXED)}|host_serdes.NAME>")
        rest = path[len(PREFIX):]
        if rest in _FIXED:
            return _FIXED[rest]
        head, _, name = rest.partition(".")
        if head == "host_serdes" and name:
            serdes = Serdes()
            allowed = {k: v for k, v in field_names(serdes).items()
                       if v not in _SERDES_FIXED and "unit" in _field_meta(serdes, v)}
            if name not in allowed:
                raise unknown_path(path, name, list(allowed), "the host SerDes")
            return info_from_field(path, f"host_serdes.{allowed[name]}", serdes, allowed[name])
        raise unknown_path(path, rest, list(_FIXED) + ["host_serdes.NAME"], "an architecture port")

    def check_space(self, space: ParameterSpace, outputs: Sequence[str]) -> None:
        from cposim.package.architectures import check_lane_rate, lanes_for_port
        from cposim.package.optical_port import build_lane, class_reach

        by_path = {p.path: p for p in space.parameters}
        names = _levels(by_path, "architecture.name", [DEFAULT_ARCHITECTURE])
        rates = _levels(by_path, "architecture.lane_rate", [_FIXED["lane_rate"].default])
        ports = _levels(by_path, "architecture.port_rate", [_FIXED["port_rate"].default])
        length = by_path.get("architecture.length")
        longest = None if length is None else float(np.max(length.levels) if length.is_discrete else length.hi)
        for name in names:
            arch = get_architecture(str(name))
            if arch.medium == "copper" and "ber" in outputs:
                raise ConfigError("outputs", "ber", f"is an optical BER; {arch.name} is a copper cable "
                                  "(use margin_db, its electrical margin)")
            for rate in rates:
                try:
                    payload = check_lane_rate(arch, float(rate))
                    for port in ports:
                        lanes_for_port(float(port), payload)
                except ConfigError as err:
                    raise ConfigError("parameters.architecture.lane_rate", float(rate), err.expected,
                                      unit="bit/s") from None
                if arch.medium != "optical":
                    continue
                reach, ids = class_reach(build_lane(arch, payload_bps=payload,
                                                    lanes=lanes_for_port(float(ports[0]), payload)))
                if longest is not None and longest > reach * (1 + 1e-12):
                    raise ConfigError("parameters.architecture.length", longest,
                                      f"is beyond the {arch.label} class reach of {reach:g} m ({', '.join(ids)}) "
                                      f"at {payload / 1e9:g}G/lane", unit="m")
                for port in ports:
                    try:
                        evaluate_port(arch.name, port_rate_bps=float(port), lane_rate_bps=payload)
                    except CposimError as err:
                        raise ConfigError("parameters.architecture.name", arch.name,
                                          f"cannot be evaluated at {payload / 1e9:g}G/lane: {err}") from None

    def evaluate(self, columns: Mapping[str, np.ndarray], outputs: Sequence[str]) -> dict[str, np.ndarray]:
        n = next(iter(columns.values())).shape[0]
        infos = {path: self.parameter(path) for path in columns}
        keyed = {infos[p].key: columns[p] for p in columns}
        keyed.setdefault("name", np.full(n, DEFAULT_ARCHITECTURE))
        keyed.setdefault("port_rate_bps", np.full(n, _FIXED["port_rate"].default))
        keyed.setdefault("lane_rate_bps", np.full(n, _FIXED["lane_rate"].default))
        result = {name: np.empty(n) for name in outputs}
        for fixed, idx in groups(keyed, ["name", "port_rate_bps"]):
            arch = get_architecture(str(fixed["name"]))
            knobs = {k: np.asarray(v, dtype=float)[idx] for k, v in keyed.items() if k not in fixed}
            if arch.medium == "optical":
                part = self._optical(arch.name, float(fixed["port_rate_bps"]), knobs)
            else:
                part = self._copper(arch.name, float(fixed["port_rate_bps"]), knobs, outputs)
            for name in outputs:
                result[name][idx] = part[name]
        return result

    @staticmethod
    def _optical(name: str, port_rate: float, knobs: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        from cposim.package.compare import compare_sweep

        part = compare_sweep(knobs, architectures=[name], port_rate_bps=port_rate)[name]
        part["module_power_w"] = part["power_w_per_port"] - part["host_serdes"]
        return part

    @staticmethod
    def _copper(name: str, port_rate: float, knobs: Mapping[str, np.ndarray],
                outputs: Sequence[str]) -> dict[str, np.ndarray]:
        n = knobs["lane_rate_bps"].size
        part = {k: np.empty(n) for k in outputs}
        serdes = [k for k in knobs if k.startswith("host_serdes.")]
        for fixed, idx in groups(knobs, [k for k in ("lane_rate_bps", "length_m") if k in knobs]):
            length = fixed.get("length_m")
            overrides = {k: knobs[k][idx] for k in serdes}
            r = evaluate_port(name, port_rate_bps=port_rate, lane_rate_bps=float(fixed["lane_rate_bps"]),
                              length_m=None if length is None else float(length), overrides=overrides)
            values = {"energy_pj_per_bit": r.energy_pj_per_bit, "power_w_per_port": r.power_w_per_port,
                      "module_power_w": r.module_power_w, "margin_db": r.margin_db, **r.breakdown_w}
            for k in outputs:
                part[k][idx] = np.broadcast_to(np.asarray(values[k], dtype=float), (idx.size,))
        return part

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind}

    def source_ids(self) -> list[str]:
        ids: list[str] = []
        for info in _FIXED.values():
            ids.extend(info.sources)
        for arch in ARCHITECTURES.values():
            ids.extend(arch.sources)
        return list(dict.fromkeys(ids))


def _field_meta(model: Any, name: str) -> Mapping[str, Any]:
    return {f.name: f for f in dataclasses.fields(model)}[name].metadata


def _levels(by_path: Mapping[str, Any], path: str, default: list[Any]) -> list[Any]:
    p = by_path.get(path)
    if p is None:
        return default
    if not p.is_discrete:
        raise ConfigError(f"parameters.{path}", "range", "must be a list of values (each is a separate model "
                          "configuration), not a continuous range")
    return list(p.levels)


def architecture_target(spec: Mapping[str, Any]) -> ArchitectureTarget:
    """The architecture target; settings are parameters (a single value fixes one)."""
    reject_unknown_keys("target", spec, ())
    return ArchitectureTarget()
