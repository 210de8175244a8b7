"""Per-port architecture models: accounting identities, like-for-like host SerDes, counts of
lasers and fibers, power that follows the device parameters, and clear refusals."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.errors import ConfigError, PhysicsError
from cposim.link.engine import evaluate
from cposim.package.architectures import ARCHITECTURES, evaluate_port, get_architecture, lanes_for_port
from cposim.package.optical_port import build_lane
from cposim.presets import architecture_lanes as A
from cposim.package.port_result import PORT_CONTRIBUTORS
from cposim.references import all_sources

OPTICAL = [n for n, a in ARCHITECTURES.items() if a.medium == "optical" and n != "lpo"]


@pytest.mark.parametrize("name", OPTICAL)
def test_breakdown_sums_to_power_and_energy_is_per_direction(name):
    r = evaluate_port(name, port_rate_bps=1.6e12, lane_rate_bps=200e9)
    assert set(r.breakdown_w) == set(PORT_CONTRIBUTORS)
    total = sum(float(v) for v in r.breakdown_w.values())
    assert float(r.power_w_per_port) == pytest.approx(total)
    assert float(r.energy_pj_per_bit) == pytest.approx(total / 1.6e12 * 1e12)
    assert sum(float(v) for v in r.breakdown_pj_per_bit().values()) == pytest.approx(float(r.energy_pj_per_bit))
    assert float(r.module_power_w) == pytest.approx(total - float(r.breakdown_w["host_serdes"]))
    table = all_sources()
    assert r.sources and all(i in table for i in r.sources)


@pytest.mark.parametrize("name", OPTICAL)
def test_module_part_is_the_link_engine_result(name):
    """The optical contributors are the link engine's, times the lanes (not re-derived)."""
    arch = get_architecture(name)
    r = evaluate_port(name, port_rate_bps=1.6e12, lane_rate_bps=200e9)
    lane = build_lane(arch, payload_bps=200e9, lanes=8)  # the preset lane (+ the engine retimer of -retimed)
    engine = evaluate(lane).energy
    p = engine.power_w
    assert float(r.breakdown_w["laser"]) == pytest.approx(8 * float(p["laser"]))
    assert float(r.breakdown_w["modulator_drive"]) == pytest.approx(8 * float(p["modulator_drive"]))
    assert float(r.module_power_w) == pytest.approx(float(engine.module_power_w))
    assert float(r.margin_db) == pytest.approx(float(evaluate(lane).margin_db))


def test_host_serdes_follows_the_host_channel_cpo_cheaper_than_pluggable():
    """Host power follows the loss the host SerDes equalises (CPS-LIN-01 for linear engines):
    ordered by that loss, the host power never falls; the co-packaged engines stay below the
    front-panel pluggable's loss and never cost more host power."""
    plug = evaluate_port("dsp-dr")
    rows = [evaluate_port(n) for n in ("cpo-mrm", "cpo-dr", "cpo-mrm-retimed", "cpo-dr-retimed", "npo")] + [plug]
    rows.sort(key=lambda r: r.host_channel_loss_db)
    powers = [float(r.breakdown_w["host_serdes"]) for r in rows]
    assert powers == sorted(powers)
    for r in rows[:-1]:
        if r.architecture.startswith("cpo"):
            assert r.host_channel_loss_db < plug.host_channel_loss_db
            assert float(r.breakdown_w["host_serdes"]) <= float(plug.breakdown_w["host_serdes"])


def test_lasers_and_fibers_per_port():
    dr = evaluate_port("dsp-dr")          # 8 lanes, 2 lanes per DFB, parallel fibers
    assert float(dr.lasers_per_port) == 4 and dr.fibers_per_port == 16 and dr.laser_fibers_per_port == 0
    fr = evaluate_port("dsp-fr")          # one DFB per CWDM wavelength, 4 per duplex fiber pair
    assert float(fr.lasers_per_port) == 8 and fr.fibers_per_port == 4
    mrm = evaluate_port("cpo-mrm")        # 8 wavelengths on one fiber each way + 1 laser fiber
    assert float(mrm.lasers_per_port) == 8 and mrm.signal_fibers_per_port == 2 and mrm.laser_fibers_per_port == 1
    dr_cpo = evaluate_port("cpo-dr")      # each laser fiber split to 4 lanes
    assert float(dr_cpo.lasers_per_port) == 2 and dr_cpo.fibers_per_port == 16 + 2


