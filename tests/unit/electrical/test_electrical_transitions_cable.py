"""Die terminations, transitions, package model and twinax cable (CPS-ELE-04, -11..-18).

Unit tests (closed forms, scaling, reflections), plus comparisons with the notes' derived device
rows: the die termination against CPS-ELE-11 is a prediction at the row's 0.1 dB precision with
its per-frequency verdict recorded (issue 11)."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.electrical.cable import CABLE_PLUG, TwinaxCable, awg_diameter_m, cable_assembly_s
from cposim.electrical.device_package import DevicePackage, substrate_path_s
from cposim.electrical.frequency import channel_frequency_grid
from cposim.electrical.transitions import (
    DEVICE_TERMINATION,
    FRONT_PANEL_CONNECTOR,
    PACKAGE_BALL,
    Transition,
)
from cposim.errors import ConfigError

NYQ = np.array([26.5625e9, 53.125e9])


def _il(s):
    return -20 * np.log10(np.abs(s[..., 1, 0]))


#: Verdict of the die termination against CPS-ELE-11 at the row's precision (0.1 dB: +-0.05 dB),
#: per frequency; a change either way fails the test below so that it gets noticed.
TERMINATION_EXPECTED = {26.5625e9: "fail", 53.125e9: "pass"}
TERMINATION_WHY_FAIL = {
    26.5625e9: "the COM ladder (CPS-ELE-04 class-A values) loses 0.26 dB at 26.6 GHz, more than at 53.1 GHz, "
               "against the row's 0.1 dB (derived for the C2M module end)",
}


def test_die_termination_loss_against_the_device_model_rows_CPS_ELE_11():
    """PREDICTION (nothing in the ladder was set from CPS-ELE-11; its elements are CPS-ELE-04):
    0.1 / 0.2 dB at 26.6 / 53.1 GHz, quoted to 0.1 dB: +-0.05 dB (was: atol 0.2 dB, which a
    lossless termination passed). The model meets 53.1 GHz and misses 26.6 GHz (0.26 dB): the
    verdicts are recorded above. Lossless at DC (float rounding)."""
    published = {26.5625e9: 0.1, 53.125e9: 0.2}
    loss = DEVICE_TERMINATION.loss_db(np.array(list(published)))
    got = {f: ("pass" if abs(float(x) - published[f]) <= 0.05 else "fail") for f, x in zip(published, loss)}
    assert got == TERMINATION_EXPECTED, (got, np.round(loss, 3).tolist(), TERMINATION_WHY_FAIL)
    assert set(TERMINATION_WHY_FAIL) == {f for f, v in TERMINATION_EXPECTED.items() if v == "fail"}
    assert DEVICE_TERMINATION.loss_db(np.array([0.0]))[0] == pytest.approx(0.0, abs=1e-12)


def test_ball_capacitance_closed_form():
    """Shunt C on 50 ohm: |S21|^2 = 1 / (1 + (w C Z0/2)^2) (independent closed form vs skrf media)."""
    w = 2 * np.pi * NYQ
    expected = 10 * np.log10(1 + (w * 40e-15 * 50 / 2) ** 2)
    np.testing.assert_allclose(PACKAGE_BALL.loss_db(NYQ), expected, rtol=1e-9)


def test_transition_loss_at_its_reference_and_scaling():
    t = Transition(loss_db=1.0, zc_ohm=100.0)
    assert float(t.loss_db_at(53.125e9)) == pytest.approx(1.0, rel=1e-9)
    half = float(t.loss_db_at(53.125e9 / 2))
    assert 0.5 <= half <= 2 / 3  # "half to two thirds" at half the frequency (CPS-ELE-12)
    assert float(_il(t.s(np.array([53.125e9])))[0]) == pytest.approx(1.0, rel=1e-6)  # matched: no reflection


def test_mismatched_connector_reflects():
    s = FRONT_PANEL_CONNECTOR.s(channel_frequency_grid(212.5e9, n_points=201))
    rl = -20 * np.log10(np.abs(s[1:, 0, 0]) + 1e-300)
    assert 15 < rl.min() < 40


def test_class_a_package_matches_the_d33_device_model():
    """CPS-ELE-23: class-A 33 mm package 3.3 / 6.0 dB at 26.6 / 53.1 GHz; tolerance 0.5 dB."""
    np.testing.assert_allclose(_il(DevicePackage().s(NYQ)), [3.3, 6.0], atol=0.5)


def test_package_loss_grows_with_trace_length_and_substrate_path_is_short():
    lengths = [0.0, 0.01, 0.03, 0.05]
    il = [float(_il(DevicePackage(trace_length_m=x).s(np.array([53.125e9])))[0]) for x in lengths]
    assert np.all(np.diff(il) > 0)
    assert float(_il(substrate_path_s(np.array([53.125e9]), 0.02))[0]) < il[2]


def test_cable_anchor_losses_and_gauge_scaling():
    """CPS-ELE-16: 26 AWG 5.5 / 8.5 dB/m at 26.6 / 53.1 GHz; skin term scales as 1/d (CPS-ELE-17)."""
    c26 = TwinaxCable()
    np.testing.assert_allclose(c26.loss_db(NYQ, 1.0), [5.5, 8.5], rtol=1e-9)
    assert awg_diameter_m(26) == pytest.approx(0.405e-3, rel=0.01)
    ratio = TwinaxCable(awg=30).k_s_db_per_m_per_sqrt_hz / c26.k_s_db_per_m_per_sqrt_hz
    assert ratio == pytest.approx(awg_diameter_m(26) / awg_diameter_m(30), rel=1e-9)
    assert TwinaxCable(awg=30).k_d_db_per_m_per_hz == c26.k_d_db_per_m_per_hz
    losses = [float(TwinaxCable(awg=a).loss_db(53.125e9, 1.0)) for a in (24, 26, 28, 30)]
    assert np.all(np.diff(losses) > 0)


def test_cable_network_loss_and_assembly_over_lengths():
    c = TwinaxCable()
    f = np.array([0.0, 26.5625e9, 53.125e9])
    lengths = np.array([0.5, 1.0, 2.0])
    np.testing.assert_allclose(_il(c.s(f, lengths)), c.loss_db(f, lengths), rtol=1e-9, atol=1e-12)
    asm = cable_assembly_s(f, lengths, cable=c)
    plug = _il(CABLE_PLUG.s(f))
    np.testing.assert_allclose(_il(asm)[:, 2], c.loss_db(53.125e9, lengths) + 2 * plug[2], atol=0.5)
    assert asm.shape == (3, 3, 2, 2)


def test_bad_cable_inputs():
    with pytest.raises(ConfigError, match="awg"):
        TwinaxCable(awg=26.5)
    with pytest.raises(ConfigError, match="awg"):
        TwinaxCable(awg=40)
    with pytest.raises(ConfigError, match="negative"):
        TwinaxCable(loss_db_per_m_26awg_at_26g=5.5, loss_db_per_m_26awg_at_53g=20.0).k_s_db_per_m_per_sqrt_hz
