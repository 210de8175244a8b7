"""Eye image (2-D histogram, chunked) and eye height / width against closed forms."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from cposim.errors import ConfigError, PhysicsError
from cposim.signal.eye import EyeAccumulator, eye_image, eye_opening, plot_eye, plot_statistical_eye
from cposim.signal.statistical_ber import statistical_eye

PAM4 = np.array([-3.0, -1.0, 1.0, 3.0])


def _ramp_pam4(symbols: np.ndarray, sps: int, rise_samples: int) -> np.ndarray:
    """PAM4 waveform with straight transitions of ``rise_samples`` centred on each symbol
    boundary (sample n*sps) and flat levels in between."""
    v = PAM4[symbols]
    n = np.arange(1, symbols.size)
    t = np.concatenate(([0.0], np.stack([n * sps - rise_samples / 2, n * sps + rise_samples / 2], axis=1).ravel()))
    y = np.concatenate(([v[0]], np.stack([v[:-1], v[1:]], axis=1).ravel()))
    return np.interp(np.arange(symbols.size * sps), t, y)


def test_chunked_accumulation_is_identical_for_any_chunk_sizes():
    rng = np.random.default_rng(1)
    y = rng.normal(size=10_007)
    whole = eye_image(y, samples_per_ui=13, voltage_range=(-3, 3), n_voltage_bins=64, time_offset_samples=5)
    for sizes in ([1] * 50 + [9957], [7, 1000, 3, 8997], [10_007]):
        acc = EyeAccumulator(samples_per_ui=13, voltage_range=(-3, 3), n_voltage_bins=64, time_offset_samples=5)
        start = 0
        for n in sizes:
            acc.add(y[start : start + n])
            start += n
        img = acc.image()
        assert np.array_equal(img.counts, whole.counts)
        assert (img.n_below, img.n_above) == (whole.n_below, whole.n_above)
    assert whole.n_samples + whole.n_below + whole.n_above == y.size


def test_clean_ramp_eye_height_and_width_equal_the_closed_form():
    """Straight transitions of rise time tr: middle eye width 1 - tr/2 UI, upper and lower
    eyes 1 - 2 tr/3 UI (spread of the threshold-crossing times); heights = level spacing."""
    sps, tr = 32, 12
    s = np.random.default_rng(2).integers(0, 4, 3000)
    y = _ramp_pam4(s, sps, tr)
    img = eye_image(y, samples_per_ui=sps, voltage_range=(-3.505, 3.505), n_voltage_bins=701)
    op = eye_opening(img, n_levels=4)
    np.testing.assert_allclose(op.heights, [2.0, 2.0, 2.0], atol=1e-9)
    np.testing.assert_allclose(op.levels, PAM4, atol=1e-9)
    r = tr / sps
    np.testing.assert_allclose(op.widths_ui, [1 - 2 * r / 3, 1 - r / 2, 1 - 2 * r / 3], atol=1e-12)


def test_isi_eye_height_equals_worst_case_closed_form():
    """y = a_n + 0.2 a_{n-1} (sample-and-hold): inner eye height 2 - 2 * 0.2 * 3 = 0.8."""
    sps = 8
    s = np.random.default_rng(3).integers(0, 4, 4000)
    x = PAM4[s] + 0.2 * np.roll(PAM4[s], 1)
    img = eye_image(np.repeat(x, sps), samples_per_ui=sps, voltage_range=(-4.005, 4.005), n_voltage_bins=801)
    op = eye_opening(img, n_levels=4)
    np.testing.assert_allclose(op.heights, 0.8, atol=1e-9)
    np.testing.assert_allclose(op.widths_ui, 1.0)


def test_gaussian_noise_eye_height_at_target_probability():
    """Height at per-level tail probability p: spacing - 2 sigma Q^-1(p)."""
    sps, sigma, p = 4, 0.1, 0.01
    rng = np.random.default_rng(4)
    s = rng.integers(0, 4, 60_000)
    y = np.repeat(PAM4[s], sps) + sigma * rng.standard_normal(s.size * sps)
    img = eye_image(y, samples_per_ui=sps, voltage_range=(-4.0, 4.0), n_voltage_bins=1600)
    op = eye_opening(img, n_levels=4, target_probability=p)
    expected = 2.0 - 2.0 * sigma * norm.isf(p)
    np.testing.assert_allclose(op.heights, expected, atol=0.02)
    assert np.all(eye_opening(img, n_levels=4, target_probability=1e-4).heights < op.heights)


def test_plots_write_png(tmp_path):
    s = np.random.default_rng(5).integers(0, 4, 500)
    img = eye_image(_ramp_pam4(s, 16, 6), samples_per_ui=16)
    out = plot_eye(img, tmp_path / "eye.png")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    se = statistical_eye(np.array([0.1, 1.0, 0.2]), samples_per_ui=1, noise_sigma=0.1, levels=PAM4, n_voltages=64)
    out2 = plot_statistical_eye(se, tmp_path / "stateye.png")
    assert out2.read_bytes()[:4] == b"\x89PNG"


def test_bad_input():
    with pytest.raises(ConfigError, match="voltage_range"):
        EyeAccumulator(samples_per_ui=8, voltage_range=(1.0, 0.0))
    with pytest.raises(ConfigError, match="samples_per_ui"):
        EyeAccumulator(samples_per_ui=0, voltage_range=(0.0, 1.0))
    acc = EyeAccumulator(samples_per_ui=8, voltage_range=(0.0, 1.0))
    with pytest.raises(ConfigError):
        acc.add([0.1, float("nan")])
    with pytest.raises(PhysicsError):
        eye_opening(acc.image(), n_levels=4)
