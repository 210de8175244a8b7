"""Electrical SerDes and die-to-die PHY energy per bit, by reach class.

Reach classes (``Serdes.reach_class``):

* ``usr``, ``xsr``, ``vsr``, ``mr``, ``lr``: OIF CEI serial classes, PAM4 (symbol rate =
  lane rate / 2, Nyquist frequency = lane rate / 4).
* ``ucie_2d``, ``ucie_2.5d``, ``ucie_3d``: UCIe parallel die-to-die links (NRZ per pin,
  forwarded clock, Nyquist = pin rate / 2). A "lane" of these classes is the bundle of pins
  that carries ``lane_rate_bps``.

Electrical lane rates (per direction, including the RS(544,514) overhead):
``LANE_RATE_50G_BPS`` = 53.125 Gb/s (CPS-SER-01), ``LANE_RATE_100G_BPS`` = 106.25 Gb/s
(CPS-SER-02), ``LANE_RATE_200G_BPS`` = 212.5 Gb/s (STD-06).

Channel loss budget (dB at Nyquist, bump to bump) is tabulated per class at these three
rates and interpolated linearly in log2(lane rate) between them:

=====  ===============  =====================  ======================
class  53.125 Gb/s      106.25 Gb/s            212.5 Gb/s
=====  ===============  =====================  ======================
USR    2 (SER-01)       2 (CPS-SER-04)         4 (CPS-SER-04)
XSR    4 (SER-02)       13 (SER-06, XSR+)      13 (CPS-SER-05)
VSR    10 (SER-03)      16 (SER-07)            26 (CPS-SER-06)
MR     20 (SER-04)      25 (CPS-SER-07)        33 (CPS-SER-07)
LR     30 (SER-05)      35 (SER-13)            40 (SER-08)
=====  ===============  =====================  ======================

(The CEI-56G figures are quoted at 14 GHz, the PAM4 Nyquist of 56 Gb/s; USR at 28 GHz NRZ.)
UCIe budgets are planning values at the pin Nyquist (CPS-SER-13): 5 / 3 / 0.5 dB.

Energy model (pJ/bit, per direction, Tx at one end + Rx at the other end)::

    E_link = E_class(106.25 Gb/s) * g ** log2(lane_rate / 106.25 Gb/s)      (SerDes classes)
    E_link = E_lo if pin rate <= 16 GT/s else E_hi                          (UCIe classes)

with class baselines USR 0.8 (CPS-SER-08), XSR 1.1 (SER-10, the published upper bound),
VSR 3.0 (CPS-SER-09), MR 4.0 (CPS-SER-10), LR 5.5 (CPS-SER-14, the middle of SER-14's 4-7),
and the growth per lane-rate doubling ``g`` = 1.2 (CPS-SER-11): a 200G lane costs 1.2x the
energy per bit and 2.4x the power of a 100G lane of the same class. UCIe energies are the
published ranges SER-15 (2D 0.5/0.6), SER-16 (2.5D 0.25/0.3) and SER-17 (3D 0.01/0.05), the
lower end at <= 16 GT/s per pin (``ucie_low_rate_limit_bps``, SER-15) and the upper end above
(the split is published for 2D and applied to the other two by analogy).

Every energy is a parameter of :class:`Serdes` (``usr_energy_pj_per_bit`` ...
``lr_energy_pj_per_bit``, ``ucie_2d_low_rate_energy_pj_per_bit`` /
``ucie_2d_high_rate_energy_pj_per_bit``, ``ucie_2p5d_...``, ``ucie_3d_...``), so it can be
swept, perturbed and traced like any other number; a Serdes cites only the energies of its
own class. :data:`REACH_CLASSES` holds the loss budgets and names the energy parameters of
each class; ``ReachClass.energy_pj_per_bit`` reads the defaults.

Loss scaling: a SerDes is designed for its class budget and draws about the same power on
any channel within it (SER-10 quotes one figure over 1-12 dB), so energy rises with channel
loss through the class a channel needs: :func:`cheapest_reach_class` picks the cheapest class
whose budget covers a loss and :func:`serdes_energy_for_loss_pj_per_bit` returns its energy,
a non-decreasing step function of the loss.

Accounting: ``energy_pj_per_bit`` = Tx + Rx energy to carry one bit one way. One end of a
full-duplex lane holds one Tx and one Rx, so ``power_w`` (= energy x lane rate) is also the
power of one chip's full-duplex lane; a link with two ends draws twice ``power_w``. The Tx
share is ``tx_energy_share`` (0.4, CPS-SER-12; UCIe split 50/50).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Iterator

import numpy as np

from cposim.devices.base import Device, as_array, param, register_device
from cposim.errors import ConfigError
from cposim.references.sampling import scaled_constant
from cposim.validation import check_choice, check_number

__all__ = [
    "LANE_RATE_50G_BPS",
    "LANE_RATE_100G_BPS",
    "LANE_RATE_200G_BPS",
    "CLASS_ENERGY_PARAMS",
    "REACH_CLASSES",
    "SERDES_CLASSES",
    "UCIE_CLASSES",
    "ReachClass",
    "Serdes",
    "cheapest_reach_class",
    "serdes_energy_for_loss_pj_per_bit",
]

#: 50G/lane electrical rate, bit/s (26.5625 GBd PAM4, CPS-SER-01).
LANE_RATE_50G_BPS = 53.125e9
#: 100G/lane electrical rate, bit/s (53.125 GBd PAM4, CPS-SER-02).
LANE_RATE_100G_BPS = 106.25e9
#: 200G/lane electrical rate, bit/s (106.25 GBd PAM4, STD-06).
LANE_RATE_200G_BPS = 212.5e9
#: Lane rates at which the loss budgets are tabulated, bit/s.
ANCHOR_RATES_BPS = (LANE_RATE_50G_BPS, LANE_RATE_100G_BPS, LANE_RATE_200G_BPS)


@dataclass(frozen=True)
class ReachClass:
    """One reach class: loss budgets at the anchor rates and its energy parameters.

    Attributes:
        name: class identifier (``xsr``, ``ucie_2d``, ...).
        budgets_db: channel loss budget at Nyquist, dB, at 53.125 / 106.25 / 212.5 Gb/s.
        energy_params: the :class:`Serdes` parameters holding the class's link (Tx + Rx)
            energy per bit, pJ/bit. SerDes: (E at 106.25 Gb/s,); UCIe: (E at <= the low-rate
            limit, E above, the limit itself in bit/s).
        sources: ids behind the loss budgets (the energies cite their own rows).
        parallel: True for UCIe (NRZ per pin, energy independent of the bundle rate).
        budget_rows: the estimate row behind each budget, None where it is published.
    """

    name: str
    budgets_db: tuple[float, float, float]
    energy_params: tuple[str, ...]
    sources: tuple[str, ...]
    parallel: bool = False
    #: the estimate row behind each budget (None: a published figure), drawn by ``--uncertainty``
    budget_rows: tuple[str | None, str | None, str | None] = (None, None, None)

    @property
    def energy_pj_per_bit(self) -> tuple[float, ...]:
        """The class's default energies, pJ/bit (SerDes: (E at 106.25 Gb/s,); UCIe: (low, high))."""
        info = Serdes.parameter_info()
        names = self.energy_params[:2] if self.parallel else self.energy_params
        return tuple(info[n]["default"] for n in names)


