"""Interception engine: reference values and properties.

Reference values: ../shared/reference/deterrence.md section 1, computed from the formulas of
D. Wilkening, "A Simple Model for Calculating Ballistic Missile Defense Effectiveness",
Science & Global Security 8(2):183-215 (1999/2000).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anpo.deterrence import defense as d
from anpo.errors import InputError

probs = st.floats(0.0, 1.0, allow_nan=False)
pos_probs = st.floats(0.01, 0.99, allow_nan=False)


@pytest.mark.parametrize(
    ("k", "n", "rvs", "pk", "p0", "expected"),
    [
        (0.5, 4, 10, 0.9375, 0.524460, 0.625),
        (0.8, 2, 20, 0.96, 0.442002, 0.8),
        (0.7, 3, 10, None, 0.760551, 0.27),
    ],
)
def test_salvo_reference_values(k, n, rvs, pk, p0, expected):
    """[wilkening1999] eqs. 1-4; values from the reference table (deterrence.md, sec. 1)."""
    if pk is not None:
        assert d.kill_probability(k, n) == pytest.approx(pk, abs=1e-12)
    res = d.engagement(rvs, k, n)
    assert res.p_no_leak == pytest.approx(p0, abs=5e-7)
    assert res.expected_leakers == pytest.approx(expected, abs=1e-12)
    assert res.leaker_pmf.sum() == pytest.approx(1.0, abs=1e-12)
    assert res.leaker_pmf[0] == pytest.approx(res.p_no_leak, abs=1e-12)
    assert np.dot(np.arange(rvs + 1), res.leaker_pmf) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("k", "first", "second", "kill", "used"),
    [(0.8, 1, 1, 0.96, 1.2), (0.5, 2, 2, 0.9375, 2.5)],
)
def test_shoot_look_shoot_reference(k, first, second, kill, used):
    """Shoot-look-shoot [wilkening1999]: kill 1-(1-k)^(n1+n2), interceptors n1 + n2 (1-k)^n1;
    by hand 1 - 0.2^2 = 0.96, 1 + 0.2 = 1.2 and 1 - 0.5^4 = 0.9375, 2 + 2 (0.25) = 2.5."""
    got_kill, got_used = d.shoot_look_shoot(k, first, second)
    assert got_kill == pytest.approx(kill, abs=1e-12)
    assert got_used == pytest.approx(used, abs=1e-12)


def test_two_layers_reference():
    """Two layers (k=0.5, n=1, T=1) then (k=0.8, n=2, T=1), per-RV leak prod_l [1 - T_l (1 -
    (1-k_l)^n_l)] [wilkening1999]: by hand 0.5 x 0.2^2 = 0.02."""
    assert d.layered_leak([(0.5, 1, 1.0), (0.8, 2, 1.0)]) == pytest.approx(0.02, abs=1e-12)


def test_reliability_conventions_closed_forms():
    """Per raid P0 = rho Pk^N, per RV (rho Pk)^N; the mean is N (1 - rho Pk) in both
    ([wilkening1999] on common-mode failures)."""
    pk = 1 - 0.5**4
    raid = d.engagement(10, 0.5, 4, reliability=0.9, reliability_mode="raid")
    rv = d.engagement(10, 0.5, 4, reliability=0.9, reliability_mode="rv")
    assert raid.p_no_leak == pytest.approx(0.9 * pk**10, rel=1e-12)
    assert rv.p_no_leak == pytest.approx((0.9 * pk) ** 10, rel=1e-12)
    assert raid.expected_leakers == pytest.approx(10 * (1 - 0.9 * pk), rel=1e-12)
    assert rv.expected_leakers == pytest.approx(raid.expected_leakers, rel=1e-12)
    # under per-raid reliability the system fails for the whole raid with probability 0.1
    assert raid.leaker_pmf[10] == pytest.approx(0.1 + 0.9 * (1 - pk) ** 10, rel=1e-9)


def test_inventory_closed_form():
    """Finite inventory spread evenly: P0 = [1-(1-k)^q]^(m-r) [1-(1-k)^(q+1)]^r (deterrence.md)."""
    m, inv, k = 7, 17, 0.6
    q, r = divmod(inv, m)
    expected = (1 - (1 - k) ** q) ** (m - r) * (1 - (1 - k) ** (q + 1)) ** r
    res = d.inventory_engagement(m, inv, k)
    assert res.p_no_leak == pytest.approx(expected, rel=1e-12)
    assert res.leaker_pmf.sum() == pytest.approx(1.0, abs=1e-12)
    # the same inventory as an exact multiple reduces to the salvo model
    assert d.inventory_engagement(10, 40, 0.5).p_no_leak == pytest.approx(0.524460475, abs=1e-9)


def test_shots_required_matches_formula_and_goal():
    """n >= ln(1 - P0^(1/N)) / ln(1-k) rounded up ([wilkening1999] eq. 5), and it is the least
    integer that meets the goal."""
    for rvs, k, goal in [(10, 0.5, 0.5), (10, 0.5, 0.9), (20, 0.8, 0.99), (1, 0.3, 0.95)]:
        n = d.shots_required(rvs, k, goal)
        formula = math.ceil(math.log(1 - goal ** (1 / rvs)) / math.log(1 - k))
        assert n == formula
        assert d.engagement(rvs, k, n).p_no_leak >= goal
        assert n == 0 or d.engagement(rvs, k, n - 1).p_no_leak < goal
    # the reference row: k=0.5, n=4, N=10 gives P0 = 0.524460, so that goal needs 4 shots
    assert d.shots_required(10, 0.5, 0.524460) == 4
    assert d.shots_required(10, 0.5, 0.53) == 5


@settings(max_examples=80, deadline=None)
@given(
    rvs=st.integers(1, 30),
    k=st.floats(1e-6, 1.0),
    rho=st.floats(0.05, 1.0),
    share=st.floats(0.0, 0.999),
    mode=st.sampled_from(["raid", "rv"]),
)
def test_shots_required_is_the_least_salvo_meeting_the_goal_at_any_reliability(
    rvs, k, rho, share, mode
):
    """With reliability rho the salvo's P0 is rho Pk^N (per raid) or (rho Pk)^N (per RV)
    [wilkening1999, eq. 3]; the count met the goal of a perfectly reliable defense before, so
    ``anpo defense --goal 0.99 --reliability 0.5`` answered 10 shots for a P0 that never
    exceeds 0.5."""
    cap = rho if mode == "raid" else rho**rvs
    goal = share * cap  # below what the reliability allows: always reachable
    try:
        n = d.shots_required(rvs, k, goal, rho, mode)
    except InputError as exc:  # only a count too large to give exactly
        assert "too small to count" in exc.message
        return
    assert d.engagement(rvs, k, n, rho, mode).p_no_leak >= goal * (1 - 1e-9)
    assert n == 0 or d.engagement(rvs, k, n - 1, rho, mode).p_no_leak < goal * (1 + 1e-9)


def test_shots_required_for_a_goal_of_zero_warns_nothing() -> None:
    """A goal of 0 needs no shot; with a kill probability near 1 the check of one shot fewer
    (-1) printed numpy's 'overflow encountered in power' (found by the Hypothesis test above:
    30 RVs, k = 1 - 1e-12), noise beside a right answer."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert d.shots_required(30, 1 - 1e-12, 0.0) == 0
        assert d.shots_required(30, 1 - 1e-12, 0.5) == 1  # [wilkening1999, eq. 5]: one shot


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ((10, 0.5, 0.99, 0.5), "at most 0.5 with reliability 0.5 per raid"),
        ((10, 0.5, 0.5, 0.5), "at most 0.5"),  # reaching rho itself needs Pk = 1
        ((10, 0.5, 0.7, 0.95, "rv"), "per rv"),
        ((10, 1e-300, 0.99), "too small to count"),  # overflowed int64: -9223372036854775807
        ((10, 1e-17, 0.5), "too small to count"),
    ],
)
def test_shots_required_refuses_what_no_count_meets(args, says):
    with pytest.raises(InputError, match=says) as info:
        d.shots_required(*args)
    assert info.value.field == "p_no_leak"


