"""The headline tables (SerDes energy per reach class, DSP power per node, ELSFP power classes)
are sourced parameters: each number is a ``param()`` whose default equals the row it cites,
seen by ``parameter_info``, ``sources_by_parameter``, source coverage and ``set_path``; the
old lookups by class / node name read those defaults."""

from __future__ import annotations

import re

import numpy as np
import pytest

from cposim.devices.base import DEVICE_REGISTRY, get_path, set_path
from cposim.devices.dsp import (
    DSP_800G_5NM_POWER_W,
    DSP_1600G_3NM_POWER_W,
    DSP_NODES,
    RETIMER_ENERGY_J_PER_BIT,
    DspProcessNodes,
    ModuleDsp,
)
from cposim.devices.external_laser import (
    ELSFP_CLASS_PARAMS,
    ELSFP_CLASS_TOLERANCE_DB,
    ELSFP_POWER_CLASSES_DBM,
    ExternalLaserSource,
)
from cposim.devices.serdes import (
    CLASS_ENERGY_PARAMS,
    LANE_RATE_100G_BPS,
    LANE_RATE_200G_BPS,
    REACH_CLASSES,
    Serdes,
    cheapest_reach_class,
)
from cposim.devices.source_coverage import classify_default, device_source_coverage
from cposim.errors import ConfigError
from cposim.references import all_sources


def _numbers(source_id: str) -> list[float]:
    """Every number of a row's value: ``11 / 14 / 17`` -> [11, 14, 17]; ``0.5..0.6`` -> [0.5, 0.6]."""
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", all_sources()[source_id].value)]


#: (device class, parameter, expected default, cited row, scale from the row's unit to the parameter's)
MOVED = [
    (Serdes, "usr_energy_pj_per_bit", 0.8, "CPS-SER-08", 1.0),
    (Serdes, "xsr_energy_pj_per_bit", 1.1, "SER-10", 1.0),
    (Serdes, "vsr_energy_pj_per_bit", 3.0, "CPS-SER-09", 1.0),
    (Serdes, "mr_energy_pj_per_bit", 4.0, "CPS-SER-10", 1.0),
    (Serdes, "lr_energy_pj_per_bit", 5.5, "CPS-SER-14", 1.0),
    (Serdes, "ucie_2d_low_rate_energy_pj_per_bit", 0.5, "SER-15", 1.0),
    (Serdes, "ucie_2d_high_rate_energy_pj_per_bit", 0.6, "SER-15", 1.0),
    (Serdes, "ucie_2p5d_low_rate_energy_pj_per_bit", 0.25, "SER-16", 1.0),
    (Serdes, "ucie_2p5d_high_rate_energy_pj_per_bit", 0.3, "SER-16", 1.0),
    (Serdes, "ucie_3d_low_rate_energy_pj_per_bit", 0.01, "SER-17", 1.0),
    (Serdes, "ucie_3d_high_rate_energy_pj_per_bit", 0.05, "SER-17", 1.0),
    (DspProcessNodes, "power_5nm_w", 6.0, "CPS-DSP-01", 1.0),
    (DspProcessNodes, "power_3nm_w", 10.0, "CPS-DSP-02", 1.0),
    (ExternalLaserSource, "lp_class_dbm", 11.0, "LAS-01", 1.0),
    (ExternalLaserSource, "mp_class_dbm", 14.0, "LAS-01", 1.0),
    (ExternalLaserSource, "hp_class_dbm", 17.0, "LAS-01", 1.0),
    (ExternalLaserSource, "vhp_class_dbm", 20.0, "LAS-01", 1.0),
    (ExternalLaserSource, "uhp_class_dbm", 23.0, "LAS-01", 1.0),
    (ExternalLaserSource, "shp_class_dbm", 26.0, "LAS-01", 1.0),
]


@pytest.mark.parametrize(("cls", "name", "default", "row", "scale"), MOVED, ids=lambda x: getattr(x, "__name__", x))
def test_each_moved_number_is_a_param_whose_default_equals_its_row(cls, name, default, row, scale):
    info = cls.parameter_info()[name]
    assert info["default"] == default
    assert info["sources"] == (row,)
    assert info["unit"] and info["lo"] is not None and info["hi"] is not None
    assert default in [x * scale for x in _numbers(row)], f"{cls.__name__}.{name} = {default} is not in {row}"
    assert classify_default(cls, name) in ("published", "derived", "estimate")


