"""Benchmark: two coupled blocks with decoys in play on the compiled pair engine
(``anpo.deterrence._engine.pair_propagate_decoys``) against the plain-Python engine
(``anpo.deterrence._general``, ``arrivals(..., engine="reference")``), which ran such attacks
before, measured in the same run.

The case is the coupled one of ``benchmarks/reaction_ceiling_bench.py``: ICBMs with one decoy
each through a midcourse layer engaging ICBMs only (the 2001 book's: shoot-look-shoot, 2 + 2
shots of 0.6, per-raid reliability 0.9, discrimination 0.5, 100 interceptors) and a terminal
layer engaging ICBMs and IRBMs (one shot of 0.5, 40 interceptors, endo-atmospheric); one IRBM
besides. The ICBMs that arrive are Bin(n, 0.6) (n launchers, 60% survivable); a second attack
adds a layer engaging both classes before the midcourse (per-RV reliability 0.95, 20
interceptors, discrimination 0.3, footprint 0.7) so decoys are sorted by a layer both blocks
share. For each size the script checks the two leaker pmfs agree (1e-12 relative or 4 machine
epsilons absolute) and prints the CPU time of each (``time.process_time``) and the ratio.

    python benchmarks/pair_decoys_bench.py [--sizes 10,20] [--quick]

About 25 s with the default sizes, nearly all of it the plain engine (19 s at 20 launchers
with the shared layer on the 2-core machine, 2026-12-05; its time grows fast with the
objects); ``--quick``: sizes 6 and 10.
Numba compiles the kernel on first use (cached on disk afterwards); a warm-up call precedes the
timings.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy import stats

from anpo.deterrence import defense as d


def layers(shared: bool) -> list[d.Layer]:
    """The layers of the module docstring (with the shared exo-atmospheric layer first when
    ``shared``)."""
    mid = d.Layer(name="midcourse", interceptors=100, sspk=0.6, shots=2,
                  doctrine="shoot-look-shoot", second_shots=2, reliability=0.9,
                  discrimination=0.5, engages=("ICBM",))  # fmt: skip
    term = d.Layer(name="terminal", interceptors=40, sspk=0.5, shots=1,
                   engages=("ICBM", "IRBM"), endo_atmospheric=True)  # fmt: skip
    both = d.Layer(name="shared", interceptors=20, sspk=0.7, shots=1, reliability=0.95,
                   reliability_mode="rv", discrimination=0.3, protected_fraction=0.7,
                   engages=("ICBM", "IRBM"))  # fmt: skip
    return [both, mid, term] if shared else [mid, term]


def groups(launchers: int) -> list[d.RVGroup]:
    """Bin(launchers, 0.6) ICBMs with one decoy each, and one IRBM."""
    pmf = stats.binom.pmf(np.arange(launchers + 1), launchers, 0.6)
    return [d.RVGroup(pmf, "ICBM", 1), d.RVGroup.fixed(1, "IRBM")]


def _cpu(func, *args, **kwargs) -> tuple[float, object]:  # noqa: ANN001
    t0 = time.process_time()
    out = func(*args, **kwargs)
    return time.process_time() - t0, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,20", help="ICBM launchers, comma-separated")
    ap.add_argument("--quick", action="store_true", help="sizes 6 and 10")
    args = ap.parse_args(argv)
    sizes = [6, 10] if args.quick else [int(x) for x in args.sizes.split(",")]
    d.arrivals(groups(2), layers(True))  # compile / load the kernels
    eps = np.finfo(float).eps
    same = True
    for shared in (False, True):
        print("shared exo layer, midcourse, terminal" if shared else "midcourse, terminal")
        for n in sizes:
            t_pair, fast = _cpu(d.arrivals, groups(n), layers(shared))
            t_ref, ref = _cpu(d.arrivals, groups(n), layers(shared), engine="reference")
            got, want = fast.leaker_pmf, ref.leaker_pmf  # type: ignore[attr-defined]
            ok = bool(np.all(np.abs(got - want) <= np.maximum(1e-12 * np.abs(want), 4 * eps)))
            same = same and ok
            print(
                f"  {n:4d} launchers: pair engine {t_pair * 1e3:9.1f} ms CPU, plain engine "
                f"{t_ref * 1e3:10.1f} ms; ratio {t_ref / max(t_pair, 1e-9):,.1f}x"
                f"{'' if ok else '; pmfs DIFFER'}"
            )
    if not same:
        print("MISMATCH: the engines' leaker pmfs differ")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
