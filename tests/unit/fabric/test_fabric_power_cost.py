"""Power, capex, energy cost and TCO: closed forms and consistency."""

from __future__ import annotations

import pytest

from cposim.fabric.inventory import build_inventory
from cposim.fabric.power_cost import HOURS_PER_YEAR, CostParams, energy_cost_usd, power_cost
from cposim.fabric.topology import FabricSpec, size_fabric


def test_energy_cost_closed_form_and_linear_in_years():
    c = CostParams(electricity_usd_per_kwh=0.1, pue=1.5, years=2.0)
    assert float(energy_cost_usd(1e6, c)) == pytest.approx(1e3 * 1.5 * HOURS_PER_YEAR * 2 * 0.1)
    assert float(energy_cost_usd(1e6, c.replace(years=4.0))) == pytest.approx(2 * float(energy_cost_usd(1e6, c)))


def test_tco_is_capex_plus_network_energy_and_per_gpu_consistent():
    inv = build_inventory(size_fabric(FabricSpec(gpus=16384)), "dsp-twin")
    pc = power_cost(inv)
    parts = sum(float(v) for k, v in pc.capex_usd.items() if k != "total")
    assert float(pc.capex_usd["total"]) == pytest.approx(parts)
    assert float(pc.tco_usd) == pytest.approx(parts + float(pc.energy_usd))
    assert float(pc.capex_usd["modules"]) == pytest.approx(1000.0 * int(inv.modules))
    assert float(pc.optics_w_per_gpu) * 16384 == pytest.approx(float(pc.optics_w))
    assert float(pc.facility_w) == pytest.approx((16384 * 1000.0 + float(pc.network_w)) * 1.2)


def test_co_packaged_option_costs_engine_ports_not_modules():
    inv = build_inventory(size_fabric(FabricSpec(gpus=4096)), "cpo")
    pc = power_cost(inv)
    assert float(pc.capex_usd["modules"]) == 0.0
    assert float(pc.capex_usd["engine_ports"]) == pytest.approx(300.0 * int(inv.link_ends))
