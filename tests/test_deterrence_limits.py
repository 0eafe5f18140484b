"""The deterrence model in the limits the literature names (a strategist's read).

- No defense is MAD: a layer that cannot kill anything (no interceptors, SSPK 0, or a layer
  that never works) leaves every cost and the index where mutual assured destruction puts them
  [kent1989, App. C; glaser2001].
- A perfect defense lets nothing through: with SSPK 1, perfect reliability and discrimination and
  enough interceptors for every RV, no warhead arrives; the defended side loses no value
  whoever strikes first, so the other side's retaliation no longer deters it [glaser2001].
- Zero leakage is bounded by the inventory: a layer's interceptors kill at most one RV each,
  with probability SSPK (times the layer's reliability per raid), so no defense saves more
  than ``sum(interceptors x SSPK)`` expected warheads [wilkening1999].
- Large offense growth saturates a finite defense: with more RVs than interceptors, at least
  ``RVs - interceptors`` RVs are never engaged and arrive surely, and adding RVs never lowers
  P(at least m arrive) [wilkening1999; glaser2001: China can restore its deterrent by growth].
- Uncertainty bands keep the orders the measures keep in every draw: p05 <= p50 <= p95; a band
  on P(at least m arrive) never rises with m; a reaction-curve band never falls with the
  defender's interceptors.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from _support import force_component as _force
from anpo.deterrence import exchange as x
from anpo.deterrence import stability as s
from anpo.deterrence.defense import Layer, RVGroup, arrivals, layered_engagement
from anpo.scenario.schema import ForceComponent

probs = st.floats(0.0, 1.0, allow_nan=False)


class _Curve:
    model = "exponential"

    def __init__(self, w80: float) -> None:
        self.w80 = w80


def _side(actor: str, forces: list[ForceComponent], layers: tuple[Layer, ...] = (),
          w80: float = 50.0) -> x.Side:  # fmt: skip
    return x.Side(
        actor=actor,
        forces=tuple(forces),
        layers=layers,
        counterforce={"silo": 0.8, "road-mobile": 0.6, "sea": 0.5, "bomber": 0.9},
        damage=_Curve(w80),
        name=actor,
    )


# A small missile force each: a silo component and a partly survivable mobile one, sizes drawn.
forces = st.tuples(
    st.integers(1, 8),  # silo launchers
    st.integers(1, 3),  # warheads per silo launcher
    st.integers(0, 6),  # mobile launchers
    st.sampled_from([0.0, 0.3, 0.7]),  # mobile survivable fraction
)


def _pair(fa: tuple[int, int, int, float], fb: tuple[int, int, int, float],
          layers_a: tuple[Layer, ...] = ()) -> tuple[x.Side, x.Side]:  # fmt: skip
    def build(me: str, other: str, f: tuple[int, int, int, float]) -> list[ForceComponent]:
        out = [_force(f"{me}-silo", me, f[0], f[1], 0.0, "silo", (other,))]
        if f[2]:
            out.append(_force(f"{me}-mob", me, f[2], 1, f[3], "road-mobile", (other,)))
        return out

    return _side("A", build("A", "B", fa), layers_a), _side("B", build("B", "A", fb))


def _costs(d: s.DyadStability) -> list[float]:
    return [d.c1_a, d.c2_a, d.c1_b, d.c2_b]


@settings(max_examples=15, deadline=None)
@given(fa=forces, fb=forces, which=st.sampled_from(["no interceptors", "sspk 0", "never works"]),
       shots=st.integers(1, 3))  # fmt: skip
def test_a_defense_that_cannot_kill_is_mad(fa, fb, which, shots):
    """No defense -> MAD [kent1989; glaser2001]: a layer covering A that kills nothing (no
    interceptors, SSPK 0, or reliability 0) gives exactly the costs and index of no layer."""
    kw = {"interceptors": 50, "sspk": 0.8, "reliability": 1.0}
    kw.update(
        {
            "no interceptors": {"interceptors": 0},
            "sspk 0": {"sspk": 0.0},
            "never works": {"reliability": 0.0},
        }[which]
    )
    dead = Layer(shots=shots, covers=["A"], **kw)
    mad = s.dyad(*_pair(fa, fb))
    defended = s.dyad(*_pair(fa, fb, (dead,)))
    assert _costs(defended) == pytest.approx(_costs(mad), abs=1e-12)
    assert defended.fss == pytest.approx(mad.fss, abs=1e-12)
    # each side can reach the other, so MAD's index is defined and in (0, 1]
    assert mad.fss is not None and 0.0 < mad.fss <= 1.0


@settings(max_examples=15, deadline=None)
@given(fa=forces, fb=forces, shots=st.integers(1, 3), decoys=st.integers(0, 2))
def test_a_perfect_defense_lets_nothing_through(fa, fb, shots, decoys):
    """Perfect defense [glaser2001]: SSPK 1, reliable, every decoy recognised, interceptors for
    every RV B can launch: no warhead of B arrives on A whoever strikes first, so A's own damage
    is 0 in both exchanges, and A's first strike costs it no more than the surcharge of an
    incomplete strike on B: striking first costs it no more than without the defense."""
    wall = Layer(
        interceptors=shots * (fb[0] * fb[1] + fb[2]) * (1 + decoys),
        sspk=1.0,
        shots=shots,
        discrimination=1.0,
        covers=["A"],
    )
    a, b = _pair(fa, fb, (wall,))
    d = s.dyad(a, b)
    assert d.a_first.at_striker[0] == pytest.approx(1.0, abs=1e-12)  # B's retaliation: nothing
    assert d.b_first.at_victim[0] == pytest.approx(1.0, abs=1e-12)  # B's first strike: nothing
    assert d.a_first.striker_damage == pytest.approx(0.0, abs=1e-12)
    assert d.b_first.victim_damage == pytest.approx(0.0, abs=1e-12)
    mad = s.dyad(*_pair(fa, fb))
    assert d.c1_a <= mad.c1_a + 1e-12
    # the RV-level statement, decoys included: nothing leaks
    res = layered_engagement(fb[0] * fb[1], [wall], decoys_per_rv=decoys)
    assert res.p_no_leak == pytest.approx(1.0, abs=1e-12) and res.expected_leakers < 1e-12


layer_params = st.tuples(
    st.integers(0, 30),  # interceptors
    probs,  # sspk
    st.integers(1, 4),  # shots
    probs,  # reliability (per raid)
    st.sampled_from(["ICBM", "IRBM"]),  # engages
)


@settings(max_examples=40, deadline=None)
@given(
    rvs=st.integers(0, 25),
    decoys=st.integers(0, 2),
    disc=probs,
    params=st.lists(layer_params, min_size=1, max_size=3),
)
# found by a random draw in CI (2026-12-01): 23 objects, one interceptor each, SSPK 4e-15; the
# survivors' binomial was summed from (1 - p)^23, which underflows, and the state was lost
@example(rvs=8, decoys=2, disc=0.5, params=[(23, 4e-15, 1, 1.0, "ICBM"), (0, 0.0, 1, 0.0, "ICBM")])
def test_a_defense_saves_at_most_its_interceptors_times_sspk(rvs, decoys, disc, params):
    """Leakage is bounded by the inventory [wilkening1999]: each interceptor
    kills at most one RV, with probability SSPK when its layer works (reliability per raid), so
    the expected RVs stopped by all layers are at most ``sum(n_i x k_i x rho_i)`` over the
    layers that can engage the RVs' class; and a defense never adds arrivals."""
    layers = [
        Layer(
            interceptors=n, sspk=k, shots=sh, reliability=rho, discrimination=disc, engages=(cls,)
        )  # fmt: skip
        for n, k, sh, rho, cls in params
    ]
    res = arrivals([RVGroup.fixed(rvs, "ICBM", decoys)], layers)
    stopped = rvs - res.expected_leakers
    bound = sum(n * k * rho for n, k, _, rho, cls in params if cls == "ICBM")
    assert -1e-9 <= stopped <= bound + 1e-9
    if bound == 0:  # nothing can engage or kill: every RV arrives (MAD)
        assert res.leaker_pmf[rvs] == pytest.approx(1.0, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    rvs=st.integers(0, 30),
    extra=st.integers(1, 10),
    inv=st.integers(0, 25),
    k=probs,
    shots=st.integers(1, 4),
    rho=probs,
    m=st.integers(1, 12),
)
def test_offense_growth_saturates_a_finite_defense(rvs, extra, inv, k, shots, rho, m):
    """Large offense growth [wilkening1999; glaser2001]: more RVs never lower P(at least m
    arrive) against the same layer, and with more RVs than interceptors at least
    ``RVs - interceptors`` of them are never engaged and arrive surely."""
    layer = Layer(interceptors=inv, sspk=k, shots=shots, reliability=rho)
    small = layered_engagement(rvs, [layer])
    large = layered_engagement(rvs + extra, [layer])
    assert large.p_at_least(m) >= small.p_at_least(m) - 1e-12
    assert large.expected_leakers >= small.expected_leakers - 1e-12
    floor = max(rvs + extra - inv, 0)
    assert large.p_at_least(floor) == pytest.approx(1.0, abs=1e-12)
    assert large.expected_leakers >= floor - 1e-9


