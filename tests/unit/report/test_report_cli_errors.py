"""``cposim report`` with bad input: one clear ``error:`` line, a non-zero exit code, no file."""

from __future__ import annotations

from typer.testing import CliRunner

from cposim.cli.main import app

runner = CliRunner()


def _one_line_error(res) -> str:
    assert res.exit_code == 2, res.output
    err = res.stderr.strip()
    assert err.startswith("error: ") and "\n" not in err and "Traceback" not in err
    return err


def test_unknown_preset_is_one_line_with_a_suggestion(tmp_path):
    err = _one_line_error(runner.invoke(app, ["report", "cpo-mrm-wdm-200", "--quick", "--out", str(tmp_path)]))
    assert "did you mean 'cpo-mrm-wdm-200g'" in err
    assert list(tmp_path.iterdir()) == []


def test_bad_scenario_file_is_one_line_naming_the_field(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("link:\n  preset: cpo-mrm-wdm-200g\n  fiber: {length: -3 m}\n", encoding="utf-8")
    err = _one_line_error(runner.invoke(app, ["report", str(bad), "--quick", "--out", str(tmp_path / "o")]))
    assert "link.fiber.length" in err and "-3" in err
    assert not (tmp_path / "o").exists()


def test_missing_scenario_file_is_one_line(tmp_path):
    err = _one_line_error(runner.invoke(app, ["report", str(tmp_path / "nope.toml"), "--out", str(tmp_path)]))
    assert "nope.toml" in err and "not a file" in err
