"""Micro-ring coupled-mode dynamics (CPS-TDS-07) against closed forms and the static Airy model."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.devices.ring_modulator import RingModulator
from cposim.errors import PhysicsError
from cposim.signal.ring_dynamics import RingCmt, cmt_rates, small_signal_bandwidth_hz, small_signal_response
from cposim.signal.transmitters import RingModulatorStage
from cposim.units import SPEED_OF_LIGHT_M_PER_S

RING = RingModulator()


def test_photon_lifetime_from_q():
    """tau_p = 1/(2 gamma) = Q lambda / (2 pi c): the device's photon lifetime and loaded Q."""
    r = cmt_rates(RING)
    lam = float(RING.resonance_wavelength_m)
    assert r.photon_lifetime_s == pytest.approx(float(RING.photon_lifetime_s), rel=1e-12)
    assert r.photon_lifetime_s == pytest.approx(float(RING.loaded_q) * lam / (2 * np.pi * SPEED_OF_LIGHT_M_PER_S), rel=1e-12)
    assert r.gamma_e > 0 and r.gamma_o > 0


def test_stored_energy_decays_with_the_photon_lifetime():
    """Input switched off: energy decays as exp(-t/tau_p) (field as exp(-t/(2 tau_p)))."""
    r = cmt_rates(RING)
    h = r.photon_lifetime_s / 50
    ring = RingCmt(r, h)
    ring.process(np.zeros(2000), np.ones(2000, complex))
    out = ring.process(np.zeros(400), np.zeros(400, complex))  # through = -kappa A
    energy = np.abs(out) ** 2 / r.kappa**2
    t = h * np.arange(1, 401)
    slope = np.polyfit(t, np.log(energy), 1)[0]
    assert -1.0 / slope == pytest.approx(r.photon_lifetime_s, rel=1e-9)
    field_slope = np.polyfit(t, np.log(np.abs(out)), 1)[0]
    assert -1.0 / field_slope == pytest.approx(2 * r.photon_lifetime_s, rel=1e-9)


def test_steady_state_equals_the_airy_transfer():
    r = cmt_rates(RING)
    stage = RingModulatorStage(RING, sample_rate_hz=1.7e12)
    v = np.linspace(0.0, float(RING.drive_swing_v), 9)
    t_cmt = np.abs((r.gamma_o - r.gamma_e - 1j * r.detuning_rad_per_s(stage.phase_rad(v)))
                   / (r.gamma - 1j * r.detuning_rad_per_s(stage.phase_rad(v)))) ** 2
    assert np.allclose(t_cmt, RING.transmission_at_voltage(v), rtol=0, atol=1e-12)


@pytest.mark.parametrize("ring", [RING, RingModulator(bias_detuning_m=-80e-12, through_self_coupling=0.98)])
def test_slow_drive_reproduces_static_pam4_levels(ring):
    """A staircase drive held for 200 photon lifetimes per level gives transmission_levels(4)."""
    fs = 1.7e12
    stage = RingModulatorStage(ring, sample_rate_hz=fs)
    hold = int(200 * float(ring.photon_lifetime_s) * fs) + 200 * int(fs / float(ring.rc_bandwidth_hz))
    u = np.repeat(np.array([0.0, 1 / 3, 2 / 3, 1.0]), hold)
    p = np.abs(stage.process(u)) ** 2
    settled = p.reshape(4, hold)[:, -1]
    assert np.allclose(settled, ring.transmission_levels(4), rtol=0, atol=1e-9)


@pytest.mark.parametrize("detuning_linewidths", [0.3, 0.6, 1.2])
def test_small_signal_response_matches_closed_form(detuning_linewidths):
    """Sinusoidal detuning: the simulated power modulation equals the linearised closed form."""
    r = cmt_rates(RING)
    delta0 = detuning_linewidths * r.gamma
    eps = 1e-4 * r.gamma
    fwhm_hz = r.gamma / np.pi
    freqs = np.array([0.05, 0.3, 0.8, 1.5]) * fwhm_hz
    h = 1.0 / (400 * freqs.max())
    h0 = small_signal_response(r, delta0, 0.0)
    # H(0) is the derivative of the static transfer
    t2 = lambda d: abs((r.gamma_o - r.gamma_e - 1j * d) / (r.gamma - 1j * d)) ** 2  # noqa: E731
    assert h0.real == pytest.approx((t2(delta0 + 1e-3 * r.gamma) - t2(delta0 - 1e-3 * r.gamma)) / (2e-3 * r.gamma), rel=1e-5)
    for f in freqs:
        periods = 6
        n = int(round(periods / (f * h)))
        t = h * np.arange(n)
        ring = RingCmt(r, h)
        ring.process(np.full(4000, delta0), np.ones(4000, complex))
        # the detuning is held over each step: evaluate it mid-step to remove the half-sample lag
        d = delta0 + eps * np.cos(2 * np.pi * f * (t + 0.5 * h))
        p = np.abs(ring.process(d, np.ones(n, complex))) ** 2
        tail = slice(n // 2, n)
        ref = np.exp(2j * np.pi * f * (t[tail] + h))
        measured = 2 * np.mean((p[tail] - p[tail].mean()) * np.conj(ref)) / eps
        expected = complex(small_signal_response(r, delta0, f))
        assert abs(measured - expected) < 2e-3 * abs(h0)


def test_small_signal_bandwidth_is_the_half_power_point():
    r = cmt_rates(RING)
    delta0 = 0.6 * r.gamma
    f3 = small_signal_bandwidth_hz(r, delta0)
    ratio = abs(complex(small_signal_response(r, delta0, f3))) ** 2 / abs(complex(small_signal_response(r, delta0, 0.0))) ** 2
    assert ratio == pytest.approx(0.5, abs=1e-6)
    with pytest.raises(PhysicsError):
        small_signal_bandwidth_hz(r, 0.0)
