"""The streaming link simulation: chunk invariance, seeds, agreement with the analytic engine."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import brentq

from cposim.devices.couplers import EdgeCoupler, FiberConnector
from cposim.devices.fiber import SingleModeFiber, g652_dispersion_s_per_m2
from cposim.devices.laser import DfbLaser
from cposim.devices.mach_zehnder import MachZehnderModulator
from cposim.devices.photodetector import GermaniumPhotodetector
from cposim.devices.tia import TransimpedanceAmplifier
from cposim.devices.waveguide import Waveguide
from cposim.errors import ConfigError, PhysicsError
from cposim.link.engine import evaluate
from cposim.link.lane import Lane
from cposim.presets import PRESETS
from cposim.signal.pipeline import LinkSimulation, simulate, stream
from cposim.signal.receiver import ReceiverSettings
from cposim.signal.waveform import DriveSettings

RS = 53.125e9


def _lane(modulation="pam4", fiber_m=2000.0, d_ps_nm_km=-0.2, frac=1.0, laser_w=0.01):
    """An IM-DD lane with an ideal-bandwidth MZM, lossless passives and a PIN + TIA receiver
    that decides on the raw samples (no FFE: these tests pin the raw pipeline)."""
    lam = 1310e-9
    lam0 = brentq(lambda l0: g652_dispersion_s_per_m2(lam, l0, 92.0) - d_ps_nm_km * 1e-6, 1.2e-6, 1.4e-6)
    zero = EdgeCoupler(loss_db=0.0)
    wg = Waveguide(length_m=0.0, bend_count=0, crossing_count=0)
    bits = 2 if modulation == "pam4" else 1
    return Lane(
        modulation=modulation, line_rate_bps=bits * RS, data_rate_bps=bits * RS * 0.9,
        source=DfbLaser(output_power_w=laser_w, wavelength_m=lam, rin_db_per_hz=-160.0),
        laser_coupling=zero, tx_waveguide=wg, tx_coupler=zero, rx_coupler=zero, rx_waveguide=wg,
        connectors=FiberConnector(connector_count=0),
        modulator=MachZehnderModulator(vpi_l_v_m=0.012, length_m=3e-3, loss_db_per_m=0.0, excess_loss_db=0.0,
                                       drive_swing_v=1.0, rf_loss_db_per_m_per_hz=1e-25),
        fiber=SingleModeFiber(length_m=fiber_m, attenuation_db_per_m=0.35e-3, zero_dispersion_wavelength_m=lam0),
        photodetector=GermaniumPhotodetector.from_responsivity(0.8, wavelength_m=lam, dark_current_a=5e-9,
                                                               capacitance_f=1e-18, transit_bandwidth_hz=5e12),
        tia=TransimpedanceAmplifier(bandwidth_hz=1e12, input_noise_density_a_per_sqrt_hz=18e-12),
        rx_bandwidth_symbol_fraction=frac, implementation_penalty_db=0.0, rx_ffe_taps=0, rx_ffe_precursors=0,
    )


IMPAIRED = dict(
    drive=DriveSettings(driver_bandwidth_hz=0.8 * RS, rj_rms_ui=0.01, dj_pp_ui=0.05, ffe_taps=(-0.05, 0.9, -0.05)),
    receiver=ReceiverSettings(filter="brickwall", brickwall_taps=63),
    received_power_dbm=-13.0,
)


def _collect(chunks):
    parts = list(chunks)
    return {
        "wave": np.concatenate([c.waveform_a for c in parts]),
        "samples": np.concatenate([c.samples_a for c in parts]),
        "symbols": np.concatenate([c.symbols for c in parts]),
        "decisions": np.concatenate([c.decisions for c in parts]),
        "starts": [c.waveform_start for c in parts],
        "sizes": [c.waveform_a.size for c in parts],
    }


SMOOTH = dict(  # no jitter: the Gaussian driver runs through the filtered-step table
    drive=DriveSettings(driver_bandwidth_hz=0.8 * RS, driver_filter="gaussian"),
    receiver=ReceiverSettings(filter="bessel4"),
    received_power_dbm=-16.0,
)


@pytest.mark.parametrize("options", [IMPAIRED, SMOOTH], ids=["jitter-bessel-driver-brickwall", "gaussian-driver"])
def test_results_are_identical_for_any_chunk_size(options):
    lane = _lane(fiber_m=10e3, d_ps_nm_km=-3.0)
    ref = _collect(stream(lane, n_symbols=6000, chunk_symbols=6000, samples_per_symbol=8, seed=3, **options))
    assert ref["symbols"].size == 6000 and np.count_nonzero(ref["decisions"] != ref["symbols"]) > 0
    for chunk in (1000, 777, 4097, 13):
        got = _collect(stream(lane, n_symbols=6000, chunk_symbols=chunk, samples_per_symbol=8, seed=3, **options))
        for key in ("wave", "samples", "symbols", "decisions"):
            assert np.array_equal(got[key], ref[key]), (chunk, key)
        assert got["starts"] == list(np.cumsum([0] + got["sizes"][:-1]))


def test_wdm_ring_lane_is_chunk_invariant():
    lane = PRESETS["cpo-mrm-wdm-200g"].build()
    kw = dict(n_symbols=1500, samples_per_symbol=8, seed=1, drive=DriveSettings(rj_rms_ui=0.01))
    a = simulate(lane, chunk_symbols=1500, **kw)
    b = simulate(lane, chunk_symbols=211, **kw)
    assert (a.bit_errors, a.symbol_errors) == (b.bit_errors, b.symbol_errors)
    assert np.array_equal(a.capture.waveform_a, b.capture.waveform_a)


def test_same_seed_same_result_and_seeds_differ():
    lane = _lane()
    a = simulate(lane, n_symbols=4000, seed=9, samples_per_symbol=8, **IMPAIRED)
    b = simulate(lane, n_symbols=4000, seed=9, samples_per_symbol=8, **IMPAIRED)
    c = simulate(lane, n_symbols=4000, seed=10, samples_per_symbol=8, **IMPAIRED)
    assert np.array_equal(a.capture.waveform_a, b.capture.waveform_a) and a.bit_errors == b.bit_errors
    assert not np.array_equal(a.capture.waveform_a, c.capture.waveform_a)


@pytest.mark.parametrize("modulation,frac,sps,target", [("nrz", 2.0, 32, 4e-3), ("pam4", 1.5, 16, 2e-3)])
def test_ber_agrees_with_the_analytic_engine(modulation, frac, sps, target):
    """Linear, ISI-free, thermal-noise-limited lane (ideal-bandwidth drive and MZM, no
    dispersion, a 200 pA/sqrt(Hz) TIA so shot and RIN noise are < 0.5 % of the variance, Bessel
    receiver at ``frac`` x the symbol rate with >= 10 samples per 3 dB bandwidth, sampled at the
    widest eye): the noise-free levels are the engine's within 1 % of the OMA (the Bessel-Thomson
    step overshoot, ~0.9 %: the widest eye of a flat-topped NRZ eye may sit anywhere on its
    plateau, and single precision decides between near-equal openings), the sigmas within 0.1 %,
    and the counted
    BER's 95 % Clopper-Pearson interval holds the engine's exact Gaussian BER. The engine runs
    with its ideal receiver (static levels, no ISI: the closed form this lane approaches); the
    lane's own receiver is held to the simulator in tests/validation/test_lane_consistency.py."""
    lane = _lane(modulation, fiber_m=0.0, frac=frac).replace(target_ber=target)
    lane = lane.replace(tia=lane.tia.replace(input_noise_density_a_per_sqrt_hz=200e-12))
    laser = float(evaluate(lane, receiver="ideal").required_source_power_w(0.0))
    lane = lane.replace(source=lane.source.replace(output_power_w=laser))
    result = evaluate(lane, receiver="ideal")
    engine_ber = float(result.ber)
    assert engine_ber == pytest.approx(target, rel=1e-3)
    r = simulate(lane, n_symbols=2**18, samples_per_symbol=sps, seed=5, sampling="max_opening")
    oma = np.ptp(result.current_levels_a)
    assert np.all(np.abs(r.calibration.level_means_a - result.current_levels_a) < 1e-2 * oma)
    assert np.allclose(r.calibration.level_sigmas_a, result.sigmas_a, rtol=1e-3, atol=0)
    assert r.ber_ci[0] <= engine_ber <= r.ber_ci[1]
    assert r.bit_errors > 800


