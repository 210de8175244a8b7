"""One port of an optical architecture: the lane from :mod:`cposim.presets.architecture_lanes`
closed by the link engine, plus the host SerDes its host channel needs.

* Module/engine power by contributor: the link engine's per-direction power per lane
  (:class:`cposim.link.energy.EnergyBreakdown`) times the lanes of the port; the engine's
  own ``host_serdes`` contributor is replaced by the host side chosen from the host channel
  loss (:mod:`cposim.package.host_interface`).
* Reach: the lane's fiber length is its link class reach (500 m DR, RCH-09; 2 km FR,
  RCH-10), as the preset cites it; margin and BER come from the engine at ``length_m``
  (the class reach unless given; longer than the class reach is refused).
* Host SerDes of a linear engine (LPO, NPO, cpo-mrm, cpo-dr: no CDR/DSP between the two
  ASICs): chosen from both ends' host channels plus the optical link in series
  (CPS-LIN-01); the optical link's share is 2 x the link engine's waveform penalty
  (:func:`optical_link_loss_db`, CPS-LIN-02) or, without one, the CPS-LIN-03 allowance.
  A ``-retimed`` CPO engine holds a retimer (CDR) per lane (CPS-LIN-04: PWR-13 grown by
  CPS-ARC-11), carried as the lane's ``dsp`` contributor; its hosts see their own channel.
* Lasers per port: external laser source: lanes / lanes fed per laser; on-module DFB:
  lanes / ``lanes_per_laser``. Fibers: 2 x ceil(lanes / wavelengths per fiber) signal fibers
  (Tx and Rx) plus the laser-feed fibers of an external source.
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from cposim.devices.dsp import ModuleDsp
from cposim.devices.external_laser import ExternalLaserSource
from cposim.devices.serdes import LANE_RATE_100G_BPS, LANE_RATE_200G_BPS
from cposim.errors import ConfigError, CposimError
from cposim.link.engine import LaneResult, evaluate
from cposim.link.lane import Lane
from cposim.link.sweep import set_path
from cposim.references.sampling import scaled_constant
from cposim.package.architectures import Architecture, split_overrides
from cposim.package.host_interface import HostSide, host_side
from cposim.package.port_result import PortResult
from cposim.presets import architecture_lanes


def build_lane(arch: Architecture, *, payload_bps: float, lanes: int,
               model_overrides: Mapping[str, Any] | None = None) -> Lane:
    """The architecture's lane at ``payload_bps`` per lane with ``lanes`` lanes, overrides applied."""
    lane = getattr(architecture_lanes, arch.lane_builder)(lane_rate_bps=payload_bps, lanes=lanes)
    if arch.engine_retimer:
        lane = lane.replace(dsp=engine_retimer(payload_bps, lanes))
    for path, value in (model_overrides or {}).items():
        lane = set_path(lane, path, value)
    return lane


def engine_retimer(payload_bps: float, lanes: int) -> ModuleDsp:
    """The retimer (CDR) of a retimed engine, as the lane's ``dsp``: one mixed-signal retimer
    channel per lane, both directions (CPS-LIN-04): the AEC retimer of PWR-13, grown by
    CPS-ARC-11 at 200G/lane (the same device as the AEC cable end), 3 ns (PWR-13)."""
    from cposim.package.copper_port import copper_ends

    if payload_bps not in (100e9, 200e9):
        raise ConfigError("engine_retimer.payload_bps", payload_bps,
                          "is not modelled; the engine retimer (CPS-LIN-04) exists at 100e9 and 200e9", unit="bit/s")
    retimer = copper_ends(payload_bps).retimer
    rate, rate_src = (LANE_RATE_200G_BPS, "STD-06") if payload_bps == 200e9 else (LANE_RATE_100G_BPS, "CPS-SER-02")
    energy_src = tuple(retimer.cited.get("energy_j_per_bit", ("PWR-13",))) + ("CPS-LIN-04",)
    return ModuleDsp(lanes=min(int(lanes), 32)).with_cited(
        {"energy_j_per_bit": energy_src, "lane_rate_bps": rate_src, "latency_s": ("PWR-13",)},
        energy_j_per_bit=float(retimer.energy_j_per_bit), lane_rate_bps=rate, latency_s=3e-9,
    )


