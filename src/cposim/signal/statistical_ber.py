"""Statistical BER of an M-PAM link from its pulse response: no Monte Carlo (StatEye / COM).

The decision sample of symbol ``a_0`` taken at phase ``phi`` is the superposition of the
contributions of every symbol that is still ringing plus noise (CPS-SGM-05)::

    y = sum_n r_n(a_{-n}) + noise,   r_n(s) = response of symbol s at cursor n (phase phi)

With independent, equiprobable symbols each cursor ``n != 0`` contributes an M-point
distribution; their convolution is the distribution of the intersymbol interference (ISI).
It is built on a uniform voltage grid by *shift-and-add*: each cursor moves the current
distribution by its M possible values (linear splitting between the two nearest grid points
keeps the mean) and averages. This is the discrete convolution with an M-atom kernel done
directly, which costs ``O(M G)`` per cursor on a grid of ``G`` points and, because it only adds
non-negative numbers, keeps the *relative* precision of every grid probability: a pattern of
probability 1e-30 is still right to ~1e-15 relative. (An FFT convolution has an absolute
round-off floor near 1e-16 of the peak, which would make BERs below 1e-15 meaningless.)
The main cursor is kept exact (not gridded) and the Gaussian noise is convolved in
analytically: the tail of every grid atom past a threshold is ``erfc(d / (sigma sqrt 2)) / 2``,
so BERs down to ~1e-300 come out without underflow to NaN. A pulse with a single cursor gives
exactly :func:`cposim.link.ber.ber_pam`.

Three response models (``response`` argument of :func:`symbol_response`):

* ``(L,)`` linear pulse with ``levels`` (V or A per symbol): ``r_n(s) = levels[s] p(t_n)``;
* ``(M, L)`` one response per level (nonlinear levels, level-dependent shapes, e.g. a micro-
  ring whose transfer compresses the outer levels): ``r_n(s) = R[s](t_n)``;
* ``(M, M, L)`` one response per transition ``[previous, current]``: ``r_n = R[a_{-n-1},
  a_{-n}](t_n)`` (a micro-ring whose rise depends on where it starts; CPS-SGM-09). The
  cursors are then a Markov chain, handled exactly by a forward pass over the pre-cursors and
  a backward pass over the main and post-cursors (per-state distributions).
  :func:`responses_from_edge_responses` builds this table from simulated step responses.

A DFE removes post-cursors 1..N: ``dfe_taps=N`` cancels them ideally (error-free decisions,
exact taps at every phase); an array of taps subtracts ``tap_n * levels[a_{-n}]`` and leaves
the residual. Error propagation is not modelled.

Thresholds are optimised per phase (each threshold only changes its own error terms, so the
search is separable), the optimal phase minimises the BER, and the bit mapping is Gray by
default (:func:`cposim.link.ber.hamming_matrix`). All voltages in V (or any consistent unit:
the model is linear in the unit), phases in UI relative to the main-cursor sample.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
from scipy import optimize, special

from cposim.errors import ConfigError
from cposim.link.ber import hamming_matrix
from cposim.validation import check_choice, check_number, require_finite

__all__ = [
    "SOURCES",
    "StatisticalBer",
    "StatisticalEye",
    "SymbolResponse",
    "ber_with_gaussian_noise",
    "conditional_distributions",
    "responses_from_edge_responses",
    "statistical_ber",
    "statistical_eye",
    "symbol_response",
]

#: Reference rows behind the method (see ``cposim sources``).
SOURCES = {"statistical eye / COM": ("CPS-SGM-05",), "edge responses": ("CPS-SGM-09",)}

_SQRT2 = math.sqrt(2.0)
#: Default grid step as a fraction of the smallest noise sigma (quantisation error of a tail
#: at distance d: about (dv/sigma)^2 (d/sigma)^2 / 48 relative, i.e. < 0.5 % at BER 1e-15).
GRID_STEPS_PER_SIGMA = 32
#: Largest ISI grid; above it the step grows (recorded in the result).
MAX_GRID_POINTS = 1 << 18
_MAPPINGS = ("gray", "natural")


# ---- the response model ----------------------------------------------------------------
@dataclass(frozen=True)
class SymbolResponse:
    """Validated symbol responses, padded with one UI of zeros on each side.

    ``table``: ``(M, L)`` per-level or ``(M, M, L)`` per-transition ``[previous, current]``
    responses, V (a linear pulse is stored per level); ``samples_per_ui``: samples per UI;
    ``main_sample``: index (in ``table``) of the main cursor at phase 0; ``levels``: symbol
    values, V per unit response (needed for explicit DFE taps; ``None`` if not given);
    ``kind``: ``"linear"``, ``"level"`` or ``"transition"``.
    """

    table: np.ndarray
    samples_per_ui: int
    main_sample: int
    levels: np.ndarray | None
    kind: str

    @property
    def n_levels(self) -> int:
        """Number of PAM levels M."""
        return int(self.table.shape[0])

    def cursor_tables(self, phase_samples: int) -> tuple[np.ndarray, int]:
        """Contributions per cursor at ``phase_samples`` (samples from the main cursor):
        ``(n_cursors, M)`` or ``(n_cursors, M, M)``, V, and the index of the main cursor."""
        sps = self.samples_per_ui
        length = self.table.shape[-1]
        c = self.main_sample + int(phase_samples)
        n_min = -(c // sps)
        n_max = (length - 1 - c) // sps
        idx = c + sps * np.arange(n_min, n_max + 1)
        return np.moveaxis(self.table[..., idx], -1, 0), -n_min


def symbol_response(
    response: Any,
    *,
    samples_per_ui: int,
    levels: Any = None,
    main_sample: int | None = None,
) -> SymbolResponse:
    """Validate a response model (see the module notes) and return a :class:`SymbolResponse`.

    ``response``: ``(L,)`` pulse (requires ``levels``), ``(M, L)`` per-level or ``(M, M, L)``
    per-transition responses, V, sampled at ``samples_per_ui`` samples per UI;
    ``levels``: the M symbol values (V per unit pulse, strictly increasing); ``main_sample``:
    index of the main cursor (default: the sample of largest magnitude of the mean response).
    """
    sps = int(check_number("statistical_ber.samples_per_ui", samples_per_ui, lo=1, hi=4096, integer=True))
    r = np.asarray(check_number("statistical_ber.response", response, unit="V"))
    lv = None
    if levels is not None:
        lv = np.asarray(check_number("statistical_ber.levels", levels, unit="V"))
        if lv.ndim != 1 or lv.size < 2:
            raise ConfigError("statistical_ber.levels", lv, "must be a 1-D array of the M >= 2 symbol values")
        if np.any(np.diff(lv) <= 0):
            raise ConfigError("statistical_ber.levels", lv, "must increase strictly")
    if r.ndim == 1:
        if lv is None:
            raise ConfigError("statistical_ber.levels", None, "is required with a 1-D pulse response (the symbol values)")
        table = lv[:, None] * r[None, :]
        kind = "linear"
    elif r.ndim == 2:
        table, kind = r, "level"
    elif r.ndim == 3:
        if r.shape[0] != r.shape[1]:
            raise ConfigError("statistical_ber.response", r.shape, "per-transition responses must have shape (M, M, L)")
        table, kind = r, "transition"
    else:
        raise ConfigError("statistical_ber.response", r.shape, "must have shape (L,), (M, L) or (M, M, L)")
    m = table.shape[0]
    if m < 2 or m & (m - 1):
        raise ConfigError("statistical_ber.response", m, "levels is not a power of two >= 2 (M-PAM carries whole bits)")
    if lv is not None and lv.size != m:
        raise ConfigError("statistical_ber.levels", lv.size, f"values given; the response has M = {m} levels")
    if table.shape[-1] < 1:
        raise ConfigError("statistical_ber.response", r.shape, "is empty")
    mean = table.reshape(-1, table.shape[-1])
    mean = mean.max(axis=0) - mean.min(axis=0)
    if not np.any(mean > 0):
        raise ConfigError("statistical_ber.response", "all equal", "carries no signal: every symbol gives the same response")
    if main_sample is None:
        main = int(np.argmax(mean))
    else:
        main = int(check_number("statistical_ber.main_sample", main_sample, lo=0, hi=table.shape[-1] - 1, integer=True))
    pad = [(0, 0)] * (table.ndim - 1) + [(sps, sps)]
    return SymbolResponse(np.pad(table.astype(float), pad), sps, main + sps, lv, kind)


def responses_from_edge_responses(edges: Any, *, levels: Any, samples_per_ui: int, edge_sample: int) -> np.ndarray:
    """Per-transition responses ``(M, M, L)`` from transition step responses (CPS-SGM-09).

    ``edges[p, c]``: output change, V, after a transition from level ``p`` to level ``c`` at
    sample ``edge_sample`` (a symbol boundary), sampled at ``samples_per_ui`` over ``L``
    samples; it must settle to ``levels[c] - levels[p]`` by its last sample, and
    ``edges[p, p]`` must be 0. With ``y(t) = sum_n E[a_{n-1}, a_n](t - nT)`` (plus the first
    level) the finite-support per-transition response is
    ``R[p, c](t) = levels[c] rect(t) + E[p, c](t) - (levels[c] - levels[p]) u(t - t_edge)``.
    """
    e = np.asarray(check_number("responses_from_edge_responses.edges", edges, unit="V"))
    lv = np.asarray(check_number("responses_from_edge_responses.levels", levels, unit="V"))
    sps = int(check_number("responses_from_edge_responses.samples_per_ui", samples_per_ui, lo=1, integer=True))
    if e.ndim != 3 or e.shape[0] != e.shape[1] or lv.shape != (e.shape[0],):
        raise ConfigError("responses_from_edge_responses.edges", e.shape, "must have shape (M, M, L) with M = len(levels)")
    length = e.shape[-1]
    t0 = int(check_number("responses_from_edge_responses.edge_sample", edge_sample, lo=0, hi=length - sps, integer=True))
    scale = float(np.max(np.abs(lv))) or 1.0
    delta = lv[None, :] - lv[:, None]
    if np.any(np.abs(e[..., -1] - delta) > 1e-3 * scale):
        raise ConfigError(
            "responses_from_edge_responses.edges", e[..., -1], "have not settled to levels[c] - levels[p] at their last sample; give longer step responses"
        )
    diag = e[np.arange(lv.size), np.arange(lv.size)]
    if np.any(np.abs(diag) > 1e-9 * scale):
        raise ConfigError("responses_from_edge_responses.edges", "diagonal", "edges[p, p] must be 0 (no transition, no change)")
    n = np.arange(length)
    step = (n >= t0).astype(float)
    rect = ((n >= t0) & (n < t0 + sps)).astype(float)
    return lv[None, :, None] * rect + e - delta[..., None] * step


# ---- distributions on a voltage grid -----------------------------------------------------
def _shift_add(pmf: np.ndarray, shifts: np.ndarray, weight: float) -> np.ndarray:
    """``weight * sum_s pmf`` moved by ``shifts[s]`` grid steps (>= 0, linear splitting)."""
    n = pmf.shape[-1]
    out = np.zeros(pmf.shape[:-1] + (n + int(math.floor(float(shifts.max()))) + 2,))
    for sh in np.asarray(shifts, dtype=float).ravel():
        k = int(math.floor(sh))
        f = sh - k
        out[..., k : k + n] += (weight * (1.0 - f)) * pmf
        if f > 0.0:
            out[..., k + 1 : k + 1 + n] += (weight * f) * pmf
    return out


def _trim(pmf: np.ndarray) -> np.ndarray:
    nz = np.flatnonzero(pmf.reshape(-1, pmf.shape[-1]).any(axis=0))
    return pmf[..., : (nz[-1] + 1 if nz.size else 1)]


def _independent_isi(tables: np.ndarray, main: int, dv: float) -> tuple[float, np.ndarray]:
    """Distribution of the sum of the non-main cursors: ``(lowest value V, pmf on grid dv)``."""
    m = tables.shape[1]
    lo, pmf = 0.0, np.ones(1)
    for n, row in enumerate(tables):
        if n == main:
            continue
        rmin = float(row.min())
        lo += rmin
        if np.any(row != rmin):  # a constant row only shifts the grid
            pmf = _trim(_shift_add(pmf, (row - rmin) / dv, 1.0 / m))
    return lo, pmf


def _markov_pass(tables: Sequence[np.ndarray], dv: float, m: int, forward: bool) -> tuple[float, np.ndarray]:
    """Per-state distributions ``(M, G)`` after a forward or backward pass over ``tables``
    (each ``T[previous, current]``, V); initial mass ``1/M`` (forward) or 1 (backward)."""
    lo = 0.0
    pmf = np.full((m, 1), 1.0 / m if forward else 1.0)
    for t in tables:
        tmin = float(t.min())
        lo += tmin
        sh = (t - tmin) / dv
        n = pmf.shape[1]
        new = np.zeros((m, n + int(math.floor(float(sh.max()))) + 2))
        for a in range(m):
            for b in range(m):
                # t[b, a]: contribution of current symbol a whose previous symbol is b.
                # forward: state a (current) -> new state b (the drawn previous symbol);
                # backward: state b (previous, a later cursor) -> new state a (current).
                src, dst = (a, b) if forward else (b, a)
                k = int(math.floor(float(sh[b, a])))
                f = float(sh[b, a]) - k
                new[dst, k : k + n] += ((1.0 - f) / m) * pmf[src]
                if f > 0.0:
                    new[dst, k + 1 : k + 1 + n] += (f / m) * pmf[src]
        pmf = _trim(new)
    return lo, pmf


def conditional_distributions(
    resp: SymbolResponse, phase_samples: int, dv: float, dfe_taps: int | np.ndarray = 0
) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each symbol s: the decision sample's noise-free distribution given ``a_0 = s`` as
    ``(values V, probabilities)`` (non-zero atoms only; the main cursor exact, ISI on grid dv).
    """
    tables, main = resp.cursor_tables(phase_samples)
    tables = _apply_dfe(tables, main, dfe_taps, resp)
    m = resp.n_levels
    out = []
    if tables.ndim == 2:
        offsets = tables[main]
        lo, pmf = _independent_isi(tables, main, dv)
        nz = np.flatnonzero(pmf)
        grid = lo + nz * dv
        for s in range(m):
            out.append((offsets[s] + grid, pmf[nz]))
        return out
    t_main = tables[main]
    offsets = t_main.mean(axis=0)
    dev = list(tables)
    dev[main] = t_main - offsets[None, :]
    lo_f, fwd = _markov_pass(dev[:main], dv, m, forward=True)
    lo_b, bwd = _markov_pass(dev[main:][::-1], dv, m, forward=False)
    for s in range(m):
        pmf = np.convolve(fwd[s], bwd[s]) * m
        nz = np.flatnonzero(pmf > 0)
        out.append((offsets[s] + lo_f + lo_b + nz * dv, pmf[nz]))
    return out