def _ucie(prefix: str) -> tuple[str, str, str]:
    return (f"{prefix}_low_rate_energy_pj_per_bit", f"{prefix}_high_rate_energy_pj_per_bit", "ucie_low_rate_limit_bps")


REACH_CLASSES: dict[str, ReachClass] = {
    c.name: c
    for c in (
        ReachClass("usr", (2.0, 2.0, 4.0), ("usr_energy_pj_per_bit",), ("SER-01", "CPS-SER-04"),
                   budget_rows=(None, "CPS-SER-04", "CPS-SER-04")),
        ReachClass("xsr", (4.0, 13.0, 13.0), ("xsr_energy_pj_per_bit",), ("SER-02", "SER-06", "CPS-SER-05"),
                   budget_rows=(None, None, "CPS-SER-05")),
        ReachClass("vsr", (10.0, 16.0, 26.0), ("vsr_energy_pj_per_bit",), ("SER-03", "SER-07", "CPS-SER-06"),
                   budget_rows=(None, None, "CPS-SER-06")),
        ReachClass("mr", (20.0, 25.0, 33.0), ("mr_energy_pj_per_bit",), ("SER-04", "CPS-SER-07"),
                   budget_rows=(None, "CPS-SER-07", "CPS-SER-07")),
        ReachClass("lr", (30.0, 35.0, 40.0), ("lr_energy_pj_per_bit",), ("SER-05", "SER-13", "SER-08")),
        ReachClass("ucie_2d", (5.0, 5.0, 5.0), _ucie("ucie_2d"), ("CPS-SER-03", "CPS-SER-13"), True,
                   ("CPS-SER-13",) * 3),
        ReachClass("ucie_2.5d", (3.0, 3.0, 3.0), _ucie("ucie_2p5d"), ("CPS-SER-03", "CPS-SER-13"), True,
                   ("CPS-SER-13",) * 3),
        ReachClass("ucie_3d", (0.5, 0.5, 0.5), _ucie("ucie_3d"), ("CPS-SER-03", "CPS-SER-13"), True,
                   ("CPS-SER-13",) * 3),
    )
}
#: Serial (OIF CEI) classes, in order of rising loss budget.
SERDES_CLASSES: tuple[str, ...] = ("usr", "xsr", "vsr", "mr", "lr")
#: UCIe die-to-die classes.
UCIE_CLASSES: tuple[str, ...] = ("ucie_2d", "ucie_2.5d", "ucie_3d")
#: Every per-class energy parameter of :class:`Serdes` (a Serdes cites only its own class's).
CLASS_ENERGY_PARAMS: tuple[str, ...] = tuple(dict.fromkeys(p for c in REACH_CLASSES.values() for p in c.energy_params))


