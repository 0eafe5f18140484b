"""Compiled kernels (numba) of the deterrence engine. Private to :mod:`anpo.deterrence`.

Array in, array out; the documented entry points are :mod:`anpo.deterrence.defense`,
:mod:`anpo.deterrence.exchange` and :mod:`anpo.deterrence.reaction`.

The interception model [wilkening1999], made exact for finite inventories, shoot-look-shoot and
decoys: a layer engages ``T`` threatening objects (RVs inside its footprint plus the decoys it
fails to recognise) and cannot tell them apart. It spreads its inventory as evenly as possible,
``q = floor(B/T)`` interceptors for ``T - r`` objects and ``q + 1`` for ``r = B mod T``
(``B = min(I, shots T)``), which objects get the extra shot being random; with
shoot-look-shoot it looks, then fires ``second`` shots at each surviving object from what is left.
The number of objects killed, ``k``, therefore depends on ``T`` alone, and because the defense
treats the objects alike the killed objects are a uniformly random ``k``-subset of the ``T``: the
number of RVs among them is hypergeometric. Reliability of a layer's own elements is per raid
(the layer works or not, once) or per RV: each engaged object is tracked independently, once
for the layer (both salvos of shoot-look-shoot), and only a tracked object can be killed; the
look shows every survivor, tracked or not, and the second salvo is spread over them all.
Tracking is independent of the object's type, so the killed objects are still a uniformly
random subset.

States are 2-D arrays ``P[m, K]``: ``m`` RVs and ``K`` decoys still flying (decoys persist
through exo-atmospheric layers until destroyed; each layer recognises each decoy independently;
endo-atmospheric layers see no decoys). Binomials are computed on a window of +/-14 standard
deviations (plus 8) around the mean, where the neglected mass is below 1e-40; states with
probability below 1e-16 are not propagated (their mass is negligible for every reported figure).
"""

from __future__ import annotations

import math

import numpy as np
from numba import prange

from anpo._jit import njit

_TAIL_SD = 14.0
_TINY = 1e-300
_SKIP = 1e-16

# dup-ok: the kernels take the layers as plain per-layer arrays (inventories, sspk, shots, second,
# reliability, raid, discrimination, endo, fraction) and scalars, so their signatures and calls
# repeat these argument lists: nopython kernels cannot take **kwargs. Python callers pass the
# arrays in one place (defense.LayerArrays.per_layer).


# ----------------------------------------------------------------------------- binomials
@njit(cache=True)
def binom_window(n: int, p: float) -> tuple[int, int]:
    """Support window ``[lo, hi]`` of Bin(n, p) outside which the mass is below 1e-40."""
    if n <= 0 or p <= 0.0:
        return 0, 0
    if p >= 1.0:
        return n, n
    mean = n * p
    sd = math.sqrt(n * p * (1.0 - p))
    lo = int(max(0.0, math.floor(mean - _TAIL_SD * sd - 8.0)))
    hi = int(min(float(n), math.ceil(mean + _TAIL_SD * sd + 8.0)))
    return lo, hi


_LF_TABLE = np.array([math.lgamma(i + 1.0) for i in range(256)])
_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)


@njit(cache=True)
def log_factorial(n: int) -> float:
    """``ln n!``: a table below 256, Stirling's series above (error below 1e-19)."""
    if n < 256:
        return _LF_TABLE[n]
    x = n + 1.0
    inv = 1.0 / x
    inv2 = inv * inv
    return (
        (x - 0.5) * math.log(x)
        - x
        + _HALF_LOG_2PI
        + inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0)))
    )


@njit(cache=True)
def binom_pmf_at(n: int, p: float, j: int) -> float:
    """P(Bin(n, p) = j) from log-factorials (:func:`log_factorial`); 0 outside ``0..n``, exact at
    ``p`` = 0 and 1."""
    if j < 0 or j > n:
        return 0.0
    if p <= 0.0:
        return 1.0 if j == 0 else 0.0
    if p >= 1.0:
        return 1.0 if j == n else 0.0
    lg = log_factorial(n) - log_factorial(j) - log_factorial(n - j)
    return math.exp(lg + j * math.log(p) + (n - j) * math.log1p(-p))


@njit(cache=True)
def binom_fill(n: int, p: float, buf: np.ndarray) -> tuple[int, int]:
    """``buf[0 : hi - lo + 1]`` = Bin(n, p) on its window ``[lo, hi]`` (ratio recurrence)."""
    lo, hi = binom_window(n, p)
    if n <= 0 or p <= 0.0 or p >= 1.0:
        buf[0] = 1.0
        return lo, hi
    ratio = p / (1.0 - p)
    v = binom_pmf_at(n, p, lo)
    buf[0] = v
    for j in range(lo, hi):
        v *= (n - j) * ratio / (j + 1.0)
        buf[j - lo + 1] = v
    # trim tails below 1e-20 (their total mass is below 1e-18)
    a, b = 0, hi - lo
    while a < b and buf[a] < 1e-20:
        a += 1
    while b > a and buf[b] < 1e-20:
        b -= 1
    if a > 0:
        for j in range(b - a + 1):
            buf[j] = buf[j + a]
    return lo + a, lo + b


@njit(cache=True)
def binom_fill_mode(n: int, p: float, buf: np.ndarray) -> tuple[int, int, int]:
    """Bin(n, p) from its mode outwards until terms fall below 1e-20 of the whole (within the
    :func:`binom_window` window): returns ``(lo, hi, off)``, the value at ``x`` being
    ``buf[x - off]``; ``buf`` needs the window's length."""
    wlo, whi = binom_window(n, p)
    if n <= 0 or p <= 0.0 or p >= 1.0:
        buf[0] = 1.0
        return wlo, whi, wlo
    mode = int(math.floor((n + 1) * p))
    if mode > n:
        mode = n
    if mode < wlo:
        mode = wlo
    if mode > whi:
        mode = whi
    v0 = binom_pmf_at(n, p, mode)
    ratio = p / (1.0 - p)
    buf[mode - wlo] = v0
    v = v0
    hi = mode
    while hi < whi:
        v *= (n - hi) * ratio / (hi + 1.0)
        if v < 1e-20:
            break
        hi += 1
        buf[hi - wlo] = v
    v = v0
    lo = mode
    while lo > wlo:
        v *= lo / ((n - lo + 1.0) * ratio)
        if v < 1e-20:
            break
        lo -= 1
        buf[lo - wlo] = v
    return lo, hi, wlo


@njit(cache=True)
def _two_binom_into(
    n1: int, p1: float, n2: int, p2: float, weight: float, out: np.ndarray, offset: int, cap: int
) -> None:
    """``out[offset + x] += weight * P(Bin(n1, p1) + Bin(n2, p2) = x)`` for ``x < cap`` (the
    left tail only: truncation). Each binomial is tabulated once on its window (tails below
    1e-20 dropped), then convolved; a short left tail (``cap <= 24``) is summed directly from
    zero without tables."""
    if cap <= 24 and _left_start_ok(n1, p1) and _left_start_ok(n2, p2):
        _two_binom_left(n1, p1, n2, p2, weight, out, offset, cap)
        return
    lo1, hi1 = binom_window(n1, p1)
    lo2, hi2 = binom_window(n2, p2)
    a = np.empty(hi1 - lo1 + 1)
    b = np.empty(hi2 - lo2 + 1)
    lo1, hi1 = binom_fill(n1, p1, a)
    lo2, hi2 = binom_fill(n2, p2, b)
    hi1 = min(hi1, cap - 1 - lo2)
    size = out.shape[0]
    for i in range(lo1, hi1 + 1):
        wa = weight * a[i - lo1]
        if wa < _TINY:
            continue
        top = min(hi2, cap - 1 - i, size - 1 - offset - i)
        base = offset + i
        for j in range(lo2, top + 1):
            out[base + j] += wa * b[j - lo2]


@njit(cache=True)
def _left_start_ok(n: int, p: float) -> bool:
    """Whether Bin(n, p) can be summed from zero: its first term ``(1 - p)^n`` does not underflow
    (``p`` near 1, the survivors of a layer whose kill probability is near 0, puts the whole
    mass at the right end, where a recurrence started from an underflowed zero never arrives:
    23 objects, one interceptor each, SSPK 4e-15 lost the state)."""
    if n <= 0 or p <= 0.0 or p >= 1.0:
        return True
    return n * math.log1p(-p) > -700.0


@njit(cache=True)
def _binom_left(n: int, p: float, i: int, prev: float) -> float:
    """P(Bin(n, p) = i) from P(= i - 1) (``prev``), or from scratch for ``i = 0``."""
    if p <= 0.0:
        return 1.0 if i == 0 else 0.0
    if p >= 1.0:
        return 1.0 if i == n else 0.0
    if i == 0:
        return (1.0 - p) ** n
    if i > n:
        return 0.0
    return prev * ((n - i + 1) * p / (i * (1.0 - p)))


@njit(cache=True)
def _two_binom_left(
    n1: int, p1: float, n2: int, p2: float, weight: float, out: np.ndarray, offset: int, cap: int
) -> None:
    """:func:`_two_binom_into` for a short left tail: terms ``x < cap`` summed from zero. Only
    for binomials whose first term ``(1-p)^n`` does not underflow (:func:`_left_start_ok`):
    the caller tabulates the others on their windows."""
    size = out.shape[0]
    if n2 == 0 or p2 <= 0.0 or n1 == 0 or p1 <= 0.0 or p1 >= 1.0 or p2 >= 1.0:
        # one of the two is a fixed count: a single shifted left tail, no table
        if n2 == 0 or p2 <= 0.0 or p2 >= 1.0:
            n, p, shift = n1, p1, (n2 if p2 >= 1.0 else 0)
        else:
            n, p, shift = n2, p2, (n1 if p1 >= 1.0 else 0)
        if p >= 1.0:
            shift += n
            n, p = 0, 0.0
        v = 0.0
        for i in range(min(n, cap - 1 - shift) + 1):
            v = _binom_left(n, p, i, v)
            idx = offset + shift + i
            if idx < size:
                out[idx] += weight * v
        return
    top2 = min(n2, cap - 1)
    bv = np.empty(top2 + 1)
    b = 0.0
    for j in range(top2 + 1):
        b = _binom_left(n2, p2, j, b)
        bv[j] = b
    a = 0.0
    for i in range(min(n1, cap - 1) + 1):
        a = _binom_left(n1, p1, i, a)
        wa = weight * a
        if wa < _TINY:
            continue
        base = offset + i
        for j in range(min(top2, cap - 1 - i, size - 1 - base) + 1):
            out[base + j] += wa * bv[j]


@njit(cache=True)
def _salvo_survivors_into(
    t: int,
    inventory: int,
    shots: int,
    k: float,
    rho_rv: float,
    weight: float,
    out: np.ndarray,
    offset: int,
    cap: int,
) -> int:
    """Objects surviving among ``t`` when ``min(inventory, shots t)`` interceptors are spread
    evenly (``q`` or ``q + 1`` each): ``out[offset + s] += weight P(s survive)`` for ``s <
    cap``. Returns the interceptors fired."""
    if t == 0:
        if cap > 0 and offset < out.shape[0]:
            out[offset] += weight
        return 0
    budget = min(inventory, shots * t)
    q = budget // t
    r = budget - q * t
    leak_q = 1.0 - rho_rv * (1.0 - (1.0 - k) ** q)
    leak_q1 = 1.0 - rho_rv * (1.0 - (1.0 - k) ** (q + 1))
    _two_binom_into(t - r, leak_q, r, leak_q1, weight, out, offset, cap)
    return budget


@njit(cache=True)
def look_reliability(rho_rv: float, k: float, shots: int) -> float:
    """P(an object that survived a first salvo of ``shots`` is tracked), when each object is
    tracked once for the layer with probability ``rho_rv`` (per-RV reliability): Bayes,
    ``rho (1-k)^shots / (1 - rho + rho (1-k)^shots)``; 1 for ``rho_rv = 1`` (and when no
    object can survive). The second salvo of shoot-look-shoot kills a survivor it fires at
    only if it is tracked, the survivors being tracked independently (P(track) is common to
    every interceptor fired at an RV [wilkening1999])."""
    if rho_rv >= 1.0:
        return 1.0
    tracked = rho_rv * (1.0 - k) ** shots
    alive = (1.0 - rho_rv) + tracked
    if alive <= 0.0:
        return 1.0
    return tracked / alive


