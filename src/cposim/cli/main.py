"""``cposim`` command line: presets, link budgets and the sources behind every number."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cposim.cli.errors import one_line_errors
from cposim.cli.uncertainty_output import seed_option, uncertainty_option

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
    uncertainty: Optional[int] = uncertainty_option(),
    seed: int = seed_option(),
) -> None:
    """Close one lane: budget, noise, BER, margin against the FEC threshold, energy per bit."""
    from cposim.cli import uncertainty_output
    from cposim.link.engine import evaluate
    from cposim.link.summary import lane_summary
    from cposim.cli.render import print_lane
    from cposim.uncertainty.headlines import link_headlines

    lane, preset, name = _load_lane(target)
    summary = lane_summary(evaluate(lane), preset=preset, name=name)
    mc = uncertainty_output.run(lambda: link_headlines(lambda: _load_lane(target)[0]), uncertainty, seed)
    uncertainty_output.finish(console, summary, mc, json_out=json_out, print_plain=lambda d: print_lane(console, d))


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
    return f"{text} {unit}" if unit and unit not in ("-", "1") else text


def _json_value(value: object) -> object:
    """A parameter value as JSON: a number, a list of numbers, text, or None."""
    import numpy as np

    if value is None or isinstance(value, (str, bool)):
        return value
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return str(value)
    return float(arr) if arr.ndim == 0 else arr.tolist()


#: How each calibration is redone (case id -> command); the others were set by hand once.
CALIBRATE_COMMAND = "python scripts/calibrate.py"


def _calibrations() -> list[dict[str, str]]:
    """Every calibration of the validate registry (cases of class ``calibration``): which
    parameter was set, the reference row that holds its value, the published figure it was
    set from, the case that checks it, and the command that redoes it."""
    import cposim.validate as v
    from cposim.validate.calibrate import PRESET_CALIBRATIONS, ROUTE_CALIBRATIONS

    redoable = {c[0] for c in PRESET_CALIBRATIONS + ROUTE_CALIBRATIONS}
    out = []
    for case in v.CASES:
        if case.klass != "calibration":
            continue
        for k in case.calibrated:
            redo = (CALIBRATE_COMMAND if case.id in redoable
                    else f"none (set by hand; `cposim validate` checks case {case.id} still holds)")
            out.append({"case": case.id, "title": case.title, "parameter": k.parameter, "reference": k.reference,
                        "figure": k.figure, "published": case.published_text, "redo": redo})
    return out


def _calibrated_to(ids, calibrations: list[dict[str, str]]) -> list[dict[str, str]]:
    """The calibrations whose reference row is one of ``ids``."""
    ids = set(ids)
    return [c for c in calibrations if c["reference"] in ids]


def _calibration_text(c: dict[str, str]) -> str:
    return f"calibrated to {c['figure']} ({c['case']})"


def _row_json(source_id: str) -> dict[str, str]:
    """One cited row, as shown beside a parameter: value, unit, confidence, conditions."""
    from cposim.references import all_sources

    table = all_sources()
    if source_id not in table:
        return {"id": source_id, "value": "", "unit": "", "confidence": "", "conditions": "not in the reference tables"}
    src = table[source_id]
    return {"id": src.id, "value": src.value, "unit": src.unit, "confidence": src.confidence,
            "conditions": src.conditions}


def _parameter_details(model, calibrations: list[dict[str, str]]) -> dict[str, dict]:
    """For each parameter path of a model: the value in use (and its unit), the rows it cites
    (value, unit, confidence, conditions) and the calibrations behind those rows."""
    out = {}
    for path, ids in model.sources_by_parameter().items():
        got = _parameter_value(model, path)
        value, unit = (None, "") if got is None else got
        out[path] = {
            "value": _json_value(value) if got is not None else None,
            "unit": unit,
            "value_text": "" if got is None else _format_value(value, unit),
            "sources": list(ids),
            "rows": [_row_json(i) for i in ids],
            "calibrated_to": _calibrated_to(ids, calibrations),
        }
    return out


def _citing_parameters(source_id: str, calibrations: list[dict[str, str]] | None = None) -> list[dict]:
    """Every preset-lane, device-default and engine-spec-default parameter citing an id."""
    import cposim.devices.catalog  # noqa: F401
    from cposim.devices.base import DEVICE_REGISTRY
    from cposim.engine.spec import EngineSpec
    from cposim.presets import PRESETS

    calibrations = _calibrations() if calibrations is None else calibrations
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
                        "value": "" if got is None else _format_value(value, unit),
                        "calibrated_to": _calibrated_to(ids, calibrations)})
    return out


def _print_one_source(source_id: str) -> None:
    """One reference row in full, its calibrations, then the parameters that cite it."""
    from cposim.references import get_source

    src = get_source(source_id)
    calibrations = _calibrations()
    unit = f" {src.unit}" if src.unit not in ("", "-") else ""
    grid = Table(title=f"Reference {src.id}", title_justify="left", show_header=False)
    grid.add_column("field", style="bold")
    grid.add_column("text", overflow="fold")
    for label, text in (("id", src.id), ("category", src.category), ("quantity", src.quantity),
                        ("value", f"{src.value}{unit}"), ("confidence", src.confidence),
                        ("conditions", src.conditions), ("source", src.source)):
        grid.add_row(label, escape(text))
    for c in calibrations:
        if c["reference"] == src.id:
            grid.add_row("calibration", escape(f"set so that {c['parameter']} meets {c['figure']} "
                                               f"({c['published']}); case {c['case']}; redo: {c['redo']}"))
        if c["figure"] == src.id:
            grid.add_row("calibrates", escape(f"{c['reference']} ({c['parameter']}) was set from this figure; "
                                              f"case {c['case']}; redo: {c['redo']}"))
    console.print(grid)
    cited = _citing_parameters(source_id, calibrations)
    if not cited:
        console.print("Cited by: no preset-lane, device-default or engine-spec parameter (a model may still cite it in code).")
        return
    console.print(f"Cited by ({len(cited)} parameters):")
    for c in cited:
        value = f" = {c['value']}" if c["value"] else ""
        prefix = f"{c['name']}" if c["kind"] == "preset" else f"{c['kind']} {c['name']}"
        calibrated = "".join(f"  [{_calibration_text(k)}]" for k in c["calibrated_to"])
        console.print(escape(f"  {prefix}: {c['parameter']}{value}{calibrated}"), soft_wrap=True)


def _calibrations_cmd(json_out: bool) -> None:
    """``cposim sources --calibrations``: every calibration, its row, figure, case and redo command."""
    from cposim.cli.render import print_calibrations
    from cposim.references import all_sources

    table = all_sources()

    def value(source_id: str) -> str:
        src = table.get(source_id)
        if src is None:
            return ""
        return f"{src.value} {src.unit}" if src.unit not in ("", "-") else src.value

    rows = [{**c, "reference_value": value(c["reference"]), "figure_value": value(c["figure"])}
            for c in _calibrations()]
    if json_out:
        print(json.dumps({"calibrations": rows}, indent=2))
        return
    print_calibrations(console, rows)


@app.command("sources")
@one_line_errors
def sources_cmd(
    thing: Optional[str] = typer.Argument(None, help="A device name, a preset name, a scenario file, or a source id."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    calibrations: bool = typer.Option(
        False, "--calibrations", help="List every calibration: parameter, row, published figure, case, redo command."),
) -> None:
    """List the published sources behind a device, a preset, a scenario's result, or one id.

    For a device, preset or scenario: every parameter with the value in use, the rows it cites
    (value, confidence, conditions) and, where a cited row was calibrated, the published figure
    and the validate case. For one source id: the reference row in full, its calibration, and
    every preset-lane, device-default and engine-spec parameter that cites it
    (``preset: path = value unit``). ``--calibrations`` lists every calibration.
    """
    import cposim.devices.catalog  # noqa: F401
    from cposim.devices.base import DEVICE_REGISTRY
    from cposim.references import all_sources, resolve_sources
    from cposim.cli.render import print_sources

    if calibrations:
        if thing is not None:
            typer.echo(f"error: --calibrations lists every calibration; give it without {thing!r} "
                       "(or `cposim sources NAME` for one device, preset, scenario or row)", err=True)
            raise typer.Exit(2)
        _calibrations_cmd(json_out)
        return
    if thing is None:
        typer.echo("error: give a device, preset, scenario file or source id, or --calibrations", err=True)
        raise typer.Exit(2)
    table = all_sources()
    if thing in table:
        if json_out:
            cals = _calibrations()
            print(json.dumps({"parameters": {"(id)": [thing]}, "references": [table[thing].__dict__],
                              "calibrations": [c for c in cals if c["reference"] == thing],
                              "calibrates": [c for c in cals if c["figure"] == thing],
                              "cited_by": _citing_parameters(thing, cals)}, indent=2))
        else:
            _print_one_source(thing)
        return
    if thing in DEVICE_REGISTRY:
        model = DEVICE_REGISTRY[thing]()
    else:
        model, _, _ = _load_lane(thing)
    by_param = model.sources_by_parameter()
    details = _parameter_details(model, _calibrations())
    if json_out:
        rows = [s.__dict__ for s in resolve_sources(i for v in by_param.values() for i in v)]
        used = {c["case"]: c for d in details.values() for c in d["calibrated_to"]}
        print(json.dumps({"parameters": {k: list(v) for k, v in by_param.items()}, "details": details,
                          "references": rows, "calibrations": list(used.values())}, indent=2))
        return
    print_sources(console, f"Sources behind {thing}", details)


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
