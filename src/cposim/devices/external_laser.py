"""External laser source module (OIF ELSFP): power classes, fan-out to modulator lanes,
module wall-plug efficiency and supply limits.

The OIF ELSFP implementation agreement (LAS-01) names six optical power classes, each a
power per wavelength per fiber core at the module output (+/-1.5 dB). On the optical
engine each laser fiber is split 1:N into modulator lanes (an ideal 1/N split plus the
excess loss of ``ceil(log2 N)`` 1x2 stages); the module connector adds its loss. The
module is fed from a 3.3 V supply of at most 9 A (LAS-02), so configurations drawing more
than about 30 W are rejected. Fiber-to-chip coupling and on-chip routing losses are not
included here; they belong to the link budget.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, ClassVar, Iterator, Mapping

import numpy as np

from cposim.devices.base import Device, as_array, param, register_device
from cposim.errors import ConfigError
from cposim.units import db_to_linear, dbm_to_watt, linear_to_db, watt_to_dbm
from cposim.validation import check_choice, check_number

#: ELSFP power class -> the :class:`ExternalLaserSource` parameter holding its nominal power
#: (dBm per wavelength per fiber core at the module output, LAS-01), in rising order.
ELSFP_CLASS_PARAMS: Mapping[str, str] = MappingProxyType({
    "LP": "lp_class_dbm",
    "MP": "mp_class_dbm",
    "HP": "hp_class_dbm",
    "VHP": "vhp_class_dbm",
    "UHP": "uhp_class_dbm",
    "SHP": "shp_class_dbm",
})


def _class_param(default: float, name: str) -> Any:
    return param(default, unit="dBm", sources=("LAS-01",), lo=0.0, hi=40.0,
                 doc=f"nominal power of the ELSFP {name} class per wavelength per fiber core")


@register_device("external_laser_source")
@dataclass(frozen=True, kw_only=True)
class ExternalLaserSource(Device):
    """An OIF ELSFP-style external laser module feeding modulator lanes through fibers.

    Parameters (SI):
        power_class: ``LP``, ``MP``, ``HP``, ``VHP``, ``UHP`` or ``SHP`` (11 ... 26 dBm per
            wavelength per fiber core, LAS-01).
        power_offset_db: actual minus nominal class power, dB (within the class tolerance).
        lp_class_dbm, mp_class_dbm, hp_class_dbm, vhp_class_dbm, uhp_class_dbm, shp_class_dbm:
            nominal power of each class, dBm per wavelength per fiber core (11 / 14 / 17 / 20 /
            23 / 26, LAS-01; must rise from LP to SHP). Only the chosen class's is cited.
        class_tolerance_db: tolerance of every class, dB (+/-1.5, LAS-01).
        n_fibers: output fibers (cores) of the module.
        wavelengths_per_fiber: wavelengths carried by each fiber (one laser each).
        lanes_per_fiber: modulator lanes fed by one fiber (1:N split on the engine).
        splitter_loss_db_per_stage: excess loss of one 1x2 splitter stage, dB.
        connector_loss_db: loss of the module's optical connector, dB.
        wall_plug_efficiency: module-level efficiency, total optical output / electrical
            input including TEC, drivers and control, fraction.
        chip_wall_plug_efficiency: laser-chip efficiency alone, fraction (>= module).
        supply_voltage_v: module supply voltage, V.
        max_supply_current_a: largest supply current the module may draw, A.
        rin_db_per_hz: relative intensity noise of each laser, dB/Hz (-145, production
            high-power 1311 nm CPO lasers, LAS-RIN-01; -156 best reported, LAS-RIN-02; comb and
            SOA-boosted multi-wavelength sources < -135 / < -130, LAS-RIN-03/04). Not the IEEE
            transmitter RIN_xOMA limit (-136, LAS-16), which is a different quantity.

    Outputs:
        power_per_wavelength_w (W) and _dbm (dBm) at the module output; n_lasers;
        n_lanes; splitter_loss_db (dB, ideal 10 log10 N plus excess);
        optical_power_per_lane_w (W) and _dbm (dBm); worst_case_power_per_lane_w (W, class
        minimum); total_optical_power_w (W); electrical_power_w (W, module);
        electrical_power_per_lane_w (W, the laser share of each lane); supply_current_a (A);
        overhead_power_w (W, module power beyond what the chips alone would draw).
    """

    power_class: str = field(default="VHP")
    power_offset_db: float = param(0.0, unit="dB", sources=("LAS-01",), lo=-3.0, hi=3.0,
                                   doc="actual minus nominal class power (within class_tolerance_db)")
    n_fibers: float = param(8, unit="", sources=("LAS-14",), lo=1, hi=64, integer=True,
                            doc="output fibers (cores) per module")
    wavelengths_per_fiber: float = param(1, unit="", sources=("LAS-01", "STD-27"), lo=1, hi=64, integer=True,
                                         doc="wavelengths per fiber core (one laser each)")
    lanes_per_fiber: float = param(4, unit="", sources=("CPS-LAS-06",), lo=1, hi=256, integer=True,
                                   doc="modulator lanes fed by one fiber")
    splitter_loss_db_per_stage: float = param(0.2, unit="dB", sources=("CPS-LAS-04",), lo=0.0, hi=3.0,
                                              doc="excess loss of one 1x2 splitter stage")
    connector_loss_db: float = param(0.5, unit="dB", sources=("CPS-LAS-05",), lo=0.0, hi=10.0,
                                     doc="module optical connector loss")
    wall_plug_efficiency: float = param(0.125, unit="", sources=("LAS-12",), lo=0.0, hi=0.75, lo_open=True,
                                        doc="module-level wall-plug efficiency")
    chip_wall_plug_efficiency: float = param(0.2, unit="", sources=("LAS-10",), lo=0.0, hi=0.75, lo_open=True,
                                             doc="laser-chip wall-plug efficiency")
    supply_voltage_v: float = param(3.3, unit="V", sources=("LAS-02",), lo=0.0, hi=60.0, lo_open=True,
                                    doc="module supply voltage")
    max_supply_current_a: float = param(9.0, unit="A", sources=("LAS-02",), lo=0.0, hi=100.0, lo_open=True,
                                        doc="largest supply current")
    rin_db_per_hz: float = param(-145.0, unit="dB/Hz", sources=("LAS-RIN-01",), lo=-180.0, hi=-100.0,
                                 doc="relative intensity noise of each laser at the module output")
    lp_class_dbm: float = _class_param(11.0, "LP")
    mp_class_dbm: float = _class_param(14.0, "MP")
    hp_class_dbm: float = _class_param(17.0, "HP")
    vhp_class_dbm: float = _class_param(20.0, "VHP")
    uhp_class_dbm: float = _class_param(23.0, "UHP")
    shp_class_dbm: float = _class_param(26.0, "SHP")
    class_tolerance_db: float = param(1.5, unit="dB", sources=("LAS-01",), lo=0.0, hi=3.0,
                                      doc="tolerance of every power class (+/-)")

    extra_sources: ClassVar[dict[str, tuple[str, ...]]] = {"power_class": ("LAS-01", "LAS-14")}
    outputs: ClassVar[tuple[str, ...]] = (
        "power_per_wavelength_w",
        "power_per_wavelength_dbm",
        "n_lasers",
        "n_lanes",
        "splitter_loss_db",
        "optical_power_per_lane_w",
        "optical_power_per_lane_dbm",
        "worst_case_power_per_lane_w",
        "total_optical_power_w",
        "electrical_power_w",
        "electrical_power_per_lane_w",
        "supply_current_a",
        "overhead_power_w",
    )

    def _iter_sources(self) -> Iterator[tuple[str, tuple[str, ...]]]:
        other_classes = set(ELSFP_CLASS_PARAMS.values()) - {ELSFP_CLASS_PARAMS.get(self.power_class)}
        for name, ids in super()._iter_sources():
            if name not in other_classes:
                yield name, ids

    def _check(self) -> None:
        check_choice("ExternalLaserSource.power_class", self.power_class, tuple(ELSFP_CLASS_PARAMS))
        names = list(ELSFP_CLASS_PARAMS.items())
        for (below, below_param), (name, name_param) in zip(names, names[1:]):
            low, high = np.broadcast_arrays(as_array(getattr(self, below_param)), as_array(getattr(self, name_param)))
            if np.any(high <= low):
                raise ConfigError(f"ExternalLaserSource.{name_param}", float(np.min(high)),
                                  f"is not above the {below} class ({below_param}); the classes must rise "
                                  f"from LP to SHP", unit="dBm")
        offset, tol = np.broadcast_arrays(as_array(self.power_offset_db), as_array(self.class_tolerance_db))
        if np.any(np.abs(offset) > tol):
            i = int(np.argmax((np.abs(offset) > tol).ravel()))
            raise ConfigError("ExternalLaserSource.power_offset_db", float(offset.ravel()[i]),
                              f"is outside the class tolerance; expected within +/-{float(tol.ravel()[i]):g} dB "
                              "(class_tolerance_db, LAS-01)", unit="dB")
        if np.any(as_array(self.wall_plug_efficiency) > as_array(self.chip_wall_plug_efficiency)):
            bad = np.max(as_array(self.wall_plug_efficiency))
            raise ConfigError("ExternalLaserSource.wall_plug_efficiency", bad,
                              "exceeds chip_wall_plug_efficiency; a module cannot be more efficient than its lasers")
        need, limit = np.broadcast_arrays(
            self.electrical_power_w, as_array(self.supply_voltage_v) * as_array(self.max_supply_current_a))
        over = need > limit
        if np.any(over):
            i = int(np.argmax(over.ravel()))
            raise ConfigError(
                "ExternalLaserSource.electrical_power_w", float(need.ravel()[i]),
                f"exceeds the module supply limit; expected <= {float(limit.ravel()[i]):g} W (supply voltage x "
                f"max current, LAS-02); use a lower power class, fewer fibers or a more efficient module", unit="W")

    # ---- optical -------------------------------------------------------------------
    @property
    def nominal_class_dbm(self) -> float:
        """Nominal power of the class, dBm per wavelength per fiber core (LAS-01)."""
        return getattr(self, ELSFP_CLASS_PARAMS[self.power_class])

    @property
    def power_per_wavelength_dbm(self) -> np.ndarray:
        """Power per wavelength per fiber core at the module output, dBm."""
        return self.nominal_class_dbm + as_array(self.power_offset_db)

    @property
    def power_per_wavelength_w(self) -> np.ndarray:
        """Power per wavelength per fiber core at the module output, W."""
        return dbm_to_watt(self.power_per_wavelength_dbm)

    @property
    def n_lasers(self) -> np.ndarray:
        """Lasers per module: fibers x wavelengths per fiber."""
        return as_array(self.n_fibers) * as_array(self.wavelengths_per_fiber)

    @property
    def n_lanes(self) -> np.ndarray:
        """Modulator lanes served by the module: lasers x lanes per fiber."""
        return self.n_lasers * as_array(self.lanes_per_fiber)

    @property
    def splitter_stages(self) -> np.ndarray:
        """Number of 1x2 stages of the 1:N splitter tree, ``ceil(log2 N)``."""
        return np.ceil(np.log2(as_array(self.lanes_per_fiber)))

    @property
    def splitter_loss_db(self) -> np.ndarray:
        """Loss from fiber to one lane, dB: ideal ``10 log10 N`` plus the stages' excess loss."""
        n = as_array(self.lanes_per_fiber)
        return linear_to_db(n) + self.splitter_stages * as_array(self.splitter_loss_db_per_stage)

    def _lane_power_w(self, per_wavelength_dbm) -> np.ndarray:
        loss_db = as_array(self.connector_loss_db) + self.splitter_loss_db
        return dbm_to_watt(per_wavelength_dbm) * db_to_linear(-loss_db)

    @property
    def optical_power_per_lane_w(self) -> np.ndarray:
        """CW optical power reaching each modulator lane (per wavelength), W."""
        return self._lane_power_w(self.power_per_wavelength_dbm)

    @property
    def optical_power_per_lane_dbm(self) -> np.ndarray:
        """CW optical power reaching each modulator lane (per wavelength), dBm."""
        return watt_to_dbm(self.optical_power_per_lane_w)

    @property
    def worst_case_power_per_lane_w(self) -> np.ndarray:
        """Lane power, W, for a module at the bottom of its class (nominal - tolerance)."""
        floor_dbm = self.nominal_class_dbm - self.class_tolerance_db
        return self._lane_power_w(floor_dbm)

    @property
    def total_optical_power_w(self) -> np.ndarray:
        """Total optical output of the module, W (all lasers, at the module output)."""
        return self.n_lasers * self.power_per_wavelength_w

    # ---- electrical ----------------------------------------------------------------
    @property
    def electrical_power_w(self) -> np.ndarray:
        """Electrical input power of the module, W: total optical / module WPE."""
        return self.total_optical_power_w / as_array(self.wall_plug_efficiency)

    @property
    def electrical_power_per_lane_w(self) -> np.ndarray:
        """Laser electrical power attributed to each modulator lane, W."""
        return self.electrical_power_w / self.n_lanes

    @property
    def supply_current_a(self) -> np.ndarray:
        """Supply current drawn by the module, A."""
        return self.electrical_power_w / as_array(self.supply_voltage_v)

    @property
    def overhead_power_w(self) -> np.ndarray:
        """Module power beyond the chips' own, W: ``P_el - P_opt / WPE_chip``.

        Lumps TEC, drivers, control and the module's internal optical losses.
        """
        return self.electrical_power_w - self.total_optical_power_w / as_array(self.chip_wall_plug_efficiency)

    # ---- choosing a class ----------------------------------------------------------
    @classmethod
    def for_lane_power(cls, required_power_per_lane_w: Any, *, worst_case: bool = True,
                       **fields: Any) -> "ExternalLaserSource":
        """The module of the smallest power class that delivers ``required_power_per_lane_w``.

        Args:
            required_power_per_lane_w: CW power needed at each modulator lane, W (scalar
                or array; every element must be met).
            worst_case: compare the class minimum (nominal - 1.5 dB) rather than nominal.
            **fields: other constructor fields (fibers, lanes per fiber, losses, ...);
                ``power_class`` and ``power_offset_db`` are chosen here.

        Raises:
            ConfigError: no class delivers the power, or the class that does would draw
                more than the supply allows.
        """
        name = "ExternalLaserSource.required_power_per_lane_w"
        need = as_array(check_number(name, required_power_per_lane_w, unit="W", lo=0.0, lo_open=True))
        for key in ("power_class", "power_offset_db"):
            if key in fields:
                raise ConfigError(f"ExternalLaserSource.{key}", fields[key],
                                  "is chosen by for_lane_power; leave it out")
        last_error: ConfigError | None = None
        tried: list[str] = []
        module = None
        for power_class in ELSFP_CLASS_PARAMS:
            try:
                module = cls(power_class=power_class, **fields)
            except ConfigError as err:  # supply limit: larger classes draw even more
                last_error = err
                break
            probe = module.nominal_class_dbm - (module.class_tolerance_db if worst_case else 0.0)
            if np.all(module._lane_power_w(probe) >= need):
                return module
            tried.append(power_class)
        if last_error is not None:
            raise ConfigError(name, float(np.max(need)),
                              f"is not met by classes up to {tried[-1] if tried else 'none'}, and the next class "
                              f"exceeds the supply limit ({last_error})", unit="W")
        best = module._lane_power_w(module.nominal_class_dbm - (module.class_tolerance_db if worst_case else 0.0))
        raise ConfigError(name, float(np.max(need)),
                          f"is more than the largest class (SHP) delivers; expected <= {float(np.min(best)):g} W",
                          unit="W")


def smallest_power_class(required_power_per_lane_w: Any, *, worst_case: bool = True, **fields: Any) -> str:
    """Name of the smallest ELSFP power class meeting a per-lane power need (see
    :meth:`ExternalLaserSource.for_lane_power`)."""
    return ExternalLaserSource.for_lane_power(required_power_per_lane_w, worst_case=worst_case, **fields).power_class


_DEFAULTS = ExternalLaserSource.parameter_info()
#: OIF ELSFP power classes: dBm per wavelength per fiber core at the module output (LAS-01), a
#: read-only view of the ``*_class_dbm`` defaults of :class:`ExternalLaserSource`.
ELSFP_POWER_CLASSES_DBM: Mapping[str, float] = MappingProxyType(
    {name: _DEFAULTS[p]["default"] for name, p in ELSFP_CLASS_PARAMS.items()})
#: Tolerance of every ELSFP power class, dB (LAS-01; the default of
#: ``ExternalLaserSource.class_tolerance_db``).
ELSFP_CLASS_TOLERANCE_DB: float = _DEFAULTS["class_tolerance_db"]["default"]
