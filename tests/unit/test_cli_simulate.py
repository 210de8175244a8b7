"""``cposim simulate``: JSON summary keys, PNGs, scenario settings, one-line errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cposim.cli.main import app

runner = CliRunner()


def test_simulate_writes_summary_eye_and_bathtub(tmp_path):
    res = runner.invoke(app, ["simulate", "800g-dr8", "--symbols", "4096", "--out", str(tmp_path), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    for key in ("ber", "ber_ci", "symbols", "eye_height", "eye_width", "tdecq_db"):
        assert key in data
    assert data["symbols_simulated"] == 4096
    assert 4096 - 1024 - 16 <= data["symbols"] <= 4096 - 1024 and data["bits"] == 2 * data["symbols"]
    lo, hi = data["ber_ci"]
    assert lo <= data["ber"] <= hi
    assert data["eye_height"] > 0 and 0 < data["eye_width"] <= 1
    assert data["tdecq_db"] is not None and data["tdecq_db"] >= 0
    for png in data["files"].values():
        assert (tmp_path / png.split("/")[-1]).stat().st_size > 1000
    assert (tmp_path / "800g-dr8-summary.json").exists()


def test_scenario_simulate_section_sets_the_run(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("name: short run\nlink:\n  preset: 800g-dr8\nsimulate:\n  symbols: 2048\n  seed: 3\n  received_power: -9 dBm\n")
    res = runner.invoke(app, ["simulate", str(f), "--out", str(tmp_path / "o"), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["symbols_simulated"] == 2048 and data["seed"] == 3


@pytest.mark.parametrize(
    ("section", "fragment"),
    [
        ("  symbol: 10\n", "did you mean 'symbols'"),
        ("  symbols: -5\n", "simulate.symbols: -5"),
        ("  received_power: 3 km\n", "wrong units"),
        ("  seed: 1.5\n", "not a whole number"),
    ],
)
def test_bad_simulate_sections_give_one_line(tmp_path, section, fragment):
    f = tmp_path / "bad.yaml"
    f.write_text("link:\n  preset: 800g-dr8\nsimulate:\n" + section)
    res = runner.invoke(app, ["simulate", str(f), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2, res.output
    assert res.stderr.startswith("error: ") and fragment in res.stderr
