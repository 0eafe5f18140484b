"""Exchange and stability: reference values, the exact exchange's invariants, stability for
lopsided pairs.

Reference values: ../shared/reference/deterrence.md sections 2-3 ([kent1989, App. C] cost
formula; [richardson1960]; [intriligator1984], JCR 28(1)).
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import ExponentialCurve as _Curve
from _support import book_scenarios
from _support import exchange_side as _side
from _support import force_component as _force
from anpo.deterrence import classical as c
from anpo.deterrence import exchange as x
from anpo.deterrence import stability as s
from anpo.errors import InputError


@pytest.mark.parametrize(
    ("first", "second", "c1", "c2", "ratio", "index"),
    [
        ((0.5, 0.9), (0.9, 0.5), 0.6174, 1.0456, 0.5904, 0.3486),
        ((0.7, 0.8), (0.8, 0.7), 0.8115, 0.9163, 0.8856, 0.7843),
    ],
)
def test_kent_thaler_reference_rows(first, second, c1, c2, ratio, index):
    """Kent & Thaler cost C = D_own^0.75 + 0.3 (1 - D_enemy^0.75), symmetric sides
    (deterrence.md sec. 2 table, computed from RAND R-3765 App. C)."""
    got_c1 = s.kent_thaler_cost(*first)
    got_c2 = s.kent_thaler_cost(*second)
    assert got_c1 == pytest.approx(c1, abs=5e-5)
    assert got_c2 == pytest.approx(c2, abs=5e-5)
    assert got_c1 / got_c2 == pytest.approx(ratio, abs=5e-5)
    assert s.fss_index(got_c1, got_c2, got_c1, got_c2) == pytest.approx(index, abs=5e-5)


def test_fss_caps_each_ratio_at_one():
    """Each ratio is capped at 1 [kent1989]."""
    assert s.fss_index(2.0, 1.0, 0.5, 1.0) == pytest.approx(0.5)
    assert s.fss_index(2.0, 1.0, 3.0, 1.0) == 1.0


def test_damage_curve_checks():
    """D(w80) = 0.8 and D(2 w80) = 0.96 for anpo's default curve (deterrence.md sec. 2)."""
    assert x.damage_exponential(150, 150) == pytest.approx(0.8, abs=1e-12)
    assert x.damage_exponential(300, 150) == pytest.approx(0.96, abs=1e-12)
    assert x.damage_exponential(0, 150) == 0.0


@pytest.mark.parametrize("w80", [0.0, -1.0, 1e-320, math.nan, math.inf])
def test_damage_curve_refuses_w80_it_cannot_use(w80: float) -> None:
    """Fuzzing: a scenario with w80 = 1e-320 made ``anpo bands`` warn 'overflow encountered in
    divide' (w ln 5 / w80); the curve refuses a w80 below 0.001 warheads or not finite."""
    with pytest.raises(InputError, match="w80"):
        x.damage_exponential(10, w80)
    assert x.damage_exponential(1, 1e-3) == 1.0


def test_richardson_reference():
    """dx/dt = 2y - 5x + 5, dy/dt = 2x - 3y + 5: x* = 25/11, y* = 35/11, eigenvalues
    -1.763932 and -6.236068, stable (deterrence.md sec. 3)."""
    x, y, stable = c.richardson_equilibrium(a=5, b=3, k=2, l=2, g=5, h=5)
    assert x == pytest.approx(25 / 11, abs=1e-12)
    assert y == pytest.approx(35 / 11, abs=1e-12)
    assert stable is True
    assert c.richardson_eigenvalues(5, 3, 2, 2) == pytest.approx([-1.763932, -6.236068], abs=1e-6)
    # the continuous solution converges to the equilibrium
    path = c.richardson_continuous(0, 0, 5, 3, 2, 2, 5, 5, np.array([0.0, 20.0]))
    assert path[-1] == pytest.approx([25 / 11, 35 / 11], abs=1e-9)
    # an unstable system: k l > a b
    assert c.richardson_equilibrium(1, 1, 2, 2, 1, 1)[2] is False
    with pytest.raises(InputError):
        c.richardson_equilibrium(1, 1, 1, 1, 1, 1)


def test_richardson_discrete_recursion():
    """X' = X + sx Y - fx X + gx, Y' = Y + sy X - fy Y + gy (Leik & Meeker style)."""
    path = c.richardson_discrete(1.0, 2.0, 0.1, 0.2, 0.3, 0.4, 1.0, 0.5, 3)
    assert path.shape == (4, 2)
    x, y = 1.0, 2.0
    for i in range(1, 4):
        x, y = x + 0.1 * y - 0.3 * x + 1.0, y + 0.2 * x - 0.4 * y + 0.5
        assert path[i] == pytest.approx([x, y], abs=1e-12)
    # a stable discrete system converges to the fixed point of the recursion
    long = c.richardson_discrete(0, 0, 0.1, 0.1, 0.5, 0.5, 1.0, 1.0, 400)
    fx = np.linalg.solve([[0.5, -0.1], [-0.1, 0.5]], [1.0, 1.0])
    assert long[-1] == pytest.approx(fx, abs=1e-9)


NAN, INF = float("nan"), float("inf")


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: c.richardson_equilibrium(NAN, 3, 2, 2, 5, 5), "a"),  # LinAlgError
        (lambda: c.richardson_equilibrium(5, 3, 2, 2, 5, INF), "h"),
        (lambda: c.richardson_eigenvalues(5, INF, 2, 2), "b"),  # LinAlgError
        (lambda: c.richardson_continuous(NAN, 0, 5, 3, 2, 2, 5, 5, np.array([1.0])), "x0"),
        (lambda: c.richardson_continuous(0, 0, 5, 3, 2, 2, 5, 5, np.array([0.0, NAN])), "times"),
        (lambda: c.richardson_discrete(NAN, 1, 0.5, 0.5, 0.1, 0.1, 1, 1, 3), "x0"),  # NaN path
        (lambda: c.richardson_discrete(1, 1, 0.5, 0.5, 0.1, 0.1, 1, 1, NAN), "steps"),
        (lambda: c.richardson_discrete(1, 1, 0.5, 0.5, 0.1, 0.1, 1, 1, 10**12), "steps"),
        (lambda: c.schelling_instability(NAN, 1, 1, 1), "d1"),  # NaN result
        (lambda: c.deterred(NAN, 1, 0.5, 1, 0.1), "m_attacker"),  # False
        (
            lambda: c.deterrence_regions(
                np.array([1.0, NAN]), np.ones(2), 0.5, 0.5, 1, 1, 0.1, 0.1
            ),
            "m_a",  # its own argument's name (it said deterred's 'm_attacker')
        ),
    ],
)
def test_classical_models_refuse_what_is_not_a_finite_number(call, field):
    """Each gave a NaN, a wrong answer (``deterred`` False, the regions 3), numpy's
    LinAlgError or a 14.6 TiB allocation (10**12 steps); now an InputError naming the
    argument."""
    with pytest.raises(InputError) as info:
        call()
    assert info.value.field == field


