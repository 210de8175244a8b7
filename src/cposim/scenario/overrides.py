"""Apply a nested mapping of scenario overrides to a validated model, strictly.

Keys are parameter names (``length_m``) or their unit-free aliases (``length``);
values are numbers in SI or strings with units. A nested mapping overrides a nested
model; ``type: NAME`` swaps a component for another registered device. An unknown key
is rejected with the closest valid name; a bad value with its path, value and range.
"""

from __future__ import annotations

import dataclasses
import difflib
from typing import Any, Mapping

from cposim.devices.base import DEVICE_REGISTRY, Model
from cposim.errors import ConfigError
from cposim.scenario.quantity import parse_quantity

#: Source id recorded for every value a user's scenario file sets.
USER_SOURCE_ID = "USER"

#: Unit-carrying suffixes that a scenario key may leave out (longest first).
_SUFFIXES = (
    "_a_per_sqrt_hz", "_a_per_rthz", "_db_per_hz", "_db_per_m_per_hz", "_j_per_bit", "_s_per_m3", "_db_per_m", "_db_per_km", "_pj_per_bit", "_ps_per_nm_km",
    "_s_per_m2", "_m_per_k", "_m_per_w", "_m_per_v", "_a_per_w", "_w_per_k", "_bps", "_dbm",
    "_db", "_hz", "_v_m", "_ohm", "_rad", "_m", "_w", "_s", "_k", "_v", "_a", "_f", "_j",
)


def _alias(name: str) -> str | None:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return None


def field_names(model: Model) -> dict[str, str]:
    """Accepted scenario keys of ``model`` -> dataclass field name (names and aliases)."""
    keys: dict[str, str] = {}
    fields = [f for f in dataclasses.fields(model) if f.init and not f.metadata.get("bookkeeping")]
    for f in fields:
        keys[f.name] = f.name
    for f in fields:
        alias = _alias(f.name)
        if alias and alias not in keys:
            keys[alias] = f.name
    return keys


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _unknown_key(path: str, key: Any, allowed: list[str]) -> ConfigError:
    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    shown = ", ".join(sorted(allowed))
    return ConfigError(_join(path, str(key)), key, f"is not a known setting{hint} (valid: {shown})")


def apply_overrides(model: Model, overrides: Mapping[str, Any], path: str) -> Model:
    """Return a copy of ``model`` with ``overrides`` applied and validated.

    Args:
        model: the preset's model (a device, a lane...).
        overrides: mapping of scenario keys to values or nested mappings.
        path: dotted location of ``model`` in the scenario (for messages).

    Raises:
        ConfigError: unknown key (with suggestion), wrong type, bad unit, out of range.
    """
    if not isinstance(overrides, Mapping):
        raise ConfigError(path, overrides, "must be a mapping of settings (key: value)")
    overrides = dict(overrides)
    if "type" in overrides:
        model = _swap_type(model, overrides.pop("type"), path)
    keys = field_names(model)
    fields = {f.name: f for f in dataclasses.fields(model)}
    changes: dict[str, Any] = {}
    for key, raw in overrides.items():
        if not isinstance(key, str) or key not in keys:
            raise _unknown_key(path, key, list(keys))
        name = keys[key]
        where = _join(path, key)
        if name in changes:
            raise ConfigError(where, raw, f"sets {name!r} a second time (use one spelling)")
        changes[name] = _convert(model, fields[name], raw, where)
    cited = dict(model.cited)
    cited.update({name: (USER_SOURCE_ID,) for name in changes if not isinstance(changes[name], Model)})
    try:
        return dataclasses.replace(model, cited=cited, **changes)
    except ConfigError as err:
        raise _relocate(err, path, keys) from None


def _convert(model: Model, f: dataclasses.Field, raw: Any, where: str) -> Any:
    current = getattr(model, f.name)
    if isinstance(current, Model):
        if isinstance(raw, str):
            return _swap_type(current, raw, where)
        return apply_overrides(current, raw, where)
    if "unit" in f.metadata:
        return parse_quantity(where, raw, f.metadata["unit"])
    if isinstance(current, bool):
        if not isinstance(raw, bool):
            raise ConfigError(where, raw, "is not true or false")
        return raw
    if isinstance(current, str):
        if not isinstance(raw, str):
            raise ConfigError(where, raw, "is not text; expected one of the names listed by `cposim presets`")
        return raw
    if isinstance(current, int) and not isinstance(current, bool):
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ConfigError(where, raw, "is not a whole number")
        return raw
    raise ConfigError(where, raw, "cannot be set from a scenario file")


def _swap_type(model: Model, name: Any, path: str) -> Model:
    if not isinstance(name, str) or name not in DEVICE_REGISTRY:
        names = sorted(DEVICE_REGISTRY)
        close = difflib.get_close_matches(str(name), names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ConfigError(_join(path, "type"), name, f"is not a known device{hint} (valid: {', '.join(names)})")
    cls = DEVICE_REGISTRY[name]
    if type(model) is cls:
        return model
    role = getattr(type(model), "role", None)
    if role is not None and getattr(cls, "role", None) != role:
        compatible = sorted(n for n, c in DEVICE_REGISTRY.items() if getattr(c, "role", None) == role)
        raise ConfigError(_join(path, "type"), name, f"cannot play the role {role!r}; expected one of {', '.join(compatible)}")
    return cls()


def _relocate(err: ConfigError, path: str, keys: dict[str, str]) -> ConfigError:
    """Rewrite ``ClassName.field`` in a model's error to the scenario path of the field."""
    field = err.field.split(".", 1)[-1] if "." in err.field else err.field
    reverse = {v: k for k, v in keys.items() if k != v}
    shown = reverse.get(field, field)
    return ConfigError(_join(path, shown), err.value, err.expected, unit=err.unit)
