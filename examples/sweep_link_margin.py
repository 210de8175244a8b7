"""Margin of a CPO micro-ring WDM lane versus fiber length for each ELSFP laser power class.

A grid sweep through the Python API (the same thing ``cposim sweep`` runs from a spec file):
the link engine evaluates every (length, class) point, results land in a folder as an xarray
Dataset (netCDF), and a second run of the same command resumes instead of recomputing.

    python examples/sweep_link_margin.py                      # 40 lengths x 3 classes
    python examples/sweep_link_margin.py --steps 8 --out /tmp/lm --backend processes --workers 2
"""

from __future__ import annotations

import argparse
import tempfile

from cposim.explore import load_spec, run_sweep


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=40, help="fiber lengths from 10 m to 2 km (log spaced)")
    parser.add_argument("--out", default=None, help="results folder (default: a temporary one)")
    parser.add_argument("--backend", default="inprocess", help="inprocess, processes or dask")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()

    spec = load_spec({
        "name": "CPO lane margin vs fiber length per laser class",
        "target": {"kind": "link", "preset": "cpo-mrm-wdm-200g"},
        "parameters": {
            "link.fiber.length": {"range": ["10 m", "2 km"], "steps": args.steps, "scale": "log"},
            "link.source.power_class": {"values": ["LP", "MP", "HP"]},
        },
        "sampling": {"method": "grid"},
        "outputs": ["margin_db", "ber", "energy_pj_per_bit"],
        "chunk_size": 32,
    })
    out = args.out or tempfile.mkdtemp(prefix="cposim-link-margin-")
    run = run_sweep(spec, out=out, backend=args.backend, workers=args.workers, quiet=True)
    ds = run.load()
    margin = ds["margin_db"]
    print(f"{run.points} points in {run.seconds:.2f} s on {run.backend} -> {run.result_path}")
    print(f"{'class':<6} {'margin at 10 m':>15} {'margin at 2 km':>15} {'longest with >= 3 dB':>22} {'pJ/bit':>7}")
    for cls in ds["link.source.power_class"].values:
        m = margin.sel({"link.source.power_class": cls})
        ok = m.where(m >= 3.0, drop=True)
        longest = f"{float(ok['link.fiber.length'].max()):.0f} m" if ok.size else "none"
        energy = float(ds["energy_pj_per_bit"].sel({"link.source.power_class": cls}).mean())
        print(f"{cls:<6} {float(m[0]):>12.2f} dB {float(m[-1]):>12.2f} dB {longest:>22} {energy:>7.2f}")


if __name__ == "__main__":
    main()
