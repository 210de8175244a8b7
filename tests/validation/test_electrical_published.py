"""Electrical layer against published and derived figures (source ids and tolerances in each name).

* SYS-NV-06 / SYS-NV-07: host-path loss to a front-panel pluggable (22 dB) and to a co-packaged
  engine (4 dB) at 200G/lane, within 3 dB.
* CPS-ELE-19 / CPS-ELE-20: COM (pychopmarg 3.4) vs PCB trace length; COM-lite within 1.5 dB at
  every tabulated length and the 3 dB crossing length within 15 %.
* RCH-01 / RCH-04: passive 26 AWG copper reach ~2 m at 100G/lane and ~1 m at 200G/lane, 30 %.
  (The copper-port host route, CPS-ELE-28, was set once against RCH-04; RCH-01 is a check of the
  rate scaling.) RCH-02 (ACC 4-5 m) and RCH-03 (AEC 7 m, low confidence) at 100G/lane, 30 %.
* SER-08: a 1 m DAC link at 200G/lane sits at the 40 dB CR loss objective, within 3 dB.
* SER-10, SER-15..17: SerDes energy through the serdes_power API.
"""

from __future__ import annotations

import numpy as np
import pytest

from cposim.devices.serdes import LANE_RATE_100G_BPS, LANE_RATE_200G_BPS
from cposim.electrical.copper_link import copper_link_loss_db
from cposim.electrical.reach import check_copper_link, copper_cable_reach_m, pcb_margin_db, pcb_reach_m
from cposim.electrical.serdes_power import serdes_for_channel, ucie_for_package
from cposim.electrical.topologies import host_channel_loss_db
from cposim.errors import PhysicsError


def test_front_panel_host_loss_sys_nv_06_within_3_db():
    assert host_channel_loss_db("front_panel_pluggable", lane_rate_bps=LANE_RATE_200G_BPS) == pytest.approx(22.0, abs=3.0)


def test_co_packaged_host_loss_sys_nv_07_within_3_db():
    assert host_channel_loss_db("co_packaged", lane_rate_bps=LANE_RATE_200G_BPS) == pytest.approx(4.0, abs=3.0)


def _crossing(lengths, coms, threshold=3.0):
    coms = np.asarray(coms)
    k = int(np.nonzero(coms < threshold)[0][0])
    x0, x1, c0, c1 = lengths[k - 1], lengths[k], coms[k - 1], coms[k]
    return x0 + (c0 - threshold) * (x1 - x0) / (c0 - c1)


# (receiver, lane rate, trace lengths in m, COM in dB from the notes)
COM_TABLES = {
    "dj_kr CPS-ELE-19": ("dj_kr", LANE_RATE_200G_BPS, (0.3, 0.5, 0.65), (8.0, 4.9, 0.4)),
    "dj_c2c CPS-ELE-19": ("dj_c2c", LANE_RATE_200G_BPS, (0.05, 0.2, 0.35, 0.5), (5.8, 6.1, 4.2, 1.7)),
    "ck_like CPS-ELE-20": ("ck_like", LANE_RATE_100G_BPS, (0.4, 0.7, 1.0, 1.3), (7.3, 5.1, 1.3, -4.8)),
}


@pytest.mark.parametrize("case", sorted(COM_TABLES))
def test_com_lite_vs_com_tables_cps_ele_19_20_within_1p5_db_and_crossing_within_15_percent(case):
    from cposim.electrical.com_settings import COM_PRESETS

    name, rate, lengths, published = COM_TABLES[case]
    mine = [pcb_margin_db(x, lane_rate_bps=rate, settings=COM_PRESETS[name]) + 3.0 for x in lengths]
    np.testing.assert_allclose(mine, published, atol=1.5)
    assert _crossing(lengths, mine) == pytest.approx(_crossing(lengths, published), rel=0.15)


def test_pcb_reach_at_100g_and_200g_cps_ele_19_20_within_15_percent():
    """D3.3 laminate, class-A packages: ~0.87 m at 100G/lane (ck-like), ~0.56 m at 200G/lane (KR)."""
    assert pcb_reach_m(lane_rate_bps=LANE_RATE_100G_BPS, tolerance_m=0.01) == pytest.approx(0.87, rel=0.15)
    assert pcb_reach_m(lane_rate_bps=LANE_RATE_200G_BPS, tolerance_m=0.01) == pytest.approx(0.56, rel=0.15)


def test_passive_copper_reach_rch_01_and_rch_04_within_30_percent():
    assert copper_cable_reach_m(lane_rate_bps=LANE_RATE_100G_BPS, tolerance_m=0.02) == pytest.approx(2.0, rel=0.3)
    assert copper_cable_reach_m(lane_rate_bps=LANE_RATE_200G_BPS, tolerance_m=0.02) == pytest.approx(1.0, rel=0.3)


def test_active_copper_reach_rch_02_acc_and_rch_03_aec_within_30_percent():
    assert copper_cable_reach_m(lane_rate_bps=LANE_RATE_100G_BPS, cable="acc", tolerance_m=0.05) == pytest.approx(
        4.5, rel=0.3)
    assert copper_cable_reach_m(lane_rate_bps=LANE_RATE_100G_BPS, cable="aec", tolerance_m=0.05) == pytest.approx(
        7.0, rel=0.3)


def test_one_metre_dac_link_loss_at_the_ser_08_cr_objective_within_3_db():
    assert float(copper_link_loss_db(1.0, lane_rate_bps=LANE_RATE_200G_BPS)) == pytest.approx(40.0, abs=3.0)


def test_passive_dac_of_5_m_at_200g_is_refused_with_an_explanation():
    with pytest.raises(PhysicsError, match=r"passive DAC .*5 m.*212.5 Gb/s.*margin -\d+.*reaches about 0\.\d m"):
        check_copper_link(5.0, LANE_RATE_200G_BPS)


def test_xsr_serdes_for_the_cpo_path_ser_10_at_most_1p1_pj_per_bit():
    loss = host_channel_loss_db("co_packaged", lane_rate_bps=LANE_RATE_100G_BPS)
    assert float(serdes_for_channel(loss, lane_rate_bps=LANE_RATE_100G_BPS).energy_pj_per_bit) <= 1.1 + 1e-12
    xsr_loss = host_channel_loss_db("near_packaged", lane_rate_bps=LANE_RATE_100G_BPS)
    s = serdes_for_channel(xsr_loss, lane_rate_bps=LANE_RATE_100G_BPS)
    assert s.reach_class == "xsr" and float(s.energy_pj_per_bit) <= 1.1 + 1e-12


@pytest.mark.parametrize(("package", "lo", "hi"), [("standard", 0.5, 0.6), ("advanced", 0.25, 0.3),
                                                   ("hybrid_bonded", 0.01, 0.05)])
def test_ucie_energy_ser_15_16_17_inside_published_ranges(package, lo, hi):
    for pin in (4e9, 16e9, 24e9, 32e9):
        assert lo <= float(ucie_for_package(package, pin_rate_bps=pin).energy_pj_per_bit) <= hi
