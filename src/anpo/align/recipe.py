"""Propensities and sizes from data: documented, weighted recipes (``anpo-align-recipe/1``,
``anpo-align-recipe/2`` and ``anpo-align-recipe/3``; :data:`RECIPE_ID` is the default).

[axelrod1993, pp. 220-222] built the 1936 European propensities by adding simple
factors (ethnic conflict, religion, border disputes, type of government, history of wars), each
scored for every pair, and used COW capability shares as sizes. This recipe does the same with
modern dyadic data; each factor is a pure function of a dyad-year table built with
:mod:`anpo.relations` (no loader lives here), and every factor's contribution to every pair is kept
in a tidy table (``a, b, factor, raw, as_of, weight, contribution, note``) so that the propensity
of a pair is exactly the sum of its rows.

Factors (default weights in :class:`RecipeWeights`; a contribution is ``weight x score``):

``alliance`` (score 1 for a defense pact, ``other_alliance / defense`` for any other ATOP
    obligation - offense, neutrality, non-aggression, consultation - else 0)
    ATOP v5 dyad-years [leeds2002]. Allies want
    to be together. Caveat: alliances are themselves alignments, so this factor partly encodes
    what the landscape predicts (the same caution as Axelrod & Bennett's remark that their
    factors must be prior to the alignment they explain).
``rivalry`` (score 1 while the pair is a strategic rivalry)
    [thompson2022] update of [thompson2012], *Handbook of
    International Rivalries*: rivals regard each other as competitors, a source of threat and
    enemies.
``disputes`` (score = share of the ``dispute_window`` latest observed years up to the year with
    an ongoing militarized dispute between the two)
    MID 5.0 [palmer2022]; Axelrod & Bennett's "history of wars"/"border disputes".
``un`` UN-voting affinity from the absolute distance ``d`` of the two UNGA ideal points
    ([bailey2017], *J. Conflict Resolution* 61(2):430-456). Recipe 1:
    ``clip(1 - d / median_d, -1, 1)`` with ``median_d`` the median distance over all pairs of
    states with an estimate that year; it *saturates*: every pair farther apart than twice the
    median scores -1 (in 2001 every pair of the United States with a state of the Asia-Pacific
    instance but Australia, Japan included). Recipe 2:
    ``1 - 2 F(d)`` with ``F`` the empirical distribution of the year's pairwise distances (the
    share of pairs at most ``d`` apart): strictly decreasing over the observed range, so a pair at
    the 86th percentile of distance (U.S.-Japan, 2001) and one at the 99th (U.S.-China) differ.
    Missing (0, flagged) when either state has no estimate (e.g. Taiwan, not a UN member since
    1971); a year without estimates (1964, the session without recorded votes) takes the latest
    earlier year, said in the note.
``regime`` (score = ``1 - 2 |v_i - v_j|`` with ``v`` the V-Dem electoral-democracy index
    ``v2x_polyarchy`` in [0, 1]) V-Dem [coppedge2020]; Axelrod & Bennett's "type of government";
    the democratic-peace literature [maoz1993].
``contiguity`` (score 1 for direct contiguity by land or up to 400 miles of water, COW types
    1-5) COW Direct Contiguity v3.2 [stinnett2002]; neighbours have more occasions for
    friction [bremer1992].

Recipe 3 adds Axelrod & Bennett's history factors (:mod:`anpo.align.history`; each a sum over
past events of the pair, discounted with a half-life of ``half_life`` years, 20 a priori):

``wars`` (score in [-1, 1]: +1 per war fought on the same side, -1 on opposite sides)
    COW inter-state wars that ended before the year [sarkees2010]; "recent wars".
``mid_history`` (score in [-1, 1]: the same for militarized disputes begun by the year)
    MID 5.0 participant-level data [palmer2022].
``territory`` (score in [0, 1]: disputes on opposite sides in which one of the two sought a
    territorial revision) MID 5.0 ``revtype1``/``revtype2`` [palmer2022]; "territorial
    disputes".

Sizes (:func:`sizes_from_data`, ``measure``): ``cinc`` (default; CINC recomputed from the NMC
components, [singer1972], the measure Axelrod & Bennett used), ``milex`` (NMC
military expenditure, each state's share of the instance's total) or ``gdp`` (a ``ccode, year,
gdp`` table: SIPRI's implied GDP, current-US$ military expenditure / share of GDP, or the user's
own). Only relative sizes matter (scaling all sizes scales every energy alike). CINC counts
population and primary energy, so it makes China the largest actor from the 1990s on; military
spending and GDP do not.

Weights: recipe 1's are a priori (:class:`RecipeWeights` defaults). Recipe 2's were fitted to the
sides of the multi-state wars in the COW inter-state war data (:mod:`anpo.align.backtest`:
coordinate search over a fixed grid maximising the mean per-war accuracy, all wars); the
back-test reports every war's accuracy with weights fitted on the *other* wars
(leave-one-war-out), so that no war is scored with weights it helped to fit.

Coverage: when a dataset ends before the requested year, its last observed year is used
(``as_of`` < year, said in ``note``); when it has no value the contribution is 0 and ``note`` is
``missing``. Nothing is silently filled.

Raises: a dataset, pair table or factor table that is not a pandas DataFrame, or lacks a column
the recipe reads of it, is an :class:`~anpo.errors.AlignError` naming it (``field``: the
dataset's key, ``pairs`` or ``table``) and the columns missing; so is a dataset without rows
whose years cannot be told (no loader's ``attrs["coverage"]``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import pandas as pd

from anpo import _checks
from anpo.errors import AlignError

RECIPE_V1 = "anpo-align-recipe/1"
RECIPE_V2 = "anpo-align-recipe/2"
RECIPE_V3 = "anpo-align-recipe/3"
#: The default recipe.
RECIPE_ID = RECIPE_V2

#: The dataset versions the default (:data:`RECIPE_ID` with data of the year before onset,
#: :data:`anpo.align.backtest.DEFAULT_LAG`) was chosen on by the back-test's held-out rule
#: (:func:`anpo.align.backtest.choose`): dataset key (:data:`CATALOG_KINDS`, plus
#: ``cow_states``) -> (dataset, version) as the loaders name them. tools/align_backtest_readme.py
#: computes the README's tables on these files (a test checks the two agree); a back-test on
#: other versions says when the rule picks otherwise there.
DEFAULT_CHOSEN_ON: dict[str, tuple[str, str]] = {
    "nmc": ("COW National Material Capabilities", "7.0"),
    "atop": ("ATOP alliance dyad-years", "5.1"),
    "rivalries": ("Thompson, Sakuwa & Suhas strategic rivalries", "2022"),
    "mid": ("COW MID dyadic dispute-years (peacesciencer)", "5.0"),
    "contiguity": ("COW Direct Contiguity", "3.2"),
    "unga": ("UNGA ideal points (Bailey, Strezhnev & Voeten)", "July 2025"),
    "democracy": ("Democracy scores by COW state-year (UDS, Polity2, V-Dem)", "2025"),
    "wars": ("COW Inter-State War Data (peacesciencer dyad-years)", "4.0"),
    "midp": ("COW Militarized Interstate Disputes (participants)", "5.0"),
    "cow_states": ("COW State System Membership", "2016"),
}

#: Size measures of :func:`sizes_from_data`.
SIZE_MEASURES = ("cinc", "milex", "gdp")

#: The Asia-Pacific states of the seed (U.S., Japan, China, Russia, the two Koreas, Australia,
#: Taiwan, Southeast Asia) plus New Zealand and India (ARF members), by COW state code.
ASIA_PACIFIC = (
    2,
    740,
    710,
    365,
    732,
    731,
    900,
    920,
    713,
    750,
    840,
    850,
    800,
    816,
    820,
    830,
    775,
    811,
    812,
    835,
)

#: Every factor a recipe can use, in display order (recipes 1 and 2 use the first six).
FACTORS = (
    "alliance",
    "rivalry",
    "disputes",
    "un",
    "regime",
    "contiguity",
    "wars",
    "mid_history",
    "territory",
)
#: The factors of recipes 1 and 2.
BASE_FACTORS = FACTORS[:6]


@dataclass(frozen=True)
class RecipeWeights:
    """Weights of the recipe's factors (positive = affinity). Defaults are fixed a priori (anpo's
    own choice, not from [axelrod1993]):
    hard security ties (a defense pact, a strategic rivalry) +-3, recent militarized disputes up
    to -2, foreign-policy preferences (UN voting) +-2, regime similarity +-1, contiguity -0.5;
    other alliance obligations +1. The history factors of recipe 3 (``wars``, ``mid_history``,
    ``territory``) weigh 0 by default (recipes 1 and 2 do not use them); ``half_life`` (years)
    discounts their events (:mod:`anpo.align.history`)."""

    defense: float = 3.0
    other_alliance: float = 1.0
    rivalry: float = -3.0
    disputes: float = -2.0
    dispute_window: int = 10
    un: float = 2.0
    regime: float = 1.0
    contiguity: float = -0.5
    wars: float = 0.0
    mid_history: float = 0.0
    territory: float = 0.0
    half_life: float = 20.0

    def __post_init__(self) -> None:
        for k, v in self.as_dict().items():
            if not math.isfinite(float(v)):
                raise AlignError(f"recipe weight {k} must be finite", field=k)
        if self.dispute_window < 1:
            raise AlignError("dispute_window must be >= 1", field="dispute_window")
        if not self.half_life > 0:
            raise AlignError("half_life must be positive", field="half_life")

    def as_dict(self) -> dict[str, float | int]:
        """The weights as a plain mapping (``dispute_window`` an integer)."""
        return {
            f.name: (
                int(getattr(self, f.name))
                if f.name == "dispute_window"
                else float(getattr(self, f.name))
            )
            for f in fields(self)
        }

    def public(self, factors: Sequence[str] = BASE_FACTORS) -> dict[str, float | int]:
        """:meth:`as_dict` without the parameters of factors not in ``factors`` (the history
        weights and half-life of a recipe that does not use them)."""
        hist = {"wars", "mid_history", "territory"}
        drop = set() if hist & set(factors) else {*hist, "half_life"}
        return {k: v for k, v in self.as_dict().items() if k not in drop}


@dataclass(frozen=True)
class Recipe:
    """A named propensity recipe: its weights, how the UN factor is scored and its factors
    (module docstring). ``un_score`` is ``"median"`` (recipe 1, saturating) or
    ``"percentile"``."""

    id: str
    weights: RecipeWeights
    un_score: str
    description: str
    factors: tuple[str, ...] = BASE_FACTORS

    def datasets(self) -> tuple[str, ...]:
        """The dataset keys (:data:`CATALOG_KINDS`) the recipe reads: ``nmc`` and its factors'."""
        keys = ["nmc"]
        for f in self.factors:
            if _FACTOR_FUNCS[f][0] not in keys:
                keys.append(_FACTOR_FUNCS[f][0])
        return tuple(keys)


