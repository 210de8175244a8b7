"""cposim's time-domain simulator against OptiCommPy on the same IM-DD PAM4 link.

The peer is an IM-DD PAM4 link built from OptiCommPy 0.11.0 public functions (GPL: run, never copied):
PAM4 at 53.125 GBd, 16 samples per symbol, PRBS31, NRZ pulses smoothed by a Gaussian
window, push-pull MZM at quadrature (Vpi 2 V, drive 0.25 Vpi peak, 30 dB extinction), 2 km of
O-band fiber (0.35 dB/km, D = -0.2 ps/(nm km)), a VOA setting the received average power, a
PIN photodiode (0.8 A/W, 5 nA dark current, thermal noise of 50 ohm at 25 C, shot noise) with a
brick-wall receiver filter of 0.75 x the symbol rate (255-tap truncated sinc), sampling at
the eye centre and error counting. cposim builds the same link from its device models
(:func:`peer_lane`) and simulates it with :func:`cposim.signal.pipeline.simulate`.

Both run in this one invocation, each measurement in its own subprocess so that it is clean:

* throughput at 2^20 symbols (OptiCommPy's JIT warm-up excluded, as the peer script does;
  the fastest of three cposim runs, as the peer script's ``--repeat`` reports, measured
  before and after OptiCommPy's single run of about half a minute, the slower of the two
  counting): symbols per second of both and the speedup ratio, also from CPU seconds (BLAS,
  OpenMP and numba limited to one thread in every worker);
* peak memory (tracemalloc peak of traced allocations, and peak RSS growth, which also sees
  numba's allocations) per simulated sample: cposim at 2^16, 2^20 and 2^24 symbols (flat in
  the symbol count: it streams), OptiCommPy at 2^16 and 2^20 (it holds whole waveforms);
* BER against received power (6 points, 2^18 symbols each) with Clopper-Pearson 95 %
  intervals and a two-proportion z score. cposim decides with the peer's rule (thresholds at
  the mean +- 2/sqrt(5) rms and at the mean of the received samples, i.e. an AGC and a fixed
  PAM4 slicer; cposim takes mean and rms from a 2^16-symbol pilot run) and, for reference,
  with its own sigma-weighted thresholds.

Run with no arguments: ``python benchmarks/peer_opticommpy.py`` (about 3-5 minutes); every
result is one JSON line on stdout, and the lines are written to
``benchmarks/results/peer_opticommpy.json`` (``--out FILE`` writes them elsewhere); the
README's peer tables are rendered from that file by ``scripts/readme_numbers.py``. If OptiCommPy
(``pip install OptiCommPy==0.11.0``, the ``peers`` extra) or the peer script is missing, a
JSON line says so and only cposim runs. Compare ratios measured side by side, not absolute
seconds (a shared machine's load changes them; ``loadavg`` is reported).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
DEFAULT_PEER = HERE.parents[2] / "shared" / "peers" / "opticommpy_imdd.py"
SYMBOL_RATE = 53.125e9
SPS = 16
#: The peer's Gaussian smoothing: exp(-t^2) over t = -2 ... 2 across one symbol (16 samples):
#: rms width (S - 1) / (4 sqrt 2) samples = 0.1657 UI, i.e. a Gaussian filter with
#: f_3dB = sqrt(ln 2) / (2 pi sigma) = 0.7997 x the symbol rate.
PEER_GAUSS_F3 = math.sqrt(math.log(2.0)) / (2 * math.pi * ((SPS - 1) / (4 * math.sqrt(2.0)) / SPS)) * SYMBOL_RATE
SWEEP_DBM = (-15.0, -14.0, -13.0, -12.0, -11.0, -10.0)
RESULTS = HERE.parent / "results" / "peer_opticommpy.json"


# ---- the link in cposim -------------------------------------------------------------------
def peer_lane():
    """The peer's link as a cposim Lane (lossless passives: the VOA sets the received power)."""
    from scipy.optimize import brentq

    from cposim.devices.couplers import EdgeCoupler, FiberConnector
    from cposim.devices.fiber import SingleModeFiber, g652_dispersion_s_per_m2
    from cposim.devices.laser import DfbLaser
    from cposim.devices.mach_zehnder import MachZehnderModulator
    from cposim.devices.photodetector import GermaniumPhotodetector
    from cposim.devices.tia import TransimpedanceAmplifier
    from cposim.devices.waveguide import Waveguide
    from cposim.link.lane import Lane
    from cposim.link.noise import resistor_noise_density_a_per_rthz

    lam = 1310e-9
    # zero-dispersion wavelength that gives D(1310 nm) = -0.2 ps/(nm km) with the G.652 slope
    lam0 = brentq(lambda l0: g652_dispersion_s_per_m2(lam, l0, 92.0) + 0.2e-6, 1.300e-6, 1.324e-6)
    length = 3e-3
    mzm = MachZehnderModulator(
        vpi_l_v_m=2 * 2.0 * length, length_m=length,  # push-pull: Vpi = VpiL / (2 L) = 2 V
        loss_db_per_m=0.0, excess_loss_db=0.0, static_extinction_ratio_db=30.0,
        drive_swing_v=1.0,  # +-0.25 Vpi peak
        rf_loss_db_per_m_per_hz=1e-25,  # no RF roll-off (the peer's MZM is memoryless)
    )
    zero = EdgeCoupler(loss_db=0.0)
    bare = Waveguide(length_m=0.0, bend_count=0, crossing_count=0)
    return Lane(
        name="opticommpy-peer", modulation="pam4", line_rate_bps=2 * SYMBOL_RATE, data_rate_bps=100e9,
        source=DfbLaser(output_power_w=0.01, wavelength_m=lam, rin_db_per_hz=-180.0),
        laser_coupling=zero, modulator=mzm, tx_waveguide=bare, tx_coupler=zero,
        fiber=SingleModeFiber(length_m=2000.0, attenuation_db_per_m=0.35e-3, zero_dispersion_wavelength_m=lam0),
        connectors=FiberConnector(connector_count=0), rx_coupler=zero, rx_waveguide=bare,
        photodetector=GermaniumPhotodetector.from_responsivity(0.8, wavelength_m=lam, dark_current_a=5e-9,
                                                               capacitance_f=1e-18, transit_bandwidth_hz=5e12),
        tia=TransimpedanceAmplifier(bandwidth_hz=1e12,
                                    input_noise_density_a_per_sqrt_hz=float(resistor_noise_density_a_per_rthz(50.0, 298.15))),
        rx_bandwidth_symbol_fraction=0.75, implementation_penalty_db=0.0,
        rx_ffe_taps=0, rx_ffe_precursors=0,  # the peer decides on the raw samples (no receiver FFE)
    )


