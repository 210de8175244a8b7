"""``cposim sweep SPEC``: run (or resume) a design-space sweep from a spec file.

The spec (YAML/TOML) names the target, the parameters with ranges or values and units, the
sampling, the outputs and an optional analysis (:mod:`cposim.explore.spec`). Rendering only:
the numbers come from :func:`cposim.explore.runner.run_sweep`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import numpy as np
import typer
from rich.console import Console
from rich.table import Table

from cposim.cli.errors import one_line_errors

console = Console()


@one_line_errors
def sweep_cmd(
    spec_file: Path = typer.Argument(..., help="Sweep spec (YAML or TOML): target, parameters, sampling, outputs."),
    backend: Optional[str] = typer.Option(None, "--backend", help="inprocess (default), processes or dask."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Worker processes (processes, or a Dask "
                                                                  "LocalCluster started for the run)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address, e.g. "
                                                                      "tcp://10.0.0.5:8786 (implies --backend dask)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Results folder (default: the spec's `out`, else "
                                                           "sweeps/<spec name>). The same command resumes it."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object (no progress bar)."),
) -> None:
    """Run a sweep of the link, architecture or fabric models; a killed sweep resumes where it stopped."""
    from cposim.explore.backends import check_backend
    from cposim.explore.runner import run_sweep
    from cposim.explore.spec import load_spec

    check_backend(backend, workers, scheduler)
    spec = load_spec(spec_file)
    folder = out or spec.out or Path("sweeps") / spec_file.stem
    run = run_sweep(spec, out=folder, backend=backend, workers=workers, scheduler=scheduler,
                    quiet=quiet or json_out)
    summary = _summary(spec, run)
    if json_out:
        print(json.dumps(summary, indent=2))
        return
    _print(summary)


def _summary(spec, run) -> dict[str, Any]:
    from cposim.explore.store import SweepStore

    columns = SweepStore(run.folder, spec).columns()
    units = spec.target.output_units()
    outputs = {name: {"unit": units[name], "min": float(np.min(columns[name])),
                      "median": float(np.median(columns[name])), "max": float(np.max(columns[name]))}
               for name in spec.outputs}
    return {"name": spec.name, "target": spec.target.describe(), "sampling": spec.space.sampling.describe(),
            "parameters": list(spec.space.paths), **run.as_dict(), "outputs": outputs}


def _print(s: dict[str, Any]) -> None:
    table = Table(title=f"{s['name']}: {s['points']:,} points ({s['sampling']['method']}), {s['backend']} "
                        f"x{s['workers']}, {s['seconds']:.1f} s")
    for col in ("output", "unit", "min", "median", "max"):
        table.add_column(col, justify="left" if col in ("output", "unit") else "right")
    for name, o in s["outputs"].items():
        table.add_row(name, o["unit"], f"{o['min']:.4g}", f"{o['median']:.4g}", f"{o['max']:.4g}")
    console.print(table)
    if s["resumed_chunks"]:
        console.print(f"resumed: {s['resumed_chunks']} of {s['chunks']} chunks were already on disk")
    pareto = s["analysis"].get("pareto")
    if pareto:
        senses = ", ".join(f"{k} ({v})" for k, v in pareto["objectives"].items())
        console.print(f"Pareto front over {senses}: {pareto['points']:,} points")
        for k, (lo, hi) in pareto["ranges"].items():
            console.print(f"  {k}: {lo:.4g} .. {hi:.4g}")
        for k, names in pareto["categories"].items():
            console.print(f"  {k}: {', '.join(names)}")
    for output, rows in s["analysis"].get("sensitivity", {}).items():
        console.print(f"What moves {output} most (first-order variance share, Spearman rho):")
        for r in rows:
            rho = "-" if r["spearman"] is None else f"{r['spearman']:+.2f}"
            console.print(f"  {r['parameter']:<50} {r['first_order']:.3f}  {rho}")
    console.print(f"results: {s['results']}")


def register(app: typer.Typer) -> None:
    """Add ``sweep`` to the cposim command line."""
    app.command("sweep")(sweep_cmd)
