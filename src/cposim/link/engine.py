"""The analytic link engine: a :class:`~cposim.link.lane.Lane` in, budget, noise, BER,
margin against the FEC threshold and energy per bit out. Vectorised: any lane parameter
may be an array, and every result broadcasts to their common shape.

Method, per lane and direction:

1. Laser power per lane: a DFB's output shared by ``lanes_per_laser`` lanes through an
   ideal 1:N split plus excess loss, or an external laser source's per-lane power.
2. The modulator's ``transmission_levels(M)`` map that power to M optical levels
   (nonlinear ring transfer included); passive losses of every element follow.
3. The photodetector turns levels into currents. The lane's own waveform at its own
   receiver (:mod:`cposim.link.waveform_penalty`: drive, modulator dynamics, dispersion,
   demux drop port, receiver filter, MMSE FFE with ``rx_ffe_taps``) sets the equalised
   level positions relative to the static OMA, the residual ISI and the FFE's noise
   enhancement. An optional extra ``implementation_penalty_db`` (default 0) shrinks the
   level spacing about the mean current by that many optical dB.
4. Noise per level (:mod:`cposim.link.noise`): TIA input-referred density, shot noise of
   signal and dark current, laser RIN on each level, all over the noise bandwidth of a
   4th-order Bessel-Thomson receiver and multiplied by the FFE's noise enhancement; demux
   crosstalk (through the FFE) and the residual ISI as Gaussian terms that scale with the
   OMA.
5. Exact Gaussian BER with Gray mapping (:mod:`cposim.link.ber`); margin = the extra
   optical loss (dB) at which the BER reaches the target (the FEC threshold by default).
6. Energy per bit by contributor (:mod:`cposim.link.energy`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numba
import numpy as np
from scipy import special

from cposim.devices.external_laser import ExternalLaserSource
from cposim.devices.mach_zehnder import MachZehnderModulator
from cposim.devices.electro_absorption import ElectroAbsorptionModulator
from cposim.devices.ring_modulator import RingModulator
from cposim.errors import PhysicsError
from cposim.link.ber import ber_pam, hamming_matrix, q_from_ber
from cposim.link.energy import EnergyBreakdown
from cposim.link.lane import Lane
from cposim.link.noise import crosstalk_noise_variance_a2, noise_bandwidth_hz
from cposim.link.waveform_penalty import lane_penalty, receiver_bandwidth_hz
from cposim.units import ELEMENTARY_CHARGE_C, db_to_linear, linear_to_db, watt_to_dbm

_SQRT2 = math.sqrt(2.0)
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
#: Margins are searched between these extra losses, dB; beyond them the margin is reported
#: at the bound and ``margin_limited`` is set (e.g. a RIN floor no laser power can beat).
MARGIN_SEARCH_DB = (-40.0, 80.0)


@dataclass(frozen=True)
class LaneResult:
    """Everything the engine computes for a lane (arrays broadcast to the sweep shape).

    Powers are per lane, W unless named ``_dbm``; currents A; rates bit/s.
    """

    lane: Lane
    budget_db: dict[str, Any]
    source_power_w: Any
    launch_levels_w: Any
    received_levels_w: Any
    current_levels_a: Any
    sigmas_a: Any
    noise_bandwidth_hz: Any
    noise_terms_a: dict[str, Any]
    ber: Any
    target_ber: Any
    margin_db: Any
    margin_limited: Any
    energy: EnergyBreakdown
    extras: dict[str, Any] = field(default_factory=dict)

    # ---- convenient views -------------------------------------------------------------
    @property
    def launch_oma_dbm(self) -> Any:
        """Launch OMA (outer levels), dBm."""
        lv = self.launch_levels_w
        return watt_to_dbm(lv[..., -1] - lv[..., 0])

    @property
    def launch_average_dbm(self) -> Any:
        """Launch average power, dBm."""
        return watt_to_dbm(np.mean(self.launch_levels_w, axis=-1))

    @property
    def extinction_ratio_db(self) -> Any:
        """Outer-level extinction ratio at launch, dB."""
        lv = self.launch_levels_w
        return linear_to_db(lv[..., -1] / lv[..., 0])

    @property
    def received_oma_dbm(self) -> Any:
        """Received OMA (outer levels), dBm."""
        lv = self.received_levels_w
        return watt_to_dbm(lv[..., -1] - lv[..., 0])

    @property
    def received_average_dbm(self) -> Any:
        """Received average power, dBm."""
        return watt_to_dbm(np.mean(self.received_levels_w, axis=-1))

    @property
    def sensitivity_oma_dbm(self) -> Any:
        """Received OMA at which the BER equals the target, dBm."""
        return self.received_oma_dbm - self.margin_db

    def required_source_power_w(self, margin_db: Any = 0.0) -> Any:
        """Laser power per lane (W, same reference as ``source_power_w``) that
        leaves ``margin_db`` of margin. Exact: every level scales with the laser power and
        the margin is the optical headroom at the receiver, so the answer is the present
        power scaled by ``10**((margin_db - margin)/10)``."""
        return np.asarray(self.source_power_w) * db_to_linear(np.asarray(margin_db) - self.margin_db)

    @property
    def waveform_penalty_db(self) -> Any:
        """Optical power penalty of the lane's waveform at its receiver, dB: the margin an
        ideal receiver (static levels, no ISI, no noise enhancement) would leave minus the
        lane's own margin (ISI, bandwidth, dispersion and equaliser noise enhancement; both
        carry the extra ``implementation_penalty_db``, so it is not part of it). Where the lane's
        own margin is limited (an error floor: no power reaches the threshold), this is only a
        lower bound. Computed on request (a second engine evaluation)."""
        if self.extras.get("receiver") == "ideal":
            return np.zeros_like(np.asarray(self.margin_db))
        ideal = evaluate(self.lane, receiver="ideal")
        return np.asarray(ideal.margin_db) - np.asarray(self.margin_db)

    @property
    def energy_pj_per_bit(self) -> Any:
        """Energy per bit per direction, all contributors, pJ/bit."""
        return self.energy.total_pj_per_bit

    def energy_breakdown_pj_per_bit(self) -> dict[str, Any]:
        """Contributor -> pJ/bit per direction."""
        return self.energy.pj_per_bit()

    @property
    def post_fec_ber(self) -> Any:
        """BER after the lane's FEC for the computed pre-FEC BER."""
        return self.lane.fec.post_fec_ber(np.clip(self.ber, 0.0, 0.5))


