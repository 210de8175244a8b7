"""Scale-out fabric sizing: an L-tier folded Clos of radix-k switches, closed form and vectorised.

Notation (CPS-FAB-05): ``E`` endpoints of one Clos (NIC ports at the fabric's port rate), ``k``
switch radix (ports at that rate), ``L`` tiers. A switch below the top splits its ports into
``d = k r/(r+1)`` down and ``u = k/(r+1)`` up for an oversubscription ``r`` (down:up; 1 is
non-blocking, 0.5 is 1:2 under-subscribed); the top tier uses all ``k`` ports down. Capacity::

    E_max(L) = k * prod(d_1 .. d_{L-1})          (non-blocking: 2 (k/2)^L, CPS-FAB-04/05)

Designs (what a group of switches serves):

* ``clos``: one Clos per plane over all endpoints; leaves = ceil(E / d_1) (top-of-rack style).
* ``rail-optimized`` (NVIDIA SuperPOD, CPS-FAB-01/02): NIC i of every node goes to rail leaf i;
  each rail needs whole leaves of ``d_1`` nodes, so leaves = rails x ceil(nodes / d_1).
  Switch, link and module counts equal the plain Clos whenever nodes fill whole leaves.
* ``rail-only`` (CPS-FAB-06): no spine across rails; each rail is its own Clos of ``nodes``
  endpoints (cross-rail traffic goes through the scale-up domain).

Planes (CPS-FAB-07, SYS-NV-12): each GPU's ``ports_per_gpu`` ports are divided over ``planes``
independent Clos fabrics. ``plane_cabling="separate"``: every plane has its own cables and
switches (dual-ToR / dual-plane). ``"shared"``: one physical cable and one switch box carry one
link / one ASIC of every plane (Quantum-X Photonics splits each 800G port into 4 x 200G over
four ASICs, SYS-NV-12; radix 144 per ASIC at 200G gives E_max(3) = 746,496, CLU-12).

Rounding policies (explicit; no fractional switches anywhere):

* ``minimal`` (default): whole leaves; above them the fewest whole switches that provide the
  ports; links above a tier = ceil(links below / r). Non-blocking: exactly E links per tier
  boundary, S_t = ceil(2E/k) below the top and S_L = ceil(E/k) -- the NVIDIA DGX SuperPOD
  table (CPS-FAB-01) to the last switch and cable.
* ``full-uplinks``: every switch below the top wires all its ``u`` uplinks (so partly filled
  leaves are under-subscribed); the top tier gets the fewest switches ``S`` such that uplinks
  spread evenly: each lower switch connects the same number of parallel links to every top
  switch (``u mod S == 0`` when ``S <= u``) or every top switch receives the same number of
  links (``U mod S == 0`` when ``S > u``, ``U`` all uplinks into the top tier).

Everything broadcasts over an array of GPU counts; the other inputs are scalars. Memory does
not grow with the GPU count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from cposim.devices.base import Model, param
from cposim.errors import ConfigError
from cposim.validation import check_choice, check_number

#: Most tiers a fabric may have.
MAX_TIERS = 6
#: Switch tier names, leaf first.
TIER_NAMES = ("leaf", "spine", "core", "super-spine", "tier-5", "tier-6")
#: Tier-boundary (link class) names: boundary 0 joins the GPU NIC to its leaf.
BOUNDARY_NAMES = ("node-leaf", "leaf-spine", "spine-core", "core-super-spine", "super-spine-tier-5",
                  "tier-5-tier-6")
DESIGNS = ("rail-optimized", "clos", "rail-only")
ROUNDING = ("minimal", "full-uplinks")
PLANE_CABLING = ("separate", "shared")


@dataclass(frozen=True, kw_only=True)
class FabricSpec(Model):
    """What the scale-out (compute) fabric connects and how.

    Parameters (SI; only ``gpus`` may be an array):
        gpus: GPUs in the cluster (8,192 = 32 SuperPOD SUs, CPS-FAB-01).
        radix: switch ports at ``port_rate_bps`` per switch ASIC (64, QM9700, CPS-FAB-03); even.
        port_rate_bps: scale-out port rate per direction, bit/s (400e9, CPS-FAB-02).
        gpus_per_node: GPUs per server node (8, CPS-FAB-02).
        ports_per_gpu: scale-out NIC ports per GPU (1, CPS-FAB-02).
        planes: independent fabric planes the ports are divided over (1, CPS-FAB-01).
        tiers: switch tiers, or None for the fewest that fit.
        oversubscription: down:up ratio per tier below the top, leaf first (missing entries are
            1 = non-blocking); e.g. ``(2.0,)`` for a 2:1 leaf.
        design: ``rail-optimized`` (default), ``clos`` or ``rail-only``.
        rounding: ``minimal`` (default) or ``full-uplinks`` (module docstring).
        plane_cabling: ``separate`` (default) or ``shared``.
    """

    gpus: Any = param(8192, unit="GPU", sources=("CPS-FAB-01",), lo=1, hi=1e9, integer=True)
    radix: int = param(64, unit="port", sources=("CPS-FAB-03",), lo=2, hi=65536, integer=True)
    port_rate_bps: float = param(400e9, unit="bit/s", sources=("CPS-FAB-02",), lo=1e9, hi=100e12)
    gpus_per_node: int = param(8, unit="GPU", sources=("CPS-FAB-02",), lo=1, hi=100000, integer=True)
    ports_per_gpu: int = param(1, unit="port", sources=("CPS-FAB-02",), lo=1, hi=64, integer=True)
    planes: int = param(1, unit="plane", sources=("CPS-FAB-01",), lo=1, hi=64, integer=True)
    tiers: int | None = None
    oversubscription: tuple[float, ...] = ()
    design: str = "rail-optimized"
    rounding: str = "minimal"
    plane_cabling: str = "separate"

    formula_sources: ClassVar[tuple[str, ...]] = ("CPS-FAB-04", "CPS-FAB-05", "CPS-FAB-06", "CPS-FAB-07")

    def _check(self) -> None:
        for name in ("radix", "port_rate_bps", "gpus_per_node", "ports_per_gpu", "planes"):
            if np.ndim(getattr(self, name)):
                raise ConfigError(f"FabricSpec.{name}", getattr(self, name), "must be a single number; only gpus may be an array")
        check_choice("FabricSpec.design", self.design, DESIGNS)
        check_choice("FabricSpec.rounding", self.rounding, ROUNDING)
        check_choice("FabricSpec.plane_cabling", self.plane_cabling, PLANE_CABLING)
        if int(self.radix) % 2:
            raise ConfigError("FabricSpec.radix", self.radix,
                              "is odd; expected an even number of ports (a folded-Clos switch splits its ports into "
                              "down and up halves)")
        if self.tiers is not None:
            check_number("FabricSpec.tiers", self.tiers, lo=1, hi=MAX_TIERS, integer=True)
        if not isinstance(self.oversubscription, tuple):
            raise ConfigError("FabricSpec.oversubscription", self.oversubscription,
                              "must be a tuple of down:up ratios, leaf first")
        if len(self.oversubscription) > MAX_TIERS - 1:
            raise ConfigError("FabricSpec.oversubscription", self.oversubscription,
                              f"has {len(self.oversubscription)} entries; expected at most {MAX_TIERS - 1}")
        for i, r in enumerate(self.oversubscription):
            split_ports(int(self.radix), r, field=f"FabricSpec.oversubscription[{i}]")
        gpus = np.asarray(self.gpus)
        g, ppg, planes = int(self.gpus_per_node), int(self.ports_per_gpu), int(self.planes)
        if self.design != "clos":
            bad = gpus % g != 0
            if np.any(bad):
                raise ConfigError("FabricSpec.gpus", gpus[bad].flat[0] if gpus.ndim else float(gpus),
                                  f"does not fill whole {g}-GPU nodes; a {self.design} fabric wires every node's "
                                  f"NICs to its rails, so gpus must be a multiple of gpus_per_node ({g})")
            if (g * ppg) % planes:
                raise ConfigError("FabricSpec.planes", planes,
                                  f"does not divide the {g * ppg} NIC ports of a node; expected a divisor of "
                                  f"gpus_per_node x ports_per_gpu")
        else:
            bad = (gpus * ppg) % planes != 0
            if np.any(bad):
                raise ConfigError("FabricSpec.planes", planes,
                                  f"does not divide the {ppg}-port x gpus NIC ports evenly; expected gpus x "
                                  f"ports_per_gpu to be a multiple of planes")
        if self.plane_cabling == "shared" and planes == 1:
            raise ConfigError("FabricSpec.plane_cabling", "shared", "needs planes >= 2 (one cable carrying every plane)")

    # ---- derived scalars ---------------------------------------------------------
    def ratios(self) -> tuple[float, ...]:
        """Oversubscription (down:up) of each tier below the top, padded with 1.0."""
        pad = (1.0,) * (MAX_TIERS - 1 - len(self.oversubscription))
        return tuple(float(r) for r in self.oversubscription) + pad

    def port_split(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """(down ports, up ports) per tier below the top, leaf first."""
        k = int(self.radix)
        pairs = [split_ports(k, r) for r in self.ratios()]
        return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)

    @property
    def rails_per_plane(self) -> int:
        """NIC ports of a node in one plane (rails of a rail-optimized or rail-only design)."""
        return int(self.gpus_per_node) * int(self.ports_per_gpu) // int(self.planes)


def split_ports(radix: int, ratio: float, *, field: str = "oversubscription") -> tuple[int, int]:
    """(down, up) ports of a ``radix``-port switch at oversubscription ``ratio`` (down:up).

    Raises:
        ConfigError: a ratio that is not positive or does not give whole down and up ports of
            at least one each (e.g. 2:1 of a 64-port switch needs 42.7 down ports).
    """
    r = check_number(field, ratio, lo=0.0, lo_open=True, hi=float(radix))
    down = radix * r / (r + 1.0)
    up = radix - down
    if abs(down - round(down)) > 1e-9 or round(down) < 1 or round(up) < 1:
        options = [f"{d}:{radix - d} ({d / (radix - d):g})" for d in range(radix // 2, radix) if d % (radix - d) == 0][:4]
        raise ConfigError(field, r,
                          f"is impossible for a {radix}-port switch: it needs {down:g} down and {up:g} up ports; "
                          f"expected a ratio that splits {radix} ports into whole numbers, e.g. "
                          f"{', '.join(options) or '1'}")
    return int(round(down)), int(round(up))


@dataclass(frozen=True)
class Sizing:
    """Switch and link counts of a fabric (arrays broadcast over the GPU counts).

    Attributes:
        spec: the :class:`FabricSpec`.
        tiers: switch tiers (int array, shape of ``spec.gpus``).
        groups: independent Clos instances (planes, or planes x rails for rail-only).
        bundle: logical links per physical cable / ASICs per switch box (planes when shared).
        endpoints_per_group: NIC ports one Clos connects.
        nodes: server nodes.
        down_ports, up_ports: per tier below the top (leaf first), ports.
        switches_per_group, links_per_group: arrays ``(MAX_TIERS, *shape)``; tier t switches;
            boundary b links (b = 0: NIC-leaf; b = t: tier t to tier t+1, 1-based tiers).
        capacity_per_group: most endpoints one Clos of the chosen tiers holds.
    """

    spec: FabricSpec
    tiers: np.ndarray
    groups: int
    bundle: int
    endpoints_per_group: np.ndarray
    nodes: np.ndarray
    down_ports: tuple[int, ...]
    up_ports: tuple[int, ...]
    switches_per_group: np.ndarray
    links_per_group: np.ndarray
    capacity_per_group: np.ndarray

    @property
    def shape(self) -> tuple[int, ...]:
        """Shape of the GPU-count array."""
        return self.tiers.shape

    @property
    def gpus(self) -> np.ndarray:
        """GPUs (as given), int array."""
        return np.asarray(self.spec.gpus).astype(np.int64)

    @property
    def nic_ports(self) -> np.ndarray:
        """Scale-out NIC ports (GPUs x ports per GPU)."""
        return self.gpus * int(self.spec.ports_per_gpu)

    @property
    def asics(self) -> np.ndarray:
        """Switch ASICs per tier, ``(MAX_TIERS, *shape)``."""
        return self.groups * self.switches_per_group

    @property
    def switch_boxes(self) -> np.ndarray:
        """Switch boxes per tier (ASICs / ASICs per box), ``(MAX_TIERS, *shape)``."""
        return self.asics // self.bundle

    @property
    def logical_links(self) -> np.ndarray:
        """Links per tier boundary at the fabric port rate, ``(MAX_TIERS, *shape)``."""
        return self.groups * self.links_per_group

    @property
    def links(self) -> np.ndarray:
        """Physical cables per tier boundary, ``(MAX_TIERS, *shape)``."""
        return self.logical_links // self.bundle

    @property
    def total_switches(self) -> np.ndarray:
        """Switch boxes over all tiers."""
        return self.switch_boxes.sum(axis=0)

    @property
    def total_links(self) -> np.ndarray:
        """Physical cables over all tier boundaries."""
        return self.links.sum(axis=0)

    @property
    def capacity_gpus(self) -> np.ndarray:
        """Most GPUs the chosen number of tiers can hold."""
        if self.spec.design == "rail-only":
            return self.capacity_per_group * int(self.spec.gpus_per_node)
        return self.capacity_per_group * self.groups // int(self.spec.ports_per_gpu)

    @property
    def ports_used(self) -> np.ndarray:
        """Switch ports in use per tier (down + up links), ``(MAX_TIERS, *shape)``, logical."""
        links = self.logical_links
        up = np.zeros_like(links)
        up[:-1] = links[1:]
        return links + up

    @property
    def oversubscription_total(self) -> np.ndarray:
        """Product of the oversubscription of the tiers below the top (end-to-end down:up)."""
        ratios = np.asarray(self.spec.ratios(), dtype=float)
        cum = np.concatenate([[1.0], np.cumprod(ratios)])
        return cum[self.tiers - 1]

    @property
    def bisection_bps(self) -> np.ndarray:
        """Bisection bandwidth per direction, bit/s: half the NIC ports at the port rate, divided by
        the end-to-end oversubscription."""
        return self.nic_ports * float(self.spec.port_rate_bps) / 2.0 / np.maximum(self.oversubscription_total, 1.0)

    def tier_names(self, tiers: int) -> tuple[str, ...]:
        """Names of the switch tiers of a ``tiers``-tier fabric, leaf first."""
        return TIER_NAMES[:tiers]

    def switches_by_tier(self) -> dict[str, Any]:
        """Tier name -> switch boxes (int, or list for arrays); tiers a fabric lacks are 0."""
        top = int(np.max(self.tiers))
        return {TIER_NAMES[t]: _out(self.switch_boxes[t]) for t in range(top)}

    def links_by_boundary(self) -> dict[str, Any]:
        """Boundary name -> physical cables."""
        top = int(np.max(self.tiers))
        return {BOUNDARY_NAMES[b]: _out(self.links[b]) for b in range(top)}

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready counts."""
        return {
            "gpus": _out(self.gpus),
            "nodes": _out(self.nodes),
            "design": self.spec.design,
            "radix": int(self.spec.radix),
            "port_rate_bps": float(self.spec.port_rate_bps),
            "planes": int(self.spec.planes),
            "plane_cabling": self.spec.plane_cabling,
            "rounding": self.spec.rounding,
            "tiers": _out(self.tiers),
            "switches": self.switches_by_tier(),
            "total_switches": _out(self.total_switches),
            "switch_asics": _out(self.asics.sum(axis=0)),
            "links": self.links_by_boundary(),
            "total_links": _out(self.total_links),
            "capacity_gpus": _out(self.capacity_gpus),
            "bisection_bps": _out(self.bisection_bps),
            "oversubscription_total": _out(self.oversubscription_total),
        }


