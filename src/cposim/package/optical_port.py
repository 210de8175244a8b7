"""One port of an optical architecture: the lane from :mod:`cposim.presets.architecture_lanes`
closed by the link engine, plus the host SerDes its host channel needs.

* Module/engine power by contributor: the link engine's per-direction power per lane
  (:class:`cposim.link.energy.EnergyBreakdown`) times the lanes of the port; the engine's
  own ``host_serdes`` contributor is replaced by the host side chosen from the host channel
  loss (:mod:`cposim.package.host_interface`).
* Reach: the lane's fiber length is its link class reach (500 m DR, RCH-09; 2 km FR,
  RCH-10), as the preset cites it; margin and BER come from the engine at ``length_m``
  (the class reach unless given; longer than the class reach is refused).
* Lasers per port: external laser source: lanes / lanes fed per laser; on-module DFB:
  lanes / ``lanes_per_laser``. Fibers: 2 x ceil(lanes / wavelengths per fiber) signal fibers
  (Tx and Rx) plus the laser-feed fibers of an external source.
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from cposim.devices.external_laser import ExternalLaserSource
from cposim.errors import ConfigError
from cposim.link.engine import evaluate
from cposim.link.lane import Lane
from cposim.link.sweep import set_path
from cposim.package.architectures import Architecture, split_overrides
from cposim.package.host_interface import HostSide, host_side
from cposim.package.port_result import PortResult
from cposim.presets import architecture_lanes


def build_lane(arch: Architecture, *, payload_bps: float, lanes: int,
               model_overrides: Mapping[str, Any] | None = None) -> Lane:
    """The architecture's lane at ``payload_bps`` per lane with ``lanes`` lanes, overrides applied."""
    lane = getattr(architecture_lanes, arch.lane_builder)(lane_rate_bps=payload_bps, lanes=lanes)
    for path, value in (model_overrides or {}).items():
        lane = set_path(lane, path, value)
    return lane


def class_reach(lane: Lane) -> tuple[float, tuple[str, ...]]:
    """The lane's link class reach (its preset fiber length), m, and the ids behind it."""
    fiber = lane.fiber
    return float(np.max(np.asarray(fiber.length_m))), tuple(fiber.cited.get("length_m", ("STD-07",)))


def lasers_and_fibers(arch: Architecture, lane: Lane, lanes: int) -> tuple[Any, Any, Any]:
    """(lasers, signal fibers, laser-feed fibers) per port (counts; fractional where shared)."""
    src = lane.source
    if isinstance(src, ExternalLaserSource):
        lasers = lanes / np.asarray(src.lanes_per_fiber, dtype=float)
        laser_fibers = lasers / np.asarray(src.wavelengths_per_fiber, dtype=float)
        per_fiber = arch.wavelengths_per_fiber or int(np.max(np.asarray(src.wavelengths_per_fiber)))
    else:
        lasers = lanes / np.asarray(lane.lanes_per_laser, dtype=float)
        laser_fibers = np.zeros_like(lasers)
        per_fiber = arch.wavelengths_per_fiber or 1
    signal = 2.0 * np.ceil(lanes / per_fiber)
    return lasers, signal, laser_fibers


def breakdown_w(result_energy, host: HostSide, lanes: int) -> dict[str, Any]:
    """Port power by contributor (W): engine contributors x lanes + the chosen host side."""
    p = result_energy.power_w
    return {
        "host_serdes": np.asarray(host.power_per_lane_w) * lanes,
        "dsp_retimer": (np.asarray(p["dsp"]) + np.asarray(p["module_serdes"])) * lanes,
        "modulator_drive": np.asarray(p["modulator_drive"]) * lanes,
        "receiver": np.asarray(p["receiver"]) * lanes,
        "laser": np.asarray(p["laser"]) * lanes,
        "ring_tuning": np.asarray(p["ring_tuning"]) * lanes,
        "overhead": np.asarray(p["overhead"]) * lanes,
    }


def port_host_side(arch: Architecture, payload_bps: float, serdes_changes: Mapping[str, Any]) -> HostSide:
    """Host SerDes of the architecture's lanes at ``payload_bps``."""
    return host_side(tx_kind=arch.tx_host, rx_kind=arch.rx_host, payload_bps=payload_bps,
                     gearbox_400g=arch.gearbox_400g, unretimed=arch.unretimed, serdes_changes=serdes_changes)


def optical_port(
    arch: Architecture,
    *,
    port_rate_bps: float,
    payload_bps: float,
    lanes: int,
    length_m: float | None,
    overrides: Mapping[str, Any],
) -> PortResult:
    """Evaluate one optical port (see the module docstring for the accounting)."""
    model_overrides, serdes_changes = split_overrides(overrides)
    lane = build_lane(arch, payload_bps=payload_bps, lanes=lanes)
    reach, reach_ids = class_reach(lane)
    if length_m is not None:
        if length_m > reach * (1 + 1e-12):
            raise ConfigError(
                f"{arch.name}.length_m", length_m,
                f"is beyond the {arch.label} class reach of {reach:g} m ({', '.join(reach_ids)}); "
                "choose an architecture with a longer link class (e.g. dsp-fr, 2 km)", unit="m")
        lane = set_path(lane, "fiber.length_m", length_m)
    for path, value in model_overrides.items():
        lane = set_path(lane, path, value)
    host = port_host_side(arch, payload_bps, serdes_changes)
    if not host.extrapolated and host.tx_serdes is host.rx_serdes:
        lane = lane.replace(host_serdes=host.rx_serdes)
    result = evaluate(lane)
    lasers, signal, laser_fibers = lasers_and_fibers(arch, lane, lanes)
    notes = []
    if payload_bps == 400e9:
        notes.append("400G/lane: extrapolated line rate, receiver, DSP/driver energies and host lanes "
                     "(CPS-ARC-01..05, CPS-ARC-12): estimates, not validation targets")
    if np.any(np.asarray(result.margin_db) < 0):
        notes.append("negative optical margin: the lane does not reach its FEC threshold at this length")
    sources = tuple(dict.fromkeys(list(arch.sources) + list(reach_ids) + list(lane.source_ids()) +
                                  host.sources() + ([arch.wavelengths_source] if arch.wavelengths_source else [])))
    return PortResult(
        architecture=arch.name,
        label=arch.label,
        port_rate_bps=port_rate_bps,
        lane_rate_bps=payload_bps,
        lanes=lanes,
        breakdown_w=breakdown_w(result.energy, host, lanes),
        reach_m=reach,
        reach_basis=f"link class reach of the lane preset ({', '.join(reach_ids)})",
        length_m=np.asarray(lane.fiber.length_m, dtype=float),
        margin_db=result.margin_db,
        margin_basis="optical: extra loss to the FEC-threshold BER, link engine",
        ber=result.ber,
        lasers_per_port=lasers,
        signal_fibers_per_port=signal,
        laser_fibers_per_port=laser_fibers,
        host_channel_loss_db=host.rx_loss_db,
        host_serdes_class=host.reach_classes,
        host_electrical_lanes=host.electrical_lanes * lanes,
        extrapolated=payload_bps == 400e9,
        sources=sources,
        notes=tuple(notes),
        extras=_extras(lane),
    )


def _extras(lane: Lane) -> dict[str, Any]:
    src = lane.source
    if isinstance(src, ExternalLaserSource):
        return {"laser_fibers_per_module": int(np.max(np.asarray(src.n_fibers))),
                "laser_power_class": src.power_class}
    return {}
