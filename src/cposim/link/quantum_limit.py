"""Quantum limit of an ideal direct-detection OOK (NRZ) receiver.

An ideal photon counter (unit quantum efficiency, no dark counts, no thermal noise) receives
Poisson-distributed photons. A "0" carries none and is never wrong; a "1" carrying a mean of
``n1`` photons is mistaken for a "0" when none arrive, with probability ``exp(-n1)``. With equal
priors ``BER = exp(-n1) / 2``. The mean number of photons per bit is ``n = n1 / 2``, so::

    BER = exp(-2 n) / 2            n = ln(1 / (2 BER)) / 2            E_bit = n h c / lambda

BER 1e-9 needs n = 10.0 photons per bit on average (source LIM-03); at 1310 nm that is
1.52 aJ per bit (LIM-04). The average received power at the limit is ``n h c / lambda * B``
for a bit rate ``B``. All functions broadcast over arrays. ``BER`` values below ~1e-308
(``n`` above ~354) underflow to 0.
"""

from __future__ import annotations

import numpy as np

from cposim.units import ArrayLike, photon_energy_j
from cposim.validation import check_number

__all__ = [
    "SOURCES",
    "quantum_limit_ber",
    "quantum_limit_energy_per_bit_j",
    "quantum_limit_photons_per_bit",
    "quantum_limit_sensitivity_w",
]

#: Reference-table ids behind these formulas.
SOURCES = ("LIM-03", "LIM-04")


def _as_float(x: np.ndarray) -> float | np.ndarray:
    return float(x) if np.ndim(x) == 0 else x


def quantum_limit_ber(photons_per_bit: ArrayLike) -> float | np.ndarray:
    """BER of the ideal OOK photon counter: ``exp(-2 n) / 2`` for ``n`` mean photons per bit (>= 0)."""
    n = check_number("quantum_limit.photons_per_bit", photons_per_bit, lo=0.0, hi=1e6)
    return _as_float(0.5 * np.exp(-2.0 * np.asarray(n)))


def quantum_limit_photons_per_bit(ber: ArrayLike) -> float | np.ndarray:
    """Mean photons per bit needed for ``ber`` (0 < ber <= 0.5): ``ln(1 / (2 BER)) / 2``."""
    b = check_number("quantum_limit.ber", ber, lo=0.0, lo_open=True, hi=0.5)
    return _as_float(-0.5 * np.log(2.0 * np.asarray(b)))


def quantum_limit_energy_per_bit_j(ber: ArrayLike, wavelength_m: ArrayLike) -> float | np.ndarray:
    """Received optical energy per bit at the quantum limit, J: ``n(BER) h c / lambda``.

    ``ber``: target BER (0 < ber <= 0.5); ``wavelength_m``: vacuum wavelength, m.
    """
    lam = check_number("quantum_limit.wavelength_m", wavelength_m, unit="m", lo=100e-9, hi=20e-6)
    return _as_float(np.asarray(quantum_limit_photons_per_bit(ber)) * photon_energy_j(lam))


def quantum_limit_sensitivity_w(ber: ArrayLike, wavelength_m: ArrayLike, bit_rate_bps: ArrayLike) -> float | np.ndarray:
    """Average received optical power at the quantum limit, W: ``E_bit * B``.

    ``ber``: target BER; ``wavelength_m``: m; ``bit_rate_bps``: bit/s (> 0).
    """
    rate = check_number("quantum_limit.bit_rate_bps", bit_rate_bps, unit="bit/s", lo=0.0, lo_open=True, hi=1e15)
    return _as_float(np.asarray(quantum_limit_energy_per_bit_j(ber, wavelength_m)) * rate)
