"""The Monte Carlo over estimate rows (CPS-UNC-01): the sampler against the triangular
distribution's closed-form quantiles, reproducibility by seed, one draw per parameter, the
driver ranking, sample-aware caches and the bounded edge of ``--uncertainty``."""

from __future__ import annotations

import math

import numpy as np
import pytest

import cposim.uncertainty.montecarlo as mc
from cposim.devices.modulator_driver import ModulatorDriver
from cposim.errors import ConfigError
from cposim.references.ranges import read_ranges
from cposim.references.sampling import sample_aware_cache, sampled

FAKE = """id,low,high,scale,basis
CPS-DRV-02,0.2,0.5,value,test range
CPS-DRV-01,0.05,0.2,value,test range
"""


@pytest.fixture
def two_rows(monkeypatch):
    ranges = read_ranges(FAKE, require_all=False)
    monkeypatch.setattr(mc, "estimate_ranges", lambda: ranges)
    return ranges


def _driver_headline():
    d = ModulatorDriver()
    return {"static_w": d.static_power_w, "eff": d.efficiency, "sum": d.static_power_w + 0.0 * d.efficiency}


def _triangular_quantile(q: float, a: float, c: float, b: float) -> float:
    """Closed-form inverse CDF of the triangular distribution (a <= c <= b)."""
    fc = (c - a) / (b - a)
    if q < fc:
        return a + math.sqrt(q * (b - a) * (c - a))
    return b - math.sqrt((1 - q) * (b - a) * (b - c))


def test_sampled_quantiles_follow_the_triangular_closed_form(two_rows):
    res = mc.run_uncertainty(_driver_headline, {"static_w": "W"}, samples=20_000, seed=3)
    b = res.headlines["static_w"]
    assert b.nominal == 0.25
    n = 20_000
    for q, got in ((0.05, b.p5), (0.5, b.median), (0.95, b.p95)):
        want = _triangular_quantile(q, 0.2, 0.25, 0.5)
        # the sample quantile's standard error: sqrt(q(1-q)/n) / pdf(x_q)
        pdf = 2 * (want - 0.2) / (0.3 * 0.05) if want < 0.25 else 2 * (0.5 - want) / (0.3 * 0.25)
        se = math.sqrt(q * (1 - q) / n) / pdf
        assert abs(got - want) < 5 * se, (q, got, want, se)


def test_same_seed_same_numbers_other_seed_other_numbers(two_rows):
    a = mc.run_uncertainty(_driver_headline, {}, samples=50, seed=7)
    b = mc.run_uncertainty(_driver_headline, {}, samples=50, seed=7)
    c = mc.run_uncertainty(_driver_headline, {}, samples=50, seed=8)
    assert a.as_dict() == b.as_dict()
    assert a.headlines["static_w"].median != c.headlines["static_w"].median


def test_draws_do_not_depend_on_the_rows_a_headline_uses(two_rows):
    rows, f = mc.draw_factors(100, 5)
    assert rows == ("CPS-DRV-01", "CPS-DRV-02")
    rows2, f2 = mc.draw_factors(100, 5)
    np.testing.assert_array_equal(f, f2)
    lo = np.array([0.05 / 0.1, 0.2 / 0.25])
    hi = np.array([0.2 / 0.1, 0.5 / 0.25])
    assert np.all(f >= lo) and np.all(f <= hi)


def test_the_row_that_moves_a_headline_is_ranked_first(two_rows):
    res = mc.run_uncertainty(_driver_headline, {}, samples=200, seed=1)
    d = res.headlines["static_w"].drivers
    assert d[0].row == "CPS-DRV-02" and d[0].spearman == pytest.approx(1.0)
    assert set(res.rows_applied) == {"CPS-DRV-01", "CPS-DRV-02"}


def test_a_headline_no_sampled_row_reaches_has_no_spread(two_rows):
    res = mc.run_uncertainty(lambda: {"x": 1.5}, {"x": "W"}, samples=20, seed=0)
    b = res.headlines["x"]
    assert b.p5 == b.median == b.p95 == b.nominal == 1.5
    assert b.drivers == () and res.rows_applied == ()


def test_a_parameter_is_drawn_once_whatever_the_copies():
    with sampled({"CPS-DRV-02": 2.0}) as used:
        d = ModulatorDriver()
        assert d.static_power_w == 0.5
        assert d.replace(efficiency=0.2).static_power_w == 0.5  # a copy keeps the sampled value
        assert ModulatorDriver(static_power_w=0.3).static_power_w == 0.3  # an explicit value is left alone
        cited = d.with_cited({"static_power_w": "CPS-DRV-02"}, static_power_w=0.4)
        assert cited.static_power_w == pytest.approx(0.8)  # a preset's cited value is drawn when set
        assert cited.replace(efficiency=0.3).static_power_w == pytest.approx(0.8)
        assert used == {"CPS-DRV-02"}
    assert ModulatorDriver().static_power_w == 0.25  # outside a sample: nominal


def test_a_sampled_value_stays_inside_the_parameter_range():
    with sampled({"CPS-DRV-01": 50.0}):
        assert ModulatorDriver().efficiency == 1.0  # hi = 1 closed


def test_caches_never_serve_one_sample_to_another():
    calls = []

    @sample_aware_cache(maxsize=8)
    def f(x):
        calls.append(x)
        return ModulatorDriver().static_power_w * x

    assert f(2) == 0.5 and f(2) == 0.5 and len(calls) == 1
    with sampled({"CPS-DRV-02": 2.0}):
        assert f(2) == 1.0
    assert f(2) == 0.5 and len(calls) == 2


