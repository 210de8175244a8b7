"""Pseudo-random binary sequences (PRBS) and the IEEE 802.3 PAM4 test patterns built on them.

PRBS-N is the maximal-length sequence of a Fibonacci linear-feedback shift register with
the ITU-T O.150 / IEEE 802.3 generator polynomials (CPS-TDS-01, CPS-TDS-02), written here as
recurrences on the output bits ``b[n]`` (each exponent of the polynomial is a delay):

========  ==========================  ===========================================
order     polynomial                  recurrence
========  ==========================  ===========================================
7         x^7 + x^6 + 1               b[n] = b[n-7] ^ b[n-6]
9         x^9 + x^5 + 1               b[n] = b[n-9] ^ b[n-5]
11        x^11 + x^9 + 1              b[n] = b[n-11] ^ b[n-9]
13        x^13 + x^12 + x^2 + x + 1   b[n] = b[n-13] ^ b[n-12] ^ b[n-2] ^ b[n-1]
15        x^15 + x^14 + 1             b[n] = b[n-15] ^ b[n-14]
23        x^23 + x^18 + 1             b[n] = b[n-23] ^ b[n-18]
31        x^31 + x^28 + 1             b[n] = b[n-31] ^ b[n-28]
========  ==========================  ===========================================

Each has period ``2**N - 1`` with ``2**(N-1)`` ones (pinned by tests). The register is
preloaded with ``state`` (1 ... 2**N - 1), whose bit ``i`` holds the output ``b[-1-i]``
(default: all ones). ITU-T O.150 transmits PRBS-15/23/31 inverted; pass ``invert=True``
for that polarity. The generator is a true recurrence, compiled with numba; its state
carries across calls, so any split of a run gives the same bits.

PAM4 test patterns (IEEE Std 802.3; CPS-TDS-03), both Gray-coded in bit pairs, first bit
of each pair the most significant (00 -> 0, 01 -> 1, 11 -> 2, 10 -> 3):

* ``qprbs13_bits()``: QPRBS13 of Clause 94.2.9.3 (802.3bj), the pattern the PAM4 optical
  clauses (e.g. 120.5.11.2.3 style transmitter tests) build on: a 31 096-bit NRZ sequence
  made of one period of PRBS13 (8191 bits), the same period inverted, the period again,
  and the first 6523 bits of the inverted period; 15 548 PAM4 symbols, repeated.
* ``prbs13q_bits()``: PRBS13Q of Clause 120.5.11.2.1 (802.3bs): two periods of PRBS13
  (16 382 bits), 8191 PAM4 symbols, repeated.

Both start the PRBS13 from the register state ``QPRBS13_SEED_STATE`` (0b0000010101011 in
this module's register convention). The structure (lengths, inversions, Gray pairing) is
the standard's; cposim does not claim the standard's absolute starting phase, which is
defined in its own register numbering (tests pin the structure, not the phase).
"""

from __future__ import annotations

import numba
import numpy as np

from cposim.errors import ConfigError
from cposim.validation import check_number

__all__ = [
    "PRBS_TAPS",
    "PrbsGenerator",
    "QPRBS13_SEED_STATE",
    "prbs_bits",
    "prbs13q_bits",
    "qprbs13_bits",
    "state_from_seed",
]

#: PRBS order -> delays of the feedback taps (the polynomial's exponents, constant term dropped).
PRBS_TAPS: dict[int, tuple[int, ...]] = {
    7: (7, 6),
    9: (9, 5),
    11: (11, 9),
    13: (13, 12, 2, 1),
    15: (15, 14),
    23: (23, 18),
    31: (31, 28),
}

#: Register state the PAM4 test patterns start PRBS13 from (module's register convention).
QPRBS13_SEED_STATE = 0b0000010101011
_PRBS13_PERIOD = 8191
_QPRBS13_TRUNCATED_BITS = 6523


