"""Fiber dispersion (CPS-TDS-08) and demux drop filtering (CPS-DMX-04) in the time domain."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.devices.fiber import SingleModeFiber
from cposim.devices.ring_demux import RingDemux, lorentzian
from cposim.signal.fiber_channel import (
    EXACT_BAND_FRACTION,
    DemuxDropFilter,
    DispersionStage,
    aggressor_plan,
    beta2_s2_per_m,
    dispersion_fir,
    dispersion_transfer,
)
from cposim.units import SPEED_OF_LIGHT_M_PER_S

FS = 1e12
FIBER = SingleModeFiber(length_m=10e3)
LAM = 1550e-9  # D = +16.6 ps/(nm km) for this G.652 model


def _through(field, fiber=FIBER, lam=LAM):
    st = DispersionStage(fiber, lam, sample_rate_hz=FS, dtype=np.float64)
    out = np.concatenate([st.process(field), st.flush()])
    return out, st.delay_samples


def _centroid(p):
    t = np.arange(p.size)
    return float(np.sum(t * p) / np.sum(p))


def test_group_delay_sign_convention():
    """A component offset by d_lambda arrives D L d_lambda later (blue first for D > 0)."""
    n = 8192
    t = (np.arange(n) - n / 2) / FS
    f0 = 100e9
    env = np.exp(-0.5 * (t / 20e-12) ** 2)
    base, dly = _through(env.astype(complex))
    shifted, _ = _through(env * np.exp(2j * np.pi * f0 * t))
    d_lambda = -LAM**2 * f0 / SPEED_OF_LIGHT_M_PER_S
    expect = float(FIBER.dispersion_s_per_m2(LAM)) * 10e3 * d_lambda
    measured = (_centroid(np.abs(shifted) ** 2) - _centroid(np.abs(base) ** 2)) / FS
    assert expect < 0  # blue light (f0 > 0) is faster in anomalous dispersion
    assert measured == pytest.approx(expect, rel=1e-3)


def test_gaussian_pulse_broadening_closed_form():
    """Unchirped Gaussian: T1 = T0 sqrt(1 + (beta2 L / T0^2)^2) (Agrawal)."""
    n = 16384
    t0 = 8e-12
    t = (np.arange(n) - n / 2) / FS
    out, _ = _through(np.exp(-0.5 * (t / t0) ** 2).astype(complex))
    p = np.abs(out) ** 2
    c = _centroid(p)
    rms = np.sqrt(np.sum((np.arange(n) - c) ** 2 * p) / np.sum(p)) / FS
    b2l = beta2_s2_per_m(FIBER, LAM) * 10e3
    assert rms == pytest.approx(t0 / np.sqrt(2) * np.sqrt(1 + (b2l / t0**2) ** 2), rel=1e-3)
    assert np.sum(p) == pytest.approx(np.sum(np.exp(-((t / t0) ** 2))), rel=1e-9)  # lossless all-pass


def test_fir_response_is_exact_in_band():
    b2 = beta2_s2_per_m(FIBER, LAM)
    h = dispersion_fir(b2, 10e3, FS)
    f = np.linspace(-EXACT_BAND_FRACTION, EXACT_BAND_FRACTION, 201) * FS / 2
    n = np.arange(h.size) - (h.size - 1) / 2
    resp = np.exp(-2j * np.pi * np.outer(f, n) / FS) @ h
    assert np.max(np.abs(resp - dispersion_transfer(f, b2, 10e3))) < 2e-5


def test_no_dispersion_at_the_zero_dispersion_wavelength():
    fiber = SingleModeFiber(length_m=2e3, zero_dispersion_wavelength_m=1310e-9)
    assert dispersion_fir(beta2_s2_per_m(fiber, 1310e-9), 2e3, FS) is None
    x = np.exp(1j * np.linspace(0, 3, 100))
    assert np.array_equal(_through(x, fiber, 1310e-9)[0], x)


@pytest.mark.parametrize("offset_hz", [0.0, 50e9, -200e9])
def test_drop_filter_is_the_demux_lorentzian(offset_hz):
    q, f0 = 3000.0, SPEED_OF_LIGHT_M_PER_S / 1311e-9
    filt = DemuxDropFilter(q, f0, offset_hz, sample_rate_hz=FS, peak_power_gain=0.8)
    y = filt.process(np.ones(20000, dtype=complex))
    assert abs(y[-1]) ** 2 == pytest.approx(0.8 * lorentzian(offset_hz, f0, q), rel=1e-9)


def test_aggressor_plan_reproduces_the_aggregate_crosstalk():
    demux = RingDemux(loaded_q=3000.0, channel_spacing_hz=200e9)
    plan = aggressor_plan(demux, n_aggressors=2)
    xt = demux.channel_crosstalk_db()
    assert plan.victim == int(np.argmax(xt))
    assert 10 * np.log10(sum(plan.power_ratios)) == pytest.approx(float(np.max(xt)), abs=1e-9)
    assert plan.crosstalk_db == pytest.approx(float(demux.crosstalk_db), abs=1e-9)
    assert sorted(abs(o) for o in plan.offsets_hz)[0] == pytest.approx(200e9, rel=1e-6)
