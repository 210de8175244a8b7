"""Sweep folders: chunk files and manifest; a sweep killed with SIGKILL and started again with
the same command finishes with no lost or duplicated points and the same bytes as a run that
was never interrupted."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
import yaml

from cposim.errors import ConfigError
from cposim.explore import load_spec, run_sweep
from cposim.explore.store import SweepStore

SPEC = {
    "name": "kill and resume",
    "target": {"kind": "link", "preset": "cpo-mrm-wdm-200g"},
    "parameters": {"link.fiber.length": {"range": ["10 m", "2 km"]},
                   "link.implementation_penalty": {"range": ["1 dB", "3 dB"]},
                   "link.source.power_class": ["LP", "MP", "HP"]},
    "sampling": {"method": "random", "points": 12_000, "seed": 99},
    "outputs": ["margin_db", "ber", "energy_pj_per_bit"],
    "chunk_size": 300,
}


def _write_spec(tmp_path: Path) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    return path


def _chunks(folder: Path) -> int:
    d = folder / "chunks"
    return len(list(d.glob("c*.npz"))) if d.exists() else 0


def test_sigkill_at_a_random_moment_then_rerun_gives_identical_results(tmp_path):
    """Two worker processes finish chunks out of order; the kill takes the whole process group."""
    seed, backend = 20261127, ("--backend", "processes", "--workers", "2")
    spec_file = _write_spec(tmp_path)
    reference = run_sweep(load_spec(spec_file), out=tmp_path / "reference", quiet=True)
    out = tmp_path / "killed"
    cmd = [sys.executable, "-m", "cposim.cli.main", "sweep", str(spec_file), "--out", str(out), "--quiet", *backend]
    n_chunks = reference.chunks
    rng = np.random.default_rng(seed)
    kill_after = int(rng.integers(1, n_chunks // 2))
    extra_delay_s = float(rng.uniform(0.0, 0.05))

    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 180
    while _chunks(out) < kill_after and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(extra_delay_s)
    assert proc.poll() is None, f"the sweep ended before it could be killed: {proc.stderr.read().decode()}"
    os.killpg(proc.pid, signal.SIGKILL)  # the sweep and any worker processes it started
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    done_at_kill = _chunks(out)
    assert 1 <= done_at_kill < n_chunks
    assert not (out / "results.parquet").exists()

    rerun = subprocess.run(cmd + ["--json"], capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert '"resumed_chunks": ' in rerun.stdout
    assert (out / "results.parquet").read_bytes() == reference.result_path.read_bytes()
    table = pq.read_table(out / "results.parquet")
    assert np.array_equal(table.column("point").to_numpy(), np.arange(SPEC["sampling"]["points"]))
    assert _chunks(out) == n_chunks
    assert not list(out.rglob(".*.tmp"))


def test_damaged_and_stale_files_are_recomputed(tmp_path):
    spec = load_spec(dict(SPEC, sampling={"method": "random", "points": 300, "seed": 1}, chunk_size=50))
    ref = run_sweep(spec, out=tmp_path / "ref", quiet=True)
    out = tmp_path / "damaged"
    first = run_sweep(spec, out=out, quiet=True)
    assert first.computed_chunks == 6 and first.resumed_chunks == 0
    (out / "results.parquet").unlink()
    chunk = out / "chunks" / "c000002.npz"
    chunk.write_bytes(chunk.read_bytes()[:100])  # truncated, as if written without the atomic rename
    (out / "chunks" / "c000004.npz").unlink()
    (out / "chunks" / ".c000005.npz.12345.tmp").write_bytes(b"partial")
    again = run_sweep(spec, out=out, quiet=True)
    assert again.computed_chunks == 2 and again.resumed_chunks == 4
    assert (out / "results.parquet").read_bytes() == ref.result_path.read_bytes()
    assert not list((out / "chunks").glob(".*.tmp"))
    done = run_sweep(spec, out=out, quiet=True)
    assert done.computed_chunks == 0 and done.resumed_chunks == 6


def test_a_folder_of_another_sweep_is_refused(tmp_path):
    spec = load_spec(dict(SPEC, sampling={"method": "random", "points": 20, "seed": 1}, chunk_size=10))
    run_sweep(spec, out=tmp_path / "a", quiet=True)
    other = load_spec(dict(SPEC, sampling={"method": "random", "points": 20, "seed": 2}, chunk_size=10))
    with pytest.raises(ConfigError, match="different sweep"):
        run_sweep(other, out=tmp_path / "a", quiet=True)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "notes.txt").write_text("mine")
    with pytest.raises(ConfigError, match="not a sweep folder"):
        SweepStore(tmp_path / "b", spec)


def test_grid_results_are_a_dataset_with_units_and_sources(tmp_path):
    spec = load_spec({
        "target": "link",
        "parameters": {"link.fiber.length": {"range": ["100 m", "1 km"], "steps": 4},
                       "link.source.power_class": ["MP", "HP"], "link.implementation_penalty": "2 dB"},
        "outputs": ["margin_db", "energy_pj_per_bit"], "chunk_size": 3,
    })
    ds = run_sweep(spec, out=tmp_path / "grid", quiet=True).load()
    assert ds["margin_db"].dims == ("link.fiber.length", "link.source.power_class")
    assert ds["margin_db"].attrs["units"] == "dB" and ds["energy_pj_per_bit"].attrs["units"] == "pJ/bit"
    assert ds["link.fiber.length"].attrs["units"] == "m"
    assert float(ds["link.implementation_penalty"]) == 2.0  # a constant is a scalar coordinate
    assert "LAS-01" in ds.attrs["sources"] or "LAS-14" in ds.attrs["sources"]
    np.testing.assert_allclose(ds["link.fiber.length"].values, [100.0, 400.0, 700.0, 1000.0])
