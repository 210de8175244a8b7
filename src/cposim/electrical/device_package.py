"""A chip package channel in the IEEE 802.3dj COM form: die network, substrate trace, ball.

From the die to the board (port 1 = die, port 2 = ball)::

    Termination (C_d/L_s ladder + C_b)  ->  trace z_p at Zc  ->  breakout z_pB at Zc_B  ->  ball C_p

with the 802.3dj COM values (CPS-ELE-04): ``z_p`` = 33 mm at 87.5 ohm (class A, test 1),
``z_pB`` = 1.8 mm at 92.5 ohm, ``C_p`` = 40 fF per leg, and the substrate trace constants of
:data:`cposim.electrical.lines.DJ_PACKAGE` (about 0.15 dB/mm at 53.1 GHz). The class-A, 33 mm
package loses about 3.4 dB at 26.6 GHz and 6 dB at 53.1 GHz, as the D3.3 device model
(CPS-ELE-23).

A co-packaged optical engine sits on the same substrate, so its electrical path is a
package trace with a die network at each end and no ball (:func:`substrate_path_s`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from cposim.devices.base import Model, param
from cposim.electrical.annex93a_line import LineModel, line_s
from cposim.electrical.cascade import cascade_s, reverse_s
from cposim.electrical.lines import DJ_PACKAGE
from cposim.electrical.transitions import DEVICE_TERMINATION, PACKAGE_BALL, ShuntCapacitance, Termination

__all__ = ["DevicePackage", "substrate_path_s"]


@dataclass(frozen=True, kw_only=True)
class DevicePackage(Model):
    """Die-to-ball package channel (802.3dj COM structure, CPS-ELE-04).

    Parameters:
        trace_length_m: substrate trace ``z_p``, m (33 mm, CPS-ELE-04; 0 .. 0.2 m).
        trace_zc_ohm: its differential impedance, ohm (87.5, CPS-ELE-04).
        breakout_length_m: breakout ``z_pB``, m (1.8 mm, CPS-ELE-04; 0 .. 0.02 m).
        breakout_zc_ohm: ohm (92.5, CPS-ELE-04).
        line: substrate trace constants (``DJ_PACKAGE``), termination: die network,
        ball: ball capacitance.

    Methods:
        s(frequency_hz) -> (n_freq, 2, 2), port 1 at the die.
    """

    trace_length_m: float = param(0.033, unit="m", sources=("CPS-ELE-04",), lo=0.0, hi=0.2)
    trace_zc_ohm: float = param(87.5, unit="ohm", sources=("CPS-ELE-04",), lo=20.0, hi=200.0)
    breakout_length_m: float = param(1.8e-3, unit="m", sources=("CPS-ELE-04",), lo=0.0, hi=0.02)
    breakout_zc_ohm: float = param(92.5, unit="ohm", sources=("CPS-ELE-04",), lo=20.0, hi=200.0)
    line: LineModel = DJ_PACKAGE
    termination: Termination = DEVICE_TERMINATION
    ball: ShuntCapacitance = PACKAGE_BALL

    outputs: ClassVar[tuple[str, ...]] = ()

    def s(self, frequency_hz: Any) -> np.ndarray:
        """S-matrix die -> ball on ``frequency_hz`` (Hz)."""
        trace = line_s(frequency_hz, self.trace_length_m, self.line.with_impedance(float(self.trace_zc_ohm)))
        brk = line_s(frequency_hz, self.breakout_length_m, self.line.with_impedance(float(self.breakout_zc_ohm)))
        return cascade_s(self.termination.s(frequency_hz), trace, brk, self.ball.s(frequency_hz))


def substrate_path_s(
    frequency_hz: Any, length_m: float, *, line: LineModel = DJ_PACKAGE, termination: Termination = DEVICE_TERMINATION
) -> np.ndarray:
    """Die-to-die trace on one package substrate (ASIC to co-packaged optical engine).

    ``termination -> trace (length_m, m; impedance of ``line``) -> termination`` reversed.
    """
    t = termination.s(frequency_hz)
    return cascade_s(t, line_s(frequency_hz, length_m, line), reverse_s(t))
