"""The edge of a co-packaged switch substrate as a physical part: its size, corner keep-outs,
the edge an engine needs per electrical lane and the gap between engines, and the bandwidth
per mm of edge that a footprint delivers. The shoreline planner
(:mod:`cposim.package.shoreline`) and the engine designer (:mod:`cposim.engine.rollup`) both
use it, so it sits with the devices below them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from cposim.devices.base import Model, param
from cposim.errors import ConfigError
from cposim.validation import check_number

__all__ = ["PackageEdge", "edge_density_gbps_per_mm"]


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
