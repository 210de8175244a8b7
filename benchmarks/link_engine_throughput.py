"""Link-engine throughput: design points per second for one call over 1,000,000 points.

Sweeps four parameters of each preset (fiber length, TIA noise density, the extra
implementation penalty, the ring tuning shift) over 1,000,000 random points in one
``evaluate_points`` call, on one core, and reports points per second and peak memory. The
waveform-penalty nodes of the swept fiber lengths are computed once per process (cached)
in a timed warm-up (``warmup_seconds``), apart from the throughput.
Prints JSON lines and writes them to ``benchmarks/results/link_engine_throughput.json``
(the README's Speed tables are rendered from that file by ``scripts/readme_numbers.py``);
run with no arguments: ``python benchmarks/link_engine_throughput.py``. Each row carries the
machine's load average (``os.getloadavg()``) at its end.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from cposim.link.sweep import evaluate_points  # noqa: E402
from cposim.presets import PRESETS  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "link_engine_throughput.json"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run(n_points: int, chunk_size: int, preset: str) -> dict:
    rng = np.random.default_rng(2026)
    lane = PRESETS[preset].build()
    values = {
        "fiber.length_m": rng.uniform(10.0, 2000.0, n_points),
        "tia.input_noise_density_a_per_sqrt_hz": rng.uniform(10e-12, 40e-12, n_points),
        "implementation_penalty_db": rng.uniform(0.5, 4.0, n_points),
        "ring_tuning_shift_m": rng.uniform(0.2e-9, 3e-9, n_points),
    }
    # warm-up: JIT compilation and the waveform-penalty nodes of the swept fiber lengths
    # (computed once per process and cached; timed separately as warmup_seconds)
    warm = {k: v[:1000] for k, v in values.items()}
    warm["fiber.length_m"] = np.geomspace(values["fiber.length_m"].min(), values["fiber.length_m"].max(), 1000)
    t_warm = time.perf_counter()
    evaluate_points(lane, warm, chunk_size=chunk_size)
    warmup_seconds = time.perf_counter() - t_warm
    t0 = time.perf_counter()
    out = evaluate_points(lane, values, chunk_size=chunk_size)
    seconds = time.perf_counter() - t0
    finite = all(bool(np.all(np.isfinite(v))) for v in out.values())
    return {
        "benchmark": "link_engine_throughput",
        "preset": preset,
        "points": n_points,
        "chunk_size": chunk_size,
        "seconds": round(seconds, 3),
        "warmup_seconds": round(warmup_seconds, 3),
        "points_per_s": round(n_points / seconds),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "all_finite": finite,
        "median_margin_db": round(float(np.median(out["margin_db"])), 3),
        "median_energy_pj_per_bit": round(float(np.median(out["energy_pj_per_bit"])), 3),
        "loadavg": [round(x, 2) for x in os.getloadavg()],
    }


def peak_memory(n_points: int, chunk_size: int, preset: str) -> dict:
    """Peak memory traced during one sweep, beyond its own inputs and outputs (bytes)."""
    import tracemalloc

    rng = np.random.default_rng(7)
    lane = PRESETS[preset].build()
    values = {"fiber.length_m": rng.uniform(10.0, 2000.0, n_points)}
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    out = evaluate_points(lane, values, chunk_size=chunk_size)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    outputs = sum(v.nbytes for v in out.values())
    return {
        "benchmark": "link_engine_memory",
        "preset": preset,
        "points": n_points,
        "chunk_size": chunk_size,
        "peak_working_mb": round((peak - outputs) / 2**20, 1),
        "outputs_mb": round(outputs / 2**20, 1),
        "loadavg": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    lines: list[dict] = []

    def emit(obj: dict) -> None:
        lines.append(obj)
        print(json.dumps(obj), flush=True)

    emit({"benchmark": "link_engine_run", "when": datetime.date.today().isoformat(), "cpus": os.cpu_count(),
          "omp_num_threads": os.environ.get("OMP_NUM_THREADS"), "python": platform.python_version(),
          "numpy": np.__version__, "loadavg": [round(x, 2) for x in os.getloadavg()]})
    for preset in ("cpo-mrm-wdm-200g", "1.6t-dr8"):
        emit(run(n, 65536, preset))
    for points in (2**17, 2**20):
        emit(peak_memory(points, 65536, "cpo-mrm-wdm-200g"))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("".join(json.dumps(x) + "\n" for x in lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
