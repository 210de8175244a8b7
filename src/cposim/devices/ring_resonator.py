"""Passive silicon micro-ring resonator: all-pass or add-drop, exact Airy transfer functions.

Notation (Bogaerts et al., Laser Photonics Rev. 6:47 (2012); CPS-MOD-01): ``r1`` and ``r2``
are the self-coupling (straight-through field) coefficients of the through-side and
drop-side couplers (``r2 = 1``: all-pass ring, no drop port), ``a`` is the round-trip
field amplitude transmission, ``L = 2 pi R`` the circumference and ``phi`` the round-trip
phase measured from resonance,

    phi(lambda) = 2 pi n_g L (1/lambda - 1/lambda_res),

exact for a constant group index (no group-velocity dispersion) and zero at the resonance
``lambda_res``. With ``x = r1 r2 a``:

    T_through = (r2^2 a^2 - 2 r1 r2 a cos phi + r1^2) / (1 - 2 x cos phi + x^2)
    T_drop    = (1 - r1^2)(1 - r2^2) a / (1 - 2 x cos phi + x^2)

Field convention (pinned by a test): ``E_through = (r1 - r2 a e^{i phi}) / (1 - x e^{i phi})``,
the sum over round trips of a lossless coupler with cross-coupling ``-i kappa``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from cposim.devices.base import Device, as_array, param, register_device
from cposim.errors import ConfigError, PhysicsError
from cposim.units import SPEED_OF_LIGHT_M_PER_S, linear_to_db
from cposim.validation import check_number, require_finite

#: Largest rounding excess tolerated before a passive transmission counts as gain.
_PASSIVE_TOLERANCE = 1e-12


def _check_passive(name: str, value: np.ndarray) -> np.ndarray:
    """Raise PhysicsError if a passive power transmission leaves [0, 1] (beyond rounding)."""
    if np.any(value > 1.0 + _PASSIVE_TOLERANCE) or np.any(value < -_PASSIVE_TOLERANCE):
        raise PhysicsError(f"{name}: power transmission outside [0, 1] (max {np.max(value):g}); "
                           "a passive ring cannot produce gain")
    return value


def _through_power(phase_rad, r1, r2, a) -> np.ndarray:
    """Through-port power transmission (Airy form written with sin^2 so it stays >= 0)."""
    s2 = np.sin(0.5 * np.asarray(phase_rad, dtype=float)) ** 2
    x = r1 * r2 * a
    return ((r1 - r2 * a) ** 2 + 4.0 * x * s2) / ((1.0 - x) ** 2 + 4.0 * x * s2)


def _drop_power(phase_rad, r1, r2, a) -> np.ndarray:
    """Drop-port power transmission."""
    s2 = np.sin(0.5 * np.asarray(phase_rad, dtype=float)) ** 2
    x = r1 * r2 * a
    return (1.0 - r1**2) * (1.0 - r2**2) * a / ((1.0 - x) ** 2 + 4.0 * x * s2)


@register_device("ring_resonator")
@dataclass(frozen=True, kw_only=True)
class RingResonator(Device):
    """A passive micro-ring (all-pass when ``drop_self_coupling = 1``).

    Parameters (SI):
        radius_m: ring radius, m (circumference ``L = 2 pi R``).
        group_index: group index of the ring waveguide.
        resonance_wavelength_m: wavelength of the resonance the model is centred on, m.
        loss_db_per_m: propagation loss of the ring waveguide, dB/m.
        through_self_coupling: ``r1``, field self-coupling of the bus (through) coupler.
        drop_self_coupling: ``r2``, field self-coupling of the drop coupler (1 = no drop).

    Outputs (properties):
        circumference_m (m), round_trip_amplitude (``a``), fsr_m (m), fsr_hz (Hz),
        fwhm_m (m), fwhm_hz (Hz), loaded_q, intrinsic_q, finesse, photon_lifetime_s (s),
        round_trip_time_s (s), critical_through_self_coupling (``r2 a``),
        through_transmission_at_resonance, drop_transmission_at_resonance (fractions),
        resonance_extinction_db (dB, through port off/on resonance).
    Methods (wavelength in m, broadcast with the parameters by NumPy rules):
        through_transmission, drop_transmission (power fractions), through_field,
        drop_field (complex amplitudes), round_trip_phase_rad (rad).
    """

    radius_m: float = param(5e-6, unit="m", sources=("DEV-10",), lo=1e-6, hi=1e-3,
                            doc="ring radius")
    group_index: float = param(4.2, unit="", sources=("CPS-PHY-01", "DEV-10"), lo=1.0, hi=6.0,
                               doc="group index of the ring waveguide")
    resonance_wavelength_m: float = param(1310e-9, unit="m", sources=("DEV-10", "STD-27"), lo=0.4e-6, hi=2.0e-6,
                                          doc="resonance wavelength")
    loss_db_per_m: float = param(360.0, unit="dB/m", sources=("DEV-50",), lo=0.0, hi=1e5,
                                 doc="propagation loss (3.6 dB/cm)")
    through_self_coupling: float = param(0.99, unit="", sources=("CPS-MOD-02", "CPS-MOD-01"), lo=0.0, hi=1.0,
                                         lo_open=True, doc="r1, self-coupling of the through coupler")
    drop_self_coupling: float = param(1.0, unit="", sources=("CPS-MOD-01",), lo=0.0, hi=1.0, lo_open=True,
                                      doc="r2, self-coupling of the drop coupler (1 = all-pass)")

    outputs: ClassVar[tuple[str, ...]] = (
        "circumference_m",
        "round_trip_amplitude",
        "fsr_m",
        "fsr_hz",
        "fwhm_m",
        "fwhm_hz",
        "loaded_q",
        "intrinsic_q",
        "finesse",
        "photon_lifetime_s",
        "round_trip_time_s",
        "critical_through_self_coupling",
        "through_transmission_at_resonance",
        "drop_transmission_at_resonance",
        "resonance_extinction_db",
    )

    def _check(self) -> None:
        if np.any(self._x >= 1.0):
            raise ConfigError(f"{type(self).__name__}.loss_db_per_m", float(np.min(as_array(self.loss_db_per_m))),
                              "with both self-couplings equal to 1 is a closed lossless ring with no linewidth; "
                              "expected loss > 0 dB/m or a self-coupling < 1", unit="dB/m")

    # ---- geometry and loss -----------------------------------------------------------
    @property
    def circumference_m(self) -> np.ndarray:
        """Ring circumference ``L = 2 pi R``, m."""
        return 2.0 * np.pi * as_array(self.radius_m)

    @property
    def round_trip_amplitude(self) -> np.ndarray:
        """Round-trip field transmission ``a = 10**(-loss_dB_per_m L / 20)``."""
        return np.power(10.0, -as_array(self.loss_db_per_m) * self.circumference_m / 20.0)

    @property
    def _x(self) -> np.ndarray:
        return as_array(self.through_self_coupling) * as_array(self.drop_self_coupling) * self.round_trip_amplitude

    @property
    def round_trip_time_s(self) -> np.ndarray:
        """Group delay of one round trip, s: ``n_g L / c``."""
        return as_array(self.group_index) * self.circumference_m / SPEED_OF_LIGHT_M_PER_S

    # ---- spectrum ------------------------------------------------------------------
    def round_trip_phase_rad(self, wavelength_m: Any, resonance_shift_m: Any = 0.0) -> np.ndarray:
        """Round-trip phase from resonance, rad: ``2 pi n_g L (1/lambda - 1/(lambda_res + shift))``.

        Args:
            wavelength_m: optical wavelength, m.
            resonance_shift_m: shift of the resonance (positive = red shift), m.
        """
        lam = as_array(check_number("wavelength_m", wavelength_m, unit="m", lo=0.1e-6, hi=10e-6))
        res = as_array(self.resonance_wavelength_m) + as_array(resonance_shift_m)
        return 2.0 * np.pi * as_array(self.group_index) * self.circumference_m * (1.0 / lam - 1.0 / res)

    def _through_at_phase(self, phase_rad) -> np.ndarray:
        t = _through_power(phase_rad, as_array(self.through_self_coupling), as_array(self.drop_self_coupling),
                           self.round_trip_amplitude)
        return _check_passive(f"{type(self).__name__}.through_transmission", t)

    def _drop_at_phase(self, phase_rad) -> np.ndarray:
        d = _drop_power(phase_rad, as_array(self.through_self_coupling), as_array(self.drop_self_coupling),
                        self.round_trip_amplitude)
        return _check_passive(f"{type(self).__name__}.drop_transmission", d)

    def through_transmission(self, wavelength_m: Any) -> np.ndarray:
        """Through-port power transmission (fraction of input power) at ``wavelength_m`` (m)."""
        return self._through_at_phase(self.round_trip_phase_rad(wavelength_m))

    def drop_transmission(self, wavelength_m: Any) -> np.ndarray:
        """Drop-port power transmission (fraction of input power) at ``wavelength_m`` (m)."""
        return self._drop_at_phase(self.round_trip_phase_rad(wavelength_m))

    def through_field(self, wavelength_m: Any) -> np.ndarray:
        """Complex through-port field transmission ``(r1 - r2 a e^{i phi}) / (1 - r1 r2 a e^{i phi})``."""
        e = np.exp(1j * self.round_trip_phase_rad(wavelength_m))
        r1, r2, a = as_array(self.through_self_coupling), as_array(self.drop_self_coupling), self.round_trip_amplitude
        return (r1 - r2 * a * e) / (1.0 - r1 * r2 * a * e)

    def drop_field(self, wavelength_m: Any) -> np.ndarray:
        """Complex drop-port field ``-k1 k2 sqrt(a) e^{i phi/2} / (1 - r1 r2 a e^{i phi})``, ``k = sqrt(1 - r^2)``."""
        phi = self.round_trip_phase_rad(wavelength_m)
        r1, r2, a = as_array(self.through_self_coupling), as_array(self.drop_self_coupling), self.round_trip_amplitude
        k1k2 = np.sqrt((1.0 - r1**2) * (1.0 - r2**2))
        return -k1k2 * np.sqrt(a) * np.exp(0.5j * phi) / (1.0 - r1 * r2 * a * np.exp(1j * phi))

    # ---- closed forms --------------------------------------------------------------
    @property
    def fsr_m(self) -> np.ndarray:
        """Free spectral range, m: ``lambda^2 / (n_g L)`` (DEV-10)."""
        lam = as_array(self.resonance_wavelength_m)
        return lam**2 / (as_array(self.group_index) * self.circumference_m)

    @property
    def fsr_hz(self) -> np.ndarray:
        """Free spectral range, Hz: ``c / (n_g L)`` (exact for constant group index)."""
        return SPEED_OF_LIGHT_M_PER_S / (as_array(self.group_index) * self.circumference_m)

    @property
    def fwhm_hz(self) -> np.ndarray:
        """Resonance full width at half maximum, Hz: ``(1 - x) c / (pi n_g L sqrt(x))``, ``x = r1 r2 a``.

        High-finesse closed form of Bogaerts et al. (CPS-MOD-01).
        """
        x = self._x
        return (1.0 - x) * SPEED_OF_LIGHT_M_PER_S / (np.pi * as_array(self.group_index) * self.circumference_m
                                                      * np.sqrt(x))

    @property
    def fwhm_m(self) -> np.ndarray:
        """Resonance FWHM, m: ``(1 - x) lambda^2 / (pi n_g L sqrt(x))`` (CPS-MOD-01)."""
        return self.fwhm_hz * as_array(self.resonance_wavelength_m) ** 2 / SPEED_OF_LIGHT_M_PER_S

    @property
    def loaded_q(self) -> np.ndarray:
        """Loaded quality factor ``lambda / FWHM``."""
        return as_array(self.resonance_wavelength_m) / self.fwhm_m

    @property
    def intrinsic_q(self) -> np.ndarray:
        """Intrinsic (loss-only) quality factor ``2 pi n_g / (lambda alpha)``, alpha in 1/m (power).

        Raises PhysicsError for a lossless ring (infinite Q).
        """
        alpha = as_array(self.loss_db_per_m) * np.log(10.0) / 10.0
        with np.errstate(divide="ignore"):
            q = 2.0 * np.pi * as_array(self.group_index) / (as_array(self.resonance_wavelength_m) * alpha)
        return require_finite(f"{type(self).__name__}.intrinsic_q (lossless ring)", q)

    @property
    def finesse(self) -> np.ndarray:
        """Finesse ``FSR / FWHM = pi sqrt(x) / (1 - x)``."""
        return self.fsr_hz / self.fwhm_hz

    @property
    def photon_lifetime_s(self) -> np.ndarray:
        """Photon (energy) lifetime in the ring, s: ``Q / (2 pi nu) = 1 / (2 pi FWHM_Hz)``."""
        return 1.0 / (2.0 * np.pi * self.fwhm_hz)

    # ---- coupling regime -----------------------------------------------------------
    @property
    def critical_through_self_coupling(self) -> np.ndarray:
        """``r1`` that gives zero through-port power at resonance: ``r2 a`` (``a`` for all-pass)."""
        return as_array(self.drop_self_coupling) * self.round_trip_amplitude

    @property
    def coupling_regime(self) -> str | np.ndarray:
        """``'under'`` (r1 > r2 a), ``'critical'`` (equal within 1e-9) or ``'over'`` (r1 < r2 a)."""
        r1 = as_array(self.through_self_coupling)
        rc = self.critical_through_self_coupling
        regime = np.where(np.isclose(r1, rc, rtol=1e-9, atol=0.0), "critical", np.where(r1 > rc, "under", "over"))
        return str(regime) if regime.ndim == 0 else regime

    @property
    def through_transmission_at_resonance(self) -> np.ndarray:
        """Through-port power at resonance, fraction: ``(r1 - r2 a)^2 / (1 - r1 r2 a)^2``."""
        return self._through_at_phase(0.0)

    @property
    def drop_transmission_at_resonance(self) -> np.ndarray:
        """Drop-port power at resonance, fraction: ``(1 - r1^2)(1 - r2^2) a / (1 - r1 r2 a)^2``."""
        return self._drop_at_phase(0.0)

    @property
    def resonance_extinction_db(self) -> np.ndarray:
        """Through-port resonance extinction, dB: ``10 log10(T(anti-resonance) / T(resonance))``.

        Raises PhysicsError at exact critical coupling (the ideal model's extinction is infinite).
        """
        t_on = self.through_transmission_at_resonance
        t_off = self._through_at_phase(np.pi)
        with np.errstate(divide="ignore"):
            er = linear_to_db(t_off / t_on)
        return require_finite(f"{type(self).__name__}.resonance_extinction_db (exact critical coupling)", er)
