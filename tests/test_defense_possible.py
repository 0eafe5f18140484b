"""Exact possibility of leaker counts through several layers (EngagementResult.possible_tails and
possible_count for :func:`anpo.deterrence.defense.arrivals` and ``layered_engagement``).

Model: [wilkening1999] (finite inventories spread evenly, salvo or shoot-look-shoot with perfect
kill assessment, per-raid or per-RV reliability), decoys after [sessler2000], as
:mod:`anpo.deterrence._engine` states it. The brute force below is written from those rules
object by object (each engaged object dies or survives as its shots and tracking allow, the
killed objects any mix of RVs and decoys), independently of the library's boolean pass.
"""

from __future__ import annotations

import itertools
import math
import random

import numpy as np
import pytest

from anpo.deterrence.defense import Layer, RVGroup, arrivals, layered_engagement
from anpo.deterrence.logprob import shown_value

CLASSES = ("ICBM", "IRBM", "MRBM", "SRBM")


def _counting(fn, calls: list[int]):
    """``fn`` that appends 1 to ``calls`` at every call (to count how often a step runs)."""

    def wrapped(*args, **kwargs):
        calls.append(1)
        return fn(*args, **kwargs)

    return wrapped


# ----------------------------------------------------------------------------- brute force


def _object_kills(
    shot_counts: list[int], k: float, can_track: bool, can_miss_track: bool
) -> set[int]:
    """Possible numbers killed among objects with these shot counts: one with a shot dies
    when it can be tracked and the SSPK is above 0, survives when it has no shot, the SSPK is
    below 1 or it can go untracked."""
    out = {0}
    for n in shot_counts:
        die = n >= 1 and k > 0.0 and can_track
        live = n == 0 or k < 1.0 or can_miss_track
        step = set()
        for c in out:
            if die:
                step.add(c + 1)
            if live:
                step.add(c)
        out = step
    return out


def _spread(t: int, budget: int) -> list[int]:
    q, r = divmod(budget, t)
    return [q + 1] * r + [q] * (t - r)


def _kills(t: int, ly: Layer) -> set[int]:
    """Possible kills among ``t`` engaged objects by a working layer ``ly`` [wilkening1999]."""
    if t == 0:
        return {0}
    rho = 1.0 if ly.reliability_mode == "raid" else ly.reliability
    budget = min(ly.interceptors, ly.shots * t)
    first = _object_kills(_spread(t, budget), ly.sspk, rho > 0.0, rho < 1.0)
    remaining = ly.interceptors - budget
    if ly.second <= 0 or remaining <= 0:
        return first
    out = set()
    for c1 in first:
        s = t - c1
        if s == 0:
            out.add(c1)
            continue
        # a survivor is tracked and missed (rho > 0, SSPK < 1) or untracked (rho < 1)
        tracked = rho > 0.0 and ly.sspk < 1.0
        untracked = rho < 1.0
        shots2 = _spread(s, min(remaining, ly.second * s))
        for c2 in _object_kills(shots2, ly.sspk, tracked, untracked):
            out.add(c1 + c2)
    return out


def _counts(n: int, p: float) -> range:
    return range(0, 1) if p <= 0.0 else range(n, n + 1) if p >= 1.0 else range(n + 1)


def brute_support(groups: list[tuple[list[int], str | None, int]], layers: list[Layer]) -> set[int]:
    """Possible totals of RVs getting through: ``groups`` are (possible RV counts, class,
    decoys per RV); every state of every group tracked jointly, every choice enumerated."""
    order = [ly for ly in layers if not ly.endo_atmospheric] + [
        ly for ly in layers if ly.endo_atmospheric
    ]
    cm: dict[str, float] = {}
    for ly in order:
        if ly.common_mode is not None:
            cm[ly.common_mode] = ly.common_mode_reliability
    names = sorted(cm)
    start = {
        tuple(x for m, g in zip(combo, groups, strict=True) for x in (m, m * g[2]))
        for combo in itertools.product(*[g[0] for g in groups])
    }
    result: set[int] = set()
    for state in itertools.product((True, False), repeat=len(names)):
        if any((cm[n] <= 0.0) if s else (cm[n] >= 1.0) for n, s in zip(names, state, strict=True)):
            continue
        works = dict(zip(names, state, strict=True))
        states = set(start)
        for ly in order:
            if ly.common_mode is not None and not works[ly.common_mode]:
                continue
            engaged = [i for i, g in enumerate(groups) if g[1] is None or g[1] in ly.engages]
            if not engaged:
                continue
            sees = not ly.endo_atmospheric and ly.discrimination < 1.0
            f = ly.fraction_for(None)
            new = set()
            for st in states:
                if ly.reliability_mode == "raid" and ly.reliability < 1.0:
                    new.add(st)  # the layer fails
                if ly.reliability_mode == "raid" and ly.reliability <= 0.0:
                    continue
                per_group = []
                for i in engaged:
                    m, kd = st[2 * i], st[2 * i + 1]
                    us = (
                        [u for b in _counts(kd, f) for u in _counts(b, 1.0 - ly.discrimination)]
                        if sees
                        else [0]
                    )
                    per_group.append([(a, u) for a in _counts(m, f) for u in set(us)])
                for eng in itertools.product(*per_group):
                    t = sum(a + u for a, u in eng)
                    caps = [x for a, u in eng for x in (a, u)]
                    for c in _kills(t, ly):
                        for split in itertools.product(*[range(x + 1) for x in caps]):
                            if sum(split) != c:
                                continue
                            out = list(st)
                            for j, i in enumerate(engaged):
                                out[2 * i] -= split[2 * j]
                                out[2 * i + 1] -= split[2 * j + 1]
                            new.add(tuple(out))
            states = new
        result |= {sum(st[0::2]) for st in states}
    return result


def _support_of(res) -> set[int]:
    n = len(res.leaker_pmf)
    return {j for j in range(n) if res.possible_count(j)[0]}


