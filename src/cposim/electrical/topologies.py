"""Host-side electrical paths of the interconnect architectures, bump to bump.

``host_channel(kind, lane_rate_bps=...)`` returns the channel from the switch ASIC die to the
die at the other end of the electrical lane (a module DSP, an optical engine), as a 2-port
:class:`skrf.Network` on :func:`~cposim.electrical.frequency.channel_frequency_grid`:

======================  ==================================================================
kind                    path (port 1 = ASIC die)
======================  ==================================================================
front_panel_pluggable   ASIC package (25 mm trace, CPS-ELE-24) + BGA/via + 280 mm host PCB
                        (D3.3 host stripline, CPS-ELE-05/25) + front-panel connector +
                        module paddle card + module die termination
lpo_host                the same physical path (a linear pluggable has no retimer: its
                        host SerDes drives this path and the optics behind it)
near_packaged           ASIC package + BGA/via + 50 mm host PCB + board connector to the
                        optical engine + engine die termination (CPS-ELE-26)
co_packaged             ASIC die network + 20 mm package-substrate trace + engine die
                        network, no ball and no board (CPS-ELE-27)
======================  ==================================================================

At 212.5 Gb/s the front-panel path loses about 22 dB at Nyquist (SYS-NV-06) and the
co-packaged path about 3.4 dB (SYS-NV-07: 4 dB).

Copper (DAC/ACC/AEC) ports: :func:`copper_port_s` is the path from the ASIC die to the
cable plug for each architecture (the plug and cable are in
:mod:`cposim.electrical.cable`). A front-panel copper port is routed shorter than the worst-case
C2M route of an optical module: 180 mm of host PCB by default (CPS-ELE-28, a planning value
between the 802.3dj CR host classes, 74-83 mm, and the 280 mm C2M partial host); pass
``host_pcb_length_m=0.28`` to see copper on the full C2M route.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import skrf

from cposim.devices.serdes import LANE_RATE_200G_BPS
from cposim.electrical.annex93a_line import line_s
from cposim.electrical.cascade import cascade_s, reverse_s
from cposim.electrical.device_package import DevicePackage, substrate_path_s
from cposim.electrical.frequency import channel_frequency_grid, loss_db_at, to_network
from cposim.electrical.lines import D33_HOST
from cposim.electrical.transitions import (
    BGA_VIA,
    BOARD_CONNECTOR,
    DEVICE_TERMINATION,
    FRONT_PANEL_CONNECTOR,
    MODULE_PADDLE_CARD,
)
from cposim.errors import ConfigError
from cposim.references.sampling import scaled_constant
from cposim.validation import check_choice, check_number

__all__ = [
    "ASIC_PACKAGE",
    "COPPER_PORT_PCB_M",
    "CPO_SUBSTRATE_TRACE_M",
    "FRONT_PANEL_PCB_M",
    "HOST_KINDS",
    "NPO_PCB_M",
    "copper_port_s",
    "host_channel",
    "host_channel_loss_db",
    "host_channel_s",
    "nyquist_hz",
]

#: Host-side path kinds.
HOST_KINDS: tuple[str, ...] = ("front_panel_pluggable", "near_packaged", "co_packaged", "lpo_host")
#: Switch-ASIC package: 25 mm substrate trace in the 802.3dj COM structure (CPS-ELE-24).
ASIC_PACKAGE = DevicePackage().with_cited({"trace_length_m": "CPS-ELE-24"}, trace_length_m=0.025)
#: Host PCB of a front-panel pluggable lane, m (280 mm, the C2M partial host, CPS-ELE-25).
FRONT_PANEL_PCB_M = 0.28
#: Host PCB from the ASIC to a near-packaged optical engine's connector, m (CPS-ELE-26).
NPO_PCB_M = 0.05
#: Package-substrate trace from the ASIC to a co-packaged optical engine, m (CPS-ELE-27).
CPO_SUBSTRATE_TRACE_M = 0.020
#: Host PCB from the ASIC to a front-panel copper (DAC) port, m (CPS-ELE-28).
COPPER_PORT_PCB_M = 0.18


def nyquist_hz(lane_rate_bps: Any) -> float:
    """Nyquist frequency of a PAM4 lane, Hz (lane rate / 4)."""
    return float(check_number("lane_rate_bps", lane_rate_bps, unit="bit/s", lo=1e9, hi=1e12)) / 4.0


def _asic_side(f: np.ndarray, pcb_m: float) -> np.ndarray:
    return cascade_s(ASIC_PACKAGE.sampled().s(f), BGA_VIA.sampled().s(f), line_s(f, pcb_m, D33_HOST))


def _front_panel(f: np.ndarray) -> np.ndarray:
    return cascade_s(
        _asic_side(f, FRONT_PANEL_PCB_M),
        FRONT_PANEL_CONNECTOR.s(f),
        MODULE_PADDLE_CARD.s(f),
        reverse_s(DEVICE_TERMINATION.sampled().s(f)),
    )


def _near_packaged(f: np.ndarray) -> np.ndarray:
    return cascade_s(_asic_side(f, NPO_PCB_M), BOARD_CONNECTOR.sampled().s(f), reverse_s(DEVICE_TERMINATION.sampled().s(f)))


def _co_packaged(f: np.ndarray) -> np.ndarray:
    return substrate_path_s(f, CPO_SUBSTRATE_TRACE_M)


_BUILDERS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "front_panel_pluggable": _front_panel,
    "lpo_host": _front_panel,
    "near_packaged": _near_packaged,
    "co_packaged": _co_packaged,
}


def host_channel_s(kind: str, frequency_hz: Any) -> np.ndarray:
    """S-matrix ``(n_freq, 2, 2)`` of a host path (see the module table) on ``frequency_hz``."""
    check_choice("kind", kind, HOST_KINDS)
    f = np.asarray(check_number("frequency_hz", frequency_hz, unit="Hz", lo=0.0), dtype=float)
    return _BUILDERS[kind](f)


def host_channel(kind: str, *, lane_rate_bps: float = LANE_RATE_200G_BPS, n_points: int = 1001) -> skrf.Network:
    """Host path of an architecture, bump to bump, as a Network on the lane's standard grid.

    Args:
        kind: ``front_panel_pluggable``, ``near_packaged``, ``co_packaged`` or ``lpo_host``.
        lane_rate_bps: lane bit rate, bit/s (the grid runs 0 .. lane rate / 2).
        n_points: grid points (see ``channel_frequency_grid``).
    """
    f = channel_frequency_grid(lane_rate_bps, n_points=n_points)
    return to_network(f, host_channel_s(kind, f), name=f"host {kind}")


def host_channel_loss_db(kind: str, *, lane_rate_bps: float = LANE_RATE_200G_BPS) -> float:
    """Insertion loss of :func:`host_channel` at the lane's Nyquist frequency, dB."""
    net = host_channel(kind, lane_rate_bps=lane_rate_bps)
    return float(loss_db_at(net, nyquist_hz(lane_rate_bps)))


