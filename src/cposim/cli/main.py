"""``cposim`` command line: presets, link budgets and the sources behind every number."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from cposim.cli.errors import one_line_errors

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="cposim: co-packaged optics from device to data center. Every default cites its source.",
    pretty_exceptions_enable=False,
)
console = Console()


def _load_lane(target: str):
    """A preset name or a scenario file -> (lane, preset name, display name)."""
    from cposim.presets import PRESETS
    from cposim.scenario.loader import read_document, scenario_from_mapping

    if target in PRESETS:
        return PRESETS[target].build(), target, target
    path = Path(target)
    if path.suffix.lower() in (".yaml", ".yml", ".toml") or path.exists():
        doc = read_document(path)
        factories = {name: p.build for name, p in PRESETS.items()}
        scenario = scenario_from_mapping(doc, factories)
        return scenario.link, scenario.preset, scenario.name
    from cposim.presets import get_preset

    get_preset(target)  # raises a ConfigError with suggestions
    raise AssertionError("unreachable")


@app.command("presets")
@one_line_errors
def presets_cmd(json_out: bool = typer.Option(False, "--json", help="Print JSON instead of a table.")) -> None:
    """List the built-in lane presets."""
    from cposim.presets import PRESETS

    rows = []
    for name, p in PRESETS.items():
        lane = p.build()
        rows.append({
            "name": name, "port": p.port, "lanes": int(lane.lanes), "modulation": lane.modulation,
            "line_rate_gbps": float(lane.line_rate_bps) / 1e9, "description": p.description,
        })
    if json_out:
        print(json.dumps(rows, indent=2))
        return
    table = Table(title="cposim presets")
    for col in ("name", "port", "lanes", "modulation", "line Gb/s", "description"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["name"], r["port"], str(r["lanes"]), r["modulation"].upper(),
                      f"{r['line_rate_gbps']:.2f}", r["description"])
    console.print(table)


@app.command("link")
@one_line_errors
def link_cmd(
    target: str = typer.Argument("cpo-mrm-wdm-200g", help="A preset name (see `cposim presets`) or a scenario file."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Close one lane: budget, noise, BER, margin against the FEC threshold, energy per bit."""
    from cposim.link.engine import evaluate
    from cposim.link.summary import lane_summary
    from cposim.cli.render import print_lane

    lane, preset, name = _load_lane(target)
    summary = lane_summary(evaluate(lane), preset=preset, name=name)
    if json_out:
        print(json.dumps(summary, indent=2))
    else:
        print_lane(console, summary)


@app.command("sources")
@one_line_errors
def sources_cmd(
    thing: str = typer.Argument(..., help="A device name, a preset name, a scenario file, or a source id."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List the published sources behind a device, a preset, a scenario's result, or one id."""
    import cposim.devices.catalog  # noqa: F401
    from cposim.devices.base import DEVICE_REGISTRY
    from cposim.references import all_sources, resolve_sources
    from cposim.cli.render import print_sources

    table = all_sources()
    if thing in table:
        by_param = {"(id)": (thing,)}
    elif thing in DEVICE_REGISTRY:
        by_param = DEVICE_REGISTRY[thing]().sources_by_parameter()
    else:
        lane, _, _ = _load_lane(thing)
        by_param = lane.sources_by_parameter()
    if json_out:
        rows = [s.__dict__ for s in resolve_sources(i for v in by_param.values() for i in v)]
        print(json.dumps({"parameters": {k: list(v) for k, v in by_param.items()}, "references": rows}, indent=2))
        return
    print_sources(console, f"Sources behind {thing}", by_param)


from cposim.cli.package_commands import register as _register_package_commands  # noqa: E402

_register_package_commands(app)


from cposim.cli.fabric_command import register as _register_fabric_command  # noqa: E402

_register_fabric_command(app)


from cposim.cli.report_command import register as _register_report_command  # noqa: E402

_register_report_command(app)


from cposim.cli.sweep_command import register as _register_sweep_command  # noqa: E402

_register_sweep_command(app)


from cposim.cli.engine_command import register as _register_engine_command  # noqa: E402

_register_engine_command(app)


from cposim.cli.simulate_command import register as _register_simulate_command  # noqa: E402

_register_simulate_command(app)


def run() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    run()