def _out(x: Any) -> Any:
    arr = np.asarray(x)
    if arr.ndim == 0:
        return arr.item()
    return arr.tolist()


def _ceil_div(a: np.ndarray, b: Any) -> np.ndarray:
    return -(-a // b)


def _even_top(uplinks: np.ndarray, u: int, k: int) -> np.ndarray:
    """Fewest top switches S with S >= ceil(U/k) over which ``U`` uplinks (``u`` per lower switch)
    spread evenly: the largest j <= k dividing U with S = U/j and (S > u or u mod S == 0)."""
    top = np.zeros_like(uplinks)
    found = uplinks <= 0
    for j in range(k, 0, -1):
        s = uplinks // j
        ok = ~found & (uplinks % j == 0) & (s >= 1) & ((s > u) | (u % np.maximum(s, 1) == 0))
        top = np.where(ok, s, top)
        found |= ok
        if found.all():
            break
    return top


def size_fabric(spec: FabricSpec) -> Sizing:
    """Count switches and links of ``spec`` (see the module docstring for the rules).

    Raises:
        ConfigError: more GPUs than ``spec.tiers`` tiers can hold, more than MAX_TIERS needed,
            or more oversubscription entries than tiers below the top.
    """
    k = int(spec.radix)
    g, ppg, planes = int(spec.gpus_per_node), int(spec.ports_per_gpu), int(spec.planes)
    gpus = np.asarray(spec.gpus).astype(np.int64)
    nodes = _ceil_div(gpus, g)
    down, up = spec.port_split()
    ratios = spec.ratios()
    rails = spec.rails_per_plane
    if spec.design == "rail-only":
        groups = planes * rails
        endpoints = nodes.copy()
        leaves = _ceil_div(endpoints, down[0])
    elif spec.design == "rail-optimized":
        groups = planes
        endpoints = nodes * rails
        leaves = rails * _ceil_div(nodes, down[0])
    else:
        groups = planes
        endpoints = gpus * ppg // planes
        leaves = _ceil_div(endpoints, down[0])
    bundle = planes if spec.plane_cabling == "shared" else 1

    shape = gpus.shape
    best_l = np.zeros(shape, dtype=np.int64)
    cap = np.zeros(shape, dtype=np.int64)
    for L in range(1, MAX_TIERS + 1):
        if L == 1:
            fits = endpoints <= k
            cap_l = k
        else:
            leaf_cap = k * int(np.prod(down[1:L - 1], dtype=np.int64))
            fits = leaves <= leaf_cap
            cap_l = leaf_cap * down[0]
        new = (best_l == 0) & fits
        if spec.tiers is not None:
            new = (best_l == 0) & (L == int(spec.tiers))
            if L == int(spec.tiers) and not np.all(fits):
                bad = gpus[~fits] if gpus.ndim else gpus
                raise ConfigError("gpus", int(np.asarray(bad).flat[0]),
                                  f"does not fit a {L}-tier {spec.design} fabric of radix {k} "
                                  f"({_capacity_text(spec, cap_l, groups)}); use more tiers, a larger radix or "
                                  f"more planes")
        best_l = np.where(new, L, best_l)
        cap = np.where(new, cap_l, cap)
    if np.any(best_l == 0):
        bad = gpus[best_l == 0] if gpus.ndim else gpus
        raise ConfigError("gpus", int(np.asarray(bad).flat[0]),
                          f"needs more than {MAX_TIERS} tiers at radix {k}; use a larger radix or more planes")
    if len(spec.oversubscription) > int(np.min(best_l)) - 1:
        raise ConfigError("oversubscription", spec.oversubscription,
                          f"has {len(spec.oversubscription)} entries but the fabric has only "
                          f"{int(np.min(best_l)) - 1} tier(s) below the top; give one ratio per tier below the top")

    switches = np.zeros((MAX_TIERS,) + shape, dtype=np.int64)
    links = np.zeros((MAX_TIERS,) + shape, dtype=np.int64)
    for L in range(1, MAX_TIERS + 1):
        sel = best_l == L
        if not np.any(sel):
            continue
        s_l, l_l = _counts(L, endpoints, leaves, down, up, ratios, k, spec.rounding)
        switches = np.where(sel, s_l, switches)
        links = np.where(sel, l_l, links)
    return Sizing(spec=spec, tiers=best_l, groups=groups, bundle=bundle, endpoints_per_group=endpoints,
                  nodes=nodes, down_ports=down, up_ports=up, switches_per_group=switches,
                  links_per_group=links, capacity_per_group=cap)


def _capacity_text(spec: FabricSpec, cap_endpoints: int, groups: int) -> str:
    if spec.design == "rail-only":
        gpus = cap_endpoints * int(spec.gpus_per_node)
    elif spec.design == "rail-optimized":
        gpus = cap_endpoints * int(spec.planes) // int(spec.ports_per_gpu)
    else:
        gpus = cap_endpoints * groups // int(spec.ports_per_gpu)
    return f"at most {gpus:,} GPUs"


def _counts(L: int, endpoints: np.ndarray, leaves: np.ndarray, down: tuple[int, ...], up: tuple[int, ...],
            ratios: tuple[float, ...], k: int, rounding: str) -> tuple[np.ndarray, np.ndarray]:
    """(switches, links) of one group, ``(MAX_TIERS, *shape)``, for an L-tier fabric."""
    shape = endpoints.shape
    switches = np.zeros((MAX_TIERS,) + shape, dtype=np.int64)
    links = np.zeros((MAX_TIERS,) + shape, dtype=np.int64)
    links[0] = endpoints
    if L == 1:
        switches[0] = (endpoints > 0).astype(np.int64)
        return switches, links
    switches[0] = leaves
    for t in range(1, L):
        if rounding == "minimal":
            r = ratios[t - 1]
            links[t] = np.ceil(links[t - 1] / r - 1e-9).astype(np.int64)
        else:
            links[t] = switches[t - 1] * up[t - 1]
        if t < L - 1:
            switches[t] = _ceil_div(links[t], down[t])
        elif rounding == "minimal":
            switches[t] = _ceil_div(links[t], k)
        else:
            switches[t] = _even_top(links[t], up[t - 1], k)
    return switches, links


def fat_tree(radix: int) -> Sizing:
    """The full k-ary fat tree (Al-Fares et al., CPS-FAB-04): a three-tier non-blocking Clos of
    ``k^3/4`` single-port hosts, built with :func:`size_fabric` (hosts and switches are outputs
    of the general model, not of the fat-tree formulas)."""
    k = int(check_number("radix", radix, lo=2, hi=65536, integer=True))
    if k % 2:
        FabricSpec(radix=k)  # raises the odd-radix ConfigError
    hosts = k**3 // 4
    return size_fabric(FabricSpec(gpus=hosts, radix=k, tiers=3, design="clos", gpus_per_node=1,
                                  ports_per_gpu=1, planes=1))
