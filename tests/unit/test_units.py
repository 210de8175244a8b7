"""Conventions that are easy to get backwards: OMA vs average power, ER, per-direction rates."""

import numpy as np
import pytest

from cposim import units as u


def test_dbm_watt_round_trip_and_anchor_points():
    assert u.dbm_to_watt(0.0) == pytest.approx(1e-3)
    assert u.dbm_to_watt(10.0) == pytest.approx(10e-3)
    x = np.linspace(-40, 30, 57)
    np.testing.assert_allclose(u.watt_to_dbm(u.dbm_to_watt(x)), x, atol=1e-12)


def test_oma_is_p1_minus_p0_and_average_is_their_mean():
    p0, p1 = u.levels_from_average(1e-3, 6.0)
    assert (p0 + p1) / 2 == pytest.approx(1e-3)
    assert 10 * np.log10(p1 / p0) == pytest.approx(6.0)
    assert u.oma_from_average(1e-3, 6.0) == pytest.approx(p1 - p0)
    assert u.average_from_oma(p1 - p0, 6.0) == pytest.approx(1e-3)


def test_oma_tends_to_twice_average_for_infinite_extinction():
    assert u.oma_from_average(1e-3, 60.0) == pytest.approx(2e-3, rel=1e-5)


def test_photon_energy_at_1310nm():
    assert u.photon_energy_j(1310e-9) == pytest.approx(1.5164e-19, rel=1e-3)


def test_rates_are_per_direction_and_energy_per_bit_uses_them():
    # a 1.6T port carries 1.6 Tb/s in each direction; 9 W over it is 5.625 pJ/bit
    assert u.energy_per_bit_pj(9.0, 1.6e12) == pytest.approx(5.625)
    assert u.bidirectional_rate_bps(1.6e12) == pytest.approx(3.2e12)
    assert u.per_direction_rate_bps(3.2e12) == pytest.approx(1.6e12)
    assert u.power_from_energy_w(5.625, 1.6e12) == pytest.approx(9.0)


def test_frequency_spacing_to_wavelength_spacing():
    # 200 GHz at 1310 nm is about 1.14 nm
    assert u.delta_wavelength_m(200e9, 1310e-9) == pytest.approx(1.1446e-9, rel=1e-3)
