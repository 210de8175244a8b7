"""Sweep targets against the models they wrap, called directly (independent paths to the same
numbers), and spec validation errors that name the path."""

import numpy as np
import pytest

from cposim.errors import ConfigError
from cposim.explore import evaluate_space, load_spec
from cposim.link.engine import evaluate
from cposim.link.sweep import evaluate_points, set_path
from cposim.presets import PRESETS


def test_link_target_equals_evaluate_points_with_units_converted():
    spec = load_spec({
        "target": {"kind": "link", "preset": "cpo-mrm-wdm-200g"},
        "parameters": {"link.fiber.length": {"range": ["0.1 km", "2 km"], "steps": 7},
                       "link.implementation_penalty": {"values": ["1 dB", "2.5 dB"]}},
        "outputs": ["margin_db", "energy_pj_per_bit", "ber"],
        "chunk_size": 1000,
    })
    got = evaluate_space(spec)
    lane = PRESETS["cpo-mrm-wdm-200g"].build()
    lengths = np.repeat(np.linspace(100.0, 2000.0, 7), 2)
    penalties = np.tile([1.0, 2.5], 7)
    assert np.array_equal(got["link.fiber.length"], lengths)
    ref = evaluate_points(lane, {"fiber.length_m": lengths, "implementation_penalty_db": penalties})
    for name in ("margin_db", "energy_pj_per_bit", "ber"):
        assert np.array_equal(got[name], ref[name]), name
    # physics: margin falls with length and with the implementation penalty
    m = got["margin_db"].reshape(7, 2)
    assert np.all(np.diff(m, axis=0) < 0)
    assert np.all(m[:, 0] > m[:, 1])


def test_link_target_categories_equal_one_model_per_class():
    spec = load_spec({
        "target": "link",
        "parameters": {"link.source.power_class": ["LP", "MP", "HP"], "link.fiber.length": ["500 m", "1 km"]},
        "outputs": ["margin_db", "module_power_w"],
        "chunk_size": 4,
    })
    got = evaluate_space(spec)
    lane = PRESETS["cpo-mrm-wdm-200g"].build()
    for i in range(spec.space.size):
        model = set_path(set_path(lane, "source.power_class", str(got["link.source.power_class"][i])),
                         "fiber.length_m", float(got["link.fiber.length"][i]))
        r = evaluate(model)
        assert got["margin_db"][i] == pytest.approx(float(r.margin_db), rel=1e-12)
        assert got["module_power_w"][i] == pytest.approx(float(r.energy.module_power_w), rel=1e-12)
    # a higher laser class buys margin (LAS-01 classes are 3 dB apart) and costs module power
    m = got["margin_db"].reshape(3, 2)
    np.testing.assert_allclose(np.diff(m[:, 0]), 3.0, atol=0.05)
    assert np.all(np.diff(got["module_power_w"].reshape(3, 2)[:, 0]) > 0)


def test_architecture_target_equals_compare_sweep_and_evaluate_port():
    from cposim.package import compare_sweep, evaluate_port

    spec = load_spec({
        "target": "architecture",
        "parameters": {"architecture.name": ["cpo-mrm", "dsp-dr", "aec"],
                       "architecture.length": ["2 m", "3 m"],
                       "architecture.host_serdes.energy_growth_per_rate_doubling": [1.1, 1.3]},
        "outputs": ["energy_pj_per_bit", "power_w_per_port", "margin_db", "laser"],
        "chunk_size": 5,
    })
    got = evaluate_space(spec)
    for name in ("cpo-mrm", "dsp-dr"):
        sel = got["architecture.name"] == name
        ref = compare_sweep({"length_m": got["architecture.length"][sel],
                             "host_serdes.energy_growth_per_rate_doubling":
                                 got["architecture.host_serdes.energy_growth_per_rate_doubling"][sel]},
                            architectures=[name])[name]
        for k in ("energy_pj_per_bit", "power_w_per_port", "margin_db", "laser"):
            np.testing.assert_allclose(got[k][sel], ref[k], rtol=1e-12)
    sel = np.flatnonzero(got["architecture.name"] == "aec")
    for i in sel:
        g = float(got["architecture.host_serdes.energy_growth_per_rate_doubling"][i])
        r = evaluate_port("aec", length_m=float(got["architecture.length"][i]),
                          overrides={"host_serdes.energy_growth_per_rate_doubling": g})
        assert got["power_w_per_port"][i] == pytest.approx(float(r.power_w_per_port), rel=1e-12)
        assert got["laser"][i] == 0.0
    # CPO spends less energy per bit than a DSP pluggable at every point (SYS-NV-08/09 direction)
    cpo = got["energy_pj_per_bit"][got["architecture.name"] == "cpo-mrm"]
    dsp = got["energy_pj_per_bit"][got["architecture.name"] == "dsp-dr"]
    assert np.all(cpo < dsp)


