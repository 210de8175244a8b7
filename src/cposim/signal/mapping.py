"""Bits to PAM symbols and back: NRZ and Gray-coded PAM4, symbol sources for a simulation.

Symbols are level indices ``0 ... M-1`` in order of increasing optical power (level 0 is
the lowest). NRZ: the bit is the symbol. PAM4: consecutive bit pairs, first bit most
significant, Gray-coded as in IEEE 802.3 (and :mod:`cposim.link.ber`):
``00 -> 0, 01 -> 1, 11 -> 2, 10 -> 3`` (adjacent levels differ in one bit).

A :class:`SymbolSource` streams the symbols of a named pattern: ``"prbsN"`` (the PRBS-N
bits of :mod:`cposim.signal.prbs` mapped as above) or, for PAM4, the IEEE patterns
``"qprbs13"`` and ``"prbs13q"``. Its state carries across calls (chunk-invariant).
"""

from __future__ import annotations

import numpy as np

from cposim.errors import ConfigError
from cposim.link.ber import bit_labels, hamming_matrix
from cposim.signal.prbs import PRBS_TAPS, PrbsGenerator, prbs13q_bits, qprbs13_bits
from cposim.validation import check_choice

__all__ = [
    "GRAY_PAM4_LABELS",
    "PATTERNS",
    "SymbolSource",
    "bit_error_table",
    "bits_to_symbols",
    "check_levels",
    "symbol_labels",
    "symbols_to_bits",
]

#: Level index -> Gray bit label (as a 2-bit integer, first bit most significant), the
#: labels of :func:`cposim.link.ber.bit_labels`.
GRAY_PAM4_LABELS = np.array(bit_labels(4, "gray"), dtype=np.uint8)
#: 2-bit pair value -> level index (the inverse of the labels; the Gray table is its own inverse).
_PAIR_TO_LEVEL = np.array([0, 1, 3, 2], dtype=np.uint8)
#: Pattern names a SymbolSource accepts.
PATTERNS = tuple(f"prbs{o}" for o in PRBS_TAPS) + ("qprbs13", "prbs13q")


def check_levels(levels: object, field: str = "levels") -> int:
    """Validate a number of PAM levels (2 = NRZ or 4 = PAM4) and return it as int."""
    if isinstance(levels, bool) or levels not in (2, 4):
        raise ConfigError(field, levels, "is not supported; expected 2 (NRZ) or 4 (PAM4)")
    return int(levels)


def symbol_labels(levels: int) -> np.ndarray:
    """Bit label of each level (uint8), ``levels`` = 2 or 4."""
    return np.array(bit_labels(check_levels(levels), "gray"), dtype=np.uint8)


def bits_to_symbols(bits: np.ndarray, levels: int) -> np.ndarray:
    """Map bits (0/1, uint8) to level indices (uint8); PAM4 needs an even number of bits."""
    m = check_levels(levels)
    b = np.asarray(bits, dtype=np.uint8)
    if m == 2:
        return b.copy()
    if b.size % 2:
        raise ConfigError("bits_to_symbols.bits", b.size, "bits is odd; PAM4 maps bit pairs")
    return _PAIR_TO_LEVEL[(b[0::2] << 1) | b[1::2]]


def symbols_to_bits(symbols: np.ndarray, levels: int) -> np.ndarray:
    """Map level indices back to bits (uint8), the inverse of :func:`bits_to_symbols`."""
    m = check_levels(levels)
    s = np.asarray(symbols, dtype=np.uint8)
    if np.any(s >= m):
        raise ConfigError("symbols_to_bits.symbols", int(s.max()), f"is not a level index; expected 0 ... {m - 1}")
    if m == 2:
        return s.copy()
    lab = GRAY_PAM4_LABELS[s]
    out = np.empty(2 * s.size, dtype=np.uint8)
    out[0::2] = lab >> 1
    out[1::2] = lab & 1
    return out


def bit_error_table(levels: int) -> np.ndarray:
    """``table[i, j]``: bits in error when level ``i`` is sent and ``j`` decided (uint8), the
    Gray-label Hamming distances of :func:`cposim.link.ber.hamming_matrix`."""
    return hamming_matrix(check_levels(levels), "gray").astype(np.uint8)


class SymbolSource:
    """Streaming symbols of a named pattern (see the module docstring).

    Args:
        pattern: ``"prbs7"`` ... ``"prbs31"``, ``"qprbs13"`` or ``"prbs13q"`` (PAM4 only).
        levels: 2 (NRZ) or 4 (PAM4).
        state: PRBS register preload for ``"prbsN"`` (``None``: all ones).
        start: first symbol of a fixed pattern (``"qprbs13"``, ``"prbs13q"``), taken modulo
            its period.
    """

    def __init__(self, pattern: str, levels: int, *, state: int | None = None, start: int = 0) -> None:
        self.pattern = check_choice("SymbolSource.pattern", pattern, PATTERNS)
        self.levels = check_levels(levels, "SymbolSource.levels")
        self._prbs: PrbsGenerator | None = None
        self._period: np.ndarray | None = None
        self._position = 0
        if pattern in ("qprbs13", "prbs13q"):
            if self.levels != 4:
                raise ConfigError("SymbolSource.pattern", pattern, "is a PAM4 pattern; use a prbsN pattern for NRZ")
            bits = qprbs13_bits() if pattern == "qprbs13" else prbs13q_bits()
            self._period = bits_to_symbols(bits, 4)
            self._position = int(start) % self._period.size
        else:
            self._prbs = PrbsGenerator(int(pattern[4:]), state=state)

    def symbols(self, n: int) -> np.ndarray:
        """The next ``n`` symbols (uint8 level indices)."""
        if self._prbs is not None:
            bits = self._prbs.bits(n * (1 if self.levels == 2 else 2))
            return bits_to_symbols(bits, self.levels)
        assert self._period is not None
        p = self._period.size
        idx = (self._position + np.arange(n)) % p
        self._position = (self._position + n) % p
        return self._period[idx]
