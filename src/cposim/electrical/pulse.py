"""Pulse and impulse responses of a channel from its S21, at a given symbol rate.

Single-bit (pulse) response for a symbol of value 1 lasting one UI ``T = 1 / symbol rate``::

    p(t) = integral H(f) P(f) exp(j 2 pi f t) df,     P(f) = T sinc(f T) exp(-j pi f T)

computed with an inverse real FFT on the uniform grid ``f_k = k df`` (``df`` = symbol rate /
``window_ui``), zero above the channel's last frequency, at ``samples_per_ui`` samples per UI
(time step ``T / samples_per_ui``, window ``1 / df`` = ``window_ui`` UI). The response is
periodic in that window; it is rolled so the peak sits ``lead_ui`` UI after the start, which
makes any bulk delay (a long cable) harmless as long as the dispersed response fits the
window (1000 UI by default).

Networks on another grid (e.g. Touchstone files from 10 MHz) are brought to this grid by
removing their bulk delay (phase slope), extrapolating to DC with skrf and interpolating.

:func:`impulse_response` and :func:`noncausal_energy_fraction` check causality: with the
front delay removed, the energy at negative times of a causal channel is small (only the
ringing of the band limit, reduced by a Hann taper).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import skrf

from cposim.electrical.frequency import frequency_of, s21_of
from cposim.errors import ConfigError
from cposim.validation import check_number

__all__ = [
    "PulseResponse",
    "channel_transfer",
    "impulse_response",
    "noncausal_energy_fraction",
    "pulse_from_transfer",
    "pulse_response",
    "tx_rise_time_filter",
    "rx_butterworth_filter",
]


def _is_uniform_from_zero(f: np.ndarray) -> bool:
    if f.size < 3 or abs(f[0]) > 1e-9 * f[-1]:
        return False
    d = np.diff(f)
    return bool(np.allclose(d, d[0], rtol=1e-6, atol=0.0))


def channel_transfer(
    channel: skrf.Network | tuple[Any, Any], *, symbol_rate_baud: float, window_ui: int = 1000
) -> tuple[np.ndarray, np.ndarray]:
    """``(f, H)`` on the uniform grid ``k * symbol_rate / window_ui`` up to the channel's top.

    Args:
        channel: a 2-port Network, or a tuple ``(frequency_hz, s21)`` (``s21`` may have
            leading batch axes).
        symbol_rate_baud: symbol rate, Bd.
        window_ui: time window in UI (sets ``df``).
    """
    fb = check_number("symbol_rate_baud", symbol_rate_baud, unit="Bd", lo=1e8, hi=1e12)
    n_ui = int(check_number("window_ui", window_ui, lo=16, hi=100000, integer=True))
    df = fb / n_ui
    if isinstance(channel, skrf.Network):
        f, h = frequency_of(channel), s21_of(channel)
    else:
        try:
            f, h = channel
        except (TypeError, ValueError):
            raise ConfigError("channel", type(channel).__name__, "must be an skrf.Network or (frequency_hz, s21)") from None
        f = np.asarray(check_number("frequency_hz", f, unit="Hz", lo=0.0), dtype=float)
        h = np.asarray(h, dtype=complex)
        if h.shape[-1] != f.size:
            raise ConfigError("s21", h.shape, f"must end in {f.size} frequencies")
        if not np.all(np.isfinite(h)):
            raise ConfigError("s21", "NaN/inf", "must be finite")
    n_top = int(np.floor(f[-1] / df + 1e-9))
    grid = np.arange(n_top + 1) * df
    if _is_uniform_from_zero(f) and np.allclose(f[1] - f[0], df, rtol=1e-6):
        return f[: n_top + 1], h[..., : n_top + 1]
    if h.ndim != 1:
        raise ConfigError("s21", h.shape, "with leading axes must already lie on the uniform pulse grid")
    return grid, _resample(f, h, grid)


def _resample(f: np.ndarray, h: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Move S21 onto ``grid``: strip the bulk delay, extrapolate to DC (skrf), interpolate."""
    band = (f > 0) & (f <= 0.5 * f[-1])
    if band.sum() < 3:
        band = f > 0
    phase = np.unwrap(np.angle(h[band]))
    slope = np.polyfit(2 * np.pi * f[band], phase, 1)[0]
    delay = max(-slope, 0.0)
    h0 = h * np.exp(2j * np.pi * f * delay)
    if f[0] > 0:
        s = np.zeros((f.size, 2, 2), dtype=complex)
        s[:, 1, 0] = s[:, 0, 1] = h0
        net = skrf.Network(frequency=skrf.Frequency.from_f(f, unit="hz"), s=s, z0=100.0)
        net = net.extrapolate_to_dc(kind="linear")
        f, h0 = net.frequency.f, net.s[:, 1, 0]
    out = np.interp(grid, f, h0.real) + 1j * np.interp(grid, f, h0.imag)
    out[grid > f[-1]] = 0.0
    return out * np.exp(-2j * np.pi * grid * delay)


