"""Fabric roll-up at a million GPUs: sizing, inventory, power, cost and reliability in one call.

For each GPU count (1e3 ... 1e6) runs :func:`cposim.fabric.cluster.cluster` with the default
options (DSP pluggable, CPO at switches, CPO everywhere) and prints one JSON line with the wall
time of the call and its peak Python allocation (``tracemalloc``): closed-form counting, so both
stay flat as the GPU count grows. The first line is the cold call (it runs the package layer's
``evaluate_port`` once per architecture and caches it); the rest are warm. A last line times a
vectorised sweep over 1,000 cluster sizes in one call.

Run with no arguments: ``python benchmarks/fabric_million_gpus.py``.
"""

from __future__ import annotations

import json
import os
import time
import tracemalloc

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from cposim.fabric.cluster import cluster  # noqa: E402
from cposim.fabric.topology import FabricSpec  # noqa: E402


def _timed(spec: FabricSpec, repeats: int = 5) -> tuple[float, float, object]:
    """(best wall time of ``repeats`` calls, s; peak traced allocation of one more call, MB; result)."""
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        cluster(spec)
        best = min(best, time.perf_counter() - t0)
    tracemalloc.start()
    result = cluster(spec)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return best, peak, result


def main() -> None:
    t0 = time.perf_counter()
    cluster(FabricSpec(gpus=1_000_000))
    print(json.dumps({"case": "cold (evaluate_port once per architecture)", "gpus": 1_000_000,
                      "seconds": round(time.perf_counter() - t0, 4)}))
    for gpus in (1_024, 16_384, 131_072, 1_000_000):
        seconds, peak_mb, result = _timed(FabricSpec(gpus=gpus))
        summary = {name: o.summary() for name, o in result.options.items()}
        print(json.dumps({
            "case": "warm", "gpus": gpus, "tiers": int(result.sizing.tiers), "seconds": round(seconds, 5),
            "peak_alloc_mb": round(peak_mb, 3),
            "switches": int(result.sizing.total_switches),
            "optics_mw": {k: round(v["power_mw"], 3) for k, v in summary.items()},
            "interruptions_per_day": {k: round(v["interruptions_per_day"], 2) for k, v in summary.items()},
        }))
    counts = np.arange(1, 1001, dtype=np.int64) * 1000
    t0 = time.perf_counter()
    sweep = cluster(FabricSpec(gpus=counts))
    print(json.dumps({"case": "vectorised sweep", "points": int(counts.size), "max_gpus": int(counts[-1]),
                      "seconds": round(time.perf_counter() - t0, 4),
                      "options": list(sweep.options)}))


if __name__ == "__main__":
    main()
