"""The analytic link engine: a :class:`~cposim.link.lane.Lane` in, budget, noise, BER,
margin against the FEC threshold and energy per bit out. Vectorised: any lane parameter
may be an array, and every result broadcasts to their common shape.

Method, per lane and direction:

1. Laser power per lane: a DFB's output shared by ``lanes_per_laser`` lanes through an
   ideal 1:N split plus excess loss, or an external laser source's per-lane power.
2. The modulator's ``transmission_levels(M)`` map that power to M optical levels
   (nonlinear ring transfer included); passive losses of every element follow.
3. The photodetector turns levels into currents; an implementation penalty (ISI, jitter,
   equaliser noise enhancement; a TDECQ-like allowance) shrinks the level spacing
   about the mean current by that many optical dB.
4. Noise per level (:mod:`cposim.link.noise`): TIA input-referred density, shot noise of
   signal and dark current, laser RIN on each level, demux crosstalk as Gaussian noise,
   all over the noise bandwidth of a 4th-order Bessel-Thomson receiver.
5. Exact Gaussian BER with Gray mapping (:mod:`cposim.link.ber`); margin = the extra
   optical loss (dB) at which the BER reaches the target (the FEC threshold by default).
6. Energy per bit by contributor (:mod:`cposim.link.energy`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cposim.devices.external_laser import ExternalLaserSource
from cposim.devices.mach_zehnder import MachZehnderModulator
from cposim.devices.electro_absorption import ElectroAbsorptionModulator
from cposim.devices.ring_modulator import RingModulator
from cposim.errors import PhysicsError
from cposim.link.ber import ber_pam, q_from_ber
from cposim.link.energy import EnergyBreakdown
from cposim.link.lane import Lane
from cposim.link.noise import crosstalk_noise_variance_a2, level_noise_sigma_a, noise_bandwidth_hz
from cposim.units import ELEMENTARY_CHARGE_C, db_to_linear, linear_to_db, watt_to_dbm

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


def evaluate(lane: Lane) -> LaneResult:
    """Close the link for ``lane`` (arrays broadcast); see the module docstring for the method."""
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
    currents = resp[..., None] * received
    currents = _apply_penalty(currents, lane.implementation_penalty_db)

    b_noise = noise_bandwidth_hz(receiver_bandwidth_hz(lane), "bessel4")
    noise_kw = dict(
        noise_bandwidth_hz=b_noise,
        thermal_density_a_per_rthz=lane.tia.input_noise_density_a_per_sqrt_hz,
        dark_current_a=pd.dark_current_a,
        rin_db_per_hz=source_rin_db_per_hz(lane),
    )
    xt_db = crosstalk_db(lane)

    def noise_sigma(levels_a):
        extra = 0.0
        if xt_db is not None:
            oma = levels_a[..., -1] - levels_a[..., 0]
            extra = crosstalk_noise_variance_a2(oma, xt_db, levels=m, n_aggressors=1)
        return level_noise_sigma_a(levels_a, extra_variance_a2=extra, **noise_kw)

    sigmas = noise_sigma(currents)
    ber = np.asarray(ber_pam(currents, sigmas))
    target = target_ber(lane)
    i_top = 0.5 * (currents[..., -1] + currents[..., -2])
    rin_lin = db_to_linear(noise_kw["rin_db_per_hz"])
    xt_var = 0.0
    if xt_db is not None:
        xt_var = crosstalk_noise_variance_a2(currents[..., -1] - currents[..., 0], xt_db, levels=m, n_aggressors=1)
    parts = (
        (np.asarray(lane.tia.input_noise_density_a_per_sqrt_hz) ** 2 + 2 * ELEMENTARY_CHARGE_C * np.asarray(pd.dark_current_a)) * b_noise,
        2 * ELEMENTARY_CHARGE_C * i_top * b_noise,
        rin_lin * i_top**2 * b_noise + xt_var,
    )
    margin, limited = _margin_db(currents, ber, target, noise_sigma, parts)

    terms = {
        "thermal": np.asarray(lane.tia.input_noise_density_a_per_sqrt_hz) * np.sqrt(b_noise),
        "shot_top_level": np.sqrt(2 * ELEMENTARY_CHARGE_C * currents[..., -1] * b_noise),
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
        extras={"crosstalk_db": xt_db},
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


def receiver_bandwidth_hz(lane: Lane) -> np.ndarray:
    """Receiver 3 dB bandwidth, Hz: the equalised response, capped by PD and TIA bandwidths."""
    target = np.asarray(lane.rx_bandwidth_symbol_fraction) * lane.symbol_rate_hz
    return np.minimum(np.minimum(target, lane.photodetector.bandwidth_hz), lane.tia.bandwidth_hz)


def source_rin_db_per_hz(lane: Lane) -> Any:
    """RIN of the source seen at the receiver, dB/Hz (laser RIN; LAS-16 limit otherwise)."""
    return getattr(lane.source, "rin_db_per_hz", -145.0)


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


def _first_guess_scale(q0, q_target, variance_parts):
    """Scale ``s`` solving ``Q(s) = Q_target`` for ``Q(s) = k s / sqrt(T + S s + R s^2)``.

    ``variance_parts`` = (T, S, R): the constant (thermal, dark), linear (shot) and
    quadratic (RIN, crosstalk) parts of the noise variance of the top eye at ``s = 1``;
    ``k`` is fixed by ``Q(1) = q0``. Where the quadratic floor makes the target
    unreachable, fall back to the proportional guess.
    """
    t, sh, r = (np.asarray(v, dtype=float) for v in variance_parts)
    k2 = q0**2 * (t + sh + r)
    qt2 = q_target**2
    a = k2 - qt2 * r
    disc = (qt2 * sh) ** 2 + 4.0 * a * qt2 * t
    ok = (a > 0) & (disc >= 0)
    root = (qt2 * sh + np.sqrt(np.where(ok, disc, 0.0))) / (2.0 * np.where(ok, a, 1.0))
    return np.where(ok & (root > 0), root, q_target / np.maximum(q0, 1e-6))


def _margin_db(currents, ber, target, noise_sigma, variance_parts, iterations: int = 30, rtol: float = 1e-4):
    """Extra optical loss (dB) that brings the BER to ``target``: solve ``Q_eff(s) =
    Q_target`` for the optical scale ``s``, with ``Q_eff = q_from_ber(BER)`` exact.

    Each step fits ``Q(s) = k s / sqrt(T + S s + R s^2)`` (thermal, shot, RIN/crosstalk
    parts of the top eye's noise) through the current exact point and solves it in
    closed form; the model has the right shape, so two or three exact evaluations
    suffice. Stops when every point is within ``rtol`` in Q (about 4e-4 dB).
    """
    q_target = np.asarray(q_from_ber(target), dtype=float)
    lo, hi = MARGIN_SEARCH_DB
    s_min, s_max = db_to_linear(-hi), db_to_linear(-lo)
    shape = np.shape(ber)

    def q_at(scale):
        lv = currents * scale[..., None]
        # far-threshold tails below 1e-12 of the adjacent ones are skipped in the search only
        b = np.asarray(ber_pam(lv, noise_sigma(lv), far_tail_rtol=1e-12))
        return np.asarray(q_from_ber(np.clip(b, 1e-300, 0.5 - 1e-12)), dtype=float)

    t, sh, r = (np.asarray(v, dtype=float) for v in variance_parts)
    q1 = np.broadcast_to(np.asarray(q_from_ber(np.clip(ber, 1e-300, 0.5 - 1e-12)), dtype=float), shape)
    s1 = np.ones(shape)
    for _ in range(iterations):
        # re-fit the noise model at the current scale and solve it again (model-based Newton)
        rel = _first_guess_scale(q1, q_target, (t, sh * s1, r * s1**2))
        s1 = np.clip(s1 * np.clip(rel, 1e-2, 1e2), s_min, s_max)
        q1 = q_at(s1)
        if np.all(np.abs(q1 / q_target - 1.0) < rtol):
            break
    margin = -linear_to_db(s1)
    limited = np.abs(q1 / q_target - 1.0) > 1e-3
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
    optical line rate is used ``ceil(line rate / SerDes rate)`` times (a gearbox)."""
    ratio = np.asarray(lane.line_rate_bps, dtype=float) / np.asarray(serdes.lane_rate_bps, dtype=float)
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
