"""Package shoreline: closed-form edge density, engines placed per side, and the refusal of
more engines than the perimeter holds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cposim.errors import ConfigError, PhysicsError
from cposim.package.shoreline import PackageEdge, edge_density_gbps_per_mm, plan_shoreline


def test_edge_density_closed_form():
    # 3.2 Tb/s over 20 mm + 2 mm gap = 3200 Gb/s / 22 mm
    assert edge_density_gbps_per_mm(capacity_bps=3.2e12, edge_m=0.020, gap_m=0.002) == pytest.approx(3200 / 22)


def test_engines_fill_sides_evenly_and_count_is_conserved():
    plan = plan_shoreline(capacity_bps=102.4e12, engine_capacity_bps=6.4e12, lane_rate_bps=200e9)
    assert plan.engines == 16
    assert plan.engines_per_side == [4, 4, 4, 4]
    assert plan.lanes_per_engine == 32
    assert plan.engine_edge_m == pytest.approx(32 * 0.625e-3)
    assert plan.edge_used_m == pytest.approx(16 * (0.020 + 0.002))
    assert plan.package_density_gbps_per_mm == pytest.approx(102400 / 400)


def test_too_many_engines_is_a_physics_error_that_says_how_much_edge():
    with pytest.raises(PhysicsError) as err:
        plan_shoreline(capacity_bps=204.8e12, engine_capacity_bps=6.4e12, lane_rate_bps=200e9)
    text = str(err.value)
    assert "32 optical engines" in text and "mm of package edge" in text and "hold only" in text


def test_engines_must_be_whole():
    with pytest.raises(ConfigError, match="whole number"):
        plan_shoreline(capacity_bps=102.4e12, engine_capacity_bps=3.0e12, lane_rate_bps=100e9)


def test_larger_substrate_holds_more_engines():
    small = plan_shoreline(capacity_bps=51.2e12, engine_capacity_bps=3.2e12, lane_rate_bps=200e9)
    big = plan_shoreline(capacity_bps=51.2e12, engine_capacity_bps=3.2e12, lane_rate_bps=200e9,
                         edge=PackageEdge(substrate_edge_m=0.15))
    assert big.max_engines > small.max_engines


def test_corner_keepouts_cannot_eat_the_edge():
    with pytest.raises(ConfigError, match="no usable edge"):
        PackageEdge(substrate_edge_m=0.01, corner_keepout_m=0.006)


@settings(max_examples=60, deadline=None)
@given(engines=st.integers(min_value=1, max_value=40), lanes=st.sampled_from([8, 16, 32]),
       side=st.floats(min_value=0.05, max_value=0.3))
def test_placement_never_exceeds_the_perimeter(engines, lanes, side):
    edge = PackageEdge(substrate_edge_m=side)
    lane_rate = 200e9
    try:
        plan = plan_shoreline(capacity_bps=engines * lanes * lane_rate, engine_capacity_bps=lanes * lane_rate,
                              lane_rate_bps=lane_rate, edge=edge)
    except PhysicsError:
        pitch = lanes * 0.625e-3 + 0.002
        assert engines > 4 * int((side - 0.01) / pitch + 1e-9)
        return
    assert sum(plan.engines_per_side) == engines
    assert max(plan.engines_per_side) * plan.engine_pitch_m <= float(edge.usable_edge_per_side_m) + 1e-12
