"""Landscape model: energy definition, invariants, validation, and the 1938 fixture.

Energy, frustration and the single-flip identity follow Axelrod & Bennett, "A Landscape Theory
of Aggregation", BJPolS 23(2):211-233 (1993), footnotes 8-9 (pp. 214-215); the invariants are those
listed in ../shared/reference/alignment.md.
"""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anpo.align import landscape, normalize
from anpo.align.formal import bits_to_config, config_to_bits
from anpo.errors import AlignError, AnpoError


def random_instance(rng: np.random.Generator, n: int, integer: bool = False):
    p = rng.normal(size=(n, n))
    if integer:
        p = np.round(2 * p)
    p = np.triu(p, 1)
    p = p + p.T
    s = rng.uniform(0.05, 2.0, n)
    return s, p


def ordered_pair_energy(s, p, cfg) -> float:
    """Literal transcription of the footnote: sum over ordered pairs i != j."""
    n = len(s)
    return sum(
        s[i] * s[j] * p[i, j] * (0.0 if cfg[i] == cfg[j] else 1.0)
        for i in range(n)
        for j in range(n)
        if i != j
    )


# ----------------------------------------------------------------------------- definition
def test_energy_counts_each_separated_pair_twice():
    """[axelrod1993] n. 2: E sums over ORDERED pairs, so a separated pair with
    s_i s_j p_ij = 6 contributes 12."""
    land = landscape([2.0, 3.0], [[0.0, 1.0], [1.0, 0.0]])
    assert land.energy([0, 1]) == pytest.approx(12.0, rel=1e-15)
    assert land.energy([0, 0]) == 0.0


def test_energy_matches_literal_sum_and_frustration():
    """E = sum over ordered pairs (n. 2) = sum_i s_i F_i (n. 2)."""
    rng = np.random.default_rng(1)
    s, p = random_instance(rng, 9)
    land = landscape(s, p)
    for _ in range(20):
        cfg = rng.integers(0, 3, 9)
        land3 = landscape(s, p, coalitions=3)
        e = land3.energy(cfg)
        assert e == pytest.approx(ordered_pair_energy(s, p, cfg), rel=1e-12)
        assert e == pytest.approx(float(np.dot(s, land3.frustration(cfg))), rel=1e-12)
    assert land.k == 2


def test_single_flip_identity_two_and_k():
    """dE = 2 s_k dF_k for any single move [axelrod1993, n. 2]."""
    rng = np.random.default_rng(2)
    s, p = random_instance(rng, 8)
    for k in (2, 4):
        land = landscape(s, p, coalitions=k)
        for _ in range(30):
            cfg = normalize(rng.integers(0, k, 8))
            if cfg.max() + 1 > k:
                continue
            actor = int(rng.integers(8))
            to = int(rng.integers(0, k))
            new = cfg.copy()
            new[actor] = to
            if normalize(new).max() + 1 > k:
                continue
            de = land.energy(new) - land.energy(cfg)
            df = land.frustration(new)[actor] - land.frustration(cfg)[actor]
            assert de == pytest.approx(2 * s[actor] * df, abs=1e-10)
            assert land.delta(cfg, actor, to) == pytest.approx(de, abs=1e-10)


def test_complement_and_scaling_invariants():
    """E(X) = E(complement X); sizes x c scales E by c^2; p x c scales E by c (reference
    invariants, ../shared/reference/alignment.md)."""
    rng = np.random.default_rng(3)
    s, p = random_instance(rng, 10)
    land = landscape(s, p)
    big = landscape(3.0 * s, p)
    strong = landscape(s, 2.5 * p)
    for _ in range(20):
        x = rng.integers(0, 2, 10)
        e = land.energy(x)
        assert land.energy(1 - x) == pytest.approx(e, rel=1e-12, abs=1e-12)
        assert big.energy(x) == pytest.approx(9.0 * e, rel=1e-12, abs=1e-12)
        assert strong.energy(x) == pytest.approx(2.5 * e, rel=1e-12, abs=1e-12)
    # the minima themselves are invariant under positive scaling
    assert np.array_equal(land.global_minimum()[0], big.global_minimum()[0])
    assert [tuple(m.config) for m in land.local_minima()] == [
        tuple(m.config) for m in strong.local_minima()
    ]


