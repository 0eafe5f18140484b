"""Back-tests of the alignment recipe against what states actually did.

Axelrod & Bennett (1993, *BJPolS* 23(2):211-233, pp. 222-226) tested landscape theory
historically: with 1936 data on seventeen European nations, the lowest minimum matched the Second
World War alignment with only Poland and Portugal misplaced (15 of 17). This module holds the
recipe (:mod:`anpo.align.recipe`) to that kind of test over many cases.

War back-test (:func:`war_backtest`)
    For every multi-state war of the COW inter-state war data [sarkees2010] with at
    least ``min_participants`` participants, the landscape of its participants is built from the
    data of ``lag`` years before onset (:data:`LAGS`: 1, and 3 as Axelrod & Bennett's 1936 for
    1939; sizes and propensities by the recipe) and its two-coalition global minimum is compared
    with the side each participant first fought on (a state that changed sides, like Italy in
    1943, is scored on its first side and flagged). Accuracy is the number of participants placed
    on their actual side, the coalition labels matched to the sides so as to maximise it (the
    labels of a configuration carry no meaning), as Axelrod & Bennett counted "misplaced"
    nations; *balanced accuracy* (:func:`balanced`) averages the two sides' shares, so that
    "everyone on one side" is not rewarded in one-against-many wars. Participants without
    capability data in the data year (not yet independent, or occupied: Ethiopia in 1938) are
    left out and listed.

    Baselines, each predicting a two-coalition split of the same participants:
    ``majority`` (everyone on one side: the share of the larger side; a landscape with no
    repulsion predicts it), ``alliance`` (alliance membership alone: equal sizes, propensity +1
    for a pair with any ATOP obligation in the data year, -1 otherwise) and
    ``capability`` (capability alone, balancing: from the strongest participant down, each joins
    the side with less CINC so far; [waltz1979]; :func:`balance_split`).

    Held-out discipline: the recipes' weights are free parameters. :func:`fit_weights` chooses
    them by coordinate search over a fixed grid (:data:`GRID` for recipe 2's factors,
    :data:`GRID_V3` with recipe 3's history factors), starting from a priori weights
    (:data:`FITS`) and accepting only strict improvements of the mean per-war balanced accuracy.
    Every war's held-out accuracy uses weights fitted on the *other* wars at the same data year
    (leave-one-war-out); the shipped weights of recipes 2 and 3 are the fits on all wars (data
    of the year before onset), so their per-war accuracy is in-sample and shown beside the
    held-out one. :func:`choose` picks the default recipe and data year by held-out accuracy
    over all wars (a rule fixed before any result was seen); :func:`nested` scores each war with
    the recipe and data year chosen inside its fold. The Second World War's European
    participants are compared with Axelrod & Bennett's 15 of 17 (:func:`axelrod_bennett`).

Axelrod & Bennett's own case (:func:`axelrod_bennett_17`)
    COW's participants are not Axelrod & Bennett's nations: their seventeen include states that
    fought no inter-state war in COW's list (Portugal, Denmark, Czechoslovakia, the Baltic
    states) and score each on the side they gave it. Their case is rebuilt with their nations
    and sides (:data:`AB17_SIDES`), the landscape built by the recipe from the data of their
    year, 1936, placed with weights fitted on the other wars: the like-for-like comparison with
    their 15 of 17 (its rule was fixed before it was first computed; see the function).

Peacetime back-test (:func:`peacetime_backtest`)
    For selected years and regions, the predicted two-coalition split of the region's states is
    compared with (a) the two largest ATOP defense-pact blocs (connected components of the
    defense-pact graph; states outside them are not scored) and (b) the two UN-voting clusters
    (the split of the year's ideal points into two groups with the least within-group sum of
    squares, exact in one dimension). The prediction is made with the full recipe and with the
    recipe *without the factor that defines the target* (alliances for the blocs, UN votes for the
    clusters): only the latter is a test, the former shows how much the factor carries.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from anpo._checks import table
from anpo._progress import ProgressFn, StepFn
from anpo.align import recipe as rc
from anpo.errors import AlignError

#: Names of the multi-state wars by COW war number: the four the issue names in their English
#: form, the others as the COW Inter-State War list v4.0 names them [sarkees2010] (the
#: peacesciencer file carries numbers only). A war not listed is labelled "COW war N (onset)".
WAR_NAMES = {
    10: "Austro-Sardinian War",
    16: "Roman Republic War",
    22: "Crimean War",
    28: "War of Italian Unification",
    46: "Second Schleswig-Holstein War",
    49: "Lopez War",
    52: "Naval War",
    55: "Seven Weeks War",
    58: "Franco-Prussian War",
    64: "War of the Pacific",
    82: "Boxer Rebellion",
    88: "Second Central American War",
    91: "Third Central American War",
    100: "First Balkan War",
    103: "Second Balkan War",
    106: "First World War",
    107: "Estonian War of Liberation",
    108: "Latvian War of Liberation",
    112: "Hungarian Adversaries War",
    136: "Nomonhan",
    139: "Second World War",
    148: "Arab-Israeli War",
    151: "Korean War",
    155: "Sinai War",
    158: "Ifni War",
    163: "Vietnam War, Phase 2",
    169: "Six Day War",
    170: "Second Laotian War, Phase 2",
    176: "Communist Coalition War",
    181: "Yom Kippur War",
    186: "War over Angola",
    187: "Second Ogaden War, Phase 2",
    190: "Ugandan-Tanzanian War",
    211: "Gulf War",
    215: "War of Bosnian Independence",
    221: "War for Kosovo",
    225: "Invasion of Afghanistan",
    227: "Invasion of Iraq",
}

#: [axelrod1993, p. 224]: 15 of 17 European nations placed right with 1936 data.
AXELROD_BENNETT = (15, 17)

#: Axelrod & Bennett's own case [axelrod1993, pp. 222-226]: the seventeen European nations of
#: their 1936 landscape (COW codes) and the side of the Second World War each is scored on there,
#: in *their* coding, not COW's participant list: 1 with Britain, France and the Soviet Union
#: (Czechoslovakia, Denmark, Greece, Poland, Portugal and Yugoslavia too), 2 with Germany
#: (Italy, Hungary, Romania, Finland, Estonia, Latvia and Lithuania).
AB17_SIDES: dict[int, int] = {
    200: 1,  # United Kingdom
    220: 1,  # France
    365: 1,  # Soviet Union
    315: 1,  # Czechoslovakia
    390: 1,  # Denmark
    350: 1,  # Greece
    290: 1,  # Poland
    235: 1,  # Portugal
    345: 1,  # Yugoslavia
    255: 2,  # Germany
    325: 2,  # Italy
    310: 2,  # Hungary
    360: 2,  # Romania
    375: 2,  # Finland
    366: 2,  # Estonia
    367: 2,  # Latvia
    368: 2,  # Lithuania
}

#: Axelrod & Bennett's data year.
AB17_YEAR = 1936

#: The nations their lowest minimum misplaced [axelrod1993, pp. 222-226].
AB17_MISPLACED = ("Poland", "Portugal")

#: The weight grid of :func:`fit_weights` for recipe 2's factors (``dispute_window`` and
#: ``half_life`` are not fitted).
GRID: dict[str, tuple[float, ...]] = {
    "defense": (0.0, 1.0, 2.0, 3.0, 4.0, 6.0),
    "other_alliance": (0.0, 0.5, 1.0, 2.0),
    "rivalry": (0.0, -1.0, -2.0, -3.0, -4.0, -6.0),
    "disputes": (0.0, -1.0, -2.0, -3.0, -4.0, -6.0),
    "un": (0.0, 1.0, 2.0, 3.0, 4.0),
    "regime": (0.0, 0.5, 1.0, 2.0, 3.0),
    "contiguity": (0.0, -0.5, -1.0, -2.0),
}

#: Recipe 3's grid: recipe 2's plus the history factors (:mod:`anpo.align.history`).
GRID_V3: dict[str, tuple[float, ...]] = {
    **GRID,
    "wars": (0.0, 1.0, 2.0, 3.0, 4.0, 6.0),
    "mid_history": (0.0, 1.0, 2.0, 3.0, 4.0, 6.0),
    "territory": (0.0, -1.0, -2.0, -3.0, -4.0, -6.0),
}


@dataclass(frozen=True)
class FitSpec:
    """How a recipe's weights are fitted: the grid searched and the a priori starting point."""

    recipe: str
    grid: Mapping[str, Sequence[float]]
    start: rc.RecipeWeights


#: The fits of recipes 2 and 3 (recipe 2's from recipe 1's a priori weights, recipe 3's from
#: :data:`anpo.align.recipe.PRIOR_V3`).
FITS: dict[str, FitSpec] = {
    rc.RECIPE_V2: FitSpec(rc.RECIPE_V2, GRID, rc.RECIPES[rc.RECIPE_V1].weights),
    rc.RECIPE_V3: FitSpec(rc.RECIPE_V3, GRID_V3, rc.PRIOR_V3),
}

#: Data years tried by the back-test, in years before onset: the year before onset (the
#: issue's design) and three years before (Axelrod & Bennett's 1936 for a war begun in 1939).
LAGS = (1, 3)

#: The data year (years before onset) of the shipped recipe-3 weights and of the headline
#: back-test, chosen with the default recipe by the held-out rule of :func:`choose`
#: (reproduced by tests/test_align_backtest.py::test_war_backtest_on_all_wars).
DEFAULT_LAG = 1

#: Regions of the peacetime back-test: COW codes, filtered to the year's members.
REGIONS: dict[str, tuple[int, ...]] = {
    "Asia-Pacific": rc.ASIA_PACIFIC,
    "Europe and North America": (2, 20, *range(200, 400)),
}

#: Default years of the peacetime back-test.
PEACE_YEARS = (1950, 1960, 1970, 1980, 1990, 2001, 2010, 2018)

#: The recipe datasets plus the war list, the MID participants and the state list.
REQUIRED = ("cow_war_inter", "mid_participant", "cow_states")


# ----------------------------------------------------------------------------- prediction


