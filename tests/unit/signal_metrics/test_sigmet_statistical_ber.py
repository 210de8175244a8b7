"""Statistical BER (StatEye / COM method, CPS-SGM-05) against independent references:
the exact Gaussian PAM BER for a single cursor, brute-force enumeration of every ISI
pattern, and time-domain Monte-Carlo error counting with its confidence interval."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy import stats

from cposim.errors import ConfigError
from cposim.link.ber import ber_pam, hamming_matrix
from cposim.signal.statistical_ber import (
    responses_from_edge_responses,
    statistical_ber,
    statistical_eye,
)

PAM4 = np.array([-3.0, -1.0, 1.0, 3.0])
# T-spaced pulse: one pre-cursor, main, three post-cursors (open PAM4 eye: 3 sum|h_k| = 0.78 < 1)
PULSE = np.array([0.03, 1.0, 0.15, 0.06, -0.02])


def _mc_counts(decision_samples: np.ndarray, symbols: np.ndarray, thresholds: np.ndarray) -> tuple[int, int]:
    """Symbol and (Gray) bit errors of sliced samples."""
    d = np.searchsorted(thresholds, decision_samples)
    sym_err = int(np.count_nonzero(d != symbols))
    bit_err = int(hamming_matrix(4, "gray")[d, symbols].sum())
    return sym_err, bit_err


def _check_within_ci(ser_stat: float, ber_stat: float, sym_err: int, bit_err: int, n: int) -> None:
    # symbol errors: exact (Clopper-Pearson) 99.9 % interval of a binomial count
    lo, hi = stats.binomtest(sym_err, n).proportion_ci(confidence_level=0.999, method="exact")
    assert lo <= ser_stat <= hi, (ser_stat, sym_err / n, lo, hi)
    # bit errors: a symbol error costs 1 or 2 bits, so Var(bits) <= 2 E[bits]; 3.29 sigma = 99.9 %
    expected = ber_stat * 2 * n
    assert abs(bit_err - expected) <= 3.29 * np.sqrt(2.0 * expected) + 1.0, (bit_err, expected)


def test_single_cursor_equals_the_exact_gaussian_pam_ber():
    for sigma in (0.5, 0.3, 0.15, 0.08, 0.05):
        r = statistical_ber(np.array([1.0]), samples_per_ui=1, noise_sigma=sigma, levels=PAM4)
        assert r.ber == pytest.approx(ber_pam(PAM4, sigma), rel=1e-9, abs=0)
        np.testing.assert_allclose(r.thresholds_v, [-2.0, 0.0, 2.0], atol=1e-6)
    # per-level sigmas with explicit thresholds: the same tails as ber_pam
    sig = np.array([0.3, 0.25, 0.2, 0.35])
    th = np.array([-1.9, 0.1, 2.05])
    r = statistical_ber(np.array([1.0]), samples_per_ui=1, noise_sigma=sig, levels=PAM4, thresholds=th)
    assert r.ber == pytest.approx(ber_pam(PAM4, sig, thresholds_a=th), rel=1e-12, abs=0)


def test_agrees_with_monte_carlo_counting_where_ber_above_1e_5():
    rng = np.random.default_rng(20240611)
    n = 3_000_000
    a = rng.integers(0, 4, n)
    isi_free = np.convolve(PAM4[a], PULSE)[1 : n + 1]  # main cursor at index 1
    for sigma in (0.25, 0.15, 0.11, 0.095):
        r = statistical_ber(PULSE, samples_per_ui=1, noise_sigma=sigma, levels=PAM4)
        assert r.ber >= 1e-5
        y = isi_free + sigma * rng.standard_normal(n)
        keep = slice(4, n - 4)
        sym_err, bit_err = _mc_counts(y[keep], a[keep], r.thresholds_v)
        _check_within_ci(r.ser, r.ber, sym_err, bit_err, a[keep].size)


def test_matches_brute_force_enumeration_of_every_isi_pattern_down_to_1e_20():
    """All 4^4 ISI patterns of the 4 non-main cursors, each with the exact Gaussian BER
    (ber_pam at the same thresholds): tolerance 2 % (grid quantisation sigma/32)."""
    isi = PULSE[[0, 2, 3, 4]]
    patterns = np.array(list(itertools.product(PAM4, repeat=4))) @ isi
    for sigma in (0.05, 0.035, 0.03, 0.025):
        r = statistical_ber(PULSE, samples_per_ui=1, noise_sigma=sigma, levels=PAM4)
        exact = np.mean(ber_pam(PAM4[None, :] + patterns[:, None], sigma, thresholds_a=r.thresholds_v))
        assert r.ber == pytest.approx(exact, rel=0.02, abs=0)
        assert np.isfinite(r.ber) and r.ber > 0
    assert r.ber < 1e-20


def test_reaches_1e_15_and_below_monotone_in_sigma():
    sigmas = np.geomspace(0.3, 0.012, 25)
    bers = [statistical_ber(PULSE, samples_per_ui=1, noise_sigma=s, levels=PAM4).ber for s in sigmas]
    assert all(np.isfinite(bers)) and all(b >= 0 for b in bers)
    assert np.all(np.diff(bers) <= 0)  # less noise, fewer errors
    assert bers[-1] < 1e-15 and min(b for b in bers if b > 0) < 1e-30
    # extreme: far below double underflow the BER is 0, never NaN
    assert statistical_ber(np.array([1.0]), samples_per_ui=1, noise_sigma=1e-3, levels=PAM4).ber == 0.0


def test_oversampled_pulse_optimum_phase_and_bathtub_shape():
    sps = 16
    t = (np.arange(-3 * sps, 5 * sps) + 0.5) / sps
    from scipy.special import erf

    pulse = 0.5 * (erf((t + 0.5) / 0.3) - erf((t - 0.5) / 0.3))  # symmetric, peak at t ~ 0
    r = statistical_ber(pulse, samples_per_ui=sps, noise_sigma=0.08, levels=PAM4)
    assert abs(r.phase_ui) <= 1.0 / sps  # symmetric pulse: best phase at its peak
    assert r.phases_ui.size == sps
    best = int(np.argmin(r.ber_vs_phase))
    assert np.all(np.diff(r.ber_vs_phase[: best + 1]) <= 0) and np.all(np.diff(r.ber_vs_phase[best:]) >= 0)


def test_ideal_dfe_removes_post_cursors_and_equals_explicit_taps():
    trimmed = PULSE.copy()
    trimmed[2:4] = 0.0
    base = statistical_ber(trimmed, samples_per_ui=1, noise_sigma=0.1, levels=PAM4)
    ideal = statistical_ber(PULSE, samples_per_ui=1, noise_sigma=0.1, levels=PAM4, dfe_taps=2)
    taps = statistical_ber(PULSE, samples_per_ui=1, noise_sigma=0.1, levels=PAM4, dfe_taps=PULSE[2:4])
    assert ideal.ber == pytest.approx(base.ber, rel=1e-12, abs=0)
    assert taps.ber == pytest.approx(base.ber, rel=1e-12, abs=0)
    assert ideal.ber < statistical_ber(PULSE, samples_per_ui=1, noise_sigma=0.1, levels=PAM4).ber
    # a wrong tap leaves residual ISI
    assert statistical_ber(PULSE, samples_per_ui=1, noise_sigma=0.1, levels=PAM4, dfe_taps=[0.0, 0.06]).ber > ideal.ber


def _first_order_edges(levels: np.ndarray, taus_ui: np.ndarray, sps: int, length: int, t0: int) -> np.ndarray:
    """Step responses with a time constant that depends on the starting level."""
    n = np.arange(length)
    m = levels.size
    edges = np.zeros((m, m, length))
    for p in range(m):
        step = np.where(n >= t0, 1.0 - np.exp(-(n - t0 + 0.5) / (taus_ui[p] * sps)), 0.0)
        step[-1] = 1.0
        for c in range(m):
            if c != p:
                edges[p, c] = (levels[c] - levels[p]) * step
    return edges


def test_transition_model_with_linear_edges_equals_the_linear_pulse():
    sps, length, t0 = 8, 64, 16
    edges = _first_order_edges(PAM4, np.full(4, 0.25), sps, length, t0)
    table = responses_from_edge_responses(edges, levels=PAM4, samples_per_ui=sps, edge_sample=t0)
    step = edges[0, 1] / (PAM4[1] - PAM4[0])
    pulse = step - np.concatenate((np.zeros(sps), step[:-sps]))
    main = int(np.argmax(pulse))
    # the two models split the same sum into different per-cursor terms, so they share only
    # the grid quantisation error; a fine grid (sigma/256) makes it < 1e-4 relative
    kw = dict(samples_per_ui=sps, noise_sigma=0.12, main_sample=main, voltage_step_v=0.12 / 256)
    a = statistical_ber(table, **kw)
    b = statistical_ber(pulse, levels=PAM4, **kw)
    assert a.ber < 1e-14
    assert a.ber == pytest.approx(b.ber, rel=5e-4, abs=0)
    np.testing.assert_allclose(a.ber_vs_phase, b.ber_vs_phase, rtol=5e-4, atol=0)


def test_transition_model_matches_monte_carlo_of_a_nonlinear_modulator():
    """Micro-ring-like modulator: the rise time depends on the starting level (CPS-SGM-09)."""
    sps, length, t0 = 8, 64, 16
    edges = _first_order_edges(PAM4, np.array([0.12, 0.2, 0.28, 0.36]), sps, length, t0)
    table = responses_from_edge_responses(edges, levels=PAM4, samples_per_ui=sps, edge_sample=t0)
    main = t0 + sps - 1
    sigma = 0.22
    r = statistical_ber(table, samples_per_ui=sps, noise_sigma=sigma, main_sample=main)
    rng = np.random.default_rng(7)
    n = 1_000_000
    a = rng.integers(0, 4, n)
    prev = np.roll(a, 1)
    s = main + int(round(r.phase_ui * sps))
    y = np.zeros(n)
    for j in range(-(s // sps), (length - 1 - s) // sps + 1):  # cursor j: symbol n - j at sample s + j*sps
        y += table[np.roll(prev, j), np.roll(a, j), s + j * sps]
    y += sigma * rng.standard_normal(n)
    keep = slice(16, n - 16)
    sym_err, bit_err = _mc_counts(y[keep], a[keep], r.thresholds_v)
    assert r.ber >= 1e-5
    _check_within_ci(r.ser, r.ber, sym_err, bit_err, a[keep].size)


def test_per_level_responses_match_monte_carlo_with_compressed_levels():
    """Nonlinear levels (outer levels compressed) and a level-dependent pulse shape."""
    levels = np.array([-2.6, -1.0, 1.0, 2.6])
    shapes = np.array([[0.05, 1.0, 0.25, 0.05], [0.03, 1.0, 0.2, 0.04], [0.03, 1.0, 0.2, 0.04], [0.05, 1.0, 0.25, 0.05]])
    table = levels[:, None] * shapes
    sigma = 0.16
    r = statistical_ber(table, samples_per_ui=1, noise_sigma=sigma)
    rng = np.random.default_rng(11)
    n = 2_000_000
    a = rng.integers(0, 4, n)
    y = sum(table[np.roll(a, j - 1), j] for j in range(4)) + sigma * rng.standard_normal(n)
    keep = slice(8, n - 8)
    sym_err, bit_err = _mc_counts(y[keep], a[keep], r.thresholds_v)
    _check_within_ci(r.ser, r.ber, sym_err, bit_err, a[keep].size)


def test_statistical_eye_contour_and_openings():
    e = statistical_eye(np.array([1.0]), samples_per_ui=1, noise_sigma=0.2, levels=PAM4, n_voltages=401)
    assert e.probability.shape == (1, 401)
    assert np.all(e.probability >= 0) and np.all(e.probability <= 1)
    # single cursor: each eye symmetric about its threshold; height shrinks as the target tightens
    h6, h12 = e.eye_heights_v(1e-6), e.eye_heights_v(1e-12)
    assert np.all(h12 < h6) and np.all(h6 < 2.0)
    np.testing.assert_allclose(h6, h6[1], atol=0.03)
    sps = 8
    pulse = np.convolve(np.ones(sps), np.hanning(sps + 1) / np.hanning(sps + 1).sum())
    e2 = statistical_eye(pulse, samples_per_ui=sps, noise_sigma=0.05, levels=PAM4)
    w = e2.eye_widths_ui(1e-9)
    assert np.all((w > 0) & (w <= 1))
    assert np.all(e2.eye_widths_ui(1e-15) <= w)


def test_bad_input_raises_config_error():
    with pytest.raises(ConfigError, match="levels"):
        statistical_ber(PULSE, samples_per_ui=1, noise_sigma=0.1)
    with pytest.raises(ConfigError, match="noise_sigma"):
        statistical_ber(PULSE, samples_per_ui=1, noise_sigma=0.0, levels=PAM4)
    with pytest.raises(ConfigError, match="power of two"):
        statistical_ber(np.ones((3, 4)), samples_per_ui=1, noise_sigma=0.1)
    with pytest.raises(ConfigError, match="increase"):
        statistical_ber(PULSE, samples_per_ui=1, noise_sigma=0.1, levels=[1.0, -1.0])
    with pytest.raises(ConfigError, match="settled"):
        responses_from_edge_responses(np.zeros((2, 2, 8)) + 0.1, levels=[0.0, 1.0], samples_per_ui=2, edge_sample=2)
