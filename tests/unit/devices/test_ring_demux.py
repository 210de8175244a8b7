"""Microring WDM demultiplexer: Lorentzian closed form vs. numerics, no gain, monotonic crosstalk."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from cposim.devices.ring_demux import RingDemux, add_drop_ring_response, lorentzian
from cposim.devices.wavelength_grid import grid
from cposim.errors import ConfigError
from cposim.units import frequency_hz

F0 = 228.7e12


def _airy_add_drop(detuning_hz, fsr_hz, r, a):
    """Transfer-matrix (Airy) add-drop ring, equal couplers of self-coupling r, round-trip amplitude a."""
    phi = 2 * np.pi * detuning_hz / fsr_hz
    x = r * r * a
    den = 1 - 2 * x * np.cos(phi) + x * x
    drop = (1 - r * r) ** 2 * a / den
    through = (r * r * a * a - 2 * x * np.cos(phi) + r * r) / den
    return drop, through


def test_lorentzian_fwhm_found_numerically_is_f0_over_q():
    q = 8000.0
    half = brentq(lambda d: lorentzian(d, F0, q) - 0.5, 0.0, F0 / q)
    assert 2 * half == pytest.approx(F0 / q, rel=1e-10)


@pytest.mark.parametrize(("r", "a"), [(0.98, 0.995), (0.99, 0.999), (0.95, 0.99)])
def test_closed_form_matches_transfer_matrix_ring_near_resonance(r, a):
    """Coupled-mode Lorentzian (CPS-DMX-04) vs the exact Airy response within 3 FWHM: 1 % of peak."""
    fsr = 2.0e12
    x = r * r * a
    fwhm = fsr * (1 - x) / (np.pi * np.sqrt(x))
    q = F0 / fwhm
    d0 = (1 - r * r) ** 2 * a / (1 - x) ** 2
    detuning = np.linspace(-3 * fwhm, 3 * fwhm, 2001)
    drop_exact, through_exact = _airy_add_drop(detuning, fsr, r, a)
    drop, through = add_drop_ring_response(detuning, F0, q, d0, fsr)
    assert np.max(np.abs(drop - drop_exact)) < 0.01 * d0
    assert np.max(np.abs(through - through_exact)) < 0.01


@settings(max_examples=80, deadline=None)
@given(
    detuning=st.floats(-5e12, 5e12),
    q=st.floats(100, 1e6),
    drop_loss_db=st.floats(0.0, 30.0),
)
def test_single_ring_never_gains(detuning, q, drop_loss_db):
    d0 = 10 ** (-drop_loss_db / 10)
    drop, through = add_drop_ring_response(detuning, F0, q, d0, 2.3e12)
    assert 0.0 <= drop <= d0 + 1e-15
    assert 0.0 <= through <= 1.0
    assert drop + through <= 1.0 + 1e-12


def test_first_channel_loses_exactly_the_drop_loss_later_ones_more():
    demux = RingDemux()
    il = demux.channel_insertion_loss_db()
    assert il[0] == pytest.approx(demux.drop_loss_db, rel=1e-12)
    assert np.all(np.diff(il) > 0)
    n = int(demux.channel_count)
    floor = demux.drop_loss_db + (n - 1) * demux.through_loss_db
    assert il[-1] >= floor
    assert demux.insertion_loss_db == pytest.approx(il[-1])


def test_two_channel_crosstalk_closed_form():
    """N = 2: ring 0 sees channel 1 at full power; ring 1 sees channel 0 after ring 0's through dip T0."""
    demux = RingDemux(channel_count=2)
    f0, f1 = frequency_hz(demux.channel_wavelengths_m())  # ring 0 (shorter wavelength), ring 1
    q, spacing = demux.loaded_q, demux.channel_spacing_hz
    lor0 = 1 / (1 + (2 * q * spacing / f0) ** 2)  # Q is referred to each ring's own resonance
    lor1 = 1 / (1 + (2 * q * spacing / f1) ** 2)
    d0 = 10 ** (-demux.drop_loss_db / 10)
    t0 = (1 - np.sqrt(d0)) ** 2
    xt = demux.channel_crosstalk_db()
    assert xt[0] == pytest.approx(10 * np.log10(lor0), rel=1e-9)
    wanted_1 = 1 - (1 - t0) * lor0  # channel 1 after ring 0's Lorentzian tail
    assert xt[1] == pytest.approx(10 * np.log10(t0 * lor1 / wanted_1), rel=1e-9)
    f_c = frequency_hz(demux.centre_wavelength_m)
    assert demux.adjacent_crosstalk_db == pytest.approx(-10 * np.log10(1 + (2 * q * spacing / f_c) ** 2), rel=1e-12)


def test_adjacent_and_next_nearest_follow_the_lorentzian_tail():
    """Far from resonance the leak falls 20 dB per decade: doubling the spacing costs ~6 dB."""
    demux = RingDemux(loaded_q=20000.0)
    gap = demux.adjacent_crosstalk_db - demux.next_nearest_crosstalk_db
    assert gap == pytest.approx(20 * np.log10(2), abs=0.05)
    assert demux.adjacent_isolation_db == pytest.approx(-demux.adjacent_crosstalk_db)
    assert demux.isolation_db(0.0) == pytest.approx(0.0, abs=1e-12)


