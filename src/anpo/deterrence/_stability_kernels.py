"""Compiled loops (numba) of the Kent-Thaler costs and first-strike stability index over arrays.
Private to :mod:`anpo.deterrence.stability`, which imports this module on its first array call
(so that importing the package does not import numba).

The formulas are [kent1989, App. C]'s, ``C = D_own^e + s (1 - D_enemy^e)`` and
``FSS = min(1, C1_A / C2_A) min(1, C1_B / C2_B)``, with the operations of the numpy statement
they replace in the same order (``(1 - enemy^e) s + own^e``; a quotient then its cap), so
with the default exponent 0.75 the results are the same to the bit (other exponents go through
the C library's ``pow``, which numpy replaces by a square root for 0.5: within an ulp or two of
numpy's). One pass per block computes and checks each element: numpy
made a pass over the block for every operation (thirteen for one cost), which cost more than
the arithmetic. Each loop keeps its checks free of branches (running ``&`` of comparisons), so
that the compiler vectorises it. Damages must lie in [0, 1] and costs be finite and >= 0 (a NaN
fails both); the loops say which input failed and the caller raises.
"""

from __future__ import annotations

import math

import numpy as np

from anpo._jit import njit

# dup-ok: the three kernels repeat the power, cost and capped ratio inline: numba inlines these
# small functions, and a kernel's loop must stay one loop for the compiler to vectorise it.


@njit(cache=True, error_model="numpy", inline="always")
def power(x: float, exponent: float) -> float:
    """``x ** exponent``; for Kent & Thaler's 0.75 [kent1989], ``sqrt(x) sqrt(sqrt(x))``: correctly
    rounded square roots and a product, within two ulp of ``pow`` on [0, 1], exact at 0 and 1,
    and a vector instruction (``sqrt(x sqrt(x))`` would underflow to 0 below about 1e-205)."""
    if exponent == 0.75:
        r = math.sqrt(x)
        return r * math.sqrt(r)
    return x**exponent


@njit(cache=True, error_model="numpy", inline="always")
def capped_ratio(c1: float, c2: float) -> float:
    """``min(1, c1 / c2)``, 1 where the quotient is NaN (``0 / 0``) or above 1 (``c1 / 0``)."""
    r = c1 / c2
    return r if r < 1.0 else 1.0


@njit(cache=True, error_model="numpy")
def powers_into(x: np.ndarray, exponent: float, out: np.ndarray) -> None:
    """``out[i] = power(x[i], exponent)`` (for checking the power the kernels use)."""
    for i in range(out.shape[0]):
        out[i] = power(x[i], exponent)


@njit(cache=True, error_model="numpy")
def cost_into(
    own: np.ndarray, enemy: np.ndarray, exponent: float, surcharge: float, out: np.ndarray
) -> int:
    """Kent-Thaler costs [kent1989, App. C] into ``out``; returns 0, or bit 1 if an own damage and
    bit 2 if an enemy damage is not a fraction in [0, 1]."""
    good_own = True
    good_enemy = True
    for i in range(out.shape[0]):
        o = own[i]
        e = enemy[i]
        good_own &= (o >= 0.0) & (o <= 1.0)
        good_enemy &= (e >= 0.0) & (e <= 1.0)
        out[i] = (1.0 - power(e, exponent)) * surcharge + power(o, exponent)
    return (0 if good_own else 1) | (0 if good_enemy else 2)


@njit(cache=True, error_model="numpy")
def index_into(
    c1_a: np.ndarray, c2_a: np.ndarray, c1_b: np.ndarray, c2_b: np.ndarray, out: np.ndarray
) -> bool:
    """The first-strike stability index [kent1989, App. C] from four cost arrays into ``out``; False
    if a cost is negative, infinite or NaN."""
    good = True
    for i in range(out.shape[0]):
        a1 = c1_a[i]
        a2 = c2_a[i]
        b1 = c1_b[i]
        b2 = c2_b[i]
        good &= (a1 >= 0.0) & (a1 < math.inf) & (a2 >= 0.0) & (a2 < math.inf)
        good &= (b1 >= 0.0) & (b1 < math.inf) & (b2 >= 0.0) & (b2 < math.inf)
        out[i] = capped_ratio(a1, a2) * capped_ratio(b1, b2)
    return good


@njit(cache=True, error_model="numpy")
def index_from_damages_into(
    a_first_a: np.ndarray,
    a_first_b: np.ndarray,
    b_first_a: np.ndarray,
    b_first_b: np.ndarray,
    exponent: float,
    surcharge: float,
    out: np.ndarray,
) -> int:
    """The first-strike stability index [kent1989, App. C] from the four damage arrays (A's and B's
    damage when A strikes first, then when B does) into ``out``, each damage's power taken once.
    Returns 0, or bit ``1 << j`` if damage array ``j`` holds a value outside [0, 1]. The caller's
    exponent is above 0 and its surcharge at least 0 (both finite), so every cost is in [0, 1 +
    surcharge]: no cost check."""
    # dup-ok: the loop's head (four loads, range checks) is alike in shape to index_into's, but
    # these check damages in [0, 1], one bit per array.
    g0 = True
    g1 = True
    g2 = True
    g3 = True
    for i in range(out.shape[0]):
        d0 = a_first_a[i]
        d1 = a_first_b[i]
        d2 = b_first_a[i]
        d3 = b_first_b[i]
        g0 &= (d0 >= 0.0) & (d0 <= 1.0)
        g1 &= (d1 >= 0.0) & (d1 <= 1.0)
        g2 &= (d2 >= 0.0) & (d2 <= 1.0)
        g3 &= (d3 >= 0.0) & (d3 <= 1.0)
        p0 = power(d0, exponent)
        p1 = power(d1, exponent)
        p2 = power(d2, exponent)
        p3 = power(d3, exponent)
        c1a = (1.0 - p1) * surcharge + p0
        c2b = (1.0 - p0) * surcharge + p1
        c2a = (1.0 - p3) * surcharge + p2
        c1b = (1.0 - p2) * surcharge + p3
        out[i] = capped_ratio(c1a, c2a) * capped_ratio(c1b, c2b)
    bad = 0 if g0 else 1
    bad |= 0 if g1 else 2
    bad |= 0 if g2 else 4
    bad |= 0 if g3 else 8
    return bad
