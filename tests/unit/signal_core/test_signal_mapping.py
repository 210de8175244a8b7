"""Gray PAM4 / NRZ mapping and symbol sources (CPS-TDS-04)."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.errors import ConfigError
from cposim.signal.mapping import (
    GRAY_PAM4_LABELS,
    SymbolSource,
    bit_error_table,
    bits_to_symbols,
    symbols_to_bits,
)


def test_gray_pam4_table_pinned():
    """00 -> 0, 01 -> 1, 11 -> 2, 10 -> 3 (first bit most significant), as link.ber."""
    bits = np.array([0, 0, 0, 1, 1, 1, 1, 0], dtype=np.uint8)
    assert bits_to_symbols(bits, 4).tolist() == [0, 1, 2, 3]
    assert GRAY_PAM4_LABELS.tolist() == [0b00, 0b01, 0b11, 0b10]


def test_adjacent_levels_differ_in_one_bit():
    t = bit_error_table(4)
    assert all(t[i, i + 1] == 1 for i in range(3))
    assert t[0, 3] == 1 and t[0, 2] == 2 and t[1, 3] == 2
    assert np.array_equal(t, t.T) and np.all(np.diag(t) == 0)


@pytest.mark.parametrize("levels", [2, 4])
def test_round_trip(levels):
    rng = np.random.default_rng(3)
    bits = rng.integers(0, 2, 1000, dtype=np.uint8)
    assert np.array_equal(symbols_to_bits(bits_to_symbols(bits, levels), levels), bits)


@pytest.mark.parametrize("pattern,levels", [("prbs31", 4), ("prbs7", 2), ("qprbs13", 4), ("prbs13q", 4)])
def test_source_is_chunk_invariant(pattern, levels):
    whole = SymbolSource(pattern, levels, state=None).symbols(40000)
    src = SymbolSource(pattern, levels)
    parts = [src.symbols(n) for n in (1, 7, 15548, 333, 40000 - 1 - 7 - 15548 - 333)]
    assert np.array_equal(np.concatenate(parts), whole)


def test_fixed_pattern_repeats():
    s = SymbolSource("qprbs13", 4).symbols(2 * 15548)
    assert np.array_equal(s[:15548], s[15548:])
    shifted = SymbolSource("qprbs13", 4, start=100).symbols(50)
    assert np.array_equal(shifted, s[100:150])


def test_bad_inputs():
    with pytest.raises(ConfigError, match="levels"):
        bits_to_symbols(np.zeros(4, np.uint8), 8)
    with pytest.raises(ConfigError, match="odd"):
        bits_to_symbols(np.zeros(3, np.uint8), 4)
    with pytest.raises(ConfigError, match="pattern"):
        SymbolSource("prbs8", 4)
    with pytest.raises(ConfigError, match="PAM4 pattern"):
        SymbolSource("qprbs13", 2)
    with pytest.raises(ConfigError, match="level index"):
        symbols_to_bits(np.array([4], np.uint8), 4)