def test_general_distance_hook():
    """The paper's general distances (p. 215): with D = 1 off the diagonal the energy is the
    usual one; a hierarchical D (two sub-coalitions of one bloc at distance 0.5) weights those
    pairs by half."""
    rng = np.random.default_rng(4)
    s, p = random_instance(rng, 6)
    land = landscape(s, p, coalitions=3)
    cfg = np.array([0, 0, 1, 1, 2, 2])
    d1 = np.ones((3, 3)) - np.eye(3)
    assert land.energy(cfg, d1) == pytest.approx(land.energy(cfg), rel=1e-12)
    dh = np.array([[0, 0.5, 1], [0.5, 0, 1], [1, 1, 0]])
    expected = sum(
        s[i] * s[j] * p[i, j] * dh[cfg[i], cfg[j]] for i in range(6) for j in range(6) if i != j
    )
    assert land.energy(cfg, dh) == pytest.approx(expected, rel=1e-12)
    assert np.allclose(land.frustration(cfg, dh), (p * dh[cfg][:, cfg]) @ s)
    with pytest.raises(AlignError):
        land.energy(cfg, np.array([[0, -1], [-1, 0]]))


def test_normalize_and_bits():
    assert normalize([5, 5, 2, 7, 2]).tolist() == [0, 0, 1, 2, 1]
    assert normalize(["b", "a", "b"]).tolist() == [0, 1, 0]
    for x in range(16):
        assert config_to_bits(bits_to_config(x, 5)) == x
    assert config_to_bits([1, 0, 0, 1]) == config_to_bits([0, 1, 1, 0])


@pytest.mark.parametrize(
    ("config", "says"),
    [
        (object(), "a sequence of labels"),  # was one label: [0]
        (3, "a sequence of labels"),
        ({"a": 1}, "a sequence of labels"),  # was a bare 'unhashable type'
        ([[1], [2, 3]], "got [1] (actor 0)"),  # ragged: was numpy's 'inhomogeneous shape'
        ([1, {"a": 1}], "got {'a': 1} (actor 1)"),
    ],
)
def test_normalize_refuses_what_is_no_configuration(config: object, says: str) -> None:
    """``normalize`` read a single object as a configuration of one actor and failed on an
    unhashable label with a bare TypeError; both are AlignErrors naming ``config``."""
    with pytest.raises(AlignError) as info:
        normalize(config)  # type: ignore[arg-type]
    assert info.value.field == "config" and says in info.value.message
    assert normalize((2, 2.0, 1)).tolist() == [0, 0, 1]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=1, max_size=12))
def test_normalize_properties(labels):
    """Normalisation is idempotent, puts actor 0 in coalition 0, labels in order of first use,
    and preserves the partition."""
    a = normalize(labels)
    assert a[0] == 0
    assert np.array_equal(normalize(a), a)
    seen = -1
    for v in a:
        assert v <= seen + 1
        seen = max(seen, v)
    lab = np.array(labels)
    assert np.array_equal(lab[:, None] == lab[None, :], a[:, None] == a[None, :])


# ----------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    "sizes, prop, field",
    [
        ([1, 2], [[0, 1, 0], [1, 0, 0]], "propensity"),  # not n x n
        ([1, 2], [[0, 1], [2, 0]], "propensity"),  # asymmetric
        ([1, 0], [[0, 1], [1, 0]], "sizes"),  # size 0
        ([1, -2], [[0, 1], [1, 0]], "sizes"),
        ([1, float("nan")], [[0, 1], [1, 0]], "sizes"),
        ([1, 2], [[0, float("inf")], [float("inf"), 0]], "propensity"),
        ([1, 2], [[0, "x"], ["x", 0]], "propensity"),
        ([[1, 2]], [[0, 1], [1, 0]], "sizes"),
        ([], [], "sizes"),
    ],
)
def test_validation_errors(sizes, prop, field):
    with pytest.raises(AlignError) as info:
        landscape(sizes, prop)
    assert info.value.field == field
    assert isinstance(info.value, AnpoError)


