"""The public landscape object: ``anpo.align.landscape(sizes, propensity, names=None)``.

Landscape theory of aggregation [axelrod1993]: actors with
sizes and pairwise propensities settle into the configuration of coalitions that minimises the
energy (the size-weighted frustration, summed over ordered pairs); the local minima are the
predicted configurations and the basin of attraction of a minimum measures its likelihood.

Solvers used by :class:`Landscape` (details in the modules named):

- local minima and basins: exhaustive enumeration (:mod:`anpo.align.enum2` for two coalitions,
  :mod:`anpo.align.enumk` for ``k`` or a free number);
- global minimum: enumeration when small, else the proven branch and bound of
  :mod:`anpo.align.exact`; heuristics (:mod:`anpo.align.heuristics`) on request or beyond the
  exact solver's reach.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, Protocol, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from anpo._checks import whole_number
from anpo.align import formal as model
from anpo.align.formal import check_time_limit
from anpo.errors import AlignError, BudgetExceededError

#: Up to this many configurations, :meth:`Landscape.global_minimum` enumerates (so that ties
#: resolve exactly as in :meth:`Landscape.local_minima`); beyond it uses branch and bound.
ENUMERATE_GLOBAL_UP_TO = 1 << 21

#: Default wall-time budget (seconds) of every exact or heuristic call that is given no budget.
DEFAULT_TIME_LIMIT = 30.0

#: Node budget of each exact search whose result the report, the back-tests and the futures'
#: scorecard print (review20 F7): a number of nodes gives the same answer on every machine and
#: under any load, where a wall-clock limit does not. About 15-30 s of branch and bound at the
#: 3-6 million nodes a second of a loaded 2-core machine; the built-in instances (20 actors)
#: are proven in a few hundred nodes. A search that spends it is reported as not proven
#: (:func:`not_proven_words`), never as the exact minimum.
REPRODUCIBLE_MAX_NODES = 100_000_000


class _Proven(Protocol):
    """What :func:`require_proven` reads of a search's result."""

    @property
    def proven(self) -> bool: ...


_P = TypeVar("_P", bound=_Proven)


#: What each search's deterministic work budget counts and who spends it, for
#: :func:`not_proven_words`: ``searcher -> (the unit counted, the searcher's words)``.
#: "exact": the branch and bound of :mod:`anpo.align.exact` (:meth:`Landscape.solve`);
#: "highs": HiGHS's branch and bound in the what-if's MIP
#: (:func:`anpo.align.whatif.smallest_change`); "enumeration": the steps of the what-if's
#: L-infinity enumeration.
BUDGET_SEARCHERS: dict[str, tuple[str, str]] = {
    "exact": ("node", "branch and bound"),
    "highs": ("node", "HiGHS's branch and bound"),
    "enumeration": ("step", "the enumeration"),
}

Searcher = Literal["exact", "highs", "enumeration"]


def not_proven_words(budget: int, searcher: Searcher = "exact") -> str:
    """What a reader is told of a search that spent its deterministic work budget of
    ``budget`` units before it proved its answer, naming what ran out (``searcher``, a key of
    :data:`BUDGET_SEARCHERS`): the nodes of the exact search's branch and bound (default;
    :data:`REPRODUCIBLE_MAX_NODES`), of HiGHS's (the what-if's MIP) or the steps of the
    what-if's enumeration. The one wording of every such sentence (align23: the what-if had
    its own copy).

    >>> not_proven_words(1)
    'not proven within 1 node of branch and bound'
    >>> not_proven_words(100_000, "highs")
    "not proven within 100,000 nodes of HiGHS's branch and bound"
    >>> not_proven_words(2, "enumeration")
    'not proven within 2 steps of the enumeration'
    """
    from anpo.report.format import count_noun

    unit, who = BUDGET_SEARCHERS[searcher]
    return f"not proven within {count_noun(budget, unit)} of {who}"


def require_proven(sol: _P, what: str, max_nodes: int) -> _P:
    """``sol`` (a :class:`Solution`, or a kernel's result with ``proven``) when its search
    proved it the minimum, else :class:`~anpo.errors.BudgetExceededError` saying ``what`` was
    not proven within ``max_nodes`` (:func:`not_proven_words`), with ``sol`` as its
    ``solution``: a number printed from an exact search is the minimum or an error, never a
    configuration passed off as the minimum (review20 F7)."""
    if sol.proven:
        return sol
    raise BudgetExceededError(f"{what} was {not_proven_words(max_nodes)}", solution=sol)


#: Largest ``n`` for which ``solve("auto")`` uses the exact solver, by number of coalitions;
#: beyond it, tabu search. Calibrated on dense Gaussian instances (``benchmarks/align_bench.py``,
#: section "calibration"): the median time to a proof stays under about a second up to these
#: sizes on one core (two coalitions: 0.2-0.3 s at n = 60, 1-17 s at n = 70; three: about
#: 0.5-1.5 s at 40, 2-4 s at 45; four: 0.4-3 s at 36, 3-6 s at 40; free number: 0.03-7 s at 32,
#: 4-20+ s at 36).
AUTO_EXACT_MAX = {2: 60, 3: 40, 4: 36}

#: ``solve("auto")`` limit for five or more coalitions and for a free number.
AUTO_EXACT_MAX_MANY = 30

#: Time budget (seconds) of the exact solver inside ``solve("auto")``; when it is spent the
#: best configuration found (at least as good as tabu search's) is returned, unproven, with a
#: valid lower bound.
AUTO_TIME_LIMIT = 10.0


class Minimum(NamedTuple):
    """A local minimum: normalised configuration, energy and basin share (a 3-tuple)."""

    config: NDArray[np.int64]
    energy: float
    basin_share: float