RECIPES: dict[str, Recipe] = {
    RECIPE_V1: Recipe(
        RECIPE_V1,
        RecipeWeights(),
        "median",
        "a priori weights; UN affinity relative to the median distance (saturates at -1)",
    ),
    RECIPE_V2: Recipe(
        RECIPE_V2,
        # fitted by anpo.align.backtest.fit_weights on the 34 multi-state wars of COW
        # inter-state war data v4.0 (peacesciencer export), CINC sizes; reproduced by
        # tests/test_align_backtest.py::test_war_backtest_on_all_wars
        RecipeWeights(
            defense=2.0,
            other_alliance=2.0,
            rivalry=-3.0,
            disputes=-6.0,
            un=1.0,
            regime=0.5,
            contiguity=-0.5,
        ),
        "percentile",
        "weights fitted to the sides of the COW multi-state wars (leave-one-war-out accuracy "
        "reported by anpo align backtest); UN affinity by percentile of distance (no saturation)",
    ),
    # dup-ok: the recipes' fitted weights are data, alike in shape (keyword arguments of
    # RecipeWeights).
    RECIPE_V3: Recipe(
        RECIPE_V3,
        # fitted by anpo.align.backtest.fit_weights (spec FITS[RECIPE_V3], from PRIOR_V3) on the
        # 34 multi-state wars of COW inter-state war data v4.0 (peacesciencer export), CINC
        # sizes, data of the year before onset (backtest.DEFAULT_LAG); reproduced by
        # tests/test_align_backtest.py::test_war_backtest_on_all_wars
        RecipeWeights(
            defense=2.0,
            other_alliance=0.0,
            rivalry=-6.0,
            disputes=-2.0,
            un=2.0,
            regime=0.5,
            contiguity=-1.0,
            wars=1.0,
            mid_history=4.0,
            territory=0.0,
        ),
        "percentile",
        "recipe 2's factors plus Axelrod & Bennett's history factors (past wars, past disputes, "
        f"territorial disputes; half-life {RecipeWeights.half_life:g} years); weights fitted to the sides of the COW "
        "multi-state wars (leave-one-war-out accuracy reported by anpo align backtest)",
        FACTORS,
    ),
}

#: The a priori starting point of recipe 3's fit: recipe 1's weights plus history weights of
#: the size of the dispute weight (past wars +2, past disputes +1, territorial disputes -2).
PRIOR_V3 = RecipeWeights(wars=2.0, mid_history=1.0, territory=-2.0)


