"""Exact global minima beyond enumeration, with a proof of optimality.

Two-coalition minimisation is the ground state of an Ising spin glass ([galam1996]; reference:
``E(X) = (S - sigma^T W sigma) / 2`` with ``sigma`` the +-1 sides, ``W_ij = s_i s_j p_ij`` and
``S = sum_{i != j} W_ij``), equivalently a Max-Cut on the weights ``-W``. Free or bounded numbers of
coalitions give a Potts glass / weighted correlation-clustering problem.

Solvers
-------
``branch_and_bound_two``
    Depth-first branch and bound with the *Russian-doll* bound (Verfaillie, Lemaitre & Schiex
    1996, "Russian Doll Search", AAAI-96): the actors are ordered by decreasing ``sum_j |W_ij|``
    and the problems on the suffixes ``{r, ..., n-1}`` are solved from the smallest to the
    largest. At a node where actors ``r..d-1`` are fixed, the remaining actors see the linear
    fields ``L_k = sum_{i fixed} J_ik sigma_i`` (``J = -W``), and the bound is
    ``H_fixed - sum_{k >= d} |L_k| + G[d]`` where ``G[d]`` is the already *proven* optimum of the
    suffix ``{d..n-1}``: every term is a valid lower bound, so pruning never loses the optimum,
    and when the search ends the incumbent is optimal (the proof). Dense 40-actor instances take
    milliseconds; 60-70 random-sign actors take seconds.
``branch_and_bound_k``
    The same scheme for at most ``k`` coalitions (``k = n``: free number), maximising the
    within-coalition weight ``Q = sum_{i<j together} W_ij`` (``E = S - 2Q``); the bound is
    ``Q_fixed + sum_{x free} max_c L_x[c] + Q*[d]`` with ``L_x[c]`` the weight between ``x`` and
    the fixed members of coalition ``c`` (0 for a new coalition while fewer than ``k`` are used)
    and ``Q*[d]`` the proven optimum of the suffix. Coalition labels are created in order
    (symmetry breaking).
``mip_two``
    The straightforward mixed-integer formulation solved by HiGHS: binaries ``x_i`` (``x_0 = 0``)
    and separation variables ``0 <= d_ij <= 1`` with ``d_ij >= |x_i - x_j|`` when ``W_ij > 0`` and
    ``d_ij <= x_i + x_j``, ``d_ij <= 2 - x_i - x_j`` when ``W_ij < 0``; minimise
    ``2 sum_{i<j} W_ij d_ij``. Used as the benchmark baseline and as an independent check.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from anpo._checks import whole_number
from anpo._jit import njit
from anpo.align.formal import check_weights
from anpo.errors import AlignError

#: The largest number of actors the two-coalition branch and bound accepts by default.
MAX_N_EXACT = 200


@functools.cache
def warm_up(two: bool | None = None) -> None:
    """Make the branch and bound's compiled kernels ready, once per process (later calls are
    answered from the cache): two coalitions (``two=True``), ``k`` (``False``) or both
    (``None``), each with and without an incumbent, by solving a four-actor instance without a
    budget (compiled on first use after an install, else loaded from numba's cache). A budgeted
    search loads only its own case's kernels, on its clock (:func:`branch_and_bound_two`);
    ``anpo serve`` loads both before serving."""
    if two is None:  # each case once (a later warm_up(True) is then answered from the cache)
        warm_up(True)
        warm_up(False)
        return
    w = np.array(
        [
            [0.0, 1.0, -1.0, 0.5],
            [1.0, 0.0, -0.5, 1.0],
            [-1.0, -0.5, 0.0, -1.0],
            [0.5, 1.0, -1.0, 0.0],
        ]
    )
    inc = np.array([0, 0, 1, 0], dtype=np.int64)
    for incumbent in (None, inc):
        if two:
            branch_and_bound_two(w, incumbent=incumbent)
        else:
            branch_and_bound_k(w, 3, incumbent=incumbent)


@dataclass(frozen=True)
class ExactResult:
    """An exact (or interrupted) solve.

    ``config`` is the normalised configuration, ``energy`` its energy (ordered pairs),
    ``proven`` whether optimality is proven, ``lower_bound`` a proven lower bound on the global
    minimum energy (equal to ``energy`` when proven), ``nodes`` the number of search nodes over
    the whole search and ``seconds`` the wall time from the clock's start, ``load_seconds`` the
    part of it spent making the compiled kernels ready (0 when they were); ``stopped`` is ``""``
    when the search finished, else ``"node limit"`` or ``"time limit"``.
    """

    config: NDArray[np.int64]
    energy: float
    proven: bool
    lower_bound: float
    nodes: int
    seconds: float
    method: str
    stopped: str = ""
    load_seconds: float = 0.0


def _start(two: bool, time_limit: float | None, started: float | None) -> tuple[float, float]:
    """The budget's clock start and the seconds spent making this case's kernels ready when the
    search has a time budget (without one they load on first use). The clock starts at
    ``started`` (else now) and loading the kernels from numba's cache is on it; compiling them
    (the first time after an install: tens of seconds, which cannot be cut short) is not: the
    start moves on by the seconds spent compiling since it (:func:`anpo._jit.compiled_since`),
    so a process's first search gets its whole budget and returns what a later one would."""
    from anpo._jit import compiled_since, make_ready

    t0 = time.perf_counter() if started is None else float(started)
    if time_limit is None:
        return t0, 0.0
    seconds, compiling = make_ready(lambda: warm_up(two))
    return t0 + compiled_since(t0), seconds - compiling


class _Budget:
    """A node and time budget shared by every level of a Russian-doll search.

    The compiled search runs in chunks of nodes; between chunks the wall clock is read, so a time
    limit is overrun by at most one chunk (sized to take about :attr:`TARGET` seconds)."""

    TARGET = 0.02

    def __init__(self, max_nodes: int | None, time_limit: float | None, t0: float) -> None:
        if max_nodes is not None and max_nodes < 1:
            raise AlignError("max_nodes must be >= 1", field="max_nodes")
        if time_limit is not None and not time_limit > 0:
            raise AlignError("time_limit must be > 0 seconds", field="time_limit")
        self.max_nodes = max_nodes
        self.deadline = None if time_limit is None else t0 + float(time_limit)
        self.nodes = 0
        self.chunk = 1 << 14
        self.stopped = ""
        self.t0 = t0

    def result(
        self,
        config: NDArray[np.int64],
        e: float,
        complete: bool,
        lb: float,
        method: str,
        load: float,
    ) -> ExactResult:
        """The search's :class:`ExactResult`: the budget's nodes, the seconds since its clock's
        start, and which limit stopped it (``""`` when ``complete``)."""
        return ExactResult(
            config,
            e,
            complete,
            lb,
            self.nodes,
            time.perf_counter() - self.t0,
            method,
            self.stopped if not complete else "",
            load,
        )

    def next_chunk(self) -> int:
        """Nodes allowed for the next chunk (0 when the budget is spent: :attr:`stopped` says
        which limit)."""
        if self.max_nodes is not None and self.nodes >= self.max_nodes:
            self.stopped = "node limit"
            return 0
        if self.deadline is not None and time.perf_counter() >= self.deadline:
            self.stopped = "time limit"
            return 0
        c = self.chunk
        if self.max_nodes is not None:
            c = min(c, self.max_nodes - self.nodes)
        return c

    def spent(self, nodes: int, seconds: float) -> None:
        """Record a chunk; adapt the chunk size to :attr:`TARGET` seconds."""
        self.nodes += int(nodes)
        if nodes >= self.chunk and seconds > 0:
            scale = min(8.0, max(0.125, self.TARGET / seconds))
            self.chunk = int(min(1 << 26, max(1 << 10, self.chunk * scale)))

    def levels(
        self,
        n: int,
        bound: NDArray[np.float64],
        seed: Callable[[int], float],
        start: Callable[[int], int],
        run: Callable[[int, int, float, int], tuple[int, float, int]],
    ) -> int:
        """The Russian-doll driver shared by both searches: levels ``r = n-1 .. 0``, each seeded
        (``seed(r)`` sets the suffix solution and returns its value), searched in chunks
        (``start(r)`` returns the first depth, ``run(r, depth, best, allowed)`` returns
        ``(depth, best, nodes)``) and recorded in ``bound[r]``. Returns the level where the
        budget ran out, or -1 when every level finished."""
        for r in range(n - 1, -1, -1):
            best = seed(r)
            if r < n - 1:
                d = start(r)
                while d > r:
                    allowed = self.next_chunk()
                    if allowed == 0:
                        break
                    tc = time.perf_counter()
                    d, best, nodes = run(r, d, best, allowed)
                    self.spent(nodes, time.perf_counter() - tc)
                if d > r:
                    return r
            else:
                self.nodes += 1
            bound[r] = best
        return -1


@njit(cache=True)
def _rd_start(J, r, L, sig, choice, hacc):
    """Prepare the search on the suffix r..n-1 (actor r fixed to +1); returns the first depth."""
    n = J.shape[0]
    sig[r] = 1.0
    for k in range(r + 1, n):
        L[1, k] = J[r, k]
    hacc[r + 1] = 0.0
    choice[r + 1] = 0
    return r + 1


@njit(cache=True)
def _rd_run(J, r, G, L, sig, choice, hacc, d, best, sol, eps, budget):
    """Russian-doll search on the suffix r..n-1, resumed at depth ``d`` for at most ``budget``
    nodes; ``sol``/``best`` hold the incumbent. Returns (d, best, nodes); ``d == r`` when the
    search of this suffix is complete."""
    n = J.shape[0]
    nodes = 0
    while d > r:
        if d == n:
            if hacc[d] < best - eps:
                best = hacc[d]
                for q in range(r, n):
                    sol[q] = sig[q]
            d -= 1
            continue
        c = choice[d]
        if c >= 2:
            d -= 1
            continue
        if nodes >= budget:
            return d, best, nodes
        choice[d] = c + 1
        li = d - r
        ld = L[li, d]
        s = -1.0 if ld > 0 else 1.0
        if c == 1:
            s = -s
        sig[d] = s
        h = hacc[d] + s * ld
        nodes += 1
        bound = h + (G[d + 1] if d + 1 < n else 0.0)
        tot = 0.0
        for k in range(d + 1, n):
            v = L[li, k] + s * J[d, k]
            L[li + 1, k] = v
            tot += abs(v)
        if bound - tot >= best - eps:
            continue
        hacc[d + 1] = h
        d += 1
        choice[d] = 0
    return d, best, nodes


@njit(cache=True)
def _ising_energy(J, sig, r):
    n = J.shape[0]
    h = 0.0
    for i in range(r, n):
        for j in range(i + 1, n):
            h += J[i, j] * sig[i] * sig[j]
    return h


def _order(w: NDArray[np.float64]) -> NDArray[np.int64]:
    strength = np.sum(np.abs(w), axis=1)
    return np.argsort(-strength, kind="stable").astype(np.int64)


def _seed_two(
    jm: NDArray[np.float64], sol: NDArray[np.float64], r: int, inc: NDArray[np.float64] | None
) -> None:
    """Incumbent for the suffix r..n-1 in ``sol[r:]``: the proven suffix optimum for r+1 extended
    by the best side for actor r, or the given full incumbent restricted to the suffix, whichever
    is lower (sides normalised so that actor r is +1)."""
    n = jm.shape[0]
    if r < n - 1:
        field = float(np.dot(jm[r, r + 1 :], sol[r + 1 :]))
        sol[r] = -1.0 if field > 0 else 1.0
    else:
        sol[r] = 1.0
    if sol[r] < 0:
        sol[r:] = -sol[r:]
    if inc is not None:
        cand = inc[r:] * inc[r]
        trial = sol.copy()
        trial[r:] = cand
        if _ising_energy(jm, trial, r) < _ising_energy(jm, sol, r):
            sol[r:] = cand


def _extend_two(jm: NDArray[np.float64], sol: NDArray[np.float64], r: int) -> NDArray[np.float64]:
    """A full configuration from the suffix solution ``sol[r:]``: actors r-1 .. 0 each take the
    side of least Ising energy given those already placed."""
    out = sol.copy()
    for i in range(r - 1, -1, -1):
        field = float(np.dot(jm[i, i + 1 :], out[i + 1 :]))
        out[i] = -1.0 if field > 0 else 1.0
    return out


def branch_and_bound_two(
    w: NDArray[np.float64],
    tol: float = 0.0,
    *,
    max_nodes: int | None = None,
    time_limit: float | None = None,
    incumbent: NDArray[np.int64] | None = None,
    started: float | None = None,
) -> ExactResult:
    """Proven global minimum of the two-coalition energy by Russian-doll branch and bound.

    ``w`` is ``s_i s_j p_ij`` (zero diagonal). ``tol`` (absolute, on the energy) lets the search
    ignore improvements smaller than ``tol``. Budget: ``max_nodes`` caps the nodes of the *whole*
    search (every suffix level), ``time_limit`` its wall time (seconds from ``started``, a
    ``time.perf_counter()`` reading, default the call's start, loading the compiled kernels
    included; checked between chunks of nodes sized to about 20 ms); when either is spent the
    result is the best configuration found (the better of ``incumbent``, e.g. a heuristic's, and
    the best suffix solution extended greedily), marked unproven, with a valid lower bound: the
    proven optimum ``G`` of the largest finished suffix ``{r+1..n-1}`` minus the largest possible
    contribution of the pairs with an actor in ``{0..r}``, ``E >= S/2 + G[r+1] - sum_{i<=r, j>i} |W_ij|``. Method: module
    docstring ([verfaillie1996]; Ising form from [galam1996]).
    """
    from anpo.align.formal import energy as _energy
    from anpo.align.formal import normalize

    t0, load = _start(True, time_limit, started)
    w, tol = check_weights(w, tol)  # a vector was numpy's AxisError, asymmetric w an answer
    n = w.shape[0]
    if n == 0:
        raise AlignError("no actors")
    if n > MAX_N_EXACT:
        raise AlignError(f"the exact solver is limited to {MAX_N_EXACT} actors (got {n})")
    budget = _Budget(max_nodes, time_limit, t0)
    order = _order(w)
    jm = -np.ascontiguousarray(w[np.ix_(order, order)])
    inc = None
    if incumbent is not None:
        inc = np.where(np.asarray(incumbent)[order] == np.asarray(incumbent)[order[0]], 1.0, -1.0)
    g = np.zeros(n + 1)
    sol = np.ones(n)
    eps = 0.5 * tol  # the Ising energy is half the landscape energy change
    L = np.zeros((n + 1, n))
    sig = np.zeros(n)
    choice = np.zeros(n + 1, dtype=np.int64)
    hacc = np.zeros(n + 1)

    def seed(r: int) -> float:
        _seed_two(jm, sol, r, inc)
        return float(_ising_energy(jm, sol, r))

    def run(r: int, d: int, best: float, allowed: int) -> tuple[int, float, int]:
        return _rd_run(jm, r, g, L, sig, choice, hacc, d, best, sol, eps, allowed)

    stop_level = budget.levels(
        n, g, seed, lambda r: int(_rd_start(jm, r, L, sig, choice, hacc)), run
    )
    complete = stop_level < 0
    if complete:
        full = sol
    else:
        r = stop_level
        full = _extend_two(jm, sol, r)
        if inc is not None and _ising_energy(jm, inc, 0) < _ising_energy(jm, full, 0):
            full = inc
    sig_out = np.empty(n)
    sig_out[order] = full
    config = normalize((sig_out < 0).astype(np.int64))
    e = _energy(w, config)
    if complete:
        lb = e
    else:
        s_all = math.fsum(w.ravel().tolist())
        r = stop_level
        prefix = float(np.sum(np.abs(np.triu(jm, 1)[: r + 1])))
        lb = min(s_all / 2 + g[r + 1] - prefix, e)
    return budget.result(config, e, complete, lb, "branch-and-bound (Russian doll)", load)


@njit(cache=True, inline="always")
def _prepare_options(lin, order, nopt, pos, d, used, k):
    """Labels to try for actor ``d`` (the ``used`` labels, plus a new one while fewer than ``k``
    are in use), sorted by decreasing gain ``lin[d, c]`` (insertion sort)."""
    top = used + 1 if used < k else used
    for c in range(top):
        order[d, c] = c
    nopt[d] = top
    for a in range(1, top):
        v = order[d, a]
        b = a - 1
        while b >= 0 and lin[d, order[d, b]] < lin[d, v]:
            order[d, b + 1] = order[d, b]
            b -= 1
        order[d, b + 1] = v
    pos[d] = 0


@njit(cache=True)
def _rdk_start(w, r, k, lab, lin, nused, qacc, order, nopt, pos):
    """Prepare the k-coalition search on the suffix r..n-1 (actor r in label 0)."""
    n = w.shape[0]
    for x in range(n):
        for c in range(k):
            lin[x, c] = 0.0
    lab[r] = 0
    for x in range(r + 1, n):
        lin[x, 0] += w[r, x]
    nused[r + 1] = 1
    qacc[r + 1] = 0.0
    d = r + 1
    _prepare_options(lin, order, nopt, pos, d, nused[d], k)
    return d


@njit(cache=True)
def _rdk_run(w, r, k, qstar, lab, lin, nused, qacc, order, nopt, pos, d, best, sol, eps, budget):
    """Russian-doll search maximising within-coalition weight on the suffix r..n-1, resumed at
    depth ``d`` for at most ``budget`` nodes; ``sol`` holds the incumbent's labels. Returns
    (d, best, nodes); ``d == r`` when complete."""
    n = w.shape[0]
    nodes = 0
    while d > r:
        if d == n:
            if qacc[d] > best + eps:
                best = qacc[d]
                for q in range(r, n):
                    sol[q] = lab[q]
            d -= 1
            # undo the assignment made at depth d
            c = lab[d]
            for x in range(d + 1, n):
                lin[x, c] -= w[d, x]
            continue
        p = pos[d]
        if p >= nopt[d]:
            d -= 1
            if d > r:
                c = lab[d]
                for x in range(d + 1, n):
                    lin[x, c] -= w[d, x]
            continue
        if nodes >= budget:
            return d, best, nodes
        pos[d] = p + 1
        c = order[d, p]
        lab[d] = c
        q = qacc[d] + lin[d, c]
        used = nused[d] + 1 if c == nused[d] else nused[d]
        nodes += 1
        for x in range(d + 1, n):
            lin[x, c] += w[d, x]
        bound = q + (qstar[d + 1] if d + 1 < n else 0.0)
        for x in range(d + 1, n):
            mx = 0.0 if used < k else -1e300
            for cc in range(used):
                if lin[x, cc] > mx:
                    mx = lin[x, cc]
            bound += mx
        if bound <= best + eps:
            for x in range(d + 1, n):
                lin[x, c] -= w[d, x]
            continue
        qacc[d + 1] = q
        nused[d + 1] = used
        d += 1
        if d < n:
            _prepare_options(lin, order, nopt, pos, d, used, k)
    return d, best, nodes


# dup-ok: alike in shape to _ising_energy (a loop over the pairs of the suffix) but a different
# sum: the within-coalition weight of labels, not the Ising energy of signs; the two searches above
# end alike because both are Russian-doll searches.
@njit(cache=True)
def _within_weight(w, lab, r):
    n = w.shape[0]
    q = 0.0
    for i in range(r, n):
        for j in range(i + 1, n):
            if lab[i] == lab[j]:
                q += w[i, j]
    return q


def _extend_k(
    wo: NDArray[np.float64], sol: NDArray[np.int64], r: int, k: int, lowest: int = 0
) -> NDArray[np.int64]:
    """Extend the suffix labels ``sol[r:]`` down to actor ``lowest``: actors r-1 .. lowest each
    join the coalition with the largest weight to those already placed (a new one while fewer
    than ``k`` are used and every gain is negative); labels normalised from each new actor on."""
    from anpo.align.formal import normalize

    out = sol.copy()
    for i in range(r - 1, lowest - 1, -1):
        sub = out[i + 1 :]
        nlab = int(sub.max()) + 1
        gains = np.array([wo[i, i + 1 :][sub == c].sum() for c in range(nlab)])
        c = int(np.argmax(gains))
        if nlab < k and gains[c] < 0:
            c = nlab
        out[i] = c
        out[i:] = normalize(out[i:])
    return out


def branch_and_bound_k(
    w: NDArray[np.float64],
    k: int,
    tol: float = 0.0,
    *,
    max_nodes: int | None = None,
    time_limit: float | None = None,
    incumbent: NDArray[np.int64] | None = None,
    started: float | None = None,
) -> ExactResult:
    """Proven global minimum with at most ``k`` coalitions (``k >= n``: free number; ``k`` a whole
    number >= 1, else an AlignError naming ``coalitions``).

    Russian-doll branch and bound on the within-coalition weight (module docstring). ``E = S - 2Q``
    [axelrod1993, n. 2, with ``S = sum_{i != j} w_ij``]. Budget as in
    :func:`branch_and_bound_two`; an interrupted search returns the best configuration found and
    the bound ``E >= S - 2 (Q*[r+1] + sum_{i<=r, j>i} max(W_ij, 0))``.
    """
    from anpo.align.formal import energy as _energy
    from anpo.align.formal import normalize

    # 2.5 was taken as at most 2.5 coalitions
    k = whole_number(
        k, "coalitions", error=AlignError, minimum=1, what="a whole number of coalitions"
    )
    t0, load = _start(False, time_limit, started)
    w, tol = check_weights(w, tol)  # a vector was numpy's AxisError, asymmetric w an answer
    n = w.shape[0]
    k = min(k, n)
    if n > MAX_N_EXACT:
        raise AlignError(f"the exact solver is limited to {MAX_N_EXACT} actors (got {n})")
    budget = _Budget(max_nodes, time_limit, t0)
    order = _order(w)
    wo = np.ascontiguousarray(w[np.ix_(order, order)])
    inc = None
    if incumbent is not None:
        inc = np.asarray(incumbent, dtype=np.int64)[order]
        if int(normalize(inc).max()) + 1 > k:
            inc = None
    qstar = np.zeros(n + 1)
    sol = np.zeros(n, dtype=np.int64)
    eps = 0.5 * tol
    lab = np.zeros(n, dtype=np.int64)
    lin = np.zeros((n, k))
    nused = np.zeros(n + 1, dtype=np.int64)
    qacc = np.zeros(n + 1)
    opts = np.zeros((n + 1, k), dtype=np.int64)
    nopt = np.zeros(n + 1, dtype=np.int64)
    pos = np.zeros(n + 1, dtype=np.int64)

    def seed(r: int) -> float:
        if r < n - 1:
            sol[r:] = _extend_k(wo, sol, r + 1, k, lowest=r)[r:]
        else:
            sol[r] = 0
        if inc is not None:
            cand = normalize(inc[r:])
            if _within_weight(wo[r:, r:], cand, 0) > _within_weight(wo, sol, r):
                sol[r:] = cand
        return float(_within_weight(wo, sol, r))

    def start(r: int) -> int:
        return int(_rdk_start(wo, r, k, lab, lin, nused, qacc, opts, nopt, pos))

    def run(r: int, d: int, best: float, allowed: int) -> tuple[int, float, int]:
        args = (wo, r, k, qstar, lab, lin, nused, qacc, opts, nopt, pos, d, best, sol, eps)
        return _rdk_run(*args, allowed)

    stop_level = budget.levels(n, qstar, seed, start, run)
    complete = stop_level < 0
    if complete:
        full = sol
    else:
        full = _extend_k(wo, sol, stop_level, k)
        if inc is not None and _within_weight(wo, normalize(inc), 0) > _within_weight(wo, full, 0):
            full = normalize(inc)
    lab_out = np.empty(n, dtype=np.int64)
    lab_out[order] = full
    config = normalize(lab_out)
    e = _energy(w, config)
    s_all = math.fsum(w.ravel().tolist())
    if complete:
        lb = e
    else:
        r = stop_level
        upper_q = qstar[r + 1] + float(np.sum(np.maximum(np.triu(wo, 1)[: r + 1], 0.0)))
        lb = min(s_all - 2 * upper_q, e)
    return budget.result(
        config, e, complete, lb, "branch-and-bound (Russian doll, k coalitions)", load
    )


def mip_two(
    w: NDArray[np.float64], *, time_limit: float | None = None, started: float | None = None
) -> ExactResult:
    """Global two-coalition minimum of the energy of [axelrod1993] from the straightforward MIP,
    solved by HiGHS.

    Formulation in the module docstring (standard linearisation of ``d_ij = x_i XOR x_j``). With
    ``time_limit`` (seconds from ``started``, default the call's start: loading HiGHS and
    building the model included) the result may be unproven; ``lower_bound`` is HiGHS's dual
    bound. ``w`` as :func:`anpo.align.formal.check_weights` checks it (an AlignError naming
    ``w`` otherwise).
    """
    t0 = time.perf_counter() if started is None else float(started)
    import highspy

    from anpo.align._highs import new_highs
    from anpo.align.formal import check_weights, normalize
    from anpo.align.formal import energy as _energy

    # the check of every raw-weight solver (mend16a: a vector was an IndexError, an asymmetric
    # w a quiet answer); the MIP has no tie tolerance, so 0 is checked
    w, _ = check_weights(w, 0.0)
    n = w.shape[0]
    h = new_highs()
    inf = highspy.kHighsInf
    # variables: x_0..x_{n-1} (binary; x_0 fixed to 0), then d_ij for i<j with w_ij != 0; the
    # model is passed in whole arrays (a row at a time took most of a budget on large instances)
    upper = np.ones(n)
    upper[0] = 0.0
    h.addVars(n, np.zeros(n), upper)
    h.changeColsIntegrality(
        n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger)
    )
    ii, jj = np.nonzero(np.triu(w, 1))
    m = ii.size
    if m:
        wij = w[ii, jj]
        cols = np.arange(n, n + m, dtype=np.int32)
        h.addVars(m, np.zeros(m), np.ones(m))
        h.changeColsCost(m, cols, 2.0 * wij)
        pos = wij > 0
        # w > 0: d >= x_i - x_j and d >= x_j - x_i; w < 0: d <= x_i + x_j and d <= 2 - x_i - x_j
        idx = np.repeat(np.stack([cols, ii.astype(np.int32), jj.astype(np.int32)], axis=1), 2, 0)
        sgn = np.where(pos, 1.0, -1.0)
        first = np.stack([np.ones(m), -np.ones(m), sgn], axis=1)  # d - x_i + x_j or d - x_i - x_j
        second = np.stack([np.ones(m), np.ones(m), -sgn], axis=1)  # d + x_i - x_j or d + x_i + x_j
        vals = np.stack([first, second], axis=1).reshape(2 * m, 3)
        lower = np.where(np.repeat(pos, 2), 0.0, -inf)
        upper_r = np.where(np.repeat(pos, 2), inf, np.tile([0.0, 2.0], m))
        h.addRows(
            2 * m,
            lower,
            upper_r,
            6 * m,
            np.arange(0, 6 * m, 3, dtype=np.int32),
            idx.reshape(-1).astype(np.int32),
            vals.reshape(-1),
        )
    if time_limit is not None:  # the budget counts the model's construction too
        h.setOptionValue("time_limit", max(float(time_limit) - (time.perf_counter() - t0), 1e-3))
    h.changeObjectiveSense(highspy.ObjSense.kMinimize)
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    method = "MIP (HiGHS, straightforward linearisation)"
    sol = np.asarray(h.getSolution().col_value)
    if info.primal_solution_status == 2 and sol.size >= n:  # kSolutionStatusFeasible
        config = normalize((sol[:n] > 0.5).astype(np.int64))
    elif status == highspy.HighsModelStatus.kTimeLimit:
        # stopped before its first feasible solution (its values are then not a configuration):
        # everyone together, said so, rather than a configuration HiGHS did not find
        config = np.zeros(n, dtype=np.int64)
        method += ", no solution found before its time limit (everyone together shown)"
    else:
        raise AlignError(f"HiGHS found no solution ({h.modelStatusToString(status)})")
    e = _energy(w, config)
    proven = status == highspy.HighsModelStatus.kOptimal
    # every apart pair costs at least min(w_ij, 0) (ordered pairs: twice per pair); HiGHS's dual
    # bound is -inf until its first bound, where this one is still a proven bound
    trivial = float(2.0 * np.minimum(np.triu(w, 1), 0.0).sum())
    lb = e if proven else max(float(info.mip_dual_bound), trivial)
    return ExactResult(
        config,
        e,
        proven,
        min(lb, e),
        int(info.mip_node_count),
        time.perf_counter() - t0,
        method,
        "" if proven else "time limit",
    )
