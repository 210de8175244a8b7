"""Switch package: ASIC core anchored on TH5, totals that add up, engines on the shoreline,
front-panel plans, and refusals of impossible packages."""

from __future__ import annotations

import pytest

from cposim.devices.serdes import Serdes
from cposim.errors import ConfigError, PhysicsError
from cposim.package.switch import SwitchAsic, default_lane_and_port, switch_model


def test_core_power_at_the_anchor_is_th5_minus_its_serdes_PWR_18():
    asic = SwitchAsic(capacity_bps=51.2e12)
    lr = float(Serdes(reach_class="lr", lane_rate_bps=106.25e9).power_w)
    assert float(asic.core_power_w) == pytest.approx(500.0 - 512 * lr)
    assert asic.power_published


def test_core_power_grows_by_the_factor_per_doubling_and_is_flagged_unpublished():
    a = SwitchAsic(capacity_bps=51.2e12)
    b = SwitchAsic(capacity_bps=102.4e12)
    c = SwitchAsic(capacity_bps=204.8e12)
    assert float(b.core_power_w) == pytest.approx(1.1 * float(a.core_power_w))
    assert float(c.core_power_w) == pytest.approx(1.1**2 * float(a.core_power_w))
    assert not b.power_published


def test_serdes_heavier_than_the_chip_is_impossible():
    with pytest.raises(PhysicsError, match="nothing is left for the core"):
        SwitchAsic(anchor_power_w=100.0)


def test_totals_add_up_and_ports_times_port_power():
    s = switch_model(102.4e12, "cpo-mrm")
    assert s.ports == 64 and s.serdes_count == 512
    per_port = float(s.port.power_w_per_port)
    assert s.host_serdes_power_w + s.optics_power_w == pytest.approx(64 * per_port)
    assert s.total_power_w == pytest.approx(s.core_power_w + 64 * per_port)
    assert s.power_per_port_w == pytest.approx(s.total_power_w / 64)
    assert s.energy_pj_per_bit == pytest.approx(s.total_power_w / 102.4e12 * 1e12)


def test_cpo_package_engines_fibers_lasers_and_density():
    s = switch_model(102.4e12, "cpo-dr")
    plan = s.shoreline
    assert plan.engines == 16 and plan.engines_per_side == [4, 4, 4, 4]  # SYS-BC-08: 16 x 6.4T
    assert s.lasers == pytest.approx(64 * 2) and s.fibers == pytest.approx(64 * 18)
    assert s.external_laser_modules == 16  # 128 laser fibers, 8 per ELSFP
    assert s.fiber_attach_units == 16 * 5  # 72 fibers per engine, 16 per attach unit
    # engine power density: engine power over its 20 mm x 20 mm footprint
    assert s.engine_power_density_w_per_cm2 == pytest.approx(s.engine_power_w / 4.0)
    assert s.faceplate is None


def test_pluggable_switch_uses_the_front_panel():
    s = switch_model(51.2e12, "dsp-dr")
    assert s.shoreline is None
    assert s.faceplate.rack_units == 2 and s.ports == 64


def test_cpo_saves_power_at_switch_level():
    cpo = switch_model(102.4e12, "cpo-mrm")
    plug = switch_model(102.4e12, "dsp-dr")
    assert cpo.total_power_w < plug.total_power_w
    assert cpo.core_power_w == pytest.approx(plug.core_power_w)


def test_too_many_engines_for_the_perimeter_is_a_clear_error():
    with pytest.raises(PhysicsError) as err:
        switch_model(204.8e12, "cpo-dr", lane_rate_bps=200e9, port_rate_bps=1.6e12)
    assert "hold only 16 engines" in str(err.value) and "204.8" in str(err.value)


def test_defaults_by_capacity_step_down_to_what_the_architecture_supports():
    assert default_lane_and_port(51.2e12, "dsp-dr") == (100e9, 800e9)
    assert default_lane_and_port(204.8e12, "dsp-dr") == (400e9, 3.2e12)
    assert default_lane_and_port(204.8e12, "cpo-mrm") == (200e9, 1.6e12)


def test_inconsistent_requests_are_refused():
    with pytest.raises(ConfigError, match="whole number"):
        switch_model(102.4e12, "cpo-mrm", port_rate_bps=1.5e12)
    with pytest.raises(ConfigError, match="co-packaged"):
        switch_model(102.4e12, "dsp-dr", engine_capacity_bps=3.2e12)
