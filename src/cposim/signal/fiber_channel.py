"""Optical channel of the time-domain simulator: fiber chromatic dispersion on the field,
the ring demultiplexer's drop-port response and the WDM aggressors it lets through.

Losses: every passive loss of the lane (couplers, waveguides, fiber attenuation, connectors,
demux insertion loss) is the link engine's :func:`cposim.link.engine.path_losses_db` and is
applied by the pipeline as one field scale, so the time-domain and analytic budgets agree.

Dispersion (CPS-TDS-08): with the field envelope written on a carrier ``exp(+j w_0 t)``, a
span of length ``L`` multiplies the envelope spectrum at offset ``W = 2 pi f`` by
``H(W) = exp(-j beta2 W^2 L / 2)``, ``beta2 = -D lambda^2 / (2 pi c)`` (``D`` from the
fiber's G.652 model at the carrier wavelength). Its group delay ``beta2 L W`` makes a
component offset by ``d lambda`` arrive ``D L d lambda`` later (pinned by a test). The
simulator applies it as a complex FIR (:func:`dispersion_fir`) by streaming overlap-save;
the frequency response is exact up to 80 % of the Nyquist frequency and rolled off with a
raised cosine above (at 16 samples per symbol that band starts at 6.4 x the symbol rate),
which keeps the FIR short; the taps hold all but 1e-12 of the impulse response's energy.
Square-law detection of the dispersed field gives the intensity (power fading included).

Demux (CPS-DMX-04, CPS-TDS-07): each ring of :class:`~cposim.devices.ring_demux.RingDemux`
is a symmetric add-drop ring with amplitude decay rate ``gamma = w_0 / (2 Q)``. Its drop
field for an input at detuning ``delta`` (``w_res - w``, rad/s) obeys
``dA/dt = (j delta - gamma) A + kappa s``, ``y = kappa_d A``: a one-pole filter, discretised
exactly (held input) as ``y[n] = p y[n-1] + c s[n]``, ``p = exp((j delta - gamma) h)``. The
victim's filter is normalised to unit peak (its insertion loss is in the budget); an
aggressor at frequency offset ``f_j`` passes the same ring at ``delta = -2 pi f_j`` (the
Lorentzian ``1/(1 + (2 Q f_j / f_0)^2)``) and is scaled so that its received power relative
to the victim's equals the demux's cascade leak (:meth:`RingDemux.drop_power_matrix`).
:func:`aggressor_plan` keeps the ``n`` strongest aggressors and lumps the leak of the others
into them in proportion, so the aggregate equals ``channel_crosstalk_db`` of the victim;
aggressors add incoherently (powers add; different wavelengths do not beat within the
receiver bandwidth).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from cposim.devices.base import as_array
from cposim.devices.fiber import SingleModeFiber
from cposim.devices.ring_demux import RingDemux
from cposim.errors import ConfigError
from cposim.signal.waveform import StreamingFir, StreamingLfilter
from cposim.units import SPEED_OF_LIGHT_M_PER_S

__all__ = [
    "AggressorPlan",
    "DemuxDropFilter",
    "DispersionStage",
    "aggressor_plan",
    "beta2_s2_per_m",
    "dispersion_fir",
    "dispersion_transfer",
]

#: Fraction of the Nyquist band where the dispersion response is exact.
EXACT_BAND_FRACTION = 0.7
#: Energy of the impulse response a truncated dispersion FIR may drop.
_TAIL_ENERGY = 1e-12


def beta2_s2_per_m(fiber: SingleModeFiber, wavelength_m: float) -> float:
    """Group-velocity dispersion ``beta2 = -D lambda^2 / (2 pi c)``, s^2/m, at ``wavelength_m`` (m)."""
    d = float(np.asarray(fiber.dispersion_s_per_m2(wavelength_m)))
    return -d * wavelength_m**2 / (2.0 * np.pi * SPEED_OF_LIGHT_M_PER_S)


def dispersion_transfer(frequency_hz_: Any, beta2: float, length_m: float) -> np.ndarray:
    """Envelope transfer ``exp(-j beta2 (2 pi f)^2 L / 2)`` at offsets ``frequency_hz_`` (Hz)."""
    w = 2.0 * np.pi * np.asarray(frequency_hz_, dtype=float)
    return np.exp(-0.5j * beta2 * length_m * w**2)


def dispersion_fir(beta2: float, length_m: float, sample_rate_hz: float) -> np.ndarray | None:
    """Complex FIR taps of the dispersion response (module docstring), or ``None`` for zero
    accumulated dispersion."""
    b2l = beta2 * length_m
    if b2l == 0.0:
        return None
    spread = abs(b2l) * np.pi * sample_rate_hz**2  # group-delay range over the band, samples
    n = 1 << int(np.ceil(np.log2(max(4096.0, 8.0 * (2.0 * spread + 256.0)))))
    if n > 1 << 24:
        raise ConfigError("fiber dispersion", b2l, "s^2 of accumulated beta2*L spreads a pulse over more than "
                          "2^21 samples; shorten the fiber or lower samples_per_symbol", unit="")
    f = np.fft.fftfreq(n, 1.0 / sample_rate_hz)
    h = np.fft.fftshift(np.fft.ifft(dispersion_transfer(f, beta2, length_m) * band_taper(f, sample_rate_hz)))
    e = np.abs(h) ** 2
    c = n // 2
    total = e.sum()
    # smallest symmetric window holding all but _TAIL_ENERGY of the energy
    outside = total - np.cumsum(np.concatenate([[e[c]], e[c - np.arange(1, c)] + e[c + np.arange(1, c)]]))
    half = int(np.argmax(outside <= _TAIL_ENERGY * total))
    return h[c - half : c + half + 1]


def band_taper(frequency_hz_: Any, sample_rate_hz: float) -> np.ndarray:
    """Planck taper: 1 up to ``EXACT_BAND_FRACTION`` of the Nyquist frequency, falling
    smoothly (infinitely differentiable) to 0 at the Nyquist frequency."""
    x = np.abs(np.asarray(frequency_hz_, dtype=float)) / (0.5 * sample_rate_hz)
    t = np.clip((x - EXACT_BAND_FRACTION) / (1.0 - EXACT_BAND_FRACTION), 1e-12, 1.0 - 1e-12)
    w = 1.0 / (1.0 + np.exp(np.clip(1.0 / (1.0 - t) - 1.0 / t, -700.0, 700.0)))
    return np.where(x <= EXACT_BAND_FRACTION, 1.0, np.where(x >= 1.0, 0.0, w))


class DispersionStage:
    """Streaming fiber dispersion on the complex field (identity for zero dispersion)."""

    def __init__(self, fiber: SingleModeFiber, wavelength_m: float, *, sample_rate_hz: float, dtype: Any) -> None:
        length = float(as_array(fiber.length_m))
        taps = dispersion_fir(beta2_s2_per_m(fiber, wavelength_m), length, sample_rate_hz)
        ctype = np.result_type(dtype, np.complex64)
        self.filter = None if taps is None else StreamingFir(taps.astype(np.complex128), ctype)

    @property
    def delay_samples(self) -> float:
        return 0.0 if self.filter is None else self.filter.delay_samples

    def process(self, field: np.ndarray) -> np.ndarray:
        return field if self.filter is None else self.filter.process(field)

    def flush(self) -> np.ndarray:
        return np.empty(0, dtype=np.complex64) if self.filter is None else self.filter.flush()


class DemuxDropFilter:
    """Drop-port response of one add-drop demux ring for a carrier at ``offset_hz`` from its
    resonance, scaled to ``peak_power_gain`` at zero offset (module docstring)."""

    def __init__(self, loaded_q: float, resonance_hz: float, offset_hz: float, *, sample_rate_hz: float,
                 peak_power_gain: float = 1.0, dtype: Any = np.complex128) -> None:
        gamma = 2.0 * np.pi * resonance_hz / (2.0 * loaded_q)
        delta = -2.0 * np.pi * offset_hz
        h = 1.0 / sample_rate_hz
        p = np.exp((1j * delta - gamma) * h)
        # DC gain of the one-pole filter c / (1 - p) equals gamma / (gamma - j delta) * sqrt(peak)
        c = np.sqrt(peak_power_gain) * gamma * (1.0 - p) / (gamma - 1j * delta)
        self.filter = StreamingLfilter(np.array([c]), np.array([1.0, -p]), np.result_type(dtype, np.complex64))
        self.delay_samples = 1.0 / (gamma * h)

    def process(self, field: np.ndarray) -> np.ndarray:
        return self.filter.process(field)

    def flush(self) -> np.ndarray:
        return self.filter.flush()


@dataclass(frozen=True)
class AggressorPlan:
    """Victim channel and its aggressors: ``offsets_hz[i]`` (aggressor frequency minus victim
    frequency, Hz) and ``power_ratios[i]`` (aggressor's received power over the victim's);
    ``crosstalk_db`` is the aggregate ``10 log10(sum ratios)``; ``resonance_hz``, ``loaded_q``
    of the victim's ring."""

    victim: int
    offsets_hz: tuple[float, ...]
    power_ratios: tuple[float, ...]
    crosstalk_db: float
    resonance_hz: float
    loaded_q: float


