"""Continuous-wave DFB laser chip: output power, wall-plug efficiency, RIN and temperature.

Temperature model (constant drive current): the electrical power stays fixed, the
optical output power derates as ``P(T) = P(Tref) exp(-(T - Tref) / T_P)`` with an
effective characteristic temperature ``T_P`` (so the wall-plug efficiency derates the
same way), and the emission wavelength drifts linearly,
``lambda(T) = lambda(Tref) + (d lambda / d T) (T - Tref)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from cposim.devices.base import Device, as_array, param, register_device
from cposim.errors import PhysicsError
from cposim.units import db_to_linear, watt_to_dbm
from cposim.validation import check_number


@register_device("dfb_laser")
@dataclass(frozen=True, kw_only=True)
class DfbLaser(Device):
    """A CW distributed-feedback laser chip (the light source of an external laser module).

    Parameters (SI):
        wavelength_m: emission wavelength at ``reference_temperature_k``, m.
        output_power_w: CW optical output power at the reference temperature, W.
        wall_plug_efficiency: optical output / electrical input at the reference
            temperature, chip level (no TEC or driver), fraction.
        rin_db_per_hz: relative intensity noise, dB/Hz.
        reference_temperature_k: temperature at which power, efficiency and wavelength
            are specified, K.
        temperature_k: operating temperature, K.
        power_characteristic_temperature_k: ``T_P`` of the output-power derating at
            constant drive current, K.
        wavelength_drift_m_per_k: emission-wavelength temperature coefficient, m/K.

    Outputs:
        electrical_power_w (W), heat_w (W), output_power_at_temperature_w (W),
        output_power_at_temperature_dbm (dBm), wall_plug_efficiency_at_temperature
        (fraction), wavelength_at_temperature_m (m), rin_per_hz (1/Hz, linear).
    """

    wavelength_m: float = param(1310e-9, unit="m", sources=("STD-27",), lo=0.8e-6, hi=1.7e-6,
                                doc="emission wavelength at the reference temperature")
    output_power_w: float = param(0.1, unit="W", sources=("LAS-10", "LAS-11"), lo=0.0, hi=2.0, lo_open=True,
                                  doc="CW output power at the reference temperature (100-200 mW uncooled class)")
    wall_plug_efficiency: float = param(0.2, unit="", sources=("LAS-10",), lo=0.0, hi=0.75, lo_open=True,
                                        doc="chip-level wall-plug efficiency at the reference temperature")
    rin_db_per_hz: float = param(-150.0, unit="dB/Hz", sources=("CPS-LAS-01", "LAS-16"), lo=-180.0, hi=-100.0,
                                 doc="relative intensity noise")
    reference_temperature_k: float = param(343.15, unit="K", sources=("LAS-10",), lo=200.0, hi=450.0,
                                           doc="temperature of the specified power, efficiency and wavelength (70 C)")
    temperature_k: float = param(343.15, unit="K", sources=("LAS-10",), lo=200.0, hi=450.0,
                                 doc="operating temperature")
    power_characteristic_temperature_k: float = param(100.0, unit="K", sources=("CPS-LAS-02",), lo=10.0, hi=1000.0,
                                                      doc="T_P of the output-power derating at constant current")
    wavelength_drift_m_per_k: float = param(0.09e-9, unit="m/K", sources=("CPS-LAS-03",), lo=0.0, hi=1e-9,
                                            doc="emission-wavelength temperature coefficient")

    outputs: ClassVar[tuple[str, ...]] = (
        "electrical_power_w",
        "heat_w",
        "output_power_at_temperature_w",
        "output_power_at_temperature_dbm",
        "wall_plug_efficiency_at_temperature",
        "wavelength_at_temperature_m",
        "rin_per_hz",
    )

    # ---- power ---------------------------------------------------------------------
    @property
    def electrical_power_w(self) -> np.ndarray:
        """Electrical input power, W: ``P_out(Tref) / WPE(Tref)`` (constant drive current)."""
        return as_array(self.output_power_w) / as_array(self.wall_plug_efficiency)

    def power_derating(self, temperature_k) -> np.ndarray:
        """Output-power factor ``exp(-(T - Tref)/T_P)`` at ``temperature_k`` (K) vs the reference."""
        t = as_array(check_number("DfbLaser.temperature_k", temperature_k, unit="K", lo=200.0, hi=450.0))
        dt = t - as_array(self.reference_temperature_k)
        return np.exp(-dt / as_array(self.power_characteristic_temperature_k))

    def output_power_at(self, temperature_k) -> np.ndarray:
        """Optical output power, W, at ``temperature_k`` (K), same drive current.

        Raises PhysicsError where the derating model, run far below the reference
        temperature, would emit more optical power than the electrical power drawn.
        """
        p = as_array(self.output_power_w) * self.power_derating(temperature_k)
        if np.any(p > self.electrical_power_w * (1.0 + 1e-12)):
            raise PhysicsError("DfbLaser.output_power_at: the temperature model gives a wall-plug efficiency "
                               "above 1 at this temperature; move the reference temperature closer or raise T_P")
        return p

    def wavelength_at(self, temperature_k) -> np.ndarray:
        """Emission wavelength, m, at ``temperature_k`` (K)."""
        t = as_array(check_number("DfbLaser.temperature_k", temperature_k, unit="K", lo=200.0, hi=450.0))
        dt = t - as_array(self.reference_temperature_k)
        return as_array(self.wavelength_m) + as_array(self.wavelength_drift_m_per_k) * dt

    @property
    def output_power_at_temperature_w(self) -> np.ndarray:
        """Optical output power at the operating temperature, W."""
        return self.output_power_at(self.temperature_k)

    @property
    def output_power_at_temperature_dbm(self) -> np.ndarray:
        """Optical output power at the operating temperature, dBm."""
        return watt_to_dbm(self.output_power_at_temperature_w)

    @property
    def wall_plug_efficiency_at_temperature(self) -> np.ndarray:
        """Wall-plug efficiency at the operating temperature (fraction)."""
        return self.output_power_at_temperature_w / self.electrical_power_w

    @property
    def heat_w(self) -> np.ndarray:
        """Heat dissipated in the chip at the operating temperature, W (electrical - optical)."""
        return self.electrical_power_w - self.output_power_at_temperature_w

    @property
    def wavelength_at_temperature_m(self) -> np.ndarray:
        """Emission wavelength at the operating temperature, m."""
        return self.wavelength_at(self.temperature_k)

    # ---- noise ---------------------------------------------------------------------
    @property
    def rin_per_hz(self) -> np.ndarray:
        """RIN as a linear spectral density, 1/Hz: ``10**(RIN_dB/10)``."""
        return db_to_linear(self.rin_db_per_hz)

    def intensity_noise_variance_w2(self, bandwidth_hz, power_w=None) -> np.ndarray:
        """Variance of the optical power fluctuations, W^2: ``RIN * P^2 * B``.

        Args:
            bandwidth_hz: noise bandwidth, Hz.
            power_w: optical power the RIN applies to, W (default: output power at the
                operating temperature; RIN is a ratio, so it scales with any later loss).
        """
        b = as_array(check_number("bandwidth_hz", bandwidth_hz, unit="Hz", lo=0.0))
        p = self.output_power_at_temperature_w if power_w is None else as_array(
            check_number("power_w", power_w, unit="W", lo=0.0))
        return self.rin_per_hz * p**2 * b
