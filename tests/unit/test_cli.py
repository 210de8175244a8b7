"""The command line: presets, link (table and JSON), sources, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from cposim.cli.main import app

runner = CliRunner()

REQUIRED_JSON_KEYS = {"margin_db", "ber", "energy_pj_per_bit", "energy_breakdown_pj_per_bit"}


def _run(*args: str):
    return runner.invoke(app, list(args))


def test_presets_lists_every_builtin():
    from cposim.presets import PRESETS

    res = _run("presets", "--json")
    assert res.exit_code == 0, res.output
    names = {row["name"] for row in json.loads(res.stdout)}
    assert names == set(PRESETS)


@pytest.mark.parametrize("preset", ["400g-dr4", "800g-dr8", "1.6t-dr8", "800g-lpo", "cpo-mrm-wdm-200g"])
def test_link_json_has_the_promised_keys(preset):
    res = _run("link", preset, "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert REQUIRED_JSON_KEYS <= set(data)
    assert isinstance(data["energy_breakdown_pj_per_bit"], dict)
    assert sum(data["energy_breakdown_pj_per_bit"].values()) == pytest.approx(data["energy_pj_per_bit"])
    assert data["sources"]


def test_link_table_shows_budget_margin_ber_energy_and_sources():
    res = _run("link", "1.6t-dr8")
    assert res.exit_code == 0, res.output
    for word in ("Optical budget", "margin", "BER", "Energy per bit", "pJ/bit", "CPS-DSP-01"):
        assert word in res.stdout


@pytest.mark.parametrize("thing", ["ring_modulator", "cpo-mrm-wdm-200g", "DEV-04"])
def test_sources_lists_references(thing):
    res = _run("sources", thing, "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["references"]
    assert all({"id", "source", "confidence"} <= set(r) for r in data["references"])


def test_sources_of_a_scenario_marks_user_values(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("link:\n  preset: 800g-dr8\n  fiber: {length: 2 km}\n")
    res = _run("sources", str(f), "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["parameters"]["fiber.length_m"] == ["USER"]


def test_scenario_file_overrides_change_the_result(tmp_path):
    f = tmp_path / "long.yaml"
    f.write_text("name: long fiber\nlink:\n  preset: 800g-dr8\n  fiber: {length: 2 km}\n")
    long = json.loads(_run("link", str(f), "--json").stdout)
    short = json.loads(_run("link", "800g-dr8", "--json").stdout)
    assert long["name"] == "long fiber"
    assert long["margin_db"] == pytest.approx(short["margin_db"] - 1.5 * 0.4, abs=1e-3)


def test_toml_scenarios_work_too(tmp_path):
    f = tmp_path / "s.toml"
    f.write_text('[link]\npreset = "cpo-mrm-wdm-200g"\n[link.source]\npower_class = "HP"\n')
    res = _run("link", str(f), "--json")
    assert res.exit_code == 0, res.output
    base = json.loads(_run("link", "cpo-mrm-wdm-200g", "--json").stdout)
    from cposim.devices.external_laser import ELSFP_POWER_CLASSES_DBM
    from cposim.presets import PRESETS

    preset_class = PRESETS["cpo-mrm-wdm-200g"].build().source.power_class  # sized by the engine designer
    step = ELSFP_POWER_CLASSES_DBM["HP"] - ELSFP_POWER_CLASSES_DBM[preset_class]
    assert json.loads(res.stdout)["margin_db"] == pytest.approx(base["margin_db"] + step, abs=0.05)


HOSTILE = {
    "negative length": ("link:\n  preset: 800g-dr8\n  fiber: {length: -3 m}\n", "link.fiber.length: -3 m is negative"),
    "unknown key": ("link:\n  preset: 800g-dr8\n  fibre: {length: 3 m}\n", "did you mean 'fiber'"),
    "unknown nested key": ("link:\n  preset: 800g-dr8\n  fiber: {lenght: 3 m}\n", "did you mean 'length'"),
    "wrong units": ("link:\n  preset: 800g-dr8\n  fiber: {length: 3 W}\n", "wrong units"),
    "nan": ("link:\n  preset: 800g-dr8\n  fiber: {length: .nan}\n", "not finite"),
    "text for number": ("link:\n  preset: 800g-dr8\n  fiber: {length: long}\n", "not a number"),
    "absurd magnitude": ("link:\n  preset: 800g-dr8\n  fiber: {length: 1e30 m}\n", "too large"),
    "unknown preset": ("link:\n  preset: 1.6t-dr9\n", "did you mean '1.6t-dr8'"),
    "bad yaml": ("link: [unclosed\n", "not valid YAML"),
    "empty": ("", "is empty"),
    "list at top": ("- 1\n- 2\n", "must be a mapping"),
    "unknown section": ("lnk:\n  preset: 800g-dr8\n", "did you mean 'link'"),
    "bad power class": ("link:\n  preset: cpo-mrm-wdm-200g\n  source: {power_class: XXL}\n", "power_class"),
    "boolean for number": ("link:\n  preset: 800g-dr8\n  lanes: true\n", "not a number"),
    "swap to wrong role": ("link:\n  preset: 800g-dr8\n  source: {type: waveguide}\n", "cannot serve as source"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_scenarios_give_one_clear_line_and_nonzero_exit(tmp_path, case):
    text, fragment = HOSTILE[case]
    f = tmp_path / "bad.yaml"
    f.write_text(text)
    res = _run("link", str(f))
    assert res.exit_code == 2, res.output
    err = res.stderr.strip()
    assert "\n" not in err and err.startswith("error: ")
    assert fragment in err
    assert "Traceback" not in res.output


def test_unknown_preset_name_on_the_command_line():
    res = _run("link", "800g-dr9")
    assert res.exit_code == 2
    assert "did you mean '800g-dr8'" in res.stderr


def test_the_installed_command_never_prints_a_traceback(tmp_path):
    """End to end through the console script's module, in a fresh interpreter."""
    f = tmp_path / "bad.yaml"
    f.write_text("link:\n  preset: 800g-dr8\n  fiber: {length: -3 m}\n")
    proc = subprocess.run([sys.executable, "-m", "cposim.cli.main", "link", str(f)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("error: link.fiber.length: -3 m is negative")
    assert "Traceback" not in proc.stderr
