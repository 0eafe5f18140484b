"""The array paths of the Kent-Thaler cost and the first-strike stability index.

The formulas are Kent & Thaler's [kent1989, App. C] (reference values in
../shared/reference/deterrence.md sec. 2, checked in ``test_stability.py``): here the array
paths, computed block by block, are checked against the plain formulas written with numpy's
``pow`` and masks, across block boundaries, with broadcasting, and on the inputs they refuse.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from anpo.deterrence import _stability_kernels
from anpo.deterrence import stability as s
from anpo.errors import InputError

#: Longer than two blocks, so the last block is a partial one.
N = 2 * s._BLOCK + 123


def plain_cost(own: np.ndarray, enemy: np.ndarray, e: float = 0.75, sur: float = 0.3) -> np.ndarray:
    """C = D_own^e + s (1 - D_enemy^e) [kent1989, App. C], with numpy's pow."""
    return np.asarray(own, dtype=float) ** e + sur * (1.0 - np.asarray(enemy, dtype=float) ** e)


def plain_index(c1a, c2a, c1b, c2b) -> np.ndarray:  # noqa: ANN001 - arrays
    """(C1_A/C2_A)(C1_B/C2_B), each ratio capped at 1 and 1 where C2 = 0 [kent1989]."""

    def ratio(c1: np.ndarray, c2: np.ndarray) -> np.ndarray:
        safe = np.where(c2 > 0, c2, 1.0)
        with np.errstate(over="ignore"):
            return np.where(c2 > 0, np.minimum(1.0, c1 / safe), 1.0)

    return ratio(np.asarray(c1a), np.asarray(c2a)) * ratio(np.asarray(c1b), np.asarray(c2b))


def damages(n: int = N, seed: int = 7) -> np.ndarray:
    """``n`` random exchanges (four damage columns, the benchmark's layout), with exact 0s and
    1s mixed in so that zero costs and capped ratios occur."""
    d = np.random.default_rng(seed).uniform(0.0, 1.0, size=(n, 4))
    d[::17, 0] = 0.0
    d[::23, 3] = 1.0
    d[::29, 2] = 0.0
    d[::29, 3] = 1.0  # A's cost when struck first is 0 here: C2_A = 0 -> ratio 1
    return d


def test_power_by_square_roots_is_within_an_ulp_of_pow() -> None:
    """sqrt(d) sqrt(sqrt(d)) for the default exponent 0.75 differs from numpy's pow by at most
    2 ulp on [0, 1] (exact at 0 and 1), down to the smallest damages: sqrt(d sqrt(d)) gave 0
    below about 1e-205 (d**1.5 underflows), so a cost of 3e-188 read 0."""
    tiny = np.array([1e-250, 1e-300, 5e-324, 1e-206, 1e-200])
    d = np.concatenate([np.random.default_rng(3).uniform(0, 1, 100_000) ** 8, tiny, [0.0, 1.0]])
    got = np.empty_like(d)
    _stability_kernels.powers_into(d, 0.75, got)  # the power the compiled loops use
    want = np.power(d, 0.75)
    assert got[-2:].tolist() == [0.0, 1.0]
    assert (got[:-2] > 0).all()
    ulps = np.abs(got - want) / np.spacing(np.maximum(want, 1e-300))
    assert ulps.max() <= 2
    # the array and the scalar routes agree on a tiny damage
    assert s.kent_thaler_cost([1e-250], [1.0])[0] == pytest.approx(s.kent_thaler_cost(1e-250, 1.0))
    assert (
        s.fss_index_from_damages(0, 1, 1e-250, 1) == s.fss_index_from_damages([0], 1, 1e-250, 1)[0]
    )


@pytest.mark.parametrize("field", ["exponent", "surcharge"])
def test_an_array_parameter_is_refused_by_name(field: str) -> None:
    """The exponent and the surcharge are single numbers: an array one is an InputError naming
    it (it was a TypeError or numpy's ambiguous-truth-value ValueError)."""
    for f in (s.kent_thaler_cost, lambda a, b, **k: s.fss_index_from_damages(a, b, a, b, **k)):
        for damage in (0.5, np.array([0.5, 0.2])):
            with pytest.raises(InputError) as err:
                f(damage, 0.9, **{field: np.array([0.5, 0.75])})
            assert err.value.field == field


