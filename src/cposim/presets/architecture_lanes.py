"""Optical lanes of the interconnect architectures compared per port by ``cposim.package``.

Each builder returns a validated, sourced :class:`~cposim.link.lane.Lane` for one payload rate
per lane (100, 200 or 400 Gb/s per direction) and a lane count, built bottom-up from device
models like the presets of :mod:`cposim.presets.lanes` (which they reuse where those match):

* :func:`dsp_dr_lane` - DSP pluggable, DR class (parallel SMF, 500 m, RCH-09).
* :func:`dsp_fr_lane` - DSP pluggable, FR class (CWDM over duplex SMF, 2 km, RCH-10).
* :func:`lpo_lane` - linear pluggable optics: no DSP, linear driver and TIA.
* :func:`lro_lane` - linear receive, retimed transmit (OIF RTLR): a transmit-only DSP.
* :func:`npo_dr_lane` - near-packaged DR-style engine on the host board, external laser.
* :func:`cpo_dr_els_lane` - co-packaged DR-style parallel engine, external laser source.
* :func:`cpo_mrm_wdm_lane` - co-packaged micro-ring WDM engine (8 wavelengths per fiber).

400G per lane is an extrapolation everywhere (no IEEE 400G/lane optical PMD exists): a
212.5 GBd PAM4 line (CPS-ARC-01), a receiver twice as wide (CPS-ARC-02), a larger
implementation penalty (CPS-ARC-03), and driver/DSP energies grown from the 200G values
(CPS-ARC-04/05). Those numbers are estimates, not validation targets. Micro-ring WDM and
linear (LPO/LRO) lanes are not offered at 400G: see :func:`supported_lane_rates`.

Host SerDes: each lane carries the host SerDes class of its host channel so that
``cposim link`` shows a port power; ``cposim.package`` re-chooses the host SerDes from the
host channel loss through ``cposim.electrical``. At 400G per lane the host side of a DSP
module is two 200G electrical lanes through the DSP's gearbox; the lane's ``host_serdes``
shows one of them, and ``cposim.package`` counts both.
"""

from __future__ import annotations

from typing import Callable

from cposim.devices.dsp import ModuleDsp
from cposim.devices.external_laser import ExternalLaserSource
from cposim.devices.fec import ConcatenatedFec, ReedSolomonFec
from cposim.devices.fiber import SingleModeFiber
from cposim.devices.laser import DfbLaser
from cposim.devices.mach_zehnder import MachZehnderModulator
from cposim.devices.modulator_driver import ModulatorDriver
from cposim.devices.serdes import LANE_RATE_100G_BPS, LANE_RATE_200G_BPS, Serdes
from cposim.devices.tia import TransimpedanceAmplifier
from cposim.devices.waveguide import Waveguide
from cposim.errors import ConfigError
from cposim.link.lane import Lane
from cposim.presets.lanes import Preset, cpo_mrm_wdm_200g, dr8_800g, dr8_1600g, lpo_800g

__all__ = [
    "ARCHITECTURE_PRESETS",
    "LANE_RATE_400G_BPS",
    "PAYLOAD_RATES_BPS",
    "cpo_dr_els_lane",
    "cpo_mrm_wdm_lane",
    "dsp_dr_lane",
    "dsp_fr_lane",
    "line_rate_bps",
    "lpo_lane",
    "lro_lane",
    "npo_dr_lane",
    "supported_lane_rates",
    "why_not_400g",
]

#: Payload rates per lane per direction the builders accept, bit/s.
PAYLOAD_RATES_BPS = (100e9, 200e9, 400e9)
#: 400G/lane line rate, bit/s: 212.5 GBd PAM4, twice the 802.3dj lane (CPS-ARC-01, extrapolation).
LANE_RATE_400G_BPS = 425e9

_LINE = {100e9: (LANE_RATE_100G_BPS, "CPS-SER-02"), 200e9: (LANE_RATE_200G_BPS, "STD-06"),
         400e9: (LANE_RATE_400G_BPS, "CPS-ARC-01")}

