"""The report's data agree with the models they come from: the BER waterfall with the margin
solver, tables with their own totals, the fabric curve with the fabric table, and every lane
parameter is shown with its sources."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.errors import ConfigError
from cposim.link.engine import evaluate
from cposim.report.citations import by_prefix, ordered
from cposim.report.devices_section import devices_section
from cposim.report.fabric_section import fabric_section, sweep_counts
from cposim.report.link_section import waterfall_data
from cposim.report.model import FigureSpec, Table
from cposim.report.port_section import port_section
from cposim.report.scenario import QUICK_SIMULATION, load_scenario
from cposim.report.switch_section import switch_section


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(quick=True)


@pytest.fixture(scope="module")
def sections(scenario):
    from cposim.report.link_section import link_section

    return {"link": link_section(scenario), "port": port_section(scenario), "switch": switch_section(scenario),
            "fabric": fabric_section(scenario, quick=True)}


def _block(section, key):
    return next(b for b in section.blocks if getattr(b, "key", None) == key)


def _rows(table: Table) -> dict:
    return {r.label: r for r in table.rows}


@pytest.mark.parametrize("preset", ["cpo-mrm-wdm-200g", "1.6t-dr8"])
def test_waterfall_is_the_engine_over_exact_extra_loss_and_crosses_the_target_at_the_margin(preset):
    """Two paths to the sensitivity: the margin solver of the engine, and the BER of the
    waterfall sweep crossing the target (log-linear interpolation on a 0.1 dB grid): within
    0.01 dB. The sweep adds exactly the requested loss (received OMA falls dB for dB) and the
    BER falls monotonically as the OMA rises."""
    lane = load_scenario(preset, quick=True).lane
    r = evaluate(lane)
    d = waterfall_data(lane, r)
    oma, ber, extra = d["received_oma_dbm"], d["ber"], d["extra_loss_db"]
    assert np.allclose(oma + extra, float(r.received_oma_dbm), atol=1e-9, rtol=0)
    assert np.all(np.diff(ber) > 0)  # extra loss rises along the sweep, so the BER rises
    log_target = np.log10(d["target_ber"])
    crossing = np.interp(log_target, np.log10(ber), oma)
    assert crossing == pytest.approx(float(r.sensitivity_oma_dbm), abs=0.01)
    assert extra[0] <= 0.0 <= extra[-1] and extra[-1] > float(r.margin_db)


def test_link_tables_add_up(scenario, sections):
    section = sections["link"]
    budget = _block(section, "link-budget")
    parts = [row.values[0] for row in budget.rows if row.note != "total"]
    assert _rows(budget)["total, laser to photodetector"].values[0] == pytest.approx(sum(parts), rel=1e-12)
    energy = _block(section, "link-energy")
    body = [row for row in energy.rows if row.note != "total"]
    total = _rows(energy)["total"].values
    for i in range(3):
        assert sum(row.values[i] for row in body) == pytest.approx(total[i], rel=1e-9)
    assert total[1] == pytest.approx(float(evaluate(scenario.lane).energy.port_power_w), rel=1e-12)
    td = _rows(_block(section, "link-time-domain"))
    counted = td["symbols counted"]  # after the lane's receiver FFE trains on a quarter of the run
    n = QUICK_SIMULATION["n_symbols"]
    assert n - n // 4 - 16 <= counted.values[0] <= n - n // 4 and "FFE" in counted.values[1]
    lo, ber, hi = (td[k].values[0] for k in ("counted BER, 95 % interval low", "counted pre-FEC BER",
                                             "counted BER, 95 % interval high"))
    assert lo <= ber <= hi


def test_port_breakdown_sums_to_the_port_power(sections):
    section = sections["port"]
    compare = _rows(_block(section, "port-compare"))
    breakdown = _rows(_block(section, "port-breakdown"))
    assert compare.keys() == breakdown.keys() and len(compare) >= 8
    for label, row in compare.items():
        assert sum(breakdown[label].values) == pytest.approx(row.values[0], rel=1e-12)
    chart = _block(section, "port-stacked")
    assert isinstance(chart, FigureSpec)
    assert [sum(w) for w in chart.data["watts"]] == pytest.approx([r.values[0] for r in compare.values()], rel=1e-12)


def test_switch_power_is_core_plus_serdes_plus_optics(sections):
    rows = _rows(_block(sections["switch"], "switch-compare"))
    for i in range(2):
        parts = sum(rows[k].values[i] for k in ("ASIC core power, W", "host SerDes power, W",
                                                "optics power (modules or engines, laser share), W"))
        assert rows["total switch power, W"].values[i] == pytest.approx(parts, rel=1e-12)
        assert rows["power per port, W"].values[i] == pytest.approx(parts / rows["ports"].values[i], rel=1e-12)
    # the pluggable switch has no engines; the co-packaged one has no front-panel cages
    assert rows["optical engines"].values[1] is None and rows["front panel, rack units"].values[0] is None


def test_fabric_curve_meets_the_table_at_the_scenario_size(scenario, sections):
    """The vectorised roll-up over GPU counts and the scalar roll-up agree at the scenario's size."""
    section = sections["fabric"]
    curve = _block(section, "fabric-power").data
    table = _rows(_block(section, "fabric-options"))
    i = curve["gpus"].index(scenario.gpus)
    for j in range(len(curve["labels"])):
        assert curve["mw"][j][i] == pytest.approx(table["optics power, MW"].values[j], rel=1e-12)
    counts = sweep_counts(32768, 8, 12)
    assert 32768 in counts and np.all(counts % 8 == 0) and np.all(np.diff(counts) > 0)


