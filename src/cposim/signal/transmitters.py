"""Optical transmitters of the time-domain simulator: the modulator stages that turn a drive
waveform into the optical field, built from the device models, and the laser's RIN.

Every stage takes the drive in swing units ``u`` (0 = drive of level 0, 1 = drive of level
M-1; see :mod:`cposim.signal.waveform`) and returns the complex field transmission
``E_out / E_in`` (unitless; the pipeline scales it by the laser field). The drive voltage
is oriented so that level 0 is the lowest optical power, as in the device models'
``transmission_levels`` (static levels are pinned against them by tests).

* :class:`MachZehnderStage` (:class:`~cposim.devices.mach_zehnder.MachZehnderModulator`):
  ``v = v_0 + (v_1 - v_0) u`` across ``-Vpp/2 ... +Vpp/2``; RF bandwidth as a linear-phase
  FIR whose magnitude is the device's velocity-matched electrode response
  ``|H(f)| = (1 - exp(-x)) / x`` (:meth:`eo_response_db`; skipped where it departs from 1 by
  less than 1e-9 over the simulated band); then the device's transfer
  ``T = IL (1 + g cos phi) / 2``, ``phi = bias + pi v / V_pi``, as the field
  ``sqrt(IL/2) (alpha e^{j phi/2} + beta e^{-j phi/2})`` with ``alpha, beta =
  (sqrt(1 + g) +- sqrt(1 - g)) / 2`` (the finite extinction as an arm imbalance; push-pull
  drive, so no chirp beyond that imbalance).
* :class:`ElectroAbsorptionStage` (:class:`~cposim.devices.electro_absorption.ElectroAbsorptionModulator`):
  first-order (RC) response of ``bandwidth_hz`` on the voltage, then the device's
  absorption linear in dB; field ``10^(-T_dB/20)``, real (no chirp).
* :class:`RingModulatorStage` (:class:`~cposim.devices.ring_modulator.RingModulator`):
  first-order junction RC (``rc_bandwidth_hz``) on the voltage; the resonance shifts by
  ``eta v`` plus ``thermal_shift_m_per_k * dT`` (a ring hotter by ``dT`` than its bias
  point, laser fixed); the round-trip phase at the laser wavelength drives the coupled-mode
  ring of :mod:`cposim.signal.ring_dynamics`.

Laser RIN (:func:`laser_rin_per_hz`): the source's RIN, one-sided on optical power, the same
number the link engine uses (``source_rin_db_per_hz``). The receiver imposes it on the
detected current as a white fluctuation ``sigma^2 = RIN I^2 B_n`` (the engine's
convention); dispersion-induced conversion of laser phase noise is not modelled.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cposim.devices.base import as_array
from cposim.devices.electro_absorption import ElectroAbsorptionModulator
from cposim.devices.mach_zehnder import MachZehnderModulator
from cposim.devices.ring_modulator import RingModulator
from cposim.errors import ConfigError, PhysicsError
from cposim.signal.ring_dynamics import RingCmt, cmt_rates
from cposim.signal.waveform import Scratch, StreamingFir, StreamingLfilter
from cposim.validation import check_number

__all__ = [
    "ElectroAbsorptionStage",
    "MachZehnderStage",
    "RingModulatorStage",
    "build_modulator_stage",
    "first_order_lowpass",
    "laser_rin_per_hz",
    "mzm_eo_fir",
]

#: Energy fraction of the ideal impulse response a truncated EO FIR may drop.
_EO_FIR_TAIL = 1e-7
_EO_FIR_MAX_HALF = 1023


def _scalar(model: Any, name: str) -> float:
    v = as_array(getattr(model, name))
    if v.ndim != 0:
        raise ConfigError(f"{type(model).__name__}.{name}", v,
                          "is an array; the time-domain simulator needs scalar device parameters")
    return float(v)


def first_order_lowpass(bandwidth_hz: float, sample_rate_hz: float, dtype: Any) -> StreamingLfilter:
    """Single-pole RC low-pass, exact for a drive held over each sample:
    ``y[n] = a y[n-1] + (1 - a) x[n]``, ``a = exp(-2 pi f_3dB / f_s)``."""
    a = float(np.exp(-2.0 * np.pi * bandwidth_hz / sample_rate_hz))
    return StreamingLfilter(np.array([1.0 - a]), np.array([1.0, -a]), dtype)


def laser_rin_per_hz(rin_db_per_hz: Any) -> float:
    """Linear one-sided RIN, 1/Hz, from dB/Hz (scalar)."""
    r = check_number("laser.rin_db_per_hz", rin_db_per_hz, unit="dB/Hz", lo=-250.0, hi=-50.0)
    if np.ndim(r) != 0:
        raise ConfigError("laser.rin_db_per_hz", r, "is an array; the time-domain simulator needs one value")
    return float(10.0 ** (float(r) / 10.0))


def mzm_eo_fir(mzm: MachZehnderModulator, sample_rate_hz: float) -> np.ndarray | None:
    """Linear-phase FIR taps with the MZM's EO magnitude response, unit DC gain; ``None``
    where the response departs from 1 by less than 1e-9 up to ``f_s / 2``."""
    nyq = 0.5 * sample_rate_hz
    if 1.0 - 10.0 ** (float(mzm.eo_response_db(nyq)) / 20.0) < 1e-9:
        return None
    n = 1 << 15
    f = np.fft.rfftfreq(n, 1.0 / sample_rate_hz)
    mag = 10.0 ** (np.asarray(mzm.eo_response_db(f)) / 20.0)
    h = np.fft.fftshift(np.fft.irfft(mag, n))
    c = n // 2
    e = h**2
    total = e.sum()
    half = 1
    while half < _EO_FIR_MAX_HALF and e[c - half : c + half + 1].sum() < (1.0 - _EO_FIR_TAIL) * total:
        half = min(_EO_FIR_MAX_HALF, 2 * half)
    taps = h[c - half : c + half + 1]
    return taps / taps.sum()


class MachZehnderStage:
    """MZM: drive (swing units) to field transmission (module docstring)."""

    def __init__(self, mzm: MachZehnderModulator, *, sample_rate_hz: float, dtype: Any = np.float64) -> None:
        self.device = mzm
        self.dtype = np.dtype(dtype)
        vpp = _scalar(mzm, "drive_swing_v")
        lo, hi = (float(t) for t in mzm.transmission_at_voltage(np.array([-0.5 * vpp, 0.5 * vpp])))
        self.v0, self.v1 = (-0.5 * vpp, 0.5 * vpp) if lo <= hi else (0.5 * vpp, -0.5 * vpp)
        er = 10.0 ** (_scalar(mzm, "static_extinction_ratio_db") / 10.0)
        g = (er - 1.0) / (er + 1.0)
        # python floats: a numpy float64 scalar would promote float32 arrays to float64
        self._alpha = float(0.5 * (np.sqrt(1.0 + g) + np.sqrt(1.0 - g)))
        self._beta = float(0.5 * (np.sqrt(1.0 + g) - np.sqrt(1.0 - g)))
        self._amp = float(np.sqrt(10.0 ** (-float(mzm.optical_loss_db) / 10.0) / 2.0))
        self._bias = _scalar(mzm, "bias_phase_rad")
        self._k = np.pi / float(mzm.vpi_v)
        taps = mzm_eo_fir(mzm, sample_rate_hz)
        self.filter = None if taps is None else StreamingFir(taps, self.dtype)
        self._scratch = Scratch()

    @property
    def delay_samples(self) -> float:
        return 0.0 if self.filter is None else self.filter.delay_samples

    def _field(self, v: np.ndarray) -> np.ndarray:
        half = (0.5 * self._k) * np.asarray(v, dtype=self.dtype)
        half += 0.5 * self._bias
        return self._assemble(half)

    def _assemble(self, half: np.ndarray) -> np.ndarray:
        """Field ``A cos(half) + j B sin(half)`` (the two-arm sum, module docstring), written
        straight into the complex output (one allocation)."""
        out = np.empty(half.size, dtype=np.result_type(self.dtype, np.complex64))
        np.cos(half, out=out.real)
        out.real *= self._amp * (self._alpha + self._beta)
        np.sin(half, out=out.imag)
        out.imag *= self._amp * (self._alpha - self._beta)
        return out

    def process(self, u: np.ndarray) -> np.ndarray:
        u = np.asarray(u, dtype=self.dtype)
        if self.filter is None:  # half-phase straight from the drive: 0.5 (bias + k (v0 + (v1 - v0) u))
            half = self._scratch.take("half", u.size, self.dtype)
            np.multiply(u, 0.5 * self._k * (self.v1 - self.v0), out=half)
            half += 0.5 * (self._bias + self._k * self.v0)
            return self._assemble(half)
        return self._field(self.filter.process(self.v0 + (self.v1 - self.v0) * u))

    def flush(self) -> np.ndarray:
        if self.filter is None:
            return self._field(np.empty(0, dtype=self.dtype))
        return self._field(self.filter.flush())

    def static_transmission(self, u: Any) -> np.ndarray:
        """Power transmission for a constant drive ``u`` (swing units)."""
        v = self.v0 + (self.v1 - self.v0) * np.asarray(u, dtype=float)
        return np.abs(self._field(np.atleast_1d(v)).astype(np.complex128)) ** 2


class ElectroAbsorptionStage:
    """EAM: drive (swing units) to field transmission (module docstring)."""

    def __init__(self, eam: ElectroAbsorptionModulator, *, sample_rate_hz: float, dtype: Any = np.float64) -> None:
        self.device = eam
        self.dtype = np.dtype(dtype)
        vpp = _scalar(eam, "drive_swing_v")
        self.v0, self.v1 = vpp, 0.0  # more reverse bias absorbs more: level 0 at full swing
        self._loss0 = _scalar(eam, "on_state_loss_db")
        self._slope = _scalar(eam, "rated_extinction_ratio_db") / _scalar(eam, "rated_swing_v")
        self.filter = first_order_lowpass(_scalar(eam, "bandwidth_hz"), sample_rate_hz, self.dtype)

    delay_samples = 0.0

    def _field(self, v: np.ndarray) -> np.ndarray:
        amp = np.power(np.asarray(10.0, dtype=self.dtype), -(self._loss0 + self._slope * v) / 20.0)
        return amp.astype(np.result_type(self.dtype, np.complex64))

    def process(self, u: np.ndarray) -> np.ndarray:
        v = (self.v0 + (self.v1 - self.v0) * np.asarray(u, dtype=self.dtype)).astype(self.dtype, copy=False)
        return self._field(self.filter.process(v))

    def flush(self) -> np.ndarray:
        return self._field(np.empty(0, dtype=self.dtype))

    def static_transmission(self, u: Any) -> np.ndarray:
        v = self.v0 + (self.v1 - self.v0) * np.asarray(u, dtype=float)
        return 10.0 ** (-(self._loss0 + self._slope * np.atleast_1d(v)) / 10.0)


class RingModulatorStage:
    """Micro-ring modulator: drive (swing units) to through-port field (module docstring).

    Args:
        ring: :class:`RingModulator` (scalar parameters).
        sample_rate_hz: Hz.
        temperature_offset_k: ring temperature above its bias point with the laser fixed, K.
    """

    def __init__(self, ring: RingModulator, *, sample_rate_hz: float, dtype: Any = np.float64,
                 temperature_offset_k: float = 0.0) -> None:
        self.device = ring
        self.dtype = np.dtype(dtype)
        dt = float(check_number("RingModulatorStage.temperature_offset_k", temperature_offset_k, unit="K",
                                lo=-200.0, hi=200.0))
        self.rates = cmt_rates(ring)
        vpp = _scalar(ring, "drive_swing_v")
        lo, hi = (float(t) for t in ring.transmission_at_voltage(np.array([0.0, vpp])))
        self.v0, self.v1 = (0.0, vpp) if lo <= hi else (vpp, 0.0)
        self._eta = _scalar(ring, "resonance_shift_m_per_v")
        self._shift0 = _scalar(ring, "thermal_shift_m_per_k") * dt
        self._lambda_l = float(ring.laser_wavelength_m)
        self._lambda_r = _scalar(ring, "resonance_wavelength_m")
        self._ngl = _scalar(ring, "group_index") * float(ring.circumference_m)
        self.rc = first_order_lowpass(float(ring.rc_bandwidth_hz), sample_rate_hz, np.float64)
        self.cmt = RingCmt(self.rates, 1.0 / sample_rate_hz)

    delay_samples = 0.0

    def phase_rad(self, v: Any) -> np.ndarray:
        """Round-trip phase at the laser wavelength for drive voltage ``v`` (V), rad."""
        res = self._lambda_r + self._shift0 + self._eta * np.asarray(v, dtype=float)
        return 2.0 * np.pi * self._ngl * (1.0 / self._lambda_l - 1.0 / res)

    def process(self, u: np.ndarray) -> np.ndarray:
        v = self.v0 + (self.v1 - self.v0) * np.asarray(u, dtype=np.float64)
        v = self.rc.process(v)
        delta = self.rates.detuning_rad_per_s(self.phase_rad(v))
        out = self.cmt.process(delta, np.ones(delta.size, dtype=np.complex128))
        return out.astype(np.result_type(self.dtype, np.complex64), copy=False)

    def flush(self) -> np.ndarray:
        return np.empty(0, dtype=np.result_type(self.dtype, np.complex64))

    def static_transmission(self, u: Any) -> np.ndarray:
        """Steady-state CMT power transmission for a constant drive ``u`` (swing units)."""
        v = self.v0 + (self.v1 - self.v0) * np.atleast_1d(np.asarray(u, dtype=float))
        d = self.rates.detuning_rad_per_s(self.phase_rad(v))
        t = (self.rates.gamma_o - self.rates.gamma_e - 1j * d) / (self.rates.gamma - 1j * d)
        return np.abs(t) ** 2


def build_modulator_stage(modulator: Any, *, sample_rate_hz: float, dtype: Any = np.float64,
                          ring_temperature_offset_k: float = 0.0):
    """The simulator stage for a lane's modulator device."""
    if isinstance(modulator, RingModulator):
        return RingModulatorStage(modulator, sample_rate_hz=sample_rate_hz, dtype=dtype,
                                  temperature_offset_k=ring_temperature_offset_k)
    if isinstance(modulator, MachZehnderModulator):
        return MachZehnderStage(modulator, sample_rate_hz=sample_rate_hz, dtype=dtype)
    if isinstance(modulator, ElectroAbsorptionModulator):
        return ElectroAbsorptionStage(modulator, sample_rate_hz=sample_rate_hz, dtype=dtype)
    raise PhysicsError(f"no time-domain model for modulator {type(modulator).__name__}")