#: Receivers :func:`evaluate` can close a lane with: the lane's own (its FFE on its waveform)
#: or an ideal one (static levels, no ISI, no noise enhancement) for the penalty line.
RECEIVERS = ("declared", "ideal")


def evaluate(lane: Lane, *, receiver: str = "declared") -> LaneResult:
    """Close the link for ``lane`` (arrays broadcast); see the module docstring for the method.

    ``receiver``: ``"declared"`` (default) decides with the lane's own receiver: the
    equalised levels, residual ISI and noise enhancement of :mod:`cposim.link.waveform_penalty`;
    ``"ideal"`` decides on the static levels with no ISI and no equaliser (the reference
    that :attr:`LaneResult.waveform_penalty_db` compares against).
    """
    if receiver not in RECEIVERS:
        raise PhysicsError(f"evaluate.receiver: {receiver!r} is not one of {', '.join(RECEIVERS)}")
    m = lane.levels
    laser_w = source_power_w(lane)
    losses = path_losses_db(lane)
    loss_before_mod = losses["laser_split"] + losses["laser_coupling"]
    loss_after_mod = sum(v for k, v in losses.items() if k not in ("laser_split", "laser_coupling"))
    t_levels = np.asarray(lane.modulator.transmission_levels(m), dtype=float)
    into_mod = laser_w * db_to_linear(-np.asarray(loss_before_mod))
    launch = into_mod[..., None] * t_levels * db_to_linear(-_tx_side(losses))[..., None]
    received = into_mod[..., None] * t_levels * db_to_linear(-np.asarray(loss_after_mod))[..., None]

    pd = lane.photodetector
    resp = np.asarray(pd.responsivity_a_per_w)
    static = resp[..., None] * received
    if receiver == "ideal":
        offsets = t_levels - np.mean(t_levels, axis=-1, keepdims=True)
        offsets = offsets / (offsets[..., -1:] - offsets[..., :1])
        isi_rms, enhancement, xt_gain = np.zeros(m), 1.0, 1.0
    else:
        wp = lane_penalty(lane)
        offsets, isi_rms = np.asarray(wp.level_offsets), np.asarray(wp.isi_rms)
        enhancement, xt_gain = np.asarray(wp.noise_enhancement), np.asarray(wp.crosstalk_gain)
    span = offsets[..., -1] - offsets[..., 0]
    oma_static = static[..., -1] - static[..., 0]
    currents = np.mean(static, axis=-1, keepdims=True) + oma_static[..., None] * offsets
    currents = _apply_penalty(currents, lane.implementation_penalty_db)

    b_noise = noise_bandwidth_hz(receiver_bandwidth_hz(lane), "bessel4")
    xt_db = crosstalk_db(lane)
    noise = _LevelNoise(
        currents, ne=enhancement, isi_rms=isi_rms, span=span,
        const=(np.asarray(lane.tia.input_noise_density_a_per_sqrt_hz) ** 2
               + 2 * ELEMENTARY_CHARGE_C * np.asarray(pd.dark_current_a)) * b_noise,
        lin=2 * ELEMENTARY_CHARGE_C * b_noise,
        quad=db_to_linear(np.asarray(source_rin_db_per_hz(lane), dtype=float)) * b_noise,
        xt_per_oma2=0.0 if xt_db is None else np.asarray(xt_gain) * crosstalk_noise_variance_a2(
            1.0, xt_db, levels=m, n_aggressors=1),
    )
    levels_t = np.ascontiguousarray(currents.reshape(-1, m).T)  # level-major (M, N): long inner loops
    sigmas_t = noise.sigma(levels_t)
    ber_flat = np.asarray(ber_pam(levels_t.T, sigmas_t.T))
    target = target_ber(lane)
    margin_flat, limited_flat = _margin_db(levels_t, ber_flat,
                                           np.broadcast_to(target, currents.shape[:-1]).reshape(-1), noise)
    batch = currents.shape[:-1]
    sigmas = np.ascontiguousarray(sigmas_t.T).reshape(currents.shape)
    ber = ber_flat.reshape(batch)
    margin, limited = margin_flat.reshape(batch), limited_flat.reshape(batch)
    if not batch:
        ber, margin, limited = ber[()], margin[()], limited[()]
    ne_b = np.asarray(enhancement, dtype=float)
    terms = {
        "thermal": np.sqrt(ne_b) * np.asarray(lane.tia.input_noise_density_a_per_sqrt_hz) * np.sqrt(b_noise),
        "shot_top_level": np.sqrt(ne_b * 2 * ELEMENTARY_CHARGE_C * currents[..., -1] * b_noise),
        "isi_top_level": np.asarray(isi_rms)[..., -1] * oma_static,
        "total_top_level": sigmas[..., -1],
    }
    result = LaneResult(
        lane=lane,
        budget_db=losses,
        source_power_w=laser_w,
        launch_levels_w=launch,
        received_levels_w=received,
        current_levels_a=currents,
        sigmas_a=sigmas,
        noise_bandwidth_hz=b_noise,
        noise_terms_a=terms,
        ber=ber,
        target_ber=target,
        margin_db=margin,
        margin_limited=limited,
        energy=energy_breakdown(lane),
        extras={"crosstalk_db": xt_db, "receiver": receiver, "noise_enhancement": ne_b,
                "crosstalk_gain": np.asarray(xt_gain, dtype=float), "isi_rms_of_oma": np.asarray(isi_rms),
                "equalised_level_offsets": np.asarray(offsets)},
    )
    return result


