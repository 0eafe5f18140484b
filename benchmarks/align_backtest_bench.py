"""Benchmark of the back-test's weight fit (anpo.align.backtest) against a simple baseline.

The leave-one-war-out fit solves the same small landscapes many times: each fold runs a
coordinate search over the weight grid, and the folds overlap. The scorer caches each war's
balanced accuracy under a key holding only the weights of the factors present in that war
(a weight on an absent factor cannot change its landscape), so weight vectors that differ only
there share one solve. Baseline, measured in the same run: the same fit with the cache keyed on
the full weight vector (every distinct vector solved afresh).

Cases: synthetic wars (seeded) of 3-16 participants, each with random scores on a random subset
of recipe 3's factors, as in the COW data where, e.g., UN voting is absent before 1946. The two
fits must agree exactly (same weights, same objective). Run:
``python benchmarks/align_backtest_bench.py [--wars 24] [--seed 0]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from anpo.align import backtest as bt  # noqa: E402
from anpo.align import recipe as rc  # noqa: E402


def synthetic_cases(count: int, seed: int) -> list[bt.WarCase]:
    rng = np.random.default_rng(seed)
    out = []
    for k in range(count):
        n = int(rng.integers(3, 17))
        side = rng.integers(1, 3, size=n)
        side[0], side[1] = 1, 2
        present = rng.random(len(rc.SCORE_KEYS)) < 0.6
        scores = {}
        for key, on in zip(rc.SCORE_KEYS, present, strict=True):
            m = np.triu(rng.normal(size=(n, n)), 1) if on else np.zeros((n, n))
            scores[key] = m + m.T
        out.append(
            bt.WarCase(
                warnum=k,
                name=f"war {k}",
                onset=1900 + k,
                year=1899 + k,
                codes=tuple(range(100, 100 + n)),
                abbs=tuple(f"S{i}" for i in range(n)),
                names=tuple(f"State {i}" for i in range(n)),
                side=side.astype(np.int64),
                switched=np.zeros(n, dtype=bool),
                excluded=(),
                scores=scores,
                sizes={"cinc": rng.random(n) + 0.05, "milex": None, "equal": np.ones(n)},
                allied=np.zeros((n, n)),
            )
        )
    return out


class FullKeyScorer(bt.WarScorer):
    """The baseline: the cache keyed on the whole weight vector."""

    def share(self, warnum: int, w: rc.RecipeWeights) -> float | None:
        key = (warnum, tuple(w.as_dict().values()))
        if key not in self.cache:
            c = self.cases[warnum]
            pred = bt.predict_case(c, w, self.sizes)
            self.cache[key] = None if pred is None else bt.balanced(pred, c.side)
        return self.cache[key]


def loo(cases: list[bt.WarCase], scorer: bt.WarScorer) -> list[tuple[rc.RecipeWeights, float]]:
    spec = bt.FITS[rc.RECIPE_V3]
    return [
        bt.fit_weights([x for x in cases if x.warnum != c.warnum], spec=spec, _scorer=scorer)
        for c in cases
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--wars", type=int, default=24)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    cases = synthetic_cases(args.wars, args.seed)
    # warm-up outside the timings: the first solve compiles the kernels, which would otherwise
    # be charged to whichever fit runs first
    bt.predict_case(cases[0], bt.FITS[rc.RECIPE_V3].start, "cinc")
    t0 = time.perf_counter()
    fast = bt.WarScorer(cases, "cinc")
    a = loo(cases, fast)
    t_fast = time.perf_counter() - t0
    t0 = time.perf_counter()
    slow = FullKeyScorer(cases, "cinc")
    b = loo(cases, slow)
    t_slow = time.perf_counter() - t0
    assert a == b, "the two caches must give the same fits"
    print(f"leave-one-war-out recipe-3 fit, {args.wars} synthetic wars (seed {args.seed})")
    print(f"  factor-aware cache: {t_fast:.2f} s, {len(fast.cache)} solves")
    print(f"  full-vector cache (baseline): {t_slow:.2f} s, {len(slow.cache)} solves")
    ratio = t_slow / t_fast
    speed = f"{ratio:.1f}x faster" if ratio >= 1 else f"{1 / ratio:.1f}x slower"
    print(f"  ratio: {speed}; same weights and objectives in every fold")


if __name__ == "__main__":
    main()
