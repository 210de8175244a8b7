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
