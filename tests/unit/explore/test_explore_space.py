"""Parameter spaces: units at the edge, levels, grid order, seeded random and Latin-hypercube
sampling, and validation errors that name the path."""

import numpy as np
import pytest

from cposim.errors import ConfigError
from cposim.explore.space import (ParameterInfo, ParameterSpace, Sampling, parse_parameter,
                                  parse_sampling)

LENGTH = ParameterInfo(path="link.fiber.length", key="fiber.length_m", unit="m", lo=0.0, hi=1e6)
PENALTY = ParameterInfo(path="link.implementation_penalty", key="implementation_penalty_db", unit="dB", lo=0.0,
                        hi=20.0)
CLASS = ParameterInfo(path="link.source.power_class", key="source.power_class", unit="", kind="category",
                      choices=("LP", "MP", "HP"))
GPUS = ParameterInfo(path="fabric.gpus", key="gpus", unit="GPU", lo=1, hi=1e9, integer=True)


def test_units_parsed_at_the_edge():
    p = parse_parameter(LENGTH, {"values": ["10 m", "2 km", 500]})
    assert p.levels.tolist() == [10.0, 2000.0, 500.0]
    q = parse_parameter(PENALTY, {"range": ["1 dB", "3 dB"], "steps": 5})
    np.testing.assert_allclose(q.levels, [1.0, 1.5, 2.0, 2.5, 3.0], rtol=0, atol=1e-15)


def test_log_steps_are_geometric_and_hit_both_ends_exactly():
    p = parse_parameter(LENGTH, {"range": ["10 m", "10 km"], "steps": 4, "scale": "log"})
    assert p.levels[0] == 10.0 and p.levels[-1] == 10_000.0
    np.testing.assert_allclose(p.levels[1:] / p.levels[:-1], 10.0, rtol=1e-12)


def test_step_lattice_includes_the_upper_end():
    p = parse_parameter(GPUS, {"range": [8192, 65536], "step": 8192})
    assert p.levels.tolist() == [8192.0 * k for k in range(1, 9)]


def test_shorthands_constant_and_list():
    assert parse_parameter(LENGTH, "2 km").levels.tolist() == [2000.0]
    assert parse_parameter(CLASS, ["LP", "HP"]).levels.tolist() == ["LP", "HP"]


def test_integer_range_without_step_is_every_whole_number():
    p = parse_parameter(GPUS, {"range": [8, 12]})
    assert p.levels.tolist() == [8.0, 9.0, 10.0, 11.0, 12.0]


def test_grid_is_c_order_last_parameter_fastest():
    a = parse_parameter(LENGTH, [1.0, 2.0, 3.0])
    b = parse_parameter(CLASS, ["LP", "MP"])
    space = ParameterSpace((a, b), Sampling())
    pts = space.points()
    assert space.shape == (3, 2) and space.size == 6
    assert pts["link.fiber.length"].tolist() == [1, 1, 2, 2, 3, 3]
    assert pts["link.source.power_class"].tolist() == ["LP", "MP"] * 3
    part = space.points(2, 5)
    assert part["link.fiber.length"].tolist() == [2, 2, 3]


@pytest.mark.parametrize("method", ["random", "latin-hypercube"])
def test_same_seed_same_points_other_seed_other_points(method):
    params = (parse_parameter(LENGTH, {"range": ["1 m", "1 km"], "scale": "log"}),
              parse_parameter(PENALTY, {"range": [0, 4]}), parse_parameter(CLASS, ["LP", "MP", "HP"]))
    one = ParameterSpace(params, Sampling(method, 500, 11)).points()
    two = ParameterSpace(params, Sampling(method, 500, 11)).points()
    other = ParameterSpace(params, Sampling(method, 500, 12)).points()
    for k in one:
        assert np.array_equal(one[k], two[k])
    assert not np.array_equal(one["link.implementation_penalty"], other["link.implementation_penalty"])
    x = one["link.fiber.length"]
    assert x.min() >= 1.0 and x.max() <= 1000.0
    assert set(one["link.source.power_class"]) == {"LP", "MP", "HP"}


