"""TDECQ (``cposim.signal.tdecq``) against references that do not come from cposim's code path.

Where the reference values come from
------------------------------------
No public reference implementation or worked example could be used (searched: the IEEE 802.3
TDECQ MATLAB/Octave code of 802.3bs/cd/cu, files like ``tdecq.m``; open-source TDECQ code on
GitHub, e.g. "TDECQ" with "3.414"; Keysight / Tektronix / Anritsu / MultiLane application notes
and papers stating the TDECQ of a described waveform). The IEEE code is not published where it
could be found; the open-source implementations found are unlicensed or of unknown provenance
and none states a result for a reproducible waveform; vendor notes and papers give TDECQ of
measured waveforms or read-off-a-graph values, not waveforms one can rebuild.

So the references here are (c) of the brief: cases built from the standard's definition
(IEEE 802.3 Clause 121.8.5; CPS-SGM-01..04) whose TDECQ is a closed form, or the root of a
one-dimensional closed form, evaluated with ``scipy.stats.norm`` / ``scipy.special.ndtr`` and
``scipy.optimize.brentq`` in this file, never with cposim's SER, histogram or sigma search:

* thresholds ``P_ave + OMA_outer/3 x (-1, 0, 1)``; each sample's error probability under added
  Gaussian noise of rms ``s`` is the Gaussian tail past the two thresholds bounding its symbol's
  decision region; ``sigma_G`` is the ``s`` at which the mean over samples equals 4.8e-4,
  divided by the equalizer's noise gain ``C_eq``; ``TDECQ = 10 log10(OMA_outer / (6 Q_t
  sqrt(sigma_G^2 + sigma_S^2)))`` with ``Q_t = 3.414``;
* the waveforms are held constant over each UI and the reference receiver is off, so every
  histogram sample of a symbol equals that symbol's value: the histograms are known exactly;
* for four equally spaced levels and balanced symbols the SER is ``1.5 Q(OMA/(6 s))``, so an
  exact eye reaches the target at ``s = OMA / (6 q*)`` with ``q* = Q^-1(4.8e-4 / 1.5) =
  3.41407``: TDECQ = ``10 log10(C_eq q* / Q_t)`` (``q* / Q_t`` is the rounding of Q_t to 3.414,
  +9e-5 dB).

The measurement settings themselves (target SER, histogram width and position) are checked
against a published instrument manual (reference row TDECQ-REF-01, Keysight FlexDCA).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, optimize, special, stats

from cposim.references.registry import get_source
from cposim.signal.tdecq import (
    HISTOGRAM_OFFSET_UI,
    HISTOGRAM_WIDTH_UI,
    REFERENCE_FFE_TAPS,
    TDECQ_Q_T,
    TDECQ_TARGET_SER,
    bessel_thomson_response,
    noise_enhancement,
    tdecq,
)

SPS = 16
BAUD = 26.5625e9
LEVELS_W = np.array([0.2, 0.4, 0.6, 0.8]) * 1e-3  # equally spaced, OMA_outer 0.6 mW
OMA_W = 0.6e-3
SER_T = 4.8e-4  # target SER as published (TDECQ-REF-01, CPS-SGM-01)
Q_T = 3.414  # as published (CPS-SGM-01)
#: Q at which an exact equally spaced PAM4 eye meets the target: 1.5 Q(q*) = SER_T.
Q_STAR = float(stats.norm.isf(SER_T / 1.5))


def _pattern(n_random: int, run: int, seed: int) -> np.ndarray:
    """One run of ``run`` identical symbols per level (the settled levels, OMA_outer) followed
    by a random pattern with every level equally often: balanced, so P_ave is the middle of
    the outer levels."""
    rng = np.random.default_rng(seed)
    return np.concatenate([np.repeat(np.arange(4), run), rng.permutation(np.repeat(np.arange(4), n_random // 4))])


def _run_centres(s: np.ndarray, run: int) -> np.ndarray:
    """Symbols with ``run // 2`` identical neighbours on each side (periodic pattern)."""
    same = np.ones(s.size, dtype=bool)
    for k in range(1, run // 2 + 1):
        same &= (np.roll(s, k) == s) & (np.roll(s, -k) == s)
    return same


def _oracle_tdecq(values: np.ndarray, s: np.ndarray, levels: np.ndarray, taps, n_pre: int,
                  noise_rms: np.ndarray | float = 0.0, scope_sigma: float = 0.0) -> float:
    """TDECQ, dB, of a waveform held constant over each UI (``values``: one per symbol), no
    reference receiver, white added noise (so ``C_eq = ||taps||``), T-spaced FFE ``taps`` with
    ``n_pre`` precursors, straight from the definition. ``noise_rms``: per-symbol rms of a
    Gaussian spread already in the samples (convolved analytically with the added noise)."""
    taps = np.asarray(taps, dtype=float)
    oma = float(levels[3] - levels[0])
    th = values.mean() + oma / 3.0 * np.array([-1.0, 0.0, 1.0])
    lo = np.concatenate(([-np.inf], th))[s]
    hi = np.concatenate((th, [np.inf]))[s]
    z = sum(c * np.roll(values, -(n_pre - i)) for i, c in enumerate(taps))
    spread = np.broadcast_to(np.asarray(noise_rms, dtype=float) ** 2, z.shape) * float(np.sum(taps**2))

    def ser(sig: float) -> float:
        tot = np.sqrt(sig**2 + spread)
        return float(np.mean(special.ndtr(-(z - lo) / tot) + special.ndtr(-(hi - z) / tot)))

    ref = oma / (6.0 * Q_T)
    top = ref
    while ser(top) < SER_T:
        top *= 2.0
    sig_dec = optimize.brentq(lambda x: math.log(max(ser(x), 1e-300) / SER_T), 1e-6 * ref, top,
                              xtol=1e-14 * ref, rtol=1e-13)
    sigma_g = sig_dec / float(np.linalg.norm(taps))
    return 10.0 * math.log10(oma / (6.0 * Q_T * math.hypot(sigma_g, scope_sigma)))


def test_measurement_settings_are_the_published_ones():
    """Target SER 4.8e-4, histograms 0.04 UI wide at 0.45 and 0.55 UI of the eye (i.e. +-0.05 UI
    about its centre), as the Keysight FlexDCA manual publishes them (TDECQ-REF-01, exact
    numbers); Q_t with 1.5 Q(Q_t) = SER_t to the 4 digits Q_t is quoted with (3.414: +-5e-4);
    the reference FFE has 5 taps (CPS-SGM-02)."""
    row = get_source("TDECQ-REF-01")
    assert row.value == "4.8e-4 / 0.04 UI / 0.45 UI and 0.55 UI"
    assert TDECQ_TARGET_SER == SER_T
    assert HISTOGRAM_WIDTH_UI == 0.04
    assert (0.5 - HISTOGRAM_OFFSET_UI, 0.5 + HISTOGRAM_OFFSET_UI) == pytest.approx((0.45, 0.55), abs=1e-12)
    assert TDECQ_Q_T == Q_T and abs(Q_STAR - Q_T) < 5e-4
    assert REFERENCE_FFE_TAPS == 5


# ---- ISI that a 2-tap equalizer removes exactly ------------------------------------------------
B = 0.3  # pole of the channel: y_k = B y_(k-1) + (1 - B) x_k (unit DC gain, low-pass)
RUN_IIR = 25  # B^12 = 5e-7: the level at a run's centre is settled to 5e-7 of the OMA


def _iir_eye():
    s = _pattern(8192, RUN_IIR, 1)
    x = LEVELS_W[s]
    w = 2.0 * np.pi * np.arange(s.size) / s.size
    y = np.real(np.fft.ifft((1.0 - B) * np.fft.fft(x) / (1.0 - B * np.exp(-1j * w))))  # periodic steady state
    assert np.max(np.abs(y - B * np.roll(y, 1) - (1.0 - B) * x)) < 1e-15
    return s, y


def test_isi_removed_exactly_by_two_taps_gives_the_closed_form():
    """Channel ``y_k = B y_(k-1) + (1 - B) x_k`` (B = 0.3) on an ideal equally spaced eye: the
    taps ``(1, -B) / (1 - B)`` (sum 1) restore the ideal eye exactly, and they are the
    least-squares taps cposim starts from (``optimize_taps=False``). The added noise, white,
    passes them with ``C_eq = sqrt(1 + B^2) / (1 - B) = 1.4915``, so sigma_G = OMA / (6 q* C_eq)
    and TDECQ = 10 log10(C_eq q* / Q_t) = 1.7362 dB, TDECQ - 10 log10(C_eq) = 9.0e-5 dB.
    Closed form, exact; tolerance 1e-4 dB (cposim's sigma search, rtol 1e-8, and its histogram
    bins of OMA/4096 are far finer), taps to 1e-6."""
    s, y = _iir_eye()
    ceq = math.sqrt(1.0 + B**2) / (1.0 - B)
    expected = 10.0 * math.log10(ceq * Q_STAR / Q_T)
    assert expected == pytest.approx(1.7362, abs=1e-4)
    r = tdecq(np.repeat(y, SPS), s, samples_per_ui=SPS, symbol_rate_baud=BAUD, apply_reference_receiver=False,
              optimize_taps=False, run_symbols=RUN_IIR)
    np.testing.assert_allclose(r.levels_w, LEVELS_W, atol=1e-6 * OMA_W)
    assert r.oma_outer_w == pytest.approx(OMA_W, rel=1e-6)
    main = int(np.argmax(r.taps))
    zf = np.zeros(REFERENCE_FFE_TAPS)
    zf[main], zf[main + 1] = 1.0 / (1.0 - B), -B / (1.0 - B)
    np.testing.assert_allclose(r.taps, zf, atol=1e-6)
    assert r.ceq == pytest.approx(ceq, rel=1e-6)
    assert r.tdecq_db == pytest.approx(expected, abs=1e-4)
    assert r.tdecq_minus_ceq_db == pytest.approx(10.0 * math.log10(Q_STAR / Q_T), abs=1e-4)
    assert r.ser_left == pytest.approx(SER_T, rel=1e-5) and r.ser_right == pytest.approx(SER_T, rel=1e-5)


def test_optimised_taps_do_no_worse_than_zero_forcing_and_are_evaluated_exactly():
    """With the tap search on (the default), TDECQ may only fall below the zero-forcing closed
    form (the definition minimises TDECQ over the taps; trading a little residual ISI for less
    noise enhancement helps): at most the closed form (+1e-6 dB), and within 0.01 dB of it
    (this file's own Nelder-Mead search from the zero-forcing taps at every main-tap position
    finds 1.7320 dB, 0.004 dB below; cposim stops at a local optimum about 0.003 dB above that).
    The TDECQ cposim reports equals the definition evaluated independently at the taps it
    reports (``_oracle_tdecq``): 1e-4 dB."""
    s, y = _iir_eye()
    zf_db = 10.0 * math.log10(math.sqrt(1.0 + B**2) / (1.0 - B) * Q_STAR / Q_T)
    r = tdecq(np.repeat(y, SPS), s, samples_per_ui=SPS, symbol_rate_baud=BAUD, apply_reference_receiver=False,
              run_symbols=RUN_IIR)
    assert zf_db - 0.01 <= r.tdecq_db <= zf_db + 1e-6
    assert r.tdecq_db == pytest.approx(_oracle_tdecq(y, s, LEVELS_W, r.taps, r.n_pre), abs=1e-4)


# ---- Gaussian spread already in the samples (scope noise / Gaussian ISI) -------------------------
RUN_NOISE = 9


def _noisy_eye(sigma_s: float):
    """Equally spaced eye, each symbol's value displaced by a Gaussian-distributed amount of rms
    ``sigma_s`` (deterministic: the N quantiles ``Phi^-1((j + 1/2)/N)`` of each level, shuffled),
    held over the UI; the run centres that set OMA_outer stay undisplaced."""
    s = _pattern(16384, RUN_NOISE, 2)
    quiet = _run_centres(s, RUN_NOISE)
    rng = np.random.default_rng(7)
    d = np.zeros(s.size)
    for level in range(4):
        idx = np.flatnonzero((s == level) & ~quiet)
        d[rng.permutation(idx)] = sigma_s * stats.norm.ppf((np.arange(idx.size) + 0.5) / idx.size)
    return s, LEVELS_W[s] + d, np.where(quiet, 0.0, sigma_s)


def test_known_gaussian_spread_gives_the_closed_form():
    """Samples spread by Gaussian noise of rms sigma_S = 0.5 sigma_t (sigma_t = OMA/(6 q*), the
    total noise an exact eye can take) and no equalizer (1 tap): the added noise adds in
    quadrature, so 1.5 Q(OMA / (6 sqrt(sigma_G^2 + sigma_S^2))) = SER_t, sigma_G = sigma_t
    sqrt(1 - 0.25) and TDECQ = 10 log10(q*/Q_t) - 5 log10(0.75) = 0.6248 dB (all symbols
    spread; the few undisplaced run centres are kept in the reference's SER, 1-D root); with
    sigma_S declared as scope noise it is credited back: 10 log10(q*/Q_t) = 9.0e-5 dB.
    Precision: the closed form is exact for a Gaussian; the waveform carries N = 4096 quantiles
    per level, whose missing tails beyond 3.5 sigma_S lower TDECQ by 0.0018 dB (the same
    definition on the exact samples, ``_oracle_tdecq`` with no spread, gives the discretised
    value); tolerance: that discretisation error + 1e-4 dB. Against the definition on the exact
    samples: 1e-4 dB."""
    sigma_t = OMA_W / (6.0 * Q_STAR)
    sigma_s = 0.5 * sigma_t
    s, v, spread = _noisy_eye(sigma_s)
    assert float(v.mean()) == pytest.approx(float(LEVELS_W.mean()), rel=1e-12)
    continuous = _oracle_tdecq(LEVELS_W[s], s, LEVELS_W, [1.0], 0, noise_rms=spread)
    all_spread = 10.0 * math.log10(Q_STAR / Q_T) - 5.0 * math.log10(1.0 - 0.25)
    assert continuous == pytest.approx(all_spread, abs=2e-4)  # 4 undisplaced symbols of 16420
    discrete = _oracle_tdecq(v, s, LEVELS_W, [1.0], 0)
    tol = abs(discrete - continuous) + 1e-4
    assert tol < 0.003

    kw = dict(samples_per_ui=SPS, symbol_rate_baud=BAUD, apply_reference_receiver=False, n_taps=1,
              optimize_taps=False, run_symbols=RUN_NOISE)
    bare = tdecq(np.repeat(v, SPS), s, **kw)
    np.testing.assert_allclose(bare.levels_w, LEVELS_W, rtol=1e-12)
    assert bare.tdecq_db == pytest.approx(continuous, abs=tol)
    assert bare.tdecq_db == pytest.approx(discrete, abs=1e-4)
    credited = tdecq(np.repeat(v, SPS), s, scope_noise_sigma_w=sigma_s, **kw)
    cont_credited = _oracle_tdecq(LEVELS_W[s], s, LEVELS_W, [1.0], 0, noise_rms=spread, scope_sigma=sigma_s)
    assert cont_credited == pytest.approx(10.0 * math.log10(Q_STAR / Q_T), abs=2e-4)
    assert credited.tdecq_db == pytest.approx(cont_credited, abs=tol)
    assert credited.tdecq_db == pytest.approx(_oracle_tdecq(v, s, LEVELS_W, [1.0], 0, scope_sigma=sigma_s), abs=1e-4)


# ---- unequal level spacing (no ISI) -------------------------------------------------------------
LEVELS_COMPRESSED_W = 0.2e-3 + OMA_W * np.array([0.0, 0.3, 0.7, 1.0])  # R_LM 0.9, inner eye 0.8x


def test_compressed_levels_give_the_closed_form():
    """Levels at 0, 0.3, 0.7, 1 of the OMA (balanced symbols, thresholds at 1/6, 1/2, 5/6 of it),
    no ISI, no equalizer: SER(s) = 1/4 [2 Q(OMA/(6 s)) + 2 Q(0.1333 OMA/s) + 2 Q(0.2 OMA/s)];
    its root at SER_t sets sigma_G: TDECQ = 0.5754 dB. A closed form up to a 1-D root
    (``brentq`` to 1e-13); tolerance 1e-4 dB."""
    s = _pattern(4096, 5, 3)
    lv = LEVELS_COMPRESSED_W
    th = lv.mean() + OMA_W / 3.0 * np.array([-1.0, 0.0, 1.0])
    dist_lo = lv - np.array([-np.inf, th[0], th[1], th[2]])
    dist_hi = np.array([th[0], th[1], th[2], np.inf]) - lv

    def ser(sig):
        return float(np.mean(stats.norm.sf(dist_lo / sig) + stats.norm.sf(dist_hi / sig)))

    ref = OMA_W / (6.0 * Q_T)
    sig = optimize.brentq(lambda x: math.log(ser(x) / SER_T), 0.1 * ref, 2.0 * ref, xtol=1e-14 * ref, rtol=1e-13)
    expected = 10.0 * math.log10(OMA_W / (6.0 * Q_T * sig))
    assert expected == pytest.approx(0.5754, abs=1e-4)
    r = tdecq(np.repeat(lv[s], SPS), s, samples_per_ui=SPS, symbol_rate_baud=BAUD, apply_reference_receiver=False,
              n_taps=1, optimize_taps=False)
    assert r.tdecq_db == pytest.approx(expected, abs=1e-4)
    # the 5-tap search may only lower it, and what it reports is the definition at its taps
    r5 = tdecq(np.repeat(lv[s], SPS), s, samples_per_ui=SPS, symbol_rate_baud=BAUD, apply_reference_receiver=False)
    assert r5.tdecq_db <= expected + 1e-6
    assert r5.tdecq_db == pytest.approx(_oracle_tdecq(lv[s], s, lv, r5.taps, r5.n_pre), abs=1e-4)


#: Taps found by this file's own search (Nelder-Mead on ``_oracle_tdecq`` from a few starts,
#: white-noise C_eq) for the compressed eye, main tap at index 3 (3 precursors), rounded.
WITNESS_TAPS = np.array([0.0083, 0.0093, 0.0084, 0.9640, 0.0100])


def test_tap_search_reaches_the_minimum_on_the_compressed_eye():
    """TDECQ is the minimum over the reference equalizer's taps. On the compressed eye the
    witness taps evaluate to 0.387 dB by the definition; cposim should be within 0.01 dB of
    that or below. Reported, not tuned: cposim finds 0.482 dB."""
    s = _pattern(4096, 5, 3)
    lv = LEVELS_COMPRESSED_W
    witness = _oracle_tdecq(lv[s], s, lv, WITNESS_TAPS, 3)
    assert witness == pytest.approx(0.387, abs=0.002)
    r5 = tdecq(np.repeat(lv[s], SPS), s, samples_per_ui=SPS, symbol_rate_baud=BAUD, apply_reference_receiver=False)
    assert r5.tdecq_db <= witness + 0.01


# ---- the reference receiver and C_eq ------------------------------------------------------------
def _bessel4(p):
    """4th-order Bessel polynomial response (unit DC gain) at normalised complex frequency p."""
    return 105.0 / (p**4 + 10.0 * p**3 + 45.0 * p**2 + 105.0 * p + 105.0)


def test_reference_receiver_is_the_fourth_order_bessel_thomson_response():
    """H(f) = 105 / theta_4(j w/w_n) with theta_4(p) = p^4 + 10 p^3 + 45 p^2 + 105 p + 105 (the
    4th-order Bessel polynomial), w_n set so |H| = 1/sqrt(2) at the 3 dB bandwidth (found here
    by ``brentq`` on the polynomial): complex response to 1e-9 from DC to 4x the bandwidth. C_eq
    of T-spaced taps for noise shaped by that receiver (802.3cd/cu definition, integrated here by
    ``scipy.integrate.quad`` over the same 0 .. f_s/2 band cposim uses) to 1e-5 (cposim
    integrates on a 4096-point-per-UI grid)."""
    w3 = optimize.brentq(lambda w: abs(_bessel4(1j * w)) ** 2 - 0.5, 0.5, 5.0, xtol=1e-15)
    bw = 0.5 * BAUD
    f = np.linspace(0.0, 4.0 * bw, 401)
    np.testing.assert_allclose(bessel_thomson_response(f, bandwidth_hz=bw), _bessel4(1j * w3 * f / bw), atol=1e-9)
    assert abs(bessel_thomson_response(np.array([bw]), bandwidth_hz=bw)[0]) == pytest.approx(2**-0.5, abs=1e-12)

    taps = np.array([-0.05, -0.25, 1.6, -0.35, 0.05])
    fs_half = 0.5 * SPS * BAUD

    def psd(x):
        return abs(_bessel4(1j * w3 * x / bw)) ** 2

    def shaped(x):
        return psd(x) * abs(np.sum(taps * np.exp(-2j * np.pi * x * np.arange(taps.size) / BAUD))) ** 2

    pts = list(np.arange(1, 8) * BAUD)
    num = integrate.quad(shaped, 0.0, fs_half, points=pts, limit=400, epsabs=0.0, epsrel=1e-11)[0]
    den = integrate.quad(psd, 0.0, fs_half, limit=400, epsabs=0.0, epsrel=1e-11)[0]
    expected = math.sqrt(num / den)
    got = noise_enhancement(taps, samples_per_ui=SPS, symbol_rate_baud=BAUD, bandwidth_hz=bw)
    assert got == pytest.approx(expected, rel=1e-5)
    # white noise: the taps see independent samples, C_eq = ||taps||
    white = noise_enhancement(taps, samples_per_ui=SPS, symbol_rate_baud=BAUD, bandwidth_hz=None)
    assert white == pytest.approx(float(np.linalg.norm(taps)), rel=1e-9)
