"""``cposim engine``: JSON keys, plots, scenario files, --optimize and one-line errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cposim.cli.main import app

runner = CliRunner()
KEYS = {"capacity_tbps", "energy_pj_per_bit", "energy_breakdown_pj_per_bit", "tuning_power_w", "laser_power_w",
        "shoreline_gbps_per_mm", "sources"}


def _run(*args):
    return runner.invoke(app, list(args))


def test_engine_json_has_the_promised_keys():
    res = _run("engine", "nv-3.2t", "--json")
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert KEYS <= set(d)
    assert d["capacity_tbps"] == pytest.approx(3.2)
    assert sum(d["energy_breakdown_pj_per_bit"].values()) == pytest.approx(d["energy_pj_per_bit"])
    assert set(d["energy_breakdown_pj_per_bit"]) == {"laser", "drivers", "ring_tuning", "tia", "serdes",
                                                    "power_delivery"}


def test_engine_table_and_plots(tmp_path):
    res = _run("engine", "--plots", str(tmp_path / "figs"))
    assert res.exit_code == 0, res.output
    for word in ("Optical engine nv-1.6t", "1.6 Tb/s", "ring_tuning", "Heaters", "Laser", "pJ/bit"):
        assert word in res.stdout
    for name in ("engine-ring-spectra.png", "engine-tuning-histogram.png"):
        f = tmp_path / "figs" / name
        assert f.exists() and f.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_engine_scenario_file_with_units(tmp_path):
    doc = tmp_path / "eng.yaml"
    # 8 x 400 GHz: at 200 GHz the demux that isolates the neighbours (Q 3000 leaves -11 dB of
    # crosstalk) plus the residual ISI of 113 GBd leave a BER floor above the FEC threshold
    doc.write_text("name: my engine\nengine:\n  preset: nv-1.6t\n  fibers_per_engine: 2\n"
                   "  channel_spacing: 400 GHz\n  temperature_swing: 30 K\n")
    res = _run("engine", str(doc), "--json")
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["name"] == "my engine" and d["capacity_tbps"] == pytest.approx(3.2)
    assert d["grid"] == "cw-wdm-8-400ghz"
    assert "USER" in d["sources"]["thermal.temperature_power_per_ring_mw"]
    assert d["thermal"]["temperature_power_per_ring_mw"] == pytest.approx(24.9, abs=0.01)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("engine:\n  preset: nv-1.6t\n  wavelenghts_per_fiber: 8\n", ["wavelenghts_per_fiber", "did you mean"]),
        ("engine:\n  modulation: nrz\n", ["lane_rate_bps", "GBd", "bandwidth"]),
        ("engine:\n  grid: custom\n  wavelengths_per_fiber: 16\n  channel_spacing: 800 GHz\n", ["FSR", "radius"]),
        ("engine:\n  ring_radius: 5 um\n", ["ring_radius", "does not cover"]),
        ("engines:\n  preset: nv-1.6t\n", ["did you mean 'engine'"]),
    ],
)
def test_bad_scenarios_give_one_clear_line(tmp_path, text, words):
    doc = tmp_path / "bad.yaml"
    doc.write_text(text)
    res = _run("engine", str(doc))
    assert res.exit_code == 2, res.output
    assert res.output.startswith("error: ") and len(res.output.strip().splitlines()) == 1
    for w in words:
        assert w in res.output


def test_unknown_preset_and_stray_capacity_are_errors():
    res = _run("engine", "nv-9t")
    assert res.exit_code == 2 and "engine preset" in res.output
    res = _run("engine", "--capacity", "3.2T")
    assert res.exit_code == 2 and "--optimize" in res.output


def test_engine_optimize_writes_the_pareto_plot(tmp_path):
    out = tmp_path / "pareto.png"
    res = _run("engine", "--optimize", "--capacity", "1.6T", "--pareto", str(out), "--json")
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert out.exists() and out.read_bytes()[:4] == b"\x89PNG"
    assert d["feasible"] > 0 and d["pareto_front"]
    assert d["optimum"]["capacity_tbps"] == pytest.approx(1.6)
    front = [p["energy_pj_per_bit"] for p in d["pareto_front"]]
    assert d["optimum"]["energy_pj_per_bit"] == pytest.approx(min(front))
    assert d["sensitivity"] and abs(d["sensitivity"][0]["elasticity"]) >= abs(d["sensitivity"][-1]["elasticity"])
