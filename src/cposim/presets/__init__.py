"""Built-in presets: whole lanes built bottom-up from device models, every number cited.

``PRESETS`` joins the foundation lanes (:mod:`cposim.presets.lanes`) and the extra lanes
the architecture comparison uses (:mod:`cposim.presets.architecture_lanes`).
"""

from __future__ import annotations

import difflib

from cposim.errors import ConfigError
from cposim.presets.architecture_lanes import ARCHITECTURE_PRESETS
from cposim.presets.lanes import DEFAULT_PRESET, Preset
from cposim.presets.lanes import PRESETS as LANE_PRESETS

PRESETS: dict[str, Preset] = {**LANE_PRESETS, **ARCHITECTURE_PRESETS}


def preset_names() -> list[str]:
    """Names of every built-in preset."""
    return list(PRESETS)


def get_preset(name: str) -> Preset:
    """The preset called ``name``; a ConfigError with the valid names otherwise."""
    if name not in PRESETS:
        close = difflib.get_close_matches(name, list(PRESETS), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ConfigError("preset", name, f"is not a built-in preset{hint} (valid: {', '.join(PRESETS)})")
    return PRESETS[name]


__all__ = ["DEFAULT_PRESET", "PRESETS", "Preset", "get_preset", "preset_names"]
