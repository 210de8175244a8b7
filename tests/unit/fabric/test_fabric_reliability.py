"""Reliability: linear interruption rates, redundancy, Young/Daly and ETTR confirmed numerically."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from cposim.errors import ConfigError
from cposim.fabric.inventory import build_inventory
from cposim.fabric.reliability import (
    ComponentClass,
    ReliabilityParams,
    availability_optimal_period_s,
    component_classes,
    ettr,
    exact_overhead_fraction,
    interruption_rate_per_day,
    reliability,
    waste_fraction,
    young_daly_interval_s,
)
from cposim.fabric.topology import FabricSpec, size_fabric

counts_st = st.lists(st.floats(0, 1e7, allow_nan=False), min_size=1, max_size=8)


@settings(max_examples=100, deadline=None)
@given(counts=counts_st, scale=st.floats(0.0, 1e3, allow_nan=False), seed=st.integers(0, 2**31 - 1))
def test_interruption_rate_is_linear_in_component_counts(counts, scale, seed):
    """rate(a n) = a rate(n) and rate(n1 + n2) = rate(n1) + rate(n2) for fixed FIT and kill probabilities."""
    rng = np.random.default_rng(seed)
    n = np.asarray(counts)
    fit = rng.uniform(0, 1e5, n.size)
    kill = rng.uniform(0, 1, n.size)
    other = rng.uniform(0, 1e6, n.size)
    base = interruption_rate_per_day(n, fit, kill)
    assert interruption_rate_per_day(scale * n, fit, kill) == pytest.approx(scale * base, rel=1e-9, abs=1e-12)
    assert interruption_rate_per_day(n + other, fit, kill) == pytest.approx(
        base + interruption_rate_per_day(other, fit, kill), rel=1e-9, abs=1e-12)


@settings(max_examples=25, deadline=None)
@given(copies=st.integers(1, 6))
def test_fabric_interruptions_scale_with_the_fabric_copies(copies):
    """Separate planes are copies of one fabric: every network class count, and hence the network
    interruption rate (single-homed kill probabilities held fixed), grows by the number of planes."""
    params = ReliabilityParams(kill_redundant=1.0)
    one = reliability(build_inventory(size_fabric(FabricSpec(gpus=4096, design="clos")), "dsp"), params)
    many = reliability(build_inventory(size_fabric(FabricSpec(gpus=4096, design="clos", ports_per_gpu=copies,
                                                              planes=copies)), "dsp"), params)
    assert float(many.network_interruptions_per_day) == pytest.approx(
        copies * float(one.network_interruptions_per_day), rel=1e-12)
    assert float(many.link_failures_per_day) == pytest.approx(copies * float(one.link_failures_per_day), rel=1e-12)


def test_class_rates_sum_to_the_total():
    inv = build_inventory(size_fabric(FabricSpec(gpus=16384)), "cpo-switch")
    rel = reliability(inv)
    total = sum(float(c.interruptions_per_day) for c in rel.classes)
    from cposim.fabric.reliability import flaps_per_day

    assert float(rel.interruptions_per_day) == pytest.approx(total + float(flaps_per_day(inv)[1]))
    assert float(rel.mtti_s) == pytest.approx(86400.0 / float(rel.interruptions_per_day))


def test_dual_plane_nics_turn_host_failures_into_bandwidth_loss():
    """HPN-style separate planes (CPS-FAB-07): host-side failures interrupt with kill_redundant."""
    single = reliability(build_inventory(size_fabric(FabricSpec(gpus=4096, port_rate_bps=800e9)), "dsp"),
                         include_gpus=False)
    dual = reliability(build_inventory(size_fabric(FabricSpec(gpus=4096, ports_per_gpu=2, planes=2)), "dsp"),
                       include_gpus=False)
    assert float(dual.network_interruptions_per_day) < float(single.network_interruptions_per_day)
    assert float(dual.link_failures_per_day) > float(single.link_failures_per_day)


def test_component_classes_cover_lasers_modules_engines_switches_cables():
    names = " ".join(c.name for c in component_classes(build_inventory(size_fabric(FabricSpec(gpus=4096)),
                                                                       "cpo-switch")))
    for word in ("lasers", "modules", "optical engines", "external laser modules", "switches", "fiber links",
                 "NIC ports", "GPUs"):
        assert word in names


@pytest.mark.parametrize("delta, mtti", [(10.0, 3600.0), (60.0, 6 * 3600.0), (30.0, 3 * 86400.0)])
def test_young_daly_is_the_numerical_minimum_of_the_wasted_time(delta, mtti):
    """Minimise checkpoint cost + expected rework numerically: the minimiser is sqrt(2 delta MTTI)
    (CPS-FAB-23); the exact exponential-failure model (Daly 2006) agrees to first order."""
    closed = float(young_daly_interval_s(checkpoint_s=delta, mtti_s=mtti))
    first = minimize_scalar(lambda t: float(waste_fraction(period_s=t, checkpoint_s=delta, mtti_s=mtti)),
                            bounds=(delta * 1.0001, 20 * closed), method="bounded", options={"xatol": 1e-6})
    assert first.x == pytest.approx(closed, rel=1e-4)
    exact = minimize_scalar(lambda t: float(exact_overhead_fraction(compute_interval_s=t, checkpoint_s=delta,
                                                                    mtti_s=mtti)),
                            bounds=(1e-3, 20 * closed), method="bounded", options={"xatol": 1e-6})
    tol = 2.0 * np.sqrt(delta / (2 * mtti))  # Daly's correction terms are O(sqrt(delta / 2M))
    assert exact.x + delta == pytest.approx(closed, rel=tol)


@pytest.mark.parametrize("delta, mtti, restart", [(10.0, 3600.0, 300.0), (60.0, 6 * 3600.0, 600.0)])
def test_availability_optimal_period_maximises_ettr(delta, mtti, restart):
    closed = float(availability_optimal_period_s(checkpoint_s=delta, mtti_s=mtti, restart_s=restart))
    res = minimize_scalar(lambda t: -float(ettr(period_s=t, checkpoint_s=delta, mtti_s=mtti, restart_s=restart)),
                          bounds=(delta * 1.0001, 50 * closed), method="bounded", options={"xatol": 1e-6})
    assert res.x == pytest.approx(closed, rel=1e-4)
    assert closed > float(young_daly_interval_s(checkpoint_s=delta, mtti_s=mtti))


def test_ettr_limits():
    assert float(ettr(period_s=100.0, checkpoint_s=1.0, mtti_s=1e15)) == pytest.approx(0.99)
    short = ettr(period_s=600.0, checkpoint_s=60.0, mtti_s=np.array([3600.0, 36000.0]), restart_s=600.0)
    assert short[0] < short[1] < 1
    with pytest.raises(ConfigError, match="not longer than the checkpoint"):
        ettr(period_s=10.0, checkpoint_s=60.0, mtti_s=3600.0)


def test_no_failures_at_all_is_refused():
    zero = ReliabilityParams(**{name: 0.0 for name in ("laser_fit", "dsp_module_fit", "linear_module_fit",
                                                       "engine_fit", "els_module_fit", "switch_fit",
                                                       "copper_cable_fit", "fiber_link_fit", "nic_fit", "gpu_fit",
                                                       "optical_flaps_per_link_day")})
    with pytest.raises(ConfigError, match="MTTI would be infinite"):
        reliability(build_inventory(size_fabric(FabricSpec(gpus=512)), "dsp"), zero)


def test_component_class_rates():
    c = ComponentClass("x", np.array([1e6]), 100.0, 0.5, 1.0)
    assert float(c.failures_per_day[0]) == pytest.approx(1e6 * 100e-9 * 24)
    assert float(c.interruptions_per_day[0]) == pytest.approx(0.5 * 1e6 * 100e-9 * 24)
