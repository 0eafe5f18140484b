"""Bad input to the public alignment API is an AlignError naming the argument, never a crash,
a numba typing error or a quiet wrong answer (review12 findings F-C, F-G, F-I, F-K).

Sources: the energy and the descent rule of [axelrod1993, pp. 216-218]; the checks are anpo's
own (docs/reference: the API reference lists every public module's functions).
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import numpy as np
import pytest

from _support import ROOT
from anpo.align.formal import weights
from anpo.align.heuristics import heuristic
from anpo.errors import AlignError


def _triangle() -> np.ndarray:
    """Three actors of size 1: 0 and 1 attract, both repel 2 (the review's instance)."""
    p = np.array([[0.0, 1.0, -1.0], [1.0, 0.0, -1.0], [-1.0, -1.0, 0.0]])
    return weights(np.ones(3), p)


def _refused_in_a_fresh_interpreter(code: str) -> str:
    """Run ``code`` in a new interpreter (a crash there fails the test, not pytest) and return
    what it printed; it must exit 0."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    ran = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert ran.returncode == 0, (ran.returncode, ran.stderr[-2000:])
    return ran.stdout.strip()


# ----------------------------------------------------------------------------- F-C: heuristic k


def test_heuristic_k_zero_is_an_align_error_in_a_fresh_interpreter() -> None:
    """k = 0 killed the interpreter (exit 139, a segmentation fault in the compiled k-coalition
    kernel): run in a subprocess so that a crash fails this test instead of killing pytest."""
    code = (
        "import numpy as np\n"
        "from anpo.align.formal import weights\n"
        "from anpo.align.heuristics import heuristic\n"
        "from anpo.errors import AlignError\n"
        "p = np.array([[0., 1., -1.], [1., 0., -1.], [-1., -1., 0.]])\n"
        "w = weights(np.ones(3), p)\n"
        "try:\n"
        "    heuristic(w, 1e-9, k=0)\n"
        "except AlignError as e:\n"
        "    print('refused', e.field)\n"
    )
    assert _refused_in_a_fresh_interpreter(code) == "refused k"


@pytest.mark.parametrize("k", [-1, 2.5, float("nan"), True, "2", None])
def test_heuristic_k_that_is_not_a_whole_number_at_least_one_is_refused(k: object) -> None:
    """-1 was a SystemError from the compiled kernel, 2.5 and NaN numba typing errors."""
    with pytest.raises(AlignError) as info:
        heuristic(_triangle(), 1e-9, k=k, restarts=1, sweeps=1)  # type: ignore[arg-type]
    assert info.value.field == "k"


@pytest.mark.parametrize("method", ["descent", "anneal", "tabu"])
def test_heuristic_with_one_coalition_keeps_everyone_together(method: str) -> None:
    """k = 1 returned two coalitions ([0, 0, 1], E = -4); at most one coalition is the one
    configuration with every actor together, of energy 0 (no pair apart [axelrod1993, p. 217]),
    as the exact solver answers it; 1.0 is the same whole number."""
    from anpo.align.exact import branch_and_bound_k

    w = _triangle()
    for k in (1, 1.0):
        h = heuristic(w, 1e-9, k=k, method=method, restarts=4)  # type: ignore[arg-type]
        assert h.config.tolist() == [0, 0, 0]
        assert h.energy == 0.0
        assert h.stopped == "" and h.restarts_done == 4
    assert branch_and_bound_k(w, 1, 1e-9).config.tolist() == [0, 0, 0]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((-1, 3, 2), "t"),  # gave [0, -1, 1]: a label -1
        ((100, 3, 2), "t"),  # 4 configurations: gave [0, 1, 1], the configuration of rank 3
        ((4, 3, 2), "t"),
        ((0.5, 3, 2), "t"),
        ((0, -1, 2), "n"),
        ((0, 3, 0), "k"),
        ((0, 3, 2.5), "k"),
    ],
)
def test_unrank_refuses_a_rank_or_count_out_of_range(args: tuple[float, ...], field: str) -> None:
    """:func:`anpo.align.enumk.unrank` (listed in the API reference) took any rank."""
    from anpo.align.enumk import count_configurations, unrank

    with pytest.raises(AlignError) as info:
        unrank(*args)  # type: ignore[arg-type]
    assert info.value.field == field
    assert unrank(3, 3, 2).tolist() == [0, 1, 1]  # the last of S(3,1) + S(3,2) = 4
    assert count_configurations(3, 2) == 4
    assert count_configurations(0, 1) == 1


@pytest.mark.parametrize(("n", "k", "field"), [(-1, 2, "n"), (3, 0, "k"), (2.5, 2, "n")])
def test_count_configurations_refuses_negative_counts(n: float, k: float, field: str) -> None:
    """-1 actors were counted as one configuration."""
    from anpo.align.enumk import count_configurations

    with pytest.raises(AlignError) as info:
        count_configurations(n, k)  # type: ignore[arg-type]
    assert info.value.field == field


def test_descend_refuses_a_start_that_is_no_configuration() -> None:
    """3 actors have 2^2 = 4 configuration indices: 99 was descended from (answer 98)."""
    from anpo.align.enum2 import descend

    w = _triangle()
    for x0 in (99, 4, -1, 1.5):
        with pytest.raises(AlignError) as info:
            descend(w, 1e-9, x0)  # type: ignore[arg-type]
        assert info.value.field == "x0"
    assert all(0 <= descend(w, 1e-9, x) <= 3 for x in range(4))


def test_two_coalition_enumeration_refuses_a_vector() -> None:
    """A vector of weights was a numba TypingError from the compiled kernels."""
    from anpo.align.enum2 import descend, enumerate_two

    for call in (lambda: enumerate_two(np.ones(3), 1e-9), lambda: descend(np.ones(3), 1e-9, 0)):
        with pytest.raises(AlignError) as info:
            call()
        assert info.value.field == "w"


@pytest.mark.parametrize("k", [2.5, float("nan"), True, 0])
def test_the_exact_k_coalition_routines_refuse_a_count_that_is_not_whole(k: object) -> None:
    """``branch_and_bound_k`` and ``enumerate_k`` refused k < 1 but took 2.5."""
    from anpo.align.enumk import enumerate_k
    from anpo.align.exact import branch_and_bound_k

    for call in (
        lambda: branch_and_bound_k(_triangle(), k, 1e-9),  # type: ignore[arg-type]
        lambda: enumerate_k(_triangle(), 1e-9, k),  # type: ignore[arg-type]
    ):
        with pytest.raises(AlignError) as info:
            call()
        assert info.value.field == "coalitions"


# ----------------------------------------------------------------------------- F-G: what-if cache


def _two_landscapes():  # type: ignore[no-untyped-def]
    """The review's pair: L1 and L2 = other sizes, opposite propensities (4 actors)."""
    from anpo.align import landscape

    p1 = np.array([[0, 1, -1, 0.5], [1, 0, -1, 0.2], [-1, -1, 0, -0.3], [0.5, 0.2, -0.3, 0]])
    return landscape([1, 1, 1, 1], p1), landscape([1, 2, 1, 3], -p1)


def test_pair_threshold_refuses_another_landscapes_cache() -> None:
    """With L1's cache, pair_threshold(L2, 0, 1) gave threshold 2.6 and an 'apart' minimum of
    energy -2.6 that is not L2's (-5.0, threshold 0.35, computed or from L2's own cache)."""
    from anpo.align.whatif import all_energies, pair_threshold

    l1, l2 = _two_landscapes()
    own = pair_threshold(l2, 0, 1)
    assert own.threshold == pytest.approx(0.35) and own.apart_energy == pytest.approx(-5.0)
    again = pair_threshold(l2, 0, 1, cache=all_energies(l2))
    assert again.threshold == own.threshold and again.apart.tolist() == own.apart.tolist()
    with pytest.raises(AlignError) as info:
        pair_threshold(l2, 0, 1, cache=all_energies(l1))
    assert info.value.field == "cache"


def test_smallest_change_and_tie_scale_refuse_another_landscapes_cache() -> None:
    """With L1's cache, smallest_change(L2, 2, anchor=[0]) gave {(1, 2): 0.25}, 'proven', for
    L2's {(2, 3): -0.2333}."""
    from anpo.align.whatif import all_energies, smallest_change, tie_scale

    l1, l2 = _two_landscapes()
    own = smallest_change(l2, 2, anchor=[0])
    assert list(own.delta) == [(2, 3)] and own.proven
    assert smallest_change(l2, 2, anchor=[0], cache=all_energies(l2)).delta == own.delta
    assert tie_scale(l2, own, all_energies(l2)) == tie_scale(l2, own)
    for call in (
        lambda: smallest_change(l2, 2, anchor=[0], cache=all_energies(l1)),
        lambda: tie_scale(l2, own, all_energies(l1)),
    ):
        with pytest.raises(AlignError) as info:
            call()
        assert info.value.field == "cache"


def test_a_cache_of_the_wrong_shape_or_kind_is_refused() -> None:
    """A 4-actor cache for a 3-actor landscape gave a threshold of -2.0 from energies of
    configurations it does not have; a bare array was 'too many values to unpack'."""
    from anpo.align import landscape
    from anpo.align.whatif import all_energies, pair_threshold

    l1, _ = _two_landscapes()
    c1 = all_energies(l1)
    l3 = landscape([1, 1, 1], l1.propensity[:3, :3])
    bad = [
        (l3, c1),  # wrong size
        (l1, c1[0]),  # not a pair
        (l1, "ab"),
        (l1, (c1[0], c1[1][::-1])),  # rows out of index order
        (l1, (c1[0] * np.nan, c1[1])),
        (l1, (c1[0], c1[1], c1[0])),
    ]
    for land, cache in bad:
        with pytest.raises(AlignError) as info:
            pair_threshold(land, 0, 1, cache=cache)  # type: ignore[arg-type]
        assert info.value.field == "cache"


# ----------------------------------------------------------------------------- F-I: local_minima


def _flat(n: int = 4):  # type: ignore[no-untyped-def]
    """All propensities 0: every one of the 2^(n-1) configurations is a local minimum (8 for 4
    actors: no move lowers the energy [axelrod1993, p. 217])."""
    from anpo.align import landscape

    return landscape(np.ones(n), np.zeros((n, n)))


def test_local_minima_applies_max_found_on_every_call() -> None:
    """After one plain call, local_minima(max_found=2) returned all 8 minima; a fresh landscape
    raised BudgetExceededError, as the docstring promises."""
    from anpo.errors import BudgetExceededError

    fresh, used = _flat(), _flat()
    with pytest.raises(BudgetExceededError) as first:
        fresh.local_minima(max_found=2)
    assert first.value.partial == 8
    assert len(used.local_minima()) == 8
    with pytest.raises(BudgetExceededError) as again:
        used.local_minima(max_found=2)
    assert again.value.partial == 8
    assert len(used.local_minima(max_found=8)) == 8
    assert len(used.local_minima(max_minima=3)) == 3


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"mode": "zzz"}, "mode"),
        ({"memory_limit": -5}, "memory_limit"),  # was taken, and read as "streaming"
        ({"memory_limit": 2.5}, "memory_limit"),
        ({"max_found": -1}, "max_found"),
        ({"max_found": "8"}, "max_found"),
    ],
)
def test_local_minima_checks_its_options_fresh_and_after_a_call(
    options: dict[str, object], field: str
) -> None:
    """A bad mode was accepted once anything had been cached; memory_limit=-5 always."""
    fresh, used = _flat(), _flat()
    used.local_minima()
    for land in (fresh, used):
        with pytest.raises(AlignError) as info:
            land.local_minima(**options)  # type: ignore[arg-type]
        assert info.value.field == field
    assert len(fresh.local_minima(mode="streaming", memory_limit=0)) == 8


