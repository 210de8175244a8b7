"""Package shoreline: how many optical engines fit along the edges of a switch package, and
the bandwidth per mm of package edge they deliver.

Geometry (SI, m): an engine occupies ``edge_per_lane_m`` of package edge per electrical lane
(0.625 mm: the OIF 3.2T module's ~20 mm edge over its 32 host lanes, CPS-PKG-05) plus a
keep-out gap to its neighbour (2 mm, CPS-PKG-04). Each side of the substrate offers its edge
minus two corner keep-outs (110 mm - 2 x 5 mm, CPS-PKG-03). So::

    engine edge  = lanes_per_engine x edge_per_lane
    engine pitch = engine edge + gap
    engines per side <= floor(usable edge / pitch)
    edge density = engine capacity / pitch          (Gb/s per mm of package edge)

A request for more engines than the perimeter holds is a :class:`~cposim.errors.PhysicsError`
that says how much edge it would need. Capacities are payload per direction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cposim.devices.package_edge import PackageEdge, edge_density_gbps_per_mm
from cposim.errors import ConfigError, PhysicsError
from cposim.validation import check_number

__all__ = ["PackageEdge", "ShorelinePlan", "edge_density_gbps_per_mm", "plan_shoreline"]


@dataclass(frozen=True)
class ShorelinePlan:
    """Engines placed along the package edge.

    Attributes:
        engines: optical engines on the package; engines_per_side: placed per side (list).
        max_engines: engines the perimeter can hold at this pitch.
        lanes_per_engine: electrical lanes per engine; engine_capacity_bps: bit/s per direction.
        engine_edge_m, engine_pitch_m: m; edge_used_m: engine pitch x engines, m.
        engine_density_gbps_per_mm: engine capacity per mm of pitch, Gb/s/mm.
        package_density_gbps_per_mm: switch capacity over the usable perimeter, Gb/s/mm.
        engine_area_m2: footprint of one engine, m^2.
    """

    engines: int
    engines_per_side: list[int]
    max_engines: int
    lanes_per_engine: int
    engine_capacity_bps: float
    engine_edge_m: float
    engine_pitch_m: float
    edge_used_m: float
    engine_density_gbps_per_mm: float
    package_density_gbps_per_mm: float
    engine_area_m2: float


def plan_shoreline(
    *,
    capacity_bps: float,
    engine_capacity_bps: float,
    lane_rate_bps: float,
    edge: PackageEdge | None = None,
) -> ShorelinePlan:
    """Place ``capacity / engine_capacity`` engines around the package.

    Args:
        capacity_bps: switch capacity, bit/s per direction.
        engine_capacity_bps: capacity of one engine, bit/s per direction (must divide it).
        lane_rate_bps: payload per electrical lane, bit/s (sets lanes per engine).
        edge: the package geometry (defaults of :class:`PackageEdge`).

    Raises:
        ConfigError: capacities that do not divide into whole engines and lanes.
        PhysicsError: more engines than the usable perimeter holds (says how much edge they need).
    """
    edge = edge or PackageEdge()
    cap = check_number("capacity_bps", capacity_bps, unit="bit/s", lo=1e9, hi=1e16)
    eng = check_number("engine_capacity_bps", engine_capacity_bps, unit="bit/s", lo=1e9, hi=cap)
    lane = check_number("lane_rate_bps", lane_rate_bps, unit="bit/s", lo=1e9, hi=eng)
    engines = _whole("capacity_bps", cap, eng, "engines of")
    lanes = _whole("engine_capacity_bps", eng, lane, "lanes of")
    width = lanes * float(edge.edge_per_lane_m)
    pitch = width + float(edge.engine_gap_m)
    usable = float(edge.usable_edge_per_side_m)
    per_side_max = int(np.floor(usable / pitch + 1e-9))
    sides = int(edge.sides)
    max_engines = per_side_max * sides
    if engines > max_engines:
        raise PhysicsError(
            f"shoreline: {engines} optical engines of {width * 1e3:g} mm ({lanes} lanes x "
            f"{float(edge.edge_per_lane_m) * 1e3:g} mm, pitch {pitch * 1e3:g} mm with the gap) need "
            f"{engines * pitch * 1e3:g} mm of package edge, but {sides} sides x {usable * 1e3:g} mm hold only "
            f"{max_engines} engines ({sides * usable * 1e3:g} mm); use fewer, larger engines, a higher lane "
            "rate, a larger substrate, or fewer lanes per mm")
    base, extra = divmod(engines, sides)
    per_side = [base + (1 if k < extra else 0) for k in range(sides)]
    return ShorelinePlan(
        engines=engines,
        engines_per_side=per_side,
        max_engines=max_engines,
        lanes_per_engine=lanes,
        engine_capacity_bps=eng,
        engine_edge_m=width,
        engine_pitch_m=pitch,
        edge_used_m=engines * pitch,
        engine_density_gbps_per_mm=edge_density_gbps_per_mm(capacity_bps=eng, edge_m=width,
                                                            gap_m=float(edge.engine_gap_m)),
        package_density_gbps_per_mm=cap / 1e9 / (float(edge.usable_perimeter_m) * 1e3),
        engine_area_m2=width * float(edge.engine_depth_m),
    )


def _whole(field: str, total: float, part: float, what: str) -> int:
    n = total / part
    if abs(n - round(n)) > 1e-9 * max(n, 1.0) or round(n) < 1:
        raise ConfigError(field, total, f"is not a whole number of {what} {part:g}", unit="bit/s")
    return int(round(n))