@pytest.mark.parametrize(
    ("call", "field"),
    [
        # arrays where the Richardson models take one number: numpy's 'truth value of an array
        # is ambiguous' or 'inhomogeneous shape'
        (lambda: c.richardson_equilibrium(np.array([5.0, 6.0]), 3, 2, 2, 5, 5), "a"),
        (lambda: c.richardson_eigenvalues(5, 3, [2, 3], 2), "k"),
        (lambda: c.richardson_discrete([1, 2], 1, 0.5, 0.5, 0.1, 0.1, 1, 1, 3), "x0"),
        # one time, not an array of them: 'iteration over a 0-d array'
        (lambda: c.richardson_continuous(0, 0, 5, 3, 2, 2, 5, 5, 1.0), "times"),
        # a race that leaves the floating-point range: inf, then NaN (inf - inf) in the path
        (lambda: c.richardson_discrete(1, 1, 2, 2, 0.1, 0.1, 1, 1, 2000), "steps"),
        (lambda: c.richardson_continuous(1, 1, 0.1, 0.1, 2, 2, 1, 1, [0, 1000]), "times"),
        # shapes that do not broadcast: numpy's ValueError naming no argument
        (lambda: c.deterred([100, 200], [1, 2, 3], 0.5, 1, 1), "m_attacker"),
        (lambda: c.schelling_instability([1, 2], [1, 2, 3], 1, 1), "d1"),
        # a NaN or infinite cost parameter gave a NaN or infinite cost, no error
        (lambda: s.kent_thaler_cost(0.5, 0.9, exponent=NAN), "exponent"),
        (lambda: s.kent_thaler_cost(0.5, 0.9, surcharge=INF), "surcharge"),
        (lambda: s.fss_index_from_damages(0.5, 0.9, 0.9, 0.5, surcharge=NAN), "surcharge"),
        # True was read as an exponent (or surcharge) of 1
        (lambda: s.kent_thaler_cost(0.5, 0.9, exponent=True), "exponent"),
        (
            lambda: s.fss_index_from_damages(0.5, 0.9, 0.9, 0.5, surcharge=np.bool_(False)),
            "surcharge",
        ),
        # a string: numpy's bare 'could not convert string to float'
        (lambda: s.kent_thaler_cost("half", 0.9), "own_damage"),
        (lambda: s.fss_index(0.5, "x", 0.5, 0.5), "c2_a"),
        (lambda: s.fss_index_from_damages(0.5, 0.9, "x", 0.5), "a_damage_b_first"),
        # a NaN count of warheads gave a NaN damage
        (lambda: x.damage_exponential(NAN, 50), "warheads"),
        (lambda: x.damage_exponential(np.array([1.0, NAN]), 50), "warheads"),
    ],
)
def test_edge_inputs_are_input_errors_naming_the_argument(call, field):
    with pytest.raises(InputError) as info:
        call()
    assert info.value.field == field


@pytest.mark.parametrize(
    ("call", "field", "shapes"),
    [
        (lambda: s.kent_thaler_cost(np.ones(3) * 0.5, np.ones(2) * 0.5), "own_damage",
         "own_damage (3,), enemy_damage (2,)"),
        (lambda: s.fss_index(np.ones(3), np.ones(2), 1.0, 1.0), "c1_a",
         "c1_a (3,), c2_a (2,), c1_b (), c2_b ()"),
        (lambda: s.fss_index_from_damages(np.ones(3) * 0.5, 0.5, np.ones(2) * 0.5, 0.5),
         "a_damage_a_first", "a_damage_a_first (3,), b_damage_a_first (), a_damage_b_first (2,)"),
        (lambda: x.damage_exponential(np.ones(3), np.ones(2) * 10), "warheads",
         "warheads (3,), w80 (2,)"),
        (lambda: c.deterrence_regions(np.ones(3), np.ones(2), 0.5, 0.5, 1, 1, 50, 50), "m_a",
         "m_a (3,), m_b (2,)"),
    ],
)  # fmt: skip
def test_shapes_that_do_not_broadcast_are_input_errors_naming_the_arguments(call, field, shapes):
    """The docstrings say arrays are broadcast together; shapes that do not broadcast gave NumPy's
    bare ValueError naming no argument (the Kent-Thaler cost, the FSS index [kent1989, App. C],
    the damage curve), or the wrong one ('m_attacker' for deterrence_regions' m_a
    [intriligator1984]); now an InputError naming the arguments and their shapes, as the
    classical models say it (review12 F-B)."""
    with pytest.raises(InputError, match="do not broadcast together") as info:
        call()
    assert info.value.field == field and shapes in str(info.value)


def test_arrays_that_broadcast_are_unchanged():
    """A row against a column still broadcasts (the shape check is only where shapes differ)."""
    row, col = np.array([[0.2, 0.5, 0.9]]), np.array([[0.1], [0.7]])
    cost = s.kent_thaler_cost(row, col)
    assert cost.shape == (2, 3)
    assert cost[1, 2] == pytest.approx(s.kent_thaler_cost(0.9, 0.7), abs=1e-12)
    assert x.damage_exponential(np.array([0.0, 150.0]), 150) == pytest.approx([0.0, 0.8])
    assert c.deterrence_regions(np.array([200, 120]), 200, 0.5, 0.5, 1, 1, 50, 50).shape == (2,)


def test_a_negative_count_of_warheads_is_refused():
    """``damage_exponential(-5, 10)`` was 0.0: a negative count of arriving warheads read as
    none (clamped) without a word; no caller in anpo passes one (the exchange's counts are
    0, 1, 2, ...). Now an InputError naming warheads (review12 F-B)."""
    for bad in (-5, np.array([3.0, -1.0])):
        with pytest.raises(InputError, match="at least 0") as info:
            x.damage_exponential(bad, 10)
        assert info.value.field == "warheads"
    assert x.damage_exponential(-0.0, 10) == 0.0


def test_richardson_paths_within_range_are_unchanged():
    path = c.richardson_discrete(1, 1, 2, 2, 0.1, 0.1, 1, 1, 600)
    assert np.all(np.isfinite(path)) and path.shape == (601, 2)
    assert c.richardson_continuous(0, 0, 5, 3, 2, 2, 5, 5, [0.0, 1.0]).shape == (2, 2)


def test_intriligator_brito_reference():
    """f=0.5, v=1, Cbar=50: (200, 200) both deterred; (200, 120): A not deterred, B deterred
    (deterrence.md sec. 3, after [intriligator1984])."""
    assert c.deterred(
        200, 200, 0.5, 1, 50
    )  # A (200) attacking B (200): deterred, and by symmetry B
    assert not c.deterred(200, 120, 0.5, 1, 50)  # A (200) attacking B (120)
    assert c.deterred(120, 200, 0.5, 1, 50)  # B (120) attacking A (200)
    regions = c.deterrence_regions(
        np.array([200, 200]), np.array([200, 120]), 0.5, 0.5, 1, 1, 50, 50
    )
    assert list(regions) == [3, 2]


