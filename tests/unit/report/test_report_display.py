"""Numbers as text: engineering prefixes on SI values and format specs (rendering only)."""

from __future__ import annotations

import pytest

from cposim.report.display import DASH, engineering, format_value


@pytest.mark.parametrize("value,unit,text", [
    (1.31e-6, "m", "1.31 µm"),
    (3.5e-11, "m/V", "35 pm/V"),
    (0.2, "W", "200 mW"),
    (50.0, "ohm", "50 Ω"),
    (212.5e9, "bit/s", "212.5 Gbit/s"),
    (2.215601e-11, "A/sqrt(Hz)", "22.16 pA/sqrt(Hz)"),
    (1e-3, "m", "1 mm"),
    (999.9e-9, "m", "999.9 nm"),
    (1.52, "dB", "1.52 dB"),
    (8.0, "1", "8"),
    (0.0, "W", "0 W"),
    (-17.45, "dB", "-17.45 dB"),
    (-2.5e-3, "A", "-2.5 mA"),
])
def test_engineering_prefix_keeps_one_to_a_thousand(value, unit, text):
    assert engineering(value, unit) == text


def test_format_value_by_spec():
    assert format_value(None, ".2f") == DASH
    assert format_value("PAM4", ".2f") == "PAM4"
    assert format_value(32768, ",d") == "32,768"
    assert format_value(9.142e-11, ".2e") == "9.14e-11"
    assert format_value(5e-14, "eng:F") == "50 fF"
    assert format_value(True, "s") == "yes"
