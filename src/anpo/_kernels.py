"""Compiled kernels (numba) for the hot paths of the deterrence engine.

Only array-in, array-out functions live here; the documented public entry points are in
:mod:`anpo.stability` and :mod:`anpo.defense`. Binomial probabilities are computed on a pruned
window (mode +/- 14 standard deviations, plus 8), where the neglected mass is below 1e-40.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

_TAIL_SD = 14.0


@njit(cache=True)
def _binom_window(n: int, p: float) -> tuple[int, int]:
    if n <= 0 or p <= 0.0:
        return 0, 0
    if p >= 1.0:
        return n, n
    mean = n * p
    sd = math.sqrt(n * p * (1.0 - p))
    lo = int(max(0.0, math.floor(mean - _TAIL_SD * sd - 8.0)))
    hi = int(min(float(n), math.ceil(mean + _TAIL_SD * sd + 8.0)))
    return lo, hi


@njit(cache=True)
def _binom_pmf_at(n: int, p: float, j: int) -> float:
    if j < 0 or j > n:
        return 0.0
    if p <= 0.0:
        return 1.0 if j == 0 else 0.0
    if p >= 1.0:
        return 1.0 if j == n else 0.0
    lg = math.lgamma(n + 1.0) - math.lgamma(j + 1.0) - math.lgamma(n - j + 1.0)
    return math.exp(lg + j * math.log(p) + (n - j) * math.log1p(-p))


@njit(cache=True)
def _two_binom_into(n1: int, p1: float, n2: int, p2: float, weight: float, out: np.ndarray) -> None:
    """out[j] += weight * P(Bin(n1,p1) + Bin(n2,p2) = j)."""
    lo1, hi1 = _binom_window(n1, p1)
    lo2, hi2 = _binom_window(n2, p2)
    for i in range(lo1, hi1 + 1):
        a = _binom_pmf_at(n1, p1, i)
        if a < 1e-300:
            continue
        for j in range(lo2, hi2 + 1):
            b = _binom_pmf_at(n2, p2, j)
            if i + j < out.shape[0]:
                out[i + j] += weight * a * b


@njit(cache=True)
def _salvo_into(
    m: int, inventory: int, shots: int, k: float, rho_rv: float, weight: float, out: np.ndarray
) -> int:
    """Leakers of ``m`` RVs against ``min(inventory, shots*m)`` interceptors spread evenly."""
    if m == 0:
        out[0] += weight
        return 0
    budget = min(inventory, shots * m)
    q = budget // m
    r = budget - q * m
    kill_q = rho_rv * (1.0 - (1.0 - k) ** q)
    kill_q1 = rho_rv * (1.0 - (1.0 - k) ** (q + 1))
    _two_binom_into(m - r, 1.0 - kill_q, r, 1.0 - kill_q1, weight, out)
    return budget


@njit(cache=True)
def layers_pmf(
    n_rv: int,
    inventories: np.ndarray,
    sspk: np.ndarray,
    shots: np.ndarray,
    second: np.ndarray,
    reliability: np.ndarray,
    raid: bool,
) -> np.ndarray:
    """Exact pmf of leakers of ``n_rv`` RVs through salvo / shoot-look-shoot layers."""
    pmf = np.zeros(n_rv + 1)
    pmf[n_rv] = 1.0
    for layer in range(inventories.shape[0]):
        new = np.zeros(n_rv + 1)
        rho = reliability[layer]
        rho_rv = 1.0 if raid else rho
        for m in range(n_rv + 1):
            w = pmf[m]
            if w < 1e-16:
                continue
            if raid:
                new[m] += w * (1.0 - rho)
                w = w * rho
            if second[layer] <= 0:
                _salvo_into(m, inventories[layer], shots[layer], sspk[layer], rho_rv, w, new)
            else:
                first = np.zeros(m + 1)
                used = _salvo_into(m, inventories[layer], shots[layer], sspk[layer], rho_rv, 1.0, first)
                remaining = inventories[layer] - used
                for s in range(m + 1):
                    ws = first[s]
                    if ws < 1e-16:
                        continue
                    if s == 0 or remaining == 0:
                        new[s] += w * ws
                    else:
                        _salvo_into(s, remaining, second[layer], sspk[layer], rho_rv, w * ws, new)
        total = new.sum()
        if total > 0:
            pmf = new / total
        else:
            pmf = new
    return pmf


@njit(cache=True)
def p_at_least_arrive(
    launchers: int,
    p_surv: float,
    warheads: int,
    base: int,
    m_goal: int,
    inventories: np.ndarray,
    sspk: np.ndarray,
    shots: np.ndarray,
    second: np.ndarray,
    reliability: np.ndarray,
    raid: bool,
) -> float:
    """P(at least ``m_goal`` warheads arrive) when ``Bin(launchers, p_surv)`` launchers of
    ``warheads`` each survive, plus ``base`` surviving warheads, and fly through the layers."""
    lo, hi = _binom_window(launchers, p_surv)
    total = 0.0
    for s in range(lo, hi + 1):
        ws = _binom_pmf_at(launchers, p_surv, s)
        if ws < 1e-300:
            continue
        n_rv = base + warheads * s
        if n_rv < m_goal:
            continue
        pmf = layers_pmf(n_rv, inventories, sspk, shots, second, reliability, raid)
        tail = 0.0
        for j in range(m_goal, n_rv + 1):
            tail += pmf[j]
        total += ws * min(1.0, tail)
    return min(1.0, total)


@njit(cache=True)
def _min_launchers_one(
    p_surv: float,
    warheads: int,
    base: int,
    m_goal: int,
    q_goal: float,
    inventories: np.ndarray,
    sspk: np.ndarray,
    shots: np.ndarray,
    second: np.ndarray,
    reliability: np.ndarray,
    raid: bool,
    max_launchers: int,
) -> int:
    def ok(n: int) -> bool:
        return (
            p_at_least_arrive(n, p_surv, warheads, base, m_goal, inventories, sspk, shots, second,
                              reliability, raid)
            >= q_goal
        )

    if ok(0):
        return 0
    hi = 1
    while not ok(hi):
        if hi >= max_launchers:
            return -1
        hi = min(2 * hi, max_launchers)
    lo = hi // 2  # ok(lo) is False (lo == 0 checked above)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return hi


@njit(cache=True, parallel=True)
def min_launchers_batch(
    p_surv: np.ndarray,
    warheads: np.ndarray,
    base: np.ndarray,
    m_goal: np.ndarray,
    q_goal: np.ndarray,
    inventories: np.ndarray,
    sspk: np.ndarray,
    shots: np.ndarray,
    second: np.ndarray,
    reliability: np.ndarray,
    raid: bool,
    max_launchers: int,
) -> np.ndarray:
    """Vector of smallest launcher counts (or -1), one per parameter point (rows of 2-D layer
    arrays). Each point is independent, so the result does not depend on the thread count."""
    n = p_surv.shape[0]
    out = np.empty(n, dtype=np.int64)
    for i in prange(n):
        out[i] = _min_launchers_one(
            p_surv[i], warheads[i], base[i], m_goal[i], q_goal[i], inventories[i], sspk[i],
            shots[i], second[i], reliability[i], raid, max_launchers,
        )
    return out
