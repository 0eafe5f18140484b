"""Nash equilibrium of voluntary contributions: numerical solver vs Cobb-Douglas closed forms."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from anpo.burden import (
    cobb_douglas,
    nash_contributions,
    nash_joint_product_symmetric_closed_form,
    nash_public_good_closed_form,
)
from anpo.errors import BurdenError

incomes = st.lists(st.floats(1.0, 1000.0, allow_nan=False), min_size=2, max_size=8)


def test_closed_form_hand_example() -> None:
    """[bergstrom1986] Cobb-Douglas case, worked by
    hand: a = 0.3, incomes 30, 28, 25, 3. Ratio (1-a)/a = 7/3. With the three rich allies
    contributing, Q = 83 / (1 + 3 * 7/3) = 10.375; q_i = I_i - 7/3 * 10.375; the poorest does
    not contribute because a I / (1 - a) = 9/7 < Q."""
    res = nash_public_good_closed_form([30.0, 28.0, 25.0, 3.0], 0.3)
    q = 83 / 8
    assert res.total == pytest.approx(q)
    assert res.contributions == pytest.approx([30 - 7 / 3 * q, 28 - 7 / 3 * q, 25 - 7 / 3 * q, 0])
    assert res.contributors.tolist() == [True, True, True, False]


def test_single_ally_stand_alone() -> None:
    """One ally alone spends share a of income (Cobb-Douglas demand)."""
    res = nash_public_good_closed_form([100.0], 0.25)
    assert res.total == pytest.approx(25.0)
    num = nash_contributions([100.0], cobb_douglas(0.25))
    assert num.total == pytest.approx(25.0, rel=1e-7)


@settings(max_examples=25, deadline=None)
@given(incomes, st.floats(0.05, 0.6))
def test_numerical_matches_closed_form_pure_public_good(inc: list[float], a: float) -> None:
    cf = nash_public_good_closed_form(inc, a)
    num = nash_contributions(inc, cobb_douglas(a))
    assert num.total == pytest.approx(cf.total, rel=1e-6)
    assert num.contributions == pytest.approx(cf.contributions, rel=1e-5, abs=1e-6 * max(inc))


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(st.floats(1.0, 500.0), st.floats(0.05, 0.7)), min_size=2, max_size=6))
def test_numerical_matches_closed_form_heterogeneous_tastes(
    pairs: list[tuple[float, float]],
) -> None:
    inc = [p[0] for p in pairs]
    a = [p[1] for p in pairs]
    cf = nash_public_good_closed_form(inc, a)
    num = nash_contributions(inc, [cobb_douglas(x) for x in a])
    assert num.total == pytest.approx(cf.total, rel=1e-6)
    assert num.contributions == pytest.approx(cf.contributions, rel=1e-5, abs=1e-6 * max(inc))


@pytest.mark.parametrize(("n", "a", "b"), [(2, 0.2, 0.1), (5, 0.3, 0.05), (12, 0.1, 0.2)])
def test_joint_product_symmetric_closed_form(n: int, a: float, b: float) -> None:
    """[cornes1984]; [cornes1996, ch. 9], identical allies, Cobb-Douglas
    joint product: q = (a/n + b) I / (c + a/n + b)."""
    cf = nash_joint_product_symmetric_closed_form(n, 10.0, a, b)
    num = nash_contributions(np.full(n, 10.0), cobb_douglas(a, b), joint_product=True)
    assert num.contributions == pytest.approx(cf.contributions, rel=1e-6)
    c = 1 - a - b
    q = cf.contributions[0]
    assert c / (10.0 - q) == pytest.approx(a / (n * q) + b / q)


def test_joint_product_without_private_benefit_is_the_pure_good() -> None:
    """b = 0: the symmetric joint-product formula gives q = a I / (a + n (1 - a)), BBV's."""
    cf = nash_joint_product_symmetric_closed_form(4, 10.0, 0.2, 0.0)
    pure = nash_public_good_closed_form(np.full(4, 10.0), 0.2)
    assert cf.contributions == pytest.approx(pure.contributions)


