"""TDECQ (transmitter and dispersion eye closure quaternary) of a PAM4 optical waveform.

Definition (IEEE Std 802.3 Clause 121.8.5; CPS-SGM-01 .. CPS-SGM-04): the optical waveform
passes a reference receiver (4th-order Bessel-Thomson response, 3 dB bandwidth half the
signalling rate) and a reference equalizer (5-tap T-spaced FFE whose taps sum to 1, adjusted
to minimise TDECQ). Two vertical histograms, 0.04 UI wide, are taken at +/- 0.05 UI around
the time centre of the eye; thresholds sit at ``P_ave - OMA_outer/3``, ``P_ave``,
``P_ave + OMA_outer/3``. ``sigma_G`` is the largest Gaussian noise sigma that can be added
(at the equalizer input) while the symbol error ratio of *both* histograms stays at or below
the target ``SER_t = 4.8e-4`` and::

    TDECQ = 10 log10( sigma_ideal / sqrt(sigma_G^2 + sigma_S^2) ),
    sigma_ideal = OMA_outer / (6 Q_t),   Q_t = 3.414   (1.5 Q(Q_t) = SER_t)

``sigma_S`` is the noise already present in the waveform (the scope's; 0 for a simulated,
noise-free waveform). An ideal transmitter (equally spaced, settled levels, no ISI) has
TDECQ = 0 dB. The noise enhancement of the equalizer enters through
``C_eq = sqrt(integral |H_rx H_eq|^2 / integral |H_rx|^2)``: the noise is added before the
equalizer, so the decision sees ``C_eq sigma_G`` (802.3cd/cu; the result also gives
``TDECQ - 10 log10(C_eq)``).

Simplifications, each a choice a measurement instrument also has to make:

1. The waveform is a whole number of pattern periods (periodic); the receiver filter is
   applied in the frequency domain with the exact analog Bessel-Thomson response.
2. The transmitted symbols are known (pattern lock), so each histogram sample is labelled with
   its symbol and its error probability is the Gaussian tail past *its* decision region
   (the standard splits unlabelled histograms at the thresholds; the two agree while the
   noise-free eye is open).
3. OMA_outer is ``P3 - P0`` of the settled levels, read at the centre of runs of
   ``run_symbols`` identical symbols of the same pattern (the standard uses a square wave);
   ``P_ave`` is the waveform mean.
4. The time centre is the circular mean of the crossing times of the middle threshold on the
   equalized waveform plus 0.5 UI (re-evaluated once after the taps are found); each window is
   sampled at evenly spaced instants by linear interpolation between waveform samples.
5. The taps start from the constrained least-squares fit of the settled levels at the centre
   (for every position of the main tap) and are refined by Nelder-Mead on TDECQ, started
   with a simplex of 0.05 per tap and restarted once at 0.01 (a small default simplex leaves
   taps that start at zero unexplored): still a local optimum, as in instruments. The thresholds are not adjusted (802.3cu/dj allow that).
6. ``C_eq`` assumes the added noise has the reference receiver's spectrum (white before it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import integrate, optimize, signal, special

from cposim.errors import ConfigError, PhysicsError
from cposim.signal.metrics import check_waveform, steady_state_levels, symbol_delay_samples
from cposim.validation import check_number

__all__ = [
    "HISTOGRAM_OFFSET_UI",
    "HISTOGRAM_WIDTH_UI",
    "REFERENCE_FFE_TAPS",
    "SOURCES",
    "TDECQ_Q_T",
    "TDECQ_TARGET_SER",
    "TdecqResult",
    "bessel_thomson_response",
    "noise_enhancement",
    "reference_receiver",
    "tdecq",
]

#: Target symbol error ratio of TDECQ (CPS-SGM-01).
TDECQ_TARGET_SER = 4.8e-4
#: Q value with 1.5 Q(Q_t) = 4.8e-4 (CPS-SGM-01).
TDECQ_Q_T = 3.414
#: Taps of the reference FFE (CPS-SGM-02).
REFERENCE_FFE_TAPS = 5
#: Reference-receiver 3 dB bandwidth over the signalling rate (CPS-SGM-03).
REFERENCE_BANDWIDTH_FRACTION = 0.5
#: Width of each histogram window, UI, and offset of its centre from the eye centre (CPS-SGM-04).
HISTOGRAM_WIDTH_UI = 0.04
HISTOGRAM_OFFSET_UI = 0.05

SOURCES = {
    "target SER, Q_t": ("CPS-SGM-01",),
    "reference equalizer": ("CPS-SGM-02",),
    "reference receiver": ("CPS-SGM-03",),
    "histogram windows, thresholds": ("CPS-SGM-04",),
}


def bessel_thomson_response(frequency_hz: Any, *, bandwidth_hz: float, order: int = 4) -> np.ndarray:
    """Analog Bessel-Thomson low-pass ``H(j 2 pi f)`` (unit DC gain, -3 dB at ``bandwidth_hz``,
    Hz), complex, shape of ``frequency_hz`` (Hz)."""
    f = np.asarray(check_number("bessel_thomson_response.frequency_hz", frequency_hz, unit="Hz", lo=0.0), dtype=float)
    bw = float(check_number("bessel_thomson_response.bandwidth_hz", bandwidth_hz, unit="Hz", lo=0.0, lo_open=True))
    n = int(check_number("bessel_thomson_response.order", order, lo=1, hi=10, integer=True))
    b, a = signal.bessel(n, 2.0 * np.pi * bw, btype="low", analog=True, norm="mag")
    _, h = signal.freqs(b, a, worN=2.0 * np.pi * f.reshape(-1))
    return h.reshape(f.shape)


def reference_receiver(waveform: Any, *, samples_per_ui: int, symbol_rate_baud: float, bandwidth_hz: float | None = None) -> np.ndarray:
    """Waveform after the TDECQ reference receiver (4th-order Bessel-Thomson, default 3 dB
    bandwidth ``0.5 x symbol_rate_baud``; CPS-SGM-03), applied to one period of a periodic
    waveform (units kept, e.g. W)."""
    y = np.asarray(check_number("reference_receiver.waveform", waveform), dtype=float)
    sps = int(check_number("reference_receiver.samples_per_ui", samples_per_ui, lo=1, integer=True))
    baud = float(check_number("reference_receiver.symbol_rate_baud", symbol_rate_baud, unit="Bd", lo=0.0, lo_open=True))
    bw = REFERENCE_BANDWIDTH_FRACTION * baud if bandwidth_hz is None else bandwidth_hz
    f = np.fft.rfftfreq(y.size, d=1.0 / (sps * baud))
    return np.fft.irfft(np.fft.rfft(y) * bessel_thomson_response(f, bandwidth_hz=bw), n=y.size)


def _noise_gram(n_taps: int, samples_per_ui: int, symbol_rate_baud: float, bandwidth_hz: float | None) -> np.ndarray:
    """``G[k, l] = integral w(f) cos(2 pi f (k - l) / baud) df / integral w(f) df`` over
    ``0..fs/2`` with ``w = |H_rx|^2`` (or 1): ``C_eq^2 = c^T G c``."""
    baud = float(symbol_rate_baud)
    f = np.linspace(0.0, 0.5 * samples_per_ui * baud, 4096 * max(1, samples_per_ui) + 1)
    w = np.ones_like(f) if bandwidth_hz is None else np.abs(bessel_thomson_response(f, bandwidth_hz=bandwidth_hz)) ** 2
    lags = np.arange(n_taps)
    r = np.array([integrate.trapezoid(w * np.cos(2.0 * np.pi * f * lag / baud), f) for lag in lags]) / integrate.trapezoid(w, f)
    return r[np.abs(lags[:, None] - lags[None, :])]


def noise_enhancement(taps: Any, *, samples_per_ui: int, symbol_rate_baud: float, bandwidth_hz: float | None) -> float:
    """``C_eq``: rms gain of the T-spaced FFE ``taps`` for noise shaped by the reference
    receiver of 3 dB bandwidth ``bandwidth_hz`` (Hz; ``None``: white noise up to the sampling
    Nyquist frequency, giving ``sqrt(sum taps^2)``), at ``symbol_rate_baud`` (Bd)."""
    c = np.asarray(check_number("noise_enhancement.taps", taps), dtype=float).reshape(-1)
    sps = int(check_number("noise_enhancement.samples_per_ui", samples_per_ui, lo=1, integer=True))
    baud = float(check_number("noise_enhancement.symbol_rate_baud", symbol_rate_baud, unit="Bd", lo=0.0, lo_open=True))
    g = _noise_gram(c.size, sps, baud, bandwidth_hz)
    return float(np.sqrt(max(float(c @ g @ c), 0.0)))


#: Initial Nelder-Mead simplex sizes of the tap search (tap weight per free tap), in order.
SIMPLEX_STEPS = (0.05, 0.01)


@dataclass(frozen=True)
class TdecqResult:
    """TDECQ and what it was computed from (powers in W, times in UI).

    ``tdecq_db``; ``tdecq_minus_ceq_db``: ``TDECQ - 10 log10(C_eq)``; ``ceq``; ``sigma_g_w``:
    the largest added noise (equalizer input) meeting the target in both windows;
    ``sigma_ideal_w``: ``OMA_outer / (6 Q_t)``; ``oma_outer_w``; ``average_power_w``;
    ``levels_w``: settled levels (4,); ``thresholds_w`` (3,); ``taps`` (5,) with ``n_pre``
    pre-cursor taps; ``center_ui``: eye time centre relative to the pulse peak;
    ``ser_left``/``ser_right``: SER of each window at ``sigma_g_w``.
    """

    tdecq_db: float
    tdecq_minus_ceq_db: float
    ceq: float
    sigma_g_w: float
    sigma_ideal_w: float
    oma_outer_w: float
    average_power_w: float
    levels_w: np.ndarray
    thresholds_w: np.ndarray
    taps: np.ndarray
    n_pre: int
    center_ui: float
    ser_left: float
    ser_right: float


def _interp(y: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Periodic linear interpolation of ``y`` at fractional sample positions ``pos``."""
    n = y.size
    i = np.floor(pos).astype(np.int64)
    f = pos - i
    i %= n
    return y[i] * (1.0 - f) + y[(i + 1) % n] * f


