"""Every public function that takes a loaded table refuses a wrong one with its documented error.

Before :func:`anpo._checks.table` checked them, a dict (or a list, or None) given for a table
came out as ``AttributeError: 'dict' object has no attribute 'assign'`` (or ``'attrs'``,
``'columns'``, ``'loc'``), and a DataFrame without a column the function reads as a bare
``KeyError`` from deep inside: ``roles(2001, states=pd.DataFrame(), ...)`` was ``KeyError:
'styear'`` from ``taxonomy._coverage``, ``prepare_roles`` with an empty state list ``KeyError:
'ccode'``, ``burden_shares`` on a frame without ``year`` ``KeyError: 'year'``. No argument
named, nothing an ``except AnpoError`` catches: a traceback for a user. Each function now raises
the exception its module documents (a subclass of :class:`~anpo.errors.AnpoError`) with
``field`` the argument's name and a message naming the type received or the columns missing;
a state list (and the alliances and capabilities of the roles) with no rows is refused too,
while an optional table with no rows (no disputes, no results) still means no data.

The same for the alignment recipe, its history factors and back-tests (:mod:`anpo.align`:
:class:`~anpo.errors.AlignError`, ``field`` the argument or, for a dataset of ``datasets``, its
key) and scenario discovery (:mod:`anpo.explore`: :class:`~anpo.errors.ExploreError`): a dict was
``AttributeError: 'dict' object has no attribute 'attrs'`` (``'dropna'``, ``'groupby'``), a frame
without a column a bare ``KeyError: 'year'``, a dataset without rows and without a loader's
``attrs["coverage"]`` ``ValueError: cannot convert float NaN to integer``, CART's inputs of another
length scikit-learn's "Number of labels=40 does not match number of samples=1", and
``fixed_inputs`` read a list as no inputs. A dataset without rows but with a coverage is no
events in those years, and an event, war or result table without rows none.

The same for the roles' helpers (UN percentiles, evidence, rival-years, review cases, the fit's
inputs, dyad-years of the catalog), the burden reading's, the deterrence bands' and reaction
notes' and the report's frame formatting: a dict was an AttributeError or a bare ``KeyError``, or
silently no answer (``pact_links`` no pacts, ``olson_zeckhauser_sentence`` '', an ATOP frame
without any obligation flag no alliance). A table without rows is still no band, no note, no
names, no sentence.

Each call fails at the check, before any computation, so the whole module takes well under a
second.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from anpo.align import backtest, history, recipe
from anpo.burden import japan, panel, reading, sources
from anpo.burden import scenario as burden_scenario
from anpo.data import wars
from anpo.deterrence import bands_report, questions
from anpo.errors import AlignError, AnpoError, BurdenError, DataError, ExploreError, InputError
from anpo.explore import discovery, sensitivity
from anpo.relations import build, capabilities, dyads, fit, portfolios, readable, taxonomy, validate
from anpo.report import countries, tables
from anpo.report import format as report_format

_STATES = pd.DataFrame(
    {"ccode": [2], "stateabb": ["USA"], "statenme": ["United States"], "styear": [1816]}
).assign(endyear=[2016])
_ATOP = pd.DataFrame(
    {"ccode1": [2], "ccode2": [20], "year": [2001], "atop_defense": [1], "atop_offense": [0]}
)
_NMC = pd.DataFrame(
    {"ccode": [2], "year": [2001]}
    | {c: [1.0] for c in ("milex", "milper", "irst", "pec", "tpop", "upop")}
)
_ODD = pd.DataFrame({"x": [1]})  # a frame with one unrelated column
_NO_ROWS = pd.DataFrame(columns=list(_STATES.columns))
_DYADS = pd.DataFrame({"ccode1": [2], "ccode2": [20], "year": [2001]})
_ROLES_PANEL = pd.DataFrame(
    {"year": [2001], "ccode": [20], "statenme": ["Canada"], "role": ["ally"]}
).assign(intensity=[""], data_status=["complete"])


def _roles(**given: Any) -> Any:
    frames = {"states": _STATES, "alliances": _ATOP, "capabilities": _NMC} | given
    return taxonomy.roles(2001, **frames)


def _prepare(**given: Any) -> Any:
    frames = {"states": _STATES, "alliances": _ATOP, "capabilities": _NMC} | given
    return taxonomy.prepare_roles(**frames)


def _hns() -> pd.DataFrame:
    return japan.hns_measures()


#: (case, call with the bad table, documented error, argument named, columns named or "")
_CASES: list[tuple[str, Callable[[], Any], type[AnpoError], str, str]] = [
    ("roles states dict", lambda: _roles(states={"ccode": [2]}), InputError, "states", ""),
    ("roles states empty frame", lambda: _roles(states=pd.DataFrame()), InputError, "states",
     "ccode, stateabb, statenme, styear, endyear"),
    ("roles states no rows", lambda: _roles(states=_NO_ROWS), InputError, "states", ""),
    ("roles alliances", lambda: _roles(alliances=_ODD), InputError, "alliances",
     "ccode1, ccode2, year, atop_defense, atop_offense"),
    ("roles capabilities", lambda: _roles(capabilities=_NMC.drop(columns="milex")), InputError,
     "capabilities", "milex"),
    ("roles disputes dict", lambda: _roles(disputes={}), InputError, "disputes", ""),
    ("roles rivalries in a list", lambda: _roles(rivalries=[{"a": 1}]), InputError,
     "rivalries", ""),
    ("roles nuclear", lambda: _roles(nuclear=_ODD), InputError, "nuclear",
     "ccode, year, warheads"),
    ("prepare_roles states empty", lambda: _prepare(states=pd.DataFrame()), InputError, "states",
     "ccode, stateabb, statenme, styear, endyear"),
    ("prepare_roles alliances obligations", lambda: _prepare(alliances=_ATOP[["ccode1"]]),
     InputError, "alliances", "ccode2, year, atop_defense, atop_offense"),
    ("prepare_roles ideal_points", lambda: _prepare(ideal_points=_ODD), InputError,
     "ideal_points", "ccode, year"),
    ("validate_roles panel", lambda: validate.validate_roles(_ODD), InputError, "panel",
     "year, ccode, statenme, role, intensity, data_status"),
    ("validate_roles rivalries", lambda: validate.validate_roles(_ROLES_PANEL, rivalries=_ODD),
     InputError, "rivalries", "ccode1, ccode2, styear, endyear"),
    ("pooled_held_out", lambda: validate.pooled_held_out(_ODD), InputError, "table",
     "held_out, role, state_years, both, coded, predicted"),
    ("partial_years", lambda: capabilities.partial_years({"cinc": [1]}), InputError, "nmc", ""),  # type: ignore[arg-type]
    ("dyad_table", lambda: readable.dyad_table({}), InputError, "frame", ""),  # type: ignore[arg-type]
    ("similarity_table", lambda: readable.similarity_table({}), InputError, "frame", ""),  # type: ignore[arg-type]
    ("sipri_wide dict", lambda: panel.sipri_wide({}), DataError, "sipri", ""),  # type: ignore[arg-type]
    ("sipri_wide columns", lambda: panel.sipri_wide(_ODD), DataError, "sipri",
     "country, ccode, year, measure, value"),
    ("nmc_frame", lambda: panel.nmc_frame([]), DataError, "raw", ""),  # type: ignore[arg-type]
    ("build_panel nmc", lambda: panel.build_panel("nato", nmc={}), DataError, "nmc", ""),  # type: ignore[arg-type]
    ("build_panel sipri", lambda: panel.build_panel("nato", sipri={}), DataError, "sipri", ""),  # type: ignore[arg-type]
    ("burden_shares", lambda: panel.burden_shares(_ODD, 2001), BurdenError, "panel",
     "year, country, gdp_usd_m, milex_usd_m"),
    ("exploitation_by_year", lambda: panel.exploitation_by_year({}), BurdenError, "panel", ""),  # type: ignore[arg-type]
    ("exploitation_by_year columns", lambda: panel.exploitation_by_year(_ODD), BurdenError,
     "panel", "year, country, gdp_usd_m, burden"),
    ("comparison_table", lambda: japan.comparison_table(pd.DataFrame()), BurdenError, "sipri_w",
     "year, ccode, share_of_gdp"),
    ("comparison_table nato_panel", lambda: japan.comparison_table(
        pd.DataFrame(columns=["year", "ccode", "share_of_gdp"]), {"a": [1]}),  # type: ignore[arg-type]
     BurdenError, "nato_panel", ""),
    ("dod_benchmarks", lambda: japan.dod_benchmarks(None, _ODD), BurdenError, "sipri_wide",
     "ccode, year, gdp_sipri_usd_m"),
    ("support_vs_spending", lambda: japan.support_vs_spending({"a": [1]}), BurdenError,  # type: ignore[arg-type]
     "panel_or_sipri_wide", ""),
    ("summarise_exploitation", lambda: reading.summarise_exploitation(_ODD, "NATO"), BurdenError,
     "results", "year, status, n, p_value"),
    ("nato_coverage_sentence", lambda: reading.nato_coverage_sentence({"a": [1]}, "data"),  # type: ignore[arg-type]
     BurdenError, "results", ""),
    ("japan_reading hns", lambda: reading.japan_reading({}, _ODD, _ODD), BurdenError, "hns", ""),  # type: ignore[arg-type]
    ("japan_reading dod", lambda: reading.japan_reading(_hns(), pd.DataFrame(), _ODD),
     BurdenError, "dod", "country, year, support_usd_bn, offset_share, per_personnel_usd_k, "
     "share_of_gdp, approximate"),
    ("add_alliances", lambda: dyads.add_alliances(_DYADS, {}), InputError, "atop", ""),  # type: ignore[arg-type]
    ("add_alliances flags", lambda: dyads.add_alliances(_DYADS, _DYADS), InputError, "atop",
     "atop_defense, atop_offense, atop_neutral, atop_nonagg, atop_consul"),
    ("add_cow_alliances", lambda: dyads.add_cow_alliances(_DYADS, {}), InputError, "alliances",  # type: ignore[arg-type]
     ""),
    ("add_rivalries", lambda: dyads.add_rivalries(_DYADS, []), InputError, "rivalries", ""),  # type: ignore[arg-type]
    ("add_disputes", lambda: dyads.add_disputes(_DYADS, _ODD), InputError, "mid",
     "onset, hostlev1, hostlev2"),
    ("add_contiguity", lambda: dyads.add_contiguity(_DYADS, _ODD), InputError, "contiguity",
     "conttype"),
    ("add_democracy", lambda: dyads.add_democracy(_DYADS, {}), InputError, "democracy", ""),  # type: ignore[arg-type]
    ("add_majors", lambda: dyads.add_majors(_DYADS, _ODD), InputError, "majors",
     "ccode, styear, endyear"),
    ("alliance_values", lambda: portfolios.alliance_values({"a": [1]}), InputError, "atop", ""),  # type: ignore[arg-type]
    ("war_participants", lambda: wars.war_participants({}, 1), DataError, "wars", ""),  # type: ignore[arg-type]
    ("war_participants columns", lambda: wars.war_participants(_ODD, 1), DataError, "wars",
     "warnum, ccode, side, styear, stmonth"),
]  # fmt: skip


_W = recipe.RecipeWeights()
_PAIRS = recipe.pair_frame([2, 20], [2000])
_STATE_LIST = pd.DataFrame(
    {"ccode": [2, 20], "stateabb": ["USA", "CAN"], "statenme": ["United States", "Canada"]}
).assign(styear=[1816, 1920], endyear=[2016, 2016])
_WARS = pd.DataFrame(columns=["warnum", "warname", "ccode", "side", "styear", "stmonth", "endyear"])
_MIDP = pd.DataFrame(
    columns=["dispnum", "ccode", "styear", "endyear", "sidea", "revtype1", "revtype2"]
)


def _no_rows(columns: list[str]) -> pd.DataFrame:
    """A dataset without rows whose coverage a loader gave: no events in those years."""
    frame = pd.DataFrame(columns=columns)
    frame.attrs["coverage"] = (1816, 2016)
    return frame


#: Every dataset of the recipes, without rows but with a coverage (valid: no events).
_DATA = {
    "atop": _no_rows(["ccode1", "ccode2", "year", "atop_defense", "atop_offense",
                      "atop_neutral", "atop_nonagg", "atop_consul"]),
    "rivalries": _no_rows(["ccode1", "ccode2", "styear", "endyear"]),
    "mid": _no_rows(["dispnum", "ccode1", "ccode2", "year", "onset", "hostlev1", "hostlev2"]),
    "unga": _no_rows(["ccode", "year", "idealpointfp"]),
    "democracy": _no_rows(["ccode", "year", "v2x_polyarchy"]),
    "contiguity": _no_rows(["ccode1", "ccode2", "year", "conttype"]),
    "nmc": _no_rows(["ccode", "year", "milex", "milper", "irst", "pec", "tpop", "upop"]),
    "wars": _no_rows(list(_WARS.columns)),
    "midp": _no_rows(list(_MIDP.columns)),
}  # fmt: skip
_NMC_COLUMNS = "ccode, year, milex, milper, irst, pec, tpop, upop"
_ATOP_COLUMNS = (
    "ccode1, ccode2, year, atop_defense, atop_offense, atop_neutral, atop_nonagg, atop_consul"
)
_X = pd.DataFrame({"a": np.arange(40.0), "b": np.arange(40.0) % 3})
_Y = _X["a"].to_numpy() > 30


def _ds(**given: Any) -> dict[str, Any]:
    return _DATA | given


#: The alignment recipe, its history factors and back-tests, and scenario discovery (a dict was
#: "no attribute 'attrs'", a frame without a column a bare KeyError: 'year', a dataset without rows
#: or coverage int(NaN)'s ValueError; fixed_inputs read a list as no inputs)
_ALIGN_CASES: list[tuple[str, Callable[[], Any], type[AnpoError], str, str]] = [
    ("alliance_factor atop dict", lambda: recipe.alliance_factor(_PAIRS, {}, 2000, _W),  # type: ignore[arg-type]
     AlignError, "atop", ""),
    ("alliance_factor atop columns", lambda: recipe.alliance_factor(_PAIRS, _ODD, 2000, _W),
     AlignError, "atop", _ATOP_COLUMNS),
    ("alliance_factor pairs list", lambda: recipe.alliance_factor([1], _DATA["atop"], 2000, _W),  # type: ignore[arg-type]
     AlignError, "pairs", ""),
    ("atop_either_direction", lambda: recipe.atop_either_direction(_PAIRS, [], 2000),  # type: ignore[arg-type]
     AlignError, "atop", ""),
    ("rivalry_factor", lambda: recipe.rivalry_factor(_PAIRS, _ODD, 2000, _W), AlignError,
     "rivalries", "ccode1, ccode2, styear, endyear"),
    ("disputes_factor", lambda: recipe.disputes_factor(_PAIRS, _ODD, 2000, _W), AlignError,
     "mid", "dispnum, ccode1, ccode2, year, onset, hostlev1, hostlev2"),
    ("un_factor", lambda: recipe.un_factor(_PAIRS, {}, 2000, _W), AlignError, "unga", ""),  # type: ignore[arg-type]
    ("un_reference_distance", lambda: recipe.un_reference_distance(_ODD, 2000), AlignError,
     "unga", "year, idealpointfp"),
    ("un_percentile", lambda: recipe.un_percentile([], 2000, np.zeros(1)), AlignError, "unga",  # type: ignore[arg-type]
     ""),
    ("regime_factor", lambda: recipe.regime_factor(_PAIRS, _ODD, 2000, _W), AlignError,
     "democracy", "ccode, year, v2x_polyarchy"),
    ("contiguity_factor", lambda: recipe.contiguity_factor(_PAIRS, _ODD, 2000, _W), AlignError,
     "contiguity", "ccode1, ccode2, year, conttype"),
    ("wars_factor no rows, no coverage", lambda: recipe.wars_factor(_PAIRS, _WARS, 2000, _W),
     AlignError, "wars", ""),
    ("mid_history_factor", lambda: recipe.mid_history_factor(_PAIRS, _ODD, 2000, _W),
     AlignError, "midp", "dispnum, ccode, styear, endyear, sidea, revtype1, revtype2"),
    ("territory_factor", lambda: recipe.territory_factor(_PAIRS, {}, 2000, _W), AlignError,  # type: ignore[arg-type]
     "midp", ""),
    ("data_ends", lambda: recipe.data_ends(_ds(atop={}), 2000), AlignError, "atop", ""),
    ("data_ends no coverage", lambda: recipe.data_ends(_ds(mid=_ODD), 2000), AlignError, "mid",
     "year"),
    ("factor_table", lambda: recipe.factor_table(_ds(unga=_ODD), [2, 20], 2000), AlignError,
     "unga", "ccode, year, idealpointfp"),
    ("propensity_from_table", lambda: recipe.propensity_from_table(_ODD, [2, 20]), AlignError,
     "table", "ccode1, ccode2, contribution"),
    ("score_matrices", lambda: recipe.score_matrices({}, [2, 20]), AlignError, "table", ""),  # type: ignore[arg-type]
    ("wide_factors", lambda: recipe.wide_factors(_ODD), AlignError, "table",
     "ccode1, ccode2, factor, contribution"),
    ("sizes_from_nmc", lambda: recipe.sizes_from_nmc(_ODD, [2, 20], 2000), AlignError, "nmc",
     _NMC_COLUMNS),
    ("sizes_from_nmc no rows", lambda: recipe.sizes_from_nmc(
        pd.DataFrame(columns=_NMC_COLUMNS.split(", ")), [2, 20], 2000), AlignError, "nmc", ""),
    ("sizes_from_data milex", lambda: recipe.sizes_from_data({"nmc": _ODD}, [2], 2000, "milex"),
     AlignError, "nmc", "ccode, year, milex"),
    ("sizes_from_data gdp", lambda: recipe.sizes_from_data({"gdp": [1]}, [2], 2000, "gdp"),  # type: ignore[dict-item]
     AlignError, "gdp", ""),
    ("build_instance nmc", lambda: recipe.build_instance(_ds(nmc={}), [2, 20], 2000,
                                                          {2: "USA", 20: "Canada"}),
     AlignError, "nmc", ""),
    ("war_history wars", lambda: history.war_history(_PAIRS, _ODD, 2000), AlignError, "wars",
     "warnum, ccode, side, endyear"),
    ("war_history pairs", lambda: history.war_history({}, _WARS, 2000), AlignError, "pairs", ""),  # type: ignore[arg-type]
    ("mid_history", lambda: history.mid_history(_PAIRS, [], 2000), AlignError, "midp", ""),  # type: ignore[arg-type]
    ("territorial_mids", lambda: history.territorial_mids(_PAIRS, _ODD, 2000), AlignError,
     "midp", "dispnum, ccode, styear, endyear, sidea, revtype1, revtype2"),
    ("history_matrix", lambda: history.history_matrix([2, 20], _ODD, np.zeros(1)), AlignError,
     "pairs", "ccode1, ccode2"),
    ("war_cases wars", lambda: backtest.war_cases(_ODD, _DATA, _STATE_LIST), AlignError, "wars",
     "warnum, ccode, side, styear, stmonth, warname"),
    ("war_cases states", lambda: backtest.war_cases(_WARS, _DATA, {}), AlignError, "states", ""),  # type: ignore[arg-type]
    ("war_cases states no rows", lambda: backtest.war_cases(_WARS, _DATA, _STATE_LIST.iloc[:0]),
     AlignError, "states", ""),
    ("war_cases datasets", lambda: backtest.war_cases(_WARS, _ds(nmc=[]), _STATE_LIST), AlignError,
     "nmc", ""),
    ("ab17_case states", lambda: backtest.ab17_case(_DATA, _ODD), AlignError, "states",
     "ccode, stateabb, statenme"),
    ("axelrod_bennett_17 states", lambda: backtest.axelrod_bennett_17({}, _DATA, {}), AlignError,  # type: ignore[arg-type]
     "states", ""),
    ("peacetime_backtest states", lambda: backtest.peacetime_backtest(_DATA, _ODD, years=[2000]),
     AlignError, "states", "ccode, styear, endyear"),
    ("peacetime_backtest datasets", lambda: backtest.peacetime_backtest(_ds(atop={}), _STATE_LIST),
     AlignError, "atop", ""),
    ("summarise", lambda: backtest.summarise(_ODD, ["full"]), AlignError, "frame",
     "participants"),
    ("summarise balanced", lambda: backtest.summarise(
        pd.DataFrame({"participants": [3], "full": [2]}), ["full"]), AlignError, "frame",
     "full_balanced"),
    ("data_sources", lambda: backtest.data_sources({"nmc": []}), AlignError, "nmc", ""),  # type: ignore[dict-item]
    ("prim", lambda: discovery.prim({"a": [1.0]}, [True]), ExploreError, "x", ""),  # type: ignore[arg-type]
    ("cart", lambda: discovery.cart([[1.0]], [True]), ExploreError, "x", ""),  # type: ignore[arg-type]
    ("discover dict", lambda: discovery.discover({}, ["a"], "o", "< 1"), ExploreError, "frame",  # type: ignore[arg-type]
     ""),
    ("discover inputs", lambda: discovery.discover(_X.assign(o=1.0), ["a", "c"], "o", "< 1"),
     ExploreError, "frame", "c"),
    ("fixed_inputs", lambda: sensitivity.fixed_inputs([1, 2], ["a"]), ExploreError, "frame", ""),  # type: ignore[arg-type]
]  # fmt: skip


_RIVALS = pd.DataFrame({"ccode1": [2], "ccode2": [365], "styear": [1946], "endyear": [1989]})
_UN_ROWS = pd.DataFrame({"ccode": [2], "year": [2000], "dist": [0.0]})
_CODINGS = validate.load_codings()


def _prep() -> Any:
    return taxonomy.prepare_roles(states=_STATES, alliances=_ATOP, capabilities=_NMC)


def _review(**given: Any) -> Any:
    return validate.review_cases(_CODINGS, **({"panel": _ROLES_PANEL.assign(reason="")} | given))


# a band row beyond the search limit without the limit; reaction rows with a flag but without
# the columns its note reads (bare KeyErrors: 'limit', 'layer', 'variant'; a table without the
# flags was read as one without a borrowed layer or a silo defense)
_FLAGGED = pd.DataFrame({"p05": [1.0], "p05_above_limit": [True]})
_BORROWED = pd.DataFrame({"layer_borrowed": [False]})
_SILO = pd.DataFrame({"silo_defense_unapplied": ["silo layer"]})


#: The helpers of the roles, burden, deterrence and report modules that took a frame unchecked:
#: a dict was an AttributeError ('attrs', 'loc', 'empty', 'columns') or a bare KeyError
#: ('ccode', 'year', 'comp_competitor', 'defined'), or silently no answer (pact_links no pacts,
#: olson_zeckhauser_sentence '', alliance_values of a frame without a flag no alliance)
_MORE_CASES: list[tuple[str, Callable[[], Any], type[AnpoError], str, str]] = [
    ("un_percentiles", lambda: taxonomy.un_percentiles({}, 2), InputError, "ip", ""),  # type: ignore[arg-type]
    ("un_percentiles columns", lambda: taxonomy.un_percentiles(_ODD, 2), InputError, "ip",
     "ccode, year, value"),
    ("un_window", lambda: taxonomy.un_window(_UN_ROWS, 2000, 3, 3), InputError, "ideal",
     "pct, rpct, pair"),
    ("pact_links", lambda: taxonomy.pact_links({"pact_partners": [[20]]}), InputError, "ev", ""),  # type: ignore[arg-type]
    ("decide", lambda: taxonomy.decide(_ODD, taxonomy.load_thresholds()), InputError, "ev",
     "comp_competitor, degree, idealpoint_percentile, idealpoint_pair_percentile, "
     "rivalry_ongoing, hostile_evidence, at_war, defense_pact, years_since_rivalry, "
     "threat_weight"),
    ("not_a_member", lambda: taxonomy.not_a_member(_ODD, 2, "2001"), InputError, "states",
     "ccode, styear, endyear"),
    ("rivalry_list_name", lambda: taxonomy.rivalry_list_name({}), InputError, "frame", ""),  # type: ignore[arg-type]
    ("focal_rival_years", lambda: validate.focal_rival_years(_ODD, 2, [2000]), InputError,
     "rivalries", "ccode1, ccode2, styear, endyear"),
    ("rival_years_also_coded", lambda: validate.rival_years_also_coded(_RIVALS, [], [], [2000]),  # type: ignore[arg-type]
     InputError, "other", ""),
    ("case_targets panel", lambda: validate.case_targets(_CODINGS, {}, None), InputError,  # type: ignore[arg-type]
     "panel", ""),
    ("case_targets rivalries", lambda: validate.case_targets(_CODINGS, _ROLES_PANEL, {}),  # type: ignore[arg-type]
     InputError, "rivalries", ""),
    ("review_cases panel", lambda: _review(panel=_ODD), InputError, "panel",
     "year, ccode, role, intensity, data_status, reason"),
    ("review_cases alternatives", lambda: _review(alternatives={"milex": _ODD}), InputError,
     "milex", "year, ccode, role, intensity, degree"),
    ("member_years", lambda: validate.member_years({"ccode": [2]}, 2, [2000]), InputError,  # type: ignore[arg-type]
     "states", ""),
    ("olson_zeckhauser_sentence", lambda: reading.olson_zeckhauser_sentence({"year": [1964]}),  # type: ignore[arg-type]
     BurdenError, "results", ""),
    ("olson_zeckhauser_sentence columns",
     lambda: reading.olson_zeckhauser_sentence(pd.DataFrame({"rho": [0.5]})), BurdenError,
     "results", "year, status, n"),
    ("hns_reading_year", lambda: reading.hns_reading_year({}, 2000), BurdenError, "hns", ""),  # type: ignore[arg-type]
    ("hns_reading_year columns", lambda: reading.hns_reading_year(_ODD, 2000), BurdenError,
     "hns", "fy, hns_bn_yen"),
    ("data_label", lambda: sources.data_label({}), DataError, "sipri", ""),  # type: ignore[arg-type]
    ("with_limits", lambda: bands_report.with_limits([], ["p05"]), InputError, "frame", ""),  # type: ignore[arg-type]
    ("with_limits limit", lambda: bands_report.with_limits(_FLAGGED, ["p05"]), InputError,
     "frame", "limit"),
    ("with_limits columns", lambda: bands_report.with_limits(_FLAGGED, ["p05", "p95"]),
     InputError, "frame", "p95, limit"),
    ("reaction_band", lambda: bands_report.reaction_band({}, 2001, "v", "d", "r", 1),  # type: ignore[arg-type]
     InputError, "table", ""),
    ("reaction_band columns", lambda: bands_report.reaction_band(_ODD, 2001, "v", "d", "r", 1),
     InputError, "table", "year, variant, dyad, measure, where, point, p05, p50, p95"),
    ("measure_band", lambda: bands_report.measure_band(_ODD, 2001, "v", "d", "m", "w"),
     InputError, "table", "year, variant, dyad, measure, where, p05, p95"),
    ("arrive_band", lambda: bands_report.arrive_band({}, 2001, "v", "d", "w", 1), InputError,  # type: ignore[arg-type]
     "table", ""),
    ("partly_defined_mask", lambda: bands_report.partly_defined_mask(_ODD), InputError, "costs",
     "defined"),
    ("partly_defined", lambda: bands_report.partly_defined(pd.DataFrame({"defined": [0.5]})),
     InputError, "costs", "variant_title, year, dyad, where_name, measure"),
    ("undefined_rows", lambda: questions.undefined_rows(_ODD), InputError, "ext",
     "undefined_reason"),
    ("borrowed_layers", lambda: questions.borrowed_layers({}), InputError, "react", ""),  # type: ignore[arg-type]
    ("borrowed_layers columns", lambda: questions.borrowed_layers(_BORROWED), InputError,
     "react", "variant, layer, layer_terms"),
    ("reaction_notes", lambda: questions.reaction_notes([]), InputError, "react", ""),  # type: ignore[arg-type]
    ("reaction_notes columns", lambda: questions.reaction_notes(_SILO), InputError, "react",
     "variant, layer, layer_borrowed, layer_terms"),
    ("reaction_notes no flags", lambda: questions.reaction_notes(_ODD), InputError, "react",
     "variant, layer, layer_borrowed, layer_terms, silo_defense_unapplied"),
    ("row_names", lambda: countries.row_names(_ODD), InputError, "frame",
     "ccode, year, statenme"),
    ("with_country_names", lambda: countries.with_country_names({}), InputError, "frame", ""),  # type: ignore[arg-type]
    ("with_country_names columns", lambda: countries.with_country_names(_ODD, ["ccode"]),
     InputError, "frame", "ccode"),
    ("format_frame", lambda: report_format.format_frame({}), InputError, "frame", ""),  # type: ignore[arg-type]
    ("clean_frame", lambda: report_format.clean_frame([]), InputError, "frame", ""),  # type: ignore[arg-type]
    ("plain_headers", lambda: tables.plain_headers({}), InputError, "frame", ""),  # type: ignore[arg-type]
]  # fmt: skip

_ALL_CASES = _CASES + _ALIGN_CASES + _MORE_CASES

#: Arguments that are not tables, checked at the same entries: an AttributeError before
_NOT_TABLES: list[tuple[str, Callable[[], Any], type[AnpoError], str, str]] = [
    ("build_dyad_years datasets", lambda: build.build_dyad_years([]), InputError, "datasets",  # type: ignore[arg-type]
     "a mapping"),
    ("score_thresholds prep", lambda: fit.score_thresholds({}, [2000], _CODINGS, []),  # type: ignore[arg-type]
     InputError, "prep", "the inputs of prepare_roles"),
    ("score_thresholds rivalries", lambda: fit.score_thresholds(_prep(), [2001], _CODINGS, {}),  # type: ignore[arg-type]
     InputError, "rivalries", "a rivalry list"),
    ("fit_thresholds prep", lambda: fit.fit_thresholds(None, [2000], _CODINGS, []),  # type: ignore[arg-type]
     InputError, "prep", "the inputs of prepare_roles"),
    ("run_burden_scenario spec", lambda: burden_scenario.run_burden_scenario({}, None),  # type: ignore[arg-type]
     BurdenError, "spec", "a burden scenario"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "error", "name", "columns"),
                         [c[1:] for c in _ALL_CASES],
                         ids=[c[0] for c in _ALL_CASES])  # fmt: skip
def test_a_wrong_table_is_refused_naming_it(
    call: Callable[[], Any], error: type[AnpoError], name: str, columns: str
) -> None:
    with pytest.raises(error) as info:
        call()
    assert type(info.value) is error, type(info.value)
    assert info.value.field == name
    text = info.value.one_line()
    assert text.startswith(f"{name}: "), text
    if columns:
        assert f"lacks the column{'s' if ', ' in columns else ''} {columns} (it has: " in text
    elif "no rows" not in text:
        assert "(a pandas DataFrame), got " in text


def test_the_message_says_what_was_given_and_what_the_frame_has() -> None:
    with pytest.raises(
        InputError, match=r"^states: must be a table \(a pandas DataFrame\), got dict$"
    ):
        _roles(states={})
    with pytest.raises(InputError, match=r"lacks the columns .*\(it has: no columns\)$"):
        _roles(states=pd.DataFrame())
    with pytest.raises(InputError, match=r"^states: has no rows"):
        _roles(states=_NO_ROWS)


def test_no_rows_still_means_no_data_where_it_can() -> None:
    """An optional table with no rows (or none at all) is no data, as before."""
    assert reading.summarise_exploitation(pd.DataFrame(), "NATO").years_tested == 0
    assert reading.nato_coverage_sentence(pd.DataFrame(), "data") == ""
    assert japan.dod_benchmarks(None, pd.DataFrame())["gdp_usd_bn"].isna().all()
    assert japan.support_vs_spending(pd.DataFrame())["japan_milex_usd_bn"].isna().all()
    empty_panel = pd.DataFrame(columns=["year", "country", "gdp_usd_m", "burden"])
    assert panel.exploitation_by_year(empty_panel).empty
    assert capabilities.partial_years(pd.DataFrame()) == []


def test_a_state_list_of_dates_gives_the_dyad_years_asked() -> None:
    """A state list with ``start``/``end`` dates (no ``styear``/``endyear``) is one the dyad
    years read; asked for years, it was a bare ``KeyError: 'styear'`` from the check of the
    years against the list's coverage."""
    dates = pd.DataFrame({"ccode": [2, 20], "start": ["1816-01-01", "1920-01-10"]})
    dates = dates.assign(end=["2016-12-31", "2016-12-31"])
    got = dyads.dyad_years(dates, years=[2000])
    assert got[["ccode1", "ccode2"]].values.tolist() == [[2, 20], [20, 2]]


