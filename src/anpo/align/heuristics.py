"""Seeded heuristics for landscapes with hundreds of actors.

Methods (for two coalitions and for at most ``k`` coalitions):

``descent``
    Multi-start steepest one-actor descent: each restart draws a uniformly random configuration and
    applies the descent rule of :mod:`anpo.align.enum2` / :mod:`anpo.align.enumk` until a local
    minimum [axelrod1993, p. 217: the predicted configurations are the local minima].
``anneal``
    Simulated annealing [kirkpatrick1983] with
    Metropolis single-actor moves, a geometric temperature schedule from ``T0`` (the mean absolute
    single-move energy change at a random configuration) down to ``T0 / 1000``, followed by a
    steepest descent, so every result is a local minimum.
``tabu``
    Tabu search [glover1989]: at every iteration the best
    non-tabu move is made, even when it raises the energy (aspiration: a tabu move is allowed when
    it gives a new best energy); a moved actor stays tabu for ``n/10 + 1 + U{0..n/10}``
    iterations; the best configuration seen is polished by descent. Two coalitions: a move flips
    one actor. At most ``k`` coalitions: a move takes one actor to another coalition (an existing
    one, or the lowest-numbered empty one while fewer than ``k`` are used), the best of all
    ``n (k - 1)`` moves, from maintained actor-coalition weights ``g[i, c] = sum_{j in c} w_ij``
    (a move costs ``O(n k)`` to choose and ``O(n)`` to apply).

Determinism
    Each restart ``r`` has its own splitmix64 random stream [steele2014], started from a hash of
    ``(seed, r)`` (:func:`anpo._streams.indexed_seeds`: ``SeedSequence(seed)``'s key mixed with
    ``r`` by the splitmix64 finaliser, as an exploration seeds its experiments), so the restarts'
    streams are unrelated, not windows of one sequence; restarts
    run in parallel but each one's result depends only on its stream, and the best restart is the
    one with the lowest energy, ties going to the lowest restart index. The result is therefore the
    same for a given seed whatever the number of threads.

Budget
    ``time_limit`` (seconds) bounds the wall time of the whole call, counted from its start (or from
    ``started``, the moment a caller's own clock started): loading the compiled kernels from numba's
    cache is on the clock, compiling them is not (below). The compiled loops read the clock every
    few hundred thousand elementary operations; when the time is spent, running restarts stop (with
    the best configuration they have seen, polished by descent while time allows), restarts not yet
    begun are skipped (restart 0 always runs), and the result says it was stopped. A run that
    finishes within its budget is the same whatever the budget. Only the kernels of the chosen case
    are made ready (:func:`warm_up`: two coalitions or ``k``), and the time it took is reported
    (``load_seconds``): loading them from numba's cache in a new process takes about 0.1-0.3 s of
    CPU after numba's own start (about 1.5 s of CPU, importing numba included), but compiling them,
    the first time after an install, takes tens of seconds and cannot be cut short: it is not
    charged (the clock's start moves on by the seconds spent compiling,
    :func:`anpo._jit.compiled_since`; ``seconds`` is on the same clock), so a process's first call
    gets its whole budget and returns what a later call would (charged, compiling once cut the first
    call to one restart, so its result depended on numba's cache).
"""

from __future__ import annotations

import functools
import math
import time
from dataclasses import dataclass

import numba as nb
import numpy as np
from numpy.typing import NDArray

from anpo._checks import seed_number, whole_number
from anpo._jit import compiled_since, make_ready, njit
from anpo._streams import indexed_seeds
from anpo.align._kernels import best_flip, coalition_fields, flip_side, move_actor, side_fields
from anpo.errors import AlignError

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


@njit(cache=True, inline="always")
def _next(state):
    state[0] += _GOLDEN
    z = state[0]
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