def _budget_db(cls: ReachClass, lane_rate_bps: Any) -> np.ndarray:
    x = np.log2(as_array(lane_rate_bps) / LANE_RATE_50G_BPS)
    budgets = tuple(b if r is None else scaled_constant(b, r) for b, r in zip(cls.budgets_db, cls.budget_rows))
    return np.interp(x, (0.0, 1.0, 2.0), budgets)


def _link_energy_pj(cls: ReachClass, energies: tuple[Any, ...], lane_rate_bps: Any, pin_rate_bps: Any,
                    growth: Any) -> np.ndarray:
    """Link energy, pJ/bit, of class ``cls`` with its energy parameters ``energies`` (in the
    order of ``cls.energy_params``)."""
    rate = as_array(lane_rate_bps)
    if cls.parallel:
        lo, hi, limit = energies
        e = np.where(as_array(pin_rate_bps) <= as_array(limit), lo, hi)
        return np.broadcast_to(e, np.broadcast_shapes(e.shape, rate.shape)).astype(float)
    doublings = np.log2(rate / LANE_RATE_100G_BPS)
    return energies[0] * np.power(as_array(growth), doublings)


def _energy_param(default: float, sources: str, doc: str) -> Any:
    return param(default, unit="pJ/bit", sources=(sources,), lo=0.0, hi=100.0, lo_open=True, doc=doc)


