"""Labels and ties in the landscape's public answers (review14 F2, F7, F8).

- F7: ``Landscape.delta(config, actor, to)`` is the single-move energy change ``Delta E =
  E(after) - E(before) = 2 s_k Delta F_k`` [axelrod1993, n. 2] for the configuration the caller
  gave, ``to`` a label of that configuration (reference alignment.md, "Invariants ... The
  single-flip Delta E identity").
- F8: the number of coalitions chosen by minimum energy is the smallest ``k`` whose minimum
  energy reaches the overall minimum ([galam1998]'s point, as ``energy_by_coalitions`` states).
- F2: basins of attraction are defined on the landscape [axelrod1993, pp. 216-218], so they must
  not depend on the order in which the (named) actors are listed, also when moves tie.
"""

from __future__ import annotations

import numpy as np
import pytest

from _support import F8_P
from anpo.align import landscape
from anpo.errors import AlignError


def _instance(rng: np.random.Generator, n: int, integer: bool) -> tuple[np.ndarray, np.ndarray]:
    p = rng.integers(-2, 3, size=(n, n)).astype(float) if integer else rng.normal(size=(n, n))
    p = np.triu(p, 1)
    p = p + p.T
    s = np.ones(n) if integer else rng.uniform(0.1, 3.0, n)
    return s, p


# ------------------------------------------------------------------ F7: delta's labels
def test_delta_reads_to_in_the_given_labels_reviewer_repro():
    """review14 F7: in ``[1, 0, 0]`` label 1 is actor 0's coalition; moving actor 1 there
    changes E from 0 to 2 (the old code read it in the normalised ``[0, 1, 1]`` and said 0)."""
    land = landscape([1, 1, 1], [[0, 1, -1], [1, 0, 2], [-1, 2, 0]])
    assert land.energy([1, 0, 0]) == 0.0
    assert land.energy([1, 1, 0]) == 2.0
    assert land.delta([1, 0, 0], 1, 1) == 2.0


@pytest.mark.parametrize("k", [2, 3])
def test_delta_equals_energy_difference_for_unnormalised_labels(k):
    """``delta(cfg, actor, to) = E(cfg with cfg[actor] = to) - E(cfg)`` [axelrod1993, n. 2]
    for random, unnormalised label vectors (labels shifted and permuted, some unused)."""
    rng = np.random.default_rng(140 + k)
    checked = 0
    for _ in range(150):
        n = int(rng.integers(2, 9))
        s, p = _instance(rng, n, integer=bool(rng.integers(2)))
        land = landscape(s, p, coalitions=k)
        names = rng.permutation(k) * 3 - 2  # arbitrary whole-number labels, k of them
        cfg = names[rng.integers(0, k, n)]
        actor = int(rng.integers(n))
        to = int(names[rng.integers(0, k)])
        after = cfg.copy()
        after[actor] = to
        de = land.energy(after) - land.energy(cfg)
        assert land.delta(cfg, actor, to) == pytest.approx(de, abs=1e-9 * max(1.0, abs(de)))
        checked += 1
    assert checked == 150


def test_delta_new_coalition_and_refusals():
    """A label not in use is a new, empty coalition when ``k`` allows one; else an AlignError
    naming ``to`` (as is a ``to`` that is not a whole number)."""
    p = [[0, 1, -1], [1, 0, 2], [-1, 2, 0]]
    three = landscape([1, 1, 1], p, coalitions=3)
    # actor 0 leaves {0, 1} (labels 5) for a coalition of its own (label 9, unused)
    assert three.delta([5, 5, 7], 0, 9) == pytest.approx(
        three.energy([9, 5, 7]) - three.energy([5, 5, 7])
    )
    two = landscape([1, 1, 1], p)
    with pytest.raises(AlignError) as e:
        two.delta([5, 5, 7], 0, 9)  # a third coalition in a two-coalition landscape
    assert e.value.field == "to"
    with pytest.raises(AlignError) as e:
        two.delta([5, 5, 7], 0, 0.5)  # type: ignore[arg-type]
    assert e.value.field == "to"
    # None in two coalitions: the other side, whatever the labels
    assert two.delta([7, 5, 5], 1) == pytest.approx(two.energy([7, 7, 5]) - two.energy([7, 5, 5]))


