"""Waveform measurements of M-PAM signals: symbol alignment, level means, RLM, OMA, ER.

A captured waveform is a 1-D array sampled ``samples_per_ui`` times per UI (W for optical
power, V or A for electrical signals) together with the transmitted symbol indices
``0..M-1`` (lowest level first), one per UI; the capture is taken as periodic (a whole
number of pattern periods, as an oscilloscope locked to the pattern records it), so indices
wrap around.

* :func:`pulse_estimate` / :func:`symbol_delay_samples`: circular cross-correlation of the
  waveform with the zero-mean symbol values; for uncorrelated symbols it is the pulse
  response, and its peak is the main-cursor sample of symbol 0.
* :func:`steady_state_levels`: level means at the centre of runs of identical symbols (the
  settled levels, as the IEEE square-wave and linearity patterns measure them; CPS-SGM-06).
* :func:`rlm`: IEEE 802.3 PAM4 level-separation mismatch ratio R_LM (reuses
  :func:`cposim.devices.ring_modulator.level_mismatch_ratio`, CPS-MOD-09).
* :func:`oma_outer`: ``P3 - P0`` (outer OMA); :func:`extinction_ratio_db`: ``10 log10(P3/P0)``.
* :func:`pam_metrics`: all of them from a waveform.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from cposim.devices.ring_modulator import level_mismatch_ratio
from cposim.errors import ConfigError, PhysicsError
from cposim.validation import check_number

__all__ = [
    "SOURCES",
    "PamMetrics",
    "check_waveform",
    "extinction_ratio_db",
    "oma_outer",
    "pam_metrics",
    "pulse_estimate",
    "rlm",
    "samples_at_phase",
    "steady_state_levels",
    "symbol_delay_samples",
]

SOURCES = {"rlm": ("CPS-MOD-09", "CPS-SGM-06"), "level measurement": ("CPS-SGM-06",)}


def check_waveform(waveform: Any, symbols: Any, samples_per_ui: int, name: str, n_levels: int | None = None):
    """Validated ``(waveform float array, symbols int array, samples_per_ui, M)``.

    The waveform must hold exactly ``len(symbols) * samples_per_ui`` finite samples; symbols
    are whole numbers ``0..M-1`` (``M`` = ``n_levels`` or ``max(symbols) + 1``).
    """
    sps = int(check_number(f"{name}.samples_per_ui", samples_per_ui, lo=1, hi=4096, integer=True))
    w = np.asarray(check_number(f"{name}.waveform", waveform), dtype=float)
    s = np.asarray(check_number(f"{name}.symbols", symbols, lo=0, integer=True))
    if w.ndim != 1 or s.ndim != 1 or s.size < 2:
        raise ConfigError(f"{name}.waveform", w.shape, "must be 1-D, with a 1-D array of >= 2 symbols")
    if w.size != s.size * sps:
        raise ConfigError(
            f"{name}.waveform", w.size, f"samples do not match {s.size} symbols x {sps} samples per UI = {s.size * sps}"
        )
    s = s.astype(np.int64)
    m = int(s.max()) + 1 if n_levels is None else int(check_number(f"{name}.n_levels", n_levels, lo=2, hi=64, integer=True))
    if s.max() >= m:
        raise ConfigError(f"{name}.symbols", int(s.max()), f"is not a level index; expected 0..{m - 1}")
    if m < 2:
        raise ConfigError(f"{name}.symbols", m, "distinct levels; expected at least 2")
    return w, s, sps, m


def pulse_estimate(waveform: Any, symbols: Any, *, samples_per_ui: int) -> np.ndarray:
    """Pulse response estimate, units of ``waveform`` per unit symbol index, shape
    ``(len(waveform),)``: circular cross-correlation of the waveform with the zero-mean
    symbol sequence (placed at the first sample of each UI), divided by the symbol energy.
    Exact for a linear channel and a sequence whose autocorrelation is a delta."""
    w, s, sps, _ = check_waveform(waveform, symbols, samples_per_ui, "pulse_estimate")
    x = s - s.mean()
    energy = float(np.dot(x, x))
    if energy == 0.0:
        raise ConfigError("pulse_estimate.symbols", "constant", "carry no transitions; the pulse cannot be estimated")
    imp = np.zeros(w.size)
    imp[::sps] = x
    corr = np.fft.irfft(np.fft.rfft(w) * np.conj(np.fft.rfft(imp)), n=w.size)
    return corr / energy


def symbol_delay_samples(waveform: Any, symbols: Any, *, samples_per_ui: int) -> int:
    """Sample index (0 .. len-1) of the main cursor of symbol 0: the peak of
    :func:`pulse_estimate` (symbol ``n``'s main cursor is then at ``delay + n*samples_per_ui``)."""
    return int(np.argmax(pulse_estimate(waveform, symbols, samples_per_ui=samples_per_ui)))


def samples_at_phase(waveform: np.ndarray, samples_per_ui: int, index: int) -> np.ndarray:
    """One sample per UI: ``waveform[(index + n*samples_per_ui) mod len]`` for every symbol n."""
    n = waveform.size // samples_per_ui
    return waveform[(int(index) + samples_per_ui * np.arange(n)) % waveform.size]


def steady_state_levels(
    waveform: Any,
    symbols: Any,
    *,
    samples_per_ui: int,
    delay_samples: int | None = None,
    run_symbols: int = 5,
    n_levels: int | None = None,
) -> np.ndarray:
    """Mean of each level, units of ``waveform``, at the main-cursor sample of the middle
    symbol of every run of ``run_symbols`` identical symbols (CPS-SGM-06).

    ``delay_samples``: main-cursor sample of symbol 0 (default :func:`symbol_delay_samples`);
    ``run_symbols``: odd run length, >= 1 (1 = every symbol); ``n_levels``: M.

    Raises:
        ConfigError: a level that never appears in such a run (use a shorter run or a
            longer pattern).
    """
    w, s, sps, m = check_waveform(waveform, symbols, samples_per_ui, "steady_state_levels", n_levels)
    run = int(check_number("steady_state_levels.run_symbols", run_symbols, lo=1, hi=s.size, integer=True))
    if run % 2 == 0:
        raise ConfigError("steady_state_levels.run_symbols", run, "must be odd (the level is read at the middle symbol)")
    d = symbol_delay_samples(w, s, samples_per_ui=sps) if delay_samples is None else int(
        check_number("steady_state_levels.delay_samples", delay_samples, integer=True)
    )
    y = samples_at_phase(w, sps, d)
    half = run // 2
    same = np.ones(s.size, dtype=bool)
    for k in range(1, half + 1):
        same &= (np.roll(s, k) == s) & (np.roll(s, -k) == s)
    out = np.empty(m)
    for level in range(m):
        sel = same & (s == level)
        if not np.any(sel):
            raise ConfigError(
                "steady_state_levels.run_symbols", run, f"no run of {run} symbols at level {level} in the pattern; use a shorter run or a longer pattern"
            )
        out[level] = float(y[sel].mean())
    return out


def rlm(levels: Any) -> float | np.ndarray:
    """PAM4 level-separation mismatch ratio R_LM (1 for equal spacing; CPS-MOD-09); ``levels``:
    the four level means along the last axis, any unit."""
    out = level_mismatch_ratio(np.asarray(check_number("rlm.levels", levels), dtype=float))
    return float(out) if np.ndim(out) == 0 else out


def oma_outer(levels: Any) -> float | np.ndarray:
    """Outer optical modulation amplitude ``P_top - P_bottom`` (units of ``levels``, e.g. W)."""
    lv = np.asarray(check_number("oma_outer.levels", levels), dtype=float)
    out = lv[..., -1] - lv[..., 0]
    return float(out) if np.ndim(out) == 0 else out


def extinction_ratio_db(levels: Any) -> float | np.ndarray:
    """Outer extinction ratio ``10 log10(P_top / P_bottom)``, dB, of optical power levels (W).

    Raises:
        PhysicsError: a bottom level <= 0 W (no finite ER; optical power is not negative).
    """
    lv = np.asarray(check_number("extinction_ratio_db.levels", levels, unit="W"), dtype=float)
    bottom, top = lv[..., 0], lv[..., -1]
    if np.any(bottom <= 0.0):
        raise PhysicsError(f"extinction_ratio_db: bottom level {float(np.min(bottom)):g} W is not positive; the ER is not finite")
    if np.any(top < bottom):
        raise PhysicsError("extinction_ratio_db: the top level is below the bottom level")
    out = 10.0 * np.log10(top / bottom)
    return float(out) if np.ndim(out) == 0 else out


@dataclass(frozen=True)
class PamMetrics:
    """Level metrics of a captured M-PAM waveform (units of the waveform, e.g. W).

    ``levels``: settled level means (M,); ``average``: waveform mean; ``oma_outer``;
    ``extinction_ratio_db`` (dB; ``None`` for a non-positive bottom level); ``rlm`` (PAM4 only,
    else ``None``); ``delay_samples``: main-cursor sample of symbol 0.
    """

    levels: np.ndarray
    average: float
    oma_outer: float
    extinction_ratio_db: float | None
    rlm: float | None
    delay_samples: int


def pam_metrics(waveform: Any, symbols: Any, *, samples_per_ui: int, run_symbols: int = 5, n_levels: int | None = None) -> PamMetrics:
    """:class:`PamMetrics` of a waveform (arguments as :func:`steady_state_levels`)."""
    w, s, sps, m = check_waveform(waveform, symbols, samples_per_ui, "pam_metrics", n_levels)
    d = symbol_delay_samples(w, s, samples_per_ui=sps)
    lv = steady_state_levels(w, s, samples_per_ui=sps, delay_samples=d, run_symbols=run_symbols, n_levels=m)
    er = extinction_ratio_db(lv) if lv[0] > 0 and lv[-1] >= lv[0] else None
    return PamMetrics(lv, float(w.mean()), oma_outer(lv), er, rlm(lv) if m == 4 else None, d)
