"""One port of a copper-cable architecture: passive DAC, ACC (linear redriver) or AEC (retimer).

* Reach and margin: :func:`cposim.electrical.reach.copper_cable_reach_m` and the COM-lite
  margin of :func:`cposim.electrical.copper_link.copper_link_margin`; a link that does not
  close raises the explanation of :func:`~cposim.electrical.reach.check_copper_link`.
  Without a length, a copper port is evaluated at 1 m (CPS-PKG-10) or at its reach rounded
  down to 0.1 m where that is shorter.
* Host SerDes: a passive or linear cable leaves the whole die-to-die channel (host, plugs,
  cable, far host) to the host SerDes; its loss at the link length picks the class through
  :func:`cposim.electrical.serdes_power.serdes_for_channel` (an ACC's redriver peaking is
  taken off the loss first). An AEC retimes in each plug, so
  the host SerDes sees only the front-panel host channel, like a pluggable module.
* Cable-end power: none for a passive DAC (EEPROM only, PWR-12); a linear redriver per lane
  at each end for an ACC (CPS-ARC-10); a mixed-signal retimer per lane at each end for an AEC
  (PWR-13, grown by CPS-ARC-11 at 200G/lane). A port is one end, so it carries one end's
  redriver or retimer share and its own host SerDes.
* No lasers, no fibers; two twinax pairs (Tx and Rx) per lane.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Mapping

import numpy as np

from cposim.devices.base import Model, param
from cposim.devices.dsp import Retimer
from cposim.devices.serdes import LANE_RATE_100G_BPS, LANE_RATE_200G_BPS
from cposim.electrical.copper_link import copper_link_margin
from cposim.electrical.reach import check_copper_link, copper_cable_reach_m
from cposim.errors import ConfigError, PhysicsError
from cposim.link.sweep import set_path
from cposim.package.architectures import Architecture, split_overrides
from cposim.package.host_interface import copper_channel_loss_db, copper_host_side, host_side
from cposim.package.port_result import PortResult
from cposim.references.sampling import sample_aware_cache

_LINE = {100e9: LANE_RATE_100G_BPS, 200e9: LANE_RATE_200G_BPS}
#: Nominal copper link length when none is given, m (CPS-PKG-10).
NOMINAL_COPPER_LENGTH_M = 1.0


@dataclass(frozen=True, kw_only=True)
class CopperEnds(Model):
    """What the ends of a copper cable assembly hold (per lane).

    Parameters (SI):
        awg: twinax conductor gauge (26, RCH-01: 26 AWG for 2-3 m DACs at 100G/lane).
        redriver_energy_j_per_bit: ACC linear redriver energy per end per bit, J/bit
            (1.5e-12, CPS-ARC-10).
        retimer: the AEC's retimer at each end (:class:`~cposim.devices.dsp.Retimer`).
    """

    awg: int = param(26, unit="AWG", sources=("RCH-01",), lo=22, hi=34, integer=True)
    redriver_energy_j_per_bit: float = param(1.5e-12, unit="J/bit", sources=("CPS-ARC-10",), lo=0.0, hi=20e-12)
    retimer: Model = Retimer()

    outputs: ClassVar[tuple[str, ...]] = ()


def copper_ends(payload_bps: float) -> CopperEnds:
    """Cable ends for a payload rate per lane: the retimer runs at the lane's line rate and,
    at 200G/lane, at the PWR-13 energy grown by one rate doubling (CPS-ARC-11)."""
    if payload_bps == 200e9:
        base = Retimer()
        retimer = base.with_cited(
            {"lane_rate_bps": "STD-06", "energy_j_per_bit": ("PWR-13", "CPS-ARC-11")},
            lane_rate_bps=LANE_RATE_200G_BPS, energy_j_per_bit=1.2 * float(base.energy_j_per_bit),
        )
        return CopperEnds(retimer=retimer)
    return CopperEnds()


def end_power_per_lane_w(arch: Architecture, ends: CopperEnds, line_rate_bps: float) -> Any:
    """Power of one cable end per lane (both directions), W."""
    if arch.cable == "aec":
        return np.asarray(ends.retimer.power_per_channel_w, dtype=float)
    if arch.cable == "acc":
        return np.asarray(ends.redriver_energy_j_per_bit, dtype=float) * line_rate_bps
    return np.zeros(())


@sample_aware_cache(maxsize=64)
def cable_reach_m(line_rate_bps: float, awg: int, cable: str, host: str) -> float:
    """Copper reach from the electrical reach solver to 5 cm (cached: a COM-lite bisection), m."""
    return float(copper_cable_reach_m(lane_rate_bps=line_rate_bps, awg=awg, cable=cable, host=host, tolerance_m=0.05))


@sample_aware_cache(maxsize=256)
def _link(length_m: float, line_rate_bps: float, awg: int, cable: str, host: str) -> tuple[float, float]:
    r = copper_link_margin(length_m, lane_rate_bps=line_rate_bps, awg=awg, cable=cable, host=host)
    return float(r.margin_db), float(r.redriver_peaking_db)


def _reach(what: str, line_rate_bps: float, awg: int, arch: Architecture) -> float:
    try:
        return cable_reach_m(line_rate_bps, awg, arch.cable, arch.tx_host)
    except PhysicsError as err:
        raise PhysicsError(f"{what}: {err}") from None


def default_copper_length_m(reach_m: float) -> float:
    """The nominal 1 m in-rack length (CPS-PKG-10), or the cable's reach rounded down to 0.1 m
    where that is shorter, m."""
    return min(NOMINAL_COPPER_LENGTH_M, max(np.floor(reach_m * 10.0) / 10.0, 0.1))


def copper_port(
    arch: Architecture,
    *,
    port_rate_bps: float,
    payload_bps: float,
    lanes: int,
    length_m: float | None,
    overrides: Mapping[str, Any],
    solve_reach: bool = True,
) -> PortResult:
    """Evaluate one copper port (see the module docstring); ``solve_reach`` False (with a
    ``length_m``) leaves ``reach_m`` None instead of solving it."""
    model_overrides, serdes_changes = split_overrides(overrides)
    ends = copper_ends(payload_bps)
    for path, value in model_overrides.items():
        ends = set_path(ends, path, value)
    if np.asarray(ends.awg).size != 1:
        raise ConfigError(f"{arch.name}.awg", ends.awg, "must be one gauge per evaluation (the reach is solved per gauge)")
    awg = int(np.asarray(ends.awg).flat[0])
    line = _LINE[payload_bps]
    what = f"{arch.label} {port_rate_bps / 1e12:g}T port, {payload_bps / 1e9:g}G/lane, {awg} AWG"
    reach = None if length_m is not None else _reach(what, line, awg, arch)
    length = default_copper_length_m(reach) if length_m is None else float(length_m)
    try:
        margin, peaking = _link(length, line, awg, arch.cable, arch.tx_host)
    except ConfigError as err:
        raise ConfigError(f"{arch.name}.{err.field}", err.value, f"{err.expected} for a {arch.label} copper cable",
                          unit=err.unit) from None
    if margin < 0:
        try:
            check_copper_link(length, line, awg, arch.cable, host=arch.tx_host)  # raises with the explanation
        except PhysicsError as err:
            raise PhysicsError(f"{what}: {err}") from None
        raise PhysicsError(f"{what}: COM-lite margin {margin:.1f} dB at {length:g} m; the link does not close")
    if reach is None and solve_reach:
        reach = _reach(what, line, awg, arch)
    if arch.cable == "aec":
        host = host_side(tx_kind=arch.tx_host, rx_kind=arch.rx_host, payload_bps=payload_bps,
                         gearbox_400g=False, serdes_changes=serdes_changes)
    else:
        loss = copper_channel_loss_db(length_m=length, line_rate_bps=line, awg=awg, host=arch.tx_host) - peaking
        host = copper_host_side(loss_db=loss, line_rate_bps=line, host=arch.tx_host, serdes_changes=serdes_changes)
    breakdown = {
        "host_serdes": np.asarray(host.power_per_lane_w, dtype=float) * lanes,
        "dsp_retimer": end_power_per_lane_w(arch, ends, line) * lanes,
        "modulator_drive": np.zeros(()),
        "receiver": np.zeros(()),
        "laser": np.zeros(()),
        "ring_tuning": np.zeros(()),
        "overhead": np.zeros(()),
    }
    sources = tuple(dict.fromkeys(list(arch.sources) + ["CPS-PKG-10"] + list(ends.source_ids()) + host.sources()))
    notes = () if length_m is not None else (f"evaluated at {length:g} m (1 m nominal, or the reach if shorter)",)
    return PortResult(
        architecture=arch.name,
        label=arch.label,
        port_rate_bps=port_rate_bps,
        lane_rate_bps=payload_bps,
        lanes=lanes,
        breakdown_w=breakdown,
        reach_m=reach,
        reach_basis=f"copper reach solver (cposim.electrical.reach: COM-lite, {awg} AWG, {arch.cable})",
        length_m=length,
        margin_db=margin,
        margin_basis="electrical: COM-lite margin of the copper link (cposim.electrical)",
        ber=None,
        lasers_per_port=0.0,
        signal_fibers_per_port=0.0,
        laser_fibers_per_port=0.0,
        host_channel_loss_db=host.rx_loss_db,
        host_serdes_class=host.reach_classes,
        host_electrical_lanes=lanes,
        host_explanation=host.explanation,
        extrapolated=False,
        sources=sources,
        notes=notes,
        extras={"copper_pairs_per_port": 2 * lanes, "awg": awg},
    )


