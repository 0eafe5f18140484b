"""anpo explore against EMA Workbench 2.5: the same anpo model function, the same sample, the
same number of workers.

Two models: ``salvo`` (one anpo call, :func:`anpo.deterrence.defense.engagement`, through
:func:`anpo.explore.examples.salvo`) and ``identity`` (returns its input: what is left is the
engine's own cost per experiment). The sample is anpo's Latin hypercube; EMA Workbench receives
it as a list of ``Scenario`` objects and runs it with ``MultiprocessingEvaluator``; anpo runs it
with ``anpo.explore.run`` on its local process pool. The simple baseline is a plain Python loop
calling the model function in one process (no engine at all). Every measurement runs in a fresh
subprocess that imports and warms up the model first (workers of both engines are forked from
it, so neither pays import time): wall time, throughput, per-experiment overhead (wall time beyond the baseline's
model time divided among the workers, per experiment) and peak resident memory of the driver
and of its largest worker. The outcomes of both engines are compared value by value.

EMA Workbench is a benchmark-only dependency (``pip install "ema_workbench<3"``; the 3.x line
needs Python 3.12).

Each row's ratio lines compare wall times measured in the same run: the plain loop's over
anpo's (above 1: the engine's workers gain more than it costs), and EMA Workbench's over anpo's.

    python benchmarks/explore_bench.py                  # N = 1e3, 1e4 (both), 1e5 (anpo): minutes
    python benchmarks/explore_bench.py --quick          # N = 1e3 only (both engines)
    python benchmarks/explore_bench.py --sizes 1000 --ema-sizes 1000 --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def _space():
    from anpo.explore.examples import SALVO_SPACE
    from anpo.scenario.uncertainty import Uniform

    return {
        "salvo": SALVO_SPACE,
        "identity": {"x": Uniform(low=0, high=1, basis="benchmark input")},
    }


def _fn(model: str):
    """The model function, warmed up in this process (imports, numba cache) before any engine
    forks its workers, so that no engine's figure includes import time."""
    from anpo.explore.examples import identity, salvo

    fn = {"salvo": salvo, "identity": identity}[model]
    if model == "salvo":
        fn(rvs=5, sspk=0.5, shots=2, reliability=0.9)
    return fn


def _sample(model: str, n: int, seed: int) -> dict[str, np.ndarray]:
    from anpo.explore.space import as_params, unit_design, values_of

    params = as_params(_space()[model])
    return values_of(params, unit_design("lhs", params, n, seed))


def _peak() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"driver_peak_mb": round(own, 1), "worker_peak_mb": round(kids, 1)}


# ---------------------------------------------------------------------------- one measurement
def one_baseline(model: str, n: int, seed: int, out: Path) -> dict:
    fn = _fn(model)
    values = _sample(model, n, seed)
    cols = {k: v.tolist() for k, v in values.items()}
    names = list(cols)
    t0 = time.perf_counter()
    res = [fn(**{k: cols[k][i] for k in names}) for i in range(n)]
    dt = time.perf_counter() - t0
    if model == "salvo":
        np.save(out / "baseline.npy", np.array([r["p_no_leak"] for r in res]))
    return {"seconds": dt, **_peak()}


def one_anpo(model: str, n: int, seed: int, workers: int, out: Path) -> dict:
    import anpo.explore as ex

    m = ex.FunctionModel(_fn(model), _space()[model])
    t0 = time.perf_counter()
    folder = ex.run(m, n=n, seed=seed, out=out / "anpo", workers=workers)
    dt = time.perf_counter() - t0
    if model == "salvo":
        y = ex.load(folder, columns=["experiment", "p_no_leak"])["p_no_leak"].to_numpy()
        np.save(out / "anpo.npy", y)
    return {"seconds": dt, **_peak()}


def one_ema(model: str, n: int, seed: int, workers: int, out: Path) -> dict:
    import logging
    import warnings

    warnings.filterwarnings("ignore")
    from ema_workbench import (
        IntegerParameter,
        Model,
        MultiprocessingEvaluator,
        RealParameter,
        ScalarOutcome,
        Scenario,
    )
    from ema_workbench.util import ema_logging

    ema_logging.log_to_stderr(logging.ERROR)
    values = _sample(model, n, seed)
    mdl = Model("bench", function=_fn(model))
    if model == "salvo":
        mdl.uncertainties = [
            IntegerParameter("rvs", 1, 20),
            RealParameter("sspk", 0.3, 0.9),
            IntegerParameter("shots", 1, 4),
            RealParameter("reliability", 0.8, 1.0),
        ]
        mdl.outcomes = [ScalarOutcome("p_no_leak"), ScalarOutcome("expected_leakers")]
    else:
        mdl.uncertainties = [RealParameter("x", 0.0, 1.0)]
        mdl.outcomes = [ScalarOutcome("value")]
    cols = {k: v.tolist() for k, v in values.items()}
    t0 = time.perf_counter()
    scenarios = [Scenario(f"s{i}", **{k: cols[k][i] for k in cols}) for i in range(n)]
    with MultiprocessingEvaluator(mdl, n_processes=workers) as evaluator:
        _, outcomes = evaluator.perform_experiments(scenarios=scenarios)
    dt = time.perf_counter() - t0
    if model == "salvo":
        np.save(out / "ema.npy", np.asarray(outcomes["p_no_leak"], dtype=float))
    return {"seconds": dt, **_peak()}