def test_p_at_least_takes_whole_numbers_and_shapes_must_broadcast():
    """``p_at_least(2.5)`` answered P(at least 2) and ``nan`` raised numpy's ValueError;
    arrays of two lengths raised numpy's "shape mismatch ... arg 0 ... arg 1"."""
    r = d.engagement(10, 0.5, 1)
    assert r.p_at_least(-3) == 1.0 and r.p_at_least(11) == 0.0
    for m in (2.5, float("nan")):
        with pytest.raises(InputError) as info:
            r.p_at_least(m)
        assert info.value.field == "m"
    with pytest.raises(InputError, match=r"rvs \(3,\), sspk \(2,\)"):
        d.engagement([1, 2, 3], [0.5, 0.6], 1)
    with pytest.raises(InputError, match="interceptors"):
        d.inventory_engagement([1, 2, 3], [4, 5], 0.5)


def test_a_layer_error_has_no_pydantic_prefix():
    with pytest.raises(InputError) as info:
        d.Layer(interceptors=10, sspk=0.5, doctrine="shoot-look-shoot", shots=1, second_shots=0)
    assert info.value.message.startswith("shoot-look-shoot needs second_shots >= 1")


def test_vectorised_matches_scalar():
    """Array inputs broadcast and give the scalar answers element by element."""
    rvs = np.array([10, 20, 10])
    k = np.array([0.5, 0.8, 0.7])
    n = np.array([4, 2, 3])
    res = d.engagement(rvs, k, n)
    for i in range(3):
        one = d.engagement(int(rvs[i]), float(k[i]), int(n[i]))
        assert res.p_no_leak[i] == pytest.approx(one.p_no_leak, rel=1e-12)
        assert res.leaker_pmf[i, : rvs[i] + 1] == pytest.approx(one.leaker_pmf, abs=1e-14)
        assert res.p_at_least(3)[i] == pytest.approx(one.p_at_least(3), abs=1e-12)


def test_decoys_cost_the_defense_interceptors():
    """With no decoys the decoy model equals the inventory model; unrecognised decoys draw
    interceptors, so leakage rises as discrimination falls."""
    base = d.inventory_engagement(10, 30, 0.6)
    same = d.decoy_engagement(10, 0, 1.0, 30, 0.6)
    assert same.p_no_leak == pytest.approx(base.p_no_leak, rel=1e-12)
    perfect = d.decoy_engagement(10, 3, 1.0, 30, 0.6)
    assert perfect.p_no_leak == pytest.approx(base.p_no_leak, rel=1e-12)
    poor = d.decoy_engagement(10, 3, 0.2, 30, 0.6)
    good = d.decoy_engagement(10, 3, 0.8, 30, 0.6)
    assert poor.expected_leakers > good.expected_leakers > base.expected_leakers
    assert poor.leaker_pmf.sum() == pytest.approx(1.0, abs=1e-9)


