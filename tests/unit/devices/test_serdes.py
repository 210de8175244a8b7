"""SerDes / UCIe energy per bit by reach class, loss budgets and the class picker."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cposim.devices.serdes import (
    LANE_RATE_100G_BPS,
    LANE_RATE_200G_BPS,
    LANE_RATE_50G_BPS,
    REACH_CLASSES,
    SERDES_CLASSES,
    UCIE_CLASSES,
    Serdes,
    cheapest_reach_class,
    serdes_energy_for_loss_pj_per_bit,
)
from cposim.errors import ConfigError
from cposim.references import all_sources

RATES = (LANE_RATE_100G_BPS, LANE_RATE_200G_BPS)


def test_named_lane_rates_std06():
    """CPS-SER-01/02, STD-06: 53.125, 106.25 and 212.5 Gb/s electrical lanes (PAM4)."""
    assert (LANE_RATE_50G_BPS, LANE_RATE_100G_BPS, LANE_RATE_200G_BPS) == (53.125e9, 106.25e9, 212.5e9)
    s100, s200 = Serdes(lane_rate_bps=LANE_RATE_100G_BPS), Serdes(lane_rate_bps=LANE_RATE_200G_BPS)
    assert s100.symbol_rate_baud == pytest.approx(53.125e9)
    assert s100.nyquist_frequency_hz == pytest.approx(26.5625e9)
    assert s200.nyquist_frequency_hz == pytest.approx(53.125e9)


def test_xsr_energy_at_or_below_ser10_bound():
    """SER-10: a 113G PAM4 XSR transceiver is < 1.1 pJ/bit over 1-12 dB (tolerance: none, <=)."""
    xsr = Serdes(reach_class="xsr", lane_rate_bps=LANE_RATE_100G_BPS)
    assert xsr.energy_pj_per_bit <= 1.1 + 1e-12
    assert xsr.channel_loss_budget_db >= 12.0


@pytest.mark.parametrize(
    ("name", "lo", "hi"), [("ucie_2d", 0.5, 0.6), ("ucie_2.5d", 0.25, 0.3), ("ucie_3d", 0.01, 0.05)]
)
@settings(max_examples=60, deadline=None)
@given(pin=st.floats(4e9, 32e9), rate=st.floats(LANE_RATE_50G_BPS, LANE_RATE_200G_BPS))
def test_ucie_energy_inside_published_ranges_ser15_ser16_ser17(name, lo, hi, pin, rate):
    """SER-15 (2D 0.5-0.6), SER-16 (2.5D 0.25-0.3), SER-17 (3D 0.01-0.05) pJ/bit, any rate."""
    e = Serdes(reach_class=name, lane_rate_bps=rate, ucie_pin_rate_bps=pin).energy_pj_per_bit
    assert lo <= e <= hi


def test_ucie_2d_energy_split_at_16_gt_s_ser15():
    """SER-15: 0.5 pJ/bit at <= 16 GT/s, 0.6 above."""
    assert Serdes(reach_class="ucie_2d", ucie_pin_rate_bps=16e9).energy_pj_per_bit == pytest.approx(0.5)
    assert Serdes(reach_class="ucie_2d", ucie_pin_rate_bps=32e9).energy_pj_per_bit == pytest.approx(0.6)
    ucie = Serdes(reach_class="ucie_2d", ucie_pin_rate_bps=32e9)
    assert ucie.nyquist_frequency_hz == pytest.approx(16e9)  # NRZ per pin


@pytest.mark.parametrize(
    ("name", "budgets"),
    [("usr", (2, 2, 4)), ("xsr", (4, 13, 13)), ("vsr", (10, 16, 26)), ("mr", (20, 25, 33)), ("lr", (30, 35, 40))],
)
def test_loss_budgets_at_anchor_rates_ser01_to_ser08(name, budgets):
    """SER-01..05 (CEI-56G), SER-06 (XSR+ 13 dB), SER-07 (VSR 16 dB), SER-13 (LR 35 dB),
    SER-08 (200G LR 40 dB); others are CPS estimates. Exact table values."""
    got = [Serdes(reach_class=name, lane_rate_bps=r).channel_loss_budget_db for r in (53.125e9, 106.25e9, 212.5e9)]
    assert got == pytest.approx(budgets)


@pytest.mark.parametrize("rate", [LANE_RATE_50G_BPS, 80e9, LANE_RATE_100G_BPS, 150e9, LANE_RATE_200G_BPS])
def test_more_loss_budget_costs_more_energy(rate):
    """Across serial classes, loss budget and energy rise together (monotone)."""
    devs = [Serdes(reach_class=c, lane_rate_bps=rate) for c in SERDES_CLASSES]
    budgets = np.array([d.channel_loss_budget_db for d in devs])
    energy = np.array([d.energy_pj_per_bit for d in devs])
    assert np.all(np.diff(budgets) >= 0)
    assert np.all(np.diff(energy) > 0)


@pytest.mark.parametrize("name", SERDES_CLASSES)
def test_200g_costs_modestly_more_per_bit_and_more_per_lane(name):
    """CPS-SER-11: 1.2x per bit and 2.4x per lane from 106.25 to 212.5 Gb/s at equal class."""
    s100 = Serdes(reach_class=name, lane_rate_bps=LANE_RATE_100G_BPS)
    s200 = Serdes(reach_class=name, lane_rate_bps=LANE_RATE_200G_BPS)
    ratio_bit = s200.energy_pj_per_bit / s100.energy_pj_per_bit
    assert ratio_bit == pytest.approx(1.2)
    assert 1.0 <= ratio_bit <= 1.3
    assert s200.power_w / s100.power_w == pytest.approx(2.4)


def test_energy_rises_smoothly_with_lane_rate():
    rates = np.linspace(LANE_RATE_50G_BPS, LANE_RATE_200G_BPS, 50)
    e = Serdes(reach_class="vsr", lane_rate_bps=rates).energy_pj_per_bit
    assert e.shape == (50,)
    assert np.all(np.diff(e) > 0)


@pytest.mark.parametrize("name", tuple(REACH_CLASSES))
def test_tx_plus_rx_is_link_and_power_is_energy_times_rate(name):
    s = Serdes(reach_class=name, lane_rate_bps=np.array(RATES))
    np.testing.assert_allclose(s.tx_energy_pj_per_bit + s.rx_energy_pj_per_bit, s.energy_pj_per_bit, rtol=1e-12)
    np.testing.assert_allclose(s.power_w, s.energy_pj_per_bit * 1e-12 * np.array(RATES), rtol=1e-12)
    np.testing.assert_allclose(s.tx_power_w + s.rx_power_w, s.power_w, rtol=1e-12)


def test_tx_share_is_the_parameter_for_serial_and_half_for_ucie():
    s = Serdes(reach_class="lr", tx_energy_share=0.3)
    assert s.tx_energy_pj_per_bit / s.energy_pj_per_bit == pytest.approx(0.3)
    u = Serdes(reach_class="ucie_2.5d", tx_energy_share=0.3)
    assert u.tx_energy_pj_per_bit / u.energy_pj_per_bit == pytest.approx(0.5)


def test_reach_class_typo_gets_a_suggestion():
    with pytest.raises(ConfigError, match="did you mean 'xsr'"):
        Serdes(reach_class="xsrr")
    with pytest.raises(ConfigError, match="ucie_2.5d"):
        Serdes(reach_class="ucie_25d")


def test_lane_rate_outside_the_tabulated_range_is_rejected():
    with pytest.raises(ConfigError, match="Serdes.lane_rate_bps"):
        Serdes(lane_rate_bps=425e9)


def test_sources_follow_the_chosen_class_and_exist():
    table = all_sources()
    for name in REACH_CLASSES:
        ids = Serdes(reach_class=name).source_ids()
        assert all(i in table for i in ids)
        assert set(REACH_CLASSES[name].sources) <= set(ids)
    assert "SER-10" in Serdes(reach_class="xsr").source_ids()
    assert "SER-17" in Serdes(reach_class="ucie_3d").source_ids()


def test_loss_margin():
    s = Serdes(reach_class="xsr")
    np.testing.assert_allclose(s.loss_margin_db(np.array([0.0, 5.0, 20.0])), [13.0, 8.0, -7.0])
    with pytest.raises(ConfigError):
        s.loss_margin_db(-1.0)


def test_picker_chooses_the_cheapest_class_that_closes_the_channel():
    loss = np.array([0.0, 2.0, 2.01, 13.0, 13.5, 16.0, 24.0, 34.9, 35.0])
    got = cheapest_reach_class(loss, LANE_RATE_100G_BPS)
    assert list(got) == ["usr", "usr", "xsr", "xsr", "vsr", "vsr", "mr", "lr", "lr"]
    e = serdes_energy_for_loss_pj_per_bit(loss, LANE_RATE_100G_BPS)
    expected = [Serdes(reach_class=str(c)).energy_pj_per_bit for c in got]
    np.testing.assert_allclose(e, expected)


def test_picker_broadcasts_loss_against_rate():
    loss = np.array([[3.0], [20.0], [38.0]])
    rate = np.array([LANE_RATE_100G_BPS, LANE_RATE_200G_BPS])
    with pytest.raises(ConfigError, match="channel_loss_db"):
        cheapest_reach_class(loss, rate)  # 38 dB is beyond LR at 106.25 Gb/s (35 dB)
    names = cheapest_reach_class(loss[:2], rate)
    assert names.shape == (2, 2)
    assert [list(r) for r in names] == [["xsr", "usr"], ["mr", "vsr"]]


def test_picker_rejects_ucie_candidates_and_too_much_loss():
    with pytest.raises(ConfigError, match="classes"):
        cheapest_reach_class(3.0, classes=("ucie_2d",))
    with pytest.raises(ConfigError, match="exceeds every reach-class budget"):
        serdes_energy_for_loss_pj_per_bit(41.0, LANE_RATE_200G_BPS)


@settings(max_examples=100, deadline=None)
@given(
    a=st.floats(0.0, 40.0),
    b=st.floats(0.0, 40.0),
    rate=st.sampled_from([LANE_RATE_200G_BPS, 180e9]),
)
def test_energy_never_falls_as_channel_loss_rises(a, b, rate):
    lo, hi = sorted((a, b))
    if hi > Serdes(reach_class="lr", lane_rate_bps=rate).channel_loss_budget_db:
        return
    e = serdes_energy_for_loss_pj_per_bit(np.array([lo, hi]), rate)
    assert e[0] <= e[1]


def test_ucie_classes_listed():
    assert set(UCIE_CLASSES) | set(SERDES_CLASSES) == set(REACH_CLASSES)