def test_intriligator_brito_boundary_is_deterrence() -> None:
    """[intriligator1984], JCR 28(1): A is deterred iff v_B (M_B - f_A M_A) >= Cbar_A, so a
    point on the boundary line is deterrence: (200, 150) with f=0.5, v=1, Cbar=50 leaves B
    exactly 50 retaliating missiles; one fewer missile for B and A is not deterred."""
    assert c.deterred(200, 150, 0.5, 1, 50)
    assert not c.deterred(200, 149, 0.5, 1, 50)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((200, 120, -0.5, 1, 50), "f"),  # B's 120 became 220 retaliating missiles: deterred
        ((200, 120, 0.5, -1, -50), "v"),  # negative damage per missile: deterred
        ((200, 120, 0.5, 1, -5), "cbar"),  # a negative unacceptable damage: always deterred
    ],
)
def test_intriligator_brito_refuses_negative_parameters(args, field) -> None:
    """[intriligator1984]: f (the defender's missiles one attacking missile destroys), v (the
    damage one retaliating missile does) and Cbar (the attacker's unacceptable damage) are counts
    and damages, never negative. Each of these calls answered True (A deterred), the
    (200, 120) point the reference table says is not deterrence; now an InputError naming the
    parameter."""
    assert not c.deterred(200, 120, 0.5, 1, 50)
    with pytest.raises(InputError) as info:
        c.deterred(*args)
    assert info.value.field == field
    # the regions ask the same question of both sides: A's f, B's v and A's Cbar here, named
    # as the regions' caller wrote them (they were deterred's 'f', 'v' and 'cbar': which side's?)
    f_a, v_b, cbar_a = args[2:]
    with pytest.raises(InputError) as info:
        c.deterrence_regions(np.array([200.0]), np.array([120.0]), f_a, 0.5, 1, v_b, cbar_a, 50)
    assert info.value.field == {"f": "f_a", "v": "v_b", "cbar": "cbar_a"}[field]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"f_b": -0.5}, "f_b"),
        ({"v_a": -1.0}, "v_a"),
        ({"cbar_b": -5.0}, "cbar_b"),
        ({"m_a": np.array([-1.0])}, "m_a"),  # was 'm', for either side
        ({"m_b": np.array([-1.0])}, "m_b"),
    ],
)
def test_deterrence_regions_name_each_sides_parameter(kwargs, field) -> None:
    """deterrence_regions passed its parameters to deterred, whose errors named them by
    deterred's own parameters: a negative f_b or f_a both read 'f', a negative M_A or M_B
    'missile counts must be non-negative' at 'm'. [intriligator1984] defines no negative count,
    kill rate or damage (they stay refused); the error names the argument as written."""
    args = {"m_a": np.array([200.0]), "m_b": np.array([120.0]), "f_a": 0.5, "f_b": 0.5}
    args |= {"v_a": 1.0, "v_b": 1.0, "cbar_a": 50.0, "cbar_b": 50.0}
    with pytest.raises(InputError) as info:
        c.deterrence_regions(**(args | kwargs))
    assert info.value.field == field
    assert info.value.message.startswith("must be non-negative (")
    for name, at in (("m_attacker", 0), ("m_defender", 1)):
        bad = [200, 120, 0.5, 1, 50]
        bad[at] = -1
        with pytest.raises(InputError) as info:
            c.deterred(*bad)
        assert info.value.field == name


def test_schelling_index():
    """(D1 - D2)(d1 - d2) [schelling1960, ch. 9]."""
    assert c.schelling_instability(0.9, 0.5, 0.8, 0.6) == pytest.approx(0.4 * 0.2)
    assert c.schelling_instability(0.9, 0.9, 0.8, 0.1) == 0.0


def test_schelling_index_sign_needs_the_differences() -> None:
    """[schelling1960, ch. 9]: the fear is reciprocal when each side gains from going first.
    The product (D1 - D2)(d1 - d2) is positive too when both would do better striking second
    (neither fears a surprise attack), and negative when only one side gains from going first:
    the docstring says so and does not read a positive value as mutual fear."""
    assert c.schelling_instability(0.5, 0.9, 0.4, 0.8) == pytest.approx(0.16)  # both gain waiting
    assert c.schelling_instability(0.9, 0.5, 0.4, 0.8) == pytest.approx(-0.16)  # only side 1
    doc = " ".join((c.schelling_instability.__doc__ or "").split())
    assert "both differences negative" in doc and "read the two differences" in doc


def _pair(**kw):
    a = _side("A", [_force("a-silo", "A", 100, 3, reaches=("B",)),
                    _force("a-sea", "A", 50, 4, 0.6, "sea", ("B",))], **kw)  # fmt: skip
    b = _side("B", [_force("b-silo", "B", 100, 3, reaches=("A",)),
                    _force("b-sea", "B", 50, 4, 0.6, "sea", ("A",))], **kw)  # fmt: skip
    return a, b


def test_exchange_symmetric_sides_and_index_symmetry():
    """Identical sides have identical costs; swapping the sides leaves the index unchanged."""
    a, b = _pair()
    res = s.dyad(a, b)
    assert res.c1_a == pytest.approx(res.c1_b, abs=1e-12)
    assert res.c2_a == pytest.approx(res.c2_b, abs=1e-12)
    assert res.fss == pytest.approx(s.dyad(b, a).fss, abs=1e-12)
    assert 0.0 < res.fss <= 1.0


def test_first_strike_is_cost_minimising_over_every_allocation():
    """The chosen allocation's expected cost is no larger than that of any feasible
    whole-warhead allocation (checked by enumerating them all here) [kent1989]."""
    a = _side("A", [_force("a-silo", "A", 60, 2, reaches=("B",))])
    b = _side(
        "B",
        [
            _force("b-silo", "B", 30, 1, reaches=("A",)),
            _force("b-mob", "B", 20, 1, 0.3, "road-mobile", ("A",)),
        ],  # fmt: skip
        w80=100.0,
    )
    chosen = x.first_strike(a, b)
    plan = x._Strike(a, b, x.ExchangeSettings())
    ranges = [range(top + 1) for top in plan.max_level]
    for alloc in itertools.product(*ranges):
        if plan.spend(alloc) <= plan.budget:
            assert chosen.striker_cost <= plan.evaluate(alloc)[0] + 1e-12
    assert chosen.spent <= chosen.committed
    assert sum(chosen.allocation.values()) > 0  # vulnerable forces are worth striking


