"""Decision-feedback equalizer (DFE): taps from a pulse response, residual ISI, slicer loop.

A DFE with ``n`` taps subtracts ``sum_k b[k] d[n-k]`` (``k = 1..n``) from each sample, where
``d`` are the decided symbols and ``b[k]`` the post-cursor samples of the pulse at the
slicer, ``b[k] = h[k]`` (zero-forcing the post-cursors; CPS-ELE-03). IEEE 802.3 COM limits
each normalised tap ``|b[k]/h[0]| <= b_max(k)`` (Annex 93A, CPS-ELE-01); the part of a
post-cursor beyond the limit stays as residual ISI (:func:`dfe_residual`).

Error propagation is not modelled by :func:`dfe_residual` (as in COM); :func:`dfe_equalize`
runs the real decision loop, so wrong decisions do feed back there.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cposim.equalization.ffe import _int, t_spaced_samples
from cposim.errors import ConfigError
from cposim.validation import check_number

__all__ = ["dfe_equalize", "dfe_residual", "dfe_taps_from_pulse"]


def dfe_taps_from_pulse(
    pulse: Any,
    *,
    samples_per_ui: int,
    cursor_index: int,
    n_taps: int,
    normalize: bool = False,
    b_max: Any = None,
) -> np.ndarray:
    """DFE taps: the first ``n_taps`` post-cursors of a pulse response.

    Args:
        pulse: 1-D pulse response sampled ``samples_per_ui`` times per UI (e.g. V).
        samples_per_ui: oversampling factor (integer >= 1).
        cursor_index: index of the main-cursor sample in ``pulse``.
        n_taps: number of DFE taps (>= 0).
        normalize: False (default): taps in the units of ``pulse`` (what the loop subtracts
            per unit symbol); True: as fractions of the main cursor (COM's ``b(n)``).
        b_max: optional limit on ``|b[k] / h[0]|`` (scalar or ``(n_taps,)``), applied before
            the result is returned.

    Returns:
        ndarray ``(n_taps,)``; post-cursors beyond the end of ``pulse`` are 0.
    """
    p = np.asarray(pulse, dtype=float)
    if p.ndim != 1:
        raise ConfigError("pulse", p.shape, "must be one-dimensional")
    n = _int("n_taps", n_taps, 0)
    h, k0 = t_spaced_samples(p, samples_per_ui=samples_per_ui, cursor_index=cursor_index)
    post = np.zeros(n)
    avail = h[k0 + 1 : k0 + 1 + n]
    post[: avail.size] = avail
    h0 = h[k0]
    if h0 <= 0.0 and (normalize or b_max is not None):
        raise ConfigError("cursor_index", cursor_index, "points at a non-positive main cursor; cannot normalise DFE taps")
    if b_max is not None:
        lim = np.broadcast_to(check_number("b_max", b_max, lo=0.0), (n,))
        post = np.clip(post, -lim * h0, lim * h0)
    return post / h0 if normalize else post


def dfe_residual(h: Any, *, cursor: int, n_taps: int, b_max: Any = None) -> np.ndarray:
    """T-spaced pulse after an ideal DFE (batched over leading axes).

    Post-cursors ``1..n_taps`` are cancelled up to ``b_max * h[cursor]`` each; everything else
    is returned unchanged. With ``b_max=None`` the taps are unlimited.

    Args:
        h: T-spaced samples, shape ``(..., K)``.
        cursor: index of the main cursor along the last axis.
        n_taps: number of DFE taps (>= 0).
        b_max: limit on the normalised taps, scalar or ``(n_taps,)`` (>= 0), or None.
    """
    h = np.array(h, dtype=float, copy=True)
    n = _int("n_taps", n_taps, 0)
    cursor = _int("cursor", cursor, 0, h.shape[-1] - 1)
    stop = min(cursor + 1 + n, h.shape[-1])
    seg = h[..., cursor + 1 : stop]
    if b_max is None:
        h[..., cursor + 1 : stop] = 0.0
    else:
        lim = np.broadcast_to(check_number("b_max", b_max, lo=0.0), (n,))[: stop - cursor - 1]
        h0 = np.abs(h[..., cursor : cursor + 1])
        h[..., cursor + 1 : stop] = seg - np.clip(seg, -lim * h0, lim * h0)
    return h


def dfe_equalize(samples: Any, *, taps: Any, levels: Any) -> tuple[np.ndarray, np.ndarray]:
    """Run a DFE slicer over symbol-rate samples.

    For each sample ``y[n]``: ``z[n] = y[n] - sum_k taps[k-1] * d[n-k]``, then ``d[n]`` is the
    level nearest ``z[n]``. Decisions before the first sample are taken as 0.

    Args:
        samples: 1-D symbol-rate samples at the slicer (e.g. V).
        taps: DFE taps in the units of ``samples`` per unit symbol, ``(n_taps,)`` (the
            output of :func:`dfe_taps_from_pulse` with ``normalize=False``).
        levels: the symbol values the slicer chooses from, in symbol units (e.g. ``[-1, -1/3,
            1/3, 1]`` for PAM4); ``samples`` must be scaled so a symbol ``a`` arrives as ``a``
            times the main cursor, i.e. pass ``samples / h0`` and ``taps / h0``.

    Returns:
        ``(decisions, z)``: the decided levels and the equalised samples, both ``(N,)``.
    """
    y = np.asarray(samples, dtype=float)
    b = np.asarray(taps, dtype=float)
    lv = np.sort(np.asarray(levels, dtype=float))
    if y.ndim != 1 or b.ndim != 1 or lv.ndim != 1 or lv.size < 2:
        raise ConfigError("dfe_equalize", (y.ndim, b.ndim, lv.size), "needs 1-D samples and taps and >= 2 levels")
    if not (np.all(np.isfinite(y)) and np.all(np.isfinite(b))):
        raise ConfigError("dfe_equalize.samples", "NaN/inf", "must be finite")
    thresholds = (lv[1:] + lv[:-1]) / 2.0
    n_taps = b.size
    hist = np.zeros(n_taps)  # hist[k-1] = d[n-k]
    d = np.empty_like(y)
    z = np.empty_like(y)
    for n in range(y.size):
        zn = y[n] - float(b @ hist) if n_taps else y[n]
        dn = lv[np.searchsorted(thresholds, zn)]
        z[n] = zn
        d[n] = dn
        if n_taps:
            hist[1:] = hist[:-1]
            hist[0] = dn
    return d, z
