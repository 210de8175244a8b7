"""The reference tables are well formed, and the strict loader rejects a broken row."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources

import pytest
from typer.testing import CliRunner

from cposim.cli.main import app
from cposim.errors import ConfigError
from cposim.references import all_sources, get_source
from cposim.references.registry import COLUMNS, CONFIDENCE_LEVELS, ReferenceTableError, validate_tables

HEADER = ",".join(COLUMNS)
GOOD = "T-01,estimate,Some quantity,1.5,mW,planning value,cposim planning estimate,estimate"


def _package_tables():
    folder = resources.files("cposim.references")
    return sorted((p for p in folder.iterdir() if p.name.startswith("table") and p.name.endswith(".csv")),
                  key=lambda p: p.name)


def test_the_package_tables_load_and_pass_the_strict_checks():
    tables = _package_tables()
    assert len(tables) > 1
    rows = validate_tables(resources.files("cposim.references"))
    assert rows == all_sources()
    assert len(rows) > 400


@pytest.mark.parametrize("table", _package_tables(), ids=lambda p: p.name)
def test_every_row_has_eight_fields_an_id_and_an_allowed_confidence(table):
    reader = csv.reader(io.StringIO(table.read_text(encoding="utf-8"), newline=""))
    assert tuple(next(reader)) == COLUMNS
    for row in reader:
        if not row:
            continue
        assert len(row) == 8, f"{table.name} line {reader.line_num}: {row}"
        assert row[0].strip(), f"{table.name} line {reader.line_num}: empty id"
        assert row[7] in CONFIDENCE_LEVELS, f"{table.name} line {reader.line_num}: {row[7]!r}"
        assert all(field == field.strip() for field in row), f"{table.name} line {reader.line_num}: {row}"


def test_the_allowed_confidence_set_is_the_one_the_tables_use():
    assert set(CONFIDENCE_LEVELS) == {"high", "medium", "low", "derived", "estimate"}
    assert {s.confidence for s in all_sources().values()} == set(CONFIDENCE_LEVELS)


def _write(tmp_path, name: str, *lines: str):
    path = tmp_path / name
    path.write_text("\n".join((HEADER, *lines)) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "bad_row, row_id, words",
    [
        # an unquoted comma: one field too many, the last ones shift
        ("T-02,estimate,Overhead (photodiode, ADC),0.5,mW,planning value,cposim planning estimate,estimate",
         "T-02", ["9 fields", "expected 8", "quote"]),
        ("T-02,estimate,Overhead,0.5,mW,planning value", "T-02", ["6 fields", "missing source, confidence"]),
        ("T-02,estimate,Overhead,0.5,mW,planning value,cposim planning estimate,guess", "T-02",
         ["confidence 'guess'", "high, medium, low, derived, estimate"]),
        ("T-02,estimate,Overhead,0.5,mW,planning value,cposim planning estimate,High", "T-02", ["'High'"]),
        (",estimate,Overhead,0.5,mW,planning value,cposim planning estimate,estimate", "", ["empty id"]),
        ("T-01,estimate,Again,2,mW,planning value,cposim planning estimate,estimate", "T-01",
         ["duplicate id", "table_broken.csv line 2"]),
    ],
    ids=["extra-column", "missing-columns", "bad-confidence", "confidence-case", "empty-id", "duplicate-in-file"],
)
def test_a_broken_row_is_rejected_naming_file_line_and_id(tmp_path, bad_row, row_id, words):
    path = _write(tmp_path, "table_broken.csv", GOOD, "", bad_row)  # a blank line in between
    with pytest.raises(ReferenceTableError) as info:
        validate_tables([path])
    err = info.value
    assert isinstance(err, ConfigError)
    message = str(err)
    assert message.startswith("table_broken.csv line 4: ")
    assert (err.file, err.line, err.row_id) == ("table_broken.csv", 4, row_id)
    if row_id:
        assert repr(row_id) in message
    for word in words:
        assert word in message, message


def test_a_duplicate_id_across_files_is_rejected(tmp_path):
    _write(tmp_path, "table_a.csv", GOOD)
    _write(tmp_path, "table_b.csv", "T-09,estimate,Other,1,-,c,s,low", GOOD.replace("1.5", "2.5"))
    (tmp_path / "notes.csv").write_text("not,a,table\n", encoding="utf-8")  # ignored: not table*.csv
    with pytest.raises(ReferenceTableError, match=r"^table_b\.csv line 3: row 'T-01': duplicate id "
                                                  r"\(first defined in table_a\.csv line 2\)"):
        validate_tables(tmp_path)


def test_a_folder_of_good_tables_loads(tmp_path):
    _write(tmp_path, "table_a.csv", GOOD, '"T-03",derived,"A, quoted",1..2,dB,"x, y",s,derived')
    rows = validate_tables(str(tmp_path))
    assert rows["T-03"].quantity == "A, quoted"
    assert rows["T-03"].conditions == "x, y"


def test_a_wrong_header_is_rejected(tmp_path):
    path = tmp_path / "table_h.csv"
    path.write_text("id,category,quantity,value,unit,source,confidence\n" + GOOD + "\n", encoding="utf-8")
    with pytest.raises(ReferenceTableError, match=r"^table_h\.csv line 1: .*header"):
        validate_tables([path])


def test_cps_eng_08_keeps_its_locking_power():
    """The row once had unquoted commas: the columns shifted and 0.5 mW was lost."""
    from cposim.engine.spec import EngineSpec

    row = get_source("CPS-ENG-08")
    assert row.quantity == "Wavelength-locking control overhead per ring (monitor photodiode, ADC/DAC, digital loop)"
    assert (row.value, row.unit, row.confidence) == ("0.5", "mW", "estimate")
    assert row.conditions.startswith("planning value")
    assert float(row.value) * 1e-3 == pytest.approx(EngineSpec().locking_power_per_ring_w)


def test_the_other_repaired_rows():
    eng09 = get_source("CPS-ENG-09")
    assert eng09.quantity.endswith("(ageing, connector repeatability)")
    assert (eng09.value, eng09.unit, eng09.confidence) == ("2", "dB", "estimate")
    lin02 = get_source("CPS-LIN-02")
    assert lin02.source.endswith("Fiber-Optic Communication Systems; electrical vs optical dB)")
    assert lin02.confidence == "high"


def test_cli_sources_of_one_id_prints_the_row_and_its_citing_parameters():
    runner = CliRunner()
    res = runner.invoke(app, ["sources", "CPS-ENG-08"])
    assert res.exit_code == 0, res.output
    out = res.stdout
    for text in ("CPS-ENG-08", "Wavelength-locking control overhead", "0.5 mW", "estimate",
                 "planning value", "cposim planning estimate", "Cited by"):
        assert text in out, out
    assert "cpo-mrm-wdm-200g: ring_tuning_shift_m = " in out
    assert "locking_power_per_ring_w = 0.0005 W" in out

    res = runner.invoke(app, ["sources", "CPS-ENG-08", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["references"][0]["value"] == "0.5"
    assert {"kind": "preset", "name": "cpo-mrm-wdm-200g", "parameter": "ring_tuning_shift_m"}.items() <= \
        data["cited_by"][0].items()
