"""ISI and equaliser penalty of a lane, computed from its noise-free waveform (CPS-LNK-07).

The analytic engine (:mod:`cposim.link.engine`) does not guess an implementation penalty:
it asks this module what the lane's own waveform does to the eye at the receiver that the
lane declares (``rx_ffe_taps``, ``rx_ffe_precursors``). The chain is the time-domain
simulator's, stage for stage (:mod:`cposim.signal`), run without noise and without WDM
aggressors (their leak is the engine's crosstalk term)::

    seeded i.i.d. PAM symbols -> drive (DAC/driver)       signal.waveform
      -> modulator: ring coupled-mode dynamics / MZM / EAM signal.transmitters
      -> fiber dispersion (field) -> demux drop port       signal.fiber_channel
      -> |E|^2 -> receiver filter (PD/TIA bandwidth)       signal.receiver
      -> T-spaced MMSE FFE at the best sampling phase      equalization

A nonlinear modulator needs no separate per-transition table: the waveform carries every
transition as it happens. The FFE is the Wiener (MMSE) solution for the noise-free samples
plus receiver noise (autocorrelation of white noise through the receiver filter, at T lags)
at the design SNR :data:`DESIGN_Q` (a BER near 1e-3, the FEC thresholds), which is what the
simulator's trained LMS FFE converges to near threshold.

What the engine takes from it (:class:`WaveformPenalty`), all relative to the static outer
OMA of the lane, so the result does not depend on the optical power:

* ``level_offsets``: the equalised conditional mean of each level minus the static mean
  power, over the static OMA (``-0.5 ... 0.5`` for an ISI-free linear lane);
* ``isi_rms``: the rms residual ISI of each level after the FFE, over the static OMA
  (Gaussian in the engine's BER);
* ``noise_enhancement``: the factor by which the FFE multiplies the variance of the white
  receiver noise (thermal, shot, RIN), ``c^T R c`` with ``R`` the noise autocorrelation;
* ``crosstalk_gain``: ``sum c^2``, the same for the demux crosstalk (independent symbols).

Sweeps: every distinct setting of the parameters that move the waveform
(:data:`WAVEFORM_PATHS`) is computed directly and cached (:data:`CACHE_SIZE`; at most
:data:`MAX_DIRECT_POINTS` per evaluation, else a clear error). Fiber length, the one
parameter sweeps vary continuously, is never computed at arbitrary values: the lane is
computed at the two lengths of a fixed grid (:data:`LENGTH_SERIES`, the R10 series) that
bracket it and interpolated in log(length), for a scalar lane and a sweep alike, so a sweep
point equals the scalar call and no chunking changes a result. The interpolation's accuracy
against the direct computation is pinned by a test and stated in the README.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import scipy.signal as ss

from cposim.devices.base import Model, set_path
from cposim.devices.ring_modulator import RingModulator
from cposim.errors import ConfigError
from cposim.link.lane import Lane
from cposim.signal.fiber_channel import DemuxDropFilter, DispersionStage
from cposim.signal.transmitters import build_modulator_stage
from cposim.signal.waveform import DriveSettings, DriveSynthesizer, StreamingSos, bessel_sos
from cposim.units import SPEED_OF_LIGHT_M_PER_S

__all__ = [
    "DESIGN_Q",
    "WAVEFORM_PATHS",
    "WaveformPenalty",
    "lane_penalty",
    "receiver_bandwidth_hz",
    "waveform_penalty",
]

#: Q factor (level half-spacing over noise sigma, before the FFE) at which the MMSE FFE is
#: designed: 3.0 is a PAM4 BER of about 1e-3, between the hard (1.4e-3) and soft (4.8e-3)
#: concatenated-FEC thresholds and near KP4's 2.4e-4.
DESIGN_Q = 3.0
#: Symbols of the noise-free run (after :data:`_WARM_SYMBOLS`); i.i.d. uniform levels.
N_SYMBOLS = 4096
_WARM_SYMBOLS = 64
#: Longest latency from a symbol to its pulse peak searched, symbols (the run is padded by it).
_MAX_LATENCY_SYMBOLS = 256
#: Samples per symbol of the noise-free run (the simulator's default).
SAMPLES_PER_SYMBOL = 16
#: Seed of the symbol pattern (the same on every machine).
PATTERN_SEED = 20261204
#: Scalar lanes computed directly and kept (least recently used out first).
CACHE_SIZE = 256
#: Lane parameter paths (prefixes) that move the waveform; anything else (powers, losses,
#: noise densities, energies) leaves the penalty unchanged.
WAVEFORM_PATHS = (
    "modulation", "line_rate_bps", "rx_bandwidth_symbol_fraction", "rx_ffe_taps", "rx_ffe_precursors",
    "modulator.", "fiber.length_m", "fiber.zero_dispersion_wavelength_m", "fiber.dispersion_slope_s_per_m3",
    "demux.loaded_q", "photodetector.", "tia.bandwidth_hz", "source.wavelength_m",
)
#: Parameters under those prefixes that do not touch the waveform (energies, heaters, dark
#: current, responsivity).
NOT_WAVEFORM_PATHS = (
    "modulator.heater_efficiency_m_per_w", "modulator.transmitter_energy_per_bit_j", "modulator.excess_loss_db",
    "photodetector.dark_current_a", "photodetector.quantum_efficiency",
)
#: Most distinct waveform settings (other than fiber length) one evaluation may ask for; each
#: is a direct computation of about 0.1 s, cached.
MAX_DIRECT_POINTS = 512
#: Fiber length is the one waveform parameter on a fixed grid: the lane is computed at the
#: grid lengths that bracket it and interpolated in log(length), for a scalar lane and a sweep
#: alike (so a sweep point equals the scalar call, and no chunking changes a result). The grid
#: is the R10 preferred-number series (1, 1.25, 1.6, 2, 2.5, 3.15, 4, 5, 6.3, 8 per decade),
#: so round lengths (10 m, 500 m, 2 km) are nodes and computed exactly.
LENGTH_SERIES = (1.0, 1.25, 1.6, 2.0, 2.5, 3.15, 4.0, 5.0, 6.3, 8.0)
INTERPOLATED_PATH = "fiber.length_m"


@dataclass(frozen=True)
class WaveformPenalty:
    """What the waveform does to the decision samples (module docstring); arrays broadcast
    over a sweep's shape with the level axis last.

    ``level_offsets`` (..., M), ``isi_rms`` (..., M): relative to the static outer OMA;
    ``noise_enhancement``, ``crosstalk_gain``: variance factors (1 = no FFE, ISI-free);
    ``taps``: the FFE taps of a scalar lane (None for a table); ``sampling_phase_ui``: the
    chosen phase from the pulse peak, UI; ``receiver_bandwidth_hz``: the front-end 3 dB
    bandwidth used, Hz.
    """

    level_offsets: Any
    isi_rms: Any
    noise_enhancement: Any
    crosstalk_gain: Any
    taps: np.ndarray | None = None
    sampling_phase_ui: float | None = None
    receiver_bandwidth_hz: Any = None

    def as_arrays(self) -> dict[str, np.ndarray]:
        """The four interpolable quantities as float arrays."""
        return {
            "level_offsets": np.asarray(self.level_offsets, dtype=float),
            "isi_rms": np.asarray(self.isi_rms, dtype=float),
            "noise_enhancement": np.asarray(self.noise_enhancement, dtype=float),
            "crosstalk_gain": np.asarray(self.crosstalk_gain, dtype=float),
        }


def receiver_bandwidth_hz(lane: Lane) -> np.ndarray:
    """Receiver front-end 3 dB bandwidth, Hz: ``rx_bandwidth_symbol_fraction`` times the
    symbol rate, capped by the photodetector and TIA bandwidths."""
    target = np.asarray(lane.rx_bandwidth_symbol_fraction) * lane.symbol_rate_hz
    return np.minimum(np.minimum(target, lane.photodetector.bandwidth_hz), lane.tia.bandwidth_hz)


def carrier_wavelength_m(lane: Lane) -> float:
    """Carrier wavelength, m: the ring modulator's laser wavelength, else the source's, else
    the photodetector's operating wavelength (an external laser source names none)."""
    if isinstance(lane.modulator, RingModulator):
        return float(lane.modulator.laser_wavelength_m)
    wl = getattr(lane.source, "wavelength_m", None)
    if wl is not None:
        return float(np.asarray(wl))
    return float(np.asarray(lane.photodetector.wavelength_m))


