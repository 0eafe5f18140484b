"""Benchmark: uncertainty bands (``anpo.deterrence.bands``).

1. Accuracy per draw. On a case with a closed form (5 missiles, one interceptor each with kill
   probability k ~ Beta(9, 1): P(at least one arrives) = 1 - k^5, whose quantiles are exact),
   the error of the 5th, 50th and 95th percentiles over repeated seeds, for the Latin hypercube
   the bands use and for plain Monte Carlo (the simple baseline) with the same number of draws.
   The printed ratio is the baseline's root-mean-square error over the hypercube's.
2. Cost per draw on the built-in book: seconds per draw of the whole machinery (draw, apply and
   re-validate the scenario, recompute the measures) against the bare model (the measures of the
   file's own values), measured in the same run; the ratio is the machinery's overhead.

The accuracy part takes a second; the cost part a few seconds of CPU per draw and scenario
(over a minute for the whole book). ``--quick`` times one draw of the book scenario with the
fewest variants only.

    python benchmarks/bands_bench.py [--draws 64] [--repeats 40] [--book-draws 4] [--quick]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy import stats

from anpo.deterrence.bands import case_measures, latin_hypercube
from anpo.scenario import load_book
from anpo.scenario.uncertainty import apply

QS = np.array([0.05, 0.5, 0.95])


def accuracy(draws: int, repeats: int) -> None:
    exact = 1.0 - stats.beta.ppf(1.0 - QS, 9, 1) ** 5
    err = {"latin hypercube": [], "monte carlo": []}
    for seed in range(repeats):
        rng = np.random.default_rng(seed)
        designs = {
            "latin hypercube": latin_hypercube(draws, 1, rng)[:, 0],
            "monte carlo": rng.random(draws),
        }
        for name, u in designs.items():
            k = stats.beta.ppf(u, 9, 1)
            est = np.quantile(1.0 - k**5, QS)
            err[name].append(est - exact)
    rms = {name: np.sqrt(np.mean(np.square(v), axis=0)) for name, v in err.items()}
    print(f"percentile error, {draws} draws, {repeats} seeds (closed form: 1 - k^5, k ~ Beta(9,1))")
    for name, r in rms.items():
        print(f"  {name:16s} RMS error p05 {r[0]:.4f}  p50 {r[1]:.4f}  p95 {r[2]:.4f}")
    ratio = rms["monte carlo"] / rms["latin hypercube"]
    print(
        f"  ratio (Monte Carlo / hypercube RMS error): p05 {ratio[0]:.2f}x  p50 {ratio[1]:.2f}x  "
        f"p95 {ratio[2]:.2f}x"
    )


def cost(book_draws: int, quick: bool = False) -> None:
    book = load_book()
    if quick:
        book = [min(book, key=lambda s: len(s.cases()))]
    for scen in book:
        cases = scen.cases()
        for case in cases:  # compile and warm caches outside the timing
            case_measures(case, reaction=False)
        t0 = time.process_time()
        for case in cases:
            case_measures(case, reaction=False)
        bare = time.process_time() - t0
        names = [u.name for u in scen.uncertainties]
        u = latin_hypercube(book_draws, len(names), np.random.default_rng(1))
        t0 = time.process_time()
        for d in range(book_draws):
            values = {n: scen.uncertainties[j].ppf(u[d, j]) for j, n in enumerate(names)}
            drawn = apply(scen, values)
            for case in drawn.cases():
                case_measures(case, reaction=False)
        per_draw = (time.process_time() - t0) / book_draws
        print(
            f"{scen.scenario.id}: {len(cases)} variants, {len(names)} inputs: "
            f"{per_draw:.2f} s CPU per draw, bare model {bare:.2f} s, "
            f"overhead ratio {per_draw / bare:.2f}x"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=40)
    ap.add_argument(
        "--book-draws",
        type=int,
        default=4,
        help="draws of the book for the cost part (0: skip it)",
    )
    ap.add_argument(
        "--quick",
        action="store_true",
        help="cost: one draw of the scenario with the fewest variants only",
    )
    args = ap.parse_args()
    if args.book_draws < 0:
        ap.error(f"--book-draws must be 0 or more; got {args.book_draws}")
    accuracy(args.draws, args.repeats)
    if args.quick or args.book_draws > 0:
        cost(1 if args.quick else args.book_draws, quick=args.quick)
    else:
        print("cost: skipped (--book-draws 0)")


if __name__ == "__main__":
    main()
