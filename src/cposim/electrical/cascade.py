"""Cascading 2-port channel segments: skrf Networks and batched S-matrix arrays.

:func:`cascade` chains :class:`skrf.Network` objects with skrf's own ``**`` operator.
:func:`cascade_s` does the same on S-matrix arrays of shape ``(..., n_freq, 2, 2)`` whose
leading axes broadcast (e.g. one host channel and a sweep of cable lengths): the arrays are
flattened and joined with ``skrf.network.connect_s`` (port 2 of the left segment to port 1
of the right one), so the connection algebra is skrf's.

Matched segments (no reflections) multiply their ``S21``; their losses in dB add. Segments
with reflections interact, which the full S-matrix connection accounts for.
"""

from __future__ import annotations

from functools import reduce
from typing import Any

import numpy as np
import skrf
from skrf.network import connect_s

from cposim.electrical.frequency import to_network
from cposim.errors import ConfigError

__all__ = ["cascade", "cascade_s", "reverse_s", "s_network"]


def cascade(*networks: skrf.Network) -> skrf.Network:
    """Chain 2-port Networks left to right (port 2 of each to port 1 of the next)."""
    if not networks:
        raise ConfigError("networks", (), "is empty; give at least one Network")
    for k, n in enumerate(networks):
        if not isinstance(n, skrf.Network) or n.nports != 2:
            raise ConfigError(f"networks[{k}]", type(n).__name__, "must be a 2-port skrf.Network")
    return reduce(lambda a, b: a**b, networks)


def _pair(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    shape = np.broadcast_shapes(a.shape, b.shape)
    if shape[-2:] != (2, 2):
        raise ConfigError("s", shape, "must end in (2, 2) (2-port S-matrices)")
    a_flat = np.broadcast_to(a, shape).reshape(-1, 2, 2)
    b_flat = np.broadcast_to(b, shape).reshape(-1, 2, 2)
    return connect_s(a_flat, 1, b_flat, 0).reshape(shape)


def cascade_s(*s_arrays: Any) -> np.ndarray:
    """Chain S-matrix arrays ``(..., n_freq, 2, 2)`` left to right; leading axes broadcast."""
    if not s_arrays:
        raise ConfigError("s_arrays", (), "is empty; give at least one S-matrix array")
    arrays = [np.asarray(s, dtype=complex) for s in s_arrays]
    return reduce(_pair, arrays)


def reverse_s(s: Any) -> np.ndarray:
    """The same 2-port seen from the other side (ports swapped)."""
    s = np.asarray(s, dtype=complex)
    return s[..., ::-1, ::-1].copy()


def s_network(frequency_hz: Any, s: Any, *, name: str = "") -> skrf.Network:
    """Wrap one S-matrix array ``(n_freq, 2, 2)`` as a Network (alias of ``to_network``)."""
    return to_network(frequency_hz, s, name=name)