def _apply_dfe(tables: np.ndarray, main: int, dfe_taps: int | np.ndarray, resp: SymbolResponse) -> np.ndarray:
    if np.ndim(dfe_taps) == 0:
        n = int(dfe_taps)
        if n == 0:
            return tables
        tables = tables.copy()
        tables[main + 1 : main + 1 + n] = 0.0
        return tables
    taps = np.asarray(dfe_taps, dtype=float)
    if resp.levels is None:
        raise ConfigError("statistical_ber.levels", None, "is required with explicit dfe_taps (the DFE subtracts tap x level)")
    tables = tables.copy()
    for k, c in enumerate(taps, start=1):
        if main + k < tables.shape[0]:
            tables[main + k] = tables[main + k] - c * resp.levels  # broadcasts over [prev, cur]
    return tables


def _check_dfe(dfe_taps: Any) -> int | np.ndarray:
    if np.ndim(dfe_taps) == 0:
        return int(check_number("statistical_ber.dfe_taps", dfe_taps, lo=0, hi=1000, integer=True))
    arr = np.asarray(check_number("statistical_ber.dfe_taps", dfe_taps, unit="V"))
    if arr.ndim != 1:
        raise ConfigError("statistical_ber.dfe_taps", arr.shape, "must be a count of ideal taps or a 1-D array of tap values")
    return arr


