"""Section 4, switch: one switch package built with co-packaged optics and with DSP pluggables
(:func:`cposim.package.switch_model`): total power and its parts, shoreline or front-panel
density, optical engines per side, lasers and fibers.

Citations per row: the ASIC's sources for its core power, the per-port result's sources for
the optics, host SerDes, lasers and fibers, and the remaining ids of the switch result (package
edge, engine capacity, fiber attach, faceplate, laser modules) for the placement figures.
"""

from __future__ import annotations

from typing import Any

from cposim.package import SwitchResult, switch_model
from cposim.report.citations import merge
from cposim.report.model import FigureSpec, Row, Section, Table
from cposim.report.scenario import ReportScenario

#: The two switches compared: (architecture, column title).
SWITCHES = (("cpo-mrm", "CPO (micro-ring engines)"), ("dsp-dr", "DSP pluggable (DR)"))


def _groups(s: SwitchResult) -> dict[str, tuple[str, ...]]:
    asic = merge(s.asic.source_ids())
    port = merge(s.port.sources)
    rest = merge(i for i in s.sources if i not in set(asic) | set(port))
    return {"asic": asic, "port": port, "placement": rest or port, "all": merge(asic, port, rest)}


def _row(label: str, values: list[Any], groups: list[dict[str, tuple[str, ...]]], key: str, fmt: str) -> Row:
    return Row(label, tuple(values), merge(*(g[key] for g in groups)), fmt)


def switch_section(scenario: ReportScenario) -> Section:
    """Section 4 at the scenario's switch capacity, port and lane rates."""
    results = [switch_model(scenario.switch_capacity_bps, arch, lane_rate_bps=scenario.lane_rate_bps,
                            port_rate_bps=scenario.port_rate_bps) for arch, _ in SWITCHES]
    g = [_groups(s) for s in results]
    d = [s.as_dict() for s in results]

    def shore(i: int, key: str) -> Any:
        sh = d[i]["shoreline"]
        return None if sh is None else sh[key]

    def face(i: int, key: str) -> Any:
        fp = d[i]["faceplate"]
        return None if fp is None else fp[key]

    def per_side(i: int) -> Any:
        sides = shore(i, "engines_per_side")
        return None if sides is None else " / ".join(str(int(x)) for x in sides)

    n = range(len(results))
    rows = (
        Row("ports", tuple(s.ports for s in results),
            merge(scenario.SYSTEM_SOURCES["switch_capacity_bps"], scenario.SYSTEM_SOURCES["port_rate_bps"]), "d"),
        _row("host SerDes lanes", [s.serdes_count for s in results], g, "port", "d"),
        _row("ASIC core power, W", [s.core_power_w for s in results], g, "asic", ",.0f"),
        _row("host SerDes power, W", [s.host_serdes_power_w for s in results], g, "port", ",.0f"),
        _row("optics power (modules or engines, laser share), W", [s.optics_power_w for s in results], g, "port",
             ",.0f"),
        _row("of which lasers, W", [s.laser_power_w for s in results], g, "port", ",.0f"),
        _row("total switch power, W", [s.total_power_w for s in results], g, "all", ",.0f"),
        _row("power per port, W", [s.power_per_port_w for s in results], g, "all", ".2f"),
        _row("energy per bit, pJ/bit per direction", [s.energy_pj_per_bit for s in results], g, "all", ".2f"),
        _row("optical engines", [shore(i, "engines") for i in n], g, "placement", ".0f"),
        Row("engines per side (N / E / S / W)", tuple(per_side(i) for i in n), merge(*(x["placement"] for x in g))),
        _row("engine shoreline density, Gb/s per mm", [shore(i, "engine_density_gbps_per_mm") for i in n], g,
             "placement", ".0f"),
        _row("package shoreline density, Gb/s per mm", [shore(i, "package_density_gbps_per_mm") for i in n], g,
             "placement", ".0f"),
        _row("front-panel density, Gb/s per mm", [face(i, "density_gbps_per_mm") for i in n], g, "placement", ".0f"),
        _row("front panel, rack units", [face(i, "rack_units") for i in n], g, "placement", ".0f"),
        _row("engine power density, W/cm2", [s.engine_power_density_w_per_cm2 for s in results], g, "placement", ".1f"),
        _row("lasers", [s.lasers for s in results], g, "port", ",.0f"),
        _row("fibers (signal + laser feed)", [s.fibers for s in results], g, "port", ",.0f"),
        _row("external laser modules", [s.external_laser_modules for s in results], g, "placement", "d"),
        _row("fiber attach units", [s.fiber_attach_units for s in results], g, "placement", "d"),
    )
    cap = f"{scenario.switch_capacity_bps / 1e12:g}T"
    table = Table(key="switch-compare", title=f"{cap} switch: co-packaged vs pluggable", label_header="quantity",
                  columns=tuple(t for _, t in SWITCHES), formats=(".3g",) * len(SWITCHES), rows=rows,
                  caption="Fans, power supplies and the control CPU are not counted; '-' where a figure does not "
                          "apply (no engines on a pluggable switch, no cages on a co-packaged one).")
    parts = ("core", "host SerDes", "optics w/o lasers", "lasers")
    chart = FigureSpec(
        key="switch-power", title=f"{cap} switch power", plot="switch_stack",
        data={"labels": [t for _, t in SWITCHES], "parts": list(parts),
              "watts": [[s.core_power_w, s.host_serdes_power_w, s.optics_power_w - s.laser_power_w, s.laser_power_w]
                        for s in results]},
        caption="Switch power by part (W): ASIC core, host SerDes, optics without lasers, lasers.",
        sources=merge(*(x["all"] for x in g)))
    notes = tuple(dict.fromkeys(note for s in results for note in s.notes))
    return Section(
        key="switch", title="4. Switch",
        intro=("One switch at the scenario's capacity built two ways: co-packaged micro-ring engines around the ASIC "
               "with external laser modules on the front panel, and DSP pluggable modules in front-panel cages. The "
               "ASIC core power is the same for both; SerDes class, optics, lasers and fibers follow from the "
               "per-port results of section 3."),
        blocks=(chart, table), notes=notes,
        versus=(Row(f"{cap} switch power, W", tuple(s.total_power_w for s in results), merge(*(x["all"] for x in g)),
                    ",.0f"),))