def tx_rise_time_filter(frequency_hz: Any, rise_time_s: float) -> np.ndarray:
    """Gaussian transmitter filter of IEEE 802.3 eq. 93A-46 (CPS-ELE-01), 20-80 % rise time, s."""
    f = np.asarray(frequency_hz, dtype=float)
    tr = check_number("rise_time_s", rise_time_s, unit="s", lo=0.0, hi=1e-9)
    return np.exp(-((np.pi * f * tr / 1.6832) ** 2))


def rx_butterworth_filter(frequency_hz: Any, bandwidth_hz: float) -> np.ndarray:
    """Fourth-order Butterworth receiver filter of IEEE 802.3 eq. 93A-20 (CPS-ELE-01)."""
    f = np.asarray(frequency_hz, dtype=float)
    fr = check_number("bandwidth_hz", bandwidth_hz, unit="Hz", lo=0.0, lo_open=True)
    x = f / fr
    return 1.0 / (1.0 - 3.414214 * x**2 + x**4 + 1j * 2.613126 * (x - x**3))


def pulse_from_transfer(
    transfer: Any, *, df_hz: float, symbol_rate_baud: float, samples_per_ui: int, roll: int | None = None,
    lead_ui: int = 20,
) -> tuple[np.ndarray, int]:
    """Pulse responses from transfer functions on ``f_k = k df`` (batched over leading axes).

    Args:
        transfer: complex ``(..., n_freq)`` (unit-free or V per unit symbol).
        df_hz: grid step, Hz; the time window is ``1/df``, which must be a whole number of UI.
        symbol_rate_baud: Bd. samples_per_ui: samples per UI (>= 2).
        roll: circular shift to apply (samples); None: put the largest |sample| of the first
            batch member ``lead_ui`` UI after the window start.

    Returns:
        ``(pulses, roll)``: real ``(..., window_ui * samples_per_ui)`` and the shift used.
    """
    h = np.asarray(transfer, dtype=complex)
    fb = float(symbol_rate_baud)
    m = int(check_number("samples_per_ui", samples_per_ui, lo=2, hi=256, integer=True))
    n_ui = fb / df_hz
    if abs(n_ui - round(n_ui)) > 1e-6 * n_ui:
        raise ConfigError("df_hz", df_hz, "must divide the symbol rate a whole number of times", unit="Hz")
    n = int(round(n_ui)) * m
    nf = n // 2 + 1
    if h.shape[-1] > nf:
        raise ConfigError("transfer", h.shape, f"has more points than the time grid holds ({nf}); raise samples_per_ui")
    f = np.arange(h.shape[-1]) * df_hz
    t_sym = 1.0 / fb
    spectrum = h * t_sym * np.sinc(f * t_sym) * np.exp(-1j * np.pi * f * t_sym)
    full = np.zeros(h.shape[:-1] + (nf,), dtype=complex)
    full[..., : h.shape[-1]] = spectrum
    full[..., 0] = full[..., 0].real
    pulses = np.fft.irfft(full, n=n, axis=-1) * n * df_hz
    if roll is None:
        first = pulses.reshape(-1, n)[0]
        roll = int(lead_ui * m - int(np.argmax(np.abs(first))))
    return np.roll(pulses, roll, axis=-1), roll


@dataclass(frozen=True)
class PulseResponse:
    """A sampled pulse response.

    Attributes:
        time_s: sample times, s (0 at the window start; the cursor near ``lead_ui`` UI).
        pulse: samples, unit-free per unit symbol (times the Tx amplitude if one was given).
        samples_per_ui: samples per UI. symbol_rate_baud: Bd.
        cursor_index: index of the peak sample (the main cursor for a simple receiver).
    """

    time_s: np.ndarray
    pulse: np.ndarray
    samples_per_ui: int
    symbol_rate_baud: float
    cursor_index: int


