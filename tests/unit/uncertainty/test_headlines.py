"""The headline functions of ``--uncertainty`` give, unsampled, the very numbers the commands
print (one model, one number), and the commands report seeded 5/95 % bounds."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cposim.cli.main import app
from cposim.link.engine import evaluate
from cposim.package.compare import compare_ports
from cposim.presets import PRESETS
from cposim.uncertainty.headlines import compare_headlines, link_headlines

runner = CliRunner()


def test_link_headlines_are_the_link_engine_numbers():
    fn, units = link_headlines(PRESETS["cpo-mrm-wdm-200g"].build)
    r = evaluate(PRESETS["cpo-mrm-wdm-200g"].build())
    got = fn()
    assert got["energy_pj_per_bit"] == float(r.energy_pj_per_bit)
    assert got["port_power_w"] == float(r.energy.port_power_w)
    assert got["margin_db"] == float(r.margin_db)
    assert set(units) == set(got)


def test_compare_headlines_are_the_compare_numbers_without_the_reach_solve():
    results, _ = compare_ports(port_rate_bps=1.6e12, lane_rate_bps=200e9, architectures=["dac", "cpo-mrm", "dsp-dr"])
    fn, _ = compare_headlines(port_rate_bps=1.6e12, lane_rate_bps=200e9, architectures=["dac", "cpo-mrm", "dsp-dr"],
                              length_m=None)
    got = fn()
    for r in results:
        assert got[f"{r.architecture}.power_w_per_port"] == pytest.approx(float(r.power_w_per_port), rel=1e-12)
        assert got[f"{r.architecture}.energy_pj_per_bit"] == pytest.approx(float(r.energy_pj_per_bit), rel=1e-12)


def _bounds_ok(b):
    assert b["p5"] <= b["median"] <= b["p95"]
    assert 0 < b["ok_samples"] <= 12


def test_link_uncertainty_json_has_seeded_bounds():
    args = ["link", "cpo-mrm-wdm-200g", "--uncertainty", "12", "--seed", "4", "--json"]
    a = runner.invoke(app, args)
    assert a.exit_code == 0, a.output
    data = json.loads(a.output)["uncertainty"]
    assert data["samples"] == 12 and data["seed"] == 4 and data["method"] == "CPS-UNC-01"
    for key in ("energy_pj_per_bit", "port_power_w"):
        _bounds_ok(data["headlines"][key])
    assert data["rows_sampled"], "a CPO lane rests on estimate rows; some must be sampled"
    again = json.loads(runner.invoke(app, args).output)["uncertainty"]
    assert again == data


def test_compare_uncertainty_json_puts_bounds_on_each_architecture():
    a = runner.invoke(app, ["compare", "--port", "1.6T", "-a", "cpo-mrm", "-a", "dsp-dr", "--uncertainty", "10",
                            "--json"])
    assert a.exit_code == 0, a.output
    rows = json.loads(a.stdout)
    for row in rows:
        heads = row["uncertainty"]["headlines"]
        assert set(heads) == {"power_w_per_port", "energy_pj_per_bit"}
        assert heads["power_w_per_port"]["nominal"] == pytest.approx(row["power_w_per_port"])
        _bounds_ok(heads["power_w_per_port"])


@pytest.mark.parametrize("args", [
    ["switch", "--capacity", "51.2T", "--uncertainty", "10"],
    ["engine", "nv-1.6t", "--uncertainty", "10"],
    ["fabric", "--gpus", "1024", "-o", "dsp", "-o", "cpo", "--uncertainty", "10"],
])
def test_every_headline_command_takes_uncertainty(args):
    a = runner.invoke(app, args + ["--json"])
    assert a.exit_code == 0, a.output
    heads = json.loads(a.stdout)["uncertainty"]["headlines"]
    assert heads and all(b["p5"] <= b["median"] <= b["p95"] for b in heads.values())


@pytest.mark.parametrize("value", ["5", "0", "-3", "1e9", "abc"])
def test_a_bad_sample_count_is_one_clear_line(value):
    a = runner.invoke(app, ["link", "--uncertainty", value])
    assert a.exit_code != 0
    assert "Traceback" not in a.output and "--uncertainty" in a.output


def test_a_seed_without_uncertainty_is_one_clear_line():
    a = runner.invoke(app, ["link", "--seed", "3"])
    assert a.exit_code != 0 and "--seed" in a.output and "--uncertainty" in a.output
    assert "Traceback" not in a.output