@settings(max_examples=20, deadline=None)
@given(incomes, st.floats(0.05, 0.4), st.floats(0.01, 0.3))
def test_joint_product_first_order_conditions(inc: list[float], a: float, b: float) -> None:
    """Heterogeneous incomes: every ally meets c/(I_i - q_i) = a/Q + b/q_i (interior, since
    the private benefit makes every ally contribute: [cornes1984])."""
    assume(a + b < 0.9)
    c = 1 - a - b
    res = nash_contributions(inc, cobb_douglas(a, b), joint_product=True)
    assert np.all(res.contributions > 0)
    lhs = c / (res.income - res.contributions)
    rhs = a / res.total + b / res.contributions
    assert lhs == pytest.approx(rhs, rel=1e-5)


@settings(max_examples=25, deadline=None)
@given(incomes, st.floats(0.1, 0.5), st.floats(0.0, 1.0))
def test_warr_neutrality(inc: list[float], a: float, frac: float) -> None:
    """[warr1983]: a small income transfer between two
    contributors leaves the equilibrium total unchanged."""
    inc_arr = np.array(inc)
    base = nash_public_good_closed_form(inc_arr, a)
    idx = np.flatnonzero(base.contributors)
    assume(idx.size >= 2)
    i, j = idx[0], idx[1]
    amount = frac * 0.5 * min(base.contributions[i], base.contributions[j])
    moved = inc_arr.copy()
    moved[i] -= amount
    moved[j] += amount
    after = nash_public_good_closed_form(moved, a)
    assert after.total == pytest.approx(base.total, rel=1e-12)
    num = nash_contributions(moved, cobb_douglas(a))
    assert num.total == pytest.approx(base.total, rel=1e-6)


@settings(max_examples=25, deadline=None)
@given(incomes, st.floats(0.05, 0.5))
def test_exploitation_of_the_great_by_the_small(inc: list[float], a: float) -> None:
    """[olson1966]: with a pure public good and identical tastes the defense share
    of income never falls with income."""
    res = nash_public_good_closed_form(inc, a)
    order = np.argsort(res.income)
    burden = res.burden[order]
    assert np.all(np.diff(burden) >= -1e-12)


def test_joint_product_weakens_exploitation() -> None:
    """[sandler1977]: private benefits make small allies contribute, so burdens are less
    disproportionate than under a pure public good."""
    inc = np.array([100.0, 40.0, 20.0, 10.0, 5.0])
    pure = nash_contributions(inc, cobb_douglas(0.2))
    joint = nash_contributions(inc, cobb_douglas(0.15, 0.05), joint_product=True)
    assert pure.contributors.sum() < inc.size
    assert joint.contributors.all()
    # the largest ally carries less of the alliance total than under the pure public good
    top_pure = pure.contributions[0] / pure.total
    top_joint = joint.contributions[0] / joint.total
    assert top_pure == pytest.approx(1.0)
    assert top_joint < top_pure
    # ... though still more than its share of alliance income
    assert top_joint > inc[0] / inc.sum()


def test_invalid_inputs() -> None:
    with pytest.raises(BurdenError):
        nash_public_good_closed_form([10.0, -1.0], 0.2)
    with pytest.raises(BurdenError):
        nash_public_good_closed_form([10.0, 1.0], 1.2)
    with pytest.raises(BurdenError):
        cobb_douglas(0.6, 0.5)
    with pytest.raises(BurdenError):
        nash_contributions([10.0, 5.0], [cobb_douglas(0.2)])
    with pytest.raises(BurdenError):
        nash_joint_product_symmetric_closed_form(0, 10.0, 0.2, 0.1)
    assert math.isinf(cobb_douglas(0.2)(0.0, 1.0, 1.0))


