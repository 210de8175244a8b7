"""Transimpedance amplifier: published noise and power, noise scaling, energy accounting."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cposim.devices.tia import TransimpedanceAmplifier
from cposim.errors import ConfigError


def test_noise_over_45_ghz_is_dev40_4p7_ua_rms():
    tia = TransimpedanceAmplifier()
    assert tia.input_noise_rms_in_band_a == pytest.approx(4.7e-6, rel=1e-12)
    assert tia.input_noise_rms_a(45e9) == pytest.approx(4.7e-6, rel=1e-12)


def test_noise_density_22_pa_per_root_hz_cps_tia_02():
    assert TransimpedanceAmplifier().input_noise_density_a_per_sqrt_hz == pytest.approx(22.2e-12, rel=5e-3)


def test_noise_density_cross_check_against_a_second_112g_tia_cps_tia_03():
    """The derived density is conservative: above the 16.9 pA/sqrt(Hz) of CPS-TIA-03 but within 1.5x of it."""
    ratio = TransimpedanceAmplifier().input_noise_density_a_per_sqrt_hz / 16.9e-12
    assert 1.0 < ratio < 1.5


@settings(max_examples=60, deadline=None)
@given(bw=st.floats(1e6, 1e12), k=st.floats(1.0, 100.0))
def test_rms_noise_scales_with_root_bandwidth(bw, k):
    tia = TransimpedanceAmplifier()
    assert tia.input_noise_rms_a(k * bw) == pytest.approx(np.sqrt(k) * tia.input_noise_rms_a(bw), rel=1e-9)


def test_power_at_112_gbps_is_dev40_107_mw_within_1_percent():
    tia = TransimpedanceAmplifier()
    assert tia.energy_pj_per_bit == pytest.approx(0.96, rel=1e-12)
    assert tia.power_w == pytest.approx(0.107, rel=0.01)


def test_power_scales_with_bit_rate_at_fixed_energy_per_bit():
    tia = TransimpedanceAmplifier()
    assert tia.power_at_bit_rate_w(224e9) == pytest.approx(2 * tia.power_w, rel=1e-12)
    assert TransimpedanceAmplifier(bit_rate_bps=224e9).power_w == pytest.approx(0.96e-12 * 224e9, rel=1e-12)
    assert tia.power_at_bit_rate_w(0.0) == 0.0


def test_energy_per_bit_round_trip():
    """Energy per bit recovered from power / bit rate, in pJ/bit (per-direction convention)."""
    tia = TransimpedanceAmplifier(bit_rate_bps=np.array([53.125e9, 106.25e9, 212.5e9]))
    np.testing.assert_allclose(tia.power_w / tia.bit_rate_bps / 1e-12, 0.96, rtol=1e-12)


def test_transimpedance_65_dbohm_dev40():
    tia = TransimpedanceAmplifier()
    assert tia.transimpedance_dbohm == pytest.approx(65.0, abs=1e-12)
    assert tia.transimpedance_ohm == pytest.approx(1778.28, rel=1e-5)
    assert tia.output_voltage_v(100e-6) == pytest.approx(0.177828, rel=1e-5)


def test_bad_inputs_are_config_errors():
    tia = TransimpedanceAmplifier()
    with pytest.raises(ConfigError, match="noise_bandwidth_hz"):
        tia.input_noise_rms_a(-1.0)
    with pytest.raises(ConfigError, match="bit_rate_bps"):
        tia.power_at_bit_rate_w(-5.0)
    with pytest.raises(ConfigError, match="TransimpedanceAmplifier.energy_per_bit_j"):
        TransimpedanceAmplifier(energy_per_bit_j=-1e-12)