# ------------------------------------------------------------------ F8: chosen coalitions
def _smallest_reaching(land) -> int:
    """The smallest k of ``energy_by_coalitions`` within the tolerance of the overall minimum."""
    eb = land.energy_by_coalitions()
    low = min(e for _, e in eb)
    return next(k for k, e in eb if e <= low + land.tolerance)


def test_chosen_coalitions_reviewer_instance():
    """review14 F8 (7 actors, integer propensities): 2 coalitions reach the minimum -12, as 3
    do; the chosen number is 2 ([galam1998], smallest k reaching the minimum), not 3."""
    land = landscape(np.ones(7), F8_P, coalitions=None)
    assert land.energy_by_coalitions()[:3] == [(1, 0.0), (2, -12.0), (3, -12.0)]
    assert land.chosen_coalitions() == 2
    cfg, e = land.global_minimum()
    assert e == -12.0 and cfg.max() + 1 >= 2


def test_chosen_coalitions_sweep():
    """Seeded sweep (integer propensities with ties, and generic ones): the chosen number is
    the smallest k of ``energy_by_coalitions`` reaching the minimum, and the free global
    minimum has that energy and at least that many coalitions."""
    rng = np.random.default_rng(1408)
    for it in range(30):
        n = int(rng.integers(3, 8))
        s, p = _instance(rng, n, integer=it % 3 != 0)
        land = landscape(s, p, coalitions=None)
        chosen = land.chosen_coalitions()
        assert chosen == _smallest_reaching(land)
        cfg, e = land.global_minimum()
        assert cfg.max() + 1 >= chosen
        low = min(x for _, x in land.energy_by_coalitions())
        assert e == pytest.approx(low, abs=land.tolerance)


# ------------------------------------------------------------------ F2: basins and actor order
#: review14 F2's 8-actor instance (integer propensities, equal sizes): listing its actors in the
#: order REORDER moved the basins of its three minima from 0.461/0.289/0.250 to 0.359/0.242/0.398
F2_P = np.array(
    [
        [0, 1, 1, 1, 1, 1, -1, -2],
        [1, 0, 2, -2, -1, 2, -2, -2],
        [1, 2, 0, 0, -2, 1, -2, -2],
        [1, -2, 0, 0, -1, 1, -1, 2],
        [1, -1, -2, -1, 0, 0, -1, 2],
        [1, 2, 1, 1, 0, 0, 1, 2],
        [-1, -2, -2, -1, -1, 1, 0, 2],
        [-2, -2, -2, 2, 2, 2, 2, 0],
    ],
    float,
)
REORDER = [0, 5, 3, 7, 4, 6, 1, 2]


def _minima_by_names(land) -> dict[tuple[frozenset[str], ...], tuple[float, float]]:
    """Every local minimum as its coalitions of names (order-free) -> (energy, basin share)."""
    out = {}
    for m in land.local_minima():
        blocks = frozenset(
            frozenset(land.names[i] for i in np.flatnonzero(m.config == c))
            for c in range(m.config.max() + 1)
        )
        out[blocks] = (m.energy, m.basin_share)
    return out


def _reordered(s, p, names, order, k):
    return landscape(s[order], p[np.ix_(order, order)], [names[i] for i in order], coalitions=k)


@pytest.mark.parametrize("k", [2, 3, None])
def test_basins_do_not_depend_on_actor_order_reviewer_instance(k):
    """review14 F2: the same named actors listed in another order give the same minima, energies
    and basin shares ([axelrod1993, pp. 216-218] define basins on the landscape); ties between
    steepest moves are broken by actor name, not by position."""
    names = [f"state{i}" for i in range(8)]
    s = np.ones(8)
    base = _minima_by_names(landscape(s, F2_P, names, coalitions=k))
    again = _minima_by_names(_reordered(s, F2_P, names, REORDER, k))
    assert base == again
    if k == 2:
        assert sorted(round(b, 4) for _, b in base.values()) == [0.25, 0.2891, 0.4609]


