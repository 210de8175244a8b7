"""Turn cposim errors (and the few unexpected ones) into one line and an exit code."""

from __future__ import annotations

import functools
import sys
from typing import Callable, TypeVar

import typer

from cposim.errors import ConfigError, CposimError, PhysicsError

F = TypeVar("F", bound=Callable[..., object])

EXIT_CONFIG = 2
EXIT_PHYSICS = 3
EXIT_INTERNAL = 4


def one_line_errors(func: F) -> F:
    """Decorator for CLI commands: errors become ``error: ...`` on stderr, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except ConfigError as err:
            _fail(f"error: {err}", EXIT_CONFIG)
        except PhysicsError as err:
            _fail(f"error: {err}", EXIT_PHYSICS)
        except CposimError as err:
            _fail(f"error: {err}", EXIT_CONFIG)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except BrokenPipeError:
            # the reader (e.g. `head`) closed the pipe: not an error of ours; silence the
            # interpreter's own flush of stdout at exit and stop quietly
            import os

            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0)
        except Exception as err:  # noqa: BLE001 - the CLI must never show a traceback
            _fail(f"internal error: {type(err).__name__}: {err} (please report this)", EXIT_INTERNAL)

    return wrapper  # type: ignore[return-value]


def _fail(message: str, code: int) -> None:
    print(message.replace("\n", " "), file=sys.stderr)
    raise typer.Exit(code)
