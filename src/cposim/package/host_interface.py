"""The host side of a port: the electrical channel from the switch die to the module, engine
or cable, and the host SerDes that channel needs (both from :mod:`cposim.electrical`).

Accounting (the same as :mod:`cposim.link.energy`): one direction of a lane uses the sending
host's SerDes transmitter and the receiving host's SerDes receiver. One end of a full-duplex
lane holds one transmitter and one receiver, so the host SerDes power charged to a port (one
end of its link) per lane is ``Tx share of the Tx-side class + Rx share of the Rx-side class``
times the electrical lane rate. Where both directions use the same channel (everything but
LRO) that is the chosen :class:`~cposim.devices.serdes.Serdes`'s ``power_w``.

Which loss picks the class:

* a retimed module, engine or AEC plug ends the electrical channel: the host channel of
  that kind (:func:`cposim.electrical.topologies.host_channel_loss_db`);
* linear optics retime nothing between the two switch ASICs (LPO; CPO and NPO engines
  without a CDR/DSP): the far host's transmitter and the near host's receiver close ONE
  channel, so each host SerDes sees the host channels at BOTH ends in series plus the
  optical link's own ISI as an electrical-equivalent loss (CPS-LIN-01): ``loss =
  L_host(far) + L_host(near) + L_optical``. ``L_optical`` is 2 x the link engine's waveform
  penalty (optical dB -> electrical dB, CPS-LIN-02) or, where the engine gives none, the
  CPS-LIN-03 allowance (see :func:`cposim.package.optical_port.optical_link_loss_db`). At
  200G/lane LPO this exceeds every SerDes class on the 280 mm front-panel route, which is
  the answer the model gives for 200G LPO on that host; a co-packaged linear engine
  (2 x ~3.4 dB + L_optical) needs at least XSR, not the USR its own short channel suggests;
* LRO retimes the transmit direction in the module, so each host receiver sees one host
  channel (OIF RTLR uses the CEI-112G-VSR channel, SER-07);
* a passive or linear copper cable (DAC, ACC) leaves the whole die-to-die channel to the
  host SerDes: :func:`copper_host_side` takes its loss at Nyquist (less an ACC redriver's
  peaking), and since COM-lite (``cposim.electrical``) decides whether the link closes, a
  closing channel a little above the largest class budget is served by that class (LR).

400G per lane (estimates, flagged ``extrapolated``): a DSP module gearboxes two 212.5 Gb/s
host lanes into one optical lane (CPS-ARC-12); an engine without DSP needs a 425 Gb/s host
lane, costed as the class the same channel needs at 212.5 Gb/s grown by the SerDes's own
per-rate-doubling factor (CPS-SER-11, CPS-ARC-01).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping

import numpy as np

from cposim.devices.serdes import (
    LANE_RATE_100G_BPS,
    LANE_RATE_200G_BPS,
    SERDES_CLASSES,
    Serdes,
)
from cposim.electrical.cable import CABLE_PLUG, TwinaxCable
from cposim.electrical.cascade import cascade_s, reverse_s
from cposim.electrical.serdes_power import serdes_for_channel
from cposim.electrical.topologies import copper_port_s, host_channel_loss_db, nyquist_hz
from cposim.errors import ConfigError
from cposim.validation import check_choice, check_number
from cposim.references.sampling import sample_aware_cache

#: Host channel kinds of :func:`cposim.electrical.topologies.host_channel_loss_db`.
HOST_CHANNEL_KINDS = ("front_panel_pluggable", "near_packaged", "co_packaged", "lpo_host")

_ELECTRICAL_RATE = {100e9: LANE_RATE_100G_BPS, 200e9: LANE_RATE_200G_BPS, 400e9: LANE_RATE_200G_BPS}


@dataclass(frozen=True)
class HostSide:
    """Host SerDes of one optical (or copper) lane of a port.

    Attributes:
        tx_kind, rx_kind: host channel kinds seen by the host transmitter and receiver.
        tx_loss_db, rx_loss_db: their losses at Nyquist, bump to bump, dB.
        tx_serdes, rx_serdes: the SerDes chosen for them (``Serdes``; the same object for a
            symmetric port).
        electrical_lanes: host electrical lanes per optical lane (2 for a 400G DSP gearbox).
        electrical_rate_bps: rate of each host electrical lane, bit/s.
        energy_scale: energy factor for a host lane faster than the SerDes classes cover
            (1 unless ``extrapolated``).
        extrapolated: True where the host lane is a 400G extrapolation.
        optical_loss_db: electrical-equivalent loss of the optical link in the host channel
            (unretimed links only; 0 otherwise), dB; optical_basis: where it came from.
        explanation: one sentence: which losses the class was chosen from and why.
    """

    tx_kind: str
    rx_kind: str
    tx_loss_db: float
    rx_loss_db: float
    tx_serdes: Serdes
    rx_serdes: Serdes
    electrical_lanes: int
    electrical_rate_bps: float
    energy_scale: Any
    extrapolated: bool
    optical_loss_db: float = 0.0
    optical_basis: str = ""
    explanation: str = ""

    @property
    def energy_per_electrical_bit_pj(self) -> Any:
        """Tx energy (Tx-side class) + Rx energy (Rx-side class) per electrical bit, pJ/bit."""
        return (np.asarray(self.tx_serdes.tx_energy_pj_per_bit) + np.asarray(self.rx_serdes.rx_energy_pj_per_bit)) * \
            np.asarray(self.energy_scale)

    @property
    def power_per_lane_w(self) -> Any:
        """Host SerDes power charged to one lane of the port (one end, both directions), W."""
        return self.energy_per_electrical_bit_pj * 1e-12 * self.electrical_rate_bps * self.electrical_lanes

    @property
    def reach_classes(self) -> str:
        """``xsr`` or ``vsr/lr`` (Tx-side / Rx-side class where they differ)."""
        tx, rx = self.tx_serdes.reach_class, self.rx_serdes.reach_class
        return tx if tx == rx else f"{tx}/{rx}"

    def sources(self) -> list[str]:
        """Source ids behind the chosen SerDes (and the 400G assumptions where used)."""
        ids = list(self.tx_serdes.source_ids()) + list(self.rx_serdes.source_ids())
        if self.extrapolated:
            ids += ["CPS-ARC-01", "CPS-ARC-12", "CPS-SER-11"]
        if self.optical_basis:
            ids += ["CPS-LIN-01", "CPS-LIN-02" if "CPS-LIN-02" in self.optical_basis else "CPS-LIN-03"]
        return list(dict.fromkeys(ids))


def host_side(
    *,
    tx_kind: str,
    rx_kind: str,
    payload_bps: float,
    gearbox_400g: bool,
    unretimed: bool = False,
    optical_loss_db: float = 0.0,
    optical_basis: str = "",
    serdes_changes: Mapping[str, Any] | None = None,
) -> HostSide:
    """Choose the host SerDes of a lane from its host channel losses.

    Args:
        tx_kind, rx_kind: host channel kinds (:data:`HOST_CHANNEL_KINDS`) for the host
            transmitter's and receiver's channel.
        payload_bps: payload per lane per direction, bit/s (100e9, 200e9 or 400e9).
        gearbox_400g: at 400G/lane, True for a module DSP that splits the lane into two
            212.5 Gb/s host lanes; False for an engine that needs one 425 Gb/s host lane.
        unretimed: True for linear optics (LPO, linear CPO/NPO engines): the SerDes sees both
            ends' host channels and the optical link in series (CPS-LIN-01).
        optical_loss_db: electrical-equivalent loss of the optical link, dB (>= 0; used only
            where ``unretimed``); optical_basis: where it came from (shown in the explanation).
        serdes_changes: SerDes parameters to override on the chosen classes
            (e.g. ``{"energy_growth_per_rate_doubling": 1.3}``), arrays allowed.
    """
    check_choice("host_side.tx_kind", tx_kind, HOST_CHANNEL_KINDS)
    check_choice("host_side.rx_kind", rx_kind, HOST_CHANNEL_KINDS)
    payload = float(payload_bps)
    if payload not in _ELECTRICAL_RATE:
        raise ConfigError("host_side.payload_bps", payload, "is not modelled; expected 100e9, 200e9 or 400e9",
                          unit="bit/s")
    rate = _ELECTRICAL_RATE[payload]
    tx_loss = _host_loss(tx_kind, rate)
    rx_loss = _host_loss(rx_kind, rate)
    optical = 0.0
    if unretimed:
        optical = float(check_number("host_side.optical_loss_db", optical_loss_db, unit="dB", lo=0.0, hi=100.0))
        far, near = tx_loss, rx_loss
        tx_loss = rx_loss = far + near + optical
    changes = dict(serdes_changes or {})
    what = f"{tx_kind} host channel at {rate / 1e9:g} Gb/s" + (
        f" (both ends in series with the optical link, unretimed: {far:.1f} + {near:.1f} dB host + {optical:.1f} dB "
        f"optical, {optical_basis or 'no optical allowance'})" if unretimed else "")
    tx = _chosen(tx_loss, rate, changes, what)
    rx = tx if (rx_kind == tx_kind) else _chosen(rx_loss, rate, changes, f"{rx_kind} host channel")
    if unretimed:
        explanation = (f"host SerDes {_class_reason(rx, rx_loss, rate)}: unretimed link, the host receiver equalises "
                       f"{far:.1f} dB (far host channel) + {near:.1f} dB (near host channel) + {optical:.1f} dB "
                       f"(optical link, {optical_basis or 'no optical allowance'}) = {rx_loss:.1f} dB at Nyquist "
                       "(CPS-LIN-01)")
    else:
        explanation = f"host SerDes {_class_reason(rx, rx_loss, rate)}: retimed, own {rx_kind} host channel only"
    lanes, e_rate, scale, extrapolated = 1, rate, 1.0, False
    if payload == 400e9:
        extrapolated = True
        if gearbox_400g:
            lanes = 2
        else:
            e_rate = 2.0 * rate
            scale = np.asarray(rx.energy_growth_per_rate_doubling)
    return HostSide(tx_kind, rx_kind, tx_loss, rx_loss, tx, rx, lanes, e_rate, scale, extrapolated,
                    optical_loss_db=optical, optical_basis=optical_basis if unretimed else "", explanation=explanation)


def _class_reason(serdes: Serdes, loss_db: float, rate_bps: float) -> str:
    """``xsr (its 13 dB budget covers 11.2 dB; usr's 4 dB does not)``: the chosen class and why."""
    name = str(serdes.reach_class)
    budget = float(np.max(Serdes(reach_class=name, lane_rate_bps=rate_bps).channel_loss_budget_db))
    text = f"{name} (its {budget:g} dB budget covers {loss_db:.1f} dB"
    if name in SERDES_CLASSES and SERDES_CLASSES.index(name) > 0:
        lower = SERDES_CLASSES[SERDES_CLASSES.index(name) - 1]
        lower_budget = float(np.max(Serdes(reach_class=lower, lane_rate_bps=rate_bps).channel_loss_budget_db))
        if lower_budget < loss_db:
            text += f"; {lower}'s {lower_budget:g} dB does not"
    return text + ")"


@sample_aware_cache(maxsize=64)
def _host_loss(kind: str, rate_bps: float) -> float:
    return float(host_channel_loss_db(kind, lane_rate_bps=rate_bps))


def _chosen(loss_db: float, rate_bps: float, changes: Mapping[str, Any], what: str) -> Serdes:
    try:
        serdes = serdes_for_channel(loss_db, lane_rate_bps=rate_bps)
    except ConfigError as err:
        raise ConfigError(what, loss_db, f"of loss at Nyquist {err.expected}", unit="dB") from None
    return replace(serdes, **changes) if changes else serdes


def copper_channel_loss_db(*, length_m: float, line_rate_bps: float, awg: int, host: str) -> float:
    """Die-to-die loss at Nyquist (dB) of a copper link: copper port, plug, twinax, plug,
    copper port (the path of :func:`cposim.electrical.copper_link.copper_link_margin`)."""
    f = np.array([nyquist_hz(line_rate_bps)])
    port = copper_port_s(host, f)
    plug = CABLE_PLUG.sampled().s(f)
    chan = cascade_s(port, plug, TwinaxCable(awg=awg).s(f, length_m), reverse_s(plug), reverse_s(port))
    return float(-20.0 * np.log10(np.abs(chan[0, 1, 0])))


def copper_host_side(
    *,
    loss_db: float,
    line_rate_bps: float,
    host: str,
    serdes_changes: Mapping[str, Any] | None = None,
) -> HostSide:
    """Host SerDes of a passive or linear copper lane whose die-to-die channel loses ``loss_db``
    at Nyquist (after any redriver peaking) and that COM-lite has already closed: the cheapest
    class covering the loss, or the largest class where the loss sits above every budget."""
    rate = float(line_rate_bps)
    budget = max(float(Serdes(reach_class=c, lane_rate_bps=rate).channel_loss_budget_db) for c in SERDES_CLASSES)
    serdes = _chosen(min(float(loss_db), budget), rate, dict(serdes_changes or {}), f"{host} copper channel")
    explanation = (f"host SerDes {_class_reason(serdes, float(loss_db), rate)}: passive or linear cable, the whole "
                   "die-to-die channel at the link length")
    return HostSide(host, host, float(loss_db), float(loss_db), serdes, serdes, 1, rate, 1.0, False,
                    explanation=explanation)