def _hand_exchange(lua: bool) -> tuple[int, float, float]:
    """The exchange of :func:`test_first_strike_matches_kent_thaler_by_hand`, written out
    without anpo: (allocation, striker's cost, victim's cost) of the striker's best plan."""

    def damage(w: float) -> float:  # D(w) = 1 - exp(-w ln 5 / w80), w80 = 8
        return 1.0 - math.exp(-w * math.log(5.0) / 8.0)

    def binom(n: int, p: float) -> list[float]:
        return [math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(n + 1)]

    # A commits its 10 three-warhead silos and 90% of its 10 single-warhead submarines
    budget = 10 * 3 + round(0.9 * 10)
    # B's 10 silos (half of them launched under attack at 90%: 9 get away) and 4 submarines
    escaped = round(0.9 * 10) if lua else 0
    best: tuple[int, float, float] | None = None
    for level in range(budget // 10 + 1):  # warheads per B silo, paid for all 10 silos
        survivors = binom(10 - escaped, (1 - 0.9) ** level)
        e_own = sum(p * damage(j + escaped + 4) ** 0.75 for j, p in enumerate(survivors))
        e_other = damage(budget - 10 * level) ** 0.75
        cost_a, cost_b = e_own + 0.3 * (1 - e_other), e_other + 0.3 * (1 - e_own)
        if best is None or cost_a < best[1] - 1e-12:
            best = (level, cost_a, cost_b)
    assert best is not None
    return best


@pytest.mark.parametrize("lua", [False, True])
def test_first_strike_matches_kent_thaler_by_hand(lua: bool) -> None:
    """[kent1989, App. C] conventions computed by hand, not by anpo's exchange: the striker
    commits its fixed (silo) forces and 90% of its survivable ones, picks the counterforce
    level minimising its own expected cost C = D_own^0.75 + 0.3 (1 - D_other^0.75); each
    vulnerable silo survives k warheads with (1 - pk)^k (binomial survivors); with launch under
    attack 90% of the victim's fixed forces get away first. Damage curve: anpo's
    D(w) = 1 - exp(-w ln 5 / w80) (deterrence.md sec. 2). The existing exchange tests compare
    the search with anpo's own evaluation; this one would fail if that evaluation were wrong."""
    posture = "launch-under-attack" if lua else "alert"
    a = _side(
        "A",
        [_force("a-silo", "A", 10, 3, reaches=("B",)),
         _force("a-sea", "A", 10, 1, 1.0, "sea", ("B",))],
        pk={"silo": 0.9, "sea": 0.0}, w80=8.0,
    )  # fmt: skip
    b = _side(
        "B",
        [_force("b-silo", "B", 10, 1, reaches=("A",), posture=posture),
         _force("b-sea", "B", 4, 1, 1.0, "sea", ("A",))],
        pk={"silo": 0.9, "sea": 0.0}, w80=8.0,
    )  # fmt: skip
    level, cost_a, cost_b = _hand_exchange(lua)
    got = x.first_strike(a, b, x.ExchangeSettings(allow_lua=lua))
    assert got.committed == 39
    assert got.allocation == {"b-silo": level, "b-sea": 0}
    assert got.striker_cost == pytest.approx(cost_a, abs=1e-12)
    assert got.victim_cost == pytest.approx(cost_b, abs=1e-12)
    assert (level, round(cost_a, 6)) == ((2, 0.652925) if not lua else (1, 0.946301))


def test_coordinate_search_finds_the_enumerated_optimum():
    """Where there are too many allocations to try them all, the coordinate search is used;
    on these cases it finds the optimum full enumeration finds (measured: equal costs)."""
    rng = np.random.default_rng(4)
    for _ in range(4):
        a = _side("A", [_force("a-silo", "A", int(rng.integers(50, 150)), 2, reaches=("B",))])
        forces = [
            _force(
                f"b{i}",
                "B",
                int(rng.integers(5, 40)),
                int(rng.integers(1, 3)),
                float(rng.uniform(0, 0.6)),
                basing,
                ("A",),
            )  # fmt: skip
            for i, basing in enumerate(["silo", "road-mobile", "sea"])
        ]
        b = _side("B", forces, w80=float(rng.uniform(50, 300)))
        full = x.first_strike(a, b, x.ExchangeSettings(max_enumerated=10**6))
        search = x.first_strike(a, b, x.ExchangeSettings(max_enumerated=1))
        assert "coordinate" in search.search and "every" in full.search
        assert search.striker_cost == pytest.approx(full.striker_cost, abs=1e-9)


def test_search_note_counts_with_the_report_formatter():
    """The search note a reader sees in the stability tables said '(11200 allocations
    possible)': its counts are written by the report's formatter (anpo.report.format
    .fmt_number: thousands separators from 10,000), as every other number of the report."""
    import re

    from anpo.report.format import fmt_number

    a = _side("A", [_force("a-silo", "A", 400, 10, reaches=("B",))])
    forces = [
        _force(f"b{i}", "B", 30, 1, 0.0, basing, ("A",))
        for i, basing in enumerate(["silo", "road-mobile", "sea", "silo"])
    ]
    b = _side("B", forces, w80=100.0)
    search = x.first_strike(a, b, x.ExchangeSettings(max_enumerated=1)).search
    [count] = re.findall(r"\(([\d,]+) allocations possible\)", search)
    assert int(count.replace(",", "")) >= 10_000
    assert count == fmt_number(int(count.replace(",", ""))) and "," in count
    full = x.first_strike(a, b, x.ExchangeSettings(max_enumerated=10**6)).search
    feasible, total = re.findall(r"\(([\d,]+) feasible of ([\d,]+)\)", full)[0]
    assert total == count
    assert feasible == fmt_number(int(feasible.replace(",", "")))


def test_coordinate_search_terminates_on_near_ties(monkeypatch):
    """The striker's preference compares costs with a 1e-12 tolerance and breaks ties on the
    victim's cost, which is not transitive: a chain of near-ties cycled for ever on a drawn
    2001 U.S.-Russia case (uncertainty bands). The search never returns to an allocation it
    has stood on, so it ends even under a preference that always prefers the other one."""
    a = _side("A", [_force("a-silo", "A", 60, 2, reaches=("B",))])
    forces = [
        _force(f"b{i}", "B", 10, 1, 0.0, basing, ("A",))
        for i, basing in enumerate(["silo", "road-mobile", "sea"])
    ]
    b = _side("B", forces, w80=100.0)
    calls = {"n": 0}

    def always(self, cand, current):  # noqa: ANN001, ANN202
        calls["n"] += 1
        assert calls["n"] < 10**6, "the search cycles"
        return current is None or cand != current

    monkeypatch.setattr(x._Strike, "better", always)
    res = x.first_strike(a, b, x.ExchangeSettings(max_enumerated=1))
    assert "coordinate" in res.search
    assert res.spent <= res.committed


def test_decoy_surrogate_search_finds_the_exact_optimum():
    """Where the striker's defense must sort decoys, the allocation search runs on a surrogate
    that ignores them and then refines exactly one warhead per launcher around it (exchange.py,
    ``_Strike.search``). Measured against an exact evaluation of every allocation on random
    small cases the surrogate's plan costs the striker at most 0.01 more (Kent-Thaler cost
    units, on a scale where striking first costs about 0.3-1.3) than the exact optimum; measured
    on these 12 cases: equal on 11, 0.0057 more on one. The exchange's result states the search
    it used."""
    from anpo.deterrence.layer import Layer

    rng = np.random.default_rng(11)
    gaps = []
    for _ in range(12):
        layer = Layer(
            interceptors=int(rng.integers(5, 40)),
            sspk=float(rng.uniform(0.5, 0.9)),
            shots=2,
            discrimination=float(rng.uniform(0.2, 0.8)),
            engages=("ICBM",),
            covers=("A",),
        )
        a = _side("A", [_force("a-silo", "A", int(rng.integers(40, 90)), 2, reaches=("B",))],
                  layers=[layer])  # fmt: skip
        forces = [
            _force("b-silo", "B", int(rng.integers(5, 15)), 1, 0.0, "silo", ("A",),
                   d=int(rng.integers(1, 4))),
            _force("b-mob", "B", int(rng.integers(5, 15)), 1, float(rng.uniform(0, 0.5)),
                   "road-mobile", ("A",), d=int(rng.integers(1, 4))),
        ]  # fmt: skip
        b = _side("B", forces, w80=float(rng.uniform(20, 100)))
        plan = x._Strike(a, b, x.ExchangeSettings())
        assert plan.decoys_matter
        found, how = plan.search()
        assert "decoys ignored" in how
        ranges = [range(top + 1) for top in plan.max_level]
        exact = min(
            plan.evaluate(alloc)[0]
            for alloc in itertools.product(*ranges)
            if plan.spend(alloc) <= plan.budget
        )
        gaps.append(plan.evaluate(found)[0] - exact)
    assert min(gaps) >= -1e-12  # never better than the optimum: the evaluations are exact
    assert max(gaps) < 0.01, gaps
    # the README's Exchange item states these cases' result
    equal = sum(1 for g in gaps if abs(g) <= 1e-12)
    [worse] = [g for g in gaps if abs(g) > 1e-12]
    readme = " ".join(
        (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8").split()
    )
    assert (
        f"measured against exact enumeration on {len(gaps)} random small cases, the plan is "
        f"optimal in {equal} and costs the striker {worse:.4f} more in one" in readme
    )


def test_small_force_is_not_averaged_away():
    """The issue's example: 20 single-warhead silos, each striker warhead killing with 0.9.
    With three warheads per silo, P(at least one survives) = 1 - (1 - 0.001)^20 (about 2%); the
    expected cost is taken over that distribution, not over 0.02 warheads (with the concave
    cost, 0.02 warheads would overstate it almost threefold)."""
    a = _side("A", [_force("a-silo", "A", 500, 2, reaches=("B",))],
              pk={"silo": 0.9}, w80=400.0)  # fmt: skip
    b = _side("B", [_force("b-silo", "B", 20, 1, reaches=("A",))], pk={"silo": 0.3})
    res = x.first_strike(a, b, x.ExchangeSettings(max_per_launcher=3))
    assert res.allocation == {"b-silo": 3}
    assert res.p_retaliation(1) == pytest.approx(1 - (1 - 0.1**3) ** 20, rel=1e-9)
    damage = x.damage_fraction(_Curve(400.0), np.arange(len(res.at_striker)))
    assert res.striker_damage == pytest.approx(float(np.dot(res.at_striker, damage)), rel=1e-12)
    averaged = float(x.damage_exponential(res.expected_retaliation, 400.0))
    assert res.striker_damage == pytest.approx(averaged, rel=0.05)  # small, as it should be
    cost = float(np.dot(res.at_striker, damage**0.75))
    assert cost < 0.5 * averaged**0.75  # the expected-value shortcut overstates it


def test_exchange_uses_exact_shoot_look_shoot():
    """Inside the exchange, shoot-look-shoot is the exact doctrine of the defense module, not a
    salvo of all its shots: the retaliation arriving through a 2+2 layer equals
    defense.layered_engagement for the same raid [wilkening1999, shoot-look-shoot]."""
    from anpo.deterrence.defense import Layer, layered_engagement

    layer = Layer(interceptors=30, sspk=0.6, shots=2, doctrine="shoot-look-shoot",
                  second_shots=2, reliability=0.9, covers=["A"])  # fmt: skip
    a = _side("A", [_force("a-silo", "A", 10, 1, reaches=("B",))], layers=[layer])
    b = _side("B", [_force("b-sea", "B", 10, 1, 1.0, "sea", ("A",))])
    res = x.first_strike(a, b)
    exact = layered_engagement(10, [layer])
    assert res.at_striker[: len(exact.leaker_pmf)] == pytest.approx(exact.leaker_pmf, abs=1e-12)
    # the old approximation, a salvo of all four shots from the same inventory, overstates the
    # leakage of a working layer (the issue measured about 2.5 times)
    working = layer.model_copy(update={"reliability": 1.0})
    salvo = working.model_copy(update={"doctrine": "salvo", "shots": 4, "second_shots": 0})
    ratio = (
        layered_engagement(10, [salvo]).expected_leakers
        / layered_engagement(10, [working]).expected_leakers
    )
    assert ratio > 2.0


def test_fss_undefined_when_a_side_cannot_reach_the_other():
    """North Korea in 2001 has no warheads: no index, and the reason says so; the exchange still
    computes the costs (a 'strike' with no warheads), the defined view and the properties leave
    out those of an attack that cannot happen [kent1989, App. C] (review12 F-D: the properties
    gave incentive_b 0.0, "no incentive", and c1_b 1.3 for a strike that cannot happen)."""

    scen = next(sc for sc in book_scenarios() if sc.scenario.year == 2001)
    case = scen.cases()[0]
    a = x.side_from_case(case, "USA", "PRK")
    b = x.side_from_case(case, "PRK", "USA")
    res = s.dyad(a, b, when="in 2001")
    assert res.fss is None
    assert res.fss_reason == "North Korea has no deliverable warheads in 2001"
    # the exchange's own numbers for the 'strike' with no warheads stay in the raw results
    assert res.b_first.striker_cost >= 0.0 and res.a_first.striker_cost >= 0.0
    # ... but North Korea cannot strike first: its C1, the U.S.'s C2 and both incentives do not
    # exist, and the defined view says so (None), while the U.S. strike on it keeps its costs
    d = res.defined()
    assert res.unarmed == ("PRK",)
    assert d["c1_b"] is None and d["c2_a"] is None
    assert d["incentive_a"] is None and d["incentive_b"] is None
    assert d["c1_a"] == res.c1_a == res.a_first.striker_cost
    assert d["c2_b"] == res.c2_b == res.a_first.victim_cost
    # the properties a Python user reaches first say the same as the defined view: None
    assert res.c1_b is None and res.c2_a is None
    assert res.incentive_a is None and res.incentive_b is None
    assert {k: getattr(res, k) for k in d} == d
    both = s.dyad(*_pair())  # armed on both sides: every measure defined
    assert None not in both.defined().values() and both.unarmed == ()
    assert both.incentive_a == pytest.approx(both.b_first.victim_cost - both.a_first.striker_cost)
    assert both.incentive_b == pytest.approx(both.a_first.victim_cost - both.b_first.striker_cost)


def test_fss_reason_tells_a_force_out_of_reach_from_no_force():
    """A valid file where North Korea's missiles (2030) reach Japan only: the reason read 'North
    Korea has no deliverable warheads', false for a side holding 40; it now says none can reach
    the United States ([kent1989] index undefined where a side cannot reach the other)."""

    scen = next(sc for sc in book_scenarios() if sc.scenario.year == 2030)
    forces = [
        f.model_copy(update={"reaches": ["JPN"]}) if f.actor == "PRK" else f for f in scen.forces
    ]
    case = scen.model_copy(update={"forces": forces}).cases()[0]
    a = x.side_from_case(case, "USA", "PRK")
    b = x.side_from_case(case, "PRK", "USA")
    res = s.dyad(a, b, when="in 2030")
    assert res.fss is None and res.unarmed == ("PRK",)
    assert res.fss_reason == "North Korea has no warheads that can reach the United States in 2030"


def test_launch_under_attack_raises_stability():
    """LUA gets 90% of a silo force away before the warheads arrive, so striking first gains
    less [kent1989]."""
    a = _side("A", [_force("a-silo", "A", 200, 3, reaches=("B",), posture="launch-under-attack")])
    b = _side("B", [_force("b-silo", "B", 200, 3, reaches=("A",), posture="launch-under-attack")])
    no_lua = s.dyad(a, b, x.ExchangeSettings(allow_lua=False))
    lua = s.dyad(a, b, x.ExchangeSettings(allow_lua=True), reuse=no_lua)
    assert lua.fss > no_lua.fss
    assert lua.incentive_a < no_lua.incentive_a


def test_defending_forces_stabilizes_defending_cities_does_not():
    """The classic point [ota1981; glaser2001]: a defense of the silos lowers the striker's
    gain from going first, a defense of the cities raises it (the defender expects less
    retaliation); a preferential silo defense saves more silos than a uniform one."""
    from anpo.deterrence.defense import Layer

    def sides(kind):
        layers = {
            "none": (),
            "silos": (Layer(interceptors=150, sspk=0.8, shots=1, defends="silos", covers=["X"]),),
            "cities": (Layer(interceptors=150, sspk=0.8, shots=1, covers=["X"]),),
        }[kind]
        out = []
        for me, other in (("A", "B"), ("B", "A")):
            own = tuple(ly.model_copy(update={"covers": [me]}) for ly in layers)
            out.append(_side(me, [_force(f"{me}-silo", me, 150, 3, reaches=(other,))], layers=own))
        return out

    base = s.dyad(*sides("none"))
    silos = s.dyad(*sides("silos"))
    cities = s.dyad(*sides("cities"))
    assert silos.incentive_a < base.incentive_a < cities.incentive_a
    uniform = x.component_survivors(100, 0.0, 2, 0.8,
                                    silo_defense=Layer(interceptors=60, sspk=0.8, defends="silos"))  # fmt: skip
    prefer = x.component_survivors(
        100, 0.0, 2, 0.8,
        silo_defense=Layer(interceptors=60, sspk=0.8, defends="silos", preferential=True),
    )  # fmt: skip
    mean = lambda p: float(np.dot(np.arange(len(p)), p))  # noqa: E731
    assert mean(prefer) > mean(uniform) > mean(x.component_survivors(100, 0.0, 2, 0.8))


def test_the_striker_may_exhaust_a_silo_defense():
    """[kent1989]: the striker picks the counterforce level that minimises its own cost; [ota1981,
    ch. 3]: a silo defense is overcome by more warheads per silo than it has interceptors for.
    10 silos (10 warheads each) defended by 100 interceptors (SSPK 0.9, one per warhead), pk 0.9
    per warhead, a striker with 2,000 warheads: the search stopped at 7 warheads per silo, the
    level that leaves 1e-6 survivors without the defense (10 x 0.1^7); there, by hand, each
    silo's 10 interceptors meet 7 warheads, each leaking with 0.1, so a silo survives with
    E[0.1^X] = 0.91^7 = 0.517 and 5.17 of 10 survive, a striker's cost of 0.34. At 16 per silo
    10 warheads meet the interceptors and 6 get through unopposed: 0.91^10 0.1^6 = 3.9e-7 per
    silo, a cost near 0."""
    from anpo.deterrence.defense import Layer

    defense = Layer(interceptors=100, sspk=0.9, shots=1, defends="silos")
    a = _side("A", [_force("a-silo", "A", 200, 10, reaches=("B",))], pk={"silo": 0.9})
    b = _side("B", [_force("b-silo", "B", 10, 10, reaches=("A",))], pk={"silo": 0.9},
              layers=(defense,))  # fmt: skip
    mean = lambda p: float(np.dot(np.arange(len(p)), p))  # noqa: E731
    assert mean(x.component_survivors(10, 0.0, 7, 0.9, silo_defense=defense)) == pytest.approx(
        10 * 0.91**7, rel=1e-9
    )
    assert mean(x.component_survivors(10, 0.0, 16, 0.9, silo_defense=defense)) == pytest.approx(
        10 * 0.91**10 * 0.1**6, rel=1e-9
    )
    got = x.first_strike(a, b)
    assert got.allocation["b-silo"] >= 16
    assert got.striker_cost < 1e-4 < 0.3 < x._Strike(a, b, x.ExchangeSettings()).evaluate((7,))[0]
    # an undefended victim: the bound is still the level leaving 1e-6 survivors (10 x 0.1^7)
    plain = _side("B", [_force("b-silo", "B", 10, 10, reaches=("A",))], pk={"silo": 0.9})
    assert x._Strike(a, plain, x.ExchangeSettings()).max_level == [7]


@pytest.mark.parametrize("mode", ["raid", "rv"])
@pytest.mark.parametrize("interceptors", [1, 3, 4, 6, 40])
def test_a_shoot_look_shoot_silo_defense_looks(mode, interceptors):
    """A silo defense with shoot-look-shoot fires its second salvo ([wilkening1999]): a silo
    under 2 warheads survives with E[(1 - pk)^X], X the leakers of the same layer engaging 2
    RVs in the layer engine (:func:`anpo.deterrence.defense.arrivals`, checked against brute
    force in tests/test_defense.py). It ignored the doctrine and fired a salvo of ``shots``.
    With ample interceptors the closed form: each warhead leaks with (1 - k)^(1+2) (per RV
    with tracking rho: 1 - rho + rho (1-k)^3)."""
    from anpo.deterrence.defense import Layer, RVGroup, arrivals

    rho, k, pk = 0.9, 0.6, 0.8
    kw = {"interceptors": interceptors, "sspk": k, "shots": 1, "doctrine": "shoot-look-shoot",
          "second_shots": 2, "reliability_mode": mode}  # fmt: skip
    sls = Layer(**kw, reliability=rho, defends="silos")
    # the silo kernel is the working layer's (the caller mixes in a per-raid failure)
    working = arrivals([RVGroup.fixed(2)], [Layer(**kw, reliability=rho if mode == "rv" else 1.0)])
    working = working.leaker_pmf
    expected = float(np.dot(working, (1 - pk) ** np.arange(len(working))))
    assert x._silo_survival(2, pk, interceptors, sls) == pytest.approx(expected, abs=1e-12)
    salvo = sls.model_copy(update={"doctrine": "salvo"})
    if interceptors > 2:  # a second salvo is left: the look helps
        assert x._silo_survival(2, pk, interceptors, sls) > x._silo_survival(
            2, pk, interceptors, salvo
        )
    if interceptors >= 6:
        leak = (1 - rho + rho * (1 - k) ** 3) if mode == "rv" else (1 - k) ** 3
        assert x._silo_survival(2, pk, interceptors, sls) == pytest.approx((1 - pk * leak) ** 2)


@settings(max_examples=30, deadline=None)
@given(
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
)
def test_fss_in_unit_interval_and_symmetric(c1a, c2a, c1b, c2b):
    v = s.fss_index(c1a, c2a, c1b, c2b)
    assert 0.0 <= v <= 1.0
    assert v == pytest.approx(s.fss_index(c1b, c2b, c1a, c2a))


def test_exchange_bad_settings():
    with pytest.raises(InputError):
        x.ExchangeSettings(survivable_use=1.5)
    with pytest.raises(InputError):
        x.component_survivors(10, 1.5, 1, 0.5)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("exponent", 0.0),
        ("exponent", 1.5),
        ("exponent", math.nan),
        ("surcharge", -0.1),
        ("surcharge", 2.0),
        ("surcharge", math.inf),
    ],
)
def test_exchange_settings_bound_the_cost_constants_as_scenario_files_do(field, value):
    """Kent & Thaler's cost D_own^e + s (1 - D_other^e) (R-3765, App. C: e = 0.75, s = 0.3)
    reads the damages only for 0 < e <= 1 and 0 <= s <= 1, the bounds of a scenario file's
    cost_exponent and cost_surcharge; the library's ExchangeSettings accepted any e > 0 and
    s >= 0 (e = 1e308 gave every cost s and a stability of 1) and is held to the same bounds."""
    with pytest.raises(InputError) as info:
        x.ExchangeSettings(**{field: value})
    assert info.value.field == field
    assert x.ExchangeSettings(exponent=1.0, surcharge=1.0).exponent == 1.0


