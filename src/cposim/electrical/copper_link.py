"""End-to-end copper cable links (DAC, ACC, AEC) and their COM-lite margin.

A link is ASIC die -> copper port (``topologies.copper_port_s``) -> cable plug -> twinax
(``cable.TwinaxCable``) -> plug -> copper port -> ASIC die. Cable types:

* ``passive`` (DAC): the whole path is one channel for the host SerDes.
* ``acc`` (active copper cable, linear redriver): a linear CTLE in the receiving plug
  (93A-22 form with ``f_z = f_p1 = 0.4 f_b``, ``f_p2 = f_b``) whose peaking at Nyquist matches
  the bulk-cable loss up to ``REDRIVER_MAX_PEAKING_DB`` (15 dB, CPS-ELE-29); it adds its own
  input-referred noise (the reference receiver's ``eta0``, CPS-ELE-29), which the redriver
  and everything after it shape. Still one channel for the host SerDes.
* ``aec`` (active electrical cable, retimed): a retimer in each plug (package: 8 mm trace,
  the 802.3dj class-HL device package, CPS-ELE-23) splits the link into three channels --
  host to plug retimer, retimer to retimer across the cable, retimer to host -- each
  closed by the same reference receiver; the margin is the smallest of the three.

Crosstalk: one flat -45 dB far-end aggressor coupled between the two end packages
(CPS-ELE-21), as in the notes' COM sweeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
import numpy as np

from cposim.devices.serdes import LANE_RATE_50G_BPS, LANE_RATE_200G_BPS
from cposim.electrical.cable import CABLE_PLUG, TwinaxCable
from cposim.electrical.cascade import cascade_s, reverse_s
from cposim.electrical.com_lite import ComResult, NoiseSource, com_lite
from cposim.electrical.com_settings import ComSettings, reference_receiver
from cposim.electrical.crosstalk import flat_aggressor
from cposim.electrical.device_package import DevicePackage
from cposim.electrical.frequency import channel_frequency_grid
from cposim.electrical.topologies import ASIC_PACKAGE, HOST_KINDS, copper_port_s
from cposim.electrical.transitions import DEVICE_TERMINATION
from cposim.equalization.ctle import ctle_peaking_db, ctle_response
from cposim.validation import check_choice, check_number
from cposim.references.sampling import sample_aware_cache, scaled_constant

__all__ = [
    "CABLE_KINDS",
    "CopperLinkResult",
    "copper_link_loss_db",
    "REDRIVER_MAX_PEAKING_DB",
    "RETIMER_PACKAGE",
    "copper_link_margin",
]

#: Cable types.
CABLE_KINDS: tuple[str, ...] = ("passive", "acc", "aec")
#: Largest Nyquist peaking of an ACC's linear redriver, dB (CPS-ELE-29).
REDRIVER_MAX_PEAKING_DB = 15.0
#: Retimer package in an AEC plug: 8 mm trace, 802.3dj device structure (CPS-ELE-23).
RETIMER_PACKAGE = DevicePackage().with_cited({"trace_length_m": "CPS-ELE-23"}, trace_length_m=0.008)
#: Flat far-end crosstalk level, dB (CPS-ELE-21).
FEXT_LEVEL_DB = -45.0


@dataclass(frozen=True)
class CopperLinkResult:
    """Margin of one copper link.

    Attributes:
        margin_db: COM-lite margin of the weakest channel, dB (>= 0 passes).
        segments: COM-lite result per channel (one for passive/ACC, three for AEC).
        length_m: cable length, m. lane_rate_bps: bit/s. cable: type. awg: gauge.
        redriver_peaking_db: ACC redriver peaking at Nyquist, dB (0 otherwise).
    """

    margin_db: float
    segments: tuple[ComResult, ...]
    length_m: float
    lane_rate_bps: float
    cable: str
    awg: int
    redriver_peaking_db: float = 0.0


def _ends_through(f: np.ndarray, kind: str) -> np.ndarray:
    """Transfer of the two end packages alone (the path of a package-coupled aggressor)."""
    end = DEVICE_TERMINATION.sampled().s(f) if kind == "co_packaged" else ASIC_PACKAGE.sampled().s(f)
    return cascade_s(end, reverse_s(end))[:, 1, 0]


def _redriver_gain_db(f: np.ndarray, fb: float, target_db: float) -> tuple[float, np.ndarray]:
    """DC gain (dB) of the redriver CTLE whose Nyquist peaking is nearest ``target_db``."""
    grid = np.arange(0.0, -30.01, -0.25)
    corners = dict(zero_hz=0.4 * fb, pole1_hz=0.4 * fb, pole2_hz=fb)
    peak = ctle_peaking_db(dc_gain_db=grid, frequency_hz=fb / 2, **corners)
    g = float(grid[int(np.argmin(np.abs(peak - target_db)))])
    h = ctle_response(f, dc_gain_db=g, **corners)
    return g, h / np.abs(ctle_response(0.0, dc_gain_db=g, **corners))


@sample_aware_cache(maxsize=64)
def _aec_host_leg(rate: float, host: str, host_pcb_length_m: float | None, s: ComSettings) -> ComResult:
    """COM-lite of an AEC's host leg (ASIC die to the plug retimer); independent of the cable."""
    f = channel_frequency_grid(rate)
    port = copper_port_s(host, f, host_pcb_length_m=host_pcb_length_m)
    leg = cascade_s(port, CABLE_PLUG.sampled().s(f), reverse_s(RETIMER_PACKAGE.sampled().s(f)))
    agg = [flat_aggressor(FEXT_LEVEL_DB, frequency_hz=f, through=_ends_through(f, host))]
    return com_lite((f, leg[:, 1, 0]), lane_rate_bps=rate, settings=s, aggressors=agg)


