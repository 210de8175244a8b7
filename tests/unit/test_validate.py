"""The validation registry (issue 11): every published figure cposim is compared with says how
the model uses it (identity, calibration, prediction), how the cposim value is obtained, and
why its tolerance is what it is. The README tables are this registry's ``--markdown`` output
(tests/unit/test_readme_numbers.py checks that)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cposim
import cposim.validate as v
from cposim.cli.main import app
from cposim.references import all_sources
from cposim.validate import CASES, CLASSES, SECTIONS, Calibrated, Case


@pytest.fixture(scope="module")
def results():
    return v.evaluate()


def test_ids_are_unique_and_every_section_has_cases():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
    for section in SECTIONS:
        assert any(section in c.sections for c in CASES), section


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_every_case_has_a_class_a_how_and_a_tolerance_why(case):
    assert case.klass in CLASSES
    assert case.how.strip().endswith(".") and len(case.how.split()) >= 6
    assert case.tolerance_why.strip() and case.tolerance_text.strip()
    assert case.lo is not None or case.hi is not None
    assert case.published_text.strip() and case.title.strip()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_every_source_id_is_a_reference_row(case):
    table = all_sources()
    assert case.sources and all(s in table for s in case.sources), case.sources


@pytest.mark.parametrize("case", [c for c in CASES if c.klass == "calibration"], ids=lambda c: c.id)
def test_calibrations_name_the_parameter_and_the_figure(case):
    table = all_sources()
    assert case.calibrated
    for k in case.calibrated:
        assert k.parameter.strip()
        assert k.reference in table and k.figure in table
        assert k.figure in case.sources  # the figure it was set from is the case's own
        assert k.reference in case.how  # and the how says which parameter


def test_only_calibrations_name_calibrated_parameters_and_a_calibration_must():
    kw = dict(id="x", title="t", sources=("PWR-04",), published_text="9 W", published=9.0, unit="W",
              how="A sentence long enough to say how.", compute=lambda: 9.0, lo=8.5, hi=9.5,
              tolerance_text="+-0.5 W", tolerance_why="quoted to the watt", sections=("validation",))
    with pytest.raises(ValueError, match="calibration must name"):
        Case(klass="calibration", **kw)
    with pytest.raises(ValueError, match="only a calibration"):
        Case(klass="prediction", calibrated=(Calibrated("p", "CPS-PRE-02", "PWR-04"),), **kw)
    with pytest.raises(ValueError, match="class"):
        Case(klass="validation", **kw)
    assert Case(klass="prediction", **kw).evaluate().passed


def test_pass_is_the_tolerance_bounds_and_failures_stay_failures(results):
    for r in results:
        c = r.case
        inside = (c.lo is None or r.value >= c.lo) and (c.hi is None or r.value <= c.hi)
        assert r.passed == inside, c.id


def test_the_issue_examples_are_classed_as_the_issue_says():
    by = {c.id: c for c in CASES}
    for cid in ("th5-energy", "xsr-serdes-energy", "ucie-2d", "ucie-2p5d", "ucie-3d", "ring-fsr",
                "heater-per-fsr-0p1", "heater-per-fsr-0p3", "quantum-limit", "fabric-400k-pluggable-mw",
                "fabric-400k-cpo-mw"):
        assert by[cid].klass == "identity", cid
    dr4, lpo = by["preset-400g-dr4-module"], by["preset-800g-lpo-module"]
    assert dr4.klass == lpo.klass == "calibration"
    assert [(k.reference, k.figure) for k in dr4.calibrated] == [("CPS-PRE-02", "PWR-04")]
    assert [(k.reference, k.figure) for k in lpo.calibrated] == [("CPS-PRE-04", "PWR-08")]


def test_cli_json_lists_every_case_with_its_class(results):
    res = CliRunner().invoke(app, ["validate", "--json"])
    out = json.loads(res.stdout)
    assert [(c["id"], c["class"]) for c in out["cases"]] == [(c.id, c.klass) for c in CASES]
    for c in out["cases"]:
        assert {"how", "published_text", "cposim", "error", "tolerance", "tolerance_why", "pass",
                "calibrated", "sources"} <= set(c)
    broken = v.broken_inputs(results)
    assert out["inputs_reproduced"] == (not broken)
    # a report: failing predictions exit 0; a failing identity or calibration exits 1 and says so
    assert res.exit_code == (1 if broken else 0), res.output
    if broken:
        assert "no longer reproduces its own inputs" in res.output
        assert all(r.case.id in res.output for r in broken)


def test_cli_table_and_markdown_show_every_case():
    table = CliRunner().invoke(app, ["validate"])
    md = CliRunner().invoke(app, ["validate", "--markdown"])
    for c in CASES:
        assert c.id in table.stdout
        assert f"`{c.id}`" in md.stdout
    assert table.exit_code == md.exit_code


def test_exit_code_ignores_failing_predictions(monkeypatch):
    from cposim.validate import case as case_module

    fake = (Case("p", "t", ("PWR-04",), "9 W", 9.0, "W", "prediction", "A sentence long enough to say how.",
                 lambda: 1.0, 8.5, 9.5, "+-0.5 W", "quoted to the watt", ("validation",)),)
    monkeypatch.setattr(v, "CASES", fake)
    res = CliRunner().invoke(app, ["validate", "--json"])
    assert res.exit_code == 0 and json.loads(res.stdout)["cases"][0]["pass"] is False
    ident = (case_module.Case("i", "t", ("PWR-04",), "9 W", 9.0, "W", "identity", "A sentence long enough.",
                              lambda: 1.0, 8.5, 9.5, "+-0.5 W", "quoted to the watt", ("validation",)),)
    monkeypatch.setattr(v, "CASES", ident)
    res = CliRunner().invoke(app, ["validate"])
    assert res.exit_code == 1 and "no longer reproduces its own inputs: i (identity)" in res.output


def test_nothing_in_the_model_imports_the_validate_package():
    root = Path(cposim.__file__).resolve().parent
    offenders = []
    for path in root.rglob("*.py"):
        rel = path.relative_to(root).parts
        if rel[0] in ("validate", "cli"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                     else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            if any(n == "cposim.validate" or n.startswith("cposim.validate.") for n in names):
                offenders.append(str(path.relative_to(root)))
    assert offenders == []