def test_the_other_wrong_inputs_name_what_is_wrong() -> None:
    """A missing dataset, values not one per pair, inputs of another length than the outcome:
    a bare KeyError: 'nmc', numpy's 'shape mismatch', scikit-learn's 'Number of labels'."""
    without_nmc = {k: v for k, v in _DATA.items() if k != "nmc"}
    with pytest.raises(AlignError, match=r"^datasets: the recipe needs the datasets \['nmc'\]$"):
        backtest.war_cases(_WARS, without_nmc, _STATE_LIST)
    with pytest.raises(AlignError, match=r"^values: has 3 values for 1 pairs"):
        history.history_matrix([2, 20], _PAIRS, np.zeros(3))
    with pytest.raises(ExploreError, match="inputs and outcome differ in length"):
        discovery.cart(_X.iloc[:1], _Y)
    with pytest.raises(ExploreError, match="no experiments to analyse"):
        discovery.cart(_X.iloc[:0], _Y[:0])


def test_no_rows_still_means_no_events_where_it_can() -> None:
    """A dataset with no rows and a loader's coverage is no events in those years; an event,
    war or result table with no rows is none, as before."""
    table = recipe.factor_table(_DATA, [2, 20], 2000)
    assert set(table["factor"]) == set(recipe.get_recipe(None).factors)
    alliance = table.loc[table["factor"] == "alliance"].iloc[0]
    assert alliance["score"] == 0.0 and alliance["note"] == ""  # no pact, not missing
    assert history.war_history(_PAIRS, _WARS, 2000)[1].tolist() == [0.0]
    assert history.mid_history(_PAIRS, _MIDP, 2000)[1].tolist() == [0.0]
    assert history.territorial_mids(_PAIRS, _MIDP, 2000)[1].tolist() == [0.0]
    assert backtest.war_cases(_WARS, _DATA, _STATE_LIST) == []
    no_wars = pd.DataFrame(columns=["participants", "full", "full_balanced"])
    assert backtest.summarise(no_wars, ["full"])["full"]["wars"] == 0
    assert recipe.propensity_from_table(table.iloc[:0], [2, 20]).tolist() == [[0, 0], [0, 0]]
    assert recipe.wide_factors(table.iloc[:0]).empty
    assert sensitivity.fixed_inputs(_X.iloc[:0], ["a"]) == {}