@pytest.mark.parametrize(
    ("a", "message"),
    [
        (0.0, "a must be positive and finite"),
        ([0.2, math.nan], "a must be positive and finite"),
        (-0.1, "a must be positive and finite"),
        (1e-12, "a = 1e-12 is below 1e-09"),
        ([0.2, 0.3, 0.4], r"a has shape \(3,\); give one weight or one per ally \(2\)"),
        ([[0.2, 0.3]], r"a has shape \(1, 2\)"),
    ],
)
def test_closed_form_weight_errors_name_a(a: object, message: str) -> None:
    """Bad public-good weights raise a BurdenError on field ``a`` (a wrong-length array raised
    numpy's broadcasting ValueError before)."""
    with pytest.raises(BurdenError, match=message) as info:
        nash_public_good_closed_form([10.0, 1.0], a)
    assert info.value.field == "a"


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.floats(0.5, 2000.0), st.floats(0.02, 0.8)), min_size=2, max_size=8))
def test_closed_form_is_a_nash_equilibrium_best_responses(
    pairs: list[tuple[float, float]],
) -> None:
    """[bergstrom1986, sec. 4]: with
    U_i = (1 - a_i) ln(I_i - q_i) + a_i ln(q_i + Q_-i) the best reply to the others' total
    Q_-i is q_i = max(0, a_i I_i - (1 - a_i) Q_-i) (the first-order condition, cut at zero).
    Every ally's contribution, zero for the non-contributors (corner solutions), must be its best
    reply: checked here directly, independently of how the contributor set was found."""
    inc = np.array([p[0] for p in pairs])
    a = np.array([p[1] for p in pairs])
    for res in (
        nash_public_good_closed_form(inc, a),
        nash_contributions(inc, [cobb_douglas(x) for x in a]),
    ):
        q = res.contributions
        others = q.sum() - q
        best = np.maximum(0.0, a * inc - (1 - a) * others)
        assert q == pytest.approx(best, rel=1e-6, abs=1e-7 * inc.max())
        assert np.all(q >= 0) and np.all(q < inc)


@pytest.mark.parametrize("span", [1e6, 1e15, 1e30, 1e100])
def test_joint_product_tiny_allies_solve_their_own_first_order_condition(span: float) -> None:
    """[cornes1984]; [cornes1996, ch. 9]: with Cobb-Douglas ``c ln y + a ln Q + b ln x`` an ally
    whose income is negligible beside the total takes ``Q`` as given, and its first-order
    condition ``c / (I - q) = a / Q + b / q`` gives ``q / I -> b / (b + c)`` (0.625 for a = 0.2,
    b = 0.5). The solver used an absolute root tolerance wider than a tiny ally's bracket and a
    difference step below zero (NaN, found by the nightly CLI fuzz run with incomes 1e30, 1, 5)."""
    a, b = 0.2, 0.5
    inc = np.array([1.0, 1.0 / span, 5.0 / span])
    num = nash_contributions(inc, cobb_douglas(a, b), joint_product=True)
    c, q_total = 1 - a - b, num.total
    for i in (1, 2):
        q = num.contributions[i]
        assert c / (inc[i] - q) == pytest.approx(a / q_total + b / q, rel=1e-6)
    if span >= 1e15:
        assert num.burden[1:] == pytest.approx([b / (b + c)] * 2, rel=1e-6)


def test_incomes_beyond_double_precision_are_refused() -> None:
    with pytest.raises(BurdenError, match=r"span a factor of 1e\+250") as info:
        nash_contributions([1.0, 1e-250], cobb_douglas(0.2, 0.5), joint_product=True)
    assert info.value.field == "income"
    # the span itself overflows a division here (nightly fuzz: '--income 1,1.797e308')
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.raises(BurdenError, match=r"span a factor of 1e\+308"):
            nash_contributions([1.0, 1.7976931348623153e308], cobb_douglas(0.2))


@pytest.mark.parametrize(("a", "b", "field"), [(1e-320, 0.0, "a"), (0.2, 5e-324, "b")])
def test_subnormal_taste_weights_are_refused(a: float, b: float, field: str) -> None:
    """A weight of 1e-320 passed 'a > 0' and the closed form's (1 - a) / a overflowed (nightly
    CLI fuzz: ``burden nash --income 1.0 --a 1e-320``); the smallest accepted weight solves."""
    with pytest.raises(BurdenError) as info:
        cobb_douglas(a, b)
    assert info.value.field == field
    with pytest.raises(BurdenError):
        nash_public_good_closed_form([1.0, 2.0], 1e-320)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        tiny = nash_public_good_closed_form([1.0, 2.0], 1e-9)
        num = nash_contributions([1.0, 2.0], cobb_douglas(1e-9))
    assert num.total == pytest.approx(tiny.total, rel=1e-6)


