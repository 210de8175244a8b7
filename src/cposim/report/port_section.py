"""Section 3, engine / port: every interconnect architecture for one port, side by side
(:func:`cposim.package.compare_ports`): power per port by contributor, pJ/bit, reach, margin,
lasers and fibers, each row with the sources of that architecture's result."""

from __future__ import annotations

from cposim.package import PORT_CONTRIBUTORS, compare_ports, get_architecture
from cposim.package.port_result import ACCOUNTING, PortResult
from cposim.report.citations import merge
from cposim.report.model import FigureSpec, Paragraph, Row, Section, Table
from cposim.report.scenario import ReportScenario

#: Co-packaged and pluggable architectures set side by side in the report summary.
VERSUS_ARCHITECTURES = ("cpo-mrm", "dsp-dr")


def port_sources(result: PortResult) -> tuple[str, ...]:
    """Ids behind one architecture's port result: its structure first, then the rest."""
    return merge(get_architecture(result.architecture).sources, result.sources)


def _rate(bps: float) -> str:
    return f"{bps / 1e12:g}T" if bps >= 1e12 else f"{bps / 1e9:g}G"


def port_section(scenario: ReportScenario) -> Section:
    """Section 3 at the scenario's port and lane rates."""
    results, excluded = compare_ports(port_rate_bps=scenario.port_rate_bps, lane_rate_bps=scenario.lane_rate_bps)
    port = _rate(scenario.port_rate_bps)
    lane = _rate(scenario.lane_rate_bps)
    rows = []
    parts = []
    for r in results:
        ids = port_sources(r)
        label = r.label + (" (extrapolated)" if r.extrapolated else "")
        rows.append(Row(label, (float(r.power_w_per_port), float(r.energy_pj_per_bit), float(r.reach_m),
                                float(r.length_m), float(r.margin_db), float(r.lasers_per_port),
                                float(r.fibers_per_port), r.host_serdes_class.upper()), ids))
        parts.append(Row(label, tuple(float(r.breakdown_w[k]) for k in PORT_CONTRIBUTORS), ids))
    table = Table(
        key="port-compare", title=f"Architectures per {port} port ({lane}/lane)", label_header="architecture",
        columns=("W/port", "pJ/bit", "reach, m", "at, m", "margin, dB", "lasers", "fibers", "host SerDes"),
        formats=(".2f", ".2f", ".3g", ".3g", ".2f", ".3g", ".3g", "s"), rows=tuple(rows), wide=True,
        caption="W/port: one end of the link, both directions, host SerDes included; pJ/bit per direction; margin: "
                "optical BER margin from the link engine, or the COM-lite margin of a copper channel, at the length "
                "shown; lasers and fibers per port (fibers: signal plus laser feed).")
    breakdown = Table(
        key="port-breakdown", title="Power per port by contributor, W", label_header="architecture",
        columns=tuple(k.replace("_", " ") for k in PORT_CONTRIBUTORS), formats=(".2f",) * len(PORT_CONTRIBUTORS),
        rows=tuple(parts), wide=True)
    chart = FigureSpec(
        key="port-stacked", title=f"Power per {port} port by contributor", plot="port_stack",
        data={"labels": [r.label for r in results], "contributors": list(PORT_CONTRIBUTORS),
              "watts": [[float(r.breakdown_w[k]) for k in PORT_CONTRIBUTORS] for r in results],
              "ylabel": "W per port (one end, both directions)"},
        caption="Stacked power per port; bars in registry order (copper, DSP pluggables, linear, NPO, CPO).",
        sources=merge(*(row.sources for row in rows)), wide=True)
    blocks = [chart, table, breakdown]
    notes = tuple(f"{name} not shown: {why}" for name, why in excluded)
    blocks.append(Paragraph(f"Accounting: {ACCOUNTING}."))
    by_name = {r.architecture: r for r in results}
    versus = ()
    if all(a in by_name for a in VERSUS_ARCHITECTURES):
        pair = [by_name[a] for a in VERSUS_ARCHITECTURES]
        versus = (Row("power per port, W (one end, both directions)", tuple(float(r.power_w_per_port) for r in pair),
                      merge(*(port_sources(r) for r in pair)), ".2f"),
                  Row("energy per bit, pJ/bit per direction", tuple(float(r.energy_pj_per_bit) for r in pair),
                      merge(*(port_sources(r) for r in pair)), ".2f"))
    return Section(
        key="port", title="3. Engine and port",
        intro=("Every interconnect architecture evaluated for one port at the scenario's port and lane rates, built "
               "bottom-up: "
               "optical lanes from the link engine, copper channels and host SerDes classes from the electrical "
               "layer. Architectures that cannot serve this port are listed with the reason."),
        blocks=tuple(blocks), notes=notes, versus=versus)
