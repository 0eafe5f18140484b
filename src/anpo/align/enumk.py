"""Exhaustive enumeration with k coalitions (or a free number): local minima and basins.

[axelrod1993] fix two coalitions; [galam1996; galam1998] argues that the number of
coalitions should not be fixed a priori. With at most ``k`` coalitions the configurations are the
set partitions of the actors into at most ``k`` blocks, written as *restricted growth strings*
(``a_0 = 0``, ``a_i <= 1 + max(a_0..a_{i-1})``, labels ``< k``); ``k = n`` is the free problem
(all set partitions, counted by the Bell numbers).

Ranking
    Strings are ranked in lexicographic order with the completion counts
    ``C[pos][m]`` = number of ways to fill positions ``pos..n-1`` when the largest label so far is
    ``m``: ``C[n][m] = 1``, ``C[pos][m] = (m+1) C[pos+1][m] + C[pos+1][m+1]`` (the last term only
    when ``m+1 < k``); ``rank(a) = sum_pos a_pos C[pos+1][max(a_0..a_{pos-1})]``.

Moves and descent rule
    A move takes one actor to another coalition in use or, when fewer than ``k`` are in use, to a
    new coalition of its own (all empty labels are equivalent, so only the lowest is tried). With
    ``g_i[c] = sum_j w_ij [a_j = c]`` the energy change of moving ``i`` from ``a`` to ``c`` is
    ``2 (g_i[a] - g_i[c])`` (= ``2 s_i Delta F_i``, [axelrod1993], n. 2). The successor of
    a configuration is the result of the steepest move (most negative change); ties are broken by
    the lowest actor index of ``w``, then the lowest target label of the current normalised
    configuration (:class:`anpo.align.landscape.Landscape` passes ``w`` with its actors in the
    order of their names, so that basins do not depend on the order they are listed in);
    a change not below ``-tol`` is not a descent, so configurations without a descending move are
    local minima. Basins are the in-trees of the successor forest, resolved as in
    :mod:`anpo.align.enum2` (stored ``uint32`` successors, parallel pointer jumping; fixed
    chunks, so results never depend on the number of threads).
"""

from __future__ import annotations

from dataclasses import dataclass

import numba as nb
import numpy as np
from numpy.typing import ArrayLike, NDArray

from anpo._checks import whole_number, whole_numbers
from anpo._jit import njit
from anpo.align._kernels import coalition_fields, move_actor
from anpo.align.enum2 import (
    check_found,
    count_fixed,
    count_roots,
    fixed_points,
    mark_bit,
    pointer_jump,
    strip_marks,
)
from anpo.align.formal import check_weights, normalize
from anpo.errors import AlignError

#: Largest number of configurations the k-coalition enumerator accepts by default.
MAX_CONFIGS = 1 << 30
_CHUNK = 1 << 13


def completion_counts(n: int, k: int) -> NDArray[np.int64]:
    """The table ``C[pos][m]`` of restricted-growth completions (see the module docstring).

    Counts are capped at 2^62 to stay inside int64 (only reached far beyond enumerable sizes).
    ``n`` and ``k`` as in :func:`count_configurations`, else an AlignError naming them (-1 actors
    were an IndexError, 0 coalitions a table of zeros, 2.5 a bare TypeError).
    """
    n = whole_number(n, "n", error=AlignError, minimum=0)
    k = whole_number(k, "k", error=AlignError, minimum=1)
    return _completion_counts(n, k)


def _completion_counts(n: int, k: int) -> NDArray[np.int64]:
    """:func:`completion_counts` of ``n`` and ``k`` already checked (``k = 0`` for ``n = 0``)."""
    cap = 1 << 62
    c = np.zeros((n + 1, k + 1), dtype=np.int64)
    c[n, :k] = 1
    for pos in range(n - 1, 0, -1):
        for m in range(k):
            v = (m + 1) * int(c[pos + 1, m])
            if m + 1 < k:
                v += int(c[pos + 1, m + 1])
            c[pos, m] = min(v, cap)
    return c


def count_configurations(n: int, k: int) -> int:
    """Number of partitions of ``n`` actors into at most ``k`` coalitions (sum of Stirling numbers
    of the second kind ``S(n, j)`` for ``j <= k``).

    ``n`` is a whole number >= 0 and ``k`` one >= 1, else an AlignError naming it (-1 actors
    were counted as one configuration).
    """
    return _checked_counts(n, k)[2]


def _checked_counts(n: int, k: int) -> tuple[int, NDArray[np.int64], int]:
    """``n`` and ``k`` checked as :func:`count_configurations` says, with ``min(k, n)``'s
    :func:`completion_counts` and the number of configurations: ``(n, counts, total)``."""
    n = whole_number(n, "n", error=AlignError, minimum=0)
    k = whole_number(k, "k", error=AlignError, minimum=1)
    cnt = _completion_counts(n, min(k, n))
    return n, cnt, 1 if n <= 1 else int(cnt[1, 0])


