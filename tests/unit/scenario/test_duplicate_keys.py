"""A key given twice in one YAML mapping is an error, not a silent 'last one wins'."""

from __future__ import annotations

import pytest

from cposim.errors import ConfigError
from cposim.explore.spec import load_spec
from cposim.scenario.loader import parse_text
from cposim.scenario.strict_yaml import load_yaml


def test_scenario_rejects_a_repeated_key_naming_it_and_its_line():
    text = "link:\n  preset: cpo-mrm-wdm-200g\n  rx_ffe_taps: 3\n  rx_ffe_taps: 4\n"
    with pytest.raises(ConfigError, match=r"line 4, column 3: duplicate key 'rx_ffe_taps'"):
        parse_text(text)


def test_nested_repeats_are_caught_and_equal_keys_in_different_mappings_are_fine():
    with pytest.raises(ConfigError, match="duplicate key 'length'"):
        parse_text("link:\n  preset: 800g-dr8\n  fiber: {length: 1 km, length: 2 km}\n")
    assert load_yaml("a: {x: 1}\nb: {x: 2}\n") == {"a": {"x": 1}, "b": {"x": 2}}


def test_sweep_spec_rejects_a_repeated_key(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("target: link\ntarget: fabric\nparameters: {link.fiber.length: [1 km]}\n")
    with pytest.raises(ConfigError, match="duplicate key 'target'"):
        load_spec(f)