def solve_sides(
    sizes: NDArray[np.float64], p: NDArray[np.float64], *, max_nodes: int | None = None
) -> NDArray[np.int64]:
    """The two-coalition global minimum [axelrod1993] of ``sizes`` and ``p``,
    normalised; everyone together when no pair repels. Exact (Russian-doll branch and bound,
    :mod:`anpo.align.exact`, warm-started by seeded tabu search beyond 24 actors) within a budget
    of ``max_nodes`` nodes (default :data:`~anpo.align.landscape.REPRODUCIBLE_MAX_NODES`; the
    back-test instances are proven in milliseconds), not seconds: the answer does not depend on
    the machine or its load (review20 F7: a 20 s wall-clock limit did). When the budget is
    spent, :class:`~anpo.errors.BudgetExceededError` is raised (its ``solution``: the best
    configuration found, unproven) rather than a configuration passed off as the minimum.
    Deterministic."""
    from anpo.align.exact import branch_and_bound_two
    from anpo.align.formal import tie_tolerance, weights
    from anpo.align.heuristics import heuristic
    from anpo.align.landscape import REPRODUCIBLE_MAX_NODES, require_proven

    n = len(sizes)
    if n <= 1 or not np.any(p < 0):
        return np.zeros(n, dtype=np.int64)
    w = weights(np.asarray(sizes, dtype=float), np.asarray(p, dtype=float))
    tol = tie_tolerance(w)
    inc = None
    if n > 24:
        inc = heuristic(w, tol, method="tabu", restarts=8, seed=0, sweeps=50).config
    budget = REPRODUCIBLE_MAX_NODES if max_nodes is None else max_nodes
    r = branch_and_bound_two(w, tol, max_nodes=budget, incumbent=inc)
    return require_proven(r, f"the two-coalition minimum of {n} actors", budget).config


def balance_split(sizes: NDArray[np.float64]) -> NDArray[np.int64]:
    """Capability alone (balancing; [waltz1979]): from the strongest state down, each joins the
    side with less capability so far (ties: the first side). Deterministic; normalised."""
    from anpo.align.formal import normalize

    s = np.asarray(sizes, dtype=float)
    side = np.zeros(s.size, dtype=np.int64)
    tot = [0.0, 0.0]
    for i in np.argsort(-s, kind="stable"):
        j = 0 if tot[0] <= tot[1] else 1
        side[i] = j
        tot[j] += float(s[i])
    return normalize(side)


def correct(pred: NDArray[np.int64], side: NDArray[np.int64]) -> int:
    """Participants placed on their actual side, with the two coalition labels matched to the
    two sides so as to maximise it (labels carry no meaning): Axelrod & Bennett's count of the
    nations not "misplaced" [axelrod1993, pp. 222-226]."""
    same = (np.asarray(pred) == pred[0]) == (np.asarray(side) == side[0])
    a = int(np.sum(same))
    return max(a, len(same) - a)


def balanced(pred: NDArray[np.int64], side: NDArray[np.int64]) -> float:
    """Balanced accuracy: the mean over the two actual sides of the share of each side's
    participants placed right, labels matched as in :func:`matched`. Everyone on one side scores
    0.5 however unequal the sides are, so a one-against-many war (the Gulf War: 13 states against
    Iraq) is not won by predicting no split at all. Its use as the back-test's score is anpo's
    own."""
    m = matched(pred, side)
    side = np.asarray(side)
    return float(np.mean([np.mean(m[side == s] == s) for s in (1, 2) if np.any(side == s)]))


def matched(pred: NDArray[np.int64], side: NDArray[np.int64]) -> NDArray[np.int64]:
    """The predicted side (1 or 2) of each participant, labels matched as in :func:`correct`."""
    pred = np.asarray(pred)
    side = np.asarray(side)
    a = np.where(pred == pred[0], side[0], 3 - side[0])
    b = 3 - a
    return a if np.sum(a == side) >= np.sum(b == side) else b


def _matched_or_none(
    pred: NDArray[np.int64] | None, side: NDArray[np.int64]
) -> NDArray[np.int64] | None:
    return None if pred is None else matched(pred, side)


# ----------------------------------------------------------------------------- war cases


@dataclass(frozen=True)
class WarCase:
    """One war's participants, their actual sides and the weight-free inputs of the recipe.

    ``year`` is the data year (``onset - lag``); ``side`` the side each participant first fought on
    (1 or 2, COW); ``switched`` flags participants that later changed sides; ``excluded`` lists
    ``(ccode, reason)`` of participants left out (``excluded_names``: their names); ``scores``
    the recipe's score matrices
    (:func:`anpo.align.recipe.score_matrices`); ``sizes`` each size measure's sizes (``None``
    when some participant lacks the measure); ``allied`` a 0/1 matrix of any ATOP obligation.
    """

    warnum: int
    name: str
    onset: int
    year: int
    codes: tuple[int, ...]
    abbs: tuple[str, ...]
    names: tuple[str, ...]
    side: NDArray[np.int64]
    switched: NDArray[np.bool_]
    excluded: tuple[tuple[int, str], ...]
    scores: dict[str, NDArray[np.float64]] = field(repr=False)
    sizes: dict[str, NDArray[np.float64] | None] = field(repr=False)
    allied: NDArray[np.float64] = field(repr=False)
    lag: int = 1
    #: names of the excluded participants at the onset (:func:`_war_name`), for readers
    excluded_names: Mapping[int, str] = field(default_factory=dict, repr=False)

    @property
    def n(self) -> int:
        return len(self.codes)


#: The columns of the COW state list the back-tests read: names (the war cases) and years (the
#: members of the peacetime back-test).
_NAMES = ("ccode", "stateabb", "statenme")
_YEARS = ("ccode", "styear", "endyear")
#: The columns :func:`war_cases` reads of the inter-state war participants.
_WAR_COLUMNS = ("warnum", "ccode", "side", "styear", "stmonth", "warname")


def _inputs(
    datasets: Mapping[str, pd.DataFrame],
    rec: rc.Recipe,
    states: object,
    columns: Sequence[str] = _NAMES,
) -> pd.DataFrame:
    """``states`` once the inputs are checked: every dataset of ``rec`` present (else an
    :class:`AlignError` on ``datasets``; a missing ``nmc`` was a bare ``KeyError: 'nmc'``), a
    table with the columns the recipe reads (:func:`anpo.align.recipe.checked_dataset`: an
    :class:`AlignError` naming the dataset's key), and ``states`` a state list with ``columns``
    and rows (an :class:`AlignError` naming ``states``; a dict was "'dict' object has no
    attribute 'drop_duplicates'", a list without ``endyear`` a bare ``KeyError``). Checked on
    entry: the back-tests catch an :class:`AlignError` of one case to leave it out, which would
    leave every case out silently."""
    missing = [k for k in rec.datasets() if k not in datasets]
    if missing:
        raise AlignError(f"the recipe needs the datasets {missing}", field="datasets")
    for key in rec.datasets():
        rc.checked_dataset(key, datasets[key])
    return table(
        "states", states, error=AlignError, what="a state list", columns=columns, empty=False
    )


def _state_names(states: pd.DataFrame) -> tuple[dict[int, str], dict[int, str]]:
    st = states.drop_duplicates("ccode", keep="last").set_index("ccode")
    names = {int(c): str(v) for c, v in zip(st.index, st["statenme"], strict=True)}
    abbs = {int(c): str(v) for c, v in zip(st.index, st["stateabb"], strict=True)}
    return names, abbs


def _war_name(names: Mapping[int, str], code: int, year: int) -> str:
    """The participant's name at the war's onset by the package's one rule for names
    (:func:`anpo.report.countries.country_name`: the Soviet Union in 1939, Serbia in 1914,
    Prussia in 1866, West Germany for 260), the state list's ``names`` for a code the package
    does not know."""
    from anpo.report.countries import country_name

    return country_name(code, year, listed=names.get(code))


def _label(warnum: int, onset: int, data_name: Any) -> str:
    if warnum in WAR_NAMES:
        return WAR_NAMES[warnum]
    if isinstance(data_name, str) and data_name.strip():
        return f"{data_name.strip()} ({onset})"
    return f"COW war {warnum} ({onset})"


def war_cases(
    wars: pd.DataFrame,
    datasets: Mapping[str, pd.DataFrame],
    states: pd.DataFrame,
    *,
    select: Iterable[int] | None = None,
    min_participants: int = 3,
    recipe: str | rc.Recipe | None = None,
    lag: int = 1,
    half_life: float | None = None,
) -> list[WarCase]:
    """The back-test cases (module docstring) from the war list (:func:`anpo.data.read_cow_war_inter`),
    the recipe's datasets (:func:`anpo.align.recipe.datasets_from`) and the COW state list: the
    COW inter-state wars [sarkees2010], the COW state system [cow2017].

    ``select``: war numbers to keep (default: every war with at least ``min_participants``
    participants that have data). A selected war that is not in the data, or has too few
    participants with data, is an :class:`~anpo.errors.AlignError` naming it. ``lag``: the data
    year is ``onset - lag`` (participants without capability data that year are left out and
    listed). ``recipe`` (default: recipe 3 when ``datasets`` hold its history data ``wars`` and
    ``midp``, else recipe 2) fixes which score matrices are built; a war's own events never
    enter them (the history factors count only wars that ended, and disputes begun, by the data
    year). ``half_life``: the history factors' half-life (default: the recipe's).

    Raises :class:`~anpo.errors.AlignError` naming ``wars``, ``states`` (also when it has no
    rows) or a dataset of the recipe when it is absent, not a table or lacks a column read; a
    war list without rows has no cases (an empty list).
    """
    from anpo.data.wars import war_participants

    rec = _recipe_for(datasets, recipe)
    states = _inputs(datasets, rec, states)
    what = "the inter-state war participants"
    wars = table("wars", wars, error=AlignError, what=what, columns=_WAR_COLUMNS)
    if min_participants < 2:
        raise AlignError("min_participants must be >= 2", field="min_participants")
    if not 1 <= int(lag) <= 20:
        raise AlignError("the lag (years before onset) must be 1-20", field="lag")
    names, abbs = _state_names(states)
    known = sorted(int(x) for x in wars["warnum"].dropna().unique())
    chosen = known if select is None else [int(x) for x in select]
    missing = [w for w in chosen if w not in known]
    if missing:
        raise AlignError(
            f"war(s) {missing} not in the inter-state war data", field="wars", file=None
        )
    out: list[WarCase] = []
    for warnum in chosen:
        parts = war_participants(wars, warnum)
        onset = int(wars.loc[wars["warnum"] == warnum, "styear"].min())
        year = onset - int(lag)
        wname = wars.loc[wars["warnum"] == warnum, "warname"].dropna()
        label = _label(warnum, onset, wname.iloc[0] if len(wname) else None)
        codes = [int(c) for c in parts["ccode"]]
        if len(codes) < min_participants and select is None:
            continue
        ok, excluded = _with_capability_data(datasets, codes, year)
        sides_left = set(parts.set_index("ccode").loc[ok, "side"].tolist())
        if len(ok) < min_participants or len(sides_left) < 2:
            if select is not None:
                by_side = parts.set_index("ccode").loc[ok, "side"].value_counts()
                raise AlignError(
                    f"war {warnum} ({onset}) is outside the back-test's rule (at least "
                    f"{min_participants} participants with capability data in the data year, "
                    f"on both sides): it has {len(codes)} participant(s), {len(ok)} with data "
                    f"in {year} ({int(by_side.get(1, 0))} v {int(by_side.get(2, 0))})",
                    field="wars",
                )
            continue
        sub = parts.set_index("ccode").loc[ok]
        out.append(
            _build_case(
                datasets,
                ok,
                year,
                rec,
                half_life=half_life,
                warnum=int(warnum),
                name=label,
                onset=onset,
                lag=int(lag),
                side=sub["side"].to_numpy(dtype=np.int64),
                switched=sub["switched"].to_numpy(dtype=bool),
                excluded=excluded,
                names=(names, abbs),
            )
        )
    return out


