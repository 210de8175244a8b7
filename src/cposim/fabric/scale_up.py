"""Scale-up domains (NVLink-class), counted separately from the scale-out fabric.

A domain of ``gpus_per_domain`` GPUs; each GPU has ``links_per_gpu`` scale-up links to
``switch_ports``-port scale-up switch chips; links are copper (no optics) as in GB200 NVL72
(CPS-FAB-30) and HGX B200 (CPS-FAB-31)::

    domains        = ceil(GPUs / gpus_per_domain)
    switch chips   = domains x ceil(gpus_per_domain x links_per_gpu / switch_ports)
    copper links   = GPUs x links_per_gpu

NVL72: 72 x 18 / 72 = 18 switch chips per rack; HGX 8-GPU: 8 x 18 / 72 = 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from cposim.devices.base import Model, param
from cposim.errors import ConfigError


@dataclass(frozen=True, kw_only=True)
class ScaleUpSpec(Model):
    """One scale-up domain.

    Parameters (SI):
        gpus_per_domain: GPUs sharing the scale-up fabric (8, HGX/DGX B200, CPS-FAB-31).
        bandwidth_bytes_per_s: scale-up bandwidth per GPU per direction, bytes/s (900e9, CPS-FAB-31).
        links_per_gpu: scale-up links per GPU (18, NVLink 5, CPS-FAB-30).
        switch_ports: ports per scale-up switch chip (72, CPS-FAB-30).
        alpha_s: per-message latency inside the domain, s (1e-6, CPS-FAB-29).
    """

    gpus_per_domain: int = param(8, unit="GPU", sources=("CPS-FAB-31",), lo=1, hi=100000, integer=True)
    bandwidth_bytes_per_s: float = param(900e9, unit="B/s", sources=("CPS-FAB-31",), lo=1e6, hi=1e15)
    links_per_gpu: int = param(18, unit="link", sources=("CPS-FAB-30",), lo=0, hi=1000, integer=True)
    switch_ports: int = param(72, unit="port", sources=("CPS-FAB-30",), lo=1, hi=100000, integer=True)
    alpha_s: float = param(1e-6, unit="s", sources=("CPS-FAB-29",), lo=0.0, hi=1.0)

    def _check(self) -> None:
        for name in ("gpus_per_domain", "bandwidth_bytes_per_s", "links_per_gpu", "switch_ports", "alpha_s"):
            if np.ndim(getattr(self, name)):
                raise ConfigError(f"ScaleUpSpec.{name}", getattr(self, name), "must be a single number")


def scale_up_counts(gpus: Any, spec: ScaleUpSpec | None = None) -> dict[str, Any]:
    """Domains, switch chips and copper links of the scale-up domains of ``gpus`` GPUs (arrays broadcast)."""
    s = spec or ScaleUpSpec()
    n = np.asarray(gpus).astype(np.int64)
    g = int(s.gpus_per_domain)
    domains = -(-n // g)
    chips = domains * (-(-g * int(s.links_per_gpu) // int(s.switch_ports)))
    links = n * int(s.links_per_gpu)
    return {"domains": domains, "switch_chips": chips, "copper_links": links}
