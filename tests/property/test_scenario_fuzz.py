"""Hypothesis throws random and hostile scenario documents at the loader: every one is
either a valid scenario or a single ConfigError; nothing else escapes."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cposim.errors import ConfigError
from cposim.presets import PRESETS
from cposim.scenario.loader import parse_text, scenario_from_mapping

FACTORIES = {name: p.build for name, p in PRESETS.items()}
KEYS = ["fiber", "length", "source", "power_class", "modulator", "drive_swing", "tia", "lanes", "connectors",
        "loss_per_connector", "type", "implementation_penalty", "demux", "loaded_q", "target_ber", "host_serdes",
        "reach_class", "output_power", "bogus", "", "preset", "dsp", "energy_j_per_bit"]
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12), st.sampled_from(["3 m", "-1 km", "2 mW", "nan dB", "1e999 m", "HP", "xsr", "12 dBm",
                                           "0.4 dB/km", "ring_modulator", "waveguide", "1.6 Tb/s"]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)),
                      max_leaves=12)


def _check(doc):
    try:
        scenario = scenario_from_mapping(doc, FACTORIES)
    except ConfigError as err:
        assert str(err) and "\n" not in str(err)
    else:
        assert scenario.link is not None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(preset=st.sampled_from(list(PRESETS) + ["nope", 3]), body=st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=5))
def test_random_link_sections_are_valid_or_one_config_error(preset, body):
    _check({"link": {"preset": preset, **body}})


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(max_size=8), VALUES, max_size=4))
def test_random_top_level_documents_are_rejected_cleanly(doc):
    _check(doc)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_random_text_parses_or_gives_one_config_error(text):
    try:
        doc = parse_text(text)
    except ConfigError:
        return
    _check(doc)


@settings(max_examples=100, deadline=None)
@given(body=st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=5))
def test_random_documents_round_trip_through_yaml(body):
    try:
        text = yaml.safe_dump({"link": {"preset": "cpo-mrm-wdm-200g", **body}})
    except yaml.YAMLError:
        return
    try:
        doc = parse_text(text)
    except ConfigError:
        return
    _check(doc)
