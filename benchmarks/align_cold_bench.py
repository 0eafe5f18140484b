"""Benchmark of a solver's first call in a new process (issue 15, item 5: budgets that hold
from a cold process), against the old behaviour measured in the same run.

Each run is a fresh Python process (numba's on-disk cache already filled: a first run of the
script compiles the kernels, which is reported and excluded) that builds a dense random
instance and times one call: ``solve("tabu")`` on 60 actors (default budget) and
``solve("exact", time_limit=0.5)`` on 60 actors with at most 3 coalitions.

- *new*: the call as it is: its budget counts from its start, loading the compiled kernels of
  the chosen method (and importing numba) included; the call's ``details["load_seconds"]``
  says how long the loading took.
- *old*: what a first call cost before: every solver kernel (both heuristics' and both
  branch and bounds') loaded first, outside the budget, then the call; the figure is the
  loading plus the call, the time a user waited for it.

Printed: the median over ``--repeat`` processes of the call's wall time, its loading, the
budget and the ratio old / new. Wall times depend on the machine's load (the 2-core machine
is shared); ``uptime`` is printed beside them. Run: ``python benchmarks/align_cold_bench.py``
(``--quick``: one process per case).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

#: The child process: one call, timed from before the solvers' import.
CHILD = """
import json, sys, time
t_start = time.perf_counter()
import numpy as np
from anpo.align import landscape
mode, method, n, k, budget = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
budget = None if budget == "none" else float(budget)
rng = np.random.default_rng(60)
p = rng.normal(size=(n, n))
p = np.triu(p, 1)
p = p + p.T
land = landscape(rng.uniform(0.5, 1.5, n), p, coalitions=k)
t0 = time.perf_counter()
if mode == "old":
    from anpo.align import exact, heuristics
    heuristics.warm_up()
    exact.warm_up()
t_call = time.perf_counter()
sol = land.solve(method, time_limit=budget)
t1 = time.perf_counter()
print(json.dumps({
    "wall": t1 - t0,
    "call": t1 - t_call,
    "reported": sol.seconds,
    "load": sol.details.get("load_seconds", 0.0) + (t_call - t0),
    "stopped": sol.details.get("stopped", ""),
    "energy": sol.energy,
}))
"""

#: (label, method, n, k, budget)
CASES = [
    ("tabu, 60 actors, 2 coalitions, default budget (30 s)", "tabu", 60, 2, "none"),
    ("exact, 60 actors, at most 3 coalitions, time_limit 0.5 s", "exact", 60, 3, "0.5"),
]


def run(mode: str, method: str, n: int, k: int, budget: str) -> dict[str, float]:
    """One fresh process; its JSON line."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, method, str(n), str(k), budget],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="processes per case and mode")
    ap.add_argument("--quick", action="store_true", help="one process per case and mode")
    args = ap.parse_args()
    repeat = 1 if args.quick else max(1, args.repeat)
    t = time.perf_counter()
    run("old", "tabu", 30, 3, "none")  # fills numba's cache if this checkout has none
    print(f"first process (fills numba's cache when empty): {time.perf_counter() - t:.1f} s")
    print(f"load: {os.getloadavg()[0]:.1f} (1-minute average) on {os.cpu_count()} cores")
    for label, method, n, k, budget in CASES:
        new = [run("new", method, n, k, budget) for _ in range(repeat)]
        old = [run("old", method, n, k, budget) for _ in range(repeat)]

        def med(rows: list[dict[str, float]], key: str) -> float:
            return statistics.median(r[key] for r in rows)

        b = "default" if budget == "none" else f"{budget} s"
        print(f"{label} (median of {repeat} new processes each):")
        print(
            f"  new: call {med(new, 'wall'):.2f} s (reported {med(new, 'reported'):.2f} s, "
            f"loading {med(new, 'load'):.2f} s of it; budget {b}; stopped: "
            f"{new[0]['stopped'] or 'no'})"
        )
        print(
            f"  old: loading every kernel then the call {med(old, 'wall'):.2f} s (loading "
            f"{med(old, 'load'):.2f} s outside the budget, the call reported "
            f"{med(old, 'reported'):.2f} s)"
        )
        print(f"  ratio old / new wall: {med(old, 'wall') / med(new, 'wall'):.2f}x")
        energies = {r["energy"] for r in new + old}
        if budget == "none":  # a search that finishes is the same whatever its loading
            if len(energies) != 1:
                raise SystemExit(f"  old and new calls found different energies: {energies}")
            print(f"  same energy every process: {energies.pop():.6g}")
        else:  # stopped by the clock: the energy depends on how far each got
            print(f"  energies (time-capped, may differ): {sorted(energies)}")


if __name__ == "__main__":
    main()
