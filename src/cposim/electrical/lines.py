"""Named transmission lines: host-board striplines (laminates) and package-substrate traces.

Every line is an IEEE 802.3 Annex 93A line (:mod:`cposim.electrical.annex93a_line`,
CPS-ELE-01). Presets (``LINE_PRESETS``):

* ``d33_host``: the IEEE P802.3dj D3.3 partial-host PCB (``a1 = 5.95e-4 sqrt(ns)/mm``,
  ``a2 = 2.6e-5 ns/mm``, ``tau = 5.79 ps/mm``): 0.83 dB/in at 26.6 GHz and 1.26 dB/in at
  53.1 GHz (CPS-ELE-05); a Megtron-7 / Tachyon class board with ~7 mil traces.
* ``dj_package``: the 802.3dj COM package substrate trace (``gamma0 = 5e-4 /mm``,
  ``a1 = 8.9e-4``, ``a2 = 2.0e-4``, ``tau = 6.141e-3 ns/mm``, ``Zc = 87.5 ohm``): about
  0.15 dB/mm at 53.1 GHz, 3-4x lossier per length than good PCB (CPS-ELE-04).
* ``fr4``, ``megtron6``, ``megtron7``, ``megtron8``: laminate classes from Dk, Df, a 5 mil /
  50 ohm leg and roughness factor 1.3 (:mod:`cposim.electrical.laminates`, CPS-ELE-06..09).
"""

from __future__ import annotations

from typing import Any

import skrf

from cposim.electrical.annex93a_line import LineModel, line_network
from cposim.electrical.laminates import LAMINATES
from cposim.validation import check_choice

__all__ = ["D33_HOST", "DJ_PACKAGE", "LINE_PRESETS", "line_model", "package_line", "pcb_line"]

#: IEEE P802.3dj D3.3 partial-host PCB stripline (CPS-ELE-05): 1.26 dB/in at 53.1 GHz.
D33_HOST = LineModel.from_annex93a(
    a1_sqrt_ns_per_mm=5.95e-4, a2_ns_per_mm=2.6e-5, tau_ns_per_mm=5.79e-3, sources=("CPS-ELE-05",)
)
#: IEEE 802.3dj COM package substrate trace (CPS-ELE-04): about 0.15 dB/mm at 53.1 GHz.
DJ_PACKAGE = LineModel.from_annex93a(
    gamma0_per_mm=5.0e-4,
    a1_sqrt_ns_per_mm=8.9e-4,
    a2_ns_per_mm=2.0e-4,
    tau_ns_per_mm=6.141e-3,
    zc_ohm=87.5,
    sources=("CPS-ELE-04",),
)

#: Named line models.
LINE_PRESETS: dict[str, LineModel] = {
    "d33_host": D33_HOST,
    "dj_package": DJ_PACKAGE,
    **{name: lam.line_model() for name, lam in LAMINATES.items()},
}


def line_model(laminate: str | LineModel) -> LineModel:
    """A LineModel from a preset name (see ``LINE_PRESETS``) or a LineModel (returned as is)."""
    if isinstance(laminate, LineModel):
        return laminate
    return LINE_PRESETS[check_choice("laminate", laminate, tuple(LINE_PRESETS))]


def pcb_line(frequency_hz: Any, length_m: float, *, laminate: str | LineModel = "d33_host") -> skrf.Network:
    """A host-board stripline of ``length_m`` (m) on the grid ``frequency_hz`` (Hz) as a Network."""
    return line_network(frequency_hz, length_m, line_model(laminate), name=f"pcb {length_m * 1e3:g} mm")


def package_line(frequency_hz: Any, length_m: float, *, model: LineModel = DJ_PACKAGE) -> skrf.Network:
    """A package-substrate trace (802.3dj COM constants by default, CPS-ELE-04) as a Network."""
    return line_network(frequency_hz, length_m, model, name=f"package {length_m * 1e3:g} mm")
