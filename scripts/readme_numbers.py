"""Write (or check) every generated number in README.md.

Numbers in the README are generated, never typed. Each generated block sits between two
HTML comments that name the command that writes it::

    <!-- generated:presets (python scripts/readme_numbers.py --write) -->
    ...
    <!-- /generated:presets -->

``python scripts/readme_numbers.py --write`` regenerates every block in place;
``python scripts/readme_numbers.py --check`` exits 1 and prints a unified diff when
README.md differs from what ``--write`` would write (``tests/unit/test_readme_numbers.py``
runs the check).

The model numbers come from the Python API behind the CLI commands (``cposim link NAME
--json``: :func:`cposim.link.summary.lane_summary`; ``cposim compare --port 1.6T``:
:func:`cposim.package.compare.compare_ports`; ``cposim engine``:
:func:`cposim.engine.rollup.design_engine`) and from the functions the validation tests
under ``tests/validation/`` call, each rounded as the README shows it. The benchmark tables
are rendered from the JSON result files under ``benchmarks/results/`` (written by the
benchmark scripts); the check compares the README with those files and never reruns a
benchmark. One paragraph runs the time-domain simulator itself (``cposim.signal.pipeline.simulate``,
seeded, 2^19 symbols of one lane: a few seconds), so its counted BER is regenerated, not copied. The
engine optimizer (``cposim engine --optimize``) is not run: the README quotes
none of its numbers.
"""

from __future__ import annotations

import argparse
import difflib
import functools
import json
import math
import re
import sys
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
RESULTS = ROOT / "benchmarks" / "results"
COMMAND = "python scripts/readme_numbers.py --write"

BLOCK = re.compile(
    r"(?P<open><!-- generated:(?P<name>[a-z0-9_-]+) \((?P<cmd>[^)]*)\) -->\n)"
    r"(?P<body>.*?)"
    r"(?P<close><!-- /generated:(?P=name) -->)",
    re.S,
)


# ---- formatting ---------------------------------------------------------------------------


def f(x: Any, spec: str) -> str:
    return format(float(x), spec)


def sci(x: float, decimals: int) -> str:
    """1.5e-18 style (no zero-padded exponent), as the README writes BERs."""
    m, ex = f"{float(x):.{decimals}e}".split("e")
    return f"{m}e{int(ex)}"


def e1(x: float) -> str:
    return sci(x, 1)


def e2(x: float) -> str:
    return sci(x, 2)


def thousands(x: float) -> str:
    return f"{round(float(x)):,}"


def gbd(hz: float) -> str:
    return f"{float(hz) / 1e9:.7g}"


def reach(m: float) -> str:
    m = float(m)
    if m >= 1000:
        return f"{m / 1000:g} km"
    return f"{m:.2f} m" if m < 10 else f"{m:.0f} m"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def within(value: float, target: float, rel: float) -> bool:
    return abs(value - target) <= rel * abs(target)


def holds(ok: bool) -> str:
    return "yes" if ok else "**no**"


# ---- model numbers (cached: each is computed once per run) ---------------------------------


@functools.lru_cache(maxsize=None)
def block_sourcing() -> str:
    """The tagline's claim, quantified: what kind of source stands behind the device defaults."""
    from cposim.devices.source_coverage import device_source_coverage

    c = device_source_coverage()
    return (f"Of the {c.total} numeric device defaults, {c.published} rest on published figures, {c.derived} are "
            f"derived from them, and {c.estimate} ({100 * c.estimate_share:.0f} %) on the project's own planning "
            "estimates (reference rows with confidence `estimate`); `cposim sources` shows which is which.\n")


def lane_summaries() -> dict[str, dict]:
    """``cposim link NAME --json`` for the five lane presets (``cposim.presets.lanes``)."""
    from cposim.link.engine import evaluate
    from cposim.link.summary import lane_summary
    from cposim.presets.lanes import PRESETS as LANE_PRESETS

    return {name: lane_summary(evaluate(p.build()), preset=name) for name, p in LANE_PRESETS.items()}


@functools.lru_cache(maxsize=None)
def lanes() -> dict[str, Any]:
    from cposim.presets.lanes import PRESETS as LANE_PRESETS

    return {name: p.build() for name, p in LANE_PRESETS.items()}


@functools.lru_cache(maxsize=None)
def compare_1p6t():
    """``cposim compare --port 1.6T --json``: (results by architecture, excluded)."""
    from cposim.package.compare import compare_ports

    results, excluded = compare_ports(port_rate_bps=1.6e12, lane_rate_bps=200e9, architectures=None, length_m=None)
    return {r.architecture: r for r in results}, list(excluded)


