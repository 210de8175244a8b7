"""The one-call roll-up: consistency between summary, inventory, power, reliability and goodput."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.fabric.aux_fabric import AuxFabric
from cposim.fabric.cluster import cluster
from cposim.fabric.step_time import Workload
from cposim.fabric.topology import FabricSpec

REQUIRED = {"option", "switches", "links", "modules", "optical_engines", "lasers", "fibers", "power_mw",
            "interruptions_per_day", "goodput"}


def test_summary_has_the_promised_keys_and_consistent_numbers():
    r = cluster(FabricSpec(gpus=16384), workload=Workload())
    d = r.as_dict()
    assert set(d["fabric"]["switches"]) == {"leaf", "spine", "core"}
    for o in d["options"]:
        assert REQUIRED <= set(o)
        assert 0 < o["goodput"] <= o["ettr"] < 1
    for name, o in r.options.items():
        assert float(o.power.optics_w) == pytest.approx(float(o.inventory.optics_power_w))
        assert o.summary()["power_mw"] == pytest.approx(float(o.inventory.optics_power_w) / 1e6)


def test_goodput_without_a_workload_is_ettr():
    r = cluster(FabricSpec(gpus=4096), options=("dsp",))
    o = r.options["dsp"]
    assert float(o.goodput) == float(o.reliability.ettr) and o.step is None


def test_arrays_of_gpu_counts_broadcast_through_the_roll_up():
    counts = np.array([1024, 16384, 262144])
    r = cluster(FabricSpec(gpus=counts), options=("dsp", "cpo"))
    for i, n in enumerate(counts):
        one = cluster(FabricSpec(gpus=int(n)), options=("dsp", "cpo"))
        for name in ("dsp", "cpo"):
            a, b = r.options[name].summary(), one.options[name].summary()
            for key in ("switches", "modules", "lasers", "power_mw", "interruptions_per_day", "goodput"):
                assert a[key][i] == pytest.approx(b[key])


def test_auxiliary_fabrics_are_counted_apart():
    r = cluster(FabricSpec(gpus=16384), options=("dsp",), aux_fabrics=(AuxFabric(), AuxFabric(name="storage")))
    fe = r.aux[0].as_dict()
    assert fe["sizing"]["nodes"] == 2048 and fe["sizing"]["links"]["node-leaf"] == 2 * 2048
    assert fe["sizing"]["oversubscription_total"] == 3.0
    assert fe["inventory"]["network_power_w"] > 0
    assert r.as_dict()["aux_fabrics"][1]["name"] == "storage"
