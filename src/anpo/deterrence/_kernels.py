"""Compiled kernels (numba) for the hot paths of the deterrence engine.

Only array-in, array-out functions live here; the documented public entry points are in
:mod:`anpo.deterrence.stability` and :mod:`anpo.deterrence.defense`. Binomial probabilities are computed on a pruned
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


# ----------------------------------------------------------------------------- exchange
@njit(cache=True)
def _expected_leak(
    m: float, inv: np.ndarray, sspk: np.ndarray, cap: np.ndarray, rho: np.ndarray
) -> float:
    """Expected leakers of ``m`` RVs through layers with evenly spread inventories."""
    out = m
    for j in range(inv.shape[0]):
        if out <= 0.0:
            return 0.0
        shots = min(inv[j] / out, cap[j])
        q = math.floor(shots)
        f = shots - q
        leak = (1.0 - f) * (1.0 - sspk[j]) ** q + f * (1.0 - sspk[j]) ** (q + 1)
        out = out * (1.0 - rho[j] * (1.0 - leak))
    return out


@njit(cache=True)
def _damage_of(w: float, w80: float, tx: np.ndarray, ty: np.ndarray) -> float:
    if tx.shape[0] > 0:
        return np.interp(w, tx, ty)
    return 1.0 - math.exp(-max(w, 0.0) * math.log(5.0) / w80)


@njit(cache=True, parallel=True)
def first_strike_batch(
    s_launch: np.ndarray,
    s_war: np.ndarray,
    s_surv: np.ndarray,
    s_fixed: np.ndarray,
    v_launch: np.ndarray,
    v_war: np.ndarray,
    v_surv: np.ndarray,
    v_lua: np.ndarray,
    pk: np.ndarray,
    s_inv: np.ndarray,
    s_sspk: np.ndarray,
    s_cap: np.ndarray,
    s_rho: np.ndarray,
    v_inv: np.ndarray,
    v_sspk: np.ndarray,
    v_cap: np.ndarray,
    v_rho: np.ndarray,
    s_w80: np.ndarray,
    v_w80: np.ndarray,
    s_tx: np.ndarray,
    s_ty: np.ndarray,
    v_tx: np.ndarray,
    v_ty: np.ndarray,
    options: np.ndarray,
    survivable_use: float,
    lua_fraction: float,
    allow_lua: bool,
    exponent: float,
    surcharge: float,
) -> tuple[np.ndarray, ...]:
    """The cost-minimising first strike at every point (see ``anpo.deterrence.stability.first_strike``).

    Returns (choice, striker damage, victim damage, striker cost, victim cost, victim survivors,
    counterforce spent, warheads arriving at the striker, at the victim)."""
    n = s_launch.shape[0]
    n_opt = options.shape[0]
    n_v = v_launch.shape[1]
    choice = np.empty(n, np.int64)
    out = np.empty((8, n))
    for i in prange(n):
        committed = 0.0
        for c in range(s_launch.shape[1]):
            use = 1.0 if s_fixed[i, c] else survivable_use
            committed += use * s_launch[i, c] * s_war[i, c]
        best_cs = np.inf
        best_cv = -np.inf
        best_spend = np.inf
        best = -1
        best_vals = np.zeros(8)
        for o in range(n_opt):
            spend = 0.0
            survivors = 0.0
            for c in range(n_v):
                vul = v_launch[i, c] * (1.0 - v_surv[i, c])
                spend += options[o, c] * vul
                alive = v_launch[i, c] * v_surv[i, c] + vul * (1.0 - pk[i, c]) ** options[o, c]
                wh = alive * v_war[i, c]
                if allow_lua and v_lua[i, c]:
                    wh = max(wh, lua_fraction * v_launch[i, c] * v_war[i, c])
                survivors += wh
            if spend > committed + 1e-9:
                continue
            remaining = max(committed - spend, 0.0)
            at_s = _expected_leak(survivors, s_inv[i], s_sspk[i], s_cap[i], s_rho[i])
            at_v = _expected_leak(remaining, v_inv[i], v_sspk[i], v_cap[i], v_rho[i])
            ds = _damage_of(at_s, s_w80[i], s_tx, s_ty)
            dv = _damage_of(at_v, v_w80[i], v_tx, v_ty)
            cs = ds**exponent + surcharge * (1.0 - dv**exponent)
            cv = dv**exponent + surcharge * (1.0 - ds**exponent)
            better = False
            if cs < best_cs - 1e-12:
                better = True
            elif cs <= best_cs + 1e-12:
                if cv > best_cv + 1e-12:
                    better = True
                elif cv >= best_cv - 1e-12 and spend < best_spend:
                    better = True
            if better:
                best_cs, best_cv, best_spend, best = cs, cv, spend, o
                best_vals[0] = ds
                best_vals[1] = dv
                best_vals[2] = cs
                best_vals[3] = cv
                best_vals[4] = survivors
                best_vals[5] = spend
                best_vals[6] = at_s
                best_vals[7] = at_v
        choice[i] = best
        for k in range(8):
            out[k, i] = best_vals[k]
    return choice, out
