"""Receiver noise referred to the photodetector current, for the analytic link engine.

Every variance is in A^2 at the photodiode (the TIA's input-referred noise is divided back
to the photocurrent it competes with); every bandwidth is a one-sided *noise* bandwidth in Hz.
All functions broadcast over NumPy arrays (a sweep of a million design points is one call).

Conventions (pinned by ``tests/unit/link/test_noise.py``):

* Thermal / TIA noise: an input-referred current density ``i_n`` (A/sqrt(Hz), one-sided,
  white) gives ``sigma^2 = i_n^2 * B_n``. A resistor at temperature T has ``i_n^2 = 4 k T / R``.
* Shot noise: ``sigma^2 = 2 q (I + I_dark) B_n`` (Poisson photo- and dark current).
* RIN: RIN is defined on *optical power*, one-sided: ``RIN = S_dP(f) / P^2`` in 1/Hz
  (``rin_db_per_hz = 10 log10 RIN``, e.g. -145 dB/Hz). The photocurrent carries the same
  relative fluctuation, so ``sigma^2 = RIN * I^2 * B_n``. Pass the level current ``I_k`` for the
  RIN of a CW laser seen through a modulator (noise grows with the level); pass the OMA
  current for IEEE 802.3's ``RIN_xOMA`` convention (noise referred to the modulation amplitude).
* Incoherent crosstalk (aggressors at other wavelengths, powers add, no beating): ``X`` is the
  ratio of one aggressor's received OMA to the victim's received OMA (for the same format and
  extinction ratio this is the received power ratio), given in dB (``crosstalk_db``, e.g. -25).
  Two treatments are offered, use one, not both:

  - :func:`crosstalk_noise_variance_a2`: the aggressor's data as added Gaussian noise. An
    M-PAM aggressor with equiprobable, equally spaced levels spanning ``X * OMA`` has variance
    ``(X OMA)^2 (M + 1) / (12 (M - 1))`` ((X OMA)^2/4 for NRZ, 5 (X OMA)^2/36 for PAM4);
    ``n_aggressors`` independent aggressors add their variances. Good for many aggressors.
  - :func:`crosstalk_power_penalty_db`: worst-case eye closure. Every aggressor at its worst
    phase shrinks each of the victim's ``M - 1`` eyes (height ``OMA/(M-1)``) by ``X * OMA``,
    so the power penalty is ``-10 log10(1 - (M - 1) n X)``; for NRZ this is the textbook
    interchannel-crosstalk penalty ``-10 log10(1 - X)`` (Ramaswami, Sivarajan & Sasaki,
    *Optical Networks*, crosstalk section; source id CPS-LKC-04). Conservative for few
    aggressors.

  The aggressors' mean power shifts every level by the same amount; the decision thresholds
  are assumed to track it (AC-coupled or adaptive threshold), so only the fluctuation counts.

Receiver noise bandwidth from the 3 dB bandwidth (:func:`noise_bandwidth_hz`): the noise
bandwidth is ``B_n = k * f_3dB`` with ``k = integral |H(f)|^2 df / (|H(0)|^2 f_3dB)``:
brick-wall 1, first-order RC ``pi/2 = 1.5708``, fourth-order Bessel-Thomson 1.0464 (the
IEEE 802.3 reference-receiver response; the number is the numerical integral of
``|H|^2``, re-derived in the tests), source id CPS-LKC-05.
"""

from __future__ import annotations

import math

import numpy as np

from cposim.errors import ConfigError, PhysicsError
from cposim.units import BOLTZMANN_J_PER_K, ELEMENTARY_CHARGE_C, ROOM_TEMPERATURE_K, ArrayLike
from cposim.validation import check_choice, check_number

__all__ = [
    "NOISE_BANDWIDTH_FACTORS",
    "crosstalk_noise_variance_a2",
    "crosstalk_power_penalty_db",
    "level_noise_sigma_a",
    "level_noise_variance_a2",
    "noise_bandwidth_hz",
    "resistor_noise_density_a_per_rthz",
    "rin_noise_variance_a2",
    "shot_noise_variance_a2",
    "thermal_noise_variance_a2",
]

