"""``cposim sources``: per parameter the value in use, the cited rows (value, unit, confidence,
conditions) and the calibrations behind them; one row with its calibration; and
``--calibrations``, every calibration of the validate registry with the command that redoes it."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cposim.cli.main import app
from cposim.devices.serdes import LANE_RATE_100G_BPS
from cposim.validate import CASES

runner = CliRunner()

CALIBRATED_ROWS = {k.reference: (k.figure, c.id) for c in CASES if c.klass == "calibration" for k in c.calibrated}


def _run(*args: str):
    res = runner.invoke(app, list(args))
    assert res.exit_code == 0, res.output
    return res


def _json(*args: str) -> dict:
    return json.loads(_run(*args, "--json").stdout)


def test_a_preset_shows_each_parameter_with_its_value_rows_and_calibration():
    out = _run("sources", "400g-dr4").stdout
    assert "dsp.energy_j_per_bit = 1.17647e-11 J/bit  [calibrated to PWR-04 (preset-400g-dr4-module)]" in out
    assert "CPS-PRE-02 = 5.0 W [estimate]: calibration, not a validation target" in out
    assert "host_serdes.vsr_energy_pj_per_bit = 3 pJ/bit" in out
    assert "CPS-SER-09 = 3.0 pJ/bit [estimate]" in out
    assert "References" in out  # the publications behind the rows follow


def test_preset_json_keeps_the_parameter_map_and_adds_details():
    data = _json("sources", "400g-dr4")
    assert set(data["details"]) == set(data["parameters"])
    dsp = data["details"]["dsp.energy_j_per_bit"]
    assert dsp["value"] == pytest.approx(5.0 / (4 * LANE_RATE_100G_BPS))
    assert dsp["unit"] == "J/bit" and dsp["sources"] == ["CPS-PRE-02"]
    assert dsp["rows"] == [{"id": "CPS-PRE-02", "value": "5.0", "unit": "W", "confidence": "estimate",
                            "conditions": dsp["rows"][0]["conditions"]}]
    assert "PWR-04" in dsp["rows"][0]["conditions"]
    assert [(c["figure"], c["case"]) for c in dsp["calibrated_to"]] == [("PWR-04", "preset-400g-dr4-module")]
    assert [c["case"] for c in data["calibrations"]] == ["preset-400g-dr4-module"]
    # every parameter citing a calibrated row is marked, and no other
    for path, d in data["details"].items():
        expected = [CALIBRATED_ROWS[i] for i in d["sources"] if i in CALIBRATED_ROWS]
        assert [(c["figure"], c["case"]) for c in d["calibrated_to"]] == expected, path
        assert d["rows"] and all({"id", "value", "unit", "confidence", "conditions"} <= set(r) for r in d["rows"])
    # a formula entry has rows but no value
    assert data["details"]["fiber.(dispersion_s_per_m2)"]["value"] is None


def test_the_lpo_driver_is_marked_calibrated_to_pwr08():
    data = _json("sources", "800g-lpo")
    d = data["details"]["driver.static_power_w"]
    assert d["unit"] == "W" and d["sources"] == ["CPS-PRE-04"]
    assert [(c["figure"], c["case"]) for c in d["calibrated_to"]] == [("PWR-08", "preset-800g-lpo-module")]


def test_devices_show_the_moved_table_parameters():
    serdes = _json("sources", "serdes")["details"]
    assert serdes["xsr_energy_pj_per_bit"]["value"] == 1.1
    assert serdes["xsr_energy_pj_per_bit"]["unit"] == "pJ/bit"
    assert serdes["xsr_energy_pj_per_bit"]["rows"][0]["id"] == "SER-10"
    assert serdes["reach_class"]["value"] == "xsr"
    assert "vsr_energy_pj_per_bit" not in serdes  # the default Serdes is XSR
    laser = _json("sources", "external_laser_source")["details"]
    assert (laser["vhp_class_dbm"]["value"], laser["vhp_class_dbm"]["unit"]) == (20.0, "dBm")
    assert laser["class_tolerance_db"]["rows"][0]["id"] == "LAS-01"
    nodes = _json("sources", "dsp_process_nodes")["details"]
    assert nodes["power_3nm_w"]["value"] == 10.0 and nodes["power_3nm_w"]["rows"][0]["id"] == "CPS-DSP-02"


def test_a_scenario_shows_the_user_value(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("link:\n  preset: 800g-dr8\n  fiber: {length: 2 km}\n")
    data = _json("sources", str(f))
    assert data["parameters"]["fiber.length_m"] == ["USER"]
    d = data["details"]["fiber.length_m"]
    assert (d["value"], d["unit"], d["rows"][0]["id"]) == (2000.0, "m", "USER")


def test_one_row_shows_its_calibration_and_marks_the_citing_parameter():
    out = _run("sources", "CPS-PRE-02").stdout
    assert "calibration" in out and "python scripts/calibrate.py" in out
    assert "400g-dr4: dsp.energy_j_per_bit = 1.17647e-11 J/bit  [calibrated to PWR-04 (preset-400g-dr4-module)]" in out
    data = _json("sources", "CPS-PRE-02")
    assert [(c["parameter"], c["figure"], c["case"], c["redo"]) for c in data["calibrations"]] == [
        ("400g-dr4 dsp.energy_j_per_bit", "PWR-04", "preset-400g-dr4-module", "python scripts/calibrate.py")]
    assert data["calibrates"] == []
    assert data["cited_by"][0]["calibrated_to"][0]["figure"] == "PWR-04"


def test_the_figure_row_names_what_was_calibrated_from_it():
    data = _json("sources", "PWR-04")
    assert data["calibrations"] == []
    assert [(c["reference"], c["case"]) for c in data["calibrates"]] == [("CPS-PRE-02", "preset-400g-dr4-module")]
    assert "calibrates" in _run("sources", "PWR-04").stdout


def test_a_row_without_calibration_has_none():
    data = _json("sources", "SER-10")
    assert data["calibrations"] == [] and data["calibrates"] == []
    assert any(c["parameter"].endswith("xsr_energy_pj_per_bit") and c["calibrated_to"] == []
               for c in data["cited_by"])


def test_calibrations_lists_every_calibration_case_with_its_redo_command():
    rows = _json("sources", "--calibrations")["calibrations"]
    expected = {(c.id, k.parameter, k.reference, k.figure) for c in CASES if c.klass == "calibration"
                for k in c.calibrated}
    assert {(r["case"], r["parameter"], r["reference"], r["figure"]) for r in rows} == expected
    for r in rows:  # every calibration is redone by the script
        assert r["reference_value"] and r["figure_value"]
        assert r["redo"] == "python scripts/calibrate.py"
    by_case = {r["case"]: r for r in rows}
    assert by_case["preset-400g-dr4-module"]["reference_value"] == "5.0 W"
    assert by_case["preset-400g-dr4-module"]["figure_value"] == "9 W"
    out = _run("sources", "--calibrations").stdout
    for r in rows:
        assert r["case"] in out


def test_sources_needs_a_name_or_calibrations_but_not_both():
    assert runner.invoke(app, ["sources"]).exit_code == 2
    assert runner.invoke(app, ["sources", "400g-dr4", "--calibrations"]).exit_code == 2
