"""Waveguide routing loss: sourced defaults, closed form, additivity, no gain."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cposim.devices.waveguide import (
    WAVEGUIDE_PLATFORMS,
    CmosSoiWaveguide,
    SiliconNitrideWaveguide,
    SiliconRibWaveguide,
    UltraLowLossNitrideWaveguide,
    Waveguide,
    passive_transmission,
    waveguide_for_platform,
)
from cposim.errors import ConfigError, PhysicsError


def test_one_cm_of_soi_strip_loses_3p6_db_dev50_exact():
    wg = Waveguide(length_m=0.01, bend_count=0)
    assert wg.loss_db == pytest.approx(3.6, rel=1e-12)


def test_default_route_is_the_closed_form_sum_dev50_dev51():
    wg = Waveguide()
    assert wg.loss_db == pytest.approx(360.0 * 2e-3 + 4 * 0.013, rel=1e-12)
    assert wg.transmission == pytest.approx(10 ** (-wg.loss_db / 10), rel=1e-12)


def test_crossings_add_dev55_loss_each():
    wg = Waveguide(length_m=0.0, bend_count=0, crossing_count=10)
    assert wg.loss_db == pytest.approx(1.9, rel=1e-12)


@pytest.mark.parametrize(
    ("cls", "db_per_cm", "source"),
    [
        (Waveguide, 3.6, "DEV-50"),
        (CmosSoiWaveguide, 4.3, "DEV-52"),
        (SiliconRibWaveguide, 2.0, "DEV-53"),
        (SiliconNitrideWaveguide, 0.1, "DEV-53"),
        (UltraLowLossNitrideWaveguide, 0.007, "DEV-54"),
    ],
)
def test_platform_defaults_cite_their_source(cls, db_per_cm, source):
    wg = cls()
    assert wg.loss_db_per_m == pytest.approx(db_per_cm * 100, rel=1e-12)
    assert source in wg.sources_by_parameter()["loss_db_per_m"]


def test_platform_lookup_and_unknown_name_lists_choices():
    assert isinstance(waveguide_for_platform("sin_ull", length_m=1.0), UltraLowLossNitrideWaveguide)
    assert set(WAVEGUIDE_PLATFORMS) == {"soi_strip", "cmos_soi", "si_rib", "sin", "sin_ull"}
    with pytest.raises(ConfigError) as err:
        waveguide_for_platform("sio2")
    assert "soi_strip" in str(err.value) and "sin_ull" in str(err.value)


def test_lengths_add_in_db_and_transmissions_multiply():
    a = Waveguide(length_m=1e-3, bend_count=1)
    b = Waveguide(length_m=3e-3, bend_count=2)
    ab = Waveguide(length_m=4e-3, bend_count=3)
    assert ab.loss_db == pytest.approx(a.loss_db + b.loss_db, rel=1e-12)
    assert ab.transmission == pytest.approx(a.transmission * b.transmission, rel=1e-12)


def test_broadcasts_over_length_array():
    wg = Waveguide(length_m=np.array([0.0, 1e-3, 1e-2]), bend_count=0)
    np.testing.assert_allclose(wg.loss_db, [0.0, 0.36, 3.6], rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    length=st.floats(0, 10),
    db_per_m=st.floats(0, 1e4),
    bends=st.integers(0, 1000),
    bend_db=st.floats(0, 10),
    crossings=st.integers(0, 1000),
    cross_db=st.floats(0, 10),
)
def test_never_gains_power(length, db_per_m, bends, bend_db, crossings, cross_db):
    wg = Waveguide(
        length_m=length,
        loss_db_per_m=db_per_m,
        bend_count=bends,
        bend_loss_db=bend_db,
        crossing_count=crossings,
        crossing_loss_db=cross_db,
    )
    assert wg.loss_db >= 0
    assert 0.0 <= wg.transmission <= 1.0


@settings(max_examples=50, deadline=None)
@given(length=st.floats(0, 1), extra=st.floats(1e-6, 1))
def test_loss_grows_with_length(length, extra):
    assert Waveguide(length_m=length + extra).loss_db > Waveguide(length_m=length).loss_db


def test_rejects_negative_length_and_fractional_bends_with_field_name():
    with pytest.raises(ConfigError, match="Waveguide.length_m"):
        Waveguide(length_m=-1e-3)
    with pytest.raises(ConfigError, match="Waveguide.bend_count"):
        Waveguide(bend_count=1.5)


def test_negative_loss_is_a_physics_error():
    with pytest.raises(PhysicsError):
        passive_transmission(-0.1, "test element")