# ----------------------------------------------------------------------------- random cases
_PROB = (0.0, 0.35, 0.7, 1.0)


def _random_layer(rng: random.Random, i: int) -> Layer:
    sls = rng.random() < 0.35
    common = rng.random() < 0.25
    return Layer(
        name=f"L{i}",
        interceptors=rng.randint(0, 10),
        sspk=rng.choice(_PROB),
        shots=rng.randint(1, 2),
        doctrine="shoot-look-shoot" if sls else "salvo",
        second_shots=rng.randint(1, 2) if sls else 0,
        reliability=rng.choice((1.0, 1.0, 0.8, 0.0)),
        reliability_mode=rng.choice(("raid", "rv")),
        discrimination=rng.choice(_PROB),
        endo_atmospheric=rng.random() < 0.3,
        protected_fraction=rng.choice((1.0, 1.0, 0.5, 0.0)),
        common_mode="c2" if common else None,
        common_mode_reliability=rng.choice((0.9, 1.0, 0.0)) if common else 1.0,
        engages=tuple(sorted(rng.sample(CLASSES, rng.randint(1, 4)))),
    )


def _random_case(seed: int, n_groups: int = 1):
    rng = random.Random(seed)
    layers = [_random_layer(rng, i) for i in range(rng.randint(1, 3))]
    # the common-mode group's layers must share one reliability
    cm = [ly for ly in layers if ly.common_mode]
    if cm:
        r = cm[0].common_mode_reliability
        layers = [
            ly.model_copy(update={"common_mode_reliability": r}) if ly.common_mode else ly
            for ly in layers
        ]
    groups = []
    for _ in range(n_groups):
        n = rng.randint(1, 6 if n_groups == 1 else 3)
        pmf = np.zeros(n + 1)
        if rng.random() < 0.5:
            pmf[n] = 1.0
        else:
            pmf[[0, n]] = 0.5
        groups.append(RVGroup(pmf, rng.choice((None, *CLASSES)), rng.randint(0, 2)))
    return groups, layers


def _pmf_is_safe(pmf: np.ndarray) -> bool:
    """No float of a possible count can have underflowed: every positive entry is far above
    the engine's pruning (1e-16 per state)."""
    pos = pmf[pmf > 0.0]
    return pos.size == 0 or float(pos.min()) > 1e-9


@pytest.mark.parametrize("seed", range(160))
def test_support_equals_brute_force_and_float_support(seed: int) -> None:
    """For small random configurations (1-6 RVs, 0-2 decoys, 1-3 layers with inventories,
    shots, SSPK, discrimination and footprints in {0, between, 1}, reliability per raid or
    per RV, shoot-look-shoot, a common-mode group, classes), the possible counts equal an
    independent enumeration of the model [wilkening1999; sessler2000], contain every count
    the float engine gives a positive probability, and equal those counts when no float can
    have underflowed. On main's code possible_count said None (not known) for these."""
    groups, layers = _random_case(seed)
    g = groups[0]
    res = arrivals(groups, layers)
    got = _support_of(res)
    counts = [int(x) for x in np.nonzero(g.pmf)[0]]
    assert got == brute_support([(counts, g.missile_class, g.decoys_per_rv)], layers)
    floats = {j for j, p in enumerate(res.leaker_pmf) if p > 0.0}
    assert floats <= got
    if _pmf_is_safe(res.leaker_pmf):
        assert got == floats


@pytest.mark.parametrize("seed", range(60))
def test_support_of_several_groups(seed: int) -> None:
    """Two or three groups of different classes and decoys (independent blocks, or blocks
    sharing layers, tracked jointly): the possible totals equal the brute force's."""
    groups, layers = _random_case(1000 + seed, n_groups=2 + seed % 2)
    res = arrivals(groups, layers)
    spec = [
        ([int(x) for x in np.nonzero(g.pmf)[0]], g.missile_class, g.decoys_per_rv) for g in groups
    ]
    assert _support_of(res) == brute_support(spec, layers)
    assert {j for j, p in enumerate(res.leaker_pmf) if p > 0.0} <= _support_of(res)


def test_monte_carlo_draws_are_possible() -> None:
    """A simulation of the model [wilkening1999] (two layers, footprint, decoys, per-RV
    tracking, shoot-look-shoot) only draws counts the support says are possible, and draws
    every one of them in 20,000 raids (the instance is small: every count has probability
    above 1e-3)."""
    upper = Layer(
        interceptors=6, sspk=0.6, shots=1, doctrine="shoot-look-shoot", second_shots=1,
        reliability=0.8, reliability_mode="rv", discrimination=0.5,
    )  # fmt: skip
    endo = Layer(interceptors=3, sspk=0.7, endo_atmospheric=True, protected_fraction=0.5)
    res = layered_engagement(4, [upper, endo], decoys_per_rv=1)
    support = _support_of(res)
    rng = np.random.default_rng(2026)
    seen = set()
    for _ in range(20_000):
        rvs = [True] * 4 + [False] * 4  # objects: RV or decoy
        # upper layer: engaged = RVs + unrecognised decoys; 6 interceptors, 1 shot each first
        engaged = [i for i, rv in enumerate(rvs) if rv or rng.random() >= 0.5]
        tracked = {i: rng.random() < 0.8 for i in engaged}
        alive = set(range(8))
        t = len(engaged)
        budget = min(6, t)
        order = list(rng.permutation(engaged))
        shot = order[:budget]
        survivors = []
        for i in engaged:
            if i in shot and tracked[i] and rng.random() < 0.6:
                alive.discard(i)
            else:
                survivors.append(i)
        left = 6 - budget
        if left > 0 and survivors:
            for i in list(rng.permutation(survivors))[:left]:
                if tracked[i] and rng.random() < 0.6:
                    alive.discard(i)
        # endo: decoys stripped; each RV inside the footprint with 0.5
        rv_alive = [i for i in alive if rvs[i]]
        inside = [i for i in rv_alive if rng.random() < 0.5]
        shot2 = list(rng.permutation(inside))[:3]
        leak = len(rv_alive) - sum(1 for _ in shot2 if rng.random() < 0.7)
        seen.add(leak)
    assert seen <= support
    assert seen == support


