"""Sweep spec files (YAML or TOML), parsed and validated once, at the edge.

Example (``examples/sweeps/link_margin.yaml``)::

    name: CPO lane margin vs fiber length and laser class
    target: {kind: link, preset: cpo-mrm-wdm-200g}
    parameters:
      link.fiber.length: {range: [10 m, 2 km], steps: 25}
      link.source.power_class: {values: [MP, HP, VHP]}
    sampling: {method: grid}                 # or {method: latin-hypercube, points: 5000, seed: 7}
    outputs: [margin_db, energy_pj_per_bit]
    chunk_size: 4096                         # points per task
    analysis:
      pareto: {energy_pj_per_bit: min, margin_db: max}
      sensitivity: [margin_db]
    out: results/link_margin                 # folder (relative to the spec; --out overrides)

Every problem is one :class:`~cposim.errors.ConfigError` naming the key path.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

from cposim.errors import ConfigError
from cposim.explore.space import ParameterSpace, parse_parameter, parse_sampling
from cposim.explore.targets import Target, build_target, reject_unknown_keys
from cposim.scenario.strict_yaml import load_yaml

SPEC_KEYS = ("name", "description", "target", "parameters", "sampling", "outputs", "chunk_size", "analysis", "out")
DEFAULT_CHUNK_SIZE = 65536
MAX_CHUNK_SIZE = 4_194_304
MAX_FILE_BYTES = 1_000_000
SENSES = ("min", "max")


@dataclass(frozen=True)
class Analysis:
    """Post-processing of a finished sweep: a Pareto front (output -> min/max) and the outputs to
    rank parameters for (sensitivity)."""

    pareto: dict[str, str] = field(default_factory=dict)
    sensitivity: tuple[str, ...] = ()


@dataclass(frozen=True)
class SweepSpec:
    """A validated sweep: what to evaluate, where, and how the points are drawn and batched."""

    name: str
    target: Target
    space: ParameterSpace
    outputs: tuple[str, ...]
    chunk_size: int = DEFAULT_CHUNK_SIZE
    analysis: Analysis = field(default_factory=Analysis)
    out: Path | None = None
    description: str = ""

    @property
    def n_chunks(self) -> int:
        """Number of tasks (batches of ``chunk_size`` points; the last may be shorter)."""
        return -(-self.space.size // self.chunk_size)

    def chunk_bounds(self, chunk: int) -> tuple[int, int]:
        """(start, stop) point indices of task ``chunk``."""
        start = chunk * self.chunk_size
        return start, min(start + self.chunk_size, self.space.size)

    def describe(self) -> dict[str, Any]:
        """JSON-ready: everything that decides the results (and nothing that does not)."""
        from cposim import __version__

        return {
            "name": self.name,
            "target": self.target.describe(),
            **self.space.describe(),
            "outputs": {k: self.target.output_units()[k] for k in self.outputs},
            "chunk_size": self.chunk_size,
            "cposim_version": __version__,
        }

    def fingerprint(self) -> str:
        """SHA-256 of :meth:`describe` plus the target's base model: equal specs, equal results."""
        text = json.dumps(self.describe(), sort_keys=True) + repr(getattr(self.target, "lane", ""))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_spec_document(path: str | Path) -> dict[str, Any]:
    """Parse a YAML (``.yaml``/``.yml``) or TOML (``.toml``) spec file into a mapping."""
    p = Path(path)
    if not p.is_file():
        raise ConfigError("spec", str(path), "is not a file")
    if p.stat().st_size > MAX_FILE_BYTES:
        raise ConfigError("spec", str(path), f"is larger than {MAX_FILE_BYTES} bytes")
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError("spec", str(path), "is not UTF-8 text") from None
    try:
        doc = tomllib.loads(text) if p.suffix.lower() == ".toml" else load_yaml(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError("spec", str(path), f"is not valid TOML: {err}") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError("spec", str(path), f"is not valid YAML{where}: {getattr(err, 'problem', None) or err}") from None
    if not isinstance(doc, dict):
        raise ConfigError("spec", str(path), "must be a mapping at the top level (target, parameters, sampling, ...)")
    return doc


def load_spec(source: str | Path | Mapping[str, Any], *, base_dir: Path | None = None) -> SweepSpec:
    """A :class:`SweepSpec` from a spec file or an already parsed mapping.

    Relative paths inside (a scenario, ``out``) are taken from the spec file's folder, or from
    ``base_dir`` (default: the current folder) for a mapping.
    """
    if isinstance(source, Mapping):
        doc = dict(source)
        base = base_dir or Path.cwd()
    else:
        doc = read_spec_document(source)
        base = Path(source).resolve().parent
    reject_unknown_keys("spec", doc, SPEC_KEYS)
    name = doc.get("name", "sweep")
    if not isinstance(name, str):
        raise ConfigError("name", name, "is not text")
    description = doc.get("description", "")
    if not isinstance(description, str):
        raise ConfigError("description", description, "is not text")
    target = build_target(doc.get("target"), base_dir=base)
    raw_params = doc.get("parameters")
    if not isinstance(raw_params, Mapping) or not raw_params:
        raise ConfigError("parameters", raw_params, "must be a non-empty mapping of path: values or range")
    parameters = tuple(parse_parameter(target.parameter(str(path)), raw) for path, raw in raw_params.items())
    seen: dict[str, str] = {}
    for p in parameters:
        if p.info.key in seen:
            raise ConfigError(f"parameters.{p.path}", p.path, f"sets the same setting as {seen[p.info.key]}; "
                              "name it once")
        seen[p.info.key] = p.path
    space = ParameterSpace(parameters=parameters, sampling=parse_sampling(doc.get("sampling")))
    outputs = target.check_outputs(doc.get("outputs"))
    chunk = doc.get("chunk_size", DEFAULT_CHUNK_SIZE)
    if isinstance(chunk, bool) or not isinstance(chunk, int) or not 1 <= chunk <= MAX_CHUNK_SIZE:
        raise ConfigError("chunk_size", chunk, f"is not a whole number from 1 to {MAX_CHUNK_SIZE}")
    analysis = _analysis(doc.get("analysis"), outputs, space)
    out = doc.get("out")
    if out is not None and not isinstance(out, str):
        raise ConfigError("out", out, "is not a folder name")
    target.check_space(space, outputs)
    return SweepSpec(name=name, target=target, space=space, outputs=outputs, chunk_size=chunk, analysis=analysis,
                     out=None if out is None else (base / out), description=description)


def _analysis(raw: Any, outputs: tuple[str, ...], space: ParameterSpace) -> Analysis:
    if raw is None:
        return Analysis()
    if not isinstance(raw, Mapping):
        raise ConfigError("analysis", raw, "must be a mapping with `pareto` and/or `sensitivity`")
    reject_unknown_keys("analysis", raw, ("pareto", "sensitivity"))
    pareto = raw.get("pareto", {})
    if not isinstance(pareto, Mapping) or ("pareto" in raw and len(pareto) < 2):
        raise ConfigError("analysis.pareto", pareto, "must map at least two outputs to min or max")
    for name, sense in pareto.items():
        if name not in outputs:
            raise ConfigError(f"analysis.pareto.{name}", name, f"is not one of the sweep's outputs ({', '.join(outputs)})")
        if sense not in SENSES:
            raise ConfigError(f"analysis.pareto.{name}", sense, "is not min or max")
    sens = raw.get("sensitivity", [])
    if isinstance(sens, str):
        sens = [sens]
    if not isinstance(sens, (list, tuple)):
        raise ConfigError("analysis.sensitivity", sens, "must be a list of outputs")
    from cposim.explore.sensitivity import MIN_SAMPLES

    if sens and space.size < MIN_SAMPLES:
        raise ConfigError("analysis.sensitivity", space.size, f"points are too few for a sensitivity ranking; "
                          f"expected >= {MIN_SAMPLES}")
    for name in sens:
        if name not in outputs:
            raise ConfigError("analysis.sensitivity", name, f"is not one of the sweep's outputs ({', '.join(outputs)})")
    return Analysis(pareto={str(k): str(v) for k, v in pareto.items()}, sensitivity=tuple(sens))
