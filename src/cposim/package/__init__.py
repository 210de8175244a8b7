"""Per-port interconnect architectures and the switch package.

* :mod:`~cposim.package.architectures` -- the architecture registry and
  :func:`evaluate_port` (copper cables, DSP pluggables, LPO/LRO, NPO, CPO).
* :mod:`~cposim.package.compare` -- side-by-side tables and vectorised sweeps.
* :mod:`~cposim.package.switch` -- ASIC, SerDes, engines or pluggables, total power.
* :mod:`~cposim.package.shoreline`, :mod:`~cposim.package.faceplate` -- package edge and
  front-panel density.

Per-lane optics come only from :mod:`cposim.link`; channels, copper reach and SerDes classes
from :mod:`cposim.electrical`. Sources: ``table_cposim_sources_package.csv`` (CPS-ARC-*,
CPS-PKG-*).
"""

from cposim.package.architectures import ARCHITECTURES, architecture_names, evaluate_port, get_architecture
from cposim.package.compare import compare_ports, compare_sweep, sweep_architecture
from cposim.package.port_result import PORT_CONTRIBUTORS, PortResult
from cposim.package.switch import SwitchAsic, SwitchResult, switch_model

__all__ = [
    "ARCHITECTURES",
    "PORT_CONTRIBUTORS",
    "PortResult",
    "SwitchAsic",
    "SwitchResult",
    "architecture_names",
    "compare_ports",
    "compare_sweep",
    "evaluate_port",
    "get_architecture",
    "sweep_architecture",
    "switch_model",
]
