"""Compiled kernels (numba) of the deterrence engine. Private to :mod:`anpo.deterrence`.

Array in, array out; the documented entry points are :mod:`anpo.deterrence.defense`,
:mod:`anpo.deterrence.exchange` and :mod:`anpo.deterrence.reaction`.

The interception model [wilkening1999], made exact for finite inventories, shoot-look-shoot and
decoys: a layer engages ``T`` threatening objects (RVs inside its footprint plus the decoys it
fails to recognise) and cannot tell them apart. It spreads its inventory as evenly as possible,
``q = floor(B/T)`` interceptors for ``T - r`` objects and ``q + 1`` for ``r = B mod T``
(``B = min(I, shots T)``), which objects get the extra shot being random; with
shoot-look-shoot it looks, then fires ``second`` shots at each surviving object from what is left.
The number of objects killed, ``k``, therefore depends on ``T`` alone, and because the defense
treats the objects alike the killed objects are a uniformly random ``k``-subset of the ``T``: the
number of RVs among them is hypergeometric. Reliability of a layer's own elements is per raid
(the layer works or not, once) or per RV (each shot's kill probability scaled).

States are 2-D arrays ``P[m, K]``: ``m`` RVs and ``K`` decoys still flying (decoys persist
through exo-atmospheric layers until destroyed; each layer recognises each decoy independently;
endo-atmospheric layers see no decoys). Binomials are computed on a window of +/-14 standard
deviations (plus 8) around the mean, where the neglected mass is below 1e-40; states with
probability below 1e-16 are not propagated (their mass is negligible for every reported figure).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

_TAIL_SD = 14.0
_TINY = 1e-300
_SKIP = 1e-16


# ----------------------------------------------------------------------------- binomials
@njit(cache=True)
def binom_window(n: int, p: float) -> tuple[int, int]:
    """Support window ``[lo, hi]`` of Bin(n, p) outside which the mass is below 1e-40."""
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
def binom_pmf_at(n: int, p: float, j: int) -> float:
    if j < 0 or j > n:
        return 0.0
    if p <= 0.0:
        return 1.0 if j == 0 else 0.0
    if p >= 1.0:
        return 1.0 if j == n else 0.0
    lg = math.lgamma(n + 1.0) - math.lgamma(j + 1.0) - math.lgamma(n - j + 1.0)
    return math.exp(lg + j * math.log(p) + (n - j) * math.log1p(-p))


@njit(cache=True)
def binom_fill(n: int, p: float, buf: np.ndarray) -> tuple[int, int]:
    """``buf[0 : hi - lo + 1]`` = Bin(n, p) on its window ``[lo, hi]`` (ratio recurrence)."""
    lo, hi = binom_window(n, p)
    if n <= 0 or p <= 0.0 or p >= 1.0:
        buf[0] = 1.0
        return lo, hi
    ratio = p / (1.0 - p)
    v = binom_pmf_at(n, p, lo)
    buf[0] = v
    for j in range(lo, hi):
        v = v * (n - j) / (j + 1.0) * ratio
        buf[j - lo + 1] = v
    return lo, hi


@njit(cache=True)
def hyper_fill(total: int, good: int, draws: int, buf: np.ndarray) -> tuple[int, int]:
    """``buf[0 : hi - lo + 1]``: P(j of the ``draws`` are among the ``good``), drawing without
    replacement from ``total`` objects (hypergeometric), on its full support ``[lo, hi]``."""
    lo = max(0, draws - (total - good))
    hi = min(draws, good)
    if hi < lo:
        return 0, -1
    if lo == hi:
        buf[0] = 1.0
        return lo, hi
    lg = (
        math.lgamma(good + 1.0)
        - math.lgamma(lo + 1.0)
        - math.lgamma(good - lo + 1.0)
        + math.lgamma(total - good + 1.0)
        - math.lgamma(draws - lo + 1.0)
        - math.lgamma(total - good - draws + lo + 1.0)
        - (math.lgamma(total + 1.0) - math.lgamma(draws + 1.0) - math.lgamma(total - draws + 1.0))
    )
    v = math.exp(lg)
    buf[0] = v
    for j in range(lo, hi):
        v = v * (good - j) * (draws - j) / ((j + 1.0) * (total - good - draws + j + 1.0))
        buf[j - lo + 1] = v
    return lo, hi


@njit(cache=True)
def _two_binom_into(
    n1: int, p1: float, n2: int, p2: float, weight: float, out: np.ndarray, offset: int
) -> None:
    """``out[offset + j] += weight * P(Bin(n1, p1) + Bin(n2, p2) = j)`` (pruned windows)."""
    lo1, hi1 = binom_window(n1, p1)
    lo2, hi2 = binom_window(n2, p2)
    start2 = binom_pmf_at(n2, p2, lo2)
    ratio1 = p1 / (1.0 - p1) if 0.0 < p1 < 1.0 else 0.0
    ratio2 = p2 / (1.0 - p2) if 0.0 < p2 < 1.0 else 0.0
    a = binom_pmf_at(n1, p1, lo1)
    size = out.shape[0]
    for i in range(lo1, hi1 + 1):
        if i > lo1:
            a = a * (n1 - i + 1) / i * ratio1
        wa = weight * a
        if wa >= _TINY:
            b = start2
            for j in range(lo2, hi2 + 1):
                if j > lo2:
                    b = b * (n2 - j + 1) / j * ratio2
                idx = offset + i + j
                if idx < size:
                    out[idx] += wa * b


# ----------------------------------------------------------------------------- one layer
@njit(cache=True)
def _salvo_kills_into(
    t: int,
    inventory: int,
    shots: int,
    k: float,
    rho_rv: float,
    weight: float,
    out: np.ndarray,
    offset: int,
) -> int:
    """Objects killed among ``t`` by ``min(inventory, shots t)`` interceptors spread evenly:
    ``out[offset + j] += weight P(j killed)``. Returns the interceptors fired."""
    if t == 0:
        out[offset] += weight
        return 0
    budget = min(inventory, shots * t)
    q = budget // t
    r = budget - q * t
    kill_q = rho_rv * (1.0 - (1.0 - k) ** q)
    kill_q1 = rho_rv * (1.0 - (1.0 - k) ** (q + 1))
    _two_binom_into(t - r, kill_q, r, kill_q1, weight, out, offset)
    return budget


@njit(cache=True)
def layer_kills(
    t: int, inventory: int, shots: int, second: int, k: float, rho_rv: float
) -> np.ndarray:
    """pmf (length ``t + 1``) of the number of objects a working layer kills among ``t``:
    salvo, or shoot-look-shoot (``second`` > 0) with perfect kill assessment."""
    out = np.zeros(t + 1)
    if second <= 0:
        _salvo_kills_into(t, inventory, shots, k, rho_rv, 1.0, out, 0)
        return out
    first = np.zeros(t + 1)
    used = _salvo_kills_into(t, inventory, shots, k, rho_rv, 1.0, first, 0)
    remaining = inventory - used
    for k1 in range(t + 1):
        w = first[k1]
        if w < _TINY:
            continue
        s = t - k1
        if s == 0 or remaining == 0:
            out[k1] += w
        else:
            _salvo_kills_into(s, remaining, second, k, rho_rv, w, out, k1)
    return out


@njit(cache=True)
def _support_bounds(p: np.ndarray) -> tuple[int, int, int, int]:
    mlo, mhi, klo, khi = p.shape[0], -1, p.shape[1], -1
    for m in range(p.shape[0]):
        for kk in range(p.shape[1]):
            if p[m, kk] >= _SKIP:
                if m < mlo:
                    mlo = m
                if m > mhi:
                    mhi = m
                if kk < klo:
                    klo = kk
                if kk > khi:
                    khi = kk
    return mlo, mhi, klo, khi


@njit(cache=True)
def propagate(
    init: np.ndarray,
    inventories: np.ndarray,
    sspk: np.ndarray,
    shots: np.ndarray,
    second: np.ndarray,
    reliability: np.ndarray,
    raid: np.ndarray,
    discrimination: np.ndarray,
    endo: np.ndarray,
    fraction: np.ndarray,
    active: np.ndarray,
    m_goal: int,
) -> tuple[np.ndarray, float]:
    """Push a joint pmf of (RVs, decoys) through the active layers, in order.

    ``init[m, K]`` = P(m RVs and K decoys arrive at the first layer); every layer given engages
    these RVs. With ``m_goal < 0`` returns the full pmf of RVs getting through (length
    ``init.shape[0]``) and 0. With ``m_goal >= 0`` works truncated (the reaction-curve fast
    path): returns ``(pmf of 0..m_goal-1 leakers, P(at least m_goal leak))``; ``init`` may then
    hold only the states below ``m_goal`` plus the remaining inventories, the caller adding the
    mass of larger states to the second value itself.
    """
    n_layers = inventories.shape[0]
    truncated = m_goal >= 0
    # capacity to kill downstream of each layer (truncation), and decoy relevance
    later_inv = np.zeros(n_layers + 1, dtype=np.int64)
    later_decoys = np.zeros(n_layers + 1, dtype=np.bool_)
    for layer in range(n_layers - 1, -1, -1):
        later_inv[layer] = later_inv[layer + 1]
        later_decoys[layer] = later_decoys[layer + 1]
        if active[layer]:
            later_inv[layer] += inventories[layer]
            if (not endo[layer]) and discrimination[layer] < 1.0:
                later_decoys[layer] = True
    pmf = init
    lump = 0.0
    hbuf = np.empty(init.shape[0] + 1)
    for layer in range(n_layers):
        if not active[layer]:
            continue
        keep = later_decoys[layer + 1]
        rows_in = pmf.shape[0]
        if truncated:
            cap_next = m_goal + later_inv[layer + 1]
            rows = min(rows_in, cap_next)
        else:
            cap_next = rows_in
            rows = rows_in
        cols = pmf.shape[1] if keep else 1
        new = np.zeros((rows, cols))
        mlo, mhi, klo, khi = _support_bounds(pmf)
        if mhi < 0:
            pmf = new
            continue
        inv = inventories[layer]
        kk_p = sspk[layer]
        rho = reliability[layer]
        rho_rv = 1.0 if raid[layer] else rho
        f = fraction[layer]
        use_decoys = (not endo[layer]) and discrimination[layer] < 1.0
        miss = 1.0 - discrimination[layer]
        shots_l = shots[layer]
        second_l = second[layer]
        # kill pmfs by number of objects engaged, computed once per layer (flat cache)
        t_max = mhi + (khi if use_decoys else 0)
        c_off = np.full(t_max + 1, -1, dtype=np.int64)
        c_lo = np.zeros(t_max + 1, dtype=np.int64)
        c_hi = np.zeros(t_max + 1, dtype=np.int64)
        cache = np.empty(64)
        c_used = 0
        if hbuf.shape[0] < t_max + 2:
            hbuf = np.empty(t_max + 2)
        abuf = np.empty(mhi + 2)
        bbuf = np.empty(khi + 2)
        ubuf = np.empty(khi + 2)
        for m in range(mlo, mhi + 1):
            for kd in range(klo, khi + 1):
                w = pmf[m, kd]
                if w < _SKIP:
                    continue
                kd_out = kd if keep else 0
                if raid[layer]:
                    fail = w * (1.0 - rho)
                    if m < rows:
                        new[m, kd_out] += fail
                    else:
                        lump += fail
                    w = w * rho
                    if w < _TINY:
                        continue
                if truncated and m - inv >= cap_next:
                    lump += w  # even one kill per interceptor leaves too many
                    continue
                # RVs inside the footprint
                if f >= 1.0:
                    alo, ahi = m, m
                    abuf[0] = 1.0
                else:
                    alo, ahi = binom_fill(m, f, abuf)
                for a in range(alo, ahi + 1):
                    wa = w * abuf[a - alo]
                    if wa < _TINY:
                        continue
                    outside = m - a
                    if use_decoys and kd > 0:
                        if f >= 1.0:
                            blo, bhi = kd, kd
                            bbuf[0] = 1.0
                        else:
                            blo, bhi = binom_fill(kd, f, bbuf)
                    else:
                        blo, bhi = 0, 0
                        bbuf[0] = 1.0
                    for b in range(blo, bhi + 1):
                        wb = wa * bbuf[b - blo]
                        if wb < _TINY:
                            continue
                        if b > 0:
                            ulo, uhi = binom_fill(b, miss, ubuf)
                        else:
                            ulo, uhi = 0, 0
                            ubuf[0] = 1.0
                        for u in range(ulo, uhi + 1):
                            wu = wb * ubuf[u - ulo]
                            if wu < _TINY:
                                continue
                            t = a + u
                            if c_off[t] < 0:
                                kp = layer_kills(t, inv, shots_l, second_l, kk_p, rho_rv)
                                lo_k, hi_k = 0, kp.shape[0] - 1
                                while lo_k < hi_k and kp[lo_k] <= 0.0:
                                    lo_k += 1
                                while hi_k > lo_k and kp[hi_k] <= 0.0:
                                    hi_k -= 1
                                need = c_used + hi_k - lo_k + 1
                                if need > cache.shape[0]:
                                    grown = np.empty(max(2 * cache.shape[0], need))
                                    grown[:c_used] = cache[:c_used]
                                    cache = grown
                                cache[c_used:need] = kp[lo_k : hi_k + 1]
                                c_off[t] = c_used
                                c_lo[t] = lo_k
                                c_hi[t] = hi_k
                                c_used = need
                            off = c_off[t] - c_lo[t]
                            for nk in range(c_lo[t], c_hi[t] + 1):
                                wk = wu * cache[off + nk]
                                if wk < _TINY:
                                    continue
                                if u == 0:
                                    m_out = outside + a - nk
                                    if m_out < rows:
                                        new[m_out, kd_out] += wk
                                    else:
                                        lump += wk
                                    continue
                                hlo, hhi = hyper_fill(t, a, nk, hbuf)
                                for j in range(hlo, hhi + 1):
                                    wj = wk * hbuf[j - hlo]
                                    m_out = outside + a - j
                                    if m_out < rows:
                                        if keep:
                                            new[m_out, kd - (nk - j)] += wj
                                        else:
                                            new[m_out, 0] += wj
                                    else:
                                        lump += wj
        pmf = new
    # collapse decoys
    rows = pmf.shape[0]
    if truncated:
        out = np.zeros(m_goal)
        for m in range(rows):
            s = 0.0
            for kd in range(pmf.shape[1]):
                s += pmf[m, kd]
            if m < m_goal:
                out[m] += s
            else:
                lump += s
        return out, lump
    out = np.zeros(rows)
    for m in range(rows):
        for kd in range(pmf.shape[1]):
            out[m] += pmf[m, kd]
    return out, 0.0


# ----------------------------------------------------------------------------- survivors
@njit(cache=True)
def launcher_survivors(
    vulnerable: int, kill: float, per_launcher: int, extra: int, buf: np.ndarray
) -> tuple[int, int]:
    """pmf of surviving launchers among ``vulnerable`` when ``extra`` of them receive
    ``per_launcher + 1`` warheads and the others ``per_launcher``, each warhead destroying its
    launcher with probability ``kill``, independently: ``Bin(v - e, (1-kill)^q) +
    Bin(e, (1-kill)^(q+1))``, into ``buf`` (length ``vulnerable + 1``, zeroed here). Returns the
    support bounds."""
    for i in range(vulnerable + 1):
        buf[i] = 0.0
    p_q = (1.0 - kill) ** per_launcher
    p_q1 = (1.0 - kill) ** (per_launcher + 1)
    _two_binom_into(vulnerable - extra, p_q, extra, p_q1, 1.0, buf, 0)
    lo, hi = 0, vulnerable
    while lo < hi and buf[lo] < _SKIP:
        lo += 1
    while hi > lo and buf[hi] < _SKIP:
        hi -= 1
    return lo, hi


@njit(cache=True)
def spread(total: int, vulnerable: int, cap: int) -> tuple[int, int]:
    """``(q, r)``: ``min(total, cap v)`` warheads spread as evenly as possible over ``v`` aim
    points: ``r`` get ``q + 1``, the others ``q``."""
    if vulnerable <= 0:
        return 0, 0
    budget = min(total, cap * vulnerable)
    q = budget // vulnerable
    return q, budget - q * vulnerable


# ----------------------------------------------------------------------------- reaction curve
@njit(cache=True)
def _p_at_least(
    n: int,
    sigma: float,
    pk: float,
    alloc: int,
    budget: int,
    warheads: int,
    decoys: int,
    in_block: bool,
    base: np.ndarray,
    base_shift: int,
    passthrough: np.ndarray,
    m_goal: int,
    inventories: np.ndarray,
    sspk: np.ndarray,
    shots: np.ndarray,
    second: np.ndarray,
    reliability: np.ndarray,
    raid: np.ndarray,
    discrimination: np.ndarray,
    endo: np.ndarray,
    fraction: np.ndarray,
    patterns: np.ndarray,
    weights: np.ndarray,
) -> float:
    """P(at least ``m_goal`` warheads arrive) with ``n`` launchers of the growth component."""
    sure = int(math.floor(sigma * n + 0.5))
    vul = n - sure
    q, r = spread(budget, vul, alloc)
    surv = np.empty(vul + 1)
    slo, shi = launcher_survivors(vul, pk, q, r, surv)
    n_rows, n_cols = base.shape
    total = 0.0
    for pat in range(patterns.shape[0]):
        wpat = weights[pat]
        if wpat <= 0.0:
            continue
        act = patterns[pat]
        cap0 = m_goal
        for layer in range(inventories.shape[0]):
            if act[layer]:
                cap0 += inventories[layer]
        # the engaged block (truncated below cap0) and the passthrough RVs
        cols = 1
        if decoys > 0 and in_block:
            cols = n_cols + decoys * warheads * (sure + shi) + 1
        else:
            cols = n_cols
        block = np.zeros((cap0, cols))
        sure_mass = 0.0
        pass_extra = np.zeros(0)
        if in_block:
            for s in range(slo, shi + 1):
                ws = surv[s - slo]
                if ws < _SKIP:
                    continue
                g = warheads * (sure + s)
                shift = g + base_shift
                for mb in range(n_rows):
                    mm = mb + shift
                    for kb in range(n_cols):
                        wb = ws * base[mb, kb]
                        if wb < _TINY:
                            continue
                        if mm >= cap0:
                            sure_mass += wb
                        else:
                            block[mm, kb + decoys * g] += wb
        else:
            pass_extra = np.zeros(warheads * (sure + shi) + 1)
            for s in range(slo, shi + 1):
                pass_extra[warheads * (sure + s)] += surv[s - slo]
            for mb in range(n_rows):
                mm = mb + base_shift
                for kb in range(n_cols):
                    if mm >= cap0:
                        sure_mass += base[mb, kb]
                    else:
                        block[mm, kb] += base[mb, kb]
        leak, lump = propagate(
            block,
            inventories,
            sspk,
            shots,
            second,
            reliability,
            raid,
            discrimination,
            endo,
            fraction,
            act,
            m_goal,
        )
        lump += sure_mass
        mass = lump
        for x in range(m_goal):
            mass += leak[x]
        # P(leak + passthrough < m_goal), normalised by the mass kept (pruning loses < 1e-12)
        below = 0.0
        for x in range(m_goal):
            lx = leak[x]
            if lx < _TINY:
                continue
            if in_block:
                for y in range(min(m_goal - x, passthrough.shape[0])):
                    below += lx * passthrough[y]
            else:
                for y in range(min(m_goal - x, passthrough.shape[0])):
                    py = passthrough[y]
                    if py < _TINY:
                        continue
                    for z in range(min(m_goal - x - y, pass_extra.shape[0])):
                        below += lx * py * pass_extra[z]
        total += wpat * (1.0 - below / mass) if mass > 0.0 else 0.0
    return min(1.0, max(0.0, total))


@njit(cache=True)
def _min_launchers_one(
    sigma: float,
    pk: float,
    alloc: int,
    budget: int,
    warheads: int,
    decoys: int,
    in_block: bool,
    base: np.ndarray,
    base_shift: int,
    passthrough: np.ndarray,
    m_goal: int,
    q_goal: float,
    inventories: np.ndarray,
    sspk: np.ndarray,
    shots: np.ndarray,
    second: np.ndarray,
    reliability: np.ndarray,
    raid: np.ndarray,
    discrimination: np.ndarray,
    endo: np.ndarray,
    fraction: np.ndarray,
    patterns: np.ndarray,
    weights: np.ndarray,
    max_launchers: int,
) -> int:
    def ok(n: int) -> bool:
        return (
            _p_at_least(
                n,
                sigma,
                pk,
                alloc,
                budget,
                warheads,
                decoys,
                in_block,
                base,
                base_shift,
                passthrough,
                m_goal,
                inventories,
                sspk,
                shots,
                second,
                reliability,
                raid,
                discrimination,
                endo,
                fraction,
                patterns,
                weights,
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
    lo = hi // 2
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
    decoys: np.ndarray,
    in_block: np.ndarray,
    base: np.ndarray,
    base_shift: np.ndarray,
    passthrough: np.ndarray,
    m_goal: np.ndarray,
    q_goal: np.ndarray,
    inventories: np.ndarray,
    sspk: np.ndarray,
    shots: np.ndarray,
    second: np.ndarray,
    reliability: np.ndarray,
    raid: np.ndarray,
    discrimination: np.ndarray,
    endo: np.ndarray,
    fraction: np.ndarray,
    patterns: np.ndarray,
    weights: np.ndarray,
    max_launchers: int,
) -> np.ndarray:
    """Smallest launcher counts (or -1), one per parameter point (rows of the 2-D layer arrays;
    ``patterns`` is ``(P, NP, L)``). Points are independent: results do not depend on the
    number of threads."""
    n = sigma.shape[0]
    out = np.empty(n, dtype=np.int64)
    for i in prange(n):
        out[i] = _min_launchers_one(
            sigma[i],
            pk[i],
            alloc[i],
            budget[i],
            warheads[i],
            decoys[i],
            in_block[i],
            base,
            base_shift[i],
            passthrough,
            m_goal[i],
            q_goal[i],
            inventories[i],
            sspk[i],
            shots[i],
            second[i],
            reliability[i],
            raid[i],
            discrimination[i],
            endo[i],
            fraction[i],
            patterns[i],
            weights[i],
            max_launchers,
        )
    return out