def copper_link_margin(
    length_m: float,
    *,
    lane_rate_bps: float,
    awg: int = 26,
    cable: str = "passive",
    host: str = "front_panel_pluggable",
    host_pcb_length_m: float | None = None,
    settings: ComSettings | None = None,
) -> CopperLinkResult:
    """COM-lite margin of a copper link of ``length_m`` (m) at ``lane_rate_bps`` (bit/s).

    Args:
        length_m: bulk-cable length, m (0 .. 50).
        lane_rate_bps: PAM4 lane rate, bit/s.
        awg: twinax gauge (22 .. 34).
        cable: ``passive``, ``acc`` or ``aec``.
        host: host-path kind at both ends (``topologies.HOST_KINDS``).
        host_pcb_length_m: override of the copper port's host PCB length, m.
        settings: COM-lite receiver (default: ``reference_receiver(lane_rate_bps)``).
    """
    length = float(check_number("length_m", length_m, unit="m", lo=0.0, hi=50.0))
    rate = float(
        check_number("lane_rate_bps", lane_rate_bps, unit="bit/s", lo=LANE_RATE_50G_BPS, hi=LANE_RATE_200G_BPS)
    )
    check_choice("cable", cable, CABLE_KINDS)
    check_choice("host", host, HOST_KINDS)
    twinax = TwinaxCable(awg=awg)
    s = reference_receiver(rate) if settings is None else settings
    fb = rate / 2.0
    f = channel_frequency_grid(rate)
    port = copper_port_s(host, f, host_pcb_length_m=host_pcb_length_m)
    plug = CABLE_PLUG.sampled().s(f)
    wire = twinax.s(f, length)
    agg = [flat_aggressor(FEXT_LEVEL_DB, frequency_hz=f, through=_ends_through(f, host))]

    def run(s21: np.ndarray, aggressors=agg, extra=()) -> ComResult:
        return com_lite((f, s21), lane_rate_bps=rate, settings=s, aggressors=aggressors, extra_noise=extra)

    if cable == "passive":
        chan = cascade_s(port, plug, wire, reverse_s(plug), reverse_s(port))
        res = run(chan[:, 1, 0])
        return CopperLinkResult(res.margin_db, (res,), length, rate, cable, int(twinax.awg))
    if cable == "acc":
        target = float(twinax.loss_db(fb / 2, length))
        _, h_rd = _redriver_gain_db(f, fb, min(target, scaled_constant(REDRIVER_MAX_PEAKING_DB, "CPS-ELE-29")))
        rd = np.zeros((f.size, 2, 2), dtype=complex)
        rd[:, 1, 0] = h_rd
        after = cascade_s(reverse_s(plug), reverse_s(port))
        chan = cascade_s(port, plug, wire, rd, after)
        noise = NoiseSource(float(s.eta0_v2_per_hz), h_rd * after[:, 1, 0], name="redriver")
        res = run(chan[:, 1, 0], extra=(noise,))
        peaking = float(20 * np.log10(np.abs(h_rd[np.argmin(np.abs(f - fb / 2))])))
        return CopperLinkResult(res.margin_db, (res,), length, rate, cable, int(twinax.awg), peaking)
    retimer = RETIMER_PACKAGE.sampled().s(f)
    cable_leg = cascade_s(retimer, plug, wire, reverse_s(plug), reverse_s(retimer))
    rt_through = cascade_s(retimer, reverse_s(retimer))[:, 1, 0]
    host_res = _aec_host_leg(rate, host, host_pcb_length_m, s)
    cable_res = run(cable_leg[:, 1, 0], aggressors=[flat_aggressor(FEXT_LEVEL_DB, frequency_hz=f, through=rt_through)])
    margin = min(host_res.margin_db, cable_res.margin_db)
    return CopperLinkResult(margin, (host_res, cable_res, host_res), length, rate, cable, int(twinax.awg))


def copper_link_loss_db(
    length_m: Any,
    *,
    lane_rate_bps: float,
    awg: int = 26,
    host: str = "front_panel_pluggable",
    host_pcb_length_m: float | None = None,
) -> np.ndarray:
    """Bump-to-bump insertion loss at Nyquist (dB) of passive copper links; broadcasts over lengths.

    Args:
        length_m: cable length(s), m. lane_rate_bps: bit/s. awg: gauge. host: host-path kind.
        host_pcb_length_m: override of the copper port's host PCB, m.
    """
    rate = float(check_number("lane_rate_bps", lane_rate_bps, unit="bit/s", lo=LANE_RATE_50G_BPS, hi=LANE_RATE_200G_BPS))
    lengths = np.asarray(check_number("length_m", length_m, unit="m", lo=0.0, hi=50.0), dtype=float)
    f = np.array([0.0, rate / 4.0])
    port = copper_port_s(host, f, host_pcb_length_m=host_pcb_length_m)
    plug = CABLE_PLUG.sampled().s(f)
    chan = cascade_s(port, plug, TwinaxCable(awg=awg).s(f, lengths), reverse_s(plug), reverse_s(port))
    return -20.0 * np.log10(np.abs(chan[..., 1, 1, 0]))
