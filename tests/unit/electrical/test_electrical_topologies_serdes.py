"""Host paths of the architectures and the SerDes each one needs (SER-*, CPS-SER-*)."""

from __future__ import annotations

import numpy as np
import pytest
import skrf

from cposim.devices.serdes import LANE_RATE_100G_BPS, LANE_RATE_200G_BPS, Serdes
from cposim.electrical.frequency import s21_of
from cposim.electrical.serdes_power import serdes_energy_pj_per_bit, serdes_for_channel, ucie_for_package
from cposim.electrical.topologies import HOST_KINDS, copper_port_s, host_channel, host_channel_loss_db
from cposim.errors import ConfigError

RATES = (LANE_RATE_100G_BPS, LANE_RATE_200G_BPS)


@pytest.mark.parametrize("rate", RATES)
def test_cpo_path_is_shortest_and_front_panel_longest(rate):
    loss = {k: host_channel_loss_db(k, lane_rate_bps=rate) for k in HOST_KINDS}
    assert loss["co_packaged"] < loss["near_packaged"] < loss["front_panel_pluggable"]
    assert loss["lpo_host"] == loss["front_panel_pluggable"]


@pytest.mark.parametrize("kind", HOST_KINDS)
def test_host_paths_are_passive_networks_whose_loss_grows_with_rate(kind):
    net = host_channel(kind, lane_rate_bps=LANE_RATE_200G_BPS)
    assert isinstance(net, skrf.Network) and net.nports == 2
    s = net.s
    assert np.all(np.abs(s[:, 0, 0]) ** 2 + np.abs(s[:, 1, 0]) ** 2 <= 1 + 1e-9)
    assert 0.9 < abs(s21_of(net)[0]) <= 1.0  # DC passes (only the small gamma0 loss of the substrate)
    assert host_channel_loss_db(kind, lane_rate_bps=LANE_RATE_200G_BPS) > host_channel_loss_db(
        kind, lane_rate_bps=LANE_RATE_100G_BPS)


def test_copper_port_route_options():
    f = np.array([0.0, 53.125e9])
    short = copper_port_s("front_panel_pluggable", f)
    long = copper_port_s("front_panel_pluggable", f, host_pcb_length_m=0.28)
    assert abs(long[1, 1, 0]) < abs(short[1, 1, 0])
    with pytest.raises(ConfigError, match="co-packaged"):
        copper_port_s("co_packaged", f, host_pcb_length_m=0.1)
    with pytest.raises(ConfigError, match="did you mean"):
        host_channel("front_panel_pluggabel")


def test_serdes_class_follows_the_channel():
    """CPO path -> XSR/USR class within SER-10's <= 1.1 pJ/bit at 106.25 Gb/s; front panel -> VSR."""
    cpo = serdes_for_channel(host_channel_loss_db("co_packaged", lane_rate_bps=LANE_RATE_100G_BPS),
                             lane_rate_bps=LANE_RATE_100G_BPS)
    fp = serdes_for_channel(host_channel_loss_db("front_panel_pluggable", lane_rate_bps=LANE_RATE_100G_BPS),
                            lane_rate_bps=LANE_RATE_100G_BPS)
    assert isinstance(cpo, Serdes) and cpo.reach_class in ("usr", "xsr")
    assert float(cpo.energy_pj_per_bit) <= 1.1 + 1e-12
    assert fp.reach_class == "vsr" and float(fp.energy_pj_per_bit) > float(cpo.energy_pj_per_bit)


def test_energy_is_monotone_and_vectorised():
    loss = np.linspace(0.0, 35.0, 81)
    e = serdes_energy_pj_per_bit(loss, lane_rate_bps=LANE_RATE_200G_BPS)
    assert e.shape == loss.shape and np.all(np.diff(e) >= 0)
    grid = serdes_energy_pj_per_bit(loss[:, None], lane_rate_bps=np.array(RATES)[None, :])
    assert grid.shape == (81, 2)


def test_ucie_energies_sit_in_the_published_ranges():
    """SER-15 (2D 0.5-0.6), SER-16 (2.5D 0.25-0.3), SER-17 (3D 0.01-0.05) pJ/bit."""
    ranges = {"standard": (0.5, 0.6), "advanced": (0.25, 0.3), "hybrid_bonded": (0.01, 0.05)}
    for pkg, (lo, hi) in ranges.items():
        for pin in (8e9, 16e9, 32e9):
            e = float(ucie_for_package(pkg, pin_rate_bps=pin).energy_pj_per_bit)
            assert lo <= e <= hi


def test_impossible_channels_and_bad_input():
    with pytest.raises(ConfigError, match="budget"):
        serdes_for_channel(60.0, lane_rate_bps=LANE_RATE_200G_BPS)
    with pytest.raises(ConfigError, match="scalar"):
        serdes_for_channel(np.array([3.0, 4.0]), lane_rate_bps=LANE_RATE_200G_BPS)
    with pytest.raises(ConfigError, match="package"):
        ucie_for_package("organic")
