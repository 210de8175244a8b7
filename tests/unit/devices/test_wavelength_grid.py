"""WDM channel grids: published wavelengths, CW-WDM MSA spans, lookup by name, custom grids."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cposim.devices.wavelength_grid import (
    CW_WDM_CENTRE_WAVELENGTH_M,
    CW_WDM_SPANS_M,
    GRID_NAMES,
    O_BAND_M,
    custom_grid,
    cw_wdm_grid,
    cw_wdm_span_m,
    grid,
)
from cposim.errors import ConfigError
from cposim.units import delta_wavelength_m


def test_dr_single_wavelength_sits_in_the_std27_window():
    g = grid("dr")
    assert g.count == 1
    assert 1304.5e-9 <= g.wavelengths_m[0] <= 1317.5e-9
    assert g.wavelengths_m[0] == pytest.approx(0.5 * (1304.5e-9 + 1317.5e-9), abs=1e-15)


def test_cwdm4_is_the_std25_grid_exactly():
    g = grid("cwdm4")
    np.testing.assert_allclose(g.wavelengths_m, [1271e-9, 1291e-9, 1311e-9, 1331e-9], rtol=0, atol=1e-18)
    np.testing.assert_allclose(g.spacings_m, 20e-9, atol=1e-18)
    assert g.sources == ("STD-25",)


def test_lan_wdm8_spacings_are_800_ghz_with_one_gap_std26():
    """STD-26 quotes ~800 GHz; the lines are 800 GHz apart (tolerance 0.5 %) except the 1600 GHz gap mid-grid."""
    g = grid("lan-wdm8")
    assert g.count == 8
    spacings = g.spacings_hz
    gap = np.argmax(spacings)
    assert gap == 3
    np.testing.assert_allclose(np.delete(spacings, gap), 800e9, rtol=5e-3)
    assert spacings[gap] == pytest.approx(1600e9, rel=5e-3)


@pytest.mark.parametrize(("count", "ghz"), sorted(CW_WDM_SPANS_M))
def test_cw_wdm_grids_fill_their_msa_span_las03(count, ghz):
    """count x spacing fills the 9/18/36 nm span of LAS-03 (tolerance 3 %); lines fit inside it."""
    name = f"cw-wdm-{count}-{ghz}ghz"
    g = grid(name)
    assert g.name == name and g.count == count
    np.testing.assert_allclose(g.spacings_hz, ghz * 1e9, rtol=1e-9)
    span = CW_WDM_SPANS_M[(count, ghz)]
    occupied = count * delta_wavelength_m(ghz * 1e9, CW_WDM_CENTRE_WAVELENGTH_M)
    assert occupied == pytest.approx(span, rel=0.03)
    assert g.span_m < span
    assert g.centre_wavelength_m == pytest.approx(CW_WDM_CENTRE_WAVELENGTH_M, rel=1e-12)
    assert np.all(g.wavelengths_m > O_BAND_M[0]) and np.all(g.wavelengths_m < O_BAND_M[1])
    assert g.channel_bandwidth_hz == pytest.approx(ghz * 1e9 / 2)
    assert "LAS-03" in g.sources


def test_optional_plus_one_line_is_one_spacing_below_the_shortest():
    base = cw_wdm_grid(16, 200e9)
    plus = cw_wdm_grid(16, 200e9, include_optional_line=True)
    assert plus.count == 17
    np.testing.assert_allclose(plus.wavelengths_m[1:], base.wavelengths_m, rtol=1e-15)
    assert plus.spacings_hz[0] == pytest.approx(200e9, rel=1e-9)


def test_spacing_that_misses_the_msa_span_is_rejected_with_the_allowed_list():
    with pytest.raises(ConfigError) as err:
        cw_wdm_grid(16, 300e9)
    text = str(err.value)
    assert "100 GHz" in text and "200 GHz" in text and "400 GHz" in text and "36 nm" in text
    with pytest.raises(ConfigError):
        cw_wdm_grid(32, 400e9)
    with pytest.raises(ConfigError, match="channel_count"):
        cw_wdm_grid(12, 200e9)


def test_span_lookup():
    assert cw_wdm_span_m(8, 200e9) == pytest.approx(9e-9)
    assert cw_wdm_span_m(32, 100e9) == pytest.approx(18e-9)
    assert cw_wdm_span_m(8.0, 800e9) == pytest.approx(36e-9)


def test_grid_outside_the_o_band_is_rejected():
    with pytest.raises(ConfigError, match="O-band"):
        cw_wdm_grid(32, 200e9, centre_wavelength_m=1270e-9)


def test_unknown_grid_name_lists_every_valid_name():
    with pytest.raises(ConfigError) as err:
        grid("cwdm8")
    for name in GRID_NAMES:
        assert name in str(err.value)


def test_lookup_is_case_and_space_insensitive():
    assert grid("  CW-WDM-16-200GHz ").name == "cw-wdm-16-200ghz"


def test_custom_grid_even_in_frequency_and_in_wavelength():
    gf = custom_grid(1310e-9, 4, spacing_hz=400e9)
    np.testing.assert_allclose(gf.spacings_hz, 400e9, rtol=1e-9)
    assert gf.centre_wavelength_m == pytest.approx(1310e-9, rel=1e-12)
    gw = custom_grid(1310e-9, 5, spacing_m=2e-9)
    np.testing.assert_allclose(gw.spacings_m, 2e-9, rtol=1e-9)
    assert gw.wavelengths_m[2] == pytest.approx(1310e-9)
    assert custom_grid(1310e-9, 1).count == 1


def test_custom_grid_rejects_ambiguous_or_missing_spacing():
    with pytest.raises(ConfigError):
        custom_grid(1310e-9, 4, spacing_hz=100e9, spacing_m=1e-9)
    with pytest.raises(ConfigError, match="missing"):
        custom_grid(1310e-9, 4)
    with pytest.raises(ConfigError, match="count"):
        custom_grid(1310e-9, 2.5, spacing_hz=100e9)


def test_grid_wavelengths_are_read_only_and_sources_resolve():
    g = grid("cw-wdm-8-200ghz")
    with pytest.raises(ValueError):
        g.wavelengths_m[0] = 0.0
    ids = {row.id for row in g.source_rows()}
    assert {"LAS-03", "CPS-GRD-01", "CPS-GRD-02"} <= ids


@settings(max_examples=60, deadline=None)
@given(
    centre=st.floats(1.26e-6, 1.36e-6),
    count=st.integers(1, 64),
    spacing=st.floats(10e9, 1e12),
)
def test_custom_grids_are_ascending_centred_and_evenly_spaced(centre, count, spacing):
    g = custom_grid(centre, count, spacing_hz=spacing)
    assert g.count == count
    assert np.all(np.diff(g.wavelengths_m) > 0)
    assert g.centre_wavelength_m == pytest.approx(centre, rel=1e-9)
    if count > 1:
        np.testing.assert_allclose(g.spacings_hz, spacing, rtol=1e-6)