def test_bands_keep_the_orders_of_the_measures():
    """Quantiles are monotone maps of the draws: p05 <= p50 <= p95 for every measure; a band on
    P(at least m arrive) does not rise with m (P(>= m) >= P(>= m') in each draw for m < m');
    a reaction-curve band does not fall with the defender's interceptors (each draw's curve is
    nondecreasing, tests/test_reaction.py). The toy: five surviving missiles against one
    interceptor each with SSPK ~ Beta(9, 1) (as in tests/test_bands.py)."""
    from _support import one_layer_scenario
    from anpo.deterrence.bands import bands
    from anpo.scenario import parse_scenario_text

    extra = """
[[uncertainties]]
name = "sspk"
target = "defenses[gbi].layers[0].sspk"
distribution = { kind = "beta", alpha = 9, beta = 1 }
basis = "test: mean 0.9"
"""
    text = one_layer_scenario(5, 0.9, defense_id="gbi", label="toy", extra=extra)
    scen = parse_scenario_text(text, "toy.toml")
    frame = bands(scen, draws=24, seed=5, reaction=True)
    q = frame[["p05", "p50", "p95"]].to_numpy(float)
    ok = ~np.isnan(q).any(axis=1)
    assert ok.any()
    assert np.all(np.diff(q[ok], axis=1) >= -1e-12)
    for (_, measure, _), grp in frame.groupby(["variant", "measure", "where"]):
        if measure not in ("p_arrive", "launchers_needed"):
            continue
        grp = grp.sort_values("x")
        vals = grp[["p05", "p50", "p95"]].to_numpy(float)
        steps = np.diff(vals, axis=0)
        if measure == "p_arrive":
            assert len(grp) >= 2 and np.all(steps <= 1e-12), grp
        else:
            assert len(grp) >= 2 and np.all(steps >= -1e-12), grp


