"""Interconnect options for a fabric, built from the package layer's per-port results.

An option says which architecture sits at each end of a link (switch ports, GPU NIC ports),
which copper cable serves links short enough for it, which longer-reach optics serve links
beyond the primary class reach, how many ports share one pluggable module (twin-port OSFP =
2), and optionally a user power per module or per co-packaged port. Every per-port number
(power by contributor, lasers, fibers, reach) comes from
:func:`cposim.package.architectures.evaluate_port`, evaluated ONCE per (architecture, port rate,
lane rate, length, overrides) and cached; the fabric only multiplies counts by them.

Added here because the package layer does not offer them per port:

* ``engine_lanes``: lanes of one optical engine (co-packaged / near-packaged), from the
  package's default engine capacity per lane rate (:data:`cposim.package.switch.DEFAULT_ENGINE`:
  3.2T at 100G/lane STD-17, 6.4T at 200G/lane SYS-BC-08, 12.8T at 400G/lane CPS-PKG-05).
* ``laser_fibers_per_els``: laser-feed fibers per external laser module, from the port result's
  ``extras["laser_fibers_per_module"]`` (LAS-14) as :func:`cposim.package.switch.switch_model`
  does.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping

import numpy as np

from cposim.errors import ConfigError
from cposim.validation import check_number
from cposim.references.sampling import sample_aware_cache

#: Architectures whose ports are optical engines (not pluggable modules).
ENGINE_ARCHITECTURES = ("cpo-mrm", "cpo-dr", "npo")


@dataclass(frozen=True)
class PortFigures:
    """Per-port numbers of one architecture at one port rate (from ``evaluate_port``).

    Attributes:
        architecture, label: package registry name and display name.
        medium: ``optical`` or ``copper``; engine: True for co-/near-packaged engines.
        port_rate_bps, lane_rate_bps: payload per direction, bit/s; lanes: lanes per port.
        port_power_w: module/engine/cable end plus host SerDes, W per port (one end, both directions).
        module_power_w: without host SerDes (incl. the external laser share), W per port.
        host_serdes_w: host SerDes share, W per port.
        laser_w: laser contributor (part of module_power_w), W per port.
        lasers_per_port, signal_fibers_per_port, laser_fibers_per_port: counts per port.
        laser_fibers_per_els: laser-feed fibers per external laser module (0 without one).
        engine_lanes: lanes per optical engine (0 for pluggables and copper).
        reach_m: longest link, m; margin_db: margin at the evaluated length, dB.
        sources: reference ids; notes: caveats.
    """

    architecture: str
    label: str
    medium: str
    engine: bool
    port_rate_bps: float
    lane_rate_bps: float
    lanes: int
    port_power_w: float
    module_power_w: float
    host_serdes_w: float
    laser_w: float
    lasers_per_port: float
    signal_fibers_per_port: float
    laser_fibers_per_port: float
    laser_fibers_per_els: int
    engine_lanes: int
    reach_m: float
    margin_db: float
    sources: tuple[str, ...]
    notes: tuple[str, ...] = ()

    def with_module_power(self, module_power_w: float, source: str) -> "PortFigures":
        """A copy whose module power per port (W) is set by the user; port power follows."""
        p = float(check_number(f"{self.architecture}.module_power_w", module_power_w, unit="W", lo=0.0, hi=1e4))
        return replace(self, module_power_w=p, port_power_w=p + self.host_serdes_w,
                       sources=tuple(dict.fromkeys(self.sources + (source,))))


def _scalar(name: str, x: Any) -> float:
    arr = np.asarray(x, dtype=float)
    if arr.ndim:
        raise ConfigError(name, "array", "the fabric needs one value per port; sweep arrays in cposim.package.compare")
    return float(arr)


@sample_aware_cache(maxsize=512)
def _evaluate_cached(architecture: str, port_rate_bps: float, lane_rate_bps: float, length_m: float | None,
                     overrides: tuple[tuple[str, Any], ...]) -> PortFigures:
    from cposim.package.architectures import evaluate_port, get_architecture
    from cposim.package.switch import DEFAULT_ENGINE

    arch = get_architecture(architecture)
    r = evaluate_port(arch.name, port_rate_bps=port_rate_bps, lane_rate_bps=lane_rate_bps, length_m=length_m,
                      overrides=dict(overrides) or None)
    engine = arch.name in ENGINE_ARCHITECTURES
    engine_lanes = 0
    sources = list(r.sources)
    if engine:
        cap, src = DEFAULT_ENGINE[r.lane_rate_bps]
        engine_lanes = int(round(cap / r.lane_rate_bps))
        sources.append(src)
    laser_fibers = _scalar("laser_fibers_per_port", r.laser_fibers_per_port)
    per_els = int(r.extras.get("laser_fibers_per_module", 0)) if laser_fibers > 0 else 0
    if per_els:
        sources.append("LAS-14")
    return PortFigures(
        architecture=arch.name, label=arch.label, medium=arch.medium, engine=engine,
        port_rate_bps=float(r.port_rate_bps), lane_rate_bps=float(r.lane_rate_bps), lanes=int(r.lanes),
        port_power_w=_scalar("power_w_per_port", r.power_w_per_port),
        module_power_w=_scalar("module_power_w", r.module_power_w),
        host_serdes_w=_scalar("host_serdes", r.breakdown_w["host_serdes"]),
        laser_w=_scalar("laser", r.breakdown_w["laser"]),
        lasers_per_port=_scalar("lasers_per_port", r.lasers_per_port),
        signal_fibers_per_port=_scalar("signal_fibers_per_port", r.signal_fibers_per_port),
        laser_fibers_per_port=laser_fibers, laser_fibers_per_els=per_els, engine_lanes=engine_lanes,
        reach_m=_scalar("reach_m", r.reach_m), margin_db=_scalar("margin_db", r.margin_db),
        sources=tuple(dict.fromkeys(sources)), notes=tuple(r.notes),
    )


def port_figures(architecture: str, *, port_rate_bps: float, lane_rate_bps: float, length_m: float | None = None,
                 overrides: Mapping[str, Any] | None = None) -> PortFigures:
    """Per-port figures of ``architecture`` (cached: one ``evaluate_port`` call per distinct input).

    Raises:
        ConfigError / PhysicsError: from the package layer (rate not modelled, beyond reach, ...).
    """
    items = tuple(sorted((overrides or {}).items()))
    for _, v in items:
        if np.ndim(v):
            raise ConfigError("overrides", v, "must be scalars in a fabric option (one value per port)")
    length = None if length_m is None else round(float(length_m), 3)
    return _evaluate_cached(str(architecture), float(port_rate_bps), float(lane_rate_bps), length, items)


def default_lane_rate_bps(port_rate_bps: float) -> float:
    """Lane payload rate for a port rate, bit/s: 100G/lane up to 400G ports (DR4, STD-07), 200G/lane
    above (802.3dj 200G/lane, STD-06)."""
    return 100e9 if port_rate_bps <= 400e9 * (1 + 1e-9) else 200e9


@dataclass(frozen=True)
class InterconnectOption:
    """One way to build the links of a fabric.

    Attributes:
        name, label: key and display text.
        switch_architecture: architecture at switch ports (package registry name or alias).
        nic_architecture: architecture at GPU NIC ports.
        copper_architecture: copper cable used for links no longer than its reach (None: no copper).
        long_reach_architecture: optics for links beyond the primary class reach (None: such a
            link is an error).
        lane_rate_bps: lane payload rate, bit/s (None: :func:`default_lane_rate_bps`).
        switch_ports_per_module, nic_ports_per_module: ports sharing one pluggable module
            (twin-port OSFP: 2; CPS-FAB-03, CPS-FAB-39).
        module_power_w: user power per pluggable optical module, W (None: from the package layer).
        engine_port_power_w: user power per co-/near-packaged port incl. laser share, W (None: package).
        power_source: source id cited for the two user powers (``USER`` by default; e.g.
            ``SYS-NV-08`` for 30 W per 1.6T module, ``SYS-NV-09`` for 9 W per CPO port).
        overrides: parameter path -> value passed to ``evaluate_port`` for every optical port.
        module_fit, engine_fit: user failure rates (FIT, without lasers) of one pluggable module /
            one optical engine (None: :class:`cposim.fabric.reliability.ReliabilityParams`).
    """

    name: str
    label: str
    switch_architecture: str
    nic_architecture: str
    copper_architecture: str | None = None
    long_reach_architecture: str | None = "dsp-fr"
    lane_rate_bps: float | None = None
    switch_ports_per_module: int = 1
    nic_ports_per_module: int = 1
    module_power_w: float | None = None
    engine_port_power_w: float | None = None
    power_source: str = "USER"
    overrides: tuple[tuple[str, Any], ...] = field(default_factory=tuple)
    module_fit: float | None = None
    engine_fit: float | None = None

    def __post_init__(self) -> None:
        from cposim.package.architectures import get_architecture

        for attr in ("switch_architecture", "nic_architecture"):
            arch = get_architecture(getattr(self, attr))
            if arch.medium != "optical":
                raise ConfigError(f"option.{attr}", getattr(self, attr),
                                  "must be optical; name copper cables in copper_architecture")
            object.__setattr__(self, attr, arch.name)
        if self.copper_architecture is not None:
            arch = get_architecture(self.copper_architecture)
            if arch.medium != "copper":
                raise ConfigError("option.copper_architecture", self.copper_architecture, "is not a copper cable")
            object.__setattr__(self, "copper_architecture", arch.name)
        if self.long_reach_architecture is not None:
            arch = get_architecture(self.long_reach_architecture)
            if arch.medium != "optical" or arch.name in ENGINE_ARCHITECTURES:
                raise ConfigError("option.long_reach_architecture", self.long_reach_architecture,
                                  "must be pluggable optics (e.g. dsp-fr)")
            object.__setattr__(self, "long_reach_architecture", arch.name)
        for attr in ("switch_ports_per_module", "nic_ports_per_module"):
            check_number(f"option.{attr}", getattr(self, attr), lo=1, hi=16, integer=True)
        if self.lane_rate_bps is not None:
            check_number("option.lane_rate_bps", self.lane_rate_bps, unit="bit/s", lo=1e9, hi=2e12)
        if self.module_power_w is not None:
            check_number("option.module_power_w", self.module_power_w, unit="W", lo=0.0, hi=1e4)
        if self.engine_port_power_w is not None:
            check_number("option.engine_port_power_w", self.engine_port_power_w, unit="W", lo=0.0, hi=1e4)
        for attr in ("module_fit", "engine_fit"):
            if getattr(self, attr) is not None:
                check_number(f"option.{attr}", getattr(self, attr), unit="FIT", lo=0.0, hi=1e8)
        if (self.module_power_w is not None or self.engine_port_power_w is not None) and self.power_source != "USER":
            from cposim.references import get_source

            get_source(self.power_source)

    def lane_rate(self, port_rate_bps: float) -> float:
        """Lane payload rate at ``port_rate_bps``, bit/s."""
        return float(self.lane_rate_bps) if self.lane_rate_bps is not None else default_lane_rate_bps(port_rate_bps)

    def figures(self, architecture: str, *, port_rate_bps: float, ports_per_module: int = 1,
                length_m: float | None = None) -> PortFigures:
        """Per-port figures of one of this option's architectures, with the user powers applied:
        ``module_power_w / ports_per_module`` per pluggable optical port, ``engine_port_power_w``
        per engine port."""
        overrides = dict(self.overrides)
        from cposim.package.architectures import get_architecture

        if get_architecture(architecture).medium == "copper":
            overrides = {}
        f = port_figures(architecture, port_rate_bps=port_rate_bps, lane_rate_bps=self.lane_rate(port_rate_bps),
                         length_m=length_m, overrides=overrides)
        if f.medium == "optical" and not f.engine and self.module_power_w is not None:
            f = f.with_module_power(float(self.module_power_w) / ports_per_module, self.power_source)
        if f.engine and self.engine_port_power_w is not None:
            f = f.with_module_power(float(self.engine_port_power_w), self.power_source)
        return f

    def with_powers(self, *, module_power_w: float | None = None, engine_port_power_w: float | None = None,
                    source: str = "USER") -> "InterconnectOption":
        """A copy with user powers per module and/or per engine port (W) cited as ``source``."""
        return replace(self, module_power_w=module_power_w if module_power_w is not None else self.module_power_w,
                       engine_port_power_w=(engine_port_power_w if engine_port_power_w is not None
                                            else self.engine_port_power_w),
                       power_source=source)


#: Built-in options.
OPTIONS: dict[str, InterconnectOption] = {
    o.name: o
    for o in (
        InterconnectOption("dsp", "DSP pluggable DR, one module per link end", "dsp-dr", "dsp-dr"),
        InterconnectOption("dsp-twin", "DSP pluggable DR, twin-port modules at switches", "dsp-dr", "dsp-dr",
                           switch_ports_per_module=2),
        InterconnectOption("dsp-dac", "DSP pluggable DR, passive copper where it reaches", "dsp-dr", "dsp-dr",
                           copper_architecture="dac"),
        InterconnectOption("lpo", "Linear pluggable optics", "lpo", "lpo"),
        InterconnectOption("lro", "Linear receive, retimed transmit optics", "lro", "lro"),
        InterconnectOption("npo", "Near-packaged optics at switches, DSP pluggable at NICs", "npo", "dsp-dr"),
        InterconnectOption("cpo-switch", "Co-packaged DR engines at switches, DSP pluggable at NICs", "cpo-dr",
                           "dsp-dr"),
        InterconnectOption("cpo", "Co-packaged micro-ring engines at switches and NICs", "cpo-mrm", "cpo-mrm"),
    )
}

#: Options compared when none are named.
DEFAULT_OPTIONS = ("dsp", "cpo-switch", "cpo")


def option_names() -> list[str]:
    """Built-in option names."""
    return list(OPTIONS)


def get_option(name: str | InterconnectOption) -> InterconnectOption:
    """A built-in option by name (an :class:`InterconnectOption` passes through)."""
    if isinstance(name, InterconnectOption):
        return name
    from cposim.validation import check_choice

    check_choice("option", name, tuple(OPTIONS))
    return OPTIONS[name]