def test_layered_engagement_matches_single_layer_and_sls():
    """A single salvo layer with ample inventory equals the salvo model; shoot-look-shoot 2+2
    with ample inventory kills each RV with 1-(1-k)^4 [wilkening1999]."""
    salvo = d.layered_engagement(10, [d.Layer(interceptors=40, sspk=0.5, shots=4)])
    assert salvo.p_no_leak == pytest.approx(0.524460475, abs=1e-9)
    sls = d.layered_engagement(
        10,
        [d.Layer(interceptors=40, sspk=0.5, shots=2, doctrine="shoot-look-shoot", second_shots=2)],
    )
    assert sls.p_no_leak == pytest.approx((1 - 0.5**4) ** 10, rel=1e-9)


@pytest.mark.parametrize(
    "bad",
    [
        lambda: d.engagement(10, 1.5, 2),
        lambda: d.engagement(-1, 0.5, 2),
        lambda: d.engagement(10, 0.5, 2.5),
        lambda: d.engagement(10, 0.5, 2, reliability_mode="sometimes"),
        lambda: d.shots_required(10, 0.5, 1.0),
        lambda: d.layered_leak([(0.5, 1)]),
        lambda: d.Layer(interceptors=10, sspk=0.5, doctrine="barrage"),
    ],
)
def test_bad_input_raises_input_error(bad):
    with pytest.raises(InputError):
        bad()


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        # shapes that do not broadcast: numpy's ValueError naming no argument before
        (lambda: d.kill_probability([0.5, 0.6], [1, 2, 3]), "sspk"),
        (lambda: d.shoot_look_shoot(0.5, [1, 2], [1, 2, 3]), "sspk"),
        (lambda: d.layered_leak([(0.5, [1, 2], 1.0), (0.5, [1, 2, 3], 1.0)]), "layers[1]"),
        # one layer not wrapped in a list: TypeError (len of a float)
        (lambda: d.layered_leak([0.5, 1, 1.0]), "layers[0]"),
        (lambda: d.layered_leak(0.5), "layers"),
        # a string for a probability: numpy's 'could not convert string to float'
        (lambda: d.engagement(10, "high", 2), "sspk"),
        (lambda: d.kill_probability("high", 2), "sspk"),
        # a count beyond int64: the cast gave -2**63 and 'must be >= 0' (with numpy's warning)
        (lambda: d.kill_probability(0.5, 1e300), "shots"),
        (lambda: d.engagement(1e300, 0.5, 2), "rvs"),
        # True is no count (it was taken as 1 RV, 1 shot; anpo._checks refuses bool everywhere)
        (lambda: d.engagement(True, 0.5, 1), "rvs"),
        (lambda: d.kill_probability(0.5, np.array([True, False])), "shots"),
        # arrays where the exact mixture takes one case: TypeError from int()
        (lambda: d.decoy_engagement([3, 4], 2, 0.5, 10, 0.7), "rvs"),
        (lambda: d.decoy_engagement(3, 2, 0.5, 10, [0.7, 0.8]), "sspk"),
    ],
)
def test_edge_input_is_an_input_error_naming_the_argument(bad, field):
    with pytest.raises(InputError) as err:
        bad()
    assert err.value.field == field


def test_shots_required_tiny_sspk_gives_no_numpy_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # 'overflow encountered in scalar divide' before
        with pytest.raises(InputError):
            d.shots_required(10, 1e-320, 0.5)


def test_layers_as_arrays_still_work():
    """The layers as one array (rows of SSPK, shots, reliability) give the per-RV leak of the
    list form (0.5 x 0.2^2 = 0.02, as above), and shoot-look-shoot takes an array of second
    salvos: k = 0.8, 1 + 1 and 1 + 2 shots kill 1 - 0.2^2 = 0.96 and 1 - 0.2^3 = 0.992."""
    rows = np.array([[0.5, 1, 1.0], [0.8, 2, 1.0]])
    assert d.layered_leak(rows) == pytest.approx(0.02)
    assert d.shoot_look_shoot(0.8, [1, 2], 1)[0] == pytest.approx(np.array([0.96, 0.992]))


# ----------------------------------------------------------------------------- properties
@settings(max_examples=60, deadline=None)
@given(
    rvs=st.integers(0, 40),
    k=probs,
    n=st.integers(0, 6),
    rho=probs,
    mode=st.sampled_from(["raid", "rv"]),
)
def test_probabilities_stay_in_unit_interval(rvs, k, n, rho, mode):
    res = d.engagement(rvs, k, n, rho, mode)
    assert 0.0 <= res.p_no_leak <= 1.0
    assert np.all(res.leaker_pmf >= -1e-15)
    assert res.leaker_pmf.sum() == pytest.approx(1.0, abs=1e-9)
    assert 0.0 <= res.expected_leakers <= rvs + 1e-9


@settings(max_examples=60, deadline=None)
@given(
    rvs=st.integers(1, 30),
    inv=st.integers(0, 120),
    extra=st.integers(1, 30),
    k=pos_probs,
    rho=probs,
    m=st.integers(1, 10),
)
def test_more_interceptors_never_increase_leakage(rvs, inv, extra, k, rho, m):
    a = d.inventory_engagement(rvs, inv, k, rho)
    b = d.inventory_engagement(rvs, inv + extra, k, rho)
    assert b.expected_leakers <= a.expected_leakers + 1e-9
    assert b.p_no_leak >= a.p_no_leak - 1e-12
    assert b.p_at_least(m) <= a.p_at_least(m) + 1e-9


@settings(max_examples=60, deadline=None)
@given(
    rvs=st.integers(1, 30),
    n=st.integers(1, 5),
    k=pos_probs,
    dk=st.floats(0.0, 0.5),
    rho=probs,
    m=st.integers(1, 10),
)
def test_higher_sspk_never_increases_leakage(rvs, n, k, dk, rho, m):
    k2 = min(1.0, k + dk)
    a = d.engagement(rvs, k, n, rho)
    b = d.engagement(rvs, k2, n, rho)
    assert b.expected_leakers <= a.expected_leakers + 1e-9
    assert b.p_at_least(m) <= a.p_at_least(m) + 1e-9


