"""Cable lengths from the floor plan: closed-form distributions against the per-cable opt-in."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.errors import ConfigError
from cposim.fabric.floorplan import HALL, IN_RACK, ROW, FloorPlan, link_lengths_m, tier_lengths
from cposim.fabric.topology import BOUNDARY_NAMES, FabricSpec, size_fabric


@pytest.mark.parametrize("gpus, design", [(512, "rail-optimized"), (16384, "rail-optimized"), (16384, "clos"),
                                          (65536, "rail-only")])
def test_per_cable_lengths_reproduce_the_closed_form(gpus, design):
    """The per-cable quantiles have the closed-form mean and maximum, and their empirical CDF is
    ``fraction_within`` (two independent paths through the geometry)."""
    s = size_fabric(FabricSpec(gpus=gpus, design=design))
    lengths = tier_lengths(s)
    per_link = link_lengths_m(s)
    for b in range(int(s.tiers)):
        arr = per_link[BOUNDARY_NAMES[b]]
        assert arr.size == int(s.links[b])
        assert arr.mean() == pytest.approx(float(lengths.mean_m[b]), rel=2e-3)
        assert arr.max() <= float(lengths.max_m[b]) + 1e-9
        for reach in (1.0, 3.0, 8.0, 20.0, 40.0):
            assert np.mean(arr <= reach) == pytest.approx(float(lengths.fraction_within(reach)[b]), abs=2e-3)


def test_top_of_rack_leaf_is_in_rack_and_rail_leaf_spans_a_row():
    clos = tier_lengths(size_fabric(FabricSpec(gpus=16384, design="clos")))
    rail = tier_lengths(size_fabric(FabricSpec(gpus=16384)))
    assert int(clos.location[0]) == IN_RACK and float(clos.max_m[0]) == 2.0
    assert int(rail.location[0]) == ROW
    assert int(rail.location[2]) == HALL


def test_longer_cables_as_the_cluster_grows_and_fractions_are_monotone():
    s = size_fabric(FabricSpec(gpus=np.array([4096, 65536, 1_048_576])))
    lengths = tier_lengths(s)
    top = np.array([lengths.max_m[int(t) - 1, i] for i, t in enumerate(s.tiers)])
    assert np.all(np.diff(top) > 0)
    reaches = np.linspace(0.0, 500.0, 60)
    fr = np.array([lengths.fraction_within(r) for r in reaches])
    assert np.all(np.diff(fr, axis=0) >= -1e-12)
    assert np.all(fr >= 0) and np.all(fr <= 1)


def test_floor_plan_rejects_bad_geometry():
    with pytest.raises(ConfigError, match="rack_width_m"):
        FloorPlan(rack_width_m=-1.0)
    with pytest.raises(ConfigError, match="slack"):
        FloorPlan(slack=0.5)
    with pytest.raises(ConfigError, match="single GPU count"):
        link_lengths_m(size_fabric(FabricSpec(gpus=np.array([512, 1024]))))
