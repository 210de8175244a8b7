"""Section 2, link: the lane closed by the analytic engine (budget, BER, margin, energy) and a
short time-domain run for its eye (:mod:`cposim.report.link_eye`).

The BER waterfall is the engine itself over an array of extra connector loss (one vectorised
:func:`cposim.link.sweep.evaluate_points` call): the lane's connectors are replaced by the same
total loss plus the extra, spread evenly over enough mated pairs to stay in each pair's
allowed range. Everything else stays as the lane has it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cposim.devices.external_laser import ExternalLaserSource
from cposim.link.engine import LaneResult, evaluate
from cposim.link.lane import Lane
from cposim.link.summary import contributor_sources
from cposim.link.sweep import evaluate_points
from cposim.report.citations import by_prefix, merge
from cposim.report.link_eye import eye_blocks
from cposim.report.model import Fact, Facts, FigureSpec, Row, Section, Table
from cposim.report.scenario import ReportScenario

#: Points of the BER waterfall.
WATERFALL_POINTS = 121
#: The waterfall runs from the lane's received OMA (plus its connector loss) to this far
#: beyond the sensitivity, dB.
WATERFALL_BEYOND_DB = 3.0
#: Largest loss of one mated connector pair the device model accepts, dB (FiberConnector).
MAX_LOSS_PER_CONNECTOR_DB = 10.0


def citation_groups(lane: Lane) -> dict[str, tuple[str, ...]]:
    """Source ids of the transmitter, the path and the receiver of ``lane``."""
    by = lane.sources_by_parameter()
    tx = by_prefix(by, ("source.", "laser_coupling.", "modulator.", "tx_waveguide.", "tx_coupler.", "lanes_per_laser",
                        "splitter_excess_loss_db"))
    path = by_prefix(by, ("fiber.", "connectors.", "rx_coupler.", "demux.", "rx_waveguide."))
    rx = by_prefix(by, ("photodetector.", "tia.", "rx_bandwidth_symbol_fraction", "implementation_penalty_db", "fec.",
                        "target_ber", "demux.", "source.", "rx_ffe_"))
    return {"tx": tx, "path": path, "rx": rx, "all": merge(tx, path, rx), "fec": by_prefix(by, ("fec.", "target_ber")),
            "rates": by_prefix(by, ("line_rate_bps", "data_rate_bps", "lanes"))}


def budget_sources(lane: Lane, element: str) -> tuple[str, ...]:
    """Ids behind one element of the optical budget (``cposim.link.engine.path_losses_db``)."""
    by = lane.sources_by_parameter()
    if element == "laser_split":
        prefixes = ("source.",) if isinstance(lane.source, ExternalLaserSource) else \
            ("lanes_per_laser", "splitter_excess_loss_db")
    else:
        prefixes = (f"{element}.",)
    return by_prefix(by, prefixes)


def waterfall_data(lane: Lane, result: LaneResult) -> dict[str, Any]:
    """BER vs received OMA from one engine sweep over extra loss (module docstring)."""
    base = float(lane.connectors.loss_db)
    margin = float(result.margin_db)
    extra = np.linspace(-base, max(margin, 0.0) + WATERFALL_BEYOND_DB, WATERFALL_POINTS)
    total = base + extra
    count = max(1, int(np.ceil(float(total.max()) / MAX_LOSS_PER_CONNECTOR_DB)))
    out = evaluate_points(lane, {"connectors.connector_count": np.full(extra.size, float(count)),
                                 "connectors.loss_per_connector_db": total / count})
    return {
        "extra_loss_db": extra,
        "received_oma_dbm": out["received_oma_dbm"],
        "ber": out["ber"],
        "target_ber": float(result.target_ber),
        "operating_oma_dbm": float(result.received_oma_dbm),
        "operating_ber": float(result.ber),
        "sensitivity_oma_dbm": float(result.sensitivity_oma_dbm),
        "margin_db": margin,
    }


def _ring_thermal_rows(lane: Lane, r: LaneResult) -> tuple[Row, ...]:
    """Self-heating of the lane's ring modulator (:func:`cposim.link.summary.ring_thermal_summary`)."""
    from cposim.link.summary import ring_thermal_summary

    rt = ring_thermal_summary(r)
    if rt is None:
        return ()
    ids = merge(tuple(rt["sources"]), by_prefix(lane.sources_by_parameter(), ("modulator.",)))
    limit = rt["max_power_per_ring_dbm"]
    return (
        Row("ring modulator self-heating, K", (rt["self_heating_k"],), ids, ".1f"),
        Row("ring self-heating shift, loaded linewidths", (rt["self_heating_linewidths"],), ids, ".2f"),
        Row(f"ring open-loop thermal stability ({rt['laser_side']}-side laser)",
            ("stable" if rt["stable"] else f"unstable without its lock loop (loop gain {rt['loop_gain']:.1f})",),
            ids, "s"),
        Row("largest open-loop-stable power into the ring, dBm", (limit,), ids, ".2f"),
    )