def test_basins_do_not_depend_on_actor_order_sweep():
    """Seeded sweep: random integer-coded instances (ties between moves are common) with names
    in random order, each listed in three random orders: identical minima and basin shares."""
    rng = np.random.default_rng(1402)
    for it in range(24):
        n = int(rng.integers(4, 9))
        k = 2 if it % 2 == 0 else 3
        s, p = _instance(rng, n, integer=True)
        names = [f"{chr(97 + int(c))}{i}" for i, c in enumerate(rng.integers(0, 26, n))]
        base = _minima_by_names(landscape(s, p, names, coalitions=k))
        for _ in range(3):
            order = rng.permutation(n)
            assert _minima_by_names(_reordered(s, p, names, order, k)) == base


def test_tie_order_keeps_listed_order_without_names():
    """Without names the actors are known by position: the tie order is the listed one (no
    permutation), and names listed in sorted order need none either."""
    assert landscape(np.ones(8), F2_P).tie_order is None
    assert landscape(np.ones(8), F2_P, [f"s{i}" for i in range(8)]).tie_order is None
    order = landscape(np.ones(3), np.zeros((3, 3)), ["b", "c", "a"]).tie_order
    assert order is not None and order.tolist() == [2, 0, 1]


def test_chosen_minimum_has_exactly_the_chosen_number_of_coalitions():
    """mend16a: on review14 F8's tied instance the branch and bound's free optimum has 3
    coalitions (E = -12) where 2 reach the same minimum [galam1998]; ``chosen_minimum`` gives
    a configuration with exactly the chosen 2 at E = -12, says the free optimum is tied, and
    ``chosen_coalitions`` is its count."""
    land = landscape(np.ones(7), F8_P, coalitions=None)
    c = land.chosen_minimum()
    assert c.k == land.chosen_coalitions() == 2
    assert c.config.max() + 1 == 2 and land.energy(c.config) == c.energy == -12.0
    assert c.free_energy == -12.0 and c.free_blocks == 3 and c.tied


def test_chosen_minimum_sweep():
    """Seeded sweep: the chosen configuration has exactly ``k`` coalitions and the minimum
    energy of ``energy_by_coalitions``; ``tied`` exactly when the free optimum uses more."""
    rng = np.random.default_rng(1616)
    for it in range(30):
        n = int(rng.integers(3, 8))
        s, p = _instance(rng, n, integer=it % 3 != 0)
        land = landscape(s, p, coalitions=None)
        c = land.chosen_minimum()
        assert c.k == _smallest_reaching(land)
        assert int(c.config.max()) + 1 == c.k
        low = min(x for _, x in land.energy_by_coalitions())
        assert land.energy(c.config) == pytest.approx(low, abs=land.tolerance)
        assert c.tied == (int(c.free_config.max()) + 1 > c.k)


def _named(land, cfg) -> frozenset[frozenset[str]]:
    """A configuration as its coalitions of names (order-free)."""
    return frozenset(
        frozenset(land.names[i] for i in np.flatnonzero(cfg == c)) for c in range(cfg.max() + 1)
    )


@pytest.mark.parametrize("k", [2, 3, None])
def test_descent_does_not_depend_on_actor_order_reviewer_instance(k):
    """mend16a: ``solve("descent")`` breaks ties between steepest moves as the basins do, by
    actor name (:attr:`Landscape.tie_order`), not by position: on review14 F2's tied instance
    listed in another order, every seed gives the same named configuration and energy (on
    the listed-order rule 30-32 of these 40 seeds gave another one)."""
    names = [f"state{i}" for i in range(8)]
    s = np.ones(8)
    base = landscape(s, F2_P, names, coalitions=k)
    other = _reordered(s, F2_P, names, REORDER, k)
    minima = set(_minima_by_names(base))
    for seed in range(40):
        a = base.solve("descent", seed=seed, restarts=1)
        b = other.solve("descent", seed=seed, restarts=1)
        assert _named(base, a.config) == _named(other, b.config), seed
        assert a.energy == pytest.approx(b.energy, abs=base.tolerance)
        assert a.energy == base.energy(a.config)
        assert _named(base, a.config) in minima  # a local minimum of the landscape