@njit(cache=True)
def layer_survivors(
    t: int, inventory: int, shots: int, second: int, k: float, rho_rv: float, cap: int
) -> np.ndarray:
    """pmf of the number of objects surviving a working layer among ``t`` engaged, truncated
    to ``s < cap`` (length ``min(cap, t + 1)``; the mass of larger counts is what is missing):
    salvo, or shoot-look-shoot (``second`` > 0) with perfect kill assessment; the model of
    [wilkening1999], made exact (module docstring)."""
    size = min(cap, t + 1)
    out = np.zeros(size)
    if t == 0:
        if size > 0:
            out[0] = 1.0
        return out
    if second <= 0:
        _salvo_survivors_into(t, inventory, shots, k, rho_rv, 1.0, out, 0, size)
        return out
    budget = min(inventory, shots * t)
    remaining = inventory - budget
    if remaining == 0:
        _salvo_survivors_into(t, inventory, shots, k, rho_rv, 1.0, out, 0, size)
        return out
    # Something is left, so the first salvo gave every object its `shots` (q1 = shots, r1 =
    # 0). Per-RV reliability is tracking, drawn once per object for the layer: an untracked
    # object survives both salvos, and at the look the defense cannot tell it from a tracked
    # survivor. Each first-salvo survivor is tracked independently with rho2 =
    # rho m1 / (1 - rho + rho m1) (m1 = (1-k)^shots; the objects are alike and independent),
    # so the second salvo is a salvo over the survivors with reliability rho2.
    # Second salvo: `second` shots at each first-salvo survivor while the inventory lasts
    # (s1 <= smax); then each object survives both salvos independently, with
    # l_q l2 = (1 - rho) + rho (1-k)^(shots + second), so the mixture over s1 has the closed
    # form Bin(t - r, l_q l2) + Bin(r, l_q1 l2). Survivor counts above smax share what is left
    # (computed one by one, the closed form corrected for them).
    q1 = budget // t
    r1 = budget - q1 * t
    leak_q = 1.0 - rho_rv * (1.0 - (1.0 - k) ** q1)
    leak_q1 = 1.0 - rho_rv * (1.0 - (1.0 - k) ** (q1 + 1))
    rho2 = look_reliability(rho_rv, k, q1)
    l2 = 1.0 - rho2 * (1.0 - (1.0 - k) ** second)
    smax = remaining // second
    lo_a, hi_a = binom_window(t - r1, leak_q)
    lo_b, hi_b = binom_window(r1, leak_q1)
    s_hi = min(hi_a + hi_b, t)
    if s_hi <= smax:
        _two_binom_into(t - r1, leak_q * l2, r1, leak_q1 * l2, 1.0, out, 0, size)
        return out
    s_lo = lo_a + lo_b
    n_over = max(0, s_hi - smax)
    n_under = max(0, min(smax, s_hi) - s_lo + 1)
    if n_over < n_under:
        # closed form, minus the over-ample counts' "ample" part, plus their true part (only
        # counts below cap + remaining can still end below cap)
        first = np.zeros(s_hi + 1)
        _salvo_survivors_into(t, inventory, shots, k, rho_rv, 1.0, first, 0, s_hi + 1)
        _two_binom_into(t - r1, leak_q * l2, r1, leak_q1 * l2, 1.0, out, 0, size)
        corr = np.zeros(size)
        for s in range(smax + 1, s_hi + 1):
            w = first[s]
            if w < _TINY:
                continue
            # as if ample; n2 a typed int64 0, as every other call's int64 count: a literal 0
            # made numba compile this and _two_binom_left (and the binomial helpers) twice
            _two_binom_into(s, l2, np.int64(0), 0.0, w, corr, 0, size)
            if s < cap + remaining:
                _salvo_survivors_into(s, remaining, second, k, rho2, w, out, 0, size)
        for x in range(size):
            out[x] = max(out[x] - corr[x], 0.0)
        return out
    # first-salvo survivors: only counts below cap + remaining can still end below cap
    first = np.zeros(min(t + 1, cap + remaining))
    _salvo_survivors_into(t, inventory, shots, k, rho_rv, 1.0, first, 0, first.shape[0])
    for s in range(first.shape[0]):
        w = first[s]
        if w < _TINY:
            continue
        if s == 0:
            out[0] += w
        else:
            _salvo_survivors_into(s, remaining, second, k, rho2, w, out, 0, size)
    return out


@njit(cache=True)
def _support_bounds(p: np.ndarray) -> tuple[int, int, int, int]:
    mlo, mhi, klo, khi = p.shape[0], -1, p.shape[1], -1
    for m in range(p.shape[0]):
        for kk in range(p.shape[1]):
            if p[m, kk] >= _SKIP:
                if m < mlo:
                    mlo = m
                if m > mhi:
                    mhi = m
                if kk < klo:
                    klo = kk
                if kk > khi:
                    khi = kk
    return mlo, mhi, klo, khi


@njit(cache=True)
def _log_factorials(n: int) -> np.ndarray:
    out = np.empty(n + 1)
    out[0] = 0.0
    for i in range(1, n + 1):
        out[i] = out[i - 1] + math.log(i)
    return out


@njit(cache=True)
def _hyper_mode(
    total: int, good: int, draws: int, lf: np.ndarray, buf: np.ndarray
) -> tuple[int, int, int]:
    """Hypergeometric pmf from its mode outwards until terms fall below 1e-20: returns
    ``(lo, hi, off)``, the value at ``j`` being ``buf[j - off]`` (``buf`` as long as the full
    support). :func:`_hyper_upto` with no restriction (``jmax = draws``, the top of the
    support): the same terms, in the same order."""
    return _hyper_upto(total, good, draws, lf, buf, draws)


@njit(cache=True)
def _hyper_upto(
    total: int, good: int, draws: int, lf: np.ndarray, buf: np.ndarray, jmax: int
) -> tuple[int, int, int]:
    """:func:`_hyper_mode` restricted to ``j <= jmax`` (the callers keep only the states below a
    truncation row): the same terms (those from the mode outwards down to 1e-20), but when the
    mode lies above ``jmax`` the downward recurrence starts at ``jmax`` itself, its term computed
    directly, so the terms above ``jmax`` that the caller would discard are never formed (the
    pmf is unimodal: below the mode the terms decrease away from it, so the 1e-20 cut-off falls
    at the same place). Returns ``(lo, hi, off)`` as :func:`_hyper_mode`; ``hi < lo`` when no
    term at or below ``jmax`` reaches 1e-20."""
    slo = max(0, draws - (total - good))
    shi = min(draws, good)
    if shi <= slo:
        buf[0] = 1.0
        if slo > jmax:
            return slo, slo - 1, slo
        return slo, slo, slo
    if jmax < slo:
        return slo, slo - 1, slo
    bad = total - good
    mode = int(math.floor((draws + 1.0) * (good + 1.0) / (total + 2.0)))
    if mode < slo:
        mode = slo
    if mode > shi:
        mode = shi
    start = mode if mode <= jmax else jmax
    v0 = math.exp(
        lf[good]
        - lf[start]
        - lf[good - start]
        + lf[bad]
        - lf[draws - start]
        - lf[bad - draws + start]
        - lf[total]
        + lf[draws]
        + lf[total - draws]
    )
    if start < mode and v0 < 1e-20:
        return slo, slo - 1, slo
    buf[start - slo] = v0
    v = v0
    hi = start
    top = shi if shi < jmax else jmax
    if start == mode:
        while hi < top:
            v *= (good - hi) * (draws - hi) / ((hi + 1.0) * (bad - draws + hi + 1.0))
            if v < 1e-20:
                break
            hi += 1
            buf[hi - slo] = v
    v = v0
    lo = start
    while lo > slo:
        v *= lo * (bad - draws + lo) / ((good - lo + 1.0) * (draws - lo + 1.0))
        if v < 1e-20:
            break
        lo -= 1
        buf[lo - slo] = v
    return lo, hi, slo


@njit(cache=True)
def _ensure_survivors(
    t: int,
    inv: int,
    shots: int,
    second: int,
    k: float,
    rho_rv: float,
    cap: int,
    c_off: np.ndarray,
    c_lo: np.ndarray,
    c_hi: np.ndarray,
    cache: np.ndarray,
    c_used: int,
) -> tuple[np.ndarray, int]:
    """Make sure the (truncated) survivor pmf of ``t`` objects is in the layer's flat cache
    (window ``c_lo[t] .. c_hi[t]`` at ``c_off[t]``); returns (cache, used)."""
    if c_off[t] >= 0:
        return cache, c_used
    sp = layer_survivors(t, inv, shots, second, k, rho_rv, cap)
    lo_s, hi_s = 0, sp.shape[0] - 1
    while lo_s < hi_s and sp[lo_s] < 1e-20:
        lo_s += 1
    while hi_s > lo_s and sp[hi_s] < 1e-20:
        hi_s -= 1
    need = c_used + hi_s - lo_s + 1
    if need > cache.shape[0]:
        grown = np.empty(max(2 * cache.shape[0], need))
        grown[:c_used] = cache[:c_used]
        cache = grown
    cache[c_used:need] = sp[lo_s : hi_s + 1]
    c_off[t] = c_used
    c_lo[t] = lo_s
    c_hi[t] = hi_s
    return cache, need


@njit(cache=True)
def _layer_collapsed(
    pmf: np.ndarray,
    rows: int,
    inv: int,
    kk_p: float,
    shots_l: int,
    second_l: int,
    rho: float,
    raid_l: bool,
    use_decoys: bool,
    miss: float,
    truncated: bool,
    cap_next: int,
    c_off: np.ndarray,
    c_lo: np.ndarray,
    c_hi: np.ndarray,
    cache: np.ndarray,
    c_used: int,
    lf: np.ndarray,
) -> tuple[np.ndarray, float, np.ndarray, int]:
    """One area layer (whole footprint) after which decoys no longer matter: the decoy count
    is first thinned to the unrecognised decoys, then each (RVs, unrecognised) pair engaged.
    ``c_*``, ``cache``, ``c_used``: the layer's survivor-pmf cache (by objects engaged), shared
    across calls; ``lf``: log-factorials up to the largest object count. States that can only
    end at ``rows`` RVs or more go to the returned lump."""
    lump = 0.0
    new = np.zeros((rows, 1))
    mlo, mhi, klo, khi = _support_bounds(pmf)
    if mhi < 0:
        return new, 0.0, cache, c_used
    rho_rv = 1.0 if raid_l else rho
    umax = khi if use_decoys else 0
    q = np.zeros((mhi + 1, umax + 1))
    ubuf = np.empty(khi + 2)
    for m in range(mlo, mhi + 1):
        for kd in range(klo, khi + 1):
            w = pmf[m, kd]
            if w < _SKIP:
                continue
            if raid_l:
                fail = w * (1.0 - rho)
                if m < rows:
                    new[m, 0] += fail
                else:
                    lump += fail
                w = w * rho
                if w < _TINY:
                    continue
            if truncated and m - inv >= cap_next:
                lump += w
                continue
            if use_decoys and kd > 0:
                ulo, uhi = binom_fill(kd, miss, ubuf)
                for u in range(ulo, uhi + 1):
                    q[m, u] += w * ubuf[u - ulo]
            else:
                q[m, 0] += w
    hbuf = np.empty(mhi + umax + 3)
    full = use_decoys and umax > 0
    kill1 = rho_rv * kk_p
    for m in range(mlo, mhi + 1):
        if full and m >= inv:
            # every object count t = m + u >= inventory: `inv` objects chosen at random get one
            # shot each; h = RVs among them (hypergeometric), Bin(h, kill1) of those die
            ph = np.zeros(inv + 1)
            mass = 0.0
            for u in range(umax + 1):
                w = q[m, u]
                if w < _TINY:
                    continue
                mass += w
                hlo, hhi, hoff = _hyper_mode(m + u, m, inv, lf, hbuf)
                for h in range(hlo, hhi + 1):
                    ph[h] += w * hbuf[h - hoff]
            if mass <= 0.0:
                continue
            kept = 0.0
            xbuf = np.empty(inv + 2)
            for h in range(inv + 1):
                wh = ph[h]
                if wh < _TINY:
                    continue
                # survivors: m - h unshot plus Bin(h, 1 - kill1) of the shot
                xlo, xhi = binom_fill(h, 1.0 - kill1, xbuf)
                for x in range(xlo, xhi + 1):
                    v = wh * xbuf[x - xlo]
                    m_out = m - h + x
                    if m_out < rows:
                        new[m_out, 0] += v
                        kept += v
            lump += max(mass - kept, 0.0)
            continue
        if full:
            # object counts small enough for every object to get its full shots (and, for
            # shoot-look-shoot, its full second salvo): objects survive independently, so the
            # RVs' survivors are Bin(m, l) whatever the decoys; per-RV tracking is drawn once
            # per object, l = (1 - rho) + rho (1-k)^(shots + second) (see layer_survivors)
            per_obj = shots_l + (second_l if second_l > 0 else 0)
            indep = 0.0
            for u in range(umax + 1):
                if q[m, u] >= _TINY and per_obj * (m + u) <= inv:
                    indep += q[m, u]
                    q[m, u] = 0.0
            if indep > 0.0:
                l_obj = 1.0 - rho_rv * (1.0 - (1.0 - kk_p) ** shots_l)
                if second_l > 0:
                    rho2 = look_reliability(rho_rv, kk_p, shots_l)
                    l_obj *= 1.0 - rho2 * (1.0 - (1.0 - kk_p) ** second_l)
                lo_b, hi_b = binom_window(m, l_obj)
                bb = np.empty(hi_b - lo_b + 1)
                lo_b, hi_b = binom_fill(m, l_obj, bb)
                kept = 0.0
                for x in range(lo_b, hi_b + 1):
                    if x < rows:
                        new[x, 0] += indep * bb[x - lo_b]
                        kept += indep * bb[x - lo_b]
                lump += max(indep - kept, 0.0)
        for u in range(umax + 1):
            w = q[m, u]
            if w < _TINY:
                continue
            t = m + u
            cap = t + 1 if full else rows
            cache, c_used = _ensure_survivors(
                t, inv, shots_l, second_l, kk_p, rho_rv, cap, c_off, c_lo, c_hi, cache, c_used
            )
            off = c_off[t] - c_lo[t]
            kept = 0.0
            for s in range(c_lo[t], c_hi[t] + 1):
                ws = w * cache[off + s]
                if ws < _TINY:
                    continue
                if u == 0:
                    if s < rows:
                        new[s, 0] += ws
                        kept += ws
                    continue
                # only RVs below `rows` are kept (the rest is lumped through `kept`)
                hlo, hhi, hoff = _hyper_upto(t, m, s, lf, hbuf, rows - 1)
                for j in range(hlo, hhi + 1):
                    wj = ws * hbuf[j - hoff]
                    if j < rows:
                        new[j, 0] += wj
                        kept += wj
            lump += max(w - kept, 0.0)
    return new, lump, cache, c_used


