"""Rank-correlation tests of the exploitation hypothesis.

[olson1966] test "the exploitation of the great by the small" with Spearman's rank
correlation between national income (GNP) and defense spending as a share of GNP across the
members of an alliance (their Table 1: NATO 1964). A significantly positive correlation supports
the pure-public-good model. The joint-product literature ([sandler1977]; [murdoch1984];
[sandler2000, Table 9]) adds controls (GDP per head, exposed
borders) through partial rank correlations whose significance is judged with the t statistic
``t = r sqrt(df / (1 - r^2))``, ``df = n - 2 - k`` for ``k`` variables held fixed.

Ranks are mid-ranks (ties share the average rank); Spearman's rho is Pearson's correlation of the
mid-ranks, which equals ``1 - 6 sum d^2 / (n (n^2 - 1))`` without ties.

Exact p-values (no ties, no controls, n <= :data:`EXACT_MAX_N`): the permutation distribution of
``T = sum_i i * pi(i)`` over all ``n!`` orderings, counted by a dynamic programme over the set of
ranks already used (state: bitmask x partial sum). This is the distribution tabulated by
[kendall1990] and computed by [vandewiel2001]; ``T`` and rho are in one-to-one
increasing relation (``sum d^2 = 2 sum i^2 - 2 T``).

Kendall's tau-b ([kendall1945]; [kendall1990, ch. 3-4]) is offered as a robustness check of the
simple test (``statistic="kendall"``): ``(C - D) / sqrt((n0 - n1)(n0 - n2))`` over the
``n0 = n(n-1)/2`` pairs, ``n1``, ``n2`` the pairs tied in GDP, in the burden. Without ties its
exact null distribution is that of the number of inversions of a random permutation (the
Mahonian numbers, built by convolution); with ties the p-value is the normal approximation to
``S = C - D`` with the tie-corrected variance of [kendall1990, ch. 4]. The published tests
([olson1966]; [sandler2000]; [sandler1999]) use Spearman's rho, which stays the default.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy.special import stdtr as _stdtr

from anpo._checks import seed_number, whole_number
from anpo.burden.hypothesis import (
    DEFAULT_ALTERNATIVE,
    Alternative,
    check_alternative,
    describe_alternative,
)
from anpo.errors import BurdenError

__all__ = [
    "DEFAULT_ALTERNATIVE",
    "EXACT_MAX_N",
    "ExploitationResult",
    "KENDALL_EXACT_MAX_N",
    "describe_alternative",
    "exploitation_test",
    "kendall_exact_distribution",
    "kendall_tau_b",
    "midranks",
    "partial_rank_correlation",
    "p_value_from_r",
    "spearman_exact_distribution",
    "spearman_exact_p",
    "spearman_rho",
]

Method = Literal["auto", "exact", "t", "permutation"]
Statistic = Literal["spearman", "kendall"]

#: Largest n for which the exact null distribution of Kendall's tau is used (float convolution of
#: the Mahonian numbers; n(n-1)/2 + 1 states, cheap, but probabilities below about 1e-300 would
#: underflow far beyond it).
KENDALL_EXACT_MAX_N = 60

#: Largest n for which the exact permutation distribution is computed (memory grows as
#: C(n, n/2) x n^3/6 counts; n = 16 needs about 40 MB once, then is cached).
EXACT_MAX_N = 16
#: Fewest observations accepted by the tests (with fewer than four, every rank correlation is
#: either trivially +-1 or has no degrees of freedom worth testing).
MIN_N = 4


# --------------------------------------------------------------------------- basic statistics


def midranks(x: Any) -> np.ndarray:
    """Ranks 1..n with ties given the average of the ranks they span (mid-ranks; [kendall1990])."""
    a = np.asarray(x, dtype=float).ravel()
    order = np.argsort(a, kind="mergesort")
    sorted_a = a[order]
    # start index of each run of equal values, and the mean rank of the run
    new = np.r_[True, sorted_a[1:] != sorted_a[:-1]]
    starts = np.flatnonzero(new)
    ends = np.r_[starts[1:], a.size]
    mean_rank = (starts + ends + 1) / 2.0
    ranks = np.empty(a.size, dtype=float)
    ranks[order] = np.repeat(mean_rank, ends - starts)
    return ranks


def _pearson(a: np.ndarray, b: np.ndarray) -> float:
    a = a - a.mean()
    b = b - b.mean()
    den = math.sqrt(float(a @ a) * float(b @ b))
    if den == 0.0:
        return math.nan
    return float(np.clip((a @ b) / den, -1.0, 1.0))


def _paired(x: Any, y: Any, z: Any = None) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """``x`` and ``y`` (and the controls ``z``, one column per control) as float arrays of one
    length, at least two values, every value finite; else a :class:`BurdenError` naming the
    argument (numpy's shape errors, a NaN ranked as the largest value, a warning on empty
    input)."""
    xa, _ = _as_vector(x, "x")
    ya, _ = _as_vector(y, "y")
    if xa.size != ya.size:
        raise BurdenError(f"x has {xa.size} values but y has {ya.size}", field="y")
    if xa.size < 2:
        raise BurdenError(f"a rank correlation needs at least 2 pairs, got {xa.size}", field="x")
    za: np.ndarray | None = None
    if z is not None:
        try:
            za = np.asarray(z, dtype=float)
        except (TypeError, ValueError):
            raise BurdenError("z must be numbers", field="z") from None
        za = za[:, None] if za.ndim == 1 else za
        if za.ndim != 2 or za.shape[0] != xa.size or za.shape[1] < 1:
            raise BurdenError(
                f"z must hold one column per control and {xa.size} rows, got shape {za.shape}",
                field="z",
            )
    checked: list[tuple[str, np.ndarray | None]] = [("x", xa), ("y", ya), ("z", za)]
    for name, values in checked:
        if values is not None and not np.all(np.isfinite(values)):
            raise BurdenError(
                f"{name} holds a missing or infinite value (drop the pair: missing is never "
                "read as a rank)",
                field=name,
            )
    return xa, ya, za


def spearman_rho(x: Any, y: Any) -> float:
    """Spearman's rank correlation (Pearson's correlation of mid-ranks; [spearman1904]); NaN
    when either variable is constant. ``x`` and ``y``: one length, at least two finite values
    (else :class:`BurdenError`)."""
    xa, ya, _ = _paired(x, y)
    return _pearson(midranks(xa), midranks(ya))


def partial_rank_correlation(x: Any, y: Any, z: Any) -> float:
    """Partial Spearman correlation of ``x`` and ``y`` holding the columns of ``z`` fixed.

    All variables are replaced by their mid-ranks; the ranks of ``x`` and ``y`` are regressed (with
    an intercept) on the ranks of the controls and the residuals correlated. With one control this
    is the classic ``(r_xy - r_xz r_yz) / sqrt((1 - r_xz^2)(1 - r_yz^2))`` ([kendall1979, ch. 27]; used for NATO by [sandler2000],
    Table 9). Returns nan when a residual has no variance. ``x``, ``y`` and each column of ``z``:
    one length, at least two finite values (else :class:`BurdenError`).
    """
    if z is None:  # _paired reads None as "no controls": an AssertionError here before
        raise BurdenError(
            "a partial correlation needs at least one control (use spearman_rho for none)",
            field="z",
        )
    xa, ya, zz = _paired(x, y, z)
    assert zz is not None
    rx, ry = midranks(xa), midranks(ya)
    rz = np.column_stack([midranks(zz[:, j]) for j in range(zz.shape[1])])
    design = np.column_stack([np.ones(len(rx)), rz])
    coef, *_ = np.linalg.lstsq(design, np.column_stack([rx, ry]), rcond=None)
    res = np.column_stack([rx, ry]) - design @ coef
    scale = max(float(np.abs(rx).max()), 1.0)
    if np.linalg.matrix_rank(design) < design.shape[1]:
        return math.nan
    ex, ey = res[:, 0], res[:, 1]
    if np.sqrt(ex @ ex) < 1e-9 * scale or np.sqrt(ey @ ey) < 1e-9 * scale:
        return math.nan
    return _pearson(ex, ey)


def p_value_from_r(r: float, df: int, alternative: Alternative = DEFAULT_ALTERNATIVE) -> float:
    """p-value of a (partial) correlation ``r`` by Student's t with ``df`` degrees of freedom.

    ``t = r sqrt(df / (1 - r^2))``; for a simple Spearman correlation of n ranks ``df = n - 2``, for
    a partial correlation holding ``k`` variables fixed ``df = n - 2 - k`` ([sandler2000],
    *Fiscal Studies* 21(3), Table 9, whose printed p-values follow this rule with the two-sided
    alternative). ``|r| = 1`` gives 0 (or 1 for the opposite one-sided alternative). The default
    alternative is :data:`DEFAULT_ALTERNATIVE` (two-sided, rho != 0).

    ``r`` is one number in [-1, 1] (not text, not ``True``); ``df`` an integer >= 1 (an ``int``
    or numpy integer: not 2.5, not 3.0, not ``True``); else :class:`BurdenError` naming the
    argument.
    """
    check_alternative(alternative)
    try:  # a string, None or an array was a bare TypeError; True was read as r = 1
        if np.ndim(r) != 0 or isinstance(r, (str, bytes, bool, np.bool_)):
            raise TypeError
        r = float(r)
    except (TypeError, ValueError):
        raise BurdenError(f"must be a single number, got {r!r}", field="r") from None
    if not math.isfinite(r) or abs(r) > 1.0 + 1e-12:
        raise BurdenError(f"correlation must be in [-1, 1], got {r!r}", field="r")
    # an integer count: df = 2.5 gave a p-value of no test, NaN passed 'df < 1' and gave 1.0
    df = whole_number(
        df,
        "df",
        error=BurdenError,
        minimum=1,
        floats=False,
        what="an integer count of degrees of freedom",
    )
    r = max(-1.0, min(1.0, r))
    if abs(r) == 1.0:
        t = math.copysign(math.inf, r)
    else:
        t = r * math.sqrt(df / (1.0 - r * r))
    if alternative == "greater":
        return float(_stdtr(df, -t))
    if alternative == "less":
        return float(_stdtr(df, t))
    return float(min(1.0, 2.0 * _stdtr(df, -abs(t))))


# --------------------------------------------------------------------------- exact distribution


def _layer_bounds(n: int, k: int) -> tuple[int, int]:
    """Smallest and largest ``sum_{i<=k} i * v_i`` over distinct values v_i in 1..n."""
    lo = sum(i * (k + 1 - i) for i in range(1, k + 1))
    hi = sum(i * (n - k + i) for i in range(1, k + 1))
    return lo, hi


@cache
def _layer_kernel() -> Any:
    """The compiled layer step of :func:`spearman_exact_distribution` (numba is imported and
    the kernel compiled, or loaded from numba's cache, on first use only)."""
    from anpo._jit import njit

    @njit(cache=True)
    def step(  # pragma: no cover
        n: int,
        k: int,
        masks_k: np.ndarray,
        idx: np.ndarray,
        dp_k: np.ndarray,
        lo_k: int,
        lo_next: int,
        width_next: int,
        size_next: int,
    ) -> np.ndarray:
        # position k+1 (1-based) receives value v+1 for every unused value v
        out = np.zeros((size_next, width_next), dtype=np.int64)
        p = k + 1
        width_k = dp_k.shape[1]
        for a in range(masks_k.shape[0]):
            m = masks_k[a]
            row = dp_k[a]
            for v in range(n):
                if (m >> v) & 1:
                    continue
                b = idx[m | (1 << v)]
                shift = lo_k + p * (v + 1) - lo_next
                dst = out[b]
                for t in range(width_k):
                    c = row[t]
                    if c != 0:
                        dst[t + shift] += c
        return out

    return step


@cache
def spearman_exact_distribution(n: int) -> tuple[int, np.ndarray]:
    """Exact null distribution of ``T = sum_i i * pi(i)`` over the ``n!`` permutations.

    Returns ``(t_min, counts)`` with ``counts[j]`` = number of permutations with ``T = t_min + j``
    (``counts.sum() == n!``). Dynamic programme over bitmasks of used ranks, layer by layer; exact
    integer arithmetic (int64 holds ``n!`` for n <= 20). The distribution tabulated by
    [kendall1990] and computed by [vandewiel2001] (module docstring).
    """
    if not (1 <= n <= EXACT_MAX_N):
        raise BurdenError(f"exact Spearman distribution is computed for 1 <= n <= {EXACT_MAX_N}")
    kernel = _layer_kernel()
    full = 1 << n
    pop = np.array([bin(m).count("1") for m in range(full)], dtype=np.int64)
    idx = np.zeros(full, dtype=np.int64)
    layers: list[np.ndarray] = []
    for k in range(n + 1):
        masks = np.flatnonzero(pop == k).astype(np.int64)
        idx[masks] = np.arange(masks.size)
        layers.append(masks)
    lo0, _ = _layer_bounds(n, 0)
    dp = np.ones((1, 1), dtype=np.int64)
    lo_k = lo0
    for k in range(n):
        lo_n, hi_n = _layer_bounds(n, k + 1)
        dp = kernel(n, k, layers[k], idx, dp, lo_k, lo_n, hi_n - lo_n + 1, layers[k + 1].size)
        lo_k = lo_n
    counts = dp[0].copy()
    counts.setflags(write=False)
    return lo_k, counts


def spearman_exact_p(
    rank_x: Any, rank_y: Any, alternative: Alternative = DEFAULT_ALTERNATIVE
) -> float:
    """Exact permutation p-value of Spearman's rho for untied integer ranks 1..n.

    ``greater``: P(rho >= observed); ``less``: P(rho <= observed); ``two-sided``:
    P(|rho| >= |observed|) under the null that every ordering is equally likely. The null
    distribution is symmetric about 0, so the two-sided value equals ``min(1, 2 * p1)`` with
    ``p1`` the one-sided tail in the direction of the observed rho: the doubling rule of R's
    ``cor.test(method = "spearman", exact = TRUE)`` and of the R package pspearman (Savicky).
    Unlike ``cor.test``, whose algorithm AS 89 [best1975] is exact only for small n and
    uses an Edgeworth series above, the distribution here is exact for every n it accepts
    (checked against [zar1972, Table 1] critical values, in the tests).
    """
    check_alternative(alternative)
    rx = np.asarray(rank_x)
    ry = np.asarray(rank_y)
    n = rx.size
    order = np.argsort(rx)
    if not (np.array_equal(np.sort(rx), np.arange(1, n + 1))) or not np.array_equal(
        np.sort(ry), np.arange(1, n + 1)
    ):
        raise BurdenError("exact p-values need untied ranks 1..n in both variables")
    t_obs = int(np.sum(np.arange(1, n + 1) * ry[order].astype(np.int64)))
    t_min, counts = spearman_exact_distribution(n)
    total = float(math.factorial(n))
    t = np.arange(t_min, t_min + counts.size, dtype=np.int64)
    if alternative == "greater":
        hit = t >= t_obs
    elif alternative == "less":
        hit = t <= t_obs
    else:
        # mean of T is n (n + 1)^2 / 4; compare 4 |T - mean| in integers
        m4 = n * (n + 1) ** 2
        hit = np.abs(4 * t - m4) >= abs(4 * t_obs - m4)
    return float(min(1.0, counts[hit].sum() / total))


# --------------------------------------------------------------------------- Kendall's tau


def _pair_signs(a: np.ndarray) -> np.ndarray:
    """Signs of ``a_j - a_i`` over the pairs ``i < j`` (upper triangle, row order)."""
    iu = np.triu_indices(a.size, 1)
    return np.sign(a[iu[1]] - a[iu[0]])


def kendall_tau_b(x: Any, y: Any) -> float:
    """Kendall's tau-b ([kendall1945]; [kendall1990, ch. 3]).

    ``(C - D) / sqrt((n0 - n1)(n0 - n2))`` with ``C``, ``D`` the concordant and discordant pairs,
    ``n0 = n(n-1)/2`` and ``n1``, ``n2`` the pairs tied in ``x``, in ``y``; without ties it is
    ``(C - D) / n0``. nan when either variable is constant, and nan when any value is missing
    (NaN): the burden tests take complete data, so a gap is not silently dropped here (compare
    :func:`anpo.relations.similarity.tau_b`, which drops incomplete pairs and computes the
    statistic for both).
    """
    from anpo.relations.similarity import tau_b

    xa = np.asarray(x, dtype=float).ravel()
    ya = np.asarray(y, dtype=float).ravel()
    if np.isnan(xa).any() or np.isnan(ya).any():
        return math.nan
    return tau_b(xa, ya)


@cache
def kendall_exact_distribution(n: int) -> np.ndarray:
    """Null distribution of the number of discordant pairs ``D`` among ``n`` untied pairs.

    ``out[d]`` = P(D = d), d = 0..n(n-1)/2, when every ordering is equally likely: the number of
    inversions of a random permutation, whose counts are the Mahonian numbers ([kendall1990,
    ch. 4]: the recurrence adding one rank at a time, i.e. convolving with a uniform law on
    0..k-1). Float probabilities (each step divides by k), exact to rounding.
    """
    if not (1 <= n <= KENDALL_EXACT_MAX_N):
        raise BurdenError(
            f"exact Kendall distribution is computed for 1 <= n <= {KENDALL_EXACT_MAX_N}"
        )
    dist = np.ones(1)
    for k in range(2, n + 1):
        dist = np.convolve(dist, np.full(k, 1.0 / k))
    dist.setflags(write=False)
    return dist


def _kendall_p(x: np.ndarray, y: np.ndarray, alternative: str, exact: bool) -> float:
    """p-value of Kendall's S = C - D: exact (no ties) or normal with tie-corrected variance."""
    n = x.size
    sx, sy = _pair_signs(x), _pair_signs(y)
    s_obs = int(round(float(sx @ sy)))
    if exact:
        n0 = n * (n - 1) // 2
        dist = kendall_exact_distribution(n)
        s_all = n0 - 2 * np.arange(dist.size)  # S for D = 0, 1, ...
        if alternative == "greater":
            hit = s_all >= s_obs
        elif alternative == "less":
            hit = s_all <= s_obs
        else:
            hit = np.abs(s_all) >= abs(s_obs)
        return float(min(1.0, dist[hit].sum()))

    # [kendall1990, ch. 4]: Var(S) with ties t (in x) and u (in y)
    def tie_sums(a: np.ndarray) -> tuple[float, float, float]:
        _, c = np.unique(a, return_counts=True)
        c = c.astype(float)
        return (
            float(np.sum(c * (c - 1) * (2 * c + 5))),
            float(np.sum(c * (c - 1) * (c - 2))),
            float(np.sum(c * (c - 1))),
        )

    tx1, tx2, tx3 = tie_sums(x)
    ty1, ty2, ty3 = tie_sums(y)
    var = (n * (n - 1) * (2 * n + 5) - tx1 - ty1) / 18.0
    if n > 2:
        var += tx2 * ty2 / (9.0 * n * (n - 1) * (n - 2))
    var += tx3 * ty3 / (2.0 * n * (n - 1))
    z = s_obs / math.sqrt(var)
    from scipy.special import ndtr

    if alternative == "greater":
        return float(ndtr(-z))
    if alternative == "less":
        return float(ndtr(z))
    return float(min(1.0, 2.0 * ndtr(-abs(z))))


# --------------------------------------------------------------------------- the public test


@dataclass(frozen=True)
class ExploitationResult:
    """Result of :func:`exploitation_test`.

    Attributes
    ----------
    rho: Spearman's rho (simple) or the partial rank correlation (with controls); Kendall's
        tau-b when ``statistic == "kendall"``.
    p_value: p-value of the method used (``method``), for ``alternative``.
    n: observations used (after any stated exclusions).
    df: degrees of freedom of the t-approximation, ``n - 2 - len(controls)``.
    method: how ``p_value`` was computed, in words.
    alternative: "two-sided", "greater" (exploitation: rho > 0) or "less".
    t: the t statistic ``rho sqrt(df / (1 - rho^2))``.
    p_value_t: the t-approximation p-value (always given, for comparison).
    p_value_exact: the exact permutation p-value when computed, else None.
    controls: names of the variables held fixed.
    ties: True when either variable (or a control) has tied values.
    labels: the members used, in input order (when labels were given).
    excluded: members dropped for missing values (when ``missing="drop"``), with the reason.
    statistic: "spearman" (the published tests) or "kendall" (tau-b, a robustness check; ``t``
        and ``p_value_t`` are then nan: the t rule belongs to rho).
    """

    rho: float
    p_value: float
    n: int
    df: int
    method: str
    alternative: str
    t: float
    p_value_t: float
    p_value_exact: float | None = None
    controls: tuple[str, ...] = ()
    ties: bool = False
    labels: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    statistic: str = "spearman"

    @property
    def alternative_description(self) -> str:
        """The alternative hypothesis in words (e.g. "one-sided, alternative rho > 0"; tau for
        Kendall's)."""
        return describe_alternative(
            self.alternative, "tau" if self.statistic == "kendall" else "rho"
        )

    @property
    def supports_exploitation(self) -> bool:
        """rho > 0 (the sign the exploitation hypothesis predicts); significance is separate."""
        return self.rho > 0

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dictionary."""

        def clean(v: Any) -> Any:
            if isinstance(v, float) and not math.isfinite(v):
                return None
            if isinstance(v, tuple):
                return list(v)
            return v

        out = {k: clean(v) for k, v in self.__dict__.items()}
        out["alternative_description"] = self.alternative_description
        return out


def _as_vector(v: Any, name: str) -> tuple[np.ndarray, pd.Index | None]:
    if isinstance(v, pd.DataFrame):
        if v.shape[1] != 1:
            raise BurdenError(f"{name} must be one column, got {v.shape[1]}", field=name)
        v = v.iloc[:, 0]
    if isinstance(v, pd.Series):
        num = pd.to_numeric(v, errors="coerce")
        text = v[num.isna() & v.notna()]
        if len(text):
            shown = ", ".join(repr(x) for x in text.head(3))
            raise BurdenError(f"{name} must be numbers; got {shown}", field=name)
        return num.to_numpy(dtype=float), v.index
    try:
        arr = np.asarray(v, dtype=float)
    except (TypeError, ValueError):
        raise BurdenError(f"{name} must be numbers", field=name) from None
    if arr.ndim != 1:
        raise BurdenError(f"{name} must be one-dimensional, got shape {arr.shape}", field=name)
    return arr, None


def _as_controls(
    controls: Any, n: int, index: pd.Index | None
) -> tuple[np.ndarray | None, tuple[str, ...]]:
    if controls is None:
        return None, ()
    if isinstance(controls, pd.Series):
        name = str(controls.name) if controls.name is not None else "control_1"
        controls = controls.to_frame(name)
    if isinstance(controls, Mapping) and not isinstance(controls, pd.DataFrame):
        columns: dict[str, np.ndarray] = {}
        for key, values in controls.items():
            try:  # text was numpy's bare 'could not convert string to float'
                columns[str(key)] = np.asarray(values, dtype=float)
            except (TypeError, ValueError):
                shown = repr(values) if len(repr(values)) <= 60 else repr(values)[:57] + "..."
                raise BurdenError(
                    f"control {str(key)!r} must be numbers, got {shown}", field="controls"
                ) from None
        controls = pd.DataFrame(columns)
        if index is not None and len(controls) == len(index):
            controls.index = index
    if isinstance(controls, pd.DataFrame):
        if controls.shape[1] == 0:
            return None, ()
        frame = controls
        if index is not None and not frame.index.equals(index):
            if set(index) - set(frame.index):
                missing = sorted(map(str, set(index) - set(frame.index)))[:5]
                raise BurdenError(
                    f"controls lack rows for {missing} (controls must cover every member)",
                    field="controls",
                )
            frame = frame.loc[index]
        names = tuple(str(c) for c in frame.columns)
        numeric = frame.apply(pd.to_numeric, errors="coerce")
        text = numeric.isna() & frame.notna()
        if text.to_numpy().any():  # text was read as missing ("missing values for ...")
            column = frame.columns[text.any().to_numpy()][0]
            shown = ", ".join(repr(v) for v in frame[column][text[column]].head(3))
            raise BurdenError(
                f"control {str(column)!r} must be numbers; got {shown}", field="controls"
            )
        arr = numeric.to_numpy(dtype=float)
    else:
        if (
            isinstance(controls, list | tuple)
            and controls
            and all(isinstance(c, pd.Series) for c in controls)
        ):
            # a list of Series: one control each, named after the Series
            return _as_controls(
                pd.concat(
                    [
                        c.rename(c.name if c.name is not None else f"control_{j + 1}")
                        for j, c in enumerate(controls)
                    ],
                    axis=1,
                ),
                n,
                index,
            )
        try:
            arr = np.asarray(controls, dtype=float)
        except (TypeError, ValueError):
            raise BurdenError("controls must be numbers", field="controls") from None
        if arr.size == 0:
            return None, ()
        if arr.ndim == 1:
            arr = arr[:, None]
        if arr.ndim != 2:
            raise BurdenError("controls must be 1-D or 2-D", field="controls")
        if arr.shape[0] != n and arr.shape[1] == n:
            # one control per row (e.g. ``controls=[gdp_per_capita, exposed_borders]``); never
            # ambiguous, since a test needs n >= k + 3 members for k controls
            arr = arr.T
        names = tuple(f"control_{j + 1}" for j in range(arr.shape[1]))
    if arr.shape[0] != n:
        raise BurdenError(f"controls have {arr.shape[0]} rows for {n} members", field="controls")
    return arr, names


def check_test_options(method: str, statistic: str, controls: Sequence[str] = ()) -> None:
    """Refuse a combination of ``method``, ``statistic`` and ``controls`` that no data can make
    testable, before any data is read: one reason, not the same one for every year of a range.

    Source: the tests' scope. Exact and Monte Carlo permutation p-values are computed for the
    simple correlation [olson1966, p. 268] only; with controls the partial rank correlation is
    judged with Student's t ([sandler2000, Table 9]). Kendall's tau-b is computed for the
    simple test only; its p-value is exact without ties and tie-corrected normal with them
    ([kendall1990, ch. 4]), so it has no Monte Carlo permutation variant.

    Raises
    ------
    BurdenError
        An unknown method or statistic (field ``method`` / ``statistic``), a control given twice
        (field ``controls``), or a combination outside the tests' scope.
    """
    if statistic not in ("spearman", "kendall"):
        raise BurdenError(
            f"statistic must be spearman or kendall; got {statistic!r}", field="statistic"
        )
    if method not in ("auto", "exact", "t", "permutation"):
        raise BurdenError(
            f"method must be auto, exact, t or permutation; got {method!r}", field="method"
        )
    repeated = next((c for i, c in enumerate(controls) if c in list(controls)[:i]), None)
    if repeated is not None:
        # held fixed twice, the control is collinear with itself: every year was 'undefined
        # (collinear controls?)', a reason about the data for a slip in the options
        raise BurdenError(f"control {repeated!r} is given twice; give it once", field="controls")
    if statistic == "kendall" and controls:
        raise BurdenError(
            "Kendall's tau is computed for the simple test only; hold variables fixed with "
            "the spearman statistic (partial rank correlation, the published tables' statistic)",
            field="statistic",
        )
    if statistic == "kendall" and method == "permutation":
        raise BurdenError(
            "Kendall's tau has an exact p-value without ties and a tie-corrected normal one "
            "with them; use method t, auto or exact",
            field="method",
        )
    if method in ("exact", "permutation") and controls:
        raise BurdenError(
            f"the {method} method covers the simple test only; with controls use method t or "
            "auto (partial rank correlation, Student t)",
            field="method",
        )


def exploitation_test(
    gdp: Any,
    burden: Any,
    controls: Any = None,
    alternative: Alternative = DEFAULT_ALTERNATIVE,
    *,
    method: Method = "t",
    labels: Sequence[str] | None = None,
    missing: Literal["raise", "drop"] = "raise",
    n_resamples: int = 99_999,
    seed: int = 0,
    statistic: Statistic = "spearman",
    stream: int | None = None,
) -> ExploitationResult:
    """Olson-Zeckhauser exploitation test: rank correlation of economic size with defense burden.

    Model: [olson1966, pp. 267-268 and Table 1]: under a pure
    public good the largest ally spends the largest share of its income on defense, so across
    the members of an alliance GDP and defense-spending/GDP are positively rank-correlated.
    Controls ([sandler2000, Table 9]) give the partial rank
    correlation, judged with Student's t on ``df = n - 2 - k`` degrees of freedom.

    Parameters
    ----------
    gdp, burden:
        Economic size (GDP or GNP) and defense burden (defense spending / GDP) per member, as
        equal-length arrays or pandas Series (Series are matched on their index).
    controls:
        None, or variables held fixed (e.g. GDP per head, exposed borders): a DataFrame, a
        Series, a mapping of name -> values, a list of Series, a 1-D array (one control) or a
        2-D array with one column per control (one row per control is also accepted). Empty
        controls mean none.
    alternative:
        "two-sided" (default, :data:`DEFAULT_ALTERNATIVE`: rho != 0), "greater" (one-sided,
        exploitation rho > 0) or "less".
    method:
        "t" (default): Student's t approximation, ``t = r sqrt(df / (1 - r^2))``, the rule behind
        the published tables ([sandler2000] print p-values that match it);
        "auto": exact permutation p-value for the simple test without ties and n <= EXACT_MAX_N,
        else the t-approximation; "exact"; "permutation" (Monte Carlo permutation test of the
        simple correlation, ``n_resamples`` draws from ``numpy.random.default_rng(seed)``, or
        from ``default_rng([seed, stream])`` when ``stream`` is given; valid with ties).
    labels:
        Member names (default: the Series index, if any), used in messages and exclusions.
    missing:
        "raise" (default): a missing (NaN) value is an error naming the member; "drop": members
        with a missing value are excluded and listed in ``result.excluded``. Missing is never
        read as zero.
    stream:
        None (default), or a whole number >= 0 naming, with ``seed``, the permutation method's
        random stream (NumPy's ``default_rng([seed, stream])``): a caller that tests several
        samples under one seed gives each its own stream (:func:`anpo.burden.panel.
        exploitation_by_year` passes the year), so their Monte Carlo errors are independent.
    statistic:
        "spearman" (default: the published tests) or "kendall": Kendall's tau-b, simple test
        only, as a robustness check. Its p-value is exact (the permutation distribution of the
        discordant pairs) without ties and n <= KENDALL_EXACT_MAX_N whether ``method`` is "t"
        or "auto"; with ties, the normal approximation with the tie-corrected variance
        ([kendall1990, ch. 4]); "exact" insists on the exact one.

    Returns
    -------
    ExploitationResult
        ``.rho``, ``.p_value`` (by ``.method``), ``.n``, ``.df``, the t-approximation
        ``.p_value_t`` and, when computed, ``.p_value_exact``.

    Raises
    ------
    BurdenError
        Fewer than four members, unequal lengths, a member label given twice (field
        ``labels``, or ``gdp``/``burden`` for a Series index), a constant variable (rank
        correlation undefined), no degrees of freedom left for the controls, or missing values
        with ``missing="raise"``.
    """
    check_alternative(alternative)
    check_test_options(method, statistic)
    # checked whatever the method (the permutation test alone draws with it): -1 was taken
    # by the t test and refused only by the permutation one
    seed = seed_number(seed, error=BurdenError)
    if stream is not None:
        stream = seed_number(stream, "stream", error=BurdenError)
    if missing not in ("raise", "drop"):
        raise BurdenError(f"missing must be 'raise' or 'drop'; got {missing!r}", field="missing")
    gx, gi = _as_vector(gdp, "gdp")
    by, bi = _as_vector(burden, "burden")
    if gi is not None and bi is not None and not gi.equals(bi):
        for where, idx in (("gdp", gi), ("burden", bi)):
            if not idx.is_unique:  # the message named neither Series, nor the member
                twice = idx[int(np.argmax(idx.duplicated()))]
                raise BurdenError(
                    f"member {twice!r} is given twice in the index; give each member once",
                    field=where,
                )
        common = gi.union(bi, sort=False)
        gx = pd.Series(gx, index=gi).reindex(common).to_numpy(dtype=float)
        by = pd.Series(by, index=bi).reindex(common).to_numpy(dtype=float)
        gi = common
    if gx.size != by.size:
        raise BurdenError(f"gdp has {gx.size} values but burden has {by.size}", field="burden")
    index = gi if gi is not None else bi
    n0 = gx.size
    if labels is not None:
        labs = tuple(str(s) for s in labels)
        if len(labs) != n0:
            raise BurdenError(f"{len(labs)} labels for {n0} members", field="labels")
    elif index is not None:
        labs = tuple(str(s) for s in index)
    else:
        labs = tuple(f"#{i + 1}" for i in range(n0))
    repeated = pd.Index(labs).duplicated()
    if repeated.any():
        twice = labs[int(np.argmax(repeated))]
        # two members of one name were tested as two members (and a dropped one named ambiguously)
        where = "labels" if labels is not None else ("gdp" if gi is not None else "burden")
        raise BurdenError(f"member {twice!r} is given twice; give each member once", field=where)
    z, cnames = _as_controls(controls, n0, index)
    check_test_options(method, statistic, cnames)

    bad = ~np.isfinite(gx) | ~np.isfinite(by)
    if z is not None:
        bad |= ~np.all(np.isfinite(z), axis=1)
    excluded: tuple[str, ...] = ()
    if bad.any():
        names = [labs[i] for i in np.flatnonzero(bad)]
        # an infinite GDP or burden was called 'missing'
        infinite = ~np.isnan(gx) & ~np.isnan(by) & bad
        if z is not None:
            infinite &= ~np.any(np.isnan(z), axis=1)
        what = "missing or infinite" if infinite.any() else "missing"
        if missing == "raise":
            raise BurdenError(
                f"{what} values for {', '.join(names)} (pass missing='drop' to exclude them "
                "explicitly; missing is never read as zero)"
            )
        excluded = tuple(
            f"{nm}: {'infinite' if infinite[i] else 'missing'} value"
            for nm, i in zip(names, np.flatnonzero(bad), strict=True)
        )
        keep = ~bad
        gx, by = gx[keep], by[keep]
        labs = tuple(lab for lab, k in zip(labs, keep, strict=True) if k)
        if z is not None:
            z = z[keep]
    if np.any(gx < 0) or np.any(by < 0):
        raise BurdenError("GDP and defense burden must be non-negative")
    n = gx.size
    k = 0 if z is None else z.shape[1]
    if n < MIN_N:
        raise BurdenError(
            f"the exploitation test needs at least {MIN_N} members with data; got {n}"
            + (f" (excluded: {'; '.join(excluded)})" if excluded else "")
        )
    df = n - 2 - k
    if df < 1:
        raise BurdenError(
            f"{n} members leave no degrees of freedom for {k} control(s) (need n >= {k + 3})"
        )
    if np.ptp(gx) == 0 or np.ptp(by) == 0:
        raise BurdenError("a constant variable has no ranking; the rank correlation is undefined")
    ties = bool(
        np.unique(gx).size < n
        or np.unique(by).size < n
        or (z is not None and any(np.unique(z[:, j]).size < n for j in range(k)))
    )
    if statistic == "kendall":
        return _kendall_result(gx, by, alternative, method, n, df, ties, labs, excluded)
    if z is None:
        rho = spearman_rho(gx, by)
    else:
        rho = partial_rank_correlation(gx, by, z)
        if not math.isfinite(rho):
            raise BurdenError(
                "the partial rank correlation is undefined: the controls explain the ranks of "
                "GDP or of the burden exactly (collinear controls?)",
                field="controls",
            )
    t = math.copysign(math.inf, rho) if abs(rho) >= 1 else rho * math.sqrt(df / (1 - rho * rho))
    p_t = p_value_from_r(rho, df, alternative)
    notes: list[str] = []
    p_exact: float | None = None
    if method == "exact" or (method == "auto" and z is None and not ties and n <= EXACT_MAX_N):
        if ties:
            raise BurdenError("exact p-values need untied data; use method='t' or 'permutation'")
        if n > EXACT_MAX_N:
            raise BurdenError(f"exact p-values are computed for n <= {EXACT_MAX_N}; got n = {n}")
        p_exact = spearman_exact_p(midranks(gx), midranks(by), alternative)
        p = p_exact
        how = f"exact permutation distribution of Spearman's rho over all {n}! orderings"
    elif method == "permutation":
        key = seed if stream is None else [seed, stream]
        p = _permutation_p(gx, by, rho, alternative, n_resamples, key)
        drawn = f"seed {seed}" if stream is None else f"seed {seed}, stream {stream}"
        how = (
            f"Monte Carlo permutation test ({n_resamples} random orderings, {drawn}; "
            "p = (1 + hits) / (1 + draws))"
        )
    else:
        p = p_t
        how = f"t-approximation, t = r sqrt(df / (1 - r^2)), df = n - 2 - {k} = {df}"
        if method == "auto":
            if z is not None:
                notes.append("partial correlation: t-approximation (Sandler & Murdoch 2000)")
            elif ties:
                notes.append("ties present: exact table not applicable, t-approximation used")
            else:
                notes.append(f"n > {EXACT_MAX_N}: t-approximation used")
    # dup-ok: keyword arguments of the result's constructor: alike only in shape to other result
    # constructors.
    return ExploitationResult(
        rho=float(rho),
        p_value=float(p),
        n=n,
        df=df,
        method=how,
        alternative=alternative,
        t=float(t),
        p_value_t=float(p_t),
        p_value_exact=p_exact,
        controls=cnames,
        ties=ties,
        labels=labs,
        excluded=excluded,
        notes=tuple(notes),
    )


def _kendall_result(
    gx: np.ndarray,
    by: np.ndarray,
    alternative: Alternative,
    method: str,
    n: int,
    df: int,
    ties: bool,
    labs: tuple[str, ...],
    excluded: tuple[str, ...],
) -> ExploitationResult:
    """The Kendall branch of :func:`exploitation_test` (data and options already checked)."""
    tau = kendall_tau_b(gx, by)
    exact = not ties and n <= KENDALL_EXACT_MAX_N
    if method == "exact" and not exact:
        raise BurdenError(
            "exact p-values need untied data"
            if ties
            else f"exact Kendall p-values are computed for n <= {KENDALL_EXACT_MAX_N}; got {n}"
        )
    p = _kendall_p(gx, by, alternative, exact)
    how = (
        f"Kendall's tau-b, exact permutation distribution over all {n}! orderings"
        if exact
        else "Kendall's tau-b, normal approximation to S = C - D with the tie-corrected variance"
    )
    # dup-ok: keyword arguments of the result's constructor, as in exploitation_test.
    return ExploitationResult(
        rho=float(tau),
        p_value=float(p),
        n=n,
        df=df,
        method=how,
        alternative=alternative,
        t=math.nan,
        p_value_t=math.nan,
        p_value_exact=float(p) if exact else None,
        ties=ties,
        labels=labs,
        excluded=excluded,
        notes=("ties present: normal approximation",) if ties else (),
        statistic="kendall",
    )


def _permutation_p(
    x: np.ndarray,
    y: np.ndarray,
    rho: float,
    alternative: str,
    n_resamples: int,
    seed: int | list[int],
) -> float:
    """Monte Carlo permutation p-value of a rank correlation, the orderings drawn from
    ``numpy.random.default_rng(seed)`` (``seed``: a seed, or ``[seed, stream]``, each checked
    by the caller, :func:`exploitation_test`, with :func:`~anpo._checks.seed_number`)."""
    # 2.5 was a bare TypeError from the permutations' size, True one resample
    n_resamples = whole_number(
        n_resamples, "n_resamples", error=BurdenError, minimum=1, floats=False
    )
    rng = np.random.default_rng(seed)
    rx = midranks(x)
    ry = midranks(y)
    rx = (rx - rx.mean()) / np.sqrt(((rx - rx.mean()) ** 2).sum())
    ry = (ry - ry.mean()) / np.sqrt(((ry - ry.mean()) ** 2).sum())
    hits = 0
    done = 0
    chunk = 20_000
    eps = 1e-12
    while done < n_resamples:
        b = min(chunk, n_resamples - done)
        perm = rng.permuted(np.broadcast_to(ry, (b, ry.size)), axis=1)
        r = perm @ rx
        if alternative == "greater":
            hits += int(np.sum(r >= rho - eps))
        elif alternative == "less":
            hits += int(np.sum(r <= rho + eps))
        else:
            hits += int(np.sum(np.abs(r) >= abs(rho) - eps))
        done += b
    return (1 + hits) / (1 + n_resamples)
