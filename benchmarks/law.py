"""Benchmark of the law engine's hot path: ``diff`` over every situation, activity and location
(2 x 9 x 12 x 6 = 1,296 answers), with the (situation, activity) rule index against a simple
baseline that scans every rule for every question, measured in the same run.

Run: ``PYTHONPATH=src python benchmarks/law.py``
"""

from __future__ import annotations

import time

from anpo.law import engine
from anpo.law.loader import ruleset
from anpo.law.vocab import ACTIVITIES, LOCATIONS, SITUATIONS


def _best(fn, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    run = lambda: engine.diff("2001-07-10", "2016-03-29")  # noqa: E731
    n = len(run())
    indexed = _best(run)

    rules = ruleset().rules()

    def scan(self, d, situation, activity):  # the baseline: no index, every rule every time
        return [
            (lf, r)
            for lf, r in rules
            if situation in (r.situations or lf.law.situations)
            and activity in r.activities
            and engine.rule_in_force(lf, r, d)
        ]

    original = engine._Index.in_force
    engine._Index.in_force = scan
    try:
        assert len(run()) == n
        baseline = _best(run)
    finally:
        engine._Index.in_force = original
    answers = 2 * len(SITUATIONS) * len(ACTIVITIES) * len(LOCATIONS)  # two dates
    print(f"diff 2001-07-10 -> 2016-03-29: {n} changes from {answers} answers")
    print(f"indexed engine : {indexed * 1e3:8.1f} ms ({answers / indexed:,.0f} answers/s)")
    print(f"linear baseline: {baseline * 1e3:8.1f} ms ({answers / baseline:,.0f} answers/s)")
    print(f"speed-up: {baseline / indexed:.2f}x")


if __name__ == "__main__":
    main()
