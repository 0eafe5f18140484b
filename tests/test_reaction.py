"""Reaction curves (issue 9, item 9): the fast path gives the answers of the 0.x kernel it
replaces (kept verbatim in benchmarks/old_reaction_kernel.py as the benchmark's baseline) on
random points of the domain where their models coincide, and the answers of the plain exact
search on the new model (budgets that run short, decoys, missile classes, common-mode
failures); results do not depend on the thread count. Interception: [wilkening1999]; strike:
[kent1989]."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from _support import script_module
from anpo.deterrence import defense as d
from anpo.deterrence import reaction as r
from anpo.errors import InputError


def _bench():
    """benchmarks/deterrence_bench.py: the random points of the common domain and both kernels'
    answers (the test and the benchmark run on the same domain)."""
    return script_module("deterrence_bench")


def random_points(n: int, seed: int) -> list[tuple]:
    return _bench().random_points(n, seed)


def old_answers(pts: list[tuple], max_launchers: int) -> np.ndarray:
    return _bench().old_answers(pts, max_launchers)


def new_answers(pts: list[tuple], max_launchers: int) -> np.ndarray:
    return _bench().new_answers(pts, max_launchers)


def common_domain(pts: list[tuple]) -> np.ndarray:
    return _bench().common_domain(pts)


def test_fast_path_gives_the_old_kernels_answers():
    """100 random points: identical launcher counts (the default suite's sample) where the
    models coincide (not per-RV tracking through a look, which the 0.x kernel drew again)."""
    pts = random_points(100, seed=9)
    same = common_domain(pts)
    assert same.sum() >= 60
    new, old = new_answers(pts, 20_000), old_answers(pts, 20_000)
    assert np.array_equal(new[same], old[same])


def test_plain_scalar_loop_gives_the_fast_paths_answers():
    """Issue 2, item 10: the benchmark's plain scalar loop (pure Python, no numpy) is a baseline
    for the same answers: identical launcher counts with either search on random points (those
    with small forces, so the loop stays quick). Model: [wilkening1999], strike [kent1989]."""
    bench = _bench()
    pts = random_points(60, seed=11)
    fast = new_answers(pts, 20_000)
    small = [i for i in range(len(pts)) if 0 < fast[i] <= 60][:12]
    assert len(small) >= 8  # enough points with a force to find
    sample = [pts[i] for i in small]
    for search in ("linear", "bisect"):
        assert bench.scalar_answers(sample, search) == [int(fast[i]) for i in small]


@pytest.mark.slow
def test_fast_path_gives_the_old_kernels_answers_on_5000_points():
    """Issue 9, item 9: identical answers on 5,000 random points of the common domain."""
    pts = random_points(5000, seed=2025)
    same = common_domain(pts)
    new, old = new_answers(pts, 20_000), old_answers(pts, 20_000)
    differ = int(np.sum((new != old) & same))
    assert differ == 0, f"{differ} of {int(same.sum())} differ"
    assert (new[same] > 0).sum() > 1000  # the sample is not trivial


def _rich_layers() -> list[d.Layer]:
    return [
        d.Layer(
            interceptors=12,
            sspk=0.6,
            shots=2,
            doctrine="shoot-look-shoot",
            second_shots=1,
            reliability=0.95,
            discrimination=0.5,
            engages=("ICBM",),
            common_mode="g",
            common_mode_reliability=0.9,
        ),  # fmt: skip
        d.Layer(
            interceptors=8,
            sspk=0.7,
            shots=1,
            engages=("ICBM",),
            endo_atmospheric=True,
            protected_fraction=0.5,
            common_mode="g",
            common_mode_reliability=0.9,
        ),  # fmt: skip
    ]


@pytest.mark.parametrize(
    ("growth", "others", "m", "q"),
    [
        (r.Growth(1, 0.3, 0.8, 2, budget=9, decoys_per_rv=1, missile_class="ICBM"), [], 1, 0.9),
        pytest.param(
            r.Growth(1, 0.0, 0.7, 2, budget=6, missile_class="ICBM"),
            [d.RVGroup(np.array([0.3, 0.7]), "ICBM", 1)],
            2,
            0.5,
            marks=pytest.mark.slow,  # the plain-Python reference takes about 10 s here
        ),
        (
            r.Growth(1, 0.5, 0.9, 1, missile_class="ICBM"),
            [d.RVGroup.fixed(2, "IRBM")],
            3,
            0.8,
        ),  # fmt: skip
    ],
)
def test_fast_path_equals_the_plain_exact_search(growth, others, m, q):
    """Budgets that run short (warheads spread as evenly as possible), decoys, a point defense,
    a common-mode group, other warheads (engaged alike, or by no layer): the compiled fast path
    gives the plain search's answer over the independent reference engine."""
    layers = _rich_layers()
    fast = r.reaction_curve(layers, growth, m, q, others=others, interceptors=[0, 4, 10],
                            max_launchers=64)  # fmt: skip
    slow = [
        r.reaction_point_reference(
            [layers[0].model_copy(update={"interceptors": i}), layers[1]],
            growth,
            m,
            q,
            others=others,
            max_launchers=64,
            engine="reference",
        )
        for i in (0, 4, 10)
    ]
    assert list(fast) == slow
    assert fast[0] <= fast[-1]


def test_curve_nondecreasing_and_thread_independent():
    """More interceptors never let the rival keep its goal with fewer launchers; the result
    does not depend on the number of numba threads (2 against 1; that part skipped where numba
    has one thread)."""
    import numba

    grid = list(range(0, 401, 25))
    layer = d.Layer(interceptors=0, sspk=0.6, shots=2, doctrine="shoot-look-shoot",
                    second_shots=2, reliability=0.9)  # fmt: skip
    growth = r.Growth(1, 0.4, 0.8, 2, budget=500)
    arrays = [d.layer_arrays([layer]).with_inventory(0, i) for i in grid] * 3
    out = r.min_launchers(arrays, growth, 1, 0.9)
    valid = out[: len(grid)][out[: len(grid)] >= 0]
    assert np.all(np.diff(valid) >= 0) and valid[-1] > valid[0]
    if numba.config.NUMBA_NUM_THREADS < 2:
        pytest.skip("numba was started with one thread (NUMBA_NUM_THREADS=1)")
    before = numba.get_num_threads()
    try:
        numba.set_num_threads(2)
        two = r.min_launchers(arrays, growth, 1, 0.9)
        numba.set_num_threads(1)
        single = r.min_launchers(arrays, growth, 1, 0.9)
    finally:
        numba.set_num_threads(before)
    assert np.array_equal(out, two) and np.array_equal(two, single)


def test_bad_input():
    layers = [d.Layer(interceptors=10, sspk=0.6)]
    with pytest.raises(InputError):
        r.reaction_curve(layers, r.Growth(1), 1, 1.5)
    with pytest.raises(InputError):
        r.Growth(1, kill_probability=2.0)
    with pytest.raises(InputError):
        r.Growth(1, allocation=-1)
    with pytest.raises(InputError):
        r.reaction_curve(layers, r.Growth(1, missile_class="ICBM"), 1, 0.9, interceptors=[1],
                         sweep=3)  # fmt: skip


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: r.Growth(2.5), "warheads_per_launcher"),  # accepted: 2.5 warheads per launcher
        (lambda: r.Growth(float("nan")), "warheads_per_launcher"),  # accepted
        (lambda: r.Growth("3"), "warheads_per_launcher"),  # bare TypeError
        (lambda: r.Growth(1, budget=2.5), "budget"),
        (lambda: r.Growth(1, decoys_per_rv=1.5), "decoys_per_rv"),
    ],
)
def test_growth_counts_are_whole_numbers(make, field):
    with pytest.raises(InputError) as err:
        make()
    assert err.value.field == field
    assert r.Growth(3.0).warheads_per_launcher == 3