def test_slices_of_a_sample_equal_the_whole_sample():
    space = ParameterSpace((parse_parameter(PENALTY, {"range": [0, 4]}),), Sampling("random", 100, 3))
    whole = space.points()["link.implementation_penalty"]
    parts = np.concatenate([space.points(s, min(s + 7, 100))["link.implementation_penalty"] for s in range(0, 100, 7)])
    assert np.array_equal(whole, parts)


def test_latin_hypercube_puts_one_point_in_each_stratum():
    """CPS-EXP-01: n points, n equal-probability strata per parameter, each hit exactly once."""
    n = 64
    space = ParameterSpace((parse_parameter(PENALTY, {"range": [0, 4]}),
                            parse_parameter(LENGTH, {"range": [10, 20]})), Sampling("latin-hypercube", n, 5))
    pts = space.points()
    for path, (lo, hi) in (("link.implementation_penalty", (0, 4)), ("link.fiber.length", (10, 20))):
        strata = np.floor((pts[path] - lo) / (hi - lo) * n).astype(int)
        assert sorted(strata.tolist()) == list(range(n))


def test_latin_hypercube_balances_levels():
    space = ParameterSpace((parse_parameter(CLASS, ["LP", "MP", "HP"]),), Sampling("latin-hypercube", 300, 1))
    _, counts = np.unique(space.points()["link.source.power_class"], return_counts=True)
    assert counts.tolist() == [100, 100, 100]


@pytest.mark.parametrize("raw, field, words", [
    ({"range": ["2 km", "10 m"]}, "parameters.link.fiber.length.range", "is empty"),
    ({"range": ["5 m", "5 m"], "steps": 3}, "parameters.link.fiber.length.range", "is empty"),
    ({"values": []}, "parameters.link.fiber.length.values", "is empty"),
    ({"range": ["1 m", "2 kg"]}, "parameters.link.fiber.length.range", "wrong units"),
    ({"values": ["3 furlongz"]}, "parameters.link.fiber.length.values", "unit"),
    ({"range": ["1 m", "5000 km"]}, "parameters.link.fiber.length.range", "too large"),
    ({"values": ["1 m", "1 m"]}, "parameters.link.fiber.length.values", "listed twice"),
    ({"range": ["1 m", "2 m"], "stepss": 3}, "parameters.link.fiber.length.stepss", "did you mean 'steps'"),
    ({"range": ["1 m", "2 m"], "steps": 1}, "parameters.link.fiber.length.steps", "from 2"),
    ({"range": [0, 2], "scale": "log"}, "parameters.link.fiber.length.range", "positive on a log scale"),
    ({"values": [1], "range": [1, 2]}, "parameters.link.fiber.length", "exactly one"),
])
def test_bad_parameters_name_the_path(raw, field, words):
    with pytest.raises(ConfigError) as err:
        parse_parameter(LENGTH, raw)
    assert err.value.field == field
    assert words in str(err.value)


def test_category_errors():
    with pytest.raises(ConfigError, match="did you mean 'HP'"):
        parse_parameter(CLASS, ["LP", "HPP"])
    with pytest.raises(ConfigError, match="choice of names"):
        parse_parameter(CLASS, {"range": [1, 2]})


def test_grid_needs_levels_and_random_needs_seed():
    cont = parse_parameter(LENGTH, {"range": ["1 m", "2 m"]})
    with pytest.raises(ConfigError, match="a grid needs"):
        ParameterSpace((cont,), Sampling())
    with pytest.raises(ConfigError, match="explicit seed"):
        parse_sampling({"method": "random", "points": 10})
    with pytest.raises(ConfigError, match="points"):
        parse_sampling({"method": "lhs", "seed": 1})
    with pytest.raises(ConfigError, match="applies to random"):
        parse_sampling({"method": "grid", "points": 10})
    with pytest.raises(ConfigError, match="sobol"):
        parse_sampling({"method": "sobol"})
    assert parse_sampling({"method": "lhs", "points": 5, "seed": 0}).method == "latin-hypercube"
