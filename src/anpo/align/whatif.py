"""What would bring a state in? Smallest propensity changes, and scenario options.

Question [soeya2001]: which states would line up with the U.S.-Japan
alliance, and what change would bring a hesitant state onto that side?

Smallest change (:func:`smallest_change`)
    Let ``S`` be a set of pairs whose propensities may change by ``delta`` (symmetrically:
    ``p_ij`` and ``p_ji`` together), e.g. every pair of one state with the others. The energy of
    every configuration ``Y`` changes linearly [axelrod1993, n. 2]:
    ``E'(Y) = E(Y) + sum_{(i,j) in S} 2 s_i s_j delta_ij d_ij(Y)``. We look for the smallest
    ``||delta||`` (L1 = total change over the pairs, or L-infinity = largest single change) such
    that some configuration ``X*`` in which ``actor`` is in the same coalition as ``anchor`` has
    energy at least ``margin`` below every configuration in which it is not; then a configuration
    with the actor on the anchor's side is the global minimum.

    The target and the change are chosen together in one mixed-integer programme (HiGHS), with
    the competing configurations added lazily until the solution beats all ``2^(n-1)`` of them
    (checked exhaustively), so the result is the proven minimum (see :func:`smallest_change`;
    on a box wider than 10 x max|p| the MIP runs on a clamped box, and a change it cannot
    check is said not proven).
    The L-infinity change of pairs sharing one actor (the default) is found instead by an exact
    enumeration (:func:`_linf_star`: the MIP took minutes on 20 states, the enumeration under
    a second). Feasible for up to 22 actors.

Options (:func:`apply_changes`) are explicit propensity changes of named pairs, e.g. the seed's
"Japan-China cooperation": raise ``p(Japan, China)``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from anpo._checks import whole_number
from anpo.align.landscape import Landscape, not_proven_words
from anpo.errors import AlignError

#: Largest landscape handled by :func:`smallest_change` (all 2^(n-1) energies are evaluated).
MAX_N_WHATIF = 22

#: The deterministic work budget (``max_nodes``) of :func:`smallest_change` for an answer a
#: report prints (review20 F7: a count, not seconds, so that the printed table is the same on
#: every machine and under any load; the web page keeps its time limit). Nodes of HiGHS's
#: branch and bound summed over the search's MIPs: the built-in instances' L1 answers (20
#: states, 2001 and 2018) took at most 108 (whatif22 measured), 200 times fewer; a search that
#: spends it is said "not proven within 20,000 nodes of HiGHS's branch and bound"
#: (:func:`~anpo.align.landscape.not_proven_words`), never passed off as the smallest change.
#: Its cost on a user's instance of 22 actors (the most, :data:`MAX_N_WHATIF`; dense random
#: propensities, heavy-tailed sizes; ``benchmarks/align_bench.py`` section 7, align23): the
#: hardest of 82 questions took 2,296 nodes and 30 s, at about 13 ms a node, so a question
#: that spent the budget would take about 4-5 minutes (a loaded 2-core machine).

REPORT_MAX_NODES = 20_000

#: The deterministic work budget of all the report's what-if questions of one instance
#: together (budget24), shared in their fixed order by :func:`smallest_changes`: each is given
#: ``min(REPORT_MAX_NODES, what the questions before it left)``, and one reached with nothing
#: left is not asked (the report says so in words). Alone, :data:`REPORT_MAX_NODES` bounded
#: each question, not the report: up to 21 questions at 22 actors, each of which could take
#: 4-5 minutes. The built-in instances' questions spend 170 nodes together (2001: 13
#: questions, China 108, Myanmar 51, the rest 1 each) and 13 (2018: 11 questions), budget24
#: measured, so their answers and texts are those without the total (a slow test asserts it).
#: The questions of a report on ``benchmarks/align_bench.py`` section 7's hard instance
#: (22 actors; every state onto the side of states 0 and 1: 20 questions) spent 5,093 nodes
#: in 85-119 s, and are unchanged too. A total of one question's budget makes the worst case of
#: a whole report that of one question before: on that instance, its hardest question asked
#: 21 times with 1,000 nodes each (the first 20 spend their budget and the total; the 21st
#: is not examined) took 161 to 293 s over two runs, 8 to 15 ms a node with each question's
#: passes over every configuration (not counted in nodes), on 2 cores shared with other work:
#: under 5 minutes measured, not a bound; without the total, 21 such questions of 20,000
#: nodes each would take one to two hours.
REPORT_TOTAL_NODES = 20_000


@dataclass(frozen=True)
class PropensityChange:
    """The smallest propensity change found by :func:`smallest_change`.

    ``delta`` maps each changed pair ``(i, j)`` (actor indices, ``i < j``) to its change;
    ``norm`` is its size in the chosen norm ("L1" or "Linf"); ``config`` the target global
    minimum (normalised) and ``energy`` its energy after the change; ``already`` is True when no
    change is needed; ``proven`` is False when an L1 change sits on the artificial limit
    ``max_change`` (an L-infinity change on it is the smallest: any change beyond it is
    larger), when the time limit was spent (``time_out``), the work budget
    (``budget_out``) or for a ``reason`` (below):
    then ``norm`` is the smallest change found so far, an upper bound, or infinite when none
    was found, and ``lower_bound`` the best lower bound on the smallest size proven so far,
    whatever stopped the search (0 when none above 0 is known: 0 bounds every size; whatif17:
    a change that failed its check with none checked before gave 0 though the programme had
    proven more); when the answer is proven ``lower_bound`` equals ``norm``, so it is infinite
    when no change can do it (``feasible`` False: the smallest size of an infeasible question
    is +inf, which every bound proves; whatif22: it read 0 beside an infinite ``norm``);
    ``feasible`` is False when no change of the allowed pairs can do it;
    ``reason`` says why a change is not proven when it is not for ``max_change``'s limit (empty
    then, and for a time-out with no change found): the solver's change (or, held within the
    limits on each change, any search's), checked against every configuration, did not bring
    the state in, even sought again with the solver's tolerance at its least (then ``norm`` is
    infinite and ``delta``
    empty unless a change checked on an earlier, narrower box is kept as an upper bound), it
    lay above the programme's own optimum beyond its tolerance, or the time limit was spent
    after such a checked change was found;
    ``rounds`` counts the lazy-constraint rounds (the L-infinity search's steps), the work
    done whatever the answer (whatif22: "no change can do it", proven, read 0 rounds);
    ``budget_out`` is True when the search spent its deterministic work budget
    (``max_nodes`` of :func:`smallest_change`) before it proved its answer: then ``proven``
    is False and ``reason`` says "not proven within N nodes ..."
    (:func:`~anpo.align.landscape.not_proven_words`);
    ``nodes`` is the work the search spent against that budget: HiGHS's branch-and-bound
    nodes summed over its MIPs, or the L-infinity enumeration's steps (0 when no search ran:
    ``already``), what :func:`smallest_changes` takes from the budget its questions share;
    ``tied`` is True when, before any change, a configuration with the actor beside the anchor
    already ties for the global minimum (within the landscape's tie tolerance) with one in which
    it is not: any change however small that favours it decides the tie, and ``norm`` is only
    the search's ``margin`` (0 when that is below what the search resolves).

    ``delta`` and ``norm`` are the search's change: its target beats every other configuration
    by ``margin`` (energy units, :func:`default_margin`), a numerical margin, not part of the
    model. What a reader is shown is the change the question asks for, at which the target
    ties for the global minimum: :attr:`tie_delta` and :attr:`tie_norm`, the share
    ``tie_share`` of the search's change (:func:`tie_scale`; 1 when there is nothing to
    scale, 0 for a tie before any change, so that ``tie_norm`` is 0 and ``tie_delta`` empty).
    The CLI, the report and the web print these.
    """

    actor: int
    anchor: tuple[int, ...]
    norm_name: str
    norm: float
    delta: dict[tuple[int, int], float] = field(default_factory=dict)
    config: NDArray[np.int64] | None = None
    energy: float | None = None
    already: bool = False
    proven: bool = True
    feasible: bool = True
    rounds: int = 0
    lower_bound: float = 0.0
    time_out: bool = False
    tied: bool = False
    margin: float = 0.0
    tie_share: float = 1.0
    reason: str = ""
    budget_out: bool = False
    nodes: int = 0

    @property
    def tie_norm(self) -> float:
        """The size of :attr:`tie_delta` in the norm: ``tie_share * norm`` (``norm`` itself
        when it is infinite: no change known)."""
        return self.norm if not math.isfinite(self.norm) else self.tie_share * self.norm

    @property
    def tie_delta(self) -> dict[tuple[int, int], float]:
        """The change at which the target ties for the global minimum, without the search's
        margin: ``tie_share * delta``, pairs whose change is then 0 left out."""
        out = {q: self.tie_share * v for q, v in self.delta.items()}
        return {q: v for q, v in out.items() if v != 0.0}


def _all_sides(n: int, block: int = 1 << 18) -> Iterator[NDArray[np.int8]]:
    m = n - 1
    total = 1 << m
    shifts = np.arange(m, dtype=np.int64)
    for start in range(0, total, block):
        x = np.arange(start, min(total, start + block), dtype=np.int64)
        side = np.zeros((x.size, n), dtype=np.int8)
        side[:, 1:] = (x[:, None] >> shifts[None, :]) & 1
        yield side


def check_exhaustive_size(n: int) -> None:
    """Refuse an instance too large for the analyses that follow every two-coalition
    configuration (the what-if and the weight paths): :class:`AlignError` with the reason."""
    if n > MAX_N_WHATIF:
        raise AlignError(
            f"{n} actors: this analysis follows every one of the 2^(n-1) two-coalition "
            f"configurations, so at most {MAX_N_WHATIF} actors",
            field="actor",
        )


def all_energies(land: Landscape) -> tuple[NDArray[np.float64], NDArray[np.int8]]:
    """Energies and side vectors of all ``2^(n-1)`` two-coalition configurations (index order of
    :func:`anpo.align.formal.bits_to_config`). ``E = (S - sigma^T W sigma) / 2``, the energy of
    [axelrod1993] in spin form."""
    if land.k != 2:
        raise AlignError("smallest changes are computed for two coalitions", field="coalitions")
    check_exhaustive_size(land.n)
    w = land.weights
    total_w = math.fsum(w.ravel().tolist())
    es = []
    sides = []
    for side in _all_sides(land.n):
        sig = 1.0 - 2.0 * side
        es.append(0.5 * (total_w - np.einsum("ij,ij->i", sig @ w, sig)))
        sides.append(side)
    return np.concatenate(es), np.concatenate(sides)


def _energies(land: Landscape, cache: object) -> tuple[NDArray[np.float64], NDArray[np.int8]]:
    """``cache`` checked as :func:`all_energies` of ``land``, or computed when it is None.

    A cache is a pair ``(energies, sides)``: ``2^(n-1)`` finite energies and as many rows of
    ``n`` sides, in the index order of :func:`anpo.align.formal.bits_to_config`. That it is
    ``land``'s is checked cheaply (not proven): the sides of configurations 0, 1, the last and
    the cached lowest are those indices' configurations, and their energies are
    ``land.energy`` of them within ``land.tolerance``. Anything else is an
    :class:`AlignError` on ``cache`` (review12 F-G: another landscape's cache gave its
    threshold, and a "proven" smallest change for the wrong instance, without a word; one of
    the wrong size was read too; a cache that is not a pair was a bare ValueError).
    """
    from anpo.align.formal import bits_to_config

    if cache is None:
        return all_energies(land)
    if land.k != 2:
        raise AlignError("smallest changes are computed for two coalitions", field="coalitions")
    n = land.n
    total = 1 << (n - 1) if n else 1
    if not isinstance(cache, tuple | list) or len(cache) != 2:
        raise AlignError(
            f"must be the pair (energies, sides) that all_energies gives, got "
            f"{type(cache).__name__}",
            field="cache",
        )
    try:
        energies = np.asarray(cache[0], dtype=np.float64)
        sides = np.asarray(cache[1])
    except (TypeError, ValueError) as exc:
        raise AlignError(f"energies must be numbers ({exc})", field="cache") from None
    if energies.shape != (total,) or sides.shape != (total, n):
        raise AlignError(
            f"is not all_energies of this landscape of {n} actors: energies of shape "
            f"{energies.shape} and sides of shape {sides.shape}, expected ({total},) and "
            f"({total}, {n})",
            field="cache",
        )
    if not np.all(np.isfinite(energies)):
        raise AlignError("the energies must be finite numbers", field="cache")
    # four rows, not all: a full check (every row's sides packed back to its index, every
    # energy recomputed) took 0.09 ms at 12 actors and 94 ms at 18, against 0.16 and 0.58 ms
    # for the pair_threshold it guards (the spot check: 0.10 and 0.17 ms); left6a measured
    for x in sorted({0, min(1, total - 1), total - 1, int(np.argmin(energies))}):
        cfg = bits_to_config(x, n)
        if not np.array_equal(sides[x], cfg):
            raise AlignError(
                f"is not all_energies of this landscape: row {x} holds sides "
                f"{sides[x].tolist()}, not configuration {x}'s {cfg.tolist()}",
                field="cache",
            )
        e = land.energy(cfg)
        if abs(float(energies[x]) - e) > land.tolerance:
            raise AlignError(
                f"is not all_energies of this landscape: configuration {x} has energy "
                f"{land.energy_text(e)}, the cache says {land.energy_text(float(energies[x]))} "
                "(a cache of another landscape, or of this one before a change?)",
                field="cache",
            )
    return energies, sides.astype(np.int8, copy=False)


def default_margin(energies: NDArray[np.float64]) -> float:
    """The margin :func:`smallest_change` asks by default: the target must end at least this
    far below every other configuration, ``1e-9`` of the largest |energy| (of 1 when every
    energy is 0), so that it is strictly the global minimum. ``energies``: those of
    :func:`all_energies`. A numerical margin, not part of the model: the smallest change
    proper is the infimum, at which the target ties.

    >>> default_margin(np.array([-4.0, 2.0]))
    4e-09
    """
    return 1e-9 * (float(np.max(np.abs(energies))) or 1.0)


def tie_scale(
    land: Landscape,
    change: PropensityChange,
    cache: tuple[NDArray[np.float64], NDArray[np.int8]] | None = None,
) -> float:
    """The share ``lam`` (between 0 and 1) of ``change.delta`` at which its target ties for the
    global minimum: ``lam * delta`` is the change the question asks for, without the search's
    ``margin`` (:func:`default_margin`) in it; any larger share makes the target the only
    global minimum. The energy of every configuration ``Y`` moves linearly with the change
    [axelrod1993, n. 2]: ``E(Y) + lam * a(Y)``, ``a(Y) = sum_q 2 s_i s_j delta_q d_q(Y)``; the
    target ``X`` ties at ``lam = max(0, max over the configurations Y in which the actor is not
    beside every anchor, with a(Y) > a(X), of (E(X) - E(Y)) / (a(Y) - a(X)))``. Exact for one
    changed pair and for the L-infinity change (the margin scales it uniformly); for several
    pairs of an L1 change, the tie along the change found. 1 when there is nothing to scale
    (no change, or no target). ``cache``: :func:`all_energies` of ``land`` (checked, as in
    :func:`pair_threshold`).
    :func:`smallest_change` stores it as :attr:`PropensityChange.tie_share`.
    """
    if not change.delta or change.config is None:
        return 1.0
    energies, sides = _energies(land, cache)
    g, b = _gaps(land, energies, sides, change.delta, change.config, change.actor, change.anchor)
    rises = b > 0.0
    if not rises.any():
        return 1.0
    lam = float(np.max(-g[rises] / b[rises]))
    return min(1.0, max(0.0, lam))


def _gaps(
    land: Landscape,
    energies: NDArray[np.float64],
    sides: NDArray[np.int8],
    delta: dict[tuple[int, int], float],
    config: NDArray[np.int64],
    actor: int,
    anchors: Sequence[int],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """For every competitor ``Y`` (the actor not beside every anchor) of the target ``config``
    ``X``: the energy gap ``E(Y) - E(X)`` before the change and its slope ``a(Y) - a(X)`` in
    the share of ``delta`` applied, ``a(Y) = sum_q 2 s_i s_j delta_q d_q(Y)`` [axelrod1993,
    n. 2]: after ``mu * delta`` the gap is ``g + mu * b``."""
    bits = 0
    for i in range(1, land.n):
        bits |= int(config[i] != config[0]) << (i - 1)
    slope = np.zeros(sides.shape[0])
    for (i, j), v in delta.items():
        slope += 2.0 * land.sizes[i] * land.sizes[j] * v * (sides[:, i] != sides[:, j])
    together = np.ones(sides.shape[0], dtype=bool)
    for a in anchors:
        together &= sides[:, actor] == sides[:, a]
    return energies[~together] - energies[bits], slope[~together] - slope[bits]


def _share_for_margin(
    land: Landscape,
    energies: NDArray[np.float64],
    sides: NDArray[np.int8],
    delta: dict[tuple[int, int], float],
    config: NDArray[np.int64],
    actor: int,
    anchors: Sequence[int],
    margin: float,
    slack: float,
) -> float | None:
    """The smallest share ``mu >= 0`` of ``delta`` after which the target ``config`` beats
    every competitor by ``margin`` (gaps of :func:`_gaps`), checked against all of them with
    the exact energies (``slack``: the tolerance the search accepts its own solution with);
    None when no share does."""
    g, b = _gaps(land, energies, sides, delta, config, actor, anchors)
    rises = b > 0.0
    mu = max(0.0, float(np.max((margin - g[rises]) / b[rises]))) if rises.any() else 0.0
    if g.size and float(np.min(g + mu * b)) < margin - slack:
        return None
    return mu


#: The factor of HiGHS's feasibility tolerance (``mip_feasibility_tolerance``, 1e-6 by
#: default; the LP's ``primal_feasibility_tolerance`` is 1e-7) below which a change found by
#: the MIP is read as the solver's rounding, not a change (:func:`_clean`, :func:`noise_level`).
NOISE_FACTOR = 1.0


def noise_level(tolerance: float, propensity_scale: float) -> float:
    """The size below which a component of a change the MIP found is the solver's rounding
    (:func:`_clean` then drops it when the change without it, checked against every
    configuration, still does as well): :data:`NOISE_FACTOR` x the solver's feasibility
    ``tolerance`` x ``max(1, propensity_scale)`` (the largest |propensity|).

    HiGHS keeps its rows and bounds to that tolerance in absolute terms, so a component of
    its size is noise whatever the propensities; above propensities of 1 it is relative to
    them. mend16a: it was ``tolerance x max|p|``, below the solver's tolerance when
    ``max|p| < 1``, so an L1 change could keep a component the solver left at its tolerance
    and be marked proven above the optimum. The MIP sees the propensities rescaled to
    energies of order 1 (:func:`_rescale_factor`), so this holds at every scale.

    >>> noise_level(1e-6, 0.05), noise_level(1e-6, 3.0)
    (1e-06, 3e-06)
    """
    return NOISE_FACTOR * tolerance * max(1.0, propensity_scale)


RESCALE_BELOW = 1e-3
"""Below this largest |energy| :func:`smallest_change` answers the question on the
propensities rescaled to energies of order 1 (:func:`_rescale_factor`) and scales the change
back: HiGHS's absolute tolerances (1e-6) are then not small against the energies (at
propensities of 1e-6 the L1 change read 0). The built-in instances' energies are of order
0.5: not rescaled."""

RESCALE_ABOVE = 1e3
"""Above this largest |energy| :func:`smallest_change` rescales likewise: HiGHS keeps its rows
to absolute tolerances (1e-6), finer than the rounding of energies of order 1e10 (a float
holds about 16 significant digits), and with the propensities of a 6-state instance times 1e9
(energies of about 2e10) the MIP answered "no change can do it", proven, where the change
times 1e9 does it (answers were right up to energies of about 5e9; 1e3 leaves a wide
berth). The tests' random instances (energies of about 15) and the built-in ones (about 0.5)
are not rescaled."""


def _rescale_factor(scale: float) -> float:
    """The power of two ``k`` that brings a largest |energy| ``scale`` to ``[0.5, 1)``: 1 when
    ``scale`` lies within [:data:`RESCALE_BELOW`, :data:`RESCALE_ABOVE`] or is not a finite
    number > 0 (nothing to rescale by). A power of two, so that the rescaled propensities and
    energies are exact (only the exponent of each float changes) and the change found scales
    back exactly.

    >>> _rescale_factor(0.5), _rescale_factor(1e-6) * 1e-6, _rescale_factor(2e10) * 2e10
    (1.0, 0.524288, 0.5820766091346741)
    """
    if not (math.isfinite(scale) and scale > 0) or RESCALE_BELOW <= scale <= RESCALE_ABOVE:
        return 1.0
    return math.ldexp(1.0, -math.frexp(scale)[1])


def _clean(
    land: Landscape,
    energies: NDArray[np.float64],
    sides: NDArray[np.int8],
    delta: dict[tuple[int, int], float],
    config: NDArray[np.int64],
    actor: int,
    anchors: Sequence[int],
    margin: float,
    slack: float,
    noise: float,
    norm: str,
    limits: dict[tuple[int, int], tuple[float, float]] | None = None,
) -> dict[tuple[int, int], float]:
    """``delta`` without the components the solver left at the size of its tolerance
    (``|v| <= noise``; on the 2001 instance the L1 change for the United States onto Brunei's
    side had Vietnam +2.4e-8 beside Brunei +2.73), each dropped only if the change without it,
    scaled to the smallest share with which the target still beats every competitor by
    ``margin`` (:func:`_share_for_margin`, exact energies), is no larger in the norm than the
    search's change, within ``noise``, and stays within ``limits`` (``(lo, hi)`` on each
    pair's change; whatif17: with a bound 1e-6 inside the unbounded answer, a change of 1e-6
    the bound needs was dropped and the other scaled beyond the bound, so the answer failed
    its check); otherwise the component is kept. Smallest first."""

    def within(d: dict[tuple[int, int], float]) -> bool:
        return limits is None or all(limits[k][0] <= v <= limits[k][1] for k, v in d.items())

    def size(d: dict[tuple[int, int], float]) -> float:
        vals = [abs(v) for v in d.values()]
        return (math.fsum(vals) if norm == "L1" else max(vals)) if vals else 0.0

    limit = size(delta) + noise
    out = dict(delta)
    for q in sorted((q for q, v in delta.items() if abs(v) <= noise), key=lambda q: abs(delta[q])):
        cand = {k: v for k, v in out.items() if k != q}
        if not cand:
            continue
        mu = _share_for_margin(land, energies, sides, cand, config, actor, anchors, margin, slack)
        if mu is None or mu <= 0.0:
            continue
        scaled = {k: mu * v for k, v in cand.items()}
        if size(scaled) <= limit and within(scaled):
            out = scaled
    return out


def smallest_change(
    land: Landscape,
    actor: int,
    anchor: int | Sequence[int],
    pairs: Sequence[tuple[int, int]] | None = None,
    *,
    norm: str = "L1",
    margin: float | None = None,
    bounds: tuple[float, float] | None = None,
    max_change: float | None = None,
    cache: tuple[NDArray[np.float64], NDArray[np.int8]] | None = None,
    max_rounds: int = 200,
    time_limit: float | None = 60.0,
    method: str = "auto",
    max_nodes: int | None = None,
) -> PropensityChange:
    """Smallest change of the propensities in ``pairs`` (default: every pair of ``actor``) that
    makes a configuration with ``actor`` beside ``anchor`` the global minimum (module docstring):
    anpo's own analysis over the energy of [axelrod1993], linear in each ``p_ij``
    [axelrod1993, n. 2].

    ``anchor`` may be several actors (e.g. the U.S. and Japan): the targets are the configurations
    with ``actor`` and every anchor in one coalition; every other configuration must end at least
    ``margin`` higher (default ``1e-9`` of the largest |energy|), so the target is strictly the
    global minimum. ``norm``: "L1" (sum of absolute changes over the pairs) or "Linf" (largest).
    ``time_limit``: seconds for the search (None: no wall clock); when it is spent the result
    has ``proven=False``, ``time_out=True``, the best change found (an upper bound; an infinite
    norm when none was found, as the MIP's rounds never find one before the last) and a proven
    lower bound, never a wrong "infeasible". A wall clock makes the answer depend on the
    machine's load: for the interactive web page only. ``max_nodes`` (None: none) is the
    deterministic work budget instead, the same answer on every machine (review20 F7; the
    report passes ``time_limit=None`` and :data:`REPORT_MAX_NODES`): the nodes of HiGHS's
    branch and bound summed over every MIP the search solves (HiGHS's ``mip_node_count``;
    each MIP is given what is left as ``mip_max_nodes``, a limit HiGHS keeps exactly,
    whatever the time), and for the L-infinity enumeration its steps (each costs
    ``O(n 2^n)``). When it is spent the result is as for the time limit, with
    ``budget_out=True`` in place of ``time_out`` and the reason "not proven within N nodes of
    HiGHS's branch and bound" (:func:`~anpo.align.landscape.not_proven_words`; "N steps of the
    enumeration" for the enumeration). The rest of the search is bounded by
    counts too (``max_rounds`` lazy rounds per MIP, :data:`MAX_CLAMP_STEPS` MIPs), and HiGHS
    runs on one thread with a fixed seed (:func:`anpo.align._highs.new_highs`), so without a
    time limit the answer is deterministic. ``method``: "auto" (the L-infinity change of pairs sharing one actor,
    without ``bounds``, by exact enumeration, :func:`_linf_star`; the rest by the MIP) or
    "mip" (always the MIP; for comparison).
    ``bounds``: ``(lo, hi)`` limits on the changed propensities themselves (e.g. the range a
    recipe can produce); any finite pair with ``lo <= hi`` that holds the current propensities.
    The MIP's big-M rows (below) are only as good as HiGHS's integrality tolerance (1e-6) times
    the limit: with limits of 1e6 x max|p| a binary variable at that tolerance carried the
    whole change, and the answer read 0, proven, for states that need 0.03 to 1.7 (whatif16). So the
    MIP runs first on the box clamped to :data:`CLAMP_FACTOR` x max|p| on each change (the
    default limit); a change no larger than the clamp is the smallest over the whole box
    (every smaller change has each component below it, so inside the clamp); when no change
    inside the clamp does it, the clamp grows :data:`CLAMP_GROWTH`-fold (with HiGHS's
    ``mip_feasibility_tolerance`` tightened by as much, to its least, 1e-10); a change above
    the clamp becomes the next clamp. Every change, the enumeration's too, is held within the
    limits on each change and checked against all ``2^(n-1)`` configurations with the exact
    energies before it is returned (:func:`_hold`). A change of the MIP that fails the check, or
    lies above the programme's optimum beyond its tolerance, is sought again once with HiGHS's
    tolerance at its least (1e-10: with bounds tight at the answer the solver met them only to
    1e-6, whatif17); one that still fails is returned with ``proven`` False and
    :attr:`PropensityChange.reason` (past about 1e12 x max|p| on an instance that needs no
    change that large, "not proven" is what remains), with the best lower bound proven so far.
    ``max_change``: limit on each single change when ``bounds`` is not given (any finite
    number >= 0, clamped as ``bounds`` are)
    (default ``10 x max |p|``, 10 when every propensity is 0: the same share at every scale;
    ``10 x max(1, max |p|)`` before, whose floor of 10, a big M 10^5 times propensities of
    1e-4, let HiGHS read a change of 6e-6 as none; when the largest |energy| is below
    :data:`RESCALE_BELOW` or above :data:`RESCALE_ABOVE` the question is answered on the
    propensities times a power of two that brings it to [0.5, 1), and the change scaled
    back, the sizes a reason quotes too); the answer is exact unless an L1 change sits on
    that limit (then ``proven`` is False; in L-infinity a change beyond the limit is larger
    than it, so a change on it is still the smallest, as the enumeration has it).
    One rule for a limit on each change (``bounds`` or ``max_change``) on every path
    (whatif22: with a limit 1e-9 below the L-infinity answer the MIP returned a change at it
    where the enumeration proved none does): the limit is inclusive, and a change held at it
    counts when its target beats every competitor by ``margin`` up to the rounding of the
    gaps (:func:`_gap_rounding`, about 1e-12 of the energies at 7 actors), not the search's
    tolerance (1e-9 of them, the size of the default margin). A limit closer below the
    answer than HiGHS's least tolerance (1e-10) can leave the MIP undecided (not proven,
    with a reason, no change), never with a change that does not do it. ``cache``:
    :func:`all_energies` of ``land``, to reuse (checked, as in :func:`pair_threshold`). Bad
    arguments (an index that is not an actor's, a margin or limit that is not a finite number
    >= 0, a time limit that is not a number of seconds >= 0 or None, a node budget that is not
    a whole number >= 1 or None) raise :class:`AlignError` naming the argument.

    Formulation: a mixed-integer programme (HiGHS) choosing the target configuration ``x`` and
    ``delta`` together: ``z_ij = x_i XOR x_j`` (exact linearisation), ``u_q = delta_q z_q``
    (exact McCormick product of a bounded continuous and a binary variable), one constraint
    ``sum_ij 2 w_ij z_ij + sum_q c_q u_q <= E(Y) + sum_q c_q d_q(Y) delta_q - margin`` per
    competitor ``Y``, generated lazily: the incumbent is checked against all ``2^(n-1)``
    configurations and the most violated are added until none is (at most ``max_rounds``).
    HiGHS meets its rows to its feasibility tolerance (``mip_feasibility_tolerance``, 1e-6),
    so its change is then made exact: scaled to the smallest share that beats every
    competitor by ``margin`` with the exact energies, and cleaned of components at the size
    of that tolerance times the largest |propensity| or 1, whichever is larger
    (:func:`noise_level`, :func:`_clean`:
    each dropped only when the change without it, scaled likewise, is no larger within that
    tolerance and stays within the limits). ``tie_share`` (:func:`tie_scale`) gives the change
    without the margin, :attr:`PropensityChange.tie_norm` and :attr:`PropensityChange.tie_delta`.
    """
    n = land.n
    if norm not in ("L1", "Linf"):
        raise AlignError("norm must be 'L1' or 'Linf'", field="norm")
    if method not in ("auto", "mip"):
        raise AlignError("method must be 'auto' or 'mip'", field="method")
    actor = _actor_index(actor, n, "actor")
    if isinstance(anchor, str) or not isinstance(anchor, Sequence | np.ndarray):
        anchors = [_actor_index(anchor, n, "anchor")]
    else:
        anchors = [_actor_index(a, n, "anchor") for a in anchor]
    if not anchors:
        raise AlignError("give at least one anchor", field="anchor")
    if actor in anchors:
        raise AlignError("the actor cannot be its own anchor", field="anchor")
    # 2.5 rounds was a TypeError from range(); 0 stops at once, as a time limit of 0 does
    max_rounds = whole_number(max_rounds, "max_rounds", error=AlignError, minimum=0, floats=False)
    # a NaN margin or a negative one made a configuration that is not the global minimum the
    # answer (a NaN margin: 'norm 0, no change needed' for a state on the other side)
    if time_limit is not None and not (_finite(time_limit) and time_limit >= 0):
        # 0: stop at once, with what it has
        raise AlignError(
            f"must be a number of seconds >= 0 or None, got {time_limit!r}", field="time_limit"
        )
    if max_nodes is not None:
        max_nodes = whole_number(max_nodes, "max_nodes", error=AlignError, minimum=1, floats=False)
    for name, v in (("margin", margin), ("max_change", max_change)):
        if v is not None and not (_finite(v) and v >= 0):
            raise AlignError(f"must be a finite number >= 0, got {v!r}", field=name)
    if bounds is not None and not (
        len(bounds) == 2 and all(_finite(b) for b in bounds) and bounds[0] <= bounds[1]
    ):
        raise AlignError(
            f"must be two finite numbers (lo, hi), lo <= hi; got {bounds!r}", field="bounds"
        )
    if pairs is None:
        pairs = [(min(actor, j), max(actor, j)) for j in range(n) if j != actor]
    pairs = [
        (min(i, j), max(i, j))
        for i, j in ((_actor_index(a, n, "pairs"), _actor_index(b, n, "pairs")) for a, b in pairs)
    ]
    if (
        not pairs
        or any(i == j or not (0 <= i < n and 0 <= j < n) for i, j in pairs)
        or len(set(pairs)) != len(pairs)
    ):
        raise AlignError("pairs must be distinct pairs of two different actors", field="pairs")
    energies, sides = _energies(land, cache)
    question = _Question(
        actor,
        tuple(anchors),
        pairs,
        norm,
        method,
        max_rounds,
        math.inf if time_limit is None else float(time_limit),
        max_nodes,
    )
    k = _rescale_factor(float(np.max(np.abs(energies))) or 1.0)
    if k == 1.0:
        return _search(land, energies, sides, question, margin, bounds, max_change, unit=1.0)
    # HiGHS keeps its rows to absolute tolerances (1e-6): with energies of that order, and a
    # default limit of 10 on changes of propensities of 1e-6 (its big M), it took no change
    # for one (an L1 change of 0, proven, for a state not on the side); with energies of 1e10,
    # whose rounding is above those tolerances, it found no change at all (infeasible, proven).
    # The energies are linear in the propensities, so the same question on the propensities
    # x k has the change x k as its answer; k a power of two (exact both ways); the default
    # limit is then that of the rescaled instance (a change on it is said: proven False). The
    # search quotes sizes in its reasons times ``unit``: on the user's scale (review17 F1)
    back = 1.0 / k
    found = _search(
        Landscape(land.sizes, land.propensity * k, land.names, coalitions=land.coalitions),
        energies * k,
        sides,
        question,
        None if margin is None else margin * k,
        None if bounds is None else (bounds[0] * k, bounds[1] * k),
        None if max_change is None else max_change * k,
        unit=back,
    )
    return replace(
        found,
        norm=found.norm * back,
        delta={q: v * back for q, v in found.delta.items()},
        energy=None if found.energy is None else found.energy * back,
        lower_bound=found.lower_bound * back,
        margin=found.margin * back,
    )


def smallest_changes(
    land: Landscape,
    actors: Sequence[int],
    anchor: int | Sequence[int],
    *,
    norm: str = "L1",
    cache: tuple[NDArray[np.float64], NDArray[np.int8]] | None = None,
    max_nodes: int = REPORT_MAX_NODES,
    total_nodes: int | None = REPORT_TOTAL_NODES,
) -> list[tuple[int, PropensityChange | None]]:
    """:func:`smallest_change` of each of ``actors`` in turn onto ``anchor``'s side (every pair
    of the actor; [axelrod1993], n. 2, as there), with no time limit and a deterministic work
    budget shared by the questions in their order (budget24; the report's what-if table):
    each is given ``min(max_nodes, what the questions before it left of total_nodes)``
    (:attr:`PropensityChange.nodes` is what each spent) and one reached with nothing left is
    not asked: its entry is ``(actor, None)``, never a number. ``total_nodes`` None: no total
    (each question within ``max_nodes``). The answers are those of the questions asked alone
    whenever each spends less than it is given. ``cache``: :func:`all_energies` of ``land``
    (computed once when None). Bad ``max_nodes`` or ``total_nodes``: :class:`AlignError`.
    """
    max_nodes = whole_number(max_nodes, "max_nodes", error=AlignError, minimum=1, floats=False)
    left = (
        None
        if total_nodes is None
        else whole_number(total_nodes, "total_nodes", error=AlignError, minimum=0, floats=False)
    )
    if cache is None:
        cache = all_energies(land)
    out: list[tuple[int, PropensityChange | None]] = []
    for k in actors:
        if left is not None and left <= 0:
            out.append((k, None))
            continue
        ch = smallest_change(
            land,
            k,
            anchor,
            norm=norm,
            cache=cache,
            time_limit=None,
            max_nodes=max_nodes if left is None else min(max_nodes, left),
        )
        if left is not None:
            left -= ch.nodes
        out.append((k, ch))
    return out


@dataclass(frozen=True)
class _Question:
    """What :func:`smallest_change` was asked, checked: the state ``actor``, its ``anchors``,
    the ``pairs`` that may change (``i < j``), the ``norm``, the ``method`` and the search's
    limits (``max_rounds``, ``time_limit`` in seconds, infinite for none, and ``max_nodes``,
    the deterministic work budget, None for none)."""

    actor: int
    anchors: tuple[int, ...]
    pairs: list[tuple[int, int]]
    norm: str
    method: str
    max_rounds: int
    time_limit: float
    max_nodes: int | None = None


@dataclass(frozen=True)
class _Asked:
    """One question of :func:`smallest_change` as its search sees it: the landscape ``land``,
    its ``energies`` and ``sides`` (:func:`all_energies`, checked), the question ``q``, and
    what every answer to it carries: the search's ``margin`` and whether the state ``tied``
    before any change (set once known). Its :meth:`answer` is the one place the searches
    build their answers, so that each passes only what differs."""

    land: Landscape
    energies: NDArray[np.float64]
    sides: NDArray[np.int8]
    q: _Question
    margin: float
    tied: bool = False

    def answer(
        self,
        size: float,
        delta: dict[tuple[int, int], float] | None = None,
        cfg: NDArray[np.int64] | None = None,
        **flags: Any,
    ) -> PropensityChange:
        """The :class:`PropensityChange`: ``size`` in the question's norm, the change
        ``delta`` and its target ``cfg`` (normalised) when one is known, its energy after the
        change (the energy of [axelrod1993]) and :func:`tie_scale`'s share; ``flags`` the
        other fields (``proven``, ``lower_bound``, ``reason``, ...; ``margin`` and ``tied``
        are this question's unless given)."""
        q = self.q
        flags = {"margin": self.margin, "tied": self.tied, **flags}
        if delta is None or cfg is None:
            return PropensityChange(q.actor, q.anchors, q.norm, size, **flags)
        found = PropensityChange(
            q.actor,
            q.anchors,
            q.norm,
            size,
            delta,
            cfg,
            apply_changes(self.land, delta).energy(cfg),
            **flags,
        )
        return replace(found, tie_share=tie_scale(self.land, found, (self.energies, self.sides)))


def _budget(q: _Question) -> int:
    """The work budget ``max_nodes`` of a question whose search spent it: only a search given
    one can (``budget_out``), so it is never None here (whatif's ``budget_words(None)`` read
    "0 nodes" for a case no caller could reach). None is an internal inconsistency, not the
    user's input: an :class:`~anpo.errors.AlignError` on ``max_nodes`` that says so, raised
    explicitly (budget24: an ``assert``, stripped under ``python -O``, let the reason read
    "None nodes")."""
    if q.max_nodes is None:
        raise AlignError(
            "internal error: a search spent a work budget it was not given (please report "
            "this as a bug in anpo.align.whatif)",
            field="max_nodes",
        )
    return q.max_nodes


#: Rows of the competitors' split matrix (:func:`_splits`) converted to floating point at a
#: time by :func:`_row_dot` (2^16 rows of up to 21 pairs: about 11 MB).
ROW_BLOCK = 1 << 16


def _splits(
    sides: NDArray[np.int8], rows: NDArray[np.intp], pi: NDArray[np.intp], pj: NDArray[np.intp]
) -> NDArray[np.bool_]:
    """Which pairs ``(pi[q], pj[q])`` each configuration of ``rows`` splits (``d_q(Y)`` of the
    module docstring, [axelrod1993, n. 2]), as booleans, built :data:`ROW_BLOCK` rows at a time.
    budget24: it was a float64 matrix built from two full copies of the rows' sides, 350 MB
    at 22 actors; as booleans 1 byte an entry, converted only where a float product needs
    it (:func:`_row_dot`)."""
    out = np.empty((rows.size, pi.size), dtype=np.bool_)
    for start in range(0, rows.size, ROW_BLOCK):
        block = sides[rows[start : start + ROW_BLOCK]]
        np.not_equal(block[:, pi], block[:, pj], out=out[start : start + ROW_BLOCK])
    return out


def _row_dot(
    d: NDArray[np.bool_], w: NDArray[np.float64], order: Literal["C", "F"] = "C"
) -> NDArray[np.float64]:
    """``d @ w`` for a boolean matrix ``d`` (rows of :func:`_splits`) and a float vector,
    :data:`ROW_BLOCK` rows at a time, so that no float copy of all of ``d`` is made: each
    block is converted to float64 in the memory ``order`` the float matrix had where this
    product was taken before budget24 ("F": the split matrix built by fancy indexing; "C": a
    row selection of it), so that the BLAS runs the same kernel over each row. The sums are
    those of the whole matrix but for the last bit of a few rows (BLAS splits a long matrix
    among its threads; budget24 measured 2 of 2.8e7 sums in "F" order, 1 to 3 of 7e5 in "C"),
    far below the tolerance (1e-9 of the energies) they are compared with: the answers of
    the built-in instances and of a 22-actor instance's 20 questions were the same."""
    out = np.empty(d.shape[0], dtype=np.float64)
    for start in range(0, d.shape[0], ROW_BLOCK):
        block = d[start : start + ROW_BLOCK].astype(np.float64, order=order)
        out[start : start + ROW_BLOCK] = block @ w
    return out


def _search(
    land: Landscape,
    energies: NDArray[np.float64],
    sides: NDArray[np.int8],
    q: _Question,
    margin: float | None,
    bounds: tuple[float, float] | None,
    max_change: float | None,
    *,
    unit: float,
) -> PropensityChange:
    """:func:`smallest_change` on energies of order 1 (rescaled by the caller when they are
    not: :func:`_rescale_factor`), its docstring's search, on ``energies`` and ``sides``
    (:func:`all_energies` of ``land``, checked). ``unit``: the factor from this search's
    numbers to the user's, by which the sizes a :attr:`PropensityChange.reason` quotes are
    multiplied (the rescaled question's ``1/k``: review17 F1, a reason quoted an L1 of 0.0723
    beside a size of 1.1e-6)."""
    from anpo.align.formal import bits_to_config, normalize

    n = land.n
    actor, anchors, pairs, norm = q.actor, list(q.anchors), q.pairs, q.norm
    scale = float(np.max(np.abs(energies))) or 1.0
    if margin is None:
        margin = default_margin(energies)
    margin = float(margin)
    together = np.ones(sides.shape[0], dtype=bool)
    for a in anchors:
        together &= sides[:, actor] == sides[:, a]
    ia = np.flatnonzero(together)
    ib = np.flatnonzero(~together)
    best_a = int(ia[np.argmin(energies[ia])])
    ask = _Asked(land, energies, sides, q, margin)
    if energies[best_a] <= float(energies[ib].min()) - margin:
        return ask.answer(0.0, {}, bits_to_config(best_a, n), already=True)
    # a tie: within the tolerance on either side (a margin above the tolerance also reaches
    # here a configuration strictly below every other, which is no tie)
    ask = replace(
        ask, tied=bool(abs(energies[best_a] - float(energies[ib].min())) <= land.tolerance)
    )
    m = len(pairs)
    pi = np.array([p[0] for p in pairs])
    pj = np.array([p[1] for p in pairs])
    p_now = land.propensity[pi, pj]
    if bounds is not None:
        lo = bounds[0] - p_now
        hi = bounds[1] - p_now
        if np.any(lo > 1e-12) or np.any(hi < -1e-12):
            raise AlignError("current propensities lie outside the given bounds", field="bounds")
        lo = np.minimum(_inside(p_now, lo, bounds[0], 1.0), 0.0)
        hi = np.maximum(_inside(p_now, hi, bounds[1], -1.0), 0.0)
    else:
        # relative to the propensities (an absolute floor of 10 was a big M 10^5 times
        # propensities of 1e-4, within whose integrality tolerance a change of 6e-6 read 0)
        big = (
            max_change
            if max_change is not None
            else 10.0 * (float(np.max(np.abs(land.propensity))) or 1.0)
        )
        lo = np.full(m, -big)
        hi = np.full(m, big)
    e_b = energies[ib]
    d_b = _splits(sides, ib, pi, pj)
    slack = 1e-9 * scale
    import time

    deadline = time.perf_counter() + q.time_limit
    center = _star_center(pairs)
    if norm == "Linf" and bounds is None and center is not None and q.method == "auto":
        star = _linf_star(ask, center, ia, ib, d_b, float(hi[0]), scale, deadline, q.max_nodes)
        flags: dict[str, Any] = {
            "rounds": star.rounds,
            "nodes": star.rounds,  # the enumeration's budget counts its steps
            "lower_bound": star.lower_bound,
            "budget_out": star.budget_out,
            "reason": not_proven_words(_budget(q), "enumeration") if star.budget_out else "",
        }
        if star.config is None:  # none within the limit (proven), or the budget ran out first
            return ask.answer(
                star.norm,
                feasible=star.feasible,
                proven=star.proven,
                time_out=star.time_out,
                **flags,
            )
        # t* is exact and at most the limit: the hold is the check every path's change meets
        held, why = _hold(ask, star.delta, star.config, slack, lo, hi)
        if held is None:
            return ask.answer(math.inf, proven=False, **{**flags, "reason": why})
        return ask.answer(
            _size(held, norm),
            held,
            star.config,
            proven=star.proven,
            time_out=star.time_out,
            **flags,
        )

    clamp, widest = _first_clamp(land, lo, hi)
    first = clamp
    rounds = 0
    best: dict[tuple[int, int], float] | None = None  # a verified change (not proven smallest)
    best_cfg: NDArray[np.int64] | None = None
    reason = ""
    lower = floor = 0.0  # floor: no change of a size up to it does it (a clamp infeasible)
    finest = False  # HiGHS's tolerance at its least: after a change failed the check
    nodes = 0  # HiGHS's branch-and-bound nodes over every MIP, against q.max_nodes
    out_of_nodes = False
    for _step in range(MAX_CLAMP_STEPS):
        clamped = clamp < widest
        sol = _mip_solve(
            land,
            anchors,
            actor,
            pairs,
            e_b,
            d_b,
            np.maximum(lo, -clamp),
            np.minimum(hi, clamp),
            norm,
            margin,
            scale,
            deadline,
            q.max_rounds,
            tighten=0.0 if finest else (first / clamp if clamp > first else 1.0),
            max_nodes=None if q.max_nodes is None else q.max_nodes - nodes,
        )
        rounds += sol.rounds
        nodes += sol.nodes
        # a change smaller than the clamp lies inside the clamped box: the clamped programme's
        # bound is one on the whole programme's up to the clamp; every bound proven is kept
        lower = max(lower, floor, min(sol.lower, clamp) if clamped else sol.lower)
        flags = {"rounds": rounds, "nodes": nodes}
        if sol.status == "budget":
            out_of_nodes = True
            if best is not None:
                break  # an upper bound verified, not proven the smallest
            return ask.answer(
                math.inf,
                proven=False,
                lower_bound=lower,
                budget_out=True,
                reason=not_proven_words(_budget(q), "highs"),
                **flags,
            )
        if sol.status == "time":
            if best is not None:
                break  # an upper bound verified, not proven the smallest
            return ask.answer(math.inf, proven=False, lower_bound=lower, time_out=True, **flags)
        if sol.status == "infeasible":
            if clamped:  # every change that does it has a component beyond the clamp
                floor = max(floor, clamp)
                clamp = min(widest, CLAMP_GROWTH * clamp)
                continue
            # proven: the smallest size is +inf, and so is its bound (whatif22: 0 rounds and a
            # lower bound of 0 beside an infinite norm)
            return ask.answer(math.inf, feasible=False, lower_bound=math.inf, **flags)
        if sol.status == "rounds":  # pragma: no cover - not converged
            reason = f"the search did not converge in {q.max_rounds} rounds"
            break
        if sol.status == "solver":
            reason = f"HiGHS ended with {sol.note}, which proves nothing"
            break
        cfg = normalize(sol.side)
        # the solver's rounding is no change: HiGHS keeps its rows to its feasibility
        # tolerance, so a pair it has no use for may come back at 1e-8 (_clean drops it when the
        # change without it, checked against every configuration, still brings the state in)
        noise = noise_level(sol.tolerance, float(np.max(np.abs(land.propensity))))
        changed, why = _exact_change(ask, sol.delta, cfg, slack, noise, lo, hi)
        if changed is None:  # the solver's change does not do it (its tolerances): unverified
            if not finest:  # once more, the solver's rows and bounds met to 1e-10
                finest = True
                continue
            reason = why
            break
        size = _size(changed, norm)
        if best is None or size < _size(best, norm):
            best, best_cfg = changed, cfg
        # the programme's optimum (to its gap) is a lower bound on the smallest change inside the
        # box; a verified change well above it means the solver's rows were met only to its
        # tolerances (the big-M rows u <= hi z with a binary z at 1e-6 of 0): tighten and retry
        consistent = size <= sol.lower * (1.0 + 1e-6) + len(pairs) * noise
        if consistent and (size <= clamp or not clamped):
            # every change smaller than ``size`` has each component below it, so inside the
            # box: this is the smallest over the whole box. A change on the artificial limit
            # is not proven the smallest in L1 (one with a component beyond it might do with
            # less); in L-infinity any change beyond the limit is larger than it, so the
            # change is the smallest, proven, as the enumeration says (whatif22: the two paths
            # disagreed on 'proven' for every limit at or just above the answer)
            on_limit = (
                bool(
                    np.any((np.abs(_vector(changed, pairs) - hi) < 1e-9) & (hi > 0))
                    or np.any((np.abs(_vector(changed, pairs) - lo) < 1e-9) & (lo < 0))
                )
                and bounds is None
                and norm == "L1"
            )
            # on the artificial limit a change with a larger single component might do with
            # less, but it is larger than the limit in either norm: the bound is the lesser
            return ask.answer(
                size,
                changed,
                cfg,
                proven=not on_limit,
                lower_bound=min(lower, widest) if on_limit else size,
                **flags,
            )
        if consistent or size < clamp:
            clamp = min(widest, size)  # every smaller change lies inside this box
            continue
        if not finest:
            finest = True
            continue
        reason = (
            f"the solver's change ({norm} {size * unit:.6g}) is above its own optimum "
            f"({sol.lower * unit:.6g}) by more than its tolerance"
        )
        break
    else:  # pragma: no cover - the clamp grew MAX_CLAMP_STEPS times
        reason = reason or f"the box was widened {MAX_CLAMP_STEPS} times without an answer"
    flags = {"rounds": rounds, "nodes": nodes, "lower_bound": lower}
    if best is None or best_cfg is None:
        return ask.answer(math.inf, proven=False, reason=reason, **flags)
    if out_of_nodes and not reason:
        reason = not_proven_words(_budget(q), "highs")
    return ask.answer(
        _size(best, norm),
        best,
        best_cfg,
        proven=False,
        time_out=not reason,
        budget_out=out_of_nodes,
        reason=reason or "the search spent its time limit before it proved the change the smallest",
        **flags,
    )


#: The widest limit on each single change, as a multiple of the largest |propensity|, with
#: which :func:`smallest_change` runs its MIP at first (the default ``max_change``): the big-M
#: rows ``u <= hi z`` let a binary ``z`` that HiGHS leaves at its integrality tolerance (1e-6)
#: carry ``hi x 1e-6`` of change it does not pay for. whatif16: with bounds of 1e6 x max|p| the
#: L1 change read 0, "proven", for 14 of 30 random states of 6 to 10 actors that need 0.03 to
#: 1.7, and 2.59 for one that needs 0.69; at 1, 1e2 and 1e4 x max|p| none was wrong.
CLAMP_FACTOR = 10.0

#: How much :func:`smallest_change` widens the clamped box when no change inside it does it
#: (every change that does has a component beyond the clamp): each MIP's big M is then at most
#: this factor above a limit that no answer stays below.
CLAMP_GROWTH = 100.0

#: The least ``mip_feasibility_tolerance`` HiGHS accepts (1.16: "below lower bound of 1e-10").
MIN_MIP_TOLERANCE = 1e-10

#: At most this many MIPs per :func:`smallest_change` (clamp widened or tightened).
MAX_CLAMP_STEPS = 64


def _first_clamp(
    land: Landscape, lo: NDArray[np.float64], hi: NDArray[np.float64]
) -> tuple[float, float]:
    """The first clamp on each single change (:data:`CLAMP_FACTOR` x the largest |propensity|,
    1 when every propensity is 0, or the widest limit when that is smaller) and the widest
    limit of the box ``[lo, hi]``."""
    widest = float(max(np.max(hi), -np.min(lo)))
    base = CLAMP_FACTOR * (float(np.max(np.abs(land.propensity))) or 1.0)
    return min(widest, base), widest


def _size(delta: dict[tuple[int, int], float], norm: str) -> float:
    """The size of a change in the norm ("L1" or "Linf"); 0 for no change."""
    vals = [abs(v) for v in delta.values()]
    return (math.fsum(vals) if norm == "L1" else max(vals)) if vals else 0.0


def _vector(delta: dict[tuple[int, int], float], pairs: Sequence[tuple[int, int]]) -> Any:
    """The change as a vector over ``pairs`` (0 for a pair it leaves)."""
    return np.array([delta.get(pr, 0.0) for pr in pairs])


def _inside(
    p_now: NDArray[np.float64], d: NDArray[np.float64], bound: float, toward: float
) -> NDArray[np.float64]:
    """The limits ``d = bound - p_now`` on each change, moved by the last bit (toward ``-inf``
    for an upper ``bound``, ``toward`` -1; ``+inf`` for a lower one) where ``p_now + d``
    rounds beyond ``bound``: a change at its limit then gives a propensity within the bound,
    exactly (it could be above it by 1e-16)."""
    d = d.copy()
    for _ in range(4):  # one step is enough but for the rounding of p_now + d itself
        beyond = (p_now + d > bound) if toward < 0 else (p_now + d < bound)
        if not beyond.any():
            break
        d[beyond] = np.nextafter(d[beyond], toward * np.inf)
    return d


def _exact_change(
    ask: _Asked,
    delta: NDArray[np.float64],
    cfg: NDArray[np.int64],
    slack: float,
    noise: float,
    lo: NDArray[np.float64],
    hi: NDArray[np.float64],
) -> tuple[dict[tuple[int, int], float] | None, str]:
    """The MIP's change ``delta`` (over the question's pairs) made exact: scaled to the
    smallest share with which the target ``cfg`` beats every competitor by the question's
    margin with the exact energies (:func:`_share_for_margin`),
    cleaned of the solver's rounding (:func:`_clean`), then held within the limits ``lo``,
    ``hi`` on each change (over the pairs; the user's ``bounds`` or ``max_change``): the
    scaling (about 1 + 1e-6) and the solver's own tolerance on its bounds could leave a
    component up to 1e-6 beyond them (mend16e). The change and "" or, when no share of it
    does, or it no longer does once held within the limits (checked again against every
    configuration), None and the reason."""
    land, energies, sides, margin = ask.land, ask.energies, ask.sides, ask.margin
    actor, anchors, pairs = ask.q.actor, ask.q.anchors, ask.q.pairs
    changed = {pairs[q]: float(delta[q]) for q in range(len(pairs)) if delta[q] != 0.0}
    # HiGHS meets the rows it has to its tolerance, not the check's: a change 1e-6 short of
    # beating a competitor (the target above it by 4e-6 after the change) stalled the rounds
    # and was returned. Scaled to the share that beats every competitor by the margin, checked
    # with the exact energies of every configuration (_share_for_margin).
    mu = _share_for_margin(land, energies, sides, changed, cfg, actor, anchors, margin, slack)
    if mu is None:
        return None, (
            "the solver's change does not make the target the global minimum once checked "
            "against every configuration"
        )
    if mu > 0.0:
        changed = {q: mu * v for q, v in changed.items()}
    changed = _clean(
        land,
        energies,
        sides,
        changed,
        cfg,
        actor,
        anchors,
        margin,
        slack,
        noise,
        ask.q.norm,
        _limits(pairs, lo, hi),
    )
    return _hold(ask, changed, cfg, slack, lo, hi)


def _limits(
    pairs: Sequence[tuple[int, int]], lo: NDArray[np.float64], hi: NDArray[np.float64]
) -> dict[tuple[int, int], tuple[float, float]]:
    """The limits ``(lo_q, hi_q)`` on each change, by pair."""
    return {pr: (float(lo[q]), float(hi[q])) for q, pr in enumerate(pairs)}


def _hold(
    ask: _Asked,
    changed: dict[tuple[int, int], float],
    cfg: NDArray[np.int64],
    slack: float,
    lo: NDArray[np.float64],
    hi: NDArray[np.float64],
) -> tuple[dict[tuple[int, int], float] | None, str]:
    """A change held within the limits ``lo``, ``hi`` on each change (over the pairs: the
    user's ``bounds`` or ``max_change``), every path's last step in :func:`smallest_change`
    (mend16e: the MIP's change, scaled by about 1 + 1e-6, lay up to 1e-6 beyond a bound;
    whatif17: the enumeration's was not held at all). A change that had to be moved is
    checked again against every configuration (gaps of :func:`_gaps`, the energy of
    [axelrod1993], n. 2): the change, pairs at 0 left out, and "", or None and the reason when
    the target ``cfg`` no longer beats every competitor by the margin (within ``slack``)."""
    where = {pr: q for q, pr in enumerate(ask.q.pairs)}
    held = {
        pr: min(max(v, float(lo[where[pr]])), float(hi[where[pr]])) for pr, v in changed.items()
    }
    if held != changed:
        g, b = _gaps(ask.land, ask.energies, ask.sides, held, cfg, ask.q.actor, ask.q.anchors)
        # the limit is inclusive, its tolerance the rounding of the gaps (:func:`_gap_rounding`),
        # the enumeration's rule at its limit, not the search's slack (whatif22: with a limit
        # 1e-9 below the L-infinity answer the MIP's change held at it fell short of the margin
        # by about the margin and read "feasible", where the enumeration proves no change does)
        pi = np.array([p[0] for p in ask.q.pairs])
        pj = np.array([p[1] for p in ask.q.pairs])
        reach = float(np.sum(2.0 * ask.land.sizes[pi] * ask.land.sizes[pj] * np.maximum(hi, -lo)))
        scale = float(np.max(np.abs(ask.energies))) or 1.0
        tol = min(slack, _gap_rounding(ask.land.n, scale, reach))
        if g.size and float(np.min(g + b)) < ask.margin - tol:
            return None, (
                "the change, held within the limits on each change, no longer makes the "
                "target the global minimum by the margin once checked against every "
                "configuration"
            )
    return {pr: v for pr, v in held.items() if v != 0.0}, ""


@dataclass(frozen=True)
class _MipSolution:
    """One run of :func:`_mip_solve`: ``status`` "optimal" (or "stalled": the most violated
    rows were already in), "time", "budget" (its node budget spent), "infeasible" (HiGHS proved it),
    "solver" (HiGHS ended otherwise, ``note`` its status: nothing proven) or "rounds"
    (not converged); the target's ``side``s and the ``delta`` over the pairs; ``lower`` the
    programme's proven lower bound (its optimum when optimal); ``tolerance`` the solver's
    feasibility tolerance; ``nodes`` the branch-and-bound nodes HiGHS spent over its rounds."""

    status: str
    rounds: int
    lower: float = 0.0
    side: Any = None
    delta: Any = None
    tolerance: float = 1e-6
    nodes: int = 0
    note: str = ""


def _mip_solve(
    land: Landscape,
    anchors: Sequence[int],
    actor: int,
    pairs: Sequence[tuple[int, int]],
    e_b: NDArray[np.float64],
    d_b: NDArray[np.bool_],
    lo: NDArray[np.float64],
    hi: NDArray[np.float64],
    norm: str,
    margin: float,
    scale: float,
    deadline: float,
    max_rounds: int,
    tighten: float = 1.0,
    max_nodes: int | None = None,
) -> _MipSolution:
    """The MIP of :func:`smallest_change` (its docstring) with each change ``delta_q`` within
    ``[lo_q, hi_q]`` (``lo <= 0 <= hi``), competitors ``e_b`` (energies) and ``d_b`` (which
    pairs they split) added lazily, until ``deadline`` (a ``time.perf_counter`` value).

    ``tighten`` (at most 1) multiplies HiGHS's ``mip_feasibility_tolerance`` (also its
    integrality tolerance; 1e-6, floored at its least, 1e-10) for a box wider than the first
    clamp (:func:`_first_clamp`): a binary ``z`` left that far from 0 carries ``hi x`` it of
    change in the big-M rows ``u <= hi z``; 0 sets it at its least (after a change that failed
    the check: whatif17, bounds tight at the answer met only to 1e-6). The ``tolerance``
    reported (for :func:`noise_level`) is the untightened one; ``lower`` is HiGHS's dual bound
    (at most its optimum). ``max_nodes``: the branch-and-bound nodes its rounds may spend
    together (None: no limit), each round given what is left as HiGHS's ``mip_max_nodes``
    (a count, the same on every machine; :func:`smallest_change`'s ``max_nodes``). A round
    that HiGHS stops at that limit with its gap closed (:func:`_gap_closed`) is optimal, as
    HiGHS's "optimal" is: the limit fell on the node that proved it (align23)."""
    import time

    import highspy

    from anpo.align._highs import new_highs

    n = land.n
    m = len(pairs)
    pi = np.array([p[0] for p in pairs])
    pj = np.array([p[1] for p in pairs])
    coef = 2.0 * land.sizes[pi] * land.sizes[pj]
    h = new_highs()
    h.setOptionValue("mip_rel_gap", 1e-9)
    h.setOptionValue("mip_abs_gap", 1e-12 * scale)
    tolerance = max(
        float(h.getOptionValue("mip_feasibility_tolerance")[1]),
        float(h.getOptionValue("primal_feasibility_tolerance")[1]),
    )
    if tighten < 1.0:
        mip_tol = float(h.getOptionValue("mip_feasibility_tolerance")[1])
        h.setOptionValue("mip_feasibility_tolerance", max(MIN_MIP_TOLERANCE, mip_tol * tighten))
    _round = 0
    inf = highspy.kHighsInf

    def row(low: float, high: float, idx: list[int], val: list[float]) -> None:
        h.addRow(
            low, high, len(idx), np.array(idx, dtype=np.int32), np.array(val, dtype=np.float64)
        )

    for i in range(n):
        h.addVar(0.0, 0.0 if i == 0 else 1.0)
    h.changeColsIntegrality(
        n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger)
    )
    zcol: dict[tuple[int, int], int] = {}
    for i in range(n):
        for j in range(i + 1, n):
            zcol[(i, j)] = h.getNumCol()
            h.addVar(0.0, 1.0)
    dp0 = h.getNumCol()
    for q in range(m):
        h.addVar(0.0, float(hi[q]))
    dm0 = h.getNumCol()
    for q in range(m):
        h.addVar(0.0, float(-lo[q]))
    u0 = h.getNumCol()
    for q in range(m):
        h.addVar(float(lo[q]), float(hi[q]))
    if norm == "L1":
        for q in range(m):
            h.changeColCost(dp0 + q, 1.0)
            h.changeColCost(dm0 + q, 1.0)
    else:
        tcol = h.getNumCol()
        h.addVar(0.0, inf)
        h.changeColCost(tcol, 1.0)
        for q in range(m):
            row(-inf, 0.0, [dp0 + q, dm0 + q, tcol], [1.0, 1.0, -1.0])
    for (i, j), zc in zcol.items():
        row(0.0, inf, [zc, i, j], [1.0, -1.0, 1.0])
        row(0.0, inf, [zc, i, j], [1.0, 1.0, -1.0])
        row(-inf, 0.0, [zc, i, j], [1.0, -1.0, -1.0])
        row(-inf, 2.0, [zc, i, j], [1.0, 1.0, 1.0])
    for a in anchors:
        row(0.0, 0.0, [actor, a], [1.0, -1.0])
    for q, pr in enumerate(pairs):
        z, u, dp, dm = zcol[pr], u0 + q, dp0 + q, dm0 + q
        lq, hq = float(lo[q]), float(hi[q])
        row(0.0, inf, [u, z], [1.0, -lq])  # u >= lo z
        row(-inf, 0.0, [u, z], [1.0, -hq])  # u <= hi z
        row(-inf, -lq, [u, dp, dm, z], [1.0, -1.0, 1.0, -lq])  # u <= delta - lo (1 - z)
        row(-hq, inf, [u, dp, dm, z], [1.0, -1.0, 1.0, -hq])  # u >= delta - hi (1 - z)
    zlist = list(zcol.values())
    zw = [2.0 * float(land.weights[i, j]) for (i, j) in zcol]
    base_idx = (
        zlist
        + [u0 + q for q in range(m)]
        + [dp0 + q for q in range(m)]
        + [dm0 + q for q in range(m)]
    )

    def add(q: int) -> None:
        cd = coef * d_b[q]
        row(-inf, float(e_b[q]) - margin, base_idx, zw + list(coef) + list(-cd) + list(cd))

    active: set[int] = set()
    for q in np.argsort(e_b, kind="stable")[:16]:
        add(int(q))
        active.add(int(q))
    lower = 0.0  # each round's optimum bounds the full programme's (rows are only added)
    nodes = 0
    for _round in range(max_rounds):
        if max_nodes is not None:
            if nodes >= max_nodes:
                return _MipSolution("budget", _round, lower, tolerance=tolerance, nodes=nodes)
            h.setOptionValue("mip_max_nodes", int(max_nodes - nodes))
        left = deadline - time.perf_counter()
        if left <= 0:
            return _MipSolution("time", _round, lower, tolerance=tolerance, nodes=nodes)
        if math.isfinite(left):
            h.setOptionValue("time_limit", float(left))
        h.run()
        status = h.getModelStatus()
        nodes += int(getattr(h.getInfo(), "mip_node_count", 0))
        if status == highspy.HighsModelStatus.kTimeLimit:
            return _MipSolution(
                "time", _round + 1, max(lower, _dual_bound(h)), tolerance=tolerance, nodes=nodes
            )
        if status == highspy.HighsModelStatus.kSolutionLimit and max_nodes is not None:
            if not _gap_closed(h):
                # HiGHS's node limit (mip_max_nodes): its dual bound is still proven
                return _MipSolution(
                    "budget",
                    _round + 1,
                    max(lower, _dual_bound(h)),
                    tolerance=tolerance,
                    nodes=nodes,
                )
            # align23: HiGHS says its node limit when the last node it may take is the one
            # that closes the gap (the 2001 book's Myanmar in 51 nodes, China in 108 over two
            # MIPs, read "not proven" with exactly that budget): its optimum, proven
            status = highspy.HighsModelStatus.kOptimal
        if status == highspy.HighsModelStatus.kInfeasible:
            return _MipSolution("infeasible", _round + 1, tolerance=tolerance, nodes=nodes)
        if status != highspy.HighsModelStatus.kOptimal:
            # any other end (unknown, an iteration limit, a solve error) proves nothing: read as
            # "infeasible" it gave a proven "no change can do it" that nobody had proven
            return _MipSolution(
                "solver", _round + 1, lower, tolerance=tolerance, nodes=nodes, note=str(status)
            )
        # the dual bound, not the incumbent (above it by up to the gap): a proven bound
        info = h.getInfo()
        value = float(info.objective_function_value)
        bound = float(getattr(info, "mip_dual_bound", value))
        lower = max(lower, min(value, bound) if math.isfinite(bound) else value)
        x = np.asarray(h.getSolution().col_value)
        delta = x[dp0 : dp0 + m] - x[dm0 : dm0 + m]
        side = np.round(x[:n]).astype(np.int64)
        shift = coef * delta
        e_star = land.energy(side) + float(np.dot(shift, (side[pi] != side[pj])))
        viol = e_star - (e_b + _row_dot(d_b, shift, "F") - margin)
        bad = np.flatnonzero(viol > 1e-9 * scale)
        if bad.size == 0:
            break
        added = 0
        for q in bad[np.argsort(-viol[bad], kind="stable")[:16]]:
            if int(q) not in active:
                active.add(int(q))
                add(int(q))
                added += 1
        if added == 0:  # a numerical stall: the caller checks the change
            return _MipSolution("stalled", _round + 1, lower, side, delta, tolerance, nodes)
    else:  # pragma: no cover - not converged
        return _MipSolution("rounds", max_rounds, lower, tolerance=tolerance, nodes=nodes)
    return _MipSolution("optimal", _round + 1, lower, side, delta, tolerance, nodes)


def _finite(v: Any) -> bool:
    """Whether ``v`` is a finite real number (not a bool, text or NaN)."""
    return (
        isinstance(v, int | float | np.integer | np.floating)
        and not isinstance(v, bool)
        and math.isfinite(v)
    )


def _actor_index(value: Any, n: int, field: str) -> int:
    """An actor index ``0 <= value < n`` as an ``int``, or an :class:`AlignError` naming
    ``field`` (a name, a fraction or ``True`` raised a TypeError or IndexError, or was read as
    actor 1)."""
    from anpo._checks import whole_number

    i = whole_number(value, field, error=AlignError, floats=False, what="an actor index")
    if not 0 <= i < n:
        raise AlignError(f"actor index {i} out of range (0 to {n - 1})", field=field)
    return i


def _gap_closed(h: Any) -> bool:
    """Whether HiGHS ``h``, stopped at its node limit (``mip_max_nodes``), had proven its
    incumbent optimal by its own optimality test: a feasible solution whose objective its
    dual bound meets within the gaps it was given (``mip_abs_gap``, or ``mip_rel_gap`` of the
    objective), what makes HiGHS report "optimal" when no limit stops it. HiGHS (1.16) reports
    its node limit when the last node it may take is the one that closes the gap (align23
    measured: the status said the limit, the dual bound equalled the objective and the gap
    read 0)."""
    import highspy

    info = h.getInfo()
    if int(info.primal_solution_status) != int(highspy.SolutionStatus.kSolutionStatusFeasible):
        return False
    value = float(info.objective_function_value)
    bound = float(getattr(info, "mip_dual_bound", -math.inf))
    if not (math.isfinite(value) and math.isfinite(bound)):
        return False
    abs_gap = float(h.getOptionValue("mip_abs_gap")[1])
    rel_gap = float(h.getOptionValue("mip_rel_gap")[1])
    return value - bound <= max(abs_gap, rel_gap * abs(value))


def _dual_bound(h: Any) -> float:
    """The MIP's proven lower bound when HiGHS stopped at its time limit (0 if none)."""
    bound = float(getattr(h.getInfo(), "mip_dual_bound", 0.0))
    return bound if math.isfinite(bound) and bound > 0.0 else 0.0


def _star_center(pairs: Sequence[tuple[int, int]]) -> int | None:
    """The actor every pair contains (the lower of the two for a single pair), or None."""
    common = set(pairs[0])
    for pr in pairs[1:]:
        common &= set(pr)
    return min(common) if common else None


def _hamming_transform(
    f: NDArray[np.float64], steps: Sequence[tuple[int, float]]
) -> NDArray[np.float64]:
    """``g(x) = min_S f(x XOR mask_S) + sum_{j in S} w_j`` over every subset ``S`` of ``steps``
    (``(mask, w)`` pairs, ``w >= 0``, masks linearly independent over GF(2), each a single
    bit or all ones): the min-plus convolution with an additive distance is separable, one pass
    per coordinate, ``O(m 2^m)`` [felzenszwalb2012, the separable distance transform; here
    on the hypercube]."""
    g = f.copy()
    full = g.size - 1
    for mask, w in steps:
        if mask == full:
            g = np.minimum(g, g[::-1] + w)  # x XOR (all ones) = full - x
        else:
            v = g.reshape(-1, 2, mask)
            low = v[:, 0, :].copy()
            np.minimum(v[:, 0, :], v[:, 1, :] + w, out=v[:, 0, :])
            np.minimum(v[:, 1, :], low + w, out=v[:, 1, :])
    return g


@dataclass(frozen=True)
class _Star:
    """What :func:`_linf_star` found, as :meth:`_Asked.answer` takes it: the size ``norm``
    (infinite when no change is known), the change ``delta`` and its target ``config``
    (normalised; None when there is none), the search's steps ``rounds``, the proven
    ``lower_bound`` and the flags of :class:`PropensityChange` (``proven``, ``feasible``,
    ``time_out``, ``budget_out``)."""

    norm: float
    delta: dict[tuple[int, int], float] = field(default_factory=dict)
    config: NDArray[np.int64] | None = None
    rounds: int = 0
    lower_bound: float = 0.0
    proven: bool = True
    feasible: bool = True
    time_out: bool = False
    budget_out: bool = False


def _gap_rounding(n: int, scale: float, reach: float) -> float:
    """A bound on the rounding of the energy gaps :func:`_linf_star` computes, ``E(Y) - E(X) +
    t H_X(Y)`` (its ``min`` over ``Y`` by :func:`_hamming_transform`): each is a sum of at
    most ``n + 2`` terms no larger than ``scale`` (the largest |energy|) plus ``reach`` (the
    largest change of energy at the limit, ``t sum_q c_q``), each addition rounded by at
    most half a unit in the last place (2^-53 relative, IEEE 754 doubles), and the energies
    themselves to a few units; 64 x that, ``64 n 2^-52 (scale + reach)``, is about 1e-12 of
    the energies at 7 actors, far below the default margin (1e-9 of them).

    >>> _gap_rounding(7, 15.0, 10.0) < 1e-9 * 15.0
    True
    """
    return 64.0 * n * math.ldexp(1.0, -52) * (scale + reach)


def _linf_star(
    ask: _Asked,
    center: int,
    ia: NDArray[np.intp],
    ib: NDArray[np.intp],
    d_b: NDArray[np.bool_],
    big: float,
    scale: float,
    deadline: float,
    max_steps: int | None = None,
) -> _Star:
    """The L-infinity smallest change of question ``ask`` when every pair contains one actor
    ``center`` (the default: every pair of the state brought in), exactly, by enumeration
    instead of the MIP. ``ia``, ``ib``: the indices of the targets and of the competitors,
    ``d_b`` which pairs each competitor splits, ``big`` the limit on each change, ``deadline``
    a ``time.perf_counter`` value (infinite: none) and ``max_steps`` the deterministic budget
    of steps (None: none; :func:`smallest_change`'s ``max_nodes``): when either is spent
    before the last step the best change so far is returned, not proven.

    For a fixed target ``X`` the best change of size ``t`` is extreme: ``+t`` on every pair
    together in ``X`` and ``-t`` on every pair apart, since the energy gap
    ``E'(Y) - E'(X) = E(Y) - E(X) + sum_q c_q delta_q (d_q(Y) - d_q(X))`` grows with each
    ``delta_q`` in that direction for every competitor ``Y`` at once [axelrod1993, n. 2 for
    the linear change]. So the gap is ``E(Y) - E(X) + t H_X(Y)``, ``H_X(Y) = sum_q c_q
    [d_q(Y) != d_q(X)]``, and the smallest size for ``X`` is ``t*(X) = max_Y (margin - E(Y) +
    E(X)) / H_X(Y)`` over the competitors that ``X`` does not already beat (one pass over them).
    Written in the sides relative to ``center``, ``H`` is a weighted Hamming distance, so
    ``min_Y E(Y) + t H_X(Y)`` for every ``X`` at once is a separable distance transform
    (:func:`_hamming_transform`, cost 0 on the coordinates no pair touches). Search: from the
    best target, ``t_k = t*(X_k)``; any target whose gap at ``t_k`` exceeds the margin has
    ``t* < t_k`` strictly, and the one with the largest gap is ``X_{k+1}``; when none exceeds
    it (tolerance ``1e-9`` of the largest |energy|, the MIP's), ``t_k`` is the minimum. Each
    step costs ``O(n 2^n)``; the sizes strictly decrease, so the search ends. The steps run at
    ``min(t_k, big)``, the limit on each change: when it stops at the limit, the largest gap
    there decides, as the gap of every target grows with ``t``. It reaches the margin (up to
    the rounding of the gaps themselves, :func:`_gap_rounding`, far below the margin): the
    change at the limit is the answer, proven (whatif17: with the limit equal to the answer,
    ``t*`` rounded above it and the answer read "no change can do it", proven, for 18 of 36
    random states). It falls short of the margin: no change within the limit makes any target
    beat every competitor by the margin, proven. whatif18: of 2214 limits 1e-11 to 1e-6 below
    the answer (absolute and relative, 30 random states), a gap short of the margin but above
    half of it was taken as the answer, proven, a size below the smallest change without the
    limit, for 972, and a gap between minus the tolerance and half the margin read "not
    proven" with ``feasible`` True, for 255 (limits 1.2e-10 to 1.6e-8 below the answer).
    """
    import time

    from anpo.align.formal import normalize

    land, energies, sides, margin, pairs = (
        ask.land,
        ask.energies,
        ask.sides,
        ask.margin,
        ask.q.pairs,
    )
    n = land.n
    m = len(pairs)
    pi = np.array([p[0] for p in pairs])
    pj = np.array([p[1] for p in pairs])
    coef = 2.0 * land.sizes[pi] * land.sizes[pj]
    leaf_cost = {(j if i == center else i): float(c) for (i, j), c in zip(pairs, coef, strict=True)}
    full = (1 << (n - 1)) - 1
    masks = [(j, full if j == 0 else 1 << (j - 1)) for j in range(n) if j != center]
    e_b = energies[ib]
    tol = 1e-9 * scale
    rounding = _gap_rounding(n, scale, big * float(np.sum(coef)))
    f = np.full(energies.size, math.inf)
    f[ib] = e_b

    def t_star(x: int) -> float:
        d_x = sides[x, pi] != sides[x, pj]
        need = margin - (e_b - float(energies[x]))
        short = need > 0.0
        h = _row_dot(d_b[short] != d_x, coef)
        if np.any(h <= 0.0):
            return math.inf
        return max(0.0, float(np.max(need[short] / h))) if h.size else 0.0

    best = int(ia[np.argmin(energies[ia])])
    t_best = t_star(best)
    lower = 0.0
    rounds = 0
    proven = True
    out_of_steps = False
    while True:
        if max_steps is not None and rounds >= max_steps:
            proven, out_of_steps = False, True
            break
        rounds += 1
        if time.perf_counter() > deadline:
            proven = False
            break
        t = min(t_best, big)
        steps = [(mask, t * leaf_cost.get(j, 0.0)) for j, mask in masks]
        gap = _hamming_transform(f, steps)[ia] - energies[ia]
        k = int(np.argmax(gap))
        if gap[k] <= margin + tol:
            lower = t
            if t < t_best and gap[k] >= margin - rounding:
                # at the limit on each change, which no target needs less than: one whose own
                # t* is the limit reaches the margin there, up to the rounding of the gaps
                # (whatif17: a limit equal to the answer read 'no change can do it', proven);
                # short of the margin, no target reaches it within the limit (below)
                best, t_best = int(ia[k]), t
            break
        t_next = t_star(int(ia[k]))
        if not t_next < t_best:  # pragma: no cover - a numerical stall at the tolerance
            lower = t_best
            break
        best, t_best = int(ia[k]), t_next
    if not math.isfinite(t_best) or t_best > big:
        if proven:  # no target within the limit on each change: its smallest size is +inf
            return _Star(math.inf, feasible=False, rounds=rounds, lower_bound=math.inf)
        return _Star(
            math.inf,
            proven=False,
            rounds=rounds,
            lower_bound=lower,
            time_out=not out_of_steps,
            budget_out=out_of_steps,
        )
    side = sides[best].astype(np.int64)
    d_x = side[pi] != side[pj]
    changed = {pairs[q]: (-t_best if d_x[q] else t_best) for q in range(m) if t_best > 0.0}
    return _Star(
        t_best,
        changed,
        normalize(side),
        proven=proven,  # t* is exact: a change at the limit is still the smallest
        rounds=rounds,
        lower_bound=t_best if proven else lower,
        time_out=not proven and not out_of_steps,
        budget_out=out_of_steps,
    )


def apply_changes(
    land: Landscape, changes: dict[tuple[int, int], float], *, absolute: bool = False
) -> Landscape:
    """A new landscape with the given pair changes (``p_ij += v``, or ``p_ij = v`` when
    ``absolute``), symmetric. Used for scenario options such as Japan-China cooperation."""
    p = land.propensity.copy()
    for (a, b), v in changes.items():
        i, j = _actor_index(a, land.n, "changes"), _actor_index(b, land.n, "changes")
        if i == j:
            raise AlignError(f"bad pair ({i}, {j})", field="changes")
        if not _finite(v):
            raise AlignError(f"a change must be a finite number, got {v!r}", field="changes")
        p[i, j] = p[j, i] = v if absolute else p[i, j] + v
    return Landscape(land.sizes, p, land.names, coalitions=land.coalitions)


@dataclass(frozen=True)
class PairThreshold:
    """How the global minimum responds to a change ``delta`` of one pair's propensity.

    The energy of every configuration changes by ``c * delta * d_ij`` with ``c = 2 s_i s_j``
    [axelrod1993, n. 2], so the global minimum is the better of the best configuration
    with the pair *apart* (energy ``apart_energy + c delta``) and the best with it *together*
    (``together_energy``): it switches exactly once, at ``threshold``
    ``= (together_energy - apart_energy) / c``. Configurations are normalised.
    """

    i: int
    j: int
    coefficient: float
    apart: NDArray[np.int64]
    apart_energy: float
    together: NDArray[np.int64]
    together_energy: float
    threshold: float

    def global_minimum(self, delta: float) -> tuple[NDArray[np.int64], float]:
        """Global minimum configuration and energy after ``p_ij += delta`` (ties: together)."""
        e_apart = self.apart_energy + self.coefficient * delta
        if self.together_energy <= e_apart:
            return self.together.copy(), self.together_energy
        return self.apart.copy(), e_apart


def pair_threshold(
    land: Landscape,
    i: int,
    j: int,
    cache: tuple[NDArray[np.float64], NDArray[np.int8]] | None = None,
) -> PairThreshold:
    """Exact response of the two-coalition global minimum to a change of ``p_ij`` alone: anpo's
    own analysis over the energy of [axelrod1993], linear in ``p_ij`` [axelrod1993, n. 2].

    ``cache`` (default None: computed): :func:`all_energies` of ``land``, to reuse across calls
    on the same landscape. It is checked cheaply: a pair of the right shapes whose sides and
    energies at a few configurations (0, 1, the last and its lowest) are ``land``'s within
    ``land.tolerance``; anything else is an :class:`AlignError` on ``cache`` (compute it again
    after changing the instance: :func:`apply_changes` returns a new landscape).
    """
    from anpo.align.formal import bits_to_config

    i, j = _actor_index(i, land.n, "pair"), _actor_index(j, land.n, "pair")
    if i == j:
        raise AlignError(f"bad pair ({i}, {j})", field="pair")
    energies, sides = _energies(land, cache)
    apart = sides[:, i] != sides[:, j]
    ia = np.flatnonzero(apart)
    it = np.flatnonzero(~apart)
    xa = int(ia[np.argmin(energies[ia])])
    xt = int(it[np.argmin(energies[it])])
    ca, ct = bits_to_config(xa, land.n), bits_to_config(xt, land.n)
    ea, et = land.energy(ca), land.energy(ct)
    c = 2.0 * float(land.sizes[i] * land.sizes[j])
    return PairThreshold(i, j, c, ca, ea, ct, et, (et - ea) / c)
