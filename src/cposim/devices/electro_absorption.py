"""Electro-absorption modulator (GeSi Franz-Keldysh type), lumped capacitive drive.

Transfer: the absorption in dB is taken linear in the reverse-bias drive ``v`` between the
on state (``v = 0``, loss ``on_state_loss_db``) and the rated swing, where the extinction
is ``rated_extinction_ratio_db`` (DEV-26):

    T_dB(v) = -on_state_loss_db - rated_extinction_ratio_db * v / rated_swing_v,

so equally spaced drive voltages give levels equally spaced in dB (compressed toward the
low-power end in linear power). Drive energy per bit is that of a capacitive load,
``C Vpp^2 (M + 1) / (6 M log2 M)`` (``C V^2 / 4`` for NRZ, CPS-MOD-08); the extra
dissipation of the absorbed photocurrent under bias is not included. The defaults are
C/L-band GeSi devices (DEV-25, DEV-26); O-band EAMs need a different alloy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from cposim.devices.base import Device, as_array, param, register_device
from cposim.devices.modulation import CapacitiveDrive, LevelFigures, check_n_levels, order_levels
from cposim.units import db_to_linear
from cposim.validation import check_number


@register_device("electro_absorption_modulator")
@dataclass(frozen=True, kw_only=True)
class ElectroAbsorptionModulator(LevelFigures, CapacitiveDrive, Device):
    """A lumped electro-absorption modulator.

    Parameters (SI):
        on_state_loss_db: insertion loss at zero drive (the high level), dB.
        rated_extinction_ratio_db: extinction between zero drive and ``rated_swing_v``, dB.
        rated_swing_v: drive swing at which the rated extinction is reached, V.
        drive_swing_v: peak-to-peak drive swing used, V.
        bandwidth_hz: electro-optic 3 dB bandwidth, Hz.
        capacitance_f: device capacitance, F.

    Outputs:
        extinction_ratio_db (dB), insertion_loss_db (dB, high level), oma_fraction,
        average_transmission, level_mismatch_ratio (PAM4), modulation_bandwidth_hz (Hz),
        nrz_drive_energy_per_bit_j (J).
    Methods: transmission_at_voltage(voltage_v), transmission_levels(n_levels),
        drive_energy_per_bit_j(n_levels), drive_power_w(bit_rate_bps, n_levels).
    """

    on_state_loss_db: float = param(4.0, unit="dB", sources=("DEV-26",), lo=0.0, hi=30.0,
                                    doc="insertion loss at zero drive (range 2.5-5 dB)")
    rated_extinction_ratio_db: float = param(5.0, unit="dB", sources=("DEV-26",), lo=0.0, hi=40.0, lo_open=True,
                                             doc="extinction at the rated swing (range 4-7.5 dB)")
    rated_swing_v: float = param(2.0, unit="V", sources=("CPS-MOD-18",), lo=0.0, hi=20.0, lo_open=True,
                                 doc="swing at which the rated extinction is reached")
    drive_swing_v: float = param(2.0, unit="V", sources=("CPS-MOD-18",), lo=0.0, hi=20.0, lo_open=True,
                                 doc="peak-to-peak drive swing")
    bandwidth_hz: float = param(89e9, unit="Hz", sources=("DEV-25",), lo=0.0, hi=1e12, lo_open=True,
                                doc="EO 3 dB bandwidth")
    capacitance_f: float = param(50e-15, unit="F", sources=("CPS-MOD-19", "DEV-27"), lo=0.0, hi=10e-12,
                                 lo_open=True, doc="device capacitance")

    outputs: ClassVar[tuple[str, ...]] = (
        "extinction_ratio_db",
        "insertion_loss_db",
        "oma_fraction",
        "average_transmission",
        "level_mismatch_ratio",
        "modulation_bandwidth_hz",
        "nrz_drive_energy_per_bit_j",
    )

    def _loss_db(self, v: np.ndarray) -> np.ndarray:
        slope = as_array(self.rated_extinction_ratio_db) / as_array(self.rated_swing_v)
        return as_array(self.on_state_loss_db) + slope * v

    def transmission_at_voltage(self, voltage_v: Any) -> np.ndarray:
        """Power transmission (fraction of input) at reverse-bias drive ``voltage_v`` (V, >= 0)."""
        v = as_array(check_number("voltage_v", voltage_v, unit="V", lo=0.0, hi=20.0))
        return db_to_linear(-self._loss_db(v))

    def transmission_levels(self, n_levels: int = 2) -> np.ndarray:
        """Power transmissions of ``n_levels`` equally spaced drives from 0 to ``drive_swing_v``.

        Shape ``(..., n_levels)``, lowest transmission first.
        """
        m = check_n_levels(n_levels)
        v = as_array(self.drive_swing_v)[..., None] * np.linspace(0.0, 1.0, m)
        slope = (as_array(self.rated_extinction_ratio_db) / as_array(self.rated_swing_v))[..., None]
        t = db_to_linear(-(as_array(self.on_state_loss_db)[..., None] + slope * v))
        return order_levels(t)

    @property
    def extinction_ratio_db(self) -> np.ndarray:
        """Extinction ratio at the drive swing, dB: ``ER_rated Vpp / V_rated``."""
        return as_array(self.rated_extinction_ratio_db) * as_array(self.drive_swing_v) / as_array(self.rated_swing_v)

    @property
    def insertion_loss_db(self) -> np.ndarray:
        """Loss of the high (zero-drive) level, dB."""
        return as_array(self.on_state_loss_db)

    @property
    def modulation_bandwidth_hz(self) -> np.ndarray:
        """Electro-optic 3 dB bandwidth, Hz."""
        return as_array(self.bandwidth_hz)