def test_no_rows_still_means_no_answer_in_the_helpers() -> None:
    """A table without rows is no band, no note, no names, no sentence, no year, no alliance,
    as before (or, where a bare KeyError came first, now); the roles' frames with the columns
    read but no rows are no rows."""
    none = pd.DataFrame()
    assert bands_report.reaction_band(none, 2001, "v", "d", "r", 1) is None
    assert bands_report.measure_band(none, 2001, "v", "d", "m", "w") == ""
    assert bands_report.partly_defined(none) == ""
    assert bands_report.partly_defined(pd.DataFrame({"defined": [1.0]})) == ""
    assert questions.undefined_rows(none).empty
    # no rows, with or without the column read: an empty boolean mask, as before
    for mask in (
        questions.undefined_rows(none),
        questions.undefined_rows(pd.DataFrame(columns=["undefined_reason"])),
        bands_report.partly_defined_mask(none),
        bands_report.partly_defined_mask(pd.DataFrame(columns=["defined"])),
    ):
        assert mask.empty and mask.dtype == bool, mask
    assert questions.reaction_notes(none) == ""
    assert questions.borrowed_layers(none) == ""
    assert bands_report.with_limits(none, ["p05"]).empty
    assert countries.row_names(none) == []
    assert reading.olson_zeckhauser_sentence(none) == ""
    assert reading.olson_zeckhauser_sentence(None) == ""
    assert reading.hns_reading_year(pd.DataFrame(columns=["fy", "hns_bn_yen"]), 2000) is None
    assert sources.data_label(None) == "the military-expenditure data"
    assert portfolios.alliance_values(none).tolist() == []
    assert taxonomy.un_percentiles(pd.DataFrame(columns=["ccode", "year", "value"]), 2).empty
    assert validate.focal_rival_years(_RIVALS.iloc[:0], 2, [2000]) == set()
    assert validate.focal_rival_years(_RIVALS, 2, [1950]) == {(365, 1950)}
    assert validate.member_years(_STATES, 2, [2000]) == [2000]