@register_device("serdes")
@dataclass(frozen=True, kw_only=True)
class Serdes(Device):
    """One electrical lane (SerDes or UCIe pin bundle) of a given reach class.

    Parameters:
        reach_class: ``usr``, ``xsr`` (default), ``vsr``, ``mr``, ``lr``, ``ucie_2d``,
            ``ucie_2.5d`` or ``ucie_3d`` (text, checked with a did-you-mean hint).
        lane_rate_bps: electrical bit rate per lane per direction, bit/s (106.25e9,
            CPS-SER-02; 53.125e9 .. 212.5e9, the range the loss budgets are tabulated for).
        ucie_pin_rate_bps: per-pin data rate of the UCIe classes, bit/s (32e9, CPS-SER-03;
            4e9 .. 32e9; ignored by the serial classes).
        energy_growth_per_rate_doubling: per-bit energy factor per doubling of the lane rate
            at equal class (1.2, CPS-SER-11; 1 .. 2).
        tx_energy_share: transmitter share of the serial link energy (0.4, CPS-SER-12).
        usr_energy_pj_per_bit, xsr_..., vsr_..., mr_..., lr_energy_pj_per_bit: link (Tx + Rx)
            energy of each serial class at 106.25 Gb/s, pJ/bit (0.8 CPS-SER-08, 1.1 SER-10,
            3.0 CPS-SER-09, 4.0 CPS-SER-10, 5.5 CPS-SER-14).
        ucie_2d_low_rate_energy_pj_per_bit / ucie_2d_high_rate_energy_pj_per_bit (and the
            ``ucie_2p5d_`` and ``ucie_3d_`` pairs): UCIe link energy at pin rates up to / above
            ``ucie_low_rate_limit_bps``, pJ/bit (0.5 / 0.6 SER-15, 0.25 / 0.3 SER-16,
            0.01 / 0.05 SER-17).
        ucie_low_rate_limit_bps: UCIe pin rate up to which the lower energy applies, bit/s
            (16e9, SER-15).

    Outputs (per lane, per direction):
        energy_pj_per_bit: Tx + Rx energy to move one bit one way, pJ/bit.
        tx_energy_pj_per_bit / rx_energy_pj_per_bit: the two parts, pJ/bit.
        power_w: energy x lane rate = one end's full-duplex lane (its Tx + its Rx), W.
        tx_power_w / rx_power_w: W.
        channel_loss_budget_db: loss the class tolerates at its Nyquist frequency, dB.
        nyquist_frequency_hz: Hz (lane rate / 4 for PAM4; pin rate / 2 for UCIe).
        symbol_rate_baud: Bd (lane rate / 2; UCIe: pin rate).
    Method:
        loss_margin_db(channel_loss_db): budget minus a channel's loss at Nyquist, dB
        (negative means the class cannot close the channel).
    """

    reach_class: str = "xsr"
    lane_rate_bps: float = param(
        LANE_RATE_100G_BPS, unit="bit/s", sources=("CPS-SER-02",), lo=LANE_RATE_50G_BPS, hi=LANE_RATE_200G_BPS
    )
    ucie_pin_rate_bps: float = param(32e9, unit="bit/s", sources=("CPS-SER-03",), lo=4e9, hi=32e9)
    energy_growth_per_rate_doubling: float = param(1.2, unit="-", sources=("CPS-SER-11",), lo=1.0, hi=2.0)
    tx_energy_share: float = param(0.4, unit="-", sources=("CPS-SER-12",), lo=0.05, hi=0.95)
    usr_energy_pj_per_bit: float = _energy_param(0.8, "CPS-SER-08", "USR link energy at 106.25 Gb/s")
    xsr_energy_pj_per_bit: float = _energy_param(1.1, "SER-10", "XSR link energy at 106.25 Gb/s")
    vsr_energy_pj_per_bit: float = _energy_param(3.0, "CPS-SER-09", "VSR link energy at 106.25 Gb/s")
    mr_energy_pj_per_bit: float = _energy_param(4.0, "CPS-SER-10", "MR link energy at 106.25 Gb/s")
    lr_energy_pj_per_bit: float = _energy_param(5.5, "CPS-SER-14", "LR link energy at 106.25 Gb/s")
    ucie_2d_low_rate_energy_pj_per_bit: float = _energy_param(0.5, "SER-15", "UCIe 2D link energy, low pin rates")
    ucie_2d_high_rate_energy_pj_per_bit: float = _energy_param(0.6, "SER-15", "UCIe 2D link energy, high pin rates")
    ucie_2p5d_low_rate_energy_pj_per_bit: float = _energy_param(0.25, "SER-16", "UCIe 2.5D link energy, low pin rates")
    ucie_2p5d_high_rate_energy_pj_per_bit: float = _energy_param(0.3, "SER-16", "UCIe 2.5D link energy, high pin rates")
    ucie_3d_low_rate_energy_pj_per_bit: float = _energy_param(0.01, "SER-17", "UCIe 3D link energy, low pin rates")
    ucie_3d_high_rate_energy_pj_per_bit: float = _energy_param(0.05, "SER-17", "UCIe 3D link energy, high pin rates")
    ucie_low_rate_limit_bps: float = param(16e9, unit="bit/s", sources=("SER-15",), lo=4e9, hi=32e9,
                                           doc="UCIe pin rate up to which the lower energy applies")

    outputs: ClassVar[tuple[str, ...]] = (
        "energy_pj_per_bit",
        "tx_energy_pj_per_bit",
        "rx_energy_pj_per_bit",
        "power_w",
        "tx_power_w",
        "rx_power_w",
        "channel_loss_budget_db",
        "nyquist_frequency_hz",
        "symbol_rate_baud",
    )

    def _check(self) -> None:
        check_choice("Serdes.reach_class", self.reach_class, tuple(REACH_CLASSES))

    def _iter_sources(self) -> Iterator[tuple[str, tuple[str, ...]]]:
        other_classes = set(CLASS_ENERGY_PARAMS) - set(self._class.energy_params)
        for name, ids in super()._iter_sources():
            if name not in other_classes:
                yield name, ids
        yield "reach_class", self._class.sources

    @property
    def _class(self) -> ReachClass:
        return REACH_CLASSES[self.reach_class]

    @property
    def _class_energies(self) -> tuple[Any, ...]:
        return tuple(getattr(self, p) for p in self._class.energy_params)

    @property
    def energy_pj_per_bit(self) -> np.ndarray:
        """Tx + Rx energy per bit per direction, pJ/bit."""
        return _link_energy_pj(
            self._class, self._class_energies, self.lane_rate_bps, self.ucie_pin_rate_bps,
            self.energy_growth_per_rate_doubling,
        )

    @property
    def _tx_share(self) -> np.ndarray:
        share = as_array(self.tx_energy_share)
        return np.full_like(share, 0.5) if self._class.parallel else share

    @property
    def tx_energy_pj_per_bit(self) -> np.ndarray:
        """Transmitter energy per bit, pJ/bit."""
        return self.energy_pj_per_bit * self._tx_share

    @property
    def rx_energy_pj_per_bit(self) -> np.ndarray:
        """Receiver energy per bit, pJ/bit."""
        return self.energy_pj_per_bit * (1.0 - self._tx_share)

    @property
    def power_w(self) -> np.ndarray:
        """Power of one lane direction (Tx + Rx) = one end's full-duplex lane, W."""
        return self.energy_pj_per_bit * 1e-12 * as_array(self.lane_rate_bps)

    @property
    def tx_power_w(self) -> np.ndarray:
        """Transmitter power per lane, W."""
        return self.tx_energy_pj_per_bit * 1e-12 * as_array(self.lane_rate_bps)

    @property
    def rx_power_w(self) -> np.ndarray:
        """Receiver power per lane, W."""
        return self.rx_energy_pj_per_bit * 1e-12 * as_array(self.lane_rate_bps)

    @property
    def symbol_rate_baud(self) -> np.ndarray:
        """Symbol rate, Bd: PAM4 lane rate / 2, or the UCIe pin rate (NRZ)."""
        if self._class.parallel:
            pin = as_array(self.ucie_pin_rate_bps)
            return np.broadcast_to(pin, np.broadcast_shapes(pin.shape, as_array(self.lane_rate_bps).shape)).copy()
        return as_array(self.lane_rate_bps) / 2.0

    @property
    def nyquist_frequency_hz(self) -> np.ndarray:
        """Nyquist frequency = symbol rate / 2, Hz."""
        return self.symbol_rate_baud / 2.0

    @property
    def channel_loss_budget_db(self) -> np.ndarray:
        """Bump-to-bump channel loss the class tolerates at Nyquist, dB."""
        return _budget_db(self._class, self.lane_rate_bps)

    def loss_margin_db(self, channel_loss_db: Any) -> np.ndarray:
        """Budget minus the channel's loss at Nyquist (dB, >= 0); negative: class too weak."""
        loss = check_number("Serdes.loss_margin_db.channel_loss_db", channel_loss_db, unit="dB", lo=0.0, hi=200.0)
        return self.channel_loss_budget_db - as_array(loss)