# ----------------------------------------------------------------------------- F-K: normalize


@pytest.mark.parametrize(
    "config",
    [
        [[0, 1], [1, 0]],  # was [0, 1, 1, 0]: a 2 x 2 array read as four actors
        np.array([[0, 1], [1, 0]]),
        np.array([0.0, np.nan, np.nan]),  # was [0, 1, 2]: each NaN a coalition of its own
        [0, float("nan"), float("nan")],
        np.array([0, np.float32("nan")], dtype=object),
    ],
)
def test_normalize_refuses_a_table_and_missing_labels(config: object) -> None:
    """Only direct users of the exported ``normalize`` were hit (Landscape refuses both)."""
    from anpo.align import normalize

    with pytest.raises(AlignError) as info:
        normalize(config)  # type: ignore[arg-type]
    assert info.value.field == "config"


def test_normalize_still_relabels_in_order_of_first_use() -> None:
    from anpo.align import normalize

    assert normalize([5, 5, 2]).tolist() == [0, 0, 1]
    assert normalize(["b", "b", "a"]).tolist() == [0, 0, 1]
    assert normalize(np.array([2.0, 0.0, 2.0])).tolist() == [0, 1, 0]
    assert normalize(np.array([], dtype=np.int64)).tolist() == []


# ----------------------------------------------------------------------------- left6a: enumk helpers


