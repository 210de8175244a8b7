"""Interconnect architectures per port, side by side: copper cables, DSP pluggables, linear
optics, near- and co-packaged engines. Each is built bottom-up from devices, link lanes and
electrical channels; nothing here is a per-architecture power number.

================ ================================================ ===================== ==============
name             what                                             host channel (Tx/Rx)  lane rates
================ ================================================ ===================== ==============
dac              passive direct-attach copper                     front panel           100G, 200G
acc              active copper, linear redriver at each end       front panel           100G, 200G
aec              active electrical cable, retimer at each end     front panel           100G, 200G
dsp-dr           DSP pluggable, DR (parallel SMF, 500 m)          front panel           100/200/400G
dsp-fr           DSP pluggable, FR (CWDM, duplex SMF, 2 km)       front panel           100G, 200G
lpo              linear pluggable optics                          LPO host (linear)     100G, 200G
lro              linear receive, retimed transmit                 front panel / LPO     100G, 200G
npo              near-packaged DR-style engine (linear)           near-packaged (lin.)  100/200/400G
cpo-mrm          co-packaged micro-ring WDM engine (linear)       co-packaged (linear)  100G, 200G
cpo-dr           co-packaged DR-style parallel engine (linear)    co-packaged (linear)  100/200/400G
cpo-mrm-retimed  cpo-mrm with a retimer (CDR) per lane in engine  co-packaged           100G, 200G
cpo-dr-retimed   cpo-dr with a retimer (CDR) per lane in engine   co-packaged           100G, 200G
================ ================================================ ===================== ==============

Linear engines (``unretimed``: LPO, NPO, cpo-mrm, cpo-dr) hold no CDR or DSP, so the far
host's SerDes transmitter drives the near host's SerDes receiver through both host channels
and the optical link: the host class is chosen from that series loss (CPS-LIN-01,
:mod:`cposim.package.host_interface`). The ``-retimed`` CPO variants hold a retimer per lane
(``engine_retimer``; CPS-LIN-04 from PWR-13/CPS-ARC-11) and each host sees only its own
short co-packaged channel.

Optical numbers come only from the link engine (:func:`cposim.link.engine.evaluate` on the
lane of :mod:`cposim.presets.architecture_lanes`); copper reach and margin and the host SerDes
class come from :mod:`cposim.electrical`. 400G per lane is an extrapolation (flagged
``extrapolated`` in every result; CPS-ARC-*).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from cposim.errors import ConfigError
from cposim.package.port_result import PortResult
from cposim.validation import check_choice, check_number


@dataclass(frozen=True)
class Architecture:
    """How one architecture is assembled.

    Attributes:
        name, label: registry key and display name.
        medium: ``optical`` or ``copper``.
        tx_host, rx_host: host channel kinds (``cposim.electrical.topologies``) seen by the host
            SerDes transmitter and receiver.
        lane_builder: name of the lane builder in :mod:`cposim.presets.architecture_lanes`
            (optical) or None.
        cable: ``passive``, ``acc`` or ``aec`` (copper) or None.
        wavelengths_per_fiber: signal wavelengths sharing one fiber (None: the lane's external
            laser source says); wavelengths_source: its source id.
        gearbox_400g: a module DSP that splits a 400G lane into two 200G host lanes.
        unretimed: nothing retimes between the two hosts (LPO, linear NPO/CPO engines): each
            host SerDes sees both ends' host channels and the optical link (CPS-LIN-01).
        engine_retimer: the engine holds a retimer (CDR) per lane (CPS-LIN-04), charged as
            the lane's ``dsp`` contributor.
        lane_rates_bps: payload rates per lane this architecture is modelled at, bit/s.
        sources: ids behind the architecture's structure.
    """

    name: str
    label: str
    medium: str
    tx_host: str
    rx_host: str
    lane_builder: str | None
    cable: str | None
    wavelengths_per_fiber: int | None
    wavelengths_source: str
    gearbox_400g: bool
    lane_rates_bps: tuple[float, ...]
    sources: tuple[str, ...]
    unretimed: bool = False
    engine_retimer: bool = False


_FP = "front_panel_pluggable"
_COPPER_RATES = (100e9, 200e9)

ARCHITECTURES: dict[str, Architecture] = {
    a.name: a
    for a in (
        Architecture("dac", "Passive DAC", "copper", _FP, _FP, None, "passive", None, "", False, _COPPER_RATES,
                     ("RCH-01", "RCH-04", "PWR-12")),
        Architecture("acc", "ACC (linear redriver)", "copper", _FP, _FP, None, "acc", None, "", False, _COPPER_RATES,
                     ("RCH-02", "CPS-ARC-10")),
        Architecture("aec", "AEC (retimed)", "copper", _FP, _FP, None, "aec", None, "", False, _COPPER_RATES,
                     ("RCH-03", "PWR-13")),
        Architecture("dsp-dr", "DSP pluggable DR", "optical", _FP, _FP, "dsp_dr_lane", None, 1, "STD-27", True,
                     (100e9, 200e9, 400e9), ("RCH-09", "STD-07")),
        Architecture("dsp-fr", "DSP pluggable FR", "optical", _FP, _FP, "dsp_fr_lane", None, 4, "STD-25", True,
                     (100e9, 200e9), ("RCH-10", "STD-25")),
        Architecture("lpo", "LPO", "optical", "lpo_host", "lpo_host", "lpo_lane", None, 1, "STD-27", False,
                     (100e9, 200e9), ("STD-19", "PWR-08"), unretimed=True),
        Architecture("lro", "LRO", "optical", _FP, "lpo_host", "lro_lane", None, 1, "STD-27", True,
                     (100e9, 200e9), ("SER-07", "PWR-11")),
        Architecture("npo", "NPO", "optical", "near_packaged", "near_packaged", "npo_dr_lane", None, 1, "STD-27",
                     False, (100e9, 200e9, 400e9), ("SER-06", "CPS-LIN-01"), unretimed=True),
        Architecture("cpo-mrm", "CPO micro-ring WDM", "optical", "co_packaged", "co_packaged", "cpo_mrm_wdm_lane",
                     None, None, "LAS-03", False, (100e9, 200e9), ("SYS-NV-13", "SYS-NV-07", "CPS-LIN-01"),
                     unretimed=True),
        Architecture("cpo-dr", "CPO DR parallel", "optical", "co_packaged", "co_packaged", "cpo_dr_els_lane",
                     None, 1, "STD-27", False, (100e9, 200e9, 400e9), ("SYS-BC-08", "SYS-NV-07", "CPS-LIN-01"),
                     unretimed=True),
        Architecture("cpo-mrm-retimed", "CPO micro-ring WDM, retimed engine", "optical", "co_packaged",
                     "co_packaged", "cpo_mrm_wdm_lane", None, None, "LAS-03", False, (100e9, 200e9),
                     ("SYS-NV-13", "SYS-NV-07", "CPS-LIN-04"), engine_retimer=True),
        Architecture("cpo-dr-retimed", "CPO DR parallel, retimed engine", "optical", "co_packaged", "co_packaged",
                     "cpo_dr_els_lane", None, 1, "STD-27", False, (100e9, 200e9),
                     ("SYS-BC-08", "SYS-NV-07", "CPS-LIN-04"), engine_retimer=True),
    )
}

#: Short names accepted wherever an architecture is named.
ALIASES = {"cpo": "cpo-mrm", "dsp": "dsp-dr", "pluggable": "dsp-dr", "passive-dac": "dac"}


def architecture_names() -> list[str]:
    """Registry names in table order."""
    return list(ARCHITECTURES)


def get_architecture(name: str) -> Architecture:
    """The architecture called ``name`` (or an alias); a ConfigError listing the names otherwise."""
    key = ALIASES.get(name, name)
    check_choice("architecture", key, tuple(ARCHITECTURES) + tuple(ALIASES))
    return ARCHITECTURES[ALIASES.get(key, key)]


def lanes_for_port(port_rate_bps: float, lane_rate_bps: float) -> int:
    """Lanes per port: ``port_rate / lane_rate``, which must be a whole number >= 1."""
    port = check_number("port_rate_bps", port_rate_bps, unit="bit/s", lo=1e9, hi=100e12)
    lane = check_number("lane_rate_bps", lane_rate_bps, unit="bit/s", lo=1e9, hi=2e12)
    ratio = port / lane
    if ratio < 1.0 - 1e-9 or abs(ratio - round(ratio)) > 1e-9:
        raise ConfigError("port_rate_bps", port,
                          f"is not a whole number of {lane / 1e9:g}G lanes; expected a multiple of "
                          f"{lane:g} bit/s", unit="bit/s")
    return int(round(ratio))


def evaluate_port(
    architecture: str,
    *,
    port_rate_bps: float = 1.6e12,
    lane_rate_bps: float = 200e9,
    length_m: float | None = None,
    overrides: Mapping[str, Any] | None = None,
    solve_reach: bool = True,
) -> PortResult:
    """Power, reach, margin, lasers and fibers of one port of ``architecture``.

    Args:
        architecture: a name of :data:`ARCHITECTURES` (or an alias such as ``cpo``).
        port_rate_bps: payload per direction, bit/s (1.6e12 for a 1.6T port).
        lane_rate_bps: payload per lane per direction, bit/s (100e9, 200e9, 400e9).
        length_m: link length, m; None evaluates optics at their class reach and copper at
            the nominal in-rack length (1 m, CPS-PKG-10). A length beyond the architecture's
            reach raises a ConfigError or PhysicsError that explains why.
        overrides: parameter path -> value (arrays broadcast). Optical: dotted paths into the
            lane (``dsp.energy_j_per_bit``, ``fiber.length_m``, ``source.power_offset_db``);
            copper: paths into :class:`~cposim.package.copper_port.CopperEnds` (``awg``,
            ``retimer.energy_j_per_bit``, ``redriver_energy_j_per_bit``); both: paths that
            start with ``host_serdes.`` change the chosen host SerDes.
        solve_reach: False skips the copper reach solve (a COM-lite bisection) when
            ``length_m`` is given: ``reach_m`` is then None, every other number the same
            (the Monte Carlo of ``--uncertainty`` uses it; reach is not one of its headlines).

    Raises:
        ConfigError: unknown architecture, a lane rate it is not modelled at, a port that is
            not a whole number of lanes, or a link longer than its reach.
        PhysicsError: a copper channel that cannot close (from ``cposim.electrical``).
    """
    arch = get_architecture(architecture)
    lanes = lanes_for_port(port_rate_bps, lane_rate_bps)
    payload = check_lane_rate(arch, float(lane_rate_bps))
    if length_m is not None:
        length_m = check_number(f"{arch.name}.length_m", length_m, unit="m", lo=0.0, lo_open=True, hi=1e5)
    if arch.medium == "copper":
        from cposim.package.copper_port import copper_port

        return copper_port(arch, port_rate_bps=float(port_rate_bps), payload_bps=payload, lanes=lanes,
                           length_m=length_m, overrides=overrides or {},
                           solve_reach=bool(solve_reach) or length_m is None)
    from cposim.package.optical_port import optical_port

    return optical_port(arch, port_rate_bps=float(port_rate_bps), payload_bps=payload, lanes=lanes,
                        length_m=length_m, overrides=overrides or {})


def check_lane_rate(arch: Architecture, value: float) -> float:
    """The modelled payload rate per lane (bit/s) equal to ``value``, or a ConfigError saying
    which rates the architecture is modelled at and, for 400G, why not."""
    for rate in arch.lane_rates_bps:
        if abs(value - rate) < 1e-6 * rate:
            return rate
    shown = ", ".join(f"{r / 1e9:g}G" for r in arch.lane_rates_bps)
    why = ""
    if arch.engine_retimer and abs(value - 400e9) < 1.0:
        why = (": the engine retimer (CPS-LIN-04, from the 112G mixed-signal retimer PWR-13) is not extrapolated "
               "to 400G/lane; the linear engine (without '-retimed') is")
    elif arch.lane_builder is not None and abs(value - 400e9) < 1.0:
        from cposim.presets.architecture_lanes import why_not_400g

        why = f": {why_not_400g(arch.lane_builder)}"
    elif arch.medium == "copper" and abs(value - 400e9) < 1.0:
        why = (": copper at 400G/lane has no reach or SerDes class in cposim.electrical (SerDes classes end "
               "at 212.5 Gb/s; SER-09 lists only proposal-level 400G channel classes)")
    raise ConfigError(f"{arch.name}.lane_rate_bps", value,
                      f"is not modelled for {arch.label}; expected one of {shown} per lane{why}", unit="bit/s")


def split_overrides(overrides: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(model paths, host SerDes parameters) from an overrides mapping."""
    model: dict[str, Any] = {}
    serdes: dict[str, Any] = {}
    for path, value in overrides.items():
        if not isinstance(path, str) or not path:
            raise ConfigError("overrides", path, "is not a parameter path")
        if path.startswith("host_serdes."):
            serdes[path.split(".", 1)[1]] = value
        else:
            model[path] = value
    return model, serdes