def get_recipe(recipe: str | Recipe | None = None) -> Recipe:
    """The :class:`Recipe` named ``recipe`` (default :data:`RECIPE_ID`)."""
    if isinstance(recipe, Recipe):
        return recipe
    rid = RECIPE_ID if recipe is None else str(recipe)
    if rid not in RECIPES:
        raise AlignError(f"unknown recipe {rid!r}; known: {', '.join(RECIPES)}", field="recipe")
    return RECIPES[rid]


def recipe_weights(weights: object, recipe: Recipe) -> RecipeWeights:
    """The weights to use: ``weights`` when given (a :class:`RecipeWeights`, even one with every
    weight 0), ``recipe``'s own when ``weights`` is None.

    Anything else is an :class:`AlignError` naming ``weights``: an empty dict was read as "no
    weights given" (``weights or recipe.weights``: the recipe's weights used without a word), a
    dict with keys an AttributeError deep in the factors. To change some weights, give
    ``dataclasses.replace(recipe.weights, defense=2.0)``."""
    if weights is None:
        return recipe.weights
    if not isinstance(weights, RecipeWeights):
        raise AlignError(
            "must be a RecipeWeights (e.g. dataclasses.replace(recipe.weights, defense=2.0)), or "
            f"None for the recipe's own; got {type(weights).__name__} {weights!r}"[:200],
            field="weights",
        )
    return weights


def as_of_year(coverage: tuple[int, int] | None, year: int) -> int | None:
    """The year of a dataset's data that stands for ``year``: ``year`` itself inside the dataset's
    ``coverage`` (first, last year; None: no coverage known, ``year`` as asked), the last year
    when ``year`` is past it (carried forward: the ``carried forward from`` note), None before
    its first year (no data: the factor is missing)."""
    if coverage is None:
        return year
    lo, hi = coverage
    if year < lo:
        return None
    return min(year, hi)


def _coverage(frame: pd.DataFrame, key: str) -> tuple[int, int]:
    """The first and last year dataset ``key``'s ``frame`` covers: the relations' one
    :func:`anpo.relations.dyads.year_coverage` over the dataset's year (or spell, ``_SPAN_COLUMNS``)
    columns, an :class:`AlignError` naming ``key`` when they hold no year and the frame no
    ``attrs["coverage"]``."""
    from anpo.relations.dyads import year_coverage

    return year_coverage(frame, _SPAN_COLUMNS.get(key, ("year",)), name=key, error=AlignError)


#: The columns the recipe reads of each dataset (the names of the :mod:`anpo.data` loaders):
#: a frame without one was a bare ``KeyError`` from deep inside (``KeyError: 'year'``).
_DATASET_COLUMNS: dict[str, tuple[str, ...]] = {
    "atop": ("ccode1", "ccode2", "year", "atop_defense", "atop_offense", "atop_neutral",
             "atop_nonagg", "atop_consul"),
    "rivalries": ("ccode1", "ccode2", "styear", "endyear"),
    "mid": ("dispnum", "ccode1", "ccode2", "year", "onset", "hostlev1", "hostlev2"),
    "unga": ("ccode", "year", "idealpointfp"),
    "democracy": ("ccode", "year", "v2x_polyarchy"),
    "contiguity": ("ccode1", "ccode2", "year", "conttype"),
    "wars": ("warnum", "ccode", "side", "styear", "endyear"),
    "midp": ("dispnum", "ccode", "styear", "endyear", "sidea", "revtype1", "revtype2"),
    "nmc": ("ccode", "year", "milex", "milper", "irst", "pec", "tpop", "upop"),
    "gdp": ("ccode", "year", "gdp"),
}  # fmt: skip