def _twelve() -> np.ndarray:
    """Twelve actors of size 1 with seeded random symmetric propensities."""
    rng = np.random.default_rng(0)
    p = rng.normal(size=(12, 12))
    return weights(np.ones(12), (p + p.T) / 2)


@pytest.mark.parametrize(
    "start",
    [
        [0, 10**9] + [0] * 10,
        [0, -(10**9)] + [0] * 10,
        [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1],  # 5 coalitions of at most 3: wrote past its table
        [0] * 11,  # 11 labels for 12 actors: read past them
    ],
)
def test_descend_k_from_a_start_out_of_range_is_an_align_error_in_a_fresh_interpreter(
    start: list[int],
) -> None:
    """A start label of 10^9 or -10^9 killed the interpreter (exit 139, a segmentation fault in
    the compiled k-coalition descent); 5 labels for at most 3 coalitions and a start one label
    short were memory errors too (a quiet answer or a crash, as the memory lay): run in a
    subprocess so that a crash fails this test instead of killing pytest."""
    code = (
        "import numpy as np\n"
        "from anpo.align.enumk import descend_k\n"
        "from anpo.align.formal import weights\n"
        "from anpo.errors import AlignError\n"
        "rng = np.random.default_rng(0)\n"
        "p = rng.normal(size=(12, 12))\n"
        "w = weights(np.ones(12), (p + p.T) / 2)\n"
        "try:\n"
        f"    descend_k(w, 1e-9, 3, np.array({start!r}, dtype=np.int64))\n"
        "except AlignError as e:\n"
        "    print('refused', e.field)\n"
    )
    assert _refused_in_a_fresh_interpreter(code) == "refused config"


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (((1e-9, 3, [1] + [0] * 11)), "config"),  # not normalised: descended as if [0, 1, ...]
        (((1e-9, 3, [0, 0.5] + [0] * 10)), "config"),  # read as label 0
        (((1e-9, 3, [0] * 13)), "config"),  # 13 labels for 12 actors: a bare ValueError
        (((1e-9, 3, [[0] * 12])), "config"),  # a numba typing error
        (((1e-9, 0, [0] * 12)), "k"),  # answered [0, ..., 0] from an empty table
        (((1e-9, -1, [0] * 12)), "k"),  # "negative dimensions not allowed"
        (((1e-9, 2.5, [0] * 12)), "k"),  # a numba typing error
        (((1e-9, float("nan"), [0] * 12)), "k"),
        (((1e-9, True, [0] * 12)), "k"),
        (((float("nan"), 3, [0] * 12)), "tol"),  # no move was a descent
        (((-1.0, 3, [0] * 12)), "tol"),
        ((("x", 3, [0] * 12)), "tol"),  # a bare TypeError
    ],
)
def test_descend_k_refuses_a_bad_start_count_or_tolerance(
    args: tuple[object, ...], field: str
) -> None:
    """:func:`anpo.align.enumk.descend_k` (in the API reference) took any labels and counts."""
    from anpo.align.enumk import descend_k

    with pytest.raises(AlignError) as info:
        descend_k(_twelve(), *args)  # type: ignore[arg-type]
    assert info.value.field == field


