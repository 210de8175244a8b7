"""Headline constants that live outside ``param()`` equal the reference rows they cite."""

from __future__ import annotations

import pytest

from cposim.devices.dsp import DSP_800G_5NM_POWER_W, DSP_1600G_3NM_POWER_W, DSP_NODES, RETIMER_ENERGY_J_PER_BIT
from cposim.devices.external_laser import ELSFP_CLASS_TOLERANCE_DB, ELSFP_POWER_CLASSES_DBM
from cposim.devices.serdes import LANE_RATE_100G_BPS, REACH_CLASSES
from cposim.references import all_sources


def _numbers(source_id: str) -> list[float]:
    return [float(x) for x in all_sources()[source_id].value.replace(" ", "").split("/")]


def test_elsfp_classes_are_las01():
    assert list(ELSFP_POWER_CLASSES_DBM.values()) == _numbers("LAS-01")
    assert "+/-1.5 dB" in all_sources()["LAS-01"].conditions and ELSFP_CLASS_TOLERANCE_DB == 1.5


def test_dsp_nodes_and_retimer_are_their_rows():
    assert DSP_800G_5NM_POWER_W == _numbers("CPS-DSP-01")[0]
    assert DSP_1600G_3NM_POWER_W == _numbers("CPS-DSP-02")[0]
    assert RETIMER_ENERGY_J_PER_BIT == pytest.approx(_numbers("PWR-13")[0] / (8 * LANE_RATE_100G_BPS), rel=1e-15)
    table = all_sources()
    assert all(i in table for _, _, ids in DSP_NODES.values() for i in ids)


def test_every_reach_class_cites_rows_that_exist():
    table = all_sources()
    for name, cls in REACH_CLASSES.items():
        assert cls.sources and all(i in table for i in cls.sources), name
