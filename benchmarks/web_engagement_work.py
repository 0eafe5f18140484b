"""The web's engagement work estimate against the measured time of the exact engagement.

``anpo.web.limits.engagement_work`` decides, before computing, whether the what-if engagement
(``POST /api/deterrence/engagement``) is admitted. This script times the same library call the
API makes (``anpo.deterrence.defense.layered_engagement``, numba warmed first, in a separate
worker process so that a case past ``--timeout`` can be stopped) over

- a grid: warheads x decoys per RV x exo-atmospheric layers (1-4) x interceptors a layer
  (discrimination 0.3, SSPK 0.6, two shots), and a smaller grid over the other axes (salvo or
  shoot-look-shoot, reliability per raid or per RV, a missile class some layers cannot engage,
  a partial footprint, a common-mode group, layers inside the atmosphere);
- every preset the deterrence page offers (every built-in scenario x variant x dyad);

and prints the estimate (work units) against the measured seconds, the worst seconds per unit
(over cases measured at 20 ms or more), the slowest admitted cases, the ratio of the slowest
admitted case to the slowest book preset (the baseline, measured in the same run), and the
cases refused although they measured under the 2 s target (the price of a conservative
estimate).

A case is not run when a case it dominates (the same with one layer fewer, or fewer decoys per
RV) already exceeded the timeout: the engine's work only grows with either.

With ``--reaction`` it does the same for the reaction curve (``POST /api/deterrence/reaction``,
``anpo.web.api_deterrence.reaction``) against ``anpo.web.limits.reaction_work``: every reaction
preset the deterrence page offers (the baseline), the same with the page's "Add a layer" layer
added until there are four, and with the growing force's decoys per warhead at 0, 1, 5 and 10;
it prints the worst seconds per unit, the cap that rate gives for the target, the slowest
admitted cases and the ratio of the worst admitted case to the worst book preset.

    nice -n 10 python3 benchmarks/web_engagement_work.py            # a few minutes
    nice -n 10 python3 benchmarks/web_engagement_work.py --timeout 3 --quick  # seconds
    nice -n 10 python3 benchmarks/web_engagement_work.py --reaction --timeout 20
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import platform
import time
from dataclasses import dataclass, field
from typing import Any

TARGET_SECONDS = 2.0


@dataclass
class Case:
    label: str
    rvs: int
    decoys_per_rv: int
    layers: list[dict[str, Any]]
    missile_class: str | None = None
    key: tuple[Any, ...] = ()
    dominated_by: list[tuple[Any, ...]] = field(default_factory=list)


def _layer(interceptors: int, **extra: Any) -> dict[str, Any]:
    return {"interceptors": interceptors, "sspk": 0.6, "shots": 2, "discrimination": 0.3, **extra}


def grid_cases(quick: bool) -> list[Case]:
    """The grid; with ``quick``, a few small cases of the main grid only (seconds: the presets
    and a check that the script runs, no calibration)."""
    out: list[Case] = []
    rvs_values = (10, 40, 100, 300, 848) if not quick else (10, 100)
    inv_values = (40, 150, 600, 2000) if not quick else (40, 600)
    for n in rvs_values:
        for d in (0, 1, 3, 10) if not quick else (0, 3):
            if n * d > 1000:
                continue
            for inv in inv_values:
                for n_layers in (1, 2, 3, 4) if not quick else (1, 2):
                    key: tuple[Any, ...] = ("grid", n, d, inv, n_layers)
                    dom = [("grid", n, d, inv, n_layers - 1)]
                    dom += [("grid", n, dd, inv, n_layers) for dd in (0, 1, 3) if dd < d]
                    out.append(
                        Case(
                            f"{n} RVs, {d} decoys/RV, {n_layers} x {inv}",
                            n,
                            d,
                            [_layer(inv)] * n_layers,
                            key=key,
                            dominated_by=dom,
                        )
                    )
    if quick:
        return out
    # the other axes, on a smaller grid
    variants: dict[str, dict[str, Any]] = {
        "shoot-look-shoot 1+1": {"shots": 1, "doctrine": "shoot-look-shoot", "second_shots": 1},
        "reliability 0.9 per RV": {"reliability": 0.9, "reliability_mode": "rv"},
        "reliability 0.9 per raid": {"reliability": 0.9},
        "footprint 0.5": {"protected_fraction": 0.5},
        "common mode 0.95": {"common_mode": "c2", "common_mode_reliability": 0.95},
        "discrimination 0.8": {"discrimination": 0.8},
        "discrimination 0.98": {"discrimination": 0.98},
    }
    for n, d in ((40, 3), (200, 1), (100, 5)):
        for inv in (150, 600):
            for n_layers in (2, 3):
                for name, extra in variants.items():
                    key = ("axis", name, n, d, inv, n_layers)
                    out.append(
                        Case(
                            f"{n} RVs, {d} decoys/RV, {n_layers} x {inv}, {name}",
                            n,
                            d,
                            [_layer(inv, **extra)] * n_layers,
                            key=key,
                            dominated_by=[("axis", name, n, d, inv, n_layers - 1)],
                        )
                    )
                # ICBMs: every other layer engages only shorter-range missiles
                layers = [
                    _layer(inv, engages=["IRBM", "MRBM", "SRBM"]) if j % 2 else _layer(inv)
                    for j in range(2 * n_layers)
                ][:4]
                out.append(
                    Case(
                        f"{n} RVs, {d} decoys/RV, {len(layers)} x {inv}, half not engaging ICBM",
                        n,
                        d,
                        layers,
                        missile_class="ICBM",
                        key=("axis", "class", n, d, inv, n_layers),
                    )
                )
                # the same raid, the later layers inside the atmosphere (decoys stripped)
                endo = [_layer(inv)] + [_layer(inv, endo_atmospheric=True)] * 3
                out.append(
                    Case(
                        f"{n} RVs, {d} decoys/RV, 1 exo + 3 endo x {inv}",
                        n,
                        d,
                        endo,
                        key=("axis", "endo", n, d, inv),
                    )
                )
    # no decoys, the largest raids
    for n in (200, 2000):
        for inv in (500, 2000, 20000):
            for name, extra in (
                ("salvo", {}),
                ("shoot-look-shoot 2+2", {"doctrine": "shoot-look-shoot", "second_shots": 2}),
                ("footprint 0.5", {"protected_fraction": 0.5}),
            ):
                out.append(
                    Case(
                        f"{n} RVs, no decoys, 4 x {inv}, {name}",
                        n,
                        0,
                        [_layer(inv, **extra)] * 4,
                        key=("nodecoy", n, inv, name),
                    )
                )
    # no decoys, shoot-look-shoot with a low SSPK and a long second salvo: the survivor pmf of
    # every object count mixes a second salvo per first-salvo survivor count
    for n, inv in ((200, 300), (200, 600), (2000, 2500), (2000, 4000), (2000, 8000)):
        for sspk in (0.1, 0.3):
            extra = {"doctrine": "shoot-look-shoot", "shots": 1, "second_shots": 8, "sspk": sspk}
            out.append(
                Case(
                    f"{n} RVs, no decoys, 4 x {inv}, SSPK {sspk}, shoot-look-shoot 1+8",
                    n,
                    0,
                    [_layer(inv, **extra)] * 4,
                    key=("nodecoy-sls", n, inv, sspk),
                )
            )
    return out


def preset_cases() -> list[Case]:
    from anpo.web import api_deterrence
    from anpo.web.common import book

    out = []
    for sid, scen in book().items():
        for case in scen.cases():
            for d in scen.dyads:
                dyad = f"{d.defender}-{d.rival}"
                p = api_deterrence.preset(sid, case.variant.id, dyad).engagement
                out.append(
                    Case(
                        f"preset {sid}/{case.variant.id}/{dyad}",
                        p.rvs,
                        p.decoys_per_rv,
                        [ly.model_dump() for ly in p.layers],
                        missile_class=p.missile_class,
                        key=("preset", sid, case.variant.id, dyad),
                    )
                )
    return out


#: The layer the deterrence page's "Add a layer" button adds (static/deterrence.js, addLayer).
PAGE_LAYER: dict[str, Any] = {
    "name": "New layer",
    "interceptors": 100,
    "sspk": 0.7,
    "shots": 2,
    "doctrine": "salvo",
    "second_shots": 0,
    "reliability": 0.9,
    "reliability_mode": "raid",
    "discrimination": 0.8,
    "engages": ["ICBM", "IRBM", "MRBM", "SRBM"],
    "endo_atmospheric": False,
    "protected_fraction": 1,
    "defends": "value",
}


@dataclass
class ReactionCase:
    label: str
    body: dict[str, Any]  # a ReactionRequest's JSON
    book: bool = False  # a preset as the book states it (the baseline)
    key: tuple[Any, ...] = ()
    dominated_by: list[tuple[Any, ...]] = field(default_factory=list)


def reaction_cases(quick: bool) -> list[ReactionCase]:
    """The page's reaction presets (one per scenario x variant x dyad with a curve, duplicates
    dropped), each with the page's new layer added until there are four, and with the growing
    force's decoys per warhead changed."""
    from anpo.web import api_deterrence
    from anpo.web.common import book

    out: list[ReactionCase] = []
    seen: set[str] = set()
    for sid, scen in book().items():
        for case in scen.cases():
            for d in scen.dyads:
                dyad = f"{d.defender}-{d.rival}"
                p = api_deterrence.preset(sid, case.variant.id, dyad)
                if p.reaction is None:
                    continue
                body = p.reaction.model_dump()
                # the page sends the engagement's layers when it has any (the template else)
                page_layers = [ly.model_dump() for ly in p.engagement.layers] or body["layers"]
                body["layers"] = page_layers
                sig = repr(body)
                if sig in seen:
                    continue
                seen.add(sig)
                name = f"{sid}/{case.variant.id}/{dyad}"
                out.append(ReactionCase(f"preset {name}", body, book=True, key=(name, 0, -1)))
                decoy_values = (0, 1, 5, 10) if not quick else (0, 5)
                for dec in decoy_values:
                    if dec == body["growth"]["decoys_per_rv"]:
                        continue
                    b = dict(body, growth=dict(body["growth"], decoys_per_rv=dec))
                    out.append(ReactionCase(f"{name}, {dec} decoys/RV", b, key=(name, 0, dec)))
                layers = list(body["layers"])
                extra = 0
                while len(layers) < 4:
                    layers = [*layers, PAGE_LAYER]
                    extra += 1
                    for dec in (-1, *decoy_values):
                        growth = body["growth"]
                        if dec >= 0:
                            if dec == growth["decoys_per_rv"]:
                                continue
                            growth = dict(growth, decoys_per_rv=dec)
                        b = dict(body, layers=layers, growth=growth)
                        more = "" if dec < 0 else f", {dec} decoys/RV"
                        out.append(
                            ReactionCase(
                                f"{name} + {extra} page layer{'s' if extra > 1 else ''}{more}",
                                b,
                                key=(name, extra, dec),
                                dominated_by=[(name, extra - 1, dec)],
                            )
                        )
    return out


