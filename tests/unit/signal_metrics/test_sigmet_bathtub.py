"""Bathtub curves: captured waveform + Gaussian extrapolation vs the statistical method."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.errors import ConfigError
from cposim.signal.bathtub import Bathtub, bathtub_from_statistical, bathtub_from_waveform, plot_bathtub

PAM4 = np.array([-3.0, -1.0, 1.0, 3.0])
SPS = 8
MAIN = 12


def _de_bruijn(k: int, n: int) -> np.ndarray:
    """Cyclic sequence over k symbols holding every n-gram exactly once (length k^n)."""
    a = [0] * k * n
    seq: list[int] = []

    def db(t: int, p: int) -> None:
        if t > n:
            if n % p == 0:
                seq.extend(a[1 : p + 1])
        else:
            a[t] = a[t - p]
            db(t + 1, p)
            for j in range(a[t - p] + 1, k):
                a[t] = j
                db(t + 1, t)

    db(1, 1)
    return np.array(seq)


def _pulse() -> np.ndarray:
    """Oversampled pulse whose support spans the cursors -1..2 at every phase of the UI."""
    t = np.arange(32)
    p = np.exp(-0.5 * ((t - MAIN) / 2.2) ** 2) + 0.12 * np.exp(-0.5 * ((t - MAIN - 8) / 2.5) ** 2)
    p[(t < MAIN - 11) | (t > MAIN + 19)] = 0.0
    return p


def _periodic_waveform(symbols: np.ndarray, pulse: np.ndarray) -> np.ndarray:
    imp = np.zeros(symbols.size * SPS)
    imp[::SPS] = PAM4[symbols]
    return np.fft.irfft(np.fft.rfft(imp) * np.fft.rfft(pulse, n=imp.size), n=imp.size)


def test_waveform_bathtub_equals_statistical_for_a_de_bruijn_pattern():
    """A de Bruijn pattern of order 4 holds every 4-symbol ISI pattern once, so the captured
    ISI distribution is the exact one: the two methods agree to the grid quantisation."""
    s = _de_bruijn(4, 4)
    y = _periodic_waveform(s, _pulse())
    for sigma in (0.15, 0.08):
        bw = bathtub_from_waveform(y, s, samples_per_ui=SPS, noise_sigma=sigma, delay_samples=MAIN)
        bs = bathtub_from_statistical(_pulse(), samples_per_ui=SPS, noise_sigma=sigma, levels=PAM4, main_sample=MAIN)
        np.testing.assert_array_equal(bw.phases_ui, bs.phases_ui)
        ok = bs.ber > 1e-200
        np.testing.assert_allclose(bw.ber[ok], bs.ber[ok], rtol=0.02)
        assert bw.min_ber < 1e-15 or sigma > 0.1
        assert bw.optimal_phase_ui == bs.optimal_phase_ui


def test_default_alignment_and_random_pattern_stay_close():
    rng = np.random.default_rng(4)
    s = rng.integers(0, 4, 20_000)
    y = _periodic_waveform(s, _pulse())
    bw = bathtub_from_waveform(y, s, samples_per_ui=SPS, noise_sigma=0.15)
    bs = bathtub_from_statistical(_pulse(), samples_per_ui=SPS, noise_sigma=0.15, levels=PAM4, main_sample=MAIN)
    i = bs.best_index
    assert bw.ber[i] == pytest.approx(bs.ber[i], rel=0.1, abs=0)


def test_eye_width_shrinks_with_the_target_and_stays_in_one_ui(tmp_path):
    bs = bathtub_from_statistical(_pulse(), samples_per_ui=SPS, noise_sigma=0.08, levels=PAM4, main_sample=MAIN)
    w6, w12 = bs.eye_width_ui(1e-6), bs.eye_width_ui(1e-12)
    assert 0.0 < w12 < w6 <= 1.0
    assert bs.eye_width_ui(1e-300) == 0.0
    synthetic = Bathtub(np.array([-0.5, -0.25, 0.0, 0.25]), np.array([1e-1, 1e-5, 1e-9, 1e-1]), "statistical")
    # crossings interpolated in log10 BER: left halfway from -9 (0 UI) to -5 (-0.25 UI), right
    # a quarter of the way from -9 (0 UI) to -1 (0.25 UI)
    assert synthetic.eye_width_ui(1e-7) == pytest.approx(0.25 * 2 / 8 + 0.25 * 2 / 4)
    out = plot_bathtub([bs, synthetic], tmp_path / "bathtub.png")
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_bad_input():
    s = _de_bruijn(4, 2)
    y = _periodic_waveform(s, _pulse())
    with pytest.raises(ConfigError, match="noise_sigma"):
        bathtub_from_waveform(y, s, samples_per_ui=SPS, noise_sigma=-1.0)
    with pytest.raises(ConfigError, match="never occurs"):
        bathtub_from_waveform(y, s, samples_per_ui=SPS, noise_sigma=0.1, n_levels=8)