@njit(cache=True)
def _add_compensated(total: float, comp: float, x: float) -> tuple[float, float]:
    """``total + x`` with Neumaier's compensation: returns the new sum and the running
    correction (the sum is ``total + comp``). Summing thousands of kept terms plainly to
    subtract them from the state's mass left rounding of 1e-11 in the lump at 10 launchers of 3
    RVs with 9 decoys each (perf16)."""
    t = total + x
    if abs(total) >= abs(x):
        comp += (total - t) + x
    else:
        comp += (x - t) + total
    return t, comp


@njit(cache=True)
def _kill_pmfs(
    h: int,
    inv: int,
    kill1: float,
    abuf: np.ndarray,
    bbuf: np.ndarray,
    x_lo: np.ndarray,
    x_hi: np.ndarray,
    x_at: np.ndarray,
    y_lo: np.ndarray,
    y_hi: np.ndarray,
    y_at: np.ndarray,
    xy_vals: np.ndarray,
    xy_used: int,
) -> tuple[np.ndarray, int]:
    """Store Bin(h, kill1) (the shot RVs killed) and Bin(inv - h, kill1) (the shot decoys
    killed) in the flat buffer ``xy_vals`` (grown if need be), their windows in ``x_*`` and
    ``y_*`` at index ``h``: the kills when ``inv`` objects get one shot each, ``h`` of them RVs
    ([wilkening1999]'s independent shots, made exact: module docstring). Returns the buffer and
    its fill; ``abuf`` and ``bbuf`` are scratch."""
    xlo, xhi = binom_fill(h, kill1, abuf)
    ylo, yhi = binom_fill(inv - h, kill1, bbuf)
    need = xy_used + (xhi - xlo + 1) + (yhi - ylo + 1)
    if need > xy_vals.shape[0]:
        grown = np.empty(max(2 * xy_vals.shape[0], need))
        grown[:xy_used] = xy_vals[:xy_used]
        xy_vals = grown
    for x in range(xlo, xhi + 1):
        xy_vals[xy_used + x - xlo] = abuf[x - xlo]
    x_lo[h], x_hi[h], x_at[h] = xlo, xhi, xy_used - xlo
    xy_used += xhi - xlo + 1
    for y in range(ylo, yhi + 1):
        xy_vals[xy_used + y - ylo] = bbuf[y - ylo]
    y_lo[h], y_hi[h], y_at[h] = ylo, yhi, xy_used - ylo
    xy_used += yhi - ylo + 1
    return xy_vals, xy_used


@njit(cache=True)
def _layer_general(
    pmf: np.ndarray,
    rows: int,
    keep: bool,
    inv: int,
    kk_p: float,
    shots_l: int,
    second_l: int,
    rho: float,
    raid_l: bool,
    f: float,
    use_decoys: bool,
    miss: float,
    truncated: bool,
    cap_next: int,
    c_off: np.ndarray,
    c_lo: np.ndarray,
    c_hi: np.ndarray,
    cache: np.ndarray,
    c_used: int,
    lf: np.ndarray,
) -> tuple[np.ndarray, float, np.ndarray, int]:
    """One layer on (RVs, decoys) states: footprint split, unrecognised decoys, survivors, RVs
    among the surviving objects; decoys kept for later layers when ``keep``. Cache as in
    :func:`_layer_collapsed`.

    A footprint (``f < 1``) engages a binomial share of the RVs, Bin(m, f), and of the decoys
    the unrecognised ones inside it, Bin(K, f (1 - discrimination)) (each decoy inside with
    ``f``, then unrecognised, independently): one binomial, where the kernel before perf16
    drew those inside, then the unrecognised among them, a loop in a loop for every state
    (``benchmarks/old_footprint_kernel.py``, the same distribution).

    A footprint's engaged pairs (``a`` RVs inside, ``u`` decoys engaged) with ``a + u`` at least
    the inventory are shot as whole-footprint rows with ``m >= inventory`` are (perf17): the
    even spread gives ``inventory`` of the ``a + u`` objects, chosen at random, one shot each and
    leaves nothing for a second salvo (:func:`layer_survivors` with ``q`` 0 or 1), so ``h`` of
    the shot are RVs (Hyp(a + u, a, inventory), kept per pair for every state) and Bin(h, kill)
    RVs and Bin(inventory - h, kill) decoys die, ``kill`` = reliability x SSPK, independently:
    the survivors-then-hypergeometric terms' distribution, without the survivor loop. A
    footprint layer whose decoys no later layer sees is :func:`_layer_footprint_collapsed`'s
    (the propagation sends it there)."""
    lump = 0.0
    cols = pmf.shape[1] if keep else 1
    new = np.zeros((rows, cols))
    mlo, mhi, klo, khi = _support_bounds(pmf)
    if mhi < 0:
        return new, 0.0, cache, c_used
    rho_rv = 1.0 if raid_l else rho
    t_max = mhi + (khi if use_decoys else 0)
    hbuf = np.empty(t_max + 2)
    abuf = np.empty(max(mhi, inv) + 2)
    bbuf = np.empty(max(khi, inv) + 2)
    ubuf = np.empty(khi + 2)
    # whole footprint: the hypergeometric terms of (RVs m, unrecognised decoys u, survivors s)
    # do not depend on the decoy count kd, so they are computed once per (m, u) and reused for
    # every kd of that row (the same values, multiplied in the same order)
    memo = f >= 1.0 and use_decoys
    # a footprint: many more terms per state, whose sum `kept` (the lump is what it misses) is
    # compensated (Neumaier); the whole-footprint path sums them plainly, as it did
    fine = f < 1.0
    u_dim = khi + 1 if memo else 1
    s_dim = t_max + 2 if memo else 1
    h_have = np.zeros(u_dim, dtype=np.bool_)
    h_lo = np.empty((u_dim, s_dim), dtype=np.int64)
    h_hi = np.empty((u_dim, s_dim), dtype=np.int64)
    h_at = np.empty((u_dim, s_dim), dtype=np.int64)
    h_vals = np.empty(1024)
    h_used = 0
    # the branch for rows with m >= inv (below): the hypergeometric pmf of the RVs among the
    # `inv` shot objects, per unrecognised-decoy count u (reset per row), and the binomial
    # kill pmfs per number of shot RVs h (the same for every state)
    many = keep and use_decoys and f >= 1.0 and mhi >= inv
    mu_dim = khi + 1 if many else 1
    # a footprint (perf17): the engaged pairs (a RVs, u decoys) with a + u >= inv are shot as
    # the branch for m >= inv shoots (one shot each at `inv` random objects of the a + u); the
    # hypergeometric pmf of the RVs among them per (a, u), kept for every state
    shoot = keep and use_decoys and fine
    mh_dim = inv + 1 if (many or shoot) else 1
    p_at = np.full((mhi + 1 if shoot else 1, khi + 1 if shoot else 1), -1, dtype=np.int64)
    p_lo = np.zeros(p_at.shape, dtype=np.int64)
    p_hi = np.zeros(p_at.shape, dtype=np.int64)
    p_vals = np.empty(1024)
    p_used = 0
    ph_f = np.zeros(mh_dim)
    kbuf_x = np.empty(inv + 2 if shoot else 1)
    kbuf_y = np.empty(inv + 2 if shoot else 1)
    g_have = np.zeros(mu_dim, dtype=np.bool_)
    g_lo = np.empty(mu_dim, dtype=np.int64)
    g_hi = np.empty(mu_dim, dtype=np.int64)
    g_at = np.empty(mu_dim, dtype=np.int64)
    g_vals = np.empty(1024)
    g_used = 0
    x_have = np.zeros(mh_dim, dtype=np.bool_)
    x_lo = np.empty(mh_dim, dtype=np.int64)
    x_hi = np.empty(mh_dim, dtype=np.int64)
    x_at = np.empty(mh_dim, dtype=np.int64)
    y_lo = np.empty(mh_dim, dtype=np.int64)
    y_hi = np.empty(mh_dim, dtype=np.int64)
    y_at = np.empty(mh_dim, dtype=np.int64)
    xy_vals = np.empty(1024)
    xy_used = 0
    for m in range(mlo, mhi + 1):
        if memo:
            h_have[:] = False
            h_used = 0
        if many:
            g_have[:] = False
            g_used = 0
        for kd in range(klo, khi + 1):
            w = pmf[m, kd]
            if w < _SKIP:
                continue
            kd_out = kd if keep else 0
            # dup-ok: the raid-failure step of _layer_collapsed's loop, inline in both hot loops:
            # here a failed raid keeps the decoys (column kd_out), and the step ends in a
            # `continue` of the caller's loop, which a shared helper cannot do.
            if raid_l:
                fail = w * (1.0 - rho)
                if m < rows:
                    new[m, kd_out] += fail
                else:
                    lump += fail
                w = w * rho
                if w < _TINY:
                    continue
            if truncated and m - inv >= cap_next:
                lump += w  # even one kill per interceptor leaves too many
                continue
            if keep and use_decoys and kd > 0 and f >= 1.0 and m >= inv:
                # every object count t >= inventory: `inv` random objects get one shot each;
                # h of them are RVs (hypergeometric, mixed over unrecognised decoys), the other
                # inv - h decoys; each shot object dies with kill1, independently
                kill1 = rho_rv * kk_p
                ph = np.zeros(inv + 1)
                ulo, uhi = binom_fill(kd, miss, ubuf)
                for u in range(ulo, uhi + 1):
                    wu = ubuf[u - ulo]
                    if wu < 1e-18:
                        continue
                    if not g_have[u]:
                        hlo, hhi, hoff = _hyper_mode(m + u, m, inv, lf, hbuf)
                        n_h = hhi - hlo + 1
                        if g_used + n_h > g_vals.shape[0]:
                            grown = np.empty(max(2 * g_vals.shape[0], g_used + n_h))
                            grown[:g_used] = g_vals[:g_used]
                            g_vals = grown
                        for h in range(hlo, hhi + 1):
                            g_vals[g_used + h - hlo] = hbuf[h - hoff]
                        g_lo[u] = hlo
                        g_hi[u] = hhi
                        g_at[u] = g_used - hlo
                        g_used += n_h
                        g_have[u] = True
                    at = g_at[u]
                    for h in range(g_lo[u], g_hi[u] + 1):
                        ph[h] += wu * g_vals[at + h]
                kept = 0.0
                for h in range(inv + 1):
                    wh = w * ph[h]
                    if wh < _TINY:
                        continue
                    if not x_have[h]:
                        xy_vals, xy_used = _kill_pmfs(
                            h, inv, kill1, abuf, bbuf, x_lo, x_hi, x_at, y_lo, y_hi, y_at, xy_vals,
                            xy_used,
                        )  # fmt: skip
                        x_have[h] = True
                    xlo, xhi, xat = x_lo[h], x_hi[h], x_at[h]
                    ylo, yhi, yat = y_lo[h], y_hi[h], y_at[h]
                    for x in range(xlo, xhi + 1):
                        wx = wh * xy_vals[xat + x]
                        if wx < _TINY or m - x >= rows:
                            continue
                        for y in range(ylo, yhi + 1):
                            wy = wx * xy_vals[yat + y]
                            new[m - x, kd - y] += wy
                            kept += wy
                lump += max(w - kept, 0.0)
                continue
            if f >= 1.0:
                alo, ahi = m, m
                abuf[0] = 1.0
            else:
                alo, ahi = binom_fill(m, f, abuf)
            # unrecognised decoys engaged: each of the kd is inside the footprint with f and
            # then not recognised with miss, independently, so u ~ Bin(kd, f miss) (the decoys
            # outside and the recognised ones inside fly on alike: neither is engaged)
            if use_decoys and kd > 0:
                ulo, uhi = binom_fill(kd, miss if f >= 1.0 else f * miss, ubuf)
            else:
                ulo, uhi = 0, 0
                ubuf[0] = 1.0
            kept = 0.0
            comp = 0.0  # footprint: kept summed with compensation (its rounding is the lump's)
            shoot_state = shoot and kd > 0
            shot_any = False
            for a in range(alo, ahi + 1):
                wa = w * abuf[a - alo]
                if wa < _TINY:
                    continue
                outside = m - a
                for u in range(ulo, uhi + 1):
                    wu = wa * ubuf[u - ulo]
                    if wu < _TINY:
                        continue
                    t = a + u
                    if shoot_state and t >= inv:
                        # at least as many objects as interceptors: `inv` of the t, chosen at
                        # random, get one shot each (q = 0 or 1, nothing left for a second
                        # salvo; layer_survivors), h of them RVs: Hyp(t, a, inv)
                        if p_at[a, u] < 0:
                            hlo, hhi, hoff = _hyper_mode(t, a, inv, lf, hbuf)
                            n_h = hhi - hlo + 1
                            if p_used + n_h > p_vals.shape[0]:
                                grown = np.empty(max(2 * p_vals.shape[0], p_used + n_h))
                                grown[:p_used] = p_vals[:p_used]
                                p_vals = grown
                            for h in range(hlo, hhi + 1):
                                p_vals[p_used + h - hlo] = hbuf[h - hoff]
                            p_lo[a, u] = hlo
                            p_hi[a, u] = hhi
                            p_at[a, u] = p_used - hlo
                            p_used += n_h
                        at = p_at[a, u]
                        for h in range(p_lo[a, u], p_hi[a, u] + 1):
                            ph_f[h] += wu * p_vals[at + h]
                        shot_any = True
                        continue
                    cap = t + 1 if (use_decoys and kd > 0) else rows
                    cache, c_used = _ensure_survivors(
                        t,
                        inv,
                        shots_l,
                        second_l,
                        kk_p,
                        rho_rv,
                        cap,
                        c_off,
                        c_lo,
                        c_hi,
                        cache,
                        c_used,
                    )
                    off = c_off[t] - c_lo[t]
                    if memo and u > 0 and not h_have[u]:
                        for s in range(c_lo[t], c_hi[t] + 1):
                            hlo, hhi, hoff = _hyper_upto(t, a, s, lf, hbuf, rows - 1)
                            n_h = max(hhi - hlo + 1, 0)
                            if h_used + n_h > h_vals.shape[0]:
                                grown = np.empty(max(2 * h_vals.shape[0], h_used + n_h))
                                grown[:h_used] = h_vals[:h_used]
                                h_vals = grown
                            for j in range(hlo, hhi + 1):
                                h_vals[h_used + j - hlo] = hbuf[j - hoff]
                            h_lo[u, s] = hlo
                            h_hi[u, s] = hhi
                            h_at[u, s] = h_used - hlo
                            h_used += n_h
                        h_have[u] = True
                    for s in range(c_lo[t], c_hi[t] + 1):
                        ws = wu * cache[off + s]
                        if ws < _TINY:
                            continue
                        if u == 0:
                            m_out = outside + s
                            if m_out < rows:
                                new[m_out, kd_out] += ws
                                if fine:
                                    kept, comp = _add_compensated(kept, comp, ws)
                                else:
                                    kept += ws
                            continue
                        # the surviving objects are a uniformly random s-subset of the t;
                        # only RVs ending below `rows` are kept (the rest is lumped)
                        if memo:
                            hlo, hhi = h_lo[u, s], h_hi[u, s]
                            hvals, hoff = h_vals, -h_at[u, s]
                        else:
                            hlo, hhi, hoff = _hyper_upto(t, a, s, lf, hbuf, rows - 1 - outside)
                            hvals = hbuf
                        part = 0.0
                        for j in range(hlo, hhi + 1):
                            wj = ws * hvals[j - hoff]
                            m_out = outside + j
                            if m_out < rows:
                                if fine:
                                    part += wj
                                else:
                                    kept += wj
                                if keep:
                                    # decoys destroyed: (t - s) - (a - j)
                                    new[m_out, kd - (t - s) + (a - j)] += wj
                                else:
                                    new[m_out, 0] += wj
                        if fine:
                            kept, comp = _add_compensated(kept, comp, part)
            if shot_any:
                # each shot object dies with kill1, independently: Bin(h, kill1) RVs and
                # Bin(inv - h, kill1) decoys killed (the branch for m >= inv above)
                kill1 = rho_rv * kk_p
                for h in range(inv + 1):
                    wh = ph_f[h]
                    ph_f[h] = 0.0
                    if wh < _TINY:
                        continue
                    if not x_have[h]:
                        xy_vals, xy_used = _kill_pmfs(
                            h, inv, kill1, kbuf_x, kbuf_y, x_lo, x_hi, x_at, y_lo, y_hi, y_at,
                            xy_vals, xy_used,
                        )  # fmt: skip
                        x_have[h] = True
                    xlo, xhi, xat = x_lo[h], x_hi[h], x_at[h]
                    ylo, yhi, yat = y_lo[h], y_hi[h], y_at[h]
                    part = 0.0
                    for x in range(xlo, xhi + 1):
                        wx = wh * xy_vals[xat + x]
                        if wx < _TINY or m - x >= rows:
                            continue
                        for y in range(ylo, yhi + 1):
                            wy = wx * xy_vals[yat + y]
                            new[m - x, kd - y] += wy
                            part += wy
                    kept, comp = _add_compensated(kept, comp, part)
            lump += max((w - kept) - comp, 0.0)
    return new, lump, cache, c_used


