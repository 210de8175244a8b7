"""Mach-Zehnder modulator (silicon depletion or thin-film lithium niobate), traveling-wave drive.

Transfer (CPS-MOD-17): ``T(dphi) = IL (1 + g cos dphi) / 2`` with ``IL`` the optical loss
(phase-shifter loss x length + splitter/combiner excess) and ``g = (ER_s - 1)/(ER_s + 1)``
from a finite static extinction ratio ``ER_s`` (``g = 1`` gives ``IL cos^2(dphi/2)``). The
differential phase is ``dphi(v) = bias + k pi v / V_pi,arm`` with ``V_pi,arm = VpiL / L``,
``k = 2`` for push-pull (both arms driven with opposite polarity, swing ``Vpp`` each) and
``k = 1`` for a single driven arm; ``v`` runs from ``-Vpp/2`` to ``+Vpp/2`` around the bias
(quadrature, ``pi/2``, by default). The phase is taken linear in voltage (exact for the
Pockels effect in LiNbO3; a small-swing approximation for silicon depletion).

RF drive: each driven arm is a traveling-wave electrode terminated in ``R``. For M equally
spaced, equiprobable levels spanning ``Vpp`` the mean-square voltage is
``Vpp^2 (M + 1) / (12 (M - 1))`` (``Vpp^2 / 4`` for NRZ), so
``P_RF = n_arms Vpp^2 (M + 1) / (12 (M - 1) R)``, dissipated in the terminations whatever
the bit rate; energy per bit is ``P_RF / bit_rate``. DC bias power is not counted.

Bandwidth estimate: velocity-matched electrode whose RF loss grows linearly with frequency,
``alpha(f) = rf_loss_db_per_m_per_hz f`` (dB/m of voltage). The EO response is
``H(f) = (1 - exp(-alpha_Np L)) / (alpha_Np L)``; it falls 3 dB (``|H| = 1/sqrt 2``) at
``alpha_Np L = 0.7384`` Np, i.e. 6.41 dB of electrode loss.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
from scipy.optimize import brentq

from cposim.devices.base import Device, as_array, param, register_device
from cposim.devices.modulation import LevelFigures, check_n_levels, order_levels
from cposim.errors import ConfigError
from cposim.units import db_to_linear
from cposim.validation import check_number

#: dB per neper for voltage (field) quantities: ``20 / ln 10``.
_DB_PER_NEPER = 20.0 / np.log(10.0)
#: Electrode loss (Np) at which the velocity-matched EO response is down 3 dB.
EO_3DB_ELECTRODE_LOSS_NP = brentq(lambda x: (1.0 - np.exp(-x)) / x - 2.0**-0.5, 1e-3, 5.0, xtol=1e-14)


def mean_square_drive_voltage_v2(swing_v: Any, n_levels: int = 2) -> np.ndarray:
    """Mean-square voltage, V^2, of equiprobable M-level PAM spanning ``swing_v`` peak-to-peak.

    ``Vpp^2 (M + 1) / (12 (M - 1))``: NRZ ``Vpp^2/4``, PAM4 ``5 Vpp^2/36``.
    """
    m = check_n_levels(n_levels)
    return as_array(swing_v) ** 2 * (m + 1) / (12.0 * (m - 1))


@register_device("mach_zehnder_modulator")
@dataclass(frozen=True, kw_only=True)
class MachZehnderModulator(LevelFigures, Device):
    """A traveling-wave Mach-Zehnder modulator.

    Parameters (SI):
        vpi_l_v_m: VpiL of one arm's phase shifter, V m (DEV-21 silicon estimate 1.5-3 V cm;
            DEV-23 thin-film LiNbO3 1.8 V cm).
        length_m: phase-shifter (electrode) length, m.
        loss_db_per_m: optical loss of the phase shifter, dB/m.
        excess_loss_db: splitter + combiner excess loss, dB.
        static_extinction_ratio_db: finite DC extinction of the interferometer, dB.
        drive_swing_v: peak-to-peak drive swing per driven arm, V.
        bias_phase_rad: differential phase at the centre of the swing, rad (pi/2 = quadrature).
        push_pull: True if both arms are driven in opposite polarity (doubles the phase).
        termination_resistance_ohm: electrode termination, ohm.
        rf_loss_db_per_m_per_hz: electrode RF loss per length per frequency, dB/(m Hz).

    Outputs:
        vpi_v (V, drive swing for a pi phase difference in this configuration),
        optical_loss_db (dB), extinction_ratio_db (dB, NRZ), insertion_loss_db (dB, high
        level), oma_fraction, average_transmission, level_mismatch_ratio (PAM4),
        modulation_bandwidth_hz (Hz), nrz_rf_power_w (W).
    Methods: transmission_at_voltage(voltage_v), transmission_levels(n_levels),
        eo_response_db(frequency_hz), rf_power_w(n_levels), drive_power_w(bit_rate_bps,
        n_levels), drive_energy_per_bit_j(bit_rate_bps, n_levels).
    """

    vpi_l_v_m: float = param(0.02, unit="V m", sources=("DEV-21",), lo=0.0, hi=1.0, lo_open=True,
                             doc="VpiL of one arm (2 V cm; estimate range 1.5-3 V cm)")
    length_m: float = param(3e-3, unit="m", sources=("CPS-MOD-10",), lo=0.0, hi=0.1, lo_open=True,
                            doc="phase-shifter length")
    loss_db_per_m: float = param(1000.0, unit="dB/m", sources=("CPS-MOD-11",), lo=0.0, hi=1e5,
                                 doc="phase-shifter optical loss (1 dB/mm)")
    excess_loss_db: float = param(0.3, unit="dB", sources=("CPS-MOD-12",), lo=0.0, hi=20.0,
                                  doc="splitter + combiner excess loss")
    static_extinction_ratio_db: float = param(30.0, unit="dB", sources=("CPS-MOD-13",), lo=0.0, hi=80.0,
                                              lo_open=True, doc="finite DC extinction ratio")
    drive_swing_v: float = param(1.0, unit="V", sources=("CPS-MOD-14",), lo=0.0, hi=20.0, lo_open=True,
                                 doc="peak-to-peak swing per driven arm")
    bias_phase_rad: float = param(np.pi / 2, unit="rad", sources=("CPS-MOD-17",), lo=0.0, hi=2 * np.pi,
                                  doc="differential phase at the centre of the swing (quadrature)")
    push_pull: bool = field(default=True)
    termination_resistance_ohm: float = param(50.0, unit="ohm", sources=("CPS-MOD-15",), lo=0.0, hi=1e4,
                                              lo_open=True, doc="electrode termination resistance")
    rf_loss_db_per_m_per_hz: float = param(60e-9, unit="dB/(m Hz)", sources=("CPS-MOD-16",), lo=0.0, hi=1e-5,
                                           lo_open=True, doc="electrode loss slope (0.6 dB/(cm GHz))")

    extra_sources: ClassVar[dict[str, tuple[str, ...]]] = {"push_pull": ("CPS-MOD-17",)}
    outputs: ClassVar[tuple[str, ...]] = (
        "vpi_v",
        "optical_loss_db",
        "extinction_ratio_db",
        "insertion_loss_db",
        "oma_fraction",
        "average_transmission",
        "level_mismatch_ratio",
        "modulation_bandwidth_hz",
        "nrz_rf_power_w",
    )

    def _check(self) -> None:
        if not isinstance(self.push_pull, (bool, np.bool_)):
            raise ConfigError("MachZehnderModulator.push_pull", self.push_pull,
                              "is not a boolean; expected true or false")

    # ---- static transfer -------------------------------------------------------------
    @property
    def _arms(self) -> float:
        return 2.0 if self.push_pull else 1.0

    @property
    def vpi_v(self) -> np.ndarray:
        """Drive swing for a pi change of differential phase, V: ``VpiL / (k L)``."""
        return as_array(self.vpi_l_v_m) / (self._arms * as_array(self.length_m))

    @property
    def optical_loss_db(self) -> np.ndarray:
        """Optical loss at the transmission peak (before the finite-extinction factor), dB."""
        return as_array(self.loss_db_per_m) * as_array(self.length_m) + as_array(self.excess_loss_db)

    def _transfer(self, phase_rad: np.ndarray, loss_db: np.ndarray, er_db: np.ndarray) -> np.ndarray:
        er = db_to_linear(er_db)
        g = (er - 1.0) / (er + 1.0)
        return db_to_linear(-loss_db) * 0.5 * (1.0 + g * np.cos(phase_rad))

    def transmission_at_voltage(self, voltage_v: Any) -> np.ndarray:
        """Power transmission (fraction of input) at drive ``voltage_v`` (V) relative to the bias point."""
        v = as_array(check_number("voltage_v", voltage_v, unit="V", lo=-50.0, hi=50.0))
        phase = as_array(self.bias_phase_rad) + np.pi * v / self.vpi_v
        return self._transfer(phase, self.optical_loss_db, as_array(self.static_extinction_ratio_db))

    def transmission_levels(self, n_levels: int = 2) -> np.ndarray:
        """Power transmissions of ``n_levels`` equally spaced drives across the swing.

        Shape ``(..., n_levels)``, ordered from the lower-transmission drive extreme.
        """
        m = check_n_levels(n_levels)
        v = as_array(self.drive_swing_v)[..., None] * np.linspace(-0.5, 0.5, m)
        phase = as_array(self.bias_phase_rad)[..., None] + np.pi * v / self.vpi_v[..., None]
        t = self._transfer(phase, self.optical_loss_db[..., None], as_array(self.static_extinction_ratio_db)[..., None])
        return order_levels(t)

    # ---- bandwidth -----------------------------------------------------------------
    def eo_response_db(self, frequency_hz: Any) -> np.ndarray:
        """Electro-optic response ``20 log10 |H(f)|``, dB (0 dB at DC), velocity-matched electrode."""
        f = as_array(check_number("frequency_hz", frequency_hz, unit="Hz", lo=0.0))
        x = as_array(self.rf_loss_db_per_m_per_hz) * f * as_array(self.length_m) / _DB_PER_NEPER
        safe = np.where(x > 0.0, x, 1.0)
        h = np.where(x > 0.0, -np.expm1(-safe) / safe, 1.0)
        return 20.0 * np.log10(h)

    @property
    def modulation_bandwidth_hz(self) -> np.ndarray:
        """EO 3 dB bandwidth, Hz: electrode loss of 0.7384 Np (6.41 dB) at that frequency."""
        return EO_3DB_ELECTRODE_LOSS_NP * _DB_PER_NEPER / (
            as_array(self.rf_loss_db_per_m_per_hz) * as_array(self.length_m))

    # ---- RF drive ------------------------------------------------------------------
    def rf_power_w(self, n_levels: int = 2) -> np.ndarray:
        """RF power dissipated in the terminations, W: ``n_arms <V^2> / R``."""
        return self._arms * mean_square_drive_voltage_v2(self.drive_swing_v, n_levels) / as_array(
            self.termination_resistance_ohm)

    @property
    def nrz_rf_power_w(self) -> np.ndarray:
        """RF power for NRZ drive, W: ``n_arms Vpp^2 / (4 R)``."""
        return self.rf_power_w(2)

    def drive_power_w(self, bit_rate_bps: Any, n_levels: int = 2) -> np.ndarray:
        """Drive power, W (the termination dissipation; independent of the bit rate)."""
        rate = as_array(check_number("bit_rate_bps", bit_rate_bps, unit="bit/s", lo=0.0, lo_open=True))
        return self.rf_power_w(n_levels) + 0.0 * rate

    def drive_energy_per_bit_j(self, bit_rate_bps: Any, n_levels: int = 2) -> np.ndarray:
        """Drive energy per bit, J: ``P_RF / bit_rate`` (bit/s)."""
        rate = as_array(check_number("bit_rate_bps", bit_rate_bps, unit="bit/s", lo=0.0, lo_open=True))
        return self.rf_power_w(n_levels) / rate