def test_a_goal_beyond_int64_is_an_input_error():
    """m = 1e300 wrapped in the int64 cast (numpy's 'invalid value encountered in cast') and
    ended in numpy's ValueError 'negative dimensions not allowed'."""
    arrays = [d.layer_arrays([d.Layer(interceptors=10, sspk=0.6)])]
    with pytest.raises(InputError) as err:
        r.min_launchers(arrays, r.Growth(1), 1e300, 0.9)
    assert err.value.field == "m"


def test_a_fractional_goal_is_refused_not_truncated():
    """min_launchers read m = 2.5 as 2 (an answer for a goal the caller did not ask)."""
    layers = [d.Layer(interceptors=10, sspk=0.6)]
    arrays = [d.layer_arrays(layers)]
    with pytest.raises(InputError) as err:
        r.min_launchers(arrays, r.Growth(1), 2.5, 0.9)
    assert err.value.field == "m"
    with pytest.raises(InputError) as err:
        r.reaction_curve(layers, r.Growth(1), 2.5, 0.9)
    assert err.value.field == "m"
    assert r.min_launchers(arrays, r.Growth(1), 2.0, 0.9) == r.min_launchers(
        arrays, r.Growth(1), 2, 0.9
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"q": float("nan")}, "q"),  # gave 1 launcher
        ({"q": 1.7}, "q"),  # gave -1 (no force suffices)
        ({"q": -0.5}, "q"),  # gave 0
        ({"q": True}, "q"),
        ({"q": np.ones(2)}, "q"),
        ({"m": -3}, "m"),  # gave 0
        ({"m": 2.5}, "m"),
        ({"max_launchers": float("nan")}, "max_launchers"),  # gave 4
        ({"max_launchers": 2.5}, "max_launchers"),  # a bare TypeError from inside
        ({"max_launchers": -1}, "max_launchers"),  # gave -1
        ({"max_launchers": 0}, "max_launchers"),  # gave -1, or 1 (beyond the limit)
    ],
)
def test_the_reference_point_checks_its_goal(kwargs, field):
    """reaction_point_reference checked neither m nor q nor max_launchers: q = NaN gave 1,
    q = 1.7 gave -1, m = -3 gave 0, max_launchers = NaN gave 4 (answers to no question)."""
    layers = [d.Layer(interceptors=30, sspk=0.5)]
    args = {"m": 3, "q": 0.8, "max_launchers": 1000} | kwargs
    m, q = args.pop("m"), args.pop("q")
    with pytest.raises(InputError) as err:
        r.reaction_point_reference(layers, r.Growth(2), m, q, **args)
    assert err.value.field == field
    assert (
        r.reaction_point_reference(layers, r.Growth(2), 3, 0.8)
        == r.reaction_curve(layers, r.Growth(2), 3, 0.8)[0]
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"max_launchers": -1}, "max_launchers"),  # numpy's 'negative dimensions not allowed'
        ({"max_launchers": 0}, "max_launchers"),  # gave -1, a sentinel reading as a count
        ({"max_launchers": float("nan")}, "max_launchers"),  # 'cannot convert float NaN'
        ({"max_launchers": 1.7}, "max_launchers"),  # read as 1
        ({"max_launchers": 2**70}, "max_launchers"),  # overflowed the kernel's int64
        ({"interceptors": [2.5]}, "interceptors"),  # read as 2
        ({"interceptors": [float("nan")]}, "interceptors"),  # a bare ValueError
        ({"interceptors": 10}, "interceptors"),  # "'int' object is not iterable"
        ({"m": np.ones(3)}, "m"),  # a numba typing error
        ({"q": np.full(2, 0.5)}, "q"),  # numpy's 'truth value ... is ambiguous'
        ({"q": True}, "q"),  # read as q = 1
    ],
)
def test_the_curve_checks_its_limit_grid_and_goal(kwargs, field):
    """reaction_curve passed max_launchers and the interceptor grid to the kernel unchecked and
    took m and q of any shape: each was a numpy or numba error from inside, or another
    question's answer (max_launchers = 1.7 searched up to 1, 2.5 interceptors were 2)."""
    layers = [d.Layer(interceptors=30, sspk=0.5)]
    args = {"m": 3, "q": 0.8} | kwargs
    m, q = args.pop("m"), args.pop("q")
    with pytest.raises(InputError) as err:
        r.reaction_curve(layers, r.Growth(2), m, q, **args)
    assert err.value.field == field
    assert list(r.reaction_curve(layers, r.Growth(2), 3, 0.8, interceptors=[0.0, 10.0])) == list(
        r.reaction_curve(layers, r.Growth(2), 3, 0.8, interceptors=np.array([0, 10]))
    )