# ---- pieces, each usable on its own ----------------------------------------------------
def source_power_w(lane: Lane) -> np.ndarray:
    """Optical power the source sends toward one lane, W: a DFB's whole output (its 1:N
    split to ``lanes_per_laser`` lanes is a loss in the budget) or an external laser
    source's per-lane power after its own split and connector."""
    src = lane.source
    if isinstance(src, ExternalLaserSource):
        return np.asarray(src.optical_power_per_lane_w, dtype=float)
    return np.asarray(src.output_power_at_temperature_w, dtype=float)


def path_losses_db(lane: Lane) -> dict[str, Any]:
    """Loss of each element of the optical path, dB (ordered laser to photodetector)."""
    losses: dict[str, Any] = {}
    if isinstance(lane.source, ExternalLaserSource):
        losses["laser_split"] = np.zeros_like(np.asarray(lane.splitter_excess_loss_db, dtype=float))
    else:
        n = np.asarray(lane.lanes_per_laser, dtype=float)
        losses["laser_split"] = linear_to_db(n) + np.where(n > 1, lane.splitter_excess_loss_db, 0.0)
    losses["laser_coupling"] = lane.laser_coupling.loss_db
    losses["tx_waveguide"] = lane.tx_waveguide.loss_db
    losses["tx_coupler"] = _coupler_loss(lane.tx_coupler, lane)
    losses["fiber"] = lane.fiber.loss_db
    losses["connectors"] = lane.connectors.loss_db
    losses["rx_coupler"] = _coupler_loss(lane.rx_coupler, lane)
    if lane.demux is not None:
        losses["demux"] = lane.demux.insertion_loss_db
    losses["rx_waveguide"] = lane.rx_waveguide.loss_db
    return {k: np.asarray(v, dtype=float) for k, v in losses.items()}


