"""Streaming equalizers: CTLE, FFE (fixed or LMS-adapted) and DFE, with state across chunks.

Each equalizer is an object that owns its state and is fed successive chunks of one long
signal with :meth:`process`; the outputs are *identical* (bit for bit) whatever the chunk
sizes, because the state carried between chunks is exactly the state of a sample-by-sample
loop. The math comes from :mod:`cposim.equalization` (CTLE of IEEE 802.3 eq. 93A-22, MMSE
FFE taps, DFE taps from a pulse); this module only runs it over streams.

* :class:`StreamingCtle`: IIR filter in second-order sections
  (:func:`cposim.equalization.ctle.ctle_sos`) run by ``scipy.signal.sosfilt`` with its
  internal state; works on the oversampled waveform.
* :class:`StreamingFfe`: T-spaced FIR on symbol-rate samples, ``y[n] = sum_k w[k] x[n-k]``
  (tap order as :mod:`cposim.equalization.ffe`: with ``n_pre`` pre-cursor taps and a
  channel cursor ``k0`` samples late, ``y[n]`` estimates symbol ``n - k0 - n_pre``). Fixed
  taps (e.g. :func:`cposim.equalization.ffe.mmse_ffe_taps`) run as a vectorised FIR
  (``scipy.signal.lfilter`` with its state); LMS adaptation (``w += mu e x``, CPS-SGM-07)
  against a training sequence or, without one, against its own decisions is a true
  recurrence and runs in a numba loop.
* :class:`StreamingDfe`: ``z[n] = x[n] - sum_k b[k] d[n-1-k]``, ``d[n]`` = nearest level,
  optional LMS adaptation of ``b``; numba loop, decisions carried across chunks.

Step sizes default to 1e-3 (CPS-SGM-08).
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np
from scipy import signal

from cposim.errors import ConfigError
from cposim.validation import check_number

__all__ = ["DEFAULT_STEP_SIZE", "SOURCES", "StreamingCtle", "StreamingDfe", "StreamingFfe"]

#: Default LMS step size (CPS-SGM-08).
DEFAULT_STEP_SIZE = 1e-3
SOURCES = {"LMS adaptation": ("CPS-SGM-07",), "default step size": ("CPS-SGM-08",)}


def _chunk(name: str, x: Any) -> np.ndarray:
    arr = np.asarray(check_number(name, x), dtype=float)
    if arr.ndim != 1:
        raise ConfigError(name, arr.shape, "must be a 1-D chunk of samples")
    return np.ascontiguousarray(arr)


def _levels(name: str, levels: Any) -> np.ndarray:
    lv = np.asarray(check_number(name, levels), dtype=float)
    if lv.ndim != 1 or lv.size < 2 or np.any(np.diff(lv) <= 0):
        raise ConfigError(name, lv, "must be >= 2 strictly increasing decision levels")
    return lv


class StreamingCtle:
    """CTLE as a stateful IIR filter over a waveform sampled at ``sample_rate_hz`` (Hz).

    Give either ``sos`` (second-order sections, ``(n, 6)``) or the CTLE keywords of
    :func:`cposim.equalization.ctle.ctle_sos` (``dc_gain_db``, ``zero_hz``, ``pole1_hz``,
    ``pole2_hz``, optional ``lf_gain_db``, ``lf_pole_hz``). ``initial_value``: the input level
    the filter has settled to before the first sample (default 0, units of the waveform).
    """

    def __init__(self, *, sample_rate_hz: float | None = None, sos: Any = None, initial_value: float = 0.0, **ctle: Any) -> None:
        if sos is None:
            if sample_rate_hz is None:
                raise ConfigError("StreamingCtle.sample_rate_hz", None, "is required to build the CTLE from its poles and zeros")
            from cposim.equalization.ctle import ctle_sos

            sos = ctle_sos(sample_rate_hz, **ctle)
        elif ctle:
            raise ConfigError("StreamingCtle", sorted(ctle), "CTLE keywords cannot be combined with explicit sos")
        self.sos = np.asarray(check_number("StreamingCtle.sos", sos), dtype=float)
        if self.sos.ndim != 2 or self.sos.shape[1] != 6:
            raise ConfigError("StreamingCtle.sos", self.sos.shape, "must have shape (n_sections, 6)")
        x0 = float(check_number("StreamingCtle.initial_value", initial_value))
        self._zi = signal.sosfilt_zi(self.sos) * x0

    @property
    def state(self) -> np.ndarray:
        """Filter state (a copy), shape ``(n_sections, 2)``."""
        return self._zi.copy()

    def process(self, chunk: Any) -> np.ndarray:
        """Filter the next chunk (1-D); returns the output chunk (same length)."""
        x = _chunk("StreamingCtle.chunk", chunk)
        y, self._zi = signal.sosfilt(self.sos, x, zi=self._zi)
        return y


@numba.njit(cache=True)
def _ffe_kernel(x, ref, has_ref, w, hist, ref_hist, levels, mu, adapt, delay):
    n_taps = w.size
    y = np.empty(x.size)
    for n in range(x.size):
        for k in range(n_taps - 1, 0, -1):
            hist[k] = hist[k - 1]
        hist[0] = x[n]
        acc = 0.0
        for k in range(n_taps):
            acc += w[k] * hist[k]
        y[n] = acc
        if has_ref:
            for k in range(delay, 0, -1):
                ref_hist[k] = ref_hist[k - 1]
            ref_hist[0] = ref[n]
        if adapt:
            if has_ref:
                d = ref_hist[delay]
            else:
                best = 0
                for j in range(1, levels.size):
                    if abs(acc - levels[j]) < abs(acc - levels[best]):
                        best = j
                d = levels[best]
            e = d - acc
            for k in range(n_taps):
                w[k] += mu * e * hist[k]
    return y


class StreamingFfe:
    """T-spaced FFE over symbol-rate samples (module notes).

    ``taps``: initial (or fixed) taps ``(n_taps,)``; ``adapt``: LMS adaptation on or off;
    ``step_size``: LMS ``mu`` (CPS-SGM-08); ``levels``: decision levels for decision-directed
    adaptation (units of the samples); ``decision_delay``: symbols between a training
    symbol entering (``reference`` in :meth:`process`, in transmit order) and the output
    that estimates it (``k0 + n_pre``).
    """

    def __init__(self, taps: Any, *, adapt: bool = False, step_size: float = DEFAULT_STEP_SIZE, levels: Any = None,
                 decision_delay: int = 0) -> None:
        w = np.asarray(check_number("StreamingFfe.taps", taps), dtype=float)
        if w.ndim != 1 or w.size < 1:
            raise ConfigError("StreamingFfe.taps", w.shape, "must be a 1-D array of >= 1 taps")
        self._w = w.copy()
        self.adapt = bool(adapt)
        self.step_size = float(check_number("StreamingFfe.step_size", step_size, lo=0.0, hi=1.0))
        self.levels = None if levels is None else _levels("StreamingFfe.levels", levels)
        self.decision_delay = int(check_number("StreamingFfe.decision_delay", decision_delay, lo=0, hi=1 << 20, integer=True))
        self._hist = np.zeros(w.size)
        self._ref_hist = np.zeros(self.decision_delay + 1)
        self._zi = np.zeros(w.size - 1)  # lfilter state of the fixed-tap FIR

    @property
    def taps(self) -> np.ndarray:
        """Current taps (a copy)."""
        return self._w.copy()

    def process(self, chunk: Any, reference: Any = None) -> np.ndarray:
        """Equalize the next chunk of symbol-rate samples; ``reference``: training symbol values
        for the same samples (transmit order, same length) or ``None`` (decision-directed when
        adapting). Returns the output chunk."""
        x = _chunk("StreamingFfe.chunk", chunk)
        has_ref = reference is not None
        ref = _chunk("StreamingFfe.reference", reference) if has_ref else np.zeros(0)
        if has_ref and ref.size != x.size:
            raise ConfigError("StreamingFfe.reference", ref.size, f"values given for {x.size} samples")
        if self.adapt and not has_ref and self.levels is None:
            raise ConfigError("StreamingFfe.levels", None, "are needed for decision-directed adaptation (no reference given)")
        if not self.adapt:  # plain FIR: vectorised, state carried by lfilter
            if self._w.size > 1:
                y, self._zi = signal.lfilter(self._w, [1.0], x, zi=self._zi)
                return y
            return self._w[0] * x
        levels = self.levels if self.levels is not None else np.zeros(1)
        return _ffe_kernel(x, ref if has_ref else np.zeros(x.size), has_ref, self._w, self._hist, self._ref_hist,
                           levels, self.step_size, self.adapt, self.decision_delay)


@numba.njit(cache=True)
def _dfe_kernel(x, b, dec_hist, levels, mu, adapt, z, dec):
    n_taps = b.size
    for n in range(x.size):
        fb = 0.0
        for k in range(n_taps):
            fb += b[k] * dec_hist[k]
        zn = x[n] - fb
        best = 0
        for j in range(1, levels.size):
            if abs(zn - levels[j]) < abs(zn - levels[best]):
                best = j
        d = levels[best]
        if adapt:
            e = zn - d
            for k in range(n_taps):
                b[k] += mu * e * dec_hist[k]
        for k in range(n_taps - 1, 0, -1):
            dec_hist[k] = dec_hist[k - 1]
        if n_taps > 0:
            dec_hist[0] = d
        z[n] = zn
        dec[n] = best


class StreamingDfe:
    """Decision-feedback equalizer over symbol-rate samples (module notes).

    ``taps``: feedback taps ``b[0..n-1]`` for post-cursors 1..n, in sample units per unit
    level (e.g. :func:`cposim.equalization.dfe.dfe_taps_from_pulse`); ``levels``: the decision
    levels the slicer chooses from, in sample units (``h0 x`` symbol values); ``adapt``:
    LMS adaptation of the taps (``b += mu (z - d) d_past``, CPS-SGM-07); ``step_size``: ``mu``.
    Decisions before the first sample are 0.
    """

    def __init__(self, taps: Any, *, levels: Any, adapt: bool = False, step_size: float = DEFAULT_STEP_SIZE) -> None:
        b = np.asarray(check_number("StreamingDfe.taps", taps), dtype=float)
        if b.ndim != 1:
            raise ConfigError("StreamingDfe.taps", b.shape, "must be a 1-D array of taps")
        self._b = b.copy()
        self.levels = _levels("StreamingDfe.levels", levels)
        self.adapt = bool(adapt)
        self.step_size = float(check_number("StreamingDfe.step_size", step_size, lo=0.0, hi=1.0))
        self._hist = np.zeros(b.size)

    @property
    def taps(self) -> np.ndarray:
        """Current feedback taps (a copy)."""
        return self._b.copy()

    def process(self, chunk: Any) -> tuple[np.ndarray, np.ndarray]:
        """Equalize the next chunk; returns ``(z, decisions)``: the slicer inputs (sample
        units) and the decided level indices ``0..M-1``."""
        x = _chunk("StreamingDfe.chunk", chunk)
        z = np.empty(x.size)
        dec = np.empty(x.size, dtype=np.int64)
        _dfe_kernel(x, self._b, self._hist, self.levels, self.step_size, self.adapt, z, dec)
        return z, dec
