"""Host side of a port: the SerDes class follows the host channel loss; per-direction
accounting; the 400G extrapolations."""

from __future__ import annotations

import pytest

from cposim.devices.serdes import Serdes
from cposim.electrical.topologies import host_channel_loss_db
from cposim.errors import ConfigError
from cposim.package.host_interface import copper_host_side, host_side


def test_symmetric_port_charges_one_serdes_lane_end():
    h = host_side(tx_kind="front_panel_pluggable", rx_kind="front_panel_pluggable", payload_bps=200e9,
                  gearbox_400g=True)
    s = Serdes(reach_class=h.tx_serdes.reach_class, lane_rate_bps=212.5e9)
    assert float(h.power_per_lane_w) == pytest.approx(float(s.power_w))  # Tx + Rx share = power_w
    assert h.tx_loss_db == pytest.approx(host_channel_loss_db("front_panel_pluggable", lane_rate_bps=212.5e9))


def test_less_loss_never_costs_more():
    kinds = ("co_packaged", "near_packaged", "front_panel_pluggable")
    for rate in (100e9, 200e9):
        powers = [float(host_side(tx_kind=k, rx_kind=k, payload_bps=rate, gearbox_400g=False).power_per_lane_w)
                  for k in kinds]
        losses = [host_channel_loss_db(k, lane_rate_bps=rate * 1.0625) for k in kinds]
        assert losses == sorted(losses)
        assert powers == sorted(powers)


def test_unretimed_path_sees_both_host_channels():
    one = host_side(tx_kind="lpo_host", rx_kind="lpo_host", payload_bps=100e9, gearbox_400g=False)
    two = host_side(tx_kind="lpo_host", rx_kind="lpo_host", payload_bps=100e9, gearbox_400g=False, unretimed=True)
    assert two.rx_loss_db == pytest.approx(2 * one.rx_loss_db)
    assert float(two.power_per_lane_w) > float(one.power_per_lane_w)


def test_asymmetric_port_adds_tx_share_of_one_class_and_rx_share_of_the_other():
    h = host_side(tx_kind="co_packaged", rx_kind="front_panel_pluggable", payload_bps=100e9, gearbox_400g=False)
    expected = float(h.tx_serdes.tx_power_w) + float(h.rx_serdes.rx_power_w)
    assert float(h.power_per_lane_w) == pytest.approx(expected)
    assert "/" in h.reach_classes


def test_400g_gearbox_doubles_lanes_and_engine_scales_energy():
    base = host_side(tx_kind="co_packaged", rx_kind="co_packaged", payload_bps=200e9, gearbox_400g=False)
    eng = host_side(tx_kind="co_packaged", rx_kind="co_packaged", payload_bps=400e9, gearbox_400g=False)
    dsp = host_side(tx_kind="co_packaged", rx_kind="co_packaged", payload_bps=400e9, gearbox_400g=True)
    assert eng.extrapolated and dsp.extrapolated
    assert float(dsp.power_per_lane_w) == pytest.approx(2 * float(base.power_per_lane_w))
    assert float(eng.power_per_lane_w) == pytest.approx(2 * 1.2 * float(base.power_per_lane_w))


def test_copper_host_side_caps_at_the_largest_class():
    h = copper_host_side(loss_db=41.0, line_rate_bps=212.5e9, host="front_panel_pluggable")
    assert h.rx_serdes.reach_class == "lr" and h.rx_loss_db == 41.0


def test_unknown_kind_is_refused():
    with pytest.raises(ConfigError, match="tx_kind"):
        host_side(tx_kind="backplane", rx_kind="co_packaged", payload_bps=100e9, gearbox_400g=False)
