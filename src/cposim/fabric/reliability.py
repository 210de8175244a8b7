"""Failures, flaps and job interruptions of a fabric, checkpointing and effective training time.

Series system with exponential failures (cposim notes, fabric.md)::

    interruptions per hour = sum_c n_c x FIT_c x 1e-9 x P(kill | failure of c)
                           + flaps per hour x P(kill | flap)

over component classes ``c`` (lasers, pluggable modules, optical engines, external laser
modules, switch ASICs, copper cables, fiber links, NICs, and GPUs/hosts for everything outside
the network). The kill probability depends on where the failure lands and on redundancy: a
single-homed host-side failure (NIC, host link, leaf) crashes the job (1.0), a switch-to-switch
failure is rerouted part of the time (0.5), dual-homed / multi-plane NICs with separate cables
turn a host-side failure into a bandwidth loss most of the time (0.1, CPS-FAB-07/22). A
host-side part serving m host ports at once (twin-port module, optical engine, shared laser,
external laser module) kills with ``1 - (1 - p)^m``; a fabric-side failure is rerouted (or not)
as a unit. Links lost per failure count every port the part serves (a switch: its radix).
MTTI = 1 / interruption rate.

Checkpointing (checkpoint write time delta, restart time R, period T between checkpoint
starts)::

    Young/Daly:            T* = sqrt(2 delta MTTI)                             (CPS-FAB-23)
    availability-optimal:  T* = delta + sqrt(2 (MTTI + R) delta + delta^2)     (CPS-FAB-24)
    ETTR(T) = (1 - delta/T) / (1 + (R + T/2) / MTTI)

the second being the exact maximiser of the ETTR expression. Goodput = ETTR x (1 - exposed
communication fraction) (:mod:`cposim.fabric.step_time`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from cposim.devices.base import Model, param
from cposim.errors import ConfigError
from cposim.fabric.inventory import Inventory
from cposim.fabric.topology import BOUNDARY_NAMES, TIER_NAMES
from cposim.validation import check_number

HOURS_PER_DAY = 24.0
FIT_PER_HOUR = 1e-9

#: Architecture -> module family for the module failure rate.
_DSP_FAMILY = ("dsp-dr", "dsp-fr", "lro")


@dataclass(frozen=True, kw_only=True)
class ReliabilityParams(Model):
    """Failure rates, kill probabilities and checkpoint timing.

    Parameters (FIT = failures per 1e9 device-hours):
        laser_fit: one laser (100, CPS-FAB-11).
        dsp_module_fit: DSP / retimed pluggable module without lasers (500, CPS-FAB-12).
        linear_module_fit: linear pluggable module without lasers (200, CPS-FAB-13).
        engine_fit: co-/near-packaged optical engine without lasers (300, CPS-FAB-14).
        els_module_fit: external laser source module without its lasers (200, CPS-FAB-15).
        switch_fit: switch ASIC with its board, power and cooling (5000, CPS-FAB-16).
        copper_cable_fit: copper cable assembly (20, CPS-FAB-17).
        fiber_link_fit: passive fiber and connectors of one optical link (10, CPS-FAB-18).
        nic_fit: one NIC port (330, CPS-FAB-10).
        gpu_fit: interruptions per GPU from everything outside the network (17,400, CPS-FAB-09).
        optical_flaps_per_link_day: flaps of one optical link per day (1e-4, CPS-FAB-19).
        copper_flap_ratio: copper flap rate over optical (0.01, REL-08: optics fail >100x more).
        kill_flap: P(interrupt | flap) (0.03, CPS-FAB-20).
        kill_host: P(interrupt | host-side failure), single-homed (1.0, CPS-FAB-21).
        kill_fabric: P(interrupt | switch-to-switch failure) (0.5, CPS-FAB-21).
        kill_redundant: P(interrupt | host-side failure) with separate planes (0.1, CPS-FAB-22).
        checkpoint_s: checkpoint write time, s (60, CPS-FAB-25).
        restart_s: restart time after an interruption, s (600, CPS-FAB-25).
    """

    laser_fit: float = param(100.0, unit="FIT", sources=("CPS-FAB-11",), lo=0.0, hi=1e8)
    dsp_module_fit: float = param(500.0, unit="FIT", sources=("CPS-FAB-12",), lo=0.0, hi=1e8)
    linear_module_fit: float = param(200.0, unit="FIT", sources=("CPS-FAB-13",), lo=0.0, hi=1e8)
    engine_fit: float = param(300.0, unit="FIT", sources=("CPS-FAB-14",), lo=0.0, hi=1e8)
    els_module_fit: float = param(200.0, unit="FIT", sources=("CPS-FAB-15",), lo=0.0, hi=1e8)
    switch_fit: float = param(5000.0, unit="FIT", sources=("CPS-FAB-16",), lo=0.0, hi=1e8)
    copper_cable_fit: float = param(20.0, unit="FIT", sources=("CPS-FAB-17",), lo=0.0, hi=1e8)
    fiber_link_fit: float = param(10.0, unit="FIT", sources=("CPS-FAB-18",), lo=0.0, hi=1e8)
    nic_fit: float = param(330.0, unit="FIT", sources=("CPS-FAB-10",), lo=0.0, hi=1e8)
    gpu_fit: float = param(17400.0, unit="FIT", sources=("CPS-FAB-09",), lo=0.0, hi=1e9)
    optical_flaps_per_link_day: float = param(1e-4, unit="1/day", sources=("CPS-FAB-19",), lo=0.0, hi=100.0)
    copper_flap_ratio: float = param(0.01, unit="1", sources=("REL-08",), lo=0.0, hi=1.0)
    kill_flap: float = param(0.03, unit="1", sources=("CPS-FAB-20",), lo=0.0, hi=1.0)
    kill_host: float = param(1.0, unit="1", sources=("CPS-FAB-21",), lo=0.0, hi=1.0)
    kill_fabric: float = param(0.5, unit="1", sources=("CPS-FAB-21",), lo=0.0, hi=1.0)
    kill_redundant: float = param(0.1, unit="1", sources=("CPS-FAB-22",), lo=0.0, hi=1.0)
    checkpoint_s: float = param(60.0, unit="s", sources=("CPS-FAB-25",), lo=0.0, lo_open=True, hi=1e6)
    restart_s: float = param(600.0, unit="s", sources=("CPS-FAB-25",), lo=0.0, hi=1e7)


@dataclass(frozen=True)
class ComponentClass:
    """One class of failing parts.

    Attributes:
        name: e.g. ``module lasers (node-leaf)``; count: parts (array); fit: FIT per part;
        kill: P(interrupt | failure); links_per_failure: links lost when one part fails.
    """

    name: str
    count: Any
    fit: float
    kill: float
    links_per_failure: float

    @property
    def failures_per_day(self) -> np.ndarray:
        """Failures per day of the whole class."""
        return np.asarray(self.count, dtype=float) * self.fit * FIT_PER_HOUR * HOURS_PER_DAY

    @property
    def interruptions_per_day(self) -> np.ndarray:
        """Job interruptions per day caused by this class."""
        return self.failures_per_day * self.kill


def kill_for(p: float, ports: float) -> float:
    """P(interrupt) when one part serving ``ports`` ports fails and each lost port interrupts with ``p``."""
    return float(1.0 - (1.0 - p) ** max(float(ports), 1.0))


def interruption_rate_per_day(counts: Any, fit: Any, kill: Any) -> np.ndarray:
    """Sum over classes of counts x FIT x 1e-9 x 24 x kill probability, per day (broadcasts; the
    last axis runs over classes)."""
    c = np.asarray(counts, dtype=float)
    f = np.asarray(fit, dtype=float)
    k = np.asarray(kill, dtype=float)
    if np.any(c < 0) or np.any(f < 0) or np.any((k < 0) | (k > 1)):
        raise ConfigError("reliability", "counts/fit/kill", "must be >= 0 (kill probabilities within 0..1)")
    return np.sum(c * f * k, axis=-1) * FIT_PER_HOUR * HOURS_PER_DAY


def component_classes(inv: Inventory, params: ReliabilityParams | None = None,
                      *, include_gpus: bool = True) -> list[ComponentClass]:
    """The failing parts of one option's fabric with their FIT and kill probability."""
    p = params or ReliabilityParams()
    sizing = inv.sizing
    spec = sizing.spec
    redundant = int(spec.planes) >= 2 and spec.plane_cabling == "separate"
    p_host = float(p.kill_redundant if redundant else p.kill_host)
    p_fab = float(p.kill_fabric)
    opt = inv.option

    def kill(boundary: int, ports: float) -> float:
        return kill_for(p_host, ports) if boundary == 0 else p_fab

    out: list[ComponentClass] = []
    for e in inv.ends:
        fig = e.figures
        where = f"{e.side} {_boundary(e.boundary)}"
        if fig.medium == "copper":
            if e.side == "upper":
                out.append(ComponentClass(f"copper cables ({_boundary(e.boundary)})", e.ports,
                                          float(p.copper_cable_fit), kill(e.boundary, 1.0), 1.0))
            continue
        if e.side == "upper":
            out.append(ComponentClass(f"fiber links ({_boundary(e.boundary)})", e.ports, float(p.fiber_link_fit),
                                      kill(e.boundary, 1.0), 1.0))
        ports_per_laser = 1.0 / fig.lasers_per_port if 0 < fig.lasers_per_port < 1 else 1.0
        if fig.lasers_per_port > 0:
            out.append(ComponentClass(f"lasers ({where}, {fig.architecture})", e.ports * fig.lasers_per_port,
                                      float(p.laser_fit), kill(e.boundary, ports_per_laser), ports_per_laser))
        if not fig.engine:
            fit = opt.module_fit if opt.module_fit is not None else (
                p.dsp_module_fit if fig.architecture in _DSP_FAMILY else p.linear_module_fit)
            out.append(ComponentClass(f"modules ({where}, {fig.architecture})", e.modules, float(fit),
                                      kill(e.boundary, e.ports_per_module), float(e.ports_per_module)))
        if fig.laser_fibers_per_els:
            ports_per_els = fig.laser_fibers_per_els / fig.laser_fibers_per_port
            els = np.ceil(e.ports * fig.laser_fibers_per_port / fig.laser_fibers_per_els - 1e-9)
            out.append(ComponentClass(f"external laser modules ({where})", els, float(p.els_module_fit),
                                      kill(e.boundary, ports_per_els), ports_per_els))
    down_share = sizing.down_ports[0] / int(spec.radix)
    engine_fit = float(opt.engine_fit if opt.engine_fit is not None else p.engine_fit)
    single_switch = bool(np.all(sizing.tiers == 1))
    for t in range(int(np.max(sizing.tiers))):
        p_switch = p_host if t == 0 else p_fab
        out.append(ComponentClass(f"switches ({TIER_NAMES[t]})", sizing.asics[t], float(p.switch_fit), p_switch,
                                  float(spec.radix)))
        if np.any(inv.engines_by_tier[t]):
            m = _ports_per_engine(inv, switch=True)
            if t == 0:
                share = 1.0 if single_switch else down_share
                p_eng = share * kill_for(p_host, m) + (1.0 - share) * p_fab
            else:
                p_eng = p_fab
            out.append(ComponentClass(f"optical engines ({TIER_NAMES[t]})", inv.engines_by_tier[t], engine_fit,
                                      p_eng, m))
    if np.any(inv.nic_engines):
        m = _ports_per_engine(inv, switch=False)
        out.append(ComponentClass("optical engines (NIC)", inv.nic_engines, engine_fit, kill_for(p_host, m), m))
    out.append(ComponentClass("NIC ports", sizing.links[0], float(p.nic_fit), p_host, 1.0))
    if include_gpus:
        out.append(ComponentClass("GPUs and hosts (non-network)", sizing.gpus, float(p.gpu_fit), 1.0, 0.0))
    return out


