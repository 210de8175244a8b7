"""``cposim compare`` and ``cposim switch``: table, JSON, plot, unit strings and one-line errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cposim.cli.main import app
from cposim.cli.package_commands import parse_rate
from cposim.errors import ConfigError

runner = CliRunner()
REQUIRED = {"architecture", "power_w_per_port", "energy_pj_per_bit", "reach_m", "lasers_per_port",
            "fibers_per_port", "breakdown_w", "margin_db", "sources"}


def _run(*args):
    return runner.invoke(app, list(args))


@pytest.mark.parametrize(("text", "bps"), [("1.6T", 1.6e12), ("800G", 800e9), ("102.4T", 102.4e12),
                                           ("1.6 Tb/s", 1.6e12), ("1600Gbps", 1.6e12), ("400g", 400e9)])
def test_rate_strings(text, bps):
    assert parse_rate("--port", text) == pytest.approx(bps)


@pytest.mark.parametrize("text", ["fast", "1.6", "-1T", "1.6X", ""])
def test_bad_rate_strings_are_clear(text):
    with pytest.raises(ConfigError, match="--port"):
        parse_rate("--port", text)


def test_compare_json_has_the_promised_keys():
    res = _run("compare", "--port", "1.6T", "-a", "dsp-dr", "-a", "cpo", "-a", "npo", "--json")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert [r["architecture"] for r in rows] == ["dsp-dr", "npo", "cpo-mrm"]
    for r in rows:
        assert REQUIRED <= set(r)
        assert sum(r["breakdown_w"].values()) == pytest.approx(r["power_w_per_port"])


def test_compare_table_and_plot(tmp_path):
    out = tmp_path / "power.png"
    res = _run("compare", "--port", "1.6T", "-a", "dsp-dr", "-a", "cpo", "-a", "lpo", "--plot", str(out))
    assert res.exit_code == 0, res.output
    for word in ("Architectures per 1.6T port", "dsp-dr", "cpo-mrm", "Power per port by contributor",
                 "sources", "excluded lpo", "like for like"):
        assert word in res.stdout
    assert out.exists() and out.stat().st_size > 1000
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("args", [["compare", "--port", "1.6X"], ["compare", "--length", "-3 m"],
                                  ["compare", "-a", "dsp-dr", "--length", "5 km"],
                                  ["compare", "--plot", "out.txt"], ["switch", "--capacity", "204.8T", "-a", "cpo"],
                                  ["switch", "--capacity", "lots"]])
def test_errors_are_one_line_with_nonzero_exit(args):
    res = _run(*args)
    assert res.exit_code in (2, 3), res.output
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:")
    assert "Traceback" not in res.output


def test_switch_table_and_json():
    res = _run("switch", "--capacity", "102.4T", "--architecture", "cpo")
    assert res.exit_code == 0, res.output
    for word in ("optical engines", "shoreline", "Gb/s/mm", "W/cm2", "PWR-20"):
        assert word in res.stdout
    res = _run("switch", "--capacity", "102.4T", "--architecture", "cpo", "--json")
    data = json.loads(res.stdout)
    assert data["shoreline"]["engines"] == 16 and data["ports"] == 64
    assert data["total_power_w"] == pytest.approx(data["asic_core_power_w"] + data["host_serdes_power_w"]
                                                  + data["optics_power_w"])
