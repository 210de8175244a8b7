"""What a fabric is made of, per interconnect option: switches, cables, modules, optical engines,
lasers, external laser modules, fibers, copper cables, and the power they draw.

Counting rules (closed form, arrays over GPU counts):

* Every physical cable has two ends (CPS-FAB-05): at boundary 0 a GPU NIC port and a leaf port,
  above that two switch ports. All-optical, non-blocking, L tiers: 2L link ends per NIC port
  (1 at the NIC, 2L - 1 at switches), e.g. 6 per GPU at three tiers (CLU-01).
* Media per cable, from the floor-plan length distribution of its boundary
  (:meth:`cposim.fabric.floorplan.TierLengths.fraction_within`): the option's copper cable where
  the cable is no longer than the usable copper reach (95 % of the solver's reach,
  :func:`copper_usable_reach_m`), the primary optics up to their class reach, the long-reach optics
  beyond; a cable longer than every reach is an error. Copper ports are evaluated at the usable
  reach (worst-case host SerDes); optical ports at their class reach (``evaluate_port`` with no
  length).
* Pluggable modules = link ends / ports per module (whole modules per boundary and side: a
  twin-port OSFP holds 2 ports, CPS-FAB-03). Copper cables have no modules.
* Optical engines (co-/near-packaged): built into the package for every port of a switch
  (``ceil(radix x lanes / engine lanes)`` per switch box) or NIC, used or not.
* Lasers, fibers: ends x lasers per port; cables x signal fibers per cable + ends x laser-feed
  fibers; external laser modules = laser-feed fibers / fibers per module (LAS-14).
* Power: ends x module/engine/cable-end power (optics), ends x host SerDes, plus every switch
  ASIC's core (non-SerDes) power from :class:`cposim.package.switch.SwitchAsic` at its capacity.

``shared`` plane cabling: a physical port carries one logical port of every plane, so ports
are evaluated at ``planes x`` the logical port rate and counted physically.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cposim.errors import ConfigError
from cposim.fabric.floorplan import TierLengths, tier_lengths
from cposim.fabric.options import InterconnectOption, PortFigures, get_option
from cposim.fabric.topology import BOUNDARY_NAMES, MAX_TIERS, Sizing

MEDIA = ("copper", "optical", "long")


@dataclass(frozen=True)
class EndGroup:
    """Link ends of one boundary, side and medium (same architecture).

    Attributes:
        boundary: tier boundary (0 = NIC-leaf); side: ``nic``, ``lower`` (switch of tier
            ``boundary``, facing up) or ``upper`` (switch of tier ``boundary + 1``, facing down).
        tier: switch tier index (0 = leaf) holding these ends, or -1 for NIC ends.
        medium: ``copper``, ``optical`` or ``long``; figures: per-port numbers.
        ports: number of ends (array); ports_per_module: ports per pluggable module.
        modules: pluggable optical modules (0 for engines and copper).
    """

    boundary: int
    side: str
    tier: int
    medium: str
    figures: PortFigures
    ports: np.ndarray
    ports_per_module: int
    modules: np.ndarray


@dataclass(frozen=True)
class Inventory:
    """Counts and power of one interconnect option on one fabric (arrays over GPU counts).

    Attributes:
        option: the :class:`InterconnectOption`; sizing, lengths: fabric and cable lengths.
        physical_port_rate_bps: rate of one physical port (logical rate x planes when shared).
        ends: the :class:`EndGroup` list.
        links_by_medium: medium -> ``(MAX_TIERS, *shape)`` physical cables.
        engines_by_tier: ``(MAX_TIERS, *shape)`` optical engines in switches; nic_engines: in NICs.
        switch_core_w_per_asic: ASIC core power, W.
    """

    option: InterconnectOption
    sizing: Sizing
    lengths: TierLengths
    physical_port_rate_bps: float
    ends: tuple[EndGroup, ...]
    links_by_medium: dict[str, np.ndarray]
    engines_by_tier: np.ndarray
    nic_engines: np.ndarray
    switch_core_w_per_asic: float
    sources: tuple[str, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = field(default_factory=tuple)

    # ---- counts ------------------------------------------------------------------
    @property
    def switches(self) -> np.ndarray:
        """Switch boxes."""
        return self.sizing.total_switches

    @property
    def links(self) -> np.ndarray:
        """Physical cables."""
        return self.sizing.total_links

    @property
    def copper_cables(self) -> np.ndarray:
        """Copper cable assemblies."""
        return self.links_by_medium["copper"].sum(axis=0)

    @property
    def optical_links(self) -> np.ndarray:
        """Optical cables (primary + long reach)."""
        return (self.links_by_medium["optical"] + self.links_by_medium["long"]).sum(axis=0)

    @property
    def link_ends(self) -> np.ndarray:
        """Link ends (2 per cable)."""
        return 2 * self.links

    @property
    def modules(self) -> np.ndarray:
        """Pluggable optical modules."""
        return sum((e.modules for e in self.ends), np.zeros(self.sizing.shape, dtype=np.int64))

    @property
    def optical_engines(self) -> np.ndarray:
        """Co-/near-packaged optical engines (switches and NICs)."""
        return self.engines_by_tier.sum(axis=0) + self.nic_engines

    @property
    def lasers(self) -> np.ndarray:
        """Lasers (module lasers and external laser source lasers), whole."""
        total = sum((e.ports * e.figures.lasers_per_port for e in self.ends), np.zeros(self.sizing.shape))
        return np.ceil(total - 1e-9).astype(np.int64)

    @property
    def external_laser_modules(self) -> np.ndarray:
        """External laser source modules (whole modules per boundary and side)."""
        total = np.zeros(self.sizing.shape, dtype=np.int64)
        for e in self.ends:
            if e.figures.laser_fibers_per_els:
                feeds = e.ports * e.figures.laser_fibers_per_port
                total = total + np.ceil(feeds / e.figures.laser_fibers_per_els - 1e-9).astype(np.int64)
        return total

    @property
    def fibers(self) -> np.ndarray:
        """Fibers: signal fibers of the optical cables plus laser-feed fibers, whole."""
        total = np.zeros(self.sizing.shape)
        for b in range(MAX_TIERS):
            for medium in ("optical", "long"):
                total = total + self.links_by_medium[medium][b] * self._signal_fibers(b, medium)
        total = total + sum((e.ports * e.figures.laser_fibers_per_port for e in self.ends), 0.0)
        return np.ceil(total - 1e-9).astype(np.int64)

    @property
    def fiber_km(self) -> np.ndarray:
        """Signal fiber length, km (cables x fibers x mean cable length of the boundary)."""
        total = np.zeros(self.sizing.shape)
        for b in range(MAX_TIERS):
            for medium in ("optical", "long"):
                total = total + (self.links_by_medium[medium][b] * self._signal_fibers(b, medium)
                                 * self.lengths.mean_m[b])
        return total / 1000.0

    def _signal_fibers(self, boundary: int, medium: str) -> float:
        per = [e.figures.signal_fibers_per_port for e in self.ends if e.boundary == boundary and e.medium == medium]
        return max(per) if per else 0.0

    # ---- power -------------------------------------------------------------------
    @property
    def optics_power_w(self) -> np.ndarray:
        """Modules, engines (incl. external laser share) and cable ends, W."""
        return sum((e.ports * e.figures.module_power_w for e in self.ends), np.zeros(self.sizing.shape))

    @property
    def host_serdes_power_w(self) -> np.ndarray:
        """Host SerDes of every link end (switch and NIC sides), W."""
        return sum((e.ports * e.figures.host_serdes_w for e in self.ends), np.zeros(self.sizing.shape))

    @property
    def switch_core_power_w(self) -> np.ndarray:
        """Switch ASIC core (non-SerDes) power, W."""
        return self.sizing.asics.sum(axis=0) * self.switch_core_w_per_asic

    @property
    def network_power_w(self) -> np.ndarray:
        """Optics + host SerDes + switch cores, W."""
        return self.optics_power_w + self.host_serdes_power_w + self.switch_core_power_w

    def per_boundary(self) -> dict[str, dict[str, Any]]:
        """Boundary name -> cables by medium, architectures, modules and cable lengths (scalars or lists)."""
        out: dict[str, dict[str, Any]] = {}
        for b in range(int(np.max(self.sizing.tiers))):
            row: dict[str, Any] = {m: _out(self.links_by_medium[m][b]) for m in MEDIA}
            row["architectures"] = sorted({f"{e.side}:{e.figures.architecture}" for e in self.ends
                                           if e.boundary == b and np.any(e.ports)})
            row["modules"] = _out(sum((e.modules for e in self.ends if e.boundary == b), 0))
            row["max_length_m"] = _out(self.lengths.max_m[b])
            row["mean_length_m"] = _out(self.lengths.mean_m[b])
            out[BOUNDARY_NAMES[b]] = row
        return out

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready counts and power (W) of this option."""
        gpus = np.maximum(self.sizing.gpus, 1)
        return {
            "option": self.option.name,
            "label": self.option.label,
            "switches": _out(self.switches),
            "links": _out(self.links),
            "copper_cables": _out(self.copper_cables),
            "optical_links": _out(self.optical_links),
            "modules": _out(self.modules),
            "modules_per_gpu": _out(self.modules / gpus),
            "optical_engines": _out(self.optical_engines),
            "lasers": _out(self.lasers),
            "external_laser_modules": _out(self.external_laser_modules),
            "fibers": _out(self.fibers),
            "fiber_km": _out(self.fiber_km),
            "optics_power_w": _out(self.optics_power_w),
            "host_serdes_power_w": _out(self.host_serdes_power_w),
            "switch_core_power_w": _out(self.switch_core_power_w),
            "network_power_w": _out(self.network_power_w),
            "per_boundary": self.per_boundary(),
            "sources": list(self.sources),
            "notes": list(self.notes),
        }