@njit(cache=True)
def _layer_footprint_collapsed(
    pmf: np.ndarray,
    rows: int,
    inv: int,
    kk_p: float,
    shots_l: int,
    second_l: int,
    rho: float,
    raid_l: bool,
    f: float,
    use_decoys: bool,
    miss: float,
    truncated: bool,
    cap_next: int,
    c_off: np.ndarray,
    c_lo: np.ndarray,
    c_hi: np.ndarray,
    cache: np.ndarray,
    c_used: int,
    lf: np.ndarray,
) -> tuple[np.ndarray, float, np.ndarray, int]:
    """One layer with a footprint (``f < 1``) after which decoys no longer matter: the model of
    :func:`_layer_general` ([wilkening1999], made exact: module docstring), computed as
    :func:`_layer_collapsed` computes a whole-footprint layer. Cache as in
    :func:`_layer_collapsed`. States that can only end at ``rows`` RVs or more go to the
    returned lump.

    How it is derived (perf17). In :func:`_layer_general` a state of ``m`` RVs and ``K`` decoys
    sends ``a ~ Bin(m, f)`` RVs and ``u ~ Bin(K, f (1 - discrimination))`` unrecognised decoys
    into the engagement, independently; ``s`` of the ``t = a + u`` survive (the layer's survivor
    pmf of ``t`` objects), of which ``j`` RVs (hypergeometric: the survivors are a uniformly
    random ``s``-subset), and ``m - a + j`` RVs fly on. When no later layer sees decoys only the
    RVs are kept, so the decoy count enters through ``u`` alone:

    1. the states are first thinned to ``q[m, u]`` = P(m RVs, u unrecognised decoys engaged)
       (the sum over ``K`` of P(m, K) Bin(K, f (1 - discrimination))(u)), as
       :func:`_layer_collapsed` does with ``f = 1``;
    2. the pmf of the engaged RVs surviving, ``R[a, u](j) = sum_s P(s survive of a + u)
       Hyp(a + u, a, s)(j)``, depends on ``(a, u)`` alone, so it is computed once per layer and
       reused for every ``m`` (the same terms as the general layer's, summed over ``s`` first);
    3. RVs out = ``(m - a) + j`` mixed over ``a ~ Bin(m, f)``.

    When every object can get its full shots (and second salvo), ``(shots + second)(m + u) <=
    inventory``, each RV survives independently (inside with ``f``, then tracked and killed:
    :func:`layer_survivors`), so the RVs out are Bin(m, (1 - f) + f l) with ``l`` an engaged RV's
    probability of surviving, the footprint analogue of :func:`_layer_collapsed`'s shortcut.
    The same distribution as :func:`_layer_general` with ``keep`` false, its sums in another
    order (tests/test_footprint_fast.py checks it to 1e-12 against the kernel before perf17,
    ``benchmarks/old_footprint_perf16_kernel.py``); its kept mass is summed with compensation,
    as the general layer's footprint path does."""
    lump = 0.0
    new = np.zeros((rows, 1))
    mlo, mhi, klo, khi = _support_bounds(pmf)
    if mhi < 0:
        return new, 0.0, cache, c_used
    rho_rv = 1.0 if raid_l else rho
    umax = khi if use_decoys else 0
    q = np.zeros((mhi + 1, umax + 1))
    ubuf = np.empty(khi + 2)
    for m in range(mlo, mhi + 1):
        for kd in range(klo, khi + 1):
            w = pmf[m, kd]
            if w < _SKIP:
                continue
            # dup-ok: the raid-failure and truncation steps of _layer_collapsed's loop (each ends
            # in a `continue` of the caller's loop, which a shared helper cannot do)
            if raid_l:
                fail = w * (1.0 - rho)
                if m < rows:
                    new[m, 0] += fail
                else:
                    lump += fail
                w = w * rho
                if w < _TINY:
                    continue
            if truncated and m - inv >= cap_next:
                lump += w  # even one kill per interceptor leaves too many
                continue
            if use_decoys and kd > 0:
                # each decoy inside with f, then unrecognised with miss: Bin(kd, f miss)
                ulo, uhi = binom_fill(kd, f * miss, ubuf)
                for u in range(ulo, uhi + 1):
                    q[m, u] += w * ubuf[u - ulo]
            else:
                q[m, 0] += w
    # an engaged RV's probability of surviving when every object gets its full shots (and its
    # second salvo): per-RV tracking drawn once per object (see layer_survivors)
    per_obj = shots_l + (second_l if second_l > 0 else 0)
    l_obj = 1.0 - rho_rv * (1.0 - (1.0 - kk_p) ** shots_l)
    if second_l > 0:
        rho2 = look_reliability(rho_rv, kk_p, shots_l)
        l_obj *= 1.0 - rho2 * (1.0 - (1.0 - kk_p) ** second_l)
    abuf = np.empty(mhi + 2)
    bbuf = np.empty(mhi + 2)
    hbuf = np.empty(mhi + umax + 3)
    # R[a, u] (u > 0), the surviving engaged RVs' pmf, on j = r_lo .. r_hi at r_vals[r_at + j]
    r_at = np.full((mhi + 1, umax + 1), -1, dtype=np.int64)
    r_lo = np.zeros((mhi + 1, umax + 1), dtype=np.int32)
    r_hi = np.zeros((mhi + 1, umax + 1), dtype=np.int32)
    r_vals = np.empty(1024)
    r_used = 0
    rtmp = np.empty(mhi + 2)
    for m in range(mlo, mhi + 1):
        indep = 0.0
        for u in range(umax + 1):
            if q[m, u] >= _TINY and per_obj * (m + u) <= inv:
                indep += q[m, u]
                q[m, u] = 0.0
        if indep > 0.0:
            blo, bhi = binom_fill(m, (1.0 - f) + f * l_obj, bbuf)
            kept = 0.0
            for x in range(blo, min(bhi, rows - 1) + 1):
                v = indep * bbuf[x - blo]
                new[x, 0] += v
                kept += v
            lump += max(indep - kept, 0.0)
        alo, ahi = binom_fill(m, f, abuf)
        for u in range(umax + 1):
            w = q[m, u]
            if w < _TINY:
                continue
            kept = 0.0
            comp = 0.0  # kept summed with compensation (its rounding is the lump's)
            for a in range(alo, ahi + 1):
                wa = w * abuf[a - alo]
                if wa < _TINY:
                    continue
                outside = m - a
                room = rows - outside  # RVs among the engaged kept: j < room
                if room <= 0:
                    continue
                t = a + u
                if u == 0 or r_at[a, u] < 0:
                    cap = t + 1 if umax > 0 else rows
                    cache, c_used = _ensure_survivors(
                        t,
                        inv,
                        shots_l,
                        second_l,
                        kk_p,
                        rho_rv,
                        cap,
                        c_off,
                        c_lo,
                        c_hi,
                        cache,
                        c_used,
                    )
                if u == 0:
                    # every survivor is an RV
                    vals = cache
                    jlo, jhi, at = c_lo[t], c_hi[t], c_off[t] - c_lo[t]
                else:
                    if r_at[a, u] < 0:
                        # the surviving objects are a uniformly random s-subset of the t
                        top = min(a, rows - 1)
                        rtmp[: top + 1] = 0.0
                        off = c_off[t] - c_lo[t]
                        for s in range(c_lo[t], c_hi[t] + 1):
                            ps = cache[off + s]
                            if ps < _TINY:
                                continue
                            hlo, hhi, hoff = _hyper_upto(t, a, s, lf, hbuf, rows - 1)
                            for j in range(hlo, hhi + 1):
                                rtmp[j] += ps * hbuf[j - hoff]
                        lo_j, hi_j = 0, top
                        while lo_j < hi_j and rtmp[lo_j] <= 0.0:
                            lo_j += 1
                        while hi_j > lo_j and rtmp[hi_j] <= 0.0:
                            hi_j -= 1
                        n_j = hi_j - lo_j + 1
                        if r_used + n_j > r_vals.shape[0]:
                            grown = np.empty(max(2 * r_vals.shape[0], r_used + n_j))
                            grown[:r_used] = r_vals[:r_used]
                            r_vals = grown
                        r_vals[r_used : r_used + n_j] = rtmp[lo_j : hi_j + 1]
                        r_at[a, u] = r_used - lo_j
                        r_lo[a, u] = lo_j
                        r_hi[a, u] = hi_j
                        r_used += n_j
                    vals = r_vals
                    jlo, jhi, at = r_lo[a, u], r_hi[a, u], r_at[a, u]
                part = 0.0
                for j in range(jlo, min(jhi, room - 1) + 1):
                    v = wa * vals[at + j]
                    new[outside + j, 0] += v
                    part += v
                kept, comp = _add_compensated(kept, comp, part)
            lump += max((w - kept) - comp, 0.0)
    return new, lump, cache, c_used


