"""Evaluate a lane over many design points in one call, chunk by chunk (bounded memory).

``evaluate_points(lane, {"fiber.length_m": lengths, "source.output_power_w": powers})``
sets each named parameter (a dotted path into the lane) to a 1-D array of N values and
returns 1-D result arrays of length N. With ``grid=True`` the arrays are axes of a full
factorial grid of ``prod(len)`` points, generated chunk by chunk, never all at once.
Peak memory is set by ``chunk_size``, not by N.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import numpy as np

from cposim.devices.base import set_path  # noqa: F401  (re-exported: cposim.link.sweep.set_path)
from cposim.errors import ConfigError
from cposim.link.engine import LaneResult, evaluate
from cposim.link.lane import Lane

#: Result fields a sweep returns by default (all per point).
DEFAULT_OUTPUTS: dict[str, Callable[[LaneResult], Any]] = {
    "ber": lambda r: r.ber,
    "margin_db": lambda r: r.margin_db,
    "received_oma_dbm": lambda r: r.received_oma_dbm,
    "energy_pj_per_bit": lambda r: r.energy_pj_per_bit,
    "module_power_w": lambda r: r.energy.module_power_w,
}


def evaluate_points(
    lane: Lane,
    values: Mapping[str, Any],
    *,
    grid: bool = False,
    chunk_size: int = 65536,
    outputs: Mapping[str, Callable[[LaneResult], Any]] | None = None,
) -> dict[str, np.ndarray]:
    """Evaluate ``lane`` at many design points; returns output name -> 1-D float array.

    Args:
        lane: the base lane (a preset or a scenario's lane).
        values: parameter path -> 1-D array; equal lengths unless ``grid``.
        grid: treat the arrays as axes of a full factorial grid (C order).
        chunk_size: points evaluated per engine call (bounds peak memory).
        outputs: name -> function of a :class:`LaneResult`; default :data:`DEFAULT_OUTPUTS`.
    """
    outputs = dict(outputs or DEFAULT_OUTPUTS)
    axes = {k: np.asarray(v, dtype=float).ravel() for k, v in values.items()}
    if not axes:
        raise ConfigError("values", values, "is empty; name at least one parameter to sweep")
    sizes = [a.size for a in axes.values()]
    if grid:
        total = int(np.prod(sizes))
    else:
        if len(set(sizes)) != 1:
            raise ConfigError("values", sizes, "have different lengths; give equal lengths or use grid=True")
        total = sizes[0]
    if chunk_size < 1:
        raise ConfigError("chunk_size", chunk_size, "must be >= 1")
    result = {name: np.empty(total) for name in outputs}
    for start in range(0, total, chunk_size):
        stop = min(start + chunk_size, total)
        if grid:
            idx = np.unravel_index(np.arange(start, stop), sizes)
            chunk = {k: a[i] for (k, a), i in zip(axes.items(), idx)}
        else:
            chunk = {k: a[start:stop] for k, a in axes.items()}
        model = lane
        for path, arr in chunk.items():
            model = set_path(model, path, arr)
        res = evaluate(model)
        for name, fn in outputs.items():
            result[name][start:stop] = np.broadcast_to(np.asarray(fn(res), dtype=float), (stop - start,))
    return result