@functools.lru_cache(maxsize=None)
def engines() -> dict[str, Any]:
    """``cposim engine nv-1.6t`` / ``nv-3.2t``: the designs."""
    from cposim.engine.rollup import design_engine
    from cposim.engine.spec import engine_preset

    return {name: design_engine(engine_preset(name)) for name in ("nv-1.6t", "nv-3.2t")}


def port(name: str, **kw):
    from cposim.package.architectures import evaluate_port

    return evaluate_port(name, **kw)


def fec_text(fec: dict) -> str:
    th = fec["threshold_ber"]
    kind = "KP4, hard" if fec["name"] == "reed_solomon_fec" else f"concatenated, {fec.get('inner_decoding', '?')}"
    return f"{e1(th)} ({kind})"


# ---- blocks --------------------------------------------------------------------------------


def block_presets() -> str:
    rows = []
    for name, s in lane_summaries().items():
        rows.append([
            f"`{name}`", f(s["launch_oma_dbm"], ".2f"), e1(s["ber"]), fec_text(s["fec"]), f(s["margin_db"], ".2f"),
            f(s["penalty_db"]["waveform"], ".2f"), f(s["energy_pj_per_bit"], ".2f"), f(s["module_power_w"], ".1f"),
            f(s["port_power_w"], ".1f"), gbd(s["symbol_rate_baud"]),
        ])
    return table(["preset", "launch OMA dBm", "pre-FEC BER", "FEC threshold", "margin dB", "waveform penalty dB",
                  "pJ/bit per direction", "module W", "port W", "GBd"], rows)


def block_what_moved() -> str:
    s = lane_summaries()
    ln = lanes()
    cpo, dr = s["cpo-mrm-wdm-200g"], s["1.6t-dr8"]
    cpo_lane = ln["cpo-mrm-wdm-200g"]
    by = cpo_lane.sources_by_parameter()
    tia = cpo_lane.tia
    rx = cpo["receiver"]
    wf = {n: v["penalty_db"]["waveform"] for n, v in s.items()}
    res, _ = compare_1p6t()
    lin, ret, plug = res["cpo-mrm"], res["cpo-mrm-retimed"], res["dsp-dr"]
    eng = engines()["nv-1.6t"].report
    hundred = [n for n, l in ln.items() if float(l.symbol_rate_hz) < 60e9]
    two_hundred = [n for n, l in ln.items() if float(l.symbol_rate_hz) >= 60e9]
    pen_100 = sorted({round(wf[n], 2) for n in hundred})
    pen_100_text = " / ".join(f"{p:.2f}" for p in pen_100)
    lin_ratio = float(plug.power_w_per_port) / float(lin.power_w_per_port)
    mod_ratio = float(plug.module_power_w) / float(lin.module_power_w)
    rin_ids = ", ".join(by.get("source.rin_db_per_hz", ()))
    tia_ids = ", ".join(dict.fromkeys(i for k, v in by.items() if k.startswith("tia.") for i in v if i.startswith("DEV-")))
    ffe_ids = ", ".join(by.get("rx_ffe_taps", ()))
    return (
        "**What moved in this release and why.** "
        "The analytic engine no longer subtracts a fixed 2 dB implementation allowance: it takes ISI, "
        "bandwidth, dispersion and the FFE's noise enhancement from the lane's own noise-free waveform "
        "(`cposim.link.waveform_penalty`), decided with the lane's own receiver "
        f"({f(rx['ffe_taps'], 'g')}-tap T-spaced FFE with {f(rx['ffe_precursors'], 'g')} precursors, {ffe_ids}). "
        f"The computed penalty is {pen_100_text} dB for the 100G-per-lane presets, {wf['1.6t-dr8']:.2f} dB for "
        f"`1.6t-dr8` and {wf['cpo-mrm-wdm-200g']:.2f} dB for `cpo-mrm-wdm-200g` (the ring and the demux "
        f"filter the {float(dr['symbol_rate_baud']) / 1e9:.0f} GBd eye). "
        f"200G optical lanes ({', '.join(f'`{n}`' for n in two_hundred)}) run {gbd(dr['symbol_rate_baud'])} GBd / "
        f"{float(dr['line_rate_bps']) / 1e9:.7g} Gb/s, carrying the 802.3dj inner code over the "
        f"{float(dr['electrical_rate_bps']) / 1e9:.5g} Gb/s host lane, and are judged against the "
        f"{dr['fec'].get('inner_decoding', '')}-decision concatenated-FEC threshold {e1(dr['fec']['threshold_ber'])} "
        "(STD-03) by default. "
        f"A 200G-class TIA ({float(tia.bandwidth_hz) / 1e9:.0f} GHz, "
        f"{float(tia.input_noise_density_a_per_sqrt_hz) * 1e12:.1f} pA/sqrt(Hz); JSSC 2018, {tia_ids}) replaced "
        "the 112G one on the 200G lanes. "
        f"The external laser source has a sourced RIN ({f(cpo_lane.source.rin_db_per_hz, '.0f')} dB/Hz, {rin_ids}). "
        "Linear CPO engines have no retimer, so the host SerDes receiver equalises both co-packaged channels "
        "plus the optical link; they are now charged for the SerDes class that combined channel needs "
        f"(`cpo-mrm`: {f(lin.host_channel_loss_db, '.1f')} dB, {lin.host_serdes_class.upper()}), and retimed "
        f"variants are listed beside them (`cpo-mrm-retimed`: {f(ret.power_w_per_port, '.1f')} W per port, "
        f"{ret.host_serdes_class.upper()} host). "
        "The CPO lane preset, the engine designer and the architecture layer build one lane "
        "(`cposim.engine.cpo_lane`): ring tuning from the thermal Monte Carlo "
        f"({f(lin.breakdown_w['ring_tuning'], '.2f')} W per 1.6T port), laser class from the link budget "
        f"({eng['laser_class']}): `cpo-mrm-wdm-200g` preset / `nv-1.6t` engine {f(cpo['energy_pj_per_bit'], '.2f')} / "
        f"{f(eng['energy_pj_per_bit'], '.2f')} pJ/bit; engine power per 1.6T port, preset / `cpo-mrm` architecture "
        f"{f(cpo['module_power_w'], '.2f')} / {f(lin.module_power_w, '.2f')} W.\n\n"
        "Previous release (historical, not regenerated): CPO lane preset port 8.4 W, CPO architecture port "
        "7.8 W, DSP pluggable 1.6T port 33.5 W and module 27.4 W; pluggable/CPO ratio quoted as 3.3 "
        "(27.4 W module / 8.4 W port) and 4.3 per port (33.5 W / 7.8 W).\n\n"
        f"This release (`cposim compare --port 1.6T`): DSP pluggable port {f(plug.power_w_per_port, '.1f')} W "
        f"against the linear CPO micro-ring port {f(lin.power_w_per_port, '.1f')} W, a port-to-port ratio of "
        f"{lin_ratio:.1f}; module to engine {f(plug.module_power_w, '.1f')} W / {f(lin.module_power_w, '.1f')} W = "
        f"{mod_ratio:.1f}. The CPO lane preset's port is {f(cpo['port_power_w'], '.1f')} W (it fixes the "
        f"{cpo_lane.host_serdes.reach_class.upper()} host class).\n"
    )


