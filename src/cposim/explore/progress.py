"""Progress of a sweep: a rich bar with points done, points per second and ETA, on stderr.

``quiet=True`` shows nothing (scripts, ``--json``, tests). Rendering only.
"""

from __future__ import annotations

import sys
from typing import Any


class SweepProgress:
    """Context manager: ``advance(n)`` after each finished batch of ``n`` points."""

    def __init__(self, total: int, *, completed: int = 0, quiet: bool = False, description: str = "sweep") -> None:
        self.total = int(total)
        self.completed = int(completed)
        self.quiet = quiet
        self.description = description
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> "SweepProgress":
        if self.quiet:
            return self
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        self._progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            console=Console(file=sys.stderr), transient=False,
        )
        self._progress.__enter__()
        self._task = self._progress.add_task(self.description, total=self.total, completed=self.completed, rate="")
        return self

    def advance(self, points: int) -> None:
        """Record ``points`` more points done."""
        self.completed += int(points)
        if self._progress is not None:
            self._progress.update(self._task, advance=points)
            speed = self._progress.tasks[0].speed
            if speed:
                self._progress.update(self._task, rate=f"{speed:,.0f} pt/s")

    def __exit__(self, *exc: Any) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)
