"""Interconnect options: validation, figures taken from the package layer, user powers."""

from __future__ import annotations

import pytest

from cposim.errors import ConfigError
from cposim.fabric.options import OPTIONS, InterconnectOption, default_lane_rate_bps, get_option, port_figures
from cposim.package.architectures import evaluate_port


@pytest.mark.parametrize("name", list(OPTIONS))
def test_every_builtin_option_has_figures_at_400g(name):
    opt = get_option(name)
    for arch in (opt.switch_architecture, opt.nic_architecture):
        f = opt.figures(arch, port_rate_bps=400e9)
        assert f.port_power_w > f.module_power_w >= 0
        assert f.reach_m > 0 and f.sources


def test_figures_are_the_package_numbers():
    f = port_figures("cpo-mrm", port_rate_bps=1.6e12, lane_rate_bps=200e9)
    r = evaluate_port("cpo-mrm", port_rate_bps=1.6e12, lane_rate_bps=200e9)
    assert f.port_power_w == pytest.approx(float(r.power_w_per_port))
    assert f.module_power_w == pytest.approx(float(r.module_power_w))
    assert f.lasers_per_port == pytest.approx(float(r.lasers_per_port))
    assert f.engine and f.engine_lanes * 200e9 == pytest.approx(6.4e12)


def test_user_power_per_module_is_shared_by_its_ports():
    opt = OPTIONS["dsp-twin"].with_powers(module_power_w=30.0, source="SYS-NV-08")
    f = opt.figures("dsp-dr", port_rate_bps=800e9, ports_per_module=2)
    assert f.module_power_w == pytest.approx(15.0)
    assert f.port_power_w == pytest.approx(15.0 + f.host_serdes_w)
    assert "SYS-NV-08" in f.sources


def test_default_lane_rate():
    assert default_lane_rate_bps(400e9) == 100e9 and default_lane_rate_bps(800e9) == 200e9


@pytest.mark.parametrize("kwargs, match", [
    ({"switch_architecture": "dac"}, "must be optical"),
    ({"copper_architecture": "dsp-dr"}, "not a copper cable"),
    ({"long_reach_architecture": "cpo"}, "pluggable optics"),
    ({"switch_ports_per_module": 0}, "too small"),
    ({"module_power_w": -1.0}, "negative"),
    ({"module_power_w": 30.0, "power_source": "NOPE-1"}, "not in the reference table"),
    ({"switch_architecture": "warp-drive"}, "not allowed"),
])
def test_bad_options_are_clear_errors(kwargs, match):
    base = {"name": "x", "label": "x", "switch_architecture": "dsp-dr", "nic_architecture": "dsp-dr"}
    base.update(kwargs)
    with pytest.raises(ConfigError, match=match):
        InterconnectOption(**base)


def test_unknown_option_name_suggests():
    with pytest.raises(ConfigError, match="did you mean 'cpo'"):
        get_option("cpoo")
