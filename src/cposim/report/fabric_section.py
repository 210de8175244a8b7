"""Section 5, fabric: the scenario's compute fabric rolled up per interconnect option
(:func:`cposim.fabric.cluster.cluster`): switches, links, modules, engines, lasers, fibers,
power, reliability (interruptions per day, MTTI, ETTR), the training step and goodput; and the
optics power of each option against the GPU count (one vectorised roll-up over GPU counts).

Citations per row: the fabric spec's sources (and formulas) for switch and link counts; the
option's inventory sources (per-port results, switch ASIC) for parts and power; plus the
reliability parameters for failures and goodput, and the workload for the step time.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cposim.fabric.cluster import ClusterResult, cluster
from cposim.fabric.options import DEFAULT_OPTIONS
from cposim.fabric.step_time import Workload
from cposim.fabric.topology import FabricSpec
from cposim.report.citations import merge
from cposim.report.model import FigureSpec, Paragraph, Row, Section, Table
from cposim.report.scenario import ReportScenario

#: GPU counts of the power-vs-size curve: from one scalable unit's worth below the scenario
#: to this multiple above it, points per curve (full / quick).
SWEEP_UP = 8
SWEEP_POINTS = {False: 40, True: 12}

#: (label, summary key, format, citation group) of the per-option table.
OPTION_ROWS = (
    ("switches", "switches", ",.0f", "spec"),
    ("links", "links", ",.0f", "spec"),
    ("pluggable modules", "modules", ",.0f", "inventory"),
    ("optical engines", "optical_engines", ",.0f", "inventory"),
    ("lasers", "lasers", ",.0f", "inventory"),
    ("external laser modules", "external_laser_modules", ",.0f", "inventory"),
    ("fibers", "fibers", ",.0f", "inventory"),
    ("optics power, MW", "power_mw", ".2f", "inventory"),
    ("optics power per GPU, W", "power_w_per_gpu", ".1f", "inventory"),
    ("network power (optics + SerDes + switch cores), MW", "network_power_mw", ".2f", "inventory"),
    ("link failures per day", "link_failures_per_day", ".2f", "reliability"),
    ("link flaps per day", "flaps_per_day", ".2f", "reliability"),
    ("job interruptions per day, network", "network_interruptions_per_day", ".2f", "reliability"),
    ("job interruptions per day, all causes", "interruptions_per_day", ".2f", "reliability"),
    ("mean time to interruption, h", "mtti_h", ".2f", "reliability"),
    ("checkpoint period, s", "checkpoint_period_s", ",.0f", "reliability"),
    ("effective training time ratio", "ettr", ".3f", "reliability"),
    ("goodput (ETTR x non-exposed communication)", "goodput", ".3f", "workload"),
)


def sweep_counts(gpus: int, gpus_per_node: int, points: int) -> np.ndarray:
    """Whole-node GPU counts, log-spaced from ``gpus / 64`` (at least one node) to
    ``SWEEP_UP x gpus``, always including ``gpus``."""
    lo = max(gpus_per_node, gpus // 64)
    raw = np.geomspace(lo, SWEEP_UP * gpus, points)
    nodes = np.maximum(np.round(raw / gpus_per_node).astype(np.int64), 1)
    return np.unique(np.concatenate([nodes * gpus_per_node, [gpus]]))


#: Options set side by side in the report summary (co-packaged, pluggable) and the rows shown.
VERSUS_OPTIONS = ("cpo", "dsp")
VERSUS_ROWS = (
    ("fabric optics power, MW", "power_mw", ".2f", "inventory"),
    ("fabric network power, MW", "network_power_mw", ".2f", "inventory"),
    ("lasers in the fabric", "lasers", ",.0f", "inventory"),
    ("job interruptions per day caused by the network", "network_interruptions_per_day", ".2f", "reliability"),
    ("goodput", "goodput", ".3f", "workload"),
)


def _versus(summaries: dict[str, Any], groups: dict[str, dict[str, tuple[str, ...]]]) -> tuple[Row, ...]:
    if not all(n in summaries for n in VERSUS_OPTIONS):
        return ()
    return tuple(Row(label, tuple(float(summaries[n][key]) for n in VERSUS_OPTIONS),
                     merge(*(groups[n][group] for n in VERSUS_OPTIONS)), fmt) for label, key, fmt, group in VERSUS_ROWS)


def _groups(result: ClusterResult, spec: FabricSpec, workload: Workload,
            scenario: ReportScenario) -> dict[str, dict[str, tuple[str, ...]]]:
    spec_ids = merge(scenario.SYSTEM_SOURCES["gpus"], spec.source_ids())
    out = {}
    for name, o in result.options.items():
        inv = merge(o.inventory.sources)
        rel = merge(inv, o.reliability.params.source_ids())
        out[name] = {"spec": spec_ids, "inventory": inv, "reliability": rel,
                     "workload": merge(rel, workload.source_ids())}
    return out


def fabric_section(scenario: ReportScenario, *, quick: bool = False) -> Section:
    """Section 5 for the scenario's GPU count, switch radix and port rate."""
    spec = FabricSpec(gpus=scenario.gpus, radix=scenario.radix, port_rate_bps=scenario.port_rate_bps)
    workload = Workload()
    result = cluster(spec, options=DEFAULT_OPTIONS, workload=workload)
    groups = _groups(result, spec, workload, scenario)
    names = list(result.options)
    summaries = {n: result.options[n].summary() for n in names}
    fab = result.sizing.as_dict()
    spec_ids = groups[names[0]]["spec"]

    sizing_rows = [Row("GPUs", (fab["gpus"],), spec_ids, ",d"), Row("tiers", (fab["tiers"],), spec_ids, "d")]
    sizing_rows += [Row(f"{tier} switches", (count,), spec_ids, ",d") for tier, count in fab["switches"].items()]
    sizing_rows += [Row(f"{b} links", (count,), spec_ids, ",d") for b, count in fab["links"].items()]
    sizing_rows.append(Row("largest non-blocking size at these tiers, GPUs", (fab["capacity_gpus"],), spec_ids, ",d"))
    sizing = Table(key="fabric-sizing", title="Fabric sizing", label_header="quantity", columns=("value",),
                   formats=(",d",), rows=tuple(sizing_rows),
                   caption=f"{fab['design']} folded Clos, {fab['rounding']} rounding, {fab['planes']} plane(s)")

    rows = []
    for label, key, fmt, group in OPTION_ROWS:
        values = tuple(float(summaries[n][key]) for n in names)
        rows.append(Row(label, values, merge(*(groups[n][group] for n in names)), fmt))
    rows.append(Row("training step time, s", tuple(float(result.options[n].step.step_s) for n in names),
                    merge(*(groups[n]["workload"] for n in names)), ".3f"))
    options = Table(key="fabric-options", title="Interconnect options on the fabric", label_header="quantity",
                    columns=tuple(summaries[n]["label"] for n in names), formats=(".3g",) * len(names),
                    rows=tuple(rows), wide=True,
                    caption="Optics power: modules, engines with their external-laser share and active cable ends. "
                            "Network power adds host SerDes and switch ASIC cores. Goodput and step time for a "
                            "Llama-3-405B-like training job (the workload's sources).")

    counts = sweep_counts(scenario.gpus, int(spec.gpus_per_node), SWEEP_POINTS[quick])
    sweep = cluster(spec.replace(gpus=counts), options=DEFAULT_OPTIONS)
    curve: dict[str, Any] = {"gpus": counts.tolist(), "marker_gpus": scenario.gpus,
                             "labels": [summaries[n]["label"] for n in names],
                             "mw": [np.atleast_1d(sweep.options[n].power.optics_w / 1e6).tolist() for n in names]}
    all_inv = merge(*(groups[n]["inventory"] for n in names))
    power_fig = FigureSpec(key="fabric-power", title="Optics power against cluster size", plot="fabric_power",
                           data=curve, caption="MW of optics per option (modules, engines with their laser share, "
                                               "active cable ends); steps where the fabric gains a tier.",
                           sources=merge(spec_ids, all_inv))
    items = ("switches", "modules", "optical_engines", "lasers", "external_laser_modules", "fibers")
    inventory_fig = FigureSpec(
        key="fabric-inventory", title="Inventory per option", plot="fabric_inventory",
        data={"items": [i.replace("_", " ") for i in items], "labels": [summaries[n]["label"] for n in names],
              "counts": [[float(summaries[n][i]) for i in items] for n in names]},
        caption="Parts to buy, install and keep running, per option (log scale).", sources=merge(spec_ids, all_inv))
    rel_fig = FigureSpec(
        key="fabric-reliability", title="Interruptions and goodput", plot="fabric_reliability",
        data={"labels": [summaries[n]["label"] for n in names],
              "network": [float(summaries[n]["network_interruptions_per_day"]) for n in names],
              "other": [float(summaries[n]["interruptions_per_day"] - summaries[n]["network_interruptions_per_day"])
                        for n in names],
              "goodput": [float(summaries[n]["goodput"]) for n in names]},
        caption="Job interruptions per day by cause, and goodput (right axis).",
        sources=merge(*(groups[n]["workload"] for n in names)))
    blocks = (power_fig, sizing, options, inventory_fig, rel_fig,
              Paragraph("Reliability counts every part's failure rate (FIT) times the chance it stops the job; "
                        "checkpointing at the availability-optimal period sets the effective training time ratio. "
                        "Many failure rates are planning estimates (CPS-FAB-*), shown in the references."))
    return Section(
        key="fabric", title="5. Fabric",
        intro=("The scenario's compute fabric, one NIC port per GPU at the port rate, switches of the scenario's "
               "radix, compared for three ways to build its links: DSP pluggables everywhere, co-packaged engines at "
               "the switches only, and co-packaged engines at switches and NICs."),
        blocks=blocks, versus=_versus(summaries, groups))
