"""What one architecture costs per port: power by contributor, reach, margin, lasers, fibers.

Accounting, stated once: a port is one end of a link carrying ``port_rate_bps`` of payload in
EACH direction (``lanes`` x ``lane_rate_bps``). ``power_w_per_port`` is the power at that end
for both directions: its module, engine or cable end plus its host SerDes share (the sending
Tx and receiving Rx of one direction, as :mod:`cposim.link.energy`). Energy per bit is per
direction: ``power_w_per_port / port_rate_bps``. For a co-packaged port the external laser
source's share is included (it sits on the front panel, not on the package).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cposim.units import PICO

#: Contributors every architecture reports (W per port; zero where absent).
PORT_CONTRIBUTORS = (
    "host_serdes",
    "dsp_retimer",
    "modulator_drive",
    "receiver",
    "laser",
    "ring_tuning",
    "overhead",
)

ACCOUNTING = (
    "per port = one end of the link, both directions: module/engine/cable end + host SerDes "
    "(Tx of one direction + Rx of the other); pJ/bit = port power / payload rate per direction"
)


@dataclass(frozen=True)
class PortResult:
    """One architecture evaluated for one port (arrays where the inputs were arrays).

    Attributes:
        architecture: registry name (``dsp-dr``, ``cpo-mrm``, ``dac``, ...); label: display text.
        port_rate_bps: payload per direction, bit/s; lane_rate_bps: payload per lane, bit/s;
        lanes: lanes per port.
        breakdown_w: contributor -> W per port (:data:`PORT_CONTRIBUTORS`).
        reach_m: longest link this architecture supports, m; reach_basis: how it was found.
        length_m: link length at which the margin was evaluated, m.
        margin_db: margin at ``length_m``, dB; margin_basis: optical (link engine, BER at the
            FEC threshold) or electrical (copper channel).
        ber: pre-FEC BER of an optical lane at ``length_m`` (None for copper).
        lasers_per_port, fibers_per_port (signal + laser-feed fibers), signal_fibers_per_port,
        laser_fibers_per_port: counts (may be fractional where lasers are shared by ports).
        host_channel_loss_db: host channel loss at Nyquist (Rx side where asymmetric), dB.
        host_serdes_class: chosen SerDes class(es); host_electrical_lanes: per port.
        host_explanation: which losses chose the host class and why (one sentence).
        module_power_w: power of the module/engine/cable end without host SerDes, W.
        extrapolated: True if any number rests on the 400G/lane extrapolation.
        sources: reference ids behind the numbers; notes: plain-text caveats.
        extras: architecture-specific facts (e.g. ``laser_fibers_per_module`` of an external
            laser source, ``copper_pairs_per_port``).
    """

    architecture: str
    label: str
    port_rate_bps: float
    lane_rate_bps: float
    lanes: int
    breakdown_w: dict[str, Any]
    reach_m: Any
    reach_basis: str
    length_m: Any
    margin_db: Any
    margin_basis: str
    ber: Any
    lasers_per_port: float
    signal_fibers_per_port: float
    laser_fibers_per_port: float
    host_channel_loss_db: float
    host_serdes_class: str
    host_electrical_lanes: int
    extrapolated: bool
    sources: tuple[str, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    extras: dict[str, Any] = field(default_factory=dict)
    host_explanation: str = ""

    @property
    def power_w_per_port(self) -> Any:
        """Total power per port (one end, both directions), W."""
        return sum(np.asarray(v, dtype=float) for v in self.breakdown_w.values())

    @property
    def module_power_w(self) -> Any:
        """Power per port without the host SerDes (module, engine + laser share, cable end), W."""
        return self.power_w_per_port - np.asarray(self.breakdown_w["host_serdes"], dtype=float)

    @property
    def energy_pj_per_bit(self) -> Any:
        """Energy per bit per direction, pJ/bit."""
        return self.power_w_per_port / self.port_rate_bps / PICO

    def breakdown_pj_per_bit(self) -> dict[str, Any]:
        """Contributor -> pJ/bit per direction."""
        return {k: np.asarray(v, dtype=float) / self.port_rate_bps / PICO for k, v in self.breakdown_w.items()}

    @property
    def fibers_per_port(self) -> float:
        """Fibers attached at the port's module or engine: signal plus laser-feed fibers."""
        return self.signal_fibers_per_port + self.laser_fibers_per_port

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data (units in the key names; per-direction pJ/bit)."""
        return {
            "architecture": self.architecture,
            "label": self.label,
            "port_rate_bps": self.port_rate_bps,
            "lane_rate_bps": self.lane_rate_bps,
            "lanes": self.lanes,
            "power_w_per_port": _num(self.power_w_per_port),
            "module_power_w": _num(self.module_power_w),
            "energy_pj_per_bit": _num(self.energy_pj_per_bit),
            "breakdown_w": {k: _num(v) for k, v in self.breakdown_w.items()},
            "breakdown_pj_per_bit": {k: _num(v) for k, v in self.breakdown_pj_per_bit().items()},
            "reach_m": _num(self.reach_m),
            "reach_basis": self.reach_basis,
            "length_m": _num(self.length_m),
            "margin_db": _num(self.margin_db),
            "margin_basis": self.margin_basis,
            "ber": None if self.ber is None else _num(self.ber),
            "lasers_per_port": _num(self.lasers_per_port),
            "fibers_per_port": _num(self.fibers_per_port),
            "signal_fibers_per_port": _num(self.signal_fibers_per_port),
            "laser_fibers_per_port": _num(self.laser_fibers_per_port),
            "host_channel_loss_db": _num(self.host_channel_loss_db),
            "host_serdes_class": self.host_serdes_class,
            "host_electrical_lanes": self.host_electrical_lanes,
            "host_explanation": self.host_explanation,
            "extrapolated": self.extrapolated,
            "accounting": ACCOUNTING,
            "notes": list(self.notes),
            "sources": list(self.sources),
        }


def _num(x: Any) -> Any:
    arr = np.asarray(x, dtype=float)
    return float(arr) if arr.ndim == 0 else arr.tolist()