#: Noise-equivalent bandwidth over 3 dB bandwidth for each receiver filter shape (CPS-LKC-05).
NOISE_BANDWIDTH_FACTORS: dict[str, float] = {
    "brickwall": 1.0,
    "first_order": math.pi / 2.0,
    "bessel4": 1.0463688869864098,
}

_Q = ELEMENTARY_CHARGE_C
#: Upper bound on signal currents, A. It only catches unit mistakes (mA or uA passed as A):
#: the link engine probes scaled-up copies of real photocurrents when it searches for margin.
_MAX_CURRENT_A = 1e3


def _as_float(x: float | np.ndarray) -> float | np.ndarray:
    return float(x) if np.ndim(x) == 0 else x


def noise_bandwidth_hz(bandwidth_3db_hz: ArrayLike, filter_shape: str = "bessel4") -> float | np.ndarray:
    """Noise-equivalent bandwidth, Hz, of a receiver with 3 dB bandwidth ``bandwidth_3db_hz`` (Hz).

    ``filter_shape``: ``"brickwall"`` (factor 1), ``"first_order"`` (single-pole RC, pi/2) or
    ``"bessel4"`` (fourth-order Bessel-Thomson, 1.0464). Source id CPS-LKC-05.
    """
    shape = check_choice("noise_bandwidth_hz.filter_shape", filter_shape, tuple(NOISE_BANDWIDTH_FACTORS))
    f3 = check_number("noise_bandwidth_hz.bandwidth_3db_hz", bandwidth_3db_hz, unit="Hz", lo=0.0, lo_open=True, hi=1e13)
    return _as_float(NOISE_BANDWIDTH_FACTORS[shape] * np.asarray(f3))


def resistor_noise_density_a_per_rthz(resistance_ohm: ArrayLike, temperature_k: ArrayLike = ROOM_TEMPERATURE_K) -> float | np.ndarray:
    """Thermal (Johnson) current-noise density of a resistor, A/sqrt(Hz): ``sqrt(4 k T / R)``.

    ``resistance_ohm`` in ohm (> 0), ``temperature_k`` in K (> 0).
    """
    r = check_number("resistor_noise_density.resistance_ohm", resistance_ohm, unit="ohm", lo=0.0, lo_open=True, hi=1e12)
    t = check_number("resistor_noise_density.temperature_k", temperature_k, unit="K", lo=0.0, lo_open=True, hi=1e4)
    return _as_float(np.sqrt(4.0 * BOLTZMANN_J_PER_K * np.asarray(t) / np.asarray(r)))


def thermal_noise_variance_a2(density_a_per_rthz: ArrayLike, noise_bandwidth_hz: ArrayLike) -> float | np.ndarray:
    """Thermal / TIA noise variance, A^2: ``i_n^2 B_n``.

    ``density_a_per_rthz``: input-referred current-noise density, A/sqrt(Hz) (one-sided, white);
    ``noise_bandwidth_hz``: noise bandwidth, Hz.
    """
    d = check_number("thermal_noise.density_a_per_rthz", density_a_per_rthz, unit="A/sqrt(Hz)", lo=0.0, hi=1e-6)
    b = _check_bandwidth("thermal_noise.noise_bandwidth_hz", noise_bandwidth_hz)
    return _as_float(np.square(d) * b)


def shot_noise_variance_a2(current_a: ArrayLike, noise_bandwidth_hz: ArrayLike, dark_current_a: ArrayLike = 0.0) -> float | np.ndarray:
    """Shot-noise variance, A^2: ``2 q (I + I_dark) B_n``.

    ``current_a``: mean photocurrent, A (>= 0); ``noise_bandwidth_hz``: Hz;
    ``dark_current_a``: photodiode dark current, A (>= 0).
    """
    i = check_number("shot_noise.current_a", current_a, unit="A", lo=0.0, hi=_MAX_CURRENT_A)
    idark = check_number("shot_noise.dark_current_a", dark_current_a, unit="A", lo=0.0, hi=1.0)
    b = _check_bandwidth("shot_noise.noise_bandwidth_hz", noise_bandwidth_hz)
    return _as_float(2.0 * _Q * (np.asarray(i) + idark) * b)