def test_validation_names_and_configs():
    with pytest.raises(AlignError):
        landscape([1, 1], [[0, 1], [1, 0]], names=["a", "a"])
    with pytest.raises(AlignError):
        landscape([1, 1], [[0, 1], [1, 0]], names=["a"])
    with pytest.raises(AlignError):
        landscape([1, 1], [[0, 1], [1, 0]], coalitions=1)
    land = landscape([1, 1, 1], np.ones((3, 3)) - np.eye(3))
    with pytest.raises(AlignError):
        land.energy([0, 1])
    with pytest.raises(AlignError):
        land.energy([0, 1, 2])  # three coalitions in a two-coalition landscape
    with pytest.raises(AlignError):
        land.energy([0.5, 1, 0])
    with pytest.raises(AlignError):
        land.delta([0, 1, 1], 7)


def test_diagonal_is_ignored():
    """p_ii never enters E or F ([axelrod1993], n. 2 sum over j != i; d_ii = 0), so a
    nonzero, NaN or infinite diagonal gives the same landscape as a zero one; the caller's array
    is not modified."""
    p0 = np.array([[0.0, 1.0, -2.0], [1.0, 0.0, 3.0], [-2.0, 3.0, 0.0]])
    ref = landscape([1, 2, 3], p0)
    for diag in ([1.0, 5.0, -2.0], [np.nan, np.nan, np.nan], [np.inf, 0.0, 1.0]):
        p = p0.copy()
        np.fill_diagonal(p, diag)
        land = landscape([1, 2, 3], p)
        assert np.array_equal(land.propensity, ref.propensity)
        assert land.global_minimum()[1] == ref.global_minimum()[1]
        assert land.energy([0, 1, 1]) == ref.energy([0, 1, 1])
        assert np.array_equal(np.diag(p), np.array(diag), equal_nan=True)
    with pytest.raises(AlignError, match="not symmetric"):
        landscape([1, 2, 3], np.triu(p0))  # a triangle is not a symmetric matrix


def test_input_errors_name_the_actors_where_names_are_given():
    """A bad size or propensity is named by index and, where the caller gave names, by name
    (the library said "actor 1" for a NaN size even when the actor was called "JP")."""
    good = [[0.0, 1.0], [1.0, 0.0]]
    with pytest.raises(AlignError, match=r"size of actor 1 \(JP\) is not finite"):
        landscape([1.0, np.nan], good, names=["US", "JP"])
    with pytest.raises(AlignError, match=r"size of actor 1 must be > 0"):
        landscape([1.0, -1.0], good)
    with pytest.raises(AlignError, match=r"propensity \[0, 1\] \(US-JP\) is not finite"):
        landscape([1.0, 1.0], [[0.0, np.inf], [np.inf, 0.0]], names=["US", "JP"])
    with pytest.raises(AlignError, match=r"not symmetric.*\(US-JP\)"):
        landscape([1.0, 1.0], [[0.0, 1.0], [2.0, 0.0]], names=["US", "JP"])


