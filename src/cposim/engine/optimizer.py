"""The engine design with the lowest energy per bit for a target engine bandwidth, the Pareto
front of energy per bit against shoreline density, and a sensitivity ranking.

Design variables: wavelengths per fiber and channel spacing (the CW-WDM MSA grids, or any
pairs for a custom grid), lane rate (100G / 200G payload), modulation (NRZ / PAM4),
modulator and demux loaded Q, and the ELSFP laser class. Fibers per engine follow from the
target: ``target / (wavelengths x lane rate)`` must be a whole number (else that layout is
not a candidate). Every other setting comes from the base spec.

Vectorised: for each layout (wavelengths, spacing, rate, modulation) the rings are designed
and the lane is closed by the link engine for every (modulator Q, demux Q) pair in ONE call;
each laser class is then costed with the link engine's energy accounting on the same arrays.
(modulator Q, demux Q) pairs whose rings break a hard constraint (reachable Q, crosstalk
that closes the eye) are screened out before the link is closed and are not in the
candidate table; modulator and drop-filter bandwidth are priced by the link engine's
waveform penalty (a ring too slow or a demux too narrow shows as lost margin). A remaining candidate is feasible when its BER
has no floor above the target and the class minimum of its laser meets the power the link
needs at the spec's margin (modules beyond the supply limit are not candidates).

Objective: the energy per bit with the laser at its class power (what is built); among
designs within 1e-9 pJ/bit of each other, the one whose laser need is lowest (energy with
the laser at exactly the required power) wins. The optimum is re-designed by the scalar path
(:func:`~cposim.engine.rollup.design_engine`) for its full report.

Sensitivity: the elasticity ``(dE/E) / (dp/p)`` of the energy per bit with the laser at the
required power (continuous, so class steps do not hide trends), by central differences of
+/-10 % on each listed spec parameter at the optimum, ranked by magnitude.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from cposim.devices.external_laser import ELSFP_POWER_CLASSES_DBM
from cposim.engine.engine_lane import engine_lane, lane_module
from cposim.engine.laser import class_modules, laser_fibers_per_engine
from cposim.engine.ring_design import design_rings
from cposim.engine.rollup import (EngineDesign, design_engine, engine_energy_pj_per_bit, engine_shoreline, recipe_lane,
                                  tune_rings)
from cposim.engine.spec import EngineSpec
from cposim.errors import ConfigError, CposimError
from cposim.link.engine import energy_breakdown, evaluate
from cposim.validation import check_number

__all__ = ["DesignSpace", "OptimizationResult", "SENSITIVITY_FIELDS", "evaluate_candidates", "optimize",
           "pareto_mask", "sensitivity_ranking"]

#: Spec parameters ranked by :func:`sensitivity_ranking`.
SENSITIVITY_FIELDS = (
    "modulator_loaded_q", "demux_loaded_q", "demux_intrinsic_q", "bias_detuning_linewidths", "fsr_guard_fraction",
    "temperature_swing_k", "thermal_shift_m_per_k", "heater_efficiency_m_per_w", "global_spread_m",
    "local_spread_m", "locking_power_per_ring_w", "laser_wall_plug_efficiency", "required_margin_db",
)
_CLASSES = tuple(ELSFP_POWER_CLASSES_DBM)
_TIE_PJ = 1e-9


@dataclass(frozen=True)
class DesignSpace:
    """Candidate values of the design variables (each a tuple).

    Attributes:
        wavelengths_per_fiber: channel counts. spacings_hz: channel spacings, Hz (pairs that
        are not MSA grids are skipped for ``grid: cw-wdm``). lane_rates_bps: payload rates.
        modulations: ``pam4`` / ``nrz``. modulator_q / demux_q: loaded Qs (defaults span the
        DEV-12 range 3000..10000 and a little below it). laser_classes: ELSFP classes (LAS-01).
    """

    wavelengths_per_fiber: tuple[int, ...] = (8, 16, 32)
    spacings_hz: tuple[float, ...] = (100e9, 200e9, 400e9, 800e9)
    lane_rates_bps: tuple[float, ...] = (100e9, 200e9)
    modulations: tuple[str, ...] = ("pam4", "nrz")
    modulator_q: tuple[float, ...] = tuple(np.round(np.geomspace(2000.0, 9000.0, 6)))
    demux_q: tuple[float, ...] = tuple(np.round(np.geomspace(1500.0, 12000.0, 6)))
    laser_classes: tuple[str, ...] = _CLASSES

    def __post_init__(self) -> None:
        for name in ("wavelengths_per_fiber", "spacings_hz", "lane_rates_bps", "modulations", "modulator_q",
                     "demux_q", "laser_classes"):
            if len(getattr(self, name)) == 0:
                raise ConfigError(f"DesignSpace.{name}", getattr(self, name), "is empty; expected at least one value")
        for c in self.laser_classes:
            if c not in _CLASSES:
                raise ConfigError("DesignSpace.laser_classes", c, f"is not an ELSFP class; expected some of {_CLASSES}")


#: Columns of the candidate table (one entry per candidate).
COLUMNS = ("wavelengths_per_fiber", "channel_spacing_hz", "lane_rate_bps", "nrz", "fibers_per_engine",
           "modulator_loaded_q", "demux_loaded_q", "laser_class_index", "energy_pj_per_bit",
           "energy_at_required_laser_pj_per_bit", "shoreline_gbps_per_mm", "margin_db", "feasible")


def evaluate_candidates(base: EngineSpec, *, target_capacity_bps: float,
                        space: DesignSpace | None = None) -> tuple[dict[str, np.ndarray], list[str]]:
    """Every candidate design of ``space`` for the target, vectorised per layout.

    Returns:
        (table, notes): table column -> 1-D array (see :data:`COLUMNS`; ``nrz`` is 1 for
        NRZ, ``laser_class_index`` indexes the ELSFP classes LP..SHP, ``feasible`` is 0/1);
        notes: why whole layouts were left out.
    """
    space = space or DesignSpace()
    target = float(check_number("target_capacity_bps", target_capacity_bps, unit="bit/s", lo=1e9, hi=1e15))
    rows: dict[str, list[np.ndarray]] = {c: [] for c in COLUMNS}
    notes: list[str] = []
    qm, qd = np.meshgrid(np.asarray(space.modulator_q, dtype=float), np.asarray(space.demux_q, dtype=float),
                         indexing="ij")
    qm, qd = qm.ravel(), qd.ravel()
    for n in space.wavelengths_per_fiber:
        for spacing in space.spacings_hz:
            for rate in space.lane_rates_bps:
                for modulation in space.modulations:
                    label = f"{n} x {spacing / 1e9:g} GHz, {rate / 1e9:g}G {modulation.upper()}"
                    fibers = target / (n * rate)
                    if abs(fibers - round(fibers)) > 1e-9 * fibers or round(fibers) < 1:
                        notes.append(f"{label}: {target / 1e12:g} Tb/s is not a whole number of fibers")
                        continue
                    try:
                        spec = with_design(base, wavelengths_per_fiber=n, channel_spacing_hz=spacing,
                                           lane_rate_bps=rate, modulation=modulation,
                                           fibers_per_engine=int(round(fibers)), laser_class="auto")
                        block = _layout(spec, qm, qd, space)
                    except CposimError as err:
                        notes.append(f"{label}: {err}")
                        continue
                    for c in COLUMNS:
                        rows[c].append(block[c])
    if not rows["energy_pj_per_bit"]:
        raise ConfigError("target_capacity_bps", target,
                          "has no candidate layout (" + "; ".join(notes[:3]) + ")", unit="bit/s")
    return {c: np.concatenate(v) for c, v in rows.items()}, notes


def _layout(spec: EngineSpec, qm: np.ndarray, qd: np.ndarray, space: DesignSpace) -> dict[str, np.ndarray]:
    """Candidates of one layout: every (modulator Q, demux Q) x laser class."""
    base = recipe_lane(spec)
    line_rate = float(base.line_rate_bps)
    screen = design_rings(spec, modulator_loaded_q=qm, demux_loaded_q=qd, line_rate_bps=line_rate)
    keep = np.flatnonzero(np.broadcast_to(screen.feasible, qm.shape))
    if keep.size == 0:
        def count(mask: np.ndarray) -> int:
            return int(np.count_nonzero(~np.broadcast_to(mask, qm.shape)))

        raise ConfigError(
            "EngineSpec.modulator_loaded_q", float(qm.max()),
            f"and the other Qs of the design space: no (modulator Q, demux Q) pair meets the ring constraints "
            f"(of {qm.size}: unreachable Q {count(screen.coupling_ok)}, crosstalk "
            f"closes the eye {count(screen.crosstalk_ok)})")
    qm, qd = qm[keep], qd[keep]
    rings = design_rings(spec, modulator_loaded_q=qm, demux_loaded_q=qd, line_rate_bps=line_rate)
    tuning = tune_rings(spec, rings)
    modules = class_modules(spec)
    probe_module = next((m for m in modules.values() if m is not None), None)
    if probe_module is None:
        raise ConfigError("EngineSpec.laser_class", "auto", "no ELSFP class fits the module supply limit")
    lane = engine_lane(spec, rings, tuning, probe_module, base)
    result = evaluate(lane)
    need = np.broadcast_to(np.asarray(result.required_source_power_w(float(spec.required_margin_db))), qm.shape)
    ok = np.broadcast_to(~np.asarray(result.margin_limited, dtype=bool), qm.shape)
    margin0 = np.broadcast_to(np.asarray(result.margin_db, dtype=float), qm.shape)
    source0 = np.broadcast_to(np.asarray(result.source_power_w, dtype=float), qm.shape)
    shoreline = engine_shoreline(spec, laser_fibers_per_engine(spec)).density_gbps_per_mm
    out: dict[str, list[np.ndarray]] = {c: [] for c in COLUMNS}
    size = qm.size
    for name in space.laser_classes:
        module = modules[name]
        if module is None:
            continue
        pj = energy_breakdown(lane.replace(source=lane_module(base, module))).pj_per_bit()
        parts = engine_energy_pj_per_bit(pj)
        total = np.broadcast_to(sum(np.asarray(v, dtype=float) for v in parts.values()), qm.shape)
        laser_pj = np.broadcast_to(np.asarray(parts["laser"], dtype=float), qm.shape)
        nominal = float(module.optical_power_per_lane_w)
        laser_req = laser_pj * need / nominal
        at_req = total + (laser_req - laser_pj) * (1.0 + float(lane.module_overhead_fraction))
        margin = margin0 + 10.0 * np.log10(nominal / source0)
        feasible = ok & (float(module.worst_case_power_per_lane_w) >= need)
        values = {
            "wavelengths_per_fiber": np.full(size, float(spec.wavelengths_per_fiber)),
            "channel_spacing_hz": np.full(size, float(spec.channel_spacing_hz)),
            "lane_rate_bps": np.full(size, float(spec.lane_rate_bps)),
            "nrz": np.full(size, 1.0 if spec.modulation == "nrz" else 0.0),
            "fibers_per_engine": np.full(size, float(spec.fibers_per_engine)),
            "modulator_loaded_q": qm,
            "demux_loaded_q": qd,
            "laser_class_index": np.full(size, float(_CLASSES.index(name))),
            "energy_pj_per_bit": total,
            "energy_at_required_laser_pj_per_bit": at_req,
            "shoreline_gbps_per_mm": np.full(size, shoreline),
            "margin_db": margin,
            "feasible": feasible.astype(float),
        }
        for c in COLUMNS:
            out[c].append(np.asarray(values[c], dtype=float))
    if not out["energy_pj_per_bit"]:
        raise ConfigError("EngineSpec.laser_class", "auto", "no ELSFP class of the design space fits the supply limit")
    return {c: np.concatenate(v) for c, v in out.items()}


def pareto_mask(energy_pj_per_bit: Any, density_gbps_per_mm: Any) -> np.ndarray:
    """Points on the Pareto front of lower energy and higher density (boolean array).

    A point is on the front when no other point has energy <= and density >= with one of
    them strictly better. Duplicates of a front point are all kept.
    """
    e = np.asarray(energy_pj_per_bit, dtype=float).ravel()
    d = np.asarray(density_gbps_per_mm, dtype=float).ravel()
    if e.shape != d.shape:
        raise ConfigError("density_gbps_per_mm", d.shape, f"has another shape than the energies {e.shape}")
    order = np.lexsort((-d, e))  # energy ascending, density descending within equal energy
    mask = np.zeros(e.size, dtype=bool)
    best = -np.inf
    i = 0
    while i < order.size:
        j = i
        while j + 1 < order.size and e[order[j + 1]] == e[order[i]]:
            j += 1
        group = order[i:j + 1]
        top = d[group[0]]
        if top > best:
            mask[group[d[group] == top]] = True
            best = top
        i = j + 1
    return mask


def _best_index(table: dict[str, np.ndarray]) -> int:
    feasible = np.flatnonzero(table["feasible"] > 0)
    if feasible.size == 0:
        raise ConfigError("target_capacity_bps", None, "has no feasible design in the design space")
    e = table["energy_pj_per_bit"][feasible]
    key = np.round((e - e.min()) / _TIE_PJ)
    pick = np.lexsort((table["energy_at_required_laser_pj_per_bit"][feasible], key))[0]
    return int(feasible[pick])


def with_design(base: EngineSpec, **changes: Any) -> EngineSpec:
    """``base`` with design variables changed; their citations fall back to the parameters' own
    sources (a preset's citation for the value it set no longer applies)."""
    cited = {k: v for k, v in base.cited.items() if k not in changes}
    return base.replace(cited=cited, **changes)


def spec_of_candidate(base: EngineSpec, table: dict[str, np.ndarray], index: int) -> EngineSpec:
    """The scalar spec of candidate ``index`` of a candidate table (laser class fixed)."""
    return with_design(
        base,
        wavelengths_per_fiber=int(table["wavelengths_per_fiber"][index]),
        channel_spacing_hz=float(table["channel_spacing_hz"][index]),
        lane_rate_bps=float(table["lane_rate_bps"][index]),
        modulation="nrz" if table["nrz"][index] > 0 else "pam4",
        fibers_per_engine=int(table["fibers_per_engine"][index]),
        modulator_loaded_q=float(table["modulator_loaded_q"][index]),
        demux_loaded_q=float(table["demux_loaded_q"][index]),
        laser_class=_CLASSES[int(table["laser_class_index"][index])],
    )


@dataclass(frozen=True)
class OptimizationResult:
    """Outcome of :func:`optimize`.

    Attributes:
        best: the optimum's full design (scalar path). best_index: its row in ``table``.
        table: every candidate (see :data:`COLUMNS`). pareto: boolean mask of the front
        among feasible candidates. sensitivity: ranked ``(parameter, elasticity)`` pairs.
        notes: layouts left out and why. target_capacity_bps: bit/s per direction.
    """

    best: EngineDesign
    best_index: int
    table: dict[str, np.ndarray] = field(repr=False)
    pareto: np.ndarray = field(repr=False)
    sensitivity: list[tuple[str, float]]
    notes: list[str]
    target_capacity_bps: float

    @property
    def laser_classes(self) -> tuple[str, ...]:
        """Class names indexed by ``table['laser_class_index']``."""
        return _CLASSES

    def front_points(self) -> list[int]:
        """Rows of the distinct Pareto-front points (one per energy and density, lowest laser
        need first), by rising energy."""
        t = self.table
        rows = np.flatnonzero(self.pareto)
        rows = rows[np.lexsort((t["energy_at_required_laser_pj_per_bit"][rows], -t["shoreline_gbps_per_mm"][rows],
                                np.round(t["energy_pj_per_bit"][rows] / _TIE_PJ)))]
        seen: set[tuple[float, float]] = set()
        out: list[int] = []
        for i in rows:
            key = (round(float(t["energy_pj_per_bit"][i]) / _TIE_PJ), float(t["shoreline_gbps_per_mm"][i]))
            if key not in seen:
                seen.add(key)
                out.append(int(i))
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary: the optimum's report, the front, the ranking, counts."""
        t = self.table
        return {
            "target_capacity_tbps": self.target_capacity_bps / 1e12,
            "candidates": int(t["feasible"].size),
            "feasible": int(np.count_nonzero(t["feasible"] > 0)),
            "optimum": self.best.to_dict(),
            "pareto_front": [
                {"energy_pj_per_bit": float(t["energy_pj_per_bit"][i]),
                 "shoreline_gbps_per_mm": float(t["shoreline_gbps_per_mm"][i]),
                 "wavelengths_per_fiber": int(t["wavelengths_per_fiber"][i]),
                 "channel_spacing_ghz": float(t["channel_spacing_hz"][i]) / 1e9,
                 "lane_rate_gbps": float(t["lane_rate_bps"][i]) / 1e9,
                 "modulation": "nrz" if t["nrz"][i] > 0 else "pam4",
                 "modulator_loaded_q": float(t["modulator_loaded_q"][i]),
                 "demux_loaded_q": float(t["demux_loaded_q"][i]),
                 "laser_class": _CLASSES[int(t["laser_class_index"][i])]}
                for i in self.front_points()
            ],
            "sensitivity": [{"parameter": p, "elasticity": e} for p, e in self.sensitivity],
            "notes": list(self.notes),
        }


def optimize(base: EngineSpec, *, target_capacity_bps: float | None = None, space: DesignSpace | None = None,
             sensitivity_fields: Sequence[str] = SENSITIVITY_FIELDS) -> OptimizationResult:
    """The lowest-energy engine for a target bandwidth (default: the base spec's capacity).

    Args:
        base: the spec every candidate starts from (technology, thermal, laser, link settings).
        target_capacity_bps: engine bandwidth per direction, bit/s.
        space: candidate values (default :class:`DesignSpace`).
        sensitivity_fields: spec parameters to rank (empty: no ranking).
    """
    target = base.capacity_bps if target_capacity_bps is None else float(target_capacity_bps)
    table, notes = evaluate_candidates(base, target_capacity_bps=target, space=space)
    index = _best_index(table)
    best = design_engine(spec_of_candidate(base, table, index))
    feasible = table["feasible"] > 0
    front = np.zeros(feasible.size, dtype=bool)
    front[feasible] = pareto_mask(table["energy_pj_per_bit"][feasible], table["shoreline_gbps_per_mm"][feasible])
    ranking = sensitivity_ranking(best.spec, sensitivity_fields) if sensitivity_fields else []
    return OptimizationResult(best=best, best_index=index, table=table, pareto=front, sensitivity=ranking,
                              notes=notes, target_capacity_bps=target)


def sensitivity_ranking(spec: EngineSpec, fields: Sequence[str] = SENSITIVITY_FIELDS,
                        step: float = 0.1) -> list[tuple[str, float]]:
    """Elasticities of the energy per bit (laser at the required power) to spec parameters,
    largest magnitude first. Central differences of ``+/- step`` (relative); one-sided where
    one side is not a valid design; parameters at 0 or invalid both ways are left out.
    """
    step = float(check_number("step", step, lo=1e-4, hi=0.5))
    auto = spec.replace(laser_class="auto")
    e0 = _energy_at_required(auto)
    info = EngineSpec.parameter_info()
    ranking: list[tuple[str, float]] = []
    for name in fields:
        if name not in info:
            raise ConfigError("sensitivity field", name, f"is not an EngineSpec parameter; expected some of {SENSITIVITY_FIELDS}")
        p0 = float(getattr(spec, name))
        if p0 == 0.0:
            continue
        points = []
        for sign in (-1.0, 1.0):
            p = p0 * (1.0 + sign * step)
            try:
                points.append((p, _energy_at_required(auto.replace(**{name: p}))))
            except CposimError:
                continue
        if len(points) == 1:
            points.append((p0, e0))
        if len(points) < 2:
            continue
        (pa, ea), (pb, eb) = points
        ranking.append((name, float(((eb - ea) / e0) / ((pb - pa) / p0))))
    ranking.sort(key=lambda item: -abs(item[1]))
    return ranking


def _energy_at_required(spec: EngineSpec) -> float:
    return float(design_engine(spec).report["energy_at_required_laser_pj_per_bit"])
