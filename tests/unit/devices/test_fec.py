"""Reed-Solomon and concatenated FEC: closed forms, limits, Monte Carlo cross-checks,
tiny-probability robustness, threshold solvers and broadcasting."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import comb

from cposim.devices.fec import ConcatenatedFec, ReedSolomonFec, log_binomial_tail
from cposim.errors import ConfigError

KP4 = ReedSolomonFec()


# ---- code figures ----------------------------------------------------------------------
def test_kp4_code_figures():
    assert KP4.correctable_symbols == 15
    assert KP4.codeword_bits == 5440
    assert KP4.overhead == pytest.approx(30 / 514)
    assert KP4.code_rate == pytest.approx(514 / 544)
    assert KP4.threshold_ber == 2.4e-4


def test_latency_is_accumulation_plus_decoder():
    """400G: two 5440-bit codewords at 425 Gb/s = 25.6 ns; 100G lane: one at 106.25 = 51.2 ns."""
    assert KP4.accumulation_time_s == pytest.approx(25.6e-9)
    assert KP4.latency_s == pytest.approx(25.6e-9 + 50e-9)
    lane = ReedSolomonFec(interleave=1, line_rate_bps=106.25e9, decoder_latency_s=0.0)
    assert lane.latency_s == pytest.approx(51.2e-9)


# ---- closed forms and limits -------------------------------------------------------------
def test_symbol_error_closed_form_and_small_ber_limit():
    pb = np.array([1e-30, 1e-12, 1e-4, 0.1, 0.5])
    np.testing.assert_allclose(KP4.symbol_error_ratio(pb), -np.expm1(10 * np.log1p(-pb)), rtol=1e-9)
    assert KP4.symbol_error_ratio(1e-30) == pytest.approx(1e-29, rel=1e-12)


def test_uncoded_code_passes_errors_through():
    """t = 0 (n = k): no correction, post-FEC BER = pre-FEC BER, any symbol error fails."""
    none = ReedSolomonFec(n_symbols=544, k_symbols=544)
    pb = np.logspace(-15, math.log10(0.5), 40)
    ps = -np.expm1(10 * np.log1p(-pb))  # 1 - (1 - pb)^10 without cancellation
    assert none.correctable_symbols == 0 and none.overhead == 0
    np.testing.assert_allclose(none.post_fec_ber(pb), pb, rtol=1e-9)
    np.testing.assert_allclose(none.post_fec_symbol_error_ratio(pb), ps, rtol=1e-9)
    np.testing.assert_allclose(none.codeword_error_ratio(pb), -np.expm1(544 * np.log1p(-ps)), rtol=1e-9)


def test_post_ser_equals_the_direct_binomial_sum():
    """SER_out = (1/n) sum_{i>t} i C(n,i) p^i q^(n-i), summed term by term (small code)."""
    code = ReedSolomonFec(n_symbols=31, k_symbols=25, symbol_bits=5)
    pb = np.array([1e-4, 1e-3, 1e-2, 0.05])
    ps = 1 - (1 - pb) ** 5
    i = np.arange(4, 32)[:, None]
    direct = (i * comb(31, i) * ps**i * (1 - ps) ** (31 - i)).sum(axis=0) / 31
    np.testing.assert_allclose(code.post_fec_symbol_error_ratio(pb), direct, rtol=1e-10)
    cer = (comb(31, i) * ps**i * (1 - ps) ** (31 - i)).sum(axis=0)
    np.testing.assert_allclose(code.codeword_error_ratio(pb), cer, rtol=1e-10)


def test_zero_ber_gives_zero_errors():
    assert KP4.post_fec_ber(0.0) == 0.0
    assert KP4.codeword_error_ratio(0.0) == 0.0
    assert KP4.frame_loss_ratio(0.0) == 0.0


@settings(max_examples=150, deadline=None)
@given(a=st.floats(-40.0, math.log10(0.5)), b=st.floats(-40.0, math.log10(0.5)))
def test_post_fec_ber_cer_and_flr_monotone_in_pre_fec_ber(a, b):
    lo, hi = 10.0 ** min(a, b), 10.0 ** max(a, b)
    x = np.array([lo, hi])
    for f in (KP4.post_fec_ber, KP4.codeword_error_ratio, KP4.frame_loss_ratio):
        y = f(x)
        assert y[0] <= y[1]
    lp = np.log(x)
    assert KP4._log_post_ber(lp)[0] <= KP4._log_post_ber(lp)[1]


def test_fec_helps_below_threshold_and_cannot_beat_physics_above():
    pb = np.array([1e-6, 1e-5, 2.4e-4])
    assert np.all(KP4.post_fec_ber(pb) < pb)
    assert KP4.post_fec_ber(0.5) == pytest.approx(0.5, rel=1e-6)


# ---- Monte Carlo cross-check ----------------------------------------------------------
def test_binomial_tail_matches_bit_level_monte_carlo():
    """Independent method: simulate bit errors codeword by codeword (seed 1234) at a large
    pre-FEC BER; CER and post-FEC BER agree within 5 standard errors."""
    rng = np.random.default_rng(1234)
    pb, n, m, t = 2.5e-3, 544, 10, 15
    fails = 0
    bit_errors_left = 0
    words = 0
    for _ in range(6):
        err = rng.random((1000, n, m)) < pb
        sym = err.any(axis=2)
        nsym = sym.sum(axis=1)
        bad = nsym > t
        fails += int(bad.sum())
        bit_errors_left += int(err[bad].sum())
        words += err.shape[0]
    cer_mc = fails / words
    cer = float(KP4.codeword_error_ratio(pb))
    assert abs(cer_mc - cer) < 5 * math.sqrt(cer * (1 - cer) / words)
    ber_mc = bit_errors_left / (words * n * m)
    ber = float(KP4.post_fec_ber(pb))
    # bit errors cluster in failed codewords: standard error from the per-codeword variance
    assert ber_mc == pytest.approx(ber, rel=5 / math.sqrt(fails))


# ---- tiny probabilities --------------------------------------------------------------------
@pytest.mark.parametrize("pb", [1e-18, 1e-20, 1e-22, 1e-30, 1e-60, 1e-200, 1e-300])
def test_tiny_probabilities_stay_finite_and_match_the_leading_term(pb):
    """Deep in the tail, log CER -> log C(n, t+1) + (t+1) log p_s (relative error ~ n p_s)."""
    log_ps = math.log(10.0) + math.log(pb)
    lead = math.lgamma(545) - math.lgamma(17) - math.lgamma(529) + 16 * log_ps
    got = float(KP4._log_codeword_error(np.log(pb)))
    assert np.isfinite(got)
    assert got == pytest.approx(lead, rel=1e-9, abs=1e-6)
    cer = KP4.codeword_error_ratio(pb)
    assert np.isfinite(cer) and cer >= 0.0
    assert not np.isnan(KP4.post_fec_ber(pb))
    assert not np.isnan(KP4.frame_loss_ratio(pb))


def test_log_tail_is_smooth_across_the_scipy_to_series_switch():
    """Slope d log CER / d log p_b stays ~ t+1 = 16 where the method changes (~1e-280)."""
    pb = np.logspace(-25, -15, 401)
    y = KP4._log_codeword_error(np.log(pb))
    slope = np.diff(y) / np.diff(np.log(pb))
    assert np.all(np.abs(slope - 16.0) < 1e-3)


def test_log_binomial_tail_edges():
    assert log_binomial_tail(-1, 10, math.log(0.3)) == 0.0
    assert log_binomial_tail(10, 10, math.log(0.3)) == -np.inf
    assert log_binomial_tail(3, 10, -np.inf) == -np.inf


# ---- threshold solver ------------------------------------------------------------------------
def test_threshold_solver_inverts_post_fec_ber():
    targets = np.array([1e-9, 1e-13, 1e-15, 1e-30])
    th = KP4.pre_fec_threshold(target_post_fec_ber=targets)
    assert th.shape == targets.shape
    np.testing.assert_allclose(KP4.post_fec_ber(th), targets, rtol=1e-8)
    assert np.all(np.diff(th) < 0)


def test_threshold_solver_inverts_flr_with_frame_size():
    for octets in (64, 1518, 9216):
        th = KP4.pre_fec_threshold(target_flr=1e-12, frame_octets=octets)
        assert KP4.frame_loss_ratio(th, octets) == pytest.approx(1e-12, rel=1e-8)
    assert KP4.frame_loss_ratio(2.4e-4, 9216) > KP4.frame_loss_ratio(2.4e-4, 64)


def test_threshold_solver_rejects_bad_requests():
    with pytest.raises(ConfigError, match="exactly one"):
        KP4.pre_fec_threshold()
    with pytest.raises(ConfigError, match="exactly one"):
        KP4.pre_fec_threshold(target_post_fec_ber=1e-12, target_flr=1e-12)
    with pytest.raises(ConfigError, match="target_post_fec_ber"):
        KP4.pre_fec_threshold(target_post_fec_ber=0.9)
    with pytest.raises(ConfigError, match="target_flr"):
        KP4.pre_fec_threshold(target_flr=0.0)


# ---- broadcasting and input checks ----------------------------------------------------------
def test_methods_broadcast_like_scalar_calls():
    pb = np.array([[1e-8, 1e-5], [2.4e-4, 1e-3]])
    for f in (KP4.post_fec_ber, KP4.codeword_error_ratio, KP4.post_fec_symbol_error_ratio, KP4.frame_loss_ratio):
        arr = f(pb)
        assert arr.shape == pb.shape
        np.testing.assert_allclose(arr, [[f(x) for x in row] for row in pb], rtol=1e-12)


def test_code_parameters_may_be_arrays():
    codes = ReedSolomonFec(n_symbols=np.array([528, 544]), k_symbols=np.array([514, 514]))
    np.testing.assert_array_equal(codes.correctable_symbols, [7, 15])
    cer = codes.codeword_error_ratio(1e-4)
    assert cer.shape == (2,) and cer[1] < cer[0]  # KP4 corrects more than KR4


def test_bad_code_and_ber_inputs_are_rejected():
    with pytest.raises(ConfigError, match="k_symbols"):
        ReedSolomonFec(k_symbols=600)
    with pytest.raises(ConfigError, match="n_symbols"):
        ReedSolomonFec(n_symbols=1100, k_symbols=1000)
    with pytest.raises(ConfigError, match="pre_fec_ber"):
        KP4.post_fec_ber(0.7)
    with pytest.raises(ConfigError, match="pre_fec_ber"):
        KP4.post_fec_ber(np.array([1e-3, np.nan]))
    with pytest.raises(ConfigError, match="frame_octets"):
        KP4.frame_loss_ratio(1e-4, frame_octets=0)


# ---- concatenated FEC ----------------------------------------------------------------------
#: Hard-decision inner decoding: everything below is computed from the code.
CAT = ConcatenatedFec(inner_decoding="hard")
#: The default, soft-decision inner decoding (STD-03's published threshold as an input).
SOFT = ConcatenatedFec()


def _hamming_decoder_monte_carlo(p: float, blocks: int, seed: int) -> float:
    """Bit errors left by a real extended Hamming(128,120) syndrome decoder, per bit."""
    rng = np.random.default_rng(seed)
    err = rng.random((blocks, 128)) < p
    pos = np.arange(1, 128)  # Hamming positions 1..127 (columns = binary position), bit 127 = overall parity
    syndrome = np.bitwise_xor.reduce(np.where(err[:, :127], pos, 0), axis=1)
    odd = err.sum(axis=1) % 2 == 1
    flip = np.full(blocks, -1)
    flip[odd & (syndrome != 0)] = syndrome[odd & (syndrome != 0)] - 1
    flip[odd & (syndrome == 0)] = 127  # the overall parity bit itself
    out = err.copy()
    rows = np.nonzero(flip >= 0)[0]
    out[rows, flip[rows]] ^= True
    return out.sum() / out.size


@pytest.mark.parametrize("p", [1e-2, 3e-2])
def test_inner_model_matches_a_real_syndrome_decoder(p):
    """Independent method: decode random error patterns with the actual SEC-DED rules
    (seed 7); the closed-form inner output BER agrees within 5 standard errors."""
    blocks = 40000
    mc = _hamming_decoder_monte_carlo(p, blocks, seed=7)
    model = float(CAT.inner_output_ber(p))
    # 2 %: several standard errors of the simulation (~0.3 %), and tight enough to reject
    # a decoder model without miscorrection of odd error patterns (~10 % low here)
    assert mc == pytest.approx(model, rel=0.02)
    assert abs(mc - p * (1 - (1 - p) ** 127)) > 0.05 * mc


def test_inner_small_ber_limit_is_n_minus_1_p_squared():
    """Two errors in a block dominate: BER_out -> (N-1) p^2 (127 p^2)."""
    p = np.array([1e-12, 1e-9, 1e-7])
    np.testing.assert_allclose(CAT.inner_output_ber(p), 127 * p**2, rtol=1e-4)
    assert np.isfinite(CAT._log_inner_out(np.log(1e-250)))


def test_inner_output_monotone_and_below_input_where_it_helps():
    p = np.logspace(-12, math.log10(0.5), 300)
    out = CAT.inner_output_ber(p)
    assert np.all(np.diff(out) > 0)
    assert np.all(out[p < 1e-3] < p[p < 1e-3])


def test_concatenated_overhead_and_latency():
    assert CAT.overhead == pytest.approx((544 / 514) * (128 / 120) - 1)
    # the 128-bit inner block arrives at the optical line rate, 226.875 Gb/s (STD-3DJ-01)
    assert CAT.latency_s == pytest.approx(KP4.latency_s + 128 / 226.875e9 + 20e-9)


def test_concatenated_threshold_maps_to_the_outer_threshold():
    th = CAT.threshold_ber
    assert CAT.inner_output_ber(th) == pytest.approx(2.4e-4, rel=1e-8)
    assert th > KP4.threshold_ber  # the inner code buys margin
    assert CAT.codeword_error_ratio(th) == pytest.approx(KP4.codeword_error_ratio(2.4e-4), rel=1e-6)


def test_concatenated_solver_inverts_the_forward_model():
    targets = np.array([1e-10, 1e-13, 1e-15])
    th = CAT.pre_fec_threshold(target_post_fec_ber=targets)
    np.testing.assert_allclose(CAT.post_fec_ber(th), targets, rtol=1e-8)
    th_flr = CAT.pre_fec_threshold(target_flr=1.7e-12)
    assert CAT.frame_loss_ratio(th_flr) == pytest.approx(1.7e-12, rel=1e-8)


def test_concatenated_checks_inner_code():
    with pytest.raises(ConfigError, match="inner_data_bits"):
        ConcatenatedFec(inner_data_bits=128)
    with pytest.raises(ConfigError, match="inner_block_bits"):
        ConcatenatedFec(inner_block_bits=256, inner_data_bits=250)


# ---- inner decoding: hard (computed) and soft (STD-03's published threshold) ---------------
def test_hard_decision_threshold_is_the_computed_one():
    """Regression pin of the computed hard-decision threshold (Hamming(128,120) + KP4, STD-03,
    STD-01): 1.4173e-3, to 0.1 % (the solver is exact to ~1e-15; 0.1 % catches any change of
    the inner-code model, e.g. dropping miscorrection moves it by several %)."""
    assert float(CAT.threshold_ber) == pytest.approx(1.4173e-3, rel=1e-3)
    assert float(SOFT.hard_decision_threshold_ber) == float(CAT.threshold_ber)


def test_soft_threshold_is_the_published_std03_figure():
    """IDENTITY (by construction, not a prediction): the soft threshold is STD-03's 4.8e-3."""
    assert SOFT.inner_decoding == "soft"
    assert float(SOFT.threshold_ber) == 4.8e-3
    assert float(SOFT.threshold_ber) > float(CAT.threshold_ber)
    assert float(ConcatenatedFec(soft_threshold_ber=4e-3).threshold_ber) == 4e-3


