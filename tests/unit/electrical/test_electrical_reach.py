"""Reach solvers: exact on synthetic margins; monotone in rate, laminate and gauge; clear refusals."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from cposim.devices.serdes import LANE_RATE_50G_BPS, LANE_RATE_100G_BPS, LANE_RATE_200G_BPS
from cposim.electrical.copper_link import copper_link_margin
from cposim.electrical.reach import check_copper_link, copper_cable_reach_m, pcb_reach_m, solve_reach_m
from cposim.errors import ConfigError, PhysicsError

TOL = 0.05


@settings(max_examples=40, deadline=None)
@given(m0=st.floats(0.1, 20.0), slope=st.floats(0.5, 30.0), curve=st.sampled_from([0.0, 0.1, 0.5, 2.0]))
def test_solver_finds_the_root_of_a_falling_margin(m0, slope, curve):
    """margin(L) = m0 - slope L - curve L^2: the solver stops at the root (brentq, independent)."""
    root = brentq(lambda x: m0 - slope * x - curve * x**2, 0.0, 100.0, xtol=1e-12)
    found = solve_reach_m(lambda x: m0 - slope * x - curve * x**2, first_guess_m=0.3, max_m=100.0, tolerance_m=1e-4)
    assert found <= root + 1e-12
    assert found == pytest.approx(root, abs=1e-4)


def test_solver_refuses_impossible_searches():
    with pytest.raises(PhysicsError, match="0 m"):
        solve_reach_m(lambda x: -1.0 - x, first_guess_m=1.0, max_m=10.0)
    with pytest.raises(PhysicsError, match="range"):
        solve_reach_m(lambda x: 5.0, first_guess_m=1.0, max_m=10.0)


def test_passive_reach_falls_with_lane_rate_across_generations():
    """One receiver per generation: ck-like for 53-106 Gb/s, dj KR at 212.5 Gb/s."""
    r = [copper_cable_reach_m(lane_rate_bps=x, tolerance_m=TOL) for x in
         (LANE_RATE_50G_BPS, LANE_RATE_100G_BPS, LANE_RATE_200G_BPS)]
    assert r[0] > r[1] > r[2] > 0


@pytest.mark.parametrize("rates", [(60e9, 90e9, 130e9), (165e9, 190e9, 212.5e9)])
def test_passive_reach_falls_with_lane_rate_for_one_receiver(rates):
    r = [copper_cable_reach_m(lane_rate_bps=x, tolerance_m=TOL) for x in rates]
    assert np.all(np.diff(r) < 0)


def test_pcb_reach_grows_as_laminate_loss_falls():
    r = [pcb_reach_m(lane_rate_bps=LANE_RATE_200G_BPS, laminate=name, tolerance_m=0.01)
         for name in ("fr4", "megtron6", "megtron7", "megtron8")]
    assert np.all(np.diff(r) > 0)


def test_thicker_wire_and_active_cables_reach_further():
    passive = copper_cable_reach_m(lane_rate_bps=LANE_RATE_200G_BPS, tolerance_m=TOL)
    assert copper_cable_reach_m(lane_rate_bps=LANE_RATE_200G_BPS, awg=24, tolerance_m=TOL) > passive
    assert copper_cable_reach_m(lane_rate_bps=LANE_RATE_200G_BPS, awg=30, tolerance_m=TOL) < passive
    acc = copper_cable_reach_m(lane_rate_bps=LANE_RATE_200G_BPS, cable="acc", tolerance_m=TOL)
    aec = copper_cable_reach_m(lane_rate_bps=LANE_RATE_200G_BPS, cable="aec", tolerance_m=TOL)
    assert passive < acc < aec


def test_co_packaged_copper_reaches_further_than_a_front_panel_port():
    front = copper_cable_reach_m(lane_rate_bps=LANE_RATE_200G_BPS, tolerance_m=TOL)
    cpc = copper_cable_reach_m(lane_rate_bps=LANE_RATE_200G_BPS, host="co_packaged", tolerance_m=TOL)
    assert cpc > front


def test_margin_results_carry_their_segments():
    acc = copper_link_margin(2.0, lane_rate_bps=LANE_RATE_100G_BPS, cable="acc")
    assert len(acc.segments) == 1 and 0 < acc.redriver_peaking_db <= 15.0 + 1e-9
    aec = copper_link_margin(2.0, lane_rate_bps=LANE_RATE_100G_BPS, cable="aec")
    assert len(aec.segments) == 3 and aec.margin_db == min(s.margin_db for s in aec.segments)
    assert check_copper_link(0.5, LANE_RATE_100G_BPS) == pytest.approx(
        copper_link_margin(0.5, lane_rate_bps=LANE_RATE_100G_BPS).margin_db)


def test_copper_on_the_full_c2m_route_cannot_close_at_200g():
    with pytest.raises(PhysicsError, match="0 m.*host paths alone"):
        copper_cable_reach_m(lane_rate_bps=LANE_RATE_200G_BPS, host_pcb_length_m=0.28)


def test_bad_requests_name_the_field():
    with pytest.raises(ConfigError, match="cable"):
        copper_cable_reach_m(lane_rate_bps=LANE_RATE_100G_BPS, cable="optical")
    with pytest.raises(ConfigError, match="lane_rate_bps"):
        copper_cable_reach_m(lane_rate_bps=400e9)
    with pytest.raises(ConfigError, match="length_m"):
        check_copper_link(-1.0, LANE_RATE_100G_BPS)
    with pytest.raises(ConfigError, match="host"):
        copper_link_margin(1.0, lane_rate_bps=LANE_RATE_100G_BPS, host="backplane")
