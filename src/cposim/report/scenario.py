"""What a report is about: one lane (a preset or a scenario file) and the system it sits in.

The system context is the report's default: 1.6T ports (8 x 200G, 802.3dj, STD-06; one
co-packaged engine class of SYS-NV-13), a 102.4 Tb/s switch (SYS-BC-08, SYS-NV-15), i.e.
radix 64 at 1.6T, and a compute fabric of 32,768 GPUs (128 scalable units of 256 GPUs,
CPS-FAB-01) with one 1.6T NIC port per GPU. Scenario files describe the lane only (their
``link`` section), so these stay as stated in the report.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
import numpy as np

from cposim.devices.base import Model
from cposim.errors import ConfigError
from cposim.link.lane import Lane
from cposim.presets import PRESETS, get_preset
from cposim.presets.lanes import DEFAULT_PRESET
from cposim.scenario.loader import read_document, scenario_from_mapping

#: Time-domain simulation sizes (symbols, samples per symbol, captured symbols for the eye).
FULL_SIMULATION = {"n_symbols": 2**16, "samples_per_symbol": 16, "capture_symbols": 2**14}
QUICK_SIMULATION = {"n_symbols": 2**12, "samples_per_symbol": 8, "capture_symbols": 2**12}


@dataclass(frozen=True)
class ReportScenario:
    """The subject of a report.

    Attributes:
        name: display name; preset: the preset the lane starts from; origin: ``preset`` or the
        scenario file path; lane: the scalar :class:`~cposim.link.lane.Lane`.
        port_rate_bps: port payload per direction, bit/s (1.6e12, STD-06, SYS-NV-13).
        lane_rate_bps: payload per lane, bit/s (200e9, STD-06).
        switch_capacity_bps: switch capacity per direction, bit/s (102.4e12, SYS-BC-08, SYS-NV-15).
        gpus: GPUs in the compute fabric (32,768 = 128 SU x 256, CPS-FAB-01).
        simulation: time-domain sizes (:data:`FULL_SIMULATION` or :data:`QUICK_SIMULATION`).
        seed: seed of the time-domain simulation.
    """

    name: str
    preset: str
    origin: str
    lane: Lane
    port_rate_bps: float = 1.6e12
    lane_rate_bps: float = 200e9
    switch_capacity_bps: float = 102.4e12
    gpus: int = 32768
    simulation: tuple[tuple[str, int], ...] = tuple(FULL_SIMULATION.items())
    seed: int = 1

    #: Source ids of the system defaults above.
    SYSTEM_SOURCES = {
        "port_rate_bps": ("STD-06", "SYS-NV-13"),
        "lane_rate_bps": ("STD-06",),
        "switch_capacity_bps": ("SYS-BC-08", "SYS-NV-15"),
        "gpus": ("CPS-FAB-01",),
    }

    @property
    def radix(self) -> int:
        """Switch ports at the port rate: capacity / port rate."""
        return int(round(self.switch_capacity_bps / self.port_rate_bps))

    @property
    def slug(self) -> str:
        """File-name friendly name."""
        return re.sub(r"[^A-Za-z0-9.]+", "-", self.name).strip("-").lower() or "scenario"

    def sim(self) -> dict[str, int]:
        """Time-domain simulation sizes as keyword arguments."""
        return dict(self.simulation)


def _require_scalar(model: Model, path: str) -> None:
    for f in dataclasses.fields(model):
        v = getattr(model, f.name)
        if isinstance(v, Model):
            _require_scalar(v, f"{path}.{f.name}")
        elif "unit" in f.metadata and np.ndim(v) != 0:
            raise ConfigError(f"{path}.{f.name}", np.asarray(v).tolist(),
                              "is an array; a report describes one design point (sweep with cposim.link.sweep)")


def load_scenario(target: str | None = None, *, quick: bool = False) -> ReportScenario:
    """A preset name or a YAML/TOML scenario file (None: the default preset) -> the report's subject.

    Raises:
        ConfigError: unknown preset (with a suggestion), unreadable or invalid scenario file,
        or a lane with array-valued parameters.
    """
    sim = tuple((QUICK_SIMULATION if quick else FULL_SIMULATION).items())
    target = DEFAULT_PRESET if target is None else str(target)
    if target in PRESETS:
        lane, preset, name, origin = PRESETS[target].build(), target, target, "preset"
    else:
        path = Path(target)
        if path.suffix.lower() in (".yaml", ".yml", ".toml") or path.exists():
            doc = read_document(path)
            sc = scenario_from_mapping(doc, {n: p.build for n, p in PRESETS.items()})
            lane, preset, name, origin = sc.link, sc.preset, sc.name, str(path)
        else:
            get_preset(target)  # a ConfigError naming the valid presets
            raise ConfigError("scenario", target, "is neither a preset nor a scenario file")
    _require_scalar(lane, "link")
    return ReportScenario(name=name, preset=preset, origin=origin, lane=lane, simulation=sim)

