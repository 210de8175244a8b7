"""Reach solvers: the longest copper cable or PCB trace whose COM-lite margin is >= 0.

Margin falls with length (more loss, more ISI and more equalizer noise boost), so the reach
is the root of ``margin(L) = 0``, found with a bracketing search (Illinois regula falsi on
the margin in dB, which is close to linear in length) to ``tolerance_m``. Requests that
cannot be met raise a ``PhysicsError`` that says why, never a made-up number:

* even a zero-length cable fails (the host paths alone exceed the receiver);
* a cable longer than the search range still passes (outside the cable model);
* :func:`check_copper_link` for a cable longer than its reach (the message names the reach).

Copper reach uses :func:`cposim.electrical.copper_link.copper_link_margin`; PCB reach puts a
trace of the chosen laminate between two 802.3dj class-A device packages (33 mm, CPS-ELE-04)
with the notes' flat -45 dB FEXT aggressor, i.e. the setting of the COM-vs-length tables in
the electrical notes (CPS-ELE-19, CPS-ELE-20).
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from cposim.devices.serdes import LANE_RATE_50G_BPS, LANE_RATE_200G_BPS
from cposim.electrical.annex93a_line import LineModel, line_s
from cposim.electrical.cascade import cascade_s, reverse_s
from cposim.electrical.com_lite import com_lite
from cposim.electrical.com_settings import ComSettings, reference_receiver
from cposim.electrical.copper_link import CABLE_KINDS, copper_link_margin
from cposim.electrical.crosstalk import flat_aggressor
from cposim.electrical.device_package import DevicePackage
from cposim.electrical.frequency import channel_frequency_grid
from cposim.electrical.lines import line_model
from cposim.errors import PhysicsError
from cposim.validation import check_choice, check_number

__all__ = ["check_copper_link", "copper_cable_reach_m", "pcb_margin_db", "pcb_reach_m", "solve_reach_m"]

#: Longest cable / trace the solvers search, m.
MAX_CABLE_M = 30.0
MAX_TRACE_M = 3.0


def _rate(lane_rate_bps: Any) -> float:
    return float(
        check_number("lane_rate_bps", lane_rate_bps, unit="bit/s", lo=LANE_RATE_50G_BPS, hi=LANE_RATE_200G_BPS)
    )


def solve_reach_m(
    margin_db: Callable[[float], float], *, first_guess_m: float, max_m: float, tolerance_m: float = 0.01
) -> float:
    """Largest length in ``[0, max_m]`` with ``margin_db(L) >= 0`` for a margin that falls with L.

    Args:
        margin_db: margin in dB as a function of length in m.
        first_guess_m: where to start bracketing, m (> 0).
        max_m: search limit, m.
        tolerance_m: width of the final bracket, m.

    Raises:
        PhysicsError: margin < 0 at 0 m (no length works) or >= 0 at ``max_m``.
    """
    m0 = margin_db(0.0)
    if m0 < 0:
        raise PhysicsError(f"no length meets the margin: even 0 m has margin {m0:.2f} dB")
    lo, m_lo = 0.0, m0
    hi = min(float(first_guess_m), max_m)
    m_hi = margin_db(hi)
    while m_hi >= 0:
        if hi >= max_m:
            raise PhysicsError(f"margin is still {m_hi:.2f} dB at {max_m:g} m, the end of the model's range")
        lo, m_lo = hi, m_hi
        hi = min(2.0 * hi, max_m)
        m_hi = margin_db(hi)
    side = 0
    while hi - lo > tolerance_m:
        x = hi - m_hi * (hi - lo) / (m_hi - m_lo)
        x = min(max(x, lo + 0.1 * tolerance_m), hi - 0.1 * tolerance_m)
        m_x = margin_db(x)
        if m_x >= 0:
            lo, m_lo = x, m_x
            if side == 1:
                m_hi /= 2.0
            side = 1
        else:
            hi, m_hi = x, m_x
            if side == -1:
                m_lo /= 2.0
            side = -1
    return float(lo)


def copper_cable_reach_m(
    *,
    lane_rate_bps: float,
    awg: int = 26,
    cable: str = "passive",
    host: str = "front_panel_pluggable",
    host_pcb_length_m: float | None = None,
    settings: ComSettings | None = None,
    tolerance_m: float = 0.01,
) -> float:
    """Longest twinax cable (m) whose link meets the COM-lite threshold, host paths at both ends.

    Args:
        lane_rate_bps: PAM4 lane rate, bit/s (53.125e9 .. 212.5e9).
        awg: twinax gauge (22 .. 34; 26 default).
        cable: ``passive`` (DAC), ``acc`` (linear redriver) or ``aec`` (retimed ends).
        host: host-path kind at both ends (``topologies.HOST_KINDS``).
        host_pcb_length_m: override of the copper port's host PCB, m.
        settings: COM-lite receiver (default: the reference receiver of the lane rate).
        tolerance_m: accuracy of the answer, m.

    Raises:
        PhysicsError: no length closes the link (the message gives the 0 m margin), or the
            link still closes at 30 m (outside the cable model).
    """
    rate = _rate(lane_rate_bps)
    check_choice("cable", cable, CABLE_KINDS)

    def margin(length: float) -> float:
        return copper_link_margin(
            length, lane_rate_bps=rate, awg=awg, cable=cable, host=host, host_pcb_length_m=host_pcb_length_m,
            settings=settings,
        ).margin_db

    guess = {"passive": 1.0, "acc": 3.0, "aec": 4.0}[cable] * 106.25e9 / rate
    try:
        return solve_reach_m(margin, first_guess_m=guess, max_m=MAX_CABLE_M, tolerance_m=tolerance_m)
    except PhysicsError as err:
        raise PhysicsError(
            f"{_describe(cable, rate, awg, host)}: {err}; "
            + ("the host paths alone exceed the receiver -- use a retimed (AEC) cable or a shorter host route"
               if "0 m" in str(err) else "beyond the cable model's range")
        ) from None


def _describe(cable: str, rate: float, awg: Any, host: str, length_m: float | None = None) -> str:
    name = {"passive": "a passive DAC", "acc": "an active copper cable (ACC)", "aec": "an active electrical cable (AEC)"}
    size = f" of {length_m:g} m" if length_m is not None else ""
    return f"{name[cable]} ({awg:g} AWG){size} at {rate / 1e9:g} Gb/s/lane between {host} hosts"


def check_copper_link(
    length_m: float,
    lane_rate_bps: float,
    awg: int = 26,
    cable: str = "passive",
    *,
    host: str = "front_panel_pluggable",
) -> float:
    """COM-lite margin (dB, >= 0) of a copper link; a clear ``PhysicsError`` if it does not close.

    Args:
        length_m: cable length, m. lane_rate_bps: bit/s. awg: gauge. cable: ``passive``,
            ``acc`` or ``aec``. host: host-path kind at both ends.

    Raises:
        PhysicsError: e.g. "a passive DAC (26 AWG) of 5 m at 212.5 Gb/s/lane ... has COM-lite
            margin -20.3 dB; this cable reaches about 0.8 m at this rate".
    """
    rate = _rate(lane_rate_bps)
    result = copper_link_margin(length_m, lane_rate_bps=rate, awg=awg, cable=cable, host=host)
    if result.margin_db >= 0:
        return float(result.margin_db)
    try:
        reach = copper_cable_reach_m(lane_rate_bps=rate, awg=awg, cable=cable, host=host, tolerance_m=0.05)
        tail = f"this cable reaches about {reach:.1f} m at this rate"
    except PhysicsError:
        tail = "no length of this cable closes the link at this rate"
    raise PhysicsError(
        f"{_describe(cable, rate, awg, host, float(length_m))} has COM-lite margin "
        f"{result.margin_db:.1f} dB (threshold {result.segments[0].threshold_db:g} dB); {tail}"
    )


def pcb_margin_db(
    length_m: float,
    *,
    lane_rate_bps: float,
    laminate: str | LineModel = "d33_host",
    reach: str = "kr",
    package: DevicePackage | None = None,
    settings: ComSettings | None = None,
) -> float:
    """COM-lite margin (dB) of a PCB trace of ``length_m`` (m) between two device packages.

    Args:
        length_m: trace length, m. lane_rate_bps: bit/s.
        laminate: line preset name or LineModel (``d33_host`` default).
        reach: receiver class, ``kr`` or ``c2c`` (see ``reference_receiver``).
        package: package at each end (802.3dj class A, 33 mm, CPS-ELE-04, by default).
        settings: COM-lite receiver (overrides ``reach``).
    """
    rate = _rate(lane_rate_bps)
    model = line_model(laminate)
    pkg = (package or DevicePackage())
    s = reference_receiver(rate, reach=reach) if settings is None else settings
    f = channel_frequency_grid(rate)
    p = pkg.s(f)
    chan = cascade_s(p, line_s(f, float(check_number("length_m", length_m, unit="m", lo=0.0, hi=10.0)), model),
                     reverse_s(p))
    through = cascade_s(p, reverse_s(p))[:, 1, 0]
    agg = [flat_aggressor(-45.0, frequency_hz=f, through=through)]
    return float(com_lite((f, chan[:, 1, 0]), lane_rate_bps=rate, settings=s, aggressors=agg).margin_db)


def pcb_reach_m(
    *,
    lane_rate_bps: float,
    laminate: str | LineModel = "d33_host",
    reach: str = "kr",
    package: DevicePackage | None = None,
    settings: ComSettings | None = None,
    tolerance_m: float = 0.005,
) -> float:
    """Longest PCB trace (m) between two device packages that meets the COM-lite threshold.

    Args as in :func:`pcb_margin_db`; ``tolerance_m`` is the accuracy of the answer, m.

    Raises:
        PhysicsError: the packages alone fail, or the trace still passes at 3 m.
    """
    rate = _rate(lane_rate_bps)
    lam = line_model(laminate)

    def margin(length: float) -> float:
        return pcb_margin_db(length, lane_rate_bps=rate, laminate=lam, reach=reach, package=package, settings=settings)

    loss_per_m = float(lam.loss_db_per_m(rate / 4.0))
    guess = float(np.clip(25.0 / max(loss_per_m, 1e-3), 0.05, MAX_TRACE_M))
    name = laminate if isinstance(laminate, str) else "custom laminate"
    try:
        return solve_reach_m(margin, first_guess_m=guess, max_m=MAX_TRACE_M, tolerance_m=tolerance_m)
    except PhysicsError as err:
        raise PhysicsError(f"PCB trace on {name} at {rate / 1e9:g} Gb/s/lane ({reach} receiver): {err}") from None
