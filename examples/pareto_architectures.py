"""Energy per bit against optical margin across interconnect architectures: a Latin-hypercube
sweep of link length, laser power offset and host SerDes energy scaling, then the Pareto front
(low pJ/bit, high margin) and which parameter moves pJ/bit most.

    python examples/pareto_architectures.py                    # 20,000 points
    python examples/pareto_architectures.py --points 2000 --seed 7
"""

from __future__ import annotations

import argparse

import numpy as np

from cposim.explore import evaluate_space, load_spec, pareto_front, rank_parameters

ARCHITECTURES = ["dsp-dr", "lro", "npo", "cpo-mrm", "cpo-dr"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--backend", default="inprocess", help="inprocess, processes or dask")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()

    spec = load_spec({
        "name": "architectures: pJ/bit vs margin",
        "target": "architecture",
        "parameters": {
            "architecture.name": {"values": ARCHITECTURES},
            "architecture.length": {"range": ["10 m", "500 m"]},
            "architecture.laser_power_offset": {"range": ["-1.5 dB", "1.5 dB"]},
            "architecture.host_serdes.energy_growth_per_rate_doubling": {"range": [1.0, 1.5]},
        },
        "sampling": {"method": "latin-hypercube", "points": args.points, "seed": args.seed},
        "outputs": ["energy_pj_per_bit", "margin_db", "power_w_per_port"],
        "chunk_size": 8192,
    })
    cols = evaluate_space(spec, backend=args.backend, workers=args.workers)
    senses = {"energy_pj_per_bit": "min", "margin_db": "max"}
    front = pareto_front({k: cols[k] for k in senses}, senses)
    print(f"{spec.space.size} points, 1.6T ports; Pareto front (min pJ/bit, max margin): {front.size} points")
    print(f"{'architecture':<10} {'pJ/bit':>7} {'margin dB':>10} {'length m':>9} {'laser dB':>9}")
    for i in front[:: max(1, front.size // 12)]:
        print(f"{cols['architecture.name'][i]:<10} {cols['energy_pj_per_bit'][i]:>7.2f} {cols['margin_db'][i]:>10.2f} "
              f"{cols['architecture.length'][i]:>9.0f} {cols['architecture.laser_power_offset'][i]:>9.2f}")
    names, counts = np.unique(cols["architecture.name"][front], return_counts=True)
    print("on the front: " + ", ".join(f"{n} x{c}" for n, c in zip(names, counts)))
    params = {p: cols[p] for p in spec.space.paths}
    print("what moves pJ/bit most (first-order variance share, Spearman rho):")
    for row in rank_parameters(params, cols["energy_pj_per_bit"]):
        rho = "-" if row.spearman is None else f"{row.spearman:+.2f}"
        print(f"  {row.parameter:<58} {row.first_order:.3f} {rho:>6}")


if __name__ == "__main__":
    main()
