"""Energies and order of many local minima at once, from the enumerators' index arrays.

:meth:`anpo.align.landscape.Landscape.local_minima` gave every minimum its energy by one call of
:func:`anpo.align.formal.energy` (``E(X) = sum_{i != j} w_ij d_ij(X)``, [axelrod1993],
n. 2, summed with :func:`math.fsum`), one Python object per minimum: when all or most
propensities are 0 every configuration is a local minimum, and 18 actors took 13 s and 490 MB.
These kernels compute the same energies for all minima in one compiled pass.

Exactness: the energy of each minimum is summed over the non-zero terms ``w_ij d_ij`` of
:func:`anpo.align.formal.energy`, in its (row-major) order, with the algorithm of CPython's
``math.fsum`` (Shewchuk's non-overlapping partials, "Adaptive precision floating-point
arithmetic and fast robust geometric predicates", Discrete Comput. Geom. 18, 1997, and CPython's
half-even correction across partials; ``Modules/mathmodule.c``, ``math_fsum``). ``math.fsum``
returns the exact sum correctly rounded (+0.0 when it is zero), which the zero terms do not
change, so each energy is bit for bit the one :func:`anpo.align.formal.energy` gives (the terms
are finite: the weights are validated); the tests compare them on random instances.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from anpo._jit import njit

__all__ = ["exact_energies", "labels_from_bits", "normalize_rows", "sort_order"]


@njit(cache=True)
def _fsum_add(p, m, x):
    """Add the finite ``x`` to the partials ``p[:m]`` (CPython's ``math_fsum`` inner loop);
    returns the new number of partials."""
    i = 0
    for j in range(m):
        y = p[j]
        if abs(x) < abs(y):
            t = x
            x = y
            y = t
        hi = x + y
        yr = hi - x
        lo = y - yr
        if lo != 0.0:
            p[i] = lo
            i += 1
        x = hi
    m = i
    if x != 0.0:
        p[m] = x
        m += 1
    return m


@njit(cache=True)
def _fsum_result(p, m):
    """The correctly rounded sum of the partials ``p[:m]`` (CPython's ``math_fsum`` ending)."""
    hi = 0.0
    lo = 0.0
    if m > 0:
        m -= 1
        hi = p[m]
        while m > 0:
            x = hi
            m -= 1
            y = p[m]
            hi = x + y
            yr = hi - x
            lo = y - yr
            if lo != 0.0:
                break
        if m > 0 and ((lo < 0.0 and p[m - 1] < 0.0) or (lo > 0.0 and p[m - 1] > 0.0)):
            y = lo * 2.0
            x = hi + y
            yr = x - hi
            if y == yr:
                hi = x
    return hi


@njit(cache=True)
def _exact_energies(w, labels, pi, pj, out):
    p = np.empty(pi.shape[0] + 1)
    for r in range(labels.shape[0]):
        m = 0
        for t in range(pi.shape[0]):
            i = pi[t]
            j = pj[t]
            if labels[r, i] != labels[r, j]:
                m = _fsum_add(p, m, w[i, j])
        out[r] = _fsum_result(p, m)


@njit(cache=True)
def _labels_from_bits(bits, n, out):
    for r in range(bits.shape[0]):
        x = bits[r]
        out[r, 0] = 0
        for i in range(1, n):
            out[r, i] = (x >> (i - 1)) & 1


def labels_from_bits(bits: NDArray[np.int64], n: int) -> NDArray[np.int8]:
    """Two-coalition configurations (rows of labels) of the indices ``bits`` (bit ``i-1`` is the
    side of actor ``i``, as :func:`anpo.align.formal.bits_to_config`)."""
    out = np.empty((bits.shape[0], n), dtype=np.int8)
    _labels_from_bits(np.ascontiguousarray(bits, dtype=np.int64), n, out)
    return out


def exact_energies(w: NDArray[np.float64], labels: NDArray[np.int8]) -> NDArray[np.float64]:
    """The energy of every configuration (row of ``labels``), each equal bit for bit to
    :func:`anpo.align.formal.energy` ``(w, row)`` (module docstring: [axelrod1993], n. 2,
    summed as :func:`math.fsum` sums)."""
    w = np.ascontiguousarray(w, dtype=np.float64)
    out = np.empty(labels.shape[0], dtype=np.float64)
    # the pairs whose term can be non-zero, in formal.energy's (row-major) order: the zero
    # terms (the diagonal, w_ij = 0, d_ij = 0) change neither the exact sum nor fsum's result,
    # which is that sum correctly rounded (+0.0 when it is zero)
    nz = w != 0.0
    np.fill_diagonal(nz, False)
    pi, pj = np.nonzero(nz)
    if labels.shape[0]:
        _exact_energies(w, labels, pi.astype(np.int64), pj.astype(np.int64), out)
    return out


def sort_order(energies: NDArray[np.float64], labels: NDArray[np.int8]) -> NDArray[np.intp]:
    """Indices that sort the configurations by energy, then by configuration
    (lexicographically), as ``sorted(key=lambda m: (m.energy, tuple(m.config)))`` does."""
    keys: list[NDArray[Any]] = [labels[:, c] for c in range(labels.shape[1] - 1, -1, -1)]
    keys.append(energies)
    return np.lexsort(keys)


@njit(cache=True)
def _normalize_rows(labels, k):
    new = np.empty(k, dtype=np.int8)
    for r in range(labels.shape[0]):
        for c in range(k):
            new[c] = -1
        used = 0
        for i in range(labels.shape[1]):
            c = labels[r, i]
            if new[c] < 0:
                new[c] = used
                used += 1
            labels[r, i] = new[c]


def normalize_rows(labels: NDArray[np.int8], k: int) -> NDArray[np.int8]:
    """Every row of ``labels`` (labels ``0..k-1``) relabelled in order of first use, as
    :func:`anpo.align.formal.normalize` relabels one configuration (actor 0 gets 0); in place
    when ``labels`` is a contiguous int8 array, which is returned.

    Used to map minima enumerated in another actor order (the tie order of
    :meth:`anpo.align.landscape.Landscape.local_minima`) back to the given order.

    >>> normalize_rows(np.array([[1, 0, 0], [2, 2, 0]], dtype=np.int8), 3).tolist()
    [[0, 1, 1], [0, 0, 1]]
    """
    out = np.ascontiguousarray(labels, dtype=np.int8)
    if out.shape[0] and out.shape[1]:
        _normalize_rows(out, max(int(k), 1))
    return out
