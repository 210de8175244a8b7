"""Front-panel density: rack units round up, densities follow the closed forms."""

from __future__ import annotations

import pytest

from cposim.errors import ConfigError
from cposim.package.faceplate import Faceplate, faceplate_plan


def test_64_ports_of_1p6t_take_2_ru():
    plan = faceplate_plan(ports=64, port_rate_bps=1.6e12)
    assert plan.rack_units == 2
    assert plan.bandwidth_per_ru_bps == pytest.approx(32 * 1.6e12)
    assert plan.density_gbps_per_mm == pytest.approx(32 * 1600 / 450)
    assert plan.density_gbps_per_cm2 == pytest.approx(32 * 1600 / (45.0 * 4.445))


def test_rack_units_round_up():
    assert faceplate_plan(ports=33, port_rate_bps=800e9).rack_units == 2
    assert faceplate_plan(ports=32, port_rate_bps=800e9).rack_units == 1


def test_denser_cages_raise_density():
    a = faceplate_plan(ports=64, port_rate_bps=800e9)
    b = faceplate_plan(ports=64, port_rate_bps=800e9, faceplate=Faceplate(ports_per_rack_unit=36))
    assert b.density_gbps_per_mm > a.density_gbps_per_mm


def test_bad_port_count_is_refused():
    with pytest.raises(ConfigError, match="ports"):
        faceplate_plan(ports=0, port_rate_bps=800e9)
