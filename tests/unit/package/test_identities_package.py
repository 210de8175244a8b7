"""IDENTITIES of the package layer (issue 11): published figures that are inputs of the model,
or follow from its inputs by definition (an input read back, a division of inputs, arithmetic
of quoted figures). Meeting them shows the code still does what it says; they validate
nothing, so they are unit tests, with float-rounding tolerances (exact by construction).

Moved here from tests/validation/test_architectures_published.py. The registry
(``cposim validate``) carries the same figures as identity cases ``xsr-serdes-energy``,
``th5-energy``, ``ucie-2d``/``-2p5d``/``-3d``.
"""

from __future__ import annotations

import pytest

from cposim.devices.serdes import Serdes
from cposim.package.architectures import evaluate_port
from cposim.package.shoreline import edge_density_gbps_per_mm, plan_shoreline
from cposim.package.switch import OIF_MODULE_POWER_DENSITY_W_PER_CM2, SwitchAsic, switch_model

FLOAT = 1e-12  # relative: float rounding only


def test_xsr_class_host_serdes_reads_back_the_1p1_pj_per_bit_input_SER_10():
    """IDENTITY: SER-10 (113G XSR transceiver < 1.1 pJ/bit over 1-12 dB) is the XSR class energy,
    an input of cposim.devices.serdes. The linear CPO host channel at 100G/lane (both co-packaged
    channels plus the optical link, CPS-LIN-01) picks the XSR class, whose charged energy per
    electrical bit must read the input back exactly (was: <= 1.1 x 1.01)."""
    r = evaluate_port("cpo-mrm", port_rate_bps=800e9, lane_rate_bps=100e9)
    assert r.host_serdes_class == "xsr"
    assert 1.0 <= float(r.host_channel_loss_db) <= 12.0  # inside SER-10's 1-12 dB
    pj_per_electrical_bit = float(r.breakdown_w["host_serdes"]) / (8 * 106.25e9) * 1e12
    assert pj_per_electrical_bit == pytest.approx(1.1, rel=FLOAT)


@pytest.mark.parametrize(("cls", "lo", "hi", "sid"), [("ucie_2d", 0.5, 0.6, "SER-15"),
                                                      ("ucie_2.5d", 0.25, 0.3, "SER-16"),
                                                      ("ucie_3d", 0.01, 0.05, "SER-17")])
@pytest.mark.parametrize("pin_rate", [8e9, 32e9])
def test_ucie_die_to_die_energy_reads_back_its_published_range_SER_15_16_17(cls, lo, hi, sid, pin_rate):
    """IDENTITY: SER-15/16/17 (UCIe 2D 0.5-0.6, 2.5D 0.25-0.3, 3D 0.01-0.05 pJ/bit) are the class
    energies, inputs: the low end at <= 16 GT/s per pin, the high end above. Exact (was: inside
    the range, which any value between the two inputs passes)."""
    s = Serdes(reach_class=cls, lane_rate_bps=212.5e9, ucie_pin_rate_bps=pin_rate)
    assert sid in s.source_ids()
    expected = lo if pin_rate <= 16e9 else hi
    assert float(s.energy_pj_per_bit) == pytest.approx(expected, rel=FLOAT)


def test_th5_chip_energy_is_500_w_over_51p2_tbps_by_definition_PWR_18_PWR_19_CPS_PKG_01():
    """IDENTITY: the TH5 core power is DEFINED as 500 W (PWR-18) minus 512 LR SerDes
    (CPS-PKG-01), so core + SerDes is 500 W and over 51.2 Tb/s 9.765625 pJ/bit, which PWR-19
    quotes rounded to 9.8. Float rounding (was: 1 % of 9.8)."""
    asic = SwitchAsic(capacity_bps=51.2e12)
    chip = float(asic.core_power_w) + float(asic.anchor_serdes_power_w)
    assert chip == pytest.approx(500.0, rel=FLOAT)
    pj = chip / 51.2e12 * 1e12
    assert pj == pytest.approx(500.0 / 51.2, rel=FLOAT)
    assert round(pj, 1) == 9.8


def test_davisson_102p4t_engine_count_is_a_division_of_inputs_SYS_BC_08():
    """IDENTITY: SYS-BC-08 (TH6-Davisson, 16 x 6.4T DR engines at 200G/lane): 102.4T / 6.4T = 16
    engines, 6.4T / 200G = 32 lanes each, 102.4T / 200G = 512 host lanes; all inputs divided.
    (That the 16 engines FIT the package is a calibration: tests/validation.)"""
    s = switch_model(102.4e12, "cpo-dr")
    assert s.shoreline.engines == 16 and s.shoreline.lanes_per_engine == 32
    assert s.serdes_count == 512


def test_spectrum_x_102p4t_engine_count_is_a_division_of_inputs_SYS_NV_14_15():
    """IDENTITY: SYS-NV-14/15: 102.4T / 3.2T = 32 engines of 3.2T / 200G = 16 lanes (exact).
    (That they fit is a calibration: tests/validation.)"""
    s = switch_model(102.4e12, "cpo-mrm", engine_capacity_bps=3.2e12)
    assert s.shoreline.engines == 32 and s.shoreline.lanes_per_engine == 16


def test_quantum_x_engine_count_is_a_division_of_inputs_SYS_NV_12_13():
    """IDENTITY: SYS-NV-12/13: 28.8T / 1.6T = 18 engines (6 sub-assemblies x 3 OEs), 8 lanes of 200G
    each (exact). (That they fit is a prediction: tests/validation.)"""
    s = switch_model(28.8e12, "cpo-mrm", lane_rate_bps=200e9, port_rate_bps=800e9, engine_capacity_bps=1.6e12)
    assert s.shoreline.engines == 18 and s.shoreline.lanes_per_engine == 8


def test_oif_3p2t_module_lanes_and_bare_edge_density_are_arithmetic_STD_17_PWR_17():
    """IDENTITY: STD-17 (32 x 100G host lanes) is 3.2T / 100G; over PWR-17's 20 mm edge alone
    3.2 Tb/s is 160 Gb/s/mm. (The ~140 Gb/s/mm with the keep-out gap, STD-18, is the registry
    prediction ``oif-edge-density``.)"""
    plan = plan_shoreline(capacity_bps=51.2e12, engine_capacity_bps=3.2e12, lane_rate_bps=100e9)
    assert plan.lanes_per_engine == 32
    assert edge_density_gbps_per_mm(capacity_bps=3.2e12, edge_m=0.020) == pytest.approx(160.0, rel=FLOAT)


def test_oif_module_power_density_is_its_32_w_over_its_20_by_20_mm_footprint_LIM_11_PWR_17():
    """IDENTITY: LIM-11 (~8 W/cm2) is PWR-17's 3.2T module at 10 pJ/bit (32 W) over its ~20 x 20 mm
    footprint; the model's 3.2T/100G engine footprint (32 x 0.625 mm edge, CPS-PKG-05; 20 mm deep,
    CPS-PKG-06) is those 4 cm2, so 10 pJ/bit gives the 8 W/cm2 constant back."""
    plan = plan_shoreline(capacity_bps=51.2e12, engine_capacity_bps=3.2e12, lane_rate_bps=100e9)
    area_cm2 = plan.engine_area_m2 * 1e4
    assert area_cm2 == pytest.approx(4.0, rel=FLOAT)
    assert 10e-12 * 3.2e12 / area_cm2 == pytest.approx(OIF_MODULE_POWER_DENSITY_W_PER_CM2, rel=FLOAT)