#: Builder name -> payload rates per lane it models, bit/s.
_SUPPORTED = {
    "dsp_dr_lane": (100e9, 200e9, 400e9),
    "dsp_fr_lane": (100e9, 200e9, 400e9),
    "lpo_lane": (100e9, 200e9),
    "lro_lane": (100e9, 200e9),
    "npo_dr_lane": (100e9, 200e9, 400e9),
    "cpo_dr_els_lane": (100e9, 200e9, 400e9),
    "cpo_mrm_wdm_lane": (100e9, 200e9),
}
_WHY_NOT_400G = {
    "lpo_lane": "linear optics leave all equalisation to the host SerDes, and no host SerDes is "
                "specified for a 212.5 GBd linear channel (the SerDes classes end at 212.5 Gb/s)",
    "lro_lane": "the linear receive path needs a host SerDes for a 212.5 GBd linear channel, "
                "which no SerDes class covers (the classes end at 212.5 Gb/s)",
    "cpo_mrm_wdm_lane": "the default ring modulator's modulation bandwidth (photon lifetime and RC, "
                        "about 40 GHz) is a fifth of the 212.5 GBd symbol rate; no 400G/lane ring "
                        "design is modelled",
}


def why_not_400g(builder: str) -> str:
    """Why a builder has no 400G/lane variant ("" if it has one)."""
    return _WHY_NOT_400G.get(builder, "")


def supported_lane_rates(builder: str) -> tuple[float, ...]:
    """Payload rates per lane (bit/s) that the named builder models."""
    return _SUPPORTED[builder]


def line_rate_bps(payload_bps: float) -> float:
    """Electrical/optical line rate (bit/s, FEC included) for a payload rate per lane."""
    return _LINE[_payload(payload_bps, "line_rate_bps")][0]


def _payload(value: float, builder: str) -> float:
    allowed = _SUPPORTED.get(builder, PAYLOAD_RATES_BPS)
    for rate in allowed:
        if abs(float(value) - rate) < 1e-6 * rate:
            return rate
    shown = ", ".join(f"{r / 1e9:g}G" for r in allowed)
    why = ""
    if abs(float(value) - 400e9) < 1.0 and builder in _WHY_NOT_400G:
        why = f": {_WHY_NOT_400G[builder]}"
    raise ConfigError(f"{builder}.lane_rate_bps", float(value),
                      f"is not modelled; expected one of {shown} per lane{why}", unit="bit/s")


def _lanes(lane: Lane, lanes: int, name: str, source: str) -> Lane:
    """``lane`` renamed, with ``lanes`` lanes (its DSP's lane count follows where it can)."""
    changes = {"name": name, "lanes": lanes}
    if lane.dsp is not None and lanes <= 32:
        changes["dsp"] = lane.dsp.replace(lanes=lanes)
    return lane.with_cited({"lanes": source}, **changes)


def _fec(payload: float):
    if payload == 100e9:
        return ReedSolomonFec()
    if payload == 200e9:
        return ConcatenatedFec()
    return ConcatenatedFec().with_cited({"inner_lane_rate_bps": "CPS-ARC-01"}, inner_lane_rate_bps=LANE_RATE_400G_BPS)


def _rates(lane: Lane, payload: float) -> Lane:
    """Set the lane's payload and line rates (and FEC) to those of ``payload``."""
    line, src = _LINE[payload]
    return lane.with_cited({"data_rate_bps": src, "line_rate_bps": src},
                           data_rate_bps=payload, line_rate_bps=line, fec=_fec(payload))


def _host(reach_class: str, payload: float) -> Serdes:
    """The lane's own host SerDes (at most 212.5 Gb/s: the 400G case shows one of two lanes)."""
    line, src = _LINE[min(payload, 200e9)]
    return Serdes(reach_class=reach_class).with_cited({"lane_rate_bps": src}, lane_rate_bps=line)


