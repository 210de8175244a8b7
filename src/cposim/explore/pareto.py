"""Pareto fronts over any number of objectives, each minimised or maximised (CPS-EXP-05).

A point is on the front when no other point is at least as good in every objective and
strictly better in one. Points are scanned in lexicographic order (a point can only be
dominated by one that sorts before it), in blocks: each block is checked against the front
found so far, then against itself. Identical points are all kept (none dominates another).
Memory is bounded by ``block x slice x objectives`` booleans, not ``N x N``; two objectives use
an O(N log N) sweep instead.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from cposim.errors import ConfigError

SENSES = ("min", "max")
BLOCK = 512
#: Front rows compared at once (bounds memory at BLOCK x FRONT_SLICE x objectives booleans).
FRONT_SLICE = 4096


def _as_min_matrix(objectives: Mapping[str, np.ndarray] | np.ndarray,
                   senses: Mapping[str, str] | Sequence[str]) -> np.ndarray:
    if isinstance(objectives, Mapping):
        names = list(objectives)
        if isinstance(senses, Mapping):
            missing = [k for k in names if k not in senses]
            if missing:
                raise ConfigError("senses", missing[0], "has no sense; expected min or max for every objective")
            sense_list = [senses[k] for k in names]
        else:
            sense_list = list(senses)
        cols = [np.asarray(objectives[k], dtype=float).ravel() for k in names]
        sizes = {c.size for c in cols}
        if len(sizes) > 1:
            raise ConfigError("objectives", sorted(sizes), "have different lengths")
        matrix = np.column_stack(cols) if cols else np.empty((0, 0))
    else:
        matrix = np.asarray(objectives, dtype=float)
        if matrix.ndim != 2:
            raise ConfigError("objectives", matrix.shape, "must be a 2-D array (points x objectives)")
        sense_list = list(senses.values()) if isinstance(senses, Mapping) else list(senses)
    if matrix.shape[1] < 1:
        raise ConfigError("objectives", matrix.shape, "has no objective")
    if len(sense_list) != matrix.shape[1]:
        raise ConfigError("senses", sense_list, f"has {len(sense_list)} entries; expected {matrix.shape[1]}")
    for s in sense_list:
        if s not in SENSES:
            raise ConfigError("senses", s, "is not min or max")
    if not np.all(np.isfinite(matrix)):
        raise ConfigError("objectives", "NaN/inf", "hold values that are not finite")
    signs = np.array([1.0 if s == "min" else -1.0 for s in sense_list])
    return matrix * signs


def _dominated_by_any(block: np.ndarray, others: np.ndarray) -> np.ndarray:
    """For each row of ``block``: is it dominated by any row of ``others``? (minimisation)"""
    out = np.zeros(block.shape[0], dtype=bool)
    for start in range(0, others.shape[0], FRONT_SLICE):
        part = others[start:start + FRONT_SLICE]
        le = np.all(part[None, :, :] <= block[:, None, :], axis=2)
        lt = np.any(part[None, :, :] < block[:, None, :], axis=2)
        out |= np.any(le & lt, axis=1)
    return out


def _front_2d(a: np.ndarray) -> np.ndarray:
    """Two objectives in O(N log N): after a lexicographic sort, a point is on the front when it
    is the best second objective of its first-objective tie group and strictly better in the
    second objective than every point with a smaller first objective."""
    order = np.lexsort((a[:, 1], a[:, 0]))
    x, y = a[order, 0], a[order, 1]
    starts = np.flatnonzero(np.r_[True, x[1:] != x[:-1]])
    group = np.cumsum(np.r_[True, x[1:] != x[:-1]]) - 1
    group_min = y[starts]
    before = np.r_[np.inf, np.minimum.accumulate(group_min)[:-1]]
    on = (y == group_min[group]) & (y < before[group])
    mask = np.zeros(a.shape[0], dtype=bool)
    mask[order[on]] = True
    return mask


def pareto_mask(objectives: Mapping[str, np.ndarray] | np.ndarray,
                senses: Mapping[str, str] | Sequence[str]) -> np.ndarray:
    """Boolean mask of the points on the Pareto front.

    Args:
        objectives: name -> 1-D array (equal lengths), or a points x objectives array.
        senses: ``min`` or ``max`` per objective (a mapping by name, or a sequence in order).

    Raises:
        ConfigError: unknown sense, lengths that differ, NaN or inf.
    """
    a = _as_min_matrix(objectives, senses)
    n = a.shape[0]
    mask = np.zeros(n, dtype=bool)
    if n == 0:
        return mask
    if a.shape[1] == 2:
        return _front_2d(a)
    if a.shape[1] == 1:
        return a[:, 0] == a[:, 0].min()
    order = np.lexsort(a.T[::-1])
    front = np.empty((0, a.shape[1]))
    for start in range(0, n, BLOCK):
        idx = order[start:start + BLOCK]
        block = a[idx]
        keep = ~_dominated_by_any(block, front)
        idx, block = idx[keep], block[keep]
        keep = ~_dominated_by_any(block, block)
        idx, block = idx[keep], block[keep]
        mask[idx] = True
        front = np.concatenate([front, block])
    return mask


def pareto_front(objectives: Mapping[str, np.ndarray], senses: Mapping[str, str]) -> np.ndarray:
    """Indices of the front's points, sorted by the first objective (best first)."""
    mask = pareto_mask(objectives, senses)
    idx = np.flatnonzero(mask)
    first = next(iter(objectives))
    key = np.asarray(objectives[first], dtype=float)[idx]
    return idx[np.argsort(key if senses[first] == "min" else -key, kind="stable")]
