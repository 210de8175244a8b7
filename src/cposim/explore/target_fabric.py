"""The ``fabric`` sweep target: an AI cluster's scale-out fabric per interconnect option,
through :func:`cposim.fabric.cluster.cluster`.

Paths:

* ``fabric.gpus`` (GPU count; vectorised: one model call for every GPU count of a group);
* ``fabric.option`` (a name of :data:`cposim.fabric.options.OPTIONS`; default ``cpo``);
* ``fabric.<setting>`` of :class:`~cposim.fabric.topology.FabricSpec`: ``radix``, ``port_rate``,
  ``gpus_per_node``, ``ports_per_gpu``, ``planes``, ``tiers``, ``design``, ``rounding``,
  ``plane_cabling``;
* ``fabric.cost.<setting>`` (:class:`~cposim.fabric.power_cost.CostParams`),
  ``fabric.reliability.<setting>`` (:class:`~cposim.fabric.reliability.ReliabilityParams`),
  ``fabric.floorplan.<setting>`` (:class:`~cposim.fabric.floorplan.FloorPlan`),
  ``fabric.workload.<setting>`` (:class:`~cposim.fabric.step_time.Workload`; sweeping one, or
  ``target: {kind: fabric, workload: true}``, adds the training step to goodput),
  ``fabric.scale_up.<setting>`` (:class:`~cposim.fabric.scale_up.ScaleUpSpec`).

Every path but ``fabric.gpus`` is a single number to the model, so each distinct combination in
a batch is one model call: sweep those with a few ``values`` or ``steps``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from cposim.errors import ConfigError
from cposim.explore.space import ParameterInfo
from cposim.explore.targets import Target, groups, info_from_field, reject_unknown_keys, unknown_path
from cposim.fabric.floorplan import FloorPlan
from cposim.fabric.options import OPTIONS
from cposim.fabric.power_cost import CostParams
from cposim.fabric.reliability import ReliabilityParams
from cposim.fabric.scale_up import ScaleUpSpec
from cposim.fabric.step_time import Workload
from cposim.fabric.topology import DESIGNS, MAX_TIERS, PLANE_CABLING, ROUNDING, FabricSpec
from cposim.scenario.overrides import field_names

PREFIX = "fabric."
DEFAULT_OPTION = "cpo"
#: Sub-models a path may reach into: path segment -> class.
SUB_MODELS = {"cost": CostParams, "reliability": ReliabilityParams, "floorplan": FloorPlan, "workload": Workload,
              "scale_up": ScaleUpSpec}
_CATEGORIES = {"design": DESIGNS, "rounding": ROUNDING, "plane_cabling": PLANE_CABLING}

#: Outputs (keys of :meth:`cposim.fabric.cluster.OptionResult.summary`) -> unit.
FABRIC_OUTPUTS = {
    "power_mw": "MW", "power_w_per_gpu": "W", "network_power_mw": "MW", "facility_power_mw": "MW",
    "capex_usd": "$", "tco_usd": "$", "switches": "1", "links": "1", "copper_cables": "1", "modules": "1",
    "optical_engines": "1", "lasers": "1", "external_laser_modules": "1", "fibers": "1",
    "link_failures_per_day": "1/day", "flaps_per_day": "1/day", "network_interruptions_per_day": "1/day",
    "interruptions_per_day": "1/day", "mtti_h": "h", "checkpoint_period_s": "s", "ettr": "1", "goodput": "1",
}


@dataclass(frozen=True)
class FabricTarget(Target):
    """Cluster roll-up of one interconnect option per point; ``workload`` adds the training step."""

    workload: bool = False

    kind = "fabric"

    @property
    def default_outputs(self) -> tuple[str, ...]:
        return ("power_mw", "facility_power_mw", "interruptions_per_day", "goodput")

    def output_units(self) -> dict[str, str]:
        return dict(FABRIC_OUTPUTS)

    def parameter(self, path: str) -> ParameterInfo:
        if not isinstance(path, str) or not path.startswith(PREFIX) or path == PREFIX:
            raise ConfigError(f"parameters.{path}", path, "is not a fabric path; expected fabric.<setting> such as "
                              "fabric.gpus")
        rest = path[len(PREFIX):]
        if rest == "option":
            return ParameterInfo(path=path, key="option", unit="", kind="category", choices=tuple(OPTIONS),
                                 default=DEFAULT_OPTION)
        head, _, name = rest.partition(".")
        if head in SUB_MODELS and name:
            model = SUB_MODELS[head]()
            allowed = {k: v for k, v in field_names(model).items() if "unit" in _meta(model, v)}
            if name not in allowed:
                raise unknown_path(path, name, list(allowed), SUB_MODELS[head].__name__)
            return info_from_field(path, f"{head}.{allowed[name]}", model, allowed[name])
        spec = FabricSpec()
        allowed = {k: v for k, v in field_names(spec).items()
                   if "unit" in _meta(spec, v) or v in _CATEGORIES or v == "tiers"}
        if rest not in allowed:
            names = list(allowed) + ["option"] + [f"{k}.NAME" for k in SUB_MODELS]
            raise unknown_path(path, rest, names, "the fabric")
        name = allowed[rest]
        if name in _CATEGORIES:
            return ParameterInfo(path=path, key=name, unit="", kind="category", choices=_CATEGORIES[name],
                                 default=getattr(spec, name))
        if name == "tiers":
            return ParameterInfo(path=path, key="tiers", unit="1", lo=1, hi=MAX_TIERS, integer=True)
        return info_from_field(path, name, spec, name)

    def evaluate(self, columns: Mapping[str, np.ndarray], outputs: Sequence[str]) -> dict[str, np.ndarray]:
        from cposim.fabric.cluster import cluster

        n = next(iter(columns.values())).shape[0]
        infos = {path: self.parameter(path) for path in columns}
        keyed = {infos[p].key: columns[p] for p in columns}
        integer = {infos[p].key for p in columns if infos[p].integer}
        keyed.setdefault("option", np.full(n, DEFAULT_OPTION))
        gpus = np.asarray(keyed.pop("gpus"), dtype=float) if "gpus" in keyed else np.full(n, FabricSpec().gpus)
        result = {name: np.empty(n) for name in outputs}
        for fixed, idx in groups(keyed, sorted(keyed)):
            fixed = {k: (int(v) if k in integer else v) for k, v in fixed.items()}
            option = fixed.pop("option")
            spec_changes = {k: v for k, v in fixed.items() if "." not in k}
            sub = {head: {k.split(".", 1)[1]: v for k, v in fixed.items() if k.startswith(head + ".")}
                   for head in SUB_MODELS}
            workload = Workload(**sub["workload"]) if (self.workload or sub["workload"]) else None
            r = cluster(
                dataclasses.replace(FabricSpec(), gpus=gpus[idx].astype(np.int64), **spec_changes),
                options=(str(option),), floorplan=FloorPlan(**sub["floorplan"]),
                reliability_params=ReliabilityParams(**sub["reliability"]), cost=CostParams(**sub["cost"]),
                workload=workload, scale_up=ScaleUpSpec(**sub["scale_up"]),
            )
            summary = r.options[str(option)].summary()
            for name in outputs:
                result[name][idx] = np.broadcast_to(np.asarray(summary[name], dtype=float), (idx.size,))
        return result

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "workload": self.workload}

    def source_ids(self) -> list[str]:
        ids = FabricSpec().source_ids()
        for cls in SUB_MODELS.values():
            ids.extend(cls().source_ids())
        return list(dict.fromkeys(ids))


def _meta(model: Any, name: str) -> Mapping[str, Any]:
    return {f.name: f for f in dataclasses.fields(model)}[name].metadata


def fabric_target(spec: Mapping[str, Any]) -> FabricTarget:
    """``{kind: fabric}`` or ``{kind: fabric, workload: true}``."""
    reject_unknown_keys("target", spec, ("workload",))
    workload = spec.get("workload", False)
    if not isinstance(workload, bool):
        raise ConfigError("target.workload", workload, "is not true or false")
    return FabricTarget(workload=workload)