def _measure(kind: str, model: str, n: int, seed: int, workers: int, out: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [
        sys.executable,
        __file__,
        "--one",
        kind,
        model,
        str(n),
        str(seed),
        str(workers),
        str(out),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=3600)
    if proc.returncode != 0:
        raise SystemExit(f"{kind} {model} {n} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="N for anpo")
    ap.add_argument("--ema-sizes", default="1000,10000", help="N for EMA Workbench")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--quick", action="store_true", help="N = 1000 only (--sizes 1000 --ema-sizes 1000)"
    )
    ap.add_argument("--one", nargs=6, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.quick:
        args.sizes = args.ema_sizes = "1000"
    if args.one:
        kind, model, n, seed, workers, out = args.one
        n, seed, workers, out = int(n), int(seed), int(workers), Path(out)
        res = {
            "baseline": lambda: one_baseline(model, n, seed, out),
            "anpo": lambda: one_anpo(model, n, seed, workers, out),
            "ema": lambda: one_ema(model, n, seed, workers, out),
        }[kind]()
        print(json.dumps(res))
        return
    sizes = [int(x) for x in args.sizes.split(",") if x]
    ema_sizes = [int(x) for x in args.ema_sizes.split(",") if x]
    try:
        import ema_workbench  # noqa: F401

        have_ema = True
    except ImportError:
        have_ema = False
        print('EMA Workbench not installed (pip install "ema_workbench<3"): anpo only')
    w = args.workers
    print(f"anpo explore vs EMA Workbench, {w} workers, Latin hypercube, seed {args.seed}")
    print(f"{'model':9} {'engine':9} {'N':>7} {'wall s':>8} {'exp/s':>9} "
          f"{'overhead ms/exp':>15} {'driver MB':>9} {'worker MB':>9}")  # fmt: skip
    for model in ("identity", "salvo"):
        for n in sorted(set(sizes) | set(ema_sizes if have_ema else [])):
            tmp = Path(tempfile.mkdtemp(prefix="anpo-bench-"))
            try:
                base = _measure("baseline", model, n, args.seed, w, tmp)
                model_s = base["seconds"]
                rows = [("loop", base, 1)]
                if n in sizes:
                    rows.append(("anpo", _measure("anpo", model, n, args.seed, w, tmp), w))
                if have_ema and n in ema_sizes:
                    rows.append(("ema", _measure("ema", model, n, args.seed, w, tmp), w))
                for name, r, k in rows:
                    over = (r["seconds"] - model_s / k) / n * 1e3 if name != "loop" else 0.0
                    print(
                        f"{model:9} {name:9} {n:>7} {r['seconds']:>8.3f} "
                        f"{n / r['seconds']:>9.0f} {over:>15.4f} {r['driver_peak_mb']:>9.1f} "
                        f"{r['worker_peak_mb']:>9.1f}"
                    )
                if model == "salvo":
                    ref = np.load(tmp / "baseline.npy")
                    for name in ("anpo", "ema"):
                        f = tmp / f"{name}.npy"
                        if f.exists():
                            diff = float(np.max(np.abs(np.load(f) - ref)))
                            print(
                                f"{'':9} {name} outcomes vs the plain loop: max |diff| {diff:.1e}"
                            )
                by = {name: r for name, r, _ in rows}
                if "anpo" in by:
                    ratio = by["loop"]["seconds"] / by["anpo"]["seconds"]
                    print(f"{'':9} ratio plain loop / anpo wall time at N={n}: {ratio:.3g}x")
                if "anpo" in by and "ema" in by:
                    ratio = by["ema"]["seconds"] / by["anpo"]["seconds"]
                    print(
                        f"{'':9} ratio EMA Workbench / anpo wall time at N={n}: {ratio:.1f}x "
                        "(anpo's throughput over EMA Workbench's)"
                    )
            finally:
                shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