# ----------------------------------------------------------------------------- worker
def _worker(conn: Any) -> None:
    from anpo.deterrence.defense import layered_engagement
    from anpo.deterrence.layer import Layer

    warm = [Layer(**_layer(20)), Layer(**_layer(20, endo_atmospheric=True))]
    layered_engagement(5, warm * 2, decoys_per_rv=1)
    layered_engagement(5, [Layer(**_layer(20, protected_fraction=0.5))] * 2, decoys_per_rv=1)
    from anpo.web import api_deterrence
    from anpo.web import warm as web_warm

    web_warm.warm_up()  # the reaction kernels too
    from anpo.web import limits

    limits.MAX_REACTION_WORK = float("inf")  # this worker times refused cases too
    conn.send("ready")
    while True:
        msg = conn.recv()
        if msg is None:
            return
        if msg[0] == "reaction":
            req = api_deterrence.ReactionRequest.model_validate(msg[1])
            t0 = time.perf_counter()
            api_deterrence.reaction(req)
            conn.send(time.perf_counter() - t0)
            continue
        rvs, d, layers, cls = msg
        objs = [Layer(**ly) for ly in layers]
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            layered_engagement(rvs, objs, decoys_per_rv=d, missile_class=cls)
            dt = time.perf_counter() - t0
            best = min(best, dt)
            if dt > 0.05:
                break
        conn.send(best)