@pytest.mark.parametrize("value", [None, [0.5], np.ones(2), True])
def test_growth_fractions_are_single_probabilities(value):
    """None or a list was a bare TypeError, an array numpy's 'truth value of an array is
    ambiguous'."""
    for field in ("survivable_fraction", "kill_probability"):
        with pytest.raises(InputError) as err:
            r.Growth(2, **{field: value})
        assert err.value.field == field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"base_warheads": 2.5}, "base_warheads"),  # read as 2
        ({"base_warheads": float("nan")}, "base_warheads"),  # a bare ValueError
        ({"base_warheads": 2**70}, "base_warheads"),  # an OverflowError
        ({"m": np.array([3, 3, 3])}, "m"),  # numpy's bare broadcasting ValueError
        ({"q": np.array([0.8, 0.9, 0.7])}, "q"),
        ({"base_warheads": np.zeros(3)}, "base_warheads"),
        ({"max_launchers": 0}, "max_launchers"),  # gave -1
    ],
)
def test_min_launchers_checks_its_per_point_inputs(kwargs, field):
    """min_launchers cast base_warheads to int64 unchecked (2.5 was read as 2) and broadcast m,
    q and base_warheads to the points with numpy's bare error for another length."""
    arrays = [d.layer_arrays([d.Layer(interceptors=30, sspk=0.5)])] * 2
    args = {"m": 3, "q": 0.8} | kwargs
    m, q = args.pop("m"), args.pop("q")
    with pytest.raises(InputError) as err:
        r.min_launchers(arrays, r.Growth(2), m, q, **args)
    assert err.value.field == field
    assert list(r.min_launchers(arrays, r.Growth(2), [3, 3], 0.8, base_warheads=2.0)) == list(
        r.min_launchers(arrays, r.Growth(2), 3, 0.8, base_warheads=2)
    )


