"""PCB laminates: stripline loss from Dk, Df, trace geometry and copper roughness.

Rules of thumb for a stripline leg (Bogatin, CPS-ELE-06), per inch with ``f`` in GHz, trace
width ``w`` in mil and single-ended impedance ``Z0`` in ohm::

    alpha_cond = K_r * 36 / (w Z0) * sqrt(f)        dB/in
    alpha_diel = 2.3 * f * Df * sqrt(Dk)            dB/in

(the differential-mode loss of a loosely coupled pair equals the loss of one leg).
Roughness ``K_r``: a constant factor (``roughness_factor``), or the Hammerstad-Jensen factor
from the RMS tooth height ``Delta`` (CPS-ELE-07)::

    K_r(f) = 1 + (2/pi) atan(1.4 (Delta / delta)^2),   delta = 1 / sqrt(pi f mu0 sigma)

(skin depth ``delta`` ~ 0.29 um in copper at 53 GHz, comparable to HVLP/VLP tooth sizes).

:meth:`Laminate.line_model` turns this into the causal IEEE 802.3 Annex 93A form
(:mod:`cposim.electrical.annex93a_line`): ``a1`` and ``a2`` are fitted (non-negative least
squares) to the loss above on 1 GHz .. ``fit_max_hz``; with a constant roughness factor the
fit is exact. Delay per length ``tau = sqrt(Dk) / c`` (stripline).

Presets (``LAMINATES``), Dk / Df of each class (CPS-ELE-08) with a 5 mil, 50 ohm leg and
``K_r = 1.3`` (CPS-ELE-09), which reproduces the per-inch table of the electrical notes
(CPS-ELE-10): ``fr4`` (4.0 / 0.018), ``megtron6`` (3.6 / 0.004), ``megtron7`` (3.3 / 0.002,
Megtron-7 / Tachyon class), ``megtron8`` (3.1 / 0.0012).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from scipy.optimize import nnls

from cposim.devices.base import Model, param
from cposim.electrical.annex93a_line import NEPER_TO_DB, LineModel
from cposim.electrical.frequency import Z_REF_OHM
from cposim.units import SPEED_OF_LIGHT_M_PER_S
from cposim.validation import check_number

__all__ = ["LAMINATES", "Laminate", "hammerstad_roughness_factor", "skin_depth_m"]

#: Metres per inch and per mil.
M_PER_INCH = 0.0254
M_PER_MIL = 25.4e-6
#: Vacuum permeability, H/m, and annealed copper conductivity, S/m (CPS-ELE-07).
MU0_H_PER_M = 4e-7 * np.pi
COPPER_CONDUCTIVITY_S_PER_M = 5.8e7


def skin_depth_m(frequency_hz: Any, conductivity_s_per_m: float = COPPER_CONDUCTIVITY_S_PER_M) -> np.ndarray:
    """Skin depth ``1 / sqrt(pi f mu0 sigma)``, m (frequency > 0, Hz)."""
    f = np.asarray(check_number("frequency_hz", frequency_hz, unit="Hz", lo=0.0, lo_open=True), dtype=float)
    return 1.0 / np.sqrt(np.pi * f * MU0_H_PER_M * conductivity_s_per_m)


def hammerstad_roughness_factor(frequency_hz: Any, roughness_rms_m: Any) -> np.ndarray:
    """Hammerstad-Jensen conductor-loss factor ``1 + (2/pi) atan(1.4 (Delta/delta)^2)`` (1 .. 2)."""
    rough = np.asarray(check_number("roughness_rms_m", roughness_rms_m, unit="m", lo=0.0, hi=2e-5), dtype=float)
    ratio = rough / skin_depth_m(frequency_hz)
    return 1.0 + (2.0 / np.pi) * np.arctan(1.4 * ratio**2)


@dataclass(frozen=True, kw_only=True)
class Laminate(Model):
    """A stripline on a PCB laminate, described by its material and trace geometry.

    Parameters:
        dk: relative permittivity (Megtron-7 class 3.3, CPS-ELE-08; 1.5 .. 6).
        df: loss tangent (0.002, CPS-ELE-08; 0 .. 0.05).
        trace_width_m: trace width, m (5 mil = 127 um, CPS-ELE-09; 25 um .. 1 mm).
        z0_single_ended_ohm: single-ended impedance of one leg, ohm (50, CPS-ELE-09).
        roughness_factor: constant conductor-loss factor ``K_r`` (1.3, CPS-ELE-09; 1 .. 3),
            used when ``roughness_rms_m`` is 0.
        roughness_rms_m: RMS copper roughness, m (0 = use ``roughness_factor``; > 0 = the
            Hammerstad-Jensen factor of CPS-ELE-07 replaces it; 0 .. 20 um).

    Methods:
        loss_db_per_m(f), conductor_loss_db_per_m(f), dielectric_loss_db_per_m(f) (Hz -> dB/m),
        loss_db_per_inch(f), line_model(fit_max_hz) -> LineModel.
    """

    dk: float = param(3.3, unit="-", sources=("CPS-ELE-08",), lo=1.5, hi=6.0)
    df: float = param(0.002, unit="-", sources=("CPS-ELE-08",), lo=0.0, hi=0.05)
    trace_width_m: float = param(5 * M_PER_MIL, unit="m", sources=("CPS-ELE-09",), lo=25e-6, hi=1e-3)
    z0_single_ended_ohm: float = param(50.0, unit="ohm", sources=("CPS-ELE-09",), lo=20.0, hi=100.0)
    roughness_factor: float = param(1.3, unit="-", sources=("CPS-ELE-09",), lo=1.0, hi=3.0)
    roughness_rms_m: float = param(0.0, unit="m", sources=("CPS-ELE-07",), lo=0.0, hi=2e-5)

    outputs: ClassVar[tuple[str, ...]] = ()
    formula_sources: ClassVar[tuple[str, ...]] = ("CPS-ELE-06", "CPS-ELE-07")

    def _roughness(self, f: np.ndarray) -> np.ndarray:
        if np.any(np.asarray(self.roughness_rms_m) > 0):
            return hammerstad_roughness_factor(np.maximum(f, 1.0), self.roughness_rms_m)
        return np.broadcast_to(np.asarray(self.roughness_factor, dtype=float), np.shape(f))

    def conductor_loss_db_per_m(self, frequency_hz: Any) -> np.ndarray:
        """Conductor loss, dB/m (Bogatin rule times the roughness factor)."""
        f = np.asarray(check_number("frequency_hz", frequency_hz, unit="Hz", lo=0.0), dtype=float)
        w_mil = np.asarray(self.trace_width_m) / M_PER_MIL
        per_inch = self._roughness(f) * 36.0 / (w_mil * np.asarray(self.z0_single_ended_ohm)) * np.sqrt(f / 1e9)
        return per_inch / M_PER_INCH

    def dielectric_loss_db_per_m(self, frequency_hz: Any) -> np.ndarray:
        """Dielectric loss ``2.3 f Df sqrt(Dk)`` dB/in (f in GHz), returned in dB/m."""
        f = np.asarray(check_number("frequency_hz", frequency_hz, unit="Hz", lo=0.0), dtype=float)
        return 2.3 * (f / 1e9) * np.asarray(self.df) * np.sqrt(np.asarray(self.dk)) / M_PER_INCH

    def loss_db_per_m(self, frequency_hz: Any) -> np.ndarray:
        """Total stripline loss, dB/m."""
        return self.conductor_loss_db_per_m(frequency_hz) + self.dielectric_loss_db_per_m(frequency_hz)

    def loss_db_per_inch(self, frequency_hz: Any) -> np.ndarray:
        """Total stripline loss, dB/in (the unit of laminate datasheets)."""
        return self.loss_db_per_m(frequency_hz) * M_PER_INCH

    def line_model(self, *, fit_max_hz: float = 110e9) -> LineModel:
        """The causal Annex 93A line (``a1``, ``a2`` fitted; ``tau = sqrt(Dk)/c``; Zc 100 ohm).

        Args:
            fit_max_hz: top of the fit band, Hz (the band starts at 1 GHz; > 2 GHz).
        """
        for name in ("dk", "df", "trace_width_m", "z0_single_ended_ohm", "roughness_factor", "roughness_rms_m"):
            if np.ndim(getattr(self, name)) != 0:
                from cposim.errors import ConfigError

                raise ConfigError(f"Laminate.{name}", getattr(self, name), "must be a scalar to build a line model")
        top = check_number("fit_max_hz", fit_max_hz, unit="Hz", lo=2e9, hi=1e12)
        f = np.geomspace(1e9, top, 64)
        design = NEPER_TO_DB * np.column_stack([np.sqrt(f), f])
        (a1, a2), _ = nnls(design, self.loss_db_per_m(f))
        ids = ("CPS-ELE-06", "CPS-ELE-08", "CPS-ELE-09") + (("CPS-ELE-07",) if self.roughness_rms_m > 0 else ())
        values = dict(
            gamma0_per_m=0.0,
            a1_sqrt_s_per_m=float(a1),
            a2_s_per_m=float(a2),
            tau_s_per_m=float(np.sqrt(self.dk) / SPEED_OF_LIGHT_M_PER_S),
            zc_ohm=Z_REF_OHM,
        )
        return LineModel().with_cited({k: ids for k in values}, **values)


#: Laminate classes (Dk/Df: CPS-ELE-08; 5 mil / 50 ohm / K_r 1.3: CPS-ELE-09).
LAMINATES: dict[str, Laminate] = {
    "fr4": Laminate(dk=4.0, df=0.018),
    "megtron6": Laminate(dk=3.6, df=0.004),
    "megtron7": Laminate(dk=3.3, df=0.002),
    "megtron8": Laminate(dk=3.1, df=0.0012),
}