class ChosenMinimum(NamedTuple):
    """The number of coalitions chosen by minimum energy and a minimum that uses it
    (:meth:`Landscape.chosen_minimum`).

    ``k``: the smallest number of coalitions whose minimum reaches the free minimum within the
    tolerance [galam1998]; ``config``, ``energy``: a proven minimum with exactly ``k``
    coalitions (normalised labels; all zeros when ``k`` is 1); ``free_config``,
    ``free_energy``: the free optimum the branch and bound returned, which may use more
    coalitions when optima tie.
    """

    k: int
    config: NDArray[np.int64]
    energy: float
    free_config: NDArray[np.int64]
    free_energy: float

    @property
    def free_blocks(self) -> int:
        """The number of coalitions of :attr:`free_config`."""
        return int(self.free_config.max(initial=0) + 1)

    @property
    def tied(self) -> bool:
        """True when the free optimum is tied by a configuration with more coalitions than
        ``k`` (the branch and bound's :attr:`free_config` uses more): the count is then the
        smallest of the tied ones, not the only one."""
        return self.free_blocks > self.k


@dataclass(frozen=True)
class Solution:
    """The result of :meth:`Landscape.solve`.

    ``proven`` is True when the configuration is a proven global minimum; ``lower_bound`` is a
    proven lower bound on the global minimum (``None`` if the method gives none); ``gap`` is
    ``(energy - optimum) / |optimum|`` when a proven optimum was available for comparison, else
    (a heuristic compared with an interrupted exact run) ``(energy - lower_bound) /
    |lower_bound|``, an upper bound on the true gap; None, with ``details["gap_absolute"]``
    (``energy`` minus the optimum or bound, given whenever a gap is computed), when that
    optimum or bound is 0 and the energy above it (a relative gap to 0 is undefined). ``details["stopped"]`` says which budget
    stopped the search (``"node limit"`` or ``"time limit"``; ``""`` when none did; for a
    heuristic compared with the exact solver, ``details["exact_stopped"]`` says it for the exact
    run).

    ``seconds`` is the call's wall time from its start, and its budget (``time_limit``) counts
    from the same moment: loading the compiled solvers is on it, and
    ``details["load_seconds"]`` says how long that took within the call (importing numba and
    loading the chosen method's kernels from numba's cache: about 1.5-2 s of CPU in a new
    process, none once loaded; a budget smaller than that is overrun by it, the search then
    stopping at once with a valid configuration and, for the exact solvers, a valid lower
    bound). Compiling the kernels, the first time after an install (tens of seconds, which
    cannot be cut short), is not charged to the budget nor counted in ``seconds``:
    ``details["compile_seconds"]`` says how long it took (0 once compiled), and a process's
    first call returns what a later one would.
    """

    config: NDArray[np.int64]
    energy: float
    method: str
    proven: bool
    lower_bound: float | None = None
    optimum: float | None = None
    gap: float | None = None
    seconds: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)


def parse_coalitions(coalitions: int | str | None) -> int | None:
    """The number of coalitions a landscape is given: None for any number (``None``, "auto" or
    "free"), else a whole number >= 2 (text of digits, as the command line gives it, is read as
    one); an :class:`~anpo.errors.AlignError` naming ``coalitions`` otherwise."""
    if coalitions is None or (
        isinstance(coalitions, str) and coalitions.lower() in {"auto", "free"}
    ):
        return None
    try:
        # 2.5 was read as 2 and True as 1: a count of coalitions is a whole number (a string
        # of digits, as the command line gives it, is read as one; the checker's AlignError
        # is a ValueError, worded again below with the 'auto' the option also takes)
        if isinstance(coalitions, str):
            coalitions = int(coalitions.strip())
        k = whole_number(coalitions, "coalitions", error=AlignError)
    except (TypeError, ValueError):
        raise AlignError(
            f"coalitions must be an integer >= 2 or 'auto', got {coalitions!r}", field="coalitions"
        ) from None
    if k < 2:
        raise AlignError(f"coalitions must be >= 2 (or 'auto'), got {k}", field="coalitions")
    return k


