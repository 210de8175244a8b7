"""The eye of section 2: a short run of the streaming time-domain simulator
(:func:`cposim.signal.pipeline.simulate`) on the report's lane, its captured receiver waveform
folded into an eye image (:func:`cposim.signal.eye.eye_image`), and the counted BER next to the
analytic one.

The simulator has no receiver equaliser; the analytic engine covers ISI, jitter and
equaliser noise enhancement with the lane's ``implementation_penalty_db`` instead. Where the
noise-free eye is closed at the decision instant, the counted BER is that of an unequalised
receiver, and the report says so.
"""

from __future__ import annotations

from typing import Any

from cposim.errors import CposimError
from cposim.link.engine import LaneResult
from cposim.report.citations import by_prefix, merge
from cposim.report.model import FigureSpec, Paragraph, Row, Table
from cposim.report.scenario import ReportScenario
from cposim.signal.eye import eye_image
from cposim.signal.pipeline import simulate
from cposim.signal.receiver import ReceiverSettings
from cposim.signal.waveform import DriveSettings

#: Source ids of the simulator set-up: PRBS pattern, Gray mapping, default transmitter and
#: receiver, confidence interval.
SIMULATOR_SOURCES = ("CPS-TDS-01", "CPS-TDS-04")
#: Voltage bins of the eye image.
EYE_BINS = 200
#: Unit the eye is drawn in (photocurrent after the receiver filter, mA).
EYE_SCALE_A = 1e-3


def simulator_sources() -> tuple[str, ...]:
    """Ids behind the simulator's settings (pattern, mapping, transmitter, receiver, interval)."""
    return merge(SIMULATOR_SOURCES, DriveSettings().source_ids(), ReceiverSettings().source_ids())


def _counted_detail(res, lane) -> str:
    """Which receiver decided the counted symbols."""
    taps = res.extras.get("rx_ffe_taps")
    if not taps:
        return "raw samples (no receiver FFE)"
    return (f"after the lane's {len(taps)}-tap receiver FFE and its "
            f"{res.extras.get('rx_ffe_training_symbols')} training symbols")


def eye_blocks(scenario: ReportScenario, analytic: LaneResult) -> tuple[Any, ...]:
    """The eye figure and the time-domain table (or one paragraph saying why there is none)."""
    lane = scenario.lane
    sim = scenario.sim()
    try:
        res = simulate(lane, seed=scenario.seed, **sim)
    except CposimError as err:
        return (Paragraph(f"No time-domain eye for this lane: the simulator refused it ({err})."),)
    cap = res.capture
    sps = res.samples_per_symbol
    wave_ma = cap.waveform_a / EYE_SCALE_A
    eye = eye_image(wave_ma, samples_per_ui=sps, n_voltage_bins=EYE_BINS, n_ui=2,
                    time_offset_samples=cap.centre_offset - sps // 2)
    lane_ids = merge(lane.source_ids())
    sim_ids = merge(lane_ids, simulator_sources())
    ci_ids = merge(sim_ids, ("CPS-TDS-05",) if res.interval == "clopper-pearson" else ("CPS-TDS-06",))
    cal = res.calibration
    rows = (
        Row("symbols counted", (res.n_symbols, _counted_detail(res, lane)), simulator_sources(), "d"),
        Row("samples per symbol", (sps, ""), simulator_sources(), "d"),
        Row("counted pre-FEC BER", (res.ber, f"{res.bit_errors} errors in {res.n_bits} bits"), sim_ids, ".2e"),
        Row(f"counted BER, {100 * res.confidence:g} % interval low", (res.ber_ci[0], res.interval), ci_ids, ".2e"),
        Row(f"counted BER, {100 * res.confidence:g} % interval high", (res.ber_ci[1], res.interval), ci_ids, ".2e"),
        Row("analytic pre-FEC BER (waveform penalty at the same receiver)", (float(analytic.ber), "link engine"),
            lane_ids, ".2e"),
        Row("noise-free eye opening at the decision instant, mA", (cal.eye_opening_a / EYE_SCALE_A,
                                                                   "negative: closed by ISI"), sim_ids, ".4f"),
        Row("receiver filter 3 dB bandwidth, GHz", (cal.receiver_bandwidth_hz / 1e9, "Bessel-Thomson, 4th order"),
            merge(by_prefix(lane.sources_by_parameter(), ("rx_bandwidth_symbol_fraction", "line_rate_bps",
                                                          "photodetector.", "tia.bandwidth_hz")),
                  ReceiverSettings().source_ids()), ".1f"),
    )
    table = Table(key="link-time-domain", title="Time-domain check", label_header="quantity",
                  columns=("value", "detail"), formats=(".3g", "s"), rows=rows,
                  caption=f"pattern {res.pattern}, seed {res.seed}, {res.precision} precision")
    figure = FigureSpec(
        key="link-eye", title="Eye at the receiver (time-domain simulation)", plot="eye",
        data={"eye": eye, "unit": "mA", "title": f"{lane.modulation.upper()} eye, {res.n_symbols} symbols "
                                                 f"({cap.symbols.size} shown)"},
        caption="Photocurrent after the receiver filter, two UI, log hit density; no receiver equaliser.",
        sources=sim_ids)
    blocks: list[Any] = [figure, table]
    if cal.eye_opening_a <= 0.0:
        blocks.append(Paragraph(
            "The noise-free eye is closed at the decision instant: without a receiver equaliser, inter-symbol "
            "interference from the band-limited transmitter and receiver closes it, so the counted BER is far above the "
            "analytic one. The analytic engine assumes an equalised receiver and charges ISI, jitter and "
            "equaliser noise enhancement as the implementation penalty; the eye shows what that penalty has to cover.",
            wide=False))
    return tuple(blocks)
