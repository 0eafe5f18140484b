"""The numba kernels the alignment solvers share: local fields and single-actor moves.

Two coalitions (sides ``sig_i = +-1``): the local field of actor ``i`` is ``h_i = sum_j w_ij
sig_j``, and flipping actor ``a`` changes every field by ``-2 sig_a w_aj`` [axelrod1993, n. 2:
the energy change of moving ``i`` is ``2 s_i Delta F_i``]. At most ``k`` coalitions (labels
``a_i``): the actor-coalition weights are ``g[i, c] = sum_{j: a_j = c} w_ij``, and moving actor
``j`` from ``old`` to ``new`` moves ``w_ij`` from ``g[i, old]`` to ``g[i, new]``.

Used by the exhaustive enumerators (:mod:`anpo.align.enum2`, :mod:`anpo.align.enumk`) and the
heuristics (:mod:`anpo.align.heuristics`), which keep one copy each no more.

Numba's on-disk cache and this module: a ``cache=True`` function that calls a kernel from another
module has the kernel compiled into its own cache entry, and numba invalidates that entry only
when the caller's file changes, not this one (numba issues #1833 and #9483; the caching section
of numba's documentation says so). An installed package is unaffected (its files are written
together), but after editing a kernel here in a checkout, delete the cached entries of its
callers: ``rm -f src/anpo/align/__pycache__/*.nb[ic]`` (or touch enum2.py, enumk.py and
heuristics.py).
"""

from __future__ import annotations

from anpo._jit import njit

__all__ = [
    "best_flip",
    "best_flip_tie",
    "coalition_fields",
    "flip_side",
    "move_actor",
    "side_fields",
]


@njit(cache=True, inline="always")
def side_fields(w, sig, h):
    """``h = W sig`` from scratch (two coalitions)."""
    n = w.shape[0]
    for i in range(n):
        acc = 0.0
        for j in range(n):
            acc += w[i, j] * sig[j]
        h[i] = acc


@njit(cache=True, inline="always")
def flip_side(w, a, sig, h):
    """Move actor ``a`` to the other side, updating ``sig`` and the fields ``h`` in ``O(n)``."""
    s_old = sig[a]
    sig[a] = -s_old
    f = 2.0 * s_old
    for j in range(w.shape[0]):
        h[j] -= f * w[a, j]


@njit(cache=True, inline="always")
def _steepest(sig, h):
    """The steepest change of a single flip, ``min_j sig_j h_j`` (a positive multiple of the
    energy change of flipping ``j``), or 0 when no flip descends: the minimum's pass
    :func:`best_flip` and :func:`best_flip_tie` share (a loop of its own, which the compiler
    vectorises)."""
    best = 0.0
    for j in range(sig.shape[0]):
        g = sig[j] * h[j]
        if g < best:
            best = g
    return best


@njit(cache=True, inline="always")
def _first_within(sig, h, thr):
    """The lowest actor whose flip changes the energy by at most ``thr`` (``sig_j h_j <=
    thr``; the tie rule), or -1 when none does."""
    for j in range(sig.shape[0]):
        if sig[j] * h[j] <= thr:
            return j
    return -1


@njit(cache=True, inline="always")
def best_flip(sig, h, half_tol):
    """Actor of the steepest descending flip (lowest index among ties: a flip within
    ``half_tol`` of the steepest counts as tied), or -1 at a local minimum. The energy change of
    flipping ``j`` is a positive multiple of ``sig_j h_j``."""
    best = _steepest(sig, h)
    if best >= -half_tol:
        return -1
    return _first_within(sig, h, best + half_tol)


@njit(cache=True, inline="always")
def best_flip_tie(sig, h, half_tol):
    """:func:`best_flip` and whether the steepest flip was tied: ``(actor, tied)``, ``tied``
    True when another flip is within ``half_tol`` of the steepest (the tie rule then chose;
    ``(-1, False)`` at a local minimum). Two actors: either flip gives the same split, so it
    is no tie. The same passes as :func:`best_flip` (:func:`_steepest`, :func:`_first_within`)
    and one more that counts the flips within the tie, which the compiler vectorises as it
    does the minimum's (keeping the two lowest changes in the minimum's pass stopped that, and
    the enumeration's successor pass took 3.4 times as long)."""
    n = sig.shape[0]
    best = _steepest(sig, h)
    if best >= -half_tol:
        return -1, False
    thr = best + half_tol
    within = 0
    for j in range(n):
        within += 1 if sig[j] * h[j] <= thr else 0
    return _first_within(sig, h, thr), within > 1 and n > 2


@njit(cache=True)
def coalition_fields(w, a, k, g):
    """``g[i, c] = sum_{j: a_j = c} w_ij`` from scratch for labels ``a`` below ``k``."""
    n = w.shape[0]
    for i in range(n):
        for c in range(k):
            g[i, c] = 0.0
    for i in range(n):
        for j in range(n):
            g[i, a[j]] += w[i, j]


@njit(cache=True, inline="always")
def move_actor(w, g, j, old, new):
    """Update ``g`` for actor ``j`` moving from coalition ``old`` to ``new`` in ``O(n)``."""
    for i in range(w.shape[0]):
        wij = w[i, j]
        g[i, old] -= wij
        g[i, new] += wij
