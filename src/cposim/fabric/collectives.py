"""Alpha-beta(-gamma) cost of collectives (Hockney model; Thakur, Rabenseifner & Gropp 2005).

Message of ``n_bytes`` per rank, ``p`` ranks, ``alpha_s`` per message step, per-rank bandwidth
``bandwidth_bytes_per_s`` (beta = 1/bandwidth), reduction cost ``gamma_s_per_byte``:

=============================== =========================================================
ring reduce-scatter / all-gather (p-1) alpha + (p-1)/p n beta (+ (p-1)/p n gamma for RS)
ring all-reduce                  2(p-1) alpha + 2 (p-1)/p n beta + (p-1)/p n gamma   (CPS-FAB-26/27)
recursive doubling all-reduce    ceil(log2 p) (alpha + n beta + n gamma)
Rabenseifner all-reduce          2 ceil(log2 p) alpha + 2 (p-1)/p n beta + (p-1)/p n gamma
double binary tree all-reduce    2 ceil(log2 p) alpha + 2 n beta (NCCL "tree", large n)
all-to-all (pairwise)            (p-1) alpha + (p-1)/p n beta x contention
=============================== =========================================================

Network structure enters through the bandwidth: a ring runs at the speed of its slowest link, so
a ring that crosses a tier oversubscribed r:1 under full load runs at bandwidth / r, and a link
degraded to a fraction f of its rate slows every ring through it by 1/f (bandwidth term). An
all-to-all sends a fraction ``cross`` of its bytes across the oversubscribed tier; its bandwidth
term grows by ``max(1, r x cross)``. NCCL bus bandwidth (CPS-FAB-28): ``busBW = n / t x factor``.

Hierarchical all-reduce over g-GPU scale-up domains (rail-optimized, one NIC per GPU, all g rails
in parallel)::

    T = [2 (g-1) alpha_up + 2 (g-1)/g n / B_up] + [2 (m-1) alpha_out + 2 (m-1)/m (n/g) / B_out],  m = p/g

All functions broadcast over NumPy arrays; times in s, sizes in bytes, bandwidths in bytes/s.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cposim.errors import ConfigError
from cposim.validation import check_choice, check_number

#: NCCL bus-bandwidth factor per operation (CPS-FAB-28).
BUS_FACTORS = ("all_reduce", "all_gather", "reduce_scatter", "all_to_all", "broadcast", "reduce")


def _ranks(p: Any) -> np.ndarray:
    return np.asarray(check_number("p", p, lo=1, hi=1e9, integer=True), dtype=float)


def _common(n_bytes: Any, p: Any, alpha_s: Any, bandwidth_bytes_per_s: Any) -> tuple[np.ndarray, ...]:
    n = np.asarray(check_number("n_bytes", n_bytes, unit="B", lo=0.0), dtype=float)
    ranks = _ranks(p)
    a = np.asarray(check_number("alpha_s", alpha_s, unit="s", lo=0.0), dtype=float)
    bw = np.asarray(check_number("bandwidth_bytes_per_s", bandwidth_bytes_per_s, unit="B/s", lo=0.0, lo_open=True),
                    dtype=float)
    return n, ranks, a, 1.0 / bw


def _gamma(gamma_s_per_byte: Any) -> np.ndarray:
    return np.asarray(check_number("gamma_s_per_byte", gamma_s_per_byte, unit="s/B", lo=0.0), dtype=float)


def _log2_ceil(p: np.ndarray) -> np.ndarray:
    return np.ceil(np.log2(np.maximum(p, 1.0)) - 1e-12)


def point_to_point_s(*, n_bytes: Any, alpha_s: Any, bandwidth_bytes_per_s: Any) -> np.ndarray:
    """One message: ``alpha + n beta``, s."""
    n, _, a, beta = _common(n_bytes, 2, alpha_s, bandwidth_bytes_per_s)
    return a + n * beta


def ring_reduce_scatter_s(*, n_bytes: Any, p: Any, alpha_s: Any, bandwidth_bytes_per_s: Any,
                          gamma_s_per_byte: Any = 0.0) -> np.ndarray:
    """Ring reduce-scatter of n bytes per rank: ``(p-1) alpha + (p-1)/p n (beta + gamma)``, s."""
    n, p, a, beta = _common(n_bytes, p, alpha_s, bandwidth_bytes_per_s)
    frac = (p - 1.0) / p
    return (p - 1.0) * a + frac * n * (beta + _gamma(gamma_s_per_byte))


def ring_all_gather_s(*, n_bytes: Any, p: Any, alpha_s: Any, bandwidth_bytes_per_s: Any) -> np.ndarray:
    """Ring all-gather to n bytes per rank: ``(p-1) alpha + (p-1)/p n beta``, s."""
    n, p, a, beta = _common(n_bytes, p, alpha_s, bandwidth_bytes_per_s)
    return (p - 1.0) * a + (p - 1.0) / p * n * beta


def ring_all_reduce_s(*, n_bytes: Any, p: Any, alpha_s: Any, bandwidth_bytes_per_s: Any,
                      gamma_s_per_byte: Any = 0.0) -> np.ndarray:
    """Ring all-reduce (reduce-scatter + all-gather): ``2(p-1) alpha + 2 (p-1)/p n beta + (p-1)/p n gamma``, s."""
    n, p, a, beta = _common(n_bytes, p, alpha_s, bandwidth_bytes_per_s)
    frac = (p - 1.0) / p
    return 2.0 * (p - 1.0) * a + 2.0 * frac * n * beta + frac * n * _gamma(gamma_s_per_byte)


def recursive_doubling_all_reduce_s(*, n_bytes: Any, p: Any, alpha_s: Any, bandwidth_bytes_per_s: Any,
                                    gamma_s_per_byte: Any = 0.0) -> np.ndarray:
    """Recursive doubling all-reduce: ``ceil(log2 p) (alpha + n beta + n gamma)``, s."""
    n, p, a, beta = _common(n_bytes, p, alpha_s, bandwidth_bytes_per_s)
    return _log2_ceil(p) * (a + n * beta + n * _gamma(gamma_s_per_byte))


def rabenseifner_all_reduce_s(*, n_bytes: Any, p: Any, alpha_s: Any, bandwidth_bytes_per_s: Any,
                              gamma_s_per_byte: Any = 0.0) -> np.ndarray:
    """Recursive-halving reduce-scatter + doubling all-gather:
    ``2 ceil(log2 p) alpha + 2 (p-1)/p n beta + (p-1)/p n gamma``, s."""
    n, p, a, beta = _common(n_bytes, p, alpha_s, bandwidth_bytes_per_s)
    frac = (p - 1.0) / p
    return 2.0 * _log2_ceil(p) * a + 2.0 * frac * n * beta + frac * n * _gamma(gamma_s_per_byte)


def tree_all_reduce_s(*, n_bytes: Any, p: Any, alpha_s: Any, bandwidth_bytes_per_s: Any) -> np.ndarray:
    """Pipelined double binary tree all-reduce, large messages: ``2 ceil(log2 p) alpha + 2 n beta`` for
    p > 1 (zero for one rank), s."""
    n, p, a, beta = _common(n_bytes, p, alpha_s, bandwidth_bytes_per_s)
    return np.where(p > 1, 2.0 * _log2_ceil(p) * a + 2.0 * n * beta, 0.0)


def all_to_all_s(*, n_bytes: Any, p: Any, alpha_s: Any, bandwidth_bytes_per_s: Any, oversubscription: Any = 1.0,
                 cross_fraction: Any = 1.0) -> np.ndarray:
    """Pairwise all-to-all of n bytes per rank: ``(p-1) alpha + (p-1)/p n beta max(1, r cross)``, s.

    Args:
        oversubscription: down:up ratio r of the tier the traffic crosses (1 = non-blocking).
        cross_fraction: share of each rank's bytes that crosses that tier (0..1).
    """
    n, p, a, beta = _common(n_bytes, p, alpha_s, bandwidth_bytes_per_s)
    r = np.asarray(check_number("oversubscription", oversubscription, lo=0.0, lo_open=True), dtype=float)
    c = np.asarray(check_number("cross_fraction", cross_fraction, lo=0.0, hi=1.0), dtype=float)
    return (p - 1.0) * a + (p - 1.0) / p * n * beta * np.maximum(1.0, r * c)


def effective_bandwidth(*, bandwidth_bytes_per_s: Any, oversubscription: Any = 1.0,
                        degraded_fraction: Any = 1.0) -> np.ndarray:
    """Bandwidth of a ring's slowest link, bytes/s: nominal / max(1, r) x f (f: rate fraction of a
    degraded link on the ring, 1 = healthy)."""
    bw = np.asarray(check_number("bandwidth_bytes_per_s", bandwidth_bytes_per_s, unit="B/s", lo=0.0, lo_open=True),
                    dtype=float)
    r = np.asarray(check_number("oversubscription", oversubscription, lo=0.0, lo_open=True), dtype=float)
    f = np.asarray(check_number("degraded_fraction", degraded_fraction, lo=0.0, lo_open=True, hi=1.0), dtype=float)
    return bw / np.maximum(r, 1.0) * f


def degraded_ring_all_reduce_s(*, n_bytes: Any, p: Any, alpha_s: Any, bandwidth_bytes_per_s: Any,
                               degraded_fraction: Any) -> np.ndarray:
    """Ring all-reduce when one link of the ring runs at a fraction f of its rate: the bandwidth
    term grows by 1/f (the ring moves at its slowest link), s."""
    bw = effective_bandwidth(bandwidth_bytes_per_s=bandwidth_bytes_per_s, degraded_fraction=degraded_fraction)
    return ring_all_reduce_s(n_bytes=n_bytes, p=p, alpha_s=alpha_s, bandwidth_bytes_per_s=bw)


def hierarchical_all_reduce_s(*, n_bytes: Any, p: Any, domain_size: Any, alpha_up_s: Any, bandwidth_up_bytes_per_s: Any,
                              alpha_out_s: Any, bandwidth_out_bytes_per_s: Any, oversubscription: Any = 1.0,
                              degraded_fraction: Any = 1.0) -> np.ndarray:
    """Reduce-scatter + all-gather inside g-GPU scale-up domains plus a ring all-reduce of the n/g shard
    across the m = p/g domains on each rail, s (module docstring).

    Raises:
        ConfigError: ``p`` not a multiple of ``domain_size``.
    """
    g = _ranks(domain_size)
    ranks = _ranks(p)
    if np.any(np.mod(ranks, g) != 0):
        raise ConfigError("p", float(np.max(ranks)), f"is not a multiple of the scale-up domain size "
                          f"{float(np.max(g)):g}; expected whole domains")
    m = ranks / g
    n = np.asarray(check_number("n_bytes", n_bytes, unit="B", lo=0.0), dtype=float)
    inner = 2.0 * (g - 1.0) * np.asarray(alpha_up_s, dtype=float) + 2.0 * (g - 1.0) / g * n / np.asarray(
        check_number("bandwidth_up_bytes_per_s", bandwidth_up_bytes_per_s, unit="B/s", lo=0.0, lo_open=True))
    bw = effective_bandwidth(bandwidth_bytes_per_s=bandwidth_out_bytes_per_s, oversubscription=oversubscription,
                             degraded_fraction=degraded_fraction)
    outer = ring_all_reduce_s(n_bytes=n / g, p=m, alpha_s=alpha_out_s, bandwidth_bytes_per_s=bw)
    return inner + outer


def bus_bandwidth(*, n_bytes: Any, time_s: Any, p: Any, operation: str) -> np.ndarray:
    """NCCL bus bandwidth, bytes/s: ``n / t`` times 2(p-1)/p (all-reduce), (p-1)/p (all-gather,
    reduce-scatter, all-to-all) or 1 (broadcast, reduce) (CPS-FAB-28)."""
    check_choice("operation", operation, BUS_FACTORS)
    ranks = _ranks(p)
    t = np.asarray(check_number("time_s", time_s, unit="s", lo=0.0, lo_open=True), dtype=float)
    algbw = np.asarray(check_number("n_bytes", n_bytes, unit="B", lo=0.0), dtype=float) / t
    factor = {"all_reduce": 2.0 * (ranks - 1) / ranks, "broadcast": 1.0, "reduce": 1.0}.get(operation, (ranks - 1) / ranks)
    return algbw * factor
