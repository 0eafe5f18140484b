"""The reaction curve's decoy path, :func:`anpo.deterrence._engine._p_at_least` (perf3: the
engaged block sized to the rows an attack can reach, not to the goal plus every interceptor),
against a straightforward reference written here (the block at its full size, every interceptor
a row, the decoy columns for every launcher, then the package's exact propagation,
:func:`anpo.deterrence._engine.propagate`, [wilkening1999]) and against the kernel as it was,
kept verbatim in ``benchmarks/old_decoy_kernel.py``: the same probabilities to 1e-12 relative
on a grid of inputs (decoys or none, the growth component in the block or passing through,
other RVs with decoys in the block, footprints, shoot-look-shoot, both reliability
conventions, common-mode patterns, inventories far above the attack as at the full-doctrine
ceiling). The speed is ``benchmarks/decoy_bench.py``'s, never asserted here."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from _support import script_module
from anpo.deterrence import _engine

#: Machine epsilon (2.2e-16): the rounding of a probability computed as 1 minus a sum.
EPS = float(np.finfo(float).eps)

OLD = script_module("old_decoy_kernel")
SKIP = 1e-16  # the engine's pruning of launcher-survivor terms (_engine._SKIP)


def reference(
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
    """P(at least ``m_goal`` RVs arrive) with ``n`` launchers, the plain way: the launchers
    surviving the strike (the engine's own pmf, :func:`_engine.launcher_survivors`), their RVs
    and decoys added to the block's other RVs (``base``), every state up to the goal plus every
    interceptor kept (the larger ones counted as arriving), pushed through the active layers of
    each common-mode pattern; RVs outside the block (``passthrough``, and the growth
    component's when no layer engages it) added after."""
    inv, *_rest, patterns, weights = layers
    sure = math.floor(sigma * n + 0.5)
    vul = n - sure
    q, r = _engine.spread(budget, vul, alloc)
    surv = np.empty(vul + 1)
    _engine.launcher_survivors(vul, pk, q, r, surv)
    survivors = [(s, float(surv[s])) for s in range(vul + 1) if surv[s] >= SKIP]
    n_rows, n_cols = base.shape
    total = 0.0
    for act, weight in zip(patterns, weights, strict=True):
        if weight <= 0.0:
            continue
        cap0 = m_goal + int(inv[act].sum())
        cols = n_cols + decoys * warheads * n + 1 if decoys > 0 and in_block else n_cols
        block = np.zeros((cap0, cols))
        beyond = 0.0  # states of cap0 RVs or more: at least m_goal arrive whatever is fired
        extra = np.zeros(warheads * n + 1)  # the growth component's RVs, when outside the block
        for s, ws in survivors:
            rvs = warheads * (sure + s)
            if not in_block:
                extra[rvs] += ws
                continue
            for mb in range(n_rows):
                for kb in range(n_cols):
                    w = ws * base[mb, kb]
                    if mb + rvs + base_shift >= cap0:
                        beyond += w
                    elif w >= 1e-300:
                        block[mb + rvs + base_shift, kb + decoys * rvs] += w
        if not in_block:
            for mb in range(n_rows):
                for kb in range(n_cols):
                    if mb + base_shift >= cap0:
                        beyond += base[mb, kb]
                    else:
                        block[mb + base_shift, kb] += base[mb, kb]
        leak, lump = _engine.propagate(block, *layers[:-2], act, m_goal)
        mass = lump + beyond + float(np.sum(leak))
        outside = np.convolve(passthrough, extra) if not in_block else passthrough
        below = sum(
            leak[x] * outside[y]
            for x in range(m_goal)
            for y in range(min(m_goal - x, len(outside)))
        )
        total += weight * (1.0 - below / mass) if mass > 0.0 else 0.0
    return min(1.0, max(0.0, total))


def _pmf(draw: st.DrawFn, size: int) -> np.ndarray:
    w = np.array(draw(st.lists(st.floats(0.05, 1.0), min_size=size, max_size=size)))
    return w / w.sum()


@st.composite
def points(draw: st.DrawFn) -> tuple:
    """One point of the decoy path: ``(n, *the kernel's other arguments)``."""
    n_layers = draw(st.integers(1, 3))
    frac = np.array([draw(st.sampled_from([1.0, 1.0, 0.6])) for _ in range(n_layers)])
    # A footprint (a layer covering part of the territory) sends a layer through the engine's
    # general path: before perf16 its work grew with the square of the (RV, decoy) states (40
    # launchers of 3 RVs and 3 decoys each took a minute or more per point; a default run spent
    # 594 s here), so footprints were drawn with 4 launchers at most. It draws the unrecognised
    # decoys as one binomial now (benchmarks/footprint_decoys_bench.py: 20 launchers 0.3 s
    # where it was 21 s); footprints are drawn with up to 20 launchers, and inventories far
    # above the attack as without them.
    footprint = bool(np.any(frac < 1.0))
    big = draw(st.booleans())  # inventories far above the attack (ceiling)
    inv = np.array(
        [draw(st.integers(0, 3000 if big else 40)) for _ in range(n_layers)], dtype=np.int64
    )
    sspk = np.array([draw(st.floats(0.3, 0.9)) for _ in range(n_layers)])
    shots = np.array([draw(st.integers(1, 3)) for _ in range(n_layers)], dtype=np.int64)
    second = np.array([draw(st.sampled_from([0, 0, 1, 2])) for _ in range(n_layers)], np.int64)
    rel = np.array([draw(st.floats(0.6, 1.0)) for _ in range(n_layers)])
    raid = np.full(n_layers, draw(st.booleans()))
    disc = np.array([draw(st.sampled_from([0.0, 0.5, 0.7, 1.0])) for _ in range(n_layers)])
    endo = np.array([draw(st.booleans()) and i > 0 for i in range(n_layers)])
    n_pat = draw(st.integers(1, 2))
    patterns = np.ones((n_pat, n_layers), dtype=bool)
    if n_pat == 2:
        patterns[1, draw(st.integers(0, n_layers - 1))] = False
    weights = _pmf(draw, n_pat)
    base = np.ones((1, 1))
    if draw(st.booleans()):  # other RVs (and their decoys) sharing the block
        base = _pmf(draw, 6).reshape(3, 2)
    passthrough = np.ones(1) if draw(st.booleans()) else _pmf(draw, 3)
    return (
        draw(st.integers(0, 20 if footprint else 40)),  # n
        draw(st.sampled_from([0.0, 0.3, 0.6, 1.0])),  # sigma
        draw(st.sampled_from([0.0, 0.5, 0.8])),  # pk
        draw(st.integers(0, 3)),  # alloc
        draw(st.sampled_from([2**62, 0, 7])),  # budget
        draw(st.integers(1, 3)),  # warheads
        draw(st.sampled_from([0, 1, 3])),  # decoys
        True,  # in_block (the test draws it)
        base,
        draw(st.integers(0, 2)),  # base_shift
        passthrough,
        draw(st.sampled_from([1, 2, 3, 5])),  # m_goal
        inv,
        sspk,
        shots,
        second,
        rel,
        raid,
        disc,
        endo,
        frac,
        patterns,
        weights,
    )


def _case(in_block: bool, point: tuple) -> tuple:
    return (*point[:7], in_block, *point[8:])


CEILING = (
    85, 0.6, 0.8, 0, 5138, 1, 3, True, np.ones((1, 1)), 0, np.ones(1), 1,
    np.array([3000]), np.array([0.6]), np.array([2]), np.array([2], dtype=np.int64),
    np.array([0.9]), np.array([True]), np.array([0.5]), np.array([False]), np.array([1.0]),
    np.ones((1, 1), dtype=bool), np.ones(1),
)  # fmt: skip
"""The 2001 book's U.S.-China curve near its ceiling (the DF-31A, three decoys per RV, the
midcourse layer of nmd-c1), with 3,000 interceptors in place of the ceiling's 320,080 (a
full-size block of that many rows is 650 MB)."""


@given(points(), st.booleans())
@example(point=CEILING, in_block=True)
@example(point=CEILING, in_block=False)
@settings(max_examples=150, deadline=None)
def test_decoy_path_matches_the_plain_reference_and_the_old_kernel(
    point: tuple, in_block: bool
) -> None:
    """The same P(at least m arrive) as the kernel before perf3 (exactly) and as the full-size
    reference, to 1e-12 relative or 4 machine epsilons absolute: both sum ``1 - below / mass`` terms,
    in different orders, so a probability of 0 can come out as 1.1e-16 in one of them
    (Hypothesis found such a point: 0.0 against 1.1102230246251565e-16)."""
    case = _case(in_block, point)
    got = _engine._p_at_least(*case)
    want = reference(*case)
    before = OLD._p_at_least(*case)
    assert got == before
    assert math.isclose(got, want, rel_tol=1e-12, abs_tol=4 * EPS), (got, want)