class Timer:
    """A worker process timing engagements; restarted when a case passes the timeout."""

    def __init__(self) -> None:
        self.ctx = mp.get_context("spawn")
        self._start()

    def _start(self) -> None:
        self.conn, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_worker, args=(child,), daemon=True)
        self.proc.start()
        assert self.conn.recv() == "ready"

    def time(self, case: Case | ReactionCase, timeout: float) -> float | None:
        if isinstance(case, ReactionCase):
            self.conn.send(("reaction", case.body))
        else:
            self.conn.send((case.rvs, case.decoys_per_rv, case.layers, case.missile_class))
        if self.conn.poll(timeout):
            return float(self.conn.recv())
        self.proc.kill()  # our own worker, by its handle
        self.proc.join()
        self._start()
        return None

    def close(self) -> None:
        self.conn.send(None)
        self.proc.join(5)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--timeout", type=float, default=6.0, help="seconds before a case is stopped")
    ap.add_argument(
        "--quick",
        action="store_true",
        help="the presets and 16 small grid cases (reaction: fewer decoy counts)",
    )
    ap.add_argument("--reaction", action="store_true", help="the reaction curve instead")
    args = ap.parse_args()
    if args.reaction:
        reaction_main(args.timeout, args.quick)
        return

    from anpo.deterrence.layer import Layer
    from anpo.web import limits

    cases = preset_cases() + grid_cases(args.quick)
    timer = Timer()
    over: set[tuple[Any, ...]] = set()
    rows: list[tuple[Case, float, bool, float | None, str, bool]] = []
    t_start = time.perf_counter()
    for c in cases:
        work = limits.engagement_work(
            c.rvs, c.decoys_per_rv, [Layer(**ly) for ly in c.layers], c.missile_class
        )
        admitted = work <= limits.MAX_ENGAGEMENT_WORK
        small = limits.engagement_is_small(
            c.rvs, c.decoys_per_rv, [Layer(**ly) for ly in c.layers], c.missile_class
        )
        if any(k in over for k in c.dominated_by):
            over.add(c.key)
            rows.append((c, work, admitted, None, "implied", small))
            continue
        sec = timer.time(c, args.timeout)
        if sec is None:
            over.add(c.key)
        rows.append((c, work, admitted, sec, "run", small))
    timer.close()
    elapsed = time.perf_counter() - t_start

    print(f"machine: {platform.machine()}, {platform.processor() or '?'}, {mp.cpu_count()} cores")
    print(
        f"cap: MAX_ENGAGEMENT_WORK = {limits.MAX_ENGAGEMENT_WORK:.3g} units "
        f"(target {TARGET_SECONDS:g} s); timeout {args.timeout:g} s; {len(rows)} cases in "
        f"{elapsed:.0f} s\n"
    )
    print(f"{'case':<66} {'units':>9} {'seconds':>9} {'s/unit':>9}  admitted")
    for c, work, admitted, sec, how, _ in rows:
        if sec is None:
            shown = f">{args.timeout:g}" + ("*" if how == "implied" else "")
            ratio = "-"
        else:
            shown = f"{sec:.4f}"
            ratio = f"{sec / work:.2e}" if work > 0 else "-"
        print(
            f"{c.label[:66]:<66} {work:9.3g} {shown:>9} {ratio:>9}  {'yes' if admitted else 'NO'}"
        )
    print("(* not run: a case it dominates already exceeded the timeout)\n")

    measured = rate_summary([(c, w, a, s) for c, w, a, s, _, _ in rows], TARGET_SECONDS)
    presets = [(c, w, a, s) for c, w, a, s, _, _ in rows if c.key and c.key[0] == "preset"]
    n_in = sum(1 for _, _, a, _ in presets if a)
    if any(s is None for *_, s in presets):  # a timed-out preset is no baseline
        print(
            f"book presets admitted: {n_in} of {len(presets)} (slowest over the "
            f"{args.timeout:g} s timeout: no baseline, no ratio)"
        )
    else:
        slowest = max((s for *_, s in presets if s is not None), default=0.0)
        print(
            f"book presets admitted: {n_in} of {len(presets)} (slowest {slowest * 1e3:.1f} ms: "
            "the baseline)"
        )
        worst_admitted = max((s for _, _, a, s in measured if a), default=0.0)
        if worst_admitted and slowest > 0:
            print(f"ratio worst admitted / slowest book preset: {worst_admitted / slowest:.1f}x")
    cheap_refused = [(c, w, s) for c, w, a, s in measured if not a and s <= TARGET_SECONDS]
    print(f"refused although measured under {TARGET_SECONDS:g} s: {len(cheap_refused)}")
    for c, w, s in sorted(cheap_refused, key=lambda x: x[2])[:6]:
        print(f"  {s:8.3f} s  {w:9.3g} units  {c.label}")
    on_loop = [(s, c) for c, _, a, s, _, small in rows if small and a and s is not None]
    if on_loop:
        s, c = max(on_loop, key=lambda x: x[0])
        print(
            f"answered on the event loop: {len(on_loop)} cases, slowest {s * 1e3:.1f} ms "
            f"({c.label})"
        )
    refused = sum(1 for _, _, a, _, _, _ in rows if not a)
    print(f"refused: {refused} of {len(rows)}; admitted: {len(rows) - refused}")