def test_growth_refuses_an_unknown_missile_class():
    """Growth(2, missile_class='XX') was taken and no layer engaged the growth component: the
    curve answered for an undefended rival."""
    with pytest.raises(InputError) as err:
        r.Growth(2, missile_class="XX")
    assert err.value.field == "missile_class"
    assert r.Growth(2, missile_class="none").missile_class == "none"


@pytest.mark.parametrize("discrimination", [0.5, 0.7, 1.0])
def test_the_curve_flattens_at_the_full_doctrine_count_whatever_the_discrimination(
    discrimination,
):
    """Why the 2001 curves flatten (84 -> 85 launchers from 400 to 600 interceptors) and meet:
    a layer fires at most its doctrine's shots at an object (2, then 2 more at each survivor,
    shoot-look-shoot; [wilkening1999]), so with interceptors enough for every object the count
    is that of the closed form, the smallest N with ``1 - rho (1 - (1-k)^4)^N >= q`` (per-raid
    reliability rho: all or nothing), which no more interceptors change and in which neither
    decoys nor discrimination appear. The 2001 book's midcourse layer and DF-31A (1 RV, 3
    decoys): 85 launchers."""
    layer = d.Layer(interceptors=0, sspk=0.6, shots=2, doctrine="shoot-look-shoot",
                    second_shots=2, reliability=0.9, discrimination=discrimination,
                    engages=("ICBM",))  # fmt: skip
    growth = r.Growth(1, decoys_per_rv=3, missile_class="ICBM")
    full = r.full_doctrine_inventory(layer, growth, max_launchers=200)
    assert full == 4 * 200 * 4  # 4 shots at each of 200 RVs and their 600 decoys
    curve = r.reaction_curve([layer], growth, 1, 0.9, interceptors=[100, full, 10 * full],
                             max_launchers=200)  # fmt: skip
    closed = math.ceil(math.log(0.1 / 0.9) / math.log(1 - 0.4**4))
    assert closed == 85
    assert list(curve[1:]) == [closed, closed]
    assert curve[0] < closed  # 100 interceptors are not enough for every object


