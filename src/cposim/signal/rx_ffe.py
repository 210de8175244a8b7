"""A trained, then decision-directed, LMS receiver FFE on the symbol-rate samples of the
simulator, with error counting aligned to its decision delay.

Samples are normalised to the level spacing before adaptation (so the LMS step size is
independent of the received power), the first ``training_symbols`` adapt against the known
transmitted levels and the rest adapt on decisions. Errors are counted only after training.
Every chunk is split at the training boundary, so results do not depend on the chunk size.

Slicer: like a real receiver's adaptive slicer levels, the thresholds are placed between the
equalised level means measured over the training symbols (sigma-weighted, as the link
engine's :func:`cposim.link.ber.ber_pam` places them), so a modulator whose levels are not
equally spaced (a micro-ring's compressed transfer) is sliced where its levels really are;
before that they sit between the ideal, equally spaced targets.
"""

from __future__ import annotations

import numpy as np

from cposim.signal.equalizers_stream import StreamingFfe
from cposim.signal.receiver import ErrorCounter, thresholds_for_levels
from cposim.validation import check_number


class TrainedRxFfe:
    """Receiver FFE + slicer + error counter for ``levels`` levels.

    Args:
        level_means_a: calibrated level means, A (their span sets the ideal, equally
            spaced targets).
        n_taps: T-spaced taps (>= 1); n_pre: precursor taps (the decision delay, symbols).
        training_symbols: symbols adapted against the transmitted levels (not counted).
        step_size: LMS step on normalised samples.
    """

    def __init__(self, level_means_a, *, n_taps: int, n_pre: int = 1, training_symbols: int = 16384,
                 step_size: float = 2e-3) -> None:
        means = np.asarray(level_means_a, dtype=float)
        self.levels = means.size
        self.n_taps = int(check_number("rx_ffe_taps", n_taps, lo=1, hi=64, integer=True))
        self.n_pre = int(check_number("rx_ffe_pre", n_pre, lo=0, hi=self.n_taps - 1, integer=True))
        self.training = int(check_number("rx_ffe_training_symbols", training_symbols, lo=0, hi=2**30, integer=True))
        self.mid = 0.5 * (means[0] + means[-1])
        self.spacing = (means[-1] - means[0]) / (self.levels - 1)
        self.targets = (np.arange(self.levels) - 0.5 * (self.levels - 1))  # normalised ideal levels
        taps = np.zeros(self.n_taps)
        taps[self.n_pre] = 1.0
        self.ffe = StreamingFfe(taps, adapt=True, step_size=step_size, levels=self.targets,
                                decision_delay=self.n_pre)
        thresholds = self.mid + self.spacing * (0.5 * (self.targets[1:] + self.targets[:-1]))
        self.counter = ErrorCounter(self.levels, thresholds)
        self._pending = np.empty(0, dtype=np.uint8)  # transmitted symbols awaiting their output
        self._seen = 0  # symbols fed to the FFE
        self._train = ErrorCounter(self.levels, thresholds)  # level statistics over training
        self._sliced = False

    def add(self, symbols: np.ndarray, samples_a: np.ndarray) -> None:
        """Equalise one chunk of eye-centre samples (A) of ``symbols`` and count errors."""
        x = (np.asarray(samples_a, dtype=float) - self.mid) / self.spacing
        sym = np.asarray(symbols, dtype=np.uint8)
        cut = int(np.clip(self.training - self._seen, 0, x.size))
        outs = []
        if cut:
            outs.append(self.ffe.process(x[:cut], reference=self.targets[sym[:cut]]))
        if cut < x.size:
            outs.append(self.ffe.process(x[cut:]))
        z = np.concatenate(outs) if outs else np.empty(0)
        first_out = self._seen - self.n_pre  # absolute symbol index estimated by z[0]
        self._seen += x.size
        tx = np.concatenate([self._pending, sym])
        # outputs for negative indices (before the first symbol) are start-up transients
        skip = max(0, -first_out)
        z, first_out = z[skip:], first_out + skip
        aligned = tx[: z.size]
        self._pending = tx[z.size:]
        index = np.arange(first_out, first_out + z.size)
        keep = index >= self.training
        late_training = (~keep) & (index >= self.training // 2)  # after the LMS has settled
        if np.any(late_training):
            self._train.add(aligned[late_training], self.mid + self.spacing * z[late_training])
        if np.any(keep) and not self._sliced:
            self._set_thresholds()
        if np.any(keep):
            self.counter.add(aligned[keep], self.mid + self.spacing * z[keep])

    def _set_thresholds(self) -> None:
        """Slicer thresholds between the equalised level means of the settled training
        symbols (ideal, equally spaced ones if training was too short to see every level)."""
        self._sliced = True
        counts = self._train._n
        if np.all(counts >= 8):
            means, sigmas = self._train.level_means_a, self._train.level_sigmas_a
            if np.all(np.diff(means) > 0):
                self.counter = ErrorCounter(self.levels, thresholds_for_levels(means, sigmas + 1e-30, "optimal"))

    @property
    def taps(self) -> np.ndarray:
        """Current FFE taps (normalised)."""
        return self.ffe.taps
