"""Fabric sizing: closed forms of the folded Clos, rounding policies, designs, planes, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cposim.errors import ConfigError
from cposim.fabric.topology import FabricSpec, fat_tree, size_fabric, split_ports


@pytest.mark.parametrize("k", [8, 16, 48, 64, 128])
@pytest.mark.parametrize("tiers", [1, 2, 3])
def test_full_build_capacity_is_2_half_k_to_the_L(k, tiers):
    """E_max(L) = 2 (k/2)^L and a full non-blocking build uses (2L-1)(k/2)^(L-1) switches (CPS-FAB-05)."""
    n = 2 * (k // 2) ** tiers
    s = size_fabric(FabricSpec(gpus=n, radix=k, tiers=tiers, design="clos", gpus_per_node=1))
    assert int(s.capacity_gpus) == n
    assert int(s.total_switches) == (2 * tiers - 1) * (k // 2) ** (tiers - 1)
    assert np.all(s.links[:tiers] == n)
    with pytest.raises(ConfigError, match="does not fit"):
        size_fabric(FabricSpec(gpus=n + 1, radix=k, tiers=tiers, design="clos", gpus_per_node=1))


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 300_000), k=st.sampled_from([16, 32, 64, 128]))
def test_non_blocking_minimal_counts_follow_the_closed_form(n, k):
    """S_t = ceil(2N/k) below the top, S_L = ceil(N/k); N links per tier boundary (CPS-FAB-05)."""
    s = size_fabric(FabricSpec(gpus=n, radix=k, design="clos", gpus_per_node=1))
    L = int(s.tiers)
    assert 2 * (k // 2) ** (L - 1) < n <= 2 * (k // 2) ** L or (L == 1 and n <= k)
    if L > 1:
        assert np.all(s.switch_boxes[: L - 1] == -(-2 * n // k))
        assert int(s.switch_boxes[L - 1]) == -(-n // k)
    assert np.all(s.links[:L] == n)
    assert np.all(s.links[L:] == 0)


@settings(max_examples=40, deadline=None)
@given(nodes=st.integers(1, 4000), k=st.sampled_from([32, 64, 128]))
def test_rail_optimized_counts_equal_the_clos_when_nodes_fill_leaves(nodes, k):
    """Rails only change which leaf a port lands on (cposim notes): whole leaves of k/2 nodes per rail."""
    nodes = -(-nodes // (k // 2)) * (k // 2)
    rail = size_fabric(FabricSpec(gpus=8 * nodes, radix=k))
    clos = size_fabric(FabricSpec(gpus=8 * nodes, radix=k, design="clos"))
    assert np.array_equal(rail.switch_boxes, clos.switch_boxes)
    assert np.array_equal(rail.links, clos.links)


def test_rail_optimized_rounds_leaves_per_rail():
    """100 nodes, 32 nodes per rail leaf: 4 leaves per rail x 8 rails = 32 (a Clos would pack 25)."""
    rail = size_fabric(FabricSpec(gpus=800, radix=64))
    clos = size_fabric(FabricSpec(gpus=800, radix=64, design="clos"))
    assert int(rail.switch_boxes[0]) == 32 and int(clos.switch_boxes[0]) == 25


def test_rail_only_is_one_switch_per_rail_when_a_rail_fits_a_switch():
    """Rail-only (CPS-FAB-06): each rail is its own Clos of N/g endpoints; N/g <= k -> one switch per rail."""
    s = size_fabric(FabricSpec(gpus=8 * 64, radix=64, design="rail-only"))
    assert int(s.tiers) == 1 and int(s.total_switches) == 8 and int(s.total_links) == 512
    big = size_fabric(FabricSpec(gpus=16384, radix=64, design="rail-only"))
    opt = size_fabric(FabricSpec(gpus=16384, radix=64))
    assert int(big.tiers) == 2 < int(opt.tiers) == 3
    assert int(big.total_switches) == 8 * (64 + 32)


def test_fat_tree_k48():
    """Al-Fares k = 48: 27,648 hosts and 2,880 switches (CPS-FAB-04), from the general model."""
    s = fat_tree(48)
    assert int(s.gpus) == 27648 and int(s.total_switches) == 2880 and int(s.total_links) == 3 * 27648


def test_oversubscription_splits_ports_and_thins_the_links_above():
    """r:1 leaf: d = k r/(r+1) down, links above = N/r, spines = ceil(N/(r k)) (cposim notes)."""
    assert split_ports(64, 3.0) == (48, 16)
    assert split_ports(48, 0.5) == (16, 32)
    n = 48 * 40
    s = size_fabric(FabricSpec(gpus=n, radix=64, design="clos", gpus_per_node=1, oversubscription=(3.0,)))
    assert int(s.tiers) == 2
    assert int(s.switch_boxes[0]) == n // 48
    assert int(s.links[1]) == n // 3
    assert int(s.switch_boxes[1]) == -(-n // (3 * 64))
    assert float(s.oversubscription_total) == 3.0
    assert float(s.bisection_bps) == pytest.approx(n * 400e9 / 2 / 3)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(2, 60_000), k=st.sampled_from([16, 48, 64]))
def test_full_uplinks_policy_spreads_uplinks_evenly(n, k):
    """Every lower switch wires all uplinks; the top tier receives them evenly and has the ports."""
    s = size_fabric(FabricSpec(gpus=n, radix=k, design="clos", gpus_per_node=1, rounding="full-uplinks"))
    L = int(s.tiers)
    if L == 1:
        return
    u = k // 2
    top = int(s.switch_boxes[L - 1])
    uplinks = int(s.links[L - 1])
    assert uplinks == int(s.switch_boxes[L - 2]) * u
    assert top * k >= uplinks
    assert (top <= u and u % top == 0) or (top > u and uplinks % top == 0)
    minimal = size_fabric(FabricSpec(gpus=n, radix=k, design="clos", gpus_per_node=1))
    assert int(s.total_links) >= int(minimal.total_links)


def test_multi_plane_shared_cabling_counts_boxes_and_cables_once():
    """Quantum-X style: 4 planes of 200G per 800G port (SYS-NV-12); radix 144 per ASIC -> 746,496 GPUs
    at three tiers (CLU-12); boxes hold one ASIC per plane, cables carry all planes."""
    s = size_fabric(FabricSpec(gpus=746_496, radix=144, port_rate_bps=200e9, ports_per_gpu=4, planes=4,
                               plane_cabling="shared", design="clos", gpus_per_node=1))
    assert int(s.tiers) == 3 and int(s.capacity_gpus) == 746_496
    assert int(s.asics.sum()) == 4 * int(s.total_switches)
    assert np.all(s.links[:3] == 746_496)


def test_separate_planes_double_everything():
    one = size_fabric(FabricSpec(gpus=4096, radix=64))
    two = size_fabric(FabricSpec(gpus=4096, radix=64, ports_per_gpu=2, planes=2))
    assert int(two.total_switches) == 2 * int(one.total_switches)
    assert int(two.total_links) == 2 * int(one.total_links)


def test_arrays_broadcast_like_scalars():
    counts = np.array([512, 4096, 100_000, 1_000_000])
    s = size_fabric(FabricSpec(gpus=counts, radix=64))
    for i, n in enumerate(counts):
        one = size_fabric(FabricSpec(gpus=int(n), radix=64))
        assert int(s.tiers[i]) == int(one.tiers)
        assert np.array_equal(s.switch_boxes[:, i], one.switch_boxes)
        assert np.array_equal(s.links[:, i], one.links)


@pytest.mark.parametrize("kwargs, match", [
    ({"radix": 63}, "odd"),
    ({"gpus": 100}, "whole 8-GPU nodes"),
    ({"gpus": 100, "design": "rail-only"}, "whole 8-GPU nodes"),
    ({"oversubscription": (2.0,)}, "impossible for a 64-port switch"),
    ({"oversubscription": (0.0,)}, "too small"),
    ({"gpus": 512, "oversubscription": (3.0, 3.0)}, "entries but the fabric has only 1"),
    ({"gpus": 100_000, "tiers": 2}, "does not fit a 2-tier"),
    ({"planes": 3}, "does not divide"),
    ({"design": "torus"}, "not allowed"),
    ({"gpus": -8}, "too small"),
    ({"gpus": 8.5}, "whole number"),
    ({"plane_cabling": "shared"}, "needs planes >= 2"),
    ({"radix": 8, "gpus": 10**9}, "more than 6 tiers"),
])
def test_bad_input_is_a_clear_error(kwargs, match):
    with pytest.raises(ConfigError, match=match):
        size_fabric(FabricSpec(**kwargs))
