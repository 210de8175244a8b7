"""The one co-packaged micro-ring WDM lane: an engine spec and a recipe lane in, the designed
:class:`~cposim.link.lane.Lane` out.

The CPO lane preset (``cpo-mrm-wdm-200g``), the architecture layer's ``cpo-mrm`` lane
(:func:`cposim.presets.architecture_lanes.cpo_mrm_wdm_lane`) and the engine designer
(:func:`cposim.engine.rollup.design_engine`, ``cposim engine``) all build their lane here, so
they agree on ring tuning, laser class and energy per bit by construction.

Steps (:func:`design_cpo_lane`):

1. Rings (:func:`~cposim.engine.ring_design.design_rings`) at the recipe's own line rate.
2. Heaters: the seeded thermal Monte Carlo (:func:`tune_rings`, CPS-ENG-07): same spec
   (seed included), same result on any machine. The lane carries the heater-equivalent shift
   (mean heater shift + locking power x heater efficiency,
   :func:`~cposim.engine.engine_lane.lane_tuning_shift_m`).
3. Laser class, without circularity: the link engine closes the lane once with a probe module
   (the smallest class, LP, or the spec's named class). The margin scales exactly with the laser
   power (:meth:`~cposim.link.engine.LaneResult.required_source_power_w`), so that one run
   gives the power per lane that leaves the spec's ``required_margin_db`` (CPS-ENG-09) whatever
   class was probed; the class is then the **smallest ELSFP class whose class minimum (nominal
   - 1.5 dB, LAS-01) delivers it** (:func:`~cposim.engine.laser.size_laser`). The lane is closed
   again with that class. Anything that changes the margin (e.g. a computed waveform penalty)
   moves the class automatically; nothing here names a class.

The recipe supplies everything the designer does not design (coupling, fiber, receiver, FEC,
rates, host SerDes, power-delivery overhead, ELSFP technology); it must be the recipe at the
spec's payload rate.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cposim.engine.engine_lane import engine_lane
from cposim.engine.laser import LaserSizing, laser_module, size_laser
from cposim.engine.ring_design import RingDesign, design_rings, payload_rate_bps, require_feasible_rings
from cposim.engine.spec import EngineSpec
from cposim.engine.thermal import TuningResult, tune_ring_banks
from cposim.errors import ConfigError
from cposim.link.engine import LaneResult, evaluate
from cposim.link.lane import Lane

__all__ = ["CpoLaneDesign", "PROBE_CLASS", "cpo_lane", "design_cpo_lane", "tune_rings"]

#: Laser class of the probe run that measures the margin (any class gives the same answer).
PROBE_CLASS = "LP"


@dataclass(frozen=True)
class CpoLaneDesign:
    """A designed CPO lane: spec, rings, heater Monte Carlo, laser sizing, the lane and its link result."""

    spec: EngineSpec
    rings: RingDesign
    tuning: TuningResult
    laser: LaserSizing
    lane: Lane
    result: LaneResult


def tune_rings(spec: EngineSpec, rings: RingDesign) -> TuningResult:
    """The thermal Monte Carlo of ``spec``'s ring banks (:func:`~cposim.engine.thermal.tune_ring_banks`)."""
    return tune_ring_banks(
        rings.modulator, rings.grid.wavelengths_m, temperature_swing_k=float(spec.temperature_swing_k),
        global_spread_m=float(spec.global_spread_m), local_spread_m=float(spec.local_spread_m),
        locking_power_per_ring_w=float(spec.locking_power_per_ring_w), samples=int(spec.mc_samples),
        seed=int(spec.seed), distribution=spec.spread_distribution, assignment=spec.assignment)


def _check_base(spec: EngineSpec, base: Lane) -> None:
    if not isinstance(base, Lane):
        raise ConfigError("design_cpo_lane.base", type(base).__name__, "is not a Lane; expected the CPO recipe lane")
    payload = payload_rate_bps(spec)
    if abs(float(base.data_rate_bps) - payload) > 1e-6 * payload:
        raise ConfigError("design_cpo_lane.base.data_rate_bps", float(base.data_rate_bps),
                          f"differs from the spec's payload rate {payload:g}; expected the recipe at that rate",
                          unit="bit/s")


def design_cpo_lane(spec: EngineSpec, base: Lane) -> CpoLaneDesign:
    """Design the lane of ``spec`` on the recipe ``base`` (a single design; see the module docstring).

    Raises:
        ConfigError: a grid, Q or rate the rings cannot meet, a named laser class that falls short.
        PhysicsError: a BER floor above the target (no laser power helps).
    """
    _check_base(spec, base)
    rings = design_rings(spec, line_rate_bps=float(base.line_rate_bps))
    require_feasible_rings(rings, spec)
    tuning = tune_rings(spec, rings)
    first = PROBE_CLASS if spec.laser_class == "auto" else spec.laser_class
    probe = evaluate(engine_lane(spec, rings, tuning, laser_module(spec, first), base))
    laser = size_laser(probe, spec)
    lane = engine_lane(spec, rings, tuning, laser.module, base)
    laser = replace(laser, module=lane.source)  # the recipe's module with the sized class and layout
    return CpoLaneDesign(spec=spec, rings=rings, tuning=tuning, laser=laser, lane=lane, result=evaluate(lane))


def cpo_lane(spec: EngineSpec, base: Lane) -> Lane:
    """The designed lane of ``spec`` on the recipe ``base`` (:func:`design_cpo_lane`'s lane)."""
    return design_cpo_lane(spec, base).lane
