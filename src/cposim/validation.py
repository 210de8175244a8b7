"""Input checks shared by every model: finite numbers inside an allowed range.

Each check names the field, shows the value and says what is allowed, e.g.
``Fiber.length_m: -3 m is negative; expected >= 0 m``. Nothing is clamped.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cposim.errors import ConfigError


def _fmt(x: float) -> str:
    return f"{x:g}"


def check_number(
    field: str,
    value: Any,
    *,
    unit: str = "",
    lo: float | None = None,
    hi: float | None = None,
    lo_open: bool = False,
    hi_open: bool = False,
    integer: bool = False,
) -> float | np.ndarray:
    """Return ``value`` as a float (scalar) or float array after checking it.

    Args:
        field: dotted name shown in the error (``RingModulator.radius_m``).
        value: a number or array-like of numbers.
        unit: unit shown after values in messages (SI, e.g. ``m``).
        lo, hi: allowed bounds (inclusive unless ``lo_open``/``hi_open``).
        integer: require whole numbers.

    Raises:
        ConfigError: text instead of a number, NaN or inf, out of range, not whole.
    """
    if isinstance(value, (bool, np.bool_)) or isinstance(value, (str, bytes)):
        raise ConfigError(field, value, f"is not a number; expected a number{_unit_word(unit)}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ConfigError(field, value, f"is not a number; expected a number{_unit_word(unit)}") from None
    if arr.dtype == object:
        raise ConfigError(field, value, "is not a number")
    u = f" {unit}" if unit else ""
    if not np.all(np.isfinite(arr)):
        bad = arr[~np.isfinite(arr)].flat[0] if arr.ndim else float(arr)
        raise ConfigError(field, bad, f"is not finite; expected a finite number{_unit_word(unit)}")
    if lo is not None:
        bad_mask = arr <= lo if lo_open else arr < lo
        if np.any(bad_mask):
            bad = arr[bad_mask].flat[0] if arr.ndim else float(arr)
            op = ">" if lo_open else ">="
            word = "is negative" if (lo == 0 and bad < 0) else "is too small"
            raise ConfigError(field, bad, f"{word}; expected {op} {_fmt(lo)}{u}{_range_tail(hi, hi_open, u)}", unit=unit)
    if hi is not None:
        bad_mask = arr >= hi if hi_open else arr > hi
        if np.any(bad_mask):
            bad = arr[bad_mask].flat[0] if arr.ndim else float(arr)
            op = "<" if hi_open else "<="
            raise ConfigError(field, bad, f"is too large; expected {op} {_fmt(hi)}{u}{_range_head(lo, lo_open, u)}", unit=unit)
    if integer and np.any(arr != np.round(arr)):
        bad = arr[arr != np.round(arr)].flat[0] if arr.ndim else float(arr)
        raise ConfigError(field, bad, "is not a whole number; expected an integer")
    return float(arr) if arr.ndim == 0 else arr


def _unit_word(unit: str) -> str:
    return f" in {unit}" if unit else ""


def _range_tail(hi: float | None, hi_open: bool, u: str) -> str:
    if hi is None:
        return ""
    return f" and {'<' if hi_open else '<='} {_fmt(hi)}{u}"


def _range_head(lo: float | None, lo_open: bool, u: str) -> str:
    if lo is None:
        return ""
    return f" and {'>' if lo_open else '>='} {_fmt(lo)}{u}"


def check_choice(field: str, value: Any, choices: tuple[str, ...] | list[str]) -> str:
    """Return ``value`` if it is one of ``choices``; otherwise a ConfigError listing them."""
    if not isinstance(value, str) or value not in choices:
        import difflib

        hint = ""
        if isinstance(value, str):
            close = difflib.get_close_matches(value, list(choices), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConfigError(field, value, f"is not allowed; expected one of {', '.join(choices)}{hint}")
    return value


def require_finite(name: str, value: Any) -> Any:
    """Raise PhysicsError if a computed result holds NaN or inf; return it unchanged."""
    from cposim.errors import PhysicsError

    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)):
        raise PhysicsError(f"{name}: result is not finite (NaN or inf); check the inputs")
    return value