@settings(max_examples=25, deadline=None)
@given(
    k=st.floats(0.05, 0.8),  # leakage (1 - k)^shots >= 0.04: the closed form's N stays small
    shots=st.integers(1, 2),
    m=st.integers(1, 3),
    q=st.floats(0.5, 0.99),
    inv=st.integers(0, 60),
)
def test_reaction_curve_in_its_limits(k, shots, m, q, inv):
    """The rival's reaction in the three limits [wilkening1999; glaser2001], for single-warhead
    launchers that all survive the first strike:

    - no interceptors (MAD): m launchers, every warhead arrives;
    - a perfect defense (SSPK 1) of I interceptors: it kills every RV it can engage, so only
      saturation works: I + m launchers (with more RVs than interceptors, the extra ones are
      never engaged);
    - an inventory too large to run short: the curve no longer depends on it and is the
      smallest N with P(at least m of N arrive) >= q, each RV leaking with (1 - k)^shots
      (binomial; the defense's salvo doctrine, not its size, sets the price)."""
    from scipy import stats as sst

    from anpo.deterrence.reaction import Growth, reaction_curve

    growth = Growth(warheads_per_launcher=1, survivable_fraction=1.0)

    def needed(layer: Layer, grid: list[int]) -> list[int]:
        return [int(v) for v in reaction_curve([layer], growth, m, q, interceptors=grid)]

    assert needed(Layer(interceptors=0, sspk=k, shots=shots), [0]) == [m]
    assert needed(Layer(interceptors=inv, sspk=1.0, shots=shots), [inv]) == [inv + m]
    leak = (1.0 - k) ** shots
    n = m
    while sst.binom.sf(m - 1, n, leak) < q:
        n += 1
    big = shots * (n + 10)
    assert needed(Layer(interceptors=big, sspk=k, shots=shots), [big, 10 * big]) == [n, n]