def test_default_crosstalk_is_negative_and_worst_is_the_first_ring():
    demux = RingDemux()
    xt = demux.channel_crosstalk_db()
    assert np.all(xt < 0)
    assert demux.crosstalk_db == pytest.approx(xt.max())
    assert demux.crosstalk_db > demux.adjacent_crosstalk_db  # several neighbours add up
    assert demux.fwhm_hz == pytest.approx(frequency_hz(1311e-9) / 8000.0)


@settings(max_examples=60, deadline=None)
@given(
    count=st.integers(2, 16),
    spacing=st.sampled_from([100e9, 200e9, 400e9, 800e9]),
    q=st.floats(500, 2e5),
    factor=st.floats(1.05, 4.0),
    drop_loss_db=st.floats(0.1, 6.0),
    through_loss_db=st.floats(0.0, 0.5),
)
def test_crosstalk_falls_as_q_grows(count, spacing, q, factor, drop_loss_db, through_loss_db):
    """Filter narrower than the spacing (FWHM < spacing): higher Q gives lower worst-channel crosstalk."""
    assume(F0 / q < spacing)
    fsr_m = max(13e-9, 1.01 * count * spacing * (1311e-9) ** 2 / 299792458.0)
    kw = dict(
        channel_count=count,
        channel_spacing_hz=spacing,
        free_spectral_range_m=fsr_m,
        drop_loss_db=drop_loss_db,
        through_loss_db=through_loss_db,
    )
    low, high = RingDemux(loaded_q=q, **kw), RingDemux(loaded_q=q * factor, **kw)
    assert high.crosstalk_db < low.crosstalk_db
    assert high.adjacent_crosstalk_db < low.adjacent_crosstalk_db


@settings(max_examples=60, deadline=None)
@given(
    count=st.integers(2, 16),
    spacing=st.floats(50e9, 800e9),
    factor=st.floats(1.05, 3.0),
    q=st.floats(2000, 50000),
)
def test_crosstalk_falls_as_spacing_grows(count, spacing, factor, q):
    """With the FSR far beyond the grid (no aliasing), wider spacing gives lower crosstalk."""
    assume(F0 / q < spacing)
    fsr_m = 400e-9
    low = RingDemux(channel_count=count, channel_spacing_hz=spacing, loaded_q=q, free_spectral_range_m=fsr_m)
    high = RingDemux(channel_count=count, channel_spacing_hz=spacing * factor, loaded_q=q, free_spectral_range_m=fsr_m)
    assert high.crosstalk_db < low.crosstalk_db
    assert high.adjacent_crosstalk_db < low.adjacent_crosstalk_db


@settings(max_examples=60, deadline=None)
@given(
    count=st.integers(2, 32),
    q=st.floats(100, 1e6),
    drop_loss_db=st.floats(0.01, 30.0),
    through_loss_db=st.floats(0.0, 3.0),
)
def test_demux_never_gains_and_drops_conserve_power(count, q, drop_loss_db, through_loss_db):
    demux = RingDemux(
        channel_count=count,
        channel_spacing_hz=100e9,
        free_spectral_range_m=40e-9,
        loaded_q=q,
        drop_loss_db=drop_loss_db,
        through_loss_db=through_loss_db,
    )
    assert np.all(demux.channel_insertion_loss_db() >= demux.drop_loss_db - 1e-12)
    # each launched channel leaves through at most all the drops together: sum over rings <= 1
    per_channel_out = demux.drop_power_matrix().sum(axis=-2)
    assert np.all(per_channel_out <= 1.0 + 1e-12)
    assert np.all(np.isfinite(demux.channel_crosstalk_db()))


def test_arbitrary_grid_cwdm4_with_a_wide_fsr():
    demux = RingDemux(loaded_q=3000.0, free_spectral_range_m=90e-9)
    xt = demux.channel_crosstalk_db(grid("cwdm4").wavelengths_m)
    il = demux.channel_insertion_loss_db(grid("cwdm4").wavelengths_m)
    assert xt.shape == (4,) and il.shape == (4,)
    assert np.all(xt < -30)


def test_grid_wider_than_the_fsr_is_rejected():
    with pytest.raises(ConfigError, match="RingDemux.channel_spacing_hz"):
        RingDemux(channel_count=16, channel_spacing_hz=200e9)  # 18 nm of grid in a 13 nm FSR
    with pytest.raises(ConfigError, match="free spectral range"):
        RingDemux().channel_crosstalk_db(grid("cwdm4").wavelengths_m)


def test_channel_count_cannot_be_an_array():
    with pytest.raises(ConfigError, match="RingDemux.channel_count"):
        RingDemux(channel_count=np.array([4, 8]))


def test_broadcasts_over_q_with_channel_axis_last():
    demux = RingDemux(loaded_q=np.array([4000.0, 8000.0, 16000.0]))
    assert demux.channel_crosstalk_db().shape == (3, 8)
    assert demux.crosstalk_db.shape == (3,)
    assert np.all(np.diff(demux.crosstalk_db) < 0)