@njit(cache=True)
def propagate(
    init: np.ndarray,
    inventories: np.ndarray,
    sspk: np.ndarray,
    shots: np.ndarray,
    second: np.ndarray,
    reliability: np.ndarray,
    raid: np.ndarray,
    discrimination: np.ndarray,
    endo: np.ndarray,
    fraction: np.ndarray,
    active: np.ndarray,
    m_goal: int,
) -> tuple[np.ndarray, float]:
    """Push a joint pmf of (RVs, decoys) through the active layers, in order (the interception
    model of [wilkening1999], made exact: module docstring).

    ``init[m, K]`` = P(m RVs and K decoys arrive at the first layer); every layer given engages
    these RVs. With ``m_goal < 0`` returns the full pmf of RVs getting through (length
    ``init.shape[0]``) and 0. With ``m_goal >= 0`` works truncated (the reaction-curve fast
    path): states that cannot end below ``m_goal`` (more RVs than ``m_goal`` plus every
    interceptor still to fire) are lumped; returns ``(pmf of 0..m_goal-1 leakers, P(at least
    m_goal leak))``; ``init`` may then hold only the states below ``m_goal`` plus the
    inventories, the caller adding the mass of larger states to the second value itself.
    """
    n_layers = inventories.shape[0]
    t_cap = init.shape[0] + init.shape[1]
    caches = _new_caches(n_layers, t_cap)
    out, lump, _ = _propagate_cached(
        init,
        inventories,
        sspk,
        shots,
        second,
        reliability,
        raid,
        discrimination,
        endo,
        fraction,
        active,
        m_goal,
        caches,
    )
    return out, lump


