"""Ballistic-missile-defense interception model.

Source: [wilkening1999]. Notation follows the paper: ``N`` attacking
re-entry vehicles (RVs) in the defended phase, ``n`` interceptors per RV, ``k`` the single-shot
kill probability (SSPK), ``rho`` the probability that the common elements (sensors,
discrimination, battle management) work.

Two reliability conventions exist and the choice is always explicit:

- ``"raid"`` (the default; Wilkening's point that common-mode failures cap effectiveness): the
  common elements work or fail once for the whole raid, so ``P0 = rho * Pk**N`` and the leaker
  distribution is a mixture: with probability ``rho`` each RV independently leaks with
  probability ``1 - Pk``; with probability ``1 - rho`` every RV leaks.
- ``"rv"``: reliability applies to every RV independently, ``P0 = (rho * Pk)**N`` (never more
  favourable to the defense than ``"raid"``). Wilkening's worked figures with a tracking
  probability of 0.99 (113 barrage interceptors for 20 RVs at SSPK 0.7 and 80% confidence, a
  tracking probability above 0.978 for 10 RVs), as quoted in [yusufov2026], follow this
  convention: tracking is per RV there. Several public calculators use it too. In a layer
  (:class:`Layer`), the per-RV reliability is drawn once per engaged object for the whole
  layer, common to every interceptor fired at it: with shoot-look-shoot, an object the layer
  does not track survives the first salvo, is seen at the look like any survivor, draws its
  share of the second salvo and survives it too, so with enough interceptors
  ``P0 = (rho (1 - (1-k)^(n1+n2)))^N`` [wilkening1999, as quoted in yusufov2026].

Both conventions have the same expected number of leakers, ``N * (1 - rho * Pk)``.

All functions broadcast over numpy arrays of parameters. Results that are distributions carry the
full probability mass function of the number of leakers (index = number of leakers), not only the
mean.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from scipy import stats

from anpo._checks import broadcast as _broadcast
from anpo._checks import numbers as _numbers
from anpo._checks import whole_numbers
from anpo.deterrence import logprob
from anpo.deterrence.layer import Layer, check_missile_class
from anpo.errors import InputError

__all__ = [
    "EngagementResult",
    "engagement",
    "inventory_engagement",
    "decoy_engagement",
    "layered_leak",
    "layered_engagement",
    "shots_required",
    "shoot_look_shoot",
    "kill_probability",
    "Layer",
    "RVGroup",
    "check_pmf",
    "PMF_TOLERANCE",
    "LayerArrays",
    "layer_arrays",
    "arrivals",
]

_MODES = ("raid", "rv")


# ----------------------------------------------------------------------------- validation
def _prob(name: str, value: object) -> np.ndarray:
    """A probability (or array of them) as floats; ``True``/``False`` are refused as the counts'
    check refuses them (True was read as an SSPK of 1; :func:`anpo._checks.numbers`)."""
    arr = _numbers(name, value)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0.0) or np.any(arr > 1.0):
        raise InputError(f"must be a probability in [0, 1], got {value!r}", field=name)
    return arr


def _count(name: str, value: object, minimum: int | None = 0) -> np.ndarray:
    """A count (or array of counts) as int64, at least ``minimum`` (:func:`anpo._checks.whole_numbers`;
    floats beyond int64 are refused: the cast gave -2**63 and 'must be >= 0')."""
    return whole_numbers(value, name, minimum=minimum, limit=2.0**63)


#: How far from 1 the mass of a probability mass function may be (:func:`check_pmf`: the
#: groups of :class:`RVGroup` and :func:`arrivals`, and
#: :func:`anpo.deterrence.exchange.at_least`; the exchange's pmfs are 1 to within 1e-13 after
#: pruning).
PMF_TOLERANCE = 1e-6


def check_pmf(pmf: object, name: str = "pmf") -> np.ndarray:
    """``pmf`` as a 1-D float array when it is a probability mass function (not empty, finite,
    each probability at least 0, summing to 1 within :data:`PMF_TOLERANCE`), else an
    :class:`~anpo.errors.InputError` naming ``name``.

    >>> check_pmf([0.25, 0.75])
    array([0.25, 0.75])
    >>> check_pmf([0.5, 0.7], "groups[0].pmf")
    Traceback (most recent call last):
    ...
    anpo.errors.InputError: groups[0].pmf: must sum to 1 (sums to 1.2)
    """
    arr = _numbers(name, pmf)
    if arr.ndim != 1 or arr.size == 0:
        raise InputError(
            f"must be a 1-D probability mass function, got shape {arr.shape}", field=name
        )
    if not np.all(np.isfinite(arr)):
        raise InputError(
            "must be a probability mass function of finite numbers, got NaN or an infinity",
            field=name,
        )
    if np.any(arr < 0.0):
        raise InputError(
            f"must be a probability mass function (each probability >= 0), got {arr.min():.6g}",
            field=name,
        )
    total = float(arr.sum())
    if abs(total - 1.0) > PMF_TOLERANCE:
        raise InputError(f"must sum to 1 (sums to {total:.6g})", field=name)
    return arr


def _mode(mode: str) -> str:
    # an array was numpy's 'truth value of an array is ambiguous'
    if not isinstance(mode, str) or mode not in _MODES:
        raise InputError(f"must be 'raid' or 'rv', got {mode!r}", field="reliability_mode")
    return mode


def _scalar_or_array(x: np.ndarray) -> float | np.ndarray:
    return float(x) if np.ndim(x) == 0 else x


# ----------------------------------------------------------------------------- results
@dataclass(frozen=True)
class EngagementResult:
    """Outcome of an engagement.

    Attributes
    ----------
    p_no_leak: probability that no RV leaks through (``P0``).
    expected_leakers: mean number of leaking RVs.
    leaker_pmf: probability mass function of the number of leakers, shape ``(..., N_max + 1)``;
        for scalar inputs a 1-D array of length ``N + 1``.
    rvs: the number of attacking RVs (broadcast shape of the inputs).
    log_leakers: the same distribution in log space (:class:`anpo.deterrence.logprob.LogLeakers`)
        where the model has a closed form and the inputs are single numbers (the salvo, the
        finite inventory, the decoy model, one layer with an interceptor for every shot of its
        doctrine), else None. The floats above underflow to 0 or round to 1 where the
        probability is strictly between (P(no leaker) of 15,000 RVs at SSPK 0.1 is 1e-15000);
        :meth:`log10_p_at_least`, :attr:`p_no_leak_log10` and :attr:`expected_leakers_log10`
        give their magnitude. For one layer without a closed form (shoot-look-shoot short of
        interceptors, decoys it engages) it is the pmf computed in log space
        (:func:`anpo.deterrence.logprob.layer_log_pmf`, on first use) when that is cheap.
    support_maker: for the results of :func:`arrivals` and :func:`layered_engagement` (any
        layers, footprints, common-mode groups, groups), what decides which leaker counts have
        positive probability, exactly, when first asked (:attr:`known_support`, the one
        mechanism: :mod:`anpo.deterrence._possible`); :meth:`possible_tails` and
        :meth:`possible_count` read it where :attr:`log_leakers` does not say.
    support_first: True for one layer without a closed form (:func:`layered_engagement`):
        its support (:attr:`leaker_support`) decides the texts before its log pmf, which costs
        up to tenths of a second and gives magnitudes the web's texts do not print.
    """

    p_no_leak: float | np.ndarray
    expected_leakers: float | np.ndarray
    leaker_pmf: np.ndarray
    rvs: int | np.ndarray
    log_leakers: logprob.LogLeakers | None = field(default=None, repr=False, compare=False)
    support_maker: Callable[[], tuple[tuple[int, int], ...] | None] | None = field(
        default=None, repr=False, compare=False
    )
    support_first: bool = field(default=False, repr=False, compare=False)

    @functools.cached_property
    def known_support(self) -> tuple[tuple[int, int], ...] | None:
        """The leaker counts of positive probability as ranges ``(fewest, most)`` (every
        count between possible), the one :attr:`support_maker` decides exactly on first use
        (:func:`arrivals`, :func:`layered_engagement`: any layers, footprints, common-mode
        groups, decoys and groups, by a boolean pass of the engine's propagation,
        :mod:`anpo.deterrence._possible`); None when not known (no maker, or past its work
        caps)."""
        return None if self.support_maker is None else self.support_maker()

    @property
    def leaker_support(self) -> tuple[tuple[int, int], ...] | None:
        """:attr:`known_support` for one layer without a closed form (:attr:`support_first`:
        shoot-look-shoot short of interceptors, decoys it engages), else None: the support
        that decides every 0 and 100% of such a layer's texts before its log pmf is built
        (:meth:`possible_tails` reads it first; the web's texts, which print no magnitude,
        need nothing more). Decided on first use by :mod:`anpo.deterrence._possible`, the
        one mechanism for every engagement [wilkening1999, decoys after sessler2000].

        >>> short = Layer(interceptors=25, sspk=0.9, doctrine="shoot-look-shoot", second_shots=2)
        >>> layered_engagement(10, [short]).leaker_support
        ((0, 10),)
        >>> layered_engagement(10, [Layer(interceptors=40, sspk=0.9)]).leaker_support is None
        True
        """
        return self.known_support if self.support_first else None

    def possible_tails(self, m: int) -> tuple[bool | None, bool | None]:
        """``(P(at least m leak) > 0, P(fewer than m leak) > 0)`` for one case, decided exactly
        (the support of the leakers, not their floats): from :attr:`leaker_support` or
        :attr:`log_leakers` (a finite logarithm); ``m <= 0`` and ``m > rvs`` decide themselves;
        else from :attr:`known_support` (several layers, footprints, common-mode groups, several
        groups: :func:`arrivals`); None where nothing says (arrays of cases, or a support too
        large to decide). A float 0 of a possible event prints as the bound "< 0.0001%", never
        as "0.0000%" (:func:`anpo.deterrence.logprob.shown_value`).

        >>> layered_engagement(10, [Layer(interceptors=15, sspk=1.0)]).possible_tails(5)
        (False, True)
        >>> two = [Layer(interceptors=40, sspk=0.9, shots=2, reliability=0.99,
        ...              reliability_mode="rv")] * 2
        >>> r = layered_engagement(10, two)  # every RV can go untracked by both layers
        >>> float(r.p_at_least(10)), r.possible_tails(10)
        (0.0, (True, True))
        """
        mm = int(_count("m", m, minimum=None))
        if mm <= 0:
            return True, False
        if self.leaker_support is None:  # else one layer's support decides before its logs
            if self.log_leakers is not None:
                up, low = self.log_leakers.log_tails(mm)
                return up > -math.inf, low > -math.inf
            if np.ndim(self.rvs) == 0 and mm > int(self.rvs):
                return False, True
        support = self.known_support
        if support is not None:
            return any(hi >= mm for _, hi in support), any(lo < mm for lo, _ in support)
        return None, None

    def possible_count(self, j: int) -> tuple[bool | None, bool | None]:
        """``(P(exactly j leak) > 0, P(not exactly j leak) > 0)`` for one case, decided
        exactly from :attr:`known_support` (:attr:`leaker_support` is the same); None where it
        is not known (a closed form, whose logarithms say it, or a support too large to decide).
        The point counterpart of :meth:`possible_tails`, for the texts of the leaker pmf.

        >>> sls = Layer(
        ...     interceptors=6, sspk=1.0, doctrine="shoot-look-shoot", second_shots=2,
        ...     reliability=0.5,
        ... )
        >>> res = layered_engagement(4, [sls])  # all killed, or the layer fails
        >>> res.possible_count(0), res.possible_count(2)
        ((True, True), (False, True))
        """
        if self.leaker_support is None and self.log_leakers is not None:
            return None, None  # the logarithms say it
        support = self.known_support
        if support is None:
            return None, None
        jj = int(_count("j", j, minimum=None))
        return (
            any(lo <= jj <= hi for lo, hi in support),
            any((lo, hi) != (jj, jj) for lo, hi in support),
        )

    def log10_p_at_least(self, m: int) -> tuple[float, float]:
        """``(log10 P(at least m leak), log10 P(fewer than m leak))`` for one case (scalar
        inputs), each computed in log space when :attr:`log_leakers` is known: a probability a
        float holds as 0 or 1 keeps its magnitude (``-15000`` for 1e-15000), and ``-inf`` means
        the event is impossible. Without :attr:`log_leakers` (arrays of cases, several layers)
        the logs of the float values, NaN where a float is 0 or 1 and the model does not say
        whether the probability is (``m <= 0`` and ``m > rvs`` it does: certain and
        impossible). [wilkening1999]; :mod:`anpo.deterrence.logprob`.

        >>> r = engagement(15000, 0.1, 1)
        >>> r.p_no_leak, round(r.log10_p_at_least(1)[1], 6)
        (0.0, -15000.0)
        """
        mm = int(_count("m", m, minimum=None))
        if self.log_leakers is not None:
            up, low = self.log_leakers.log_tails(mm)
            return up / math.log(10.0), low / math.log(10.0)
        if np.ndim(self.rvs) != 0:
            raise InputError("takes the result of a single case (scalar inputs)", field="m")
        if mm <= 0:
            return 0.0, float("-inf")
        if mm > int(self.rvs):
            return float("-inf"), 0.0
        p = float(self.p_at_least(mm))
        low = float(np.sum(self.leaker_pmf[:mm]))  # summed apart: it may be 0 where p < 1
        nan = float("nan")
        if 0.0 < p < 1.0:
            return math.log10(p), math.log10(low) if low > 0.0 else nan
        return nan, nan

    @property
    def p_no_leak_log10(self) -> float:
        """``log10 P(no leaker)`` (:meth:`log10_p_at_least` at ``m = 1``, its second value)."""
        return self.log10_p_at_least(1)[1]

    @property
    def expected_leakers_log10(self) -> float:
        """``log10`` of the expected leakers, in log space when :attr:`log_leakers` is known
        (``-inf``: no RV can leak), else of the float (NaN for a float 0)."""
        if self.log_leakers is not None:
            return self.log_leakers.log_mean() / math.log(10.0)
        e = float(self.expected_leakers)
        return math.log10(e) if e > 0.0 else float("nan")

    def p_at_least(self, m: int | np.ndarray) -> float | np.ndarray:
        """P(at least ``m`` RVs leak through); ``m`` whole numbers (1 for ``m <= 0``).

        A fractional or non-finite ``m`` is an :class:`InputError` (``2.5`` was read as 2 and
        gave P(at least 2), ``nan`` a numpy ValueError)."""
        m_arr = _count("m", m, minimum=None)
        cdf_tail = np.flip(np.cumsum(np.flip(self.leaker_pmf, axis=-1), axis=-1), axis=-1)
        size = cdf_tail.shape[-1]
        idx = np.clip(m_arr, 0, size - 1)
        out = np.take_along_axis(
            np.broadcast_to(
                cdf_tail, np.broadcast_shapes(cdf_tail.shape[:-1], m_arr.shape) + (size,)
            ),
            np.broadcast_to(idx, np.broadcast_shapes(cdf_tail.shape[:-1], m_arr.shape))[..., None],
            axis=-1,
        )[..., 0]
        out = np.where(m_arr <= 0, 1.0, np.where(m_arr >= size, 0.0, out))
        return _scalar_or_array(np.clip(out, 0.0, 1.0))


# ----------------------------------------------------------------------------- primitives
def kill_probability(sspk: float | np.ndarray, shots: int | np.ndarray) -> float | np.ndarray:
    """Per-RV kill probability of a salvo of ``shots`` independent interceptors.

    ``P_k = 1 - (1 - k)**n`` [wilkening1999, eq. 1].
    """
    k, n = _broadcast(sspk=_prob("sspk", sspk), shots=_count("shots", shots))
    return _scalar_or_array(1.0 - (1.0 - k) ** n)


#: Most points the leaker pmfs of one call may hold (all cases together): 2e7 float64 values,
#: 160 MB per array. The largest arsenal ever fielded held about 70,000 warheads (FAS/OWID
#: stockpiles, the Soviet Union in 1986), so one case stays far inside it.
MAX_PMF_POINTS = 20_000_000


def _pmf_size(counts: np.ndarray, field: str) -> int:
    """The pmfs' length (the largest count + 1), or an :class:`InputError` naming ``field``
    when the cases' pmfs would exceed :data:`MAX_PMF_POINTS` (a MemoryError before)."""
    size = int(counts.max(initial=0)) + 1
    points = size * max(int(counts.size), 1)
    if points > MAX_PMF_POINTS:
        raise InputError(
            f"too large for the exact leaker distribution: {points:.3g} points over "
            f"{int(counts.size)} case(s) of up to {size - 1:,} objects (at most "
            f"{MAX_PMF_POINTS:.0e}); give fewer objects or fewer cases per call",
            field=field,
        )
    return size