def _recipe_for(datasets: Mapping[str, pd.DataFrame], recipe: str | rc.Recipe | None) -> rc.Recipe:
    """``recipe``, by default recipe 3 when ``datasets`` hold its history data (``wars`` and
    ``midp``), else recipe 2."""
    if recipe is None:
        has_history = "wars" in datasets and "midp" in datasets
        recipe = rc.RECIPE_V3 if has_history else rc.RECIPE_V2
    return rc.get_recipe(recipe)


def _with_capability_data(
    datasets: Mapping[str, pd.DataFrame], codes: Sequence[int], year: int
) -> tuple[list[int], tuple[tuple[int, str], ...]]:
    """The states of ``codes`` with capability data (CINC > 0) in ``year``, and the others with
    the reason they are left out: the year outside the NMC file's years, or the state not an
    independent member then."""
    from anpo.relations import add_capabilities
    from anpo.relations.dyads import year_coverage

    lo, hi = year_coverage(datasets["nmc"], name="nmc", error=AlignError)
    if not lo <= year <= hi:
        return [], tuple((c, f"no capability data for {year}") for c in codes)
    cap = add_capabilities(pd.DataFrame({"ccode": list(codes), "year": year}), datasets["nmc"])
    good = cap["cinc"].to_numpy(dtype="float64", na_value=np.nan) > 0
    ok = [c for c, g in zip(codes, good, strict=True) if g]
    why = f"no capability data in {year} (not an independent member then)"
    return ok, tuple((c, why) for c, g in zip(codes, good, strict=True) if not g)


def _build_case(
    datasets: Mapping[str, pd.DataFrame],
    codes: Sequence[int],
    year: int,
    rec: rc.Recipe,
    *,
    half_life: float | None,
    warnum: int,
    name: str,
    onset: int,
    lag: int,
    side: NDArray[np.int64],
    switched: NDArray[np.bool_],
    excluded: tuple[tuple[int, str], ...],
    names: tuple[Mapping[int, str], Mapping[int, str]],
) -> WarCase:
    """A :class:`WarCase` of ``codes`` (all with capability data in ``year``): the recipe's
    score matrices and every size measure in the data year."""
    full, abbs = names
    hl = rec.weights.half_life if half_life is None else float(half_life)
    ok = list(codes)
    table = rc.factor_table(datasets, ok, year, rc.RecipeWeights(half_life=hl), recipe=rec)
    scores = rc.score_matrices(table, ok)
    allied = np.clip(scores["defense"] + scores["other_alliance"], 0.0, 1.0)
    sizes: dict[str, NDArray[np.float64] | None] = {}
    for m in ("cinc", "milex"):
        try:
            sizes[m] = rc.sizes_from_data(datasets, ok, year, m)[0]
        except AlignError:
            sizes[m] = None
    sizes["equal"] = np.ones(len(ok))
    return WarCase(
        warnum=warnum,
        name=name,
        onset=onset,
        year=year,
        codes=tuple(ok),
        abbs=tuple(abbs.get(c, str(c)) for c in ok),
        names=tuple(_war_name(full, c, onset) for c in ok),
        side=side,
        switched=switched,
        excluded=excluded,
        excluded_names={c: _war_name(full, c, onset) for c, _ in excluded},
        scores=scores,
        sizes=sizes,
        allied=allied,
        lag=lag,
    )


#: The size measures the back-test scores with (:func:`case_sizes`).
BACKTEST_SIZES = ("cinc", "milex", "equal")


def check_sizes(sizes: str) -> None:
    """Refuse a size measure the back-test does not have (:data:`BACKTEST_SIZES`), with
    :class:`AlignError` on field ``sizes``; the CLI calls it before opening the catalog."""
    if sizes not in BACKTEST_SIZES:
        raise AlignError(
            f"unknown size measure {sizes!r}; choose {', '.join(BACKTEST_SIZES[:-1])} or "
            f"{BACKTEST_SIZES[-1]}",
            field="sizes",
        )


def case_sizes(case: WarCase, measure: str) -> NDArray[np.float64] | None:
    """The sizes of ``case`` by ``measure`` (``cinc``, ``milex`` or ``equal``): CINC recomputed
    from the NMC components [singer1972], NMC military expenditure, or equal sizes."""
    if measure not in case.sizes:
        raise AlignError(
            f"unknown size measure {measure!r}; choose cinc, milex or equal", field="sizes"
        )
    return case.sizes[measure]


def predict_case(
    case: WarCase, weights: rc.RecipeWeights, sizes: str = "cinc"
) -> NDArray[np.int64] | None:
    """The recipe's predicted configuration of a war's participants (None when the size measure
    is missing for a participant): the two-coalition global minimum [axelrod1993]."""
    s = case_sizes(case, sizes)
    if s is None:
        return None
    return solve_sides(s, rc.propensity_from_scores(case.scores, weights))


def baseline(case: WarCase, kind: str) -> NDArray[np.int64]:
    """A baseline's predicted configuration (module docstring): ``majority``, ``alliance`` (ATOP
    obligations [leeds2002]) or ``capability`` (balancing [waltz1979]); the baselines are anpo's
    own."""
    n = case.n
    if kind == "majority":
        return np.zeros(n, dtype=np.int64)
    if kind == "alliance":
        p = 2.0 * case.allied - 1.0
        np.fill_diagonal(p, 0.0)
        return solve_sides(np.ones(n), p)
    if kind == "capability":
        s = case.sizes["cinc"]
        assert s is not None
        return balance_split(s)
    raise AlignError(f"unknown baseline {kind!r}", field="baseline")


BASELINES = ("majority", "alliance", "capability")

#: Columns of the war table, in order: recipe 2 held out and with its shipped (in-sample)
#: weights, the same for recipe 3, recipe 1's a priori weights, baselines.
PREDICTORS = (
    "recipe2_held_out",
    "recipe2",
    "recipe3_held_out",
    "recipe3",
    "recipe1",
    *BASELINES,
)


# ----------------------------------------------------------------------------- fitting


class WarScorer:
    """Cached per-war balanced accuracy of a weight vector. The cache key holds only the weights
    of the factors that are non-zero somewhere in the war (the others cannot change its
    landscape), so weight vectors that differ only there share one solve."""

    def __init__(self, cases: Sequence[WarCase], sizes: str) -> None:
        self.cases = {c.warnum: c for c in cases}
        self.sizes = sizes
        self.cache: dict[tuple[int, tuple[float, ...]], float | None] = {}
        self.active = {
            c.warnum: tuple(k for k in rc.SCORE_KEYS if k in c.scores and np.any(c.scores[k]))
            for c in cases
        }

    def share(self, warnum: int, w: rc.RecipeWeights) -> float | None:
        key = (warnum, tuple(float(getattr(w, k)) for k in self.active[warnum]))
        if key not in self.cache:
            c = self.cases[warnum]
            pred = predict_case(c, w, self.sizes)
            self.cache[key] = None if pred is None else self._value(pred, c)
        return self.cache[key]

    def _value(self, pred: NDArray[np.int64], case: WarCase) -> float:
        """A war's score of a prediction (here its balanced accuracy); computed once per
        cache key, so a subclass changing the objective keeps the factor-aware cache."""
        return balanced(pred, case.side)

    def mean(self, wars: Sequence[int], w: rc.RecipeWeights) -> float:
        vals = [v for v in (self.share(k, w) for k in wars) if v is not None]
        return float(np.mean(vals)) if vals else 0.0


