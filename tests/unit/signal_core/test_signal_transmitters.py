"""Modulator stages of the time-domain simulator against the static device models."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.signal as ss

from cposim.devices.electro_absorption import ElectroAbsorptionModulator
from cposim.devices.laser import DfbLaser
from cposim.devices.mach_zehnder import MachZehnderModulator
from cposim.devices.ring_modulator import RingModulator
from cposim.errors import ConfigError, PhysicsError
from cposim.signal.transmitters import (
    ElectroAbsorptionStage,
    MachZehnderStage,
    RingModulatorStage,
    build_modulator_stage,
    first_order_lowpass,
    laser_rin_per_hz,
    mzm_eo_fir,
)

FS = 1.7e12


@pytest.mark.parametrize("levels", [2, 4])
@pytest.mark.parametrize(
    "device",
    [
        MachZehnderModulator(),
        MachZehnderModulator(bias_phase_rad=3 * np.pi / 2, drive_swing_v=1.5, static_extinction_ratio_db=20.0),
        ElectroAbsorptionModulator(),
        RingModulator(),
        RingModulator(bias_detuning_m=-100e-12),
    ],
)
def test_static_levels_match_the_device(device, levels):
    """Level 0 is the lowest power and every level equals transmission_levels(M)."""
    stage = build_modulator_stage(device, sample_rate_hz=FS)
    u = np.linspace(0.0, 1.0, levels)
    assert np.allclose(stage.static_transmission(u), device.transmission_levels(levels), rtol=0, atol=1e-12)


def test_mzm_rf_fir_has_the_device_bandwidth():
    mzm = MachZehnderModulator()
    taps = mzm_eo_fir(mzm, FS)
    f3 = float(mzm.modulation_bandwidth_hz)
    _, h = ss.freqz(taps, worN=[1e9, 0.5 * f3, f3], fs=FS)
    got = 20 * np.log10(np.abs(h))
    want = mzm.eo_response_db(np.array([1e9, 0.5 * f3, f3]))
    assert np.allclose(got, want, atol=0.05)
    assert got[2] == pytest.approx(-3.01, abs=0.05)


def test_ideal_mzm_has_no_rf_filter_and_no_chirp():
    mzm = MachZehnderModulator(rf_loss_db_per_m_per_hz=1e-25, static_extinction_ratio_db=80.0)
    stage = MachZehnderStage(mzm, sample_rate_hz=FS)
    assert stage.filter is None
    e = stage.process(np.linspace(0, 1, 50))
    assert np.max(np.abs(e.imag)) < 1e-3 * np.max(np.abs(e.real))


def test_first_order_lowpass_3db():
    lp = first_order_lowpass(10e9, FS, np.float64)
    _, h = ss.freqz(lp.b, lp.a, worN=[10e9], fs=FS)
    assert 20 * np.log10(abs(h[0])) == pytest.approx(-3.01, abs=0.02)


def test_eam_and_ring_outputs_are_streamed():
    for stage in (ElectroAbsorptionStage(ElectroAbsorptionModulator(), sample_rate_hz=FS),
                  RingModulatorStage(RingModulator(), sample_rate_hz=FS)):
        u = (np.arange(3000) // 40 % 2).astype(float)
        whole = stage.process(u)
        assert whole.size == 3000 and np.all(np.isfinite(whole))


def test_ring_heating_moves_the_levels():
    """A ring 1 K hotter (laser fixed) behaves like the device with the bias detuning the
    device predicts (equal to first order in detuning / wavelength)."""
    ring = RingModulator()
    cold = RingModulatorStage(ring, sample_rate_hz=FS).static_transmission([0.0, 1.0])
    hot = RingModulatorStage(ring, sample_rate_hz=FS, temperature_offset_k=1.0).static_transmission([0.0, 1.0])
    detuned = ring.replace(bias_detuning_m=ring.detuning_after_temperature_change_m(1.0))
    assert np.allclose(hot, detuned.transmission_levels(2), rtol=1e-3, atol=0)
    assert not np.allclose(hot, cold)


def test_rin_and_bad_inputs():
    assert laser_rin_per_hz(-150.0) == pytest.approx(1e-15)
    with pytest.raises(ConfigError):
        laser_rin_per_hz(-20.0)
    with pytest.raises(PhysicsError, match="modulator"):
        build_modulator_stage(DfbLaser(), sample_rate_hz=FS)
    with pytest.raises(ConfigError, match="array"):
        MachZehnderStage(MachZehnderModulator(drive_swing_v=np.array([1.0, 2.0])), sample_rate_hz=FS)
    with pytest.raises(ConfigError, match="temperature_offset_k"):
        RingModulatorStage(RingModulator(), sample_rate_hz=FS, temperature_offset_k=500.0)
