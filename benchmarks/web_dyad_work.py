"""The dyad page's worst requests: every book case at the sliders' largest forces.

``POST /api/deterrence/dyad`` (``anpo.web.api_deterrence.compute_dyad``, which runs
``anpo.deterrence.questions.answer_case`` on the changed case) admits a changed case on a work
estimate (``dyad_work``, capped at ``anpo.web.limits.MAX_DYAD_WORK``). This script times the
computation itself (the memo bypassed and the cap lifted in the worker, numba warmed first, in a
worker process so that a case past ``--timeout`` can be stopped) for every built-in scenario x
variant x dyad, twice: as the book states it, and with every launcher and interceptor slider of
the page at its maximum (``max(50, 3 x launchers)``, ``max(200, 3 x interceptors)``: the
largest forces the page accepts; SSPKs and kill probabilities as the book states them). It
prints each case's seconds, its estimate and whether the page admits it, the slowest admitted
cases and the ratio of the worst admitted scaled case to the worst book case (the baseline,
measured in the same run).

    nice -n 10 python3 benchmarks/web_dyad_work.py              # a few minutes
    nice -n 10 python3 benchmarks/web_dyad_work.py --only us-japan-2030 --timeout 20
    nice -n 10 python3 benchmarks/web_dyad_work.py --quick   # first variant of each scenario
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import platform
import time
from typing import Any


def _warm(one_blas_thread: bool) -> None:
    from anpo.web import warm
    from anpo.web.compute import single_threaded_blas

    if one_blas_thread:
        single_threaded_blas()  # as ``anpo serve`` runs
    warm.warm_up()


def _request(scenario: str, variant: str, dyad: str, scaled: bool) -> Any:
    from anpo.web.api_deterrence import DyadRequest, dyad_inputs

    body: dict[str, Any] = {"scenario": scenario, "variant": variant, "dyad": dyad}
    if scaled:
        knobs = dyad_inputs(scenario, variant, dyad).knobs
        for group in ("launchers", "interceptors"):
            body[group] = {k.key: int(k.max) for k in knobs if k.group == group}
    return DyadRequest.model_validate(body)


def _units(scenario: str, variant: str, dyad: str, scaled: bool) -> float:
    """The page's estimate of the case (``dyad_work``)."""
    from anpo.web.api_deterrence import changed_case, dyad_work

    case, d = changed_case(_request(scenario, variant, dyad, scaled))
    return float(dyad_work(case, d))


def _time_case(scenario: str, variant: str, dyad: str, scaled: bool) -> float:
    import anpo.web.api_deterrence as ad

    ad.check_dyad_work = lambda *a: None  # this worker times refused cases too
    req = _request(scenario, variant, dyad, scaled)
    t0 = time.perf_counter()
    ad.compute_dyad(req)
    return time.perf_counter() - t0


def _cases(only: str | None, quick: bool = False) -> list[tuple[str, str, str]]:
    """Every built-in (scenario, variant, dyad), or those of scenario ``only``; with ``quick``,
    the first variant of each scenario only."""
    from anpo.web.api_deterrence import scenarios

    out = []
    for s in scenarios():
        if only and s.id != only:
            continue
        for v in s.variants[:1] if quick else s.variants:
            for d in s.dyads:
                out.append((s.id, v.id, d.id))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds a case may take")
    ap.add_argument("--only", default=None, help="one scenario id")
    ap.add_argument("--quick", action="store_true", help="the first variant of each scenario")
    ap.add_argument(
        "--blas-threads",
        choices=["one", "default"],
        default="one",
        help="BLAS threads in the worker: one, as anpo serve runs, or the library's default",
    )
    args = ap.parse_args()
    one = args.blas_threads == "one"
    ctx = mp.get_context("spawn")
    pool = ctx.Pool(1, initializer=_warm, initargs=(one,))
    from anpo.web.limits import MAX_DYAD_WORK

    rows: list[tuple[str, bool, float | None, float]] = []
    print(
        f"{platform.machine()} {platform.python_version()}; timeout {args.timeout:g} s; "
        f"BLAS threads: {args.blas_threads}"
    )
    print(f"{'case':60s} {'seconds':>10s} {'units':>9s}  admitted (<= {MAX_DYAD_WORK:.2g})")
    for sid, vid, did in _cases(args.only, args.quick):
        for scaled in (False, True):
            label = f"{sid} {vid} {did} {'max' if scaled else 'book'}"
            units = _units(sid, vid, did, scaled)
            res = pool.apply_async(_time_case, (sid, vid, did, scaled))
            try:
                secs: float | None = res.get(timeout=args.timeout + 120.0 * (not rows))
            except mp.TimeoutError:
                secs = None
                pool.terminate()
                pool = ctx.Pool(1, initializer=_warm, initargs=(one,))
            rows.append((label, scaled, secs, units))
            shown = f"{secs:8.3f} s" if secs is not None else f"> {args.timeout:g} s"
            ok = "yes" if units <= MAX_DYAD_WORK else "no"
            print(f"{label:60s} {shown:>10s} {units:9.2g}  {ok}", flush=True)
    pool.terminate()
    book = [s for _, sc, s, _ in rows if not sc and s is not None]
    admitted = [r for r in rows if r[3] <= MAX_DYAD_WORK]
    scaled_t = [s for _, sc, s, _ in admitted if sc and s is not None]
    stopped = [lab for lab, _, s, _ in rows if s is None]
    print()
    print(f"book cases: {len(book)}, worst {max(book, default=0):.3f} s")
    print(f"admitted max-slider cases: {len(scaled_t)}, worst {max(scaled_t, default=0):.3f} s")
    if book and scaled_t:
        print(f"ratio worst admitted max-slider / worst book: {max(scaled_t) / max(book):.2f}x")
    else:
        print("ratio worst admitted max-slider / worst book: undefined (no case of one kind timed)")
    print(f"stopped past the timeout: {len(stopped)} {stopped}")
    refused_book = [lab for lab, sc, _, u in rows if not sc and u > MAX_DYAD_WORK]
    print(f"book cases refused: {len(refused_book)} {refused_book}")
    slow = sorted((r for r in admitted if r[2] is not None), key=lambda r: -(r[2] or 0.0))[:8]
    print("slowest admitted:")
    for lab, _, s, u in slow:
        print(f"  {lab:60s} {s:8.3f} s {u:9.2g}")


if __name__ == "__main__":
    main()