def _tap_matrix(y: np.ndarray, pos: np.ndarray, sps: int, n_taps: int, n_pre: int) -> np.ndarray:
    """``X[r, i] = y(pos[r] + (n_pre - i) T)``: equalized value at ``pos`` is ``X @ taps``."""
    return np.stack([_interp(y, pos + (n_pre - i) * sps) for i in range(n_taps)], axis=-1)


def _equalize(y: np.ndarray, taps: np.ndarray, sps: int, n_pre: int) -> np.ndarray:
    return sum(c * np.roll(y, -(n_pre - i) * sps) for i, c in enumerate(taps))


def _crossing_center(z: np.ndarray, threshold: float, sps: int, ref: float) -> float:
    """Eye time centre (fractional sample index near ``ref``): circular mean of the crossing
    times of ``threshold`` plus half a UI."""
    a = z - threshold
    nxt = np.roll(a, -1)
    idx = np.flatnonzero((a < 0) != (nxt < 0))
    if idx.size == 0:
        raise PhysicsError("TDECQ: the waveform never crosses the middle threshold")
    t = idx + a[idx] / (a[idx] - nxt[idx])
    ang = 2.0 * np.pi * (t - ref) / sps
    phase = math.atan2(float(np.sin(ang).mean()), float(np.cos(ang).mean())) * sps / (2.0 * np.pi)
    return ref + (phase + sps) % sps - 0.5 * sps  # crossing + half a UI, wrapped to +/- UI/2


