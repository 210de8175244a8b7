"""IDENTITIES of the WDM micro-ring engine designer (issue 11): derived reference rows computed
by the same formulas from the same inputs (DEV-10 FSR = lambda^2 / (n_g 2 pi R); DEV-11 heater
power per FSR = FSR / heater efficiency; 83 pm/K x 40 K / 0.1 nm/mW), and engine shapes that
are the presets' inputs read back. They validate nothing; float rounding, or the rounding of
the quoted figure where the check is that the formula rounds to it. Moved here from
tests/validation/test_engine_published.py; the registry carries ``ring-fsr``,
``heater-per-fsr-0p1``/``-0p3`` and ``ring-heater-swing`` as identity cases, and the engines'
energies (SYS-NV-11) as predictions.
"""

from __future__ import annotations

import math

import pytest

from cposim.engine.ring_design import design_rings
from cposim.engine.rollup import design_engine, tune_rings
from cposim.engine.spec import EngineSpec, engine_preset

FLOAT = 1e-12  # relative: float rounding only


def _spec() -> EngineSpec:
    return EngineSpec(wavelengths_per_fiber=8, channel_spacing_hz=200e9, ring_radius_m=5e-6,
                      centre_wavelength_m=1310e-9)


def test_ring_fsr_is_the_dev10_closed_form_DEV_10():
    """IDENTITY: DEV-10's 13 nm is lambda^2 / (n_g 2 pi R) at R = 5 um, n_g 4.2 (CPS-PHY-01), 1310 nm
    = 13.006 nm, the formula design_rings evaluates (was: abs 0.1 nm)."""
    rings = design_rings(_spec())
    assert rings.fsr_m == pytest.approx(1310e-9 ** 2 / (4.2 * 2 * math.pi * 5e-6), rel=FLOAT)
    assert round(rings.fsr_m * 1e9) == 13


def test_heater_power_per_fsr_is_fsr_over_heater_efficiency_DEV04_DEV10_DEV11():
    """IDENTITY: DEV-11's 43..130 mW per FSR is DEV-10's FSR over 0.3..0.1 nm/mW (DEV-04 the
    0.1 end): FSR / efficiency, to float rounding, and the engine report shows the same number;
    rounded to the mW as quoted, 130 and 43 (was: abs 1 mW)."""
    spec = _spec()
    rings = design_rings(spec)
    per_fsr = float(tune_rings(spec, rings).heater_power_per_fsr_w)
    assert per_fsr == pytest.approx(float(rings.fsr_m) / 1e-7, rel=FLOAT)
    assert round(per_fsr * 1e3) == 130
    fast = spec.replace(heater_efficiency_m_per_w=3e-7)
    fast_rings = design_rings(fast)
    per_fsr_fast = float(tune_rings(fast, fast_rings).heater_power_per_fsr_w)
    assert per_fsr_fast == pytest.approx(float(fast_rings.fsr_m) / 3e-7, rel=FLOAT)
    assert round(per_fsr_fast * 1e3) == 43
    assert design_engine(spec).report["thermal"]["heater_power_per_fsr_mw"] == pytest.approx(per_fsr * 1e3, rel=FLOAT)


def test_temperature_swing_dev09_with_dev04_is_33p2_mw_per_ring():
    """IDENTITY: DEV-09 83 pm/K x the spec's 40 K swing / DEV-04 0.1 nm/mW = 33.2 mW per ring, all
    inputs multiplied; the cold corner sits half a swing (16.6 mW) above the mid temperature
    (was: abs 0.1 mW and 0.05 mW)."""
    spec = engine_preset("nv-1.6t")
    assert float(spec.temperature_swing_k) == 40.0
    assert float(spec.thermal_shift_m_per_k) == 83e-12 and float(spec.heater_efficiency_m_per_w) == 1e-7
    t = design_engine(spec).report["thermal"]
    assert t["temperature_power_per_ring_mw"] == pytest.approx(83e-12 * 40.0 / 1e-7 * 1e3, rel=FLOAT)
    assert t["heater_power_per_ring_worst_case_mw"] - t["heater_power_per_ring_mw"] == pytest.approx(
        0.5 * t["temperature_power_per_ring_mw"], rel=1e-9)


@pytest.mark.parametrize(("preset", "tbps", "source"), [("nv-1.6t", 1.6, "SYS-NV-13"), ("nv-3.2t", 3.2, "SYS-NV-14")])
def test_nvidia_shaped_engines_read_back_their_shape_sys_nv_13_14(preset, tbps, source):
    """IDENTITY: SYS-NV-13 (8 x 200G, 1.6 Tb/s) and SYS-NV-14 (16 x 200G, 3.2 Tb/s) are the presets'
    lane counts; capacity = lanes x 200G. The laser share is included in the energy (> 0.3 pJ/bit). (The energy
    per bit against SYS-NV-11 is the registry prediction ``engine-nv-*-energy``; its old window,
    3..7 pJ/bit, is gone.)"""
    d = design_engine(engine_preset(preset))
    r = d.report
    assert r["capacity_tbps"] == pytest.approx(tbps, rel=FLOAT)
    assert r["lanes_per_engine"] == int(round(tbps / 0.2))
    assert r["energy_breakdown_pj_per_bit"]["laser"] > 0.3  # a real contributor (bound kept as it was)
    assert source in d.sources["lanes_per_engine"]
