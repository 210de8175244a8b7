"""Linear vs retimed co-packaged engines (issue 10, one consistent lane).

A linear engine (no CDR/DSP: cpo-mrm, cpo-dr, npo, lpo) leaves one channel between the two
switch ASICs: both host channels plus the optical link in series (CPS-LIN-01); the host
SerDes class must cover that combined loss. A retimed engine (``-retimed``, CPS-LIN-04)
ends the channel in the engine: each host sees its own short channel, and the retimer's
power is charged to the port."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.devices.dsp import RETIMER_ENERGY_J_PER_BIT
from cposim.devices.serdes import SERDES_CLASSES, Serdes, serdes_energy_for_loss_pj_per_bit
from cposim.electrical.topologies import host_channel_loss_db
from cposim.errors import ConfigError
from cposim.link.engine import evaluate
from cposim.package.architectures import evaluate_port, get_architecture
from cposim.package.compare import compare_ports
from cposim.package.host_interface import host_side
from cposim.package.optical_port import OPTICAL_LINK_ALLOWANCE_DB, build_lane, optical_link_loss_db
from cposim.presets import architecture_lanes as A

RATE_200G = 212.5e9  # host electrical lane at 200G/lane (STD-06)
RATE_100G = 106.25e9  # CPS-SER-02


def _optical_db(name: str, payload: float) -> float:
    """2 x the link engine's waveform penalty of the architecture's lane (CPS-LIN-02)."""
    arch = get_architecture(name)
    lane = getattr(A, arch.lane_builder)(lane_rate_bps=payload, lanes=8)
    return 2.0 * max(float(evaluate(lane).waveform_penalty_db), 0.0)


@pytest.mark.parametrize(("name", "kind"), [("cpo-mrm", "co_packaged"), ("cpo-dr", "co_packaged"),
                                             ("npo", "near_packaged")])
def test_linear_engine_host_class_covers_both_host_channels_and_the_optics_CPS_LIN_01(name, kind):
    """CPS-LIN-01: class budget >= far + near host channel + 2 x waveform penalty (CPS-LIN-02),
    tolerance 0.01 dB on the reported loss. Fails on the old rule (one ~3.4 dB channel -> USR,
    whose 4 dB budget is below 2 x 3.4 dB)."""
    r = evaluate_port(name, port_rate_bps=1.6e12, lane_rate_bps=200e9)
    combined = 2 * host_channel_loss_db(kind, lane_rate_bps=RATE_200G) + _optical_db(name, 200e9)
    assert r.host_channel_loss_db == pytest.approx(combined, abs=0.01)
    budget = float(Serdes(reach_class=r.host_serdes_class, lane_rate_bps=RATE_200G).channel_loss_budget_db)
    assert budget >= combined
    # the cheapest class that covers it: every cheaper class falls short
    for cheaper in SERDES_CLASSES[:SERDES_CLASSES.index(r.host_serdes_class)]:
        assert float(Serdes(reach_class=cheaper, lane_rate_bps=RATE_200G).channel_loss_budget_db) < combined
    # host power is that class's energy x 212.5 Gb/s x 8 lanes (SerDes device, CPS-SER-11)
    expected = float(serdes_energy_for_loss_pj_per_bit(combined, RATE_200G)) * 1e-12 * RATE_200G * 8
    assert float(r.breakdown_w["host_serdes"]) == pytest.approx(expected, rel=1e-9)
    assert "unretimed" in r.host_explanation and r.host_serdes_class in r.host_explanation


def test_co_packaged_linear_engine_needs_more_than_usr_CPS_SER_04():
    """CPS-SER-04: USR covers 4 dB at 212.5 Gb/s; two co-packaged channels alone exceed it."""
    two = 2 * host_channel_loss_db("co_packaged", lane_rate_bps=RATE_200G)
    assert two > float(Serdes(reach_class="usr", lane_rate_bps=RATE_200G).channel_loss_budget_db)
    for name in ("cpo-mrm", "cpo-dr"):
        assert evaluate_port(name).host_serdes_class != "usr"


@pytest.mark.parametrize("base", ["cpo-mrm", "cpo-dr"])
def test_retimed_engine_host_follows_its_own_channel_and_pays_the_retimer_CPS_LIN_04(base):
    """CPS-LIN-04 (PWR-13 x CPS-ARC-11): 0.9 W per lane retimer, exact; host class from the
    single co-packaged channel (~3.4 dB -> USR, CPS-SER-04)."""
    lin = evaluate_port(base)
    ret = evaluate_port(f"{base}-retimed")
    own = host_channel_loss_db("co_packaged", lane_rate_bps=RATE_200G)
    assert ret.host_channel_loss_db == pytest.approx(own)
    budget = float(Serdes(reach_class=ret.host_serdes_class, lane_rate_bps=RATE_200G).channel_loss_budget_db)
    assert budget >= own and ret.host_serdes_class == "usr"
    retimer_w_per_lane = 1.2 * RETIMER_ENERGY_J_PER_BIT * RATE_200G
    assert retimer_w_per_lane == pytest.approx(0.9, rel=1e-9)
    assert float(ret.breakdown_w["dsp_retimer"]) == pytest.approx(8 * retimer_w_per_lane, rel=1e-9)
    assert float(lin.breakdown_w["dsp_retimer"]) == 0.0
    # same optics: drive, receiver and laser equal; only the retimer, its overhead share and
    # the host class differ
    for k in ("modulator_drive", "receiver", "laser", "ring_tuning"):
        assert float(ret.breakdown_w[k]) == pytest.approx(float(lin.breakdown_w[k]))
    assert float(ret.breakdown_w["host_serdes"]) < float(lin.breakdown_w["host_serdes"])
    assert float(ret.margin_db) == pytest.approx(float(lin.margin_db))
    assert "PWR-13" in ret.sources and "CPS-LIN-04" in ret.sources


def test_retimed_engine_lane_carries_the_retimer_as_its_dsp():
    lane = build_lane(get_architecture("cpo-dr-retimed"), payload_bps=200e9, lanes=8)
    assert lane.dsp is not None
    assert float(np.asarray(lane.dsp.power_w)) / 8 == pytest.approx(0.9, rel=1e-9)
    with pytest.raises(ConfigError, match="retimer"):
        evaluate_port("cpo-dr-retimed", port_rate_bps=3.2e12, lane_rate_bps=400e9)


def test_both_variants_appear_in_the_1p6t_comparison():
    results, excluded = compare_ports(port_rate_bps=1.6e12, lane_rate_bps=200e9)
    names = [r.architecture for r in results]
    for n in ("cpo-mrm", "cpo-dr", "cpo-mrm-retimed", "cpo-dr-retimed"):
        assert n in names
    assert all(r.host_explanation for r in results)


def test_lpo_unchanged_lr_at_100g_and_refused_at_200g_CPS_LIN_01():
    """LPO: 100G/lane still LR (2 x 14.0 dB host + optics <= 35 dB, SER-13); 200G/lane still
    refused (2 x 21.9 dB alone exceeds LR's 40 dB, SER-08)."""
    r = evaluate_port("lpo", port_rate_bps=800e9, lane_rate_bps=100e9)
    assert r.host_serdes_class == "lr"
    two = 2 * host_channel_loss_db("lpo_host", lane_rate_bps=RATE_100G)
    assert r.host_channel_loss_db >= two
    assert r.host_channel_loss_db <= float(Serdes(reach_class="lr", lane_rate_bps=RATE_100G).channel_loss_budget_db)
    assert 2 * host_channel_loss_db("lpo_host", lane_rate_bps=RATE_200G) > 40.0
    with pytest.raises(ConfigError, match="exceeds every reach-class budget"):
        evaluate_port("lpo", port_rate_bps=1.6e12, lane_rate_bps=200e9)


def test_host_serdes_power_is_monotone_in_channel_loss():
    """More loss in the linear channel never costs less host power (step function, SerDes device)."""
    losses = np.linspace(0.0, 40.0, 161)
    powers = [float(host_side(tx_kind="co_packaged", rx_kind="co_packaged", payload_bps=200e9, gearbox_400g=False,
                              unretimed=True, optical_loss_db=x).power_per_lane_w)
              for x in np.clip(losses - 2 * host_channel_loss_db("co_packaged", lane_rate_bps=RATE_200G), 0, None)]
    assert all(b >= a for a, b in zip(powers, powers[1:]))
    assert powers[-1] > powers[0]  # and it does rise: USR at the start, LR-class near the end


def test_optical_loss_reads_the_engine_budget_key_else_the_allowance_row_CPS_LIN_02_03():
    """A ``waveform_penalty_db`` budget key is used (x 2, CPS-LIN-02); with no engine number
    the optical share is the CPS-LIN-03 row (1.2 / 4.5 dB at 100G / 200G)."""
    from types import SimpleNamespace

    from cposim.references import all_sources

    db, basis = optical_link_loss_db(200e9, SimpleNamespace(budget_db={"waveform_penalty_db": np.array([1.5, 2.5])}))
    assert db == pytest.approx(5.0) and "budget" in basis  # the worst point of a sweep
    for payload, value in ((100e9, 1.2), (200e9, 4.5)):
        db, basis = optical_link_loss_db(payload, SimpleNamespace(budget_db={}))
        assert db == OPTICAL_LINK_ALLOWANCE_DB[payload] == value and "CPS-LIN-03" in basis
        assert optical_link_loss_db(payload, None)[0] == value
    assert all_sources()["CPS-LIN-03"].value == "1.2 / 4.5"


def test_negative_optical_loss_is_refused():
    with pytest.raises(ConfigError, match="optical_loss_db"):
        host_side(tx_kind="co_packaged", rx_kind="co_packaged", payload_bps=200e9, gearbox_400g=False,
                  unretimed=True, optical_loss_db=-1.0)