def _check_classes(classes: Any) -> tuple[str, ...]:
    classes = tuple(classes)
    if not classes:
        raise ConfigError("classes", classes, f"is empty; expected some of {', '.join(SERDES_CLASSES)}")
    for c in classes:
        check_choice("classes", c, SERDES_CLASSES)
    return classes


def cheapest_reach_class(
    channel_loss_db: Any,
    lane_rate_bps: Any = LANE_RATE_100G_BPS,
    *,
    classes: tuple[str, ...] = SERDES_CLASSES,
    energy_growth_per_rate_doubling: Any = 1.2,
) -> np.ndarray:
    """The lowest-energy serial class whose loss budget covers a channel, per design point.

    Args:
        channel_loss_db: bump-to-bump channel insertion loss at the lane's Nyquist frequency,
            dB (>= 0); broadcasts with ``lane_rate_bps``.
        lane_rate_bps: electrical lane rate, bit/s (53.125e9 .. 212.5e9).
        classes: candidate serial classes (UCIe classes are excluded: their budgets are at
            the pin Nyquist, not comparable with a serial lane's loss).
        energy_growth_per_rate_doubling: as in :class:`Serdes` (CPS-SER-11).

    Returns:
        array of class names (``numpy.str_``), the shape of the broadcast inputs.

    Raises:
        ConfigError: a loss above every candidate's budget (the channel needs a retimer or a
            shorter path); the message names the worst loss and the largest budget.
    """
    names, energy, _ = _cheapest(channel_loss_db, lane_rate_bps, classes, energy_growth_per_rate_doubling)
    return names


