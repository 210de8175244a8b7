"""Front-panel (faceplate) density of a switch with pluggable modules or copper cables.

A 19-inch rack unit offers ``panel_width_m`` (450 mm between rails, EIA-310, CPS-PKG-08) of
faceplate, ``rack_unit_height_m`` (44.45 mm) high, and holds ``ports_per_rack_unit`` OSFP
cages (32: 64 cages in 2U, CPS-PKG-07). Then, per direction::

    rack units          = ceil(ports / ports_per_rack_unit)
    bandwidth per RU    = ports_per_rack_unit x port rate
    faceplate density   = bandwidth per RU / panel width        (Gb/s per mm of faceplate)
    areal density       = bandwidth per RU / (width x RU height) (Gb/s per cm^2)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from cposim.devices.base import Model, param
from cposim.validation import check_number


@dataclass(frozen=True, kw_only=True)
class Faceplate(Model):
    """Front-panel geometry of a rack-mounted switch.

    Parameters (SI):
        ports_per_rack_unit: OSFP-class cages per rack unit (32, CPS-PKG-07).
        panel_width_m: usable faceplate width, m (0.450, CPS-PKG-08).
        rack_unit_height_m: one rack unit, m (0.04445, CPS-PKG-08).

    Outputs: faceplate_area_per_ru_m2 (m^2).
    """

    ports_per_rack_unit: int = param(32, unit="1", sources=("CPS-PKG-07",), lo=1, hi=256, integer=True)
    panel_width_m: float = param(0.450, unit="m", sources=("CPS-PKG-08",), lo=0.0, lo_open=True, hi=2.0)
    rack_unit_height_m: float = param(0.04445, unit="m", sources=("CPS-PKG-08",), lo=0.0, lo_open=True, hi=1.0)

    outputs: ClassVar[tuple[str, ...]] = ("faceplate_area_per_ru_m2",)

    @property
    def faceplate_area_per_ru_m2(self) -> float:
        """Faceplate area of one rack unit, m^2."""
        return self.panel_width_m * self.rack_unit_height_m


@dataclass(frozen=True)
class FaceplatePlan:
    """Ports on the front panel.

    Attributes: ports; rack_units; bandwidth_per_ru_bps (bit/s per direction);
    density_gbps_per_mm (Gb/s per mm of faceplate width); density_gbps_per_cm2 (Gb/s/cm^2).
    """

    ports: int
    rack_units: int
    bandwidth_per_ru_bps: float
    density_gbps_per_mm: float
    density_gbps_per_cm2: float


def faceplate_plan(*, ports: int, port_rate_bps: float, faceplate: Faceplate | None = None) -> FaceplatePlan:
    """Rack units and faceplate density for ``ports`` front-panel ports of ``port_rate_bps``."""
    fp = faceplate or Faceplate()
    n = int(check_number("ports", ports, unit="1", lo=1, hi=1e6, integer=True))
    rate = check_number("port_rate_bps", port_rate_bps, unit="bit/s", lo=1e9, hi=1e14)
    per_ru = int(fp.ports_per_rack_unit)
    bw = per_ru * rate
    return FaceplatePlan(
        ports=n,
        rack_units=int(np.ceil(n / per_ru)),
        bandwidth_per_ru_bps=bw,
        density_gbps_per_mm=bw / 1e9 / (float(fp.panel_width_m) * 1e3),
        density_gbps_per_cm2=bw / 1e9 / (float(fp.faceplate_area_per_ru_m2) * 1e4),
    )
