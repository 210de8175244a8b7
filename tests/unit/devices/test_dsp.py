"""Module DSP and retimer power: accounting, node defaults, retimer figures."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.devices.dsp import DSP_NODES, ModuleDsp, Retimer
from cposim.devices.serdes import LANE_RATE_100G_BPS, LANE_RATE_200G_BPS
from cposim.errors import ConfigError


def test_default_is_an_800g_5nm_dsp_cps_dsp01():
    """CPS-DSP-01: 8 x 106.25 Gb/s at 6 W -> 7.06 pJ/bit per per-direction electrical bit."""
    d = ModuleDsp()
    assert d.aggregate_rate_bps == pytest.approx(850e9)
    assert d.power_w == pytest.approx(6.0)
    assert d.energy_pj_per_bit == pytest.approx(6.0 / 850e9 * 1e12)


def test_dsp_plus_lpo_is_a_dsp_module_pwr08():
    """PWR-08: 800G LPO 8-9 W vs DSP modules 14-16 W; LPO + our DSP must land in that span
    (consistency of the estimate, not an independent validation)."""
    dsp = ModuleDsp().power_w
    assert 14.0 <= 8.0 + dsp <= 16.0 and 14.0 <= 9.0 + dsp <= 16.0


def test_3nm_1p6t_dsp_in_8_to_12_w_class_cps_dsp02():
    d = ModuleDsp.at_node("3nm")
    assert d.lane_rate_bps == LANE_RATE_200G_BPS
    assert 8.0 <= d.power_w <= 12.0
    assert d.energy_pj_per_bit < ModuleDsp.at_node("5nm").energy_pj_per_bit
    assert "CPS-DSP-02" in d.source_ids() and "STD-06" in d.source_ids()
    assert "CPS-DSP-01" not in d.source_ids()


def test_at_node_keeps_user_lane_rate_without_citing_it():
    d = ModuleDsp.at_node("3nm", lanes=4, lane_rate_bps=LANE_RATE_100G_BPS)
    assert d.lanes == 4 and d.lane_rate_bps == LANE_RATE_100G_BPS
    assert d.power_w == pytest.approx(DSP_NODES["3nm"][0] * 4 * LANE_RATE_100G_BPS)
    assert "STD-06" not in d.source_ids()


def test_at_node_typo_is_rejected_with_a_hint():
    with pytest.raises(ConfigError, match="did you mean '3nm'"):
        ModuleDsp.at_node("3mn")


def test_power_is_energy_times_per_direction_rate_and_scales_with_lanes():
    lanes_list = [1, 2, 4, 8, 16]
    p = np.array([ModuleDsp(lanes=n).power_w for n in lanes_list])
    np.testing.assert_allclose(p / p[0], lanes_list)
    d = ModuleDsp(lane_rate_bps=np.array([LANE_RATE_100G_BPS, LANE_RATE_200G_BPS]))
    np.testing.assert_allclose(d.power_w, d.energy_pj_per_bit * 1e-12 * 8 * d.lane_rate_bps)


def test_retimer_3w_per_8_channels_at_112g_pwr13():
    r = Retimer()
    assert r.power_w == pytest.approx(3.0)
    assert r.power_per_channel_w == pytest.approx(3.0 / 8)
    assert r.latency_s == pytest.approx(3e-9)
    assert r.energy_pj_per_bit < ModuleDsp().energy_pj_per_bit


def test_dsp_latency_is_15_to_20_times_the_retimer_cps_dsp03():
    ratio = ModuleDsp().latency_s / Retimer().latency_s
    assert 15.0 <= ratio <= 20.0


def test_bad_values_are_rejected():
    with pytest.raises(ConfigError, match="ModuleDsp.lanes"):
        ModuleDsp(lanes=2.5)
    with pytest.raises(ConfigError, match="Retimer.energy_j_per_bit"):
        Retimer(energy_j_per_bit=5.0)  # 5 J/bit: a pJ value typed without the prefix
