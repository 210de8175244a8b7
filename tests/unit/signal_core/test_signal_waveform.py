"""Streaming filters and drive synthesis (FFE, jitter, DAC/driver bandwidth)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.signal as ss
from hypothesis import given, settings
from hypothesis import strategies as st

from cposim.errors import ConfigError
from cposim.link.noise import NOISE_BANDWIDTH_FACTORS
from cposim.signal.mapping import SymbolSource
from cposim.signal.waveform import (
    DriveSettings,
    DriveSynthesizer,
    StreamingFir,
    StreamingSos,
    bessel_sos,
    gaussian_fir,
    noise_bandwidth_sos_hz,
)


def _run(stage, x, cuts):
    edges = [0] + sorted(cuts) + [x.size]
    out = [stage.process(x[a:b]) for a, b in zip(edges[:-1], edges[1:])]
    if hasattr(stage, "flush"):
        out.append(stage.flush())
    return np.concatenate(out)


@pytest.mark.parametrize("complex_taps", [False, True])
def test_streaming_fir_is_the_convolution(complex_taps):
    rng = np.random.default_rng(1)
    h = rng.standard_normal(37) + (1j * rng.standard_normal(37) if complex_taps else 0)
    x = rng.standard_normal(5000) + (1j * rng.standard_normal(5000) if complex_taps else 0)
    y = _run(StreamingFir(h, np.complex128 if complex_taps else np.float64), x, [1234, 1235, 4000])
    ext = np.concatenate([np.full(36, x[0]), x, np.zeros(36)])
    ref = np.convolve(ext, h, mode="valid")[: x.size]
    assert y.size == x.size
    assert np.allclose(y, ref, rtol=0, atol=1e-11)


@settings(max_examples=15, deadline=None)
@given(cuts=st.lists(st.integers(min_value=0, max_value=20000), max_size=7))
def test_streaming_filters_are_bitwise_chunk_invariant(cuts):
    rng = np.random.default_rng(2)
    x = rng.standard_normal(20000).astype(np.float32)
    taps = gaussian_fir(10e9, 400e9)
    assert np.array_equal(_run(StreamingFir(taps, np.float32), x, cuts), _run(StreamingFir(taps, np.float32), x, []))
    sos = bessel_sos(4, 10e9, 400e9)
    assert np.array_equal(_run(StreamingSos(sos, np.float32), x, cuts), _run(StreamingSos(sos, np.float32), x, []))


def test_filters_start_in_steady_state():
    x = np.full(3000, 2.5)
    y = StreamingSos(bessel_sos(4, 10e9, 400e9)).process(x)
    assert np.allclose(y, 2.5, atol=1e-12)
    y = _run(StreamingFir(gaussian_fir(10e9, 400e9)), x, [])
    assert np.allclose(y[:2900], 2.5, atol=1e-12)


def test_gaussian_filter_3db_point_cps_tds_09():
    fs, f3 = 400e9, 20e9
    h = gaussian_fir(f3, fs)
    assert abs(h.sum() - 1.0) < 1e-12
    _, resp = ss.freqz(h, worN=[f3], fs=fs)
    assert abs(np.abs(resp[0]) ** 2 - 0.5) < 1e-3


@pytest.mark.parametrize("samples_per_f3", [21.3, 42.6])
def test_bessel4_noise_bandwidth_cps_lkc_05(samples_per_f3):
    """Impulse-invariant Bessel-Thomson: B_n = 1.0464 f_3dB (analog value) and -3 dB at f_3dB."""
    f3 = 1.0
    sos = bessel_sos(4, f3, samples_per_f3)
    assert noise_bandwidth_sos_hz(sos, samples_per_f3) == pytest.approx(NOISE_BANDWIDTH_FACTORS["bessel4"] * f3, rel=2e-4)
    _, h = ss.sosfreqz(sos, worN=[f3], fs=samples_per_f3)
    assert 20 * np.log10(abs(h[0])) == pytest.approx(-3.0103, abs=0.02)


def _synth(settings, n=4000, sps=16, cuts=()):
    syn = DriveSynthesizer(settings, levels=4, samples_per_symbol=sps, symbol_rate_hz=50e9, seed=3)
    sym = SymbolSource("prbs15", 4).symbols(n)
    out = _run(syn, sym, list(cuts))
    return sym, out


def test_ideal_drive_holds_each_level_for_a_symbol():
    sym, u = _synth(DriveSettings())
    w = u.reshape(-1, 16)
    # slot k+1's first sample is symbol k's centre
    assert np.allclose(w[1:, 0], sym[:-1] / 3.0)
    assert np.allclose(w[1:, 12], sym[1:] / 3.0)


def test_ffe_taps_shape_the_symbol_amplitudes():
    taps = (-0.1, 0.7, -0.2)
    sym, u = _synth(DriveSettings(ffe_taps=taps))
    a = sym / 3.0 - 0.5
    expect = 0.5 + taps[0] * a[2:] + taps[1] * a[1:-1] + taps[2] * a[:-2]
    centre = u.reshape(-1, 16)[1:, 0]  # value of symbol k after the FFE
    assert np.allclose(centre[2:], expect[:-1], atol=1e-12)


def _edge_offsets(sym, u, sps=16):
    """Edge displacement of each transition from the area of its slot (UI)."""
    w = u.reshape(-1, sps)
    prev, cur = sym[:-1] / 3.0, sym[1:] / 3.0
    step = cur - prev
    ok = np.abs(step) > 0
    frac = (w[1:][ok] - prev[ok, None]) / step[ok, None]
    return ok, (sps / 2 - 0.5 - frac.sum(axis=1)) / sps


def test_sinusoidal_and_dual_dirac_jitter_move_edges_cps_tds_11():
    sj = DriveSettings(sj_amplitude_ui=0.2, sj_frequency_hz=1e9)
    sym, u = _synth(sj)
    ok, tau = _edge_offsets(sym, u)
    k = np.arange(1, sym.size)[ok]
    assert np.allclose(tau, 0.2 * np.sin(2 * np.pi * 1e9 * k / 50e9), atol=1e-6)
    sym, u = _synth(DriveSettings(dj_pp_ui=0.3))
    _, tau = _edge_offsets(sym, u)
    assert np.allclose(np.abs(tau), 0.15, atol=1e-6)
    assert 0.4 < np.mean(tau > 0) < 0.6


def test_random_jitter_rms():
    sym, u = _synth(DriveSettings(rj_rms_ui=0.03), n=20000)
    _, tau = _edge_offsets(sym, u)
    assert np.std(tau) == pytest.approx(0.03, rel=0.05)
    assert abs(np.mean(tau)) < 0.002


def test_drive_with_jitter_and_bandwidth_is_chunk_invariant():
    s = DriveSettings(rj_rms_ui=0.02, dj_pp_ui=0.1, driver_bandwidth_hz=30e9, driver_filter="gaussian")
    _, a = _synth(s, cuts=(1, 999, 1001, 3333))
    _, b = _synth(s)
    assert np.array_equal(a, b)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        (dict(ffe_taps=(0.6, 0.6)), "peak-limited"),
        (dict(ffe_taps=(-1.0,)), "DC gain"),
        (dict(rj_rms_ui=0.05, dj_pp_ui=0.4), "slot"),
        (dict(driver_filter="butterworth"), "driver_filter"),
        (dict(sj_amplitude_ui=0.1), "sj_frequency_hz"),
        (dict(rj_rms_ui=-0.01), "rj_rms_ui"),
    ],
)
def test_drive_settings_reject_bad_input(kwargs, match):
    with pytest.raises(ConfigError, match=match):
        DriveSettings(**kwargs)


def test_bessel_bandwidth_must_fit_the_sample_rate():
    with pytest.raises(ConfigError, match="samples_per_symbol"):
        bessel_sos(4, 150e9, 400e9)


def test_tabulated_drive_equals_slots_through_the_fir():
    """Jitter-free FIR drives use a table of filtered steps; it equals slot synthesis + FIR."""
    s = DriveSettings(driver_bandwidth_hz=30e9, driver_filter="gaussian", ffe_taps=(0.8, -0.2))
    sym = SymbolSource("prbs15", 4).symbols(3000)
    fast = DriveSynthesizer(s, levels=4, samples_per_symbol=16, symbol_rate_hz=50e9, seed=3)
    slow = DriveSynthesizer(s, levels=4, samples_per_symbol=16, symbol_rate_hz=50e9, seed=3)
    slow._table = None  # force the generic slot + streaming FIR path
    a = _run(fast, sym, [100, 2001])
    b = _run(slow, sym, [])
    assert a.size == b.size == 3000 * 16
    assert np.allclose(a, b, rtol=0, atol=1e-12)
