"""Micro-ring dynamics from temporal coupled-mode theory (CMT), compiled with numba.

Model (Haus; Little et al., JLT 15:998 (1997); CPS-TDS-07). In the frame of the laser
(carrier ``exp(+j w_L t)``), the ring's mode amplitude ``A`` (``|A|^2`` = stored energy, J)
driven by the bus field ``s`` (``|s|^2`` = power, W) obeys::

    dA/dt = (j delta(t) - gamma) A + kappa s(t),      t(t) = s(t) - kappa A(t)

with ``delta = w_res - w_L`` (rad/s), ``gamma = gamma_e + gamma_o`` the amplitude decay
rate (through-coupler ``gamma_e``, intrinsic loss plus drop coupler ``gamma_o``) and
``kappa = sqrt(2 gamma_e)``. The stored energy decays at ``2 gamma``: the photon (energy)
lifetime is ``tau_p = 1/(2 gamma) = Q_L / w_0 = Q_L lambda / (2 pi c)``, the ring's
``photon_lifetime_s``; the field decays with ``1/gamma = 2 tau_p``.

Rates from the ring's Airy parameters (``r1``, ``r2``, ``a``, ``x = r1 r2 a``, round-trip
time ``T_rt = n_g L / c``)::

    gamma T_rt = (1 - x) / sqrt(x),      (gamma_o - gamma_e) T_rt = (r1 - r2 a) / sqrt(x)

and the detuning from the round-trip phase ``phi`` of :meth:`RingResonator.round_trip_phase_rad`
(``phi = -delta T_rt`` to first order) is taken as ``delta = -(2 / T_rt) sin(phi / 2)``.
With these, the CMT steady state ``|t|^2 = ((gamma_o - gamma_e)^2 + delta^2) / (gamma^2 +
delta^2)`` equals the Airy through-port transmission exactly, so a slow drive reproduces
``RingModulator.transmission_at_voltage`` and the PAM4 level compression (pinned by a test),
and the linewidth is the ring's ``fwhm_hz``.

Discretisation: over each sample interval ``h`` the drive (hence ``delta``) and the input
field are held constant and the linear ODE is solved exactly::

    A[n+1] = p A[n] + kappa s[n] (1 - p) / (gamma - j delta[n]),   p = exp((j delta[n] - gamma) h)

which is unconditionally stable (``|p| < 1``). The output sample is ``s[n] - kappa A[n+1]``.

Small-signal response (closed form, :func:`small_signal_response`): for
``delta = delta0 + eps cos(W t)`` and unit input, linearising gives the through-power
modulation ``Re(H(W) eps e^{jWt})`` with ``p0 = gamma - j delta0``,
``t0 = 1 - kappa^2 / p0``, ``C = -j kappa^2 conj(t0) / (2 p0)`` and::

    H(W) = 2 [ C / (p0 + j W) + conj(C) / (conj(p0) + j W) ]

(``H(0) = d|t|^2/d delta``). Detuned rings peak above the linewidth-limited response.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numba
import numpy as np
from scipy.optimize import brentq

from cposim.devices.base import as_array
from cposim.devices.ring_resonator import RingResonator
from cposim.errors import ConfigError, PhysicsError

__all__ = [
    "CmtRates",
    "RingCmt",
    "cmt_rates",
    "small_signal_bandwidth_hz",
    "small_signal_response",
    "steady_state_through",
]


@dataclass(frozen=True)
class CmtRates:
    """CMT rates of one ring (scalars): ``gamma`` total, ``gamma_e`` through-coupler and
    ``gamma_o`` other (intrinsic + drop) amplitude decay rates, 1/s; ``round_trip_time_s``, s."""

    gamma: float
    gamma_e: float
    gamma_o: float
    round_trip_time_s: float

    @property
    def kappa(self) -> float:
        """Input coupling ``sqrt(2 gamma_e)``, sqrt(1/s)."""
        return float(np.sqrt(2.0 * self.gamma_e))

    @property
    def photon_lifetime_s(self) -> float:
        """Energy decay time ``1 / (2 gamma)``, s."""
        return 0.5 / self.gamma

    def detuning_rad_per_s(self, phase_rad: Any) -> np.ndarray:
        """CMT detuning ``delta = -(2/T_rt) sin(phi/2)`` for round-trip phase ``phi`` (rad)."""
        return -2.0 / self.round_trip_time_s * np.sin(0.5 * np.asarray(phase_rad, dtype=float))


def _scalar(ring: RingResonator, name: str) -> float:
    v = as_array(getattr(ring, name))
    if v.ndim != 0:
        raise ConfigError(f"{type(ring).__name__}.{name}", v, "is an array; the time-domain simulator needs one ring")
    return float(v)


def cmt_rates(ring: RingResonator) -> CmtRates:
    """CMT rates that reproduce the ring's Airy transfer exactly (module docstring)."""
    r1 = _scalar(ring, "through_self_coupling")
    r2 = _scalar(ring, "drop_self_coupling")
    a = float(ring.round_trip_amplitude)
    t_rt = float(ring.round_trip_time_s)
    x = r1 * r2 * a
    if not 0.0 < x < 1.0:
        raise PhysicsError(f"cmt_rates: r1 r2 a = {x:g} must lie in (0, 1) for a ring with a finite linewidth")
    gamma = (1.0 - x) / (np.sqrt(x) * t_rt)
    diff = (r1 - r2 * a) / (np.sqrt(x) * t_rt)  # gamma_o - gamma_e
    return CmtRates(gamma=gamma, gamma_e=0.5 * (gamma - diff), gamma_o=0.5 * (gamma + diff), round_trip_time_s=t_rt)


