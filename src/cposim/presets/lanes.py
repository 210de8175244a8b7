"""Lane presets: IEEE DR modules, an LPO module and a CPO micro-ring WDM engine lane.

Each preset is built bottom-up from device models. Every value a preset sets names its
source through ``with_cited`` (most are ``CPS-*`` planning estimates, listed by
``cposim sources PRESET``); nothing here is a per-preset power number: module and port
power come out of the link engine's energy accounting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from cposim.devices.dsp import ModuleDsp
from cposim.devices.fec import OPTICAL_LINE_RATE_200G_BPS, ConcatenatedFec, ReedSolomonFec
from cposim.devices.fiber import SingleModeFiber
from cposim.devices.laser import DfbLaser
from cposim.devices.mach_zehnder import MachZehnderModulator
from cposim.devices.modulator_driver import ModulatorDriver
from cposim.devices.serdes import LANE_RATE_100G_BPS, LANE_RATE_200G_BPS, Serdes
from cposim.devices.tia import TransimpedanceAmplifier
from cposim.engine.cpo_lane import cpo_lane
from cposim.engine.recipe import cpo_mrm_wdm_recipe
from cposim.engine.spec import DEFAULT_ENGINE_PRESET, EngineSpec, engine_preset
from cposim.link.lane import Lane

#: Per-lane payload rates, bit/s (100GbE / 200GbE lanes of 802.3 PCS, STD-06, STD-19).
PAYLOAD_100G_BPS = 100e9
PAYLOAD_200G_BPS = 200e9


@dataclass(frozen=True)
class Preset:
    """A named lane recipe: ``build()`` returns a fresh, validated :class:`Lane`."""

    name: str
    description: str
    port: str
    build: Callable[[], Lane]


def _pluggable_laser(lanes_per_laser: int) -> DfbLaser:
    """A cooled high-power CW DFB as used in silicon-photonics pluggables (LAS-11)."""
    return DfbLaser().with_cited({"wall_plug_efficiency": "CPS-PRE-01"}, wall_plug_efficiency=0.1)


def _mzm_driver(static_w: float, source: str) -> ModulatorDriver:
    return ModulatorDriver().with_cited({"static_power_w": source}, static_power_w=static_w)


def _dr_lane(
    *,
    name: str,
    lanes: int,
    per_lane_200g: bool,
    dsp: ModuleDsp | None,
    driver: ModulatorDriver,
    tia: TransimpedanceAmplifier,
    host_class: str,
    lanes_per_laser: int,
) -> Lane:
    rate = LANE_RATE_200G_BPS if per_lane_200g else LANE_RATE_100G_BPS
    payload = PAYLOAD_200G_BPS if per_lane_200g else PAYLOAD_100G_BPS
    rate_src = "STD-06" if per_lane_200g else "CPS-SER-02"
    # 200G/lane optics carry the inner code: optical 226.875 Gb/s over a 212.5 Gb/s host lane;
    # 100G/lane optics run at the electrical rate (electrical_rate_bps 0 = the line rate)
    optical, optical_src = (OPTICAL_LINE_RATE_200G_BPS, "STD-3DJ-01") if per_lane_200g else (rate, rate_src)
    lane = Lane(name=name, modulation="pam4")
    fec = ConcatenatedFec() if per_lane_200g else ReedSolomonFec()
    host = Serdes(reach_class=host_class).with_cited({"lane_rate_bps": rate_src}, lane_rate_bps=rate)
    return lane.with_cited(
        {
            "lanes": "STD-07" if per_lane_200g else "STD-04",
            "data_rate_bps": rate_src,
            "line_rate_bps": optical_src,
            "electrical_rate_bps": rate_src,
            "lanes_per_laser": "CPS-LNK-01",
            "module_overhead_fraction": "CPS-LNK-05",
        },
        lanes=lanes,
        data_rate_bps=payload,
        line_rate_bps=optical,
        electrical_rate_bps=rate if per_lane_200g else 0.0,
        lanes_per_laser=lanes_per_laser,
        module_overhead_fraction=0.176,
        source=_pluggable_laser(lanes_per_laser),
        modulator=MachZehnderModulator(),
        driver=driver,
        fiber=SingleModeFiber().with_cited({"length_m": "RCH-09"}, length_m=500.0),
        tia=tia,
        fec=fec,
        host_serdes=host,
        dsp=dsp,
    )


def dr4_400g() -> Lane:
    """400GBASE-DR4: 4 x 100G PAM4 over 500 m parallel SMF, SiPh MZM, 7 nm DSP module."""
    dsp = ModuleDsp(lanes=4).with_cited({"energy_j_per_bit": "CPS-PRE-02"}, energy_j_per_bit=5.0 / (4 * LANE_RATE_100G_BPS))
    return _dr_lane(
        name="400g-dr4", lanes=4, per_lane_200g=False, dsp=dsp, driver=ModulatorDriver(),
        tia=TransimpedanceAmplifier(), host_class="vsr", lanes_per_laser=4,
    )


def dr8_800g() -> Lane:
    """800GBASE-DR8: 8 x 100G PAM4 over 500 m parallel SMF, SiPh MZM, 5 nm DSP module."""
    return _dr_lane(
        name="800g-dr8", lanes=8, per_lane_200g=False, dsp=ModuleDsp.at_node("5nm", lanes=8),
        driver=ModulatorDriver(), tia=TransimpedanceAmplifier(), host_class="vsr", lanes_per_laser=4,
    )


def dr8_1600g() -> Lane:
    """1.6TBASE-DR8: 8 x 200G PAM4 (226.875 Gb/s optical with the concatenated FEC's inner code,
    212.5 Gb/s host lanes) over 500 m, 5 nm-class DSP."""
    # a 5 nm DSP at 200G/lane: the 800G 5 nm DSP's energy per bit (CPS-DSP-01) grown by the
    # per-rate-doubling factor used for SerDes (CPS-SER-11)
    dsp = ModuleDsp(lanes=8).with_cited(
        {"lane_rate_bps": "STD-06", "energy_j_per_bit": ("CPS-DSP-01", "CPS-SER-11")},
        lane_rate_bps=LANE_RATE_200G_BPS,
        energy_j_per_bit=1.2 * 6.0 / (8 * LANE_RATE_100G_BPS),
    )
    return _dr_lane(
        name="1.6t-dr8", lanes=8, per_lane_200g=True, dsp=dsp,
        driver=_mzm_driver(0.35, "CPS-PRE-03"),
        tia=TransimpedanceAmplifier.for_lane_rate(OPTICAL_LINE_RATE_200G_BPS),  # 200G-class TIA (CPS-RXL-02)
        host_class="vsr",
        lanes_per_laser=2,
    )


def lpo_800g() -> Lane:
    """800G DR8 LPO: linear-drive module, no DSP; the host's long-reach SerDes equalises."""
    tia = TransimpedanceAmplifier().with_cited({"energy_per_bit_j": "CPS-PRE-05"}, energy_per_bit_j=2.0e-12)
    lane = _dr_lane(
        name="800g-lpo", lanes=8, per_lane_200g=False, dsp=None,
        driver=_mzm_driver(0.4, "CPS-PRE-04"), tia=tia, host_class="lr", lanes_per_laser=4,
    )
    return lane.with_cited({"lanes": "STD-19"}, lanes=8)


