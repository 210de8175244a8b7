"""The streaming time-domain link simulation of one :class:`~cposim.link.lane.Lane`.

Chain, per chunk of symbols (victim lane and, with a ring demux, its WDM aggressors)::

    pattern -> symbols -> drive (FFE, jitter, DAC/driver bandwidth)      signal.waveform
      -> modulator (MZM / EAM / ring CMT) x laser field                    signal.transmitters
      -> path losses (link engine) or VOA -> fiber dispersion -> demux     signal.fiber_channel
      -> |E|^2 (+ aggressor powers) -> PD + noise -> receiver filter       signal.receiver
      -> sample at the eye centre -> slicer -> symbol and bit errors

Launch power and losses are the link engine's (:func:`~cposim.link.engine.source_power_w`,
:func:`~cposim.link.engine.path_losses_db`), so a linear, ISI-free lane reproduces
:func:`cposim.link.engine.evaluate` (pinned by a test within the counting interval). By
default :func:`simulate` decides with the lane's own receiver (``rx_ffe_taps``,
``rx_ffe_precursors``: a trained LMS FFE, :mod:`cposim.signal.rx_ffe`), the receiver the
engine's waveform penalty assumes, so both count the same thing. The lane's extra
``implementation_penalty_db`` is not applied: it stands for what neither path models.
``received_power_dbm`` instead sets the victim's mean received power (of an equiprobable
pattern) with a VOA (an attenuator: asking for more power than the lane delivers is a
PhysicsError).

Calibration (before the run, noise-free, from the first ``calibration_symbols`` symbols of
the same pattern, so it never depends on the chunking): the VOA setting (from a longer
noise-free run of the optical path), the eye centre, the conditional level means there, the
analytic noise sigma of each level and the decision thresholds. The eye centre is the
sample delay of an ideal clock chosen by ``sampling``: ``"min_ber"`` (default) minimises the
semi-analytic BER of the noise-free samples with the receiver's Gaussian noise model;
``"max_opening"`` maximises the worst-case vertical opening (the geometric eye centre of a
settled eye; a filter's overshoot can make ``"min_ber"`` prefer an instant where the eye is
slightly wider than the static levels).

Streaming: symbols are processed ``chunk_symbols`` at a time; every filter, overlap-save
buffer, ring state and noise stream carries across chunks, and noise is keyed by absolute
sample index (:mod:`cposim.signal.noise_stream`), so bits, waveforms and error counts are
identical for any chunk size; memory is bounded by the chunk. A few extra symbols flush the
pipeline's latency so that exactly ``n_symbols`` are decided.

Patterns: a ``"prbsN"`` pattern starts from a register state derived from the seed (a
well-mixed phase of the m-sequence: the all-ones preload starts PRBS31 with thousands of
atypical bits); aggressors get their own seeded phases. Precision: single (float32 signal
chain) by default, ``precision="double"`` for float64; the noise variates are the same in
both, and decisions agree (a test pins at most two differing decisions in 2^15 noisy
symbols at a BER near 1e-3).

:func:`stream` yields :class:`SignalChunk` objects (for eye accumulation and equalisers);
:func:`simulate` counts errors and returns a :class:`SimulationResult` with a bounded capture
of the first ``capture_symbols`` symbols' waveform.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import numpy as np
from scipy import special

from cposim.devices.base import Model
from cposim.errors import ConfigError, PhysicsError
from cposim.link.engine import path_losses_db, receiver_bandwidth_hz, source_power_w, source_rin_db_per_hz
from cposim.link.lane import Lane
from cposim.link.waveform_penalty import carrier_wavelength_m
from cposim.signal.fiber_channel import AggressorPlan, DemuxDropFilter, DispersionStage, aggressor_plan
from cposim.signal.mapping import PATTERNS, SymbolSource
from cposim.signal.noise_stream import AGGRESSOR_OFFSET, check_seed
from cposim.signal.prbs import state_from_seed
from cposim.signal.receiver import ErrorCounter, ReceiverFrontEnd, ReceiverSettings, error_interval, thresholds_for_levels
from cposim.signal.transmitters import build_modulator_stage, laser_rin_per_hz
from cposim.signal.waveform import DriveSettings, DriveSynthesizer, Scratch, StreamingSos
from cposim.units import dbm_to_watt
from cposim.validation import check_choice, check_number

__all__ = [
    "DEFAULT_CHUNK_SYMBOLS",
    "PRECISIONS",
    "SAMPLING",
    "Calibration",
    "Capture",
    "LinkSimulation",
    "SignalChunk",
    "SimulationResult",
    "simulate",
    "stream",
]

#: Default symbols per streaming chunk: 2^14 (at 16 samples per symbol each working array
#: is 1-2 MB and stays in cache; 2^16 costs about 20 % more CPU time and 4x the memory).
DEFAULT_CHUNK_SYMBOLS = 1 << 14
#: Training symbols of the receiver FFE unless the caller sets them (a quarter of shorter runs).
DEFAULT_RX_FFE_TRAINING = 16384
#: Ways to pick the sampling instant (see the module docstring).
SAMPLING = ("min_ber", "max_opening")
#: Working precision name -> real dtype (noise variates are float32 in both).
PRECISIONS = {"single": np.float32, "double": np.float64}
#: Spawn key of the victim's pattern phase (aggressors use AGGRESSOR_OFFSET + k).
PATTERN_KEY = 7
#: Symbols skipped at the start of the calibration window (filters settle).
_WARM_SYMBOLS = 32
#: Symbols of the noise-free run that sets the VOA (its mean-power error is about 0.1 %).
_POWER_SYMBOLS = 1 << 16
#: Half-width of the sample-delay search around the nominal latency, symbols.
_SEARCH_SYMBOLS = 4


@dataclass(frozen=True)
class Calibration:
    """Noise-free calibration of a simulation (see the module docstring).

    ``sample_delay``: absolute sample index of symbol 0's decision instant (symbol ``k`` at
    ``sample_delay + k S``); ``received_power_w``: victim's mean received optical power, W;
    ``power_scale``: optical power factor applied after the modulator (losses and VOA);
    ``level_means_a``: noise-free mean photocurrent of each level at the eye centre, A;
    ``level_sigmas_a``: analytic noise sigma of each level after the filter, A;
    ``thresholds_a``: decision thresholds, A; ``eye_opening_a``: worst noise-free vertical
    opening, A (negative: closed by ISI or crosstalk); ``noise_bandwidth_hz``: the receiver
    filter's noise-equivalent bandwidth, Hz; ``receiver_bandwidth_hz``: its 3 dB (or cut-off)
    frequency, Hz.
    """

    sample_delay: int
    received_power_w: float
    power_scale: float
    level_means_a: np.ndarray
    level_sigmas_a: np.ndarray
    thresholds_a: np.ndarray
    eye_opening_a: float
    noise_bandwidth_hz: float
    receiver_bandwidth_hz: float


@dataclass(frozen=True)
class SignalChunk:
    """What one chunk of a streaming simulation produced.

    ``symbols``: transmitted level indices decided in this chunk, the first being symbol
    ``first_symbol``; ``decisions``: decided levels; ``samples_a``: the noisy eye-centre
    samples they were decided from, A; ``waveform_a``: the new full-rate receiver output
    (photocurrent after the filter, noisy), A, whose first sample has absolute index
    ``waveform_start``; symbol ``k``'s eye centre is sample ``sample_delay + k *
    samples_per_symbol``.
    """

    first_symbol: int
    symbols: np.ndarray
    decisions: np.ndarray
    samples_a: np.ndarray
    waveform_a: np.ndarray
    waveform_start: int
    samples_per_symbol: int
    sample_delay: int


@dataclass(frozen=True)
class Capture:
    """The first ``symbols.size`` symbols of a run: ``waveform_a`` is the noisy receiver
    output (A, ``samples_per_symbol`` samples per symbol, starting about half a symbol before
    symbol 0's eye centre), ``symbols`` the transmitted levels; symbol ``k``'s eye centre is
    ``waveform_a[centre_offset + k * samples_per_symbol]``; ``sample_rate_hz`` in Hz."""

    waveform_a: np.ndarray
    symbols: np.ndarray
    samples_per_symbol: int
    centre_offset: int
    sample_rate_hz: float


@dataclass(frozen=True)
class SimulationResult:
    """Outcome of :func:`simulate`: counts, rates with confidence intervals, levels.

    ``ber``/``ser``: counted bit/symbol error ratios; ``ber_ci``/``ser_ci``: two-sided
    intervals (``interval`` method at ``confidence``); ``level_means_a``,
    ``level_sigmas_a``: measured mean and spread (noise + ISI) of each transmitted level at
    the eye centre, A; ``calibration``: :class:`Calibration`; ``capture``: :class:`Capture`
    or None.
    """

    n_symbols: int
    n_bits: int
    symbol_errors: int
    bit_errors: int
    ber: float
    ber_ci: tuple[float, float]
    ser: float
    ser_ci: tuple[float, float]
    confidence: float
    interval: str
    levels: int
    symbol_rate_hz: float
    samples_per_symbol: int
    level_means_a: np.ndarray
    level_sigmas_a: np.ndarray
    calibration: Calibration
    capture: Capture | None
    seed: int
    pattern: str
    precision: str
    extras: dict[str, Any] = field(default_factory=dict)


def _require_scalar(model: Model, path: str) -> None:
    for f in dataclasses.fields(model):
        v = getattr(model, f.name)
        if isinstance(v, Model):
            _require_scalar(v, f"{path}.{f.name}")
        elif "unit" in f.metadata and np.ndim(v) != 0:
            raise ConfigError(f"{path}.{f.name}", v, "is an array; the time-domain simulator runs one design point")


class _OpticalPath:
    """Symbols to received optical power for one wavelength (victim or aggressor)."""

    def __init__(self, sim: "LinkSimulation", *, source: SymbolSource, stream_offset: int, power_scale: float,
                 drop: DemuxDropFilter | None) -> None:
        self.source = source
        self.drive = DriveSynthesizer(sim.drive, levels=sim.levels, samples_per_symbol=sim.sps,
                                      symbol_rate_hz=sim.symbol_rate_hz, seed=sim.seed, stream_offset=stream_offset,
                                      dtype=sim.dtype)
        self.modulator = build_modulator_stage(sim.lane.modulator, sample_rate_hz=sim.sample_rate_hz, dtype=sim.dtype,
                                               ring_temperature_offset_k=sim.ring_temperature_offset_k)
        self.dispersion = DispersionStage(sim.lane.fiber, sim.wavelength_m, sample_rate_hz=sim.sample_rate_hz,
                                          dtype=sim.dtype)
        self.drop = drop
        self.field_scale = np.asarray(math.sqrt(power_scale), dtype=sim.dtype)
        self._scratch = Scratch()

    @property
    def delay_samples(self) -> float:
        d = self.drive.delay_samples + self.modulator.delay_samples + self.dispersion.delay_samples
        if isinstance(self.drive.filter, StreamingSos):
            d += _sos_delay(self.drive.filter.sos)
        return d + (0.0 if self.drop is None else self.drop.delay_samples)

    def _optical(self, e: np.ndarray, flush: bool) -> np.ndarray:
        e *= self.field_scale
        e = self.dispersion.process(e)
        if flush:
            e = np.concatenate([e, self.dispersion.flush()])
        if self.drop is not None:
            e = self.drop.process(e)
        p = e.real * e.real
        im2 = self._scratch.take("im2", e.size, p.dtype)
        np.multiply(e.imag, e.imag, out=im2)
        p += im2
        return p

    def step(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Transmit the next ``n`` symbols: (symbols, received power samples in W)."""
        sym = self.source.symbols(n)
        return sym, self._optical(self.modulator.process(self.drive.process(sym)), flush=False)

    def flush(self) -> np.ndarray:
        """Power samples still held in the filters at the end of the run, W."""
        e = np.concatenate([self.modulator.process(self.drive.flush()), self.modulator.flush()])
        return self._optical(e, flush=True)


def _sos_delay(sos: np.ndarray) -> float:
    import scipy.signal as ss

    b, a = ss.sos2tf(np.asarray(sos, dtype=float))
    return float(ss.group_delay((b, a), w=[1e-6])[1][0])


class LinkSimulation:
    """A calibrated time-domain simulation of one lane (see the module docstring).

    Args:
        lane: a scalar :class:`~cposim.link.lane.Lane`.
        samples_per_symbol: S, 2 ... 256.
        seed: noise and jitter seed (whole number >= 0).
        received_power_dbm: victim mean received power set by a VOA, dBm (None: the lane's).
        pattern: ``"prbs7"`` ... ``"prbs31"``, ``"qprbs13"``, ``"prbs13q"``.
        drive: :class:`~cposim.signal.waveform.DriveSettings`.
        receiver: :class:`~cposim.signal.receiver.ReceiverSettings`.
        thresholds_a: explicit decision thresholds, A (M - 1, increasing), overriding
            ``receiver.threshold``.
        precision: ``"single"`` or ``"double"`` working precision.
        ring_temperature_offset_k: Tx ring temperature above its bias point, K.
        n_aggressors: WDM aggressors simulated with a ring demux (0 ... channels - 1).
        calibration_symbols: symbols of the noise-free calibration run (>= 512).
        noise_prefetch: draw receiver noise in a background thread (same numbers either way).
        sampling: ``"min_ber"`` or ``"max_opening"`` choice of the sampling instant.
    """

    def __init__(self, lane: Lane, *, samples_per_symbol: int = 16, seed: int = 0,
                 received_power_dbm: float | None = None, pattern: str = "prbs31",
                 drive: DriveSettings | None = None, receiver: ReceiverSettings | None = None,
                 thresholds_a: Any = None, precision: str = "single", ring_temperature_offset_k: float = 0.0,
                 n_aggressors: int = 2, calibration_symbols: int = 4096, noise_prefetch: bool = False,
                 sampling: str = "min_ber") -> None:
        if not isinstance(lane, Lane):
            raise ConfigError("simulate.lane", type(lane).__name__, "is not a cposim.link.lane.Lane")
        _require_scalar(lane, "lane")
        self.lane = lane
        self.levels = lane.levels
        self.sps = int(check_number("simulate.samples_per_symbol", samples_per_symbol, lo=2, hi=256, integer=True))
        self.seed = check_seed(seed, "simulate.seed")
        self.pattern = check_choice("simulate.pattern", pattern, PATTERNS)
        self.precision = check_choice("simulate.precision", precision, tuple(PRECISIONS))
        self.dtype = np.dtype(PRECISIONS[self.precision])
        self.drive = DriveSettings() if drive is None else drive
        self.receiver = ReceiverSettings() if receiver is None else receiver
        if not isinstance(self.drive, DriveSettings):
            raise ConfigError("simulate.drive", type(drive).__name__, "is not a DriveSettings")
        if not isinstance(self.receiver, ReceiverSettings):
            raise ConfigError("simulate.receiver", type(receiver).__name__, "is not a ReceiverSettings")
        self.ring_temperature_offset_k = float(check_number("simulate.ring_temperature_offset_k",
                                                            ring_temperature_offset_k, unit="K", lo=-200.0, hi=200.0))
        self.noise_prefetch = bool(noise_prefetch)
        self.sampling = check_choice("simulate.sampling", sampling, SAMPLING)
        self.calibration_symbols = int(check_number("simulate.calibration_symbols", calibration_symbols,
                                                    lo=512, hi=2**20, integer=True))
        self.symbol_rate_hz = float(lane.symbol_rate_hz)
        self.sample_rate_hz = self.sps * self.symbol_rate_hz
        self.wavelength_m = carrier_wavelength_m(lane)
        target = None
        if received_power_dbm is not None:
            target = float(dbm_to_watt(check_number("simulate.received_power_dbm", received_power_dbm, unit="dBm",
                                                    lo=-80.0, hi=30.0)))
        losses = path_losses_db(lane)
        before = float(losses["laser_split"] + losses["laser_coupling"])
        after = float(sum(v for k, v in losses.items() if k not in ("laser_split", "laser_coupling")))
        self.lane_power_scale = float(source_power_w(lane)) * 10.0 ** (-(before + after) / 10.0)
        self.plan: AggressorPlan | None = None
        if lane.demux is not None:
            na = int(check_number("simulate.n_aggressors", n_aggressors, lo=0, hi=127, integer=True))
            self.plan = aggressor_plan(lane.demux, na)
        bw = float(self.receiver.bandwidth_hz) or float(np.asarray(receiver_bandwidth_hz(lane)))
        self.rx_bandwidth_hz = bw
        pd = lane.photodetector
        self._rx_args = dict(
            responsivity_a_per_w=float(pd.responsivity_a_per_w),
            thermal_density_a_per_rthz=float(lane.tia.input_noise_density_a_per_sqrt_hz),
            dark_current_a=float(pd.dark_current_a),
            rin_per_hz=laser_rin_per_hz(source_rin_db_per_hz(lane)),
            bandwidth_hz=bw,
            settings=self.receiver,
            sample_rate_hz=self.sample_rate_hz,
            seed=self.seed,
            dtype=self.dtype,
        )
        self._explicit_thresholds = None if thresholds_a is None else np.asarray(
            check_number("simulate.thresholds_a", thresholds_a, unit="A"), dtype=float).reshape(-1)
        if self._explicit_thresholds is not None and (
                self._explicit_thresholds.size != self.levels - 1 or np.any(np.diff(self._explicit_thresholds) <= 0)):
            raise ConfigError("simulate.thresholds_a", self._explicit_thresholds,
                              f"must hold {self.levels - 1} strictly increasing thresholds")
        self.calibration = self._calibrate(target)

    # ---- building blocks ---------------------------------------------------------------
    def _source(self, k: int | None) -> SymbolSource:
        """Symbol source of the victim (``k`` None) or of aggressor ``k``: a PRBS started from a
        register state derived from the seed (a well-mixed phase; the all-ones preload starts a
        long PRBS with thousands of atypical bits), or a fixed pattern from a seeded offset."""
        key = (PATTERN_KEY,) if k is None else (AGGRESSOR_OFFSET + k,)
        raw = int(np.random.SeedSequence(self.seed, spawn_key=key).generate_state(1, np.uint64)[0])
        if self.pattern.startswith("prbs") and self.pattern != "prbs13q":
            return SymbolSource(self.pattern, self.levels, state=state_from_seed(int(self.pattern[4:]), raw))
        return SymbolSource(self.pattern, self.levels, start=0 if k is None else raw)

    def _paths(self, power_scale: float) -> list[_OpticalPath]:
        plan = self.plan
        if plan is None:
            return [_OpticalPath(self, source=self._source(None), stream_offset=0, power_scale=power_scale, drop=None)]

        def drop(offset_hz: float, gain: float) -> DemuxDropFilter:
            return DemuxDropFilter(plan.loaded_q, plan.resonance_hz, offset_hz, sample_rate_hz=self.sample_rate_hz,
                                   peak_power_gain=gain, dtype=self.dtype)

        paths = [_OpticalPath(self, source=self._source(None), stream_offset=0, power_scale=power_scale,
                              drop=drop(0.0, 1.0))]
        for k, (off, ratio) in enumerate(zip(plan.offsets_hz, plan.power_ratios)):
            lor = 1.0 / (1.0 + (2.0 * plan.loaded_q * off / plan.resonance_hz) ** 2)
            paths.append(_OpticalPath(self, source=self._source(k), stream_offset=AGGRESSOR_OFFSET * (k + 1),
                                      power_scale=power_scale, drop=drop(off, ratio / lor)))
        return paths

    def _receiver(self, noise: bool) -> ReceiverFrontEnd:
        return ReceiverFrontEnd(noise=noise, prefetch=self.noise_prefetch, **self._rx_args)

    # ---- calibration -------------------------------------------------------------------
    def _mean_power_w(self) -> float:
        """Victim's mean received power before any VOA, W, over ``_POWER_SYMBOLS`` symbols
        streamed in chunks, level-weighted (see :func:`_level_weighted_mean`)."""
        path = self._paths(self.lane_power_scale)[0]
        s = self.sps
        n = max(self.calibration_symbols, _POWER_SYMBOLS)
        delay = int(round(path.delay_samples))
        total = n + delay // s + 2
        symbols, slot_means = [], []
        buf = np.empty(0)
        start = -delay  # absolute slot index (times S) of buf[0], relative to symbol 0's slot
        done = 0
        while done < total:
            m = min(DEFAULT_CHUNK_SYMBOLS, total - done)
            sym, p = path.step(m)
            done += m
            if done >= total:
                p = np.concatenate([p, path.flush()])
            symbols.append(sym)
            buf = np.concatenate([buf, p.astype(np.float64)])
            if start < 0:  # drop the samples before symbol 0's slot
                cut = min(-start, buf.size)
                buf, start = buf[cut:], start + cut
            whole = buf.size // s
            slot_means.append(buf[: whole * s].reshape(whole, s).mean(axis=1))
            buf = buf[whole * s :]
        per_symbol = np.concatenate(slot_means)[:n]
        return _level_weighted_mean(per_symbol, np.concatenate(symbols)[:n], self.levels)

    def _calibrate(self, target_w: float | None) -> Calibration:
        s = self.sps
        paths = self._paths(self.lane_power_scale)
        rx = self._receiver(noise=False)
        nominal = paths[0].delay_samples + rx.delay_samples
        guard = int(math.ceil(nominal / s)) + _SEARCH_SYMBOLS + 2
        n_cal = self.calibration_symbols
        n_run = n_cal + guard
        sym, p_victim = paths[0].step(n_run)
        p_victim = np.concatenate([p_victim, paths[0].flush()]).astype(np.float64)
        p_total = p_victim.copy()
        for path in paths[1:]:
            _, pa = path.step(n_run)
            p_total += np.concatenate([pa, path.flush()])
        mean_w = self._mean_power_w()
        if not mean_w > 0.0:
            raise PhysicsError("simulate: no optical power reaches the receiver")
        scale = 1.0
        if target_w is not None:
            scale = target_w / mean_w
            if scale > 1.0 + 1e-9:
                raise PhysicsError(
                    f"simulate.received_power_dbm: {10 * np.log10(target_w / 1e-3):.2f} dBm is more than the lane delivers "
                    f"({10 * np.log10(mean_w / 1e-3):.2f} dBm); a VOA only attenuates (raise the laser power)")
        y = rx.process(p_total * scale)
        y = np.concatenate([y, rx.flush()]).astype(np.float64)
        d, opening, means = _eye_centre(y, sym, self.levels, s, nominal, n_cal, rx, self.receiver.threshold,
                                        self.sampling)
        sigmas = rx.level_sigmas_a(means)
        if self._explicit_thresholds is not None:
            th = self._explicit_thresholds
        else:
            th = thresholds_for_levels(means, sigmas, self.receiver.threshold)
        return Calibration(sample_delay=d, received_power_w=mean_w * scale, power_scale=self.lane_power_scale * scale,
                           level_means_a=means, level_sigmas_a=sigmas, thresholds_a=th, eye_opening_a=opening,
                           noise_bandwidth_hz=rx.noise_bandwidth_hz, receiver_bandwidth_hz=self.rx_bandwidth_hz)

    # ---- the run -----------------------------------------------------------------------
    def chunks(self, n_symbols: int, *, chunk_symbols: int = DEFAULT_CHUNK_SYMBOLS,
               progress: Callable[[int, int], None] | None = None) -> Iterator[SignalChunk]:
        """Run ``n_symbols`` symbols, ``chunk_symbols`` at a time, yielding :class:`SignalChunk`."""
        n = int(check_number("simulate.n_symbols", n_symbols, lo=1, hi=2**40, integer=True))
        chunk = int(check_number("simulate.chunk_symbols", chunk_symbols, lo=1, hi=2**24, integer=True))
        cal = self.calibration
        s = self.sps
        d = cal.sample_delay
        tail = d // s + 2
        total = n + tail
        paths = self._paths(cal.power_scale)
        rx = self._receiver(noise=True)
        tx = np.empty(0, dtype=np.uint8)
        tx_first = 0  # absolute index of tx[0]
        next_k = 0  # next symbol to decide
        w_pos = 0  # absolute index of the next receiver output sample
        produced = 0
        while next_k < n:
            m = min(chunk, total - produced)
            if m > 0:
                sym, p = paths[0].step(m)
                for path in paths[1:]:
                    _, pa = path.step(m)
                    p += _same_length(p, pa)
                produced += m
            else:
                sym = np.empty(0, dtype=np.uint8)
                p = np.empty(0, dtype=self.dtype)
            last = produced >= total
            if last:
                pf = paths[0].flush()
                for path in paths[1:]:
                    pf += _same_length(pf, path.flush())
                p = np.concatenate([p, pf])
            y = rx.process(p)
            if last:
                y = np.concatenate([y, rx.flush()])
            keep = sym[: max(0, min(sym.size, n - (produced - m)))] if m > 0 else sym
            tx = np.concatenate([tx, keep]) if tx.size else keep.copy()
            k_lo = next_k
            k_hi = min(n, (w_pos + y.size - 1 - d) // s + 1) if y.size else k_lo
            k_hi = max(k_hi, k_lo)
            idx = d + np.arange(k_lo, k_hi) * s - w_pos
            samples = y[idx].astype(np.float64)
            symbols = tx[k_lo - tx_first : k_hi - tx_first]
            tx = tx[k_hi - tx_first :]
            tx_first = k_hi
            next_k = k_hi
            decisions = np.searchsorted(cal.thresholds_a, samples).astype(np.uint8)
            yield SignalChunk(first_symbol=k_lo, symbols=symbols, decisions=decisions,
                              samples_a=samples, waveform_a=y, waveform_start=w_pos, samples_per_symbol=s,
                              sample_delay=d)
            w_pos += y.size
            del y, p  # drop this chunk's arrays before the next is built (flat peak memory)
            if progress is not None:
                progress(next_k, n)
            if last and next_k < n:
                raise PhysicsError("simulate: the pipeline latency exceeded the flush symbols (internal error)")


def _same_length(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.size != b.size:
        raise PhysicsError(f"simulate: aggressor stream length {b.size} differs from the victim's {a.size} (internal error)")
    return b


def _level_weighted_mean(per_symbol_w: np.ndarray, sym: np.ndarray, levels: int) -> float:
    """Mean received power of an equiprobable pattern, W: each symbol's mean power over its
    slot (``per_symbol_w``), averaged per level, then over the levels (a finite window holds
    the levels in unequal numbers, which would bias a plain mean by about 1 % at 4096
    symbols and 0.2 % at 65536)."""
    ks = np.arange(_WARM_SYMBOLS, per_symbol_w.size)
    lab, p = sym[ks], per_symbol_w[ks]
    return float(np.mean([p[lab == m].mean() for m in range(levels)]))


def _eye_centre(y: np.ndarray, sym: np.ndarray, levels: int, s: int, nominal: float, n_cal: int,
                rx: ReceiverFrontEnd, method: str, sampling: str) -> tuple[int, float, np.ndarray]:
    """The eye centre. ``"min_ber"``: the sample delay that minimises the semi-analytic BER of
    the noise-free calibration samples (each sample's Gaussian noise sigma from the receiver's
    noise model, thresholds from the level means at that delay, tails summed in the log domain
    so that wide-open eyes still compare), evaluated for the delays whose Gaussian Q (level
    separation over ISI spread plus noise) ranks among the best ``S/2 + 3``; ``"max_opening"``: the widest worst-case vertical
    opening (falling back to ``"min_ber"`` if every eye is closed). Returns the delay, the
    worst vertical opening there (A) and the conditional level means (A)."""
    centre = int(round(nominal))
    cands = np.arange(max(0, centre - _SEARCH_SYMBOLS * s), centre + _SEARCH_SYMBOLS * s + 1)
    ks = np.arange(_WARM_SYMBOLS, n_cal)
    lab = sym[ks]
    counts = np.bincount(lab, minlength=levels)
    if np.any(counts == 0):
        raise PhysicsError("simulate: the calibration pattern does not contain every level; raise calibration_symbols")
    order = np.argsort(lab, kind="stable")  # calibration symbols grouped by level
    by_level = ks[order] * s
    bounds = np.concatenate([[0], np.cumsum(counts)[:-1]])
    opening = np.empty(cands.size)
    mu = np.empty((cands.size, levels))
    separation = np.full(cands.size, -np.inf)
    for i, c in enumerate(cands):  # one candidate delay at a time keeps the memory small
        x = y[c + by_level]
        lo, hi = np.minimum.reduceat(x, bounds), np.maximum.reduceat(x, bounds)
        mu[i] = np.add.reduceat(x, bounds) / counts
        opening[i] = np.min(lo[1:] - hi[:-1])
        if np.all(np.diff(mu[i]) > 0):  # Gaussian Q of the worst eye (ISI spread + noise)
            isi_var = np.maximum(np.add.reduceat(x * x, bounds) / counts - mu[i] ** 2, 0.0)
            sd = np.sqrt(isi_var + rx.level_sigmas_a(np.maximum(mu[i], 0.0)) ** 2)
            separation[i] = np.min(np.diff(mu[i]) / (sd[1:] + sd[:-1]))
    score = np.full(cands.size, np.inf)
    # the exact semi-analytic BER for the delays whose Gaussian Q is within the best few
    shortlist = [] if sampling == "max_opening" else np.argsort(-separation)[: min(cands.size, 2 * s // 4 + 3)]
    for i in shortlist:
        if not np.isfinite(separation[i]):
            continue
        x = y[cands[i] + ks * s]
        sig = np.sqrt(np.maximum(rx.psd_a2_per_hz(np.maximum(x, 0.0)), 1e-60) * rx.noise_bandwidth_hz)
        th = thresholds_for_levels(mu[i], rx.level_sigmas_a(np.maximum(mu[i], 0.0)) + 1e-30, method)
        up = np.append(th, np.inf)[lab]  # threshold above each sample's level (none for the top)
        dn = np.insert(th, 0, -np.inf)[lab]  # threshold below
        with np.errstate(divide="ignore"):
            tails = np.concatenate([special.log_ndtr((x - up) / sig), special.log_ndtr((dn - x) / sig)])
        score[i] = special.logsumexp(tails)
    if sampling == "max_opening" and np.max(opening) > 0.0:
        best = int(np.argmax(opening))
        return int(cands[best]), float(opening[best]), mu[best].copy()
    if sampling == "max_opening":  # every eye closed: fall back to the BER criterion
        return _eye_centre(y, sym, levels, s, nominal, n_cal, rx, method, "min_ber")
    if not np.any(np.isfinite(score)):
        raise PhysicsError("simulate: the noise-free eye is closed at every sampling phase (level means out of order)")
    best = int(np.argmin(score))
    return int(cands[best]), float(opening[best]), mu[best].copy()


def stream(lane: Lane, *, n_symbols: int, samples_per_symbol: int = 16, chunk_symbols: int = DEFAULT_CHUNK_SYMBOLS, seed: int = 0,
           received_power_dbm: float | None = None, progress: Callable[[int, int], None] | None = None,
           **options: Any) -> Iterator[SignalChunk]:
    """Iterate over the chunks of a streaming simulation (see :class:`LinkSimulation` for
    ``options``); each :class:`SignalChunk` carries the waveform and eye-centre samples."""
    sim = LinkSimulation(lane, samples_per_symbol=samples_per_symbol, seed=seed,
                         received_power_dbm=received_power_dbm, **options)
    return sim.chunks(n_symbols, chunk_symbols=chunk_symbols, progress=progress)


def simulate(lane: Lane, *, n_symbols: int, samples_per_symbol: int = 16, chunk_symbols: int = DEFAULT_CHUNK_SYMBOLS, seed: int = 0,
             received_power_dbm: float | None = None, capture_symbols: int = 2**14,
             progress: Callable[[int, int], None] | None = None, **options: Any) -> SimulationResult:
    """Simulate ``n_symbols`` symbols of ``lane`` and count errors.

    Args:
        lane: scalar :class:`~cposim.link.lane.Lane`.
        n_symbols: symbols to decide (>= 1).
        samples_per_symbol: S (2 ... 256).
        chunk_symbols: symbols per streaming chunk (memory scales with it, results do not).
        seed: noise and jitter seed.
        received_power_dbm: victim mean received power via a VOA, dBm (None: the lane's budget).
        capture_symbols: symbols of receiver waveform kept for eye diagrams (0 = none; at most
            ``n_symbols``).
        progress: called as ``progress(symbols_done, n_symbols)`` after each chunk.
        **options: ``pattern``, ``drive``, ``receiver``, ``thresholds_a``, ``precision``,
            ``ring_temperature_offset_k``, ``n_aggressors``, ``calibration_symbols``,
            ``noise_prefetch``, ``sampling`` (:class:`LinkSimulation`); ``rx_ffe_taps``,
            ``rx_ffe_pre``, ``rx_ffe_training_symbols`` of the receiver FFE (default: the
            lane's ``rx_ffe_taps`` and ``rx_ffe_precursors``, the receiver the analytic
            engine assumes; ``rx_ffe_taps=0`` decides on the raw samples).
    """
    ffe_taps = options.pop("rx_ffe_taps", None)
    ffe_pre = options.pop("rx_ffe_pre", None)
    if ffe_taps is None:  # the receiver the analytic engine assumes for this lane
        ffe_taps = int(np.asarray(lane.rx_ffe_taps)) if isinstance(lane, Lane) else 0
    if ffe_pre is None:
        ffe_pre = int(np.asarray(lane.rx_ffe_precursors)) if isinstance(lane, Lane) and ffe_taps > 0 else 1
        ffe_pre = min(ffe_pre, max(int(ffe_taps) - 1, 0))
    ffe_training = options.pop("rx_ffe_training_symbols", None)
    sim = LinkSimulation(lane, samples_per_symbol=samples_per_symbol, seed=seed,
                         received_power_dbm=received_power_dbm, **options)
    n = int(check_number("simulate.n_symbols", n_symbols, lo=1, hi=2**40, integer=True))
    ffe = None
    if int(check_number("simulate.rx_ffe_taps", ffe_taps, lo=0, hi=64, integer=True)) > 0:
        from cposim.signal.rx_ffe import TrainedRxFfe

        if ffe_training is None:  # 16384 symbols, or a quarter of a short run
            ffe_training = min(DEFAULT_RX_FFE_TRAINING, n // 4)
        ffe = TrainedRxFfe(sim.calibration.level_means_a, n_taps=ffe_taps, n_pre=ffe_pre,
                           training_symbols=ffe_training)
        if ffe.training >= n:
            raise ConfigError("simulate.rx_ffe_training_symbols", ffe.training,
                              f"leaves no symbols to count; expected fewer than n_symbols = {n}")
    ncap = min(n, int(check_number("simulate.capture_symbols", capture_symbols, lo=0, hi=2**22, integer=True)))
    cal = sim.calibration
    s = sim.sps
    counter = ErrorCounter(sim.levels, cal.thresholds_a)
    half = s // 2
    cap_start = max(0, cal.sample_delay - half)
    cap_len = ncap * s
    cap_wave = np.empty(cap_len, dtype=np.float64)
    cap_sym = np.empty(ncap, dtype=np.uint8)
    for ch in sim.chunks(n, chunk_symbols=chunk_symbols, progress=progress):
        if ffe is None:
            counter.add(ch.symbols, ch.samples_a, ch.decisions)
        else:
            ffe.add(ch.symbols, ch.samples_a)
        if ncap:
            _fill_capture(cap_wave, cap_sym, ch, cap_start, ncap)
        del ch  # release the chunk before the generator builds the next one
    bits_per_symbol = int(np.log2(sim.levels))
    extras: dict[str, Any] = {}
    if ffe is not None:
        counter = ffe.counter
        n = counter.symbols  # counted after training
        extras = {"rx_ffe_taps": ffe.taps.tolist(), "rx_ffe_training_symbols": ffe.training}
    n_bits = n * bits_per_symbol
    conf = float(sim.receiver.confidence)
    method = sim.receiver.interval
    capture = None
    if ncap:
        capture = Capture(waveform_a=cap_wave, symbols=cap_sym, samples_per_symbol=s,
                          centre_offset=cal.sample_delay - cap_start, sample_rate_hz=sim.sample_rate_hz)
    return SimulationResult(
        n_symbols=n, n_bits=n_bits, symbol_errors=counter.symbol_errors, bit_errors=counter.bit_errors,
        ber=counter.bit_errors / n_bits, ber_ci=error_interval(counter.bit_errors, n_bits, conf, method),
        ser=counter.symbol_errors / n, ser_ci=error_interval(counter.symbol_errors, n, conf, method),
        confidence=conf, interval=method, levels=sim.levels, symbol_rate_hz=sim.symbol_rate_hz,
        samples_per_symbol=s, level_means_a=counter.level_means_a, level_sigmas_a=counter.level_sigmas_a,
        calibration=cal, capture=capture, seed=sim.seed, pattern=sim.pattern, precision=sim.precision,
        extras=extras,
    )


def _fill_capture(wave: np.ndarray, sym: np.ndarray, ch: SignalChunk, start: int, ncap: int) -> None:
    lo = max(start, ch.waveform_start)
    hi = min(start + wave.size, ch.waveform_start + ch.waveform_a.size)
    if hi > lo:
        wave[lo - start : hi - start] = ch.waveform_a[lo - ch.waveform_start : hi - ch.waveform_start]
    k_lo, k_hi = ch.first_symbol, min(ncap, ch.first_symbol + ch.symbols.size)
    if k_hi > k_lo:
        sym[k_lo:k_hi] = ch.symbols[: k_hi - k_lo]