def checked_dataset(key: str, frame: object, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """``frame`` when it is a table with the columns the recipe reads of dataset ``key``
    (:data:`_DATASET_COLUMNS`, or ``columns``), else an :class:`AlignError` naming ``key`` (a dict
    was "'dict' object has no attribute 'attrs'", a frame without them a bare ``KeyError``). A
    dataset whose years are read from its rows (no loader's ``attrs["coverage"]``; ``gdp`` is
    read by year only) must have rows: with none, the years it covers cannot be told (``int(NaN)``'s
    bare ``ValueError`` before); with a coverage, no rows means no events in those years."""
    what = f"the {key} dataset"
    cols = _DATASET_COLUMNS[key] if columns is None else columns
    t = _checks.table(key, frame, error=AlignError, what=what, columns=cols)
    if key != "gdp" and not t.attrs.get("coverage"):
        _checks.table(
            key, t, error=AlignError, what=what, columns=_SPAN_COLUMNS.get(key, ("year",))
        )
        if t.empty:
            raise AlignError(
                "has no rows and no attrs['coverage']: the years it covers cannot be told",
                field=key,
            )
    return t


def _pairs(pairs: object) -> pd.DataFrame:
    """``pairs`` when it is a table of pairs (``ccode1, ccode2``), else an :class:`AlignError`
    naming it."""
    cols = ("ccode1", "ccode2")
    return _checks.table("pairs", pairs, error=AlignError, what="a pair table", columns=cols)


def pair_frame(codes: Sequence[int], years: Sequence[int]) -> pd.DataFrame:
    """Undirected pairs ``ccode1 < ccode2`` of ``codes`` for every year in ``years``."""
    c = sorted({int(x) for x in codes})
    rows = [(a, b, y) for y in years for i, a in enumerate(c) for b in c[i + 1 :]]
    return pd.DataFrame(rows, columns=["ccode1", "ccode2", "year"]).astype("int64")


def _rows(
    pairs: pd.DataFrame,
    factor: str,
    raw: np.ndarray,
    score: np.ndarray,
    weight: float | np.ndarray,
    as_of: int | None,
    year: int,
    missing: np.ndarray,
) -> pd.DataFrame:
    note = np.where(missing, "missing", "")
    if as_of is not None and as_of != year:
        note = np.where(missing, "missing", f"carried forward from {as_of}")
    sc = np.where(missing, 0.0, np.nan_to_num(np.asarray(score, dtype="float64")))
    contribution = weight * sc
    return pd.DataFrame(
        {
            "ccode1": pairs["ccode1"].to_numpy(),
            "ccode2": pairs["ccode2"].to_numpy(),
            "factor": factor,
            "raw": raw.astype("float64"),
            "as_of": as_of if as_of is not None else pd.NA,
            "score": sc.astype("float64"),
            "weight": np.broadcast_to(np.asarray(weight, dtype="float64"), (len(pairs),)),
            "contribution": np.asarray(contribution, dtype="float64"),
            "note": note,
        }
    )


def alliance_factor(
    pairs: pd.DataFrame, atop: pd.DataFrame, year: int, w: RecipeWeights
) -> pd.DataFrame:
    """Alliance contribution per pair from ATOP dyad-years [leeds2002]; raw = 2 defense,
    1 other obligation, 0 none.

    Membership of a pact, not the direction of its obligation, makes two states allies: ATOP's
    directed rows record some pacts on one side only (the 1960 U.S.-Japan treaty: a defense
    obligation of the United States), so a pair counts an obligation recorded in either
    direction."""
    pairs, atop = _pairs(pairs), checked_dataset("atop", atop)
    as_of = as_of_year(_coverage(atop, "atop"), year)
    flags = atop_either_direction(pairs, atop, as_of if as_of is not None else year)
    defense = flags["atop_defense"]
    others = np.vstack(
        [flags[c] for c in ("atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")]
    )
    other = (np.nan_to_num(others) == 1).any(axis=0)
    # unknown (a missing ATOP code, or no ATOP year): a defense flag that is unknown, or no
    # obligation known and another one unknown, is missing, never "no alliance"
    missing = (
        np.isnan(defense)
        | ((defense != 1) & ~other & np.isnan(others).any(axis=0))
        | (as_of is None)
    )
    raw = np.where(defense == 1, 2.0, np.where(other, 1.0, 0.0))
    weight = np.where(raw == 2, w.defense, w.other_alliance)
    return _rows(pairs, "alliance", raw, (raw > 0).astype("float64"), weight, as_of, year, missing)


def atop_either_direction(
    pairs: pd.DataFrame, atop: pd.DataFrame, year: int
) -> dict[str, np.ndarray]:
    """Per ATOP obligation column (``atop_defense``, ``atop_offense``, ``atop_neutral``,
    ``atop_nonagg``, ``atop_consul``), 1 where the pair of ``pairs`` (``ccode1, ccode2``) has it
    recorded in either direction in ``year``, 0 where in neither, NaN where it is unknown in a
    direction and not 1 in the other (outside ATOP's years, or a missing code in ATOP's row)
    [leeds2002]: membership of a pact, not the side ATOP records the obligation on, makes two
    states allies (the 1960 U.S.-Japan treaty is recorded as a U.S. obligation)."""
    from anpo.relations import add_alliances

    pairs, atop = _pairs(pairs), checked_dataset("atop", atop)

    fwd = add_alliances(pairs.assign(year=year), atop)
    rev = add_alliances(
        pairs.assign(year=year).rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"}), atop
    )
    cols = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")
    out = {}
    for c in cols:
        a = fwd[c].to_numpy(dtype="float64", na_value=np.nan)
        b = rev[c].to_numpy(dtype="float64", na_value=np.nan)
        # 1 in either direction decides; otherwise an unknown direction leaves it unknown
        # (np.fmax read an unknown beside a 0 as 0)
        out[c] = np.where((a == 1) | (b == 1), 1.0, np.maximum(a, b))
    return out


def rivalry_factor(
    pairs: pd.DataFrame, rivalries: pd.DataFrame, year: int, w: RecipeWeights
) -> pd.DataFrame:
    """Strategic-rivalry contribution ([thompson2022] / [thompson2012])."""
    pairs, rivalries = _pairs(pairs), checked_dataset("rivalries", rivalries)
    # the pairs asked are no state system: the rivalry-years they do not hold are not dropped
    from anpo.relations.dyads import add_rivalries

    as_of = as_of_year(_coverage(rivalries, "rivalries"), year)
    f = add_rivalries(
        pairs.assign(year=as_of if as_of is not None else year),
        rivalries,
        name="r",
        list_unmatched=False,
    )
    raw = f["r_rivalry"].to_numpy(dtype="float64", na_value=np.nan)
    missing = np.isnan(raw) | (as_of is None)
    return _rows(pairs, "rivalry", np.nan_to_num(raw), raw, w.rivalry, as_of, year, missing)


def disputes_factor(
    pairs: pd.DataFrame, mid: pd.DataFrame, year: int, w: RecipeWeights
) -> pd.DataFrame:
    """Share of the latest ``dispute_window`` observed years (up to ``year``) with an ongoing MID
    between the two (MID 5.0, [palmer2022]); raw = number of such years."""
    pairs, mid = _pairs(pairs), checked_dataset("mid", mid)
    from anpo.relations import add_disputes

    cov = _coverage(mid, "mid")
    as_of = as_of_year(cov, year)
    if as_of is None:
        nan = np.full(len(pairs), np.nan)
        return _rows(pairs, "disputes", nan, nan, w.disputes, None, year, np.ones(len(pairs), bool))
    first = max(cov[0], as_of - w.dispute_window + 1)
    years = list(range(first, as_of + 1))
    frame = pd.concat([pairs.assign(year=y) for y in years], ignore_index=True)
    f = add_disputes(frame, mid)
    ongoing = f["mid_ongoing"].to_numpy(dtype="float64", na_value=np.nan)
    key = f["ccode1"].to_numpy() * 1000 + f["ccode2"].to_numpy()
    agg = pd.DataFrame({"key": key, "on": ongoing}).groupby("key")["on"].sum()
    pk = pairs["ccode1"].to_numpy() * 1000 + pairs["ccode2"].to_numpy()
    count = agg.reindex(pk).to_numpy(dtype="float64")
    share = count / len(years)
    out = _rows(
        pairs, "disputes", count, share, w.disputes, as_of, year, np.zeros(len(pairs), bool)
    )
    out["note"] = [(n + "; " if n else "") + f"years {first}-{as_of}" for n in out["note"]]
    return out


def latest_un_year(unga: pd.DataFrame, year: int, measure: str = "idealpointfp") -> int | None:
    """The latest year up to ``year`` with at least two ideal points (None if there is none)."""
    ok = unga.loc[unga[measure].notna(), "year"]
    counts = ok.value_counts()
    years = sorted(
        int(y) for y, c in zip(counts.index, counts, strict=True) if c >= 2 and int(y) <= year
    )
    return years[-1] if years else None


def _un_distances(unga: pd.DataFrame, year: int, measure: str = "idealpointfp") -> np.ndarray:
    cols = ("year", measure)
    unga = _checks.table("unga", unga, error=AlignError, what="the unga dataset", columns=cols)
    v = unga.loc[unga["year"] == year, measure].dropna().to_numpy(dtype="float64")
    if v.size < 2:
        raise AlignError(f"no UNGA ideal points for {year}", field="year")
    return np.abs(v[:, None] - v[None, :])[np.triu_indices(v.size, 1)]


def un_reference_distance(unga: pd.DataFrame, year: int, measure: str = "idealpointfp") -> float:
    """Median absolute ideal-point distance over all pairs of states with an estimate in
    ``year`` [bailey2017]."""
    return float(np.median(_un_distances(unga, year, measure)))


def un_percentile(unga: pd.DataFrame, year: int, d: np.ndarray) -> np.ndarray:
    """``F(d)``: the share of all pairs of states with an estimate in ``year`` whose ideal points
    are at most ``d`` apart [bailey2017]; NaN stays NaN."""
    ref = np.sort(_un_distances(unga, year))
    out = np.full(d.shape, np.nan)
    ok = ~np.isnan(d)
    out[ok] = np.searchsorted(ref, d[ok], side="right") / ref.size
    return out


def un_factor(
    pairs: pd.DataFrame,
    unga: pd.DataFrame,
    year: int,
    w: RecipeWeights,
    scale: str = "median",
) -> pd.DataFrame:
    """UN-voting affinity [bailey2017]; raw = the distance ``d``.

    ``scale="median"`` (recipe 1): ``clip(1 - d / median_d, -1, 1)``; ``"percentile"`` (recipe
    2): ``1 - 2 F(d)`` (:func:`un_percentile`). A year without estimates takes the latest earlier
    year that has them (said in the note)."""
    from anpo.relations import add_ideal_points

    if scale not in ("median", "percentile"):
        raise AlignError(f"unknown UN scale {scale!r}", field="un_score")
    pairs, unga = _pairs(pairs), checked_dataset("unga", unga)
    as_of = as_of_year(_coverage(unga, "unga"), year)
    if as_of is not None:
        as_of = latest_un_year(unga, as_of)
    yr = as_of if as_of is not None else year
    f = add_ideal_points(pairs.assign(year=yr), unga)
    d = f["idealpoint_distance"].to_numpy(dtype="float64")
    if as_of is None:
        score = np.full(d.shape, np.nan)
        ref_note = "no ideal points"
    elif scale == "median":
        ref = un_reference_distance(unga, yr)
        score = np.clip(1.0 - d / ref, -1.0, 1.0)
        ref_note = f"median distance {ref:.3f}"
    else:
        score = 1.0 - 2.0 * un_percentile(unga, yr, d)
        ref_note = "percentile of the year's pairwise distances"
    out = _rows(pairs, "un", d, score, w.un, as_of, year, np.isnan(d) | (as_of is None))
    out["note"] = [(n + "; " if n else "") + ref_note for n in out["note"]]
    return out


def regime_factor(
    pairs: pd.DataFrame, democracy: pd.DataFrame, year: int, w: RecipeWeights
) -> pd.DataFrame:
    """Regime similarity ``1 - 2 |v_i - v_j|`` on V-Dem ``v2x_polyarchy`` [coppedge2020]; raw =
    ``|v_i - v_j|``. Axelrod & Bennett's "type of government" factor [axelrod1993, pp. 220-222];
    the score is anpo's (module docstring)."""
    pairs, democracy = _pairs(pairs), checked_dataset("democracy", democracy)
    from anpo.relations import add_democracy

    as_of = as_of_year(_coverage(democracy, "democracy"), year)
    f = add_democracy(
        pairs.assign(year=as_of if as_of is not None else year),
        democracy,
        measures=("v2x_polyarchy",),
    )
    diff = np.abs(
        f["v2x_polyarchy1"].to_numpy(dtype="float64")
        - f["v2x_polyarchy2"].to_numpy(dtype="float64")
    )
    return _rows(
        pairs,
        "regime",
        diff,
        1.0 - 2.0 * diff,
        w.regime,
        as_of,
        year,
        np.isnan(diff) | (as_of is None),
    )


def contiguity_factor(
    pairs: pd.DataFrame, contiguity: pd.DataFrame, year: int, w: RecipeWeights
) -> pd.DataFrame:
    """Direct contiguity (COW types 1-5; [stinnett2002]); raw = the COW type (0 = none)."""
    pairs, contiguity = _pairs(pairs), checked_dataset("contiguity", contiguity)
    from anpo.relations import add_contiguity

    as_of = as_of_year(_coverage(contiguity, "contiguity"), year)
    f = add_contiguity(pairs.assign(year=as_of if as_of is not None else year), contiguity)
    t = f["conttype"].to_numpy(dtype="float64", na_value=np.nan)
    score = ((t >= 1) & (t <= 5)).astype("float64")
    return _rows(
        pairs, "contiguity", t, score, w.contiguity, as_of, year, np.isnan(t) | (as_of is None)
    )


def _history_rows(
    pairs: pd.DataFrame,
    frame: pd.DataFrame,
    factor: str,
    year: int,
    w: RecipeWeights,
    noun: str,
    when: str,
) -> pd.DataFrame:
    """Rows of a history factor (``factor`` names the history function and the weight); the
    note counts the events: "1 war ended before 1990", "3 wars ended before 1990"."""
    from anpo.align import history

    pairs, frame = _pairs(pairs), checked_dataset(_FACTOR_FUNCS[factor][0], frame)

    func = {
        "wars": history.war_history,
        "mid_history": history.mid_history,
        "territory": history.territorial_mids,
    }[factor]
    score, count = func(pairs, frame, year, w.half_life)
    end = _coverage(frame, _FACTOR_FUNCS[factor][0])[1]
    weight = float(getattr(w, factor))
    out = _rows(pairs, factor, count, score, weight, None, year, np.zeros(len(pairs), bool))
    tail = f"; the data end in {end}" if end < year - 1 else ""
    out["note"] = [
        f"{int(k)} {noun if k == 1 else noun + 's'} {when} {year}{tail}" if k > 0 else ""
        for k in count
    ]
    return out


def wars_factor(
    pairs: pd.DataFrame, wars: pd.DataFrame, year: int, w: RecipeWeights
) -> pd.DataFrame:
    """Past wars on the same (+) or opposite (-) sides, discounted by age
    (:func:`anpo.align.history.war_history`; COW inter-state wars [sarkees2010]); raw = the
    number of shared wars that ended before ``year``."""
    return _history_rows(pairs, wars, "wars", year, w, "war", "ended before")


def mid_history_factor(
    pairs: pd.DataFrame, midp: pd.DataFrame, year: int, w: RecipeWeights
) -> pd.DataFrame:
    """Past militarized disputes on the same (+) or opposite (-) sides, discounted by age
    (:func:`anpo.align.history.mid_history`; MID 5.0 [palmer2022]); raw = the number of shared
    disputes begun by ``year``."""
    return _history_rows(pairs, midp, "mid_history", year, w, "dispute", "begun by")


def territory_factor(
    pairs: pd.DataFrame, midp: pd.DataFrame, year: int, w: RecipeWeights
) -> pd.DataFrame:
    """Territorial disputes against each other, discounted by age
    (:func:`anpo.align.history.territorial_mids`; MID 5.0 revision type 1 [palmer2022]); raw =
    the number of such disputes begun by ``year``."""
    return _history_rows(pairs, midp, "territory", year, w, "territorial dispute", "begun by")


_FACTOR_FUNCS = {
    "alliance": ("atop", alliance_factor),
    "rivalry": ("rivalries", rivalry_factor),
    "disputes": ("mid", disputes_factor),
    "un": ("unga", un_factor),
    "regime": ("democracy", regime_factor),
    "contiguity": ("contiguity", contiguity_factor),
    "wars": ("wars", wars_factor),
    "mid_history": ("midp", mid_history_factor),
    "territory": ("midp", territory_factor),
}


_SPAN_COLUMNS: dict[str, tuple[str, ...]] = {
    "rivalries": ("styear", "endyear"),
    "wars": ("styear", "endyear"),
    "midp": ("styear", "endyear"),
}
"""Columns that give a dataset's coverage, for datasets of spells rather than years."""

_HISTORY_KEYS = ("wars", "midp")
"""Datasets the history factors read up to the year before the instance's year."""


def data_ends(
    datasets: Mapping[str, pd.DataFrame], year: int, recipe: str | Recipe | None = None
) -> dict[str, int]:
    """The datasets of ``recipe`` whose coverage ends before ``year`` -> their last year.

    For these the factors carry the last available year forward (the ``carried forward`` and
    ``the data end in`` notes of :func:`factor_table`, the ``CINC YEAR`` note of the sizes); the
    history factors need data only up to the year before. Empty when the data cover ``year``.
    """
    rec = get_recipe(recipe)
    out: dict[str, int] = {}
    for key in rec.datasets():
        frame = datasets.get(key)
        if frame is None:
            continue
        frame = checked_dataset(key, frame, ())
        end = _coverage(frame, key)[1]
        if end < (year - 1 if key in _HISTORY_KEYS else year):
            out[key] = end
    return out


def factor_table(
    datasets: Mapping[str, pd.DataFrame],
    codes: Sequence[int],
    year: int,
    weights: RecipeWeights | None = None,
    *,
    recipe: str | Recipe | None = None,
) -> pd.DataFrame:
    """The tidy per-pair, per-factor table of a recipe (module docstring).

    ``datasets`` maps ``atop, rivalries, mid, unga, democracy, contiguity`` (and, for recipe 3,
    ``wars`` and ``midp``) to the frames returned by the :mod:`anpo.data` loaders (ATOP
    dyad-years, TSS or TD rivalries, dyadic MIDs, UNGA ideal points, democracy scores, COW
    contiguity; COW inter-state wars, MID participants). ``recipe`` (default :data:`RECIPE_ID`)
    fixes the scoring and the factors; ``weights`` (a :class:`RecipeWeights`) default to the
    recipe's (:func:`recipe_weights`). Returns one row per
    unordered pair (``ccode1 < ccode2``) and factor; ``contribution = weight x score``.

    The factors follow [axelrod1993, pp. 220-222] on modern data: ATOP [leeds2002], rivalries
    [thompson2022] or [thompson2012], MID 5.0 [palmer2022], UN ideal points [bailey2017], V-Dem
    [coppedge2020], COW contiguity [stinnett2002], COW wars [sarkees2010]; the scorings and
    weights are anpo's own (module docstring).

    Raises :class:`~anpo.errors.AlignError` naming a dataset the recipe needs that is absent,
    not a table, or without a column it reads (module docstring).
    """
    rec = get_recipe(recipe)
    w = recipe_weights(weights, rec)
    missing = [ds for ds in rec.datasets() if ds != "nmc" and ds not in datasets]
    if missing:
        raise AlignError(f"the recipe needs the datasets {missing}", field="datasets")
    if len(set(codes)) != len(codes):
        raise AlignError("duplicate state codes", field="codes")
    pairs = pair_frame(codes, [year])
    parts = []
    for name in rec.factors:
        ds, fn = _FACTOR_FUNCS[name]
        if name == "un":
            parts.append(un_factor(pairs, datasets[ds], year, w, scale=rec.un_score))
        else:
            parts.append(fn(pairs, datasets[ds], year, w))
    out = pd.concat(parts, ignore_index=True)
    out.insert(2, "year", int(year))
    return out


def _pair_index(table: pd.DataFrame, codes: Sequence[int]) -> dict[int, int]:
    """The position of each of ``codes`` in the matrices, or an :class:`AlignError` on
    ``table`` naming the states its pairs (``ccode1``, ``ccode2``) name that are not among
    ``codes`` (the first few and their count): a bare ``KeyError: 740`` before. A state of
    ``codes`` without a pair in the table has propensity 0 with every other (pairs not listed
    are 0, as in an instance file)."""
    idx = {int(c): i for i, c in enumerate(codes)}
    named = pd.unique(pd.concat([table["ccode1"], table["ccode2"]], ignore_index=True))
    extra = sorted({int(c) for c in named} - idx.keys())
    if extra:
        k = len(extra)
        raise AlignError(
            f"has pairs of {k} state{'s' if k > 1 else ''} not among the {len(idx)} codes "
            f"asked: {_checks.few(extra)}; ask for {'them' if k > 1 else 'it'} too, or leave "
            f"{'their' if k > 1 else 'its'} pairs out of the table",
            field="table",
        )
    return idx


def propensity_from_table(table: pd.DataFrame, codes: Sequence[int]) -> np.ndarray:
    """Symmetric propensity matrix (order of ``codes``): the sum of each pair's contributions
    (factors added as in [axelrod1993, pp. 220-222]). A ``table`` with a pair of a state not
    among ``codes``: an :class:`~anpo.errors.AlignError` naming those states
    (:func:`_pair_index`)."""
    cols = ("ccode1", "ccode2", "contribution")
    _checks.table("table", table, error=AlignError, what="a factor table", columns=cols)
    idx = _pair_index(table, codes)
    n = len(codes)
    p = np.zeros((n, n))
    sums = table.groupby(["ccode1", "ccode2"])["contribution"].sum()
    for (a, b), v in zip(sums.index, sums, strict=True):
        i, j = idx[int(a)], idx[int(b)]
        p[i, j] = p[j, i] = float(v)
    return p


#: The weight-free score matrices of :func:`score_matrices` (the alliance factor split by its
#: two weights).
SCORE_KEYS = ("defense", "other_alliance", *FACTORS[1:])


def score_matrices(table: pd.DataFrame, codes: Sequence[int]) -> dict[str, np.ndarray]:
    """Weight-free score matrices of a factor table, one per weight of :class:`RecipeWeights`
    (:data:`SCORE_KEYS`): the propensity is ``sum_k weight_k x score_k`` exactly, so weights can
    be varied without rebuilding the table (:func:`propensity_from_scores`). A ``table`` with a
    pair of a state not among ``codes``: an :class:`~anpo.errors.AlignError` naming those states
    (:func:`_pair_index`)."""
    cols = ("ccode1", "ccode2", "factor", "raw", "score")
    _checks.table("table", table, error=AlignError, what="a factor table", columns=cols)
    idx = _pair_index(table, codes)
    n = len(codes)
    out = {k: np.zeros((n, n)) for k in SCORE_KEYS}
    i = np.array([idx[int(a)] for a in table["ccode1"]], dtype=np.int64)
    j = np.array([idx[int(b)] for b in table["ccode2"]], dtype=np.int64)
    fac = table["factor"].to_numpy()
    raw = table["raw"].to_numpy(dtype="float64")
    sc = table["score"].to_numpy(dtype="float64")
    for key in SCORE_KEYS:
        if key == "defense":
            sel = (fac == "alliance") & (raw == 2)
        elif key == "other_alliance":
            sel = (fac == "alliance") & (raw == 1)
        else:
            sel = fac == key
        m = out[key]
        m[i[sel], j[sel]] = sc[sel]
        m[j[sel], i[sel]] = sc[sel]
    return out


def propensity_from_scores(scores: Mapping[str, np.ndarray], weights: RecipeWeights) -> np.ndarray:
    """``p = sum_k weight_k x score_k`` over :data:`SCORE_KEYS` (see :func:`score_matrices`;
    factors added as in [axelrod1993, pp. 220-222])."""
    w = weights.as_dict()
    first = next(iter(scores.values()))
    p = np.zeros_like(first)
    for key in SCORE_KEYS:
        if key in scores and w[key] != 0:
            p = p + float(w[key]) * scores[key]
    return p


def _named(codes: Sequence[int], year: int) -> str:
    """States for an error message: each named as in ``year`` with its COW code.

    >>> _named([740, 365], 1950)
    'Japan (740), Soviet Union (365)'
    """
    from anpo.report.countries import country_name

    return ", ".join(f"{country_name(int(c), int(year))} ({int(c)})" for c in codes)


def sizes_from_nmc(nmc: pd.DataFrame, codes: Sequence[int], year: int) -> pd.DataFrame:
    """CINC of each state in ``year`` recomputed from NMC components [singer1972]; columns ``ccode, year, cinc, as_of``. Raises when a state has no CINC."""
    from anpo.relations import add_capabilities

    nmc = checked_dataset("nmc", nmc)
    as_of = as_of_year(_coverage(nmc, "nmc"), year)
    if as_of is None:
        raise AlignError(f"no capability data for {year}", field="year")
    frame = pd.DataFrame({"ccode": [int(c) for c in codes], "year": as_of})
    f = add_capabilities(frame, nmc)
    bad = f.loc[~(f["cinc"] > 0), "ccode"].tolist()
    if bad:
        raise AlignError(
            f"no positive CINC for states {_named(bad, as_of)} in {as_of}", field="codes"
        )
    return f[["ccode", "year", "cinc"]].assign(as_of=as_of)


def gdp_from_sipri(sipri: pd.DataFrame) -> pd.DataFrame:
    """``ccode, year, gdp`` (current US$ million) implied by the SIPRI workbook: current-US$
    military expenditure / share of GDP (:func:`anpo.burden.panel.sipri_wide`; [sipri2024]);
    years without both figures are left out."""
    from anpo.burden.panel import sipri_wide

    wide = sipri_wide(sipri)
    out = wide.loc[wide["gdp_sipri_usd_m"] > 0, ["ccode", "year", "gdp_sipri_usd_m"]]
    out = out.rename(columns={"gdp_sipri_usd_m": "gdp"}).reset_index(drop=True)
    out["ccode"] = out["ccode"].astype("int64")
    src = sipri.attrs.get("source", {})
    out.attrs["source"] = {
        "dataset": "GDP implied by " + str(src.get("dataset", "SIPRI Military Expenditure")),
        "version": str(src.get("version", "")),
        "sha256": str(src.get("sha256", "")),
    }
    return out


def sizes_from_data(
    datasets: Mapping[str, pd.DataFrame],
    codes: Sequence[int],
    year: int,
    measure: str = "cinc",
) -> tuple[np.ndarray, str]:
    """Sizes of ``codes`` in ``year`` by ``measure`` (module docstring) and a note naming the
    source. ``cinc`` and ``milex`` read ``datasets["nmc"]`` (the latest year up to ``year``);
    ``gdp`` reads ``datasets["gdp"]`` (``ccode, year, gdp``; the year itself). A state without a
    positive value is an error naming it (nothing is filled in). CINC is recomputed from the NMC
    components [singer1972]; SIPRI's implied GDP is [sipri2024]'s. A dataset that is not a table
    or lacks a column read is an :class:`~anpo.errors.AlignError` naming it."""
    if measure not in SIZE_MEASURES:
        raise AlignError(
            f"unknown size measure {measure!r}; choose one of {', '.join(SIZE_MEASURES)}",
            field="sizes",
        )
    ordered = [int(c) for c in codes]
    if measure == "cinc":
        if "nmc" not in datasets:
            raise AlignError("CINC sizes need the nmc dataset", field="datasets")
        sz = sizes_from_nmc(datasets["nmc"], ordered, year)
        src = datasets["nmc"].attrs.get("source", {})
        note = (
            f"CINC {int(sz['as_of'].iloc[0])} recomputed from "
            f"{src.get('dataset', 'COW NMC')} {src.get('version', '')}"
        ).strip()
        return sz.set_index("ccode").loc[ordered, "cinc"].to_numpy(dtype="float64"), note
    if measure == "milex":
        if "nmc" not in datasets:
            raise AlignError("military-spending sizes need the nmc dataset", field="datasets")
        nmc = checked_dataset("nmc", datasets["nmc"], ("ccode", "year", "milex"))
        as_of = as_of_year(_coverage(nmc, "nmc"), year)
        if as_of is None:
            raise AlignError(f"no capability data for {year}", field="year")
        sub = nmc.loc[nmc["year"] == as_of].drop_duplicates("ccode").set_index("ccode")["milex"]
        vals = np.array([float(sub.get(c, np.nan)) for c in ordered])
        src = nmc.attrs.get("source", {})
        note = (
            f"military expenditure {as_of}, share of the instance's total "
            f"({src.get('dataset', 'COW NMC')} {src.get('version', '')})"
        ).strip()
    else:
        gdp = datasets.get("gdp")
        if gdp is None:
            raise AlignError(
                "GDP sizes need a GDP table (ccode, year, gdp): the SIPRI workbook (implied GDP) "
                "or your own file",
                field="datasets",
            )
        gdp = checked_dataset("gdp", gdp)
        sub = gdp.loc[gdp["year"] == int(year)].drop_duplicates("ccode").set_index("ccode")["gdp"]
        vals = np.array([float(sub.get(c, np.nan)) for c in ordered])
        src = gdp.attrs.get("source", {})
        note = f"GDP {year}, share of the instance's total ({src.get('dataset', 'GDP table')})"
    bad = [c for c, v in zip(ordered, vals, strict=True) if not v > 0]
    if bad:
        raise AlignError(
            f"no positive {measure} for states {_named(bad, year)} in {year}; choose another "
            "size measure",
            field="sizes",
        )
    return vals / vals.sum(), note


def wide_factors(table: pd.DataFrame) -> pd.DataFrame:
    """One row per pair with a column per factor's contribution and the total ``p``."""
    read = ("ccode1", "ccode2", "factor", "contribution")
    _checks.table("table", table, error=AlignError, what="a factor table", columns=read)
    wide = table.pivot_table(
        index=["ccode1", "ccode2"], columns="factor", values="contribution", aggfunc="sum"
    ).reset_index()
    cols = [f for f in FACTORS if f in wide.columns]
    wide = wide[["ccode1", "ccode2", *cols]]
    wide["p"] = wide[cols].sum(axis=1)
    return wide


_REFERENCE_NOTES = ("median distance", "percentile of the year", "no ideal points")


def build_instance(
    datasets: Mapping[str, pd.DataFrame],
    codes: Sequence[int],
    year: int,
    names: Mapping[int, str],
    ids: Mapping[int, str] | None = None,
    weights: RecipeWeights | None = None,
    title: str | None = None,
    *,
    recipe: str | Recipe | None = None,
    sizes: str = "cinc",
    alternative_sizes: Sequence[str] = (),
) -> Any:
    """An :class:`anpo.align.io.Instance` built by a recipe, with provenance: a landscape of
    [axelrod1993] whose propensities are :func:`factor_table`'s (its sources) and whose sizes are
    :func:`sizes_from_data`'s.

    ``datasets`` as in :func:`factor_table` plus ``nmc`` (capabilities; and ``gdp`` for GDP
    sizes). ``sizes`` is the size measure (:func:`sizes_from_data`); each measure in
    ``alternative_sizes`` that the data give for every state is stored beside it (the actor's
    ``sizes`` table in the TOML file) so that the effect of the measure can be reported. Each
    pair carries its factor contributions; ``provenance`` records the recipe id, the weights, the
    size measure and each dataset's name and version (from the loaders' ``attrs["source"]``).
    A code without an entry in ``names`` (or in ``ids``, when given) is an
    :class:`~anpo.errors.AlignError` on that argument naming the codes, before the data are read.
    """
    from anpo.align.io import Instance

    rec = get_recipe(recipe)
    w = recipe_weights(weights, rec)
    # a state without a name (or id, where ids are given) was a bare KeyError after the whole
    # factor table was computed; ids not given default to the codes (below)
    for what, given in (("names", names), ("ids", ids or names)):
        if lacking := [int(c) for c in codes if int(c) not in given]:
            k = len(lacking)
            raise AlignError(
                f"has no entry for {k} of the codes asked: {_checks.few(lacking)}", field=what
            )
    table = factor_table(datasets, codes, year, w, recipe=rec)
    size_vals, size_note = sizes_from_data(datasets, codes, year, sizes)
    p = propensity_from_table(table, codes)
    ids = ids or {c: str(c) for c in codes}
    wide = wide_factors(table)
    pair_rows = []
    for r in wide.to_dict("records"):
        a, b = int(r["ccode1"]), int(r["ccode2"])
        notes = table.loc[
            (table.ccode1 == a) & (table.ccode2 == b) & (table.note != ""), ["factor", "note"]
        ]
        row: dict[str, Any] = {"a": ids[a], "b": ids[b], "p": float(r["p"])}
        for f in rec.factors:
            row[f] = float(r[f])
        row["source"] = "; ".join(
            f"{f}: {n}"
            for f, n in notes.itertuples(index=False)
            if not any(k in n for k in _REFERENCE_NOTES) or n.startswith("missing")
        )
        pair_rows.append(row)
    pairs_df = pd.DataFrame(pair_rows)
    prov: dict[str, Any] = {"recipe": rec.id, "year": int(year), "sizes": sizes}
    prov["weights"] = w.public(rec.factors)
    for key in rec.datasets():
        src = datasets[key].attrs.get("source", {})
        prov[f"dataset_{key}"] = f"{src.get('dataset', key)} {src.get('version', '')}".strip()
    ordered = [int(c) for c in codes]
    alt: dict[str, np.ndarray] = {sizes: size_vals}
    for m in alternative_sizes:
        if m == sizes:
            continue
        try:
            alt[m] = sizes_from_data(datasets, codes, year, m)[0]
        except AlignError as exc:  # not available for every state: not stored, said why
            prov[f"sizes_{m}_unavailable"] = exc.message
    return Instance(
        names=[names[c] for c in ordered],
        sizes=size_vals,
        propensity=p,
        title=title or f"Recipe instance, {year}",
        coalitions=2,
        ids=[ids[c] for c in ordered],
        pairs=pairs_df,
        provenance=prov,
        size_sources=[size_note] * len(ordered),
        alt_sizes={k: v for k, v in alt.items()} if len(alt) > 1 else {},
    )


#: Recipe dataset key -> catalog kinds that can provide it (first available wins).
CATALOG_KINDS: dict[str, tuple[str, ...]] = {
    "nmc": ("nmc",),
    "atop": ("atop",),
    "rivalries": ("tss_rivalries", "td_rivalries"),
    "mid": ("mid_dyadic",),
    "contiguity": ("contiguity",),
    "unga": ("unga",),
    "democracy": ("democracy",),
    "wars": ("cow_war_inter",),
    "midp": ("mid_participant",),
}


def datasets_from(get: Any, recipe: str | Recipe | None = None) -> dict[str, pd.DataFrame]:
    """The datasets of ``recipe`` (default :data:`RECIPE_ID`) from a getter
    ``kind -> DataFrame | None`` (e.g. :meth:`anpo.data.catalog.Catalog.read_or_none`); the
    catalog's other recipe datasets are included when present. Raises
    :class:`anpo.errors.CatalogError` naming the ``anpo data add`` needed for a missing dataset
    (and, for recipe 3's history data, the older recipe that does without it). A catalog's
    reads share one connection (:func:`anpo.data.catalog.held_reads`)."""
    from anpo.data.catalog import first_present, held_reads
    from anpo.errors import CatalogError

    rec = get_recipe(recipe)
    need = set(rec.datasets())
    out: dict[str, pd.DataFrame] = {}
    with held_reads(get):
        for key, kinds in CATALOG_KINDS.items():
            frame = first_present(get, kinds)
            if frame is None:
                if key not in need:
                    continue
                hint = (
                    f" (or use --recipe {RECIPE_V2}, which has no history factors)"
                    if key in ("wars", "midp")
                    else ""
                )
                raise CatalogError(
                    f"the alignment recipe {rec.id} needs the {' or '.join(kinds)} dataset: "
                    f"run `anpo data add FILE` first{hint}"
                )
            out[key] = frame
    return out
