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

Each call fails at the check, before any computation, so the whole module takes well under a
second.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from anpo.burden import japan, panel, reading
from anpo.data import wars
from anpo.errors import AnpoError, BurdenError, DataError, InputError
from anpo.relations import capabilities, readable, taxonomy, validate

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
    ("war_participants", lambda: wars.war_participants({}, 1), DataError, "wars", ""),  # type: ignore[arg-type]
    ("war_participants columns", lambda: wars.war_participants(_ODD, 1), DataError, "wars",
     "warnum, ccode, side, styear, stmonth"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "error", "name", "columns"), [c[1:] for c in _CASES],
                         ids=[c[0] for c in _CASES])  # fmt: skip
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