def test_costs_are_expectations_and_the_docs_say_how_much_that_changes() -> None:
    """[kent1989] works with expected values; anpo's exchange takes each cost's expectation over
    the exact distributions, E[D_X^0.75] + 0.3 (1 - E[D_Y^0.75]). For the book's U.S.-Russia
    pair in 2001 (MAD) the index from the costs of the expected damages agrees to five digits,
    as docs/explanation/stability.md prints (its two figures are computed here)."""
    from pathlib import Path

    from anpo.scenario import load_scenario

    scen = load_scenario("book:us-japan-2001")
    case = next(c for c in scen.cases() if c.variant.id == "mad")
    d = s.dyad(x.side_from_case(case, "USA", "RUS"), x.side_from_case(case, "RUS", "USA"))
    a_first, b_first = d.a_first, d.b_first
    of_means = s.fss_index_from_damages(
        a_first.striker_damage, a_first.victim_damage, b_first.victim_damage, b_first.striker_damage
    )
    assert d.fss is not None and d.fss != of_means
    assert round(d.fss, 5) == round(of_means, 5)
    doc = (Path(__file__).resolve().parents[1] / "docs/explanation/stability.md").read_text()
    doc = " ".join(doc.split())
    assert (
        f"index is {d.fss:.5f} either way, to five digits ({d.fss:.7f} and {of_means:.7f})" in doc
    )


