"""Benchmark: the beta quantile of uncertain inputs (anpo.scenario.uncertainty.beta_quantile).

Every beta-distributed uncertainty of ``anpo bands`` and ``anpo explore`` maps its uniform
draws through the beta quantile. anpo inverts the incomplete beta function with scipy's
``betaincinv`` / ``betainccinv``, checks each result against the forward function and repairs
the misses; the baseline, measured in the same run, is ``scipy.stats.beta.ppf`` (unchecked,
and wrong in parts of the lower tail: 2.45e-25 instead of 4.44e-21 for a = 0.5, b = 2,
u = 1e-10). Each time is the least of three runs over 100,000 uniform draws, in milliseconds;
the ratio anpo / scipy (a time ratio: above 1, anpo is slower) is the price of the check; the
last line gives its range over the five shapes.

Run: python benchmarks/beta_quantile.py   (a few seconds)
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable

import numpy as np
from scipy.stats import beta

from anpo.scenario.uncertainty import beta_quantile


def timed(fn: Callable[[], np.ndarray], repeat: int = 3) -> tuple[float, np.ndarray]:
    best, out = math.inf, np.empty(0)
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main() -> None:
    u = np.random.default_rng(0).random(100_000)
    print(f"{'alpha':>8} {'beta':>8} {'anpo ms':>9} {'scipy ms':>9} {'ratio':>7} differ")
    ratios = []
    for a, b in [(2.0, 3.0), (9.0, 1.0), (0.5, 2.0), (1e-3, 1e-3), (1e6, 1e6)]:
        t_new, x = timed(lambda a=a, b=b: beta_quantile(u, a, b))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            t_old, y = timed(lambda a=a, b=b: beta.ppf(u, a, b))
        # quantiles below the smallest normal double: anpo 0 or a subnormal, scipy 2.2e-308
        differ = int(np.sum(~np.isclose(x, y, rtol=1e-9, atol=1e-300)))
        ratios.append(t_new / t_old)
        print(
            f"{a:>8g} {b:>8g} {1e3 * t_new:>9.1f} {1e3 * t_old:>9.1f} "
            f"{t_new / t_old:>6.2f}x {differ}"
        )
    print(
        f"ratio anpo / scipy.stats.beta.ppf time: {min(ratios):.2f}x to {max(ratios):.2f}x "
        f"over {len(ratios)} shapes, {u.size:,} draws each (the price of the check)"
    )


if __name__ == "__main__":
    main()
