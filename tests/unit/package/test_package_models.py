"""The package-level models (ASIC, package edge, faceplate, copper cable ends): build with
defaults, cite known sources, broadcast, and reject bad numbers naming the field."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from cposim.errors import ConfigError
from cposim.package.copper_port import CopperEnds
from cposim.package.faceplate import Faceplate
from cposim.package.shoreline import PackageEdge
from cposim.package.switch import SwitchAsic
from cposim.references import all_sources

MODELS = [SwitchAsic, PackageEdge, Faceplate, CopperEnds]


@pytest.mark.parametrize("cls", MODELS)
def test_defaults_cite_known_sources(cls):
    table = all_sources()
    info = cls.parameter_info()
    assert info
    for name, meta in info.items():
        assert meta["sources"] and all(s in table for s in meta["sources"]), name
    assert all(s in table for s in cls().source_ids())


@pytest.mark.parametrize("cls", [SwitchAsic, PackageEdge, Faceplate])
def test_outputs_broadcast(cls):
    dev = cls()
    changes = {n: np.array([float(getattr(dev, n))] * 3) for n, m in cls.parameter_info().items() if not m["integer"]}
    arr = dataclasses.replace(dev, **changes)
    for out in cls.outputs:
        ref = np.asarray(getattr(dev, out), dtype=float)
        val = np.asarray(getattr(arr, out), dtype=float)
        np.testing.assert_allclose(val, np.broadcast_to(ref, val.shape))


@pytest.mark.parametrize("cls", MODELS)
@pytest.mark.parametrize("bad", [float("nan"), "ten", -1e300])
def test_bad_numbers_name_the_field(cls, bad):
    for name, meta in cls.parameter_info().items():
        if bad == -1e300 and meta["lo"] is None:
            continue
        with pytest.raises(ConfigError) as err:
            cls(**{name: bad})
        assert f"{cls.__name__}.{name}" in str(err.value)