@pytest.mark.parametrize(
    ("name", "path", "factor"),
    [
        ("dsp-dr", "dsp.energy_j_per_bit", 2.0),
        ("cpo-mrm", "modulator.transmitter_energy_per_bit_j", 2.0),
        ("cpo-mrm", "source.wall_plug_efficiency", 0.5),
        ("npo", "tia.energy_per_bit_j", 2.0),
        ("cpo-dr", "host_serdes.energy_growth_per_rate_doubling", 1.5),
    ],
)
def test_power_follows_the_device_parameters(name, path, factor):
    base = evaluate_port(name)
    lane = getattr(A, get_architecture(name).lane_builder)(lane_rate_bps=200e9, lanes=8)
    if path.startswith("host_serdes."):
        old = 1.2
    else:
        obj = lane
        for part in path.split(".")[:-1]:
            obj = getattr(obj, part)
        old = float(getattr(obj, path.split(".")[-1]))
    changed = evaluate_port(name, overrides={path: old * factor})
    assert float(changed.power_w_per_port) > float(base.power_w_per_port) * 1.01


def test_array_overrides_broadcast_and_match_scalar_calls():
    lengths = np.array([100.0, 300.0, 500.0])
    arr = evaluate_port("cpo-mrm", overrides={"fiber.length_m": lengths})
    for k, length in enumerate(lengths):
        one = evaluate_port("cpo-mrm", length_m=float(length))
        assert float(arr.margin_db[k]) == pytest.approx(float(one.margin_db), rel=1e-9)
    assert np.all(np.diff(arr.margin_db) < 0)  # longer fiber, less margin


def test_length_beyond_the_class_reach_is_refused_with_the_reach():
    with pytest.raises(ConfigError) as err:
        evaluate_port("dsp-dr", length_m=2000.0)
    assert "500 m" in str(err.value) and "RCH-09" in str(err.value)
    assert float(evaluate_port("dsp-fr", length_m=2000.0).margin_db) > 0


def test_200g_lpo_on_a_front_panel_route_cannot_close_and_says_why():
    with pytest.raises(ConfigError) as err:
        evaluate_port("lpo", port_rate_bps=1.6e12, lane_rate_bps=200e9)
    text = str(err.value)
    assert "both ends" in text and "unretimed" in text and "exceeds every reach-class budget" in text


def test_lpo_at_100g_needs_a_long_reach_host_serdes():
    r = evaluate_port("lpo", port_rate_bps=800e9, lane_rate_bps=100e9)
    assert r.host_serdes_class == "lr"
    assert float(r.module_power_w) < float(evaluate_port("dsp-dr", port_rate_bps=800e9,
                                                         lane_rate_bps=100e9).module_power_w)


def test_400g_results_are_flagged_and_counted_with_two_host_lanes():
    r = evaluate_port("dsp-dr", port_rate_bps=3.2e12, lane_rate_bps=400e9)
    assert r.extrapolated and r.host_electrical_lanes == 16 and any("400G" in n for n in r.notes)
    assert "CPS-ARC-12" in r.sources
    cpo = evaluate_port("cpo-dr", port_rate_bps=3.2e12, lane_rate_bps=400e9)
    assert cpo.host_electrical_lanes == 8


def test_unsupported_lane_rates_and_ports_are_refused():
    with pytest.raises(ConfigError, match="ring modulator"):
        evaluate_port("cpo-mrm", port_rate_bps=3.2e12, lane_rate_bps=400e9)
    with pytest.raises(ConfigError, match="whole number"):
        lanes_for_port(1.1e12, 200e9)
    with pytest.raises(ConfigError, match="architecture"):
        evaluate_port("smoke-signals")


def test_passive_dac_at_5_m_and_200g_is_refused_with_an_explanation():
    with pytest.raises(PhysicsError) as err:
        evaluate_port("dac", port_rate_bps=1.6e12, lane_rate_bps=200e9, length_m=5.0)
    text = str(err.value)
    assert "5 m" in text and "margin" in text and "reaches about" in text


def test_aec_port_power_follows_the_retimer_and_has_no_optics():
    base = evaluate_port("aec", port_rate_bps=800e9, lane_rate_bps=100e9, length_m=2.0)
    assert float(base.lasers_per_port) == 0 and base.fibers_per_port == 0 and base.ber is None
    assert float(base.breakdown_w["dsp_retimer"]) == pytest.approx(8 * 3.0 / 8)  # PWR-13: 3 W per 8 lanes
    more = evaluate_port("aec", port_rate_bps=800e9, lane_rate_bps=100e9, length_m=2.0,
                         overrides={"retimer.energy_j_per_bit": 7e-12})
    assert float(more.power_w_per_port) > float(base.power_w_per_port)
    assert float(base.margin_db) > 0 and base.reach_m > 2.0
