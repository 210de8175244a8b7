"""Laser sizing and the engine roll-up: link-engine consistency, accounting identities and
the traceability of every reported number."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.devices.external_laser import ELSFP_POWER_CLASSES_DBM, ExternalLaserSource
from cposim.engine.laser import laser_fibers_per_engine, size_laser
from cposim.engine.rollup import RINGS_PER_LANE, design_engine
from cposim.engine.spec import EngineSpec, engine_preset
from cposim.errors import ConfigError
from cposim.link.engine import evaluate
from cposim.references import all_sources


@pytest.fixture(scope="module")
def nv16():
    return design_engine(engine_preset("nv-1.6t"))


def _numbers(node, prefix=""):
    for key, value in node.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _numbers(value, path + ".")
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            yield path, value


def test_every_number_in_the_report_traces_to_sources_in_the_reference_table(nv16):
    report = nv16.to_dict()
    sources = report.pop("sources")
    table = all_sources()
    paths = list(_numbers(report))
    assert len(paths) > 50
    for path, value in paths:
        assert np.isfinite(value), path
        ids = sources.get(path)
        assert ids, f"{path} has no sources"
        missing = [i for i in ids if i not in table]
        assert not missing, f"{path} cites unknown ids {missing}"


def test_scenario_values_are_cited_as_user():
    spec = engine_preset("nv-1.6t")
    spec = spec.replace(cited={**spec.cited, "temperature_swing_k": ("USER",)}, temperature_swing_k=30.0)
    d = design_engine(spec)
    assert "USER" in d.sources["tuning_power_w"]
    assert "USER" in d.sources["energy_breakdown_pj_per_bit.ring_tuning"]


def test_energy_breakdown_sums_and_matches_the_link_engine_plus_locking(nv16):
    r = nv16.report
    parts = r["energy_breakdown_pj_per_bit"]
    assert sum(parts.values()) == pytest.approx(r["energy_pj_per_bit"], rel=1e-12)
    lane = nv16.result.lane
    # locking is inside the link's ring_tuning (heater-equivalent shift): the engine total IS the link's
    assert r["energy_pj_per_bit"] == pytest.approx(float(nv16.result.energy_pj_per_bit), rel=1e-12)
    lock_pj = RINGS_PER_LANE * 0.5e-3 / float(lane.data_rate_bps) / 1e-12
    heat_pj = RINGS_PER_LANE * nv16.tuning.heater_power_mean_w / float(lane.data_rate_bps) / 1e-12
    assert parts["ring_tuning"] == pytest.approx(heat_pj + lock_pj, rel=1e-9)
    assert parts["laser"] == pytest.approx(float(nv16.result.energy_breakdown_pj_per_bit()["laser"]), rel=1e-12)


def test_tuning_power_agrees_between_the_thermal_model_and_the_link_accounting(nv16):
    r = nv16.report
    watts_from_pj = r["energy_breakdown_pj_per_bit"]["ring_tuning"] * 1e-12 * r["capacity_tbps"] * 1e12
    assert watts_from_pj == pytest.approx(r["tuning_power_w"], rel=1e-9)
    t = nv16.tuning
    assert r["tuning_power_w"] == pytest.approx((t.heater_power_mean_w + t.locking_power_w) * 16, rel=1e-12)
    assert r["laser_power_w"] == pytest.approx(r["energy_breakdown_pj_per_bit"]["laser"] * 1.6, rel=1e-12)


def test_laser_class_is_the_smallest_that_leaves_the_margin(nv16):
    laser = nv16.laser
    assert laser.margin_at_class_minimum_db >= 2.0
    classes = list(ELSFP_POWER_CLASSES_DBM)
    idx = classes.index(laser.power_class)
    if idx > 0:
        smaller = ExternalLaserSource(power_class=classes[idx - 1], wavelengths_per_fiber=8, lanes_per_fiber=1,
                                      n_fibers=1, wall_plug_efficiency=0.125)
        assert float(smaller.worst_case_power_per_lane_w) < laser.required_power_per_lane_w
    # the final lane's margin at nominal class power exceeds the class-minimum margin by the 1.5 dB tolerance
    assert float(nv16.result.margin_db) == pytest.approx(laser.margin_at_class_minimum_db + 1.5, abs=1e-3)
    assert nv16.report["energy_at_required_laser_pj_per_bit"] <= nv16.report["energy_pj_per_bit"]


def test_a_named_class_that_falls_short_is_an_error():
    spec = engine_preset("nv-1.6t").replace(laser_class="LP", required_margin_db=8.0)
    with pytest.raises(ConfigError) as err:
        design_engine(spec)
    assert "laser_class" in str(err.value) and "mW per lane" in str(err.value)


def test_required_power_comes_from_the_link_engine(nv16):
    margin = 2.0
    need = float(evaluate(nv16.result.lane).required_source_power_w(margin))
    assert nv16.laser.required_power_per_lane_w == pytest.approx(need, rel=1e-9)
    sized = size_laser(nv16.result, nv16.spec)
    assert sized.power_class == nv16.laser.power_class


def test_fibers_and_lasers_follow_the_split():
    spec = EngineSpec(fibers_per_engine=4, laser_split_ratio=2)
    assert laser_fibers_per_engine(spec) == 2.0
    d = design_engine(spec)
    f = d.report["fibers_per_engine"]
    assert (f["tx"], f["rx"], f["laser"], f["total"]) == (4.0, 4.0, 2.0, 10.0)
    assert d.report["lasers_per_engine"] == 16.0


def test_two_fibers_of_the_same_layout_cost_the_same_per_bit(nv16):
    d32 = design_engine(engine_preset("nv-3.2t"))
    assert d32.report["capacity_tbps"] == pytest.approx(3.2)
    assert d32.report["energy_pj_per_bit"] == pytest.approx(nv16.report["energy_pj_per_bit"], rel=1e-9)
    assert d32.report["tuning_power_w"] == pytest.approx(2 * nv16.report["tuning_power_w"], rel=1e-9)


def test_shoreline_is_capacity_over_engine_pitch(nv16):
    r = nv16.report
    assert r["engine_edge_mm"] == pytest.approx(8 * 0.625)
    assert r["shoreline_gbps_per_mm"] == pytest.approx(1600 / (5.0 + 2.0))
    assert r["area_density_gbps_per_mm2"] == pytest.approx(1600 / (5.0 * 20.0))


def test_cyclic_assignment_saves_heater_power_in_the_full_design(nv16):
    fixed = design_engine(engine_preset("nv-1.6t").replace(assignment="fixed"))
    assert fixed.report["tuning_power_w"] > nv16.report["tuning_power_w"]
    assert fixed.report["energy_pj_per_bit"] > nv16.report["energy_pj_per_bit"]
