"""Side-by-side comparison and the vectorised sweep: the sweep agrees point by point with
the scalar per-port model, and the comparison reports what it cannot serve."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.errors import ConfigError
from cposim.package.architectures import evaluate_port
from cposim.package.compare import compare_ports, compare_sweep, sweep_architecture

ARCHS = ["dsp-dr", "lro", "npo", "cpo-mrm", "cpo-dr"]


def test_vectorised_sweep_matches_scalar_ports_point_by_point():
    rng = np.random.default_rng(7)
    n = 12
    points = {
        "lane_rate_bps": rng.choice([100e9, 200e9], n),
        "length_m": rng.uniform(10.0, 500.0, n),
        "laser_power_offset_db": rng.uniform(-1.5, 1.5, n),
        "host_serdes.energy_growth_per_rate_doubling": rng.uniform(1.0, 1.5, n),
    }
    out = compare_sweep(points, architectures=ARCHS, port_rate_bps=1.6e12, chunk_size=5)
    for name in ARCHS:
        for k in (0, 5, 11):
            rate = float(points["lane_rate_bps"][k])
            overrides = {"host_serdes.energy_growth_per_rate_doubling": points[
                "host_serdes.energy_growth_per_rate_doubling"][k]}
            r0 = evaluate_port(name, port_rate_bps=1.6e12, lane_rate_bps=rate)
            if "laser_power_class" in r0.extras:  # an external laser source: offset its class
                overrides["source.power_offset_db"] = points["laser_power_offset_db"][k]
            else:
                from cposim.package.optical_port import build_lane
                from cposim.package.architectures import get_architecture

                lane = build_lane(get_architecture(name), payload_bps=rate, lanes=int(1.6e12 / rate))
                overrides["source.output_power_w"] = float(lane.source.output_power_w) * 10 ** (
                    points["laser_power_offset_db"][k] / 10)
            one = evaluate_port(name, port_rate_bps=1.6e12, lane_rate_bps=rate,
                                length_m=float(points["length_m"][k]), overrides=overrides)
            assert out[name]["power_w_per_port"][k] == pytest.approx(float(one.power_w_per_port), rel=1e-9)
            # the margin solver stops within ~4e-4 dB (cposim.link.engine), per call
            assert out[name]["margin_db"][k] == pytest.approx(float(one.margin_db), abs=2e-3)


def test_same_seed_same_result():
    def run():
        rng = np.random.default_rng(3)
        return compare_sweep({"length_m": rng.uniform(10, 400, 8)}, architectures=["cpo-mrm"])
    a, b = run(), run()
    np.testing.assert_array_equal(a["cpo-mrm"]["power_w_per_port"], b["cpo-mrm"]["power_w_per_port"])


def test_sweep_refuses_lengths_beyond_the_class_reach_and_copper():
    with pytest.raises(ConfigError, match="class reach"):
        sweep_architecture("dsp-dr", {"fiber.length_m": np.array([100.0, 900.0])})
    with pytest.raises(ConfigError, match="copper"):
        sweep_architecture("dac", {"awg": np.array([26.0])})
    with pytest.raises(ConfigError, match="shared knob"):
        compare_sweep({"temperature": np.ones(3)}, architectures=["npo"])


def test_compare_lists_excluded_architectures_with_their_reason():
    results, excluded = compare_ports(port_rate_bps=3.2e12, lane_rate_bps=400e9,
                                      architectures=["dsp-dr", "cpo-mrm", "lpo"])
    assert [r.architecture for r in results] == ["dsp-dr"]
    reasons = dict(excluded)
    assert set(reasons) == {"cpo-mrm", "lpo"}
    assert "ring modulator" in reasons["cpo-mrm"]


def test_a_single_named_architecture_that_cannot_serve_raises():
    with pytest.raises(ConfigError):
        compare_ports(port_rate_bps=3.2e12, lane_rate_bps=400e9, architectures=["cpo-mrm"])
