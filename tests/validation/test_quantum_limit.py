"""Quantum limit of ideal direct-detection OOK: LIM-03 (photons per bit) and LIM-04 (energy)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from cposim.errors import ConfigError
from cposim.link import quantum_limit as ql
from cposim.references import get_source
from cposim.units import photon_energy_j


def test_ber_1e_minus_9_needs_about_10_photons_per_bit_LIM03_rel_tol_1pct():
    n = ql.quantum_limit_photons_per_bit(1e-9)
    assert n == pytest.approx(float(get_source("LIM-03").value), rel=0.01)
    assert n == pytest.approx(0.5 * math.log(0.5e9), rel=1e-12)


def test_10_photons_per_bit_at_1310_nm_is_1p52_aJ_LIM04_rel_tol_1pct():
    ber_at_10 = ql.quantum_limit_ber(10.0)
    energy = ql.quantum_limit_energy_per_bit_j(ber_at_10, 1310e-9)
    assert energy == pytest.approx(1.52e-18, rel=0.01)
    assert energy == pytest.approx(10 * photon_energy_j(1310e-9), rel=1e-12)
    # The table rounds to 1.5 aJ/bit.
    assert energy / 1e-18 == pytest.approx(float(get_source("LIM-04").value), rel=0.02)


def test_poisson_counting_cross_check():
    """Independent path: P(0 photons | mean n1) from scipy's Poisson law, with n1 = 2 n."""
    n = np.array([1.0, 5.0, 10.0, 20.0])
    assert np.allclose(ql.quantum_limit_ber(n), 0.5 * stats.poisson.pmf(0, 2 * n), rtol=1e-12)
    ber = np.array([1e-3, 2.4e-4, 1e-12])
    assert np.allclose(ql.quantum_limit_ber(ql.quantum_limit_photons_per_bit(ber)), ber, rtol=1e-12)


def test_sensitivity_power_is_energy_per_bit_times_bit_rate():
    p = ql.quantum_limit_sensitivity_w(1e-9, 1310e-9, 100e9)
    assert p == pytest.approx(ql.quantum_limit_energy_per_bit_j(1e-9, 1310e-9) * 100e9)
    assert 10 * math.log10(p / 1e-3) == pytest.approx(-38.2, abs=0.05)


def test_bad_input_is_rejected():
    with pytest.raises(ConfigError, match="ber"):
        ql.quantum_limit_photons_per_bit(0.0)
    with pytest.raises(ConfigError, match="photons_per_bit"):
        ql.quantum_limit_ber(-1.0)
    with pytest.raises(ConfigError, match="wavelength_m"):
        ql.quantum_limit_energy_per_bit_j(1e-9, 1310.0)
