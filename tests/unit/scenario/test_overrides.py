"""Strict overrides: aliases, units, nested models, suggestions for unknown keys."""

from dataclasses import dataclass

import pytest

from cposim.devices.base import Model, param
from cposim.errors import ConfigError
from cposim.scenario.overrides import USER_SOURCE_ID, apply_overrides


@dataclass(frozen=True, kw_only=True)
class _Fiber(Model):
    length_m: float = param(500.0, unit="m", sources=("RCH-09",), lo=0, hi=1e6)
    loss_db_per_m: float = param(4e-4, unit="dB/m", sources=("CPS-PHY-02",), lo=0, hi=1)


@dataclass(frozen=True, kw_only=True)
class _Lane(Model):
    lanes: float = param(8, unit="1", sources=("STD-07",), lo=1, hi=64, integer=True)
    fiber: _Fiber = _Fiber()
    modulation: str = "pam4"


def test_alias_and_unit_string_reach_the_si_field():
    lane = apply_overrides(_Lane(), {"fiber": {"length": "2 km", "loss": "0.35 dB/km"}}, "link")
    assert lane.fiber.length_m == pytest.approx(2000.0)
    assert lane.fiber.loss_db_per_m == pytest.approx(3.5e-4)


def test_values_set_by_the_user_are_cited_as_such():
    lane = apply_overrides(_Lane(), {"fiber": {"length": "2 km"}}, "link")
    by_param = lane.sources_by_parameter()
    assert by_param["fiber.length_m"] == (USER_SOURCE_ID,)
    assert by_param["fiber.loss_db_per_m"] == ("CPS-PHY-02",)


def test_unknown_key_suggests_the_closest_name():
    with pytest.raises(ConfigError, match=r"link\.fiber\.lenght: .*did you mean 'length'"):
        apply_overrides(_Lane(), {"fiber": {"lenght": "2 km"}}, "link")


def test_out_of_range_names_path_value_and_range():
    with pytest.raises(ConfigError) as info:
        apply_overrides(_Lane(), {"fiber": {"length": "-3 m"}}, "link")
    assert str(info.value) == "link.fiber.length: -3 m is negative; expected >= 0 m and <= 1e+06 m"


def test_integer_and_text_fields_are_checked():
    with pytest.raises(ConfigError, match="lanes: 2.5 is not a whole number"):
        apply_overrides(_Lane(), {"lanes": 2.5}, "link")
    with pytest.raises(ConfigError, match="link.modulation: 4 is not text"):
        apply_overrides(_Lane(), {"modulation": 4}, "link")


def test_nested_model_needs_a_mapping():
    with pytest.raises(ConfigError, match="link.fiber"):
        apply_overrides(_Lane(), {"fiber": 3}, "link")


def test_the_input_model_is_not_mutated():
    lane = _Lane()
    apply_overrides(lane, {"fiber": {"length": 10}}, "link")
    assert lane.fiber.length_m == 500.0