_TX_SIDE = ("tx_waveguide", "tx_coupler")


def _tx_side(losses: dict[str, Any]) -> np.ndarray:
    return sum(np.asarray(losses[k]) for k in _TX_SIDE)


def _coupler_loss(coupler, lane: Lane) -> Any:
    if hasattr(coupler, "loss_at_db"):
        return coupler.loss_at_db(_wavelength(lane))
    return coupler.loss_db


def _wavelength(lane: Lane) -> Any:
    mod = lane.modulator
    if isinstance(mod, RingModulator):
        return mod.laser_wavelength_m
    return getattr(lane.source, "wavelength_m", 1310e-9)


def _apply_penalty(currents: np.ndarray, penalty_db: Any) -> np.ndarray:
    """Shrink level spacing about the mean current by ``penalty_db`` optical dB."""
    factor = db_to_linear(-np.asarray(penalty_db, dtype=float))[..., None]
    mean = np.mean(currents, axis=-1, keepdims=True)
    return mean + (currents - mean) * factor


def source_rin_db_per_hz(lane: Lane) -> Any:
    """RIN of the lane's light source seen at the receiver, dB/Hz: the source's own
    ``rin_db_per_hz`` (DfbLaser CPS-LAS-01, ExternalLaserSource LAS-RIN-01); no fallback."""
    rin = getattr(lane.source, "rin_db_per_hz", None)
    if rin is None:
        from cposim.errors import ConfigError

        raise ConfigError(f"{type(lane.source).__name__}.rin_db_per_hz", None,
                          "is missing; every light source must declare its own RIN in dB/Hz")
    return rin


def crosstalk_db(lane: Lane) -> Any:
    """Aggregate demux crosstalk (aggressors over victim), dB, or None without a demux."""
    if lane.demux is None:
        return None
    return lane.demux.crosstalk_db


_THRESHOLD_CACHE: dict[str, float] = {}


def fec_threshold_ber(fec) -> np.ndarray:
    """The FEC's pre-FEC BER threshold; solved once per distinct scalar FEC and cached."""
    key = f"{type(fec).__name__}:{fec!r}"
    if "array(" in key:
        return np.asarray(fec.threshold_ber, dtype=float)
    if key not in _THRESHOLD_CACHE:
        _THRESHOLD_CACHE[key] = float(fec.threshold_ber)
    return np.asarray(_THRESHOLD_CACHE[key])


def target_ber(lane: Lane) -> np.ndarray:
    """Pre-FEC BER target: the lane's own, or the FEC threshold where it is 0."""
    own = np.asarray(lane.target_ber, dtype=float)
    return np.where(own > 0, own, fec_threshold_ber(lane.fec))


