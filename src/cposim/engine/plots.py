"""PNG figures of an engine design (matplotlib, Agg backend). Rendering only: every number
drawn comes from :mod:`cposim.engine.ring_design`, :mod:`cposim.engine.thermal` or
:mod:`cposim.engine.optimizer`.

* :func:`plot_ring_spectra` - modulator through-port and demux drop spectra of one fiber's
  ring banks over one FSR, with the channel grid.
* :func:`plot_tuning_histogram` - per-ring heater power from the fabrication Monte Carlo,
  one histogram per assignment given (e.g. cyclic against fixed).
* :func:`plot_pareto` - energy per bit against shoreline density of every feasible candidate,
  the Pareto front and the optimum.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

import numpy as np

from cposim.engine.optimizer import OptimizationResult
from cposim.engine.ring_design import RingDesign, bank_spectra
from cposim.engine.thermal import TuningResult
from cposim.errors import ConfigError

__all__ = ["plot_pareto", "plot_ring_spectra", "plot_tuning_histogram"]

_SUFFIXES = (".png", ".pdf", ".svg")


def _figure_path(path: str | Path) -> Path:
    p = Path(path)
    if p.suffix.lower() not in _SUFFIXES:
        raise ConfigError("plot path", str(path), f"has no figure suffix; expected one of {', '.join(_SUFFIXES)}")
    p.parent.mkdir(parents=True, exist_ok=True)
    return p


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_ring_spectra(rings: RingDesign, path: str | Path, *, points: int = 4000) -> Path:
    """Write the ring-bank spectra (dB) over one FSR around the grid, channels marked."""
    out = _figure_path(path)
    plt = _pyplot()
    centre = float(rings.demux.centre_wavelength_m)
    half = 0.55 * rings.fsr_m
    lam = np.linspace(centre - half, centre + half, points)
    through, drop = bank_spectra(rings, lam)
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(9, 6.5), sharex=True)
    nm = lam * 1e9
    for k in range(through.shape[0]):
        ax1.plot(nm, 10 * np.log10(np.maximum(through[k], 1e-6)), lw=0.9)
        ax2.plot(nm, 10 * np.log10(np.maximum(drop[k], 1e-6)), lw=0.9)
    for ax in (ax1, ax2):
        for ch in rings.grid.wavelengths_m:
            ax.axvline(ch * 1e9, color="0.6", lw=0.6, ls="--")
        ax.grid(alpha=0.3)
    ax1.set_ylabel("modulator through (dB)")
    ax2.set_ylabel("demux drop (dB)")
    ax2.set_xlabel("wavelength (nm)")
    ax1.set_title(f"{rings.grid.name}: ring FSR {rings.fsr_m * 1e9:.2f} nm (R = {rings.radius_m * 1e6:.2f} um), "
                  f"modulator Q {float(rings.modulator.loaded_q):.0f}, demux Q {float(rings.demux.loaded_q):.0f}",
                  fontsize=9)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)
    return out


def plot_tuning_histogram(tunings: Mapping[str, TuningResult], path: str | Path, *, bins: int = 60) -> Path:
    """Write histograms of per-ring heater power (mW, mid temperature), one per labelled result."""
    if not tunings:
        raise ConfigError("tunings", tunings, "is empty; expected at least one tuning result")
    out = _figure_path(path)
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 4.5))
    top = max(float(np.max(t.ring_power_samples_w)) for t in tunings.values()) * 1e3
    edges = np.linspace(0.0, top * 1.02 if top > 0 else 1.0, bins + 1)
    for label, t in tunings.items():
        mw = t.ring_power_samples_w.ravel() * 1e3
        ax.hist(mw, bins=edges, alpha=0.55, label=f"{label}: mean {t.heater_power_mean_w * 1e3:.1f} mW")
        ax.axvline(t.heater_power_mean_w * 1e3, color="k", lw=0.8, ls=":")
    ax.set_xlabel("heater power per ring (mW, mid temperature)")
    ax.set_ylabel("rings")
    first = next(iter(tunings.values()))
    ax.set_title(f"Ring tuning Monte Carlo: {first.samples} banks, FSR {first.fsr_m * 1e9:.2f} nm", fontsize=9)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)
    return out


def plot_pareto(result: OptimizationResult, path: str | Path) -> Path:
    """Write energy per bit against shoreline density: feasible candidates, front, optimum."""
    out = _figure_path(path)
    plt = _pyplot()
    t = result.table
    ok = t["feasible"] > 0
    fig, ax = plt.subplots(figsize=(8, 5))
    ax.scatter(t["shoreline_gbps_per_mm"][ok], t["energy_pj_per_bit"][ok], s=10, alpha=0.35, label="feasible designs")
    front = np.flatnonzero(result.pareto)
    order = front[np.argsort(t["shoreline_gbps_per_mm"][front])]
    ax.plot(t["shoreline_gbps_per_mm"][order], t["energy_pj_per_bit"][order], "o-", color="C3", label="Pareto front")
    best = result.best_index
    ax.plot([t["shoreline_gbps_per_mm"][best]], [t["energy_pj_per_bit"][best]], "*", ms=16, color="k",
            label=f"optimum {t['energy_pj_per_bit'][best]:.2f} pJ/bit")
    ax.set_xlabel("shoreline density (Gb/s per mm of package edge)")
    ax.set_ylabel("energy per bit (pJ/bit, per direction)")
    ax.set_title(f"Engine designs for {result.target_capacity_bps / 1e12:g} Tb/s", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)
    return out
