"""One model, one number, at counting sizes beyond the test suite's.

For every preset (``cposim.presets.PRESETS``) and the engine optimizer's chosen 1.6T design:
the analytic engine's margin puts the lane at its FEC threshold at ``received average power -
margin``; the time-domain simulator, with its default receiver (the lane's own FFE, the one
the engine's waveform penalty assumes), counts the BER at that power over 2^20 symbols
(2^21 bits: about 500 errors at the KP4 threshold, 10,000 at the concatenated one). The
issue's acceptance band is 3x of the threshold; the ratio is reported with its 95 %
Clopper-Pearson interval.

Run with no arguments: ``python benchmarks/lane_consistency.py`` (a few minutes). Every result
is one JSON line on stdout and in ``benchmarks/results/lane_consistency.json``; the README's
table is rendered from that file by ``scripts/readme_numbers.py``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from cposim.link.engine import evaluate  # noqa: E402
from cposim.presets import PRESETS  # noqa: E402
from cposim.signal.pipeline import simulate  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "lane_consistency.json"
SYMBOLS = 1 << 20
SEED = 11


def check(name: str, lane) -> dict:
    r = evaluate(lane)
    p_th = float(r.received_average_dbm - r.margin_db)
    target = float(r.target_ber)
    t0 = time.perf_counter()
    s = simulate(lane, n_symbols=SYMBOLS, received_power_dbm=p_th, seed=SEED, capture_symbols=0)
    return {
        "benchmark": "lane_consistency", "lane": name, "seed": SEED, "symbols": s.n_symbols, "bits": s.n_bits,
        "target_ber": target, "margin_db": float(r.margin_db), "waveform_penalty_db": float(r.waveform_penalty_db),
        "threshold_power_dbm": p_th, "simulated_ber": s.ber, "ber_ci": list(s.ber_ci), "bit_errors": s.bit_errors,
        "ratio": s.ber / target, "within_3x": bool(target / 3 <= s.ber <= 3 * target),
        "seconds": round(time.perf_counter() - t0, 2), "loadavg": list(os.getloadavg()),
    }


def main() -> int:
    from cposim.engine.optimizer import optimize
    from cposim.engine.spec import EngineSpec

    lines = []
    for name in sorted(PRESETS):
        lines.append(check(name, PRESETS[name].build()))
        print(json.dumps(lines[-1]), flush=True)
    best = optimize(EngineSpec(), target_capacity_bps=1.6e12).best
    spec = best.spec
    label = (f"engine optimum 1.6T ({int(spec.wavelengths_per_fiber)} x {float(spec.channel_spacing_hz) / 1e9:g} GHz, "
             f"mod Q {float(spec.modulator_loaded_q):.0f}, demux Q {float(spec.demux_loaded_q):.0f})")
    lines.append(check(label, best.result.lane))
    print(json.dumps(lines[-1]), flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("".join(json.dumps(x) + "\n" for x in lines))
    return 0 if all(x["within_3x"] for x in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
