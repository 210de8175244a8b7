"""Linear transimpedance amplifier (TIA) for a PAM4 optical receiver lane.

Defaults follow the 112 Gb/s PAM4 linear TIA in 28 nm CMOS of Li, Balamurugan, Jaussi and
Casper (ESSCIRC 2018): 65 dBOhm transimpedance and 4.7 uA rms input-referred noise
(DEV-40), 107 mW at 112 Gb/s = 0.96 pJ/bit (DEV-41).

Noise density: the paper quotes an integrated rms noise, not a density, and its abstract
does not state the TIA's -3 dB bandwidth (it names a 72 GHz post-amplifier chain and
< 5 ps group-delay variation over 45 GHz). cposim takes 45 GHz as the noise bandwidth
(CPS-TIA-01) and assumes white input noise, giving::

    i_n = 4.7 uA / sqrt(45 GHz) = 22.2 pA/sqrt(Hz)      (CPS-TIA-02)

which sits above the 16.9 pA/sqrt(Hz) of a later 112 Gb/s 16 nm TIA (CPS-TIA-03), i.e. on
the conservative side. ``input_noise_rms_a(B) = i_n sqrt(B)`` for a noise bandwidth ``B``.

Power: energy per bit times the lane bit rate, ``P = E_b * R_b`` (per direction; the
energy per bit is held fixed when the bit rate changes, a planning assumption).

200G/lane class (:meth:`TransimpedanceAmplifier.for_lane_rate`): lanes above 120 Gb/s
(CPS-RXL-02) get the 130 nm SiGe linear TIA of Garcia Lopez et al. (JSSC 2018, SG13G2
variant): 66 GHz bandwidth (DEV-RX200-01), 7.6 pA/sqrt(Hz) averaged input noise density
(DEV-RX200-02), 65 dBOhm (DEV-RX200-04) and 150 mW (DEV-RX200-03), i.e.
``E_b = 150 mW / R_b`` at the lane rate (0.661 pJ/bit at 226.875 Gb/s, CPS-RXL-01). It was
shown at ~100 GBd NRZ, the symbol-rate class of a 113 GBd PAM4 lane; no TIA measured at 200G
PAM4 with bandwidth, noise and power was found (CPS-RXL-02).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from cposim.devices.base import Device, as_array, param, register_device
from cposim.errors import ConfigError
from cposim.units import PICO, linear_to_db, power_from_energy_w
from cposim.validation import check_number

__all__ = ["TIA_200G", "TIA_CLASS_MAX_RATE_BPS", "TransimpedanceAmplifier"]

#: DEV-40 integrated input noise, A rms, and the bandwidth cposim assumes it was integrated over, Hz.
_DEV40_NOISE_RMS_A = 4.7e-6
_DEV40_NOISE_BANDWIDTH_HZ = 45e9

#: The 200G/lane-class linear TIA (Garcia Lopez et al., JSSC 2018, SG13G2): parameter ->
#: (published value in SI units, source ids). Power is the whole chip, W.
TIA_200G: dict[str, tuple[float, tuple[str, ...]]] = {
    "transimpedance_ohm": (10 ** (65 / 20), ("DEV-RX200-04",)),
    "bandwidth_hz": (66e9, ("DEV-RX200-01",)),
    "input_noise_density_a_per_sqrt_hz": (7.6e-12, ("DEV-RX200-02",)),
    "power_w": (0.150, ("DEV-RX200-03",)),
}
#: Highest lane bit rate of each TIA class, bit/s (CPS-RXL-02): 112G TIA up to 120 Gb/s,
#: the 200G class up to 250 Gb/s; nothing sourced above.
TIA_CLASS_MAX_RATE_BPS: dict[str, float] = {"100g": 120e9, "200g": 250e9}


@register_device("transimpedance_amplifier")
@dataclass(frozen=True, kw_only=True)
class TransimpedanceAmplifier(Device):
    """Linear TIA: transimpedance gain, bandwidth, input-referred noise and power per bit.

    Parameters (SI):
        transimpedance_ohm: mid-band transimpedance, ohm (65 dBOhm = 1778 ohm, DEV-40).
        bandwidth_hz: 3 dB bandwidth, also the default noise bandwidth, Hz (45 GHz, CPS-TIA-01).
        input_noise_density_a_per_sqrt_hz: input-referred noise current density, A/sqrt(Hz)
            (4.7 uA / sqrt(45 GHz) = 22.2 pA/sqrt(Hz), CPS-TIA-02 from DEV-40).
        energy_per_bit_j: energy per bit, J (0.96 pJ/bit, DEV-41).
        bit_rate_bps: lane bit rate per direction, bit/s (112 Gb/s, DEV-41).

    Outputs:
        input_noise_density_a_per_sqrt_hz: A/sqrt(Hz); input_noise_rms_in_band_a: rms noise
        over ``bandwidth_hz``, A; transimpedance_dbohm: dBOhm; power_w: W at ``bit_rate_bps``;
        energy_pj_per_bit: pJ/bit.
    Methods:
        input_noise_rms_a(noise_bandwidth_hz), power_at_bit_rate_w(bit_rate_bps),
        output_voltage_v(current_a); ``for_lane_rate(bit_rate_bps)`` builds the TIA class of a
        lane rate (the 200G class above 120 Gb/s, DEV-RX200-01..04, CPS-RXL-01/02).
    """

    transimpedance_ohm: float = param(10 ** (65 / 20), unit="ohm", sources=("DEV-40",), lo=1.0, hi=1e7)
    bandwidth_hz: float = param(_DEV40_NOISE_BANDWIDTH_HZ, unit="Hz", sources=("CPS-TIA-01",), lo=1e6, hi=1e12)
    input_noise_density_a_per_sqrt_hz: float = param(
        _DEV40_NOISE_RMS_A / _DEV40_NOISE_BANDWIDTH_HZ**0.5,
        unit="A/sqrt(Hz)",
        sources=("CPS-TIA-02", "DEV-40"),
        lo=0.0,
        hi=1e-8,
    )
    energy_per_bit_j: float = param(0.96e-12, unit="J", sources=("DEV-41",), lo=0.0, hi=1e-9)
    bit_rate_bps: float = param(112e9, unit="bit/s", sources=("DEV-41",), lo=1e3, hi=10e12)

    outputs: ClassVar[tuple[str, ...]] = (
        "input_noise_density_a_per_sqrt_hz",
        "input_noise_rms_in_band_a",
        "transimpedance_dbohm",
        "power_w",
        "energy_pj_per_bit",
    )

    @classmethod
    def for_lane_rate(cls, bit_rate_bps: float, **changes: Any) -> "TransimpedanceAmplifier":
        """The TIA of a lane running at ``bit_rate_bps`` (bit/s, per direction, scalar).

        Up to 120 Gb/s: the default 112 Gb/s PAM4 TIA (DEV-40/41). Above, up to 250 Gb/s
        (CPS-RXL-02): the 200G-class TIA (:data:`TIA_200G`), its bandwidth, noise density and
        transimpedance as published and its energy per bit ``P / bit_rate_bps`` so that the
        power at the lane rate is the published chip power (CPS-RXL-01); ``bit_rate_bps`` is
        stored. Other parameters may be changed via ``changes`` (a later ``with_cited``
        overrides citations, e.g. an LPO energy).

        Raises:
            ConfigError: a rate that is not a positive number, or above 250 Gb/s (no sourced TIA).
        """
        name = f"{cls.__name__}.for_lane_rate bit_rate_bps"
        rate = float(check_number(name, bit_rate_bps, unit="bit/s", lo=0.0, lo_open=True))
        if rate <= TIA_CLASS_MAX_RATE_BPS["100g"]:
            return cls().replace(**changes)
        if rate > TIA_CLASS_MAX_RATE_BPS["200g"]:
            raise ConfigError(name, rate, "is above the 200G-class TIA (<= 250 Gb/s, CPS-RXL-02); no sourced TIA "
                              "for faster lanes: widen a 200G-class TIA explicitly with a cited bandwidth", unit="bit/s")
        values = {k: v for k, (v, _) in TIA_200G.items() if k != "power_w"}
        cited: dict[str, tuple[str, ...]] = {k: ids for k, (_, ids) in TIA_200G.items() if k != "power_w"}
        power_w, power_ids = TIA_200G["power_w"]
        values["energy_per_bit_j"] = power_w / rate
        cited["energy_per_bit_j"] = power_ids + ("CPS-RXL-01",)
        values["bit_rate_bps"] = rate
        cited["bit_rate_bps"] = ("CPS-RXL-02",)
        return cls().with_cited(cited, **values).replace(**changes)

    @property
    def transimpedance_dbohm(self) -> np.ndarray:
        """Transimpedance in dBOhm: ``20 log10(Z_T / 1 ohm)``."""
        return linear_to_db(as_array(self.transimpedance_ohm) ** 2)

    def input_noise_rms_a(self, noise_bandwidth_hz: Any) -> np.ndarray:
        """Input-referred rms noise current over ``noise_bandwidth_hz`` (Hz), A: ``i_n sqrt(B)``."""
        bw = check_number(
            f"{type(self).__name__}.input_noise_rms_a noise_bandwidth_hz", noise_bandwidth_hz, unit="Hz", lo=0.0
        )
        return as_array(self.input_noise_density_a_per_sqrt_hz) * np.sqrt(np.asarray(bw))

    @property
    def input_noise_rms_in_band_a(self) -> np.ndarray:
        """Input-referred rms noise current over the TIA bandwidth, A."""
        return self.input_noise_rms_a(self.bandwidth_hz)

    @property
    def energy_pj_per_bit(self) -> np.ndarray:
        """Energy per bit, pJ/bit."""
        return as_array(self.energy_per_bit_j) / PICO

    def power_at_bit_rate_w(self, bit_rate_bps: Any) -> np.ndarray:
        """Power dissipation, W, at a lane bit rate (bit/s, per direction) with this energy per bit."""
        rate = check_number(f"{type(self).__name__}.power_at_bit_rate_w bit_rate_bps", bit_rate_bps, unit="bit/s", lo=0.0)
        return power_from_energy_w(self.energy_pj_per_bit, rate)

    @property
    def power_w(self) -> np.ndarray:
        """Power dissipation at ``bit_rate_bps``, W."""
        return self.power_at_bit_rate_w(self.bit_rate_bps)

    def output_voltage_v(self, current_a: Any) -> np.ndarray:
        """Output voltage ``Z_T i``, V, for an input current (A) within the linear range."""
        i = check_number(f"{type(self).__name__}.output_voltage_v current_a", current_a, unit="A")
        return as_array(self.transimpedance_ohm) * np.asarray(i)
