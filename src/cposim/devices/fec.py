"""Forward error correction: Reed-Solomon (KP4) and the 200G/lane concatenated code.

Error model: independent bit errors at the pre-FEC bit error ratio ``p_b`` (no burst
errors, no DFE error propagation: those need a symbol-error model of their own).

Reed-Solomon RS(n, k) over GF(2^m), correcting ``t = floor((n - k) / 2)`` symbols
(KP4: RS(544,514), m = 10, t = 15, STD-01):

* symbol error probability ``p_s = 1 - (1 - p_b)^m``;
* codeword error ratio (uncorrectable codeword) ``CER = P[X > t]``, ``X ~ Bin(n, p_s)``;
* post-FEC symbol error ratio: a failed codeword is passed on with its ``i`` received symbol
  errors (bounded-distance decoder that detects the failure; miscorrection, whose
  probability for RS(544,514) is below 1/t!, is neglected)::

      SER_out = (1/n) sum_{i>t} i C(n,i) p_s^i (1-p_s)^(n-i) = p_s P[Bin(n-1, p_s) >= t]

* post-FEC bit error ratio ``BER_out = SER_out * p_b / p_s`` (an erroneous symbol holds
  ``m p_b / p_s`` bit errors on average). With ``t = 0`` (n = k) this returns ``p_b``.

All probabilities are computed as logarithms: SciPy's binomial survival function where it
is representable (>= 1e-280) and otherwise a log-space sum of the leading tail terms, so
tiny values (1e-300 and below) neither underflow to a wrong 0 nor become NaN; the public
methods return ``exp`` of those logarithms.

Frame loss ratio (FLR) on an 802.3 PCS: each codeword carries ``k m 256/257 / 8`` octets of
64b/66b data (640 octets for KP4) and ``interleave`` codewords are symbol-interleaved (2 for
200G/400GBASE-R, CPS-FEC-01), so every frame that touches an interleave group touches all its
codewords. A frame of ``L`` octets plus 8 octets of preamble/SFD starting at a uniform random
octet touches ``1 + a`` or ``2 + a`` groups (``a + f = (L + 7) / group octets``) and is lost if
any codeword it touches fails::

    FLR = 1 - [(1 - f) (1 - CER)^(I (1 + a)) + f (1 - CER)^(I (2 + a))]  ~  I (1 + a + f) CER

At 2.4e-4 this gives 1.72e-12 for 64-octet frames at 400G, the published 1.7e-12 (STD-01).

Concatenated FEC for 200G/lane optics (STD-03): an inner extended Hamming(128,120) code
(single-error-correcting, double-error-detecting, d = 4) protecting each 128-bit block,
inside RS(544,514). The inner code runs over the optical line (226.875 Gb/s, 113.4375 GBd
PAM4, STD-3DJ-01) and is removed before the 212.5 Gb/s electrical interface (STD-06).

``inner_decoding="hard"`` (computed). Per block with ``i`` input errors:
``i = 1`` is corrected; even ``i >= 2`` is detected and left unchanged; odd ``i >= 3`` looks
like a single error and is miscorrected, adding one error (exact for ``i = 3`` in the
full-length code, an upper bound for ``i >= 5``)::

    BER_inner_out = p (1 - (1-p)^(N-1)) + (1/N) sum_{odd i>=3} C(N,i) p^i (1-p)^(N-i)

and the RS sees ``BER_inner_out`` as independent bit errors (802.3dj interleaves RS symbols
across inner blocks; the residual correlation is neglected). The resulting input threshold
(inner output = 2.4e-4) is about 1.42e-3, below the ~4.8e-3 quoted for the proposals (STD-03):
those assume soft-decision (Chase-type) inner decoding, worth roughly a factor 3-4 in BER
over hard decisions.

``inner_decoding="soft"`` (the default, the standard's assumption, STD-03). A Chase decoder
cannot be modelled from the BER alone, so the soft threshold is an INPUT: ``threshold_ber``
returns the published ``soft_threshold_ber`` (4.8e-3, STD-03) - an identity, not a
prediction. The post-FEC curve is the hard-decision one evaluated at an equivalent
hard-decision input BER ``g(p)`` (an approximation, CPS-FEC-04): with ``u = p / (1 - 2p)``,
``u(g) = r u(p)`` and ``r = u(p_hard) / u(p_soft)`` (p_hard = the computed hard threshold,
p_soft = the published one), i.e.::

    g(p) = r p / (1 + 2 p (r - 1))

``g`` is increasing, ``g(p_soft) = p_hard`` exactly (so the RS input at the published
threshold is exactly ``outer.threshold_ber``), ``g(p) ~ r p`` at small p (r ~ 0.30), and
``g(0.5) = 0.5``: a channel that carries no information gains nothing from any decoder.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Iterator

import numpy as np
from scipy.special import gammaln
from scipy.stats import binom

from cposim.devices.base import Device, as_array, param, register_device
from cposim.errors import ConfigError
from cposim.validation import check_choice, check_number

__all__ = [
    "OPTICAL_LINE_RATE_200G_BPS",
    "INNER_DECODINGS",
    "ConcatenatedFec",
    "ReedSolomonFec",
    "frame_loss_ratio_400g",
    "log_binomial_tail",
]

#: 802.3dj 200G/lane optical line rate, bit/s: 113.4375 GBd PAM4 carrying the Hamming(128,120)
#: inner code over the 212.5 Gb/s RS(544,514) stream of the host lane (STD-3DJ-01, STD-06).
OPTICAL_LINE_RATE_200G_BPS = 226.875e9
#: Below this, SciPy's binomial survival function is replaced by a log-space tail sum.
_SF_FLOOR = 1e-280
#: Tail terms summed in log space (the tail is far below its mean there; terms fall fast).
_SERIES_TERMS = 64
#: 64b/66b data carried per transcoded payload bit (802.3 256b/257b transcoding).
_TRANSCODE = 256.0 / 257.0
#: Preamble + SFD octets that belong to a frame on the PCS.
_PREAMBLE_OCTETS = 8
#: Bisection steps of the threshold solvers (log10 interval of ~300 -> ~1e-16).
_BISECTION_STEPS = 64
#: Lowest pre-FEC BER the threshold solvers search, log10.
_LOG10_BER_FLOOR = -300.0
_LOG10_BER_CEIL = math.log10(0.5)
#: Inner-code decodings of :class:`ConcatenatedFec`.
INNER_DECODINGS = ("hard", "soft")
#: Hard-decision thresholds of scalar concatenated codes, keyed by (N, outer threshold).
_HARD_THRESHOLD_CACHE: dict[tuple[float, float], float] = {}


def log_binomial_tail(k: Any, n: Any, log_p: Any) -> np.ndarray:
    """``log P[X > k]`` for ``X ~ Binomial(n, p)``, given ``log p``; broadcasts.

    Returns 0 where ``k < 0`` and ``-inf`` where the probability is exactly 0 (``k >= n`` or
    ``p = 0``). Tails below 1e-280 are summed in log space from their leading terms.
    """
    k, n, log_p = np.broadcast_arrays(as_array(k), as_array(n), as_array(log_p))
    p = np.exp(log_p)
    with np.errstate(divide="ignore"):
        sf = np.asarray(binom.sf(k, n, p), dtype=float)
        out = np.array(np.log(sf), dtype=float)
    need = (sf < _SF_FLOOR) & (k >= 0) & (k < n) & np.isfinite(log_p)
    if np.any(need):
        kk, nn, lp = k[need], n[need], log_p[need]
        lq = np.log1p(-np.exp(lp))
        base = gammaln(nn + 1.0)
        acc = np.full(kk.shape, -np.inf)
        for j in range(_SERIES_TERMS):
            i = kk + 1.0 + j
            valid = i <= nn
            rest = np.where(valid, nn - i, 0.0)
            term = base - gammaln(i + 1.0) - gammaln(rest + 1.0) + i * lp + rest * lq
            acc = np.logaddexp(acc, np.where(valid, term, -np.inf))
        out[need] = acc
    return out


def _log_ber(pre_fec_ber: Any, field_name: str) -> np.ndarray:
    ber = as_array(check_number(field_name, pre_fec_ber, unit="", lo=0.0, hi=0.5))
    with np.errstate(divide="ignore"):
        return np.log(ber)


def _log_symbol_error(log_pb: np.ndarray, m: Any) -> np.ndarray:
    """``log p_s`` with ``p_s = 1 - (1 - p_b)^m``, exact for tiny ``p_b``."""
    m = as_array(m)
    pb = np.exp(log_pb)
    with np.errstate(divide="ignore"):
        direct = np.log(-np.expm1(m * np.log1p(-pb)))
    return np.where(log_pb < -300.0, np.log(m) + log_pb, direct)


def _bisect_log10(
    log_f: Callable[[np.ndarray], np.ndarray], log_target: np.ndarray, lo: float, hi: float
) -> np.ndarray:
    """Vectorised bisection of a non-decreasing ``log_f(log10 x)`` for ``log_target``."""
    lo_arr = np.full(log_target.shape, lo)
    hi_arr = np.full(log_target.shape, hi)
    for _ in range(_BISECTION_STEPS):
        mid = 0.5 * (lo_arr + hi_arr)
        above = log_f(mid) > log_target
        hi_arr = np.where(above, mid, hi_arr)
        lo_arr = np.where(above, lo_arr, mid)
    return 10.0 ** (0.5 * (lo_arr + hi_arr))


def _solve_threshold(
    forward: Callable[[np.ndarray], np.ndarray], target: Any, field_name: str, lo: float = _LOG10_BER_FLOOR
) -> np.ndarray:
    """Pre-FEC BER at which ``exp(forward(log BER))`` equals ``target`` (0 < target < 1)."""
    tgt = as_array(check_number(field_name, target, unit="", lo=0.0, hi=1.0, lo_open=True, hi_open=True))
    log_t = np.log(tgt)
    f = lambda x10: forward(np.log(10.0) * x10)  # noqa: E731
    f_lo, f_hi = f(np.full(log_t.shape, lo)), f(np.full(log_t.shape, _LOG10_BER_CEIL))
    if np.any(log_t > f_hi):
        bad = float(tgt[log_t > f_hi].flat[0]) if tgt.ndim else float(tgt)
        reach = float(np.exp(np.max(f_hi)))
        raise ConfigError(field_name, bad, f"is not reached even at a pre-FEC BER of 0.5 (output there {reach:.3g})")
    if np.any(log_t < f_lo):
        bad = float(tgt[log_t < f_lo].flat[0]) if tgt.ndim else float(tgt)
        raise ConfigError(
            field_name, bad, f"is below the output at a pre-FEC BER of 1e{lo:g}; expected a larger target"
        )
    return _bisect_log10(f, log_t, lo, _LOG10_BER_CEIL)


@register_device("reed_solomon_fec")
@dataclass(frozen=True, kw_only=True)
class ReedSolomonFec(Device):
    """Reed-Solomon FEC, by default the KP4 RS(544,514) of 200G/400GBASE-R.

    Parameters:
        n_symbols: codeword length, symbols (544, STD-01; <= 2^m - 1).
        k_symbols: message length, symbols (514, STD-01; <= n; n = k is no coding).
        symbol_bits: bits per symbol m (10, STD-01).
        interleave: codewords symbol-interleaved per group (2 for 200G/400GBASE-R,
            CPS-FEC-01; 1 for 100G per lane).
        line_rate_bps: FEC-encoded bit rate that fills the decoder, bit/s (425e9, 400GBASE-R,
            CPS-FEC-01).
        decoder_latency_s: decoding time after the last bit arrives, s (50e-9, CPS-FEC-02).
        threshold_ber: the standard's pre-FEC BER threshold (2.4e-4, STD-01).

    Outputs: correctable_symbols (t), code_rate (k/n), overhead (n/k - 1), codeword_bits,
    accumulation_time_s (interleave x n x m / line rate, s), latency_s (accumulation +
    decoder, s), threshold_ber, post_fec_ber_at_threshold, frame_loss_ratio_at_threshold
    (64-octet frames).
    Methods (pre-FEC BER in [0, 0.5], arrays broadcast): symbol_error_ratio,
    codeword_error_ratio, post_fec_symbol_error_ratio, post_fec_ber, frame_loss_ratio,
    pre_fec_threshold(target_post_fec_ber=... | target_flr=...).
    """

    n_symbols: int = param(544, unit="symbol", sources=("STD-01",), lo=1, hi=65535, integer=True)
    k_symbols: int = param(514, unit="symbol", sources=("STD-01",), lo=1, hi=65535, integer=True)
    symbol_bits: int = param(10, unit="bit", sources=("STD-01",), lo=1, hi=16, integer=True)
    interleave: int = param(2, unit="codeword", sources=("CPS-FEC-01",), lo=1, hi=16, integer=True)
    line_rate_bps: float = param(425e9, unit="bit/s", sources=("CPS-FEC-01",), lo=1e9, hi=100e12)
    decoder_latency_s: float = param(50e-9, unit="s", sources=("CPS-FEC-02",), lo=0.0, hi=1e-3)
    threshold_ber: float = param(2.4e-4, unit="-", sources=("STD-01",), lo=0.0, hi=0.5, lo_open=True)

    outputs: ClassVar[tuple[str, ...]] = (
        "correctable_symbols",
        "code_rate",
        "overhead",
        "codeword_bits",
        "accumulation_time_s",
        "latency_s",
        "threshold_ber",
        "post_fec_ber_at_threshold",
        "frame_loss_ratio_at_threshold",
    )

    def _check(self) -> None:
        n, k, m = as_array(self.n_symbols), as_array(self.k_symbols), as_array(self.symbol_bits)
        k_b, n_b = np.broadcast_arrays(k, n)
        if np.any(k_b > n_b):
            bad = float(k_b[k_b > n_b].flat[0])
            raise ConfigError(
                "ReedSolomonFec.k_symbols", bad, "is larger than n_symbols; expected k <= n", unit="symbol"
            )
        if np.any(n > 2.0**m - 1.0):
            raise ConfigError(
                "ReedSolomonFec.n_symbols",
                float(np.max(n)),
                f"is longer than a Reed-Solomon code over GF(2^{float(np.min(m)):g}) allows; expected n <= 2^m - 1",
                unit="symbol",
            )

    # ---- code figures ------------------------------------------------------------
    @property
    def correctable_symbols(self) -> np.ndarray:
        """t = floor((n - k) / 2), symbols."""
        return np.floor((as_array(self.n_symbols) - as_array(self.k_symbols)) / 2.0)

    @property
    def code_rate(self) -> np.ndarray:
        """k / n."""
        return as_array(self.k_symbols) / as_array(self.n_symbols)

    @property
    def overhead(self) -> np.ndarray:
        """Parity overhead n / k - 1 (0.0584 for KP4)."""
        return as_array(self.n_symbols) / as_array(self.k_symbols) - 1.0

    @property
    def codeword_bits(self) -> np.ndarray:
        """n m, bits (5440 for KP4)."""
        return as_array(self.n_symbols) * as_array(self.symbol_bits)

    @property
    def accumulation_time_s(self) -> np.ndarray:
        """Time for one interleave group to arrive at ``line_rate_bps``, s."""
        return as_array(self.interleave) * self.codeword_bits / as_array(self.line_rate_bps)

    @property
    def latency_s(self) -> np.ndarray:
        """Accumulation plus decoder latency, s."""
        return self.accumulation_time_s + as_array(self.decoder_latency_s)

    @property
    def post_fec_ber_at_threshold(self) -> np.ndarray:
        """Post-FEC BER at ``threshold_ber``."""
        return self.post_fec_ber(self.threshold_ber)

    @property
    def frame_loss_ratio_at_threshold(self) -> np.ndarray:
        """FLR of 64-octet frames at ``threshold_ber``."""
        return self.frame_loss_ratio(self.threshold_ber)

    # ---- log-space core (inputs: log pre-FEC BER, may hold -inf) --------------------------
    def _log_codeword_error(self, log_pb: np.ndarray) -> np.ndarray:
        log_ps = _log_symbol_error(log_pb, self.symbol_bits)
        return log_binomial_tail(self.correctable_symbols, self.n_symbols, log_ps)

    def _log_post_ser(self, log_pb: np.ndarray) -> np.ndarray:
        log_ps = _log_symbol_error(log_pb, self.symbol_bits)
        tail = log_binomial_tail(self.correctable_symbols - 1.0, as_array(self.n_symbols) - 1.0, log_ps)
        return log_ps + tail

    def _log_post_ber(self, log_pb: np.ndarray) -> np.ndarray:
        log_ps = _log_symbol_error(log_pb, self.symbol_bits)
        with np.errstate(invalid="ignore"):
            ratio = np.where(np.isfinite(log_pb), log_pb - log_ps, -np.log(as_array(self.symbol_bits)))
        return self._log_post_ser(log_pb) + ratio

    def _log_flr(self, log_pb: np.ndarray, frame_octets: Any) -> np.ndarray:
        log_cer = self._log_codeword_error(log_pb)
        inter = as_array(self.interleave)
        group_octets = inter * as_array(self.k_symbols) * as_array(self.symbol_bits) * _TRANSCODE / 8.0
        span = (as_array(frame_octets) + _PREAMBLE_OCTETS - 1.0) / group_octets
        a = np.floor(span)
        f = span - a
        cer = np.exp(log_cer)
        with np.errstate(divide="ignore"):
            lq = np.log1p(-cer)  # -inf where every codeword fails
            lin = (1.0 - f) * -np.expm1(inter * (1.0 + a) * lq) + f * -np.expm1(inter * (2.0 + a) * lq)
            log_lin = np.log(lin)
        return np.where(log_cer < -600.0, log_cer + np.log(inter * (1.0 + a + f)), log_lin)

    # ---- public, linear ------------------------------------------------------------
    def symbol_error_ratio(self, pre_fec_ber: Any) -> np.ndarray:
        """Pre-FEC symbol error probability ``1 - (1 - p_b)^m``."""
        return np.exp(_log_symbol_error(_log_ber(pre_fec_ber, "pre_fec_ber"), self.symbol_bits))

    def codeword_error_ratio(self, pre_fec_ber: Any) -> np.ndarray:
        """Probability that a codeword holds more than t symbol errors (uncorrectable)."""
        return np.exp(self._log_codeword_error(_log_ber(pre_fec_ber, "pre_fec_ber")))

    def post_fec_symbol_error_ratio(self, pre_fec_ber: Any) -> np.ndarray:
        """Symbol error ratio after decoding."""
        return np.exp(self._log_post_ser(_log_ber(pre_fec_ber, "pre_fec_ber")))

    def post_fec_ber(self, pre_fec_ber: Any) -> np.ndarray:
        """Bit error ratio after decoding."""
        return np.exp(self._log_post_ber(_log_ber(pre_fec_ber, "pre_fec_ber")))

    def frame_loss_ratio(self, pre_fec_ber: Any, frame_octets: Any = 64) -> np.ndarray:
        """Fraction of frames of ``frame_octets`` octets (MAC frame, 64 .. 16384) lost."""
        octets = check_number("frame_octets", frame_octets, unit="octet", lo=1, hi=16384)
        return np.exp(self._log_flr(_log_ber(pre_fec_ber, "pre_fec_ber"), octets))

    def pre_fec_threshold(
        self, *, target_post_fec_ber: Any = None, target_flr: Any = None, frame_octets: Any = 64
    ) -> np.ndarray:
        """Largest pre-FEC BER meeting a post-FEC BER target or an FLR target (give one)."""
        if (target_post_fec_ber is None) == (target_flr is None):
            raise ConfigError("pre_fec_threshold", None, "needs exactly one of target_post_fec_ber or target_flr")
        if target_post_fec_ber is not None:
            return _solve_threshold(self._log_post_ber, target_post_fec_ber, "target_post_fec_ber")
        octets = check_number("frame_octets", frame_octets, unit="octet", lo=1, hi=16384)
        return _solve_threshold(lambda lb: self._log_flr(lb, octets), target_flr, "target_flr")


def frame_loss_ratio_400g(pre_fec_ber: Any, frame_octets: Any = 64) -> np.ndarray:
    """FLR of a 400GBASE-R link (2 interleaved RS(544,514), STD-01/CPS-FEC-01) at a pre-FEC BER."""
    return ReedSolomonFec().frame_loss_ratio(pre_fec_ber, frame_octets)


@register_device("concatenated_fec")
@dataclass(frozen=True, kw_only=True)
class ConcatenatedFec(Device):
    """Inner extended-Hamming code (hard or soft decision) inside an outer Reed-Solomon code.

    Parameters:
        inner_block_bits: inner codeword length N, bits (128, STD-03).
        inner_data_bits: inner message length, bits (120, STD-03); an extended Hamming code
            needs ``N <= 2^(N - K - 1)``.
        inner_lane_rate_bps: bit rate of the inner-coded stream, i.e. the optical line rate
            the inner blocks arrive at, bit/s (226.875e9, STD-3DJ-01).
        inner_decoder_latency_s: inner decoder + interleaver latency, s (20e-9, CPS-FEC-03).
        inner_decoding: "hard" (SEC-DED syndrome decoding, computed) or "soft" (Chase-type,
            the 802.3dj proposals' assumption; default, STD-03).
        soft_threshold_ber: input BER threshold of soft inner decoding, an INPUT taken from
            the published figure (4.8e-3, STD-03), not a prediction; unused for "hard".
        outer: the outer :class:`ReedSolomonFec` (KP4 defaults).

    Outputs: inner_code_rate, code_rate (product), overhead (1/rate - 1, ~12.9 %),
    hard_decision_threshold_ber (input BER whose hard-decided inner output equals
    ``outer.threshold_ber``, ~1.42e-3), threshold_ber (that for "hard"; ``soft_threshold_ber``
    for "soft"), latency_s (outer latency + inner block accumulation + inner decoder, s).
    Methods (input BER in [0, 0.5]; all follow ``inner_decoding``): inner_output_ber,
    codeword_error_ratio, post_fec_ber, frame_loss_ratio,
    pre_fec_threshold(target_post_fec_ber=... | target_flr=...).
    """

    inner_block_bits: int = param(128, unit="bit", sources=("STD-03",), lo=4, hi=4096, integer=True)
    inner_data_bits: int = param(120, unit="bit", sources=("STD-03",), lo=1, hi=4096, integer=True)
    inner_lane_rate_bps: float = param(226.875e9, unit="bit/s", sources=("STD-3DJ-01",), lo=1e9, hi=1e12)
    inner_decoder_latency_s: float = param(20e-9, unit="s", sources=("CPS-FEC-03",), lo=0.0, hi=1e-3)
    inner_decoding: str = field(default="soft")
    soft_threshold_ber: float = param(4.8e-3, unit="-", sources=("CPS-FEC-05", "STD-03"), lo=0.0, hi=0.5, lo_open=True,
                                      hi_open=True, doc="published input BER threshold of soft inner decoding")
    outer: ReedSolomonFec = field(default_factory=ReedSolomonFec)

    extra_sources: ClassVar[dict[str, tuple[str, ...]]] = {"inner_decoding": ("STD-03",)}
    outputs: ClassVar[tuple[str, ...]] = (
        "inner_code_rate",
        "code_rate",
        "overhead",
        "hard_decision_threshold_ber",
        "threshold_ber",
        "latency_s",
    )

    def _iter_sources(self) -> Iterator[tuple[str, tuple[str, ...]]]:
        yield from super()._iter_sources()
        if self.inner_decoding == "soft":
            yield "(soft-decision post-FEC curve)", ("CPS-FEC-04",)

    def _check(self) -> None:
        check_choice("ConcatenatedFec.inner_decoding", self.inner_decoding, INNER_DECODINGS)
        n, k = as_array(self.inner_block_bits), as_array(self.inner_data_bits)
        if np.any(k >= n):
            raise ConfigError(
                "ConcatenatedFec.inner_data_bits", float(np.max(k)), "is not smaller than inner_block_bits", unit="bit"
            )
        if np.any(n > 2.0 ** (n - k - 1.0)):
            raise ConfigError(
                "ConcatenatedFec.inner_block_bits",
                float(np.max(n)),
                "is too long for a single-error-correcting, double-error-detecting code with "
                "that many parity bits; expected N <= 2^(N - K - 1)",
                unit="bit",
            )
        if not isinstance(self.outer, ReedSolomonFec):
            raise ConfigError("ConcatenatedFec.outer", self.outer, "is not a ReedSolomonFec")

    @property
    def inner_code_rate(self) -> np.ndarray:
        """K / N of the inner code."""
        return as_array(self.inner_data_bits) / as_array(self.inner_block_bits)

    @property
    def code_rate(self) -> np.ndarray:
        """Inner rate x outer rate."""
        return self.inner_code_rate * self.outer.code_rate

    @property
    def overhead(self) -> np.ndarray:
        """Total overhead 1 / rate - 1."""
        return 1.0 / self.code_rate - 1.0

    @property
    def latency_s(self) -> np.ndarray:
        """Outer latency + inner block accumulation at ``inner_lane_rate_bps`` + inner decoder, s."""
        inner = as_array(self.inner_block_bits) / as_array(self.inner_lane_rate_bps)
        return self.outer.latency_s + inner + as_array(self.inner_decoder_latency_s)

    @property
    def hard_decision_threshold_ber(self) -> np.ndarray:
        """Input BER at which the hard-decided inner output equals ``outer.threshold_ber``
        (computed; ~1.42e-3 for Hamming(128,120) + KP4). Scalar codes are solved once."""
        n, t = as_array(self.inner_block_bits), as_array(self.outer.threshold_ber)
        if n.ndim or t.ndim:
            return _solve_threshold(self._log_inner_out, t, "outer.threshold_ber")
        key = (float(n), float(t))
        if key not in _HARD_THRESHOLD_CACHE:
            _HARD_THRESHOLD_CACHE[key] = float(_solve_threshold(self._log_inner_out, t, "outer.threshold_ber"))
        return np.asarray(_HARD_THRESHOLD_CACHE[key])

    @property
    def threshold_ber(self) -> np.ndarray:
        """Pre-FEC (input) BER threshold: ``hard_decision_threshold_ber`` for "hard";
        for "soft" the published ``soft_threshold_ber`` itself (STD-03, an identity)."""
        if self.inner_decoding == "soft":
            shape = np.broadcast_shapes(as_array(self.soft_threshold_ber).shape,
                                        as_array(self.outer.threshold_ber).shape,
                                        as_array(self.inner_block_bits).shape)
            return np.broadcast_to(as_array(self.soft_threshold_ber), shape).copy()
        return self.hard_decision_threshold_ber

    # ---- inner code ------------------------------------------------------------------
    def _log_equivalent_hard_input(self, log_p: np.ndarray) -> np.ndarray:
        """``log g(p)``: the input BER the hard-decision model is evaluated at (identity for
        "hard"; for "soft" ``g(p) = r p / (1 + 2 p (r - 1))``, see the module docstring)."""
        log_p = as_array(log_p)
        if self.inner_decoding == "hard":
            return log_p
        p_h = self.hard_decision_threshold_ber
        p_s = as_array(self.soft_threshold_ber)
        log_r = np.log(p_h) - np.log1p(-2.0 * p_h) - np.log(p_s) + np.log1p(-2.0 * p_s)
        p = np.exp(log_p)
        return log_r + log_p - np.log1p(2.0 * p * np.expm1(log_r))

    def _log_decoded_inner_out(self, log_p: np.ndarray) -> np.ndarray:
        """``log`` of the BER the outer code sees, for the lane's inner decoding."""
        return self._log_inner_out(self._log_equivalent_hard_input(log_p))

    def _log_inner_out(self, log_p: np.ndarray) -> np.ndarray:
        n = as_array(self.inner_block_bits)
        log_p, n = np.broadcast_arrays(as_array(log_p), n)
        p = np.exp(log_p)
        lq = np.log1p(-p)
        with np.errstate(divide="ignore"):
            direct = np.log(-np.expm1((n - 1.0) * lq))
        log_fail = np.where(log_p < -300.0, np.log(n - 1.0) + log_p, direct)  # log(1 - q^(N-1))
        log_a = log_p + log_fail
        base = gammaln(n + 1.0)
        acc = np.full(log_p.shape, -np.inf)
        for i in range(3, int(np.max(n)) + 1, 2):
            valid = i <= n
            rest = np.where(valid, n - i, 0.0)
            term = base - gammaln(i + 1.0) - gammaln(rest + 1.0) + i * log_p + rest * lq
            acc = np.logaddexp(acc, np.where(valid, term, -np.inf))
        return np.logaddexp(log_a, acc - np.log(n))

    def inner_output_ber(self, pre_fec_ber: Any) -> np.ndarray:
        """BER after the inner decoder (input BER in [0, 0.5]): the SEC-DED hard-decision
        output for "hard"; for "soft" that output at the equivalent input ``g(p)``
        (CPS-FEC-04, an approximation)."""
        return np.exp(self._log_decoded_inner_out(_log_ber(pre_fec_ber, "pre_fec_ber")))

    def codeword_error_ratio(self, pre_fec_ber: Any) -> np.ndarray:
        """Outer codeword error ratio at an input (pre-inner) BER."""
        return np.exp(self.outer._log_codeword_error(self._log_decoded_inner_out(_log_ber(pre_fec_ber, "pre_fec_ber"))))

    def post_fec_ber(self, pre_fec_ber: Any) -> np.ndarray:
        """BER after both decoders."""
        return np.exp(self._log_post_ber(_log_ber(pre_fec_ber, "pre_fec_ber")))

    def frame_loss_ratio(self, pre_fec_ber: Any, frame_octets: Any = 64) -> np.ndarray:
        """FLR of ``frame_octets``-octet frames after both decoders."""
        octets = check_number("frame_octets", frame_octets, unit="octet", lo=1, hi=16384)
        return np.exp(self.outer._log_flr(self._log_decoded_inner_out(_log_ber(pre_fec_ber, "pre_fec_ber")), octets))

    def _log_post_ber(self, log_p: np.ndarray) -> np.ndarray:
        return self.outer._log_post_ber(self._log_decoded_inner_out(log_p))

    def pre_fec_threshold(
        self, *, target_post_fec_ber: Any = None, target_flr: Any = None, frame_octets: Any = 64
    ) -> np.ndarray:
        """Largest input BER meeting a post-FEC BER target or an FLR target (give one)."""
        if (target_post_fec_ber is None) == (target_flr is None):
            raise ConfigError("pre_fec_threshold", None, "needs exactly one of target_post_fec_ber or target_flr")
        lo = _LOG10_BER_FLOOR / 2.0  # the inner code squares small BERs
        if target_post_fec_ber is not None:
            return _solve_threshold(self._log_post_ber, target_post_fec_ber, "target_post_fec_ber", lo)
        octets = check_number("frame_octets", frame_octets, unit="octet", lo=1, hi=16384)
        forward = lambda lp: self.outer._log_flr(self._log_decoded_inner_out(lp), octets)  # noqa: E731
        return _solve_threshold(forward, target_flr, "target_flr", lo)
