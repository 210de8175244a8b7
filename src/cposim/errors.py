"""One exception family for everything cposim raises on purpose.

``ConfigError`` is bad input (a field, the value given and what is allowed);
``PhysicsError`` is a result that cannot be physical (a passive device with gain,
a NaN that escaped a model). The CLI turns both into one line on stderr.
"""

from __future__ import annotations

from typing import Any

import numpy as np


class CposimError(Exception):
    """Base class of every error cposim raises on purpose."""


class ConfigError(CposimError, ValueError):
    """Bad input: names the field, the value given and what is allowed.

    ``field`` is a dotted path (``link.fiber.length``); the scenario loader
    prefixes it with the location in the file, so the user sees the whole path.
    """

    def __init__(self, field: str, value: Any, expected: str, *, unit: str = "") -> None:
        self.field = field
        self.value = value
        self.expected = expected
        self.unit = unit
        super().__init__(self._message())

    def _message(self) -> str:
        shown = _show(self.value)
        unit = f" {self.unit}" if self.unit and _is_number_like(self.value) else ""
        field = self.field if str(self.field).isprintable() else repr(self.field)
        text = f"{field}: {shown}{unit} {self.expected}"
        return " ".join(text.splitlines())

    def __reduce__(self):
        """Picklable (errors raised in worker processes travel back intact)."""
        return (_rebuild_config_error, (self.field, self.value, self.expected, self.unit))

    def with_prefix(self, prefix: str) -> "ConfigError":
        """Return a copy whose field path starts with ``prefix`` (``engine.ring``)."""
        if not prefix:
            return self
        field = f"{prefix}.{self.field}" if self.field else prefix
        return ConfigError(field, self.value, self.expected, unit=self.unit)


def _rebuild_config_error(field: str, value: Any, expected: str, unit: str) -> ConfigError:
    return ConfigError(field, value, expected, unit=unit)


class PhysicsError(CposimError, ArithmeticError):
    """A result that is physically impossible or not a finite number."""


def _is_number_like(value: Any) -> bool:
    if value is None or isinstance(value, (str, bytes, bool)):
        return False
    try:
        np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return False
    return True


def _show(value: Any) -> str:
    """A short, readable rendering of a scalar or an array (its offending element)."""
    if isinstance(value, str):
        return repr(value)
    if not _is_number_like(value):
        return repr(value)
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return f"{float(arr):g}"
    return f"array of shape {arr.shape}"