@pytest.mark.parametrize(("exponent", "surcharge"), [(0.75, 0.3), (0.5, 0.1), (1.3, 0.0)])
def test_cost_arrays_match_the_formula_across_blocks(exponent: float, surcharge: float) -> None:
    """Strided columns (the benchmark's ``dmg.T``) longer than two blocks: the cost equals the
    formula elementwise to 1e-12, in the input's shape."""
    d = damages()
    got = s.kent_thaler_cost(d[:, 0], d[:, 1], exponent, surcharge)
    assert isinstance(got, np.ndarray) and got.shape == (N,)
    np.testing.assert_allclose(got, plain_cost(d[:, 0], d[:, 1], exponent, surcharge), atol=1e-12)
    # contiguous inputs (one call, no block copies) give the same bits
    whole = s.kent_thaler_cost(d[:, 0].copy(), d[:, 1].copy(), exponent, surcharge)
    assert np.array_equal(got, whole)  # type: ignore[arg-type]


def test_cost_broadcasts_and_keeps_shapes() -> None:
    """A scalar against a 2-D array, a row against a column, a 1-element array: numpy's
    broadcasting rules and shapes; two scalars give a float."""
    grid = damages(600)[:, :2].reshape(300, 4)
    got = s.kent_thaler_cost(grid, 0.5)
    assert isinstance(got, np.ndarray) and got.shape == (300, 4)
    np.testing.assert_allclose(got, plain_cost(grid, 0.5), atol=1e-12)
    row, col = np.linspace(0, 1, 7), np.linspace(0, 1, 5)[:, None]
    got = s.kent_thaler_cost(row, col)
    assert isinstance(got, np.ndarray) and got.shape == (5, 7)
    np.testing.assert_allclose(got, plain_cost(row, col), atol=1e-12)
    one = s.kent_thaler_cost(np.array([0.5]), 0.9)
    assert isinstance(one, np.ndarray) and one.shape == (1,)
    assert isinstance(s.kent_thaler_cost(0.5, np.float64(0.9)), float)
    assert s.kent_thaler_cost(np.empty(0), np.empty(0)).shape == (0,)  # type: ignore[union-attr]


def test_index_arrays_match_the_formula_with_zero_and_capped_ratios() -> None:
    """The index of four cost arrays equals the masked formula to 1e-12, including C2 = 0
    (ratio 1), C1 = C2 = 0 (ratio 1), C1 > C2 (capped) and a quotient that overflows."""
    d = damages()
    costs = [
        plain_cost(d[:, 0], d[:, 1]),  # C1_A
        plain_cost(d[:, 2], d[:, 3]),  # C2_A
        plain_cost(d[:, 3], d[:, 2]),  # C1_B
        plain_cost(d[:, 1], d[:, 0]),  # C2_B
    ]
    costs[0][:5] = [0.0, 1.0, 2.0, 1e308, 0.0]
    costs[1][:5] = [0.0, 0.0, 1.0, 1e-300, 0.5]
    got = s.fss_index(*costs)
    assert isinstance(got, np.ndarray) and got.shape == (N,)
    np.testing.assert_allclose(got, plain_index(*costs), atol=1e-12, rtol=0)
    ratio_a = got[:5] / plain_index(costs[2][:5], costs[3][:5], 1.0, 1.0)
    np.testing.assert_allclose(ratio_a, [1.0, 1.0, 1.0, 1.0, 0.0], atol=1e-12)
    assert (costs[1] == 0).sum() > 5  # the damages' zeros gave zero costs beyond the first rows


@pytest.mark.parametrize(("exponent", "surcharge"), [(0.75, 0.3), (0.5, 0.1), (1.0, 0.0)])
def test_index_from_damages_equals_the_four_costs_route(exponent: float, surcharge: float) -> None:
    """``fss_index_from_damages`` equals ``fss_index`` of the four ``kent_thaler_cost`` values
    (C1_A = C(D_A, D_B), C2_B = C(D_B, D_A) when A strikes first; C2_A, C1_B likewise when B
    strikes first [kent1989, App. C]) to 1e-12, on arrays and on scalars."""
    d = damages()
    a1, b1, a2, b2 = d.T
    c = s.kent_thaler_cost
    want = s.fss_index(
        c(a1, b1, exponent, surcharge),
        c(a2, b2, exponent, surcharge),
        c(b2, a2, exponent, surcharge),
        c(b1, a1, exponent, surcharge),
    )
    got = s.fss_index_from_damages(a1, b1, a2, b2, exponent, surcharge)
    assert isinstance(got, np.ndarray) and got.shape == (N,)
    np.testing.assert_allclose(got, want, atol=1e-12, rtol=0)
    assert (got == 1.0).any() and (got < 1.0).any()
    for row in d[:40]:
        one = s.fss_index_from_damages(*row.tolist(), exponent, surcharge)
        assert isinstance(one, float)
        assert one == pytest.approx(
            float(got[np.flatnonzero((d == row).all(axis=1))[0]]), abs=1e-12
        )


