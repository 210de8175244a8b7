"""Depletion micro-ring modulator: drive convention, levels, bandwidth, energy, heaters."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cposim.devices.ring_modulator import (
    RingModulator,
    capacitive_drive_energy_per_bit_j,
    level_mismatch_ratio,
)
from cposim.errors import ConfigError


def test_heater_power_for_a_40_k_swing_dev09_dev04():
    """DEV-09 (83 pm/K) x 40 K at DEV-04 (0.1 nm/mW) needs 33.2 mW (+/-0.1 mW)."""
    ring = RingModulator()
    assert ring.heater_power_for_temperature_swing_w(40.0) == pytest.approx(33.2e-3, abs=0.1e-3)


def test_heater_power_per_fsr_dev10_dev11():
    """DEV-11: one 13 nm FSR (DEV-10) costs 43-130 mW at 0.3-0.1 nm/mW heater efficiency (+/-2 %)."""
    slow = RingModulator(heater_efficiency_m_per_w=0.1e-9 / 1e-3)
    fast = RingModulator(heater_efficiency_m_per_w=0.3e-9 / 1e-3)
    assert slow.heater_power_per_fsr_w == pytest.approx(0.130, rel=0.02)
    assert fast.heater_power_per_fsr_w == pytest.approx(0.043, rel=0.02)


def test_heaters_only_red_shift():
    with pytest.raises(ConfigError, match="shift_m"):
        RingModulator().heater_power_for_shift_w(-1e-9)


def test_drive_convention_red_detuned_laser_darkens_with_reverse_bias():
    """Sign convention: reverse bias red-shifts the resonance; with the laser on the red side
    the through power falls with drive, with the laser on the blue side it rises."""
    red = RingModulator(bias_detuning_m=+120e-12)
    blue = RingModulator(bias_detuning_m=-120e-12)
    assert red.transmission_at_voltage(2.0) < red.transmission_at_voltage(0.0)
    assert blue.transmission_at_voltage(2.0) > blue.transmission_at_voltage(0.0)


def test_drive_that_puts_the_resonance_on_the_laser_gives_the_resonance_transmission():
    ring = RingModulator()
    v_on = ring.bias_detuning_m / ring.resonance_shift_m_per_v
    assert ring.transmission_at_voltage(v_on) == pytest.approx(ring.through_transmission_at_resonance, rel=1e-9)


def test_levels_are_the_transmissions_at_equally_spaced_drives():
    ring = RingModulator()
    levels = ring.transmission_levels(4)
    volts = np.linspace(0.0, ring.drive_swing_v, 4)
    expected = np.sort(ring.transmission_at_voltage(volts))
    np.testing.assert_allclose(levels, expected, rtol=1e-12)
    assert np.all(np.diff(levels) > 0)


def test_nrz_figures_are_consistent():
    ring = RingModulator()
    low, high = ring.transmission_levels(2)
    assert ring.oma_fraction == pytest.approx(high - low, rel=1e-12)
    assert ring.extinction_ratio_db == pytest.approx(10 * np.log10(high / low), rel=1e-12)
    assert ring.insertion_loss_db == pytest.approx(-10 * np.log10(high), rel=1e-12)
    # OMA = T_high (1 - 1/ER)
    assert ring.oma_fraction == pytest.approx(high * (1 - 10 ** (-ring.extinction_ratio_db / 10)), rel=1e-12)


def test_pam4_levels_compress_and_small_swings_are_linear():
    """The Lorentzian compresses equally driven PAM4 levels (R_LM < 1, below the 0.95 of CPS-MOD-09
    at the defaults); for a tiny swing the transfer is locally linear and R_LM -> 1."""
    assert RingModulator().level_mismatch_ratio < 0.95
    assert RingModulator(drive_swing_v=0.02).level_mismatch_ratio == pytest.approx(1.0, abs=0.01)


def test_level_mismatch_ratio_definition():
    assert level_mismatch_ratio([0.0, 1.0, 2.0, 3.0]) == pytest.approx(1.0)
    # middle levels pulled toward the centre by 10 % of a step: ES = 0.3 -> R_LM = 0.9
    assert level_mismatch_ratio([-3.0, -0.9, 0.9, 3.0]) == pytest.approx(0.9)
    with pytest.raises(ConfigError):
        level_mismatch_ratio([0.0, 1.0, 2.0])


def test_oma_grows_with_swing_in_the_small_signal_region():
    swings = np.linspace(0.05, 1.0, 20)
    oma = RingModulator(drive_swing_v=swings).oma_fraction
    assert np.all(np.diff(oma) > 0)


def test_small_signal_oma_equals_slope_times_swing():
    """Two paths: OMA of a tiny swing vs a central finite difference of T(V) at mid-swing."""
    ring = RingModulator(drive_swing_v=1e-3)
    h = 1e-4
    slope = (ring.transmission_at_voltage(0.5e-3 + h) - ring.transmission_at_voltage(0.5e-3 - h)) / (2 * h)
    assert ring.oma_fraction == pytest.approx(abs(slope) * 1e-3, rel=1e-3)


@settings(max_examples=100, deadline=None)
@given(
    detuning=st.floats(-2e-9, 2e-9),
    swing=st.floats(0.01, 10.0),
    r1=st.floats(0.5, 1.0),
    loss=st.floats(10.0, 1e5),
    n=st.integers(2, 8),
)
def test_levels_never_exceed_the_input(detuning, swing, r1, loss, n):
    ring = RingModulator(bias_detuning_m=detuning, drive_swing_v=swing, through_self_coupling=r1, loss_db_per_m=loss)
    levels = ring.transmission_levels(n)
    assert levels.shape == (n,)
    assert np.all(levels >= 0.0) and np.all(levels <= 1.0)
    assert levels[0] <= levels[-1]


def test_bandwidth_combines_photon_lifetime_and_rc():
    ring = RingModulator()
    assert ring.optical_bandwidth_hz == pytest.approx(299792458.0 / (ring.resonance_wavelength_m * ring.loaded_q),
                                                      rel=1e-12)
    assert ring.rc_bandwidth_hz == pytest.approx(1 / (2 * np.pi * 50.0 * 50e-15), rel=1e-12)
    assert ring.modulation_bandwidth_hz < min(ring.optical_bandwidth_hz, ring.rc_bandwidth_hz)
    fast_rc = RingModulator(series_resistance_ohm=1e-3)
    assert fast_rc.modulation_bandwidth_hz == pytest.approx(fast_rc.optical_bandwidth_hz, rel=1e-6)


def test_nrz_drive_energy_reproduces_dev07():
    """DEV-07: 50 fJ/bit at 2 Vpp; with C = 50 fF (CPS-MOD-06) E = C V^2/4 = 50 fJ (exact)."""
    assert RingModulator().nrz_drive_energy_per_bit_j == pytest.approx(50e-15, rel=1e-12)


@pytest.mark.parametrize("m", [2, 4, 8])
def test_pam_drive_energy_matches_enumeration_of_all_transitions(m):
    """Closed form C V^2 (M+1)/(6 M log2 M) vs enumerating every symbol pair: the supply at Vpp
    delivers C Vpp dV on every upward step dV."""
    c, vpp = 30e-15, 1.2
    volts = np.linspace(0.0, vpp, m)
    per_symbol = np.mean([c * vpp * max(b - a, 0.0) for a, b in itertools.product(volts, volts)])
    assert capacitive_drive_energy_per_bit_j(c, vpp, m) == pytest.approx(per_symbol / np.log2(m), rel=1e-12)


def test_transmitter_power_at_200g_uses_dev08():
    """DEV-08: 1.44 pJ/bit driver + modulator -> 0.288 W at 200 Gb/s."""
    assert RingModulator().transmitter_power_w(200e9) == pytest.approx(0.288, rel=1e-12)
    assert RingModulator().drive_power_w(200e9) == pytest.approx(50e-15 * 200e9, rel=1e-12)


def test_warming_moves_the_resonance_toward_a_red_detuned_laser():
    ring = RingModulator()
    assert ring.detuning_after_temperature_change_m(1.0) == pytest.approx(120e-12 - 83e-12, rel=1e-9)


def test_outputs_broadcast_and_levels_gain_a_last_axis():
    ring = RingModulator(drive_swing_v=np.array([0.5, 1.0, 2.0]), bias_detuning_m=np.array([[80e-12], [160e-12]]))
    assert ring.transmission_levels(4).shape == (2, 3, 4)
    assert ring.oma_fraction.shape == (2, 3)
    assert ring.modulation_bandwidth_hz.shape == ()


def test_inherits_the_ring_model():
    ring = RingModulator()
    assert ring.fsr_m == pytest.approx(13.0e-9, abs=0.1e-9)
    assert 3000 <= ring.loaded_q <= 10000  # DEV-12 range


@pytest.mark.parametrize("kwargs", [{"drive_swing_v": 0.0}, {"resonance_shift_m_per_v": -1e-12},
                                    {"junction_capacitance_f": 1.0}, {"heater_efficiency_m_per_w": 0.0}])
def test_bad_input_is_a_config_error(kwargs):
    (field,) = kwargs
    with pytest.raises(ConfigError, match=f"RingModulator.{field}"):
        RingModulator(**kwargs)


def test_bad_level_count():
    with pytest.raises(ConfigError, match="n_levels"):
        RingModulator().transmission_levels(1)