@pytest.mark.parametrize(
    "w",
    [
        np.ones(3),  # a numba typing error
        np.ones((3, 2)),  # answered [0, 0, 0]
        np.where(np.eye(3) > 0, 0.0, np.nan),  # answered [0, 1, 1]
        np.array([[0.0, 1.0, -1.0], [-1.0, 0.0, -1.0], [1.0, -1.0, 0.0]]),  # not symmetric
    ],
)
def test_descend_k_refuses_weights_that_are_no_landscape(w: np.ndarray) -> None:
    from anpo.align.enumk import descend_k

    with pytest.raises(AlignError) as info:
        descend_k(w, 1e-9, 2, [0, 1, 1])
    assert info.value.field == "w"


def test_descend_k_still_descends_from_every_configuration_to_a_minimum_of_the_enumeration() -> (
    None
):
    """Valid starts are unchanged: every configuration of 7 actors (at most 3 coalitions)
    descends to one of the local minima :func:`anpo.align.enumk.enumerate_k` lists, and a list
    or a float start is the same start."""
    from anpo.align.enumk import count_configurations, descend_k, enumerate_k, rank, unrank_many

    w = _twelve()[:7, :7]
    found = set(enumerate_k(w, 1e-9, 3).minima.tolist())
    configs = unrank_many(np.arange(count_configurations(7, 3)), 7, 3)
    for c in configs:
        assert rank(descend_k(w, 1e-9, 3, c), 3) in found
    c = configs[100]
    same = descend_k(w, 1e-9, 3, c.astype(float).tolist())
    assert same.tolist() == descend_k(w, 1e-9, 3, c).tolist()