@settings(max_examples=60, deadline=None)
@given(rvs=st.integers(1, 30), n=st.integers(0, 5), k=probs, rho=probs)
def test_per_rv_reliability_never_better_than_per_raid(rvs, n, k, rho):
    raid = d.engagement(rvs, k, n, rho, "raid")
    rv = d.engagement(rvs, k, n, rho, "rv")
    assert rv.p_no_leak <= raid.p_no_leak + 1e-12


@settings(max_examples=60, deadline=None)
@given(k=probs, n1=st.integers(0, 5), n2=st.integers(0, 5))
def test_shoot_look_shoot_kills_as_salvo_of_n1_plus_n2(k, n1, n2):
    kill, used = d.shoot_look_shoot(k, n1, n2)
    assert kill == pytest.approx(d.kill_probability(k, n1 + n2), abs=1e-12)
    assert used <= n1 + n2 + 1e-12


@settings(max_examples=40, deadline=None)
@given(layers=st.lists(st.tuples(probs, st.integers(0, 4), probs), min_size=0, max_size=4))
def test_layered_leak_in_unit_interval_and_adding_a_layer_helps(layers):
    leak = d.layered_leak(layers)
    assert 0.0 <= leak <= 1.0
    assert d.layered_leak([*layers, (0.5, 1, 1.0)]) <= leak + 1e-12


def test_no_rvs_means_no_leakers():
    """With N = 0 nothing can leak: P0 = 1 under either reliability convention, and the pmf
    agrees with P0."""
    for mode in ("raid", "rv"):
        for res in (
            d.engagement(0, 0.5, 2, 0.8, mode),
            d.inventory_engagement(0, 10, 0.5, 0.8, mode),
            d.decoy_engagement(0, 2, 0.5, 10, 0.5, 0.8, mode),
        ):
            assert res.p_no_leak == 1.0
            assert res.leaker_pmf[0] == pytest.approx(1.0)
            assert res.expected_leakers == 0.0


@settings(max_examples=40, deadline=None)
@given(
    rvs=st.integers(0, 25),
    inv=st.integers(0, 80),
    k=probs,
    rho=probs,
    mode=st.sampled_from(["raid", "rv"]),
)
def test_p_no_leak_equals_pmf_at_zero(rvs, inv, k, rho, mode):
    res = d.inventory_engagement(rvs, inv, k, rho, mode)
    assert res.p_no_leak == pytest.approx(res.leaker_pmf[0], abs=1e-12)
    res = d.engagement(rvs, k, 2, rho, mode)
    assert res.p_no_leak == pytest.approx(res.leaker_pmf[0], abs=1e-12)


@settings(max_examples=25, deadline=None)
@given(
    rvs=st.integers(0, 12),
    decoys=st.integers(0, 3),
    disc=probs,
    inv=st.integers(0, 40),
    k=probs,
    rho=probs,
    mode=st.sampled_from(["raid", "rv"]),
)
def test_layer_with_decoys_is_the_exact_decoy_model(rvs, decoys, disc, inv, k, rho, mode):
    """One salvo layer whose shot cap does not bind is exactly decoy_engagement (the exact
    single-layer decoy model: threats share the inventory evenly, the RVs among the extra-shot
    objects are hypergeometric), whatever the reliability convention."""
    a = d.decoy_engagement(rvs, decoys, disc, inv, k, rho, mode)
    layer = d.Layer(
        interceptors=inv,
        sspk=k,
        shots=64,
        discrimination=disc,
        reliability=rho,
        reliability_mode=mode,
    )
    b = d.layered_engagement(rvs, [layer], decoys_per_rv=decoys)
    assert b.leaker_pmf == pytest.approx(a.leaker_pmf, abs=1e-12)
    assert b.p_no_leak == pytest.approx(a.p_no_leak, abs=1e-12)


def test_decoys_exact_model_differs_from_the_old_dilution():
    """The issue's example of the exact decoy model against an average dilution of the
    inventory: with 2 decoys per RV and discrimination 0.5, P(no leak) is not the value of the
    diluted inventory floor(I / (1 + d (1 - discrimination)))."""
    exact = d.layered_engagement(
        10, [d.Layer(interceptors=44, sspk=0.6, shots=64, discrimination=0.5)], decoys_per_rv=2
    )
    diluted = d.inventory_engagement(10, 44 // 2, 0.6)
    assert exact.p_no_leak == pytest.approx(
        d.decoy_engagement(10, 2, 0.5, 44, 0.6).p_no_leak, abs=1e-12
    )
    assert abs(exact.p_no_leak - diluted.p_no_leak) > 0.01


def _rich_layers(mode: str = "raid"):
    return [
        d.Layer(
            interceptors=30,
            sspk=0.6,
            shots=2,
            doctrine="shoot-look-shoot",
            second_shots=2,
            reliability=0.9,
            reliability_mode=mode,
            discrimination=0.5,
            common_mode="c2",
            common_mode_reliability=0.8,
        ),
        d.Layer(
            interceptors=20,
            sspk=0.7,
            shots=2,
            reliability=0.95,
            reliability_mode="rv",
            discrimination=0.7,
            protected_fraction=0.6,
            common_mode="c2",
            common_mode_reliability=0.8,
        ),
        d.Layer(interceptors=15, sspk=0.7, shots=1, endo_atmospheric=True, protected_fraction=0.3),
    ]


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["raid", "rv"])
def test_compiled_engine_matches_the_reference_engine(mode):
    """Shoot-look-shoot, decoys persisting between exo-atmospheric layers, per-RV reliability,
    point-defense footprints, a common-mode group and an endo-atmospheric layer: the compiled
    engine equals the plain-Python reference (independent code, every group tracked jointly).
    The shoot-look-shoot layer's reliability per raid, then per RV (tracking drawn once per
    object for both salvos); its 30 interceptors leave a second salvo short of 2 per survivor
    for 8 or more objects."""
    groups = [
        d.RVGroup(np.array([0.2, 0.3, 0.1, 0.4]), None, 2),
        d.RVGroup.fixed(5),
    ]
    fast = d.arrivals(groups, _rich_layers(mode))
    ref = d.arrivals(groups, _rich_layers(mode), engine="reference")
    assert fast.leaker_pmf == pytest.approx(ref.leaker_pmf, abs=1e-12)
    assert fast.leaker_pmf.sum() == pytest.approx(1.0, abs=1e-12)


