"""Figures of the report: each function takes a figure's ``data`` (built by a section module)
and returns PNG bytes. Rendering only: no physics is computed here.

Matplotlib figures are made without pyplot (no global state), so reports can be built from
several threads or processes.
"""

from __future__ import annotations

import io
import tempfile
import textwrap
from pathlib import Path
from typing import Any, Callable, Mapping

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from cposim.errors import ConfigError
from cposim.signal.eye import plot_eye

#: Pixels per inch of the embedded PNGs.
DPI = 110
#: Smallest BER drawn on the waterfall (display floor).
BER_FLOOR = 1e-18
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf")


def _figure(width: float = 6.4, height: float = 4.0) -> Figure:
    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


def waterfall(data: Mapping[str, Any]) -> bytes:
    """BER against received OMA, target line, operating point and sensitivity."""
    fig = _figure()
    ax = fig.add_subplot(1, 1, 1)
    oma = np.asarray(data["received_oma_dbm"])
    ber = np.maximum(np.asarray(data["ber"]), BER_FLOOR)
    ax.semilogy(oma, ber, color=PALETTE[0], lw=2, label="pre-FEC BER (link engine)")
    ax.axhline(data["target_ber"], color=PALETTE[3], ls="--", lw=1.2, label=f"target {data['target_ber']:.2e}")
    ax.axvline(data["sensitivity_oma_dbm"], color=PALETTE[7], ls=":", lw=1.2,
               label=f"sensitivity {data['sensitivity_oma_dbm']:.2f} dBm")
    ax.plot([data["operating_oma_dbm"]], [max(data["operating_ber"], BER_FLOOR)], "o", color=PALETTE[2], ms=8,
            label=f"this lane, margin {data['margin_db']:.2f} dB")
    lowest = float(np.min(ber))
    ax.set_ylim(max(BER_FLOOR, 10.0 ** np.floor(np.log10(lowest) - 1.0)), 1.0)
    ax.set_xlabel("received OMA (outer levels), dBm")
    ax.set_ylabel("pre-FEC BER")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8, loc="lower left")
    return _png(fig)


def energy_bars(data: Mapping[str, Any]) -> bytes:
    """Horizontal bars: pJ/bit per contributor."""
    fig = _figure(6.4, 3.4)
    ax = fig.add_subplot(1, 1, 1)
    names = list(data["names"])
    values = np.asarray(data["pj_per_bit"], dtype=float)
    y = np.arange(len(names))
    ax.barh(y, values, color=[PALETTE[i % len(PALETTE)] for i in range(len(names))])
    for yi, v in zip(y, values):
        ax.text(v, yi, f" {v:.2f}", va="center", fontsize=8)
    ax.set_yticks(y)
    ax.set_yticklabels(names)
    ax.invert_yaxis()
    ax.set_xlabel(f"pJ/bit per direction (total {data['total_pj_per_bit']:.2f})")
    ax.set_xlim(0, float(values.max()) * 1.25)
    ax.grid(True, axis="x", alpha=0.3)
    return _png(fig)


def eye(data: Mapping[str, Any]) -> bytes:
    """The eye image through :func:`cposim.signal.eye.plot_eye`."""
    with tempfile.TemporaryDirectory() as tmp:
        path = plot_eye(data["eye"], Path(tmp) / "eye.png", title=data["title"], unit=data["unit"])
        return path.read_bytes()


def _stack(ax, labels: list[str], parts: list[str], values: np.ndarray, *, horizontal: bool = False) -> None:
    left = np.zeros(len(labels))
    for j, part in enumerate(parts):
        col = values[:, j]
        if not np.any(col):
            continue
        if horizontal:
            ax.barh(labels, col, left=left, label=part, color=PALETTE[j % len(PALETTE)])
        else:
            ax.bar(labels, col, bottom=left, label=part, color=PALETTE[j % len(PALETTE)])
        left = left + col
    for i, total in enumerate(left):
        if horizontal:
            ax.text(total, i, f" {total:.1f}", va="center", fontsize=8)
        else:
            ax.text(i, total, f"{total:.0f}", ha="center", va="bottom", fontsize=8)


def port_stack(data: Mapping[str, Any]) -> bytes:
    """Stacked horizontal bars: W per port by contributor, one bar per architecture."""
    labels = list(data["labels"])
    fig = _figure(11.0, 0.36 * len(labels) + 1.4)
    ax = fig.add_subplot(1, 1, 1)
    values = np.asarray(data["watts"], dtype=float)
    _stack(ax, labels, [p.replace("_", " ") for p in data["contributors"]], values, horizontal=True)
    ax.invert_yaxis()
    ax.set_xlabel(data["ylabel"])
    ax.set_xlim(0, float(values.sum(axis=1).max()) * 1.12)
    ax.grid(True, axis="x", alpha=0.3)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    return _png(fig)