def _binom_pmf_grid(n: np.ndarray, p: np.ndarray, size: int) -> np.ndarray:
    """Binomial pmf over 0..size-1 for broadcast arrays ``n`` (ints) and ``p``."""
    j = np.arange(size)
    n_b = np.asarray(n)[..., None]
    p_b = np.asarray(p, dtype=float)[..., None]
    out = stats.binom.pmf(j, n_b, p_b)
    return np.where(j <= n_b, out, 0.0)


def _mix_reliability(
    pmf_working: np.ndarray, rvs: np.ndarray, rho: np.ndarray, mode: str
) -> np.ndarray:
    """Per-raid reliability: mix the working-system pmf with "everything leaks"."""
    if mode == "rv":
        return pmf_working
    size = pmf_working.shape[-1]
    all_leak = (np.arange(size) == np.asarray(rvs)[..., None]).astype(float)
    rho_b = np.asarray(rho)[..., None]
    return rho_b * pmf_working + (1.0 - rho_b) * all_leak


def engagement(
    rvs: int | np.ndarray,
    sspk: float | np.ndarray,
    shots_per_rv: int | np.ndarray,
    reliability: float | np.ndarray = 1.0,
    reliability_mode: str = "raid",
) -> EngagementResult:
    """Salvo engagement of ``rvs`` RVs with ``shots_per_rv`` interceptors each.

    [wilkening1999], eqs. 1-4: ``P_k = 1-(1-k)^n``; zero leakage ``P0 = rho * P_k^N``
    (``"raid"``) or ``(rho * P_k)^N`` (``"rv"``); expected leakers ``N (1 - rho P_k)``. The leaker
    distribution is binomial, or under per-raid reliability the mixture described in the module
    docstring.

    >>> r = engagement(10, 0.5, 4)
    >>> round(r.p_no_leak, 6), round(r.expected_leakers, 6)
    (0.52446, 0.625)
    """
    mode = _mode(reliability_mode)
    n_rv = _count("rvs", rvs)
    k = _prob("sspk", sspk)
    n = _count("shots_per_rv", shots_per_rv)
    rho = _prob("reliability", reliability)
    n_rv, k, n, rho = _broadcast(rvs=n_rv, sspk=k, shots_per_rv=n, reliability=rho)
    pk = 1.0 - (1.0 - k) ** n
    per_rv_kill = pk * rho if mode == "rv" else pk
    size = _pmf_size(n_rv, "rvs")
    pmf = _binom_pmf_grid(n_rv, 1.0 - per_rv_kill, size)
    pmf = _mix_reliability(pmf, n_rv, rho, mode)
    if mode == "raid":
        p0 = rho * pk**n_rv
    else:
        p0 = (rho * pk) ** n_rv
    p0 = np.where(n_rv == 0, 1.0, p0)  # no RV, no leaker (whatever the defense does)
    expected = n_rv * (1.0 - rho * pk)
    log_leakers = None
    if n_rv.ndim == 0:
        # made on first use: most callers read only the floats (4% of a call when eager)
        log_leakers = logprob.LogLeakers.from_terms(
            int(n_rv),
            functools.partial(_salvo_terms, int(n_rv), float(k), int(n), float(rho), mode),
        )
    return EngagementResult(
        p_no_leak=_scalar_or_array(p0),
        expected_leakers=_scalar_or_array(expected),
        leaker_pmf=pmf,
        rvs=int(n_rv) if n_rv.ndim == 0 else n_rv,
        log_leakers=log_leakers,
    )


