"""Ring design: FSR and radius, Q to coupling, speed, modulation efficiency, demux loss and
crosstalk, each against the device models or a closed form."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.devices.ring_modulator import RingModulator
from cposim.devices.ring_resonator import RingResonator
from cposim.engine.ring_design import (
    bank_spectra,
    demux_drop_loss_db,
    design_rings,
    radius_for_fsr_m,
    require_feasible_rings,
    self_coupling_for_loaded_q,
)
from cposim.engine.spec import EngineSpec
from cposim.errors import ConfigError
from cposim.units import SPEED_OF_LIGHT_M_PER_S


def test_radius_for_fsr_inverts_the_ring_fsr_dev10():
    """DEV-10: R = 5 um, n_g 4.2, 1310 nm gives 13.0 nm; the inverse returns 5 um."""
    ring = RingResonator(radius_m=5e-6)
    assert float(ring.fsr_m) == pytest.approx(13.0e-9, abs=0.1e-9)
    assert float(radius_for_fsr_m(ring.fsr_m, wavelength_m=1310e-9, group_index=4.2)) == pytest.approx(5e-6, rel=1e-12)


@pytest.mark.parametrize("radius", [2.5e-6, 5e-6, 10e-6])
def test_self_coupling_gives_the_target_loaded_q_on_the_device(radius):
    """CPS-ENG-12 inverted closed form against the device's forward loaded Q."""
    ring = RingModulator(radius_m=radius)
    q = np.array([1500.0, 3000.0, 4400.0, 7000.0])
    r1 = self_coupling_for_loaded_q(q, ring=ring)
    assert np.all(r1 < 1.0)
    assert np.allclose(ring.replace(through_self_coupling=r1).loaded_q, q, rtol=1e-10)


def test_auto_radius_puts_the_fsr_exactly_on_the_guarded_band():
    spec = EngineSpec()
    rings = design_rings(spec)
    need = 8 * 400e9 * 1.05
    assert rings.fsr_hz == pytest.approx(need, rel=1e-12)
    assert float(rings.modulator.fsr_hz) == pytest.approx(need, rel=1e-12)
    assert float(rings.demux.fsr_hz) == pytest.approx(need, rel=1e-12)
    assert rings.fsr_m == pytest.approx(need * 1311e-9**2 / SPEED_OF_LIGHT_M_PER_S, rel=1e-12)


def test_a_grid_wider_than_any_practical_ring_fsr_is_an_error():
    spec = EngineSpec(grid="custom", wavelengths_per_fiber=16, channel_spacing_hz=800e9)
    with pytest.raises(ConfigError) as err:
        design_rings(spec)
    text = str(err.value)
    assert "channel_spacing_hz" in text and "FSR" in text and "smallest practical ring" in text


def test_a_given_radius_whose_fsr_does_not_cover_the_grid_is_an_error():
    with pytest.raises(ConfigError) as err:
        design_rings(EngineSpec(ring_radius_m=5e-6))  # 13 nm FSR for an 18.3 nm band
    text = str(err.value)
    assert "ring_radius_m" in text and "does not cover" in text and "guard band" in text


def test_a_lane_rate_the_ring_cannot_support_is_priced_by_the_link_and_then_an_error():
    """A ring too slow for its symbol rate is no longer a pass/fail rule of the ring design
    (``bandwidth_ok`` is information): the link engine's waveform penalty closes the eye, and
    the designer says why no laser helps."""
    from cposim.engine.rollup import design_engine

    spec = EngineSpec(modulation="nrz")  # 227 GBd NRZ on a ~40 GHz ring
    rings = design_rings(spec)
    assert not rings.bandwidth_ok
    require_feasible_rings(rings, spec)  # no ring-design error
    with pytest.raises(ConfigError) as err:
        design_engine(spec)
    text = str(err.value)
    assert "lane_rate_bps" in text and "GBd" in text and "EO bandwidth" in text and "ISI" in text


def test_a_loaded_q_above_what_the_loss_allows_is_an_error():
    spec = EngineSpec(modulator_loaded_q=20000.0)
    rings = design_rings(spec)
    assert not rings.coupling_ok
    with pytest.raises(ConfigError, match="loss allows"):
        require_feasible_rings(rings, spec)