class Landscape:
    """A landscape of ``n`` actors (see :func:`landscape`).

    Attributes
    ----------
    sizes, propensity: validated inputs (``propensity`` exactly symmetric; its diagonal is set
        to 0, since it never enters the model).
    names: actor names.
    coalitions: the largest number of coalitions (2 by default, as in [axelrod1993]);
        ``None`` means a free number [galam1998], chosen by minimum energy.
    weights: ``w_ij = s_i s_j p_ij``.
    tolerance: the absolute tie tolerance on energy changes (:func:`anpo.align.formal.tie_tolerance`).
    tie_order: the actor order whose first actor wins a tie between steepest moves in
        :meth:`local_minima`' descent: the indices sorted by name when names were given (None
        when that is the listed order, or without names).
    """

    def __init__(
        self,
        sizes: ArrayLike,
        propensity: ArrayLike,
        names: Sequence[str] | None = None,
        *,
        coalitions: int | str | None = 2,
    ) -> None:
        self.sizes, self.propensity, self.names = model.validate_inputs(sizes, propensity, names)
        #: the actor order the descent's tie rule follows (:meth:`local_minima`): the names'
        #: sorted order when names were given, else the listed order (None: that order)
        self.tie_order = _tie_order(self.names) if names is not None else None
        self._named = names is not None
        self.n = int(self.sizes.shape[0])
        self.coalitions = parse_coalitions(coalitions)
        self.weights = model.weights(self.sizes, self.propensity)
        self.tolerance = model.tie_tolerance(self.weights)
        # the enumerated minima sorted by (energy, configuration): labels (int8 rows),
        # energies, basin counts, and the number of configurations
        self._sorted: tuple[NDArray[np.int8], NDArray[np.float64], NDArray[np.int64], int] | None
        self._sorted = None
        #: the number of local minima, once enumerated (:meth:`local_minima`); else None
        self.minima_count: int | None = None
        #: how many starting configurations met a tie between steepest moves on their descent
        #: (:meth:`local_minima` with ``ties=True``; their minimum, so the basin shares, may
        #: depend on the tie rule: the branches of a tie can end at the same minimum, so this is
        #: an upper bound on the starts whose minimum does); None before such an enumeration, or when it could not count them (more than 2^31
        #: configurations, no bit free to mark them: :func:`anpo.align.enum2.mark_bit`)
        self.tied_starts: int | None = None
        #: the number of starting configurations the basin shares are counted over
        self.starts: int | None = None
        self._ties_counted = False  # whether the enumeration counted tied_starts
        self._global: tuple[NDArray[np.int64], float] | None = None
        self._global_by = ""  # how the global minimum was proven: "enumeration" or "exact"
        self.enumeration_mode: str | None = None

    # ------------------------------------------------------------------ basic quantities
    @property
    def k(self) -> int:
        """Largest number of coalitions a configuration may use (``n`` when free)."""
        return self.n if self.coalitions is None else min(self.coalitions, self.n)

    def check_config(self, config: ArrayLike) -> NDArray[np.int64]:
        """Validate a configuration (length, integer labels, at most ``k`` coalitions); normalise."""
        a = model.normalize(model.config_labels(config, self.n))
        if a.max(initial=0) + 1 > self.k:
            raise AlignError(
                f"configuration uses {a.max() + 1} coalitions, more than {self.k}", field="config"
            )
        return a

    def energy(self, config: ArrayLike, coalition_distance: ArrayLike | None = None) -> float:
        """``E(X) = sum_{i != j} s_i s_j p_ij d_ij(X)`` over ordered pairs [axelrod1993, n. 2]. ``coalition_distance`` (a ``D`` between labels) is the hook for the paper's
        general distances; labels are then used as given."""
        if coalition_distance is None:
            return model.energy(self.weights, self.check_config(config))
        return model.energy(self.weights, config, coalition_distance)

    def energy_text(self, energy: float) -> str:
        """An energy of this landscape as text, at the landscape's scale: no configuration's
        |energy| exceeds the sum of the |weights| (``E`` sums the weights of the pairs split
        across coalitions, [axelrod1993]), so an energy is floating-point noise below
        :data:`~anpo.report.format.NOISE` of that sum, not below an absolute 1e-12
        (:func:`~anpo.report.format.fmt_scaled`, ``"precise"``). The CLI and the web write
        every energy of a landscape with it (review10 F5: ``anpo align solve`` printed the
        minima of an instance of propensities of 1e-14 as energy '0' under a headline of
        -8e-14, where the web gave '-8e-14').

        >>> land = Landscape([1, 1], [[0, 1e-14], [1e-14, 0]])
        >>> land.energy_text(-2e-14), Landscape([1, 1], [[0, 1], [1, 0]]).energy_text(-2.0)
        ('-2e-14', '-2')
        """
        from anpo.report.format import fmt_scaled

        return fmt_scaled(energy, self.energy_scale, "precise")

    @property
    def energy_scale(self) -> float:
        """The sum of the |weights|, a bound on any configuration's |energy| (1 when every
        weight is 0): the scale :meth:`energy_text` judges noise against."""
        return float(np.sum(np.abs(self.weights))) or 1.0

    def frustration(
        self, config: ArrayLike, coalition_distance: ArrayLike | None = None
    ) -> NDArray[np.float64]:
        """``F_i(X) = sum_j s_j p_ij d_ij(X)`` for every actor [axelrod1993, n. 2]."""
        if coalition_distance is None:
            config = self.check_config(config)
        return model.frustration(self.sizes, self.propensity, config, coalition_distance)

    def delta(self, config: ArrayLike, actor: int, to: int | None = None) -> float:
        """Energy change when ``actor`` moves to coalition ``to`` (default: the other side of a
        two-coalition configuration). Equals ``2 s_k Delta F_k`` [axelrod1993, n. 2].

        ``to`` is a label of ``config`` as given, not of its normalised form: in ``[1, 0, 0]``,
        ``to=1`` is actor 0's coalition (review14 F7: it was read in the normalised ``[0, 1,
        1]``, where label 1 is the coalition of actors 1 and 2, and gave 0.0 for a move that
        changes ``E`` by 2). A label no actor of ``config`` has is a new, empty coalition,
        allowed when the configuration then uses at most :attr:`k` coalitions; otherwise, and
        for a ``to`` that is not a whole number, an :class:`~anpo.errors.AlignError` naming
        ``to``. So ``delta(config, actor, to)`` is ``energy(after) - energy(before)`` with
        ``after`` the given labels with ``after[actor] = to``. ``actor`` is an index, a whole
        number from 0 to ``n - 1`` (an ``int``, a numpy integer or a float such as ``1.0``, as
        ``to``); anything else is an :class:`~anpo.errors.AlignError` naming ``actor``.
        """
        raw = model.config_labels(config, self.n)
        a = self.check_config(raw)
        # checked as ``to`` is: 1.5 was numpy's raw IndexError, "1" and True raw TypeErrors
        actor = whole_number(actor, "actor", error=AlignError)
        if not 0 <= actor < self.n:
            raise AlignError(f"actor index {actor} out of range", field="actor")
        if to is None:
            if a.max(initial=0) > 1:
                raise AlignError("give the target coalition 'to' for more than two coalitions")
            target = 1 - int(a[actor])
        else:
            label = whole_number(to, "to", error=AlignError)
            # the caller's label -> the normalised one (labels are mapped as normalize maps
            # them: in order of first use); a label not in use is a new, empty coalition
            hit = np.flatnonzero(raw == label)
            target = int(a[hit[0]]) if hit.size else int(a.max(initial=0)) + 1
        b = a.copy()
        b[actor] = target
        if model.normalize(b).max(initial=0) + 1 > self.k:
            raise AlignError(
                f"coalition {to if to is not None else target} is not allowed here: the "
                f"configuration would use more than {self.k} coalitions",
                field="to",
            )
        row = self.weights[actor]
        old = (a != a[actor]).astype(np.float64)
        new = (b != b[actor]).astype(np.float64)
        return 2.0 * math.fsum((row * (new - old)).tolist())

    def members(self, config: ArrayLike) -> list[list[str]]:
        """Actor names per coalition, in label order."""
        a = self.check_config(config)
        return [[self.names[i] for i in np.flatnonzero(a == c)] for c in range(a.max() + 1)]

    # ------------------------------------------------------------------ solvers
    def count_configurations(self) -> int:
        """Number of distinct configurations, exact (a Python integer of any size): ``2^(n-1)``
        for two coalitions, else the partitions of ``n`` actors into at most ``k`` coalitions
        (the sum of the Stirling numbers of the second kind ``S(n, j)``, ``j <= k``; for a free
        number, the Bell number ``B(n)``)."""
        if self.n <= 1:
            return 1
        if self.k == 2:
            return 1 << (self.n - 1)
        k = min(self.k, self.n)
        row = [1] + [0] * k  # S(i, j) for j <= k, from S(0, 0) = 1
        for i in range(1, self.n + 1):
            new = [0] * (k + 1)
            for j in range(1, min(i, k) + 1):
                new[j] = j * row[j] + row[j - 1]
            row = new
        return sum(row[1:])

    def local_minima(
        self,
        *,
        mode: str = "auto",
        memory_limit: int | None = None,
        max_minima: int | None = None,
        max_found: int | None = None,
        ties: bool = False,
    ) -> list[Minimum]:
        """Every local minimum with its energy and basin share, sorted by energy.

        A local minimum is a configuration in which no single actor can lower the energy by
        moving [axelrod1993, p. 217]; the basin share is the fraction of all distinct
        configurations (normalised label vectors: the ``2^(n-1)`` splits for two coalitions, not
        the ``2^n`` labelled assignments; the shares sum to 1) whose deterministic steepest descent
        in energy ends there (tie rule: the first actor in the order of the actors' names, then
        the lowest target label of the configuration normalised in that order; without names,
        the listed order; changes within :attr:`tolerance` are ties and do not count as
        descent). Ties between steepest moves are common with integer-coded propensities and
        equal sizes; breaking them by name, not by position, makes the minima and basin shares
        independent of the order in which named actors are listed (review14 F2: a reordering
        moved basins by up to 0.15 and changed the one with the largest basin). They still
        depend on the tie rule itself: another rule (another naming) can give other shares
        when moves tie: with ``ties=True``, :attr:`tied_starts` counts the configurations
        whose descent met such a tie (in the same compiled pass, which it makes 15-28 % slower
        for two coalitions and 45-60 % for more: off by default; ``anpo align`` and the web
        ask for it), and :meth:`basin_tie_note` says so. The enumeration runs in that order
        (:attr:`tie_order`) and the minima are mapped back to the given one. Exhaustive: feasible up to about 30 actors for two coalitions, 13 for a free
        number. ``mode`` and ``memory_limit`` as in :func:`anpo.align.enum2.enumerate_two`.
        Ties in energy are ordered by the configuration (lexicographically).

        ``max_minima`` (an integer >= 1; default None, every minimum): return only the first
        ``max_minima`` of that order, the lowest ones. The minima are all found and their
        energies all computed (in one compiled pass, :mod:`anpo.align._minima`), so the ones
        returned, their energies and basin shares are exactly those of the full list;
        :attr:`minima_count` is the number of all local minima and :meth:`lowest_ties` the
        number tied for the lowest energy. When all or most propensities are 0, every
        configuration is a local minimum (``2^(n-1)`` of them for two coalitions), and building
        one object per minimum is what costs time and memory: a caller that shows a few should
        ask for a few. ``max_found`` (default None, no limit): when there are more local minima
        than this, :class:`~anpo.errors.BudgetExceededError` is raised (its ``partial`` is their
        number) as soon as they are counted, before their arrays are built (about 50 bytes and
        ``n`` more per minimum). The options are checked, and ``max_found`` applied, on every
        call, also when an earlier call's minima are reused (review12 F-I: they were ignored
        then).
        """
        from anpo.align.enum2 import check_found, check_options

        if max_minima is not None:
            max_minima = whole_number(
                max_minima, "max_minima", error=AlignError, minimum=1, floats=False
            )
        memory_limit, max_found = check_options(mode, memory_limit, max_found)
        if self._sorted is None or (ties and not self._ties_counted):
            self._enumerate_minima(mode, memory_limit, max_found, ties)
        else:
            check_found(int(self._sorted[0].shape[0]), max_found)
        return self._copy_minima(max_minima)

    def _enumerate_minima(
        self, mode: str, memory_limit: int | None, max_found: int | None, ties: bool = False
    ) -> None:
        """Enumerate, compute every minimum's energy (vectorised, bit for bit
        :func:`anpo.align.formal.energy`) and sort them by (energy, configuration)."""
        from anpo.align import _minima

        # enumerate in the tie order (names sorted), so that basins do not depend on the order
        # the actors are listed (review14 F2), and map the minima back to the given order
        perm = self.tie_order
        w = self.weights if perm is None else np.ascontiguousarray(self.weights[np.ix_(perm, perm)])
        if self.k == 2 or self.n <= 2:
            from anpo.align.enum2 import enumerate_two

            res = enumerate_two(
                w,
                self.tolerance,
                mode=mode,
                memory_limit=memory_limit,
                max_found=max_found,
                ties=ties,
            )
            labels = _minima.labels_from_bits(res.minima, self.n)
            counts = res.counts
            total = res.total
            self.enumeration_mode = res.mode
            self.tied_starts = res.tied_starts
        else:
            from anpo.align.enumk import enumerate_k, unrank_many

            rk = enumerate_k(w, self.tolerance, self.k, max_found=max_found, ties=ties)
            labels = unrank_many(rk.minima, self.n, self.k)
            counts = rk.counts
            total = rk.total
            self.enumeration_mode = "stored"
            self.tied_starts = rk.tied_starts
        if perm is not None:
            given = np.empty_like(labels)
            given[:, perm] = labels  # column c of the enumeration is actor perm[c]
            labels = _minima.normalize_rows(given, max(2, min(self.k, self.n)))
        energies = _minima.exact_energies(self.weights, labels)
        order = _minima.sort_order(energies, labels)
        self._sorted = (labels[order], energies[order], np.asarray(counts)[order], int(total))
        self.minima_count = int(order.shape[0])
        self.starts = int(total)
        self._ties_counted = ties
        first = self._sorted[0][0].astype(np.int64)
        self._global = (first, float(self._sorted[1][0]))
        self._global_by = "enumeration"

    def lowest_ties(self) -> int:
        """How many local minima lie within :attr:`tolerance` of the lowest energy (every
        configuration at the lowest energy is a local minimum, so: how many configurations tie
        for the global minimum); enumerates first if :meth:`local_minima` has not run."""
        if self._sorted is None:
            self.local_minima(max_minima=1)
        assert self._sorted is not None
        e = self._sorted[1]
        return int(np.searchsorted(e, e[0] + self.tolerance, side="right"))

    @property
    def tie_rule(self) -> str:
        """The tie rule between steepest moves, in words: ``"actor names"`` (names given) or
        ``"listed order"``."""
        return "actor names" if self._named else "listed order"

    def basin_tie_note(self) -> str | None:
        """The sentence saying how many starting configurations met a tie between steepest
        moves on their descent, whose minimum (so the basin shares) may depend on the tie rule
        (:meth:`local_minima`; the branches of a tie can end at the same minimum, so the count
        is an upper bound on the starts whose minimum depends on it, review17 F2): ``"N of M
        starts met a tie between steepest moves; the shares may depend on the tie rule (actor
        names)."``; None when none did, or before an enumeration that counted them
        (:meth:`local_minima` with ``ties=True``; :attr:`tied_starts`).

        >>> land = Landscape([1, 1, 1], [[0, -1, -1], [-1, 0, -1], [-1, -1, 0]], ["a", "b", "c"])
        >>> _ = land.local_minima(ties=True)
        >>> land.basin_tie_note()
        '1 of 4 starts met a tie between steepest moves; the shares may depend on the tie rule (actor names).'
        """
        if not self.tied_starts or self.starts is None:
            return None
        return (
            f"{self.tied_starts:,} of {self.starts:,} starts met a tie between steepest moves; "
            f"the shares may depend on the tie rule ({self.tie_rule})."
        )

    def minimum_rank(self, config: ArrayLike) -> int | None:
        """The rank (1 = lowest) of ``config`` among all local minima in the order of
        :meth:`local_minima`, or None if it is not a local minimum; enumerates first if
        :meth:`local_minima` has not run."""
        a = self.check_config(config)
        if self._sorted is None:
            self.local_minima(max_minima=1)
        assert self._sorted is not None
        hit = np.flatnonzero((self._sorted[0] == a[None, :]).all(axis=1))
        return int(hit[0]) + 1 if hit.size else None

    def _copy_minima(self, limit: int | None = None) -> list[Minimum]:
        """The first ``limit`` (all when None) cached minima as fresh objects (callers may
        modify their configuration arrays)."""
        assert self._sorted is not None
        labels, energies, counts, total = self._sorted
        m = labels.shape[0] if limit is None else min(limit, labels.shape[0])
        return [
            Minimum(labels[r].astype(np.int64), float(energies[r]), int(counts[r]) / total)
            for r in range(m)
        ]

    def exact_limit(self) -> int:
        """The largest ``n`` for which ``solve("auto")`` runs the exact solver
        (:data:`AUTO_EXACT_MAX`)."""
        return AUTO_EXACT_MAX.get(self.k, AUTO_EXACT_MAX_MANY)

    def _exact(
        self,
        k: int,
        *,
        max_nodes: int | None,
        time_limit: float | None,
        seed: int = 0,
        warm_start: bool = True,
        started: float | None = None,
    ) -> Any:
        """Branch and bound with at most ``k`` coalitions under a budget (default
        :data:`DEFAULT_TIME_LIMIT` seconds when neither budget is given; the time counted from
        ``started``, default now, loading the compiled kernels included), warm-started by a short
        tabu search on larger instances so that an interrupted run still returns a good
        configuration. The result's ``load_seconds`` counts the warm start's loading too."""
        import time

        t0 = time.perf_counter() if started is None else float(started)
        from anpo.align import exact, heuristics

        check_time_limit(time_limit)
        if self.n > exact.MAX_N_EXACT:  # before the warm start, which could take long
            raise AlignError(
                f"the exact solver is limited to {exact.MAX_N_EXACT} actors (got {self.n}); "
                "use a heuristic (tabu)",
                field="method",
            )
        if max_nodes is None and time_limit is None:
            time_limit = DEFAULT_TIME_LIMIT
        inc = None
        warm_load = 0.0
        kk = min(k, self.n)
        if warm_start and self.n > 24:
            # the warm start and the search share one budget (one deadline: t0 + time_limit)
            h = heuristics.heuristic(
                self.weights,
                self.tolerance,
                k=kk,
                method="tabu",
                restarts=8,
                seed=seed,
                sweeps=50,
                time_limit=time_limit,
                started=t0,
            )
            inc = h.config
            warm_load = h.load_seconds
        budget: dict[str, Any] = {
            "max_nodes": max_nodes,
            "time_limit": time_limit,
            "incumbent": inc,
            "started": t0,
        }
        if kk == 2:
            r = exact.branch_and_bound_two(self.weights, self.tolerance, **budget)
        else:
            r = exact.branch_and_bound_k(self.weights, kk, self.tolerance, **budget)
        return dataclasses.replace(r, load_seconds=warm_load + r.load_seconds)

    def global_minimum(
        self, *, time_limit: float | None = None, max_nodes: int | None = None
    ) -> tuple[NDArray[np.int64], float]:
        """``(config, energy)`` of the global minimum (proven).

        Enumeration when there are at most :data:`ENUMERATE_GLOBAL_UP_TO` configurations (or the
        local minima are already known), else the Russian-doll branch and bound of
        :mod:`anpo.align.exact` under a budget (``time_limit`` seconds, default
        :data:`DEFAULT_TIME_LIMIT`, and/or ``max_nodes``). When the budget is spent before the
        proof, :class:`~anpo.errors.BudgetExceededError` is raised; its ``solution`` holds the
        best configuration found and a valid lower bound. If several configurations tie,
        enumeration returns the lexicographically smallest; branch and bound returns one of them.
        With a free number of coalitions, tied optima may use different numbers of coalitions,
        and the one returned may use more than :meth:`chosen_coalitions` (the smallest number
        that reaches the minimum; review14 F8): count the coalitions from that method, not from
        this configuration.
        """
        check_time_limit(time_limit)  # refused even when enumeration needs no budget
        if self._global is None:
            if self._sorted is not None or self.count_configurations() <= ENUMERATE_GLOBAL_UP_TO:
                self.local_minima(max_minima=1)
            else:
                sol = self.solve("exact", time_limit=time_limit, max_nodes=max_nodes)
                if not sol.proven:
                    raise BudgetExceededError(
                        f"the global minimum of {self.n} actors was not proven within the budget "
                        f"({sol.details.get('stopped', 'budget')}); best energy {sol.energy:.6g}, "
                        f"lower bound {sol.lower_bound:.6g}: give a larger time_limit or use "
                        "solve()",
                        solution=sol,
                    )
                self._global = (sol.config, sol.energy)
                self._global_by = "exact"
        assert self._global is not None
        cfg, e = self._global
        return cfg.copy(), e

    # dup-ok: keyword parameters alike in shape to heuristics.heuristic's (the solver
    # options it forwards, with other defaults and 'auto').
    def solve(
        self,
        method: str = "auto",
        *,
        seed: int = 0,
        restarts: int = 32,
        sweeps: int = 200,
        max_nodes: int | None = None,
        time_limit: float | None = None,
        compare_exact: bool = False,
    ) -> Solution:
        """Global minimum by a chosen method.

        ``method``: ``"auto"`` (the exact branch and bound, warm-started by tabu search, with a
        budget of :data:`AUTO_TIME_LIMIT` seconds unless ``time_limit``/``max_nodes`` say
        otherwise, up to :meth:`exact_limit` actors; tabu search beyond), ``"enumerate"``,
        ``"exact"`` (branch and bound; budget ``time_limit`` seconds and/or ``max_nodes`` nodes
        over the whole search, default :data:`DEFAULT_TIME_LIMIT` seconds), ``"mip"`` (HiGHS, two
        coalitions; ``time_limit`` default :data:`DEFAULT_TIME_LIMIT`), or a heuristic:
        ``"descent"``, ``"anneal"``, ``"tabu"`` (seeded: ``seed``, ``restarts``, ``sweeps``;
        any number of coalitions; ``time_limit`` seconds, default :data:`DEFAULT_TIME_LIMIT`:
        when it is spent the best configuration found so far is returned, its method saying
        so; each ends in a steepest descent that breaks ties between steepest moves by the
        rule of :meth:`local_minima`, the order of the actors' names, and draws its random
        starts and moves in that order, so for a seed its result does not depend on the order
        named actors are listed in). A
        heuristic never runs the exact solver unless ``compare_exact`` is True; then the
        exact solver gets what the heuristic left of the same budget (the call ends within it,
        plus at most a chunk of the search) and the result reports the optimum (or the lower
        bound) and the relative gap; when the global minimum is already proven
        (:meth:`local_minima` or :meth:`global_minimum` ran), it is the optimum and no search is
        run (``details["optimum_from"]`` says how it was proven: ``"enumeration"`` or
        ``"exact"``). ``time_limit`` must be a positive number of seconds; it
        counts from the call's start, loading the compiled solvers included (:class:`Solution`).
        """
        import time

        t0 = time.perf_counter()  # the budget's clock: importing and loading the solvers count
        from anpo._jit import compiled_since
        from anpo.align import exact, heuristics

        def elapsed() -> float:  # on the budget's clock: compiling kernels is not charged
            return time.perf_counter() - t0 - compiled_since(t0)

        imported = time.perf_counter() - t0
        check_time_limit(time_limit)
        auto = method == "auto"
        if auto:
            method = "exact" if self.n <= self.exact_limit() else "tabu"
            if method == "exact" and max_nodes is None and time_limit is None:
                time_limit = AUTO_TIME_LIMIT
        if method == "enumerate":
            self.local_minima(max_minima=1)
            cfg, e = self.global_minimum()
            return Solution(cfg, float(e), "enumeration", True, float(e), seconds=elapsed())
        if method == "exact":
            r = self._exact(
                self.k, max_nodes=max_nodes, time_limit=time_limit, seed=seed, started=t0
            )
            return Solution(
                r.config,
                r.energy,
                r.method + ("" if r.proven else f", stopped on its {r.stopped}"),
                r.proven,
                r.lower_bound,
                seconds=elapsed(),
                details={
                    "nodes": r.nodes,
                    "stopped": r.stopped,
                    "load_seconds": imported + r.load_seconds,
                    "compile_seconds": compiled_since(t0),
                },
            )
        if method == "mip":
            if self.k > 2:
                raise AlignError("the MIP solver handles two coalitions", field="method")
            r = exact.mip_two(
                self.weights,
                time_limit=DEFAULT_TIME_LIMIT if time_limit is None else time_limit,
                started=t0,
            )
            return Solution(
                r.config,
                r.energy,
                # said as the exact solver says it ('MIP (HiGHS, ...)' alone read as finished)
                r.method + (f", stopped on its {r.stopped}" if r.stopped else ""),
                r.proven,
                r.lower_bound,
                seconds=elapsed(),
                details={"nodes": r.nodes, "stopped": r.stopped},
            )
        if method in {"descent", "anneal", "tabu"}:
            # the heuristics' (final) descent breaks ties between steepest moves as the basins
            # do (local_minima): the first actor in the order of the names, then the lowest
            # target label normalised in that order; each heuristic runs on the actors in that
            # order (tie_order), its random starts and moves drawn in it too, so the same named
            # actors listed in another order give the same named result for a seed (mend16a:
            # descent broke them by position, the basins by name; mend16e: anneal and tabu too)
            perm = self.tie_order
            w = (
                self.weights
                if perm is None
                else np.ascontiguousarray(self.weights[np.ix_(perm, perm)])
            )
            h = heuristics.heuristic(
                w,
                self.tolerance,
                k=self.k,
                method=method,
                restarts=restarts,
                seed=seed,
                sweeps=sweeps,
                time_limit=DEFAULT_TIME_LIMIT if time_limit is None else time_limit,
                started=t0,
            )
            if perm is not None:  # back to the listed order (column c is actor perm[c])
                given = np.empty_like(h.config)
                given[perm] = h.config
                given = model.normalize(given)
                h = dataclasses.replace(h, config=given, energy=model.energy(self.weights, given))
            label = f"{method} (seed {seed}, {h.restarts} restarts)"  # checked: 3.0 is 3
            if h.stopped:
                label = (
                    f"{method} (seed {seed}, {h.restarts_done} of {h.restarts} restarts), stopped "
                    f"on its {h.stopped}"
                )
            if auto:
                label += f"; beyond the exact range ({self.exact_limit()} actors)"
            details: dict[str, Any] = {
                "best_restart": h.best_restart,
                "hits": h.hits,
                "stopped": h.stopped,
                "restarts_done": h.restarts_done,
                "load_seconds": imported + h.load_seconds,
                "compile_seconds": compiled_since(t0),
            }
            if not compare_exact:
                return Solution(
                    h.config, h.energy, label, False, None, seconds=h.seconds, details=details
                )
            if self._global is not None:
                # the global minimum is already proven (local_minima or global_minimum ran):
                # it is the optimum, nothing to search again
                opt = float(self._global[1])
                gap = self._relative_gap(h.energy, opt, details)
                details["optimum_from"] = self._global_by
                proven = h.energy <= opt + self.tolerance
                return Solution(
                    h.config, h.energy, label, proven, opt, opt, gap, elapsed(), details
                )
            # one budget for both (the default one when neither budget is given): the exact
            # solver gets what the heuristic left of it (its deadline is t0 + time_limit)
            if time_limit is None and max_nodes is None:
                time_limit = DEFAULT_TIME_LIMIT
            t_exact = time.perf_counter()
            r = self._exact(
                self.k,
                max_nodes=max_nodes,
                time_limit=time_limit,
                seed=seed,
                warm_start=False,
                started=t0,
            )
            details["load_seconds"] += r.load_seconds
            details["compile_seconds"] = compiled_since(t0)
            details.update(
                {
                    "exact_nodes": r.nodes,
                    "exact_stopped": r.stopped,
                    "exact_seconds": time.perf_counter() - t_exact - compiled_since(t_exact),
                    "optimum_from": "exact",
                }
            )
            if r.proven:
                opt = r.energy
                gap = self._relative_gap(h.energy, opt, details)
                proven = h.energy <= opt + self.tolerance
                return Solution(
                    h.config,
                    h.energy,
                    label,
                    proven,
                    opt,
                    opt,
                    gap,
                    elapsed(),
                    details,
                )
            lb = r.lower_bound
            gap = self._relative_gap(h.energy, lb, details)
            details["gap_to"] = "lower bound"
            return Solution(h.config, h.energy, label, False, lb, None, gap, elapsed(), details)
        raise AlignError(
            f"unknown method {method!r}; choose auto, enumerate, exact, mip, descent, anneal, tabu",
            field="method",
        )

    def _relative_gap(self, e: float, ref: float, details: dict[str, Any]) -> float | None:
        """``(e - ref) / |ref|``, the relative gap of an energy ``e`` to an optimum or lower
        bound ``ref``; with ``ref = 0`` it is 0 when ``e`` ties it and undefined (None) above
        it (it was ``e - ref`` under the relative label: '800% = (E - optimum) / |optimum|,
        optimum 0'). ``details["gap_absolute"]`` gets ``e - ref``."""
        details["gap_absolute"] = e - ref
        if ref != 0:
            return (e - ref) / abs(ref)
        return 0.0 if e <= ref + self.tolerance else None

    def energy_by_coalitions(
        self,
        k_max: int | None = None,
        *,
        time_limit: float | None = None,
        max_nodes: int | None = None,
    ) -> list[tuple[int, float]]:
        """Proven minimum energy with at most ``k`` coalitions, ``k = 1..k_max``.

        The minimum is non-increasing in ``k``; the number of coalitions *chosen by minimum
        energy* is the smallest ``k`` that reaches the overall minimum ([galam1998]'s point that
        ``k`` should not be fixed a priori). Budget: ``time_limit`` seconds for the whole call
        (default :data:`DEFAULT_TIME_LIMIT`) and/or ``max_nodes`` per exact search; when it is
        spent, :class:`~anpo.errors.BudgetExceededError` is raised with the proven entries in
        ``partial`` and the interrupted search's best configuration and bound in ``solution``.
        A ``k_max`` that is not an integer >= 1, or a ``time_limit`` that is not a positive
        number of seconds, raises :class:`~anpo.errors.AlignError`.
        """
        import time

        from anpo._jit import compiled_since

        t0 = time.perf_counter()  # loading the compiled kernels is on the clock, compiling not
        # a time limit of -1 raised BudgetExceededError ('the budget ran out'), and a k_max of
        # 0 or -1 answered [(1, 0.0)], 2.5 as 2: bad arguments are AlignErrors
        check_time_limit(time_limit)
        if k_max is not None:
            k_max = whole_number(k_max, "k_max", error=AlignError, minimum=1, floats=False)
        if time_limit is None and max_nodes is None:
            time_limit = DEFAULT_TIME_LIMIT
        k_max = self.n if k_max is None else min(k_max, self.n)
        out = [(1, 0.0)]
        for k in range(2, k_max + 1):
            spent = time.perf_counter() - t0 - compiled_since(t0)
            left = None if time_limit is None else time_limit - spent
            if left is not None and left <= 0:
                raise BudgetExceededError(
                    f"energy_by_coalitions: the budget ran out before k = {k}", partial=out
                )
            r = self._exact(k, max_nodes=max_nodes, time_limit=left, warm_start=False)
            if not r.proven:
                raise BudgetExceededError(
                    f"energy_by_coalitions: the minimum with at most {k} coalitions was not "
                    f"proven within the budget ({r.stopped}); lower bound {r.lower_bound:.6g}",
                    solution=Solution(
                        r.config,
                        r.energy,
                        r.method,
                        False,
                        r.lower_bound,
                        details={"nodes": r.nodes, "stopped": r.stopped},
                    ),
                    partial=out,
                )
            out.append((k, r.energy))
        return out

    def chosen_coalitions(
        self, *, time_limit: float | None = None, max_nodes: int | None = None
    ) -> int:
        """The number of coalitions chosen by minimum energy: the smallest ``k`` whose minimum
        energy with at most ``k`` coalitions reaches the free minimum within :attr:`tolerance`
        (the definition :meth:`energy_by_coalitions` states, after [galam1998]).

        Review14 F8: it was the block count of whichever tied free optimum the branch and bound
        returned, 3 where 2 coalitions already reach the minimum. Now the free minimum is
        proven first (its block count ``m`` bounds the answer), then the minima with at most
        ``k = 2, 3, ... m - 1`` coalitions until one reaches it (``k = 1``: energy 0). Budget:
        ``time_limit`` seconds for the whole call (default :data:`DEFAULT_TIME_LIMIT`) and/or
        ``max_nodes`` per exact search; when it is spent,
        :class:`~anpo.errors.BudgetExceededError` is raised. :meth:`chosen_minimum` gives the
        configuration with that many coalitions as well.
        """
        return self.chosen_minimum(time_limit=time_limit, max_nodes=max_nodes).k

    def chosen_minimum(
        self, *, time_limit: float | None = None, max_nodes: int | None = None
    ) -> ChosenMinimum:
        """The number of coalitions chosen by minimum energy (:meth:`chosen_coalitions`) with
        a configuration of exactly that many coalitions at the free minimum, and the free
        optimum the branch and bound returned (:class:`ChosenMinimum`; budget as in
        :meth:`chosen_coalitions`).

        The configuration is the proven minimum with at most ``k`` coalitions; it uses exactly
        ``k``, since fewer do not reach the free minimum ([galam1998]; mend16a: the report
        printed the blocks of the free optimum, 3 coalitions where 2 reach the same minimum).
        """
        import time

        t0 = time.perf_counter()  # one deadline for every search: t0 + time_limit
        check_time_limit(time_limit)
        if time_limit is None and max_nodes is None:
            time_limit = DEFAULT_TIME_LIMIT
        r = self._exact(
            self.n, max_nodes=max_nodes, time_limit=time_limit, warm_start=False, started=t0
        )
        if not r.proven:
            raise BudgetExceededError(
                f"the free-coalition minimum was not proven within the budget ({r.stopped})",
                solution=Solution(r.config, r.energy, r.method, False, r.lower_bound),
            )
        free_config = np.asarray(r.config, dtype=np.int64)
        free_energy = float(r.energy)
        reach = free_energy + self.tolerance
        blocks = int(free_config.max() + 1)
        if blocks > 1 and 0.0 <= reach:  # one coalition (energy 0) already reaches it
            return ChosenMinimum(1, np.zeros(self.n, dtype=np.int64), 0.0, free_config, free_energy)
        for k in range(2, blocks):
            rk = self._exact(
                k, max_nodes=max_nodes, time_limit=time_limit, warm_start=False, started=t0
            )
            if not rk.proven:
                raise BudgetExceededError(
                    f"the minimum with at most {k} coalitions was not proven within the budget "
                    f"({rk.stopped})",
                    solution=Solution(rk.config, rk.energy, rk.method, False, rk.lower_bound),
                )
            if rk.energy <= reach:
                cfg = model.normalize(np.asarray(rk.config, dtype=np.int64))
                return ChosenMinimum(k, cfg, float(rk.energy), free_config, free_energy)
        return ChosenMinimum(blocks, free_config.copy(), free_energy, free_config, free_energy)

    def __repr__(self) -> str:
        k = "free" if self.coalitions is None else self.coalitions
        return f"Landscape(n={self.n}, coalitions={k})"


