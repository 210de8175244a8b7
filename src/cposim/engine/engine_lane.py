"""One lane of an engine design as a link-engine :class:`~cposim.link.lane.Lane`.

The lane starts from the project's co-packaged micro-ring WDM lane
(:func:`cposim.presets.architecture_lanes.cpo_mrm_wdm_lane`: coupling, waveguides, fiber,
photodetector, TIA, FEC, host SerDes, all sourced) and takes from the engine design: the
modulation, the designed modulator and demux rings, the ELSFP module, the host SerDes class,
the BER target, the lanes per engine, and the mean heater shift per ring found by the thermal
Monte Carlo (so the link engine's own energy accounting charges the heaters). Every value set
here carries the source ids of the spec fields behind it.
"""

from __future__ import annotations

from cposim.devices.external_laser import ExternalLaserSource
from cposim.devices.serdes import Serdes
from cposim.engine.ring_design import RingDesign, payload_rate_bps
from cposim.engine.spec import EngineSpec
from cposim.engine.thermal import TuningResult
from cposim.link.lane import Lane
from cposim.presets.architecture_lanes import cpo_mrm_wdm_lane

__all__ = ["THERMAL_FIELDS", "engine_lane"]

#: Spec fields behind the thermal Monte Carlo result.
THERMAL_FIELDS = ("temperature_swing_k", "thermal_shift_m_per_k", "heater_efficiency_m_per_w", "global_spread_m",
                  "local_spread_m", "mc_samples", "seed")


def engine_lane(spec: EngineSpec, rings: RingDesign, tuning: TuningResult, module: ExternalLaserSource) -> Lane:
    """The lane of ``spec`` with its designed rings, tuning shift and laser module (Qs may be arrays)."""
    own = spec.sources_by_parameter()
    base = cpo_mrm_wdm_lane(lane_rate_bps=payload_rate_bps(spec), lanes=spec.lanes)
    host = base.host_serdes
    if host.reach_class != spec.host_serdes_class:
        host = Serdes(reach_class=spec.host_serdes_class).with_cited(
            {"lane_rate_bps": own["lane_rate_bps"]}, lane_rate_bps=float(host.lane_rate_bps))
    thermal_ids = tuple(dict.fromkeys(i for f in THERMAL_FIELDS for i in own[f])) + spec.text_sources("assignment") \
        + spec.text_sources("spread_distribution")
    return base.with_cited(
        {
            "lanes": tuple(dict.fromkeys(own["wavelengths_per_fiber"] + own["fibers_per_engine"])),
            "ring_tuning_shift_m": tuple(dict.fromkeys(thermal_ids)),
            "target_ber": own["target_ber"],
        },
        name=spec.name,
        modulation=spec.modulation,
        lanes=spec.lanes,
        ring_tuning_shift_m=tuning.mean_heater_shift_m,
        target_ber=float(spec.target_ber),
        modulator=rings.modulator,
        demux=rings.demux,
        source=module,
        host_serdes=host,
    )
