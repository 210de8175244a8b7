"""Plain-data summary of a lane result (floats, lists, dicts): for JSON and for tables.

No physics here beyond unit conversion for display; the numbers come from the engine.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cposim.link.engine import LaneResult, contributor_parameter_paths

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


def lane_summary(result: LaneResult, *, preset: str | None = None, name: str | None = None) -> dict[str, Any]:
    """Everything a user reads about a lane, as JSON-ready data.

    Units are in the key names: dB, dBm, W, pJ/bit (per direction), bit/s, Hz, A.
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
        "symbol_rate_baud": _num(lane.symbol_rate_hz),
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
        "sources": lane.source_ids(),
    }