def test_soft_curve_passes_exactly_through_the_published_threshold():
    """IDENTITY (CPS-FEC-04 construction): at 4.8e-3 the soft-decided inner output is the RS
    threshold 2.4e-4 (STD-01), so CER, post-FEC BER and FLR equal bare KP4's at 2.4e-4
    (rel 1e-8: the hard threshold is bisected to ~1e-15, exp/log round-off ~1e-12)."""
    th = SOFT.threshold_ber
    assert float(SOFT.inner_output_ber(th)) == pytest.approx(2.4e-4, rel=1e-8)
    assert float(SOFT.post_fec_ber(th)) == pytest.approx(float(KP4.post_fec_ber(2.4e-4)), rel=1e-8)
    assert float(SOFT.codeword_error_ratio(th)) == pytest.approx(float(KP4.codeword_error_ratio(2.4e-4)), rel=1e-8)
    assert float(SOFT.frame_loss_ratio(th)) == pytest.approx(float(KP4.frame_loss_ratio(2.4e-4)), rel=1e-8)
    assert float(SOFT.pre_fec_threshold(target_post_fec_ber=float(SOFT.post_fec_ber(th)))) == pytest.approx(
        4.8e-3, rel=1e-8)


@pytest.mark.parametrize("fec", [CAT, SOFT], ids=["hard", "soft"])
def test_post_fec_ber_is_monotone_and_finite_for_both_decodings(fec):
    p = np.concatenate([[0.0], np.logspace(-300, math.log10(0.5), 600)])
    out = fec.post_fec_ber(p)
    assert np.all(np.isfinite(out)) and out[0] == 0.0
    assert np.all(np.diff(out) >= 0)
    mid = (p > 1e-6) & (p < 0.1)  # strictly increasing where the value is representable
    assert np.all(np.diff(out[mid]) > 0)


