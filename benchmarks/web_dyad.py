"""The dyad page's answer for every book preset edited slightly, against the library alone.

``POST /api/deterrence/dyad`` answers a book case from its memo; an edited case (a slider
moved) is computed by ``anpo.web.api_deterrence.compute_dyad``: the changed case re-validated,
``anpo.deterrence.questions.answer_case`` for the one dyad asked for (both first strikes, with
and without launch under attack, the rival's arrivals, extended deterrence) and
``anpo.deterrence.questions.reaction_table``. This script times, for every built-in scenario x
variant x dyad, a small edit of the preset (one more interceptor in the first layer the page
shows, else one more launcher of the first force component), after numba is warmed and with
BLAS on one thread as ``anpo serve`` runs:

- ``web``: ``compute_dyad`` (the memo-free path: the computation an edited request pays for);
- ``memo``: ``dyad_measures`` asked the same request again (the memo's answer);
- ``library`` (the baseline, measured in the same run): the same numbers through the public
  functions alone, ``answer_case(case, dyads=[label])`` and ``reaction_table`` on the same
  changed case, built beforehand (no request validation, no changed case, no response);

The ratio measures the web layer's overhead over the library: both sides run today's
library, so the script does not show what a change to the library gained (for that, run it on
two checkouts and compare their ``library`` columns). Each figure is the least CPU seconds of
this process over ``--repeat`` runs (``time.process_time``: the
kernels run on one thread here; the machine is shared, and CPU time is steadier than wall time
under other load), and the ratio web / library. The summary names the slowest cases and the
ratio of the total web time to the total library time.

    nice -n 10 python3 benchmarks/web_dyad.py                 # a few minutes
    nice -n 10 python3 benchmarks/web_dyad.py --only us-japan-2030 --repeat 5
    nice -n 10 python3 benchmarks/web_dyad.py --quick --repeat 1   # first variant of each
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable
from typing import Any


def edited_request(scenario: str, variant: str, dyad: str) -> Any:
    """The preset with a small edit: one more interceptor in the first interceptor slider the
    page shows, else one more launcher on the first launcher slider."""
    from anpo.web.api_deterrence import DyadRequest, dyad_inputs

    knobs = dyad_inputs(scenario, variant, dyad).knobs
    body: dict[str, Any] = {"scenario": scenario, "variant": variant, "dyad": dyad}
    for group in ("interceptors", "launchers"):
        k = next((k for k in knobs if k.group == group), None)
        if k is not None:
            body[group] = {k.key: int(k.value) + 1}
            break
    return DyadRequest.model_validate(body)


def presets(only: str | None = None, quick: bool = False) -> list[tuple[str, str, str]]:
    """Every built-in (scenario, variant, dyad), or those of scenario ``only``; with ``quick``,
    the first variant of each scenario only."""
    from anpo.web.api_deterrence import scenarios

    return [
        (s.id, v.id, d.id)
        for s in scenarios()
        if only is None or s.id == only
        for v in (s.variants[:1] if quick else s.variants)
        for d in s.dyads
    ]


def library_answer(case: Any, label: str) -> tuple[Any, Any]:
    """The baseline: the dyad's answer and reaction table through the public functions
    (``answer_case`` for that dyad only, ``reaction_table``) on a changed case."""
    from anpo.deterrence.questions import answer_case, reaction_table

    ans = answer_case(case, dyads=[label])[0]
    return ans, reaction_table(ans)


def same_answer(label: str, resp: Any, ans: Any) -> None:
    """Stop unless the page's measures are the library's (else the ratio compares two
    different computations)."""
    from anpo.web.common import finite

    got = {m.key: m.value for m in resp.measures}
    want = {
        "survivors": ans.expected_survivors,
        "fss": ans.stability.fss,
        "fss_lua": ans.stability_lua.fss,
    }
    for key, value in want.items():
        if (got[key] is None) != (value is None) or (
            value is not None and got[key] != finite(value)
        ):
            raise SystemExit(f"{label}: web {key} {got[key]} != library {value}")


def _cpu(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default=None, help="one scenario id")
    ap.add_argument("--repeat", type=int, default=3, help="runs per case (the least is shown)")
    ap.add_argument("--quick", action="store_true", help="the first variant of each scenario")
    args = ap.parse_args()

    from anpo.web import api_deterrence as ad
    from anpo.web import warm
    from anpo.web.compute import single_threaded_blas

    single_threaded_blas()
    warm.warm_up()
    cases = presets(args.only, args.quick)
    ad.compute_dyad(edited_request(*cases[0]))  # compiles the exchange's kernels
    print(f"{platform.machine()} {platform.python_version()}; CPU seconds, least of {args.repeat}")
    print(f"{'preset (edited)':58s} {'web':>8s} {'memo':>8s} {'library':>8s} {'ratio':>6s}")
    rows: list[tuple[str, float, float]] = []
    for sid, vid, did in cases:
        req = edited_request(sid, vid, did)
        web = _cpu(lambda: ad.compute_dyad(req), args.repeat)  # noqa: B023 - called here
        ad.dyad_measures(req)  # into the memo
        memo = _cpu(lambda: ad.dyad_measures(req), args.repeat)  # noqa: B023
        case, d = ad.changed_case(req)
        lib = _cpu(lambda: library_answer(case, d.key), args.repeat)  # noqa: B023
        label = f"{sid} {vid} {did}"
        same_answer(label, ad.compute_dyad(req), library_answer(case, d.key)[0])
        rows.append((label, web, lib))
        print(f"{label:58s} {web:8.3f} {memo:8.4f} {lib:8.3f} {web / lib:6.2f}", flush=True)
    web_total = sum(r[1] for r in rows)
    lib_total = sum(r[2] for r in rows)
    print()
    print(f"cases: {len(rows)}, the web's measures identical to the library's in each")
    print(f"web total {web_total:.2f} s, library total {lib_total:.2f} s")
    print(f"ratio web / library CPU time (totals): {web_total / lib_total:.3f}x")
    print("slowest (web):")
    for label, web, lib in sorted(rows, key=lambda r: -r[1])[:6]:
        print(f"  {label:56s} {web:8.3f} s (library {lib:.3f} s)")


if __name__ == "__main__":
    main()