def _out(x: Any) -> Any:
    arr = np.asarray(x)
    if arr.ndim == 0:
        return arr.item()
    return arr.tolist()


def copper_usable_reach_m(option: InterconnectOption, port_rate_bps: float) -> tuple[float, PortFigures]:
    """(usable copper reach in m, port figures there): the longest of 95 %, 90 %, 80 % of the solver's
    reach (rounded down to the centimetre) at which the package layer closes the copper link, so that
    every copper cable the fabric plans has margin >= 0."""
    from cposim.errors import PhysicsError

    nominal = option.figures(option.copper_architecture, port_rate_bps=port_rate_bps)
    last: Exception | None = None
    for share in (0.95, 0.90, 0.80):
        reach = float(np.floor(share * nominal.reach_m * 100.0) / 100.0)
        try:
            return reach, option.figures(option.copper_architecture, port_rate_bps=port_rate_bps, length_m=reach)
        except (PhysicsError, ConfigError) as err:
            last = err
    raise PhysicsError(f"{option.copper_architecture}: no usable copper length below its reach "
                       f"({nominal.reach_m:g} m): {last}")


def _reach_error(boundary: int, longest: float, reach: float, what: str) -> ConfigError:
    return ConfigError(f"{BOUNDARY_NAMES[boundary]} cable", longest,
                       f"is longer than the {reach:g} m reach of {what}; add a long_reach_architecture (e.g. "
                       f"dsp-fr, 2 km) or a denser floor plan", unit="m")


