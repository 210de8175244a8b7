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
from typing import ClassVar

import numpy as np

from cposim.devices.base import Model, param
from cposim.errors import ConfigError, PhysicsError
from cposim.validation import check_number


@dataclass(frozen=True, kw_only=True)
class PackageEdge(Model):
    """Substrate edge and engine footprint of a co-packaged switch.

    Parameters (SI):
        substrate_edge_m: substrate side length, m (0.110, CPS-PKG-03).
        corner_keepout_m: edge lost at each corner of a side, m (0.005, CPS-PKG-03).
        sides: package sides that carry engines (4, CPS-PKG-03).
        edge_per_lane_m: engine edge per electrical lane, m (0.625e-3, CPS-PKG-05).
        engine_gap_m: keep-out between neighbouring engines, m (0.002, CPS-PKG-04).
        engine_depth_m: engine footprint depth from the edge inward, m (0.020, CPS-PKG-06).

    Outputs: usable_edge_per_side_m (m), usable_perimeter_m (m), substrate_area_m2 (m^2).
    """

    substrate_edge_m: float = param(0.110, unit="m", sources=("CPS-PKG-03",), lo=0.0, lo_open=True, hi=0.5)
    corner_keepout_m: float = param(0.005, unit="m", sources=("CPS-PKG-03",), lo=0.0, hi=0.1)
    sides: int = param(4, unit="1", sources=("CPS-PKG-03",), lo=1, hi=4, integer=True)
    edge_per_lane_m: float = param(0.625e-3, unit="m", sources=("CPS-PKG-05",), lo=0.0, lo_open=True, hi=0.01)
    engine_gap_m: float = param(0.002, unit="m", sources=("CPS-PKG-04",), lo=0.0, hi=0.05)
    engine_depth_m: float = param(0.020, unit="m", sources=("CPS-PKG-06",), lo=0.0, lo_open=True, hi=0.2)

    outputs: ClassVar[tuple[str, ...]] = ("usable_edge_per_side_m", "usable_perimeter_m", "substrate_area_m2")

    def _check(self) -> None:
        if np.any(np.asarray(self.usable_edge_per_side_m) <= 0):
            raise ConfigError("PackageEdge.corner_keepout_m", self.corner_keepout_m,
                              "leaves no usable edge; expected 2 x corner keep-out < substrate_edge_m", unit="m")

    @property
    def usable_edge_per_side_m(self) -> float:
        """Edge per side available to engines, m."""
        return self.substrate_edge_m - 2.0 * self.corner_keepout_m

    @property
    def usable_perimeter_m(self) -> float:
        """Edge available to engines on all engine-carrying sides, m."""
        return self.sides * self.usable_edge_per_side_m

    @property
    def substrate_area_m2(self) -> float:
        """Substrate area, m^2 (square substrate)."""
        return self.substrate_edge_m**2


def edge_density_gbps_per_mm(*, capacity_bps: float, edge_m: float, gap_m: float = 0.0) -> float:
    """Bandwidth per mm of package edge, Gb/s/mm: ``capacity / (edge + gap)`` (per direction)."""
    cap = check_number("capacity_bps", capacity_bps, unit="bit/s", lo=0.0, lo_open=True)
    edge = check_number("edge_m", edge_m, unit="m", lo=0.0, lo_open=True)
    gap = check_number("gap_m", gap_m, unit="m", lo=0.0)
    return cap / 1e9 / ((edge + gap) * 1e3)


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
