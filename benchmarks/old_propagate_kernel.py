"""The exact propagation kernels of :mod:`anpo.deterrence._engine` as they were before the
truncated hypergeometric terms (perfstab), kept verbatim as the benchmark baseline and as the
reference the fast path must agree with (to 1e-12).

Not part of the package: ``benchmarks/propagate_bench.py`` times them against
``anpo.deterrence._engine.propagate`` and ``tests/test_engine_truncation.py`` checks both give
the same pmfs on random small cases and on the 2030 book case. The helpers that did not change
are imported from the package; ``_hyper_mode``, which the package now computes through its
truncated ``_hyper_upto``, is kept here as it was. One line changed since: the model of per-RV
reliability through a look (tracking drawn once per object for the layer, not again at the
look), in the shortcut for objects that all get both salvos, so that this kernel computes the
package's model (its survivor pmfs, imported, already do); the cost is the same.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from anpo.deterrence._engine import (
    _SKIP,
    _TINY,
    _ensure_survivors,
    _g_tables,
    _new_caches,
    _p_at_least_g,
    _support_bounds,
    binom_fill,
    binom_window,
    launcher_survivors,
    look_reliability,
    spread,
)


@njit(cache=True)
def _hyper_mode(
    total: int, good: int, draws: int, lf: np.ndarray, buf: np.ndarray
) -> tuple[int, int, int]:
    """Hypergeometric pmf from its mode outwards until terms fall below 1e-20: returns
    ``(lo, hi, off)``, the value at ``j`` being ``buf[j - off]`` (``buf`` as long as the full
    support)."""
    slo = max(0, draws - (total - good))
    shi = min(draws, good)
    if shi <= slo:
        buf[0] = 1.0
        return slo, slo, slo
    bad = total - good
    mode = int(math.floor((draws + 1.0) * (good + 1.0) / (total + 2.0)))
    if mode < slo:
        mode = slo
    if mode > shi:
        mode = shi
    v0 = math.exp(
        lf[good]
        - lf[mode]
        - lf[good - mode]
        + lf[bad]
        - lf[draws - mode]
        - lf[bad - draws + mode]
        - lf[total]
        + lf[draws]
        + lf[total - draws]
    )
    buf[mode - slo] = v0
    v = v0
    hi = mode
    while hi < shi:
        v *= (good - hi) * (draws - hi) / ((hi + 1.0) * (bad - draws + hi + 1.0))
        if v < 1e-20:
            break
        hi += 1
        buf[hi - slo] = v
    v = v0
    lo = mode
    while lo > slo:
        v *= lo * (bad - draws + lo) / ((good - lo + 1.0) * (draws - lo + 1.0))
        if v < 1e-20:
            break
        lo -= 1
        buf[lo - slo] = v
    return lo, hi, slo


@njit(cache=True)
def _layer_collapsed(
    pmf: np.ndarray,
    rows: int,
    inv: int,
    kk_p: float,
    shots_l: int,
    second_l: int,
    rho: float,
    raid_l: bool,
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
    """One area layer (whole footprint) after which decoys no longer matter: the decoy count
    is first thinned to the unrecognised decoys, then each (RVs, unrecognised) pair engaged.
    ``c_*``, ``cache``, ``c_used``: the layer's survivor-pmf cache (by objects engaged), shared
    across calls; ``lf``: log-factorials up to the largest object count. States that can only
    end at ``rows`` RVs or more go to the returned lump."""
    lump = 0.0
    new = np.zeros((rows, 1))
    mlo, mhi, klo, khi = _support_bounds(pmf)
    if mhi < 0:
        return new, 0.0, cache, c_used
    rho_rv = 1.0 if raid_l else rho
    umax = khi if use_decoys else 0
    q = np.zeros((mhi + 1, umax + 1))
    ubuf = np.empty(khi + 2)
    for m in range(mlo, mhi + 1):
        for kd in range(klo, khi + 1):
            w = pmf[m, kd]
            if w < _SKIP:
                continue
            if raid_l:
                fail = w * (1.0 - rho)
                if m < rows:
                    new[m, 0] += fail
                else:
                    lump += fail
                w = w * rho
                if w < _TINY:
                    continue
            if truncated and m - inv >= cap_next:
                lump += w
                continue
            if use_decoys and kd > 0:
                ulo, uhi = binom_fill(kd, miss, ubuf)
                for u in range(ulo, uhi + 1):
                    q[m, u] += w * ubuf[u - ulo]
            else:
                q[m, 0] += w
    hbuf = np.empty(mhi + umax + 3)
    full = use_decoys and umax > 0
    kill1 = rho_rv * kk_p
    for m in range(mlo, mhi + 1):
        if full and m >= inv:
            # every object count t = m + u >= inventory: `inv` objects chosen at random get one
            # shot each; h = RVs among them (hypergeometric), Bin(h, kill1) of those die
            ph = np.zeros(inv + 1)
            mass = 0.0
            for u in range(umax + 1):
                w = q[m, u]
                if w < _TINY:
                    continue
                mass += w
                hlo, hhi, hoff = _hyper_mode(m + u, m, inv, lf, hbuf)
                for h in range(hlo, hhi + 1):
                    ph[h] += w * hbuf[h - hoff]
            if mass <= 0.0:
                continue
            kept = 0.0
            xbuf = np.empty(inv + 2)
            for h in range(inv + 1):
                wh = ph[h]
                if wh < _TINY:
                    continue
                # survivors: m - h unshot plus Bin(h, 1 - kill1) of the shot
                xlo, xhi = binom_fill(h, 1.0 - kill1, xbuf)
                for x in range(xlo, xhi + 1):
                    v = wh * xbuf[x - xlo]
                    m_out = m - h + x
                    if m_out < rows:
                        new[m_out, 0] += v
                        kept += v
            lump += max(mass - kept, 0.0)
            continue
        if full:
            # object counts small enough for every object to get its full shots (and, for
            # shoot-look-shoot, its full second salvo): objects survive independently, so the
            # RVs' survivors are Bin(m, l) whatever the decoys
            per_obj = shots_l + (second_l if second_l > 0 else 0)
            indep = 0.0
            for u in range(umax + 1):
                if q[m, u] >= _TINY and per_obj * (m + u) <= inv:
                    indep += q[m, u]
                    q[m, u] = 0.0
            if indep > 0.0:
                l_obj = 1.0 - rho_rv * (1.0 - (1.0 - kk_p) ** shots_l)
                if second_l > 0:
                    rho2 = look_reliability(rho_rv, kk_p, shots_l)
                    l_obj *= 1.0 - rho2 * (1.0 - (1.0 - kk_p) ** second_l)
                lo_b, hi_b = binom_window(m, l_obj)
                bb = np.empty(hi_b - lo_b + 1)
                lo_b, hi_b = binom_fill(m, l_obj, bb)
                kept = 0.0
                for x in range(lo_b, hi_b + 1):
                    if x < rows:
                        new[x, 0] += indep * bb[x - lo_b]
                        kept += indep * bb[x - lo_b]
                lump += max(indep - kept, 0.0)
        for u in range(umax + 1):
            w = q[m, u]
            if w < _TINY:
                continue
            t = m + u
            cap = t + 1 if full else rows
            cache, c_used = _ensure_survivors(
                t, inv, shots_l, second_l, kk_p, rho_rv, cap, c_off, c_lo, c_hi, cache, c_used
            )
            off = c_off[t] - c_lo[t]
            kept = 0.0
            for s in range(c_lo[t], c_hi[t] + 1):
                ws = w * cache[off + s]
                if ws < _TINY:
                    continue
                if u == 0:
                    if s < rows:
                        new[s, 0] += ws
                        kept += ws
                    continue
                hlo, hhi, hoff = _hyper_mode(t, m, s, lf, hbuf)
                for j in range(hlo, hhi + 1):
                    wj = ws * hbuf[j - hoff]
                    if j < rows:
                        new[j, 0] += wj
                        kept += wj
            lump += max(w - kept, 0.0)
    return new, lump, cache, c_used


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
    :func:`_layer_collapsed`."""
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
    for m in range(mlo, mhi + 1):
        for kd in range(klo, khi + 1):
            w = pmf[m, kd]
            if w < _SKIP:
                continue
            kd_out = kd if keep else 0
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
                    hlo, hhi, hoff = _hyper_mode(m + u, m, inv, lf, hbuf)
                    for h in range(hlo, hhi + 1):
                        ph[h] += wu * hbuf[h - hoff]
                kept = 0.0
                for h in range(inv + 1):
                    wh = w * ph[h]
                    if wh < _TINY:
                        continue
                    xlo, xhi = binom_fill(h, kill1, abuf)
                    ylo, yhi = binom_fill(inv - h, kill1, bbuf)
                    for x in range(xlo, xhi + 1):
                        wx = wh * abuf[x - xlo]
                        if wx < _TINY or m - x >= rows:
                            continue
                        for y in range(ylo, yhi + 1):
                            wy = wx * bbuf[y - ylo]
                            new[m - x, kd - y] += wy
                            kept += wy
                lump += max(w - kept, 0.0)
                continue
            if f >= 1.0:
                alo, ahi = m, m
                abuf[0] = 1.0
            else:
                alo, ahi = binom_fill(m, f, abuf)
            kept = 0.0
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
                        for s in range(c_lo[t], c_hi[t] + 1):
                            ws = wu * cache[off + s]
                            if ws < _TINY:
                                continue
                            if u == 0:
                                m_out = outside + s
                                if m_out < rows:
                                    new[m_out, kd_out] += ws
                                    kept += ws
                                continue
                            # the surviving objects are a uniformly random s-subset of the t
                            hlo, hhi, hoff = _hyper_mode(t, a, s, lf, hbuf)
                            for j in range(hlo, hhi + 1):
                                wj = ws * hbuf[j - hoff]
                                m_out = outside + j
                                if m_out < rows:
                                    kept += wj
                                    if keep:
                                        # decoys destroyed: (t - s) - (a - j)
                                        new[m_out, kd - (t - s) + (a - j)] += wj
                                    else:
                                        new[m_out, 0] += wj
            lump += max(w - kept, 0.0)
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
    """Push a joint pmf of (RVs, decoys) through the active layers, in order.

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
        block = np.zeros((cap0, cols))
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

    # the fast path: no decoys in play and the growth component engaged -> one table per
    # reliability pattern, then each candidate force is a dot product
    decoys_matter = False
    for pat in range(patterns.shape[0]):
        for layer in range(inventories.shape[0]):
            if patterns[pat, layer] and (not endo[layer]) and discrimination[layer] < 1.0:
                decoys_matter = True
    fast = in_block and base.shape[1] == 1 and (decoys == 0 or not decoys_matter)
    if fast:
        pass_tail = np.ones(m_goal + 1)
        for x in range(1, m_goal + 1):
            below = 0.0
            for y in range(min(x, passthrough.shape[0])):
                below += passthrough[y]
            pass_tail[x] = max(0.0, 1.0 - below)
        n_pat = patterns.shape[0]
        caps = np.zeros(n_pat, dtype=np.int64)
        for pat in range(n_pat):
            c = m_goal
            for layer in range(inventories.shape[0]):
                if patterns[pat, layer]:
                    c += inventories[layer]
            caps[pat] = c
        width = 1
        for pat in range(n_pat):
            width = max(width, caps[pat])
        memo = np.full((n_pat, width), np.nan)
        nexts = np.zeros((n_pat, width))
        next_len = np.zeros(n_pat, dtype=np.int64)
        firsts = np.full(n_pat, -1, dtype=np.int64)
        for pat in range(n_pat):
            if weights[pat] > 0.0:
                g_next, first, length = _g_tables(
                    m_goal,
                    pass_tail,
                    inventories,
                    sspk,
                    shots,
                    second,
                    reliability,
                    raid,
                    fraction,
                    patterns[pat],
                )
                nexts[pat, : g_next.shape[0]] = g_next
                next_len[pat] = length
                firsts[pat] = first
        base1 = base[:, 0].copy()
        abuf = np.empty(width + 2)
        # scratch for the survivors' binomial windows (the widest: 28 sd + 17 terms)
        wmax = int(28.0 * math.sqrt(max_launchers / 4.0) + 20.0)
        sbuf_a = np.empty(wmax)
        sbuf_b = np.empty(wmax)

        def ok_fast(n: int) -> bool:
            return (
                _p_at_least_g(
                    n,
                    sigma,
                    pk,
                    alloc,
                    budget,
                    warheads,
                    base1,
                    base_shift,
                    memo,
                    caps,
                    weights,
                    nexts,
                    next_len,
                    firsts,
                    inventories,
                    sspk,
                    shots,
                    second,
                    reliability,
                    raid,
                    fraction,
                    abuf,
                    sbuf_a,
                    sbuf_b,
                )
                >= q_goal
            )

        # dup-ok: the doubling-then-bisection search is written out for each predicate (ok_fast
        # here, ok below): numba supports inner functions only when called locally, so these
        # closures cannot be passed to one shared jitted search.
        if ok_fast(0):
            return 0
        hi = 1
        while not ok_fast(hi):
            if hi >= max_launchers:
                return -1
            hi = min(2 * hi, max_launchers)
        lo = hi // 2
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if ok_fast(mid):
                hi = mid
            else:
                lo = mid
        return hi

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


@njit(cache=True)
def min_launchers_serial(
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
    """:func:`min_launchers_batch` on one thread (for a few points, where starting the
    thread pool costs more than it saves)."""
    n = sigma.shape[0]
    out = np.empty(n, dtype=np.int64)
    for i in range(n):
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
