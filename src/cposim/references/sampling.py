"""One Monte Carlo sample of the estimate rows, active while a model is built.

``--uncertainty N`` evaluates a headline N times; in each run :func:`sampled` makes a map
*row id -> factor* active, and every model parameter whose **primary source** (the first id
it cites) is one of those rows is multiplied by the row's factor when the model is built:

* a default value, when the model is constructed (:class:`cposim.devices.base.Model`);
* a value a preset sets with a citation (``Model.with_cited``), when it is set;
* a plain module number that names its row (:func:`scaled_constant`), where it is used.

A value set any other way (a scenario's ``USER`` value, an explicit keyword, a value already
sampled and carried on by ``replace``) is left alone, so nothing is drawn twice.

The context also records which rows were applied (:func:`applied_rows`), so a result can
say which estimates it actually depends on, and gives each sample a token
(:func:`sample_token`) that caches of results built from string keys include in their key
(:func:`sample_aware_cache`), so a cached nominal result is never served inside a sample.
"""

from __future__ import annotations

import contextlib
import itertools
from contextvars import ContextVar
from functools import lru_cache, wraps
from typing import Any, Callable, Iterator, Mapping

_FACTORS: ContextVar[Mapping[str, float] | None] = ContextVar("cposim_sample_factors", default=None)
_APPLIED: ContextVar[set[str] | None] = ContextVar("cposim_sample_applied", default=None)
_TOKEN: ContextVar[int | None] = ContextVar("cposim_sample_token", default=None)
_COUNTER = itertools.count(1)


@contextlib.contextmanager
def sampled(factors: Mapping[str, float]) -> Iterator[set[str]]:
    """Make ``factors`` (row id -> multiplier) active; yields the set of rows applied so far."""
    applied: set[str] = set()
    tokens = (_FACTORS.set(dict(factors)), _APPLIED.set(applied), _TOKEN.set(next(_COUNTER)))
    try:
        yield applied
    finally:
        _TOKEN.reset(tokens[2])
        _APPLIED.reset(tokens[1])
        _FACTORS.reset(tokens[0])


def active_factors() -> Mapping[str, float] | None:
    """The active sample's factors, or ``None`` outside :func:`sampled`."""
    return _FACTORS.get()


def applied_rows() -> set[str]:
    """Rows applied to some parameter in the active sample (empty outside one)."""
    return set(_APPLIED.get() or ())


def sample_token() -> int | None:
    """A number unique to the active sample, ``None`` outside one."""
    return _TOKEN.get()


def factor_for(ids: tuple[str, ...] | list[str]) -> float | None:
    """The active factor for a parameter citing ``ids`` (its primary source ``ids[0]``), or
    ``None`` when there is no sample or the primary source is not sampled. Records the row."""
    factors = _FACTORS.get()
    if not factors or not ids:
        return None
    f = factors.get(ids[0])
    if f is None:
        return None
    applied = _APPLIED.get()
    if applied is not None:
        applied.add(ids[0])
    return f


def scaled_constant(value: float, row: str) -> float:
    """A module-level number that cites estimate ``row`` (a plain float, not a model
    parameter), as the active sample sees it: ``value`` times the row's factor, or ``value``."""
    f = factor_for((row,))
    return value if f is None else value * f


def sample_aware_cache(maxsize: int = 128) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``functools.lru_cache`` whose key includes :func:`sample_token`: a result computed in
    one Monte Carlo sample (or outside any) is never returned in another."""

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        @lru_cache(maxsize=maxsize)
        def keyed(token: int | None, *args: Any, **kwargs: Any) -> Any:
            return fn(*args, **kwargs)

        @wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return keyed(_TOKEN.get(), *args, **kwargs)

        wrapper.cache_clear = keyed.cache_clear  # type: ignore[attr-defined]
        wrapper.cache_info = keyed.cache_info  # type: ignore[attr-defined]
        return wrapper

    return deco
