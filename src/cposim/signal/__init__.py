"""Time-domain link simulation: PRBS and PAM4 patterns, drive waveforms, modulator dynamics
(MZM, EAM, micro-ring coupled-mode theory), fiber dispersion, WDM demux crosstalk, receiver
noise, eye-centre decisions and error counting, streamed in chunks with results identical
for any chunk size.

Entry points (imported on first use, so ``import cposim.signal`` stays light):
:func:`simulate`, :func:`stream`, :class:`LinkSimulation`, :class:`SimulationResult`
(:mod:`cposim.signal.pipeline`), :class:`DriveSettings` (:mod:`cposim.signal.waveform`) and
:class:`ReceiverSettings` (:mod:`cposim.signal.receiver`).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_LAZY = {
    "simulate": "cposim.signal.pipeline",
    "stream": "cposim.signal.pipeline",
    "LinkSimulation": "cposim.signal.pipeline",
    "SimulationResult": "cposim.signal.pipeline",
    "DriveSettings": "cposim.signal.waveform",
    "ReceiverSettings": "cposim.signal.receiver",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'cposim.signal' has no attribute {name!r}")
