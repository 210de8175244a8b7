"""Bottom-up presets land inside published ranges. Module and port power come out of the
device parameters through the energy accounting; no preset carries a power number."""

from __future__ import annotations

import pytest

from cposim.link.engine import evaluate
from cposim.link.sweep import set_path
from cposim.presets import PRESETS


def _power(name: str):
    return evaluate(PRESETS[name].build()).energy


def test_1p6t_dsp_pluggable_module_is_25_to_30_w_PWR_07():
    """PWR-07: a 1.6T DSP pluggable module draws 25-30 W (range taken as the tolerance)."""
    assert 25.0 <= float(_power("1.6t-dr8").module_power_w) <= 30.0


def test_1p6t_cpo_port_is_about_9_w_with_laser_share_SYS_NV_09():
    """SYS-NV-09: NVIDIA's CPO port about 9 W (1.6 Tb/s class), within 25 %; 8 lanes of 200G."""
    e = _power("cpo-mrm-wdm-200g")
    assert float(e.port_power_w) == pytest.approx(9.0, rel=0.25)
    assert float(e.pj_per_bit()["laser"]) > 0.0  # the laser share is included


def test_800g_lpo_module_is_8_to_9_w_PWR_08():
    """PWR-08: 800G LPO modules 8-9 W (range as tolerance)."""
    assert 8.0 <= float(_power("800g-lpo").module_power_w) <= 9.0


def test_400g_dr4_module_near_9_w_PWR_04():
    """PWR-04: NVIDIA's 400G DR4 OSFP module 9 W (a maximum rating); within 25 %."""
    assert float(_power("400g-dr4").module_power_w) == pytest.approx(9.0, rel=0.25)


def test_cpo_saves_most_of_the_pluggable_power_SYS_NV_08_09():
    """SYS-NV-08/09: 30 W vs 9 W per 1.6T port, a ratio of about 3.3 (within 30 %)."""
    pluggable = float(_power("1.6t-dr8").module_power_w)
    cpo = float(_power("cpo-mrm-wdm-200g").port_power_w)
    assert pluggable / cpo == pytest.approx(30.0 / 9.0, rel=0.3)


@pytest.mark.parametrize(
    ("preset", "path", "factor"),
    [
        ("1.6t-dr8", "dsp.energy_j_per_bit", 2.0),
        ("800g-lpo", "tia.energy_per_bit_j", 2.0),
        ("cpo-mrm-wdm-200g", "modulator.transmitter_energy_per_bit_j", 2.0),
        ("cpo-mrm-wdm-200g", "source.wall_plug_efficiency", 0.5),
    ],
)
def test_power_follows_the_device_parameters(preset, path, factor):
    """The totals are computed, not looked up: changing one device parameter moves them."""
    lane = PRESETS[preset].build()
    base = float(evaluate(lane).energy.port_power_w)
    obj = lane
    for part in path.split(".")[:-1]:
        obj = getattr(obj, part)
    old = float(getattr(obj, path.split(".")[-1]))
    changed = float(evaluate(set_path(lane, path, old * factor)).energy.port_power_w)
    assert changed > base * 1.02


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_closes_its_link_with_margin(name):
    r = evaluate(PRESETS[name].build())
    assert float(r.margin_db) > 0.0
    assert float(r.ber) < float(r.target_ber)


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_value_cites_known_sources(name):
    from cposim.references import all_sources

    table = all_sources()
    lane = PRESETS[name].build()
    for path, ids in lane.sources_by_parameter().items():
        assert ids, path
        for sid in ids:
            assert sid in table, f"{name}: {path} cites unknown {sid}"
