"""How far SALib's first-order Sobol' indices spread around their analytic values, by base sample.

The measurement behind :data:`anpo.explore.space.MIN_SALTELLI_N`, on two standard test
functions with analytic first-order indices, with the sampler and estimator anpo uses
(``SALib.sample.sobol`` scrambled, no second order; ``SALib.analyze.sobol``, Saltelli et al.
2010's estimator):

- Ishigami's function, a = 7, b = 0.1, inputs uniform on [-pi, pi]: S1 = (0.314, 0.442, 0)
  [saltelli2008, sec. 4.8; sobol1999] (:func:`anpo.explore.examples.ishigami`);
- Sobol's G function, ``prod (|4 x_i - 2| + a_i) / (1 + a_i)``, inputs uniform on [0, 1],
  a = (0, 1, 4.5, 9, 99, 99, 99, 99): S1 = V_i / V with ``V_i = 1 / (3 (1 + a_i)^2)`` and
  ``V = prod (1 + V_i) - 1`` = (0.716, 0.179, 0.0237, 0.00716, 7.2e-5 x 4) [saltelli2010,
  Comput. Phys. Commun. 181, 259-270; saltelli2008] (:func:`anpo.explore.examples.g_function`).

For each base sample n, over ``--seeds`` scrambling seeds: the largest standard deviation of
an input's S1 estimates and the largest root-mean-square error against the analytic S1 (over
the inputs). One core, a few seconds with the defaults.

    python tools/saltelli_min_n.py [--seeds 20] [--n 2 4 8 16 32 64 128 256]
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from anpo.explore.examples import G_A, G_FIRST_ORDER, ISHIGAMI_INDICES, g_function, ishigami


def ishigami_rows(x: np.ndarray) -> np.ndarray:
    """Ishigami's function (a = 7, b = 0.1) on rows of three inputs in [-pi, pi]."""
    return np.asarray(ishigami(x[:, 0], x[:, 1], x[:, 2])["y"])


@dataclass(frozen=True)
class TestFunction:
    """A test function with its input bounds and analytic first-order indices."""

    name: str
    f: Callable[[np.ndarray], np.ndarray]
    bounds: list[list[float]]
    s1: np.ndarray


FUNCTIONS = (
    TestFunction(
        "ishigami",
        ishigami_rows,
        [[-np.pi, np.pi]] * 3,
        np.array(list(ISHIGAMI_INDICES["S1"].values())),
    ),
    TestFunction("g", g_function, [[0.0, 1.0]] * len(G_A), G_FIRST_ORDER),
)


def s1_estimates(fn: TestFunction, n: int, seeds: int) -> np.ndarray:
    """SALib's first-order estimates (seeds x inputs) at base sample ``n``, one scrambled
    Sobol' design per seed (``calc_second_order=False``, as ``anpo explore run --sampler
    saltelli`` samples by default)."""
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    d = len(fn.bounds)
    problem = {"num_vars": d, "names": [f"x{i + 1}" for i in range(d)], "bounds": fn.bounds}
    out = []
    for seed in range(seeds):
        x = sample.sample(problem, n, calc_second_order=False, scramble=True, seed=seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = analyze.analyze(
                problem, fn.f(x), calc_second_order=False, num_resamples=10, seed=1
            )
        out.append(res["S1"])
    return np.asarray(out)


def spread(fn: TestFunction, n: int, seeds: int) -> tuple[float, float]:
    """The largest standard deviation over seeds of an input's S1 and the largest
    root-mean-square error of an input's S1 against the analytic value."""
    est = s1_estimates(fn, n, seeds)
    sd = float(np.std(est, axis=0).max())
    rmse = float(np.sqrt(np.mean((est - fn.s1) ** 2, axis=0)).max())
    return sd, rmse


def main() -> None:
    from anpo.explore.space import MIN_SALTELLI_N

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=20, help="scrambling seeds per base sample")
    ap.add_argument(
        "--n", type=int, nargs="+", default=[2, 4, 8, 16, 32, 64, 128, 256], help="base samples"
    )
    args = ap.parse_args()
    for fn in FUNCTIONS:
        shown = ", ".join(f"{s:.4g}" for s in fn.s1)
        print(f"{fn.name}: analytic S1 = ({shown})")
        for n in args.n:
            start = time.perf_counter()
            sd, rmse = spread(fn, n, args.seeds)
            mark = "  <- MIN_SALTELLI_N" if n == MIN_SALTELLI_N else ""
            print(
                f"  n = {n:5d}: largest S1 standard deviation over {args.seeds} seeds {sd:.3f}, "
                f"largest RMS error {rmse:.3f} ({time.perf_counter() - start:.1f} s){mark}",
                flush=True,
            )


if __name__ == "__main__":
    main()
