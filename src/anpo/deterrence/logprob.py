"""The interception model's probabilities in log space, where a float cannot hold them.

P(no leaker) of 15,000 RVs, one shot each at an SSPK of 0.1, is ``0.1**15000 = 1e-15000``
[wilkening1999, eq. 2]: a float underflows it to an exact 0.0, which a reader takes for an
impossible event, and its complement ``1 - 1e-15000`` rounds to an exact 1.0, a certain one.
Ten RVs each facing 100 shots at an SSPK of 0.9999 leak with probability ``1e-400`` each: the
kill probability rounds to 1.0 and P(no leaker) with it. The leaker distributions of
:mod:`anpo.deterrence.defense` that have a closed form (the salvo, the finite inventory, the
decoy mixture, one layer with enough interceptors) are mixtures of sums of at most two
independent binomials; this module carries them as natural logarithms of their parameters
(:class:`Binomial` holds ``ln q`` and ``ln(1 - q)``, both computed without rounding ``q`` to 0
or 1) and sums the terms of a tail in log space (:meth:`LogLeakers.log_tails`), so that both
P(at least m) and its complement P(fewer than m) keep their magnitude whatever it is.

Only an event the model makes impossible (no term of the mixture can produce it) has a
logarithm of ``-inf``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy.special import gammaln, logsumexp

__all__ = [
    "Binomial",
    "LogLeakers",
    "Term",
    "log1mexp",
    "log_salvo_kill",
    "logs_of",
    "log10_text",
    "shown_value",
]

NEG_INF = float("-inf")


def log1mexp(x: float) -> float:
    """``ln(1 - e**x)`` for ``x <= 0``, accurate at both ends (Maechler 2012, *Accurately
    computing log(1 - exp(-|a|))*, the R package Rmpfr's note): ``-inf`` at 0, 0 at ``-inf``.

    >>> log1mexp(float("-inf")), log1mexp(0.0)
    (0.0, -inf)
    >>> round(log1mexp(-1e-20) / math.log(10), 6)  # 1 - e**-1e-20 = 1e-20
    -20.0
    """
    if x >= 0.0:
        return NEG_INF
    if x == NEG_INF:
        return 0.0
    if x > -math.log(2.0):
        return math.log(-math.expm1(x))
    return math.log1p(-math.exp(x))


def _log(x: float) -> float:
    """``ln x`` with ``ln 0 = -inf`` (no warning)."""
    return math.log(x) if x > 0.0 else NEG_INF


def logs_of(p: float) -> tuple[float, float]:
    """``(ln p, ln(1 - p))`` of a probability given as a float (an input, exact as given).

    >>> logs_of(0.0), logs_of(1.0)
    ((-inf, 0.0), (0.0, -inf))
    """
    return _log(p), (math.log1p(-p) + 0.0 if p < 1.0 else NEG_INF)  # + 0.0: never -0.0


def log_salvo_kill(sspk: float, shots: int) -> tuple[float, float]:
    """``(ln P_k, ln(1 - P_k))`` of a salvo of ``shots`` independent shots of kill
    probability ``sspk``: ``P_k = 1 - (1 - k)**n`` [wilkening1999, eq. 1], with
    ``ln(1 - P_k) = n ln(1 - k)`` computed as ``n * log1p(-k)`` (so an SSPK of 1e-20 is not
    lost in ``1 - k``) and ``ln P_k`` by :func:`log1mexp` (so ``1 - 1e-400`` is not 1).

    >>> [round(v / math.log(10), 6) for v in log_salvo_kill(0.9999, 100)]
    [-0.0, -400.0]
    >>> log_salvo_kill(0.5, 0), log_salvo_kill(1.0, 2)
    ((-inf, 0.0), (0.0, -inf))
    """
    if shots <= 0 or sspk <= 0.0:
        return NEG_INF, 0.0
    if sspk >= 1.0:
        return 0.0, NEG_INF
    log_miss = shots * math.log1p(-sspk)
    return log1mexp(log_miss), log_miss


@dataclass(frozen=True)
class Binomial:
    """``Bin(n, q)`` leakers: ``n`` objects, each leaking independently with probability ``q``,
    given as ``log_q = ln q`` and ``log_1mq = ln(1 - q)`` (either may be ``-inf``)."""

    n: int
    log_q: float
    log_1mq: float

    def log_pmf(self) -> np.ndarray:
        """``ln P(j leakers)`` for ``j = 0..n``: ``ln C(n, j) + j ln q + (n - j) ln(1 - q)``,
        with ``0 * ln 0 = 0`` (the binomial pmf in logs, e.g. Johnson, Kemp & Kotz,
        *Univariate Discrete Distributions*, 3rd ed., ch. 3)."""
        j = np.arange(self.n + 1, dtype=float)
        rest = self.n - j
        with np.errstate(invalid="ignore"):
            a = np.where(j > 0, j * self.log_q, 0.0)
            b = np.where(rest > 0, rest * self.log_1mq, 0.0)
        comb = gammaln(self.n + 1.0) - gammaln(j + 1.0) - gammaln(rest + 1.0)
        return comb + a + b

    def log_mean(self) -> float:
        """``ln(n q)``, the log of the expected leakers."""
        return NEG_INF if self.n == 0 else math.log(self.n) + self.log_q


@dataclass(frozen=True)
class Term:
    """One term of a mixture: with probability ``exp(log_weight)``, the leakers are the sum of
    the independent binomials ``parts`` (one or two)."""

    log_weight: float
    parts: tuple[Binomial, ...]

    @functools.cached_property
    def _tables(self) -> tuple[np.ndarray, ...]:
        """The first part's log pmf and its cumulative logs from below and above, and the
        second part's (an empty array without one), computed once for every ``m``."""
        la = self.parts[0].log_pmf()
        lb = self.parts[1].log_pmf() if len(self.parts) > 1 else np.zeros(0)
        return la, _log_cum(la), _log_cum(la[::-1])[::-1], _log_cum(lb), _log_cum(lb[::-1])[::-1]

    def log_tails(self, m: int) -> tuple[float, float]:
        """``(ln P(S >= m), ln P(S < m))`` of ``S``, the sum of the independent ``parts``, for
        ``m >= 1``: the terms of each tail summed in log space (the convolution of the two
        binomials' pmfs split at ``m``)."""
        la, low_a, up_a, cdf_b, sf_b = self._tables
        if len(self.parts) == 1:
            upper = float(up_a[m]) if m < la.size else NEG_INF
            return upper, float(low_a[min(m, la.size) - 1])
        nb = cdf_b.size - 1
        a = np.arange(la.size)
        below = a < m
        lower = la[below] + cdf_b[np.minimum(m - 1 - a[below], nb)]
        t = m - a
        tail_b = np.where(t <= 0, 0.0, np.where(t > nb, NEG_INF, sf_b[np.clip(t, 0, nb)]))
        with np.errstate(invalid="ignore"):
            upper_terms = la + tail_b
        low = float(logsumexp(lower)) if lower.size else NEG_INF
        return float(logsumexp(upper_terms)), low


def _log_convolve(la: np.ndarray, lb: np.ndarray) -> np.ndarray:
    """The log pmf of the sum of two independent counts from their log pmfs ``la`` and ``lb``
    (the discrete convolution ``P(S = j) = sum_a P(A = a) P(B = j - a)`` in log space): one
    vectorised pass over the shorter of the two, ``O(len(la) len(lb))``. It had scanned the
    whole outer grid for every ``j`` (cubic: 0.9 s at 1,000 RVs, minutes at 5,000)."""
    if la.size < lb.size:
        la, lb = lb, la
    out = np.full(la.size + lb.size - 1, NEG_INF)
    for b, w in enumerate(lb):
        if w == NEG_INF:
            continue
        seg = out[b : b + la.size]
        np.logaddexp(seg, la + w, out=seg)
    return out


#: Most products of two-binomial convolutions (``len(a) len(b)`` summed over a mixture's terms)
#: for which :attr:`LogLeakers._cumulative` builds the pmf to read its tails: 10^7 is about a
#: tenth of a second of :func:`_log_convolve` (a finite inventory of 6,000 RVs split in two
#: halves; 10^8 took 1.5 s); beyond it the terms' own tails, linear in their sizes, are summed.
_PMF_WORK = 10_000_000


def _log_cum(x: np.ndarray) -> np.ndarray:
    """Cumulative ``ln(sum exp)`` of ``x`` (entry ``i``: of ``x[:i + 1]``)."""
    with np.errstate(invalid="ignore"):
        return np.logaddexp.accumulate(x) if x.size else x


@dataclass(frozen=True)
class LogLeakers:
    """A leaker distribution as a mixture of :class:`Term` s, in natural logs, over ``0..rvs``.

    The model's closed forms [wilkening1999] written as such mixtures: the salvo is one
    binomial (per RV) or a binomial and "every RV leaks" (per raid), the finite inventory a sum
    of two binomials, the decoy model a mixture of such sums over the unrecognised decoys and
    the RVs among the objects given an extra interceptor.
    """

    given_terms: tuple[Term, ...]
    rvs: int
    #: for a distribution computed as a whole (:func:`layer_log_pmf`, no closed form; ``terms``
    #: is then empty): the function computing its log pmf over ``0..rvs``, called once and
    #: only when a log-space value is asked for (:meth:`from_log_pmf`)
    make_log_pmf: Callable[[], np.ndarray] | None = field(default=None, repr=False, compare=False)
    #: the function making :attr:`terms` on first use (:meth:`from_terms`), where the caller
    #: gives none: the salvo of :func:`anpo.deterrence.defense.engagement`, most of whose
    #: callers read only the floats
    make_terms: Callable[[], tuple[Term, ...]] | None = field(
        default=None, repr=False, compare=False
    )

    @classmethod
    def from_terms(cls, rvs: int, make: Callable[[], tuple[Term, ...]]) -> LogLeakers:
        """The mixture of the terms ``make()`` returns, called once and only when a log-space
        value is asked for.

        >>> lazy = LogLeakers.from_terms(10, lambda: salvo_terms(10, log_salvo_kill(0.5, 4), 1.0, "raid"))
        >>> lazy.log_tails(1) == LogLeakers(lazy.terms, 10).log_tails(1)
        True
        """
        return cls((), rvs, make_terms=make)

    @functools.cached_property
    def terms(self) -> tuple[Term, ...]:
        """The mixture's terms: those given, or :attr:`make_terms`' (made once)."""
        return self.given_terms if self.make_terms is None else tuple(self.make_terms())

    @classmethod
    def from_log_pmf(cls, rvs: int, make: Callable[[], np.ndarray]) -> LogLeakers:
        """The distribution whose log pmf over ``0..rvs`` leakers (``-inf``: impossible)
        ``make()`` computes in log space (:func:`layer_log_pmf`), on first use: a caller that
        reads only the floats pays nothing for it."""
        return cls((), rvs, make)

    @property
    def given_log_pmf(self) -> np.ndarray | None:
        """The log pmf :attr:`make_log_pmf` computes (once), or None for a mixture of terms."""
        return None if self.make_log_pmf is None else self._made_log_pmf

    @functools.cached_property
    def _made_log_pmf(self) -> np.ndarray:
        assert self.make_log_pmf is not None
        lp = np.array(self.make_log_pmf(), dtype=float)
        if lp.shape != (self.rvs + 1,):
            raise ValueError(f"a log pmf over 0..{self.rvs} has {self.rvs + 1} entries")
        lp.flags.writeable = False
        return lp

    def log_tails(self, m: int) -> tuple[float, float]:
        """``(ln P(at least m leak), ln P(fewer than m leak))``; ``-inf`` for an impossible
        event (``m > rvs``, or no term that can produce it). A mixture whose pmf is cheap to
        build (:attr:`_cumulative`: many small terms, the decoy model) reads both tails off its
        pmf's cumulative sums; one of large convolutions (a finite inventory of 10^5 RVs) sums
        each term's tails (:meth:`Term.log_tails`, linear in its size)."""
        if m <= 0:
            return 0.0, NEG_INF
        if m > self.rvs:
            return NEG_INF, 0.0
        if self._pmf_is_cheap:
            below, above = self._cumulative
            # (a sum of logs rounds a hair above 0 where the other tail is tiny: 8e-16)
            return min(float(above[m]), 0.0), min(float(below[m - 1]), 0.0)
        upper, lower = [], []
        for term in self.terms:
            up, low = term.log_tails(m)
            upper.append(term.log_weight + up)
            lower.append(term.log_weight + low)
        return float(logsumexp(upper)), float(logsumexp(lower))

    @functools.cached_property
    def _pmf_is_cheap(self) -> bool:
        """Whether :meth:`log_tails` reads the tails off the pmf's cumulative sums: when its
        two-binomial convolutions hold at most :data:`_PMF_WORK` products
        (:func:`_log_convolve`). Summing the terms' tails costs a Python call per term and
        tail: 14 s for the three tails ``anpo defense`` prints of 60 RVs with 3 decoys each
        (6,091 terms), where the pmf takes 0.4 s once."""
        if self.make_log_pmf is not None:
            return True
        work = sum(t.parts[0].n * t.parts[1].n for t in self.terms if len(t.parts) > 1)
        return work <= _PMF_WORK

    @functools.cached_property
    def _cumulative(self) -> tuple[np.ndarray, np.ndarray]:
        """The log pmf's cumulative sums from below and from above (entry ``j``: ``ln P(S <=
        j)``, ``ln P(S >= j)``)."""
        lp = self._log_pmf
        return _log_cum(lp), _log_cum(lp[::-1])[::-1]

    @functools.cached_property
    def _log_pmf(self) -> np.ndarray:
        """:meth:`log_pmf`, computed once (read-only)."""
        if self.given_log_pmf is not None:
            return self.given_log_pmf
        out = np.full(self.rvs + 1, NEG_INF)
        for term in self.terms:
            la = term.parts[0].log_pmf()
            if len(term.parts) > 1:
                la = _log_convolve(la, term.parts[1].log_pmf())
            width = min(la.size, out.size)
            out[:width] = np.logaddexp(out[:width], term.log_weight + la[:width])
        out.flags.writeable = False
        return out

    def log_pmf(self) -> np.ndarray:
        """``ln P(j leakers)`` for ``j = 0..rvs`` (``-inf``: impossible; a read-only array):
        each term's binomial pmf, or the convolution of its two in log space, mixed in log
        space."""
        return self._log_pmf

    def log_pmf_rest(self) -> np.ndarray:
        """``ln(1 - P(j leakers))`` for ``j = 0..rvs``: the other counts' probability, summed in
        log space from below ``j`` and from above it (``-inf``: ``j`` leakers are certain), so
        that a term a float holds as 1.0 keeps the magnitude of its complement."""
        below, above = self._cumulative
        with np.errstate(invalid="ignore"):
            return np.logaddexp(
                np.concatenate(([NEG_INF], below[:-1])), np.concatenate((above[1:], [NEG_INF]))
            )

    def log_mean(self) -> float:
        """``ln E[leakers]`` (``-inf`` when no RV can leak)."""
        if self.given_log_pmf is not None:
            lp = self.given_log_pmf[1:]
            with np.errstate(divide="ignore"):
                both = np.log(np.arange(1, lp.size + 1, dtype=float)) + lp
            return float(logsumexp(both)) if lp.size and np.any(both > NEG_INF) else NEG_INF
        logs = [t.log_weight + p.log_mean() for t in self.terms for p in t.parts]
        return float(logsumexp(logs)) if logs else NEG_INF


def salvo_terms(
    rvs: int, log_kill: tuple[float, float], reliability: float, mode: str
) -> tuple[Term, ...]:
    """The terms of ``rvs`` RVs each killed with probability ``P_k`` (``log_kill`` =
    ``(ln P_k, ln(1 - P_k))``, :func:`log_salvo_kill`) by a defense of reliability ``rho``:
    per RV ``Bin(N, 1 - rho P_k)``; per raid ``Bin(N, 1 - P_k)`` with weight ``rho`` and
    "all N leak" with ``1 - rho`` [wilkening1999, eqs. 2-4]."""
    return inventory_terms([(rvs, log_kill)], reliability, mode)


def inventory_terms(
    groups: list[tuple[int, tuple[float, float]]],
    reliability: float,
    mode: str,
    log_weight: float = 0.0,
) -> tuple[Term, ...]:
    """Terms of independent groups of RVs (``(count, (ln P_k, ln(1 - P_k)))`` each; a finite
    inventory's ``m - r`` RVs with ``q`` shots and ``r`` with ``q + 1``, [wilkening1999]),
    with the reliability convention of :func:`salvo_terms`, scaled by ``exp(log_weight)``."""
    ln_rho, ln_fail = logs_of(reliability)
    rvs = sum(n for n, _ in groups)
    if mode == "rv":
        parts = []
        for n, (ln_pk, ln_miss) in groups:
            # 1 - rho P_k = (1 - rho) + rho (1 - P_k)
            ln_leak = float(np.logaddexp(ln_fail, ln_rho + ln_miss))
            parts.append(Binomial(n, ln_leak, ln_rho + ln_pk))
        return (Term(log_weight, tuple(parts)),)
    works = Term(
        log_weight + ln_rho, tuple(Binomial(n, ln_miss, ln_pk) for n, (ln_pk, ln_miss) in groups)
    )
    fails = Term(log_weight + ln_fail, (Binomial(rvs, 0.0, NEG_INF),))
    return tuple(t for t in (works, fails) if t.log_weight > NEG_INF)


def shown_value(
    x: float,
    log10_x: float,
    log10_rest: float = math.nan,
    *,
    prob: bool = True,
    possible: bool | None = None,
    rest_possible: bool | None = None,
) -> float:
    """The value to print for ``x``, a float that may have lost what the log space kept
    (``log10_x``, and ``log10_rest`` = ``log10(1 - x)`` for a probability ``prob``; NaN: not
    known, ``-inf``: exactly 0): 0 for an impossible event and 1 for a certain one, whatever
    noise a float sum carries; the smallest positive float for a float 0 whose logarithm is
    finite (0.1**15000), and the largest float below 1 for a float 1 whose complement is not
    0, so that a formatter writes them as the bounds at its last decimal ("< 0.0001%",
    "> 99.9999%"), never as the ends; else ``x``. The one rule of ``anpo defense`` and the
    web's engagement texts. Where no logarithm is known (NaN), ``possible`` and
    ``rest_possible`` say whether ``x`` and ``1 - x`` are positive, decided exactly without a
    magnitude (:meth:`anpo.deterrence.defense.EngagementResult.possible_tails`; None: not
    known), with the same effect as a ``-inf`` or a finite logarithm.

    >>> shown_value(0.0, -15000.0), shown_value(1.0, 0.0, -15000.0) < 1.0
    (5e-324, True)
    >>> shown_value(1e-17, float("-inf")), shown_value(1 - 1e-16, 0.0, float("-inf"))
    (0.0, 1.0)
    >>> shown_value(1.0, 0.5, prob=False), shown_value(0.25, math.log10(0.25))
    (1.0, 0.25)
    >>> nan = math.nan
    >>> shown_value(0.0, nan, possible=True), shown_value(1.0, nan, nan, rest_possible=True) < 1
    (5e-324, True)
    >>> shown_value(1 - 1e-16, nan, nan, rest_possible=False), shown_value(1e-17, nan, possible=False)
    (1.0, 0.0)
    """
    if log10_x == NEG_INF or possible is False:
        return 0.0
    if prob and (log10_rest == NEG_INF or rest_possible is False):
        return 1.0
    if x <= 0.0 and (math.isfinite(log10_x) or possible):
        return math.ulp(0.0)
    if prob and x >= 1.0 and (math.isfinite(log10_rest) or rest_possible):
        return math.nextafter(1.0, 0.0)
    return x


def log10_text(log10_value: float) -> str:
    """A positive number given by its base-10 logarithm, with three significant figures and a
    short exponent, as :func:`anpo.report.format.fmt_number` writes a tiny number
    (``'1e-15000'``, ``'2.33e-401'``): for a value below the float range.

    >>> log10_text(-15000.0), log10_text(math.log10(2.33e-301) - 100)
    ('1e-15000', '2.33e-401')
    """
    exp = math.floor(log10_value)
    mantissa = 10.0 ** (log10_value - exp)
    if round(mantissa, 2) >= 10.0:
        mantissa, exp = mantissa / 10.0, exp + 1
    text = f"{mantissa:.2f}".rstrip("0").rstrip(".")
    return f"{text}e{exp}"


# ----------------------------------------------------------------- one layer, no closed form
#: Most elementary operations :func:`layer_log_pmf_work` allows :func:`layer_log_pmf`: 3e7 is
#: about a tenth of a second of its vectorised log sums; beyond it a caller decides only which
#: events are possible (:attr:`anpo.deterrence.defense.EngagementResult.known_support`).
LAYER_LOG_WORK = 30_000_000


def _lse0(a: np.ndarray) -> np.ndarray:
    """``ln sum exp`` of a 2-D array down its columns (``-inf`` for a column of ``-inf``),
    shifted by each column's largest term: :func:`scipy.special.logsumexp` without its
    per-call overhead (half a millisecond, which thousands of small columns add up)."""
    top = np.max(a, axis=0)
    shift = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(np.sum(np.exp(a - shift), axis=0)) + shift


def _log_leak(log_miss: float, ln_rho: float, ln_fail: float, shots: int) -> tuple[float, float]:
    """``(ln l, ln(1 - l))`` of ``l = (1 - rho) + rho (1-k)^q``, the leak of one object given
    ``q`` shots of miss probability ``1 - k`` (``log_miss = ln(1 - k)``) by a layer tracking it
    with probability ``rho`` (``ln_rho``, ``ln_fail = ln(1 - rho)``) [wilkening1999, eq. 3]."""
    if shots <= 0 or ln_rho == NEG_INF:
        return 0.0, NEG_INF
    ln_miss_all = shots * log_miss if log_miss > NEG_INF else NEG_INF
    ln_leak = float(np.logaddexp(ln_fail, ln_rho + ln_miss_all))
    return ln_leak, ln_rho + log1mexp(ln_miss_all)


def _spread_log_pmf(
    t: int, budget: int, log_miss: float, ln_rho: float, ln_fail: float
) -> np.ndarray:
    """``ln P(s survive)``, ``s = 0..t``, of ``t`` objects sharing ``budget`` interceptors as
    evenly as possible (``q = budget // t`` each, ``q + 1`` for ``budget mod t`` of them):
    ``Bin(t - r, l_q) + Bin(r, l_(q+1))`` (the finite inventory [wilkening1999])."""
    if t == 0:
        return np.zeros(1)
    q, r = divmod(budget, t)
    la = Binomial(t - r, *_log_leak(log_miss, ln_rho, ln_fail, q)).log_pmf()
    if r == 0:
        return la
    lb = Binomial(r, *_log_leak(log_miss, ln_rho, ln_fail, q + 1)).log_pmf()
    if la.size < lb.size:
        la, lb = lb, la
    # the convolution in one array (rows: the shorter pmf), summed along each count x
    x = np.arange(t + 1)
    i = np.arange(lb.size)[:, None]
    other = x[None, :] - i
    ok = (other >= 0) & (other < la.size)
    terms = np.where(ok, lb[:, None] + la[np.clip(other, 0, la.size - 1)], NEG_INF)
    return _lse0(terms)


def _binomial_rows(n_max: int, ln_p: float, ln_1mp: float) -> np.ndarray:
    """``M[n, s] = ln P(Bin(n, p) = s)`` for ``n, s = 0..n_max`` (``-inf`` for ``s > n``),
    from a table of log factorials."""
    lf = gammaln(np.arange(n_max + 1, dtype=float) + 1.0)
    n = np.arange(n_max + 1)[:, None]
    s = np.arange(n_max + 1)[None, :]
    rest = n - s
    with np.errstate(invalid="ignore"):
        a = np.where(s > 0, s * ln_p, 0.0)
        b = np.where(rest > 0, rest * ln_1mp, 0.0)
        out = lf[n] - lf[s] - lf[np.maximum(rest, 0)] + a + b
    out[rest < 0] = NEG_INF
    return out


def layer_survivors_log_pmf(
    t: int,
    inventory: int,
    shots: int,
    second: int,
    sspk: float,
    rho_rv: float,
    rows_cache: dict[tuple[float, float], np.ndarray] | None = None,
) -> np.ndarray:
    """``ln P(s objects survive)``, ``s = 0..t``, of ``t`` objects engaged by one working layer
    (the model of ``anpo.deterrence._engine.layer_survivors``, exact and in log space): the
    first salvo spreads ``min(inventory, shots t)`` interceptors evenly; with shoot-look-shoot
    (``second > 0``) and interceptors left, the layer looks and spreads ``min(left, second s1)``
    over the ``s1`` survivors, each tracked with the posterior ``rho2 = rho (1-k)^shots /
    (1 - rho + rho (1-k)^shots)`` (per-RV tracking ``rho_rv``, drawn once per object)
    [wilkening1999, shoot-look-shoot and finite inventories]. Every term is kept: no window, no
    skipped state. ``rows_cache`` keeps the second salvo's binomial rows between calls for
    several ``t`` (:func:`layer_log_pmf`)."""
    log_miss = math.log1p(-sspk) if sspk < 1.0 else NEG_INF
    ln_rho, ln_fail = logs_of(rho_rv)
    if t == 0:
        return np.zeros(1)
    budget = min(inventory, shots * t)
    remaining = inventory - budget
    if second <= 0 or remaining == 0:
        return _spread_log_pmf(t, budget, log_miss, ln_rho, ln_fail)
    leak1 = _log_leak(log_miss, ln_rho, ln_fail, shots)
    first = Binomial(t, *leak1).log_pmf()
    ln_alive = leak1[0]  # ln l_shots
    if ln_alive == NEG_INF:  # every object dies in the first salvo
        return first
    ln_rho2 = ln_rho + (shots * log_miss if log_miss > NEG_INF else NEG_INF) - ln_alive
    ln_rho2 = min(ln_rho2, 0.0)
    ln_fail2 = ln_fail - ln_alive if ln_fail > NEG_INF else NEG_INF
    out = np.full(t + 1, NEG_INF)
    smax = min(remaining // second, t)
    # survivor counts the second salvo covers in full: second shots each, one matrix
    leak2 = _log_leak(log_miss, ln_rho2, ln_fail2, second)
    rows = None if rows_cache is None else rows_cache.get(leak2)
    if rows is None or rows.shape[0] <= smax:
        rows = _binomial_rows(smax, *leak2)
        if rows_cache is not None:
            rows_cache[leak2] = rows
    rows = rows[: smax + 1, : smax + 1]
    block = _lse0(first[: smax + 1, None] + rows)
    out[: smax + 1] = block
    for s1 in range(smax + 1, t + 1):  # the rest share what is left
        if first[s1] == NEG_INF:
            continue
        part = _spread_log_pmf(s1, remaining, log_miss, ln_rho2, ln_fail2)
        seg = out[: s1 + 1]
        np.logaddexp(seg, first[s1] + part, out=seg)
    return out


def _layer_work(t: int, inventory: int, shots: int, second: int) -> float:
    """Elementary operations of :func:`layer_survivors_log_pmf` for ``t`` objects, a numpy
    call counted as :data:`_CALL_WORK` of them."""
    if t == 0:
        return 1.0
    budget = min(inventory, shots * t)
    remaining = inventory - budget
    if second <= 0 or remaining == 0:
        return float((t + 1) * (min(budget % t, t - budget % t) + 1)) + _CALL_WORK
    smax = min(remaining // second, t)
    s1 = np.arange(smax + 1, t + 1, dtype=float)
    r2 = np.mod(remaining, np.maximum(s1, 1.0))
    spread = np.sum((s1 + 1.0) * (np.minimum(r2, s1 - r2) + 1.0) + _CALL_WORK)
    return float((smax + 1) * (t + 1) + spread)


#: One Python-level step's overhead (a few numpy calls, about 0.3 ms measured) in elementary
#: operations (about 3 ns each).
_CALL_WORK = 100_000.0


@dataclass(frozen=True)
class OneLayer:
    """The numbers of one layer that :func:`layer_log_pmf`, :func:`layer_support` and
    :func:`layer_log_pmf_work` read: a row of the layers' arrays
    (:meth:`anpo.deterrence.defense.LayerArrays.row`), as [wilkening1999] describes a layer
    (interceptors spread evenly, ``shots`` per object then ``second`` per survivor with
    shoot-look-shoot, SSPK, reliability per raid or per RV) with the probability that a decoy is
    recognised ([sessler2000]). One record where the three took the same eight arguments."""

    discrimination: float
    inventory: int
    shots: int
    second: int
    sspk: float
    reliability: float
    raid: bool


def layer_log_pmf_work(rvs: int, decoys: int, layer: OneLayer) -> float:
    """Estimated elementary operations of :func:`layer_log_pmf`: the survivors of ``rvs + u``
    objects and their hypergeometric mixing for each count ``u`` of unrecognised decoys,
    0..``decoys`` (the survivors' work is not monotone in ``u``: more objects can leave nothing
    for a second salvo); compared with :data:`LAYER_LOG_WORK`, and ``inf`` as soon as the
    mixing alone exceeds it."""
    inventory, shots, second = layer.inventory, layer.shots, layer.second
    if (decoys + 1) * (3.0 * (rvs + 1) * (rvs + 1) + _CALL_WORK) > LAYER_LOG_WORK:
        return math.inf
    total = 0.0
    for u in range(decoys + 1):
        t = rvs + u
        total += _layer_work(t, inventory, shots, second) + 3.0 * (t + 1) * (rvs + 1) + _CALL_WORK
        if total > LAYER_LOG_WORK:
            return math.inf
    return total


def layer_log_pmf(rvs: int, decoys: int, layer: OneLayer) -> np.ndarray:
    """``ln P(j RVs leak)``, ``j = 0..rvs``, of ``rvs`` RVs with ``decoys`` decoys in all
    engaged by one layer (its whole footprint, no common-mode element), in log space and
    exact: the ``U ~ Bin(decoys, 1 - discrimination)`` unrecognised decoys are engaged with the
    RVs, ``T = rvs + U`` objects the layer cannot tell apart (:func:`layer_survivors_log_pmf`);
    the survivors are a uniformly random subset of the ``T``, so the RVs among ``s`` survivors
    are hypergeometric; per raid the layer works with probability ``reliability`` and else
    every RV leaks, per RV ``reliability`` is each object's tracking ([wilkening1999]; decoys
    after [sessler2000], as ``anpo.deterrence._engine``'s module docstring states them). For the
    engagements without a closed form (shoot-look-shoot short of interceptors, decoys it
    engages) whose floats underflow: all ten RVs of ``--sls 1,2 --interceptors 25`` at SSPK 0.9
    leak with 1e-25 (0.1**10, then 0.1**15), a float 0.

    >>> lp = layer_log_pmf(10, 0, OneLayer(1.0, 25, 1, 2, 0.9, 1.0, True))
    >>> round(float(lp[10]) / math.log(10), 2)
    -25.0
    """
    discrimination, inventory, shots, second = (
        layer.discrimination,
        layer.inventory,
        layer.shots,
        layer.second,
    )
    sspk, reliability, raid = layer.sspk, layer.reliability, layer.raid
    rho_rv = 1.0 if raid else reliability
    ln_u = Binomial(decoys, *logs_of(1.0 - discrimination)).log_pmf()
    out = np.full(rvs + 1, NEG_INF)
    j = np.arange(rvs + 1)[None, :]
    lf = gammaln(np.arange(rvs + decoys + 1, dtype=float) + 1.0)  # ln n!
    cache: dict[tuple[float, float], np.ndarray] = {}
    for u in range(decoys + 1):
        if ln_u[u] == NEG_INF:
            continue
        t = rvs + u
        surv = layer_survivors_log_pmf(t, inventory, shots, second, sspk, rho_rv, cache)
        if u == 0:
            mixed = surv
        else:  # RVs among s survivors of rvs + u objects: hypergeometric
            s = np.arange(t + 1)[:, None]
            d = s - j
            ok = (d >= 0) & (d <= u)
            dd = np.clip(d, 0, u)
            lh = (
                lf[rvs]
                - lf[j]
                - lf[rvs - j]
                + lf[u]
                - lf[dd]
                - lf[u - dd]
                - (lf[t] - lf[s] - lf[t - s])
            )
            lh = np.where(ok, lh, NEG_INF)
            mixed = _lse0(surv[:, None] + lh)
        np.logaddexp(out, ln_u[u] + mixed, out=out)
    if raid:
        ln_rho, ln_fail = logs_of(reliability)
        out = out + ln_rho
        out[rvs] = float(np.logaddexp(out[rvs], ln_fail))
    return out


def layer_support(rvs: int, decoys: int, layer: OneLayer) -> tuple[tuple[int, int], ...]:
    """The counts of RVs that leak with positive probability through the one layer of
    :func:`layer_log_pmf` (salvo or shoot-look-shoot alike), as ranges ``(fewest, most)``
    (each count between is possible): the working layer's, and per raid ``(rvs, rvs)`` for a
    layer that can fail. Decided exactly, without a magnitude, for an engagement too large
    for the log pmf (:data:`LAYER_LOG_WORK`). The engagements themselves decide it by one
    mechanism for any layers (:mod:`anpo.deterrence._possible`, on first use:
    :attr:`anpo.deterrence.defense.EngagementResult.known_support`); this closed statement of
    the one-layer case, written from the rules independently of that pass, is kept as the
    check the tests hold it to (tests/test_defense_possible.py). An object given a shot can
    die when the layer can kill (SSPK and tracking above 0) and can survive when a shot can
    miss (SSPK or tracking below 1); an object given none survives. The first
    salvo shoots ``min(T, inventory, shots T)`` of the ``T = rvs + u`` objects (``u``
    unrecognised decoys), and a second salvo only follows when every object got its shots; the
    RVs among ``s`` survivors of ``T`` are any count from ``max(0, s - u)`` to ``min(rvs, s)``
    (a uniformly random subset); per raid a failed layer lets all ``rvs`` through
    [wilkening1999, as :func:`layer_log_pmf` models it].

    >>> layer_support(30, 300, OneLayer(0.3, 20, 1, 0, 1.0, 1.0, True))  # 20 sure kills
    ((10, 30),)
    >>> layer_support(10, 0, OneLayer(1.0, 25, 1, 2, 0.9, 1.0, True))
    ((0, 10),)
    >>> layer_support(4, 0, OneLayer(1.0, 6, 2, 0, 1.0, 0.5, True))  # all die, or it fails
    ((0, 0), (4, 4))
    """
    discrimination, inventory, shots = layer.discrimination, layer.inventory, layer.shots
    sspk, reliability, raid = layer.sspk, layer.reliability, layer.raid
    rho_rv = 1.0 if raid else reliability
    works = not raid or reliability > 0.0
    fails = raid and reliability < 1.0
    if decoys == 0 or discrimination >= 1.0:
        us = np.array([0])
    elif discrimination <= 0.0:
        us = np.array([decoys])
    else:
        us = np.arange(decoys + 1)
    ranges: list[tuple[int, int]] = []
    if works:
        t = rvs + us
        unshot = t - np.minimum(t, np.minimum(inventory, shots * t))
        if sspk <= 0.0 or rho_rv <= 0.0:  # nothing dies
            ranges.append((rvs, rvs))
        else:
            fewest = int(np.min(np.maximum(0, unshot - us)))
            miss = sspk < 1.0 or rho_rv < 1.0
            most = rvs if miss else int(np.max(np.minimum(rvs, unshot)))
            ranges.append((fewest, most))
    if fails:
        ranges.append((rvs, rvs))
    return tuple(ranges)
