"""The simulator's trained receiver FFE: opens 200G-per-lane eyes, chunk-invariant, checked."""

from __future__ import annotations

import pytest

from cposim.errors import ConfigError
from cposim.presets import PRESETS
from cposim.signal.pipeline import simulate

LANE = PRESETS["1.6t-dr8"].build()


def test_rx_ffe_opens_the_200g_eye_the_unequalised_receiver_cannot():
    """113 GBd behind a 45 GHz (100G-class) receiver: closed raw, open after a 7-tap FFE."""
    narrow = LANE.replace(tia=LANE.tia.replace(bandwidth_hz=45e9))
    plain = simulate(narrow, n_symbols=40000, capture_symbols=0, rx_ffe_taps=0)  # the raw samples
    eq = simulate(narrow, n_symbols=40000, capture_symbols=0, rx_ffe_taps=7, rx_ffe_pre=2,
                  rx_ffe_training_symbols=12000)
    assert plain.ber > 1e-2  # ISI closes the eye without equalisation
    assert eq.ber_ci[1] < 1e-3  # the upper confidence bound is far below it
    assert eq.n_symbols == 40000 - 12000 - 2  # training and the decision delay are not counted


@pytest.mark.parametrize("chunk", [777, 4096])
def test_rx_ffe_results_do_not_depend_on_the_chunk_size(chunk):
    kw = dict(n_symbols=24000, capture_symbols=0, rx_ffe_taps=5, rx_ffe_pre=1, rx_ffe_training_symbols=6000,
              received_power_dbm=-9.0)
    ref = simulate(LANE, chunk_symbols=2**14, **kw)
    got = simulate(LANE, chunk_symbols=chunk, **kw)
    assert (got.bit_errors, got.symbol_errors, got.n_symbols) == (ref.bit_errors, ref.symbol_errors, ref.n_symbols)
    assert got.extras["rx_ffe_taps"] == ref.extras["rx_ffe_taps"]


def test_training_longer_than_the_run_is_a_clear_error():
    with pytest.raises(ConfigError, match="rx_ffe_training_symbols"):
        simulate(LANE, n_symbols=1000, capture_symbols=0, rx_ffe_taps=5, rx_ffe_training_symbols=5000)
