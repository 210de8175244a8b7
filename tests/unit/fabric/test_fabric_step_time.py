"""Training step: compute from 6 N D, bubble, DP all-reduce on the fabric, energy per step."""

from __future__ import annotations

import pytest

from cposim.errors import ConfigError
from cposim.fabric import collectives
from cposim.fabric.scale_up import ScaleUpSpec, scale_up_counts
from cposim.fabric.step_time import Workload, step_time
from cposim.fabric.topology import FabricSpec, size_fabric


def test_compute_bubble_and_dp_ring_follow_the_formulas():
    s = size_fabric(FabricSpec(gpus=16384))
    w = Workload()
    st = step_time(s, w)
    assert float(st.dp) == 128
    compute = 6 * 405e9 * 16e6 / (16384 * 400e12)
    assert float(st.compute_s) == pytest.approx(compute)
    assert float(st.bubble_s) == pytest.approx(15 / int(w.microbatches) * compute)
    ring = collectives.ring_all_reduce_s(n_bytes=2 * 405e9 / 128, p=128, alpha_s=5e-6, bandwidth_bytes_per_s=50e9)
    assert float(st.dp_comm_s) == pytest.approx(float(ring))
    assert float(st.step_s) == pytest.approx(float(st.compute_s + st.bubble_s + st.exposed_comm_s))
    assert 0 < float(st.comm_fraction) < 1


def test_overlap_hides_dp_communication_and_energy_is_power_times_time():
    s = size_fabric(FabricSpec(gpus=16384))
    hidden = step_time(s, Workload(overlap=1.0), network_power_w=1e6)
    assert float(hidden.exposed_comm_s) == 0.0
    assert float(hidden.energy_per_step_j) == pytest.approx((16384 * 1000.0 + 1e6) * float(hidden.step_s))


def test_oversubscribed_tiers_and_degraded_links_slow_the_dp_ring():
    base = step_time(size_fabric(FabricSpec(gpus=16384, design="clos")), Workload())
    over = step_time(size_fabric(FabricSpec(gpus=16384, design="clos", oversubscription=(3.0,), tiers=3)), Workload())
    assert float(over.oversubscription_crossed) == 3.0
    assert float(over.dp_comm_s) > 2.5 * float(base.dp_comm_s)
    slow = step_time(size_fabric(FabricSpec(gpus=16384)), Workload(), degraded_fraction=0.5)
    assert float(slow.dp_comm_s) > 1.9 * float(base.dp_comm_s)


def test_dp_ranks_inside_a_scale_up_domain_use_it_first():
    s = size_fabric(FabricSpec(gpus=16384))
    tp8 = step_time(s, Workload(tp=8, pp=16))
    tp2 = step_time(s, Workload(tp=2, pp=16))
    assert float(tp2.dp) == 4 * float(tp8.dp)
    assert float(tp2.dp_comm_s) > 0


def test_step_time_errors():
    s = size_fabric(FabricSpec(gpus=1000))
    with pytest.raises(ConfigError, match="TP x PP"):
        step_time(s, Workload())
    with pytest.raises(ConfigError, match="scale-up domain"):
        step_time(size_fabric(FabricSpec(gpus=16384)), Workload(tp=16, pp=8))


def test_scale_up_counts_nvl72_and_hgx():
    """NVL72: 18 switch chips per 72-GPU rack; HGX 8-GPU: 2 (CPS-FAB-30/31)."""
    nvl = scale_up_counts(72 * 8, ScaleUpSpec(gpus_per_domain=72))
    assert int(nvl["switch_chips"]) == 8 * 18 and int(nvl["copper_links"]) == 72 * 8 * 18
    assert int(scale_up_counts(16, ScaleUpSpec())["switch_chips"]) == 4
