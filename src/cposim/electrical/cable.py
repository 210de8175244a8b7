"""Twinax copper cable (DAC / ACC / AEC bulk cable) by wire gauge.

Bulk-cable loss per metre (the cable model of the electrical notes, CPS-ELE-16)::

    IL(f, L) = L (k_s sqrt(f) + k_d f)

``k_s`` (skin effect) and ``k_d`` (dielectric) are solved from two anchor losses of a 26 AWG
cable: 5.5 dB/m at 26.5625 GHz and 8.5 dB/m at 53.125 GHz (the middles of the notes' "5-6 dB/m
at 26.6 GHz, 8-9 dB/m at 53 GHz", CPS-ELE-16), giving ``k_s = 0.82 dB/m/sqrt(GHz)`` and
``k_d = 0.047 dB/m/GHz``. Other gauges scale the skin term with the inverse conductor
diameter at equal impedance (``d = 0.127 mm x 92^((36 - AWG)/39)``, the AWG definition of
ASTM B258, CPS-ELE-17); the dielectric term does not depend on gauge. So 30 AWG has 1.59x
the skin loss of 26 AWG and 24 AWG 0.79x.

The cable is written in the causal Annex 93A form (``a1 = k_s / 8.686``, ``a2 = k_d /
8.686`` in SI, ``tau`` = 4.4 ns/m, CPS-ELE-18) so pulse responses stay causal. A cable
assembly adds a plug (paddle card + wire termination, :data:`CABLE_PLUG`) at each end:
``cable_assembly_s``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from cposim.devices.base import Model, param
from cposim.electrical.annex93a_line import NEPER_TO_DB, LineModel, line_s
from cposim.electrical.cascade import cascade_s, reverse_s
from cposim.electrical.frequency import Z_REF_OHM
from cposim.electrical.transitions import Transition
from cposim.validation import check_number

__all__ = ["CABLE_PLUG", "TwinaxCable", "awg_diameter_m", "cable_assembly_s"]

#: Anchor frequencies of the 26 AWG loss figures, Hz (Nyquist of 106.25 and 212.5 Gb/s PAM4).
_F1_HZ = 26.5625e9
_F2_HZ = 53.125e9


def awg_diameter_m(awg: Any) -> np.ndarray:
    """Solid-conductor diameter of an American Wire Gauge, m (ASTM B258, CPS-ELE-17)."""
    n = np.asarray(check_number("awg", awg, lo=20, hi=36, integer=True), dtype=float)
    return 0.127e-3 * 92.0 ** ((36.0 - n) / 39.0)


@dataclass(frozen=True, kw_only=True)
class TwinaxCable(Model):
    """Shielded twinax pair of a copper cable assembly.

    Parameters:
        awg: conductor gauge (26, CPS-ELE-16; 22 .. 34).
        loss_db_per_m_26awg_at_26g: 26 AWG loss at 26.5625 GHz, dB/m (5.5, CPS-ELE-16).
        loss_db_per_m_26awg_at_53g: 26 AWG loss at 53.125 GHz, dB/m (8.5, CPS-ELE-16).
        tau_s_per_m: propagation delay, s/m (4.4 ns/m, CPS-ELE-18).

    Methods:
        k_s_db_per_m_per_sqrt_hz / k_d_db_per_m_per_hz (properties), loss_db(f, length),
        line_model() -> LineModel, s(f, length) -> (..., n_freq, 2, 2).
    """

    awg: int = param(26, unit="AWG", sources=("CPS-ELE-16",), lo=22, hi=34, integer=True)
    loss_db_per_m_26awg_at_26g: float = param(5.5, unit="dB/m", sources=("CPS-ELE-16",), lo=0.5, hi=50.0)
    loss_db_per_m_26awg_at_53g: float = param(8.5, unit="dB/m", sources=("CPS-ELE-16",), lo=0.5, hi=80.0)
    tau_s_per_m: float = param(4.4e-9, unit="s/m", sources=("CPS-ELE-18",), lo=3.34e-9, hi=8e-9)

    outputs: ClassVar[tuple[str, ...]] = ()
    formula_sources: ClassVar[tuple[str, ...]] = ("CPS-ELE-01", "CPS-ELE-17")

    def _anchors(self) -> tuple[float, float]:
        """(k_s, k_d) of 26 AWG in dB/m/sqrt(Hz) and dB/m/Hz."""
        design = np.array([[np.sqrt(_F1_HZ), _F1_HZ], [np.sqrt(_F2_HZ), _F2_HZ]])
        k_s, k_d = np.linalg.solve(design, [self.loss_db_per_m_26awg_at_26g, self.loss_db_per_m_26awg_at_53g])
        if k_s < 0 or k_d < 0:
            from cposim.errors import ConfigError

            raise ConfigError(
                "TwinaxCable.loss_db_per_m_26awg_at_53g",
                self.loss_db_per_m_26awg_at_53g,
                "with the 26.6 GHz anchor implies a negative skin or dielectric term; the ratio "
                f"of the two anchors must lie between {np.sqrt(2):.3f} and 2",
                unit="dB/m",
            )
        return float(k_s), float(k_d)

    @property
    def k_s_db_per_m_per_sqrt_hz(self) -> float:
        """Skin-effect coefficient of this gauge, dB/m/sqrt(Hz)."""
        k_s, _ = self._anchors()
        return k_s * float(awg_diameter_m(26) / awg_diameter_m(self.awg))

    @property
    def k_d_db_per_m_per_hz(self) -> float:
        """Dielectric coefficient, dB/m/Hz (independent of gauge)."""
        return self._anchors()[1]

    def loss_db(self, frequency_hz: Any, length_m: Any) -> np.ndarray:
        """Bulk-cable loss ``L (k_s sqrt f + k_d f)``, dB; shape ``length.shape + f.shape``."""
        f = np.asarray(check_number("frequency_hz", frequency_hz, unit="Hz", lo=0.0), dtype=float)
        length = np.asarray(check_number("length_m", length_m, unit="m", lo=0.0, hi=100.0), dtype=float)
        per_m = self.k_s_db_per_m_per_sqrt_hz * np.sqrt(f) + self.k_d_db_per_m_per_hz * f
        return np.multiply.outer(length, per_m)

    def line_model(self) -> LineModel:
        """The cable as a causal Annex 93A line (100 ohm)."""
        ids = ("CPS-ELE-16", "CPS-ELE-17", "CPS-ELE-18")
        values = dict(
            gamma0_per_m=0.0,
            a1_sqrt_s_per_m=self.k_s_db_per_m_per_sqrt_hz / NEPER_TO_DB,
            a2_s_per_m=self.k_d_db_per_m_per_hz / NEPER_TO_DB,
            tau_s_per_m=float(self.tau_s_per_m),
            zc_ohm=Z_REF_OHM,
        )
        return LineModel().with_cited({k: ids for k in values}, **values)

    def s(self, frequency_hz: Any, length_m: Any) -> np.ndarray:
        """Bulk-cable S-matrix, shape ``length.shape + (n_freq, 2, 2)``."""
        return line_s(frequency_hz, length_m, self.line_model())


#: Cable plug: paddle card plus wire termination, 1.5 dB at 53.125 GHz (CPS-ELE-14).
CABLE_PLUG = Transition().with_cited(
    {"loss_db": "CPS-ELE-14", "zc_ohm": "CPS-ELE-14", "delay_s": "CPS-ELE-14"},
    loss_db=1.5,
    zc_ohm=95.0,
    delay_s=100e-12,
)


def cable_assembly_s(
    frequency_hz: Any, length_m: Any, *, cable: TwinaxCable | None = None, plug: Transition = CABLE_PLUG
) -> np.ndarray:
    """Plug + bulk cable + plug, shape ``length.shape + (n_freq, 2, 2)`` (lengths broadcast)."""
    cable = TwinaxCable() if cable is None else cable
    p = plug.sampled().s(frequency_hz)
    return cascade_s(p, cable.s(frequency_hz, length_m), reverse_s(p))
