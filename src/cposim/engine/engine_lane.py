"""One lane of an engine design as a link-engine :class:`~cposim.link.lane.Lane`.

The lane starts from a *recipe* lane passed in by the caller (the project's co-packaged
micro-ring WDM recipe, :func:`cposim.engine.recipe.cpo_mrm_wdm_recipe`: coupling,
waveguides, fiber, photodetector, TIA, FEC, rates, host SerDes, ELSFP technology, all sourced)
and takes from the engine design: the modulation, the designed modulator and demux rings, the
ELSFP class and layout, the host SerDes class, the BER target, the lanes per engine, and the
per-ring tuning of the thermal Monte Carlo (so the link engine's own energy accounting charges
the heaters). Every value set here carries the source ids of the spec fields behind it.

Ring tuning: the link engine charges ``ring_tuning_shift_m / heater efficiency`` per ring (the
modulator and the demux drop ring) and has no separate locking term, so the lane carries the
*heater-equivalent* shift ``mean heater shift + locking power x heater efficiency``
(:func:`lane_tuning_shift_m`): the link's ``ring_tuning`` is then exactly the designer's per-ring
``heater_power_mean_w + locking_power_w`` (CPS-ENG-08), and the lane's power-delivery overhead
applies to both, as it does in the designer.

This module imports no preset: the recipe is an argument, so :mod:`cposim.presets` can build
its CPO lane with :func:`cposim.engine.cpo_lane.design_cpo_lane`.
"""

from __future__ import annotations

from cposim.devices.external_laser import ExternalLaserSource
from cposim.devices.serdes import Serdes
from cposim.engine.ring_design import RingDesign
from cposim.engine.spec import EngineSpec
from cposim.engine.thermal import TuningResult
from cposim.errors import ConfigError
from cposim.link.lane import Lane

__all__ = ["MODULE_FIELDS", "THERMAL_FIELDS", "engine_lane", "lane_module", "lane_tuning_shift_m"]

#: Spec fields behind the thermal Monte Carlo result.
THERMAL_FIELDS = ("temperature_swing_k", "thermal_shift_m_per_k", "heater_efficiency_m_per_w", "global_spread_m",
                  "local_spread_m", "mc_samples", "seed")
#: ELSFP fields the designer sets (class and layout); the recipe's module keeps the rest.
MODULE_FIELDS = ("power_class", "n_fibers", "wavelengths_per_fiber", "lanes_per_fiber", "wall_plug_efficiency")


def lane_tuning_shift_m(tuning: TuningResult, rings: RingDesign) -> float:
    """Heater-equivalent shift per ring, m: mean heater shift + locking power x heater efficiency."""
    eff = float(rings.modulator.heater_efficiency_m_per_w)
    return float(tuning.mean_heater_shift_m) + float(tuning.locking_power_w) * eff


def lane_module(base: Lane, module: ExternalLaserSource) -> ExternalLaserSource:
    """The designer's ELSFP class and layout on the recipe's module (its losses, RIN, supply kept)."""
    src = base.source
    if not isinstance(src, ExternalLaserSource):
        raise ConfigError("engine_lane.base.source", type(src).__name__,
                          "is not an external laser source; expected the CPO recipe lane (ExternalLaserSource)")
    changes = {f: getattr(module, f) for f in MODULE_FIELDS}
    cited = {f: module.cited[f] for f in MODULE_FIELDS if f in module.cited}
    return src.with_cited(cited, **changes)


def engine_lane(spec: EngineSpec, rings: RingDesign, tuning: TuningResult, module: ExternalLaserSource,
                base: Lane) -> Lane:
    """The lane of ``spec`` on the recipe ``base``, with its designed rings, tuning and laser module
    (Qs may be arrays). ``base`` must be the recipe at ``spec``'s payload rate."""
    own = spec.sources_by_parameter()
    host = base.host_serdes
    if host.reach_class != spec.host_serdes_class:
        host = Serdes(reach_class=spec.host_serdes_class).with_cited(
            {"lane_rate_bps": own["lane_rate_bps"]}, lane_rate_bps=float(host.lane_rate_bps))
    thermal_ids = tuple(dict.fromkeys(i for f in THERMAL_FIELDS for i in own[f])) + spec.text_sources("assignment") \
        + spec.text_sources("spread_distribution") + own["locking_power_per_ring_w"] + ("CPS-ENG-07",)
    return base.with_cited(
        {
            "lanes": tuple(dict.fromkeys(own["wavelengths_per_fiber"] + own["fibers_per_engine"])),
            "ring_tuning_shift_m": tuple(dict.fromkeys(thermal_ids)),
            "target_ber": own["target_ber"],
        },
        name=spec.name,
        modulation=spec.modulation,
        lanes=spec.lanes,
        ring_tuning_shift_m=lane_tuning_shift_m(tuning, rings),
        target_ber=float(spec.target_ber),
        modulator=rings.modulator,
        demux=rings.demux,
        source=lane_module(base, module),
        host_serdes=host,
    )
