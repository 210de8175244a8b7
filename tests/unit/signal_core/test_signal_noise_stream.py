"""Chunk-invariant seeded random streams."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cposim.errors import ConfigError
from cposim.signal.noise_stream import RandomStream


@settings(max_examples=20, deadline=None)
@given(sizes=st.lists(st.integers(min_value=0, max_value=5000), min_size=1, max_size=8))
def test_sequential_reads_equal_one_read(sizes):
    total = sum(sizes)
    whole = RandomStream(11, 1, block_size=1024).read(0, total)
    s = RandomStream(11, 1, block_size=1024)
    parts = [s.take(n) for n in sizes]
    assert np.array_equal(np.concatenate(parts) if parts else np.empty(0, np.float32), whole)


def test_random_access_and_prefetch_give_the_same_numbers():
    a = RandomStream(5, 1, block_size=1024).read(3000, 5000)
    b = RandomStream(5, 1, block_size=1024, prefetch=True)
    b.read(0, 3000)
    assert np.array_equal(b.read(3000, 5000), a)
    assert np.array_equal(RandomStream(5, 1, block_size=1024).read(7000, 10), a[4000:4010])


def test_streams_and_seeds_are_independent():
    x = RandomStream(1, 1).read(0, 100000).astype(float)
    y = RandomStream(1, 2).read(0, 100000).astype(float)
    z = RandomStream(2, 1).read(0, 100000).astype(float)
    assert abs(np.corrcoef(x, y)[0, 1]) < 0.02 and abs(np.corrcoef(x, z)[0, 1]) < 0.02
    assert abs(x.mean()) < 0.02 and abs(x.var() - 1.0) < 0.02


def test_uniform_stream_range():
    u = RandomStream(3, 9, kind="uniform").read(0, 10000)
    assert u.dtype == np.float64 and u.min() >= 0.0 and u.max() < 1.0


def test_bad_arguments():
    with pytest.raises(ConfigError, match="seed"):
        RandomStream(-1, 1)
    with pytest.raises(ConfigError, match="power of two"):
        RandomStream(1, 1, block_size=3000)
    with pytest.raises(ConfigError, match="kind"):
        RandomStream(1, 1, kind="poisson")
