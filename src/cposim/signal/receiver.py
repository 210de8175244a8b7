"""Receiver of the time-domain simulator: photodetector, TIA bandwidth and noise, slicer,
error counting with confidence intervals.

Front end (:class:`ReceiverFrontEnd`): the photocurrent ``I(t) = R P(t)`` (responsivity
``R``, A/W) gets white Gaussian noise whose one-sided density follows the link engine's
conventions (:mod:`cposim.link.noise`)::

    S(t) = i_n^2 + 2 q (I(t) + I_dark) + RIN I(t)^2          (A^2/Hz)

(TIA input-referred thermal density ``i_n``, shot noise of the signal and dark current,
laser RIN on the detected power). Each sample gets ``sqrt(S(t) f_s / 2) z`` with ``z``
standard normal from the seeded, chunk-invariant stream ``RECEIVER_NOISE``: white noise of
density ``S`` over the simulation band ``0 ... f_s/2``. The sum then passes the receiver
filter, so the filtered noise variance is ``S B_n`` with ``B_n`` the filter's noise-equivalent
bandwidth (pinned by a test). Independent white noises add in variance, so one stream
carries all three terms exactly. The filter is the lane's receiver response, as in the link
engine: a fourth-order Bessel-Thomson low-pass at ``receiver_bandwidth_hz(lane)`` (the
equalised receiver's 3 dB bandwidth, capped by the PD and TIA bandwidths; ``B_n = 1.0464
f_3dB``, CPS-LKC-05), or a brick-wall low-pass (``"brickwall"``: the ideal low-pass impulse
response truncated to ``brickwall_taps`` taps, unit DC gain, ``B_n ~ f_c``). Currents are
referred to the photodiode (A); the TIA's gain is not applied.

Decisions: the pipeline samples at the eye centre; :func:`thresholds_for_levels` places the
``M - 1`` thresholds between the level means (sigma-weighted ``"optimal"``, as
:func:`cposim.link.ber.ber_pam`, or ``"midpoint"``); :class:`ErrorCounter` counts symbol
errors and Gray-decoded bit errors.

Confidence intervals (:func:`error_interval`): Clopper-Pearson (exact binomial, from the
beta distribution; CPS-TDS-05) or Wilson score (CPS-TDS-06), two-sided at ``confidence``.
Each bit (or symbol) is treated as an independent Bernoulli trial; noise correlation between
adjacent decisions and the rare two-bit PAM4 errors make the true spread slightly wider.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import scipy.signal as ss
from scipy import stats

from cposim.devices.base import Model, param
from cposim.errors import ConfigError, PhysicsError
from cposim.link.ber import decision_thresholds
from cposim.signal.mapping import bit_error_table
from cposim.signal.noise_stream import RECEIVER_NOISE, RandomStream
from cposim.signal.waveform import (
    Scratch,
    StreamingFir,
    StreamingSos,
    bessel_sos,
    noise_bandwidth_fir_hz,
    noise_bandwidth_sos_hz,
)
from cposim.units import ELEMENTARY_CHARGE_C
from cposim.validation import check_choice, check_number

__all__ = [
    "INTERVALS",
    "RX_FILTERS",
    "THRESHOLD_METHODS",
    "ErrorCounter",
    "ReceiverFrontEnd",
    "ReceiverSettings",
    "brickwall_fir",
    "clopper_pearson_interval",
    "error_interval",
    "thresholds_for_levels",
    "wilson_interval",
]

RX_FILTERS = ("bessel4", "brickwall")
THRESHOLD_METHODS = ("optimal", "midpoint")
INTERVALS = ("clopper-pearson", "wilson")


@dataclass(frozen=True, kw_only=True)
class ReceiverSettings(Model):
    """Receiver options of the time-domain simulator.

    Parameters:
        filter: ``"bessel4"`` (the link engine's receiver response) or ``"brickwall"``.
        bandwidth_hz: 3 dB (Bessel) or cut-off (brick-wall) frequency, Hz; 0 = the lane's
            receiver bandwidth (``cposim.link.engine.receiver_bandwidth_hz``).
        brickwall_taps: length of the truncated ideal low-pass (odd).
        threshold: ``"optimal"`` (sigma-weighted between level means) or ``"midpoint"``.
        thermal_noise, shot_noise, rin_noise: include each noise term (booleans).
        confidence: two-sided confidence level of the BER interval.
        interval: ``"clopper-pearson"`` or ``"wilson"``.
    """

    filter: str = "bessel4"
    bandwidth_hz: float = param(0.0, unit="Hz", sources=("CPS-LNK-02",), lo=0.0, hi=1e13)
    brickwall_taps: int = param(255, unit="1", sources=("CPS-TDS-12",), lo=3, hi=65535, integer=True)
    threshold: str = "optimal"
    thermal_noise: bool = True
    shot_noise: bool = True
    rin_noise: bool = True
    confidence: float = param(0.95, unit="1", sources=("CPS-TDS-05",), lo=0.5, hi=0.999999)
    interval: str = "clopper-pearson"

    extra_sources: ClassVar[dict[str, tuple[str, ...]]] = {
        "filter": ("CPS-LKC-05", "CPS-TDS-12"), "interval": ("CPS-TDS-05", "CPS-TDS-06"),
    }

    def _check(self) -> None:
        check_choice("ReceiverSettings.filter", self.filter, RX_FILTERS)
        check_choice("ReceiverSettings.threshold", self.threshold, THRESHOLD_METHODS)
        check_choice("ReceiverSettings.interval", self.interval, INTERVALS)
        for name in ("thermal_noise", "shot_noise", "rin_noise"):
            if not isinstance(getattr(self, name), (bool, np.bool_)):
                raise ConfigError(f"ReceiverSettings.{name}", getattr(self, name), "is not a boolean; expected true or false")
        if int(self.brickwall_taps) % 2 == 0:
            raise ConfigError("ReceiverSettings.brickwall_taps", self.brickwall_taps, "is even; expected an odd number")


def brickwall_fir(cutoff_hz: float, sample_rate_hz: float, n_taps: int) -> np.ndarray:
    """Ideal low-pass impulse response ``2 f_c/f_s sinc(2 f_c (n - d)/f_s)`` truncated to
    ``n_taps`` (odd) taps centred on ``d = (n_taps - 1)/2``, scaled to unit DC gain."""
    if not 0.0 < cutoff_hz < 0.5 * sample_rate_hz:
        raise ConfigError("ReceiverSettings.bandwidth_hz", cutoff_hz,
                          f"must lie below the Nyquist frequency {0.5 * sample_rate_hz:g} Hz", unit="Hz")
    fu = cutoff_hz / sample_rate_hz
    n = np.arange(n_taps) - (n_taps - 1) / 2.0
    h = 2.0 * fu * np.sinc(2.0 * fu * n)
    return h / h.sum()


class ReceiverFrontEnd:
    """Photodetector + noise + receiver filter, streaming (module docstring).

    Args:
        responsivity_a_per_w: A/W.
        thermal_density_a_per_rthz: TIA input-referred density, A/sqrt(Hz).
        dark_current_a: A.
        rin_per_hz: linear one-sided RIN, 1/Hz.
        bandwidth_hz: receiver filter bandwidth, Hz.
        settings: :class:`ReceiverSettings` (filter shape, noise switches).
        sample_rate_hz: Hz.
        seed: noise seed; ``noise=False`` for a noiseless front end; ``prefetch``: draw the
            next noise block in a background thread.
    """

    def __init__(self, *, responsivity_a_per_w: float, thermal_density_a_per_rthz: float, dark_current_a: float,
                 rin_per_hz: float, bandwidth_hz: float, settings: ReceiverSettings, sample_rate_hz: float,
                 seed: int, dtype: Any = np.float64, noise: bool = True, prefetch: bool = False) -> None:
        self.dtype = np.dtype(dtype)
        self.responsivity = float(responsivity_a_per_w)
        self.bandwidth_hz = float(bandwidth_hz)
        self.fs = float(sample_rate_hz)
        q = ELEMENTARY_CHARGE_C
        th = float(thermal_density_a_per_rthz) ** 2 if settings.thermal_noise else 0.0
        dark = 2.0 * q * float(dark_current_a) if settings.shot_noise else 0.0
        #: one-sided density terms: S(I) = const + lin I + quad I^2, A^2/Hz
        self.psd_const = th + dark
        self.psd_lin = 2.0 * q if settings.shot_noise else 0.0
        self.psd_quad = float(rin_per_hz) if settings.rin_noise else 0.0
        self.noise = bool(noise) and (self.psd_const > 0 or self.psd_lin > 0 or self.psd_quad > 0)
        self._stream = RandomStream(seed, RECEIVER_NOISE, prefetch=prefetch) if self.noise else None
        self._position = 0
        self._scratch = Scratch()
        if settings.filter == "bessel4":
            sos = bessel_sos(4, self.bandwidth_hz, self.fs, "receiver bandwidth_hz")
            self.filter: StreamingSos | StreamingFir = StreamingSos(sos, self.dtype)
            self.noise_bandwidth_hz = noise_bandwidth_sos_hz(sos, self.fs)
            b, a = ss.sos2tf(sos)
            self.delay_samples = float(ss.group_delay((b, a), w=[1e-6])[1][0])
        else:
            taps = brickwall_fir(self.bandwidth_hz, self.fs, int(settings.brickwall_taps))
            self.filter = StreamingFir(taps, self.dtype)
            self.noise_bandwidth_hz = noise_bandwidth_fir_hz(taps, self.fs)
            self.delay_samples = self.filter.delay_samples

    def psd_a2_per_hz(self, current_a: Any) -> np.ndarray:
        """One-sided noise density at photocurrent ``current_a`` (A), A^2/Hz."""
        i = np.asarray(current_a, dtype=float)
        return self.psd_const + i * (self.psd_lin + self.psd_quad * i)

    def level_sigmas_a(self, level_currents_a: Any) -> np.ndarray:
        """Analytic noise sigma after the filter for steady currents, A: ``sqrt(S(I) B_n)``."""
        return np.sqrt(self.psd_a2_per_hz(level_currents_a) * self.noise_bandwidth_hz)

    def detect(self, power_w: np.ndarray) -> np.ndarray:
        """Photocurrent plus white noise, before the filter, A."""
        p = np.asarray(power_w)
        n = p.size
        if self._stream is None or n == 0:
            self._position += n
            return (self.responsivity * p).astype(self.dtype, copy=False)
        i = self._scratch.take("current", n, self.dtype)
        np.multiply(p, self.responsivity, out=i, casting="same_kind")
        half_fs = 0.5 * self.fs
        sd = np.empty(n, dtype=self.dtype)
        if self.psd_quad:
            np.multiply(i, self.psd_quad * half_fs, out=sd)
            sd += self.psd_lin * half_fs
            sd *= i
        else:
            np.multiply(i, self.psd_lin * half_fs, out=sd)
        sd += self.psd_const * half_fs
        np.sqrt(sd, out=sd)
        sd *= self._stream.read(self._position, n, out=self._scratch.take("z", n, np.float32))
        sd += i
        self._position += n
        return sd

    def process(self, power_w: np.ndarray) -> np.ndarray:
        """Filtered, noisy photocurrent for received optical power samples (W), A."""
        return self.filter.process(self.detect(power_w))

    def flush(self) -> np.ndarray:
        return self.filter.flush()


def thresholds_for_levels(means_a: np.ndarray, sigmas_a: np.ndarray, method: str) -> np.ndarray:
    """Decision thresholds (A, ``M - 1``) between level means; PhysicsError if the means are
    not strictly increasing (a closed, disordered eye has no thresholds)."""
    mu = np.asarray(means_a, dtype=float)
    if np.any(np.diff(mu) <= 0):
        raise PhysicsError(f"receiver: the level means {np.array2string(mu, precision=4)} A do not increase; "
                           "the eye is closed (too much ISI, crosstalk or a modulator biased past its extremes)")
    sg = np.maximum(np.asarray(sigmas_a, dtype=float), 1e-30)
    return np.asarray(decision_thresholds(mu, sg, method), dtype=float)


def clopper_pearson_interval(errors: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper-Pearson) two-sided interval of a binomial proportion (CPS-TDS-05)."""
    k, n, alpha = _check_counts(errors, trials, confidence)
    lo = 0.0 if k == 0 else float(stats.beta.ppf(alpha / 2, k, n - k + 1))
    hi = 1.0 if k == n else float(stats.beta.ppf(1 - alpha / 2, k + 1, n - k))
    return lo, hi


def wilson_interval(errors: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score two-sided interval of a binomial proportion (CPS-TDS-06)."""
    k, n, alpha = _check_counts(errors, trials, confidence)
    z = float(stats.norm.ppf(1 - alpha / 2))
    p = k / n
    den = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / den
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / den
    return max(0.0, centre - half), min(1.0, centre + half)


def error_interval(errors: int, trials: int, confidence: float = 0.95, method: str = "clopper-pearson") -> tuple[float, float]:
    """Two-sided interval of an error rate by ``method`` (``INTERVALS``)."""
    check_choice("error_interval.method", method, INTERVALS)
    f = clopper_pearson_interval if method == "clopper-pearson" else wilson_interval
    return f(errors, trials, confidence)


def _check_counts(errors: int, trials: int, confidence: float) -> tuple[int, int, float]:
    n = int(check_number("error_interval.trials", trials, lo=1, integer=True))
    k = int(check_number("error_interval.errors", errors, lo=0, hi=n, integer=True))
    c = float(check_number("error_interval.confidence", confidence, lo=0.0, lo_open=True, hi=1.0, hi_open=True))
    return k, n, 1.0 - c


class ErrorCounter:
    """Slices samples with fixed thresholds and counts symbol and Gray bit errors; also
    accumulates each transmitted level's sample mean and variance."""

    def __init__(self, levels: int, thresholds_a: np.ndarray) -> None:
        self.levels = int(levels)
        self.thresholds = np.asarray(thresholds_a, dtype=float)
        self._bit_table = bit_error_table(self.levels).astype(np.int64)
        self.symbols = 0
        self.symbol_errors = 0
        self.bit_errors = 0
        self._n = np.zeros(self.levels)
        self._sum = np.zeros(self.levels)
        self._sum2 = np.zeros(self.levels)

    def decide(self, samples: np.ndarray) -> np.ndarray:
        """Level indices decided for ``samples`` (A), uint8."""
        return np.searchsorted(self.thresholds, np.asarray(samples, dtype=float)).astype(np.uint8)

    def add(self, tx_symbols: np.ndarray, samples: np.ndarray, decisions: np.ndarray | None = None) -> np.ndarray:
        """Count errors of ``samples`` (A) against ``tx_symbols``; return the decisions
        (``decisions``, if given, are the slicer's output for ``samples``)."""
        dec = self.decide(samples) if decisions is None else np.asarray(decisions, dtype=np.uint8)
        tx = np.asarray(tx_symbols, dtype=np.intp)
        wrong = dec != tx
        self.symbols += tx.size
        self.symbol_errors += int(np.count_nonzero(wrong))
        if wrong.any():
            self.bit_errors += int(self._bit_table[tx[wrong], dec[wrong]].sum())
        x = np.asarray(samples, dtype=float)
        self._n += np.bincount(tx, minlength=self.levels)
        self._sum += np.bincount(tx, weights=x, minlength=self.levels)
        self._sum2 += np.bincount(tx, weights=x * x, minlength=self.levels)
        return dec

    @property
    def level_means_a(self) -> np.ndarray:
        """Mean sample of each transmitted level, A (NaN-free: levels never sent give 0)."""
        n = np.maximum(self._n, 1)
        return self._sum / n

    @property
    def level_sigmas_a(self) -> np.ndarray:
        """Standard deviation of the samples of each transmitted level (noise + ISI), A."""
        n = np.maximum(self._n, 1)
        var = np.maximum(self._sum2 / n - (self._sum / n) ** 2, 0.0)
        return np.sqrt(var)
