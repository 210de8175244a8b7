"""Where sweep tasks run, behind one interface: a :class:`concurrent.futures.Executor`.

* ``inprocess`` (default): :class:`InlineExecutor`, each task runs when submitted, in this
  process; nothing to start.
* ``processes``: :class:`concurrent.futures.ProcessPoolExecutor` with ``workers`` processes
  (default: the CPU count), forked on Linux so workers start without re-importing cposim.
* ``dask``: a Dask ``distributed`` client's executor (``client.get_executor()``), on the
  scheduler at ``scheduler`` (``tcp://host:8786``) or on a ``LocalCluster`` of ``workers``
  single-threaded processes started for the run. Dask is imported only here, only when this
  backend is chosen (``pip install 'cposim[dask]'``).

Tasks are plain picklable calls; results come back as NumPy arrays (never Python lists: Dask
serialises arrays as buffers, lists element by element).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from cposim.errors import ConfigError

BACKENDS = ("inprocess", "processes", "dask")
MAX_WORKERS = 1024
#: Seconds to wait for a Dask scheduler given by address.
SCHEDULER_TIMEOUT_S = 10.0


class InlineExecutor(Executor):
    """An executor that runs each task at ``submit`` in the calling process (no pickling)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as err:  # noqa: BLE001 - delivered through the future, like any executor
            future.set_exception(err)
        return future


@dataclass
class Backend:
    """An open backend: its ``executor``, name, worker count and a one-line description."""

    executor: Executor
    name: str
    workers: int
    where: str


def check_backend(backend: str | None, workers: int | None, scheduler: str | None) -> str:
    """The backend name to use; ConfigError for an unknown name or a contradictory choice."""
    if backend is None:
        backend = "dask" if scheduler else "inprocess"
    if not isinstance(backend, str) or backend not in BACKENDS:
        import difflib

        close = difflib.get_close_matches(str(backend), BACKENDS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ConfigError("--backend", backend, f"is not a backend{hint} (valid: {', '.join(BACKENDS)})")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or
                                not 1 <= workers <= MAX_WORKERS):
        raise ConfigError("--workers", workers, f"is not a whole number from 1 to {MAX_WORKERS}")
    if backend == "inprocess" and workers not in (None, 1):
        raise ConfigError("--workers", workers, "needs --backend processes or dask (inprocess runs one task at a time)")
    if scheduler is not None and backend != "dask":
        raise ConfigError("--scheduler", scheduler, f"needs --backend dask (got {backend})")
    if scheduler is not None and workers is not None:
        raise ConfigError("--workers", workers, "is set by the Dask cluster at --scheduler; leave it out")
    return backend


@contextmanager
def open_backend(backend: str | None = None, *, workers: int | None = None,
                 scheduler: str | None = None) -> Iterator[Backend]:
    """Start the chosen backend for the duration of a ``with`` block, then shut it down."""
    name = check_backend(backend, workers, scheduler)
    if name == "inprocess":
        yield Backend(InlineExecutor(), name, 1, "this process")
        return
    if name == "processes":
        n = workers or os.cpu_count() or 1
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        with ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context(method)) as pool:
            yield Backend(pool, name, n, f"{n} local processes")
        return
    with _dask(workers, scheduler) as b:
        yield b


@contextmanager
def _dask(workers: int | None, scheduler: str | None) -> Iterator[Backend]:
    try:
        from distributed import Client
    except ImportError:
        raise ConfigError("--backend", "dask", "needs Dask: pip install 'cposim[dask]'") from None
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError) as err:
            raise ConfigError("--scheduler", scheduler, f"could not be reached: {err}") from None
        try:
            n = sum(client.nthreads().values())
            yield Backend(client.get_executor(pure=False), "dask", n, f"Dask scheduler {scheduler} ({n} worker threads)")
        finally:
            client.close()
        return
    n = workers or 2
    with local_cluster(n) as cluster:
        client = Client(cluster)
        try:
            yield Backend(client.get_executor(pure=False), "dask", n, f"Dask LocalCluster, {n} worker processes")
        finally:
            client.close()


@contextmanager
def local_cluster(workers: int = 2) -> Iterator[Any]:
    """A Dask ``LocalCluster`` of ``workers`` single-threaded processes, tuned for NumPy tasks.

    Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536``; that fixes glibc's mmap
    threshold, so every large NumPy temporary is a fresh mmap and page faults, and the link
    engine ran 3-4x slower per task here [measured]. Workers started here leave glibc's default
    (the thread limits of ``distributed.nanny.pre-spawn-environ`` are kept). A cluster of your
    own behind ``--scheduler`` keeps its own configuration.
    """
    try:
        import logging

        import dask
        from distributed import LocalCluster
    except ImportError:
        raise ConfigError("--backend", "dask", "needs Dask: pip install 'cposim[dask]'") from None
    environ = {k: v for k, v in dask.config.get("distributed.nanny.pre-spawn-environ", {}).items()
               if k != "MALLOC_TRIM_THRESHOLD_"}
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}):
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
    try:
        yield cluster
    finally:
        cluster.close()
