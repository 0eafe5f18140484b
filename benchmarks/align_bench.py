"""Benchmark of the landscape engine (anpo.align) against simple baselines, in one run.

1. Exhaustive two-coalition enumeration with every local minimum and basin, n = 20..28:
   the compiled Gray-code enumerator (anpo.align.enum2) vs a plain, vectorised NumPy enumeration
   computing the same successors and basins (blocks of configurations, matrix products, pointer
   jumping with fancy indexing). The NumPy baseline is run while one size takes less than
   ``--numpy-budget`` seconds; beyond that its time is extrapolated from its measured cost per
   configuration x n^2 (stated as such in the output).
2. Exact global minimum at n = 40 with dense propensities: the Russian-doll branch and bound
   (anpo.align.exact) vs the straightforward MIP linearisation solved by HiGHS (time limit
   ``--mip-time-limit``; when it is hit the ratio is a lower bound).
3. Heuristics on 60, 200 and 500 actors (time; gap to the proven optimum where the exact solver
   finishes); ``solve("tabu")`` on 60 actors through the public API (it never runs the exact
   solver first).
4. Budgets: a node-capped and a time-capped branch and bound at n = 60 against the full search
   (the cap bounds the whole search: a 10% node cap costs about 10% of the time), with the
   returned lower bound and energy against the optimum.
5. What-if, L-infinity: the smallest largest change of a state's propensities that brings it
   onto the anchors' side (``anpo.align.whatif.smallest_change(norm="Linf")``, the web page's
   second measure): the enumeration (extreme changes and a distance transform, exact) vs the
   lazy-constraint MIP it replaced (``method="mip"``, time limit ``--mip-time-limit``; when it
   is hit the ratio is a lower bound), on dense random instances and on the built-in 2001
   instance's default question (China onto the side of the U.S. and Japan, 20 states; the web
   page gives the search 8 s).
6. Calibration of ``solve("auto")``: time to a proof of the branch and bound by number of
   coalitions and actors (median of three dense instances, 20 s cap per run) next to the limits
   in ``anpo.align.landscape.AUTO_EXACT_MAX``; and k-coalition tabu search against the proven
   optima.
7. The report's what-if budget: ``smallest_change(max_nodes=REPORT_MAX_NODES, time_limit=None)``
   (20,000 nodes of HiGHS's branch and bound, the L1 change the report's table prints) on a
   worst-case user instance: 22 actors (the what-if's largest), dense Gaussian propensities,
   heavy-tailed random sizes, two coalitions, the question that needed the most nodes among
   the 82 scanned by align23 (seed 9009, state 5 onto state 0's side over its 21 pairs, what
   the report asks: 2,296 nodes in 4 lazy rounds, proven; the others needed at most 1,999,
   most under 400). No question of the report's shape spent the budget, so a call that spends
   it is extrapolated from this one's seconds per node; measured once instead, the same
   question over all 231 pairs (not what the report asks) spent the 20,000 nodes in 1,133 s
   at a load of 5-7 on the 2 cores (57 ms a node on a larger MIP). The baseline, in
   the same run: one pass over every configuration's energy (``whatif.all_energies``), the
   check each lazy round of the search repeats. Then the report's shared budget
   (``whatif.smallest_changes``, ``REPORT_TOTAL_NODES``, budget24) on the same instance: every
   state off the side of states 0 and 1 asked in turn, as the report asks the states off the
   U.S.-Japan side (budget24: 20 questions, 5,093 nodes, 85-119 s; none left out),
   and a worst case of the total: the hardest of those questions (state 2, 1,112 nodes)
   asked 21 times with 1,000 nodes each, so that the first 20 spend their budgets and the
   whole total and the 21st is not examined (budget24: 161-293 s, 8-15 ms a node on 2
   shared cores). ``--quick`` or ``--no-report-budget`` skip it
   (minutes).

Targets: every local minimum and basin for 28 actors < 60 s on 2 cores; 40 dense
actors exact < 60 s. Run: ``python benchmarks/align_bench.py`` (``--quick`` for n <= 24).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numba
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from anpo.align import landscape  # noqa: E402
from anpo.align.enum2 import enumerate_two  # noqa: E402
from anpo.align.exact import branch_and_bound_k, branch_and_bound_two, mip_two  # noqa: E402
from anpo.align.formal import tie_tolerance, weights  # noqa: E402
from anpo.align.heuristics import heuristic  # noqa: E402
from anpo.align.landscape import AUTO_EXACT_MAX, AUTO_EXACT_MAX_MANY  # noqa: E402


def instance(n: int, seed: int, sizes: str = "uniform") -> np.ndarray:
    """Dense random instance: Gaussian propensities, sizes uniform on [0.5, 1.5] or heavy-tailed
    (Pareto, like capability shares)."""
    rng = np.random.default_rng(seed)
    p = rng.normal(size=(n, n))
    p = np.triu(p, 1)
    p = p + p.T
    s = rng.uniform(0.5, 1.5, n) if sizes == "uniform" else rng.pareto(1.0, n) + 0.01
    return weights(s, p)


def numpy_enumeration(w: np.ndarray, tol: float, block: int = 1 << 16):
    """Plain NumPy baseline: same successors (steepest move, lowest index among ties) and basins."""
    n = w.shape[0]
    m = n - 1
    total = 1 << m
    full = total - 1
    half = 0.5 * tol
    succ = np.empty(total, dtype=np.int64)
    shifts = np.arange(m, dtype=np.int64)
    for start in range(0, total, block):
        x = np.arange(start, min(total, start + block), dtype=np.int64)
        bits = (x[:, None] >> shifts[None, :]) & 1
        sig = np.ones((x.size, n))
        sig[:, 1:] = 1.0 - 2.0 * bits
        g = sig * (sig @ w)  # half the energy change of flipping each actor
        best = g.min(axis=1)
        first = np.argmax(g <= best[:, None] + half, axis=1)
        flip = np.where(first == 0, full, np.left_shift(1, np.maximum(first - 1, 0)))
        succ[start : start + x.size] = np.where(best < -half, x ^ flip, x)
    roots = succ.copy()
    while True:
        nxt = roots[roots]
        if np.array_equal(nxt, roots):
            break
        roots = nxt
    minima, counts = np.unique(roots, return_counts=True)
    return minima, counts


def timed(fn, *args, **kw):
    t = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t


def whatif_linf(mip_time_limit: float, quick: bool) -> None:
    """Section 5: the L-infinity what-if search, enumeration against the MIP (same input, the
    energies of every configuration computed once and given to both)."""
    from anpo.align import whatif
    from anpo.align.io import read_book

    print("\n5. What-if, L-infinity smallest change: enumeration vs the lazy-constraint MIP")
    print(f"{'case':>28} {'enumeration s':>14} {'MIP s':>9} {'ratio':>9}  size")
    cases = []
    for n in (10, 12) if quick else (10, 12, 14, 16):
        rng = np.random.default_rng(7000 + n)
        p = np.triu(rng.normal(size=(n, n)), 1)
        land = landscape(rng.uniform(0.5, 1.5, n), p + p.T)
        gcfg, _ = land.global_minimum()
        actor = next((k for k in range(1, n) if gcfg[k] != gcfg[0]), n - 1)
        cases.append((f"random n = {n}", land, actor, [0]))
    inst = read_book("asia_pacific_2001")
    us, jp, cn = (inst.index(x) for x in ("United States of America", "Japan", "China"))
    cases.append(("2001 book, China (n = 20)", inst.landscape(2), cn, [us, jp]))
    for label, land, actor, anchors in cases:
        cache = whatif.all_energies(land)
        fast, t_fast = timed(whatif.smallest_change, land, actor, anchors, norm="Linf", cache=cache)
        mip, t_mip = timed(
            whatif.smallest_change,
            land,
            actor,
            anchors,
            norm="Linf",
            cache=cache,
            method="mip",
            time_limit=mip_time_limit,
        )
        done = mip.proven and not mip.time_out
        ratio = f"{'' if done else '>='}{t_mip / t_fast:.1f}x"
        agree = (
            f"{fast.norm:.6g} (MIP {mip.norm:.6g})"
            if done
            else f"{fast.norm:.6g} (MIP stopped, lower bound {mip.lower_bound:.4g})"
        )
        print(f"{label:>28} {t_fast:>14.3f} {t_mip:>9.2f} {ratio:>9}  {agree}")


def report_budget() -> None:
    """Section 7: one what-if call with the report's deterministic budget, no time limit, on
    the worst-case 22-actor instance of the module docstring, against one pass over every
    configuration's energy measured in the same run. The nodes it spends are counted by
    wrapping the search's MIP (its answer reports lazy rounds, not nodes); a call that spends
    the whole budget is extrapolated from the rate, as no question of the scan needed it."""
    from anpo.align import whatif

    n, actor = 22, 5
    rng = np.random.default_rng(9009)
    p = np.triu(rng.normal(size=(n, n)), 1)
    land = landscape(rng.pareto(1.5, n) + 0.1, p + p.T)
    budget = whatif.REPORT_MAX_NODES
    print(
        f"\n7. The report's what-if budget ({budget:,} nodes of HiGHS's branch and bound, no time "
        f"limit), L1, {n} actors, dense, heavy-tailed sizes"
    )
    spent: list[int] = []
    mip = whatif._mip_solve

    def counted(*args, **kwargs):
        sol = mip(*args, **kwargs)
        spent.append(sol.nodes)
        return sol

    cache, t_pass = timed(whatif.all_energies, land)
    whatif._mip_solve = counted
    try:
        ch, t_call = timed(
            whatif.smallest_change,
            land,
            actor,
            [0],
            cache=cache,
            time_limit=None,
            max_nodes=budget,
        )
    finally:
        whatif._mip_solve = mip
    nodes = sum(spent)
    what = (
        f"proven, L1 {ch.norm:.6g}"
        if ch.proven
        else f"{ch.reason}; L1 <= {ch.norm:.6g}, >= {ch.lower_bound:.6g}"
    )
    print(f"    one pass over all 2^{n - 1} energies (baseline): {t_pass:.2f} s")
    print(
        f"    smallest_change(max_nodes={budget:,}, time_limit=None): {t_call:.1f} s, "
        f"{nodes:,} nodes, {ch.rounds} lazy rounds: {what}"
    )
    print(f"    ratio call / pass: {t_call / t_pass:.0f}x")
    if nodes < budget:
        rate = t_call / max(nodes, 1)
        print(
            f"    at {1000 * rate:.1f} ms a node (the call's seconds / its nodes), a call that "
            f"spends all {budget:,} would take about {rate * budget:.0f} s"
        )
    total = whatif.REPORT_TOTAL_NODES
    gcfg, _ = land.global_minimum()
    anchors = [0, 1]
    together = gcfg[0] == gcfg[1]
    asked = [k for k in range(2, n) if not (together and gcfg[k] == gcfg[0])]
    for label, actors, each in (
        ("the report's questions (states off the side of 0 and 1)", asked, budget),
        ("worst case: state 2 asked 21 times, 1,000 nodes each", [2] * 21, 1000),
    ):
        res, t_all = timed(
            whatif.smallest_changes,
            land,
            actors,
            anchors,
            cache=cache,
            max_nodes=each,
            total_nodes=total,
        )
        done = [c for _, c in res if c is not None]
        spent_all = sum(c.nodes for c in done)
        print(
            f"    shared budget of {total:,} nodes, {label}: {len(done)} asked, "
            f"{len(res) - len(done)} not examined, {spent_all:,} nodes, {t_all:.0f} s"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="enumeration only up to n = 24")
    ap.add_argument("--no-calibration", action="store_true", help="skip section 6 (a few minutes)")
    ap.add_argument(
        "--no-report-budget",
        action="store_true",
        help="skip section 7 (minutes; --quick skips it too)",
    )
    ap.add_argument("--max-n", type=int, default=28)
    ap.add_argument("--numpy-budget", type=float, default=40.0)
    ap.add_argument("--mip-time-limit", type=float, default=120.0)
    ap.add_argument(
        "--streaming",
        action="store_true",
        help="also time the streaming (no successor array) variant at the largest n",
    )
    args = ap.parse_args()
    max_n = min(24, args.max_n) if args.quick else args.max_n

    print(
        f"anpo.align benchmark: {os.cpu_count()} CPUs, numba {numba.__version__}, "
        f"{numba.get_num_threads()} threads, numpy {np.__version__}"
    )
    # warm-up (JIT compilation is cached on disk; exclude it from the timings)
    w0 = instance(12, 0)
    enumerate_two(w0, tie_tolerance(w0))
    branch_and_bound_two(w0, tie_tolerance(w0))
    heuristic(w0, tie_tolerance(w0), method="tabu", restarts=2, sweeps=2)

    print("\n1. Every local minimum and basin, two coalitions (dense Gaussian propensities)")
    print(f"{'n':>3} {'configs':>13} {'minima':>7} {'anpo s':>9} {'numpy s':>10} {'ratio':>8}")
    per_unit = None
    numpy_ok = True
    last = ""
    for n in range(20, max_n + 1, 2):
        w = instance(n, n)
        tol = tie_tolerance(w)
        res, t_fast = timed(enumerate_two, w, tol)
        note = ""
        if numpy_ok:
            (mins, cnts), t_np = timed(numpy_enumeration, w, tol)
            assert np.array_equal(mins, res.minima) and np.array_equal(cnts, res.counts), (
                "NumPy baseline disagrees"
            )
            per_unit = t_np / ((1 << (n - 1)) * n * n)
            if t_np > args.numpy_budget:
                numpy_ok = False
        else:
            t_np = per_unit * (1 << (n - 1)) * n * n
            note = " (numpy extrapolated: measured cost per configuration x n^2)"
        print(
            f"{n:>3} {1 << (n - 1):>13,} {len(res.minima):>7} {t_fast:>9.2f} {t_np:>10.2f} "
            f"{t_np / t_fast:>7.1f}x{note}",
            flush=True,
        )
        last = f"ratio numpy / anpo time at n = {n}: {t_np / t_fast:.1f}x{note}"
    print(f"    {last}")
    if args.streaming:
        w = instance(max_n, max_n)
        res2, t_s = timed(enumerate_two, w, tie_tolerance(w), mode="streaming")
        print(
            f"    streaming variant at n = {max_n}: {t_s:.2f} s "
            f"({len(res2.minima)} minima, no successor array)"
        )
    target = "met" if max_n >= 28 else "not measured"
    print(
        f"    target: n = 28, every local minimum and basin < 60 s on 2 cores -> {target} "
        "(see the n = 28 row)"
    )

    print("\n2. Exact global minimum, n = 40, dense propensities")
    print(
        f"{'sizes':>9} {'B&B s':>9} {'nodes':>10} {'MIP s':>9} {'MIP status':>22} {'ratio':>9} "
        f"{'agree':>6}"
    )
    for kind in ("uniform", "heavy"):
        w = instance(40, 4040, kind)
        tol = tie_tolerance(w)
        bb, t_bb = timed(branch_and_bound_two, w, tol)
        mip, t_mip = timed(mip_two, w, time_limit=args.mip_time_limit)
        status = "optimal" if mip.proven else f"time limit, gap {mip.energy - mip.lower_bound:.3g}"
        ratio = t_mip / t_bb
        agree = (
            "yes"
            if abs(mip.energy - bb.energy) <= 1e-6 * abs(bb.energy)
            else ("no" if mip.proven else "n/a")
        )
        prefix = "" if mip.proven else ">"
        print(
            f"{kind:>9} {t_bb:>9.4f} {bb.nodes:>10,} {t_mip:>9.2f} {status:>22} "
            f"{prefix}{ratio:>8.0f}x {agree:>6}",
            flush=True,
        )
    for n in (60, 70):
        w = instance(n, 7000 + n)
        bb, t_bb = timed(branch_and_bound_two, w, tie_tolerance(w))
        print(f"    branch and bound at n = {n} (uniform sizes): {t_bb:.2f} s, {bb.nodes:,} nodes")

    print("\n3. Heuristics (32 restarts, seeded; gap to the proven optimum where known)")
    for n in (60, 200, 500):
        w = instance(n, 9000 + n)
        tol = tie_tolerance(w)
        opt = branch_and_bound_two(w, tol).energy if n <= 60 else None
        for method in ("descent", "anneal", "tabu"):
            sweeps = 200 if method != "tabu" else 20
            h, t_h = timed(heuristic, w, tol, method=method, restarts=32, seed=1, sweeps=sweeps)
            gap = "" if opt is None else f" gap {(h.energy - opt) / abs(opt):.2e}"
            print(
                f"    n = {n:>3} {method:>8}: {t_h:6.2f} s, E = {h.energy:.6g},"
                f" {h.hits}/32 restarts at best{gap}",
                flush=True,
            )
    rng = np.random.default_rng(60)
    p60 = np.triu(rng.normal(size=(60, 60)), 1)
    land60 = landscape(rng.uniform(0.5, 1.5, 60), p60 + p60.T)
    land60.solve("tabu", seed=0, restarts=2, sweeps=2)  # compile
    sol, t_tabu = timed(land60.solve, "tabu", seed=1)
    print(
        f"    solve('tabu') on 60 actors (public API, 32 restarts x 200 sweeps): {t_tabu:.3f} s, "
        f"proven={sol.proven} (no exact solver run), E = {sol.energy:.6g}"
    )

    print("\n4. Budgets: the cap bounds the whole search (n = 60, dense, uniform sizes)")
    w = instance(60, 6060)
    tol = tie_tolerance(w)

    def best_of(k: int, *args, **kw):  # the least of k runs: robust to other load on the cores
        runs = [timed(*args, **kw) for _ in range(k)]
        return min(runs, key=lambda r: r[1])

    full, t_full = best_of(3, branch_and_bound_two, w, tol)
    print(f"    full search: {t_full:.3f} s, {full.nodes:,} nodes, E* = {full.energy:.6g}")
    for frac in (0.1, 0.5):
        cap = max(1, int(full.nodes * frac))
        cut, t_cut = best_of(3, branch_and_bound_two, w, tol, max_nodes=cap)
        print(
            f"    max_nodes = {frac:.0%} of the nodes: {t_cut:.3f} s ({t_cut / t_full:.0%} of the "
            f"time), {cut.nodes:,} nodes, lower bound {cut.lower_bound:.6g} <= E* <= "
            f"{cut.energy:.6g}"
        )
    limit = max(t_full / 4, 1e-3)
    cut, t_cut = timed(branch_and_bound_two, w, tol, time_limit=limit)
    print(
        f"    time_limit = {limit:.3f} s: stopped after {t_cut:.3f} s ({cut.stopped or 'finished'})"
        f", lower bound {cut.lower_bound:.6g} <= E* <= {cut.energy:.6g}"
    )
    sol, t_sol = timed(land60.solve, "exact", time_limit=0.05)
    print(
        f"    solve('exact', time_limit=0.05) with its tabu warm start: {t_sol:.3f} s, "
        f"proven={sol.proven}, gap to its bound {sol.energy - (sol.lower_bound or sol.energy):.4g}"
    )

    whatif_linf(args.mip_time_limit, quick=args.quick)
    if not args.no_calibration:
        calibration()
    if not (args.quick or args.no_report_budget):
        report_budget()


def calibration() -> None:
    """Section 6: ``solve("auto")``'s limits against the time to a proof; k-coalition tabu
    search against the proven optima."""
    print("\n6. Calibration of solve('auto'): seconds to a proof (median of 3, 20 s cap)")
    grid = {2: (50, 60, 70), 3: (35, 40, 45), 4: (32, 36, 40), 0: (28, 32, 36)}
    for k, sizes in grid.items():
        label = "free" if k == 0 else str(k)
        limit_n = AUTO_EXACT_MAX.get(k, AUTO_EXACT_MAX_MANY) if k else AUTO_EXACT_MAX_MANY
        cells = []
        for n in sizes:
            ts = []
            for rep in range(3):
                w = instance(n, 1000 * n + rep)
                tol = tie_tolerance(w)
                kk = n if k == 0 else k
                if kk == 2:
                    r = branch_and_bound_two(w, tol, time_limit=20.0)
                else:
                    r = branch_and_bound_k(w, kk, tol, time_limit=20.0)
                ts.append(r.seconds if r.proven else float("inf"))
            med = sorted(ts)[1]
            cells.append(f"n={n}: {med:.2f} s" if np.isfinite(med) else f"n={n}: >20 s")
        print(f"    k = {label:>4} (auto uses exact up to n = {limit_n}): " + ", ".join(cells))
    hits = total = 0
    for k in (3, 4, 0):
        for seed in range(10):
            n = 14 if k else 11
            kk = k or n
            w = instance(n, 500 + seed)
            tol = tie_tolerance(w)
            opt = branch_and_bound_k(w, kk, tol)
            h = heuristic(w, tol, k=kk, method="tabu", restarts=16, sweeps=50, seed=seed)
            hits += int(h.energy <= opt.energy + tol + 1e-9)
            total += 1
    print(f"    k-coalition tabu search reaches the proven optimum on {hits} of {total} instances")


if __name__ == "__main__":
    main()
