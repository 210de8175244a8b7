"""PRBS generators and IEEE PAM4 test patterns (CPS-TDS-01, CPS-TDS-02, CPS-TDS-03)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cposim.errors import ConfigError
from cposim.signal.mapping import bits_to_symbols
from cposim.signal.prbs import PRBS_TAPS, PrbsGenerator, prbs13q_bits, prbs_bits, qprbs13_bits, state_from_seed


def _reference_lfsr(order: int, n: int, state: int) -> np.ndarray:
    """Pure-Python recurrence b[n] = XOR_t b[n - t] over the taps (independent of the numba kernel)."""
    hist = [(state >> i) & 1 for i in range(order)]  # hist[i] = b[-1-i]
    out = []
    for _ in range(n):
        b = 0
        for t in PRBS_TAPS[order]:
            b ^= hist[t - 1]
        out.append(b)
        hist = [b] + hist[:-1]
    return np.array(out, dtype=np.uint8)


@pytest.mark.parametrize("order", sorted(PRBS_TAPS))
def test_generator_matches_the_recurrence(order):
    state = (0x5A5A5A5A5A5A5A5A % ((1 << order) - 1)) + 1
    assert np.array_equal(prbs_bits(order, 300, state=state), _reference_lfsr(order, 300, state))


@pytest.mark.parametrize("order", [7, 9, 11, 13, 15])
def test_maximal_length_period_balance_and_runs(order):
    """An m-sequence: period exactly 2^N - 1, 2^(N-1) ones, longest runs N ones and N-1 zeros."""
    p = (1 << order) - 1
    bits = prbs_bits(order, 2 * p)
    assert np.array_equal(bits[:p], bits[p:])
    # no shorter period: every proper divisor of the period fails
    for d in range(1, p):
        if p % d == 0:
            assert not np.array_equal(bits[:p - d], bits[d:p])
    assert int(bits[:p].sum()) == 1 << (order - 1)
    edges = np.flatnonzero(np.diff(np.concatenate([[2], bits[:p], bits[:p], [2]]).astype(int)))
    runs = np.diff(edges)
    values = np.concatenate([bits[:p], bits[:p]])[edges[:-1]]
    assert runs[values == 1].max() == order
    assert runs[values == 0].max() == order - 1


@settings(max_examples=25, deadline=None)
@given(cuts=st.lists(st.integers(min_value=0, max_value=900), max_size=6))
def test_any_split_gives_the_same_bits(cuts):
    whole = prbs_bits(31, 900)
    gen = PrbsGenerator(31)
    edges = [0] + sorted(cuts) + [900]
    parts = [gen.bits(b - a) for a, b in zip(edges[:-1], edges[1:])]
    assert np.array_equal(np.concatenate(parts), whole)


def test_invert_complements_the_sequence():
    assert np.array_equal(prbs_bits(15, 500, invert=True), 1 - prbs_bits(15, 500))


def test_seeded_states_are_nonzero_and_reproducible():
    for seed in range(50):
        s = state_from_seed(31, seed)
        assert 1 <= s < 2**31
        assert s == state_from_seed(31, seed)
    assert len({state_from_seed(31, k) for k in range(50)}) == 50


def test_qprbs13_structure_ieee_clause_94_2_9_3():
    """CPS-TDS-03: PRBS13, inverted, PRBS13, first 6523 inverted bits -> 15548 PAM4 symbols."""
    bits = qprbs13_bits()
    assert bits.size == 31096
    p = bits[:8191]
    assert np.array_equal(bits[8191:16382], 1 - p)
    assert np.array_equal(bits[16382:24573], p)
    assert np.array_equal(bits[24573:], 1 - p[:6523])
    symbols = bits_to_symbols(bits, 4)
    assert symbols.size == 15548
    counts = np.bincount(symbols, minlength=4)
    assert counts.min() > 0.24 * symbols.size


def test_prbs13q_is_two_prbs13_periods():
    bits = prbs13q_bits()
    assert bits.size == 16382
    assert np.array_equal(bits[:8191], bits[8191:])
    assert bits_to_symbols(bits, 4).size == 8191


@pytest.mark.parametrize("bad", [8, 0, 3.5, "31"])
def test_bad_order_is_a_config_error(bad):
    with pytest.raises(ConfigError, match="prbs.order"):
        PrbsGenerator(bad)


def test_zero_state_is_rejected():
    with pytest.raises(ConfigError, match="state"):
        PrbsGenerator(7, state=0)
