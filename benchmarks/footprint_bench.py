"""Benchmark: reaction-curve points with decoys and a layer covering part of the territory (a
footprint, ``fraction < 1``) against the same points with full coverage, in the engine
(``anpo.deterrence._engine._p_at_least`` -> ``propagate``) and in the kernel as it was before
perf17, kept verbatim in ``benchmarks/old_footprint_perf16_kernel.py``, measured in the same run.

The point is ``footprint_decoys_bench.point``'s: ``n`` launchers of 3 RVs with 3 decoys per RV,
30% of them surviving for sure, the rest struck (kill 0.5, one warhead each), the goal a third
of the RVs; two exo-atmospheric layers telling half the decoys from warheads (100 interceptors,
SSPK 0.7, two shots each, per-RV reliability 0.9; then 60, SSPK 0.6, shoot-look-shoot 1 + 1,
per-raid reliability 0.95). Three placements of a 0.6 footprint: on the first layer (which keeps
its decoys for the second: the engine's general layer), on the second (the last: no later layer
sees its decoys, so perf17 computes it collapsed), and on a single layer (the first alone).

For each case and size the script prints the probability, its difference from the old kernel's
(checked below 1e-12), the CPU time (``time.process_time``) of the engine now and of the old
kernel, the ratio before / now, and the figure the change is about: the footprint point's time
over the same point with full coverage (fraction 1 everywhere), now and before.

    python benchmarks/footprint_bench.py [--sizes 10,20] [--quick]

On the 2-core machine (2026-12-06, other jobs running): at 20 launchers the first-layer
footprint took 0.52 s before and 0.26 s now (full coverage 0.06-0.08 s), the last-layer one 42 s
before and 0.06 s now, the single layer 0.19 s before and 0.04 s now (full coverage 0.012 s); at
40 launchers the first-layer footprint took 5.8 s before and 0.57 s now. ``--quick``: sizes 4
and 8. Numba compiles the kernels on first use (cached on disk afterwards); a warm-up call to
each precedes the timings.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable

import numpy as np
from _record import sibling

from anpo.deterrence import _engine

#: CPU seconds each kernel is repeated to, per point (the old one once when slower)
MEASURABLE = 0.05
#: the largest difference accepted from the old kernel (both compensate their lumps' sums)
AGREE = 1e-12
#: the footprint's fraction of the territory
FOOTPRINT = 0.6
#: case -> (fractions of the two layers, or of the single layer)
CASES: dict[str, tuple[float, ...]] = {
    "footprint first (decoys kept)": (FOOTPRINT, 1.0),
    "footprint last (collapsed)": (1.0, FOOTPRINT),
    "single footprint layer": (FOOTPRINT,),
}


def point(n: int, fractions: tuple[float, ...]) -> tuple:
    """``footprint_decoys_bench.point(n)`` with the layers' fractions replaced (one fraction:
    the first layer alone)."""
    case = list(sibling("footprint_decoys_bench").point(n))
    k = len(fractions)
    for i in range(12, 21):  # the per-layer arrays: inventories .. fraction
        case[i] = case[i][:k].copy()
    case[20] = np.array(fractions, dtype=float)
    case[21] = np.ones((1, k), dtype=bool)  # patterns: every layer works
    return tuple(case)


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
    ap.add_argument("--sizes", default="10,20", help="launchers, comma-separated")
    ap.add_argument("--quick", action="store_true", help="sizes 4 and 8")
    args = ap.parse_args(argv)
    sizes = [4, 8] if args.quick else [int(x) for x in args.sizes.split(",")]
    old = sibling("old_footprint_perf16_kernel")  # the baseline
    for fractions in CASES.values():  # compile or load the kernels
        for frac in (fractions, (1.0,) * len(fractions)):
            _engine._p_at_least(*point(2, frac))
            old._p_at_least(*point(2, frac))
    same = True
    print("one reaction-curve point, 3 RVs and 9 decoys per launcher; CPU seconds per point")
    for name, fractions in CASES.items():
        full = (1.0,) * len(fractions)
        print(f"{name}: fractions {fractions} against {full}")
        for n in sizes:
            case = point(n, fractions)
            t_new, got = _cpu(_engine._p_at_least, case, MEASURABLE)
            t_old, want = _cpu(old._p_at_least, case, MEASURABLE)
            t_full, _ = _cpu(_engine._p_at_least, point(n, full), MEASURABLE)
            t_full_old, _ = _cpu(old._p_at_least, point(n, full), MEASURABLE)
            ok = math.isclose(got, want, rel_tol=0.0, abs_tol=AGREE)
            same = same and ok
            print(
                f"  {n:4d} launchers: P = {got:.15f} ({abs(got - want):.1e} from before); "
                f"{t_new:8.4f} s now, {t_old:8.3f} s before, ratio before / now "
                f"{t_old / max(t_new, 1e-9):,.1f}x; footprint / full coverage "
                f"{t_new / max(t_full, 1e-9):,.1f}x now, {t_old / max(t_full_old, 1e-9):,.1f}x "
                f"before{'' if ok else f'; DIFFERS: {want!r} before'}"
            )
    if not same:
        print("MISMATCH: the kernels' probabilities differ")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
