"""Exchange and stability engine: reference values, invariants and the reaction-curve kernel.

Reference values: ../shared/reference/deterrence.md sections 2-3 (Kent & Thaler, RAND R-3765
App. C cost formula; [richardson1960]; [intriligator1984], JCR 28(1)).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anpo.deterrence import classical as c
from anpo.deterrence import exchange as x
from anpo.deterrence import reaction as r
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


def test_schelling_index():
    """(D1 - D2)(d1 - d2) [schelling1960, ch. 9]."""
    assert c.schelling_instability(0.9, 0.5, 0.8, 0.6) == pytest.approx(0.4 * 0.2)
    assert c.schelling_instability(0.9, 0.9, 0.8, 0.1) == 0.0


def _side(n, w, sigma, fixed, lua, pk, w80=300.0, inter=0, sspk=0.6):
    c = len(n)
    force = x.ForceArrays(
        launchers=np.array([n], float),
        warheads=np.array([w], float),
        survivable=np.array([sigma], float),
        fixed=np.array([fixed]),
        lua=np.array([lua]),
    )
    if inter:
        dfn = x.DefenseArrays(
            np.array([[inter]], float), np.array([[sspk]]), np.array([[4.0]]), np.array([[1.0]])
        )
    else:
        dfn = x.DefenseArrays(
            np.zeros((1, 0)), np.zeros((1, 0)), np.zeros((1, 0)), np.zeros((1, 0))
        )
    assert c == len(w)
    return x.SideArrays(force, dfn, np.array([pk], float), np.array([w80]))


def test_exchange_symmetric_sides_and_index_symmetry():
    """Identical sides have identical costs; swapping the sides leaves the index unchanged."""
    a = _side([100, 50], [3, 4], [0.0, 0.6], [True, False], [True, False], [0.8, 0.9])
    b = _side([100, 50], [3, 4], [0.0, 0.6], [True, False], [True, False], [0.8, 0.9])
    res = s.exchange(a, b)
    assert res.c1_a == pytest.approx(res.c1_b)
    assert res.c2_a == pytest.approx(res.c2_b)
    a1 = _side([100, 50], [3, 4], [0.0, 0.6], [True, False], [True, False], [0.8])
    c = _side([20], [1], [0.0], [True], [False], [0.5, 0.5], w80=200)
    ab = s.exchange(a1, c)
    ba = s.exchange(c, a1)
    assert ab.fss == pytest.approx(ba.fss, abs=1e-12)
    assert ab.schelling == pytest.approx(ba.schelling, abs=1e-12)


def test_first_strike_is_cost_minimising():
    """The chosen allocation's striker cost is no larger than any feasible level's."""
    us = _side([450, 280], [1, 4], [0.0, 0.67], [True, False], [True, False], [0.9])
    cn = _side([20], [1], [0.0], [True], [False], [0.3, 0.3], w80=400)
    chosen = x.first_strike(us, cn)
    for level in (0, 1, 2, 3):
        one = x.first_strike(us, cn, x.ExchangeSettings(levels=(level,)))
        assert chosen.striker_cost[0] <= one.striker_cost[0] + 1e-12
    # a vulnerable single-silo force: the striker attacks it
    assert chosen.allocation[0, 0] > 0
    assert chosen.victim_survivors[0] < 20


def test_mismatched_counterforce_shape_is_an_input_error():
    a = _side([100, 50], [3, 4], [0.0, 0.6], [True, False], [True, False], [0.8, 0.9])
    c = _side([20], [1], [0.0], [True], [False], [0.5, 0.5])
    with pytest.raises(InputError):
        s.exchange(a, c)


def test_launch_under_attack_raises_stability():
    """LUA saves 90% of a fixed component, so striking first gains less [kent1989]."""
    a = _side([200], [3], [0.0], [True], [True], [0.9])
    b = _side([200], [3], [0.0], [True], [True], [0.9])
    no_lua = s.exchange(a, b, x.ExchangeSettings(allow_lua=False)).fss[0]
    lua = s.exchange(a, b, x.ExchangeSettings(allow_lua=True)).fss[0]
    assert lua > no_lua


def test_defense_lowers_the_rivals_retaliation():
    """A homeland defense lowers the damage the victim's retaliation does to the striker."""
    cn = _side([20], [1], [0.5], [False], [False], [0.3, 0.3], w80=400)
    bare = _side([450], [1], [0.0], [True], [False], [0.9])
    defended = _side([450], [1], [0.0], [True], [False], [0.9], inter=44)
    assert (
        x.first_strike(defended, cn).striker_damage[0] < x.first_strike(bare, cn).striker_damage[0]
    )


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


