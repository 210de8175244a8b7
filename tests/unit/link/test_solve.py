"""Vectorised monotone root finding: known inverses, arrays, BER targets, clear errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cposim.errors import ConfigError, PhysicsError
from cposim.link.ber import ber_nrz, ber_pam4, q_from_ber
from cposim.link.solve import solve_for_target, solve_monotone


@pytest.mark.parametrize("x_scale", ["log", "linear"])
def test_inverts_a_cube_and_a_decreasing_exponential(x_scale):
    assert solve_for_target(lambda x: x**3, 8.0, 0.1, 10.0, x_scale=x_scale) == pytest.approx(2.0, rel=1e-9)
    targets = np.array([0.5, 0.1, 1e-3])
    x = solve_for_target(lambda x: np.exp(-x), targets, 1e-3, 100.0, x_scale=x_scale, y_scale="log")
    assert np.allclose(x, -np.log(targets), rtol=1e-9)


def test_array_of_functions_and_brackets_broadcast():
    k = np.linspace(1.0, 5.0, 7)[:, None]
    target = np.array([1.0, 2.0, 3.0])
    res = solve_monotone(lambda x: k * x**2, target, 1e-3, np.array([10.0, 20.0, 30.0]))
    assert res.x.shape == (7, 3)
    assert np.allclose(res.x, np.sqrt(target / k), rtol=1e-9)
    assert res.converged.all() and res.bracketed.all()


@settings(max_examples=60, deadline=None)
@given(
    a=st.floats(0.1, 10.0),
    p=st.floats(0.3, 4.0),
    sign=st.sampled_from([1.0, -1.0]),
    root=st.floats(1e-3, 1e3),
)
def test_power_laws_are_inverted_to_tight_relative_tolerance(a, p, sign, root):
    def fn(x):
        return sign * a * x**p

    target = fn(root)
    x = solve_for_target(fn, target, 1e-4, 1e4, rtol=1e-10)
    assert x == pytest.approx(root, rel=1e-8)


def test_oma_for_a_target_ber_matches_the_closed_form_q_inversion():
    sigma = np.array([1e-6, 2e-6, 5e-6, 1e-5])
    target = 2.4e-4

    def ber_of(oma):
        return ber_nrz(np.zeros_like(oma), oma, sigma)

    for y_scale in ("q", "log", "linear"):
        oma = solve_for_target(ber_of, target, 1e-8, 1e-2, y_scale=y_scale)
        assert np.allclose(oma, 2 * sigma * q_from_ber(target), rtol=1e-8)


def test_pam4_oma_for_target_ber_meets_it():
    sigma = np.array([2e-6, 4e-6])

    def ber_of(oma):
        lv = oma[..., None] * np.array([0.0, 1 / 3, 2 / 3, 1.0]) + 1e-5
        return ber_pam4(lv, sigma[:, None])

    oma = solve_for_target(ber_of, 1e-6, 1e-7, 1e-2, y_scale="q")
    assert np.allclose(ber_of(oma), 1e-6, rtol=1e-7)


def test_unbracketed_target_raises_config_error_with_count_and_indices():
    with pytest.raises(ConfigError, match=r"not bracketed .* at 2 of 4 points \(flat indices 2, 3\)"):
        solve_for_target(lambda x: x, np.array([1.0, 2.0, 30.0, 40.0]), 0.5, 10.0)


def test_allow_unbracketed_flags_points_and_reports_nearer_end():
    res = solve_monotone(lambda x: x, np.array([1.0, 30.0, 0.1]), 0.5, 10.0, allow_unbracketed=True)
    assert res.bracketed.tolist() == [True, False, False]
    assert res.converged.tolist() == [True, False, False]
    assert res.x == pytest.approx([1.0, 10.0, 0.5])


def test_nan_from_fn_is_a_physics_error():
    with pytest.raises(PhysicsError, match="NaN"):
        solve_for_target(lambda x: np.where(x > 1.0, np.nan, x), 2.0, 0.5, 10.0)


def test_bad_arguments_are_config_errors():
    with pytest.raises(ConfigError, match="x_scale"):
        solve_for_target(lambda x: x, 1.0, -1.0, 2.0)
    with pytest.raises(ConfigError, match="target"):
        solve_for_target(lambda x: x, 0.0, 0.5, 2.0, y_scale="log")
    with pytest.raises(ConfigError, match="y_scale"):
        solve_for_target(lambda x: x, 1.0, 0.5, 2.0, y_scale="db")
    with pytest.raises(ConfigError, match="hi"):
        solve_for_target(lambda x: x, 1.0, 2.0, 2.0)


def test_non_convergence_within_max_iter_is_a_physics_error():
    with pytest.raises(PhysicsError, match="no convergence within 2 iterations at 1 of 1 points"):
        solve_for_target(lambda x: np.tanh(x - 3.0), 0.1, 1e-3, 1e3, max_iter=2)


def test_underflowing_values_only_force_bisection():
    # exp(-x^2) underflows to 0 beyond x ~ 27: log-scale value is -inf there, still bracketed.
    x = solve_for_target(lambda x: np.exp(-(x**2)), 1e-100, 1.0, 1e3, y_scale="log")
    assert x == pytest.approx(math.sqrt(100 * math.log(10)), rel=1e-9)