def _tie_order(names: Sequence[str]) -> NDArray[np.intp] | None:
    """The actors' indices in the order of their names (Python's string order; names are
    unique), or None when that is the listed order."""
    order = np.array(sorted(range(len(names)), key=lambda i: names[i]), dtype=np.intp)
    return None if bool(np.all(order == np.arange(len(names)))) else order


def landscape(
    sizes: ArrayLike,
    propensity: ArrayLike,
    names: Sequence[str] | None = None,
    *,
    coalitions: int | str | None = 2,
) -> Landscape:
    """Build a landscape [axelrod1993] from sizes and a propensity matrix.

    Parameters
    ----------
    sizes: positive sizes ``s_i`` (the paper uses COW capability shares).
    propensity: symmetric ``n x n`` matrix; positive = the pair wants to be together. The diagonal
        is ignored (``d_ii = 0``, so ``p_ii`` never enters E or F).
    names: optional actor names.
    coalitions: 2 (default, the paper's case), any ``k >= 2`` (at most ``k`` coalitions), or
        ``"auto"`` / ``None`` for a free number chosen by minimum energy.

    Returns
    -------
    Landscape
        A :class:`Landscape` with ``.energy(config)``, ``.global_minimum()`` returning
        ``(config, energy)`` and ``.local_minima()`` returning
        ``[(config, energy, basin_share)]`` sorted by energy. Bad input raises
        :class:`anpo.errors.AlignError`.
    """
    return Landscape(sizes, propensity, names, coalitions=coalitions)


