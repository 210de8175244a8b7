"""Section 1, devices: every component of the lane with its parameters, a few derived figures
(the device model's own outputs) and the sources behind each.

Identical components in several roles (e.g. the same edge coupler at the laser, the
transmitter and the receiver) are shown once, titled with every role.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cposim.devices.base import Model
from cposim.link.lane import Lane
from cposim.report.citations import ordered
from cposim.report.model import Row, Section, Table

#: Component roles of a lane, in optical-path order, with display names.
ROLES = {
    "source": "laser source",
    "laser_coupling": "laser coupling",
    "modulator": "modulator",
    "driver": "modulator driver",
    "tx_waveguide": "Tx waveguide",
    "tx_coupler": "Tx fiber coupler",
    "fiber": "fiber",
    "connectors": "connectors",
    "rx_coupler": "Rx fiber coupler",
    "demux": "WDM demux",
    "rx_waveguide": "Rx waveguide",
    "photodetector": "photodetector",
    "tia": "TIA",
    "fec": "FEC",
    "host_serdes": "host SerDes",
    "module_serdes": "module SerDes",
    "dsp": "module DSP",
}

#: Device outputs worth a line in the report (when the device has them).
KEY_OUTPUTS = (
    "optical_power_per_lane_dbm", "electrical_power_per_lane_w", "output_power_at_temperature_dbm",
    "electrical_power_w", "loss_db", "loaded_q", "fsr_m", "modulation_bandwidth_hz", "vpi_v", "extinction_ratio_db",
    "insertion_loss_db", "oma_fraction", "crosstalk_db", "adjacent_isolation_db", "responsivity_a_per_w",
    "bandwidth_hz", "input_noise_rms_in_band_a", "transimpedance_dbohm", "energy_pj_per_bit", "power_w",
    "threshold_ber", "code_rate", "latency_s", "channel_loss_budget_db", "margin_to_allocation_db",
)

#: Name suffix -> SI unit of a device output (longest suffix first).
OUTPUT_UNITS = (
    ("_a_per_sqrt_hz", "A/sqrt(Hz)"), ("_a_per_w", "A/W"), ("_pj_per_bit", "pJ/bit"), ("_j_per_bit", "J/bit"),
    ("_dbohm", "dBohm"), ("_dbm", "dBm"), ("_db", "dB"), ("_hz", "Hz"), ("_bps", "bit/s"), ("_baud", "Bd"),
    ("_w", "W"), ("_m", "m"), ("_s", "s"), ("_a", "A"), ("_v", "V"),
)


def output_unit(name: str) -> str:
    """SI unit of a device output from its name (``fsr_m`` -> ``m``); ``1`` if none."""
    for suffix, unit in OUTPUT_UNITS:
        if name.endswith(suffix):
            return unit
    return "1"


def display_format(unit: str) -> str:
    """Display hint for a value in ``unit``: the value with its unit, engineering prefixes where
    the unit takes them."""
    return f"eng:{unit}"


def _value(model: Model, path: str) -> Any:
    obj: Any = model
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def _scalar(value: Any) -> Any:
    if isinstance(value, (str, bool)) or value is None:
        return value
    if isinstance(value, (tuple, list)):
        return ", ".join(f"{v:g}" if isinstance(v, (int, float)) else str(v) for v in value)
    arr = np.asarray(value)
    return arr.item() if arr.ndim == 0 else ", ".join(f"{v:g}" for v in arr.ravel())


def _unit_of(model: Model, path: str) -> str:
    *parents, name = path.split(".")
    owner: Any = model
    for part in parents:
        owner = getattr(owner, part)
    info = type(owner).parameter_info().get(name)
    return info["unit"] if info else ""


def device_table(key: str, title: str, device: Model) -> Table:
    """Derived figures first (cited with every parameter and formula source of the device),
    then each parameter with its own sources."""
    by_param = device.sources_by_parameter()
    all_ids = ordered(i for ids in by_param.values() for i in ids)
    rows: list[Row] = []
    for name in type(device).outputs:
        if name not in KEY_OUTPUTS or name in by_param:
            continue
        value = _scalar(getattr(device, name))
        unit = output_unit(name)
        rows.append(Row(name, (value,), all_ids, fmt=None if isinstance(value, str) else display_format(unit),
                        note="derived"))
    for path, ids in by_param.items():
        if path.startswith("("):
            continue  # formula sources: already behind the derived figures
        value = _scalar(_value(device, path))
        unit = _unit_of(device, path)
        fmt = None if isinstance(value, str) else display_format(unit)
        rows.append(Row(path, (value,), ordered(ids), fmt=fmt))
    return Table(key=key, title=title, label_header="parameter", columns=("value",),
                 formats=(".4g",), rows=tuple(rows), caption=type(device).__name__)


def lane_settings_table(lane: Lane) -> Table:
    """The lane-level settings (rates, penalty, target BER, ...)."""
    rows = []
    info = type(lane).parameter_info()
    for name, meta in info.items():
        value = _scalar(getattr(lane, name))
        rows.append(Row(name, (value,), ordered(lane.sources_by_parameter()[name]),
                        fmt=display_format(meta["unit"])))
    rows.insert(0, Row("modulation", (lane.modulation.upper(),), ordered(lane.sources_by_parameter()["line_rate_bps"])))
    return Table(key="lane-settings", title="Lane settings", label_header="parameter", columns=("value",),
                 formats=(".4g",), rows=tuple(rows), caption=lane.name)


def devices_section(lane: Lane) -> Section:
    """Section 1: the lane's settings and its components."""
    tables = [lane_settings_table(lane)]
    groups: list[tuple[list[str], Model]] = []
    for role in ROLES:
        device = getattr(lane, role, None)
        if device is None:
            continue
        for roles, existing in groups:
            if type(existing) is type(device) and existing == device:
                roles.append(role)
                break
        else:
            groups.append(([role], device))
    for roles, device in groups:
        title = " / ".join(ROLES[r] for r in roles)
        tables.append(device_table(f"device-{roles[0]}", title, device))
    return Section(
        key="devices", title="1. Devices",
        intro=("The components of one lane, laser to decision, as built by the preset and the scenario. Each parameter "
               "shows the reference rows behind its value; derived figures are the device model's own outputs and cite "
               "every source of that device. SI values are shown with engineering prefixes."),
        blocks=tuple(tables), layout="cards",
    )