def pulse_response(
    channel: skrf.Network | tuple[Any, Any],
    *,
    symbol_rate_baud: float,
    samples_per_ui: int = 16,
    window_ui: int = 1000,
    amplitude_v: float = 1.0,
    tx_rise_time_s: float | None = None,
    rx_bandwidth_hz: float | None = None,
    lead_ui: int = 20,
) -> PulseResponse:
    """Pulse response of a channel (Network or ``(f, s21)``) for one symbol of value 1.

    Args:
        channel: 2-port Network (any grid; resampled if needed) or ``(frequency_hz, s21)``.
        symbol_rate_baud: Bd (PAM4: lane rate / 2).
        samples_per_ui: samples per UI (16).
        window_ui: time window, UI (1000).
        amplitude_v: transmitter peak amplitude, V (1 = unit-free).
        tx_rise_time_s: optional 93A-46 Gaussian Tx filter rise time, s.
        rx_bandwidth_hz: optional 93A-20 Butterworth receiver bandwidth, Hz.
        lead_ui: UI between the window start and the peak.
    """
    f, h = channel_transfer(channel, symbol_rate_baud=symbol_rate_baud, window_ui=window_ui)
    if h.ndim != 1:
        raise ConfigError("s21", h.shape, "must be one response (use pulse_from_transfer for batches)")
    amp = check_number("amplitude_v", amplitude_v, unit="V", lo=0.0, lo_open=True, hi=100.0)
    tf = amp * h
    if tx_rise_time_s is not None:
        tf = tf * tx_rise_time_filter(f, tx_rise_time_s)
    if rx_bandwidth_hz is not None:
        tf = tf * rx_butterworth_filter(f, rx_bandwidth_hz)
    df = symbol_rate_baud / window_ui
    p, _ = pulse_from_transfer(tf, df_hz=df, symbol_rate_baud=symbol_rate_baud, samples_per_ui=samples_per_ui,
                               lead_ui=lead_ui)
    t = np.arange(p.size) / (symbol_rate_baud * samples_per_ui)
    return PulseResponse(t, p, int(samples_per_ui), float(symbol_rate_baud), int(np.argmax(p)))


def impulse_response(
    frequency_hz: Any, s21: Any, *, delay_s: float = 0.0, taper: bool = True, oversample: int = 4
) -> tuple[np.ndarray, np.ndarray]:
    """Impulse response on a centred time axis, with a known front delay removed.

    Args:
        frequency_hz: uniform grid from 0, Hz. s21: transfer on that grid.
        delay_s: front delay to remove (e.g. ``tau * L`` of a line), s.
        taper: multiply by a half-Hann window toward the top frequency (limits band-edge
            ringing).
        oversample: time-grid oversampling over ``1 / (2 f_max)``.

    Returns:
        ``(t, h)``: times from ``-W/2`` to ``W/2`` (s, ``W = 1/df``) and the impulse
        response (1/s).
    """
    f = np.asarray(frequency_hz, dtype=float)
    if not _is_uniform_from_zero(f):
        raise ConfigError("frequency_hz", f.size, "must be a uniform grid starting at 0 Hz")
    h = np.asarray(s21, dtype=complex) * np.exp(2j * np.pi * f * float(delay_s))
    if taper:
        h = h * np.cos(0.5 * np.pi * f / f[-1]) ** 2
    df = f[1] - f[0]
    n = 2 * (f.size - 1) * int(oversample)
    full = np.zeros(n // 2 + 1, dtype=complex)
    full[: f.size] = h
    full[0] = full[0].real
    x = np.fft.irfft(full, n=n) * n * df
    x = np.fft.fftshift(x)
    t = (np.arange(n) - n // 2) / (n * df)
    return t, x


def noncausal_energy_fraction(t: np.ndarray, h: np.ndarray, *, guard_s: float = 0.0) -> float:
    """Energy of ``h`` at ``t < -guard_s`` divided by its total energy (0 for a causal response)."""
    h = np.asarray(h, dtype=float)
    total = float(np.sum(h**2))
    if total <= 0:
        raise ConfigError("h", "all zero", "has no energy")
    return float(np.sum(h[np.asarray(t) < -guard_s] ** 2) / total)
