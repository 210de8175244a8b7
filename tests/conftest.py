"""Project-wide test settings.

``pytest.approx`` adds an absolute tolerance of 1e-12 by default, which silently makes any
comparison of BERs, powers in W or currents in A below 1e-12 pass. Here the default
absolute tolerance is 0: a test that wants one says so with ``abs=``.
"""

import pytest

_pytest_approx = pytest.approx
_UNSET = object()


def _approx_without_hidden_abs(expected, rel=None, abs=_UNSET, nan_ok=False):
    if abs is _UNSET:
        return _pytest_approx(expected, rel=1e-6 if rel is None else rel, abs=0.0, nan_ok=nan_ok)
    return _pytest_approx(expected, rel=rel, abs=abs, nan_ok=nan_ok)


pytest.approx = _approx_without_hidden_abs
