"""Backends: identical bytes with 1 and 2 worker processes and with Dask; errors raised in a
worker arrive as one-line cposim errors; the core never imports Dask unless asked.

One Dask LocalCluster (2 worker processes) serves the whole module through ``--scheduler``.
"""

import subprocess
import sys

import pytest
import yaml
from typer.testing import CliRunner

from cposim.cli.main import app
from cposim.errors import ConfigError
from cposim.explore import evaluate_space, load_spec, run_sweep
from cposim.explore.backends import check_backend

GRID = {
    "target": {"kind": "link", "preset": "cpo-mrm-wdm-200g"},
    "parameters": {"link.fiber.length": {"range": ["10 m", "2 km"], "steps": 9, "scale": "log"},
                   "link.source.power_class": ["LP", "MP", "HP"],
                   "link.implementation_penalty": {"range": ["1 dB", "3 dB"], "steps": 3}},
    "outputs": ["margin_db", "ber", "energy_pj_per_bit"],
    "chunk_size": 10,
}
SAMPLES = {
    "target": "architecture",
    "parameters": {"architecture.name": ["dsp-dr", "cpo-mrm", "cpo-dr"],
                   "architecture.length": {"range": ["10 m", "500 m"]},
                   "architecture.laser_power_offset": {"range": ["-1 dB", "1 dB"]}},
    "sampling": {"method": "latin-hypercube", "points": 600, "seed": 4},
    "outputs": ["energy_pj_per_bit", "margin_db"],
    "chunk_size": 70,
}


@pytest.fixture(scope="module")
def dask_scheduler():
    pytest.importorskip("distributed")
    from cposim.explore.backends import local_cluster

    with local_cluster(2) as cluster:
        yield cluster.scheduler_address


@pytest.mark.parametrize("doc, result_file", [(GRID, "results.nc"), (SAMPLES, "results.parquet")])
def test_identical_bytes_with_one_and_two_workers_and_dask(tmp_path, dask_scheduler, doc, result_file):
    spec = load_spec(doc)
    runs = {
        "inprocess": run_sweep(spec, out=tmp_path / "a", quiet=True),
        "processes-1": run_sweep(spec, out=tmp_path / "b", backend="processes", workers=1, quiet=True),
        "processes-2": run_sweep(spec, out=tmp_path / "c", backend="processes", workers=2, quiet=True),
        "dask-2": run_sweep(spec, out=tmp_path / "d", scheduler=dask_scheduler, quiet=True),
    }
    assert runs["dask-2"].backend == "dask" and runs["dask-2"].workers == 2
    assert runs["processes-2"].workers == 2
    reference = runs["inprocess"].result_path.read_bytes()
    assert runs["inprocess"].result_path.name == result_file
    for name, run in runs.items():
        assert run.result_path.read_bytes() == reference, name
        assert run.computed_chunks == spec.n_chunks


def test_evaluate_space_in_memory_matches_across_backends(dask_scheduler):
    spec = load_spec(SAMPLES)
    one = evaluate_space(spec)
    two = evaluate_space(spec, scheduler=dask_scheduler)
    for k in one:
        assert (one[k] == two[k]).all(), k


def test_worker_errors_arrive_as_one_cposim_error(tmp_path, dask_scheduler):
    """A lane whose line rate is below its payload fails inside the model, in the worker."""
    doc = {"target": "link", "parameters": {"link.line_rate": ["100 Gb/s", "250 Gb/s"]}, "chunk_size": 1}
    spec = load_spec(doc)
    for kwargs in ({}, {"backend": "processes", "workers": 2}, {"scheduler": dask_scheduler}):
        with pytest.raises(ConfigError) as err:
            evaluate_space(spec, **kwargs)
        assert err.value.field == "Lane.line_rate_bps"


def test_cli_with_scheduler_and_json(tmp_path, dask_scheduler):
    spec_file = tmp_path / "grid.yaml"
    spec_file.write_text(yaml.safe_dump(GRID), encoding="utf-8")
    res = CliRunner().invoke(app, ["sweep", str(spec_file), "--scheduler", dask_scheduler, "--out",
                                   str(tmp_path / "out"), "--json"])
    assert res.exit_code == 0, res.output
    import json

    data = json.loads(res.stdout)
    assert data["backend"] == "dask" and data["points"] == 81
    assert data["outputs"]["margin_db"]["unit"] == "dB"
    assert data["outputs"]["margin_db"]["min"] < data["outputs"]["margin_db"]["max"]


def test_sweeps_run_without_dask_and_dask_is_imported_only_by_its_backend(tmp_path):
    """With Dask unimportable (as when the optional extra is not installed) grid and sample
    sweeps run, and asking for Dask says how to install it.
    (Third-party libraries such as pint and xarray import Dask on their own when it is
    installed, so the check is on cposim's sources.)"""
    code = (
        "import sys\n"
        "sys.modules['dask'] = sys.modules['distributed'] = None\n"
        "from cposim.errors import ConfigError\n"
        "from cposim.explore import load_spec, run_sweep\n"
        f"run_sweep(load_spec({SAMPLES!r}), out={str(tmp_path / 'x')!r}, quiet=True)\n"
        f"run_sweep(load_spec({GRID!r}), out={str(tmp_path / 'y')!r}, quiet=True)\n"
        "try:\n"
        f"    run_sweep(load_spec({GRID!r}), out={str(tmp_path / 'w')!r}, backend='dask', quiet=True)\n"
        "except ConfigError as err:\n"
        "    print(err)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "--backend: 'dask' needs Dask: pip install 'cposim[dask]'"
    import ast
    from pathlib import Path

    import cposim

    for path in Path(cposim.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                if any(n.split(".")[0] in ("dask", "distributed") for n in names):
                    assert path.name == "backends.py" and node.col_offset > 0, (path, node.lineno)


@pytest.mark.parametrize("backend, workers, scheduler, field", [
    ("spark", None, None, "--backend"),
    ("inprocess", 2, None, "--workers"),
    ("processes", 0, None, "--workers"),
    ("processes", None, "tcp://127.0.0.1:8786", "--scheduler"),
    ("dask", 2, "tcp://127.0.0.1:8786", "--workers"),
])
def test_bad_backend_choices(backend, workers, scheduler, field):
    with pytest.raises(ConfigError) as err:
        check_backend(backend, workers, scheduler)
    assert err.value.field == field