def test_demux_q_limits():
    with pytest.raises(ConfigError, match="intrinsic Q"):
        design_rings(EngineSpec(demux_loaded_q=2e5))
    from cposim.engine.rollup import design_engine

    spec = EngineSpec(demux_loaded_q=20000.0)  # a 5.8 GHz drop pole for a 113 GBd lane
    narrow = design_rings(spec)
    assert not narrow.demux_bandwidth_ok and float(narrow.demux_bandwidth_hz) < 6e9
    require_feasible_rings(narrow, spec)  # the pole is priced by the link, not a ring rule
    with pytest.raises(ConfigError, match="demux pole of 6 GHz"):
        design_engine(spec)
    dense = EngineSpec(wavelengths_per_fiber=16, channel_spacing_hz=100e9, demux_loaded_q=1500.0, lane_rate_bps=100e9)
    rings = design_rings(dense)
    assert not rings.crosstalk_ok
    with pytest.raises(ConfigError, match="crosstalk"):
        require_feasible_rings(rings, dense)


def test_photon_lifetime_bandwidth_falls_as_one_over_q():
    q = np.array([2000.0, 4000.0, 8000.0])
    rings = design_rings(EngineSpec(), modulator_loaded_q=q)
    f0 = SPEED_OF_LIGHT_M_PER_S / 1311e-9
    assert np.allclose(rings.modulator.optical_bandwidth_hz * q, f0, rtol=1e-9)
    assert np.all(np.diff(rings.modulator.modulation_bandwidth_hz) < 0)


def test_modulation_efficiency_rises_with_q_while_over_coupled_and_levels_stay_ordered():
    """The same drive shift is a larger fraction of a narrower line; past critical coupling
    (loaded Q = intrinsic Q / 2) the dip itself fades and the OMA falls again."""
    q_i = float(design_rings(EngineSpec()).modulator.intrinsic_q)
    q = np.geomspace(1500.0, 0.45 * q_i, 10)
    rings = design_rings(EngineSpec(), modulator_loaded_q=q)
    oma = rings.modulator.oma_fraction
    assert np.all(np.diff(oma) > 0)
    under = design_rings(EngineSpec(), modulator_loaded_q=np.array([0.5 * q_i, 0.9 * q_i]))
    assert under.modulator.oma_fraction[1] < under.modulator.oma_fraction[0]
    levels = rings.modulator.transmission_levels(4)
    assert np.all(np.diff(levels, axis=-1) > 0)
    # never closer to resonance than the drive shift: the resonance does not cross the laser
    assert np.all(rings.modulator.bias_detuning_m >= rings.modulator.resonance_shift_swing_m * (1 - 1e-12))


def test_demux_drop_loss_matches_the_exact_add_drop_ring():
    """CPS-ENG-11 (coupled-mode) against the Airy add-drop ring: high-finesse agreement."""
    ring = RingResonator(radius_m=5e-6, through_self_coupling=0.995, drop_self_coupling=0.995, loss_db_per_m=200.0)
    exact_db = -10 * np.log10(float(ring.drop_transmission_at_resonance))
    approx_db = float(demux_drop_loss_db(ring.loaded_q, ring.intrinsic_q))
    assert approx_db == pytest.approx(exact_db, abs=0.02)


def test_crosstalk_penalty_falls_with_demux_q_and_with_spacing():
    q = np.array([1500.0, 2500.0, 4000.0, 6000.0])
    narrow = design_rings(EngineSpec(wavelengths_per_fiber=8, channel_spacing_hz=200e9), demux_loaded_q=q)
    wide = design_rings(EngineSpec(wavelengths_per_fiber=8, channel_spacing_hz=400e9), demux_loaded_q=q)
    assert np.all(np.diff(narrow.crosstalk_penalty_db) < 0)
    assert np.all(wide.crosstalk_penalty_db < narrow.crosstalk_penalty_db)
    assert np.all(np.diff(narrow.demux.drop_loss_db) > 0)  # isolation is bought with drop loss


def test_bank_spectra_put_every_filter_on_its_channel():
    rings = design_rings(EngineSpec())
    lam = rings.grid.wavelengths_m
    through, drop = bank_spectra(rings, lam)
    assert np.allclose(np.diag(drop), 10 ** (-float(rings.demux.drop_loss_db) / 10), rtol=1e-9)
    assert np.all(np.argmax(drop, axis=0) == np.arange(lam.size))
    # each modulator ring at its channel (zero drive) passes about the centre ring's zero-drive
    # transmission (the linewidth in wavelength grows as lambda^2 across the band: 3 %)
    zero_drive = float(rings.modulator.transmission_at_voltage(0.0))
    assert np.allclose(np.diag(through), zero_drive, rtol=0.03)
    assert np.all(np.argmin(through, axis=0) == np.arange(lam.size))
