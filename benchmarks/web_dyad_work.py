"""The dyad page's worst requests: every book case at the sliders' largest forces.

``POST /api/deterrence/dyad`` (``anpo.web.api_deterrence.compute_dyad``, which runs
``anpo.deterrence.questions.answer_case`` on the changed case) has slider ranges but no work
estimate. This script times ``compute_dyad`` (the memo bypassed, numba warmed first, in a worker
process so that a case past ``--timeout`` can be stopped) for every built-in scenario x variant x
dyad, twice: as the book states it, and with every launcher and interceptor slider of the page
at its maximum (``max(50, 3 x launchers)``, ``max(200, 3 x interceptors)``: the largest forces
the page admits; SSPKs and kill probabilities as the book states them). It prints each case's
seconds, the slowest ones and the ratio of the worst scaled case to the worst book case (the
baseline, measured in the same run).

    nice -n 10 python3 benchmarks/web_dyad_work.py              # a few minutes
    nice -n 10 python3 benchmarks/web_dyad_work.py --only us-japan-2030 --timeout 20
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import platform
import time
from typing import Any


def _warm() -> None:
    from anpo.web import warm

    warm.warm_up()


def _time_case(scenario: str, variant: str, dyad: str, scaled: bool) -> float:
    from anpo.web.api_deterrence import DyadRequest, compute_dyad, dyad_inputs

    body: dict[str, Any] = {"scenario": scenario, "variant": variant, "dyad": dyad}
    if scaled:
        knobs = dyad_inputs(scenario, variant, dyad).knobs
        for group in ("launchers", "interceptors"):
            body[group] = {k.key: int(k.max) for k in knobs if k.group == group}
    req = DyadRequest.model_validate(body)
    t0 = time.perf_counter()
    compute_dyad(req)
    return time.perf_counter() - t0


def _cases(only: str | None) -> list[tuple[str, str, str]]:
    from anpo.web.api_deterrence import scenarios

    out = []
    for s in scenarios():
        if only and s.id != only:
            continue
        for v in s.variants:
            for d in s.dyads:
                out.append((s.id, v.id, d.id))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds a case may take")
    ap.add_argument("--only", default=None, help="one scenario id")
    args = ap.parse_args()
    ctx = mp.get_context("spawn")
    pool = ctx.Pool(1, initializer=_warm)
    rows: list[tuple[str, bool, float | None]] = []
    print(f"{platform.machine()} {platform.python_version()}; timeout {args.timeout:g} s")
    for sid, vid, did in _cases(args.only):
        for scaled in (False, True):
            label = f"{sid} {vid} {did} {'max' if scaled else 'book'}"
            res = pool.apply_async(_time_case, (sid, vid, did, scaled))
            try:
                secs: float | None = res.get(timeout=args.timeout + 120.0 * (not rows))
            except mp.TimeoutError:
                secs = None
                pool.terminate()
                pool = ctx.Pool(1, initializer=_warm)
            rows.append((label, scaled, secs))
            shown = f"{secs:8.3f} s" if secs is not None else f"> {args.timeout:g} s (stopped)"
            print(f"{label:60s} {shown}", flush=True)
    pool.terminate()
    book = [s for _, sc, s in rows if not sc and s is not None]
    scaled_t = [s for _, sc, s in rows if sc and s is not None]
    stopped = [lab for lab, _, s in rows if s is None]
    print()
    print(f"book cases: {len(book)}, worst {max(book, default=0):.3f} s")
    print(f"max-slider cases: {len(scaled_t)}, worst {max(scaled_t, default=0):.3f} s")
    if book and scaled_t:
        print(f"ratio worst max-slider / worst book: {max(scaled_t) / max(book):.1f}")
    print(f"stopped past the timeout: {len(stopped)} {stopped}")
    slow = sorted((r for r in rows if r[2] is not None), key=lambda r: -(r[2] or 0.0))[:8]
    print("slowest:")
    for lab, _, s in slow:
        print(f"  {lab:60s} {s:8.3f} s")


if __name__ == "__main__":
    main()
