"""Architectures side by side: one table per port, and vectorised sweeps over many points.

* :func:`compare_ports` evaluates every architecture (or a chosen few) for one port rate and
  lane rate. Architectures not modelled at that lane rate, or unable to reach the requested
  length, are returned separately with the reason, never with a number.
* :func:`sweep_architecture` evaluates one architecture at N design points in one call: the
  optical lane through :func:`cposim.link.sweep.evaluate_points` (chunked, bounded memory),
  the host SerDes with array-valued parameters; no Python loop over points.
* :func:`compare_sweep` does that for several architectures on shared, architecture-neutral
  knobs (link length, laser power offset, host SerDes parameters, lane rate per point).

All powers are W per port (one end, both directions); energies pJ/bit per direction
(:mod:`cposim.package.port_result`).
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import numpy as np

from cposim.devices.external_laser import ExternalLaserSource
from cposim.errors import ConfigError, CposimError
from cposim.link.sweep import evaluate_points
from cposim.package.architectures import (
    ARCHITECTURES,
    check_lane_rate,
    evaluate_port,
    get_architecture,
    lanes_for_port,
    split_overrides,
)
from cposim.package.optical_port import build_lane, class_reach, port_host_side
from cposim.package.port_result import PORT_CONTRIBUTORS, PortResult
from cposim.units import PICO

#: Knobs :func:`compare_sweep` understands for every architecture (besides ``host_serdes.*``).
COMMON_KNOBS = ("lane_rate_bps", "length_m", "laser_power_offset_db")


def compare_ports(
    *,
    port_rate_bps: float = 1.6e12,
    lane_rate_bps: float = 200e9,
    architectures: Iterable[str] | None = None,
    length_m: float | None = None,
) -> tuple[list[PortResult], list[tuple[str, str]]]:
    """Evaluate architectures for one port.

    Returns:
        (results, excluded): the port results in registry order, and (architecture, reason)
        for each architecture that has no valid answer at these settings.

    Raises:
        ConfigError / PhysicsError: when ``architectures`` names exactly one architecture and
        it cannot serve the request (the caller asked for it, so the reason is the answer).
    """
    names = [get_architecture(a).name for a in architectures] if architectures else list(ARCHITECTURES)
    order = list(ARCHITECTURES)
    names = sorted(dict.fromkeys(names), key=order.index)
    results: list[PortResult] = []
    excluded: list[tuple[str, str]] = []
    for name in names:
        try:
            results.append(evaluate_port(name, port_rate_bps=port_rate_bps, lane_rate_bps=lane_rate_bps,
                                         length_m=length_m))
        except CposimError as err:
            if len(names) == 1:
                raise
            excluded.append((name, str(err)))
    return results, excluded


def _lane_outputs(lanes: int) -> dict[str, Any]:
    """evaluate_points outputs: W per port for the engine contributors, plus margin and BER."""
    def contributor(*keys):
        return lambda r: sum(np.asarray(r.energy.power_w[k], dtype=float) for k in keys) * lanes

    return {
        "dsp_retimer": contributor("dsp", "module_serdes"),
        "modulator_drive": contributor("modulator_drive"),
        "receiver": contributor("receiver"),
        "laser": contributor("laser"),
        "ring_tuning": contributor("ring_tuning"),
        "overhead": contributor("overhead"),
        "margin_db": lambda r: r.margin_db,
        "ber": lambda r: r.ber,
    }


def sweep_architecture(
    architecture: str,
    points: Mapping[str, Any],
    *,
    port_rate_bps: float = 1.6e12,
    lane_rate_bps: float = 200e9,
    chunk_size: int = 65536,
) -> dict[str, np.ndarray]:
    """One architecture at N points (1-D arrays of equal length), in one vectorised call.

    Args:
        architecture: an optical architecture name (copper ports are swept through
            :func:`evaluate_port` with array ``overrides``).
        points: parameter path -> N values: lane paths (``fiber.length_m``,
            ``source.power_offset_db``, ``dsp.energy_j_per_bit``, ...) and ``host_serdes.*``.
        port_rate_bps, lane_rate_bps: bit/s.
        chunk_size: points per link-engine call (bounds memory).

    Returns:
        name -> array of N: each contributor of :data:`PORT_CONTRIBUTORS` (W per port),
        ``power_w_per_port`` (W), ``energy_pj_per_bit`` (pJ/bit), ``margin_db`` (dB), ``ber``.
    """
    arch = get_architecture(architecture)
    if arch.medium != "optical":
        raise ConfigError("sweep_architecture.architecture", arch.name,
                          "is a copper cable; evaluate it with evaluate_port and array overrides")
    lanes = lanes_for_port(port_rate_bps, lane_rate_bps)
    lane_pts, serdes_pts = split_overrides(points)
    sizes = {np.asarray(v).size for v in points.values()}
    if len(sizes) != 1:
        raise ConfigError("points", sorted(sizes), "have different lengths; give 1-D arrays of one length")
    n = sizes.pop()
    lane = build_lane(arch, payload_bps=_rate(arch, lane_rate_bps), lanes=lanes)
    reach, ids = class_reach(lane)
    if "fiber.length_m" in lane_pts:
        longest = float(np.max(lane_pts["fiber.length_m"]))
        if longest > reach * (1 + 1e-12):
            raise ConfigError("points.fiber.length_m", longest,
                              f"is beyond the {arch.label} class reach of {reach:g} m ({', '.join(ids)})", unit="m")
    # linear architectures: the optical link's share of the host channel from the base lane
    # (class reach), one class for every point (cposim.package.optical_port.port_host_side)
    host = port_host_side(arch, _rate(arch, lane_rate_bps),
                          {k: np.asarray(v, dtype=float) for k, v in serdes_pts.items()}, lane=lane)
    if lane_pts:
        out = evaluate_points(lane, lane_pts, chunk_size=chunk_size, outputs=_lane_outputs(lanes))
    else:
        out = evaluate_points(lane, {"fiber.length_m": np.full(n, float(lane.fiber.length_m))},
                              chunk_size=chunk_size, outputs=_lane_outputs(lanes))
    out["host_serdes"] = np.broadcast_to(np.asarray(host.power_per_lane_w, dtype=float) * lanes, (n,)).copy()
    total = sum(out[k] for k in PORT_CONTRIBUTORS)
    out["power_w_per_port"] = total
    out["energy_pj_per_bit"] = total / float(port_rate_bps) / PICO
    return out


def _rate(arch, lane_rate_bps: float) -> float:
    return check_lane_rate(arch, float(lane_rate_bps))


def _translate(arch_name: str, knobs: Mapping[str, np.ndarray], payload: float, lanes: int) -> dict[str, np.ndarray]:
    """Architecture-neutral knobs -> this architecture's parameter paths."""
    arch = get_architecture(arch_name)
    out: dict[str, np.ndarray] = {}
    for key, values in knobs.items():
        if key.startswith("host_serdes."):
            out[key] = values
        elif key == "length_m":
            out["fiber.length_m"] = values
        elif key == "laser_power_offset_db":
            lane = build_lane(arch, payload_bps=payload, lanes=lanes)
            if isinstance(lane.source, ExternalLaserSource):
                out["source.power_offset_db"] = values
            else:
                out["source.output_power_w"] = float(lane.source.output_power_w) * 10.0 ** (values / 10.0)
        else:
            raise ConfigError("compare_sweep.points", key,
                              f"is not a shared knob; expected one of {', '.join(COMMON_KNOBS)} or host_serdes.*")
    return out