def _extrapolate_400g(lane: Lane) -> Lane:
    """Receiver bandwidth and implementation penalty of a 212.5 GBd PAM4 lane (estimates)."""
    tia = lane.tia.with_cited({"bandwidth_hz": "CPS-ARC-02"}, bandwidth_hz=2.0 * float(lane.tia.bandwidth_hz))
    return lane.with_cited({"implementation_penalty_db": "CPS-ARC-03"}, implementation_penalty_db=3.0, tia=tia)


def _driver(payload: float) -> ModulatorDriver:
    """Linear MZM driver of a DSP-fed or engine lane at the lane rate."""
    if payload == 100e9:
        return ModulatorDriver()
    static, src = (0.35, "CPS-PRE-03") if payload == 200e9 else (0.5, "CPS-ARC-05")
    return ModulatorDriver().with_cited({"static_power_w": src}, static_power_w=static)


# ---- DSP pluggables ------------------------------------------------------------------------
def dsp_dr_lane(*, lane_rate_bps: float = 200e9, lanes: int = 8) -> Lane:
    """DR-class DSP pluggable lane: parallel SMF, 500 m (RCH-09), SiPh MZM, PAM4 DSP.

    100G: the ``800g-dr8`` recipe (5 nm DSP); 200G: the ``1.6t-dr8`` recipe; 400G: the 200G
    recipe at 212.5 GBd with a 3 nm-class DSP grown by one rate doubling (CPS-ARC-04).
    ``lanes`` (count) sets the port width, e.g. 8 x 200G = 1.6T.
    """
    payload = _payload(lane_rate_bps, "dsp_dr_lane")
    if payload == 100e9:
        lane = dr8_800g()
    else:
        lane = dr8_1600g()
    if payload == 400e9:
        dsp = ModuleDsp(lanes=8).with_cited(
            {"lane_rate_bps": "CPS-ARC-01", "energy_j_per_bit": ("CPS-DSP-02", "CPS-SER-11", "CPS-ARC-04")},
            lane_rate_bps=LANE_RATE_400G_BPS, energy_j_per_bit=1.2 * 10.0 / (8 * LANE_RATE_200G_BPS),
        )
        lane = _extrapolate_400g(_rates(lane, payload)).replace(dsp=dsp, driver=_driver(payload),
                                                                host_serdes=_host("vsr", payload))
    return _lanes(lane, lanes, f"dsp-dr-{payload / 1e9:g}g", "STD-23")


def dsp_fr_lane(*, lane_rate_bps: float = 200e9, lanes: int = 8) -> Lane:
    """FR-class DSP pluggable lane: CWDM wavelengths on duplex SMF, 2 km (RCH-10).

    The DR lane of the same rate with one CW DFB per wavelength (50 mW, CPS-ARC-07) instead
    of a shared high-power laser, and an on-chip CWDM multiplexer and demultiplexer whose
    insertion loss (1.5 dB each, CPS-ARC-06) is carried by the Tx and Rx on-chip routes as
    one lumped element each (``crossing_count`` 1 of that loss).
    """
    payload = _payload(lane_rate_bps, "dsp_fr_lane")
    lane = dsp_dr_lane(lane_rate_bps=payload, lanes=8)
    laser = DfbLaser().with_cited(
        {"output_power_w": "CPS-ARC-07", "wall_plug_efficiency": "CPS-PRE-01"},
        output_power_w=0.05, wall_plug_efficiency=0.1,
    )
    mux = Waveguide().with_cited({"crossing_count": "CPS-ARC-06", "crossing_loss_db": "CPS-ARC-06"},
                                 crossing_count=1, crossing_loss_db=1.5)
    lane = lane.with_cited(
        {"lanes_per_laser": "CPS-ARC-07"},
        lanes_per_laser=1, source=laser, tx_waveguide=mux, rx_waveguide=mux,
        fiber=SingleModeFiber().with_cited({"length_m": "RCH-10"}, length_m=2000.0),
    )
    return _lanes(lane, lanes, f"dsp-fr-{payload / 1e9:g}g", "STD-23")


