"""Landscape theory of aggregation: inputs, energy, frustration and configurations.

Source: [axelrod1993], footnotes to the formal section (pp. 214-216); reprinted in
[axelrod1997, ch. 4].

Definitions used throughout :mod:`anpo.align` (all from the paper's footnotes):

- actors ``i = 0..n-1`` with sizes ``s_i > 0`` and symmetric propensities ``p_ij`` (positive: the
  pair wants to be together; ``p_ii`` plays no role, since ``d_ii = 0``, and is ignored);
- a configuration ``X`` assigns each actor a coalition label; the distance ``d_ij(X)`` is 0 when
  ``i`` and ``j`` are together and 1 otherwise (the paper's general distances are supported through
  a coalition-distance matrix, see :func:`energy`);
- energy ``E(X) = sum over ORDERED pairs (i, j), i != j, of s_i s_j p_ij d_ij(X)``; every separated
  pair therefore counts twice;
- frustration ``F_i(X) = sum_j s_j p_ij d_ij(X)``, so that ``E = sum_i s_i F_i``; when one actor
  ``k`` changes coalition, ``Delta E = 2 s_k Delta F_k``.

Configurations are integer label vectors *normalised* so that actor 0 is in coalition 0 and labels
appear in order of first use (restricted growth strings); two label vectors that differ only by a
renaming of coalitions are the same configuration.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from anpo.errors import AlignError

#: Relative tolerance for the symmetry check of a propensity matrix.
SYMMETRY_RTOL = 1e-12

#: Relative tolerance (times the largest row sum of |w_ij|) below which two energy changes are
#: treated as equal by the descent rule, and below which a move does not count as a descent.
TIE_RTOL = 1e-10


def validate_inputs(
    sizes: ArrayLike,
    propensity: ArrayLike,
    names: Sequence[str] | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64], list[str]]:
    """Check and convert sizes, propensities and names; return float arrays and a name list.

    Rules [axelrod1993, p. 214]: sizes are finite and strictly positive; the
    propensity matrix is square ``n x n`` with ``n = len(sizes)``, finite off the diagonal and
    symmetric. Symmetry is checked to a relative tolerance of :data:`SYMMETRY_RTOL` of the largest
    absolute off-diagonal entry; the returned matrix is exactly symmetric (the mean of ``P`` and
    its transpose). The diagonal is *ignored* (set to exactly 0, whatever it holds, even NaN or
    blank): the paper's energy and frustration sum over ``j != i`` only (``d_ii = 0``), so a
    self-propensity never enters the model, and matrices built by a formula over all pairs (a
    positive "same religion with itself" diagonal) or read with an empty diagonal are accepted as
    they are. Names default to ``"A0", "A1", ...`` and must be unique, non-empty strings. The
    arrays returned are new ones: changing the caller's afterwards changes nothing here.

    Raises
    ------
    AlignError
        On any violation, naming the offending field and entry.
    """
    try:
        # a copy (as the propensities are): the caller's float array was kept as it was, so
        # editing it after the landscape was made changed the sizes under the weights computed
        # from them (E no longer sum_i s_i F_i)
        s = np.array(sizes, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise AlignError(f"sizes are not numbers ({exc})", field="sizes") from None
    if s.ndim != 1:
        raise AlignError(f"sizes must be a vector, got shape {s.shape}", field="sizes")
    n = s.shape[0]
    if n < 1:
        raise AlignError("at least one actor is needed", field="sizes")
    check_actor_count(n)
    if names is None:
        label = [f"A{i}" for i in range(n)]
    else:
        label = [str(x) for x in names]
        if len(label) != n:
            raise AlignError(f"{len(label)} names for {n} actors", field="names")
        if any(not x.strip() for x in label):
            raise AlignError("names must be non-empty", field="names")
        if len(set(label)) != n:
            dup = sorted({x for x in label if label.count(x) > 1})
            raise AlignError(f"duplicate names: {dup}", field="names")

    def who(i: int) -> str:
        """Actor ``i`` as the error names it: its name where names were given."""
        return f"actor {i}" if names is None else f"actor {i} ({label[i]})"

    def between(i: int, j: int) -> str:
        """The pair ``(i, j)`` by name, where names were given (nothing otherwise)."""
        return "" if names is None else f" ({label[i]}-{label[j]})"

    if not np.all(np.isfinite(s)):
        i = int(np.flatnonzero(~np.isfinite(s))[0])
        raise AlignError(f"size of {who(i)} is not finite ({s[i]})", field="sizes")
    if np.any(s <= 0):
        i = int(np.flatnonzero(s <= 0)[0])
        raise AlignError(f"size of {who(i)} must be > 0, got {s[i]}", field="sizes")
    try:
        p = np.array(propensity, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise AlignError(f"propensities are not numbers ({exc})", field="propensity") from None
    if p.ndim != 2 or p.shape[0] != p.shape[1]:
        raise AlignError(
            f"propensity matrix must be square, got shape {p.shape}", field="propensity"
        )
    if p.shape[0] != n:
        raise AlignError(
            f"propensity matrix is {p.shape[0]}x{p.shape[1]} but there are {n} sizes",
            field="propensity",
        )
    # d_ii = 0: the diagonal never enters E or F (sums over j != i), so it is ignored
    np.fill_diagonal(p, 0.0)
    if not np.all(np.isfinite(p)):
        i, j = (int(v) for v in np.argwhere(~np.isfinite(p))[0])
        raise AlignError(
            f"propensity [{i}, {j}]{between(i, j)} is not finite ({p[i, j]})", field="propensity"
        )
    if np.any(np.abs(p) > PROPENSITY_MAX):
        i, j = (int(v) for v in np.argwhere(np.abs(p) > PROPENSITY_MAX)[0])
        raise AlignError(
            f"propensity [{i}, {j}]{between(i, j)} is {p[i, j]:g}; propensities must lie within "
            f"±{PROPENSITY_MAX:g} (only their ratios matter: rescale them)",
            field="propensity",
        )
    scale = float(np.max(np.abs(p))) if p.size else 0.0
    tol = SYMMETRY_RTOL * scale
    asym = np.abs(p - p.T)
    if np.any(asym > tol):
        i, j = (int(v) for v in np.argwhere(asym > tol)[0])
        raise AlignError(
            f"propensity matrix is not symmetric: p[{i},{j}] = {p[i, j]} but p[{j},{i}] = {p[j, i]}"
            f"{between(i, j)}",
            field="propensity",
        )
    p = 0.5 * (p + p.T)
    _check_magnitudes(s, p, label)
    return s, p, label


#: Most actors a landscape may have (the propensity matrix alone is 8 n^2 bytes: 32 MB at 2,000).
MAX_ACTORS = 2000
#: Largest total ``sum_ij s_i s_j |p_ij|`` accepted: every energy then stays far from overflow.
ENERGY_LIMIT = 1e300
#: Sizes are accepted in ``[SIZE_MIN, SIZE_MAX]`` (only their ratios matter: rescale if needed).
SIZE_MIN, SIZE_MAX = 1e-150, 1e150
#: Largest accepted ``|p_ij|``: the symmetry check and the energy then cannot overflow.
PROPENSITY_MAX = 1e150


def check_actor_count(n: int) -> None:
    """Refuse more than :data:`MAX_ACTORS` actors before any n x n array is made."""
    if n > MAX_ACTORS:
        raise AlignError(
            f"{n:,} actors: a landscape may have at most {MAX_ACTORS:,} (its matrices grow as "
            "the square of the number of actors)",
            field="actor",
        )


def size_out_of_range(name: str, size: float) -> str | None:
    """Why ``size`` (of the actor ``name``) is refused: outside ``[SIZE_MIN, SIZE_MAX]``;
    None when it is inside. One wording for the library and the file readers."""
    if SIZE_MIN <= size <= SIZE_MAX:
        return None
    return (
        f"size of {name} is {size:g}; sizes must lie between {SIZE_MIN:g} and {SIZE_MAX:g} "
        "(only their ratios matter: rescale them, e.g. as shares)"
    )


def _check_magnitudes(s: NDArray[np.float64], p: NDArray[np.float64], names: list[str]) -> None:
    """Refuse sizes and propensities whose products would overflow (or underflow to zero) in
    the energy, instead of reporting ``E = nan``, naming the actor (``names``) whose size is
    out of range. Only ratios of sizes matter (the global minimum is unchanged by a common
    factor), so the remedy is to rescale."""
    lo, hi = float(s.min()), float(s.max())
    if lo < SIZE_MIN or hi > SIZE_MAX:
        i = int(np.argmin(s) if lo < SIZE_MIN else np.argmax(s))
        raise AlignError(size_out_of_range(names[i], float(s[i])) or "", field="sizes")
    big = float(np.max(np.abs(p))) if p.size else 0.0
    with np.errstate(over="ignore", invalid="ignore"):
        total = float(np.sum(np.abs(np.outer(s, s) * p)))
    if not np.isfinite(total) or total > ENERGY_LIMIT:
        raise AlignError(
            f"sizes and propensities are too large: the energy would overflow (largest size "
            f"{hi:g}, largest |propensity| {big:g}); rescale the sizes (only their ratios matter)",
            field="sizes",
        )


def weights(sizes: NDArray[np.float64], propensity: NDArray[np.float64]) -> NDArray[np.float64]:
    """The pair weights ``w_ij = s_i s_j p_ij`` (zero diagonal), C-contiguous.

    With these, ``E(X) = sum_{i != j} w_ij d_ij(X)`` [axelrod1993, n. 2].
    """
    w = np.ascontiguousarray(np.outer(sizes, sizes) * propensity)
    np.fill_diagonal(w, 0.0)
    return w


def tie_tolerance(w: NDArray[np.float64]) -> float:
    """Absolute tolerance on an energy change: :data:`TIE_RTOL` x ``max_i sum_j |w_ij|``.

    Energy changes of one move are bounded by ``2 max_i sum_j |w_ij|``; changes that differ by
    less than this tolerance are ties, and a change above ``-tolerance`` is not a descent.
    """
    if w.size == 0:
        return 0.0
    return TIE_RTOL * float(np.max(np.sum(np.abs(w), axis=1)))


def normalize(config: ArrayLike) -> NDArray[np.int64]:
    """Relabel a configuration so that labels appear in order of first use (actor 0 gets 0).

    Any hashable labels are accepted (``[5, 5, 2]`` and ``["b", "b", "a"]`` both give
    ``[0, 0, 1]``); a single value (``3``, a dict, an object: one label, ``[0]``, or a bare
    'unhashable type'), an array of more than one dimension (``[[0, 1], [1, 0]]`` was read as
    four actors), an unhashable label or a missing one (NaN: each NaN was a coalition of its
    own, NaN != NaN) is an :class:`~anpo.errors.AlignError` naming ``config``.

    >>> normalize(["b", "b", "a"]).tolist()
    [0, 0, 1]
    """
    # a list as objects: a ragged one ([[1], [2, 3]]) was numpy's 'inhomogeneous shape'
    arr = np.asarray(config, dtype=object if isinstance(config, (list, tuple)) else None)
    if arr.ndim == 0:
        raise AlignError(
            f"a configuration is a sequence of labels, one per actor, got {config!r}",
            field="config",
        )
    if arr.ndim != 1:  # review12 F-K: a 2 x 2 array was flattened into 4 actors
        raise AlignError(
            f"a configuration is one label per actor (one dimension), got shape {arr.shape}",
            field="config",
        )
    raw = list(arr.tolist())
    mapping: dict[Any, int] = {}
    out = np.empty(len(raw), dtype=np.int64)
    for i, lab in enumerate(raw):
        if isinstance(lab, (float, np.floating)) and math.isnan(lab):
            raise AlignError(f"actor {i} has no label (NaN)", field="config")
        try:
            if lab not in mapping:
                mapping[lab] = len(mapping)
        except TypeError:
            raise AlignError(
                f"a label must be a number or a name, got {lab!r} (actor {i})", field="config"
            ) from None
        out[i] = mapping[lab]
    return out


def config_labels(config: ArrayLike, n: int) -> NDArray[np.int64]:
    """A configuration (the coalition label of each of the ``n`` actors) as int64 labels; an
    :class:`~anpo.errors.AlignError` naming ``config`` when it has another shape or labels that
    are not whole numbers ([axelrod1993]'s configurations)."""
    arr = np.asarray(config)
    if arr.ndim != 1 or arr.shape[0] != n:
        raise AlignError(f"a configuration needs {n} labels, got shape {arr.shape}", field="config")
    if arr.dtype.kind not in "iub":
        if arr.dtype.kind == "f" and np.all(np.isfinite(arr)) and np.all(arr == np.round(arr)):
            arr = arr.astype(np.int64)
        else:
            raise AlignError("configuration labels must be integers", field="config")
    return arr.astype(np.int64)


def distance_matrix(
    config: ArrayLike, n: int, coalition_distance: ArrayLike | None = None
) -> NDArray[np.float64]:
    """Pairwise distances ``d_ij(X)``: 0 together, 1 apart, or ``D[a_i, a_j]`` if given.

    ``coalition_distance`` is the hook for the paper's general distances [axelrod1993,
    p. 215: e.g. hierarchical coalitions, where two sub-coalitions of one bloc are nearer than two
    blocs]: a symmetric, non-negative matrix ``D`` between coalition labels with a zero diagonal.
    With ``D`` the labels are used as given (not normalised), since ``D`` may break the symmetry
    between coalitions.
    """
    a = config_labels(config, n)
    if coalition_distance is None:
        return (a[:, None] != a[None, :]).astype(np.float64)
    dmat = np.asarray(coalition_distance, dtype=np.float64)
    if dmat.ndim != 2 or dmat.shape[0] != dmat.shape[1]:
        raise AlignError("coalition distance must be a square matrix", field="coalition_distance")
    if np.any(a < 0) or np.any(a >= dmat.shape[0]):
        raise AlignError(
            f"labels must lie in 0..{dmat.shape[0] - 1} for this coalition distance",
            field="config",
        )
    if (
        not np.all(np.isfinite(dmat))
        or np.any(dmat < 0)
        or np.any(np.diag(dmat) != 0)
        or not np.allclose(dmat, dmat.T, rtol=0, atol=0)
    ):
        raise AlignError(
            "coalition distance must be finite, non-negative, symmetric, zero on the diagonal",
            field="coalition_distance",
        )
    return dmat[a[:, None], a[None, :]]


def energy(
    w: NDArray[np.float64], config: ArrayLike, coalition_distance: ArrayLike | None = None
) -> float:
    """Energy ``E(X) = sum_{i != j} w_ij d_ij(X)`` over ordered pairs, with ``w_ij = s_i s_j p_ij``.

    [axelrod1993], n. 2. Summed with :func:`math.fsum` (exactly rounded), so
    the result does not depend on the order of the actors.
    """
    wa = _pair_matrix(w, "w")
    d = distance_matrix(config, wa.shape[0], coalition_distance)
    prod = wa * d
    np.fill_diagonal(prod, 0.0)  # i != j: a NaN self-weight (a blank diagonal) was a NaN energy
    return math.fsum(prod.ravel().tolist())


def frustration(
    sizes: NDArray[np.float64],
    propensity: NDArray[np.float64],
    config: ArrayLike,
    coalition_distance: ArrayLike | None = None,
) -> NDArray[np.float64]:
    """Frustration of each actor, ``F_i(X) = sum_j s_j p_ij d_ij(X)``.

    [axelrod1993], n. 2; ``E = sum_i s_i F_i``.
    """
    try:
        # a copy (as the propensities are): the caller's float array was kept as it was, so
        # editing it after the landscape was made changed the sizes under the weights computed
        # from them (E no longer sum_i s_i F_i)
        s = np.array(sizes, dtype=np.float64)
    except (TypeError, ValueError):
        raise AlignError(f"sizes are not numbers: {sizes!r}", field="sizes") from None
    if s.ndim != 1 or not np.all(np.isfinite(s)):
        raise AlignError(f"sizes must be a vector of finite numbers, got {sizes!r}", field="sizes")
    p = _pair_matrix(propensity, "propensity")
    if p.shape[0] != s.shape[0]:
        raise AlignError(
            f"propensity matrix is {p.shape[0]}x{p.shape[1]} but there are {s.shape[0]} sizes",
            field="propensity",
        )
    d = distance_matrix(config, s.shape[0], coalition_distance)
    pd_ = p * d
    np.fill_diagonal(pd_, 0.0)  # j != i: a NaN self-propensity made every F_i NaN
    return np.asarray(pd_ @ s, dtype=np.float64)


def _pair_matrix(m: ArrayLike, field: str) -> NDArray[np.float64]:
    """``m`` as a square float matrix, finite off the diagonal (the diagonal never enters E or
    F and may hold anything, as :func:`validate_inputs` allows); else :class:`AlignError`
    naming ``field`` (a list was 'has no attribute shape', a NaN gave a NaN result)."""
    try:
        a = np.asarray(m, dtype=np.float64)
    except (TypeError, ValueError):
        raise AlignError(f"{field} is not a matrix of numbers", field=field) from None
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise AlignError(f"{field} must be a square matrix, got shape {a.shape}", field=field)
    off = ~np.eye(a.shape[0], dtype=bool)
    if not np.all(np.isfinite(a[off])):
        i, j = (int(v) for v in np.argwhere(off & ~np.isfinite(a))[0])
        raise AlignError(f"{field} [{i}, {j}] is not finite ({a[i, j]})", field=field)
    return a


def check_time_limit(time_limit: float | None) -> None:
    """A time budget is a positive, finite number of seconds (None: the default); anything
    else is an :class:`~anpo.errors.AlignError` naming ``time_limit``: text ("1" was a raw
    TypeError from ``math.isfinite``) and a bool (True was taken as one second) too. One check
    for :class:`~anpo.align.landscape.Landscape`'s solvers and
    :func:`anpo.align.heuristics.heuristic`.

    >>> check_time_limit("1")
    Traceback (most recent call last):
    ...
    anpo.errors.AlignError: time_limit: must be a positive number of seconds, got '1'
    """
    if time_limit is None:
        return
    try:
        if isinstance(time_limit, (bool, np.bool_, str, bytes)):
            raise TypeError
        good = math.isfinite(time_limit) and time_limit > 0
    except TypeError:
        good = False
    if not good:
        raise AlignError(
            f"must be a positive number of seconds, got {time_limit!r}", field="time_limit"
        )


def check_weights(w: ArrayLike, tol: float) -> tuple[NDArray[np.float64], float]:
    """The arguments every solver on raw weights takes, checked: ``w`` (the weights
    ``s_i s_j p_ij`` of :func:`weights`) as a contiguous float square matrix, finite off the
    diagonal and symmetric to :data:`SYMMETRY_RTOL` of its largest absolute entry (as
    :func:`validate_inputs` checks the propensities; the diagonal is ignored, as there: a copy
    with a zero diagonal is returned, where the kernels had added ``w_ii`` into each move's
    energy change), and ``tol`` (the tie tolerance, :func:`tie_tolerance`) as a finite float
    ``>= 0``; else an :class:`AlignError` naming ``w`` or ``tol``.

    One check for :func:`anpo.align.enum2.enumerate_two`, :func:`anpo.align.enum2.descend`,
    :func:`anpo.align.enumk.enumerate_k`, :func:`anpo.align.enumk.descend_k`,
    :func:`anpo.align.exact.branch_and_bound_two`, :func:`anpo.align.exact.branch_and_bound_k`,
    :func:`anpo.align.exact.mip_two` and :func:`anpo.align.heuristics.heuristic`: a vector was a numba typing error, a 3 x 2
    matrix, a NaN weight or an asymmetric matrix (the energy of [axelrod1993, n. 2] sums
    ``w_ij`` over ordered pairs, so ``w`` is symmetric) a quiet answer, and a NaN or negative
    ``tol`` made no move a descent (every configuration a "local minimum").
    """
    try:
        a = np.ascontiguousarray(w, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise AlignError(f"must be a square matrix of numbers ({exc})", field="w") from None
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise AlignError(f"must be a square matrix, got shape {a.shape}", field="w")
    if np.any(np.diag(a) != 0):
        # the diagonal never enters E (sums over j != i), as validate_inputs ignores the
        # propensities' one; the kernels add w_ii into a move's change, so it is zeroed on a
        # copy (the caller's array is never written)
        a = a.copy()
        np.fill_diagonal(a, 0.0)
    if not np.all(np.isfinite(a)):
        i, j = (int(v) for v in np.argwhere(~np.isfinite(a))[0])
        raise AlignError(f"[{i}, {j}] is not finite ({a[i, j]})", field="w")
    asym = np.abs(a - a.T)
    scale = float(np.max(np.abs(a))) if a.size else 0.0
    if np.any(asym > SYMMETRY_RTOL * scale):
        i, j = (int(v) for v in np.argwhere(asym > SYMMETRY_RTOL * scale)[0])
        raise AlignError(
            f"is not symmetric: w[{i},{j}] = {a[i, j]} but w[{j},{i}] = {a[j, i]}", field="w"
        )
    if isinstance(tol, np.ndarray) and tol.ndim == 0:
        tol = tol.item()
    if isinstance(tol, (bool, np.bool_)) or not isinstance(
        tol, (int, float, np.integer, np.floating)
    ):
        raise AlignError(f"must be a number (a tie tolerance), got {tol!r}", field="tol")
    t = float(tol)
    if not (math.isfinite(t) and t >= 0):
        raise AlignError(
            f"must be a finite number >= 0 (a tie tolerance), got {tol!r}", field="tol"
        )
    return a, t


def bits_to_config(x: int, n: int) -> NDArray[np.int64]:
    """Two-coalition configuration from its index (bit ``i-1`` of ``x`` is the side of actor i)."""
    out = np.zeros(n, dtype=np.int64)
    for i in range(1, n):
        out[i] = (x >> (i - 1)) & 1
    return out


def config_to_bits(config: ArrayLike) -> int:
    """Index of a two-coalition configuration (inverse of :func:`bits_to_config`)."""
    a = normalize(config)
    if a.max(initial=0) > 1:
        raise AlignError("not a two-coalition configuration", field="config")
    x = 0
    for i in range(1, a.shape[0]):
        if a[i]:
            x |= 1 << (i - 1)
    return x
