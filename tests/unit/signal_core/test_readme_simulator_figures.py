"""The README's time-domain simulator figures, rerun.

Two README tables are rendered from benchmark result files (``benchmarks/results/*.json``) by
``scripts/readme_numbers.py``, whose check compares the README with those files but never
reruns the benchmarks; and one sentence of the simulator section states a result in words.
These tests run the same simulations (the same lanes, powers, seeds and, where it fits in a
few seconds, the same sizes) and check the README's statements:

* "`benchmarks/lane_consistency.py`: at the received power where the analytic engine puts each
  lane at its FEC threshold, the simulator ... counts over N bits (seed S)": the engine columns
  of every preset row, and the counted BER of three rows;
* "Against the peer (OptiCommPy)": cposim's bit errors across the received-power sweep, and
  "All 6 intervals overlap" with the recorded OptiCommPy counts (OptiCommPy, GPL, is not run);
* "It matters at 200G per lane, where the symbol rate behind a ring, a demux and the
  receiver's bandwidth closes the raw eye": the receiver FFE on and off.

Counts are compared with Poisson tolerances (two counts of independent runs differ by more than
3.29 standard deviations, 99.9 %, with probability 1e-3); a rerun with the README's seed and
size reproduces the count exactly on the machine that wrote it. The engine-vs-simulator
paragraph is a generated block (``scripts/readme_numbers.py``), covered by
``tests/unit/test_readme_numbers.py``.
"""

from __future__ import annotations

import importlib.util
import math
import re
from pathlib import Path

import numpy as np
import pytest

from cposim.link.engine import evaluate
from cposim.presets import PRESETS
from cposim.signal.pipeline import simulate
from cposim.signal.receiver import clopper_pearson_interval

ROOT = Path(__file__).resolve().parents[3]
README = ROOT / "README.md"
Z = 3.29  # two-sided 99.9 %


def _block(name: str) -> str:
    m = re.search(rf"<!-- generated:{name} .*?-->\n(.*?)<!-- /generated:{name} -->", README.read_text(), re.S)
    assert m, f"README.md has no generated:{name} block"
    return m.group(1)


def _rows(text: str) -> list[list[str]]:
    """Table rows of a markdown block (header and separator dropped)."""
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in text.splitlines()
            if line.startswith("|") and not line.startswith("|---")]
    return rows[1:]