# ----------------------------------------------------------------------------- per-RV tracking
def _per_rv_sls_enumerated(
    rvs: int,
    decoys: int,
    discrimination: float,
    inventory: int,
    shots: int,
    second: int,
    k: float,
    rho: float,
) -> np.ndarray:
    """pmf of the RVs surviving one shoot-look-shoot layer with per-RV tracking, by brute force
    (no anpo code): every recognition pattern of the decoys, every tracking pattern of the
    engaged objects (each tracked with ``rho``, once for the layer), every choice of the
    objects given an extra shot in each salvo (uniform) and every hit outcome. An untracked
    object is shot at but always survives; the look shows every survivor, and the second salvo
    spreads ``min(left, second s)`` over all ``s`` survivors. Salvo doctrine: ``second = 0``."""
    out = np.zeros(rvs + 1)
    for seen in itertools.product((False, True), repeat=decoys):
        p_seen = math.prod(discrimination if s else 1 - discrimination for s in seen)
        if p_seen == 0.0:
            continue
        kinds = [True] * rvs + [False] * sum(1 for s in seen if not s)  # True: an RV
        t = len(kinds)
        if t == 0:
            out[0] += p_seen
            continue
        used = min(inventory, shots * t)
        q1, r1 = divmod(used, t)
        left = inventory - used
        for extra1 in itertools.combinations(range(t), r1):
            p_extra1 = p_seen / math.comb(t, r1)
            n1 = [q1 + (i in extra1) for i in range(t)]
            # each object: untracked (survives), tracked and killed, tracked and missed
            for fate in itertools.product(range(3), repeat=t):
                p_fate = p_extra1
                for i, f in enumerate(fate):
                    miss = (1 - k) ** n1[i]
                    p_fate *= (1 - rho, rho * (1 - miss), rho * miss)[f]
                if p_fate == 0.0:
                    continue
                alive = [i for i in range(t) if fate[i] != 1]
                s = len(alive)
                if second == 0 or left == 0 or s == 0:
                    out[sum(kinds[i] for i in alive)] += p_fate
                    continue
                q2, r2 = divmod(min(left, second * s), s)
                for extra2 in itertools.combinations(alive, r2):
                    p_extra2 = p_fate / math.comb(s, r2)
                    tracked = [i for i in alive if fate[i] == 2]
                    for hits in itertools.product((False, True), repeat=len(tracked)):
                        p = p_extra2
                        for i, hit in zip(tracked, hits, strict=True):
                            miss = (1 - k) ** (q2 + (i in extra2))
                            p *= (1 - miss) if hit else miss
                        dead = {i for i, hit in zip(tracked, hits, strict=True) if hit}
                        out[sum(kinds[i] for i in alive if i not in dead)] += p
    return out


def _per_rv_sls_cases() -> list[tuple[int, int, float, int, int, int, float, float]]:
    """(rvs, decoys per RV, discrimination, inventory, shots, second, sspk, rho): 1-5 objects,
    inventories from none to ample (the second salvo short, exact, or not reached), several
    splits of the shots between the looks, rho 0.6 and 0.9."""
    cases = []
    for rho in (0.6, 0.9):
        for rvs, shots, second in ((1, 1, 1), (3, 1, 2), (4, 2, 1), (5, 1, 1), (5, 2, 3)):
            full = (shots + second) * rvs
            for inventory in sorted({0, shots * rvs - 1, shots * rvs + 1, full - 2, full}):
                if inventory >= 0:
                    cases.append((rvs, 0, 1.0, inventory, shots, second, 0.7, rho))
        # decoys: up to 2 RVs + 2 unrecognised decoys, or 1 RV + 3
        for rvs, per_rv, inventory in ((2, 1, 3), (2, 1, 5), (2, 1, 9), (1, 3, 5), (1, 3, 7)):
            cases.append((rvs, per_rv, 0.4, inventory, 1, 2, 0.8, rho))
    return cases


