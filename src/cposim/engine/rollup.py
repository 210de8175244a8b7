"""Design one engine from its spec and roll it up: Tb/s, pJ/bit by contributor, heater and
laser power, shoreline and area density, fibers and lasers, every number with its sources.

Steps (:func:`design_engine`): the one CPO lane builder
(:func:`cposim.engine.cpo_lane.design_cpo_lane`, shared with the ``cpo-mrm-wdm-200g`` preset
and the architecture layer) on the preset recipe: design the rings, simulate the heaters,
close one lane with the link engine, size the laser from the link's required power, and close
the lane again with that laser. Energy per bit comes from the link engine's accounting (per direction, host
SerDes included) regrouped as:

========================  =========================================================
``laser``                 ELSFP wall-plug share (link ``laser``)
``drivers``               ring-modulator driver + modulator (link ``modulator_drive``, DEV-08)
``ring_tuning``           heaters + wavelength locking (link ``ring_tuning`` at the heater-equivalent shift, CPS-ENG-08)
``tia``                   photodetector + TIA (link ``receiver``)
``serdes``                host XSR/USR SerDes, Tx + Rx (link ``host_serdes``; ``module_serdes`` and ``dsp``, zero in a CPO engine)
``power_delivery``        engine power conversion (link ``overhead``, locking power included)
========================  =========================================================

Two heaters per lane (the transmit ring and the receive drop ring), as the link engine counts.

Shoreline: the engine edge is the larger of its electrical edge (host lanes x 0.625 mm,
CPS-PKG-05) and its optical edge (all fibers x 127 um, CPS-ENG-10); density = capacity /
(edge + the 2 mm gap to the next engine, CPS-PKG-04), via
:func:`cposim.devices.package_edge.edge_density_gbps_per_mm`; area density uses the engine
depth (CPS-PKG-06).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np

from cposim.engine.cpo_lane import design_cpo_lane, tune_rings
from cposim.engine.engine_lane import THERMAL_FIELDS
from cposim.engine.laser import LaserSizing
from cposim.engine.ring_design import RingDesign, payload_rate_bps
from cposim.engine.spec import EngineSpec
from cposim.engine.thermal import TuningResult
from cposim.link.engine import LaneResult
from cposim.link.lane import Lane
from cposim.link.summary import contributor_sources
from cposim.devices.package_edge import PackageEdge, edge_density_gbps_per_mm
from cposim.engine.recipe import cpo_mrm_wdm_recipe
from cposim.units import PICO, SPEED_OF_LIGHT_M_PER_S, watt_to_dbm

__all__ = ["ENGINE_CONTRIBUTORS", "EngineDesign", "EngineShoreline", "FIBER_PITCH_M", "RINGS_PER_LANE",
           "design_engine", "engine_energy_pj_per_bit", "engine_shoreline", "recipe_lane", "tune_rings"]

#: Engine contributor -> link-engine contributors it groups.
ENGINE_CONTRIBUTORS: dict[str, tuple[str, ...]] = {
    "laser": ("laser",),
    "drivers": ("modulator_drive",),
    "ring_tuning": ("ring_tuning",),
    "tia": ("receiver",),
    "serdes": ("host_serdes", "module_serdes", "dsp"),
    "power_delivery": ("overhead",),
}
#: Rings per lane that need heaters and locks: the modulator and the demux drop ring.
RINGS_PER_LANE = 2
#: Fiber pitch of the engine's fiber-array unit, m (CPS-ENG-10).
FIBER_PITCH_M = 127e-6


def engine_energy_pj_per_bit(link_pj: dict[str, Any]) -> dict[str, Any]:
    """Engine contributors (pJ/bit per direction): the link engine's breakdown regrouped.

    Locking is already in the link's ``ring_tuning`` (and its overhead in ``overhead``): the
    lane carries the heater-equivalent shift (:func:`~cposim.engine.engine_lane.lane_tuning_shift_m`).

    Args:
        link_pj: the link engine's contributor -> pJ/bit (scalars or arrays).
    """
    return {name: sum(np.asarray(link_pj[k], dtype=float) for k in keys) for name, keys in ENGINE_CONTRIBUTORS.items()}


@dataclass(frozen=True)
class EngineShoreline:
    """Edge, density and fibers of one engine (SI unless named).

    Attributes: tx_fibers, rx_fibers, laser_fibers, total_fibers (per engine);
    electrical_edge_m, optical_edge_m, edge_m (the larger), m; density_gbps_per_mm (capacity
    per mm of edge incl. the gap to the next engine); area_density_gbps_per_mm2.
    """

    tx_fibers: float
    rx_fibers: float
    laser_fibers: float
    total_fibers: float
    electrical_edge_m: float
    optical_edge_m: float
    edge_m: float
    density_gbps_per_mm: float
    area_density_gbps_per_mm2: float


def engine_shoreline(spec: EngineSpec, laser_fibers: float, edge: PackageEdge | None = None) -> EngineShoreline:
    """Engine edge and densities: edge = max(host lanes x edge per lane, fibers x pitch)."""
    edge = edge or PackageEdge()
    tx = float(spec.fibers_per_engine)
    total = 2.0 * tx + float(laser_fibers)
    electrical = spec.lanes * float(edge.edge_per_lane_m)
    optical = total * FIBER_PITCH_M
    width = max(electrical, optical)
    capacity = spec.capacity_bps
    return EngineShoreline(
        tx_fibers=tx, rx_fibers=tx, laser_fibers=float(laser_fibers), total_fibers=total,
        electrical_edge_m=electrical, optical_edge_m=optical, edge_m=width,
        density_gbps_per_mm=float(edge_density_gbps_per_mm(capacity_bps=capacity, edge_m=width,
                                                           gap_m=float(edge.engine_gap_m))),
        area_density_gbps_per_mm2=capacity / 1e9 / (width * 1e3 * float(edge.engine_depth_m) * 1e3),
    )


class _Traced:
    """Nested numbers with source ids per dotted path."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.sources: dict[str, tuple[str, ...]] = {}

    def put(self, path: str, value: Any, ids: Iterable[str]) -> None:
        node = self.data
        *parents, leaf = path.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = value
        self.sources[path] = tuple(dict.fromkeys(ids))


