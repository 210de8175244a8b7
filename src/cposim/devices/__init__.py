"""Device library: one family per module, each a frozen dataclass with sourced defaults."""

from cposim.devices.base import DEVICE_REGISTRY, Device, Model, param, register_device

__all__ = ["DEVICE_REGISTRY", "Device", "Model", "param", "register_device"]
