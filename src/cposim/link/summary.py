"""Plain-data summary of a lane result (floats, lists, dicts): for JSON and for tables.

No physics here beyond unit conversion for display; the numbers come from the engine.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cposim.link.engine import LaneResult, contributor_parameter_paths, fec_threshold_ber
from cposim.link.waveform_penalty import receiver_bandwidth_hz

def _num(x: Any) -> Any:
    arr = np.asarray(x, dtype=float)
    return float(arr) if arr.ndim == 0 else arr.tolist()


def contributor_sources(result: LaneResult) -> dict[str, list[str]]:
    """Energy contributor -> source ids of the parameters that set it."""
    by_param = result.lane.sources_by_parameter()
    out: dict[str, list[str]] = {}
    for contributor, prefixes in contributor_parameter_paths(result.lane).items():
        ids: list[str] = []
        for path, sids in by_param.items():
            if any(path == p or path.startswith(p) for p in prefixes):
                ids.extend(sids)
        out[contributor] = list(dict.fromkeys(ids))
    return out


def fec_summary(fec: Any) -> dict[str, Any]:
    """``{"name", ["inner_decoding",] "threshold_ber"}`` of a lane's FEC: its registry name,
    the inner decoding (concatenated FEC only) and the pre-FEC BER threshold it is judged by
    (the cached one the engine uses)."""
    out: dict[str, Any] = {"name": getattr(type(fec), "registry_name", "") or type(fec).__name__}
    if hasattr(fec, "inner_decoding"):
        out["inner_decoding"] = fec.inner_decoding
    out["threshold_ber"] = _num(fec_threshold_ber(fec))
    return out


def receiver_summary(result: LaneResult) -> dict[str, Any]:
    """The receiver the lane is decided with: front-end bandwidth (Hz), FFE taps and
    precursors, and what its waveform does at the decision (equalised level positions and
    residual ISI relative to the static OMA, noise enhancement of the FFE)."""
    lane = result.lane
    ex = result.extras
    return {
        "bandwidth_hz": _num(receiver_bandwidth_hz(lane)),
        "ffe_taps": _num(lane.rx_ffe_taps),
        "ffe_precursors": _num(lane.rx_ffe_precursors),
        "equalised_level_offsets_of_oma": [_num(v) for v in np.asarray(ex.get("equalised_level_offsets")).reshape(-1)],
        "isi_rms_of_oma": [_num(v) for v in np.asarray(ex.get("isi_rms_of_oma")).reshape(-1)],
        "noise_enhancement": _num(ex.get("noise_enhancement")),
        "crosstalk_gain": _num(ex.get("crosstalk_gain")),
    }


def lane_summary(result: LaneResult, *, preset: str | None = None, name: str | None = None) -> dict[str, Any]:
    """Everything a user reads about a lane, as JSON-ready data.

    Units are in the key names: dB, dBm, W, pJ/bit (per direction), bit/s, Hz, A.
    ``line_rate_bps`` is the optical line rate (every FEC layer the optics carry),
    ``electrical_rate_bps`` the host-side electrical rate per lane, ``fec`` the lane's FEC
    (see :func:`fec_summary`), ``receiver`` the receiver it is decided with
    (:func:`receiver_summary`), ``penalty_db`` the computed waveform penalty (ISI, bandwidth,
    dispersion, equaliser noise enhancement; :attr:`LaneResult.waveform_penalty_db`) and
    the extra implementation allowance, each its own line.
    """
    lane = result.lane
    energy = result.energy
    breakdown = {k: _num(v) for k, v in result.energy_breakdown_pj_per_bit().items()}
    return {
        "name": name or lane.name,
        "preset": preset,
        "modulation": lane.modulation,
        "lanes": _num(lane.lanes),
        "data_rate_bps": _num(lane.data_rate_bps),
        "line_rate_bps": _num(lane.line_rate_bps),
        "electrical_rate_bps": _num(lane.host_electrical_rate_bps),
        "symbol_rate_baud": _num(lane.symbol_rate_hz),
        "fec": fec_summary(lane.fec),
        "source_power_dbm": _num(10 * np.log10(np.asarray(result.source_power_w) / 1e-3)),
        "launch_oma_dbm": _num(result.launch_oma_dbm),
        "launch_average_dbm": _num(result.launch_average_dbm),
        "extinction_ratio_db": _num(result.extinction_ratio_db),
        "budget_db": {k: _num(v) for k, v in result.budget_db.items()},
        "total_loss_db": _num(sum(np.asarray(v) for v in result.budget_db.values())),
        "received_oma_dbm": _num(result.received_oma_dbm),
        "received_average_dbm": _num(result.received_average_dbm),
        "sensitivity_oma_dbm": _num(result.sensitivity_oma_dbm),
        "noise_bandwidth_hz": _num(result.noise_bandwidth_hz),
        "noise_rms_a": {k: _num(v) for k, v in result.noise_terms_a.items()},
        "crosstalk_db": None if result.extras.get("crosstalk_db") is None else _num(result.extras["crosstalk_db"]),
        "receiver": receiver_summary(result),
        "penalty_db": {
            "waveform": _num(result.waveform_penalty_db),
            # at an error floor the lane's margin sits at the search bound: the penalty is then
            # only a lower bound (no power reaches the threshold with this receiver)
            "waveform_is_lower_bound": bool(np.any(result.margin_limited)),
            "extra_implementation": _num(lane.implementation_penalty_db),
        },
        "ber": _num(result.ber),
        "target_ber": _num(result.target_ber),
        "post_fec_ber": _num(result.post_fec_ber),
        "margin_db": _num(result.margin_db),
        "required_source_power_dbm": _num(10 * np.log10(result.required_source_power_w(0.0) / 1e-3)),
        "margin_limited": bool(np.any(result.margin_limited)),
        "energy_pj_per_bit": _num(result.energy_pj_per_bit),
        "energy_breakdown_pj_per_bit": breakdown,
        "module_power_w": _num(energy.module_power_w),
        "port_power_w": _num(energy.port_power_w),
        "energy_accounting": (
            "per direction: power per lane divided by the payload rate per lane per direction; "
            "module = everything but host SerDes; port = module + host SerDes"
        ),
        "energy_sources": contributor_sources(result),
        "ring_thermal": ring_thermal_summary(result),
        "sources": lane.source_ids(),
    }


def ring_thermal_summary(result: LaneResult) -> dict[str, Any] | None:
    """Self-heating of the lane's ring modulator (:mod:`cposim.link.ring_thermal`) at the
    power that reaches it (source power after the laser split and coupling); None for a lane
    without a ring modulator or with array-valued parameters."""
    from cposim.devices.ring_modulator import RingModulator
    from cposim.link.ring_thermal import ring_thermal

    ring = result.lane.modulator
    if not isinstance(ring, RingModulator) or np.ndim(result.source_power_w) != 0:
        return None
    if any(np.ndim(getattr(ring, n)) for n in ("bias_detuning_m", "radius_m", "loss_db_per_m",
                                               "through_self_coupling", "heater_efficiency_m_per_w")):
        return None
    before_ring = sum(float(np.asarray(result.budget_db.get(k, 0.0))) for k in ("laser_split", "laser_coupling"))
    p_in = float(np.asarray(result.source_power_w)) * 10.0 ** (-before_ring / 10.0)
    return ring_thermal(ring, p_in).as_dict()
