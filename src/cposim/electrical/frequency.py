"""Frequency grids for channel models and conversions between S21 arrays and skrf Networks.

Channels are 2-port, differential-equivalent S-parameters (port 1 = transmitter side,
port 2 = receiver side, reference impedance ``Z_REF_OHM`` = 100 ohm differential) held as
:class:`skrf.Network` objects. Internally the models compute S-matrices as arrays of shape
``(..., n_freq, 2, 2)`` so a sweep over lengths is one call; :func:`to_network` wraps one of
them for users (Touchstone export, plotting, skrf cascading).

Grid: uniform from 0 Hz to ``f_max`` (default the symbol rate, i.e. twice the Nyquist
frequency of a PAM4 lane: lane rate / 2) with ``n_points`` points. Uniform spacing with a DC
point is what the inverse FFT of :mod:`cposim.electrical.pulse` needs; the spacing sets the
time window ``1 / df`` (1000 UI at the default 1001 points).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import skrf

from cposim.errors import ConfigError
from cposim.validation import check_number

__all__ = [
    "Z_REF_OHM",
    "channel_frequency_grid",
    "frequency_of",
    "loss_db_at",
    "s21_of",
    "to_network",
]

#: Differential reference impedance of every channel Network, ohm.
Z_REF_OHM = 100.0


def channel_frequency_grid(lane_rate_bps: Any, *, n_points: int = 1001, span_symbol_rates: float = 1.0) -> np.ndarray:
    """Uniform frequency grid for a PAM4 lane, Hz: 0 .. ``span_symbol_rates`` x symbol rate.

    Args:
        lane_rate_bps: lane bit rate, bit/s (PAM4: symbol rate = lane rate / 2).
        n_points: number of points including DC (33 .. 20001).
        span_symbol_rates: top of the grid in symbol rates (0.6 .. 4; 1 = twice Nyquist).
    """
    rate = check_number("lane_rate_bps", lane_rate_bps, unit="bit/s", lo=1e9, hi=1e12)
    n = int(check_number("n_points", n_points, lo=33, hi=20001, integer=True))
    span = check_number("span_symbol_rates", span_symbol_rates, lo=0.6, hi=4.0)
    return np.linspace(0.0, span * rate / 2.0, n)


def to_network(frequency_hz: Any, s: Any, *, name: str = "") -> skrf.Network:
    """A 2-port :class:`skrf.Network` (z0 = 100 ohm) from an S-matrix array ``(n_freq, 2, 2)``."""
    f = np.asarray(frequency_hz, dtype=float)
    s = np.asarray(s, dtype=complex)
    if s.shape != (f.size, 2, 2):
        raise ConfigError("s", s.shape, f"must have shape ({f.size}, 2, 2) for {f.size} frequencies")
    freq = skrf.Frequency.from_f(f, unit="hz")
    return skrf.Network(frequency=freq, s=s, z0=Z_REF_OHM, name=name)


def frequency_of(network: skrf.Network) -> np.ndarray:
    """Frequencies of a Network, Hz."""
    return np.asarray(network.frequency.f, dtype=float)


def s21_of(network: skrf.Network) -> np.ndarray:
    """Forward transmission ``S21`` of a 2-port Network (complex, per frequency)."""
    if not isinstance(network, skrf.Network) or network.nports != 2:
        raise ConfigError("network", type(network).__name__, "must be a 2-port skrf.Network")
    return network.s[:, 1, 0]


def loss_db_at(network: skrf.Network, frequency_hz: Any) -> np.ndarray:
    """Insertion loss ``-20 log10 |S21|`` at ``frequency_hz`` (linear interpolation of |S21|), dB.

    Raises:
        ConfigError: a frequency outside the Network's grid.
    """
    f = frequency_of(network)
    q = np.asarray(check_number("frequency_hz", frequency_hz, unit="Hz", lo=0.0), dtype=float)
    if np.any(q < f[0] - 1e-6 * max(f[-1], 1.0)) or np.any(q > f[-1] * (1 + 1e-9)):
        raise ConfigError(
            "frequency_hz", float(np.max(q)), f"is outside the channel grid {f[0]:g} .. {f[-1]:g} Hz", unit="Hz"
        )
    mag = np.abs(s21_of(network))
    value = np.interp(q, f, mag)
    if np.any(value <= 0):
        raise ConfigError("network", "S21", "is zero at the requested frequency; no finite loss in dB")
    return -20.0 * np.log10(value)
