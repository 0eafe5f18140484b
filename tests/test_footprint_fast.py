"""The engine's footprint layers (a layer covering part of the territory, ``fraction < 1``) after
perf17, against the kernel as it was on main before, kept verbatim in
``benchmarks/old_footprint_perf16_kernel.py``.

perf17 changed how two cases are computed, not the model ([wilkening1999], made exact:
:mod:`anpo.deterrence._engine`): a footprint layer whose decoys no later layer sees is computed
collapsed (:func:`anpo.deterrence._engine._layer_footprint_collapsed`: states thinned to (RVs,
unrecognised decoys engaged), the surviving engaged RVs' pmf once per (RVs inside, decoys
engaged)), and in a footprint layer whose decoys later layers see, the engaged pairs with at
least as many objects as interceptors are shot as one shot at each of ``inventory`` random
objects (hypergeometric RVs among them, independent kills). The same distributions, their sums
in other orders: checked here to 1e-12 absolute (of a total mass of 1) on random states, layers
and reaction-curve points, with small inventories (so that the engaged objects outnumber the
interceptors) and large ones (so that every object gets its full shots). The speed is
``benchmarks/footprint_bench.py``'s, never asserted here.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import script_module
from anpo.deterrence import _engine

OLD = script_module("old_footprint_perf16_kernel")
BENCH = script_module("footprint_bench")
#: the agreement required (module docstring)
AGREE = 1e-12


def _layers(draw: st.DrawFn, n_layers: int) -> tuple[np.ndarray, ...]:
    """``n_layers`` random layers (the engine's per-layer arrays), the first an
    exo-atmospheric footprint that sees decoys; inventories from none to far more than the
    objects."""
    frac = np.array([draw(st.sampled_from([0.3, 0.6, 0.9, 1.0])) for _ in range(n_layers)])
    frac[0] = draw(st.sampled_from([0.2, 0.5, 0.8]))
    disc = np.array([draw(st.sampled_from([0.0, 0.5, 0.7, 1.0])) for _ in range(n_layers)])
    disc[0] = draw(st.sampled_from([0.0, 0.4, 0.8]))
    big = draw(st.booleans())
    return (
        np.array([draw(st.integers(0, 400 if big else 12)) for _ in range(n_layers)], np.int64),
        np.array([draw(st.floats(0.2, 0.95)) for _ in range(n_layers)]),
        np.array([draw(st.integers(1, 3)) for _ in range(n_layers)], dtype=np.int64),
        np.array([draw(st.sampled_from([0, 0, 1, 2])) for _ in range(n_layers)], np.int64),
        np.array([draw(st.floats(0.5, 1.0)) for _ in range(n_layers)]),
        np.full(n_layers, draw(st.booleans())),  # per raid or per RV
        disc,
        np.array([draw(st.booleans()) and i > 0 for i in range(n_layers)]),  # endo
        frac,
    )


def _state(draw: st.DrawFn, rows: int, cols: int) -> np.ndarray:
    """A random joint pmf of (RVs, decoys) of that shape, sparse, with one heavy state."""
    rng = np.random.default_rng(draw(st.integers(0, 2**31 - 1)))
    init = rng.random((rows, cols)) * (rng.random((rows, cols)) < 0.3)
    init[rng.integers(rows), rng.integers(cols)] += 0.5
    return init / init.sum()


@st.composite
def propagation_cases(draw: st.DrawFn) -> tuple:
    """A random state, 1-3 layers of which the first (active) is a footprint seeing decoys,
    others sometimes inactive, a reaction goal (the truncated path) or -1."""
    n_layers = draw(st.integers(1, 3))
    init = _state(draw, draw(st.integers(1, 24)), draw(st.integers(1, 48)))
    layers = _layers(draw, n_layers)
    active = np.array([True] + [draw(st.booleans()) for _ in range(n_layers - 1)])
    m_goal = draw(st.integers(-1, 8))
    if m_goal >= 0:
        # the truncated path takes the states below the goal plus every interceptor
        init = init[: max(m_goal + int(layers[0][active].sum()), 1)]
    return init, layers, active, m_goal


@given(propagation_cases())
@settings(max_examples=80, deadline=None)
def test_footprint_propagation_matches_main(case: tuple) -> None:
    """The leaker pmf and the lumped mass equal the kernel's before perf17 to 1e-12 absolute,
    and the lump conserves the mass (pmf + lump = the input's mass, to 1e-12), on random small
    cases with a footprint and decoys (truncated or not, the footprint keeping decoys for later
    layers or not, shoot-look-shoot, both reliability conventions, inventories below and far
    above the objects)."""
    init, layers, active, m_goal = case
    new_pmf, new_lump = _engine.propagate(init, *layers, active, m_goal)
    old_pmf, old_lump = OLD.propagate(init, *layers, active, m_goal)
    assert new_pmf.shape == old_pmf.shape
    np.testing.assert_allclose(new_pmf, old_pmf, rtol=0.0, atol=AGREE)
    assert math.isclose(new_lump, old_lump, rel_tol=0.0, abs_tol=AGREE)
    mass = float(init.sum())
    assert math.isclose(new_lump, mass - float(new_pmf.sum()), rel_tol=0.0, abs_tol=AGREE)


def _one_layer(kernel: object, keep: bool | None, case: tuple) -> tuple[np.ndarray, float]:
    """One footprint layer on ``case``'s state through ``kernel`` (the general layer's
    signature when ``keep`` is given, the collapsed one's without ``keep`` otherwise), with
    fresh caches."""
    pmf, rows, truncated, cap_next, layer = case
    inv, sspk, shots, second, rel, raid, disc, endo, frac = layer
    c_off, c_lo, c_hi, used, buf, lf = _engine._new_caches(1, pmf.shape[0] + pmf.shape[1])
    use_decoys = not endo and disc < 1.0
    head = (pmf, rows) if keep is None else (pmf, rows, keep)
    new, lump, _, _ = kernel(  # type: ignore[operator]
        *head, inv, sspk, shots, second, rel, raid, frac, use_decoys, 1.0 - disc, truncated,
        cap_next, c_off[0], c_lo[0], c_hi[0], buf, int(used[0]), lf,
    )  # fmt: skip
    return new, lump


@st.composite
def layer_cases(draw: st.DrawFn) -> tuple:
    """A random state and one footprint layer, truncated at a row count or not."""
    init = _state(draw, draw(st.integers(1, 24)), draw(st.integers(1, 48)))
    layer = tuple(np.asarray(x)[0].item() for x in _layers(draw, 1))
    truncated = draw(st.booleans())
    cap_next = draw(st.integers(1, 30)) if truncated else init.shape[0]
    rows = min(init.shape[0], cap_next)
    return init, rows, truncated, cap_next, layer


@given(layer_cases())
@settings(max_examples=80, deadline=None)
def test_collapsed_footprint_layer_matches_the_general_layer(case: tuple) -> None:
    """The collapsed footprint layer (perf17) gives the pmf of RVs and the lump of the general
    layer before perf17 with ``keep`` false (the decoys dropped), to 1e-12 absolute, on random
    states and layers; the lump conserves the mass to 1e-12."""
    new, new_lump = _one_layer(_engine._layer_footprint_collapsed, None, case)
    old, old_lump = _one_layer(OLD._layer_general, False, case)
    assert new.shape == old.shape
    np.testing.assert_allclose(new, old, rtol=0.0, atol=AGREE)
    assert math.isclose(new_lump, old_lump, rel_tol=0.0, abs_tol=AGREE)
    mass = float(case[0].sum())
    assert math.isclose(new_lump, mass - float(new.sum()), rel_tol=0.0, abs_tol=AGREE)


def test_outnumbered_interceptors_in_a_footprint_keeping_decoys() -> None:
    """A footprint layer keeping its decoys for a later layer, whose engaged objects always
    outnumber its interceptors (2 interceptors, 12 RVs with 60 decoys, 30 of them typically
    engaged): every engaged pair is shot as ``inventory`` random objects with one shot each
    (perf17). The joint (RVs, decoys) pmf after it, read through a second layer that sees every
    decoy but has no interceptors, equals the kernel's before perf17 to 1e-12 absolute, and it
    kills RVs: the pmf differs from the input's."""
    init = np.zeros((13, 61))
    init[12, 60] = 1.0
    layers = (
        np.array([2, 0], dtype=np.int64),
        np.array([0.8, 0.5]),
        np.array([2, 1], dtype=np.int64),
        np.array([0, 0], dtype=np.int64),
        np.array([0.9, 1.0]),
        np.array([False, False]),
        np.array([0.3, 0.0]),
        np.array([False, False]),
        np.array([0.5, 1.0]),
    )
    active = np.array([True, True])
    new, _ = _engine.propagate(init, *layers, active, -1)
    old, _ = OLD.propagate(init, *layers, active, -1)
    np.testing.assert_allclose(new, old, rtol=0.0, atol=AGREE)
    assert new[12] < 0.99  # RVs were killed


@st.composite
def points(draw: st.DrawFn) -> tuple:
    """One reaction-curve point with decoys and a footprint: the arguments of
    ``_engine._p_at_least``, forces up to 8 launchers of 1-3 RVs with 1 or 3 decoys per RV."""
    n_layers = draw(st.integers(1, 3))
    layers = _layers(draw, n_layers)
    n_pat = draw(st.integers(1, 2))
    patterns = np.ones((n_pat, n_layers), dtype=bool)
    if n_pat == 2:
        patterns[1, draw(st.integers(0, n_layers - 1))] = False
    w = np.array(draw(st.lists(st.floats(0.05, 1.0), min_size=n_pat, max_size=n_pat)))
    return (
        draw(st.integers(0, 8)),  # n
        draw(st.sampled_from([0.0, 0.3, 1.0])),  # sigma
        draw(st.sampled_from([0.0, 0.5])),  # pk
        draw(st.integers(0, 2)),  # alloc
        2**62,  # budget
        draw(st.integers(1, 3)),  # warheads
        draw(st.sampled_from([1, 3])),  # decoys per RV
        True,  # in_block
        np.ones((1, 1)),  # base
        0,  # base_shift
        np.ones(1),  # passthrough
        draw(st.sampled_from([1, 2, 5, 10])),  # m_goal
        *layers,
        patterns,
        w / w.sum(),
    )


@given(points())
@settings(max_examples=40, deadline=None)
def test_footprint_points_match_main(point: tuple) -> None:
    """P(at least m arrive) on random reaction-curve points with a footprint and decoys (up to
    8 launchers) equals the kernel's before perf17 to 1e-12 absolute."""
    got = _engine._p_at_least(*point)
    want = OLD._p_at_least(*point)
    assert math.isclose(got, want, rel_tol=0.0, abs_tol=AGREE), (got, want)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("n", "name"),
    [(10, name) for name in BENCH.CASES] + [(20, "footprint first (decoys kept)")],
)
def test_benchmark_points_match_main(n: int, name: str) -> None:
    """The benchmark's points (``benchmarks/footprint_bench.py``: 10 launchers of 3 RVs with 9
    decoys each for each placement of the footprint, 20 for the footprint keeping its decoys;
    the old kernel takes up to 3 s each on the 2-core machine): the same probability as the
    kernel before perf17, to 1e-12 absolute."""
    case = BENCH.point(n, BENCH.CASES[name])
    got = _engine._p_at_least(*case)
    want = OLD._p_at_least(*case)
    assert math.isclose(got, want, rel_tol=0.0, abs_tol=AGREE), (got, want)