def test_received_power_is_set_by_the_voa():
    lane = _lane()
    sim = LinkSimulation(lane, received_power_dbm=-12.0)
    assert sim.calibration.received_power_w == pytest.approx(10 ** (-1.2) * 1e-3, rel=1e-9)
    assert np.mean(sim.calibration.level_means_a) == pytest.approx(0.8 * 10 ** (-1.2) * 1e-3, rel=0.02)
    with pytest.raises(PhysicsError, match="VOA"):
        LinkSimulation(lane, received_power_dbm=20.0)


def test_ber_falls_as_received_power_rises():
    lane = _lane()
    bers = [simulate(lane, n_symbols=2**15, samples_per_symbol=8, received_power_dbm=p).ber for p in (-17.0, -15.0, -13.0)]
    assert bers[0] > bers[1] > bers[2]


def test_single_and_double_precision_agree():
    """Same noise variates: single precision flips at most a couple of marginal decisions."""
    lane = _lane()
    kw = dict(n_symbols=2**15, samples_per_symbol=8, seed=2, received_power_dbm=-16.0)
    a = simulate(lane, precision="single", **kw)
    b = simulate(lane, precision="double", **kw)
    assert a.bit_errors > 100
    assert abs(a.bit_errors - b.bit_errors) <= 2
    assert np.allclose(a.capture.waveform_a, b.capture.waveform_a, rtol=0, atol=1e-5 * np.ptp(b.capture.waveform_a))


