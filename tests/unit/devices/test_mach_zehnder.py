"""Mach-Zehnder modulator: cos^2 transfer, quadrature bias, push-pull, RF power, bandwidth."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cposim.devices.mach_zehnder import EO_3DB_ELECTRODE_LOSS_NP, MachZehnderModulator, mean_square_drive_voltage_v2
from cposim.errors import ConfigError


def test_quadrature_bias_gives_half_the_peak():
    mzm = MachZehnderModulator()
    peak = 10 ** (-mzm.optical_loss_db / 10)
    assert mzm.transmission_at_voltage(0.0) == pytest.approx(0.5 * peak, rel=1e-12)


def test_transfer_is_il_cos_squared_for_high_static_extinction():
    mzm = MachZehnderModulator(static_extinction_ratio_db=80.0, bias_phase_rad=0.0)
    il = 10 ** (-mzm.optical_loss_db / 10)
    v = np.linspace(-5.0, 5.0, 41)
    expected = il * np.cos(0.5 * np.pi * v / mzm.vpi_v) ** 2
    np.testing.assert_allclose(mzm.transmission_at_voltage(v), expected, atol=1e-8 * il)


def test_full_vpi_swing_er_is_limited_only_by_static_extinction():
    """At a Vpi swing around quadrature the levels sit at the peak and the null, so the ER equals
    the finite static extinction parameter (CPS-MOD-13) and grows with it."""
    for er_s in (20.0, 30.0, 40.0):
        mzm = MachZehnderModulator(static_extinction_ratio_db=er_s)
        full = MachZehnderModulator(static_extinction_ratio_db=er_s, drive_swing_v=mzm.vpi_v)
        assert full.extinction_ratio_db == pytest.approx(er_s, rel=1e-9)


def test_push_pull_halves_vpi():
    pp = MachZehnderModulator(push_pull=True)
    single = MachZehnderModulator(push_pull=False)
    assert pp.vpi_v == pytest.approx(single.vpi_v / 2, rel=1e-12)
    np.testing.assert_allclose(pp.transmission_levels(4),
                               MachZehnderModulator(push_pull=False, drive_swing_v=2.0).transmission_levels(4),
                               rtol=1e-12)


def test_tfln_vpi_from_dev23():
    """DEV-23: VpiL = 1.8 V cm; a 1 cm single-arm electrode has Vpi = 1.8 V."""
    mzm = MachZehnderModulator(vpi_l_v_m=1.8e-2, length_m=1e-2, push_pull=False)
    assert mzm.vpi_v == pytest.approx(1.8, rel=1e-12)


def test_oma_grows_with_swing_up_to_vpi():
    vpi = MachZehnderModulator().vpi_v
    swings = np.linspace(0.05, 0.99, 30) * vpi
    oma = MachZehnderModulator(drive_swing_v=swings).oma_fraction
    assert np.all(np.diff(oma) > 0)


def test_cosine_compresses_pam4_levels():
    assert MachZehnderModulator(drive_swing_v=0.01).level_mismatch_ratio == pytest.approx(1.0, abs=1e-3)
    big = MachZehnderModulator(drive_swing_v=0.9 * MachZehnderModulator().vpi_v)
    assert big.level_mismatch_ratio < 0.95


@settings(max_examples=100, deadline=None)
@given(
    swing=st.floats(0.01, 20.0),
    bias=st.floats(0.0, 2 * np.pi),
    er=st.floats(1.0, 80.0),
    loss=st.floats(0.0, 1e4),
    push=st.booleans(),
    n=st.integers(2, 8),
)
def test_levels_stay_within_the_passive_bounds(swing, bias, er, loss, push, n):
    mzm = MachZehnderModulator(drive_swing_v=swing, bias_phase_rad=bias, static_extinction_ratio_db=er,
                               loss_db_per_m=loss, push_pull=push)
    levels = mzm.transmission_levels(n)
    peak = 10 ** (-mzm.optical_loss_db / 10)
    assert np.all(levels >= 0.0) and np.all(levels <= peak * (1 + 1e-12))
    assert levels[0] <= levels[-1]


def test_rf_power_into_the_terminations():
    """NRZ: n_arms Vpp^2/(4R) = 2 x 1 V^2/(4 x 50 ohm) = 10 mW; energy/bit = P / bit rate."""
    mzm = MachZehnderModulator()
    assert mzm.nrz_rf_power_w == pytest.approx(10e-3, rel=1e-12)
    assert mzm.drive_energy_per_bit_j(100e9) == pytest.approx(1e-13, rel=1e-12)
    assert MachZehnderModulator(push_pull=False).nrz_rf_power_w == pytest.approx(5e-3, rel=1e-12)


@pytest.mark.parametrize("m", [2, 3, 4, 8])
def test_mean_square_voltage_matches_the_level_average(m):
    """Closed form Vpp^2 (M+1)/(12 (M-1)) vs averaging v^2 over equally spaced levels about zero."""
    levels = np.linspace(-0.5, 0.5, m) * 1.3
    assert mean_square_drive_voltage_v2(1.3, m) == pytest.approx(np.mean(levels**2), rel=1e-12)


def test_bandwidth_is_where_the_eo_response_is_down_3_db():
    mzm = MachZehnderModulator()
    assert mzm.eo_response_db(mzm.modulation_bandwidth_hz) == pytest.approx(-10 * np.log10(2), abs=1e-9)
    assert mzm.eo_response_db(0.0) == 0.0
    f = np.linspace(0.0, 3 * mzm.modulation_bandwidth_hz, 50)
    assert np.all(np.diff(mzm.eo_response_db(f)) < 0)
    # 6.41 dB of electrode loss at the EO 3 dB point
    assert EO_3DB_ELECTRODE_LOSS_NP * 20 / np.log(10) == pytest.approx(6.41, abs=0.01)
    # loss-limited with loss proportional to f: bandwidth scales as 1/L
    half = MachZehnderModulator(length_m=mzm.length_m / 2)
    assert half.modulation_bandwidth_hz == pytest.approx(2 * mzm.modulation_bandwidth_hz, rel=1e-12)


def test_outputs_broadcast():
    mzm = MachZehnderModulator(drive_swing_v=np.array([0.5, 1.0, 1.5]), length_m=np.array([[2e-3], [4e-3]]))
    assert mzm.transmission_levels(4).shape == (2, 3, 4)
    assert mzm.extinction_ratio_db.shape == (2, 3)
    assert mzm.modulation_bandwidth_hz.shape == (2, 1)


def test_bad_input_is_a_config_error():
    with pytest.raises(ConfigError, match="MachZehnderModulator.push_pull"):
        MachZehnderModulator(push_pull="yes")
    with pytest.raises(ConfigError, match="MachZehnderModulator.vpi_l_v_m"):
        MachZehnderModulator(vpi_l_v_m=0.0)
    with pytest.raises(ConfigError, match="bit_rate_bps"):
        MachZehnderModulator().drive_energy_per_bit_j(0.0)


def test_sources():
    ids = {s.id for s in MachZehnderModulator().sources()}
    assert {"DEV-21", "CPS-MOD-17", "CPS-MOD-13"} <= ids
