"""Published checks of the WDM micro-ring engine designer, each through the engine's own
models (the device tests check the device formulas themselves)."""

from __future__ import annotations

import pytest

from cposim.engine.ring_design import design_rings
from cposim.engine.rollup import design_engine, tune_rings
from cposim.engine.spec import EngineSpec, engine_preset


def test_heater_power_per_fsr_dev04_dev10_dev11_within_1mw():
    """DEV-10: R = 5 um ring (FSR 13 nm); DEV-04: 0.1 nm/mW heater; DEV-11: 43..130 mW per FSR
    (the 130 mW end is 0.1 nm/mW, the 43 mW end 0.3 nm/mW). Tolerance 1 mW."""
    spec = EngineSpec(wavelengths_per_fiber=8, channel_spacing_hz=200e9, ring_radius_m=5e-6,
                      centre_wavelength_m=1310e-9)
    rings = design_rings(spec)
    assert rings.fsr_m == pytest.approx(13.0e-9, abs=0.1e-9)
    tuning = tune_rings(spec, rings)
    assert tuning.heater_power_per_fsr_w == pytest.approx(0.130, abs=1e-3)
    fast = spec.replace(heater_efficiency_m_per_w=3e-7)
    assert tune_rings(fast, design_rings(fast)).heater_power_per_fsr_w == pytest.approx(0.043, abs=1e-3)
    report = design_engine(spec).report
    assert report["thermal"]["heater_power_per_fsr_mw"] == pytest.approx(130.0, abs=1.0)


def test_temperature_swing_dev09_with_dev04_33mw_per_ring_within_0p1mw():
    """DEV-09: 83 pm/K; 40 K swing; DEV-04: 0.1 nm/mW -> 33.2 mW per ring. Tolerance 0.1 mW."""
    spec = engine_preset("nv-1.6t")
    assert float(spec.temperature_swing_k) == 40.0
    report = design_engine(spec).report
    assert report["thermal"]["temperature_power_per_ring_mw"] == pytest.approx(33.2, abs=0.1)
    t = report["thermal"]
    # cold corner minus mid temperature is half the swing's heater power
    assert t["heater_power_per_ring_worst_case_mw"] - t["heater_power_per_ring_mw"] == pytest.approx(16.6, abs=0.05)


@pytest.mark.parametrize(("preset", "tbps", "source"), [("nv-1.6t", 1.6, "SYS-NV-13"), ("nv-3.2t", 3.2, "SYS-NV-14")])
def test_nvidia_shaped_engines_sys_nv_13_14_between_3_and_7_pj_per_bit(preset, tbps, source):
    """SYS-NV-13 (8 x 200G, 1.6 Tb/s) and SYS-NV-14 (16 x 200G, 3.2 Tb/s) engines come out between
    3 and 7 pJ/bit including the laser share (SYS-NV-11 derives 5.6 pJ/bit from a 9 W 1.6T port)."""
    d = design_engine(engine_preset(preset))
    r = d.report
    assert r["capacity_tbps"] == pytest.approx(tbps)
    assert r["lanes_per_engine"] == int(tbps / 0.2)
    assert r["energy_breakdown_pj_per_bit"]["laser"] > 0.3
    assert 3.0 <= r["energy_pj_per_bit"] <= 7.0
    assert source in d.sources["lanes_per_engine"]
