"""Run a sweep: cut the points into tasks, run them on a backend, store each as it finishes.

:func:`run_sweep` is the one call behind ``cposim sweep``: it opens (or resumes) the sweep
folder, submits the missing tasks with a bounded number in flight, writes each result chunk as
it arrives, shows progress, then assembles the results file. :func:`evaluate_space` does the
same in memory, without a folder (small sweeps, sensitivity studies).

A task is ``(target, outputs, points)`` -> output arrays; errors raised by a model in a worker
come back as one-line cposim errors (a :class:`TaskFailure`, since cposim's exceptions carry
more than a message and are rebuilt here).
"""

from __future__ import annotations

import time
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np

from cposim.errors import ConfigError, CposimError, PhysicsError
from cposim.explore.backends import Backend, open_backend
from cposim.explore.progress import SweepProgress
from cposim.explore.spec import SweepSpec
from cposim.explore.store import SweepStore
from cposim.explore.targets import Target, evaluate_batch


@dataclass(frozen=True)
class TaskFailure:
    """A cposim error raised inside a task, in a form that survives pickling."""

    kind: str
    field: str = ""
    value: Any = None
    expected: str = ""
    unit: str = ""
    message: str = ""

    def error(self) -> CposimError:
        """The error to raise in the calling process."""
        if self.kind == "ConfigError":
            return ConfigError(self.field, self.value, self.expected, unit=self.unit)
        if self.kind == "PhysicsError":
            return PhysicsError(self.message)
        return CposimError(self.message)


def run_task(target: Target, outputs: Sequence[str], points: Mapping[str, np.ndarray]) -> dict[str, np.ndarray] | TaskFailure:
    """Evaluate one batch of points (runs in a worker): output name -> float64 array."""
    try:
        return evaluate_batch(target, points, outputs)
    except ConfigError as err:
        return TaskFailure("ConfigError", field=err.field, value=_plain(err.value), expected=err.expected,
                           unit=err.unit)
    except CposimError as err:
        return TaskFailure(type(err).__name__ if isinstance(err, PhysicsError) else "CposimError", message=str(err))


