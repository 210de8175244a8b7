"""The engine's external laser: how much light the link needs, which ELSFP class delivers it,
and what it costs per bit.

* Laser fibers: each laser fiber carries the N wavelengths of one transmit fiber and may be
  split 1:``laser_split_ratio`` on the engine to feed that many transmit fibers (each
  wavelength feeds one ring per transmit fiber). Laser fibers per engine =
  ``fibers / split`` (a fraction is a shared fiber); lasers = laser fibers x N.
* Required power: the link engine's :meth:`~cposim.link.engine.LaneResult.required_source_power_w`
  at the engine's margin (CPS-ENG-09), per lane, at the laser module's lane reference (after
  its split and connector, before fiber-to-chip coupling). The budget is never re-derived here.
* Class: ``auto`` takes the smallest OIF ELSFP class whose class minimum (nominal - 1.5 dB,
  LAS-01) meets it (:meth:`~cposim.devices.external_laser.ExternalLaserSource.for_lane_power`);
  a named class that falls short is a ``ConfigError`` saying by how much.
* Cost: module electrical power = optical / module wall-plug efficiency (LAS-12), shared over
  the lanes it feeds; the link engine's energy accounting turns it into pJ/bit.

The module holds as many fibers as one engine needs, up to the 8 of an ELSFP (LAS-14), so its
supply limit (LAS-02) is checked for a realistic module.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from cposim.devices.external_laser import ELSFP_POWER_CLASSES_DBM, ExternalLaserSource
from cposim.engine.spec import EngineSpec
from cposim.errors import ConfigError
from cposim.link.engine import LaneResult
from cposim.link.waveform_penalty import receiver_bandwidth_hz
from cposim.units import linear_to_db

__all__ = ["LaserSizing", "class_modules", "laser_fibers_per_engine", "laser_module", "size_laser"]

#: ELSFP fibers per module (LAS-14).
ELSFP_MAX_FIBERS = 8


def laser_fibers_per_engine(spec: EngineSpec) -> float:
    """Laser-input fibers per engine: transmit fibers / split ratio (fraction = shared)."""
    return float(spec.fibers_per_engine) / float(spec.laser_split_ratio)


def _fields(spec: EngineSpec) -> dict[str, Any]:
    return {
        "n_fibers": min(ELSFP_MAX_FIBERS, max(1, math.ceil(laser_fibers_per_engine(spec) - 1e-9))),
        "wavelengths_per_fiber": int(spec.wavelengths_per_fiber),
        "lanes_per_fiber": int(spec.laser_split_ratio),
        "wall_plug_efficiency": float(spec.laser_wall_plug_efficiency),
    }


def _citations(spec: EngineSpec) -> dict[str, tuple[str, ...]]:
    own = spec.sources_by_parameter()
    return {
        "n_fibers": tuple(dict.fromkeys(own["fibers_per_engine"] + own["laser_split_ratio"] + ("LAS-14",))),
        "wavelengths_per_fiber": own["wavelengths_per_fiber"],
        "lanes_per_fiber": own["laser_split_ratio"],
        "wall_plug_efficiency": own["laser_wall_plug_efficiency"],
    }


def laser_module(spec: EngineSpec, power_class: str) -> ExternalLaserSource:
    """The engine's ELSFP module of ``power_class`` (ConfigError if it breaks the supply limit)."""
    fields = _fields(spec)
    return ExternalLaserSource(power_class=power_class, **fields).with_cited(_citations(spec), **fields)


def class_modules(spec: EngineSpec) -> dict[str, ExternalLaserSource | None]:
    """Every ELSFP class -> the engine's module of that class, or None where the module would
    exceed the supply limit (LAS-02)."""
    out: dict[str, ExternalLaserSource | None] = {}
    for name in ELSFP_POWER_CLASSES_DBM:
        try:
            out[name] = laser_module(spec, name)
        except ConfigError:
            out[name] = None
    return out


@dataclass(frozen=True)
class LaserSizing:
    """The laser an engine design needs.

    Attributes:
        power_class: the ELSFP class used. module: the module (per-lane powers, electrical power).
        required_power_per_lane_w: lane power (module reference) that leaves the margin, W.
        margin_at_class_minimum_db: margin with the module at its class minimum, dB (>= required).
        laser_fibers: laser-input fibers per engine. lasers: lasers (wavelength sources) per engine.
    """

    power_class: str
    module: ExternalLaserSource
    required_power_per_lane_w: float
    margin_at_class_minimum_db: float
    laser_fibers: float
    lasers: float


def size_laser(result: LaneResult, spec: EngineSpec) -> LaserSizing:
    """Size the laser for a lane closed by the link engine (a single design).

    Raises:
        ConfigError: the BER has a floor (residual ISI, crosstalk or RIN) above the target, so
            no laser helps; or the named class (or every class, for ``auto``) falls short of
            the need.
    """
    if bool(np.any(result.margin_limited)):
        lane = result.lane
        mod = lane.modulator
        isi = float(np.max(np.asarray(result.extras.get("isi_rms_of_oma", 0.0))))
        xt = result.extras.get("crosstalk_db")
        raise ConfigError(
            "EngineSpec.lane_rate_bps", float(lane.line_rate_bps),
            f"(optical line rate) leaves the engine link unable to reach the target BER "
            f"{float(result.target_ber):.3g} at any laser power "
            f"(margin search limited at {float(result.margin_db):.1f} dB): a floor from residual ISI "
            f"({100 * isi:.1f} % of the OMA after the {int(lane.rx_ffe_taps)}-tap receiver FFE: "
            f"{lane.modulation.upper()} at {float(lane.symbol_rate_hz) / 1e9:g} GBd through a ring of "
            f"{float(np.min(mod.modulation_bandwidth_hz)) / 1e9:.0f} GHz EO bandwidth, a demux pole of "
            f"{float(np.min(lane.demux.fwhm_hz)) / 2e9:.0f} GHz and a {float(np.min(receiver_bandwidth_hz(lane))) / 1e9:.0f} "
            f"GHz receiver), crosstalk ({float(np.max(xt)) if xt is not None else float('nan'):.1f} dB) or RIN; "
            "lower lane_rate_bps or use PAM4, lower the demux Q (wider pole) or widen the spacing", unit="bit/s")
    margin = float(spec.required_margin_db)
    need = float(result.required_source_power_w(margin))
    if spec.laser_class == "auto":
        try:
            module = ExternalLaserSource.for_lane_power(need, worst_case=True, **_fields(spec))
        except ConfigError as err:
            raise ConfigError("EngineSpec.laser_class", "auto",
                              f"finds no ELSFP class for {need * 1e3:.3g} mW per lane at {margin:g} dB margin ({err})") \
                from None
        module = module.with_cited(_citations(spec), **_fields(spec))
    else:
        module = laser_module(spec, spec.laser_class)
        have = float(module.worst_case_power_per_lane_w)
        if have < need:
            raise ConfigError("EngineSpec.laser_class", spec.laser_class,
                              f"delivers {have * 1e3:.3g} mW per lane at its class minimum, but the link needs "
                              f"{need * 1e3:.3g} mW for {margin:g} dB of margin; expected a larger class or 'auto'")
    have = float(module.worst_case_power_per_lane_w)
    fibers = laser_fibers_per_engine(spec)
    return LaserSizing(
        power_class=module.power_class,
        module=module,
        required_power_per_lane_w=need,
        margin_at_class_minimum_db=margin + float(linear_to_db(have / need)),
        laser_fibers=fibers,
        lasers=fibers * int(spec.wavelengths_per_fiber),
    )
