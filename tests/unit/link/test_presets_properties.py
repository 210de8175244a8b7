"""Unit checks of the link presets that are NOT comparisons with a published figure: every preset
closes its link, cites known sources, computes its power from its device parameters, and the
CPO port includes the laser share. Moved from tests/validation/test_presets_published.py
(issue 11); the published module and port powers (PWR-04, PWR-07, PWR-08, SYS-NV-08/09) are
registry cases, run by tests/validation/test_registry_cases.py.
"""

from __future__ import annotations

import pytest

from cposim.link.engine import evaluate
from cposim.link.sweep import set_path
from cposim.presets import PRESETS


def test_1p6t_cpo_port_includes_the_laser_share_SYS_NV_09():
    """SYS-NV-09's 9 W includes the laser share; so does the CPO preset's port power."""
    e = evaluate(PRESETS["cpo-mrm-wdm-200g"].build()).energy
    assert float(e.pj_per_bit()["laser"]) > 0.0


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
