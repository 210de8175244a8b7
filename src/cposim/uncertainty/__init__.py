"""Uncertainty on headline numbers: the estimate rows' ranges propagated by seeded Monte Carlo.

:func:`run_uncertainty` re-runs a headline under sampled estimate rows and reports medians,
5/95 % bounds and the rows that drive each number; :mod:`cposim.uncertainty.headlines` holds
the headline functions of ``link``, ``compare``, ``switch``, ``engine`` and ``fabric``.
This layer sits above every model layer and below the CLI and the report.
"""

from cposim.uncertainty.montecarlo import MAX_SAMPLES, Bounds, UncertaintyResult, check_samples, run_uncertainty

__all__ = ["MAX_SAMPLES", "Bounds", "UncertaintyResult", "check_samples", "run_uncertainty"]