def fit_weights(
    cases: Sequence[WarCase],
    *,
    sizes: str = "cinc",
    start: rc.RecipeWeights | None = None,
    grid: Mapping[str, Sequence[float]] | None = None,
    passes: int = 4,
    spec: FitSpec | None = None,
    _scorer: WarScorer | None = None,
) -> tuple[rc.RecipeWeights, float]:
    """Weights maximising the mean per-war balanced accuracy over ``cases`` (module docstring):
    anpo's own fitting protocol (grid, start and objective), on the COW wars [sarkees2010].

    Coordinate search: for each weight in the order of ``grid`` (default :data:`GRID`), every
    grid value is tried with the others fixed and the best is kept if it strictly improves the
    objective; at most ``passes`` rounds, stopping when a round changes nothing. Deterministic.
    ``spec`` (a :class:`FitSpec`, e.g. ``FITS[RECIPE_V3]``) gives the grid and the start at once.
    Returns the weights and their mean balanced accuracy on ``cases``.
    """
    if spec is not None:
        grid = spec.grid if grid is None else grid
        start = spec.start if start is None else start
    grid = dict(GRID if grid is None else grid)
    w = start or rc.RECIPES[rc.RECIPE_V1].weights
    scorer = _scorer or WarScorer(cases, sizes)
    wars = [c.warnum for c in cases]
    best = scorer.mean(wars, w)
    for _ in range(passes):
        changed = False
        for key, values in grid.items():
            for v in values:
                if float(v) == float(getattr(w, key)):
                    continue
                # the grid holds only the float weights (dispute_window is not fitted)
                cand = replace(w, **{key: float(v)})  # type: ignore[arg-type]
                m = scorer.mean(wars, cand)
                if m > best + 1e-12:
                    best, w, changed = m, cand, True
        if not changed:
            break
    return w, best


# ----------------------------------------------------------------------------- war back-test


@dataclass(frozen=True)
class WarBacktest:
    """Result of :func:`war_backtest` for one data year (``lag`` years before onset).

    ``wars``: one row per war (warnum, war, onset, data year, participants, excluded, correct
    counts and balanced accuracy of every predictor in :data:`PREDICTORS`). ``participants``:
    one row per participant (war, state, actual side, each recipe's predicted side held out and
    in sample, ``switched``). ``weights``: each fitted recipe's shipped (in-sample) weights;
    ``folds[recipe][war]``: the weights that war is scored with held out (fitted on the other
    wars) and ``fold_scores[recipe][war]`` their objective on those wars; ``sizes``: the size
    measure; ``protocol``: the held-out discipline in words.
    """

    wars: pd.DataFrame
    participants: pd.DataFrame
    weights: dict[str, rc.RecipeWeights]
    folds: dict[str, dict[int, rc.RecipeWeights]]
    sizes: str
    protocol: str
    lag: int = 1
    fold_scores: dict[str, dict[int, float]] = field(default_factory=dict)

    def summary(self, wars: Iterable[int] | None = None) -> dict[str, Any]:
        """Pooled accuracy, mean per-war accuracy and mean balanced accuracy of every predictor
        (JSON-ready), over ``wars`` (default: all)."""
        frame = self.wars if wars is None else self.wars[self.wars["warnum"].isin(list(wars))]
        return summarise(frame, PREDICTORS)


def summarise(frame: pd.DataFrame, predictors: Sequence[str]) -> dict[str, Any]:
    """Pooled accuracy, mean per-war accuracy and mean balanced accuracy of each predictor
    column of a per-war table (``participants``, ``<col>`` and ``<col>_balanced``); anpo's own
    summary of the back-test."""
    cols = ["participants"]
    if isinstance(frame, pd.DataFrame):
        cols += [f"{c}_balanced" for c in predictors if c in frame]
    table("frame", frame, error=AlignError, what="a per-war table", columns=cols)
    out: dict[str, Any] = {}
    n = frame["participants"].to_numpy(dtype=float)
    for col in predictors:
        if col not in frame:
            continue
        c = frame[col].to_numpy(dtype=float)
        b = frame[f"{col}_balanced"].to_numpy(dtype=float)
        ok = ~np.isnan(c)
        out[col] = {
            "correct": int(np.nansum(c)),
            "participants": int(n[ok].sum()),
            "wars": int(ok.sum()),
            "pooled": float(np.nansum(c) / n[ok].sum()) if ok.any() else None,
            "mean_per_war": float(np.mean(c[ok] / n[ok])) if ok.any() else None,
            "mean_balanced": float(np.mean(b[ok])) if ok.any() else None,
        }
    return out


def _fold(
    c: WarCase,
    pool: Sequence[WarCase],
    spec: FitSpec,
    sizes: str,
    scorer: WarScorer,
    default: rc.RecipeWeights,
) -> tuple[rc.RecipeWeights, float]:
    """Weights fitted on the wars of ``pool`` other than ``c`` (never on ``c`` itself)."""
    others = [x for x in pool if x.warnum != c.warnum]
    if not others:
        return default, float("nan")
    return fit_weights(others, sizes=sizes, spec=spec, _scorer=scorer)


def recipe_key(recipe: str) -> str:
    """``recipe2`` for ``anpo-align-recipe/2``: the recipe's part of a predictor's key
    (``recipe2_held_out``)."""
    return "recipe" + recipe.rsplit("/", 1)[-1]


def war_backtest(
    cases: Sequence[WarCase],
    *,
    sizes: str = "cinc",
    weights: Mapping[str, rc.RecipeWeights] | None = None,
    held_out: bool = True,
    fit_cases: Sequence[WarCase] | None = None,
    progress: ProgressFn | None = None,
) -> WarBacktest:
    """Accuracy per war of recipes 3 and 2 (held out and with their shipped weights), of recipe
    1's a priori weights and of the baselines. The held-out protocol is anpo's own, after
    Axelrod & Bennett's historical test [axelrod1993, pp. 222-226]; the wars are COW's
    [sarkees2010], the alliance data ATOP's [leeds2002].

    ``weights``: in-sample weights per recipe id (default: the shipped ones); an id that is not
    a fitted recipe (:data:`FITS`), or a value that is no :class:`~anpo.align.recipe.RecipeWeights`,
    is an :class:`~anpo.errors.AlignError` naming ``weights``. With ``held_out``
    every war is also scored, for each fitted recipe (:data:`FITS`), with weights fitted
    (:func:`fit_weights`) on the other wars of ``fit_cases`` (default ``cases``); a war with no
    other case to fit on keeps the shipped weights. All cases must share one lag.
    ``progress(done, total)`` is called after each war (:data:`anpo._progress.ProgressFn`).
    """
    w_in = {r: rc.RECIPES[r].weights for r in FITS}
    if weights is not None and not isinstance(weights, Mapping):
        raise AlignError(
            f"must map recipe ids to RecipeWeights, got {type(weights).__name__}", field="weights"
        )
    for rid, given in (weights or {}).items():  # each checked as the recipe functions check it
        if rid not in w_in:
            raise AlignError(
                f"unknown recipe id {rid!r}; the fitted recipes are {sorted(w_in)}", field="weights"
            )
        w_in[rid] = rc.recipe_weights(given, rc.RECIPES[rid])
    w_v1 = rc.RECIPES[rc.RECIPE_V1].weights
    pool = list(fit_cases) if fit_cases is not None else list(cases)
    lags = {c.lag for c in [*pool, *cases]}
    if len(lags) > 1:
        raise AlignError(f"the cases mix data years {sorted(lags)} before onset", field="lag")
    lag = lags.pop() if lags else 1
    scorer = WarScorer(list({c.warnum: c for c in [*pool, *cases]}.values()), sizes)
    folds: dict[str, dict[int, rc.RecipeWeights]] = {r: {} for r in FITS}
    fold_scores: dict[str, dict[int, float]] = {r: {} for r in FITS}
    rows: list[dict[str, Any]] = []
    prow: list[dict[str, Any]] = []
    for done, c in enumerate(cases):
        if progress:
            progress(done, len(cases))
        preds: dict[str, NDArray[np.int64] | None] = {}
        for r in sorted(FITS, reverse=True):
            if held_out:
                wf, score = _fold(c, pool, FITS[r], sizes, scorer, w_in[r])
                folds[r][c.warnum], fold_scores[r][c.warnum] = wf, score
                preds[f"{recipe_key(r)}_held_out"] = predict_case(c, wf, sizes)
            else:
                preds[f"{recipe_key(r)}_held_out"] = None
            preds[recipe_key(r)] = predict_case(c, w_in[r], sizes)
        preds["recipe1"] = predict_case(c, w_v1, sizes)
        for b in BASELINES:
            preds[b] = baseline(c, b)
        rows.append(
            {
                "warnum": c.warnum,
                "war": c.name,
                "onset": c.onset,
                "data_year": c.year,
                "participants": c.n,
                "excluded": "; ".join(
                    f"{c.excluded_names.get(code, str(code))} ({why})" for code, why in c.excluded
                ),
                "switched": ", ".join(nm for nm, s in zip(c.names, c.switched, strict=True) if s),
                "sides": f"{int(np.sum(c.side == 1))} v {int(np.sum(c.side == 2))}",
            }
        )
        for col in PREDICTORS:
            pr = preds[col]
            rows[-1][col] = np.nan if pr is None else correct(pr, c.side)
            rows[-1][f"{col}_balanced"] = np.nan if pr is None else balanced(pr, c.side)
        # every predictor per participant, the baselines too (a reader checks a war's
        # baselines state by state, as the recipes')
        m = {col: _matched_or_none(preds[col], c.side) for col in PREDICTORS}
        for i in range(c.n):
            row: dict[str, Any] = {
                "warnum": c.warnum,
                "war": c.name,
                "ccode": c.codes[i],
                "state": c.names[i],
                "side": int(c.side[i]),
            }
            for col in PREDICTORS:
                mc = m[col]
                row[f"predicted_{col}"] = None if mc is None else int(mc[i])
                row[f"correct_{col}"] = None if mc is None else bool(mc[i] == c.side[i])
            row["switched"] = bool(c.switched[i])
            prow.append(row)
    if progress:
        progress(len(cases), len(cases))
    protocol = (
        f"Leave-one-war-out, data of {lag_words(lag)}: each war's held-out accuracy uses weights "
        "fitted (coordinate search over a fixed grid from a priori weights, maximising the mean "
        f"per-war balanced accuracy) on the other {len(pool) - 1} wars, for recipe 3's factors "
        f"(with the history factors) and for recipe 2's; the in-sample columns use the shipped "
        "weights of recipes 3 and 2, fitted on all the wars; recipe 1's weights are a priori."
        if held_out
        else "No held-out fit: the shipped weights of recipes 3 and 2 (fitted on all wars) and "
        "recipe 1's a priori weights."
    )
    return WarBacktest(
        wars=pd.DataFrame(rows),
        participants=pd.DataFrame(prow),
        weights=w_in,
        folds=folds if held_out else {},
        sizes=sizes,
        protocol=protocol,
        lag=lag,
        fold_scores=fold_scores if held_out else {},
    )