def rate_summary(
    rows: list[tuple[Any, float, bool, float | None]], target: float
) -> list[tuple[Any, float, bool, float]]:
    """Print the calibration figures of ``(case, work, admitted, seconds or None)`` rows: the
    worst seconds per work unit among cases of 20 ms or more and the cap it implies for
    ``target`` seconds, the slowest admitted cases and those admitted but over ``target`` or
    the timeout; return the measured rows."""
    measured = [(c, w, a, s) for c, w, a, s in rows if s is not None]
    ratios = [(s / w, c, w, s) for c, w, a, s in measured if s >= 0.02 and w > 0]
    if ratios:
        r, c, w, s = max(ratios, key=lambda x: x[0])
        print(
            f"worst seconds per unit (cases >= 20 ms): {r:.3g} ({c.label}: {w:.3g} units, {s:.3f} s)"
        )
        print(f"  -> cap for {target:g} s at that rate: {target / r:.3g} units")
    slowest = sorted(((s, c, w) for c, w, a, s in measured if a), key=lambda x: -x[0])
    print("slowest admitted cases:")
    for s, c, w in slowest[:8]:
        print(f"  {s:8.3f} s  {w:9.3g} units  {c.label}")
    late = [c.label for c, w, a, s in rows if a and (s is None or s > target)]
    print(f"admitted but over {target:g} s or the timeout: {len(late)} {late[:5]}")
    return measured


