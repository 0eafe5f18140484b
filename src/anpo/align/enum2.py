"""Exhaustive two-coalition enumeration: every local minimum and its basin of attraction.

[axelrod1993, pp. 216-218] enumerate all ``2^(n-1)`` two-coalition configurations,
call the configurations from which no single actor can lower the energy by switching sides the
*local minima*, and measure a minimum's likelihood by its *basin of attraction*. Their program was
limited to about 18 actors; this module handles 28 actors in seconds.

Configuration index
    Actor 0 is always in coalition 0; bit ``i-1`` of the index ``x`` is the side of actor ``i``.
    Flipping actor ``k >= 1`` toggles bit ``k-1``; flipping actor 0 and renormalising gives the
    complement of the other actors, ``x XOR (2^(n-1) - 1)``.

Descent rule (basins)
    Each configuration has exactly one successor: the configuration reached by the *steepest*
    one-actor move, i.e. the move with the most negative energy change ``Delta E_k = 2 sigma_k h_k``
    (``sigma`` the +-1 sides, ``h = W sigma``, ``W_ij = s_i s_j p_ij``). Ties between equally good
    moves are broken by the lowest actor index of ``W`` (:class:`anpo.align.landscape.Landscape`
    passes ``W`` with its actors in the order of their names, so that basins do not depend on
    the order they are listed in, and maps the minima back). A move whose change is not below
    ``-tol`` is not a descent (plateaus and zero-gain moves do not count), so a configuration with
    no descending move is its own successor: a local minimum. ``tol`` is :func:`anpo.align.formal.tie_tolerance` (1e-10
    of the largest row sum of ``|W|``); changes within ``tol`` of the best count as tied. The energy
    strictly decreases along successors, so following them ends at a local minimum; the basin
    share of a minimum is the number of configurations whose descent ends there divided by
    ``2^(n-1)``, i.e. the size of the minimum's in-tree in the successor forest.

Tied starts
    The configurations whose descent met at least one tie between steepest moves (their minimum,
    so the basin shares, may depend on the tie rule: a tie's branches can end at the same
    minimum, so the count is an upper bound on the starts whose minimum does) are counted in the same pass: the moves within
    the tolerance of the steepest are counted in a vectorised pass of their own
    (:func:`anpo.align._kernels.best_flip_tie`), a configuration whose
    steepest move was tied gets a mark bit above every index in its successor entry (bit 31,
    free up to ``2^31`` configurations), and pointer jumping carries the mark along the path
    (:func:`pointer_jump`); the streaming variant notes it on the path it follows. Only on
    request (``enumerate_two(..., ties=True)``): it costs 15-28 % more CPU time for two
    coalitions of 22-24 actors, 45-60 % for ``k`` coalitions (:mod:`anpo.align.enumk`; one
    thread, best of 7, Gaussian and integer instances), so the default enumeration does
    without it and is as fast as before (within 5 %).

Algorithm
    The configurations are visited in Gray-code order inside fixed chunks of ``2^B`` indices
    (``B = min(n-1, 14)``); consecutive configurations differ by one actor, so the local fields
    ``h`` are updated in ``O(n)`` per configuration instead of ``O(n^2)``, and recomputed from
    scratch at the start of every chunk (which bounds the accumulation of rounding error to
    ``2^B`` updates). Chunks are independent and run in parallel (numba ``prange``); each writes a
    disjoint block of the successor array, so results do not depend on the number of threads.

    Memory: by default the successors are stored in a ``uint32`` array of ``4 * 2^(n-1)`` bytes
    (512 MiB for n = 28) and the in-trees are resolved by parallel pointer jumping (each pass
    replaces ``succ[x]`` by ``succ[succ[x]]``; the fixed point is the minimum, whatever the
    interleaving of threads). When that array does not fit the memory budget (half of the
    available physical memory unless given), the *streaming* variant stores nothing per
    configuration: it follows each configuration's descent path on the fly (``O(n)`` per step) and
    counts the end points, which costs a few times more time and ``O(n)`` memory per thread.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numba as nb
import numpy as np
from numpy.typing import NDArray

from anpo._checks import whole_number
from anpo._jit import njit
from anpo.align._kernels import best_flip, best_flip_tie, flip_side, side_fields
from anpo.align.formal import check_weights
from anpo.errors import AlignError, BudgetExceededError

#: Largest n for which the successor array (uint32 indices) can be used.
MAX_N_STORED = 33
#: Largest n accepted by the enumerator at all (2^(n-1) configurations).
MAX_N_ENUM = 36
#: Fixed number of counting blocks (a constant, so that results never depend on thread count).
_COUNT_BLOCKS = 64
#: Largest number of entries of the per-block basin counts (``blocks x minima``, int64): with
#: very many minima (every configuration is one when all propensities are 0) 64 blocks took
#: 512 bytes per minimum (1 GiB for 2^21 minima); fewer blocks are used then. The counts are
#: whole numbers, so the result does not depend on the number of blocks.
_COUNT_ENTRIES = 1 << 22


@njit(cache=True, inline="always")
def _count_blocks(most, nmin):
    """Number of counting blocks: at most ``most`` and :data:`_COUNT_BLOCKS`, and at most
    :data:`_COUNT_ENTRIES` entries of counts in all (at least one block)."""
    nb_ = _COUNT_BLOCKS if most >= _COUNT_BLOCKS else most
    cap = _COUNT_ENTRIES // max(nmin, 1)
    if nb_ > cap:
        nb_ = cap
    return max(nb_, 1)


@njit(cache=True, inline="always")
def _ctz(u: int) -> int:
    k = 0
    while (u >> k) & 1 == 0:
        k += 1
    return k


@njit(cache=True, inline="always")
def _load(w, x, sig, h):
    """Set ``sig`` to the sides of configuration ``x`` and ``h = W sig`` from scratch."""
    n = w.shape[0]
    sig[0] = 1.0
    for i in range(1, n):
        sig[i] = -1.0 if (x >> (i - 1)) & 1 else 1.0
    side_fields(w, sig, h)


@njit(cache=True, inline="always")
def _init_chunk(w, c, chunk_bits, sig, h):
    t0 = np.int64(c) << np.int64(chunk_bits)
    x = t0 ^ (t0 >> np.int64(1))
    _load(w, x, sig, h)
    return x


@njit(cache=True, inline="always")
def _gray_next(w, u, x, sig, h):
    """Configuration ``x`` after step ``u > 0`` of a chunk's Gray-code walk: the actor of
    ``u``'s lowest set bit, plus one (actor 0 keeps its side), switches sides (``sig`` and ``h``
    updated)."""
    k = _ctz(u)
    flip_side(w, k + 1, sig, h)
    return x ^ (np.int64(1) << k)


@njit(cache=True, inline="always")
def _moved(x, a, full):
    """Index of configuration ``x`` after actor ``a`` switches sides (module docstring)."""
    if a == 0:
        return x ^ full
    return x ^ (np.int64(1) << (a - 1))


@njit(cache=True, inline="always")
def _descend(w, half_tol, full, x, a, sig, h):
    """Follow the descent rule from ``x`` whose best move is ``a`` (state in ``sig``/``h``,
    updated); returns the index of the local minimum reached."""
    while a >= 0:
        flip_side(w, a, sig, h)
        x = _moved(x, a, full)
        a = best_flip(sig, h, half_tol)
    return x


@njit(cache=True, parallel=True)
def _successors(w, half_tol, chunk_bits, succ, mark):
    """Each configuration's successor under the descent rule, ``mark`` (a bit above every
    index, or 0: not marked) set on those whose steepest move was tied."""
    n = w.shape[0]
    m = n - 1
    full = (np.int64(1) << m) - 1
    nchunks = np.int64(1) << (m - chunk_bits)
    steps = np.int64(1) << chunk_bits
    for c in nb.prange(nchunks):
        sig = np.empty(n)
        h = np.empty(n)
        x = _init_chunk(w, c, chunk_bits, sig, h)
        if mark == 0:  # ties not counted: the plain rule (the tie check costs 15-28 %)
            for u in range(steps):
                if u > 0:
                    x = _gray_next(w, u, x, sig, h)
                a = best_flip(sig, h, half_tol)
                succ[x] = x if a < 0 else _moved(x, a, full)
            continue
        for u in range(steps):
            if u > 0:
                x = _gray_next(w, u, x, sig, h)
            a, tied = best_flip_tie(sig, h, half_tol)
            if a < 0:
                succ[x] = x
            elif tied:
                succ[x] = _moved(x, a, full) | mark
            else:
                succ[x] = _moved(x, a, full)


@njit(cache=True, parallel=True)
def pointer_jump(succ, mark=0):
    """Pointer jumping in place: each ``succ[x]`` (the neighbour a descent from ``x`` moves to)
    becomes the local minimum the descent ends at (``succ[m] == m`` at a minimum).

    ``mark``: a bit above every index (or 0, none) that :func:`_successors` set on the
    configurations whose steepest move was tied. Each entry keeps the mark of its whole path:
    when ``x`` jumps from ``s = succ[x]`` to ``succ[s]`` it takes ``s``'s mark too, read in the
    same word as ``succ[s]``, so an entry's mark always covers the path from it to the entry it
    points to, whatever the interleaving of threads; at the end, the path to the minimum."""
    total = succ.shape[0]
    nblocks = _COUNT_BLOCKS if total >= _COUNT_BLOCKS else 1
    per = (total + nblocks - 1) // nblocks
    if mark == 0:  # nothing marked: the plain jumps
        while True:
            changed = 0
            for b in nb.prange(nblocks):
                lo = b * per
                hi = min(total, lo + per)
                for x in range(lo, hi):
                    s = succ[x]
                    ss = succ[s]
                    if ss != s:
                        succ[x] = ss
                        changed += 1
            if changed == 0:
                return
    keep = np.int64(0xFFFFFFFF) ^ np.int64(mark)
    while True:
        changed = 0
        for b in nb.prange(nblocks):
            lo = b * per
            hi = min(total, lo + per)
            for x in range(lo, hi):
                v = np.int64(succ[x])
                s = v & keep
                vs = np.int64(succ[s])
                ss = vs & keep
                if ss != s:
                    succ[x] = ss | ((v | vs) & mark)
                    changed += 1
        if changed == 0:
            break


@njit(cache=True, parallel=True)
def strip_marks(succ, mark):
    """Clear ``mark`` (:func:`pointer_jump`) from every entry; returns how many had it: the
    configurations whose descent met a tie between steepest moves."""
    total = succ.shape[0]
    nblocks = _COUNT_BLOCKS if total >= _COUNT_BLOCKS else 1
    per = (total + nblocks - 1) // nblocks
    keep = np.int64(0xFFFFFFFF) ^ np.int64(mark)
    counts = np.zeros(nblocks, dtype=np.int64)
    for b in nb.prange(nblocks):
        lo = b * per
        hi = min(total, lo + per)
        for x in range(lo, hi):
            v = np.int64(succ[x])
            if v & mark:
                counts[b] += 1
                succ[x] = v & keep
    return counts.sum()


def mark_bit(total: int) -> int:
    """The bit that marks a tied descent in a successor array of ``total`` ``uint32`` entries:
    bit 31 when every index fits below it, else 0 (no room: ties not counted)."""
    return 1 << 31 if total <= 1 << 31 else 0


@njit(cache=True)
def count_fixed(succ):
    """The number of fixed points ``succ[x] == x`` (the local minima of a descent map)."""
    count = 0
    for x in range(succ.shape[0]):
        if succ[x] == x:
            count += 1
    return count


@njit(cache=True)
def fixed_points(succ):
    """The fixed points ``x`` with ``succ[x] == x``, ascending (int64)."""
    count = count_fixed(succ)
    out = np.empty(count, dtype=np.int64)
    k = 0
    for x in range(succ.shape[0]):
        if succ[x] == x:
            out[k] = x
            k += 1
    return out


@njit(cache=True, parallel=True)
def count_roots(succ, minima):
    """Basin counts after pointer jumping (``succ[x]`` is the minimum reached from ``x``).

    When every index fits in 31 bits, each minimum's own entry is overwritten by its position in
    ``minima`` with the top bit set, so that the count needs no search (``succ`` is consumed);
    otherwise a binary search in ``minima`` is used.
    """
    total = succ.shape[0]
    nmin = minima.shape[0]
    nblocks = _count_blocks(total, nmin) if total >= _COUNT_BLOCKS else 1
    per = (total + nblocks - 1) // nblocks
    counts = np.zeros((nblocks, nmin), dtype=np.int64)
    flag = np.uint32(0x80000000)
    if total <= (1 << 31):
        for j in range(nmin):
            succ[minima[j]] = flag | np.uint32(j)
        for b in nb.prange(nblocks):
            lo = b * per
            hi = min(total, lo + per)
            for x in range(lo, hi):
                v = succ[x]
                if v & flag:
                    counts[b, np.int64(v & ~flag)] += 1
                else:
                    counts[b, np.int64(succ[v] & ~flag)] += 1
    else:
        for b in nb.prange(nblocks):
            lo = b * per
            hi = min(total, lo + per)
            for x in range(lo, hi):
                r = np.int64(succ[x])
                counts[b, np.searchsorted(minima, r)] += 1
    return counts.sum(axis=0)


@njit(cache=True, parallel=True)
def _count_minima_per_chunk(w, half_tol, chunk_bits):
    n = w.shape[0]
    m = n - 1
    nchunks = np.int64(1) << (m - chunk_bits)
    steps = np.int64(1) << chunk_bits
    counts = np.zeros(nchunks, dtype=np.int64)
    for c in nb.prange(nchunks):
        sig = np.empty(n)
        h = np.empty(n)
        _init_chunk(w, c, chunk_bits, sig, h)
        k_min = 0
        for u in range(steps):
            if u > 0:
                flip_side(w, _ctz(u) + 1, sig, h)
            if best_flip(sig, h, half_tol) < 0:
                k_min += 1
        counts[c] = k_min
    return counts


@njit(cache=True, parallel=True)
def _list_minima(w, half_tol, chunk_bits, offsets, out):
    n = w.shape[0]
    m = n - 1
    nchunks = np.int64(1) << (m - chunk_bits)
    steps = np.int64(1) << chunk_bits
    for c in nb.prange(nchunks):
        sig = np.empty(n)
        h = np.empty(n)
        x = _init_chunk(w, c, chunk_bits, sig, h)
        pos = offsets[c]
        for u in range(steps):
            if u > 0:
                x = _gray_next(w, u, x, sig, h)
            if best_flip(sig, h, half_tol) < 0:
                out[pos] = x
                pos += 1


# dup-ok: the chunk set-up (masks, chunk counts) repeats _successors': both are prange kernels over
# the same chunks of configurations with different per-chunk work, and numba cannot pass that work
# as a closure.
@njit(cache=True, parallel=True)
def _streaming_basins(w, half_tol, chunk_bits, minima, ties):
    """Follow every configuration's descent path without storing successors; with ``ties``,
    count the paths that met a tie between steepest moves (else the count is 0)."""
    n = w.shape[0]
    m = n - 1
    full = (np.int64(1) << m) - 1
    nchunks = np.int64(1) << (m - chunk_bits)
    steps = np.int64(1) << chunk_bits
    nblocks = _count_blocks(nchunks, minima.shape[0])
    per = (nchunks + nblocks - 1) // nblocks
    counts = np.zeros((nblocks, minima.shape[0]), dtype=np.int64)
    tied_starts = np.zeros(nblocks, dtype=np.int64)
    for b in nb.prange(nblocks):
        sig = np.empty(n)
        h = np.empty(n)
        sig2 = np.empty(n)
        h2 = np.empty(n)
        for c in range(b * per, min(nchunks, (b + 1) * per)):
            x = _init_chunk(w, c, chunk_bits, sig, h)
            for u in range(steps):
                if u > 0:
                    x = _gray_next(w, u, x, sig, h)
                tied = False
                if ties:
                    a, tied = best_flip_tie(sig, h, half_tol)
                else:
                    a = best_flip(sig, h, half_tol)
                if a < 0:
                    counts[b, np.searchsorted(minima, x)] += 1
                    continue
                sig2[:] = sig
                h2[:] = h
                if not ties:
                    y = _descend(w, half_tol, full, x, a, sig2, h2)
                    counts[b, np.searchsorted(minima, y)] += 1
                    continue
                y = x
                while a >= 0:  # _descend, noting whether a steepest move was tied
                    flip_side(w, a, sig2, h2)
                    y = _moved(y, a, full)
                    a, t = best_flip_tie(sig2, h2, half_tol)
                    tied = tied or t
                counts[b, np.searchsorted(minima, y)] += 1
                if tied:
                    tied_starts[b] += 1
    return counts.sum(axis=0), tied_starts.sum()


@njit(cache=True)
def _descend_from(w, half_tol, x0):
    """Index of the local minimum reached from configuration ``x0`` by the descent rule."""
    n = w.shape[0]
    m = n - 1
    full = (np.int64(1) << m) - 1
    sig = np.empty(n)
    h = np.empty(n)
    _load(w, x0, sig, h)
    return _descend(w, half_tol, full, x0, best_flip(sig, h, half_tol), sig, h)


def available_memory() -> int:
    """Available physical memory in bytes (``os.sysconf``), or 2 GiB if it cannot be read."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE")) * int(os.sysconf("SC_AVPHYS_PAGES"))
    except (ValueError, OSError, AttributeError):  # pragma: no cover - non-POSIX
        return 2 << 30


