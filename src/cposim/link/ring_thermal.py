"""Self-heating of a ring modulator by the light it carries, and its thermal stability.

The light a ring does not pass to its ports is lost in the ring; in a doped silicon ring that
loss is mostly absorption (free carriers), which heats the ring and red-shifts its resonance
(CPS-THM-01, CPS-THM-02):

* absorbed power ``P_abs = f_abs P_in (1 - T - D)``, with ``T`` and ``D`` the through and
  drop transmissions at the laser (energy conservation of the Airy forms);
* the ring heats as its own heater does: a shift ``eta_h P_abs`` (``eta_h`` the heater
  efficiency, m/W) and a temperature rise ``eta_h P_abs / (d lambda / dT)``;
* the lock loop holds the laser at the design detuning ``delta`` from the hot resonance (its
  heater backs off by the self-heating shift). Without the loop, the fixed point is stable
  when ``g' = -eta_h f_abs P_in dA/d delta < 1`` (``A = 1 - T - D``): on the blue side
  (``delta < 0``) heating pushes the resonance away and ``g' < 0`` always; on the red side it
  pulls the resonance onto the laser, and above ``P_max = 1 / (eta_h f_abs |dA/d delta|)``
  the ring runs away thermally (the thermal bistability of Carmon et al. 2004).

Inputs are the ring at its bias (no drive; the drive averages over levels) and the optical
power that reaches it (source power after the laser split and the laser coupling).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from cposim.references.sampling import scaled_constant

#: Fraction of the ring's round-trip loss that is absorbed (heats the ring), CPS-THM-02.
ABSORBED_LOSS_FRACTION = 0.9
#: Sources of the model and its assumption.
SOURCES = ("CPS-THM-01", "CPS-THM-02", "DEV-04", "DEV-09")


@dataclass(frozen=True)
class RingThermal:
    """Self-heating of one ring at one input power (SI units; see the module docstring)."""

    input_power_w: float
    absorbed_power_w: float
    self_heating_k: float
    self_heating_shift_m: float
    linewidths: float  #: self-heating shift over the loaded FWHM
    loop_gain: float  #: g' of the module docstring; stable without a lock loop when < 1
    max_power_w: float | None  #: largest open-loop-stable input power (None on the blue side)
    side: str  #: ``red`` or ``blue``: where the laser sits relative to the resonance

    @property
    def stable(self) -> bool:
        return self.loop_gain < 1.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready block of ``cposim link --json`` (``ring_thermal``)."""
        return {
            "ring_input_power_dbm": 10.0 * math.log10(self.input_power_w / 1e-3),
            "absorbed_power_mw": self.absorbed_power_w * 1e3,
            "self_heating_k": self.self_heating_k,
            "self_heating_shift_pm": self.self_heating_shift_m * 1e12,
            "self_heating_linewidths": self.linewidths,
            "laser_side": self.side,
            "loop_gain": self.loop_gain,
            "stable": self.stable,
            "max_power_per_ring_dbm": None if self.max_power_w is None else 10.0 * math.log10(self.max_power_w / 1e-3),
            "basis": ("open loop: stable when loop_gain < 1; a red-side laser above max_power_per_ring_dbm runs "
                      "away thermally unless the lock loop holds it"),
            "sources": list(SOURCES),
        }


def absorbed_fraction(ring: Any, detuning_m: Any) -> np.ndarray:
    """``1 - T - D`` of ``ring`` for a laser ``detuning_m`` from its resonance (red positive)."""
    lam = np.asarray(ring.resonance_wavelength_m, dtype=float) + np.asarray(detuning_m, dtype=float)
    phase = ring.round_trip_phase_rad(lam)
    return 1.0 - ring._through_at_phase(phase) - ring._drop_at_phase(phase)


def ring_thermal(ring: Any, input_power_w: float) -> RingThermal:
    """Self-heating and open-loop thermal stability of ``ring`` (a scalar
    :class:`~cposim.devices.ring_modulator.RingModulator`) fed ``input_power_w`` (W) at its bias
    detuning."""
    delta = float(np.asarray(ring.bias_detuning_m))
    eta_h = float(np.asarray(ring.heater_efficiency_m_per_w))
    drift = float(np.asarray(ring.thermal_shift_m_per_k))
    fwhm = float(np.asarray(ring.fwhm_m))
    a = float(absorbed_fraction(ring, delta))
    h = 1e-3 * fwhm  # central difference on a thousandth of the linewidth
    slope = float((absorbed_fraction(ring, delta + h) - absorbed_fraction(ring, delta - h)) / (2.0 * h))
    f_abs = min(scaled_constant(ABSORBED_LOSS_FRACTION, "CPS-THM-02"), 1.0)
    p_abs = f_abs * input_power_w * a
    shift = eta_h * p_abs
    gain = -eta_h * f_abs * input_power_w * slope
    max_p = 1.0 / (eta_h * f_abs * -slope) if slope < 0 else None
    return RingThermal(input_power_w=float(input_power_w), absorbed_power_w=p_abs, self_heating_k=shift / drift,
                       self_heating_shift_m=shift, linewidths=shift / fwhm, loop_gain=gain, max_power_w=max_p,
                       side="red" if delta > 0 else "blue")