@pytest.mark.parametrize(
    ("ranks", "field"),
    [
        ([4], "ranks"),  # 4 configurations: gave [0, 1, 1], the last one's
        ([100], "ranks"),
        ([-1], "ranks"),  # gave [0, -1, 1]: a label -1
        ([0.5], "ranks"),  # gave rank 0's
        ([float("nan")], "ranks"),
        ([True], "ranks"),  # gave rank 1's
        ([[0, 1]], "ranks"),  # a numba typing error
    ],
)
def test_unrank_many_refuses_ranks_out_of_range(ranks: list[object], field: str) -> None:
    """:func:`anpo.align.enumk.unrank_many` took any rank, as :func:`unrank` did."""
    from anpo.align.enumk import unrank_many

    with pytest.raises(AlignError) as info:
        unrank_many(np.array(ranks), 3, 2)
    assert info.value.field == field


@pytest.mark.parametrize(("n", "k", "field"), [(3, 0, "k"), (-1, 2, "n"), (3, 2.5, "k")])
def test_unrank_many_and_completion_counts_refuse_bad_counts(
    n: float, k: float, field: str
) -> None:
    """k = 0 was a ZeroDivisionError, n = -1 'negative dimensions', 2.5 a bare TypeError; and
    completion_counts(3, 0) was a table of zeros, (-1, 2) an IndexError."""
    from anpo.align.enumk import completion_counts, unrank_many

    for call in (
        lambda: unrank_many(np.array([0]), n, k),  # type: ignore[arg-type]
        lambda: completion_counts(n, k),  # type: ignore[arg-type]
    ):
        with pytest.raises(AlignError) as info:
            call()
        assert info.value.field == field