def test_capture_holds_the_decision_samples():
    lane = _lane()
    r = simulate(lane, n_symbols=3000, samples_per_symbol=8, capture_symbols=500, received_power_dbm=-14.0)
    cap = r.capture
    assert cap.waveform_a.size == 500 * 8 and cap.symbols.size == 500
    chunks = list(stream(lane, n_symbols=3000, samples_per_symbol=8, received_power_dbm=-14.0))
    samples = np.concatenate([c.samples_a for c in chunks])[:500]
    assert np.array_equal(cap.waveform_a[cap.centre_offset + 8 * np.arange(500)], samples)
    assert np.array_equal(cap.symbols, np.concatenate([c.symbols for c in chunks])[:500])


def test_progress_reports_every_chunk():
    seen = []
    simulate(_lane(), n_symbols=5000, chunk_symbols=2000, samples_per_symbol=8, progress=lambda d, n: seen.append((d, n)))
    assert seen[-1] == (5000, 5000) and all(n == 5000 for _, n in seen) and len(seen) >= 3


@pytest.mark.parametrize(
    "kwargs,match",
    [
        (dict(n_symbols=0), "n_symbols"),
        (dict(n_symbols=10, chunk_symbols=0), "chunk_symbols"),
        (dict(n_symbols=10, samples_per_symbol=1), "samples_per_symbol"),
        (dict(n_symbols=10, pattern="prbs8"), "pattern"),
        (dict(n_symbols=10, precision="half"), "precision"),
        (dict(n_symbols=10, thresholds_a=[1e-4]), "thresholds_a"),
        (dict(n_symbols=10, received_power_dbm=float("nan")), "received_power_dbm"),
        (dict(n_symbols=10, seed=-2), "seed"),
    ],
)
def test_bad_input_is_a_config_error(kwargs, match):
    with pytest.raises(ConfigError, match=match):
        simulate(_lane(), **kwargs)


def test_array_lanes_and_non_lanes_are_rejected():
    with pytest.raises(ConfigError, match="array"):
        simulate(_lane().replace(implementation_penalty_db=np.array([0.0, 1.0])), n_symbols=10)
    with pytest.raises(ConfigError, match="Lane"):
        simulate("400g-dr4", n_symbols=10)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_simulates(name):
    """Each preset (MZM with its RF roll-off, ring modulator + ring demux with aggressors,
    external laser source) runs with ordered, finite levels, deciding with the lane's own
    receiver FFE by default (errors count after its training symbols, a quarter of a short run)."""
    lane = PRESETS[name].build()
    r = simulate(lane, n_symbols=3000, samples_per_symbol=8, capture_symbols=100)
    assert r.extras["rx_ffe_taps"] and len(r.extras["rx_ffe_taps"]) == int(lane.rx_ffe_taps)
    assert r.extras["rx_ffe_training_symbols"] == 750
    assert 0.0 <= r.ber <= 0.5 and r.n_bits == 2 * r.n_symbols and 3000 - 750 - 16 <= r.n_symbols <= 3000 - 750
    assert r.capture.waveform_a.size == 800 and np.all(np.isfinite(r.capture.waveform_a))
    assert np.all(np.diff(r.calibration.level_means_a) > 0)


def test_eam_lane_simulates():
    from cposim.devices.electro_absorption import ElectroAbsorptionModulator

    lane = _lane().replace(modulator=ElectroAbsorptionModulator(bandwidth_hz=60e9))
    r = simulate(lane, n_symbols=4000, samples_per_symbol=8, received_power_dbm=-10.0)
    assert r.calibration.received_power_w == pytest.approx(1e-4, rel=1e-9)
    assert r.ber < 0.05


def test_too_many_aggressors_is_a_config_error():
    with pytest.raises(ConfigError, match="n_aggressors"):
        LinkSimulation(PRESETS["cpo-mrm-wdm-200g"].build(), n_aggressors=50)