def aggressor_plan(demux: RingDemux, n_aggressors: int = 2, victim: int | None = None) -> AggressorPlan:
    """The victim channel (default: the one with the worst aggregate crosstalk, as the link
    engine's ``crosstalk_db``) and its ``n_aggressors`` strongest aggressors with lumped leaks."""
    m = np.asarray(demux.drop_power_matrix())
    if m.ndim != 2:
        raise ConfigError("RingDemux", m.shape, "has array parameters; the time-domain simulator needs one demux")
    n = m.shape[0]
    xt = np.asarray(demux.channel_crosstalk_db())
    k = int(np.argmax(xt)) if victim is None else int(victim)
    if not 0 <= k < n:
        raise ConfigError("aggressor_plan.victim", victim, f"is not a channel index; expected 0 ... {n - 1}")
    na = int(n_aggressors)
    if not 0 <= na <= n - 1:
        raise ConfigError("aggressor_plan.n_aggressors", n_aggressors, f"must lie in 0 ... {n - 1}")
    leak = m[k] / m[k, k]
    others = [j for j in range(n) if j != k]
    order = sorted(others, key=lambda j: -leak[j])
    keep = order[:na]
    total = float(sum(leak[j] for j in others))
    kept = float(sum(leak[j] for j in keep))
    scale = total / kept if kept > 0 else 0.0
    f = SPEED_OF_LIGHT_M_PER_S / np.asarray(demux.channel_wavelengths_m())
    return AggressorPlan(
        victim=k,
        offsets_hz=tuple(float(f[j] - f[k]) for j in keep),
        power_ratios=tuple(float(leak[j] * scale) for j in keep),
        crosstalk_db=float(10.0 * np.log10(total)),
        resonance_hz=float(f[k]),
        loaded_q=float(as_array(demux.loaded_q)),
    )