@pytest.mark.parametrize(
    ("args", "kwargs", "field"),
    [
        ((20, 0.5, float("nan"), 0.7), {}, "level"),  # a pmf of NaN
        ((20, 0.5, 10, float("nan")), {}, "pk"),  # a pmf of NaN
        ((20, 0.5, 10, 1.7), {}, "pk"),  # read as 1
        ((20, 0.5, 10, -0.5), {}, "pk"),  # read as 0
        ((2.5, 0.5, 10, 0.7), {}, "launchers"),  # numpy's 'expected a sequence of integers'
        ((float("nan"), 0.5, 10, 0.7), {}, "launchers"),  # 'cannot convert float NaN'
        ((2**70, 0.5, 10, 0.7), {}, "launchers"),  # numpy's 'Maximum allowed size exceeded'
        ((20, None, 10, 0.7), {}, "survivable_fraction"),  # a bare TypeError
        ((20, np.ones(2), 10, 0.7), {}, "survivable_fraction"),  # 'truth value ... ambiguous'
        ((20, True, 10, 0.7), {}, "survivable_fraction"),
        ((20, 0.5, 10, 0.7), {"lua_escape": 1.5}, "lua_escape"),  # 'slice indices must be'
        ((20, 0.5, 10, 0.7), {"lua_escape": 21}, "lua_escape"),  # a pmf summing to 0
        ((20, 0.5, 10, 0.7), {"lua_escape": -3}, "lua_escape"),
    ],
)
def test_component_survivors_names_the_bad_argument(args, kwargs, field):
    """component_survivors checked three arguments in one message naming none of them, and not
    pk, lua_escape or the type of a count: a NaN pk or level gave a pmf of NaN, 2.5 launchers
    a TypeError from numpy, 21 launchers launched under attack of 20 a pmf summing to 0."""
    with pytest.raises(InputError) as err:
        x.component_survivors(*args, **kwargs)
    assert err.value.field == field
    pmf = x.component_survivors(np.int64(20), np.float64(0.5), np.int64(10), 0.7, lua_escape=3)
    assert pmf.sum() == pytest.approx(1.0)
    assert np.array_equal(pmf, x.component_survivors(20.0, 0.5, 10.0, 0.7, lua_escape=3.0))


