"""Vectorised bracketed root finding for monotone link functions (all design points at once).

The link engine asks questions such as "which laser power (or OMA) gives BER = 2.4e-4?" at a
million design points per call. :func:`solve_for_target` answers them with Chandrupatla's
method (inverse quadratic interpolation with a bisection fallback; T. R. Chandrupatla,
Adv. Eng. Software 28 (1997) 145), run element-wise on whole arrays:

* ``fn(x)`` is called with an array ``x`` of the full broadcast shape each iteration (never
  with a subset), so ``fn`` may close over parameter arrays of that shape.
* The unknown is searched in ``log x`` (``x_scale="log"``, default, ``x > 0``; ``rtol`` is then
  a relative tolerance on ``x``) or in ``x`` (``"linear"``, tolerance ``rtol |x| + atol``).
* The value is compared with the target after an optional monotone transform that makes it
  nearly linear in the unknown and speeds convergence: ``"linear"``, ``"log"`` (for BERs or
  powers spanning decades) or ``"q"`` (``-sqrt(-2 ln y)``, a cheap monotone stand-in for the
  Gaussian Q-factor scale: a BER that is a Gaussian tail of a quantity linear in the unknown
  becomes nearly linear; values must lie in [0, 1]). The root does not depend on the choice.
  A value that underflows to 0 becomes ``-inf`` there and simply forces a bisection step.
* ``fn`` may rise or fall; each point only needs ``fn(lo) - target`` and ``fn(hi) - target``
  of opposite sign (or zero). Points that are not bracketed raise :class:`ConfigError` (how
  many, which, their end values) unless ``allow_unbracketed=True``, in which case
  :func:`solve_monotone` marks them in ``RootResult.bracketed`` and reports the end of the
  bracket whose value lies nearer the target.
* Iterations are capped (``max_iter``); a NaN from ``fn`` is a :class:`PhysicsError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from cposim.errors import ConfigError, PhysicsError
from cposim.units import ArrayLike
from cposim.validation import check_choice, check_number

__all__ = ["RootResult", "X_SCALES", "Y_SCALES", "solve_for_target", "solve_monotone"]

X_SCALES = ("log", "linear")
Y_SCALES = ("linear", "log", "q")


@dataclass(frozen=True)
class RootResult:
    """Outcome of :func:`solve_monotone` (arrays of the broadcast shape).

    ``x``: the root, in the unit of ``lo``/``hi``; ``residual``: transformed ``fn(x) - target``
    at ``x``; ``converged``: bracket narrower than the tolerance (or exact hit);
    ``bracketed``: ``[lo, hi]`` held the target; ``iterations``: iterations run (all points).
    """

    x: np.ndarray
    residual: np.ndarray
    converged: np.ndarray
    bracketed: np.ndarray
    iterations: int


def _transform(y: np.ndarray, y_scale: str, what: str) -> np.ndarray:
    y = np.asarray(y, dtype=float)
    if np.isnan(y).any():
        bad = np.flatnonzero(np.isnan(y))
        raise PhysicsError(f"solve: fn returned NaN at {bad.size} of {y.size} points (first flat index {int(bad[0])}) {what}")
    if y_scale == "linear":
        return y
    if y_scale == "log":
        if np.any(y < 0.0):
            raise PhysicsError(f"solve: fn returned a negative value {what}; y_scale='log' needs values >= 0")
        with np.errstate(divide="ignore"):
            return np.log(y)
    if np.any((y < 0.0) | (y > 1.0)):
        raise PhysicsError(f"solve: fn returned a value outside [0, 1] {what}; y_scale='q' is for probabilities such as a BER")
    return _q_scale(y)


def _q_scale(y: np.ndarray) -> np.ndarray:
    """``-sqrt(-2 ln y)``, monotone on [0, 1] (``-inf`` at 0, 0 at 1): a cheap stand-in for the
    Gaussian Q scale (``Q(x) ~ exp(-x^2 / 2)``), so a BER that is a Gaussian tail of a quantity
    linear in the unknown becomes nearly linear. Any monotone map leaves the root unchanged."""
    with np.errstate(divide="ignore"):
        return -np.sqrt(-2.0 * np.log(y))


def _target_transform(target: ArrayLike, y_scale: str) -> np.ndarray:
    if y_scale == "log":
        t = check_number("solve.target", target, lo=0.0, lo_open=True)
        return np.log(t)
    if y_scale == "q":
        t = check_number("solve.target", target, lo=0.0, hi=1.0, lo_open=True, hi_open=True)
        return _q_scale(np.asarray(t, dtype=float))
    return np.asarray(check_number("solve.target", target), dtype=float)


def _fmt_points(idx: np.ndarray, limit: int = 5) -> str:
    shown = ", ".join(str(int(i)) for i in idx[:limit])
    return shown + (", ..." if idx.size > limit else "")


def solve_monotone(
    fn: Callable[[np.ndarray], ArrayLike],
    target: ArrayLike,
    lo: ArrayLike,
    hi: ArrayLike,
    *,
    x_scale: str = "log",
    y_scale: str = "linear",
    rtol: float = 1e-10,
    atol: float = 0.0,
    max_iter: int = 100,
    allow_unbracketed: bool = False,
) -> RootResult:
    """Solve ``fn(x) = target`` element-wise for monotone ``fn`` on ``[lo, hi]``.

    ``fn``: vectorised function of an array ``x`` (unit of ``lo``/``hi``); ``target``: value
    sought, unit of ``fn`` (broadcasts); ``lo``, ``hi``: bracket ends (broadcast; ``> 0`` for
    ``x_scale="log"``); ``x_scale``: ``"log"`` or ``"linear"``; ``y_scale``: ``"linear"``,
    ``"log"`` or ``"q"`` (see module docstring); ``rtol``: relative tolerance on ``x``;
    ``atol``: absolute tolerance on ``x`` (linear scale only); ``max_iter``: iteration cap;
    ``allow_unbracketed``: report unbracketed points instead of raising ConfigError.
    """
    check_choice("solve.x_scale", x_scale, X_SCALES)
    check_choice("solve.y_scale", y_scale, Y_SCALES)
    rtol = float(check_number("solve.rtol", rtol, lo=1e-15, hi=0.1))
    atol = float(check_number("solve.atol", atol, lo=0.0))
    max_iter = int(check_number("solve.max_iter", max_iter, lo=1, hi=10_000, integer=True))
    lo_arr = np.asarray(check_number("solve.lo", lo), dtype=float)
    hi_arr = np.asarray(check_number("solve.hi", hi), dtype=float)
    if x_scale == "log" and (np.any(lo_arr <= 0.0) or np.any(hi_arr <= 0.0)):
        raise ConfigError("solve.lo", lo_arr if np.any(lo_arr <= 0.0) else hi_arr, "must be > 0 for x_scale='log' (use x_scale='linear')")
    if np.any(lo_arr == hi_arr):
        raise ConfigError("solve.hi", hi_arr, "must differ from lo at every point")
    t = _target_transform(target, y_scale)

    to_x = np.exp if x_scale == "log" else (lambda u: u)
    u_lo = np.log(lo_arr) if x_scale == "log" else lo_arr
    u_hi = np.log(hi_arr) if x_scale == "log" else hi_arr

    def g(u: np.ndarray, what: str) -> np.ndarray:
        return _transform(fn(to_x(u)), y_scale, what) - t

    with np.errstate(invalid="ignore", over="ignore"):
        f_lo = g(u_lo, "at lo")
        f_hi = g(u_hi, "at hi")
    shape = np.broadcast_shapes(f_lo.shape, f_hi.shape, u_lo.shape, u_hi.shape, np.shape(t))
    b = np.array(np.broadcast_to(u_lo, shape))
    a = np.array(np.broadcast_to(u_hi, shape))
    fb = np.array(np.broadcast_to(f_lo, shape))
    fa = np.array(np.broadcast_to(f_hi, shape))

    bracketed = (np.sign(fa) * np.sign(fb)) <= 0.0
    if not bracketed.all():
        bad = np.flatnonzero(~bracketed)
        i0 = int(bad[0])
        t_show = np.broadcast_to(np.asarray(target, dtype=float), shape).flat[i0]
        if not allow_unbracketed:
            raise ConfigError(
                "solve.target",
                t_show,
                f"is not bracketed by fn(lo)..fn(hi) at {bad.size} of {bracketed.size} points "
                f"(flat indices {_fmt_points(bad)}); at index {i0}: lo={float(to_x(b.flat[i0])):g}, "
                f"hi={float(to_x(a.flat[i0])):g}, transformed fn-target = {float(fb.flat[i0]):g} and {float(fa.flat[i0]):g}; "
                "widen [lo, hi] or pass allow_unbracketed=True",
            )
    ends = (a.copy(), fa.copy(), b.copy(), fb.copy()) if not bracketed.all() else None
    c, fc = b.copy(), fb.copy()
    done = ~bracketed | (fa == 0.0) | (fb == 0.0)
    iterations = 0
    linear = x_scale == "linear"
    # Every point keeps iterating until all are done: a converged bracket only shrinks
    # further (harmless), and plain element-wise updates are far cheaper than masked ones.
    # Work buffers are reused (a fresh 8 MB temporary per operation costs page faults).
    tt = np.full(shape, 0.5)
    xt, width, t1, t2, t3 = (np.empty(shape) for _ in range(5))
    tol = np.empty(shape) if linear else rtol
    keep_b, iqi, m = (np.empty(shape, dtype=bool) for _ in range(3))
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        while iterations < max_iter and not done.all():
            iterations += 1
            np.subtract(b, a, out=xt)
            xt *= tt
            xt += a
            ft = np.broadcast_to(g(xt, "inside the bracket"), shape)
            # Chandrupatla's update: (a, b) keep bracketing the root, a is the newest point,
            # c the point dropped.
            np.multiply(ft, fa, out=t1)
            np.greater(t1, 0.0, out=keep_b)
            c = np.where(keep_b, a, b)
            fc = np.where(keep_b, fa, fb)
            b = np.where(keep_b, b, a)
            fb = np.where(keep_b, fb, fa)
            a, xt = xt, a  # a takes the new point; the old a buffer becomes scratch
            fa = np.array(ft)
            np.subtract(b, a, out=width)
            np.abs(width, out=width)
            if linear:
                np.abs(a, out=t1)
                np.abs(b, out=t2)
                np.maximum(t1, t2, out=tol)
                tol *= rtol
                tol += atol
                np.multiply(tol, 2.0, out=t1)
                np.less_equal(width, t1, out=m)
            else:
                np.less_equal(width, 2.0 * tol, out=m)
            done |= m
            np.equal(fa, 0.0, out=m)
            done |= m
            # Next point: inverse quadratic interpolation where Chandrupatla's test allows
            # it, else bisection; never closer than tol/2 to either end.
            np.subtract(a, b, out=t1)
            np.subtract(c, b, out=t2)
            t1 /= t2  # xi
            np.subtract(fa, fb, out=t2)
            np.subtract(fc, fb, out=t3)
            t2 /= t3  # phi
            np.multiply(t2, t2, out=t3)
            np.less(t3, t1, out=iqi)
            np.subtract(1.0, t2, out=t3)
            t3 *= t3
            np.subtract(1.0, t1, out=t1)
            np.less(t3, t1, out=m)
            iqi &= m
            np.subtract(fb, fa, out=t1)
            np.divide(fa, t1, out=t1)
            np.subtract(fb, fc, out=t2)
            np.divide(fc, t2, out=t2)
            np.multiply(t1, t2, out=tt)
            np.subtract(c, a, out=t1)
            np.subtract(b, a, out=t2)
            t1 /= t2
            np.subtract(fc, fa, out=t2)
            np.divide(fa, t2, out=t2)
            t1 *= t2
            np.subtract(fc, fb, out=t2)
            np.divide(fb, t2, out=t2)
            t1 *= t2
            tt += t1
            np.isfinite(tt, out=m)
            iqi &= m
            np.logical_not(iqi, out=m)
            tt[m] = 0.5
            np.divide(tol, width, out=t1)
            t1 *= 0.5
            np.minimum(t1, 0.5, out=t1)
            np.maximum(tt, t1, out=tt)
            np.subtract(1.0, t1, out=t1)
            np.minimum(tt, t1, out=tt)
            np.isnan(tt, out=m)
            tt[m] = 0.5
    a_better = np.abs(fa) < np.abs(fb)
    x_best = np.where(a_better, a, b)
    f_best = np.where(a_better, fa, fb)
    if ends is not None:
        # Unbracketed points: report the end of [lo, hi] whose value lies nearer the target.
        a0, fa0, b0, fb0 = ends
        nearer_hi = np.abs(fa0) < np.abs(fb0)
        x_best = np.where(bracketed, x_best, np.where(nearer_hi, a0, b0))
        f_best = np.where(bracketed, f_best, np.where(nearer_hi, fa0, fb0))
    return RootResult(
        x=to_x(x_best),
        residual=f_best,
        converged=done & bracketed,
        bracketed=bracketed,
        iterations=iterations,
    )


def solve_for_target(
    fn: Callable[[np.ndarray], ArrayLike],
    target: ArrayLike,
    lo: ArrayLike,
    hi: ArrayLike,
    *,
    x_scale: str = "log",
    y_scale: str = "linear",
    rtol: float = 1e-10,
    atol: float = 0.0,
    max_iter: int = 100,
) -> float | np.ndarray:
    """The ``x`` in ``[lo, hi]`` with ``fn(x) = target`` at every point (unit of ``lo``/``hi``).

    Same arguments as :func:`solve_monotone`. Raises ConfigError where the target is not
    bracketed and PhysicsError where a point did not converge within ``max_iter``.
    Example: the OMA (W) giving BER 2.4e-4, ``solve_for_target(lambda oma: ber_of(oma), 2.4e-4,
    1e-6, 1e-2, y_scale="q")``.
    """
    res = solve_monotone(
        fn, target, lo, hi, x_scale=x_scale, y_scale=y_scale, rtol=rtol, atol=atol, max_iter=max_iter
    )
    if not res.converged.all():
        bad = np.flatnonzero(~res.converged)
        raise PhysicsError(
            f"solve_for_target: no convergence within {max_iter} iterations at {bad.size} of {res.converged.size} points "
            f"(flat indices {_fmt_points(bad)}); raise max_iter or loosen rtol/atol"
        )
    return float(res.x) if res.x.ndim == 0 else res.x