def _plain(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.copy()
    try:
        import pickle

        pickle.dumps(value)
        return value
    except Exception:  # noqa: BLE001 - any unpicklable value is shown by its text
        return repr(value)


@dataclass
class SweepRun:
    """What :func:`run_sweep` did."""

    folder: Path
    result_path: Path
    points: int
    chunks: int
    computed_chunks: int
    resumed_chunks: int
    backend: str
    workers: int
    seconds: float
    analysis: dict[str, Any] = field(default_factory=dict)

    computed_points: int = 0

    @property
    def points_per_s(self) -> float:
        """Points evaluated in this run per second of wall time (0 if nothing was computed)."""
        return self.computed_points / self.seconds if self.seconds > 0 else 0.0

    def load(self):
        """The results: an xarray Dataset (grid) or a pandas DataFrame (samples)."""
        from cposim.explore.store import load_results

        return load_results(self.folder)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {
            "folder": str(self.folder), "results": str(self.result_path), "points": self.points,
            "chunks": self.chunks, "computed_chunks": self.computed_chunks, "resumed_chunks": self.resumed_chunks,
            "computed_points": self.computed_points, "backend": self.backend, "workers": self.workers,
            "seconds": round(self.seconds, 3),
            "points_per_s": round(self.points_per_s, 1), "analysis": self.analysis,
        }


def _execute(spec: SweepSpec, chunks: Iterable[int], backend: Backend,
             on_result: Callable[[int, dict[str, np.ndarray]], None]) -> None:
    """Run ``chunks`` of ``spec`` on ``backend``, calling ``on_result`` in this process for each."""
    window = max(2, 2 * backend.workers)
    todo = iter(chunks)
    inflight: dict[Future, int] = {}

    def fill() -> None:
        while len(inflight) < window:
            chunk = next(todo, None)
            if chunk is None:
                return
            start, stop = spec.chunk_bounds(chunk)
            future = backend.executor.submit(run_task, spec.target, spec.outputs, spec.space.points(start, stop))
            inflight[future] = chunk

    try:
        fill()
        while inflight:
            done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
            for future in sorted(done, key=inflight.__getitem__):
                chunk = inflight.pop(future)
                result = future.result()
                if isinstance(result, TaskFailure):
                    raise result.error()
                on_result(chunk, result)
            fill()
    finally:
        for future in inflight:
            future.cancel()


def run_sweep(spec: SweepSpec, *, out: str | Path | None = None, backend: str | None = None,
              workers: int | None = None, scheduler: str | None = None, quiet: bool = False) -> SweepRun:
    """Run (or resume) ``spec`` into the folder ``out`` (default: the spec's ``out``).

    Args:
        spec: a validated sweep (:func:`cposim.explore.spec.load_spec`).
        out: results folder; a folder holding the same sweep is resumed.
        backend: ``inprocess`` (default), ``processes`` or ``dask``.
        workers: processes (``processes``) or LocalCluster workers (``dask``).
        scheduler: a Dask scheduler address (implies ``dask``).
        quiet: no progress bar.

    Raises:
        ConfigError: no folder, a folder holding another sweep, bad backend choice, bad points.
        PhysicsError: a model result that is not finite.
    """
    folder = Path(out) if out is not None else spec.out
    if folder is None:
        raise ConfigError("--out", None, "is missing; give --out DIR or `out:` in the spec")
    started = time.perf_counter()
    store = SweepStore(folder, spec)
    done = store.done_chunks()
    todo = [c for c in range(spec.n_chunks) if c not in done]
    resumed_points = sum(spec.chunk_bounds(c)[1] - spec.chunk_bounds(c)[0] for c in done)
    name, n_workers = "inprocess", 1
    if todo:
        with open_backend(backend, workers=workers, scheduler=scheduler) as b:
            name, n_workers = b.name, b.workers
            with SweepProgress(spec.space.size, completed=resumed_points, quiet=quiet,
                               description=f"{spec.name} [{b.where}]") as progress:
                def store_chunk(chunk: int, arrays: dict[str, np.ndarray]) -> None:
                    store.write_chunk(chunk, arrays)
                    start, stop = spec.chunk_bounds(chunk)
                    progress.advance(stop - start)

                _execute(spec, todo, b, store_chunk)
    else:
        from cposim.explore.backends import check_backend

        name = check_backend(backend, workers, scheduler)
    if todo or not store.result_path.exists():
        store.assemble()
    analysis = analyse(spec, store.columns()) if (spec.analysis.pareto or spec.analysis.sensitivity) else {}
    return SweepRun(folder=folder, result_path=store.result_path, points=spec.space.size, chunks=spec.n_chunks,
                    computed_chunks=len(todo), resumed_chunks=len(done), backend=name, workers=n_workers,
                    seconds=time.perf_counter() - started, analysis=analysis,
                    computed_points=spec.space.size - resumed_points)


def evaluate_space(spec: SweepSpec, *, backend: str | None = None, workers: int | None = None,
                   scheduler: str | None = None) -> dict[str, np.ndarray]:
    """Every point of ``spec`` in memory: parameter and output columns, point order. No folder."""
    outputs = {name: np.empty(spec.space.size) for name in spec.outputs}

    def keep(chunk: int, arrays: dict[str, np.ndarray]) -> None:
        start, stop = spec.chunk_bounds(chunk)
        for name in spec.outputs:
            outputs[name][start:stop] = arrays[name]

    with open_backend(backend, workers=workers, scheduler=scheduler) as b:
        _execute(spec, range(spec.n_chunks), b, keep)
    return {**spec.space.points(), **outputs}


def analyse(spec: SweepSpec, columns: Mapping[str, np.ndarray]) -> dict[str, Any]:
    """The spec's analysis on finished results: Pareto front size and members' ranges, and a
    sensitivity ranking per named output (JSON-ready)."""
    from cposim.explore.pareto import pareto_mask
    from cposim.explore.sensitivity import rank_parameters

    out: dict[str, Any] = {}
    if spec.analysis.pareto:
        mask = pareto_mask({k: columns[k] for k in spec.analysis.pareto}, spec.analysis.pareto)
        idx = np.flatnonzero(mask)
        out["pareto"] = {
            "objectives": dict(spec.analysis.pareto),
            "points": int(idx.size),
            "indices": idx[:1000].tolist(),
            "ranges": {k: [float(np.min(columns[k][idx])), float(np.max(columns[k][idx]))]
                       for k in list(spec.analysis.pareto) + list(spec.space.paths)
                       if columns[k].dtype.kind == "f" and idx.size},
            "categories": {k: sorted(set(columns[k][idx].tolist()))
                           for k in spec.space.paths if columns[k].dtype.kind != "f"},
        }
    if spec.analysis.sensitivity:
        params = {p: columns[p] for p in spec.space.paths}
        out["sensitivity"] = {name: [r.as_dict() for r in rank_parameters(params, columns[name])]
                              for name in spec.analysis.sensitivity}
    return out