def serdes_energy_for_loss_pj_per_bit(
    channel_loss_db: Any,
    lane_rate_bps: Any = LANE_RATE_100G_BPS,
    *,
    classes: tuple[str, ...] = SERDES_CLASSES,
    energy_growth_per_rate_doubling: Any = 1.2,
) -> np.ndarray:
    """Link (Tx + Rx) energy per bit, pJ/bit, of the cheapest class that closes the channel.

    A non-decreasing step function of ``channel_loss_db`` (dB at Nyquist). Arguments and
    errors as in :func:`cheapest_reach_class`.
    """
    _, energy, _ = _cheapest(channel_loss_db, lane_rate_bps, classes, energy_growth_per_rate_doubling)
    return energy


def _cheapest(channel_loss_db: Any, lane_rate_bps: Any, classes: Any, growth: Any):
    classes = _check_classes(classes)
    loss = as_array(check_number("channel_loss_db", channel_loss_db, unit="dB", lo=0.0, hi=200.0))
    rate = as_array(
        check_number("lane_rate_bps", lane_rate_bps, unit="bit/s", lo=LANE_RATE_50G_BPS, hi=LANE_RATE_200G_BPS)
    )
    growth = as_array(check_number("energy_growth_per_rate_doubling", growth, unit="-", lo=1.0, hi=2.0))
    shape = np.broadcast_shapes(loss.shape, rate.shape, growth.shape)
    budgets = np.stack([np.broadcast_to(_budget_db(REACH_CLASSES[c], rate), shape) for c in classes])
    defaults = Serdes()  # the class energies in use (built here: follows an active Monte Carlo sample)
    energies = np.stack([
        np.broadcast_to(
            _link_energy_pj(REACH_CLASSES[c], tuple(getattr(defaults, p) for p in REACH_CLASSES[c].energy_params),
                            rate, 32e9, growth),
            shape,
        )
        for c in classes
    ])
    covers = np.broadcast_to(loss, shape) <= budgets
    if not np.all(covers.any(axis=0)):
        bad = ~covers.any(axis=0)
        worst = float(np.broadcast_to(loss, shape)[bad].max())
        top = float(budgets.max(axis=0)[bad].min())
        raise ConfigError(
            "channel_loss_db",
            worst,
            f"exceeds every reach-class budget at this lane rate (largest {top:g} dB); "
            "add a retimer or shorten the channel",
            unit="dB",
        )
    idx = np.argmin(np.where(covers, energies, np.inf), axis=0)
    chosen_energy = np.take_along_axis(energies, idx[None, ...], axis=0)[0]
    names = np.asarray(classes)[idx]
    return names, chosen_energy, idx