class _Windows:
    """Labelled histogram samples of the two windows and the SER machinery."""

    def __init__(self, y, s, sps, center, n_taps, n_pre, thresholds, width_ui, offset_ui, oma):
        n = s.size
        n_pts = max(2, int(math.ceil(width_ui * sps)) + 1)
        inst = np.linspace(-0.5 * width_ui, 0.5 * width_ui, n_pts) * sps
        base = center + sps * np.arange(n)
        self.x = []
        for sign in (-1.0, 1.0):
            pos = (base[:, None] + sign * offset_ui * sps + inst[None, :]).reshape(-1)
            self.x.append(_tap_matrix(y, pos, sps, n_taps, n_pre))
        lab = np.repeat(s, n_pts)
        th = np.concatenate(([-np.inf], thresholds, [np.inf]))
        self.groups = [(lab == k, th[k], th[k + 1]) for k in range(thresholds.size + 1)]
        self.bin = oma / 4096.0
        self.n = lab.size

    def atoms(self, taps: np.ndarray, k: int):
        """Histogram (linear splitting on a fine grid) of window ``k`` per decision region:
        ``(values, weights, lower thresholds, upper thresholds)``, weights summing to 1."""
        z = self.x[k] @ taps
        parts = []
        for sel, lo_t, hi_t in self.groups:
            v = z[sel]
            base = float(v.min())
            xf = (v - base) / self.bin
            i = np.floor(xf).astype(np.int64)
            f = xf - i
            n = int(i.max()) + 2
            w = np.bincount(i, 1.0 - f, minlength=n) + np.bincount(i + 1, f, minlength=n)
            nz = np.flatnonzero(w > 0)
            parts.append((base + nz * self.bin, w[nz], lo_t, hi_t))
        vals = np.concatenate([p[0] for p in parts])
        wts = np.concatenate([p[1] for p in parts]) / self.n
        lows = np.concatenate([np.full(p[0].size, p[2]) for p in parts])
        highs = np.concatenate([np.full(p[0].size, p[3]) for p in parts])
        return vals, wts, lows, highs

    @staticmethod
    def ser(atoms, sigma: float) -> float:
        v, w, lo, hi = atoms
        k = 1.0 / (sigma * math.sqrt(2.0))
        return float(0.5 * np.dot(w, special.erfc((v - lo) * k) + special.erfc((hi - v) * k)))