# ----------------------------------------------------------------------------- degenerate
def test_certain_kill_and_certain_leak() -> None:
    """SSPK 1 with an interceptor for every shot: no RV can leak (P(no leaker) prints as
    certain, P(1 or more) as impossible); SSPK 0: every RV leaks, certainly. [wilkening1999]"""
    sure = [
        Layer(interceptors=20, sspk=1.0),
        Layer(interceptors=5, sspk=1.0, endo_atmospheric=True),
    ]
    res = layered_engagement(10, sure)
    assert res.possible_tails(1) == (False, True)
    assert res.possible_count(0) == (True, False)
    never = [
        Layer(interceptors=20, sspk=0.0),
        Layer(interceptors=5, sspk=0.0, protected_fraction=0.5),
    ]
    res = layered_engagement(10, never)
    assert res.possible_tails(10) == (True, False)
    assert res.possible_count(10) == (True, False)


# ----------------------------------------------------------------------------- underflow
def _two_layers() -> list[Layer]:
    # an upper layer with shoot-look-shoot and per-RV tracking, then an endo-atmospheric one
    upper = Layer(
        name="upper", interceptors=40, sspk=0.85, shots=2, doctrine="shoot-look-shoot",
        second_shots=2, reliability=0.99, reliability_mode="rv",
    )  # fmt: skip
    endo = Layer(
        name="endo", interceptors=40, sspk=0.9, shots=2, endo_atmospheric=True,
        reliability=0.99, reliability_mode="rv",
    )  # fmt: skip
    return [upper, endo]


def test_possible_event_with_float_zero_is_not_shown_as_zero() -> None:
    """Ten RVs through two layers [wilkening1999]: every one can leak (untracked, 0.01 per
    layer, or missed), but P(10 leak) = (0.0105 x 0.0199)**10, about 2e-37, is a float 0.0
    after the engine's pruning. possible_tails says possible, so the text is the bound, not 0; on
    main's code it said (None, None) and the text was "0%"."""
    res = layered_engagement(10, _two_layers())
    assert float(res.p_at_least(10)) == 0.0
    assert res.possible_tails(10) == (True, True)
    can = res.possible_tails(10)
    assert shown_value(0.0, math.nan, possible=can[0], rest_possible=can[1]) > 0.0


def test_web_engagement_text_of_an_underflowed_tail() -> None:
    """The web's what-if engagement prints P(>= 10 leak) of the two layers as "< 0.1%", not
    "0%" (main's code printed "0%")."""
    from anpo.web.api_deterrence import EngagementRequest, WhatIfLayer, engagement

    layers = [WhatIfLayer(**ly.model_dump()) for ly in _two_layers()]
    req = EngagementRequest(rvs=10, layers=layers, m=[10])
    out = engagement(req)
    assert out.p_at_least[0].p == 0.0
    assert out.p_at_least[0].text == "< 0.1%"
    assert out.leaker_pmf_text[10] == "< 0.1%"


def test_float_one_of_an_uncertain_event_is_not_certain() -> None:
    """P(at least 1 leak) through a leaky layer and a thin second layer rounds to 1.0 (P(no
    leaker) = 0.5**60-ish per RV set is below 1e-16 of 1) but no leaker is still possible: the
    complement is possible, so it is not shown as 100%."""
    layers = [
        Layer(interceptors=60, sspk=0.05, shots=1),
        Layer(interceptors=60, sspk=0.05, shots=1, endo_atmospheric=True),
    ]
    res = layered_engagement(60, layers)
    assert float(res.p_at_least(1)) == 1.0
    up, low = res.possible_tails(1)
    assert (up, low) == (True, True)
    assert shown_value(1.0, math.nan, math.nan, possible=up, rest_possible=low) < 1.0
    # the web's texts: "> 99.9%" and "< 0.1%" (main's code printed "100%" and "0%")
    from anpo.web.api_deterrence import EngagementRequest, WhatIfLayer, engagement

    web = [WhatIfLayer(**ly.model_dump()) for ly in layers]
    out = engagement(EngagementRequest(rvs=60, layers=web, m=[1]))
    assert out.p_at_least[0].text == "> 99.9%"
    assert out.p_no_leak_text == "< 0.1%"


# ----------------------------------------------------------------------------- engine tidy-ups
def test_layered_engagement_builds_the_layer_arrays_once() -> None:
    """layered_engagement reads the layers' arrays it built for the engagement when it looks
    for the one-layer log space (main's code built them a second time)."""
    from unittest import mock

    from anpo.deterrence import defense

    sls = Layer(interceptors=25, sspk=0.9, doctrine="shoot-look-shoot", second_shots=2)
    with mock.patch.object(defense, "layer_arrays", wraps=defense.layer_arrays) as spy:
        res = layered_engagement(10, [sls])
    assert spy.call_count == 1
    # the one layer without a closed form keeps its log pmf [wilkening1999]: all ten leak
    # with 0.1**10 * 0.1**15 (test_defense_underflow has the enumeration)
    assert res.log10_p_at_least(10)[0] == pytest.approx(-25.0, abs=1e-9)


def test_one_layer_row_is_one_record() -> None:
    """LayerArrays.row gives a layer's numbers as the one record the one-layer log pmf and
    support take (main's code passed eight arguments twice)."""
    from anpo.deterrence import logprob
    from anpo.deterrence.defense import layer_arrays

    ly = Layer(
        interceptors=6, sspk=1.0, doctrine="shoot-look-shoot", second_shots=2, reliability=0.5,
        discrimination=0.25, reliability_mode="rv",
    )  # fmt: skip
    row = layer_arrays([ly]).row(0)
    assert row == logprob.OneLayer(0.25, 6, 1, 2, 1.0, 0.5, False)
    # per RV at SSPK 1: each tracked object dies, an untracked one leaks [wilkening1999]
    assert logprob.layer_support(4, 0, row) == ((0, 4),)


