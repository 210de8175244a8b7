"""The sweep examples run, with small sizes, and print what they promise (run in this process
with their own command-line arguments, so the test pays no interpreter start-up)."""

import runpy
import sys
from pathlib import Path

import yaml
from typer.testing import CliRunner

from cposim.cli.main import app

ROOT = Path(__file__).resolve().parents[3]


def _run(monkeypatch, capsys, script, *args):
    monkeypatch.setattr(sys, "argv", [str(script), *map(str, args)])
    runpy.run_path(str(script), run_name="__main__")
    return capsys.readouterr().out


def test_sweep_link_margin_example(tmp_path, monkeypatch, capsys):
    text = _run(monkeypatch, capsys, ROOT / "examples" / "sweep_link_margin.py", "--steps", "5", "--out",
                tmp_path / "lm")
    assert "15 points" in text
    rows = [line.split() for line in text.splitlines() if line.split() and line.split()[0] in ("LP", "MP", "HP")]
    assert [r[0] for r in rows] == ["LP", "MP", "HP"]
    margins_10m = [float(r[1]) for r in rows]
    assert margins_10m == sorted(margins_10m)  # a higher laser class, more margin
    assert (tmp_path / "lm" / "results.nc").exists()


def test_pareto_architectures_example(monkeypatch, capsys):
    text = _run(monkeypatch, capsys, ROOT / "examples" / "pareto_architectures.py", "--points", "400", "--seed", "3")
    assert "Pareto front (min pJ/bit, max margin)" in text
    assert "on the front:" in text and "architecture.name" in text


def test_example_spec_runs_from_the_cli(tmp_path):
    spec = ROOT / "examples" / "sweeps" / "link_margin.yaml"
    doc = yaml.safe_load(spec.read_text(encoding="utf-8"))
    doc["parameters"]["link.fiber.length"]["steps"] = 3  # small for CI; the same spec otherwise
    small = tmp_path / "link_margin.yaml"
    small.write_text(yaml.safe_dump(doc), encoding="utf-8")
    res = CliRunner().invoke(app, ["sweep", str(small), "--out", str(tmp_path / "o"), "--quiet"])
    assert res.exit_code == 0, res.output
    assert "Pareto front" in res.stdout and (tmp_path / "o" / "results.nc").exists()