# ---- linear optics -------------------------------------------------------------------------
def _linear_tia() -> TransimpedanceAmplifier:
    return TransimpedanceAmplifier().with_cited({"energy_per_bit_j": "CPS-PRE-05"}, energy_per_bit_j=2.0e-12)


def lpo_lane(*, lane_rate_bps: float = 100e9, lanes: int = 8) -> Lane:
    """Linear pluggable optics lane: no DSP; the host's long-reach SerDes equalises.

    100G: the ``800g-lpo`` recipe. 200G: the same module with a wider linear driver (0.5 W
    static per channel) and a 3 dB implementation penalty for the unretimed optical
    channel (CPS-ARC-09); only the host's RS(544,514) protects the link (no inner FEC).
    """
    payload = _payload(lane_rate_bps, "lpo_lane")
    lane = lpo_800g()
    if payload == 200e9:
        driver = ModulatorDriver().with_cited({"static_power_w": "CPS-ARC-09"}, static_power_w=0.5)
        lane = _rates(lane, payload).with_cited(
            {"implementation_penalty_db": "CPS-ARC-09"},
            implementation_penalty_db=3.0, driver=driver, fec=ReedSolomonFec(), host_serdes=_host("lr", payload),
        )
    return _lanes(lane, lanes, f"lpo-{payload / 1e9:g}g", "STD-19")


def lro_lane(*, lane_rate_bps: float = 100e9, lanes: int = 8) -> Lane:
    """Linear-receive, retimed-transmit (OIF RTLR, SER-07) lane: the DR DSP lane of the same
    rate whose DSP retimes only the transmit direction (half its energy, CPS-ARC-08) and
    whose receiver is the linear TIA of LPO modules (CPS-PRE-05); its host channel is the
    CEI-112G-VSR class (SER-07), so the host SerDes is VSR-class."""
    payload = _payload(lane_rate_bps, "lro_lane")
    lane = dsp_dr_lane(lane_rate_bps=payload, lanes=8)
    dsp = lane.dsp.with_cited(
        {"energy_j_per_bit": tuple(lane.dsp.cited.get("energy_j_per_bit", ("CPS-DSP-01",))) + ("CPS-ARC-08",)},
        energy_j_per_bit=0.5 * float(lane.dsp.energy_j_per_bit),
    )
    lane = lane.replace(dsp=dsp, tia=_linear_tia(), host_serdes=_host("vsr", payload))
    return _lanes(lane, lanes, f"lro-{payload / 1e9:g}g", "SER-07")


# ---- engines with an external laser source ------------------------------------------------
def _dr_engine_lane(payload: float, name: str, overhead: float, overhead_src: str, host_class: str) -> Lane:
    # one class above the micro-ring engine's MP (CPS-PRE-09): the 1:4 split and the MZM's
    # insertion loss need it; one more at 400G/lane (CPS-ARC-13)
    els = ExternalLaserSource(power_class="VHP" if payload == 400e9 else "HP").with_cited(
        {"wavelengths_per_fiber": "STD-27", "lanes_per_fiber": "CPS-LAS-06"},
        wavelengths_per_fiber=1, lanes_per_fiber=4,
    )
    lane = Lane(name=name, modulation="pam4").with_cited(
        {"module_overhead_fraction": overhead_src},
        module_overhead_fraction=overhead,
        source=els,
        modulator=MachZehnderModulator(),
        driver=_driver(payload),
        fiber=SingleModeFiber().with_cited({"length_m": "RCH-09"}, length_m=500.0),
        host_serdes=_host(host_class, payload),
        dsp=None,
    )
    lane = _rates(lane, payload)
    return _extrapolate_400g(lane) if payload == 400e9 else lane