@pytest.mark.parametrize("method", ["anneal", "tabu"])
@pytest.mark.parametrize("k", [2, 3, None])
def test_anneal_tabu_do_not_depend_on_actor_order_reviewer_instance(method, k):
    """mend16e: anneal and tabu end in a steepest descent whose ties are broken as descent's
    and the basins' are, by actor name (:attr:`Landscape.tie_order`); they run on the actors
    in that order (their random starts and moves drawn in it) and map the result back, so on
    review14 F2's tied instance listed in another order every seed gives the same named
    configuration and energy (by position, several of these seeds gave another one)."""
    names = [f"state{i}" for i in range(8)]
    s = np.ones(8)
    base = landscape(s, F2_P, names, coalitions=k)
    other = _reordered(s, F2_P, names, REORDER, k)
    minima = set(_minima_by_names(base))
    for seed in range(40):
        a = base.solve(method, seed=seed, restarts=1, sweeps=2)
        b = other.solve(method, seed=seed, restarts=1, sweeps=2)
        assert _named(base, a.config) == _named(other, b.config), seed
        assert a.energy == pytest.approx(b.energy, abs=base.tolerance)
        assert a.energy == base.energy(a.config)
        assert _named(base, a.config) in minima  # a local minimum of the landscape


# ------------------------------------------------------------------ mend16a: tied starts
def _reference_tied_starts(land) -> int:
    """The starting configurations whose descent met a tie between steepest moves leading to
    different configurations, by brute force: every configuration (normalised labels, at most ``k`` coalitions), every move's
    energy change ``E(after) - E(before)`` [axelrod1993, n. 2] from :meth:`Landscape.energy`,
    steepest first, ties within the tolerance going to the lowest actor then the lowest
    target label (the descent rule of :mod:`anpo.align.enumk`, actors in the listed order)."""
    from anpo.align import formal as model
    from anpo.align.enumk import count_configurations, unrank

    n, k, tol = land.n, land.k, land.tolerance
    met_ties = 0
    for t in range(count_configurations(n, k)):
        a = unrank(t, n, k)
        met = False
        while True:
            e0 = land.energy(a)
            top = min(int(a.max()) + 1, k - 1)  # labels in use, and the lowest empty one
            moves = []
            for i in range(n):
                for c in range(top + 1):
                    if c != a[i]:
                        b = a.copy()
                        b[i] = c
                        moves.append((land.energy(b) - e0, i, c))
            best = min(d for d, _, _ in moves)
            if best >= -tol:
                break
            steepest = [m for m in moves if m[0] <= best + tol]
            after = set()
            for _, i, c in steepest:
                b = a.copy()
                b[i] = c
                after.add(tuple(model.normalize(b).tolist()))
            met = met or len(after) > 1  # moves to one configuration are no tie
            _, i, c = steepest[0]
            a[i] = c
            a = model.normalize(a)
        met_ties += met
    return met_ties


@pytest.mark.parametrize("k", [2, 3, None])
def test_tied_starts_equal_a_brute_force_count(k):
    """mend16a: ``Landscape.tied_starts`` (counted on request in the enumeration's compiled
    pass) is the
    number of starting configurations whose descent met a tie between steepest moves, as a
    brute-force descent counts them; integer propensities with equal sizes tie often, Gaussian
    ones almost never (0)."""
    rng = np.random.default_rng(1616 + (k or 0))
    seen_ties = 0
    for it in range(12):
        n = int(rng.integers(3, 7))
        s, p = _instance(rng, n, integer=it % 4 != 0)
        land = landscape(s, p, coalitions=k)
        land.local_minima(ties=True)
        want = _reference_tied_starts(land)
        assert land.tied_starts == want, (it, n)
        assert land.starts == land.count_configurations()
        seen_ties += want > 0
    assert seen_ties >= 3  # the sweep does exercise ties


def test_tied_starts_same_when_streaming_and_when_actors_are_reordered():
    """The stored and the streaming enumerations count the same tied starts, and listing the
    named actors in another order does not change the count (the tie rule is by name)."""
    from anpo.align.enum2 import enumerate_two

    land = landscape(np.ones(8), F2_P)
    stored = enumerate_two(land.weights, land.tolerance, mode="stored", ties=True)
    streaming = enumerate_two(land.weights, land.tolerance, mode="streaming", ties=True)
    assert stored.tied_starts == streaming.tied_starts == 58
    names = [f"state{i}" for i in range(8)]
    for k in (2, 3, None):
        base = landscape(np.ones(8), F2_P, names, coalitions=k)
        other = _reordered(np.ones(8), F2_P, names, REORDER, k)
        base.local_minima(ties=True)
        other.local_minima(ties=True)
        assert base.tied_starts == other.tied_starts > 0


