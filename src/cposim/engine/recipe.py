"""The co-packaged micro-ring WDM recipe: everything of a CPO engine lane that the engine
designer does not design.

8 wavelengths x 200G (or 100G) PAM4 per fiber on a 400 GHz CW-WDM grid, ring modulators and
a ring demux, an external laser source, the XSR host SerDes to the engine (no module DSP),
500 m of SMF. The designer (:func:`cposim.engine.cpo_lane.design_cpo_lane`) replaces its rings
(designed from the spec), its ring tuning (thermal Monte Carlo) and its ELSFP class and
layout (sized from the link margin). The lane presets (:mod:`cposim.presets`) take this recipe
from here, so the engine layer never imports the presets.
"""

from __future__ import annotations

from cposim.devices.external_laser import ExternalLaserSource
from cposim.devices.fec import OPTICAL_LINE_RATE_200G_BPS, ConcatenatedFec, ReedSolomonFec
from cposim.devices.fiber import SingleModeFiber
from cposim.devices.ring_demux import RingDemux
from cposim.devices.ring_modulator import RingModulator
from cposim.devices.serdes import LANE_RATE_100G_BPS, LANE_RATE_200G_BPS, Serdes
from cposim.devices.tia import TransimpedanceAmplifier
from cposim.errors import ConfigError
from cposim.link.lane import Lane

__all__ = ["RECIPE_PAYLOAD_RATES_BPS", "cpo_mrm_wdm_recipe"]

#: Payload rates per lane the recipe is modelled at, bit/s (a micro-ring WDM lane at 400G is
#: not offered).
RECIPE_PAYLOAD_RATES_BPS = (100e9, 200e9)


def cpo_mrm_wdm_recipe(*, lane_rate_bps: float = 200e9, lanes: int = 8) -> Lane:
    """The recipe lane at ``lane_rate_bps`` payload per lane (100G or 200G), ``lanes`` lanes.

    200G: 802.3dj rates (226.875 Gb/s optical with the inner code, STD-3DJ-01; 212.5 Gb/s host
    lane, STD-06) and the concatenated FEC; 100G: 106.25 Gb/s (CPS-SER-02) and KP4 only.
    """
    rate = next((r for r in RECIPE_PAYLOAD_RATES_BPS if abs(float(lane_rate_bps) - r) < 1e-6 * r), None)
    if rate is None:
        raise ConfigError("cpo_mrm_wdm_lane.lane_rate_bps", float(lane_rate_bps),
                          "is not modelled; expected one of 100G, 200G per lane", unit="bit/s")
    els = ExternalLaserSource(power_class="MP").with_cited(
        {"wavelengths_per_fiber": "LAS-03", "lanes_per_fiber": "LAS-03"},
        wavelengths_per_fiber=8,
        lanes_per_fiber=1,  # WDM: each wavelength feeds its own ring, no split
    )
    demux = RingDemux().with_cited(
        {"channel_spacing_hz": "LAS-03", "loaded_q": "CPS-PRE-07", "free_spectral_range_m": "CPS-PRE-08"},
        channel_spacing_hz=400e9, loaded_q=3000.0, free_spectral_range_m=20e-9,
    )
    if rate == 200e9:
        electrical, optical, rate_ids = LANE_RATE_200G_BPS, OPTICAL_LINE_RATE_200G_BPS, ("STD-3DJ-01",)
        elec_src, fec, elec_field = "STD-06", ConcatenatedFec(), LANE_RATE_200G_BPS
    else:
        electrical, optical, rate_ids = LANE_RATE_100G_BPS, LANE_RATE_100G_BPS, ("CPS-SER-02",)
        elec_src, fec, elec_field = "CPS-SER-02", ReedSolomonFec(), 0.0
    host = Serdes(reach_class="xsr").with_cited({"lane_rate_bps": elec_src}, lane_rate_bps=electrical)
    return Lane(name=f"cpo-mrm-wdm-{rate / 1e9:g}g", modulation="pam4").with_cited(
        {
            "lanes": "SYS-NV-13",
            "data_rate_bps": elec_src,
            "line_rate_bps": rate_ids,
            "electrical_rate_bps": elec_src,
            "module_overhead_fraction": "CPS-PRE-06",
        },
        lanes=lanes,
        data_rate_bps=rate,
        line_rate_bps=optical,
        electrical_rate_bps=elec_field,  # the host lane (0 at 100G: the same as the optics)
        module_overhead_fraction=0.05,
        source=els,
        modulator=RingModulator(),
        fiber=SingleModeFiber().with_cited({"length_m": "RCH-09"}, length_m=500.0),
        demux=demux,
        tia=TransimpedanceAmplifier.for_lane_rate(optical),  # the TIA class of the optical rate (CPS-RXL-02)
        fec=fec,
        host_serdes=host,
        dsp=None,
    )
