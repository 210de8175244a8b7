"""``cposim report``: the whole story of a scenario as one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from cposim.cli.errors import one_line_errors

console = Console()


@one_line_errors
def report_cmd(
    target: Optional[str] = typer.Argument(None, help="A preset name or a scenario file (default: the built-in "
                                                      "default scenario, preset cpo-mrm-wdm-200g)."),
    out: Path = typer.Option(Path("out"), "--out", help="Folder for the HTML file (created if needed)."),
    quick: bool = typer.Option(False, "--quick", help="Shorter time-domain simulation and fabric sweep."),
) -> None:
    """Write one self-contained HTML report: devices, link budget, BER waterfall, eye, energy, the
    architectures per port, the switch and the AI fabric, every number with its sources."""
    from cposim.report import build_report, write_report

    with console.status("building the report ...", spinner="dots"):
        report = build_report(target, quick=quick)
        path = write_report(report, out)
    size_kb = path.stat().st_size / 1024
    print(f"report written to {path} ({size_kb:,.0f} kB, {len(report.references)} references); "
          f"open it in a browser: file://{path.resolve()}")


def register(app: typer.Typer) -> None:
    """Add ``report`` to the ``cposim`` app."""
    app.command("report")(report_cmd)
