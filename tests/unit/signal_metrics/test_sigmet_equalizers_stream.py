"""Streaming CTLE / FFE / DFE: chunk-size invariance, LMS -> MMSE, exact DFE cancellation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import signal

from cposim.equalization.ctle import ctle_response, ctle_sos
from cposim.equalization.dfe import dfe_equalize, dfe_taps_from_pulse
from cposim.equalization.ffe import mmse_ffe_taps
from cposim.errors import ConfigError
from cposim.signal.equalizers_stream import StreamingCtle, StreamingDfe, StreamingFfe

PAM4 = np.array([-3.0, -1.0, 1.0, 3.0])
CTLE = dict(dc_gain_db=-6.0, zero_hz=10e9, pole1_hz=10e9, pole2_hz=40e9)
FS = 8 * 53.125e9
CHANNEL = np.array([0.1, 1.0, 0.4, 0.15])  # T-spaced, main cursor at index 1
RNG_SEED = 314


def _data(n: int, sigma: float) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(RNG_SEED)
    a = rng.integers(0, 4, n)
    x = np.convolve(PAM4[a], CHANNEL)[:n] + sigma * rng.standard_normal(n)
    return a, x


def _split(x: np.ndarray, sizes: list[int]) -> list[slice]:
    out, start = [], 0
    for n in sizes:
        if start >= x.size:
            break
        out.append(slice(start, min(start + n, x.size)))
        start += n
    if start < x.size:
        out.append(slice(start, x.size))
    return out


CHUNKINGS = [[1], [2, 3, 5, 7, 11, 13], [997], [4096], [1, 1000, 1, 1, 3]]


@pytest.mark.parametrize("sizes", CHUNKINGS)
def test_ctle_is_chunk_invariant_and_matches_one_shot_filtering(sizes):
    x = np.random.default_rng(1).normal(size=5000)
    whole = signal.sosfilt(ctle_sos(FS, **CTLE), x)
    eq = StreamingCtle(sample_rate_hz=FS, **CTLE)
    y = np.concatenate([eq.process(x[sl]) for sl in _split(x, sizes * 5000)])
    np.testing.assert_array_equal(y, whole)


def test_ctle_dc_gain_and_settled_start():
    eq = StreamingCtle(sample_rate_hz=FS, initial_value=1.0, **CTLE)
    y = eq.process(np.ones(200))
    np.testing.assert_allclose(y, abs(ctle_response(0.0, **CTLE)), rtol=1e-9)


@pytest.mark.parametrize("adapt", [False, True])
@pytest.mark.parametrize("sizes", CHUNKINGS)
def test_ffe_is_chunk_invariant(adapt, sizes):
    a, x = _data(6000, 0.05)
    kw = dict(adapt=adapt, step_size=2e-4, decision_delay=3, levels=PAM4)
    ref = StreamingFfe(np.eye(5)[2], **kw)
    whole = ref.process(x, reference=PAM4[a][:x.size] if adapt else None)
    eq = StreamingFfe(np.eye(5)[2], **kw)
    parts = [eq.process(x[sl], reference=PAM4[a][sl] if adapt else None) for sl in _split(x, sizes * 6000)]
    np.testing.assert_array_equal(np.concatenate(parts), whole)
    np.testing.assert_array_equal(eq.taps, ref.taps)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=700), min_size=1, max_size=12))
def test_decision_directed_ffe_and_dfe_are_chunk_invariant_for_any_partition(sizes):
    a, x = _data(3000, 0.05)
    ffe_w = StreamingFfe(np.eye(5)[1], adapt=True, step_size=1e-4, levels=PAM4)
    dfe_w = StreamingDfe([0.3, 0.1], levels=PAM4, adapt=True, step_size=1e-4)
    y_w = ffe_w.process(x)
    z_w, d_w = dfe_w.process(y_w)
    ffe_c = StreamingFfe(np.eye(5)[1], adapt=True, step_size=1e-4, levels=PAM4)
    dfe_c = StreamingDfe([0.3, 0.1], levels=PAM4, adapt=True, step_size=1e-4)
    zs, ds = [], []
    for sl in _split(x, sizes):
        z, d = dfe_c.process(ffe_c.process(x[sl]))
        zs.append(z), ds.append(d)
    np.testing.assert_array_equal(np.concatenate(zs), z_w)
    np.testing.assert_array_equal(np.concatenate(ds), d_w)


def test_lms_ffe_converges_to_the_mmse_solution():
    """Trained LMS (CPS-SGM-07): the mean taps approach the Wiener solution, which is the
    constrained-MMSE FFE of cposim.equalization up to scale (noise variance per unit symbol
    variance: sigma^2 / E[a^2] = sigma^2 / 5)."""
    sigma, n_taps, n_pre = 0.1, 7, 3
    a, x = _data(250_000, sigma)
    ref_syms = PAM4[a]
    ffe = StreamingFfe(np.eye(n_taps)[n_pre], adapt=True, step_size=2e-4, decision_delay=1 + n_pre)
    ffe.process(x[:200_000], reference=ref_syms[:200_000])
    snaps = []
    for k in range(200_000, 250_000, 1000):
        ffe.process(x[k : k + 1000], reference=ref_syms[k : k + 1000])
        snaps.append(ffe.taps)
    w = np.mean(snaps, axis=0)
    mmse = mmse_ffe_taps(CHANNEL, samples_per_ui=1, cursor_index=1, n_taps=n_taps, n_pre=n_pre, noise_variance=sigma**2 / 5)
    np.testing.assert_allclose(w / w[n_pre], mmse, atol=0.01)
    # and the equalized output hits the delayed symbols with the MMSE error
    y = StreamingFfe(w).process(x[:20_000])
    err = y[1 + n_pre :] - ref_syms[: 20_000 - 1 - n_pre]
    assert np.sqrt(np.mean(err[10:] ** 2)) < 0.25


def test_fixed_mmse_taps_in_a_streaming_ffe_equal_full_convolution():
    a, x = _data(2000, 0.0)
    taps = mmse_ffe_taps(CHANNEL, samples_per_ui=1, cursor_index=1, n_taps=5, n_pre=2)
    y = StreamingFfe(taps).process(x)
    np.testing.assert_allclose(y, np.convolve(x, taps)[: x.size], rtol=1e-12, atol=1e-12)


def test_dfe_cancels_known_post_cursor_isi_exactly():
    pulse = np.array([1.0, 0.5, -0.2, 0.1])
    rng = np.random.default_rng(5)
    a = rng.integers(0, 4, 20_000)
    x = np.convolve(PAM4[a], pulse)[: a.size]
    taps = dfe_taps_from_pulse(pulse, samples_per_ui=1, cursor_index=0, n_taps=3)
    np.testing.assert_array_equal(taps, pulse[1:])
    z, d = StreamingDfe(taps, levels=PAM4).process(x)
    np.testing.assert_allclose(z, PAM4[a], atol=1e-12)
    np.testing.assert_array_equal(d, a)
    # the same decision loop as the reference (pure Python) slicer of cposim.equalization
    d_ref, z_ref = dfe_equalize(x, taps=taps, levels=PAM4)
    np.testing.assert_array_equal(PAM4[d], d_ref)
    np.testing.assert_allclose(z, z_ref, atol=1e-12)


def test_adaptive_dfe_learns_the_post_cursors():
    pulse = np.array([1.0, 0.35, -0.15])
    rng = np.random.default_rng(6)
    a = rng.integers(0, 4, 60_000)
    x = np.convolve(PAM4[a], pulse)[: a.size] + 0.05 * rng.standard_normal(a.size)
    dfe = StreamingDfe([0.0, 0.0], levels=PAM4, adapt=True, step_size=5e-4)
    dfe.process(x)
    np.testing.assert_allclose(dfe.taps, pulse[1:], atol=0.01)


def test_bad_input():
    with pytest.raises(ConfigError, match="levels"):
        StreamingFfe([1.0], adapt=True).process(np.ones(4))
    with pytest.raises(ConfigError, match="reference"):
        StreamingFfe([1.0], adapt=True, levels=PAM4).process(np.ones(4), reference=np.ones(3))
    with pytest.raises(ConfigError, match="sample_rate_hz"):
        StreamingCtle(**CTLE)
    with pytest.raises(ConfigError, match="increasing"):
        StreamingDfe([0.1], levels=[1.0, 0.0])
    with pytest.raises(ConfigError):
        StreamingDfe([0.1], levels=PAM4).process(np.array([[1.0, 2.0]]))
