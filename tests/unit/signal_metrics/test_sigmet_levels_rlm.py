"""Waveform level metrics: RLM (IEEE 802.3 Annex 120D, CPS-MOD-09), OMA_outer, ER, alignment."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.devices.ring_modulator import level_mismatch_ratio
from cposim.errors import ConfigError, PhysicsError
from cposim.signal.metrics import (
    extinction_ratio_db,
    oma_outer,
    pam_metrics,
    pulse_estimate,
    rlm,
    steady_state_levels,
    symbol_delay_samples,
)


def _waveform(levels: np.ndarray, symbols: np.ndarray, sps: int, post: float = 0.3, delay: int = 0) -> np.ndarray:
    """Rectangular PAM waveform through a 1-UI post-cursor filter (DC gain 1), delayed."""
    x = np.repeat(levels[symbols], sps)
    y = (1 - post) * x + post * np.roll(x, sps)
    return np.roll(y, delay)


def test_rlm_is_one_for_equal_spacing_and_falls_for_compressed_levels():
    assert rlm([0.0, 1.0, 2.0, 3.0]) == pytest.approx(1.0, abs=1e-15)
    compressed = [0.0, 1.2, 1.8, 3.0]  # inner levels squeezed together
    assert rlm(compressed) == pytest.approx(0.6, rel=1e-12)
    outer_compressed = [0.0, 0.8, 1.5, 1.9]
    assert rlm(outer_compressed) < 1.0
    np.testing.assert_allclose(rlm(np.array([compressed, outer_compressed])), level_mismatch_ratio(np.array([compressed, outer_compressed])))


def test_levels_from_waveform_match_the_driven_levels():
    rng = np.random.default_rng(9)
    s = rng.integers(0, 4, 8192)
    sps = 8
    for levels in (np.array([0.2, 0.4, 0.6, 0.8]) * 1e-3, np.array([0.1, 0.46, 0.62, 1.0]) * 1e-3):
        y = _waveform(levels, s, sps, delay=5)
        m = pam_metrics(y, s, samples_per_ui=sps)
        np.testing.assert_allclose(m.levels, levels, rtol=1e-12)
        assert m.rlm == pytest.approx(level_mismatch_ratio(levels), rel=1e-9)
        assert m.oma_outer == pytest.approx(levels[-1] - levels[0], rel=1e-12)
        assert m.extinction_ratio_db == pytest.approx(10 * np.log10(levels[-1] / levels[0]), rel=1e-12)
        assert m.average == pytest.approx(levels[s].mean(), rel=1e-12)


def test_er_and_oma_closed_forms_and_errors():
    assert extinction_ratio_db([0.1e-3, 0.4e-3, 0.7e-3, 1.0e-3]) == pytest.approx(10.0)
    assert oma_outer([0.1, 0.4, 0.7, 1.0]) == pytest.approx(0.9)
    with pytest.raises(PhysicsError, match="not positive"):
        extinction_ratio_db([0.0, 0.3, 0.6, 1.0])
    with pytest.raises(ConfigError):
        rlm([0.0, 1.0, 2.0])


def test_delay_is_the_pulse_peak():
    rng = np.random.default_rng(12)
    s = rng.integers(0, 4, 4096)
    sps = 16
    pulse = np.exp(-0.5 * ((np.arange(64) - 23.0) / 4.0) ** 2)
    imp = np.zeros(s.size * sps)
    imp[::sps] = s
    y = np.fft.irfft(np.fft.rfft(imp) * np.fft.rfft(pulse, n=imp.size), n=imp.size)
    assert symbol_delay_samples(y, s, samples_per_ui=sps) == 23
    est = pulse_estimate(y, s, samples_per_ui=sps)
    np.testing.assert_allclose(est[:64], pulse, atol=0.05)


def test_run_requirements_are_checked():
    s = np.tile([0, 1, 2, 3], 64)  # no runs at all
    y = np.repeat(s.astype(float), 4)
    with pytest.raises(ConfigError, match="no run"):
        steady_state_levels(y, s, samples_per_ui=4, run_symbols=3)
    np.testing.assert_allclose(steady_state_levels(y, s, samples_per_ui=4, run_symbols=1, delay_samples=1), [0, 1, 2, 3])
    with pytest.raises(ConfigError, match="do not match"):
        pam_metrics(y[:-1], s, samples_per_ui=4)