def test_the_remaining_table_numbers_equal_their_rows():
    assert Serdes.parameter_info()["ucie_low_rate_limit_bps"]["default"] == 16e9
    assert "<=16 GT/s" in all_sources()["SER-15"].conditions
    assert ExternalLaserSource.parameter_info()["class_tolerance_db"]["default"] == 1.5 == ELSFP_CLASS_TOLERANCE_DB
    assert "+/-1.5 dB" in all_sources()["LAS-01"].conditions
    assert list(ELSFP_POWER_CLASSES_DBM.values()) == _numbers("LAS-01")
    assert RETIMER_ENERGY_J_PER_BIT == pytest.approx(_numbers("PWR-13")[0] / (8 * LANE_RATE_100G_BPS), rel=1e-15)


def test_the_old_lookups_read_the_parameter_defaults():
    """DSP_NODES, ELSFP_POWER_CLASSES_DBM and ReachClass.energy_pj_per_bit are views of the
    defaults (identical numbers to before the move), and read-only."""
    assert DSP_NODES["5nm"] == (6.0 / (8 * LANE_RATE_100G_BPS), LANE_RATE_100G_BPS, ("CPS-DSP-01",))
    assert DSP_NODES["3nm"] == (10.0 / (8 * LANE_RATE_200G_BPS), LANE_RATE_200G_BPS, ("CPS-DSP-02",))
    assert (DSP_800G_5NM_POWER_W, DSP_1600G_3NM_POWER_W) == (6.0, 10.0)
    assert dict(ELSFP_POWER_CLASSES_DBM) == {"LP": 11.0, "MP": 14.0, "HP": 17.0, "VHP": 20.0, "UHP": 23.0, "SHP": 26.0}
    assert {n: c.energy_pj_per_bit for n, c in REACH_CLASSES.items()} == {
        "usr": (0.8,), "xsr": (1.1,), "vsr": (3.0,), "mr": (4.0,), "lr": (5.5,),
        "ucie_2d": (0.5, 0.6), "ucie_2.5d": (0.25, 0.3), "ucie_3d": (0.01, 0.05)}
    with pytest.raises(TypeError):
        ELSFP_POWER_CLASSES_DBM["LP"] = 12.0  # type: ignore[index]
    with pytest.raises(TypeError):
        DSP_NODES["5nm"] = (1.0, 1.0, ())  # type: ignore[index]


def test_every_reach_class_names_existing_parameters_and_rows():
    table = all_sources()
    fields = Serdes.parameter_info()
    for name, cls in REACH_CLASSES.items():
        assert cls.sources and all(i in table for i in cls.sources), name
        assert cls.energy_params and all(p in fields for p in cls.energy_params), name
    assert set(CLASS_ENERGY_PARAMS) <= set(fields)


def test_source_coverage_counts_the_moved_parameters():
    counted = sum(len(c.parameter_info()) for c in DEVICE_REGISTRY.values())
    assert device_source_coverage().total == counted
    assert DEVICE_REGISTRY["dsp_process_nodes"] is DspProcessNodes
    assert classify_default(Serdes, "xsr_energy_pj_per_bit") == "published"  # SER-10, high
    assert classify_default(Serdes, "lr_energy_pj_per_bit") == "estimate"  # CPS-SER-14
    assert classify_default(ExternalLaserSource, "vhp_class_dbm") == "published"  # LAS-01, medium


# ---- SerDes ------------------------------------------------------------------------------


def test_a_serdes_cites_only_its_own_class_energy():
    by = Serdes(reach_class="xsr").sources_by_parameter()
    assert by["xsr_energy_pj_per_bit"] == ("SER-10",)
    assert not any(p in by for p in CLASS_ENERGY_PARAMS if p != "xsr_energy_pj_per_bit")
    assert by["reach_class"] == REACH_CLASSES["xsr"].sources
    ucie = Serdes(reach_class="ucie_2.5d").sources_by_parameter()
    assert ucie["ucie_2p5d_low_rate_energy_pj_per_bit"] == ("SER-16",) and "ucie_low_rate_limit_bps" in ucie
    assert "lr_energy_pj_per_bit" not in ucie and "ucie_2d_low_rate_energy_pj_per_bit" not in ucie
    assert "CPS-SER-14" in Serdes(reach_class="lr").source_ids()


