"""Benchmark: ``Landscape.local_minima`` with very many local minima, against the per-minimum path.

When all propensities are 0 every configuration is a local minimum ([axelrod1993], p. 217),
``2^(n-1)`` of them for two coalitions. ``local_minima`` used to give each one its energy by one
call of ``anpo.align.formal.energy`` and build one ``Minimum`` object each before sorting (18
actors: 13 s and 490 MB for ``anpo align``). It now computes every energy in one compiled pass
(``anpo.align._minima``, bit for bit fsum's), sorts the arrays, and builds objects only for the
minima asked for (``max_minima``; ``anpo align`` keeps 1,000).

Measured in the same run, after a warm-up (compiled kernels loaded), on the same enumeration:

- baseline: the per-minimum Python path (``formal.energy`` + one object per minimum + sort);
- vectorised, every minimum as objects (``local_minima()``, the library default);
- vectorised, the lowest 1,000 (``local_minima(max_minima=1000)``, what ``anpo align`` asks);
- vectorised, the lowest 30 (``local_minima(max_minima=30)``, what the web app's
  ``POST /api/align/landscape`` asks since it lists 30: it asked for all, 17.6 s and 1.3 GB for
  22 actors all 0, its cap); its ratio is against "all", the web's old call.

Instances: n actors, sizes 1-3, all propensities 0 ("zero") or three non-zero pairs ("few").
Run: ``python benchmarks/align_minima_bench.py`` (``--n 14 16 18`` by default, ``--repeat``).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from anpo.align import formal as model
from anpo.align import landscape
from anpo.align.enum2 import enumerate_two
from anpo.align.landscape import Minimum
from anpo.web.api_align import MAX_MINIMA


def instance(n: int, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """Sizes 1, 2, 3, 1, ... and propensities all 0, or 0 except three pairs."""
    sizes = 1.0 + np.arange(n) % 3
    p = np.zeros((n, n))
    if kind == "few":
        for a, b, v in ((0, 1, 1.0), (2, 3, -1.0), (4, 5, 0.5)):
            p[a, b] = p[b, a] = v
    return sizes, p


def per_minimum(sizes: np.ndarray, p: np.ndarray) -> list[Minimum]:
    """The old path: enumerate, then one ``formal.energy`` call and one object per minimum."""
    land = landscape(sizes, p)
    res = enumerate_two(land.weights, land.tolerance)
    configs = [model.bits_to_config(int(x), land.n) for x in res.minima]
    found = [
        Minimum(c, model.energy(land.weights, c), int(cnt) / res.total)
        for c, cnt in zip(configs, res.counts, strict=True)
    ]
    found.sort(key=lambda m: (m.energy, tuple(m.config.tolist())))
    return found


def lowest(sizes: np.ndarray, p: np.ndarray, keep: int | None) -> list[Minimum]:
    """The new path: ``local_minima`` of a fresh landscape (all, or the lowest ``keep``)."""
    return landscape(sizes, p).local_minima(max_minima=keep)


def best_of(repeat: int, fn, *args, **kw) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn(*args, **kw)
        best = min(best, time.perf_counter() - t)
    return best, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, nargs="+", default=[14, 16, 18])
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    landscape(*instance(6, "zero")).local_minima()  # warm-up: load the compiled kernels
    print(
        f"{'instance':>10} {'minima':>8} {'per-minimum':>12} {'all':>8} {'lowest 1000':>12} "
        f"{'ratio all':>10} {'ratio 1000':>11} {'lowest 30':>10} {'all/30':>8}"
    )
    last = web = ""
    for n in args.n:
        for kind in ("zero", "few"):
            sizes, p = instance(n, kind)
            t_old, old = best_of(args.repeat, per_minimum, sizes, p)
            t_all, new = best_of(args.repeat, lowest, sizes, p, None)
            t_few, _ = best_of(args.repeat, lowest, sizes, p, 1000)
            t_web, _ = best_of(args.repeat, lowest, sizes, p, MAX_MINIMA)
            assert isinstance(old, list) and isinstance(new, list)
            same = all(
                np.array_equal(a.config, b.config)
                and a.energy == b.energy
                and a.basin_share == b.basin_share
                for a, b in zip(old, new, strict=True)
            )
            assert same, "the vectorised minima differ from the per-minimum ones"
            print(
                f"{kind + ' ' + str(n):>10} {len(old):>8} {t_old:>11.3f}s {t_all:>7.3f}s "
                f"{t_few:>11.3f}s {t_old / t_all:>9.1f}x {t_old / t_few:>10.1f}x "
                f"{t_web:>9.3f}s {t_all / t_web:>7.1f}x"
            )
            last = f"{kind} {n}: {t_old / t_all:.1f}x"
            if kind == "zero":
                web = f"zero {n}: {t_all / t_web:.1f}x"
    # the summary line the benchmark smoke test reads (tests/test_benchmarks_smoke.py)
    print(f"ratio per-minimum / all minima, {last}")
    print(f"ratio all minima / the lowest {MAX_MINIMA} (the web's landscape), {web}")


if __name__ == "__main__":
    main()
