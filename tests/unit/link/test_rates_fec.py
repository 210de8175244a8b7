"""Optical versus electrical rates of a lane and the FEC it reports (issue 10).

200G/lane optics carry the 802.3dj inner code: 226.875 Gb/s (113.4375 GBd PAM4, STD-3DJ-01)
over a 212.5 Gb/s host lane (STD-06). Host SerDes gearboxes follow the electrical rate; the
TIA and modulator are charged at the optical rate. BER and margin numbers are not pinned here
(the engine's penalty model is changing independently).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from cposim.cli.main import app
from cposim.devices.fec import ConcatenatedFec, ReedSolomonFec
from cposim.link.engine import energy_breakdown, evaluate, fec_threshold_ber
from cposim.link.summary import lane_summary
from cposim.presets import PRESETS
from cposim.presets.architecture_lanes import ARCHITECTURE_PRESETS, dsp_dr_lane, npo_dr_lane
from cposim.units import PICO

ALL_PRESETS = {**PRESETS, **ARCHITECTURE_PRESETS}


@pytest.fixture(scope="module")
def cpo_json():
    res = CliRunner().invoke(app, ["link", "cpo-mrm-wdm-200g", "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_cli_json_reports_the_802_3dj_optical_and_electrical_rates(cpo_json):
    """STD-3DJ-01: 113.4375 GBd PAM4 = 226.875 Gb/s optical; STD-06: 212.5 Gb/s host lane.
    Exact (rel 1e-12): rates are set, symbol rate = line rate / 2 bits per PAM4 symbol."""
    assert cpo_json["symbol_rate_baud"] == pytest.approx(113.4375e9, rel=1e-12)
    assert cpo_json["line_rate_bps"] == pytest.approx(226.875e9, rel=1e-12)
    assert cpo_json["electrical_rate_bps"] == pytest.approx(212.5e9, rel=1e-12)
    assert cpo_json["line_rate_bps"] / cpo_json["electrical_rate_bps"] == pytest.approx(363 / 340, rel=1e-12)


def test_cli_json_reports_the_fec_and_its_decoding(cpo_json):
    """STD-03: concatenated FEC, soft-decision inner code by default, threshold 4.8e-3 (an
    identity: the published figure is the input); the lane is judged by that threshold."""
    assert cpo_json["fec"] == {"name": "concatenated_fec", "inner_decoding": "soft", "threshold_ber": 4.8e-3}
    assert cpo_json["target_ber"] == pytest.approx(4.8e-3, rel=1e-12)


def test_cli_json_counts_one_host_serdes_per_200g_lane(cpo_json):
    """The 212.5 Gb/s host lane needs ONE 212.5 Gb/s SerDes, not ceil(226.875 / 212.5) = 2:
    host_serdes energy = one SerDes lane's power / payload rate (rel 1e-9, float rounding)."""
    lane = PRESETS["cpo-mrm-wdm-200g"].build()
    one = float(lane.host_serdes.power_w) / float(lane.data_rate_bps) / PICO
    assert cpo_json["energy_breakdown_pj_per_bit"]["host_serdes"] == pytest.approx(one, rel=1e-9)


def test_cli_table_shows_rates_fec_and_decoding():
    res = CliRunner().invoke(app, ["link", "cpo-mrm-wdm-200g"])
    assert res.exit_code == 0, res.output
    text = " ".join(res.stdout.split())
    assert "226.875 Gb/s optical line (113.4375 GBd)" in text
    assert "212.500 Gb/s host electrical" in text
    assert "soft-decision inner code" in text and "4.80e-03" in text


def test_400g_lane_counts_two_200g_host_lanes():
    """CPS-ARC-12: a 400G/lane DSP module gearboxes two 212.5 Gb/s host lanes into one lane;
    its electrical rate stays 425 Gb/s (CPS-ARC-01) while the optics carry the inner code at
    the 200G ratio: 425 x 363/340 = 453.75 Gb/s. Exact counts (rel 1e-12)."""
    for build in (dsp_dr_lane, npo_dr_lane):
        lane = build(lane_rate_bps=400e9)
        assert float(lane.host_electrical_rate_bps) == 425e9
        assert float(lane.line_rate_bps) == pytest.approx(453.75e9, rel=1e-12)
        assert float(lane.fec.inner_lane_rate_bps) == pytest.approx(453.75e9, rel=1e-12)
        host = energy_breakdown(lane).power_w["host_serdes"]
        assert float(host) == pytest.approx(2.0 * float(lane.host_serdes.power_w), rel=1e-12)