def cposim_options(**extra):
    from cposim.signal.receiver import ReceiverSettings
    from cposim.signal.waveform import DriveSettings

    opts = dict(
        samples_per_symbol=SPS,
        drive=DriveSettings(driver_bandwidth_hz=PEER_GAUSS_F3, driver_filter="gaussian"),
        receiver=ReceiverSettings(filter="brickwall", brickwall_taps=255, rin_noise=False),
        seed=1,
    )
    opts.update(extra)
    return opts


# ---- the peer -----------------------------------------------------------------------------
def load_peer(path: Path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("opticommpy_imdd", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def peer_config(peer, prx_dbm: float = -10.0):
    args = argparse.Namespace(rs=SYMBOL_RATE, sps=SPS, prx_dbm=prx_dbm, length_km=2.0, laser_dbm=10.0,
                              mzm_scale=0.25, pd_bw_ratio=0.75, seed=1)
    return peer.build_config(args)


# ---- measurements (each in a worker subprocess) ---------------------------------------------
def _rss_now() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _runner(tool: str, peer_path: Path):
    """A function n -> (bit errors, bits) running the link once, after a warm-up."""
    if tool == "cposim":
        from cposim.signal.pipeline import simulate

        lane = peer_lane()

        def run(n, prx=-10.0, **kw):
            r = simulate(lane, n_symbols=n, received_power_dbm=prx, **cposim_options(**kw))
            return r.bit_errors, r.n_bits

    else:
        peer = load_peer(peer_path)

        def run(n, prx=-10.0):
            r = peer.simulate(n, peer_config(peer, prx))
            return int(round(r["ber"] * 2 * n)), 2 * n

    t0 = time.perf_counter()
    run(4096)
    return run, time.perf_counter() - t0


def worker_speed(tool: str, n: int, repeat: int, peer_path: Path) -> dict:
    run, warm = _runner(tool, peer_path)
    rss0 = _rss_now()
    runs = []
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        errors, bits = run(n)
        runs.append((time.perf_counter() - t0, time.process_time() - c0, errors, bits))
    dt, dc, errors, bits = min(runs)  # the fastest run, as the peer script's --repeat reports
    median = sorted(r[0] for r in runs)[len(runs) // 2]
    return dict(tool=tool, symbols=n, seconds=round(dt, 4), symbols_per_s=round(n / dt, 1), cpu_s=round(dc, 4),
                median_symbols_per_s=round(n / median, 1), warmup_s=round(warm, 3), ber=errors / bits,
                repeats=repeat, peak_rss_growth_bytes=max(0, _peak_rss() - rss0))


def worker_memory(tool: str, n: int, peer_path: Path) -> dict:
    import tracemalloc

    run, _ = _runner(tool, peer_path)
    rss0 = _rss_now()
    tracemalloc.start()
    tracemalloc.reset_peak()
    run(n)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = max(0, _peak_rss() - rss0)
    samples = n * SPS
    return dict(tool=tool, symbols=n, samples=samples, peak_traced_bytes=peak, peak_rss_growth_bytes=rss,
                traced_bytes_per_sample=round(peak / samples, 3), rss_bytes_per_sample=round(rss / samples, 3))


def worker_ber(tool: str, n: int, peer_path: Path) -> dict:
    out = {}
    if tool == "cposim":
        import numpy as np

        from cposim.signal.pipeline import simulate

        lane = peer_lane()
        for prx in SWEEP_DBM:
            pilot = simulate(lane, n_symbols=1 << 16, received_power_dbm=prx, capture_symbols=0, **cposim_options())
            mu, sg = pilot.level_means_a, pilot.level_sigmas_a
            mean = float(mu.mean())
            rms = float(np.sqrt(np.mean(sg**2 + (mu - mean) ** 2)))
            peer_rule = mean + rms * np.array([-2.0, 0.0, 2.0]) / np.sqrt(5.0)
            a = simulate(lane, n_symbols=n, received_power_dbm=prx, thresholds_a=peer_rule, capture_symbols=0,
                         **cposim_options())
            b = simulate(lane, n_symbols=n, received_power_dbm=prx, capture_symbols=0, **cposim_options())
            out[str(prx)] = dict(bit_errors=a.bit_errors, bits=a.n_bits, own_threshold_bit_errors=b.bit_errors,
                                 sample_delay=a.calibration.sample_delay)
    else:
        peer = load_peer(peer_path)
        peer.simulate(4096, peer_config(peer))
        for prx in SWEEP_DBM:
            r = peer.simulate(n, peer_config(peer, prx))
            out[str(prx)] = dict(bit_errors=int(round(r["ber"] * 2 * n)), bits=2 * n)
    return dict(tool=tool, symbols=n, points=out)


# ---- orchestration --------------------------------------------------------------------------
def _worker(args: list[str], timeout: float = 1800.0) -> dict:
    cmd = [sys.executable, str(HERE), "--worker", *args]
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
               NUMBA_NUM_THREADS="1")
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        return dict(error=f"worker {' '.join(args)} failed", stderr=proc.stderr[-2000:])
    return json.loads(lines[-1])


def _interval(k: int, n: int) -> tuple[float, float]:
    from cposim.signal.receiver import clopper_pearson_interval

    return clopper_pearson_interval(k, n, 0.95)


def _z(k1: int, n1: int, k2: int, n2: int) -> float:
    p = (k1 + k2) / (n1 + n2)
    se = math.sqrt(max(p * (1 - p) * (1 / n1 + 1 / n2), 1e-300))
    return (k1 / n1 - k2 / n2) / se


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--worker", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    ap.add_argument("--peer-script", type=Path, default=Path(os.environ.get("CPOSIM_PEER_SCRIPT", DEFAULT_PEER)))
    ap.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON lines "
                    "(default benchmarks/results/peer_opticommpy.json)")
    ap.add_argument("--quick", action="store_true", help="smaller runs (smoke test): 2^16 / 2^18 / 2^16")
    args = ap.parse_args()
    if args.worker:
        kind, tool, n = args.worker[0], args.worker[1], int(args.worker[2])
        if kind == "speed":
            res = worker_speed(tool, n, int(args.worker[3]), args.peer_script)
        elif kind == "memory":
            res = worker_memory(tool, n, args.peer_script)
        else:
            res = worker_ber(tool, n, args.peer_script)
        print(json.dumps(res), flush=True)
        return

    lines: list[dict] = []

    def emit(obj: dict) -> None:
        obj = {"benchmark": "peer_opticommpy", **obj}
        lines.append(obj)
        print(json.dumps(obj), flush=True)

    big, huge, sweep_n = (1 << 20, 1 << 24, 1 << 18) if not args.quick else (1 << 16, 1 << 18, 1 << 16)
    peer_ok = args.peer_script.exists()
    version = None
    if peer_ok:
        try:
            from importlib.metadata import version as _v

            version = _v("OptiCommPy")
        except Exception:  # noqa: BLE001 - any failure means the peer cannot run
            peer_ok = False
    import numpy as np
    import scipy

    emit(dict(kind="config", link="PAM4 53.125 GBd, 16 samples/symbol, PRBS31, Gaussian-smoothed NRZ, push-pull MZM "
              "at quadrature, 2 km SMF (0.35 dB/km, -0.2 ps/nm/km), VOA, PIN 0.8 A/W + thermal (50 ohm, 25 C) + shot "
              "noise, 255-tap brick-wall 0.75 Rs receiver", cpus=os.cpu_count(), loadavg=os.getloadavg(),
              python=sys.version.split()[0], numpy=np.__version__, scipy=scipy.__version__,
              opticommpy=version, peer_script=args.peer_script.name))  # the name only: no machine paths
    if not peer_ok:
        emit(dict(kind="peer", status="missing", detail="OptiCommPy (pip install OptiCommPy==0.11.0) or the peer script "
                  f"{args.peer_script} is not available; running cposim only"))

    # throughput: cposim before and after the peer (the slower figure counts), so that a
    # change of machine load during the peer's long run cannot flatter the ratio
    cp1 = _worker(["speed", "cposim", str(big), "3"])
    pe = _worker(["speed", "peer", str(big), "1"]) if peer_ok else {}
    cp2 = _worker(["speed", "cposim", str(big), "3"])
    rates = [c["symbols_per_s"] for c in (cp1, cp2) if c.get("symbols_per_s")]
    cp = min((c for c in (cp1, cp2) if c.get("symbols_per_s")), key=lambda c: c["symbols_per_s"], default={})
    row = dict(kind="throughput", symbols=big, cposim_symbols_per_s=cp.get("symbols_per_s"),
               cposim_symbols_per_s_runs=rates, cposim_seconds=cp.get("seconds"), cposim_cpu_s=cp.get("cpu_s"),
               cposim_ber=cp.get("ber"))
    if peer_ok:
        row.update(opticommpy_symbols_per_s=pe.get("symbols_per_s"), opticommpy_seconds=pe.get("seconds"),
                   opticommpy_cpu_s=pe.get("cpu_s"), opticommpy_jit_warmup_s=pe.get("warmup_s"),
                   opticommpy_ber=pe.get("ber"))
        if cp.get("symbols_per_s") and pe.get("symbols_per_s"):
            row["speedup"] = round(cp["symbols_per_s"] / pe["symbols_per_s"], 2)
        if cp.get("cpu_s") and pe.get("cpu_s"):  # less sensitive to other processes' load
            row["speedup_cpu_time"] = round(pe["cpu_s"] / cp["cpu_s"], 2)
    row["loadavg"] = os.getloadavg()
    emit(row)

    # memory
    mem = {}
    sizes = sorted({1 << 16, big, huge})
    for n in sizes:
        mem[("cposim", n)] = m = _worker(["memory", "cposim", str(n)])
        emit(dict(kind="memory", **m))
    if peer_ok:
        for n in sorted({1 << 16, big}):
            mem[("peer", n)] = m = _worker(["memory", "peer", str(n)])
            emit(dict(kind="memory", **{k: v for k, v in m.items() if k != "tool"}, tool="opticommpy"))
    c_peaks = [mem[("cposim", n)].get("peak_traced_bytes") for n in sizes]
    summary = dict(kind="memory_summary", cposim_peak_traced_bytes={str(n): p for n, p in zip(sizes, c_peaks)})
    if all(c_peaks):
        summary["cposim_flatness_max_over_min"] = round(max(c_peaks) / min(c_peaks), 3)
    if peer_ok and mem[("peer", big)].get("peak_rss_growth_bytes") and mem[("cposim", big)].get("peak_rss_growth_bytes"):
        pc, cc = mem[("peer", big)], mem[("cposim", big)]
        summary["rss_ratio_opticommpy_over_cposim"] = round(pc["peak_rss_growth_bytes"] / max(cc["peak_rss_growth_bytes"], 1), 1)
        summary["traced_ratio_opticommpy_over_cposim"] = round(pc["peak_traced_bytes"] / max(cc["peak_traced_bytes"], 1), 1)
    emit(summary)

    # BER sweep
    cb = _worker(["ber", "cposim", str(sweep_n)])
    pb = _worker(["ber", "peer", str(sweep_n)]) if peer_ok else {}
    for prx in SWEEP_DBM:
        c = cb.get("points", {}).get(str(prx))
        if c is None:
            emit(dict(kind="ber", prx_dbm=prx, error=cb.get("error", "cposim run failed")))
            continue
        row = dict(kind="ber", prx_dbm=prx, symbols=sweep_n,
                   cposim_ber=c["bit_errors"] / c["bits"], cposim_ci95=_interval(c["bit_errors"], c["bits"]),
                   cposim_bit_errors=c["bit_errors"],
                   cposim_own_threshold_ber=c["own_threshold_bit_errors"] / c["bits"])
        p = pb.get("points", {}).get(str(prx)) if pb else None
        if p is not None:
            lo1, hi1 = row["cposim_ci95"]
            lo2, hi2 = _interval(p["bit_errors"], p["bits"])
            row.update(opticommpy_ber=p["bit_errors"] / p["bits"], opticommpy_ci95=(lo2, hi2),
                       opticommpy_bit_errors=p["bit_errors"], intervals_overlap=bool(lo1 <= hi2 and lo2 <= hi1),
                       z_score=round(_z(c["bit_errors"], c["bits"], p["bit_errors"], p["bits"]), 2))
        emit(row)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text("".join(json.dumps(x) + "\n" for x in lines))


if __name__ == "__main__":
    main()
