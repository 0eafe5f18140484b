"""Nash equilibrium of voluntary contributions to alliance defense.

Pure public good ([olson1966]; [bergstrom1986]; [cornes1996, ch. 6]): ally ``i`` with income
``I_i`` splits it between private consumption ``y_i`` and defense ``q_i`` (unit price), and
enjoys the alliance total ``Q = sum_j q_j``. Joint products ([sandler1977]; [cornes1984]; [cornes1996, ch. 9]): defense also yields an ally-specific private benefit ``x_i = q_i`` (the
activity's private characteristic), so ``U_i(y_i, Q, x_i)``.

Solver: Cornes & Hartley's replacement functions [cornes2007]. For a candidate total ``Q``, ally ``i``'s replacement
``r_i(Q)`` is the contribution that makes ``q_i`` a best reply to ``Q - q_i``; it solves the
first-order condition ``U_Q + U_x = U_y`` at ``(I_i - q_i, Q, q_i)`` (or is 0 when the condition
cannot be met). With normal goods each ``r_i`` falls in ``Q`` and the equilibrium is the unique
root of ``sum_i r_i(Q) = Q``, found by bracketing. Marginal utilities are exact for
:func:`cobb_douglas` and taken numerically otherwise (Ridders' extrapolated differences
[ridders1982]; [press2007, sec. 5.7], accurate at any level of ``Q``), so any smooth,
increasing, quasi-concave utility works; the closed forms below check it. An all-zero
equilibrium is returned only when every ally's marginal utility of defense is positive but
below that of income at a total of (almost) nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
from scipy.optimize import brentq

from anpo._checks import numbers, truth_value, whole_number
from anpo.errors import BurdenError

__all__ = [
    "NashResult",
    "cobb_douglas",
    "nash_contributions",
    "nash_joint_product_symmetric_closed_form",
    "nash_public_good_closed_form",
]

#: ``U(y, Q, x) -> float``: private consumption, alliance defense, own private defense benefit.
Utility = Callable[[float, float, float], float]


@dataclass(frozen=True)
class NashResult:
    """A Nash equilibrium of voluntary contributions.

    ``contributions[i]`` is ally i's defense spending ``q_i``; ``total`` = sum; ``burden[i]`` =
    ``q_i / I_i`` (defense share of income); ``contributors`` marks ``q_i > 0``.
    """

    income: np.ndarray
    contributions: np.ndarray
    total: float
    model: str
    method: str

    @property
    def burden(self) -> np.ndarray:
        return self.contributions / self.income

    @property
    def contributors(self) -> np.ndarray:
        return self.contributions > 1e-12 * max(1.0, float(self.income.max()))


#: Largest ratio of incomes the numerical equilibrium takes: its brackets and difference steps
#: are relative (1e-12 and a fraction of a value), which must stay normal doubles for the smallest
#: ally.
MAX_INCOME_SPAN = 1e200


def _check_income(income: Any) -> np.ndarray:
    # a dict or text was numpy's bare TypeError/ValueError, and True an income of 1
    # a copy: the result's income was the caller's array, so editing it changed result.burden
    inc = np.array(numbers("income", income, error=BurdenError), dtype=float, copy=True)
    if inc.ndim != 1 or inc.size < 1:
        raise BurdenError("income must be a non-empty 1-D array", field="income")
    if not np.all(np.isfinite(inc)) or np.any(inc <= 0):
        raise BurdenError("incomes must be positive and finite", field="income")
    return inc


def check_income_span(income: Any) -> np.ndarray:
    """Positive, finite incomes within :data:`MAX_INCOME_SPAN` of each other (what the
    numerical equilibrium can solve), as a float array; else :class:`BurdenError`."""
    inc = _check_income(income)
    span = 10.0 ** min(float(np.log10(inc.max()) - np.log10(inc.min())), 308.0)
    if span > MAX_INCOME_SPAN:
        raise BurdenError(
            f"incomes span a factor of {span:.3g}; the numerical equilibrium takes them within "
            f"a factor of {MAX_INCOME_SPAN:g} of each other (the smallest ally's effect on the "
            "total is far below double precision: leave it out)",
            field="income",
        )
    return inc


#: Smallest positive taste weight accepted: below it (subnormal weights such as 1e-320) the
#: closed form's ratio (1 - a) / a overflows; such a weight means "does not care", i.e. 0.
MIN_WEIGHT = 1e-9


def check_taste_weights(a: Any, b: Any = 0.0) -> None:
    """``a`` (and a nonzero ``b``) at least :data:`MIN_WEIGHT`, else :class:`BurdenError` naming
    the weight."""
    for name, w in (("a", a), ("b", b)):
        arr = np.asarray(w, dtype=float)
        low = (arr > 0) & (arr < MIN_WEIGHT)
        if np.any(low):
            raise BurdenError(
                f"{name} = {float(arr[low].flat[0]):g} is below {MIN_WEIGHT:g}: a taste weight that "
                "small is no weight at all (use 0 for b; a must be positive)",
                field=name,
            )


def _check_public_weights(a: Any, n: int) -> np.ndarray:
    """The public-good weights ``a`` as ``n`` floats (a scalar is broadcast), each positive,
    finite and at least :data:`MIN_WEIGHT`; else :class:`BurdenError` on field ``a``."""
    arr = numbers("a", a, error=BurdenError)
    try:
        arr = np.broadcast_to(arr, (n,)).copy()
    except ValueError:
        raise BurdenError(
            f"a has shape {arr.shape}; give one weight or one per ally ({n})", field="a"
        ) from None
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise BurdenError("a must be positive and finite", field="a")
    check_taste_weights(arr)
    return arr


@dataclass(frozen=True)
class CobbDouglas:
    """The utility ``c ln y + a ln Q + b ln x`` as a callable, with its exact marginal utilities
    (:meth:`marginals`): the solver needs no finite differences for it, which lose the marginal
    utility of ``Q`` to rounding when ``a`` is small (a = 1e-6 gave a total of 0)."""

    a: float
    b: float
    c: float

    def __call__(self, y: float, q: float, x: float) -> float:
        if y <= 0 or q <= 0 or (self.b > 0 and x <= 0):
            return -math.inf
        return (
            self.c * math.log(y)
            + self.a * math.log(q)
            + (self.b * math.log(x) if self.b > 0 else 0.0)
        )

    def marginals(self, y: float, q: float, x: float) -> tuple[float, float, float]:
        """``(U_y, U_Q, U_x)`` at ``(y, Q, x)``."""
        return self.c / y, self.a / q, (self.b / x if self.b > 0 else 0.0)


def _scalar(name: str, value: Any, rule: str) -> float:
    """``value`` as a finite float, or :class:`BurdenError` on field ``name`` saying ``rule``
    ("... must be ..."): one number (an
    ``int``, ``float``, numpy number or 0-d array), not text (``"0.5"`` passed the finiteness
    check and failed later in arithmetic with a bare TypeError), not a ``bool`` (``True`` was
    read as 1)."""
    try:
        if (
            isinstance(value, (str, bytes, bool, np.bool_))
            or getattr(getattr(value, "dtype", None), "kind", "f") not in "iuf"
            or np.ndim(value) != 0
        ):
            raise TypeError
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number):
        raise BurdenError(f"{rule}, got {value!r}", field=name)
    return number


def cobb_douglas(a: float, b: float = 0.0, c: float | None = None) -> CobbDouglas:
    """Cobb-Douglas utility ``c ln y + a ln Q + b ln x`` (``c = 1 - a - b`` by default).

    ``a``: weight of the alliance-wide (public) defense; ``b``: weight of the ally-specific
    (private) defense benefit, 0 for a pure public good; ``c``: weight of private consumption.
    The utility of the closed forms of [bergstrom1986] and, with ``b``, of the joint-product
    model [cornes1984]; [cornes1996, ch. 9].

    Raises
    ------
    BurdenError
        Naming the weight (``field`` ``a``, ``b`` or ``c``) that is not a finite number (text,
        ``True``, an array, NaN), or breaks ``a > 0``, ``b >= 0``, ``c > 0``.
    """
    what = "Cobb-Douglas weights must be finite numbers"
    wa, wb = _scalar("a", a, what), _scalar("b", b, what)
    wc = 1.0 - wa - wb if c is None else _scalar("c", c, what)
    for name, bad, rule in (
        ("a", wa <= 0, "a > 0"),
        ("b", wb < 0, "b >= 0"),
        ("c", wc <= 0, "c > 0"),
    ):
        if bad:
            given = "c = 1 - a - b" if name == "c" and c is None else name
            value = wc if name == "c" else (wa if name == "a" else wb)
            raise BurdenError(
                f"Cobb-Douglas weights need a > 0, c > 0 and b >= 0; {given} = {value:g} breaks "
                f"{rule}",
                field=name,
            )
    check_taste_weights(wa, wb)
    return CobbDouglas(wa, wb, wc)


def nash_public_good_closed_form(income: Any, a: Any) -> NashResult:
    """Closed-form Nash equilibrium, pure public good, Cobb-Douglas ``(1-a_i) ln y + a_i ln Q``.

    [bergstrom1986, sec. 4] / [cornes1996,
    ch. 6]: an ally contributes iff ``a_i I_i / (1 - a_i) > Q``; among the contributors ``C``,
    ``Q = sum_C I_i / (1 + sum_C (1 - a_i)/a_i)`` and ``q_i = I_i - (1 - a_i) Q / a_i``. The
    contributor set is found by adding allies in decreasing order of ``a_i I_i / (1 - a_i)``.
    """
    inc = _check_income(income)
    aa = _check_public_weights(a, inc.size)
    if np.any(aa >= 1):
        raise BurdenError("public-good weights a must be below 1", field="a")
    theta = aa * inc / (1 - aa)
    order = np.argsort(-theta, kind="stable")
    ratio = (1 - aa) / aa
    q_total = 0.0
    k_star = 0
    for k in range(1, inc.size + 1):
        c = order[:k]
        qk = inc[c].sum() / (1 + ratio[c].sum())
        if theta[order[k - 1]] > qk:
            q_total, k_star = qk, k
        else:
            break
    contrib = np.zeros_like(inc)
    c = order[:k_star]
    contrib[c] = inc[c] - ratio[c] * q_total
    return NashResult(inc, contrib, float(contrib.sum()), "pure public good", "closed form (BBV)")


def nash_joint_product_symmetric_closed_form(
    n: int, income: float, a: float, b: float, c: float | None = None
) -> NashResult:
    """Closed form, ``n`` identical allies, joint product, Cobb-Douglas ``c ln y + a ln Q + b ln x``.

    First-order condition at the symmetric equilibrium ``Q = n q``: ``c / (I - q) = a / (n q) +
    b / q``, so ``q = (a/n + b) I / (c + a/n + b)`` ([cornes1984]; [cornes1996, ch. 9]; with
    ``b = 0`` it is the pure-public-good result ``q = a I / (a + n (1 - a))``).

    ``n`` is an integer, ``income`` one positive finite number (not text, not ``True``), the
    weights as in :func:`cobb_douglas`; else :class:`BurdenError` naming the argument.
    """
    # a NaN or infinite income or weight gave NaN contributions; n = 2.5 a numpy TypeError
    n = whole_number(
        n, "n", error=BurdenError, minimum=1, floats=False, what="an integer count of allies"
    )
    # text ("1") and True passed the finiteness check and were read as 1
    money = _scalar("income", income, "income must be a positive finite number")
    if money <= 0:
        raise BurdenError(
            f"income must be a positive finite number, got {income!r}", field="income"
        )
    weights = cobb_douglas(a, b, c)  # finite weights, a > 0, c > 0, b >= 0 (BurdenError)
    a, b, c, income = weights.a, weights.b, weights.c, money
    q = (a / n + b) * income / (c + a / n + b)
    inc = np.full(n, float(income))
    contrib = np.full(n, q)
    return NashResult(inc, contrib, float(q * n), "joint product", "closed form (symmetric)")


#: Ridders' extrapolation: each step is the previous one divided by this factor ...
_RIDDERS_SHRINK = 1.4
#: ... for at most this many steps (Numerical Recipes' CON and NTAB) ...
_RIDDERS_STEPS = 10
#: ... and it stops once the error of the newest row grows past this multiple of the best error.
_RIDDERS_SAFE = 2.0
#: Unit roundoff of a double (half the machine epsilon).
_UNIT_ROUNDOFF = 2.0**-53


def _utility_value(u: Utility, y: float, q: float, x: float) -> float:
    """``u(y, q, x)`` as a float; :class:`BurdenError` on field ``utility`` when it is not a
    number (text was a bare TypeError deep in the solver)."""
    value = u(y, q, x)
    try:
        if isinstance(value, (str, bytes, bool, np.bool_)) or np.ndim(value) != 0:
            raise TypeError
        return float(value)
    except (TypeError, ValueError):
        raise BurdenError(
            f"the utility must return a number; U(y={y:.6g}, Q={q:.6g}, x={x:.6g}) = {value!r}",
            field="utility",
        ) from None


def _ridders(f: Callable[[float], float], v: float, h: float, central: bool) -> tuple[float, float]:
    """Ridders' extrapolated derivative ``f'(v)`` from first step ``h`` and its error estimate.

    Central differences ``(f(v + h) - f(v - h)) / 2h`` (error series in ``h^2``) or forward ones
    ``(f(v + h) - f(v)) / h`` (series in ``h``), the step shrunk by 1.4 a row and extrapolated to
    ``h -> 0`` by Neville's tableau, stopping when the newest row is worse [ridders1982];
    [press2007, sec. 5.7]. The error estimate is the tableau's plus the rounding error of the
    smallest step taken, ``2 u max|f| / h`` [nocedal2006, sec. 8.1]: the tableau alone reads
    differences lost to rounding (all 0) as exact.
    """
    f0 = 0.0 if central else f(v)
    tableau: list[list[float]] = []
    best, best_err, size = math.nan, math.inf, abs(f0)
    for i in range(_RIDDERS_STEPS):
        up = f(v + h)
        down = f(v - h) if central else f0
        size = max(size, abs(up), abs(down))
        row = [(up - down) / ((2.0 if central else 1.0) * h)]
        for j in range(1, i + 1):
            fac = _RIDDERS_SHRINK ** (2 * j if central else j)
            row.append((row[j - 1] * fac - tableau[i - 1][j - 1]) / (fac - 1.0))
            err = max(abs(row[j] - row[j - 1]), abs(row[j] - tableau[i - 1][j - 1]))
            if err <= best_err:
                best, best_err = row[j], err
        tableau.append(row)
        if i == 0:
            best = row[0]
        elif abs(row[i] - tableau[i - 1][i - 1]) >= _RIDDERS_SAFE * best_err:
            break
        h /= _RIDDERS_SHRINK
    return best, best_err + 2.0 * _UNIT_ROUNDOFF * size / h


def _derivative(f: Callable[[float], float], v: float, scale: float) -> float:
    """``f'(v)`` for ``v > 0``, accurate at any level of ``v``; ``scale`` is the variable's
    typical size (the incomes).

    Central differences err by ``O(h^2)`` (truncation) plus ``O(u |f| / h)`` (rounding, ``u``
    the unit roundoff), so no single step suits every level [nocedal2006, sec. 8.1]: a step
    relative to ``v`` (it was ``1e-6 v``) is lost to rounding in ``ln(1 + Q)`` at ``Q = 6e-11``
    (``U_Q`` came out 0), while a step scaled to the incomes steps below zero, where a log
    utility is undefined. So: Ridders' extrapolation [ridders1982]; [press2007, sec. 5.7] of
    central differences from the largest step inside the domain (``h = v / 2``: ``y``, ``Q``
    and ``x`` are positive), and, when their error estimate (rounding included) is above
    ``1e-10`` of the estimate, of forward differences from a step of half the variable's scale
    (the incomes, at least 1: ``ln(1e6 + Q)`` at ``Q = 1e-12``), keeping the estimate whose
    error estimate is smaller.
    """
    if not v > 0:  # pragma: no cover - the solver's points are positive
        return math.nan
    est, err = _ridders(f, v, 0.5 * v, central=True)
    big = 0.5 * max(scale, 1.0)
    if big > 0.5 * v and not err <= 1e-10 * abs(est):
        est_f, err_f = _ridders(f, v, big, central=False)
        if err_f < err:
            est = est_f
    return est


def _marginals(
    u: Utility, y: float, q: float, x: float, joint: bool = True, scale: float = 1.0
) -> tuple[float, float, float]:
    """Marginal utilities ``(U_y, U_Q, U_x)`` at ``(y, Q, x)``: the utility's own
    (``u.marginals``, e.g. :class:`CobbDouglas`) when it has them, else numerical ones
    (:func:`_derivative`, accurate at any level of the variable: it was a step of ``1e-6`` of
    the value, lost to rounding in ``ln(1 + Q)`` at small ``Q``). ``U_x`` is 0 unless
    ``joint`` (a pure public good does not read ``x``).

    Raises
    ------
    BurdenError
        On field ``utility`` when the utility is not a number or a marginal utility is NaN
        (brentq's bare ValueError before).
    """
    exact = getattr(u, "marginals", None)
    if exact is not None:
        uy, uq, ux = cast(tuple[float, float, float], exact(y, q, x))
        got = (float(uy), float(uq), float(ux) if joint else 0.0)
    else:
        got = (
            _derivative(lambda t: _utility_value(u, t, q, x), y, scale),
            _derivative(lambda t: _utility_value(u, y, t, x), q, scale),
            _derivative(lambda t: _utility_value(u, y, q, t), x, scale) if joint else 0.0,
        )
    if any(math.isnan(m) for m in got):
        raise BurdenError(
            f"the utility's marginal utilities at y = {y:.6g}, Q = {q:.6g}, x = {x:.6g} are "
            f"{tuple(float(m) for m in got)}: it must be a smooth, increasing function, a number "
            "(not NaN) wherever y, Q and x are positive",
            field="utility",
        )
    return got


def _replacement(u: Utility, inc: float, big_q: float, joint: bool, scale: float) -> float:
    """Ally's contribution consistent with total ``big_q`` [cornes2007].

    The root in ``q`` of ``U_Q + U_x - U_y`` at ``(inc - q, big_q, q)``, searched on ``(0, inc)``;
    it may exceed ``big_q``, which tells the caller that ``big_q`` is too small to be an
    equilibrium total. ``scale`` (the alliance's income) sizes the difference steps of a
    utility without exact marginals (:func:`_derivative`).
    """
    hi = inc

    def foc(q: float) -> float:
        y = inc - q
        x = q if joint else 1.0
        uy, uq, ux = _marginals(u, y, big_q, x, joint, scale)
        return uq + ux - uy

    lo_q = hi * 1e-12
    f_lo = foc(lo_q)
    if f_lo <= 0:
        return 0.0
    hi_q = hi * (1 - 1e-12)
    f_hi = foc(hi_q)
    if f_hi >= 0:
        return hi_q
    # the tolerance is relative to the ally's income: an absolute floor (it was 1e-14) is wider
    # than the whole bracket of an ally whose income is 1e-15 of the largest
    return float(brentq(foc, lo_q, hi_q, xtol=1e-14 * hi, rtol=1e-13, maxiter=200))


def nash_contributions(
    income: Any,
    utility: Utility | Sequence[Utility],
    *,
    joint_product: bool = False,
) -> NashResult:
    """Numerical Nash equilibrium of voluntary defense contributions (any smooth utilities).

    Parameters
    ----------
    income:
        Incomes ``I_i`` (e.g. GDP), positive.
    utility:
        One ``U(y, Q, x) -> float`` for every ally, or a sequence of them (``x``, the private
        benefit of one's own defense, is ignored unless ``joint_product``). Must be increasing and
        quasi-concave with all goods normal (the conditions under which the equilibrium is unique:
        [bergstrom1986]; [cornes2007]), and a number wherever ``y``, ``Q`` and ``x`` are positive
        (it is only called there). Without exact marginals (``u.marginals``, as
        :func:`cobb_douglas` has) they are taken by Ridders' extrapolated differences.
    joint_product:
        False: pure public good; True: defense also yields ``x_i = q_i`` privately.

    Returns
    -------
    NashResult
        With a copy of the incomes (the caller's array is not kept).

    Raises
    ------
    BurdenError
        On field ``income`` for incomes that are not positive finite numbers; on field
        ``utility`` for a utility that is not a function, returns something other than a number
        or NaN, or does not increase in defense where the answer would be "nobody contributes".

    Notes
    -----
    Method: replacement functions and a bracketing root of ``sum_i r_i(Q) = Q`` (see the module
    docstring). The result is checked against the Cobb-Douglas closed forms and, for plain
    utilities, against [bergstrom1986]'s neutral equilibrium of ``c ln y + a ln(Q + k)`` in the
    tests.
    """
    truth_value(joint_product, "joint_product", error=BurdenError)  # the text "no" was truthy
    inc = check_income_span(income)
    n = inc.size
    if callable(utility):
        us: list[Utility] = [utility] * n
    else:
        try:
            us = list(utility)
        except TypeError:  # a number (the closed forms' weight a) was 'not iterable'
            us = [utility]  # type: ignore[list-item]
        if not all(callable(u) for u in us):
            raise BurdenError(
                f"utility must be a function U(y, Q, x) (e.g. cobb_douglas(a)) or one per ally, "
                f"got {utility!r}",
                field="utility",
            )
        if len(us) != n:
            raise BurdenError(f"{len(us)} utilities for {n} allies", field="utility")

    total_income = float(inc.sum())

    def excess(big_q: float) -> float:
        return (
            sum(_replacement(us[i], inc[i], big_q, joint_product, total_income) for i in range(n))
            - big_q
        )

    lo = total_income * 1e-12
    hi = total_income * (1 - 1e-12)
    f_lo = excess(lo)
    if f_lo <= 0:
        _check_no_one_contributes(us, inc, lo, joint_product)
        contrib = np.zeros(n)
        return NashResult(inc, contrib, 0.0, _model(joint_product), "replacement functions")
    if excess(hi) >= 0:
        raise BurdenError("no interior equilibrium: utilities must keep private consumption")
    # relative tolerance only: with a small weight a the replacement functions fall with slope
    # -1/a, so an absolute tolerance of the order of the incomes lost the whole answer
    q_star = float(brentq(excess, lo, hi, xtol=1e-300, rtol=4e-15, maxiter=500))
    contrib = np.array(
        [_replacement(us[i], inc[i], q_star, joint_product, total_income) for i in range(n)]
    )
    return NashResult(
        inc, contrib, float(contrib.sum()), _model(joint_product), "replacement functions"
    )


def _check_no_one_contributes(
    us: Sequence[Utility], inc: np.ndarray, lo: float, joint: bool
) -> None:
    """Refuse an all-zero equilibrium that rests on a marginal utility of defense of 0.

    No contribution at all is an equilibrium when, at a total of (almost) nothing, every ally
    prefers its last unit of income kept: ``U_Q + U_x <= U_y`` at ``(I_i, lo, 0+)``. That needs
    the marginal utility of defense to be positive there, as the module asks of every utility
    (increasing in ``Q``); when it comes out 0 (or below), the answer would rest on a flat
    utility or on a marginal lost to rounding (it was: ``ln y + ln(1 + Q)`` with incomes 10, 20,
    30 gave contributions 0, 0, 0 for the equilibrium 0, 3, 13), so it is refused, not returned.
    """
    for i, (u, income) in enumerate(zip(us, inc, strict=True)):
        y = float(income) * (1 - 1e-12)
        x = float(income) * 1e-12 if joint else 1.0
        _, uq, ux = _marginals(u, y, lo, x, joint, float(inc.sum()))
        if not uq + ux > 0:
            raise BurdenError(
                f"the marginal utility of defense of ally #{i + 1} is {uq + ux:.3g} at a total "
                f"of Q = {lo:.3g}: the equilibrium needs utilities that increase in defense "
                "(a flat utility has no defined contributions)",
                field="utility",
            )


def _model(joint: bool) -> str:
    return "joint product" if joint else "pure public good"
