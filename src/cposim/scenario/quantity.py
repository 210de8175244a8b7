"""Unit strings at the edge: ``"3.6 dB/cm"``, ``"12 mW"``, ``"1.6 Tb/s"`` -> SI numbers.

A bare number is taken in the field's own SI unit. A string is parsed with pint, except
for decibel units (``dB``, ``dB/m``, ``dBm``, ``dB/Hz``), which are handled here because a
decibel is a ratio and does not scale like a linear unit. Power fields accept dBm and
dBm fields accept watts. Every failure is a ``ConfigError`` naming the field.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

import numpy as np

from cposim.errors import ConfigError
from cposim.units import dbm_to_watt, watt_to_dbm

_NUMBER = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


@lru_cache(maxsize=1)
def _registry():
    import pint

    return pint.UnitRegistry()


_BITRATE = re.compile(r"(?<![A-Za-z])([kMGTP]?)b(?:/s|ps)(?![A-Za-z])")
_SQRT = re.compile(r"(?:sqrt|rt)\(([^()]*)\)")
_BAUD = re.compile(r"(?<![A-Za-z])([kMGTP]?)Bd(?![A-Za-z])")


def _normalise(unit_text: str) -> str:
    """Spell engineering shorthands the way pint reads them (``Tb/s``, ``Gbps``, ``GBd``)."""
    text = _SQRT.sub(lambda m: f"({m.group(1)})**0.5", unit_text).replace("^", "**")
    text = _BITRATE.sub(lambda m: f"{m.group(1)}bit/s", text)
    return _BAUD.sub(lambda m: f"{m.group(1)}Hz", text)


def _pint_factor(field: str, raw: str, unit_text: str, target: str) -> float:
    """Scale factor that converts ``unit_text`` into ``target`` (both linear units)."""
    ureg = _registry()
    import pint

    text = _normalise(unit_text)
    target_text = _normalise(target)
    try:
        q = ureg.Quantity(1.0, text) if text else ureg.Quantity(1.0)
        t = ureg.Quantity(1.0, target_text) if target_text not in ("", "1") else ureg.Quantity(1.0)
        # pint treats bits as dimensionless, so guard the bit-rate / symbol-rate confusion here
        if ("bit" in text) != ("bit" in target_text):
            raise pint.errors.DimensionalityError(text, target_text)
        factor = float(q.to(t.units).magnitude)
    except pint.errors.DimensionalityError:
        raise ConfigError(field, raw, f"has the wrong units; expected {_human(target)}") from None
    except (pint.errors.UndefinedUnitError, AttributeError, TypeError, ValueError, AssertionError, KeyError):
        raise ConfigError(field, raw, f"has a unit cposim does not know; expected {_human(target)}") from None
    except Exception:  # pint raises a variety of parse errors for garbage text
        raise ConfigError(field, raw, f"could not be read as a quantity; expected {_human(target)}") from None
    return factor


def _human(unit: str) -> str:
    return "a plain number" if unit in ("", "1") else f"a value in {unit}"


def _split(field: str, raw: str, target: str) -> tuple[float, str]:
    m = _NUMBER.match(raw)
    if not m:
        raise ConfigError(field, raw, f"is not a number with a unit; expected {_human(target)}, e.g. '3 {target or ''}'".rstrip())
    return float(m.group(1)), m.group(2)


#: Parameter units that are counts or ratios: a value is a plain number.
_DIMENSIONLESS = {"", "-", "1", "symbol", "lane", "octet", "codeword", "bit"}


def parse_quantity(field: str, raw: Any, unit: str) -> float:
    """Convert a scenario value to a float in ``unit`` (the field's SI unit).

    Args:
        field: dotted path shown in errors (``link.fiber.length``).
        raw: a number (taken in ``unit``) or a string with a unit (``"2 km"``).
        unit: the target unit as written in the model's parameter metadata
            (``m``, ``W``, ``dB/m``, ``dBm``, ``A/W``, ``1`` for plain ratios).

    Raises:
        ConfigError: text that is not a quantity, wrong dimensions, NaN/inf.
    """
    unit = "1" if unit in _DIMENSIONLESS else ("Hz" if unit == "Bd" else unit)
    if isinstance(raw, bool) or raw is None:
        raise ConfigError(field, raw, f"is not a number; expected {_human(unit)}")
    if isinstance(raw, (int, float, np.integer, np.floating)):
        value = float(raw)
    elif isinstance(raw, str):
        value = _parse_string(field, raw, unit)
    else:
        raise ConfigError(field, raw, f"is not a number; expected {_human(unit)}")
    if not math.isfinite(value):
        raise ConfigError(field, raw, f"is not finite; expected {_human(unit)}")
    return value


def _parse_string(field: str, raw: str, unit: str) -> float:
    number, unit_text = _split(field, raw, unit)
    if not unit_text:
        return number
    if unit == "dBm":
        if unit_text == "dBm":
            return number
        watts = number * _pint_factor(field, raw, unit_text, "W")
        if watts <= 0:
            raise ConfigError(field, raw, "is not a positive power; cannot express it in dBm")
        return float(watt_to_dbm(watts))
    if unit.startswith("dB"):
        if not unit_text.startswith("dB") or unit_text.startswith("dBm"):
            raise ConfigError(field, raw, f"has the wrong units; expected {_human(unit)}")
        rest_target = unit[2:]
        rest_given = unit_text[2:]
        return number * _ratio_factor(field, raw, rest_given, rest_target)
    if unit_text == "dBm":
        if unit != "W":
            raise ConfigError(field, raw, f"has the wrong units; expected {_human(unit)}")
        return float(dbm_to_watt(number))
    return number * _pint_factor(field, raw, unit_text, unit)


def _ratio_factor(field: str, raw: str, given: str, target: str) -> float:
    """Factor between the denominators of two decibel units (``/cm`` vs ``/m``)."""
    given = given.strip()
    target = target.strip()
    if given == target:
        return 1.0
    if not given.startswith("/") or not target.startswith("/"):
        raise ConfigError(field, raw, f"has the wrong units; expected a value in dB{target}")
    return _pint_factor(field, raw, "1" + given, "1" + target)