def minima_note(
    count: int, listed: int, configurations: int, tied: int, *, verb: str = "listed"
) -> str | None:
    """The sentence saying that only the lowest ``listed`` of ``count`` local minima are given,
    and why there are so many; None when all are given.

    A local minimum is a configuration no single actor can improve by moving [axelrod1993,
    p. 217], so when every propensity is 0 every one of the ``configurations`` is one, and every
    configuration at the lowest energy is one: ``tied`` (:meth:`Landscape.lowest_ties`) of them
    tie for it, and the order among tied minima is the configuration's, not the model's. The
    minima are ranked by energy, then configuration (:meth:`Landscape.local_minima`), whose
    energies and basin shares are those of the full list. ``verb`` says what the caller does
    with the lowest ones ("listed" by the web's landscape, "kept" by ``anpo align``, whose text
    shows only the first few it keeps). One wording for ``anpo align``'s ``local_minima_note``
    and the web's ``minima_note``.

    >>> minima_note(2048, 30, 2048, 2048)[:60]
    '2,048 local minima; the lowest 30 are listed (ranked by ener'
    >>> print(minima_note(1024, 1000, 8192, 1024, verb="kept"))
    1,024 local minima; the lowest 1,000 are kept (ranked by energy, then configuration; their energies and basin shares are exact): all tie for the lowest energy (the model prefers none of them).
    >>> minima_note(12, 12, 2048, 1) is None
    True
    """
    if count <= listed:
        return None
    every = count == configurations
    why = (
        "every configuration is a local minimum and all tie for the lowest energy (the model "
        "prefers none of them)"
        if every and tied == count
        else "every configuration is a local minimum"
        if every
        else "all tie for the lowest energy (the model prefers none of them)"
        if tied == count
        else f"{tied:,} of them tie for the lowest energy (the model prefers none of those)"
        if tied > listed
        else ""
    )
    return (
        f"{count:,} local minima; the lowest {listed:,} are {verb} (ranked by energy, then "
        "configuration; their energies and basin shares are exact)" + (f": {why}." if why else ".")
    )
