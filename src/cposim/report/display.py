"""Numbers as text for the report: Python format specs, and engineering prefixes on SI values
(``1.31e-6 m`` -> ``1.31 µm``). Rendering only."""

from __future__ import annotations

import math
from typing import Any

#: Unit symbols that take an SI prefix (the first symbol of a compound unit such as ``m/V``).
PREFIXABLE = ("bit/s", "Bd", "Hz", "ohm", "W", "m", "F", "A", "V", "s", "J")
PREFIXES = ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"), (1.0, ""), (1e-3, "m"), (1e-6, "µ"), (1e-9, "n"),
            (1e-12, "p"), (1e-15, "f"), (1e-18, "a"))
DASH = "–"
#: Units shown as a bare number.
UNITLESS = ("", "1", "-")


def engineering(value: float, unit: str, digits: int = 4) -> str:
    """``value`` (SI, in ``unit``) with the SI prefix that leaves 1 <= |mantissa| < 1000 on the
    unit's first symbol; units that take no prefix are shown as they are."""
    if unit in UNITLESS:
        return f"{value:.{digits}g}"
    base = next((u for u in PREFIXABLE if unit == u or unit.startswith(u + "/") or unit.startswith(u + "^")), None)
    if base is None or value == 0 or not math.isfinite(value):
        return f"{value:.{digits}g} {unit}"
    rest = unit[len(base):]
    shown_base = "Ω" if base == "ohm" else base
    for scale, prefix in PREFIXES:
        if abs(value) >= scale * (1 - 1e-12):
            return f"{value / scale:.{digits}g} {prefix}{shown_base}{rest}"
    scale, prefix = PREFIXES[-1]
    return f"{value / scale:.{digits}g} {prefix}{shown_base}{rest}"


def format_value(value: Any, fmt: str) -> str:
    """``value`` as text: None -> a dash; text as given; numbers by ``fmt`` (a format spec, or
    ``eng:UNIT`` for :func:`engineering`; the unit is then part of the text)."""
    if value is None:
        return DASH
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if fmt.startswith("eng:"):
        return engineering(float(value), fmt[4:])
    if fmt in ("d", ",d"):
        return format(int(round(float(value))), fmt)
    if fmt == "s":
        return str(value)
    return format(float(value), fmt)
