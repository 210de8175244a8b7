"""IDENTITIES of the fabric model (issue 11): published counts that are the closed forms the model
implements (non-blocking folded Clos, CPS-FAB-05; k-ary fat tree, CPS-FAB-04; module counts per
link end), and cluster powers that are injected per-module powers multiplied by those counts.
They validate nothing; integer counts are exact and powers are float rounding. Moved here from
tests/validation/test_fabric_published.py; the registry carries ``superpod-b200``,
``fat-tree-k48-*`` and ``fabric-400k-*`` as identity cases.
"""

from __future__ import annotations

import pytest

from cposim.fabric.cluster import cluster
from cposim.fabric.inventory import build_inventory
from cposim.fabric.options import OPTIONS
from cposim.fabric.topology import FabricSpec, fat_tree, size_fabric
from cposim.validate.cases import SUPERPOD_B200  # CPS-FAB-01: SUs -> (leaf, spine, core, cables per tier)

FLOAT = 1e-9  # relative: float rounding only


@pytest.mark.parametrize("sus", sorted(SUPERPOD_B200))
def test_dgx_b200_superpod_compute_fabric_exactly_cps_fab_01(sus):
    """IDENTITY, exact: the RA's counts (SU = 32 DGX B200 with 8 x 400G NICs, CPS-FAB-02; QM9700
    64 x 400G, CPS-FAB-03; rail-optimized) are those of the non-blocking folded Clos
    (CPS-FAB-05) by definition: 2 tiers up to 8 SUs (2,048 GPUs), 3 beyond."""
    leaf, spine, core, cables = SUPERPOD_B200[sus]
    gpus = sus * 32 * 8
    s = size_fabric(FabricSpec(gpus=gpus, radix=64, port_rate_bps=400e9, gpus_per_node=8))
    tiers = 2 if core == 0 else 3
    assert int(s.tiers) == tiers
    assert s.switches_by_tier() == ({"leaf": leaf, "spine": spine} if tiers == 2
                                    else {"leaf": leaf, "spine": spine, "core": core})
    assert list(s.links_by_boundary().values()) == [cables] * tiers


def test_k48_fat_tree_cps_fab_04():
    """IDENTITY, exact: k = 48 -> k^3/4 = 27,648 hosts and 5k^2/4 = 2,880 switches (Al-Fares et al.)."""
    s = fat_tree(48)
    assert int(s.gpus) == 27_648 and int(s.total_switches) == 2_880


def test_400k_gpus_six_modules_72_mw_against_21_6_mw_clu_01_02_sys_nv_08_09():
    """IDENTITY: CLU-01's 6 transceivers per GPU is one module per link end at three tiers (by
    definition of the Clos); SYS-NV-08's 30 W and SYS-NV-09's 9 W are INJECTED (with_powers), so
    400,000 x 6 x 30 W = 72 MW and 400,000 x 6 x 9 W = 21.6 MW are multiplications. 1e-9 relative."""
    spec = FabricSpec(gpus=400_000, radix=128, port_rate_bps=1.6e12)
    dsp = OPTIONS["dsp"].with_powers(module_power_w=30.0, source="SYS-NV-08")
    cpo = OPTIONS["cpo"].with_powers(engine_port_power_w=9.0, source="SYS-NV-09")
    r = cluster(spec, options=(dsp, cpo))
    assert int(r.sizing.tiers) == 3
    d, c = r.options["dsp"].summary(), r.options["cpo"].summary()
    assert d["modules_per_gpu"] == pytest.approx(6.0, rel=1e-12)
    assert d["power_mw"] == pytest.approx(72.0, rel=FLOAT)
    assert c["power_mw"] == pytest.approx(21.6, rel=FLOAT)
    assert d["power_mw"] / c["power_mw"] == pytest.approx(30.0 / 9.0, rel=FLOAT)


def test_one_million_gpus_180_mw_of_transceivers_clu_02():
    """IDENTITY: CLU-02 is derived as 1e6 GPUs x 6 x 30 W = 180 MW; the 30 W is injected and three
    tiers need radix >= 160 (256 ports here). 1e-9 relative."""
    r = cluster(FabricSpec(gpus=1_000_000, radix=256, port_rate_bps=400e9),
                options=(OPTIONS["dsp"].with_powers(module_power_w=30.0, source="CLU-01"),))
    assert int(r.sizing.tiers) == 3
    assert r.options["dsp"].summary()["power_mw"] == pytest.approx(180.0, rel=FLOAT)


@pytest.mark.parametrize("tiers, per_gpu", [(2, 2.5), (3, 3.5)])
def test_twin_port_switch_optics_modules_per_gpu_cps_fab_39(tiers, per_gpu):
    """IDENTITY, exact: with single-port NIC modules and twin-port switch modules, a GPU has one
    NIC module plus half a switch module per switch-side link end: 1 + 3 x 0.5 = 2.5 at two tiers
    (CPS-FAB-39, FiberMall's 1 x 400G + 1.5 x 800G per GPU) and 1 + 5 x 0.5 = 3.5 at three
    [derived]: counting, not a prediction."""
    gpus = 2048 if tiers == 2 else 16384
    inv = build_inventory(size_fabric(FabricSpec(gpus=gpus)), "dsp-twin")
    assert int(inv.modules) / gpus == per_gpu


def test_quantum_x_multi_plane_three_tier_capacity_clu_12():
    """IDENTITY, exact: CLU-12's 746,496 GPUs is the three-tier folded-Clos capacity 2 (k/2)^3 at
    k = 144 (SYS-NV-12: 144 x 200G per ASIC, 4 planes per 800G port), the closed form the model
    implements (CPS-FAB-05); one GPU more does not fit in three tiers."""
    s = size_fabric(FabricSpec(gpus=746_496, radix=144, port_rate_bps=200e9, ports_per_gpu=4, planes=4,
                               plane_cabling="shared", design="clos", gpus_per_node=1))
    assert int(s.tiers) == 3 and int(s.capacity_gpus) == 746_496 == 2 * (144 // 2) ** 3
    with pytest.raises(Exception, match="does not fit"):
        size_fabric(FabricSpec(gpus=746_500, radix=144, port_rate_bps=200e9, ports_per_gpu=4, planes=4,
                               plane_cabling="shared", design="clos", gpus_per_node=1, tiers=3))
