"""Crosstalk aggressors and the IEEE 802.3 ICN integral (CPS-ELE-22)."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.electrical.crosstalk import (
    Aggressor,
    connector_next,
    coupled_fext,
    flat_aggressor,
    integrated_crosstalk_noise_v,
)
from cposim.errors import ConfigError

FB = 53.125e9
F = np.linspace(10e6, 2 * FB, 4000)


def test_icn_of_a_flat_aggressor_matches_the_closed_form_integral():
    """Without the rise-time and receiver roll-offs, 2 df sum A^2/f_b sinc^2 |X|^2 -> A^2 |X|^2 (1/2 + ...)."""
    agg = flat_aggressor(-40.0)
    sig = integrated_crosstalk_noise_v([agg], F, symbol_rate_baud=FB, fext_amplitude_v=0.5, rise_time_s=1e-15,
                                       rx_bandwidth_hz=1e15)
    from scipy.integrate import quad

    integral = quad(lambda f: np.sinc(f / FB) ** 2 / FB, F[0], F[-1], limit=400)[0]
    assert sig == pytest.approx(np.sqrt(2 * 0.25 * 1e-4 * integral), rel=1e-3)


def test_icn_scaling_laws():
    a = integrated_crosstalk_noise_v([flat_aggressor(-40.0)], F, symbol_rate_baud=FB)
    assert integrated_crosstalk_noise_v([flat_aggressor(-46.0)], F, symbol_rate_baud=FB) == pytest.approx(
        a * 10 ** (-6 / 20), rel=1e-9)
    two = integrated_crosstalk_noise_v([flat_aggressor(-40.0)] * 2, F, symbol_rate_baud=FB)
    assert two == pytest.approx(np.sqrt(2) * a, rel=1e-9)
    near = integrated_crosstalk_noise_v([flat_aggressor(-40.0, kind="next")], F, symbol_rate_baud=FB,
                                        next_amplitude_v=0.826)
    assert near == pytest.approx(2 * a, rel=1e-9)


def test_aggressor_shapes():
    nx = connector_next(level_db=-40.0, corner_hz=20e9)
    mag = np.abs(nx.transfer(np.array([1e8, 20e9, 1e13])))
    assert mag[0] < mag[1] < mag[2] == pytest.approx(0.01, rel=1e-3)
    s21 = 10 ** (-np.linspace(0, 30, F.size) / 20) + 0j
    fx = coupled_fext(F, s21, level_db=-50.0, reference_hz=FB / 2)
    assert abs(fx.transfer(np.array([FB / 2]))[0]) == pytest.approx(10 ** (-50 / 20) * abs(np.interp(FB / 2, F, s21.real)),
                                                                    rel=1e-6)


def test_bad_aggressors():
    with pytest.raises(ConfigError, match="kind"):
        Aggressor("side", lambda f: f)
    with pytest.raises(ConfigError, match="level_db"):
        flat_aggressor(6.0)
    with pytest.raises(ConfigError, match="uniformly"):
        integrated_crosstalk_noise_v([flat_aggressor()], np.array([1.0, 2.0, 4.0]), symbol_rate_baud=FB)
