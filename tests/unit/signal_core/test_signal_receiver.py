"""Receiver noise, slicing, error counting and confidence intervals (CPS-TDS-05, CPS-TDS-06)."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.errors import ConfigError, PhysicsError
from cposim.link.noise import NOISE_BANDWIDTH_FACTORS
from cposim.signal.receiver import (
    ErrorCounter,
    ReceiverFrontEnd,
    ReceiverSettings,
    brickwall_fir,
    clopper_pearson_interval,
    error_interval,
    thresholds_for_levels,
    wilson_interval,
)
from cposim.units import ELEMENTARY_CHARGE_C

FS = 16 * 53.125e9
F3 = 0.75 * 53.125e9


def _front_end(settings, **kw):
    args = dict(responsivity_a_per_w=0.8, thermal_density_a_per_rthz=20e-12, dark_current_a=0.0, rin_per_hz=0.0,
                bandwidth_hz=F3, settings=settings, sample_rate_hz=FS, seed=4, dtype=np.float64)
    args.update(kw)
    return ReceiverFrontEnd(**args)


@pytest.mark.parametrize("shape", ["bessel4", "brickwall"])
def test_filtered_noise_variance_is_density_squared_times_noise_bandwidth(shape):
    rx = _front_end(ReceiverSettings(filter=shape, shot_noise=False, rin_noise=False))
    y = np.concatenate([rx.process(np.zeros(1 << 21)), rx.flush()])[2000:]
    expect = (20e-12) ** 2 * rx.noise_bandwidth_hz
    assert np.var(y) == pytest.approx(expect, rel=0.02)
    if shape == "bessel4":  # the analog Bessel-Thomson noise bandwidth, CPS-LKC-05
        assert rx.noise_bandwidth_hz == pytest.approx(NOISE_BANDWIDTH_FACTORS["bessel4"] * F3, rel=2e-4)
    else:
        assert rx.noise_bandwidth_hz == pytest.approx(F3, rel=0.03)


def test_shot_and_rin_noise_follow_the_link_conventions():
    """sigma^2 = (2 q (I + I_d) + RIN I^2) B_n at a steady photocurrent I."""
    power = 1e-3
    rx = _front_end(ReceiverSettings(thermal_noise=False), dark_current_a=1e-6, rin_per_hz=10 ** (-14.0))
    y = rx.process(np.full(1 << 21, power))[2000:]
    i = 0.8 * power
    expect = (2 * ELEMENTARY_CHARGE_C * (i + 1e-6) + 1e-14 * i**2) * rx.noise_bandwidth_hz
    assert np.mean(y) == pytest.approx(i, rel=1e-4)
    assert np.var(y) == pytest.approx(expect, rel=0.02)
    assert rx.level_sigmas_a(i) == pytest.approx(np.sqrt(expect), rel=1e-12)


def test_noise_is_chunk_invariant():
    s = ReceiverSettings()
    x = np.abs(np.sin(np.arange(50000) / 30.0)) * 1e-4
    a = _front_end(s).process(x)
    rx = _front_end(s)
    b = np.concatenate([rx.process(x[:777]), rx.process(x[777:40001]), rx.process(x[40001:])])
    assert np.array_equal(a, b)


def test_brickwall_taps():
    h = brickwall_fir(F3, FS, 255)
    assert h.size == 255 and h.sum() == pytest.approx(1.0) and np.allclose(h, h[::-1])
    with pytest.raises(ConfigError):
        brickwall_fir(FS, FS, 255)


def test_clopper_pearson_known_values():
    lo, hi = clopper_pearson_interval(0, 100)
    assert lo == 0.0 and hi == pytest.approx(1 - 0.025 ** (1 / 100), rel=1e-9)
    lo, hi = clopper_pearson_interval(100, 100)
    assert hi == 1.0 and lo == pytest.approx(0.025 ** (1 / 100), rel=1e-9)
    lo, hi = clopper_pearson_interval(5, 100)
    assert (round(lo, 4), round(hi, 4)) == (0.0164, 0.1128)


def test_wilson_known_values_and_nesting():
    lo, hi = wilson_interval(5, 100)
    assert (round(lo, 4), round(hi, 4)) == (0.0215, 0.1118)
    for k in (1, 10, 500):
        c = clopper_pearson_interval(k, 1000)
        w = error_interval(k, 1000, method="wilson")
        assert c[0] < k / 1000 < c[1] and w[0] < k / 1000 < w[1]


def test_error_counter_counts_gray_bits():
    c = ErrorCounter(4, np.array([1.0, 2.0, 3.0]))
    tx = np.array([0, 1, 2, 3, 0, 3, 1])
    samples = np.array([0.5, 1.5, 2.5, 3.5, 2.5, 0.5, 3.5])  # last three wrong: 0->2, 3->0, 1->3
    dec = c.add(tx, samples)
    assert dec.tolist() == [0, 1, 2, 3, 2, 0, 3]
    assert c.symbol_errors == 3
    assert c.bit_errors == 2 + 1 + 2  # 00->11, 10->00, 01->10
    assert np.allclose(c.level_means_a, [1.5, 2.5, 2.5, 2.0])


def test_thresholds_and_settings_errors():
    assert np.allclose(thresholds_for_levels(np.array([0.0, 2.0]), np.array([1.0, 1.0]), "optimal"), [1.0])
    assert np.allclose(thresholds_for_levels(np.array([0.0, 2.0]), np.array([1.0, 3.0]), "optimal"), [0.5])
    with pytest.raises(PhysicsError, match="closed"):
        thresholds_for_levels(np.array([0.0, 2.0, 1.0, 3.0]), np.ones(4), "midpoint")
    with pytest.raises(ConfigError, match="filter"):
        ReceiverSettings(filter="rc")
    with pytest.raises(ConfigError, match="even"):
        ReceiverSettings(brickwall_taps=256)
    with pytest.raises(ConfigError, match="boolean"):
        ReceiverSettings(shot_noise="yes")
    with pytest.raises(ConfigError, match="errors"):
        clopper_pearson_interval(11, 10)
