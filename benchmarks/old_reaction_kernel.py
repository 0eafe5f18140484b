"""The reaction-curve kernel of anpo 0.x before the fast path, kept verbatim as
the benchmark baseline and as the reference the fast path must agree with.

Not part of the package: ``benchmarks/deterrence_bench.py`` times it against
``anpo.deterrence.reaction`` and ``tests/test_reaction.py`` checks that both give identical
launcher counts on random points of the domain where their models coincide (no decoys, a whole
number of counterforce warheads per launcher that the striker's budget covers).
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
def _binom_fill(n: int, p: float, buf: np.ndarray) -> tuple[int, int]:
    """Fill ``buf[0:hi-lo+1]`` with the binomial pmf on its pruned window ``[lo, hi]``
    (one lgamma, then the ratio recurrence)."""
    lo, hi = _binom_window(n, p)
    if p <= 0.0 or p >= 1.0 or n <= 0:
        buf[0] = 1.0
        return lo, hi
    ratio = p / (1.0 - p)
    v = _binom_pmf_at(n, p, lo)
    buf[0] = v
    for j in range(lo, hi):
        v = v * (n - j) / (j + 1.0) * ratio
        buf[j - lo + 1] = v
    return lo, hi


@njit(cache=True)
def _two_binom_into(n1: int, p1: float, n2: int, p2: float, weight: float, out: np.ndarray) -> None:
    """out[j] += weight * P(Bin(n1,p1) + Bin(n2,p2) = j), on the pruned windows, by the ratio
    recurrence (no allocation in this hot path)."""
    lo1, hi1 = _binom_window(n1, p1)
    lo2, hi2 = _binom_window(n2, p2)
    start2 = _binom_pmf_at(n2, p2, lo2)
    ratio1 = p1 / (1.0 - p1) if 0.0 < p1 < 1.0 else 0.0
    ratio2 = p2 / (1.0 - p2) if 0.0 < p2 < 1.0 else 0.0
    a = _binom_pmf_at(n1, p1, lo1)
    size = out.shape[0]
    for i in range(lo1, hi1 + 1):
        if i > lo1:
            a = a * (n1 - i + 1) / i * ratio1
        wa = weight * a
        if wa >= 1e-300:
            b = start2
            for j in range(lo2, hi2 + 1):
                if j > lo2:
                    b = b * (n2 - j + 1) / j * ratio2
                if i + j < size:
                    out[i + j] += wa * b


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
def layers_pmf_from(
    initial: np.ndarray,
    inventories: np.ndarray,
    sspk: np.ndarray,
    shots: np.ndarray,
    second: np.ndarray,
    reliability: np.ndarray,
    raid: bool,
) -> np.ndarray:
    """Push a pmf of arriving RVs (``initial[m]`` = P(m RVs)) through salvo / shoot-look-shoot
    layers; exact, since every layer acts linearly on the distribution."""
    size = initial.shape[0]
    pmf = initial.copy()
    for layer in range(inventories.shape[0]):
        new = np.zeros(size)
        rho = reliability[layer]
        rho_rv = 1.0 if raid else rho
        for m in range(size):
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
                used = _salvo_into(
                    m, inventories[layer], shots[layer], sspk[layer], rho_rv, 1.0, first
                )
                remaining = inventories[layer] - used
                for s in range(m + 1):
                    ws = first[s]
                    if ws < 1e-16:
                        continue
                    if s == 0 or remaining == 0:
                        new[s] += w * ws
                    else:
                        _salvo_into(s, remaining, second[layer], sspk[layer], rho_rv, w * ws, new)
        pmf = new
    total = pmf.sum()
    if total > 0:
        pmf = pmf / total
    return pmf


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
    initial = np.zeros(n_rv + 1)
    initial[n_rv] = 1.0
    return layers_pmf_from(initial, inventories, sspk, shots, second, reliability, raid)


@njit(cache=True)
def launcher_survival(
    launchers: int, sigma: float, pk: float, alloc: float, budget: float
) -> tuple[int, int, float]:
    """``(sure, vulnerable, p)``: ``round(sigma n)`` launchers survive for sure; the striker spreads
    ``min(alloc, budget / vulnerable)`` warheads per vulnerable launcher (a fractional part means
    some launchers get one more warhead); ``p`` is the mean survival probability of a vulnerable
    launcher, ``f (1-pk)^(q+1) + (1-f)(1-pk)^q``."""
    sure = int(math.floor(sigma * launchers + 0.5))
    vul = launchers - sure
    if vul <= 0:
        return sure, 0, 1.0
    per = min(alloc, budget / vul)
    q = math.floor(per)
    f = per - q
    p = f * (1.0 - pk) ** (q + 1) + (1.0 - f) * (1.0 - pk) ** q
    return sure, vul, p


@njit(cache=True)
def p_at_least_arrive(
    launchers: int,
    sigma: float,
    pk: float,
    alloc: float,
    budget: float,
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
    """P(at least ``m_goal`` warheads arrive) from ``launchers`` launchers of ``warheads`` each
    after a counterforce strike (:func:`launcher_survival`, vulnerable launchers surviving
    independently), plus ``base`` surviving warheads, through the layers."""
    sure, vul, p_surv = launcher_survival(launchers, sigma, pk, alloc, budget)
    total_inv = 0
    for j in range(inventories.shape[0]):
        total_inv += inventories[j]
    buf = np.empty(vul + 1)
    lo, hi = _binom_fill(vul, p_surv, buf)
    size = base + warheads * (sure + hi) + 1
    if size <= m_goal:
        return 0.0
    initial = np.zeros(size)
    sure_mass = 0.0  # mass where even a perfect defense lets m_goal through
    for s in range(lo, hi + 1):
        ws = buf[s - lo]
        n_rv = base + warheads * (sure + s)
        if n_rv - total_inv >= m_goal:
            sure_mass += ws
        else:
            initial[n_rv] += ws
    if initial.sum() < 1e-300:
        return min(1.0, sure_mass)
    pmf = layers_pmf_from(initial, inventories, sspk, shots, second, reliability, raid)
    scale = initial.sum()
    tail = 0.0
    for j in range(m_goal, size):
        tail += pmf[j]
    return min(1.0, sure_mass + scale * tail)


@njit(cache=True)
def _min_launchers_one(
    sigma: float,
    pk: float,
    alloc: float,
    budget: float,
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
            p_at_least_arrive(
                n,
                sigma,
                pk,
                alloc,
                budget,
                warheads,
                base,
                m_goal,
                inventories,
                sspk,
                shots,
                second,
                reliability,
                raid,
            )
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
    sigma: np.ndarray,
    pk: np.ndarray,
    alloc: np.ndarray,
    budget: np.ndarray,
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
    n = sigma.shape[0]
    out = np.empty(n, dtype=np.int64)
    for i in prange(n):
        out[i] = _min_launchers_one(
            sigma[i],
            pk[i],
            alloc[i],
            budget[i],
            warheads[i],
            base[i],
            m_goal[i],
            q_goal[i],
            inventories[i],
            sspk[i],
            shots[i],
            second[i],
            reliability[i],
            raid,
            max_launchers,
        )
    return out