@njit(cache=True, inline="always")
def _uniform(state):
    return np.float64(_next(state) >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@njit(cache=True, inline="always")
def _below(state, m):
    return np.int64(_next(state) % np.uint64(m))


@njit(cache=True)
def _now():
    """Wall clock (``time.perf_counter``) from compiled code, for the time budget."""
    with nb.objmode(t="float64"):
        t = time.perf_counter()
    return t


@njit(cache=True)
def _seed_state(states, r):
    """Restart ``r``'s splitmix64 state, from its own seed ``states[r]`` (a hash of the master
    seed and ``r``, :func:`anpo._streams.indexed_seeds`). It was ``seed * 0x100000001B3 +
    r * golden``, and each draw adds the golden increment, so restart ``r + 1``'s stream was
    restart ``r``'s shifted by one draw (review20 F1)."""
    st = np.zeros(1, dtype=np.uint64)
    st[0] = states[r]
    return st


# ----------------------------------------------------------------------------- two coalitions


@njit(cache=True)
def _descend2(w, sig, h, half_tol, deadline, every):
    """Steepest descent; returns False when the deadline stopped it first."""
    step = 0
    while True:
        step += 1
        if step % every == 0 and _now() > deadline:
            return False
        j = best_flip(sig, h, half_tol)
        if j < 0:
            return True
        flip_side(w, j, sig, h)


@njit(cache=True)
def _half_energy(w, sig, h):
    # E = (S - sigma^T W sigma) / 2 ; returns -sigma^T h / 2 (E minus the constant S/2)
    acc = 0.0
    for i in range(w.shape[0]):
        acc += sig[i] * h[i]
    return -0.5 * acc


@njit(cache=True, parallel=True, nogil=True)
def _run2(
    w,
    method,
    restarts,
    states,
    sweeps,
    half_tol,
    t0,
    deadline,
    every_restart,
    every_move,
    every_scan,
):
    """Every restart's configuration (+1/-1), energy and budget flag (0 finished, 1 stopped by
    the deadline, 2 not begun: energy +inf)."""
    n = w.shape[0]
    out = np.ones((restarts, n))
    val = np.full(restarts, np.inf)
    flag = np.zeros(restarts, dtype=np.int64)
    for r in nb.prange(restarts):
        if r > 0 and r % every_restart == 0 and _now() > deadline:
            flag[r] = 2
        else:
            cut = False
            st = _seed_state(states, r)
            sig = np.empty(n)
            h = np.empty(n)
            for i in range(n):
                sig[i] = 1.0 if _uniform(st) < 0.5 else -1.0
            side_fields(w, sig, h)
            if method == 1:  # anneal
                total = sweeps * n
                t = t0
                cool = math.exp(math.log(1e-3) / max(total - 1, 1))
                for step in range(total):
                    if step % every_move == 0 and _now() > deadline:
                        cut = True
                        break
                    a = _below(st, n)
                    de = 2.0 * sig[a] * h[a]  # landscape energy change (Axelrod & Bennett n. 2)
                    if de <= 0.0 or _uniform(st) < math.exp(-de / t):
                        flip_side(w, a, sig, h)
                    t *= cool
            elif method == 2:  # tabu
                iters = sweeps * n
                tabu = np.zeros(n, dtype=np.int64)
                best_sig = sig.copy()
                cur = _half_energy(w, sig, h)
                best = cur
                base = n // 10 + 1
                span = n // 10 + 1
                for it in range(1, iters + 1):
                    if it % every_scan == 0 and _now() > deadline:
                        cut = True
                        break
                    mv = -1
                    mv_g = 1e300
                    for j in range(n):
                        g = sig[j] * h[j]  # energy change / 4 in these units: delta = 2 g
                        if tabu[j] > it and not (cur + 2.0 * g < best - 2.0 * half_tol):
                            continue
                        if g < mv_g:
                            mv_g = g
                            mv = j
                    if mv < 0:
                        continue
                    flip_side(w, mv, sig, h)
                    cur += 2.0 * mv_g
                    tabu[mv] = it + base + _below(st, span)
                    if cur < best - 2.0 * half_tol:
                        best = cur
                        best_sig[:] = sig
                sig[:] = best_sig
                side_fields(w, sig, h)
            if not _descend2(w, sig, h, half_tol, deadline, every_scan):
                cut = True
            # normalise: actor 0 on side +1
            if sig[0] < 0:
                for i in range(n):
                    sig[i] = -sig[i]
                    h[i] = -h[i]
            for i in range(n):
                out[r, i] = sig[i]
            val[r] = _half_energy(w, sig, h)
            flag[r] = 1 if cut else 0
    return out, val, flag


# ----------------------------------------------------------------------------- k coalitions


@njit(cache=True)
def _descend_k(w, a, g, k, half_tol, deadline, every):
    """Steepest descent with at most k labels (labels need not be normalised here); returns
    False when the deadline stopped it first.

    Ties: lowest actor, then lowest target label in the *normalised* labelling, matching
    :mod:`anpo.align.enumk` once the configuration is normalised.
    """
    n = w.shape[0]
    first = np.empty(k, dtype=np.int64)
    step = 0
    while True:
        step += 1
        if step % every == 0 and _now() > deadline:
            return False
        # order labels by first use; find lowest unused label
        for c in range(k):
            first[c] = n + c  # unused labels sort after used ones, by their own index
        for j in range(n - 1, -1, -1):
            first[a[j]] = j
        empty = -1
        for c in range(k):
            if first[c] >= n:
                empty = c
                break
        best = 0.0
        for i in range(n):
            gi = g[i, a[i]]
            for c in range(k):
                if c != a[i] and (first[c] < n or c == empty):
                    d = gi - g[i, c]
                    if d < best:
                        best = d
        if best >= -half_tol:
            return True
        thr = best + half_tol
        bi = -1
        bc = -1
        brank = n + k + 1
        for i in range(n):
            gi = g[i, a[i]]
            for c in range(k):
                if c != a[i] and (first[c] < n or c == empty) and gi - g[i, c] <= thr:
                    if first[c] < brank:
                        brank = first[c]
                        bc = c
            if bc >= 0:
                bi = i
                break
        move_actor(w, g, bi, a[bi], bc)
        a[bi] = bc


@njit(cache=True)
def _energy_k(w, a):
    n = w.shape[0]
    acc = 0.0
    for i in range(n):
        for j in range(n):
            if a[i] != a[j]:
                acc += w[i, j]
    return acc


@njit(cache=True)
def _tabu_k(w, a, g, k, sweeps, half_tol, st, deadline, every):
    """k-coalition tabu search from labels ``a`` (module docstring); leaves the best
    configuration seen in ``a`` and its actor-coalition weights in ``g``; returns False when
    the deadline stopped it first."""
    n = w.shape[0]
    iters = sweeps * n
    tabu = np.zeros(n, dtype=np.int64)
    size = np.zeros(k, dtype=np.int64)
    for i in range(n):
        size[a[i]] += 1
    best_a = a.copy()
    cur = _energy_k(w, a)
    best = cur
    tol = 2.0 * half_tol
    base = n // 10 + 1
    span = n // 10 + 1
    done = True
    for it in range(1, iters + 1):
        if it % every == 0 and _now() > deadline:
            done = False
            break
        empty = -1
        for c in range(k):
            if size[c] == 0:
                empty = c
                break
        mv_i = -1
        mv_c = -1
        mv_d = 1e300
        for i in range(n):
            gi = g[i, a[i]]
            for c in range(k):
                if c == a[i] or (size[c] == 0 and c != empty):
                    continue
                if size[c] == 0 and size[a[i]] == 1:
                    continue  # moving a singleton to an empty coalition changes nothing
                de = 2.0 * (gi - g[i, c])
                if tabu[i] > it and not (cur + de < best - tol):
                    continue
                if de < mv_d:
                    mv_d = de
                    mv_i = i
                    mv_c = c
        if mv_i < 0:
            continue
        old = a[mv_i]
        move_actor(w, g, mv_i, old, mv_c)
        a[mv_i] = mv_c
        size[old] -= 1
        size[mv_c] += 1
        cur += mv_d
        tabu[mv_i] = it + base + _below(st, span)
        if cur < best - tol:
            best = cur
            best_a[:] = a
    a[:] = best_a
    coalition_fields(w, a, k, g)
    return done


@njit(cache=True, parallel=True, nogil=True)
def _run_k(
    w,
    k,
    method,
    restarts,
    states,
    sweeps,
    half_tol,
    t0,
    deadline,
    every_restart,
    every_move,
    every_scan,
):
    """As :func:`_run2` with at most ``k`` coalitions (labels instead of signs)."""
    n = w.shape[0]
    # dup-ok: the prange restart loop repeats _run2's set-up (result arrays, deadline check); the
    # per-restart state differs (labels and an n x k field matrix instead of signs and fields),
    # and numba cannot pass a closure to a shared loop.
    out = np.zeros((restarts, n), dtype=np.int64)
    val = np.full(restarts, np.inf)
    flag = np.zeros(restarts, dtype=np.int64)
    for r in nb.prange(restarts):
        if r > 0 and r % every_restart == 0 and _now() > deadline:
            flag[r] = 2
        else:
            cut = False
            st = _seed_state(states, r)
            a = np.empty(n, dtype=np.int64)
            g = np.empty((n, k))
            for i in range(n):
                a[i] = _below(st, k)
            coalition_fields(w, a, k, g)
            # dup-ok: the annealing schedule (steps, geometric cooling to 1e-3, deadline check
            # every every_move steps) is _run2's; the move and its energy change are the k case's.
            if method == 1:
                total = sweeps * n
                t = t0
                cool = math.exp(math.log(1e-3) / max(total - 1, 1))
                for step in range(total):
                    if step % every_move == 0 and _now() > deadline:
                        cut = True
                        break
                    i = _below(st, n)
                    c = _below(st, k - 1)
                    if c >= a[i]:
                        c += 1
                    de = 2.0 * (g[i, a[i]] - g[i, c])
                    if de <= 0.0 or _uniform(st) < math.exp(-de / t):
                        move_actor(w, g, i, a[i], c)
                        a[i] = c
                    t *= cool
            elif method == 2:
                if not _tabu_k(w, a, g, k, sweeps, half_tol, st, deadline, every_scan):
                    cut = True
            if not _descend_k(w, a, g, k, half_tol, deadline, every_scan):
                cut = True
            for i in range(n):
                out[r, i] = a[i]
            val[r] = _energy_k(w, a)
            flag[r] = 1 if cut else 0
    return out, val, flag


@dataclass(frozen=True)
class HeuristicResult:
    """Best configuration found by a heuristic.

    ``restarts`` restarts were asked with master ``seed`` (``restarts_done`` of them begun);
    ``best_restart`` found ``config``; ``hits`` restarts reached the same energy (within
    tolerance); ``stopped`` is ``"time limit"`` when the budget cut the search short (the
    configuration may then not be a local minimum). ``seconds`` is the call's wall time from its
    clock's start, ``load_seconds`` the part of it spent making the compiled kernels ready
    (module docstring, "Budget"; 0 when they were). The gap to a proven optimum is reported by
    :meth:`anpo.align.landscape.Landscape.solve`.
    """

    config: NDArray[np.int64]
    energy: float
    method: str
    restarts: int
    seed: int
    best_restart: int
    hits: int
    seconds: float
    stopped: str = ""  # "time limit" when the budget cut the search short
    restarts_done: int = -1  # restarts begun (all of them unless the budget ran out)
    load_seconds: float = 0.0  # making the kernels ready, within seconds


_METHODS = {"descent": 0, "anneal": 1, "tabu": 2}


@functools.cache
def warm_up(two: bool | None = None) -> None:
    """Make the compiled kernels of the heuristics ready, once per process (later calls are
    answered from the cache): those for two coalitions (``two=True``), for ``k`` (``False``)
    or both (``None``), by running them on a three-actor instance without a budget (compiled on
    first use after an install, else loaded from numba's cache). A search loads only its own
    case's kernels, on its clock (module docstring, "Budget"); ``anpo serve`` loads both before
    serving."""
    if two is None:  # each case once (a later warm_up(True) is then answered from the cache)
        warm_up(True)
        warm_up(False)
        return
    w = np.array([[0.0, 1.0, -1.0], [1.0, 0.0, -0.5], [-1.0, -0.5, 0.0]])
    # (half_tol, t0, deadline, every_restart, every_move, every_scan), as heuristic passes them
    tuning = (0.0, 1.0, math.inf, 1, 1024, 1)
    if two:
        _run2(w, _METHODS["tabu"], 1, indexed_seeds(0, 0, 1), 1, *tuning)
    else:
        _run_k(w, 3, _METHODS["tabu"], 1, indexed_seeds(0, 0, 1), 1, *tuning)


def heuristic(
    w: NDArray[np.float64],
    tol: float,
    *,
    k: int = 2,
    method: str = "anneal",
    restarts: int = 32,
    seed: int = 0,
    sweeps: int = 200,
    time_limit: float | None = None,
    started: float | None = None,
) -> HeuristicResult:
    """Seeded multi-start heuristic minimum of the landscape energy (see the module docstring:
    descent [axelrod1993], annealing [kirkpatrick1983], tabu search [glover1989]).

    ``k`` is the largest number of coalitions, a whole number >= 1 (2 = Axelrod & Bennett's case;
    ``k >= n``: free; 1: the one configuration with every actor together, returned with its
    energy, as :func:`anpo.align.exact.branch_and_bound_k` and
    :func:`anpo.align.enumk.enumerate_k` answer it; anything else is an AlignError naming ``k``);
    ``w`` and ``tol`` as :func:`anpo.align.formal.check_weights` checks them (the check of the
    exact solvers); ``sweeps`` is the length of an annealing schedule or a tabu run in units of ``n`` moves;
    ``time_limit`` (seconds, None: none) bounds the wall time from ``started`` (a
    ``time.perf_counter()`` reading; default: the call's start), loading the kernels included
    (module docstring, "Budget").
    Returns a local minimum under the descent rule (unless the budget stopped the search); its
    ``energy`` is recomputed exactly.
    """
    from anpo.align.formal import check_time_limit, check_weights, normalize
    from anpo.align.formal import energy as _energy

    if method not in _METHODS:
        raise AlignError(
            f"unknown heuristic {method!r}; choose one of {sorted(_METHODS)}", field="method"
        )
    # 2.5, NaN, True and 3.0 were numba typing errors, NaN sweeps a SystemError, 2**70 an
    # OverflowError, and 0 one message naming neither argument
    restarts, sweeps = (
        whole_number(v, name, error=AlignError, minimum=1, maximum=2**63 - 1)
        for name, v in (("restarts", restarts), ("sweeps", sweeps))
    )
    # 1.5 and True were taken (the kernels' seeds 1.5 and 1), 'x' was a bare TypeError
    seed = seed_number(seed, error=AlignError)
    # 0 killed the interpreter (a segmentation fault in _run_k), -1 was a SystemError, 2.5 and
    # NaN numba typing errors, and 1 returned two coalitions (review12 F-C)
    k = whole_number(k, "k", error=AlignError, minimum=1, maximum=2**63 - 1)
    check_time_limit(time_limit)  # "1" was a raw TypeError, True one second
    t_start = time.perf_counter() if started is None else float(started)
    # an asymmetric w or a NaN or negative tol made the k-coalition descent cycle for ever (3
    # actors, k = 3), a vector was numpy's AxisError, NaN weights were refused only after the
    # search; the check the exact solvers make
    w, tol = check_weights(w, tol)
    if not w.flags.writeable:  # numba types a read-only array apart: a compile in the budget
        w = w.copy()
    n = w.shape[0]
    k = min(k, n)
    if k <= 1:  # one configuration (everyone together; k = 0 only when n = 0): no search
        cfg = np.zeros(n, np.int64)
        return HeuristicResult(
            cfg, _energy(w, cfg) if n > 1 else 0.0, method, restarts, seed, 0, restarts,
            time.perf_counter() - t_start, restarts_done=restarts,
        )  # fmt: skip
    two = k == 2 or n <= 2
    # this case's kernels only, loading on the clock, compiling not (module docstring, "Budget")
    seconds, compiling = make_ready(lambda: warm_up(two)) if n > 1 else (0.0, 0.0)
    load = seconds - compiling
    t_start += compiled_since(t_start)
    deadline = math.inf if time_limit is None else t_start + float(time_limit)
    # typical |energy change| of one move at a random configuration: 2 * sqrt(sum_j w_ij^2)
    t0 = float(np.mean(2.0 * np.sqrt(np.sum(w * w, axis=1)))) if n else 1.0
    t0 = t0 if t0 > 0 else 1.0
    code = _METHODS[method]
    # read the clock about every 2^20 elementary operations (about a millisecond of work; a
    # read from compiled parallel code costs microseconds)
    chunk = 1 << 20
    every_move = max(1024, chunk // max(n, 1))
    every_scan = max(1, chunk // max(n * k, 1))
    per_restart = n * n * k * (sweeps if code == 2 else 1) + (sweeps * n * n if code == 1 else 0)
    every_restart = max(1, chunk // max(per_restart, 1))
    tuning = (0.5 * tol, t0, deadline, every_restart, every_move, every_scan)
    states = indexed_seeds(seed, 0, restarts)  # restart r's own stream (module docstring)
    if two:
        sigs, vals, flags = _run2(w, code, restarts, states, sweeps, *tuning)
        configs = (sigs < 0).astype(np.int64)  # vals = E - S/2 (same ranking as E)
    else:
        configs, vals, flags = _run_k(w, k, code, restarts, states, sweeps, *tuning)
    best = int(np.argmin(vals))
    hits = int(np.sum(vals <= vals[best] + tol))
    cfg = normalize(configs[best])
    return HeuristicResult(
        cfg,
        _energy(w, cfg),
        method,
        restarts,
        seed,
        best,
        hits,
        time.perf_counter() - t_start,
        stopped="time limit" if bool(np.any(flags > 0)) else "",
        restarts_done=int(np.sum(flags < 2)),
        load_seconds=load,
    )
