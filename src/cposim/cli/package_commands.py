"""``cposim compare`` (architectures per port) and ``cposim switch`` (a switch package).

Rate and length strings are parsed here, at the edge: ``1.6T``, ``800G``, ``102.4T``,
``1.6 Tb/s``, ``2 km``. Rendering only; the numbers come from :mod:`cposim.package`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, List, Optional

import typer
from rich.console import Console
from rich.table import Table

from cposim.cli.errors import one_line_errors
from cposim.cli.uncertainty_output import seed_option, uncertainty_option
from cposim.errors import ConfigError

console = Console()

_RATE = re.compile(r"^\s*((?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([kKmMgGtTpP]?)\s*(b/s|bps|bit/s)?\s*$")
_PREFIX = {"": 1.0, "k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12, "p": 1e15}
_PLOT_SUFFIXES = (".png", ".pdf", ".svg", ".jpg", ".jpeg")


def parse_rate(field: str, text: str) -> float:
    """A bit rate per direction in bit/s from ``1.6T``, ``800G``, ``1.6 Tb/s`` or ``1600 Gbps``."""
    m = _RATE.match(text or "")
    if m and (m.group(2) or m.group(3)):
        value = float(m.group(1)) * _PREFIX[m.group(2).lower()]
    else:
        raise ConfigError(field, text, "is not a bit rate; expected e.g. 1.6T, 800G, 102.4T or 1.6 Tb/s")
    if value <= 0:
        raise ConfigError(field, text, "is not positive; expected a bit rate such as 1.6T")
    return value


def parse_length(field: str, text: str) -> float:
    """A length in m from ``3``, ``3 m``, ``2 km`` or ``500m``."""
    from cposim.scenario.quantity import parse_quantity

    return float(parse_quantity(field, text, "m"))


def _fmt(x: Any, spec: str = ".1f") -> str:
    return "-" if x is None else format(float(x), spec)


def _length(x: Any) -> str:
    value = float(x)
    return f"{value:.2f}" if value < 10 else f"{value:.0f}"


def _rate_text(bps: float) -> str:
    return f"{bps / 1e12:g}T" if bps >= 1e12 else f"{bps / 1e9:g}G"


@one_line_errors
def compare_cmd(
    port: str = typer.Option("1.6T", "--port", help="Port rate per direction, e.g. 800G, 1.6T, 3.2T."),
    lane_rate: str = typer.Option("200G", "--lane-rate", help="Payload per lane: 100G, 200G or 400G."),
    length: Optional[str] = typer.Option(None, "--length", help="Link length (e.g. 2m, 500 m, 2 km); "
                                         "default: optics at their class reach, copper at 1 m."),
    architecture: Optional[List[str]] = typer.Option(None, "--architecture", "-a",
                                                     help="Only these architectures (repeatable)."),
    json_out: bool = typer.Option(False, "--json", help="Print a JSON list of objects."),
    plot: Optional[Path] = typer.Option(None, "--plot", help="Save a stacked power-breakdown bar chart."),
    uncertainty: Optional[int] = uncertainty_option(),
    seed: int = seed_option(),
) -> None:
    """Compare interconnect architectures per port: power, pJ/bit, reach, margin, lasers, fibers."""
    from cposim.cli import uncertainty_output
    from cposim.package.compare import compare_ports
    from cposim.uncertainty.headlines import compare_headlines

    port_bps = parse_rate("--port", port)
    lane_bps = parse_rate("--lane-rate", lane_rate)
    length_m = parse_length("--length", length) if length is not None else None
    if plot is not None and plot.suffix.lower() not in _PLOT_SUFFIXES:
        raise ConfigError("--plot", str(plot), f"has an unknown image type; expected one of {', '.join(_PLOT_SUFFIXES)}")
    results, excluded = compare_ports(port_rate_bps=port_bps, lane_rate_bps=lane_bps,
                                      architectures=architecture or None, length_m=length_m)
    if not results:
        reasons = "; ".join(f"{name}: {why}" for name, why in excluded)
        raise ConfigError("compare", f"{port} at {lane_rate}/lane", f"has no architecture that serves it ({reasons})")
    if plot is not None:
        _plot(results, plot, title=f"Power per {port} port ({lane_rate}/lane)")
    mc = uncertainty_output.run(lambda: compare_headlines(
        port_rate_bps=port_bps, lane_rate_bps=lane_bps, architectures=[r.architecture for r in results],
        length_m=length_m, lengths={r.architecture: float(r.length_m) for r in results}), uncertainty, seed)
    if json_out:
        rows = [r.as_dict() for r in results]
        if mc is not None:
            data = mc.as_dict()
            for row in rows:
                row["uncertainty"] = uncertainty_output.per_subject(data, row["architecture"])
        print(json.dumps(rows, indent=2))
        for name, why in excluded:
            typer.echo(f"excluded {name}: {why}", err=True)
        return
    _print_compare(results, excluded, port, lane_rate)
    if mc is not None:
        uncertainty_output.print_uncertainty(console, mc)
    if plot is not None:
        console.print(f"plot saved to {plot}")


_SHORT = {"host_serdes": "host", "dsp_retimer": "dsp/ret", "modulator_drive": "drive", "receiver": "rx",
          "laser": "laser", "ring_tuning": "tuning", "overhead": "ovh"}


def _print_compare(results, excluded, port: str, lane_rate: str) -> None:
    table = Table(title=f"Architectures per {port} port, {lane_rate}/lane (pJ/bit per direction)")
    for col in ("arch", "W/port", "pJ/bit", "reach m", "at m", "margin dB", "lasers", "fibers", "host", "dB"):
        table.add_column(col, justify="left" if col in ("arch", "host") else "right", no_wrap=col == "arch")
    for r in results:
        name = r.architecture + ("*" if r.extrapolated else "")
        table.add_row(name, _fmt(r.power_w_per_port), _fmt(r.energy_pj_per_bit, ".2f"), _length(r.reach_m),
                      _length(r.length_m), _fmt(r.margin_db, ".1f"), _fmt(r.lasers_per_port, "g"),
                      _fmt(r.fibers_per_port, "g"), r.host_serdes_class, _fmt(r.host_channel_loss_db, ".0f"))
    console.print(table)
    parts = Table(title="Power per port by contributor, W")
    parts.add_column("arch")
    keys = list(results[0].breakdown_w)
    for k in keys:
        parts.add_column(_SHORT.get(k, k), justify="right")
    for r in results:
        parts.add_row(r.architecture, *[_fmt(r.breakdown_w[k], ".2f") for k in keys])
    console.print(parts)
    from cposim.package.architectures import get_architecture
    from cposim.package.port_result import ACCOUNTING

    console.print(f"accounting: {ACCOUNTING}; host SerDes (class, host channel loss at Nyquist) included for "
                  "every architecture, like for like; margin: optical BER margin (link engine) or COM-lite "
                  "margin (copper)")
    if any(r.extrapolated for r in results):
        console.print("* 400G/lane: extrapolated estimates (CPS-ARC-*), not validation targets")
    for name, why in excluded:
        console.print(f"[yellow]excluded {name}[/yellow]: {why}")
    for r in results:
        key = list(get_architecture(r.architecture).sources)
        key += [i for i in r.sources if i.startswith(("RCH-", "SER-", "PWR-", "SYS-"))]
        console.print(f"{r.architecture} ({r.label}): sources {', '.join(dict.fromkeys(key))}")
        if r.host_explanation:
            console.print(f"  {r.host_explanation}")
    console.print("all sources per architecture: cposim compare --json; details of an id: cposim sources ID")


def _plot(results, path: Path, *, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from cposim.package.port_result import PORT_CONTRIBUTORS

    fig, ax = plt.subplots(figsize=(max(6.0, 0.9 * len(results) + 2), 4.5))
    labels = [r.label for r in results]
    bottom = [0.0] * len(results)
    for key in PORT_CONTRIBUTORS:
        values = [float(r.breakdown_w[key]) for r in results]
        if not any(values):
            continue
        ax.bar(labels, values, bottom=bottom, label=key)
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_ylabel("W per port (one end, both directions)")
    ax.set_title(title)
    ax.legend(fontsize=8)
    ax.tick_params(axis="x", labelrotation=35)
    fig.tight_layout()
    try:
        fig.savefig(path)
    except OSError as err:
        raise ConfigError("--plot", str(path), f"cannot be written ({err.strerror or err})") from None
    finally:
        plt.close(fig)


@one_line_errors
def switch_cmd(
    capacity: str = typer.Option("102.4T", "--capacity", help="Switch capacity per direction: 51.2T, 102.4T, 204.8T."),
    architecture: str = typer.Option("cpo", "--architecture", "-a", help="cpo, cpo-dr, npo, dsp-dr, lpo, dac, ..."),
    lane_rate: Optional[str] = typer.Option(None, "--lane-rate", help="Payload per lane (default by capacity)."),
    port: Optional[str] = typer.Option(None, "--port", help="Port rate (default by capacity)."),
    engine_capacity: Optional[str] = typer.Option(None, "--engine-capacity",
                                                  help="Optical-engine capacity for CPO, e.g. 3.2T or 6.4T."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
    uncertainty: Optional[int] = uncertainty_option(),
    seed: int = seed_option(),
) -> None:
    """Model a switch package: ASIC, SerDes, engines or pluggables, shoreline, faceplate, power."""
    from cposim.cli import uncertainty_output
    from cposim.package.switch import switch_model
    from cposim.uncertainty.headlines import switch_headlines

    def build():
        return switch_model(
            parse_rate("--capacity", capacity),
            architecture,
            lane_rate_bps=parse_rate("--lane-rate", lane_rate) if lane_rate else None,
            port_rate_bps=parse_rate("--port", port) if port else None,
            engine_capacity_bps=parse_rate("--engine-capacity", engine_capacity) if engine_capacity else None,
        )

    data = build().as_dict()
    mc = uncertainty_output.run(lambda: switch_headlines(build), uncertainty, seed)
    uncertainty_output.finish(console, data, mc, json_out=json_out, print_plain=_print_switch)


def _print_switch(d: dict[str, Any]) -> None:
    t = Table(title=f"{_rate_text(d['capacity_bps'])}b/s switch, {d['architecture']}", show_header=False)
    t.add_column(style="bold")
    t.add_column()
    core_note = "" if d["asic_core_power_published"] else "  (extrapolated; no published power, PWR-20)"
    rows = [
        ("ports", f"{d['ports']} x {_rate_text(d['port_rate_bps'])} ({_rate_text(d['lane_rate_bps'])}/lane)"),
        ("SerDes", f"{d['serdes_count']} host lanes, class {d['host_serdes_class']}"),
        ("ASIC core power", f"{d['asic_core_power_w']:.0f} W{core_note}"),
        ("host SerDes power", f"{d['host_serdes_power_w']:.0f} W"),
        ("optics / cable power", f"{d['optics_power_w']:.0f} W (lasers {d['laser_power_w']:.0f} W)"),
        ("total power", f"{d['total_power_w']:.0f} W, {d['power_per_port_w']:.1f} W per port, "
                        f"{d['energy_pj_per_bit']:.2f} pJ/bit"),
        ("lasers / fibers", f"{d['lasers']:g} lasers, {d['fibers']:g} fibers"),
    ]
    s = d["shoreline"]
    if s is not None:
        rows += [
            ("optical engines", f"{s['engines']} x {_rate_text(s['engine_capacity_bps'])} "
                                f"({s['lanes_per_engine']} lanes), per side {s['engines_per_side']} "
                                f"(max {s['max_engines']})"),
            ("shoreline", f"engine {s['engine_density_gbps_per_mm']:.0f} Gb/s/mm, package "
                          f"{s['package_density_gbps_per_mm']:.0f} Gb/s/mm, engine edge {s['engine_edge_m'] * 1e3:.1f} mm"),
            ("fiber attach", f"{d['fiber_attach_units']} units"),
            ("power density", f"engine {d['engine_power_density_w_per_cm2']:.1f} W/cm2 (OIF 3.2T at 10 pJ/bit: "
                              f"~8, LIM-11), package {d['package_power_density_w_per_cm2']:.1f} W/cm2"),
        ]
    if d["external_laser_modules"]:
        rows.append(("external laser modules", str(d["external_laser_modules"])))
    f = d["faceplate"]
    if f is not None:
        rows.append(("faceplate", f"{f['rack_units']} RU, {f['density_gbps_per_mm']:.0f} Gb/s per mm, "
                                  f"{f['density_gbps_per_cm2']:.0f} Gb/s per cm2"))
    for k, v in rows:
        t.add_row(k, v)
    console.print(t)
    for note in d["notes"]:
        console.print(f"note: {note}")
    console.print(f"sources: {', '.join(d['sources'])}")


def register(app: typer.Typer) -> None:
    """Add ``compare`` and ``switch`` to the cposim command line."""
    app.command("compare")(compare_cmd)
    app.command("switch")(switch_cmd)
