"""Benchmark: the reaction curve's decoy path (``anpo.deterrence._engine._p_at_least``) against
the kernel it replaced (perf3), kept verbatim in ``benchmarks/old_decoy_kernel.py``, on the calls
the report makes: the 2001 book scenario's U.S.-China curves, each with its full-doctrine
ceiling (``reaction_table(answer, ceiling=True)``, as ``anpo report`` computes them; the
DF-31A growth component, three decoys per RV, through a midcourse layer that tells half or
70% of them from warheads).

The script computes those curves once with the package, recording the arguments of every call
to the compiled search, keeps the searches that take the decoy path (decoys that a layer does
not tell from warheads: no one-table fast path), then replays each search (the doubling then
bisection over launcher counts of ``_engine._min_launchers_one``, here in Python) through the
current ``_p_at_least`` and through the baseline, checks every probability is the same (to
1e-12 relative; they are identical) and so every launcher count, and prints the CPU time of
each (``time.process_time``), for the interceptor grid's points and for the ceiling's, with the
ratio.

    python benchmarks/decoy_bench.py [--variants nmd-c1,nmd-c3 | all] [--repeat 1]
    (about a minute with all eleven variants, most of it the baseline at the ceilings;
    ``--quick``: the nmd-c1 variant only)

Numba compiles both kernels on first use (cached on disk afterwards); a warm-up call to each
precedes the timings.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
from _record import first_launcher_count, launcher_searches, sibling

from anpo.deterrence import _engine

SCENARIO = "us-japan-2001"
QUICK = ("nmd-c1",)
#: CPU seconds the current kernel's search is repeated to, per search
MEASURABLE = 0.02


def recorded_calls(variants: tuple[str, ...] | None = None) -> list[tuple]:
    """Arguments of every call to the compiled launcher search made by the U.S.-China reaction
    curves (with the full-doctrine ceiling) of the 2001 book scenario's ``variants`` (None:
    all)."""
    from anpo.deterrence.questions import answer_case, reaction_table
    from anpo.scenario import load_book

    scen = next(s for s in load_book() if s.scenario.id == SCENARIO)
    cases = [c for c in scen.cases() if variants is None or c.variant.id in variants]

    def run() -> None:
        for case in cases:
            for answer in answer_case(case, with_extended=False, dyads=["U.S.-China"]):
                reaction_table(answer, ceiling=True)

    return launcher_searches(run)


def points(call: tuple) -> list[tuple]:
    """The recorded call's points as argument tuples of ``_p_at_least`` (without ``n``) and its
    goal ``q``, for the points that take the decoy path (``_min_launchers_one``'s test: decoys
    a working layer does not tell from warheads, or RVs outside the engaged block)."""
    (sigma, pk, alloc, budget, warheads, decoys, in_block, base, shift, passthrough, m_goal,
     q_goal, inv, sspk, shots, second, rel, raid, disc, endo, frac, pats, weights,
     _max) = call  # fmt: skip
    out = []
    for i in range(len(sigma)):
        matter = bool(np.any(pats[i] & ~endo[i] & (disc[i] < 1.0)))
        fast = in_block[i] and base.shape[1] == 1 and (decoys[i] == 0 or not matter)
        if fast:
            continue
        args = (float(sigma[i]), float(pk[i]), int(alloc[i]), int(budget[i]), int(warheads[i]),
                int(decoys[i]), bool(in_block[i]), base, int(shift[i]), passthrough,
                int(m_goal[i]), inv[i], sspk[i], shots[i], second[i], rel[i], raid[i], disc[i],
                endo[i], frac[i], pats[i], weights[i])  # fmt: skip
        out.append((args, float(q_goal[i]), int(_max), int(inv[i].sum())))
    return out


def search(p: Callable[..., float], args: tuple, q: float, limit: int) -> tuple[int, list]:
    """The launcher search of ``_engine._min_launchers_one`` (none, then doubling, then
    bisection) over ``p(n, *args)``; returns the count (-1: none up to ``limit``) and every
    ``(n, probability)`` evaluated."""
    seen: list[tuple[int, float]] = []

    def ok(n: int) -> bool:
        v = p(n, *args)
        seen.append((n, v))
        return v >= q

    return first_launcher_count(ok, limit), seen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variants", default="all", help="comma-separated variant ids, or all")
    ap.add_argument("--quick", action="store_true", help=f"the {QUICK[0]} variant only")
    args = ap.parse_args(argv)
    wanted = QUICK if args.quick else None
    if args.variants != "all" and not args.quick:
        wanted = tuple(args.variants.split(","))
    old = sibling("old_decoy_kernel")  # the baseline, benchmarks/old_decoy_kernel.py
    work = [pt for call in recorded_calls(wanted) for pt in points(call)]
    if not work:
        print("no search takes the decoy path")
        return 1
    ceiling = max(pt[3] for pt in work)  # the full-doctrine points: the largest inventories
    small = min(work, key=lambda pt: pt[3])
    search(_engine._p_at_least, small[0], small[1], small[2])  # warm-up (compile or load)
    search(old._p_at_least, small[0], small[1], small[2])
    times = {"grid": [0.0, 0.0, 0], "ceiling": [0.0, 0.0, 0]}
    worst = 0.0
    for pt_args, q, limit, interceptors in work:
        # the current kernel repeated to a measurable CPU time (a ceiling search takes well
        # under the clock's resolution), the baseline run once
        t_now, reps = 0.0, 0
        while t_now < MEASURABLE:
            t0 = time.process_time()
            n_new, seen_new = search(_engine._p_at_least, pt_args, q, limit)
            t_now, reps = t_now + time.process_time() - t0, reps + 1
        t1 = time.process_time()
        n_old, seen_old = search(old._p_at_least, pt_args, q, limit)
        t2 = time.process_time()
        if n_new != n_old or [n for n, _ in seen_new] != [n for n, _ in seen_old]:
            print(f"MISMATCH: {n_new} launchers now, {n_old} before ({interceptors} interceptors)")
            return 1
        for (_, a), (_, b) in zip(seen_new, seen_old, strict=True):
            worst = max(worst, abs(a - b) / max(abs(b), 1e-300))
        row = times["ceiling" if interceptors == ceiling else "grid"]
        row[0] += t_now / reps
        row[1] += t2 - t1
        row[2] += 1
    if worst > 1e-12:
        print(f"MISMATCH: probabilities differ by {worst:.1e} relative")
        return 1
    which = "all variants" if wanted is None else ", ".join(wanted)
    print(
        f"reaction curves with decoys, {SCENARIO} U.S.-China ({which}; {len(work)} searches): "
        f"launcher counts identical, probabilities differ by at most {worst:.1e} relative"
    )
    for name, (t_new, t_old, k) in times.items():
        if not k:
            continue
        label = "interceptor grid" if name == "grid" else f"full-doctrine ceiling ({ceiling:,})"
        print(
            f"  {label:36s} {k:3d} searches: {t_new * 1e3:9.2f} ms CPU now, "
            f"{t_old * 1e3:9.1f} ms before; ratio before / now {t_old / max(t_new, 1e-9):,.1f}x"
        )
    t_new = sum(v[0] for v in times.values())
    t_old = sum(v[1] for v in times.values())
    print(f"  all searches: ratio before / now (CPU time) {t_old / max(t_new, 1e-9):,.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
