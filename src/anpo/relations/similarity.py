"""Similarity of foreign-policy portfolios: S, Kendall's tau-b, Cohen's kappa, Scott's pi and the
chance-corrected alignment index, for two vectors and for all dyads of a year at once.

Sources
-------
- [signorino1999], "Tau-b or Not Tau-b: Measuring the Similarity of Foreign Policy
  Positions", *International Studies Quarterly* 43(1): 115-144, eq. for S:
  ``S = 1 - 2 * sum_k w_k d(x_k, y_k) / (sum_k w_k * dmax)`` with ``d = |x - y|`` (absolute) or
  ``(x - y)^2`` (squared; then ``dmax`` is squared as well); unweighted: ``w_k = 1``; weighted:
  ``w_k`` = state k's share of system capabilities. Table 6 (Germany vs Russia, 1914) gives the
  reference values used in the tests.
- [buenodemesquita1975], "Measuring Systemic Polarity", *Journal of Conflict Resolution*
  19(2): 187-216: Kendall's tau-b of the alliance portfolios ([kendall1945], "The treatment of
  ties in ranking problems", *Biometrika* 33(3): 239-251).
- [hage2011], "Choice or Circumstance? Adjusting Measures of Foreign Policy Similarity for
  Chance Agreement", *Political Analysis* 19(3): 287-305: Cohen's kappa and Scott's pi as
  ``1 - D_o / D_e`` with observed disagreement ``D_o`` (mean distance of paired values) and the
  disagreement expected by chance ``D_e``: from the two marginal distributions (kappa; [cohen1968]) or from their pooled distribution (pi; [scott1955]). Kappa uses squared (quadratic) disagreement
  weights by default, as Häge does for valued ties: kappa = 2 s_xy / (s_x^2 + s_y^2 +
  (m_x - m_y)^2). Scott's pi is by default Scott's nominal coefficient (agreement on the same
  category, chance from the pooled category shares), as in the R package fpsim (Miller); the
  quadratic variant of Häge's valued data is ``scott_pi(x, y, weights="quadratic")``.
- Alignment index: S (absolute, unweighted) minus its expectation when the two states choose
  independently with their observed marginals (Benati & Capurri, "The Alignment index and its
  application to voting at the United Nations General Assembly", *Quality & Quantity*, 2026).

The matrix forms compute a measure for every pair of rows of a portfolio matrix with array
operations (pairwise distances with BLAS-backed products; contingency tables of discrete
levels as products of indicator matrices), which is how the all-dyad-years table is built.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from anpo._checks import name_list
from anpo.errors import InputError

#: the similarity measures work on float64 arrays
FloatArray = NDArray[np.float64]

__all__ = [
    "DEFAULT_MEASURES",
    "MEASURES",
    "alignment_index",
    "cohen_kappa",
    "scott_pi",
    "s_score",
    "similarity_matrices",
    "similarity_matrix",
    "tau_b",
]

Distance = Literal["absolute", "squared"]
Agreement = Literal["quadratic", "linear", "nominal"] | None

#: The measures computed unless others are asked (:func:`similarity_matrices`, the dyad-year
#: table, ``anpo similarity``).
DEFAULT_MEASURES = (
    "s_abs",
    "s_sq",
    "s_wabs",
    "s_wsq",
    "tau_b",
    "kappa",
    "pi",
    "alignment",
)

#: Measures available in :func:`similarity_matrices` and the dyad-year table: the defaults and
#: ``pi_sq``, Scott's pi with quadratic disagreement weights as [hage2011] defines it for valued
#: ties (``scott_pi(x, y, weights="quadratic")``), beside the default nominal ``pi`` (fpsim's).
MEASURES = (*DEFAULT_MEASURES, "pi_sq")


# --------------------------------------------------------------------------- validation


def _finite_or_missing(name: str, values: FloatArray) -> None:
    """Refuse an infinite value: NaN is a missing value (its pair is dropped), an infinity is no
    tie value or weight (S, kappa and the alignment index were NaN, tau-b and pi a number)."""
    if np.isinf(values).any():
        raise InputError(f"{name} must be finite (NaN marks a missing value)", field=name)


def _vector(name: str, values: FloatArray) -> None:
    """An :class:`InputError` naming ``name`` unless ``values`` is one vector (or a number)."""
    if values.ndim > 1:
        raise InputError(
            f"must be one vector (one value per state), got an array of shape {values.shape}",
            field=name,
        )


def _pair(x: ArrayLike, y: ArrayLike, w: ArrayLike | None = None) -> tuple[FloatArray, ...]:
    """Float arrays of equal length with incomplete cases (NaN in any) dropped. A table (an
    array of 2 or more dimensions) is an :class:`InputError`: it was flattened, row after row,
    into one portfolio (audit30), and so is ``None`` for ``x`` or ``y`` (``s_score(None, None)``
    was NaN, as for two portfolios without a complete pair)."""
    for name, given in (("x", x), ("y", y)):
        if given is None:
            raise InputError("must be a portfolio (a vector of numbers), got None", field=name)
    try:
        xa = np.asarray(x, dtype="float64")
        ya = np.asarray(y, dtype="float64")
    except (TypeError, ValueError):
        raise InputError("portfolios must be numeric vectors", field="x") from None
    for name, arr in (("x", xa), ("y", ya)):
        _vector(name, arr)
    xa, ya = xa.ravel(), ya.ravel()
    if xa.shape != ya.shape:
        raise InputError(f"x and y differ in length ({xa.size} vs {ya.size})", field="y")
    _finite_or_missing("x", xa)
    _finite_or_missing("y", ya)
    keep = ~(np.isnan(xa) | np.isnan(ya))
    if w is not None:
        try:
            wa = np.asarray(w, dtype="float64")
        except (TypeError, ValueError):
            raise InputError("weights must be numeric", field="weights") from None
        _vector("weights", wa)
        wa = wa.ravel()
        if wa.shape != xa.shape:
            raise InputError("weights must have the length of x and y", field="weights")
        _finite_or_missing("weights", wa)
        keep &= ~np.isnan(wa)
        if (wa[keep] < 0).any():
            raise InputError("weights must be non-negative", field="weights")
        return xa[keep], ya[keep], wa[keep]
    return xa[keep], ya[keep]


def _dmax(x: FloatArray, y: FloatArray, dmax: float | None) -> float:
    """The largest possible distance: ``dmax``, or the range of the values of x and y together.

    A given ``dmax`` below that range is an :class:`InputError`: a distance larger than the
    "largest possible" one put S below -1 (S = -3 with ``dmax=1`` for values 0-3) and the
    alignment index outside its range."""
    both = np.concatenate([x, y])
    seen = float(both.max() - both.min()) if both.size else 0.0
    if dmax is None:
        return seen
    try:
        one = np.ndim(dmax) == 0 and not isinstance(dmax, (str, bytes))
        value = float(dmax) if one else math.nan
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise InputError(f"dmax must be a positive number, got {dmax!r}", field="dmax")
    if value < seen:
        raise InputError(
            f"dmax {value:g} is below the range of the values ({seen:g}): dmax is the largest "
            "possible distance between two values, so S would leave [-1, 1]",
            field="dmax",
        )
    return value


def _power(agreement: Agreement) -> int | None:
    if agreement == "quadratic":
        return 2
    if agreement == "linear":
        return 1
    if agreement in (None, "nominal"):
        return None
    raise InputError("weights must be 'quadratic', 'linear' or 'nominal' (None)", field="weights")


# --------------------------------------------------------------------------- scalar forms


# dup-ok: a signature alike only in shape to others (arrays and options).
def s_score(
    x: ArrayLike,
    y: ArrayLike,
    weights: ArrayLike | None = None,
    distance: Distance = "absolute",
    dmax: float | None = None,
) -> float:
    """Signorino & Ritter's S between two portfolios (1 identical .. -1 opposite).

    ``S = 1 - 2 * sum_k w_k d_k / (sum_k w_k * D)``, ``d_k = |x_k - y_k|`` and ``D = dmax``
    (absolute) or ``d_k = (x_k - y_k)^2`` and ``D = dmax^2`` (squared). ``weights``: e.g. the
    capability shares of the states k (weighted S); None for ``w_k = 1``. ``dmax`` defaults to the
    range of the values seen in x and y together. Pairs with a missing value are dropped.
    Weights need not sum to 1 (CINC totals do not). Conventions as ``srs()`` in the R package
    fpsim (Miller), except that fpsim ignores weights with squared distances while here they
    apply to both. Source: [signorino1999].
    """
    if distance not in ("absolute", "squared"):
        raise InputError("distance must be 'absolute' or 'squared'", field="distance")
    if weights is None:
        xa, ya = _pair(x, y)
        wa = np.ones_like(xa)
    else:
        xa, ya, wa = _pair(x, y, weights)
    if xa.size == 0:
        return float("nan")
    span = _dmax(xa, ya, dmax)
    wsum = float(wa.sum())
    if wsum <= 0:
        raise InputError("the weights sum to zero", field="weights")
    diff = np.abs(xa - ya)
    if distance == "squared":
        diff = diff**2
        span = span**2
    if span == 0:
        return 1.0  # every value equal: identical portfolios
    return float(1.0 - 2.0 * float(np.dot(wa, diff)) / (wsum * span))


def tau_b(x: ArrayLike, y: ArrayLike) -> float:
    """Kendall's tau-b between two portfolios (ties corrected); NaN if either is constant.

    ``tau_b = (C - D) / sqrt((n0 - T_x)(n0 - T_y))`` with C, D the concordant and discordant
    pairs, ``n0 = n(n-1)/2`` and T the pairs tied in x (in y). Sources: [kendall1945];
    [buenodemesquita1975]. Pairs with a missing value (NaN in x or y) are dropped first; NaN
    when fewer than two complete pairs remain. The package's one pair-by-pair tau-b:
    :func:`anpo.burden.stats.kendall_tau_b` calls it (returning NaN for any gap instead).
    """
    xa, ya = _pair(x, y)
    n = xa.size
    if n < 2:
        return float("nan")
    # O(n log n) via ranks: C - D = sum over pairs of sign(dx) * sign(dy)
    order = np.lexsort((ya, xa))
    xs, ys = xa[order], ya[order]
    n0 = n * (n - 1) / 2
    tx = _tied_pairs(xs)
    ty = _tied_pairs(np.sort(ys))
    txy = _tied_pairs_joint(xs, ys)
    # discordant pairs = inversions of y after sorting by (x, y)
    disc = _inversions(ys)
    conc = n0 - tx - ty + txy - disc
    denom = np.sqrt((n0 - tx) * (n0 - ty))
    if denom == 0:
        return float("nan")
    return float((conc - disc) / denom)


def _tied_pairs(sorted_values: FloatArray) -> float:
    _, counts = np.unique(sorted_values, return_counts=True)
    return float((counts * (counts - 1) / 2).sum())


def _tied_pairs_joint(xs: FloatArray, ys: FloatArray) -> float:
    _, counts = np.unique(np.stack([xs, ys], axis=1), axis=0, return_counts=True)
    return float((counts * (counts - 1) / 2).sum())


def _inversions(values: FloatArray) -> float:
    """Number of pairs i < j with values[i] > values[j] (strict), by merge sort."""
    a = list(values)

    def sort(lo: int, hi: int) -> int:
        if hi - lo < 2:
            return 0
        mid = (lo + hi) // 2
        inv = sort(lo, mid) + sort(mid, hi)
        left, right = a[lo:mid], a[mid:hi]
        i = j = 0
        k = lo
        while i < len(left) and j < len(right):
            if left[i] <= right[j]:
                a[k] = left[i]
                i += 1
            else:
                a[k] = right[j]
                inv += len(left) - i
                j += 1
            k += 1
        a[k : k + len(left) - i] = left[i:]
        k += len(left) - i
        a[k : k + len(right) - j] = right[j:]
        return inv

    return float(sort(0, len(a)))


def _mean_pair_distance(a: FloatArray, b: FloatArray, power: int | None) -> float:
    """Mean over all (i, j) of d(a_i, b_j): |.|^power, or 1[a_i != b_j] when power is None."""
    if power == 2:  # moments after a common shift: no cancellation for x + 1e6 codings
        shift = min(float(a.min()), float(b.min()))
        a0, b0 = a - shift, b - shift
        return float(a0.var() + b0.var() + (a0.mean() - b0.mean()) ** 2)
    if power is None:
        va, ca = np.unique(a, return_counts=True)
        vb, cb = np.unique(b, return_counts=True)
        common = np.intersect1d(va, vb)
        pa = ca[np.isin(va, common)] / a.size
        pb = cb[np.isin(vb, common)] / b.size
        return float(1.0 - np.dot(pa, pb))
    # power 1: mean |a_i - b_j| from the sorted b and its prefix sums, after the same common
    # shift (the differences are unchanged): a*k - prefix[k] of x + 1e6 codings cancelled
    # their leading digits (kappa off by 1e-11), as the vectorised path's centred values do not
    shift = min(float(a.min()), float(b.min()))
    a, b = a - shift, b - shift
    bs = np.sort(b)
    prefix = np.concatenate([[0.0], np.cumsum(bs)])
    k = np.searchsorted(bs, a, side="right")
    below = a * k - prefix[k]
    above = (prefix[-1] - prefix[k]) - a * (b.size - k)
    return float((below + above).sum() / (a.size * b.size))


def _chance_tolerance(size: FloatArray | float, m: int, power: int | None) -> FloatArray | float:
    """Chance disagreement at or below this is zero (a constant coding seen through rounding).

    A constant portfolio's mean is exact only up to rounding, ``~ m * eps * |x|``, so its
    variance (or mean distance) is zero only to ``(m * eps * |x|)^power``: relative to the
    values' size ``size = max |x|``, so a rescaled coding (``x * 1e-7``) keeps its genuine
    variance and a shifted one (``x + 1e6``) does not turn rounding into a variance. Nominal
    weights count categories exactly (tolerance 0)."""
    if power is None:
        return 0.0
    return (max(m, 1) * np.finfo(np.float64).eps * np.asarray(size, dtype="float64")) ** power


def _observed(x: FloatArray, y: FloatArray, power: int | None) -> float:
    if power is None:
        return float(np.mean(x != y))
    return float(np.mean(np.abs(x - y) ** power))


def cohen_kappa(x: ArrayLike, y: ArrayLike, weights: Agreement = "quadratic") -> float:
    """Cohen's kappa: ``1 - D_o / D_e`` with ``D_e`` from the two marginal distributions.

    ``weights``: disagreement weights ``(x - y)^2`` ("quadratic", Häge's choice for valued
    ties), ``|x - y|`` ("linear") or ``1[x != y]`` ("nominal" / None; [cohen1960]). NaN when
    chance disagreement is zero (both portfolios constant and equal; zero up to rounding
    relative to the values' size, so the result does not depend on the coding's units).
    Sources: [cohen1968]; [hage2011].
    """
    power = _power(weights)
    xa, ya = _pair(x, y)
    if xa.size == 0:
        return float("nan")
    de = _mean_pair_distance(xa, ya, power)
    size = max(float(np.abs(xa).max()), float(np.abs(ya).max()))
    if de <= _chance_tolerance(size, xa.size, power):
        return float("nan")
    return 1.0 - _observed(xa, ya, power) / de


def scott_pi(x: ArrayLike, y: ArrayLike, weights: Agreement = None) -> float:
    """Scott's pi: ``1 - D_o / D_e`` with ``D_e`` from the pooled distribution of x and y.

    Default (``weights=None``, "nominal"): Scott's [scott1955] coefficient ``(p_o - p_e) / (1 - p_e)``
    with ``p_o`` the share of partners both put in the same category and ``p_e = sum_c p_c^2``
    over the pooled category shares; this is ``spi()`` of the R package fpsim (Miller), the
    tool users compare against. ``weights="quadratic"`` weights disagreement by ``(x - y)^2``
    as [hage2011] does for valued ties: ``pi = 1 - mean((x - y)^2) / (2 var(x ∪ y))``;
    "linear" by ``|x - y|``. NaN when chance disagreement is zero (up to rounding relative to
    the values' size).
    Sources: [scott1955]; [hage2011].
    """
    power = _power(weights)
    xa, ya = _pair(x, y)
    if xa.size == 0:
        return float("nan")
    z = np.concatenate([xa, ya])
    de = _mean_pair_distance(z, z, power)
    if de <= _chance_tolerance(float(np.abs(z).max()), xa.size, power):
        return float("nan")
    return 1.0 - _observed(xa, ya, power) / de


def alignment_index(x: ArrayLike, y: ArrayLike, dmax: float | None = None) -> float:
    """Alignment index: S (absolute, unweighted) minus its expectation under independence.

    ``A = S - E[S] = 2 (E|x_i - y_j| - mean|x_k - y_k|) / dmax``, where the expectation pairs
    every value of x with every value of y (independent choices with the observed marginals).
    Positive: more similar than chance; negative: less. Source: [benati2026],
    *Quality & Quantity*; chance correction as in [hage2011].
    """
    xa, ya = _pair(x, y)
    if xa.size == 0:
        return float("nan")
    span = _dmax(xa, ya, dmax)
    if span == 0:
        return 0.0
    observed = _observed(xa, ya, 1)
    expected = _mean_pair_distance(xa, ya, 1)
    return 2.0 * (expected - observed) / span


# --------------------------------------------------------------------------- matrix form


def similarity_matrix(
    portfolios: ArrayLike,
    measure: str = "s_abs",
    weights: ArrayLike | None = None,
    dmax: float | None = None,
) -> FloatArray:
    """A measure for every pair of rows of ``portfolios`` (n states x m partners): n x n matrix.

    Equals the scalar function applied to each pair (rows i and j as x and y). ``measure``: one
    of :data:`MEASURES` (``s_wabs``/``s_wsq`` need ``weights`` over the m columns; the other
    measures take none, and refuse them: an :class:`~anpo.errors.InputError` naming
    ``weights``, since they would be ignored, and ``weights="linear"`` is no kappa's agreement
    weighting here: ``kappa`` and ``pi_sq`` are quadratic, ``pi`` nominal). ``dmax``
    defaults per pair to the range of the two rows' values, as in :func:`s_score`. Portfolios
    must be complete (no NaN); tau-b, kappa, pi and the alignment index treat the distinct
    values as ordered levels (at most 64). Sources: the scalar forms' ([signorino1999];
    [kendall1945]; [cohen1968]; [scott1955]; [hage2011]; [benati2026]).
    """
    if weights is not None and measure in MEASURES and not measure.startswith("s_w"):
        # they were ignored: similarity_matrix(p, "kappa", weights="linear") was quadratic kappa
        raise InputError(
            f"the measure {measure!r} takes no weights (only s_wabs and s_wsq weigh the "
            "partners); leave weights out",
            field="weights",
        )
    return similarity_matrices(portfolios, (measure,), weights=weights, dmax=dmax)[measure]


def similarity_matrices(
    portfolios: ArrayLike,
    measures: Sequence[str] = DEFAULT_MEASURES,
    weights: ArrayLike | None = None,
    dmax: float | None = None,
) -> dict[str, FloatArray]:
    """Several measures for every pair of rows at once (shared work done once).

    Everything is built from matrix products: squared distances from ``P W P^T``; absolute
    distances of discrete values from one product of threshold indicators per level step;
    chance disagreement from the row moments or level counts; tau-b from the pairwise
    contingency tables ``N[a, b, i, j]`` (how many partners row i puts at level a and row j at
    level b), products of level-indicator matrices. See :func:`similarity_matrix` for the
    arguments. Sources: as the scalar forms ([signorino1999]; [kendall1945]; [cohen1968];
    [scott1955]; [hage2011]; [benati2026]). ``measures`` is a list of names: one name given
    as text is an :class:`~anpo.errors.InputError` naming ``measures`` (it was iterated letter
    by letter: "unknown measure 's'").
    """
    measures = name_list(measures, "measures", "s_abs")
    try:
        p = np.asarray(portfolios, dtype="float64")
    except (TypeError, ValueError):  # text was numpy's bare 'could not convert'
        raise InputError("portfolios must be numbers", field="portfolios") from None
    if p.ndim != 2:
        raise InputError("portfolios must be a 2-D array (states x partners)", field="portfolios")
    if np.isnan(p).any():
        raise InputError("the matrix form needs complete portfolios (no NaN)", field="portfolios")
    if np.isinf(p).any():  # every S and alignment index NaN, tau-b and pi numbers
        raise InputError("portfolios must be finite", field="portfolios")
    unknown = [m for m in measures if m not in MEASURES]
    if unknown:
        raise InputError(f"unknown measure {unknown[0]!r}; one of {MEASURES}", field="measures")
    n, m = p.shape
    if m == 0:
        return {k: np.full((n, n), np.nan) for k in measures}
    w = None
    if any(k.startswith("s_w") for k in measures):
        if weights is None:
            raise InputError("weighted S needs weights", field="weights")
        try:
            w = np.asarray(weights, dtype="float64").ravel()
        except (TypeError, ValueError):
            raise InputError("weights must be numbers", field="weights") from None
        bad = w.shape != (m,) or not np.isfinite(w).all()  # an inf weight: every S NaN
        if bad or (w < 0).any() or w.sum() <= 0:
            raise InputError(
                "weights must be m finite non-negative numbers with a positive sum",
                field="weights",
            )
    lo, hi = p.min(axis=1), p.max(axis=1)
    if dmax is None:
        span = np.maximum.outer(hi, hi) - np.minimum.outer(lo, lo)
    else:
        span = np.full((n, n), _dmax(lo, hi, dmax))  # the range over every row: any pair's
    levels = np.unique(p)
    if levels.size > 64 and any(k in ("tau_b", "alignment", "pi") for k in measures):
        raise InputError(
            "too many distinct values for tau-b, pi or the alignment index (max 64)",
            field="measures",
        )
    discrete = levels.size <= 16
    memo: dict[tuple[int, bool], FloatArray] = {}
    moments: dict[str, Any] = {}  # row moments for kappa and pi_sq
    out: dict[str, FloatArray] = {}

    def pair_dist(power: int, weighted: bool) -> FloatArray:
        """sum_k w_k |p_ik - p_jk|^power for all pairs (w_k = 1 unless weighted)."""
        key = (power, weighted)
        if key not in memo:
            wk = w if weighted else None
            if power == 2:
                memo[key] = _weighted_sq(p, np.ones(m) if wk is None else wk)
            elif discrete:
                memo[key] = _abs_by_thresholds(p, levels, wk)
            else:
                from scipy.spatial.distance import cdist

                memo[key] = cdist(p, p, "cityblock", w=wk)
        return memo[key]

    for k in measures:
        if k in ("s_abs", "s_sq", "s_wabs", "s_wsq"):
            power = 1 if k.endswith("abs") else 2
            weighted = k.startswith("s_w")
            total = float(w.sum()) if weighted and w is not None else float(m)
            d = pair_dist(power, weighted)
            with np.errstate(invalid="ignore", divide="ignore"):
                s = 1.0 - 2.0 * d / (total * span**power)
            out[k] = np.where(span == 0, 1.0, s)
        elif k == "tau_b":
            if discrete:
                out[k] = _tau_b_matrix(_contingency(p, levels), m)
            else:  # many distinct values: pair by pair
                t = np.full((n, n), np.nan)
                for i in range(n):
                    for j in range(i, n):
                        t[i, j] = t[j, i] = tau_b(p[i], p[j])
                out[k] = t
        elif k == "alignment":
            counts = np.stack([(p == v).sum(axis=1) for v in levels]).astype("float64")
            diff = np.abs(np.subtract.outer(levels, levels))
            obs = pair_dist(1, False) / m
            exp = np.einsum("ai,ab,bj->ij", counts, diff, counts) / (m * m)
            with np.errstate(invalid="ignore", divide="ignore"):
                a_ = 2.0 * (exp - obs) / span
            out[k] = np.where(span == 0, 0.0, a_)
        elif k == "pi":  # Scott's nominal pi: same-category agreement, pooled shares
            out[k] = _scott_pi_matrix(p, levels)
        else:  # kappa or pi_sq, quadratic [hage2011], from the row moments
            # centred moments (np.var, as the scalar form), not E[x^2] - E[x]^2: no
            # cancellation for shifted codings, and a zero cut relative to the values' size
            if not moments:  # once for kappa and pi_sq
                q = p - p.min()  # a common shift: the means' gaps and variances keep their digits
                mean = q.mean(axis=1)
                var = q.var(axis=1)
                size = np.abs(p).max(axis=1)
                moments["var"] = var[:, None] + var[None, :]
                moments["gap"] = (mean[:, None] - mean[None, :]) ** 2
                moments["tol"] = _chance_tolerance(np.maximum.outer(size, size), m, 2)
            if k == "kappa":  # chance from the two marginals: var_i + var_j + (m_i - m_j)^2
                exp = moments["var"] + moments["gap"]
            else:  # pi_sq, chance from the pooled values: 2 var of the pool
                exp = moments["var"] + moments["gap"] / 2.0
            exp = np.where(exp <= moments["tol"], 0.0, exp)
            obs = pair_dist(2, False) / m
            with np.errstate(invalid="ignore", divide="ignore"):
                out[k] = np.where(exp > 0, 1.0 - obs / exp, np.nan)
    return out


def _scott_pi_matrix(p: FloatArray, levels: FloatArray) -> FloatArray:
    """Scott's nominal pi for all row pairs: ``p_o = sum_a N[a, a] / m`` from one product per
    category, ``p_e = sum_a ((c_a(i) + c_a(j)) / 2m)^2`` from the category counts."""
    n, m = p.shape
    agree = np.zeros((n, n))
    expected = np.zeros((n, n))
    for v in levels:
        ind = (p == v).astype("float64")
        agree += ind @ ind.T
        share = ind.sum(axis=1) / (2.0 * m)
        expected += (share[:, None] + share[None, :]) ** 2
    po = agree / m
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (po - expected) / (1.0 - expected)
    return np.where(np.abs(1.0 - expected) > 1e-12, out, np.nan)


def _weighted_sq(p: FloatArray, w: FloatArray) -> FloatArray:
    """sum_k w_k (p_ik - p_jk)^2 for all i, j via products (exact for the small integers of
    alliance scales; clipped at 0 against rounding).

    Each column is first shifted by its minimum (the differences are unchanged, integers stay
    integers), so a coding shifted by a constant (e.g. ``x + 1e6``) does not lose the
    differences to cancellation in ``|p_i|^2 + |p_j|^2 - 2 p_i.p_j``."""
    p = p - p.min(axis=0)
    pw = p * w
    norm = (pw * p).sum(axis=1)
    d = norm[:, None] + norm[None, :] - 2.0 * pw @ p.T
    return np.maximum(d, 0.0)


def _abs_by_thresholds(p: FloatArray, levels: FloatArray, w: FloatArray | None) -> FloatArray:
    """sum_k w_k |p_ik - p_jk| for discrete values, by thresholds:
    ``|x - y| = sum_t g_t |1[x >= v_t] - 1[y >= v_t]|`` (``g_t = v_t - v_{t-1}``), and for
    indicators ``|a - b| = a + b - 2ab``, so one matrix product per threshold."""
    n, m = p.shape
    wv = np.ones(m) if w is None else w
    acc = np.zeros((n, n))
    for t in range(1, levels.size):
        gap = levels[t] - levels[t - 1]
        b = (p >= levels[t]).astype("float64")
        bw = b * wv
        c = bw.sum(axis=1)
        acc += gap * (c[:, None] + c[None, :] - 2.0 * (bw @ b.T))
    return np.maximum(acc, 0.0)


def _contingency(p: FloatArray, levels: FloatArray) -> FloatArray:
    """``N[a, b, i, j]``: partners where row i is at level a and row j at level b.

    The blocks for the first level are derived from the margins instead of multiplied, which
    saves the largest products when most partners sit at level 0 (no alliance)."""
    n, m = p.shape
    n_lev = levels.size
    ind = np.stack([(p == v) for v in levels]).astype("float32")  # exact counts below 2**24
    counts = ind.sum(axis=2, dtype="float64")  # L x n
    rest = ind[1:].reshape((n_lev - 1) * n, m)
    g = (rest @ rest.T).astype("float64").reshape(n_lev - 1, n, n_lev - 1, n)
    table = np.empty((n_lev, n_lev, n, n))
    table[1:, 1:] = g.transpose(0, 2, 1, 3)
    table[1:, 0] = counts[1:, :, None] - table[1:, 1:].sum(axis=1)
    table[0, 1:] = counts[1:, None, :] - table[1:, 1:].sum(axis=0)
    table[0, 0] = m - table[1:, :].sum(axis=0).sum(axis=0) - table[0, 1:].sum(axis=0)
    return table


def _tau_b_matrix(table: FloatArray, m: int) -> FloatArray:
    """Kendall's tau-b for all row pairs from their L x L contingency tables.

    ``N[a, b, i, j]`` = number of partners where row i has level a and row j level b. Pairs of
    partners are concordant when both rows rank them the same way: ``C = sum N[a,b] *
    N[a'>a, b'>b]``, discordant ``D = sum N[a,b] * N[a'>a, b'<b]``.
    """
    # suffix sums over a' > a and b' > b / b' < b
    cum_a = np.cumsum(table[::-1], axis=0)[::-1]  # sum over a' >= a
    above_a = np.zeros_like(table)
    above_a[:-1] = cum_a[1:]  # a' > a
    cum_b_up = np.cumsum(above_a[:, ::-1], axis=1)[:, ::-1]  # b' >= b
    gt = np.zeros_like(table)
    gt[:, :-1] = cum_b_up[:, 1:]  # b' > b
    cum_b_down = np.cumsum(above_a, axis=1)  # b' <= b
    lt = np.zeros_like(table)
    lt[:, 1:] = cum_b_down[:, :-1]  # b' < b
    conc = (table * gt).sum(axis=(0, 1))
    disc = (table * lt).sum(axis=(0, 1))
    n0 = m * (m - 1) / 2.0
    counts = table.sum(axis=1)[:, :, 0]  # L x n: row i's level counts
    ties = (counts * (counts - 1) / 2.0).sum(axis=0)  # per row
    denom = np.sqrt(np.outer(n0 - ties, n0 - ties))
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (conc - disc) / denom
    return np.where(denom > 0, out, np.nan)