def test_an_alliance_table_without_any_obligation_flag_is_refused() -> None:
    """Every row of such a frame was read as no alliance (0)."""
    with pytest.raises(InputError, match=r"^atop: has none of the ATOP obligation flags "):
        portfolios.alliance_values(_DYADS)
    assert portfolios.alliance_values(_ATOP).tolist() == [3.0]


def test_dyad_years_of_a_state_list_of_dates_are_built() -> None:
    """build_dyad_years of a state list with start/end dates was a bare KeyError: 'styear'."""
    dates = pd.DataFrame({"ccode": [2, 20], "start": ["1816-01-01", "1920-01-10"]})
    dates = dates.assign(end=["2016-12-31", "2016-12-31"])
    got = build.build_dyad_years({"cow_states": dates}, years=[2000])
    assert got[["ccode1", "ccode2"]].values.tolist() == [[2, 20], [20, 2]]
    with pytest.raises(InputError, match=r"^states: a state list needs a 'ccode'") as info:
        build.build_dyad_years({"cow_states": _ODD})
    assert info.value.field == "states"  # named in the text only before


@pytest.mark.parametrize(("call", "error", "name", "what"), [c[1:] for c in _NOT_TABLES],
                         ids=[c[0] for c in _NOT_TABLES])  # fmt: skip
