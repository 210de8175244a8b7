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
* :func:`cpo_mrm_wdm_lane` - co-packaged micro-ring WDM engine (8 wavelengths per fiber), the
  engine designer's lane (:func:`cposim.engine.cpo_lane.cpo_lane`).

Rates: a lane with the concatenated FEC (200G and 400G per lane, except linear 200G) runs its
optics faster than its host lanes by the 802.3dj inner code: 226.875 Gb/s (113.4375 GBd) over
212.5 Gb/s host lanes at 200G (STD-3DJ-01, STD-06); 100G lanes and the 200G LPO lane (host
RS(544,514) only) run optics and host at the same rate.

400G per lane is an extrapolation everywhere (no IEEE 400G/lane optical PMD exists): 425 Gb/s
of RS(544,514)-encoded stream (CPS-ARC-01) carried by two 212.5 Gb/s host lanes (CPS-ARC-12)
and sent at 453.75 Gb/s (226.875 GBd PAM4) with the same inner-code ratio as 200G, a
receiver twice as wide (CPS-ARC-02), a larger implementation penalty (CPS-ARC-03), and
driver/DSP energies grown from the 200G values (CPS-ARC-04/05). Those numbers are estimates, not validation targets. Micro-ring WDM and
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
from cposim.engine.cpo_lane import cpo_lane
from cposim.engine.recipe import cpo_mrm_wdm_recipe
from cposim.engine.spec import EngineSpec
from cposim.errors import ConfigError
from cposim.link.lane import Lane
from cposim.presets.lanes import (
    OPTICAL_LINE_RATE_200G_BPS,
    Preset,
    cpo_mrm_wdm_spec,
    dr8_800g,
    dr8_1600g,
    lpo_800g,
)

__all__ = [
    "ARCHITECTURE_PRESETS",
    "INNER_FEC_RATE_RATIO",
    "LANE_RATE_400G_BPS",
    "PAYLOAD_RATES_BPS",
    "cpo_dr_els_lane",
    "cpo_mrm_wdm_base",
    "cpo_mrm_wdm_lane",
    "dsp_dr_lane",
    "dsp_fr_lane",
    "electrical_rate_bps",
    "line_rate_bps",
    "lpo_lane",
    "lro_lane",
    "npo_dr_lane",
    "optical_line_rate_bps",
    "supported_lane_rates",
    "why_not_400g",
]

#: Payload rates per lane per direction the builders accept, bit/s.
PAYLOAD_RATES_BPS = (100e9, 200e9, 400e9)
#: 400G/lane electrical (RS(544,514)-encoded) rate, bit/s: twice the 802.3dj lane (CPS-ARC-01, extrapolation).
LANE_RATE_400G_BPS = 425e9
#: Optical over electrical rate of a lane with the 802.3dj inner code: 226.875 / 212.5 = 363/340
#: (STD-3DJ-01 over STD-06).
INNER_FEC_RATE_RATIO = OPTICAL_LINE_RATE_200G_BPS / LANE_RATE_200G_BPS
#: Optical line rates of lanes with the inner code, bit/s, and their sources.
_OPTICAL = {200e9: (OPTICAL_LINE_RATE_200G_BPS, ("STD-3DJ-01",)),
            400e9: (LANE_RATE_400G_BPS * INNER_FEC_RATE_RATIO, ("CPS-ARC-01", "STD-3DJ-01"))}

_LINE = {100e9: (LANE_RATE_100G_BPS, "CPS-SER-02"), 200e9: (LANE_RATE_200G_BPS, "STD-06"),
         400e9: (LANE_RATE_400G_BPS, "CPS-ARC-01")}

