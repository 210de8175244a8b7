"""Germanium-on-silicon waveguide photodetector for the O-band.

Responsivity comes from the external quantum efficiency ``eta`` (electrons out per photon
into the detector)::

    R = eta * q * lambda / (h c)        [A/W]

so it can never exceed the quantum limit ``q lambda / (h c)`` (1.057 A/W at 1311 nm).
The default ``eta = 0.76`` is derived from the 0.95 A/W measured at 1550 nm on the
state-of-the-art device of DEV-30/DEV-31 (CPS-PD-01) and applied at 1311 nm (0.80 A/W).
Germanium absorbs more strongly at 1310 nm than at 1550 nm, so this is not optimistic;
early free-space devices reached only 0.4 A/W at 1310 nm (DEV-34), and Intel's waveguide
detector reports 90 % internal efficiency (DEV-33).

Bandwidth combines the carrier-transit limit ``f_t`` and the RC limit
``f_RC = 1 / (2 pi R_load C)`` as two first-order poles in quadrature::

    f_3dB = 1 / sqrt(1/f_t**2 + 1/f_RC**2)

With the defaults (10 fF, 50 ohm: f_RC = 318 GHz; f_t = 108.9 GHz, CPS-PD-04) this
reproduces the 103 GHz of DEV-30.

Shot noise (one-sided power spectral density, A^2/Hz): ``2 q (R P + I_dark)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from cposim.devices.base import Device, as_array, param, register_device
from cposim.errors import ConfigError
from cposim.units import ELEMENTARY_CHARGE_C, photon_energy_j
from cposim.validation import check_number

__all__ = ["GermaniumPhotodetector", "quantum_limit_responsivity_a_per_w"]


def quantum_limit_responsivity_a_per_w(wavelength_m: Any) -> np.ndarray:
    """Responsivity of an ideal detector (one electron per photon), A/W: ``q lambda / (h c)``."""
    return ELEMENTARY_CHARGE_C / photon_energy_j(wavelength_m)


@register_device("germanium_photodetector")
@dataclass(frozen=True, kw_only=True)
class GermaniumPhotodetector(Device):
    """Ge-on-Si waveguide PIN photodetector: responsivity, dark current, bandwidth, shot noise.

    Parameters (SI):
        wavelength_m: operating wavelength, m (1311 nm, DR window centre, STD-27).
        quantum_efficiency: external quantum efficiency, 0..1 (0.76, derived from DEV-31, CPS-PD-01).
        dark_current_a: dark current, A (1.3 nA, DEV-32).
        capacitance_f: junction plus pad capacitance, F (10 fF planning value, CPS-PD-02; DEV-35
            argues for a few fF in low-energy receivers).
        load_resistance_ohm: resistance the detector drives (load plus series), ohm (50 ohm, CPS-PD-03).
        transit_bandwidth_hz: carrier-transit-limited 3 dB bandwidth, Hz (108.9 GHz, CPS-PD-04,
            derived from DEV-30).

    Outputs:
        responsivity_a_per_w: A/W; quantum_limit_a_per_w: ``q lambda/(h c)``, A/W;
        rc_bandwidth_hz, bandwidth_hz: Hz; dark_shot_noise_psd_a2_per_hz: ``2 q I_dark``, A^2/Hz.
    Methods:
        photocurrent_a(power_w), total_current_a(power_w), shot_noise_psd_a2_per_hz(power_w),
        shot_noise_rms_a(power_w, noise_bandwidth_hz); ``from_responsivity(...)`` builder.
    """

    wavelength_m: float = param(1311e-9, unit="m", sources=("STD-27",), lo=0.8e-6, hi=1.7e-6)
    quantum_efficiency: float = param(0.76, unit="-", sources=("CPS-PD-01", "DEV-31"), lo=0.0, hi=1.0, lo_open=True)
    dark_current_a: float = param(1.3e-9, unit="A", sources=("DEV-32",), lo=0.0, hi=1e-3)
    capacitance_f: float = param(10e-15, unit="F", sources=("CPS-PD-02", "DEV-35"), lo=0.0, hi=1e-9, lo_open=True)
    load_resistance_ohm: float = param(50.0, unit="ohm", sources=("CPS-PD-03",), lo=0.0, hi=1e7, lo_open=True)
    transit_bandwidth_hz: float = param(
        108.9e9, unit="Hz", sources=("CPS-PD-04", "DEV-30"), lo=0.0, hi=10e12, lo_open=True
    )

    outputs: ClassVar[tuple[str, ...]] = (
        "responsivity_a_per_w",
        "quantum_limit_a_per_w",
        "rc_bandwidth_hz",
        "bandwidth_hz",
        "dark_shot_noise_psd_a2_per_hz",
    )

    @classmethod
    def from_responsivity(cls, responsivity_a_per_w: Any, **fields: Any) -> "GermaniumPhotodetector":
        """Build from a measured responsivity (A/W) at ``wavelength_m`` (given in ``fields`` or default).

        Raises:
            ConfigError: a responsivity above the quantum limit ``q lambda/(h c)``.
        """
        wavelength = fields.get("wavelength_m", cls.__dataclass_fields__["wavelength_m"].default)
        resp = check_number(f"{cls.__name__}.responsivity_a_per_w", responsivity_a_per_w, unit="A/W", lo=0.0, lo_open=True)
        limit = quantum_limit_responsivity_a_per_w(wavelength)
        if np.any(np.asarray(resp) > limit):
            raise ConfigError(
                f"{cls.__name__}.responsivity_a_per_w",
                resp,
                f"exceeds the quantum limit q*lambda/(h*c) = {float(np.min(limit)):.4g} A/W at this wavelength",
                unit="A/W",
            )
        return cls(quantum_efficiency=np.asarray(resp) / limit, **fields)

    @property
    def quantum_limit_a_per_w(self) -> np.ndarray:
        """Responsivity of an ideal detector at ``wavelength_m``, A/W."""
        return quantum_limit_responsivity_a_per_w(self.wavelength_m)

    @property
    def responsivity_a_per_w(self) -> np.ndarray:
        """Responsivity ``eta q lambda / (h c)``, A/W."""
        return as_array(self.quantum_efficiency) * self.quantum_limit_a_per_w

    @property
    def rc_bandwidth_hz(self) -> np.ndarray:
        """RC-limited 3 dB bandwidth ``1 / (2 pi R C)``, Hz."""
        return 1.0 / (2.0 * np.pi * as_array(self.load_resistance_ohm) * as_array(self.capacitance_f))

    @property
    def bandwidth_hz(self) -> np.ndarray:
        """3 dB bandwidth from transit and RC limits in quadrature, Hz."""
        f_t = as_array(self.transit_bandwidth_hz)
        return 1.0 / np.sqrt(1.0 / f_t**2 + 1.0 / self.rc_bandwidth_hz**2)

    @property
    def dark_shot_noise_psd_a2_per_hz(self) -> np.ndarray:
        """Shot-noise PSD of the dark current alone ``2 q I_dark``, A^2/Hz (one-sided)."""
        return 2.0 * ELEMENTARY_CHARGE_C * as_array(self.dark_current_a)

    def _power(self, power_w: Any, method: str) -> np.ndarray:
        return np.asarray(
            check_number(f"{type(self).__name__}.{method} power_w", power_w, unit="W", lo=0.0, hi=10.0)
        )

    def photocurrent_a(self, power_w: Any) -> np.ndarray:
        """Signal photocurrent ``R P``, A, for optical power ``power_w`` (W) at the detector."""
        return self.responsivity_a_per_w * self._power(power_w, "photocurrent_a")

    def total_current_a(self, power_w: Any) -> np.ndarray:
        """Photocurrent plus dark current, A, for optical power ``power_w`` (W)."""
        return self.photocurrent_a(power_w) + as_array(self.dark_current_a)

    def shot_noise_psd_a2_per_hz(self, power_w: Any) -> np.ndarray:
        """Shot-noise current PSD ``2 q (R P + I_dark)``, A^2/Hz (one-sided), at ``power_w`` (W)."""
        return 2.0 * ELEMENTARY_CHARGE_C * self.total_current_a(power_w)

    def shot_noise_rms_a(self, power_w: Any, noise_bandwidth_hz: Any) -> np.ndarray:
        """RMS shot-noise current, A, over ``noise_bandwidth_hz`` (Hz) at ``power_w`` (W)."""
        bw = check_number(f"{type(self).__name__}.shot_noise_rms_a noise_bandwidth_hz", noise_bandwidth_hz, unit="Hz", lo=0.0)
        return np.sqrt(self.shot_noise_psd_a2_per_hz(power_w) * np.asarray(bw))