def test_refused_samples_are_counted_not_hidden(two_rows):
    def fn():
        d = ModulatorDriver()
        if d.static_power_w > 0.4:
            raise ConfigError("static", d.static_power_w, "too high for this test")
        return {"x": d.static_power_w}

    res = mc.run_uncertainty(fn, {}, samples=400, seed=2)
    b = res.headlines["x"]
    refused = res.samples - b.ok_samples
    # P(x > 0.4) for triangular(0.2, 0.25, 0.5) = 0.1^2 / (0.3 x 0.25) = 0.1333
    assert abs(refused - 400 * 0.1333) < 5 * math.sqrt(400 * 0.1333 * 0.8667)
    assert len(b.refusals) == 1 and b.refusals[0].startswith(f"{refused} x ") and b.p95 <= 0.4


def test_one_headline_refused_leaves_the_others(two_rows):
    def fn():
        d = ModulatorDriver()
        return {"a": d.static_power_w, "b": "refused here" if d.static_power_w > 0.4 else d.static_power_w}

    res = mc.run_uncertainty(fn, {}, samples=200, seed=2)
    assert res.headlines["a"].ok_samples == 200
    assert 0 < res.headlines["b"].ok_samples < 200
    assert res.headlines["b"].refusals[0].endswith("x refused here")


@pytest.mark.parametrize("n, seed", [(5, 0), (100_001, 0), (True, 0), (2.5, 0), ("10", 0), (10, -1), (10, 2**63)])
def test_bounded_edge(n, seed):
    with pytest.raises(ConfigError):
        mc.check_samples(n, seed)


# ---- the ranges file ---------------------------------------------------------------------------

from cposim.references.registry import ReferenceTableError  # noqa: E402


@pytest.mark.parametrize("line, problem", [
    ("CPS-DRV-02,0.5,0.2,value,x", "above high"),
    ("CPS-DRV-02,0.3,0.5,value,x", "does not hold"),
    ("NOPE-99,0.3,0.5,value,x", "not a row"),
    ("STD-01,0.3,0.5,factor,x", "only estimate rows"),
    ("CPS-DRV-02,0.2,0.5,linear,x", "scale"),
    ("CPS-DRV-02,0.2,0.5,value,", "basis is empty"),
    ("CPS-DRV-02,0.2,0.5,value,x,extra", "fields"),
    ("CPS-DRV-02,0.9,1.5,factor,x\nCPS-DRV-02,0.9,1.5,factor,x", "second range"),
    ("CPS-DRV-02,1.1,1.5,factor,x", "low <= 1"),
    ("CPS-DRV-02,nan,0.5,value,x", "finite"),
    ("CPS-DRV-02,0.2,0.5,none,x", "empty low and high"),
    ("CPS-PAS-01,1,2,value,x", "use scale factor"),
])
def test_a_broken_ranges_file_is_rejected_with_its_line(line, problem):
    with pytest.raises(ReferenceTableError, match=problem):
        read_ranges("id,low,high,scale,basis\n" + line + "\n", require_all=False)


def test_an_estimate_row_without_a_range_is_rejected():
    with pytest.raises(ReferenceTableError, match="estimate rows without a range"):
        read_ranges(FAKE)


def test_every_estimate_row_of_the_tables_has_its_range():
    from cposim.references import all_sources
    from cposim.references.ranges import estimate_ranges

    ranges = estimate_ranges()
    est = {i for i, s in all_sources().items() if s.confidence == "estimate"}
    assert set(ranges) == est
    assert sum(r.uncertain for r in ranges.values()) >= len(est) // 2


def test_the_result_does_not_depend_on_the_number_of_processes(two_rows, monkeypatch):
    a = mc.run_uncertainty(_driver_headline, {}, samples=40, seed=11)
    monkeypatch.setattr(mc, "worker_count", lambda n: 1)
    b = mc.run_uncertainty(_driver_headline, {}, samples=40, seed=11)
    monkeypatch.setattr(mc, "worker_count", lambda n: 3)
    c = mc.run_uncertainty(_driver_headline, {}, samples=40, seed=11)
    assert a.as_dict() == b.as_dict() == c.as_dict()


def test_a_module_constant_is_drawn_at_its_point_of_use_once():
    from cposim.electrical.topologies import ASIC_PACKAGE

    length = ASIC_PACKAGE.trace_length_m  # cited CPS-ELE-24
    with sampled({"CPS-ELE-24": 1.5}) as used:
        drawn = ASIC_PACKAGE.sampled()
        assert drawn.trace_length_m == pytest.approx(1.5 * length)
        assert drawn.sampled() is drawn  # built in this sample: not drawn again
        assert "CPS-ELE-24" in used
    assert ASIC_PACKAGE.sampled() is ASIC_PACKAGE and ASIC_PACKAGE.trace_length_m == length


def test_plain_module_numbers_that_name_their_row_are_drawn_where_used():
    from cposim.devices.serdes import LANE_RATE_200G_BPS, REACH_CLASSES, _budget_db
    from cposim.references.sampling import scaled_constant

    assert scaled_constant(0.18, "CPS-ELE-28") == 0.18
    with sampled({"CPS-ELE-28": 1.5, "CPS-SER-06": 1.1}) as used:
        assert scaled_constant(0.18, "CPS-ELE-28") == pytest.approx(0.27)
        # the 200G VSR budget is the project's estimate (CPS-SER-06); the 100G one is published (SER-07)
        assert float(_budget_db(REACH_CLASSES["vsr"], LANE_RATE_200G_BPS)) == pytest.approx(26.0 * 1.1)
        assert float(_budget_db(REACH_CLASSES["vsr"], LANE_RATE_200G_BPS / 2)) == 16.0
        assert used == {"CPS-ELE-28", "CPS-SER-06"}
    assert float(_budget_db(REACH_CLASSES["vsr"], LANE_RATE_200G_BPS)) == 26.0
