"""Continuous-time linear equalizer (CTLE) of IEEE 802.3 Annex 93A, eq. 93A-22.

The reference CTLE of the Channel Operating Margin (COM; IEEE Std 802.3 Annex 93A, eq.
93A-22, with the low-frequency stage added for 802.3ck/802.3dj, CPS-ELE-01)::

              10^(g_DC/20) + j f/f_z            10^(g_DC2/20) + j f/f_LF
    H(f) = ---------------------------------  x  ------------------------
           (1 + j f/f_p1) (1 + j f/f_p2)              1 + j f/f_LF

``g_DC`` (``dc_gain_db``, dB, usually <= 0) sets the peaking: with ``f_z = f_p1`` the gain is
``10^(g_DC/20)`` at DC and about 1 from ``f_z`` up to ``f_p2``, so the peaking is ``-g_DC``
dB. ``g_DC2`` (``lf_gain_db``) with its pole/zero pair at ``f_LF`` (``lf_pole_hz``) shapes the
response below ``f_LF`` (the "low-frequency" equalization against skin-effect tails). Without
``lf_pole_hz`` the second factor is 1 (the original Annex 93A form, then ``lf_gain_db`` must be
0).

Frequencies are in Hz (SI); the ratios are unit-free, so the same numbers as COM tables in GHz
apply after conversion. Every argument broadcasts, e.g. ``dc_gain_db=np.arange(0, -16, -1)[:,
None]`` with a frequency row gives one response per gain setting.

:func:`ctle_sos` maps the same transfer function to second-order sections with the bilinear
transform, prewarping every pole and zero so it sits at its analog frequency, and scales the
result so the digital and analog DC gains agree exactly.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import signal

from cposim.errors import ConfigError
from cposim.validation import check_number

__all__ = ["ctle_response", "ctle_sos", "ctle_peaking_db"]

#: Allowed range of the two CTLE gains, dB.
GAIN_RANGE_DB = (-60.0, 20.0)


def _check_corners(zero_hz: Any, pole1_hz: Any, pole2_hz: Any, lf_gain_db: Any, lf_pole_hz: Any, dc_gain_db: Any):
    g = check_number("ctle.dc_gain_db", dc_gain_db, unit="dB", lo=GAIN_RANGE_DB[0], hi=GAIN_RANGE_DB[1])
    fz = check_number("ctle.zero_hz", zero_hz, unit="Hz", lo=0.0, lo_open=True)
    fp1 = check_number("ctle.pole1_hz", pole1_hz, unit="Hz", lo=0.0, lo_open=True)
    fp2 = check_number("ctle.pole2_hz", pole2_hz, unit="Hz", lo=0.0, lo_open=True)
    g2 = check_number("ctle.lf_gain_db", lf_gain_db, unit="dB", lo=GAIN_RANGE_DB[0], hi=GAIN_RANGE_DB[1])
    if lf_pole_hz is None:
        if np.any(np.asarray(g2) != 0.0):
            raise ConfigError(
                "ctle.lf_gain_db", g2, "needs lf_pole_hz (the low-frequency pole/zero f_LF); give both or neither"
            )
        flf = None
    else:
        flf = check_number("ctle.lf_pole_hz", lf_pole_hz, unit="Hz", lo=0.0, lo_open=True)
    return g, fz, fp1, fp2, g2, flf


def ctle_response(
    frequency_hz: Any,
    *,
    dc_gain_db: Any,
    zero_hz: Any,
    pole1_hz: Any,
    pole2_hz: Any,
    lf_gain_db: Any = 0.0,
    lf_pole_hz: Any = None,
) -> np.ndarray:
    """Complex CTLE transfer function ``H(f)`` of IEEE 802.3 eq. 93A-22 (CPS-ELE-01).

    Args:
        frequency_hz: frequencies, Hz (>= 0).
        dc_gain_db: ``g_DC``, dB (-60 .. 20; COM grids use 0 .. -20).
        zero_hz: ``f_z``, Hz (> 0).
        pole1_hz: ``f_p1``, Hz (> 0).
        pole2_hz: ``f_p2``, Hz (> 0).
        lf_gain_db: ``g_DC2``, dB (default 0: no low-frequency shaping).
        lf_pole_hz: ``f_LF``, Hz, or None to omit the low-frequency stage.

    Returns:
        complex ndarray, the broadcast shape of the inputs (unit-free voltage ratio).

    Raises:
        ConfigError: negative or non-finite frequencies, non-positive corners, gains out of
            range, or ``lf_gain_db != 0`` without ``lf_pole_hz``.
    """
    f = np.asarray(check_number("ctle.frequency_hz", frequency_hz, unit="Hz", lo=0.0), dtype=float)
    g, fz, fp1, fp2, g2, flf = _check_corners(zero_hz, pole1_hz, pole2_hz, lf_gain_db, lf_pole_hz, dc_gain_db)
    jf = 1j * f
    h = (10.0 ** (np.asarray(g) / 20.0) + jf / fz) / ((1.0 + jf / fp1) * (1.0 + jf / fp2))
    if flf is not None:
        h = h * (10.0 ** (np.asarray(g2) / 20.0) + jf / flf) / (1.0 + jf / flf)
    return np.asarray(h, dtype=complex)


def ctle_peaking_db(
    *,
    frequency_hz: Any,
    dc_gain_db: Any,
    zero_hz: Any,
    pole1_hz: Any,
    pole2_hz: Any,
    lf_gain_db: Any = 0.0,
    lf_pole_hz: Any = None,
) -> np.ndarray:
    """Gain at ``frequency_hz`` (Hz) relative to DC, dB: the CTLE "boost" there (broadcasts)."""
    kw = dict(
        dc_gain_db=dc_gain_db,
        zero_hz=zero_hz,
        pole1_hz=pole1_hz,
        pole2_hz=pole2_hz,
        lf_gain_db=lf_gain_db,
        lf_pole_hz=lf_pole_hz,
    )
    at_f = ctle_response(frequency_hz, **kw)
    at_dc = ctle_response(0.0, **kw)
    return 20.0 * np.log10(np.abs(at_f) / np.abs(at_dc))


def _prewarp(omega: np.ndarray, fs: float) -> np.ndarray:
    return 2.0 * fs * np.tan(omega / (2.0 * fs))


def ctle_sos(
    sample_rate_hz: Any,
    *,
    dc_gain_db: float,
    zero_hz: float,
    pole1_hz: float,
    pole2_hz: float,
    lf_gain_db: float = 0.0,
    lf_pole_hz: float | None = None,
) -> np.ndarray:
    """Digital CTLE as second-order sections (``scipy.signal.sosfilt`` layout, shape (n, 6)).

    Bilinear transform of eq. 93A-22 with each real pole and zero prewarped to its analog
    frequency (``w' = 2 fs tan(w / (2 fs))``), then the gain set so the DC gain equals
    ``10^((g_DC + g_DC2)/20)`` exactly.

    Args:
        sample_rate_hz: sampling rate of the waveform to filter, Hz; every pole and zero
            (``f_p1, f_p2, f_LF`` and the zeros ``10^(g/20) f_z``, ``10^(g2/20) f_LF``) must lie
            below half of it.
        dc_gain_db, zero_hz, pole1_hz, pole2_hz, lf_gain_db, lf_pole_hz: scalars, as in
            :func:`ctle_response`.

    Raises:
        ConfigError: non-scalar or bad arguments, or a corner at or above ``fs/2``.
    """
    fs = check_number("ctle.sample_rate_hz", sample_rate_hz, unit="Hz", lo=0.0, lo_open=True)
    args = (zero_hz, pole1_hz, pole2_hz, lf_gain_db, lf_pole_hz, dc_gain_db)
    for name, value in zip(("zero_hz", "pole1_hz", "pole2_hz", "lf_gain_db", "lf_pole_hz", "dc_gain_db"), args):
        if value is not None and np.ndim(value) != 0:
            raise ConfigError(f"ctle_sos.{name}", value, "must be a scalar (one filter per call)")
    g, fz, fp1, fp2, g2, flf = _check_corners(*args)
    zeros_hz = [10.0 ** (g / 20.0) * fz]
    poles_hz = [fp1, fp2]
    if flf is not None:
        zeros_hz.append(10.0 ** (g2 / 20.0) * flf)
        poles_hz.append(flf)
    for label, f in [("zero", z) for z in zeros_hz] + [("pole", p) for p in poles_hz]:
        if f >= fs / 2.0:
            raise ConfigError(
                "ctle_sos.sample_rate_hz", fs,
                f"puts the CTLE {label} at {f:g} Hz at or above fs/2; use a sample rate above {2 * f:g} Hz",
                unit="Hz",
            )
    w_z = _prewarp(2.0 * np.pi * np.array(zeros_hz), fs)
    w_p = _prewarp(2.0 * np.pi * np.array(poles_hz), fs)
    zd, pd, _ = signal.bilinear_zpk(-w_z, -w_p, 1.0, fs)
    dc_digital = np.prod(1.0 - zd) / np.prod(1.0 - pd)
    dc_analog = 10.0 ** ((g + (g2 if flf is not None else 0.0)) / 20.0)
    k = float(np.real(dc_analog / dc_digital))
    return signal.zpk2sos(zd, pd, k)