def test_a_search_limit_of_zero_launchers_is_refused():
    """max_launchers = 0 searched from one launcher all the same: undefended, where one
    launcher meets the goal, the curve answered 1 (a force beyond its own limit), defended -1
    (the "none within the limit" sentinel, read as a count). The limit is at least 1, as the
    web app (ge=1) and the bands (bands.bands) require; 1 still answers 1 or -1."""
    growth = r.Growth(2)
    bare: list[d.Layer] = []
    with pytest.raises(InputError, match="max_launchers: must be a whole number >= 1, got 0"):
        r.reaction_curve(bare, growth, 1, 0.8, max_launchers=0)
    with pytest.raises(InputError, match="max_launchers: must be a whole number >= 1"):
        r.min_launchers([d.layer_arrays(bare)], growth, 1, 0.8, max_launchers=0)
    with pytest.raises(InputError, match="max_launchers: must be a whole number >= 1"):
        r.reaction_point_reference(bare, growth, 1, 0.8, max_launchers=0)
    with pytest.raises(InputError, match="max_launchers: must be a whole number >= 1"):
        r.full_doctrine_inventory(d.Layer(interceptors=10, sspk=0.5), growth, max_launchers=0)
    assert list(r.reaction_curve(bare, growth, 1, 0.8, max_launchers=1)) == [1]
    defended = [d.Layer(interceptors=30, sspk=0.5)]
    assert list(r.reaction_curve(defended, growth, 3, 0.8, max_launchers=1)) == [-1]
    assert r.needed_or_none(-1) is None


def _ally_curves(df5_launchers: int) -> dict[str, tuple[list[int], int]]:
    """By variant, audit29's ally scenario's reaction curve of China's DF-5A (the launchers
    needed over the interceptor grid) and its counterforce level, with ``df5_launchers``."""
    from _support import ally_lua_scenario
    from anpo.deterrence.questions import answer_case, reaction_table
    from anpo.scenario.load import parse_scenario_text

    scen = parse_scenario_text(ally_lua_scenario(df5_launchers=df5_launchers), "ally.toml")
    out = {}
    for case in scen.cases():
        (ans,) = answer_case(case, with_lua=False, with_extended=False)
        table = reaction_table(ans)
        assert set(table["counterforce_level"]) == {int(table["counterforce_level"].iloc[0])}
        out[case.variant.id] = (
            [int(x) for x in table["launchers_needed"]],
            int(table["counterforce_level"].iloc[0]),
        )
    return out


def test_a_growth_component_of_no_launchers_is_struck_as_its_first_launcher_would_be() -> None:
    """audit29 (``anpo stability`` on its ally6 scenario, China's DF-5A with ``launchers = 0``
    against 500 U.S. Minuteman III): the curve took the counterforce level of the exchange's
    plan, 0 because there was no launcher to strike, and said 1 launcher sufficed, though the
    United States puts 2 or 3 warheads on every silo. The level is now the exchange's plan
    against one launcher (Kent & Thaler, RAND R-3765, 1989, App. C: a whole number of warheads
    per vulnerable launcher; the curve is anpo's own), so the curve is that of a DF-5A force of
    one launcher, whose first count the search tries, and one launcher no longer suffices."""
    none, one = _ally_curves(0), _ally_curves(1)
    assert none == one
    for needed, level in none.values():
        assert level >= 2
        assert min(needed) > 1


def _growth_world() -> str:
    """audit29's ally scenario (:func:`_support.ally_lua_scenario`) with the DF-5A as the
    dyad's growth component, a Chinese SLBM force that reaches only Japan (12 launchers, 1
    warhead, wholly survivable: no launcher of it is struck) and two variants with the U.S.
    NMD: ``with-df5`` (the DF-5A's 20 silos) and ``no-df5`` (the DF-5A removed)."""
    from _support import ally_lua_scenario

    slbm = (
        '\n[[forces]]\nid = "cn-slbm"\nactor = "CHN"\nname = "JL-1"\nbasing = "sea"\n'
        'missile_class = "ICBM"\nlaunchers = 12\nwarheads_per_launcher = 1\n'
        'survivable_fraction = 1.0\nreaches = ["JPN"]\nsource = "anpo assumption: test"\n'
        '\n[[counterforce]]\nstriker = "USA"\nbasing = "sea"\nkill_probability = 0.5\n'
        'source = "anpo assumption: test"\n'
    )
    text = ally_lua_scenario()
    text = text.replace(
        '\n[[counterforce]]\nstriker = "USA"', slbm + '\n[[counterforce]]\nstriker = "USA"', 1
    )
    text = text.replace("ally_strike_share = 0.5\n", 'ally_strike_share = 0.5\ngrowth = "cn-df5"\n')
    head, _, _ = text.partition("\n[[variants]]")
    return head + "".join(
        f'\n[[variants]]\nid = "{vid}"\ntitle = "{vid}"\ndefenses = ["nmd"]\n{more}'
        for vid, more in (
            ("with-df5", ""),
            ("no-df5", 'remove_forces = ["cn-df5"]\n'),
        )
    )


