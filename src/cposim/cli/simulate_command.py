"""``cposim simulate``: the time-domain link simulator with a progress bar, eye and bathtub
PNGs and a JSON summary. Rendering and orchestration only; the physics is in ``cposim.signal``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import typer

from cposim.cli.errors import one_line_errors
from cposim.errors import ConfigError


def _load(target: str):
    """Preset or scenario file -> (lane, preset, name, simulate section)."""
    from cposim.presets import PRESETS, get_preset
    from cposim.scenario.loader import read_document, scenario_from_mapping

    if target in PRESETS:
        return PRESETS[target].build(), target, target, None
    path = Path(target)
    if path.suffix.lower() in (".yaml", ".yml", ".toml") or path.exists():
        sc = scenario_from_mapping(read_document(path), {n: p.build for n, p in PRESETS.items()})
        return sc.link, sc.preset, sc.name, (sc.sections or {}).get("simulate")
    get_preset(target)
    raise ConfigError("scenario", target, "is neither a preset nor a scenario file")


def _pictures(lane, settings, result, out: Path, stem: str) -> dict[str, Any]:
    """Eye (noisy capture), bathtub and TDECQ (noise-free capture + analytic noise)."""
    from cposim.signal.bathtub import bathtub_from_waveform, plot_bathtub
    from cposim.signal.eye import eye_image, eye_opening, plot_eye
    from cposim.signal.pipeline import simulate
    from cposim.signal.receiver import ReceiverSettings

    cap = result.capture
    sps = cap.samples_per_symbol
    m = result.levels
    shift = int(cap.centre_offset) - sps // 2
    wave = np.roll(cap.waveform_a, -shift)
    eye = eye_image(wave, samples_per_ui=sps, n_ui=2)
    opening = eye_opening(eye, n_levels=m)
    eye_png = plot_eye(eye, out / f"{stem}-eye.png", title=f"Eye: {stem}", unit="A")

    quiet_rx = ReceiverSettings(thermal_noise=False, shot_noise=False, rin_noise=False)
    clean = simulate(lane, n_symbols=cap.symbols.size, samples_per_symbol=sps, seed=settings.seed,
                     received_power_dbm=settings.received_power_dbm, pattern=settings.pattern,
                     capture_symbols=cap.symbols.size, receiver=quiet_rx, rx_ffe_taps=0)  # the waveform only
    ccap = clean.capture
    sigma = np.asarray(result.calibration.level_sigmas_a, dtype=float)  # receiver noise only, per level
    tub = bathtub_from_waveform(ccap.waveform_a, ccap.symbols, samples_per_ui=sps, noise_sigma=sigma,
                                n_levels=m, delay_samples=int(ccap.centre_offset))
    tub_png = plot_bathtub(tub, out / f"{stem}-bathtub.png", title=f"Bathtub: {stem}")
    summary: dict[str, Any] = {
        "eye_height": float(np.min(opening.heights)),
        "eye_heights": [float(h) for h in opening.heights],
        "eye_height_unit": "A (photocurrent after the receiver filter, before any receiver FFE, noisy capture)",
        "eye_width": float(np.min(opening.widths_ui)),
        "eye_width_unit": "UI",
        "bathtub_min_ber": tub.min_ber,
        "bathtub_eye_width_ui_at_1e-12": tub.eye_width_ui(1e-12),
        "files": {"eye": str(eye_png), "bathtub": str(tub_png)},
    }
    if m == 4:
        from cposim.signal.tdecq import tdecq

        from cposim.errors import PhysicsError

        resp = float(lane.photodetector.responsivity_a_per_w)
        try:
            tq = tdecq(np.roll(ccap.waveform_a, -(int(ccap.centre_offset) - sps // 2)) / resp, ccap.symbols,
                       samples_per_ui=sps, symbol_rate_baud=result.symbol_rate_hz, apply_reference_receiver=False)
            summary["tdecq_db"] = float(tq.tdecq_db)
        except (PhysicsError, ConfigError) as err:  # closed eye or too short a capture: say why, no number
            summary["tdecq_db"] = None
            summary["tdecq_note"] = str(err)
        summary["tdecq_method"] = ("IEEE-style TDECQ on the noise-free received waveform (referred to optical power "
                                   "by the responsivity) after the lane's own receiver filter, 5-tap reference FFE; "
                                   "see cposim.signal.tdecq for the simplifications")
    return summary


@one_line_errors
def simulate_cmd(
    target: str = typer.Argument("cpo-mrm-wdm-200g", help="A preset name or a scenario file (with an optional simulate: section)."),
    symbols: int = typer.Option(None, "--symbols", help="Symbols to simulate (default 65536 or the scenario's)."),
    samples_per_symbol: int = typer.Option(None, "--sps", help="Samples per symbol (default 16)."),
    chunk_symbols: int = typer.Option(None, "--chunk", help="Symbols per streaming chunk (memory, not results)."),
    seed: int = typer.Option(None, "--seed", help="Noise seed."),
    received_power: str = typer.Option(None, "--received-power", help="Mean received power, e.g. '-8 dBm' (default: the lane budget)."),
    out: Path = typer.Option(Path("out/simulate"), "--out", help="Folder for the eye and bathtub PNGs and summary.json."),
    json_out: bool = typer.Option(False, "--json", help="Print the JSON summary."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar."),
    rx_ffe: int = typer.Option(None, "--rx-ffe", help="Receiver FFE taps (trained LMS, then decision-directed); 0 = none; default: the lane's rx_ffe_taps."),
    rx_ffe_pre: int = typer.Option(None, "--rx-ffe-pre", help="Precursor taps of the receiver FFE (default: the lane's rx_ffe_precursors)."),
) -> None:
    """Simulate the lane in the time domain: BER with a confidence interval, eye, bathtub, TDECQ."""
    from dataclasses import replace

    from cposim.scenario.quantity import parse_quantity
    from cposim.scenario.simulate_settings import simulate_settings
    from cposim.signal.pipeline import simulate

    lane, preset, name, section = _load(target)
    settings = simulate_settings(section)
    cli = {"symbols": symbols, "samples_per_symbol": samples_per_symbol, "chunk_symbols": chunk_symbols, "seed": seed,
           "rx_ffe_taps": rx_ffe, "rx_ffe_pre": rx_ffe_pre}
    settings = simulate_settings({k: v for k, v in cli.items() if v is not None}, base=settings)
    if received_power is not None:
        settings = replace(settings, received_power_dbm=parse_quantity("--received-power", received_power, "dBm"))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ConfigError("--out", str(out), f"cannot be created ({err.strerror})") from None

    def run(progress=None):
        return simulate(lane, n_symbols=settings.symbols, samples_per_symbol=settings.samples_per_symbol,
                        chunk_symbols=settings.chunk_symbols, seed=settings.seed,
                        received_power_dbm=settings.received_power_dbm, pattern=settings.pattern,
                        capture_symbols=min(settings.symbols, 2**14), progress=progress,
                        rx_ffe_taps=settings.rx_ffe_taps, rx_ffe_pre=settings.rx_ffe_pre,
                        rx_ffe_training_symbols=settings.rx_ffe_training_symbols)

    if quiet or json_out:
        result = run()
    else:
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(TextColumn("simulating"), BarColumn(), TextColumn("{task.completed:,}/{task.total:,} symbols"),
                      TimeRemainingColumn(), transient=True) as bar:
            task = bar.add_task("sim", total=settings.symbols)
            result = run(lambda done, total: bar.update(task, completed=done))

    stem = (preset or "scenario") if name == preset else "".join(c if c.isalnum() or c in "-_." else "-" for c in name)
    summary: dict[str, Any] = {
        "name": name,
        "preset": preset,
        "symbols_simulated": settings.symbols,
        "symbols": result.n_symbols,
        "bits": result.n_bits,
        "bit_errors": result.bit_errors,
        "ber": result.ber,
        "ber_ci": list(result.ber_ci),
        "ber_ci_confidence": result.confidence,
        "ber_ci_method": result.interval,
        "ser": result.ser,
        "symbol_rate_baud": result.symbol_rate_hz,
        "samples_per_symbol": result.samples_per_symbol,
        "seed": result.seed,
        "pattern": result.pattern,
        "rx_ffe_taps": result.extras.get("rx_ffe_taps"),
        "note": ("symbols and errors count after the receiver FFE's training symbols"
                 if result.extras.get("rx_ffe_taps") else "no receiver equaliser (--rx-ffe 0)"),
    }
    if result.capture is not None:
        summary.update(_pictures(lane, settings, result, out, stem))
    (out / f"{stem}-summary.json").write_text(json.dumps(summary, indent=2))
    if json_out:
        print(json.dumps(summary, indent=2))
        return
    lo, hi = result.ber_ci
    print(f"{name}: {result.n_symbols:,} symbols, BER {result.ber:.3e} "
          f"({100 * result.confidence:g}% CI {lo:.2e} .. {hi:.2e}), {result.bit_errors:,} bit errors")
    if "eye_height" in summary:
        print(f"eye height {summary['eye_height'] * 1e3:.3f} mA, eye width {summary['eye_width']:.3f} UI"
              + (f", TDECQ {summary['tdecq_db']:.2f} dB" if summary.get("tdecq_db") is not None else "")
              + (f" ({summary['tdecq_note']})" if summary.get("tdecq_note") else ""))
    print(f"wrote {out / (stem + '-summary.json')}, eye and bathtub PNGs in {out}")


def register(app: typer.Typer) -> None:
    """Add ``simulate`` to the cposim command line."""
    app.command("simulate")(simulate_cmd)