def block_validation() -> str:
    """``cposim validate --markdown``, the cases of this README section (cposim.validate)."""
    return validation_cases("validation")


def block_architectures() -> str:
    res, excluded = compare_1p6t()
    rows = []
    for key, r in res.items():
        rows.append([
            f"`{key}`", r.label, f(r.power_w_per_port, ".1f"), f(r.energy_pj_per_bit, ".1f"), reach(r.reach_m),
            f(r.lasers_per_port, "g"), f(r.fibers_per_port, "g"),
            f"{r.host_serdes_class.upper()} ({f(r.host_channel_loss_db, '.0f')})",
        ])
    out = table(["architecture", "description", "W per port", "pJ/bit", "reach", "lasers", "fibers", "host SerDes (channel dB)"], rows)

    s = lane_summaries()["cpo-mrm-wdm-200g"]
    preset_class = lanes()["cpo-mrm-wdm-200g"].host_serdes.reach_class.upper()
    lin, ret = res["cpo-mrm"], res["cpo-mrm-retimed"]
    rel = "above" if float(lin.power_w_per_port) > float(s["port_power_w"]) else "below"
    out += (
        f"\nThe linear CPO micro-ring port here ({f(lin.power_w_per_port, '.1f')} W) is {rel} the "
        f"`cpo-mrm-wdm-200g` lane preset's {f(s['port_power_w'], '.1f')} W because the architecture charges the host "
        "SerDes for the class the whole unretimed channel needs (both hosts' co-packaged channels plus the optical "
        f"link's waveform penalty: {f(lin.host_channel_loss_db, '.1f')} dB, {lin.host_serdes_class.upper()}) where "
        f"the lane preset fixes {preset_class}. The retimed engine lets the host drop to "
        f"{ret.host_serdes_class.upper()} ({f(ret.host_channel_loss_db, '.1f')} dB) but pays for the retimer: "
        f"{f(ret.power_w_per_port, '.1f')} W per port.\n"
    )
    for name, why in excluded:
        m = re.search(r"([\d.]+) dB of loss at Nyquist", why)
        if name == "lpo" and m:
            lpo100 = port("lpo", port_rate_bps=800e9, lane_rate_bps=100e9)
            out += (
                f"\nLPO at 200G/lane is refused with the reason (both hosts' channels in series with the optical "
                f"link, {float(m.group(1)):.1f} dB, exceed every SerDes class); at 100G/lane the 800G LPO module is "
                f"{f(lpo100.module_power_w, '.1f')} W (PWR-08: 8-9 W).\n"
            )
        else:
            out += f"\n`{name}` is refused: {why}\n"
    from cposim.devices.serdes import LANE_RATE_200G_BPS
    from cposim.electrical.reach import check_copper_link

    try:
        check_copper_link(5.0, LANE_RATE_200G_BPS)
        dac = None
    except Exception as err:  # noqa: BLE001 - the message is what the README quotes
        dac = str(err)
    if dac:
        margin = re.search(r"margin (-?[\d.]+) dB", dac)
        reach_m = re.search(r"reaches about ([\d.]+ m)", dac)
        out += (
            "\nImpossible requests get an explanation, e.g. a 5 m passive DAC at 200G/lane (\"COM-lite margin "
            f"{margin.group(1) if margin else '?'} dB; this cable reaches about {reach_m.group(1) if reach_m else '?'} "
            "at this rate\"), or 204.8T of CPO engines that need more package edge than the package has.\n"
        )
    return out


