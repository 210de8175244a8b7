"""``cposim engine``: design a WDM micro-ring optical engine, or search for the best one.

``cposim engine [PRESET|SCENARIO]`` prints the design and its energy breakdown (``--json``:
one object with ``capacity_tbps``, ``energy_pj_per_bit``, ``energy_breakdown_pj_per_bit``,
``tuning_power_w``, ``laser_power_w``, ``shoreline_gbps_per_mm``, ... and ``sources``);
``--plots DIR`` writes the ring spectra with the grid and the tuning-power histogram;
``--optimize`` searches the design space for the lowest energy per bit at the target
bandwidth (``--capacity``, default the spec's) and writes the Pareto plot (``--pareto``).

A scenario file holds an ``engine`` section: a preset and overrides with units::

    name: my 3.2T engine
    engine:
      preset: nv-1.6t
      fibers_per_engine: 2
      channel_spacing: 200 GHz
      temperature_swing: 30 K

Parsing happens here, at the edge; the numbers come from :mod:`cposim.engine`. Rendering only.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from cposim.cli.errors import one_line_errors
from cposim.cli.uncertainty_output import seed_option, uncertainty_option
from cposim.errors import ConfigError

console = Console()

_TOP_LEVEL = ("name", "description", "engine")


def load_engine_spec(target: str):
    """A preset name or a scenario file -> :class:`~cposim.engine.spec.EngineSpec`."""
    from cposim.engine.spec import ENGINE_PRESETS, engine_preset
    from cposim.scenario.loader import read_document
    from cposim.scenario.overrides import USER_SOURCE_ID, apply_overrides

    if target in ENGINE_PRESETS:
        return engine_preset(target)
    path = Path(target)
    if not (path.suffix.lower() in (".yaml", ".yml", ".toml") or path.exists()):
        engine_preset(target)  # ConfigError listing the presets
    doc = read_document(path)
    for key in doc:
        if key not in _TOP_LEVEL:
            close = difflib.get_close_matches(str(key), _TOP_LEVEL, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConfigError(str(key), key, f"is not a known section{hint} (valid: {', '.join(_TOP_LEVEL)})")
    section = doc.get("engine")
    if not isinstance(section, dict):
        raise ConfigError("engine", section, "is missing or not a mapping; expected `engine: {preset: NAME, ...}`")
    section = dict(section)
    preset = section.pop("preset", None) or "nv-1.6t"
    if not isinstance(preset, str) or preset not in ENGINE_PRESETS:
        raise ConfigError("engine.preset", preset, f"is not an engine preset (valid: {', '.join(ENGINE_PRESETS)})")
    spec = apply_overrides(engine_preset(preset), section, "engine")
    text_set = {f: (USER_SOURCE_ID,) for f in spec.text_fields if f in section}
    if text_set:
        spec = spec.replace(cited={**spec.cited, **text_set})
    name = doc.get("name")
    if name is not None:
        if not isinstance(name, str):
            raise ConfigError("name", name, "is not text")
        spec = spec.replace(name=name)
    return spec


def _parse_capacity(text: Optional[str]) -> Optional[float]:
    if text is None:
        return None
    from cposim.cli.package_commands import parse_rate

    return parse_rate("--capacity", text)


@one_line_errors
def engine_cmd(
    target: str = typer.Argument("nv-1.6t", help="An engine preset (nv-1.6t, nv-3.2t, dense-3.2t) or a scenario "
                                                 "file with an `engine:` section."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
    optimize_: bool = typer.Option(False, "--optimize", help="Search the design space for the lowest pJ/bit."),
    capacity: Optional[str] = typer.Option(None, "--capacity", help="Target engine bandwidth for --optimize, e.g. "
                                                                    "1.6T or 3.2T (default: the spec's)."),
    pareto: Path = typer.Option(Path("engine-pareto.png"), "--pareto", help="Where --optimize writes the Pareto plot."),
    plots: Optional[Path] = typer.Option(None, "--plots", help="Directory for the ring-spectra and tuning-histogram "
                                                               "PNGs of the design (or of the optimum)."),
    uncertainty: Optional[int] = uncertainty_option(),
    seed: int = seed_option(),
) -> None:
    """Design a WDM micro-ring optical engine: rings, heaters, laser, pJ/bit, shoreline (or --optimize)."""
    from cposim.engine.optimizer import optimize
    from cposim.engine.plots import plot_pareto
    from cposim.cli import uncertainty_output
    from cposim.engine.rollup import design_engine
    from cposim.uncertainty.headlines import engine_headlines

    spec = load_engine_spec(target)
    if optimize_ and uncertainty is not None:
        raise ConfigError("--uncertainty", uncertainty, "applies to one design, not to --optimize; run it on the "
                                                        "optimum's scenario")
    if optimize_:
        if pareto.suffix.lower() not in (".png", ".pdf", ".svg"):
            raise ConfigError("--pareto", str(pareto), "has no figure suffix; expected .png, .pdf or .svg")
        result = optimize(spec, target_capacity_bps=_parse_capacity(capacity))
        written = plot_pareto(result, pareto)
        files = _design_plots(result.best, plots) if plots else []
        if json_out:
            print(json.dumps({**result.to_dict(), "pareto_plot": str(written), "plots": files}, indent=2))
            return
        _print_design(result.best.to_dict())
        _print_optimization(result.to_dict())
        console.print(f"Pareto plot: {written}")
        for f in files:
            console.print(f"wrote {f}")
        return
    if capacity is not None:
        raise ConfigError("--capacity", capacity, "is only used with --optimize; set fibers_per_engine or "
                                                  "wavelengths_per_fiber in a scenario to change the design")
    design = design_engine(spec)
    files = _design_plots(design, plots) if plots else []
    mc = uncertainty_output.run(lambda: engine_headlines(lambda: load_engine_spec(target)), uncertainty, seed)
    if json_out:
        data = {**design.to_dict(), "plots": files}
        if mc is not None:
            data["uncertainty"] = mc.as_dict()
        print(json.dumps(data, indent=2))
        return
    _print_design(design.to_dict())
    for f in files:
        console.print(f"wrote {f}")
    if mc is not None:
        uncertainty_output.print_uncertainty(console, mc)


def _design_plots(design, folder: Path) -> list[str]:
    from cposim.engine.plots import plot_ring_spectra, plot_tuning_histogram
    from cposim.engine.rollup import tune_rings

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ConfigError("--plots", str(folder), "is a file; expected a directory")
    other = "fixed" if design.spec.assignment == "cyclic" else "cyclic"
    tunings = {design.spec.assignment: design.tuning,
               other: tune_rings(design.spec.replace(assignment=other), design.rings)}
    spectra = plot_ring_spectra(design.rings, folder / "engine-ring-spectra.png")
    hist = plot_tuning_histogram(tunings, folder / "engine-tuning-histogram.png")
    return [str(spectra), str(hist)]


def _f(x: Any, spec: str = ".2f") -> str:
    return format(float(x), spec)


def _ids_text(ids: list[str], limit: int = 6) -> str:
    """The first ``limit`` source ids, then how many more (all of them are in --json)."""
    shown = ", ".join(ids[:limit])
    return shown + (f" (+{len(ids) - limit} more)" if len(ids) > limit else "")


def _print_design(d: dict[str, Any]) -> None:
    src = d["sources"]
    head = Table(title=f"Optical engine {d['name']}", show_header=False, box=None, pad_edge=False)
    head.add_column(style="bold")
    head.add_column()
    fibers = d["fibers_per_engine"]
    head.add_row("capacity", f"{_f(d['capacity_tbps'], 'g')} Tb/s per direction: {d['lanes_per_engine']} lanes x "
                 f"{_f(d['lane_rate_gbps'], 'g')}G {d['modulation'].upper()} ({_f(d['line_rate_gbps'])} Gb/s line)")
    ring = d["ring"]
    head.add_row("grid", f"{d['grid']}: spacing {_f(ring['channel_spacing_nm'], '.3f')} nm, span "
                 f"{_f(ring['channel_span_nm'])} nm")
    head.add_row("fibers", f"{_f(fibers['tx'], 'g')} Tx + {_f(fibers['rx'], 'g')} Rx + {_f(fibers['laser'], 'g')} laser "
                 f"= {_f(fibers['total'], 'g')}; lasers {_f(d['lasers_per_engine'], 'g')} ({d['laser_class']} class)")
    head.add_row("energy", f"{_f(d['energy_pj_per_bit'])} pJ/bit per direction (engine {_f(d['engine_power_w'])} W); "
                 f"{_f(d['energy_at_required_laser_pj_per_bit'])} with the laser at exactly the power needed")
    head.add_row("tuning power", f"{_f(d['tuning_power_w'], '.3f')} W mean, {_f(d['tuning_power_worst_case_w'], '.3f')} "
                 f"W at the cold corner ({d['assignment']} assignment)")
    head.add_row("laser power", f"{_f(d['laser_power_w'], '.3f')} W wall-plug")
    head.add_row("shoreline", f"{_f(d['shoreline_gbps_per_mm'], '.0f')} Gb/s/mm (edge {_f(d['engine_edge_mm'])} mm), "
                 f"{_f(d['area_density_gbps_per_mm2'], '.1f')} Gb/s/mm2")
    console.print(head)

    energy = Table(title="Energy per bit by contributor (per direction)", title_justify="left")
    energy.add_column("contributor")
    energy.add_column("pJ/bit", justify="right")
    energy.add_column("sources", overflow="fold")
    for k, v in d["energy_breakdown_pj_per_bit"].items():
        energy.add_row(k, _f(v), ", ".join(src[f"energy_breakdown_pj_per_bit.{k}"]))
    energy.add_row("[bold]total[/bold]", f"[bold]{_f(d['energy_pj_per_bit'])}[/bold]", "")
    console.print(energy)

    for section, title in (("ring", "Rings"), ("thermal", "Heaters (fabrication Monte Carlo)"),
                           ("laser", "Laser"), ("link", "Link (one lane)")):
        table = Table(title=title, title_justify="left")
        table.add_column("quantity")
        table.add_column("value", justify="right")
        table.add_column("sources", overflow="fold")
        for k, v in d[section].items():
            shown = _f(v, ".3g") if isinstance(v, float) else str(v)
            table.add_row(k, shown, _ids_text(src[f"{section}.{k}"]))
        console.print(table)
    console.print("details of any id: cposim sources ID")


def _print_optimization(d: dict[str, Any]) -> None:
    console.print(f"[bold]Optimum for {_f(d['target_capacity_tbps'], 'g')} Tb/s[/bold]: {d['feasible']} feasible of "
                  f"{d['candidates']} candidate designs")
    front = Table(title="Pareto front: energy per bit against shoreline density", title_justify="left")
    for col in ("pJ/bit", "Gb/s/mm", "grid", "lane", "mod Q", "demux Q", "laser"):
        front.add_column(col)
    for p in d["pareto_front"]:
        front.add_row(_f(p["energy_pj_per_bit"]), _f(p["shoreline_gbps_per_mm"], ".0f"),
                      f"{p['wavelengths_per_fiber']} x {_f(p['channel_spacing_ghz'], 'g')} GHz",
                      f"{_f(p['lane_rate_gbps'], 'g')}G {p['modulation'].upper()}", _f(p["modulator_loaded_q"], ".0f"),
                      _f(p["demux_loaded_q"], ".0f"), p["laser_class"])
    console.print(front)
    sens = Table(title="Sensitivity of pJ/bit (laser at the required power): elasticity (dE/E)/(dp/p)",
                 title_justify="left")
    sens.add_column("parameter")
    sens.add_column("elasticity", justify="right")
    for row in d["sensitivity"]:
        sens.add_row(row["parameter"], _f(row["elasticity"], "+.4f"))
    console.print(sens)


def register(app: typer.Typer) -> None:
    """Add ``engine`` to the cposim command line."""
    app.command("engine")(engine_cmd)
