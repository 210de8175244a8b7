"""WDM demultiplexer made of add-drop microring filters on one bus waveguide.

Each ring is a symmetric add-drop filter (equal input and drop coupling). Temporal
coupled-mode theory (Little et al., JLT 1997; CPS-DMX-04) gives, at detuning ``delta``
(Hz) from a resonance ``f0`` with loaded quality factor ``Q``::

    L(delta)      = 1 / (1 + (2 Q delta / f0)**2)            # Lorentzian, FWHM = f0 / Q
    drop(delta)   = D0 * L(delta)                             # D0 = 10**(-drop_loss_db/10)
    through(delta) = 1 - (1 - T0) * L(delta),  T0 = (1 - sqrt(D0))**2

so ``drop + through <= 1`` (the rest is absorbed in the ring) and ``T0`` is the through-port
power left at resonance. The response repeats every free spectral range (FSR): detuning is
taken to the nearest resonance order. Every ring also costs ``through_loss_db`` to the light
passing it (bus and coupler excess loss).

Rings sit on the bus in order of increasing channel wavelength; ring ``k`` drops channel
``k``. Channel ``j`` reaches ring ``k`` after the through ports of rings ``0..k-1``, so
channels dropped upstream arrive strongly attenuated, and the wanted channel has lost a
little to the Lorentzian tails of the rings before its own. Per channel ``k``:

* insertion loss: ``-10 log10(power of channel k at drop k)`` (launch power 1);
* crosstalk: ``10 log10(sum over j != k of leaked power of channel j at drop k / wanted
  power at drop k)``, all channels launched with equal power (dB, negative).

Single-ring figures (no cascade): ``adjacent_crosstalk_db = 10 log10 L(spacing)``,
``next_nearest_crosstalk_db = 10 log10 L(2 spacing)``; ``isolation_db(spacing)`` is
``-10 log10 L(spacing)`` (positive).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from cposim.devices.base import Device, as_array, param, register_device
from cposim.devices.waveguide import passive_transmission
from cposim.errors import ConfigError, PhysicsError
from cposim.units import SPEED_OF_LIGHT_M_PER_S, db_to_linear, frequency_hz, linear_to_db
from cposim.validation import check_number

__all__ = ["RingDemux", "lorentzian", "add_drop_ring_response"]


def lorentzian(detuning_hz: Any, resonance_hz: Any, loaded_q: Any, fsr_hz: Any = None) -> np.ndarray:
    """Normalised Lorentzian ``1 / (1 + (2 Q delta / f0)**2)`` of an add-drop ring, 0..1.

    Args:
        detuning_hz: optical frequency minus the resonance frequency, Hz.
        resonance_hz: resonance frequency ``f0``, Hz.
        loaded_q: loaded quality factor (FWHM = ``f0 / Q``).
        fsr_hz: free spectral range, Hz; if given, the detuning is taken to the nearest
            resonance order (the response is periodic).
    """
    delta = np.asarray(detuning_hz, dtype=float)
    if fsr_hz is not None:
        fsr = np.asarray(fsr_hz, dtype=float)
        delta = delta - fsr * np.round(delta / fsr)
    x = 2.0 * np.asarray(loaded_q, dtype=float) * delta / np.asarray(resonance_hz, dtype=float)
    return 1.0 / (1.0 + x**2)


def add_drop_ring_response(
    detuning_hz: Any, resonance_hz: Any, loaded_q: Any, drop_peak: Any, fsr_hz: Any = None
) -> tuple[np.ndarray, np.ndarray]:
    """(drop, through) power transmissions of a symmetric add-drop ring, each 0..1.

    Args:
        detuning_hz, resonance_hz, loaded_q, fsr_hz: as :func:`lorentzian`.
        drop_peak: drop-port power transmission at resonance ``D0`` (0..1).
    """
    d0 = np.asarray(drop_peak, dtype=float)
    if np.any(d0 < 0) or np.any(d0 > 1):
        raise PhysicsError("add_drop_ring_response: drop_peak outside 0..1 would create or destroy power")
    lor = lorentzian(detuning_hz, resonance_hz, loaded_q, fsr_hz)
    t0 = (1.0 - np.sqrt(d0)) ** 2
    return d0 * lor, 1.0 - (1.0 - t0) * lor


@register_device("ring_demux")
@dataclass(frozen=True, kw_only=True)
class RingDemux(Device):
    """Bank of add-drop microring filters that demultiplexes an evenly spaced WDM grid.

    Parameters (SI):
        channel_count: number of channels and rings (integer, 8: CW-WDM 8 x 200 GHz, LAS-03).
        channel_spacing_hz: grid spacing, Hz (200 GHz, LAS-03).
        centre_wavelength_m: grid centre, m (1311 nm, CPS-GRD-01).
        loaded_q: loaded Q of each ring (8000, CPS-DMX-01; DEV-12 range).
        drop_loss_db: drop-port loss at resonance, dB (1 dB, CPS-DMX-02); at least 0.01 dB,
            since a lossless ring would leave exactly zero through-port power at resonance
            and the last channel's crosstalk would be -inf dB.
        through_loss_db: excess loss per ring passed on the bus, dB (0.05 dB, CPS-DMX-03).
        free_spectral_range_m: ring FSR at the centre wavelength, m (13 nm, DEV-10). The grid
            must fit in one FSR: ``channel_count * channel_spacing <= FSR``.

    Outputs (worst channel, over design arrays):
        insertion_loss_db: largest drop-path loss, dB (>= 0).
        crosstalk_db: largest aggregate crosstalk from all other channels, dB (< 0).
        adjacent_crosstalk_db / next_nearest_crosstalk_db: single-ring leak of a channel one /
            two spacings away relative to the wanted one, dB (< 0).
        adjacent_isolation_db: ``-adjacent_crosstalk_db``, dB (> 0).
        fwhm_hz: filter full width at half maximum ``f0/Q``, Hz.
        fsr_hz: free spectral range in frequency, Hz.
    Methods:
        channel_wavelengths_m(), channel_insertion_loss_db(wavelengths_m=None),
        channel_crosstalk_db(wavelengths_m=None) (channel axis last), isolation_db(spacing_hz),
        drop_power_matrix(wavelengths_m=None) (power of channel j at drop k).
    """

    channel_count: float = param(8, unit="-", sources=("LAS-03",), lo=2, hi=128, integer=True)
    channel_spacing_hz: float = param(200e9, unit="Hz", sources=("LAS-03",), lo=1e9, hi=20e12)
    centre_wavelength_m: float = param(1311e-9, unit="m", sources=("CPS-GRD-01",), lo=1.0e-6, hi=2.0e-6)
    loaded_q: float = param(8000.0, unit="-", sources=("CPS-DMX-01", "DEV-12"), lo=10.0, hi=1e7)
    drop_loss_db: float = param(1.0, unit="dB", sources=("CPS-DMX-02",), lo=0.01, hi=30.0)
    through_loss_db: float = param(0.05, unit="dB", sources=("CPS-DMX-03",), lo=0.0, hi=3.0)
    free_spectral_range_m: float = param(13e-9, unit="m", sources=("DEV-10",), lo=0.1e-9, hi=500e-9)

    outputs: ClassVar[tuple[str, ...]] = (
        "insertion_loss_db",
        "crosstalk_db",
        "adjacent_crosstalk_db",
        "next_nearest_crosstalk_db",
        "adjacent_isolation_db",
        "fwhm_hz",
        "fsr_hz",
    )
    #: source ids of the closed-form ring response used by every output.
    formula_sources: ClassVar[tuple[str, ...]] = ("CPS-DMX-04",)

    def _check(self) -> None:
        name = type(self).__name__
        if np.ndim(self.channel_count) != 0:
            raise ConfigError(f"{name}.channel_count", self.channel_count, "must be a single whole number, not an array")
        occupied = float(self.channel_count) * as_array(self.channel_spacing_hz)
        too_wide = occupied > self.fsr_hz * (1.0 + 1e-12)
        if np.any(too_wide):
            bad = np.broadcast_to(as_array(self.channel_spacing_hz), too_wide.shape)[too_wide].flat[0]
            raise ConfigError(
                f"{name}.channel_spacing_hz",
                bad,
                f"x {int(self.channel_count)} channels exceeds the ring free spectral range "
                f"({float(np.min(self.fsr_hz)) / 1e9:g} GHz); channels would share a resonance order",
                unit="Hz",
            )

    # ---- grid ---------------------------------------------------------------------
    @property
    def fsr_hz(self) -> np.ndarray:
        """Free spectral range in frequency at the centre wavelength, Hz: ``c FSR_m / lambda^2``."""
        lam = as_array(self.centre_wavelength_m)
        return SPEED_OF_LIGHT_M_PER_S * as_array(self.free_spectral_range_m) / lam**2

    @property
    def fwhm_hz(self) -> np.ndarray:
        """Filter full width at half maximum at the centre, Hz: ``f0 / Q``."""
        return frequency_hz(self.centre_wavelength_m) / as_array(self.loaded_q)

    def _grid_frequencies_hz(self) -> np.ndarray:
        """Channel frequencies, Hz, shape ``design + (N,)``, in order of increasing wavelength."""
        n = int(self.channel_count)
        k = np.arange(n, dtype=float) - (n - 1) / 2.0
        f_c = frequency_hz(self.centre_wavelength_m)[..., None]
        return f_c - k * as_array(self.channel_spacing_hz)[..., None]

    def channel_wavelengths_m(self) -> np.ndarray:
        """Channel wavelengths, m, ascending (channel axis last)."""
        return SPEED_OF_LIGHT_M_PER_S / self._grid_frequencies_hz()

    def _frequencies(self, wavelengths_m: Any) -> np.ndarray:
        if wavelengths_m is None:
            return self._grid_frequencies_hz()
        lam = check_number(
            f"{type(self).__name__} wavelengths_m", wavelengths_m, unit="m", lo=1.0e-6, hi=2.0e-6
        )
        lam = np.sort(np.atleast_1d(np.asarray(lam, dtype=float)), axis=-1)
        if lam.shape[-1] < 2:
            raise ConfigError(f"{type(self).__name__} wavelengths_m", lam, "needs at least 2 channels")
        f = SPEED_OF_LIGHT_M_PER_S / lam
        extent = f[..., 0] - f[..., -1]
        if np.any(extent >= self.fsr_hz):
            raise ConfigError(
                f"{type(self).__name__} wavelengths_m",
                lam,
                "spread wider than the ring free spectral range; channels would share a resonance order",
            )
        return np.broadcast_to(f, np.broadcast_shapes(f.shape, np.shape(self.fsr_hz) + (1,)))

    # ---- cascade ------------------------------------------------------------------
    def drop_power_matrix(self, wavelengths_m: Any = None) -> np.ndarray:
        """Power of channel ``j`` at the drop port of ring ``k``, array ``[..., k, j]`` (0..1).

        Every channel is launched with power 1; the diagonal is the wanted signal of each
        drop, the off-diagonal terms are crosstalk. ``wavelengths_m`` (m) replaces the even
        grid, as in :meth:`channel_crosstalk_db`.
        """
        f = self._frequencies(wavelengths_m)
        f_ring = f[..., :, None]
        f_chan = f[..., None, :]
        q = as_array(self.loaded_q)[..., None, None]
        fsr = self.fsr_hz[..., None, None]
        d0 = db_to_linear(-as_array(self.drop_loss_db))[..., None, None]
        drop, through = add_drop_ring_response(f_chan - f_ring, f_ring, q, d0, fsr)
        through = through * db_to_linear(-as_array(self.through_loss_db))[..., None, None]
        passed = np.cumprod(through, axis=-2)
        ones = np.ones_like(passed[..., :1, :])
        arriving = np.concatenate([ones, passed[..., :-1, :]], axis=-2)
        return drop * arriving

    def channel_insertion_loss_db(self, wavelengths_m: Any = None) -> np.ndarray:
        """Drop-path insertion loss of each channel, dB (>= 0), channel axis last.

        Args:
            wavelengths_m: channel wavelengths, m, to demultiplex instead of the even grid
                (one ring per channel, same Q and losses).
        """
        m = self.drop_power_matrix(wavelengths_m)
        loss = -linear_to_db(np.diagonal(m, axis1=-2, axis2=-1))
        passive_transmission(loss, type(self).__name__)  # PhysicsError if the cascade showed gain
        return loss

    def channel_crosstalk_db(self, wavelengths_m: Any = None) -> np.ndarray:
        """Aggregate crosstalk into each channel's drop from all other channels, dB (< 0).

        Equal launch power in every channel; channel axis last.
        """
        m = self.drop_power_matrix(wavelengths_m)
        wanted = np.diagonal(m, axis1=-2, axis2=-1)
        leak = m.sum(axis=-1) - wanted
        return linear_to_db(leak / wanted)

    @property
    def insertion_loss_db(self) -> np.ndarray:
        """Worst (largest) channel insertion loss of the even grid, dB."""
        return self.channel_insertion_loss_db().max(axis=-1)

    @property
    def crosstalk_db(self) -> np.ndarray:
        """Worst (least negative) aggregate channel crosstalk of the even grid, dB."""
        return self.channel_crosstalk_db().max(axis=-1)

    # ---- single-ring figures ----------------------------------------------------------
    def isolation_db(self, spacing_hz: Any) -> np.ndarray:
        """Single-ring isolation ``-10 log10 L(spacing)`` of a channel ``spacing_hz`` (Hz) away, dB (>= 0)."""
        s = check_number(f"{type(self).__name__}.isolation_db spacing_hz", spacing_hz, unit="Hz", lo=0.0)
        f0 = frequency_hz(self.centre_wavelength_m)
        return -linear_to_db(lorentzian(s, f0, self.loaded_q, self.fsr_hz))

    @property
    def adjacent_crosstalk_db(self) -> np.ndarray:
        """Leak of a channel one spacing away relative to the wanted one, single ring, dB."""
        return -self.isolation_db(self.channel_spacing_hz)

    @property
    def next_nearest_crosstalk_db(self) -> np.ndarray:
        """Leak of a channel two spacings away relative to the wanted one, single ring, dB."""
        return -self.isolation_db(2.0 * as_array(self.channel_spacing_hz))

    @property
    def adjacent_isolation_db(self) -> np.ndarray:
        """Single-ring isolation of the adjacent channel, dB (> 0)."""
        return self.isolation_db(self.channel_spacing_hz)
