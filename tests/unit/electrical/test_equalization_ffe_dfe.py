"""T-spaced MMSE FFE and DFE (CPS-ELE-03): closed form vs brute force, limits, a decision loop."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.equalization.dfe import dfe_equalize, dfe_residual, dfe_taps_from_pulse
from cposim.equalization.ffe import (
    apply_ffe,
    convolution_matrix,
    mmse_ffe_from_samples,
    mmse_ffe_taps,
    t_spaced_samples,
)
from cposim.errors import ConfigError, PhysicsError

SPU = 8


def _pulse(h_t: list[float], spu: int = SPU) -> tuple[np.ndarray, int]:
    """An oversampled pulse whose T-spaced samples through the cursor are ``h_t`` (cursor = max)."""
    p = np.zeros(len(h_t) * spu)
    p[::spu] = h_t
    return p, int(np.argmax(h_t)) * spu


def _brute_force_taps(h, k0, n_taps, n_pre, noise, n_dfe):
    H, m0 = convolution_matrix(np.asarray(h, float), k0, n_taps, n_pre)
    keep = np.ones(H.shape[0], bool)
    keep[m0 : m0 + n_dfe + 1] = False
    # minimise |H_r c|^2 + noise |c|^2 subject to H[m0] c = 1, via the KKT system
    A = H[keep].T @ H[keep] + noise * np.eye(n_taps)
    kkt = np.block([[2 * A, H[m0][:, None]], [H[m0][None, :], np.zeros((1, 1))]])
    rhs = np.r_[np.zeros(n_taps), 1.0]
    c = np.linalg.solve(kkt, rhs)[:n_taps]
    return c / c[n_pre]


@pytest.mark.parametrize(("n_taps", "n_pre", "noise", "n_dfe"), [(5, 1, 0.0, 0), (8, 2, 0.01, 1), (12, 3, 0.1, 2)])
def test_mmse_matches_the_kkt_solution(n_taps, n_pre, noise, n_dfe):
    """Closed form (Toeplitz autocorrelation) vs the Lagrange/KKT system built from the full matrix."""
    h = [0.02, 0.15, 1.0, 0.45, 0.2, 0.1, 0.05, 0.02]
    p, cur = _pulse(h)
    taps = mmse_ffe_taps(p, samples_per_ui=SPU, cursor_index=cur, n_taps=n_taps, n_pre=n_pre, noise_variance=noise,
                         n_dfe=n_dfe)
    np.testing.assert_allclose(taps, _brute_force_taps(h, 2, n_taps, n_pre, noise, n_dfe), rtol=1e-8, atol=1e-10)
    assert taps[n_pre] == 1.0


def test_long_noiseless_ffe_inverts_a_one_post_cursor_channel():
    """1 + a z^-1 is inverted by the geometric series (-a)^k: residual ISI -> a^(2N)."""
    a = 0.5
    h = np.array([1.0, a])
    taps, q = mmse_ffe_from_samples(h, cursor=0, n_taps=20, n_pre=0)
    np.testing.assert_allclose(taps[:6], (-a) ** np.arange(6), rtol=1e-6)
    isi = np.delete(q, 0)
    assert np.sum(isi**2) < 1e-10


def test_noise_makes_the_equalizer_more_conservative():
    h = np.array([0.1, 1.0, 0.6, 0.3, 0.1])
    out = []
    for noise in (0.0, 0.01, 0.1, 1.0):
        taps, q = mmse_ffe_from_samples(h, cursor=1, n_taps=9, n_pre=2, noise_autocorrelation=np.r_[noise, np.zeros(8)])
        q0 = q[3]
        isi = np.sum(np.delete(q, 3) ** 2) / q0**2
        out.append((isi, np.sum(taps**2) / q0**2))
    isi, energy = np.array(out).T
    assert np.all(np.diff(isi) > 0)  # more noise: more residual ISI accepted
    assert np.all(np.diff(energy) < 0)  # and less tap energy (noise enhancement)


def test_apply_ffe_agrees_with_t_spaced_convolution():
    rng = np.random.default_rng(7)
    p = rng.normal(size=40 * SPU)
    taps = np.array([-0.1, 1.0, -0.3, 0.05])
    out = apply_ffe(p, taps, samples_per_ui=SPU, n_pre=1)
    h, _ = t_spaced_samples(p, samples_per_ui=SPU, cursor_index=3)
    ho, _ = t_spaced_samples(out, samples_per_ui=SPU, cursor_index=3)
    ref = np.convolve(h, taps)[1 : 1 + h.size]  # q[m] = sum_i c_i h[m + n_pre - i]
    np.testing.assert_allclose(ho[2:-3], ref[2:-3], rtol=1e-12)


def test_dfe_taps_are_post_cursors_and_respect_limits():
    p, cur = _pulse([0.1, 1.0, 0.9, -0.4, 0.2])
    b = dfe_taps_from_pulse(p, samples_per_ui=SPU, cursor_index=cur, n_taps=5)
    np.testing.assert_allclose(b, [0.9, -0.4, 0.2, 0.0, 0.0])
    bn = dfe_taps_from_pulse(p, samples_per_ui=SPU, cursor_index=cur, n_taps=2, normalize=True, b_max=0.85)
    np.testing.assert_allclose(bn, [0.85, -0.4])
    res = dfe_residual(np.array([0.1, 1.0, 0.9, -0.4, 0.2]), cursor=1, n_taps=2, b_max=0.85)
    np.testing.assert_allclose(res, [0.1, 1.0, 0.05, 0.0, 0.2], atol=1e-12)


def test_dfe_loop_removes_post_cursor_isi_that_closes_the_eye():
    """PAM4 through 1 + 0.7 z^-1 + 0.3 z^-2: a slicer alone errs, the DFE decides every symbol."""
    rng = np.random.default_rng(2024)
    levels = np.array([-1.0, -1 / 3, 1 / 3, 1.0])
    sym = rng.choice(levels, size=5000)
    h = np.array([1.0, 0.7, 0.3])
    y = np.convolve(sym, h)[: sym.size] + rng.normal(scale=0.03, size=sym.size)
    no_dfe, _ = dfe_equalize(y, taps=np.zeros(0), levels=levels)
    with_dfe, z = dfe_equalize(y, taps=h[1:], levels=levels)
    assert np.mean(no_dfe != sym) > 0.2
    assert np.all(with_dfe == sym)
    assert np.std(z - sym) == pytest.approx(0.03, rel=0.1)


def test_errors_are_clear():
    with pytest.raises(ConfigError, match="n_pre"):
        mmse_ffe_from_samples(np.ones(5), cursor=1, n_taps=3, n_pre=3)
    with pytest.raises(ConfigError, match="cursor_index"):
        mmse_ffe_taps(np.ones(16), samples_per_ui=SPU, cursor_index=99, n_taps=3, n_pre=1)
    with pytest.raises(PhysicsError, match="main cursor"):
        mmse_ffe_from_samples(np.zeros(8), cursor=2, n_taps=3, n_pre=1)
    with pytest.raises(ConfigError, match="samples_per_ui"):
        t_spaced_samples(np.ones(8), samples_per_ui=1.5, cursor_index=0)
