"""State names as of the year: one rule (:func:`anpo.report.countries.country_name`) for the
roles tables, the yearly table, ``anpo roles`` and the alignment back-test.

The expected names follow the states' constitutions and dissolutions as
``anpo.report.countries.PERIOD_NAMES`` cites them, and the COW State System Membership list
v2016 [cow2017] for the codes (260 German Federal Republic 1955-1990, 265 German Democratic
Republic 1954-1990, 678/680 the two Yemens to 1990, 679 Yemen from 1990, 315 Czechoslovakia to
1992, 316 Czech Republic from 1993, 817 Republic of Vietnam 1954-1975).
"""

from __future__ import annotations

import pandas as pd
import pytest

from anpo.report.countries import country_name, country_name_over, lookup

#: (COW code, year, the name a reader expects that year)
CASES = [
    (365, 1950, "Soviet Union"),
    (365, 1990, "Soviet Union"),
    (365, 1991, "Soviet Union"),
    (365, 1992, "Russia"),
    (365, 2001, "Russia"),
    (365, 1914, "Russia"),
    (255, 1866, "Prussia"),
    (255, 1939, "Germany"),
    (255, 1991, "Germany"),
    (260, 1970, "West Germany"),
    (265, 1970, "East Germany"),
    (345, 1914, "Serbia"),
    (345, 1950, "Yugoslavia"),
    (345, 2004, "Serbia and Montenegro"),
    (345, 2010, "Serbia"),
    (816, 1965, "North Vietnam"),
    (816, 1980, "Vietnam"),
    (817, 1965, "South Vietnam"),
    (678, 1970, "North Yemen"),
    (680, 1970, "South Yemen"),
    (679, 1995, "Yemen"),
    (315, 1970, "Czechoslovakia"),
    (316, 1995, "Czech Republic"),
]


def _cow_name(code: int) -> str:
    """The COW list's own name of ``code`` (what the data's ``statenme`` holds)."""
    st = lookup(code)
    assert st is not None
    return st.cow_name


@pytest.mark.parametrize(("code", "year", "name"), CASES)
def test_the_rule_names_the_state_as_in_the_year(code: int, year: int, name: str) -> None:
    """:func:`country_name` with the year gives the year's name, whatever the data's own name
    (COW keeps "Russia" for 365 in every year)."""
    assert country_name(code, year) == name
    assert country_name(code, year, listed=_cow_name(code)) == name


@pytest.mark.parametrize(("code", "year", "name"), CASES)
def test_roles_tables_cli_and_backtest_agree(code: int, year: int, name: str) -> None:
    """The same code in the same year gets the same name in the roles report's snapshot table,
    its yearly table (and table of role changes), ``anpo roles``' table and the back-test's
    participants: the roles table called 365 "Russia" in 1990 where the yearly table said
    "Soviet Union"."""
    from anpo.align.backtest import _war_name
    from anpo.relations.report import _named, _names_in_year, _snapshot

    panel = pd.DataFrame(
        {"ccode": [code], "stateabb": ["X"], "statenme": [_cow_name(code)], "year": [year]}
    ).assign(role="other", intensity="", degree=0.0, reason="")
    yearly = _names_in_year(panel)
    snapshot = _snapshot(_named(panel), [year])["state"].tolist()
    backtest = _war_name({code: _cow_name(code)}, code, year)
    assert yearly == snapshot == [backtest] == [name]


def test_a_row_over_years_names_every_name_it_bore() -> None:
    """The snapshot table has one row a state: 365 over 1990, 2001 and 2016 is "Soviet Union /
    Russia" (the yearly table names each year's row), never the list's plain "Russia"."""
    from anpo.relations.report import _named, _names, _snapshot

    years = [1990, 2001, 2016]
    panel = pd.DataFrame(
        {
            "ccode": [365, 365, 365, 740, 740, 740],
            "stateabb": ["RUS"] * 3 + ["JPN"] * 3,
            "statenme": ["Russia"] * 3 + ["Japan"] * 3,
            "year": years * 2,
            "role": ["strategic rival", "strategic rival", "strategic rival", *["ally"] * 3],
        }
    ).assign(intensity="", degree=0.5, reason="")
    snap = _snapshot(_named(panel), years).set_index("state")
    assert snap.index.tolist() == ["Soviet Union / Russia", "Japan"]
    assert snap.loc["Soviet Union / Russia", "1990"] == "strategic rival"
    assert _names(_named(panel)) == {"RUS": "Soviet Union / Russia", "JPN": "Japan"}
    # a state the shown years find under one name keeps it
    assert _snapshot(_named(panel), [2001, 2016])["state"].tolist() == ["Russia", "Japan"]
    assert country_name_over(345, range(1990, 2011)) == (
        "Yugoslavia / Serbia and Montenegro / Serbia"
    )


def test_a_state_the_package_does_not_know_keeps_the_data_name() -> None:
    """A user's own state list: a code outside the COW list is named as the data name it, in
    the yearly table and the back-test alike."""
    from anpo.align.backtest import _war_name
    from anpo.relations.report import _names_in_year

    panel = pd.DataFrame({"ccode": [9001], "statenme": ["Xland"], "year": [2001]})
    assert _names_in_year(panel) == ["Xland"] == [_war_name({9001: "Xland"}, 9001, 2001)]
    assert country_name(9001, 2001) == "9001"


def test_frames_with_a_year_column_are_named_as_in_the_year() -> None:
    """:func:`anpo.report.countries.with_country_names` names each row as of its ``year`` when
    the frame has one (the Soviet Union in 1990), by the same rule."""
    from anpo.report.countries import with_country_names

    frame = pd.DataFrame({"ccode": [365, 365, 260], "year": [1990, 2001, 1970]})
    named = with_country_names(frame)
    assert named["ccode"].tolist() == ["Soviet Union", "Russia", "West Germany"]
    assert with_country_names(frame.drop(columns="year"))["ccode"].tolist() == [
        "Russia",
        "Russia",
        "West Germany",
    ]