def block_architecture_validation() -> str:
    """``cposim validate --markdown``, the cases of this README section (cposim.validate)."""
    return validation_cases("architecture-validation")


def block_engine_validation() -> str:
    """``cposim validate --markdown``, the cases of this README section (cposim.validate)."""
    return validation_cases("engine-validation")


@functools.lru_cache(maxsize=None)
def _validation_results() -> tuple:
    import cposim.validate as v

    return tuple(v.evaluate())


def validation_cases(section: str) -> str:
    """One README section's table of the validation registry (each case computed once per run)."""
    import cposim.validate as v

    return v.section_markdown(section, list(_validation_results()))


@functools.lru_cache(maxsize=None)
def table_accuracy() -> dict[str, float]:
    """The interpolated penalty (``lane_penalty``) against the direct computation
    (``waveform_penalty``) on a fiber-length sweep of 1.6t-dr8 (the lane and range of
    tests/unit/link/test_waveform_penalty.py)."""
    import numpy as np

    from cposim.link.sweep import set_path
    from cposim.link.waveform_penalty import lane_penalty, waveform_penalty
    from cposim.presets import PRESETS

    lane = PRESETS["1.6t-dr8"].build()
    rng = np.random.default_rng(3)
    lengths = rng.uniform(10.0, 10000.0, 300)
    tab = lane_penalty(set_path(lane, "fiber.length_m", lengths))
    worst = 0.0
    for i in (0, 7, 123, 200, 299):
        d = waveform_penalty(set_path(lane, "fiber.length_m", float(lengths[i])))
        worst = max(worst, float(np.max(np.abs(np.asarray(tab.level_offsets[i]) - np.asarray(d.level_offsets)))),
                    float(np.max(np.abs(np.asarray(tab.isi_rms[i]) - np.asarray(d.isi_rms)))))
    return {"worst_of_oma": worst, "points": 5}


#: The simulator run behind the engine-vs-simulator paragraph: lane, symbols, seed.
SIM_NOMINAL = ("cpo-mrm-wdm-200g", 1 << 19, 11)


@functools.lru_cache(maxsize=None)
def simulated_at_nominal():
    """(engine result, simulation result) of ``SIM_NOMINAL``'s lane at its own (nominal) received
    power: ``cposim link NAME`` and ``cposim simulate NAME --symbols N --seed S`` (its default
    receiver, the lane's own FFE)."""
    from cposim.link.engine import evaluate
    from cposim.signal.pipeline import simulate

    name, symbols, seed = SIM_NOMINAL
    lane = lanes()[name]
    return evaluate(lane), simulate(lane, n_symbols=symbols, seed=seed, capture_symbols=0)


def block_engine_vs_simulator() -> str:
    name, _, seed = SIM_NOMINAL
    r, s = simulated_at_nominal()
    engine = float(r.ber)
    lo, hi = (float(x) for x in s.ber_ci)
    if s.bit_errors:
        counted = (f"counts {e2(s.ber)} ({thousands(s.bit_errors)} bit errors in {thousands(s.n_bits)} bits, seed "
                   f"{seed}, 95 % interval {e2(lo)} .. {e2(hi)}), {engine / s.ber:.1f}x less "
                   f"({engine / hi:.1f}x .. {engine / lo:.1f}x)")
    else:
        counted = (f"counts no error in {thousands(s.n_bits)} bits (seed {seed}, 95 % upper bound {e2(hi)}), at "
                   f"least {engine / hi:.1f}x less")
    return (
        "The engine treats the residual ISI as Gaussian and designs the FFE at the threshold's SNR, so at powers "
        f"well above the threshold its BER is conservative: for `{name}` at its nominal power (its own link "
        f"budget, no VOA) the engine's BER is {e1(engine)}, where the simulator, with the lane's own receiver, "
        f"{counted}. The margin, defined at the threshold, is what the check pins.\n"
    )


