"""The engine's general layer with a footprint (a layer covering part of the territory,
``fraction < 1``) and decoys, :func:`anpo.deterrence._engine._layer_general` (perf16: the
unrecognised decoys a footprint layer engages drawn as one binomial, Bin(K, fraction x (1 -
discrimination)), where the kernel drew the decoys inside the footprint, then the unrecognised
ones among them), against the kernel as it was, kept verbatim in
``benchmarks/old_footprint_kernel.py``.

The model is [wilkening1999]'s, made exact (:mod:`anpo.deterrence._engine`): each decoy is
inside the footprint with probability ``fraction`` and, inside, escapes recognition with ``1 -
discrimination``, independently, so the number engaged is binomial with the product; the
decoys not engaged (outside, or recognised) fly on alike, so the output is the same
distribution. Checked here: the same leaker pmfs and lumped masses on random small cases, and
the same P(at least m arrive) as the old kernel on random reaction-curve points, and as the
old kernel's untruncated propagation (which sums no lump) on larger fixed ones, to 1e-12
absolute.

Why the untruncated propagation is the reference for P: the truncated path's lump is each
state's mass minus the mass it keeps, summed over thousands of terms per state; the old kernel
summed them plainly and its lump carried their rounding (2e-11 at 10 launchers of 3 RVs with 9
decoys each, 2.6e-10 relative in P), the new one compensates the sum. The speed is
``benchmarks/footprint_decoys_bench.py``'s, never asserted here.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import script_module
from anpo.deterrence import _engine

#: Machine epsilon (2.2e-16): the rounding of a probability computed as 1 minus a sum.
EPS = float(np.finfo(float).eps)
OLD = script_module("old_footprint_kernel")
BENCH = script_module("footprint_decoys_bench")
SKIP = 1e-16  # the engine's pruning of launcher-survivor terms (_engine._SKIP)


def untruncated_p(
    mod: object,
    n: int,
    sigma: float,
    pk: float,
    alloc: int,
    budget: int,
    warheads: int,
    decoys: int,
    in_block: bool,
    base: np.ndarray,
    base_shift: int,
    passthrough: np.ndarray,
    m_goal: int,
    *layers: np.ndarray,
) -> float:
    """P(at least ``m_goal`` RVs arrive) with ``n`` launchers from ``mod``'s full leaker pmf
    (``propagate(..., m_goal=-1)``: no truncation, no lump), as ``_engine._p_at_least``
    assembles it: the launchers surviving the strike (:func:`_engine.launcher_survivors`),
    their RVs and decoys added to the block's other RVs (``base``), pushed through the active
    layers of each common-mode pattern, the RVs outside the block added after, normalised by the
    mass propagated."""
    *engine_layers, patterns, weights = layers
    sure = math.floor(sigma * n + 0.5)
    vul = n - sure
    q, r = _engine.spread(budget, vul, alloc)
    surv = np.empty(vul + 1)
    _engine.launcher_survivors(vul, pk, q, r, surv)
    n_rows, n_cols = base.shape
    total = 0.0
    for act, weight in zip(patterns, weights, strict=True):
        if weight <= 0.0:
            continue
        rows = n_rows + base_shift + (warheads * n if in_block else 0)
        cols = n_cols + decoys * warheads * n + 1 if decoys > 0 and in_block else n_cols
        block = np.zeros((rows, cols))
        extra = np.zeros(warheads * n + 1)  # the growth component's RVs, outside the block
        for s in range(vul + 1):
            ws = float(surv[s])
            if ws < SKIP:
                continue
            rvs = warheads * (sure + s)
            if not in_block:
                extra[rvs] += ws
                continue
            for mb in range(n_rows):
                for kb in range(n_cols):
                    block[mb + rvs + base_shift, kb + decoys * rvs] += ws * base[mb, kb]
        if not in_block:
            block[base_shift : base_shift + n_rows, :n_cols] += base
        leak, _ = mod.propagate(block, *engine_layers, act, -1)  # type: ignore[attr-defined]
        outside = np.convolve(passthrough, extra) if not in_block else passthrough
        below = sum(
            leak[x] * outside[y]
            for x in range(min(m_goal, len(leak)))
            for y in range(min(m_goal - x, len(outside)))
        )
        total += weight * (1.0 - below / float(np.sum(leak)))
    return min(1.0, max(0.0, total))


def _layers(draw: st.DrawFn, n_layers: int) -> tuple[np.ndarray, ...]:
    """``n_layers`` random layers, the first an exo-atmospheric footprint that sees decoys."""
    frac = np.array([draw(st.sampled_from([0.3, 0.6, 0.9, 1.0])) for _ in range(n_layers)])
    frac[0] = draw(st.sampled_from([0.3, 0.6, 0.9]))
    disc = np.array([draw(st.sampled_from([0.0, 0.5, 0.7, 1.0])) for _ in range(n_layers)])
    disc[0] = draw(st.sampled_from([0.0, 0.5, 0.7]))
    return (
        np.array([draw(st.integers(0, 60)) for _ in range(n_layers)], dtype=np.int64),
        np.array([draw(st.floats(0.3, 0.9)) for _ in range(n_layers)]),
        np.array([draw(st.integers(1, 3)) for _ in range(n_layers)], dtype=np.int64),
        np.array([draw(st.sampled_from([0, 0, 1, 2])) for _ in range(n_layers)], np.int64),
        np.array([draw(st.floats(0.6, 1.0)) for _ in range(n_layers)]),
        np.full(n_layers, draw(st.booleans())),  # per raid or per RV
        disc,
        np.array([draw(st.booleans()) and i > 0 for i in range(n_layers)]),  # endo
        frac,
    )


@st.composite
def propagation_cases(draw: st.DrawFn) -> tuple:
    """A random joint (RVs, decoys) pmf, 1-3 layers of which the first (active) is a footprint
    seeing decoys, others sometimes inactive, a reaction goal (the truncated path) or -1."""
    n_layers = draw(st.integers(1, 3))
    rows = draw(st.integers(1, 20))
    cols = draw(st.integers(2, 40))
    rng = np.random.default_rng(draw(st.integers(0, 2**31 - 1)))
    init = rng.random((rows, cols)) * (rng.random((rows, cols)) < 0.3)
    init[rng.integers(rows), rng.integers(1, cols)] += 0.5
    init /= init.sum()
    layers = _layers(draw, n_layers)
    active = np.array([True] + [draw(st.booleans()) for _ in range(n_layers - 1)])
    m_goal = draw(st.integers(-1, 8))
    if m_goal >= 0:
        # the truncated path takes the states below the goal plus every interceptor
        init = init[: max(m_goal + int(layers[0][active].sum()), 1)]
    return init, layers, active, m_goal


@given(propagation_cases())
@settings(max_examples=60, deadline=None)
def test_footprint_propagation_matches_the_old_kernel(case: tuple) -> None:
    """The same leaker pmf (every probability) as the kernel before perf16, to 1e-12 absolute
    (of a total mass of 1: both sum thousands of terms into a probability, in different
    orders; Hypothesis found 1.02e-12 relative on one of 0.075), on random small cases with a
    footprint and decoys (truncated at a goal or not, layers keeping decoys for later ones or
    not, shoot-look-shoot, both reliability conventions). The lumped mass conserves the mass
    (pmf + lump = the input's mass, to 1e-12) and equals the old kernel's to 1e-12 plus the old
    kernel's own conservation error: the old kernel summed the kept terms plainly, and its lump
    carried that rounding (3.4e-12 on a lump of nearly 1, where the compensated sum's
    conservation error was 2.7e-13, in 4,000 cases). The pmf is held to 1e-12 plus that error
    too: the old kernel's layers lost mass to the same rounding, and its pmf with it (perf17,
    Hypothesis: three layers, two 0.3 footprints, goal 1, its P(no leaker) 1.07e-12 below the
    engine's, which conserves mass to 2e-15, and 1.0e-12 below main's before perf17, its own
    conservation error 1.5e-12; main before perf17 was 1.24e-12 from it on another case)."""
    init, layers, active, m_goal = case
    new_pmf, new_lump = _engine.propagate(init, *layers, active, m_goal)
    old_pmf, old_lump = OLD.propagate(init, *layers, active, m_goal)
    assert new_pmf.shape == old_pmf.shape
    mass = float(init.sum())
    old_error = abs(mass - float(old_pmf.sum()) - old_lump)
    np.testing.assert_allclose(new_pmf, old_pmf, rtol=0.0, atol=1e-12 + old_error)
    assert math.isclose(new_lump, mass - float(new_pmf.sum()), rel_tol=0.0, abs_tol=1e-12)
    assert math.isclose(new_lump, old_lump, rel_tol=0.0, abs_tol=1e-12 + old_error)


@st.composite
def points(draw: st.DrawFn) -> tuple:
    """One reaction-curve point with decoys and a footprint: ``(n, *the other arguments of
    _engine._p_at_least)``, forces up to 12 launchers of 3 RVs with 3 decoys per RV."""
    n_layers = draw(st.integers(1, 3))
    layers = _layers(draw, n_layers)
    n_pat = draw(st.integers(1, 2))
    patterns = np.ones((n_pat, n_layers), dtype=bool)
    if n_pat == 2:
        patterns[1, draw(st.integers(0, n_layers - 1))] = False
    w = np.array(draw(st.lists(st.floats(0.05, 1.0), min_size=n_pat, max_size=n_pat)))
    base = np.ones((1, 1))
    if draw(st.booleans()):  # other RVs (and their decoys) sharing the block
        b = np.array(draw(st.lists(st.floats(0.05, 1.0), min_size=6, max_size=6)))
        base = (b / b.sum()).reshape(3, 2)
    passthrough = np.ones(1)
    if draw(st.booleans()):
        p = np.array(draw(st.lists(st.floats(0.05, 1.0), min_size=3, max_size=3)))
        passthrough = p / p.sum()
    return (
        draw(st.integers(0, 6)),  # n
        draw(st.sampled_from([0.0, 0.3, 0.6, 1.0])),  # sigma
        draw(st.sampled_from([0.0, 0.5, 0.8])),  # pk
        draw(st.integers(0, 3)),  # alloc
        draw(st.sampled_from([2**62, 0, 7])),  # budget
        draw(st.integers(1, 3)),  # warheads
        draw(st.sampled_from([1, 3])),  # decoys per RV
        draw(st.booleans()),  # in_block
        base,
        draw(st.integers(0, 2)),  # base_shift
        passthrough,
        draw(st.sampled_from([1, 2, 3, 5, 10])),  # m_goal
        *layers,
        patterns,
        w / w.sum(),
    )


@given(points())
@settings(max_examples=60, deadline=None)
def test_footprint_point_matches_the_old_untruncated_propagation(point: tuple) -> None:
    """P(at least m arrive) on random reaction-curve points with a footprint and decoys (up to
    6 launchers) equals the one from the old kernel's untruncated propagation, to 1e-12
    absolute: it is one minus a sum of probabilities of total mass one, each summed from
    thousands of terms in a different order (so a P of 1e-3 agrees to 1e-10 relative only).
    The old kernel's own truncated path is not the reference: its lump carried the rounding of
    its plain sums (Hypothesis found 1.003e-12 on a P of 0.119 at 6 launchers or fewer)."""
    got = _engine._p_at_least(*point)
    want = untruncated_p(OLD, *point)
    assert math.isclose(got, want, rel_tol=0.0, abs_tol=1e-12), (got, want)


def _variant(n: int, **changes: object) -> tuple:
    """The benchmark's point (``footprint_decoys_bench.point``) with some layer arrays
    replaced (by argument name)."""
    names = ("inventories", "sspk", "shots", "second", "reliability", "raid", "discrimination",
             "endo", "fraction")  # fmt: skip
    case = list(BENCH.point(n))
    for name, value in changes.items():
        case[12 + names.index(name)] = np.asarray(value)
    return tuple(case)


FIXED = {
    "the benchmark's point, 10 launchers": _variant(10),
    "the footprint second, after a whole layer keeping decoys": _variant(
        5,
        fraction=[1.0, 0.6],
        second=[1, 0],
        raid=[False, True],
    ),
    "the footprint last, an endo layer after (its decoys dropped)": _variant(
        10,
        endo=[False, True],
        inventories=[40, 30],
    ),
    "two footprints, per-RV reliability, shoot-look-shoot": _variant(
        4,
        fraction=[0.6, 0.8],
        second=[1, 2],
        raid=[False, False],
    ),
}


@pytest.mark.parametrize("case", FIXED.values(), ids=FIXED.keys())
def test_fixed_footprint_points_match_the_old_untruncated_propagation(case: tuple) -> None:
    """Larger fixed points (up to 30 RVs with 90 decoys; the truncated path's lump sums no
    rounding of its own there any more): the leaker pmfs of the two kernels' untruncated
    propagations (no lump at all) and the probabilities from them agree to 1e-12 absolute, and
    so does the probability of the new kernel's truncated path. The old kernel's truncated
    path is off by up to 8e-12 here (its lump's rounding), which is why it is not the
    reference."""
    want = untruncated_p(OLD, *case)
    assert math.isclose(untruncated_p(_engine, *case), want, rel_tol=0.0, abs_tol=1e-12)
    assert math.isclose(_engine._p_at_least(*case), want, rel_tol=0.0, abs_tol=1e-12)


@pytest.mark.slow
def test_benchmark_point_at_20_launchers() -> None:
    """The benchmark's point at 20 launchers (60 RVs, 180 decoys; the old kernel takes 20 s or
    more on the 2-core machine): the truncated path's probability equals the one from the old
    kernel's untruncated propagation to 1e-12 absolute."""
    case = BENCH.point(20)
    got = _engine._p_at_least(*case)
    want = untruncated_p(OLD, *case)
    assert math.isclose(got, want, rel_tol=0.0, abs_tol=1e-12), (got, want)
