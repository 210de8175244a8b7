"""Annex 93A lines, laminates and cascading (CPS-ELE-01, -05..-10): closed forms and cross-checks."""

from __future__ import annotations

import numpy as np
import pytest
import skrf
from hypothesis import given, settings
from hypothesis import strategies as st
from skrf.media import DefinedGammaZ0

from cposim.electrical.annex93a_line import LineModel, line_network, line_s, matched_line_loss_db
from cposim.electrical.cascade import cascade, cascade_s, reverse_s
from cposim.electrical.frequency import channel_frequency_grid, loss_db_at, to_network
from cposim.electrical.laminates import LAMINATES, Laminate, hammerstad_roughness_factor, skin_depth_m
from cposim.electrical.lines import D33_HOST, DJ_PACKAGE, LINE_PRESETS, line_model, pcb_line
from cposim.errors import ConfigError

F_TEST_GHZ = np.array([1.0, 14.0, 26.5625, 53.125])


@pytest.mark.parametrize("length_mm", [10.0, 100.0, 280.0])
def test_matched_loss_is_the_annex_93a_formula_in_table_units(length_mm):
    """IL_dB = 8.686 L (gamma0 + a1 sqrt f + a2 f), f in GHz, L in mm (Annex 93A, CPS-ELE-01)."""
    g0, a1, a2 = 5e-4, 8.9e-4, 2.0e-4
    model = LineModel.from_annex93a(gamma0_per_mm=g0, a1_sqrt_ns_per_mm=a1, a2_ns_per_mm=a2, tau_ns_per_mm=6.141e-3)
    expected = 8.686 * length_mm * (g0 + a1 * np.sqrt(F_TEST_GHZ) + a2 * F_TEST_GHZ)
    s = line_s(F_TEST_GHZ * 1e9, length_mm * 1e-3, model)
    np.testing.assert_allclose(-20 * np.log10(np.abs(s[:, 1, 0])), expected, rtol=1e-4)
    np.testing.assert_allclose(matched_line_loss_db(F_TEST_GHZ * 1e9, length_mm * 1e-3, model), expected, rtol=1e-4)


def test_d33_host_and_dj_package_per_length_losses():
    """D3.3 host: 0.83 / 1.26 dB/in at 26.6 / 53.1 GHz (CPS-ELE-05); dj package ~0.15 dB/mm at 53.1 GHz
    (CPS-ELE-04). Tolerance 1 %."""
    f = np.array([26.5625e9, 53.125e9])
    np.testing.assert_allclose(D33_HOST.loss_db_per_m(f) * 0.0254, [0.829, 1.262], rtol=0.01)
    assert DJ_PACKAGE.loss_db_per_m(53.125e9) * 1e-3 == pytest.approx(0.153, rel=0.01)


@settings(max_examples=30, deadline=None)
@given(l1=st.floats(0.0, 0.5), l2=st.floats(0.0, 0.5))
def test_cascading_matched_segments_adds_their_loss_in_db(l1, l2):
    f = channel_frequency_grid(212.5e9, n_points=65)
    both = cascade_s(line_s(f, l1, D33_HOST), line_s(f, l2, D33_HOST))
    one = line_s(f, l1 + l2, D33_HOST)
    np.testing.assert_allclose(both, one, atol=1e-12)
    il = lambda s: -20 * np.log10(np.abs(s[:, 1, 0]))  # noqa: E731
    np.testing.assert_allclose(il(both), il(line_s(f, l1, D33_HOST)) + il(line_s(f, l2, D33_HOST)), atol=1e-9)


def test_skrf_cascade_of_networks_agrees_with_the_batched_cascade():
    f = channel_frequency_grid(106.25e9, n_points=101)
    mism = D33_HOST.with_impedance(85.0)
    a, b = line_network(f, 0.05, mism), pcb_line(f, 0.1)
    via_skrf = cascade(a, b, a)
    mine = cascade_s(line_s(f, 0.05, mism), line_s(f, 0.1, D33_HOST), line_s(f, 0.05, mism))
    np.testing.assert_allclose(via_skrf.s, mine, atol=1e-12)


def test_batched_cascade_over_lengths_equals_a_loop():
    f = channel_frequency_grid(212.5e9, n_points=65)
    lengths = np.array([0.0, 0.1, 0.37])
    mism = D33_HOST.with_impedance(90.0)
    batch = cascade_s(line_s(f, 0.02, mism), line_s(f, lengths, D33_HOST))
    for k, length in enumerate(lengths):
        np.testing.assert_allclose(batch[k], cascade_s(line_s(f, 0.02, mism), line_s(f, length, D33_HOST)), atol=1e-14)