@numba.njit(cache=True, nogil=True)
def _lfsr_fill(state: np.uint64, tap_mask: np.uint64, mask: np.uint64, out: np.ndarray) -> np.uint64:
    """Fill ``out`` (uint8) with the next bits of the LFSR; return the new state."""
    s = state
    for i in range(out.size):
        x = s & tap_mask
        x ^= x >> np.uint64(32)
        x ^= x >> np.uint64(16)
        x ^= x >> np.uint64(8)
        x ^= x >> np.uint64(4)
        x ^= x >> np.uint64(2)
        x ^= x >> np.uint64(1)
        bit = x & np.uint64(1)
        out[i] = np.uint8(bit)
        s = ((s << np.uint64(1)) | bit) & mask
    return s


def _check_order(order: object) -> int:
    o = check_number("prbs.order", order, integer=True, lo=2, hi=64)
    if int(o) not in PRBS_TAPS:
        raise ConfigError("prbs.order", order, f"is not a supported PRBS order; expected one of {', '.join(map(str, PRBS_TAPS))}")
    return int(o)


class PrbsGenerator:
    """Streaming PRBS-N bit source (see the module docstring for conventions).

    Args:
        order: 7, 9, 11, 13, 15, 23 or 31.
        state: register preload, 1 ... 2**order - 1 (default all ones).
        invert: emit the complemented sequence (ITU-T O.150 polarity of PRBS-15/23/31).
    """

    def __init__(self, order: int, *, state: int | None = None, invert: bool = False) -> None:
        self.order = _check_order(order)
        full = (1 << self.order) - 1
        st = full if state is None else int(check_number("PrbsGenerator.state", state, lo=1, hi=full, integer=True))
        self._state = np.uint64(st)
        self._mask = np.uint64(full)
        self._taps = np.uint64(sum(1 << (t - 1) for t in PRBS_TAPS[self.order]))
        if not isinstance(invert, (bool, np.bool_)):
            raise ConfigError("PrbsGenerator.invert", invert, "is not a boolean; expected true or false")
        self.invert = bool(invert)

    @property
    def period(self) -> int:
        """Sequence period, bits: ``2**order - 1``."""
        return (1 << self.order) - 1

    def bits(self, n: int) -> np.ndarray:
        """The next ``n`` bits (uint8 0/1)."""
        n = int(check_number("PrbsGenerator.bits n", n, lo=0, integer=True))
        out = np.empty(n, dtype=np.uint8)
        self._state = _lfsr_fill(self._state, self._taps, self._mask, out)
        if self.invert:
            np.bitwise_xor(out, 1, out=out)
        return out


def prbs_bits(order: int, n: int, *, state: int | None = None, invert: bool = False) -> np.ndarray:
    """The first ``n`` bits (uint8) of PRBS-``order`` from register ``state`` (default all ones)."""
    return PrbsGenerator(order, state=state, invert=invert).bits(n)


def state_from_seed(order: int, seed: int) -> int:
    """A non-zero register state for PRBS-``order`` derived from ``seed`` (for independent
    aggressor patterns): a uniformly spread phase of the same m-sequence."""
    o = _check_order(order)
    raw = int(np.random.SeedSequence(int(seed)).generate_state(1, dtype=np.uint64)[0])
    return raw % ((1 << o) - 1) + 1


def qprbs13_bits() -> np.ndarray:
    """One period of QPRBS13 as 31 096 NRZ bits (uint8), before Gray pairing (Clause 94.2.9.3)."""
    gen = PrbsGenerator(13, state=QPRBS13_SEED_STATE)
    period = gen.bits(_PRBS13_PERIOD)
    inverted = period ^ np.uint8(1)
    return np.concatenate([period, inverted, period, inverted[:_QPRBS13_TRUNCATED_BITS]])


def prbs13q_bits() -> np.ndarray:
    """One period of PRBS13Q as 16 382 NRZ bits (two PRBS13 periods), before Gray pairing."""
    return PrbsGenerator(13, state=QPRBS13_SEED_STATE).bits(2 * _PRBS13_PERIOD)
