"""Couplers, fiber attach and connectors: sourced values, grating-coupler spectrum, no gain."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cposim.devices.couplers import EdgeCoupler, FiberAttach, FiberConnector, GratingCoupler
from cposim.errors import ConfigError


def test_edge_coupler_dev48_1p52_db_per_facet():
    ec = EdgeCoupler()
    assert ec.loss_db == pytest.approx(1.52)
    assert ec.transmission == pytest.approx(10 ** (-0.152), rel=1e-12)


def test_grating_coupler_dev46_3_db_at_1310_nm():
    gc = GratingCoupler()
    assert gc.loss_db == pytest.approx(3.0)
    assert gc.loss_db_at(1310e-9) == pytest.approx(3.0, abs=1e-12)


def test_grating_coupler_one_db_edges_sit_at_half_the_1db_bandwidth():
    gc = GratingCoupler()
    edges = gc.centre_wavelength_m + np.array([-0.5, 0.5]) * gc.bandwidth_1db_m
    np.testing.assert_allclose(gc.loss_db_at(edges), gc.peak_loss_db + 1.0, rtol=1e-12)


def test_grating_coupler_reproduces_dev46_58_nm_fwhm_within_0p1_nm():
    """The 1 dB width of CPS-PAS-02 (derived from DEV-46) gives back a 3 dB width of 58 nm (tolerance 0.1 nm)."""
    gc = GratingCoupler()
    assert gc.bandwidth_3db_m == pytest.approx(58e-9, abs=0.1e-9)
    half = gc.bandwidth_3db_m / 2
    np.testing.assert_allclose(gc.loss_db_at(1310e-9 + np.array([-half, half])), 6.0, rtol=1e-9)


def test_grating_coupler_spectrum_is_gaussian_in_linear_power():
    """Parabolic in dB equals Gaussian in power: T(l)/T0 = exp(-(ln 10 / 10) (2 (l - lc)/bw)^2)."""
    gc = GratingCoupler()
    lam = np.linspace(1250e-9, 1370e-9, 101)
    x = 2 * (lam - gc.centre_wavelength_m) / gc.bandwidth_1db_m
    expected = gc.transmission * np.exp(-np.log(10) / 10 * x**2)
    np.testing.assert_allclose(gc.transmission_at(lam), expected, rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    peak=st.floats(0, 30),
    bw=st.floats(1e-9, 200e-9),
    lam=st.floats(1.0e-6, 2.0e-6),
)
def test_grating_coupler_peaks_at_centre_and_never_gains(peak, bw, lam):
    gc = GratingCoupler(peak_loss_db=peak, bandwidth_1db_m=bw)
    t = gc.transmission_at(lam)
    assert 0.0 <= t <= gc.transmission <= 1.0


def test_grating_coupler_rejects_non_positive_wavelength():
    with pytest.raises(ConfigError, match="wavelength_m"):
        GratingCoupler().loss_db_at(-1e-9)


def test_fiber_attach_planning_loss():
    fa = FiberAttach()
    assert fa.loss_db == pytest.approx(0.5)
    assert 0 < fa.transmission < 1


def test_connectors_against_std15_2p75_db_allocation():
    """0.75 dB per mated pair (CPS-PAS-04): three pairs fit the 2.75 dB DR allocation (STD-15), four do not."""
    assert FiberConnector().loss_db == pytest.approx(1.5)
    assert FiberConnector().margin_to_allocation_db == pytest.approx(1.25)
    assert FiberConnector(connector_count=3).margin_to_allocation_db == pytest.approx(0.5)
    assert FiberConnector(connector_count=4).margin_to_allocation_db == pytest.approx(-0.25)


def test_connector_count_must_be_whole():
    with pytest.raises(ConfigError, match="FiberConnector.connector_count"):
        FiberConnector(connector_count=2.5)


def test_connectors_broadcast_over_loss_arrays():
    fc = FiberConnector(loss_per_connector_db=np.array([0.25, 0.5, 0.75]), connector_count=4)
    np.testing.assert_allclose(fc.loss_db, [1.0, 2.0, 3.0])


@settings(max_examples=60, deadline=None)
@given(
    ec=st.floats(0, 30),
    fa=st.floats(0, 20),
    per=st.floats(0, 10),
    n=st.integers(0, 100),
)
def test_every_coupling_element_is_passive(ec, fa, per, n):
    for dev in (EdgeCoupler(loss_db=ec), FiberAttach(excess_loss_db=fa), FiberConnector(loss_per_connector_db=per, connector_count=n)):
        assert dev.loss_db >= 0
        assert 0.0 <= dev.transmission <= 1.0
        assert dev.transmission == pytest.approx(10 ** (-dev.loss_db / 10), rel=1e-12)
