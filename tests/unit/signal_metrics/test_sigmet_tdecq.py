"""TDECQ (IEEE 802.3 Clause 121.8.5; CPS-SGM-01..04): ideal transmitter ~0 dB, grows with ISI."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from cposim.errors import PhysicsError
from cposim.signal.tdecq import TDECQ_Q_T, TDECQ_TARGET_SER, noise_enhancement, reference_receiver, tdecq

SPS = 16
BAUD = 26.5625e9
LEVELS_W = np.array([0.2, 0.4, 0.6, 0.8]) * 1e-3


def _balanced_symbols(n: int, seed: int) -> np.ndarray:
    """Random PAM4 pattern with every level equally often (like PRBS13Q / SSPRQ), so the
    average power is the middle of the outer levels."""
    return np.random.default_rng(seed).permutation(np.repeat(np.arange(4), n // 4))


def test_target_ser_and_q_t_are_consistent():
    """1.5 Q(Q_t) = SER_t for four equally spaced levels (CPS-SGM-01)."""
    assert 1.5 * norm.sf(TDECQ_Q_T) == pytest.approx(TDECQ_TARGET_SER, rel=2e-3)


def test_ideal_transmitter_is_zero_db():
    s = _balanced_symbols(4096, 1)
    x = np.repeat(LEVELS_W[s], SPS)
    r = tdecq(x, s, samples_per_ui=SPS, symbol_rate_baud=BAUD, apply_reference_receiver=False)
    # exactly 10 log10(Q^-1(SER_t / 1.5) / Q_t) = 9e-5 dB: the rounding of Q_t to 3.414
    assert r.tdecq_db == pytest.approx(10 * np.log10(norm.isf(TDECQ_TARGET_SER / 1.5) / TDECQ_Q_T), abs=1e-4)
    # the search may spread a trace of weight off the main tap (it averages nothing here: C_eq stays ~1)
    assert r.ceq == pytest.approx(1.0, abs=1e-4)
    np.testing.assert_allclose(r.levels_w, LEVELS_W, rtol=1e-12)
    assert r.oma_outer_w == pytest.approx(0.6e-3)
    assert r.ser_left == pytest.approx(TDECQ_TARGET_SER, rel=1e-6) and r.ser_right <= TDECQ_TARGET_SER * (1 + 1e-6)
    # with the Bessel-Thomson reference receiver the ideal rectangular eye closes slightly
    rr = tdecq(x, s, samples_per_ui=SPS, symbol_rate_baud=BAUD)
    assert 0.0 < rr.tdecq_db < 1.0
    assert rr.taps.sum() == pytest.approx(1.0, abs=1e-9)


def test_tdecq_grows_monotonically_with_added_isi():
    s = _balanced_symbols(4096, 2)
    x = np.repeat(LEVELS_W[s], SPS)
    values = []
    for a in (0.0, 0.1, 0.2, 0.3):
        y = (1 - a) * x + a * np.roll(x, SPS)  # 1-UI post-cursor, DC gain 1 (same settled levels)
        values.append(tdecq(y, s, samples_per_ui=SPS, symbol_rate_baud=BAUD).tdecq_db)
    assert np.all(np.diff(values) > 0.1), values


def test_scope_noise_is_credited_back():
    """An ideal signal with noise sigma_S in the capture and sigma_S declared: still ~0 dB."""
    s = _balanced_symbols(16384, 3)
    sig_s = 0.01e-3
    rng = np.random.default_rng(3)
    x = np.repeat(LEVELS_W[s], 8) + sig_s * rng.standard_normal(s.size * 8)
    r = tdecq(x, s, samples_per_ui=8, symbol_rate_baud=BAUD, apply_reference_receiver=False, optimize_taps=False,
              scope_noise_sigma_w=sig_s)
    assert abs(r.tdecq_db) < 0.08
    bare = tdecq(x, s, samples_per_ui=8, symbol_rate_baud=BAUD, apply_reference_receiver=False, optimize_taps=False)
    assert bare.tdecq_db > r.tdecq_db + 0.05


def test_closed_eye_raises():
    s = _balanced_symbols(4096, 4)
    swapped = LEVELS_W[[0, 2, 1, 3]]  # symbols 1 and 2 land in each other's decision regions
    with pytest.raises(PhysicsError, match="closed"):
        tdecq(np.repeat(swapped[s], SPS), s, samples_per_ui=SPS, symbol_rate_baud=BAUD, apply_reference_receiver=False,
              run_symbols=3)


def test_noise_enhancement_and_reference_receiver():
    taps = np.array([-0.1, 1.2, -0.1])
    assert noise_enhancement(taps, samples_per_ui=SPS, symbol_rate_baud=BAUD, bandwidth_hz=None) == pytest.approx(
        np.sqrt(np.sum(taps**2)), rel=1e-6)
    assert noise_enhancement([0.0, 1.0, 0.0], samples_per_ui=SPS, symbol_rate_baud=BAUD, bandwidth_hz=BAUD / 2) == pytest.approx(1.0)
    # a high-pass FFE enhances receiver-shaped noise less than white noise (little noise at high f)
    assert noise_enhancement(taps, samples_per_ui=SPS, symbol_rate_baud=BAUD, bandwidth_hz=BAUD / 2) < np.sqrt(np.sum(taps**2))
    x = np.repeat(LEVELS_W[_balanced_symbols(256, 5)], SPS)
    y = reference_receiver(x, samples_per_ui=SPS, symbol_rate_baud=BAUD)
    assert y.mean() == pytest.approx(x.mean(), rel=1e-12)  # unit DC gain
    assert np.std(np.diff(y)) < np.std(np.diff(x))  # low-pass