def _glance(lane: Lane, r: LaneResult, groups: dict[str, tuple[str, ...]], energy_ids: tuple[str, ...]) -> Table:
    source_ids = by_prefix(lane.sources_by_parameter(), ("source.",))
    req_dbm = 10.0 * np.log10(float(r.required_source_power_w(0.0)) / 1e-3)
    src_dbm = 10.0 * np.log10(float(r.source_power_w) / 1e-3)
    rows = (
        Row("payload per lane, Gb/s per direction", (float(lane.data_rate_bps) / 1e9,), groups["rates"], ".1f"),
        Row("optical line rate per lane (incl. FEC), Gb/s", (float(lane.line_rate_bps) / 1e9,), groups["rates"], ".3f"),
        Row("lanes per port", (int(lane.lanes),), groups["rates"], "d"),
        Row("laser power per lane, dBm", (src_dbm,), source_ids, ".2f"),
        Row("launch OMA (outer), dBm", (float(r.launch_oma_dbm),), groups["tx"], ".2f"),
        Row("launch average power, dBm", (float(r.launch_average_dbm),), groups["tx"], ".2f"),
        Row("extinction ratio (outer levels), dB", (float(r.extinction_ratio_db),), groups["tx"], ".2f"),
        Row("received OMA, dBm", (float(r.received_oma_dbm),), merge(groups["tx"], groups["path"]), ".2f"),
        Row("sensitivity (OMA at the target BER), dBm", (float(r.sensitivity_oma_dbm),), groups["all"], ".2f"),
        Row("receiver FFE taps (lane's own receiver)", (int(lane.rx_ffe_taps),), groups["rx"], "d"),
        Row("waveform penalty (ISI, bandwidth, dispersion, FFE noise), dB", (float(r.waveform_penalty_db),),
            merge(groups["all"], ("CPS-LNK-07",)), ".2f"),
        Row("target pre-FEC BER (FEC threshold)", (float(r.target_ber),), groups["fec"], ".2e"),
        Row("pre-FEC BER", (float(r.ber),), groups["all"], ".2e"),
        Row("post-FEC BER", (float(r.post_fec_ber),), merge(groups["all"], groups["fec"]), ".1e"),
        Row("margin (extra optical loss to the target BER), dB", (float(r.margin_db),), groups["all"], ".2f"),
        Row("laser power per lane for 0 dB margin, dBm", (req_dbm,), groups["all"], ".2f"),
        Row("energy per bit, pJ/bit per direction", (float(r.energy_pj_per_bit),), energy_ids, ".2f"),
        Row("module / engine power (with laser share), W", (float(r.energy.module_power_w),), energy_ids, ".2f"),
        Row("port power (module + host SerDes), W", (float(r.energy.port_power_w),), energy_ids, ".2f"),
    ) + _ring_thermal_rows(lane, r)
    return Table(key="link-glance", title="The lane at a glance", label_header="quantity", columns=("value",),
                 formats=(".3g",), rows=rows)


