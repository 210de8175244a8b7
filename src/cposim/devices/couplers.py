"""Light into and out of the chip: edge and grating couplers, fiber attach, fiber connectors.

All four are passive: ``loss_db >= 0`` and ``transmission = 10**(-loss_db/10)`` in 0..1.

* ``EdgeCoupler``: per-facet loss of an O-band edge coupler to a lensed fiber (DEV-48).
* ``GratingCoupler``: peak loss at the centre wavelength (DEV-46, 1310 nm, 400 nm SOI)
  and a parabolic-in-dB roll-off (Gaussian in linear power) set by the 1 dB bandwidth:
  ``loss_db(lambda) = peak_loss_db + (2 (lambda - lambda_c) / bw_1db)**2``, so the loss is
  1 dB above the peak at ``lambda_c +/- bw_1db/2``. DEV-45 (>30 % efficiency, 40 nm 1-dB
  bandwidth at 1550 nm) and DEV-47 (0.69 dB, 20 nm, normal incidence) are context.
* ``FiberAttach``: excess loss of the fiber-to-chip assembly (adhesive, alignment drift,
  fiber-array pitch), on top of the coupler's own loss (planning value CPS-PAS-03).
* ``FiberConnector``: ``connector_count`` mated connector pairs of ``loss_per_connector_db``
  each (0.75 dB max per pair, TIA-568.3-D, CPS-PAS-04), compared with the 2.75 dB
  connection/splice allocation of a 500 m DR channel (STD-15).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from cposim.devices.base import Device, as_array, param, register_device
from cposim.devices.waveguide import passive_transmission
from cposim.validation import check_number

__all__ = ["EdgeCoupler", "GratingCoupler", "FiberAttach", "FiberConnector"]


@register_device("edge_coupler")
@dataclass(frozen=True, kw_only=True)
class EdgeCoupler(Device):
    """O-band edge coupler (spot-size converter) to a lensed fiber, loss per facet.

    Parameters:
        loss_db: coupling loss per facet, dB (1.52 dB TE upper bound, 1260-1360 nm, DEV-48).

    Outputs:
        loss_db: dB; transmission: 0..1.
    """

    loss_db: float = param(1.52, unit="dB", sources=("DEV-48",), lo=0.0, hi=30.0)

    outputs: ClassVar[tuple[str, ...]] = ("loss_db", "transmission")

    @property
    def transmission(self) -> np.ndarray:
        """Power transmission per facet, 0..1."""
        return passive_transmission(self.loss_db, type(self).__name__)


@register_device("grating_coupler")
@dataclass(frozen=True, kw_only=True)
class GratingCoupler(Device):
    """Fiber-to-chip grating coupler with a parabolic-in-dB spectral roll-off.

    Parameters (SI):
        peak_loss_db: loss at the centre wavelength, dB (3 dB at 1310 nm, 400 nm SOI, DEV-46).
        centre_wavelength_m: wavelength of lowest loss, m (1310 nm, DEV-46).
        bandwidth_1db_m: full width over which the loss stays within 1 dB of the peak, m
            (33.5 nm: the 58 nm FWHM of DEV-46 divided by sqrt(3), CPS-PAS-02).

    Outputs:
        loss_db: loss at the centre wavelength, dB; transmission: 0..1 at the centre;
        bandwidth_3db_m: full width at 3 dB above the peak loss, m.
    Methods:
        loss_db_at(wavelength_m), transmission_at(wavelength_m): spectral response.
    """

    peak_loss_db: float = param(3.0, unit="dB", sources=("DEV-46",), lo=0.0, hi=30.0)
    centre_wavelength_m: float = param(1310e-9, unit="m", sources=("DEV-46",), lo=1.0e-6, hi=2.0e-6)
    bandwidth_1db_m: float = param(33.5e-9, unit="m", sources=("CPS-PAS-02", "DEV-46"), lo=1e-10, hi=500e-9)

    outputs: ClassVar[tuple[str, ...]] = ("loss_db", "transmission", "bandwidth_3db_m")

    @property
    def loss_db(self) -> np.ndarray:
        """Loss at the centre wavelength, dB."""
        return as_array(self.peak_loss_db)

    @property
    def transmission(self) -> np.ndarray:
        """Power transmission at the centre wavelength, 0..1."""
        return passive_transmission(self.loss_db, type(self).__name__)

    @property
    def bandwidth_3db_m(self) -> np.ndarray:
        """Full width at 3 dB above the peak loss, m (``sqrt(3)`` times the 1 dB width)."""
        return np.sqrt(3.0) * as_array(self.bandwidth_1db_m)

    def loss_db_at(self, wavelength_m: Any) -> np.ndarray:
        """Loss, dB, at ``wavelength_m`` (m): ``peak + (2 (lambda - lambda_c)/bw_1db)**2``."""
        lam = check_number(f"{type(self).__name__}.loss_db_at wavelength_m", wavelength_m, unit="m", lo=0.0, lo_open=True)
        x = 2.0 * (np.asarray(lam) - as_array(self.centre_wavelength_m)) / as_array(self.bandwidth_1db_m)
        return as_array(self.peak_loss_db) + x**2

    def transmission_at(self, wavelength_m: Any) -> np.ndarray:
        """Power transmission, 0..1, at ``wavelength_m`` (m)."""
        return passive_transmission(self.loss_db_at(wavelength_m), type(self).__name__)


@register_device("fiber_attach")
@dataclass(frozen=True, kw_only=True)
class FiberAttach(Device):
    """Fiber-to-chip attach (fiber array unit, adhesive, alignment) excess loss.

    This is the assembly's loss on top of the coupler's own (``EdgeCoupler`` or
    ``GratingCoupler``): residual misalignment, pitch error, epoxy shrink and drift.

    Parameters:
        excess_loss_db: dB (0.5 dB planning value, CPS-PAS-03).

    Outputs:
        loss_db: dB; transmission: 0..1.
    """

    excess_loss_db: float = param(0.5, unit="dB", sources=("CPS-PAS-03",), lo=0.0, hi=20.0)

    outputs: ClassVar[tuple[str, ...]] = ("loss_db", "transmission")

    @property
    def loss_db(self) -> np.ndarray:
        """Attach excess loss, dB."""
        return as_array(self.excess_loss_db)

    @property
    def transmission(self) -> np.ndarray:
        """Power transmission, 0..1."""
        return passive_transmission(self.loss_db, type(self).__name__)


@register_device("fiber_connector")
@dataclass(frozen=True, kw_only=True)
class FiberConnector(Device):
    """Mated single-mode fiber connectors in a channel (e.g. package, front panel, patch panel).

    Parameters:
        loss_per_connector_db: insertion loss per mated pair, dB (0.75 dB max, TIA-568.3-D,
            CPS-PAS-04).
        connector_count: number of mated pairs (integer; 2 as planning value, CPS-PAS-05).
        allocation_db: connection and splice loss allocation of the channel, dB (2.75 dB for a
            500 m DR channel, STD-15).

    Outputs:
        loss_db: total connector loss, dB; transmission: 0..1;
        margin_to_allocation_db: ``allocation_db - loss_db``, dB (negative: over budget).
    """

    loss_per_connector_db: float = param(0.75, unit="dB", sources=("CPS-PAS-04",), lo=0.0, hi=10.0)
    connector_count: float = param(2, unit="-", sources=("CPS-PAS-05",), lo=0, hi=100, integer=True)
    allocation_db: float = param(2.75, unit="dB", sources=("STD-15",), lo=0.0, hi=100.0)

    outputs: ClassVar[tuple[str, ...]] = ("loss_db", "transmission", "margin_to_allocation_db")

    @property
    def loss_db(self) -> np.ndarray:
        """Total loss of all mated connectors, dB."""
        return as_array(self.connector_count) * as_array(self.loss_per_connector_db)

    @property
    def transmission(self) -> np.ndarray:
        """Power transmission through all connectors, 0..1."""
        return passive_transmission(self.loss_db, type(self).__name__)

    @property
    def margin_to_allocation_db(self) -> np.ndarray:
        """Connection/splice allocation left after the connectors, dB (negative: over budget)."""
        return as_array(self.allocation_db) - self.loss_db
