"""Benchmark: the reaction curve's fast path against the 0.x compiled kernel it replaced.

Both kernels compute, for each random point (1-3 defense layers, salvo or shoot-look-shoot, the
raid or per-RV reliability convention; a growth component of 1-3 warheads per launcher, part of
it survivable, the rest struck with a whole number of warheads per launcher; a goal
P(at least m arrive) >= q), the smallest launcher count that meets the goal. The points are drawn
from the domain where the two models coincide (no decoys, every layer engaging, a striker
budget that covers its plan), so their answers must be identical. The fast path runs the whole
grid (``--points``, 100,000 by default); the baseline ``benchmarks/old_reaction_kernel.py`` (the
kernel the fast path replaces, kept verbatim), about 20 times slower, runs the grid's first
``--baseline-points`` (5,000), on which the answers are checked identical. The script prints the
CPU time of each (summed over numba's threads: ``time.process_time``), the wall time, points per
CPU second and the ratio of CPU time per point; a last line times the plain exact search
(``anpo.deterrence.reaction.reaction_point_reference``) point by point on ``--sample`` points.
One to three minutes on two cores.

    python benchmarks/deterrence_bench.py [--points 100000] [--baseline-points 5000]
                                          [--sample 20] [--seed 2025]

``tests/test_reaction.py`` uses :func:`random_points`, :func:`old_answers` and
:func:`new_answers` from here, so the test and the benchmark run on the same domain.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from anpo.deterrence import defense as d
from anpo.deterrence import reaction as r

HERE = Path(__file__).resolve().parent
MAX_LAUNCHERS = 20_000


def _old_kernel():  # noqa: ANN202 - a module
    sys.path.insert(0, str(HERE))
    try:
        import old_reaction_kernel
    finally:
        sys.path.pop(0)
    return old_reaction_kernel


def random_points(n: int, seed: int) -> list[tuple]:
    """Points of the common domain: 1-3 layers (salvo or shoot-look-shoot, one reliability
    convention), no decoys, every layer engaging, a whole number of counterforce warheads per
    launcher and no limit on the striker's warheads. Each point: (layers, growth, m, q,
    base warheads)."""
    rng = np.random.default_rng(seed)
    pts = []
    for _ in range(n):
        mode = str(rng.choice(["raid", "rv"]))
        layers = []
        for _ in range(int(rng.integers(1, 4))):
            sls = bool(rng.random() < 0.4)
            layers.append(
                d.Layer(
                    interceptors=int(rng.integers(0, 300)),
                    sspk=float(rng.uniform(0.3, 0.9)),
                    shots=int(rng.integers(1, 4)),
                    doctrine="shoot-look-shoot" if sls else "salvo",
                    second_shots=int(rng.integers(1, 3)) if sls else 0,
                    reliability=float(rng.uniform(0.7, 1.0)),
                    reliability_mode=mode,
                )
            )
        growth = r.Growth(
            warheads_per_launcher=int(rng.choice([1, 2, 3])),
            survivable_fraction=float(rng.uniform(0.0, 0.8)),
            kill_probability=float(rng.uniform(0.3, 0.95)),
            allocation=int(rng.integers(0, 4)),
        )
        pts.append((layers, growth, int(rng.choice([1, 3, 5, 10])),
                    float(rng.choice([0.5, 0.9])), int(rng.integers(0, 5))))  # fmt: skip
    return pts


def old_answers(pts: list[tuple], max_launchers: int = MAX_LAUNCHERS) -> np.ndarray:
    """Launcher counts from the 0.x kernel (one batch call per reliability convention)."""
    old = _old_kernel()
    n = len(pts)
    width = max(len(p[0]) for p in pts)
    inv = np.zeros((n, width), np.int64)
    sspk = np.zeros((n, width))
    shots = np.ones((n, width), np.int64)
    second = np.zeros((n, width), np.int64)
    rel = np.ones((n, width))
    for i, (layers, *_rest) in enumerate(pts):
        for j, ly in enumerate(layers):
            inv[i, j], sspk[i, j], shots[i, j] = ly.interceptors, ly.sspk, ly.shots
            second[i, j], rel[i, j] = ly.second, ly.reliability
    raid = np.array([p[0][0].reliability_mode == "raid" for p in pts])
    out = np.empty(n, np.int64)
    for flag in (True, False):
        sel = np.nonzero(raid == flag)[0]
        if not len(sel):
            continue
        out[sel] = old.min_launchers_batch(
            np.array([pts[i][1].survivable_fraction for i in sel]),
            np.array([pts[i][1].kill_probability for i in sel]),
            np.array([float(pts[i][1].allocation) for i in sel]),
            np.full(len(sel), np.inf),
            np.array([pts[i][1].warheads_per_launcher for i in sel], np.int64),
            np.array([pts[i][4] for i in sel], np.int64),
            np.array([pts[i][2] for i in sel], np.int64),
            np.array([pts[i][3] for i in sel]),
            inv[sel],
            sspk[sel],
            shots[sel],
            second[sel],
            rel[sel],
            bool(flag),
            max_launchers,
        )
    return out


def new_answers(pts: list[tuple], max_launchers: int = MAX_LAUNCHERS) -> np.ndarray:
    """Launcher counts from the fast path (:func:`anpo.deterrence.reaction.min_launchers`)."""
    return r.min_launchers(
        [d.layer_arrays(p[0]) for p in pts],
        [p[1] for p in pts],
        np.array([p[2] for p in pts]),
        np.array([p[3] for p in pts]),
        base_warheads=np.array([p[4] for p in pts]),
        max_launchers=max_launchers,
    )


def _timed(func, *args):  # noqa: ANN001, ANN202
    c0, w0 = time.process_time(), time.perf_counter()
    out = func(*args)
    return out, time.process_time() - c0, time.perf_counter() - w0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=100_000, help="points for the fast path")
    ap.add_argument(
        "--baseline-points",
        type=int,
        default=5000,
        help="the first points of the same grid for the 0.x kernel (timed and scaled)",
    )
    ap.add_argument("--sample", type=int, default=20, help="points for the plain exact search")
    ap.add_argument("--seed", type=int, default=2025)
    args = ap.parse_args()
    warm = random_points(40, seed=1)  # compile both kernels outside the timing
    old_answers(warm)
    new_answers(warm)
    pts = random_points(args.points, args.seed)
    k = min(args.baseline_points, args.points)
    new, c_new, w_new = _timed(new_answers, pts)
    old, c_old, w_old = _timed(old_answers, pts[:k])
    same = int(np.sum(old == new[:k]))
    per_new, per_old = c_new / args.points, c_old / k
    print(f"reaction curve, {args.points:,} random points (seed {args.seed}):")
    print(
        f"  fast path:             CPU {c_new:8.2f} s   wall {w_new:7.2f} s   "
        f"{1 / per_new:10,.0f} points per CPU second"
    )
    print(
        f"  0.x kernel (baseline): CPU {c_old:8.2f} s   wall {w_old:7.2f} s   "
        f"{1 / per_old:10,.0f} points per CPU second (on the first {k:,} points)"
    )
    print(f"  ratio (CPU time per point): {per_old / max(per_new, 1e-12):.1f}x")
    print(f"  identical answers: {same}/{k}; goal reachable at {int((new >= 0).sum()):,}")
    if args.sample:
        sample = pts[: args.sample]
        c0 = time.process_time()
        plain = [
            r.reaction_point_reference(
                p[0],
                p[1],
                p[2],
                p[3],
                others=[d.RVGroup.fixed(p[4])] if p[4] else (),
                max_launchers=MAX_LAUNCHERS,
            )
            for p in sample
        ]
        per_plain = (time.process_time() - c0) / len(sample)
        agree = int(np.sum(np.array(plain) == new[: args.sample]))
        print(
            f"  plain exact search (no truncation, scipy), point by point: "
            f"{per_plain * 1e3:.1f} ms CPU per point on {len(sample)} points, "
            f"{1 / per_plain:,.0f} points per CPU second; ratio "
            f"{per_plain / max(per_new, 1e-12):.1f}x; same answer on {agree}/{len(sample)}"
        )
    if same != k:
        raise SystemExit("the fast path and the 0.x kernel disagree")


if __name__ == "__main__":
    main()
