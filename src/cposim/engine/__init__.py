"""WDM micro-ring optical engine designer: from a specification (wavelengths, rate, grid,
fibers, ring targets, thermal environment, laser) to a sourced engine design - ring radius
and coupling, heater power under fabrication spread with cyclic channel assignment, the laser
class the link budget needs, pJ/bit by contributor, shoreline density, fibers and lasers -
and an optimizer over candidate designs with its Pareto front and sensitivity ranking.

Layer: beside :mod:`cposim.package`; uses devices, link, presets and
:mod:`cposim.package.shoreline`. Only the CLI imports it.
"""

from cposim.engine.optimizer import DesignSpace, OptimizationResult, optimize, pareto_mask, sensitivity_ranking
from cposim.engine.rollup import EngineDesign, design_engine
from cposim.engine.spec import DEFAULT_ENGINE_PRESET, ENGINE_PRESETS, EngineSpec, engine_preset

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
