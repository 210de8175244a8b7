"""Build a report (data) for a scenario and write it as one self-contained HTML file.

``build_report`` runs every section: devices, link (analytic engine and a short time-domain
run), the per-port architecture comparison, the switch, and the fabric. ``write_report``
renders it (:mod:`cposim.report.html`) and writes ``report-<scenario>.html`` in a folder.
"""

from __future__ import annotations

from pathlib import Path

from cposim.errors import ConfigError
from cposim.link.summary import lane_summary
from cposim.link.engine import evaluate
from cposim.package.port_result import ACCOUNTING
from cposim.report.citations import merge, references
from cposim.report.devices_section import devices_section
from cposim.report.fabric_section import fabric_section
from cposim.report.html import render_html
from cposim.report.link_section import link_section
from cposim.report.model import Facts, Report, Row, Table
from cposim.report.port_section import port_section
from cposim.report.scenario import ReportScenario, load_scenario
from cposim.report.switch_section import switch_section
from cposim.report.uncertainty_section import uncertainty_section


def conventions(scenario: ReportScenario) -> tuple[tuple[str, str], ...]:
    """The accounting conventions the numbers follow."""
    summary = lane_summary(evaluate(scenario.lane))
    return (
        ("Rates", "Every rate is per direction: a 1.6T port carries 1.6 Tb/s each way; a 102.4T switch switches "
                  "102.4 Tb/s each way."),
        ("Energy per bit", "pJ/bit is per direction: the power spent moving one direction's traffic (sending host "
                           "SerDes Tx, module or engine, laser, driver, TIA, receiving host SerDes Rx) divided by the "
                           "payload rate per direction. Lane: " + summary["energy_accounting"] + "."),
        ("Port", "A port is one end of a link: " + ACCOUNTING + ". Co-packaged ports include their external laser "
                 "source's share."),
        ("Margin", "The extra optical loss (dB) at which the pre-FEC BER reaches the target (the FEC threshold "
                   "unless the lane sets one); for copper ports, the COM-lite margin of the channel."),
        ("Optical power", "OMA is P1 - P0 of the outer levels, average power (P1 + P0)/2, extinction ratio P1/P0."),
        ("Fabric power", "Optics power counts modules, engines with their laser share and active cable ends; network "
                         "power adds host SerDes and switch ASIC cores."),
        ("Sources", "Superscript ids link to the references at the end. Confidence 'estimate' marks a planning "
                    "value (ids CPS-*), not a published figure; USER marks a value set by the scenario file."),
    )


def scenario_table(scenario: ReportScenario) -> Table:
    """What the report is about, with the sources of the system defaults."""
    sys = scenario.SYSTEM_SOURCES
    lane_ids = merge(scenario.lane.source_ids())
    sim = scenario.sim()
    rows = (
        Row("lane", (scenario.name,), lane_ids),
        Row("defined by", (f"preset {scenario.preset}" if scenario.origin == "preset" else
                           f"{scenario.origin} on preset {scenario.preset}",), lane_ids),
        Row("port rate per direction, Tb/s", (scenario.port_rate_bps / 1e12,), sys["port_rate_bps"], ".1f"),
        Row("lane rate (payload), Gb/s", (scenario.lane_rate_bps / 1e9,), sys["lane_rate_bps"], ".0f"),
        Row("switch capacity per direction, Tb/s", (scenario.switch_capacity_bps / 1e12,), sys["switch_capacity_bps"],
            ".1f"),
        Row("switch radix at the port rate", (scenario.radix,), merge(sys["switch_capacity_bps"], sys["port_rate_bps"]),
            "d"),
        Row("GPUs in the compute fabric", (scenario.gpus,), sys["gpus"], ",d"),
        Row("time-domain symbols simulated", (sim["n_symbols"],), ("CPS-TDS-01",), ",d"),
    )
    return Table(key="scenario", title="Scenario", label_header="input", columns=("value",), formats=(".3g",),
                 rows=rows, caption="Scenario files set the lane; the system around it is the report's default.")


def versus_table(sections) -> Table:
    """Co-packaged against DSP pluggable optics, port to fabric, with the ratio pluggable / CPO."""
    rows = []
    for section in sections:
        for r in section.versus:
            cpo, dsp = r.values
            fmt = r.fmt if isinstance(r.fmt, str) else ".3g"
            rows.append(Row(r.label, (cpo, dsp, dsp / cpo if cpo else None), r.sources, (fmt, fmt, ".2f")))
    return Table(key="versus", title="Co-packaged optics against DSP pluggables", label_header="quantity",
                 columns=("co-packaged", "DSP pluggable", "pluggable / CPO"), formats=(".3g", ".3g", ".2f"),
                 rows=tuple(rows), caption="Port and switch: micro-ring CPO engines against DR pluggables (sections "
                                           "3 and 4); fabric: co-packaged engines at switches and NICs against "
                                           "pluggables everywhere (section 5).")


def build_report(target: str | None = None, *, quick: bool = False) -> Report:
    """The report for a preset name or scenario file (None: the default preset).

    ``quick`` shortens the time-domain run and the fabric sweep (used by tests).

    Raises:
        ConfigError: a bad scenario (one clear message); PhysicsError: a model refusing the input.
    """
    from cposim import __version__

    scenario = load_scenario(target, quick=quick)
    sections = (
        devices_section(scenario.lane),
        link_section(scenario),
        port_section(scenario),
        switch_section(scenario),
        fabric_section(scenario, quick=quick),
        uncertainty_section(scenario, quick=quick),
    )
    summary = Facts(key="summary-facts", facts=tuple(f for s in sections for f in s.headline))
    table = scenario_table(scenario)
    vs = versus_table(sections)
    ids = [i for r in table.rows + vs.rows for i in r.sources] + [i for f in summary.facts for i in f.sources]
    ids += [i for s in sections for i in s.source_ids()]
    sim = scenario.sim()
    return Report(
        title=f"cposim report: {scenario.name}",
        subtitle=("From devices to a data-center fabric: one lane closed, its port, switch and fabric compared "
                  "with the alternatives, every number with its sources."),
        scenario=table, summary=summary, versus=vs, conventions=conventions(scenario), sections=sections,
        references=references(ids),
        settings={"version": __version__, "slug": scenario.slug, "quick": quick,
                  "simulation": f"time-domain run of {sim['n_symbols']} symbols at {sim['samples_per_symbol']} "
                                f"samples per symbol{' (quick)' if quick else ''}"},
    )


def write_report(report: Report, out_dir: str | Path) -> Path:
    """Render ``report`` and write ``report-<scenario>.html`` under ``out_dir`` (created if
    needed); returns the file's path."""
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"report-{report.settings['slug']}.html"
        path.write_text(render_html(report), encoding="utf-8")
    except OSError as err:
        raise ConfigError("--out", str(out_dir), f"cannot be written ({err.strerror or err})") from None
    return path