# ---- BER from conditional distributions plus Gaussian noise -------------------------------
def _tail(values: np.ndarray, probs: np.ndarray, sigma: float, t: np.ndarray, upper: bool) -> np.ndarray:
    """``P(y > t)`` (upper) or ``P(y < t)`` for the atoms plus Gaussian noise, at each ``t``."""
    d = (t[:, None] - values[None, :]) if upper else (values[None, :] - t[:, None])
    return special.erfc(d * (1.0 / (sigma * _SQRT2))) @ probs * 0.5


def _weights(m: int, mapping: str) -> np.ndarray:
    """``w[s, k]``: weight of the tail of level s past threshold k (summation by parts of the
    Hamming distances; as in :mod:`cposim.link.ber`)."""
    h = hamming_matrix(m, mapping).astype(float)
    w = np.empty((m, m - 1))
    for s in range(m):
        for k in range(m - 1):
            w[s, k] = h[s, k + 1] - h[s, k] if k >= s else h[s, k] - h[s, k + 1]
    return w


def _threshold_cost(k: int, dists, sigmas, w: np.ndarray, t: np.ndarray) -> np.ndarray:
    total = np.zeros(t.shape)
    for s, (v, p) in enumerate(dists):
        if w[s, k] != 0.0:
            total += w[s, k] * _tail(v, p, sigmas[s], t, upper=k >= s)
    return total