#: Electrical-equivalent allowance of a linear optical link where the link engine gives no
#: waveform penalty, dB at Nyquist, per payload rate (CPS-LIN-03; 400G uses the 200G value).
OPTICAL_LINK_ALLOWANCE_DB = {100e9: 1.2, 200e9: 4.5, 400e9: 4.5}


def optical_link_loss_db(payload_bps: float, result: LaneResult | None) -> tuple[float, str]:
    """Electrical-equivalent loss of a linear optical link in the host SerDes channel, dB, and
    its basis.

    From the link engine: the optical waveform penalty of the lane at its receiver (the
    budget's ``waveform_penalty_db`` where the engine puts it there, else
    :attr:`LaneResult.waveform_penalty_db`), times 2 (optical dB -> electrical dB under
    direct detection, CPS-LIN-02); the largest over a sweep (one class must cover every
    point). Without an engine number: the CPS-LIN-03 allowance.
    """
    penalty, where = None, ""
    if result is not None:
        if "waveform_penalty_db" in result.budget_db:
            penalty, where = result.budget_db["waveform_penalty_db"], "link engine budget"
        elif hasattr(type(result), "waveform_penalty_db"):
            try:
                penalty, where = result.waveform_penalty_db, "link engine"
            except CposimError:
                penalty = None
    if penalty is not None:
        p = float(np.max(np.clip(np.asarray(penalty, dtype=float), 0.0, None)))
        if np.isfinite(p):
            return 2.0 * p, f"2 x {p:.2f} dB optical waveform penalty ({where}, CPS-LNK-07, CPS-LIN-02)"
    value = scaled_constant(OPTICAL_LINK_ALLOWANCE_DB[payload_bps], "CPS-LIN-03")
    return value, "allowance CPS-LIN-03: the link engine gave no waveform penalty"


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


def port_host_side(arch: Architecture, payload_bps: float, serdes_changes: Mapping[str, Any], *,
                   result: LaneResult | None = None, lane: Lane | None = None) -> HostSide:
    """Host SerDes of the architecture's lanes at ``payload_bps``. A linear (``unretimed``)
    architecture needs the optical link's share (:func:`optical_link_loss_db`): from
    ``result``, else from evaluating ``lane``, else the CPS-LIN-03 allowance."""
    optical, basis = 0.0, ""
    if arch.unretimed:
        if result is None and lane is not None:
            result = evaluate(lane)
        optical, basis = optical_link_loss_db(payload_bps, result)
    return host_side(tx_kind=arch.tx_host, rx_kind=arch.rx_host, payload_bps=payload_bps,
                     gearbox_400g=arch.gearbox_400g, unretimed=arch.unretimed, optical_loss_db=optical,
                     optical_basis=basis, serdes_changes=serdes_changes)


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
    # the host SerDes only changes the engine's host_serdes contributor, which breakdown_w
    # replaces anyway: close the optical link first, then choose the host from it
    result = evaluate(lane)
    host = port_host_side(arch, payload_bps, serdes_changes, result=result)
    if not host.extrapolated and host.tx_serdes is host.rx_serdes:
        lane = lane.replace(host_serdes=host.rx_serdes)
    lasers, signal, laser_fibers = lasers_and_fibers(arch, lane, lanes)
    notes = [host.explanation]
    if arch.engine_retimer:
        notes.append("retimed engine: one retimer (CDR) per lane in the engine (CPS-LIN-04, from PWR-13 and "
                     "CPS-ARC-11) under dsp/ret; the optical receiver is the lane's declared one (CPS-LNK-06)")
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
        host_explanation=host.explanation,
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
