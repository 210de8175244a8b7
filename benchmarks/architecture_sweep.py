"""Architecture comparison throughput: 100,000 random design points in one vectorised call.

Draws (seed 2026) a lane rate per point (100G or 200G per lane), a fiber length (10-500 m,
inside every architecture's class reach), a laser power offset (+/-1.5 dB, the ELSFP class
tolerance, or the on-module DFB's output) and a host SerDes energy growth per rate doubling
(1.0-1.5), and evaluates the optical architectures of ``cposim.package`` for a 1.6T port with
one :func:`cposim.package.compare.compare_sweep` call (link engine through ``evaluate_points``,
chunked; no Python loop over points). LPO is left out: at 200G/lane on the front-panel route
its host channel exceeds every SerDes class. Copper ports are solved by COM-lite per length
and are not part of this sweep.

Prints JSON lines (one per architecture, then the total); run with no arguments:
``python benchmarks/architecture_sweep.py``.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from cposim.package.compare import compare_sweep  # noqa: E402

ARCHITECTURES = ("dsp-dr", "dsp-fr", "lro", "npo", "cpo-mrm", "cpo-dr")


def _points(n: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "lane_rate_bps": rng.choice(np.array([100e9, 200e9]), n),
        "length_m": rng.uniform(10.0, 500.0, n),
        "laser_power_offset_db": rng.uniform(-1.5, 1.5, n),
        "host_serdes.energy_growth_per_rate_doubling": rng.uniform(1.0, 1.5, n),
    }


def run(n_points: int = 100_000, chunk_size: int = 65536, seed: int = 2026) -> list[dict]:
    points = _points(n_points, seed)
    compare_sweep({k: v[:500] for k, v in points.items()}, architectures=ARCHITECTURES)  # warm-up
    lines = []
    total = 0.0
    for name in ARCHITECTURES:
        t0 = time.perf_counter()
        out = compare_sweep(points, architectures=[name], chunk_size=chunk_size)[name]
        seconds = time.perf_counter() - t0
        total += seconds
        lines.append({
            "benchmark": "architecture_sweep",
            "architecture": name,
            "points": n_points,
            "seconds": round(seconds, 3),
            "points_per_s": round(n_points / seconds),
            "median_power_w_per_port": round(float(np.median(out["power_w_per_port"])), 3),
            "median_energy_pj_per_bit": round(float(np.median(out["energy_pj_per_bit"])), 3),
            "min_margin_db": round(float(np.min(out["margin_db"])), 3),
            "finite": bool(all(np.all(np.isfinite(v)) for v in out.values())),
        })
    t0 = time.perf_counter()
    compare_sweep(points, architectures=ARCHITECTURES, chunk_size=chunk_size)
    one_call = time.perf_counter() - t0
    lines.append({
        "benchmark": "architecture_sweep",
        "architecture": "all (one compare_sweep call)",
        "architectures": len(ARCHITECTURES),
        "points": n_points,
        "seconds": round(one_call, 3),
        "points_per_s": round(n_points / one_call),
        "architecture_points_per_s": round(len(ARCHITECTURES) * n_points / one_call),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
        "python": sys.version.split()[0],
    })
    return lines


def main() -> None:
    for line in run():
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