def test_unrank_many_matches_unrank_and_takes_a_list() -> None:
    from anpo.align.enumk import completion_counts, count_configurations, unrank, unrank_many

    total = count_configurations(5, 3)
    rows = unrank_many(list(range(total)), 5, 3)
    assert [r.tolist() for r in rows] == [unrank(t, 5, 3).tolist() for t in range(total)]
    assert unrank_many(np.array([], dtype=np.int64), 5, 3).shape == (0, 5)
    assert int(completion_counts(3, 5)[1, 0]) == 5  # the Bell number B3: k > n is free


@pytest.mark.parametrize(
    ("config", "k", "field"),
    [
        ([0, 1, 2], 2, "config"),  # gave 4, beyond the last rank (3)
        ([0, -1, 1], 2, "config"),  # gave -1
        ([1, 0, 0], 2, "config"),  # gave 0, the rank of [0, 0, 0]
        ([0, 0.5, 1], 2, "config"),  # gave 1
        ([True, False, True], 2, "config"),
        ([[0, 1], [1, 0]], 2, "config"),  # a numba typing error
        (3, 2, "config"),  # an IndexError
        ([0, float("nan")], 2, "config"),  # a bare ValueError
        ([0, 1, 1], 0, "k"),  # gave 48
        ([0, 1, 1], 2.5, "k"),
        ([0, 1, 1], True, "k"),  # gave 1
    ],
)
def test_rank_refuses_what_is_no_normalised_configuration(
    config: object, k: object, field: str
) -> None:
    """:func:`anpo.align.enumk.rank` gave a number for any labels."""
    from anpo.align.enumk import rank

    with pytest.raises(AlignError) as info:
        rank(config, k)  # type: ignore[arg-type]
    assert info.value.field == field


def test_rank_inverts_unrank() -> None:
    from anpo.align.enumk import count_configurations, rank, unrank

    for n, k in ((1, 3), (4, 2), (5, 3), (6, 6), (6, 9)):
        assert [rank(unrank(t, n, k), k) for t in range(count_configurations(n, k))] == list(
            range(count_configurations(n, k))
        )
    assert rank([], 2) == 0


# ----------------------------------------------------------------------------- left6a: w and tol

_ASYMMETRIC = np.array([[0.0, 1.0, -1.0], [-1.0, 0.0, -1.0], [1.0, -1.0, 0.0]])


def _solvers(w: object, tol: object) -> dict[str, object]:
    """Every solver on raw weights, as a call of ``(w, tol)``."""
    from anpo.align.enum2 import descend, enumerate_two
    from anpo.align.enumk import descend_k, enumerate_k
    from anpo.align.exact import branch_and_bound_k, branch_and_bound_two

    return {
        "heuristic descent": lambda: heuristic(w, tol, method="descent", restarts=2, sweeps=2),  # type: ignore[arg-type]
        "heuristic anneal": lambda: heuristic(w, tol, method="anneal", restarts=2, sweeps=2),  # type: ignore[arg-type]
        "heuristic tabu": lambda: heuristic(w, tol, method="tabu", restarts=2, sweeps=2),  # type: ignore[arg-type]
        "enumerate_two": lambda: enumerate_two(w, tol),  # type: ignore[arg-type]
        "descend": lambda: descend(w, tol, 0),  # type: ignore[arg-type]
        "enumerate_k": lambda: enumerate_k(w, tol, 3),  # type: ignore[arg-type]
        "descend_k": lambda: descend_k(w, tol, 3, [0, 1, 2]),  # type: ignore[arg-type]
        "branch_and_bound_two": lambda: branch_and_bound_two(w, tol),  # type: ignore[arg-type]
        "branch_and_bound_k": lambda: branch_and_bound_k(w, 3, tol),  # type: ignore[arg-type]
    }