def _ports_per_engine(inv: Inventory, *, switch: bool) -> float:
    fig = next((e.figures for e in inv.ends if e.figures.engine and ((e.side != "nic") == switch)), None)
    if fig is None:
        return 1.0
    return max(fig.engine_lanes / fig.lanes, 1.0)


def _boundary(b: int) -> str:
    return BOUNDARY_NAMES[b]


def flaps_per_day(inv: Inventory, params: ReliabilityParams | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(flaps per day, interruptions per day from flaps) of one option's fabric."""
    p = params or ReliabilityParams()
    spec = inv.sizing.spec
    redundant = int(spec.planes) >= 2 and spec.plane_cabling == "separate"
    rate_opt = float(p.optical_flaps_per_link_day)
    rate_cu = rate_opt * float(p.copper_flap_ratio)
    flaps = np.zeros(inv.sizing.shape)
    kills = np.zeros(inv.sizing.shape)
    for b in range(inv.links_by_medium["copper"].shape[0]):
        f = (inv.links_by_medium["optical"][b] + inv.links_by_medium["long"][b]) * rate_opt
        f = f + inv.links_by_medium["copper"][b] * rate_cu
        scale = float(p.kill_redundant / p.kill_host) if (b == 0 and redundant and p.kill_host > 0) else 1.0
        flaps = flaps + f
        kills = kills + f * float(p.kill_flap) * scale
    return flaps, kills


@dataclass(frozen=True)
class ReliabilityResult:
    """Failures and interruptions of one option (arrays over GPU counts).

    Attributes:
        classes: the :class:`ComponentClass` list.
        failures_per_day: hard failures of network parts per day.
        link_failures_per_day: links lost per day (a part serving m links counts m).
        flaps_per_day: link flaps per day.
        network_interruptions_per_day: job interruptions per day caused by the network.
        interruptions_per_day: all job interruptions per day (network + GPUs/hosts).
        mtti_s: mean time to interruption, s.
        checkpoint_period_s: availability-optimal checkpoint period, s.
        young_daly_s: Young/Daly interval, s.
        ettr: effective training time ratio at ``checkpoint_period_s``.
        params: the :class:`ReliabilityParams`.
    """

    classes: tuple[ComponentClass, ...]
    failures_per_day: np.ndarray
    link_failures_per_day: np.ndarray
    flaps_per_day: np.ndarray
    network_interruptions_per_day: np.ndarray
    interruptions_per_day: np.ndarray
    mtti_s: np.ndarray
    checkpoint_period_s: np.ndarray
    young_daly_s: np.ndarray
    ettr: np.ndarray
    params: ReliabilityParams

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready numbers and the per-class breakdown."""
        return {
            "failures_per_day": _out(self.failures_per_day),
            "link_failures_per_day": _out(self.link_failures_per_day),
            "flaps_per_day": _out(self.flaps_per_day),
            "network_interruptions_per_day": _out(self.network_interruptions_per_day),
            "interruptions_per_day": _out(self.interruptions_per_day),
            "mtti_h": _out(self.mtti_s / 3600.0),
            "checkpoint_period_s": _out(self.checkpoint_period_s),
            "young_daly_interval_s": _out(self.young_daly_s),
            "ettr": _out(self.ettr),
            "classes": [{"component": c.name, "count": _out(c.count), "fit": c.fit, "kill_probability": c.kill,
                         "failures_per_day": _out(c.failures_per_day),
                         "interruptions_per_day": _out(c.interruptions_per_day)} for c in self.classes],
        }


def _out(x: Any) -> Any:
    arr = np.asarray(x, dtype=float)
    return float(arr) if arr.ndim == 0 else arr.tolist()


def reliability(inv: Inventory, params: ReliabilityParams | None = None, *, include_gpus: bool = True) -> ReliabilityResult:
    """Failures, interruptions, MTTI, checkpoint period and ETTR of one option's fabric."""
    p = params or ReliabilityParams()
    classes = component_classes(inv, p, include_gpus=include_gpus)
    shape = inv.sizing.shape
    zero = np.zeros(shape)
    network = [c for c in classes if c.links_per_failure > 0]
    failures = sum((c.failures_per_day for c in network), zero)
    link_failures = sum((c.failures_per_day * c.links_per_failure for c in network), zero)
    flaps, flap_kills = flaps_per_day(inv, p)
    net_int = sum((c.interruptions_per_day for c in network), zero) + flap_kills
    total = sum((c.interruptions_per_day for c in classes), zero) + flap_kills
    if np.any(total <= 0):
        raise ConfigError("reliability", 0.0, "gives no interruptions at all; MTTI would be infinite "
                          "(set at least one failure rate and kill probability above zero)")
    mtti = 86400.0 / total
    delta, restart = float(p.checkpoint_s), float(p.restart_s)
    period = availability_optimal_period_s(checkpoint_s=delta, mtti_s=mtti, restart_s=restart)
    return ReliabilityResult(
        classes=tuple(classes), failures_per_day=failures, link_failures_per_day=link_failures, flaps_per_day=flaps,
        network_interruptions_per_day=net_int, interruptions_per_day=total, mtti_s=mtti,
        checkpoint_period_s=period, young_daly_s=young_daly_interval_s(checkpoint_s=delta, mtti_s=mtti),
        ettr=ettr(period_s=period, checkpoint_s=delta, mtti_s=mtti, restart_s=restart), params=p)


# ---- checkpointing ---------------------------------------------------------------
def _pos(name: str, x: Any, *, allow_zero: bool = False) -> np.ndarray:
    return np.asarray(check_number(name, x, unit="s", lo=0.0, lo_open=not allow_zero), dtype=float)


def young_daly_interval_s(*, checkpoint_s: Any, mtti_s: Any) -> np.ndarray:
    """Young/Daly checkpoint interval ``sqrt(2 delta MTTI)``, s (CPS-FAB-23)."""
    return np.sqrt(2.0 * _pos("checkpoint_s", checkpoint_s) * _pos("mtti_s", mtti_s))


def availability_optimal_period_s(*, checkpoint_s: Any, mtti_s: Any, restart_s: Any = 0.0) -> np.ndarray:
    """Checkpoint period maximising :func:`ettr`: ``delta + sqrt(2 (MTTI + R) delta + delta^2)``, s (CPS-FAB-24)."""
    d = _pos("checkpoint_s", checkpoint_s)
    m = _pos("mtti_s", mtti_s)
    r = _pos("restart_s", restart_s, allow_zero=True)
    return d + np.sqrt(2.0 * (m + r) * d + d**2)


def ettr(*, period_s: Any, checkpoint_s: Any, mtti_s: Any, restart_s: Any = 0.0) -> np.ndarray:
    """Effective training time ratio ``(1 - delta/T) / (1 + (R + T/2)/MTTI)`` (cposim notes).

    Raises:
        ConfigError: a period not longer than the checkpoint write time.
    """
    t = _pos("period_s", period_s)
    d = _pos("checkpoint_s", checkpoint_s)
    m = _pos("mtti_s", mtti_s)
    r = _pos("restart_s", restart_s, allow_zero=True)
    if np.any(t <= d):
        raise ConfigError("period_s", float(np.min(t)), "is not longer than the checkpoint write time; expected > "
                          f"{float(np.max(d)):g} s", unit="s")
    return (1.0 - d / t) / (1.0 + (r + t / 2.0) / m)


def waste_fraction(*, period_s: Any, checkpoint_s: Any, mtti_s: Any) -> np.ndarray:
    """First-order wasted-time fraction ``delta/T + T/(2 MTTI)`` (checkpoint cost plus expected rework);
    its minimum over T is the Young/Daly interval."""
    t = _pos("period_s", period_s)
    return _pos("checkpoint_s", checkpoint_s) / t + t / (2.0 * _pos("mtti_s", mtti_s))


def exact_overhead_fraction(*, compute_interval_s: Any, checkpoint_s: Any, mtti_s: Any, restart_s: Any = 0.0) -> np.ndarray:
    """Expected wall time per unit of work minus one, exponential failures (Daly 2006, CPS-FAB-23):
    ``M e^(R/M) (e^((tau + delta)/M) - 1) / tau - 1`` for compute interval tau between checkpoints."""
    tau = _pos("compute_interval_s", compute_interval_s)
    d = _pos("checkpoint_s", checkpoint_s)
    m = _pos("mtti_s", mtti_s)
    r = _pos("restart_s", restart_s, allow_zero=True)
    return m * np.exp(r / m) * np.expm1((tau + d) / m) / tau - 1.0
