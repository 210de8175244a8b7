"""Standard single-mode fiber (ITU-T G.652) in the O-band: loss, dispersion, delay.

Chromatic dispersion follows the G.652 (and IEEE 802.3) formula from the zero-dispersion
wavelength ``lambda0`` and the zero-dispersion slope ``S0`` (CPS-PHY-03)::

    D(lambda) = S0/4 * (lambda - lambda0**4 / lambda**3)

in SI units: ``S0`` in s/m^3 (0.092 ps/(nm^2 km) = 92 s/m^3), ``D`` in s/m^2
(1 ps/(nm km) = 1e-6 s/m^2). The accumulated dispersion of a span is ``D * L`` (s/m).

Dispersion power penalty of an IM-DD link (Agrawal, *Fiber-Optic Communication Systems*,
Sec. 5.4, dispersive pulse broadening; CPS-FIB-02): a Gaussian pulse of rms width
``sigma`` broadens by ``D L sigma_lambda``; asking that the received rms width stay within
a quarter of the symbol period (``sigma <= 1/(4B)``) costs::

    penalty_db = -5 log10(1 - (4 B L D sigma_lambda)**2),     epsilon = B L |D| sigma_lambda

where ``B`` is the symbol rate (Bd) and ``sigma_lambda`` the rms source spectral width (m).
The penalty grows without bound as ``epsilon -> 1/4``; beyond it the eye is closed and the
model raises ``PhysicsError`` instead of returning inf. The form suits sources whose
spectral width exceeds the modulation bandwidth (multimode or chirped lasers); for a narrow
CW laser with an external modulator use the modulation-broadened width as ``sigma_lambda``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from cposim.devices.base import Device, as_array, param, register_device
from cposim.devices.waveguide import passive_transmission
from cposim.errors import PhysicsError
from cposim.units import SPEED_OF_LIGHT_M_PER_S
from cposim.validation import check_number

__all__ = ["SingleModeFiber", "g652_dispersion_s_per_m2"]

#: Limits of the G.652 zero-dispersion wavelength, m (CPS-PHY-03).
G652_LAMBDA0_MIN_M = 1300e-9
G652_LAMBDA0_MAX_M = 1324e-9


def g652_dispersion_s_per_m2(wavelength_m: Any, zero_dispersion_wavelength_m: Any, slope_s_per_m3: Any) -> np.ndarray:
    """Chromatic dispersion ``D = S0/4 (lambda - lambda0^4/lambda^3)``, s/m^2.

    Args:
        wavelength_m: vacuum wavelength, m.
        zero_dispersion_wavelength_m: ``lambda0``, m.
        slope_s_per_m3: zero-dispersion slope ``S0``, s/m^3.
    """
    lam = np.asarray(wavelength_m, dtype=float)
    lam0 = np.asarray(zero_dispersion_wavelength_m, dtype=float)
    return np.asarray(slope_s_per_m3, dtype=float) / 4.0 * (lam - lam0**4 / lam**3)


@register_device("single_mode_fiber")
@dataclass(frozen=True, kw_only=True)
class SingleModeFiber(Device):
    """G.652 standard single-mode fiber span.

    Parameters (SI):
        length_m: span length, m (500 m, the DR reach, STD-07).
        attenuation_db_per_m: loss, dB/m (0.4 dB/km = 4e-4 dB/m, G.652 cabled maximum at
            1310 nm, CPS-PHY-02).
        zero_dispersion_wavelength_m: ``lambda0``, m (1312 nm, the middle of the G.652 range
            1300-1324 nm, CPS-PHY-03).
        dispersion_slope_s_per_m3: ``S0``, s/m^3 (92 s/m^3 = 0.092 ps/(nm^2 km), CPS-PHY-03).
        group_index: effective group index (1.4676 at 1310 nm, CPS-FIB-01).

    Outputs:
        loss_db: span loss, dB; transmission: 0..1; group_delay_s: propagation delay, s.
    Methods:
        dispersion_s_per_m2(wavelength_m), accumulated_dispersion_s_per_m(wavelength_m),
        worst_case_dispersion_s_per_m2(wavelength_m) (over the G.652 lambda0 range),
        dispersion_epsilon(...), dispersion_penalty_db(...).
    """

    length_m: float = param(500.0, unit="m", sources=("STD-07",), lo=0.0, hi=1e6)
    attenuation_db_per_m: float = param(4e-4, unit="dB/m", sources=("CPS-PHY-02",), lo=0.0, hi=0.1)
    zero_dispersion_wavelength_m: float = param(1312e-9, unit="m", sources=("CPS-PHY-03",), lo=1.2e-6, hi=1.7e-6)
    dispersion_slope_s_per_m3: float = param(92.0, unit="s/m^3", sources=("CPS-PHY-03",), lo=0.0, hi=1e3)
    group_index: float = param(1.4676, unit="-", sources=("CPS-FIB-01",), lo=1.0, hi=2.0)

    outputs: ClassVar[tuple[str, ...]] = ("loss_db", "transmission", "group_delay_s")
    #: source ids of the formulas used by methods (not parameter defaults).
    formula_sources: ClassVar[dict[str, tuple[str, ...]]] = {
        "dispersion_s_per_m2": ("CPS-PHY-03",),
        "dispersion_penalty_db": ("CPS-FIB-02",),
    }

    @property
    def loss_db(self) -> np.ndarray:
        """Span loss, dB."""
        return as_array(self.attenuation_db_per_m) * as_array(self.length_m)

    @property
    def transmission(self) -> np.ndarray:
        """Span power transmission, 0..1."""
        return passive_transmission(self.loss_db, type(self).__name__)

    @property
    def group_delay_s(self) -> np.ndarray:
        """Propagation (group) delay of the span, s: ``n_g L / c``."""
        return as_array(self.group_index) * as_array(self.length_m) / SPEED_OF_LIGHT_M_PER_S

    def _wavelength(self, wavelength_m: Any, method: str) -> np.ndarray:
        return np.asarray(
            check_number(f"{type(self).__name__}.{method} wavelength_m", wavelength_m, unit="m", lo=0.8e-6, hi=2.0e-6)
        )

    def dispersion_s_per_m2(self, wavelength_m: Any) -> np.ndarray:
        """Chromatic dispersion at ``wavelength_m`` (m), s/m^2 (1e-6 s/m^2 = 1 ps/(nm km))."""
        lam = self._wavelength(wavelength_m, "dispersion_s_per_m2")
        return g652_dispersion_s_per_m2(lam, self.zero_dispersion_wavelength_m, self.dispersion_slope_s_per_m3)

    def accumulated_dispersion_s_per_m(self, wavelength_m: Any) -> np.ndarray:
        """Accumulated dispersion ``D L`` of the span at ``wavelength_m`` (m), s/m (1e-3 s/m = 1 ps/nm)."""
        return self.dispersion_s_per_m2(wavelength_m) * as_array(self.length_m)

    def worst_case_dispersion_s_per_m2(self, wavelength_m: Any) -> np.ndarray:
        """Largest ``|D|`` at ``wavelength_m`` (m) over the G.652 ``lambda0`` range 1300-1324 nm, s/m^2.

        Uses this fiber's slope; this is how IEEE 802.3 bounds dispersion for a PMD.
        """
        lam = self._wavelength(wavelength_m, "worst_case_dispersion_s_per_m2")
        s0 = as_array(self.dispersion_slope_s_per_m3)
        d_lo = np.abs(g652_dispersion_s_per_m2(lam, G652_LAMBDA0_MIN_M, s0))
        d_hi = np.abs(g652_dispersion_s_per_m2(lam, G652_LAMBDA0_MAX_M, s0))
        return np.maximum(d_lo, d_hi)

    def dispersion_epsilon(self, wavelength_m: Any, symbol_rate_baud: Any, spectral_width_rms_m: Any) -> np.ndarray:
        """``epsilon = B L |D| sigma_lambda`` (dimensionless) at ``wavelength_m`` (m).

        Args:
            wavelength_m: carrier wavelength, m.
            symbol_rate_baud: symbol rate ``B``, Bd (1/s).
            spectral_width_rms_m: rms source spectral width ``sigma_lambda``, m.
        """
        name = type(self).__name__
        rate = check_number(f"{name}.dispersion_epsilon symbol_rate_baud", symbol_rate_baud, unit="Bd", lo=0.0)
        width = check_number(f"{name}.dispersion_epsilon spectral_width_rms_m", spectral_width_rms_m, unit="m", lo=0.0)
        d = np.abs(self.dispersion_s_per_m2(wavelength_m))
        return np.asarray(rate) * as_array(self.length_m) * d * np.asarray(width)

    def dispersion_penalty_db(self, wavelength_m: Any, symbol_rate_baud: Any, spectral_width_rms_m: Any) -> np.ndarray:
        """Dispersion power penalty, dB: ``-5 log10(1 - (4 epsilon)^2)`` (Agrawal, CPS-FIB-02).

        Raises:
            PhysicsError: ``epsilon >= 1/4`` (the broadened pulse fills the symbol: no finite penalty).
        """
        eps = self.dispersion_epsilon(wavelength_m, symbol_rate_baud, spectral_width_rms_m)
        if np.any(eps >= 0.25):
            raise PhysicsError(
                f"{type(self).__name__}.dispersion_penalty_db: epsilon = B L |D| sigma = {float(np.max(eps)):g} "
                "reaches 0.25; the eye is closed by dispersion (no finite penalty)"
            )
        return -5.0 * np.log10(1.0 - (4.0 * eps) ** 2)
