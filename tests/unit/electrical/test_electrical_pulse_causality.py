"""Pulse and impulse responses: causality of the Annex 93A form, areas, resampling."""

from __future__ import annotations

import numpy as np
import pytest
import skrf

from cposim.electrical.annex93a_line import line_s
from cposim.electrical.frequency import channel_frequency_grid, to_network
from cposim.electrical.lines import D33_HOST
from cposim.electrical.pulse import (
    impulse_response,
    noncausal_energy_fraction,
    pulse_response,
    rx_butterworth_filter,
    tx_rise_time_filter,
)
from cposim.errors import ConfigError

RATE = 212.5e9
FB = RATE / 2


@pytest.mark.parametrize("length_m", [0.05, 0.3, 1.0])
def test_annex93a_line_impulse_is_causal(length_m):
    """Energy before the front delay tau*L (guard 5/f_max for the band limit) < 1e-3 of the total."""
    f = channel_frequency_grid(RATE, n_points=2001, span_symbol_rates=2.0)
    s21 = line_s(f, length_m, D33_HOST)[:, 1, 0]
    t, h = impulse_response(f, s21, delay_s=D33_HOST.tau_s_per_m * length_m)
    assert noncausal_energy_fraction(t, h, guard_s=5 / f[-1]) < 1e-3


def test_the_causality_check_catches_a_magnitude_only_model():
    """Same loss without the (1+j) and log phase terms is not causal: the check must fail it."""
    f = channel_frequency_grid(RATE, n_points=2001, span_symbol_rates=2.0)
    m = D33_HOST
    gamma = m.a1_sqrt_s_per_m * np.sqrt(f) + m.a2_s_per_m * f + 2j * np.pi * f * m.tau_s_per_m
    t, h = impulse_response(f, np.exp(-gamma * 1.0), delay_s=m.tau_s_per_m * 1.0)
    assert noncausal_energy_fraction(t, h, guard_s=5 / f[-1]) > 1e-2


def test_pulse_area_is_one_ui_times_the_dc_gain():
    f = channel_frequency_grid(RATE)
    s21 = line_s(f, 0.2, D33_HOST)[:, 1, 0]
    p = pulse_response((f, s21), symbol_rate_baud=FB, samples_per_ui=16)
    area_ui = p.pulse.sum() / 16
    assert area_ui == pytest.approx(abs(s21[0]), rel=1e-9)
    assert p.cursor_index == int(np.argmax(p.pulse))


def test_lossless_channel_gives_the_band_limited_one_ui_pulse():
    """Ideal low-pass to f_b of a 1-UI rectangle: peak (2/pi) Si(pi) = 1.179 (Gibbs), ~1 UI wide."""
    from scipy.special import sici

    f = channel_frequency_grid(RATE)
    p = pulse_response((f, np.ones(f.size, complex)), symbol_rate_baud=FB, samples_per_ui=16)
    assert p.pulse.max() == pytest.approx(2 / np.pi * sici(np.pi)[0], rel=0.01)
    wide = np.sum(p.pulse > 0.5)
    assert 14 <= wide <= 18  # one UI above half height


def test_touchstone_like_grid_is_resampled_to_the_same_pulse():
    """A Network on a 10 MHz-start grid (no DC) gives the same pulse as the native grid (delay removed)."""
    f = channel_frequency_grid(RATE)
    native = pulse_response((f, line_s(f, 0.25, D33_HOST)[:, 1, 0]), symbol_rate_baud=FB)
    fr = np.linspace(10e6, FB, 4000)
    net = to_network(fr, line_s(fr, 0.25, D33_HOST))
    resampled = pulse_response(net, symbol_rate_baud=FB)
    assert isinstance(net, skrf.Network)
    assert resampled.pulse.max() == pytest.approx(native.pulse.max(), rel=0.01)


def test_reference_filters():
    """93A-46 Gaussian Tx filter and 93A-20 4th-order Butterworth (-3 dB at f_r)."""
    assert tx_rise_time_filter(0.0, 4e-12) == pytest.approx(1.0)
    assert 20 * np.log10(abs(rx_butterworth_filter(30e9, 30e9))) == pytest.approx(-3.01, abs=0.01)
    assert abs(rx_butterworth_filter(60e9, 30e9)) == pytest.approx(1 / np.sqrt(1 + 2**8), rel=1e-6)


def test_bad_grids_are_rejected():
    with pytest.raises(ConfigError, match="uniform"):
        impulse_response(np.array([1.0, 2.0, 4.0]), np.ones(3))
    with pytest.raises(ConfigError, match="s21"):
        pulse_response((np.linspace(0, 1e9, 5), np.ones(4)), symbol_rate_baud=1e9)