def compare_sweep(
    points: Mapping[str, Any],
    *,
    architectures: Iterable[str] | None = None,
    port_rate_bps: float = 1.6e12,
    chunk_size: int = 65536,
) -> dict[str, dict[str, np.ndarray]]:
    """Several optical architectures at the same N points, one vectorised call each per lane rate.

    Args:
        points: knob -> N values. ``lane_rate_bps`` (payload per lane, bit/s; default 200G),
            ``length_m`` (fiber length, m; within every architecture's class reach),
            ``laser_power_offset_db`` (dB on the laser: the ELSFP class offset within +/-1.5 dB,
            LAS-01, or the on-module DFB's output), and ``host_serdes.*`` SerDes parameters.
        architectures: optical architecture names (default: all optical ones).
        port_rate_bps: port payload per direction, bit/s.
        chunk_size: points per link-engine call.

    Returns:
        architecture -> (output name -> array of N), outputs as :func:`sweep_architecture`.
    """
    values = {k: np.asarray(v, dtype=float).ravel() for k, v in points.items()}
    sizes = {v.size for v in values.values()}
    if len(sizes) != 1:
        raise ConfigError("points", sorted(sizes), "have different lengths; give 1-D arrays of one length")
    n = sizes.pop()
    rates = values.pop("lane_rate_bps", np.full(n, 200e9))
    names = [get_architecture(a).name for a in architectures] if architectures else \
        [a.name for a in ARCHITECTURES.values() if a.medium == "optical"]
    result: dict[str, dict[str, np.ndarray]] = {}
    for name in names:
        merged: dict[str, np.ndarray] = {}
        for rate in np.unique(rates):  # a handful of lane rates, not the points
            mask = rates == rate
            lanes = lanes_for_port(port_rate_bps, float(rate))
            knobs = _translate(name, {k: v[mask] for k, v in values.items()}, _rate(get_architecture(name), rate),
                               lanes)
            if not knobs:  # no knob but the lane rate: evaluate at the class reach
                lane = build_lane(get_architecture(name), payload_bps=float(rate), lanes=lanes)
                knobs = {"fiber.length_m": np.full(int(mask.sum()), float(lane.fiber.length_m))}
            part = sweep_architecture(name, knobs, port_rate_bps=port_rate_bps, lane_rate_bps=float(rate),
                                      chunk_size=chunk_size)
            for key, arr in part.items():
                merged.setdefault(key, np.empty(n))[mask] = arr
        result[name] = merged
    return result
