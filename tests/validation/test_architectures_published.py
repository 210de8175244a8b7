"""VALIDATION of the per-port architectures and the switch package: calibrations and predictions
that are not (yet) registry cases. Each test names its class, its source ids and a tolerance
that is the source's own precision (a range is its own bounds; a layout either fits or not).

Issue 11 moved the rest of this file: the port powers against SYS-NV-08/09 and PWR-08 and the
OIF edge density (STD-18) are registry cases (tests/validation/test_registry_cases.py); the XSR
and UCIe energies, the TH5 chip energy and the engine counts are identities
(tests/unit/package/test_identities_package.py); the port structure checks and the LIM-11
context bound are unit tests (tests/unit/package/test_port_consistency.py).
"""

from __future__ import annotations

from cposim.package.architectures import evaluate_port
from cposim.package.switch import switch_model


def test_800g_lro_module_inside_the_10_to_13_w_placeholder_PWR_11():
    """CALIBRATION: the LRO module's DSP energy (half a full DSP, CPS-ARC-08) was chosen to check
    against PWR-11, itself an unsourced 10-13 W estimate placed between LPO and DSP modules. The
    range is its own bounds. (Model: 10.75 W.)"""
    r = evaluate_port("lro", port_rate_bps=800e9, lane_rate_bps=100e9)
    assert 10.0 <= float(r.module_power_w) <= 13.0


def test_davisson_102p4t_package_holds_its_16_engines_of_6p4t_SYS_BC_08():
    """CALIBRATION: the package edge (110 mm sides, 5 mm corner keep-outs, CPS-PKG-03) was chosen so
    that SYS-BC-08's layout (TH6-Davisson, 16 x 6.4T DR engines at 200G/lane, 32 lanes each) fits
    on one package. Holds if the 16 engines are placed (the count itself is an identity)."""
    s = switch_model(102.4e12, "cpo-dr")
    assert s.shoreline.engines == 16
    assert s.shoreline.engines <= s.shoreline.max_engines


def test_spectrum_x_102p4t_package_holds_its_32_engines_of_3p2t_SYS_NV_14_15():
    """CALIBRATION: CPS-PKG-03 was also chosen so that SYS-NV-14/15's single-ASIC 102.4T package with
    32 x 3.2T engines (16 lanes of 200G each) fits."""
    s = switch_model(102.4e12, "cpo-mrm", engine_capacity_bps=3.2e12)
    assert s.shoreline.engines == 32
    assert s.shoreline.engines <= s.shoreline.max_engines


def test_quantum_x_asic_package_holds_its_18_engines_of_1p6t_SYS_NV_12_13():
    """PREDICTION: no package parameter was set from SYS-NV-12/13 (each 28.8T Quantum-X ASIC carries
    6 sub-assemblies x 3 OEs of 1.6T = 18 engines); the same package edge holds them."""
    s = switch_model(28.8e12, "cpo-mrm", lane_rate_bps=200e9, port_rate_bps=800e9, engine_capacity_bps=1.6e12)
    assert s.shoreline.engines == 18
    assert s.shoreline.engines <= s.shoreline.max_engines
