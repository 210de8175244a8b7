"""``cposim fabric``: an AI cluster's scale-out fabric per interconnect option.

Rates (``800G``, ``1.6T``) are parsed here, at the edge; the numbers come from
:func:`cposim.fabric.cluster.cluster`. Rendering only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, List, Optional

import numpy as np
import typer
from rich.console import Console
from rich.table import Table

from cposim.cli.errors import one_line_errors
from cposim.cli.uncertainty_output import seed_option, uncertainty_option
from cposim.errors import ConfigError

console = Console()

_PLOT_SUFFIXES = (".png", ".pdf", ".svg")


def parse_ratios(text: Optional[str]) -> tuple[float, ...]:
    """Oversubscription per tier below the top from ``2`` or ``2,1`` or ``3:1`` (down:up), leaf first."""
    if text is None or not text.strip():
        return ()
    out = []
    for part in text.split(","):
        part = part.strip()
        try:
            if ":" in part:
                down, up = part.split(":", 1)
                out.append(float(down) / float(up))
            else:
                out.append(float(part))
        except (ValueError, ZeroDivisionError):
            raise ConfigError("--oversubscription", text, "is not a list of ratios; expected e.g. 2, 3:1 or 2,1") from None
    return tuple(out)


def _fmt(x: Any, spec: str = ",.0f") -> str:
    return "-" if x is None else format(float(x), spec)


@one_line_errors
def fabric_cmd(
    gpus: int = typer.Option(8192, "--gpus", help="GPUs in the cluster."),
    radix: int = typer.Option(64, "--radix", help="Switch ports at the port rate (per ASIC)."),
    tiers: Optional[int] = typer.Option(None, "--tiers", help="Switch tiers (default: the fewest that fit)."),
    option: Optional[List[str]] = typer.Option(None, "--option", "-o",
                                               help="Interconnect option (repeatable): dsp, dsp-twin, dsp-dac, lpo, "
                                                    "lro, npo, cpo-switch, cpo. Default: dsp, cpo-switch, cpo."),
    port: str = typer.Option("400G", "--port", help="Scale-out port rate per direction, e.g. 400G, 800G, 1.6T."),
    lane_rate: Optional[str] = typer.Option(None, "--lane-rate", help="Payload per lane (default 100G up to 400G ports, "
                                                                      "200G above)."),
    gpus_per_node: int = typer.Option(8, "--gpus-per-node", help="GPUs per server node."),
    ports_per_gpu: int = typer.Option(1, "--ports-per-gpu", help="Scale-out NIC ports per GPU."),
    planes: int = typer.Option(1, "--planes", help="Independent fabric planes the NIC ports are divided over."),
    plane_cabling: str = typer.Option("separate", "--plane-cabling", help="separate (own cables per plane) or shared "
                                                                          "(one cable and box carry every plane)."),
    oversubscription: Optional[str] = typer.Option(None, "--oversubscription",
                                                   help="Down:up per tier below the top, leaf first: 2, 3:1 or 2,1."),
    design: str = typer.Option("rail-optimized", "--design", help="rail-optimized, clos or rail-only."),
    rounding: str = typer.Option("minimal", "--rounding", help="minimal or full-uplinks."),
    module_power: Optional[float] = typer.Option(None, "--module-power", help="W per pluggable optical module "
                                                                              "(overrides the package model)."),
    cpo_port_power: Optional[float] = typer.Option(None, "--cpo-port-power", help="W per co-/near-packaged port incl. "
                                                                                  "laser share (overrides)."),
    power_source: str = typer.Option("USER", "--power-source", help="Source id cited for --module-power / "
                                                                    "--cpo-port-power (e.g. SYS-NV-08)."),
    switch_ports_per_module: Optional[int] = typer.Option(None, "--switch-ports-per-module",
                                                          help="Ports per pluggable module at switches (2 = twin-port)."),
    gpus_per_rack: Optional[float] = typer.Option(None, "--gpus-per-rack", help="GPUs per rack for cable lengths."),
    workload: bool = typer.Option(False, "--workload", help="Add a training step (Llama-3-405B-like defaults) to "
                                                            "goodput."),
    tp: Optional[int] = typer.Option(None, "--tp", help="Tensor-parallel size of the workload."),
    pp: Optional[int] = typer.Option(None, "--pp", help="Pipeline-parallel size of the workload."),
    checkpoint_s: Optional[float] = typer.Option(None, "--checkpoint-s", help="Checkpoint write time, s."),
    restart_s: Optional[float] = typer.Option(None, "--restart-s", help="Restart time after an interruption, s."),
    front_end: bool = typer.Option(False, "--front-end", help="Also count a front-end fabric (2 x 200G per node)."),
    storage: bool = typer.Option(False, "--storage", help="Also count a storage fabric (2 x 200G per node)."),
    price: Optional[float] = typer.Option(None, "--electricity-price", help="$ per kWh."),
    pue: Optional[float] = typer.Option(None, "--pue", help="Power usage effectiveness."),
    years: Optional[float] = typer.Option(None, "--years", help="Years of operation for TCO."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
    detail: bool = typer.Option(False, "--detail", help="With --json: full inventory, power, reliability breakdowns."),
    plot: Optional[Path] = typer.Option(None, "--plot", help="Save MW vs GPU count per option and inventory bars (PNG)."),
    uncertainty: Optional[int] = uncertainty_option(),
    seed: int = seed_option(),
) -> None:
    """Size an AI cluster's fabric and compare interconnect options: switches, links, modules, optical
    engines, lasers, fibers, power (MW), interruptions per day and goodput."""
    from cposim.cli import uncertainty_output
    from cposim.cli.package_commands import parse_rate
    from cposim.fabric.topology import FabricSpec
    from cposim.uncertainty.headlines import fabric_headlines

    if plot is not None and plot.suffix.lower() not in _PLOT_SUFFIXES:
        raise ConfigError("--plot", str(plot), f"has an unknown image type; expected one of {', '.join(_PLOT_SUFFIXES)}")
    spec = FabricSpec(gpus=gpus, radix=radix, tiers=tiers, port_rate_bps=parse_rate("--port", port),
                      gpus_per_node=gpus_per_node, ports_per_gpu=ports_per_gpu, planes=planes,
                      plane_cabling=plane_cabling, oversubscription=parse_ratios(oversubscription), design=design,
                      rounding=rounding)
    lane = parse_rate("--lane-rate", lane_rate) if lane_rate else None

    def build():
        return _build_cluster(spec, lane, option, switch_ports_per_module, module_power, cpo_port_power, power_source,
                              gpus_per_rack, checkpoint_s, restart_s, price, pue, years, workload, tp, pp, front_end,
                              storage)

    result, options, plan, rel, cost = build()
    mc = uncertainty_output.run(lambda: fabric_headlines(lambda: build()[0], result.options), uncertainty, seed)
    if plot is not None:
        _plot(spec, options, plan, rel, cost, result, plot)
    uncertainty_output.finish(console, result.as_dict(detail=detail), mc, json_out=json_out,
                              print_plain=lambda _: _print(result))
    if plot is not None and not json_out:
        console.print(f"plot saved to {plot}")


def _build_cluster(spec, lane, option, switch_ports_per_module, module_power, cpo_port_power, power_source,
                   gpus_per_rack, checkpoint_s, restart_s, price, pue, years, workload, tp, pp, front_end, storage):
    """The cluster of the command's options, built from scratch: (result, options, floor plan,
    reliability and cost parameters)."""
    from cposim.fabric.aux_fabric import AuxFabric
    from cposim.fabric.cluster import cluster
    from cposim.fabric.floorplan import FloorPlan
    from cposim.fabric.options import DEFAULT_OPTIONS, get_option
    from cposim.fabric.power_cost import CostParams
    from cposim.fabric.reliability import ReliabilityParams
    from cposim.fabric.step_time import Workload

    options = []
    for name in option or DEFAULT_OPTIONS:
        opt = get_option(name)
        changes: dict[str, Any] = {}
        if lane is not None:
            changes["lane_rate_bps"] = lane
        if switch_ports_per_module is not None:
            changes["switch_ports_per_module"] = switch_ports_per_module
        if changes:
            from dataclasses import replace

            opt = replace(opt, **changes)
        if module_power is not None or cpo_port_power is not None:
            opt = opt.with_powers(module_power_w=module_power, engine_port_power_w=cpo_port_power, source=power_source)
        options.append(opt)
    plan = FloorPlan() if gpus_per_rack is None else FloorPlan(gpus_per_rack=gpus_per_rack)
    rel_changes = {k: v for k, v in (("checkpoint_s", checkpoint_s), ("restart_s", restart_s)) if v is not None}
    rel = ReliabilityParams(**rel_changes)
    cost_changes = {k: v for k, v in (("electricity_usd_per_kwh", price), ("pue", pue), ("years", years))
                    if v is not None}
    cost = CostParams(**cost_changes)
    wl = None
    if workload or tp is not None or pp is not None:
        wl_changes = {k: v for k, v in (("tp", tp), ("pp", pp)) if v is not None}
        wl = Workload(**wl_changes)
    aux = []
    if front_end:
        aux.append(AuxFabric(name="front-end"))
    if storage:
        aux.append(AuxFabric(name="storage"))
    result = cluster(spec, options=options, floorplan=plan, reliability_params=rel, cost=cost, workload=wl,
                     aux_fabrics=aux)
    return result, options, plan, rel, cost


def _print(result) -> None:
    fab = result.sizing.as_dict()
    head = Table(title=f"Fabric: {fab['gpus']:,} GPUs, {fab['design']}, radix {fab['radix']} at "
                       f"{fab['port_rate_bps'] / 1e9:g}G, {fab['tiers']} tiers", show_header=True)
    head.add_column("tier")
    head.add_column("switches", justify="right")
    head.add_column("links below", justify="right")
    head.add_column("cable max / mean (m)", justify="right")
    lengths = result.lengths.as_dict(int(fab["tiers"]))
    for (tier, count), (boundary, links), (_, cable) in zip(fab["switches"].items(), fab["links"].items(),
                                                             lengths.items()):
        head.add_row(tier, f"{count:,}", f"{links:,} ({boundary})",
                     f"{cable['max_m']:.1f} / {cable['mean_m']:.1f} ({cable['location']})")
    console.print(head)
    table = Table(title="Interconnect options")
    table.add_column("")
    rows = [
        ("switches", "switches", ",.0f"), ("links", "links", ",.0f"), ("copper cables", "copper_cables", ",.0f"),
        ("modules", "modules", ",.0f"), ("modules per GPU", "modules_per_gpu", ".2f"),
        ("optical engines", "optical_engines", ",.0f"), ("lasers", "lasers", ",.0f"),
        ("external laser modules", "external_laser_modules", ",.0f"), ("fibers", "fibers", ",.0f"),
        ("optics power MW", "power_mw", ",.2f"), ("optics W per GPU", "power_w_per_gpu", ".1f"),
        ("network power MW", "network_power_mw", ",.2f"), ("network capex $M", "capex_usd", ",.1f"),
        ("network TCO $M", "tco_usd", ",.1f"), ("link failures / day", "link_failures_per_day", ".2f"),
        ("flaps / day", "flaps_per_day", ".2f"), ("network interruptions / day", "network_interruptions_per_day", ".2f"),
        ("interruptions / day (all)", "interruptions_per_day", ".2f"), ("MTTI h", "mtti_h", ".2f"),
        ("checkpoint period s", "checkpoint_period_s", ",.0f"), ("ETTR", "ettr", ".3f"), ("goodput", "goodput", ".3f"),
    ]
    summaries = [o.summary() for o in result.options.values()]
    for s in summaries:
        table.add_column(s["option"], justify="right")
    for label, key, spec in rows:
        scale = 1e-6 if key in ("capex_usd", "tco_usd") else 1.0
        table.add_row(label, *[_fmt(s[key] * scale, spec) for s in summaries])
    console.print(table)
    for a in result.aux:
        d = a.as_dict()
        console.print(f"{d['name']} fabric: {d['sizing']['total_switches']:,} switches, "
                      f"{d['sizing']['total_links']:,} links, {d['inventory']['modules']:,} modules, "
                      f"{d['inventory']['network_power_w'] / 1e6:.2f} MW")
    console.print(f"[dim]{result.power_basis}. Sources: cposim sources CPS-FAB-01 ... ; --json --detail for "
                  f"everything.[/dim]")


def _sweep_counts(spec, n_points: int = 40) -> np.ndarray:
    from cposim.fabric.topology import size_fabric

    g = int(spec.gpus_per_node)
    n = int(spec.gpus)
    start = max(g, n // 1000)
    values = np.unique(np.maximum(np.round(np.geomspace(start, n, n_points) / g).astype(np.int64) * g, g))
    if spec.oversubscription:
        need = len(spec.oversubscription) + 1
        probe = size_fabric(spec.replace(gpus=values, oversubscription=(), tiers=None))
        values = values[probe.tiers >= need]
    if spec.tiers is not None:
        probe = size_fabric(spec.replace(gpus=values, oversubscription=(), tiers=None))
        values = values[probe.tiers <= int(spec.tiers)]
    return values if values.size else np.asarray([n])


def _plot(spec, options, plan, rel, cost, result, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from cposim.fabric.cluster import cluster

    counts = _sweep_counts(spec)
    sweep = cluster(spec.replace(gpus=counts), options=options, floorplan=plan, reliability_params=rel, cost=cost)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.8))
    for name, o in sweep.options.items():
        ax1.plot(counts, np.atleast_1d(o.power.optics_w) / 1e6, marker=".", label=f"{name} (optics)")
    ax1.set_xscale("log")
    ax1.set_xlabel("GPUs")
    ax1.set_ylabel("optics power, MW")
    ax1.set_title("Interconnect power vs cluster size")
    ax1.grid(True, which="both", alpha=0.3)
    ax1.legend(fontsize=8)
    items = ("switches", "modules", "optical_engines", "lasers", "fibers")
    summaries = [o.summary() for o in result.options.values()]
    width = 0.8 / max(len(summaries), 1)
    x = np.arange(len(items))
    for i, s in enumerate(summaries):
        ax2.bar(x + i * width, [max(float(s[k]), 0.0) for k in items], width=width, label=s["option"])
    ax2.set_xticks(x + width * (len(summaries) - 1) / 2)
    ax2.set_xticklabels([k.replace("_", " ") for k in items], rotation=20)
    ax2.set_yscale("symlog")
    ax2.set_title(f"Inventory at {int(spec.gpus):,} GPUs")
    ax2.legend(fontsize=8)
    fig.tight_layout()
    try:
        fig.savefig(path)
    except OSError as err:
        raise ConfigError("--plot", str(path), f"cannot be written ({err.strerror or err})") from None
    finally:
        plt.close(fig)


def register(app: typer.Typer) -> None:
    """Add ``fabric`` to the ``cposim`` app."""
    app.command("fabric")(fabric_cmd)