#: Builder name -> payload rates per lane it models, bit/s.
_SUPPORTED = {
    "dsp_dr_lane": (100e9, 200e9, 400e9),
    "dsp_fr_lane": (100e9, 200e9),
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
    "dsp_fr_lane": "on the worst CWDM4 lane (1264.5 nm, STD-25) 2 km of G.652 fiber (about -4.6 ps/(nm km)) "
                   "puts a dispersion power-fading null near 100 GHz, inside the band of a 227 GBd PAM4 "
                   "signal: the lane's own receiver finds an error floor above the FEC threshold at any "
                   "power; a 400G/lane FR needs a denser grid near 1310 nm or a coherent-lite receiver, "
                   "which are not modelled",
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


def line_rate_bps(payload_bps: float, *, inner_fec: bool = True) -> float:
    """Optical line rate (bit/s, every FEC layer included; ``Lane.line_rate_bps``) for a
    payload rate per lane: the electrical rate times 363/340 where the concatenated FEC's
    inner code runs on the optics (200G and 400G per lane, STD-3DJ-01, CPS-ARC-01), else
    (100G, or ``inner_fec=False`` as in the 200G LPO lane) the electrical rate."""
    payload = _payload(payload_bps, "line_rate_bps")
    if inner_fec and payload in _OPTICAL:
        return _OPTICAL[payload][0]
    return _LINE[payload][0]


def optical_line_rate_bps(payload_bps: float, *, inner_fec: bool = True) -> float:
    """The optical line rate, bit/s: the same as :func:`line_rate_bps` (named for clarity)."""
    return line_rate_bps(payload_bps, inner_fec=inner_fec)


def electrical_rate_bps(payload_bps: float) -> float:
    """Host electrical rate (bit/s, RS(544,514) included) for a payload rate per lane:
    106.25 (CPS-SER-02), 212.5 (STD-06) or 425 Gb/s (CPS-ARC-01, two 212.5 Gb/s host lanes)."""
    return _LINE[_payload(payload_bps, "electrical_rate_bps")][0]


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
    optical, ids = _OPTICAL[400e9]
    return ConcatenatedFec().with_cited({"inner_lane_rate_bps": ids}, inner_lane_rate_bps=optical)


def _rates(lane: Lane, payload: float, *, inner_fec: bool = True) -> Lane:
    """Set the lane's payload, optical and electrical rates (and FEC) to those of ``payload``:
    with the concatenated FEC (200G, 400G) the optics run at the electrical rate x 363/340;
    ``inner_fec=False`` (or 100G) keeps RS(544,514) only and optics at the electrical rate."""
    line, src = _LINE[payload]
    if inner_fec and payload in _OPTICAL:
        optical, ids = _OPTICAL[payload]
        return lane.with_cited({"data_rate_bps": src, "line_rate_bps": ids, "electrical_rate_bps": src},
                               data_rate_bps=payload, line_rate_bps=optical, electrical_rate_bps=line,
                               fec=_fec(payload))
    return lane.with_cited({"data_rate_bps": src, "line_rate_bps": src, "electrical_rate_bps": src},
                           data_rate_bps=payload, line_rate_bps=line, electrical_rate_bps=0.0,
                           fec=ReedSolomonFec())


def _host(reach_class: str, payload: float) -> Serdes:
    """The lane's own host SerDes (at most 212.5 Gb/s: the 400G case shows one of two lanes)."""
    line, src = _LINE[min(payload, 200e9)]
    return Serdes(reach_class=reach_class).with_cited({"lane_rate_bps": src}, lane_rate_bps=line)


def _extrapolate_400g(lane: Lane) -> Lane:
    """Receiver bandwidth of a 212.5 GBd PAM4 lane (an estimate); its penalty is computed."""
    tia = lane.tia.with_cited({"bandwidth_hz": ("CPS-ARC-02", "DEV-RX200-01")},
                              bandwidth_hz=2.0 * float(lane.tia.bandwidth_hz))
    return lane.with_cited({}, tia=tia)


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
    recipe at 226.875 GBd (425 Gb/s host side) with a 3 nm-class DSP grown by one rate doubling (CPS-ARC-04).
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
    of a shared high-power laser, evaluated at the worst CWDM4 wavelength for dispersion (the
    1264.5 nm edge of the 1271 nm lane window, STD-25: its pulse response carries the 2 km of
    dispersion), and an on-chip CWDM multiplexer and demultiplexer whose
    insertion loss (1.5 dB each, CPS-ARC-06) is carried by the Tx and Rx on-chip routes as
    one lumped element each (``crossing_count`` 1 of that loss).
    """
    payload = _payload(lane_rate_bps, "dsp_fr_lane")
    lane = dsp_dr_lane(lane_rate_bps=payload, lanes=8)
    # the lane is evaluated at the worst CWDM4 wavelength for dispersion: the lower edge of the
    # 1271 nm lane window (1264.5 nm, STD-25), about -4.6 ps/(nm km) on the G.652 fiber model
    laser = DfbLaser().with_cited(
        {"output_power_w": "CPS-ARC-07", "wall_plug_efficiency": "CPS-PRE-01", "wavelength_m": "STD-25"},
        output_power_w=0.05, wall_plug_efficiency=0.1, wavelength_m=1264.5e-9,
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
def _linear_tia(base: TransimpedanceAmplifier | None = None) -> TransimpedanceAmplifier:
    """The LPO linear TIA energy (CPS-PRE-05) on ``base``, the TIA class of the lane's rate
    (bandwidth and noise; the 112G TIA by default)."""
    base = TransimpedanceAmplifier() if base is None else base
    return base.with_cited({"energy_per_bit_j": "CPS-PRE-05"}, energy_per_bit_j=2.0e-12)


def _rx_tia(payload: float) -> TransimpedanceAmplifier:
    """The TIA class of a lane's optical rate (CPS-RXL-02); 400G lanes start from the 200G
    class and are widened by ``_extrapolate_400g``."""
    return TransimpedanceAmplifier.for_lane_rate(optical_line_rate_bps(min(payload, 200e9)))


def lpo_lane(*, lane_rate_bps: float = 100e9, lanes: int = 8) -> Lane:
    """Linear pluggable optics lane: no DSP; the host's long-reach SerDes equalises.

    100G: the ``800g-lpo`` recipe. 200G: the same module with a wider linear driver (0.5 W
    static per channel, CPS-ARC-09); the optical channel's penalty is computed from its
    waveform; only the host's RS(544,514) protects the link (no inner FEC).
    """
    payload = _payload(lane_rate_bps, "lpo_lane")
    lane = lpo_800g()
    if payload == 200e9:
        driver = ModulatorDriver().with_cited({"static_power_w": "CPS-ARC-09"}, static_power_w=0.5)
        lane = _rates(lane, payload, inner_fec=False).with_cited(
            {}, driver=driver, fec=ReedSolomonFec(), host_serdes=_host("lr", payload),
        )
        lane = lane.replace(tia=_linear_tia(TransimpedanceAmplifier.for_lane_rate(float(lane.line_rate_bps))))
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
    lane = lane.replace(dsp=dsp, tia=_linear_tia(lane.tia), host_serdes=_host("vsr", payload))
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
    lane = _rates(lane, payload).replace(tia=_rx_tia(payload))
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


def cpo_mrm_wdm_base(*, lane_rate_bps: float = 200e9, lanes: int = 8) -> Lane:
    """The co-packaged micro-ring WDM recipe (:func:`cposim.engine.recipe.cpo_mrm_wdm_recipe`:
    8 wavelengths x 400 GHz per fiber, ring demux, external laser, XSR host) at 100G or 200G:
    what the engine designer does not design. Use :func:`cpo_mrm_wdm_lane` for the lane."""
    payload = _payload(lane_rate_bps, "cpo_mrm_wdm_lane")
    return cpo_mrm_wdm_recipe(lane_rate_bps=payload, lanes=lanes)


def cpo_mrm_wdm_lane(*, lane_rate_bps: float = 200e9, lanes: int = 8, spec: EngineSpec | None = None) -> Lane:
    """Co-packaged micro-ring WDM engine lane at 100G or 200G: the engine designer's lane
    (:func:`cposim.engine.cpo_lane.cpo_lane`, as the ``cpo-mrm-wdm-200g`` preset and ``cposim
    engine``) for ``spec`` (default :func:`cposim.presets.lanes.cpo_mrm_wdm_spec` at this payload
    rate) on :func:`cpo_mrm_wdm_base`, with ``lanes`` lanes."""
    payload = _payload(lane_rate_bps, "cpo_mrm_wdm_lane")
    if spec is None:
        spec = cpo_mrm_wdm_spec().with_cited({"lane_rate_bps": _LINE[payload][1]}, lane_rate_bps=payload)
    elif abs(float(spec.lane_rate_bps) - payload) > 1e-6 * payload:
        raise ConfigError("cpo_mrm_wdm_lane.lane_rate_bps", float(lane_rate_bps),
                          f"differs from the spec's lane_rate_bps {float(spec.lane_rate_bps):g}; expected the same",
                          unit="bit/s")
    lane = cpo_lane(spec, cpo_mrm_wdm_base(lane_rate_bps=payload, lanes=spec.lanes))
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
