"""A training step from a compact model spec: compute, pipeline bubble, exposed communication, energy.

Calculon-style skeleton (cposim notes)::

    dp        = GPUs / (TP x PP)
    compute   = 6 x params x tokens per step / (GPUs x achieved FLOP/s per GPU)   (CPS-FAB-48)
    bubble    = (PP - 1) / micro-batches x compute                                  (CPS-FAB-49)
    DP grads  = bytes per gradient x params / (TP x PP) per GPU, all-reduced across dp ranks:
                hierarchical over the DP ranks sharing a scale-up domain, ring across domains on
                each rail at the NIC bandwidth, slowed by the oversubscription of every tier the
                DP group spans and by a degraded link (``degraded_fraction``)
    TP        = ring all-reduce of ``tp_bytes_per_step`` inside the scale-up domain
    PP        = ``pp_bytes_per_step`` point-to-point over the NIC
    EP        = all-to-all of ``ep_bytes_per_step`` over ``ep`` ranks across the fabric
    step      = compute + bubble + max(0, DP - overlap x compute) + TP + PP + EP

The exposed-communication fraction is ``(step - compute - bubble) / step``; energy per step is
``(GPUs x GPU power + network power) x step`` (IT power, before PUE).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from cposim.devices.base import Model, param
from cposim.errors import ConfigError
from cposim.fabric import collectives
from cposim.fabric.floorplan import block_nodes
from cposim.fabric.scale_up import ScaleUpSpec
from cposim.fabric.topology import Sizing


@dataclass(frozen=True, kw_only=True)
class Workload(Model):
    """A compact training-job spec (Llama 3 405B at 16K GPUs by default, CPS-FAB-47).

    Parameters (SI):
        parameters: model parameters (405e9, CPS-FAB-47).
        tokens_per_step: tokens per optimizer step (16e6, CPS-FAB-47).
        achieved_flops_per_gpu: sustained FLOP/s per GPU on compute (400e12, CPS-FAB-47).
        flops_per_parameter_token: training FLOPs per parameter per token (6, CPS-FAB-48).
        tp, pp: tensor- and pipeline-parallel sizes (8, 16, CPS-FAB-47); ep: expert-parallel size (1).
        microbatches: micro-batches per step (16, CPS-FAB-50).
        bytes_per_gradient: gradient element size, bytes (2, bf16, CPS-FAB-42).
        overlap: fraction of compute that DP communication may hide behind (0, CPS-FAB-43).
        tp_bytes_per_step, pp_bytes_per_step, ep_bytes_per_step: traffic per GPU per step, bytes (0, CPS-FAB-50).
        gpu_power_w: GPU board power, W (1000, CPS-FAB-44).
        alpha_out_s: per-message latency over the scale-out fabric, s (5e-6, CPS-FAB-29).
    """

    parameters: float = param(405e9, unit="1", sources=("CPS-FAB-47",), lo=1.0, hi=1e16)
    tokens_per_step: float = param(16e6, unit="token", sources=("CPS-FAB-47",), lo=1.0, hi=1e12)
    achieved_flops_per_gpu: float = param(400e12, unit="FLOP/s", sources=("CPS-FAB-47",), lo=1e9, hi=1e18)
    flops_per_parameter_token: float = param(6.0, unit="FLOP", sources=("CPS-FAB-48",), lo=0.0, lo_open=True, hi=100.0)
    tp: int = param(8, unit="GPU", sources=("CPS-FAB-47",), lo=1, hi=1e6, integer=True)
    pp: int = param(16, unit="GPU", sources=("CPS-FAB-47",), lo=1, hi=1e6, integer=True)
    ep: int = param(1, unit="GPU", sources=("CPS-FAB-50",), lo=1, hi=1e6, integer=True)
    microbatches: int = param(16, unit="1", sources=("CPS-FAB-50",), lo=1, hi=1e6, integer=True)
    bytes_per_gradient: float = param(2.0, unit="B", sources=("CPS-FAB-42",), lo=0.0, hi=16.0)
    overlap: float = param(0.0, unit="1", sources=("CPS-FAB-43",), lo=0.0, hi=1.0)
    tp_bytes_per_step: float = param(0.0, unit="B", sources=("CPS-FAB-50",), lo=0.0, hi=1e15)
    pp_bytes_per_step: float = param(0.0, unit="B", sources=("CPS-FAB-50",), lo=0.0, hi=1e15)
    ep_bytes_per_step: float = param(0.0, unit="B", sources=("CPS-FAB-50",), lo=0.0, hi=1e15)
    gpu_power_w: float = param(1000.0, unit="W", sources=("CPS-FAB-44",), lo=0.0, hi=1e5)
    alpha_out_s: float = param(5e-6, unit="s", sources=("CPS-FAB-29",), lo=0.0, hi=1.0)


@dataclass(frozen=True)
class StepTime:
    """One training step (s unless stated; arrays over GPU counts).

    Attributes: dp (data-parallel size), compute_s, bubble_s, dp_comm_s, tp_comm_s, pp_comm_s,
    ep_comm_s, exposed_comm_s, step_s, comm_fraction (exposed / step), compute_fraction,
    energy_per_step_j (IT energy, J), oversubscription_crossed (bandwidth divisor of the DP ring).
    """

    dp: np.ndarray
    compute_s: np.ndarray
    bubble_s: np.ndarray
    dp_comm_s: np.ndarray
    tp_comm_s: np.ndarray
    pp_comm_s: np.ndarray
    ep_comm_s: np.ndarray
    exposed_comm_s: np.ndarray
    step_s: np.ndarray
    comm_fraction: np.ndarray
    compute_fraction: np.ndarray
    energy_per_step_j: np.ndarray
    oversubscription_crossed: np.ndarray

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready numbers."""
        return {k: _out(v) for k, v in self.__dict__.items()}


