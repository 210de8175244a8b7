"""Unit strings at the edge convert to SI; anything else is one clear ConfigError."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cposim.errors import ConfigError
from cposim.scenario.quantity import parse_quantity


@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [
        ("3.6 dB/cm", "dB/m", 360.0),
        ("0.4 dB/km", "dB/m", 4e-4),
        ("12 mW", "W", 0.012),
        ("1.6 Tb/s", "bit/s", 1.6e12),
        ("200 Gbps", "bit/s", 200e9),
        ("53.125 GBd", "Hz", 53.125e9),
        ("2 km", "m", 2000.0),
        ("0 dBm", "W", 1e-3),
        ("1 mW", "dBm", 0.0),
        ("20 %", "1", 0.2),
        ("83 pm/K", "m/K", 83e-12),
        ("0.1 nm/mW", "m/W", 1e-7),
        ("-145 dB/Hz", "dB/Hz", -145.0),
        ("40 fF", "F", 40e-15),
        (5, "m", 5.0),
        (2.5, "W", 2.5),
    ],
)
def test_unit_strings_convert_to_si(raw, unit, expected):
    assert parse_quantity("x", raw, unit) == pytest.approx(expected, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize(
    ("raw", "unit", "fragment"),
    [
        ("2 kg", "m", "wrong units"),
        ("abc", "m", "not a number"),
        ("nan m", "m", "not a number"),
        ("3 furlongz", "m", "does not know"),
        ("1e999 m", "m", "not finite"),
        ("3 dB", "m", "wrong units"),
        ("3 mW", "dB", "wrong units"),
        ("2 Gb/s", "Hz", "wrong units"),
        ("2 GHz", "bit/s", "wrong units"),
        (True, "m", "not a number"),
        (None, "m", "not a number"),
        ([1, 2], "m", "not a number"),
        (float("nan"), "m", "not finite"),
        (float("inf"), "W", "not finite"),
    ],
)
def test_bad_quantities_name_field_and_value(raw, unit, fragment):
    with pytest.raises(ConfigError) as info:
        parse_quantity("link.fiber.length", raw, unit)
    msg = str(info.value)
    assert msg.startswith("link.fiber.length: ")
    assert fragment in msg


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30), st.sampled_from(["m", "W", "dB/m", "dBm", "bit/s", "Hz", "1", "dB"]))
def test_any_text_gives_a_number_or_a_config_error(text, unit):
    try:
        value = parse_quantity("f", text, unit)
    except ConfigError as err:
        assert str(err).startswith("f: ")
    else:
        assert math.isfinite(value)