#: The predictor column of the default recipe held out: the back-test's headline.
HEADLINE = f"{recipe_key(rc.RECIPE_ID)}_held_out"


def choose(results: Mapping[int, WarBacktest]) -> tuple[str, int, pd.DataFrame]:
    """The recipe and data year (years before onset) chosen by the held-out rule, and the table
    it rests on. The rule is anpo's own.

    Rule (fixed before any result was seen): among the fitted recipes (:data:`FITS`) and the
    lags tried, the one whose held-out (leave-one-war-out) mean balanced accuracy is highest
    over the wars scored at every lag (each on the participants with data in its own data
    year); ties go to the shorter lag, then to the older recipe. The Second World War has no
    special weight. Table: one row per recipe and lag (``recipe, lag, wars, common_wars,
    held_out_common, held_out_all``)."""
    if not results:
        raise AlignError("no back-test result to choose from", field="lag")
    common = set.intersection(*(set(r.wars["warnum"]) for r in results.values()))
    rows = []
    for recipe in sorted(FITS):
        col = f"{recipe_key(recipe)}_held_out"
        for lag in sorted(results):
            r = results[lag]
            sc = r.summary(common).get(col) or {}
            sa = r.summary().get(col) or {}
            rows.append(
                {
                    "recipe": recipe,
                    "lag": lag,
                    "wars": int(len(r.wars)),
                    "common_wars": len(common),
                    "held_out_common": sc.get("mean_balanced"),
                    "held_out_all": sa.get("mean_balanced"),
                }
            )
    table = pd.DataFrame(rows)
    vals = table["held_out_common"].to_numpy(dtype=float)
    if np.all(np.isnan(vals)):
        first = table.iloc[0]
        return str(first["recipe"]), int(first["lag"]), table
    best = float(np.nanmax(vals))
    top = table[vals >= best - 1e-12].sort_values(["lag", "recipe"], kind="stable")
    return str(top["recipe"].iloc[0]), int(top["lag"].iloc[0]), table


def nested(
    results: Mapping[int, WarBacktest], cases: Mapping[int, Sequence[WarCase]]
) -> pd.DataFrame:
    """Held-out scores with the recipe and the data year chosen inside each fold: war ``W`` is
    scored with the recipe and lag whose fit on the *other* wars reached the highest objective
    (ties: the shorter lag, then the older recipe), with that fit's weights, so that neither
    the weights nor the choices ever saw ``W``. A war without a case at some lag is chosen
    among the others. One row per war: ``warnum, war, recipe, lag, data_year, participants,
    held_out, held_out_balanced``. anpo's own protocol (nested leave-one-war-out) on the COW
    wars [sarkees2010]."""
    by_war: dict[int, dict[int, WarCase]] = {}
    for lag, cs in cases.items():
        for c in cs:
            by_war.setdefault(c.warnum, {})[lag] = c
    rows = []
    for warnum in sorted(by_war, key=lambda w: (min(c.onset for c in by_war[w].values()), w)):
        options = []
        for lag, c in sorted(by_war[warnum].items()):
            r = results.get(lag)
            if r is None:
                continue
            for recipe in sorted(FITS):
                score = r.fold_scores.get(recipe, {}).get(warnum)
                if score is None or math.isnan(score):
                    continue
                options.append((score, lag, recipe, c, r))
        if not options:
            continue
        best = max(o[0] for o in options)
        top = [o for o in options if o[0] >= best - 1e-12]
        top.sort(key=lambda o: (o[1], o[2]))
        _, lag, recipe, c, r = top[0]
        pred = predict_case(c, r.folds[recipe][warnum], r.sizes)
        rows.append(
            {
                "warnum": warnum,
                "war": c.name,
                "recipe": recipe,
                "lag": lag,
                "data_year": c.year,
                "participants": c.n,
                "held_out": np.nan if pred is None else correct(pred, c.side),
                "held_out_balanced": np.nan if pred is None else balanced(pred, c.side),
            }
        )
    return pd.DataFrame(rows)


def restrict(case: WarCase, keep: Sequence[int]) -> WarCase:
    """The case limited to the participants with COW codes in ``keep`` (a landscape of those
    states only, as Axelrod & Bennett's was of European states only [axelrod1993, pp. 222-226])."""
    idx = np.array([i for i, c in enumerate(case.codes) if c in set(keep)], dtype=np.int64)
    if idx.size < 2:
        raise AlignError("fewer than two participants left", field="keep")
    sub = np.ix_(idx, idx)
    return replace(
        case,
        codes=tuple(case.codes[i] for i in idx),
        abbs=tuple(case.abbs[i] for i in idx),
        names=tuple(case.names[i] for i in idx),
        side=case.side[idx],
        switched=case.switched[idx],
        scores={k: v[sub] for k, v in case.scores.items()},
        sizes={k: (None if v is None else v[idx]) for k, v in case.sizes.items()},
        allied=case.allied[sub],
    )


#: COW codes of European states (Axelrod & Bennett's scope).
EUROPE = tuple(range(200, 400))


def war_placement(eu: WarCase, w: rc.RecipeWeights, sizes: str) -> dict[str, Any] | None:
    """How the landscape with weights ``w`` places the participants of ``eu``: ``correct`` (on
    their side, :func:`correct`), the names ``misplaced``, the ``share`` correct and whether it
    ``meets_bar``, Axelrod & Bennett's 15 of 17 [axelrod1993, p. 224]; None when a participant's size is
    missing (:func:`predict_case`)."""
    pred = predict_case(eu, w, sizes)
    if pred is None:
        return None
    m = matched(pred, eu.side)
    k = correct(pred, eu.side)
    return {
        "correct": k,
        "misplaced": [nm for nm, a, b in zip(eu.names, m, eu.side, strict=True) if a != b],
        "share": k / eu.n,
        "meets_bar": bool(k / eu.n >= AXELROD_BENNETT[0] / AXELROD_BENNETT[1] - 1e-12),
    }


def axelrod_bennett(result: WarBacktest, cases: Sequence[WarCase]) -> dict[str, Any] | None:
    """The Second World War's European participants (COW codes 200-399) in a landscape of their own,
    placed by each fitted recipe held out (weights fitted on the other wars) and with its shipped
    weights (in sample), against Axelrod & Bennett's 15 of 17 (1936 data, hand-coded propensities;
    [axelrod1993, pp. 222-226]). ``<recipe>_tuned`` is a diagnostic, not a test: the placement with
    weights fitted (:func:`fit_weights`) on this European landscape alone, i.e. the best the
    recipe's factors can do when tuned on the answer. ``meets_bar`` judges the default recipe's
    held-out placement. None when war 139 is not among ``cases``."""
    case = next((c for c in cases if c.warnum == 139), None)
    if case is None:
        return None
    eu = restrict(case, EUROPE)
    out: dict[str, Any] = {
        "war": case.name,
        "lag": case.lag,
        "data_year": case.year,
        "participants": eu.n,
        "states": list(eu.names),
        "bar": {"correct": AXELROD_BENNETT[0], "of": AXELROD_BENNETT[1]},
    }
    for recipe in sorted(FITS, reverse=True):
        for label, w in (
            (f"{recipe_key(recipe)}_held_out", result.folds.get(recipe, {}).get(139)),
            (recipe_key(recipe), result.weights.get(recipe)),
        ):
            if w is None:
                continue
            got = war_placement(eu, w, result.sizes)
            if got is not None:
                out[label] = got
        if eu.sizes.get(result.sizes) is not None:
            wt, _ = fit_weights([eu], sizes=result.sizes, spec=FITS[recipe])
            got = war_placement(eu, wt, result.sizes)
            if got is not None:
                out[f"{recipe_key(recipe)}_tuned"] = {**got, "weights": wt.public(rc.FACTORS)}
    ref = out.get(HEADLINE)
    out["meets_bar"] = None if ref is None else ref["meets_bar"]
    return out


def ab17_case(
    datasets: Mapping[str, pd.DataFrame],
    states: pd.DataFrame,
    year: int = AB17_YEAR,
    *,
    recipe: str | rc.Recipe | None = None,
    half_life: float | None = None,
) -> WarCase:
    """Axelrod & Bennett's seventeen nations [axelrod1993] (:data:`AB17_SIDES`, their sides) as a
    case built by the recipe from the data of ``year`` (their 1936 by default), like a war case of
    :func:`war_cases` (``warnum`` 139, ``lag`` = 1939 - ``year``). A nation without capability data
    that year is left out and listed; fewer than two nations, or one side only, is an
    :class:`~anpo.errors.AlignError`. ``recipe``: as in :func:`war_cases`."""
    rec = _recipe_for(datasets, recipe)
    states = _inputs(datasets, rec, states)
    ok, excluded = _with_capability_data(datasets, list(AB17_SIDES), int(year))
    if len({AB17_SIDES[c] for c in ok}) < 2:
        raise AlignError(
            f"Axelrod & Bennett's nations with capability data in {year} are on one side or "
            "fewer than two",
            field="year",
        )
    return _build_case(
        datasets,
        ok,
        int(year),
        rec,
        half_life=half_life,
        warnum=139,
        name="Second World War, Axelrod & Bennett's seventeen nations",
        onset=1939,
        lag=1939 - int(year),
        side=np.array([AB17_SIDES[c] for c in ok], dtype=np.int64),
        switched=np.zeros(len(ok), dtype=bool),
        excluded=excluded,
        names=_state_names(states),
    )


