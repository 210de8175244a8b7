"""Front-end and storage fabrics: counted like the compute fabric, with their own ports and media.

Each node has ``ports_per_node`` ports at ``port_rate_bps`` to that many separate switch planes
(NVIDIA Enterprise RA: 2 x 200 GbE per HGX node to two switches for redundancy, CPS-FAB-40),
leaves oversubscribed ``oversubscription``:1 (3:1, CPS-FAB-41) once a second tier is needed.
Media: the fabric's own pluggable optics with copper where it reaches (the compute fabric's
interconnect option does not apply). These fabrics add switches, modules and power; they are
not counted as causes of training interruptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from cposim.devices.base import Model, param
from cposim.errors import ConfigError
from cposim.fabric.floorplan import FloorPlan, tier_lengths
from cposim.fabric.inventory import Inventory, build_inventory
from cposim.fabric.options import InterconnectOption
from cposim.fabric.topology import FabricSpec, Sizing, size_fabric


@dataclass(frozen=True, kw_only=True)
class AuxFabric(Model):
    """A front-end or storage fabric.

    Parameters:
        name: ``front-end`` or ``storage`` (any label).
        ports_per_node: ports per node, one per plane (2, CPS-FAB-40).
        port_rate_bps: port rate, bit/s (200e9, CPS-FAB-40).
        radix: switch ports at that rate (64, CPS-FAB-03).
        oversubscription: leaf down:up ratio when two or more tiers are needed (3, CPS-FAB-41).
        architecture: pluggable optics (``dsp-dr``); copper: copper cable where it reaches (``dac``).
    """

    name: str = "front-end"
    ports_per_node: int = param(2, unit="port", sources=("CPS-FAB-40",), lo=1, hi=64, integer=True)
    port_rate_bps: float = param(200e9, unit="bit/s", sources=("CPS-FAB-40",), lo=1e9, hi=100e12)
    radix: int = param(64, unit="port", sources=("CPS-FAB-03",), lo=2, hi=65536, integer=True)
    oversubscription: float = param(3.0, unit="1", sources=("CPS-FAB-41",), lo=0.0, lo_open=True, hi=1000.0)
    architecture: str = "dsp-dr"
    copper: str | None = "dac"

    def _check(self) -> None:
        for name in ("ports_per_node", "port_rate_bps", "radix", "oversubscription"):
            if np.ndim(getattr(self, name)):
                raise ConfigError(f"AuxFabric.{name}", getattr(self, name), "must be a single number")

    def option(self) -> InterconnectOption:
        """The interconnect option of this fabric."""
        return InterconnectOption(f"{self.name}", f"{self.name} fabric", self.architecture, self.architecture,
                                  copper_architecture=self.copper)


@dataclass(frozen=True)
class AuxResult:
    """Sizing and inventory of one auxiliary fabric."""

    fabric: AuxFabric
    sizing: Sizing
    inventory: Inventory

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready counts and power (W)."""
        inv = self.inventory.as_dict()
        inv.pop("per_boundary")
        return {"name": self.fabric.name, "sizing": self.sizing.as_dict(), "inventory": inv}


def size_aux(nodes: Any, fabric: AuxFabric, plan: FloorPlan | None = None, *, gpus_per_node: int = 8) -> AuxResult:
    """Size and count one auxiliary fabric for ``nodes`` server nodes."""
    n = np.asarray(nodes).astype(np.int64)
    k = int(fabric.radix)
    ppn = int(fabric.ports_per_node)
    needs_tiers = bool(np.any(n > k))
    if needs_tiers and np.any(n <= k):
        raise ConfigError("nodes", "array", "mixes single-switch and multi-tier auxiliary fabrics; size them apart")
    spec = FabricSpec(gpus=n, radix=k, port_rate_bps=float(fabric.port_rate_bps), gpus_per_node=1,
                      ports_per_gpu=ppn, planes=ppn, design="clos",
                      oversubscription=(float(fabric.oversubscription),) if needs_tiers else ())
    sizing = size_fabric(spec)
    node_plan = plan or FloorPlan()
    scaled = node_plan.replace(gpus_per_rack=float(node_plan.gpus_per_rack) / gpus_per_node)
    inv = build_inventory(sizing, fabric.option(), lengths=tier_lengths(sizing, scaled))
    return AuxResult(fabric=fabric, sizing=sizing, inventory=inv)
