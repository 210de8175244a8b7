"""Engine specification: presets, capacity and clear errors for bad input."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.engine.spec import ENGINE_PRESETS, EngineSpec, engine_preset
from cposim.errors import ConfigError
from cposim.references import all_sources


@pytest.mark.parametrize("name", sorted(ENGINE_PRESETS))
def test_presets_build_and_cite_known_sources(name):
    spec = engine_preset(name)
    table = all_sources()
    for pname, ids in spec.sources_by_parameter().items():
        assert ids, pname
        assert all(i in table for i in ids), (pname, ids)
    assert spec.grid_model().count == int(spec.wavelengths_per_fiber)


def test_capacity_is_fibers_times_wavelengths_times_lane_rate():
    assert engine_preset("nv-1.6t").capacity_bps == pytest.approx(1.6e12)
    assert engine_preset("nv-3.2t").capacity_bps == pytest.approx(3.2e12)
    assert engine_preset("dense-3.2t").capacity_bps == pytest.approx(3.2e12)
    spec = EngineSpec(wavelengths_per_fiber=16, channel_spacing_hz=200e9, fibers_per_engine=3, lane_rate_bps=100e9)
    assert spec.lanes == 48 and spec.capacity_bps == pytest.approx(4.8e12)


def test_cw_wdm_grid_comes_from_the_device_library():
    grid = EngineSpec(wavelengths_per_fiber=16, channel_spacing_hz=200e9).grid_model()
    assert grid.name == "cw-wdm-16-200ghz"
    assert np.allclose(grid.spacings_hz, 200e9, rtol=1e-9)
    assert "LAS-03" in grid.sources


def test_custom_grid_accepts_any_even_spacing():
    grid = EngineSpec(grid="custom", wavelengths_per_fiber=12, channel_spacing_hz=300e9).grid_model()
    assert grid.count == 12
    assert np.allclose(grid.spacings_hz, 300e9, rtol=1e-9)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"wavelengths_per_fiber": 8, "channel_spacing_hz": 100e9}, ["channel_spacing_hz", "not a CW-WDM MSA grid"]),
        ({"lane_rate_bps": 150e9}, ["lane_rate_bps", "not a modelled lane rate"]),
        ({"modulation": "pam8"}, ["modulation", "pam4"]),
        ({"laser_class": "XL"}, ["laser_class", "auto"]),
        ({"assignment": "random"}, ["assignment", "cyclic"]),
        ({"fibers_per_engine": 32, "wavelengths_per_fiber": 16, "channel_spacing_hz": 200e9}, ["256 lanes"]),
        ({"ring_radius_m": 1e-6}, ["ring_radius_m", "smallest practical ring"]),
        ({"modulator_loaded_q": np.array([3000.0, 4000.0])}, ["single number"]),
        ({"temperature_swing_k": -5.0}, ["temperature_swing_k", "negative"]),
    ],
)
def test_bad_specs_say_why(changes, words):
    with pytest.raises(ConfigError) as err:
        EngineSpec(**changes)
    for w in words:
        assert w in str(err.value)


def test_unknown_preset_lists_the_names():
    with pytest.raises(ConfigError, match="nv-1.6t"):
        engine_preset("nv-6.4t")