@pytest.mark.parametrize("case", _per_rv_sls_cases())
def test_per_rv_tracking_through_the_look_matches_brute_force(case):
    """Per-RV reliability is tracking, drawn once per object for the layer ([wilkening1999] as
    quoted in [yusufov2026]: P(track) is common to every interceptor fired at an RV): the
    compiled and the reference engines give the brute-force pmf to 1e-12, limited inventories
    and decoys included. With decoys the engines thin the killed objects to RVs by a
    hypergeometric draw: valid because tracking, like the defense's allocation, does not depend
    on an object's type, so the killed objects are still a uniformly random subset."""
    rvs, per_rv, disc, inventory, shots, second, k, rho = case
    want = _per_rv_sls_enumerated(rvs, rvs * per_rv, disc, inventory, shots, second, k, rho)
    assert want.sum() == pytest.approx(1.0, abs=1e-12)
    layer = d.Layer(
        interceptors=inventory,
        sspk=k,
        shots=shots,
        doctrine="shoot-look-shoot",
        second_shots=second,
        reliability=rho,
        reliability_mode="rv",
        discrimination=disc,
    )
    group = d.RVGroup.fixed(rvs, decoys_per_rv=per_rv)
    for engine in ("compiled", "reference"):
        got = d.arrivals([group], [layer], engine=engine).leaker_pmf
        assert got == pytest.approx(want, abs=1e-12), engine
    # the salvo doctrine (no look) is the per-RV salvo it was
    salvo = layer.model_copy(update={"doctrine": "salvo", "second_shots": 0})
    want_salvo = _per_rv_sls_enumerated(rvs, rvs * per_rv, disc, inventory, shots, 0, k, rho)
    assert d.arrivals([group], [salvo]).leaker_pmf == pytest.approx(want_salvo, abs=1e-12)


def test_per_rv_tracking_ample_inventory_closed_form():
    """With every survivor given its second salvo each RV survives independently with
    (1 - rho) + rho (1-k)^(n1+n2): an RV the layer does not track is not tracked at the look
    either [wilkening1999, via yusufov2026]. The raid convention is unchanged: rho times the
    perfect-tracking result plus 1 - rho for 'every RV arrives'."""
    rho, k, n = 0.9, 0.6, 8
    leak = (1 - rho) + rho * (1 - k) ** 3
    rv = d.Layer(interceptors=3 * n, sspk=k, shots=2, doctrine="shoot-look-shoot",
                 second_shots=1, reliability=rho, reliability_mode="rv")  # fmt: skip
    got = d.layered_engagement(n, [rv])
    want = np.array([math.comb(n, j) * leak**j * (1 - leak) ** (n - j) for j in range(n + 1)])
    assert got.leaker_pmf == pytest.approx(want, abs=1e-13)
    assert got.p_no_leak == pytest.approx((rho * (1 - (1 - k) ** 3)) ** n, rel=1e-12)
    raid = rv.model_copy(update={"reliability_mode": "raid"})
    perfect = (1 - (1 - k) ** 3) ** n
    assert d.layered_engagement(n, [raid]).p_no_leak == pytest.approx(rho * perfect, rel=1e-12)


def test_missile_classes_and_endo_layers():
    """A layer engages only its missile classes; decoys never reach an endo-atmospheric layer;
    RVs of a class no layer engages all arrive; coupled classes (one layer engaging IRBMs and
    MRBMs, the next only MRBMs) are tracked jointly and agree with the reference."""
    gbi = d.Layer(interceptors=40, sspk=0.6, shots=4, engages=("ICBM",))
    assert d.layered_engagement(10, [gbi], missile_class="IRBM").p_at_least(10) == 1.0
    assert d.layered_engagement(10, [gbi], missile_class="ICBM").p_no_leak == pytest.approx(
        d.engagement(10, 0.6, 4).p_no_leak, abs=1e-12
    )
    pac = d.Layer(interceptors=20, sspk=0.7, shots=2, discrimination=0.0, endo_atmospheric=True)
    with_decoys = d.layered_engagement(10, [pac], decoys_per_rv=5)
    assert with_decoys.p_no_leak == pytest.approx(d.engagement(10, 0.7, 2).p_no_leak, abs=1e-12)
    layers = [
        d.Layer(interceptors=10, sspk=0.6, shots=2, engages=("IRBM", "MRBM")),
        d.Layer(interceptors=8, sspk=0.7, engages=("MRBM",), endo_atmospheric=True),
    ]
    groups = [d.RVGroup.fixed(4, "IRBM"), d.RVGroup.fixed(3, "MRBM"), d.RVGroup.fixed(2, "ICBM")]
    got = d.arrivals(groups, layers)
    ref = d.arrivals(groups, layers, engine="reference")
    assert got.leaker_pmf == pytest.approx(ref.leaker_pmf, abs=1e-12)
    assert got.leaker_pmf[:2].sum() == pytest.approx(0.0, abs=1e-15)  # the 2 ICBMs always arrive


def test_common_mode_failure_is_shared():
    """Two layers in one common-mode group fail together: P(every RV arrives) is at least the
    group's failure probability, whereas independent layers would both fail with its square
    ([wilkening1999] on correlated failures)."""
    shared = [
        d.Layer(interceptors=50, sspk=0.9, shots=2, common_mode="g", common_mode_reliability=0.8),
        d.Layer(interceptors=50, sspk=0.9, shots=2, common_mode="g", common_mode_reliability=0.8),
    ]
    indep = [
        d.Layer(interceptors=50, sspk=0.9, shots=2, reliability=0.8),
        d.Layer(interceptors=50, sspk=0.9, shots=2, reliability=0.8),
    ]
    p_all_shared = d.layered_engagement(5, shared).leaker_pmf[5]
    p_all_indep = d.layered_engagement(5, indep).leaker_pmf[5]
    assert p_all_shared == pytest.approx(0.2 + 0.8 * (0.01**2) ** 5, rel=1e-9)
    assert p_all_indep == pytest.approx(0.2**2 + 2 * 0.2 * 0.8 * 0.01**5 + 0.64 * 1e-20, rel=1e-6)
    with pytest.raises(InputError):
        d.layered_engagement(
            5,
            [
                d.Layer(interceptors=5, sspk=0.5, common_mode="g", common_mode_reliability=0.8),
                d.Layer(interceptors=5, sspk=0.5, common_mode="g", common_mode_reliability=0.7),
            ],
        )