def test_a_wrong_argument_beside_the_tables_is_refused_naming_it(
    call: Callable[[], Any], error: type[AnpoError], name: str, what: str
) -> None:
    with pytest.raises(error, match=f"^{name}: must be {what}") as info:
        call()
    assert type(info.value) is error and info.value.field == name


def test_a_table_whose_years_are_all_missing_has_no_coverage() -> None:
    """A table without a loader's ``attrs["coverage"]`` whose year columns are all missing (or
    that has no rows) covers no years: each former copy of the coverage helper (the recipe's,
    the roles', the joins') now says so through the one :func:`dyads.year_coverage`, naming the
    table, with its module's error (``int(NaN)``'s bare ValueError before)."""
    told = "has no year in its {} column"
    atop = pd.DataFrame({c: [np.nan] for c in _DATA["atop"].columns})
    with pytest.raises(AlignError, match="^atop: " + told.format("year")):
        recipe.alliance_factor(_PAIRS, atop, 2000, _W)
    spells = pd.DataFrame({c: [2 if c.startswith("ccode") else np.nan] for c in _DATA["rivalries"]})
    with pytest.raises(AlignError, match="^rivalries: " + told.format("styear, endyear")):
        recipe.rivalry_factor(_PAIRS, spells, 2000, _W)
    ideal_points = pd.DataFrame({"ccode": [2], "year": [np.nan], "idealpointfp": [0.5]})
    with pytest.raises(InputError, match="^ideal_points: " + told.format("year")):
        _roles(ideal_points=ideal_points)
    contiguity = pd.DataFrame({"ccode1": [2], "ccode2": [20], "year": [np.nan], "conttype": [1]})
    for table in (contiguity, contiguity.iloc[:0]):
        with pytest.raises(InputError, match="^contiguity: " + told.format("year")):
            dyads.add_contiguity(_DYADS, table)