@njit(cache=True)
def _unrank(t, n, k, cnt, a):
    a[0] = 0
    m = 0
    for pos in range(1, n):
        per = cnt[pos + 1, m]
        v = t // per
        top = m + 1 if m + 1 < k else m
        if v > top:
            v = top
        a[pos] = v
        t -= v * per
        if v > m:
            m = v


@njit(cache=True)
def _rank(a, n, cnt):
    r = np.int64(0)
    m = 0
    for pos in range(1, n):
        r += a[pos] * cnt[pos + 1, m]
        if a[pos] > m:
            m = a[pos]
    return r


@njit(cache=True)
def _normalise_moved(a, n, i, c, buf, out):
    for j in range(n + 1):
        buf[j] = -1
    m = -1
    for pos in range(n):
        lab = c if pos == i else a[pos]
        if buf[lab] < 0:
            m += 1
            buf[lab] = m
        out[pos] = buf[lab]


@njit(cache=True)
def _best_move_k(g, a, used, k, half_tol, ties):
    """(actor, label, tied) of the steepest descending move, or (-1, -1, False) at a local
    minimum; with ``ties``, ``tied`` when another move within ``half_tol`` of it leads to
    another configuration (the tie rule chose; :func:`_other_steepest`), else False."""
    n = a.shape[0]
    top = used if used < k else k - 1
    best = 0.0
    for i in range(n):
        gi = g[i, a[i]]
        for c in range(top + 1):
            if c != a[i]:
                d = gi - g[i, c]
                if d < best:
                    best = d
    if best >= -half_tol:
        return -1, -1, False
    thr = best + half_tol
    for i in range(n):
        gi = g[i, a[i]]
        for c in range(top + 1):
            if c != a[i] and gi - g[i, c] <= thr:
                if not ties:
                    return i, c, False
                return i, c, _other_steepest(g, a, top, thr, i, c)
    return -1, -1, False  # pragma: no cover


@njit(cache=True)
def _other_steepest(g, a, top, thr, i0, c0):
    """Whether a move other than ``(i0, c0)`` and its twin is within ``thr``
    (:func:`_best_move_k`). Two moves lead to the same partition only when two singletons
    merge (``i`` into ``{j}`` or ``j`` into ``{i}``) or a pair splits (``i`` or ``j`` of
    ``{i, j}`` to the empty coalition): such a twin is not a tie."""
    n = a.shape[0]
    s_from = 0  # the sizes of i0's coalition and of the target
    s_to = 0
    for j in range(n):
        if a[j] == a[i0]:
            s_from += 1
        elif a[j] == c0:
            s_to += 1
    others = 0
    twin = False
    for i in range(n):
        gi = g[i, a[i]]
        for c in range(top + 1):
            if c != a[i] and (i != i0 or c != c0) and gi - g[i, c] <= thr:
                others += 1
                if (s_from == 1 and s_to == 1 and a[i] == c0 and c == a[i0]) or (
                    s_from == 2 and s_to == 0 and a[i] == a[i0] and c == c0
                ):
                    twin = True
    return others > (1 if twin else 0)


@njit(cache=True)
def _next_rgs(a, pm, n, k):
    """Advance ``a`` to its lexicographic successor; returns the first changed position (or -1)."""
    pos = n - 1
    while pos >= 1:
        lim = pm[pos - 1] + 1
        if lim > k - 1:
            lim = k - 1
        if a[pos] < lim:
            return pos
        pos -= 1
    return -1


@njit(cache=True, parallel=True)
def _successors_k(w, k, half_tol, cnt, total, succ, mark):
    """Each configuration's successor (its rank), ``mark`` set on those whose steepest move was
    tied (as :func:`anpo.align.enum2._successors`)."""
    n = w.shape[0]
    nchunks = (total + _CHUNK - 1) // _CHUNK
    for ch in nb.prange(nchunks):
        a = np.empty(n, dtype=np.int64)
        pm = np.empty(n, dtype=np.int64)
        buf = np.empty(n + 1, dtype=np.int64)
        b = np.empty(n, dtype=np.int64)
        g = np.empty((n, k))
        t = np.int64(ch) * _CHUNK
        stop = min(total, t + _CHUNK)
        _unrank(t, n, k, cnt, a)
        pm[0] = 0
        for p in range(1, n):
            pm[p] = pm[p - 1] if pm[p - 1] >= a[p] else a[p]
        coalition_fields(w, a, k, g)
        while True:
            used = pm[n - 1] + 1
            i, c, tied = _best_move_k(g, a, used, k, half_tol, mark != 0)
            if i < 0:
                succ[t] = t
            else:
                _normalise_moved(a, n, i, c, buf, b)
                succ[t] = _rank(b, n, cnt) | mark if tied else _rank(b, n, cnt)
            t += 1
            if t >= stop:
                break
            pos = _next_rgs(a, pm, n, k)
            old = a[pos]
            a[pos] = old + 1
            move_actor(w, g, pos, old, old + 1)
            pm[pos] = pm[pos - 1] if pm[pos - 1] >= a[pos] else a[pos]
            for p in range(pos + 1, n):
                if a[p] != 0:
                    move_actor(w, g, p, a[p], 0)
                    a[p] = 0
                pm[p] = pm[p - 1]


