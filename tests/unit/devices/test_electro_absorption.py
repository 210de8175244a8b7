"""Electro-absorption modulator: ER at a swing, levels in dB, bandwidth and switching energy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cposim.devices.electro_absorption import ElectroAbsorptionModulator
from cposim.errors import ConfigError


def test_defaults_sit_inside_the_dev26_ranges():
    """DEV-26: IL 2.5-5 dB, ER 4-7.5 dB."""
    eam = ElectroAbsorptionModulator()
    assert 2.5 <= eam.insertion_loss_db <= 5.0
    assert 4.0 <= eam.extinction_ratio_db <= 7.5


def test_bandwidth_is_dev25():
    assert ElectroAbsorptionModulator().modulation_bandwidth_hz == pytest.approx(89e9)


def test_switching_energy_reproduces_dev27():
    """DEV-27: 50 fJ/bit; C = 50 fF at 2 Vpp with E = C V^2/4 (CPS-MOD-19), exact."""
    assert ElectroAbsorptionModulator().nrz_drive_energy_per_bit_j == pytest.approx(50e-15, rel=1e-12)
    assert ElectroAbsorptionModulator().drive_power_w(100e9) == pytest.approx(5e-3, rel=1e-12)


def test_extinction_scales_linearly_with_swing_and_levels_are_equally_spaced_in_db():
    eam = ElectroAbsorptionModulator(drive_swing_v=1.0)
    assert eam.extinction_ratio_db == pytest.approx(2.5, rel=1e-12)
    levels_db = 10 * np.log10(ElectroAbsorptionModulator().transmission_levels(4))
    np.testing.assert_allclose(np.diff(levels_db), 5.0 / 3, rtol=1e-12)
    low, high = ElectroAbsorptionModulator().transmission_levels(2)
    assert 10 * np.log10(high / low) == pytest.approx(5.0, rel=1e-12)
    assert high == pytest.approx(10 ** -0.4, rel=1e-12)


def test_levels_match_transmission_at_voltage():
    eam = ElectroAbsorptionModulator()
    np.testing.assert_allclose(eam.transmission_levels(3),
                               np.sort(eam.transmission_at_voltage(np.array([0.0, 1.0, 2.0]))), rtol=1e-12)


def test_exponential_transfer_compresses_pam4():
    assert ElectroAbsorptionModulator().level_mismatch_ratio < 0.95
    assert ElectroAbsorptionModulator(drive_swing_v=0.01).level_mismatch_ratio == pytest.approx(1.0, abs=0.01)


def test_oma_grows_with_swing():
    oma = ElectroAbsorptionModulator(drive_swing_v=np.linspace(0.1, 5.0, 25)).oma_fraction
    assert np.all(np.diff(oma) > 0)


@settings(max_examples=100, deadline=None)
@given(il=st.floats(0.0, 30.0), er=st.floats(0.1, 40.0), swing=st.floats(0.01, 20.0), n=st.integers(2, 8))
def test_levels_never_exceed_the_input(il, er, swing, n):
    levels = ElectroAbsorptionModulator(on_state_loss_db=il, rated_extinction_ratio_db=er,
                                        drive_swing_v=swing).transmission_levels(n)
    assert np.all(levels > 0.0) and np.all(levels <= 1.0)
    assert np.all(np.diff(levels) > 0)


def test_outputs_broadcast():
    eam = ElectroAbsorptionModulator(drive_swing_v=np.array([1.0, 2.0, 3.0]), on_state_loss_db=np.array([[3.0], [4.0]]))
    assert eam.transmission_levels(4).shape == (2, 3, 4)
    assert eam.oma_fraction.shape == (2, 3)


def test_bad_input():
    with pytest.raises(ConfigError, match="ElectroAbsorptionModulator.drive_swing_v"):
        ElectroAbsorptionModulator(drive_swing_v=-1.0)
    with pytest.raises(ConfigError, match="voltage_v"):
        ElectroAbsorptionModulator().transmission_at_voltage(-0.5)