@njit(cache=True)
def _new_caches(
    n_layers: int, t_cap: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per-layer kill-pmf caches for object counts up to ``t_cap``: offsets (-1 = not yet),
    windows, a flat buffer, its fill per layer, and log-factorials."""
    c_off = np.full((n_layers, t_cap + 1), -1, dtype=np.int64)
    c_lo = np.zeros((n_layers, t_cap + 1), dtype=np.int64)
    c_hi = np.zeros((n_layers, t_cap + 1), dtype=np.int64)
    used = np.zeros(1, dtype=np.int64)
    buf = np.empty(1024)
    lf = _log_factorials(t_cap + 1)
    return c_off, c_lo, c_hi, used, buf, lf


@njit(cache=True)
def _propagate_cached(
    init: np.ndarray,
    inventories: np.ndarray,
    sspk: np.ndarray,
    shots: np.ndarray,
    second: np.ndarray,
    reliability: np.ndarray,
    raid: np.ndarray,
    discrimination: np.ndarray,
    endo: np.ndarray,
    fraction: np.ndarray,
    active: np.ndarray,
    m_goal: int,
    caches: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> tuple[
    np.ndarray, float, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
]:
    """:func:`propagate` with kill-pmf caches that outlive the call (see :func:`_new_caches`);
    returns the caches (a buffer may have grown)."""
    c_off, c_lo, c_hi, used, buf, lf = caches
    n_layers = inventories.shape[0]
    truncated = m_goal >= 0
    later_inv = np.zeros(n_layers + 1, dtype=np.int64)
    later_decoys = np.zeros(n_layers + 1, dtype=np.bool_)
    for layer in range(n_layers - 1, -1, -1):
        later_inv[layer] = later_inv[layer + 1]
        later_decoys[layer] = later_decoys[layer + 1]
        if active[layer]:
            later_inv[layer] += inventories[layer]
            if (not endo[layer]) and discrimination[layer] < 1.0:
                later_decoys[layer] = True
    pmf = init
    lump = 0.0
    for layer in range(n_layers):
        if not active[layer]:
            continue
        keep = later_decoys[layer + 1]
        rows_in = pmf.shape[0]
        if truncated:
            cap_next = m_goal + later_inv[layer + 1]
            rows = min(rows_in, cap_next)
        else:
            cap_next = rows_in
            rows = rows_in
        use_decoys = (not endo[layer]) and discrimination[layer] < 1.0
        miss = 1.0 - discrimination[layer]
        f = fraction[layer]
        if f < 1.0 and not keep:
            pmf, add, buf, fill = _layer_footprint_collapsed(
                pmf,
                rows,
                inventories[layer],
                sspk[layer],
                shots[layer],
                second[layer],
                reliability[layer],
                raid[layer],
                f,
                use_decoys,
                miss,
                truncated,
                cap_next,
                c_off[layer],
                c_lo[layer],
                c_hi[layer],
                buf,
                used[0],
                lf,
            )
        elif not keep:
            pmf, add, buf, fill = _layer_collapsed(
                pmf,
                rows,
                inventories[layer],
                sspk[layer],
                shots[layer],
                second[layer],
                reliability[layer],
                raid[layer],
                use_decoys,
                miss,
                truncated,
                cap_next,
                c_off[layer],
                c_lo[layer],
                c_hi[layer],
                buf,
                used[0],
                lf,
            )
        else:
            pmf, add, buf, fill = _layer_general(
                pmf,
                rows,
                keep,
                inventories[layer],
                sspk[layer],
                shots[layer],
                second[layer],
                reliability[layer],
                raid[layer],
                f,
                use_decoys,
                miss,
                truncated,
                cap_next,
                c_off[layer],
                c_lo[layer],
                c_hi[layer],
                buf,
                used[0],
                lf,
            )
        used[0] = fill
        lump += add
    rows = pmf.shape[0]
    if truncated:
        out = np.zeros(m_goal)
        for m in range(rows):
            s = 0.0
            for kd in range(pmf.shape[1]):
                s += pmf[m, kd]
            if m < m_goal:
                out[m] += s
            else:
                lump += s
        return out, lump, (c_off, c_lo, c_hi, used, buf, lf)
    out = np.zeros(rows)
    for m in range(rows):
        for kd in range(pmf.shape[1]):
            out[m] += pmf[m, kd]
    return out, 0.0, (c_off, c_lo, c_hi, used, buf, lf)


# ----------------------------------------------------------------------------- survivors
@njit(cache=True)
def launcher_survivors(
    vulnerable: int, kill: float, per_launcher: int, extra: int, buf: np.ndarray
) -> tuple[int, int]:
    """pmf of surviving launchers among ``vulnerable`` when ``extra`` of them receive
    ``per_launcher + 1`` warheads and the others ``per_launcher``, each warhead destroying its
    launcher with probability ``kill``, independently (the counterforce strike after [kent1989],
    made exact): ``Bin(v - e, (1-kill)^q) + Bin(e, (1-kill)^(q+1))``, into ``buf`` (length
    ``vulnerable + 1``, zeroed here). Returns the support bounds."""
    for i in range(vulnerable + 1):
        buf[i] = 0.0
    p_q = (1.0 - kill) ** per_launcher
    p_q1 = (1.0 - kill) ** (per_launcher + 1)
    _two_binom_into(vulnerable - extra, p_q, extra, p_q1, 1.0, buf, 0, vulnerable + 1)
    lo, hi = 0, vulnerable
    while lo < hi and buf[lo] < _SKIP:
        lo += 1
    while hi > lo and buf[hi] < _SKIP:
        hi -= 1
    return lo, hi


@njit(cache=True)
def spread(total: int, vulnerable: int, cap: int) -> tuple[int, int]:
    """``(q, r)``: ``min(total, cap v)`` warheads spread as evenly as possible over ``v`` aim
    points: ``r`` get ``q + 1``, the others ``q`` (the counterforce strike of the exchange after
    [kent1989]; the even split of a budget that runs short is anpo's own)."""
    if vulnerable <= 0:
        return 0, 0
    budget = min(total, cap * vulnerable)
    q = budget // vulnerable
    return q, budget - q * vulnerable


# ----------------------------------------------------------------------------- reaction curve
@njit(cache=True)
def _p_at_least(
    n: int,
    sigma: float,
    pk: float,
    alloc: int,
    budget: int,
    warheads: int,
    decoys: int,
    in_block: bool,
    base: np.ndarray,
    base_shift: int,
    passthrough: np.ndarray,
    m_goal: int,
    inventories: np.ndarray,
    sspk: np.ndarray,
    shots: np.ndarray,
    second: np.ndarray,
    reliability: np.ndarray,
    raid: np.ndarray,
    discrimination: np.ndarray,
    endo: np.ndarray,
    fraction: np.ndarray,
    patterns: np.ndarray,
    weights: np.ndarray,
) -> float:
    """P(at least ``m_goal`` warheads arrive) with ``n`` launchers of the growth component."""
    sure = int(math.floor(sigma * n + 0.5))
    vul = n - sure
    q, r = spread(budget, vul, alloc)
    surv = np.empty(vul + 1)
    slo, shi = launcher_survivors(vul, pk, q, r, surv)
    n_rows, n_cols = base.shape
    total = 0.0
    for pat in range(patterns.shape[0]):
        wpat = weights[pat]
        if wpat <= 0.0:
            continue
        act = patterns[pat]
        cap0 = m_goal
        for layer in range(inventories.shape[0]):
            if act[layer]:
                cap0 += inventories[layer]
        # the engaged block (truncated below cap0) and the passthrough RVs
        cols = 1
        if decoys > 0 and in_block:
            cols = n_cols + decoys * warheads * (sure + shi) + 1
        else:
            cols = n_cols
        # only the rows a state can reach: below cap0, and below the most RVs that can arrive
        # (at the full-doctrine ceiling cap0 is hundreds of thousands of rows, all but a few
        # hundred empty). A layer never adds RVs and keeps a state below its own row count
        # exactly when it keeps it below cap0, so the result is the same (to the last bit).
        reach = n_rows + base_shift
        if in_block:
            reach += warheads * (sure + shi)
        block = np.zeros((min(cap0, reach), cols))
        sure_mass = 0.0
        pass_extra = np.zeros(0)
        if in_block:
            for s in range(slo, shi + 1):
                ws = surv[s]
                if ws < _SKIP:
                    continue
                g = warheads * (sure + s)
                shift = g + base_shift
                for mb in range(n_rows):
                    mm = mb + shift
                    for kb in range(n_cols):
                        wb = ws * base[mb, kb]
                        if wb < _TINY:
                            continue
                        if mm >= cap0:
                            sure_mass += wb
                        else:
                            block[mm, kb + decoys * g] += wb
        else:
            pass_extra = np.zeros(warheads * (sure + shi) + 1)
            for s in range(slo, shi + 1):
                pass_extra[warheads * (sure + s)] += surv[s]
            for mb in range(n_rows):
                mm = mb + base_shift
                for kb in range(n_cols):
                    if mm >= cap0:
                        sure_mass += base[mb, kb]
                    else:
                        block[mm, kb] += base[mb, kb]
        leak, lump = propagate(
            block,
            inventories,
            sspk,
            shots,
            second,
            reliability,
            raid,
            discrimination,
            endo,
            fraction,
            act,
            m_goal,
        )
        lump += sure_mass
        mass = lump
        for x in range(m_goal):
            mass += leak[x]
        # P(leak + passthrough < m_goal), normalised by the mass kept (pruning loses < 1e-12)
        below = 0.0
        for x in range(m_goal):
            lx = leak[x]
            if lx < _TINY:
                continue
            if in_block:
                for y in range(min(m_goal - x, passthrough.shape[0])):
                    below += lx * passthrough[y]
            else:
                for y in range(min(m_goal - x, passthrough.shape[0])):
                    py = passthrough[y]
                    if py < _TINY:
                        continue
                    for z in range(min(m_goal - x - y, pass_extra.shape[0])):
                        below += lx * py * pass_extra[z]
        total += wpat * (1.0 - below / mass) if mass > 0.0 else 0.0
    return min(1.0, max(0.0, total))


@njit(cache=True)
def _g_entry(
    m: int,
    g_next: np.ndarray,
    rows_next: int,
    inv: int,
    k: float,
    shots: int,
    second: int,
    rho: float,
    raid: bool,
    f: float,
    abuf: np.ndarray,
) -> float:
    """One entry of the table of the layer before ``g_next`` (see :func:`_g_tables`)."""
    rho_rv = 1.0 if raid else rho
    work = 0.0
    if f >= 1.0:
        alo, ahi = m, m
        abuf[0] = 1.0
    else:
        alo, ahi = binom_fill(m, f, abuf)
    for a in range(alo, ahi + 1):
        wa = abuf[a - alo]
        if wa < _TINY:
            continue
        outside = m - a
        room = rows_next - outside
        if room <= 0:
            work += wa
            continue
        sp = layer_survivors(a, inv, shots, second, k, rho_rv, room)
        kept = 0.0
        acc = 0.0
        for s in range(sp.shape[0]):
            ps = sp[s]
            if ps < _TINY:
                continue
            kept += ps
            acc += ps * g_next[outside + s]
        work += wa * (acc + max(1.0 - kept, 0.0))
    if raid:
        fail = g_next[m] if m < rows_next else 1.0
        return (1.0 - rho) * fail + rho * work
    return work


@njit(cache=True)
def _g_tables(
    m_goal: int,
    pass_tail: np.ndarray,
    inventories: np.ndarray,
    sspk: np.ndarray,
    shots: np.ndarray,
    second: np.ndarray,
    reliability: np.ndarray,
    raid: np.ndarray,
    fraction: np.ndarray,
    active: np.ndarray,
) -> tuple[np.ndarray, int, int]:
    """Backward recursion for the fast path. ``g[m]`` = P(at least ``m_goal`` warheads arrive |
    ``m`` RVs reach a layer), for ``m`` below ``m_goal`` plus every interceptor from that layer
    on (above, the answer is 1); ``pass_tail[x]`` = P(at least ``x`` other warheads arrive,
    unengaged). Returns the table *after* the first active layer, that layer's index (-1: none)
    and the table's length; the first layer's entries are computed on demand
    (:func:`_g_entry`), only where an attack puts mass. The probability of an attack is the dot
    product of its pmf with the first table, so the launcher search needs the layers only once."""
    n_layers = inventories.shape[0]
    idx = np.empty(n_layers, dtype=np.int64)
    n_act = 0
    for layer in range(n_layers):
        if active[layer]:
            idx[n_act] = layer
            n_act += 1
    caps = np.zeros(n_act + 1, dtype=np.int64)
    caps[n_act] = m_goal
    for j in range(n_act - 1, -1, -1):
        caps[j] = caps[j + 1] + inventories[idx[j]]
    g_next = np.empty(m_goal)
    for x in range(m_goal):
        g_next[x] = pass_tail[m_goal - x]
    if n_act == 0:
        return g_next, -1, m_goal
    abuf = np.empty(caps[0] + 2)
    for j in range(n_act - 1, 0, -1):
        layer = idx[j]
        g = np.empty(caps[j])
        for m in range(caps[j]):
            g[m] = _g_entry(
                m,
                g_next,
                caps[j + 1],
                inventories[layer],
                sspk[layer],
                shots[layer],
                second[layer],
                reliability[layer],
                raid[layer],
                fraction[layer],
                abuf,
            )
        g_next = g
    return g_next, idx[0], caps[1]


@njit(cache=True)
def _p_at_least_g(
    n: int,
    sigma: float,
    pk: float,
    alloc: int,
    budget: int,
    warheads: int,
    base: np.ndarray,
    base_shift: int,
    memo: np.ndarray,
    caps: np.ndarray,
    weights: np.ndarray,
    nexts: np.ndarray,
    next_len: np.ndarray,
    firsts: np.ndarray,
    inventories: np.ndarray,
    sspk: np.ndarray,
    shots: np.ndarray,
    second: np.ndarray,
    reliability: np.ndarray,
    raid: np.ndarray,
    fraction: np.ndarray,
    abuf: np.ndarray,
    sbuf_a: np.ndarray,
    sbuf_b: np.ndarray,
) -> float:
    """P(at least m arrive) with ``n`` launchers: the attack's pmf dotted with each reliability
    pattern's first-layer table (``memo[p, :caps[p]]``, NaN = not yet computed), states past
    the table counting 1. Only the binomial windows of the surviving launchers are visited."""
    sure = int(math.floor(sigma * n + 0.5))
    vul = n - sure
    q, r = spread(budget, vul, alloc)
    p1 = (1.0 - pk) ** q
    p2 = (1.0 - pk) ** (q + 1)
    lo1, hi1, off1 = binom_fill_mode(vul - r, p1, sbuf_a)
    lo2, hi2, off2 = binom_fill_mode(r, p2, sbuf_b)
    a = sbuf_a
    b = sbuf_b
    base_lo = 0
    while base_lo < base.shape[0] - 1 and base[base_lo] < _TINY:
        base_lo += 1
    total = 0.0
    for pat in range(weights.shape[0]):
        wpat = weights[pat]
        if wpat <= 0.0:
            continue
        cap = caps[pat]
        if warheads * sure + base_shift + base_lo >= cap:
            total += wpat  # even the fewest survivors are more than the defense can stop
            continue
        first = firsts[pat]
        g_next = nexts[pat, : next_len[pat]]
        acc = 0.0
        below = 0.0
        for i in range(lo1, hi1 + 1):
            wa = a[i - off1]
            if wa < _TINY:
                continue
            for j in range(lo2, hi2 + 1):
                ws = wa * b[j - off2]
                if ws < _SKIP:
                    continue
                shift = warheads * (sure + i + j) + base_shift
                if shift + base_lo >= cap:
                    continue
                for mb in range(base_lo, base.shape[0]):
                    wb = ws * base[mb]
                    mm = mb + shift
                    if mm < cap:
                        g = memo[pat, mm]
                        if g != g:  # NaN: compute this entry now
                            if first < 0:
                                g = g_next[mm]
                            else:
                                g = _g_entry(
                                    mm,
                                    g_next,
                                    next_len[pat],
                                    inventories[first],
                                    sspk[first],
                                    shots[first],
                                    second[first],
                                    reliability[first],
                                    raid[first],
                                    fraction[first],
                                    abuf,
                                )
                            memo[pat, mm] = g
                        below += wb
                        acc += wb * g
        # mass past the table (and pruned tails) counts as "at least m arrive"
        total += wpat * (acc + max(0.0, 1.0 - below))
    return min(1.0, max(0.0, total))


@njit(cache=True)
def _min_launchers_one(
    sigma: float,
    pk: float,
    alloc: int,
    budget: int,
    warheads: int,
    decoys: int,
    in_block: bool,
    base: np.ndarray,
    base_shift: int,
    passthrough: np.ndarray,
    m_goal: int,
    q_goal: float,
    inventories: np.ndarray,
    sspk: np.ndarray,
    shots: np.ndarray,
    second: np.ndarray,
    reliability: np.ndarray,
    raid: np.ndarray,
    discrimination: np.ndarray,
    endo: np.ndarray,
    fraction: np.ndarray,
    patterns: np.ndarray,
    weights: np.ndarray,
    max_launchers: int,
) -> int:
    # np.int64(n), not n: the searches below call ok(0), and ok(hi) with hi = 1 first, which
    # numba types as the literals 0 and 1 and so compiled _p_at_least (and _p_at_least_g) three
    # times, once per literal and once for int64 (perf30: about 11 s of CPU of the ~65 s a
    # cold cache took for `anpo stability` with reaction curves); one int64 signature computes
    # the same values
    def ok(n: int) -> bool:
        return (
            _p_at_least(
                np.int64(n),
                sigma,
                pk,
                alloc,
                budget,
                warheads,
                decoys,
                in_block,
                base,
                base_shift,
                passthrough,
                m_goal,
                inventories,
                sspk,
                shots,
                second,
                reliability,
                raid,
                discrimination,
                endo,
                fraction,
                patterns,
                weights,
            )
            >= q_goal
        )

    # the fast path: no decoys in play and the growth component engaged -> one table per
    # reliability pattern, then each candidate force is a dot product
    decoys_matter = False
    for pat in range(patterns.shape[0]):
        for layer in range(inventories.shape[0]):
            if patterns[pat, layer] and (not endo[layer]) and discrimination[layer] < 1.0:
                decoys_matter = True
    fast = in_block and base.shape[1] == 1 and (decoys == 0 or not decoys_matter)
    if fast:
        pass_tail = np.ones(m_goal + 1)
        for x in range(1, m_goal + 1):
            below = 0.0
            for y in range(min(x, passthrough.shape[0])):
                below += passthrough[y]
            pass_tail[x] = max(0.0, 1.0 - below)
        n_pat = patterns.shape[0]
        caps = np.zeros(n_pat, dtype=np.int64)
        for pat in range(n_pat):
            c = m_goal
            for layer in range(inventories.shape[0]):
                if patterns[pat, layer]:
                    c += inventories[layer]
            caps[pat] = c
        width = 1
        for pat in range(n_pat):
            width = max(width, caps[pat])
        memo = np.full((n_pat, width), np.nan)
        nexts = np.zeros((n_pat, width))
        next_len = np.zeros(n_pat, dtype=np.int64)
        firsts = np.full(n_pat, -1, dtype=np.int64)
        for pat in range(n_pat):
            if weights[pat] > 0.0:
                g_next, first, length = _g_tables(
                    m_goal,
                    pass_tail,
                    inventories,
                    sspk,
                    shots,
                    second,
                    reliability,
                    raid,
                    fraction,
                    patterns[pat],
                )
                nexts[pat, : g_next.shape[0]] = g_next
                next_len[pat] = length
                firsts[pat] = first
        base1 = base[:, 0].copy()
        abuf = np.empty(width + 2)
        # scratch for the survivors' binomial windows (the widest: 28 sd + 17 terms)
        wmax = int(28.0 * math.sqrt(max_launchers / 4.0) + 20.0)
        sbuf_a = np.empty(wmax)
        sbuf_b = np.empty(wmax)

        def ok_fast(n: int) -> bool:
            return (
                _p_at_least_g(
                    np.int64(n),  # one signature, as in ok
                    sigma,
                    pk,
                    alloc,
                    budget,
                    warheads,
                    base1,
                    base_shift,
                    memo,
                    caps,
                    weights,
                    nexts,
                    next_len,
                    firsts,
                    inventories,
                    sspk,
                    shots,
                    second,
                    reliability,
                    raid,
                    fraction,
                    abuf,
                    sbuf_a,
                    sbuf_b,
                )
                >= q_goal
            )

        # dup-ok: the doubling-then-bisection search is written out for each predicate (ok_fast
        # here, ok below): numba supports inner functions only when called locally, so these
        # closures cannot be passed to one shared jitted search.
        if ok_fast(0):
            return 0
        hi = 1
        while not ok_fast(hi):
            if hi >= max_launchers:
                return -1
            hi = min(2 * hi, max_launchers)
        lo = hi // 2
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if ok_fast(mid):
                hi = mid
            else:
                lo = mid
        return hi

    if ok(0):
        return 0
    hi = 1
    while not ok(hi):
        if hi >= max_launchers:
            return -1
        hi = min(2 * hi, max_launchers)
    lo = hi // 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return hi


@njit(cache=True, parallel=True)
def min_launchers_batch(
    sigma: np.ndarray,
    pk: np.ndarray,
    alloc: np.ndarray,
    budget: np.ndarray,
    warheads: np.ndarray,
    decoys: np.ndarray,
    in_block: np.ndarray,
    base: np.ndarray,
    base_shift: np.ndarray,
    passthrough: np.ndarray,
    m_goal: np.ndarray,
    q_goal: np.ndarray,
    inventories: np.ndarray,
    sspk: np.ndarray,
    shots: np.ndarray,
    second: np.ndarray,
    reliability: np.ndarray,
    raid: np.ndarray,
    discrimination: np.ndarray,
    endo: np.ndarray,
    fraction: np.ndarray,
    patterns: np.ndarray,
    weights: np.ndarray,
    max_launchers: int,
) -> np.ndarray:
    """Smallest launcher counts (or -1), one per parameter point (rows of the 2-D layer arrays;
    ``patterns`` is ``(P, NP, L)``). Points are independent: results do not depend on the
    number of threads. The reaction curve is anpo's construction (interception
    [wilkening1999], strike after [kent1989]; :mod:`anpo.deterrence.reaction`)."""
    n = sigma.shape[0]
    out = np.empty(n, dtype=np.int64)
    for i in prange(n):
        out[i] = _min_launchers_one(
            sigma[i],
            pk[i],
            alloc[i],
            budget[i],
            warheads[i],
            decoys[i],
            in_block[i],
            base,
            base_shift[i],
            passthrough,
            m_goal[i],
            q_goal[i],
            inventories[i],
            sspk[i],
            shots[i],
            second[i],
            reliability[i],
            raid[i],
            discrimination[i],
            endo[i],
            fraction[i],
            patterns[i],
            weights[i],
            max_launchers,
        )
    return out


def min_launchers_serial(
    sigma: np.ndarray,
    pk: np.ndarray,
    alloc: np.ndarray,
    budget: np.ndarray,
    warheads: np.ndarray,
    decoys: np.ndarray,
    in_block: np.ndarray,
    base: np.ndarray,
    base_shift: np.ndarray,
    passthrough: np.ndarray,
    m_goal: np.ndarray,
    q_goal: np.ndarray,
    inventories: np.ndarray,
    sspk: np.ndarray,
    shots: np.ndarray,
    second: np.ndarray,
    reliability: np.ndarray,
    raid: np.ndarray,
    discrimination: np.ndarray,
    endo: np.ndarray,
    fraction: np.ndarray,
    patterns: np.ndarray,
    weights: np.ndarray,
    max_launchers: int,
) -> np.ndarray:
    """:func:`min_launchers_batch` on one thread (for a few points, where starting the
    thread pool costs more than it saves): the compiled :func:`_min_launchers_one` called
    from Python once per point, with the arguments the compiled loop gave it (a row of each
    2-D array, an element of each 1-D one), so the same machine code computes each point.

    Plain Python, not a kernel (perf30): compiled, this loop was one more copy of the whole
    search in numba's cache (about 3.7 s of CPU to compile on a cold cache, and 1 MB loaded by
    each process), for a saving of a few microseconds of dispatch per point."""
    n = sigma.shape[0]
    out = np.empty(n, dtype=np.int64)
    limit = int(max_launchers)
    for i in range(n):
        out[i] = _min_launchers_one(
            sigma[i],
            pk[i],
            alloc[i],
            budget[i],
            warheads[i],
            decoys[i],
            in_block[i],
            base,
            base_shift[i],
            passthrough,
            m_goal[i],
            q_goal[i],
            inventories[i],
            sspk[i],
            shots[i],
            second[i],
            reliability[i],
            raid[i],
            discrimination[i],
            endo[i],
            fraction[i],
            patterns[i],
            weights[i],
            limit,
        )
    return out


# ----------------------------------------------------------------------------- point responses
@njit(cache=True)
def point_responses(
    ms: np.ndarray,
    ks: np.ndarray,
    inventories: np.ndarray,
    sspk: np.ndarray,
    shots: np.ndarray,
    second: np.ndarray,
    reliability: np.ndarray,
    raid: np.ndarray,
    discrimination: np.ndarray,
    endo: np.ndarray,
    fraction: np.ndarray,
    active: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Leaker pmfs of point states ``(ms[i] RVs, ks[i] decoys)`` through the active layers (the
    propagation is linear, so any initial pmf's result is the mixture of these; the model of
    [wilkening1999], made exact: module docstring). Returns
    ``(lo, offsets, flat)``: state ``i``'s pmf over ``lo[i] ..`` is
    ``flat[offsets[i] : offsets[i + 1]]``."""
    n = ms.shape[0]
    los = np.zeros(n, dtype=np.int64)
    offsets = np.zeros(n + 1, dtype=np.int64)
    t_cap = 0
    for i in range(n):
        t_cap = max(t_cap, ms[i] + ks[i] + 2)
    caches = _new_caches(inventories.shape[0], t_cap)
    chunks = []
    for i in range(n):
        init = np.zeros((ms[i] + 1, ks[i] + 1))
        init[ms[i], ks[i]] = 1.0
        out, _, caches = _propagate_cached(
            init,
            inventories,
            sspk,
            shots,
            second,
            reliability,
            raid,
            discrimination,
            endo,
            fraction,
            active,
            -1,
            caches,
        )
        lo, hi = 0, out.shape[0] - 1
        while lo < hi and out[lo] < 1e-20:
            lo += 1
        while hi > lo and out[hi] < 1e-20:
            hi -= 1
        los[i] = lo
        chunks.append(out[lo : hi + 1].copy())
        offsets[i + 1] = offsets[i] + hi - lo + 1
    flat = np.empty(offsets[n])
    for i in range(n):
        flat[offsets[i] : offsets[i + 1]] = chunks[i]
    return los, offsets, flat


@njit(cache=True)
def collapsed_responses(
    ms: np.ndarray,
    ks: np.ndarray,
    inventory: int,
    sspk: float,
    shots: int,
    second: int,
    reliability: float,
    raid: bool,
    discrimination: float,
    endo: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`point_responses` for a block facing one area layer (whole footprint): the same
    model, the pmf of RVs surviving among ``m`` when ``m + u`` objects are engaged computed once
    per ``u`` and shared by the states with the same number of RVs (``ms`` sorted). Same return
    convention."""
    n = ms.shape[0]
    los = np.zeros(n, dtype=np.int64)
    offsets = np.zeros(n + 1, dtype=np.int64)
    use_decoys = (not endo) and discrimination < 1.0
    miss = 1.0 - discrimination
    rho_rv = 1.0 if raid else reliability
    k_max = 0
    m_max = 0
    for i in range(n):
        k_max = max(k_max, ks[i])
        m_max = max(m_max, ms[i])
    u_max = k_max if use_decoys else 0
    caches = _new_caches(1, m_max + u_max + 2)
    c_off, c_lo, c_hi, used, buf, lf = caches
    ubuf = np.empty(k_max + 2)
    hbuf = np.empty(m_max + u_max + 3)
    flat = np.empty(0)
    i = 0
    while i < n:
        m = ms[i]
        j_end = i
        while j_end < n and ms[j_end] == m:
            j_end += 1
        # the unrecognised-decoy counts any state of this m can have
        g_lo, g_hi = 0, 0
        if use_decoys:
            g_lo, g_hi = u_max, 0
            for s_i in range(i, j_end):
                if ks[s_i] > 0:
                    wl, wh = binom_window(ks[s_i], miss)
                else:
                    wl, wh = 0, 0
                g_lo = min(g_lo, wl)
                g_hi = max(g_hi, wh)
        n_u = g_hi - g_lo + 1
        r_have = np.zeros(n_u, dtype=np.bool_)
        r_lo = np.zeros(n_u, dtype=np.int64)
        r_hi = np.full(n_u, -1, dtype=np.int64)
        r_vec = np.zeros((n_u, m + 1))  # r_vec[u - g_lo, j] = P(j RVs survive | m, m + u)
        big = m >= inventory  # every object count t >= inventory: one shot each for
        # `inventory` objects chosen at random (salvo, or shoot-look-shoot with nothing left)
        for s_i in range(i, j_end):
            kd = ks[s_i]
            out = np.zeros(m + 1)
            if use_decoys and kd > 0:
                ulo, uhi = binom_fill(kd, miss, ubuf)
            else:
                ulo, uhi = 0, 0
                ubuf[0] = 1.0
            if big:
                # h = RVs among the shot objects (hypergeometric, mixed over decoys); each
                # shot RV killed with rho_rv * k
                ph = np.zeros(min(inventory, m) + 1)
                for u in range(ulo, uhi + 1):
                    wu = ubuf[u - ulo]
                    if wu < 1e-18:
                        continue
                    hlo, hhi, hoff = _hyper_mode(m + u, m, inventory, lf, hbuf)
                    for h in range(hlo, hhi + 1):
                        ph[h] += wu * hbuf[h - hoff]
                kill = rho_rv * sspk
                jbuf = np.empty(inventory + 2)
                for h in range(ph.shape[0]):
                    wh = ph[h]
                    if wh < _TINY:
                        continue
                    # Bin(h, kill) RVs killed among the h shot
                    jlo, jhi = binom_fill(h, kill, jbuf)
                    for j in range(jlo, jhi + 1):
                        out[m - j] += wh * jbuf[j - jlo]
                ulo, uhi = 1, 0  # done
            for u in range(ulo, uhi + 1):
                wu = ubuf[u - ulo]
                if wu < 1e-18:
                    continue
                iu = u - g_lo
                if not r_have[iu]:
                    t = m + u
                    buf, fill = _ensure_survivors(
                        t,
                        inventory,
                        shots,
                        second,
                        sspk,
                        rho_rv,
                        t + 1,
                        c_off[0],
                        c_lo[0],
                        c_hi[0],
                        buf,
                        used[0],
                    )
                    used[0] = fill
                    off = c_off[0, t] - c_lo[0, t]
                    jl, jh = m + 1, -1
                    for s in range(c_lo[0, t], c_hi[0, t] + 1):
                        ws = buf[off + s]
                        if ws < 1e-20:
                            continue
                        if u == 0:
                            r_vec[iu, s] += ws
                            jl = min(jl, s)
                            jh = max(jh, s)
                            continue
                        hlo, hhi, hoff = _hyper_mode(t, m, s, lf, hbuf)
                        for j in range(hlo, hhi + 1):
                            r_vec[iu, j] += ws * hbuf[j - hoff]
                        jl = min(jl, hlo)
                        jh = max(jh, hhi)
                    r_lo[iu] = jl
                    r_hi[iu] = jh
                    r_have[iu] = True
                for j in range(r_lo[iu], r_hi[iu] + 1):
                    out[j] += wu * r_vec[iu, j]
            if raid:
                for x in range(m + 1):
                    out[x] *= reliability
                out[m] += 1.0 - reliability
            lo, hi = 0, m
            while lo < hi and out[lo] < 1e-20:
                lo += 1
            while hi > lo and out[hi] < 1e-20:
                hi -= 1
            los[s_i] = lo
            start = offsets[s_i]
            offsets[s_i + 1] = start + hi - lo + 1
            if offsets[s_i + 1] > flat.shape[0]:
                grown = np.empty(max(2 * flat.shape[0], offsets[s_i + 1]))
                grown[: flat.shape[0]] = flat
                flat = grown
            flat[start : offsets[s_i + 1]] = out[lo : hi + 1]
        i = j_end
    return los, offsets, flat[: offsets[n]]


# ----------------------------------------------------------------------------- assembly helpers
@njit(cache=True)
def assemble(
    init: np.ndarray,
    m0: int,
    k0: int,
    size: int,
    slot: np.ndarray,
    los: np.ndarray,
    offs: np.ndarray,
    flat: np.ndarray,
) -> np.ndarray:
    """Mixture of cached point responses: ``out = sum init[i, j] * response(m0 + i, k0 + j)``
    (length ``size``), the response of state (m, k) being ``flat[offs[s] : offs[s + 1]]`` from
    ``los[s]`` with ``s = slot[m, k]`` (every state with mass must have a slot)."""
    out = np.zeros(size)
    for i in range(init.shape[0]):
        for j in range(init.shape[1]):
            w = init[i, j]
            if w < _SKIP:
                continue
            s = slot[m0 + i, k0 + j]
            lo = los[s]
            start = offs[s]
            for x in range(offs[s + 1] - start):
                out[lo + x] += w * flat[start + x]
    return out


@njit(cache=True)
def block_init(
    pmfs: np.ndarray, starts: np.ndarray, decoys: np.ndarray
) -> tuple[np.ndarray, int, int]:
    """Joint pmf of (RVs, decoys) of independent groups: group ``g``'s RV-count pmf is
    ``pmfs[starts[g] : starts[g + 1]]`` (index = RVs) and each RV brings ``decoys[g]``.
    Returns ``(state, m0, k0)``: ``state[i, j]`` = P(m0 + i RVs, k0 + j decoys), the array
    spanning only the support (states below 1e-300 dropped)."""
    n_groups = decoys.shape[0]
    # support of each group
    m0 = 0
    k0 = 0
    rows = 1
    cols = 1
    lo = np.zeros(n_groups, dtype=np.int64)
    hi = np.zeros(n_groups, dtype=np.int64)
    for g in range(n_groups):
        n = starts[g + 1] - starts[g] - 1
        a, b = 0, n
        while a < b and pmfs[starts[g] + a] < _TINY:
            a += 1
        while b > a and pmfs[starts[g] + b] < _TINY:
            b -= 1
        lo[g], hi[g] = a, b
        m0 += a
        k0 += decoys[g] * a
        rows += b - a
        cols += decoys[g] * (b - a)
    state = np.zeros((rows, cols))
    state[0, 0] = 1.0
    r_used, c_used = 1, 1
    for g in range(n_groups):
        span = hi[g] - lo[g]
        d = decoys[g]
        new = np.zeros((rows, cols))
        for m in range(r_used):
            for k in range(c_used):
                w = state[m, k]
                if w < _TINY:
                    continue
                for x in range(span + 1):
                    p = pmfs[starts[g] + lo[g] + x]
                    if p < _TINY:
                        continue
                    new[m + x, k + d * x] += w * p
        state = new
        r_used += span
        c_used += d * span
    return state, m0, k0


# ----------------------------------------------------------------------------- two coupled blocks
@njit(cache=True)
def _one_layer_1d(
    n: int, inv: int, k: float, shots: int, second: int, rho: float, raid: bool, f: float
) -> np.ndarray:
    """pmf (length ``n + 1``) of RVs getting through one layer when ``n`` arrive and no decoys
    are in play: footprint, salvo or shoot-look-shoot, reliability per raid or per RV."""
    rho_rv = 1.0 if raid else rho
    out = np.zeros(n + 1)
    if f >= 1.0:
        sp = layer_survivors(n, inv, shots, second, k, rho_rv, n + 1)
        for s in range(sp.shape[0]):
            out[s] += sp[s]
    else:
        buf = np.empty(n + 2)
        alo, ahi = binom_fill(n, f, buf)
        for a in range(alo, ahi + 1):
            wa = buf[a - alo]
            if wa < _TINY:
                continue
            sp = layer_survivors(a, inv, shots, second, k, rho_rv, a + 1)
            for s in range(sp.shape[0]):
                out[n - a + s] += wa * sp[s]
    if raid:
        for x in range(n + 1):
            out[x] *= rho
        out[n] += 1.0 - rho
    return out


@njit(cache=True)
def pair_propagate(
    init: np.ndarray,
    inventories: np.ndarray,
    sspk: np.ndarray,
    shots: np.ndarray,
    second: np.ndarray,
    reliability: np.ndarray,
    raid: np.ndarray,
    fraction: np.ndarray,
    active: np.ndarray,
    eng_a: np.ndarray,
    eng_b: np.ndarray,
) -> np.ndarray:
    """Two blocks of RVs (no decoys in play) through layers that engage both, only the first
    or only the second: ``init[a, b]`` = P(a RVs of the first block, b of the second). A layer
    engaging both treats them alike, so its survivors are a uniformly random subset of the RVs
    it engaged and the second block's share is hypergeometric. Returns the pmf of all RVs
    getting through (exact; the model of [wilkening1999]: module docstring)."""
    rows, cols = init.shape
    pmf = init.copy()
    lf = _log_factorials(rows + cols + 2)
    hbuf = np.empty(rows + cols + 2)
    for layer in range(inventories.shape[0]):
        if not active[layer] or not (eng_a[layer] or eng_b[layer]):
            continue
        inv = inventories[layer]
        new = np.zeros((rows, cols))
        cache_n = -np.ones(rows + cols, dtype=np.int64)
        resp_off = np.zeros(rows + cols, dtype=np.int64)
        flat = np.empty(0)
        used = 0
        for a in range(rows):
            for b in range(cols):
                w = pmf[a, b]
                if w < _SKIP:
                    continue
                if eng_a[layer] and eng_b[layer]:
                    n = a + b
                elif eng_a[layer]:
                    n = a
                else:
                    n = b
                if cache_n[n] < 0:
                    r = _one_layer_1d(
                        n,
                        inv,
                        sspk[layer],
                        shots[layer],
                        second[layer],
                        reliability[layer],
                        raid[layer],
                        fraction[layer],
                    )
                    if used + n + 1 > flat.shape[0]:
                        grown = np.empty(max(2 * flat.shape[0], used + n + 1))
                        grown[:used] = flat[:used]
                        flat = grown
                    flat[used : used + n + 1] = r
                    resp_off[n] = used
                    cache_n[n] = 1
                    used += n + 1
                off = resp_off[n]
                for n2 in range(n + 1):
                    wn = w * flat[off + n2]
                    if wn < _TINY:
                        continue
                    if eng_a[layer] and eng_b[layer]:
                        hlo, hhi, hoff = _hyper_mode(n, b, n2, lf, hbuf)
                        for b2 in range(hlo, hhi + 1):
                            new[n2 - b2, b2] += wn * hbuf[b2 - hoff]
                    elif eng_a[layer]:
                        new[n2, b] += wn
                    else:
                        new[a, n2] += wn
        pmf = new
    out = np.zeros(rows + cols - 1)
    for a in range(rows):
        for b in range(cols):
            out[a + b] += pmf[a, b]
    return out


@njit(cache=True)
def _pair_sees_decoys_after(
    layer: int,
    active: np.ndarray,
    eng_a: np.ndarray,
    eng_b: np.ndarray,
    discrimination: np.ndarray,
    endo: np.ndarray,
) -> bool:
    """Whether an active layer after ``layer`` engages either block and sees decoys."""
    for j in range(layer + 1, active.shape[0]):
        if active[j] and (eng_a[j] or eng_b[j]) and not endo[j] and discrimination[j] < 1.0:
            return True
    return False


@njit(cache=True)
def _engaged_fill(engages: bool, n: int, p: float, buf: np.ndarray) -> tuple[int, int]:
    """:func:`binom_fill` of the ``n`` objects of one kind a layer engages, each inside its
    footprint (and unrecognised) with probability ``p``; none (the window ``[0, 0]``, mass 1)
    when the layer does not engage them. ``p >= 1`` (every one) and ``n = 0`` are
    :func:`binom_fill`'s own cases."""
    if not engages:
        buf[0] = 1.0
        return 0, 0
    return binom_fill(n, p, buf)


@njit(cache=True)
def pair_propagate_decoys(
    init: np.ndarray,
    inventories: np.ndarray,
    sspk: np.ndarray,
    shots: np.ndarray,
    second: np.ndarray,
    reliability: np.ndarray,
    raid: np.ndarray,
    discrimination: np.ndarray,
    endo: np.ndarray,
    fraction: np.ndarray,
    active: np.ndarray,
    eng_a: np.ndarray,
    eng_b: np.ndarray,
) -> np.ndarray:
    """:func:`pair_propagate` with decoys: ``init[a, ka, b, kb]`` = P(a RVs and ka decoys of the
    first block, b RVs and kb decoys of the second). A working layer engages, of each block it
    can engage, the RVs inside its footprint (each with probability ``f``) and the decoys inside
    it that it does not recognise (each with probability ``f (1 - discrimination)``, the
    footprint and the recognition being independent; exo-atmospheric layers only), spreads its
    inventory over these ``t`` objects, which it cannot tell apart, and the survivors are a
    uniformly random subset of them: the survivors of each kind (the first block's RVs, the
    second's, the first block's decoys, the second's) are multivariate hypergeometric, drawn
    here as successive univariate hypergeometrics. Decoys persist through exo-atmospheric layers
    until destroyed; once no later layer sees decoys their counts are summed out. Returns the
    pmf of all RVs getting through (exact; the model of [wilkening1999], decoys after
    [sessler2000]: module docstring), as the plain-Python engine
    (:func:`anpo.deterrence._general.arrivals`) computes it for the same groups."""
    ra, ka_n, rb, kb_n = init.shape
    pmf = init.copy()
    t_cap = ra + ka_n + rb + kb_n
    lf = _log_factorials(t_cap + 2)
    buf_a = np.empty(ra + 2)
    buf_b = np.empty(rb + 2)
    buf_ua = np.empty(ka_n + 2)
    buf_ub = np.empty(kb_n + 2)
    h1 = np.empty(t_cap + 2)
    h2 = np.empty(t_cap + 2)
    h3 = np.empty(t_cap + 2)
    for layer in range(inventories.shape[0]):
        if not active[layer] or not (eng_a[layer] or eng_b[layer]):
            continue
        inv = inventories[layer]
        k = sspk[layer]
        rho = reliability[layer]
        raid_l = raid[layer]
        rho_rv = 1.0 if raid_l else rho
        f = fraction[layer]
        use_decoys = (not endo[layer]) and discrimination[layer] < 1.0
        p_dec = f * (1.0 - discrimination[layer])
        cka, ckb = pmf.shape[1], pmf.shape[3]
        new = np.zeros((ra, cka, rb, ckb))
        # survivor pmfs of a working layer by objects engaged (windows, flat buffer)
        s_off = np.full(t_cap + 1, -1, dtype=np.int64)
        s_lo = np.zeros(t_cap + 1, dtype=np.int64)
        s_hi = np.zeros(t_cap + 1, dtype=np.int64)
        flat = np.empty(1024)
        used = 0
        for a in range(ra):
            for xa in range(cka):
                for b in range(rb):
                    for xb in range(ckb):
                        w = pmf[a, xa, b, xb]
                        if w < _SKIP:
                            continue
                        if raid_l:
                            new[a, xa, b, xb] += w * (1.0 - rho)
                            w = w * rho
                            if w < _TINY:
                                continue
                        # RVs and unrecognised decoys of each block in the footprint
                        alo, ahi = _engaged_fill(eng_a[layer], a, f, buf_a)
                        ualo, uahi = _engaged_fill(eng_a[layer] and use_decoys, xa, p_dec, buf_ua)
                        blo, bhi = _engaged_fill(eng_b[layer], b, f, buf_b)
                        ublo, ubhi = _engaged_fill(eng_b[layer] and use_decoys, xb, p_dec, buf_ub)
                        for ai in range(alo, ahi + 1):
                            w1 = w * buf_a[ai - alo]
                            if w1 < _TINY:
                                continue
                            for bi in range(blo, bhi + 1):
                                w2 = w1 * buf_b[bi - blo]
                                if w2 < _TINY:
                                    continue
                                for ua in range(ualo, uahi + 1):
                                    w3 = w2 * buf_ua[ua - ualo]
                                    if w3 < _TINY:
                                        continue
                                    for ub in range(ublo, ubhi + 1):
                                        w4 = w3 * buf_ub[ub - ublo]
                                        if w4 < _TINY:
                                            continue
                                        t = ai + bi + ua + ub
                                        if s_off[t] < 0:
                                            sp = layer_survivors(
                                                t,
                                                inv,
                                                shots[layer],
                                                second[layer],
                                                k,
                                                rho_rv,
                                                t + 1,
                                            )
                                            if used + sp.shape[0] > flat.shape[0]:
                                                grown = np.empty(
                                                    max(2 * flat.shape[0], used + sp.shape[0])
                                                )
                                                grown[:used] = flat[:used]
                                                flat = grown
                                            flat[used : used + sp.shape[0]] = sp
                                            s_off[t] = used
                                            s_lo[t] = 0
                                            s_hi[t] = sp.shape[0] - 1
                                            used += sp.shape[0]
                                        off = s_off[t]
                                        n_dec = ua + ub
                                        for s in range(s_lo[t], s_hi[t] + 1):
                                            ws = w4 * flat[off + s]
                                            if ws < _TINY:
                                                continue
                                            # survivors: first block's RVs, then the second's
                                            # among the rest, then the first block's decoys
                                            lo1, hi1, o1 = _hyper_mode(t, ai, s, lf, h1)
                                            for sa in range(lo1, hi1 + 1):
                                                v1 = ws * h1[sa - o1]
                                                if v1 < _TINY:
                                                    continue
                                                lo2, hi2, o2 = _hyper_mode(
                                                    t - ai, bi, s - sa, lf, h2
                                                )
                                                for sb in range(lo2, hi2 + 1):
                                                    v2 = v1 * h2[sb - o2]
                                                    if v2 < _TINY:
                                                        continue
                                                    rest = s - sa - sb
                                                    lo3, hi3, o3 = _hyper_mode(
                                                        n_dec, ua, rest, lf, h3
                                                    )
                                                    for sua in range(lo3, hi3 + 1):
                                                        v3 = v2 * h3[sua - o3]
                                                        if v3 < _TINY:
                                                            continue
                                                        sub = rest - sua
                                                        new[
                                                            a - ai + sa,
                                                            xa - ua + sua,
                                                            b - bi + sb,
                                                            xb - ub + sub,
                                                        ] += v3
        if cka * ckb > 1 and not _pair_sees_decoys_after(
            layer, active, eng_a, eng_b, discrimination, endo
        ):
            # no later layer sees decoys: their counts no longer matter
            summed = np.zeros((ra, 1, rb, 1))
            for a in range(ra):
                for xa in range(cka):
                    for b in range(rb):
                        for xb in range(ckb):
                            summed[a, 0, b, 0] += new[a, xa, b, xb]
            new = summed
        pmf = new
    out = np.zeros(ra + rb - 1)
    for a in range(ra):
        for xa in range(pmf.shape[1]):
            for b in range(rb):
                for xb in range(pmf.shape[3]):
                    out[a + b] += pmf[a, xa, b, xb]
    return out