_MODES = ("auto", "stored", "streaming")


def check_options(
    mode: str, memory_limit: int | None, max_found: int | None
) -> tuple[int | None, int | None]:
    """The enumeration options of :func:`enumerate_two` checked (an AlignError naming the
    bad one): ``mode`` one of "auto", "stored", "streaming"; ``memory_limit`` (bytes) and
    ``max_found`` None or a whole number >= 0. Returns ``(memory_limit, max_found)`` as ints
    (review12 F-I: a memory limit of -5 was taken, and read as "streaming")."""
    if mode not in _MODES:
        raise AlignError(f"unknown enumeration mode {mode!r}; choose one of {_MODES}", field="mode")
    if memory_limit is not None:
        memory_limit = whole_number(memory_limit, "memory_limit", error=AlignError, minimum=0)
    if max_found is not None:
        max_found = whole_number(max_found, "max_found", error=AlignError, minimum=0)
    return memory_limit, max_found


def check_found(found: int, max_found: int | None) -> None:
    """:class:`~anpo.errors.BudgetExceededError` when ``found`` local minima exceed
    ``max_found`` (None: no limit); ``partial`` holds the count."""
    if max_found is not None and found > max_found:
        raise BudgetExceededError(
            f"{found:,} local minima, more than the limit of {max_found:,} the enumeration "
            "was given",
            partial=found,
        )


