"""Symbol-spaced (T-spaced) feed-forward equalizers: sampling, MMSE taps, application.

Convention: an FFE with ``n_taps`` taps ``c[0..n_taps-1]``, ``n_pre`` of them pre-cursor taps,
turns the T-spaced pulse samples ``h[k]`` (``k`` in UI, ``h[0]`` the main cursor) into::

    q[m] = sum_i c[i] h[m + n_pre - i]

so ``c[n_pre]`` is the main tap, taps ``i < n_pre`` act on later samples (they cancel
pre-cursor ISI) and taps ``i > n_pre`` on earlier ones.

Constrained MMSE (the closed form used for the receiver FFE of IEEE 802.3 COM, Annex 178A,
CPS-ELE-02, and textbook MMSE-DFE design, CPS-ELE-03): with data symbols of unit variance,
minimize the output ISI power plus the noise power,
``J = sum_{m not in {0, 1..n_dfe}} q[m]^2 + c^T R c`` subject to ``q[0] = 1``, where ``R`` is
the T-spaced noise autocorrelation matrix (``R = noise_variance * I`` for white noise) and
the first ``n_dfe`` post-cursors are left to a DFE. With ``H_r`` the convolution rows that
count and ``h_0`` the cursor row, ``A = H_r^T H_r + R`` and::

    c = A^-1 h_0 / (h_0^T A^-1 h_0)

The taps are then scaled so the main tap is 1 (COM's convention; the output SNR does not
depend on the scale).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cposim.errors import ConfigError, PhysicsError
from cposim.validation import check_number

__all__ = [
    "apply_ffe",
    "autocorrelation",
    "convolution_matrix",
    "convolve_taps",
    "mmse_ffe_from_samples",
    "mmse_ffe_taps",
    "t_spaced_samples",
]


def _int(name: str, value: Any, lo: int, hi: int | None = None) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ConfigError(name, value, f"is not a whole number; expected an integer >= {lo}")
    return int(check_number(name, value, lo=lo, hi=hi, integer=True))


def t_spaced_samples(pulse: Any, *, samples_per_ui: int, cursor_index: int) -> tuple[np.ndarray, int]:
    """T-spaced samples of a pulse response through its main cursor.

    Args:
        pulse: pulse response sampled ``samples_per_ui`` times per UI, along the last axis
            (any units, e.g. V).
        samples_per_ui: oversampling factor (integer >= 1).
        cursor_index: index of the main-cursor sample in ``pulse`` (last axis).

    Returns:
        ``(h, k0)``: the samples ``pulse[..., cursor_index + k * samples_per_ui]`` for every
        ``k`` inside the array, and the position ``k0`` of the cursor in ``h``.
    """
    p = np.asarray(pulse, dtype=float)
    if p.ndim == 0 or p.shape[-1] == 0:
        raise ConfigError("pulse", p.shape, "must be a non-empty array of samples")
    spu = _int("samples_per_ui", samples_per_ui, 1)
    cur = _int("cursor_index", cursor_index, 0, p.shape[-1] - 1)
    k0 = cur // spu
    start = cur - k0 * spu
    return p[..., start::spu], k0


def autocorrelation(h: np.ndarray, n_lags: int) -> np.ndarray:
    """``r[..., d] = sum_k h[..., k] h[..., k + d]`` for ``d = 0 .. n_lags - 1``."""
    n = h.shape[-1]
    out = np.zeros(h.shape[:-1] + (n_lags,))
    for d in range(min(n_lags, n)):
        out[..., d] = np.einsum("...k,...k->...", h[..., : n - d], h[..., d:])
    return out


def _row(h: np.ndarray, r: int, n_taps: int) -> np.ndarray:
    """Row ``r`` of the convolution matrix: ``H[r, i] = h[r - i]`` (0 outside ``h``)."""
    n = h.shape[-1]
    out = np.zeros(h.shape[:-1] + (n_taps,))
    for i in range(n_taps):
        if 0 <= r - i < n:
            out[..., i] = h[..., r - i]
    return out


def convolve_taps(h: Any, taps: Any) -> np.ndarray:
    """Full convolution ``q[r] = sum_i taps[i] h[r - i]`` along the last axis (batched).

    Shape ``(..., K + n_taps - 1)``; with the module's convention the output cursor is at
    ``cursor + n_pre``.
    """
    h = np.asarray(h, dtype=float)
    c = np.asarray(taps, dtype=float)
    n, n_taps = h.shape[-1], c.shape[-1]
    out = np.zeros(np.broadcast_shapes(h.shape[:-1], c.shape[:-1]) + (n + n_taps - 1,))
    for i in range(n_taps):
        out[..., i : i + n] += c[..., i : i + 1] * h
    return out


def convolution_matrix(h: np.ndarray, k0: int, n_taps: int, n_pre: int) -> tuple[np.ndarray, int]:
    """Matrix ``H`` with ``q = H c`` for the FFE convention of this module.

    Args:
        h: T-spaced pulse samples, last axis (leading axes broadcast).
        k0: index of the main cursor in ``h``.
        n_taps, n_pre: FFE length and number of pre-cursor taps.

    Returns:
        ``(H, m0)``: ``H`` of shape ``(..., n_rows, n_taps)`` and the row ``m0`` of the output
        main cursor ``q[0]``; rows cover every output sample that any tap reaches.
    """
    n_h = h.shape[-1]
    n_rows = n_h + n_taps - 1
    m0 = k0 + n_pre
    H = np.zeros(h.shape[:-1] + (n_rows, n_taps))
    for i in range(n_taps):
        H[..., i : i + n_h, i] = h
    return H, m0


def mmse_ffe_from_samples(
    h: Any,
    *,
    cursor: int,
    n_taps: int,
    n_pre: int,
    noise_autocorrelation: Any = None,
    n_dfe: int = 0,
    interference: Any = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Batched constrained-MMSE FFE from T-spaced samples (see the module docstring).

    Args:
        h: T-spaced pulse samples, shape ``(..., K)`` (units of the signal, for unit-variance
            symbols).
        cursor: index of the main cursor along the last axis.
        n_taps: number of taps (>= 1); n_pre: pre-cursor taps (0 .. n_taps-1).
        noise_autocorrelation: T-spaced noise autocorrelation ``r[0..n_taps-1]`` (signal
            units squared), shape ``(..., n_taps)`` broadcasting with ``h``; None for no noise.
        n_dfe: number of post-cursors left to a DFE (excluded from the cost).
        interference: optional other pulses seen by the same FFE (crosstalk), shape
            ``(..., J, K)`` aligned with ``h``; their energy adds to the cost.

    Returns:
        ``(taps, q)``: taps ``(..., n_taps)`` with main tap ``c[n_pre] = 1``, and the equalized
        T-spaced pulse ``q`` (``(..., K + n_taps - 1)``, cursor at index ``cursor + n_pre``).

    Raises:
        PhysicsError: a pulse with no usable cursor (the MMSE main tap vanishes).
    """
    h = np.asarray(h, dtype=float)
    n_taps = _int("n_taps", n_taps, 1)
    n_pre = _int("n_pre", n_pre, 0, n_taps - 1)
    n_dfe = _int("n_dfe", n_dfe, 0)
    cursor = _int("cursor", cursor, 0, h.shape[-1] - 1)
    m0 = cursor + n_pre
    # H^T H is the Toeplitz matrix of the autocorrelation of h; the cursor and DFE rows are
    # then taken out again (they are not part of the cost).
    lags = np.abs(np.arange(n_taps)[:, None] - np.arange(n_taps)[None, :])
    A = autocorrelation(h, n_taps)[..., lags]
    removed = np.stack([_row(h, m0 + j, n_taps) for j in range(n_dfe + 1)], axis=-2)
    A = A - np.einsum("...ri,...rj->...ij", removed, removed)
    if interference is not None:
        X = np.asarray(interference, dtype=float)
        A = A + autocorrelation(X, n_taps).sum(axis=-2)[..., lags]
    if noise_autocorrelation is not None:
        r = np.asarray(noise_autocorrelation, dtype=float)
        if r.shape[-1] < n_taps:
            raise ConfigError("noise_autocorrelation", r.shape, f"needs at least n_taps = {n_taps} lags")
        A = A + r[..., lags]
    h0 = removed[..., 0, :]
    scale = np.maximum(np.einsum("...ii->...", A) / n_taps, 1e-300)
    A = A + (1e-12 * scale)[..., None, None] * np.eye(n_taps)
    v = np.linalg.solve(A, h0[..., None])[..., 0]
    main = v[..., n_pre]
    if np.any(np.abs(main) <= 1e-12 * np.max(np.abs(v), axis=-1)) or np.any(~np.isfinite(v)):
        raise PhysicsError("MMSE FFE: the pulse has no usable main cursor (main tap vanishes); check cursor_index")
    taps = v / main[..., None]
    return taps, convolve_taps(h, taps)


