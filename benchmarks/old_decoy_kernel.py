"""The reaction curve's decoy path, :func:`anpo.deterrence._engine._p_at_least`, as it was
before perf3, kept verbatim as the baseline of ``benchmarks/decoy_bench.py`` and as a reference
``tests/test_reaction_decoys.py`` checks the package against (the same probabilities).

Not part of the package. The engaged block was allocated with ``m_goal`` plus every interceptor
of the active layers as its rows (``cap0``), whatever the attack: at the full-doctrine ceiling
of the 2001 book's curves (320,080 interceptors) that is a 320,081-row matrix (a column per
decoy), zeroed, scanned and propagated for every candidate force, nearly all of it empty. The
helpers it calls are imported from the package, which did not change them.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from anpo.deterrence._engine import _SKIP, _TINY, launcher_survivors, propagate, spread


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
