"""``cposim fabric``: JSON keys, table, plot, one-line errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cposim.cli.main import app

runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, ["fabric", *args])


def test_json_has_switches_per_tier_and_option_keys():
    res = _run("--gpus", "16384", "--json")
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["fabric"]["switches"] == {"leaf": 512, "spine": 512, "core": 256}
    names = [o["option"] for o in d["options"]]
    assert names == ["dsp", "cpo-switch", "cpo"]
    for o in d["options"]:
        assert {"option", "switches", "links", "modules", "optical_engines", "lasers", "fibers", "power_mw",
                "interruptions_per_day", "goodput"} <= set(o)


def test_module_and_cpo_port_power_overrides():
    res = _run("--gpus", "400000", "--radix", "128", "--port", "1.6T", "-o", "dsp", "-o", "cpo",
               "--module-power", "30", "--cpo-port-power", "9", "--power-source", "SYS-NV-08", "--json")
    assert res.exit_code == 0, res.output
    opts = {o["option"]: o for o in json.loads(res.stdout)["options"]}
    assert opts["dsp"]["power_mw"] == pytest.approx(72.0)
    assert opts["cpo"]["power_mw"] == pytest.approx(21.6)


def test_table_and_plot(tmp_path):
    png = tmp_path / "fabric.png"
    res = _run("--gpus", "65536", "--port", "800G", "--radix", "64", "--plot", str(png), "--workload",
               "--front-end", "--oversubscription", "3:1")
    assert res.exit_code == 0, res.output
    assert "Interconnect options" in res.stdout and "goodput" in res.stdout and "front-end fabric" in res.stdout
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("args, match", [
    (("--radix", "63"), "odd"),
    (("--gpus", "100"), "whole 8-GPU nodes"),
    (("--oversubscription", "2"), "impossible"),
    (("--oversubscription", "two"), "not a list of ratios"),
    (("--port", "fast"), "not a bit rate"),
    (("--option", "warp"), "not allowed"),
    (("--plot", "x.bmp"), "unknown image type"),
])
def test_errors_are_one_line(args, match):
    res = _run(*args)
    assert res.exit_code == 2
    assert match in res.stderr and res.stderr.count("\n") == 1 and "Traceback" not in res.output
