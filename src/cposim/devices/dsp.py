"""Module DSP and mixed-signal retimer power.

Accounting (the same for both devices): a module DSP or a retimer sits at ONE end of a
link and processes BOTH directions of its lanes (host-side receive + line-side transmit for
the outgoing traffic, line-side receive + host-side transmit for the incoming traffic).

* ``power_w`` is the chip power, W, both directions together.
* ``energy_pj_per_bit = power_w / (lanes * lane_rate_bps)``: the chip power divided by the
  per-direction electrical bit rate it serves (``cposim.units`` convention). Numerically this
  is also the DSP energy spent on one bit travelling one way across a link that has one such
  chip at each end (the transmit half at one end plus the receive half at the other). A
  link with a DSP module at both ends draws ``2 * power_w``.
* The bit rate is the electrical lane rate (106.25 / 212.5 Gb/s, FEC-encoded). Divide
  ``power_w`` by the payload rate (100 / 200 Gb/s per lane) for payload pJ/bit.

Defaults: an 800G module DSP (8 x 106.25 Gb/s, 5 nm) at 6 W (CPS-DSP-01, estimate derived
from the DSP vs LPO module powers PWR-08/PWR-09), i.e. ~7.1 pJ/bit; a 1.6T 3 nm DSP
(8 x 212.5 Gb/s) at 10 W (CPS-DSP-02, estimate in the 8-12 W class; module context PWR-07),
~5.9 pJ/bit, built with :meth:`ModuleDsp.at_node`. Both chip powers are parameters of
:class:`DspProcessNodes` (``power_5nm_w``, ``power_3nm_w``); :data:`DSP_NODES` is a read-only
view of its defaults. Retimer: 3 W per 8 channels of 112G
(PWR-13), ~3.5 pJ/bit, ~3 ns latency; a DSP retimer is 15-20x slower (CPS-DSP-03).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, ClassVar, Mapping

import numpy as np

from cposim.devices.base import Device, as_array, param, register_device
from cposim.devices.serdes import LANE_RATE_100G_BPS, LANE_RATE_200G_BPS
from cposim.validation import check_choice

__all__ = ["DSP_NODES", "DspProcessNodes", "ModuleDsp", "Retimer"]


@register_device("dsp_process_nodes")
@dataclass(frozen=True, kw_only=True)
class DspProcessNodes(Device):
    """Module DSP chip power per process node: the table behind :meth:`ModuleDsp.at_node`.

    Each node is an 8-lane chip at the lane rate of its generation, and its chip power (both
    directions) is a parameter, so the table can be swept or perturbed like any device.

    Parameters:
        power_5nm_w: 800G (8 x 106.25 Gb/s) 5 nm DSP chip power, W (6, CPS-DSP-01).
        power_3nm_w: 1.6T (8 x 212.5 Gb/s) 3 nm DSP chip power, W (10, CPS-DSP-02).

    Outputs:
        energy_5nm_j_per_bit / energy_3nm_j_per_bit: chip power per per-direction electrical
        bit, J/bit (power / (8 x lane rate)).
    Methods:
        energy_j_per_bit(node), lane_rate_bps(node), energy_sources(node) and
        lane_rate_sources(node) for ``node`` in :attr:`NODES`.
    """

    power_5nm_w: float = param(6.0, unit="W", sources=("CPS-DSP-01",), lo=0.1, hi=100.0,
                               doc="800G (8 x 106.25 Gb/s) 5 nm module DSP chip power")
    power_3nm_w: float = param(10.0, unit="W", sources=("CPS-DSP-02",), lo=0.1, hi=100.0,
                               doc="1.6T (8 x 212.5 Gb/s) 3 nm module DSP chip power")

    #: node -> (power parameter, lanes, lane rate bit/s, ids behind the lane rate); the lanes
    #: and the rate define the chip the power row is quoted for (CPS-DSP-01 / CPS-DSP-02).
    NODES: ClassVar[dict[str, tuple[str, int, float, tuple[str, ...]]]] = {
        "5nm": ("power_5nm_w", 8, LANE_RATE_100G_BPS, ("CPS-SER-02",)),
        "3nm": ("power_3nm_w", 8, LANE_RATE_200G_BPS, ("STD-06",)),
    }
    outputs: ClassVar[tuple[str, ...]] = ("energy_5nm_j_per_bit", "energy_3nm_j_per_bit")

    def _node(self, node: str) -> tuple[str, int, float, tuple[str, ...]]:
        return self.NODES[check_choice("DspProcessNodes.node", node, tuple(self.NODES))]

    def energy_j_per_bit(self, node: str) -> Any:
        """Chip power per per-direction electrical bit of a node's DSP, J/bit."""
        name, lanes, rate, _ = self._node(node)
        return getattr(self, name) / (lanes * rate)

    def lane_rate_bps(self, node: str) -> float:
        """The lane rate the node's DSP is quoted at, bit/s."""
        return self._node(node)[2]

    def energy_sources(self, node: str) -> tuple[str, ...]:
        """The ids behind a node's power (its citation in this table)."""
        return self.sources_by_parameter()[self._node(node)[0]]

    def lane_rate_sources(self, node: str) -> tuple[str, ...]:
        """The ids behind a node's lane rate."""
        return self._node(node)[3]

    @property
    def energy_5nm_j_per_bit(self) -> np.ndarray:
        """800G 5 nm DSP energy per per-direction electrical bit, J/bit."""
        return as_array(self.energy_j_per_bit("5nm"))

    @property
    def energy_3nm_j_per_bit(self) -> np.ndarray:
        """1.6T 3 nm DSP energy per per-direction electrical bit, J/bit."""
        return as_array(self.energy_j_per_bit("3nm"))


