"""DFB laser chip: efficiency, temperature derating, wavelength drift, RIN."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cposim.devices.laser import DfbLaser
from cposim.errors import ConfigError, PhysicsError


def test_electrical_power_is_output_over_wall_plug_efficiency_las10():
    """LAS-10: 20 % WPE; a 100 mW chip draws 0.5 W (exact)."""
    laser = DfbLaser()
    assert laser.electrical_power_w == pytest.approx(0.1 / 0.2, rel=1e-12)


def test_reference_temperature_is_the_identity():
    laser = DfbLaser(temperature_k=DfbLaser().reference_temperature_k)
    assert laser.output_power_at_temperature_w == pytest.approx(laser.output_power_w, rel=1e-12)
    assert laser.wavelength_at_temperature_m == pytest.approx(laser.wavelength_m, rel=1e-15)
    assert laser.wall_plug_efficiency_at_temperature == pytest.approx(laser.wall_plug_efficiency, rel=1e-12)


def test_wavelength_drift_is_linear_in_temperature():
    """0.09 nm/K (CPS-LAS-03) over +40 K moves 1310 nm to 1313.6 nm."""
    laser = DfbLaser()
    t_ref = laser.reference_temperature_k
    assert laser.wavelength_at(t_ref + 40.0) == pytest.approx(1313.6e-9, abs=1e-15)
    temps = t_ref + np.array([-20.0, 0.0, 20.0, 40.0])
    lam = laser.wavelength_at(temps)
    np.testing.assert_allclose(np.diff(lam), 20.0 * 0.09e-9, rtol=1e-9)


def test_power_derating_follows_the_characteristic_temperature():
    laser = DfbLaser()
    t_ref = laser.reference_temperature_k
    ratio = laser.output_power_at(t_ref + 30.0) / laser.output_power_at(t_ref)
    assert ratio == pytest.approx(np.exp(-30.0 / laser.power_characteristic_temperature_k), rel=1e-12)
    # cooler is brighter, hotter is dimmer: strictly decreasing with temperature
    temps = np.linspace(250.0, 400.0, 31)
    assert np.all(np.diff(laser.output_power_at(temps)) < 0)


@settings(max_examples=100, deadline=None)
@given(
    power=st.floats(1e-3, 2.0),
    wpe=st.floats(0.01, 0.75),
    t=st.floats(200.0, 450.0),
    t_ref=st.floats(200.0, 450.0),
    tp=st.floats(10.0, 1000.0),
)
def test_a_laser_never_emits_more_than_it_draws(power, wpe, t, t_ref, tp):
    """Conservation: optical output <= electrical input and heat >= 0 at any temperature;
    where the derating model would break that (far below reference) it is a PhysicsError."""
    laser = DfbLaser(output_power_w=power, wall_plug_efficiency=wpe, temperature_k=t, reference_temperature_k=t_ref,
                     power_characteristic_temperature_k=tp)
    model_wpe = wpe * np.exp(-(t - t_ref) / tp)
    if model_wpe > 1.0 + 1e-9:
        with pytest.raises(PhysicsError):
            laser.heat_w
        return
    assert laser.heat_w >= -1e-12 * laser.electrical_power_w
    assert laser.wall_plug_efficiency_at_temperature <= 1.0 + 1e-12


def test_rin_default_is_inside_the_ieee_transmitter_limit_las16():
    """LAS-16: RIN <= -136 dB/Hz for 400GBASE-DR4; the DFB default (CPS-LAS-01) is below it."""
    laser = DfbLaser()
    assert laser.rin_db_per_hz <= -136.0
    assert laser.rin_per_hz == pytest.approx(1e-15, rel=1e-12)


def test_intensity_noise_variance_is_rin_p_squared_b():
    laser = DfbLaser()
    p = laser.output_power_at_temperature_w
    var = laser.intensity_noise_variance_w2(50e9)
    assert var == pytest.approx(1e-15 * p**2 * 50e9, rel=1e-12)
    # RIN is a ratio: after a 10 dB loss the variance falls 20 dB
    assert laser.intensity_noise_variance_w2(50e9, power_w=p / 10) == pytest.approx(var / 100, rel=1e-12)


def test_outputs_broadcast_over_parameter_arrays():
    laser = DfbLaser(output_power_w=np.array([0.05, 0.1, 0.2]), temperature_k=np.array([[300.0], [350.0]]))
    assert laser.output_power_at_temperature_w.shape == (2, 3)
    assert laser.electrical_power_w.shape == (3,)
    assert laser.wavelength_at_temperature_m.shape == (2, 1)


def test_every_default_cites_a_known_source():
    ids = [s.id for s in DfbLaser().sources()]
    assert {"LAS-10", "LAS-11", "CPS-LAS-01", "CPS-LAS-02", "CPS-LAS-03"} <= set(ids)


@pytest.mark.parametrize(
    "field, value",
    [("output_power_w", 0.0), ("output_power_w", -0.1), ("wall_plug_efficiency", 0.9), ("temperature_k", 600.0),
     ("wavelength_m", 3e-6), ("rin_db_per_hz", -90.0)],
)
def test_bad_input_is_a_config_error_naming_the_field(field, value):
    with pytest.raises(ConfigError, match=f"DfbLaser.{field}"):
        DfbLaser(**{field: value})


def test_method_temperature_is_checked():
    with pytest.raises(ConfigError, match="temperature_k"):
        DfbLaser().output_power_at(1000.0)


def test_replace_revalidates():
    with pytest.raises(ConfigError):
        dataclasses.replace(DfbLaser(), wall_plug_efficiency=-0.1)