class _LevelNoise:
    """Noise of every level of a batch of points, flattened and level-major (``(M, N)``: numpy
    then loops over the long point axis), so the margin search can work on the points still
    unconverged (``idx``).

    Per level: ``ne (const + lin I + quad I^2) + (isi_m^2 + xt) OMA^2`` (A^2): white
    receiver noise (thermal and dark, shot, RIN; A^2 per unit current power) multiplied by
    the FFE's noise enhancement ``ne``; residual ISI and demux crosstalk scale with the
    static OMA, recovered from the equalised levels as their span over ``span``.
    """

    def __init__(self, currents, *, ne, isi_rms, span, const, lin, quad, xt_per_oma2) -> None:
        batch = currents.shape[:-1]
        m = currents.shape[-1]
        n = int(np.prod(batch)) if batch else 1

        def per_point(x):
            return np.ascontiguousarray(np.broadcast_to(np.asarray(x, dtype=float), batch).reshape(n))

        ne_p = per_point(ne)
        self.const = ne_p * per_point(const)
        self.lin = ne_p * per_point(lin)
        self.quad = ne_p * per_point(quad)
        self.inv_span = 1.0 / per_point(span)
        isi = np.broadcast_to(np.asarray(isi_rms, dtype=float), batch + (m,)).reshape(n, m)
        self.impair = np.ascontiguousarray(isi.T**2) + per_point(xt_per_oma2)  # (M, N)

    def arrays(self) -> tuple[np.ndarray, ...]:
        """(const, lin, quad, inv_span, impair): the per-point coefficients (impair ``(M, N)``)."""
        return self.const, self.lin, self.quad, self.inv_span, self.impair

    def variance(self, levels):
        """Variance of each level, A^2, ``(M, N)``, for level-major ``levels`` (``(M, N)``, A)."""
        return _level_variance(levels, *self.arrays())

    def sigma(self, levels):
        """Noise sigma of each level, A, ``(M, N')``."""
        var = self.variance(levels)
        return np.sqrt(var, out=var)


def _level_variance(levels, const, lin, quad, inv_span, impair):
    """``ne (const + lin I + quad I^2) + impair OMA^2`` per level, level-major, A^2."""
    oma = levels[-1] - levels[0]
    oma *= inv_span
    oma *= oma
    out = np.empty_like(levels)
    for k in range(levels.shape[0]):
        row = out[k]
        np.multiply(levels[k], quad, out=row)
        row += lin
        row *= levels[k]
        row += const
        row += impair[k] * oma
    return out


def _top_eye_parts(levels, const, lin, quad, inv_span, impair):
    """(constant, linear, quadratic) parts of the top eye's variance at scale 1, A^2, for the
    margin search's model ``Q(s) = k s / sqrt(T + S s + R s^2)`` (the model only guides the
    search; each step is checked with the exact BER)."""
    i_top = 0.5 * (levels[-1] + levels[-2])
    oma = (levels[-1] - levels[0]) * inv_span
    top = 0.5 * (impair[-1] + impair[-2])
    return const, lin * i_top, quad * i_top**2 + top * oma**2


def _first_guess_scale(q0, q_target, variance_parts):
    """Scale ``s`` solving ``Q(s) = Q_target`` for ``Q(s) = k s / sqrt(T + S s + R s^2)``.

    ``variance_parts`` = (T, S, R): the constant (thermal, dark), linear (shot) and
    quadratic (RIN, crosstalk, ISI) parts of the noise variance of the top eye at ``s = 1``;
    ``k`` is fixed by ``Q(1) = q0``. Where the quadratic floor (``Q -> k / sqrt(R)``) makes
    the target unreachable at any power, the answer is ``inf``; where the model fails
    otherwise, the proportional guess.
    """
    t, sh, r = (np.asarray(v, dtype=float) for v in variance_parts)
    k2 = q0**2 * (t + sh + r)
    qt2 = q_target**2
    a = k2 - qt2 * r
    disc = (qt2 * sh) ** 2 + 4.0 * a * qt2 * t
    ok = (a > 0) & (disc >= 0)
    root = (qt2 * sh + np.sqrt(np.where(ok, disc, 0.0))) / (2.0 * np.where(ok, a, 1.0))
    guess = np.where(ok & (root > 0), root, q_target / np.maximum(q0, 1e-6))
    return np.where(a <= 0, np.inf, guess)