@pytest.mark.parametrize(
    ("w", "tol", "field"),
    [
        (np.ones(3), 1e-9, "w"),  # numpy's AxisError (heuristic), a numba typing error (enum)
        (_ASYMMETRIC, 1e-9, "w"),  # an answer ([0, 0, 1], E = -2); enumerate_k: no minimum
        (np.where(np.eye(3) > 0, 0.0, np.nan), 1e-9, "w"),
        (None, float("nan"), "tol"),  # heuristic: best 0 'hits' of its own energy
        (None, -1.0, "tol"),  # heuristic descent: [0, 1, 0], E = 0, for the minimum -4
        (None, float("inf"), "tol"),  # no move a descent: every start a minimum
        (None, "x", "tol"),  # a bare TypeError
        (None, True, "tol"),
    ],
)
def test_every_solver_on_raw_weights_checks_w_and_tol(w: object, tol: object, field: str) -> None:
    """``heuristic`` took an asymmetric w or a NaN or negative tol (with k = 3 its descent
    cycled for ever: not run here, the same check refuses it first) and refused NaN weights
    only after its search; the exact solvers took them too (one check,
    :func:`anpo.align.formal.check_weights`)."""
    w = _triangle() if w is None else w
    for name, call in _solvers(w, tol).items():
        with pytest.raises(AlignError) as info:
            call()  # type: ignore[operator]
        assert info.value.field == field, name


def test_the_solvers_still_answer_the_triangle() -> None:
    """[0, 0, 1] (0 and 1 together against 2), E = -4 [axelrod1993, n. 2], for a list of lists,
    an integer tolerance and a read-only matrix alike."""
    w = _triangle()
    frozen = w.copy()
    frozen.flags.writeable = False
    for ww, tol in ((w, 1e-9), (w.tolist(), 0), (frozen, np.float32(1e-9))):
        got = _solvers(ww, tol)
        for name in ("heuristic descent", "heuristic tabu"):
            assert got[name]().config.tolist() == [0, 0, 1], name  # type: ignore[operator]
        assert got["branch_and_bound_k"]().energy == -4.0  # type: ignore[operator]
        assert got["descend_k"]().tolist() == [0, 0, 1]  # type: ignore[operator]


def test_a_diagonal_in_the_weights_is_ignored_and_left_in_place() -> None:
    """The energy sums ``w_ij`` over pairs ``i != j`` [axelrod1993, n. 2], so the diagonal of the
    weights never enters it (as :func:`anpo.align.formal.validate_inputs` ignores the
    propensities' one); the kernels added ``w_ii`` into each move's energy change, so a self-weight
    of 7 made "stay where you are" look costly or cheap and changed the descent's answer. Every
    solver on raw weights answers as for the zero diagonal, and the caller's matrix is not
    written."""
    w0 = _triangle()
    wd = w0.copy()
    np.fill_diagonal(wd, 7.0)
    plain, diag = _solvers(w0, 1e-9), _solvers(wd, 1e-9)
    for name in ("heuristic descent", "heuristic tabu", "descend_k", "descend"):
        a, b = plain[name](), diag[name]()  # type: ignore[operator]
        a, b = getattr(a, "config", a), getattr(b, "config", b)
        assert np.asarray(b).tolist() == np.asarray(a).tolist(), name
    assert diag["branch_and_bound_k"]().energy == -4.0  # type: ignore[operator]
    assert np.diag(wd).tolist() == [7.0, 7.0, 7.0]


@pytest.mark.parametrize(
    "w",
    [np.ones(3), np.ones((3, 2)), _ASYMMETRIC, np.where(np.eye(3) > 0, 0.0, np.nan)],
    ids=["vector", "3x2", "asymmetric", "nan"],
)
def test_mip_two_checks_w_as_the_other_raw_weight_solvers(w: object) -> None:
    """mend16a: ``exact.mip_two`` did not call :func:`anpo.align.formal.check_weights` (a vector
    was an IndexError, an asymmetric w a quiet answer, [0, 0, 0] 'proven'); it refuses them
    now with the message the branch and bound gives, naming ``w``."""
    from anpo.align.exact import branch_and_bound_two, mip_two

    with pytest.raises(AlignError) as mip:
        mip_two(w, time_limit=10.0)  # type: ignore[arg-type]
    with pytest.raises(AlignError) as bb:
        branch_and_bound_two(w, 0.0)  # type: ignore[arg-type]
    assert mip.value.field == "w" and str(mip.value) == str(bb.value)