def switch_stack(data: Mapping[str, Any]) -> bytes:
    """Stacked bars: switch power by part."""
    fig = _figure(5.2, 4.0)
    ax = fig.add_subplot(1, 1, 1)
    values = np.asarray(data["watts"], dtype=float)
    _stack(ax, list(data["labels"]), list(data["parts"]), values)
    ax.set_ylabel("switch power, W")
    ax.set_ylim(0, float(values.sum(axis=1).max()) * 1.12)
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    return _png(fig)


def fabric_power(data: Mapping[str, Any]) -> bytes:
    """Optics MW against GPU count, one line per option, the scenario's size marked."""
    fig = _figure()
    ax = fig.add_subplot(1, 1, 1)
    gpus = np.asarray(data["gpus"], dtype=float)
    for i, (label, mw) in enumerate(zip(data["labels"], data["mw"])):
        ax.plot(gpus, mw, marker=".", color=PALETTE[i % len(PALETTE)], label=label)
    ax.axvline(data["marker_gpus"], color=PALETTE[7], ls=":", lw=1.2, label=f"{data['marker_gpus']:,} GPUs")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("GPUs")
    ax.set_ylabel("optics power, MW")
    ax.grid(True, which="both", alpha=0.25)
    ax.legend(fontsize=7, loc="upper left")
    return _png(fig)


def fabric_inventory(data: Mapping[str, Any]) -> bytes:
    """Grouped bars (log scale): parts per option."""
    fig = _figure(6.4, 4.6)
    ax = fig.add_subplot(1, 1, 1)
    items = list(data["items"])
    counts = np.asarray(data["counts"], dtype=float)
    width = 0.8 / max(len(data["labels"]), 1)
    x = np.arange(len(items))
    for i, label in enumerate(data["labels"]):
        ax.bar(x + i * width, np.where(counts[i] > 0, counts[i], np.nan), width=width, label=label,
               color=PALETTE[i % len(PALETTE)])
    ax.set_xticks(x + width * (len(data["labels"]) - 1) / 2)
    ax.set_xticklabels(items, rotation=20, ha="right", fontsize=8)
    ax.set_yscale("log")
    ax.set_ylabel("count")
    ax.grid(True, axis="y", which="both", alpha=0.25)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.32), frameon=False)
    return _png(fig)


def fabric_reliability(data: Mapping[str, Any]) -> bytes:
    """Stacked interruptions per day (network, other) and goodput on a second axis."""
    fig = _figure()
    ax = fig.add_subplot(1, 1, 1)
    x = np.arange(len(data["labels"]))
    net = np.asarray(data["network"], dtype=float)
    other = np.asarray(data["other"], dtype=float)
    ax.bar(x, net, color=PALETTE[3], label="network")
    ax.bar(x, other, bottom=net, color=PALETTE[7], label="GPUs and hosts")
    ax.set_ylabel("job interruptions per day")
    ax.set_xticks(x)
    ax.set_xticklabels(["\n".join(textwrap.wrap(lbl, 22)) for lbl in data["labels"]], fontsize=7)
    ax2 = ax.twinx()
    ax2.plot(x, data["goodput"], "D-", color=PALETTE[2], label="goodput")
    ax2.set_ylim(0, 1)
    ax2.set_ylabel("goodput")
    lines = ax.get_legend_handles_labels()
    lines2 = ax2.get_legend_handles_labels()
    ax.legend(lines[0] + lines2[0], lines[1] + lines2[1], fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0),
              ncol=3, frameon=False)
    return _png(fig)


PLOTS: dict[str, Callable[[Mapping[str, Any]], bytes]] = {
    "waterfall": waterfall,
    "energy_bars": energy_bars,
    "eye": eye,
    "port_stack": port_stack,
    "switch_stack": switch_stack,
    "fabric_power": fabric_power,
    "fabric_inventory": fabric_inventory,
    "fabric_reliability": fabric_reliability,
}


def render_figure(plot: str, data: Mapping[str, Any]) -> bytes:
    """PNG bytes of the figure ``plot`` (a key of :data:`PLOTS`)."""
    if plot not in PLOTS:
        raise ConfigError("report figure", plot, f"is not a known plot; expected one of {', '.join(PLOTS)}")
    return PLOTS[plot](data)
