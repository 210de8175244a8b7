"""COM-lite: a fast estimate of IEEE 802.3 Channel Operating Margin from a channel's S21.

Same structure as COM (IEEE Std 802.3 Annex 93A / 178A, CPS-ELE-01): a PAM-L test signal of
amplitude ``A_v`` goes through the Tx filter (93A-46), the bump-to-bump channel, the receiver
filter (93A-20) and a reference equalizer (CTLE 93A-22, Tx FFE, Rx FFE, DFE); the margin is::

    COM = 20 log10(A_s / A_ni),     A_s = R_LM q0 / (L - 1)

with ``q0`` the equalized main cursor and ``A_ni`` the amplitude of ISI + noise + crosstalk
that is exceeded with probability ``DER0``. The channel passes where ``COM >= 3 dB``.

What is "lite" about it (and makes it a few hundred times faster than a full COM run):

* reduced search grids (``ComSettings``): every other CTLE (g_DC, g_DC2) pair with a small
  Tx FFE set, then the neighbours of the best pair, then the full Tx FFE grid for the 3 best
  CTLE settings, at the pulse peak; then the sampling phase is scanned over one UI;
* the Rx FFE is the closed-form constrained MMSE solution (CPS-ELE-03) for ISI + receiver
  noise + Tx noise + jitter + crosstalk, not a grid search; taps beyond the limit are
  clipped;
* Gaussian statistics during the search; the final number convolves the exact ISI
  distribution (``method="pdf"``, COM's way) with Gaussian noise, jitter and crosstalk.
  Dual-Dirac jitter is treated as Gaussian with ``sigma = A_DD``; crosstalk power is averaged
  over the aggressor's sampling phase (COM takes the worst phase).

Noise terms (``sigma_x^2 = (L^2 - 1) / (3 (L - 1)^2)`` is the symbol variance, 5/9 for PAM4):

* receiver: ``eta0 |H_r H_ctle|^2`` integrated to the T-spaced autocorrelation and passed
  through the Rx FFE (``c^T R c``), plus any extra noise sources (e.g. a redriver);
* Tx: ``10^(-SNR_TX/10) sigma_x^2 sum_k q_k^2``;
* jitter: ``(sigma_RJ^2 + A_DD^2) sigma_x^2 sum_k q'_k^2`` (``q'`` = slope per UI);
* crosstalk: ``sigma_x^2 c^T R_x c`` per aggressor, ``R_x`` its phase-averaged T-lag
  autocorrelation after the CTLE (and the Tx FFE for far-end aggressors).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import skrf
from scipy.special import ndtri

from cposim.electrical.com_settings import ComSettings, reference_receiver
from cposim.electrical.pulse import (
    channel_transfer,
    pulse_from_transfer,
    rx_butterworth_filter,
    tx_rise_time_filter,
)
from cposim.equalization.ctle import ctle_response
from cposim.equalization.dfe import dfe_residual
from cposim.equalization.ffe import autocorrelation, convolve_taps, mmse_ffe_from_samples
from cposim.errors import ConfigError, PhysicsError
from cposim.validation import check_choice, check_number

__all__ = ["ComResult", "NoiseSource", "com_lite"]

#: UI before the pulse peak in the time window, and post-cursor UI used during the search.
_LEAD_UI = 24
_SEARCH_POST_UI = 160
_SEARCH_PRE_UI = 12


@dataclass(frozen=True)
class NoiseSource:
    """Extra Gaussian noise entering the channel somewhere (e.g. a linear redriver).

    Attributes:
        psd_v2_per_hz: one-sided noise density at the injection point, V^2/Hz.
        transfer: complex transfer from the injection point to the receiver input, on the
            channel's uniform grid (same length as the grid; 1-D).
        name: label for the breakdown.
    """

    psd_v2_per_hz: float
    transfer: np.ndarray
    name: str = "extra"


@dataclass(frozen=True)
class ComResult:
    """Outcome of :func:`com_lite` (voltages at the slicer, V; gains in dB).

    Attributes:
        com_db: COM-lite, dB (incl. any MLSD credit). margin_db: ``com_db - threshold_db``.
        threshold_db: pass threshold, dB. com_gaussian_db: the all-Gaussian estimate, dB.
        signal_v: ``A_s``, V. noise_v: ``A_ni`` at DER0, V.
        sigmas_v: rms of each impairment at the slicer, V (isi, rx_noise, tx_noise, jitter,
            crosstalk, extra).
        g_dc_db, g_dc2_db: chosen CTLE gains, dB. tx_taps: (c-2, c-1, c0, c1).
        rx_taps: Rx FFE taps (main = 1). dfe_taps: normalised DFE taps b(n).
        phase_ui: sampling phase relative to the pulse peak, UI.
        settings_name: the ComSettings used.
    """

    com_db: float
    margin_db: float
    threshold_db: float
    com_gaussian_db: float
    signal_v: float
    noise_v: float
    sigmas_v: dict[str, float]
    g_dc_db: float
    g_dc2_db: float
    tx_taps: tuple[float, float, float, float]
    rx_taps: np.ndarray
    dfe_taps: np.ndarray
    phase_ui: float
    settings_name: str
    equalized_pulse: np.ndarray = field(repr=False)

    @property
    def passes(self) -> bool:
        """True where COM-lite meets the threshold."""
        return bool(self.margin_db >= 0.0)


def _tx_combos(s: ComSettings) -> np.ndarray:
    """Allowed Tx FFE tap sets (c-2, c-1, c0, c1) with sum |c| = 1 and c0 >= c0_min."""
    pre2, pre1, post1 = np.meshgrid(s.tx_pre2, s.tx_pre1, s.tx_post1, indexing="ij")
    pre2, pre1, post1 = pre2.ravel(), pre1.ravel(), post1.ravel()
    c0 = 1.0 - np.abs(pre2) - np.abs(pre1) - np.abs(post1)
    ok = c0 >= float(s.tx_c0_min) - 1e-12
    return np.column_stack([pre2[ok], pre1[ok], c0[ok], post1[ok]])


def _apply_tx(h: np.ndarray, taps: np.ndarray) -> np.ndarray:
    """T-spaced Tx FFE: ``out[k] = c-2 h[k+2] + c-1 h[k+1] + c0 h[k] + c1 h[k-1]``.

    ``h``: (..., K) with one extra sample at the start and two at the end (trimmed);
    ``taps``: (nt, 4). Returns (..., nt, K - 3).
    """
    k = h.shape[-1] - 3
    hs = np.stack([h[..., 3 : 3 + k], h[..., 2 : 2 + k], h[..., 1 : 1 + k], h[..., 0:k]], axis=-1)
    return np.einsum("...kj,tj->...tk", hs, taps)


class _Prepared:
    """Everything that depends on the channel and the CTLE setting, not on the FFEs.

    Noise and crosstalk autocorrelations are integrated in the frequency domain for every
    CTLE setting (cheap); the victim pulse of a CTLE setting is computed when first needed.
    """

    def __init__(self, f, h, s: ComSettings, fb: float, window_ui: int, aggressors, extra_noise):
        self.s = s
        self.fb = fb
        self.m = int(s.samples_per_ui)
        self.n = window_ui * self.m
        self.df = fb / window_ui
        self.sigma_x2 = (s.levels**2 - 1) / (3.0 * (s.levels - 1) ** 2)
        g, g2 = np.meshgrid(np.asarray(s.g_dc_db, float), np.asarray(s.g_dc2_db, float), indexing="ij")
        self.g, self.g2 = g.ravel(), g2.ravel()
        self.shape = g.shape
        self.hc = ctle_response(
            f,
            dc_gain_db=self.g[:, None],
            zero_hz=s.ctle_zero_fb * fb,
            pole1_hz=s.ctle_pole1_fb * fb,
            pole2_hz=s.ctle_pole2_fb * fb,
            lf_gain_db=self.g2[:, None],
            lf_pole_hz=s.ctle_lf_fb * fb,
        )
        ht = tx_rise_time_filter(f, s.tx_rise_time_s)
        hr = rx_butterworth_filter(f, s.rx_bandwidth_fb * fb)
        self.base = s.amplitude_v * ht * h * hr
        p0, self.roll = self._pulse(self.base)
        if np.max(np.abs(p0)) <= 0:
            raise PhysicsError("COM-lite: the channel passes no signal (S21 is zero)")
        self._pulses: dict[int, np.ndarray] = {}
        # T-spaced autocorrelations, integrated on the one-sided grid (trapezoid weights):
        # noise R[d] = int S |H_r H_ctle|^2 cos(2 pi f d T) df; crosstalk (phase-averaged)
        # R[d] = (2/T) int |X|^2 cos(2 pi f d T) df with X the aggressor pulse spectrum.
        n_lag = int(s.rx_ffe_taps)
        self.x_lags = n_lag + 3
        weights = np.full(f.size, self.df)
        weights[0] = weights[-1] = self.df / 2
        extra_psd = np.zeros(f.size)
        for src in extra_noise:
            tr = np.asarray(src.transfer, dtype=complex)
            if tr.shape != f.shape:
                raise ConfigError("extra_noise.transfer", tr.shape, f"must have the grid's shape {f.shape}")
            extra_psd = extra_psd + float(src.psd_v2_per_hz) * np.abs(tr) ** 2
        shaped = np.abs(hr * self.hc) ** 2 * weights  # (ng, nf)
        cos = np.cos(2 * np.pi * f[:, None] * (np.arange(n_lag) / fb)[None, :])
        self.rn_rx = (shaped * float(s.eta0_v2_per_hz)) @ cos  # (ng, N)
        self.rn_extra = (shaped * extra_psd) @ cos
        t_sym = 1.0 / fb
        cos_x = np.cos(2 * np.pi * f[:, None] * (np.arange(-self.x_lags, self.x_lags + 1) * t_sym)[None, :])
        pulse_shape = np.abs(t_sym * np.sinc(f * t_sym)) ** 2 * (2.0 / t_sym) * weights
        self.xt_fext = np.zeros((self.g.size, 2 * self.x_lags + 1))
        self.xt_next = np.zeros_like(self.xt_fext)
        for agg in aggressors:
            amp = s.fext_amplitude_v if agg.kind == "fext" else s.next_amplitude_v
            x2 = np.abs(amp * ht * np.asarray(agg.transfer(f), dtype=complex) * hr) ** 2 * pulse_shape
            target = self.xt_fext if agg.kind == "fext" else self.xt_next
            target += (np.abs(self.hc) ** 2 * x2) @ cos_x

    def _pulse(self, transfer: np.ndarray, roll: int | None = None) -> tuple[np.ndarray, int]:
        return pulse_from_transfer(
            transfer, df_hz=self.df, symbol_rate_baud=self.fb, samples_per_ui=self.m, roll=roll, lead_ui=_LEAD_UI
        )

    def pulses(self, rows: np.ndarray) -> np.ndarray:
        """Victim pulses after the CTLE settings ``rows`` (computed once per row)."""
        missing = [int(r) for r in rows if int(r) not in self._pulses]
        if missing:
            p, _ = self._pulse(self.base[None, :] * self.hc[missing], self.roll)
            self._pulses.update(zip(missing, p))
        return np.stack([self._pulses[int(r)] for r in rows])

    def samples(self, rows: np.ndarray, phase: Any, pre_ui: int, post_ui: int) -> tuple[np.ndarray, np.ndarray]:
        """T-spaced samples and slopes for CTLE rows, k = -(pre+1) .. post+2 around the peak.

        ``phase``: samples after the peak, one value or one per row.
        """
        p = self.pulses(rows)
        peaks = np.argmax(p, axis=-1) + np.broadcast_to(np.asarray(phase, dtype=int), (len(rows),))
        k = np.arange(-(pre_ui + 1), post_ui + 3)
        idx = (peaks[:, None] + self.m * k[None, :]) % self.n
        h = np.take_along_axis(p, idx, axis=-1)
        up = np.take_along_axis(p, (idx + 1) % self.n, axis=-1)
        dn = np.take_along_axis(p, (idx - 1) % self.n, axis=-1)
        return h, (up - dn) * self.m / 2.0

    def neighbours(self, row: int) -> np.ndarray:
        """The CTLE setting ``row`` and its grid neighbours (one step in g_DC and/or g_DC2)."""
        i, j = np.unravel_index(row, self.shape)
        out = [np.ravel_multi_index((a, b), self.shape) for a in range(i - 1, i + 2) for b in range(j - 1, j + 2)
               if 0 <= a < self.shape[0] and 0 <= b < self.shape[1]]
        return np.array(out)

    def coarse_rows(self) -> np.ndarray:
        """Every other CTLE setting in each direction (ends included)."""
        ia = sorted(set(range(0, self.shape[0], 2)) | {self.shape[0] - 1})
        ib = sorted(set(range(0, self.shape[1], 2)) | {self.shape[1] - 1})
        return np.array([np.ravel_multi_index((a, b), self.shape) for a in ia for b in ib])

    def xt_autocorr(self, rows: np.ndarray, taps: np.ndarray) -> np.ndarray:
        """Crosstalk T-lag autocorrelation (rows, nt, N) for Tx tap sets ``taps`` (nt, 4)."""
        n_lag = int(self.s.rx_ffe_taps)
        offs = np.array([-2, -1, 0, 1])
        d = np.arange(n_lag)
        # autocorrelation of sum_j c_j x(t - jT): sum_{j,j'} c_j c_j' R[d + j - j']
        idx = d[:, None, None] + offs[None, :, None] - offs[None, None, :] + self.x_lags
        rf = self.xt_fext[rows][:, idx]  # (rows, N, 4, 4)
        fext = np.einsum("rdab,ta,tb->rtd", rf, taps, taps)
        nxt = self.xt_next[rows][:, d + self.x_lags][:, None, :]
        return fext + nxt


def _evaluate(prep: _Prepared, rows: np.ndarray, taps: np.ndarray, phase: Any, post_ui: int, pre_ui: int):
    """Gaussian figures for every (CTLE row, Tx tap set) pair at one sampling phase."""
    s = prep.s
    n_taps, n_pre, n_dfe = int(s.rx_ffe_taps), int(s.rx_ffe_pre), int(s.dfe_taps)
    h, slope = prep.samples(rows, phase, pre_ui, post_ui)
    h_tx = _apply_tx(h, taps)  # (rows, nt, K)
    slope_tx = _apply_tx(slope, taps)
    cursor = pre_ui
    sx2 = prep.sigma_x2
    eps = 10.0 ** (-s.snr_tx_db / 10.0)
    xt = prep.xt_autocorr(rows, taps)  # (rows, nt, N)
    rn = (prep.rn_rx + prep.rn_extra)[rows][:, None, :] / sx2
    jit = (s.sigma_rj_ui**2 + s.a_dd_ui**2) * autocorrelation(slope_tx, n_taps)
    noise_ac = rn + xt + eps * autocorrelation(h_tx, n_taps) + jit
    c, _ = mmse_ffe_from_samples(h_tx, cursor=cursor, n_taps=n_taps, n_pre=n_pre, noise_autocorrelation=noise_ac,
                                 n_dfe=n_dfe)
    lim = float(s.rx_ffe_tap_limit)
    c = np.clip(c, -lim, lim)
    c[..., n_pre] = 1.0
    q = convolve_taps(h_tx, c)
    c0 = cursor + n_pre
    q_res = dfe_residual(q, cursor=c0, n_taps=n_dfe, b_max=s.b_max if n_dfe else None)
    main = np.abs(q[..., c0])
    isi = q_res.copy()
    isi[..., c0] = 0.0
    lags = np.abs(np.arange(n_taps)[:, None] - np.arange(n_taps)[None, :])
    quad = lambda r: np.einsum("...i,...ij,...j->...", c, r[..., lags], c)  # noqa: E731
    var = {
        "isi": sx2 * np.sum(isi**2, axis=-1),
        "rx_noise": quad(prep.rn_rx[rows][:, None, :]),
        "extra": quad(prep.rn_extra[rows][:, None, :]),
        "tx_noise": eps * sx2 * np.sum(q**2, axis=-1),
        "jitter": sx2 * (s.sigma_rj_ui**2 + s.a_dd_ui**2) * np.sum(convolve_taps(slope_tx, c) ** 2, axis=-1),
        "crosstalk": sx2 * quad(xt),
    }
    signal = s.level_mismatch * main / (s.levels - 1)
    total = sum(var.values())
    qinv = -ndtri(float(s.der0))
    com_g = 20.0 * np.log10(signal / (qinv * np.sqrt(total)))
    return com_g, dict(c=c, q=q, q_res=q_res, main=main, var=var, signal=signal, c0=c0)


def _isi_noise_amplitude(isi: np.ndarray, sigma: float, levels: int, der0: float, signal: float) -> float:
    """``A_ni``: the level the ISI (exact distribution) plus Gaussian noise stays above with
    probability ``1 - DER0`` (lower tail, as COM)."""
    symbols = np.linspace(-1.0, 1.0, levels)
    total = np.sqrt(sigma**2 + float(np.sum(isi**2)) * float(np.var(symbols)))
    step = max(signal / 2000.0, total / 200.0, 1e-15)
    # terms below 5 % of the total rms join the Gaussian part (their sum is close to normal)
    big = np.abs(isi) >= max(step / 2.0, 0.05 * total)
    gauss_var = sigma**2 + float(np.sum(isi[~big] ** 2)) * float(np.var(symbols))
    pdf = np.array([1.0])
    offset = 0  # bin index of value 0
    for h in isi[big]:
        shifts = np.round(h * symbols / step).astype(int)
        lo, hi = shifts.min(), shifts.max()
        new = np.zeros(pdf.size + hi - lo)
        for sh in shifts:
            new[sh - lo : sh - lo + pdf.size] += pdf / levels
        pdf = new
        offset -= lo
    sg = np.sqrt(max(gauss_var, 0.0))
    if sg > 0:
        half = int(np.ceil(8 * sg / step))
        x = np.arange(-half, half + 1) * step
        kernel = np.exp(-0.5 * (x / sg) ** 2)
        pdf = np.convolve(pdf, kernel / kernel.sum())
        offset += half
    cdf = np.cumsum(pdf)
    values = (np.arange(pdf.size) - offset) * step
    below = np.nonzero(cdf <= der0)[0]
    if below.size == 0:
        return float(max(-values[0], step))
    return float(max(-values[below[-1]], step))


def com_lite(
    channel: skrf.Network | tuple[Any, Any],
    *,
    lane_rate_bps: float,
    settings: ComSettings | str | None = None,
    aggressors: Sequence[Any] = (),
    extra_noise: Sequence[NoiseSource] = (),
    method: str = "pdf",
    window_ui: int = 1000,
) -> ComResult:
    """COM-lite of a bump-to-bump channel.

    Args:
        channel: 2-port Network (any grid) or ``(frequency_hz, s21)`` on a uniform grid from
            0 Hz with step ``symbol rate / window_ui``.
        lane_rate_bps: lane bit rate, bit/s (symbol rate = rate / log2(levels)).
        settings: a ComSettings, a preset name (``dj_kr``, ``dj_c2c``, ``ck_like``) or None for
            :func:`~cposim.electrical.com_settings.reference_receiver` of the lane rate.
        aggressors: crosstalk aggressors (:class:`cposim.electrical.crosstalk.Aggressor`).
        extra_noise: additional noise sources (:class:`NoiseSource`).
        method: ``"pdf"`` (exact ISI distribution, default) or ``"gaussian"``.
        window_ui: pulse-response window, UI (the channel's impulse response must fit).

    Returns:
        :class:`ComResult`.

    Raises:
        ConfigError: bad arguments. PhysicsError: a channel that passes no signal.
    """
    from cposim.electrical.com_settings import COM_PRESETS

    rate = check_number("lane_rate_bps", lane_rate_bps, unit="bit/s", lo=1e9, hi=1e12)
    if settings is None:
        s = reference_receiver(rate)
    elif isinstance(settings, str):
        s = COM_PRESETS[check_choice("settings", settings, tuple(COM_PRESETS))]
    elif isinstance(settings, ComSettings):
        s = settings
    else:
        raise ConfigError("settings", type(settings).__name__, "must be a ComSettings, a preset name or None")
    check_choice("method", method, ("pdf", "gaussian"))
    fb = rate / np.log2(s.levels)
    f, h = channel_transfer(channel, symbol_rate_baud=fb, window_ui=window_ui)
    if h.ndim != 1:
        raise ConfigError("s21", h.shape, "must be one channel")
    for k, agg in enumerate(aggressors):
        if getattr(agg, "kind", None) not in ("fext", "next") or not callable(getattr(agg, "transfer", None)):
            raise ConfigError(f"aggressors[{k}]", type(agg).__name__, "must have kind 'fext'/'next' and transfer(f)")
    prep = _Prepared(f, h, s, fb, int(window_ui), aggressors, extra_noise)

    post = min(_SEARCH_POST_UI, window_ui - _LEAD_UI - 8)
    combos = _tx_combos(s)
    coarse = combos[np.isin(np.round(combos[:, 0], 9), [0.0]) & np.isin(np.round(combos[:, 3], 9), [0.0, -0.1])
                    & np.isin(np.round(combos[:, 1], 9), [0.0, -0.1, -0.2])]
    if coarse.size == 0:
        coarse = combos[:1]
    # 1) coarse CTLE grid x small Tx set; 2) neighbours of the best; 3) full Tx grid on the best 3
    rows = prep.coarse_rows()
    com_a, _ = _evaluate(prep, rows, coarse, 0, post, _SEARCH_PRE_UI)
    rows = prep.neighbours(int(rows[int(np.argmax(np.max(com_a, axis=1)))]))
    com_a, _ = _evaluate(prep, rows, coarse, 0, post, _SEARCH_PRE_UI)
    best_rows = rows[np.argsort(np.max(com_a, axis=1))[::-1][:3]]
    com_b, _ = _evaluate(prep, best_rows, combos, 0, post, _SEARCH_PRE_UI)
    r_i, t_i = np.unravel_index(int(np.argmax(com_b)), com_b.shape)
    row, tx = best_rows[r_i : r_i + 1], combos[t_i : t_i + 1]
    phases = np.arange(-prep.m // 2, prep.m // 2)
    cg, _ = _evaluate(prep, np.repeat(row, phases.size), tx, phases, post, _SEARCH_PRE_UI)
    phase = int(phases[int(np.argmax(cg[:, 0]))])
    full_post = window_ui - _LEAD_UI - 8
    com_g, det = _evaluate(prep, row, tx, phase, full_post, _SEARCH_PRE_UI)
    com_g = float(com_g[0, 0])
    var = {k: float(v[0, 0]) for k, v in det["var"].items()}
    signal = float(det["signal"][0, 0])
    gauss_sigma = np.sqrt(sum(v for k, v in var.items() if k != "isi"))
    qinv = -ndtri(float(s.der0))
    if method == "pdf":
        isi = det["q_res"][0, 0].copy()
        isi[det["c0"]] = 0.0
        a_ni = _isi_noise_amplitude(isi, gauss_sigma, int(s.levels), float(s.der0), signal)
    else:
        a_ni = qinv * np.sqrt(sum(var.values()))
    com = 20.0 * np.log10(signal / a_ni) + float(s.mlsd_credit_db)
    com_g += float(s.mlsd_credit_db)
    if not np.isfinite(com):
        raise PhysicsError("COM-lite: the result is not finite; the channel passes no usable signal")
    c = det["c"][0, 0]
    q = det["q"][0, 0]
    main = float(det["main"][0, 0])
    n_dfe = int(s.dfe_taps)
    dfe = q[det["c0"] + 1 : det["c0"] + 1 + n_dfe] / main if n_dfe else np.zeros(0)
    if n_dfe:
        dfe = np.clip(dfe, -s.b_max, s.b_max)
    return ComResult(
        com_db=float(com),
        margin_db=float(com - s.threshold_db),
        threshold_db=float(s.threshold_db),
        com_gaussian_db=com_g,
        signal_v=signal,
        noise_v=float(a_ni),
        sigmas_v={k: float(np.sqrt(max(v, 0.0))) for k, v in var.items()},
        g_dc_db=float(prep.g[row[0]]),
        g_dc2_db=float(prep.g2[row[0]]),
        tx_taps=tuple(float(x) for x in tx[0]),
        rx_taps=c,
        dfe_taps=dfe,
        phase_ui=phase / prep.m,
        settings_name=s.name,
        equalized_pulse=q,
    )