def _sigma_at_target(atoms, target: float, scale: float) -> float | None:
    """Largest decision-noise sigma with SER <= target (``None`` if even no noise fails)."""
    if _Windows.ser(atoms, 1e-9 * scale) >= target:
        return None
    hi = scale
    while _Windows.ser(atoms, hi) < target:
        hi *= 2.0
    return float(optimize.brentq(lambda s: math.log(max(_Windows.ser(atoms, s), 1e-300) / target), 1e-9 * scale, hi,
                                 xtol=1e-9 * scale, rtol=1e-8))


def tdecq(
    waveform_w: Any,
    symbols: Any,
    *,
    samples_per_ui: int,
    symbol_rate_baud: float,
    apply_reference_receiver: bool = True,
    n_taps: int = REFERENCE_FFE_TAPS,
    optimize_taps: bool = True,
    target_ser: float = TDECQ_TARGET_SER,
    window_offset_ui: float = HISTOGRAM_OFFSET_UI,
    window_width_ui: float = HISTOGRAM_WIDTH_UI,
    scope_noise_sigma_w: float = 0.0,
    run_symbols: int = 5,
) -> TdecqResult:
    """TDECQ of a periodic PAM4 optical waveform (module notes for the method and its
    simplifications).

    ``waveform_w``: optical power, W, ``len(symbols) * samples_per_ui`` samples (one pattern
    period or several); ``symbols``: transmitted levels 0..3; ``symbol_rate_baud``: Bd;
    ``apply_reference_receiver``: filter with the Bessel-Thomson reference receiver first;
    ``n_taps``: reference FFE length (5, CPS-SGM-02); ``optimize_taps``: refine the
    least-squares taps by minimising TDECQ; ``target_ser`` (CPS-SGM-01); ``window_offset_ui``,
    ``window_width_ui`` (CPS-SGM-04); ``scope_noise_sigma_w``: noise already in the waveform,
    W; ``run_symbols``: run length for the settled levels.

    Raises:
        PhysicsError: an eye that misses the target SER even without added noise (closed).
    """
    w, s, sps, m = check_waveform(waveform_w, symbols, samples_per_ui, "tdecq", 4)
    baud = float(check_number("tdecq.symbol_rate_baud", symbol_rate_baud, unit="Bd", lo=0.0, lo_open=True))
    nt = int(check_number("tdecq.n_taps", n_taps, lo=1, hi=31, integer=True))
    ser_t = float(check_number("tdecq.target_ser", target_ser, lo=0.0, lo_open=True, hi=0.5))
    off = float(check_number("tdecq.window_offset_ui", window_offset_ui, unit="UI", lo=0.0, hi=0.5))
    width = float(check_number("tdecq.window_width_ui", window_width_ui, unit="UI", lo=0.0, lo_open=True, hi=0.5))
    sig_s = float(check_number("tdecq.scope_noise_sigma_w", scope_noise_sigma_w, unit="W", lo=0.0))
    if np.any(w < -1e-12 * max(1.0, float(np.max(np.abs(w))))):
        raise ConfigError("tdecq.waveform_w", float(w.min()), "has negative optical power", unit="W")
    bw = REFERENCE_BANDWIDTH_FRACTION * baud if apply_reference_receiver else None
    y = reference_receiver(w, samples_per_ui=sps, symbol_rate_baud=baud) if apply_reference_receiver else w
    delay = symbol_delay_samples(y, s, samples_per_ui=sps)
    levels = steady_state_levels(y, s, samples_per_ui=sps, delay_samples=delay, run_symbols=run_symbols, n_levels=4)
    oma = float(levels[-1] - levels[0])
    if not oma > 0:
        raise PhysicsError(f"tdecq: OMA_outer {oma:g} W is not positive; the levels are not ordered")
    p_ave = float(y.mean())
    thresholds = p_ave + oma / 3.0 * np.array([-1.0, 0.0, 1.0])
    sigma_ideal = oma / (6.0 * TDECQ_Q_T)

    gram = _noise_gram(nt, sps, baud, bw)

    def evaluate(win: _Windows, taps: np.ndarray) -> tuple[float, float, float, float]:
        ceq = math.sqrt(max(float(taps @ gram @ taps), 1e-300))
        sig = []
        for k in (0, 1):
            st = _sigma_at_target(win.atoms(taps, k), ser_t, oma)
            if st is None:
                return math.inf, ceq, 0.0, 0.0
            sig.append(st)
        sigma_g = min(sig) / ceq
        return 10.0 * math.log10(sigma_ideal / math.hypot(sigma_g, sig_s)), ceq, sigma_g, min(sig)

    def ls_taps(center: float, n_pre: int) -> np.ndarray:
        pos = center + sps * np.arange(s.size)
        x = _tap_matrix(y, pos, sps, nt, n_pre)
        d = levels[s]
        kkt = np.zeros((nt + 1, nt + 1))
        kkt[:nt, :nt] = 2.0 * x.T @ x
        kkt[:nt, nt] = kkt[nt, :nt] = 1.0
        rhs = np.concatenate((2.0 * x.T @ d, [1.0]))
        return np.linalg.lstsq(kkt, rhs, rcond=None)[0][:nt]

    def search(center: float, start: tuple[np.ndarray, int] | None) -> tuple[float, np.ndarray, int, _Windows]:
        candidates = [start] if start is not None else [(ls_taps(center, k), k) for k in range(nt)]
        best = None
        for taps, n_pre in candidates:
            win = _Windows(y, s, sps, center, nt, n_pre, thresholds, width, off, oma)
            val = evaluate(win, taps)[0]
            if best is None or val < best[0]:
                best = (val, taps, n_pre, win)
        val, taps, n_pre, win = best
        if optimize_taps and nt > 1:
            def cost(free: np.ndarray) -> float:
                t = np.concatenate((free, [1.0 - free.sum()]))
                v = evaluate(win, t)[0]
                return v if math.isfinite(v) else 100.0
            x0 = taps[:-1]
            for step in SIMPLEX_STEPS:  # a wide simplex first (taps at 0 get room), then a restart
                simplex = np.vstack((x0, x0 + step * np.eye(x0.size)))
                res = optimize.minimize(cost, x0, method="Nelder-Mead",
                                        options={"xatol": 1e-4, "fatol": 1e-4, "maxiter": 600,
                                                 "initial_simplex": simplex})
                if res.fun < val:
                    taps, val = np.concatenate((res.x, [1.0 - res.x.sum()])), float(res.fun)
                x0 = taps[:-1]
        return val, taps, n_pre, win

    center = _crossing_center(y, p_ave, sps, float(delay))
    val, taps, n_pre, win = search(center, None)
    center2 = _crossing_center(_equalize(y, taps, sps, n_pre), p_ave, sps, float(delay))
    if abs(center2 - center) > 1e-3 * sps:
        center = center2
        val, taps, n_pre, win = search(center, (taps, n_pre))
    t_db, ceq, sigma_g, sig_dec = evaluate(win, taps)
    if not math.isfinite(t_db):
        raise PhysicsError(
            f"tdecq: the equalized eye misses the target SER {ser_t:g} even without added noise (eye closed)"
        )
    sers = [_Windows.ser(win.atoms(taps, k), sig_dec) for k in (0, 1)]
    return TdecqResult(
        tdecq_db=t_db,
        tdecq_minus_ceq_db=t_db - 10.0 * math.log10(ceq),
        ceq=ceq,
        sigma_g_w=sigma_g,
        sigma_ideal_w=sigma_ideal,
        oma_outer_w=oma,
        average_power_w=p_ave,
        levels_w=levels,
        thresholds_w=thresholds,
        taps=taps,
        n_pre=n_pre,
        center_ui=(center - delay) / sps,
        ser_left=sers[0],
        ser_right=sers[1],
    )