def test_summary_comparison_repeats_the_section_tables(sections):
    """The summary's CPO-vs-pluggable rows are the section tables' numbers, ratio pluggable / CPO."""
    from cposim.report.build import versus_table

    table = _rows(versus_table(list(sections.values())))
    port = _rows(_block(sections["port"], "port-compare"))
    assert table["power per port, W (one end, both directions)"].values[:2] == (
        port["CPO micro-ring WDM"].values[0], port["DSP pluggable DR"].values[0])
    switch = _rows(_block(sections["switch"], "switch-compare"))
    assert table["102.4T switch power, W"].values[:2] == switch["total switch power, W"].values
    fabric = _rows(_block(sections["fabric"], "fabric-options"))
    labels = _block(sections["fabric"], "fabric-options").columns
    cpo, dsp = labels.index("Co-packaged micro-ring engines at switches and NICs"), labels.index(
        "DSP pluggable DR, one module per link end")
    assert table["fabric optics power, MW"].values[:2] == (fabric["optics power, MW"].values[cpo],
                                                           fabric["optics power, MW"].values[dsp])
    for row in table.values():
        assert row.values[2] == pytest.approx(row.values[1] / row.values[0], rel=1e-12)
    assert table["power per port, W (one end, both directions)"].values[2] > 1  # CPO draws less per port


def test_every_lane_parameter_is_shown_with_its_sources():
    """Each parameter path of the lane appears once, with exactly its own source ids (a
    component shared by several roles is shown under its first role)."""
    from cposim.report.devices_section import ROLES

    sc = load_scenario("examples/scenarios/cpo_hp_laser_2km.yaml", quick=True)
    lane = sc.lane
    section = devices_section(lane)
    shown = {}
    for table in section.blocks:
        role = table.key.removeprefix("device-")
        for row in table.rows:
            if row.note != "derived":
                shown[row.label if table.key == "lane-settings" else f"{role}.{row.label}"] = row.sources
    first_role = {}
    for role in ROLES:
        device = getattr(lane, role)
        if device is not None:
            first_role[role] = next(r for r in ROLES if getattr(lane, r) is not None and type(getattr(lane, r)) is
                                    type(device) and getattr(lane, r) == device)
    expected = 0
    for path, ids in lane.sources_by_parameter().items():
        if "(" in path:
            continue  # formula sources sit behind the derived figures
        role, _, rest = path.partition(".")
        key = f"{first_role[role]}.{rest}" if rest else path
        assert set(shown[key]) == set(ids), path
        expected += 1
    assert expected > 60
    assert "USER" in shown["fiber.length_m"] and "USER" in shown["connectors.loss_per_connector_db"]


def test_scenario_errors_name_the_problem():
    with pytest.raises(ConfigError, match="did you mean 'cpo-mrm-wdm-200g'"):
        load_scenario("cpo-mrm-wdm-200")
    with pytest.raises(ConfigError, match="not a file"):
        load_scenario("no/such/file.yaml")


def test_citations_order_and_prefixes():
    assert ordered(["CPS-A", "USER", "DEV-04", "CPS-A", "STD-01"]) == ("DEV-04", "STD-01", "CPS-A", "USER")
    by = {"source.power_class": ("LAS-01",), "fiber.length_m": ("RCH-09",), "lanes": ("SYS-NV-13",)}
    assert by_prefix(by, ("source.",)) == ("LAS-01",)
    assert by_prefix(by, ("lanes",)) == ("SYS-NV-13",)
    with pytest.raises(ConfigError, match="matches no parameter"):
        by_prefix(by, ("tia.",))


def test_uncertainty_section_brackets_the_nominal_numbers_of_the_sections(scenario, sections):
    """Section 6: every headline's nominal is the number the other sections show, and the
    5/95 % bounds bracket the median (the same Monte Carlo as ``--uncertainty``)."""
    from cposim.report.uncertainty_section import QUICK_SAMPLES, uncertainty_section

    sec = uncertainty_section(scenario, quick=True)
    table = _block(sec, "uncertainty")
    rows = _rows(table)
    lane = evaluate(scenario.lane)
    assert rows[f"lane {scenario.name}: energy per bit, pJ/bit"].values[0] == pytest.approx(
        float(lane.energy_pj_per_bit), rel=1e-12)
    port = _rows(_block(sections["port"], "port-compare"))
    cpo = next(r for label, r in port.items() if label.startswith("CPO micro-ring WDM") and "retimed" not in label)
    assert rows["cpo-mrm port: power, W"].values[0] == pytest.approx(cpo.values[0], rel=1e-12)
    for r in table.rows:
        nominal, median, p5, p95, closes = r.values[:5]
        assert p5 <= median <= p95 and 0 < closes <= 1
    assert str(QUICK_SAMPLES) in table.title


def test_the_glance_table_shows_the_ring_self_heating_of_the_json(scenario, sections):
    from cposim.link.summary import ring_thermal_summary

    rt = ring_thermal_summary(evaluate(scenario.lane))
    rows = _rows(_block(sections["link"], "link-glance"))
    assert rows["ring modulator self-heating, K"].values[0] == pytest.approx(rt["self_heating_k"])
    assert rows["largest open-loop-stable power into the ring, dBm"].values[0] == pytest.approx(
        rt["max_power_per_ring_dbm"])
