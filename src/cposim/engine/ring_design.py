"""Ring design of a WDM engine: radius to FSR, Q to coupling, speed, efficiency, crosstalk.

From an :class:`~cposim.engine.spec.EngineSpec` (the loaded Qs may be NumPy arrays: the
optimizer designs many candidates in one call):

* **FSR and radius.** The FSR must cover the occupied band with a guard,
  ``FSR_hz >= N x spacing x (1 + guard)`` (CPS-ENG-01); with ``ring_radius_m = 0`` the ring
  is sized so that this holds with equality, ``R = lambda^2 / (2 pi n_g FSR_m)`` (the DEV-10
  formula inverted). A radius below the smallest practical ring (CPS-ENG-02), or a given
  radius whose FSR is too small, is a ``ConfigError`` saying why.
* **Q to coupling.** The modulator is an all-pass ring; its bus self-coupling ``r1`` is
  chosen so that the loaded Q is the target (CPS-ENG-12, inverting the FWHM closed form of
  CPS-MOD-01). A loaded Q above what the ring's loss allows (``r1 >= 1``) is an error.
  The laser sits ``bias_detuning_linewidths`` loaded linewidths to the red of resonance
  (CPS-MOD-05), but never closer than the full drive shift (so the resonance never crosses
  the laser and the PAM levels stay in order). Modulation efficiency therefore rises with Q
  (the same drive shift, DEV-13, moves the resonance by a larger fraction of a narrower line;
  see ``oma_fraction``) until the shift spans the whole dip.
* **Speed.** The ring's EO bandwidth (photon lifetime ``c / (lambda Q_L)`` with the RC limit,
  :class:`~cposim.devices.ring_modulator.RingModulator`) is compared with
  ``min_bandwidth_symbol_fraction x symbol rate`` (CPS-ENG-03) for information only
  (``bandwidth_ok``): what a slow ring costs is priced by the link engine's waveform penalty
  (:mod:`cposim.link.waveform_penalty`, the ring's coupled-mode dynamics in the pulse
  response), not by a pass/fail rule.
* **Demux.** Symmetric add-drop rings on the same FSR; the drop loss follows from the loaded
  and intrinsic Q, ``-20 log10(1 - Q_L / Q_i)`` (CPS-ENG-11); the drop port's intensity
  response is a single pole at half its linewidth, ``f0 / (2 Q)`` (``demux_bandwidth_hz``;
  ``demux_bandwidth_ok`` compares it with the same required bandwidth, for information: the
  pole enters the lane's pulse response, so a higher demux Q buys isolation with loss and
  a waveform penalty that the link margin shows); crosstalk against Q and
  spacing comes from :class:`~cposim.devices.ring_demux.RingDemux`, and its worst-case power
  penalty from :func:`cposim.link.noise.crosstalk_power_penalty_db` (CPS-LKC-04). A demux
  whose worst-case crosstalk closes the eye is reported as infeasible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from cposim.devices.base import as_array
from cposim.devices.ring_demux import RingDemux, add_drop_ring_response
from cposim.devices.ring_modulator import RingModulator
from cposim.devices.serdes import LANE_RATE_100G_BPS, LANE_RATE_200G_BPS
from cposim.devices.wavelength_grid import WavelengthGrid
from cposim.engine.spec import LANE_RATES_BPS, EngineSpec
from cposim.errors import ConfigError
from cposim.link.noise import crosstalk_power_penalty_db
from cposim.units import SPEED_OF_LIGHT_M_PER_S, db_to_linear, delta_wavelength_m, frequency_hz

__all__ = [
    "RingDesign",
    "bank_spectra",
    "demux_drop_loss_db",
    "design_rings",
    "payload_rate_bps",
    "radius_for_fsr_m",
    "require_feasible_rings",
    "self_coupling_for_loaded_q",
]


def radius_for_fsr_m(fsr_m: Any, *, wavelength_m: Any, group_index: Any) -> np.ndarray:
    """Ring radius, m, whose FSR is ``fsr_m`` (m): ``lambda^2 / (2 pi n_g FSR)`` (DEV-10 inverted)."""
    return as_array(wavelength_m) ** 2 / (2.0 * np.pi * as_array(group_index) * as_array(fsr_m))


def self_coupling_for_loaded_q(loaded_q: Any, *, ring: RingModulator, drop_self_coupling: Any = 1.0) -> np.ndarray:
    """Bus self-coupling ``r1`` giving a loaded Q (CPS-ENG-12; may be >= 1 where unreachable).

    Args:
        loaded_q: target loaded Q (dimensionless, > 0).
        ring: the ring whose radius, group index, wavelength and loss are used.
        drop_self_coupling: ``r2`` (1 for an all-pass ring).
    """
    q = as_array(loaded_q)
    k = np.pi * as_array(ring.group_index) * ring.circumference_m / (as_array(ring.resonance_wavelength_m) * q)
    root_x = 0.5 * (np.sqrt(k**2 + 4.0) - k)
    return root_x**2 / (as_array(drop_self_coupling) * ring.round_trip_amplitude)


def demux_drop_loss_db(loaded_q: Any, intrinsic_q: Any) -> np.ndarray:
    """Drop-port loss at resonance of a symmetric add-drop ring, dB: ``-20 log10(1 - Q_L/Q_i)`` (CPS-ENG-11).

    Raises ConfigError where the loaded Q is not below the intrinsic Q (no coupling left).
    """
    ratio = as_array(loaded_q) / as_array(intrinsic_q)
    if np.any(ratio >= 1.0):
        raise ConfigError("EngineSpec.demux_loaded_q", float(np.max(as_array(loaded_q))),
                          f"is not below the demux ring's intrinsic Q ({float(np.min(as_array(intrinsic_q))):g}); "
                          "a drop filter needs coupling, i.e. loaded Q < intrinsic Q")
    return -20.0 * np.log10(1.0 - ratio)


@dataclass(frozen=True)
class RingDesign:
    """The rings of one engine design (arrays broadcast over the candidate Qs).

    Attributes:
        grid: channel grid. radius_m: ring radius, m. fsr_m / fsr_hz: ring FSR, m / Hz.
        required_fsr_hz: smallest FSR that fits the band with the guard, Hz.
        modulator: the designed ring modulator (through port; laser at the channel).
        demux: the designed ring demultiplexer.
        self_coupling: modulator bus self-coupling ``r1``. coupling_ok: ``r1 < 1`` (Q reachable).
        symbol_rate_baud: symbol rate per lane, Bd. required_bandwidth_hz: EO bandwidth needed, Hz.
        bandwidth_ok: the modulator ring's EO bandwidth reaches the required one (information;
        not part of ``feasible``). demux_bandwidth_hz: the drop port's intensity bandwidth
        ``f0 / (2 Q)``, Hz. demux_bandwidth_ok: it reaches the required bandwidth (information;
        not part of ``feasible``). crosstalk_db: worst aggregate demux crosstalk, dB.
        crosstalk_penalty_db: its worst-case power penalty, dB (0 where ``crosstalk_ok`` is False).
        crosstalk_ok: the worst-case crosstalk leaves the eye open.
    """

    grid: WavelengthGrid
    radius_m: float
    fsr_m: float
    fsr_hz: float
    required_fsr_hz: float
    modulator: RingModulator
    demux: RingDemux
    self_coupling: np.ndarray
    coupling_ok: np.ndarray
    symbol_rate_baud: float
    required_bandwidth_hz: float
    bandwidth_ok: np.ndarray
    demux_bandwidth_ok: np.ndarray
    demux_bandwidth_hz: np.ndarray
    crosstalk_db: np.ndarray
    crosstalk_penalty_db: np.ndarray
    crosstalk_ok: np.ndarray

    @property
    def feasible(self) -> np.ndarray:
        """Every hard ring constraint met (per candidate): a reachable Q and an eye that
        worst-case crosstalk leaves open. Bandwidths are priced by the link margin instead."""
        return self.coupling_ok & self.crosstalk_ok

    @property
    def channel_spacing_m(self) -> float:
        """Channel spacing in wavelength at the grid centre, m."""
        return float(delta_wavelength_m(float(self.demux.channel_spacing_hz), float(self.demux.centre_wavelength_m)))


def _fsr_and_radius(spec: EngineSpec, base: RingModulator) -> tuple[float, float, float]:
    """(radius m, FSR m, required FSR Hz) for the spec; ConfigError if the grid cannot fit."""
    n = int(spec.wavelengths_per_fiber)
    spacing = float(spec.channel_spacing_hz)
    lam = float(spec.centre_wavelength_m)
    required_hz = n * spacing * (1.0 + float(spec.fsr_guard_fraction))
    required_m = required_hz * lam**2 / SPEED_OF_LIGHT_M_PER_S
    n_g = float(base.group_index)
    band_nm = n * spacing * lam**2 / SPEED_OF_LIGHT_M_PER_S * 1e9
    guard = f"{float(spec.fsr_guard_fraction) * 100:g}%"
    if float(spec.ring_radius_m) > 0.0:
        radius = float(spec.ring_radius_m)
        fsr_m = float(base.replace(radius_m=radius, resonance_wavelength_m=lam).fsr_m)
        if fsr_m * SPEED_OF_LIGHT_M_PER_S / lam**2 < required_hz * (1.0 - 1e-12):
            r_max = float(radius_for_fsr_m(required_m, wavelength_m=lam, group_index=n_g))
            raise ConfigError("EngineSpec.ring_radius_m", radius,
                              f"gives an FSR of {fsr_m * 1e9:.2f} nm, which does not cover {n} channels x "
                              f"{spacing / 1e9:g} GHz ({band_nm:.2f} nm) plus a {guard} guard band "
                              f"({required_m * 1e9:.2f} nm); expected a radius <= {r_max * 1e6:.3g} um, "
                              "fewer channels or a narrower spacing", unit="m")
        return radius, fsr_m, required_hz
    radius = float(radius_for_fsr_m(required_m, wavelength_m=lam, group_index=n_g))
    if radius < float(spec.min_ring_radius_m):
        biggest = float(base.replace(radius_m=float(spec.min_ring_radius_m), resonance_wavelength_m=lam).fsr_m)
        raise ConfigError("EngineSpec.channel_spacing_hz", spacing,
                          f"x {n} channels occupies {band_nm:.2f} nm; with a {guard} guard band the ring FSR must be "
                          f">= {required_m * 1e9:.2f} nm, which needs a radius of {radius * 1e6:.2f} um, below the "
                          f"smallest practical ring ({float(spec.min_ring_radius_m) * 1e6:g} um, FSR "
                          f"{biggest * 1e9:.1f} nm); use fewer wavelengths per fiber or a narrower spacing", unit="Hz")
    return radius, required_m, required_hz


def design_rings(spec: EngineSpec, *, modulator_loaded_q: Any = None, demux_loaded_q: Any = None,
                 base_modulator: RingModulator | None = None, line_rate_bps: float | None = None) -> RingDesign:
    """Design the modulator and demux rings of ``spec`` (Qs may be arrays; they broadcast).

    Args:
        spec: the engine specification.
        modulator_loaded_q, demux_loaded_q: override the spec's loaded Qs (arrays allowed).
        base_modulator: the ring modulator whose technology (loss, drive, junction, group
            index) is kept (default: :class:`RingModulator` defaults, as the CPO preset).
        line_rate_bps: optical line rate per lane (FEC included) that sets the symbol rate,
            bit/s; the lane builder (:func:`cposim.engine.cpo_lane.design_cpo_lane`) passes
            its lane's own. Default: the 802.3 line rate of the payload (STD-06, CPS-SER-02).

    Raises:
        ConfigError: the grid does not fit any practical ring FSR; a demux Q not below its
        intrinsic Q. Per-candidate constraints (coupling, speed, crosstalk) are returned as
        masks; :func:`require_feasible_rings` turns them into errors for a single design.
    """
    base = base_modulator if base_modulator is not None else RingModulator()
    q_mod = as_array(spec.modulator_loaded_q if modulator_loaded_q is None else modulator_loaded_q)
    q_dmx = as_array(spec.demux_loaded_q if demux_loaded_q is None else demux_loaded_q)
    radius, fsr_m, required_hz = _fsr_and_radius(spec, base)
    lam = float(spec.centre_wavelength_m)
    own = spec.sources_by_parameter()
    radius_ids = _ids(own, "ring_radius_m", "fsr_guard_fraction", "min_ring_radius_m", extra=spec.grid_sources())
    sized = base.with_cited(
        {"radius_m": radius_ids, "resonance_wavelength_m": own["centre_wavelength_m"],
         "thermal_shift_m_per_k": own["thermal_shift_m_per_k"],
         "heater_efficiency_m_per_w": own["heater_efficiency_m_per_w"]},
        radius_m=radius, resonance_wavelength_m=lam, thermal_shift_m_per_k=float(spec.thermal_shift_m_per_k),
        heater_efficiency_m_per_w=float(spec.heater_efficiency_m_per_w))
    r1 = self_coupling_for_loaded_q(q_mod, ring=sized)
    coupling_ok = np.asarray(r1 < 1.0)
    r1_safe = np.where(coupling_ok, r1, 0.5)  # placeholder where unreachable (masked out)
    fwhm_m = lam / q_mod
    # the laser sits the chosen fraction of a linewidth to the red, but never closer than the
    # full drive shift, so the resonance never crosses the laser and the levels stay monotone
    detuning = np.maximum(float(spec.bias_detuning_linewidths) * fwhm_m, float(sized.resonance_shift_swing_m))
    modulator = sized.with_cited(
        {"through_self_coupling": _ids(own, "modulator_loaded_q", extra=("CPS-ENG-12", "CPS-MOD-01", "CPS-MOD-03")),
         "bias_detuning_m": _ids(own, "bias_detuning_linewidths", "modulator_loaded_q", extra=("DEV-13", "DEV-07"))},
        through_self_coupling=_scalar_or_array(r1_safe), bias_detuning_m=_scalar_or_array(detuning))
    rate = float(line_rate_bps) if line_rate_bps is not None else default_line_rate_bps(spec)
    symbol_rate = rate / (1.0 if spec.modulation == "nrz" else 2.0)
    need_bw = float(spec.min_bandwidth_symbol_fraction) * symbol_rate
    bandwidth_ok = np.asarray(modulator.modulation_bandwidth_hz >= need_bw)
    drop_loss = demux_drop_loss_db(q_dmx, float(spec.demux_intrinsic_q))
    try:
        demux = RingDemux().with_cited(
            {"channel_count": own["wavelengths_per_fiber"], "channel_spacing_hz": own["channel_spacing_hz"],
             "centre_wavelength_m": own["centre_wavelength_m"], "loaded_q": own["demux_loaded_q"],
             "drop_loss_db": _ids(own, "demux_loaded_q", "demux_intrinsic_q", extra=("CPS-ENG-11",)),
             "free_spectral_range_m": radius_ids + ("DEV-10",)},
            channel_count=int(spec.wavelengths_per_fiber), channel_spacing_hz=float(spec.channel_spacing_hz),
            centre_wavelength_m=lam, loaded_q=_scalar_or_array(q_dmx), drop_loss_db=_scalar_or_array(drop_loss),
            free_spectral_range_m=fsr_m)
    except ConfigError as err:
        raise ConfigError("EngineSpec.demux_loaded_q", float(np.min(q_dmx)),
                          f"gives a demux the ring-demux model rejects ({err}); expected a loaded Q of at least "
                          "0.12% of the intrinsic Q (drop loss >= 0.01 dB)") from None
    demux_bandwidth = np.asarray(demux.fwhm_hz) / 2.0  # intensity response: a pole at FWHM/2
    demux_bandwidth_ok = np.asarray(demux_bandwidth >= need_bw)
    xt = np.asarray(demux.crosstalk_db, dtype=float)
    # eye closure of the worst-case model, (M - 1) X >= 1 (CPS-LKC-04, as crosstalk_power_penalty_db)
    crosstalk_ok = (spec.levels - 1) * db_to_linear(xt) < 1.0
    penalty = np.zeros_like(xt)
    if np.any(crosstalk_ok):
        penalty[crosstalk_ok] = crosstalk_power_penalty_db(xt[crosstalk_ok], levels=spec.levels, n_aggressors=1)
    return RingDesign(
        grid=spec.grid_model(), radius_m=radius, fsr_m=float(fsr_m),
        fsr_hz=float(fsr_m * SPEED_OF_LIGHT_M_PER_S / lam**2), required_fsr_hz=float(required_hz),
        modulator=modulator, demux=demux, self_coupling=np.asarray(r1), coupling_ok=coupling_ok,
        symbol_rate_baud=float(symbol_rate), required_bandwidth_hz=float(need_bw), bandwidth_ok=bandwidth_ok,
        demux_bandwidth_ok=demux_bandwidth_ok, demux_bandwidth_hz=demux_bandwidth,
        crosstalk_db=xt, crosstalk_penalty_db=penalty, crosstalk_ok=np.asarray(crosstalk_ok),
    )


def require_feasible_rings(design: RingDesign, spec: EngineSpec) -> None:
    """Raise a ConfigError explaining the first ring constraint a (single) design breaks."""
    if not np.all(design.coupling_ok):
        q = float(np.max(as_array(spec.modulator_loaded_q)))
        limit = float(np.min(design.modulator.replace(through_self_coupling=1.0).loaded_q))
        raise ConfigError("EngineSpec.modulator_loaded_q", q,
                          f"is above what the ring's loss allows (loaded Q < {limit:.0f} with no coupling at all; "
                          f"intrinsic Q {float(np.min(design.modulator.intrinsic_q)):.0f}); expected a lower loaded Q")
    if not np.all(design.crosstalk_ok):
        raise ConfigError(
            "EngineSpec.demux_loaded_q", float(np.min(as_array(spec.demux_loaded_q))),
            f"leaves {float(np.max(design.crosstalk_db)):.1f} dB of aggregate demux crosstalk at "
            f"{float(spec.channel_spacing_hz) / 1e9:g} GHz spacing, which closes the worst-case "
            f"{spec.modulation.upper()} eye; expected a higher demux Q or a wider spacing")


def bank_spectra(design: RingDesign, wavelengths_m: Any) -> tuple[np.ndarray, np.ndarray]:
    """Spectra of one fiber's ring banks (a single design): (modulator through, demux drop).

    Each modulator ring sits its bias detuning to the blue of its channel (zero drive); each
    demux ring is centred on its channel. Returns two arrays of shape ``(channels, len(wavelengths_m))``,
    power fractions. Rendering lives in :mod:`cposim.engine.plots`.
    """
    lam = np.asarray(wavelengths_m, dtype=float)
    channels = design.grid.wavelengths_m
    mod = design.modulator
    rings = mod.replace(resonance_wavelength_m=(channels - float(mod.bias_detuning_m))[:, None])
    through = rings.through_transmission(lam[None, :])
    dmx = design.demux
    f_ring = frequency_hz(channels)[:, None]
    drop, _ = add_drop_ring_response(frequency_hz(lam)[None, :] - f_ring, f_ring, float(dmx.loaded_q),
                                     db_to_linear(-float(dmx.drop_loss_db)), float(dmx.fsr_hz))
    return np.asarray(through), np.asarray(drop)


def default_line_rate_bps(spec: EngineSpec) -> float:
    """802.3 line rate per lane (bit/s) of ``spec``'s payload: 106.25G (CPS-SER-02) or 212.5G (STD-06)."""
    return LANE_RATE_100G_BPS if payload_rate_bps(spec) == 100e9 else LANE_RATE_200G_BPS


def payload_rate_bps(spec: EngineSpec) -> float:
    """The modelled payload rate per lane (bit/s) of ``spec`` (100G or 200G)."""
    rate = float(spec.lane_rate_bps)
    return min(LANE_RATES_BPS, key=lambda r: abs(r - rate))


def _ids(own: dict[str, tuple[str, ...]], *fields: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Source ids of some spec fields plus extra ids, each once."""
    return tuple(dict.fromkeys(tuple(i for f in fields for i in own[f]) + tuple(extra)))


def _scalar_or_array(x: Any) -> Any:
    arr = np.asarray(x, dtype=float)
    return float(arr) if arr.ndim == 0 else arr