def axelrod_bennett_17(
    results: Mapping[int, WarBacktest],
    datasets: Mapping[str, pd.DataFrame],
    states: pd.DataFrame,
    fits_without: Mapping[int, Mapping[str, rc.RecipeWeights]] | None = None,
    sizes: str | None = None,
) -> dict[str, Any] | None:
    """Axelrod & Bennett's own test [axelrod1993, pp. 222-226] rebuilt from data: their seventeen
    nations and their sides (:data:`AB17_SIDES`), the landscape built by the recipe, placed by its
    global minimum.

    For every data year ``1939 - lag`` of ``results`` (one :class:`WarBacktest` per lag) whose
    held-out fits include the Second World War (war 139), each fitted recipe is scored with the
    weights fitted on the *other* wars at that lag (``<recipe>_held_out``: weights that never saw
    the Second World War), with its shipped weights (``<recipe>``, fitted on all wars at one
    year before onset, so in sample for the war if not for these nations) and recipe 1's a
    priori weights (``recipe1``). ``fits_without[lag][recipe]``: weights fitted on every war
    that can be scored at ``lag`` when the Second World War is not among them (its case has no
    size of the measure for every participant there, e.g. military expenditure three years
    before onset): held out by construction, they place the nations at a lag with no fold for
    war 139. Each data year's ``held_out_fit`` says which weights its held-out rows use.
    ``sizes``: the size measure (default: that of ``results``, CINC when it is empty).

    Rule, fixed before this case was first computed: the headline is the default recipe held
    out (:data:`HEADLINE`) with the data of Axelrod & Bennett's year, 1936 (:data:`AB17_YEAR`,
    the fits at three years before onset); it meets their bar when it places at least 15 of the
    17 right. The other rows are shown, never chosen from; ``not_scored`` says why there is no
    headline when there is none. None when no lag has held-out weights for these nations (a
    fold of war 139 or ``fits_without``). A dataset or state list that is not a table, or lacks
    a column read, is an :class:`~anpo.errors.AlignError` naming it (checked on entry: a case
    that cannot be built is otherwise left out)."""
    states = _inputs(datasets, _recipe_for(datasets, None), states)
    by_year: dict[int, dict[str, Any]] = {}
    why_not = f"no fit at {1939 - AB17_YEAR} years before onset to score their {AB17_YEAR} with"
    if sizes is None:
        sizes = next(iter(results.values())).sizes if results else "cinc"
    extra = fits_without or {}
    for lag in sorted(set(results) | set(extra)):
        r = results.get(lag)
        held = {rec: f[139] for rec, f in r.folds.items() if 139 in f} if r is not None else {}
        if held:
            how = "the fold of the Second World War: weights fitted on the other wars"
        elif extra.get(lag):
            held = dict(extra[lag])
            how = (
                f"weights fitted on every war scored at this data year; the Second World War is "
                f"not among them (no {sizes} size for every participant)"
            )
        else:
            continue
        shipped = r.weights if r is not None else {rec: rc.RECIPES[rec].weights for rec in FITS}
        year = 1939 - int(lag)
        try:
            case = ab17_case(datasets, states, year)
        except AlignError as exc:
            if year == AB17_YEAR:
                why_not = exc.one_line()
            continue
        if year == AB17_YEAR:
            why_not = f"no {sizes} size for every nation in {year}"
        entry: dict[str, Any] = {
            "data_year": year,
            "lag": int(lag),
            "held_out_fit": how,
            "participants": case.n,
            "states": list(case.names),
            "excluded": [
                f"{case.excluded_names.get(c, str(c))} ({why})" for c, why in case.excluded
            ],
        }
        for recipe in sorted(FITS, reverse=True):
            w = held.get(recipe)
            if w is not None:
                got = war_placement(case, w, sizes)
                if got is not None:
                    entry[f"{recipe_key(recipe)}_held_out"] = got
            got = war_placement(case, shipped[recipe], sizes)
            if got is not None:
                entry[recipe_key(recipe)] = got
        got = war_placement(case, rc.RECIPES[rc.RECIPE_V1].weights, sizes)
        if got is not None:
            entry["recipe1"] = got
        by_year[year] = entry
    if not by_year:
        return None
    head = by_year.get(AB17_YEAR, {}).get(HEADLINE)
    return {
        "bar": {"correct": AXELROD_BENNETT[0], "of": AXELROD_BENNETT[1]},
        "sides": {str(c): s for c, s in AB17_SIDES.items()},
        "sizes": sizes,
        "headline": None
        if head is None
        else {
            "predictor": HEADLINE,
            "data_year": AB17_YEAR,
            "participants": by_year[AB17_YEAR]["participants"],
            **head,
        },
        "meets_bar": None if head is None else head["meets_bar"],
        "not_scored": None if head is not None else why_not,
        "by_year": {str(y): e for y, e in sorted(by_year.items())},
    }


# ----------------------------------------------------------------------------- peacetime


def _components(adj: NDArray[np.bool_]) -> list[list[int]]:
    n = adj.shape[0]
    seen = np.zeros(n, dtype=bool)
    comps = []
    for s in range(n):
        if seen[s]:
            continue
        stack, comp = [s], []
        seen[s] = True
        while stack:
            v = stack.pop()
            comp.append(v)
            for u in np.flatnonzero(adj[v] & ~seen):
                seen[u] = True
                stack.append(int(u))
        comps.append(sorted(comp))
    return comps


def defense_blocs(defense: NDArray[np.float64]) -> tuple[list[int], list[int]] | None:
    """The two largest connected components (at least two members each) of a defense-pact
    graph (ties by the lowest member index); None when there are fewer than two. The graph is of
    ATOP defense pacts [leeds2002]; reading blocs as its components is anpo's own."""
    comps = [c for c in _components(defense > 0) if len(c) >= 2]
    comps.sort(key=lambda c: (-len(c), c[0]))
    if len(comps) < 2:
        return None
    return comps[0], comps[1]


def two_clusters(x: NDArray[np.float64]) -> NDArray[np.int64]:
    """The split of 1-D values into two groups with the least within-group sum of squares
    (exact: the best threshold between sorted values); labels 0 (lower) and 1 (upper). The
    values are UN-voting ideal points [bailey2017]; the two-cluster target is anpo's own."""
    x = np.asarray(x, dtype=float)
    order = np.argsort(x, kind="stable")
    v = x[order]
    n = v.size
    if n < 2:
        return np.zeros(n, dtype=np.int64)
    c1 = np.cumsum(v)
    c2 = np.cumsum(v * v)
    best, cut = math.inf, 1
    for k in range(1, n):
        left = c2[k - 1] - c1[k - 1] ** 2 / k
        rs, rq = c1[-1] - c1[k - 1], c2[-1] - c2[k - 1]
        right = rq - rs**2 / (n - k)
        if left + right < best - 1e-15:
            best, cut = left + right, k
    lab = np.zeros(n, dtype=np.int64)
    lab[order[cut:]] = 1
    return lab


def system_members(states: pd.DataFrame, year: int) -> tuple[set[int], int]:
    """Members of the state system in ``year`` (the list's last year when it ends earlier) and
    the year used."""
    last = int(states["endyear"].max())
    yr = min(int(year), last)
    st = states[(states["styear"] <= yr) & (states["endyear"] >= yr)]
    return {int(c) for c in st["ccode"]}, yr


def _size_or_nan(datasets: Mapping[str, pd.DataFrame], code: int, year: int, measure: str) -> float:
    try:
        return float(rc.sizes_from_data(datasets, [code], year, measure)[0][0])
    except AlignError:
        return float("nan")


def _scores(
    idx: NDArray[np.int64],
    truth: NDArray[np.int64],
    full: NDArray[np.int64],
    without: NDArray[np.int64],
    capability: NDArray[np.int64],
) -> dict[str, int]:
    """The scored columns of a :func:`peacetime_backtest` row: states scored, and how many of
    them the full recipe, the recipe without the target's factor and the two baselines put on
    their side of ``truth``."""
    return {
        "scored": len(idx),
        "full": correct(full[idx], truth),
        "without_factor": correct(without[idx], truth),
        "majority": correct(np.zeros(len(idx), dtype=np.int64), truth),
        "capability": correct(capability[idx], truth),
    }


