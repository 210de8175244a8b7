"""Linear modulator driver: the electrical power drawn to deliver a drive swing.

A Mach-Zehnder or electro-absorption modulator needs RF power into its termination or
junction (computed by the modulator model); the driver draws that power divided by its
efficiency plus a static bias per channel. Micro-ring transmitters are costed from a
measured driver+modulator energy per bit instead (DEV-08), so they do not use this model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from cposim.devices.base import Device, as_array, param, register_device
from cposim.validation import check_number


@register_device("modulator_driver")
@dataclass(frozen=True, kw_only=True)
class ModulatorDriver(Device):
    """Linear driver amplifier for one modulator lane.

    Parameters:
        efficiency: RF power delivered to the modulator / DC power drawn for it (0-1].
        static_power_w: bias power per channel independent of the swing, W.
    """

    efficiency: float = param(0.1, unit="1", sources=("CPS-DRV-01",), lo=0.0, hi=1.0, lo_open=True)
    static_power_w: float = param(0.25, unit="W", sources=("CPS-DRV-02",), lo=0.0, hi=5.0)

    outputs: ClassVar[tuple[str, ...]] = ("power_at_10mw_rf_w",)

    def power_w(self, rf_power_w: Any) -> np.ndarray:
        """DC power drawn, W, to deliver ``rf_power_w`` (W) of drive power."""
        rf = as_array(check_number("ModulatorDriver.rf_power_w", rf_power_w, unit="W", lo=0.0, hi=100.0))
        return as_array(self.static_power_w) + rf / as_array(self.efficiency)

    @property
    def power_at_10mw_rf_w(self) -> np.ndarray:
        """DC power, W, when delivering 10 mW of RF drive (a quick figure of merit)."""
        return self.power_w(0.01)
