"""WDM micro-ring optical engine designer: from a specification (wavelengths, rate, grid,
fibers, ring targets, thermal environment, laser) to a sourced engine design - ring radius
and coupling, heater power under fabrication spread with cyclic channel assignment, the laser
class the link budget needs, pJ/bit by contributor, shoreline density, fibers and lasers -
and an optimizer over candidate designs with its Pareto front and sensitivity ranking.

Layers: the lane core (:mod:`~cposim.engine.spec`, :mod:`~cposim.engine.ring_design`,
:mod:`~cposim.engine.thermal`, :mod:`~cposim.engine.laser`, :mod:`~cposim.engine.engine_lane`,
:mod:`~cposim.engine.cpo_lane`) uses only devices and link, and is what :mod:`cposim.presets`
builds its CPO lane with (one lane builder for preset, architecture and designer). The
designer on top (:mod:`~cposim.engine.rollup`, :mod:`~cposim.engine.optimizer`,
:mod:`~cposim.engine.plots`) uses the CPO recipe of :mod:`~cposim.engine.recipe` and the
package edge of :mod:`cposim.devices.package_edge`; the engine package imports neither the
presets nor the package layer. This package therefore imports
its modules lazily (on first attribute access), so importing the lane core never pulls in the
designer, and module imports stay acyclic.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "DesignSpace": "cposim.engine.optimizer",
    "OptimizationResult": "cposim.engine.optimizer",
    "optimize": "cposim.engine.optimizer",
    "pareto_mask": "cposim.engine.optimizer",
    "sensitivity_ranking": "cposim.engine.optimizer",
    "EngineDesign": "cposim.engine.rollup",
    "design_engine": "cposim.engine.rollup",
    "DEFAULT_ENGINE_PRESET": "cposim.engine.spec",
    "ENGINE_PRESETS": "cposim.engine.spec",
    "EngineSpec": "cposim.engine.spec",
    "engine_preset": "cposim.engine.spec",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'cposim.engine' has no attribute {name!r}")

__all__ = [
    "DEFAULT_ENGINE_PRESET",
    "DesignSpace",
    "ENGINE_PRESETS",
    "EngineDesign",
    "EngineSpec",
    "OptimizationResult",
    "design_engine",
    "engine_preset",
    "optimize",
    "pareto_mask",
    "sensitivity_ranking",
]
