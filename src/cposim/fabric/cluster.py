"""The one-call roll-up: a cluster of N GPUs, its fabric, and each interconnect option's inventory,
power, cost, reliability and goodput.

Example::

    from cposim.fabric.cluster import cluster
    from cposim.fabric.topology import FabricSpec

    r = cluster(FabricSpec(gpus=400_000, radix=128, port_rate_bps=800e9), options=("dsp", "cpo"))
    r.options["cpo"].power.optics_w / 1e6      # MW of optics
    r.as_dict()                                  # JSON-ready

Closed form throughout: one ``evaluate_port`` per (option, architecture), cached; arrays of GPU
counts broadcast; memory does not grow with the GPU count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np

from cposim.fabric.aux_fabric import AuxFabric, AuxResult, size_aux
from cposim.fabric.floorplan import FloorPlan, TierLengths, tier_lengths
from cposim.fabric.inventory import Inventory, build_inventory
from cposim.fabric.options import DEFAULT_OPTIONS, InterconnectOption, get_option
from cposim.fabric.power_cost import CostParams, PowerCost, power_cost
from cposim.fabric.reliability import ReliabilityParams, ReliabilityResult, reliability
from cposim.fabric.scale_up import ScaleUpSpec, scale_up_counts
from cposim.fabric.step_time import StepTime, Workload, step_time
from cposim.fabric.topology import FabricSpec, Sizing, size_fabric


@dataclass(frozen=True)
class OptionResult:
    """Everything about one interconnect option on the cluster.

    Attributes: option, inventory, power (:class:`PowerCost`), reliability, step (None without a
    workload), goodput (ETTR x (1 - exposed communication fraction); ETTR alone without a workload).
    """

    option: InterconnectOption
    inventory: Inventory
    power: PowerCost
    reliability: ReliabilityResult
    step: StepTime | None
    goodput: np.ndarray

    def summary(self) -> dict[str, Any]:
        """The headline numbers (JSON-ready): counts, power in MW, interruptions, goodput."""
        inv = self.inventory
        rel = self.reliability
        return {
            "option": self.option.name,
            "label": self.option.label,
            "switches": _out(inv.switches),
            "links": _out(inv.links),
            "copper_cables": _out(inv.copper_cables),
            "modules": _out(inv.modules),
            "modules_per_gpu": _out(inv.modules / np.maximum(inv.sizing.gpus, 1)),
            "optical_engines": _out(inv.optical_engines),
            "lasers": _out(inv.lasers),
            "external_laser_modules": _out(inv.external_laser_modules),
            "fibers": _out(inv.fibers),
            "power_mw": _out(self.power.optics_w / 1e6),
            "power_w_per_gpu": _out(self.power.optics_w_per_gpu),
            "network_power_mw": _out(self.power.network_w / 1e6),
            "facility_power_mw": _out(self.power.facility_w / 1e6),
            "capex_usd": _out(self.power.capex_usd["total"]),
            "tco_usd": _out(self.power.tco_usd),
            "link_failures_per_day": _out(rel.link_failures_per_day),
            "flaps_per_day": _out(rel.flaps_per_day),
            "network_interruptions_per_day": _out(rel.network_interruptions_per_day),
            "interruptions_per_day": _out(rel.interruptions_per_day),
            "mtti_h": _out(rel.mtti_s / 3600.0),
            "checkpoint_period_s": _out(rel.checkpoint_period_s),
            "ettr": _out(rel.ettr),
            "goodput": _out(self.goodput),
        }

    def as_dict(self) -> dict[str, Any]:
        """Summary plus the full inventory, power/cost, reliability and step breakdowns."""
        out = self.summary()
        out["inventory"] = self.inventory.as_dict()
        out["power_cost"] = self.power.as_dict()
        out["reliability"] = self.reliability.as_dict()
        out["step"] = None if self.step is None else self.step.as_dict()
        return out


@dataclass(frozen=True)
class ClusterResult:
    """The roll-up of :func:`cluster`.

    Attributes: sizing, lengths, scale_up (counts), options (name -> :class:`OptionResult`),
    aux (auxiliary fabrics), power_basis (what ``power_mw`` counts).
    """

    sizing: Sizing
    lengths: TierLengths
    scale_up: dict[str, Any]
    options: dict[str, OptionResult]
    aux: tuple[AuxResult, ...] = field(default_factory=tuple)
    power_basis: str = ("power_mw: optics of the compute fabric (modules, engines with their external-laser "
                        "share, active cable ends); network_power_mw adds host SerDes and switch ASIC cores; "
                        "facility_power_mw adds GPUs and PUE")

    def as_dict(self, *, detail: bool = False) -> dict[str, Any]:
        """JSON-ready result: fabric sizing, cable lengths, scale-up counts, one entry per option
        (summary, or everything with ``detail``), auxiliary fabrics."""
        tiers = int(np.max(self.sizing.tiers))
        return {
            "fabric": self.sizing.as_dict(),
            "cable_lengths": self.lengths.as_dict(tiers),
            "scale_up": {k: _out(v) for k, v in self.scale_up.items()},
            "power_basis": self.power_basis,
            "options": [o.as_dict() if detail else o.summary() for o in self.options.values()],
            "aux_fabrics": [a.as_dict() for a in self.aux],
        }


def _out(x: Any) -> Any:
    arr = np.asarray(x)
    if arr.ndim == 0:
        return arr.item()
    return arr.tolist()


def cluster(
    spec: FabricSpec,
    *,
    options: Iterable[str | InterconnectOption] = DEFAULT_OPTIONS,
    floorplan: FloorPlan | None = None,
    reliability_params: ReliabilityParams | None = None,
    cost: CostParams | None = None,
    workload: Workload | None = None,
    scale_up: ScaleUpSpec | None = None,
    aux_fabrics: Iterable[AuxFabric] = (),
    degraded_fraction: float = 1.0,
) -> ClusterResult:
    """Size the fabric of ``spec`` and evaluate every option on it.

    Args:
        spec: the compute fabric (GPU count may be an array).
        options: option names (:data:`cposim.fabric.options.OPTIONS`) or :class:`InterconnectOption` objects.
        floorplan, reliability_params, cost, workload, scale_up: model inputs (defaults cited in each).
        aux_fabrics: front-end / storage fabrics to count as well.
        degraded_fraction: rate fraction of one degraded link on the DP ring (1 = healthy).

    Raises:
        ConfigError / PhysicsError: bad input anywhere (each message names the field).
    """
    sizing = size_fabric(spec)
    lengths = tier_lengths(sizing, floorplan)
    su = scale_up or ScaleUpSpec()
    results: dict[str, OptionResult] = {}
    for o in options:
        opt = get_option(o)
        inv = build_inventory(sizing, opt, lengths=lengths)
        pc = power_cost(inv, cost)
        rel = reliability(inv, reliability_params)
        step = None
        goodput = rel.ettr
        if workload is not None:
            step = step_time(sizing, workload, scale_up=su, network_power_w=pc.network_w,
                             degraded_fraction=degraded_fraction)
            goodput = rel.ettr * (1.0 - step.comm_fraction)
        results[opt.name] = OptionResult(option=opt, inventory=inv, power=pc, reliability=rel, step=step,
                                         goodput=goodput)
    aux = tuple(size_aux(sizing.nodes, a, floorplan, gpus_per_node=int(spec.gpus_per_node)) for a in aux_fabrics)
    return ClusterResult(sizing=sizing, lengths=lengths, scale_up=scale_up_counts(sizing.gpus, su), options=results,
                         aux=aux)