def peacetime_backtest(
    datasets: Mapping[str, pd.DataFrame],
    states: pd.DataFrame,
    *,
    years: Sequence[int] = PEACE_YEARS,
    regions: Mapping[str, Sequence[int]] | None = None,
    weights: rc.RecipeWeights | None = None,
    sizes: str = "cinc",
    recipe: str | rc.Recipe | None = None,
) -> pd.DataFrame:
    """Predicted sides against ATOP defense blocs and UN-voting clusters (module docstring):
    anpo's own test, on ATOP [leeds2002] and the UN ideal points [bailey2017].

    One row per year, region and target: ``year, region, target, scored`` (states scored),
    ``full`` and ``without_factor`` (correct with the full recipe and without the target's own
    factor), ``majority`` and ``capability`` (baselines), ``note``. A region-year without two
    defense-pact blocs has no bloc row; ``attrs["no_blocs"]`` lists it with the reason (1950
    Europe: the 1942 and 1944 British and French treaties with the Soviet Union join NATO and
    the Soviet pacts into one component). A year past a dataset's
    coverage uses its latest year (as the recipe does): the rows' notes name each dataset
    carried forward with its last year, and ``attrs["carried_forward"]`` maps such a year to
    ``{dataset: last year}``. A target past its own data (ATOP blocs after ATOP's last year, UN
    clusters after the ideal points' last year) is not scored: ``attrs["not_scored"]`` lists the
    year, region, target and reason. A region-year with fewer than four members with data is
    skipped. A dataset of the recipe or a state list (``ccode, styear, endyear``, with rows) that
    is absent, not a table or lacks a column read is an :class:`~anpo.errors.AlignError` naming
    it, on entry (a region-year whose sizes fail is otherwise skipped).
    """
    from anpo.relations.dyads import year_coverage

    rec = rc.get_recipe(recipe)
    states = _inputs(datasets, rec, states, _YEARS)
    w = rc.recipe_weights(weights, rec)
    regions = dict(REGIONS if regions is None else regions)
    unga = datasets["unga"]
    rows: list[dict[str, Any]] = []
    no_blocs: list[dict[str, Any]] = []
    not_scored: list[dict[str, Any]] = []
    carried: dict[int, dict[str, int]] = {}
    atop_end = year_coverage(datasets["atop"], name="atop", error=AlignError)[1]
    un_end = year_coverage(unga, name="unga", error=AlignError)[1]
    for year in years:
        members, member_year = system_members(states, year)
        ends = rc.data_ends(datasets, year, rec)
        if ends:
            carried[int(year)] = ends
        past = (
            "; carried forward: " + ", ".join(f"{k} (last year {v})" for k, v in ends.items())
            if ends
            else ""
        )
        past_target = {
            "ATOP defense-pact blocs": (atop_end, "ATOP"),
            "UN-voting clusters": (un_end, "UN ideal points"),
        }
        for region, pool in regions.items():
            codes = [c for c in pool if c in members]
            if len(codes) < 4:
                continue
            member_note = (
                "" if member_year == year else f"; members as of {member_year} (state list ends)"
            ) + past
            for target, (end, label) in past_target.items():
                if year > end:
                    not_scored.append(
                        {
                            "year": year,
                            "region": region,
                            "target": target,
                            "reason": f"past the {label} data (last year {end})",
                        }
                    )
            measure = "cinc" if sizes == "equal" else sizes
            try:
                s, _ = rc.sizes_from_data(datasets, codes, year, measure)
            except AlignError:
                # states without the size measure are left out of this region-year
                s_all = np.array(
                    [_size_or_nan(datasets, c, year, measure) for c in codes], dtype=float
                )
                codes = [c for c, v in zip(codes, s_all, strict=True) if v > 0]
                if len(codes) < 4:
                    continue
                s, _ = rc.sizes_from_data(datasets, codes, year, measure)
            if sizes == "equal":
                s = np.ones(len(codes))
            table = rc.factor_table(datasets, codes, year, rc.RecipeWeights(), recipe=rec)
            sc = rc.score_matrices(table, codes)
            cinc = rc.sizes_from_data(datasets, codes, year, "cinc")[0]
            cap_pred = balance_split(cinc)
            full = solve_sides(s, rc.propensity_from_scores(sc, w))
            no_all = solve_sides(
                s, rc.propensity_from_scores(sc, replace(w, defense=0.0, other_alliance=0.0))
            )
            no_un = solve_sides(s, rc.propensity_from_scores(sc, replace(w, un=0.0)))
            blocs = defense_blocs(sc["defense"]) if year <= atop_end else None
            if blocs is None and year <= atop_end:
                comps = [c for c in _components(sc["defense"] > 0) if len(c) >= 2]
                why = (
                    "no defense pact among its states"
                    if not comps
                    else f"one defense-pact component of {len(comps[0])} of its "
                    f"{len(codes)} states: no second bloc to score"
                )
                no_blocs.append({"year": year, "region": region, "reason": why})
            if blocs is not None:
                idx = np.array(blocs[0] + blocs[1])
                truth = np.array([1] * len(blocs[0]) + [2] * len(blocs[1]))
                note = f"blocs of {len(blocs[0])} and {len(blocs[1])} states" + member_note
                rows.append(
                    {
                        "year": year,
                        "region": region,
                        "target": "ATOP defense-pact blocs",
                        **_scores(idx, truth, full, no_all, cap_pred),
                        "note": note,
                    }
                )
            yr = rc.latest_un_year(unga, year) if year <= un_end else None
            if yr is not None:
                ip = (
                    unga.loc[unga["year"] == yr]
                    .drop_duplicates("ccode")
                    .set_index("ccode")["idealpointfp"]
                )
                have = [i for i, c in enumerate(codes) if pd.notna(ip.get(c, np.nan))]
                if len(have) >= 4:
                    idx = np.array(have)
                    truth = two_clusters(np.array([float(ip[codes[i]]) for i in have])) + 1
                    latest = str(yr) if yr == year else f"{yr} (latest up to {year})"
                    rows.append(
                        {
                            "year": year,
                            "region": region,
                            "target": "UN-voting clusters",
                            **_scores(idx, truth, full, no_un, cap_pred),
                            "note": "ideal points " + latest + member_note,
                        }
                    )
    out = pd.DataFrame(rows)
    out.attrs["no_blocs"] = no_blocs
    out.attrs["not_scored"] = not_scored
    out.attrs["carried_forward"] = carried
    return out


def read_datasets(get: Any) -> dict[str, pd.DataFrame | None]:
    """The frames :func:`run` reads, kind -> DataFrame (None when absent), read from a getter
    ``kind -> DataFrame | None`` (e.g. the catalog's ``read_or_none``) in one held block
    (:func:`anpo.data.catalog.held_reads`): ``run(frames.get)`` then computes without holding
    the catalog, so a writer waits only for the reads. An alternative kind (``td_rivalries``) is
    read only when the one before it (``tss_rivalries``) is absent, as
    :func:`anpo.align.recipe.datasets_from` asks for them."""
    from anpo.data.catalog import first_present, held_reads

    out: dict[str, pd.DataFrame | None] = {}
    with held_reads(get):
        for kind in REQUIRED:
            out[kind] = get(kind)
        for kinds in rc.CATALOG_KINDS.values():
            first_present(get, kinds, out)
    return out


def datasets_for_backtest(get: Any) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, pd.DataFrame]:
    """Recipe 3's datasets (its history data included), the war list and the state list from a
    getter ``kind -> DataFrame | None`` (e.g. the catalog's ``read_or_none``); a missing one
    raises :class:`~anpo.errors.CatalogError` naming the ``anpo data add`` needed. A catalog's
    reads share one connection (:func:`anpo.data.catalog.held_reads`)."""
    from anpo.data.catalog import held_reads
    from anpo.errors import CatalogError

    extra = {}
    with held_reads(get):
        for kind in REQUIRED:
            frame = get(kind)
            if frame is None:
                raise CatalogError(
                    f"the back-test needs the {kind} dataset: run `anpo data add FILE` first"
                )
            extra[kind] = frame
        ds = rc.datasets_from(get, rc.RECIPE_V3)
    return ds, extra["cow_war_inter"], extra["cow_states"]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for rec in frame.to_dict("records"):
        out.append(
            {
                str(k): (None if isinstance(v, float) and math.isnan(v) else v)
                for k, v in rec.items()
            }
        )
    return out


