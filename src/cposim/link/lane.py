"""One optical lane from laser to decision: the components and the lane-level settings.

A :class:`Lane` is a validated, sourced model built from device models. The link engine
(:mod:`cposim.link.engine`) turns it into a budget, noise, BER, margin and energy per bit.
Presets (:mod:`cposim.presets`) build lanes bottom-up; scenario files override any field.

Optical path, in order::

    source -> laser_coupling -> modulator -> tx_waveguide -> tx_coupler -> fiber -> connectors
           -> rx_coupler -> [demux] -> rx_waveguide -> photodetector -> TIA -> decision

Electrical path per direction: host SerDes Tx -> [module SerDes / DSP] -> driver ->
modulator ... photodetector -> TIA -> [DSP / module SerDes] -> host SerDes Rx.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from cposim.devices.base import Model, param
from cposim.devices.couplers import EdgeCoupler, FiberConnector
from cposim.devices.dsp import ModuleDsp
from cposim.devices.electro_absorption import ElectroAbsorptionModulator
from cposim.devices.external_laser import ExternalLaserSource
from cposim.devices.fec import ConcatenatedFec, ReedSolomonFec
from cposim.devices.fiber import SingleModeFiber
from cposim.devices.laser import DfbLaser
from cposim.devices.mach_zehnder import MachZehnderModulator
from cposim.devices.modulator_driver import ModulatorDriver
from cposim.devices.photodetector import GermaniumPhotodetector
from cposim.devices.ring_demux import RingDemux
from cposim.devices.ring_modulator import RingModulator
from cposim.devices.serdes import Serdes
from cposim.devices.tia import TransimpedanceAmplifier
from cposim.devices.waveguide import Waveguide
from cposim.errors import ConfigError
from cposim.validation import check_choice

MODULATIONS = {"nrz": 2, "pam4": 4}
SOURCE_TYPES = (DfbLaser, ExternalLaserSource)
MODULATOR_TYPES = (MachZehnderModulator, RingModulator, ElectroAbsorptionModulator)
FEC_TYPES = (ReedSolomonFec, ConcatenatedFec)


@dataclass(frozen=True, kw_only=True)
class Lane(Model):
    """One lane of an optical link, per direction, with everything needed to close it.

    Lane-level parameters (SI):
        lanes: lanes per module or engine port (for module power), count.
        data_rate_bps: payload per lane per direction, bit/s (energy per bit divides by it).
        line_rate_bps: optical line rate per lane incl. every FEC layer the optics carry
            (226.875 Gb/s for a 200G lane with the 802.3dj inner code), bit/s.
        electrical_rate_bps: host-side electrical signalling rate that carries this lane's
            payload (212.5 Gb/s for 200GAUI); 0 means "the same as ``line_rate_bps``". Host
            and module SerDes (gearbox) counts follow it, bit/s.
        lanes_per_laser: lanes fed by one DFB laser through an on-chip 1:N split
            (ignored for an external laser source, which splits itself).
        splitter_excess_loss_db: excess loss of that split beyond 10 log10(N), dB.
        rx_bandwidth_symbol_fraction: receiver front-end 3 dB bandwidth / symbol rate (a
            4th-order Bessel-Thomson response, capped by the PD and TIA bandwidths).
        rx_ffe_taps: T-spaced feed-forward equaliser taps of the receiver that decides this
            lane (0 = none); ISI and noise enhancement follow from the pulse response
            (:mod:`cposim.link.waveform_penalty`), count.
        rx_ffe_precursors: precursor taps of that FFE, count.
        implementation_penalty_db: extra optical penalty for what the waveform model leaves
            out (jitter, MPI, reflections), dB; 0 by default and reported as its own budget
            line. ISI and equaliser noise enhancement are computed, not allowed for here.
        ring_tuning_shift_m: mean heater shift each ring must hold (fabrication spread and
            temperature, after best channel assignment), m.
        module_overhead_fraction: module power conversion and control as a fraction of
            the module's other power (DC-DC loss, MCU), dimensionless.
        target_ber: pre-FEC BER the lane must meet; 0 means "the FEC's threshold".
    """

    name: str = "lane"
    modulation: str = "pam4"
    lanes: int = param(8, unit="1", sources=("STD-23",), lo=1, hi=256, integer=True)
    data_rate_bps: float = param(200e9, unit="bit/s", sources=("STD-06",), lo=1e9, hi=2e12)
    line_rate_bps: float = param(212.5e9, unit="bit/s", sources=("STD-06",), lo=1e9, hi=2e12)
    electrical_rate_bps: float = param(0.0, unit="bit/s", sources=("CPS-LNK-08",), lo=0.0, hi=2e12)
    lanes_per_laser: int = param(1, unit="1", sources=("CPS-LNK-01",), lo=1, hi=64, integer=True)
    splitter_excess_loss_db: float = param(0.3, unit="dB", sources=("CPS-LAS-04",), lo=0.0, hi=10.0)
    rx_bandwidth_symbol_fraction: float = param(0.75, unit="1", sources=("CPS-LNK-02",), lo=0.1, hi=2.0)
    rx_ffe_taps: int = param(15, unit="1", sources=("CPS-LNK-06",), lo=0, hi=64, integer=True)
    rx_ffe_precursors: int = param(3, unit="1", sources=("CPS-LNK-06",), lo=0, hi=16, integer=True)
    implementation_penalty_db: float = param(0.0, unit="dB", sources=("CPS-LNK-03",), lo=0.0, hi=20.0)
    ring_tuning_shift_m: float = param(1.0e-9, unit="m", sources=("CPS-LNK-04", "DEV-09"), lo=0.0, hi=100e-9)
    module_overhead_fraction: float = param(0.176, unit="1", sources=("CPS-LNK-05",), lo=0.0, hi=1.0)
    target_ber: float = param(0.0, unit="1", sources=("STD-01",), lo=0.0, hi=0.5)

    source: Model = DfbLaser()
    laser_coupling: Model = EdgeCoupler()
    modulator: Model = MachZehnderModulator()
    driver: Model = ModulatorDriver()
    tx_waveguide: Model = Waveguide()
    tx_coupler: Model = EdgeCoupler()
    fiber: Model = SingleModeFiber()
    connectors: Model = FiberConnector()
    rx_coupler: Model = EdgeCoupler()
    demux: Model | None = None
    rx_waveguide: Model = Waveguide()
    photodetector: Model = GermaniumPhotodetector()
    tia: Model = TransimpedanceAmplifier()
    fec: Model = ReedSolomonFec()
    host_serdes: Model = Serdes()
    module_serdes: Model | None = None
    dsp: Model | None = None

    role_types: ClassVar[dict[str, tuple[type, ...]]] = {
        "source": SOURCE_TYPES,
        "modulator": MODULATOR_TYPES,
        "fec": FEC_TYPES,
        "demux": (RingDemux,),
        "dsp": (ModuleDsp,),
        "photodetector": (GermaniumPhotodetector,),
        "tia": (TransimpedanceAmplifier,),
        "fiber": (SingleModeFiber,),
        "host_serdes": (Serdes,),
        "module_serdes": (Serdes,),
        "driver": (ModulatorDriver,),
    }

    def _check(self) -> None:
        check_choice("Lane.modulation", self.modulation, tuple(MODULATIONS))
        for role, types in self.role_types.items():
            value = getattr(self, role)
            if value is None and role in ("demux", "module_serdes", "dsp"):
                continue
            if not isinstance(value, types):
                names = ", ".join(t.registry_name for t in types)
                shown = getattr(type(value), "registry_name", type(value).__name__)
                raise ConfigError(f"Lane.{role}", shown, f"cannot serve as {role}; expected one of {names}")
        taps, pre = np.asarray(self.rx_ffe_taps), np.asarray(self.rx_ffe_precursors)
        if np.any((taps > 0) & (pre >= taps)):
            raise ConfigError("Lane.rx_ffe_precursors", self.rx_ffe_precursors,
                              f"must be fewer than rx_ffe_taps ({int(np.max(taps))})")
        e = np.asarray(self.electrical_rate_bps)
        if np.any((e > 0) & (e < np.asarray(self.data_rate_bps))):
            raise ConfigError("Lane.electrical_rate_bps", self.electrical_rate_bps,
                              "is below the payload data_rate_bps; expected 0 (= line rate) or >= the payload",
                              unit="bit/s")
        if np.any(np.asarray(self.line_rate_bps) < np.asarray(self.data_rate_bps)):
            raise ConfigError(
                "Lane.line_rate_bps", self.line_rate_bps,
                "is below the payload data_rate_bps; the line rate includes FEC overhead", unit="bit/s",
            )

    @property
    def host_electrical_rate_bps(self) -> Any:
        """Electrical signalling rate per lane on the host side, bit/s (``electrical_rate_bps``,
        or the line rate where that is 0)."""
        e = np.asarray(self.electrical_rate_bps, dtype=float)
        return np.where(e > 0, e, np.asarray(self.line_rate_bps, dtype=float))

    @property
    def levels(self) -> int:
        """Number of modulation levels M (2 for NRZ, 4 for PAM4)."""
        return MODULATIONS[self.modulation]

    @property
    def bits_per_symbol(self) -> int:
        """log2 M."""
        return int(np.log2(self.levels))

    @property
    def symbol_rate_hz(self) -> Any:
        """Symbol rate per lane, Bd (= Hz)."""
        return np.asarray(self.line_rate_bps) / self.bits_per_symbol
