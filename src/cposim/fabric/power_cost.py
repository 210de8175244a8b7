"""Power per GPU and in MW, capital cost and energy cost over the years: TCO of a fabric option.

::

    optics power      = link ends x module / engine / cable-end power      (interconnect, W)
    network power     = optics + host SerDes + switch ASIC cores          (W)
    facility power    = (GPUs x GPU power + network power) x PUE          (W)
    capex             = switches x price (scaled by capacity) + modules x price + engine ports x price
                        + copper cables x price + optical links x fiber price
    energy cost       = network power x PUE x 8766 h x years x price per kWh
    TCO               = capex + energy cost (network only; GPUs reported apart)

Prices and PUE are low-confidence or planning values (CPS-FAB-34..38, CPS-FAB-45/46, CLU-01).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from cposim.devices.base import Model, param
from cposim.fabric.inventory import Inventory

HOURS_PER_YEAR = 8766.0


@dataclass(frozen=True, kw_only=True)
class CostParams(Model):
    """Prices, energy price, PUE and horizon.

    Parameters:
        switch_price_usd: price of a reference switch, $ (36,000, CPS-FAB-36);
        switch_reference_capacity_bps: its capacity, bit/s (25.6e12 = 64 x 400G, CPS-FAB-03);
            switch price scales with capacity.
        module_price_usd: pluggable optical module, $ (1,000, CLU-01).
        engine_port_price_usd: co-/near-packaged port incl. laser share, $ (300, CPS-FAB-37).
        copper_cable_price_usd: copper cable assembly, $ (150, CPS-FAB-37).
        fiber_link_price_usd: fiber cabling of one optical link, $ (50, CPS-FAB-38).
        gpu_price_usd: GPU with its server share, $ (50,000, CPS-FAB-45).
        gpu_power_w: GPU board power, W (1000, CPS-FAB-44).
        electricity_usd_per_kwh: $ per kWh (0.078, CPS-FAB-34).
        pue: power usage effectiveness (1.2, CPS-FAB-35).
        years: operating years (5, CPS-FAB-46).
    """

    switch_price_usd: float = param(36000.0, unit="$", sources=("CPS-FAB-36",), lo=0.0, hi=1e8)
    switch_reference_capacity_bps: float = param(25.6e12, unit="bit/s", sources=("CPS-FAB-03",), lo=1e9, hi=1e16)
    module_price_usd: float = param(1000.0, unit="$", sources=("CLU-01",), lo=0.0, hi=1e6)
    engine_port_price_usd: float = param(300.0, unit="$", sources=("CPS-FAB-37",), lo=0.0, hi=1e6)
    copper_cable_price_usd: float = param(150.0, unit="$", sources=("CPS-FAB-37",), lo=0.0, hi=1e6)
    fiber_link_price_usd: float = param(50.0, unit="$", sources=("CPS-FAB-38",), lo=0.0, hi=1e6)
    gpu_price_usd: float = param(50000.0, unit="$", sources=("CPS-FAB-45",), lo=0.0, hi=1e8)
    gpu_power_w: float = param(1000.0, unit="W", sources=("CPS-FAB-44",), lo=0.0, hi=1e5)
    electricity_usd_per_kwh: float = param(0.078, unit="$/kWh", sources=("CPS-FAB-34",), lo=0.0, hi=10.0)
    pue: float = param(1.2, unit="1", sources=("CPS-FAB-35",), lo=1.0, hi=5.0)
    years: float = param(5.0, unit="year", sources=("CPS-FAB-46",), lo=0.0, hi=100.0)


@dataclass(frozen=True)
class PowerCost:
    """Power and cost of one option (arrays over GPU counts; W, $).

    Attributes: optics_w, network_w, facility_w, optics_w_per_gpu, network_w_per_gpu,
    capex_usd (dict by item, with ``total``), energy_usd (network, over the years), tco_usd,
    gpu_capex_usd, gpu_energy_usd.
    """

    optics_w: np.ndarray
    network_w: np.ndarray
    facility_w: np.ndarray
    optics_w_per_gpu: np.ndarray
    network_w_per_gpu: np.ndarray
    capex_usd: dict[str, np.ndarray]
    energy_usd: np.ndarray
    tco_usd: np.ndarray
    gpu_capex_usd: np.ndarray
    gpu_energy_usd: np.ndarray

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready numbers (MW and W per GPU alongside W)."""
        return {
            "optics_power_mw": _out(self.optics_w / 1e6),
            "network_power_mw": _out(self.network_w / 1e6),
            "facility_power_mw": _out(self.facility_w / 1e6),
            "optics_w_per_gpu": _out(self.optics_w_per_gpu),
            "network_w_per_gpu": _out(self.network_w_per_gpu),
            "capex_usd": {k: _out(v) for k, v in self.capex_usd.items()},
            "network_energy_usd": _out(self.energy_usd),
            "network_tco_usd": _out(self.tco_usd),
            "gpu_capex_usd": _out(self.gpu_capex_usd),
            "gpu_energy_usd": _out(self.gpu_energy_usd),
        }


def _out(x: Any) -> Any:
    arr = np.asarray(x, dtype=float)
    return float(arr) if arr.ndim == 0 else arr.tolist()


def energy_cost_usd(power_w: Any, cost: CostParams | None = None) -> np.ndarray:
    """Electricity cost of ``power_w`` (IT power, W) over the years at the PUE and price, $."""
    c = cost or CostParams()
    kwh = np.asarray(power_w, dtype=float) / 1000.0 * float(c.pue) * HOURS_PER_YEAR * float(c.years)
    return kwh * float(c.electricity_usd_per_kwh)


def power_cost(inv: Inventory, cost: CostParams | None = None) -> PowerCost:
    """Power, capex, energy cost and TCO of one option's fabric."""
    c = cost or CostParams()
    sizing = inv.sizing
    gpus = sizing.gpus.astype(float)
    per_gpu = np.maximum(gpus, 1.0)
    capacity = int(sizing.spec.radix) * float(sizing.spec.port_rate_bps) * sizing.bundle
    switch_price = float(c.switch_price_usd) * capacity / float(c.switch_reference_capacity_bps)
    engine_ports = sum((e.ports for e in inv.ends if e.figures.engine), np.zeros(sizing.shape))
    capex = {
        "switches": sizing.total_switches * switch_price,
        "modules": inv.modules * float(c.module_price_usd),
        "engine_ports": engine_ports * float(c.engine_port_price_usd),
        "copper_cables": inv.copper_cables * float(c.copper_cable_price_usd),
        "fiber": inv.optical_links * float(c.fiber_link_price_usd),
    }
    capex["total"] = sum(capex.values())
    network = inv.network_power_w
    energy = energy_cost_usd(network, c)
    gpu_power = gpus * float(c.gpu_power_w)
    return PowerCost(
        optics_w=inv.optics_power_w, network_w=network, facility_w=(gpu_power + network) * float(c.pue),
        optics_w_per_gpu=inv.optics_power_w / per_gpu, network_w_per_gpu=network / per_gpu, capex_usd=capex,
        energy_usd=energy, tco_usd=capex["total"] + energy, gpu_capex_usd=gpus * float(c.gpu_price_usd),
        gpu_energy_usd=energy_cost_usd(gpu_power, c))
