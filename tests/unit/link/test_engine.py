"""The lane engine: conventions, cross-checks between its own paths, broadcasting."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cposim.link.engine import evaluate
from cposim.link.lane import Lane
from cposim.link.sweep import evaluate_points, set_path
from cposim.presets import PRESETS
from cposim.units import PICO


@pytest.fixture(scope="module", params=list(PRESETS))
def preset_lane(request):
    return PRESETS[request.param].build()


def test_module_power_is_per_direction_energy_times_payload_rate_times_lanes(preset_lane):
    r = evaluate(preset_lane)
    e = r.energy
    expected = e.module_pj_per_bit * PICO * float(preset_lane.data_rate_bps) * float(preset_lane.lanes)
    assert float(e.module_power_w) == pytest.approx(float(expected))
    # host SerDes is the only contributor outside the module
    diff = float(e.port_power_w - e.module_power_w)
    host = float(e.pj_per_bit()["host_serdes"]) * PICO * float(preset_lane.data_rate_bps) * float(preset_lane.lanes)
    assert diff == pytest.approx(host)
    assert all(np.all(np.asarray(v) >= 0) for v in e.pj_per_bit().values())


def test_extra_loss_reduces_the_margin_one_for_one(preset_lane):
    """Margin is the optical headroom at the receiver: adding 1.7 dB of connector loss
    must remove exactly 1.7 dB of margin, whatever mix of noises limits the receiver."""
    base = evaluate(preset_lane)
    conn = preset_lane.connectors
    worse = preset_lane.replace(connectors=conn.replace(loss_per_connector_db=conn.loss_per_connector_db + 0.85))
    assert float(evaluate(worse).margin_db) == pytest.approx(float(base.margin_db) - 1.7, abs=2e-3)


def test_attenuating_by_the_margin_lands_on_the_target_ber(preset_lane):
    """Cross-check of the margin solver against a direct evaluation at that loss."""
    base = evaluate(preset_lane)
    m = float(base.margin_db)
    conn = preset_lane.connectors
    at_edge = preset_lane.replace(connectors=conn.replace(loss_per_connector_db=conn.loss_per_connector_db + m / 2))
    r = evaluate(at_edge)
    assert float(r.ber) == pytest.approx(float(base.target_ber), rel=2e-3, abs=0)
    assert float(r.margin_db) == pytest.approx(0.0, abs=2e-3)


def test_ber_falls_monotonically_as_laser_power_rises():
    lane = PRESETS["800g-dr8"].build()
    powers = np.linspace(0.005, 0.2, 40)
    r = evaluate(set_path(lane, "source.output_power_w", powers))
    assert np.all(np.diff(r.ber) < 0)
    assert np.all(np.diff(r.margin_db) > 0)
    assert np.all(np.diff(r.energy_pj_per_bit) > 0)  # more laser power costs energy


@settings(max_examples=40, deadline=None)
@given(
    length=st.floats(1.0, 5000.0),
    density=st.floats(5e-12, 60e-12),
    penalty=st.floats(0.0, 5.0),
    rin=st.floats(-160.0, -130.0),
)
def test_random_lanes_give_finite_results_and_ber_in_range(length, density, penalty, rin):
    lane = PRESETS["1.6t-dr8"].build()
    lane = set_path(lane, "fiber.length_m", length)
    lane = set_path(lane, "tia.input_noise_density_a_per_sqrt_hz", density)
    lane = set_path(lane, "implementation_penalty_db", penalty)
    lane = set_path(lane, "source.rin_db_per_hz", rin)
    r = evaluate(lane)
    assert 0.0 <= float(r.ber) <= 0.5
    assert np.isfinite(float(r.margin_db))
    assert np.isfinite(float(r.energy_pj_per_bit))


def test_arrays_give_the_same_numbers_as_a_loop_of_scalars():
    lane = PRESETS["cpo-mrm-wdm-200g"].build()
    lengths = np.array([10.0, 300.0, 1000.0, 2000.0])
    vec = evaluate(set_path(lane, "fiber.length_m", lengths))
    for k, length in enumerate(lengths):
        one = evaluate(set_path(lane, "fiber.length_m", float(length)))
        assert float(vec.ber[k]) == pytest.approx(float(one.ber), rel=1e-12, abs=0)
        assert float(vec.margin_db[k]) == pytest.approx(float(one.margin_db), abs=1e-9)


def test_sweep_results_do_not_depend_on_chunk_size():
    lane = PRESETS["800g-dr8"].build()
    rng = np.random.default_rng(7)
    values = {"fiber.length_m": rng.uniform(1, 2000, 257), "implementation_penalty_db": rng.uniform(0, 4, 257)}
    a = evaluate_points(lane, values, chunk_size=10)
    b = evaluate_points(lane, values, chunk_size=100_000)
    for key in a:
        np.testing.assert_allclose(a[key], b[key], rtol=1e-12, atol=1e-12)


def test_grid_sweep_covers_the_cartesian_product_in_c_order():
    lane = PRESETS["800g-dr8"].build()
    out = evaluate_points(lane, {"fiber.length_m": [100.0, 200.0, 300.0], "implementation_penalty_db": [1.0, 2.0]},
                          grid=True, chunk_size=4)
    assert out["margin_db"].shape == (6,)
    one = evaluate(set_path(set_path(lane, "fiber.length_m", 200.0), "implementation_penalty_db", 2.0))
    assert out["margin_db"][3] == pytest.approx(float(one.margin_db), abs=1e-9)


def test_a_lane_target_ber_overrides_the_fec_threshold():
    lane = PRESETS["800g-dr8"].build()
    strict = evaluate(lane.replace(target_ber=1e-12))
    loose = evaluate(lane)
    assert float(strict.target_ber) == 1e-12
    assert float(loose.target_ber) == pytest.approx(2.4e-4)
    assert float(strict.margin_db) < float(loose.margin_db)


def test_a_lane_rejects_a_line_rate_below_its_payload():
    from cposim.errors import ConfigError

    with pytest.raises(ConfigError, match="line_rate_bps"):
        Lane(data_rate_bps=200e9, line_rate_bps=106.25e9)


def test_a_modulator_cannot_sit_in_the_source_slot():
    from cposim.devices.mach_zehnder import MachZehnderModulator
    from cposim.errors import ConfigError

    with pytest.raises(ConfigError, match="Lane.source"):
        Lane(source=MachZehnderModulator())


@pytest.mark.parametrize("name", ["800g-dr8", "1.6t-dr8"])
def test_solved_laser_power_closes_the_link_at_exactly_the_requested_margin(name):
    """Solve for the laser power that leaves 1 dB of margin, set it, and re-evaluate."""
    lane = PRESETS[name].build()
    r = evaluate(lane)
    need = float(r.required_source_power_w(1.0))
    per_laser = need  # DFB output is what source_power_w reports
    again = evaluate(set_path(lane, "source.output_power_w", per_laser))
    assert float(again.margin_db) == pytest.approx(1.0, abs=2e-3)


def test_a_million_point_sweep_runs_in_one_call_with_flat_working_memory():
    """Peak memory beyond inputs and outputs does not grow with the number of points."""
    import tracemalloc

    lane = PRESETS["cpo-mrm-wdm-200g"].build()

    def working_mb(n):
        values = {"fiber.length_m": np.linspace(10.0, 2000.0, n)}
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        out = evaluate_points(lane, values, chunk_size=32768)
        peak = tracemalloc.get_traced_memory()[1] - base
        tracemalloc.stop()
        assert np.all(np.isfinite(out["margin_db"]))
        return (peak - sum(v.nbytes for v in out.values())) / 2**20

    small, large = working_mb(2**16), working_mb(1_000_000)
    assert large < 1.25 * small + 2.0
    assert large < 64.0