def test_a_variant_without_the_growth_component_is_struck_as_its_first_launcher_would_be() -> None:
    """deter30 (left by review29): where the variant lacks the growth component and no
    launcher of its basing was struck (China's only other force is a survivable SLBM), the
    curve's counterforce level was 0, "never struck", and 1 launcher sufficed against a striker
    that puts 2 or 3 warheads on every DF-5A silo. A variant without the component is now
    struck as one holding it with 0 launchers (the exchange's plan against one launcher: Kent &
    Thaler, RAND R-3765, 1989, App. C; the curve is anpo's own), so both curves are one."""
    from anpo.deterrence.questions import answer_case, reaction_assumptions, reaction_table
    from anpo.scenario.load import parse_scenario_text

    text = _growth_world()
    zero = text.replace("launchers = 20\n", "launchers = 0\n", 1)
    got = {}
    for name, world in (("text", text), ("zero", zero)):
        scen = parse_scenario_text(world, "growth.toml")
        for case in scen.cases():
            (ans,) = answer_case(case, with_lua=False, with_extended=False)
            table = reaction_table(ans)
            got[(name, case.variant.id)] = (
                [int(x) for x in table["launchers_needed"]],
                int(table["counterforce_level"].iloc[0]),
                int(table["current_launchers"].iloc[0]),
            )
    absent, held0 = got[("text", "no-df5")], got[("zero", "with-df5")]
    assert held0[1] >= 2 and held0[2] == 0  # stab29's rule for 0 launchers
    assert absent == held0
    assert min(absent[0]) > 1
    assert got[("text", "with-df5")][1] >= 2  # the 20 silos are struck
    said = reaction_assumptions(absent[2], absent[1], 1)
    assert (
        f"assumes {absent[1]} warheads per launcher of that force, the exchange's choice " in said
    )


def _survivable_growth_world(fraction: str, df5_launchers: int) -> str:
    """:func:`_growth_world` with the DF-5A's survivable fraction ``fraction`` and
    ``df5_launchers`` in place of its 20 silos."""
    text = _growth_world()
    at = text.index('id = "cn-df5"')
    start = text.index("survivable_fraction = ", at)
    end = text.index("\n", start)
    text = text[:start] + f"survivable_fraction = {fraction}" + text[end:]
    return text.replace("launchers = 20\n", f"launchers = {df5_launchers}\n", 1)


def _growth_curves(fraction: str, df5_launchers: int) -> dict[str, tuple[list[int], int]]:
    """By variant of :func:`_survivable_growth_world`, the DF-5A's reaction curve (launchers
    needed over the interceptor grid) and its counterforce level."""
    from anpo.deterrence.questions import answer_case, reaction_table
    from anpo.scenario.load import parse_scenario_text

    scen = parse_scenario_text(_survivable_growth_world(fraction, df5_launchers), "growth.toml")
    out = {}
    for case in scen.cases():
        (ans,) = answer_case(case, with_lua=False, with_extended=False)
        table = reaction_table(ans)
        out[case.variant.id] = (
            [int(x) for x in table["launchers_needed"]],
            int(table["counterforce_level"].iloc[0]),
        )
    return out


def test_a_survivable_growth_component_absent_is_struck_as_its_first_struck_force_would_be() -> (
    None
):
    """deter31 (left by review30): the level of a growth component the variant lacks was the
    exchange's plan against one launcher, 0 where its survivable fraction is 0.5 or more, since
    one launcher of it is then counted as surviving (``floor(0.5 + 0.5)``), and the curve
    struck none of its launchers, though the exchange strikes larger forces of it. The level is
    now the plan against the smallest force with a launcher to strike (2 launchers at 0.5), the
    level the exchange chooses for a variant holding those 2 (Kent & Thaler, RAND R-3765, 1989,
    App. C: a whole number of warheads per vulnerable launcher; the curve is anpo's own): the
    DF-5A absent, held with 1 launcher (none vulnerable) or with 2, the curve is one. Before,
    the absent DF-5A needed 5 launchers where the held one needs 9, at level 0."""
    absent = _growth_curves("0.5", 20)["no-df5"]
    held1 = _growth_curves("0.5", 1)["with-df5"]
    held2 = _growth_curves("0.5", 2)["with-df5"]
    assert held2[1] >= 2  # the exchange's own choice against 1 vulnerable silo of 2
    assert absent == held1 == held2
    assert max(absent[0]) > 5


