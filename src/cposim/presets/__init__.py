"""Built-in presets: whole lanes built bottom-up from device models, every number cited."""

from cposim.presets.lanes import PRESETS, Preset, get_preset, preset_names

__all__ = ["PRESETS", "Preset", "get_preset", "preset_names"]