@njit(cache=True)
def _descend_k(w, k, half_tol, a0):
    n = w.shape[0]
    a = a0.copy()
    buf = np.empty(n + 1, dtype=np.int64)
    b = np.empty(n, dtype=np.int64)
    g = np.empty((n, k))
    while True:
        coalition_fields(w, a, k, g)
        used = 0
        for j in range(n):
            if a[j] + 1 > used:
                used = a[j] + 1
        i, c, _ = _best_move_k(g, a, used, k, half_tol, False)
        if i < 0:
            return a
        _normalise_moved(a, n, i, c, buf, b)
        a[:] = b


def unrank(t: int, n: int, k: int) -> NDArray[np.int64]:
    """The normalised configuration of rank ``t`` among partitions into at most ``k`` coalitions.

    ``t`` is a rank, a whole number from 0 to :func:`count_configurations` ``(n, k) - 1``, else
    an AlignError naming ``t`` (-1 gave a label -1, a rank beyond the last a configuration of
    another rank); ``n`` and ``k`` as in :func:`count_configurations`.
    """
    n, cnt, total = _checked_counts(n, k)  # the counts once, for the check and the unranking
    t = whole_number(t, "t", error=AlignError, minimum=0, maximum=total - 1)
    a = np.zeros(n, dtype=np.int64)
    if n > 1:
        _unrank(np.int64(t), n, cnt.shape[1] - 1, cnt, a)
    return a


@njit(cache=True)
def _unrank_many(ranks, n, k, cnt, out):
    a = np.empty(n, dtype=np.int64)
    for r in range(ranks.shape[0]):
        _unrank(ranks[r], n, k, cnt, a)
        for i in range(n):
            out[r, i] = a[i]


def unrank_many(ranks: ArrayLike, n: int, k: int) -> NDArray[np.int8]:
    """The normalised configurations (rows of labels) of the ranks ``ranks``, as
    :func:`unrank` gives them one by one.

    ``ranks`` is a vector of ranks, each as :func:`unrank` takes ``t``, else an AlignError naming
    ``ranks`` (a rank beyond the last gave the last configuration, -1 a label -1, 0.5 and NaN
    rank 0, a list an AttributeError, a table a numba typing error); ``n`` and ``k`` as in
    :func:`count_configurations`. Checked once per call, in vectorised passes over ``ranks``.
    """
    n, cnt, total = _checked_counts(n, k)
    r = whole_numbers(ranks, "ranks", error=AlignError, minimum=0, what="ranks (whole numbers)")
    if r.ndim != 1:
        raise AlignError(f"must be a vector of ranks, got shape {r.shape}", field="ranks")
    if r.size and int(r.max()) > total - 1:
        raise AlignError(
            f"must be ranks <= {total - 1:,} ({total:,} configurations of {n} actors into at "
            f"most {k} coalitions), got {int(r.max()):,}",
            field="ranks",
        )
    out = np.zeros((r.shape[0], n), dtype=np.int8)
    if n > 1 and r.shape[0]:
        _unrank_many(np.ascontiguousarray(r), n, cnt.shape[1] - 1, cnt, out)
    return out


def _checked_config(config: ArrayLike, k: int, n: int | None = None) -> NDArray[np.int64]:
    """``config`` as an int64 vector when it is a normalised configuration (a restricted growth
    string: labels whole numbers from 0, in order of first use) with at most ``k`` coalitions
    and, when ``n`` is given, ``n`` labels; else an AlignError naming ``config``. One vectorised
    pass; ``k`` is checked by the caller."""
    a = whole_numbers(
        config, "config", error=AlignError, minimum=0, what="coalition labels (whole numbers)"
    )
    if a.ndim != 1:
        raise AlignError(
            f"must be a sequence of labels, one per actor, got shape {a.shape}", field="config"
        )
    if n is not None and a.shape[0] != n:
        raise AlignError(f"has {a.shape[0]} labels for {n} actors", field="config")
    if a.size:
        if a[0] != 0 or np.any(a[1:] > np.maximum.accumulate(a)[:-1] + 1):
            raise AlignError(
                f"{a.tolist()} is not normalised (labels from 0 in order of first use): "
                f"anpo.align.normalize gives {normalize(a).tolist()}",
                field="config",
            )
        if int(a.max()) + 1 > k:
            raise AlignError(
                f"{a.tolist()} has {int(a.max()) + 1} coalitions, more than k = {k}",
                field="config",
            )
    return a


