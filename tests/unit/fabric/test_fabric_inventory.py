"""Inventory: link ends, modules, engines, lasers, fibers and power are counts x package figures."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from cposim.errors import ConfigError
from cposim.fabric import options as options_mod
from cposim.fabric.floorplan import FloorPlan, tier_lengths
from cposim.fabric.inventory import build_inventory
from cposim.fabric.options import OPTIONS, port_figures
from cposim.fabric.topology import FabricSpec, size_fabric
from cposim.package.architectures import evaluate_port


@pytest.mark.parametrize("gpus, tiers", [(2048, 2), (16384, 3), (1_000_000, 4)])
def test_all_optical_non_blocking_has_2L_link_ends_per_gpu(gpus, tiers):
    """1 end at the NIC + 2L - 1 at switches (cposim notes); one module per end -> 2L modules per GPU."""
    s = size_fabric(FabricSpec(gpus=gpus))
    assert int(s.tiers) == tiers
    inv = build_inventory(s, "dsp")
    assert int(inv.link_ends) == 2 * tiers * gpus
    assert int(inv.modules) == 2 * tiers * gpus


def test_twin_port_switch_modules_halve_the_switch_side():
    """modules = link ends / ports per module: 1 + (2L - 1)/2 per GPU (CPS-FAB-39)."""
    s = size_fabric(FabricSpec(gpus=16384))
    assert int(build_inventory(s, "dsp-twin").modules) == 16384 * 7 // 2


def test_power_and_counts_are_ends_times_package_figures():
    """Optics power, host SerDes, lasers and fibers equal link ends x evaluate_port's per-port numbers."""
    s = size_fabric(FabricSpec(gpus=4096))
    inv = build_inventory(s, "dsp")
    r = evaluate_port("dsp-dr", port_rate_bps=400e9, lane_rate_bps=100e9)
    ends = int(inv.link_ends)
    assert float(inv.optics_power_w) == pytest.approx(ends * float(r.module_power_w), rel=1e-12)
    assert float(inv.host_serdes_power_w) == pytest.approx(ends * float(r.breakdown_w["host_serdes"]), rel=1e-12)
    assert int(inv.lasers) == int(np.ceil(ends * float(r.lasers_per_port)))
    assert int(inv.fibers) == int(inv.links) * int(r.signal_fibers_per_port)
    assert float(inv.network_power_w) == pytest.approx(
        float(inv.optics_power_w + inv.host_serdes_power_w + inv.switch_core_power_w))


def test_user_module_and_engine_port_power_replace_the_package_values():
    s = size_fabric(FabricSpec(gpus=4096))
    dsp = build_inventory(s, OPTIONS["dsp-twin"].with_powers(module_power_w=30.0, source="SYS-NV-08"))
    assert float(dsp.optics_power_w) == pytest.approx(30.0 * int(dsp.modules))
    assert "SYS-NV-08" in dsp.sources
    cpo = build_inventory(s, OPTIONS["cpo"].with_powers(engine_port_power_w=9.0, source="SYS-NV-09"))
    assert float(cpo.optics_power_w) == pytest.approx(9.0 * int(cpo.link_ends))
    assert int(cpo.modules) == 0


def test_co_packaged_engines_are_built_for_every_switch_port():
    """Engines per switch = ceil(radix x lanes / engine lanes), used or not; NICs one engine each here."""
    s = size_fabric(FabricSpec(gpus=4096, port_rate_bps=800e9))
    inv = build_inventory(s, "cpo")
    f = port_figures("cpo-mrm", port_rate_bps=800e9, lane_rate_bps=200e9)
    per_switch = -(-64 * f.lanes // f.engine_lanes)
    assert int(inv.engines_by_tier.sum()) == int(s.total_switches) * per_switch
    assert int(inv.nic_engines) == 4096 * -(-f.lanes // f.engine_lanes)
    assert int(inv.external_laser_modules) > 0


def test_copper_serves_only_cables_within_its_reach():
    """Clos top-of-rack at 400G (100G/lane): in-rack 2 m cables take passive DAC (RCH-01 ~2 m), the
    rest stay optical; at 800G (200G/lane, ~1 m DAC) nothing fits copper."""
    s = size_fabric(FabricSpec(gpus=16384, design="clos"))
    inv = build_inventory(s, "dsp-dac")
    assert int(inv.copper_cables) == 16384
    assert int(inv.modules) == 4 * 16384
    s800 = size_fabric(FabricSpec(gpus=16384, design="clos", port_rate_bps=800e9))
    assert int(build_inventory(s800, "dsp-dac").copper_cables) == 0


def test_long_cables_fall_back_to_long_reach_optics_or_fail_clearly():
    s = size_fabric(FabricSpec(gpus=65536))
    sparse = tier_lengths(s, FloorPlan(gpus_per_rack=8, rack_width_m=2.0, row_pitch_m=20.0))
    inv = build_inventory(s, "dsp", lengths=sparse)
    assert int(inv.links_by_medium["long"].sum()) > 0
    assert any("dsp" in n or "FR" in n for n in inv.notes)
    with pytest.raises(ConfigError, match="reach"):
        build_inventory(s, replace(OPTIONS["dsp"], long_reach_architecture=None), lengths=sparse)


def test_evaluate_port_runs_once_per_option_architecture(monkeypatch):
    """A sweep over 1,000 cluster sizes calls the package layer a handful of times, not per link or size."""
    calls = []
    real = options_mod._evaluate_cached.__wrapped__

    def counting(*args):
        calls.append(args)
        return real(*args)

    from functools import lru_cache

    monkeypatch.setattr(options_mod, "_evaluate_cached", lru_cache(maxsize=64)(counting))
    s = size_fabric(FabricSpec(gpus=np.arange(1, 1001) * 1024))
    for name in ("dsp", "cpo", "cpo-switch"):
        build_inventory(s, name)
        build_inventory(s, name)
    assert len(calls) <= 4


def test_counts_broadcast_over_gpu_arrays():
    counts = np.array([1024, 8192, 65536])
    s = size_fabric(FabricSpec(gpus=counts))
    inv = build_inventory(s, "cpo-switch")
    for i, n in enumerate(counts):
        one = build_inventory(size_fabric(FabricSpec(gpus=int(n))), "cpo-switch")
        assert int(inv.modules[i]) == int(one.modules)
        assert int(inv.optical_engines[i]) == int(one.optical_engines)
        assert float(inv.network_power_w[i]) == pytest.approx(float(one.network_power_w))