def test_fabric_target_equals_cluster():
    from cposim.fabric.cluster import cluster
    from cposim.fabric.topology import FabricSpec

    spec = load_spec({
        "target": "fabric",
        "parameters": {"fabric.option": ["dsp", "cpo"], "fabric.gpus": {"range": [8192, 32768], "step": 8192},
                       "fabric.cost.pue": [1.1, 1.3]},
        "outputs": ["power_mw", "facility_power_mw", "goodput"],
        "chunk_size": 5,
    })
    got = evaluate_space(spec)
    from cposim.fabric.power_cost import CostParams

    for option in ("dsp", "cpo"):
        for pue in (1.1, 1.3):
            sel = (got["fabric.option"] == option) & (got["fabric.cost.pue"] == pue)
            r = cluster(FabricSpec(gpus=got["fabric.gpus"][sel].astype(int)), options=(option,),
                        cost=CostParams(pue=pue)).options[option].summary()
            for k in ("power_mw", "facility_power_mw", "goodput"):
                np.testing.assert_allclose(got[k][sel], r[k], rtol=1e-12)
    # optics power grows with the cluster
    cpo = got["power_mw"][(got["fabric.option"] == "cpo") & (got["fabric.cost.pue"] == 1.1)]
    assert np.all(np.diff(cpo) > 0)


def _spec(**changes):
    doc = {"target": "link", "parameters": {"link.fiber.length": ["1 km"]}}
    doc.update(changes)
    return doc


@pytest.mark.parametrize("doc, field, words", [
    (_spec(parameters={"link.fiber.lenght": ["1 km"]}), "parameters.link.fiber.lenght", "did you mean 'length'"),
    (_spec(parameters={"link.fiber": ["1 km"]}), "parameters.link.fiber", "is a component"),
    (_spec(parameters={"fiber.length": ["1 km"]}), "parameters.fiber.length", "not a link path"),
    (_spec(parameters={"link.source.power_class": ["MP", "XHP"]}), "parameters.link.source.power_class",
     "not allowed"),
    (_spec(parameters={}), "parameters", "non-empty"),
    (_spec(parameters={"link.fiber.length": ["1 km"], "link.fiber.length_m": [5.0]}),
     "parameters.link.fiber.length_m", "same setting as link.fiber.length"),
    (_spec(target="lnk"), "target.kind", "did you mean 'link'"),
    (_spec(target={"kind": "link", "preset": "cpo-mrm"}), "target.preset", "not a built-in preset"),
    (_spec(outputs=["margin"]), "outputs", "did you mean 'margin_db'"),
    (_spec(chunk_size=0), "chunk_size", "whole number"),
    (_spec(analysis={"pareto": {"margin_db": "max"}}), "analysis.pareto", "at least two"),
    (_spec(sampling={"method": "random", "points": 10}), "sampling.seed", "explicit seed"),
    (_spec(paramters={}), "spec.paramters", "did you mean 'parameters'"),
    ({"target": "architecture", "parameters": {"architecture.length": ["800 m"]}}, "parameters.architecture.length",
     "beyond the CPO micro-ring WDM class reach"),
    ({"target": "architecture", "parameters": {"architecture.name": ["lpo"], "architecture.lane_rate": ["400 Gb/s"]}},
     "parameters.architecture.lane_rate", "not modelled"),
    ({"target": "architecture", "parameters": {"architecture.name": ["dac"]}, "outputs": ["ber"]}, "outputs",
     "copper"),
    ({"target": "architecture", "parameters": {"architecture.host_serdes.lane_rate": [1e11]}},
     "parameters.architecture.host_serdes.lane_rate", "not a known setting"),
    ({"target": "fabric", "parameters": {"fabric.option": ["cpo", "copper"]}}, "parameters.fabric.option.values",
     "expected one of"),
    ({"target": "fabric", "parameters": {"fabric.cost.pue": [0.5]}}, "parameters.fabric.cost.pue.values",
     "too small"),
])
def test_bad_specs_name_the_path(doc, field, words):
    with pytest.raises(ConfigError) as err:
        load_spec(doc)
    assert err.value.field == field
    assert words in str(err.value)