def _f5_sides(mobile_sigma: float) -> tuple[x.Side, x.Side]:
    """review14 F5's dyad (script p10.py): A = 2 silos x 2 warheads + 4 road-mobiles x 1;
    B = 2 silos x 1 + 4 road-mobiles x 1 (survivable fraction ``mobile_sigma``) + 2 boats x 2
    (half survivable); counterforce pk silo 0.304, road-mobile 0.837, sea 0.3; w80 5."""
    pk = {"silo": 0.304, "road-mobile": 0.837, "sea": 0.3}
    a = _side(
        "A",
        [
            _force("A-silo", "A", 2, 2, 0.0, "silo", ("B",)),
            _force("A-mob", "A", 4, 1, 0.0, "road-mobile", ("B",)),
        ],
        pk,
        (),
        5.0,
    )
    b = _side(
        "B",
        [
            _force("B-silo", "B", 2, 1, 0.0, "silo", ("A",)),
            _force("B-mob", "B", 4, 1, mobile_sigma, "road-mobile", ("A",)),
            _force("B-sea", "B", 2, 2, 0.5, "sea", ("A",)),
        ],
        pk,
        (),
        5.0,
    )
    return a, b


def test_a_more_survivable_victim_can_lower_the_index_by_re_planning():
    """Documented model property (dyad and first_strike docstrings, ForceComponent,
    docs/explanation/stability.md; review14 F5): raising B's road-mobile survivable fraction
    0.3 -> 0.6 leaves one vulnerable mobile launcher fewer; A keeps one warhead on each, spends
    one warhead fewer on B's launchers and puts it on B's value, so B's cost of being struck
    first rises although B retaliates with more, and the index falls. If a change of the
    exchange removes this reversal, the docs that state it must change too."""
    low = s.dyad(*_f5_sides(0.3))
    high = s.dyad(*_f5_sides(0.6))
    assert low.fss is not None and high.fss is not None
    assert high.fss < low.fss - 0.03  # 0.867 -> 0.812
    assert low.a_first.allocation["B-mob"] == high.a_first.allocation["B-mob"] == 1
    assert high.a_first.spent == low.a_first.spent - 1
    assert high.a_first.expected_retaliation > low.a_first.expected_retaliation
    assert high.a_first.victim_cost > low.a_first.victim_cost  # C2_B rises


def test_allowing_launch_under_attack_can_lower_the_index():
    """Documented model property (exchange module and first_strike docstrings,
    docs/explanation/stability.md; review14 F5, scripts p12/p13): with launch under attack
    allowed, B striking first no longer spends a warhead on A's launch-under-attack mobiles
    (they get away) and puts it on A's value: A's damage and cost when struck first rise and the
    index falls (0.999 -> 0.914)."""
    pk = {"silo": 0.724, "road-mobile": 0.256, "sea": 0.3}
    lua = "launch-under-attack"
    a = _side(
        "A",
        [
            _force("A-silo", "A", 1, 1, 0.0, "silo", ("B",)),
            _force("A-mob", "A", 3, 1, 0.0, "road-mobile", ("B",), posture=lua),
            _force("A-sea", "A", 1, 2, 0.5, "sea", ("B",)),
        ],
        pk,
        (),
        20.0,
    )
    b = _side(
        "B",
        [
            _force("B-silo", "B", 3, 2, 0.0, "silo", ("A",)),
            _force("B-mob", "B", 1, 1, 0.0, "road-mobile", ("A",), posture=lua),
            _force("B-sea", "B", 2, 2, 0.5, "sea", ("A",)),
        ],
        pk,
        (),
        20.0,
    )
    fixed = s.dyad(a, b, x.ExchangeSettings(allow_lua=False))
    allowed = s.dyad(a, b, x.ExchangeSettings(allow_lua=True))
    assert fixed.fss is not None and allowed.fss is not None
    assert allowed.fss < fixed.fss - 0.05
    assert fixed.b_first.allocation["A-mob"] > 0 and allowed.b_first.allocation["A-mob"] == 0
    assert allowed.b_first.victim_damage > fixed.b_first.victim_damage
    assert allowed.b_first.victim_cost > fixed.b_first.victim_cost  # C2_A rises