@settings(max_examples=15, deadline=None)
@given(fa=forces, fb=forces, inv=st.integers(0, 20), k=probs, shots=st.integers(1, 3))
def test_a_defense_saves_the_striker_at_most_its_inventory_in_the_exchange(fa, fb, inv, k, shots):
    """The exchange-level form of the inventory bound [wilkening1999; glaser2001]: with the
    same counterforce plan, a defense of A lowers the victim's expected retaliation on A by at
    least 0 and at most ``interceptors x SSPK``, so against a growing offense its effect on
    the retaliation stays bounded while the retaliation grows (the defense is overwhelmed and
    the exchange tends to MAD's)."""
    layer = Layer(interceptors=inv, sspk=k, shots=shots, covers=["A"])
    a_open, b = _pair(fa, fb)
    a_def, _ = _pair(fa, fb, (layer,))
    open_strike = x.first_strike(a_open, b)
    plan = open_strike.allocation
    defended = x.first_strike(a_def, b, allocation=plan)
    assert defended.allocation == plan  # the same strike, so the same survivors
    assert np.allclose(defended.survivors, open_strike.survivors, atol=1e-12)
    saved = open_strike.expected_retaliation - defended.expected_retaliation
    assert -1e-9 <= saved <= inv * k + 1e-9
    assert defended.striker_damage <= open_strike.striker_damage + 1e-12


@pytest.mark.parametrize("sspk", [4e-15, 1e-20, 1e-300])
@pytest.mark.parametrize("objects", [1, 12, 23, 24])
def test_a_near_zero_sspk_loses_no_mass(sspk: float, objects: int) -> None:
    """The compiled engine against the reference engine (independent code) when a layer's kill
    probability is so small that ``(1 - p)^t`` of the survivors' binomial underflows: every
    object survives, nothing is lost (the compiled engine lost the state of 23 objects with one
    interceptor each: its leaker pmf summed to 1 - 2^-12 behind a second layer)."""
    layers = [
        Layer(
            interceptors=objects,
            sspk=sspk,
            shots=1,
            reliability=1.0,
            discrimination=0.5,
            engages=("ICBM",),
        ),
        Layer(
            interceptors=0,
            sspk=0.0,
            shots=1,
            reliability=0.0,
            discrimination=0.5,
            engages=("ICBM",),
        ),
    ]
    group = [RVGroup.fixed(8, "ICBM", 2)]
    fast = arrivals(group, layers)
    ref = arrivals(group, layers, engine="reference")
    assert fast.leaker_pmf.sum() == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(fast.leaker_pmf, ref.leaker_pmf, atol=1e-12)


def test_an_engagement_too_large_for_its_leaker_pmf_is_refused_in_words() -> None:
    """``engagement(rvs=10**12)`` ended in a MemoryError (a pmf of 10**12 points); the salvo and
    inventory engagements now refuse more than ``MAX_PMF_POINTS`` points with an
    :class:`InputError` naming ``rvs``, and an arsenal the size of the largest ever fielded
    (about 70,000 warheads) is still computed."""
    from anpo.deterrence.defense import MAX_PMF_POINTS, engagement, inventory_engagement
    from anpo.errors import InputError

    for call in (lambda: engagement(10**12, 0.5, 2), lambda: inventory_engagement(10**12, 10, 0.5)):
        with pytest.raises(InputError) as err:
            call()
        assert err.value.field == "rvs" and "too large" in str(err.value)
    with pytest.raises(InputError, match="cases"):  # many cases together count too
        engagement(np.full(1000, MAX_PMF_POINTS // 500), 0.5, 1)
    res = engagement(70_000, 0.9, 1)
    assert res.leaker_pmf.shape == (70_001,) and abs(res.leaker_pmf.sum() - 1.0) < 1e-9