def test_soft_decoding_never_does_worse_than_hard_and_gains_nothing_at_ber_one_half():
    """Physics of the mapping g(p) (CPS-FEC-04): soft decisions carry at least the hard
    information, so the soft post-FEC BER is <= the hard one at every input; at p = 0.5 the
    channel carries nothing and the two agree (rel 1e-12)."""
    p = np.logspace(-8, math.log10(0.5), 400)
    assert np.all(SOFT.post_fec_ber(p) <= CAT.post_fec_ber(p) * (1 + 1e-12))
    assert float(SOFT.post_fec_ber(0.5)) == pytest.approx(float(CAT.post_fec_ber(0.5)), rel=1e-12)


def test_soft_mapping_is_the_threshold_ratio_at_small_ber():
    """Closed form of the approximation: at p << 1, g(p) = r p with r = u(p_h) / u(p_s),
    u = p / (1 - 2p), so the soft inner output is the hard one at r p (rel 1e-9)."""
    p_h, p_s = float(CAT.threshold_ber), 4.8e-3
    r = (p_h / (1 - 2 * p_h)) / (p_s / (1 - 2 * p_s))
    assert r == pytest.approx(p_h / p_s, rel=0.02)
    p = np.array([1e-12, 1e-9, 1e-7])
    np.testing.assert_allclose(SOFT.inner_output_ber(p), CAT.inner_output_ber(r * p), rtol=1e-6)