def test_a_wholly_survivable_growth_component_absent_is_never_struck() -> None:
    """deter31: at a survivable fraction of 1 no force of the growth component has a launcher
    to strike (the exchange counts ``floor(n + 0.5) = n`` surviving), so the level of a variant
    without it stays 0, "never struck", and is the level of a variant holding it."""
    curves = _growth_curves("1.0", 20)
    assert curves["no-df5"][1] == curves["with-df5"][1] == 0
    assert curves["no-df5"][0] == curves["with-df5"][0]


def _first_struck_by_counting(fraction: float) -> int:
    """deter31's :func:`anpo.deterrence.questions._first_struck`, the reference: count up one
    launcher at a time to the first of which the exchange strikes one."""
    from anpo.deterrence.exchange import sure_count

    n = 1
    while n - sure_count(n, fraction) < 1:
        n += 1
    return n


@given(st.floats(min_value=0.0, max_value=0.999))
@example(0.5)
@example(0.9)
@example(0.999)
@settings(max_examples=300, deadline=None)
def test_the_first_struck_force_is_the_one_counting_up_finds(fraction: float) -> None:
    """review31: the smallest force of a growth component with a launcher to strike (the least
    ``n`` with ``n - floor(sigma n + 0.5) >= 1``, the exchange's count: Kent & Thaler, RAND
    R-3765, 1989, App. C) is found by bisection, not by counting up; it is the force counting up
    finds, and a search limit below it finds none."""
    from anpo.deterrence.questions import _first_struck

    want = _first_struck_by_counting(fraction)
    assert _first_struck(fraction, 10**6) == want
    assert _first_struck(fraction, want) == want
    assert want == 1 or _first_struck(fraction, want - 1) is None


@pytest.mark.parametrize("fraction", [1 - 1e-12, 1 - 2**-52, 0.9999999999999999, 1.0])
def test_the_first_struck_force_near_a_survivable_fraction_of_one(fraction: float) -> None:
    """review31: counting up took about ``0.5 / (1 - sigma)`` steps before the search limit was
    checked: 21 hours at ``1 - 1e-12``, never ending at 0.9999999999999999, survivable
    fractions a scenario file accepts. Within the default limit no force has a launcher to
    strike; without a limit the force found is the least the exchange's own count strikes
    (``n - floor(sigma n + 0.5) >= 1`` and not at ``n - 1``; in exact arithmetic the least
    ``n`` with ``n (1 - sigma) > 1/2``, which the exchange's rounding of ``sigma n`` can
    pass), none at a fraction of 1 and none up to 2**52 launchers at the largest double below
    it (whose first, in exact arithmetic, is 2**52 + 1)."""
    from anpo.deterrence.exchange import sure_count
    from anpo.deterrence.questions import REACTION_MAX_LAUNCHERS, _first_struck

    assert _first_struck(fraction, REACTION_MAX_LAUNCHERS) is None
    first = _first_struck(fraction, 2**62)
    if fraction >= 0.9999999999999999:
        assert first is None
        return
    assert first is not None and first > 0.5 / (1 - fraction) > REACTION_MAX_LAUNCHERS
    assert first - sure_count(first, fraction) == 1
    assert first - 1 - sure_count(first - 1, fraction) == 0


def _survivable_answers(fraction: str, df5_launchers: int) -> dict[str, Any]:
    """By variant of :func:`_survivable_growth_world`, its dyad's answer."""
    from anpo.deterrence.questions import answer_case
    from anpo.scenario.load import parse_scenario_text

    scen = parse_scenario_text(_survivable_growth_world(fraction, df5_launchers), "growth.toml")
    return {
        case.variant.id: answer_case(case, with_lua=False, with_extended=False)[0]
        for case in scen.cases()
    }