def rin_noise_variance_a2(current_a: ArrayLike, rin_db_per_hz: ArrayLike, noise_bandwidth_hz: ArrayLike) -> float | np.ndarray:
    """RIN noise variance, A^2: ``RIN_lin I^2 B_n`` (RIN one-sided, on optical power).

    ``current_a``: the photocurrent the RIN refers to, A (a level current for a CW laser behind
    a modulator; the OMA current for IEEE's ``RIN_xOMA``); ``rin_db_per_hz``: dB/Hz (e.g. -145);
    ``noise_bandwidth_hz``: Hz.
    """
    i = check_number("rin_noise.current_a", current_a, unit="A", lo=0.0, hi=_MAX_CURRENT_A)
    rin = _rin_linear(rin_db_per_hz, "rin_noise.rin_db_per_hz")
    b = _check_bandwidth("rin_noise.noise_bandwidth_hz", noise_bandwidth_hz)
    return _as_float(rin * np.square(i) * b)


def crosstalk_noise_variance_a2(
    oma_a: ArrayLike, crosstalk_db: ArrayLike, *, levels: int = 2, n_aggressors: ArrayLike = 1
) -> float | np.ndarray:
    """Incoherent crosstalk as added Gaussian variance, A^2.

    ``n X^2 OMA^2 (M + 1) / (12 (M - 1))`` for ``n`` independent M-PAM aggressors, each with a
    received OMA of ``X * oma_a``. ``oma_a``: victim's OMA photocurrent, A;
    ``crosstalk_db``: ``10 log10 X`` per aggressor, dB (<= 0); ``levels``: M of the aggressors
    (2 = NRZ, 4 = PAM4); ``n_aggressors``: number of aggressors (>= 0).
    """
    oma = check_number("crosstalk.oma_a", oma_a, unit="A", lo=0.0, hi=_MAX_CURRENT_A)
    x = _crosstalk_linear(crosstalk_db)
    m = _check_levels(levels)
    n = check_number("crosstalk.n_aggressors", n_aggressors, lo=0.0, hi=1e4, integer=True)
    return _as_float(n * np.square(x * np.asarray(oma)) * ((m + 1.0) / (12.0 * (m - 1.0))))


def crosstalk_power_penalty_db(crosstalk_db: ArrayLike, *, levels: int = 2, n_aggressors: ArrayLike = 1) -> float | np.ndarray:
    """Worst-case incoherent-crosstalk power penalty, dB: ``-10 log10(1 - (M - 1) n X)``.

    ``crosstalk_db``: ``10 log10 X`` per aggressor (aggressor OMA over victim OMA), dB (<= 0);
    ``levels``: M of the victim's format (2 = NRZ, 4 = PAM4); ``n_aggressors`` (>= 0).
    Source id CPS-LKC-04 (NRZ form). Raises PhysicsError where the eye is fully closed.
    """
    x = _crosstalk_linear(crosstalk_db)
    m = _check_levels(levels)
    n = check_number("crosstalk.n_aggressors", n_aggressors, lo=0.0, hi=1e4, integer=True)
    closure = (m - 1.0) * np.asarray(n) * x
    closed = closure >= 1.0
    if np.any(closed):
        count = int(np.count_nonzero(closed))
        raise PhysicsError(
            f"crosstalk_power_penalty_db: worst-case crosstalk closes the eye at {count} of {closed.size} points "
            f"((M-1) n X = {float(np.max(closure)):g} >= 1); use crosstalk_noise_variance_a2 or less crosstalk"
        )
    return _as_float(-10.0 * np.log10(1.0 - closure))


