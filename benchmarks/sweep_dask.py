"""Sweep throughput: 1,000,000 points of the link and of the architecture model, in-process and
on a 2-worker Dask LocalCluster (and, for reference, a 2-process stdlib pool), through the full
``cposim sweep`` path (tasks, chunk files, manifest, results file).

* link: ``cpo-mrm-wdm-200g`` lane, random sampling (seed 2026) of fiber length (10 m - 2 km),
  implementation penalty (1 - 3 dB) and ELSFP power class (LP, MP, HP).
* architecture: Latin hypercube (seed 2026) over dsp-dr, npo, cpo-mrm, cpo-dr 1.6T ports, link
  length (10 - 500 m), laser power offset (+/-1.5 dB) and host SerDes energy growth (1.0 - 1.5).

Both backends must give byte-identical results files (checked). The cluster's start-up and a
warm-up (small tasks, so every worker imports cposim and compiles its JIT kernels, then
full-size tasks; the in-process run is warmed the same way) are timed separately.

Prints JSON lines and writes them to ``benchmarks/results/sweep_dask.json`` (the README's
sweep table is rendered from that file by ``scripts/readme_numbers.py``); run with no
arguments: ``python benchmarks/sweep_dask.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from cposim.explore import load_spec, run_sweep  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "sweep_dask.json"
_LINES: list[str] = []


def emit(record: dict) -> None:
    """Print one JSON line (with the machine load) and keep it for the results file."""
    line = json.dumps({**record, "loadavg": list(os.getloadavg())})
    _LINES.append(line)
    print(line, flush=True)


POINTS = 1_000_000
CHUNK = 62_500
SEED = 2026
#: Warm-up points: full-size tasks for every worker (first large allocations are slow).
WARMUP_POINTS = 4 * CHUNK

SPECS = {
    "link": {
        "name": "bench link",
        "target": {"kind": "link", "preset": "cpo-mrm-wdm-200g"},
        "parameters": {
            "link.fiber.length": {"range": ["10 m", "2 km"]},
            "link.implementation_penalty": {"range": ["1 dB", "3 dB"]},
            "link.source.power_class": {"values": ["LP", "MP", "HP"]},
        },
        "outputs": ["margin_db", "ber", "energy_pj_per_bit", "module_power_w"],
    },
    "architecture": {
        "name": "bench architecture",
        "target": "architecture",
        "parameters": {
            "architecture.name": {"values": ["dsp-dr", "npo", "cpo-mrm", "cpo-dr"]},
            "architecture.length": {"range": ["10 m", "500 m"]},
            "architecture.laser_power_offset": {"range": ["-1.5 dB", "1.5 dB"]},
            "architecture.host_serdes.energy_growth_per_rate_doubling": {"range": [1.0, 1.5]},
        },
        "outputs": ["energy_pj_per_bit", "power_w_per_port", "margin_db"],
    },
}


def _spec(name: str, points: int, chunk: int = CHUNK):
    method = "random" if name == "link" else "latin-hypercube"
    doc = dict(SPECS[name], sampling={"method": method, "points": points, "seed": SEED}, chunk_size=chunk)
    return load_spec(doc)


def main() -> None:
    from cposim.explore.backends import local_cluster

    root = Path(tempfile.mkdtemp(prefix="cposim-bench-sweep-"))
    for name in SPECS:  # warm the in-process models (imports, JIT kernels, caches, memory arenas)
        run_sweep(_spec(name, WARMUP_POINTS), out=root / f"warm-{name}", quiet=True)
    inprocess = {}
    for name in SPECS:
        run = run_sweep(_spec(name, POINTS), out=root / f"{name}-inprocess", quiet=True)
        inprocess[name] = run
        emit({"benchmark": "sweep_dask", "target": name, "backend": "inprocess", "workers": 1,
                          "points": run.points, "chunks": run.chunks, "seconds": round(run.seconds, 3),
                          "points_per_s": round(run.points_per_s)})
    for name in SPECS:  # the stdlib process pool, for reference (forked workers, no scheduler)
        run_sweep(_spec(name, WARMUP_POINTS), out=root / f"warm-processes-{name}", backend="processes", workers=2,
                  quiet=True)
        run = run_sweep(_spec(name, POINTS), out=root / f"{name}-processes", backend="processes", workers=2,
                        quiet=True)
        ref = inprocess[name]
        emit({"benchmark": "sweep_dask", "target": name, "backend": "processes", "workers": 2,
                          "points": run.points, "chunks": run.chunks, "seconds": round(run.seconds, 3),
                          "points_per_s": round(run.points_per_s),
                          "speedup_vs_inprocess": round(run.points_per_s / ref.points_per_s, 2),
                          "identical_to_inprocess": ref.result_path.read_bytes() == run.result_path.read_bytes()})
    t0 = time.perf_counter()
    with local_cluster(2) as cluster:
        startup = time.perf_counter() - t0
        t0 = time.perf_counter()
        for name in SPECS:
            run_sweep(_spec(name, 2000, chunk=100), out=root / f"warm-dask-{name}", scheduler=cluster.scheduler_address,
                      quiet=True)
            run_sweep(_spec(name, WARMUP_POINTS), out=root / f"warm-dask-full-{name}",
                      scheduler=cluster.scheduler_address, quiet=True)
        warmup = time.perf_counter() - t0
        emit({"benchmark": "sweep_dask", "dask_localcluster_start_s": round(startup, 3),
                          "dask_worker_warmup_s": round(warmup, 3), "workers": 2})
        for name in SPECS:
            run = run_sweep(_spec(name, POINTS), out=root / f"{name}-dask", scheduler=cluster.scheduler_address,
                            quiet=True)
            ref = inprocess[name]
            same = ref.result_path.read_bytes() == run.result_path.read_bytes()
            emit({"benchmark": "sweep_dask", "target": name, "backend": "dask", "workers": 2,
                              "points": run.points, "chunks": run.chunks, "seconds": round(run.seconds, 3),
                              "points_per_s": round(run.points_per_s),
                              "speedup_vs_inprocess": round(run.points_per_s / ref.points_per_s, 2),
                              "identical_to_inprocess": same})
    shutil.rmtree(root, ignore_errors=True)
    emit({"benchmark": "sweep_dask", "cpus": os.cpu_count(), "python": sys.version.split()[0]})
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("".join(line + "\n" for line in _LINES))


if __name__ == "__main__":
    main()