def test_soft_solvers_invert_the_soft_curve():
    targets = np.array([1e-10, 1e-13, 1e-15])
    th = SOFT.pre_fec_threshold(target_post_fec_ber=targets)
    np.testing.assert_allclose(SOFT.post_fec_ber(th), targets, rtol=1e-8)
    assert np.all(th > CAT.pre_fec_threshold(target_post_fec_ber=targets))
    th_flr = SOFT.pre_fec_threshold(target_flr=1.7e-12)
    assert SOFT.frame_loss_ratio(th_flr) == pytest.approx(1.7e-12, rel=1e-8)


def test_soft_parameters_broadcast():
    fec = ConcatenatedFec(soft_threshold_ber=np.array([3e-3, 4.8e-3, 6e-3]))
    np.testing.assert_array_equal(fec.threshold_ber, [3e-3, 4.8e-3, 6e-3])
    out = fec.post_fec_ber(4.8e-3)
    assert out.shape == (3,) and np.all(np.diff(out) < 0)  # a higher threshold = a stronger decoder


def test_decoding_choice_is_cited_and_only_soft_cites_the_approximation():
    assert "STD-03" in SOFT.sources_by_parameter()["inner_decoding"]
    assert "CPS-FEC-04" in SOFT.source_ids()
    assert "CPS-FEC-04" not in CAT.source_ids()


@pytest.mark.parametrize("bad", ["chase", "Soft", "", 1])
def test_bad_inner_decoding_is_a_one_line_config_error(bad):
    with pytest.raises(ConfigError, match="ConcatenatedFec.inner_decoding") as err:
        ConcatenatedFec(inner_decoding=bad)
    msg = str(err.value)
    assert "\n" not in msg
    # field, value and what is allowed (a "did you mean" hint may follow)
    assert msg.startswith(f"ConcatenatedFec.inner_decoding: {bad!r} is not allowed; expected one of hard, soft")
