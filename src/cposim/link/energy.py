"""Energy-per-bit accounting for one optical lane, per direction.

The accounting, stated once (and pinned by ``tests/unit/link/test_energy.py``):

* A lane carries ``data_rate_bps`` of payload in EACH direction. Energy per bit is the
  power spent to move one direction's traffic divided by that payload rate.
* One direction uses: the sending host's SerDes transmitter and the receiving host's
  SerDes receiver (``host_serdes``), the module-side electrical interface if any
  (``module_serdes``), the module DSP/retimer share (``dsp``), the laser's wall-plug
  electrical power share (``laser``), the modulator driver (``modulator_drive``), ring
  heater tuning for the modulator and any demux ring (``ring_tuning``), the photodetector
  bias and TIA (``receiver``), and module power conversion/control (``overhead``).
* Because a bidirectional module holds the transmitter of one direction and the receiver
  of the other, its power equals its per-direction energy per bit times the per-direction
  payload rate of all its lanes; host SerDes sit outside the module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from cposim.units import PICO

CONTRIBUTORS = (
    "laser",
    "modulator_drive",
    "ring_tuning",
    "receiver",
    "dsp",
    "module_serdes",
    "overhead",
    "host_serdes",
)
#: Contributors that live inside the optical module or engine (host SerDes does not).
MODULE_CONTRIBUTORS = CONTRIBUTORS[:-1]


@dataclass(frozen=True)
class EnergyBreakdown:
    """Per-direction power per lane (W) by contributor, with the payload rate it serves.

    Attributes:
        power_w: contributor -> power per lane per direction, W (scalars or arrays).
        data_rate_bps: payload bit rate per lane per direction, bit/s.
        lanes: lanes per module/port.
    """

    power_w: Mapping[str, np.ndarray | float]
    data_rate_bps: float | np.ndarray
    lanes: float | np.ndarray

    def pj_per_bit(self) -> dict[str, np.ndarray | float]:
        """Contributor -> energy per bit per direction, pJ/bit."""
        return {k: np.asarray(v) / self.data_rate_bps / PICO for k, v in self.power_w.items()}

    @property
    def total_pj_per_bit(self) -> np.ndarray | float:
        """Energy per bit per direction, all contributors, pJ/bit."""
        return sum(self.pj_per_bit().values())

    @property
    def module_pj_per_bit(self) -> np.ndarray | float:
        """Energy per bit per direction spent inside the module/engine (no host SerDes), pJ/bit."""
        e = self.pj_per_bit()
        return sum(e[k] for k in MODULE_CONTRIBUTORS if k in e)

    @property
    def module_power_w(self) -> np.ndarray | float:
        """Power of one bidirectional module/engine serving ``lanes`` lanes, W."""
        return self.module_pj_per_bit * PICO * self.data_rate_bps * self.lanes

    @property
    def port_power_w(self) -> np.ndarray | float:
        """Module power plus the host SerDes serving the port (both ends' share), W."""
        return self.total_pj_per_bit * PICO * self.data_rate_bps * self.lanes
