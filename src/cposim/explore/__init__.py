"""Design-space exploration: sweeps of the link, architecture and fabric models, at scale.

* :mod:`~cposim.explore.space` -- parameters over scenario paths (``link.fiber.length``), units
  at the edge; grid, random and Latin-hypercube sampling with an explicit seed.
* :mod:`~cposim.explore.targets` -- what a sweep evaluates (``link``, ``architecture``,
  ``fabric``), vectorised per batch of points.
* :mod:`~cposim.explore.spec` -- sweep spec files (YAML/TOML), validated once.
* :mod:`~cposim.explore.backends` -- in-process, local processes or Dask, one executor interface.
* :mod:`~cposim.explore.store` -- results chunk by chunk with a manifest; resume after a kill;
  grids as xarray/netCDF, samples as Parquet, units and sources in the attributes.
* :mod:`~cposim.explore.runner` -- :func:`run_sweep` and :func:`evaluate_space`.
* :mod:`~cposim.explore.pareto`, :mod:`~cposim.explore.sensitivity` -- Pareto fronts and
  parameter rankings.

Sources: ``table_cposim_sources_explore.csv`` (CPS-EXP-*).
"""

from cposim.explore.pareto import pareto_front, pareto_mask
from cposim.explore.runner import SweepRun, evaluate_space, run_sweep
from cposim.explore.sensitivity import one_at_a_time, one_at_a_time_spec, rank_parameters
from cposim.explore.spec import SweepSpec, load_spec

__all__ = [
    "SweepRun",
    "SweepSpec",
    "evaluate_space",
    "load_spec",
    "one_at_a_time",
    "one_at_a_time_spec",
    "pareto_front",
    "pareto_mask",
    "rank_parameters",
    "run_sweep",
]
