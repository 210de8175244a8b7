"""Pareto fronts (CPS-EXP-05) against a brute-force dominance check, any number of objectives."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from cposim.errors import ConfigError
from cposim.explore.pareto import pareto_front, pareto_mask


def brute_force(a: np.ndarray, senses) -> np.ndarray:
    """Point i is off the front iff some j is <= in every objective and < in one (all pairs)."""
    m = a * np.array([1.0 if s == "min" else -1.0 for s in senses])
    le = np.all(m[:, None, :] <= m[None, :, :], axis=2)  # [j, i]: j at least as good as i everywhere
    lt = np.any(m[:, None, :] < m[None, :, :], axis=2)   # [j, i]: j better than i somewhere
    return ~np.any(le & lt, axis=0)


@st.composite
def problems(draw):
    k = draw(st.integers(1, 4))
    n = draw(st.integers(1, 60))
    # few distinct values: many ties and duplicate points
    a = draw(arrays(np.float64, (n, k), elements=st.integers(-3, 3).map(float)))
    senses = draw(st.lists(st.sampled_from(["min", "max"]), min_size=k, max_size=k))
    return a, senses


@settings(max_examples=150, deadline=None)
@given(problems())
def test_front_matches_brute_force(problem):
    a, senses = problem
    assert np.array_equal(pareto_mask(a, senses), brute_force(a, senses))


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 4))
def test_front_matches_brute_force_on_continuous_values_across_blocks(seed, k):
    """More points than one block (512), so the block-against-front path is exercised."""
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(700, k))
    a[:, 1] = -a[:, 0] + 0.3 * a[:, 1]  # anti-correlated: a large front
    senses = ["min"] * k
    mask = pareto_mask(a, senses)
    assert np.array_equal(mask, brute_force(a, senses))


def test_mapping_input_and_sorted_front():
    energy = np.array([5.0, 4.0, 6.0, 4.0, 7.0])
    margin = np.array([3.0, 2.0, 5.0, 1.0, 4.0])
    senses = {"energy": "min", "margin": "max"}
    mask = pareto_mask({"energy": energy, "margin": margin}, senses)
    assert mask.tolist() == [True, True, True, False, False]
    assert pareto_front({"energy": energy, "margin": margin}, senses).tolist() == [1, 0, 2]


def test_identical_points_are_all_kept():
    a = np.array([[1.0, 1.0], [1.0, 1.0], [2.0, 2.0]])
    assert pareto_mask(a, ["min", "min"]).tolist() == [True, True, False]


def test_bad_input():
    with pytest.raises(ConfigError, match="not min or max"):
        pareto_mask(np.zeros((3, 2)), ["min", "best"])
    with pytest.raises(ConfigError, match="not finite"):
        pareto_mask(np.array([[0.0, np.nan]]), ["min", "min"])
    with pytest.raises(ConfigError, match="different lengths"):
        pareto_mask({"a": np.zeros(3), "b": np.zeros(4)}, {"a": "min", "b": "min"})
