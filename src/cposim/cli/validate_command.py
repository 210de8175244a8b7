"""``cposim validate``: every published figure cposim is compared with, labelled by how the
model uses it (identity, calibration, prediction; only predictions are validation).

The cases and their values come from :mod:`cposim.validate`; this module only renders them.
Exit status 0 even when predictions or calibrations fail (the command is a report: a
calibration that misses its figure is a finding, shown as failed); 1 when an identity fails,
i.e. the code no longer reproduces its own inputs.
"""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cposim.cli.errors import one_line_errors
from cposim.errors import ConfigError

console = Console()


@one_line_errors
def validate_cmd(
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object with the list of cases."),
    markdown_out: bool = typer.Option(False, "--markdown", help="Print the README's validation tables."),
) -> None:
    """Published figures against cposim, each classed identity / calibration / prediction."""
    import cposim.validate as v

    if json_out and markdown_out:
        raise ConfigError("--json/--markdown", "both", "choose one of them")
    results = v.evaluate()
    broken = v.broken_inputs(results)
    if json_out:
        print(json.dumps(v.report_json(results), indent=2))
    elif markdown_out:
        for section in v.SECTIONS:
            print(f"<!-- {section} -->")
            print(v.section_markdown(section, results))
    else:
        table = Table(title="cposim validate: identity = input or definition, calibration = a parameter was set "
                            "from it, prediction = neither (only predictions are validation)",
                      title_justify="left")
        table.add_column("id", no_wrap=True)
        for col in ("source", "class", "published", "cposim", "error", "tolerance (why)", "pass"):
            table.add_column(col, overflow="fold")
        for r in results:
            c = r.case
            table.add_row(c.id, ", ".join(c.sources), c.class_text, c.published_text, r.value_text(),
                          r.error_text(), f"{c.tolerance_text} ({c.tolerance_why})",
                          "pass" if r.passed else "[bold red]FAIL[/]")
        console.print(table)
        console.print(escape(v.summary_line(results)))
    if broken:
        ids = ", ".join(f"{r.case.id} ({r.case.klass})" for r in broken)
        typer.echo(f"error: the code no longer reproduces its own inputs: {ids} failed", err=True)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``validate`` to the cposim command line."""
    app.command("validate")(validate_cmd)
