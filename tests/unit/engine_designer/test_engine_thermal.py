"""Heater tuning Monte Carlo: closed forms, convergence, seeding and cyclic <= fixed."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cposim.devices.ring_modulator import RingModulator
from cposim.engine.thermal import bank_heater_shifts_m, draw_resonance_offsets_m, tune_ring_banks
from cposim.errors import ConfigError

RING = RingModulator(radius_m=5e-6)  # FSR 13.0 nm at 1310 nm (DEV-10), 0.1 nm/mW (DEV-04), 83 pm/K (DEV-09)


def _even_grid(n, spacing_m, centre=1310e-9):
    return centre + (np.arange(n) - (n - 1) / 2) * spacing_m


def _tune(samples, seed=0, **kw):
    args = dict(temperature_swing_k=0.0, global_spread_m=5e-9, local_spread_m=1e-9, locking_power_per_ring_w=0.0,
                samples=samples, seed=seed)
    args.update(kw)
    return tune_ring_banks(RING, _even_grid(8, float(RING.fsr_m) / 8), **args)


def test_fixed_assignment_with_a_global_spread_over_one_fsr_needs_half_an_fsr():
    """Offsets uniform over one FSR make the required shift uniform on [0, FSR): mean FSR/2."""
    fsr = float(RING.fsr_m)
    res = _tune(40000, global_spread_m=fsr / 2, local_spread_m=0.0, assignment="fixed")
    assert res.mean_shift_m == pytest.approx(fsr / 2, abs=4 * res.standard_error_m)


def test_cyclic_assignment_with_a_matched_fsr_needs_half_a_spacing():
    """FSR = N x spacing and no ring-to-ring spread: the best rotation leaves a shift uniform on
    [0, spacing) for every ring, mean spacing / 2."""
    fsr = float(RING.fsr_m)
    res = _tune(40000, global_spread_m=fsr / 2, local_spread_m=0.0, assignment="cyclic")
    assert res.mean_shift_m == pytest.approx(fsr / 16, abs=4 * res.standard_error_m)
    assert np.all(res.shifts_m < fsr / 8 * (1 + 1e-9))


def test_shifts_lie_within_one_fsr_and_heaters_only_heat():
    res = _tune(500, local_spread_m=4e-9)
    assert np.all(res.shifts_m >= 0.0) and np.all(res.shifts_m < float(RING.fsr_m))
    assert res.heater_power_p99_w <= res.heater_power_per_fsr_w + res.temperature_power_w


def test_monte_carlo_standard_error_falls_like_one_over_sqrt_n_and_estimates_converge():
    ref = _tune(200_000, seed=99)
    sizes = [250, 1000, 4000, 16000]
    runs = [_tune(n, seed=7) for n in sizes]
    se = np.array([r.standard_error_m for r in runs])
    ratio = se[:-1] / se[1:]
    assert np.all(np.abs(ratio - 2.0) < 0.3), ratio  # 4x the samples, half the error
    errors = np.array([abs(r.mean_shift_m - ref.mean_shift_m) for r in runs])
    assert np.all(errors <= 4 * np.hypot(se, ref.standard_error_m))
    assert errors[-1] < 2.5 * se[0] / 4  # well inside the spread of the smallest run


def test_same_seed_same_result_other_seed_other_result():
    a, b, c = _tune(300, seed=3), _tune(300, seed=3), _tune(300, seed=4)
    assert np.array_equal(a.shifts_m, b.shifts_m)
    assert a.mean_shift_m != c.mean_shift_m
    gen = draw_resonance_offsets_m(rings=4, samples=10, global_spread_m=1e-9, local_spread_m=1e-9,
                                   seed=np.random.default_rng(5))
    assert np.array_equal(gen, draw_resonance_offsets_m(rings=4, samples=10, global_spread_m=1e-9,
                                                        local_spread_m=1e-9, seed=5))


def test_temperature_swing_adds_drift_times_swing_at_the_cold_corner():
    res = _tune(500, temperature_swing_k=40.0, locking_power_per_ring_w=0.5e-3)
    drift = 83e-12 * 40.0
    assert res.heater_power_worst_w - res.heater_power_mean_w == pytest.approx(0.5 * drift / 1e-7, rel=1e-9)
    assert res.temperature_power_w == pytest.approx(drift / 1e-7, rel=1e-12)
    assert res.power_mean_w == pytest.approx(res.heater_power_mean_w + 0.5e-3, rel=1e-12)
    assert np.mean(res.ring_power_samples_w) == pytest.approx(res.heater_power_mean_w, rel=1e-9)


def test_normal_spread_is_supported_and_bad_input_is_rejected():
    res = _tune(500, distribution="normal")
    assert res.mean_shift_m > 0
    with pytest.raises(ConfigError, match="distribution"):
        _tune(10, distribution="lognormal")
    with pytest.raises(ConfigError, match="assignment"):
        _tune(10, assignment="greedy")
    with pytest.raises(ConfigError, match="rings per bank"):
        bank_heater_shifts_m(np.zeros((3, 5)), channel_wavelengths_m=_even_grid(4, 1e-9), fsr_m=10e-9)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(min_value=2, max_value=12),
    spacing_nm=st.floats(min_value=0.2, max_value=3.0),
    guard=st.floats(min_value=0.0, max_value=0.5),
    global_nm=st.floats(min_value=0.0, max_value=20.0),
    local_nm=st.floats(min_value=0.0, max_value=5.0),
    seed=st.integers(min_value=0, max_value=2**31),
)
def test_cyclic_assignment_is_never_worse_than_fixed(n, spacing_nm, guard, global_nm, local_nm, seed):
    """Bank by bank: the barrel shift includes the fixed assignment, so it never needs more power."""
    lam = _even_grid(n, spacing_nm * 1e-9)
    fsr = n * spacing_nm * 1e-9 * (1 + guard)
    off = draw_resonance_offsets_m(rings=n, samples=40, global_spread_m=global_nm * 1e-9,
                                   local_spread_m=local_nm * 1e-9, seed=seed)
    cyc, rot = bank_heater_shifts_m(off, channel_wavelengths_m=lam, fsr_m=fsr, assignment="cyclic")
    fix, rot0 = bank_heater_shifts_m(off, channel_wavelengths_m=lam, fsr_m=fsr, assignment="fixed")
    assert np.all(cyc.sum(axis=1) <= fix.sum(axis=1) * (1 + 1e-12) + 1e-21)
    assert np.all(rot0 == 0) and np.all((rot >= 0) & (rot < n))
    assert np.all((cyc >= 0) & (cyc < fsr)) and np.all((fix >= 0) & (fix < fsr))
