"""``--uncertainty N`` / ``--seed S`` for link, compare, switch, engine and fabric: the shared
options, the run, and the table that shows medians, 5/95 % bounds and the driving rows."""

from __future__ import annotations

import json
from typing import Any, Callable, Mapping, Optional

import typer
from rich.console import Console
from rich.table import Table

UNCERTAINTY_HELP = ("Propagate the estimate rows' ranges by seeded Monte Carlo with N samples: median and "
                    "5/95 % bounds of the headline numbers, and the rows that drive them (10..100000).")
SEED_HELP = "Seed of the --uncertainty Monte Carlo (same seed, same numbers)."


def uncertainty_option() -> Any:
    return typer.Option(None, "--uncertainty", help=UNCERTAINTY_HELP)


def seed_option() -> Any:
    return typer.Option(0, "--seed", help=SEED_HELP)


def run(headlines: Callable[[], tuple[Callable[[], dict[str, float]], dict[str, str]]], samples: Optional[int],
        seed: int):
    """The Monte Carlo of the headlines ``headlines()`` builds, or ``None`` when ``--uncertainty``
    was not given (then nothing is built, and ``--seed`` must be left at its default)."""
    from cposim.errors import ConfigError
    from cposim.uncertainty import run_uncertainty

    if samples is None:
        if seed != 0:
            raise ConfigError("--seed", seed, "only applies with --uncertainty N")
        return None
    fn, units = headlines()
    return run_uncertainty(fn, units, samples=samples, seed=seed)


def finish(console: Console, data: dict[str, Any], mc, *, json_out: bool,
           print_plain: Callable[[dict[str, Any]], None]) -> None:
    """Print a command's result: JSON with an ``uncertainty`` key when there is a Monte Carlo,
    or the command's own table followed by the bounds."""
    if json_out:
        if mc is not None:
            data["uncertainty"] = mc.as_dict()
        print(json.dumps(data, indent=2))
        return
    print_plain(data)
    if mc is not None:
        print_uncertainty(console, mc)


def per_subject(data: Mapping[str, Any], subject: str) -> dict[str, Any]:
    """The part of an uncertainty JSON about one subject of dotted headline names
    (``cpo-mrm.power_w_per_port`` -> ``power_w_per_port`` under ``cpo-mrm``)."""
    heads = {k.split(".", 1)[1]: v for k, v in data["headlines"].items() if k.split(".", 1)[0] == subject}
    return {**{k: v for k, v in data.items() if k != "headlines"}, "headlines": heads}


def refusal_lines(result, limit: int = 3) -> list[str]:
    """One line per headline the model refused in some samples, with the commonest kind."""
    lines = []
    for name, b in result.headlines.items():
        if b.ok_samples < result.samples:
            lines.append(f"{name}: {result.samples - b.ok_samples} of {result.samples} samples refused "
                         f"(bounds over the rest); commonest: {b.refusals[0] if b.refusals else '?'}")
    return lines[:limit] + ([f"... and {len(lines) - limit} more headlines with refusals"] if len(lines) > limit else [])


def print_uncertainty(console: Console, result, *, fmt: str = ".3g") -> None:
    """Medians with 5/95 % bounds, nominal and the top drivers of each headline."""
    title = (f"Uncertainty: {result.samples} samples, seed {result.seed}, "
             f"{len(result.rows_applied)} estimate rows sampled (CPS-UNC-01)")
    t = Table(title=title)
    for col in ("headline", "nominal", "median", "5 %", "95 %", "unit", "ok", "driven most by (Spearman rho)"):
        t.add_column(col)
    for name, b in result.headlines.items():
        drivers = ", ".join(f"{d.row} {d.spearman:+.2f}" for d in b.drivers[:3]) or "-"
        t.add_row(name, format(b.nominal, fmt), format(b.median, fmt), format(b.p5, fmt), format(b.p95, fmt),
                  b.unit, f"{b.ok_samples}/{result.samples}", drivers)
    console.print(t)
    for line in refusal_lines(result):
        console.print(line)
