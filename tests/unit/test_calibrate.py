"""The preset calibrations can be redone: the solved parameter meets the figure, and the
value in use is the one the preset declares (cposim.validate.calibrate)."""

from __future__ import annotations

import pytest

from cposim.validate import cases
from cposim.validate.calibrate import PRESET_CALIBRATIONS, recalibrate_all


def test_every_preset_calibration_case_is_reproducible():
    calibrated = {c.id for c in cases.CASES if c.klass == "calibration" and "preset" in c.id}
    assert calibrated == {c[0] for c in PRESET_CALIBRATIONS}


@pytest.mark.parametrize("r", recalibrate_all(), ids=lambda r: r.case_id)
def test_the_solved_parameter_meets_the_figure(r):
    assert r.module_w_needed == pytest.approx(r.target_w, rel=1e-9)
    assert r.needed > 0.0


def test_the_copper_route_calibration_is_reproducible():
    """CPS-ELE-28 (the copper port's host PCB) from RCH-04's ~1 m at 200G/lane: the solved
    length gives the 1 m reach; the length in use stays inside the figure's +-0.5 m."""
    from cposim.validate.calibrate import ROUTE_CALIBRATIONS, recalibrate_copper_route

    calibrated = {c.id for c in cases.CASES if c.klass == "calibration"}
    assert calibrated == {c[0] for c in PRESET_CALIBRATIONS + ROUTE_CALIBRATIONS}
    r = recalibrate_copper_route(tolerance_m=0.01)
    assert r.reach_needed_m == pytest.approx(r.target_m, abs=0.05)
    assert abs(r.reach_in_use_m - r.target_m) <= 0.5
    assert r.needed_m < r.in_use_m  # a shorter route reaches further