def _benchmark(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _poisson_close(k_new: float, k_readme: float, scale: float = 1.0) -> bool:
    """``k_new`` (a count over ``scale`` times the README's bits) agrees with the README's count
    ``k_readme`` within Z standard deviations of the difference of two Poisson counts."""
    return abs(k_new - scale * k_readme) <= Z * math.sqrt(k_new + scale**2 * k_readme) + 1.0


# ---- the lane-consistency table -----------------------------------------------------------------
def _lane_table():
    text = _block("lane-consistency")
    head = re.search(r"counts over ([\d,]+) bits \(seed (\d+)", text)
    assert head, text[:300]
    rows = {}
    for cells in _rows(text):
        name = cells[0].strip("`")
        ber = re.match(r"([\d.e+-]+) \(([\d.e+-]+) \.\. ([\d.e+-]+)\)", cells[5])
        rows[name] = dict(threshold=float(cells[1]), margin=float(cells[2]), penalty=float(cells[3]),
                          power=float(cells[4]), ber=float(ber.group(1)), ci=(float(ber.group(2)), float(ber.group(3))),
                          within=cells[7] == "yes")
    return int(head.group(1).replace(",", "")), int(head.group(2)), rows


def test_lane_consistency_engine_columns_are_todays_engine():
    """Every preset row: FEC threshold, margin, waveform penalty and the power at threshold
    (received average power - margin) as ``cposim link`` computes them now, to the README's
    rounding (0.005 dB; the threshold to its 2 digits)."""
    _, _, rows = _lane_table()
    presets = [n for n in rows if n in PRESETS]
    assert len(presets) == len(PRESETS), "the table lists every preset"
    for name in presets:
        r = evaluate(PRESETS[name].build())
        row = rows[name]
        assert float(r.target_ber) == pytest.approx(row["threshold"], rel=0.05), name
        assert float(r.margin_db) == pytest.approx(row["margin"], abs=0.0051), name
        assert float(r.waveform_penalty_db) == pytest.approx(row["penalty"], abs=0.0051), name
        assert float(r.received_average_dbm - r.margin_db) == pytest.approx(row["power"], abs=0.0051), name


@pytest.mark.parametrize(("name", "symbols"), [("800g-dr8", None), ("1.6t-dr8", None), ("cpo-mrm-wdm-200g", 1 << 18)])
def test_lane_consistency_counted_ber(name, symbols):
    """The row's simulated BER: ``simulate`` at the power at threshold with the README's seed,
    at the benchmark's size (``benchmarks/lane_consistency.py``: its bit count is the README's)
    or, for the slow ring lane, a quarter of it; the count agrees with the README's BER x bits
    (Poisson, 99.9 %) and the BER is within 3x of the threshold, as the table says."""
    bits, seed, rows = _lane_table()
    row = rows[name]
    # the benchmark's size, read from its source (importing it would set OMP_NUM_THREADS here)
    shift = re.search(r"^SYMBOLS = 1 << (\d+)$", (ROOT / "benchmarks" / "lane_consistency.py").read_text(), re.M)
    bench_symbols = 1 << int(shift.group(1))
    lane = PRESETS[name].build()
    r = evaluate(lane)
    p_threshold = float(r.received_average_dbm - r.margin_db)
    s = simulate(lane, n_symbols=symbols or bench_symbols, received_power_dbm=p_threshold, seed=seed, capture_symbols=0)
    if symbols is None:
        assert s.n_bits == bits
    k_readme = row["ber"] * bits
    assert _poisson_close(s.bit_errors, k_readme, s.n_bits / bits), (name, s.bit_errors, s.n_bits, row)
    assert row["within"] and float(r.target_ber) / 3 <= s.ber <= 3 * float(r.target_ber)


# ---- the OptiCommPy peer table ------------------------------------------------------------------
def _peer_table():
    text = _block("peer")
    m = re.search(r"\(2\^(\d+) symbols per point", text)
    assert m, "the peer block states the symbols per point"
    table = {cells[0]: cells[1:] for cells in [[c.strip() for c in line.strip().strip("|").split("|")]
                                                 for line in text.splitlines() if line.startswith("|")]}
    powers = [float(x) for x in table["received power dBm"]]
    cposim = [int(x) for x in table["cposim"]]
    peer = [int(x) for x in table["OptiCommPy"]]
    overlap = re.search(r"All (\d+) intervals overlap", text)
    return 1 << int(m.group(1)), powers, cposim, peer, overlap


def test_peer_sweep_cposim_bit_errors_and_interval_overlap():
    """cposim's side of the peer BER sweep, as ``benchmarks/peer_opticommpy.py`` runs it (its
    lane, options and seed; thresholds by the peer's rule from a 2^16-symbol pilot run), at the
    README's 2^18 symbols per point: each count agrees with the README's (Poisson, 99.9 %), and
    its 95 % Clopper-Pearson interval overlaps the recorded OptiCommPy count's at every point, as
    the README says ("All 6 intervals overlap")."""
    n, powers, cposim, peer, overlap = _peer_table()
    bench = _benchmark("peer_opticommpy")
    assert list(powers) == list(bench.SWEEP_DBM)
    lane = bench.peer_lane()
    got = []
    for prx in powers:
        pilot = simulate(lane, n_symbols=1 << 16, received_power_dbm=prx, capture_symbols=0, **bench.cposim_options())
        mu, sg = pilot.level_means_a, pilot.level_sigmas_a
        mean = float(mu.mean())
        rms = float(np.sqrt(np.mean(sg**2 + (mu - mean) ** 2)))
        rule = mean + rms * np.array([-2.0, 0.0, 2.0]) / np.sqrt(5.0)
        s = simulate(lane, n_symbols=n, received_power_dbm=prx, thresholds_a=rule, capture_symbols=0,
                     **bench.cposim_options())
        assert s.n_bits == 2 * n
        got.append(s.bit_errors)
    for k_new, k_readme, prx in zip(got, cposim, powers):
        assert _poisson_close(k_new, k_readme), (prx, k_new, k_readme)
    overlaps = []
    for k_new, k_peer in zip(got, peer):
        lo1, hi1 = clopper_pearson_interval(k_new, 2 * n, 0.95)
        lo2, hi2 = clopper_pearson_interval(k_peer, 2 * n, 0.95)
        overlaps.append(lo1 <= hi2 and lo2 <= hi1)
    assert overlap and int(overlap.group(1)) == len(powers)
    assert all(overlaps), list(zip(powers, got, peer))


# ---- "the receiver FFE ... matters at 200G per lane" --------------------------------------------
def test_the_receiver_ffe_opens_the_200g_ring_lane():
    """``cpo-mrm-wdm-200g`` at its own received power (2^15 symbols, seed 11): deciding on the raw
    samples (``--rx-ffe 0``) the BER is over 10x the FEC threshold (the raw eye is closed: about
    0.14); with the lane's own FFE (the default) it is under a tenth of it (about 1e-4)."""
    lane = PRESETS["cpo-mrm-wdm-200g"].build()
    threshold = float(evaluate(lane).target_ber)
    raw = simulate(lane, n_symbols=1 << 15, seed=11, capture_symbols=0, rx_ffe_taps=0)
    own = simulate(lane, n_symbols=1 << 15, seed=11, capture_symbols=0)
    assert raw.ber_ci[0] > 10 * threshold, raw.ber
    assert own.ber_ci[1] < threshold / 10, own.ber
