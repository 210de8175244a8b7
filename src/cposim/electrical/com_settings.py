"""Reference transmitter/receiver settings for the COM-lite margin estimate.

A :class:`ComSettings` holds what IEEE 802.3 COM calls the "COM parameters" (Annex 93A /
178A): test signal, noise, jitter, the reference CTLE / FFE / DFE and their search grids.
Frequencies of the equalizers are stored as fractions of the symbol rate ``f_b`` so one
setting can be evaluated at a neighbouring lane rate.

Presets (``COM_PRESETS``):

* ``dj_kr``: IEEE P802.3dj 200G/lane KR reference receiver (106.25 GBd; DER0 2e-4; A_v
  0.413 V; eta0 6e-9 V^2/GHz; SNR_TX 33 dB; sigma_RJ 0.01 UI; A_DD 0.02 UI; T_r 4 ps; f_r
  0.58 f_b; CTLE f_z = f_p1 = 42.5 GHz, f_p2 = 106.25 GHz, f_LF = 1.328 GHz, g_DC 0..-15 dB,
  g_DC2 0..-5 dB; Tx FFE c(-3) -0.06..0, c(-2) 0..0.12, c(-1) -0.34..0, c(1) -0.2..0,
  c(0) >= 0.5; 16-tap Rx FFE with 5 pre-cursor taps; 1 DFE tap, b_max 0.85: CPS-ELE-02),
  with the MLSD credit of the notes' D3.3 KR runs, 1.3 dB (CPS-ELE-19).
* ``dj_c2c``: the same receiver with DER0 6.7e-6 and no MLSD credit (CPS-ELE-19).
* ``ck_like``: a 100G/lane (53.125 GBd) receiver made from ``dj_kr`` as in the notes:
  f_z = f_p1 = f_b/2.5, f_p2 = f_b, f_LF = f_b/40, g_DC 0..-20 dB, g_DC2 0..-6 dB, 12-tap
  DFE (b_max 0.85 then 0.3), no Rx FFE, eta0 8.2e-9 V^2/GHz, SNR_TX 33 dB (CPS-ELE-20).

COM-lite searches reduced grids (steps of 1 dB, 0.05 in Tx taps; c(-3) fixed at 0), finds the
Rx FFE in closed form (MMSE) and the sampling phase by scanning one UI, so it is close to
but not the same as a full COM run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from cposim.devices.base import Model, param
from cposim.devices.serdes import LANE_RATE_100G_BPS, LANE_RATE_200G_BPS
from cposim.errors import ConfigError
from cposim.validation import check_choice, check_number

__all__ = ["COM_PRESETS", "ComSettings", "reference_receiver"]


def _steps(start: float, stop: float, step: float) -> tuple[float, ...]:
    n = int(round((stop - start) / step))
    return tuple(float(round(start + k * step, 10)) for k in range(n + 1))


@dataclass(frozen=True, kw_only=True)
class ComSettings(Model):
    """COM-lite reference transmitter, receiver and noise parameters (SI units).

    Numeric parameters (sources: CPS-ELE-02 unless stated):
        der0: target detector error ratio (2e-4).
        amplitude_v: victim Tx peak amplitude A_v, V (0.413).
        fext_amplitude_v / next_amplitude_v: aggressor amplitudes, V (0.413 / 0.45).
        level_mismatch: R_LM (0.95).
        levels: PAM order L (4).
        eta0_v2_per_hz: one-sided receiver noise density at the Rx input, V^2/Hz (6e-18 =
            6e-9 V^2/GHz).
        snr_tx_db: transmitter SNR, dB (33).
        sigma_rj_ui: random jitter, UI rms (0.01). a_dd_ui: dual-Dirac jitter, UI (0.02).
        tx_rise_time_s: 20-80 % rise time of the 93A-46 Tx filter, s (4 ps).
        rx_bandwidth_fb: Butterworth receiver bandwidth / f_b (0.58).
        ctle_zero_fb, ctle_pole1_fb, ctle_pole2_fb, ctle_lf_fb: CTLE corners / f_b (0.4, 0.4,
            1.0, 1/80).
        tx_c0_min: smallest allowed Tx main tap (0.5).
        rx_ffe_taps / rx_ffe_pre: Rx FFE length and pre-cursor taps (16 / 5; 1 / 0 = none).
        rx_ffe_tap_limit: largest |tap| of the Rx FFE other than the main tap (0.7); MMSE
            taps beyond it are clipped.
        dfe_taps: DFE length (1).
        mlsd_credit_db: dB added to the result for an MLSD detector (0; 1.3 in ``dj_kr``,
            CPS-ELE-19).
        threshold_db: pass threshold on COM, dB (3, CPS-ELE-01).
        samples_per_ui: oversampling of the pulse response (16).

    Grids (tuples): ``g_dc_db``, ``g_dc2_db``, ``tx_pre2``, ``tx_pre1``, ``tx_post1``
    (Tx FFE c(-2), c(-1), c(1)); ``dfe_b_max`` per DFE tap.
    """

    name: str = "custom"
    der0: float = param(2e-4, unit="-", sources=("CPS-ELE-02",), lo=1e-15, hi=1e-2)
    amplitude_v: float = param(0.413, unit="V", sources=("CPS-ELE-02",), lo=0.05, hi=2.0)
    fext_amplitude_v: float = param(0.413, unit="V", sources=("CPS-ELE-02",), lo=0.0, hi=2.0)
    next_amplitude_v: float = param(0.45, unit="V", sources=("CPS-ELE-02",), lo=0.0, hi=2.0)
    level_mismatch: float = param(0.95, unit="-", sources=("CPS-ELE-02",), lo=0.5, hi=1.0)
    levels: int = param(4, unit="-", sources=("CPS-ELE-02",), lo=2, hi=16, integer=True)
    eta0_v2_per_hz: float = param(6e-18, unit="V^2/Hz", sources=("CPS-ELE-02",), lo=0.0, hi=1e-14)
    snr_tx_db: float = param(33.0, unit="dB", sources=("CPS-ELE-02",), lo=10.0, hi=80.0)
    sigma_rj_ui: float = param(0.01, unit="UI", sources=("CPS-ELE-02",), lo=0.0, hi=0.2)
    a_dd_ui: float = param(0.02, unit="UI", sources=("CPS-ELE-02",), lo=0.0, hi=0.3)
    tx_rise_time_s: float = param(4e-12, unit="s", sources=("CPS-ELE-02",), lo=0.0, hi=1e-10)
    rx_bandwidth_fb: float = param(0.58, unit="-", sources=("CPS-ELE-02",), lo=0.2, hi=2.0)
    ctle_zero_fb: float = param(0.4, unit="-", sources=("CPS-ELE-02",), lo=0.01, hi=2.0)
    ctle_pole1_fb: float = param(0.4, unit="-", sources=("CPS-ELE-02",), lo=0.01, hi=2.0)
    ctle_pole2_fb: float = param(1.0, unit="-", sources=("CPS-ELE-02",), lo=0.01, hi=5.0)
    ctle_lf_fb: float = param(1.0 / 80.0, unit="-", sources=("CPS-ELE-02",), lo=1e-4, hi=0.2)
    tx_c0_min: float = param(0.5, unit="-", sources=("CPS-ELE-02",), lo=0.0, hi=1.0)
    rx_ffe_taps: int = param(16, unit="-", sources=("CPS-ELE-02",), lo=1, hi=64, integer=True)
    rx_ffe_pre: int = param(5, unit="-", sources=("CPS-ELE-02",), lo=0, hi=32, integer=True)
    rx_ffe_tap_limit: float = param(0.7, unit="-", sources=("CPS-ELE-02",), lo=0.0, hi=10.0)
    dfe_taps: int = param(1, unit="-", sources=("CPS-ELE-02",), lo=0, hi=40, integer=True)
    mlsd_credit_db: float = param(0.0, unit="dB", sources=("CPS-ELE-19",), lo=0.0, hi=6.0)
    threshold_db: float = param(3.0, unit="dB", sources=("CPS-ELE-01",), lo=0.0, hi=20.0)
    samples_per_ui: int = param(16, unit="-", sources=("CPS-ELE-01",), lo=4, hi=64, integer=True)

    g_dc_db: tuple[float, ...] = _steps(0.0, -15.0, -1.0)
    g_dc2_db: tuple[float, ...] = _steps(0.0, -5.0, -1.0)
    tx_pre2: tuple[float, ...] = (0.0, 0.05, 0.1)
    tx_pre1: tuple[float, ...] = _steps(0.0, -0.3, -0.05)
    tx_post1: tuple[float, ...] = _steps(0.0, -0.2, -0.05)
    dfe_b_max: tuple[float, ...] = (0.85,)

    outputs: ClassVar[tuple[str, ...]] = ()

    def _check(self) -> None:
        if int(self.rx_ffe_pre) >= int(self.rx_ffe_taps):
            raise ConfigError("ComSettings.rx_ffe_pre", self.rx_ffe_pre, f"must be < rx_ffe_taps ({self.rx_ffe_taps:g})")
        for name in ("g_dc_db", "g_dc2_db", "tx_pre2", "tx_pre1", "tx_post1", "dfe_b_max"):
            values = getattr(self, name)
            if len(values) == 0 and name != "dfe_b_max":
                raise ConfigError(f"ComSettings.{name}", values, "is empty; give at least one value")
            check_number(f"ComSettings.{name}", np.asarray(values, dtype=float), lo=-60.0, hi=20.0)
        if len(self.dfe_b_max) not in (1, int(self.dfe_taps)) and int(self.dfe_taps) > 0:
            raise ConfigError(
                "ComSettings.dfe_b_max", self.dfe_b_max, f"needs 1 or dfe_taps ({self.dfe_taps:g}) values"
            )

    @property
    def b_max(self) -> np.ndarray:
        """DFE tap limits, one per tap."""
        n = int(self.dfe_taps)
        return np.broadcast_to(np.asarray(self.dfe_b_max, dtype=float), (n,)) if n else np.zeros(0)


#: IEEE P802.3dj KR reference receiver with the MLSD credit (CPS-ELE-02, CPS-ELE-19).
DJ_KR = ComSettings(name="dj_kr").with_cited({"mlsd_credit_db": "CPS-ELE-19"}, mlsd_credit_db=1.3)
#: The same receiver for C2C: DER0 6.7e-6, no MLSD (CPS-ELE-19).
DJ_C2C = ComSettings(name="dj_c2c").with_cited({"der0": "CPS-ELE-19"}, der0=6.7e-6)
#: 100G/lane (53.125 GBd) receiver after the notes' ck-like edit of dj_kr (CPS-ELE-20).
_CK_EDITS = dict(ctle_lf_fb=1.0 / 40.0, rx_ffe_taps=1, rx_ffe_pre=0, dfe_taps=12, eta0_v2_per_hz=8.2e-18)
CK_LIKE = ComSettings(
    name="ck_like",
    g_dc_db=_steps(0.0, -20.0, -1.0),
    g_dc2_db=_steps(0.0, -6.0, -1.0),
    dfe_b_max=(0.85,) + (0.3,) * 11,
    cited={k: ("CPS-ELE-20",) for k in _CK_EDITS},
    **_CK_EDITS,
)

#: Named COM-lite settings.
COM_PRESETS: dict[str, ComSettings] = {"dj_kr": DJ_KR, "dj_c2c": DJ_C2C, "ck_like": CK_LIKE}


def reference_receiver(lane_rate_bps: Any, *, reach: str = "kr") -> ComSettings:
    """The preset for a lane rate: ``ck_like`` up to 150 Gb/s, ``dj_kr`` / ``dj_c2c`` above.

    Args:
        lane_rate_bps: lane bit rate, bit/s (53.125e9 .. 212.5e9).
        reach: ``kr`` (backplane/copper receiver, MLSD at 200G) or ``c2c``.
    """
    rate = check_number("lane_rate_bps", lane_rate_bps, unit="bit/s", lo=LANE_RATE_100G_BPS / 2, hi=LANE_RATE_200G_BPS)
    check_choice("reach", reach, ("kr", "c2c"))
    if rate <= 1.5 * LANE_RATE_100G_BPS:
        return CK_LIKE.sampled()
    return (DJ_KR if reach == "kr" else DJ_C2C).sampled()
