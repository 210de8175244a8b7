"""Redo cposim's calibrations (the presets' and the copper route's) and print them: parameter, value in use, value that meets
the published figure today (``cposim.validate.calibrate``). Run: ``python scripts/calibrate.py``."""

from __future__ import annotations

from cposim.validate.calibrate import recalibrate_all, recalibrate_copper_route


def main() -> int:
    print("| calibration | parameter (row) | figure | target | in use | meets the figure | module W in use |")
    print("|---|---|---|---|---|---|---|")
    for r in recalibrate_all():
        print(f"| {r.case_id} | {r.preset} {r.parameter} ({r.reference}) | {r.figure} | {r.target_w:g} W "
              f"({r.target_note}) | {r.in_use:.4g} | {r.needed:.4g} (x{r.ratio:.2f}) | {r.module_w_in_use:.2f} |")
    c = recalibrate_copper_route()
    print()
    print("| calibration | parameter (row) | figure | target | in use | meets the figure | reach in use |")
    print("|---|---|---|---|---|---|---|")
    print(f"| {c.case_id} | {c.parameter} ({c.reference}) | {c.figure} | {c.target_m:g} m ({c.target_note}) | "
          f"{c.in_use_m * 1e3:.0f} mm | {c.needed_m * 1e3:.0f} mm (reach {c.reach_needed_m:.2f} m) | "
          f"{c.reach_in_use_m:.2f} m |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