@dataclass(frozen=True)
class EngineDesign:
    """A designed engine: its parts and its report.

    Attributes:
        spec: the specification. rings: ring design. tuning: heater Monte Carlo.
        laser: laser sizing. result: the link engine's result for one lane with that laser.
        report: nested figures (numbers in the units their names carry, and a few labels).
        sources: dotted report path -> source ids.
    """

    spec: EngineSpec
    rings: RingDesign
    tuning: TuningResult
    laser: LaserSizing
    result: LaneResult
    report: dict[str, Any] = field(repr=False)
    sources: dict[str, tuple[str, ...]] = field(repr=False)

    @property
    def energy_pj_per_bit(self) -> float:
        """Energy per bit per direction, pJ/bit (laser at its class power)."""
        return float(self.report["energy_pj_per_bit"])

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data, with ``sources`` (path -> ids)."""
        return {**self.report, "sources": {k: list(v) for k, v in self.sources.items()}}


def design_engine(spec: EngineSpec) -> EngineDesign:
    """Design and roll up the engine of ``spec`` (a single design).

    Raises:
        ConfigError: a grid that does not fit a practical ring FSR, a lane rate the ring
        cannot support, an unreachable Q, a laser class that falls short (each says why).
        PhysicsError: a BER floor above the target (no laser power helps).
    """
    d = design_cpo_lane(spec, recipe_lane(spec))
    report, sources = _roll_up(spec, d.rings, d.tuning, d.laser, d.result)
    return EngineDesign(spec=spec, rings=d.rings, tuning=d.tuning, laser=d.laser, result=d.result, report=report,
                        sources=sources)


def recipe_lane(spec: EngineSpec) -> Lane:
    """The CPO recipe lane at ``spec``'s payload rate and lane count
    (:func:`cposim.engine.recipe.cpo_mrm_wdm_recipe`): what the designer does not design."""
    return cpo_mrm_wdm_recipe(lane_rate_bps=payload_rate_bps(spec), lanes=spec.lanes)


def _roll_up(spec: EngineSpec, rings: RingDesign, tuning: TuningResult, laser: LaserSizing,
             result: LaneResult) -> tuple[dict[str, Any], dict[str, tuple[str, ...]]]:
    own = spec.sources_by_parameter()
    lane = result.lane
    by_path = lane.sources_by_parameter()

    def ids(*fields: str, lane_paths: tuple[str, ...] = (), extra: tuple[str, ...] = ()) -> tuple[str, ...]:
        out = [i for f in fields for i in (own[f] if f in own else spec.text_sources(f))]
        for path, sids in by_path.items():
            if any(path == p or path.startswith(p) for p in lane_paths):
                out.extend(sids)
        return tuple(dict.fromkeys(out + list(extra)))

    t = _Traced()
    cap_ids = ids("lane_rate_bps", "wavelengths_per_fiber", "fibers_per_engine")
    lanes_ids = ids("wavelengths_per_fiber", "fibers_per_engine")
    thermal_ids = ids(*THERMAL_FIELDS, "assignment", "spread_distribution", extra=("CPS-ENG-07",))
    all_lane = tuple(lane.source_ids())
    t.put("name", spec.name, ())
    t.put("grid", rings.grid.name, spec.grid_sources())
    t.put("modulation", spec.modulation, ids("modulation"))
    t.put("laser_class", laser.power_class, ids("laser_class", "required_margin_db", extra=("LAS-01",)))
    t.put("assignment", spec.assignment, ids("assignment"))
    capacity = spec.capacity_bps
    t.put("capacity_tbps", capacity / 1e12, cap_ids)
    t.put("lanes_per_engine", spec.lanes, lanes_ids)
    t.put("lane_rate_gbps", float(spec.lane_rate_bps) / 1e9, ids("lane_rate_bps"))
    t.put("line_rate_gbps", float(lane.line_rate_bps) / 1e9, ids(lane_paths=("line_rate_bps",)))

    # ---- energy ----------------------------------------------------------------------
    link_pj = result.energy_breakdown_pj_per_bit()
    overhead = float(lane.module_overhead_fraction)
    energy = engine_energy_pj_per_bit(link_pj)
    link_src = contributor_sources(result)
    extra_src = {"ring_tuning": thermal_ids + ids("locking_power_per_ring_w"),
                 "power_delivery": ids("locking_power_per_ring_w")}
    all_energy: list[str] = []
    for name, keys in ENGINE_CONTRIBUTORS.items():
        src = tuple(i for k in keys for i in link_src.get(k, ())) + extra_src.get(name, ()) + ids("lane_rate_bps")
        all_energy.extend(src)
        t.put(f"energy_breakdown_pj_per_bit.{name}", float(energy[name]), src)
    total = float(sum(energy.values()))
    t.put("energy_pj_per_bit", total, all_energy)
    module = laser.module
    per_lane_nominal = float(module.optical_power_per_lane_w)
    laser_req = float(energy["laser"]) * laser.required_power_per_lane_w / per_lane_nominal
    total_req = total + (laser_req - float(energy["laser"])) * (1.0 + overhead)
    t.put("energy_at_required_laser_pj_per_bit", total_req, tuple(all_energy) + all_lane + ids("required_margin_db"))
    t.put("engine_power_w", total * PICO * capacity, tuple(all_energy) + cap_ids)

    # ---- tuning and laser power --------------------------------------------------------
    rings_per_engine = RINGS_PER_LANE * spec.lanes
    t.put("tuning_power_w", tuning.power_mean_w * rings_per_engine, thermal_ids + lanes_ids + ids("locking_power_per_ring_w"))
    t.put("tuning_power_worst_case_w", (tuning.heater_power_worst_w + tuning.locking_power_w) * rings_per_engine,
          thermal_ids + lanes_ids + ids("locking_power_per_ring_w"))
    laser_ids = tuple(link_src["laser"]) + ids("laser_class", "required_margin_db")
    t.put("laser_power_w", float(module.electrical_power_per_lane_w) * spec.lanes, laser_ids + lanes_ids)

    # ---- shoreline, fibers, lasers ------------------------------------------------------
    shore = engine_shoreline(spec, laser.laser_fibers)
    fiber_ids = ids("fibers_per_engine", "laser_split_ratio")
    edge_ids = lanes_ids + fiber_ids + ("CPS-PKG-05", "CPS-ENG-10")
    t.put("engine_edge_mm", shore.edge_m * 1e3, edge_ids)
    t.put("shoreline_gbps_per_mm", shore.density_gbps_per_mm, cap_ids + edge_ids + ("CPS-PKG-04",))
    t.put("area_density_gbps_per_mm2", shore.area_density_gbps_per_mm2, cap_ids + edge_ids + ("CPS-PKG-06",))
    t.put("fibers_per_engine.tx", shore.tx_fibers, fiber_ids)
    t.put("fibers_per_engine.rx", shore.rx_fibers, fiber_ids)
    t.put("fibers_per_engine.laser", shore.laser_fibers, fiber_ids)
    t.put("fibers_per_engine.total", shore.total_fibers, fiber_ids)
    t.put("lasers_per_engine", laser.lasers, fiber_ids + ids("wavelengths_per_fiber", extra=("LAS-01",)))

    # ---- rings ----------------------------------------------------------------------------
    mod = rings.modulator
    grid_ids = spec.grid_sources()
    mod_ids = ids(lane_paths=("modulator.",))
    dmx_ids = ids(lane_paths=("demux.",))
    speed_ids = ids("min_bandwidth_symbol_fraction", "lane_rate_bps", "modulation", lane_paths=("line_rate_bps",))
    t.put("ring.radius_um", rings.radius_m * 1e6, ids(lane_paths=("modulator.radius_m",), extra=("DEV-10",)))
    t.put("ring.fsr_nm", rings.fsr_m * 1e9, ids(lane_paths=("modulator.radius_m", "modulator.group_index"),
                                                extra=("DEV-10",)))
    t.put("ring.required_fsr_nm", rings.required_fsr_hz * float(rings.demux.centre_wavelength_m) ** 2 / SPEED_OF_LIGHT_M_PER_S
          * 1e9, grid_ids + ids("fsr_guard_fraction"))
    t.put("ring.channel_spacing_nm", rings.channel_spacing_m * 1e9, grid_ids)
    t.put("ring.channel_span_nm", rings.grid.span_m * 1e9, grid_ids)
    q_ids = ids("modulator_loaded_q", extra=("CPS-ENG-12", "CPS-MOD-01"))
    t.put("ring.modulator_loaded_q", float(mod.loaded_q), q_ids)
    t.put("ring.modulator_intrinsic_q", float(mod.intrinsic_q), ids(lane_paths=("modulator.loss_db_per_m",
                                                                                  "modulator.group_index")))
    t.put("ring.modulator_self_coupling", float(mod.through_self_coupling),
          ids(lane_paths=("modulator.through_self_coupling", "modulator.radius_m", "modulator.loss_db_per_m")))
    t.put("ring.photon_lifetime_ps", float(mod.photon_lifetime_s) * 1e12, q_ids)
    t.put("ring.modulation_bandwidth_ghz", float(mod.modulation_bandwidth_hz) / 1e9,
          q_ids + ids(lane_paths=("modulator.junction_capacitance_f", "modulator.series_resistance_ohm")))
    t.put("ring.required_bandwidth_ghz", rings.required_bandwidth_hz / 1e9, speed_ids)
    t.put("ring.oma_fraction", float(mod.oma_fraction), mod_ids)
    t.put("ring.insertion_loss_db", float(mod.insertion_loss_db), mod_ids)
    t.put("ring.extinction_ratio_db", float(mod.extinction_ratio_db), mod_ids)
    t.put("ring.demux_loaded_q", float(rings.demux.loaded_q), dmx_ids)
    t.put("ring.demux_fwhm_ghz", float(rings.demux.fwhm_hz) / 1e9, dmx_ids)
    t.put("ring.demux_drop_loss_db", float(rings.demux.drop_loss_db), dmx_ids)
    t.put("ring.demux_insertion_loss_db", float(rings.demux.insertion_loss_db), dmx_ids)
    t.put("ring.demux_crosstalk_db", float(rings.demux.crosstalk_db), dmx_ids)
    t.put("ring.crosstalk_penalty_db", float(rings.crosstalk_penalty_db), dmx_ids + ids("modulation",
                                                                                      extra=("CPS-LKC-04",)))

    # ---- thermal ----------------------------------------------------------------------------
    heater_ids = thermal_ids + ids(lane_paths=("modulator.radius_m",))
    t.put("thermal.mean_fabrication_shift_nm", tuning.mean_shift_m * 1e9, heater_ids)
    t.put("thermal.standard_error_nm", tuning.standard_error_m * 1e9, heater_ids)
    t.put("thermal.mean_heater_shift_nm", tuning.mean_heater_shift_m * 1e9, heater_ids)
    t.put("thermal.heater_power_per_ring_mw", tuning.heater_power_mean_w * 1e3, heater_ids)
    t.put("thermal.heater_power_per_ring_worst_case_mw", tuning.heater_power_worst_w * 1e3, heater_ids)
    t.put("thermal.heater_power_per_ring_p99_mw", tuning.heater_power_p99_w * 1e3, heater_ids)
    t.put("thermal.temperature_power_per_ring_mw", tuning.temperature_power_w * 1e3,
          ids("temperature_swing_k", "thermal_shift_m_per_k", "heater_efficiency_m_per_w"))
    t.put("thermal.heater_power_per_fsr_mw", tuning.heater_power_per_fsr_w * 1e3,
          ids("heater_efficiency_m_per_w", lane_paths=("modulator.radius_m",), extra=("DEV-10", "DEV-11")))
    t.put("thermal.locking_power_per_ring_mw", tuning.locking_power_w * 1e3, ids("locking_power_per_ring_w"))
    t.put("thermal.rings_per_engine", rings_per_engine, lanes_ids)
    t.put("thermal.samples", tuning.samples, ids("mc_samples"))
    t.put("thermal.seed", int(spec.seed), ids("seed"))

    # ---- laser and link ---------------------------------------------------------------------
    need_ids = all_lane + ids("required_margin_db")
    t.put("laser.required_power_per_lane_mw", laser.required_power_per_lane_w * 1e3, need_ids)
    t.put("laser.class_power_per_wavelength_dbm", float(module.power_per_wavelength_dbm), laser_ids)
    t.put("laser.power_per_lane_mw", per_lane_nominal * 1e3, laser_ids)
    t.put("laser.margin_at_class_minimum_db", laser.margin_at_class_minimum_db, need_ids + laser_ids)
    t.put("laser.wall_plug_efficiency", float(module.wall_plug_efficiency), ids("laser_wall_plug_efficiency"))
    t.put("laser.electrical_power_per_lane_mw", float(module.electrical_power_per_lane_w) * 1e3, laser_ids)
    t.put("link.ber", float(result.ber), all_lane)
    t.put("link.target_ber", float(result.target_ber), ids("target_ber", lane_paths=("fec.",)))
    t.put("link.margin_db", float(result.margin_db), all_lane)
    t.put("link.launch_oma_dbm", float(result.launch_oma_dbm), all_lane)
    t.put("link.received_oma_dbm", float(result.received_oma_dbm), all_lane)
    t.put("link.source_power_per_lane_dbm", float(watt_to_dbm(result.source_power_w)), laser_ids)
    return t.data, t.sources
