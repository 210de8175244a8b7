"""The IEEE 802.3 Annex 93A transmission-line model: constants, propagation, S-matrix.

Propagation constant per unit length (IEEE Std 802.3 Annex 93A, the package and host line
model of COM, CPS-ELE-01), written here in SI (f in Hz, ``f_ref`` = 1 GHz)::

    gamma(f) = gamma0 + a1 (1 + j) sqrt(f) + a2 f (1 - j (2/pi) ln(f / f_ref)) + j 2 pi f tau

``a1`` is the conductor (skin-effect) term, ``a2`` the dielectric term, ``tau`` the delay per
length; the ``(1 + j)`` and logarithmic phase terms make the response causal. The loss of a
matched line of length ``L`` is::

    IL_dB(f) = 8.686 L (gamma0 + a1 sqrt(f) + a2 f)        (8.686 = 20 / ln 10)

In the units of the standard's tables (``f`` in GHz, ``L`` in mm, ``a1`` in sqrt(ns)/mm,
``a2`` and ``tau`` in ns/mm) the same numbers apply; :meth:`LineModel.from_annex93a` converts.

A line of characteristic impedance ``Zc`` between ports of reference ``Z_ref`` (100 ohm)
has, with ``P = exp(-gamma L)`` and ``G = (Zc - Z_ref)/(Zc + Z_ref)``::

    S11 = S22 = G (1 - P^2) / (1 - G^2 P^2),   S21 = S12 = P (1 - G^2) / (1 - G^2 P^2)

Named presets and board/package helpers live in :mod:`cposim.electrical.lines`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import skrf

from cposim.devices.base import Model, param
from cposim.electrical.frequency import Z_REF_OHM, to_network
from cposim.errors import ConfigError
from cposim.validation import check_number

__all__ = ["F_REF_HZ", "LineModel", "NEPER_TO_DB", "line_network", "line_s", "matched_line_loss_db"]

#: dB per neper (20 / ln 10).
NEPER_TO_DB = 20.0 / np.log(10.0)
#: Reference frequency of the logarithmic dielectric phase term, Hz (1 GHz, Annex 93A).
F_REF_HZ = 1e9
#: sqrt(ns)/mm -> sqrt(s)/m, ns/mm -> s/m, 1/mm -> 1/m.
_A1_SI = np.sqrt(1e-9) / 1e-3
_NS_PER_MM_SI = 1e-9 / 1e-3


@dataclass(frozen=True, kw_only=True)
class LineModel(Model):
    """Annex 93A line constants in SI units (CPS-ELE-01 form).

    Parameters:
        gamma0_per_m: frequency-independent loss, 1/m (Np/m).
        a1_sqrt_s_per_m: conductor term, sqrt(s)/m (Np/m per sqrt(Hz)).
        a2_s_per_m: dielectric term, s/m (Np/m per Hz).
        tau_s_per_m: delay per length, s/m.
        zc_ohm: differential characteristic impedance, ohm (100 = matched to the ports).
    """

    gamma0_per_m: float = param(0.0, unit="1/m", sources=("CPS-ELE-01",), lo=0.0, hi=10.0)
    a1_sqrt_s_per_m: float = param(5.95e-4 * _A1_SI, unit="sqrt(s)/m", sources=("CPS-ELE-05",), lo=0.0, hi=1.0)
    a2_s_per_m: float = param(2.6e-5 * _NS_PER_MM_SI, unit="s/m", sources=("CPS-ELE-05",), lo=0.0, hi=1e-5)
    tau_s_per_m: float = param(5.79e-3 * _NS_PER_MM_SI, unit="s/m", sources=("CPS-ELE-05",), lo=1e-9, hi=2e-8)
    zc_ohm: float = param(Z_REF_OHM, unit="ohm", sources=("CPS-ELE-01",), lo=20.0, hi=200.0)

    outputs: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def from_annex93a(
        cls,
        *,
        gamma0_per_mm: float = 0.0,
        a1_sqrt_ns_per_mm: float,
        a2_ns_per_mm: float,
        tau_ns_per_mm: float,
        zc_ohm: float = Z_REF_OHM,
        sources: tuple[str, ...] = (),
    ) -> "LineModel":
        """Build from constants in the standard's units (1/mm, sqrt(ns)/mm, ns/mm, ns/mm).

        ``sources`` (ids) are recorded as the citation of every constant.
        """
        values = dict(
            gamma0_per_m=gamma0_per_mm * 1e3,
            a1_sqrt_s_per_m=a1_sqrt_ns_per_mm * _A1_SI,
            a2_s_per_m=a2_ns_per_mm * _NS_PER_MM_SI,
            tau_s_per_m=tau_ns_per_mm * _NS_PER_MM_SI,
            zc_ohm=zc_ohm,
        )
        model = cls(**values)
        return model.with_cited({k: sources for k in values}, **values) if sources else model

    def gamma_per_m(self, frequency_hz: Any) -> np.ndarray:
        """Complex propagation constant, 1/m (real part Np/m, imaginary rad/m)."""
        f = np.asarray(frequency_hz, dtype=float)
        sqrt_f = np.sqrt(f)
        safe = np.where(f > 0, f, F_REF_HZ)
        log_term = np.where(f > 0, f * np.log(safe / F_REF_HZ), 0.0)
        return (
            self.gamma0_per_m
            + self.a1_sqrt_s_per_m * (1 + 1j) * sqrt_f
            + self.a2_s_per_m * (f - 1j * (2.0 / np.pi) * log_term)
            + 1j * 2.0 * np.pi * f * self.tau_s_per_m
        )

    def loss_db_per_m(self, frequency_hz: Any) -> np.ndarray:
        """Matched-line insertion loss per metre, dB/m: ``8.686 (gamma0 + a1 sqrt f + a2 f)``."""
        f = np.asarray(frequency_hz, dtype=float)
        return NEPER_TO_DB * (self.gamma0_per_m + self.a1_sqrt_s_per_m * np.sqrt(f) + self.a2_s_per_m * f)

    def with_impedance(self, zc_ohm: float) -> "LineModel":
        """The same line with another characteristic impedance, ohm."""
        return self.replace(zc_ohm=zc_ohm)


def matched_line_loss_db(frequency_hz: Any, length_m: Any, model: LineModel) -> np.ndarray:
    """``IL_dB = 8.686 L (gamma0 + a1 sqrt f + a2 f)`` of a matched line, dB.

    Shape ``length.shape + (n_freq,)`` (a scalar length gives ``(n_freq,)``).
    """
    length = np.asarray(check_number("length_m", length_m, unit="m", lo=0.0, hi=1e3), dtype=float)
    return length[..., None] * model.loss_db_per_m(np.atleast_1d(np.asarray(frequency_hz, dtype=float)))


def line_s(frequency_hz: Any, length_m: Any, model: LineModel, *, z_ref_ohm: float = Z_REF_OHM) -> np.ndarray:
    """S-matrix of a uniform line, shape ``length.shape + (n_freq, 2, 2)`` (lengths broadcast).

    Args:
        frequency_hz: 1-D grid, Hz.
        length_m: line length(s), m (0 .. 1000).
        model: the line constants.
        z_ref_ohm: port reference impedance, ohm (100).
    """
    f = np.asarray(check_number("frequency_hz", frequency_hz, unit="Hz", lo=0.0), dtype=float)
    if f.ndim != 1:
        raise ConfigError("frequency_hz", f.shape, "must be a 1-D grid")
    length = np.asarray(check_number("length_m", length_m, unit="m", lo=0.0, hi=1e3), dtype=float)
    p = np.exp(-model.gamma_per_m(f) * length[..., None])
    g = (model.zc_ohm - z_ref_ohm) / (model.zc_ohm + z_ref_ohm)
    den = 1.0 - g**2 * p**2
    s11 = g * (1.0 - p**2) / den
    s21 = p * (1.0 - g**2) / den
    s = np.empty(p.shape + (2, 2), dtype=complex)
    s[..., 0, 0] = s11
    s[..., 1, 1] = s11
    s[..., 1, 0] = s21
    s[..., 0, 1] = s21
    return s


def line_network(frequency_hz: Any, length_m: float, model: LineModel, *, name: str = "line") -> skrf.Network:
    """A uniform line as a 2-port :class:`skrf.Network` (one length)."""
    if np.ndim(length_m) != 0:
        raise ConfigError("length_m", length_m, "must be a scalar for a Network (use line_s for a sweep)")
    return to_network(frequency_hz, line_s(frequency_hz, length_m, model), name=name)


