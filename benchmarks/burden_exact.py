"""Benchmark: exact null distribution of Spearman's rho (anpo.burden.stats).

Hot path of the exploitation test: the exact p-value needs the distribution of
T = sum_i i * pi(i) over all n! orderings. anpo counts it with a bitmask dynamic programme
(numba); the baseline, measured in the same run, enumerates every permutation with numpy in
blocks (the brute-force method of textbooks and of R's cor.test for n <= 9).

Run: python benchmarks/burden_exact.py
"""

from __future__ import annotations

import itertools
import math
import time

import numpy as np

from anpo.burden.stats import spearman_exact_distribution


def baseline(n: int) -> np.ndarray:
    """Counts of T by enumerating all n! permutations (numpy blocks of 100k)."""
    weights = np.arange(1, n + 1)
    tmax = int(weights @ weights)
    counts = np.zeros(tmax + 1, dtype=np.int64)
    perms = itertools.permutations(range(1, n + 1))
    while True:
        block = np.array(list(itertools.islice(perms, 100_000)), dtype=np.int64)
        if block.size == 0:
            break
        counts += np.bincount(block @ weights, minlength=tmax + 1)
    return counts


def timed(fn, *args, repeat: int = 3) -> tuple[float, object]:
    best = math.inf
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best, out


def dp(n: int) -> np.ndarray:
    spearman_exact_distribution.cache_clear()
    return spearman_exact_distribution(n)[1]


def main() -> None:
    dp(4)  # compile the numba kernel once (cached on disk afterwards)
    print("exact Spearman null distribution, best of 3 (seconds)")
    for n in (9, 10):
        t_base, counts_base = timed(baseline, n, repeat=1 if n > 9 else 3)
        t_dp, counts_dp = timed(dp, n)
        t_min, _ = spearman_exact_distribution(n)
        same = np.array_equal(np.asarray(counts_base)[t_min : t_min + len(counts_dp)], counts_dp)
        print(
            f"n={n:2d}  enumeration {t_base:8.3f}  dynamic programme {t_dp:8.4f}  "
            f"ratio {t_base / t_dp:8.1f}x  identical={same}"
        )
    for n in (12, 14, 16):
        t_dp, _ = timed(dp, n, repeat=1)
        est = t_base * math.factorial(n) / math.factorial(10)
        print(
            f"n={n:2d}  dynamic programme {t_dp:8.3f}  (enumeration would take about {est:,.0f} s "
            f"by extrapolating n=10 x n!/10!)"
        )


if __name__ == "__main__":
    main()
