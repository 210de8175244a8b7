"""The ``simulate:`` section of a scenario: run length and settings of the time-domain
simulator, validated at the edge like every other section.

Example::

    simulate:
      symbols: 1048576
      samples_per_symbol: 16
      chunk_symbols: 65536
      seed: 7
      received_power: -8 dBm
      pattern: prbs31
      rx_ffe_taps: 9              # trained, then decision-directed LMS receiver FFE (0 = none;
      rx_ffe_pre: 3               #   default: the lane's rx_ffe_taps / rx_ffe_precursors)
      rx_ffe_training_symbols: 16384
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Mapping

from cposim.errors import ConfigError
from cposim.scenario.quantity import parse_quantity
from cposim.validation import check_number


@dataclass(frozen=True)
class SimulateSettings:
    """Run settings of ``cposim simulate`` (SI units; received power in dBm, None = budget;
    receiver FFE taps and precursors None = the lane's own receiver, as the analytic engine)."""

    symbols: int = 2**16
    samples_per_symbol: int = 16
    chunk_symbols: int = 2**16
    seed: int = 0
    received_power_dbm: float | None = None
    pattern: str = "prbs31"
    rx_ffe_taps: int | None = None
    rx_ffe_pre: int | None = None
    rx_ffe_training_symbols: int | None = None


_KEYS = {
    "symbols": "symbols",
    "samples_per_symbol": "samples_per_symbol",
    "chunk_symbols": "chunk_symbols",
    "seed": "seed",
    "received_power": "received_power_dbm",
    "received_power_dbm": "received_power_dbm",
    "pattern": "pattern",
    "rx_ffe_taps": "rx_ffe_taps",
    "rx_ffe_pre": "rx_ffe_pre",
    "rx_ffe_training_symbols": "rx_ffe_training_symbols",
}


def simulate_settings(section: Any, *, base: SimulateSettings | None = None) -> SimulateSettings:
    """Validate a ``simulate:`` mapping into :class:`SimulateSettings` (unknown keys rejected)."""
    out = dict((base or SimulateSettings()).__dict__)
    if section is None:
        return SimulateSettings(**out)
    if not isinstance(section, Mapping):
        raise ConfigError("simulate", section, "must be a mapping of settings (key: value)")
    for key, raw in section.items():
        if key not in _KEYS:
            close = difflib.get_close_matches(str(key), list(_KEYS), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConfigError(f"simulate.{key}", key, f"is not a known setting{hint} (valid: {', '.join(_KEYS)})")
        name = _KEYS[key]
        where = f"simulate.{key}"
        if name == "pattern":
            if not isinstance(raw, str):
                raise ConfigError(where, raw, "is not text; expected a pattern name such as prbs31 or qprbs13")
            out[name] = raw
        elif name == "received_power_dbm":
            out[name] = None if raw is None else parse_quantity(where, raw, "dBm")
        else:
            if isinstance(raw, bool) or not isinstance(raw, int):
                raise ConfigError(where, raw, "is not a whole number")
            hi = {"symbols": 2**34, "samples_per_symbol": 256, "chunk_symbols": 2**22, "seed": 2**63 - 1,
                  "rx_ffe_taps": 64, "rx_ffe_pre": 63, "rx_ffe_training_symbols": 2**30}[name]
            lo = {"symbols": 1, "samples_per_symbol": 2, "chunk_symbols": 1, "seed": 0,
                  "rx_ffe_taps": 0, "rx_ffe_pre": 0, "rx_ffe_training_symbols": 0}[name]
            out[name] = int(check_number(where, raw, lo=lo, hi=hi, integer=True))
    return SimulateSettings(**out)
