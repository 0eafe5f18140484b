"""Classical models of arms races and deterrence.

Sources
-------
- [schelling1960, ch. 9]: "The reciprocal fear of surprise attack".
- [intriligator1984]: the deterrence cone.
- [richardson1960]; the discrete form as in [leik1975].

Every function raises :class:`anpo.errors.InputError` for an argument that is not a finite
number (a NaN made a NaN result, ``deterred`` answered False and the Richardson solvers raised
numpy's LinAlgError); the Richardson models take single numbers, and a path that leaves the
floating-point range (an explosive race over many steps) is an ``InputError`` saying where,
not a path ending in inf and NaN.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import linalg

from anpo._checks import broadcast, numbers
from anpo.errors import InputError

__all__ = [
    "schelling_instability",
    "deterred",
    "deterrence_regions",
    "richardson_equilibrium",
    "richardson_eigenvalues",
    "richardson_continuous",
    "richardson_discrete",
]


#: Most steps :func:`richardson_discrete` computes (its result holds ``steps + 1`` rows).
MAX_STEPS = 10_000_000


def _finite(**named: object) -> None:
    """An :class:`InputError` naming the first argument that is not finite (NaN or an
    infinity), which the models would turn into a NaN result or a LinAlgError."""
    for name, value in named.items():
        arr = numbers(name, value)
        if not np.all(np.isfinite(arr)):
            raise InputError(f"must be a finite number, got {value!r}", field=name)


def _diverged(out: np.ndarray, field: str, where: np.ndarray) -> None:
    """An :class:`InputError` on ``field`` when a Richardson path leaves the floating-point
    range (it read inf, then NaN from inf - inf), saying where (``where[row]``, a step or a
    time): the race diverges there; ask for a shorter path."""
    bad = ~np.all(np.isfinite(out), axis=1)
    if np.any(bad):
        at = where[int(np.argmax(bad))]
        raise InputError(
            f"the arms race diverges beyond the floating-point range (levels above 1e308) at "
            f"{field[:-1]} {at:g}; ask for a shorter path",
            field=field,
        )


def _scalars(**named: Any) -> None:
    """:func:`_finite`, and each argument a single number: the Richardson models take scalars
    (an array was numpy's 'truth value of an array is ambiguous' or 'inhomogeneous shape')."""
    _finite(**named)
    for name, value in named.items():
        if np.ndim(value) != 0:
            raise InputError(f"must be a single number, got {value!r}", field=name)


def schelling_instability(
    d1: float | np.ndarray,
    d2: float | np.ndarray,
    e1: float | np.ndarray,
    e2: float | np.ndarray,
) -> float | np.ndarray:
    """Schelling's reciprocal fear of surprise attack: ``(D1 - D2)(d1 - d2)``.

    ``D1``/``D2`` = damage side 1 inflicts striking first / second; ``d1``/``d2`` the same for
    side 2 (here ``e1``/``e2``). Large and positive when each side gains from going first
    (``D1 > D2`` and ``d1 > d2``), so each fears the other will [schelling1960, ch. 9]. Zero when
    either side's damage does not depend on who strikes first. The product alone does not say
    which side of zero each difference is on: it is positive too when both sides would inflict
    more by striking second (both differences negative), where neither fears a surprise attack,
    and negative when only one side gains from going first; read the two differences with it.
    """
    _finite(d1=d1, d2=d2, e1=e1, e2=e2)
    broadcast(d1=d1, d2=d2, e1=e1, e2=e2)
    out = (np.asarray(d1, float) - np.asarray(d2, float)) * (
        np.asarray(e1, float) - np.asarray(e2, float)
    )
    return float(out) if np.ndim(out) == 0 else out


def _non_negative(**named: object) -> None:
    """An :class:`InputError` naming the first of ``named`` (by the caller's name for it) that
    holds a negative number: the cone's quantities [intriligator1984] are missile counts, kills
    per missile and damages, none of which is negative."""
    for name, value in named.items():
        if np.any(np.asarray(value, float) < 0):
            what = {
                "m": "a missile count",
                "f": "missiles destroyed per attacking missile",
                "v": "damage per retaliating missile",
                "c": "the damage the side will not accept",
            }[name[0]]
            raise InputError(f"must be non-negative ({what}), got {value!r}", field=name)


def deterred(
    m_attacker: float | np.ndarray,
    m_defender: float | np.ndarray,
    f: float | np.ndarray,
    v: float | np.ndarray,
    cbar: float | np.ndarray,
) -> bool | np.ndarray:
    """True when the attacker is deterred: ``v (M_def - f M_att) >= Cbar`` [intriligator1984].

    ``f`` = defender missiles destroyed per attacking missile, ``v`` = damage per retaliating
    missile, ``Cbar`` = the attacker's unacceptable damage. Retaliating forces cannot be negative.
    The model's quantities are counts and damages, never negative (the source defines no
    meaning for a negative one): a negative ``m_attacker``, ``m_defender``, ``f``, ``v`` or
    ``cbar`` is an :class:`InputError` naming that argument (a negative ``f`` added missiles to
    the retaliation, a negative ``v`` or ``Cbar`` made every attacker deterred; a negative
    count was named ``m``, for either side).

    >>> bool(deterred(200, 120, 0.5, 1, 50)), bool(deterred(120, 200, 0.5, 1, 50))
    (False, True)
    """
    _finite(m_attacker=m_attacker, m_defender=m_defender, f=f, v=v, cbar=cbar)
    broadcast(m_attacker=m_attacker, m_defender=m_defender, f=f, v=v, cbar=cbar)
    _non_negative(m_attacker=m_attacker, m_defender=m_defender, f=f, v=v, cbar=cbar)
    ma = np.asarray(m_attacker, float)
    md = np.asarray(m_defender, float)
    surviving = np.maximum(md - np.asarray(f, float) * ma, 0.0)
    out = np.asarray(v, float) * surviving >= np.asarray(cbar, float)
    return bool(out) if out.ndim == 0 else out


def deterrence_regions(
    m_a: np.ndarray,
    m_b: np.ndarray,
    f_a: float,
    f_b: float,
    v_a: float,
    v_b: float,
    cbar_a: float,
    cbar_b: float,
) -> np.ndarray:
    """Classify points of the (M_A, M_B) plane [intriligator1984, fig. 1].

    Returns an integer array: 3 = mutual deterrence (the cone), 2 = only B deterred,
    1 = only A deterred, 0 = neither. ``f_a`` = B missiles destroyed per attacking A missile,
    ``v_b`` = damage to A per retaliating B missile, ``cbar_a`` = A's unacceptable damage, etc.
    A negative one is an :class:`InputError` naming it as written here (``f_a``, ``v_b``):
    it was named by :func:`deterred`'s parameters (``f``, ``v``, ``cbar``, ``m``), which do
    not say which side's.
    """
    # named as the caller wrote them: deterred's own check said 'm_attacker' for a bad m_a
    _finite(m_a=m_a, m_b=m_b, f_a=f_a, f_b=f_b, v_a=v_a, v_b=v_b, cbar_a=cbar_a, cbar_b=cbar_b)
    broadcast(m_a=m_a, m_b=m_b, f_a=f_a, f_b=f_b, v_a=v_a, v_b=v_b, cbar_a=cbar_a, cbar_b=cbar_b)
    _non_negative(
        m_a=m_a, m_b=m_b, f_a=f_a, f_b=f_b, v_a=v_a, v_b=v_b, cbar_a=cbar_a, cbar_b=cbar_b
    )
    a_det = deterred(m_a, m_b, f_a, v_b, cbar_a)
    b_det = deterred(m_b, m_a, f_b, v_a, cbar_b)
    return np.asarray(a_det, int) + 2 * np.asarray(b_det, int)


# ----------------------------------------------------------------------------- Richardson
def richardson_equilibrium(
    a: float, b: float, k: float, l: float, g: float, h: float
) -> tuple[float, float, bool]:
    """Equilibrium of ``dx/dt = k y - a x + g``, ``dy/dt = l x - b y + h`` [richardson1960].

    ``x* = (b g + k h)/(a b - k l)``, ``y* = (a h + l g)/(a b - k l)``; stable iff ``a b > k l``
    (with ``a, b > 0``, both eigenvalues of ``[[-a, k], [l, -b]]`` are then negative). Raises
    :class:`InputError` when ``a b = k l`` (no unique equilibrium).

    >>> x, y, s = richardson_equilibrium(5, 3, 2, 2, 5, 5)
    >>> round(x * 11, 9), round(y * 11, 9), s
    (25.0, 35.0, True)
    """
    _scalars(a=a, b=b, k=k, l=l, g=g, h=h)
    det = a * b - k * l
    if abs(det) < 1e-15:
        raise InputError("a*b == k*l: the reaction lines are parallel, no unique equilibrium")
    x_star = (b * g + k * h) / det
    y_star = (a * h + l * g) / det
    eig = np.linalg.eigvals(np.array([[-a, k], [l, -b]], dtype=float))
    stable = bool(np.all(eig.real < 0))
    return float(x_star), float(y_star), stable


def richardson_eigenvalues(a: float, b: float, k: float, l: float) -> np.ndarray:
    """Eigenvalues of the Richardson system matrix ``[[-a, k], [l, -b]]``, sorted descending
    (the system is stable when both are negative) [richardson1960]."""
    _scalars(a=a, b=b, k=k, l=l)
    eig = np.linalg.eigvals(np.array([[-a, k], [l, -b]], dtype=float))
    return np.sort(eig.real)[::-1]


def richardson_continuous(
    x0: float,
    y0: float,
    a: float,
    b: float,
    k: float,
    l: float,
    g: float,
    h: float,
    times: np.ndarray,
) -> np.ndarray:
    """Exact solution of the continuous Richardson system at ``times`` (shape ``(len(times), 2)``).

    Uses the matrix exponential: ``z(t) = z* + expm(A t)(z0 - z*)`` when ``A`` is invertible
    (the linear system of [richardson1960]).
    """
    _scalars(x0=x0, y0=y0, a=a, b=b, k=k, l=l, g=g, h=h)
    _finite(times=times)
    if np.ndim(times) != 1:  # a single time was 'iteration over a 0-d array'
        raise InputError(
            f"must be a 1-D array of times (e.g. [t]), got shape {np.shape(times)}", field="times"
        )
    mat = np.array([[-a, k], [l, -b]], dtype=float)
    forcing = np.array([g, h], dtype=float)
    z0 = np.array([x0, y0], dtype=float)
    t = np.asarray(times, dtype=float)
    if abs(np.linalg.det(mat)) < 1e-15:
        raise InputError("singular Richardson system (a*b == k*l)")
    z_star = -np.linalg.solve(mat, forcing)
    with np.errstate(over="ignore", invalid="ignore"):
        out = np.array([z_star + linalg.expm(mat * ti) @ (z0 - z_star) for ti in t])
    _diverged(out.reshape(-1, 2), "times", t)
    return out


def richardson_discrete(
    x0: float,
    y0: float,
    sx: float,
    sy: float,
    fx: float,
    fy: float,
    gx: float,
    gy: float,
    steps: int,
) -> np.ndarray:
    """Discrete-time Richardson model ([leik1975] style).

    ``X' = X + sx*Y - fx*X + gx``, ``Y' = Y + sy*X - fy*Y + gy``; returns an array of shape
    ``(steps + 1, 2)`` starting with ``(x0, y0)``.
    """
    _scalars(x0=x0, y0=y0, sx=sx, sy=sy, fx=fx, fy=fy, gx=gx, gy=gy, steps=steps)
    if isinstance(steps, bool) or steps < 0 or int(steps) != steps:
        raise InputError("steps must be a non-negative integer", field="steps")
    if steps > MAX_STEPS:
        raise InputError(
            f"steps must be at most {MAX_STEPS:,} (the result holds a row per step), got {steps}",
            field="steps",
        )
    out = np.empty((int(steps) + 1, 2))
    out[0] = (x0, y0)
    x, y = float(x0), float(y0)
    for i in range(1, int(steps) + 1):
        x, y = x + sx * y - fx * x + gx, y + sy * x - fy * y + gy
        out[i] = (x, y)
    _diverged(out, "steps", np.arange(out.shape[0]))
    return out
