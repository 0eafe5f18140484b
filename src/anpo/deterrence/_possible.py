"""Which leaker counts of :func:`anpo.deterrence.defense.arrivals` have positive probability,
decided exactly (private to :mod:`anpo.deterrence`; read through
:meth:`anpo.deterrence.defense.EngagementResult.possible_tails` and ``possible_count``).

The float engine's pmf underflows: ten RVs through two layers can have P(all ten leak) = 1e-400,
a float 0. The support of the leaker count does not: it is the same state propagation as the
engine's ([wilkening1999], made exact for finite inventories, shoot-look-shoot and decoys after
[sessler2000]; :mod:`anpo.deterrence._engine`), with each probability replaced by whether it is
0, 1 or strictly between, and each state by whether some path reaches it. The allocation (even
spread of ``min(I, shots T)`` interceptors over the ``T`` engaged objects, a second salvo only
when interceptors are left) depends on counts only, never on a probability, so a boolean pass
makes the same decisions the float pass does. Inputs are the floats given: an SSPK of 0.999
can miss, however small the float engine's miss comes out.

One working layer on states ``(m RVs, K decoys)``: it engages ``a`` of the ``m`` RVs (its
footprint: ``a = m`` for a whole footprint, ``0`` for none, any count for a fraction between)
and ``u`` of the ``K`` decoys (those inside and not recognised, likewise), kills ``c`` of the
``T = a + u`` objects (:func:`kill_ranges`: an interval of counts for each ``T``), and the
killed objects are a uniformly random subset, so any ``x`` RVs and ``c - x`` decoys with
``x <= a``, ``c - x <= u``. A layer failing per raid leaves the state as it is. Common-mode
groups work or fail once per raid (a pattern is possible when each group's state is).

A block of one layer needs only the RV counts it leaves, not its ``(RVs, decoys)`` states:
:func:`last_layer_rvs` decides them from each starting state directly (one step per state and
engagement, where :func:`layer_step` takes one per destination and source antidiagonal of a
grid as large as the most RVs times the most decoys: one state of 1,000 RVs with a decoy each
was past :data:`MAX_SUPPORT_WORK`).
This is the one mechanism for possibility, one layer included
(:func:`anpo.deterrence.defense.layered_engagement` no longer asks
:func:`anpo.deterrence.logprob.layer_support`, which the tests keep as an independent check).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import numpy as np

from anpo._jit import njit

if TYPE_CHECKING:
    from anpo.deterrence.defense import LayerArrays, RVGroup

#: How a binomial share of ``n`` objects may come out: none of them (probability 0), all of them
#: (probability 1), or any count (strictly between).
ZERO, ALL, ANY = 0, 1, 2

#: Most destination-by-source steps the boolean pass of one layer may take (the large what-if,
#: 200 RVs with 3 decoys each through 3 layers, takes about 1e8 at worst); beyond it the support
#: is not decided (None: the texts fall back to the floats, as before).
MAX_SUPPORT_WORK = 2_000_000_000

#: Most joint states (and split steps) the plain-Python pass over coupled blocks may visit in
#: one call of :func:`arrivals_support`, its starting states and every common-mode pattern
#: counted together: about a second of plain Python (2,000,000, counted per pattern, let a call
#: of three groups run 16 s and then say "not known": review23).
MAX_JOINT_WORK = 250_000


def share(p: float) -> int:
    """:data:`ZERO`, :data:`ALL` or :data:`ANY`: the counts a binomial share with probability
    ``p`` can take (exactly: the float given, not a product that may underflow). Source: the
    binomial draws of the engine's layer step [wilkening1999, eqs. 2-4]."""
    if p <= 0.0:
        return ZERO
    if p >= 1.0:
        return ALL
    return ANY


def decoy_share(fraction: float, discrimination: float, sees_decoys: bool) -> int:
    """The share of the decoys a layer engages: each inside the footprint (``fraction``) and
    then not recognised (``1 - discrimination``), independently; none for a layer that sees no
    decoy (inside the atmosphere, or recognising all). Decided from the two inputs, not from
    their product (which a float can round). Source: the engine's unrecognised decoys,
    binomial in the footprint and the discrimination [sessler2000, as
    :func:`anpo.deterrence._engine.propagate` draws them]."""
    if not sees_decoys or fraction <= 0.0 or discrimination >= 1.0:
        return ZERO
    if fraction >= 1.0 and discrimination <= 0.0:
        return ALL
    return ANY


@njit(cache=True)
def _salvo_range(t: int, inventory: int, shots: int, k: float, rho: float) -> tuple[int, int]:
    """Fewest and most objects killed among ``t`` by ``min(inventory, shots t)`` interceptors
    spread evenly (``q`` or ``q + 1`` each): an object with a shot can die when the SSPK and
    the tracking are above 0 and must die when both are 1; one with none survives. Source:
    the even spread of a finite inventory [wilkening1999, as
    :func:`anpo.deterrence._engine.layer_survivors` spreads it]."""
    if t <= 0:
        return 0, 0
    budget = min(inventory, shots * t)
    q = budget // t
    r = budget - q * t
    can = k > 0.0 and rho > 0.0
    must = k >= 1.0 and rho >= 1.0
    lo = 0
    hi = 0
    if q >= 1:
        if must:
            lo += t - r
        if can:
            hi += t - r
    if r > 0:
        if must:
            lo += r
        if can:
            hi += r
    return lo, hi


