"""BER versus sampling phase ("bathtub") from a captured waveform or from the statistical model.

* :func:`bathtub_from_waveform`: the captured, noise-free (or low-noise) waveform supplies the
  intersymbol interference: at every phase the one-sample-per-UI values of each transmitted
  level form its empirical distribution, and Gaussian noise of a given sigma is convolved in
  analytically (:func:`~cposim.signal.statistical_ber.ber_with_gaussian_noise`), so the BER is
  extrapolated far below ``1 / n_symbols`` (to 1e-15 and beyond) from a short capture. The
  samples are put on a voltage grid of ``sigma / 32`` (linear splitting; the same
  quantisation as the statistical method). For a de Bruijn pattern that holds every ISI
  pattern once, this equals the statistical method on the same pulse.
* :func:`bathtub_from_statistical`: the per-phase BER of
  :func:`~cposim.signal.statistical_ber.statistical_ber` (CPS-SGM-05).

Phases are in UI relative to the main-cursor sample (the peak of the pulse estimate for a
waveform); thresholds are optimised at every phase. :func:`plot_bathtub` only renders.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from cposim.errors import ConfigError
from cposim.signal.metrics import check_waveform, samples_at_phase, symbol_delay_samples
from cposim.signal.statistical_ber import GRID_STEPS_PER_SIGMA, _resolve_sigmas, ber_with_gaussian_noise, statistical_ber
from cposim.validation import check_number

__all__ = ["SOURCES", "Bathtub", "bathtub_from_statistical", "bathtub_from_waveform", "plot_bathtub"]

SOURCES = {"statistical eye / COM": ("CPS-SGM-05",)}


@dataclass(frozen=True)
class Bathtub:
    """BER over one UI of sampling phase: ``phases_ui`` (relative to the main cursor, UI),
    ``ber`` (same length), ``method`` (``"waveform"`` or ``"statistical"``)."""

    phases_ui: np.ndarray
    ber: np.ndarray
    method: str

    @property
    def best_index(self) -> int:
        """Index of the lowest BER (ties: the phase nearest 0)."""
        return int(np.lexsort((np.abs(self.phases_ui), self.ber))[0])

    @property
    def optimal_phase_ui(self) -> float:
        """Phase of the lowest BER, UI."""
        return float(self.phases_ui[self.best_index])

    @property
    def min_ber(self) -> float:
        """Lowest BER over the phases."""
        return float(self.ber[self.best_index])

    def eye_width_ui(self, target_ber: float) -> float:
        """Width, UI, of the contiguous phase range around the optimum where ``BER <= target``
        (crossings interpolated linearly in log10 BER; the range stops at the ends of the
        evaluated UI; 0 if even the optimum fails)."""
        t = float(check_number("Bathtub.target_ber", target_ber, lo=0.0, lo_open=True, hi=1.0))
        b, x = self.ber, self.phases_ui
        i = self.best_index
        if b[i] > t:
            return 0.0
        lb = np.log10(np.maximum(b, 1e-300))
        lt = np.log10(t)

        def edge(j_in: int, j_out: int) -> float:
            f = (lt - lb[j_in]) / (lb[j_out] - lb[j_in])
            return float(x[j_in] + f * (x[j_out] - x[j_in]))

        right = i
        while right + 1 < b.size and b[right + 1] <= t:
            right += 1
        left = i
        while left > 0 and b[left - 1] <= t:
            left -= 1
        step = float(x[1] - x[0]) if x.size > 1 else 1.0
        xr = edge(right, right + 1) if right + 1 < b.size else float(x[right]) + 0.5 * step
        xl = edge(left, left - 1) if left > 0 else float(x[left]) - 0.5 * step
        return float(min(1.0, xr - xl))


def bathtub_from_statistical(response: Any, **kwargs: Any) -> Bathtub:
    """Bathtub of :func:`~cposim.signal.statistical_ber.statistical_ber` (same arguments)."""
    r = statistical_ber(response, **kwargs)
    return Bathtub(r.phases_ui, r.ber_vs_phase, "statistical")


def _grid_distribution(values: np.ndarray, dv: float) -> tuple[np.ndarray, np.ndarray]:
    """Samples as atoms on a grid of step ``dv`` (linear splitting), probabilities sum to 1."""
    lo = float(values.min())
    x = (values - lo) / dv
    k = np.floor(x).astype(np.int64)
    f = x - k
    n = int(k.max()) + 2
    w = np.bincount(k, 1.0 - f, minlength=n) + np.bincount(k + 1, f, minlength=n)
    nz = np.flatnonzero(w > 0)
    return lo + nz * dv, w[nz] / values.size


def bathtub_from_waveform(
    waveform: Any,
    symbols: Any,
    *,
    samples_per_ui: int,
    noise_sigma: Any,
    n_levels: int | None = None,
    delay_samples: int | None = None,
    mapping: str = "gray",
) -> Bathtub:
    """Bathtub of a captured waveform with Gaussian noise extrapolation (module notes).

    ``waveform``: ``len(symbols) * samples_per_ui`` samples (V, A or W), periodic capture;
    ``symbols``: transmitted level indices ``0..M-1``; ``noise_sigma``: Gaussian sigma added
    at the decision (waveform units; scalar or per level); ``n_levels``: M (default
    ``max(symbols) + 1``); ``delay_samples``: main-cursor sample of symbol 0 (default: the
    pulse-estimate peak); ``mapping``: ``"gray"`` or ``"natural"``.
    """
    w, s, sps, m = check_waveform(waveform, symbols, samples_per_ui, "bathtub_from_waveform", n_levels)
    sig = _resolve_sigmas(noise_sigma, m, "bathtub_from_waveform")
    d = symbol_delay_samples(w, s, samples_per_ui=sps) if delay_samples is None else int(
        check_number("bathtub_from_waveform.delay_samples", delay_samples, integer=True))
    dv = float(sig.min()) / GRID_STEPS_PER_SIGMA
    offsets = np.arange(-(sps // 2), sps - sps // 2)
    bers = []
    for k in offsets:
        y = samples_at_phase(w, sps, d + int(k))
        dists = []
        for level in range(m):
            sel = y[s == level]
            if sel.size == 0:
                raise ConfigError("bathtub_from_waveform.symbols", level, "never occurs; every level needs samples")
            dists.append(_grid_distribution(sel, dv))
        ber, _, _, _ = ber_with_gaussian_noise(dists, sig, mapping=mapping, resolution_v=dv)
        bers.append(ber)
    return Bathtub(offsets / sps, np.array(bers), "waveform")


def plot_bathtub(bathtub: Bathtub | list[Bathtub], path: str | Path, *, title: str = "Bathtub", floor: float = 1e-30) -> Path:
    """Render one or more :class:`Bathtub` curves (log10 BER vs phase) to a PNG; returns the path."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    curves = bathtub if isinstance(bathtub, list) else [bathtub]
    fig = Figure(figsize=(6.4, 4.8), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    for c in curves:
        ax.semilogy(c.phases_ui, np.maximum(c.ber, floor), marker=".", label=c.method)
    ax.set_xlabel("sampling phase (UI)")
    ax.set_ylabel("BER")
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    out = Path(path)
    fig.savefig(out, format="png")
    return out
