"""Comparative statics of the Nash contribution models, as property tests.

The theorems checked here are not in ``tests/test_burden_equilibrium.py`` (which has the
pairwise Warr transfer, the first-order conditions, the closed forms and the best replies):
neutrality for ANY redistribution among the contributors, the exact income threshold at which a
contributor becomes a non-contributor, the irrelevance of a non-contributor's income, symmetry
(relabelling the allies relabels the equilibrium), the pure public good as the joint-product
model without a private benefit, and the failure of neutrality with joint products.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from anpo.burden import cobb_douglas, nash_contributions, nash_public_good_closed_form

incomes = st.lists(st.floats(1.0, 1000.0, allow_nan=False), min_size=2, max_size=7)
weights = st.floats(0.05, 0.6)


@settings(max_examples=30, deadline=None)
@given(incomes, weights, st.lists(st.floats(-1.0, 1.0), min_size=7, max_size=7))
def test_any_redistribution_among_contributors_is_neutral(
    inc: list[float], a: float, raw: list[float]
) -> None:
    """[warr1983]; [bergstrom1986, sec. 4, neutrality]: a redistribution of income among the
    contributors in which no contributor loses more than its contribution leaves the total
    unchanged, and each contributor's contribution changes by exactly its income change (its
    private consumption is unchanged); the non-contributors are untouched. Many allies lose or
    gain at once here, not one pair."""
    base = nash_public_good_closed_form(inc, a)
    idx = np.flatnonzero(base.contributors)
    assume(idx.size >= 2)
    w = np.array(raw[: idx.size])
    w = w - w.mean()  # transfers sum to zero
    assume(np.abs(w).max() > 1e-3)
    # scale so that no contributor loses 90 % or more of its contribution
    loss_room = 0.9 * base.contributions[idx]
    scale = np.min(np.where(w < 0, loss_room / np.maximum(-w, 1e-300), np.inf))
    transfer = np.zeros(len(inc))
    transfer[idx] = w * scale
    moved = np.asarray(inc) + transfer
    after = nash_public_good_closed_form(moved, a)
    assert after.total == pytest.approx(base.total, rel=1e-9)
    assert after.contributions == pytest.approx(
        base.contributions + transfer, rel=1e-9, abs=1e-9 * max(inc)
    )
    num = nash_contributions(moved, cobb_douglas(a))
    assert num.total == pytest.approx(base.total, rel=1e-6)


@settings(max_examples=30, deadline=None)
@given(incomes, weights, st.floats(0.01, 0.99), st.floats(1.01, 3.0))
def test_a_contributor_drops_out_when_its_income_falls_below_the_threshold(
    inc: list[float], a: float, below: float, above: float
) -> None:
    """[bergstrom1986, sec. 4]; [cornes1996, ch. 6]: ally i's best reply to the others' total
    ``Q_-i`` is ``max(0, a I_i - (1 - a) Q_-i)``. Let ``Q_rest`` be the equilibrium of the other
    allies alone and ``T = (1 - a) Q_rest / a``. When i's income falls to ``T`` or below, i is a
    non-contributor (a corner solution) and the equilibrium is the others' own: total
    ``Q_rest``, whatever i's income. Above ``T``, i contributes and the total exceeds
    ``Q_rest``. Checked on the closed form and on the numerical solver."""
    inc_arr = np.asarray(inc, dtype=float)
    base = nash_public_good_closed_form(inc_arr, a)
    i = int(np.flatnonzero(base.contributors)[-1])
    others = np.arange(inc_arr.size) != i
    rest = nash_public_good_closed_form(inc_arr[others], a)
    threshold = (1 - a) * rest.total / a
    # i contributes in the base equilibrium, so its income is above the threshold
    assert inc_arr[i] > threshold * (1 - 1e-12)

    low = inc_arr.copy()
    low[i] = below * threshold
    assume(low[i] > 0)
    out = nash_public_good_closed_form(low, a)
    assert not out.contributors[i]
    assert out.total == pytest.approx(rest.total, rel=1e-9)
    assert out.contributions[others] == pytest.approx(
        rest.contributions, rel=1e-9, abs=1e-9 * inc_arr.max()
    )
    num = nash_contributions(low, cobb_douglas(a))
    assert num.contributions[i] == pytest.approx(0.0, abs=1e-6 * inc_arr.max())
    assert num.total == pytest.approx(rest.total, rel=1e-6)

    high = inc_arr.copy()
    high[i] = above * threshold
    back = nash_public_good_closed_form(high, a)
    assert back.contributors[i]
    assert back.total > rest.total


@settings(max_examples=30, deadline=None)
@given(incomes, weights, st.floats(0.0, 0.99))
def test_a_non_contributors_income_does_not_matter_below_its_threshold(
    inc: list[float], a: float, frac: float
) -> None:
    """[bergstrom1986, sec. 4]: a non-contributor's income enters the equilibrium only through
    its own decision; raising it anywhere below the threshold ``(1 - a) Q / a`` leaves every
    contribution unchanged (the corner stays a corner)."""
    base = nash_public_good_closed_form(inc, a)
    idx = np.flatnonzero(~base.contributors)
    assume(idx.size >= 1)
    j = int(idx[0])
    threshold = (1 - a) * base.total / a
    assume(threshold - inc[j] > 1e-9 * threshold)
    moved = np.asarray(inc, dtype=float).copy()
    moved[j] = inc[j] + frac * (threshold - inc[j])
    after = nash_public_good_closed_form(moved, a)
    assert after.total == pytest.approx(base.total, rel=1e-12)
    assert after.contributions == pytest.approx(base.contributions, rel=1e-12, abs=0.0)


@settings(max_examples=15, deadline=None)
@given(
    incomes,
    st.floats(0.05, 0.4),
    st.one_of(st.just(0.0), st.floats(0.01, 0.3)),
    st.randoms(use_true_random=False),
)
def test_relabelling_the_allies_relabels_the_equilibrium(
    inc: list[float], a: float, b: float, rnd: object
) -> None:
    """Symmetry: the Nash equilibrium of both models depends on the allies' incomes and tastes,
    not on their order ([cornes1996, ch. 6 and 9]: identical tastes, one equilibrium): solving
    a permuted list returns the permuted contributions, and allies with equal incomes give
    equally."""
    assume(a + b < 0.9)
    perm = list(range(len(inc)))
    rnd.shuffle(perm)  # type: ignore[attr-defined]
    inc_arr = np.asarray(inc, dtype=float)
    joint = b > 0
    u = cobb_douglas(a, b)
    base = nash_contributions(inc_arr, u, joint_product=joint)
    shuffled = nash_contributions(inc_arr[perm], u, joint_product=joint)
    scale = 1e-6 * inc_arr.max()
    assert shuffled.total == pytest.approx(base.total, rel=1e-9)
    assert shuffled.contributions == pytest.approx(base.contributions[perm], rel=1e-6, abs=scale)
    twins = nash_contributions(np.r_[inc_arr, inc_arr[:1]], u, joint_product=joint)
    assert twins.contributions[-1] == pytest.approx(twins.contributions[0], rel=1e-6, abs=scale)


@settings(max_examples=20, deadline=None)
@given(incomes, weights)
def test_joint_product_without_private_benefit_is_the_pure_public_good(
    inc: list[float], a: float
) -> None:
    """[cornes1984]; [cornes1996, ch. 9]: the joint-product model with no ally-specific benefit
    (``b = 0``) is the pure public good. The numerical solver in joint-product mode must then
    give the Bergstrom-Blume-Varian closed form ([bergstrom1986]), corners included: with
    unequal incomes the small allies contribute nothing."""
    joint = nash_contributions(inc, cobb_douglas(a, 0.0), joint_product=True)
    cf = nash_public_good_closed_form(inc, a)
    assert joint.model == "joint product"
    assert joint.total == pytest.approx(cf.total, rel=1e-6)
    assert joint.contributions == pytest.approx(cf.contributions, rel=1e-5, abs=1e-6 * max(inc))
    assert joint.contributors.tolist() == cf.contributors.tolist()


def test_joint_products_break_neutrality() -> None:
    """[cornes1984]: with an ally-specific benefit of defense the equilibrium is no longer
    neutral to redistribution. Incomes 100, 50, 20, 10 and a transfer of 5 from the first ally
    to the second: under the pure public good (a = 0.7, where both contribute before and after)
    the total is unchanged ([warr1983]) and each contribution moves by the transfer; under joint
    products (a = 0.15, b = 0.05, where every ally contributes) the total falls by about 2 %."""
    inc = np.array([100.0, 50.0, 20.0, 10.0])
    transfer = np.array([-5.0, 5.0, 0.0, 0.0])
    pure_before = nash_public_good_closed_form(inc, 0.7)
    pure_after = nash_public_good_closed_form(inc + transfer, 0.7)
    assert pure_before.contributors.tolist() == [True, True, False, False]
    assert pure_after.total == pytest.approx(pure_before.total, rel=1e-12)
    assert pure_after.contributions == pytest.approx(pure_before.contributions + transfer)
    u = cobb_douglas(0.15, 0.05)
    jp_before = nash_contributions(inc, u, joint_product=True)
    jp_after = nash_contributions(inc + transfer, u, joint_product=True)
    assert jp_before.contributors.all() and jp_after.contributors.all()
    assert jp_after.total / jp_before.total - 1 < -0.01