def test_point_defense_covers_its_footprint_only():
    """A point defense protecting a fraction f of the value engages each RV with probability f:
    with a perfect layer, the number arriving is Bin(N, 1 - f)."""
    from scipy import stats

    layer = d.Layer(interceptors=100, sspk=1.0, shots=1, protected_fraction=0.3)
    got = d.layered_engagement(8, [layer]).leaker_pmf
    assert got == pytest.approx(stats.binom.pmf(np.arange(9), 8, 0.7), abs=1e-12)
    per_territory = d.Layer(
        interceptors=100, sspk=1.0, protected_fraction={"JPN": 0.3}, covers=["JPN", "USA"]
    )
    assert per_territory.fraction_for("JPN") == 0.3 and per_territory.fraction_for("USA") == 1.0


def test_several_layer_responder_keeps_its_survivor_pmfs_exactly():
    """The several-layer path of the attack plan's responder keeps the layers' survivor pmfs
    between calls (the exchange's search sends it hundreds of attacks on the same layers): each
    answer equals a fresh responder's, to the float, for attacks growing and shrinking (the
    caches grow), with decoys an exo-atmospheric layer sorts and without (Wilkening 1999 exact
    leaker model)."""
    layers = [
        d.Layer(interceptors=30, sspk=0.7, shots=2, discrimination=0.6),
        d.Layer(interceptors=12, sspk=0.6, shots=2, doctrine="shoot-look-shoot", second_shots=1),
        d.Layer(interceptors=20, sspk=0.8, shots=1, endo_atmospheric=True),
    ]
    arrays = d.layer_arrays(layers, None)
    active = np.ones(len(layers), dtype=bool)
    kept = d._Responder(arrays, active)
    rng = np.random.default_rng(7)
    for rows, cols, m0 in [(6, 4, 3), (25, 30, 10), (4, 1, 0), (40, 12, 2), (9, 9, 5)]:
        init = rng.random((rows, cols))
        init /= init.sum()
        got = kept.leak(init, m0, 1)
        want = d._Responder(arrays, active).leak(init, m0, 1)
        assert np.array_equal(got, want)
        assert got.sum() == pytest.approx(1.0, abs=1e-9)
    assert kept._caches is not None


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: d.engagement(10, True, 4), "sspk"),  # an SSPK of 1
        (lambda: d.engagement(10, 0.5, 4, reliability=False), "reliability"),  # 0
        (lambda: d.inventory_engagement(7, 17, np.array([True, False])), "sspk"),
        (lambda: d.shoot_look_shoot(0.8, 1, 1, tracking=True), "tracking"),
        (lambda: d.kill_probability(True, 2), "sspk"),
        (lambda: d.shots_required(10, 0.5, True), "p_no_leak"),
        (lambda: d.engagement(10, 0.5, 4, reliability_mode=np.array(["raid"])), "reliability_mode"),
    ],
)
def test_a_bool_probability_and_an_array_mode_are_refused_by_name(call, field):
    """True and False were read as probabilities 1 and 0 (the counts' check already refused
    them); an array for reliability_mode was numpy's 'truth value of an array is ambiguous'."""
    with pytest.raises(InputError) as err:
        call()
    assert err.value.field == field


@pytest.mark.parametrize(
    ("group", "field"),
    [
        (d.RVGroup(np.array([0.0, 1.0]), decoys_per_rv=-1), "groups[0].decoys_per_rv"),
        (d.RVGroup(np.array([0.0, 1.0]), decoys_per_rv=2.5), "groups[0].decoys_per_rv"),
        (d.RVGroup(np.array([0.0, 1.0]), missile_class="XX"), "groups[0].missile_class"),
        (d.RVGroup(np.array([0.0, 1.0]), missile_class="icbm"), "groups[0].missile_class"),
    ],
)
def test_a_group_s_decoys_and_class_are_checked(group, field):
    """-1 decoys per RV gave a leaker pmf summing to 0 (P(no leak) 0, expected leakers 0);
    2.5 a TypeError from inside; a class no layer knows ('XX', or 'icbm' for 'ICBM') went
    through every layer unengaged, silently."""
    layers = [d.Layer(interceptors=30, sspk=0.5)]
    with pytest.raises(InputError) as err:
        d.arrivals([group], layers)
    assert err.value.field == field
    with pytest.raises(InputError):
        d.layered_engagement(5, layers, missile_class="XX")
    for cls in ("ICBM", "none", None):  # 'none': no layer engages it
        d.arrivals([d.RVGroup(np.array([0.0, 1.0]), missile_class=cls)], layers)


def _two_layer_leakers(first_discrimination: float, shots: int = 1, engine: str = "compiled"):
    """The review14 F1 case: 3 RVs with 2 decoys each, a first layer of 9 interceptors, then 3
    interceptors that recognise no decoy."""
    layers = [
        d.Layer(interceptors=9, sspk=0.8, shots=shots, discrimination=first_discrimination),
        d.Layer(interceptors=3, sspk=0.8, discrimination=0.0),
    ]
    group = d.RVGroup.fixed(3, decoys_per_rv=2)
    return d.arrivals([group], layers, engine=engine).expected_leakers