def block_waveform_table() -> str:
    from cposim.link import waveform_penalty as wp

    acc = table_accuracy()
    series = ", ".join(f"{x:g}" for x in wp.LENGTH_SERIES)
    return (
        "How the waveform penalty is computed, for one lane and in sweeps: each distinct setting of the "
        "parameters that move the waveform is computed directly (one noise-free waveform of "
        f"{wp.N_SYMBOLS} symbols at {wp.SAMPLES_PER_SYMBOL} samples per symbol) and cached ({wp.CACHE_SIZE} "
        f"entries; at most {wp.MAX_DIRECT_POINTS} distinct settings per evaluation, else a clear error). Fiber "
        "length, the parameter sweeps vary continuously, sits on a fixed grid of "
        f"{len(wp.LENGTH_SERIES)} lengths per decade (the R10 series {series}): the lane is computed at the two "
        "grid lengths that bracket its length and interpolated in log(length), for a scalar lane and a sweep "
        "alike, so a sweep point equals the scalar call, round lengths are exact, and no chunking changes a "
        "result. `tests/unit/link/test_waveform_penalty.py` pins the interpolation to 1e-3 of the OMA (level "
        "positions and residual ISI) against the direct computation; on that test's `1.6t-dr8` fiber-length "
        f"sweep (10 m to 10 km) the largest error at {acc['points']} random lengths is "
        f"{e1(acc['worst_of_oma'])} of the OMA.\n"
    )


# ---- benchmark tables (from benchmarks/results/*.json) --------------------------------------


