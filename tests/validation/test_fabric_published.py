"""Fabric model against published cluster figures. Each test names its source ids and tolerance."""

from __future__ import annotations

import pytest

from cposim.fabric.cluster import cluster
from cposim.fabric.inventory import build_inventory
from cposim.fabric.options import OPTIONS
from cposim.fabric.reliability import reliability
from cposim.fabric.topology import FabricSpec, fat_tree, size_fabric
from cposim.validate.cases import SUPERPOD_B200  # CPS-FAB-01: SUs -> (leaf, spine, core, cables per tier)


@pytest.mark.parametrize("sus", sorted(SUPERPOD_B200))
def test_dgx_b200_superpod_compute_fabric_exactly_cps_fab_01(sus):
    """CPS-FAB-01, exact (tolerance 0): SU = 32 DGX B200 (8 GPUs, 8 x 400G NICs, CPS-FAB-02), QM9700
    64 x 400G (CPS-FAB-03), rail-optimized; 2 tiers up to 8 SUs (2,048 GPUs), 3 beyond."""
    leaf, spine, core, cables = SUPERPOD_B200[sus]
    gpus = sus * 32 * 8
    s = size_fabric(FabricSpec(gpus=gpus, radix=64, port_rate_bps=400e9, gpus_per_node=8))
    tiers = 2 if core == 0 else 3
    assert int(s.tiers) == tiers
    assert s.switches_by_tier() == ({"leaf": leaf, "spine": spine} if tiers == 2
                                    else {"leaf": leaf, "spine": spine, "core": core})
    assert list(s.links_by_boundary().values()) == [cables] * tiers


def test_k48_fat_tree_cps_fab_04():
    """CPS-FAB-04 (Al-Fares et al.), exact: k = 48 -> 27,648 hosts and 2,880 switches."""
    s = fat_tree(48)
    assert int(s.gpus) == 27_648 and int(s.total_switches) == 2_880


def test_400k_gpus_six_modules_72_mw_against_21_6_mw_clu_01_02_sys_nv_08_09():
    """CLU-01 (6 transceivers per GPU), SYS-NV-08 (30 W per pluggable port) and SYS-NV-09 (9 W per CPO
    port): 400,000 GPUs in a three-tier fabric, one module per link end -> 6 modules per GPU, 72 MW of
    pluggables against 21.6 MW of co-packaged ports. Counted by the model; tolerance 1e-9 relative."""
    spec = FabricSpec(gpus=400_000, radix=128, port_rate_bps=1.6e12)
    dsp = OPTIONS["dsp"].with_powers(module_power_w=30.0, source="SYS-NV-08")
    cpo = OPTIONS["cpo"].with_powers(engine_port_power_w=9.0, source="SYS-NV-09")
    r = cluster(spec, options=(dsp, cpo))
    assert int(r.sizing.tiers) == 3
    d, c = r.options["dsp"].summary(), r.options["cpo"].summary()
    assert d["modules_per_gpu"] == pytest.approx(6.0, rel=1e-12)
    assert d["power_mw"] == pytest.approx(72.0, rel=1e-9)
    assert c["power_mw"] == pytest.approx(21.6, rel=1e-9)
    assert d["power_mw"] / c["power_mw"] == pytest.approx(30.0 / 9.0)


def test_one_million_gpus_180_mw_of_transceivers_clu_02():
    """CLU-02: 1e6 GPUs x 6 x 30 W = 180 MW; three tiers need radix >= 160 (256 ports here). 1e-9 relative."""
    r = cluster(FabricSpec(gpus=1_000_000, radix=256, port_rate_bps=400e9),
                options=(OPTIONS["dsp"].with_powers(module_power_w=30.0, source="CLU-01"),))
    assert int(r.sizing.tiers) == 3
    assert r.options["dsp"].summary()["power_mw"] == pytest.approx(180.0, rel=1e-9)


@pytest.mark.parametrize("tiers, per_gpu", [(2, 2.5), (3, 3.5)])
def test_twin_port_switch_optics_modules_per_gpu_cps_fab_39(tiers, per_gpu):
    """CPS-FAB-39 (FiberMall: 1 x 400G + 1.5 x 800G per GPU at two tiers), exact; three tiers 3.5 [derived]."""
    gpus = 2048 if tiers == 2 else 16384
    inv = build_inventory(size_fabric(FabricSpec(gpus=gpus)), "dsp-twin")
    assert int(inv.modules) / gpus == per_gpu


def test_quantum_x_multi_plane_three_tier_capacity_clu_12():
    """CLU-12: 746,496 GPUs with Quantum-X multi-plane CPO at three tiers (144 x 200G per ASIC, 4 planes
    per 800G port, SYS-NV-12), exact."""
    s = size_fabric(FabricSpec(gpus=746_496, radix=144, port_rate_bps=200e9, ports_per_gpu=4, planes=4,
                               plane_cabling="shared", design="clos", gpus_per_node=1))
    assert int(s.tiers) == 3 and int(s.capacity_gpus) == 746_496
    with pytest.raises(Exception, match="does not fit"):
        size_fabric(FabricSpec(gpus=746_500, radix=144, port_rate_bps=200e9, ports_per_gpu=4, planes=4,
                               plane_cabling="shared", design="clos", gpus_per_node=1, tiers=3))


def test_llama3_switch_and_cable_interruptions_cps_fab_08():
    """CPS-FAB-08: 35 network switch/cable interruptions in 54 days on 16,384 H100 GPUs. The model's
    switch, module, laser and fiber interruptions (a three-tier 400G twin-port fabric; defaults not
    calibrated on this number, unlike the flap rate and NIC FIT) within a factor of 2."""
    inv = build_inventory(size_fabric(FabricSpec(gpus=16_384)), "dsp-twin")
    rel = reliability(inv)
    parts = ("switches", "modules", "lasers", "fiber links")
    per_day = sum(float(c.interruptions_per_day) for c in rel.classes if c.name.startswith(parts))
    assert 35 / 2 <= per_day * 54 <= 35 * 2