def _budget(lane: Lane, r: LaneResult) -> Table:
    rows = [Row(k.replace("_", " "), (float(v),), budget_sources(lane, k)) for k, v in r.budget_db.items()]
    all_ids = merge(*(row.sources for row in rows))
    rows.append(Row("total, laser to photodetector", (float(sum(np.asarray(v) for v in r.budget_db.values())),),
                    all_ids, note="total"))
    return Table(key="link-budget", title="Optical budget (loss per element, laser to photodetector)",
                 label_header="element", columns=("loss, dB",), formats=(".2f",), rows=tuple(rows))


def _energy(r: LaneResult) -> tuple[Table, dict[str, Any], tuple[str, ...]]:
    cites = contributor_sources(r)
    pj = r.energy_breakdown_pj_per_bit()
    lanes = float(r.energy.lanes)
    total_pj = float(r.energy_pj_per_bit)
    rows, names, values = [], [], []
    for k, v in pj.items():
        v = float(v)
        if v == 0.0:
            continue
        w = float(r.energy.power_w[k]) * lanes
        rows.append(Row(k.replace("_", " "), (v, w, 100.0 * v / total_pj), merge(cites[k])))
        names.append(k.replace("_", " "))
        values.append(v)
    ids = merge(*(row.sources for row in rows))
    rows.append(Row("total", (total_pj, float(r.energy.port_power_w), 100.0), ids, note="total"))
    table = Table(key="link-energy", title="Energy per bit by contributor (per direction)", label_header="contributor",
                  columns=("pJ/bit", "W per port", "share, %"), formats=(".2f", ".2f", ".1f"), rows=tuple(rows),
                  caption="W per port: the contributor's power for all lanes of the port, both directions "
                          "(per-direction power x lanes; see the accounting conventions)")
    return table, {"names": names, "pj_per_bit": values, "total_pj_per_bit": total_pj}, ids


def link_section(scenario: ReportScenario) -> Section:
    """Section 2 for the scenario's lane."""
    lane = scenario.lane
    r = evaluate(lane)
    groups = citation_groups(lane)
    energy_table, energy_data, energy_ids = _energy(r)
    headline = Facts(key="link-facts", facts=(
        Fact("margin", float(r.margin_db), ".2f", "dB", groups["all"]),
        Fact("pre-FEC BER", float(r.ber), ".1e", "", groups["all"]),
        Fact("energy", float(r.energy_pj_per_bit), ".2f", "pJ/bit per direction", energy_ids),
        Fact("port power", float(r.energy.port_power_w), ".2f", "W", energy_ids),
    ))
    waterfall = FigureSpec(
        key="link-waterfall", title="BER waterfall", plot="waterfall", data=waterfall_data(lane, r),
        caption="Pre-FEC BER against received OMA (outer levels): the analytic engine over extra connector loss. "
                "Dashed line: target BER (FEC threshold); dot: this lane; the gap to the crossing is the margin.",
        sources=groups["all"])
    energy_fig = FigureSpec(key="link-energy-bars", title="Energy per bit by contributor", plot="energy_bars",
                            data=energy_data, caption="pJ/bit per direction, contributors of one lane.",
                            sources=energy_ids)
    notes = []
    if bool(np.any(r.margin_limited)):
        notes.append("the margin search reached its bound: the margin shown is a limit, not a crossing")
    blocks = (headline, _glance(lane, r, groups, energy_ids), _budget(lane, r), energy_table, energy_fig, waterfall,
              *eye_blocks(scenario, r))
    return Section(
        key="link", title="2. Link",
        intro=("One lane closed by the analytic engine: the optical budget from laser to photodetector, noise "
               "(TIA, shot, RIN, crosstalk), the exact Gaussian BER of Gray-coded PAM at the lane's own receiver (its "
               "FFE on the lane's noise-free waveform: equalised levels, residual ISI, noise enhancement), the margin "
               "against the FEC threshold and the energy per bit. A short time-domain simulation of the same lane, "
               "decided with the same receiver, gives the eye and a counted BER."),
        blocks=blocks, notes=tuple(notes), headline=headline.facts)

