"""Eye diagrams as 2-D histograms, built chunk by chunk, and eye height / width.

:class:`EyeAccumulator` folds a stream of samples (``samples_per_ui`` per UI) onto ``n_ui``
UIs and counts them on a voltage grid; chunks may have any length and the image is the same
as for the whole waveform at once (the running sample count keeps the phase). Memory is the
image, not the waveform. :class:`EyeImage` is the frozen result (data only); :func:`plot_eye`
renders it to a PNG and computes nothing.

Eye opening at a target probability ``p`` (:func:`eye_opening`), on the image folded to one UI:

* levels and the decision thresholds between them come from a 1-D k-means of every time
  column (``M`` clusters);
* eye height of eye ``k`` in a column: ``q_p(upper level) - q_{1-p}(lower level)``, the
  ``p``-quantiles of the two level populations (``p = 0``: min and max, the full eye);
  the eye centre is the column where the smallest eye is largest;
* eye width of eye ``k``: the distance between the closed columns that bound the centre,
  where a column is closed if more than a fraction ``p`` of its samples fall in the voltage
  bin of the eye's threshold (the vertical midpoint of the eye at the centre).

Resolution: one voltage bin and one sample (``1/samples_per_ui`` UI).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from cposim.errors import ConfigError, PhysicsError
from cposim.validation import check_number

if TYPE_CHECKING:
    from cposim.signal.statistical_ber import StatisticalEye

__all__ = ["EyeAccumulator", "EyeImage", "EyeOpening", "eye_image", "eye_opening", "plot_eye", "plot_statistical_eye"]


@dataclass(frozen=True)
class EyeImage:
    """Eye histogram: ``counts[t, v]`` hits in time bin ``t`` (``n_ui * samples_per_ui`` bins,
    one per sample, starting at UI 0) and voltage bin ``v`` (edges ``voltage_edges`` in the
    waveform's unit, e.g. V or W); ``n_below`` / ``n_above``: samples outside the range (not
    in the image)."""

    counts: np.ndarray
    samples_per_ui: int
    n_ui: int
    voltage_edges: np.ndarray
    n_below: int
    n_above: int

    @property
    def times_ui(self) -> np.ndarray:
        """Time of each column, UI (``0, 1/sps, ...``)."""
        return np.arange(self.counts.shape[0]) / self.samples_per_ui

    @property
    def voltages(self) -> np.ndarray:
        """Centre of each voltage bin (unit of the waveform)."""
        e = self.voltage_edges
        return 0.5 * (e[1:] + e[:-1])

    @property
    def n_samples(self) -> int:
        """Samples counted in the image."""
        return int(self.counts.sum())


class EyeAccumulator:
    """Accumulates an eye histogram over chunks of a waveform.

    ``samples_per_ui``: samples per UI (integer); ``voltage_range``: ``(low, high)`` of the
    image (waveform units); ``n_voltage_bins``: bins in that range; ``n_ui``: UIs shown (the
    folding period); ``time_offset_samples``: sample index of the waveform that lands in
    column 0 (e.g. ``delay - samples_per_ui // 2`` puts an eye centre in the middle of the
    first UI). Call :meth:`add` with successive chunks, then :meth:`image`.
    """

    def __init__(self, *, samples_per_ui: int, voltage_range: tuple[float, float], n_voltage_bins: int = 256,
                 n_ui: int = 2, time_offset_samples: int = 0) -> None:
        self.samples_per_ui = int(check_number("EyeAccumulator.samples_per_ui", samples_per_ui, lo=1, hi=4096, integer=True))
        self.n_ui = int(check_number("EyeAccumulator.n_ui", n_ui, lo=1, hi=16, integer=True))
        nv = int(check_number("EyeAccumulator.n_voltage_bins", n_voltage_bins, lo=2, hi=1 << 16, integer=True))
        if np.shape(voltage_range) != (2,):
            raise ConfigError("EyeAccumulator.voltage_range", voltage_range, "must be (low, high)")
        lo, hi = (float(check_number("EyeAccumulator.voltage_range", x)) for x in voltage_range)
        if not hi > lo:
            raise ConfigError("EyeAccumulator.voltage_range", (lo, hi), "must be (low, high) with high > low")
        self._edges = np.linspace(lo, hi, nv + 1)
        self._lo, self._scale, self._nv = lo, nv / (hi - lo), nv
        self._period = self.n_ui * self.samples_per_ui
        self._counts = np.zeros(self._period * nv, dtype=np.int64)
        self._position = int(check_number("EyeAccumulator.time_offset_samples", time_offset_samples, integer=True)) % self._period
        self._below = 0
        self._above = 0

    def add(self, chunk: Any) -> None:
        """Count the samples of ``chunk`` (1-D, finite; continues where the last chunk ended)."""
        y = np.asarray(check_number("EyeAccumulator.chunk", chunk), dtype=float).reshape(-1)
        t = (self._position + np.arange(y.size)) % self._period
        self._position = (self._position + y.size) % self._period
        v = np.floor((y - self._lo) * self._scale).astype(np.int64)
        below, above = v < 0, v >= self._nv
        self._below += int(below.sum())
        self._above += int(above.sum())
        ok = ~(below | above)
        self._counts += np.bincount(t[ok] * self._nv + v[ok], minlength=self._counts.size)

    def image(self) -> EyeImage:
        """The histogram so far (a copy)."""
        return EyeImage(self._counts.reshape(self._period, self._nv).copy(), self.samples_per_ui, self.n_ui,
                        self._edges.copy(), self._below, self._above)


def eye_image(waveform: Any, *, samples_per_ui: int, voltage_range: tuple[float, float] | None = None,
              n_voltage_bins: int = 256, n_ui: int = 2, time_offset_samples: int = 0) -> EyeImage:
    """Eye image of a whole waveform in one call (range default: min..max plus 5 %)."""
    y = np.asarray(check_number("eye_image.waveform", waveform), dtype=float).reshape(-1)
    if voltage_range is None:
        lo, hi = float(y.min()), float(y.max())
        pad = 0.05 * (hi - lo) or 1e-12 * max(1.0, abs(lo))
        voltage_range = (lo - pad, hi + pad)
    acc = EyeAccumulator(samples_per_ui=samples_per_ui, voltage_range=voltage_range, n_voltage_bins=n_voltage_bins,
                         n_ui=n_ui, time_offset_samples=time_offset_samples)
    acc.add(y)
    return acc.image()


@dataclass(frozen=True)
class EyeOpening:
    """Eye opening of an M-level eye (waveform units, UI).

    ``heights``: vertical opening of each of the M-1 eyes at ``center_ui``; ``widths_ui``:
    horizontal opening of each eye at its threshold; ``thresholds``: the vertical middle of
    each eye at the centre; ``levels``: level means at the centre; ``center_ui``: time of the
    centre column within the UI; ``target_probability``: the ``p`` used.
    """

    heights: np.ndarray
    widths_ui: np.ndarray
    thresholds: np.ndarray
    levels: np.ndarray
    center_ui: float
    target_probability: float


def _kmeans_1d(values: np.ndarray, weights: np.ndarray, m: int) -> np.ndarray:
    """Level centres of a weighted 1-D histogram (Lloyd iterations from evenly spread levels)."""
    nz = weights > 0
    lo, hi = float(values[nz].min()), float(values[nz].max())
    c = np.linspace(lo, hi, m)
    for _ in range(100):
        th = 0.5 * (c[1:] + c[:-1])
        lab = np.searchsorted(th, values)
        num = np.bincount(lab, weights * values, minlength=m)
        den = np.bincount(lab, weights, minlength=m)
        new = np.where(den > 0, num / np.where(den > 0, den, 1.0), c)
        if np.allclose(new, c, rtol=0.0, atol=1e-12 * (hi - lo + 1e-300)):
            break
        c = new
    return np.sort(c)


def _quantile_edges(cnt: np.ndarray, volts: np.ndarray, lo_idx: int, hi_idx: int, p: float) -> tuple[float, float] | None:
    """Lower ``p``-quantile and upper ``(1-p)``-quantile (bin centres) of bins ``lo..hi-1``."""
    seg = cnt[lo_idx:hi_idx]
    total = seg.sum()
    if total == 0:
        return None
    cum = np.cumsum(seg)
    k_low = int(np.searchsorted(cum, p * total, side="right"))
    k_high = int(np.searchsorted(cum, (1.0 - p) * total, side="left"))
    k_low = min(k_low, seg.size - 1)
    k_high = min(k_high, seg.size - 1)
    return float(volts[lo_idx + k_low]), float(volts[lo_idx + k_high])


def eye_opening(eye: EyeImage, *, n_levels: int, target_probability: float = 0.0) -> EyeOpening:
    """Eye heights and widths of an :class:`EyeImage` (module notes).

    ``n_levels``: M (2 for NRZ, 4 for PAM4); ``target_probability``: ``p`` in ``[0, 0.5)``,
    the fraction of each level's samples allowed inside the eye (0: the full, noise-free eye).

    Raises:
        PhysicsError: an image without ``n_levels`` separable levels.
    """
    m = int(check_number("eye_opening.n_levels", n_levels, lo=2, hi=64, integer=True))
    p = float(check_number("eye_opening.target_probability", target_probability, lo=0.0, hi=0.5, hi_open=True))
    sps = eye.samples_per_ui
    folded = eye.counts.reshape(eye.n_ui, sps, -1).sum(axis=0)
    volts = eye.voltages
    best, best_col = -np.inf, None
    per_col = []
    for t in range(sps):
        col = folded[t]
        if col.sum() == 0:
            per_col.append(None)
            continue
        levels = _kmeans_1d(volts, col.astype(float), m)
        cuts = np.searchsorted(volts, 0.5 * (levels[1:] + levels[:-1]))
        bounds = np.concatenate(([0], cuts, [volts.size]))
        edges = [_quantile_edges(col, volts, bounds[i], bounds[i + 1], p) for i in range(m)]
        if any(e is None for e in edges):
            per_col.append(None)
            continue
        heights = np.array([edges[k + 1][0] - edges[k][1] for k in range(m - 1)])
        per_col.append((levels, heights, edges))
        if heights.min() > best:
            best, best_col = float(heights.min()), t
    if best_col is None:
        raise PhysicsError(f"eye_opening: no time column shows {m} separate levels; check n_levels and the voltage range")
    levels, heights, edges = per_col[best_col]
    thresholds = np.array([0.5 * (edges[k][1] + edges[k + 1][0]) for k in range(m - 1)])
    widths = []
    totals = folded.sum(axis=1)
    for k, th in enumerate(thresholds):
        if heights[k] <= 0:
            widths.append(0.0)
            continue
        vbin = int(np.clip(np.searchsorted(eye.voltage_edges, th, side="right") - 1, 0, volts.size - 1))
        closed = folded[:, vbin] > p * np.maximum(totals, 1)
        if not np.any(closed):
            widths.append(1.0)
            continue
        right = next(d for d in range(1, sps + 1) if closed[(best_col + d) % sps])
        left = next(d for d in range(1, sps + 1) if closed[(best_col - d) % sps])
        widths.append(min(1.0, (right + left) / sps))
    return EyeOpening(np.maximum(heights, 0.0), np.array(widths), thresholds, levels, best_col / sps, p)


# ---- rendering (no physics) ----------------------------------------------------------------
def _figure():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 4.8), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def plot_eye(eye: EyeImage, path: str | Path, *, title: str = "Eye diagram", unit: str = "V") -> Path:
    """Render an :class:`EyeImage` to a PNG at ``path`` (log-scaled hit density); returns the path."""
    fig = _figure()
    ax = fig.add_subplot(1, 1, 1)
    counts = eye.counts.T.astype(float)
    img = np.log10(np.where(counts > 0, counts, np.nan))
    ext = (0.0, eye.n_ui, float(eye.voltage_edges[0]), float(eye.voltage_edges[-1]))
    im = ax.imshow(img, origin="lower", aspect="auto", extent=ext, cmap="inferno", interpolation="nearest")
    fig.colorbar(im, ax=ax, label="log10(hits)")
    ax.set_xlabel("time (UI)")
    ax.set_ylabel(f"amplitude ({unit})")
    ax.set_title(title)
    out = Path(path)
    fig.savefig(out, format="png")
    return out


def plot_statistical_eye(eye: "StatisticalEye", path: str | Path, *, title: str = "Statistical eye", unit: str = "V",
                         floor: float = 1e-18) -> Path:
    """Render a :class:`~cposim.signal.statistical_ber.StatisticalEye` (log10 error probability
    over phase x voltage, clipped at ``floor`` for display) to a PNG; returns the path."""
    fig = _figure()
    ax = fig.add_subplot(1, 1, 1)
    z = np.log10(np.maximum(eye.probability, floor)).T
    ph, v = eye.phases_ui, eye.voltages_v
    half = 0.5 * (ph[1] - ph[0]) if ph.size > 1 else 0.5
    ext = (float(ph[0] - half), float(ph[-1] + half), float(v[0]), float(v[-1]))
    im = ax.imshow(z, origin="lower", aspect="auto", extent=ext, cmap="viridis", interpolation="nearest")
    levels = [x for x in (-15, -12, -9, -6, -3) if np.log10(floor) < x]
    if levels and ph.size > 1:
        ax.contour(ph, v, z, levels=levels, colors="white", linewidths=0.6)
    fig.colorbar(im, ax=ax, label="log10(error probability)")
    ax.set_xlabel("sampling phase (UI)")
    ax.set_ylabel(f"decision threshold ({unit})")
    ax.set_title(title)
    out = Path(path)
    fig.savefig(out, format="png")
    return out
