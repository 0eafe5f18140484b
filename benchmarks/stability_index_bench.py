"""Benchmark: the Kent-Thaler costs and first-strike stability index on many points at once.

``anpo.deterrence.stability.kent_thaler_cost`` and ``fss_index`` take arrays, so a sweep over
parameter points (a grid, the draws of an uncertainty band, an exploration) is one vectorised
call. This script draws ``--points`` random exchanges (the four damage fractions of a dyad's two
first-strike exchanges), computes the four costs [kent1989, App. C] and the index both ways,
checks the answers agree to 1e-12, and prints the wall time of each and the ratios against two
baselines: the same formulas in a plain Python loop over the points (Python floats, one point at
a time, the way a reader would first write them), and anpo's own functions called point by point
(each call validates its inputs and goes through numpy: a scalar loop over the library; timed on
``--sample`` points and scaled).

Two array routes are timed. Issue 2's "vectorised path" is the first: the four
``kent_thaler_cost`` calls and ``fss_index``, the functions the issue's public API names (every
cost kept); its ratio against the plain loop is printed beside the issue's target, 50x. The
second, ``fss_index_from_damages``, is for a caller that has the damages and wants only the
index (each damage's power taken once). Both are compiled loops (numba; the first call in a
process imports numba and loads them, which the warm-up call does here). The array routes and
the plain loop are each timed ``--repeat`` times and the fastest run kept (the same rule for
the baseline as for anpo; on a shared machine the other runs measure its load).

    python benchmarks/stability_index_bench.py [--points 100000] [--seed 2025] [--repeat 5]
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable

import numpy as np

from anpo.deterrence.stability import fss_index, fss_index_from_damages, kent_thaler_cost


def scalar_loop(dmg: np.ndarray) -> list[float]:
    """The baseline: per point, the four Kent-Thaler costs and the index with Python floats.
    ``dmg`` columns: A's damage when A strikes first, B's damage then, A's damage when B strikes
    first, B's damage then."""

    def cost(own: float, enemy: float) -> float:
        return own**0.75 + 0.3 * (1.0 - enemy**0.75)

    def ratio(c1: float, c2: float) -> float:
        return min(1.0, c1 / c2) if c2 > 0 else 1.0

    out = []
    for a_own, b_dmg, a_dmg, b_own in dmg.tolist():
        c1a, c2b = cost(a_own, b_dmg), cost(b_dmg, a_own)
        c2a, c1b = cost(a_dmg, b_own), cost(b_own, a_dmg)
        out.append(ratio(c1a, c2a) * ratio(c1b, c2b))
    return out


#: Issue 2's target: the vectorised path at least this many times the plain scalar loop.
TARGET = 50.0


def vectorised(dmg: np.ndarray) -> np.ndarray:
    """Issue 2's vectorised path: anpo's array functions the issue names, four
    ``kent_thaler_cost`` calls and one ``fss_index`` call."""
    a_own, b_dmg, a_dmg, b_own = dmg.T
    c1a, c2b = kent_thaler_cost(a_own, b_dmg), kent_thaler_cost(b_dmg, a_own)
    c2a, c1b = kent_thaler_cost(a_dmg, b_own), kent_thaler_cost(b_own, a_dmg)
    return np.asarray(fss_index(c1a, c2a, c1b, c2b))


def from_damages(dmg: np.ndarray) -> np.ndarray:
    """The index with anpo's one-pass function on the four damage columns."""
    return np.asarray(fss_index_from_damages(*dmg.T))


def fastest(f: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` wall times of ``f()``, in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def per_point(dmg: np.ndarray) -> list[float]:
    """The second baseline: anpo's functions called on one point at a time."""
    return [float(vectorised(row[None, :])[0]) for row in dmg]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=100_000)
    ap.add_argument("--sample", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--repeat", type=int, default=5, help="runs of each timing; the fastest kept")
    args = ap.parse_args()
    if args.points < 1 or args.sample < 1 or args.repeat < 1:
        ap.error("--points, --sample and --repeat must be at least 1")
    dmg = np.random.default_rng(args.seed).uniform(0.0, 1.0, size=(args.points, 4))
    vectorised(dmg[:10])  # warm-up (imports, first allocation)
    fast, one_pass, slow = vectorised(dmg), from_damages(dmg), scalar_loop(dmg)
    t_fast = fastest(lambda: vectorised(dmg), args.repeat)
    t_one = fastest(lambda: from_damages(dmg), args.repeat)
    t_slow = fastest(lambda: scalar_loop(dmg), args.repeat)
    k = min(args.sample, args.points)
    t0 = time.perf_counter()
    each = per_point(dmg[:k])
    t_each = (time.perf_counter() - t0) * args.points / k
    worst = max(abs(x - y) for x, y in zip(fast.tolist()[:k], each, strict=True))
    worst = max(worst, *(abs(x - y) for x, y in zip(fast.tolist(), slow, strict=True)))
    worst = max(worst, float(np.max(np.abs(one_pass - fast))))
    if not math.isfinite(worst) or worst > 1e-12:
        raise SystemExit(f"answers differ: largest difference {worst:.3g}")
    print(
        f"Kent-Thaler costs and stability index on {args.points:,} points (same answers, "
        f"largest difference {worst:.1e}; fastest of {args.repeat} runs)"
    )
    met = "met" if t_slow / t_fast >= TARGET else "NOT met"
    print(f"  anpo, four costs + index:  {t_fast * 1e3:9.1f} ms  (issue 2's vectorised path)")
    print(f"  anpo, index from damages:  {t_one * 1e3:9.1f} ms")
    print(f"  plain Python loop:         {t_slow * 1e3:9.1f} ms")
    print(f"  ratio (loop / four costs): {t_slow / t_fast:9.1f}x  (target {TARGET:.0f}x: {met})")
    print(f"  ratio (loop / damages):    {t_slow / t_one:9.1f}x")
    print(f"  anpo point by point:       {t_each * 1e3:9.1f} ms (one run on {k:,} points, scaled)")
    print(f"  ratio (point by point / four costs): {t_each / t_fast:9.1f}x")


if __name__ == "__main__":
    main()