def mmse_ffe_taps(
    pulse: Any,
    *,
    samples_per_ui: int,
    cursor_index: int,
    n_taps: int,
    n_pre: int,
    noise_variance: float = 0.0,
    n_dfe: int = 0,
) -> np.ndarray:
    """T-spaced constrained-MMSE FFE taps for one pulse response (CPS-ELE-02, CPS-ELE-03).

    Args:
        pulse: 1-D pulse response sampled ``samples_per_ui`` times per UI (e.g. V per unit
            symbol).
        samples_per_ui: oversampling factor (integer >= 1).
        cursor_index: index of the main-cursor sample in ``pulse``.
        n_taps: number of FFE taps (>= 1); n_pre: how many are pre-cursor taps.
        noise_variance: white noise variance per T-spaced sample at the FFE input, in the
            squared units of ``pulse``, for data symbols of unit variance (>= 0).
        n_dfe: post-cursors left to a DFE (not counted as ISI).

    Returns:
        ndarray ``(n_taps,)``, normalised so the main tap ``c[n_pre]`` is 1.
    """
    p = np.asarray(pulse, dtype=float)
    if p.ndim != 1:
        raise ConfigError("pulse", p.shape, "must be one-dimensional (use mmse_ffe_from_samples for batches)")
    nv = check_number("noise_variance", noise_variance, lo=0.0)
    h, k0 = t_spaced_samples(p, samples_per_ui=samples_per_ui, cursor_index=cursor_index)
    n = _int("n_taps", n_taps, 1)
    r = np.zeros(n)
    r[0] = nv
    taps, _ = mmse_ffe_from_samples(h, cursor=k0, n_taps=n, n_pre=n_pre, noise_autocorrelation=r, n_dfe=n_dfe)
    return taps