def copper_port_s(kind: str, frequency_hz: Any, *, host_pcb_length_m: float | None = None) -> np.ndarray:
    """ASIC die to the cage/connector of a copper cable port, ``(n_freq, 2, 2)``.

    ``front_panel_pluggable``/``lpo_host``: package + BGA/via + host PCB (180 mm, CPS-ELE-28,
    or ``host_pcb_length_m``) + front-panel connector; ``near_packaged``: package + BGA/via +
    50 mm PCB (or ``host_pcb_length_m``) + board connector (a near-package copper port);
    ``co_packaged``: die network + 20 mm substrate + a connector on the package (co-packaged
    copper, no board). The cable plug follows.
    """
    check_choice("host", kind, HOST_KINDS)
    f = np.asarray(check_number("frequency_hz", frequency_hz, unit="Hz", lo=0.0), dtype=float)
    if host_pcb_length_m is not None:
        pcb = check_number("host_pcb_length_m", host_pcb_length_m, unit="m", lo=0.0, hi=2.0)
        if kind == "co_packaged":
            raise ConfigError("host_pcb_length_m", pcb, "does not apply to a co-packaged port (no board path)", unit="m")
    if kind in ("front_panel_pluggable", "lpo_host"):
        pcb = scaled_constant(COPPER_PORT_PCB_M, "CPS-ELE-28") if host_pcb_length_m is None else pcb
        return cascade_s(_asic_side(f, pcb), FRONT_PANEL_CONNECTOR.s(f))
    if kind == "near_packaged":
        pcb = NPO_PCB_M if host_pcb_length_m is None else pcb
        return cascade_s(_asic_side(f, pcb), BOARD_CONNECTOR.sampled().s(f))
    t = DEVICE_TERMINATION.sampled().s(f)
    return cascade_s(t, line_s(f, CPO_SUBSTRATE_TRACE_M, ASIC_PACKAGE.sampled().line), BOARD_CONNECTOR.sampled().s(f))