def test_index_from_damages_reference_row() -> None:
    """Symmetric sides, D = 0.5 own and 0.9 enemy when striking first: index 0.3486
    (deterrence.md sec. 2 table, computed from RAND R-3765 App. C)."""
    assert s.fss_index_from_damages(0.5, 0.9, 0.9, 0.5) == pytest.approx(0.3486, abs=5e-5)
    got = s.fss_index_from_damages(np.array([0.5, 0.7]), 0.9, 0.9, np.array([0.5, 0.7]))
    assert isinstance(got, np.ndarray) and got.shape == (2,)
    assert got[0] == pytest.approx(0.3486, abs=5e-5)


@pytest.mark.parametrize("bad", [-1e-9, 1.0 + 1e-12, math.nan, math.inf, -math.inf])
def test_a_bad_damage_in_a_later_block_is_refused_with_its_name(bad: float) -> None:
    """One bad entry after the first block: InputError naming the argument, from the cost and
    from the index from damages."""
    d = damages()
    col = d[:, 1].copy()
    col[s._BLOCK + 5] = bad
    for own in (d[:, 0], d[:, 0].copy()):  # strided (block by block) and contiguous (one call)
        with pytest.raises(InputError) as err:
            s.kent_thaler_cost(own, col)
        assert err.value.field == "enemy_damage"
    with pytest.raises(InputError) as err:
        s.fss_index_from_damages(d[:, 0], d[:, 1], col, d[:, 3])
    assert err.value.field == "a_damage_b_first"
    with pytest.raises(InputError) as err:
        s.fss_index_from_damages(0.5, 0.5, 0.5, bad)
    assert err.value.field == "b_damage_b_first"


@pytest.mark.parametrize("bad", [-1e-9, math.nan, math.inf])
def test_a_bad_cost_is_refused(bad: float) -> None:
    """A negative, NaN or infinite cost, in a later block or as a scalar: InputError."""
    c = np.full(N, 0.5)
    c[-1] = bad
    with pytest.raises(InputError, match="costs must be finite and non-negative"):
        s.fss_index(0.5, 0.5, c, 0.5)
    with pytest.raises(InputError, match="costs must be finite and non-negative"):
        s.fss_index(0.5, bad, 0.5, 0.5)


def test_index_from_damages_checks_costs_only_parameters_can_spoil() -> None:
    """A negative surcharge can make a cost negative: refused, naming the surcharge (it was
    refused as ``fss_index`` refuses a negative cost, naming 'cost')."""
    with pytest.raises(InputError, match="at least 0") as err:
        s.fss_index_from_damages(np.zeros(3), np.ones(3), np.zeros(3), np.ones(3), 0.75, -2.0)
    assert err.value.field == "surcharge"
    with pytest.raises(InputError, match="at least 0") as err:
        s.fss_index_from_damages(0.0, 1.0, 0.0, 1.0, 0.75, -2.0)
    assert err.value.field == "surcharge"


@pytest.mark.parametrize(
    ("field", "value"), [("exponent", -1.0), ("exponent", 0.0), ("surcharge", -0.3)]
)
def test_a_parameter_below_its_bound_is_refused_by_name(field: str, value: float) -> None:
    """An exponent of -1 gave a zero damage an infinite cost and two zero damages a NaN one
    (and fss_index_from_damages an error naming 'cost'); a negative surcharge made costs
    negative, refused as 'cost' by fss_index_from_damages, returned by kent_thaler_cost. The
    scenario file's lower bounds (exponent above 0, surcharge at least 0) now hold here too."""
    for f in (s.kent_thaler_cost, lambda a, b, **k: s.fss_index_from_damages(a, b, a, b, **k)):
        for damage in (0.0, np.array([0.0, 0.2])):
            with pytest.raises(InputError) as err:
                f(damage, 0.0, **{field: value})
            assert err.value.field == field
    assert s.kent_thaler_cost(0.0, 0.0, exponent=1e-9, surcharge=0.0) == 0.0
