"""Passive micro-ring: closed forms vs computed spectra, critical coupling, conservation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cposim.devices.ring_resonator import RingResonator
from cposim.errors import ConfigError, PhysicsError


def _width_at_level(lam, power, level) -> float:
    """Width of the region where a sampled spectrum is on the resonance side of ``level``,
    with both crossings linearly interpolated."""
    inside = power - level
    if power[len(power) // 2] < level:  # a dip
        inside = -inside
    idx = np.flatnonzero(inside >= 0)
    i0, i1 = idx[0], idx[-1]
    left = lam[i0 - 1] + (lam[i0] - lam[i0 - 1]) * (-inside[i0 - 1]) / (inside[i0] - inside[i0 - 1])
    right = lam[i1] + (lam[i1 + 1] - lam[i1]) * (-inside[i1]) / (inside[i1 + 1] - inside[i1])
    return float(right - left)


def test_fsr_of_the_dev10_example():
    """DEV-10: R = 5 um, n_g = 4.2, 1310 nm -> FSR = lambda^2/(n_g 2 pi R) = 13.0 nm (+/-0.1 nm)."""
    ring = RingResonator(radius_m=5e-6, group_index=4.2, resonance_wavelength_m=1310e-9)
    assert ring.fsr_m == pytest.approx(13.0e-9, abs=0.1e-9)


def test_fsr_closed_form_matches_the_spacing_of_computed_resonances():
    """FSR = lambda^2/(n_g L) vs the spacing of numerically found dips (tolerances below)."""
    ring = RingResonator(through_self_coupling=0.95)
    lam = np.linspace(1285e-9, 1340e-9, 550_001)
    t = ring.through_transmission(lam)
    minima = np.flatnonzero((t[1:-1] < t[:-2]) & (t[1:-1] < t[2:])) + 1
    found = lam[minima]
    spacing = np.diff(found)
    assert spacing.size >= 2
    # exact for constant n_g: 1/lambda1 - 1/lambda2 = 1/(n_g L)  ->  spacing = lambda1 lambda2 / (n_g L)
    ngl = ring.group_index * ring.circumference_m
    np.testing.assert_allclose(spacing, found[:-1] * found[1:] / ngl, rtol=1e-4)
    # lambda^2/(n_g L) is the local spacing at lambda_res: within 1 % (first order, FSR/lambda) for
    # each neighbour, and within 0.1 % for the mean of the blue and red neighbours (second order)
    i = int(np.argmin(np.abs(found - ring.resonance_wavelength_m)))
    assert spacing[i] == pytest.approx(ring.fsr_m, rel=0.011)
    assert spacing[i - 1] == pytest.approx(ring.fsr_m, rel=0.011)
    assert 0.5 * (spacing[i] + spacing[i - 1]) == pytest.approx(ring.fsr_m, rel=1e-3)
    # the frequency form is exact for a constant group index
    nu = 299792458.0 / lam[minima]
    np.testing.assert_allclose(-np.diff(nu), ring.fsr_hz, rtol=1e-4)


@pytest.mark.parametrize("r1, r2, loss", [(0.99, 1.0, 360.0), (0.95, 1.0, 360.0), (0.97, 0.97, 1000.0),
                                          (0.995, 0.99, 200.0)])
def test_loaded_q_is_lambda_over_fwhm_measured_on_the_spectrum(r1, r2, loss):
    """Q = lambda/FWHM: closed-form FWHM vs the width measured on the through (dip) and drop
    (peak) spectra, within 1 %."""
    ring = RingResonator(through_self_coupling=r1, drop_self_coupling=r2, loss_db_per_m=loss)
    lam0 = ring.resonance_wavelength_m
    lam = np.linspace(lam0 - 5 * ring.fwhm_m, lam0 + 5 * ring.fwhm_m, 200_001)
    # half depth of the dip below the unit baseline (through = 1 - K/D, D doubles at the half points)
    half_depth = 0.5 * (1.0 + ring.through_transmission_at_resonance)
    measured = _width_at_level(lam, ring.through_transmission(lam), half_depth)
    assert measured == pytest.approx(ring.fwhm_m, rel=0.01)
    assert ring.loaded_q == pytest.approx(lam0 / measured, rel=0.01)
    assert ring.loaded_q == pytest.approx(lam0 / ring.fwhm_m, rel=1e-12)
    if r2 < 1.0:
        peak = _width_at_level(lam, ring.drop_transmission(lam), 0.5 * ring.drop_transmission_at_resonance)
        assert peak == pytest.approx(ring.fwhm_m, rel=0.01)


def test_finesse_and_photon_lifetime_closed_forms():
    """Finesse = pi sqrt(x)/(1-x); photon lifetime = Q/(2 pi nu) agrees with the energy decay per
    round trip, tau = -T_rt / ln(x^2), to 0.1 % at high finesse."""
    ring = RingResonator(through_self_coupling=0.98)
    x = ring.through_self_coupling * ring.round_trip_amplitude
    assert ring.finesse == pytest.approx(np.pi * np.sqrt(x) / (1 - x), rel=1e-12)
    tau_decay = -ring.round_trip_time_s / np.log(x**2)
    assert ring.photon_lifetime_s == pytest.approx(tau_decay, rel=1e-3)
    nu = 299792458.0 / ring.resonance_wavelength_m
    assert ring.photon_lifetime_s == pytest.approx(ring.loaded_q / (2 * np.pi * nu), rel=1e-12)


def test_uncoupled_ring_q_tends_to_intrinsic_q():
    ring = RingResonator(through_self_coupling=1.0, drop_self_coupling=1.0, loss_db_per_m=360.0)
    assert ring.loaded_q == pytest.approx(ring.intrinsic_q, rel=1e-3)


def test_zero_through_transmission_at_critical_coupling_all_pass():
    """All-pass ring with r1 = a: no light leaves the through port on resonance."""
    ring = RingResonator()
    critical = RingResonator(through_self_coupling=ring.round_trip_amplitude)
    assert critical.through_transmission(critical.resonance_wavelength_m) == pytest.approx(0.0, abs=1e-24)
    assert critical.coupling_regime == "critical"
    with pytest.raises(PhysicsError, match="critical"):
        critical.resonance_extinction_db


def test_zero_through_transmission_at_critical_coupling_add_drop():
    base = RingResonator(drop_self_coupling=0.98)
    critical = RingResonator(drop_self_coupling=0.98, through_self_coupling=base.critical_through_self_coupling)
    assert critical.through_transmission_at_resonance == pytest.approx(0.0, abs=1e-24)


def test_coupling_regimes():
    a = RingResonator().round_trip_amplitude
    assert RingResonator(through_self_coupling=0.9).coupling_regime == "over"
    assert RingResonator(through_self_coupling=min(1.0, a + 5e-4)).coupling_regime == "under"


def test_lossless_add_drop_ring_conserves_power():
    ring = RingResonator(loss_db_per_m=0.0, through_self_coupling=0.9, drop_self_coupling=0.9)
    lam = np.linspace(1300e-9, 1320e-9, 10_001)
    np.testing.assert_allclose(ring.through_transmission(lam) + ring.drop_transmission(lam), 1.0, atol=1e-12)
    # symmetric lossless ring drops everything on resonance
    assert ring.drop_transmission_at_resonance == pytest.approx(1.0, abs=1e-12)


@settings(max_examples=150, deadline=None)
@given(
    radius=st.floats(1e-6, 1e-3),
    r1=st.floats(0.01, 1.0),
    r2=st.floats(0.01, 1.0),
    loss=st.floats(0.1, 1e5),
    lam=st.floats(1.2e-6, 1.7e-6),
)
def test_a_passive_ring_never_gains(radius, r1, r2, loss, lam):
    """Through + drop <= 1 and each within [0, 1] for any radius, coupling, loss and wavelength."""
    ring = RingResonator(radius_m=radius, through_self_coupling=r1, drop_self_coupling=r2, loss_db_per_m=loss)
    t = ring.through_transmission(lam)
    d = ring.drop_transmission(lam)
    assert 0.0 <= t <= 1.0
    assert 0.0 <= d <= 1.0
    assert t + d <= 1.0 + 1e-12


def test_complex_fields_square_to_the_power_transmissions():
    ring = RingResonator(through_self_coupling=0.97, drop_self_coupling=0.98)
    lam = np.linspace(1305e-9, 1315e-9, 2001)
    np.testing.assert_allclose(np.abs(ring.through_field(lam)) ** 2, ring.through_transmission(lam), rtol=1e-10)
    np.testing.assert_allclose(np.abs(ring.drop_field(lam)) ** 2, ring.drop_transmission(lam), rtol=1e-10)


def test_through_field_equals_the_sum_over_round_trips():
    """Independent path: E_t = r1 - k1^2 r2 a e^{i phi} sum_n (r1 r2 a e^{i phi})^n (cross-coupling -i k)."""
    ring = RingResonator(through_self_coupling=0.97, drop_self_coupling=0.99)
    lam = np.linspace(1309e-9, 1311e-9, 501)
    phi = ring.round_trip_phase_rad(lam)
    r1, r2, a = ring.through_self_coupling, ring.drop_self_coupling, ring.round_trip_amplitude
    z = r1 * r2 * a * np.exp(1j * phi)
    series, term = np.zeros_like(z), np.ones_like(z)
    for _ in range(3000):  # round trips; |z|^3000 < 1e-40
        series += term
        term *= z
    e_t = r1 - (1 - r1**2) * r2 * a * np.exp(1j * phi) * series
    np.testing.assert_allclose(e_t, ring.through_field(lam), atol=1e-12)


def test_phase_sign_convention():
    """phi = 2 pi n_g L (1/lambda - 1/lambda_res): zero on resonance, positive on the blue side."""
    ring = RingResonator()
    assert ring.round_trip_phase_rad(ring.resonance_wavelength_m) == 0.0
    assert ring.round_trip_phase_rad(ring.resonance_wavelength_m - 1e-12) > 0.0
    # a red shift of the resonance moves the dip to longer wavelengths
    assert ring.round_trip_phase_rad(1310.1e-9, resonance_shift_m=0.1e-9) == pytest.approx(0.0, abs=1e-9)


def test_spectra_broadcast_with_parameter_arrays():
    ring = RingResonator(radius_m=np.array([[4e-6], [5e-6], [6e-6]]))
    lam = np.linspace(1305e-9, 1315e-9, 5)
    assert ring.through_transmission(lam).shape == (3, 5)
    assert ring.fsr_m.shape == (3, 1)
    np.testing.assert_allclose(ring.fsr_m[:, 0] * np.array([4, 5, 6]), ring.fsr_m[0, 0] * 4, rtol=1e-12)


@pytest.mark.parametrize(
    "kwargs, field",
    [({"through_self_coupling": 0.0}, "through_self_coupling"),
     ({"through_self_coupling": 1.2}, "through_self_coupling"),
     ({"radius_m": -5e-6}, "radius_m"), ({"group_index": 0.5}, "group_index"),
     ({"loss_db_per_m": 0.0, "through_self_coupling": 1.0}, "loss_db_per_m")],
)
def test_bad_input_is_a_config_error(kwargs, field):
    with pytest.raises(ConfigError, match=f"RingResonator.{field}"):
        RingResonator(**kwargs)


def test_lossless_ring_has_no_finite_intrinsic_q():
    with pytest.raises(PhysicsError):
        RingResonator(loss_db_per_m=0.0).intrinsic_q
