"""Benchmark: the truncated exact propagation (reaction curves with decoys) against the kernels
it replaces (perfstab), on the case the web app could not serve: the 2030 book scenario,
variant ``gmd-global-underlay``, U.S.-China (the DF-41 growth component, two decoys per RV,
through the GBI/NGI layer and the SM-3 Block IIA underlay, both exo-atmospheric).

The script computes the three dyads' reaction curves of that variant once with the package
(recording the arguments of every call to the compiled search), then replays each recorded
call through the current kernel and through the baseline kept verbatim in
``benchmarks/old_propagate_kernel.py``, checks the launcher counts are identical and prints the
CPU time of each (``time.process_time``) and the ratio. A second block times one exact
propagation of the slowest search's attack (U.S.-China) through both layers, truncated at the
reaction goal (one step of the launcher search), with the largest difference between the two.

    python benchmarks/propagate_bench.py [--repeat 1]   (25-30 s; 50 s when numba compiles first)

Numba compiles both kernels on first use (cached on disk afterwards); a warm-up call to each
precedes the timings.
"""

from __future__ import annotations

import argparse
import time
from importlib import resources

import numpy as np
from _record import launcher_searches, sibling

from anpo.deterrence import _engine

SCENARIO = "us-japan-2030.toml"
VARIANT = "gmd-global-underlay"


def recorded_calls(variant: str = VARIANT) -> list[tuple]:
    """Arguments of every call to the compiled launcher search made by the reaction curves of
    the 2030 book scenario's ``variant`` (all dyads)."""
    from anpo.deterrence.questions import answer_case, reaction_table
    from anpo.scenario import load_scenario

    path = resources.files("anpo.scenario.book").joinpath(SCENARIO)
    with resources.as_file(path) as p:
        scen = load_scenario(p)
    cases = [c for c in scen.cases() if c.variant.id == variant]

    def run() -> None:
        for case in cases:
            for answer in answer_case(case, with_extended=False):
                reaction_table(answer)

    return launcher_searches(run)


def decoy_block(call: tuple) -> tuple[np.ndarray, tuple, int]:
    """The joint (RVs, decoys) pmf the search propagates for zero launchers of the growth
    component (the base attack, truncated below the goal plus every interceptor), with the
    point's layer arrays (all layers active) and the goal."""
    base, m_goal = call[7], int(call[10][0])
    layers = tuple(np.ascontiguousarray(a[0]) for a in call[12:21])
    cap0 = m_goal + int(layers[0].sum())
    block = np.zeros((cap0, base.shape[1] + 1))
    rows = min(cap0, base.shape[0])
    block[:rows, : base.shape[1]] = base[:rows]
    return block, layers, m_goal


def _time(func, *args, repeat: int) -> tuple[float, object]:  # noqa: ANN001
    best = float("inf")
    out = None
    for _ in range(repeat):
        t0 = time.process_time()
        out = func(*args)
        best = min(best, time.process_time() - t0)
    return best, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1, help="timings: best of this many runs")
    args = ap.parse_args(argv)
    old = sibling("old_propagate_kernel")  # the baseline, benchmarks/old_propagate_kernel.py
    calls = recorded_calls()
    # warm-up (compilation or loading from numba's cache)
    small = calls[-1]
    _engine.min_launchers_serial(*small)
    old.min_launchers_serial(*small)

    t_new = t_old = 0.0
    slowest, t_slowest = calls[0], -1.0
    for call in calls:
        dt, new_out = _time(_engine.min_launchers_serial, *call, repeat=args.repeat)
        t_new += dt
        dt, old_out = _time(old.min_launchers_serial, *call, repeat=args.repeat)
        t_old += dt
        if dt > t_slowest:
            slowest, t_slowest = call, dt
        if not np.array_equal(new_out, old_out):
            print(f"MISMATCH: {new_out} != {old_out}")
            return 1
    print(
        f"reaction curves, 2030 {VARIANT} (3 dyads, {len(calls)} searches): "
        f"{t_new:.2f} s CPU now, {t_old:.2f} s before; launcher counts identical"
    )
    print(f"  ratio before / now (CPU time): {t_old / max(t_new, 1e-9):.1f}x")

    if slowest[7].shape[1] > 1:
        block, layers, m_goal = decoy_block(slowest)
        active = np.ones(layers[0].shape[0], dtype=bool)
        dt_new, (leak_new, lump_new) = _time(
            _engine.propagate, block, *layers, active, m_goal, repeat=args.repeat
        )
        dt_old, (leak_old, lump_old) = _time(
            old.propagate, block, *layers, active, m_goal, repeat=args.repeat
        )
        diff = max(float(np.max(np.abs(leak_new - leak_old))), abs(lump_new - lump_old))
        print(
            f"one truncated propagation, U.S.-China attack ({block.shape[0]} x {block.shape[1]} "
            f"states, inventories {layers[0].tolist()}): {dt_new:.3f} s CPU now, {dt_old:.3f} s "
            f"before; largest difference {diff:.1e}"
        )
        print(f"  ratio before / now (CPU time): {dt_old / max(dt_new, 1e-9):.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
