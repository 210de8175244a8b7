"""Alpha-beta collectives: identities between algorithms, limits, bus bandwidth, degraded links."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cposim.errors import ConfigError
from cposim.fabric import collectives as c

BW = 50e9  # bytes/s (400 Gb/s)


@settings(max_examples=80, deadline=None)
@given(n=st.floats(1.0, 1e11), p=st.integers(1, 100_000), a=st.floats(0.0, 1e-4), g=st.floats(0.0, 1e-10))
def test_ring_all_reduce_is_reduce_scatter_plus_all_gather(n, p, a, g):
    ar = c.ring_all_reduce_s(n_bytes=n, p=p, alpha_s=a, bandwidth_bytes_per_s=BW, gamma_s_per_byte=g)
    rs = c.ring_reduce_scatter_s(n_bytes=n, p=p, alpha_s=a, bandwidth_bytes_per_s=BW, gamma_s_per_byte=g)
    ag = c.ring_all_gather_s(n_bytes=n, p=p, alpha_s=a, bandwidth_bytes_per_s=BW)
    assert float(ar) == pytest.approx(float(rs + ag), rel=1e-12, abs=1e-18)


def test_ring_bus_bandwidth_equals_the_link_rate_without_latency():
    """busBW of a bandwidth-optimal all-reduce (CPS-FAB-27/28) is the per-rank bandwidth exactly."""
    for p in (2, 8, 1024):
        t = c.ring_all_reduce_s(n_bytes=1e9, p=p, alpha_s=0.0, bandwidth_bytes_per_s=BW)
        assert float(c.bus_bandwidth(n_bytes=1e9, time_s=t, p=p, operation="all_reduce")) == pytest.approx(BW)
        t = c.ring_all_gather_s(n_bytes=1e9, p=p, alpha_s=0.0, bandwidth_bytes_per_s=BW)
        assert float(c.bus_bandwidth(n_bytes=1e9, time_s=t, p=p, operation="all_gather")) == pytest.approx(BW)


def test_rabenseifner_matches_ring_bandwidth_with_log_latency():
    p = np.array([2, 16, 1024])
    ring0 = c.ring_all_reduce_s(n_bytes=1e9, p=p, alpha_s=0.0, bandwidth_bytes_per_s=BW)
    rab0 = c.rabenseifner_all_reduce_s(n_bytes=1e9, p=p, alpha_s=0.0, bandwidth_bytes_per_s=BW)
    assert np.allclose(ring0, rab0)
    lat_ring = c.ring_all_reduce_s(n_bytes=0.0, p=p, alpha_s=1e-6, bandwidth_bytes_per_s=BW)
    lat_rab = c.rabenseifner_all_reduce_s(n_bytes=0.0, p=p, alpha_s=1e-6, bandwidth_bytes_per_s=BW)
    assert np.allclose(lat_rab, 2 * np.log2(p) * 1e-6) and np.all(lat_rab <= lat_ring)


def test_small_messages_favour_recursive_doubling_and_tree_large_favour_ring():
    small = dict(n_bytes=1e3, p=4096, alpha_s=5e-6, bandwidth_bytes_per_s=BW)
    large = dict(small, n_bytes=1e10)
    assert c.recursive_doubling_all_reduce_s(**small) < c.ring_all_reduce_s(**small)
    assert c.tree_all_reduce_s(**small) < c.ring_all_reduce_s(**small)
    assert c.ring_all_reduce_s(**large) < c.recursive_doubling_all_reduce_s(**large)
    no_latency = dict(large, alpha_s=0.0)
    assert c.ring_all_reduce_s(**no_latency) < c.tree_all_reduce_s(**no_latency)  # bandwidth-optimal (CPS-FAB-27)


def test_a_degraded_link_slows_the_ring_bandwidth_term_by_one_over_f():
    kw = dict(n_bytes=1e10, p=512, alpha_s=0.0, bandwidth_bytes_per_s=BW)
    healthy = c.ring_all_reduce_s(**kw)
    for f in (0.5, 0.25, 0.1):
        assert float(c.degraded_ring_all_reduce_s(**kw, degraded_fraction=f)) == pytest.approx(float(healthy) / f)


def test_all_to_all_pays_oversubscription_on_the_crossing_share():
    kw = dict(n_bytes=1e9, p=1024, alpha_s=0.0, bandwidth_bytes_per_s=BW)
    base = float(c.all_to_all_s(**kw))
    assert float(c.all_to_all_s(**kw, oversubscription=4.0, cross_fraction=1.0)) == pytest.approx(4 * base)
    assert float(c.all_to_all_s(**kw, oversubscription=4.0, cross_fraction=0.2)) == pytest.approx(base)
    assert float(c.all_to_all_s(**kw, oversubscription=4.0, cross_fraction=0.5)) == pytest.approx(2 * base)


def test_hierarchical_all_reduce_limits():
    n, p = 4e9, 1024
    common = dict(alpha_up_s=0.0, bandwidth_up_bytes_per_s=900e9, alpha_out_s=0.0, bandwidth_out_bytes_per_s=BW)
    flat = c.ring_all_reduce_s(n_bytes=n, p=p, alpha_s=0.0, bandwidth_bytes_per_s=BW)
    assert float(c.hierarchical_all_reduce_s(n_bytes=n, p=p, domain_size=1, **common)) == pytest.approx(float(flat))
    inner_only = c.hierarchical_all_reduce_s(n_bytes=n, p=8, domain_size=8, **common)
    assert float(inner_only) == pytest.approx(2 * 7 / 8 * n / 900e9)
    h = c.hierarchical_all_reduce_s(n_bytes=n, p=p, domain_size=8, **common)
    assert float(h) < float(flat)
    slow = c.hierarchical_all_reduce_s(n_bytes=n, p=p, domain_size=8, oversubscription=2.0, **common)
    assert float(slow) > float(h)
    with pytest.raises(ConfigError, match="multiple of the scale-up domain"):
        c.hierarchical_all_reduce_s(n_bytes=n, p=100, domain_size=8, **common)


def test_bad_collective_inputs():
    with pytest.raises(ConfigError, match="bandwidth"):
        c.ring_all_reduce_s(n_bytes=1.0, p=4, alpha_s=0.0, bandwidth_bytes_per_s=0.0)
    with pytest.raises(ConfigError, match="degraded_fraction"):
        c.effective_bandwidth(bandwidth_bytes_per_s=BW, degraded_fraction=0.0)
    with pytest.raises(ConfigError, match="operation"):
        c.bus_bandwidth(n_bytes=1.0, time_s=1.0, p=2, operation="scatter")
    with pytest.raises(ConfigError, match="p"):
        c.ring_all_gather_s(n_bytes=1.0, p=0, alpha_s=0.0, bandwidth_bytes_per_s=BW)