_DEFAULT_NODES = DspProcessNodes()

#: Process node -> (energy per electrical bit per direction, J/bit; lane rate, bit/s; sources),
#: read from the defaults of :class:`DspProcessNodes` (sweep or change those, not this view).
DSP_NODES: Mapping[str, tuple[float, float, tuple[str, ...]]] = MappingProxyType({
    node: (_DEFAULT_NODES.energy_j_per_bit(node), _DEFAULT_NODES.lane_rate_bps(node),
           _DEFAULT_NODES.energy_sources(node))
    for node in DspProcessNodes.NODES
})
#: Chip power of an 8-lane 800G 5 nm module DSP, W (CPS-DSP-01; the default of
#: ``DspProcessNodes.power_5nm_w``).
DSP_800G_5NM_POWER_W = _DEFAULT_NODES.power_5nm_w
#: Chip power of an 8-lane 1.6T 3 nm module DSP, W (CPS-DSP-02; the default of
#: ``DspProcessNodes.power_3nm_w``).
DSP_1600G_3NM_POWER_W = _DEFAULT_NODES.power_3nm_w

#: Point2 112G retimer: 3 W for 8 channels at 106.25 Gb/s, J/bit (PWR-13).
RETIMER_ENERGY_J_PER_BIT = 3.0 / (8 * LANE_RATE_100G_BPS)


def _rate_w(energy_j_per_bit: Any, lanes: Any, lane_rate_bps: Any) -> np.ndarray:
    return as_array(energy_j_per_bit) * as_array(lanes) * as_array(lane_rate_bps)