@numba.njit(cache=True)
def _solve_scales(levels, a_, b_, c_, coeff, ln_target, x0, skip, x_min, x_max, tol, polish, max_iter):  # pragma: no cover
    """Per point, ``x = ln s`` at which the adjacent-threshold BER equals the target (see
    :func:`_margin_db`); status 0 solved, 1 beyond an error floor, 2 not found in bounds."""
    m, n = levels.shape
    x_out = np.empty(n)
    status = np.zeros(n, dtype=np.int8)
    sig = np.empty(m)
    dsig = np.empty(m)
    for j in range(n):
        if skip[j]:  # beyond an error floor (found in closed form by the caller)
            x_out[j] = x_max
            status[j] = 1
            continue
        lo, hi = x_min, x_max
        x = min(max(x0[j], x_min), x_max)
        solved = False
        for _ in range(max_iter):
            s = math.exp(x)
            ber = 0.0
            dber = 0.0  # d BER / d ln s
            for k in range(m):
                v = a_[k, j] + s * (b_[k, j] + s * c_[k, j])
                sig[k] = math.sqrt(v)
                dsig[k] = (b_[k, j] + 2.0 * s * c_[k, j]) / (2.0 * sig[k])
            for k in range(m - 1):
                gap = (levels[k + 1, j] - levels[k, j]) * s
                ssum = sig[k] + sig[k + 1]
                arg = gap / (ssum * _SQRT2)
                darg = arg - gap * s * (dsig[k] + dsig[k + 1]) / (ssum * ssum * _SQRT2)
                ber += coeff[k] * math.erfc(arg)
                dber -= coeff[k] * _TWO_OVER_SQRT_PI * math.exp(-arg * arg) * darg
            if ber > 1e-300:
                g = math.log(ber) - ln_target[j]
                dg = dber / ber
            else:  # far above the target Q: less power
                g = -700.0
                dg = 0.0
            if g > 0.0:
                lo = max(lo, x)
            else:
                hi = min(hi, x)
            if abs(g) < tol:
                solved = True
                break
            xn = x - g / dg if dg < 0.0 else math.nan
            bisect = not (xn > lo and xn < hi)
            if bisect:
                xn = 0.5 * (lo + hi)
            if not bisect and abs(xn - x) < polish:  # quadratic convergence: this step is the last
                x = xn
                solved = True
                break
            if hi - lo < 1e-12:
                break
            x = xn
        x_out[j] = x
        if not solved:
            status[j] = 2
    return x_out, status