def test_the_order_of_the_forces_in_the_file_changes_no_strike() -> None:
    """review14 F6 (b), script q2.py: Russia's first strike on the U.S. in the book's 2001
    scenario (MAD) has too many allocations to enumerate, and the coordinate search visited the
    components in the order the file lists [[forces]]: reversed, the striker's cost moved in the
    7th digit, C2 and the index in the 5th, with another allocation. The strike now takes the
    components by basing, then id, so reversing the list changes no cost, index or allocation;
    the allocation still lists the victim's components in the file's order."""
    from anpo.deterrence.questions import exchange_settings
    from anpo.scenario import load_scenario

    scen = load_scenario("book:us-japan-2001")
    rev = scen.model_copy(update={"forces": list(reversed(scen.forces))})

    def dyad_of(sc):
        case = next(c for c in sc.cases() if c.variant.id == "mad")
        sides = (x.side_from_case(case, "USA", "RUS"), x.side_from_case(case, "RUS", "USA"))
        return sides, s.dyad(*sides, exchange_settings(case))  # the scenario's [settings]

    (usa, rus), given = dyad_of(scen)
    (usa_r, _), reversed_ = dyad_of(rev)
    assert given.b_first.search.startswith("coordinate search")  # the case the search decides
    assert given.fss == reversed_.fss
    for name in ("a_first", "b_first"):
        one, other = getattr(given, name), getattr(reversed_, name)
        assert (one.striker_cost, one.victim_cost) == (other.striker_cost, other.victim_cost)
        assert one.allocation == other.allocation
        assert one.spent == other.spent
    assert list(given.b_first.allocation) == [f.id for f in usa.reaching("RUS")]
    assert list(reversed_.b_first.allocation) == [f.id for f in usa_r.reaching("RUS")]
    assert list(reversed_.b_first.allocation) == list(reversed(list(given.b_first.allocation)))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"max_per_launcher": float("nan")}, "max_per_launcher"),  # accepted: no cap at all
        ({"max_per_launcher": True}, "max_per_launcher"),  # accepted: a cap of 1
        ({"max_per_launcher": 2.5}, "max_per_launcher"),  # accepted: a cap of 2.5 warheads
        ({"max_per_launcher": -1}, "max_per_launcher"),
        ({"max_enumerated": 0}, "max_enumerated"),  # accepted unchecked
        ({"max_enumerated": -3}, "max_enumerated"),
        ({"max_enumerated": float("nan")}, "max_enumerated"),
        ({"max_enumerated": True}, "max_enumerated"),
        ({"max_enumerated": "5"}, "max_enumerated"),  # a bare TypeError in the first strike
        ({"survivable_use": True}, "survivable_use"),  # read as 1
        ({"surcharge": "0.3"}, "surcharge"),  # a bare TypeError
        ({"allow_lua": "no"}, "allow_lua"),  # read as True
    ],
)
def test_exchange_settings_check_their_counts_and_types(kwargs, field):
    """ExchangeSettings took max_per_launcher = NaN, True or 2.5 and any max_enumerated (0,
    negative, NaN, True): each an InputError naming the field now; a whole float is the int."""
    with pytest.raises(InputError) as err:
        x.ExchangeSettings(**kwargs)
    assert err.value.field == field
    made = x.ExchangeSettings(max_per_launcher=3.0, max_enumerated=np.int64(10))
    assert made.max_per_launcher == 3 and type(made.max_per_launcher) is int
    assert made.max_enumerated == 10 and type(made.max_enumerated) is int
    assert x.ExchangeSettings(max_per_launcher=0, max_enumerated=1).max_per_launcher == 0


def test_a_damage_that_destroys_all_in_every_case_is_exactly_1() -> None:
    """With table damage curves that reach 1 at one warhead (a [[damage]] ``model = "table"``,
    points [0, 0] and [1, 1]), every possible count of arrivals in the 2-actor world below
    destroys the whole value in the U.S. first strike (at least 7 of 10 U.S. warheads get past
    3 interceptors; China's 5 survivable DF-5As all fly back), so both expected damage
    fractions are exactly 1, and so is the United States' when China strikes first (Kent &
    Thaler 1989's exchange with a table damage curve). The dot product of the arrivals' pmf
    read 0.9999999999999998 (printed '> 0.999', as if some value could survive) (text29)."""
    from _support import us_china_scenario
    from anpo.deterrence.questions import answer_case, damage_of
    from anpo.report.format import fmt_number
    from anpo.scenario import parse_scenario_text

    forces = (
        '\n[[forces]]\nid = "us-mm3"\nactor = "USA"\nname = "Minuteman III"\nbasing = "silo"\n'
        'missile_class = "ICBM"\nlaunchers = 10\nwarheads_per_launcher = 1\n'
        'survivable_fraction = 0.0\nreaches = ["CHN"]\nsource = "test"\n'
        '\n[[counterforce]]\nstriker = "USA"\nbasing = "silo"\nkill_probability = 0.9\n'
        'source = "test"\n\n[[counterforce]]\nstriker = "CHN"\nbasing = "silo"\n'
        'kill_probability = 0.3\nsource = "test"\n'
    )
    text = us_china_scenario(
        df5_survivable=1.0,
        forces=forces,
        extra='[[variants]]\nid = "nmd"\ntitle = "NMD"\ndefenses = ["nmd"]\n',
    )
    text = text.replace("interceptors = 20\nsspk = 0.6", "interceptors = 3\nsspk = 0.9")
    text = text.replace('covers = ["USA"]', 'covers = ["USA", "CHN"]')
    for who in ("USA", "CHN"):
        text = text.replace(
            f'actor = "{who}"\nw80 = 400',
            f'actor = "{who}"\nmodel = "table"\npoints = [[0, 0], [1, 1]]',
        )
    case = parse_scenario_text(text, "table.toml").cases()[0]
    a, b = x.side_from_case(case, "USA", "CHN"), x.side_from_case(case, "CHN", "USA")
    d = s.dyad(a, b)
    damages = [d.a_first.striker_damage, d.a_first.victim_damage, d.b_first.victim_damage]
    assert damages == [1.0, 1.0, 1.0]
    assert [fmt_number(v, "resolved") for v in damages] == ["1"] * 3
    # China's first strike leaves some U.S. value in some cases: below 1, as computed
    assert 0.99 < d.b_first.striker_damage < 1.0
    [ans] = answer_case(case, with_lua=False)
    assert damage_of(ans, "USA") == 1.0
    # a whole value destroyed in some cases only stays below 1, a possible 0 above 0
    assert 0.0 < x.expected_damage(np.array([0.25, 0.75]), case.damage_curve("USA")) == 0.75


def test_a_dyad_of_one_side_against_itself_is_refused() -> None:
    """audit30: ``stability.dyad(a, a)`` returned fss None with the false reason "neither A nor
    A has deliverable warheads" for an armed side; a dyad is two actors."""
    a = _side("A", [_force("a1", "A", 10, 1, reaches=("B",))])
    with pytest.raises(InputError, match="both sides are 'A'"):
        s.dyad(a, a)


@pytest.mark.parametrize(
    ("change", "field", "needle"),
    [
        ({"layers": None}, "layers", "must be a tuple"),
        ({"forces": None}, "forces", "must be a tuple"),
        ({"counterforce": {"silo": 0.8, "moon": 0.5}}, "counterforce", "unknown basing 'moon'"),
    ],
)
def test_a_side_refuses_what_the_exchange_would_misread(change, field, needle) -> None:
    """audit30: ``Side(..., layers=None)`` was a TypeError inside the exchange, and a
    counterforce basing anpo does not know ("moon") was ignored without a word: both are an
    InputError naming the field."""
    args = {
        "actor": "A",
        "forces": (_force("a1", "A", 10, 1, reaches=("B",)),),
        "layers": (),
        "counterforce": {"silo": 0.8},
        "damage": _Curve(300.0),
        "name": "A",
    }
    with pytest.raises(InputError, match=needle) as info:
        x.Side(**{**args, **change})
    assert info.value.field == field
    assert x.Side(**args).counterforce == {"silo": 0.8}