def test_a_plain_utility_function_solves_by_finite_differences() -> None:
    """Any smooth utility may be passed ([cornes2007]); one without exact marginals (a plain
    function, here Cobb-Douglas written out) is solved through central differences and agrees
    with the closed form of [bergstrom1986] at ordinary weights."""

    def plain(y: float, q: float, x: float) -> float:
        return 0.7 * math.log(y) + 0.3 * math.log(q) if y > 0 and q > 0 else -math.inf

    assert not hasattr(plain, "marginals") and hasattr(cobb_douglas(0.3), "marginals")
    inc = [30.0, 28.0, 25.0, 3.0]
    num = nash_contributions(inc, plain)
    cf = nash_public_good_closed_form(inc, 0.3)
    assert num.total == pytest.approx(cf.total, rel=1e-6)
    assert num.contributions == pytest.approx(cf.contributions, rel=1e-5, abs=1e-6)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        # a NaN or infinite income or weight gave NaN (or inf) contributions, no error
        ((3, math.nan, 0.5, 0.2), "income"),
        ((3, math.inf, 0.5, 0.2), "income"),
        ((3, 10.0, math.nan, 0.2), "a"),
        ((3, 10.0, 0.5, math.nan), "b"),
        # a fractional count of allies was numpy's TypeError from np.full
        ((2.5, 10.0, 0.5, 0.2), "n"),
        ((True, 10.0, 0.5, 0.2), "n"),
    ],
)
def test_symmetric_joint_product_refuses_non_finite_input(args: tuple, field: str) -> None:
    with pytest.raises(BurdenError) as info:
        nash_joint_product_symmetric_closed_form(*args)
    assert info.value.field == field


@pytest.mark.parametrize("utility", [0.5, None, [0.5, 0.5]])
def test_nash_contributions_names_a_utility_that_is_not_a_function(utility: object) -> None:
    """A number for ``utility`` (the closed forms' ``a``) was 'float object is not iterable'."""
    with pytest.raises(BurdenError, match="cobb_douglas") as info:
        nash_contributions([10.0, 5.0], utility)  # type: ignore[arg-type]
    assert info.value.field == "utility"


@pytest.mark.parametrize(
    ("args", "field"),
    [
        # text passed the finiteness check (float("0.5")) and failed in 1 - a - b: bare TypeError
        (("0.5",), "a"),
        ((0.3, "0.1"), "b"),
        ((0.3, 0.1, "0.6"), "c"),
        # True was read as a = 1 and refused for c = 0, with no field
        ((True,), "a"),
        ((0.3, False), "b"),
        # the sign rules now name the weight that breaks them
        ((-0.1,), "a"),
        ((0.3, -0.1), "b"),
        ((0.6, 0.5), "c"),
        ((0.3, 0.1, 0.0), "c"),
    ],
)
def test_cobb_douglas_names_the_bad_weight(args: tuple, field: str) -> None:
    """``cobb_douglas("0.5")``, ``(0.3, "0.1")`` and ``c="0.6"`` raised bare TypeErrors; a bad
    weight is a BurdenError naming it (audit33, item 7)."""
    with pytest.raises(BurdenError) as info:
        cobb_douglas(*args)
    assert info.value.field == field


def test_cobb_douglas_takes_numpy_numbers() -> None:
    """numpy scalars (and 0-d arrays) are numbers: accepted as before."""
    u = cobb_douglas(np.float64(0.3), np.int64(0), np.array(0.7))
    assert (u.a, u.b, u.c) == (0.3, 0.0, 0.7)


@pytest.mark.parametrize("income", ["1", True, b"1", 1 + 0j])
def test_symmetric_joint_product_refuses_income_that_is_not_a_number(income: object) -> None:
    """``income="1"`` (and ``True``) were read as 1 although the hint says float (audit33,
    item 8)."""
    with pytest.raises(BurdenError, match="income must be a positive finite number") as info:
        nash_joint_product_symmetric_closed_form(2, income, 0.3, 0.1)  # type: ignore[arg-type]
    assert info.value.field == "income"
    assert nash_joint_product_symmetric_closed_form(2, np.float64(1.0), 0.3, 0.1).total > 0
