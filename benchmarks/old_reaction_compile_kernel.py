"""The reaction curve's search kernels of :mod:`anpo.deterrence._engine` as they were before
perf30, kept verbatim as the baseline of ``benchmarks/reaction_compile_bench.py``.

Not part of the package. Before perf30 the searches called their predicate with the literals
``0`` and ``1`` (``ok(0)``, and ``ok(hi)`` with ``hi = 1`` first), which numba types as
``Literal[int](0)`` and ``Literal[int](1)``: ``_p_at_least`` and ``_p_at_least_g`` were each
compiled three times on a cold cache, and the serial loop over points was one more compiled
kernel. The kernels they call, which did not change, are imported from the package.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from anpo.deterrence._engine import _g_tables, _p_at_least, _p_at_least_g


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
