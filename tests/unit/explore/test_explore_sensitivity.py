"""Sensitivity rankings recover known rankings of synthetic functions (CPS-EXP-02..04)."""

import numpy as np
import pytest

from cposim.errors import ConfigError
from cposim.explore.sensitivity import first_order_index, one_at_a_time, rank_parameters, spearman
from cposim.explore.space import ParameterInfo, ParameterSpace, Sampling, parse_parameter


def _info(name, kind="number"):
    return ParameterInfo(path=name, key=name, unit="1" if kind == "number" else "", kind=kind)


def _sample(n=4000, seed=1):
    params = tuple(parse_parameter(_info(f"x{i}"), {"range": [0.0, 1.0]}) for i in range(1, 5))
    return ParameterSpace(params, Sampling("latin-hypercube", n, seed)).points()


def test_linear_model_first_order_indices_match_closed_form():
    """y = 5 x1 + 2 x2 + 0.5 x3 (x4 inert), x ~ U(0,1): S_i = c_i^2 / sum c^2 (additive model)."""
    x = _sample()
    c = {"x1": 5.0, "x2": 2.0, "x3": 0.5, "x4": 0.0}
    y = sum(c[k] * x[k] for k in c)
    rows = rank_parameters(x, y)
    assert [r.parameter for r in rows] == ["x1", "x2", "x3", "x4"]
    total = sum(v * v for v in c.values())
    got = {r.parameter: r.first_order for r in rows}
    for k in ("x1", "x2"):
        # binning bias is about (bins - 1) / N = 0.016 at N = 4000
        assert got[k] == pytest.approx(c[k] ** 2 / total, abs=0.03)
    assert all(r.spearman > 0 for r in rows[:3])


def test_variance_index_sees_a_non_monotone_effect_that_rank_correlation_misses():
    x = _sample()
    """y = 10 (x1 - 1/2)^2 + x2: S_1 = 100 Var(u^2) / Var(y) = 0.87 with u ~ U(-1/2, 1/2), but x1
    has no monotone trend (Spearman ~ 0)."""
    y = 10.0 * (x["x1"] - 0.5) ** 2 + 1.0 * x["x2"]
    rows = rank_parameters(x, y)
    assert rows[0].parameter == "x1" and rows[1].parameter == "x2"
    assert abs(spearman(x["x1"], y)) < 0.05 < spearman(x["x2"], y)
    var_u2 = 1.0 / 80.0 - (1.0 / 12.0) ** 2
    expected = 100.0 * var_u2 / (100.0 * var_u2 + 1.0 / 12.0)
    assert first_order_index(x["x1"], y) == pytest.approx(expected, abs=0.03)


def test_categories_and_constant_output():
    rng = np.random.default_rng(0)
    cat = rng.choice(np.array(["a", "b", "c"]), 600)
    num = rng.uniform(size=600)
    y = np.where(cat == "b", 10.0, 0.0) + 0.1 * num
    rows = rank_parameters({"cat": cat, "num": num}, y)
    assert rows[0].parameter == "cat" and rows[0].spearman is None
    flat = rank_parameters({"cat": cat, "num": num}, np.ones(600))
    assert all(r.first_order == 0.0 for r in flat)


def test_grid_levels_are_their_own_groups_so_an_inert_parameter_scores_zero():
    a, b = np.meshgrid(np.arange(25.0), np.arange(15.0), indexing="ij")
    y = 3.0 * b.ravel()
    assert first_order_index(a.ravel(), y) == 0.0
    assert first_order_index(b.ravel(), y) == pytest.approx(1.0)


def test_one_at_a_time_swing_and_power_law_elasticity():
    """y = 2 x1^3 + 10 x2 + 0 x3: elasticity of x1 alone (x2 = 0 base term excluded) is exact."""
    params = (parse_parameter(_info("x1"), {"range": [1.0, 3.0]}),
              parse_parameter(_info("x2"), {"range": [0.0, 1.0]}),
              parse_parameter(_info("x3"), {"range": [0.0, 1.0]}),
              parse_parameter(_info("k", "category"), ["p", "q"]))
    space = ParameterSpace(params, Sampling("random", 10, 0))

    def fn(c):
        return 2.0 * c["x1"] ** 3 + 10.0 * c["x2"] + np.where(c["k"] == "q", 1.0, 0.0)

    rows = {r.parameter: r for r in one_at_a_time(fn, space)}
    order = [r.parameter for r in one_at_a_time(fn, space)]
    assert order == ["x1", "x2", "k", "x3"]
    assert rows["x1"].swing == pytest.approx(2.0 * (27.0 - 1.0))
    assert rows["x2"].swing == pytest.approx(10.0)
    assert rows["x3"].swing == 0.0
    assert rows["k"].swing == pytest.approx(1.0) and rows["k"].high == "q"
    y0 = 2.0 * 8.0 + 10.0 * 0.5
    assert rows["x1"].elasticity == pytest.approx(3.0 * 16.0 / y0, rel=1e-5)
    assert rows["x2"].elasticity == pytest.approx(5.0 / y0, rel=1e-9)


def test_too_few_points():
    with pytest.raises(ConfigError, match="too few"):
        first_order_index(np.arange(3.0), np.arange(3.0))