def cpo_dr_els_lane(*, lane_rate_bps: float = 200e9, lanes: int = 8) -> Lane:
    """Co-packaged DR-style engine lane: one wavelength per fiber on parallel SMF (500 m,
    RCH-09), linear MZM drivers fed straight from the switch SerDes (no DSP), an MP-class
    external laser source whose fibers are each split to 4 modulators (CPS-LAS-06), power
    supplied from the switch board (CPS-PRE-06). Laser class HP (VHP at 400G, CPS-ARC-13)."""
    payload = _payload(lane_rate_bps, "cpo_dr_els_lane")
    lane = _dr_engine_lane(payload, "cpo-dr-els", 0.05, "CPS-PRE-06", "xsr")
    return _lanes(lane, lanes, f"cpo-dr-els-{payload / 1e9:g}g", "SYS-BC-08")


def npo_dr_lane(*, lane_rate_bps: float = 200e9, lanes: int = 8) -> Lane:
    """Near-packaged engine lane: the co-packaged DR-style engine on the host board next to
    the ASIC, with module-style power conversion (CPS-LNK-05) and the host channel of a
    near-packaged engine (its SerDes class is chosen by ``cposim.package``)."""
    payload = _payload(lane_rate_bps, "npo_dr_lane")
    lane = _dr_engine_lane(payload, "npo-dr", 0.176, "CPS-LNK-05", "vsr")
    return _lanes(lane, lanes, f"npo-dr-{payload / 1e9:g}g", "STD-23")


def cpo_mrm_wdm_lane(*, lane_rate_bps: float = 200e9, lanes: int = 8) -> Lane:
    """Co-packaged micro-ring WDM engine lane: the ``cpo-mrm-wdm-200g`` recipe (8 wavelengths
    x 400 GHz per fiber, ring demux, MP-class external laser, XSR host) at 100G or 200G."""
    payload = _payload(lane_rate_bps, "cpo_mrm_wdm_lane")
    lane = cpo_mrm_wdm_200g()
    if payload == 100e9:
        lane = _rates(lane, payload).replace(host_serdes=_host("xsr", payload))
    return _lanes(lane, lanes, f"cpo-mrm-wdm-{payload / 1e9:g}g", "SYS-NV-13")


# ---- named presets ---------------------------------------------------------------------------
def _preset(name: str, description: str, port: str, build: Callable[[], Lane]) -> Preset:
    return Preset(name, description, port, build)


ARCHITECTURE_PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        _preset("1.6t-2fr4", "1.6T FR DSP pluggable: 8 x 200G CWDM, 2 km duplex SMF", "1.6T",
                lambda: dsp_fr_lane(lane_rate_bps=200e9, lanes=8)),
        _preset("800g-lro", "800G LRO pluggable: 8 x 100G, retimed Tx, linear Rx", "800G",
                lambda: lro_lane(lane_rate_bps=100e9, lanes=8)),
        _preset("1.6t-lpo", "1.6T LPO pluggable: 8 x 200G linear drive (estimate)", "1.6T",
                lambda: lpo_lane(lane_rate_bps=200e9, lanes=8)),
        _preset("1.6t-npo", "1.6T near-packaged DR engine: 8 x 200G, external laser", "1.6T",
                lambda: npo_dr_lane(lane_rate_bps=200e9, lanes=8)),
        _preset("cpo-dr-els-200g", "CPO DR-style parallel engine lane: 200G, MZM, external laser", "1.6T",
                lambda: cpo_dr_els_lane(lane_rate_bps=200e9, lanes=8)),
        _preset("cpo-mrm-wdm-100g", "CPO micro-ring WDM engine lane at 100G, external laser", "800G",
                lambda: cpo_mrm_wdm_lane(lane_rate_bps=100e9, lanes=8)),
        _preset("3.2t-dr8-400g", "3.2T DR8 DSP pluggable at 400G/lane (extrapolation)", "3.2T",
                lambda: dsp_dr_lane(lane_rate_bps=400e9, lanes=8)),
    )
}
