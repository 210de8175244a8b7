"""Equalizer math shared by the electrical channel models and the time-domain signal chain.

Pure functions on NumPy arrays (no channel or device knowledge):

* :mod:`cposim.equalization.ctle` -- the continuous-time linear equalizer of IEEE 802.3
  Annex 93A (eq. 93A-22, with the low-frequency ``g_DC2`` stage added by 802.3ck/dj), its
  frequency response and a digital (bilinear, prewarped) version for ``scipy.signal.sosfilt``.
* :mod:`cposim.equalization.ffe` -- symbol-spaced (T-spaced) feed-forward equalizers:
  sampling a pulse response, the constrained MMSE solution, applying taps to a pulse.
* :mod:`cposim.equalization.dfe` -- decision-feedback equalizer taps from a pulse response,
  residual ISI with tap limits, and a symbol-by-symbol DFE slicer.

Conventions (pinned by ``tests/unit/electrical/test_equalization_*.py``): a T-spaced FFE with
``n_taps`` taps of which ``n_pre`` are pre-cursor taps maps a sampled pulse ``h[k]`` (``k`` in
UI relative to the main cursor) to ``q[m] = sum_i c[i] h[m + n_pre - i]``; the main tap is
``c[n_pre]``. Decision-feedback taps are post-cursor samples ``h[1..n]``.
"""

from cposim.equalization.ctle import ctle_response, ctle_sos
from cposim.equalization.dfe import dfe_equalize, dfe_residual, dfe_taps_from_pulse
from cposim.equalization.ffe import apply_ffe, mmse_ffe_from_samples, mmse_ffe_taps, t_spaced_samples

__all__ = [
    "apply_ffe",
    "ctle_response",
    "ctle_sos",
    "dfe_equalize",
    "dfe_residual",
    "dfe_taps_from_pulse",
    "mmse_ffe_from_samples",
    "mmse_ffe_taps",
    "t_spaced_samples",
]