@register_device("module_dsp")
@dataclass(frozen=True, kw_only=True)
class ModuleDsp(Device):
    """PAM4 DSP of a pluggable module (retimes host and line side, both directions).

    Parameters:
        lanes: lanes per direction (8, an OSFP module, STD-23; 1 .. 32).
        lane_rate_bps: electrical lane rate per direction, bit/s (106.25e9, CPS-SER-02).
        energy_j_per_bit: chip energy per per-direction electrical bit, J/bit
            (6 W / (8 x 106.25 Gb/s) = 7.06e-12, an 800G 5 nm DSP, CPS-DSP-01).
        latency_s: added latency of the DSP retimer, s (50e-9, CPS-DSP-03).

    Outputs:
        power_w: chip power for both directions, W.
        energy_pj_per_bit: power / (lanes x lane rate), pJ/bit (see the module docstring).
        aggregate_rate_bps: lanes x lane rate, bit/s per direction.
        latency_s: s.

    ``ModuleDsp.at_node("3nm")`` builds the 1.6T 3 nm DSP (CPS-DSP-02) and
    ``at_node("5nm")`` the 800G 5 nm DSP, citing the row behind the energy.
    """

    lanes: int = param(8, unit="lane", sources=("STD-23",), lo=1, hi=32, integer=True)
    lane_rate_bps: float = param(
        LANE_RATE_100G_BPS, unit="bit/s", sources=("CPS-SER-02",), lo=1e9, hi=500e9
    )
    energy_j_per_bit: float = param(
        DSP_NODES["5nm"][0], unit="J/bit", sources=("CPS-DSP-01",), lo=0.1e-12, hi=100e-12
    )
    latency_s: float = param(50e-9, unit="s", sources=("CPS-DSP-03", "PWR-13"), lo=0.0, hi=10e-6)

    outputs: ClassVar[tuple[str, ...]] = ("power_w", "energy_pj_per_bit", "aggregate_rate_bps", "latency_s")

    @classmethod
    def at_node(cls, node: str, *, lanes: int = 8, nodes: DspProcessNodes | None = None,
                **changes: Any) -> "ModuleDsp":
        """A DSP of a process node (``5nm``: 800G class, ``3nm``: 1.6T class), its default
        lane rate and energy cited; other parameters may be changed via ``changes``.

        ``nodes`` is the table the energy is read from (default :class:`DspProcessNodes`
        with its defaults); a changed table carries its own citations.
        """
        node = check_choice("ModuleDsp.at_node.node", node, tuple(DspProcessNodes.NODES))
        table = DspProcessNodes() if nodes is None else nodes  # built here: follows an active Monte Carlo sample
        cited: dict[str, tuple[str, ...]] = {"energy_j_per_bit": table.energy_sources(node)}
        values: dict[str, Any] = {"energy_j_per_bit": table.energy_j_per_bit(node)}
        if "lane_rate_bps" not in changes:
            cited["lane_rate_bps"] = table.lane_rate_sources(node)
            values["lane_rate_bps"] = table.lane_rate_bps(node)
        return cls(lanes=lanes).with_cited(cited, **values).replace(**changes)

    @property
    def aggregate_rate_bps(self) -> np.ndarray:
        """Per-direction electrical bit rate through the chip, bit/s."""
        return as_array(self.lanes) * as_array(self.lane_rate_bps)

    @property
    def power_w(self) -> np.ndarray:
        """Chip power, both directions, W."""
        return _rate_w(self.energy_j_per_bit, self.lanes, self.lane_rate_bps)

    @property
    def energy_pj_per_bit(self) -> np.ndarray:
        """Chip power per per-direction electrical bit, pJ/bit."""
        return as_array(self.energy_j_per_bit) * 1e12 * np.ones_like(self.aggregate_rate_bps)


@register_device("retimer")
@dataclass(frozen=True, kw_only=True)
class Retimer(Device):
    """Mixed-signal (CDR-based, no ADC/DSP) retimer, e.g. one per end of an active cable.

    A channel is one lane retimed in both directions (PWR-13: one 8-channel chip per end of
    an 800G active electrical cable, 3 W at 112G).

    Parameters:
        channels: retimed lanes (8, PWR-13; 1 .. 64).
        lane_rate_bps: lane rate per direction, bit/s (106.25e9, CPS-SER-02).
        energy_j_per_bit: chip energy per per-direction bit, J/bit (3 W / (8 x 106.25 Gb/s)
            = 3.53e-12, PWR-13).
        latency_s: s (3e-9, PWR-13).

    Outputs: power_w (chip, both directions, W), power_per_channel_w (W),
    energy_pj_per_bit (power / (channels x lane rate), pJ/bit), latency_s (s).
    """

    channels: int = param(8, unit="lane", sources=("PWR-13",), lo=1, hi=64, integer=True)
    lane_rate_bps: float = param(
        LANE_RATE_100G_BPS, unit="bit/s", sources=("CPS-SER-02",), lo=1e9, hi=500e9
    )
    energy_j_per_bit: float = param(
        RETIMER_ENERGY_J_PER_BIT, unit="J/bit", sources=("PWR-13",), lo=0.1e-12, hi=100e-12
    )
    latency_s: float = param(3e-9, unit="s", sources=("PWR-13",), lo=0.0, hi=1e-6)

    outputs: ClassVar[tuple[str, ...]] = ("power_w", "power_per_channel_w", "energy_pj_per_bit", "latency_s")

    @property
    def power_w(self) -> np.ndarray:
        """Chip power, both directions, W."""
        return _rate_w(self.energy_j_per_bit, self.channels, self.lane_rate_bps)

    @property
    def power_per_channel_w(self) -> np.ndarray:
        """Power per retimed lane (both directions), W."""
        return as_array(self.energy_j_per_bit) * as_array(self.lane_rate_bps)

    @property
    def energy_pj_per_bit(self) -> np.ndarray:
        """Chip power per per-direction bit, pJ/bit."""
        rate = as_array(self.channels) * as_array(self.lane_rate_bps)
        return as_array(self.energy_j_per_bit) * 1e12 * np.ones_like(rate)
