"""A switch package: the ASIC, its SerDes, and the optics or cables of one architecture.

ASIC core power (everything but the SerDes), an estimate anchored on the one published
merchant-switch figure: Broadcom TH5, 51.2 Tb/s, about 500 W (PWR-18, i.e. 9.8 pJ/bit,
PWR-19) with 512 SerDes lanes of 106.25 Gb/s. Their power is not published (SER-19); they
are long-reach capable, so cposim removes 512 LR-class SerDes (``cposim.devices.serdes``)::

    core(51.2T)  = 500 W - 512 x P_serdes(LR, 106.25 Gb/s)                (CPS-PKG-01)
    core(C)      = core(51.2T) x g ** log2(C / 51.2T),  g = 1.1           (CPS-PKG-02)

``g`` is the TH4 -> TH5 step (+10 % power for twice the capacity, PWR-18/TRD-03). Broadcom
has not published TH6 (102.4 Tb/s) power (PWR-20), nor is there any 204.8 Tb/s part: those
core powers are extrapolations.

Then, per switch (payload per direction; one end of each link is this switch's port)::

    ports        = capacity / port rate
    total power  = core + ports x power per port     (port: module/engine/cable end, the
                                                      external laser share, this switch's
                                                      host SerDes; see cposim.package.port_result)
    SerDes count = host electrical lanes of all ports

For co-packaged optics the engines go around the package (``cposim.package.shoreline``):
engine capacity 3.2T at 100G/lane (OIF module, STD-17), 6.4T at 200G/lane (Broadcom
Davisson, SYS-BC-08), 12.8T at 400G/lane (extrapolation), or as given (e.g. 1.6T Quantum-X,
SYS-NV-13; 3.2T Spectrum-X, SYS-NV-14). Engine power density (W/cm^2) is set against the
~8 W/cm^2 the OIF 3.2T module reaches at 10 pJ/bit (LIM-11). Pluggables and cables use the
front panel (``cposim.package.faceplate``). Fans, power supplies and the CPU are not counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from cposim.devices.base import Model, param
from cposim.devices.serdes import LANE_RATE_100G_BPS, Serdes
from cposim.errors import ConfigError, PhysicsError
from cposim.package.architectures import evaluate_port, get_architecture
from cposim.package.faceplate import Faceplate, FaceplatePlan, faceplate_plan
from cposim.package.port_result import PortResult
from cposim.package.shoreline import PackageEdge, ShorelinePlan, plan_shoreline
from cposim.validation import check_number

#: Capacity -> (payload per lane, port rate) defaults, bit/s.
DEFAULT_LANE_AND_PORT = {51.2e12: (100e9, 800e9), 102.4e12: (200e9, 1.6e12), 204.8e12: (400e9, 3.2e12)}
#: Lane payload rate -> default optical-engine capacity, bit/s, and its source.
DEFAULT_ENGINE = {100e9: (3.2e12, "STD-17"), 200e9: (6.4e12, "SYS-BC-08"), 400e9: (12.8e12, "CPS-PKG-05")}
#: Engine power density of the OIF 3.2T module at 10 pJ/bit, W/cm^2 (LIM-11), for context.
OIF_MODULE_POWER_DENSITY_W_PER_CM2 = 8.0


@dataclass(frozen=True, kw_only=True)
class SwitchAsic(Model):
    """Switch ASIC capacity and core (non-SerDes) power.

    Parameters (SI):
        capacity_bps: switching capacity per direction, bit/s (102.4e12, SYS-BC-08, SYS-NV-15).
        anchor_power_w: published chip power of the anchor ASIC, W (500, TH5, PWR-18).
        anchor_capacity_bps: its capacity, bit/s (51.2e12, PWR-18).
        anchor_serdes_lanes: its SerDes lanes (512 x 106.25 Gb/s, PWR-19).
        core_growth_per_doubling: core power factor per capacity doubling (1.1, CPS-PKG-02).

    Outputs: anchor_serdes_power_w (W, 512 LR-class lanes), anchor_core_power_w (W),
    core_power_w (W), core_energy_pj_per_bit (pJ/bit per direction), power_published (bool:
    only the anchor capacity has a published power).
    """

    capacity_bps: float = param(102.4e12, unit="bit/s", sources=("SYS-BC-08", "SYS-NV-15"), lo=1e12, hi=1e15)
    anchor_power_w: float = param(500.0, unit="W", sources=("PWR-18",), lo=1.0, hi=1e4)
    anchor_capacity_bps: float = param(51.2e12, unit="bit/s", sources=("PWR-18",), lo=1e12, hi=1e15)
    anchor_serdes_lanes: int = param(512, unit="1", sources=("PWR-19",), lo=1, hi=1e5, integer=True)
    core_growth_per_doubling: float = param(1.1, unit="1", sources=("CPS-PKG-02", "TRD-03"), lo=0.5, hi=2.0)

    outputs: ClassVar[tuple[str, ...]] = ("anchor_serdes_power_w", "anchor_core_power_w", "core_power_w",
                                          "core_energy_pj_per_bit")
    formula_sources: ClassVar[tuple[str, ...]] = ("CPS-PKG-01", "CPS-SER-14", "PWR-20")

    def _check(self) -> None:
        if np.any(np.asarray(self.anchor_core_power_w) <= 0):
            raise PhysicsError(
                f"SwitchAsic: the anchor's SerDes ({float(np.max(self.anchor_serdes_power_w)):g} W) draw at least "
                f"the whole chip power ({float(np.min(self.anchor_power_w)):g} W); nothing is left for the core")

    @property
    def anchor_serdes_power_w(self) -> Any:
        """Power of the anchor's SerDes: lanes x one LR-class 106.25 Gb/s lane end, W."""
        lane = Serdes(reach_class="lr", lane_rate_bps=LANE_RATE_100G_BPS)
        return np.asarray(self.anchor_serdes_lanes) * float(lane.power_w)

    @property
    def anchor_core_power_w(self) -> Any:
        """Anchor chip power minus its SerDes, W."""
        return np.asarray(self.anchor_power_w) - self.anchor_serdes_power_w

    @property
    def core_power_w(self) -> Any:
        """Core power at ``capacity_bps``, W (extrapolated away from the anchor capacity)."""
        doublings = np.log2(np.asarray(self.capacity_bps) / np.asarray(self.anchor_capacity_bps))
        return self.anchor_core_power_w * np.power(np.asarray(self.core_growth_per_doubling), doublings)

    @property
    def core_energy_pj_per_bit(self) -> Any:
        """Core power per per-direction bit, pJ/bit."""
        return self.core_power_w / np.asarray(self.capacity_bps) * 1e12

    @property
    def power_published(self) -> bool:
        """True only at the anchor capacity (PWR-18); 102.4T has no published power (PWR-20)."""
        return bool(np.all(np.isclose(self.capacity_bps, self.anchor_capacity_bps)))


