"""Lane builders of the architecture comparison: every supported rate builds, cites known
sources and closes its link; unsupported rates are refused with the reason."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.errors import ConfigError
from cposim.link.engine import evaluate
from cposim.presets import architecture_lanes as A
from cposim.references import all_sources

BUILDERS = ["dsp_dr_lane", "dsp_fr_lane", "lpo_lane", "lro_lane", "npo_dr_lane", "cpo_dr_els_lane",
            "cpo_mrm_wdm_lane"]
CASES = [(b, r) for b in BUILDERS for r in A.supported_lane_rates(b)]


@pytest.mark.parametrize(("builder", "rate"), CASES)
def test_builds_closes_and_cites(builder, rate):
    lane = getattr(A, builder)(lane_rate_bps=rate, lanes=8)
    assert float(lane.data_rate_bps) == rate
    inner = type(lane.fec).__name__ == "ConcatenatedFec"  # the 802.3dj inner code runs on the optics
    assert float(lane.line_rate_bps) == pytest.approx(A.line_rate_bps(rate, inner_fec=inner))
    r = evaluate(lane)
    assert float(r.margin_db) > 0.0
    assert float(r.ber) < float(r.target_ber)
    table = all_sources()
    for path, ids in lane.sources_by_parameter().items():
        assert ids, path
        assert all(i in table for i in ids), (path, ids)


@pytest.mark.parametrize("builder", ["lpo_lane", "lro_lane", "cpo_mrm_wdm_lane"])
def test_400g_is_refused_with_a_reason(builder):
    with pytest.raises(ConfigError) as err:
        getattr(A, builder)(lane_rate_bps=400e9, lanes=8)
    text = str(err.value)
    assert "4e+11" in text and "expected one of" in text and A.why_not_400g(builder)[:20] in text


def test_unknown_rate_is_refused():
    with pytest.raises(ConfigError, match="not modelled"):
        A.dsp_dr_lane(lane_rate_bps=300e9, lanes=8)


@pytest.mark.parametrize(("builder", "rate"), CASES)
def test_module_power_scales_with_lanes(builder, rate):
    """Per-lane accounting: twice the lanes, twice the module power (same pJ/bit)."""
    e4 = evaluate(getattr(A, builder)(lane_rate_bps=rate, lanes=4)).energy
    e8 = evaluate(getattr(A, builder)(lane_rate_bps=rate, lanes=8)).energy
    assert float(e8.module_power_w) == pytest.approx(2 * float(e4.module_power_w), rel=1e-9)
    assert float(e8.total_pj_per_bit) == pytest.approx(float(e4.total_pj_per_bit), rel=1e-9)


def test_fr_lane_is_a_2_km_cwdm_lane_with_one_laser_per_wavelength():
    lane = A.dsp_fr_lane(lane_rate_bps=200e9, lanes=8)
    assert float(lane.fiber.length_m) == 2000.0
    assert lane.fiber.cited["length_m"] == ("RCH-10",)
    assert int(lane.lanes_per_laser) == 1
    dr = A.dsp_dr_lane(lane_rate_bps=200e9, lanes=8)
    # the mux and demux add loss: less margin than the DR lane at its 500 m
    assert float(evaluate(lane).margin_db) < float(evaluate(dr).margin_db)


def test_lro_dsp_is_half_the_dsp_module_and_uses_linear_tia():
    lro = evaluate(A.lro_lane(lane_rate_bps=100e9, lanes=8)).energy.pj_per_bit()
    dsp = evaluate(A.dsp_dr_lane(lane_rate_bps=100e9, lanes=8)).energy.pj_per_bit()
    assert float(lro["dsp"]) == pytest.approx(0.5 * float(dsp["dsp"]))
    assert float(lro["receiver"]) > float(dsp["receiver"])


def test_400g_lanes_are_extrapolations_citing_their_estimates():
    lane = A.dsp_dr_lane(lane_rate_bps=400e9, lanes=8)
    ids = set(lane.source_ids())
    assert {"CPS-ARC-01", "CPS-ARC-02", "CPS-ARC-04"} <= ids
    assert "CPS-ARC-03" not in ids  # its penalty is computed from its waveform, not an allowance
    assert float(lane.symbol_rate_hz) == pytest.approx(226.875e9)  # 425 Gb/s electrical x 363/340 inner code, PAM4


def test_engine_lanes_use_an_external_laser_and_no_dsp():
    for builder in ("npo_dr_lane", "cpo_dr_els_lane", "cpo_mrm_wdm_lane"):
        lane = getattr(A, builder)(lane_rate_bps=200e9, lanes=8)
        assert lane.dsp is None
        assert type(lane.source).__name__ == "ExternalLaserSource"


def test_named_presets_build():
    for name, p in A.ARCHITECTURE_PRESETS.items():
        lane = p.build()
        assert np.isfinite(float(evaluate(lane).energy.module_power_w)), name