def cpo_mrm_wdm_spec() -> EngineSpec:
    """The CPO lane's default engine spec: the designer's default engine (1 fiber x 8 wavelengths
    x 200G PAM4 on the 8 x 400 GHz CW-WDM grid, SYS-NV-13, LAS-03; demux Q 3000, CPS-PRE-07)."""
    return engine_preset(DEFAULT_ENGINE_PRESET)


def cpo_mrm_wdm_200g() -> Lane:
    """One lane of a CPO micro-ring WDM engine: the engine designer's lane
    (:func:`cposim.engine.cpo_lane.cpo_lane`) for :func:`cpo_mrm_wdm_spec` on
    :func:`cpo_mrm_wdm_recipe`: designed rings, ring tuning from the seeded thermal Monte Carlo
    (locking included) and the smallest ELSFP class that leaves the spec's link margin."""
    return cpo_lane(cpo_mrm_wdm_spec(), cpo_mrm_wdm_recipe()).replace(name="cpo-mrm-wdm-200g")


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset("400g-dr4", "400GBASE-DR4 pluggable: 4 x 100G PAM4, SiPh MZM, 7 nm DSP", "400G", dr4_400g),
        Preset("800g-dr8", "800GBASE-DR8 pluggable: 8 x 100G PAM4, SiPh MZM, 5 nm DSP", "800G", dr8_800g),
        Preset("1.6t-dr8", "1.6TBASE-DR8 pluggable: 8 x 200G PAM4, SiPh MZM, DSP, inner+outer FEC", "1.6T", dr8_1600g),
        Preset("800g-lpo", "800G DR8 linear pluggable optics (LPO): no DSP, linear driver/TIA", "800G", lpo_800g),
        Preset(
            "cpo-mrm-wdm-200g",
            "CPO engine lane: 200G PAM4 micro-ring WDM (8 x 400 GHz), external laser, XSR host link",
            "1.6T",
            cpo_mrm_wdm_200g,
        ),
    )
}

DEFAULT_PRESET = "cpo-mrm-wdm-200g"
