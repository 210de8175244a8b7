"""Reproduce the calibrations: for each parameter that was set so that a preset meets a
published figure, the value that meets the figure today, next to the value in use.

A calibration is only honest if anyone can redo it. The preset calibrations here are linear
(module power is a sum of device powers times the conversion overhead), so two evaluations of
the link engine solve them exactly; the result is checked by evaluating the preset again with
the solved value. ``python scripts/calibrate.py`` prints the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from cposim.link.engine import evaluate
from cposim.devices.base import get_path, set_path
from cposim.presets import PRESETS

__all__ = ["PRESET_CALIBRATIONS", "ROUTE_CALIBRATIONS", "Recalibration", "RouteRecalibration", "recalibrate",
           "recalibrate_all", "recalibrate_copper_route"]

#: (case id, preset, parameter path, reference row holding the value, figure, target module W,
#: how the target is read from the figure)
PRESET_CALIBRATIONS = (
    ("preset-400g-dr4-module", "400g-dr4", "dsp.energy_j_per_bit", "CPS-PRE-02", "PWR-04", 9.0, "9 W as quoted"),
    ("preset-800g-lpo-module", "800g-lpo", "driver.static_power_w", "CPS-PRE-04", "PWR-08", 8.5,
     "the middle of 8-9 W"),
)


@dataclass(frozen=True)
class Recalibration:
    """One calibration redone: ``in_use`` is the parameter's value in the preset, ``needed`` the
    value at which the preset's module power equals ``target_w``; ``module_w_in_use`` and
    ``module_w_needed`` are the module powers at those values, W."""

    case_id: str
    preset: str
    parameter: str
    reference: str
    figure: str
    target_w: float
    target_note: str
    in_use: float
    needed: float
    module_w_in_use: float
    module_w_needed: float

    @property
    def ratio(self) -> float:
        """``needed / in_use``: how far the parameter in use is from its own calibration."""
        return self.needed / self.in_use


def recalibrate(case_id: str) -> Recalibration:
    """Solve one preset calibration (module power linear in the parameter: exact)."""
    row = next(c for c in PRESET_CALIBRATIONS if c[0] == case_id)
    _, preset, path, reference, figure, target, note = row
    lane = PRESETS[preset].build()
    x0 = float(get_path(lane, path))

    def module_w(x: float) -> float:
        return float(evaluate(set_path(lane, path, x)).energy.module_power_w)

    m0, m1 = module_w(x0), module_w(1.1 * x0)
    needed = x0 + (target - m0) * (0.1 * x0) / (m1 - m0)
    return Recalibration(case_id, preset, path, reference, figure, target, note, x0, needed, m0, module_w(needed))


def recalibrate_all() -> list[Recalibration]:
    """Every preset calibration redone."""
    return [recalibrate(c[0]) for c in PRESET_CALIBRATIONS]


#: (case id, parameter, reference row, figure, target reach m, how the target is read)
ROUTE_CALIBRATIONS = (
    ("copper-reach-200g", "electrical.topologies.COPPER_PORT_PCB_M", "CPS-ELE-28", "RCH-04", 1.0,
     "'~1 m' of 26 AWG passive copper at 200G/lane"),
)


@dataclass(frozen=True)
class RouteRecalibration:
    """The copper port's host PCB length redone: ``in_use_m`` is the length in use,
    ``needed_m`` the length at which the 200G/lane passive reach equals ``target_m``; the
    reaches at both, m."""

    case_id: str
    parameter: str
    reference: str
    figure: str
    target_m: float
    target_note: str
    in_use_m: float
    needed_m: float
    reach_in_use_m: float
    reach_needed_m: float


def recalibrate_copper_route(*, tolerance_m: float = 0.002) -> RouteRecalibration:
    """Solve the copper port's host PCB length for RCH-04's ~1 m passive reach at 200G/lane
    (bisection on the length: the reach falls as the PCB grows), to ``tolerance_m``."""
    from cposim.devices.serdes import LANE_RATE_200G_BPS
    from cposim.electrical.reach import copper_cable_reach_m
    from cposim.electrical.topologies import COPPER_PORT_PCB_M

    case_id, parameter, reference, figure, target, note = ROUTE_CALIBRATIONS[0]

    def reach(pcb_m: float) -> float:
        return float(copper_cable_reach_m(lane_rate_bps=LANE_RATE_200G_BPS, host_pcb_length_m=pcb_m,
                                          tolerance_m=0.005))

    lo, hi = 0.02, 0.40
    while hi - lo > tolerance_m:
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if reach(mid) > target else (lo, mid)
    needed = 0.5 * (lo + hi)
    return RouteRecalibration(case_id, parameter, reference, figure, target, note, COPPER_PORT_PCB_M, needed,
                              reach(COPPER_PORT_PCB_M), reach(needed))