def test_class_energies_can_be_changed_swept_and_set_by_path():
    base = Serdes(reach_class="xsr")
    assert base.replace(xsr_energy_pj_per_bit=0.9).energy_pj_per_bit == pytest.approx(0.9)
    assert base.replace(vsr_energy_pj_per_bit=9.0).energy_pj_per_bit == base.energy_pj_per_bit  # another class
    swept = base.replace(xsr_energy_pj_per_bit=np.array([0.5, 1.0, 1.5]))
    np.testing.assert_allclose(swept.power_w, np.array([0.5, 1.0, 1.5]) * 1e-12 * LANE_RATE_100G_BPS)
    ucie = Serdes(reach_class="ucie_2d", ucie_pin_rate_bps=24e9)
    assert ucie.energy_pj_per_bit == pytest.approx(0.6)
    assert ucie.replace(ucie_low_rate_limit_bps=32e9).energy_pj_per_bit == pytest.approx(0.5)
    with pytest.raises(ConfigError, match="Serdes.mr_energy_pj_per_bit"):
        Serdes(mr_energy_pj_per_bit=-1.0)


def test_set_path_reaches_a_lane_host_serdes_energy():
    from cposim.presets import PRESETS

    lane = PRESETS["cpo-mrm-wdm-200g"].build()
    name = f"{lane.host_serdes.reach_class}_energy_pj_per_bit"
    changed = set_path(lane, f"host_serdes.{name}", 2.0)
    assert get_path(changed, f"host_serdes.{name}") == 2.0
    assert float(changed.host_serdes.energy_pj_per_bit) > float(lane.host_serdes.energy_pj_per_bit)


def test_the_class_picker_still_uses_the_default_energies():
    assert str(cheapest_reach_class(3.0, LANE_RATE_100G_BPS)) == "xsr"


# ---- DSP ---------------------------------------------------------------------------------


def test_dsp_node_table_feeds_at_node():
    nodes = DspProcessNodes()
    assert nodes.energy_j_per_bit("3nm") == DSP_NODES["3nm"][0]
    assert ModuleDsp.at_node("3nm").energy_j_per_bit == DSP_NODES["3nm"][0]
    assert float(ModuleDsp.at_node("5nm").power_w) == pytest.approx(6.0)
    hotter = ModuleDsp.at_node("3nm", nodes=nodes.replace(power_3nm_w=12.0))
    assert float(hotter.power_w) == pytest.approx(12.0)
    cited = nodes.with_cited({"power_3nm_w": "USER"}, power_3nm_w=12.0)
    assert ModuleDsp.at_node("3nm", nodes=cited).sources_by_parameter()["energy_j_per_bit"] == ("USER",)
    with pytest.raises(ConfigError, match="did you mean '5nm'"):
        nodes.energy_j_per_bit("5mn")


# ---- ELSFP -------------------------------------------------------------------------------


def test_elsfp_cites_only_the_chosen_class_and_follows_a_changed_class_power():
    m = ExternalLaserSource(power_class="HP")
    by = m.sources_by_parameter()
    assert by["hp_class_dbm"] == ("LAS-01",)
    assert not any(p in by for p in ELSFP_CLASS_PARAMS.values() if p != "hp_class_dbm")
    hotter = m.replace(hp_class_dbm=18.0)
    assert float(hotter.power_per_wavelength_dbm) == pytest.approx(18.0)
    swept = m.replace(hp_class_dbm=np.array([16.0, 17.0, 17.5]))
    assert swept.power_per_wavelength_dbm.shape == (3,)


def test_elsfp_tolerance_is_a_parameter():
    m = ExternalLaserSource(class_tolerance_db=1.0)
    assert float(m.worst_case_power_per_lane_w) == pytest.approx(float(m.optical_power_per_lane_w) * 10 ** -0.1)
    ExternalLaserSource(class_tolerance_db=2.0, power_offset_db=-2.0)
    with pytest.raises(ConfigError, match="power_offset_db.*class tolerance"):
        ExternalLaserSource(class_tolerance_db=1.0, power_offset_db=1.2)
    # a tighter tolerance can only keep or lower the class for_lane_power needs
    loose = ExternalLaserSource.for_lane_power(5e-3)
    tight = ExternalLaserSource.for_lane_power(5e-3, class_tolerance_db=0.5)
    names = list(ELSFP_CLASS_PARAMS)
    assert names.index(tight.power_class) <= names.index(loose.power_class)


def test_elsfp_classes_must_rise():
    with pytest.raises(ConfigError, match="ExternalLaserSource.uhp_class_dbm.*above the VHP class"):
        ExternalLaserSource(uhp_class_dbm=19.0)
