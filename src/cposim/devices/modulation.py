"""What every intensity modulator shares: M-level drive helpers and the NRZ/PAM4 figures
of merit computed from a model's ``transmission_levels`` (ER, IL, OMA fraction, average
transmission, R_LM). Each modulator model only supplies its transfer function.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cposim.devices.base import as_array
from cposim.errors import ConfigError
from cposim.units import linear_to_db
from cposim.validation import check_number, require_finite


def check_n_levels(n_levels: Any) -> int:
    """Validate a number of modulation levels (integer 2 ... 64) and return it as int."""
    return int(check_number("n_levels", n_levels, lo=2, hi=64, integer=True))


def capacitive_drive_energy_per_bit_j(capacitance_f: Any, swing_v: Any, n_levels: int = 2) -> np.ndarray:
    """Energy per bit, J, to drive a capacitance ``C`` (F) with an M-level swing ``Vpp`` (V).

    ``E_bit = C Vpp^2 (M + 1) / (6 M log2 M)``: supply ``Vpp``, charge drawn only on upward
    steps, independent equiprobable levels (``C V^2 / 4`` for NRZ; CPS-MOD-08).
    """
    m = check_n_levels(n_levels)
    c, v = as_array(capacitance_f), as_array(swing_v)
    return c * v**2 * (m + 1) / (6.0 * m * np.log2(m))


def level_mismatch_ratio(levels: Any) -> np.ndarray:
    """PAM4 level separation mismatch ratio R_LM of four levels (last axis), IEEE 802.3 style.

    ``R_LM = min(3 ES1, 3 ES2, 2 - 3 ES1, 2 - 3 ES2)`` with ``Vmid = (V0 + V3)/2``,
    ``ES1 = (V1 - Vmid)/(V0 - Vmid)``, ``ES2 = (V2 - Vmid)/(V3 - Vmid)`` (CPS-MOD-09);
    1 for equally spaced levels. The levels must be ordered along the last axis.
    """
    lv = np.asarray(levels, dtype=float)
    if lv.shape[-1] != 4:
        raise ConfigError("levels", lv.shape[-1], "levels along the last axis; expected 4 (PAM4)")
    v0, v1, v2, v3 = (lv[..., k] for k in range(4))
    mid = 0.5 * (v0 + v3)
    with np.errstate(divide="ignore", invalid="ignore"):
        es1 = (v1 - mid) / (v0 - mid)
        es2 = (v2 - mid) / (v3 - mid)
    rlm = np.minimum(np.minimum(3 * es1, 3 * es2), np.minimum(2 - 3 * es1, 2 - 3 * es2))
    return require_finite("level_mismatch_ratio (outer levels are equal)", rlm)


def order_levels(levels: np.ndarray) -> np.ndarray:
    """Orient levels along the last axis so the lower drive extreme comes first.

    The order of the drive voltages is kept (so a non-monotonic transfer stays visible);
    only the direction is flipped where the last level is below the first.
    """
    flip = levels[..., -1] < levels[..., 0]
    return np.where(flip[..., None], levels[..., ::-1], levels)


class LevelFigures:
    """Mixin: NRZ and PAM4 figures of merit from ``self.transmission_levels(n)``.

    Subclasses may override any property with a closed form (the EAM does for ER/IL).
    """

    @property
    def _nrz(self) -> tuple[np.ndarray, np.ndarray]:
        lv = self.transmission_levels(2)
        return lv[..., 0], lv[..., 1]

    @property
    def extinction_ratio_db(self) -> np.ndarray:
        """Dynamic extinction ratio of the NRZ levels, dB: ``10 log10(T_high / T_low)``.

        Raises PhysicsError if the low level is exactly zero (infinite extinction).
        """
        low, high = self._nrz
        with np.errstate(divide="ignore"):
            er = linear_to_db(high / low)
        return require_finite(f"{type(self).__name__}.extinction_ratio_db (low level is zero)", er)

    @property
    def insertion_loss_db(self) -> np.ndarray:
        """Insertion loss of the high (one) level, dB: ``-10 log10(T_high)``."""
        return -linear_to_db(self._nrz[1])

    @property
    def oma_fraction(self) -> np.ndarray:
        """NRZ optical modulation amplitude as a fraction of the input power, ``T_high - T_low``."""
        low, high = self._nrz
        return high - low

    @property
    def average_transmission(self) -> np.ndarray:
        """Mean of the NRZ levels, fraction of input power (modulator loss on the average power)."""
        low, high = self._nrz
        return 0.5 * (low + high)

    @property
    def level_mismatch_ratio(self) -> np.ndarray:
        """PAM4 R_LM of the four equally driven levels (1 = equally spaced; CPS-MOD-09)."""
        return level_mismatch_ratio(self.transmission_levels(4))


class CapacitiveDrive:
    """Mixin: drive energy and power of a lumped (capacitive) modulator swung by
    ``drive_swing_v``; a subclass names its capacitance field in ``capacitance_field``."""

    capacitance_field = "capacitance_f"

    def drive_energy_per_bit_j(self, n_levels: int = 2) -> np.ndarray:
        """Capacitive drive energy per bit, J: ``C Vpp^2 (M+1) / (6 M log2 M)`` (``C V^2/4`` for NRZ)."""
        return capacitive_drive_energy_per_bit_j(getattr(self, self.capacitance_field), self.drive_swing_v, n_levels)

    @property
    def nrz_drive_energy_per_bit_j(self) -> np.ndarray:
        """NRZ drive energy per bit, J: ``C Vpp^2 / 4``."""
        return self.drive_energy_per_bit_j(2)

    def drive_power_w(self, bit_rate_bps: Any, n_levels: int = 2) -> np.ndarray:
        """Drive power, W, at ``bit_rate_bps`` (bit/s)."""
        rate = as_array(check_number("bit_rate_bps", bit_rate_bps, unit="bit/s", lo=0.0))
        return self.drive_energy_per_bit_j(n_levels) * rate
