"""Cable lengths per tier boundary from a simple data-hall floor plan (closed form).

Every switch of tier t sits at the centre of the block of racks it serves; the cables of the
boundary below it run from each rack of that block to the centre::

    length = slack x (vertical + Manhattan distance from the rack to the block centre)

The block of a boundary holds the nodes under one switch of the upper tier (a leaf's ``d_1``
endpoints, a pod's ``d_1 d_2``, ..., the whole cluster at the top; a rail leaf spans ``d_1``
nodes). Its racks are laid out

* ``in-rack`` (one rack or less): every cable is ``in_rack_m`` long;
* ``row`` (up to ``racks_per_row`` racks): a row of racks, distance uniform on ``[0, W/2]``,
  W = racks x rack width;
* ``hall`` (more): a square of side ``s = sqrt(racks x rack width x row pitch)``; distance
  ``|x| + |y|`` with x, y uniform on ``[-s/2, s/2]`` (mean s/2, max s).

So the fraction of a boundary's cables no longer than a reach (copper, DR, FR) is closed form,
and a tier can use copper for its short cables and optics for the rest. Geometry defaults are
planning values (CPS-FAB-32, CPS-FAB-33). Per-cable lengths (memory grows with the links) are an
explicit opt-in: :func:`link_lengths_m`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from cposim.devices.base import Model, param
from cposim.errors import ConfigError
from cposim.fabric.topology import BOUNDARY_NAMES, MAX_TIERS, Sizing
from cposim.validation import check_number

IN_RACK, ROW, HALL = 0, 1, 2
LOCATION_NAMES = ("in-rack", "row", "hall")


@dataclass(frozen=True, kw_only=True)
class FloorPlan(Model):
    """Data-hall geometry (planning values).

    Parameters (SI):
        gpus_per_rack: GPUs in one rack (32: four 8-GPU nodes, CPS-FAB-32).
        rack_width_m: rack width, m (0.6, CPS-FAB-32).
        row_pitch_m: row-to-row pitch (rack depth + aisle), m (2.4, CPS-FAB-32).
        racks_per_row: racks in one row (16, CPS-FAB-32).
        in_rack_m: length of a cable that stays in the rack, m (2.0, CPS-FAB-33).
        vertical_m: up-and-down run to the cable tray, both ends together, m (4.0, CPS-FAB-33).
        slack: routing slack factor on tray cables (1.2, CPS-FAB-33).
    """

    gpus_per_rack: float = param(32, unit="GPU", sources=("CPS-FAB-32",), lo=1, hi=10000)
    rack_width_m: float = param(0.6, unit="m", sources=("CPS-FAB-32",), lo=0.1, hi=5.0)
    row_pitch_m: float = param(2.4, unit="m", sources=("CPS-FAB-32",), lo=0.5, hi=20.0)
    racks_per_row: float = param(16, unit="rack", sources=("CPS-FAB-32",), lo=1, hi=1000, integer=True)
    in_rack_m: float = param(2.0, unit="m", sources=("CPS-FAB-33",), lo=0.1, hi=10.0)
    vertical_m: float = param(4.0, unit="m", sources=("CPS-FAB-33",), lo=0.0, hi=50.0)
    slack: float = param(1.2, unit="1", sources=("CPS-FAB-33",), lo=1.0, hi=3.0)

    def _check(self) -> None:
        for name in ("gpus_per_rack", "rack_width_m", "row_pitch_m", "racks_per_row", "in_rack_m", "vertical_m",
                     "slack"):
            if np.ndim(getattr(self, name)):
                raise ConfigError(f"FloorPlan.{name}", getattr(self, name), "must be a single number")


@dataclass(frozen=True)
class TierLengths:
    """Cable lengths per tier boundary, arrays ``(MAX_TIERS, *shape)`` (zero where a fabric has no
    such boundary).

    Attributes:
        plan: the :class:`FloorPlan`.
        location: 0 in-rack, 1 row, 2 hall (:data:`LOCATION_NAMES`).
        racks: racks in the block a boundary's cables span.
        span_m: row length W (row) or square side s (hall), m.
        max_m, mean_m: longest and mean cable, m.
        present: True where the boundary exists.
    """

    plan: FloorPlan
    location: np.ndarray
    racks: np.ndarray
    span_m: np.ndarray
    max_m: np.ndarray
    mean_m: np.ndarray
    present: np.ndarray

    def fraction_within(self, reach_m: float) -> np.ndarray:
        """Fraction of each boundary's cables no longer than ``reach_m`` (m), ``(MAX_TIERS, *shape)``."""
        reach = float(check_number("reach_m", reach_m, unit="m", lo=0.0))
        p = self.plan
        m = reach / float(p.slack) - float(p.vertical_m)
        in_rack = np.where(reach >= float(p.in_rack_m), 1.0, 0.0)
        half = self.span_m / 2.0
        with np.errstate(divide="ignore", invalid="ignore"):
            row = np.clip(np.where(half > 0, m / half, 1.0), 0.0, 1.0)
            a = half
            x = np.clip(m, 0.0, 2.0 * a)
            hall = np.where(x <= a, x**2 / (2 * a**2), 1.0 - (2 * a - x) ** 2 / (2 * a**2))
            hall = np.where(a > 0, hall, 1.0)
        if m < 0:
            row = np.zeros_like(row)
            hall = np.zeros_like(hall)
        frac = np.select([self.location == IN_RACK, self.location == ROW], [in_rack * np.ones_like(row), row], hall)
        return np.where(self.present, frac, 0.0)

    def as_dict(self, tiers: int) -> dict[str, Any]:
        """JSON-ready lengths of the first ``tiers`` boundaries (scalar fabrics: numbers)."""
        out = {}
        for b in range(tiers):
            loc = np.asarray(self.location[b])
            out[BOUNDARY_NAMES[b]] = {
                "location": LOCATION_NAMES[int(loc.flat[0])] if loc.ndim == 0 else [LOCATION_NAMES[int(v)] for v in loc.flat],
                "max_m": _out(self.max_m[b]),
                "mean_m": _out(self.mean_m[b]),
            }
        return out