def _out(x: Any) -> Any:
    arr = np.asarray(x, dtype=float)
    return float(arr) if arr.ndim == 0 else arr.tolist()


def crossed_oversubscription(sizing: Sizing, span_nodes: Any) -> np.ndarray:
    """Bandwidth divisor for traffic among ``span_nodes`` consecutive nodes: the product of the
    oversubscription of every tier below the top whose block they outgrow (1 inside one leaf)."""
    blocks = block_nodes(sizing)
    ratios = sizing.spec.ratios()
    span = np.asarray(span_nodes, dtype=float)
    out = np.ones(np.broadcast(span, sizing.tiers).shape)
    for t in range(len(ratios)):
        crosses = (t + 1 < sizing.tiers) & (span > blocks[t] + 1e-9)
        out = np.where(crosses, out * max(ratios[t], 1.0), out)
    return out


def step_time(sizing: Sizing, workload: Workload | None = None, *, scale_up: ScaleUpSpec | None = None,
              network_power_w: Any = 0.0, degraded_fraction: float = 1.0) -> StepTime:
    """Time and energy of one training step of ``workload`` on the fabric ``sizing``.

    Raises:
        ConfigError: GPUs not a multiple of TP x PP, or a TP size that does not fit the scale-up domain.
    """
    w = workload or Workload()
    su = scale_up or ScaleUpSpec()
    spec = sizing.spec
    gpus = sizing.gpus.astype(float)
    tp, pp, ep = int(w.tp), int(w.pp), int(w.ep)
    if np.any(sizing.gpus % (tp * pp)):
        raise ConfigError("workload.tp x pp", tp * pp, f"does not divide the GPU count ({_first(sizing.gpus)}); "
                          "expected GPUs to be a multiple of TP x PP")
    g_up = int(su.gpus_per_domain)
    if tp > g_up or g_up % tp:
        raise ConfigError("workload.tp", tp, f"does not fit the {g_up}-GPU scale-up domain; expected a divisor of "
                          f"{g_up} (tensor parallelism stays inside the scale-up domain)")
    dp = gpus / (tp * pp)
    compute = float(w.flops_per_parameter_token) * float(w.parameters) * float(w.tokens_per_step) / (
        gpus * float(w.achieved_flops_per_gpu))
    bubble = (pp - 1) / int(w.microbatches) * compute
    b_out = float(spec.port_rate_bps) * int(spec.ports_per_gpu) / 8.0
    grads = float(w.bytes_per_gradient) * float(w.parameters) / (tp * pp)
    dp_in_domain = max(g_up // tp, 1)
    dp_in_domain_arr = np.minimum(dp_in_domain, dp)
    whole = np.mod(dp, dp_in_domain_arr) == 0
    dp_in_domain_arr = np.where(whole, dp_in_domain_arr, 1.0)
    span_nodes = np.ceil(dp * tp / int(spec.gpus_per_node))
    r_cross = crossed_oversubscription(sizing, span_nodes)
    dp_comm = collectives.hierarchical_all_reduce_s(
        n_bytes=grads, p=dp, domain_size=dp_in_domain_arr, alpha_up_s=float(su.alpha_s),
        bandwidth_up_bytes_per_s=float(su.bandwidth_bytes_per_s), alpha_out_s=float(w.alpha_out_s),
        bandwidth_out_bytes_per_s=b_out, oversubscription=r_cross, degraded_fraction=degraded_fraction)
    dp_comm = np.where(dp > 1, dp_comm, 0.0)
    tp_comm = np.zeros_like(gpus)
    if float(w.tp_bytes_per_step) > 0 and tp > 1:
        tp_comm = tp_comm + collectives.ring_all_reduce_s(n_bytes=float(w.tp_bytes_per_step), p=tp,
                                                          alpha_s=float(su.alpha_s),
                                                          bandwidth_bytes_per_s=float(su.bandwidth_bytes_per_s))
    pp_comm = np.zeros_like(gpus)
    if float(w.pp_bytes_per_step) > 0 and pp > 1:
        pp_comm = pp_comm + 2 * int(w.microbatches) * float(w.alpha_out_s) + float(w.pp_bytes_per_step) / b_out
    ep_comm = np.zeros_like(gpus)
    if float(w.ep_bytes_per_step) > 0 and ep > 1:
        ep_span = np.ceil(ep * tp / int(spec.gpus_per_node))
        leaf_nodes = block_nodes(sizing)[0]
        cross = np.clip(1.0 - leaf_nodes / np.maximum(ep_span, 1.0), 0.0, 1.0)
        ep_comm = ep_comm + collectives.all_to_all_s(
            n_bytes=float(w.ep_bytes_per_step), p=ep, alpha_s=float(w.alpha_out_s), bandwidth_bytes_per_s=b_out,
            oversubscription=crossed_oversubscription(sizing, ep_span), cross_fraction=cross)
    exposed_dp = np.maximum(0.0, dp_comm - float(w.overlap) * compute)
    exposed = exposed_dp + tp_comm + pp_comm + ep_comm
    step = compute + bubble + exposed
    energy = (gpus * float(w.gpu_power_w) + np.asarray(network_power_w, dtype=float)) * step
    return StepTime(dp=dp, compute_s=compute, bubble_s=bubble, dp_comm_s=dp_comm, tp_comm_s=tp_comm, pp_comm_s=pp_comm,
                    ep_comm_s=ep_comm, exposed_comm_s=exposed, step_s=step, comm_fraction=exposed / step,
                    compute_fraction=compute / step, energy_per_step_j=energy, oversubscription_crossed=r_cross)


def _first(x: Any) -> Any:
    arr = np.asarray(x)
    return arr.item() if arr.ndim == 0 else arr.flat[0].item()