def steady_state_through(rates: CmtRates, delta_rad_per_s: Any) -> np.ndarray:
    """Steady-state complex through transmission ``1 - kappa^2 / (gamma - j delta)``."""
    d = np.asarray(delta_rad_per_s, dtype=float)
    return 1.0 - 2.0 * rates.gamma_e / (rates.gamma - 1j * d)


def small_signal_response(rates: CmtRates, delta0_rad_per_s: float, frequency_hz: Any) -> np.ndarray:
    """Through-power response to a detuning modulation, per rad/s, at ``frequency_hz`` (Hz).

    Complex ``H(W)`` of the module docstring (unit input power); ``H(0) = d|t|^2 / d delta``.
    """
    w = 2.0 * np.pi * np.asarray(frequency_hz, dtype=float)
    p0 = rates.gamma - 1j * float(delta0_rad_per_s)
    k2 = 2.0 * rates.gamma_e
    t0 = 1.0 - k2 / p0
    c = -1j * k2 * np.conj(t0) / (2.0 * p0)
    return 2.0 * (c / (p0 + 1j * w) + np.conj(c) / (np.conj(p0) + 1j * w))


def small_signal_bandwidth_hz(rates: CmtRates, delta0_rad_per_s: float) -> float:
    """Frequency (Hz) where ``|H(f)/H(0)|^2`` first falls to 1/2 (optical part only).

    Raises PhysicsError at zero detuning (no first-order response) or if the response
    never falls to half within 100 linewidths.
    """
    h0 = abs(complex(small_signal_response(rates, delta0_rad_per_s, 0.0)))
    if h0 == 0.0:
        raise PhysicsError("small_signal_bandwidth_hz: no first-order response at zero detuning")
    f_hi = 100.0 * rates.gamma / np.pi

    def g(f: float) -> float:
        return abs(complex(small_signal_response(rates, delta0_rad_per_s, f))) ** 2 / h0**2 - 0.5

    grid = np.linspace(0.0, f_hi, 4001)
    vals = np.array([g(f) for f in grid])
    below = np.nonzero(vals < 0.0)[0]
    if below.size == 0:
        raise PhysicsError("small_signal_bandwidth_hz: the response does not fall by 3 dB within 100 linewidths")
    i = int(below[0])
    return float(brentq(g, grid[i - 1], grid[i], xtol=1e-6 * rates.gamma))


@numba.njit(cache=True, nogil=True)
def _cmt_run(delta: np.ndarray, s_in: np.ndarray, a0: complex, gamma: float, kappa: float, h: float,
             out: np.ndarray) -> complex:
    """Exact per-sample CMT update (module docstring); writes the through field; returns A."""
    a = a0
    decay = np.exp(-gamma * h)
    for n in range(delta.size):
        d = delta[n]
        p = decay * complex(np.cos(d * h), np.sin(d * h))
        s = s_in[n]
        a = p * a + kappa * s * (1.0 - p) / complex(gamma, -d)
        out[n] = s - kappa * a
    return a


class RingCmt:
    """Streaming CMT ring: ``process(delta, s_in)`` returns the through field.

    Args:
        rates: :class:`CmtRates`.
        sample_period_s: ``h``, s.
    The state starts at the steady state of the first sample (no start-up transient) and
    carries across calls.
    """

    def __init__(self, rates: CmtRates, sample_period_s: float) -> None:
        self.rates = rates
        self.h = float(sample_period_s)
        self._a: complex | None = None

    def process(self, delta_rad_per_s: np.ndarray, field_in: np.ndarray) -> np.ndarray:
        d = np.ascontiguousarray(delta_rad_per_s, dtype=np.float64)
        s = np.ascontiguousarray(field_in, dtype=np.complex128)
        if d.size == 0:
            return s
        if self._a is None:
            self._a = complex(self.rates.kappa * s[0] / (self.rates.gamma - 1j * d[0]))
        out = np.empty(d.size, dtype=np.complex128)
        self._a = complex(_cmt_run(d, s, self._a, self.rates.gamma, self.rates.kappa, self.h, out))
        return out

    @property
    def energy_j(self) -> float:
        """Stored energy ``|A|^2`` now, J (0 before the first sample)."""
        return 0.0 if self._a is None else abs(self._a) ** 2