def _optimal_threshold(k: int, dists, sigmas, w: np.ndarray, lo: float, hi: float, dv: float) -> float:
    if not hi > lo:
        return 0.5 * (lo + hi)
    grid = np.linspace(lo, hi, 35)[1:-1]
    cost = _threshold_cost(k, dists, sigmas, w, grid)
    if not np.any(cost > 0):  # below ~1e-308 everywhere: any point of the flat region
        return 0.5 * (lo + hi)
    i = int(np.argmin(np.where(cost > 0, cost, np.inf)))
    a = grid[i - 1] if i > 0 else lo
    b = grid[i + 1] if i + 1 < grid.size else hi

    def f(x: float) -> float:
        c = float(_threshold_cost(k, dists, sigmas, w, np.array([x]))[0])
        return math.log(c) if c > 0 else -745.0

    res = optimize.minimize_scalar(f, bounds=(a, b), method="bounded", options={"xatol": max(dv * 1e-3, (hi - lo) * 1e-9)})
    return float(res.x) if f(float(res.x)) <= f(grid[i]) else float(grid[i])


def _resolve_sigmas(noise_sigma: Any, m: int, name: str) -> np.ndarray:
    sg = np.asarray(check_number(f"{name}.noise_sigma", noise_sigma, unit="V", lo=0.0, lo_open=True), dtype=float)
    if sg.ndim == 0:
        return np.full(m, float(sg))
    if sg.shape != (m,):
        raise ConfigError(f"{name}.noise_sigma", sg.shape, f"must be a scalar or one sigma per level (M = {m})")
    return sg


