"""Heater power to hold every ring of a WDM bank on the grid: temperature, fabrication spread,
cyclic (barrel-shift) channel assignment and locking overhead.

Model (per ring bank of N rings, one per channel; CPS-ENG-07):

* **Fabrication.** Ring k is designed to resonate on channel k at the engine's hottest
  operating point; fabrication moves it by a common bank offset plus a ring-to-ring offset,
  each drawn from a uniform distribution of the given half-width (or a normal one with that
  sigma; CPS-ENG-06) with an explicit seed.
* **Heaters only heat.** A heater red-shifts its ring, and resonances repeat every FSR, so a
  ring at ``lambda_res`` reaches a target ``lambda_t`` with the shift
  ``(lambda_t - lambda_res) mod FSR`` (0 .. FSR).
* **Assignment.** ``fixed``: ring k takes channel k. ``cyclic``: ring k takes channel
  ``(k + m) mod N`` with one rotation m per bank (a barrel shifter re-maps the data lanes),
  chosen to minimise the bank's total heater power. m = 0 is among the choices, so cyclic is
  never worse than fixed, bank by bank.
* **Temperature.** Locked at the hot corner, a ring needs ``drift x swing`` more shift at the
  cold corner; averaged over a uniform spread of temperatures it needs half of that. Heater
  power is ``shift / efficiency`` (the :class:`~cposim.devices.ring_modulator.RingModulator`
  heater methods, DEV-04 and DEV-09).
* **Locking.** Each ring's wavelength lock (monitor, ADC/DAC, loop) adds a fixed overhead
  (CPS-ENG-08).

The Monte Carlo mean converges as ``1/sqrt(samples)``; the standard error reported is that of
the per-bank mean shift.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from cposim.devices.ring_modulator import RingModulator
from cposim.errors import ConfigError
from cposim.validation import check_choice, check_number

#: Largest (samples x rotations x rings) block evaluated at once.
_CHUNK_ELEMENTS = 2_000_000

__all__ = ["TuningResult", "bank_heater_shifts_m", "draw_resonance_offsets_m", "tune_ring_banks"]


def draw_resonance_offsets_m(*, rings: int, samples: int, global_spread_m: float, local_spread_m: float,
                             distribution: str = "uniform", seed: int | np.random.Generator = 0) -> np.ndarray:
    """Fabricated resonance offsets from the design, m, shape ``(samples, rings)``.

    Args:
        rings: rings per bank (>= 1). samples: banks drawn (>= 1).
        global_spread_m: half-width (uniform) or sigma (normal) of the common bank offset, m.
        local_spread_m: half-width or sigma of the ring-to-ring offset, m.
        distribution: ``uniform`` or ``normal``.
        seed: integer seed or a ``numpy.random.Generator`` (same seed, same offsets).
    """
    n = int(check_number("rings", rings, lo=1, hi=1024, integer=True))
    s = int(check_number("samples", samples, lo=1, hi=10_000_000, integer=True))
    g = check_number("global_spread_m", global_spread_m, unit="m", lo=0.0, hi=1e-6)
    loc = check_number("local_spread_m", local_spread_m, unit="m", lo=0.0, hi=1e-6)
    check_choice("distribution", distribution, ("uniform", "normal"))
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(
        int(check_number("seed", seed, lo=0, hi=2**63 - 1, integer=True)))
    if distribution == "uniform":
        common = rng.uniform(-1.0, 1.0, size=(s, 1)) * g
        local = rng.uniform(-1.0, 1.0, size=(s, n)) * loc
    else:
        common = rng.standard_normal(size=(s, 1)) * g
        local = rng.standard_normal(size=(s, n)) * loc
    return common + local


def bank_heater_shifts_m(offsets_m: Any, *, channel_wavelengths_m: Any, fsr_m: float,
                         assignment: str = "cyclic") -> tuple[np.ndarray, np.ndarray]:
    """Heater red shift of every ring after channel assignment, m, and the rotation chosen.

    Args:
        offsets_m: fabricated offsets from the design, m, shape ``(samples, N)``.
        channel_wavelengths_m: the N channel wavelengths, m (ring k designed for channel k).
        fsr_m: ring free spectral range, m.
        assignment: ``fixed`` (rotation 0) or ``cyclic`` (rotation minimising the bank total).

    Returns:
        (shifts, rotation): shifts ``(samples, N)`` in m, each in [0, FSR); rotation
        ``(samples,)`` integers (ring k takes channel ``(k + rotation) mod N``).
    """
    off = np.atleast_2d(np.asarray(offsets_m, dtype=float))
    lam = np.asarray(channel_wavelengths_m, dtype=float).ravel()
    n = lam.size
    if off.shape[-1] != n:
        raise ConfigError("offsets_m", off.shape, f"has {off.shape[-1]} rings per bank; expected {n} (one per channel)")
    fsr = float(check_number("fsr_m", fsr_m, unit="m", lo=0.0, lo_open=True))
    check_choice("assignment", assignment, ("cyclic", "fixed"))
    rotations = np.arange(n) if assignment == "cyclic" else np.zeros(1, dtype=int)
    k = np.arange(n)
    step = lam[(k[None, :] + rotations[:, None]) % n] - lam[None, :]  # (rotations, N)
    shifts = np.empty_like(off)
    best = np.empty(off.shape[0], dtype=int)
    chunk = max(1, _CHUNK_ELEMENTS // (rotations.size * n))  # bounded memory for any sample count
    for start in range(0, off.shape[0], chunk):
        part = off[start:start + chunk]
        need = np.mod(step[None, :, :] - part[:, None, :], fsr)  # (samples, rotations, N)
        need = np.where(need >= fsr, need - fsr, need)  # np.mod of a tiny negative number rounds up to fsr
        pick = np.argmin(need.sum(axis=-1), axis=-1)  # first minimum: rotation 0 wins ties
        shifts[start:start + chunk] = np.take_along_axis(need, pick[:, None, None], axis=1)[:, 0, :]
        best[start:start + chunk] = pick
    return shifts, rotations[best]


@dataclass(frozen=True)
class TuningResult:
    """Heater and locking power of a ring bank design (per ring unless named otherwise).

    Attributes (SI):
        shifts_m: heater shift of every simulated ring at the hot corner, m, ``(samples, N)``.
        ring_power_samples_w: heater power of every simulated ring at the mid temperature, W.
        rotation: barrel-shift rotation chosen per bank, ``(samples,)``.
        mean_shift_m: mean fabrication shift per ring at the hot corner, m.
        standard_error_m: standard error of ``mean_shift_m`` (over banks), m.
        temperature_shift_worst_m / temperature_shift_mean_m: drift x swing and half of it, m.
        heater_power_mean_w: mean heater power per ring over the temperature range, W.
        heater_power_worst_w: mean over banks at the cold corner, W.
        heater_power_p99_w: 99th percentile of per-ring heater power at the cold corner, W.
        temperature_power_w: heater power for the temperature swing alone (cold corner), W.
        heater_power_per_fsr_w: heater power to tune one FSR, W (DEV-10, DEV-11).
        locking_power_w: lock-loop overhead, W. power_mean_w: heater mean + locking, W.
        samples: banks simulated. assignment: ``cyclic`` or ``fixed``. fsr_m: m.
    """

    shifts_m: np.ndarray
    ring_power_samples_w: np.ndarray
    rotation: np.ndarray
    mean_shift_m: float
    standard_error_m: float
    temperature_shift_worst_m: float
    temperature_shift_mean_m: float
    heater_power_mean_w: float
    heater_power_worst_w: float
    heater_power_p99_w: float
    temperature_power_w: float
    heater_power_per_fsr_w: float
    locking_power_w: float
    power_mean_w: float
    samples: int
    assignment: str
    fsr_m: float

    @property
    def mean_heater_shift_m(self) -> float:
        """Mean heater shift per ring over the temperature range, m (fabrication + half the swing drift)."""
        return self.mean_shift_m + self.temperature_shift_mean_m



def tune_ring_banks(ring: RingModulator, channel_wavelengths_m: Any, *, temperature_swing_k: float,
                    global_spread_m: float, local_spread_m: float, locking_power_per_ring_w: float,
                    samples: int, seed: int | np.random.Generator = 0, distribution: str = "uniform",
                    assignment: str = "cyclic") -> TuningResult:
    """Monte Carlo of the heater power that brings every ring of a bank onto the grid.

    Args:
        ring: a ring (FSR, drift ``thermal_shift_m_per_k`` and ``heater_efficiency_m_per_w``
            are read from it; scalar parameters).
        channel_wavelengths_m: the bank's channels, m.
        temperature_swing_k: engine temperature swing the heaters cover, K.
        global_spread_m, local_spread_m, distribution: fabrication spread (see
            :func:`draw_resonance_offsets_m`), m.
        locking_power_per_ring_w: lock-loop overhead per ring, W.
        samples: banks drawn. seed: integer or Generator. assignment: ``cyclic`` or ``fixed``.
    """
    swing = float(check_number("temperature_swing_k", temperature_swing_k, unit="K", lo=0.0, hi=500.0))
    lock = float(check_number("locking_power_per_ring_w", locking_power_per_ring_w, unit="W", lo=0.0, hi=1.0))
    lam = np.asarray(channel_wavelengths_m, dtype=float).ravel()
    fsr = float(ring.fsr_m)
    offsets = draw_resonance_offsets_m(rings=lam.size, samples=samples, global_spread_m=global_spread_m,
                                       local_spread_m=local_spread_m, distribution=distribution, seed=seed)
    shifts, rotation = bank_heater_shifts_m(offsets, channel_wavelengths_m=lam, fsr_m=fsr, assignment=assignment)
    per_bank = shifts.mean(axis=1)
    mean = float(per_bank.mean())
    se = float(per_bank.std(ddof=1) / np.sqrt(per_bank.size)) if per_bank.size > 1 else 0.0
    drift = float(ring.thermal_shift_m_per_k)
    t_worst = drift * swing
    t_mean = 0.5 * t_worst
    heater = ring.heater_power_for_shift_w
    return TuningResult(
        shifts_m=shifts,
        ring_power_samples_w=np.asarray(heater(shifts + t_mean)),
        rotation=rotation,
        mean_shift_m=mean,
        standard_error_m=se,
        temperature_shift_worst_m=t_worst,
        temperature_shift_mean_m=t_mean,
        heater_power_mean_w=float(heater(mean + t_mean)),
        heater_power_worst_w=float(heater(mean + t_worst)),
        heater_power_p99_w=float(heater(float(np.quantile(shifts, 0.99)) + t_worst)),
        temperature_power_w=float(ring.heater_power_for_temperature_swing_w(swing)),
        heater_power_per_fsr_w=float(ring.heater_power_per_fsr_w),
        locking_power_w=lock,
        power_mean_w=float(heater(mean + t_mean)) + lock,
        samples=int(per_bank.size),
        assignment=assignment,
        fsr_m=fsr,
    )
