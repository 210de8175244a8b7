"""Depletion-mode silicon micro-ring modulator, built on :class:`RingResonator`.

Drive model: the drive voltage ``v`` (extra reverse bias, 0 ... ``drive_swing_v``) red-shifts
the resonance linearly, ``lambda_res(v) = lambda_res + eta v`` (``eta`` =
``resonance_shift_m_per_v``; DEV-13 is an unsourced estimate range, 20-50 pm/V). The laser
sits at ``lambda_res + bias_detuning_m``; a positive detuning (red side) means the drive
pulls the resonance toward the laser and the through-port power falls. The modulated
levels are the through-port transmissions at equally spaced drive voltages, so the
Lorentzian shape compresses the PAM levels (see ``level_mismatch_ratio``).

Bandwidth: photon-lifetime limit ``f_opt = c / (lambda Q_L)`` (the linewidth in Hz) and RC
limit ``f_RC = 1 / (2 pi R C)``, combined as ``f^-2 = f_opt^-2 + f_RC^-2`` (a planning
approximation that ignores optical peaking from detuning).

Drive energy (CPS-MOD-08): a driver with supply ``Vpp`` charging the junction capacitance
``C`` draws ``C Vpp dV`` on each upward step ``dV``. For independent, equiprobable M-level
symbols on equally spaced voltages, ``E_symbol = C Vpp^2 (M + 1) / (6 M)`` and
``E_bit = E_symbol / log2 M``; NRZ (M = 2) gives the familiar ``C V^2 / 4``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from cposim.devices.base import as_array, param, register_device
from cposim.devices.modulation import (  # noqa: F401  (re-exported for callers)
    CapacitiveDrive,
    LevelFigures,
    capacitive_drive_energy_per_bit_j,
    check_n_levels,
    level_mismatch_ratio,
    order_levels,
)
from cposim.devices.ring_resonator import RingResonator, _check_passive, _through_power
from cposim.validation import check_number


@register_device("ring_modulator")
@dataclass(frozen=True, kw_only=True)
class RingModulator(LevelFigures, CapacitiveDrive, RingResonator):
    """Depletion-mode micro-ring modulator (through port is the output).

    Ring parameters as :class:`RingResonator` (with modulator defaults: doped-ring loss
    CPS-MOD-03 and slightly over-coupled ``r1`` CPS-MOD-04, loaded Q about 4400, DEV-12),
    plus (SI):
        bias_detuning_m: laser wavelength minus the zero-drive resonance, m (> 0: red side).
        resonance_shift_m_per_v: resonance red shift per volt of reverse bias, m/V.
        drive_swing_v: peak-to-peak drive swing, V.
        junction_capacitance_f: pn-junction capacitance, F.
        series_resistance_ohm: junction series plus driver source resistance, ohm.
        thermal_shift_m_per_k: resonance drift with temperature, m/K.
        heater_efficiency_m_per_w: red shift per heater power, m/W.
        transmitter_energy_per_bit_j: driver + modulator energy per bit, J (measured figure).

    Outputs (besides the ring's):
        laser_wavelength_m (m), resonance_shift_swing_m (m), optical_bandwidth_hz,
        rc_bandwidth_hz, modulation_bandwidth_hz (Hz), extinction_ratio_db (dB, NRZ
        levels), insertion_loss_db (dB, loss of the high level), oma_fraction (P1 - P0
        over input power), average_transmission, level_mismatch_ratio (PAM4 R_LM),
        nrz_drive_energy_per_bit_j (J), heater_power_per_fsr_w (W).
    Methods: transmission_levels(n_levels), transmission_at_voltage(voltage_v),
        drive_energy_per_bit_j(n_levels), drive_power_w(bit_rate_bps, n_levels),
        transmitter_power_w(bit_rate_bps), heater_power_for_shift_w(shift_m),
        heater_power_for_temperature_swing_w(delta_t_k).
    """

    loss_db_per_m: float = param(8700.0, unit="dB/m", sources=("CPS-MOD-03",), lo=0.0, hi=1e5,
                                 doc="effective loss of the doped ring (87 dB/cm)")
    through_self_coupling: float = param(0.96, unit="", sources=("CPS-MOD-04", "DEV-12"), lo=0.0, hi=1.0,
                                         lo_open=True, doc="r1, self-coupling of the bus coupler")
    bias_detuning_m: float = param(120e-12, unit="m", sources=("CPS-MOD-05",), lo=-10e-9, hi=10e-9,
                                   doc="laser minus zero-drive resonance wavelength")
    resonance_shift_m_per_v: float = param(35e-12, unit="m/V", sources=("DEV-13",), lo=0.0, hi=1e-9,
                                           lo_open=True, doc="red shift per volt of reverse bias (estimate range)")
    drive_swing_v: float = param(2.0, unit="V", sources=("DEV-07",), lo=0.0, hi=10.0, lo_open=True,
                                 doc="peak-to-peak drive swing")
    junction_capacitance_f: float = param(50e-15, unit="F", sources=("CPS-MOD-06",), lo=0.0, hi=10e-12,
                                          lo_open=True, doc="junction capacitance")
    series_resistance_ohm: float = param(50.0, unit="ohm", sources=("CPS-MOD-07",), lo=0.0, hi=1e5,
                                         lo_open=True, doc="series plus driver source resistance")
    thermal_shift_m_per_k: float = param(83e-12, unit="m/K", sources=("DEV-09",), lo=0.0, hi=1e-9,
                                         doc="resonance drift with temperature")
    heater_efficiency_m_per_w: float = param(1e-7, unit="m/W", sources=("DEV-04",), lo=0.0, hi=1e-5,
                                             lo_open=True, doc="heater tuning efficiency (0.1 nm/mW)")
    transmitter_energy_per_bit_j: float = param(1.44e-12, unit="J", sources=("DEV-08",), lo=0.0, hi=1e-10,
                                                doc="driver + modulator energy per bit (200G PAM4)")

    capacitance_field: ClassVar[str] = "junction_capacitance_f"

    outputs: ClassVar[tuple[str, ...]] = RingResonator.outputs + (
        "laser_wavelength_m",
        "extinction_ratio_db",
        "resonance_shift_swing_m",
        "optical_bandwidth_hz",
        "rc_bandwidth_hz",
        "modulation_bandwidth_hz",
        "insertion_loss_db",
        "oma_fraction",
        "average_transmission",
        "level_mismatch_ratio",
        "nrz_drive_energy_per_bit_j",
        "heater_power_per_fsr_w",
    )

    # ---- static transfer -------------------------------------------------------------
    @property
    def laser_wavelength_m(self) -> np.ndarray:
        """Laser (carrier) wavelength, m: resonance + bias detuning."""
        return as_array(self.resonance_wavelength_m) + as_array(self.bias_detuning_m)

    @property
    def resonance_shift_swing_m(self) -> np.ndarray:
        """Resonance shift over the full drive swing, m: ``eta Vpp``."""
        return as_array(self.resonance_shift_m_per_v) * as_array(self.drive_swing_v)

    def transmission_at_voltage(self, voltage_v: Any) -> np.ndarray:
        """Through-port power transmission at the laser wavelength for drive ``voltage_v`` (V, reverse)."""
        v = as_array(check_number("voltage_v", voltage_v, unit="V", lo=-20.0, hi=20.0))
        shift = as_array(self.resonance_shift_m_per_v) * v
        return self._through_at_phase(self.round_trip_phase_rad(self.laser_wavelength_m, shift))

    def transmission_levels(self, n_levels: int = 2) -> np.ndarray:
        """Optical power transmissions (fractions of input) of ``n_levels`` equally spaced drives.

        Shape ``(..., n_levels)``: the parameters' broadcast shape plus a last axis, ordered
        from the lower-transmission drive extreme (level 0) to the other.
        """
        m = check_n_levels(n_levels)
        frac = np.linspace(0.0, 1.0, m)
        v = as_array(self.drive_swing_v)[..., None] * frac
        shift = as_array(self.resonance_shift_m_per_v)[..., None] * v
        lam = self.laser_wavelength_m[..., None]
        res = as_array(self.resonance_wavelength_m)[..., None] + shift
        phase = 2.0 * np.pi * as_array(self.group_index)[..., None] * self.circumference_m[..., None] * (
            1.0 / lam - 1.0 / res)
        levels = _through_power(phase, as_array(self.through_self_coupling)[..., None],
                                as_array(self.drop_self_coupling)[..., None], self.round_trip_amplitude[..., None])
        return order_levels(_check_passive("RingModulator.transmission_levels", levels))

    # ---- bandwidth -----------------------------------------------------------------
    @property
    def optical_bandwidth_hz(self) -> np.ndarray:
        """Photon-lifetime bandwidth, Hz: ``c / (lambda Q_L)`` (= the linewidth in Hz)."""
        return self.fwhm_hz

    @property
    def rc_bandwidth_hz(self) -> np.ndarray:
        """Electrical RC bandwidth, Hz: ``1 / (2 pi R C)``."""
        return 1.0 / (2.0 * np.pi * as_array(self.series_resistance_ohm) * as_array(self.junction_capacitance_f))

    @property
    def modulation_bandwidth_hz(self) -> np.ndarray:
        """Combined EO bandwidth, Hz: ``(f_opt^-2 + f_RC^-2)^(-1/2)``."""
        return (self.optical_bandwidth_hz**-2 + self.rc_bandwidth_hz**-2) ** -0.5

    # ---- energy --------------------------------------------------------------------
    def transmitter_power_w(self, bit_rate_bps: Any) -> np.ndarray:
        """Driver + modulator power, W, from the measured energy per bit (DEV-08) at ``bit_rate_bps``."""
        rate = as_array(check_number("bit_rate_bps", bit_rate_bps, unit="bit/s", lo=0.0))
        return as_array(self.transmitter_energy_per_bit_j) * rate

    # ---- thermal tuning ------------------------------------------------------------
    def heater_power_for_shift_w(self, shift_m: Any) -> np.ndarray:
        """Heater power, W, to red-shift the resonance by ``shift_m`` (m, >= 0; heaters only heat)."""
        s = as_array(check_number("shift_m", shift_m, unit="m", lo=0.0))
        return s / as_array(self.heater_efficiency_m_per_w)

    def heater_power_for_temperature_swing_w(self, delta_t_k: Any) -> np.ndarray:
        """Heater power, W, to cancel a temperature swing ``delta_t_k`` (K): ``(dlambda/dT) dT / eff``."""
        dt = as_array(check_number("delta_t_k", delta_t_k, unit="K", lo=0.0))
        return self.heater_power_for_shift_w(as_array(self.thermal_shift_m_per_k) * dt)

    @property
    def heater_power_per_fsr_w(self) -> np.ndarray:
        """Heater power to tune across one FSR, W (worst-case lock range; DEV-10, DEV-11)."""
        return self.fsr_m / as_array(self.heater_efficiency_m_per_w)

    def detuning_after_temperature_change_m(self, delta_t_k: Any) -> np.ndarray:
        """Bias detuning, m, after the ring warms by ``delta_t_k`` (K) with the laser fixed."""
        dt = as_array(check_number("delta_t_k", delta_t_k, unit="K", lo=-200.0, hi=200.0))
        return as_array(self.bias_detuning_m) - as_array(self.thermal_shift_m_per_k) * dt