def build_inventory(sizing: Sizing, option: InterconnectOption | str, *, lengths: TierLengths | None = None) -> Inventory:
    """Count everything ``option`` needs on the fabric ``sizing`` (module docstring).

    Raises:
        ConfigError: a cable longer than every reach of the option; an architecture that is not
            modelled at the port or lane rate (from the package layer).
    """
    from cposim.package.switch import SwitchAsic

    opt = get_option(option)
    lengths = lengths or tier_lengths(sizing)
    spec = sizing.spec
    bundle = sizing.bundle
    rate = float(spec.port_rate_bps) * bundle
    shape = sizing.shape
    links = sizing.links
    nic = opt.figures(opt.nic_architecture, port_rate_bps=rate, ports_per_module=opt.nic_ports_per_module)
    sw = opt.figures(opt.switch_architecture, port_rate_bps=rate, ports_per_module=opt.switch_ports_per_module)
    long_nic = long_sw = None
    if opt.long_reach_architecture:
        long_nic = opt.figures(opt.long_reach_architecture, port_rate_bps=rate, ports_per_module=opt.nic_ports_per_module)
        long_sw = opt.figures(opt.long_reach_architecture, port_rate_bps=rate,
                              ports_per_module=opt.switch_ports_per_module)
    present = lengths.present

    copper = None
    frac_cu = np.zeros((MAX_TIERS,) + shape)
    if opt.copper_architecture:
        cu_reach, copper = copper_usable_reach_m(opt, rate)
        frac_cu = lengths.fraction_within(cu_reach)
        if not np.any(frac_cu > 0):
            copper = None

    ends: list[EndGroup] = []
    by_medium = {m: np.zeros((MAX_TIERS,) + shape, dtype=np.int64) for m in MEDIA}
    notes: list[str] = []
    for b in range(MAX_TIERS):
        if not np.any(present[b]):
            continue
        lower = nic if b == 0 else sw
        upper = sw
        lower_long = long_nic if b == 0 else long_sw
        reach = min(lower.reach_m, upper.reach_m)
        frac_opt = np.maximum(lengths.fraction_within(reach)[b], frac_cu[b])
        longest = float(np.max(np.where(present[b], lengths.max_m[b], 0.0)))
        if longest > reach:
            if long_sw is None:
                raise _reach_error(b, longest, reach, f"{lower.label} / {upper.label}")
            if longest > long_sw.reach_m:
                raise _reach_error(b, longest, long_sw.reach_m, long_sw.label)
            notes.append(f"{BOUNDARY_NAMES[b]}: cables beyond {reach:g} m use {long_sw.label}")
        n = np.where(present[b], links[b], 0)
        n_cu = np.rint(n * frac_cu[b]).astype(np.int64)
        n_opt = np.maximum(np.rint(n * frac_opt).astype(np.int64) - n_cu, 0)
        n_long = n - n_cu - n_opt
        by_medium["copper"][b] = n_cu
        by_medium["optical"][b] = n_opt
        by_medium["long"][b] = n_long
        lower_side, lower_tier = ("nic", -1) if b == 0 else ("lower", b - 1)
        lower_ppm = opt.nic_ports_per_module if b == 0 else opt.switch_ports_per_module
        groups = [
            ("copper", copper, copper, n_cu),
            ("optical", lower, upper, n_opt),
            ("long", lower_long, long_sw, n_long),
        ]
        for medium, f_low, f_up, count in groups:
            if f_low is None or not np.any(count):
                continue
            for side, tier, fig, ppm in ((lower_side, lower_tier, f_low, lower_ppm),
                                          ("upper", b, f_up, opt.switch_ports_per_module)):
                pluggable = fig.medium == "optical" and not fig.engine
                modules = -(-count // ppm) if pluggable else np.zeros_like(count)
                ends.append(EndGroup(boundary=b, side=side, tier=tier, medium=medium, figures=fig, ports=count,
                                     ports_per_module=ppm if pluggable else 1, modules=modules))

    engines = np.zeros((MAX_TIERS,) + shape, dtype=np.int64)
    if sw.engine:
        per_box = -(-int(spec.radix) * sw.lanes // sw.engine_lanes)
        engines = sizing.switch_boxes * per_box
    nic_engines = np.zeros(shape, dtype=np.int64)
    if nic.engine:
        phys_ports_per_gpu = max(int(spec.ports_per_gpu) // bundle, 1)
        per_gpu = -(-phys_ports_per_gpu * nic.lanes // nic.engine_lanes)
        nic_engines = sizing.gpus * per_gpu
    asic = SwitchAsic(capacity_bps=int(spec.radix) * float(spec.port_rate_bps))
    core = float(asic.core_power_w)
    sources = list(asic.source_ids())
    for f in (nic, sw, long_sw, copper):
        if f is not None:
            sources.extend(f.sources)
    sources.extend(lengths.plan.source_ids())
    if not asic.power_published:
        notes.append(f"switch ASIC core power at {float(asic.capacity_bps) / 1e12:g} Tb/s is extrapolated (CPS-PKG-02)")
    return Inventory(option=opt, sizing=sizing, lengths=lengths, physical_port_rate_bps=rate, ends=tuple(ends),
                     links_by_medium=by_medium, engines_by_tier=engines, nic_engines=nic_engines,
                     switch_core_w_per_asic=core, sources=tuple(dict.fromkeys(sources)), notes=tuple(notes))
