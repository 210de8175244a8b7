"""One model, one number: the analytic engine and the time-domain simulator agree.

For every preset (and the engine optimizer's chosen design), at the received power where the
analytic engine puts the lane exactly at its FEC threshold (received average power minus
margin), ``cposim.signal.simulate`` with its default receiver (the lane's own FFE) counts a
BER within 3x of that threshold (issue acceptance; the tolerance covers the Gaussian
treatment of residual ISI in the engine and the counting uncertainty: >= 25 expected errors
at 2^17 symbols for the KP4 threshold, >= 500 for the concatenated one).
"""

from __future__ import annotations

import pytest

from cposim.link.engine import evaluate
from cposim.presets import PRESETS
from cposim.signal.pipeline import simulate

SYMBOLS = 1 << 17
FACTOR = 3.0


def _check_at_threshold(lane, name):
    r = evaluate(lane)
    assert not bool(r.margin_limited), f"{name}: the engine finds no power that reaches the threshold"
    p_threshold = float(r.received_average_dbm - r.margin_db)
    target = float(r.target_ber)
    s = simulate(lane, n_symbols=SYMBOLS, received_power_dbm=p_threshold, seed=5, capture_symbols=0)
    assert target / FACTOR <= s.ber <= target * FACTOR, (
        f"{name}: simulated BER {s.ber:.3g} ({s.bit_errors} errors) at {p_threshold:.2f} dBm vs threshold {target:.3g}")


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PRESETS))
def test_simulator_counts_the_threshold_where_the_engine_puts_it(name):
    lane = PRESETS[name].build()
    r = evaluate(lane)
    if float(r.received_average_dbm - r.margin_db) > float(r.received_average_dbm):
        pytest.skip(f"{name}: the lane does not close at its own power (negative margin); a VOA cannot add power")
    _check_at_threshold(lane, name)


@pytest.mark.slow
def test_the_optimizers_chosen_design_passes_the_same_check():
    from cposim.engine.optimizer import optimize
    from cposim.engine.spec import EngineSpec

    result = optimize(EngineSpec(), target_capacity_bps=1.6e12)
    lane = result.best.result.lane
    _check_at_threshold(lane, "engine optimum (1.6T)")