def _salvo_terms(
    rvs: int, sspk: float, shots: int, rho: float, mode: str
) -> tuple[logprob.Term, ...]:
    """The log-space terms of :func:`engagement`'s salvo [wilkening1999, eqs. 1-4]
    (:func:`anpo.deterrence.logprob.salvo_terms`)."""
    return logprob.salvo_terms(rvs, logprob.log_salvo_kill(sspk, shots), rho, mode)


def _even_spread(rvs: np.ndarray, interceptors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``q = floor(I/m)`` shots for ``m - r`` RVs and ``q + 1`` for ``r = I mod m`` RVs."""
    safe = np.maximum(rvs, 1)
    q = np.where(rvs > 0, interceptors // safe, 0)
    r = np.where(rvs > 0, interceptors % safe, 0)
    return q, r


# dup-ok: signatures of the engagement functions are alike in shape (float-or-array arguments);
# each is its own model.
def inventory_engagement(
    rvs: int | np.ndarray,
    interceptors: int | np.ndarray,
    sspk: float | np.ndarray,
    reliability: float | np.ndarray = 1.0,
    reliability_mode: str = "raid",
) -> EngagementResult:
    """A finite inventory ``I`` spread as evenly as possible over ``m`` RVs.

    With ``q = floor(I/m)`` and ``r = I mod m``, ``m - r`` RVs face ``q`` interceptors and ``r``
    face ``q + 1`` [wilkening1999, sec. on finite inventories]:
    ``P0 = [1-(1-k)^q]^(m-r) * [1-(1-k)^(q+1)]^r``. The number of leakers is the sum of two
    independent binomials, ``Bin(m-r, (1-k)^q) + Bin(r, (1-k)^(q+1))``, mixed with the
    reliability convention as in :func:`engagement`.
    """
    mode = _mode(reliability_mode)
    m = _count("rvs", rvs)
    inv = _count("interceptors", interceptors)
    k = _prob("sspk", sspk)
    rho = _prob("reliability", reliability)
    m, inv, k, rho = _broadcast(rvs=m, interceptors=inv, sspk=k, reliability=rho)
    q, r = _even_spread(m, inv)
    pk_q = 1.0 - (1.0 - k) ** q
    pk_q1 = 1.0 - (1.0 - k) ** (q + 1)
    if mode == "rv":
        kill_q, kill_q1 = rho * pk_q, rho * pk_q1
    else:
        kill_q, kill_q1 = pk_q, pk_q1
    size = _pmf_size(m, "rvs")
    pmf_a = _binom_pmf_grid(m - r, 1.0 - kill_q, size)
    pmf_b = _binom_pmf_grid(r, 1.0 - kill_q1, size)
    pmf = _convolve_last(pmf_a, pmf_b, size)
    pmf = _mix_reliability(pmf, m, rho, mode)
    if mode == "raid":
        p0 = rho * pk_q ** (m - r) * pk_q1**r
        expected = m - rho * ((m - r) * pk_q + r * pk_q1)
    else:
        p0 = kill_q ** (m - r) * kill_q1**r
        expected = m - ((m - r) * kill_q + r * kill_q1)
    p0 = np.where(m == 0, 1.0, p0)  # no RV, no leaker
    log_leakers = None
    if m.ndim == 0:
        groups = [
            (int(m - r), logprob.log_salvo_kill(float(k), int(q))),
            (int(r), logprob.log_salvo_kill(float(k), int(q) + 1)),
        ]
        log_leakers = logprob.LogLeakers(logprob.inventory_terms(groups, float(rho), mode), int(m))
    return EngagementResult(
        p_no_leak=_scalar_or_array(p0),
        expected_leakers=_scalar_or_array(expected),
        leaker_pmf=pmf,
        rvs=int(m) if m.ndim == 0 else m,
        log_leakers=log_leakers,
    )


def _convolve_last(a: np.ndarray, b: np.ndarray, size: int) -> np.ndarray:
    """Convolve two pmfs along the last axis, truncated to ``size`` (FFT-free, exact)."""
    if a.ndim == 1:
        return np.convolve(a, b)[:size]
    flat_a = a.reshape(-1, a.shape[-1])
    flat_b = b.reshape(-1, b.shape[-1])
    out = np.empty((flat_a.shape[0], size))
    for i in range(flat_a.shape[0]):
        out[i] = np.convolve(flat_a[i], flat_b[i])[:size]
    return out.reshape(a.shape[:-1] + (size,))


def decoy_engagement(
    rvs: int,
    decoys_per_rv: int,
    discrimination: float,
    interceptors: int,
    sspk: float,
    reliability: float = 1.0,
    reliability_mode: str = "raid",
) -> EngagementResult:
    """Engagement of ``rvs`` RVs accompanied by ``decoys_per_rv`` decoys each.

    Model (anpo's explicit version of the decoy discussion in [wilkening1999] and in Sessler et
    al., *Countermeasures*, UCS/MIT 2000): the defense recognises each decoy as a decoy
    independently with probability ``discrimination``; RVs are always classified as threats. The
    ``T = rvs + D`` objects classified as threats (``D ~ Bin(rvs * decoys_per_rv,
    1 - discrimination)``) share the inventory as evenly as possible, the defense being unable to
    tell which of them are RVs, so the number ``h`` of RVs among the ``I mod T`` objects that get
    one extra interceptor is hypergeometric. The inventory is the binding constraint: every
    interceptor spent on a decoy is lost to the RVs.

    Scalar inputs only (the exact mixture is a triple sum).
    """
    mode = _mode(reliability_mode)
    scalars = {
        "rvs": rvs,
        "decoys_per_rv": decoys_per_rv,
        "discrimination": discrimination,
        "interceptors": interceptors,
        "sspk": sspk,
        "reliability": reliability,
    }
    for name, value in scalars.items():
        if np.ndim(value) != 0:  # int() of an array was a TypeError
            raise InputError(
                f"takes a single number (the exact mixture is for one case), got {value!r}",
                field=name,
            )
    n_rv = int(_count("rvs", rvs))
    d = int(_count("decoys_per_rv", decoys_per_rv))
    disc = float(_prob("discrimination", discrimination))
    inv = int(_count("interceptors", interceptors))
    k = float(_prob("sspk", sspk))
    rho = float(_prob("reliability", reliability))
    size = n_rv + 1
    n_decoys = n_rv * d
    pmf_d = stats.binom.pmf(np.arange(n_decoys + 1), n_decoys, 1.0 - disc)
    total = np.zeros(size)
    p0 = 0.0
    # the same mixture in log space (logprob): per RV, the reliability is in each term's
    # kill probabilities; per raid, the working layer's terms are mixed with "all leak" at the end
    terms: list[logprob.Term] = []
    log_pmf_d = stats.binom.logpmf(np.arange(n_decoys + 1), n_decoys, 1.0 - disc)
    term_rho = rho if mode == "rv" else 1.0
    for dd, wd in enumerate(pmf_d):
        # a weight the float model skips (below 1e-300) is still a term of the log space: the
        # terms it drops are the ones log space is for (one RV with 400 decoys, 90% recognised,
        # at SSPK 1: P(a leak) = 0.1**400 / 401 read as impossible)
        if log_pmf_d[dd] == -np.inf:
            continue
        floats = wd >= 1e-300
        targets = n_rv + dd
        if targets == 0:
            if floats:
                total[0] += wd
                p0 += wd
            terms.append(logprob.Term(float(log_pmf_d[dd]), (logprob.Binomial(0, 0.0, 0.0),)))
            continue
        q, r = divmod(inv, targets)
        kq = 1.0 - (1.0 - k) ** q
        kq1 = 1.0 - (1.0 - k) ** (q + 1)
        if mode == "rv":
            kq, kq1 = rho * kq, rho * kq1
        log_kq, log_kq1 = logprob.log_salvo_kill(k, q), logprob.log_salvo_kill(k, q + 1)
        hyp = stats.hypergeom(targets, n_rv, r)  # RVs among the r objects with q+1 shots
        hs = np.arange(max(0, r - dd), min(n_rv, r) + 1)
        for h, wh, log_wh in zip(hs.tolist(), hyp.pmf(hs), hyp.logpmf(hs), strict=True):
            if log_wh == -np.inf:
                continue
            if floats and wh >= 1e-300:
                a = stats.binom.pmf(np.arange(size), n_rv - h, 1.0 - kq)
                b = stats.binom.pmf(np.arange(size), h, 1.0 - kq1)
                total += wd * wh * np.convolve(a, b)[:size]
                p0 += wd * wh * kq ** (n_rv - h) * kq1**h
            terms += logprob.inventory_terms(
                [(n_rv - h, log_kq), (h, log_kq1)], term_rho, "rv", float(log_pmf_d[dd] + log_wh)
            )
    if mode == "raid" and n_rv > 0:
        total = _mix_reliability(total, np.asarray(n_rv), np.asarray(rho), mode)
        p0 *= rho
        ln_rho, ln_fail = logprob.logs_of(rho)
        terms = [replace(t, log_weight=t.log_weight + ln_rho) for t in terms]
        if ln_fail > -np.inf:
            terms.append(logprob.Term(ln_fail, (logprob.Binomial(n_rv, 0.0, -np.inf),)))
    # the mixture's weights (binomial pmfs) sum to 1 within rounding: 170 of 3,072 small cases
    # summed a probability to 1.0000000000000002, which is no probability
    total = np.clip(total, 0.0, 1.0)
    p0 = min(max(float(p0), 0.0), 1.0)
    expected = float(np.dot(np.arange(size), total))
    return EngagementResult(
        p_no_leak=p0,
        expected_leakers=expected,
        leaker_pmf=total,
        rvs=n_rv,
        log_leakers=logprob.LogLeakers(tuple(terms), n_rv),
    )


def _length(value: object) -> int | None:
    """``len(value)`` of a list, tuple or array; None for a number, a string or a 0-d array."""
    if isinstance(value, (str, bytes)):
        return None
    try:
        return len(value)  # type: ignore[arg-type]
    except TypeError:
        return None


def layered_leak(layers: Sequence[Sequence[float]]) -> float | np.ndarray:
    """Per-RV leak probability through independent layers ``(sspk, shots, reliability)``.

    ``prod_l [1 - T_l (1 - (1 - k_l)^{n_l})]`` [wilkening1999, layered defense].

    >>> round(layered_leak([(0.5, 1, 1.0), (0.8, 2, 1.0)]), 12)
    0.02
    """
    if _length(layers) is None:
        raise InputError(
            f"must be a sequence of (sspk, shots, reliability) layers, got {layers!r}",
            field="layers",
        )
    if len(layers) == 0:
        return 1.0
    leak: float | np.ndarray = 1.0
    for i, layer in enumerate(layers):
        # one bare layer (0.5, 1, 1.0) unwrapped was a TypeError (len of a float)
        if _length(layer) != 3:
            raise InputError("each layer is (sspk, shots, reliability)", field=f"layers[{i}]")
        k = _prob(f"layers[{i}].sspk", layer[0])
        n = _count(f"layers[{i}].shots", layer[1])
        t = _prob(f"layers[{i}].reliability", layer[2])
        try:
            leak = leak * (1.0 - t * (1.0 - (1.0 - k) ** n))
        except ValueError:
            raise InputError(
                f"the layers' shapes do not broadcast together (layer {i}: sspk {k.shape}, "
                f"shots {n.shape}, reliability {t.shape})",
                field=f"layers[{i}]",
            ) from None
    return _scalar_or_array(np.asarray(leak))


#: Largest answer :func:`shots_required` gives: beyond 2**53 interceptors per RV a count is no
#: longer exact in floating point (and an int64 overflows soon after).
MAX_SHOTS_REQUIRED = 2**53


def shots_required(
    rvs: int | np.ndarray,
    sspk: float | np.ndarray,
    p_no_leak: float | np.ndarray,
    reliability: float | np.ndarray = 1.0,
    reliability_mode: str = "raid",
) -> int | np.ndarray:
    """Smallest whole number of interceptors per RV so that ``P0 >= p_no_leak`` against ``rvs``
    in a salvo (:func:`engagement`).

    ``n >= ln(1 - P0^{1/N}) / ln(1 - k)`` rounded up [wilkening1999, eq. 5], computed without
    floating-point round-up errors (the candidate is checked and corrected by one). With
    ``reliability`` rho < 1 the goal on the working defense is ``P0 / rho`` (``"raid"``:
    ``P0 = rho Pk^N``) or ``P0 / rho^N`` (``"rv"``: ``P0 = (rho Pk)^N``) [wilkening1999, eq. 3].
    A goal no number of shots can meet (``P0 = 1`` with ``k < 1``, ``k = 0``, or above what the
    reliability allows: ``rho`` per raid, ``rho^N`` per RV) raises :class:`InputError`, as does
    an answer above :data:`MAX_SHOTS_REQUIRED` (a tiny ``k``).
    """
    mode = _mode(reliability_mode)
    n_rv = _count("rvs", rvs, minimum=1)
    k = _prob("sspk", sspk)
    goal = _prob("p_no_leak", p_no_leak)
    rho = _prob("reliability", reliability)
    n_rv, k, goal, rho = _broadcast(rvs=n_rv, sspk=k, p_no_leak=goal, reliability=rho)
    cap = rho if mode == "raid" else rho**n_rv  # P0 with every RV engaged and killed
    if np.any((goal > cap) | ((goal >= cap) & (cap < 1.0) & (goal > 0.0) & (k < 1.0))):
        raise InputError(
            f"goal cannot be reached: P0 is at most {float(np.min(cap)):.6g} with reliability "
            f"{float(np.min(rho)):.6g} per {mode}",
            field="p_no_leak",
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        target = np.where(goal > 0.0, goal / np.where(cap > 0.0, cap, 1.0), 0.0)
    target = np.minimum(target, 1.0)
    # the reason given is the case's own: a goal of 0.9 against k = 0 was told what a goal of 1
    # needs
    why = [
        text
        for bad, text in (
            (
                np.any((target >= 1.0) & (k < 1.0)),
                "a goal of 1 needs a single-shot kill probability of 1",
            ),
            (
                np.any((k <= 0.0) & (target > 0.0)),
                "a goal above 0 needs a single-shot kill probability above 0 (with 0, no "
                "number of shots kills an RV)",
            ),
        )
        if bad
    ]
    if why:
        raise InputError(f"goal cannot be reached: {'; '.join(why)}", field="p_no_leak")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_miss = np.log1p(-k)  # ln(1 - k), exact for a tiny k; -inf for k = 1 (handled apart)
        per_rv = target ** (1.0 / n_rv)
        raw = np.log1p(-per_rv) / log_miss
    raw = np.where(target <= 0.0, 0.0, np.where(k >= 1.0, 1.0, raw))
    if np.any(raw > MAX_SHOTS_REQUIRED):
        raise InputError(
            f"the goal needs about {float(np.max(raw)):.2g} interceptors per RV, more than "
            f"{MAX_SHOTS_REQUIRED:.2g} (sspk {float(np.min(k)):.3g} is too small to count them)",
            field="p_no_leak",
        )
    n = np.maximum(np.ceil(raw - 1e-9), 0).astype(np.int64)

    def ok(nn: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            pk = np.where(k >= 1.0, (nn > 0).astype(float), -np.expm1(nn * log_miss))
        return pk**n_rv >= target * (1 - 1e-12)

    n = np.where(ok(n), n, n + 1)
    # one fewer where there is one to take away: at n = 0 (a goal of 0), n - 1 = -1 made pk a
    # huge negative number and pk**n_rv an 'overflow' warning, though the answer ignored it
    n = np.where((n > 0) & ok(np.maximum(n - 1, 0)), n - 1, n)
    return int(n) if n.ndim == 0 else n


def shoot_look_shoot(
    sspk: float | np.ndarray,
    first: int | np.ndarray,
    second: int | np.ndarray,
    tracking: float | np.ndarray = 1.0,
) -> tuple[float | np.ndarray, float | np.ndarray]:
    """Shoot-look-shoot with perfect kill assessment: ``first`` shots, then ``second`` at survivors.

    Returns ``(kill_probability, expected_interceptors_per_RV)`` =
    ``(1 - (1-k)^{n1+n2}, n1 + n2 (1-k)^{n1})`` [wilkening1999, shoot-look-shoot]. With a
    per-RV ``tracking`` probability rho (the ``"rv"`` reliability convention), drawn once per RV
    for both salvos: ``rho (1 - (1-k)^{n1+n2})``, and an untracked RV survives the first salvo
    and draws the second too, ``n1 + n2 (1 - rho (1 - (1-k)^{n1}))`` [wilkening1999, as quoted
    in yusufov2026: P(track) is common to every interceptor fired at an RV].

    >>> shoot_look_shoot(0.8, 1, 1)
    (0.96, 1.2)
    >>> shoot_look_shoot(0.8, 1, 1, tracking=0.5)
    (0.48, 1.6)
    """
    k, n1, n2, rho = _broadcast(
        sspk=_prob("sspk", sspk),
        first=_count("first", first),
        second=_count("second", second),
        tracking=_prob("tracking", tracking),
    )
    kill = rho * (1.0 - (1.0 - k) ** (n1 + n2))
    expected = n1 + n2 * (1.0 - rho * (1.0 - (1.0 - k) ** n1))
    return _scalar_or_array(np.round(kill, 15)), _scalar_or_array(np.round(expected, 15))


# ----------------------------------------------------------------------------- layers, attacks
@dataclass(frozen=True)
class RVGroup:
    """Attacking RVs of one kind: ``pmf[i]`` = P(i RVs arrive), their missile class (which
    layers can engage them: ``None`` = every layer, ``"none"`` = no layer) and decoys per RV.

    Groups are independent of each other.

    ``pmf`` is kept as a 1-D float array (a list is converted) and must be a probability mass
    function (:func:`check_pmf`): an :class:`~anpo.errors.InputError` naming ``pmf`` otherwise
    (a list was a bare ``TypeError`` in the engine, a pmf summing to 1.4 was propagated as it
    was). ``decoys_per_rv`` and ``missile_class`` are checked where the groups are used
    (:func:`arrivals`, naming the group's index).

    >>> RVGroup([0.5, 0.5]).pmf
    array([0.5, 0.5])
    >>> RVGroup([0.5, float("nan")])
    Traceback (most recent call last):
    ...
    anpo.errors.InputError: pmf: must be a probability mass function of finite numbers, got NaN or an infinity
    """

    pmf: np.ndarray
    missile_class: str | None = None
    decoys_per_rv: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "pmf", check_pmf(self.pmf, "pmf"))

    @classmethod
    def fixed(cls, rvs: int, missile_class: str | None = None, decoys_per_rv: int = 0) -> RVGroup:
        """Exactly ``rvs`` RVs."""
        n = int(_count("rvs", rvs))
        pmf = np.zeros(n + 1)
        pmf[n] = 1.0
        return cls(pmf, missile_class, int(_count("decoys_per_rv", decoys_per_rv)))


@dataclass(frozen=True)
class LayerArrays:
    """The layers defending one territory as the compiled engine reads them (shape ``(L,)``),
    built in one place, :func:`layer_arrays`, from :class:`Layer` objects.

    Layers are ordered exo-atmospheric first (in the order given), then endo-atmospheric.
    ``reliability``/``raid`` are each layer's own elements; ``patterns`` (``(NP, L)`` booleans)
    and ``weights`` (``(NP,)``) enumerate the states of the common-mode groups (which layers'
    shared elements work), so that P(layers active) = ``weights``.
    """

    layers: tuple[Layer, ...]
    inventories: np.ndarray
    sspk: np.ndarray
    shots: np.ndarray
    second: np.ndarray
    reliability: np.ndarray
    raid: np.ndarray
    discrimination: np.ndarray
    endo: np.ndarray
    fraction: np.ndarray
    patterns: np.ndarray
    weights: np.ndarray

    @property
    def per_layer(self) -> tuple[np.ndarray, ...]:
        """The nine per-layer arrays in the order the compiled kernels take them (inventories,
        sspk, shots, second, reliability, raid, discrimination, endo, fraction)."""
        return (
            self.inventories,
            self.sspk,
            self.shots,
            self.second,
            self.reliability,
            self.raid,
            self.discrimination,
            self.endo,
            self.fraction,
        )

    def row(self, index: int) -> logprob.OneLayer:
        """Layer ``index``'s numbers as one record (the one-layer log pmf and support read it:
        :func:`anpo.deterrence.logprob.layer_log_pmf`, :func:`~anpo.deterrence.logprob.layer_support`).

        >>> layer_arrays([Layer(interceptors=25, sspk=0.9, doctrine="shoot-look-shoot",
        ...                     second_shots=2)]).row(0)
        OneLayer(discrimination=1.0, inventory=25, shots=1, second=2, sspk=0.9, reliability=1.0, raid=True)
        """
        return logprob.OneLayer(
            discrimination=float(self.discrimination[index]),
            inventory=int(self.inventories[index]),
            shots=int(self.shots[index]),
            second=int(self.second[index]),
            sspk=float(self.sspk[index]),
            reliability=float(self.reliability[index]),
            raid=bool(self.raid[index]),
        )

    def engages(self, missile_class: str | None) -> np.ndarray:
        """Boolean mask of the layers that can engage ``missile_class`` (all for ``None``)."""
        if missile_class is None:
            return np.ones(len(self.layers), dtype=bool)
        return np.array([ly.can_engage(missile_class) for ly in self.layers], dtype=bool)

    def with_inventory(self, index: int, interceptors: int) -> LayerArrays:
        """A copy with layer ``index``'s inventory replaced (interceptor sweeps)."""
        inv = self.inventories.copy()
        inv[index] = int(_count("interceptors", interceptors))
        return replace(self, inventories=inv)


def layer_arrays(layers: Sequence[Layer], territory: str | None = None) -> LayerArrays:
    """Arrays of ``layers`` defending ``territory`` (the one place they are built).

    Layers that do not defend ``territory``'s value (``covers``, ``defends``) are left out.
    Common-mode groups: a layer naming group ``g`` is active only when ``g``'s shared elements
    work (per raid, probability ``common_mode_reliability``); the groups are independent.
    Raises :class:`InputError` when two layers of one group give different reliabilities.
    """
    for i, ly in enumerate(layers):
        if not isinstance(ly, Layer):
            raise InputError("must be an anpo.deterrence.defense.Layer", field=f"layers[{i}]")
    chosen = [ly for ly in layers if ly.covers_territory(territory)]
    ordered = [ly for ly in chosen if not ly.endo_atmospheric] + [
        ly for ly in chosen if ly.endo_atmospheric
    ]
    groups: dict[str, float] = {}
    for ly in ordered:
        if ly.common_mode is not None:
            seen = groups.setdefault(ly.common_mode, ly.common_mode_reliability)
            if seen != ly.common_mode_reliability:
                raise InputError(
                    f"layers of common_mode group {ly.common_mode!r} give different "
                    "common_mode_reliability values",
                    field="common_mode_reliability",
                )
    names = sorted(groups)
    n_layers = len(ordered)
    pats, weights = [], []
    for state in itertools.product((True, False), repeat=len(names)):
        w = 1.0
        for name, works in zip(names, state, strict=True):
            w *= groups[name] if works else 1.0 - groups[name]
        if w <= 0.0:
            continue
        works_by = dict(zip(names, state, strict=True))
        pats.append([ly.common_mode is None or works_by[ly.common_mode] for ly in ordered])
        weights.append(w)
    return LayerArrays(
        layers=tuple(ordered),
        inventories=np.array([ly.interceptors for ly in ordered], dtype=np.int64),
        sspk=np.array([ly.sspk for ly in ordered], dtype=float),
        shots=np.array([ly.shots for ly in ordered], dtype=np.int64),
        second=np.array([ly.second for ly in ordered], dtype=np.int64),
        reliability=np.array([ly.reliability for ly in ordered], dtype=float),
        raid=np.array([ly.reliability_mode == "raid" for ly in ordered], dtype=bool),
        discrimination=np.array([ly.discrimination for ly in ordered], dtype=float),
        endo=np.array([ly.endo_atmospheric for ly in ordered], dtype=bool),
        fraction=np.array([ly.fraction_for(territory) for ly in ordered], dtype=float),
        patterns=np.array(pats, dtype=bool).reshape(len(pats), n_layers),
        weights=np.array(weights, dtype=float),
    )


def add_group_2d(state: np.ndarray, pmf: np.ndarray, decoys: int) -> np.ndarray:
    """Joint pmf of (RVs, decoys) after adding an independent group of ``pmf`` RVs, each with
    ``decoys`` decoys."""
    n = len(pmf) - 1
    out = np.zeros((state.shape[0] + n, state.shape[1] + decoys * n))
    nz = np.nonzero(pmf > 0)[0]
    for x in nz:
        out[x : x + state.shape[0], decoys * x : decoys * x + state.shape[1]] += pmf[x] * state
    return out


def _block_init(pmfs: Sequence[np.ndarray], decoys: Sequence[int]) -> tuple[np.ndarray, int, int]:
    """Joint pmf of (RVs, decoys) of independent groups on its support, with its offsets."""
    from anpo.deterrence import _engine

    lengths = [len(p) for p in pmfs]
    starts = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    flat = np.concatenate([np.asarray(p, dtype=float) for p in pmfs]) if pmfs else np.ones(1)
    return _engine.block_init(flat, starts, np.asarray(decoys, dtype=np.int64))


def _support(p: np.ndarray) -> tuple[int, int]:
    """First and last index of a 1-D pmf's entries above 1e-300 ((0, 0) when there is none)."""
    mask = p > 1e-300
    first = int(mask.argmax())
    if not mask[first]:
        return (0, 0)
    return (first, len(mask) - 1 - int(mask[::-1].argmax()))


def convolve_pmf(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """pmf of the sum of two independent counts (direct, exact; only the supports are
    convolved, the result keeps the full length ``len(a) + len(b) - 1``)."""
    if len(a) * len(b) <= 1:
        return a * b
    lb, hb = _support(b)
    if len(a) == 1 and a[0] == 1.0:
        # the sum with a sure 0 (a sum's starting value): b on its support, as np.convolve
        # with [1.0] gives it (each entry times 1.0), without the call
        out = np.zeros(len(b))
        out[lb : hb + 1] = b[lb : hb + 1]
        return out
    la, ha = _support(a)
    out = np.zeros(len(a) + len(b) - 1)
    part = np.convolve(a[la : ha + 1], b[lb : hb + 1])
    out[la + lb : la + lb + len(part)] = part
    return out


def _reference_pmf(
    groups: Sequence[RVGroup],
    arrays: LayerArrays,
    patterns: Sequence[tuple[float, tuple[bool, ...]]],
) -> np.ndarray:
    """The plain-Python engine tracking every group jointly (exact, slow, independent code)."""
    from anpo.deterrence import _general

    specs = [
        _general.GroupSpec(
            g.pmf, "*" if g.missile_class is None else g.missile_class, g.decoys_per_rv
        )
        for g in groups
    ]
    lspecs = [
        _general.LayerSpec(
            int(arrays.inventories[j]),
            float(arrays.sspk[j]),
            int(arrays.shots[j]),
            int(arrays.second[j]),
            float(arrays.reliability[j]),
            bool(arrays.raid[j]),
            float(arrays.discrimination[j]),
            bool(arrays.endo[j]),
            float(arrays.fraction[j]),
            tuple(ly.engages) + ("*",),
        )
        for j, ly in enumerate(arrays.layers)
    ]
    return _general.arrivals(specs, lspecs, patterns)


def _pair_pmf(
    blocks: list[list[RVGroup]],
    sigs: list[tuple[int, ...]],
    arrays: LayerArrays,
    active: np.ndarray,
) -> np.ndarray | None:
    """Two coupled blocks: the compiled pair engine (:func:`_engine.pair_propagate`, or
    :func:`_engine.pair_propagate_decoys` when a layer engaging them sees decoys they carry);
    None for more blocks, or when the joint (RVs, decoys) states of the two blocks would exceed
    :data:`MAX_PMF_POINTS` (the plain-Python engine then runs)."""
    from anpo.deterrence import _engine

    if len(blocks) != 2:
        return None
    on = set(sigs[0]) | set(sigs[1])
    sees_decoys = any(
        bool(active[j]) and (not arrays.endo[j]) and arrays.discrimination[j] < 1.0 for j in on
    )
    eng_a = np.zeros(len(arrays.layers), dtype=bool)
    eng_b = np.zeros(len(arrays.layers), dtype=bool)
    eng_a[list(sigs[0])] = True
    eng_b[list(sigs[1])] = True
    if sees_decoys and any(g.decoys_per_rv > 0 for block in blocks for g in block):
        states = []
        for block in blocks:
            state = np.ones((1, 1))
            for g in block:
                state = add_group_2d(state, np.asarray(g.pmf, dtype=float), g.decoys_per_rv)
            states.append(state)
        if states[0].size * states[1].size > MAX_PMF_POINTS:
            return None
        init4 = states[0][:, :, None, None] * states[1][None, None, :, :]
        return _engine.pair_propagate_decoys(
            np.ascontiguousarray(init4),
            *arrays.per_layer,
            np.ascontiguousarray(active, dtype=bool),
            eng_a,
            eng_b,
        )
    counts = []
    for block in blocks:
        pmf = np.ones(1)
        for g in block:
            pmf = convolve_pmf(pmf, np.asarray(g.pmf, dtype=float))
        counts.append(pmf)
    init = np.outer(counts[0], counts[1])
    return _engine.pair_propagate(
        np.ascontiguousarray(init),
        arrays.inventories,
        arrays.sspk,
        arrays.shots,
        arrays.second,
        arrays.reliability,
        arrays.raid,
        arrays.fraction,
        np.ascontiguousarray(active, dtype=bool),
        eng_a,
        eng_b,
    )


def arrivals_pmf(groups: Sequence[RVGroup], arrays: LayerArrays) -> np.ndarray:
    """Exact pmf of all RVs getting through ``arrays`` (mixture over common-mode patterns)."""
    from anpo.deterrence import _engine

    size = sum(len(g.pmf) - 1 for g in groups) + 1
    if len(arrays.layers) == 0:
        out = np.ones(1)
        for g in groups:
            out = convolve_pmf(out, g.pmf)
        return out
    total = np.zeros(size)
    masks = [arrays.engages(g.missile_class) for g in groups]
    for weight, active in zip(arrays.weights, arrays.patterns, strict=True):
        sigs: dict[tuple[int, ...], list[int]] = {}
        passthrough = np.ones(1)
        for i, mask in enumerate(masks):
            sig = tuple(int(x) for x in np.nonzero(mask & active)[0])
            if sig:
                sigs.setdefault(sig, []).append(i)
            else:
                passthrough = convolve_pmf(passthrough, groups[i].pmf)
        used = [set(s) for s in sigs]
        disjoint = all(a.isdisjoint(b) for a, b in itertools.combinations(used, 2))
        result = passthrough
        if disjoint:
            for sig, members in sigs.items():
                state = np.ones((1, 1))
                for i in members:
                    state = add_group_2d(state, groups[i].pmf, groups[i].decoys_per_rv)
                on = np.zeros(len(arrays.layers), dtype=bool)
                on[list(sig)] = True
                leak, _ = _engine.propagate(
                    np.ascontiguousarray(state),
                    *arrays.per_layer,
                    on,
                    -1,
                )
                result = convolve_pmf(result, leak)
        else:
            sig_list = list(sigs)
            leak = _pair_pmf(
                [[groups[i] for i in sigs[s]] for s in sig_list], sig_list, arrays, active
            )
            if leak is None:
                coupled = [groups[i] for members in sigs.values() for i in members]
                leak = _reference_pmf(coupled, arrays, [(1.0, tuple(bool(x) for x in active))])
            result = convolve_pmf(result, leak)
        total[: len(result)] += weight * result[:size]
    return total


def arrivals(
    groups: Sequence[RVGroup],
    layers: Sequence[Layer],
    territory: str | None = None,
    engine: str = "compiled",
) -> EngagementResult:
    """Exact distribution of the RVs of independent ``groups`` that get through ``layers``.

    The layers defending ``territory`` engage, in order (exo-atmospheric first), the RVs of the
    missile classes they can engage (a group of class ``None`` is engaged by every layer; of
    class ``"none"``, by none). Each working layer engages the RVs inside its footprint
    (``protected_fraction``) and the decoys there it does not recognise (never inside the
    atmosphere), spreads its inventory as evenly as possible over these objects, which it cannot
    tell apart (salvo or shoot-look-shoot with perfect kill assessment), and kills each with the
    resulting probability; the RVs among the killed objects are hypergeometric. This generalises
    :func:`decoy_engagement` (exact single-layer decoy model) and shoot-look-shoot to several
    layers with finite inventories ([wilkening1999]; decoys after [sessler2000]).
    Decoys persist through exo-atmospheric layers until destroyed and are recognised by each
    layer independently. A consequence, intended by these rules: better discrimination in an
    early layer can *raise* the expected leakers when a later layer discriminates worse and the
    early layer's ``shots`` cap leaves some of its interceptors unfired. The decoys it recognises
    are not shot at, so they all persist and draw the later layer's interceptors away from the
    RVs; decoys it took for threats would have been shot with the spare interceptors (example in
    :func:`layered_engagement`). For a single layer more discrimination never raises the
    expected leakers (tests/test_defense.py checks both). Reliability: each layer's own
    elements per raid or per RV (each engaged object tracked or not once for the layer, both
    salvos of shoot-look-shoot: see the module docstring); layers of a ``common_mode`` group
    also fail together once per raid.

    Exact: the distribution is propagated state by state (compiled). When layers share inventory
    between groups they engage differently, the groups are tracked jointly (exact, slower; compiled
    for two such blocks, with or without decoys, plain Python for more). ``engine="reference"``
    tracks every group jointly in plain Python (same model, independent code, slow: for checking).
    """
    if engine not in ("compiled", "reference"):
        raise InputError(f"must be 'compiled' or 'reference', got {engine!r}", field="engine")
    norm = _checked_groups(groups)
    return _arrivals_of(norm, layer_arrays(layers, territory), engine)


def _checked_groups(groups: Sequence[RVGroup]) -> list[RVGroup]:
    """The groups of :func:`arrivals`, checked (an :class:`InputError` naming the group's
    index) and normalised."""
    if not groups:
        raise InputError("give at least one group of RVs", field="groups")
    norm = []
    for i, g in enumerate(groups):
        # an object with RVGroup's fields but not one is checked here, with its index
        pmf = check_pmf(g.pmf, f"groups[{i}].pmf")
        # -1 decoys per RV gave a leaker pmf summing to 0, 2.5 a TypeError from inside
        decoys = int(_count(f"groups[{i}].decoys_per_rv", g.decoys_per_rv))
        check_missile_class(g.missile_class, f"groups[{i}].missile_class")
        norm.append(RVGroup(pmf, g.missile_class, decoys))
    return norm


def _arrivals_of(norm: list[RVGroup], arrays: LayerArrays, engine: str) -> EngagementResult:
    """:func:`arrivals` of checked groups through the layers' arrays (built once by the
    caller: :func:`layered_engagement` reads them again)."""
    if engine == "reference":
        pats = [
            (float(w), tuple(bool(x) for x in p))
            for w, p in zip(arrays.weights, arrays.patterns, strict=True)
        ]
        pmf = _reference_pmf(norm, arrays, pats)
    else:
        pmf = arrivals_pmf(norm, arrays)
    size = len(pmf)
    from anpo.deterrence import _possible

    return EngagementResult(
        p_no_leak=float(pmf[0]),
        expected_leakers=float(np.dot(np.arange(size), pmf)),
        leaker_pmf=pmf,
        rvs=size - 1,
        # which counts are possible, decided exactly when first asked (the floats underflow)
        support_maker=functools.partial(_possible.arrivals_support, norm, arrays),
    )


def layered_engagement(
    rvs: int,
    layers: Sequence[Layer],
    decoys_per_rv: int = 0,
    missile_class: str | None = None,
    territory: str | None = None,
) -> EngagementResult:
    """Exact leaker distribution of ``rvs`` RVs (with ``decoys_per_rv`` decoys each) through
    successive layers with finite inventories: :func:`arrivals` for one group.

    Each layer engages the RVs that leaked through the layers before it, spreading its inventory
    as evenly as possible [wilkening1999] with its doctrine (salvo or shoot-look-shoot with
    perfect kill assessment); decoys follow the exact model of :func:`decoy_engagement`.

    >>> r = layered_engagement(10, [Layer(interceptors=40, sspk=0.5, shots=4)])
    >>> round(r.p_no_leak, 6)
    0.52446

    Discrimination is not monotone across layers (see :func:`arrivals`). Three RVs with two
    decoys each meet a first layer of 9 interceptors, one shot per object, then a second layer
    of 3 interceptors that recognises no decoy. The more decoys the first layer recognises, the
    more interceptors it leaves unfired and the more decoys reach the second layer:

    >>> later = Layer(interceptors=3, sspk=0.8, discrimination=0.0)
    >>> for disc in (0.0, 0.5, 1.0):
    ...     first = Layer(interceptors=9, sspk=0.8, discrimination=disc)
    ...     r = layered_engagement(3, [first, later], decoys_per_rv=2)
    ...     print(disc, round(r.expected_leakers, 3))
    0.0 0.149
    0.5 0.293
    1.0 0.404
    """
    norm = _checked_groups([RVGroup.fixed(rvs, missile_class, decoys_per_rv)])
    arrays = layer_arrays(layers, territory)
    res = _arrivals_of(norm, arrays, "compiled")
    logs, support_first = _one_salvo_layer(res, arrays, decoys_per_rv, missile_class)
    return replace(res, log_leakers=logs, support_first=support_first)


def _one_salvo_layer(
    res: EngagementResult,
    arrays: LayerArrays,
    decoys_per_rv: int,
    missile_class: str | None,
) -> tuple[logprob.LogLeakers | None, bool]:
    """The leakers of :func:`layered_engagement` in log space (:mod:`anpo.deterrence.logprob`)
    when they are a salvo's: one layer, working with certainty beyond its own reliability (no
    common-mode failure), engaging every RV (class, whole footprint, no preferential defense),
    shooting at no decoy (none engaged: recognised, or inside the atmosphere) and holding an
    interceptor for every shot of its doctrine at every RV. Each RV then meets ``shots`` shots
    and, with shoot-look-shoot, ``second_shots`` more if it survives: killed with probability
    ``1 - (1-k)^(n1+n2)`` independently [wilkening1999, shoot-look-shoot; as quoted in
    yusufov2026 for the per-RV tracking], the salvo of :func:`engagement`. One such layer
    without the interceptors or with decoys it engages has no closed form: its pmf in log space
    (:func:`anpo.deterrence.logprob.layer_log_pmf`, on first use) where that is cheap, and True
    as the second value: its support (:attr:`EngagementResult.leaker_support`, decided on first
    use by the result's :attr:`~EngagementResult.support_maker`, as for any layers) decides
    its texts first. Else ``(None, False)``. ``arrays`` are the layers' (:func:`layer_arrays`)
    that :func:`layered_engagement` built for the engagement itself."""
    rvs = int(res.rvs)
    if len(arrays.layers) != 1 or len(arrays.weights) != 1 or arrays.weights[0] != 1.0:
        return None, False
    ly = arrays.layers[0]
    per_rv = int(arrays.shots[0]) + int(arrays.second[0])
    if (
        not bool(arrays.patterns[0][0])
        or not bool(arrays.engages(missile_class)[0])
        or float(arrays.fraction[0]) < 1.0
        or ly.preferential
    ):
        return None, False
    decoys = rvs * decoys_per_rv if ly.sees_decoys else 0
    if int(arrays.inventories[0]) < rvs * per_rv or decoys > 0:
        # no closed form (shoot-look-shoot short of interceptors, decoys it engages): the
        # distribution itself in log space where that is cheap, and in any case which counts
        # are possible (the result's support_maker, on first use: cheap, and it decides every
        # 0 and 100% exactly; the log pmf gives magnitudes too, computed only when asked for)
        row = arrays.row(0)
        if logprob.layer_log_pmf_work(rvs, decoys, row) > logprob.LAYER_LOG_WORK:
            return None, True
        return logprob.LogLeakers.from_log_pmf(
            rvs, functools.partial(logprob.layer_log_pmf, rvs, decoys, row)
        ), True
    kill = logprob.log_salvo_kill(float(arrays.sspk[0]), per_rv)
    mode = "raid" if bool(arrays.raid[0]) else "rv"
    return logprob.LogLeakers(
        logprob.salvo_terms(rvs, kill, float(arrays.reliability[0]), mode), rvs
    ), False


class _Responder:
    """Leaker pmfs of point states through one block's layers, cached: the propagation is
    linear in the initial pmf, so a block's result is the mixture of its states' responses.
    Used where the same layers see many attacks (the exchange's allocation search)."""

    def __init__(self, arrays: LayerArrays, active: np.ndarray) -> None:
        self.arrays = arrays
        self.active = np.ascontiguousarray(active, dtype=bool)
        self.slot = np.full((0, 0), -1, dtype=np.int64)
        self.los = np.zeros(0, dtype=np.int64)
        self.offs = np.zeros(1, dtype=np.int64)
        self.flat = np.zeros(0)
        # the several-layer path's survivor pmfs by layer and objects engaged
        # (_engine._new_caches), kept across calls: the same layers every time
        self._caches: tuple[np.ndarray, ...] | None = None

    def _kill_caches(self, t_cap: int) -> tuple[np.ndarray, ...]:
        """The kept survivor-pmf caches, grown to object counts up to ``t_cap``. Each entry is
        the layer's survivor pmf of that many objects, which the full (untruncated)
        propagation computes whole whatever the attack (as :func:`_engine.point_responses`
        shares them between states), so a kept entry is the one a fresh call would compute.
        Valid for the untruncated propagation only (the ``-1`` the caller passes): a truncated
        call must not use them."""
        from anpo.deterrence import _engine

        old = self._caches
        if old is not None and old[0].shape[1] > t_cap:
            return old
        new = _engine._new_caches(len(self.arrays.layers), t_cap)
        if old is None:
            return new
        width = old[0].shape[1]
        for fresh, kept in zip(new[:3], old[:3], strict=True):
            fresh[:, :width] = kept
        return new[0], new[1], new[2], old[3], old[4], new[5]

    def _grow(self, rows: int, cols: int) -> None:
        r0, c0 = self.slot.shape
        if rows <= r0 and cols <= c0:
            return
        grown = np.full((max(rows, r0), max(cols, c0)), -1, dtype=np.int64)
        grown[:r0, :c0] = self.slot
        self.slot = grown

    def leak(self, init: np.ndarray, m0: int = 0, k0: int = 0) -> np.ndarray:
        """pmf of RVs getting through (length ``m0 + init.shape[0]``) for the initial joint
        pmf ``init[i, j]`` = P(m0 + i RVs, k0 + j decoys)."""
        from anpo.deterrence import _engine

        if int(self.active.sum()) > 1:
            # several layers: states merge between layers, so one forward pass beats caching
            # each initial state's response
            full = np.zeros((m0 + init.shape[0], k0 + init.shape[1]))
            full[m0:, k0:] = init
            a = self.arrays
            out, _, caches = _engine._propagate_cached(
                full,
                *a.per_layer,
                self.active,
                -1,
                self._kill_caches(full.shape[0] + full.shape[1]),
            )
            self._caches = caches
            return out
        self._grow(m0 + init.shape[0], k0 + init.shape[1])
        ms, ks = np.nonzero(init >= 1e-16)
        ms = ms + m0
        ks = ks + k0
        missing = self.slot[ms, ks] < 0
        if missing.any():
            mm = np.ascontiguousarray(ms[missing], dtype=np.int64)
            kk = np.ascontiguousarray(ks[missing], dtype=np.int64)
            order = np.argsort(mm, kind="stable")
            mm, kk = mm[order], kk[order]
            a = self.arrays
            on = np.nonzero(self.active)[0]
            if len(on) == 1 and a.fraction[on[0]] >= 1.0:
                j = int(on[0])
                los, offs, flat = _engine.collapsed_responses(
                    mm,
                    kk,
                    int(a.inventories[j]),
                    float(a.sspk[j]),
                    int(a.shots[j]),
                    int(a.second[j]),
                    float(a.reliability[j]),
                    bool(a.raid[j]),
                    float(a.discrimination[j]),
                    bool(a.endo[j]),
                )
            else:
                los, offs, flat = _engine.point_responses(
                    mm,
                    kk,
                    *a.per_layer,
                    self.active,
                )
            first = len(self.los)
            self.slot[mm, kk] = first + np.arange(len(mm))
            self.los = np.concatenate([self.los, los])
            self.offs = np.concatenate([self.offs, self.offs[-1] + offs[1:]])
            self.flat = np.concatenate([self.flat, flat])
        return _engine.assemble(
            np.ascontiguousarray(init),
            m0,
            k0,
            m0 + init.shape[0],
            self.slot,
            self.los,
            self.offs,
            self.flat,
        )


class AttackPlan:
    """Repeated exact evaluation of attacks by groups of fixed kinds (missile class, decoys per
    RV) on one set of layers: :func:`arrivals` with the layer arrays, reliability patterns and
    block structure prepared once and the per-state results cached (exact; same answers)."""

    def __init__(self, arrays: LayerArrays, kinds: Sequence[tuple[str | None, int]]) -> None:
        self.arrays = arrays
        self.kinds = list(kinds)
        # per reliability pattern: weight, active layers, independent blocks (members and their
        # responder), groups no layer engages, and the coupled blocks (signatures, members)
        self.patterns: list[
            tuple[
                float,
                np.ndarray,
                list[tuple[list[int], _Responder]],
                list[int],
                tuple[list[tuple[int, ...]], list[list[int]]] | None,
            ]
        ] = []
        masks = [arrays.engages(c) for c, _ in kinds]
        for weight, active in zip(arrays.weights, arrays.patterns, strict=True):
            sigs: dict[tuple[int, ...], list[int]] = {}
            passthrough: list[int] = []
            for i, mask in enumerate(masks):
                sig = tuple(int(x) for x in np.nonzero(mask & active)[0])
                if sig:
                    sigs.setdefault(sig, []).append(i)
                else:
                    passthrough.append(i)
            used = [set(s) for s in sigs]
            disjoint = all(a.isdisjoint(b) for a, b in itertools.combinations(used, 2))
            if disjoint:
                blocks: list[tuple[list[int], _Responder]] = []
                for sig, members in sigs.items():
                    on = np.zeros(len(arrays.layers), dtype=bool)
                    on[list(sig)] = True
                    blocks.append((members, _Responder(arrays, on)))
                self.patterns.append((float(weight), active, blocks, passthrough, None))
            else:
                coupled = (list(sigs), list(sigs.values()))
                self.patterns.append((float(weight), active, [], passthrough, coupled))

    def pmf(self, pmfs: Sequence[np.ndarray]) -> np.ndarray:
        """Exact pmf of all RVs getting through, for the groups' count pmfs ``pmfs``."""
        if len(self.arrays.layers) == 0:
            out = np.ones(1)
            for p in pmfs:
                out = convolve_pmf(out, p)
            return out
        size = sum(len(p) - 1 for p in pmfs) + 1
        total = np.zeros(size)
        for weight, active, blocks, passthrough, coupled in self.patterns:
            result = np.ones(1)
            for i in passthrough:
                result = convolve_pmf(result, pmfs[i])
            for members, responder in blocks:
                state, m0, k0 = _block_init(
                    [pmfs[i] for i in members], [self.kinds[i][1] for i in members]
                )
                result = convolve_pmf(result, responder.leak(state, m0, k0))
            if coupled:
                sig_list, members_list = coupled
                group_blocks = [
                    [RVGroup(pmfs[i], self.kinds[i][0], self.kinds[i][1]) for i in members]
                    for members in members_list
                ]
                leak = _pair_pmf(group_blocks, sig_list, self.arrays, active)
                if leak is None:
                    groups = [g for block in group_blocks for g in block]
                    mask = tuple(bool(x) for x in active)
                    leak = _reference_pmf(groups, self.arrays, [(1.0, mask)])
                result = convolve_pmf(result, leak)
            total[: len(result)] += weight * result[:size]
        return total