def test_mismatched_line_agrees_with_skrf_media():
    """Closed-form S of a Zc != Z_ref line vs skrf's DefinedGammaZ0.line (independent implementation)."""
    f = np.linspace(1e8, 60e9, 50)
    model = DJ_PACKAGE.with_impedance(70.0)
    media = DefinedGammaZ0(frequency=skrf.Frequency.from_f(f, unit="hz"), z0_port=100.0, z0=70.0,
                           gamma=model.gamma_per_m(f))
    np.testing.assert_allclose(line_s(f, 0.03, model), media.line(0.03, unit="m").s, atol=1e-10)


def test_lines_are_passive_and_reciprocal():
    f = channel_frequency_grid(212.5e9, n_points=129)
    s = line_s(f, np.array([0.01, 0.3]), DJ_PACKAGE)
    power = np.abs(s[..., 0, 0]) ** 2 + np.abs(s[..., 1, 0]) ** 2
    assert np.all(power <= 1 + 1e-12)
    np.testing.assert_allclose(s[..., 0, 1], s[..., 1, 0])
    np.testing.assert_allclose(reverse_s(s), s[..., ::-1, ::-1])


def test_laminate_presets_reproduce_the_notes_table():
    """CPS-ELE-10: dB/in at 14 / 26.6 / 53.1 GHz for FR-4, Megtron-6/7/8 (5 mil, 50 ohm, K_r 1.3); 5 %."""
    table = {
        "fr4": (1.9, 3.2, 5.7),
        "megtron6": (0.95, 1.4, 2.3),
        "megtron7": (0.82, 1.2, 1.8),
        "megtron8": (0.77, 1.1, 1.6),
    }
    f = np.array([14e9, 26.5625e9, 53.125e9])
    for name, expected in table.items():
        np.testing.assert_allclose(LAMINATES[name].loss_db_per_inch(f), expected, rtol=0.05)
        # the causal Annex 93A fit is exact for a constant roughness factor
        np.testing.assert_allclose(LINE_PRESETS[name].loss_db_per_m(f) * 0.0254, LAMINATES[name].loss_db_per_inch(f),
                                   rtol=1e-6)


def test_lower_loss_laminates_rank_in_order():
    f = np.array([26.5625e9, 53.125e9])
    losses = [line_model(n).loss_db_per_m(f) for n in ("fr4", "megtron6", "megtron7", "megtron8")]
    assert np.all(np.diff(np.array(losses), axis=0) < 0)


def test_hammerstad_limits_and_skin_depth():
    """CPS-ELE-07: K = 1 for smooth copper, -> 2 for very rough; delta = 0.29 um at 53 GHz."""
    assert skin_depth_m(53.125e9) == pytest.approx(0.287e-6, rel=0.01)
    assert hammerstad_roughness_factor(53e9, 0.0) == pytest.approx(1.0)
    assert hammerstad_roughness_factor(53e9, 10e-6) == pytest.approx(2.0, abs=1e-3)
    k = hammerstad_roughness_factor(np.geomspace(1e9, 1e11, 20), 0.5e-6)
    assert np.all(np.diff(k) > 0)


def test_roughness_raises_the_fitted_conductor_term():
    smooth = Laminate(roughness_factor=1.0).line_model()
    rough = Laminate(roughness_rms_m=1.0e-6).line_model()
    assert rough.a1_sqrt_s_per_m > smooth.a1_sqrt_s_per_m
    f = np.geomspace(5e9, 60e9, 12)
    lam = Laminate(roughness_rms_m=1.0e-6)
    np.testing.assert_allclose(lam.line_model().loss_db_per_m(f), lam.loss_db_per_m(f), rtol=0.1)


def test_network_helpers_and_errors():
    f = channel_frequency_grid(106.25e9, n_points=101)
    net = pcb_line(f, 0.1, laminate="megtron6")
    assert isinstance(net, skrf.Network) and net.nports == 2
    assert loss_db_at(net, 26.5625e9) == pytest.approx(0.1 * LINE_PRESETS["megtron6"].loss_db_per_m(26.5625e9), rel=1e-3)
    with pytest.raises(ConfigError, match="megtron"):
        line_model("megtorn6")
    with pytest.raises(ConfigError, match="length_m"):
        line_s(f, -0.1, D33_HOST)
    with pytest.raises(ConfigError, match="outside"):
        loss_db_at(net, 1e12)
    with pytest.raises(ConfigError, match="shape"):
        to_network(f, np.zeros((3, 2, 2)))
