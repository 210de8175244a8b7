"""Unit conversions and physical constants used across cposim.

Everything inside cposim is SI (W, m, Hz, s, bit/s, J, K, A, V). Decibel quantities
carry ``_db``/``_dbm`` in their names. All functions broadcast over NumPy arrays.

Conventions pinned by tests (``tests/unit/test_units.py``):

* OMA (optical modulation amplitude) is ``P1 - P0`` in W; average power is
  ``(P1 + P0) / 2``; extinction ratio is ``P1 / P0`` (linear) or ``10 log10(P1/P0)`` dB.
* Bit rates are per direction unless a name says ``bidirectional``; a port of
  "1.6T" carries 1.6 Tb/s in each direction.
* Energy per bit is power divided by the per-direction bit rate it serves.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import constants as _c

ArrayLike = npt.ArrayLike

#: Planck constant, J s.
PLANCK_J_S = _c.h
#: Speed of light in vacuum, m/s.
SPEED_OF_LIGHT_M_PER_S = _c.c
#: Elementary charge, C.
ELEMENTARY_CHARGE_C = _c.e
#: Boltzmann constant, J/K.
BOLTZMANN_J_PER_K = _c.k
#: Room temperature used as the default noise temperature, K.
ROOM_TEMPERATURE_K = 300.0

PICO = 1e-12


def db_to_linear(value_db: ArrayLike) -> np.ndarray:
    """Power ratio from decibels: ``10**(dB/10)``."""
    return np.power(10.0, np.asarray(value_db, dtype=float) / 10.0)


def linear_to_db(ratio: ArrayLike) -> np.ndarray:
    """Decibels from a power ratio (must be > 0)."""
    return 10.0 * np.log10(np.asarray(ratio, dtype=float))


def dbm_to_watt(power_dbm: ArrayLike) -> np.ndarray:
    """Power in W from dBm."""
    return 1e-3 * db_to_linear(power_dbm)


def watt_to_dbm(power_w: ArrayLike) -> np.ndarray:
    """Power in dBm from W (must be > 0)."""
    return linear_to_db(np.asarray(power_w, dtype=float) / 1e-3)


def photon_energy_j(wavelength_m: ArrayLike) -> np.ndarray:
    """Energy of one photon, J: ``h c / lambda`` (wavelength in m)."""
    return PLANCK_J_S * SPEED_OF_LIGHT_M_PER_S / np.asarray(wavelength_m, dtype=float)


def frequency_hz(wavelength_m: ArrayLike) -> np.ndarray:
    """Optical frequency, Hz, of a vacuum wavelength in m."""
    return SPEED_OF_LIGHT_M_PER_S / np.asarray(wavelength_m, dtype=float)


def wavelength_m(frequency: ArrayLike) -> np.ndarray:
    """Vacuum wavelength, m, of an optical frequency in Hz."""
    return SPEED_OF_LIGHT_M_PER_S / np.asarray(frequency, dtype=float)


def delta_wavelength_m(delta_frequency_hz: ArrayLike, wavelength: ArrayLike) -> np.ndarray:
    """Wavelength spacing, m, equivalent to a frequency spacing (Hz) near ``wavelength`` (m)."""
    lam = np.asarray(wavelength, dtype=float)
    return np.asarray(delta_frequency_hz, dtype=float) * lam**2 / SPEED_OF_LIGHT_M_PER_S


def oma_from_average(average_w: ArrayLike, extinction_ratio_db: ArrayLike) -> np.ndarray:
    """OMA (P1 - P0), W, from average power (W) and extinction ratio (dB)."""
    r = db_to_linear(extinction_ratio_db)
    return 2.0 * np.asarray(average_w, dtype=float) * (r - 1.0) / (r + 1.0)


def average_from_oma(oma_w: ArrayLike, extinction_ratio_db: ArrayLike) -> np.ndarray:
    """Average power, W, from OMA (W) and extinction ratio (dB); ER must be > 0 dB."""
    r = db_to_linear(extinction_ratio_db)
    return np.asarray(oma_w, dtype=float) * (r + 1.0) / (2.0 * (r - 1.0))


def levels_from_average(average_w: ArrayLike, extinction_ratio_db: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Return (P0, P1), W: the low and high optical levels for an average power and ER."""
    r = db_to_linear(extinction_ratio_db)
    avg = np.asarray(average_w, dtype=float)
    p0 = 2.0 * avg / (r + 1.0)
    return p0, p0 * r


def extinction_ratio_db(p_high_w: ArrayLike, p_low_w: ArrayLike) -> np.ndarray:
    """Extinction ratio, dB, ``10 log10(P1/P0)``."""
    return linear_to_db(np.asarray(p_high_w, dtype=float) / np.asarray(p_low_w, dtype=float))


def energy_per_bit_pj(power_w: ArrayLike, bit_rate_bps: ArrayLike) -> np.ndarray:
    """Energy per bit in pJ/bit from power (W) and the per-direction bit rate (bit/s) it serves."""
    return np.asarray(power_w, dtype=float) / np.asarray(bit_rate_bps, dtype=float) / PICO


def power_from_energy_w(energy_pj_per_bit: ArrayLike, bit_rate_bps: ArrayLike) -> np.ndarray:
    """Power in W from energy per bit (pJ/bit) and the per-direction bit rate (bit/s)."""
    return np.asarray(energy_pj_per_bit, dtype=float) * PICO * np.asarray(bit_rate_bps, dtype=float)


def bidirectional_rate_bps(per_direction_bps: ArrayLike) -> np.ndarray:
    """Total bit rate counting both directions (what some vendors quote), bit/s."""
    return 2.0 * np.asarray(per_direction_bps, dtype=float)


def per_direction_rate_bps(bidirectional_bps: ArrayLike) -> np.ndarray:
    """Per-direction bit rate from a figure that counts both directions, bit/s."""
    return np.asarray(bidirectional_bps, dtype=float) / 2.0


def photons_per_bit(energy_j: ArrayLike, wavelength: ArrayLike) -> np.ndarray:
    """Number of photons carrying ``energy_j`` (J) at ``wavelength`` (m)."""
    return np.asarray(energy_j, dtype=float) / photon_energy_j(wavelength)
