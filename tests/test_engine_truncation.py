"""The truncated hypergeometric terms of the exact propagation (perfstab) against the kernels
they replace, kept verbatim in ``benchmarks/old_propagate_kernel.py`` (the benchmark's
baseline): the same pmfs to 1e-12 on random small cases (truncated at a reaction goal or not, with
decoys, footprints, shoot-look-shoot, both reliability conventions), the same hypergeometric
terms, and the same launcher counts on the 2030 book case the web app could not serve."""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from _support import script_module
from anpo.deterrence import _engine

OLD = script_module("old_propagate_kernel")


@st.composite
def hyper_cases(draw: st.DrawFn) -> tuple[int, int, int, int]:
    total = draw(st.integers(1, 600))
    good = draw(st.integers(0, total))
    draws = draw(st.integers(0, total))
    jmax = draw(st.integers(-2, min(good, draws) + 2))
    return total, good, draws, jmax


@given(hyper_cases())
@example(case=(494, 83, 270, 9))  # CI, 2026-11-30: relative difference 1.02e-12 at j = 9
@settings(max_examples=300, deadline=None)
def test_hyper_upto_keeps_the_same_terms(case: tuple[int, int, int, int]) -> None:
    """Below ``jmax`` the truncated hypergeometric has the terms of the full one (the same
    indices down to the 1e-20 cut-off, and none above ``jmax``), values equal to rounding: to
    1e-12 relative, or, when the mode lies above ``jmax`` (the new kernel computes the term at
    ``jmax`` directly as the exponential of nine log-factorials where the old one reached it by
    recurrence from the mode), to the rounding of that exponential's argument, 32 ulps of the
    largest log-factorial ``lf[total]`` (1.8e-11 relative at total = 494)."""
    total, good, draws, jmax = case
    lf = _engine._log_factorials(total + 1)
    rel = max(1e-12, 32 * np.finfo(float).eps * float(lf[total]))
    full = np.zeros(total + 2)
    cut = np.zeros(total + 2)
    lo, hi, off = OLD._hyper_mode(total, good, draws, lf, full)
    lo2, hi2, off2 = _engine._hyper_upto(total, good, draws, lf, cut, jmax)
    want = {j: full[j - off] for j in range(lo, hi + 1) if j <= jmax}
    got = {j: cut[j - off2] for j in range(lo2, hi2 + 1)}
    assert all(j <= jmax for j in got)
    # a term within rounding of the 1e-20 cut-off may fall on either side of it
    assert {j for j, v in want.items() if v > 1.01e-20} <= set(got)
    assert {j for j, v in got.items() if v > 1.01e-20} <= set(want)
    for j in set(want) & set(got):
        assert got[j] == pytest.approx(want[j], rel=rel, abs=0.0)
    if jmax >= min(good, draws) and lo <= hi:
        assert (lo2, hi2) == (lo, hi)


@st.composite
def propagation_cases(draw: st.DrawFn) -> tuple:
    """A random joint (RVs, decoys) pmf and 1-3 layers, some inactive, with a reaction goal
    (``m_goal >= 0``, the truncated path) or the full pmf (``-1``)."""
    n_layers = draw(st.integers(1, 3))
    rows = draw(st.integers(1, 30))
    cols = draw(st.integers(1, 25))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    init = rng.random((rows, cols)) * (rng.random((rows, cols)) < 0.4)
    init[rng.integers(rows), rng.integers(cols)] += 0.5
    init /= init.sum()
    layers = (
        np.array([draw(st.integers(0, 40)) for _ in range(n_layers)], dtype=np.int64),
        np.array([draw(st.floats(0.05, 0.95)) for _ in range(n_layers)]),
        np.array([draw(st.integers(1, 4)) for _ in range(n_layers)], dtype=np.int64),
        np.array([draw(st.integers(0, 2)) for _ in range(n_layers)], dtype=np.int64),
        np.array([draw(st.floats(0.5, 1.0)) for _ in range(n_layers)]),
        np.array([draw(st.booleans()) for _ in range(n_layers)], dtype=bool),
        np.array([draw(st.sampled_from([0.3, 0.6, 0.9, 1.0])) for _ in range(n_layers)]),
        np.array([draw(st.booleans()) for _ in range(n_layers)], dtype=bool),
        np.array([draw(st.sampled_from([0.4, 0.8, 1.0, 1.0])) for _ in range(n_layers)]),
    )
    active = np.array([draw(st.booleans()) for _ in range(n_layers)], dtype=bool)
    m_goal = draw(st.integers(-1, 6))
    if m_goal >= 0:
        # the truncated path takes the states below the goal plus every interceptor
        cap0 = m_goal + int(layers[0][active].sum())
        init = init[: max(cap0, 1)]
    return init, layers, active, m_goal