def _margin_db(currents, ber, target, noise: _LevelNoise, iterations: int = 60, rtol: float = 1e-8,
               step_tol: float = 5e-3):
    """Extra optical loss (dB) that brings the BER to ``target`` for level-major ``(M, N)``
    level currents: solve ``BER(s) = target`` for the optical scale ``s`` (margin ``-10
    log10 s``).

    The noise of every level is exactly ``A + B s + C s^2`` (thermal and dark; shot;
    RIN, crosstalk and residual ISI), so the BER of the adjacent thresholds (sigma-weighted,
    Gray) and its derivative in ``ln s`` are closed forms, evaluated point by point in one
    compiled pass (:func:`_solve_scales`). The limit ``s -> inf`` (``sigma_k -> s sqrt(C_k)``)
    is known too (vectorised, before the search): where even that BER misses the target, an
    error floor no power can beat, the margin is the bound of :data:`MARGIN_SEARCH_DB` and
    ``limited`` is set without a search. Otherwise the first step comes from the closed-form model ``Q(s) = k s /
    sqrt(T + S s + R s^2)`` of the top eye through the exact value at ``s = 1``, its ``R``
    set so that the model has the exact floor too (so lanes near an error floor start close
    to their answer), and Newton's
    method on ``ln BER`` against ``ln s``, kept inside a bracket of the answer (bisection
    when a step would leave it), converges quadratically: a point is done when ``ln BER`` is
    within ``rtol`` of the target or a step is below ``step_tol`` (its square, the error left,
    is ~1e-6 in ``ln s``, 4e-6 dB). Far-threshold tails are left out of the search (~1e-12 of
    the adjacent ones at the FEC thresholds; the reported BER has them).
    """
    target = np.asarray(target, dtype=float)
    if target.size and np.all(target == target.flat[0]):  # one target (the usual case): one Q
        q_target = np.full(target.shape, float(q_from_ber(float(target.flat[0]))))
    else:
        q_target = np.asarray(q_from_ber(target), dtype=float)
    lo, hi = MARGIN_SEARCH_DB
    s_min, s_max = db_to_linear(-hi), db_to_linear(-lo)
    m, n = currents.shape
    const, lin, quad, inv_span, impair = noise.arrays()
    oma2 = ((currents[-1] - currents[0]) * inv_span) ** 2
    a_ = np.ascontiguousarray(np.broadcast_to(const, (m, n)))
    b_ = np.ascontiguousarray(lin * currents)
    c_ = np.ascontiguousarray(quad * currents**2 + impair * oma2)
    coeff = np.array([hamming_matrix(m)[k, k + 1] for k in range(m - 1)], dtype=float) / (m * math.log2(m))
    # the error floor, s -> inf: sigma_k -> s sqrt(C_k)
    root = np.sqrt(c_)
    den = (root[1:] + root[:-1]) * _SQRT2
    with np.errstate(divide="ignore"):
        floor_arg = np.where(den > 0.0, (currents[1:] - currents[:-1]) / np.where(den > 0.0, den, 1.0), np.inf)
    floor_ber = np.einsum("k,kn->n", coeff, special.erfc(floor_arg))
    floored = floor_ber >= np.broadcast_to(target, (n,))
    # first step: the model Q(s) = k s / sqrt(T + S s + R s^2) of the top eye through the
    # exact value at s = 1, its quadratic part set so that it also has the exact floor
    q0 = -special.ndtri(np.clip(np.asarray(ber, dtype=float).reshape(n), 1e-300, 0.5 - 1e-12))
    q_inf = -special.ndtri(np.clip(floor_ber, 1e-300, 0.5 - 1e-12))
    t0, sh0, r0 = _top_eye_parts(currents, const, lin, quad, inv_span, impair)
    k2 = q0**2 * (t0 + sh0 + r0)
    r_fit = np.where(q_inf > q0, k2 / q_inf**2, r0)
    with np.errstate(divide="ignore", invalid="ignore"):
        x0 = np.log(_first_guess_scale(q0, q_target, (t0, sh0, r_fit)))
    x0 = np.where(np.isfinite(x0), x0, 0.0)
    ln_target = np.log(np.broadcast_to(target, (n,)).astype(float))
    x, status = _solve_scales(np.ascontiguousarray(currents, dtype=float), a_, b_, c_, coeff,
                              np.ascontiguousarray(ln_target), np.ascontiguousarray(x0), floored,
                              math.log(s_min), math.log(s_max), float(rtol), float(step_tol), int(iterations))
    s1 = np.clip(np.exp(x), s_min, s_max)
    limited = status != 0
    margin = -linear_to_db(s1)
    if not np.all(np.isfinite(margin)):
        raise PhysicsError("link margin: not finite; check the lane parameters")
    return margin, limited


def modulator_drive_power_w(lane: Lane) -> np.ndarray:
    """Driver + modulator electrical power per lane, W."""
    mod = lane.modulator
    if isinstance(mod, RingModulator):
        return np.asarray(mod.transmitter_power_w(lane.line_rate_bps))
    if isinstance(mod, (MachZehnderModulator, ElectroAbsorptionModulator)):
        rf = mod.drive_power_w(lane.line_rate_bps, lane.levels)
        return np.asarray(lane.driver.power_w(rf))
    raise PhysicsError(f"no drive-power model for modulator {type(mod).__name__}")


