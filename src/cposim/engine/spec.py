"""What an optical engine must be: the specification the engine designer works from.

An :class:`EngineSpec` names the WDM layout (wavelengths per fiber, channel spacing, a CW-WDM
MSA grid or a custom one), the lane rate and format (100G or 200G payload per lane, NRZ or
PAM4), fibers per engine, the ring design targets (modulator and demux loaded Q, FSR guard
band), the thermal environment (temperature swing, ring drift, heater efficiency, fabrication
spread, channel assignment, locking overhead), the laser (ELSFP class or ``auto``, split,
wall-plug efficiency) and the link target (BER, margin). Every number is declared with
:func:`~cposim.devices.base.param` (SI unit, allowed range, source ids); text choices are
checked against their lists. Specs are scalars: the optimizer (:mod:`cposim.engine.optimizer`)
vectorises over candidate designs itself.

Engine capacity (per direction) = fibers x wavelengths per fiber x lane payload rate.

Presets (:data:`ENGINE_PRESETS`) are shaped like NVIDIA's co-packaged engines: 8 x 200G
(1.6 Tb/s, SYS-NV-13) and 16 x 200G (3.2 Tb/s, SYS-NV-14), plus a dense one-fiber 3.2T.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, ClassVar

import numpy as np

from cposim.devices.base import Model, param
from cposim.devices.external_laser import ELSFP_POWER_CLASSES_DBM
from cposim.devices.wavelength_grid import O_BAND_M, WavelengthGrid, custom_grid, cw_wdm_grid
from cposim.errors import ConfigError
from cposim.validation import check_choice

__all__ = [
    "ASSIGNMENTS",
    "DEFAULT_ENGINE_PRESET",
    "ENGINE_PRESETS",
    "EngineSpec",
    "GRID_KINDS",
    "HOST_SERDES_CLASSES",
    "LANE_RATES_BPS",
    "LASER_CLASSES",
    "MODULATIONS",
    "SPREAD_DISTRIBUTIONS",
    "engine_preset",
]

GRID_KINDS = ("cw-wdm", "custom")
MODULATIONS = ("pam4", "nrz")
#: Payload rates per lane per direction that the link presets model, bit/s.
LANE_RATES_BPS = (100e9, 200e9)
LASER_CLASSES = ("auto",) + tuple(ELSFP_POWER_CLASSES_DBM)
ASSIGNMENTS = ("cyclic", "fixed")
SPREAD_DISTRIBUTIONS = ("uniform", "normal")
HOST_SERDES_CLASSES = ("xsr", "usr")

_TEXT_CHOICES = {
    "grid": GRID_KINDS,
    "modulation": MODULATIONS,
    "laser_class": LASER_CLASSES,
    "assignment": ASSIGNMENTS,
    "spread_distribution": SPREAD_DISTRIBUTIONS,
    "host_serdes_class": HOST_SERDES_CLASSES,
}
#: Source ids behind each text choice (used by the report's traceability).
TEXT_SOURCES: dict[str, tuple[str, ...]] = {
    "grid": ("LAS-03", "CPS-GRD-02"),
    "modulation": ("STD-06",),
    "laser_class": ("LAS-01",),
    "assignment": ("CPS-ENG-07",),
    "spread_distribution": ("CPS-ENG-06",),
    "host_serdes_class": ("SER-10", "CPS-SER-08"),
}


@dataclass(frozen=True, kw_only=True)
class EngineSpec(Model):
    """Specification of a WDM micro-ring optical engine (scalars, SI units).

    Text settings:
        name: label. grid: ``cw-wdm`` (an MSA grid: 8/16/32 channels at the allowed
        100-800 GHz spacings, LAS-03) or ``custom`` (any even grid in frequency).
        modulation: ``pam4`` or ``nrz``. laser_class: ``auto`` (smallest ELSFP class that
        meets the budget) or LP/MP/HP/VHP/UHP/SHP (LAS-01). assignment: ``cyclic``
        (barrel shift, CPS-ENG-07) or ``fixed``. spread_distribution: ``uniform`` or
        ``normal`` (half-widths read as one sigma). host_serdes_class: ``xsr`` or ``usr``.

    Numeric parameters: see each field's ``doc`` (unit, range and sources via
    :meth:`parameter_info`). ``ring_radius_m = 0`` sizes the ring so that its FSR is exactly
    ``N x spacing x (1 + fsr_guard_fraction)``.

    Outputs: capacity_bps (bit/s per direction), lanes (optical lanes per engine),
    grid_model() (the :class:`~cposim.devices.wavelength_grid.WavelengthGrid`).
    """

    name: str = "engine"
    grid: str = "cw-wdm"
    modulation: str = "pam4"
    laser_class: str = "auto"
    assignment: str = "cyclic"
    spread_distribution: str = "uniform"
    host_serdes_class: str = "xsr"

    # ---- WDM layout and rate ------------------------------------------------------------
    wavelengths_per_fiber: float = param(8, unit="1", sources=("SYS-NV-13", "LAS-03"), lo=2, hi=64, integer=True,
                                         doc="wavelengths (lanes) per fiber")
    channel_spacing_hz: float = param(400e9, unit="Hz", sources=("LAS-03",), lo=25e9, hi=2e12,
                                      doc="grid spacing")
    centre_wavelength_m: float = param(1311e-9, unit="m", sources=("CPS-GRD-01",), lo=O_BAND_M[0], hi=O_BAND_M[1],
                                       doc="grid centre")
    lane_rate_bps: float = param(200e9, unit="bit/s", sources=("STD-06",), lo=100e9, hi=200e9,
                                 doc="payload per lane per direction (100G or 200G)")
    fibers_per_engine: float = param(1, unit="1", sources=("SYS-NV-13",), lo=1, hi=32, integer=True,
                                     doc="transmit fibers per engine (as many receive fibers)")

    # ---- rings ----------------------------------------------------------------------------
    modulator_loaded_q: float = param(4400.0, unit="1", sources=("DEV-12", "CPS-MOD-04"), lo=200.0, hi=1e5,
                                      doc="loaded Q of the ring modulators")
    demux_loaded_q: float = param(3000.0, unit="1", sources=("CPS-PRE-07", "DEV-12"), lo=200.0, hi=1e6,
                                  doc="loaded Q of the demux (drop) rings")
    demux_intrinsic_q: float = param(1e5, unit="1", sources=("CPS-ENG-04",), lo=1e3, hi=1e7,
                                     doc="intrinsic Q of the passive demux rings")
    ring_radius_m: float = param(0.0, unit="m", sources=("DEV-10", "CPS-ENG-01"), lo=0.0, hi=1e-3,
                                 doc="ring radius; 0 = sized from the grid and guard band")
    fsr_guard_fraction: float = param(0.05, unit="1", sources=("CPS-ENG-01",), lo=0.0, hi=1.0,
                                      doc="FSR guard beyond N x spacing, fraction")
    min_ring_radius_m: float = param(1.5e-6, unit="m", sources=("CPS-ENG-02",), lo=1e-6, hi=1e-4,
                                     doc="smallest practical ring radius")
    min_bandwidth_symbol_fraction: float = param(0.35, unit="1", sources=("CPS-ENG-03",), lo=0.05, hi=2.0,
                                                 doc="modulator EO bandwidth needed per symbol rate")
    bias_detuning_linewidths: float = param(0.4, unit="1", sources=("CPS-MOD-05",), lo=0.0, hi=3.0,
                                            doc="laser-to-resonance detuning in loaded linewidths")

    # ---- thermal --------------------------------------------------------------------------
    temperature_swing_k: float = param(40.0, unit="K", sources=("CPS-ENG-05",), lo=0.0, hi=200.0,
                                       doc="engine temperature swing the heaters must cover")
    thermal_shift_m_per_k: float = param(83e-12, unit="m/K", sources=("DEV-09",), lo=0.0, hi=1e-9,
                                         doc="ring resonance drift")
    heater_efficiency_m_per_w: float = param(1e-7, unit="m/W", sources=("DEV-04",), lo=0.0, hi=1e-5, lo_open=True,
                                             doc="heater tuning efficiency (0.1 nm/mW)")
    global_spread_m: float = param(5e-9, unit="m", sources=("CPS-ENG-06",), lo=0.0, hi=100e-9,
                                   doc="half-width of the common resonance offset of a ring bank")
    local_spread_m: float = param(1e-9, unit="m", sources=("CPS-ENG-06",), lo=0.0, hi=100e-9,
                                  doc="half-width of the ring-to-ring resonance spread")
    locking_power_per_ring_w: float = param(0.5e-3, unit="W", sources=("CPS-ENG-08",), lo=0.0, hi=0.1,
                                            doc="wavelength-lock control overhead per ring")
    mc_samples: float = param(2000, unit="1", sources=("CPS-ENG-07",), lo=10, hi=1_000_000, integer=True,
                              doc="fabrication Monte Carlo samples (ring banks)")
    seed: float = param(0, unit="1", sources=("CPS-ENG-07",), lo=0, hi=2**32 - 1, integer=True,
                        doc="seed of the fabrication Monte Carlo")

    # ---- laser and link -------------------------------------------------------------------
    laser_split_ratio: float = param(1, unit="1", sources=("LAS-03",), lo=1, hi=64, integer=True,
                                     doc="transmit fibers fed by one laser fiber (1:N split per wavelength)")
    laser_wall_plug_efficiency: float = param(0.125, unit="1", sources=("LAS-12",), lo=0.0, hi=0.75, lo_open=True,
                                              doc="ELSFP module wall-plug efficiency")
    required_margin_db: float = param(2.0, unit="dB", sources=("CPS-ENG-09",), lo=0.0, hi=20.0,
                                      doc="link margin left at the class minimum laser power")
    target_ber: float = param(0.0, unit="1", sources=("STD-01",), lo=0.0, hi=0.1,
                              doc="pre-FEC BER target; 0 = the FEC threshold")

    text_fields: ClassVar[tuple[str, ...]] = tuple(_TEXT_CHOICES)

    def _check(self) -> None:
        for name, choices in _TEXT_CHOICES.items():
            check_choice(f"EngineSpec.{name}", getattr(self, name), choices)
        for name in self.parameter_info():
            if np.ndim(getattr(self, name)) != 0:
                raise ConfigError(f"EngineSpec.{name}", getattr(self, name),
                                  "must be a single number; the optimizer sweeps designs itself")
        rate = float(self.lane_rate_bps)
        if not any(abs(rate - r) <= 1e-6 * r for r in LANE_RATES_BPS):
            raise ConfigError("EngineSpec.lane_rate_bps", rate,
                              "is not a modelled lane rate; expected 1e+11 (100G) or 2e+11 (200G) bit/s", unit="bit/s")
        if self.lanes > 256:
            raise ConfigError("EngineSpec.fibers_per_engine", float(self.fibers_per_engine),
                              f"x {int(self.wavelengths_per_fiber)} wavelengths = {self.lanes} lanes; "
                              "expected at most 256 lanes per engine")
        if 0.0 < float(self.ring_radius_m) < float(self.min_ring_radius_m):
            raise ConfigError("EngineSpec.ring_radius_m", float(self.ring_radius_m),
                              f"is below the smallest practical ring radius ({float(self.min_ring_radius_m):g} m); "
                              "expected 0 (sized from the grid) or a larger radius", unit="m")
        self.grid_model()  # raises for an MSA count/spacing pair that does not exist

    # ---- derived ----------------------------------------------------------------------
    @property
    def lanes(self) -> int:
        """Optical lanes per engine (per direction): fibers x wavelengths per fiber."""
        return int(self.fibers_per_engine) * int(self.wavelengths_per_fiber)

    @property
    def capacity_bps(self) -> float:
        """Engine capacity per direction, bit/s."""
        return self.lanes * float(self.lane_rate_bps)

    @property
    def levels(self) -> int:
        """Modulation levels (2 NRZ, 4 PAM4)."""
        return 2 if self.modulation == "nrz" else 4

    def grid_model(self) -> WavelengthGrid:
        """The channel grid: a CW-WDM MSA grid or a custom even grid in frequency."""
        n = int(self.wavelengths_per_fiber)
        if self.grid == "cw-wdm":
            try:
                return cw_wdm_grid(n, float(self.channel_spacing_hz), centre_wavelength_m=float(self.centre_wavelength_m))
            except ConfigError as err:
                raise ConfigError("EngineSpec.channel_spacing_hz", float(self.channel_spacing_hz),
                                  f"with {n} wavelengths is not a CW-WDM MSA grid ({err.expected}); "
                                  "use grid: custom for other grids", unit="Hz") from None
        return custom_grid(float(self.centre_wavelength_m), n, spacing_hz=float(self.channel_spacing_hz))

    def grid_sources(self) -> tuple[str, ...]:
        """Source ids behind the grid (the MSA rows, or the spec fields of a custom grid)."""
        own = self.sources_by_parameter()
        fields = ("wavelengths_per_fiber", "channel_spacing_hz", "centre_wavelength_m")
        ids = tuple(i for f in fields for i in own[f])
        return tuple(dict.fromkeys(self.grid_model().sources + ids))

    def text_sources(self, name: str) -> tuple[str, ...]:
        """Source ids behind a text setting (``USER`` where a scenario set it)."""
        return tuple(self.cited.get(name, TEXT_SOURCES[name]))


# ---- presets ---------------------------------------------------------------------------------
def _nv_1p6t() -> EngineSpec:
    return EngineSpec(name="nv-1.6t").with_cited(
        {"wavelengths_per_fiber": ("SYS-NV-13", "LAS-03"), "fibers_per_engine": "SYS-NV-13"},
        wavelengths_per_fiber=8, fibers_per_engine=1)


def _nv_3p2t() -> EngineSpec:
    return EngineSpec(name="nv-3.2t").with_cited(
        {"wavelengths_per_fiber": ("SYS-NV-14", "LAS-03"), "fibers_per_engine": "SYS-NV-14"},
        wavelengths_per_fiber=8, fibers_per_engine=2)


def _dense_3p2t() -> EngineSpec:
    return EngineSpec(name="dense-3.2t").with_cited(
        {"wavelengths_per_fiber": ("SYS-NV-14", "LAS-03"), "channel_spacing_hz": "LAS-03",
         "fibers_per_engine": "SYS-NV-14", "demux_loaded_q": "DEV-12"},
        wavelengths_per_fiber=16, channel_spacing_hz=200e9, fibers_per_engine=1, demux_loaded_q=5000.0)


#: name -> (description, factory).
ENGINE_PRESETS: dict[str, tuple[str, Callable[[], EngineSpec]]] = {
    "nv-1.6t": ("1.6 Tb/s engine shaped like NVIDIA Quantum-X: 1 fiber x 8 wavelengths x 200G PAM4, "
                "8 x 400 GHz CW-WDM", _nv_1p6t),
    "nv-3.2t": ("3.2 Tb/s engine shaped like NVIDIA Spectrum-X: 2 fibers x 8 wavelengths x 200G PAM4, "
                "8 x 400 GHz CW-WDM", _nv_3p2t),
    "dense-3.2t": ("3.2 Tb/s on one fiber: 16 wavelengths x 200G PAM4, 16 x 200 GHz CW-WDM", _dense_3p2t),
}
DEFAULT_ENGINE_PRESET = "nv-1.6t"


def engine_preset(name: str) -> EngineSpec:
    """A fresh :class:`EngineSpec` of the named preset (ConfigError listing the names otherwise)."""
    check_choice("engine preset", name, tuple(ENGINE_PRESETS))
    return ENGINE_PRESETS[name][1]()
