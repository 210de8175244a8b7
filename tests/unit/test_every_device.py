"""One test over every registered device model: builds with defaults, cites existing
sources for every parameter, broadcasts over arrays, and rejects bad input clearly."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import cposim.devices.catalog  # noqa: F401  (imports every device module so all register)
from cposim.devices.base import DEVICE_REGISTRY
from cposim.errors import ConfigError
from cposim.references import all_sources

NAMES = sorted(DEVICE_REGISTRY)


def _numeric_params(cls):
    return {name: info for name, info in cls.parameter_info().items()}


def test_the_catalogue_is_not_empty():
    assert len(NAMES) >= 15


@pytest.mark.parametrize("name", NAMES)
def test_builds_with_defaults_and_cites_known_sources(name):
    cls = DEVICE_REGISTRY[name]
    dev = cls()
    table = all_sources()
    info = _numeric_params(cls)
    assert info, f"{name} declares no parameters with param()"
    for pname, meta in info.items():
        assert meta["sources"], f"{name}.{pname} has no source"
        for sid in meta["sources"]:
            assert sid in table, f"{name}.{pname} cites unknown source {sid}"
        assert meta["unit"] is not None
    assert dev.sources(), f"{name} resolves no sources"
    assert cls.__doc__ and len(cls.__doc__.strip()) > 20


@pytest.mark.parametrize("name", NAMES)
def test_outputs_are_finite_and_broadcast_over_arrays(name):
    cls = DEVICE_REGISTRY[name]
    dev = cls()
    assert cls.outputs, f"{name} lists no outputs"
    scalar = {out: np.asarray(getattr(dev, out), dtype=float) for out in cls.outputs}
    for out, value in scalar.items():
        assert np.all(np.isfinite(value)), f"{name}.{out} is not finite at defaults"
    # turn every float parameter that is not an integer count into a 3-element array around its default
    changes = {}
    for pname, meta in _numeric_params(cls).items():
        if meta["integer"]:
            continue
        d = float(getattr(dev, pname))
        changes[pname] = np.array([d, d, d])
    arr_dev = dataclasses.replace(dev, **changes)
    for out in cls.outputs:
        value = np.asarray(getattr(arr_dev, out), dtype=float)
        ref = scalar[out]
        if value.shape == ref.shape:  # an output that depends on no float parameter
            np.testing.assert_allclose(value, ref, rtol=1e-9)
            continue
        assert value.shape == (3,) + ref.shape, f"{name}.{out}: shape {value.shape}, expected {(3,) + ref.shape}"
        for k in range(3):
            np.testing.assert_allclose(value[k], ref, rtol=1e-9, err_msg=f"{name}.{out}[{k}]")


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "ten", -1e300, 1e300])
def test_rejects_bad_numbers_with_field_name(name, bad):
    cls = DEVICE_REGISTRY[name]
    info = _numeric_params(cls)
    for pname, meta in info.items():
        if isinstance(bad, float) and np.isfinite(bad):
            # absurd magnitudes must be rejected only where the parameter is bounded on that side
            if (bad < 0 and meta["lo"] is None) or (bad > 0 and meta["hi"] is None):
                continue
        with pytest.raises(ConfigError) as info_err:
            cls(**{pname: bad})
        assert f"{cls.__name__}.{pname}" in str(info_err.value)


@pytest.mark.parametrize("name", NAMES)
def test_every_parameter_is_bounded_against_absurd_values(name):
    cls = DEVICE_REGISTRY[name]
    for pname, meta in _numeric_params(cls).items():
        assert meta["lo"] is not None and meta["hi"] is not None, f"{name}.{pname} needs lo and hi"
