"""``cposim`` command line: presets, link budgets and the sources behind every number."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cposim.cli.errors import one_line_errors

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help=("cposim: co-packaged optics from device to data center. Every default cites a reference row "
          "(a published figure or the project's own estimate; cposim sources shows which)."),
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


def _parameter_value(model, path: str) -> tuple[object, str] | None:
    """The value and unit of a dotted parameter path of a model (``fiber.length_m``,
    ``stages[1].loss_db``); None for a formula entry (``(...)``) or a path it cannot follow."""
    import dataclasses
    import re

    obj, unit = model, ""
    for part in path.split("."):
        m = re.fullmatch(r"([A-Za-z_]\w*)(?:\[(\d+)\])?", part)
        if m is None or not dataclasses.is_dataclass(obj):
            return None
        name, index = m.group(1), m.group(2)
        fields = {f.name: f for f in dataclasses.fields(obj)}
        if name not in fields:
            return None
        unit = fields[name].metadata.get("unit", "")
        obj = getattr(obj, name)
        if index is not None:
            try:
                obj = obj[int(index)]
            except (IndexError, KeyError, TypeError):
                return None
    return obj, unit


def _format_value(value: object, unit: str) -> str:
    import numpy as np

    if isinstance(value, (str, bool)) or value is None:
        text = str(value)
    else:
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            return str(value)
        if arr.ndim == 0:
            text = f"{float(arr):g}"
        elif arr.size <= 6:
            text = "[" + ", ".join(f"{x:g}" for x in arr.ravel()) + "]"
        else:
            text = f"array of shape {arr.shape} ({arr.min():g}..{arr.max():g})"
    return f"{text} {unit}" if unit and unit != "-" else text


def _citing_parameters(source_id: str) -> list[dict[str, str]]:
    """Every preset-lane, device-default and engine-spec-default parameter citing an id."""
    import cposim.devices.catalog  # noqa: F401
    from cposim.devices.base import DEVICE_REGISTRY
    from cposim.engine.spec import EngineSpec
    from cposim.presets import PRESETS

    models = [("preset", name, p.build()) for name, p in PRESETS.items()]
    models += [("device", name, cls()) for name, cls in DEVICE_REGISTRY.items()]
    models.append(("engine spec", "EngineSpec", EngineSpec()))
    out = []
    for kind, name, model in models:
        for path, ids in model.sources_by_parameter().items():
            if source_id not in ids:
                continue
            got = _parameter_value(model, path)
            value, unit = (None, "") if got is None else got
            out.append({"kind": kind, "name": name, "parameter": path,
                        "value": "" if got is None else _format_value(value, unit)})
    return out


def _print_one_source(source_id: str) -> None:
    """One reference row in full, then the parameters that cite it."""
    from cposim.references import get_source

    src = get_source(source_id)
    unit = f" {src.unit}" if src.unit not in ("", "-") else ""
    grid = Table(title=f"Reference {src.id}", title_justify="left", show_header=False)
    grid.add_column("field", style="bold")
    grid.add_column("text", overflow="fold")
    for label, text in (("id", src.id), ("category", src.category), ("quantity", src.quantity),
                        ("value", f"{src.value}{unit}"), ("confidence", src.confidence),
                        ("conditions", src.conditions), ("source", src.source)):
        grid.add_row(label, escape(text))
    console.print(grid)
    cited = _citing_parameters(source_id)
    if not cited:
        console.print("Cited by: no preset-lane, device-default or engine-spec parameter (a model may still cite it in code).")
        return
    console.print(f"Cited by ({len(cited)} parameters):")
    for c in cited:
        value = f" = {c['value']}" if c["value"] else ""
        prefix = f"{c['name']}" if c["kind"] == "preset" else f"{c['kind']} {c['name']}"
        console.print(escape(f"  {prefix}: {c['parameter']}{value}"), soft_wrap=True)


@app.command("sources")
@one_line_errors
def sources_cmd(
    thing: str = typer.Argument(..., help="A device name, a preset name, a scenario file, or a source id."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List the published sources behind a device, a preset, a scenario's result, or one id.

    For one source id: the reference row in full and every preset-lane, device-default and
    engine-spec parameter that cites it (``preset: path = value unit``).
    """
    import cposim.devices.catalog  # noqa: F401
    from cposim.devices.base import DEVICE_REGISTRY
    from cposim.references import all_sources, resolve_sources
    from cposim.cli.render import print_sources

    table = all_sources()
    if thing in table:
        if json_out:
            print(json.dumps({"parameters": {"(id)": [thing]}, "references": [table[thing].__dict__],
                              "cited_by": _citing_parameters(thing)}, indent=2))
        else:
            _print_one_source(thing)
        return
    if thing in DEVICE_REGISTRY:
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


from cposim.cli.validate_command import register as _register_validate_command  # noqa: E402

_register_validate_command(app)


def run() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    run()