# ----------------------------------------------------------------------------- reaction curve
@pytest.mark.parametrize(
    "params",
    [
        dict(
            interceptors=[40],
            sspk=[0.6],
            shots=[4],
            second=[0],
            rel=[0.9],
            w=1,
            m=5,
            q=0.9,
            sigma=0.3,
            pk=0.8,
            alloc=2,
            budget=150.0,
            base=0,
            mode="raid",
        ),
        dict(
            interceptors=[60],
            sspk=[0.6],
            shots=[2],
            second=[2],
            rel=[0.9],
            w=3,
            m=1,
            q=0.5,
            sigma=0.1,
            pk=0.5,
            alloc=1,
            budget=np.inf,
            base=2,
            mode="rv",
        ),
        dict(
            interceptors=[30, 100],
            sspk=[0.5, 0.7],
            shots=[1, 2],
            second=[0, 0],
            rel=[1.0, 0.95],
            w=2,
            m=3,
            q=0.8,
            sigma=0.5,
            pk=0.9,
            alloc=3,
            budget=60.0,
            base=0,
            mode="raid",
        ),
    ],
)
def test_reaction_kernel_matches_scalar_reference(params):
    """The compiled kernel agrees with the plain implementation built on
    anpo.deterrence.defense.layered_engagement (independent code path)."""
    p = params
    layers = r.DefenseLayers(
        interceptors=np.array([p["interceptors"]], float),
        sspk=np.array([p["sspk"]], float),
        shots=np.array([p["shots"]]),
        second_shots=np.array([p["second"]]),
        reliability=np.array([p["rel"]], float),
        decoy_factor=np.ones((1, len(p["interceptors"]))),
        mode=p["mode"],
    )
    fast = r.reaction_curve(
        layers,
        p["w"],
        p["m"],
        p["q"],
        survivable_fraction=p["sigma"],
        kill_probability=p["pk"],
        allocation=p["alloc"],
        striker_budget=p["budget"],
        base_warheads=p["base"],
    )[0]
    slow = r.reaction_point_reference(
        p["interceptors"],
        p["sspk"],
        p["shots"],
        p["second"],
        p["rel"],
        p["w"],
        p["m"],
        p["q"],
        p["sigma"],
        p["pk"],
        p["alloc"],
        p["budget"],
        p["base"],
        p["mode"],
    )
    assert fast == slow


def test_reaction_curve_nondecreasing_in_interceptors_and_thread_independent():
    """More interceptors never let the rival keep its goal with fewer launchers; the result does
    not depend on the number of numba threads."""
    import numba

    grid = np.arange(0, 401, 25)
    layers = r.DefenseLayers.single(grid, 0.6, shots=2, second_shots=2, reliability=0.9)
    kw = dict(survivable_fraction=0.4, kill_probability=0.8, allocation=2, striker_budget=500.0)
    out = r.reaction_curve(layers, 1, 1, 0.9, **kw)
    valid = out[out >= 0]
    assert np.all(np.diff(valid) >= 0)
    assert out[0] >= 1
    before = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        single = r.reaction_curve(layers, 1, 1, 0.9, **kw)
    finally:
        numba.set_num_threads(before)
    assert np.array_equal(out, single)


def test_reaction_curve_bad_input():
    layers = r.DefenseLayers.single([10], 0.6)
    with pytest.raises(InputError):
        r.reaction_curve(layers, 1, 1, 1.5)
    with pytest.raises(InputError):
        r.reaction_curve(layers, 1, 1, 0.9, kill_probability=2.0)