def test_salvo_logs_are_made_on_first_use() -> None:
    """engagement() makes its log-space terms only when a log-space value is asked for (main's
    code made them in every call, 4% of it), and they are the salvo's [wilkening1999, eqs.
    1-4]: the same tails as the terms made eagerly."""
    from unittest import mock

    from anpo.deterrence import logprob
    from anpo.deterrence.defense import engagement

    with mock.patch.object(logprob, "log_salvo_kill", wraps=logprob.log_salvo_kill) as spy:
        res = engagement(10, 0.5, 4, 0.9)
        assert spy.call_count == 0
        assert res.log_leakers is not None
        got = res.log_leakers.log_tails(3)
        assert spy.call_count == 1
    eager = logprob.LogLeakers(
        logprob.salvo_terms(10, logprob.log_salvo_kill(0.5, 4), 0.9, "raid"), 10
    )
    assert got == eager.log_tails(3)
    assert math.exp(got[0]) == pytest.approx(float(res.p_at_least(3)), rel=1e-12)


def test_the_joint_pass_budget_is_one_per_call(monkeypatch) -> None:
    """review23: the plain-Python pass over blocks sharing layers restarted its work count for
    every common-mode pattern, so one call could do ``MAX_JOINT_WORK`` steps once per pattern
    (16 s on a loaded machine) and then say "not known". The count is now one per call,
    starting states included: with a cap one step below what the call needs it answers None,
    with exactly that cap the support, though each pattern alone needs less."""
    from anpo.deterrence import _possible
    from anpo.deterrence.defense import _checked_groups, layer_arrays

    both = ("ICBM", "IRBM")
    layers = [
        Layer(name="shared", interceptors=6, sspk=0.6, engages=both),
        Layer(name="icbm only", interceptors=4, sspk=0.6, engages=("ICBM",)),
        Layer(
            name="common",
            interceptors=5,
            sspk=0.6,
            engages=both,
            common_mode="c",
            common_mode_reliability=0.7,
        ),
    ]
    groups = _checked_groups([RVGroup.fixed(3, "ICBM", 1), RVGroup.fixed(3, "IRBM", 2)])
    arrays = layer_arrays(layers)
    taken: list[int] = []
    calls: list[int] = []

    class Counted(_possible._Budget):
        def take(self, n: int) -> None:
            taken.append(n)
            super().take(n)

    monkeypatch.setattr(_possible, "_Budget", Counted)
    monkeypatch.setattr(_possible, "_joint_support", _counting(_possible._joint_support, calls))
    full = _possible.arrivals_support(groups, arrays)
    need = sum(taken)
    assert full is not None and len(calls) == 2  # both patterns take the joint pass
    # two takes a pattern (starting states, split steps): each pattern alone fits the cap
    # below, as the old count per pattern did
    assert len(taken) == 4 and max(taken[0] + taken[1], taken[2] + taken[3]) < need - 1
    monkeypatch.setattr(_possible, "MAX_JOINT_WORK", need - 1)
    assert _possible.arrivals_support(groups, arrays) is None
    monkeypatch.setattr(_possible, "MAX_JOINT_WORK", need)
    assert _possible.arrivals_support(groups, arrays) == full
    assert full == arrivals(groups, layers).known_support


# ----------------------------------------------------------------------- one layer, two codes
def _random_one_layer(rng: random.Random) -> tuple[int, int, Layer]:
    """RVs 1-40, decoys 0-3 per RV, one layer of the kind ``layered_engagement`` has no closed
    form for or has one: inventory short of or above every shot of its doctrine, shots 1-3,
    second shots 0-2, SSPK, reliability and discrimination in {0, between, 1}, per raid or per
    RV, seeing decoys or inside the atmosphere."""
    rvs, dpr = rng.randint(1, 40), rng.randint(0, 3)
    shots, second = rng.randint(1, 3), rng.randint(0, 2)
    need = rvs * (shots + second)
    inventory = rng.choice(
        (rng.randint(0, max(0, need - 1)), rng.randint(need, need + 2 * rvs), rng.randint(0, 3))
    )

    def p() -> float:
        return rng.choice((0.0, 1.0, round(rng.uniform(0.01, 0.99), 3)))

    layer = Layer(
        interceptors=inventory,
        sspk=p(),
        shots=shots,
        doctrine="shoot-look-shoot" if second else "salvo",
        second_shots=second,
        reliability=p(),
        reliability_mode=rng.choice(("raid", "rv")),
        discrimination=p(),
        endo_atmospheric=rng.random() < 0.25,
    )
    return rvs, dpr, layer


