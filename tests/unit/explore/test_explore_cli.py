"""``cposim sweep``: a spec file in, a table or JSON out; every bad spec or option is one line."""

import json

import pytest
import yaml
from typer.testing import CliRunner

from cposim.cli.main import app

GOOD = {
    "name": "cli grid",
    "target": {"kind": "link", "preset": "cpo-mrm-wdm-200g"},
    "parameters": {"link.fiber.length": {"range": ["100 m", "1 km"], "steps": 4},
                   "link.source.power_class": ["MP", "HP"]},
    "outputs": ["margin_db", "energy_pj_per_bit"],
    "chunk_size": 4,
    "analysis": {"pareto": {"energy_pj_per_bit": "min", "margin_db": "max"}, "sensitivity": ["margin_db"]},
}


def _invoke(tmp_path, doc, *options):
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(doc) if isinstance(doc, dict) else doc, encoding="utf-8")
    return CliRunner().invoke(app, ["sweep", str(spec), "--out", str(tmp_path / "out"), *options])


def test_json_summary_then_resume(tmp_path):
    res = _invoke(tmp_path, GOOD, "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["points"] == 8 and data["chunks"] == 2 and data["computed_chunks"] == 2
    assert data["results"].endswith("results.nc")
    assert data["analysis"]["pareto"]["points"] >= 1
    assert data["analysis"]["sensitivity"]["margin_db"][0]["parameter"] == "link.source.power_class"
    again = json.loads(_invoke(tmp_path, GOOD, "--json").stdout)
    assert again["computed_chunks"] == 0 and again["resumed_chunks"] == 2
    assert again["outputs"] == data["outputs"]


def test_table_output(tmp_path):
    res = _invoke(tmp_path, GOOD, "--quiet")
    assert res.exit_code == 0, res.output
    assert "margin_db" in res.stdout and "Pareto front" in res.stdout and "results:" in res.stdout


def _with(**changes):
    doc = json.loads(json.dumps(GOOD))
    for key, value in changes.items():
        doc[key] = value
    return doc


@pytest.mark.parametrize("doc, options, words", [
    (_with(parameters={"link.fiber.lenght": ["1 km"]}), (), "link.fiber.lenght"),
    (_with(parameters={"link.fiber.length": {"range": ["1 m", "2 kg"]}}), (), "wrong units"),
    (_with(parameters={"link.fiber.length": {"range": ["2 km", "1 km"]}}), (), "is empty"),
    (_with(parameters={"link.fiber.length": {"values": []}}), (), "is empty"),
    (GOOD, ("--backend", "spark"), "--backend: 'spark' is not a backend"),
    (GOOD, ("--backend", "inprocess", "--workers", "3"), "--workers"),
    (GOOD, ("--backend", "processes", "--scheduler", "tcp://127.0.0.1:1"), "--scheduler"),
    ("target: [unclosed", (), "not valid YAML"),
    (_with(target="cluster"), (), "target.kind"),
    (_with(parameters={"link.fiber.length": ["1 km"]}), (), "analysis.sensitivity: 1 points are too few"),
])
def test_bad_specs_and_options_give_one_error_line(tmp_path, doc, options, words):
    res = _invoke(tmp_path, doc, *options)
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), res.stderr
    assert words in lines[0]
    assert "Traceback" not in res.output


def test_missing_spec_file(tmp_path):
    res = CliRunner().invoke(app, ["sweep", str(tmp_path / "nope.yaml")])
    assert res.exit_code == 2
    assert res.stderr.strip().startswith("error: spec:")


def test_progress_bar_goes_to_stderr_and_stdout_keeps_the_table(tmp_path):
    res = _invoke(tmp_path, GOOD)
    assert res.exit_code == 0, res.output
    assert "pt/s" in res.stderr or "100%" in res.stderr
    assert "margin_db" in res.stdout