def test_mip_two_still_answers_the_triangle() -> None:
    """[0, 0, 1], E = -4 [axelrod1993, n. 2], for an array, a list of lists and a diagonal."""
    from anpo.align.exact import mip_two

    w = _triangle()
    wd = w.copy()
    np.fill_diagonal(wd, 7.0)
    for ww in (w, w.tolist(), wd):
        r = mip_two(ww, time_limit=10.0)  # type: ignore[arg-type]
        assert r.config.tolist() == [0, 0, 1] and r.energy == -4.0 and r.proven


# ----------------------------------------------------------------------------- audit33
def _three() -> Any:
    """Three actors of sizes 1, 2, 3: 0 and 1 attract, 0 and 2 repel, 1 and 2 attract."""
    from anpo.align import landscape

    return landscape([1.0, 2.0, 3.0], [[0, 1, -1], [1, 0, 1], [-1, 1, 0]])


@pytest.mark.parametrize("actor", [1.5, "1", True, None, [1]])
def test_delta_refuses_an_actor_that_is_no_index_by_name(actor: object) -> None:
    """audit33 item 7: ``delta(config, actor=1.5)`` was numpy's raw IndexError, "1" and True raw
    TypeErrors (its ``to`` was checked): each is now an AlignError naming ``actor``."""
    with pytest.raises(AlignError) as info:
        _three().delta([0, 0, 1], actor)  # type: ignore[arg-type]
    assert info.value.field == "actor"


def test_delta_takes_an_actor_index_as_to_is_taken() -> None:
    """An int, a numpy integer and a whole float are the same index (``to``'s rule); the value
    is ``energy(after) - energy(before)``, the definition the docstring gives."""
    land = _three()
    change = land.energy([0, 1, 1]) - land.energy([0, 0, 1])
    for actor in (1, np.int64(1), 1.0):
        assert land.delta([0, 0, 1], actor) == pytest.approx(change)  # type: ignore[arg-type]


@pytest.mark.parametrize("limit", ["1", True, np.bool_(True), b"1", [1], float("inf")])
@pytest.mark.parametrize("method", ["auto", "exact", "anneal"])
def test_solve_refuses_a_time_limit_that_is_no_number_of_seconds(
    limit: object, method: str
) -> None:
    """audit33 item 7: ``solve(time_limit="1")`` was a raw TypeError from ``math.isfinite`` and
    True was taken as one second: each is now an AlignError naming ``time_limit``, as -1 and
    NaN were; the heuristics' own check is the same one."""
    with pytest.raises(AlignError) as info:
        _three().solve(method=method, time_limit=limit)  # type: ignore[arg-type]
    assert info.value.field == "time_limit"
    with pytest.raises(AlignError) as info:
        heuristic(_triangle(), 1e-9, time_limit=limit)  # type: ignore[arg-type]
    assert info.value.field == "time_limit"


def test_a_landscape_keeps_its_own_copy_of_the_sizes() -> None:
    """audit33 item 5: ``Landscape.sizes`` was the caller's float array itself, so editing that
    array after ``landscape(s, P)`` changed the sizes but not the weights computed from them:
    ``E = sum_i s_i F_i`` [axelrod1993, n. 2] no longer held. The landscape now copies them."""
    from anpo.align import landscape

    sizes = np.array([1.0, 2.0, 3.0])
    land = landscape(sizes, [[0, 1, -1], [1, 0, 1], [-1, 1, 0]])
    config = [0, 0, 1]
    sizes[0] = 100.0
    assert land.sizes.tolist() == [1.0, 2.0, 3.0]
    assert not np.shares_memory(land.sizes, sizes)
    energy = land.energy(config)
    assert energy == pytest.approx(float(land.sizes @ land.frustration(config)))
