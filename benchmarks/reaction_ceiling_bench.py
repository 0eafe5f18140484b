"""Benchmark: the reaction curve's full-doctrine ceiling on the coupled path.

``reaction_table(answer, ceiling=True)`` (what ``anpo report`` computes) adds to each curve one
point, the varied layer's full-doctrine inventory
(:func:`anpo.deterrence.reaction.full_doctrine_inventory`: its shots per object times every
object that could arrive, so that neither salvo ever runs short). When the rival's other
warheads are engaged by layers partly in common with the growth component's (the "coupled" case
of :func:`anpo.deterrence.reaction.reaction_curve`), every point of the curve, the ceiling too,
is searched with the exact plain search
(:func:`anpo.deterrence.reaction.reaction_point_reference`, the full leaker distribution of
every candidate force through :func:`anpo.deterrence.defense.arrivals`, [wilkening1999]). No
built-in scenario has such a case; this script builds one: the growth component (ICBMs, one
warhead per launcher, 60% survivable, struck with one warhead of kill probability 0.8 per
vulnerable launcher) through a midcourse layer engaging ICBMs only (the 2001 book's:
shoot-look-shoot, 2 + 2 shots of 0.6, per-raid reliability 0.9, discrimination 0.5) and a
terminal layer engaging ICBMs and IRBMs (one shot of 0.5, 40 interceptors); one IRBM arrives
besides; the goal P(at least 1 arrives) >= 0.9.

Two attacks: without decoys (the coupled blocks go through the compiled pair engine,
``_engine.pair_propagate``), and with one decoy per ICBM, which the midcourse layer must sort
(the coupled blocks then go through the compiled pair engine with decoys,
``_engine.pair_propagate_decoys``; they went through the plain-Python engine,
``anpo.deterrence._general``, before decoys2: ``benchmarks/pair_decoys_bench.py``).
For each, the script times the curve at the ceiling, and at 100 interceptors for comparison,
through ``reaction_curve`` (the package's route), and the same points through the simple
baseline measured in the same run: the plain search on the plain-Python engine
(``reaction_point_reference(..., engine="reference")``). It checks the launcher counts are the
same and prints the CPU time of each (``time.process_time``) and the ratio.

    python benchmarks/reaction_ceiling_bench.py [--max-launchers 1000]
                                                [--decoy-max-launchers 40] [--quick]

About 10 s. Without decoys the goal takes 70 launchers at 100 interceptors and 173 at the
ceiling (1,000 launchers at most); with the decoy the plain engine is slow enough that the
search is limited to 40 launchers, which meet the goal at neither point: its figures are the
cost of a search that runs to its limit. ``--quick``: limits of 200 and 20 launchers.
"""

from __future__ import annotations

import argparse
import time

from _record import recorded

from anpo.deterrence import defense as d
from anpo.deterrence import reaction as r


def case(decoys: int) -> tuple[list[d.Layer], r.Growth, list[d.RVGroup]]:
    """The layers, the growth component and the other warheads of the module docstring."""
    mid = d.Layer(name="midcourse", interceptors=100, sspk=0.6, shots=2,
                  doctrine="shoot-look-shoot", second_shots=2, reliability=0.9,
                  discrimination=0.5, engages=("ICBM",))  # fmt: skip
    term = d.Layer(name="terminal", interceptors=40, sspk=0.5, shots=1,
                   engages=("ICBM", "IRBM"), endo_atmospheric=True)  # fmt: skip
    growth = r.Growth(1, survivable_fraction=0.6, kill_probability=0.8, allocation=1,
                      decoys_per_rv=decoys, missile_class="ICBM")  # fmt: skip
    return [mid, term], growth, [d.RVGroup.fixed(1, "IRBM")]


def _coupled(layers: list[d.Layer], growth: r.Growth, others: list[d.RVGroup]) -> bool:
    """Whether ``reaction_curve`` takes the coupled path here (it searches with
    ``reaction_point_reference``): counted by wrapping that function."""
    with recorded(r, "reaction_point_reference") as calls:
        r.reaction_curve(layers, growth, 1, 0.9, others=others, interceptors=[0], max_launchers=1)
    return bool(calls)


def _cpu(func, *args, **kwargs) -> tuple[float, object]:  # noqa: ANN001
    t0 = time.process_time()
    out = func(*args, **kwargs)
    return time.process_time() - t0, out


def run(decoys: int, max_launchers: int) -> bool:
    """Time one attack's ceiling (and its 100-interceptor point); True when both routes give
    the same launcher counts."""
    layers, growth, others = case(decoys)
    if not _coupled(layers, growth, others):
        raise SystemExit("the case no longer takes the coupled path")
    ceiling = r.full_doctrine_inventory(layers[0], growth, others, max_launchers)
    label = "no decoys (pair engine)" if decoys == 0 else f"{decoys} decoy per RV (pair engine)"
    print(f"coupled curve, {label}, up to {max_launchers:,} launchers:")
    same = True
    cost = {}
    for name, inventory in (("100 interceptors", 100), (f"ceiling {ceiling:,}", ceiling)):
        t_pkg, needed = _cpu(r.reaction_curve, layers, growth, 1, 0.9, others=others,
                             interceptors=[inventory], max_launchers=max_launchers)  # fmt: skip
        varied = [layers[0].model_copy(update={"interceptors": inventory}), layers[1]]
        t_ref, plain = _cpu(r.reaction_point_reference, varied, growth, 1, 0.9, others=others,
                            max_launchers=max_launchers, engine="reference")  # fmt: skip
        cost[inventory] = t_pkg
        got, want = int(needed[0]), int(plain)  # type: ignore[index, call-overload]
        ok = got == want
        same = same and ok
        print(
            f"  {name:18s} reaction_curve {t_pkg * 1e3:9.1f} ms CPU, plain engine "
            f"{t_ref * 1e3:9.1f} ms; ratio {t_ref / max(t_pkg, 1e-9):,.1f}x; launchers "
            f"{r.needed_or_none(got)} and {r.needed_or_none(want)}"
            f"{'' if ok else ' DIFFER'}"
        )
    print(
        f"  the ceiling against 100 interceptors through reaction_curve: ratio "
        f"{cost[ceiling] / max(cost[100], 1e-9):.1f}x the CPU time"
    )
    return same


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-launchers", type=int, default=1000, help="search limit, no decoys")
    ap.add_argument("--decoy-max-launchers", type=int, default=40, help="with the decoy")
    ap.add_argument("--quick", action="store_true", help="limits of 200 and 20 launchers")
    args = ap.parse_args(argv)
    if args.quick:
        args.max_launchers, args.decoy_max_launchers = 200, 20
    r.reaction_curve(*case(0)[:2], 1, 0.9, others=case(0)[2], max_launchers=1)  # compile/load
    same = run(0, args.max_launchers)
    same = run(1, args.decoy_max_launchers) and same
    if not same:
        print("MISMATCH: the routes' launcher counts differ")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
