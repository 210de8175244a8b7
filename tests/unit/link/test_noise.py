"""Receiver noise terms: closed forms, the noise-bandwidth numbers, crosstalk conventions."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, signal

from cposim.errors import ConfigError, PhysicsError
from cposim.link import noise
from cposim.link.ber import ber_nrz
from cposim.link.solve import solve_for_target
from cposim.references import get_source
from cposim.units import BOLTZMANN_J_PER_K, ELEMENTARY_CHARGE_C

Q_E = ELEMENTARY_CHARGE_C


def _enbw_factor(b: np.ndarray, a: np.ndarray) -> float:
    """Integral of |H(f)|^2/|H(0)|^2 over f from 0 to inf, for an analog filter with f3dB = 1."""
    h0 = abs(np.polyval(b, 0.0) / np.polyval(a, 0.0)) ** 2
    val, _ = integrate.quad(lambda w: abs(np.polyval(b, 1j * w) / np.polyval(a, 1j * w)) ** 2 / h0, 0, np.inf, limit=500)
    return val


def test_noise_bandwidth_factors_match_integrals_of_the_filter_response_CPS_LKC_05():
    assert noise.NOISE_BANDWIDTH_FACTORS["brickwall"] == 1.0
    b1, a1 = signal.butter(1, 1.0, analog=True)  # single pole at 1 rad/s: the RC response
    assert _enbw_factor(b1, a1) == pytest.approx(math.pi / 2, rel=1e-9)
    assert noise.NOISE_BANDWIDTH_FACTORS["first_order"] == pytest.approx(math.pi / 2, rel=1e-12)
    b4, a4 = signal.bessel(4, 1.0, analog=True, norm="mag")  # |H| = 1/sqrt 2 at w = 1
    w = np.array([1.0])
    assert abs(np.polyval(b4, 1j * w) / np.polyval(a4, 1j * w))[0] ** 2 == pytest.approx(0.5 * abs(b4[-1] / a4[-1]) ** 2, rel=1e-9)
    assert _enbw_factor(b4, a4) == pytest.approx(noise.NOISE_BANDWIDTH_FACTORS["bessel4"], rel=1e-7)
    assert get_source("CPS-LKC-05").value.endswith("1.0464")


def test_noise_bandwidth_hz_scales_and_rejects_bad_input():
    f3 = np.array([10e9, 20e9])
    assert np.allclose(noise.noise_bandwidth_hz(f3, "first_order"), f3 * math.pi / 2)
    assert noise.noise_bandwidth_hz(26.5625e9) == pytest.approx(26.5625e9 * 1.0463688869864098)
    with pytest.raises(ConfigError, match="filter_shape"):
        noise.noise_bandwidth_hz(1e9, "bessel5")
    with pytest.raises(ConfigError, match="bandwidth_3db_hz"):
        noise.noise_bandwidth_hz(-1e9)


def test_resistor_thermal_density_is_sqrt_4kT_over_R():
    assert noise.resistor_noise_density_a_per_rthz(50.0, 300.0) == pytest.approx(math.sqrt(4 * BOLTZMANN_J_PER_K * 300 / 50))
    assert noise.resistor_noise_density_a_per_rthz(1e3) == pytest.approx(4.07e-12, rel=1e-2)


def test_thermal_shot_and_rin_variances_closed_forms():
    b = 25e9
    assert noise.thermal_noise_variance_a2(15e-12, b) == pytest.approx((15e-12) ** 2 * b)
    assert noise.shot_noise_variance_a2(1e-3, b, 10e-9) == pytest.approx(2 * Q_E * (1e-3 + 10e-9) * b)
    assert noise.shot_noise_variance_a2(0.0, b) == 0.0
    # RIN -140 dB/Hz on 1 mA over 10 GHz: 1e-14 * 1e-6 * 1e10 = 1e-10 A^2.
    assert noise.rin_noise_variance_a2(1e-3, -140.0, 10e9) == pytest.approx(1e-10, rel=1e-12)


def test_rin_is_defined_on_optical_power_so_it_scales_with_current_squared():
    v1 = noise.rin_noise_variance_a2(1e-3, -145.0, 1e9)
    v2 = noise.rin_noise_variance_a2(2e-3, -145.0, 1e9)
    assert v2 / v1 == pytest.approx(4.0)
    # 3 dB more RIN doubles the variance (10 log10 convention on the power ratio).
    assert noise.rin_noise_variance_a2(1e-3, -142.0, 1e9) / v1 == pytest.approx(10 ** 0.3)


def test_level_noise_is_the_sum_of_the_separate_terms_per_level():
    rng = np.random.default_rng(3)
    n = 50
    levels = np.sort(rng.uniform(0, 1e-3, (n, 4)), axis=-1)
    b = rng.uniform(10e9, 40e9, n)
    dens = rng.uniform(5e-12, 30e-12, n)
    idark = rng.uniform(0, 50e-9, n)
    rin = rng.uniform(-160, -130, n)
    extra = rng.uniform(0, 1e-12, n)
    var = noise.level_noise_variance_a2(
        levels, noise_bandwidth_hz=b, thermal_density_a_per_rthz=dens, dark_current_a=idark, rin_db_per_hz=rin, extra_variance_a2=extra
    )
    assert var.shape == (n, 4)
    for k in range(4):
        ref = (
            noise.thermal_noise_variance_a2(dens, b)
            + noise.shot_noise_variance_a2(levels[:, k], b, idark)
            + noise.rin_noise_variance_a2(levels[:, k], rin, b)
            + extra
        )
        assert np.allclose(var[:, k], ref, rtol=1e-13, atol=0)
    sig = noise.level_noise_sigma_a(
        levels, noise_bandwidth_hz=b, thermal_density_a_per_rthz=dens, dark_current_a=idark, rin_db_per_hz=rin, extra_variance_a2=extra
    )
    assert np.allclose(sig, np.sqrt(var), rtol=1e-15)
    # Shot and RIN make the noise grow with the level.
    assert np.all(np.diff(sig, axis=-1) > 0)


def test_level_noise_broadcasts_and_defaults_to_no_rin():
    sig = noise.level_noise_sigma_a(np.array([0.0, 1e-4]), noise_bandwidth_hz=20e9, thermal_density_a_per_rthz=10e-12)
    th = (10e-12) ** 2 * 20e9
    assert sig == pytest.approx(np.sqrt([th, th + 2 * Q_E * 1e-4 * 20e9]))
    grid = noise.level_noise_sigma_a(np.zeros((3, 1, 2)), noise_bandwidth_hz=np.array([1e9, 2e9, 4e9, 8e9]), thermal_density_a_per_rthz=1e-11)
    assert grid.shape == (3, 4, 2)
    with pytest.raises(ConfigError, match="levels_a"):
        noise.level_noise_sigma_a(np.array([-1e-3, 1e-3]), noise_bandwidth_hz=1e9)
    with pytest.raises(ConfigError, match="noise_bandwidth_hz"):
        noise.level_noise_sigma_a(np.array([0, 1e-3]), noise_bandwidth_hz=0.0)
    with pytest.raises(ConfigError, match="rin_db_per_hz"):
        noise.level_noise_sigma_a(np.array([0, 1e-3]), noise_bandwidth_hz=1e9, rin_db_per_hz=float("nan"))


@pytest.mark.parametrize("m", [2, 4, 8])
def test_crosstalk_variance_is_the_variance_of_an_equiprobable_pam_aggressor(m):
    oma, xt_db = 1e-4, -20.0
    x = 10 ** (xt_db / 10)
    aggressor_levels = np.linspace(0.0, x * oma, m)  # spans X * OMA, equally spaced, equiprobable
    assert noise.crosstalk_noise_variance_a2(oma, xt_db, levels=m) == pytest.approx(np.var(aggressor_levels), rel=1e-12)
    assert noise.crosstalk_noise_variance_a2(oma, xt_db, levels=m, n_aggressors=3) == pytest.approx(3 * np.var(aggressor_levels), rel=1e-12)


def test_crosstalk_penalty_nrz_is_textbook_and_pam4_closes_three_times_faster_CPS_LKC_04():
    assert noise.crosstalk_power_penalty_db(-20.0) == pytest.approx(-10 * math.log10(1 - 0.01))
    assert noise.crosstalk_power_penalty_db(-20.0, levels=4) == pytest.approx(-10 * math.log10(1 - 0.03))
    assert noise.crosstalk_power_penalty_db(-20.0, n_aggressors=2) == pytest.approx(-10 * math.log10(1 - 0.02))
    assert noise.crosstalk_power_penalty_db(-200.0) == pytest.approx(0.0, abs=1e-15)
    with pytest.raises(PhysicsError, match="closes the eye at 1 of 2 points"):
        noise.crosstalk_power_penalty_db(np.array([-20.0, -4.0]), levels=4)
    with pytest.raises(ConfigError, match="crosstalk_db"):
        noise.crosstalk_power_penalty_db(3.0)
    with pytest.raises(ConfigError, match="n_aggressors"):
        noise.crosstalk_power_penalty_db(-20.0, n_aggressors=1.5)


def test_worst_case_crosstalk_penalty_equals_the_extra_oma_a_thermal_limited_nrz_link_needs():
    """Independent path: solve the OMA for BER 1e-12 with and without the worst-case eye."""
    sigma, x = 2e-6, 10 ** (-15 / 10)

    def ber_clean(oma):
        return ber_nrz(np.zeros_like(oma), oma, sigma)

    def ber_worst(oma):  # aggressor "1" under the victim's "0", aggressor "0" under its "1"
        return ber_nrz(x * oma, oma, sigma)

    oma0 = solve_for_target(ber_clean, 1e-12, 1e-7, 1e-2, y_scale="q")
    oma1 = solve_for_target(ber_worst, 1e-12, 1e-7, 1e-2, y_scale="q")
    assert 10 * math.log10(oma1 / oma0) == pytest.approx(noise.crosstalk_power_penalty_db(-15.0), rel=1e-8)