def _out(x: Any) -> Any:
    arr = np.asarray(x, dtype=float)
    return float(arr) if arr.ndim == 0 else arr.tolist()


def block_nodes(sizing: Sizing) -> np.ndarray:
    """Nodes under one switch of the upper tier of each boundary, ``(MAX_TIERS, *shape)`` (float)."""
    spec = sizing.spec
    shape = sizing.shape
    nodes_total = sizing.nodes.astype(float)
    eps_per_node = int(spec.gpus_per_node) * int(spec.ports_per_gpu) / int(spec.planes)
    out = np.zeros((MAX_TIERS,) + shape)
    under = 1.0
    for b in range(MAX_TIERS):
        top = sizing.tiers - 1 == b
        under = under * (sizing.down_ports[b] if b < len(sizing.down_ports) else 1)
        endpoints = np.where(top, sizing.endpoints_per_group.astype(float), float(under))
        if spec.design == "rail-only":
            nodes = endpoints
        elif spec.design == "rail-optimized":
            nodes = np.maximum(endpoints / spec.rails_per_plane, float(sizing.down_ports[0]))
        else:
            nodes = endpoints / eps_per_node
        out[b] = np.where(b < sizing.tiers, np.minimum(nodes, nodes_total), 0.0)
    return out


def tier_lengths(sizing: Sizing, plan: FloorPlan | None = None) -> TierLengths:
    """Cable lengths of every tier boundary of ``sizing`` on floor plan ``plan`` (module docstring)."""
    plan = plan or FloorPlan()
    spec = sizing.spec
    present = np.arange(MAX_TIERS).reshape((MAX_TIERS,) + (1,) * len(sizing.shape)) < sizing.tiers
    racks = block_nodes(sizing) * int(spec.gpus_per_node) / float(plan.gpus_per_rack)
    location = np.where(racks <= 1.0 + 1e-12, IN_RACK, np.where(racks <= float(plan.racks_per_row), ROW, HALL))
    row_span = racks * float(plan.rack_width_m)
    hall_side = np.sqrt(racks * float(plan.rack_width_m) * float(plan.row_pitch_m))
    span = np.where(location == ROW, row_span, np.where(location == HALL, hall_side, 0.0))
    slack, vert, inrack = float(plan.slack), float(plan.vertical_m), float(plan.in_rack_m)
    max_m = np.select([location == IN_RACK, location == ROW], [np.full_like(span, inrack), slack * (vert + span / 2)],
                      slack * (vert + span))
    mean_m = np.select([location == IN_RACK, location == ROW], [np.full_like(span, inrack), slack * (vert + span / 4)],
                       slack * (vert + span / 2))
    zero = np.zeros_like(span)
    return TierLengths(plan=plan, location=np.where(present, location, IN_RACK), racks=np.where(present, racks, zero),
                       span_m=np.where(present, span, zero), max_m=np.where(present, max_m, zero),
                       mean_m=np.where(present, mean_m, zero), present=present)


def link_lengths_m(sizing: Sizing, plan: FloorPlan | None = None) -> dict[str, np.ndarray]:
    """Per-cable lengths (m) of every boundary of a single fabric: boundary name -> array with one
    entry per physical cable. Opt-in detail: memory grows with the number of links.

    The cables of each block take the quantiles ``(i + 1/2)/n`` of the block's length
    distribution (module docstring), so their histogram is the closed-form distribution.
    """
    if sizing.shape:
        raise ConfigError("gpus", "array", "per-link detail needs a single GPU count")
    lengths = tier_lengths(sizing, plan)
    p = lengths.plan
    out: dict[str, np.ndarray] = {}
    for b in range(int(sizing.tiers)):
        n = int(sizing.links[b])
        q = (np.arange(n) + 0.5) / max(n, 1)
        loc = int(lengths.location[b])
        half = float(lengths.span_m[b]) / 2.0
        if loc == IN_RACK:
            out[BOUNDARY_NAMES[b]] = np.full(n, float(p.in_rack_m))
            continue
        if loc == ROW:
            dist = q * half
        else:
            dist = np.where(q <= 0.5, half * np.sqrt(2 * q), 2 * half - half * np.sqrt(2 * (1 - q)))
        out[BOUNDARY_NAMES[b]] = float(p.slack) * (float(p.vertical_m) + dist)
    return out


__all__ = ["FloorPlan", "TierLengths", "tier_lengths", "link_lengths_m", "block_nodes", "LOCATION_NAMES",
           "IN_RACK", "ROW", "HALL"]