@dataclass(frozen=True)
class SwitchResult:
    """A switch of one architecture, W and counts (per direction rates).

    Attributes:
        asic: the :class:`SwitchAsic`; architecture: registry name; port: the per-port result.
        ports: front-panel (or engine) ports; serdes_count: host electrical lanes.
        core_power_w, host_serdes_power_w, optics_power_w (modules/engines/cable ends incl.
        the external laser share), laser_power_w (part of optics), total_power_w: W.
        power_per_port_w: total / ports, W; energy_pj_per_bit: total / capacity, pJ/bit.
        lasers, fibers, fiber_attach_units, external_laser_modules: counts.
        shoreline: engine placement (co-packaged only); faceplate: front panel (pluggables,
        cables, near-packaged fibers); engine_power_w / engine_power_density_w_per_cm2 (CPO).
        package_power_density_w_per_cm2: (core + SerDes + engines) / substrate area (CPO).
        notes, sources.
    """

    asic: SwitchAsic
    architecture: str
    port: PortResult
    ports: int
    serdes_count: int
    core_power_w: float
    host_serdes_power_w: float
    optics_power_w: float
    laser_power_w: float
    total_power_w: float
    lasers: float
    fibers: float
    fiber_attach_units: int
    external_laser_modules: int
    shoreline: ShorelinePlan | None
    faceplate: FaceplatePlan | None
    engine_power_w: float | None
    engine_power_density_w_per_cm2: float | None
    package_power_density_w_per_cm2: float | None
    notes: tuple[str, ...] = field(default_factory=tuple)
    sources: tuple[str, ...] = field(default_factory=tuple)

    @property
    def power_per_port_w(self) -> float:
        """Total switch power over its ports, W."""
        return self.total_power_w / self.ports

    @property
    def energy_pj_per_bit(self) -> float:
        """Total switch power over its capacity per direction, pJ/bit."""
        return self.total_power_w / float(self.asic.capacity_bps) * 1e12

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data (units in the key names)."""
        out: dict[str, Any] = {
            "architecture": self.architecture,
            "capacity_bps": float(self.asic.capacity_bps),
            "lane_rate_bps": self.port.lane_rate_bps,
            "port_rate_bps": self.port.port_rate_bps,
            "ports": self.ports,
            "serdes_count": self.serdes_count,
            "host_serdes_class": self.port.host_serdes_class,
            "asic_core_power_w": self.core_power_w,
            "asic_core_power_published": self.asic.power_published,
            "host_serdes_power_w": self.host_serdes_power_w,
            "optics_power_w": self.optics_power_w,
            "laser_power_w": self.laser_power_w,
            "total_power_w": self.total_power_w,
            "power_per_port_w": self.power_per_port_w,
            "energy_pj_per_bit": self.energy_pj_per_bit,
            "port_power_w": float(self.port.power_w_per_port),
            "lasers": self.lasers,
            "fibers": self.fibers,
            "fiber_attach_units": self.fiber_attach_units,
            "external_laser_modules": self.external_laser_modules,
            "engine_power_w": self.engine_power_w,
            "engine_power_density_w_per_cm2": self.engine_power_density_w_per_cm2,
            "package_power_density_w_per_cm2": self.package_power_density_w_per_cm2,
            "shoreline": None if self.shoreline is None else dict(self.shoreline.__dict__),
            "faceplate": None if self.faceplate is None else dict(self.faceplate.__dict__),
            "extrapolated": self.port.extrapolated or not self.asic.power_published,
            "notes": list(self.notes),
            "sources": list(self.sources),
        }
        return out


def default_lane_and_port(capacity_bps: float, architecture: str) -> tuple[float, float]:
    """Default (payload per lane, port rate), bit/s, for a capacity and architecture: the
    capacity's generation (100G/800G at 51.2T, 200G/1.6T at 102.4T, 400G/3.2T at 204.8T),
    stepped down to the fastest lane rate the architecture is modelled at."""
    arch = get_architecture(architecture)
    lane, port = (200e9, 1.6e12)
    for cap, pair in DEFAULT_LANE_AND_PORT.items():
        if np.isclose(capacity_bps, cap):
            lane, port = pair
    while lane not in arch.lane_rates_bps:
        lane, port = lane / 2.0, port / 2.0
    return lane, port


def switch_model(
    capacity_bps: float,
    architecture: str,
    *,
    lane_rate_bps: float | None = None,
    port_rate_bps: float | None = None,
    engine_capacity_bps: float | None = None,
    asic: SwitchAsic | None = None,
    edge: PackageEdge | None = None,
    faceplate: Faceplate | None = None,
    fibers_per_attach: int = 16,
) -> SwitchResult:
    """Build a switch of ``architecture`` at ``capacity_bps`` (see the module docstring).

    Args:
        capacity_bps: switch capacity per direction, bit/s (e.g. 102.4e12).
        architecture: an architecture name or alias (``cpo``, ``dsp-dr``, ``dac``, ...).
        lane_rate_bps, port_rate_bps: payload per lane and per port, bit/s (defaults by
            capacity, :func:`default_lane_and_port`).
        engine_capacity_bps: optical-engine capacity for co-packaged optics, bit/s
            (default by lane rate: 3.2T / 6.4T / 12.8T).
        asic, edge, faceplate: override the ASIC, package and front-panel models.
        fibers_per_attach: fibers per engine fiber-attach unit (16, CPS-PKG-09).

    Raises:
        ConfigError: inconsistent rates (a capacity that is not whole ports, ports not whole
            lanes, engines not whole).
        PhysicsError: more optical engines than the package perimeter holds; a copper port
            that cannot close (from the per-port model).
    """
    cap = check_number("capacity_bps", capacity_bps, unit="bit/s", lo=1e12, hi=1e15)
    arch = get_architecture(architecture)
    lane_default, port_default = default_lane_and_port(cap, arch.name)
    lane = float(lane_rate_bps) if lane_rate_bps is not None else lane_default
    port_rate = float(port_rate_bps) if port_rate_bps is not None else (
        port_default if lane_rate_bps is None else 8 * lane)
    ports = _whole_ports(cap, port_rate)
    asic = (asic or SwitchAsic()).replace(capacity_bps=cap)
    port = evaluate_port(arch.name, port_rate_bps=port_rate, lane_rate_bps=lane)
    per_port = _scalar(port.power_w_per_port)
    host = _scalar(port.breakdown_w["host_serdes"]) * ports
    laser = _scalar(port.breakdown_w["laser"]) * ports
    optics = per_port * ports - host
    core = float(asic.core_power_w)
    total = core + host + optics
    lasers = _scalar(port.lasers_per_port) * ports
    fibers = _scalar(port.fibers_per_port) * ports
    notes = []
    if not asic.power_published:
        notes.append(f"ASIC core power at {cap / 1e12:g} Tb/s is an extrapolation from TH5 (CPS-PKG-02): only "
                     "51.2T has a published power (PWR-18); Broadcom published none for TH6 at 102.4T (PWR-20)")
    if port.extrapolated:
        notes.append("400G/lane numbers are extrapolations (CPS-ARC-*)")
    sources = list(asic.source_ids()) + list(port.sources)

    shoreline = None
    engine_power = engine_density = package_density = None
    attach = 0
    els_modules = 0
    if arch.name.startswith("cpo"):
        eng_cap, eng_src = DEFAULT_ENGINE[lane] if engine_capacity_bps is None else (float(engine_capacity_bps), "USER")
        edge = edge or PackageEdge()
        try:
            shoreline = plan_shoreline(capacity_bps=cap, engine_capacity_bps=eng_cap, lane_rate_bps=lane, edge=edge)
        except PhysicsError as err:
            raise PhysicsError(f"{arch.label} switch of {cap / 1e12:g} Tb/s at {lane / 1e9:g}G/lane with "
                               f"{eng_cap / 1e12:g}T engines: {err}") from None
        lanes_per_port = port.lanes
        engine_power = (optics - laser) / (ports * lanes_per_port) * shoreline.lanes_per_engine
        engine_density = engine_power / (shoreline.engine_area_m2 * 1e4)
        package_density = (core + host + engine_power * shoreline.engines) / (float(edge.substrate_area_m2) * 1e4)
        fibers_per_engine = fibers / shoreline.engines
        attach = shoreline.engines * int(np.ceil(fibers_per_engine / fibers_per_attach - 1e-9))
        sources += [eng_src, "CPS-PKG-09", "LIM-11"] + list(edge.source_ids())
    else:
        if engine_capacity_bps is not None:
            raise ConfigError("engine_capacity_bps", engine_capacity_bps,
                              f"applies only to co-packaged optics, not to {arch.label}", unit="bit/s")
    if arch.name == "npo":
        notes.append("near-packaged engines sit on the host board: no package shoreline or front-panel cage plan "
                     "is modelled for them")
    faceplate_out = None
    if arch.name.startswith(("dsp", "lpo", "lro")) or arch.medium == "copper":
        fp = faceplate or Faceplate()
        faceplate_out = faceplate_plan(ports=ports, port_rate_bps=port_rate, faceplate=fp)
        sources += list(fp.source_ids())
    laser_fibers = _scalar(port.laser_fibers_per_port) * ports
    if laser_fibers > 0:
        per_module = int(port.extras.get("laser_fibers_per_module", 8))
        els_modules = int(np.ceil(laser_fibers / per_module - 1e-9))
        sources.append("LAS-14")
    return SwitchResult(
        asic=asic, architecture=arch.name, port=port, ports=ports,
        serdes_count=int(port.host_electrical_lanes) * ports,
        core_power_w=core, host_serdes_power_w=host, optics_power_w=optics, laser_power_w=laser,
        total_power_w=total, lasers=lasers, fibers=fibers, fiber_attach_units=attach,
        external_laser_modules=els_modules, shoreline=shoreline, faceplate=faceplate_out,
        engine_power_w=engine_power, engine_power_density_w_per_cm2=engine_density,
        package_power_density_w_per_cm2=package_density, notes=tuple(notes),
        sources=tuple(dict.fromkeys(sources)),
    )


def _whole_ports(capacity_bps: float, port_rate_bps: float) -> int:
    port = check_number("port_rate_bps", port_rate_bps, unit="bit/s", lo=1e9, hi=capacity_bps)
    n = capacity_bps / port
    if abs(n - round(n)) > 1e-9 * n:
        raise ConfigError("capacity_bps", capacity_bps,
                          f"is not a whole number of {port / 1e9:g}G ports; choose a port rate that divides it",
                          unit="bit/s")
    return int(round(n))


def _scalar(x: Any) -> float:
    arr = np.asarray(x, dtype=float)
    if arr.ndim:
        raise ConfigError("switch", "array", "needs scalar per-port results; sweep with cposim.package.compare")
    return float(arr)
