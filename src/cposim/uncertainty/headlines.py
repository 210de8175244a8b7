"""The headline numbers of each command, as functions the Monte Carlo can re-run.

Each ``*_headlines`` returns ``(fn, units)``: ``fn()`` rebuilds the models from scratch (so
the active sample reaches every default) and returns ``{name: value}``; ``units`` maps each
name to its unit. Names are dotted where a command has several subjects
(``cpo-mrm.power_w_per_port``).
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

Headlines = tuple[Callable[[], dict[str, float]], dict[str, str]]

LINK_UNITS = {"energy_pj_per_bit": "pJ/bit", "port_power_w": "W", "module_power_w": "W", "margin_db": "dB"}


def link_headlines(build_lane: Callable[[], Any]) -> Headlines:
    """Energy per bit, module and port power, and margin of one lane (``cposim link``)."""
    from cposim.link.engine import evaluate

    def fn() -> dict[str, float]:
        r = evaluate(build_lane())
        e = r.energy
        return {"energy_pj_per_bit": float(r.energy_pj_per_bit), "port_power_w": float(e.port_power_w),
                "module_power_w": float(e.module_power_w), "margin_db": float(r.margin_db)}

    return fn, dict(LINK_UNITS)


def compare_headlines(*, port_rate_bps: float, lane_rate_bps: float, architectures: Iterable[str],
                      length_m: float | None, lengths: Mapping[str, float] | None = None) -> Headlines:
    """Power per port and energy per bit of each architecture (``cposim compare``), each at
    the length of its nominal result (so a sample changes the devices, not the deployment;
    the copper reach solve, not a headline here, is skipped). ``lengths``: those lengths, m,
    when the caller has the nominal results already (else they are evaluated here)."""
    from cposim.errors import CposimError
    from cposim.package.architectures import evaluate_port

    names = list(architectures)
    if lengths is None:
        lengths = {name: float(evaluate_port(name, port_rate_bps=port_rate_bps, lane_rate_bps=lane_rate_bps,
                                             length_m=length_m).length_m) for name in names}

    def fn() -> dict[str, float | str]:
        out: dict[str, float | str] = {}
        for name in names:
            try:
                r = evaluate_port(name, port_rate_bps=port_rate_bps, lane_rate_bps=lane_rate_bps,
                                  length_m=lengths[name], solve_reach=False)
            except CposimError as err:
                out[f"{name}.power_w_per_port"] = out[f"{name}.energy_pj_per_bit"] = f"{name}: {err}"
                continue
            out[f"{name}.power_w_per_port"] = float(r.power_w_per_port)
            out[f"{name}.energy_pj_per_bit"] = float(r.energy_pj_per_bit)
        return out

    units = {}
    for name in names:
        units[f"{name}.power_w_per_port"] = "W"
        units[f"{name}.energy_pj_per_bit"] = "pJ/bit"
    return fn, units


SWITCH_UNITS = {"total_power_w": "W", "energy_pj_per_bit": "pJ/bit", "power_per_port_w": "W",
                "optics_power_w": "W"}


def switch_headlines(build: Callable[[], Any]) -> Headlines:
    """Total power, energy per bit and power per port of a switch package (``cposim switch``)."""

    def fn() -> dict[str, float]:
        d = build().as_dict()
        return {k: float(d[k]) for k in SWITCH_UNITS}

    return fn, dict(SWITCH_UNITS)


ENGINE_UNITS = {"energy_pj_per_bit": "pJ/bit", "engine_power_w": "W", "tuning_power_w": "W", "laser_power_w": "W"}


def engine_headlines(build_spec: Callable[[], Any]) -> Headlines:
    """Energy per bit and power of an optical engine design (``cposim engine``)."""
    from cposim.engine.rollup import design_engine

    def fn() -> dict[str, float]:
        report = design_engine(build_spec()).report
        return {k: float(report[k]) for k in ENGINE_UNITS}

    return fn, dict(ENGINE_UNITS)


FABRIC_UNITS = {"power_mw": "MW", "power_w_per_gpu": "W", "network_power_mw": "MW"}


def fabric_headlines(build: Callable[[], Any], options: Iterable[str]) -> Headlines:
    """Optics power (MW, W per GPU) and network power of each of ``options`` (``cposim fabric``)."""

    def fn() -> dict[str, float]:
        result = build()
        out: dict[str, float] = {}
        for name, opt in result.options.items():
            s = opt.summary()
            for k in FABRIC_UNITS:
                out[f"{name}.{k}"] = float(s[k])
        return out

    return fn, {f"{n}.{k}": u for n in options for k, u in FABRIC_UNITS.items()}
