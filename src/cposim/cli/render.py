"""Rich tables for lane summaries, presets and sources (rendering only)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cposim.references import resolve_sources


def _f(x: Any, fmt: str = ".2f") -> str:
    if isinstance(x, list):
        return f"[{len(x)} values]"
    if x is None:
        return "-"
    return format(x, fmt)


def print_lane(console: Console, s: dict[str, Any]) -> None:
    """Budget, noise, BER/margin and energy breakdown with sources for one lane summary."""
    title = f"{s['name']}" + (f"  (preset {s['preset']})" if s.get("preset") else "")
    head = Table(title=title, show_header=False, box=None, pad_edge=False)
    head.add_column(style="bold")
    head.add_column()
    head.add_row("format", f"{s['modulation'].upper()}, {_f(s['data_rate_bps'] / 1e9, '.0f')} Gb/s payload "
                 f"per lane, {int(s['lanes'])} lanes")
    head.add_row("rates", f"{_f(s['line_rate_bps'] / 1e9, '.3f')} Gb/s optical line "
                 f"({_f(s['symbol_rate_baud'] / 1e9, '.4f')} GBd), "
                 f"{_f(s.get('electrical_rate_bps', s['line_rate_bps']) / 1e9, '.3f')} Gb/s host electrical")
    if s.get("fec"):
        fec = s["fec"]
        decoding = f", {fec['inner_decoding']}-decision inner code" if "inner_decoding" in fec else ""
        head.add_row("FEC", f"{fec['name']}{decoding}, pre-FEC threshold {_f(fec['threshold_ber'], '.2e')}")
    head.add_row("source power", f"{_f(s['source_power_dbm'])} dBm")
    head.add_row("launch", f"OMA {_f(s['launch_oma_dbm'])} dBm, average {_f(s['launch_average_dbm'])} dBm, "
                 f"ER {_f(s['extinction_ratio_db'])} dB")
    head.add_row("received", f"OMA {_f(s['received_oma_dbm'])} dBm, average {_f(s['received_average_dbm'])} dBm")
    head.add_row("sensitivity", f"OMA {_f(s['sensitivity_oma_dbm'])} dBm at BER {_f(s['target_ber'], '.2e')}")
    head.add_row("BER (pre-FEC)", f"{_f(s['ber'], '.2e')}   post-FEC {_f(s['post_fec_ber'], '.1e')}")
    margin = f"{_f(s['margin_db'])} dB" + ("  (search bound reached)" if s["margin_limited"] else "")
    head.add_row("margin", margin)
    if "penalty_db" in s and "receiver" in s:
        rx, pen = s["receiver"], s["penalty_db"]
        ffe = f"{int(rx['ffe_taps'])}-tap FFE ({int(rx['ffe_precursors'])} pre)" if rx["ffe_taps"] else "no FFE"
        head.add_row("receiver", f"{_f(rx['bandwidth_hz'] / 1e9, '.1f')} GHz front end, {ffe}, "
                                 f"noise enhancement {_f(rx['noise_enhancement'], '.2f')}")
        extra = pen["extra_implementation"]
        bound = ">= " if pen.get("waveform_is_lower_bound") else ""
        head.add_row("penalty", f"waveform {bound}{_f(pen['waveform'])} dB (ISI, bandwidth, dispersion, FFE noise)"
                                + (f" + extra {_f(extra)} dB" if extra else ""))
    head.add_row("source for 0 dB margin", "none: an error floor above the target BER" if s["margin_limited"]
                 else f"{_f(s['required_source_power_dbm'])} dBm")
    rt = s.get("ring_thermal")
    if rt:
        limit = ("no runaway (blue side)" if rt["max_power_per_ring_dbm"] is None
                 else f"open-loop stable up to {_f(rt['max_power_per_ring_dbm'])} dBm")
        head.add_row("ring self-heating",
                     f"{_f(rt['ring_input_power_dbm'])} dBm in, {_f(rt['absorbed_power_mw'])} mW absorbed, "
                     f"{_f(rt['self_heating_k'], '.1f')} K ({_f(rt['self_heating_linewidths'], '.1f')} linewidths), "
                     f"{rt['laser_side']} side: {'stable' if rt['stable'] else 'UNSTABLE without the lock loop'}; "
                     f"{limit}")
    console.print(head)

    budget = Table(title="Optical budget", title_justify="left")
    budget.add_column("element")
    budget.add_column("loss dB", justify="right")
    for k, v in s["budget_db"].items():
        budget.add_row(k, _f(v))
    budget.add_row("[bold]total[/bold]", f"[bold]{_f(s['total_loss_db'])}[/bold]")
    console.print(budget)

    energy = Table(title="Energy per bit, per direction", title_justify="left")
    energy.add_column("contributor")
    energy.add_column("pJ/bit", justify="right")
    energy.add_column("sources")
    for k, v in s["energy_breakdown_pj_per_bit"].items():
        if isinstance(v, float) and v == 0.0:
            continue
        energy.add_row(k, _f(v), ", ".join(s["energy_sources"].get(k, [])))
    energy.add_row("[bold]total[/bold]", f"[bold]{_f(s['energy_pj_per_bit'])}[/bold]", "")
    console.print(energy)
    console.print(f"module power {_f(s['module_power_w'])} W, port power {_f(s['port_power_w'])} W "
                  f"({s['energy_accounting']})")
    console.print(f"sources: {', '.join(s['sources'])}  (details: cposim sources {s.get('preset') or 'SCENARIO'})")


def _row_text(row: dict[str, str]) -> str:
    unit = f" {row['unit']}" if row["unit"] not in ("", "-") else ""
    conditions = f": {row['conditions']}" if row["conditions"] else ""
    return f"{row['id']} = {row['value']}{unit} [{row['confidence']}]{conditions}"


def print_sources(console: Console, title: str, details: dict[str, dict[str, Any]]) -> None:
    """Each parameter with the value in use and its calibrations, then the rows it cites
    (value, confidence, conditions); then the reference rows with their publications.

    ``details``: parameter path -> ``value_text``, ``rows`` (dicts with id, value, unit,
    confidence, conditions) and ``calibrated_to`` (dicts with figure and case), as built by
    ``cposim sources``.
    """
    console.print(f"[bold]{escape(title)}[/bold]"
                  + escape(": per parameter the value in use, then each cited row (value [confidence]: conditions)"),
                  soft_wrap=True)
    for name, d in details.items():
        value = f" = {d['value_text']}" if d["value_text"] else ""
        calibrated = "".join(f"  [calibrated to {c['figure']} ({c['case']})]" for c in d["calibrated_to"])
        console.print(f"  [bold]{escape(name)}[/bold]{escape(value)}{escape(calibrated)}", soft_wrap=True)
        for row in d["rows"]:
            console.print(escape(f"      {_row_text(row)}"), soft_wrap=True)
    ids = [r["id"] for d in details.values() for r in d["rows"]]
    rows = Table(title="References", title_justify="left", show_lines=False)
    for col in ("id", "quantity", "value", "confidence", "source"):
        rows.add_column(col, overflow="fold")
    for src in resolve_sources(ids):
        unit = f" {src.unit}" if src.unit not in ("", "-") else ""
        rows.add_row(src.id, escape(src.quantity), escape(f"{src.value}{unit}"), src.confidence, escape(src.source))
    console.print(rows)


def print_calibrations(console: Console, rows: list[dict[str, str]]) -> None:
    """``cposim sources --calibrations``: parameter, row, figure, case and the command that redoes it."""
    table = Table(title="Calibrations: a parameter set so that the model meets a published figure "
                        "(`cposim validate` checks each still holds)", title_justify="left")
    table.add_column("case", no_wrap=True)
    table.add_column("parameter", overflow="fold")
    table.add_column("row (value)", overflow="fold")
    table.add_column("figure (value)", overflow="fold")
    table.add_column("redo", overflow="fold")
    for r in rows:
        table.add_row(r["case"], escape(r["parameter"]), escape(f"{r['reference']} ({r['reference_value']})"),
                      escape(f"{r['figure']} ({r['figure_value']})"), escape(r["redo"]))
    console.print(table)
