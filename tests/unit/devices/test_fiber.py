"""Single-mode fiber: loss, G.652 dispersion, group delay and the dispersion penalty."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cposim.devices.fiber import G652_LAMBDA0_MAX_M, G652_LAMBDA0_MIN_M, SingleModeFiber, g652_dispersion_s_per_m2
from cposim.errors import ConfigError, PhysicsError
from cposim.units import SPEED_OF_LIGHT_M_PER_S

PS_PER_NM_KM = 1e-6  # s/m^2


def test_500_m_at_0p4_db_per_km_loses_0p2_db_cps_phy_02():
    fiber = SingleModeFiber()
    assert fiber.loss_db == pytest.approx(0.2, rel=1e-12)
    assert fiber.transmission == pytest.approx(10 ** (-0.02), rel=1e-12)


def test_dispersion_vanishes_at_lambda0_and_its_slope_there_is_s0():
    fiber = SingleModeFiber()
    lam0 = fiber.zero_dispersion_wavelength_m
    assert fiber.dispersion_s_per_m2(lam0) == pytest.approx(0.0, abs=1e-18)
    h = 1e-12
    slope = (fiber.dispersion_s_per_m2(lam0 + h) - fiber.dispersion_s_per_m2(lam0 - h)) / (2 * h)
    assert slope == pytest.approx(fiber.dispersion_slope_s_per_m3, rel=1e-6)


def test_g652_gives_about_17_ps_per_nm_km_at_1550_nm():
    """Unit check of the SI form: the familiar ~17 ps/(nm km) of standard fiber at 1550 nm (tolerance 1 ps/(nm km))."""
    d = SingleModeFiber().dispersion_s_per_m2(1550e-9) / PS_PER_NM_KM
    assert d == pytest.approx(17.0, abs=1.0)


@settings(max_examples=60, deadline=None)
@given(lam=st.floats(1.25e-6, 1.65e-6), lam0=st.floats(1300e-9, 1324e-9))
def test_dispersion_sign_follows_lambda0_and_rises_with_wavelength(lam, lam0):
    d = g652_dispersion_s_per_m2(lam, lam0, 92.0)
    assert np.sign(d) == np.sign(lam - lam0) or abs(d) < 1e-12
    assert g652_dispersion_s_per_m2(lam + 1e-9, lam0, 92.0) > d


@settings(max_examples=60, deadline=None)
@given(lam=st.floats(1.26e-6, 1.36e-6), lam0=st.floats(1300e-9, 1324e-9))
def test_worst_case_bounds_every_g652_fiber(lam, lam0):
    fiber = SingleModeFiber(zero_dispersion_wavelength_m=lam0)
    assert fiber.worst_case_dispersion_s_per_m2(lam) >= abs(float(fiber.dispersion_s_per_m2(lam))) - 1e-15


def test_worst_case_range_ends_are_the_g652_limits():
    fiber = SingleModeFiber()
    lam = 1304.5e-9
    expected = abs(g652_dispersion_s_per_m2(lam, G652_LAMBDA0_MAX_M, 92.0))
    assert fiber.worst_case_dispersion_s_per_m2(lam) == pytest.approx(expected, rel=1e-12)
    assert G652_LAMBDA0_MIN_M < G652_LAMBDA0_MAX_M


def test_accumulated_dispersion_is_d_times_length():
    fiber = SingleModeFiber(length_m=2000.0)
    assert fiber.accumulated_dispersion_s_per_m(1331e-9) == pytest.approx(
        2000.0 * fiber.dispersion_s_per_m2(1331e-9), rel=1e-12
    )


def test_group_delay_is_ng_l_over_c():
    fiber = SingleModeFiber(length_m=1000.0)
    assert fiber.group_delay_s == pytest.approx(1.4676 * 1000.0 / SPEED_OF_LIGHT_M_PER_S, rel=1e-12)
    assert fiber.group_delay_s == pytest.approx(4.895e-6, rel=1e-3)


def _penalty_from_broadening(b, l, d, sigma_lambda):
    """Independent route: Gaussian pulse whose received rms width is 1/(4B); penalty = 10 log10(broadening)."""
    sigma_rx = 1.0 / (4.0 * b)
    sigma_tx = np.sqrt(sigma_rx**2 - (d * l * sigma_lambda) ** 2)
    return 10.0 * np.log10(sigma_rx / sigma_tx)


@settings(max_examples=60, deadline=None)
@given(
    length=st.floats(1.0, 20e3),
    rate=st.floats(1e9, 120e9),
    width=st.floats(1e-12, 2e-9),
    lam=st.floats(1.27e-6, 1.34e-6),
)
def test_penalty_matches_pulse_broadening_derivation_cps_fib_02(length, rate, width, lam):
    fiber = SingleModeFiber(length_m=length)
    eps = float(fiber.dispersion_epsilon(lam, rate, width))
    assume(eps < 0.24)
    d = abs(float(fiber.dispersion_s_per_m2(lam)))
    expected = _penalty_from_broadening(rate, length, d, width)
    assert fiber.dispersion_penalty_db(lam, rate, width) == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert fiber.dispersion_penalty_db(lam, rate, width) >= 0


def test_penalty_closed_form_at_epsilon_0p1():
    fiber = SingleModeFiber(length_m=1000.0)
    d = abs(float(fiber.dispersion_s_per_m2(1331e-9)))
    rate = 50e9
    width = 0.1 / (rate * 1000.0 * d)
    assert fiber.dispersion_epsilon(1331e-9, rate, width) == pytest.approx(0.1, rel=1e-12)
    assert fiber.dispersion_penalty_db(1331e-9, rate, width) == pytest.approx(-5 * np.log10(0.84), rel=1e-12)


def test_penalty_grows_with_length_rate_and_width():
    lam, rate, width = 1331e-9, 53.125e9, 0.1e-9
    lengths = np.array([500.0, 2000.0, 10e3])
    p = SingleModeFiber(length_m=lengths).dispersion_penalty_db(lam, rate, width)
    assert np.all(np.diff(p) > 0)
    f = SingleModeFiber(length_m=2000.0)
    assert f.dispersion_penalty_db(lam, 2 * rate, width) > f.dispersion_penalty_db(lam, rate, width)
    assert f.dispersion_penalty_db(lam, rate, 2 * width) > f.dispersion_penalty_db(lam, rate, width)


def test_closed_eye_is_a_physics_error_not_inf():
    fiber = SingleModeFiber(length_m=40e3)
    with pytest.raises(PhysicsError, match="epsilon"):
        fiber.dispersion_penalty_db(1331e-9, 100e9, 2e-9)


def test_zero_dispersion_means_zero_penalty():
    fiber = SingleModeFiber()
    assert fiber.dispersion_penalty_db(fiber.zero_dispersion_wavelength_m, 100e9, 1e-9) == pytest.approx(0.0, abs=1e-12)


def test_bad_wavelength_and_rate_are_config_errors():
    fiber = SingleModeFiber()
    with pytest.raises(ConfigError, match="wavelength_m"):
        fiber.dispersion_s_per_m2(5e-6)
    with pytest.raises(ConfigError, match="symbol_rate_baud"):
        fiber.dispersion_epsilon(1311e-9, -1.0, 1e-9)


@settings(max_examples=50, deadline=None)
@given(length=st.floats(0, 1e6), att=st.floats(0, 0.1))
def test_fiber_never_gains(length, att):
    fiber = SingleModeFiber(length_m=length, attenuation_db_per_m=att)
    assert fiber.loss_db >= 0
    assert 0.0 <= fiber.transmission <= 1.0