def ring_tuning_power_w(lane: Lane) -> np.ndarray:
    """Heater power per lane to hold the Tx ring (and the Rx demux ring) on channel, W."""
    total = 0.0
    rings = 0
    if isinstance(lane.modulator, RingModulator):
        total = total + lane.modulator.heater_power_for_shift_w(lane.ring_tuning_shift_m)
        rings += 1
    if lane.demux is not None:
        eff = lane.modulator.heater_efficiency_m_per_w if isinstance(lane.modulator, RingModulator) else 1e-7
        total = total + np.asarray(lane.ring_tuning_shift_m) / np.asarray(eff)
        rings += 1
    return np.asarray(total, dtype=float)


def laser_electrical_per_lane_w(lane: Lane) -> np.ndarray:
    """Laser wall-plug electrical power charged to one lane, W."""
    src = lane.source
    if isinstance(src, ExternalLaserSource):
        return np.asarray(src.electrical_power_per_lane_w)
    return np.asarray(src.electrical_power_w) / np.asarray(lane.lanes_per_laser)


def contributor_parameter_paths(lane: Lane) -> dict[str, tuple[str, ...]]:
    """Energy contributor -> lane parameter paths (prefixes) that set it, for citations."""
    if isinstance(lane.source, ExternalLaserSource):
        laser = ("source.",)
    else:
        laser = ("source.output_power_w", "source.wall_plug_efficiency", "lanes_per_laser")
    if isinstance(lane.modulator, RingModulator):
        drive = ("modulator.transmitter_energy_per_bit_j", "line_rate_bps")
        tuning = ("ring_tuning_shift_m", "modulator.heater_efficiency_m_per_w")
    else:
        drive = ("modulator.drive_swing_v", "modulator.termination_resistance_ohm", "modulator.capacitance_f", "driver.")
        tuning = ("ring_tuning_shift_m",) if lane.demux is not None else ()
    return {
        "laser": laser,
        "modulator_drive": drive,
        "ring_tuning": tuning,
        "receiver": ("tia.energy_per_bit_j", "line_rate_bps"),
        "dsp": ("dsp.",),
        "module_serdes": ("module_serdes.",),
        "overhead": ("module_overhead_fraction",),
        "host_serdes": ("host_serdes.",),
    }


def _serdes_power_w(serdes, lane: Lane) -> np.ndarray:
    """Power of the electrical lanes carrying one optical lane, W: a SerDes slower than the
    host electrical rate (``lane.host_electrical_rate_bps``: 212.5 Gb/s for a 200G lane whose
    optics run at 226.875 Gb/s with the inner FEC, STD-06/STD-3DJ-01) is used
    ``ceil(electrical rate / SerDes rate)`` times (a gearbox). The optical line rate does not
    enter: the inner FEC is added and removed on the optical side of the SerDes."""
    ratio = np.asarray(lane.host_electrical_rate_bps, dtype=float) / np.asarray(serdes.lane_rate_bps, dtype=float)
    count = np.maximum(1.0, np.ceil(ratio - 1e-9))
    return np.asarray(serdes.power_w) * count


def energy_breakdown(lane: Lane) -> EnergyBreakdown:
    """Per-direction power per lane by contributor (see :mod:`cposim.link.energy`)."""
    p: dict[str, Any] = {
        "laser": laser_electrical_per_lane_w(lane),
        "modulator_drive": modulator_drive_power_w(lane),
        "ring_tuning": ring_tuning_power_w(lane),
        "receiver": np.asarray(lane.tia.power_at_bit_rate_w(lane.line_rate_bps)),
        "dsp": np.asarray(lane.dsp.power_w) / np.asarray(lane.dsp.lanes) if lane.dsp is not None else 0.0,
        "module_serdes": _serdes_power_w(lane.module_serdes, lane) if lane.module_serdes is not None else 0.0,
    }
    module = sum(np.asarray(v) for v in p.values())
    p["overhead"] = module * np.asarray(lane.module_overhead_fraction)
    p["host_serdes"] = _serdes_power_w(lane.host_serdes, lane)
    return EnergyBreakdown(power_w=p, data_rate_bps=lane.data_rate_bps, lanes=lane.lanes)