def reaction_main(timeout: float, quick: bool) -> None:
    """The reaction curve's estimate against its measured time (see the module docstring)."""
    from anpo.web import api_deterrence, limits

    target = limits.REACTION_TARGET_SECONDS
    cases = reaction_cases(quick)
    timer = Timer()
    over: set[tuple[Any, ...]] = set()
    rows: list[tuple[ReactionCase, float, bool, float | None, str]] = []
    t_start = time.perf_counter()
    for c in cases:
        work = api_deterrence.ReactionRequest.model_validate(c.body).work()
        admitted = work <= limits.MAX_REACTION_WORK
        if any(k in over for k in c.dominated_by):
            over.add(c.key)
            rows.append((c, work, admitted, None, "implied"))
            continue
        sec = timer.time(c, timeout)
        if sec is None:
            over.add(c.key)
        rows.append((c, work, admitted, sec, "run"))
        shown = f"{sec:.4f}" if sec is not None else f">{timeout:g}"
        print(
            f"{c.label[:72]:<72} {work:9.3g} {shown:>9}  {'yes' if admitted else 'NO'}", flush=True
        )
    timer.close()
    elapsed = time.perf_counter() - t_start
    print(f"\nmachine: {platform.machine()}, {platform.processor() or '?'}, {mp.cpu_count()} cores")
    print(
        f"cap: MAX_REACTION_WORK = {limits.MAX_REACTION_WORK:.3g} units (target {target:g} s); "
        f"timeout {timeout:g} s; {len(rows)} cases in {elapsed:.0f} s"
    )
    print("(implied: not run, a case with one page layer fewer already exceeded the timeout)")
    measured = rate_summary([(c, w, a, s) for c, w, a, s, _ in rows], target)
    worst_admitted = max((s for _, _, a, s in measured if a), default=0.0)
    books = [(c, w, a, s) for c, w, a, s, _ in rows if c.book]
    n_in = sum(1 for _, _, a, _ in books if a)
    if any(s is None for *_, s in books):  # a timed-out preset is no 0 s baseline
        print(
            f"book presets admitted: {n_in} of {len(books)} (slowest over the {timeout:g} s "
            "timeout: no baseline, no ratio)"
        )
        worst_book = 0.0
    else:
        worst_book = max((s for *_, s in books if s is not None), default=0.0)
        print(
            f"book presets admitted: {n_in} of {len(books)} (slowest {worst_book:.3f} s: "
            "the baseline)"
        )
    if worst_admitted and worst_book > 0:
        print(f"ratio worst admitted / worst book preset: {worst_admitted / worst_book:.2f}x")
    cheap_refused = [(c, w, s) for c, w, a, s in measured if not a and s <= target]
    print(f"refused although measured under {target:g} s: {len(cheap_refused)}")
    for c, w, s in sorted(cheap_refused, key=lambda x: x[2])[:6]:
        print(f"  {s:8.3f} s  {w:9.3g} units  {c.label}")
    refused = sum(1 for _, _, a, _, _ in rows if not a)
    print(f"refused: {refused} of {len(rows)}; admitted: {len(rows) - refused}")


if __name__ == "__main__":
    main()