def test_gearbox_count_follows_the_electrical_rate_not_the_optical_one():
    """Same lane, same 212.5 Gb/s SerDes: with the host at 212.5 Gb/s one SerDes lane; with
    electrical_rate_bps 0 (= the 226.875 Gb/s optical rate) a gearbox of two."""
    lane = PRESETS["1.6t-dr8"].build()
    serdes_w = float(lane.host_serdes.power_w)
    assert float(energy_breakdown(lane).power_w["host_serdes"]) == pytest.approx(serdes_w, rel=1e-12)
    same = lane.replace(electrical_rate_bps=0.0)
    assert float(energy_breakdown(same).power_w["host_serdes"]) == pytest.approx(2 * serdes_w, rel=1e-12)


def test_receiver_and_modulator_are_charged_at_the_optical_rate():
    """TIA power is energy per bit x the OPTICAL line rate (226.875 Gb/s); changing the
    electrical rate alone moves neither the receiver nor the modulator drive."""
    lane = PRESETS["cpo-mrm-wdm-200g"].build()
    p = energy_breakdown(lane).power_w
    assert float(p["receiver"]) == pytest.approx(float(lane.tia.power_at_bit_rate_w(226.875e9)), rel=1e-12)
    other = energy_breakdown(lane.replace(electrical_rate_bps=226.875e9)).power_w
    assert float(other["receiver"]) == float(p["receiver"])
    assert float(other["modulator_drive"]) == float(p["modulator_drive"])


@pytest.mark.parametrize("name", list(ALL_PRESETS))
def test_every_preset_runs_its_optics_at_the_rate_its_fec_implies(name):
    """Lanes with the concatenated FEC: optical = electrical x 363/340 (STD-3DJ-01/STD-06,
    CPS-ARC-01 at 400G) and the line rate cites STD-3DJ-01; RS-only lanes (100G, 200G LPO):
    electrical_rate_bps 0, i.e. optics at the electrical rate."""
    lane = ALL_PRESETS[name].build()
    if isinstance(lane.fec, ConcatenatedFec):
        assert float(lane.line_rate_bps) / float(lane.electrical_rate_bps) == pytest.approx(363 / 340, rel=1e-12)
        assert "STD-3DJ-01" in lane.sources_by_parameter()["line_rate_bps"]
        assert float(lane.fec.inner_lane_rate_bps) == float(lane.line_rate_bps)
        assert lane.fec.inner_decoding == "soft"
    else:
        assert isinstance(lane.fec, ReedSolomonFec)
        assert float(lane.electrical_rate_bps) == 0.0
        assert float(lane.host_electrical_rate_bps) == float(lane.line_rate_bps)


def test_threshold_cache_distinguishes_the_decodings():
    hard = float(fec_threshold_ber(ConcatenatedFec(inner_decoding="hard")))
    soft = float(fec_threshold_ber(ConcatenatedFec(inner_decoding="soft")))
    assert hard == pytest.approx(1.4173e-3, rel=1e-3) and soft == 4.8e-3
    assert float(fec_threshold_ber(ConcatenatedFec(inner_decoding="hard"))) == hard  # cached, same key


def test_hard_decision_lane_is_judged_by_the_hard_threshold():
    lane = PRESETS["cpo-mrm-wdm-200g"].build()
    hard = lane.replace(fec=lane.fec.replace(inner_decoding="hard"))
    s = lane_summary(evaluate(hard))
    assert s["fec"]["inner_decoding"] == "hard"
    assert s["target_ber"] == pytest.approx(s["fec"]["threshold_ber"], rel=1e-12)
    assert s["fec"]["threshold_ber"] == pytest.approx(1.4173e-3, rel=1e-3)


def test_rs_only_lane_reports_no_inner_decoding():
    s = lane_summary(evaluate(PRESETS["800g-dr8"].build()))
    assert s["fec"] == {"name": "reed_solomon_fec", "threshold_ber": 2.4e-4}
    assert s["electrical_rate_bps"] == s["line_rate_bps"] == pytest.approx(106.25e9, rel=1e-12)
    assert np.isclose(s["symbol_rate_baud"], 53.125e9)
