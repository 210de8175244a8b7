"""Discontinuities along a channel: die terminations, BGA/via transitions, connectors, paddle cards.

Element types, all 2-port and differential-equivalent (reference 100 ohm):

* :class:`Termination` -- the die network of IEEE 802.3dj COM (shunt die capacitances and
  series inductances ending in the bump capacitance, CPS-ELE-04), built with skrf lumped
  elements on the 50 ohm half circuit; :class:`ShuntCapacitance` -- a package ball / pad;

* :class:`Transition` -- a short lossy line section in the Annex 93A form (CPS-ELE-01) whose
  loss is given at a reference frequency (split between a conductor-like ``sqrt(f)`` part and
  a dielectric-like ``f`` part by ``conductor_fraction``), whose characteristic impedance
  sets the reflections, and whose delay sets where they fall. With half of the loss in each
  part, the loss at half the reference frequency is 0.60 of the loss at the reference, the
  "half to two thirds" of the notes (CPS-ELE-12).

Defaults at the 200G/lane Nyquist frequency (53.125 GHz), all planning values:

=============================  =======  ======  =======  ==========
element                        loss dB  Zc ohm  delay    source
=============================  =======  ======  =======  ==========
die termination (COM ladder)   0.19     --      --       CPS-ELE-04, -11
package ball (C_p 40 fF/leg)   0.46     --      --       CPS-ELE-04
board via (below the ball)     0.2      85      15 ps    CPS-ELE-12
front-panel connector (OSFP)   1.5      90      60 ps    CPS-ELE-13
module / plug paddle card      1.5      95      100 ps   CPS-ELE-14
board-to-engine connector      1.0      90      40 ps    CPS-ELE-15
=============================  =======  ======  =======  ==========
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import skrf
from skrf.media import DefinedGammaZ0

from cposim.devices.base import Model, param
from cposim.electrical.annex93a_line import NEPER_TO_DB, LineModel, line_s
from cposim.electrical.frequency import Z_REF_OHM, to_network
from cposim.validation import check_number

__all__ = [
    "BGA_VIA",
    "BOARD_CONNECTOR",
    "DEVICE_TERMINATION",
    "FRONT_PANEL_CONNECTOR",
    "MODULE_PADDLE_CARD",
    "PACKAGE_BALL",
    "REFERENCE_FREQUENCY_HZ",
    "ShuntCapacitance",
    "Termination",
    "Transition",
]

#: Frequency at which transition losses are quoted, Hz (Nyquist of 212.5 Gb/s PAM4, STD-06).
REFERENCE_FREQUENCY_HZ = 53.125e9
#: Nominal delay per length used to give a transition a physical length, s/m.
_NOMINAL_TAU_S_PER_M = 6e-9


def _half_circuit_media(f: np.ndarray) -> DefinedGammaZ0:
    """skrf media for lumped elements of one leg (50 ohm): the differential-mode half circuit."""
    return DefinedGammaZ0(frequency=skrf.Frequency.from_f(f, unit="hz"), z0_port=Z_REF_OHM / 2, z0=Z_REF_OHM / 2)


@dataclass(frozen=True, kw_only=True)
class Termination(Model):
    """Die termination network of IEEE 802.3dj COM (per leg, CPS-ELE-04).

    A ladder of shunt die capacitances and series inductances ending in the bump
    capacitance, ``C_d1 - L_s1 - C_d2 - L_s2 - C_d3 - L_s3 - C_b``, evaluated on the 50 ohm
    half circuit (equal to the differential-mode S-parameters at 100 ohm). With the dj
    values it loses 0.26 dB at 26.6 GHz and 0.19 dB at 53.1 GHz, the device-termination
    losses of CPS-ELE-11. Port 1 is the die side.

    Parameters (per leg): ``c_d1_f, c_d2_f, c_d3_f`` (40, 90, 110 fF), ``l_s1_h, l_s2_h,
    l_s3_h`` (0.13, 0.15, 0.14 nH), ``c_b_f`` (30 fF); all CPS-ELE-04, 0 .. 1 pF / 0 .. 2 nH.

    Methods:
        s(frequency_hz) -> (n_freq, 2, 2); network(frequency_hz); loss_db(frequency_hz).
    """

    c_d1_f: float = param(40e-15, unit="F", sources=("CPS-ELE-04",), lo=0.0, hi=1e-12)
    c_d2_f: float = param(90e-15, unit="F", sources=("CPS-ELE-04",), lo=0.0, hi=1e-12)
    c_d3_f: float = param(110e-15, unit="F", sources=("CPS-ELE-04",), lo=0.0, hi=1e-12)
    l_s1_h: float = param(0.13e-9, unit="H", sources=("CPS-ELE-04",), lo=0.0, hi=2e-9)
    l_s2_h: float = param(0.15e-9, unit="H", sources=("CPS-ELE-04",), lo=0.0, hi=2e-9)
    l_s3_h: float = param(0.14e-9, unit="H", sources=("CPS-ELE-04",), lo=0.0, hi=2e-9)
    c_b_f: float = param(30e-15, unit="F", sources=("CPS-ELE-04",), lo=0.0, hi=1e-12)

    outputs: ClassVar[tuple[str, ...]] = ()
    formula_sources: ClassVar[tuple[str, ...]] = ("CPS-ELE-01",)

    def s(self, frequency_hz: Any) -> np.ndarray:
        """S-matrix on ``frequency_hz`` (Hz), shape ``(n_freq, 2, 2)``."""
        f = np.asarray(check_number("frequency_hz", frequency_hz, unit="Hz", lo=0.0), dtype=float)
        m = _half_circuit_media(f)
        parts = [
            m.shunt_capacitor(float(self.c_d1_f)),
            m.inductor(float(self.l_s1_h)),
            m.shunt_capacitor(float(self.c_d2_f)),
            m.inductor(float(self.l_s2_h)),
            m.shunt_capacitor(float(self.c_d3_f)),
            m.inductor(float(self.l_s3_h)),
            m.shunt_capacitor(float(self.c_b_f)),
        ]
        net = parts[0]
        for p in parts[1:]:
            net = net**p
        return np.asarray(net.s, dtype=complex)

    def loss_db(self, frequency_hz: Any) -> np.ndarray:
        """Insertion loss ``-20 log10 |S21|``, dB."""
        return -20.0 * np.log10(np.abs(self.s(frequency_hz)[..., 1, 0]))

    def network(self, frequency_hz: Any, *, name: str = "termination") -> skrf.Network:
        """As a 2-port Network."""
        return to_network(frequency_hz, self.s(frequency_hz), name=name)


@dataclass(frozen=True, kw_only=True)
class ShuntCapacitance(Model):
    """A shunt capacitance per leg (package ball / pad), on the 50 ohm half circuit.

    Parameters:
        capacitance_f: per-leg capacitance, F (40 fF, the COM ball capacitance C_p,
            CPS-ELE-04; 0 .. 1 pF): 0.46 dB at 53.1 GHz.
    """

    capacitance_f: float = param(40e-15, unit="F", sources=("CPS-ELE-04",), lo=0.0, hi=1e-12)

    outputs: ClassVar[tuple[str, ...]] = ()

    def s(self, frequency_hz: Any) -> np.ndarray:
        """S-matrix on ``frequency_hz`` (Hz), shape ``(n_freq, 2, 2)``."""
        f = np.asarray(check_number("frequency_hz", frequency_hz, unit="Hz", lo=0.0), dtype=float)
        return np.asarray(_half_circuit_media(f).shunt_capacitor(float(self.capacitance_f)).s, dtype=complex)

    def loss_db(self, frequency_hz: Any) -> np.ndarray:
        """Insertion loss, dB."""
        return -20.0 * np.log10(np.abs(self.s(frequency_hz)[..., 1, 0]))


@dataclass(frozen=True, kw_only=True)
class Transition(Model):
    """A short lossy, possibly mismatched section (via, connector, paddle card).

    Parameters:
        loss_db: matched insertion loss at ``reference_hz``, dB (0 .. 20).
        reference_hz: frequency at which ``loss_db`` is quoted, Hz (53.125 GHz, STD-06).
        zc_ohm: differential characteristic impedance, ohm (100 = no reflection).
        delay_s: electrical length, s (1 ps .. 2 ns).
        conductor_fraction: share of ``loss_db`` in the ``sqrt(f)`` term (0.5, CPS-ELE-12).

    Methods:
        line_model() -> (LineModel, length_m); s(frequency_hz); network(frequency_hz);
        loss_db_at(frequency_hz) (matched loss, dB).
    """

    loss_db: float = param(0.2, unit="dB", sources=("CPS-ELE-12",), lo=0.0, hi=20.0)
    reference_hz: float = param(REFERENCE_FREQUENCY_HZ, unit="Hz", sources=("STD-06",), lo=1e8, hi=1e12)
    zc_ohm: float = param(85.0, unit="ohm", sources=("CPS-ELE-12",), lo=20.0, hi=200.0)
    delay_s: float = param(15e-12, unit="s", sources=("CPS-ELE-12",), lo=1e-12, hi=2e-9)
    conductor_fraction: float = param(0.5, unit="-", sources=("CPS-ELE-12",), lo=0.0, hi=1.0)

    outputs: ClassVar[tuple[str, ...]] = ()
    formula_sources: ClassVar[tuple[str, ...]] = ("CPS-ELE-01",)

    def line_model(self) -> tuple[LineModel, float]:
        """The equivalent Annex 93A line and its length (m)."""
        length = float(self.delay_s) / _NOMINAL_TAU_S_PER_M
        loss_np = float(self.loss_db) / NEPER_TO_DB / length
        f0 = float(self.reference_hz)
        frac = float(self.conductor_fraction)
        model = LineModel(
            gamma0_per_m=0.0,
            a1_sqrt_s_per_m=frac * loss_np / np.sqrt(f0),
            a2_s_per_m=(1.0 - frac) * loss_np / f0,
            tau_s_per_m=_NOMINAL_TAU_S_PER_M,
            zc_ohm=float(self.zc_ohm),
        )
        return model, length

    def loss_db_at(self, frequency_hz: Any) -> np.ndarray:
        """Matched insertion loss at ``frequency_hz``, dB (reflections excluded)."""
        model, length = self.line_model()
        return length * model.loss_db_per_m(frequency_hz)

    def s(self, frequency_hz: Any) -> np.ndarray:
        """S-matrix on ``frequency_hz`` (Hz), shape ``(n_freq, 2, 2)``."""
        model, length = self.line_model()
        return line_s(frequency_hz, length, model)

    def network(self, frequency_hz: Any, *, name: str = "transition") -> skrf.Network:
        """As a 2-port Network."""
        return to_network(frequency_hz, self.s(frequency_hz), name=name)


def _cited(t: Model, source: str, **values: float) -> Model:
    return t.with_cited({k: source for k in values}, **values)


#: Die termination (802.3dj COM ladder): 0.19 dB at 53.125 GHz (CPS-ELE-04, CPS-ELE-11).
DEVICE_TERMINATION = Termination()
#: Package ball capacitance C_p: 0.46 dB at 53.125 GHz (CPS-ELE-04).
PACKAGE_BALL = ShuntCapacitance()
#: Board via under the ball: 0.2 dB at 53.125 GHz; with the ball 0.66 dB (CPS-ELE-12).
BGA_VIA = Transition()
#: Front-panel OSFP/QSFP-DD-class connector, mated: 1.5 dB at 53.125 GHz (CPS-ELE-13).
FRONT_PANEL_CONNECTOR = _cited(Transition(), "CPS-ELE-13", loss_db=1.5, zc_ohm=90.0, delay_s=60e-12)
#: Module (or cable plug) paddle card: 1.5 dB at 53.125 GHz (CPS-ELE-14).
MODULE_PADDLE_CARD = _cited(Transition(), "CPS-ELE-14", loss_db=1.5, zc_ohm=95.0, delay_s=100e-12)
#: Board connector to a near-packaged optical engine: 1.0 dB at 53.125 GHz (CPS-ELE-15).
BOARD_CONNECTOR = _cited(Transition(), "CPS-ELE-15", loss_db=1.0, zc_ohm=90.0, delay_s=40e-12)
