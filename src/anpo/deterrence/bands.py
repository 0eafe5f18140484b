"""Uncertainty bands of the deterrence measures: a scenario's ``[[uncertainties]]`` drawn together.

Method
------
- **Inputs.** The uncertain inputs are the scenario file's ``[[uncertainties]]``
  (:mod:`anpo.scenario.uncertainty`): each a distribution with its stated basis (beta for
  probabilities, log-normal or triangular for counts and scales). Nothing is shifted and clipped:
  every draw lies inside its field's range because the distribution does.
- **Design.** A Latin hypercube of ``draws`` points on the unit cube [mckay1979], mapped through
  each distribution's inverse CDF. One draw sets every uncertain input of the scenario (a list
  target takes one value in all its places), so the variants and dyads of a scenario are compared
  at the same draws (common random numbers: differences between variants are not sampling
  noise).
- **Model.** Each draw is applied with the scenario's ``apply_uncertainties``
  (:meth:`anpo.scenario.schema.Scenario.apply_uncertainties`: the scenario is re-validated) and
  the measures are computed by the same functions as the point estimates
  (:mod:`anpo.deterrence.questions`), so a band and its point estimate use one model. By
  default each striker keeps the counterforce plan it chose on the point estimates (it plans
  on its best estimates; the draws are what it does not know), so a band is the spread of that
  plan's outcomes; ``plan="replan"`` re-optimises the plan in every draw instead.
- **Summary.** For each case, dyad and measure: the point estimate (the file's own values), the
  median and the 5th and 95th percentiles over the draws where the measure is defined
  (linear interpolation between order statistics: [hyndman1996, definition 7], as
  ``numpy.quantile``), their mean and the share of draws where the measure is defined
  (``defined``: a cost of an attack that cannot happen is undefined).
- **Censoring.** The reaction curve searches forces up to a limit (``max_launchers``, by default
  :data:`anpo.deterrence.questions.REACTION_MAX_LAUNCHERS`). A draw where no force up to it meets
  the goal is not undefined: it needs *more than* the limit. Such a draw is right-censored and
  stays in the sample, above every reachable draw (:func:`censored_quantiles`); dropping it would
  bias the band down and could make it fall as the interceptors rise. A percentile is exact
  while the draws its interpolation uses are reachable; one that uses a censored draw is
  unknown beyond the limit: NaN, with its ``<column>_above_limit`` flag set, and printed
  ``> LIMIT`` ("it falls among the draws that need more than the limit"). The mean is undefined
  (NaN) when any draw is censored. ``above_limit`` is the share of the draws beyond the limit
  (0 for the measures without a search).
- **Seeds.** The hypercube's generator is seeded with the master seed and a stable hash
  (BLAKE2b) of the scenario id, never Python's salted ``hash`` nor a character sum: the same seed
  gives the same numbers whatever the thread count, the order the cases are computed in, or
  which cases are asked for.

Measures (``measure`` column; ``where`` names the territory or side and ``role`` says which it
is, ``homeland``, ``ally``, ``defender`` or ``rival``; ``x`` is the ``m`` or the interceptor
count):

- ``p_arrive``: P(at least ``x`` of the rival's warheads reach ``where``) after the defender's
  counterforce first strike, through the defenses covering ``where``;
- ``cost_first`` / ``cost_second``: the Kent-Thaler expected cost to side ``where`` of striking
  first / of being struck first [kent1989]; ``incentive``: ``cost_second - cost_first``
  (positive: the side is better off striking first);
- ``fss``: the first-strike stability index, where it is defined;
- ``launchers_needed``: the rival's reaction curve (``where`` is the rival), launchers of its
  growth component needed for P(at least ``reaction_m`` arrive) >= ``reaction_q`` against ``x``
  interceptors; right-censored at the search limit (``limit`` column; see Censoring);
- the costs, incentives and index are each variant's own measure
  (:func:`anpo.deterrence.questions.own_convention`, the one rule every quoted stability figure
  follows): with launch under attack where a side of the dyad has launchers on that posture
  and the other side deliverable warheads (``convention`` ``"lua"``), else without (``"plain"``), so a band is of the measure its point
  estimate quotes; the plans held fixed are those of each exchange's point estimate (and
  the reaction curve's counterforce level that of the point estimate's curve);
- ``p_arrive`` and ``launchers_needed`` are of the exchange without launch under attack
  (``convention`` ``"plain"``), as their point estimates everywhere are: the rival's survivors
  of the defender's first strike are those of its forces riding out the attack (the exchange
  with launch under attack would let ``lua_fraction`` of a rival component on that posture
  launch before the warheads arrive, so these measures would depend on the rival's posture).

Columns of :func:`bands`: ``scenario``, ``year``, ``variant``, ``dyad``, ``measure``, ``where``,
``role``, ``x``, ``convention`` (``"lua"`` or ``"plain"``, the exchange the row is of, above),
``point``, one column per quantile (``p05``, ``p50``, ``p95``), ``mean``,
``defined``, ``above_limit``, ``limit`` (the search limit of ``launchers_needed``, NaN for the
other measures), ``point_above_limit`` and one ``<quantile>_above_limit`` flag per quantile
(True: the value is beyond the limit, shown as NaN), ``draws``.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from anpo._checks import name_list, seed_number, whole_number
from anpo._progress import ProgressFn
from anpo.errors import InputError

__all__ = [
    "CONVENTIONS",
    "DEFAULT_SEED",
    "MEASURES",
    "band_convention",
    "stable_seed",
    "latin_hypercube",
    "input_sample",
    "case_measures",
    "censored_quantiles",
    "bands",
    "band_work",
    "MAX_BAND_WORK",
]

DEFAULT_SEED = 20010710
"""The report's master seed (the seed's date)."""

MEASURES: dict[str, str] = {
    "p_arrive": "P(at least m of the rival's warheads reach the territory) after the defender's "
    "counterforce first strike, through the defenses covering it",
    "cost_first": "Kent-Thaler expected cost to the side of striking first (Kent & Thaler 1989)",
    "cost_second": "Kent-Thaler expected cost to the side of being struck first",
    "incentive": "cost of being struck first minus cost of striking first (positive: the side "
    "gains by striking first)",
    "fss": "first-strike stability index (Kent & Thaler 1989), where it is defined",
    "launchers_needed": "the rival's reaction curve: launchers of its growth component needed "
    "for P(at least m warheads arrive) >= q (the goal m, q of each scenario file's settings) "
    "against x interceptors; a draw where no force up to the search limit meets the goal needs "
    "more than the limit (right-censored: 'above limit' is the share of such draws, and a "
    "percentile that falls among them is shown as '> limit')",
}
"""What each ``measure`` of :func:`bands` is (for tables and figures)."""


def stable_seed(*parts: object) -> int:
    """A 64-bit integer from ``parts`` that is the same in every process and on every machine
    (BLAKE2b of their text, unlike Python's salted ``hash``; distinct for anagrams, unlike a
    character sum)."""
    text = "\x1f".join(repr(p) for p in parts)
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def latin_hypercube(n: int, d: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` points of a Latin hypercube in ``[0, 1)^d`` [mckay1979]: each
    column puts exactly one point in each of the ``n`` equal strata, at a uniform position
    inside it, the strata of different columns paired by independent random permutations."""
    for name, v in (("n", n), ("d", d)):  # 2.5 was numpy's TypeError
        whole_number(v, name, floats=False)  # sizes (typed int): 3.0 too is refused
    if n < 1 or d < 0:
        raise InputError("a Latin hypercube needs n >= 1 points and d >= 0 dimensions", field="n")
    if not isinstance(rng, np.random.Generator):  # a seed was "'int' has no attribute"
        raise InputError(
            f"must be a numpy Generator (np.random.default_rng(seed)), got {rng!r}", field="rng"
        )
    out = np.empty((n, d))
    for j in range(d):
        out[:, j] = (rng.permutation(n) + rng.random(n)) / n
    return out


