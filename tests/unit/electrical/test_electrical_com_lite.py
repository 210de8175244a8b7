"""COM-lite: limits, monotonicity, noise/crosstalk/MLSD bookkeeping, PDF vs Monte Carlo."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.electrical.annex93a_line import line_s
from cposim.electrical.cascade import cascade_s, reverse_s
from cposim.electrical.com_lite import _isi_noise_amplitude, com_lite
from cposim.electrical.com_settings import COM_PRESETS, DJ_KR, ComSettings, reference_receiver
from cposim.electrical.crosstalk import flat_aggressor
from cposim.electrical.device_package import DevicePackage
from cposim.electrical.frequency import channel_frequency_grid, to_network
from cposim.electrical.lines import D33_HOST
from cposim.errors import ConfigError, PhysicsError

RATE = 212.5e9


def _trace(length_m: float, rate: float = RATE):
    f = channel_frequency_grid(rate)
    p = DevicePackage().s(f)
    return f, cascade_s(p, line_s(f, length_m, D33_HOST), reverse_s(p))[:, 1, 0]


def test_com_falls_with_trace_length():
    coms = [com_lite(_trace(x), lane_rate_bps=RATE, settings="dj_kr").com_db for x in (0.3, 0.45, 0.6, 0.75)]
    assert np.all(np.diff(coms) < 0)
    assert all(np.isfinite(coms))


def test_noise_crosstalk_and_mlsd_bookkeeping():
    ch = _trace(0.4)
    base = com_lite(ch, lane_rate_bps=RATE, settings=DJ_KR)
    noisy = com_lite(ch, lane_rate_bps=RATE, settings=DJ_KR.replace(eta0_v2_per_hz=6e-17))
    xt = com_lite(ch, lane_rate_bps=RATE, settings=DJ_KR, aggressors=[flat_aggressor(-40.0)])
    no_mlsd = com_lite(ch, lane_rate_bps=RATE, settings=DJ_KR.replace(mlsd_credit_db=0.0))
    assert noisy.com_db < base.com_db
    assert xt.com_db < base.com_db and xt.sigmas_v["crosstalk"] > 0 == base.sigmas_v["crosstalk"]
    assert base.com_db - no_mlsd.com_db == pytest.approx(1.3, abs=1e-9)
    assert base.margin_db == pytest.approx(base.com_db - 3.0)
    c2c = com_lite(ch, lane_rate_bps=RATE, settings="dj_c2c")
    assert c2c.com_db < no_mlsd.com_db  # DER0 6.7e-6 is stricter than 2e-4


def test_gaussian_and_pdf_estimates_agree_on_a_long_channel():
    r = com_lite(_trace(0.55), lane_rate_bps=RATE, settings="dj_kr")
    g = com_lite(_trace(0.55), lane_rate_bps=RATE, settings="dj_kr", method="gaussian")
    assert r.com_db == pytest.approx(g.com_db, abs=1.0)
    assert r.com_gaussian_db == pytest.approx(g.com_db, abs=1e-9)


def test_network_and_array_inputs_agree():
    f, s21 = _trace(0.3)
    s = np.zeros((f.size, 2, 2), complex)
    s[:, 1, 0] = s[:, 0, 1] = s21
    a = com_lite((f, s21), lane_rate_bps=RATE, settings="dj_kr")
    b = com_lite(to_network(f, s), lane_rate_bps=RATE, settings="dj_kr")
    assert a.com_db == pytest.approx(b.com_db, abs=1e-9)


def test_isi_pdf_amplitude_matches_monte_carlo():
    """Exact ISI distribution + Gaussian noise vs 2e6 random PAM4 draws at DER0 = 1e-3 (independent)."""
    rng = np.random.default_rng(11)
    isi = np.array([0.08, -0.05, 0.03, 0.02, -0.015, 0.01])
    sigma, der0 = 0.02, 1e-3
    symbols = np.array([-1.0, -1 / 3, 1 / 3, 1.0])
    draws = rng.choice(symbols, size=(2_000_000, isi.size)) @ isi + rng.normal(scale=sigma, size=2_000_000)
    mc = -np.quantile(draws, der0)
    assert _isi_noise_amplitude(isi, sigma, 4, der0, signal=1.0) == pytest.approx(mc, rel=0.02)


def test_reference_receiver_by_rate_and_presets():
    assert reference_receiver(106.25e9).name == "ck_like"
    assert reference_receiver(212.5e9).name == "dj_kr"
    assert reference_receiver(212.5e9, reach="c2c").name == "dj_c2c"
    assert set(COM_PRESETS) == {"dj_kr", "dj_c2c", "ck_like"}
    for s in COM_PRESETS.values():
        assert s.sources()


def test_errors_are_clear():
    f = channel_frequency_grid(RATE)
    with pytest.raises(PhysicsError, match="no signal"):
        com_lite((f, np.zeros(f.size, complex)), lane_rate_bps=RATE, settings="dj_kr")
    with pytest.raises(ConfigError, match="settings"):
        com_lite(_trace(0.1), lane_rate_bps=RATE, settings="dj_xx")
    with pytest.raises(ConfigError, match="rx_ffe_pre"):
        ComSettings(rx_ffe_taps=4, rx_ffe_pre=4)
    with pytest.raises(ConfigError, match="method"):
        com_lite(_trace(0.1), lane_rate_bps=RATE, method="exact")