def test_a_growth_component_all_but_wholly_survivable_is_never_struck_within_the_limit() -> None:
    """review31: at a survivable fraction of 0.9999999999999999 (a file accepts any fraction up
    to 1) the level of the curve of a variant without the DF-5A never came: the first force
    with a launcher to strike was counted up to, one launcher at a time. No force up to the
    search's 20,000 launchers has one (the first is beyond 2**52), so the level is 0, as at a
    fraction of 1, and the report and the web page's caption say so (Kent & Thaler, RAND
    R-3765, 1989, App. C: a whole number of warheads per vulnerable launcher; the curve is
    anpo's own)."""
    from anpo.deterrence.questions import level_first_force, reaction_assumptions, reaction_table

    ans = _survivable_answers("0.9999999999999999", 20)["no-df5"]
    assert level_first_force(ans, "cn-df5") == 0
    row = reaction_table(ans).iloc[0]
    assert int(row["counterforce_level"]) == 0 and int(row["current_launchers"]) == 0
    said = reaction_assumptions(0, 0, 0)
    assert said.startswith(
        "Launchers needed, none held yet; the defender's first strike assumes 0 warheads per "
        "launcher of that force: new launchers are never struck, as no force of it up to the "
        "search's 20,000 launchers has a launcher to strike;"
    ), said


def test_the_level_beyond_the_search_limit_is_said_to_be_so() -> None:
    """review31: at a survivable fraction of 0.99999 the smallest force of the DF-5A with a
    launcher to strike is 50,001 launchers, beyond the curve's search limit of 20,000, so the
    level of the variant without it is 0; the report said "no force of them has a launcher to
    strike", false of that force. It now says none up to the search's 20,000 launchers has
    one, and with a limit of 50,001 the level is the plan against those 50,001 (exchange after
    Kent & Thaler, RAND R-3765, 1989, App. C)."""
    from anpo.deterrence.questions import level_first_force
    from anpo.deterrence.report import _CurvePoint, _level_origin

    ans = _survivable_answers("0.99999", 20)["no-df5"]
    first = level_first_force(ans, "cn-df5")
    assert first == 0 and level_first_force(ans, "cn-df5", 50_001) == 50_001
    point = _CurvePoint(2001, "“no-df5”", 0, 5, 0, None, 0, False, first=first)
    said = _level_origin(point, "China")
    assert said == (
        "the “no-df5” variant holds none of them, and no force of them up to the search's "
        "20,000 launchers has a launcher to strike"
    ), said


def test_a_held_force_its_survivable_fraction_spares_gets_the_level_s_origin() -> None:
    """review31: the web page's caption (:func:`reaction_assumptions`) gave where the level
    comes from only where the rival holds no launcher of the growth component; a variant
    holding 1 DF-5A at a survivable fraction of 0.5 (spared: ``floor(0.5 + 0.5) = 1``) has the
    level the exchange chooses against 2 (deter31) and the caption said nothing of it, where
    the report did. Both now say it in one function's words (exchange after Kent & Thaler,
    RAND R-3765, 1989, App. C)."""
    from anpo.deterrence.questions import level_first_force, reaction_assumptions, reaction_table
    from anpo.deterrence.report import _CurvePoint, _level_origin

    ans = _survivable_answers("0.5", 1)["with-df5"]
    first = level_first_force(ans, "cn-df5")
    row = reaction_table(ans).iloc[0]
    held, level = int(row["current_launchers"]), int(row["counterforce_level"])
    assert (first, held) == (2, 1) and level >= 2
    origin = (
        "the exchange's choice against the smallest force of it with a launcher to strike, "
        "2 launchers"
    )
    said = reaction_assumptions(held, level, first)
    assert said.startswith(
        "Launchers needed, the 1 the rival holds included, all spared by its survivable "
        f"fraction; the defender's first strike assumes {level} warheads per launcher of that "
        f"force, {origin} (0 would mean"
    ), said
    point = _CurvePoint(2001, "“with-df5”", 0, 5, held, None, level, True, first=first)
    assert _level_origin(point, "China").endswith(origin.replace("of it", "of them"))