def test_huge_propensities_are_refused_before_any_arithmetic():
    """Opposite propensities of 1e308 overflowed in the symmetry check (``p - p.T``) and gave a
    NaN on its way to the output (found by the nightly CLI fuzz run); they are refused, naming
    the entry, without a numerical warning."""
    p = np.array([[0, 1e308, -1e308], [1e308, 0, 1e308], [-1e308, 1e308, 0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.raises(AlignError, match=r"propensity \[0, 1\] is 1e\+308") as info:
            landscape([1, 1, 1], p)
    assert info.value.field == "propensity"
    # the bound itself is accepted, and the answer is the unit-scale one (only ratios matter)
    ok = landscape([1, 1, 1], np.clip(p, -1e150, 1e150)).global_minimum()
    unit = landscape([1, 1, 1], np.sign(p)).global_minimum()
    assert np.array_equal(ok[0], unit[0]) and ok[1] == unit[1] * 1e150


def test_tiny_asymmetry_is_symmetrised():
    p = np.array([[0, 1.0], [1.0 + 1e-15, 0]])
    land = landscape([1, 1], p)
    assert land.propensity[0, 1] == land.propensity[1, 0]


# ----------------------------------------------------------------------------- fixture
def _fixture(shared_data):
    folder = shared_data / "landscape" / "glynne_jones_1938"
    countries = pd.read_csv(folder / "countries_1938.csv")
    hoc = np.loadtxt(folder / "history_of_conflict_upper.csv", delimiter=",", comments="#")
    hoc = hoc + hoc.T
    n = len(countries)
    rel = countries["religion"].to_numpy()
    ide = countries["ideology"].to_numpy()
    conflict = np.zeros((n, n))
    for i, j in itertools.permutations(range(n), 2):
        # the source's recipe: 2*HOC + ETH + REL + IDE, ETH = -1 for every pair
        conflict[i, j] = (
            2 * hoc[i, j] - 1 + (1 if rel[i] != rel[j] else -1) + (1 if ide[i] != ide[j] else -1)
        )
    sizes = 100 * countries["cow_capability_share"].to_numpy()
    return countries, sizes, conflict


def test_glynne_jones_1938_fixture(shared_data):
    """Regression fixture ../shared/data/landscape/glynne_jones_1938 (README): with propensity =
    -conflict, a single local minimum, which is the global minimum, splitting Europe into
    {Britain, Czechoslovakia, Denmark, Estonia, France, Romania, Soviet Union, Yugoslavia} vs the
    rest, with the source's energy (within-coalition conflict over i<j) 231.844."""
    countries, sizes, conflict = _fixture(shared_data)
    names = list(countries["name"])
    land = landscape(sizes, -conflict, names)
    minima = land.local_minima()
    assert len(minima) == 1
    cfg, e_ab, share = minima[0]
    assert share == 1.0
    gcfg, ge = land.global_minimum()
    assert np.array_equal(gcfg, cfg) and ge == e_ab
    groups = land.members(cfg)
    expected = {
        "Britain",
        "Czechoslovakia",
        "Denmark",
        "Estonia",
        "France",
        "Romania",
        "Soviet Union",
        "Yugoslavia",
    }
    assert {frozenset(g) for g in groups} == {frozenset(expected), frozenset(set(names) - expected)}
    w = np.outer(sizes, sizes) * conflict
    same = cfg[:, None] == cfg[None, :]
    e_source = float(np.triu(w * same, 1).sum())
    assert e_source == pytest.approx(231.844, abs=5e-4)
    # affine equivalence of the two conventions for every configuration:
    # E_AB = 2 * (E_source - sum_{i<j} w_ij)
    total = float(np.triu(w, 1).sum())
    rng = np.random.default_rng(0)
    for _ in range(50):
        x = rng.integers(0, 2, len(names))
        same = x[:, None] == x[None, :]
        e_src = float(np.triu(w * same, 1).sum())
        assert land.energy(x) == pytest.approx(2 * (e_src - total), rel=1e-12)


def test_fixture_differs_from_1939_in_five_nations(shared_data):
    """README: 5 of 17 nations differ from the actual 1939 alignment quoted by the source."""
    countries, sizes, conflict = _fixture(shared_data)
    names = list(countries["name"])
    land = landscape(sizes, -conflict, names)
    cfg, _ = land.global_minimum()
    actual = {
        "Britain",
        "Czechoslovakia",
        "Denmark",
        "France",
        "Greece",
        "Poland",
        "Portugal",
        "Soviet Union",
        "Yugoslavia",
    }
    side = {names[i] for i in np.flatnonzero(cfg == cfg[names.index("Britain")])}
    diff = len(side ^ actual)
    assert min(diff, len(names) - diff) == 5


def test_energy_is_exactly_rounded():
    """Energies are summed with math.fsum, independent of the actor order."""
    rng = np.random.default_rng(5)
    s, p = random_instance(rng, 12)
    land = landscape(s, p)
    x = rng.integers(0, 2, 12)
    perm = rng.permutation(12)
    land2 = landscape(s[perm], p[np.ix_(perm, perm)])
    assert land.energy(x) == land2.energy(x[perm])
    assert math.isfinite(land.energy(x))


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(2, 10),
    seed=st.integers(0, 2**31 - 1),
    c=st.floats(0.1, 10.0),
    k=st.integers(2, 4),
)
def test_property_invariants(n, seed, c, k):
    """Reference invariants for any instance: complement symmetry (two coalitions), E scales
    with c^2 under sizes x c and with c under p x c, dE = 2 s_k dF_k for every single move, and
    E = sum_i s_i F_i [axelrod1993, n. 2]."""
    rng = np.random.default_rng(seed)
    s, p = random_instance(rng, n)
    land = landscape(s, p, coalitions=k)
    cfg = normalize(rng.integers(0, k, n))
    e = land.energy(cfg)
    tol = 1e-9 * (1 + float(np.abs(land.weights).sum()))
    assert landscape(c * s, p, coalitions=k).energy(cfg) == pytest.approx(
        c * c * e, abs=tol * c * c
    )
    assert landscape(s, c * p, coalitions=k).energy(cfg) == pytest.approx(c * e, abs=tol * c)
    assert e == pytest.approx(float(np.dot(s, land.frustration(cfg))), abs=tol)
    if cfg.max() <= 1:
        assert landscape(s, p).energy(1 - cfg) == pytest.approx(e, abs=tol)
    actor = int(rng.integers(n))
    for to in range(min(int(cfg.max()) + 2, k)):
        new = cfg.copy()
        new[actor] = to
        de = land.energy(new) - e
        df = land.frustration(new)[actor] - land.frustration(cfg)[actor]
        assert de == pytest.approx(2 * s[actor] * df, abs=tol)


def test_results_are_copies():
    """Modifying a returned configuration does not change later results (cached minima)."""
    rng = np.random.default_rng(6)
    s, p = random_instance(rng, 8)
    land = landscape(s, p)
    first = land.local_minima()
    keep = [m.config.copy() for m in first]
    for m in first:
        m.config[:] = 7
    cfg, _ = land.global_minimum()
    cfg[:] = 7
    again = land.local_minima()
    assert [m.config.tolist() for m in again] == [c.tolist() for c in keep]
    assert land.global_minimum()[0].tolist() == keep[0].tolist()


def test_energy_and_frustration_take_lists_and_ignore_the_diagonal() -> None:
    """The free functions validate as :func:`landscape` does [axelrod1993, p. 215]: a list of
    lists was 'has no attribute shape'; a NaN (blank) diagonal, which validate_inputs accepts,
    made the energy and every frustration NaN; a NaN off the diagonal is refused."""
    from anpo.align import energy, frustration

    nan = math.nan
    p = [[nan, 1.0, -1.0], [1.0, nan, -1.0], [-1.0, -1.0, nan]]
    assert energy(p, [0, 0, 1]) == -4.0
    assert frustration([1, 1, 1], p, [0, 0, 1]).tolist() == [-1.0, -1.0, -2.0]
    land = landscape([1, 1, 1], p)
    assert energy(land.weights, [0, 0, 1]) == land.energy([0, 0, 1])
    bad = [[0.0, nan, -1.0], [nan, 0.0, -1.0], [-1.0, -1.0, 0.0]]
    for call, field in [
        (lambda: energy(bad, [0, 0, 1]), "w"),
        (lambda: frustration([1, 1, 1], bad, [0, 0, 1]), "propensity"),
        (lambda: energy([[0.0, 1.0]], [0, 1]), "w"),
        (lambda: frustration([1, 1], p, [0, 0, 1]), "propensity"),
        (lambda: frustration([1, nan, 1], p, [0, 0, 1]), "sizes"),
    ]:
        with pytest.raises(AlignError) as err:
            call()
        assert err.value.field == field


@pytest.mark.parametrize("k", [2.5, True, "3x", math.inf])
def test_a_fractional_or_boolean_count_of_coalitions_is_refused(k: object) -> None:
    """2.5 was read as 2 coalitions and True as 1 ('got 1'); a whole float is still taken."""
    p = [[0, 1, -1], [1, 0, -1], [-1, -1, 0]]
    with pytest.raises(AlignError) as err:
        landscape([1, 2, 3], p, coalitions=k)  # type: ignore[arg-type]
    assert err.value.field == "coalitions"
    assert landscape([1, 2, 3], p, coalitions=3.0).k == landscape([1, 2, 3], p, coalitions=3).k
