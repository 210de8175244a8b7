"""AI fabric roll-up: from one switch to a million GPUs.

Closed-form, vectorised counting of a scale-out fabric (folded Clos / fat tree, rail-optimized,
rail-only, multi-plane, oversubscribed tiers), cable lengths from a floor plan, the inventory
of switches, links, modules, optical engines, lasers and fibers per interconnect option (per-port
figures from :func:`cposim.package.architectures.evaluate_port`), power and cost, reliability
(interruptions, MTTI, Young/Daly checkpointing, goodput), alpha-beta collectives and a compact
training-step model. :func:`cposim.fabric.cluster.cluster` is the one-call roll-up.
"""
