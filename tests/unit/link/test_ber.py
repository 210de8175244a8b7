"""Exact Gaussian BER/SER of M-PAM: closed forms, an independent quadrature, monotonicity."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, special

from cposim.errors import ConfigError
from cposim.link import ber
from cposim.link.noise import level_noise_sigma_a


def _q(x):
    """Gaussian tail Q(x) = 0.5 erfc(x / sqrt 2)."""
    return 0.5 * special.erfc(np.asarray(x) / math.sqrt(2.0))


# --- independent reference: quadrature of each Gaussian PDF over each decision region -------------


def _pdf(x: float, mu: float, sigma: float) -> float:
    return math.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * math.sqrt(2.0 * math.pi))


def _region_probability(mu: float, sigma: float, lo: float, hi: float) -> float:
    """Integral of the N(mu, sigma) PDF over (lo, hi], by adaptive quadrature on a finite span."""
    lo, hi = max(lo, mu - 45.0 * sigma), min(hi, mu + 45.0 * sigma)
    if lo >= hi:
        return 0.0
    pts = [p for p in (mu,) if lo < p < hi]
    val, _ = integrate.quad(_pdf, lo, hi, args=(mu, sigma), epsabs=0.0, epsrel=1e-13, limit=400, points=pts or None)
    return val


def _gray(i: int) -> int:
    return i ^ (i >> 1)


def _ber_by_quadrature(levels, sigmas, thresholds, mapping="gray", probs=None):
    m = len(levels)
    probs = [1.0 / m] * m if probs is None else probs
    label = _gray if mapping == "gray" else (lambda i: i)
    edges = [-math.inf, *thresholds, math.inf]
    bits = math.log2(m)
    total = 0.0
    for i in range(m):
        for j in range(m):
            if i == j:
                continue
            p = _region_probability(levels[i], sigmas[i], edges[j], edges[j + 1])
            total += probs[i] * p * bin(label(i) ^ label(j)).count("1")
    return total / bits


def _ser_by_quadrature(levels, sigmas, thresholds):
    m = len(levels)
    edges = [-math.inf, *thresholds, math.inf]
    return sum(
        _region_probability(levels[i], sigmas[i], edges[j], edges[j + 1]) / m for i in range(m) for j in range(m) if i != j
    )


def _weighted_thresholds(levels, sigmas):
    return [(sigmas[k + 1] * levels[k] + sigmas[k] * levels[k + 1]) / (sigmas[k] + sigmas[k + 1]) for k in range(len(levels) - 1)]


OPERATING_POINTS = [
    # (levels (A), sigmas (A)): finite extinction ratio, level-dependent noise, BER 1e-2 .. 1e-15
    ([0.2e-3, 1.0e-3], [0.05e-3, 0.09e-3]),
    ([0.1e-3, 0.5e-3], [0.02e-3, 0.03e-3]),
    ([0.3, 1.0], [0.25, 0.30]),
    ([0.10, 0.40, 0.70, 1.00], [0.040, 0.050, 0.060, 0.070]),
    ([0.15, 0.35, 0.62, 1.00], [0.020, 0.025, 0.031, 0.036]),
    ([0.15, 0.35, 0.62, 1.00], [0.012, 0.015, 0.018, 0.021]),
    ([0.0, 1.0, 2.0, 3.0], [0.45, 0.50, 0.55, 0.60]),  # low Q: far decisions matter
    ([0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6], [0.04, 0.045, 0.05, 0.055, 0.06, 0.065, 0.07, 0.075]),
]


@pytest.mark.parametrize("levels, sigmas", OPERATING_POINTS)
@pytest.mark.parametrize("threshold", ["optimal", "midpoint"])
def test_ber_matches_independent_quadrature_of_the_noise_pdfs(levels, sigmas, threshold):
    lv, sg = np.array(levels), np.array(sigmas)
    th = _weighted_thresholds(levels, sigmas) if threshold == "optimal" else list(0.5 * (lv[1:] + lv[:-1]))
    ref = _ber_by_quadrature(levels, sigmas, th)
    assert ber.ber_pam(lv, sg, threshold=threshold) == pytest.approx(ref, rel=1e-9)
    assert ber.ser_pam(lv, sg, threshold=threshold) == pytest.approx(_ser_by_quadrature(levels, sigmas, th), rel=1e-9)
    if len(levels) == 2:
        assert ber.ber_nrz(lv[0], lv[1], sg[0], sg[1], threshold=threshold) == pytest.approx(ref, rel=1e-9)
    if len(levels) == 4:
        assert ber.ber_pam4(lv, sg, threshold=threshold) == pytest.approx(ref, rel=1e-9)


def test_explicit_thresholds_natural_mapping_and_priors_match_quadrature():
    levels, sigmas = [0.0, 1.0, 2.1, 3.0], [0.35, 0.4, 0.45, 0.5]
    th = [0.55, 1.5, 2.6]  # deliberately off-centre
    probs = [0.1, 0.2, 0.3, 0.4]
    got = ber.ber_pam(np.array(levels), np.array(sigmas), thresholds_a=np.array(th), mapping="natural", symbol_probabilities=np.array(probs))
    assert got == pytest.approx(_ber_by_quadrature(levels, sigmas, th, mapping="natural", probs=probs), rel=1e-9)
    got_gray = ber.ber_pam(np.array(levels), np.array(sigmas), thresholds_a=np.array(th))
    assert got_gray == pytest.approx(_ber_by_quadrature(levels, sigmas, th), rel=1e-9)
    nrz = ber.ber_nrz(0.2, 1.0, 0.1, 0.15, threshold_a=0.55)
    assert nrz == pytest.approx(_ber_by_quadrature([0.2, 1.0], [0.1, 0.15], [0.55]), rel=1e-9)


def test_gray_labels_and_hamming_distances_of_pam4():
    assert ber.bit_labels(4) == (0b00, 0b01, 0b11, 0b10)
    assert ber.hamming_matrix(4).tolist() == [[0, 1, 2, 1], [1, 0, 1, 2], [2, 1, 0, 1], [1, 2, 1, 0]]
    assert ber.hamming_matrix(4, "natural").tolist() == [[0, 1, 1, 2], [1, 0, 2, 1], [1, 2, 0, 1], [2, 1, 1, 0]]


def test_nrz_equal_sigmas_reduces_to_half_erfc_of_q_over_sqrt2():
    oma, sigma = 1e-4, 1.3e-5
    q = oma / (2 * sigma)
    expected = 0.5 * special.erfc(q / math.sqrt(2))
    assert ber.ber_nrz(0.0, oma, sigma) == pytest.approx(expected, rel=1e-13)
    assert ber.ber_nrz(0.0, oma, sigma, threshold="midpoint") == pytest.approx(expected, rel=1e-13)
    assert ber.ber_from_q(q) == pytest.approx(expected, rel=1e-13)
    assert ber.ber_pam(np.array([0.0, oma]), sigma) == pytest.approx(expected, rel=1e-13)
    # Unequal sigmas, sigma-weighted threshold: exactly Q(q_factor).
    q2 = ber.q_factor(1e-5, 1e-4, 1e-5, 2e-5)
    assert q2 == pytest.approx(3.0)
    assert ber.ber_nrz(1e-5, 1e-4, 1e-5, 2e-5) == pytest.approx(float(_q(3.0)), rel=1e-13)


@pytest.mark.parametrize("d_over_sigma", [2.0, 5.0, 8.0, 14.0])
def test_pam4_equal_spacing_equal_sigma_reduces_to_the_textbook_gray_form(d_over_sigma):
    d, sigma = 1.0, 1.0 / d_over_sigma
    lv = np.array([0.0, 1.0, 2.0, 3.0]) * d
    q1, q3, q5 = _q(d / (2 * sigma)), _q(3 * d / (2 * sigma)), _q(5 * d / (2 * sigma))
    # Hand enumeration, Gray 00 01 11 10, each level 1/4, 2 bits per symbol:
    #   level 0: 1 bit to region 1 (q1 - q3), 2 bits to region 2 (q3 - q5), 1 bit to region 3 (q5)
    #   level 1: 1 bit down (q1), 1 bit to region 2 (q1 - q3), 2 bits to region 3 (q3); levels 2, 3 mirror.
    exact = 2 * ((q1 - q3) + 2 * (q3 - q5) + q5 + q1 + (q1 - q3) + 2 * q3) / 4 / 2
    assert exact == pytest.approx(0.75 * q1 + 0.5 * q3 - 0.25 * q5, rel=1e-14)
    got = ber.ber_pam4(lv, sigma)
    assert got == pytest.approx(exact, rel=1e-12)
    # Textbook nearest-neighbour form: BER = (3/4) erfc(d / (2 sqrt2 sigma)) / log2(4).
    textbook = 0.75 * special.erfc(d / (2 * math.sqrt(2) * sigma)) / 2
    assert got == pytest.approx(textbook, rel=max(1e-12, 2 * q3 / q1))
    # SER = 2 (M - 1) / M * Q(d / 2 sigma) exactly.
    assert ber.ser_pam(lv, sigma) == pytest.approx(1.5 * q1, rel=1e-12)


def test_partial_far_term_skipping_is_exact_on_mixed_arrays():
    """Arrays mixing very good and poor points take the point-by-point far-term path."""
    rng = np.random.default_rng(7)
    n = 400
    sigma = np.where(rng.random(n) < 0.1, rng.uniform(0.3, 0.6, n), rng.uniform(0.03, 0.08, n))
    lv = np.broadcast_to(np.array([0.0, 1.0, 2.0, 3.0]), (n, 4))
    q1, q3, q5 = _q(0.5 / sigma), _q(1.5 / sigma), _q(2.5 / sigma)
    ref = 0.75 * q1 + 0.5 * q3 - 0.25 * q5
    got = ber.ber_pam4(lv, sigma[:, None], threshold="midpoint")
    assert got.shape == (n,)
    assert np.allclose(got, ref, rtol=1e-12, atol=0)
    got_opt = ber.ber_pam4(lv, sigma[:, None])
    assert np.allclose(got_opt, ref, rtol=1e-12, atol=0)


def test_large_arrays_are_evaluated_in_blocks_with_the_same_result():
    """Beyond 65536 points the tail sums run block by block; compare with the closed form."""
    rng = np.random.default_rng(11)
    n = 150_001
    sigma = rng.uniform(0.03, 0.6, n)
    offset = rng.uniform(0.0, 1.0, (n, 1))
    lv = offset + np.array([0.0, 1.0, 2.0, 3.0])
    ref = 0.75 * _q(0.5 / sigma) + 0.5 * _q(1.5 / sigma) - 0.25 * _q(2.5 / sigma)
    got = ber.ber_pam4(lv, sigma[:, None])
    assert np.allclose(got, ref, rtol=1e-12, atol=0)
    got2 = ber.ber_pam4(lv, sigma[:, None], threshold="midpoint")
    assert np.allclose(got2, ref, rtol=1e-12, atol=0)
    ser = ber.ser_pam(lv[:-1].reshape(2, 75_000, 4), sigma[:-1].reshape(2, 75_000, 1))
    assert ser.shape == (2, 75_000)
    assert np.allclose(ser.ravel(), 1.5 * _q(0.5 / sigma[:-1]), rtol=1e-12, atol=0)


def test_pam8_gray_and_shapes_broadcast():
    lv = np.arange(8.0) * np.ones((3, 2, 1))
    sg = np.array([0.2, 0.3, 0.4])[:, None, None]
    out = ber.ber_pam(lv, sg)
    assert out.shape == (3, 2)
    for i, s in enumerate([0.2, 0.3, 0.4]):
        ref = _ber_by_quadrature(list(np.arange(8.0)), [s] * 8, list(np.arange(7.0) + 0.5))
        assert out[i, 0] == pytest.approx(ref, rel=1e-9)
    assert isinstance(ber.ber_pam4(np.arange(4.0), 0.2), float)
    th = ber.decision_thresholds(np.array([[0.0, 1.0, 2.0, 3.0]]), np.array([0.1, 0.2, 0.3, 0.4]))
    assert th.shape == (1, 3)
    assert th[0, 0] == pytest.approx((0.2 * 0 + 0.1 * 1) / 0.3)


def test_q_and_ber_inverses_and_underflow_floor():
    assert ber.q_from_ber(1e-12) == pytest.approx(7.034, abs=1e-3)
    assert ber.q_from_ber(2.4e-4) == pytest.approx(3.49, abs=1e-2)
    q = np.array([0.5, 3.0, 7.0, 20.0, 37.0])
    assert np.allclose(ber.q_from_ber(ber.ber_from_q(q)), q, rtol=1e-10)
    with np.errstate(all="raise"):
        tiny = ber.ber_pam4(np.array([0.0, 1.0, 2.0, 3.0]), 1e-3)  # every tail far below 1e-300
        assert tiny == 0.0
        assert ber.ber_nrz(0.0, 1.0, 1e-3) == 0.0


def test_bad_input_is_a_config_error_naming_the_field():
    with pytest.raises(ConfigError, match="increase strictly"):
        ber.ber_pam(np.array([0.0, 2.0, 1.0, 3.0]), 0.1)
    with pytest.raises(ConfigError, match="sigmas_a"):
        ber.ber_pam(np.array([0.0, 1.0]), 0.0)
    with pytest.raises(ConfigError, match="power of two"):
        ber.ber_pam(np.array([0.0, 1.0, 2.0]), 0.1)
    with pytest.raises(ConfigError, match="thresholds"):
        ber.ber_pam(np.array([0.0, 1.0, 2.0, 3.0]), 0.1, thresholds_a=np.array([0.5, 1.5]))
    with pytest.raises(ConfigError, match="sum to 1"):
        ber.ber_pam(np.array([0.0, 1.0]), 0.1, symbol_probabilities=np.array([0.5, 0.6]))
    with pytest.raises(ConfigError, match="threshold"):
        ber.ber_pam(np.array([0.0, 1.0]), 0.1, threshold="best")
    with pytest.raises(ConfigError, match="level1_a"):
        ber.ber_nrz(1.0, 0.5, 0.1)
    with pytest.raises(ConfigError, match="ber_pam4.levels_a"):
        ber.ber_pam4(np.array([0.0, 1.0]), 0.1)
    with pytest.raises(ConfigError, match="q_from_ber.ber"):
        ber.q_from_ber(0.7)


# --- property: BER falls as OMA rises, whatever the noise -----------------------------------------

noise_params = st.fixed_dictionaries(
    {
        "density": st.floats(1e-12, 40e-12),
        "rin_db": st.one_of(st.none(), st.floats(-165.0, -130.0)),
        "dark": st.floats(0.0, 100e-9),
        "bandwidth": st.floats(5e9, 60e9),
        "er_db": st.floats(2.0, 12.0),
        "responsivity": st.floats(0.5, 1.1),
        "p0_w": st.floats(1e-6, 1e-3),
    }
)


def _levels(oma_w: np.ndarray, m: int, p, fixed: str) -> np.ndarray:
    low = oma_w / (10 ** (p["er_db"] / 10) - 1) if fixed == "er" else np.full_like(oma_w, p["p0_w"])
    frac = np.linspace(0.0, 1.0, m)
    return p["responsivity"] * (low[:, None] + oma_w[:, None] * frac)


@settings(max_examples=60, deadline=None)
@given(p=noise_params, m=st.sampled_from([2, 4]), fixed=st.sampled_from(["er", "low_level"]))
def test_ber_falls_monotonically_as_oma_rises(p, m, fixed):
    oma = np.geomspace(1e-6, 5e-3, 120)
    lv = _levels(oma, m, p, fixed)
    sg = level_noise_sigma_a(
        lv,
        noise_bandwidth_hz=p["bandwidth"],
        thermal_density_a_per_rthz=p["density"],
        dark_current_a=p["dark"],
        rin_db_per_hz=p["rin_db"],
    )
    for threshold in ("optimal", "midpoint"):
        b = ber.ber_pam(lv, sg, threshold=threshold)
        assert np.all(np.isfinite(b))
        assert np.all(b[1:] <= b[:-1] * (1 + 1e-12)), f"BER rose with OMA ({threshold})"
        assert b[-1] < b[0]
