"""Electrical channels of the interconnect architectures: boards, packages, copper, SerDes.

Channels are 2-port differential-equivalent S-parameters (``skrf.Network``, 100 ohm) built
from IEEE 802.3 Annex 93A lines (:mod:`~cposim.electrical.annex93a_line`,
:mod:`~cposim.electrical.lines`, :mod:`~cposim.electrical.laminates`), discontinuities
(:mod:`~cposim.electrical.transitions`, :mod:`~cposim.electrical.device_package`) and twinax
(:mod:`~cposim.electrical.cable`), cascaded with skrf (:mod:`~cposim.electrical.cascade`).

* :mod:`~cposim.electrical.topologies` -- host paths of front-panel pluggable, LPO, NPO and
  CPO lanes (``host_channel``, ``host_channel_loss_db``) and copper ports.
* :mod:`~cposim.electrical.pulse` -- pulse / impulse responses, causality checks.
* :mod:`~cposim.electrical.crosstalk` -- NEXT/FEXT aggressors, ICN.
* :mod:`~cposim.electrical.com_lite` -- fast COM-like margin (``com_lite``), with the
  reference receivers of :mod:`~cposim.electrical.com_settings`.
* :mod:`~cposim.electrical.copper_link`, :mod:`~cposim.electrical.reach` -- DAC/ACC/AEC
  links, copper and PCB reach (``copper_cable_reach_m``, ``pcb_reach_m``,
  ``check_copper_link``).
* :mod:`~cposim.electrical.serdes_power` -- the SerDes a channel needs and its pJ/bit.

Sources: ``src/cposim/references/table_cposim_sources_electrical.csv`` (CPS-ELE-*).
"""

from cposim.electrical.com_lite import ComResult, com_lite
from cposim.electrical.reach import check_copper_link, copper_cable_reach_m, pcb_reach_m
from cposim.electrical.serdes_power import serdes_energy_pj_per_bit, serdes_for_channel
from cposim.electrical.topologies import HOST_KINDS, host_channel, host_channel_loss_db

__all__ = [
    "HOST_KINDS",
    "ComResult",
    "check_copper_link",
    "com_lite",
    "copper_cable_reach_m",
    "host_channel",
    "host_channel_loss_db",
    "pcb_reach_m",
    "serdes_energy_pj_per_bit",
    "serdes_for_channel",
]