def read_jsonl(name: str) -> list[dict]:
    path = RESULTS / f"{name}.json"
    if not path.exists():
        raise FileNotFoundError(f"{path.relative_to(ROOT)} is missing; run benchmarks/{name}.py to write it")
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _load(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    return "?" if value is None else f"{float(value):.1f}"


def block_speed() -> str:
    rows = read_jsonl("link_engine_throughput")
    run = next((r for r in rows if r.get("benchmark") == "link_engine_run"), {})
    speed = [r for r in rows if r.get("benchmark") == "link_engine_throughput"]
    mem = [r for r in rows if r.get("benchmark") == "link_engine_memory"]
    points = {r["points"] for r in speed}
    loads = [_load(r.get("loadavg")) for r in speed]
    out = (
        f"Measured on a {run.get('cpus', '?')}-CPU machine (one core used; 1-minute load average "
        f"{' / '.join(loads)} at the end of each row), {', '.join(f'{p:,}' for p in sorted(points))} points per call"
        f"{', ' + run['when'] if run.get('when') else ''}:\n\n"
    )
    out += table(["preset", "points/s", "seconds", "peak RSS MB"],
                 [[f"`{r['preset']}`", thousands(r["points_per_s"]), f"{r['seconds']:.3f}", f"{r['peak_rss_mb']:.1f}"]
                  for r in speed])
    chunk = mem[0]["chunk_size"] if mem else "?"
    out += (f"\nWorking memory beyond a sweep's own inputs and outputs stays flat as the point count grows "
            f"(chunks of {chunk:,}):\n\n")
    out += table(["points", "working MB", "outputs MB"],
                 [[thousands(r["points"]), f"{r['peak_working_mb']:.1f}", f"{r['outputs_mb']:.1f}"] for r in mem])
    rates = [r["points_per_s"] / 1e6 for r in speed]
    lo, hi = min(rates), max(rates)
    verdict = "meets it" if lo >= 1.0 else ("meets it for one preset" if hi >= 1.0 else "is below it")
    out += f"\nThe goal is 1e6 points/s on one core; the engine {verdict} at {lo:.2f}-{hi:.2f}e6.\n"
    return out


def block_lane_consistency() -> str:
    rows = [r for r in read_jsonl("lane_consistency") if r.get("benchmark") == "lane_consistency"]
    body = []
    for r in rows:
        lo, hi = r["ber_ci"]
        body.append([f"`{r['lane']}`" if " " not in r["lane"] else r["lane"], sci(r["target_ber"], 1),
                     f"{r['margin_db']:.2f}", f"{r['waveform_penalty_db']:.2f}", f"{r['threshold_power_dbm']:.2f}",
                     f"{sci(r['simulated_ber'], 2)} ({sci(lo, 2)} .. {sci(hi, 2)})", f"{r['ratio']:.2f}",
                     "yes" if r["within_3x"] else "**no**"])
    bits = {r["bits"] for r in rows}
    seeds = ", ".join(str(x) for x in sorted({r["seed"] for r in rows}))
    out = (f"`benchmarks/lane_consistency.py`: at the received power where the analytic engine puts each lane at "
           f"its FEC threshold, the simulator with its default receiver counts over "
           f"{', '.join(thousands(b) for b in sorted(bits))} bits (seed {seeds}, 95 % Clopper-Pearson interval):\n\n")
    out += table(["lane", "FEC threshold", "margin dB", "waveform penalty dB", "power at threshold dBm",
                  "simulated BER (95 % CI)", "BER / threshold", "within 3x"], body)
    return out


def block_sweep() -> str:
    rows = read_jsonl("sweep_dask")
    runs = {(r["target"], r["backend"]): r for r in rows if "target" in r}
    setup = next((r for r in rows if "dask_localcluster_start_s" in r), {})
    body = []
    for target in ("link", "architecture"):
        inp, dask, proc = runs.get((target, "inprocess")), runs.get((target, "dask")), runs.get((target, "processes"))
        if inp is None:
            continue
        same = all(r is None or r.get("identical_to_inprocess", True) for r in (dask, proc))
        body.append([target, thousands(inp["points_per_s"]),
                     thousands(dask["points_per_s"]) if dask else "-", thousands(proc["points_per_s"]) if proc else "-",
                     f"{dask['speedup_vs_inprocess']:.2f}" if dask else "-", "yes" if same else "**no**"])
    loads = sorted({_load(r.get("loadavg")) for r in rows if "target" in r})
    out = table(["target", "in-process points/s", "Dask 2 workers points/s", "2-process pool points/s",
                 "Dask / in-process", "identical bytes"], body)
    out += (f"\nMeasured on a {next((r['cpus'] for r in rows if 'cpus' in r), '?')}-CPU machine (1-minute load "
            f"average {' - '.join(loads)} during the rows); the local cluster started in "
            f"{setup.get('dask_localcluster_start_s', '?')} s and its workers warmed up (imports, JIT, waveform-"
            f"penalty nodes) in {setup.get('dask_worker_warmup_s', '?')} s, timed apart.\n")
    return out


def _mb(b: float) -> str:
    return f"{b / 1e6:.2f}"


def _size(b: float) -> str:
    return f"{b / 1e9:.2f} GB" if b >= 1e9 else f"{b / 1e6:.0f} MB" if b >= 1e8 else f"{b / 1e6:.1f} MB"


def _rate(x: float) -> str:
    return f"{x / 1e6:.2f} M" if x >= 1e6 else f"{x / 1e3:.1f} k"


def block_peer() -> str:
    rows = read_jsonl("peer_opticommpy")
    prov = next((r["provenance"] for r in rows if r.get("provenance")), None)
    cfg = next((r for r in rows if r.get("kind") == "config"), {})
    thr = next((r for r in rows if r.get("kind") == "throughput"), {})
    loaded = next((r for r in rows if r.get("kind") == "throughput_loaded"), None)
    mems = [r for r in rows if r.get("kind") == "memory"]
    ber = [r for r in rows if r.get("kind") == "ber"]
    version = cfg.get("opticommpy") or "?"
    out = ""
    if prov:
        out += f"_Recorded numbers: {prov}._\n\n"
    tbl = []
    cps, ops = thr.get("cposim_symbols_per_s"), thr.get("opticommpy_symbols_per_s")
    if cps:
        sym = thr.get("symbols", 0)
        ratio = f"**{thr['speedup']:.1f}x**" if thr.get("speedup") else "-"
        if thr.get("speedup_cpu_time"):
            ratio += f" ({thr['speedup_cpu_time']:.1f}x by CPU time)"
        tbl.append([f"symbols/s at 2^{int(math.log2(sym))} symbols (machine load ~{_load(thr.get('loadavg'))})",
                    _rate(cps), _rate(ops) if ops else "not run", ratio])
    if loaded:
        tbl.append([f"same, with other jobs loading the cores (load {loaded['loadavg_range']})",
                    f"{loaded['cposim_symbols_per_s_range'][0] / 1e6:.2f}-{loaded['cposim_symbols_per_s_range'][1] / 1e6:.2f} M",
                    _rate(loaded["opticommpy_symbols_per_s"]),
                    f"{loaded['speedup_range'][0]:g}-{loaded['speedup_range'][1]:g}x"])
    c = {r["symbols"]: r for r in mems if r.get("tool") == "cposim"}
    p = {r["symbols"]: r for r in mems if r.get("tool") == "opticommpy"}
    big = thr.get("symbols")
    if big in c:
        cb = c[big]
        pb = p.get(big)
        ratio = f"**{pb['peak_traced_bytes'] / cb['peak_traced_bytes']:.0f}x less**" if pb else "-"
        tbl.append([f"peak memory at 2^{int(math.log2(big))} symbols",
                    f"{_size(cb['peak_traced_bytes'])} ({cb['peak_traced_bytes'] / cb['samples']:.1f} B/sample)",
                    f"{_size(pb['peak_traced_bytes'])} ({pb['peak_traced_bytes'] / pb['samples']:.0f} B/sample)" if pb else "not run",
                    ratio])
    sizes = sorted(c)
    if sizes:
        peaks = [c[n]["peak_traced_bytes"] for n in sizes]
        tbl.append([f"peak memory at {' / '.join(f'2^{int(math.log2(n))}' for n in sizes)} symbols",
                    " / ".join(_mb(x) for x in peaks) + " MB",
                    " / ".join(_size(p[n]["peak_traced_bytes"]) if n in p else "not run" for n in sizes),
                    f"flat (max/min {max(peaks) / min(peaks):.3f})"])
    out += table(["measure", "cposim", f"OptiCommPy {version}", "ratio"], tbl)
    warm = thr.get("opticommpy_jit_warmup_s")
    out += (f"\nOptiCommPy's {warm:.0f} s JIT warm-up is excluded, as the peer script does. " if warm else "\n")
    if ber:
        n = ber[0].get("symbols", 0)
        out += (f"BER across a received-power sweep (2^{int(math.log2(n))} symbols per point, 95 % Clopper-Pearson "
                "intervals), bit errors:\n\n")
        out += table(["received power dBm", *[f"{r['prx_dbm']:g}" for r in ber]],
                     [["cposim", *[str(r["cposim_bit_errors"]) for r in ber]],
                      ["OptiCommPy", *[str(r.get("opticommpy_bit_errors", "-")) for r in ber]]])
        overlap = [r.get("intervals_overlap") for r in ber]
        k = sum(1 for o in overlap if o)
        out += f"\nAll {len(ber)} intervals overlap. " if k == len(ber) else f"\n{k} of the {len(ber)} intervals overlap. "
    goal = "met" if thr.get("speedup", 0) >= 20 else "missed"
    out += f"The speed goal (20x) is {goal} in the throughput row above"
    if loaded:
        out += f" and {'met' if loaded['speedup_range'][0] >= 20 else 'missed'} when other jobs share the cores"
    out += ".\n"
    return out


#: ``--uncertainty`` runs shown in the README (samples, seed): the same as the commands printed there.
UNCERTAINTY_LINK = ("cpo-mrm-wdm-200g", 200, 1)
UNCERTAINTY_PORTS = (("cpo-mrm", "cpo-dr", "dsp-dr"), 100, 1)


def _bounds_row(label: str, b, samples: int, fmt: str = ".2f") -> list[str]:
    drivers = ", ".join(f"{d.row} ({d.spearman:+.2f})" for d in b.drivers[:3]) or "-"
    return [label, f"{format(b.nominal, fmt)} {b.unit}", f"{format(b.median, fmt)}",
            f"{format(b.p5, fmt)} .. {format(b.p95, fmt)}", f"{100 * b.ok_samples / samples:.0f} %", drivers]


def block_uncertainty() -> str:
    """``cposim link cpo-mrm-wdm-200g --uncertainty 200 --seed 1`` and
    ``cposim compare --port 1.6T -a ... --uncertainty 100 --seed 1`` (cposim.uncertainty)."""
    from cposim.presets import PRESETS
    from cposim.references.ranges import estimate_ranges
    from cposim.uncertainty import run_uncertainty
    from cposim.uncertainty.headlines import compare_headlines, link_headlines

    ranges = estimate_ranges()
    n_value = sum(r.scale == "value" for r in ranges.values())
    n_factor = sum(r.scale == "factor" for r in ranges.values())
    n_none = sum(r.scale == "none" for r in ranges.values())
    name, n_link, seed = UNCERTAINTY_LINK
    lane = run_uncertainty(*link_headlines(PRESETS[name].build), samples=n_link, seed=seed)
    archs, n_port, pseed = UNCERTAINTY_PORTS
    ports = run_uncertainty(*compare_headlines(port_rate_bps=1.6e12, lane_rate_bps=200e9, architectures=archs,
                                               length_m=None), samples=n_port, seed=pseed)
    rows = [_bounds_row(f"`{name}` energy per bit", lane.headlines["energy_pj_per_bit"], n_link),
            _bounds_row(f"`{name}` port power", lane.headlines["port_power_w"], n_link),
            _bounds_row(f"`{name}` margin", lane.headlines["margin_db"], n_link)]
    rows += [_bounds_row(f"`{a}` 1.6T port power", ports.headlines[f"{a}.power_w_per_port"], n_port) for a in archs]
    cmd_link = f"cposim link {name} --uncertainty {n_link} --seed {seed}"
    cmd_port = f"cposim compare --port 1.6T {' '.join('-a ' + a for a in archs)} --uncertainty {n_port} --seed {pseed}"
    out = (f"{len(ranges)} estimate rows carry a range: {n_value} in the row's own unit, {n_factor} as factors, and "
           f"{n_none} are not sampled (design choices, conventions, methods; `ranges.csv` says why for each). "
           f"`{cmd_link}` and `{cmd_port}` give:\n\n")
    out += table(["headline", "nominal", "median", "5 % .. 95 %", "closes in", "driven most by (Spearman rho)"], rows)
    refused = lane.samples - lane.headlines["energy_pj_per_bit"].ok_samples
    if refused:
        why = lane.headlines["energy_pj_per_bit"].refusals[0].split(" x ", 1)[1]
        kind = "a residual-ISI floor" if "residual ISI" in why else why.split(":")[0]
        out += (f"\nIn {refused} of {lane.samples} samples the `{name}` lane does not close at any laser power "
                f"({kind}); the bounds are over the samples that close.\n")
    return out


def block_ring_thermal() -> str:
    """``cposim link cpo-mrm-wdm-200g --json``'s ``ring_thermal`` block (cposim.link.ring_thermal)."""
    rt = lane_summaries()["cpo-mrm-wdm-200g"]["ring_thermal"]
    verdict = ("stable without its lock loop" if rt["stable"] else
               f"**not** stable without its lock loop (loop gain {rt['loop_gain']:.1f} > 1): its open-loop limit is "
               f"{rt['max_power_per_ring_dbm']:.1f} dBm")
    return (f"For `cpo-mrm-wdm-200g`, {rt['ring_input_power_dbm']:.1f} dBm reaches the ring, "
            f"{rt['absorbed_power_mw']:.1f} mW is absorbed, and the ring heats by {rt['self_heating_k']:.1f} K "
            f"({rt['self_heating_shift_pm']:.0f} pm, {rt['self_heating_linewidths']:.1f} linewidths). With the "
            f"laser on the {rt['laser_side']} side the ring is {verdict}.\n")


def block_validation_summary() -> str:
    """``cposim validate``'s summary line over every case (cposim.validate.summary_line)."""
    from cposim.validate import summary_line

    return f"`cposim validate`: {summary_line(list(_validation_results()))}.\n"


BLOCKS: dict[str, Callable[[], str]] = {
    "uncertainty": block_uncertainty,
    "validation-summary": block_validation_summary,
    "ring-thermal": block_ring_thermal,
    "validation": block_validation,
    "presets": block_presets,
    "what-moved": block_what_moved,
    "architectures": block_architectures,
    "architecture-validation": block_architecture_validation,
    "peer": block_peer,
    "engine-validation": block_engine_validation,
    "waveform-table": block_waveform_table,
    "speed": block_speed,
    "lane-consistency": block_lane_consistency,
    "engine-vs-simulator": block_engine_vs_simulator,
    "sourcing": block_sourcing,
    "sweep": block_sweep,
}


# ---- write / check -------------------------------------------------------------------------


def regenerate(text: str) -> str:
    """``text`` with every generated block rewritten; a ValueError if a block is unknown or missing."""
    seen: list[str] = []

    def sub(m: re.Match) -> str:
        name = m.group("name")
        if name not in BLOCKS:
            raise ValueError(f"README block generated:{name} has no generator (known: {', '.join(BLOCKS)})")
        seen.append(name)
        return f"<!-- generated:{name} ({COMMAND}) -->\n{BLOCKS[name]()}{m.group('close')}"

    out = BLOCK.sub(sub, text)
    missing = [n for n in BLOCKS if n not in seen]
    if missing:
        raise ValueError(f"README.md lacks the generated block(s) {', '.join(missing)}")
    return out


def check(readme: Path = README) -> tuple[bool, str]:
    """(True, "") when README.md equals what --write would write; else (False, unified diff)."""
    current = readme.read_text()
    wanted = regenerate(current)
    if wanted == current:
        return True, ""
    diff = difflib.unified_diff(current.splitlines(keepends=True), wanted.splitlines(keepends=True),
                                fromfile="README.md", tofile=f"README.md ({COMMAND})")
    return False, "".join(diff)


def write(readme: Path = README) -> bool:
    """Rewrite the generated blocks; True when the file changed."""
    current = readme.read_text()
    wanted = regenerate(current)
    if wanted != current:
        readme.write_text(wanted)
    return wanted != current


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write or check the generated numbers of README.md.")
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="regenerate every generated block in place")
    mode.add_argument("--check", action="store_true", help="exit 1 with a diff when README.md is out of date")
    args = ap.parse_args(argv)
    if args.write:
        changed = write()
        print("README.md updated" if changed else "README.md already up to date")
        return 0
    ok, diff = check()
    if not ok:
        sys.stdout.write(diff)
        print(f"\nREADME.md is out of date; run: {COMMAND}", file=sys.stderr)
        return 1
    print("README.md is up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