def _uncertainties(scenario: Any) -> list[Any]:
    """The ``[[uncertainties]]`` of ``scenario``, a whole scenario file; anything else (a
    ``book:NAME`` text, a path) is an :class:`InputError` saying how to get one: the message
    itself was an AttributeError (``'str' object has no attribute 'scenario'``, audit30)."""
    from anpo.deterrence.scenario import DeterrenceScenario

    if not isinstance(scenario, DeterrenceScenario) or not hasattr(scenario, "apply_uncertainties"):
        given = repr(scenario) if isinstance(scenario, str) else "'book:NAME'"
        raise InputError(
            f"needs a Scenario (anpo.scenario.load_scenario({given}) reads a file or a "
            f"book:NAME, anpo.scenario.load_book() the book), got {type(scenario).__name__}",
            field="scenario",
        )
    unc = list(getattr(scenario, "uncertainties", []) or [])
    if not unc:
        raise InputError(
            f"scenario {scenario.scenario.id!r} declares no [[uncertainties]]; add distributions "
            "for its uncertain inputs to get bands",
            field="uncertainties",
        )
    return unc


def input_sample(scenario: Any, draws: int, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """The ``draws`` values of every ``[[uncertainties]]`` entry of ``scenario``: one row per draw,
    one column per uncertainty name (the value before it is rounded for a whole-number field).

    The draws are a Latin hypercube [mckay1979] (:func:`latin_hypercube`) mapped through each
    distribution's inverse CDF. The generator is seeded with ``(seed, stable_seed(scenario id))``.
    """
    unc = _uncertainties(scenario)
    # not int(): 2.5 draws were 2 and seed 2.5 the sample of seed 2; NaN was a bare ValueError
    draws = whole_number(draws, "draws", what="a whole number of draws")
    if draws < 2:
        raise InputError("draws must be at least 2", field="draws")
    # one seed, one sample: seed % 2**63 made -1 draw what 2**63-1 draws (and 2**63 what 0
    # does); seeds are integers from 0 to 2**63-1 (seed_number), as every anpo seed is
    seed = seed_number(seed)
    rng = np.random.default_rng([seed, stable_seed(scenario.scenario.id)])
    u = latin_hypercube(draws, len(unc), rng)
    cols: dict[str, Any] = {}
    for j, item in enumerate(unc):
        cols[item.name] = item.ppf(u[:, j])
    return pd.DataFrame(cols)


def censored_quantiles(
    values: np.ndarray | Sequence[float], qs: Sequence[float]
) -> tuple[np.ndarray, np.ndarray]:
    """Quantiles of a right-censored sample: ``(quantiles, beyond)``.

    ``values``: one value per draw; ``+inf`` marks a draw censored at the search limit (its
    value is above it, unknown), NaN a draw where the measure is undefined (left out, as for
    every measure). The censored draws stay in the sample, ordered above every reachable one.
    Each quantile is the linear interpolation between order statistics [hyndman1996, definition 7]
    (``numpy.quantile``'s default),
    over the defined draws: exact when the order statistics it uses (weight > 0) are
    reachable, and then equal to ``numpy.quantile`` of the full sample whatever the censored
    values are; otherwise it is beyond the limit: NaN, with ``beyond`` True. Without
    censored draws this is ``numpy.quantile``. With no defined draw, every quantile is NaN and
    not beyond. A quantile outside [0, 1] (or NaN) is an :class:`InputError`, as
    ``numpy.quantile`` refuses it (it was NaN and beyond).

    >>> q, beyond = censored_quantiles([3.0, 1.0, 2.0, float("inf")], [0.0, 0.5, 1.0])
    >>> q.tolist(), beyond.tolist()
    ([1.0, 2.5, nan], [False, False, True])
    """
    x = np.asarray(values, dtype=float).ravel()
    x = np.sort(x[~np.isnan(x)])  # +inf sorts last: the censored draws above the reachable
    qq = np.asarray(qs, dtype=float)
    if not np.all((qq >= 0) & (qq <= 1)):  # NaN too; numpy.quantile refuses them (audit30)
        bad = next(float(q) for q in qq.ravel() if not 0 <= q <= 1)
        raise InputError(f"a quantile is a probability from 0 to 1, got {bad:g}", field="qs")
    out = np.full(qq.shape, np.nan)
    beyond = np.zeros(qq.shape, dtype=bool)
    n = x.size
    if n == 0:
        return out, beyond
    reachable = int(np.isfinite(x).sum())
    h = (n - 1) * qq
    lo = np.floor(h).astype(np.int64)
    frac = h - lo
    hi = np.minimum(lo + 1, n - 1)
    top = np.where(frac > 0, hi, lo)  # the highest order statistic the interpolation uses
    beyond = top >= reachable
    ok = ~beyond
    if ok.any():
        # the exact quantiles do not use the censored draws (weight 0 at most): any finite
        # stand-in above the reachable draws gives numpy's own numbers
        filled = np.where(np.isfinite(x), x, x[reachable - 1])
        out[ok] = np.quantile(filled, qq[ok])
    return out, beyond


# ----------------------------------------------------------------------------- one case
def _scalar(x: Any) -> float:
    if x is None:
        return math.nan
    arr = np.asarray(x, dtype=float).ravel()
    return float(arr[0]) if arr.size else math.nan


Plans = dict[str, tuple[dict[str, int], dict[str, int]]]
"""Each dyad's (defender's, rival's) first-strike plan, by dyad label."""

Row = tuple[str, str, str, str, float, float, str]
"""One measure of one case: ``(dyad, measure, where, role, x, value, convention)``."""

#: The ``convention`` of a band row: ``"lua"``, the exchange with launch under attack by the
#: forces on that posture (:func:`anpo.deterrence.questions.own_convention`'s ``"lua"``);
#: ``"plain"``, the exchange without it (every force riding out the attack).
CONVENTIONS = ("lua", "plain")


def band_convention(own: str) -> str:
    """The ``convention`` of the band rows of a measure quoted under ``own`` (an
    :func:`anpo.deterrence.questions.own_convention` answer): ``"lua"`` for ``"lua"``, else
    ``"plain"`` (``"no-lua"``: both exchanges are one; ``"lua-not-computed"``: the figure is
    that of the exchange without launch under attack), so a quoted figure is matched with the
    band of its own measure.

    >>> band_convention("lua"), band_convention("no-lua"), band_convention("lua-not-computed")
    ('lua', 'plain', 'plain')
    """
    return "lua" if own == "lua" else "plain"


def _measure_case(
    case: Any,
    dyads: Sequence[str] | None,
    reaction: bool | Sequence[str],
    plans: tuple[Plans, Plans] | None,
    max_launchers: int,
    conventions: Mapping[str, str] | None = None,
    levels: Mapping[str, int] | None = None,
) -> tuple[list[Row], tuple[Plans, Plans], dict[str, str], dict[str, int]]:
    """The case's measures (:func:`case_measures`) and the plans its strikers used, in the
    exchanges without and with launch under attack. The costs, incentives and index are of the
    variant's own convention (:func:`anpo.deterrence.questions.own_convention`, the rule every
    quoted stability figure follows), so a band is of the measure its point estimate quotes;
    the arrivals and the reaction curve are of the exchange without launch under attack, as
    their point estimates everywhere are (:func:`anpo.deterrence.questions.answer_case`).

    ``conventions``: the convention (``"lua"`` or ``"plain"``) of each dyad's costs, incentives
    and index, by label, which a draw takes from the point estimate (the third value returned,
    each dyad's own there): a draw can change whether a side launches under attack (an
    uncertainty drawing the only such force's launchers down to 0), and a band of draws of two
    measures under one label mixed the exchanges (review29 of stab29).

    ``levels``: the reaction curve's counterforce level (the defender's warheads per launcher
    of the growth component) of each dyad, by label, which a draw holding the plans takes from
    the point estimate (the fourth value returned, each curve's level there): the level is part
    of the defender's plan, and where the variant holds no launcher of the component to strike
    it is the plan against the smallest force that has one, which each draw searched afresh
    (deter30; one measure per band, as the plans and the convention)."""
    from anpo.deterrence.questions import answer_case, lua_sides, own_convention, reaction_table

    out: list[Row] = []
    used: Plans = {}
    used_lua: Plans = {}
    convs: dict[str, str] = {}
    held: dict[str, int] = {}
    fixed, fixed_lua = plans if plans is not None else (None, None)
    for ans in answer_case(
        case,
        with_lua=True,
        with_extended=False,
        allocations=fixed,
        allocations_lua=fixed_lua,
        dyads=dyads,
    ):
        label = ans.label
        plain, lua = ans.stability, ans.stability_lua
        used[label] = (dict(plain.a_first.allocation), dict(plain.b_first.allocation))
        used_lua[label] = (dict(lua.a_first.allocation), dict(lua.b_first.allocation))
        for where, tail in ans.exposure.items():
            role = "homeland" if where == ans.defender else "ally"
            for m, p in tail.items():
                out.append((label, "p_arrive", where, role, float(m), float(p), "plain"))
        if conventions is not None and label in conventions:
            conv = conventions[label]
        else:
            conv = band_convention(own_convention(lua_sides(ans), ans.lua_computed))
        convs[label] = conv
        st = lua if conv == "lua" else plain
        d = st.defined()  # None: the measure of an attack that cannot happen (no warheads)
        for side, role, c1, c2, inc in (
            (ans.defender, "defender", d["c1_a"], d["c2_a"], d["incentive_a"]),
            (ans.rival, "rival", d["c1_b"], d["c2_b"], d["incentive_b"]),
        ):
            out.append((label, "cost_first", side, role, math.nan, _scalar(c1), conv))
            out.append((label, "cost_second", side, role, math.nan, _scalar(c2), conv))
            out.append((label, "incentive", side, role, math.nan, _scalar(inc), conv))
        out.append((label, "fss", "", "", math.nan, _scalar(st.fss), conv))
        if reaction is True or (not isinstance(reaction, bool) and label in reaction):
            table = reaction_table(
                ans, max_launchers=max_launchers, counterforce_level=(levels or {}).get(label)
            )
            if not table.empty:
                held[label] = int(table["counterforce_level"].iloc[0])
                for x, n in zip(table["interceptors"], table["launchers_needed"], strict=True):
                    value = float(n) if n >= 0 else math.inf  # more than max_launchers
                    out.append(
                        (label, "launchers_needed", ans.rival, "rival", float(x), value, "plain")
                    )
    return out, (used, used_lua), convs, held


def case_measures(
    case: Any,
    *,
    dyads: Sequence[str] | None = None,
    reaction: bool | Sequence[str] = True,
    plans: Plans | None = None,
    max_launchers: int | None = None,
) -> list[Row]:
    """The measures of one scenario case as ``(dyad, measure, where, role, x, value,
    convention)`` tuples (see the module docstring; ``role``: ``homeland`` or ``ally`` for a
    territory, ``defender`` or ``rival`` for a side; ``convention``: ``"lua"`` or ``"plain"``,
    the exchange the value is of, the variant's own for the costs, incentives and index),
    computed by :mod:`anpo.deterrence.questions` (arrivals through
    the defenses [wilkening1999]; costs and the index [kent1989]; the reaction curve anpo's own).
    ``value`` is NaN
    where the measure is undefined and ``+inf`` for a reaction-curve point beyond the search
    limit ``max_launchers`` (default :data:`anpo.deterrence.questions.REACTION_MAX_LAUNCHERS`):
    no force up to it meets the goal.

    ``dyads`` limits the dyads (by label); ``reaction`` is True (reaction curves for every dyad),
    False (none: the curves are the costliest measure) or the labels of the dyads to do;
    ``plans`` fixes the strikers' counterforce plans by dyad label (default: each searches its
    best plan), in both exchanges (with launch under attack too).
    """
    from anpo.deterrence.questions import REACTION_MAX_LAUNCHERS

    limit = (  # not int(): 1.7 was read as a limit of 1 (reaction_curve checks the rest)
        REACTION_MAX_LAUNCHERS
        if max_launchers is None
        else whole_number(max_launchers, "max_launchers")
    )
    fixed = None if plans is None else (plans, plans)
    return _measure_case(case, dyads, reaction, fixed, limit)[0]


# ----------------------------------------------------------------------------- bands
def check_draws(n: int, field: str = "draws") -> int:
    """``n`` when it is a number of draws :func:`bands` takes (2 to the scenario limit of
    ``settings.uncertainty_draws``); else :class:`~anpo.errors.InputError` naming ``field``."""
    from anpo.deterrence.scenario import LIMITS

    most = LIMITS[("settings", "uncertainty_draws")]
    # 2.5 draws passed the range check (bands read them as 2 with int()); True was shown as 1
    n = whole_number(n, field, what="a whole number of draws")
    if not 2 <= n <= most:
        raise InputError(f"draws must be 2 to {most:,}, got {n:,}", field=field)
    return n


def _id_list(value: Iterable[str] | None, field: str, what: str) -> list[str] | None:
    """``value`` (ids or labels) as a list, None kept; :class:`~anpo.errors.InputError` naming
    ``field`` for a bare string, which was read character by character ('unknown variant "-"'
    for ``"nmd-c1"``): a list of ``what`` is wanted, even of one (anpo's choice: refused, not
    read as one id, so a typo in a list and a forgotten list say different things), by the
    rule of :func:`anpo._checks.name_list`."""
    if value is None:
        return None
    example = value if isinstance(value, str) else "..."
    return name_list(value, field, example, what=what)


#: Default limit of :func:`band_work` evaluations that ``anpo bands`` takes without
#: ``--max-work``: the file's default 100 draws of every variant of book:us-japan-2001 with
#: its reaction curves are about 33,000 (11 variants, 3 dyads, 1 + 9 grid points, 101 times).
MAX_BAND_WORK = 50_000


def band_work(
    scenario: Any,
    draws: int,
    *,
    variants: Iterable[str] | None = None,
    dyads: Sequence[str] | None = None,
    reaction: bool = True,
) -> int:
    """The evaluations :func:`bands` makes, counted before any is made: for the point estimates
    and each of the ``draws``, every variant and dyad computed (``variants`` and ``dyads`` as
    :func:`bands` takes them; unknown names count nothing) is one exchange evaluation (both
    first strikes, and, where a side has launchers on launch-under-attack posture, both again
    with launch under attack: one evaluation of the dyad's own measure, about 1.4 times the
    CPU of one without) plus, with ``reaction``, one reaction-curve search per interceptor
    count of ``settings.interceptor_grid``. An upper bound: a dyad whose curve is undefined is counted
    too. Counted work, not time, so the estimate is the same on every machine."""
    variants = _id_list(variants, "variants", "variant ids")
    dyads = _id_list(dyads, "dyads", "dyad labels")
    ids = [v.id for v in scenario.variant_list()]
    n_variants = len(ids) if variants is None else len(set(variants) & set(ids))
    labels = [dy.key for dy in scenario.dyads]
    n_dyads = len(labels) if dyads is None else len(set(dyads) & set(labels))
    per_dyad = 1 + (len(scenario.settings.interceptor_grid) if reaction else 0)
    return (draws + 1) * n_variants * n_dyads * per_dyad


def bands(
    scenario: Any,
    *,
    draws: int | None = None,
    seed: int = DEFAULT_SEED,
    variants: Iterable[str] | None = None,
    dyads: Sequence[str] | None = None,
    reaction: bool | Sequence[str] = True,
    reaction_variants: Iterable[str] | None = None,
    quantiles: Sequence[float] = (0.05, 0.5, 0.95),
    plan: str = "fixed",
    max_launchers: int | None = None,
    progress: Callable[[str], None] | None = None,
    count: ProgressFn | None = None,
) -> pd.DataFrame:
    """Bands of the deterrence measures of ``scenario`` over its ``[[uncertainties]]``: a Latin
    hypercube of the inputs [mckay1979], percentiles [hyndman1996, definition 7]; keeping the
    censored draws and the plan fixed on the point estimates are anpo's own choices.

    ``scenario`` is a whole scenario file (:class:`anpo.scenario.Scenario`): its
    ``[[uncertainties]]`` are drawn and each draw is applied with its ``apply_uncertainties``.

    ``draws`` defaults to the scenario's ``settings.uncertainty_draws``; ``variants`` and
    ``dyads`` (labels) limit what is computed; ``reaction`` is True, False (skip the reaction
    curves) or the labels of the dyads whose curves to band; ``reaction_variants`` limits the
    reaction curves to those variants (default: every variant computed; the curves are the
    costliest measure). Each is a list even of one id (a bare string, which was read character
    by character, is an :class:`~anpo.errors.InputError`, as is an empty ``variants`` or
    ``dyads``, which computed nothing, and an unknown label in ``reaction``).
    Returns one row per variant, dyad, measure, ``where`` (with its ``role``) and ``x``: ``point``
    (the file's own
    values), one column per quantile (``p05``, ``p50``, ``p95`` for the defaults), ``mean``,
    ``defined`` (share of draws where the measure is defined), ``above_limit`` (share of draws
    where the reaction curve needs more than the search limit), ``limit``, the
    ``point_above_limit`` and ``<quantile>_above_limit`` flags and ``draws``. See the module
    docstring for the method, the measures and the censoring; same seed, same numbers.

    ``max_launchers``: the reaction curve's search limit (default
    :data:`anpo.deterrence.questions.REACTION_MAX_LAUNCHERS`; 1 to 1,000,000, the most launchers
    a force component may hold, else :class:`~anpo.errors.InputError`); a draw needing more is
    right-censored, never dropped.

    ``progress(message)`` names the step (the point estimates, then every tenth draw, or the
    draws once when ``count`` is given); ``count(done, draws)`` is called with 0 once the point
    estimates are in, then after each draw (:data:`anpo._progress.ProgressFn`, for a progress
    bar).

    ``plan``: ``"fixed"`` (default) holds each striker's counterforce plan at the one it chose
    on the point estimates (and the reaction curve's counterforce level, the defender's
    warheads per launcher of the growth component, with it), so a band is the spread of that
    plan's outcomes over what the striker does not know; ``"replan"`` lets each striker search its best plan again in every
    draw (the model's optimum as a function of the inputs; about a hundred times slower).
    """
    from anpo.deterrence.questions import REACTION_MAX_LAUNCHERS

    qs = [float(q) for q in quantiles]
    if not qs or any(not 0.0 <= q <= 1.0 for q in qs):
        raise InputError("quantiles must lie in [0, 1]", field="quantiles")
    n = check_draws(draws if draws is not None else scenario.settings.uncertainty_draws)
    sample = input_sample(scenario, n, seed)
    names = list(sample.columns)
    variants = _id_list(variants, "variants", "variant ids")
    dyads = _id_list(dyads, "dyads", "dyad labels")
    reaction_variants = _id_list(reaction_variants, "reaction_variants", "variant ids")
    if not isinstance(reaction, bool):
        reaction = _id_list(reaction, "reaction", "dyad labels (or True or False)") or []
    for field, given in (("variants", variants), ("dyads", dyads)):
        if given is not None and not given:  # computed nothing: an empty table without a word
            raise InputError("is empty: give at least one (or None for every one)", field=field)
    wanted = None if variants is None else set(variants)
    ids = [c.variant.id for c in scenario.cases()]
    if wanted is not None:
        unknown = sorted(wanted - set(ids))
        if unknown:
            raise InputError(
                f"unknown variant {unknown[0]!r} (variants: {', '.join(ids)})", field="variants"
            )
    labels = [dy.key for dy in scenario.dyads]
    for field, asked in (("dyads", dyads), ("reaction", reaction)):
        if isinstance(asked, bool) or asked is None:
            continue
        unknown = [d for d in asked if d not in labels]
        # an empty result would read 'no [[dyads]]' for a file that has them (and an unknown
        # label in reaction banded no curve without a word)
        if unknown:
            raise InputError(
                f"unknown dyad {unknown[0]!r} (dyads: {', '.join(labels) or 'none'})",
                field=field,
            )
    chosen = [v for v in ids if wanted is None or v in wanted]
    curves = None if reaction_variants is None else set(reaction_variants)
    if curves is not None and curves - set(chosen):
        raise InputError(
            f"reaction variant {sorted(curves - set(chosen))[0]!r} is not among the variants "
            f"computed ({', '.join(chosen)})",
            field="reaction_variants",
        )
    if plan not in ("fixed", "replan"):
        raise InputError(f"plan must be 'fixed' or 'replan', got {plan!r}", field="plan")
    # not int(): 1.7 was read as a limit of 1, NaN was a bare ValueError
    limit = (
        REACTION_MAX_LAUNCHERS
        if max_launchers is None
        else whole_number(max_launchers, "max_launchers")
    )
    if limit < 1:
        raise InputError(f"max_launchers must be at least 1, got {limit:,}", field="max_launchers")
    # the curve counts launchers of one force component, which a file holds at most this many
    # of; 2**63 and more stopped the compiled search with a traceback (numba's int64)
    from anpo.deterrence.scenario import LIMITS

    most = LIMITS[("forces", "launchers")]
    if limit > most:
        raise InputError(
            f"max_launchers must be at most {most:,}, the most launchers a force component "
            f"may hold, got {limit:,}",
            field="max_launchers",
        )
    plans: dict[str, tuple[Plans, Plans]] = {}
    convs: dict[str, dict[str, str]] = {}  # each variant's dyads' conventions at the point
    levels: dict[str, dict[str, int]] = {}  # and its reaction curves' counterforce levels

    roles: dict[tuple[str, str, str, str, float], tuple[str, str]] = {}

    def measures_of(scen: Any, point: bool) -> dict[tuple[str, str, str, str, float], float]:
        values: dict[tuple[str, str, str, str, float], float] = {}
        for case in scen.cases():
            vid = case.variant.id
            if vid not in chosen:
                continue
            fixed = plans.get(vid) if (plan == "fixed" and not point) else None
            curve = reaction if curves is None or vid in curves else False
            rows, used, conv_of, level_of = _measure_case(
                case,
                dyads,
                curve,
                fixed,
                limit,
                None if point else convs.get(vid),
                # the curve's level is part of the held plan (a replan searches it afresh)
                levels.get(vid) if fixed is not None else None,
            )
            if point:
                plans[vid] = used
                convs[vid] = conv_of
                levels[vid] = level_of
            for dyad, measure, where, role, x, value, conv in rows:
                key = (vid, dyad, measure, where, x)
                values[key] = value
                # the point estimate's convention is every draw's (_measure_case's
                # conventions)
                roles.setdefault(key, (role, conv))
        return values

    say = progress or (lambda message: None)
    say(f"bands: {scenario.scenario.id}: point estimates")
    point = measures_of(scenario, point=True)
    keys = list(point)
    index = {k: i for i, k in enumerate(keys)}
    samples = np.full((n, len(keys)), np.nan)
    tick = count or (lambda done, total: None)
    if count:  # the count says which draw: one message for them all
        say(f"bands: {scenario.scenario.id}: {n} draws")
    tick(0, n)
    for d in range(n):
        if not count and d % max(1, n // 10) == 0:
            say(f"bands: {scenario.scenario.id}: draw {d + 1} of {n}")
        drawn = scenario.apply_uncertainties({name: sample.at[d, name] for name in names})
        for key, value in measures_of(drawn, point=False).items():
            i = index.get(key)
            if i is not None:
                samples[d, i] = value
        tick(d + 1, n)
    rows = []
    meta = scenario.scenario
    for key, i in index.items():
        variant, dyad, measure, where, x = key
        col = samples[:, i]
        ok = col[~np.isnan(col)]
        searched = measure == "launchers_needed"
        row: dict[str, Any] = {
            "scenario": meta.id,
            "year": meta.year,
            "variant": variant,
            "dyad": dyad,
            "measure": measure,
            "where": where,
            "role": roles[key][0],
            "x": x,
            "convention": roles[key][1],
        }
        # +inf marks a reaction-curve draw beyond the search limit (right-censored); the other
        # measures have no search and keep numpy's quantiles
        point_beyond = searched and math.isinf(point[key])
        row["point"] = math.nan if point_beyond else point[key]
        if searched:
            qv, beyond = censored_quantiles(ok, qs)
        else:
            qv = np.quantile(ok, qs) if ok.size else np.full(len(qs), np.nan)
            beyond = np.zeros(len(qs), dtype=bool)
        names_q = [f"p{round(q * 100):02d}" for q in qs]
        for name, v in zip(names_q, qv, strict=True):
            row[name] = float(v)
        censored = int(np.isinf(ok).sum()) if searched else 0
        row["mean"] = float(ok.mean()) if ok.size and not censored else math.nan
        row["defined"] = ok.size / n
        row["above_limit"] = censored / n
        row["limit"] = float(limit) if searched else math.nan
        row["point_above_limit"] = point_beyond
        for name, b in zip(names_q, beyond, strict=True):
            row[f"{name}_above_limit"] = bool(b)
        row["draws"] = n
        rows.append(row)
    return pd.DataFrame(rows)
