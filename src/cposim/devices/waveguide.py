"""On-chip waveguide routing: propagation, bend and crossing loss.

``Waveguide`` is the silicon-on-insulator strip waveguide of DEV-50 (3.6 dB/cm); the
subclasses are the same model with the propagation loss of another platform as their
default (so each cites the right source):

* ``Waveguide`` (``waveguide``): SOI strip, 3.6 dB/cm (DEV-50);
* ``CmosSoiWaveguide`` (``waveguide_cmos_soi``): 45 nm SOI CMOS, 4.3 dB/cm (DEV-52);
* ``SiliconRibWaveguide`` (``waveguide_si_rib``): 2 dB/cm, middle of 1-3 dB/cm (DEV-53);
* ``SiliconNitrideWaveguide`` (``waveguide_sin``): 0.1 dB/cm, middle of 0.05-0.2 dB/cm (DEV-53);
* ``UltraLowLossNitrideWaveguide`` (``waveguide_sin_ull``): 0.7 dB/m (DEV-54).

Loss in dB adds: ``loss_db = loss_db_per_m * length_m + bend_count * bend_loss_db
+ crossing_count * crossing_loss_db``; ``transmission = 10**(-loss_db/10)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from cposim.devices.base import Device, as_array, param, register_device
from cposim.errors import PhysicsError
from cposim.units import db_to_linear
from cposim.validation import check_choice

__all__ = [
    "Waveguide",
    "CmosSoiWaveguide",
    "SiliconRibWaveguide",
    "SiliconNitrideWaveguide",
    "UltraLowLossNitrideWaveguide",
    "WAVEGUIDE_PLATFORMS",
    "waveguide_for_platform",
    "passive_transmission",
]

#: Planning route per lane (length, bends, crossings); see CPS-PAS-01.
_ROUTE = ("CPS-PAS-01",)


def passive_transmission(loss_db: Any, what: str) -> np.ndarray:
    """Power transmission (0..1) of a passive element from its loss in dB.

    Args:
        loss_db: insertion loss, dB (>= 0 for a passive element).
        what: name of the element, used in the error message.

    Raises:
        PhysicsError: a negative loss (gain from a passive element).
    """
    loss = np.asarray(loss_db, dtype=float)
    if np.any(loss < 0):
        raise PhysicsError(f"{what}: loss {float(np.min(loss)):g} dB is negative; a passive element cannot have gain")
    return db_to_linear(-loss)


@register_device("waveguide")
@dataclass(frozen=True, kw_only=True)
class Waveguide(Device):
    """Silicon strip waveguide route (SOI, TE, O/C band) with bends and crossings.

    Parameters (SI):
        length_m: route length, m.
        loss_db_per_m: propagation loss, dB/m (3.6 dB/cm = 360 dB/m, DEV-50).
        bend_count: number of 90-degree bends (integer).
        bend_loss_db: loss per 90-degree bend, dB (0.013 dB at R = 2 um, DEV-51).
        crossing_count: number of waveguide crossings (integer).
        crossing_loss_db: loss per crossing, dB (0.19 dB, O-band, DEV-55).

    Outputs:
        loss_db: total insertion loss, dB (>= 0).
        transmission: power transmission, 0..1.
        propagation_loss_db / bend_loss_total_db / crossing_loss_total_db: the three parts, dB.
    """

    length_m: float = param(2e-3, unit="m", sources=_ROUTE, lo=0.0, hi=10.0)
    loss_db_per_m: float = param(360.0, unit="dB/m", sources=("DEV-50",), lo=0.0, hi=1e4)
    bend_count: float = param(4, unit="-", sources=_ROUTE, lo=0, hi=1e5, integer=True)
    bend_loss_db: float = param(0.013, unit="dB", sources=("DEV-51",), lo=0.0, hi=10.0)
    crossing_count: float = param(0, unit="-", sources=_ROUTE, lo=0, hi=1e5, integer=True)
    crossing_loss_db: float = param(0.19, unit="dB", sources=("DEV-55",), lo=0.0, hi=10.0)

    outputs: ClassVar[tuple[str, ...]] = (
        "loss_db",
        "transmission",
        "propagation_loss_db",
        "bend_loss_total_db",
        "crossing_loss_total_db",
    )

    @property
    def propagation_loss_db(self) -> np.ndarray:
        """Straight-section propagation loss, dB."""
        return as_array(self.loss_db_per_m) * as_array(self.length_m)

    @property
    def bend_loss_total_db(self) -> np.ndarray:
        """Loss of all bends, dB."""
        return as_array(self.bend_count) * as_array(self.bend_loss_db)

    @property
    def crossing_loss_total_db(self) -> np.ndarray:
        """Loss of all crossings, dB."""
        return as_array(self.crossing_count) * as_array(self.crossing_loss_db)

    @property
    def loss_db(self) -> np.ndarray:
        """Total insertion loss of the route, dB."""
        return self.propagation_loss_db + self.bend_loss_total_db + self.crossing_loss_total_db

    @property
    def transmission(self) -> np.ndarray:
        """Power transmission of the route, 0..1."""
        return passive_transmission(self.loss_db, type(self).__name__)


@register_device("waveguide_cmos_soi")
@dataclass(frozen=True, kw_only=True)
class CmosSoiWaveguide(Waveguide):
    """Waveguide in an unmodified 45 nm SOI CMOS process: 4.3 dB/cm (DEV-52); other fields as ``Waveguide``."""

    loss_db_per_m: float = param(430.0, unit="dB/m", sources=("DEV-52",), lo=0.0, hi=1e4)


@register_device("waveguide_si_rib")
@dataclass(frozen=True, kw_only=True)
class SiliconRibWaveguide(Waveguide):
    """Silicon rib waveguide: 2 dB/cm, the middle of the 1-3 dB/cm range of DEV-53; other fields as ``Waveguide``."""

    loss_db_per_m: float = param(200.0, unit="dB/m", sources=("DEV-53",), lo=0.0, hi=1e4)


@register_device("waveguide_sin")
@dataclass(frozen=True, kw_only=True)
class SiliconNitrideWaveguide(Waveguide):
    """Silicon nitride waveguide: 0.1 dB/cm, the middle of 0.05-0.2 dB/cm (DEV-53).

    Nitride bends need larger radii than silicon; the bend loss default is still the
    silicon value of DEV-51, so set ``bend_loss_db`` for the actual radius.
    """

    loss_db_per_m: float = param(10.0, unit="dB/m", sources=("DEV-53",), lo=0.0, hi=1e4)


@register_device("waveguide_sin_ull")
@dataclass(frozen=True, kw_only=True)
class UltraLowLossNitrideWaveguide(Waveguide):
    """Ultra-low-loss single-mode Si3N4 waveguide: 0.7 dB/m (DEV-54); other fields as ``Waveguide``."""

    loss_db_per_m: float = param(0.7, unit="dB/m", sources=("DEV-54",), lo=0.0, hi=1e4)


#: platform name -> waveguide class with that platform's propagation loss as default.
WAVEGUIDE_PLATFORMS: dict[str, type[Waveguide]] = {
    "soi_strip": Waveguide,
    "cmos_soi": CmosSoiWaveguide,
    "si_rib": SiliconRibWaveguide,
    "sin": SiliconNitrideWaveguide,
    "sin_ull": UltraLowLossNitrideWaveguide,
}


def waveguide_for_platform(platform: str, **fields: Any) -> Waveguide:
    """A waveguide of a named platform (``soi_strip``, ``cmos_soi``, ``si_rib``, ``sin``, ``sin_ull``).

    Raises:
        ConfigError: unknown platform name (the message lists the valid ones).
    """
    check_choice("waveguide platform", platform, tuple(WAVEGUIDE_PLATFORMS))
    return WAVEGUIDE_PLATFORMS[platform](**fields)
