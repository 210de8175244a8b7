"""The share of device defaults resting on published figures, derived rows or estimates."""

from __future__ import annotations

from cposim.devices.base import DEVICE_REGISTRY
from cposim.devices.ring_modulator import RingModulator
from cposim.devices.source_coverage import classify_default, device_source_coverage
from cposim.devices.tia import TransimpedanceAmplifier


def test_every_numeric_device_default_is_counted_once():
    c = device_source_coverage()
    expected = sum(len(cls.parameter_info()) for cls in DEVICE_REGISTRY.values())
    assert c.total == expected and min(c.published, c.derived, c.estimate) > 0
    assert c.estimate_share == c.estimate / c.total


def test_known_defaults_are_classified_by_their_rows():
    # DEV-09 (83 pm/K, a measured figure, confidence high) against CPS-TIA-01 (the 45 GHz
    # noise bandwidth assumed for the DEV-40 TIA, confidence estimate)
    assert classify_default(RingModulator, "thermal_shift_m_per_k") == "published"
    assert classify_default(TransimpedanceAmplifier, "bandwidth_hz") == "estimate"
