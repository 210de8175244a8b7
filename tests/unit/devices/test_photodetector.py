"""Germanium photodetector: quantum limit, published bandwidth, RC/transit limits, shot noise."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cposim.devices.photodetector import GermaniumPhotodetector, quantum_limit_responsivity_a_per_w
from cposim.errors import ConfigError
from cposim.units import ELEMENTARY_CHARGE_C


def test_quantum_limit_is_lambda_in_um_over_1p2398():
    """q lambda/(h c) = lambda[um] / 1.23984 A/W (closed form, CODATA constants)."""
    assert quantum_limit_responsivity_a_per_w(1311e-9) == pytest.approx(1.311 / 1.2398419843, rel=1e-9)


@settings(max_examples=80, deadline=None)
@given(eta=st.floats(1e-6, 1.0), lam=st.floats(0.8e-6, 1.7e-6))
def test_responsivity_never_exceeds_the_quantum_limit(eta, lam):
    pd = GermaniumPhotodetector(quantum_efficiency=eta, wavelength_m=lam)
    assert 0 < pd.responsivity_a_per_w <= quantum_limit_responsivity_a_per_w(lam) * (1 + 1e-12)


def test_default_responsivity_0p80_a_per_w_from_dev31_efficiency():
    """eta = 0.76 (CPS-PD-01, from 0.95 A/W at 1550 nm of DEV-31) gives 0.80 A/W at 1311 nm (tolerance 0.01 A/W)."""
    pd = GermaniumPhotodetector()
    assert pd.responsivity_a_per_w == pytest.approx(0.80, abs=0.01)
    assert GermaniumPhotodetector(wavelength_m=1550e-9).responsivity_a_per_w == pytest.approx(0.95, abs=0.005)


def test_from_responsivity_round_trips_and_rejects_super_quantum_values():
    pd = GermaniumPhotodetector.from_responsivity(0.95, wavelength_m=1550e-9)
    assert pd.quantum_efficiency == pytest.approx(0.76, abs=0.005)
    assert pd.responsivity_a_per_w == pytest.approx(0.95, rel=1e-12)
    with pytest.raises(ConfigError, match="quantum limit"):
        GermaniumPhotodetector.from_responsivity(1.1)  # above 1.057 A/W at 1311 nm


def test_default_bandwidth_reproduces_dev30_103_ghz_within_0p5_percent():
    assert GermaniumPhotodetector().bandwidth_hz == pytest.approx(103e9, rel=5e-3)


def test_rc_bandwidth_closed_form():
    pd = GermaniumPhotodetector(capacitance_f=20e-15, load_resistance_ohm=100.0)
    assert pd.rc_bandwidth_hz == pytest.approx(1 / (2 * np.pi * 100.0 * 20e-15), rel=1e-12)


def test_bandwidth_tends_to_each_limit_when_the_other_vanishes():
    transit_only = GermaniumPhotodetector(capacitance_f=1e-21)
    assert transit_only.bandwidth_hz == pytest.approx(transit_only.transit_bandwidth_hz, rel=1e-9)
    rc_only = GermaniumPhotodetector(transit_bandwidth_hz=9e12)
    assert rc_only.bandwidth_hz == pytest.approx(rc_only.rc_bandwidth_hz, rel=1e-3)


@settings(max_examples=60, deadline=None)
@given(c=st.floats(1e-16, 1e-12), r=st.floats(1.0, 1e4), ft=st.floats(1e9, 1e12))
def test_bandwidth_is_below_both_limits(c, r, ft):
    pd = GermaniumPhotodetector(capacitance_f=c, load_resistance_ohm=r, transit_bandwidth_hz=ft)
    assert pd.bandwidth_hz <= min(pd.rc_bandwidth_hz, ft) * (1 + 1e-12)


def test_bandwidth_falls_as_capacitance_rises():
    pd = GermaniumPhotodetector(capacitance_f=np.array([5e-15, 10e-15, 50e-15, 200e-15]))
    assert np.all(np.diff(pd.bandwidth_hz) < 0)


def test_photocurrent_is_linear_in_power():
    pd = GermaniumPhotodetector()
    assert pd.photocurrent_a(1e-3) == pytest.approx(pd.responsivity_a_per_w * 1e-3, rel=1e-12)
    assert pd.photocurrent_a(2e-3) == pytest.approx(2 * pd.photocurrent_a(1e-3), rel=1e-12)
    assert pd.photocurrent_a(0.0) == 0.0
    assert pd.total_current_a(0.0) == pytest.approx(1.3e-9)


def test_shot_noise_is_2_q_i():
    pd = GermaniumPhotodetector()
    assert pd.dark_shot_noise_psd_a2_per_hz == pytest.approx(2 * ELEMENTARY_CHARGE_C * 1.3e-9, rel=1e-12)
    p = 100e-6
    i = pd.responsivity_a_per_w * p + 1.3e-9
    assert pd.shot_noise_psd_a2_per_hz(p) == pytest.approx(2 * ELEMENTARY_CHARGE_C * i, rel=1e-12)
    assert pd.shot_noise_rms_a(p, 50e9) == pytest.approx(np.sqrt(2 * ELEMENTARY_CHARGE_C * i * 50e9), rel=1e-12)


def test_methods_reject_negative_power_and_bandwidth():
    pd = GermaniumPhotodetector()
    with pytest.raises(ConfigError, match="power_w"):
        pd.photocurrent_a(-1e-3)
    with pytest.raises(ConfigError, match="noise_bandwidth_hz"):
        pd.shot_noise_rms_a(1e-3, -1.0)


def test_quantum_efficiency_above_one_is_rejected():
    with pytest.raises(ConfigError, match="GermaniumPhotodetector.quantum_efficiency"):
        GermaniumPhotodetector(quantum_efficiency=1.2)
