"""SerDes for a channel: the cheapest reach class that closes a loss, and its energy per bit.

Thin layer over :mod:`cposim.devices.serdes`: a channel's insertion loss at Nyquist (e.g.
:func:`cposim.electrical.topologies.host_channel_loss_db`) picks the lowest-energy serial
reach class whose loss budget covers it (``cheapest_reach_class``), and the energy per bit
is that class's (a non-decreasing step function of loss). Sources are those of the device
model: budgets SER-01..08, CPS-SER-04..07; energies SER-10, SER-14, CPS-SER-08..11.

Parallel die-to-die interfaces (UCIe) are chosen by package technology, not by loss:
:func:`ucie_for_package` (SER-15..17).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cposim.devices.serdes import (
    LANE_RATE_100G_BPS,
    Serdes,
    cheapest_reach_class,
    serdes_energy_for_loss_pj_per_bit,
)
from cposim.errors import ConfigError
from cposim.validation import check_choice, check_number

__all__ = ["UCIE_PACKAGES", "serdes_energy_pj_per_bit", "serdes_for_channel", "ucie_for_package"]

#: Package technology -> UCIe class.
UCIE_PACKAGES: dict[str, str] = {"standard": "ucie_2d", "advanced": "ucie_2.5d", "hybrid_bonded": "ucie_3d"}


def serdes_for_channel(channel_loss_db: float, *, lane_rate_bps: float = LANE_RATE_100G_BPS) -> Serdes:
    """The cheapest serial SerDes (a :class:`~cposim.devices.serdes.Serdes`) that closes a channel.

    Args:
        channel_loss_db: bump-to-bump insertion loss at Nyquist, dB (scalar, >= 0).
        lane_rate_bps: lane rate, bit/s (53.125e9 .. 212.5e9).

    Raises:
        ConfigError: an array loss (use :func:`serdes_energy_pj_per_bit` for sweeps), or a
            loss beyond every class budget (the message names the largest budget).
    """
    if np.ndim(channel_loss_db) != 0 or np.ndim(lane_rate_bps) != 0:
        raise ConfigError("channel_loss_db", channel_loss_db, "must be a scalar here; use serdes_energy_pj_per_bit")
    name = str(cheapest_reach_class(channel_loss_db, lane_rate_bps))
    return Serdes(reach_class=name, lane_rate_bps=lane_rate_bps)


def serdes_energy_pj_per_bit(channel_loss_db: Any, *, lane_rate_bps: Any = LANE_RATE_100G_BPS) -> np.ndarray:
    """Tx + Rx energy per bit (pJ/bit, per direction) of the cheapest class closing each loss.

    Non-decreasing in ``channel_loss_db`` (dB at Nyquist); broadcasts over both arguments.
    """
    return np.asarray(serdes_energy_for_loss_pj_per_bit(channel_loss_db, lane_rate_bps), dtype=float)


def ucie_for_package(
    package: str, *, lane_rate_bps: float = LANE_RATE_100G_BPS, pin_rate_bps: float = 32e9
) -> Serdes:
    """UCIe die-to-die PHY for a package technology (``standard``, ``advanced``, ``hybrid_bonded``).

    Args:
        package: package technology (UCIe 2D / 2.5D / 3D).
        lane_rate_bps: the bandwidth the pin bundle carries, bit/s.
        pin_rate_bps: per-pin rate, bit/s (4e9 .. 32e9).
    """
    check_choice("package", package, tuple(UCIE_PACKAGES))
    pin = check_number("pin_rate_bps", pin_rate_bps, unit="bit/s", lo=4e9, hi=32e9)
    return Serdes(reach_class=UCIE_PACKAGES[package], lane_rate_bps=lane_rate_bps, ucie_pin_rate_bps=pin)
