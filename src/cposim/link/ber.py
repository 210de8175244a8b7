"""Exact Gaussian bit- and symbol-error rates of M-level PAM signals (NRZ = PAM2, PAM4, ...).

A received M-PAM symbol ``i`` is a Gaussian sample with mean ``mu_i`` (the level, A) and its
own standard deviation ``sigma_i`` (A; level-dependent shot and RIN noise allowed). Levels are
strictly increasing along the last axis; ``M - 1`` thresholds ``t_0 <= ... <= t_{M-2}`` cut the
line into decision regions, region ``j`` being ``(t_{j-1}, t_j]`` with ``t_{-1} = -inf`` and
``t_{M-1} = +inf``. Then, exactly (no nearest-neighbour approximation)::

    P(j | i) = Phi((t_j - mu_i) / sigma_i) - Phi((t_{j-1} - mu_i) / sigma_i)
    BER      = sum_i sum_j P(i) P(j | i) hamming(i, j) / log2(M)
    SER      = sum_i P(i) (1 - P(i | i))

``hamming(i, j)`` counts the bits that differ between the labels of levels ``i`` and ``j``;
the default labelling is Gray (binary-reflected: PAM4 levels carry 00, 01, 11, 10 from the
lowest up), so a decision two levels away costs 2 bits, three levels away 1 bit.

Evaluation: summation by parts turns the double sum into tail probabilities of each level
past each threshold, ``BER = sum_{i,k} c_ik erfc(a_ik) / 2`` with ``a_ik`` the signed distance
from level ``i`` to threshold ``k`` in units of ``sigma_i sqrt 2`` (no ``1 - Phi``
cancellation). The tails at the adjacent thresholds are always evaluated (with the
sigma-weighted thresholds the two tails at a threshold share one ``erfc``); a tail at a
farther threshold is skipped only where the bound ``erfc(a) <= exp(-a^2) / (a sqrt(pi))``
proves it below ``far_tail_rtol`` (default ``2^-53``) of the adjacent sum, i.e. below the
rounding of the result.
Arrays of more than 65536 points are processed in blocks of 32768 so temporaries stay in
cache. Underflow floor: tails below about 1e-307 flush to 0, so a BER below ~1e-300 may be
returned as 0 (never NaN).

Thresholds: given explicitly, ``"midpoint"`` (``(mu_k + mu_{k+1}) / 2``) or ``"optimal"``, the
sigma-weighted near-optimum ``(sigma_{k+1} mu_k + sigma_k mu_{k+1}) / (sigma_k + sigma_{k+1})``
that equalises the Q factors of the two levels around each threshold (exactly optimal for
equal sigmas; for NRZ it makes ``BER = Q(q_factor)`` exactly).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from scipy import special

from cposim.errors import ConfigError
from cposim.units import ArrayLike
from cposim.validation import check_choice, check_number, require_finite

__all__ = [
    "FAR_TAIL_RTOL",
    "THRESHOLD_METHODS",
    "ber_from_q",
    "ber_nrz",
    "ber_pam",
    "ber_pam4",
    "bit_labels",
    "decision_thresholds",
    "hamming_matrix",
    "q_factor",
    "q_from_ber",
    "ser_pam",
]

THRESHOLD_METHODS = ("optimal", "midpoint")
MAPPINGS = ("gray", "natural")
_SQRT2 = math.sqrt(2.0)
_SQRT_PI = math.sqrt(math.pi)
#: Default ``far_tail_rtol``: far tails below this fraction of the adjacent sum are skipped.
FAR_TAIL_RTOL = 2.0**-53
#: Points per block in the tail sums (32768 doubles = 256 KiB per temporary).
_CHUNK = 1 << 15


def _as_float(x: np.ndarray) -> float | np.ndarray:
    return float(x) if np.ndim(x) == 0 else x


@lru_cache(maxsize=None)
def bit_labels(m: int, mapping: str = "gray") -> tuple[int, ...]:
    """Integer bit label of each of the ``m`` levels, lowest level first.

    ``"gray"``: binary-reflected Gray code ``i ^ (i >> 1)`` (PAM4: 0b00, 0b01, 0b11, 0b10);
    ``"natural"``: ``i``.
    """
    check_choice("ber.mapping", mapping, MAPPINGS)
    return tuple((i ^ (i >> 1)) if mapping == "gray" else i for i in range(m))


@lru_cache(maxsize=None)
def hamming_matrix(m: int, mapping: str = "gray") -> np.ndarray:
    """``(m, m)`` integer matrix (read-only, cached) of bit differences between the labels of
    levels ``i`` and ``j``."""
    lab = np.array(bit_labels(m, mapping))
    x = lab[:, None] ^ lab[None, :]
    out = np.zeros_like(x)
    while np.any(x):
        out += x & 1
        x >>= 1
    out.setflags(write=False)
    return out


@lru_cache(maxsize=None)
def _tail_weights(m: int, mapping: str, kind: str) -> np.ndarray:
    """``(m, m-1)`` weights ``w[i, k]`` of the tail of level ``i`` past threshold ``k``.

    Upper tails (``k >= i``): ``h(i, k+1) - h(i, k)``; lower tails (``k < i``):
    ``h(i, k) - h(i, k+1)``, with ``h(i, i) = 0`` (summation by parts of ``sum_j P(j|i) h(i,j)``).
    ``kind="ser"`` uses ``h = 1`` off the diagonal (symbol errors).
    """
    h = hamming_matrix(m, mapping).astype(float) if kind == "ber" else 1.0 - np.eye(m)
    w = np.empty((m, m - 1))
    for i in range(m):
        for k in range(m - 1):
            w[i, k] = h[i, k + 1] - h[i, k] if k >= i else h[i, k] - h[i, k + 1]
    w.setflags(write=False)
    return w


def _columns(arr: np.ndarray, m: int) -> list[np.ndarray]:
    """The ``m`` entries along the last axis as separate arrays of the leading shape (views).

    Working level by level keeps every operation a plain 1-D loop (an ``(N, 4)`` array
    broadcast along its short last axis runs numpy's inner loop four elements at a time).
    A size-1 last axis is shared by all columns.
    """
    if arr.shape[-1] == 1:
        return [arr[..., 0]] * m
    return [arr[..., i] for i in range(m)]


def _check_levels_sigmas(levels_a: ArrayLike, sigmas_a: ArrayLike, name: str) -> tuple[list[np.ndarray], list[np.ndarray]]:
    lv = np.asarray(check_number(f"{name}.levels_a", levels_a, unit="A"))
    if lv.ndim == 0 or lv.shape[-1] < 2:
        raise ConfigError(f"{name}.levels_a", levels_a, "must have the M >= 2 levels along its last axis")
    m = lv.shape[-1]
    if m & (m - 1):
        raise ConfigError(f"{name}.levels_a", m, "levels is not a power of two; expected M = 2, 4, 8, ... (whole bits per symbol)")
    sg = np.asarray(check_number(f"{name}.sigmas_a", sigmas_a, unit="A", lo=0.0, lo_open=True))
    if sg.ndim == 0:
        sg = sg[None]
    try:
        shape = np.broadcast_shapes(lv.shape, sg.shape)
    except ValueError:
        raise ConfigError(f"{name}.sigmas_a", sg, f"does not broadcast against levels of shape {lv.shape}") from None
    if shape[-1] != m:
        raise ConfigError(f"{name}.sigmas_a", sg, f"must give one sigma per level (M = {m}) along the last axis")
    mu = _columns(lv, m)
    for i in range(m - 1):
        bad = ~(mu[i + 1] > mu[i])
        if np.any(bad):
            raise ConfigError(
                f"{name}.levels_a", lv, f"must increase strictly along the last axis; level {i + 1} is not above level {i} at {int(np.count_nonzero(bad))} point(s)"
            )
    return mu, _columns(sg, m)


def decision_thresholds(levels_a: ArrayLike, sigmas_a: ArrayLike, method: str = "optimal") -> np.ndarray:
    """Decision thresholds, A, shape ``(..., M-1)``, between consecutive levels.

    ``levels_a``: level currents, A, shape ``(..., M)``, strictly increasing; ``sigmas_a``:
    noise sigma of each level, A (broadcasts); ``method``: ``"optimal"`` (sigma-weighted) or
    ``"midpoint"``.
    """
    check_choice("decision_thresholds.method", method, THRESHOLD_METHODS)
    mu, sg = _check_levels_sigmas(levels_a, sigmas_a, "decision_thresholds")
    return np.stack(np.broadcast_arrays(*_thresholds(mu, sg, method)), axis=-1)


def _thresholds(mu: list[np.ndarray], sg: list[np.ndarray], method: str) -> list[np.ndarray]:
    if method == "midpoint":
        return [0.5 * (mu[k] + mu[k + 1]) for k in range(len(mu) - 1)]
    return [(sg[k + 1] * mu[k] + sg[k] * mu[k + 1]) / (sg[k] + sg[k + 1]) for k in range(len(mu) - 1)]


def _resolve_thresholds(
    mu: list[np.ndarray], sg: list[np.ndarray], thresholds_a: ArrayLike | None, threshold: str, name: str
) -> list[np.ndarray] | None:
    """Threshold columns, or ``None`` for the sigma-weighted optimum (computed where needed)."""
    if thresholds_a is None:
        check_choice(f"{name}.threshold", threshold, THRESHOLD_METHODS)
        return None if threshold == "optimal" else _thresholds(mu, sg, threshold)
    th = np.asarray(check_number(f"{name}.thresholds_a", thresholds_a, unit="A"))
    m = len(mu)
    if th.ndim == 0 and m == 2:
        th = th[None]
    if th.ndim == 0 or th.shape[-1] != m - 1:
        raise ConfigError(f"{name}.thresholds_a", th, f"must hold the M - 1 = {m - 1} thresholds along its last axis")
    cols = _columns(th, m - 1)
    for k in range(m - 2):
        if np.any(cols[k + 1] < cols[k]):
            raise ConfigError(f"{name}.thresholds_a", th, "must not decrease along the last axis")
    return cols


def _probabilities(p: ArrayLike | None, m: int, name: str) -> list[np.ndarray] | None:
    if p is None:
        return None
    pr = np.asarray(check_number(f"{name}.symbol_probabilities", p, lo=0.0, hi=1.0))
    if pr.ndim == 0 or pr.shape[-1] != m:
        raise ConfigError(f"{name}.symbol_probabilities", pr, f"must hold one probability per level (M = {m}) along the last axis")
    if np.any(np.abs(pr.sum(axis=-1) - 1.0) > 1e-9):
        raise ConfigError(f"{name}.symbol_probabilities", pr, "must sum to 1 along the last axis")
    return _columns(pr, m)


def _chunked_tail_sum(
    mu: list[np.ndarray],
    sg: list[np.ndarray],
    th: list[np.ndarray] | None,
    weights: np.ndarray,
    probs: list[np.ndarray] | None,
    scale: float,
    far_tail_rtol: float,
) -> np.ndarray:
    """:func:`_tail_sum` over blocks of ``_CHUNK`` points, so each block's temporaries stay in
    cache (at a million points every whole-array operation is memory-bound)."""
    groups = [mu, sg, th or [], probs or []]
    shape = np.broadcast_shapes(*(x.shape for g in groups for x in g))
    size = math.prod(shape)
    if size <= 2 * _CHUNK:
        return _tail_sum(mu, sg, th, weights, probs, scale, far_tail_rtol)

    def flat(cols: list[np.ndarray] | None) -> list[np.ndarray] | None:
        if cols is None:
            return None
        return [x if x.ndim == 0 else np.broadcast_to(x, shape).reshape(-1) for x in cols]

    fmu, fsg, fth, fpr = flat(mu), flat(sg), flat(th), flat(probs)
    out = np.empty(size)

    def part(cols: list[np.ndarray] | None, sl: slice) -> list[np.ndarray] | None:
        return None if cols is None else [x if x.ndim == 0 else x[sl] for x in cols]

    for start in range(0, size, _CHUNK):
        sl = slice(start, start + _CHUNK)
        out[sl] = _tail_sum(part(fmu, sl), part(fsg, sl), part(fth, sl), weights, part(fpr, sl), scale, far_tail_rtol)
    return out.reshape(shape)


def _tail_sum(
    mu: list[np.ndarray],
    sg: list[np.ndarray],
    th: list[np.ndarray] | None,
    weights: np.ndarray,
    probs: list[np.ndarray] | None,
    scale: float,
    far_tail_rtol: float,
) -> np.ndarray:
    """``scale * sum_{i,k} P(i) w[i,k] erfc(a_ik) / 2`` with the signed tail arguments ``a_ik``.

    ``a_ik = (t_k - mu_i) / (sigma_i sqrt 2)`` for thresholds above level ``i`` (``k >= i``),
    ``(mu_i - t_k) / (sigma_i sqrt 2)`` below; ``erfc(a)/2`` is the exact Gaussian tail.
    ``th=None`` means the sigma-weighted thresholds, for which the two tails at each
    threshold share one argument, ``(mu_{k+1} - mu_k) / ((sigma_k + sigma_{k+1}) sqrt 2)``,
    so one ``erfc`` serves both.
    """
    m = len(mu)
    shape = np.broadcast_shapes(*(x.shape for x in mu), *(x.shape for x in sg))
    if th is not None:
        shape = np.broadcast_shapes(shape, *(x.shape for x in th))
    if probs is not None:
        shape = np.broadcast_shapes(shape, *(x.shape for x in probs))
    iv: list[np.ndarray] = []
    for i in range(m):
        iv.append(iv[-1] if i and sg[i] is sg[i - 1] else 1.0 / (sg[i] * _SQRT2))

    def coef(i: int, k: int) -> float | np.ndarray:
        c = 0.5 * scale * weights[i, k]
        return c / m if probs is None else c * probs[i]

    def add(total: np.ndarray, c: float | np.ndarray, a: np.ndarray) -> None:
        term = special.erfc(a)
        if np.ndim(c) == 0:
            term *= c
            total += term
        else:
            total += term * c

    total = np.zeros(shape)
    if th is None:
        for k in range(m - 1):
            a = (mu[k + 1] - mu[k]) / ((sg[k] + sg[k + 1]) * _SQRT2)
            add(total, coef(k, k) + coef(k + 1, k), a)
    else:
        for i in range(m):
            for k in (i - 1, i):
                if 0 <= k < m - 1:
                    d = th[k] - mu[i] if k >= i else mu[i] - th[k]
                    add(total, coef(i, k), d * iv[i])
    far = [(i, k) for i in range(m) for k in range(m - 1) if k not in (i - 1, i) and weights[i, k] != 0.0]
    if not far:
        return total
    if th is None:
        th = _thresholds(mu, sg, "optimal")
    floor = float(total.min()) if total.size else 0.0
    ln_rtol = math.log(far_tail_rtol)
    neg_ln_adj = None
    for i, k in far:
        c = coef(i, k)
        c_max = float(np.max(np.abs(c)))
        if c_max == 0.0:
            continue
        d = th[k] - mu[i] if k >= i else mu[i] - th[k]
        a = np.broadcast_to(d * iv[i], shape)
        # Skip where a bound proves |c| erfc(a) <= far_tail_rtol * (adjacent sum): first for all
        # points at once, then point by point.
        # erfc(a) <= exp(-a^2) min(1, 1 / (a sqrt(pi))) for a >= 0; every a here is >= a_min.
        a_min = float(a.min()) if a.size else 0.0
        shift = math.log(a_min * _SQRT_PI) if a_min * _SQRT_PI > 1.0 else 0.0
        if a_min >= 0.0 and floor > 0.0 and math.log(c_max) - a_min * a_min - shift <= ln_rtol + math.log(floor):
            continue
        if neg_ln_adj is None:
            with np.errstate(divide="ignore"):
                neg_ln_adj = -np.log(total)
        with np.errstate(divide="ignore"):
            room = neg_ln_adj + (np.log(np.abs(c)) - ln_rtol - shift)
        need = a * a < room
        need |= a < 0.0
        count = np.count_nonzero(need)
        if count > need.size // 4:
            add(total, c, a)
        elif count:
            cc = np.broadcast_to(c, shape)[need] if np.ndim(c) else c
            total[need] += cc * special.erfc(a[need])
    return total


def ber_pam(
    levels_a: ArrayLike,
    sigmas_a: ArrayLike,
    *,
    thresholds_a: ArrayLike | None = None,
    threshold: str = "optimal",
    symbol_probabilities: ArrayLike | None = None,
    mapping: str = "gray",
    far_tail_rtol: float = FAR_TAIL_RTOL,
) -> float | np.ndarray:
    """Exact Gaussian bit-error rate of an M-PAM signal, shape ``(...)``.

    ``levels_a``: mean photocurrent of each level, A, shape ``(..., M)``, strictly increasing,
    M a power of two; ``sigmas_a``: noise sigma of each level, A (> 0, broadcasts to levels);
    ``thresholds_a``: explicit thresholds, A, shape ``(..., M-1)`` (overrides ``threshold``);
    ``threshold``: ``"optimal"`` (sigma-weighted) or ``"midpoint"``;
    ``symbol_probabilities``: ``P(i)``, shape ``(..., M)`` (default equiprobable);
    ``mapping``: ``"gray"`` (default) or ``"natural"`` bit labels;
    ``far_tail_rtol``: tails at non-adjacent thresholds provably below this fraction of the
    adjacent-threshold sum are skipped (default ``2^-53``: exact to double precision; e.g.
    ``1e-12`` is faster for links near BER 1e-3 and still far below any physical accuracy).
    """
    check_choice("ber_pam.mapping", mapping, MAPPINGS)
    mu, sg = _check_levels_sigmas(levels_a, sigmas_a, "ber_pam")
    m = len(mu)
    th = _resolve_thresholds(mu, sg, thresholds_a, threshold, "ber_pam")
    pr = _probabilities(symbol_probabilities, m, "ber_pam")
    rtol = float(check_number("ber_pam.far_tail_rtol", far_tail_rtol, lo=1e-300, hi=1e-6))
    out = _chunked_tail_sum(mu, sg, th, _tail_weights(m, mapping, "ber"), pr, 1.0 / math.log2(m), rtol)
    return _as_float(require_finite("ber_pam", out))


def ser_pam(
    levels_a: ArrayLike,
    sigmas_a: ArrayLike,
    *,
    thresholds_a: ArrayLike | None = None,
    threshold: str = "optimal",
    symbol_probabilities: ArrayLike | None = None,
) -> float | np.ndarray:
    """Exact Gaussian symbol-error rate of an M-PAM signal, shape ``(...)``.

    Same arguments and units as :func:`ber_pam` (no bit mapping is involved).
    """
    mu, sg = _check_levels_sigmas(levels_a, sigmas_a, "ser_pam")
    m = len(mu)
    th = _resolve_thresholds(mu, sg, thresholds_a, threshold, "ser_pam")
    pr = _probabilities(symbol_probabilities, m, "ser_pam")
    out = _chunked_tail_sum(mu, sg, th, _tail_weights(m, "natural", "ser"), pr, 1.0, FAR_TAIL_RTOL)
    return _as_float(require_finite("ser_pam", out))


def ber_pam4(levels_a: ArrayLike, sigmas_a: ArrayLike, **kwargs) -> float | np.ndarray:
    """Exact Gaussian BER of a PAM4 signal (Gray 00, 01, 11, 10); see :func:`ber_pam`.

    ``levels_a``: the four level currents, A, shape ``(..., 4)``; ``sigmas_a``: A.
    """
    lv = np.asarray(levels_a)
    if lv.ndim == 0 or lv.shape[-1] != 4:
        raise ConfigError("ber_pam4.levels_a", levels_a, "must hold the 4 PAM4 levels along its last axis")
    return ber_pam(levels_a, sigmas_a, **kwargs)


def ber_nrz(
    level0_a: ArrayLike,
    level1_a: ArrayLike,
    sigma0_a: ArrayLike,
    sigma1_a: ArrayLike | None = None,
    *,
    threshold_a: ArrayLike | None = None,
    threshold: str = "optimal",
) -> float | np.ndarray:
    """Exact Gaussian BER of an NRZ (OOK) signal: ``[Q((t - I0)/s0) + Q((I1 - t)/s1)] / 2``.

    ``level0_a``, ``level1_a``: photocurrents of the "0" and "1" levels, A (``I1 > I0``);
    ``sigma0_a``, ``sigma1_a``: their noise sigmas, A (``sigma1_a=None``: same as ``sigma0_a``);
    ``threshold_a``: explicit threshold, A, or ``threshold`` ``"optimal"``/``"midpoint"``.
    With the optimal threshold this equals ``ber_from_q(q_factor(...))`` exactly.
    """
    i0 = np.asarray(check_number("ber_nrz.level0_a", level0_a, unit="A"))
    i1 = np.asarray(check_number("ber_nrz.level1_a", level1_a, unit="A"))
    s0 = np.asarray(check_number("ber_nrz.sigma0_a", sigma0_a, unit="A", lo=0.0, lo_open=True))
    s1 = s0 if sigma1_a is None else np.asarray(check_number("ber_nrz.sigma1_a", sigma1_a, unit="A", lo=0.0, lo_open=True))
    if np.any(i1 <= i0):
        raise ConfigError("ber_nrz.level1_a", i1, "must be above level0_a at every point")
    k = 1.0 / _SQRT2
    if threshold_a is None:
        check_choice("ber_nrz.threshold", threshold, THRESHOLD_METHODS)
        if threshold == "optimal":  # both tails equal Q = (I1 - I0) / (s0 + s1)
            out = 0.5 * special.erfc((i1 - i0) / ((s0 + s1) * _SQRT2))
            return _as_float(require_finite("ber_nrz", out))
        t = 0.5 * (i0 + i1)
    else:
        t = np.asarray(check_number("ber_nrz.threshold_a", threshold_a, unit="A"))
    out = 0.25 * (special.erfc((t - i0) * (k / s0)) + special.erfc((i1 - t) * (k / s1)))
    return _as_float(require_finite("ber_nrz", out))


def q_factor(level0_a: ArrayLike, level1_a: ArrayLike, sigma0_a: ArrayLike, sigma1_a: ArrayLike) -> float | np.ndarray:
    """Personick Q factor ``(I1 - I0) / (sigma0 + sigma1)`` (dimensionless); currents and sigmas in A."""
    i0 = np.asarray(check_number("q_factor.level0_a", level0_a, unit="A"))
    i1 = np.asarray(check_number("q_factor.level1_a", level1_a, unit="A"))
    s0 = np.asarray(check_number("q_factor.sigma0_a", sigma0_a, unit="A", lo=0.0, lo_open=True))
    s1 = np.asarray(check_number("q_factor.sigma1_a", sigma1_a, unit="A", lo=0.0, lo_open=True))
    return _as_float((i1 - i0) / (s0 + s1))


def ber_from_q(q: ArrayLike) -> float | np.ndarray:
    """NRZ BER from the Q factor: ``0.5 erfc(Q / sqrt 2)`` (0 below ~1e-308, i.e. Q > ~37.5)."""
    qq = np.asarray(check_number("ber_from_q.q", q, lo=-40.0, hi=1e3))
    return _as_float(special.ndtr(-qq))


def q_from_ber(ber: ArrayLike) -> float | np.ndarray:
    """Q factor giving an NRZ BER ``ber`` (0 < ber <= 0.5): ``sqrt 2 erfcinv(2 BER)``."""
    b = np.asarray(check_number("q_from_ber.ber", ber, lo=0.0, lo_open=True, hi=0.5))
    return _as_float(-special.ndtri(b))