@njit(cache=True)
def kill_ranges(
    t_max: int,
    inventory: int,
    shots: int,
    second: int,
    k: float,
    rho_rv: float,
    need: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """``(klo, khi)``: for each ``T`` in ``0..t_max`` engaged objects, the fewest and most a
    working layer kills (salvo, or shoot-look-shoot: ``second`` shots at each survivor of the
    first salvo while interceptors are left); every count between is possible. The second
    salvo (``R`` interceptors left, ``second >= 1`` shots each at the ``T - c1`` survivors of
    ``c1`` first-salvo kills) gives a shot to ``min(T - c1, R)`` of them and kills all of those
    when it must, any number of them when it can, none when it cannot; each end of ``c1`` plus
    that grows by 0 or 1 as ``c1`` grows by one, so the ranges of consecutive ``c1`` join
    without a gap (the check of this at run time could not fail and is gone: poss26).
    Per-RV tracking ``rho_rv`` is drawn once per object for the layer: a survivor of the first
    salvo is tracked with probability 0 when the first salvo kills every tracked object it hits
    (SSPK 1), 1 when tracking is certain, strictly between otherwise [wilkening1999, as
    :func:`anpo.deterrence._engine.look_reliability` computes it]. Only the ``T`` with
    ``need[T]`` are decided (the others read ``(0, 0)``): a shoot-look-shoot layer's ranges
    take ``O(T)`` steps each, and one engagement of 2,000 RVs needs one ``T``, not 2,001."""
    klo = np.zeros(t_max + 1, dtype=np.int64)
    khi = np.zeros(t_max + 1, dtype=np.int64)
    if rho_rv >= 1.0:
        rho2 = 1.0
    elif rho_rv <= 0.0 or k >= 1.0:
        rho2 = 0.0
    else:
        rho2 = 0.5  # strictly between: only its class matters
    for t in range(t_max + 1):
        if not need[t]:
            continue
        lo1, hi1 = _salvo_range(t, inventory, shots, k, rho_rv)
        remaining = inventory - min(inventory, shots * t)
        if second <= 0 or remaining <= 0 or t == 0:
            klo[t] = lo1
            khi[t] = hi1
            continue
        lo = t + 1
        hi = -1
        for c1 in range(lo1, hi1 + 1):
            lo2, hi2 = _salvo_range(t - c1, remaining, second, k, rho2)
            lo = min(lo, c1 + lo2)
            hi = max(hi, c1 + hi2)
        klo[t] = lo
        khi[t] = hi
    return klo, khi


@njit(cache=True)
def _t_bounds(klo: np.ndarray, khi: np.ndarray) -> tuple[np.ndarray, np.ndarray, bool]:
    """For each kill count ``c``, the fewest engaged objects that can give it
    (``min{T: khi[T] >= c}``) and the most (``max{T: klo[T] <= c}``); with ``klo`` and ``khi``
    nondecreasing (the third value) the ``T`` that can give ``c`` are exactly those between.
    Source: the kill ranges of :func:`kill_ranges` [wilkening1999], inverted."""
    n = klo.shape[0]
    mono = True
    for t in range(1, n):
        if klo[t] < klo[t - 1] or khi[t] < khi[t - 1]:
            mono = False
    first = np.full(n, n, dtype=np.int64)
    last = np.full(n, -1, dtype=np.int64)
    t = 0
    for c in range(n):
        while t < n and khi[t] < c:
            t += 1
        first[c] = t
    t = n - 1
    for c in range(n - 1, -1, -1):
        while t >= 0 and klo[t] > c:
            t -= 1
        last[c] = t
    return first, last, mono


@njit(cache=True)
def _can_kill(
    c: int,
    tlo: int,
    thi: int,
    klo: np.ndarray,
    khi: np.ndarray,
    first: np.ndarray,
    last: np.ndarray,
    mono: bool,
) -> bool:
    """Some ``T`` in ``[tlo, thi]`` engaged objects can give ``c`` kills (:func:`kill_ranges`,
    through :func:`_t_bounds` when monotone) [wilkening1999, the engine's layer step]."""
    n = klo.shape[0]
    tlo = max(tlo, 0)
    thi = min(thi, n - 1)
    if tlo > thi or c < 0 or c >= n:
        return False
    if mono:
        return max(tlo, first[c]) <= min(thi, last[c])
    for t in range(tlo, thi + 1):
        if klo[t] <= c <= khi[t]:
            return True
    return False


@njit(cache=True)
def layer_step(
    reach: np.ndarray,
    a_share: int,
    u_share: int,
    klo: np.ndarray,
    khi: np.ndarray,
) -> np.ndarray:
    """The states ``(m', K')`` a working layer can leave from the reachable states ``reach``
    (booleans ``[m, K]``), as booleans of the same shape. ``a_share``/``u_share``: how the RVs
    and the decoys are engaged (:data:`ZERO`, :data:`ALL`, :data:`ANY`); ``klo``/``khi``: the
    kill ranges (:func:`kill_ranges`, length ``m_max + K_max + 1``).

    A destination is reached from a source ``(m, K)`` with ``m >= m'``, ``K >= K'`` when some
    engagement ``a`` (RVs), ``u`` (decoys) with ``a >= m - m'``, ``u >= K - K'`` can kill ``c =
    (m + K) - (m' + K')`` of its ``T = a + u`` objects (the killed are any mix of ``m - m'`` RVs
    and ``K - K'`` decoys). For each kind of engagement the ``T`` that qualify form a range that
    depends on the source only through ``N = m + K`` (whole footprint ``T = N``; a fraction of
    both, ``c <= T <= N``; ...), so one pass over ``N`` per destination decides it. Source: the
    engine's layer step, :func:`anpo.deterrence._engine.propagate` with
    :func:`~anpo.deterrence._engine.layer_survivors` and the hypergeometric split of the
    survivors [wilkening1999, decoys after sessler2000]."""
    m1, k1 = reach.shape
    out = np.zeros((m1, k1), dtype=np.bool_)
    if a_share == ZERO and u_share == ZERO:
        out[:, :] = reach
        return out
    first, last, mono = _t_bounds(klo, khi)
    n_max = m1 - 1 + k1 - 1
    width = min(m1, k1) + 1
    # count[N, i + 1]: reachable sources on the antidiagonal m + K = N with m <= start(N) + i
    count = np.zeros((n_max + 1, width), dtype=np.int64)
    for n in range(n_max + 1):
        start = max(0, n - (k1 - 1))
        stop = min(n, m1 - 1)
        for m in range(start, stop + 1):
            count[n, m - start + 1] = count[n, m - start] + (1 if reach[m, n - m] else 0)
    # the antidiagonals holding a source, and the most kills: a destination looks only at
    # sources from which so many kills are possible
    n_lo = n_max + 1
    n_hi = -1
    for n in range(n_max + 1):
        if count[n, min(n, m1 - 1) - max(0, n - (k1 - 1)) + 1] > 0:
            n_lo = min(n_lo, n)
            n_hi = n
    c_max = 0
    for t in range(khi.shape[0]):
        c_max = max(c_max, khi[t])
    for mp in range(m1):
        for kp in range(k1):
            for n in range(max(mp + kp, n_lo), min(n_hi, mp + kp + c_max) + 1):
                c = n - mp - kp
                lo_m = mp
                hi_m = n - kp
                if a_share == ZERO:
                    hi_m = mp  # no RV engaged: none killed
                if u_share == ZERO:
                    lo_m = n - kp  # no decoy engaged: none killed
                start = max(0, n - (k1 - 1))
                stop = min(n, m1 - 1)
                lo_m = max(lo_m, start)
                hi_m = min(hi_m, stop)
                if lo_m > hi_m:
                    continue
                if count[n, hi_m - start + 1] - count[n, lo_m - start] == 0:
                    continue
                if a_share == ANY and u_share == ANY:
                    tlo, thi = c, n
                elif a_share == ALL and u_share == ANY:
                    tlo, thi = n - kp, n
                elif a_share == ANY and u_share == ALL:
                    tlo, thi = n - mp, n
                elif a_share == ALL and u_share == ALL:
                    tlo, thi = n, n
                elif a_share == ZERO and u_share == ANY:
                    tlo, thi = c, n - mp
                elif a_share == ZERO:  # u_share ALL
                    tlo, thi = n - mp, n - mp
                elif a_share == ANY:  # u_share ZERO
                    tlo, thi = c, n - kp
                else:  # ALL, ZERO
                    tlo, thi = n - kp, n - kp
                if _can_kill(c, tlo, thi, klo, khi, first, last, mono):
                    out[mp, kp] = True
                    break
    return out


@njit(cache=True)
def last_layer_rvs(
    ms: np.ndarray,
    ks: np.ndarray,
    a_share: int,
    u_share: int,
    klo: np.ndarray,
    khi: np.ndarray,
    m_max: int,
) -> np.ndarray:
    """The RV counts a working layer can leave from the reachable states ``(ms[i], ks[i])``,
    as booleans over ``0..m_max``: the RV marginal of :func:`layer_step`, for a block's last
    layer, where the decoys that get through no longer matter (:func:`_block_support` uses it
    for a block of one layer). From a source ``(m, K)`` an
    engagement of ``a`` RVs and ``u`` decoys (:data:`ZERO`: none, :data:`ALL`: every one,
    :data:`ANY`: any count) kills ``c`` of its ``T = a + u`` objects, any ``c`` in ``klo[T]..
    khi[T]`` (:func:`kill_ranges`), the killed a uniformly random subset: ``x`` RVs for any
    ``x`` from ``max(0, c - u)`` to ``min(a, c)``; over the ``c`` these intervals join, so
    ``m - x`` RVs get through for ``x`` in ``max(0, klo[T] - u)..min(a, khi[T])`` [the
    engine's layer step, :func:`anpo.deterrence._engine.layer_survivors` and its hypergeometric
    split of the survivors: wilkening1999, decoys after sessler2000]. Work: one step per
    source and engagement ``(a, u)`` (:func:`last_layer_work`), not per destination state."""
    diff = np.zeros(m_max + 2, dtype=np.int64)
    for i in range(ms.shape[0]):
        m = ms[i]
        k = ks[i]
        a_lo = m if a_share == ALL else 0
        a_hi = 0 if a_share == ZERO else m
        u_lo = k if u_share == ALL else 0
        u_hi = 0 if u_share == ZERO else k
        for a in range(a_lo, a_hi + 1):
            for u in range(u_lo, u_hi + 1):
                t = a + u
                x_lo = max(0, klo[t] - u)
                x_hi = min(a, khi[t])
                if x_lo > x_hi:
                    continue
                diff[m - x_hi] += 1
                diff[m - x_lo + 1] -= 1
    out = np.zeros(m_max + 1, dtype=np.bool_)
    run = 0
    for j in range(m_max + 1):
        run += diff[j]
        out[j] = run > 0
    return out


def last_layer_work(ms: np.ndarray, ks: np.ndarray, a_share: int, u_share: int) -> int:
    """Steps of :func:`last_layer_rvs` from the sources ``(ms, ks)``: the engagements ``(a,
    u)`` it tries from each (one choice of a share that is not :data:`ANY`, ``n + 1`` of one
    that is) [as :func:`last_layer_rvs` enumerates them]."""
    na = ms + 1 if a_share == ANY else np.ones_like(ms)
    nu = ks + 1 if u_share == ANY else np.ones_like(ks)
    return int(np.sum(na.astype(np.int64) * nu.astype(np.int64)))


#: Most pairs (states so far, one group's counts) :func:`_states` forms in one step; beyond it
#: the starting states are marked on the grid (:func:`_grid`) instead.
MAX_STATE_PAIRS = 4_000_000


def _states(
    groups: Sequence[RVGroup], with_decoys: bool, max_pairs: int = MAX_STATE_PAIRS
) -> tuple[np.ndarray, np.ndarray] | tuple[None, None]:
    """The reachable ``(RVs, decoys)`` of independent groups arriving, as two arrays of the
    states :func:`_grid` marks (without its grid, whose size is the product of the most RVs
    and decoys: 15,000 RVs with 3 decoys each are one state but a 675 MB grid); ``(None,
    None)`` past ``max_pairs`` pairs (states so far, one group's counts) in one step. Each
    state is one integer key ``RVs * (decoys + 1) + decoys`` while they are formed (unique rows
    of a two-column array took seconds for six groups of 61 counts) [the engine's starting
    state: :func:`anpo.deterrence.defense.add_group_2d` on the groups' supports]."""
    k1 = 1 + sum((len(g.pmf) - 1) * (g.decoys_per_rv if with_decoys else 0) for g in groups)
    keys = np.zeros(1, dtype=np.int64)
    for g in groups:
        d = g.decoys_per_rv if with_decoys else 0
        xs = np.nonzero(np.asarray(g.pmf) > 0.0)[0].astype(np.int64)
        if len(keys) * len(xs) > max_pairs:
            return None, None
        keys = np.unique((keys[:, None] + (xs * k1 + d * xs)[None, :]).ravel())
    return keys // k1, keys % k1


def _sum_set(a: np.ndarray | None, b: np.ndarray) -> np.ndarray:
    """The possible sums of two independent counts with possible values ``a`` and ``b``
    (booleans; ``a`` None: no count yet), by shifting the one with fewer values [the support
    of a convolution, as :func:`_sum_support`; no model]."""
    if a is None:
        return b.copy()
    if np.count_nonzero(a) > np.count_nonzero(b):
        a, b = b, a
    out = np.zeros(len(a) + len(b) - 1, dtype=bool)
    for x in np.nonzero(a)[0]:
        out[x : x + len(b)] |= b
    return out


#: Sums over a set of states ``(m, k)``: ``(count, sum of m, sum of k, sum of m k)``.
_Moments = tuple[int, int, int, int]


def _line_moments(support: np.ndarray, d: int) -> _Moments:
    """:data:`_Moments` of the states ``(t, d t)`` for the ``t`` possible in ``support`` (the
    RVs of groups with ``d`` decoys each, and their decoys) [no model]."""
    ts = np.nonzero(support)[0].tolist()
    s1 = sum(ts)
    return len(ts), s1, d * s1, d * sum(t * t for t in ts)


def _product_moments(x: _Moments, y: _Moments) -> _Moments:
    """:data:`_Moments` of every sum of a state of ``x`` and one of ``y``, counted once per
    pair (the sums of the set when no two pairs give the same state) [no model]."""
    return (
        x[0] * y[0],
        x[1] * y[0] + y[1] * x[0],
        x[2] * y[0] + y[2] * x[0],
        x[3] * y[0] + x[1] * y[2] + x[2] * y[1] + y[3] * x[0],
    )


def _states_refused(
    groups: Sequence[RVGroup],
    with_decoys: bool,
    shares: tuple[int, int],
    max_pairs: int,
    cap: int,
) -> bool:
    """Whether :func:`_states` would refuse (a step of more than ``max_pairs`` pairs) or
    :func:`_last_layer` would refuse its states (:func:`last_layer_work` for ``shares`` above
    ``cap``), decided from the groups' supports before any state is formed; True only when
    one of them would (every answer stays as it was: the refused case goes on as it did).

    The states are sums of one ``(x, d x)`` per group (``x`` RVs, ``d`` decoys each); groups
    with the same ``d`` make one line ``(t, d t)``, ``t`` in the 1-D sum of their supports,
    and the sums of two lines of different ``d`` are all distinct (``(t, t')`` is read back
    from ``(t + t', d t + d' t')``). So with one or two values of ``d`` the number of states and
    their work (a polynomial in ``m`` and ``k``: :data:`_Moments`) are exact; with more, the
    states of two lines plus a fixed state of the others are a subset, so their number (the
    two largest lines) and their work (the most over the pairs of lines) are lower bounds.
    The number of states so far is known the same way before each step [the
    engine's starting state: :func:`anpo.deterrence.defense.add_group_2d` on the groups'
    supports, as :func:`_states` forms it]."""
    lines: dict[int, np.ndarray] = {}
    for g in groups:
        d = g.decoys_per_rv if with_decoys else 0
        support = np.asarray(g.pmf) > 0.0
        sizes = sorted((int(np.count_nonzero(t)) for t in lines.values()), reverse=True)
        # states so far, at least (exactly, with two lines; none when a line has none)
        fewest = math.prod(sizes[:2]) if all(sizes) else 0
        if fewest * int(np.count_nonzero(support)) > max_pairs:
            return True
        lines[d] = _sum_set(lines.get(d), support)
    if not lines or not all(t.any() for t in lines.values()):
        return False  # no state at all (a group with no possible count): nothing to refuse
    moments = {d: _line_moments(t, d) for d, t in lines.items()}
    fewest_t = {d: int(np.argmax(t)) for d, t in lines.items()}
    least = 0
    for pair in itertools.combinations(moments, min(2, len(moments))):
        # the two lines' states, each plus the same state of the others (their fewest RVs)
        m0 = sum(fewest_t[d] for d in moments if d not in pair)
        k0 = sum(d * fewest_t[d] for d in moments if d not in pair)
        sums: _Moments = (1, m0, k0, m0 * k0)
        for d in pair:
            sums = _product_moments(sums, moments[d])
        least = max(least, _moments_work(sums, shares))
    return least > cap


def _moments_work(sums: _Moments, shares: tuple[int, int]) -> int:
    """:func:`last_layer_work` of states with these :data:`_Moments`: ``(m + 1)`` for an
    RV share that is :data:`ANY` times ``(k + 1)`` for such a decoy share, summed [as
    :func:`last_layer_work` counts them]."""
    n, sm, sk, smk = sums
    if shares[0] == ANY and shares[1] == ANY:
        return smk + sm + sk + n
    if shares[0] == ANY:
        return sm + n
    if shares[1] == ANY:
        return sk + n
    return n


#: Most cells of a block's (RVs, decoys) grid that :func:`_joint_states` builds to mark its
#: starting states (a boolean each: 4 MiB); larger grids are never built, their states are
#: formed in bounded chunks instead.
JOINT_GRID_CELLS = 1 << 22


def _joint_states(groups: Sequence[RVGroup], limit: int) -> list[tuple[int, int]]:
    """The reachable ``(RVs, decoys)`` of a block's groups arriving, the states
    ``_grid(groups, True)`` marks, without the grid; :class:`_TooMuch` as soon as they are
    more than ``limit`` (the joint pass's budget left: a step's states never outnumber the
    final ones, as adding a group's fixed count maps them one to one, and a sum of two sets of
    integers has at least ``|A| + |B| - 1`` members). Each step forms its pairs (states so
    far, the group's counts) in chunks of at most ``max(limit, states so far)`` [the engine's
    starting state: :func:`anpo.deterrence.defense.add_group_2d` on the groups' supports]."""
    k1 = 1 + sum((len(g.pmf) - 1) * g.decoys_per_rv for g in groups)
    if (1 + sum(len(g.pmf) - 1 for g in groups)) * k1 <= JOINT_GRID_CELLS:
        # a small grid marks them at the cost of its cells; the chunks below sort about
        # (states x counts) keys (two groups of 0-30,000 RVs without decoys: 63 s, the grid
        # 1.6 s: review25)
        ms, ks = np.nonzero(_grid(groups, True))
        if len(ms) > limit:
            raise _TooMuch
        return list(zip(ms.tolist(), ks.tolist(), strict=True))
    keys = np.zeros(1, dtype=np.int64)
    for g in groups:
        xs = np.nonzero(np.asarray(g.pmf) > 0.0)[0].astype(np.int64)
        offsets = xs * k1 + g.decoys_per_rv * xs
        if len(keys) + len(offsets) - 1 > limit:
            raise _TooMuch
        step = max(1, limit // len(keys))
        out = np.zeros(0, dtype=np.int64)
        for i in range(0, len(offsets), step):
            out = np.union1d(out, (keys[:, None] + offsets[None, i : i + step]).ravel())
            if len(out) > limit:
                raise _TooMuch
        keys = out
    return list(zip((keys // k1).tolist(), (keys % k1).tolist(), strict=True))


def _grid(groups: Sequence[RVGroup], with_decoys: bool) -> np.ndarray:
    """Reachable ``(RVs, decoys)`` of independent groups arriving (booleans). Source: the
    engine's starting state, :func:`anpo.deterrence.defense.add_group_2d` on the groups'
    supports [wilkening1999, decoys per RV after sessler2000]."""
    reach = np.ones((1, 1), dtype=bool)
    for g in groups:
        n = len(g.pmf) - 1
        d = g.decoys_per_rv if with_decoys else 0
        out = np.zeros((reach.shape[0] + n, reach.shape[1] + d * n), dtype=bool)
        for x in np.nonzero(np.asarray(g.pmf) > 0.0)[0]:
            out[x : x + reach.shape[0], d * x : d * x + reach.shape[1]] |= reach
        reach = out
    return reach


def _sees(arrays: LayerArrays, j: int) -> bool:
    """Whether decoys reach layer ``j``'s engagement: exo-atmospheric and not recognising
    every decoy (:attr:`anpo.deterrence.layer.Layer.sees_decoys`) [sessler2000]."""
    return not bool(arrays.endo[j]) and float(arrays.discrimination[j]) < 1.0


def _shares(arrays: LayerArrays, j: int) -> tuple[int, int]:
    """Footprint share and decoy share of layer ``j`` (:func:`share`, :func:`decoy_share`)
    [wilkening1999, decoys after sessler2000]."""
    f = float(arrays.fraction[j])
    return share(f), decoy_share(f, float(arrays.discrimination[j]), _sees(arrays, j))


def _layer_kind(
    arrays: LayerArrays, j: int, t_max: int, need: np.ndarray | None = None
) -> tuple[int, int, np.ndarray, np.ndarray]:
    """Footprint share, decoy share (:func:`_shares`) and kill ranges of layer ``j`` working
    (for the engaged counts ``need``, every count up to ``t_max`` without it) [wilkening1999,
    as :func:`kill_ranges` reads it]."""
    return (*_shares(arrays, j), *_kill_ranges_of(arrays, j, t_max, need))


def _kill_ranges_of(
    arrays: LayerArrays, j: int, t_max: int, need: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`kill_ranges` of layer ``j`` working, for the engaged counts ``need`` (every
    count up to ``t_max`` without it) [wilkening1999]."""
    raid = bool(arrays.raid[j])
    rho_rv = 1.0 if raid else float(arrays.reliability[j])
    return kill_ranges(
        t_max,
        int(arrays.inventories[j]),
        int(arrays.shots[j]),
        int(arrays.second[j]),
        float(arrays.sspk[j]),
        rho_rv,
        np.ones(t_max + 1, dtype=np.bool_) if need is None else need,
    )


def _block_support(
    groups: Sequence[RVGroup], arrays: LayerArrays, on: Sequence[int]
) -> np.ndarray | None:
    """Possible counts of a block's RVs getting through its layers ``on`` (in order): booleans
    over ``0..`` its most RVs; None when too much work (:data:`MAX_SUPPORT_WORK`). A block of
    one layer is decided from its starting states without a grid (:func:`_last_layer`), where
    that takes fewer steps than the grid pass; after several layers the grid is built anyway
    and its pass was the quicker for the last layer too (200 RVs x 3 decoys through two layers:
    10 ms, 15 ms from the reachable states). Whether the grid pass is within its cap is decided
    from the grid's dimensions before it is built (its first layer's grid is its largest);
    whether the one-layer pass's states are refused, from the groups' supports before they are
    formed (:func:`_states_refused`).
    Source: the engine's propagation of one block
    through its layers, :func:`anpo.deterrence._engine.propagate` [wilkening1999, decoys after
    sessler2000]."""
    decoys = any(g.decoys_per_rv > 0 for g in groups) and any(_sees(arrays, j) for j in on)
    m_max = sum(len(g.pmf) - 1 for g in groups)
    # the grid's shape, from the dimensions (:func:`_grid` builds exactly this one)
    k_all = sum((len(g.pmf) - 1) * g.decoys_per_rv for g in groups) if decoys else 0
    work = _grid_work(m_max + 1, k_all + 1)
    if len(on) == 1:
        # one layer: its RV marginal from the starting states, without the (RVs, decoys) grid;
        # where the grid pass is in reach, no more pairs than its cells (review24: six groups
        # of 61 counts formed 13 million pairs for a grid of 281,000 cells, 9 s against 0.14)
        cells = (m_max + 1) * (k_all + 1)
        max_pairs = MAX_STATE_PAIRS if work > MAX_SUPPORT_WORK else min(cells, MAX_STATE_PAIRS)
        # refused before the states are formed where they would be refused after (past the
        # cap, 4,000,000 pairs were formed to say "not known": 192 MB traced, poss26)
        if not _states_refused(
            groups, decoys, _shares(arrays, on[0]), max_pairs, min(work, MAX_SUPPORT_WORK)
        ):
            ms, ks = _states(groups, decoys, max_pairs)
            if ms is not None and ks is not None:
                part = _last_layer(ms, ks, arrays, on[0], m_max, work)
                if part is not None:
                    return part
    if work > MAX_SUPPORT_WORK:
        # the grid pass's first layer is its largest (the grid only loses its decoys on the
        # way): past the cap there before the grid is built (15,000 RVs with 3 decoys each
        # through two layers built a 675 MB grid to say "not known": grid25)
        return None
    reach = _grid(groups, decoys)
    for i, j in enumerate(on):
        if reach.shape[1] > 1 and not any(_sees(arrays, jj) for jj in on[i:]):
            reach = np.asarray(reach.any(axis=1, keepdims=True))  # no decoy matters any more
        m1, k1 = reach.shape
        a_share, u_share, klo, khi = _layer_kind(arrays, j, m1 + k1 - 2)
        rho = float(arrays.reliability[j])
        raid = bool(arrays.raid[j])
        working = (
            layer_step(reach, a_share, u_share, klo, khi)
            if (not raid or rho > 0.0)
            else np.zeros_like(reach)
        )
        reach = working | reach if (raid and rho < 1.0) else working
    return np.asarray(reach.any(axis=1))


def _grid_work(m1: int, k1: int) -> int:
    """Steps of :func:`layer_step` on an ``m1`` by ``k1`` grid, at most: each destination
    looks at the sources' antidiagonals [as :func:`layer_step` scans them; no model]."""
    return m1 * k1 * (m1 + k1)


def _last_layer(
    ms: np.ndarray, ks: np.ndarray, arrays: LayerArrays, j: int, m_max: int, grid_work: int
) -> np.ndarray | None:
    """Possible RV counts getting through layer ``j``, a block's last (its only one), from the
    reachable states ``(ms, ks)`` (:func:`last_layer_rvs`; a layer failing per raid leaves the
    RVs as they are); None when that takes more steps than the grid pass (``grid_work``) or
    :data:`MAX_SUPPORT_WORK` (the grid pass then decides, or says not known) [the engine's
    layer: wilkening1999, decoys after sessler2000]."""
    k_max = int(ks.max()) if ks.size else 0
    a_share, u_share = _shares(arrays, j)
    if last_layer_work(ms, ks, a_share, u_share) > min(grid_work, MAX_SUPPORT_WORK):
        return None
    # the engaged counts T = a + u it tries: from the fewest to the most of each source
    t_lo = (ms if a_share == ALL else 0) + (ks if u_share == ALL else 0)
    t_hi = (0 if a_share == ZERO else ms) + (0 if u_share == ZERO else ks)
    marks = np.zeros(m_max + k_max + 2, dtype=np.int64)
    np.add.at(marks, np.broadcast_to(np.asarray(t_lo, dtype=np.int64), ms.shape), 1)
    np.add.at(marks, np.broadcast_to(np.asarray(t_hi, dtype=np.int64), ms.shape) + 1, -1)
    need = np.cumsum(marks[:-1]) > 0
    klo, khi = _kill_ranges_of(arrays, j, m_max + k_max, need)
    rho = float(arrays.reliability[j])
    raid = bool(arrays.raid[j])
    out = np.zeros(m_max + 1, dtype=bool)
    if not raid or rho > 0.0:
        out = last_layer_rvs(ms, ks, a_share, u_share, klo, khi, m_max)
    if raid and rho < 1.0:
        out[ms] = True  # the layer fails: every RV of each state gets through
    return out


def _sum_support(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Possible counts of the sum of two independent counts (booleans): the support of the
    convolution :func:`anpo.deterrence.defense.convolve_pmf` takes of independent blocks."""
    return np.convolve(a.astype(np.int64), b.astype(np.int64)) > 0


def _patterns(arrays: LayerArrays) -> list[np.ndarray]:
    """The possible states of the common-mode groups, as masks of the layers active: a group
    can work when its reliability is above 0 and fail when it is below 1 (decided from the
    reliabilities given, not from their float product). Source: the common-mode patterns of
    :func:`anpo.deterrence.defense.layer_arrays` (groups failing once per raid,
    [wilkening1999, eq. 3] per group)."""
    groups: dict[str, float] = {}
    for ly in arrays.layers:
        if ly.common_mode is not None:
            groups.setdefault(ly.common_mode, ly.common_mode_reliability)
    names = sorted(groups)
    choices = [
        [s for s in (True, False) if (groups[n] > 0.0 if s else groups[n] < 1.0)] for n in names
    ]
    out = []
    for state in itertools.product(*choices):
        works = dict(zip(names, state, strict=True))
        out.append(
            np.array(
                [ly.common_mode is None or works[ly.common_mode] for ly in arrays.layers],
                dtype=bool,
            )
        )
    return out


class _TooMuch(Exception):
    pass


class _Budget:
    """What is left of :data:`MAX_JOINT_WORK` for one call of :func:`arrivals_support`, shared
    by its common-mode patterns (each pattern restarted the count, so a call could do the cap's
    work once per pattern and still answer None: review23)."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def take(self, n: int) -> None:
        """Spend ``n`` steps; :class:`_TooMuch` when fewer are left."""
        self.left -= n
        if self.left < 0:
            raise _TooMuch


def _joint_support(
    blocks: Sequence[Sequence[RVGroup]],
    sigs: Sequence[tuple[int, ...]],
    arrays: LayerArrays,
    active: np.ndarray,
    budget: _Budget,
) -> np.ndarray:
    """Possible counts of RVs getting through of coupled blocks (layers shared between blocks
    they engage differently), their ``(RVs, decoys)`` tracked jointly state by state in plain
    Python; :class:`_TooMuch` when it needs more than ``budget`` has left (starting states
    and split steps). Its work is formed as it is counted: the starting states without a grid
    (:func:`_joint_states`), the engagements, kill ranges (:func:`_kills_at`) and splits
    (:func:`_splits`) one at a time. Source: the plain-Python engine tracking every group
    jointly, :func:`anpo.deterrence._general.arrivals` [wilkening1999, decoys after
    sessler2000]."""
    n_b = len(blocks)
    # each block's starting states without its (RVs, decoys) grid, refused past the budget
    # (a grid of 15,000 RVs with 3 decoys each took 675 MB before the budget saw one state)
    starts = [_joint_states(b, budget.left) for b in blocks]
    budget.take(math.prod(len(block) for block in starts))
    states: set[tuple[int, ...]] = {()}
    for block in starts:
        states = {s + mk for s in states for mk in block}
    rvs = [sum(len(g.pmf) - 1 for g in b) for b in blocks]
    work, left = 0, budget.left  # counted locally: a method call per split step costs
    for j in range(len(arrays.layers)):
        if not active[j]:
            continue
        engaged = [b for b in range(n_b) if j in sigs[b]]
        if not engaged:
            continue
        a_share, u_share = _shares(arrays, j)
        rho = float(arrays.reliability[j])
        raid = bool(arrays.raid[j])
        new: set[tuple[int, ...]] = set(states) if (raid and rho < 1.0) else set()
        if raid and rho <= 0.0:
            states = new
            continue

        def counts(n: int, how: int) -> range:
            return range(0, 1) if how == ZERO else range(n, n + 1) if how == ALL else range(n + 1)

        # the kill ranges of the engaged counts tried, each when first tried, not of every
        # count up to t_max first (a shoot-look-shoot layer's take O(T) steps each: 60,000
        # objects took 17 s before the budget saw one split step)
        kills: dict[int, range] = {}
        for st in states:
            # each engaged block's (RVs, decoys) engaged, as one flat product of ranges: the
            # engagements are tried (and counted) one by one, never all formed first
            flat = [
                counts(st[2 * b + i], how)
                for b in engaged
                for i, how in enumerate((a_share, u_share))
            ]
            for caps in itertools.product(*flat):
                for c in _kills_at(arrays, j, sum(caps), kills):
                    for split in _splits(caps, c):
                        work += 1
                        if work > left:
                            raise _TooMuch
                        out = list(st)
                        for i, b in enumerate(engaged):
                            out[2 * b] -= split[2 * i]
                            out[2 * b + 1] -= split[2 * i + 1]
                        new.add(tuple(out))
        states = new
    budget.take(work)
    size = sum(rvs) + 1
    out_support = np.zeros(size, dtype=bool)
    for st in states:
        out_support[sum(st[0::2])] = True
    return out_support


def _kills_at(arrays: LayerArrays, j: int, t: int, cache: dict[int, range]) -> range:
    """The counts layer ``j`` working can kill among ``t`` engaged objects
    (:func:`kill_ranges` for this ``t`` alone, kept in ``cache``) [wilkening1999, as
    :func:`kill_ranges` reads it]."""
    if t not in cache:
        need = np.zeros(t + 1, dtype=np.bool_)
        need[t] = True
        klo, khi = _kill_ranges_of(arrays, j, t, need)
        cache[t] = range(int(klo[t]), int(khi[t]) + 1)
    return cache[t]


def _splits(caps: Sequence[int], total: int) -> Iterator[tuple[int, ...]]:
    """Every way to take ``total`` objects from categories of sizes ``caps``: the support of
    the multivariate hypergeometric split of the killed objects (as
    :func:`anpo.deterrence._general.arrivals` splits them) [wilkening1999; sessler2000]. One
    by one, so that the caller counts each against its budget before the next is formed
    (200 kills among 480 objects in four categories are about a million splits)."""
    if not caps:
        if total == 0:
            yield ()
        return
    rest = sum(caps[1:])
    for x in range(max(0, total - rest), min(caps[0], total) + 1):
        for tail in _splits(caps[1:], total - x):
            yield (x, *tail)


def arrivals_support(
    groups: Sequence[RVGroup], arrays: LayerArrays
) -> tuple[tuple[int, int], ...] | None:
    """The counts of RVs of ``groups`` getting through ``arrays`` with positive probability, as
    ranges ``(fewest, most)`` (every count between possible), for every configuration
    :func:`anpo.deterrence.defense.arrivals` accepts; decided exactly (module docstring). None
    when the work exceeds :data:`MAX_SUPPORT_WORK` or :data:`MAX_JOINT_WORK` (not known).
    Source: the engine's mixture over common-mode patterns and blocks,
    :func:`anpo.deterrence.defense.arrivals_pmf` [wilkening1999, decoys after sessler2000]."""
    size = sum(len(g.pmf) - 1 for g in groups) + 1
    total = np.zeros(size, dtype=bool)
    masks = [arrays.engages(g.missile_class) for g in groups]
    patterns = _patterns(arrays) if len(arrays.layers) else [np.zeros(0, dtype=bool)]
    budget = _Budget(MAX_JOINT_WORK)
    for active in patterns:
        sigs: dict[tuple[int, ...], list[int]] = {}
        result = np.ones(1, dtype=bool)
        for i, mask in enumerate(masks):
            sig = tuple(int(x) for x in np.nonzero(mask & active)[0])
            if sig:
                sigs.setdefault(sig, []).append(i)
            else:
                result = _sum_support(result, np.asarray(groups[i].pmf) > 0.0)
        used = [set(s) for s in sigs]
        if all(a.isdisjoint(b) for a, b in itertools.combinations(used, 2)):
            for sig, members in sigs.items():
                part = _block_support([groups[i] for i in members], arrays, list(sig))
                if part is None:
                    return None
                result = _sum_support(result, part)
        else:
            try:
                part = _joint_support(
                    [[groups[i] for i in members] for members in sigs.values()],
                    list(sigs),
                    arrays,
                    active,
                    budget,
                )
            except _TooMuch:
                return None
            result = _sum_support(result, part)
        total[: len(result)] |= result[:size]
    return ranges(total)


def ranges(support: np.ndarray) -> tuple[tuple[int, int], ...]:
    """Runs of True in ``support`` as ``(first, last)`` pairs (how :attr:`anpo.deterrence.
    defense.EngagementResult.known_support` states a support; no model)."""
    idx = np.nonzero(support)[0]
    if len(idx) == 0:
        return ()
    breaks = np.nonzero(np.diff(idx) > 1)[0]
    starts = np.concatenate([[idx[0]], idx[breaks + 1]])
    ends = np.concatenate([idx[breaks], [idx[-1]]])
    return tuple((int(a), int(b)) for a, b in zip(starts, ends, strict=True))
