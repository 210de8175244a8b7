"""Issue 10, one CPO lane: the ``cpo-mrm-wdm-200g`` preset, the engine designer and the
architecture layer's ``cpo-mrm`` lane are the same lane, and move together with the spec."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.devices.external_laser import ELSFP_POWER_CLASSES_DBM
from cposim.engine.cpo_lane import design_cpo_lane
from cposim.engine.rollup import RINGS_PER_LANE, design_engine, recipe_lane
from cposim.engine.spec import engine_preset
from cposim.errors import ConfigError
from cposim.link.engine import evaluate, ring_tuning_power_w
from cposim.package.architectures import get_architecture
from cposim.package.optical_port import build_lane
from cposim.presets import get_preset
from cposim.presets.architecture_lanes import cpo_mrm_wdm_lane
from cposim.presets.lanes import cpo_mrm_wdm_spec

REL = 1e-9


def _same(a, b) -> None:
    ra, rb = evaluate(a), evaluate(b)
    assert float(a.ring_tuning_shift_m) == pytest.approx(float(b.ring_tuning_shift_m), rel=REL)
    assert a.source.power_class == b.source.power_class
    assert float(a.source.optical_power_per_lane_w) == pytest.approx(float(b.source.optical_power_per_lane_w), rel=REL)
    assert float(ra.energy_pj_per_bit) == pytest.approx(float(rb.energy_pj_per_bit), rel=REL)
    assert float(ra.margin_db) == pytest.approx(float(rb.margin_db), rel=REL)


@pytest.fixture(scope="module")
def designed():
    return design_engine(cpo_mrm_wdm_spec())


def test_preset_designer_and_architecture_build_one_lane(designed):
    preset = get_preset("cpo-mrm-wdm-200g").build()
    arch = build_lane(get_architecture("cpo-mrm"), payload_bps=200e9, lanes=8)
    for lane in (preset, arch):
        _same(lane, designed.result.lane)
    assert preset.source.power_class == designed.report["laser_class"]
    assert float(evaluate(preset).energy_pj_per_bit) == pytest.approx(designed.energy_pj_per_bit, rel=REL)
    assert float(evaluate(preset).margin_db) == pytest.approx(designed.report["link"]["margin_db"], rel=REL)


def test_lane_tuning_is_the_monte_carlo_with_locking(designed):
    t = designed.tuning
    lane = get_preset("cpo-mrm-wdm-200g").build()
    # the preset no longer carries the 1 nm placeholder: the shift is the Monte Carlo's (fab + half the swing)
    assert t.mean_heater_shift_m > 2e-9
    # link-engine heater power per lane == the designer's per-ring (heater mean + locking) x rings per lane
    per_lane = float(ring_tuning_power_w(lane))
    assert per_lane == pytest.approx(RINGS_PER_LANE * t.power_mean_w, rel=REL)
    assert t.locking_power_w > 0 and per_lane > RINGS_PER_LANE * t.heater_power_mean_w * (1 + 1e-6)
    assert designed.report["tuning_power_w"] == pytest.approx(per_lane * designed.spec.lanes, rel=REL)


def test_class_is_the_smallest_that_leaves_the_required_margin(designed):
    lane = get_preset("cpo-mrm-wdm-200g").build()
    spec = cpo_mrm_wdm_spec()
    need = float(evaluate(lane).required_source_power_w(float(spec.required_margin_db)))
    assert float(lane.source.worst_case_power_per_lane_w) >= need
    classes = list(ELSFP_POWER_CLASSES_DBM)
    i = classes.index(lane.source.power_class)
    if i > 0:  # the next smaller class falls short
        smaller = lane.source.replace(power_class=classes[i - 1])
        assert float(smaller.worst_case_power_per_lane_w) < need


def test_a_larger_required_margin_moves_the_class_in_all_three():
    spec = cpo_mrm_wdm_spec()
    base = design_cpo_lane(spec, recipe_lane(spec))
    more = spec.replace(required_margin_db=float(spec.required_margin_db) + 6.0)
    bigger = design_cpo_lane(more, recipe_lane(more))
    order = list(ELSFP_POWER_CLASSES_DBM)
    assert order.index(bigger.laser.power_class) > order.index(base.laser.power_class)
    _same(cpo_mrm_wdm_lane(lane_rate_bps=200e9, lanes=8, spec=more), design_engine(more).result.lane)


# 16 x 200 GHz at 200G PAM4 has no feasible demux Q under the present link model (a crosstalk
# floor at Q 5000, a too-narrow drop filter above), so the grid change is tested at 100G.
@pytest.mark.parametrize("preset,changes", [("dense-3.2t", {"lane_rate_bps": 100e9, "demux_loaded_q": 8000.0}),
                                            ("nv-3.2t", {})])
def test_another_spec_moves_designer_and_architecture_together(preset, changes):
    spec = engine_preset(preset).replace(**changes)
    d = design_engine(spec)
    arch = cpo_mrm_wdm_lane(lane_rate_bps=float(spec.lane_rate_bps), lanes=spec.lanes, spec=spec)
    _same(arch, d.result.lane)
    assert float(evaluate(arch).energy_pj_per_bit) == pytest.approx(d.energy_pj_per_bit, rel=REL)
    default = get_preset("cpo-mrm-wdm-200g").build()
    if preset == "dense-3.2t":  # 16 x 200 GHz: another grid, another ring, another Monte Carlo
        assert not np.isclose(float(arch.ring_tuning_shift_m), float(default.ring_tuning_shift_m), rtol=1e-3, atol=0.0)
        assert not np.isclose(float(evaluate(arch).margin_db), float(evaluate(default).margin_db), rtol=1e-3, atol=0.0)


def test_same_seed_same_lane_and_seed_matters():
    a = get_preset("cpo-mrm-wdm-200g").build()
    b = get_preset("cpo-mrm-wdm-200g").build()
    assert float(a.ring_tuning_shift_m) == float(b.ring_tuning_shift_m)
    spec = cpo_mrm_wdm_spec().replace(seed=7, mc_samples=50)
    s1 = cpo_mrm_wdm_lane(spec=spec)
    s2 = cpo_mrm_wdm_lane(spec=spec.replace(seed=8))
    assert float(s1.ring_tuning_shift_m) != float(s2.ring_tuning_shift_m)


def test_mismatched_rate_and_recipe_are_config_errors():
    with pytest.raises(ConfigError, match="lane_rate_bps"):
        cpo_mrm_wdm_lane(lane_rate_bps=100e9, spec=cpo_mrm_wdm_spec())
    spec = cpo_mrm_wdm_spec()
    with pytest.raises(ConfigError, match="payload rate"):
        design_cpo_lane(spec, recipe_lane(spec.replace(lane_rate_bps=100e9)))
