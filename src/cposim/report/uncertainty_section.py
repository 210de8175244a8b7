"""Section 6: the headline numbers with their bounds. The estimate rows' ranges propagated by
seeded Monte Carlo (:mod:`cposim.uncertainty`, CPS-UNC-01) through the scenario's lane and the
co-packaged and pluggable ports of section 3: median, 5 % and 95 % bounds, and the estimate
rows that drive each number."""

from __future__ import annotations

from cposim.presets import PRESETS
from cposim.report.citations import merge
from cposim.report.model import Paragraph, Row, Section, Table
from cposim.report.scenario import ReportScenario, load_scenario
from cposim.uncertainty import run_uncertainty
from cposim.uncertainty.headlines import compare_headlines, link_headlines

#: Monte Carlo samples of the full and the quick report.
FULL_SAMPLES, QUICK_SAMPLES = 200, 20
#: The ports whose bounds the report shows (co-packaged and pluggable, as in the summary).
PORTS = ("cpo-mrm", "dsp-dr")
SEED = 1


def _lane_builder(scenario: ReportScenario):
    """Rebuild the scenario's lane from scratch (so each sample reaches every default)."""
    if scenario.origin == "preset":
        return PRESETS[scenario.preset].build
    return lambda: load_scenario(scenario.origin).lane


def _rows(result, labels: dict[str, str], lane_ids: tuple[str, ...]) -> list[Row]:
    rows = []
    for key, label in labels.items():
        b = result.headlines[key]
        drivers = ", ".join(f"{d.row} ({d.spearman:+.2f})" for d in b.drivers[:3]) or "none"
        ids = merge(lane_ids, tuple(d.row for d in b.drivers[:3]), ("CPS-UNC-01",))
        rows.append(Row(f"{label}, {b.unit}", (b.nominal, b.median, b.p5, b.p95, b.ok_samples / result.samples,
                                               drivers), ids, (".3g", ".3g", ".3g", ".3g", ".0%", "s")))
    return rows


def _refusal_notes(what: str, result) -> list[str]:
    """One note per subject (the lane, each port) the model refused in some samples."""
    worst: dict[str, tuple[int, str]] = {}
    for name, b in result.headlines.items():
        subject = f"{name.split('.', 1)[0]} {what}" if "." in name else what
        refused = result.samples - b.ok_samples
        if refused and refused > worst.get(subject, (0, ""))[0]:
            worst[subject] = (refused, b.refusals[0].split(" x ", 1)[1] if b.refusals else "")
    return [f"{subject}: does not close in {k} of {result.samples} samples (bounds are over the rest); "
            f"commonest reason: {why}" for subject, (k, why) in worst.items()]


def uncertainty_section(scenario: ReportScenario, *, quick: bool = False) -> Section:
    """Bounds on the lane's and the ports' headline numbers."""
    n = QUICK_SAMPLES if quick else FULL_SAMPLES
    lane_ids = tuple(scenario.lane.source_ids())
    lane_mc = run_uncertainty(*link_headlines(_lane_builder(scenario)), samples=n, seed=SEED)
    port_mc = run_uncertainty(*compare_headlines(port_rate_bps=scenario.port_rate_bps,
                                                 lane_rate_bps=scenario.lane_rate_bps, architectures=PORTS,
                                                 length_m=None), samples=n, seed=SEED)
    rows = _rows(lane_mc, {"energy_pj_per_bit": f"lane {scenario.name}: energy per bit",
                           "port_power_w": f"lane {scenario.name}: power per port",
                           "margin_db": f"lane {scenario.name}: margin"}, lane_ids)
    rows += _rows(port_mc, {f"{a}.power_w_per_port": f"{a} port: power" for a in PORTS}
                  | {f"{a}.energy_pj_per_bit": f"{a} port: energy per bit" for a in PORTS}, ("CPS-UNC-01",))
    table = Table(
        key="uncertainty", title=f"Headline numbers with 5/95 % bounds ({n} samples, seed {SEED})",
        label_header="headline", columns=("nominal", "median", "5 %", "95 %", "closes in", "driven most by (Spearman rho)"),
        formats=(".3g", ".3g", ".3g", ".3g", ".0%", "s"), rows=tuple(rows), wide=True,
        caption="Every estimate row's range (low, high; ranges.csv, with its basis) drawn as a triangular "
                "distribution with its mode at the nominal value; each sample rebuilds the models from scratch.")
    refused = _refusal_notes("lane " + scenario.name, lane_mc) + _refusal_notes("port", port_mc)
    return Section(
        key="uncertainty", title="6. How sure: headline numbers with bounds",
        intro=("About a third of the defaults are the project's own planning estimates. Each estimate row carries a "
               "range; this section draws them all together and shows how far the headline numbers move, and which "
               "estimates move them most: those are the numbers worth measuring next."),
        blocks=(table, Paragraph("Only estimate rows are drawn: published figures are taken as exact, so the bounds "
                                 "are a floor on the real uncertainty. `cposim link|compare|switch|engine|fabric "
                                 "--uncertainty N` gives the same for any command.")),
        notes=tuple(refused))