#: Residual ISI (relative to the static OMA) and eye opening of a lane whose eye stays
#: closed: the engine then finds a BER near 0.5 and a margin limited at its bound.
CLOSED_EYE_ISI = 0.5
CLOSED_EYE_SCALE = 1e-3


def closed_eye_penalty(levels: int, bandwidth_hz: float) -> WaveformPenalty:
    """The penalty of a lane whose eye no sampling phase and no FFE setting opens (or whose
    modulator gives no modulation): a vanishing eye buried in ISI, so the engine reports a
    BER near 0.5 and a limited margin instead of failing."""
    ideal = (np.arange(levels) - 0.5 * (levels - 1)) / (levels - 1)
    return WaveformPenalty(level_offsets=CLOSED_EYE_SCALE * ideal, isi_rms=np.full(levels, CLOSED_EYE_ISI),
                           noise_enhancement=1.0, crosstalk_gain=1.0, taps=None, sampling_phase_ui=None,
                           receiver_bandwidth_hz=bandwidth_hz)


# ---- the direct computation (one scalar lane) -----------------------------------------
def _noise_autocorrelation(sos: np.ndarray, sps: int, lags: int) -> np.ndarray:
    """Normalised autocorrelation of white noise after the receiver filter at T lags."""
    n = max(64 * sps, (lags + 8) * sps * 2)
    h = ss.sosfilt(sos, np.r_[1.0, np.zeros(n - 1)])
    r = np.array([np.dot(h[: n - k * sps], h[k * sps :]) for k in range(lags + 1)])
    return r / r[0]


