"""Benchmark of the law engine's hot paths, each against a simple baseline measured in the same run.

1. ``ask`` over the full grid (every situation, activity and location preset on two dates), with
   the (situation, activity) rule index against a baseline that scans every rule for every
   question.
2. ``diff`` between two dates computed from the intervals (only the (situation, activity) pairs
   whose rules, law versions or cited wording differ are re-evaluated) against the baseline that
   answers and compares every question of the grid on both dates.

Each time is the least of five runs (three for the full comparison), in milliseconds; a ratio
above 1 means the engine is faster than its baseline. Run (a few seconds):
``PYTHONPATH=src python benchmarks/law.py``
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from anpo.law import engine
from anpo.law.loader import Ruleset, ruleset
from anpo.law.vocab import ACTIVITIES, LOCATIONS, SITUATIONS

A, B = "2001-07-10", "2016-03-29"


def _best(fn: Callable[[], object], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def _grid() -> list[engine.Answer]:
    return [
        engine.ask(d, s, a, loc)
        for d in (A, B)
        for s in SITUATIONS
        for a in ACTIVITIES
        for loc in LOCATIONS
    ]


def _diff_baseline(a_date: str, b_date: str) -> list[tuple[str, str, str]]:
    """The (situation, activity, location) questions whose answers differ on the two dates."""
    return [
        (s, a, loc)
        for s in SITUATIONS
        for a in ACTIVITIES
        for loc in LOCATIONS
        if engine.changed_fields(engine.ask(a_date, s, a, loc), engine.ask(b_date, s, a, loc))
    ]


def rule_scan(rs: Ruleset) -> Callable[..., list[Any]]:
    """The baseline for ``RuleIndex.in_force``: no index, every rule of ``rs`` scanned for every
    question (tests/test_law_loader.py checks it answers as the index does)."""
    entries = [e for es in engine.rule_index(rs).by_key.values() for e in es]
    entries = list({id(e.rule): e for e in entries}.values())

    def scan(self, d, situation, activity):  # noqa: ANN001, ANN202 - replaces a method
        out = []
        for e in entries:
            version = e.act.version_on(d)
            if version is None or not e.rule.in_force(d) or activity not in e.rule.activities:
                continue
            if situation in (e.rule.situations or version.law.situations):
                out.append(e)
        return out

    return scan


def main() -> None:
    answers = _grid()
    indexed = _best(_grid)

    rs = ruleset()
    scan = rule_scan(rs)
    original = engine.RuleIndex.in_force
    engine.RuleIndex.in_force = scan
    try:
        # the same answers, not only as many (the check compared the two counts of questions)
        if _grid() != answers:
            raise SystemExit("the rule scan and the index answer differently")
        baseline = _best(_grid)
    finally:
        engine.RuleIndex.in_force = original
    n_ask = len(answers)
    print(f"ask over the grid: {n_ask} answers (identical both ways), {len(rs.rules())} rules")
    print(f"  indexed engine : {indexed * 1e3:8.1f} ms ({n_ask / indexed:,.0f} answers/s)")
    print(f"  rule-scan      : {baseline * 1e3:8.1f} ms ({n_ask / baseline:,.0f} answers/s)")
    print(f"  ratio rule-scan / indexed time: {baseline / indexed:.2f}x")

    # a span across the 2016 legislation (almost every answer changes) and a quiet one
    for a_date, b_date in ((A, B), ("2010-06-01", "2013-06-01")):
        got = [(c.situation, c.activity, c.location) for c in engine.diff(a_date, b_date)]
        n = len(got)
        if sorted(got) != sorted(_diff_baseline(a_date, b_date)):  # same questions
            raise SystemExit(f"diff {a_date} -> {b_date} differs from the full comparison")
        by_interval = _best(lambda a=a_date, b=b_date: engine.diff(a, b))
        full = _best(lambda a=a_date, b=b_date: _diff_baseline(a, b), repeat=3)
        print(f"diff {a_date} -> {b_date}: {n} changed answers")
        print(f"  from intervals : {by_interval * 1e3:8.1f} ms")
        print(f"  full comparison: {full * 1e3:8.1f} ms")
        print(f"  ratio full comparison / from intervals time: {full / by_interval:.2f}x")


if __name__ == "__main__":
    main()