def rank(config: ArrayLike, k: int) -> int:
    """Rank of a normalised configuration among partitions into at most ``k`` coalitions (the
    inverse of :func:`unrank`).

    ``k`` as in :func:`count_configurations`; ``config`` a normalised configuration with at most
    ``k`` coalitions (:func:`anpo.align.normalize` gives one), else an AlignError naming it
    (labels beyond ``k`` gave a rank beyond the last, a label -1 a negative rank, [1, 0, 0] the
    rank of [0, 0, 0], a table a numba typing error, NaN a bare ValueError).
    """
    k = whole_number(k, "k", error=AlignError, minimum=1)
    a = _checked_config(config, k)
    n = a.shape[0]
    if n <= 1:
        return 0
    return int(_rank(a, n, _completion_counts(n, min(k, n))))


@dataclass(frozen=True)
class EnumerationK:
    """Result of :func:`enumerate_k`: minima as ranks (sorted) and their basin counts;
    ``tied_starts`` as in :class:`anpo.align.enum2.Enumeration2` (None when not asked for, or
    beyond ``2^31`` configurations, when no bit of the successor array is free to mark
    them)."""

    minima: NDArray[np.int64]
    counts: NDArray[np.int64]
    total: int
    k: int
    tied_starts: int | None = None


def enumerate_k(
    w: NDArray[np.float64],
    tol: float,
    k: int,
    *,
    max_configs: int = MAX_CONFIGS,
    max_found: int | None = None,
    ties: bool = False,
) -> EnumerationK:
    """Every local minimum with at most ``k`` coalitions and its basin count.

    ``k >= n`` means a free number of coalitions; ``w`` and ``tol`` as
    :func:`anpo.align.formal.check_weights` checks them. Method and descent rule: module docstring
    [axelrod1993, pp. 216-218], extended to k coalitions as in [galam1998]. ``max_found``
    as in :func:`anpo.align.enum2.enumerate_two` (more minima: BudgetExceededError), and
    ``ties`` (count the starts whose descent met a tie: :attr:`EnumerationK.tied_starts`).
    """
    # an asymmetric w gave no minimum at all (descents that cycle), a NaN or negative tol made
    # every configuration one, a vector was a numba typing error
    w, tol = check_weights(w, tol)
    n = w.shape[0]
    k = whole_number(
        k, "coalitions", error=AlignError, minimum=1, what="a whole number of coalitions"
    )
    k = min(k, n)
    total = count_configurations(n, k)
    if total > max_configs or total >= (1 << 32):
        raise AlignError(
            f"{total:,} configurations of {n} actors into at most {k} coalitions are too many "
            f"to enumerate (limit {max_configs:,}); use the heuristic solver",
            field="coalitions",
        )
    if n == 1 or k == 1:
        one = np.array([total], np.int64)
        return EnumerationK(np.zeros(1, np.int64), one, total, k, 0 if ties else None)
    cnt = completion_counts(n, k)
    succ = np.empty(total, dtype=np.uint32)
    mark = mark_bit(total) if ties else 0
    _successors_k(w, k, 0.5 * tol, cnt, np.int64(total), succ, mark)
    check_found(int(count_fixed(succ)), max_found)
    minima = fixed_points(succ)
    pointer_jump(succ, mark)
    tied = int(strip_marks(succ, mark)) if mark else None
    counts = count_roots(succ, minima)
    return EnumerationK(minima, counts, total, k, tied)


def descend_k(w: ArrayLike, tol: float, k: int, config: ArrayLike) -> NDArray[np.int64]:
    """The local minimum reached from ``config`` by the k-coalition descent rule (module
    docstring: anpo's extension of [axelrod1993]'s rule to ``k`` coalitions, which [galam1996]
    argues for).

    ``w`` and ``tol`` as :func:`anpo.align.formal.check_weights` checks them; ``k`` a whole
    number >= 1 (``k >= n``: free); ``config`` a normalised configuration of the ``n`` actors
    with at most ``k`` coalitions (:func:`rank` says what that is); else an AlignError naming
    the argument (a label of 10^9 or -10^9 killed the interpreter, a segmentation fault in the
    compiled kernel; a label >= k wrote past its table, quietly; 2.5 coalitions were a numba
    typing error, -1 a bare ValueError).
    """
    w, tol = check_weights(w, tol)
    k = whole_number(k, "k", error=AlignError, minimum=1)
    n = w.shape[0]
    a = _checked_config(config, k, n)
    if n <= 1:
        return a
    return _descend_k(w, min(k, n), 0.5 * tol, a)