@dataclass(frozen=True)
class Enumeration2:
    """Result of :func:`enumerate_two`: minima as configuration indices and basin counts (the
    local minima and basins of attraction of [axelrod1993, pp. 216-218]).

    ``minima`` is sorted by index; ``counts[i]`` is the number of configurations whose descent
    ends at ``minima[i]``; ``total = 2^(n-1)``; ``mode`` is ``"stored"`` or ``"streaming"``;
    ``tied_starts`` is the number of configurations whose descent met a tie between steepest
    moves (their minimum, so the basin shares, may depend on the tie rule), None when it was not
    counted (not asked for, ``ties=False``; or a stored enumeration of 33 actors: no bit free
    in the successor array).
    """

    minima: NDArray[np.int64]
    counts: NDArray[np.int64]
    total: int
    mode: str
    tied_starts: int | None = None


def enumerate_two(
    w: NDArray[np.float64],
    tol: float,
    *,
    mode: str = "auto",
    memory_limit: int | None = None,
    max_found: int | None = None,
    ties: bool = False,
) -> Enumeration2:
    """Every local minimum of the two-coalition landscape and its basin count.

    ``w`` is the weight matrix ``s_i s_j p_ij`` (zero diagonal, symmetric), ``tol`` the absolute
    tie tolerance on an energy change (see the module docstring for the descent rule), both as
    :func:`anpo.align.formal.check_weights` checks them. ``mode`` is
    ``"stored"`` (successor array + pointer jumping), ``"streaming"`` (no per-configuration
    storage) or ``"auto"``: stored when ``4 * 2^(n-1)`` bytes fit in ``memory_limit`` (default:
    half of the available physical memory) and ``n <= 33``, streaming otherwise.
    ``max_found``: when there are more local minima than this, raise
    :class:`~anpo.errors.BudgetExceededError` as soon as they are counted, before the
    per-minimum arrays are allocated (when all propensities are 0 every configuration is a
    minimum); default None, no limit. ``ties``: also count the configurations whose descent
    met a tie between steepest moves (:attr:`Enumeration2.tied_starts`; module docstring,
    "Tied starts"); off by default, as it costs 15-28 % more time.

    Method: [axelrod1993], pp. 216-218 (exhaustive search, basins of attraction);
    Gray-code incremental evaluation as described in the module docstring.
    """
    w, tol = check_weights(w, tol)
    memory_limit, max_found = check_options(mode, memory_limit, max_found)
    n = w.shape[0]
    if n > MAX_N_ENUM:
        raise AlignError(
            f"exhaustive enumeration is limited to {MAX_N_ENUM} actors (got {n}); "
            "use the exact or heuristic solvers for the global minimum"
        )
    if n == 1:
        return Enumeration2(
            np.zeros(1, np.int64), np.ones(1, np.int64), 1, "stored", 0 if ties else None
        )
    m = n - 1
    total = 1 << m
    chunk_bits = min(m, 14)
    half_tol = 0.5 * tol
    if memory_limit is None:
        memory_limit = available_memory() // 2
    if mode == "auto":
        mode = "stored" if (n <= MAX_N_STORED and 4 * total <= memory_limit) else "streaming"
    if mode == "stored":
        if n > MAX_N_STORED:
            raise AlignError(f"stored enumeration is limited to {MAX_N_STORED} actors")
        succ = np.empty(total, dtype=np.uint32)
        mark = mark_bit(total) if ties else 0
        _successors(w, half_tol, chunk_bits, succ, mark)
        check_found(count_fixed(succ), max_found)
        minima = fixed_points(succ)
        pointer_jump(succ, mark)
        tied = int(strip_marks(succ, mark)) if mark else None
        counts = count_roots(succ, minima)
        del succ
    elif mode == "streaming":
        per_chunk = _count_minima_per_chunk(w, half_tol, chunk_bits)
        check_found(int(per_chunk.sum()), max_found)
        offsets = np.concatenate(([0], np.cumsum(per_chunk)[:-1])).astype(np.int64)
        minima = np.empty(int(per_chunk.sum()), dtype=np.int64)
        _list_minima(w, half_tol, chunk_bits, offsets, minima)
        minima.sort()
        counts, tied_count = _streaming_basins(w, half_tol, chunk_bits, minima, ties)
        tied = int(tied_count) if ties else None
    else:  # pragma: no cover - check_options refused it
        raise AlignError(f"unknown enumeration mode {mode!r}", field="mode")
    return Enumeration2(minima, counts, total, mode, tied)


def descend(w: NDArray[np.float64], tol: float, x0: int) -> int:
    """Index of the local minimum that the descent rule reaches from configuration ``x0`` (module
    docstring; local minima and basins as in [axelrod1993, pp. 216-218]).

    ``x0`` is a configuration index, a whole number from 0 to ``2^(n-1) - 1`` (else an
    AlignError naming ``x0``: 99 for 3 actors was descended from as if it were a configuration).
    """
    w, tol = check_weights(w, tol)
    n = w.shape[0]
    top = (1 << (n - 1)) - 1 if n else 0
    x0 = whole_number(x0, "x0", error=AlignError, minimum=0, maximum=top)
    return int(_descend_from(w, 0.5 * tol, np.int64(x0)))