def level_noise_variance_a2(
    levels_a: ArrayLike,
    *,
    noise_bandwidth_hz: ArrayLike,
    thermal_density_a_per_rthz: ArrayLike = 0.0,
    dark_current_a: ArrayLike = 0.0,
    rin_db_per_hz: ArrayLike | None = None,
    extra_variance_a2: ArrayLike = 0.0,
) -> np.ndarray:
    """Total noise variance of each signal level, A^2, shape ``(..., M)``.

    ``sigma_k^2 = i_n^2 B_n + 2 q (I_k + I_dark) B_n + RIN I_k^2 B_n + extra``.

    ``levels_a``: photocurrent of each level, A, shape ``(..., M)``; every other argument is
    level-independent and broadcasts against ``levels_a[..., 0]`` (shape ``(...)``):
    ``noise_bandwidth_hz`` (Hz), ``thermal_density_a_per_rthz`` (A/sqrt(Hz), input-referred),
    ``dark_current_a`` (A), ``rin_db_per_hz`` (dB/Hz on optical power, one-sided, applied to each
    level's own current; ``None`` for no RIN), ``extra_variance_a2`` (A^2, e.g. crosstalk).
    """
    lv = np.asarray(check_number("level_noise.levels_a", levels_a, unit="A", lo=0.0, hi=_MAX_CURRENT_A))
    if lv.ndim == 0:
        raise ConfigError("level_noise.levels_a", levels_a, "must hold the M levels along its last axis")
    b = np.asarray(_check_bandwidth("level_noise.noise_bandwidth_hz", noise_bandwidth_hz))
    dens = np.asarray(check_number("level_noise.thermal_density_a_per_rthz", thermal_density_a_per_rthz, unit="A/sqrt(Hz)", lo=0.0, hi=1e-6))
    idark = np.asarray(check_number("level_noise.dark_current_a", dark_current_a, unit="A", lo=0.0, hi=1.0))
    extra = np.asarray(check_number("level_noise.extra_variance_a2", extra_variance_a2, unit="A^2", lo=0.0, hi=1.0))
    const = (np.square(dens) + 2.0 * _Q * idark) * b + extra
    lin = 2.0 * _Q * b
    quad = None if rin_db_per_hz is None else np.asarray(_rin_linear(rin_db_per_hz, "level_noise.rin_db_per_hz")) * b
    m = lv.shape[-1]
    lead = np.broadcast_shapes(lv.shape[:-1], const.shape, lin.shape, () if quad is None else quad.shape)
    # Level-major work array: each level is a contiguous 1-D loop (an (N, M) array broadcast
    # along its short last axis would run numpy's inner loop M elements at a time).
    out = np.empty((m, *lead))
    for k in range(m):
        level = lv[..., k]
        row = out[k, ...]  # a view, also when the leading shape is ()
        if quad is None:
            np.multiply(level, lin, out=row)
        else:
            np.multiply(level, quad, out=row)
            row += lin
            row *= level
        row += const
    return np.moveaxis(out, 0, -1)


def level_noise_sigma_a(
    levels_a: ArrayLike,
    *,
    noise_bandwidth_hz: ArrayLike,
    thermal_density_a_per_rthz: ArrayLike = 0.0,
    dark_current_a: ArrayLike = 0.0,
    rin_db_per_hz: ArrayLike | None = None,
    extra_variance_a2: ArrayLike = 0.0,
) -> np.ndarray:
    """Total noise standard deviation of each level, A, shape ``(..., M)``.

    Square root of :func:`level_noise_variance_a2` (same arguments and units).
    """
    var = level_noise_variance_a2(
        levels_a,
        noise_bandwidth_hz=noise_bandwidth_hz,
        thermal_density_a_per_rthz=thermal_density_a_per_rthz,
        dark_current_a=dark_current_a,
        rin_db_per_hz=rin_db_per_hz,
        extra_variance_a2=extra_variance_a2,
    )
    return np.sqrt(var, out=var)  # in place on the level-major buffer behind the (..., M) view


def _check_bandwidth(field: str, value: ArrayLike) -> float | np.ndarray:
    return check_number(field, value, unit="Hz", lo=0.0, lo_open=True, hi=1e13)


def _rin_linear(rin_db_per_hz: ArrayLike, field: str) -> float | np.ndarray:
    rin = check_number(field, rin_db_per_hz, unit="dB/Hz", lo=-250.0, hi=-50.0)
    return np.power(10.0, np.asarray(rin) / 10.0)


def _crosstalk_linear(crosstalk_db: ArrayLike) -> np.ndarray:
    xt = check_number("crosstalk.crosstalk_db", crosstalk_db, unit="dB", lo=-200.0, hi=0.0)
    return np.power(10.0, np.asarray(xt) / 10.0)


def _check_levels(levels: int) -> int:
    m = check_number("crosstalk.levels", levels, lo=2, hi=64, integer=True)
    if np.ndim(m) != 0:
        raise ConfigError("crosstalk.levels", levels, "must be one whole number (2 for NRZ, 4 for PAM4)")
    return int(m)
