"""Transmitter drive waveforms and the streaming filters every stage of the simulator uses.

Drive synthesis (:class:`DriveSynthesizer`): symbol level indices become a drive waveform
``u(t)`` in drive-swing units (0 = the drive of level 0, 1 = that of level M-1), sampled
``S = samples_per_symbol`` times per symbol:

1. Levels are equally spaced amplitudes ``a_k = level / (M - 1)``.
2. Tx FFE (optional): ``y_k = 1/2 + sum_i c_i (a_{k-i} - 1/2)`` at the symbol rate; the
   taps must satisfy ``sum |c_i| <= 1`` (a peak-limited DAC: the drive stays in the swing).
3. NRZ pulse shaping with jitter: the waveform is built from its edges. Slot ``k`` is the
   symbol period centred on the nominal edge between symbols ``k-1`` and ``k``; its
   samples sit at ``t_j = j/S - 1/2`` UI from the edge (sample 0 of slot ``k + 1`` is the
   centre of symbol ``k``) and take the value
   ``y_{k-1} + (y_k - y_{k-1}) F_j`` with ``F_j = clip((t_j - tau_k) S + 1/2, 0, 1)``: the
   fraction of the sample interval after the edge, which is displaced by ``tau_k`` (UI).
   Without jitter this is the rectangular NRZ waveform (for even ``S`` the sample on the
   edge takes the mid value), delayed by one symbol, which the receiver's sampling-phase
   search absorbs. ``tau_k`` is the sum of random jitter
   (Gaussian, rms ``rj_rms_ui``, drawn per edge from a seeded stream and clipped at
   +-7 sigma, probability 2.6e-12 per edge), sinusoidal jitter ``sj_amplitude_ui sin(2 pi
   f_sj k T)`` and dual-Dirac jitter ``+-dj_pp_ui / 2`` (equiprobable; CPS-TDS-11). The total
   peak must stay below half a UI so an edge never leaves its slot.
4. DAC/driver bandwidth (optional): a Bessel-Thomson filter of the given order (digital,
   impulse-invariant, see :func:`bessel_sos`) or a Gaussian filter
   ``H(f) = exp(-(ln 2 / 2)(f / f_3dB)^2)`` (linear phase, truncated at +-6 sigma;
   CPS-TDS-09). Without jitter an FIR-filtered (or unfiltered) drive is synthesised from a
   table of filtered unit steps, one small matrix product per chunk, equal to slot
   synthesis followed by the streaming FIR to rounding (pinned by a test).

Streaming filters: :class:`StreamingSos` and :class:`StreamingLfilter` (recursive, state
carried with ``zi``) and :class:`StreamingFir` (overlap-save FFT convolution on frames at
fixed absolute positions, holding back samples until a frame is full). Each gives the
same numbers whatever the chunking, bit for bit. Filters start in the steady state of
their first input sample (the signal is taken as constant before time zero), so there is
no start-up transient.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import scipy.fft as sfft
import scipy.signal as ss

from cposim.devices.base import Model, param
from cposim.errors import ConfigError
from cposim.signal.noise_stream import JITTER_DUAL_DIRAC, JITTER_RANDOM, RandomStream
from cposim.validation import check_choice, check_number

__all__ = [
    "DRIVER_FILTERS",
    "Scratch",
    "DriveSettings",
    "DriveSynthesizer",
    "StreamingFir",
    "StreamingLfilter",
    "StreamingSos",
    "bessel_sos",
    "gaussian_fir",
    "noise_bandwidth_fir_hz",
    "noise_bandwidth_sos_hz",
]

DRIVER_FILTERS = ("bessel", "gaussian")
#: Random jitter is clipped at this many sigma (keeps every edge inside its slot).
RJ_CLIP_SIGMA = 7.0
#: Smallest overlap-save FFT length (short filters still use frames of this size).
_MIN_FFT = 512


# ---- streaming filters -------------------------------------------------------------------
class Scratch:
    """Reusable work arrays for a stage's internal temporaries (never returned to callers).

    Large numpy temporaries freed and allocated again every chunk make the C allocator hand
    memory back to the system and fault it in again; reusing them keeps a stage's cost at
    its arithmetic. ``take(key, n, dtype)`` returns an uninitialised array of ``n`` elements
    that stays valid until the next ``take`` with the same key.
    """

    def __init__(self) -> None:
        self._arrays: dict[str, np.ndarray] = {}

    def take(self, key: str, n: int, dtype: Any) -> np.ndarray:
        a = self._arrays.get(key)
        dt = np.dtype(dtype)
        if a is None or a.size < n or a.dtype != dt:
            a = np.empty(max(n, 0), dtype=dt)
            self._arrays[key] = a
        return a[:n]


class StreamingSos:
    """Second-order-sections IIR filter (``scipy.signal.sosfilt``) with carried state."""

    def __init__(self, sos: np.ndarray, dtype: Any = np.float64) -> None:
        self.dtype = np.dtype(dtype)
        self.sos = np.asarray(sos, dtype=self.dtype)
        self._zi: np.ndarray | None = None

    def process(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=self.dtype)
        if x.size == 0:
            return x
        if self._zi is None:
            self._zi = (ss.sosfilt_zi(self.sos) * x[0]).astype(self.dtype)
        y, self._zi = ss.sosfilt(self.sos, x, zi=self._zi)
        return y

    def flush(self) -> np.ndarray:
        return np.empty(0, dtype=self.dtype)


class StreamingLfilter:
    """Direct-form IIR/FIR filter (``scipy.signal.lfilter``, real or complex) with carried state."""

    def __init__(self, b: np.ndarray, a: np.ndarray, dtype: Any = np.float64) -> None:
        self.dtype = np.dtype(dtype)
        self.b = np.asarray(b, dtype=self.dtype)
        self.a = np.asarray(a, dtype=self.dtype)
        self._zi: np.ndarray | None = None

    def process(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=self.dtype)
        if x.size == 0:
            return x
        if self._zi is None:
            n = max(self.a.size, self.b.size) - 1
            if n == 0:
                self._zi = np.zeros(0, dtype=self.dtype)
            else:
                self._zi = (ss.lfilter_zi(self.b, self.a) * x[0]).astype(self.dtype)
        if self._zi.size == 0:
            return (self.b[0] / self.a[0] * x).astype(self.dtype)
        y, self._zi = ss.lfilter(self.b, self.a, x, zi=self._zi)
        return y

    def flush(self) -> np.ndarray:
        return np.empty(0, dtype=self.dtype)


class StreamingFir:
    """FIR filter by overlap-save FFT convolution on frames at fixed absolute positions.

    ``y[n] = sum_m h[m] x[n - m]`` (causal; a symmetric ``h`` of length ``L`` delays by
    ``(L - 1)/2`` samples). Input is buffered until a frame of ``B = N_fft - L + 1`` new
    samples is complete, so ``process`` may return fewer samples than it was given;
    ``flush`` pads the last partial frame with zeros and returns the rest. Frame
    boundaries depend only on the absolute sample index, so the output is identical for
    any chunking of the input.
    """

    def __init__(self, taps: np.ndarray, dtype: Any = np.float64, fft_size: int | None = None) -> None:
        taps = np.asarray(taps)
        if taps.ndim != 1 or taps.size == 0:
            raise ConfigError("StreamingFir.taps", taps.shape, "must be a non-empty 1-D array")
        self.dtype = np.dtype(dtype)
        self.complex = np.iscomplexobj(taps) or self.dtype.kind == "c"
        if self.complex and self.dtype.kind != "c":
            self.dtype = np.result_type(self.dtype, np.complex64)
        self.length = taps.size
        n = fft_size or max(_MIN_FFT, 1 << int(np.ceil(np.log2(8 * self.length))))
        if n < 2 * self.length:
            raise ConfigError("StreamingFir.fft_size", n, f"is too small for {self.length} taps; expected >= {2 * self.length}")
        self.fft_size = n
        self.block = n - self.length + 1
        h = np.zeros(n, dtype=np.complex128 if self.complex else np.float64)
        h[: self.length] = taps
        self._spectrum = (sfft.fft(h) if self.complex else sfft.rfft(h)).astype(
            np.complex64 if self.dtype in (np.float32, np.complex64) else np.complex128
        )
        self._buf: np.ndarray | None = None  # the last L - 1 filtered inputs, then pending ones
        self._scratch = Scratch()

    @property
    def delay_samples(self) -> float:
        """Group delay of a symmetric (linear-phase) tap set, samples: ``(L - 1)/2``."""
        return (self.length - 1) / 2.0

    def _frames(self, ext: np.ndarray, nf: int) -> np.ndarray:
        """Filter ``nf`` whole frames of ``ext`` (history followed by at least ``nf * block`` inputs)."""
        frames = np.lib.stride_tricks.sliding_window_view(ext, self.fft_size)[:: self.block][:nf]
        if self.complex:
            spec = sfft.fft(frames, axis=1)
            spec *= self._spectrum
            y = sfft.ifft(spec, axis=1, overwrite_x=True)
        else:
            spec = sfft.rfft(frames, axis=1)
            spec *= self._spectrum
            y = sfft.irfft(spec, n=self.fft_size, axis=1, overwrite_x=True)
        out = np.empty((nf, self.block), dtype=self.dtype)
        out[...] = y[:, self.length - 1 :]
        return out.reshape(-1)

    def process(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=self.dtype)
        if self._buf is None:
            if x.size == 0:
                return x
            self._buf = np.full(self.length - 1, x[0], dtype=self.dtype)
        ext = self._scratch.take("ext", self._buf.size + x.size, self.dtype)
        ext[: self._buf.size] = self._buf
        ext[self._buf.size :] = x
        nf = (ext.size - (self.length - 1)) // self.block
        if nf == 0:
            self._buf = ext.copy()
            return np.empty(0, dtype=self.dtype)
        out = self._frames(ext, nf)
        self._buf = ext[nf * self.block :].copy()
        return out

    def flush(self) -> np.ndarray:
        """The remaining output: the last partial frame padded with zeros."""
        if self._buf is None:
            return np.empty(0, dtype=self.dtype)
        k = self._buf.size - (self.length - 1)
        if k <= 0:
            return np.empty(0, dtype=self.dtype)
        ext = np.zeros(self.fft_size, dtype=self.dtype)
        ext[: self._buf.size] = self._buf
        self._buf = self._buf[k:].copy()
        return self._frames(ext, 1)[:k]


# ---- filter designs ----------------------------------------------------------------------
def bessel_sos(order: int, bandwidth_hz: float, sample_rate_hz: float, field: str = "bandwidth_hz") -> np.ndarray:
    """Digital Bessel-Thomson low-pass of 3 dB bandwidth ``bandwidth_hz`` (Hz), SOS form.

    Impulse-invariant: the digital impulse response samples the analog filter's (``norm='mag'``,
    -3 dB at ``bandwidth_hz``), scaled to unit DC gain, so the noise-equivalent bandwidth is
    the analog one (1.0464 f_3dB for order 4, CPS-LKC-05) to 0.01 % at 20 samples per f_3dB
    and 0.2 % at 10 (a bilinear design would fall short by 0.7 % and 2.5 %).
    """
    nyq = 0.5 * sample_rate_hz
    if not 0.0 < bandwidth_hz < 0.5 * nyq:
        raise ConfigError(field, bandwidth_hz, f"must lie below half the Nyquist frequency ({0.5 * nyq:g} Hz) for a "
                          "faithful digital filter; raise samples_per_symbol", unit="Hz")
    b, a = ss.bessel(int(order), 2.0 * np.pi * bandwidth_hz, analog=True, norm="mag")
    bd, ad, _ = ss.cont2discrete((b, a), 1.0 / sample_rate_hz, method="impulse")
    bd = np.atleast_1d(np.squeeze(bd)).astype(float)
    bd[np.abs(bd) < 1e-12 * np.max(np.abs(bd))] = 0.0
    bd = np.trim_zeros(bd, "f")
    ad = np.asarray(ad, dtype=float)
    bd = bd * (np.sum(ad) / np.sum(bd))
    # the analog response starts at zero, so b0 vanishes; dropping it advances the filter by
    # one sample (a pure delay change that the sampling-phase search absorbs)
    z, p, k = ss.tf2zpk(bd, ad)
    return ss.zpk2sos(z, p, k)


def gaussian_fir(bandwidth_hz: float, sample_rate_hz: float) -> np.ndarray:
    """Linear-phase Gaussian low-pass taps with ``|H(f_3dB)|^2 = 1/2``, unit DC gain.

    ``h(t)`` is a Gaussian of rms width ``sigma = sqrt(ln 2) / (2 pi f_3dB)``, truncated at
    +-6 sigma (at least 3 taps).
    """
    sigma = np.sqrt(np.log(2.0)) / (2.0 * np.pi * bandwidth_hz) * sample_rate_hz  # samples
    half = max(1, int(np.ceil(6.0 * sigma)))
    n = np.arange(-half, half + 1, dtype=float)
    h = np.exp(-0.5 * (n / sigma) ** 2)
    return h / h.sum()


def noise_bandwidth_sos_hz(sos: np.ndarray, sample_rate_hz: float, n: int = 1 << 16) -> float:
    """One-sided noise-equivalent bandwidth of a digital SOS filter, Hz:
    ``(f_s / 2) sum h[n]^2 / (sum h[n])^2`` from its impulse response."""
    imp = np.zeros(n)
    imp[0] = 1.0
    h = ss.sosfilt(sos, imp)
    return float(0.5 * sample_rate_hz * np.sum(h**2) / np.sum(h) ** 2)


def noise_bandwidth_fir_hz(taps: np.ndarray, sample_rate_hz: float) -> float:
    """One-sided noise-equivalent bandwidth of FIR taps, Hz: ``(f_s / 2) sum h^2 / (sum h)^2``."""
    h = np.asarray(taps)
    return float(0.5 * sample_rate_hz * np.sum(np.abs(h) ** 2) / np.abs(np.sum(h)) ** 2)


def _step_table(fraction: np.ndarray, taps: np.ndarray, sps: int) -> np.ndarray:
    """Filtered unit step of one slot, cut into ``M`` symbol rows until it has settled at 1.

    ``fraction``: the slot's edge ramp (``F_j``); ``taps``: causal FIR (unit DC gain).
    """
    n = sps + taps.size + 1
    ramp = np.ones(n)
    ramp[:sps] = fraction
    g = np.convolve(ramp, taps)[:n]
    settled = int(np.nonzero(np.abs(g - 1.0) > 1e-15)[0].max()) + 1 if np.any(np.abs(g - 1.0) > 1e-15) else 0
    m = max(1, -(-settled // sps))
    full = np.ones(m * sps)
    full[: min(n, m * sps)] = g[: m * sps]
    return full.reshape(m, sps)


# ---- transmitter settings ---------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class DriveSettings(Model):
    """Electrical drive of the modulator: DAC/driver bandwidth, Tx FFE and jitter.

    Parameters (SI; the defaults are an ideal transmitter, CPS-TDS-10):
        driver_bandwidth_hz: 3 dB bandwidth of the DAC + driver, Hz (0 = unlimited).
        driver_filter: ``"bessel"`` or ``"gaussian"`` response of that bandwidth.
        driver_filter_order: order of the Bessel-Thomson filter.
        ffe_taps: Tx FFE taps ``c_i`` (tuple, applied to symbols ``k - i``), ``sum |c_i| <= 1``.
        rj_rms_ui: random jitter, rms, UI.
        sj_amplitude_ui: sinusoidal jitter amplitude (zero to peak), UI.
        sj_frequency_hz: sinusoidal jitter frequency, Hz.
        dj_pp_ui: dual-Dirac deterministic jitter, peak to peak, UI.
    """

    driver_bandwidth_hz: float = param(0.0, unit="Hz", sources=("CPS-TDS-10",), lo=0.0, hi=1e13)
    driver_filter: str = "bessel"
    driver_filter_order: int = param(4, unit="1", sources=("CPS-TDS-10",), lo=1, hi=8, integer=True)
    ffe_taps: tuple[float, ...] = field(default=(1.0,))
    rj_rms_ui: float = param(0.0, unit="UI", sources=("CPS-TDS-10", "CPS-TDS-11"), lo=0.0, hi=0.07)
    sj_amplitude_ui: float = param(0.0, unit="UI", sources=("CPS-TDS-10", "CPS-TDS-11"), lo=0.0, hi=0.5)
    sj_frequency_hz: float = param(0.0, unit="Hz", sources=("CPS-TDS-10",), lo=0.0, hi=1e12)
    dj_pp_ui: float = param(0.0, unit="UI", sources=("CPS-TDS-10", "CPS-TDS-11"), lo=0.0, hi=1.0)

    extra_sources: ClassVar[dict[str, tuple[str, ...]]] = {"driver_filter": ("CPS-TDS-10",), "ffe_taps": ("CPS-TDS-10",)}

    def _check(self) -> None:
        check_choice("DriveSettings.driver_filter", self.driver_filter, DRIVER_FILTERS)
        taps = self.ffe_taps
        if not isinstance(taps, (tuple, list)) or len(taps) == 0 or len(taps) > 64:
            raise ConfigError("DriveSettings.ffe_taps", taps, "must be a tuple of 1 ... 64 numbers")
        arr = np.asarray(check_number("DriveSettings.ffe_taps", list(taps), lo=-1.0, hi=1.0))
        if np.sum(np.abs(arr)) > 1.0 + 1e-12:
            raise ConfigError("DriveSettings.ffe_taps", tuple(taps),
                              f"has sum |c| = {float(np.sum(np.abs(arr))):g}; expected <= 1 (a peak-limited DAC)")
        if np.sum(arr) <= 0.0:
            raise ConfigError("DriveSettings.ffe_taps", tuple(taps), "has a DC gain sum(c) <= 0; expected > 0")
        object.__setattr__(self, "ffe_taps", tuple(float(t) for t in arr))
        peak = 0.5 * float(self.dj_pp_ui) + float(self.sj_amplitude_ui) + RJ_CLIP_SIGMA * float(self.rj_rms_ui)
        if peak >= 0.5:
            raise ConfigError("DriveSettings.jitter", round(peak, 6),
                              "UI is the peak edge displacement dj_pp/2 + sj_amplitude + 7 rj_rms; expected < 0.5 UI "
                              "(an edge must stay inside its symbol slot)", unit="UI")
        if float(self.sj_amplitude_ui) > 0.0 and float(self.sj_frequency_hz) <= 0.0:
            raise ConfigError("DriveSettings.sj_frequency_hz", self.sj_frequency_hz,
                              "must be > 0 when sj_amplitude_ui > 0", unit="Hz")

    @property
    def has_jitter(self) -> bool:
        """True if any jitter term is non-zero."""
        return bool(self.rj_rms_ui > 0 or self.sj_amplitude_ui > 0 or self.dj_pp_ui > 0)

    @property
    def ffe_main_cursor(self) -> int:
        """Index of the largest tap (the main cursor): the FFE delays symbols by this many."""
        return int(np.argmax(np.abs(self.ffe_taps)))


class DriveSynthesizer:
    """Streams symbol level indices into drive samples in swing units (module docstring).

    Args:
        settings: :class:`DriveSettings`.
        levels: M (2 or 4).
        samples_per_symbol: S (integer >= 2).
        symbol_rate_hz: Bd.
        seed, stream_offset: key of the jitter streams (``noise_stream`` ids + offset).
        dtype: working precision (float32 or float64).
    """

    def __init__(self, settings: DriveSettings, *, levels: int, samples_per_symbol: int, symbol_rate_hz: float,
                 seed: int, stream_offset: int = 0, dtype: Any = np.float64) -> None:
        self.settings = settings
        self.levels = levels
        self.sps = int(samples_per_symbol)
        self.symbol_rate_hz = float(symbol_rate_hz)
        self.dtype = np.dtype(dtype)
        self._k = 0  # absolute index of the next symbol
        self._prev: float | None = None
        taps = np.asarray(settings.ffe_taps)
        self._ffe = None if taps.size == 1 and taps[0] == 1.0 else StreamingLfilter(taps, np.array([1.0]), np.float64)
        j = np.arange(self.sps) / self.sps - 0.5
        self._t = j  # sample times from the nominal edge, UI
        self._fixed_fraction = np.clip(j * self.sps + 0.5, 0.0, 1.0).astype(self.dtype)
        self._rj = RandomStream(seed, JITTER_RANDOM + stream_offset) if settings.rj_rms_ui > 0 else None
        self._dj = RandomStream(seed, JITTER_DUAL_DIRAC + stream_offset, kind="uniform") if settings.dj_pp_ui > 0 else None
        fs = self.sps * self.symbol_rate_hz
        bw = float(settings.driver_bandwidth_hz)
        self.filter: StreamingSos | StreamingFir | None = None
        if bw > 0.0:
            if settings.driver_filter == "bessel":
                sos = bessel_sos(settings.driver_filter_order, bw, fs, "DriveSettings.driver_bandwidth_hz")
                self.filter = StreamingSos(sos, self.dtype)
            else:
                taps_g = gaussian_fir(bw, fs)
                if taps_g.size > 1:
                    self.filter = StreamingFir(taps_g, self.dtype)
        # Without jitter, an FIR-filtered drive is a sum of filtered steps: tabulate them
        # (exactly the FIR path's arithmetic result up to rounding, no buffering).
        self._table: np.ndarray | None = None
        self._history = np.empty(0)
        self._scratch = Scratch()
        if not settings.has_jitter and not isinstance(self.filter, StreamingSos):
            taps_fir = np.ones(1) if self.filter is None else np.asarray(taps_g, dtype=float)
            steps = _step_table(self._fixed_fraction.astype(float), taps_fir, self.sps)
            self._table = np.vstack([steps, np.ones((1, self.sps))]).astype(self.dtype)

    def edge_offsets_ui(self, n: int) -> np.ndarray:
        """Displacement ``tau_k`` (UI) of the next ``n`` edges (consumes the jitter streams)."""
        s = self.settings
        tau = np.zeros(n)
        if self._rj is not None:
            r = self._rj.read(self._k, n).astype(np.float64)
            tau += s.rj_rms_ui * np.clip(r, -RJ_CLIP_SIGMA, RJ_CLIP_SIGMA)
        if s.sj_amplitude_ui > 0:
            k = self._k + np.arange(n)
            tau += s.sj_amplitude_ui * np.sin(2.0 * np.pi * s.sj_frequency_hz * k / self.symbol_rate_hz)
        if self._dj is not None:
            u = self._dj.read(self._k, n)
            tau += np.where(u < 0.5, -0.5, 0.5) * s.dj_pp_ui
        return tau

    def process(self, symbols: np.ndarray) -> np.ndarray:
        """Drive samples (swing units) for the next symbols (``S`` per symbol, fewer while an
        FIR driver filter fills a frame)."""
        n = symbols.size
        if n == 0:
            return np.empty(0, dtype=self.dtype)
        amp = symbols.astype(np.float64) / (self.levels - 1)
        if self._ffe is not None:
            amp = 0.5 + self._ffe.process(amp - 0.5)
        if self._table is not None:
            return self._tabulated(amp)
        prev = np.empty(n)
        prev[0] = amp[0] if self._prev is None else self._prev
        prev[1:] = amp[:-1]
        self._prev = float(amp[-1])
        step = (amp - prev).astype(self.dtype)
        if self.settings.has_jitter:
            tau = self.edge_offsets_ui(n)
            frac = np.clip((self._t[None, :] - tau[:, None]) * self.sps + 0.5, 0.0, 1.0).astype(self.dtype)
        else:
            frac = self._fixed_fraction[None, :]
        self._k += n
        wave = prev.astype(self.dtype)[:, None] + step[:, None] * frac
        wave = wave.reshape(-1)
        return wave if self.filter is None else self.filter.process(wave)

    def _tabulated(self, amp: np.ndarray) -> np.ndarray:
        """``y[k, j] = a_{k-M} + sum_{m<M} (a_{k-m} - a_{k-m-1}) G[m, j]`` (filtered step table),
        one small matrix product: ``[step_k ... step_{k-M+1}, a_{k-M}] @ [G; 1]``."""
        table = self._table
        assert table is not None
        m_terms = table.shape[0] - 1
        if self._history.size == 0:
            self._history = np.full(m_terms + 1, amp[0])
        ext = np.concatenate([self._history, amp])  # ext[i + M + 1] = amp[i]
        self._history = ext[ext.size - (m_terms + 1) :].copy()
        n = amp.size
        step = np.diff(ext)  # step[i + M] = a_i - a_{i-1}
        coef = self._scratch.take("coef", n * (m_terms + 1), self.dtype).reshape(n, m_terms + 1)
        for m in range(m_terms):
            coef[:, m] = step[m_terms - m : m_terms - m + n]
        coef[:, m_terms] = ext[1 : n + 1]  # a_{k-M}
        self._k += n
        return (coef @ table).reshape(-1)

    def flush(self) -> np.ndarray:
        if self._table is not None or self.filter is None:
            return np.empty(0, dtype=self.dtype)
        return self.filter.flush()

    @property
    def delay_samples(self) -> float:
        """Nominal latency, samples, from symbol index ``k`` to its centre at ``k S + delay``:
        one symbol (slot convention), the FFE main cursor and a Gaussian FIR's centre (the
        Bessel group delay is not included)."""
        d = float(self.sps + self.settings.ffe_main_cursor * self.sps)
        if isinstance(self.filter, StreamingFir):
            d += self.filter.delay_samples
        return d
