"""WDM channel grids in the O-band, as wavelength arrays in m with their sources.

Named grids (look them up with :func:`grid`):

* ``dr``: one wavelength, 1311 nm, the centre of the DR window 1304.5-1317.5 nm (STD-27).
* ``cwdm4``: 1271 / 1291 / 1311 / 1331 nm, 20 nm spacing (STD-25).
* ``lan-wdm8``: the eight LAN-WDM lines of 400GBASE-LR8/FR8, ~800 GHz spacing (STD-26).
* ``cw-wdm-<count>-<spacing>ghz``: the CW-WDM MSA grids (LAS-03, CPS-GRD-02). The MSA
  (Rev 1.0, Table 2-5) pairs count and spacing with a span: 9 nm (8 x 200 GHz, 16 x 100 GHz),
  18 nm (8 x 400, 16 x 200, 32 x 100 GHz) and 36 nm (8 x 800, 16 x 400, 32 x 200 GHz);
  ``count x spacing`` (in nm) fills the span. Each set has one more, optional, line at the
  short-wavelength end ("8+1", "16+1", "32+1"), returned with ``include_optional_line=True``.

Centre of the CW-WDM grids: the lines are equally spaced in frequency and centred on
1311 nm (228.67 THz) by default (CPS-GRD-01). The MSA centres its grids in the O-band; its
frequency tables are not reproduced in cposim's reference table, so cposim uses the centre
of the DR window (STD-27), which is also CWDM4 lane 2 (STD-25), near the G.652
zero-dispersion wavelength (CPS-PHY-03): a 36 nm grid then spans about 1293-1329 nm, well
inside the O-band 1260-1360 nm (CPS-GRD-03). Pass ``centre_wavelength_m`` to use the
MSA's exact anchor.

``custom_grid(centre_wavelength_m, count, spacing_hz=... or spacing_m=...)`` builds any
evenly spaced grid (in frequency or in wavelength).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cposim.errors import ConfigError
from cposim.references import resolve_sources
from cposim.units import frequency_hz, wavelength_m
from cposim.validation import check_choice, check_number

__all__ = [
    "WavelengthGrid",
    "CW_WDM_CENTRE_WAVELENGTH_M",
    "CW_WDM_SPANS_M",
    "O_BAND_M",
    "GRID_NAMES",
    "dr_grid",
    "cwdm4_grid",
    "lan_wdm8_grid",
    "cw_wdm_grid",
    "cw_wdm_span_m",
    "custom_grid",
    "grid",
]

#: Default centre of the CW-WDM grids, m (CPS-GRD-01, see the module docstring).
CW_WDM_CENTRE_WAVELENGTH_M = 1311e-9
#: O-band limits, m (ITU-T G-series Supplement 39, CPS-GRD-03).
O_BAND_M = (1260e-9, 1360e-9)
#: (channel count, spacing in GHz) -> nominal span, m (CW-WDM MSA Table 2-5, LAS-03, CPS-GRD-02).
CW_WDM_SPANS_M: dict[tuple[int, int], float] = {
    (8, 200): 9e-9,
    (16, 100): 9e-9,
    (8, 400): 18e-9,
    (16, 200): 18e-9,
    (32, 100): 18e-9,
    (8, 800): 36e-9,
    (16, 400): 36e-9,
    (32, 200): 36e-9,
}

_DR_M = (1311e-9,)
_CWDM4_M = (1271e-9, 1291e-9, 1311e-9, 1331e-9)
_LAN_WDM8_M = (1273.54e-9, 1277.89e-9, 1282.26e-9, 1286.66e-9, 1295.56e-9, 1300.05e-9, 1304.58e-9, 1309.14e-9)


@dataclass(frozen=True)
class WavelengthGrid:
    """A set of WDM channel wavelengths (m, ascending) with the source ids behind them.

    Attributes:
        name: registry name or a description (``custom``).
        wavelengths_m: channel centre wavelengths, m, ascending (read-only array).
        sources: reference-table ids.
        channel_bandwidth_hz: usable channel bandwidth, Hz, where the grid defines one
            (CW-WDM: half the spacing), else ``None``.
    """

    name: str
    wavelengths_m: np.ndarray
    sources: tuple[str, ...]
    channel_bandwidth_hz: float | None = None
    description: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        lam = np.sort(np.atleast_1d(np.asarray(self.wavelengths_m, dtype=float)))
        lam.setflags(write=False)
        object.__setattr__(self, "wavelengths_m", lam)

    @property
    def count(self) -> int:
        """Number of channels."""
        return int(self.wavelengths_m.size)

    @property
    def frequencies_hz(self) -> np.ndarray:
        """Channel optical frequencies, Hz (descending, in the order of ``wavelengths_m``)."""
        return frequency_hz(self.wavelengths_m)

    @property
    def spacings_hz(self) -> np.ndarray:
        """Frequency gaps between neighbouring channels, Hz (``count - 1`` values, > 0)."""
        return -np.diff(self.frequencies_hz)

    @property
    def spacings_m(self) -> np.ndarray:
        """Wavelength gaps between neighbouring channels, m (``count - 1`` values)."""
        return np.diff(self.wavelengths_m)

    @property
    def span_m(self) -> float:
        """Longest minus shortest wavelength, m (0 for one channel)."""
        return float(self.wavelengths_m[-1] - self.wavelengths_m[0])

    @property
    def centre_wavelength_m(self) -> float:
        """Wavelength of the mean of the lowest and highest channel frequency, m."""
        f = self.frequencies_hz
        return float(wavelength_m(0.5 * (f.min() + f.max())))

    def source_rows(self):
        """The reference-table rows behind this grid."""
        return resolve_sources(self.sources)


def dr_grid() -> WavelengthGrid:
    """Single wavelength of DR optics: 1311 nm, centre of the 1304.5-1317.5 nm window (STD-27)."""
    return WavelengthGrid("dr", np.array(_DR_M), ("STD-27",), description="DR single wavelength")


def cwdm4_grid() -> WavelengthGrid:
    """CWDM4: 1271/1291/1311/1331 nm, 20 nm spacing (STD-25)."""
    return WavelengthGrid("cwdm4", np.array(_CWDM4_M), ("STD-25",), description="CWDM4, 20 nm")


def lan_wdm8_grid() -> WavelengthGrid:
    """LAN-WDM 8 lanes of 400GBASE-LR8/FR8, ~800 GHz spacing, gap between lanes 4 and 5 (STD-26)."""
    return WavelengthGrid("lan-wdm8", np.array(_LAN_WDM8_M), ("STD-26",), description="LAN-WDM 8 lanes")


def cw_wdm_span_m(channel_count: Any, spacing_hz: Any) -> float:
    """Nominal CW-WDM MSA span, m, for a channel count and spacing (Hz); ConfigError if not an MSA grid."""
    count = check_choice("cw_wdm_grid channel_count", _as_count_name(channel_count), ("8", "16", "32"))
    n = int(count)
    spacing = check_number("cw_wdm_grid spacing_hz", spacing_hz, unit="Hz", lo=0.0, lo_open=True)
    if np.ndim(spacing) != 0:
        raise ConfigError("cw_wdm_grid spacing_hz", spacing_hz, "must be a single number in Hz")
    allowed = {ghz: span for (c, ghz), span in CW_WDM_SPANS_M.items() if c == n}
    for ghz, span in allowed.items():
        if abs(float(spacing) - ghz * 1e9) <= 1e-6 * ghz * 1e9:
            return span
    listing = ", ".join(f"{ghz} GHz ({span * 1e9:g} nm span)" for ghz, span in sorted(allowed.items()))
    raise ConfigError(
        "cw_wdm_grid spacing_hz",
        float(spacing),
        f"does not fit a CW-WDM MSA span for {n} channels; expected one of {listing}",
        unit="Hz",
    )


def cw_wdm_grid(
    channel_count: int,
    spacing_hz: float,
    *,
    centre_wavelength_m: float = CW_WDM_CENTRE_WAVELENGTH_M,
    include_optional_line: bool = False,
) -> WavelengthGrid:
    """A CW-WDM MSA grid: ``channel_count`` lines equally spaced in frequency about the centre.

    Args:
        channel_count: 8, 16 or 32.
        spacing_hz: 100e9, 200e9, 400e9 or 800e9, as allowed for the count (9/18/36 nm spans).
        centre_wavelength_m: centre of the mandatory lines, m (1311 nm default, CPS-GRD-01);
            the whole grid must stay inside the O-band 1260-1360 nm (CPS-GRD-03).
        include_optional_line: add the "+1" line one spacing beyond the shortest wavelength.

    Raises:
        ConfigError: a count/spacing pair that is not an MSA grid, or a grid outside the O-band.
    """
    span = cw_wdm_span_m(channel_count, spacing_hz)
    n = int(_as_count_name(channel_count))
    centre = check_number("cw_wdm_grid centre_wavelength_m", centre_wavelength_m, unit="m", lo=O_BAND_M[0], hi=O_BAND_M[1])
    f_c = float(frequency_hz(centre))
    k = np.arange(n + (1 if include_optional_line else 0), dtype=float) - (n - 1) / 2.0
    lam = wavelength_m(f_c + k * float(spacing_hz))
    _require_inside("cw_wdm_grid centre_wavelength_m", centre, lam, O_BAND_M, "the O-band")
    ghz = int(round(float(spacing_hz) / 1e9))
    return WavelengthGrid(
        f"cw-wdm-{n}-{ghz}ghz",
        lam,
        ("LAS-03", "CPS-GRD-02", "CPS-GRD-01"),
        channel_bandwidth_hz=float(spacing_hz) / 2.0,
        description=f"CW-WDM MSA {n}{'+1' if include_optional_line else ''} x {ghz} GHz, {span * 1e9:g} nm span",
    )


def custom_grid(
    centre_wavelength_m: float,
    count: int,
    *,
    spacing_hz: float | None = None,
    spacing_m: float | None = None,
) -> WavelengthGrid:
    """An evenly spaced grid of ``count`` channels centred on ``centre_wavelength_m`` (m).

    Give exactly one of ``spacing_hz`` (even in frequency, Hz) or ``spacing_m`` (even in
    wavelength, m); neither is needed for one channel. All channels must lie in 1-2 um.
    """
    centre = check_number("custom_grid centre_wavelength_m", centre_wavelength_m, unit="m", lo=1.0e-6, hi=2.0e-6)
    n = int(check_number("custom_grid count", count, lo=1, hi=1024, integer=True))
    if spacing_hz is not None and spacing_m is not None:
        raise ConfigError("custom_grid spacing", (spacing_hz, spacing_m), "gives both spacing_hz and spacing_m; expected one")
    k = np.arange(n, dtype=float) - (n - 1) / 2.0
    if spacing_hz is not None:
        step = check_number("custom_grid spacing_hz", spacing_hz, unit="Hz", lo=0.0, lo_open=True, hi=50e12)
        lam = wavelength_m(float(frequency_hz(centre)) + k * step)
        label = f"{step / 1e9:g} GHz"
    elif spacing_m is not None:
        step = check_number("custom_grid spacing_m", spacing_m, unit="m", lo=0.0, lo_open=True, hi=500e-9)
        lam = centre + k * step
        label = f"{step * 1e9:g} nm"
    elif n == 1:
        lam = np.array([centre])
        label = "single"
    else:
        raise ConfigError("custom_grid spacing", None, f"is missing for {n} channels; give spacing_hz or spacing_m")
    _require_inside("custom_grid", centre, lam, (1.0e-6, 2.0e-6), "1-2 um")
    return WavelengthGrid("custom", lam, (), description=f"custom {n} x {label} at {centre * 1e9:g} nm")


def _require_inside(field: str, centre: float, lam: np.ndarray, band: tuple[float, float], band_name: str) -> None:
    if np.any(lam < band[0]) or np.any(lam > band[1]) or np.any(lam <= 0):
        raise ConfigError(
            field,
            centre,
            f"puts channels at {lam.min() * 1e9:.2f}-{lam.max() * 1e9:.2f} nm, outside {band_name} "
            f"({band[0] * 1e9:g}-{band[1] * 1e9:g} nm)",
            unit="m",
        )


def _as_count_name(channel_count: Any) -> str | Any:
    """'8' for 8 or 8.0; anything else unchanged (so the error shows it)."""
    if isinstance(channel_count, (bool, np.bool_)):
        return channel_count
    try:
        value = float(channel_count)
    except (TypeError, ValueError):
        return channel_count
    return str(int(value)) if value.is_integer() else channel_count


def _registry() -> dict[str, Any]:
    named: dict[str, Any] = {"dr": dr_grid, "cwdm4": cwdm4_grid, "lan-wdm8": lan_wdm8_grid}
    for count, ghz in sorted(CW_WDM_SPANS_M):
        named[f"cw-wdm-{count}-{ghz}ghz"] = lambda c=count, g=ghz: cw_wdm_grid(c, g * 1e9)
    return named


_NAMED = _registry()
#: every name :func:`grid` accepts.
GRID_NAMES: tuple[str, ...] = tuple(_NAMED)


def grid(name: str) -> WavelengthGrid:
    """The named grid (``dr``, ``cwdm4``, ``lan-wdm8``, ``cw-wdm-16-200ghz``, ...; case-insensitive).

    Raises:
        ConfigError: unknown name; the message lists every valid one.
    """
    key = name.strip().lower() if isinstance(name, str) else name
    check_choice("wavelength grid", key, GRID_NAMES)
    return _NAMED[key]()
