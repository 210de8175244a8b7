"""CTLE of IEEE 802.3 eq. 93A-22 (CPS-ELE-01): closed-form limits and the digital version."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import signal

from cposim.equalization.ctle import ctle_peaking_db, ctle_response, ctle_sos
from cposim.errors import ConfigError

FB = 106.25e9
KW = dict(zero_hz=0.4 * FB, pole1_hz=0.4 * FB, pole2_hz=FB)


def test_dc_gain_is_the_product_of_the_two_stage_gains():
    h = ctle_response(0.0, dc_gain_db=-7.0, lf_gain_db=-3.0, lf_pole_hz=FB / 80, **KW)
    assert 20 * np.log10(abs(h)) == pytest.approx(-10.0, abs=1e-12)


def test_zero_gain_with_zero_at_first_pole_is_a_single_pole_low_pass():
    """g_DC = 0 dB and f_z = f_p1: the numerator cancels the first pole, H = 1/(1 + j f/f_p2)."""
    f = np.linspace(0, 2 * FB, 101)
    h = ctle_response(f, dc_gain_db=0.0, **KW)
    np.testing.assert_allclose(h, 1.0 / (1.0 + 1j * f / FB), rtol=1e-12)


def test_peaking_equals_minus_dc_gain_in_the_flat_band():
    """With f_z = f_p1 the response is ~1 between f_z and f_p2: boost = -g_DC (high-frequency limit)."""
    kw = dict(zero_hz=1e9, pole1_hz=1e9, pole2_hz=1e15)
    for g in (-3.0, -9.0, -15.0):
        assert ctle_peaking_db(dc_gain_db=g, frequency_hz=1e12, **kw) == pytest.approx(-g, abs=1e-3)


def test_low_frequency_stage_shapes_only_below_f_lf():
    f_lf = FB / 80
    base = ctle_response(np.array([FB / 2]), dc_gain_db=-6.0, **KW)
    with_lf = ctle_response(np.array([FB / 2]), dc_gain_db=-6.0, lf_gain_db=-4.0, lf_pole_hz=f_lf, **KW)
    assert abs(with_lf[0]) == pytest.approx(abs(base[0]), rel=2e-3)
    low = ctle_response(np.array([f_lf / 100]), dc_gain_db=-6.0, lf_gain_db=-4.0, lf_pole_hz=f_lf, **KW)
    assert 20 * np.log10(abs(low[0])) == pytest.approx(-10.0, abs=0.01)


def test_broadcasts_over_a_gain_grid():
    f = np.linspace(0, FB, 11)
    g = np.arange(0, -16, -1.0)[:, None]
    h = ctle_response(f, dc_gain_db=g, **KW)
    assert h.shape == (16, 11)
    np.testing.assert_allclose(h[3], ctle_response(f, dc_gain_db=-3.0, **KW))


@settings(max_examples=25, deadline=None)
@given(g=st.floats(-20, 0), g2=st.floats(-6, 0))
def test_digital_sections_match_the_analog_response(g, g2):
    """Bilinear transform with prewarped corners: same DC gain, < 0.15 dB apart up to fs/16."""
    fs = 16 * FB
    kw = dict(dc_gain_db=g, lf_gain_db=g2, lf_pole_hz=FB / 40, **KW)
    sos = ctle_sos(fs, **kw)
    f = np.linspace(0, fs / 16, 200)
    _, hd = signal.sosfreqz(sos, worN=f, fs=fs)
    ha = ctle_response(f, **kw)
    assert abs(hd[0]) == pytest.approx(abs(ha[0]), rel=1e-9)
    np.testing.assert_allclose(20 * np.log10(np.abs(hd)), 20 * np.log10(np.abs(ha)), atol=0.15)


def test_digital_filter_step_settles_to_the_dc_gain():
    sos = ctle_sos(16 * FB, dc_gain_db=-6.0, **KW)
    y = signal.sosfilt(sos, np.ones(4000))
    assert y[-1] == pytest.approx(10 ** (-6 / 20), rel=1e-6)


def test_bad_input_is_rejected_clearly():
    with pytest.raises(ConfigError, match="lf_pole_hz"):
        ctle_response(1e9, dc_gain_db=-3.0, lf_gain_db=-2.0, **KW)
    with pytest.raises(ConfigError, match="zero_hz"):
        ctle_response(1e9, dc_gain_db=-3.0, zero_hz=0.0, pole1_hz=1e9, pole2_hz=1e10)
    with pytest.raises(ConfigError, match="fs/2"):
        ctle_sos(1.5 * FB, dc_gain_db=-3.0, **KW)
    with pytest.raises(ConfigError, match="frequency_hz"):
        ctle_response(-1.0, dc_gain_db=-3.0, **KW)