@pytest.mark.parametrize("engine", ["compiled", "reference"])
def test_better_early_discrimination_can_raise_leakers_when_a_later_layer_discriminates_worse(
    engine,
):
    """Documented model property (arrivals/layered_engagement docstrings,
    docs/explanation/interception.md "Layers"; review14 F1): with one shot per object the first
    layer leaves interceptors unfired when it recognises decoys; the recognised decoys persist
    and draw the second layer's interceptors, so more first-layer discrimination gives MORE
    expected leakers. Both engines agree, so it is the model, not a kernel. If a change removes
    the reversal, the docs that state it must change too."""
    leakers = [_two_layer_leakers(x, engine=engine) for x in (0.0, 0.5, 1.0)]
    assert leakers[0] < leakers[1] < leakers[2]
    assert leakers[2] > 2 * leakers[0]
    # the shots cap is what makes it: a first layer that fires every interceptor (3 shots per
    # object) is helped by discrimination in the same case
    fired = [_two_layer_leakers(x, shots=3, engine=engine) for x in (0.0, 0.5, 1.0)]
    assert fired[0] > fired[1] > fired[2]


def test_for_a_single_layer_more_discrimination_never_raises_the_leakers():
    """The single-layer half of the property the docs state (review14 F1; [sessler2000] treats
    one layer): a seeded sweep over 200 random layers (salvo and shoot-look-shoot, shots caps,
    per-raid and per-RV reliability) and six discrimination levels each."""
    rng = np.random.default_rng(14)
    for _ in range(200):
        rvs, decoys = int(rng.integers(1, 7)), int(rng.integers(1, 4))
        sls = bool(rng.integers(0, 2))
        kw: dict[str, object] = (
            {"doctrine": "shoot-look-shoot", "second_shots": int(rng.integers(1, 3))} if sls else {}
        )
        common = dict(
            interceptors=int(rng.integers(0, 25)),
            sspk=float(rng.uniform(0.2, 0.95)),
            shots=int(rng.integers(1, 4)),
            reliability=float(rng.choice([1.0, 0.8])),
            reliability_mode=str(rng.choice(["raid", "rv"])),
            **kw,
        )
        leakers = [
            d.layered_engagement(
                rvs, [d.Layer(discrimination=float(x), **common)], decoys_per_rv=decoys
            ).expected_leakers
            for x in np.linspace(0.0, 1.0, 6)
        ]
        assert all(b <= a + 1e-12 for a, b in itertools.pairwise(leakers)), (common, leakers)


@pytest.mark.parametrize(
    ("pmf", "words"),
    [
        ([0.5, 0.7], "must sum to 1 (sums to 1.2)"),
        ([0.5, 0.4], "must sum to 1 (sums to 0.9)"),
        ([1.1, -0.1], "each probability >= 0"),
        ([np.nan, 1.0], "finite numbers"),
        ([0.0, np.inf], "finite numbers"),
        ([], "1-D probability mass function, got shape (0,)"),
        ([[0.5, 0.5]], "1-D probability mass function, got shape (1, 2)"),
        (0.5, "1-D probability mass function, got shape ()"),
        (["a", "b"], "must be a number"),
    ],
)
def test_an_rv_group_refuses_what_is_no_pmf(pmf, words):
    """mend16b: ``RVGroup`` kept its pmf as given: a plain list was a bare TypeError in the
    engine ('>' between a list and a float), a pmf summing to 1.4 was propagated as it was (the
    arrivals summed to 1.4), a NaN gave arrivals [0, 1]. It now refuses what is no probability
    mass function, naming ``pmf`` [wilkening1999: a distribution of arriving RVs]."""
    with pytest.raises(InputError) as err:
        d.RVGroup(pmf)
    assert err.value.field == "pmf"
    assert words in str(err.value)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=8).filter(lambda p: abs(sum(p) - 1.0) > 1e-6)
)
def test_an_rv_group_refuses_a_pmf_not_summing_to_one(pmf):
    """Any non-negative list whose sum is more than the tolerance (1e-6) from 1 is refused."""
    with pytest.raises(InputError, match="must sum to 1") as err:
        d.RVGroup(pmf)
    assert err.value.field == "pmf"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=8).filter(lambda p: sum(p) > 0))
def test_an_rv_group_converts_a_list_pmf(weights):
    """A list that is a pmf is kept as a float array, and the engine takes it as the array:
    with no layer the arrivals are the pmf itself."""
    pmf = [w / sum(weights) for w in weights]
    g = d.RVGroup(pmf)
    assert isinstance(g.pmf, np.ndarray) and g.pmf.dtype == np.float64 and g.pmf.ndim == 1
    got = d.arrivals_pmf([g], d.layer_arrays([]))
    np.testing.assert_allclose(got, pmf, rtol=0, atol=1e-15)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: d.kill_probability("0.5", 2), "sspk"),
        (lambda: d.kill_probability(np.array(["0.5", "0.6"]), 2), "sspk"),
        (lambda: d.kill_probability([0.5, "0.6"], 2), "sspk"),
        (lambda: d.kill_probability(0.5, "2"), "shots"),
        (lambda: d.engagement(3, "0.5", 2), "sspk"),
        (lambda: d.engagement(3, 0.5, 2, "0.9"), "reliability"),
    ],
)
def test_text_is_refused_where_a_probability_or_a_count_is_expected(call, field):
    """audit33 item 8: ``kill_probability("0.5", 2)`` was 0.75 (numpy read the text as 0.5)
    while ``kill_probability(0.5, "2")`` was refused, since the counts' check refuses text. One
    rule now for both, as for every number anpo.deterrence takes: text is not a number (an
    InputError naming the argument); the command line converts what it reads."""
    with pytest.raises(InputError) as err:
        call()
    assert err.value.field == field
    assert str(err.value).startswith(f"{field}: must be a")


def test_a_probability_given_as_a_number_is_still_taken():
    """The rule above refuses text only: numbers of every kind give the same P_k
    [wilkening1999, eq. 1]."""
    for sspk in (0.5, np.float64(0.5), np.array(0.5), [0.5], np.array([0.5], dtype=object)):
        assert np.allclose(d.kill_probability(sspk, 2), 0.75)
