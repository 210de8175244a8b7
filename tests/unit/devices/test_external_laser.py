"""OIF ELSFP external laser source: classes, fan-out, efficiency and supply limits."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cposim.devices.external_laser import (
    ELSFP_POWER_CLASSES_DBM,
    ExternalLaserSource,
    smallest_power_class,
)
from cposim.errors import ConfigError


def test_power_classes_are_the_oif_ladder_las01():
    """LAS-01: LP/MP/HP/VHP/UHP/SHP = 11/14/17/20/23/26 dBm per wavelength per core."""
    assert list(ELSFP_POWER_CLASSES_DBM) == ["LP", "MP", "HP", "VHP", "UHP", "SHP"]
    assert list(ELSFP_POWER_CLASSES_DBM.values()) == [11.0, 14.0, 17.0, 20.0, 23.0, 26.0]
    assert ExternalLaserSource(power_class="VHP").power_per_wavelength_w == pytest.approx(0.1, rel=1e-12)


def test_ideal_split_conserves_power():
    """With no excess or connector loss, N lanes carry exactly the fiber's power."""
    for n in (1, 2, 3, 4, 8, 16):
        m = ExternalLaserSource(lanes_per_fiber=n, splitter_loss_db_per_stage=0.0, connector_loss_db=0.0)
        assert n * m.optical_power_per_lane_w == pytest.approx(m.power_per_wavelength_w, rel=1e-12)


def test_splitter_tree_has_ceil_log2_stages():
    stages = ExternalLaserSource(lanes_per_fiber=np.array([1, 2, 3, 4, 5, 8, 9])).splitter_stages
    np.testing.assert_array_equal(stages, [0, 1, 2, 2, 3, 3, 4])


def test_default_lane_power_budget():
    """VHP 20 dBm - 0.5 dB connector - 6.02 dB (1:4) - 2 x 0.2 dB = 13.08 dBm."""
    m = ExternalLaserSource()
    assert m.optical_power_per_lane_dbm == pytest.approx(20.0 - 0.5 - 10 * np.log10(4) - 0.4, abs=1e-9)
    assert m.worst_case_power_per_lane_w == pytest.approx(m.optical_power_per_lane_w * 10 ** -0.15, rel=1e-12)


def test_electrical_power_splits_over_lanes():
    m = ExternalLaserSource()
    assert m.electrical_power_w == pytest.approx(m.total_optical_power_w / 0.125, rel=1e-12)
    assert m.electrical_power_per_lane_w * m.n_lanes == pytest.approx(m.electrical_power_w, rel=1e-12)
    assert m.n_lasers == 8 and m.n_lanes == 32
    assert m.supply_current_a == pytest.approx(m.electrical_power_w / 3.3, rel=1e-12)


def test_module_overhead_is_positive_when_module_wpe_is_below_chip_wpe_las12():
    """LAS-12 module WPE 12.5 % vs LAS-10 chip WPE 20 %: 37.5 % of the module power is overhead."""
    m = ExternalLaserSource()
    assert m.overhead_power_w == pytest.approx(m.electrical_power_w * (1 - 0.125 / 0.2), rel=1e-12)
    with pytest.raises(ConfigError, match="wall_plug_efficiency"):
        ExternalLaserSource(wall_plug_efficiency=0.3, chip_wall_plug_efficiency=0.2)


def test_supply_limit_rejects_modules_over_about_30_w_las02():
    """LAS-02: 3.3 V x 9 A = 29.7 W. Eight SHP lasers need 25.5 W (ok); sixteen need 51 W."""
    ok = ExternalLaserSource(power_class="SHP", n_fibers=8)
    assert ok.electrical_power_w < 29.7
    with pytest.raises(ConfigError, match="29.7 W"):
        ExternalLaserSource(power_class="SHP", n_fibers=16)


def test_power_offset_is_limited_to_the_class_tolerance_las01():
    ExternalLaserSource(power_offset_db=1.5)
    with pytest.raises(ConfigError, match="power_offset_db"):
        ExternalLaserSource(power_offset_db=-1.6)


def test_unknown_class_names_the_choices():
    with pytest.raises(ConfigError, match="did you mean 'VHP'"):
        ExternalLaserSource(power_class="VHX")


def test_smallest_class_is_the_first_that_delivers():
    need = 5e-3
    chosen = ExternalLaserSource.for_lane_power(need)
    assert chosen.worst_case_power_per_lane_w >= need
    names = list(ELSFP_POWER_CLASSES_DBM)
    smaller = names[names.index(chosen.power_class) - 1]
    assert ExternalLaserSource(power_class=smaller).worst_case_power_per_lane_w < need
    # the nominal comparison never needs a bigger class than the worst-case one
    nominal = smallest_power_class(need, worst_case=False)
    assert names.index(nominal) <= names.index(chosen.power_class)


@settings(max_examples=60, deadline=None)
@given(need_dbm=st.floats(-5.0, 16.0), lanes=st.sampled_from([1, 2, 4, 8]), worst=st.booleans())
def test_chosen_class_meets_the_need_and_the_one_below_does_not(need_dbm, lanes, worst):
    need = 1e-3 * 10 ** (need_dbm / 10)
    try:
        chosen = ExternalLaserSource.for_lane_power(need, worst_case=worst, lanes_per_fiber=lanes)
    except ConfigError:
        shp = ExternalLaserSource(power_class="SHP", lanes_per_fiber=lanes)
        best = shp.worst_case_power_per_lane_w if worst else shp.optical_power_per_lane_w
        assert best < need
        return
    lane = chosen.worst_case_power_per_lane_w if worst else chosen.optical_power_per_lane_w
    assert lane >= need
    names = list(ELSFP_POWER_CLASSES_DBM)
    i = names.index(chosen.power_class)
    if i > 0:
        below = ExternalLaserSource(power_class=names[i - 1], lanes_per_fiber=lanes)
        lane_below = below.worst_case_power_per_lane_w if worst else below.optical_power_per_lane_w
        assert lane_below < need


def test_impossible_need_is_a_config_error():
    with pytest.raises(ConfigError, match="largest class"):
        smallest_power_class(0.5)
    with pytest.raises(ConfigError, match="supply limit"):
        smallest_power_class(0.2, n_fibers=16, lanes_per_fiber=1)
    with pytest.raises(ConfigError, match="chosen by for_lane_power"):
        ExternalLaserSource.for_lane_power(1e-3, power_class="HP")


def test_outputs_broadcast():
    m = ExternalLaserSource(connector_loss_db=np.array([0.0, 0.5, 1.0]), power_offset_db=np.array([[-1.5], [1.5]]))
    assert m.optical_power_per_lane_w.shape == (2, 3)
    assert np.all(np.diff(m.optical_power_per_lane_w, axis=1) < 0)


def test_sources_include_the_oif_rows():
    ids = {s.id for s in ExternalLaserSource().sources()}
    assert {"LAS-01", "LAS-02", "LAS-12", "LAS-10"} <= ids
