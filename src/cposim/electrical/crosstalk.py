"""Crosstalk aggressors (near-end and far-end) and integrated crosstalk noise (ICN).

An :class:`Aggressor` is a transfer function from an aggressor transmitter to the victim
receiver input, tagged ``"fext"`` (far-end: the aggressor transmits from the same end as the
victim's transmitter, so its signal has crossed the channel) or ``"next"`` (near-end: from
the victim receiver's own end). Models:

* :func:`flat_aggressor` -- constant coupling ``10^(level_db/20)`` (the "flat -45 dB FEXT"
  aggressor of the notes' COM sweeps, CPS-ELE-21);
* :func:`coupled_fext` -- distributed far-end coupling along a channel: ``|X| = k (f/f_ref)
  |S21|``, rising with frequency and riding on the through loss;
* :func:`connector_next` -- near-end coupling at a connector or via field: a first-order
  high-pass ``k (j f/f_c) / (1 + j f/f_c)`` reaching ``level_db`` above ``f_c``.

ICN (IEEE Std 802.3 Clauses 85 and 92, the cable-assembly integrated crosstalk noise,
CPS-ELE-22)::

    sigma_x^2 = 2 df sum_f W(f) |X(f)|^2
    W(f) = (A^2 / f_b) sinc^2(f / f_b) / (1 + (f / f_t)^4) / (1 + (f / f_r)^8)

with ``A`` the aggressor amplitude (V), ``f_t = 0.2365 / T_r`` from its 20-80 % rise time and
``f_r = 0.75 f_b`` the reference receiver bandwidth; near- and far-end parts add in power.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from cposim.errors import ConfigError
from cposim.validation import check_choice, check_number

__all__ = ["Aggressor", "connector_next", "coupled_fext", "flat_aggressor", "integrated_crosstalk_noise_v"]


@dataclass(frozen=True)
class Aggressor:
    """One crosstalk aggressor.

    Attributes:
        kind: ``"fext"`` or ``"next"``.
        transfer: callable ``f (Hz) -> complex`` coupling from the aggressor Tx to the victim
            Rx input (unit-free).
        name: label.
    """

    kind: str
    transfer: Callable[[np.ndarray], np.ndarray]
    name: str = "aggressor"

    def __post_init__(self) -> None:
        check_choice("Aggressor.kind", self.kind, ("fext", "next"))
        if not callable(self.transfer):
            raise ConfigError("Aggressor.transfer", type(self.transfer).__name__, "must be callable f -> complex")


def _level(level_db: Any) -> float:
    return float(check_number("level_db", level_db, unit="dB", lo=-200.0, hi=0.0))


def flat_aggressor(
    level_db: float = -45.0, *, kind: str = "fext", frequency_hz: Any = None, through: Any = None
) -> Aggressor:
    """Frequency-flat coupling of ``level_db`` (dB, <= 0); default the notes' -45 dB FEXT (CPS-ELE-21).

    Optionally the coupled signal also passes a ``through`` transfer given on ``frequency_hz``
    (e.g. the two device packages, which IEEE COM adds to every crosstalk path).
    """
    k = 10.0 ** (_level(level_db) / 20.0)
    if through is None:
        return Aggressor(kind, lambda f: np.full(np.shape(f), k, dtype=complex), name=f"flat {level_db:g} dB {kind}")
    f0 = np.asarray(frequency_hz, dtype=float)
    h0 = np.asarray(through, dtype=complex)
    if f0.ndim != 1 or h0.shape != f0.shape:
        raise ConfigError("through", h0.shape, f"must match the 1-D frequency grid {f0.shape}")

    def transfer(f: np.ndarray) -> np.ndarray:
        f = np.asarray(f, dtype=float)
        return k * (np.interp(f, f0, h0.real) + 1j * np.interp(f, f0, h0.imag))

    return Aggressor(kind, transfer, name=f"flat {level_db:g} dB {kind} through packages")


def coupled_fext(frequency_hz: Any, s21: Any, *, level_db: float, reference_hz: float) -> Aggressor:
    """Far-end crosstalk ``k (f/f_ref) S21(f)`` of a coupled channel (dB of ``k`` at ``f_ref``, Hz).

    ``frequency_hz``/``s21`` give the through channel on a grid; the aggressor interpolates it.
    """
    f0 = np.asarray(frequency_hz, dtype=float)
    h0 = np.asarray(s21, dtype=complex)
    if f0.ndim != 1 or h0.shape != f0.shape:
        raise ConfigError("s21", h0.shape, f"must match the 1-D frequency grid {f0.shape}")
    k = 10.0 ** (_level(level_db) / 20.0)
    fr = check_number("reference_hz", reference_hz, unit="Hz", lo=0.0, lo_open=True)

    def transfer(f: np.ndarray) -> np.ndarray:
        f = np.asarray(f, dtype=float)
        h = np.interp(f, f0, h0.real) + 1j * np.interp(f, f0, h0.imag)
        return k * (f / fr) * h

    return Aggressor("fext", transfer, name=f"coupled fext {level_db:g} dB")


def connector_next(*, level_db: float, corner_hz: float) -> Aggressor:
    """Near-end crosstalk of a connector: ``k (j f/f_c)/(1 + j f/f_c)`` (level in dB, corner in Hz)."""
    k = 10.0 ** (_level(level_db) / 20.0)
    fc = check_number("corner_hz", corner_hz, unit="Hz", lo=0.0, lo_open=True)
    return Aggressor("next", lambda f: k * (1j * np.asarray(f) / fc) / (1 + 1j * np.asarray(f) / fc),
                     name=f"connector next {level_db:g} dB")


def integrated_crosstalk_noise_v(
    aggressors: Sequence[Aggressor],
    frequency_hz: Any,
    *,
    symbol_rate_baud: float,
    fext_amplitude_v: float = 0.413,
    next_amplitude_v: float = 0.45,
    rise_time_s: float = 4e-12,
    rx_bandwidth_hz: float | None = None,
) -> float:
    """Integrated crosstalk noise (rms, V) of IEEE 802.3 Clauses 85/92 (CPS-ELE-22).

    Args:
        aggressors: the aggressors (power-summed per kind).
        frequency_hz: uniform integration grid, Hz (e.g. 10 MHz .. the symbol rate).
        symbol_rate_baud: f_b, Bd.
        fext_amplitude_v / next_amplitude_v: aggressor amplitudes A_ft / A_nt, V (defaults
            as the 802.3dj COM amplitudes, CPS-ELE-02).
        rise_time_s: aggressor 20-80 % rise time T_r, s (4 ps, CPS-ELE-02).
        rx_bandwidth_hz: f_r, Hz (default 0.75 f_b).
    """
    f = np.asarray(check_number("frequency_hz", frequency_hz, unit="Hz", lo=0.0), dtype=float)
    if f.ndim != 1 or f.size < 2:
        raise ConfigError("frequency_hz", f.shape, "must be a 1-D grid of at least 2 points")
    d = np.diff(f)
    if not np.allclose(d, d[0], rtol=1e-6):
        raise ConfigError("frequency_hz", f.size, "must be uniformly spaced")
    fb = check_number("symbol_rate_baud", symbol_rate_baud, unit="Bd", lo=1e8, hi=1e12)
    tr = check_number("rise_time_s", rise_time_s, unit="s", lo=0.0, lo_open=True, hi=1e-9)
    fr = 0.75 * fb if rx_bandwidth_hz is None else check_number("rx_bandwidth_hz", rx_bandwidth_hz, unit="Hz", lo=0.0,
                                                                 lo_open=True)
    ft = 0.2365 / tr
    shape = np.sinc(f / fb) ** 2 / (1 + (f / ft) ** 4) / (1 + (f / fr) ** 8) / fb
    total = 0.0
    for agg in aggressors:
        amp = check_number("amplitude_v", fext_amplitude_v if agg.kind == "fext" else next_amplitude_v, unit="V",
                           lo=0.0, hi=10.0)
        x2 = np.abs(np.asarray(agg.transfer(f), dtype=complex)) ** 2
        total += 2.0 * d[0] * float(np.sum(amp**2 * shape * x2))
    return float(np.sqrt(total))