@pytest.mark.parametrize("seed", range(40))
def test_one_layer_support_has_one_answer(seed: int) -> None:
    """The two codes that decide which leaker counts of one layer are possible agree: the
    closed statement of :func:`anpo.deterrence.logprob.layer_support` (an object with a shot
    can die when SSPK and tracking are above 0 and survive when either is below 1; one without
    survives; the killed RVs any count of a uniformly random subset) and the boolean pass of
    the engine's propagation, :func:`anpo.deterrence._possible.arrivals_support`
    [wilkening1999, finite inventories and shoot-look-shoot; decoys after sessler2000], as
    the same possible counts (layer_support may list a count in two ranges)."""
    from anpo.deterrence import _possible, logprob
    from anpo.deterrence.defense import layer_arrays

    rng = random.Random(seed)
    for _ in range(25):
        rvs, dpr, layer = _random_one_layer(rng)
        arrays = layer_arrays([layer])
        decoys = rvs * dpr if layer.sees_decoys else 0
        closed = logprob.layer_support(rvs, decoys, arrays.row(0))
        general = _possible.arrivals_support([RVGroup.fixed(rvs, None, dpr)], arrays)
        assert general is not None, (rvs, dpr, layer)
        as_set = {j for lo, hi in closed for j in range(lo, hi + 1)}
        assert as_set == {j for lo, hi in general for j in range(lo, hi + 1)}, (rvs, dpr, layer)
        # and what layered_engagement's readers see is that support, count by count (a
        # closed form's logarithms say it: -inf exactly for an impossible count)
        res = layered_engagement(rvs, [layer], decoys_per_rv=dpr)
        if res.possible_count(0) == (None, None):
            assert res.log_leakers is not None
            seen = {int(j) for j in np.nonzero(np.isfinite(res.log_leakers.log_pmf()))[0]}
        else:
            seen = _support_of(res)
        assert seen == as_set, (rvs, dpr, layer)
        assert [res.possible_tails(m) for m in (1, rvs // 2, rvs)] == [
            (max(as_set) >= m, min(as_set) < m) for m in (1, rvs // 2, rvs)
        ]


def test_one_layer_possibility_is_decided_once_on_first_use(monkeypatch) -> None:
    """layered_engagement of one layer without a closed form (decoys it engages) decides its
    possible counts by the one mechanism, the result's support_maker
    (:func:`anpo.deterrence._possible.arrivals_support`), when first asked and once; main's
    code also called logprob.layer_support eagerly in every call. The answer is the model's
    [wilkening1999; decoys after sessler2000]: 6 interceptors, one shot each at SSPK 1, on 4
    RVs and up to 8 unrecognised decoys kill 6 objects, so 0 to 4 RVs get through."""
    from anpo.deterrence import _possible, logprob

    def refuse(*args, **kwargs):
        raise AssertionError("layer_support is not the engagement's mechanism")

    calls: list[int] = []
    monkeypatch.setattr(logprob, "layer_support", refuse)
    monkeypatch.setattr(_possible, "arrivals_support", _counting(_possible.arrivals_support, calls))
    layer = Layer(interceptors=6, sspk=1.0, discrimination=0.5)
    res = layered_engagement(4, [layer], decoys_per_rv=2)
    assert calls == []
    assert res.support_first and res.leaker_support == ((0, 4),)
    assert res.possible_tails(4) == (True, True) and res.possible_count(2) == (True, True)
    assert res.known_support == ((0, 4),) and len(calls) == 1


@pytest.mark.parametrize("seed", range(30))
def test_last_layer_marginal_equals_the_grid_step(seed: int) -> None:
    """The RV counts a block's last layer can leave, computed from the reachable states
    directly (_possible.last_layer_rvs), equal the RV marginal of the full (RVs, decoys) step
    (_possible.layer_step) for random reachable sets, engagement shares and kill ranges
    [wilkening1999, the engine's layer step]."""
    from anpo.deterrence import _possible

    rng = np.random.default_rng(seed)
    m1, k1 = int(rng.integers(1, 9)), int(rng.integers(1, 9))
    reach = rng.random((m1, k1)) < rng.choice((0.05, 0.3, 0.8))
    t_max = m1 + k1 - 2
    probs = (0.0, 0.6, 1.0)
    klo, khi = _possible.kill_ranges(
        t_max,
        int(rng.integers(0, 2 * t_max + 2)),
        int(rng.integers(1, 3)),
        int(rng.integers(0, 3)),
        float(rng.choice(probs)),
        float(rng.choice(probs)),
        np.ones(t_max + 1, dtype=bool),
    )
    ms, ks = (x.astype(np.int64) for x in np.nonzero(reach))
    for a_share in (_possible.ZERO, _possible.ALL, _possible.ANY):
        for u_share in (_possible.ZERO, _possible.ALL, _possible.ANY):
            grid = _possible.layer_step(reach, a_share, u_share, klo, khi).any(axis=1)
            direct = _possible.last_layer_rvs(ms, ks, a_share, u_share, klo, khi, m1 - 1)
            assert direct.tolist() == grid.tolist(), (a_share, u_share)


def test_one_layer_support_of_many_objects_is_known() -> None:
    """One layer of 1,500 interceptors (2 shots, SSPK 0.7, discrimination 0.3) on 1,000 RVs
    with a decoy each, and of 20,000 on 15,000 RVs with 3 each: main's boolean pass built the
    (RVs, decoys) grid and answered None (not known, past its work cap) where the closed
    statement of logprob.layer_support decides it at once; the last layer's marginal, from the
    one starting state, decides it too, with the same counts [wilkening1999; sessler2000]."""
    from anpo.deterrence import _possible, logprob
    from anpo.deterrence.defense import layer_arrays

    for rvs, dpr, inventory in ((1000, 1, 1500), (15000, 3, 20000)):
        arrays = layer_arrays(
            [Layer(interceptors=inventory, sspk=0.7, shots=2, discrimination=0.3)]
        )
        got = _possible.arrivals_support([RVGroup.fixed(rvs, None, dpr)], arrays)
        closed = logprob.layer_support(rvs, rvs * dpr, arrays.row(0))
        assert got is not None
        assert {j for lo, hi in got for j in range(lo, hi + 1)} == {
            j for lo, hi in closed for j in range(lo, hi + 1)
        }


def test_one_layer_starting_states_never_outnumber_the_grid(monkeypatch):
    """review24: one layer's possible counts from its starting states formed every pair (states
    so far, one group's counts), 13 million for six groups of 0-60 RVs with 1-4 decoys each
    (seconds), where the (RVs, decoys) grid they fall on has about 281,000 cells (0.14 s).
    Where the grid pass is within its work cap, the states are now formed only while they
    number no more than its cells, else the grid decides: the same counts either way (the
    engine's starting state and layer [wilkening1999; decoys after sessler2000])."""
    from anpo.deterrence import _possible
    from anpo.deterrence.defense import layer_arrays

    layer = Layer(interceptors=500, sspk=0.7, shots=2, discrimination=0.3, protected_fraction=0.5)
    groups = [RVGroup(np.full(61, 1 / 61), None, d % 4 + 1) for d in range(6)]
    arrays = layer_arrays([layer])
    formed: list[int] = []
    original = _possible._states

    def states(*args, **kwargs):
        ms, ks = original(*args, **kwargs)
        formed.append(-1 if ms is None else len(ms))
        return ms, ks

    monkeypatch.setattr(_possible, "_states", states)
    got = _possible.arrivals_support(groups, arrays)
    # refused: more pairs than the grid's cells, known from the groups' supports before any
    # state is formed (poss26; main's code formed them until a step was past the cells: [-1])
    assert formed == []
    # the grid pass alone gives the same counts
    monkeypatch.setattr(_possible, "_states", lambda *a, **k: (None, None))
    assert got is not None and got == _possible.arrivals_support(groups, arrays)
    # two small groups still go the states' way, with the same answer as the grid's
    formed.clear()
    monkeypatch.setattr(_possible, "_states", states)
    small = [RVGroup(np.full(4, 0.25), None, 1), RVGroup(np.full(3, 1 / 3), None, 2)]
    seen = _possible.arrivals_support(small, arrays)
    assert formed and formed[0] > 0
    monkeypatch.setattr(_possible, "_states", lambda *a, **k: (None, None))
    assert seen == _possible.arrivals_support(small, arrays)


# ------------------------------------------------------------------ work caps before allocation
def _traced_peak(fn, *args):
    """``(fn(*args), peak bytes tracemalloc traced while it ran)``: memory, not a clock."""
    import tracemalloc

    tracemalloc.start()
    try:
        out = fn(*args)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return out, peak


def test_past_the_work_cap_the_grid_is_not_built() -> None:
    """grid25: a block past :data:`anpo.deterrence._possible.MAX_SUPPORT_WORK` (15,000 RVs
    with 3 decoys each through two or three layers; one layer on 0-15,000 RVs, whose starting
    states are too much work for the one-layer pass) is "not known" (None), and main's code built
    the (RVs, decoys) grid first (15,001 x 45,001 booleans: 675 MB traced) before its work cap
    said so. The cap is now decided from the dimensions, before any allocation: the same None,
    a small traced peak [the boolean pass of the engine's layer step: wilkening1999; decoys
    after sessler2000]."""
    from anpo.deterrence import _possible
    from anpo.deterrence.defense import layer_arrays

    exo = Layer(name="exo", interceptors=20000, sspk=0.7, shots=2, discrimination=0.3)
    mid = Layer(name="mid", interceptors=5000, sspk=0.7, discrimination=0.6)
    endo = Layer(name="endo", interceptors=5000, sspk=0.8, endo_atmospheric=True)
    part = Layer(
        name="part", interceptors=20000, sspk=0.7, discrimination=0.3, protected_fraction=0.5
    )
    cases = [
        ([RVGroup.fixed(15000, None, 3)], [exo, mid]),
        ([RVGroup.fixed(15000, None, 3)], [exo, mid, endo]),
        ([RVGroup(np.full(15001, 1 / 15001), None, 3)], [part]),
    ]
    peaks = {}
    for groups, layers in cases:
        arrays = layer_arrays(layers)
        _possible.arrivals_support([RVGroup.fixed(3, None, 3)], arrays)  # compiled beforehand
        m1 = sum(len(g.pmf) for g in groups)
        assert _possible._grid_work(m1, 3 * (m1 - 1) + 1) > _possible.MAX_SUPPORT_WORK
        got, peak = _traced_peak(_possible.arrivals_support, groups, arrays)
        assert got is None, [ly.name for ly in layers]
        peaks["+".join(ly.name for ly in layers)] = peak
    assert max(peaks.values()) < 20e6, peaks


def test_just_inside_the_work_cap_the_grid_still_decides() -> None:
    """The cap is the same, decided before the grid: 999 RVs with a decoy each make a grid of
    1,000 x 1,000 states, exactly :data:`anpo.deterrence._possible.MAX_SUPPORT_WORK` steps, and
    are decided; 1,000 RVs are one step past it (None, as before). The counts, from the model
    [wilkening1999; decoys after sessler2000]: 600 interceptors, one shot each at SSPK 1, on
    the 999 RVs and 999 decoys, none recognised, kill exactly 600 objects, any mix, so 399 to
    999 RVs leave the first layer; the second (inside the atmosphere, no decoy) kills exactly
    300 of them: 99 to 699 get through (main's code: the same)."""
    from anpo.deterrence import _possible
    from anpo.deterrence.defense import layer_arrays

    arrays = layer_arrays(
        [
            Layer(name="exo", interceptors=600, sspk=1.0, discrimination=0.0),
            Layer(name="endo", interceptors=300, sspk=1.0, endo_atmospheric=True),
        ]
    )
    assert _possible._grid_work(1000, 1000) == _possible.MAX_SUPPORT_WORK
    assert _possible.arrivals_support([RVGroup.fixed(999, None, 1)], arrays) == ((99, 699),)
    assert _possible.arrivals_support([RVGroup.fixed(1000, None, 1)], arrays) is None


def test_the_work_cap_before_the_grid_has_the_same_edge(monkeypatch) -> None:
    """With the cap at exactly the grid pass's work of a small block through two layers the
    block is decided, with the counts it has without a cap, and built one grid; one step below
    it is None, with no grid built (grid25; the engine's layer step, wilkening1999, decoys
    after sessler2000)."""
    from anpo.deterrence import _possible
    from anpo.deterrence.defense import layer_arrays

    arrays = layer_arrays(
        [
            Layer(name="a", interceptors=7, sspk=0.6, shots=2, discrimination=0.4),
            Layer(name="b", interceptors=4, sspk=0.9, protected_fraction=0.5),
        ]
    )
    groups = [RVGroup(np.array([0.2, 0.0, 0.3, 0.5]), None, 2), RVGroup.fixed(2, None, 1)]
    free = _possible.arrivals_support(groups, arrays)
    assert free is not None
    work = _possible._grid_work(3 + 2 + 1, 3 * 2 + 2 * 1 + 1)
    grids: list[int] = []
    monkeypatch.setattr(_possible, "_grid", _counting(_possible._grid, grids))
    monkeypatch.setattr(_possible, "MAX_SUPPORT_WORK", work)
    assert _possible.arrivals_support(groups, arrays) == free and len(grids) == 1
    grids.clear()
    monkeypatch.setattr(_possible, "MAX_SUPPORT_WORK", work - 1)
    assert _possible.arrivals_support(groups, arrays) is None and grids == []


def test_the_joint_pass_allocates_within_its_budget(monkeypatch) -> None:
    """grid25: the plain-Python pass over blocks sharing a layer formed its work before its
    budget (:data:`anpo.deterrence._possible.MAX_JOINT_WORK`) could count a step: each block's
    (RVs, decoys) grid (15,000 RVs with 3 decoys each: 680 MB traced), every engagement of a
    state (600 RVs and 1,800 decoys, a fraction of each engaged: 1.1 million pairs, 110 MB),
    every split of the kills (200 of 480 objects in four categories: 43 MB, 15 s) and the
    kill ranges of every engaged count up to all objects (60,010 counts, 17 s with
    shoot-look-shoot). With a budget of 2,000 steps each case is "not known" (None), as on
    main, after at most 2,000 engagements' kill ranges and a small traced peak
    [the engine tracking every group jointly: wilkening1999, decoys after sessler2000]."""
    from anpo.deterrence import _possible
    from anpo.deterrence.defense import _checked_groups, layer_arrays

    both = ("ICBM", "IRBM")
    icbm = Layer(name="icbm only", interceptors=4, sspk=0.6, engages=("ICBM",))
    cases = {
        "grid": (
            [RVGroup.fixed(15000, "ICBM", 3), RVGroup.fixed(3, "IRBM", 2)],
            Layer(name="s", interceptors=6, sspk=0.6, engages=both, discrimination=0.3),
        ),
        "engagements": (
            [RVGroup.fixed(600, "ICBM", 3), RVGroup.fixed(3, "IRBM", 2)],
            Layer(
                name="s",
                interceptors=6,
                sspk=0.6,
                engages=both,
                discrimination=0.3,
                protected_fraction=0.5,
            ),
        ),
        "splits": (
            [RVGroup.fixed(60, "ICBM", 3), RVGroup.fixed(60, "IRBM", 3)],
            Layer(name="s", interceptors=200, sspk=1.0, engages=both, discrimination=0.0),
        ),
        "kill ranges": (
            [RVGroup.fixed(1500, "ICBM", 3), RVGroup.fixed(3, "IRBM", 2)],
            Layer(
                name="s",
                interceptors=100_000,
                sspk=0.6,
                doctrine="shoot-look-shoot",
                second_shots=1,
                engages=both,
                discrimination=0.3,
            ),
        ),
    }
    monkeypatch.setattr(_possible, "MAX_JOINT_WORK", 2000)
    small = _checked_groups([RVGroup.fixed(2, "ICBM", 1), RVGroup.fixed(2, "IRBM", 1)])
    original = _possible.kill_ranges
    decided: list[int] = []

    def kill_ranges(*args):
        decided.append(int(np.count_nonzero(args[-1])))  # the engaged counts it decides
        return original(*args)

    peaks, counts = {}, {}
    for name, (groups, shared) in cases.items():
        arrays = layer_arrays([shared, icbm])
        assert _possible.arrivals_support(small, arrays) is not None  # compiled beforehand
        monkeypatch.setattr(_possible, "kill_ranges", kill_ranges)
        decided.clear()
        got, peaks[name] = _traced_peak(_possible.arrivals_support, _checked_groups(groups), arrays)
        counts[name] = sum(decided)
        monkeypatch.setattr(_possible, "kill_ranges", original)
        assert got is None, name
    # each engagement tried gives at least one split step, so no more than the budget's
    # steps and the one that ran past it
    assert max(counts.values()) <= 2001, counts
    assert max(peaks.values()) < 20e6, peaks


def _sparse_groups(
    rng: np.random.Generator, most_groups: int, most_counts: int, zero_rate: float
) -> list[RVGroup]:
    """1 to ``most_groups`` random groups of 0 to at most ``most_counts - 1`` RVs, each count
    impossible with probability ``zero_rate`` (at least one count possible), 0-3 decoys per RV."""
    groups = []
    for _ in range(int(rng.integers(1, most_groups + 1))):
        pmf = rng.random(int(rng.integers(1, most_counts + 1)))
        pmf[rng.random(len(pmf)) < zero_rate] = 0.0
        if not pmf.any():
            pmf[int(rng.integers(0, len(pmf)))] = 1.0  # at least one count possible
        groups.append(RVGroup(pmf / pmf.sum(), None, int(rng.integers(0, 4))))
    return groups


@pytest.mark.parametrize("chunks", [True, False])
@pytest.mark.parametrize("seed", range(20))
def test_joint_starting_states_are_the_grids(
    seed: int, chunks: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The joint pass's starting states of a block, formed without its grid
    (_possible._joint_states), are the cells _possible._grid marks (the engine's starting
    state, :func:`anpo.deterrence.defense.add_group_2d` on the groups' supports
    [wilkening1999; sessler2000]), for random groups; with a limit below their number they
    are refused (_TooMuch), at their number they are formed (grid25). Both ways: the chunks
    that form them without a grid, and the small grid that marks them (review25)."""
    from anpo.deterrence import _possible

    if chunks:  # no grid is small enough: the chunks form them
        monkeypatch.setattr(_possible, "JOINT_GRID_CELLS", 0)

    groups = _sparse_groups(np.random.default_rng(seed), 3, 29, 0.4)
    grid = _possible._grid(groups, True)
    want = [(int(m), int(k)) for m, k in zip(*np.nonzero(grid), strict=True)]
    assert _possible._joint_states(groups, len(want)) == want
    assert _possible._joint_states(groups, 10**6) == want
    with pytest.raises(_possible._TooMuch):
        _possible._joint_states(groups, len(want) - 1)


def test_one_layer_past_the_cap_forms_no_state(monkeypatch) -> None:
    """poss26: a block of one layer whose starting states the one-layer pass refuses (too
    much work for :func:`anpo.deterrence._possible.last_layer_rvs`, or a step of more than
    :data:`~anpo.deterrence._possible.MAX_STATE_PAIRS` pairs) past the grid pass's cap is
    "not known" (None), and main's code formed the states first: two groups of 0-1,999 RVs with
    1 and 2 decoys each are 4,000,000 states (192 MB traced) whose work is about 1e13 steps;
    groups of 0-1,999 RVs with 0 and 1 decoys and a third of 0-1 RVs with 3 are refused at the
    third step, after the 4,000,000 states of the first two (96 MB). Now refused from the
    groups' supports before any state is formed: the same None, a small traced peak [the
    engine's starting state and layer: wilkening1999; decoys after sessler2000]."""
    from anpo.deterrence import _possible
    from anpo.deterrence.defense import layer_arrays

    def wide(n: int, decoys: int) -> RVGroup:
        return RVGroup(np.full(n, 1.0 / n), None, decoys)

    arrays = layer_arrays(
        [Layer(interceptors=500, sspk=0.7, shots=2, discrimination=0.3, protected_fraction=0.5)]
    )
    assert _possible.arrivals_support([RVGroup.fixed(3, None, 1)], arrays) is not None  # compiled
    formed: list[int] = []
    monkeypatch.setattr(_possible, "_states", _counting(_possible._states, formed))
    cases = {
        "work": [wide(2000, 1), wide(2000, 2)],
        "pairs": [wide(2000, 0), wide(2000, 1), wide(2, 3)],
    }
    peaks = {}
    for name, groups in cases.items():
        m1 = sum(len(g.pmf) for g in groups) - len(groups) + 1
        k1 = sum((len(g.pmf) - 1) * g.decoys_per_rv for g in groups) + 1
        assert _possible._grid_work(m1, k1) > _possible.MAX_SUPPORT_WORK  # no grid pass
        got, peaks[name] = _traced_peak(_possible.arrivals_support, groups, arrays)
        assert got is None, name
    assert max(peaks.values()) < 5e6, peaks
    assert formed == []


def _stepwise_states(groups, with_decoys: bool) -> tuple[set[tuple[int, int]], int]:
    """The starting ``(RVs, decoys)`` states of independent groups, one group after another
    as plain sets, and the most pairs (states so far, one group's counts) of a step (the
    engine's starting state, add_group_2d on the groups' supports [wilkening1999])."""
    states = {(0, 0)}
    most = 0
    for g in groups:
        d = g.decoys_per_rv if with_decoys else 0
        xs = [int(x) for x in np.nonzero(np.asarray(g.pmf) > 0.0)[0]]
        most = max(most, len(states) * len(xs))
        states = {(m + x, k + d * x) for m, k in states for x in xs}
    return states, most


@pytest.mark.parametrize("seed", range(40))
def test_states_are_refused_before_forming_only_as_after(seed: int) -> None:
    """The one-layer pass's refusal before forming its states
    (_possible._states_refused) agrees with the refusal after (a step of more pairs than
    allowed, or last_layer_work over the cap): with at most two decoy counts per RV among the
    groups exactly, at the edges of both caps; with more, it refuses only where the states would
    be (the engine's starting state and layer [wilkening1999; decoys after sessler2000])."""
    from anpo.deterrence import _possible

    groups = _sparse_groups(np.random.default_rng(seed), 4, 24, 0.5)
    with_decoys = bool(seed % 4)
    lines = {g.decoys_per_rv if with_decoys else 0 for g in groups}
    states, most = _stepwise_states(groups, with_decoys)
    for shares in itertools.product((_possible.ZERO, _possible.ALL, _possible.ANY), repeat=2):
        work = sum(
            (m + 1 if shares[0] == _possible.ANY else 1)
            * (k + 1 if shares[1] == _possible.ANY else 1)
            for m, k in states
        )
        for pairs, cap in itertools.product((most - 1, most, 10**9), (work - 1, work, 10**12)):
            refused = _possible._states_refused(groups, with_decoys, shares, pairs, cap)
            after = most > pairs or work > cap
            if len(lines) <= 2:
                assert refused == after, (shares, pairs, cap)
            else:
                assert after or not refused, (shares, pairs, cap)


@pytest.mark.parametrize("seed", range(60))
def test_kill_ranges_are_every_count_the_brute_force_kills(seed: int) -> None:
    """Each engaged count's kills (_possible.kill_ranges, salvo or shoot-look-shoot) are
    exactly the interval from its fewest to its most: every count between is possible, as the
    object-by-object brute force above finds them (no gap: kill_ranges no longer checks it,
    poss26) [wilkening1999]."""
    from anpo.deterrence import _possible
    from anpo.deterrence.defense import layer_arrays

    rng = random.Random(seed)
    ly = _random_layer(rng, 0).model_copy(
        update={"interceptors": rng.randint(0, 30), "common_mode": None}
    )
    klo, khi = _possible._kill_ranges_of(layer_arrays([ly]), 0, 12)
    for t in range(13):
        assert set(range(int(klo[t]), int(khi[t]) + 1)) == _kills(t, ly), (t, ly)