def apply_ffe(pulse: Any, taps: Any, *, samples_per_ui: int, n_pre: int) -> np.ndarray:
    """Pulse after a T-spaced FFE: ``sum_i c[i] pulse(t - (i - n_pre) T)``.

    Works on oversampled pulses (``samples_per_ui`` per UI) along the last axis; the output
    is the same length, aligned with the input (samples shifted in beyond the ends are 0).

    Args:
        pulse: pulse response(s), last axis in time.
        taps: FFE taps ``(n_taps,)`` (or broadcasting ``(..., n_taps)``).
        samples_per_ui: oversampling factor; n_pre: number of pre-cursor taps.
    """
    p = np.asarray(pulse, dtype=float)
    c = np.asarray(taps, dtype=float)
    spu = _int("samples_per_ui", samples_per_ui, 1)
    n_pre = _int("n_pre", n_pre, 0, c.shape[-1] - 1)
    n = p.shape[-1]
    out = np.zeros(np.broadcast_shapes(p.shape[:-1], c.shape[:-1]) + (n,))
    for i in range(c.shape[-1]):
        shift = (i - n_pre) * spu
        ci = c[..., i : i + 1]
        if shift >= 0:
            if shift < n:
                out[..., shift:] += ci * p[..., : n - shift]
        elif -shift < n:
            out[..., : n + shift] += ci * p[..., -shift:]
    return out