@given(propagation_cases())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@pytest.mark.slow
def test_propagation_matches_the_previous_kernel(case: tuple) -> None:
    """Fast path vs previous path on random small cases: every leaker probability and the
    lumped "at least the goal" mass agree to 1e-12."""
    init, layers, active, m_goal = case
    new_pmf, new_lump = _engine.propagate(init, *layers, active, m_goal)
    old_pmf, old_lump = OLD.propagate(init, *layers, active, m_goal)
    assert new_pmf.shape == old_pmf.shape
    np.testing.assert_allclose(new_pmf, old_pmf, rtol=0.0, atol=1e-12)
    assert math.isclose(new_lump, old_lump, rel_tol=0.0, abs_tol=1e-12)


def test_truncation_is_exercised_and_matches() -> None:
    """A case where the truncation bites (after the first layer only states below 10 + 20 RVs
    are kept, of 60 arriving) and the kept mass matters (P(fewer than 10 leak) is about one
    half): the two kernels agree to 1e-12. 60 RVs with 2 decoys each, 200 then 20
    exo-atmospheric interceptors, the goal 10 RVs."""
    init = np.zeros((71, 122))
    init[60, 120] = 1.0
    layers = (
        np.array([200, 20], dtype=np.int64),
        np.array([0.6, 0.5]),
        np.array([4, 2], dtype=np.int64),
        np.array([0, 0], dtype=np.int64),
        np.array([1.0, 1.0]),
        np.array([True, True]),
        np.array([0.6, 0.5]),
        np.array([False, False]),
        np.array([1.0, 1.0]),
    )
    active = np.array([True, True])
    new_pmf, new_lump = _engine.propagate(init, *layers, active, 10)
    old_pmf, old_lump = OLD.propagate(init, *layers, active, 10)
    assert 0.1 < old_pmf.sum() < 0.9
    np.testing.assert_allclose(new_pmf, old_pmf, rtol=0.0, atol=1e-12)
    assert math.isclose(new_lump, old_lump, rel_tol=0.0, abs_tol=1e-12)


@pytest.mark.slow
def test_book_2030_reaction_curves_identical() -> None:
    """The reaction curves of the 2030 book scenario, variant gmd-global-underlay (all three
    dyads, the scenario's interceptor grid; the U.S.-China one with two decoys per RV through
    two exo-atmospheric layers): every launcher count of the current search equals the previous
    kernel's (benchmarks/propagate_bench.py records the calls)."""
    bench = script_module("propagate_bench")
    calls = bench.recorded_calls()
    assert any(c[7].shape[1] > 1 for c in calls)  # the decoy case is among them
    for call in calls:
        np.testing.assert_array_equal(
            _engine.min_launchers_serial(*call), OLD.min_launchers_serial(*call)
        )


@pytest.mark.slow  # a cold compile of layer_survivors and its callees
def test_the_binomial_kernels_compile_once_for_both_call_paths(tmp_path: Path) -> None:
    """perf30 (left by review30): ``layer_survivors``'s correction for over-ample survivor
    counts of shoot-look-shoot called ``_two_binom_into(s, l2, 0, 0.0, ...)`` with a literal
    0 where every other call passes an int64 count, so numba compiled ``_two_binom_into``,
    ``_two_binom_left`` and the binomial helpers twice (about 1.5 s on a cold cache). That call
    now passes a typed int64 0: after a salvo and the shoot-look-shoot correction (50 objects,
    30 interceptors left for the second salvo: survivor counts above 30 share what is left;
    compiling ``layer_survivors`` types both call sites anyway), each kernel holds one
    specialisation. In a fresh process, so that no other test's calls add their own, on an
    empty numba cache (a kernel loaded from the cache brings its callees compiled in, and they
    then list no specialisation)."""
    import subprocess
    import sys

    import anpo

    code = (
        "from anpo.deterrence import _engine as e\n"
        "salvo = e.layer_survivors(50, 50, 1, 0, 0.5, 1.0, 51)\n"
        "sls = e.layer_survivors(50, 80, 1, 1, 0.5, 1.0, 51)\n"
        "names = ('_two_binom_into', '_two_binom_left', '_binom_left', '_left_start_ok',\n"
        "         'binom_window', 'binom_fill')\n"
        "print(*(len(getattr(e, n).signatures) for n in names))\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(anpo.__file__).resolve().parents[1]),
        "NUMBA_CACHE_DIR": str(tmp_path),
    }
    ran = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert ran.stdout.split() == ["1"] * 6, ran.stdout
