"""Chunk-invariant, seeded random streams for the time-domain simulator.

A stream is an endless sequence of random numbers identified by ``(seed, stream_id)``.
It is cut into fixed blocks of ``block_size`` numbers; block ``b`` is drawn from its own
generator, ``numpy.random.Generator(PCG64(SeedSequence(seed, spawn_key=(stream_id, b))))``
(SeedSequence spawn keys give statistically independent streams per block; PCG64 draws the
variates about 15 % faster than Philox here),
so number ``i`` of a stream depends only on ``(seed, stream_id, i)``: never on how a
simulation is chunked, on the order in which blocks are read, or on the machine. Same seed,
same numbers.

With ``prefetch=True``, after each read the blocks of an equally long next read are drawn in
a background thread while the caller works (numpy's generators release the GIL); the numbers are the same either
way, since each block has its own key.

Standard normal variates are drawn in single precision (numpy's float32 ziggurat, 24-bit
resolution; its tail is exact, so it represents the +-7 sigma excursions a BER count needs);
the simulator casts them to its working precision. Uniform variates are float64 in [0, 1).

Stream ids used by the simulator (documented so that they never collide):
``RECEIVER_NOISE`` (the summed thermal, shot and RIN noise of a receiver), ``JITTER_RANDOM``
(random jitter of the transmitter edges), ``JITTER_DUAL_DIRAC`` (the sign of the
dual-Dirac deterministic jitter); an aggressor ``k`` of a WDM lane adds
``AGGRESSOR_OFFSET * (k + 1)`` to each id.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from cposim.errors import ConfigError
from cposim.validation import check_choice, check_number

__all__ = [
    "AGGRESSOR_OFFSET",
    "JITTER_DUAL_DIRAC",
    "JITTER_RANDOM",
    "RECEIVER_NOISE",
    "RandomStream",
    "check_seed",
]

RECEIVER_NOISE = 1
JITTER_RANDOM = 2
JITTER_DUAL_DIRAC = 3
AGGRESSOR_OFFSET = 100

#: Numbers per independently keyed block (a power of two).
DEFAULT_BLOCK_SIZE = 1 << 16
_KINDS = ("normal", "uniform")
_EXECUTOR: ThreadPoolExecutor | None = None
_EXECUTOR_LOCK = threading.Lock()


def _executor() -> ThreadPoolExecutor:
    global _EXECUTOR
    with _EXECUTOR_LOCK:
        if _EXECUTOR is None:
            _EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cposim-noise")
        return _EXECUTOR


def _draw(seed: int, stream_id: int, index: int, kind: str, size: int) -> np.ndarray:
    """Block ``index`` of stream ``(seed, stream_id)``: its own PCG64 generator."""
    gen = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(stream_id, index))))
    if kind == "normal":
        return gen.standard_normal(size, dtype=np.float32)
    return gen.random(size)


def check_seed(seed: object, field: str = "seed") -> int:
    """Validate a simulation seed: a whole number 0 ... 2**63 - 1; return it as int."""
    return int(check_number(field, seed, lo=0, hi=2.0**63 - 1, integer=True))


class RandomStream:
    """An endless, chunk-invariant stream of random numbers (see the module docstring).

    Args:
        seed: whole number >= 0.
        stream_id: whole number >= 0 naming the stream (``RECEIVER_NOISE``, ...).
        kind: ``"normal"`` (standard normal, float32) or ``"uniform"`` (float64 in [0, 1)).
        block_size: numbers per keyed block (power of two, 2**10 ... 2**22).
        prefetch: draw the following block in a background thread.

    ``take(n)`` returns the next ``n`` numbers; ``read(start, n)`` any range. One block is
    cached, so sequential reads draw every block once.
    """

    def __init__(self, seed: int, stream_id: int, *, kind: str = "normal", block_size: int = DEFAULT_BLOCK_SIZE,
                 prefetch: bool = False) -> None:
        self.seed = check_seed(seed)
        self.stream_id = int(check_number("RandomStream.stream_id", stream_id, lo=0, hi=2**31, integer=True))
        self.kind = check_choice("RandomStream.kind", kind, _KINDS)
        bs = int(check_number("RandomStream.block_size", block_size, lo=2**10, hi=2**22, integer=True))
        if bs & (bs - 1):
            raise ConfigError("RandomStream.block_size", bs, "is not a power of two")
        self.block_size = bs
        self.position = 0
        self._cached_index = -1
        self._cached: np.ndarray | None = None
        self.prefetch = bool(prefetch)
        self._futures: dict[int, Future] = {}

    def _submit(self, index: int) -> None:
        if index not in self._futures and index != self._cached_index and len(self._futures) < 256:
            self._futures[index] = _executor().submit(_draw, self.seed, self.stream_id, index, self.kind, self.block_size)

    def _block(self, index: int) -> np.ndarray:
        if index != self._cached_index:
            fut = self._futures.pop(index, None)
            if fut is not None:
                self._cached = fut.result()
            else:
                self._cached = _draw(self.seed, self.stream_id, index, self.kind, self.block_size)
            self._cached_index = index
            for stale in [k for k in self._futures if k < index]:
                self._futures.pop(stale).cancel()
        assert self._cached is not None
        return self._cached

    def read(self, start: int, n: int, out: np.ndarray | None = None) -> np.ndarray:
        """Numbers ``start ... start + n - 1`` of the stream (in ``out`` if given, else a new array)."""
        if start < 0 or n < 0:
            raise ConfigError("RandomStream.read", (start, n), "needs start >= 0 and n >= 0")
        dtype = np.float32 if self.kind == "normal" else np.float64
        if out is None:
            out = np.empty(n, dtype=dtype)
        elif out.shape != (n,) or out.dtype != dtype:
            raise ConfigError("RandomStream.read out", out.shape, f"must be a ({n},) {np.dtype(dtype).name} array")
        bs = self.block_size
        done = 0
        while done < n:
            pos = start + done
            b, off = divmod(pos, bs)
            m = min(bs - off, n - done)
            out[done : done + m] = self._block(b)[off : off + m]
            done += m
        if self.prefetch and n:
            bs = self.block_size
            for b in range((start + n) // bs, (start + 2 * n - 1) // bs + 1):
                self._submit(b)
        return out

    def take(self, n: int) -> np.ndarray:
        """The next ``n`` numbers of the stream."""
        out = self.read(self.position, n)
        self.position += n
        return out