@dataclass(frozen=True)
class Backtest:
    """Everything :func:`run` computes: the war back-test over the selected wars at the default
    data year (``war``, ``cases``) and at every lag tried (``by_lag``, ``cases_by_lag``), the
    recipe and lag chosen by the held-out rule (``choice``: recipe, lag and table,
    :func:`choose`), the held-out scores with both chosen inside each fold (``nested``, and
    ``ab_nested`` for the Second World War in Europe), the Axelrod-Bennett comparison at every
    lag (``axelrod_bennett``: the default lag's; ``ab_by_lag``), Axelrod & Bennett's own
    seventeen nations rebuilt from data (``ab17``), the peacetime table (or None) and the
    datasets used."""

    war: WarBacktest
    cases: list[WarCase]
    axelrod_bennett: dict[str, Any] | None
    peacetime: pd.DataFrame | None
    vintage: list[str]
    by_lag: dict[int, WarBacktest] = field(default_factory=dict)
    cases_by_lag: dict[int, list[WarCase]] = field(default_factory=dict)
    ab_by_lag: dict[int, dict[str, Any] | None] = field(default_factory=dict)
    choice: tuple[str, int, pd.DataFrame] | None = None
    nested: pd.DataFrame | None = None
    ab_nested: dict[str, Any] | None = None
    #: Axelrod & Bennett's own seventeen nations and sides, rebuilt from data
    #: (:func:`axelrod_bennett_17`)
    ab17: dict[str, Any] | None = None
    #: The datasets read, dataset key -> (dataset, version) from the loaders' sources
    #: (:func:`data_sources`); the keys of :data:`anpo.align.recipe.DEFAULT_CHOSEN_ON`
    sources: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: Data year (years before onset) -> why a selected war is not scored with that year's data
    #: (outside the back-test's rule then, or without the sizes asked); at the headline data
    #: year a war outside the rule is an error instead
    not_scored: dict[int, list[str]] = field(default_factory=dict)

    def choice_matches_default(self) -> bool | None:
        """Whether the held-out rule's pick (``choice``) is the shipped default
        (:data:`anpo.align.recipe.RECIPE_ID` with data :data:`DEFAULT_LAG` years before onset);
        None when no choice was computed."""
        if self.choice is None:
            return None
        return (self.choice[0], int(self.choice[1])) == (rc.RECIPE_ID, DEFAULT_LAG)

    def versions_differing(self) -> list[str]:
        """The dataset keys whose (dataset, version) differ from those the default was chosen
        on (:data:`anpo.align.recipe.DEFAULT_CHOSEN_ON`), in :attr:`sources` order."""
        return [k for k, v in self.sources.items() if rc.DEFAULT_CHOSEN_ON.get(k) != v]

    def protocol_differing(self) -> list[str]:
        """How this run's protocol differs from the one the default was chosen with (CINC
        sizes, data :data:`LAGS` years before onset), in words; empty when it does not."""
        out = []
        if self.war.sizes != "cinc":
            out.append(f"{self.war.sizes} sizes instead of CINC")
        lags = sorted(self.by_lag)
        if lags and lags != sorted(LAGS):
            out.append(
                f"data {' and '.join(str(x) for x in lags)} years before onset instead of "
                f"{' and '.join(str(x) for x in sorted(LAGS))}"
            )
        return out

    def nested_summary(self) -> dict[str, Any] | None:
        """Pooled and mean balanced accuracy of the nested held-out scores (recipe and lag
        chosen inside each fold), with how often each recipe and lag was chosen."""
        if self.nested is None or self.nested.empty:
            return None
        s = summarise(self.nested, ("held_out",))["held_out"]
        counts = self.nested.groupby(["recipe", "lag"]).size()
        s["chosen"] = {
            f"{r} at lag {lag}": int(v)
            for (r, lag), v in zip(counts.index.tolist(), counts.tolist(), strict=True)
        }
        return s

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready summary (per war and per participant, baselines, protocol; every lag)."""
        return {
            "recipe": rc.RECIPE_ID,
            "headline": HEADLINE,
            "weights": {r: w.public(rc.RECIPES[r].factors) for r, w in self.war.weights.items()},
            "sizes": self.war.sizes,
            "lag": self.war.lag,
            "protocol": self.war.protocol,
            "summary": self.war.summary(),
            "wars": _records(self.war.wars),
            "participants": _records(self.war.participants),
            "held_out_weights": {
                r: {str(k): v.public(rc.RECIPES[r].factors) for k, v in f.items()}
                for r, f in self.war.folds.items()
            },
            "axelrod_bennett": self.axelrod_bennett,
            "axelrod_bennett_17": self.ab17,
            "lags": {
                str(lag): {
                    "summary": r.summary(),
                    "wars": _records(r.wars),
                    "axelrod_bennett": self.ab_by_lag.get(lag),
                }
                for lag, r in self.by_lag.items()
            },
            "wars_not_scored": {str(lag): list(v) for lag, v in self.not_scored.items()},
            "choice": None
            if self.choice is None
            else {
                "recipe": self.choice[0],
                "lag": self.choice[1],
                "table": _records(self.choice[2]),
            },
            "nested": None
            if self.nested is None
            else {
                "summary": self.nested_summary(),
                "wars": _records(self.nested),
                "axelrod_bennett": self.ab_nested,
            },
            "peacetime": None if self.peacetime is None else _records(self.peacetime),
            "peacetime_no_blocs": None
            if self.peacetime is None
            else list(self.peacetime.attrs.get("no_blocs", [])),
            "peacetime_not_scored": None
            if self.peacetime is None
            else list(self.peacetime.attrs.get("not_scored", [])),
            "peacetime_carried_forward": None
            if self.peacetime is None
            else {
                str(y): dict(v) for y, v in self.peacetime.attrs.get("carried_forward", {}).items()
            },
            "data": self.vintage,
            "data_versions": {
                k: {"dataset": d, "version": v} for k, (d, v) in self.sources.items()
            },
            "default_choice": {
                "recipe": rc.RECIPE_ID,
                "lag": DEFAULT_LAG,
                "chosen_on": {
                    k: {"dataset": d, "version": v} for k, (d, v) in rc.DEFAULT_CHOSEN_ON.items()
                },
            },
            "choice_matches_default": self.choice_matches_default(),
            "versions_differing_from_default": self.versions_differing(),
            "protocol_differing_from_default": self.protocol_differing(),
        }


def run(
    get: Any,
    *,
    select: Iterable[int] | None = None,
    sizes: str = "cinc",
    peace: bool = True,
    years: Sequence[int] = PEACE_YEARS,
    held_out: bool = True,
    min_participants: int = 3,
    lags: Sequence[int] = LAGS,
    lag: int | None = None,
    progress: StepFn | None = None,
    count: ProgressFn | None = None,
) -> Backtest:
    """The back-tests from a dataset getter (``kind -> DataFrame | None``, e.g. the catalog's
    ``read_or_none``): for every data year in ``lags`` (years before onset) every war is built
    (the held-out weights are always fitted on all wars but the one scored), the ``select``-ed
    ones (default all) are reported. ``lag`` (default :data:`DEFAULT_LAG` when tried, else the
    first of ``lags``) is the headline data year (``war``); with ``held_out``, more than one lag
    and every war (no ``select``), the recipe and lag chosen by the held-out rule and the nested
    scores are computed too (they rest on every war's held-out score). The protocol is anpo's
    own (module docstring); the data are the COW wars [sarkees2010], ATOP [leeds2002] and the
    UN ideal points [bailey2017], with the recipe's other datasets.

    ``progress(message)`` names each step (:data:`anpo._progress.StepFn`); ``count(done,
    total)`` counts the wars of each data year's back-test (:data:`anpo._progress.ProgressFn`).
    """
    say = progress or (lambda message: None)
    check_sizes(sizes)
    select = None if select is None else [int(x) for x in select]  # read once per data year
    lags = tuple(sorted({int(x) for x in lags}))
    if not lags or any(not 1 <= x <= 20 for x in lags):
        raise AlignError("lags (years before onset) must be 1-20", field="lag")
    if lag is None:
        lag = DEFAULT_LAG if DEFAULT_LAG in lags else lags[0]
    if int(lag) not in lags:
        raise AlignError(f"lag {lag} is not among the lags tried {list(lags)}", field="lag")
    say("reading the datasets")
    ds, wars, states = datasets_for_backtest(get)
    ds = {**ds, "wars": wars}
    by_lag: dict[int, WarBacktest] = {}
    cases_by_lag: dict[int, list[WarCase]] = {}
    ab_by_lag: dict[int, dict[str, Any] | None] = {}
    # lag -> recipe -> weights fitted on every usable war when the Second World War is not one
    fits_without: dict[int, dict[str, rc.RecipeWeights]] = {}
    not_scored: dict[int, list[str]] = {}  # lag -> why a selected war is not scored there
    for lg in lags:
        before = "the year" if lg == 1 else f"{lg} years"
        say(f"wars, data of {before} before onset")
        all_cases = war_cases(wars, ds, states, min_participants=min_participants, lag=lg)
        if select is None:
            chosen = all_cases
        else:
            sel = [int(x) for x in select]
            have = {c.warnum for c in all_cases}
            extra = [w for w in sel if w not in have]
            chosen = [c for c in all_cases if c.warnum in sel]
            for w in extra:  # one at a time: a war outside the rule leaves the others in
                try:
                    chosen += war_cases(
                        wars, ds, states, select=[w], min_participants=min_participants, lag=lg
                    )
                except AlignError as exc:
                    if lg == lag:
                        raise
                    not_scored.setdefault(lg, []).append(exc.message)
            chosen.sort(key=lambda c: (c.onset, c.warnum))
        usable = [c for c in all_cases if c.sizes.get(sizes) is not None]
        unsized = [c.name for c in chosen if c.sizes.get(sizes) is None]
        chosen = [c for c in chosen if c.sizes.get(sizes) is not None]
        wants_139 = select is None or 139 in select
        if held_out and wants_139 and usable and not any(c.warnum == 139 for c in usable):
            # Axelrod & Bennett's nations still get held-out weights: none of these is war 139
            fits_without[lg] = {
                r: fit_weights(usable, sizes=sizes, spec=spec)[0] for r, spec in FITS.items()
            }
        if select is not None and unsized:  # (every war: the sizes' coverage, not a choice)
            not_scored.setdefault(lg, []).append(
                f"no {sizes} sizes for every participant of {', '.join(unsized)}"
            )
        if not chosen:
            if lg == lag:
                raise AlignError(
                    f"no selected war has {sizes} sizes for every participant", field="sizes"
                )
            continue
        by_lag[lg] = war_backtest(
            chosen, sizes=sizes, held_out=held_out, fit_cases=usable, progress=count
        )
        cases_by_lag[lg] = chosen
        ab_by_lag[lg] = axelrod_bennett(by_lag[lg], chosen)
    if held_out:
        say("Axelrod & Bennett's seventeen nations")
    ab17 = axelrod_bennett_17(by_lag, ds, states, fits_without, sizes) if held_out else None
    choice = None
    nest = None
    ab_nest = None
    if held_out and len(by_lag) > 1 and select is None:  # the choice rests on every war
        say("choosing the recipe and data year (nested held-out scores)")
        choice = choose(by_lag)
        nest = nested(by_lag, cases_by_lag)
        row = nest[nest["warnum"] == 139]
        if len(row):
            r_id, r_lag = str(row["recipe"].iloc[0]), int(row["lag"].iloc[0])
            case = next(c for c in cases_by_lag[r_lag] if c.warnum == 139)
            eu = restrict(case, EUROPE)
            ab_nest = war_placement(eu, by_lag[r_lag].folds[r_id][139], sizes)
            if ab_nest is not None:
                ab_nest = {"recipe": r_id, "lag": r_lag, "data_year": case.year, **ab_nest}
    table = None
    if peace:
        say("peacetime sides")
        table = peacetime_backtest(ds, states, years=years, sizes=sizes)
    sources = data_sources({**ds, "cow_states": states})
    vintage = [f"{key}: {name} {version}".strip() for key, (name, version) in sources.items()]
    return Backtest(
        war=by_lag[lag],
        cases=cases_by_lag[lag],
        axelrod_bennett=ab_by_lag[lag],
        peacetime=table,
        vintage=vintage,
        by_lag=by_lag,
        cases_by_lag=cases_by_lag,
        ab_by_lag=ab_by_lag,
        choice=choice,
        nested=nest,
        ab_nested=ab_nest,
        ab17=ab17,
        sources=sources,
        not_scored=not_scored,
    )


def lag_words(lag: int) -> str:
    """A data year in words, ``lag`` years before a war's onset.

    >>> lag_words(1), lag_words(3)
    ('the year before onset', '3 years before onset')
    """
    return "the year before onset" if lag == 1 else f"{lag} years before onset"


def data_sources(frames: Mapping[str, pd.DataFrame]) -> dict[str, tuple[str, str]]:
    """Dataset key -> (dataset, version) from each frame's loader source (``attrs["source"]``);
    a frame without one is named by its key, its version empty.

    >>> import pandas as pd
    >>> nmc = pd.DataFrame()
    >>> nmc.attrs["source"] = {"dataset": "COW National Material Capabilities", "version": "6.0"}
    >>> data_sources({"nmc": nmc, "atop": pd.DataFrame()})
    {'nmc': ('COW National Material Capabilities', '6.0'), 'atop': ('atop', '')}
    """
    out = {}
    for key, frame in frames.items():
        table(str(key), frame, error=AlignError, what=f"the {key} dataset")
        src = frame.attrs.get("source", {}) or {}
        out[str(key)] = (str(src.get("dataset", key)), str(src.get("version", "")))
    return out


def source_words(sources: Mapping[str, tuple[str, str]], keys: Iterable[str] | None = None) -> str:
    """The datasets with their versions in words, e.g. 'COW National Material Capabilities 7.0;
    ATOP alliance dyad-years 5.1' (``keys``: only those, in that order; default all), joined by
    semicolons because some names hold commas ('Thompson, Sakuwa & Suhas strategic rivalries').

    >>> source_words({"nmc": ("COW National Material Capabilities", "6.0"), "x": ("X", "")})
    'COW National Material Capabilities 6.0; X'
    """
    keys = list(sources) if keys is None else [k for k in keys if k in sources]
    return "; ".join(f"{sources[k][0]} {sources[k][1]}".strip() for k in keys)
