"""Self-heating of a ring modulator and its open-loop thermal stability (CPS-THM-01/02):
energy conservation, the closed forms it rests on, the blue/red asymmetry of thermal
bistability, and the block in ``cposim link --json``."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from cposim.cli.main import app
from cposim.devices.ring_modulator import RingModulator
from cposim.link.ring_thermal import ABSORBED_LOSS_FRACTION, absorbed_fraction, ring_thermal


def test_absorbed_fraction_is_what_the_ports_do_not_carry():
    ring = RingModulator()
    for d in np.linspace(-3, 3, 13) * float(ring.fwhm_m):
        lam = float(ring.resonance_wavelength_m) + d
        t, dr = float(ring.through_transmission(lam)), float(ring.drop_transmission(lam))
        assert float(absorbed_fraction(ring, d)) == pytest.approx(1.0 - t - dr, abs=1e-12)
        assert 0.0 <= float(absorbed_fraction(ring, d)) <= 1.0


def test_a_critically_coupled_all_pass_ring_absorbs_everything_on_resonance():
    """All-pass (no drop, r2 = 1) at critical coupling (r1 = a): T = 0 on resonance, so the
    ring absorbs all of the input (closed form of the Airy through port)."""
    ring = RingModulator(drop_self_coupling=1.0)
    a = float(ring.round_trip_amplitude)
    ring = RingModulator(drop_self_coupling=1.0, through_self_coupling=a)
    assert float(absorbed_fraction(ring, 0.0)) == pytest.approx(1.0, abs=1e-9)


def test_self_heating_follows_the_heater_figures():
    ring = RingModulator()
    r = ring_thermal(ring, 5e-3)
    a = float(absorbed_fraction(ring, float(ring.bias_detuning_m)))
    assert r.absorbed_power_w == pytest.approx(ABSORBED_LOSS_FRACTION * 5e-3 * a, rel=1e-12)
    assert r.self_heating_shift_m == pytest.approx(float(ring.heater_efficiency_m_per_w) * r.absorbed_power_w)
    assert r.self_heating_k == pytest.approx(r.self_heating_shift_m / float(ring.thermal_shift_m_per_k))
    assert r.linewidths == pytest.approx(r.self_heating_shift_m / float(ring.fwhm_m))


def test_loop_gain_grows_with_power_and_reaches_one_at_the_stable_limit():
    ring = RingModulator()
    assert float(ring.bias_detuning_m) > 0  # the modulator is biased on the red side
    r1, r2 = ring_thermal(ring, 1e-3), ring_thermal(ring, 2e-3)
    assert r2.loop_gain == pytest.approx(2 * r1.loop_gain, rel=1e-9) and r1.loop_gain > 0
    at_limit = ring_thermal(ring, r1.max_power_w)
    assert at_limit.loop_gain == pytest.approx(1.0, rel=1e-9)
    assert ring_thermal(ring, 0.9 * r1.max_power_w).stable
    assert not ring_thermal(ring, 1.1 * r1.max_power_w).stable


def test_a_blue_side_laser_is_thermally_self_stable_at_any_power():
    ring = RingModulator(bias_detuning_m=-float(RingModulator().bias_detuning_m))
    r = ring_thermal(ring, 0.1)
    assert r.side == "blue" and r.loop_gain < 0 and r.stable and r.max_power_w is None


def test_the_mirror_detuning_absorbs_the_same_power():
    """The Airy response is symmetric about resonance (to the 1/lambda phase): the same
    |detuning| absorbs the same power on either side; only stability differs."""
    red = RingModulator()
    blue = RingModulator(bias_detuning_m=-float(red.bias_detuning_m))
    assert ring_thermal(red, 3e-3).absorbed_power_w == pytest.approx(ring_thermal(blue, 3e-3).absorbed_power_w,
                                                                     rel=1e-3)


def test_link_json_carries_the_ring_thermal_block_for_ring_lanes_only():
    runner = CliRunner()
    cpo = json.loads(runner.invoke(app, ["link", "cpo-mrm-wdm-200g", "--json"]).stdout)["ring_thermal"]
    assert {"self_heating_k", "stable", "max_power_per_ring_dbm", "loop_gain"} <= set(cpo)
    assert cpo["stable"] == (cpo["loop_gain"] < 1)
    if not cpo["stable"]:
        assert cpo["ring_input_power_dbm"] > cpo["max_power_per_ring_dbm"]
    dr4 = json.loads(runner.invoke(app, ["link", "400g-dr4", "--json"]).stdout)
    assert dr4["ring_thermal"] is None