def test_basin_tie_note_only_when_a_start_met_a_tie():
    """The note says 'N of M starts met a tie between steepest moves; the shares may depend on
    the tie rule (...)' when N > 0,
    naming the rule (actor names, or the listed order without names); None otherwise."""
    tied = landscape(np.ones(8), F2_P, [f"s{i}" for i in range(8)])
    assert tied.basin_tie_note() is None  # not enumerated yet
    tied.local_minima(ties=True)
    assert tied.basin_tie_note() == (
        "58 of 128 starts met a tie between steepest moves; the shares may depend on the tie rule "
        "(actor names)."
    )
    plain = landscape(np.ones(8), F2_P)
    plain.local_minima(ties=True)
    assert plain.basin_tie_note().endswith("the tie rule (listed order).")
    rng = np.random.default_rng(5)
    s, p = _instance(rng, 7, integer=False)
    generic = landscape(s, p)
    generic.local_minima(ties=True)
    assert generic.tied_starts == 0 and generic.basin_tie_note() is None


def test_tied_starts_only_on_request_and_the_minima_the_same():
    """The count costs 15-60 % more time, so it is made on request (``ties=True``):
    without it ``tied_starts`` is None and no note is given; with it the minima, energies and
    basin shares are the same, and a later call with ``ties=True`` enumerates again to count."""
    from anpo.align.enum2 import enumerate_two
    from anpo.align.enumk import enumerate_k

    land = landscape(np.ones(8), F2_P)
    for mode in ("stored", "streaming"):
        plain = enumerate_two(land.weights, land.tolerance, mode=mode)
        counted = enumerate_two(land.weights, land.tolerance, mode=mode, ties=True)
        assert plain.tied_starts is None and counted.tied_starts == 58
        assert plain.minima.tolist() == counted.minima.tolist()
        assert plain.counts.tolist() == counted.counts.tolist()
    plain_k = enumerate_k(land.weights, land.tolerance, 3)
    counted_k = enumerate_k(land.weights, land.tolerance, 3, ties=True)
    assert plain_k.tied_starts is None and counted_k.tied_starts > 0
    assert plain_k.counts.tolist() == counted_k.counts.tolist()
    first = land.local_minima()
    assert land.tied_starts is None and land.basin_tie_note() is None
    again = land.local_minima(ties=True)
    assert land.tied_starts == 58 and land.basin_tie_note() is not None
    assert [(m.config.tolist(), m.energy, m.basin_share) for m in first] == [
        (m.config.tolist(), m.energy, m.basin_share) for m in again
    ]


def test_basin_tie_note_says_what_it_counts_not_that_the_shares_depend():
    """review17 F2: the starts counted met a tie between steepest moves, but a tie's branches
    can end at the same minimum. On this instance (5 actors, sizes 1) 3 of 16 starts met a tie,
    yet the minima and basin shares are the same under all 120 orders of the actor names (every
    tie rule the landscape can use): the note says the shares may depend on the rule, not that
    they do."""
    import itertools

    p = np.array(
        [
            [0, 2, -2, 2, 0],
            [2, 0, -1, 2, -2],
            [-2, -1, 0, 0, -2],
            [2, 2, 0, 0, 2],
            [0, -2, -2, 2, 0],
        ],
        dtype=float,
    )
    names = list("abcde")
    land = landscape(np.ones(5), p, names)
    land.local_minima(ties=True)
    assert land.tied_starts == 3 and land.starts == 16
    note = land.basin_tie_note()
    assert note == (
        "3 of 16 starts met a tie between steepest moves; the shares may depend on the tie rule "
        "(actor names)."
    )
    assert "shares depend" not in note
    shares = set()
    for perm in itertools.permutations(range(5)):
        other = landscape(np.ones(5), p, [names[i] for i in perm])
        shares.add(
            tuple(sorted((tuple(m.config), round(m.basin_share, 9)) for m in other.local_minima()))
        )
    assert len(shares) == 1
