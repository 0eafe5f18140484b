"""Benchmark: the reaction curve and the first-strike stability index over a parameter grid.

Vectorised paths (``anpo.deterrence.stability.reaction_curve``: numba-compiled, parallel over points;
``anpo.deterrence.stability.exchange``: numpy over points and allocation options) against plain scalar
loops measured in the same run. The scalar loops are slow, so they run on a random subsample
and their rate is extrapolated per point; the printed ratio compares points per second. Results
of both paths are compared on the subsample.

    python benchmarks/deterrence_bench.py [--points 100000] [--sample 100] [--seed 1]
"""

from __future__ import annotations

import argparse
import itertools
import math
import time

import numpy as np

from anpo.deterrence import exchange as x
from anpo.deterrence import reaction as r
from anpo.deterrence import stability as s


def reaction_grid(n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    return {
        "interceptors": rng.integers(0, 500, n),
        "sspk": rng.uniform(0.3, 0.9, n),
        "sigma": rng.uniform(0.0, 0.8, n),
        "m": rng.choice([1, 5, 10], n),
        "q": rng.choice([0.5, 0.9], n),
        "w": rng.choice([1, 3], n),
        "budget": rng.uniform(50, 1000, n),
    }


def run_reaction(points: int, sample: int, rng: np.random.Generator) -> None:
    g = reaction_grid(points, rng)
    layers = r.DefenseLayers.single(g["interceptors"], g["sspk"], shots=2, reliability=0.95)
    r.reaction_curve(r.DefenseLayers.single([1], 0.5), 1, 1, 0.5)  # compile outside the timing
    t0 = time.perf_counter()
    fast = r.reaction_curve(
        layers,
        g["w"],
        g["m"],
        g["q"],
        survivable_fraction=g["sigma"],
        kill_probability=0.8,
        allocation=2,
        striker_budget=g["budget"],
    )
    t_fast = time.perf_counter() - t0
    idx = rng.choice(points, size=min(sample, points), replace=False)
    t0 = time.perf_counter()
    slow = [
        r.reaction_point_reference(
            [int(g["interceptors"][i])],
            [float(g["sspk"][i])],
            [2],
            [0],
            [0.95],
            int(g["w"][i]),
            int(g["m"][i]),
            float(g["q"][i]),
            float(g["sigma"][i]),
            0.8,
            2,
            float(g["budget"][i]),
        )
        for i in idx
    ]
    t_slow = time.perf_counter() - t0
    agree = int(np.sum(np.asarray(slow) == fast[idx]))
    rate_fast, rate_slow = points / t_fast, len(idx) / t_slow
    print(
        f"reaction curve: {points} points in {t_fast:.2f} s = {rate_fast:,.0f} points/s (vectorised, numba)"
    )
    print(
        f"reaction curve: scalar loop {len(idx)} points in {t_slow:.2f} s = {rate_slow:,.1f} points/s"
    )
    print(
        f"reaction curve: ratio {rate_fast / rate_slow:,.0f}x; agreement on the sample {agree}/{len(idx)}"
    )


# ----------------------------------------------------------------------------- exchange
def stability_grid(n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    return {
        "a_silo": rng.integers(50, 500, n).astype(float),
        "a_sea": rng.integers(50, 400, n).astype(float),
        "b_silo": rng.integers(10, 400, n).astype(float),
        "b_mobile": rng.integers(0, 300, n).astype(float),
        "pk": rng.uniform(0.3, 0.95, n),
        "sigma_mobile": rng.uniform(0.2, 0.8, n),
        "interceptors": rng.integers(0, 300, n).astype(float),
        "w80": rng.uniform(100, 500, n),
    }


def sides(g: dict[str, np.ndarray]) -> tuple[x.SideArrays, x.SideArrays]:
    n = len(g["pk"])
    ones = np.ones(n)
    a_force = x.ForceArrays(
        launchers=np.stack([g["a_silo"], g["a_sea"]], 1),
        warheads=np.stack([3 * ones, 4 * ones], 1),
        survivable=np.stack([0 * ones, 0.67 * ones], 1),
        fixed=np.stack([ones > 0, ones < 0], 1),
        lua=np.zeros((n, 2), bool),
    )
    b_force = x.ForceArrays(
        launchers=np.stack([g["b_silo"], g["b_mobile"]], 1),
        warheads=np.stack([ones, ones], 1),
        survivable=np.stack([0 * ones, g["sigma_mobile"]], 1),
        fixed=np.stack([ones > 0, ones < 0], 1),
        lua=np.zeros((n, 2), bool),
    )
    a_def = x.DefenseArrays(
        g["interceptors"][:, None], 0.6 * ones[:, None], 4 * ones[:, None], 0.9 * ones[:, None]
    )
    b_def = x.DefenseArrays(np.zeros((n, 0)), np.zeros((n, 0)), np.zeros((n, 0)), np.zeros((n, 0)))
    a = x.SideArrays(a_force, a_def, np.stack([g["pk"], 0.8 * ones], 1), 400 * ones)
    b = x.SideArrays(b_force, b_def, np.stack([0.5 * ones, 0.5 * ones], 1), g["w80"])
    return a, b


def _leak_scalar(m: float, inv: float, k: float, rho: float, cap: float) -> float:
    if m <= 0:
        return 0.0
    shots = min(inv / m, cap)
    q = math.floor(shots)
    f = shots - q
    leak = (1 - f) * (1 - k) ** q + f * (1 - k) ** (q + 1)
    return m * (1 - rho * (1 - leak))


def _damage(w: float, w80: float) -> float:
    return 1 - math.exp(-max(w, 0) * math.log(5) / w80)


def strike_scalar(st: dict, vi: dict, levels=(0, 1, 2, 3)) -> tuple[float, float]:
    """Plain-Python cost-minimising first strike: (striker cost, victim cost)."""
    committed = sum(
        n * w * (1.0 if fx else 0.9) for n, w, fx in zip(st["n"], st["w"], st["fixed"], strict=True)
    )
    best = None
    for alloc in itertools.product(levels, repeat=len(vi["n"])):
        spend = sum(a * n * (1 - sg) for a, n, sg in zip(alloc, vi["n"], vi["sigma"], strict=True))
        if spend > committed + 1e-9:
            continue
        surv = sum(
            w * (n * sg + n * (1 - sg) * (1 - pk) ** a)
            for a, n, w, sg, pk in zip(alloc, vi["n"], vi["w"], vi["sigma"], st["pk"], strict=True)
        )
        rem = max(committed - spend, 0.0)
        arrive_s = surv
        for inv, k, cap, rho in st["layers"]:
            arrive_s = _leak_scalar(arrive_s, inv, k, rho, cap)
        arrive_v = rem
        for inv, k, cap, rho in vi["layers"]:
            arrive_v = _leak_scalar(arrive_v, inv, k, rho, cap)
        ds, dv = _damage(arrive_s, st["w80"]), _damage(arrive_v, vi["w80"])
        cs = ds**0.75 + 0.3 * (1 - dv**0.75)
        cv = dv**0.75 + 0.3 * (1 - ds**0.75)
        key = (round(cs, 12), -round(cv, 12), spend)
        if best is None or key < best[0]:
            best = (key, cs, cv)
    assert best is not None
    return best[1], best[2]


def fss_scalar(g: dict[str, np.ndarray], i: int) -> float:
    a = {
        "n": [g["a_silo"][i], g["a_sea"][i]],
        "w": [3, 4],
        "sigma": [0.0, 0.67],
        "fixed": [True, False],
        "pk": [g["pk"][i], 0.8],
        "layers": [(g["interceptors"][i], 0.6, 4, 0.9)],
        "w80": 400.0,
    }
    b = {
        "n": [g["b_silo"][i], g["b_mobile"][i]],
        "w": [1, 1],
        "sigma": [0.0, g["sigma_mobile"][i]],
        "fixed": [True, False],
        "pk": [0.5, 0.5],
        "layers": [],
        "w80": g["w80"][i],
    }
    c1a, c2b = strike_scalar(a, b)
    c1b, c2a = strike_scalar(b, a)
    ra = min(1.0, c1a / c2a) if c2a > 0 else 1.0
    rb = min(1.0, c1b / c2b) if c2b > 0 else 1.0
    return ra * rb


def run_stability(points: int, sample: int, rng: np.random.Generator) -> None:
    g = stability_grid(points, rng)
    a, b = sides(g)
    s.exchange(*sides({k: v[:2] for k, v in g.items()}))  # compile outside the timing
    t0 = time.perf_counter()
    chunk = 20_000
    fss = np.concatenate(
        [
            s.exchange(*sides({k: v[i : i + chunk] for k, v in g.items()})).fss
            for i in range(0, points, chunk)
        ]
    )
    t_fast = time.perf_counter() - t0
    idx = rng.choice(points, size=min(sample * 10, points), replace=False)
    t0 = time.perf_counter()
    slow = np.array([fss_scalar(g, int(i)) for i in idx])
    t_slow = time.perf_counter() - t0
    err = float(np.max(np.abs(slow - fss[idx])))
    rate_fast, rate_slow = points / t_fast, len(idx) / t_slow
    print(
        f"stability index: {points} points in {t_fast:.2f} s = {rate_fast:,.0f} points/s (vectorised, numba)"
    )
    print(
        f"stability index: scalar loop {len(idx)} points in {t_slow:.2f} s = {rate_slow:,.0f} points/s"
    )
    print(
        f"stability index: ratio {rate_fast / rate_slow:,.0f}x; max |difference| on the sample {err:.2e}"
    )
    del a, b


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=100_000)
    ap.add_argument("--sample", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    run_stability(args.points, args.sample, rng)
    run_reaction(args.points, args.sample, rng)


if __name__ == "__main__":
    main()
