"""Unit checks of the per-port architectures that are NOT comparisons with a published figure:
structure of the ports (which host class, which contributors are charged), agreement of two
code paths that build the same module, and a context bound. Moved out of
tests/validation/test_architectures_published.py (issue 11); the published port powers
themselves (SYS-NV-08/09, PWR-08) are registry cases, run by
tests/validation/test_registry_cases.py.
"""

from __future__ import annotations

import pytest

from cposim.devices.serdes import cheapest_reach_class
from cposim.link.engine import evaluate
from cposim.package.architectures import evaluate_port
from cposim.package.switch import OIF_MODULE_POWER_DENSITY_W_PER_CM2, switch_model
from cposim.presets import PRESETS


def test_dsp_pluggable_host_serdes_is_the_cheapest_class_for_its_front_panel_channel_SYS_NV_06():
    """The 1.6T DSP pluggable's host SerDes is chosen from its ~22 dB front-panel channel
    (SYS-NV-06): the cheapest class closing it, VSR at 200G/lane."""
    r = evaluate_port("dsp-dr", port_rate_bps=1.6e12, lane_rate_bps=200e9)
    assert r.host_serdes_class == "vsr"
    assert r.host_serdes_class == str(cheapest_reach_class(float(r.host_channel_loss_db), 212.5e9))


def test_linear_cpo_port_charges_laser_and_a_host_class_for_the_whole_linear_channel_SYS_NV_09_CPS_LIN_01():
    """The linear micro-ring port (compared with SYS-NV-09 in the registry, ``arch-1p6t-cpo-port``)
    includes the laser share and a host SerDes, and the host class is chosen for the whole
    unretimed channel (CPS-LIN-01), not the USR class its own ~3.4 dB channel would suggest."""
    r = evaluate_port("cpo-mrm", port_rate_bps=1.6e12, lane_rate_bps=200e9)
    assert float(r.breakdown_w["laser"]) > 0 and float(r.breakdown_w["host_serdes"]) > 0
    assert r.host_serdes_class != "usr"
    assert r.host_serdes_class == str(cheapest_reach_class(float(r.host_channel_loss_db), 212.5e9))


def test_lpo_architecture_module_is_the_800g_lpo_preset_module_PWR_08():
    """Two code paths, one module: the ``lpo`` architecture at 8 x 100G is built on the ``800g-lpo``
    recipe, so its module power equals the preset's (the PWR-08 comparison itself is the registry
    calibration ``preset-800g-lpo-module``)."""
    arch = float(evaluate_port("lpo", port_rate_bps=800e9, lane_rate_bps=100e9).module_power_w)
    preset = float(evaluate(PRESETS["800g-lpo"].build()).energy.module_power_w)
    assert arch == pytest.approx(preset, rel=1e-12)


def test_cpo_engine_power_density_is_engine_power_over_footprint_and_below_the_oif_module_LIM_11():
    """Context, not a published engine figure: the engine power density is the engine's power over
    its footprint, and a CPO engine (~3 pJ/bit without the external laser) stays below the
    ~8 W/cm2 of the OIF 3.2T module at 10 pJ/bit (LIM-11)."""
    s = switch_model(102.4e12, "cpo-mrm")
    assert s.engine_power_density_w_per_cm2 == pytest.approx(
        s.engine_power_w / (s.shoreline.engine_area_m2 * 1e4), rel=1e-12)
    assert 0.0 < s.engine_power_density_w_per_cm2 < OIF_MODULE_POWER_DENSITY_W_PER_CM2
