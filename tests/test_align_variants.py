"""tools/align_variants.py: the pre-registered variants of recipe 2 (issue 15).

Structural balance: [heider1946], J. Psychology 21: 107-112 (the enemy of my enemy is my
friend); the held-out protocol is
:mod:`anpo.align.backtest`'s leave-one-war-out.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import toy_war
from anpo.align import backtest as bt
from anpo.align import recipe as rc

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
try:
    import align_variants as av
finally:
    sys.path.pop(0)


def toy(warnum: int, side: list[int], seed: int) -> bt.WarCase:
    """A synthetic war (:func:`_support.toy_war`)."""
    return toy_war(warnum, side, seed, random_sizes=True)


@pytest.mark.parametrize("variant", ["V1", "V3", "V4"])
def test_variant_fit_is_leave_one_war_out(variant):
    """Each war is scored with the variant's fit on the other wars only: the fit never receives
    the scored war, the fold weights equal a fresh fit on the others, and turning the scored
    war's actual sides upside down leaves the weights it is scored with unchanged."""
    cases = [toy(k, [1, 1, 2, 2, 1, 2][: 4 + k % 3], 20 + k) for k in range(3)]
    seen: list[tuple[int, ...]] = []
    inner = av.make_fit(variant, cases)

    def recording(train):
        seen.append(tuple(c.warnum for c in train))
        return inner(train)

    res = av.held_out(variant, cases, recording)
    assert seen == [(1, 2), (0, 2), (0, 1)]
    for c in cases:
        others = [x for x in cases if x.warnum != c.warnum]
        w, objective = av.make_fit(variant, cases)(others)
        assert res.folds[c.warnum] == w
        assert res.wars.set_index("warnum").loc[c.warnum, "fit_objective"] == objective
        pred = bt.predict_case(c, res.folds[c.warnum])
        row = res.wars.set_index("warnum").loc[c.warnum]
        assert row["correct"] == bt.correct(pred, c.side)
        assert row["balanced"] == pytest.approx(bt.balanced(pred, c.side))
    target = cases[1]
    flipped = replace(target, side=np.where(target.side == 1, 2, 1)[::-1].copy())
    cases2 = [flipped if c.warnum == 1 else c for c in cases]
    res2 = av.held_out(variant, cases2, av.make_fit(variant, cases2))
    assert res2.folds[1] == res.folds[1]
    assert res.participants == sum(c.n for c in cases)


def test_v3_starts_and_v4_objective():
    """V3 starts from recipe 1's a priori weights, then each factor group zeroed; V4 scores the
    share of all participants placed right, so a big war counts more than a small one."""
    s = av.starts()
    assert s[0] == rc.RECIPES[rc.RECIPE_V1].weights and len(s) == 5
    assert s[1].defense == 0 and s[1].other_alliance == 0 and s[1].rivalry == s[0].rivalry
    assert s[4].contiguity == 0 and s[4].un == s[0].un
    cases = [toy(0, [1, 1, 2, 2, 1, 2], 5), toy(1, [1, 2, 2], 6)]
    w = rc.RECIPES[rc.RECIPE_V1].weights
    micro = av.MicroScorer(cases, "cinc").mean([0, 1], w)
    right = sum(bt.correct(bt.predict_case(c, w), c.side) for c in cases)
    assert micro == pytest.approx(right / 9)


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(3, 7),
    seed=st.integers(0, 10_000),
)
def test_property_balance_is_the_sum_over_third_states(n, seed):
    """V1's b_ij equals the clipped sum over third states k != i, j of H_ik H_jk - H_ik A_jk -
    A_ik H_jk, computed with loops (Heider 1946: a common enemy brings two states together, an
    enemy's ally drives them apart)."""
    rng = np.random.default_rng(seed)
    h = np.triu(rng.choice([0.0, 0.3, 1.0], size=(n, n)), 1)
    h = h + h.T
    a = np.triu(rng.integers(0, 2, size=(n, n)).astype(float), 1)
    a = a + a.T
    np.fill_diagonal(h, rng.uniform(size=n))  # the diagonal must be ignored
    idx = list(range(n))
    b = av.balance_scores(h, a, idx)
    for i in range(n):
        for j in range(n):
            if i == j:
                assert b[i, j] == 0
                continue
            s = sum(
                h[i, k] * h[j, k] - h[i, k] * a[j, k] - a[i, k] * h[j, k]
                for k in range(n)
                if k not in (i, j)
            )
            assert b[i, j] == pytest.approx(min(1.0, max(-1.0, s)))
    # a common enemy: +1; hostile to the other's ally: -1
    h0 = np.zeros((3, 3))
    h0[0, 2] = h0[2, 0] = h0[1, 2] = h0[2, 1] = 1.0
    assert av.balance_scores(h0, np.zeros((3, 3)), [0, 1])[0, 1] == 1.0
    a0 = np.zeros((3, 3))
    a0[1, 2] = a0[2, 1] = 1.0
    h1 = np.zeros((3, 3))
    h1[0, 2] = h1[2, 0] = 1.0
    assert av.balance_scores(h1, a0, [0, 1])[0, 1] == -1.0