def ber_with_gaussian_noise(
    distributions: Sequence[tuple[np.ndarray, np.ndarray]],
    noise_sigma: Any,
    *,
    thresholds: Any = "optimal",
    mapping: str = "gray",
    resolution_v: float | None = None,
) -> tuple[float, float, np.ndarray, np.ndarray]:
    """BER, SER, thresholds (V) and conditional means (V) of M-PAM decisions.

    ``distributions[s] = (values V, probabilities)``: the noise-free decision sample given
    symbol ``s`` (probabilities sum to 1; from :func:`conditional_distributions` or from
    captured samples); ``noise_sigma``: Gaussian noise sigma, V, scalar or per symbol;
    ``thresholds``: ``"optimal"`` (each threshold minimises its own BER terms),
    ``"midpoint"`` (between conditional means) or an array of M-1 values, V;
    ``mapping``: ``"gray"`` or ``"natural"`` bit labels; ``resolution_v``: threshold search
    tolerance scale, V. Symbols are equiprobable.
    """
    m = len(distributions)
    check_choice("ber_with_gaussian_noise.mapping", mapping, _MAPPINGS)
    sig = _resolve_sigmas(noise_sigma, m, "ber_with_gaussian_noise")
    means = np.array([float(np.dot(v, p) / np.sum(p)) for v, p in distributions])
    order = np.sort(means)
    w = _weights(m, mapping)
    res = float(resolution_v) if resolution_v else float(np.ptp(order) or 1.0) * 1e-6
    if isinstance(thresholds, str):
        check_choice("ber_with_gaussian_noise.thresholds", thresholds, ("optimal", "midpoint"))
        if thresholds == "midpoint":
            th = 0.5 * (order[:-1] + order[1:])
        else:
            th = np.array([_optimal_threshold(k, distributions, sig, w, order[k], order[k + 1], res) for k in range(m - 1)])
    else:
        th = np.asarray(check_number("ber_with_gaussian_noise.thresholds", thresholds, unit="V"), dtype=float).reshape(-1)
        if th.size != m - 1 or np.any(np.diff(th) < 0):
            raise ConfigError("ber_with_gaussian_noise.thresholds", th, f"must hold M - 1 = {m - 1} non-decreasing values")
    ber = sum(float(_threshold_cost(k, distributions, sig, w, th[k : k + 1])[0]) for k in range(m - 1))
    ber /= m * math.log2(m)
    ser = 0.0
    for s, (v, p) in enumerate(distributions):
        if s > 0:
            ser += float(_tail(v, p, sig[s], th[s - 1 : s], upper=False)[0])
        if s < m - 1:
            ser += float(_tail(v, p, sig[s], th[s : s + 1], upper=True)[0])
    ser /= m
    return float(require_finite("statistical BER", max(ber, 0.0))), float(require_finite("statistical SER", ser)), th, means


