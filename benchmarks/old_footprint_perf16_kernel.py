"""The exact propagation's general layer (:func:`anpo.deterrence._engine._layer_general`), with
the propagation and the reaction curve's decoy path that call it, as they were before perf17 (on
main at 96da5c81), kept verbatim as the baseline of ``benchmarks/footprint_bench.py`` and as the
reference ``tests/test_footprint_fast.py`` checks the package against.

Not part of the package. A layer covering part of the territory (``fraction < 1``) went through
the general layer whether or not later layers needed its decoys, and computed the hypergeometric
terms of every (RVs inside, unrecognised decoys engaged, survivors) triple afresh for every state:
the memo that whole-footprint layers use was off. The helpers it calls are imported from the
package, which did not change them.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from anpo.deterrence._engine import (
    _SKIP,
    _TINY,
    _add_compensated,
    _ensure_survivors,
    _hyper_mode,
    _hyper_upto,
    _layer_collapsed,
    _new_caches,
    _support_bounds,
    binom_fill,
    launcher_survivors,
    spread,
)


@njit(cache=True)
def _layer_general(
    pmf: np.ndarray,
    rows: int,
    keep: bool,
    inv: int,
    kk_p: float,
    shots_l: int,
    second_l: int,
    rho: float,
    raid_l: bool,
    f: float,
    use_decoys: bool,
    miss: float,
    truncated: bool,
    cap_next: int,
    c_off: np.ndarray,
    c_lo: np.ndarray,
    c_hi: np.ndarray,
    cache: np.ndarray,
    c_used: int,
    lf: np.ndarray,
) -> tuple[np.ndarray, float, np.ndarray, int]:
    """One layer on (RVs, decoys) states: footprint split, unrecognised decoys, survivors, RVs
    among the surviving objects; decoys kept for later layers when ``keep``. Cache as in
    :func:`_layer_collapsed`.

    A footprint (``f < 1``) engages a binomial share of the RVs, Bin(m, f), and of the decoys
    the unrecognised ones inside it, Bin(K, f (1 - discrimination)) (each decoy inside with
    ``f``, then unrecognised, independently): one binomial, where the kernel before perf16
    drew those inside, then the unrecognised among them, a loop in a loop for every state
    (``benchmarks/old_footprint_kernel.py``, the same distribution)."""
    lump = 0.0
    cols = pmf.shape[1] if keep else 1
    new = np.zeros((rows, cols))
    mlo, mhi, klo, khi = _support_bounds(pmf)
    if mhi < 0:
        return new, 0.0, cache, c_used
    rho_rv = 1.0 if raid_l else rho
    t_max = mhi + (khi if use_decoys else 0)
    hbuf = np.empty(t_max + 2)
    abuf = np.empty(max(mhi, inv) + 2)
    bbuf = np.empty(max(khi, inv) + 2)
    ubuf = np.empty(khi + 2)
    # whole footprint: the hypergeometric terms of (RVs m, unrecognised decoys u, survivors s)
    # do not depend on the decoy count kd, so they are computed once per (m, u) and reused for
    # every kd of that row (the same values, multiplied in the same order)
    memo = f >= 1.0 and use_decoys
    # a footprint: many more terms per state, whose sum `kept` (the lump is what it misses) is
    # compensated (Neumaier); the whole-footprint path sums them plainly, as it did
    fine = f < 1.0
    u_dim = khi + 1 if memo else 1
    s_dim = t_max + 2 if memo else 1
    h_have = np.zeros(u_dim, dtype=np.bool_)
    h_lo = np.empty((u_dim, s_dim), dtype=np.int64)
    h_hi = np.empty((u_dim, s_dim), dtype=np.int64)
    h_at = np.empty((u_dim, s_dim), dtype=np.int64)
    h_vals = np.empty(1024)
    h_used = 0
    # the branch for rows with m >= inv (below): the hypergeometric pmf of the RVs among the
    # `inv` shot objects, per unrecognised-decoy count u (reset per row), and the binomial
    # kill pmfs per number of shot RVs h (the same for every state)
    many = keep and use_decoys and f >= 1.0 and mhi >= inv
    mu_dim = khi + 1 if many else 1
    mh_dim = inv + 1 if many else 1
    g_have = np.zeros(mu_dim, dtype=np.bool_)
    g_lo = np.empty(mu_dim, dtype=np.int64)
    g_hi = np.empty(mu_dim, dtype=np.int64)
    g_at = np.empty(mu_dim, dtype=np.int64)
    g_vals = np.empty(1024)
    g_used = 0
    x_have = np.zeros(mh_dim, dtype=np.bool_)
    x_lo = np.empty(mh_dim, dtype=np.int64)
    x_hi = np.empty(mh_dim, dtype=np.int64)
    x_at = np.empty(mh_dim, dtype=np.int64)
    y_lo = np.empty(mh_dim, dtype=np.int64)
    y_hi = np.empty(mh_dim, dtype=np.int64)
    y_at = np.empty(mh_dim, dtype=np.int64)
    xy_vals = np.empty(1024)
    xy_used = 0
    for m in range(mlo, mhi + 1):
        if memo:
            h_have[:] = False
            h_used = 0
        if many:
            g_have[:] = False
            g_used = 0
        for kd in range(klo, khi + 1):
            w = pmf[m, kd]
            if w < _SKIP:
                continue
            kd_out = kd if keep else 0
            # dup-ok: the raid-failure step of _layer_collapsed's loop, inline in both hot loops:
            # here a failed raid keeps the decoys (column kd_out), and the step ends in a
            # `continue` of the caller's loop, which a shared helper cannot do.
            if raid_l:
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
            if keep and use_decoys and kd > 0 and f >= 1.0 and m >= inv:
                # every object count t >= inventory: `inv` random objects get one shot each;
                # h of them are RVs (hypergeometric, mixed over unrecognised decoys), the other
                # inv - h decoys; each shot object dies with kill1, independently
                kill1 = rho_rv * kk_p
                ph = np.zeros(inv + 1)
                ulo, uhi = binom_fill(kd, miss, ubuf)
                for u in range(ulo, uhi + 1):
                    wu = ubuf[u - ulo]
                    if wu < 1e-18:
                        continue
                    if not g_have[u]:
                        hlo, hhi, hoff = _hyper_mode(m + u, m, inv, lf, hbuf)
                        n_h = hhi - hlo + 1
                        if g_used + n_h > g_vals.shape[0]:
                            grown = np.empty(max(2 * g_vals.shape[0], g_used + n_h))
                            grown[:g_used] = g_vals[:g_used]
                            g_vals = grown
                        for h in range(hlo, hhi + 1):
                            g_vals[g_used + h - hlo] = hbuf[h - hoff]
                        g_lo[u] = hlo
                        g_hi[u] = hhi
                        g_at[u] = g_used - hlo
                        g_used += n_h
                        g_have[u] = True
                    at = g_at[u]
                    for h in range(g_lo[u], g_hi[u] + 1):
                        ph[h] += wu * g_vals[at + h]
                kept = 0.0
                for h in range(inv + 1):
                    wh = w * ph[h]
                    if wh < _TINY:
                        continue
                    if not x_have[h]:
                        xlo, xhi = binom_fill(h, kill1, abuf)
                        ylo, yhi = binom_fill(inv - h, kill1, bbuf)
                        need = xy_used + (xhi - xlo + 1) + (yhi - ylo + 1)
                        if need > xy_vals.shape[0]:
                            grown = np.empty(max(2 * xy_vals.shape[0], need))
                            grown[:xy_used] = xy_vals[:xy_used]
                            xy_vals = grown
                        for x in range(xlo, xhi + 1):
                            xy_vals[xy_used + x - xlo] = abuf[x - xlo]
                        x_lo[h], x_hi[h], x_at[h] = xlo, xhi, xy_used - xlo
                        xy_used += xhi - xlo + 1
                        for y in range(ylo, yhi + 1):
                            xy_vals[xy_used + y - ylo] = bbuf[y - ylo]
                        y_lo[h], y_hi[h], y_at[h] = ylo, yhi, xy_used - ylo
                        xy_used += yhi - ylo + 1
                        x_have[h] = True
                    xlo, xhi, xat = x_lo[h], x_hi[h], x_at[h]
                    ylo, yhi, yat = y_lo[h], y_hi[h], y_at[h]
                    for x in range(xlo, xhi + 1):
                        wx = wh * xy_vals[xat + x]
                        if wx < _TINY or m - x >= rows:
                            continue
                        for y in range(ylo, yhi + 1):
                            wy = wx * xy_vals[yat + y]
                            new[m - x, kd - y] += wy
                            kept += wy
                lump += max(w - kept, 0.0)
                continue
            if f >= 1.0:
                alo, ahi = m, m
                abuf[0] = 1.0
            else:
                alo, ahi = binom_fill(m, f, abuf)
            # unrecognised decoys engaged: each of the kd is inside the footprint with f and
            # then not recognised with miss, independently, so u ~ Bin(kd, f miss) (the decoys
            # outside and the recognised ones inside fly on alike: neither is engaged)
            if use_decoys and kd > 0:
                ulo, uhi = binom_fill(kd, miss if f >= 1.0 else f * miss, ubuf)
            else:
                ulo, uhi = 0, 0
                ubuf[0] = 1.0
            kept = 0.0
            comp = 0.0  # footprint: kept summed with compensation (its rounding is the lump's)
            for a in range(alo, ahi + 1):
                wa = w * abuf[a - alo]
                if wa < _TINY:
                    continue
                outside = m - a
                for u in range(ulo, uhi + 1):
                    wu = wa * ubuf[u - ulo]
                    if wu < _TINY:
                        continue
                    t = a + u
                    cap = t + 1 if (use_decoys and kd > 0) else rows
                    cache, c_used = _ensure_survivors(
                        t,
                        inv,
                        shots_l,
                        second_l,
                        kk_p,
                        rho_rv,
                        cap,
                        c_off,
                        c_lo,
                        c_hi,
                        cache,
                        c_used,
                    )
                    off = c_off[t] - c_lo[t]
                    if memo and u > 0 and not h_have[u]:
                        for s in range(c_lo[t], c_hi[t] + 1):
                            hlo, hhi, hoff = _hyper_upto(t, a, s, lf, hbuf, rows - 1)
                            n_h = max(hhi - hlo + 1, 0)
                            if h_used + n_h > h_vals.shape[0]:
                                grown = np.empty(max(2 * h_vals.shape[0], h_used + n_h))
                                grown[:h_used] = h_vals[:h_used]
                                h_vals = grown
                            for j in range(hlo, hhi + 1):
                                h_vals[h_used + j - hlo] = hbuf[j - hoff]
                            h_lo[u, s] = hlo
                            h_hi[u, s] = hhi
                            h_at[u, s] = h_used - hlo
                            h_used += n_h
                        h_have[u] = True
                    for s in range(c_lo[t], c_hi[t] + 1):
                        ws = wu * cache[off + s]
                        if ws < _TINY:
                            continue
                        if u == 0:
                            m_out = outside + s
                            if m_out < rows:
                                new[m_out, kd_out] += ws
                                if fine:
                                    kept, comp = _add_compensated(kept, comp, ws)
                                else:
                                    kept += ws
                            continue
                        # the surviving objects are a uniformly random s-subset of the t;
                        # only RVs ending below `rows` are kept (the rest is lumped)
                        if memo:
                            hlo, hhi = h_lo[u, s], h_hi[u, s]
                            hvals, hoff = h_vals, -h_at[u, s]
                        else:
                            hlo, hhi, hoff = _hyper_upto(t, a, s, lf, hbuf, rows - 1 - outside)
                            hvals = hbuf
                        part = 0.0
                        for j in range(hlo, hhi + 1):
                            wj = ws * hvals[j - hoff]
                            m_out = outside + j
                            if m_out < rows:
                                if fine:
                                    part += wj
                                else:
                                    kept += wj
                                if keep:
                                    # decoys destroyed: (t - s) - (a - j)
                                    new[m_out, kd - (t - s) + (a - j)] += wj
                                else:
                                    new[m_out, 0] += wj
                        if fine:
                            kept, comp = _add_compensated(kept, comp, part)
            lump += max((w - kept) - comp, 0.0)
    return new, lump, cache, c_used


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
    """Push a joint pmf of (RVs, decoys) through the active layers, in order (the interception
    model of [wilkening1999], made exact: module docstring).

    ``init[m, K]`` = P(m RVs and K decoys arrive at the first layer); every layer given engages
    these RVs. With ``m_goal < 0`` returns the full pmf of RVs getting through (length
    ``init.shape[0]``) and 0. With ``m_goal >= 0`` works truncated (the reaction-curve fast
    path): states that cannot end below ``m_goal`` (more RVs than ``m_goal`` plus every
    interceptor still to fire) are lumped; returns ``(pmf of 0..m_goal-1 leakers, P(at least
    m_goal leak))``; ``init`` may then hold only the states below ``m_goal`` plus the
    inventories, the caller adding the mass of larger states to the second value itself.
    """
    n_layers = inventories.shape[0]
    t_cap = init.shape[0] + init.shape[1]
    caches = _new_caches(n_layers, t_cap)
    out, lump, _ = _propagate_cached(
        init,
        inventories,
        sspk,
        shots,
        second,
        reliability,
        raid,
        discrimination,
        endo,
        fraction,
        active,
        m_goal,
        caches,
    )
    return out, lump


@njit(cache=True)
def _propagate_cached(
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
    caches: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> tuple[
    np.ndarray, float, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
]:
    """:func:`propagate` with kill-pmf caches that outlive the call (see :func:`_new_caches`);
    returns the caches (a buffer may have grown)."""
    c_off, c_lo, c_hi, used, buf, lf = caches
    n_layers = inventories.shape[0]
    truncated = m_goal >= 0
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
        use_decoys = (not endo[layer]) and discrimination[layer] < 1.0
        miss = 1.0 - discrimination[layer]
        f = fraction[layer]
        if f >= 1.0 and not keep:
            pmf, add, buf, fill = _layer_collapsed(
                pmf,
                rows,
                inventories[layer],
                sspk[layer],
                shots[layer],
                second[layer],
                reliability[layer],
                raid[layer],
                use_decoys,
                miss,
                truncated,
                cap_next,
                c_off[layer],
                c_lo[layer],
                c_hi[layer],
                buf,
                used[0],
                lf,
            )
        else:
            pmf, add, buf, fill = _layer_general(
                pmf,
                rows,
                keep,
                inventories[layer],
                sspk[layer],
                shots[layer],
                second[layer],
                reliability[layer],
                raid[layer],
                f,
                use_decoys,
                miss,
                truncated,
                cap_next,
                c_off[layer],
                c_lo[layer],
                c_hi[layer],
                buf,
                used[0],
                lf,
            )
        used[0] = fill
        lump += add
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
        return out, lump, (c_off, c_lo, c_hi, used, buf, lf)
    out = np.zeros(rows)
    for m in range(rows):
        for kd in range(pmf.shape[1]):
            out[m] += pmf[m, kd]
    return out, 0.0, (c_off, c_lo, c_hi, used, buf, lf)


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
        # only the rows a state can reach: below cap0, and below the most RVs that can arrive
        # (at the full-doctrine ceiling cap0 is hundreds of thousands of rows, all but a few
        # hundred empty). A layer never adds RVs and keeps a state below its own row count
        # exactly when it keeps it below cap0, so the result is the same (to the last bit).
        reach = n_rows + base_shift
        if in_block:
            reach += warheads * (sure + shi)
        block = np.zeros((min(cap0, reach), cols))
        sure_mass = 0.0
        pass_extra = np.zeros(0)
        if in_block:
            for s in range(slo, shi + 1):
                ws = surv[s]
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
                pass_extra[warheads * (sure + s)] += surv[s]
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
