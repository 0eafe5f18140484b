"""The numerical Nash equilibrium for utilities without exact marginals (plain functions).

The reference is the neutral equilibrium of [bergstrom1986, sec. 4] for
``U_i = c_i ln y + a_i ln(Q + k)`` (``k >= 0``): the first-order condition
``c_i / y_i = a_i / (Q + k)`` gives a contributor's private consumption ``y_i = r_i (Q + k)``
with ``r_i = c_i / a_i``, so ally ``i`` contributes iff ``I_i > r_i (Q + k)`` and, over the
contributors ``C``, ``Q = sum_C (I_i - r_i (Q + k))``, i.e.
``Q = (sum_C I_i - k sum_C r_i) / (1 + sum_C r_i)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from anpo.burden import nash_contributions, nash_public_good_closed_form
from anpo.burden.equilibrium import _marginals
from anpo.errors import BurdenError


def _log_utility(c: float, a: float, k: float) -> Callable[[float, float, float], float]:
    """``c ln y + a ln(Q + k)`` as a plain function (no ``marginals``: finite differences)."""

    def u(y: float, q: float, x: float) -> float:
        return c * math.log(y) + a * math.log(q + k)

    return u


def _closed_form(
    income: Sequence[float], c: Sequence[float], a: Sequence[float], k: float
) -> np.ndarray:
    """[bergstrom1986, sec. 4]: the contributions of the module docstring's equilibrium, the
    contributors added in decreasing order of the threshold ``I_i / r_i - k`` (ally i
    contributes iff it exceeds ``Q``)."""
    inc, r = np.asarray(income, float), np.asarray(c, float) / np.asarray(a, float)
    theta = inc / r - k
    order = np.argsort(-theta, kind="stable")
    q_total = 0.0
    for m in range(1, inc.size + 1):
        members = order[:m]
        qm = (inc[members].sum() - k * r[members].sum()) / (1 + r[members].sum())
        if theta[order[m - 1]] > qm:
            q_total = qm
        else:
            break
    return np.maximum(0.0, inc - r * (q_total + k))


def test_hand_case_log_one_plus_q_incomes_10_20_30() -> None:
    """[bergstrom1986, sec. 4] with ``ln y + ln(1 + Q)`` (c = a = k = 1): a contributor keeps
    ``y = 1 + Q``. With allies 2 and 3 contributing, ``Q = 20 + 30 - 2 (1 + Q)``, so ``Q = 16``,
    ``q = (0, 20 - 17, 30 - 17) = (0, 3, 13)``; ally 1 stays out since ``10 < 1 + Q = 17``.
    The solver returned (0, 0, 0): its difference step, ``1e-6 Q`` at ``Q = 6e-11``, was lost to
    rounding in ``1 + Q`` and ``U_Q`` came out 0 (audit33, item 1)."""
    res = nash_contributions([10.0, 20.0, 30.0], lambda y, q, x: math.log(y) + math.log(1 + q))
    assert res.contributions == pytest.approx([0.0, 3.0, 13.0], abs=1e-8)
    assert res.total == pytest.approx(16.0, rel=1e-10)
    assert res.contributors.tolist() == [False, True, True]


def test_hand_case_log_y_plus_two_log_one_plus_q_incomes_1_2_3() -> None:
    """[bergstrom1986, sec. 4] with ``ln y + 2 ln(1 + Q)`` (c = 1, a = 2, k = 1): a contributor
    keeps ``y = (1 + Q) / 2``. With allies 2 and 3, ``Q = 5 - (1 + Q)``, so ``Q = 2``, ``y = 1.5``
    and ``q = (0, 0.5, 1.5)``; ally 1 stays out since ``1 < 1.5`` (audit33, item 1: all zero)."""
    u = _log_utility(1.0, 2.0, 1.0)
    res = nash_contributions([1.0, 2.0, 3.0], u)
    assert res.contributions == pytest.approx([0.0, 0.5, 1.5], abs=1e-9)
    assert res.total == pytest.approx(2.0, rel=1e-10)


@pytest.mark.parametrize("q", [6e-11, 1e-12, 1e-6, 1.0, 16.0, 1e6, 1e12])
def test_numerical_marginals_are_accurate_at_any_level_of_q(q: float) -> None:
    """``d/dQ [ln y + ln(1 + Q)] = 1 / (1 + Q)`` and ``d/dy = 1 / y`` (calculus), whatever the
    level of ``Q``: at ``Q = 6e-11`` the old step gave ``U_Q = 0``. ``ln Q`` (a step reaching
    below zero would be undefined) keeps ``U_Q = 1 / Q`` at every level too."""
    uy, uq, ux = _marginals(lambda y, t, x: math.log(y) + math.log(1 + t), 5.0, q, 1.0, False)
    assert uq == pytest.approx(1 / (1 + q), rel=1e-7)
    assert uy == pytest.approx(1 / 5.0, rel=1e-9)
    assert ux == 0.0
    _, uq_log, _ = _marginals(lambda y, t, x: math.log(y) + math.log(t), 5.0, q, 1.0, False)
    assert uq_log == pytest.approx(1 / q, rel=1e-9)


def test_a_large_offset_keeps_its_marginal_at_tiny_q() -> None:
    """``d/dQ ln(1e6 + Q) = 1 / (1e6 + Q)``: at ``Q = 1e-12`` no step inside ``(0, 2Q)`` moves
    ``1e6 + Q``; the forward differences scaled to the incomes (the variable's scale) do."""
    _, uq, _ = _marginals(
        lambda y, t, x: math.log(y) + math.log(1e6 + t), 5.0, 1e-12, 1.0, False, 60.0
    )
    assert uq == pytest.approx(1e-6, rel=1e-6)


allies = st.lists(
    st.tuples(st.floats(0.5, 1000.0), st.floats(0.2, 0.9), st.floats(0.05, 3.0)),
    min_size=1,
    max_size=5,
)


@settings(max_examples=20, deadline=None)
@given(allies, st.sampled_from([0.0, 0.5, 1.0, 10.0]))
def test_numerical_equilibrium_is_the_closed_form_and_each_a_best_reply(
    rows: list[tuple[float, float, float]], k: float
) -> None:
    """For random incomes and log utilities ``c_i ln y + a_i ln(Q + k)`` (plain functions,
    solved by finite differences) the equilibrium is [bergstrom1986, sec. 4]'s closed form
    (module docstring), and each ally's contribution is its best reply to the others' total,
    checked by direct maximisation (scipy's bounded ``minimize_scalar``)."""
    inc = [r[0] for r in rows]
    c = [r[1] for r in rows]
    a = [r[2] for r in rows]
    us = [_log_utility(ci, ai, k) for ci, ai in zip(c, a, strict=True)]
    res = nash_contributions(inc, us)
    expected = _closed_form(inc, c, a, k)
    scale = max(inc)
    assert res.contributions == pytest.approx(expected, rel=1e-6, abs=1e-7 * scale)
    assert res.total == pytest.approx(float(expected.sum()), rel=1e-6, abs=1e-7 * scale)
    for i, u in enumerate(us):
        others = res.total - res.contributions[i]
        best = minimize_scalar(
            lambda q, i=i, u=u, others=others: -u(inc[i] - q, others + q, q),
            bounds=(0.0, inc[i] * (1 - 1e-9)),
            method="bounded",
            options={"xatol": 1e-10 * inc[i]},
        )
        assert res.contributions[i] == pytest.approx(best.x, abs=1e-5 * inc[i])


def test_cobb_douglas_written_out_needs_no_exact_marginals() -> None:
    """The neutral equilibrium with ``k = 0`` is [bergstrom1986]'s Cobb-Douglas closed form."""
    inc = [30.0, 28.0, 25.0, 3.0]
    res = nash_contributions(inc, _log_utility(0.7, 0.3, 0.0))
    assert res.contributions == pytest.approx(
        nash_public_good_closed_form(inc, 0.3).contributions, rel=1e-9, abs=1e-9
    )


def test_an_all_zero_equilibrium_resting_on_a_flat_utility_is_refused() -> None:
    """No contribution is an equilibrium only when every ally prefers income at ``Q = 0+``,
    which needs ``U_Q > 0`` there (the module takes increasing utilities); a utility flat in
    ``Q`` (or a marginal lost to rounding) returned contributions of 0 as an answer."""
    with pytest.raises(BurdenError, match="marginal utility of defense") as info:
        nash_contributions([1.0, 2.0, 3.0], lambda y, q, x: math.log(y))
    assert info.value.field == "utility"


def test_a_true_all_zero_equilibrium_is_still_returned() -> None:
    """``y + 0.5 ln(1 + Q)``: ``U_Q = 0.5 / (1 + Q) < 1 = U_y`` at every ``Q``, so nobody
    contributes (first-order condition, [bergstrom1986, sec. 4])."""
    res = nash_contributions([1.0, 2.0, 3.0], lambda y, q, x: y + 0.5 * math.log(1 + q))
    assert res.contributions.tolist() == [0.0, 0.0, 0.0]


@pytest.mark.parametrize(
    ("utility", "message"),
    [
        (lambda y, q, x: math.nan, "not NaN"),
        (lambda y, q, x: "a", "must return a number"),
        (lambda y, q, x: [1.0], "must return a number"),
    ],
)
def test_a_utility_returning_nan_or_text_names_the_utility(utility: object, message: str) -> None:
    """A NaN utility reached brentq's bare ValueError ('The function value at x=1e-12 is NaN'),
    text a bare TypeError (audit33, item 7)."""
    with pytest.raises(BurdenError, match=message) as info:
        nash_contributions([1.0, 2.0, 3.0], utility)  # type: ignore[arg-type]
    assert info.value.field == "utility"


def test_results_do_not_share_the_callers_income_array() -> None:
    """``NashResult.income`` was the caller's array: editing it afterwards changed the frozen
    result's ``burden`` (audit33, item 5)."""
    from anpo.burden import cobb_douglas

    inc = np.array([1.0, 2.0, 3.0])
    for res in (
        nash_public_good_closed_form(inc, 0.3),
        nash_contributions(inc, cobb_douglas(0.3)),
    ):
        before = res.burden.copy()
        assert not np.shares_memory(res.income, inc)
        inc[:] = [10.0, 20.0, 30.0]
        assert res.burden == pytest.approx(before)
        assert res.income.tolist() == [1.0, 2.0, 3.0]
        inc[:] = [1.0, 2.0, 3.0]


@pytest.mark.parametrize("flag", ["no", 0, 1, None])
def test_joint_product_must_be_a_bool(flag):
    """burden34 left: ``joint_product="no"`` was truthy and solved the joint-product model
    (Sandler & Murdoch 1990's private benefit of one's own defense); a flag that is not a bool
    is a BurdenError naming it, as ``directed`` and ``allow_lua`` are elsewhere."""
    from anpo.burden import cobb_douglas, nash_contributions
    from anpo.errors import BurdenError

    with pytest.raises(BurdenError) as err:
        nash_contributions([1.0, 2.0, 3.0], cobb_douglas(0.3), joint_product=flag)
    assert err.value.field == "joint_product"