# ---- public entry points ----------------------------------------------------------------
@dataclass(frozen=True)
class StatisticalBer:
    """Statistical BER of a link (all voltages in V, phases in UI from the main-cursor sample).

    ``ber``, ``ser``: at the optimal phase and thresholds; ``phase_ui``: that phase;
    ``thresholds_v``: its M-1 thresholds; ``level_means_v``: conditional means of the decision
    sample there; ``phases_ui``, ``ber_vs_phase``, ``ser_vs_phase``: every evaluated phase
    (the statistical bathtub); ``voltage_step_v``: the ISI grid step used.
    """

    ber: float
    ser: float
    phase_ui: float
    thresholds_v: np.ndarray
    level_means_v: np.ndarray
    phases_ui: np.ndarray
    ber_vs_phase: np.ndarray
    ser_vs_phase: np.ndarray
    voltage_step_v: float


def _phase_offsets(sps: int, phases: Any) -> np.ndarray:
    if phases is None:
        return np.arange(-(sps // 2), sps - sps // 2)
    ph = np.atleast_1d(np.asarray(check_number("statistical_ber.phases", phases, lo=-(sps // 2), hi=sps - sps // 2 - 1, integer=True))).astype(int)
    return ph


def _grid_step(resp: SymbolResponse, sig: np.ndarray, offsets: np.ndarray, voltage_step_v: float | None) -> float:
    if voltage_step_v is not None:
        return float(check_number("statistical_ber.voltage_step_v", voltage_step_v, unit="V", lo=0.0, lo_open=True))
    span = 0.0
    for k in offsets:
        tables, _ = resp.cursor_tables(int(k))
        flat = tables.reshape(tables.shape[0], -1)
        span = max(span, float(np.sum(flat.max(axis=1) - flat.min(axis=1))))
    return max(float(sig.min()) / GRID_STEPS_PER_SIGMA, span / MAX_GRID_POINTS)


def statistical_ber(
    response: Any,
    *,
    samples_per_ui: int,
    noise_sigma: Any,
    levels: Any = None,
    main_sample: int | None = None,
    dfe_taps: Any = 0,
    phases: Any = None,
    thresholds: Any = "optimal",
    mapping: str = "gray",
    voltage_step_v: float | None = None,
) -> StatisticalBer:
    """Statistical BER at the optimal sampling phase and thresholds (module notes).

    ``response``: ``(L,)``, ``(M, L)`` or ``(M, M, L)`` responses, V, at ``samples_per_ui``
    samples per UI; ``noise_sigma``: Gaussian noise sigma at the decision, V (scalar or per
    transmitted level); ``levels``: symbol values for a 1-D pulse (and for explicit DFE taps);
    ``main_sample``: main-cursor sample (default: the response peak); ``dfe_taps``: number of
    ideally cancelled post-cursors, or explicit tap values (V per unit level); ``phases``:
    sample offsets from the main cursor to evaluate (default: all ``samples_per_ui`` of one
    UI); ``thresholds``: ``"optimal"``, ``"midpoint"`` or M-1 values (V); ``mapping``:
    ``"gray"``/``"natural"``; ``voltage_step_v``: ISI grid step (default ``min sigma / 32``).
    """
    resp = symbol_response(response, samples_per_ui=samples_per_ui, levels=levels, main_sample=main_sample)
    dfe = _check_dfe(dfe_taps)
    sig = _resolve_sigmas(noise_sigma, resp.n_levels, "statistical_ber")
    offsets = _phase_offsets(resp.samples_per_ui, phases)
    dv = _grid_step(resp, sig, offsets, voltage_step_v)
    result, _ = _evaluate(resp, sig, offsets, dv, dfe, thresholds, mapping)
    return result


def _evaluate(resp: SymbolResponse, sig: np.ndarray, offsets: np.ndarray, dv: float, dfe, thresholds: Any, mapping: str):
    """:class:`StatisticalBer` over ``offsets`` and the conditional distributions per phase."""
    bers, sers, ths, means, dists_all = [], [], [], [], []
    for k in offsets:
        dists = conditional_distributions(resp, int(k), dv, dfe)
        b, s, th, mu = ber_with_gaussian_noise(dists, sig, thresholds=thresholds, mapping=mapping, resolution_v=dv)
        bers.append(b), sers.append(s), ths.append(th), means.append(mu), dists_all.append(dists)
    bers_a = np.array(bers)
    # best phase; ties (e.g. all 0 below 1e-308) go to the phase nearest the main cursor
    best = int(np.lexsort((np.abs(offsets), bers_a))[0])
    result = StatisticalBer(
        ber=float(bers_a[best]),
        ser=float(sers[best]),
        phase_ui=float(offsets[best]) / resp.samples_per_ui,
        thresholds_v=ths[best],
        level_means_v=means[best],
        phases_ui=offsets / resp.samples_per_ui,
        ber_vs_phase=bers_a,
        ser_vs_phase=np.array(sers),
        voltage_step_v=dv,
    )
    return result, dists_all


@dataclass(frozen=True)
class StatisticalEye:
    """2-D statistical eye: error probability over sampling phase x decision voltage.

    ``phases_ui`` (n_p,), ``voltages_v`` (n_v,); ``probability[i, j]``: probability that a
    decision with its threshold at ``voltages_v[j]`` and phase ``phases_ui[i]`` is wrong,
    ``(1/M) sum_s P(sample of s on the far side of v from its mean)``; ``level_means_v``
    (n_p, M); ``thresholds_v``: optimal thresholds at the best phase (M-1,);
    ``probability_at_thresholds`` (n_p, M-1): the same probability at those thresholds.
    """

    phases_ui: np.ndarray
    voltages_v: np.ndarray
    probability: np.ndarray
    level_means_v: np.ndarray
    thresholds_v: np.ndarray
    probability_at_thresholds: np.ndarray

    def eye_heights_v(self, target: float) -> np.ndarray:
        """Vertical opening of each of the M-1 eyes, V, at the best phase where the
        probability stays <= ``target`` (0 where the eye is closed at that level)."""
        t = float(check_number("StatisticalEye.target", target, lo=0.0, lo_open=True, hi=1.0))
        i = int(np.argmin(self.probability_at_thresholds.max(axis=1)))
        col, v = self.probability[i], self.voltages_v
        out = []
        for k, th in enumerate(self.thresholds_v):
            j = int(np.argmin(np.abs(v - th)))
            if col[j] > t:
                out.append(0.0)
                continue
            a = j
            while a > 0 and col[a - 1] <= t:
                a -= 1
            b = j
            while b + 1 < v.size and col[b + 1] <= t:
                b += 1
            out.append(float(v[b] - v[a]))
        return np.array(out)

    def eye_widths_ui(self, target: float) -> np.ndarray:
        """Horizontal opening of each eye, UI, at its optimal threshold where the probability
        stays <= ``target`` (contiguous phases around the best one; 0 if closed)."""
        t = float(check_number("StatisticalEye.target", target, lo=0.0, lo_open=True, hi=1.0))
        p = self.probability_at_thresholds
        step = float(self.phases_ui[1] - self.phases_ui[0]) if self.phases_ui.size > 1 else 1.0
        out = []
        for k in range(p.shape[1]):
            col = p[:, k]
            i = int(np.argmin(col))
            if col[i] > t:
                out.append(0.0)
                continue
            a, b = i, i
            while a > 0 and col[a - 1] <= t:
                a -= 1
            while b + 1 < col.size and col[b + 1] <= t:
                b += 1
            out.append(min(1.0, (b - a + 1) * step))
        return np.array(out)


def _rebin(values: np.ndarray, probs: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Atoms moved onto at most ``n`` grid points (linear splitting keeps the mean)."""
    if values.size <= n:
        return values, probs
    lo, hi = float(values.min()), float(values.max())
    step = (hi - lo) / (n - 1)
    x = (values - lo) / step
    k = np.minimum(np.floor(x).astype(int), n - 2)
    f = x - k
    out = np.bincount(k, probs * (1 - f), minlength=n) + np.bincount(k + 1, probs * f, minlength=n)
    grid = lo + step * np.arange(n)
    nz = out > 0
    return grid[nz], out[nz]


def statistical_eye(
    response: Any,
    *,
    samples_per_ui: int,
    noise_sigma: Any,
    levels: Any = None,
    main_sample: int | None = None,
    dfe_taps: Any = 0,
    n_voltages: int = 201,
    voltage_range_v: tuple[float, float] | None = None,
    voltage_step_v: float | None = None,
    max_atoms: int = 1024,
) -> StatisticalEye:
    """Statistical eye contour over phase x voltage (same model arguments as
    :func:`statistical_ber`); ``n_voltages``: points on the voltage axis; ``voltage_range_v``:
    ``(low, high)`` V (default: the signal range plus 3 sigma); ``max_atoms``: each conditional
    distribution is re-binned to at most this many points for the map (the thresholds and
    ``probability_at_thresholds`` use the full distributions)."""
    resp = symbol_response(response, samples_per_ui=samples_per_ui, levels=levels, main_sample=main_sample)
    dfe = _check_dfe(dfe_taps)
    m = resp.n_levels
    sig = _resolve_sigmas(noise_sigma, m, "statistical_eye")
    nv = int(check_number("statistical_eye.n_voltages", n_voltages, lo=3, hi=100000, integer=True))
    na = int(check_number("statistical_eye.max_atoms", max_atoms, lo=8, hi=1 << 20, integer=True))
    offsets = _phase_offsets(resp.samples_per_ui, None)
    dv = _grid_step(resp, sig, offsets, voltage_step_v)
    best, all_d = _evaluate(resp, sig, offsets, dv, dfe, "optimal", "gray")
    means = np.array([[float(np.dot(v, p)) for v, p in d] for d in all_d])
    if voltage_range_v is None:
        lo = min(float(v.min()) for d in all_d for v, _ in d) - 3 * float(sig.max())
        hi = max(float(v.max()) for d in all_d for v, _ in d) + 3 * float(sig.max())
    else:
        lo, hi = (float(check_number("statistical_eye.voltage_range_v", x, unit="V")) for x in voltage_range_v)
        if not hi > lo:
            raise ConfigError("statistical_eye.voltage_range_v", (lo, hi), "must be (low, high) with high > low")
    volts = np.linspace(lo, hi, nv)
    prob = np.zeros((offsets.size, nv))
    for i, d in enumerate(all_d):
        for s, (v, p) in enumerate(d):
            vr, pr = _rebin(v, p, na)
            above = volts > means[i, s]
            if np.any(above):
                prob[i, above] += _tail(vr, pr, sig[s], volts[above], upper=True)
            if np.any(~above):
                prob[i, ~above] += _tail(vr, pr, sig[s], volts[~above], upper=False)
    prob /= m
    at_th = np.zeros((offsets.size, m - 1))
    for i, d in enumerate(all_d):
        for k, th in enumerate(best.thresholds_v):
            for s, (v, p) in enumerate(d):
                upper = means[i, s] < th
                at_th[i, k] += float(_tail(v, p, sig[s], np.array([th]), upper=upper)[0])
    at_th /= m
    return StatisticalEye(offsets / resp.samples_per_ui, volts, require_finite("statistical eye", prob), means, best.thresholds_v, at_th)

