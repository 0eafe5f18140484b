"""Benchmark: one reaction-curve point with decoys through a layer that covers part of the
territory (a footprint, ``fraction < 1``), the engine's general layer
(``anpo.deterrence._engine._p_at_least`` -> ``propagate`` -> ``_layer_general``), against the
kernel as it was before perf16, kept verbatim in ``benchmarks/old_footprint_kernel.py``,
measured in the same run.

The point: ``n`` launchers of 3 RVs with 3 decoys per RV, 30% of them surviving for sure, the
rest struck (kill 0.5, one warhead each); the goal is a third of the RVs. Two exo-atmospheric
layers, both telling half the decoys from warheads: a first covering 60% of the territory
(100 interceptors, SSPK 0.7, two shots each, per-RV reliability 0.9) and a second covering all
of it (60 interceptors, SSPK 0.6, shoot-look-shoot 1 + 1, per-raid reliability 0.95). The first
keeps its decoys for the second, so its (RVs, decoys) states are two-dimensional. For each size
the script prints the two probabilities' difference, checks it is below 1e-9 and prints the CPU
time of each (``time.process_time``) and the ratio.

Why 1e-9 and not 1e-12: the old kernel's lump (each state's mass minus the mass it keeps, summed
plainly from thousands of terms) carried their rounding, 7e-12 in P at 10 launchers, 7e-11 at
20, 3e-10 at 40; the new one compensates the sum. ``tests/test_footprint_decoys.py`` checks the
new truncated path against the old kernel's untruncated propagation (no lump), to 1e-12.

    python benchmarks/footprint_decoys_bench.py [--sizes 10,20,40] [--quick]

The baseline's time grows fast with the force (on the 2-core machine, 2026-12-06: 0.8 s, 21 s
and 311 s at 10, 20 and 40 launchers, against 0.03 s, 0.3 s and 2.9 s now); ``--quick``: sizes
4 and 8. Numba compiles both kernels on first use (cached on disk
afterwards); a warm-up call to each precedes the timings.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable

import numpy as np
from _record import sibling

from anpo.deterrence import _engine

WARHEADS = 3
DECOYS = 3  # per RV
#: CPU seconds the current kernel is repeated to, per point
MEASURABLE = 0.05
#: the largest difference accepted from the old kernel (its lump's rounding: module docstring)
AGREE = 1e-9


def point(n: int) -> tuple:
    """The arguments of ``_p_at_least`` for ``n`` launchers (module docstring)."""
    m_goal = max(1, WARHEADS * n // 3)
    return (
        n,
        0.3,  # sigma: survivable share
        0.5,  # pk of a counterforce warhead
        1,  # alloc: warheads per launcher
        2**62,  # budget: ample
        WARHEADS,
        DECOYS,
        True,  # in_block
        np.ones((1, 1)),  # base: no other RVs
        0,  # base_shift
        np.ones(1),  # passthrough: none
        m_goal,
        np.array([100, 60], dtype=np.int64),  # inventories
        np.array([0.7, 0.6]),  # sspk
        np.array([2, 1], dtype=np.int64),  # shots
        np.array([0, 1], dtype=np.int64),  # second salvo (shoot-look-shoot)
        np.array([0.9, 0.95]),  # reliability
        np.array([False, True]),  # raid (per raid) or per RV
        np.array([0.5, 0.5]),  # discrimination
        np.array([False, False]),  # endo-atmospheric
        np.array([0.6, 1.0]),  # fraction of the territory covered
        np.ones((1, 2), dtype=bool),  # patterns: both layers work
        np.ones(1),  # weights
    )


def _cpu(func: Callable[..., float], args: tuple, at_least: float = 0.0) -> tuple[float, float]:
    """CPU seconds per call of ``func(*args)`` (repeated until ``at_least`` seconds) and its
    value."""
    spent, reps = 0.0, 0
    while True:
        t0 = time.process_time()
        value = func(*args)
        spent, reps = spent + time.process_time() - t0, reps + 1
        if spent >= at_least:
            return spent / reps, value


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,20,40", help="launchers, comma-separated")
    ap.add_argument("--quick", action="store_true", help="sizes 4 and 8")
    args = ap.parse_args(argv)
    sizes = [4, 8] if args.quick else [int(x) for x in args.sizes.split(",")]
    old = sibling("old_footprint_kernel")  # the baseline, benchmarks/old_footprint_kernel.py
    _engine._p_at_least(*point(2))  # compile or load both kernels
    old._p_at_least(*point(2))
    same = True
    print(
        f"one point, {WARHEADS} RVs and {WARHEADS * DECOYS} decoys per launcher, "
        "a 0.6 footprint layer then a full one"
    )
    for n in sizes:
        case = point(n)
        t_new, got = _cpu(_engine._p_at_least, case, MEASURABLE)
        t_old, want = _cpu(old._p_at_least, case)
        ok = math.isclose(got, want, rel_tol=0.0, abs_tol=AGREE)
        same = same and ok
        print(
            f"  {n:4d} launchers (goal {case[11]:3d} RVs): P = {got:.15f} "
            f"({abs(got - want):.1e} from before); "
            f"{t_new:9.4f} s CPU now, {t_old:9.3f} s before; "
            f"ratio before / now {t_old / max(t_new, 1e-9):,.1f}x"
            f"{'' if ok else f'; DIFFERS: {want!r} before'}"
        )
    if not same:
        print("MISMATCH: the kernels' probabilities differ")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