def _mmse_taps(x: np.ndarray, a: np.ndarray, n_taps: int, n_pre: int, lam: float, rn: np.ndarray):
    """Data-driven, unlike :func:`cposim.equalization.ffe.mmse_ffe_from_samples` (which takes
    one linear pulse): the least-squares fit runs on the sampled waveform itself, so a
    nonlinear modulator's level- and transition-dependent responses are in it.
Wiener FFE: ``argmin E|c.x_window - a|^2 + lam c^T R c`` with windows of ``n_taps``
    samples holding ``n_pre`` samples after the decided symbol. Returns (taps, outputs, keep)."""
    n = x.size
    k = np.arange(n_taps - 1 - n_pre, n - n_pre)
    win = np.stack([x[k + n_pre - j] for j in range(n_taps)], axis=1)
    idx = np.abs(np.subtract.outer(np.arange(n_taps), np.arange(n_taps)))
    r = rn[idx]
    a_k = a[k]
    gram = win.T @ win / k.size + lam * r
    taps = np.linalg.solve(gram, win.T @ a_k / k.size)
    return taps, win @ taps, k, float(taps @ r @ taps)


def waveform_penalty(lane: Lane) -> WaveformPenalty:
    """The waveform penalty of a scalar ``lane`` computed directly (module docstring)."""
    m = lane.levels
    sps = SAMPLES_PER_SYMBOL
    rs = float(lane.symbol_rate_hz)
    fs = sps * rs
    rng = np.random.default_rng(PATTERN_SEED)
    n_total = N_SYMBOLS + 2 * _WARM_SYMBOLS + _MAX_LATENCY_SYMBOLS
    sym = rng.integers(0, m, n_total).astype(np.uint8)
    drive = DriveSynthesizer(DriveSettings(), levels=m, samples_per_symbol=sps, symbol_rate_hz=rs, seed=0, dtype=np.float64)
    mod = build_modulator_stage(lane.modulator, sample_rate_hz=fs, dtype=np.float64)
    wl = carrier_wavelength_m(lane)
    disp = DispersionStage(lane.fiber, wl, sample_rate_hz=fs, dtype=np.float64)
    u = np.concatenate([drive.process(sym), drive.flush()])
    e = np.concatenate([mod.process(u), mod.flush()])
    e = np.concatenate([disp.process(e.astype(np.complex128)), disp.flush()])
    if lane.demux is not None:
        f0 = SPEED_OF_LIGHT_M_PER_S / wl
        e = DemuxDropFilter(float(np.asarray(lane.demux.loaded_q)), f0, 0.0, sample_rate_hz=fs).process(e)
    p = (e.real**2 + e.imag**2).astype(np.float64)
    bw = float(receiver_bandwidth_hz(lane))
    sos = bessel_sos(4, bw, fs, "receiver bandwidth_hz")
    y = StreamingSos(sos, np.float64).process(p)
    static = np.asarray(lane.modulator.transmission_levels(m), dtype=float).reshape(-1)
    oma = float(static[-1] - static[0])
    if not oma > 0.0:
        return closed_eye_penalty(m, bw)

    # main cursor of the pulse response: cross-correlation of the centred symbols with the
    # received waveform, over every lag the run holds (long EO or dispersion FIRs included)
    seg = slice(_WARM_SYMBOLS, _WARM_SYMBOLS + N_SYMBOLS)
    a = sym.astype(float) - 0.5 * (m - 1)
    train = np.zeros(y.size)
    train[np.arange(seg.start, seg.stop) * sps] = a[seg]
    max_lag = min(y.size - seg.stop * sps, _MAX_LATENCY_SYMBOLS * sps)
    pulse = ss.correlate(y, train, mode="full", method="fft")[y.size - 1 : y.size - 1 + max_lag]
    peak = int(np.argmax(pulse))
    taps_n = int(np.asarray(lane.rx_ffe_taps))
    pre_n = int(np.asarray(lane.rx_ffe_precursors))
    rn = _noise_autocorrelation(sos, sps, max(taps_n, 1))
    spacing_static = oma / (m - 1)
    # design noise: level half-spacing / DESIGN_Q, as a variance in spacing units
    lam = (0.5 / DESIGN_Q) ** 2
    best = None
    for dphase in range(-sps // 2, sps // 2 + 1):
        pos = np.arange(seg.start, seg.stop) * sps + peak + dphase
        if pos[0] < 0 or pos[-1] >= y.size:
            continue
        x = y[pos]
        sym_k = sym[seg]
        means = np.array([x[sym_k == lv].mean() for lv in range(m)])
        sp_raw = (means[-1] - means[0]) / (m - 1)
        if not sp_raw > 0.0:
            continue
        xn = (x - 0.5 * (means[0] + means[-1])) / sp_raw
        target = sym_k.astype(float) - 0.5 * (m - 1)
        if taps_n > 0:
            c, z, k, ne = _mmse_taps(xn, target, taps_n, pre_n, lam * (spacing_static / sp_raw) ** 2, rn)
            sk = sym_k[k]
            # back to receiver units: z (spacing units) * sp_raw, noise factor c^T R c
            zc, gain_x = z * sp_raw, float(np.sum(c**2))
        else:
            c, sk, zc, ne, gain_x = np.ones(1), sym_k, xn * sp_raw, 1.0, 1.0
        mu = np.array([zc[sk == lv].mean() for lv in range(m)])
        var = np.array([zc[sk == lv].var() for lv in range(m)])
        if np.any(np.diff(mu) <= 0):
            continue
        noise_var = ne * (0.5 * spacing_static / DESIGN_Q) ** 2
        q = np.min(np.diff(mu) / (np.sqrt(var[1:] + noise_var) + np.sqrt(var[:-1] + noise_var)))
        if best is None or q > best[0]:
            best = (q, dphase, mu, np.sqrt(var), ne, gain_x, c)
    if best is None:  # closed at every phase, even after the FFE: far too little bandwidth
        return closed_eye_penalty(m, bw)
    _, dphase, mu, isi, ne, gain_x, c = best
    mu_rel = mu - 0.5 * (mu[0] + mu[-1])  # offsets about the eye centre (the mean power sets the centre)
    return WaveformPenalty(
        level_offsets=mu_rel / oma,
        isi_rms=isi / oma,
        noise_enhancement=float(ne),
        crosstalk_gain=float(gain_x),
        taps=np.asarray(c, dtype=float),
        sampling_phase_ui=dphase / sps,
        receiver_bandwidth_hz=bw,
    )


# ---- cache and tables -----------------------------------------------------------------
_CACHE: OrderedDict[str, WaveformPenalty] = OrderedDict()


def _relevant(path: str) -> bool:
    if path in NOT_WAVEFORM_PATHS:
        return False
    return path in WAVEFORM_PATHS or any(path.startswith(p) for p in WAVEFORM_PATHS if p.endswith("."))


def _leaves(model: Model, prefix: str = "") -> list[tuple[str, Any]]:
    out = []
    for f in dataclasses.fields(model):
        v = getattr(model, f.name)
        path = prefix + f.name
        if isinstance(v, Model):
            out.extend(_leaves(v, path + "."))
        else:
            out.append((path, v))
    return out


def _key(lane: Lane, skip: tuple[str, ...] = ()) -> str:
    parts = []
    for path, v in _leaves(lane):
        if not _relevant(path) or path in skip:
            continue
        if isinstance(v, (np.ndarray, float, int, np.floating, np.integer)):
            parts.append(f"{path}={float(np.asarray(v)):.12g}")
        else:
            parts.append(f"{path}={v!r}")
    parts.append(f"{type(lane.modulator).__name__}|{type(lane.demux).__name__}")
    return ";".join(parts)


def _cached(key: str, build: Callable[[], Lane]) -> WaveformPenalty:
    """The penalty of the lane ``build()`` returns, computed once per ``key``."""
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit
    result = waveform_penalty(build())
    _CACHE[key] = result
    if len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result


#: Node id of a zero fiber length (far from every real node id ``10 decade + index``).
_ZERO_LENGTH_ID = -10_000
_LOG_SERIES = np.log10(np.asarray(LENGTH_SERIES + (10.0,)))


def length_node_ids(length_m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Grid node below each length and the weight of the node above it (linear in
    log(length); 0 at a node). Node ``g`` is ``LENGTH_SERIES[g % 10] * 10**(g // 10)`` m, so
    the node above ``g`` is ``g + 1``; a zero length is its own node."""
    length = np.asarray(length_m, dtype=float)
    pos = length > 0.0
    u = np.log10(np.where(pos, length, 1.0))
    decade = np.floor(u + 1e-12)
    frac = u - decade
    i = np.clip(np.searchsorted(_LOG_SERIES, frac + 1e-12, side="right") - 1, 0, len(LENGTH_SERIES) - 1)
    w = (frac - _LOG_SERIES[i]) / (_LOG_SERIES[i + 1] - _LOG_SERIES[i])
    w = np.where((w < 1e-9) | ~pos, 0.0, np.minimum(w, 1.0))
    ids = np.where(pos, 10 * decade.astype(np.int64) + i, _ZERO_LENGTH_ID)
    return ids, w


def node_length_m(node_id: int) -> float:
    """The length (m) of grid node ``node_id`` (see :func:`length_node_ids`)."""
    if node_id == _ZERO_LENGTH_ID:
        return 0.0
    decade, i = divmod(int(node_id), 10)
    return float(np.round(LENGTH_SERIES[i] * 10.0**decade, 9))


def lane_penalty(lane: Lane) -> WaveformPenalty:
    """The waveform penalty for ``lane``, broadcast over its array parameters (module
    docstring): every distinct setting of the waveform parameters is computed directly (and
    cached); fiber length is interpolated between the grid lengths that bracket it."""
    leaves = [(p, v) for p, v in _leaves(lane) if _relevant(p)]
    direct = [(p, v) for p, v in leaves if p != INTERPOLATED_PATH and np.ndim(v) > 0]
    length = np.asarray(lane.fiber.length_m, dtype=float)
    shape = np.broadcast_shapes(length.shape, *(np.shape(v) for _, v in direct))
    n = int(np.prod(shape)) if shape else 1
    paths = [p for p, _ in direct]
    if direct:
        columns = np.stack([np.broadcast_to(np.asarray(v, dtype=float), shape).reshape(n) for _, v in direct], axis=1)
        distinct, inverse = np.unique(columns, axis=0, return_inverse=True)
        inverse = inverse.reshape(n)
        if distinct.shape[0] > MAX_DIRECT_POINTS:
            raise ConfigError(", ".join(paths), f"{distinct.shape[0]} distinct settings",
                              f"each needs its own waveform computation (~0.1 s); expected at most {MAX_DIRECT_POINTS} "
                              "per evaluation (sweep these parameters on a grid of fewer values)")
    else:
        distinct, inverse = np.zeros((1, 0)), np.zeros(n, dtype=np.int64)
    ids, w = length_node_ids(np.broadcast_to(length, shape).reshape(n))
    ids_hi = np.where(w > 0.0, ids + 1, ids)
    base_key = _key(lane, skip=tuple(paths) + (INTERPOLATED_PATH,))
    # one integer per (setting, node): rows of a small table, found with bincount, not sorting
    real = ids != _ZERO_LENGTH_ID
    all_real = bool(real.all())
    gmin = int(ids.min()) if all_real else (int(ids[real].min()) if np.any(real) else 0)
    span = (int(ids_hi.max() if all_real else ids_hi[real].max()) - gmin + 2) if np.any(real) else 1
    if all_real and distinct.shape[0] == 1:  # the common sweep: one setting, lengths > 0
        slot_lo, slot_hi = ids - gmin, ids_hi - gmin
    else:
        slot_lo = inverse * (span + 1) + np.where(real, ids - gmin, span)
        slot_hi = inverse * (span + 1) + np.where(real, ids_hi - gmin, span)
    size = distinct.shape[0] * (span + 1)
    present = np.flatnonzero((np.bincount(slot_lo, minlength=size) + np.bincount(slot_hi, minlength=size)) > 0)
    stacked_rows = []
    for slot in present:
        c, g = divmod(int(slot), span + 1)
        node = _ZERO_LENGTH_ID if g == span else gmin + g
        point = {p: _point_value(p, v) for p, v in zip(paths, distinct[c])}
        point[INTERPOLATED_PATH] = node_length_m(node)

        def build(point=point) -> Lane:
            node_lane = lane
            for path, val in point.items():
                node_lane = set_path(node_lane, path, val)
            return node_lane

        key = base_key + ";" + ";".join(f"{p}={float(v):.12g}" for p, v in sorted(point.items()))
        stacked_rows.append(_cached(key, build).as_arrays())
    lut = np.zeros(size, dtype=np.int64)
    lut[present] = np.arange(present.size)
    j_lo, j_hi = lut[slot_lo], lut[slot_hi]
    # one table of every quantity side by side: two row gathers and one interpolation
    names = list(stacked_rows[0])
    widths = [int(np.asarray(stacked_rows[0][k]).size) for k in names]
    table = np.array([np.concatenate([np.atleast_1d(r[k]) for k in names]) for r in stacked_rows])
    val = table[j_lo]
    val += (table[j_hi] - val) * w[:, None]
    out = {}
    col = 0
    for name, width in zip(names, widths):
        part = val[:, col:col + width]
        col += width
        inner = np.asarray(stacked_rows[0][name]).shape
        out[name] = part.reshape(shape + inner)
    if not shape:
        out = {k: (v if v.ndim else float(v)) for k, v in out.items()}
    return WaveformPenalty(**out)


def _point_value(path: str, value: float) -> float | int:
    return int(round(value)) if path in ("rx_ffe_taps", "rx_ffe_precursors") else float(value)
