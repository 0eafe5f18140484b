"""Alliance membership, Japan's typed-in facts and the SIPRI/NMC alliance-year panel."""

from __future__ import annotations

import datetime as dt
import math
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from anpo.burden.japan import comparison_table, support_vs_spending
from anpo.burden.membership import alliance, alliances, members, membership_panel
from anpo.burden.panel import (
    GDP_FROM_SIPRI,
    build_panel,
    burden_shares,
    exploitation_by_year,
    nmc_frame,
    read_nmc_csv,
    read_user_table,
    sipri_wide,
)
from anpo.errors import BurdenError, DataError

# ------------------------------------------------------------------ membership


def test_every_member_has_a_source_and_valid_dates() -> None:
    for al in alliances().values():
        assert al.sources
        for m in al.members:
            assert m.source.strip()
            assert m.joined.year >= 1949
            assert m.left is None or m.left >= m.joined


def test_nato_founding_and_enlargements() -> None:
    """NATO, 'Member countries' (nato.int): 12 founders (1949), Greece and Turkey (1952), FRG
    (1955), Spain (1982), 3 in 1999, 7 in 2004, 2 in 2009, Montenegro 2017, North Macedonia
    2020, Finland 2023, Sweden 2024."""
    counts = {y: len(members("nato", y)) for y in (1949, 1952, 1955, 1982, 1999, 2004, 2009)}
    assert counts == {1949: 12, 1952: 14, 1955: 15, 1982: 16, 1999: 19, 2004: 26, 2009: 28}
    assert len(members("nato", 2017)) == 29
    assert len(members("nato", 2020)) == 30
    assert len(members("nato", 2023)) == 31
    assert len(members("nato", 2024)) == 32
    # Olson & Zeckhauser's 1964 NATO: 15 members, 14 with defense budgets (Iceland has none)
    assert len(members("nato", 1964)) == 15


def test_leaving_the_integrated_command_is_not_leaving_the_alliance() -> None:
    """NATO, 'Member countries' and 'France and NATO' (nato.int): France withdrew from NATO's
    integrated military command in 1966 and returned in 2009, Greece was out of it 1974-1980;
    both remained parties to the North Atlantic Treaty throughout, so both are members in every
    year (an exit would drop them from the exploitation test). The accessions enter in their
    year under the 'any day of the year' rule and at the year's end: Greece and Turkey
    18 February 1952, the Federal Republic 6 May 1955, Spain 30 May 1982, the Czech Republic,
    Hungary and Poland 12 March 1999, seven states 29 March 2004 [sandler1999, ch. 2]."""
    for year in range(1949, 2025):
        names = set(members("nato", year)["country"])
        assert "France" in names, year
        if year >= 1952:
            assert "Greece" in names and "Turkey" in names, year
    for rule in ("any", "year_end"):
        assert {"Greece", "Turkey"} <= set(members("nato", 1952, rule=rule)["country"])
        assert "Germany" in set(members("nato", 1955, rule=rule)["country"])
        assert "Spain" in set(members("nato", 1982, rule=rule)["country"])
        assert "Spain" not in set(members("nato", 1981, rule=rule)["country"])
        assert {"Czech Republic", "Hungary", "Poland"} <= set(
            members("nato", 1999, rule=rule)["country"]
        )
    assert len(members("nato", 1951)) == 12 and len(members("nato", 1998)) == 16
    assert len(members("nato", 2003)) == 19 and len(members("nato", 2004)) == 26


def test_germany_code_changes_with_unification() -> None:
    """COW: German Federal Republic 260 to 1990, Germany 255 from 1990 (whole years from 1991)."""
    de90 = members("nato", 1990).set_index("country").loc["Germany", "ccode"]
    de91 = members("nato", 1991).set_index("country").loc["Germany", "ccode"]
    assert (de90, de91) == (260, 255)
    assert alliance("nato").members[-1].country == "Sweden"


def test_us_asia_exits_and_year_rules() -> None:
    """ANZUS obligations to New Zealand suspended 11 August 1986; the U.S.-ROC treaty ended on
    1 January 1980 (State Department, U.S. Collective Defense Arrangements)."""
    any86 = set(members("asia", 1986, rule="any")["country"])
    end86 = set(members("asia", 1986, rule="year_end")["country"])
    assert "New Zealand" in any86 and "New Zealand" not in end86
    assert "New Zealand" not in set(members("us_asia", 1987)["country"])
    assert "Taiwan" in set(members("us_asia", 1979)["country"])
    assert "Taiwan" not in set(members("us_asia", 1980)["country"])
    jp = alliance("us_asia").members[1]
    assert jp.country == "Japan" and jp.joined == dt.date(1952, 4, 28)
    kr = next(m for m in alliance("us_asia").members if m.country == "South Korea")
    assert kr.joined == dt.date(1954, 11, 17)


def test_membership_errors() -> None:
    with pytest.raises(BurdenError, match="unknown alliance"):
        members("warsaw", 1970)
    with pytest.raises(BurdenError, match="did not exist"):
        members("nato", 1948)
    with pytest.raises(BurdenError):
        members("nato", 1990, rule="mid")  # type: ignore[arg-type]
    panel = membership_panel("nato", range(1947, 1951))
    assert set(panel["year"]) == {1949, 1950}


@pytest.mark.parametrize(
    ("years", "said"),
    [
        ([float("nan")], "must be years (whole numbers), got [nan]"),
        ([1960.5], "got [1960.5]"),
        (["1990"], "got ['1990']"),
        ("1990", "got the text '1990'"),
        ([1900, 1901], "did not exist in 1900-1901: no treaty of it was in force before 1949"),
    ],
)
def test_membership_panel_refuses_bad_years_as_members_does(years: object, said: str) -> None:
    """review12 F-H: ``membership_panel`` lacked the checks ``members`` has: NaN was a bare
    ValueError, 1960.5 was read as 1960, '1990' as 1990, and years before the alliance (NATO's
    treaty in force 24 August 1949, nato.int) an empty frame without a word."""
    with pytest.raises(BurdenError) as e:
        membership_panel("nato", years)  # type: ignore[arg-type]
    assert e.value.field == "years" and said in e.value.message


def test_membership_panel_takes_one_year_and_says_years_before_the_alliance() -> None:
    """One year (1990, or 1990.0 read from a pandas column) was ``TypeError: 'int' object is
    not iterable``; it is that year's panel. A range reaching back before the alliance keeps
    its years from the first (as before) and lists the others in ``attrs["before"]``."""
    want = membership_panel("nato", [1990])
    for one in (1990, 1990.0, np.int64(1990)):
        pd.testing.assert_frame_equal(membership_panel("nato", one), want)  # type: ignore[arg-type]
    assert len(want) == 16  # NATO in 1990: the 16 members after Spain's accession (1982)
    panel = membership_panel("nato", range(1947, 1951))
    assert panel.attrs["before"] == [1947, 1948] and panel.attrs["note"] is None


def test_years_after_the_lists_as_of_year_are_said_to_be_carried_forward() -> None:
    """review12 F-H: ``members("nato", 3000)`` and ``membership_panel("nato", [2030, 3000])``
    gave the 2024 list (32 members) as data. The packaged dates are as of 2024 (U.S. Department
    of State, U.S. Collective Defense Arrangements [state-cda2024]; NATO's last accession
    recorded: Sweden, 7 March 2024), so a later year is the last list carried forward, said in a
    DataWarning and ``attrs["note"]``; 2024 itself and earlier years are not."""
    from anpo.burden.membership import AS_OF_YEAR
    from anpo.errors import DataWarning
    from anpo.references import reference

    assert AS_OF_YEAR == reference("state-cda2024").year == alliance("nato").last_change[0].year
    with pytest.warns(
        DataWarning, match=r"2030, 3000 are after 2024.*\(Sweden's accession, 2024-03-07\)"
    ):
        panel = membership_panel("nato", [2030, 3000])
    assert "carried forward" in panel.attrs["note"] and len(panel) == 2 * 32
    with pytest.warns(DataWarning, match="3000 is after 2024"):
        assert "3000 is after 2024" in members("nato", 3000).attrs["note"]
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)
        assert membership_panel("nato", [2023, 2024]).attrs["note"] is None
        assert members("us_asia", 2024).attrs["note"] is None


# ------------------------------------------------------------------ panel on the shared data


@pytest.fixture(scope="module")
def sipri(shared_data: Path) -> pd.DataFrame:
    from anpo.data.sipri import read_sipri_milex

    path = shared_data / "sipri" / "SIPRI-Milex-excerpt-1948-2023.xlsx"
    if not path.exists():
        pytest.skip("SIPRI excerpt absent")
    return read_sipri_milex(path)


@pytest.fixture(scope="module")
def nmc(shared_data: Path) -> pd.DataFrame:
    path = shared_data / "cow" / "NMC-60-abridged.csv"
    if not path.exists():
        pytest.skip("NMC absent")
    return read_nmc_csv(path)


def test_sipri_wide_gdp_definition(sipri: pd.DataFrame) -> None:
    w = sipri_wide(sipri)
    row = w[(w["ccode"] == 740) & (w["year"] == 2000)].iloc[0]
    assert row["gdp_sipri_usd_m"] == pytest.approx(row["milex_current_usd_m"] / row["share_of_gdp"])
    # North Korea's "Current US$" zeros are missing, so no GDP is implied (never a zero GDP)
    nk = w[(w["ccode"] == 731) & (w["year"] == 1990)].iloc[0]
    assert math.isnan(nk["gdp_sipri_usd_m"])


def test_nato_1964_panel_and_exclusions(sipri: pd.DataFrame, nmc: pd.DataFrame) -> None:
    """[olson1966], Table 1, NATO 1964: 15 members (the 12 founders, Greece and Turkey 1952,
    West Germany 1955), Iceland without armed forces and so without spending (excluded, not a
    zero: 14 ranked, as in their table), and a positive rank correlation of GDP with the share
    of GDP spent on defense, significant at 5% one-sided; here with SIPRI's figures (the shared
    1948-2023 excerpt)."""
    panel = build_panel("nato", sipri=sipri, nmc=nmc, years=[1964])
    assert len(panel) == 15
    ice = panel.set_index("country").loc["Iceland"]
    assert math.isnan(ice["burden"]) and math.isnan(ice["gdp_usd_m"])
    assert (panel.loc[panel["country"] != "Iceland", "gdp_source"] == GDP_FROM_SIPRI).all()
    res = exploitation_by_year(panel, alternative="greater").iloc[0]
    assert res["members"] == 15 and res["n"] == 14
    assert "Iceland" in res["excluded"]
    # the pure-public-good signature in 1964: positive and significant at 5 % one-sided
    assert res["rho"] > 0 and res["p_value"] < 0.05
    assert not np.isnan(res["p_value_t"])
    exact = exploitation_by_year(panel, alternative="greater", method="auto").iloc[0]
    assert not np.isnan(exact["p_value_exact"]) and exact["p_value_exact"] < 0.05
    # with GDP per head held fixed (NMC population), df drops by one
    ctl = exploitation_by_year(panel, controls=["gdp_per_capita"]).iloc[0]
    assert ctl["df"] == res["df"] - 1
    assert "t-approximation" in ctl["method"]


def test_exploitation_fades_after_flexible_response(sipri: pd.DataFrame) -> None:
    """[khanna1996]: exploitation faded after about 1967 when NATO adopted flexible
    response. Qualitative check on SIPRI data: the mean rank correlation of 1955-1966 exceeds
    that of 1968-1990, and most early years are significant at 5 % one-sided while few late
    years are."""
    res = exploitation_by_year(build_panel("nato", sipri=sipri, years=range(1955, 1991)))
    early = res[(res["year"] <= 1966) & (res["status"] == "ok")]
    late = res[(res["year"] >= 1968) & (res["status"] == "ok")]
    assert early["rho"].mean() > late["rho"].mean() + 0.2
    assert (early["p_value"] < 0.05).mean() > 0.8
    assert (late["p_value"] < 0.05).mean() < 0.3


def test_years_without_enough_data_are_reported(sipri: pd.DataFrame) -> None:
    res = exploitation_by_year(build_panel("nato", sipri=sipri, years=[1949, 1950]))
    first = res.set_index("year").loc[1949]
    assert first["status"].startswith("skipped") and math.isnan(first["rho"])
    assert res.set_index("year").loc[1950, "status"] == "ok"


def test_user_gdp_overrides_and_nmc_only(nmc: pd.DataFrame) -> None:
    sub = nmc[nmc["year"] == 1970]
    with_nmc = build_panel("nato", nmc=nmc, years=[1970])
    # NMC has no GDP: no burden can be formed, and nothing is invented
    assert with_nmc["burden"].isna().all()
    gdp = pd.DataFrame(
        {"ccode": sub["ccode"], "year": 1970, "gdp": 1000.0 * (1 + np.arange(len(sub)))}
    )
    p = build_panel("nato", nmc=nmc, gdp=gdp, years=[1970])
    usa = p.set_index("country").loc["United States"]
    g = gdp.set_index("ccode").loc[2, "gdp"]
    assert usa["gdp_source"] == "user GDP table"
    assert usa["burden"] == pytest.approx(usa["milex_nmc_usd_m"] / g)
    assert usa["burden_source"] == "NMC milex / user GDP"


def test_build_panel_years_are_checked_and_said(sipri: pd.DataFrame) -> None:
    """review12 F-H through the main entry point: ``years=[nan]`` was a bare ValueError,
    ``years=1970`` ``TypeError: 'int' object is not iterable``, ``[1970.5]`` the 1970 panel and
    ``[1900]`` a 0-row panel; now a BurdenError on ``years``, one year's panel, and the
    membership's notes in the panel's attrs. The default years (to the data's last, 2023 in
    the shared SIPRI excerpt) are within the list's as-of year: no warning."""
    for bad in ([float("nan")], [1970.5], [1900]):
        with pytest.raises(BurdenError) as e:
            build_panel("nato", sipri=sipri, years=bad)
        assert e.value.field == "years"
    one = build_panel("nato", sipri=sipri, years=1970)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(one, build_panel("nato", sipri=sipri, years=[1970]))
    assert len(one) == 15 and one.attrs["note"] is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        full = build_panel("nato", sipri=sipri)
    assert full.attrs["note"] is None and int(full["year"].max()) == 2023


def test_burden_shares(sipri: pd.DataFrame) -> None:
    t = burden_shares(build_panel("nato", sipri=sipri, years=[2001]), 2001)
    assert t["share_of_milex"].sum() == pytest.approx(1.0)
    assert t["share_of_gdp"].sum() == pytest.approx(1.0)
    usa = t.set_index("country").loc["United States"]
    assert usa["ratio"] > 1  # the largest ally carries more than its share of GDP
    assert "Iceland" in t.attrs["excluded"]


def test_burden_shares_of_a_year_without_data_names_the_year(sipri: pd.DataFrame) -> None:
    """A year with members but no spending or GDP figure (`anpo burden shares --year 2100`)
    said "no member has both military spending and GDP in 2100" without naming --year, unlike
    a year with no members ("--year: no members in 1900")."""
    from anpo.errors import DataWarning

    with pytest.warns(DataWarning, match="2100 is after 2024"):
        panel = build_panel("nato", sipri=sipri, years=[2100])
    with pytest.raises(BurdenError, match="no member has both") as info:
        burden_shares(panel, 2100)
    assert info.value.field == "year"


def test_japan_comparison(sipri: pd.DataFrame) -> None:
    """The comparison table carries SIPRI's shares of GDP unchanged (SIPRI Military Expenditure
    Database, the shared 1948-2023 excerpt, sheet 'Share of GDP'): Japan 2000 0.915986%, South
    Korea ('Korea, South') 2000 2.45732%, Germany 1960 3.76986%; Japan's US$4.41 bn of support in
    2002 (U.S. DoD, Report on Allied Contributions to the Common Defense, 2004) over its 2002
    spending in the 'Current US$' sheet, 39,333.7 US$ m."""
    w = sipri_wide(sipri)
    nato = build_panel("nato", sipri=sipri)
    t = comparison_table(w, nato).set_index("year")
    assert t.loc[2000, "Japan"] == pytest.approx(0.00915986, rel=1e-5)
    assert t.loc[2000, "South Korea"] == pytest.approx(0.0245732, rel=1e-5)
    assert t.loc[2000, "NATO members with data"] == 15
    assert t.loc[1960, "Germany"] == pytest.approx(0.0376986, rel=1e-5)
    sv = support_vs_spending(w).set_index("year")
    assert sv.loc[2002, "support_share_of_milex"] == pytest.approx(4.41 / 39.3337, rel=1e-5)


def test_nmc_reader_errors(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not found"):
        read_nmc_csv(tmp_path / "none.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_nmc_csv(bad)
    assert "bad.csv" in err.value.one_line() and "ccode" in err.value.message
    frame = nmc_frame(pd.DataFrame({"ccode": [2], "year": [1990], "milex": [-9], "tpop": [-9]}))
    assert frame["milex_nmc_usd_m"].isna().all() and frame["population"].isna().all()


def test_panel_needs_some_data() -> None:
    with pytest.raises(BurdenError):
        build_panel("nato")
    with pytest.raises(BurdenError, match="unknown control"):
        exploitation_by_year(pd.DataFrame({"year": [1990]}), controls=["borders"])


def test_extra_controls_join(sipri: pd.DataFrame) -> None:
    extra = pd.DataFrame({"ccode": [2, 20], "year": [1990, 1990], "borders": [0.0, 1.0]})
    p = build_panel("nato", sipri=sipri, years=[1990], extra=extra)
    by = p.set_index("country")["borders"]
    assert by["United States"] == 0.0 and by["Canada"] == 1.0 and math.isnan(by["France"])
    res = exploitation_by_year(p, controls=["borders"]).iloc[0]
    assert res["status"].startswith("skipped") and "France: no borders" in res["excluded"]
    with pytest.raises(DataError, match="repeats"):
        build_panel("nato", sipri=sipri, years=[1990], extra=pd.concat([extra, extra]))
    with pytest.raises(DataError, match="ccode"):
        build_panel("nato", sipri=sipri, years=[1990], extra=pd.DataFrame({"x": [1]}))


def test_user_tables_with_a_bad_year_say_so(sipri: pd.DataFrame) -> None:
    """A blank or non-numeric year in a user table is a DataError naming the table and row,
    not a pandas casting traceback."""
    gdp = pd.DataFrame({"ccode": [2, 20], "year": ["1990", "x"], "gdp": [1.0, 2.0]})
    with pytest.raises(DataError, match=r"GDP table .*'x' \(data row 2\)"):
        build_panel("nato", sipri=sipri, years=[1990], gdp=gdp)
    extra = pd.DataFrame({"ccode": [2], "year": [None], "borders": [0.0]})
    with pytest.raises(DataError, match=r"controls table .*a blank \(data row 1\)"):
        build_panel("nato", sipri=sipri, years=[1990], extra=extra)


def test_a_controls_table_with_a_text_ccode_says_where(tmp_path: Path, sipri: pd.DataFrame) -> None:
    """A ccode that is not a number in a controls table was read as missing, so the row's
    controls silently joined no member; it is a DataError naming the file, line and column, as
    a bad year is."""
    path = tmp_path / "controls.csv"
    path.write_text("ccode,year,borders\n2,1990,0\n\n\nUSA,1990,1\n", encoding="utf-8")
    extra = read_user_table(path, "controls table")
    with pytest.raises(
        DataError,
        match=r"controls table has a ccode that is not a COW state "
        r"code: 'USA' \(data row 2\)",
    ) as info:
        build_panel("nato", sipri=sipri, years=[1990], extra=extra)
    assert info.value.file == str(path) and info.value.line == 5 and info.value.field == "ccode"


@pytest.mark.parametrize(("text", "line", "field", "says"), [
    ("ccode,year,borders\n2,1990,true\n20,1990,false\n", 2, "borders",
     "controls table has a value of borders that is not a number: 'true' (data row 1); true "
     "and false are not numbers: write 1 or 0"),
    ("ccode,year,borders\n\nTrue,1990,0\n", 3, "ccode",
     "controls table has a ccode that is not a number: 'True' (data row 1)"),
    ("ccode,year,borders\n2,false,1\n", 2, "year",
     "controls table has a year that is not a number: 'false' (data row 1)"),
])  # fmt: skip
def test_a_controls_table_with_true_or_false_says_where(
    tmp_path: Path, sipri: pd.DataFrame, text: str, line: int, field: str, says: str
) -> None:
    """pandas types a column of ``true``/``false`` as booleans, which were then read as 1 and
    0: a yes/no control became a 0/1 dummy without a word, a ccode of ``true`` the code 1 (its
    controls joined no member) and a year of ``false`` the year 0. Each is a DataError naming
    the file, line and column, quoting the cell as written."""
    path = tmp_path / "controls.csv"
    path.write_text(text, encoding="utf-8")
    extra = read_user_table(path, "controls table")
    with pytest.raises(DataError) as info:
        build_panel("nato", sipri=sipri, years=[1990], extra=extra)
    err = info.value
    assert (err.file, err.line, err.field) == (str(path), line, field), err.one_line()
    assert says in err.message, err.one_line()


@pytest.mark.parametrize(
    ("gdp", "says"),
    [
        ({"ccode": [2, 2], "year": [1990, 1990], "gdp": [1.0, 2.0]}, "repeats ccode / year"),
        (
            {"ccode": [2], "year": [1990], "gdp": [-5.0]},
            r"not a positive number: -5.0 \(data row 1\)",
        ),
        ({"ccode": [2], "year": [1990], "gdp": [0.0]}, "not a positive number: 0.0"),
        ({"ccode": [2], "year": [1990], "gdp": [math.inf]}, "not a finite number: inf"),
        ({"ccode": [2], "year": [1990], "gdp": ["abc"]}, "not a positive number: 'abc'"),
        ({"ccode": ["USA"], "year": [1990], "gdp": [1.0]}, "not a COW state code: 'USA'"),
    ],
)
def test_a_bad_user_gdp_is_refused_not_replaced(sipri: pd.DataFrame, gdp, says) -> None:
    """A repeated row gave its member two rows (17 NATO members in 1995); a GDP that was text,
    0, negative or infinite was silently replaced by SIPRI's implied GDP under the label
    "user GDP table"."""
    frame = pd.DataFrame(gdp)
    frame.attrs["path"] = "g.csv"
    with pytest.raises(DataError, match=says) as info:
        build_panel("nato", sipri=sipri, years=[1990], gdp=frame)
    assert info.value.file == "g.csv"


def test_a_blank_user_gdp_keeps_sipris(sipri: pd.DataFrame) -> None:
    gdp = pd.DataFrame({"ccode": [2, 20], "year": [1990, 1990], "gdp": [None, 5.0e5]})
    p = build_panel("nato", sipri=sipri, years=[1990], gdp=gdp).set_index("country")
    assert p.loc["United States", "gdp_source"] != "user GDP table"
    assert p.loc["Canada", "gdp_source"] == "user GDP table"
    assert p.loc["Canada", "gdp_usd_m"] == 5.0e5


def test_scenario_section(sipri: pd.DataFrame) -> None:
    import tomllib

    from pydantic import ValidationError

    from anpo.burden.scenario import BurdenScenario, run_burden_scenario

    text = """
alliance = "asia"
years = [2001, 1964]
alternative = "greater"
[nash]
income = [100, 60, 35]
a = 0.15
b = 0.05
"""
    spec = BurdenScenario.model_validate(tomllib.loads(text))
    assert spec.alliance == "us_asia" and spec.years == [1964, 2001]
    out = run_burden_scenario(spec, sipri)
    assert list(out["year"]) == [1964, 2001] and (out["status"] == "ok").all()
    with pytest.raises(ValidationError):
        BurdenScenario.model_validate({"alliance": "seato"})
    with pytest.raises(ValidationError):
        BurdenScenario.model_validate({"years": [1900]})
    with pytest.raises(ValidationError):
        BurdenScenario.model_validate({"nash": {"income": [1.0], "a": 0.6, "b": 0.5}})
    with pytest.raises(ValidationError):
        BurdenScenario.model_validate({"colour": "red"})


def test_an_alliance_of_ones_own_is_a_value() -> None:
    """No hidden global: membership functions take an :class:`Alliance` value as well as a
    packaged alliance's name (the packaged table is a default, not the only table)."""
    import datetime as dt

    from anpo.burden.membership import Alliance, Member, members, membership_panel

    pact = Alliance(
        key="pact",
        name="A two-state pact",
        treaty="test treaty",
        leader="Japan",
        sources=("test",),
        members=(
            Member(country="Japan", ccode=740, joined=dt.date(1952, 4, 28), source="test"),
            Member(country="Australia", ccode=900, joined=dt.date(1990, 1, 1), source="test"),
        ),
    )
    assert members(pact, 1980)["country"].tolist() == ["Japan"]
    panel = membership_panel(pact, [1989, 1990])
    assert panel.groupby("year").size().to_dict() == {1989: 1, 1990: 2}
    assert members("nato", 1982)["country"].tolist()[-1] == "Spain"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("ccode,year\n2,1990\n20,1990\n", [2, 3]),
        ("\n\nccode,year\n2,1990\n\n  \n\t\n20,1990\n\n", [4, 8]),
        ("ccode,year\r\n2,1990\r\n\r\n20,1990\r\n", [2, 4]),
        ('ccode,note\n2,"two\n\nlines"\n\n20,x\n', [2, 6]),
        ("ccode,year\n2,1990\n,\n20,1990\n", [2, 3, 4]),  # ',' is a row of blanks, kept
    ],
)
def test_read_user_table_knows_each_rows_line(tmp_path: Path, text: str, lines: list[int]) -> None:
    """The file line of each data row counts the header, the blank (or spaces-only) lines
    pandas skips and the lines a quoted cell spans."""
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode())
    frame = read_user_table(path, "controls table")
    assert len(frame) == len(lines)
    assert [frame.attrs["lines"].line(i) for i in range(len(frame))] == lines
    assert frame.attrs["path"] == str(path)


def test_a_changed_user_table_names_no_line(tmp_path: Path, sipri: pd.DataFrame) -> None:
    """Lines are named only for the table as it was read: once rows are dropped or reordered,
    the recorded lines no longer say where a row is."""
    path = tmp_path / "g.csv"
    path.write_text("ccode,year,gdp\n\n20,1990,1\n2,1990,-1\n", encoding="utf-8")
    frame = read_user_table(path, "GDP table")
    with pytest.raises(DataError) as as_read:
        build_panel("nato", sipri=sipri, years=[1990], gdp=frame)
    assert as_read.value.line == 4 and as_read.value.file == str(path)
    with pytest.raises(DataError) as reordered:
        build_panel("nato", sipri=sipri, years=[1990], gdp=frame.iloc[::-1])
    assert reordered.value.line is None and reordered.value.file == str(path)
    with pytest.raises(DataError) as renumbered:  # a row dropped, the rest renumbered 0..n-1
        build_panel("nato", sipri=sipri, years=[1990], gdp=frame.iloc[1:].reset_index(drop=True))
    assert renumbered.value.line is None


def test_a_user_tables_lines_are_not_copied_with_it(tmp_path: Path) -> None:
    """pandas deep-copies ``attrs`` on every operation: a plain list of 50,000 lines there made
    one column access of a 50,000-row table 300 times slower. The lines are kept as one lazy
    RowLines object that every copy of the frame shares."""
    import copy

    from anpo._io.csvlines import RowLines

    path = tmp_path / "c.csv"
    path.write_text("ccode,year,borders\n2,1990,1\n\n20,1990,0\n", encoding="utf-8")
    frame = read_user_table(path, "controls table")
    lines = frame.attrs["lines"]
    assert isinstance(lines, RowLines) and lines.rows == 2
    assert copy.deepcopy(lines) is lines
    assert frame["borders"].attrs["lines"] is lines and frame.copy().attrs["lines"] is lines
    assert lines.line(1) == 4


@pytest.mark.parametrize(
    ("text", "says", "line"),
    [
        ("ccode,year,gdp\n2,1990,5\n20,1990\n\n200,1990,7\n", "ragged row: 2 fields", 3),
        ("ccode,year,gdp\n2,1990,5\n\n20,1990\n", "the last line has 2 of 3 fields", 4),
        ("ccode,year,gdp\n2,1990,5,1\n20,1990,6\n", "ragged row: 4 fields", 2),
    ],
)
def test_a_short_or_long_user_table_row_is_refused(
    tmp_path: Path, text: str, says: str, line: int
) -> None:
    """A user table is read by the data loaders' reader: a row with a missing or extra comma,
    or a cut-off last row, was padded (or shifted) and loaded without a word."""
    path = tmp_path / "g.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=says) as info:
        read_user_table(path, "GDP table")
    assert info.value.file == str(path) and info.value.line == line


def test_a_gzip_user_table_reads_and_a_binary_one_is_refused(tmp_path: Path) -> None:
    """A gzip-compressed table is unpacked (it was 'not a readable CSV'); a binary file is
    refused as one; a missing file is still the BurdenError naming the table."""
    import gzip

    path = tmp_path / "g.csv.gz"
    path.write_bytes(gzip.compress(b"ccode,year,GDP\n2,1990,5.5\n\n20,1990,\n"))
    frame = read_user_table(path, "GDP table")
    assert list(frame.columns) == ["ccode", "year", "GDP"]
    assert frame["GDP"].iloc[0] == 5.5 and math.isnan(frame["GDP"].iloc[1])
    assert frame.attrs["lines"].line(1) == 4
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"ccode\x00\x01\x02")
    with pytest.raises(DataError, match="binary"):
        read_user_table(binary, "GDP table")
    with pytest.raises(BurdenError, match="GDP table not found"):
        read_user_table(tmp_path / "none.csv", "GDP table")


@pytest.mark.parametrize(
    ("cell", "said"),
    [
        ("high", "not a number: 'high'"),
        ("inf", "not a finite number: 'inf'"),
        ("1,5", "not a number: '1,5'"),  # '1,5': a decimal comma is text
    ],
)
def test_a_text_control_value_says_where(
    tmp_path: Path, sipri: pd.DataFrame, cell: str, said: str
) -> None:
    """A text in a controls table's value column was read as missing, so the member was left
    out of the test as having 'no borders'; it is a DataError naming the file, line and column,
    as a text GDP is. A blank cell stays no figure."""
    path = tmp_path / "controls.csv"
    quoted = f'"{cell}"'
    path.write_text(
        f"ccode,year,Borders,Country\n2,1990,,USA\n\n20,1990,{quoted},Canada\n", encoding="utf-8"
    )
    extra = read_user_table(path, "controls table")
    with pytest.raises(DataError, match=rf"a value of Borders that is {said} \(data row 2\)"):
        build_panel("nato", sipri=sipri, years=[1990], extra=extra)
    with pytest.raises(DataError) as info:
        build_panel("nato", sipri=sipri, years=[1990], extra=extra)
    assert info.value.file == str(path) and info.value.line == 4 and info.value.field == "Borders"
    path.write_text("ccode,year,Borders,Country\n2,1990,,USA\n20,1990,1,Canada\n", encoding="utf-8")
    p = build_panel("nato", sipri=sipri, years=[1990], extra=read_user_table(path, "c"))
    by = p.set_index("country")["Borders"]
    assert math.isnan(by["United States"]) and by["Canada"] == 1.0


@pytest.mark.parametrize(
    ("table", "text", "field"),
    [
        ("GDP table", "ccode,year,gdp\n2,1990,1.0\n\n99999999999999999999999,1990,2.0\n", "ccode"),
        ("GDP table", "ccode,year,gdp\n2,1990,1.0\n\n20,99999999999999999999,2.0\n", "year"),
        ("controls table", "ccode,year,b\n2,1990,0\n\n99999999999999999999999,1990,1\n", "ccode"),
        ("controls table", "ccode,year,b\n2,1990,0\n\n20,-99999999999999999999,1\n", "year"),
    ],
)
def test_a_huge_code_or_year_in_a_user_table_says_where(
    tmp_path: Path, sipri: pd.DataFrame, table: str, text: str, field: str
) -> None:
    """A ccode or year too large for a whole number (1e22, read as text by pandas) was a
    TypeError traceback (ccode: casting to Int64) or became another year (year: the int64 cast
    wrapped it); it is a DataError naming the file, its line and the column."""
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    frame = read_user_table(path, table)
    kw = {"gdp": frame} if table == "GDP table" else {"extra": frame}
    with pytest.raises(DataError, match=rf"{table} has a {field} .*\(data row 2\)") as info:
        build_panel("nato", sipri=sipri, years=[1990], **kw)
    assert info.value.file == str(path) and info.value.line == 4 and info.value.field == field


@pytest.mark.parametrize(
    "method, statistic, needle",
    [
        ("permutation", "spearman", "the permutation method covers the simple test only"),
        ("exact", "spearman", "the exact method covers the simple test only"),
        ("t", "kendall", "Kendall's tau is computed for the simple test only"),
    ],
)
def test_exploitation_by_year_refuses_options_once(
    method: str, statistic: str, needle: str
) -> None:
    """A method or statistic no year can be tested with alongside controls is refused once,
    before any year, by :func:`anpo.burden.stats.check_test_options`, not repeated as every
    year's status (the CLI calls the same check)."""
    panel = pd.DataFrame(
        {"year": [1990] * 5, "country": list("abcde"), "gdp_usd_m": [1.0, 2, 3, 4, 5],
         "burden": [0.01, 0.03, 0.02, 0.05, 0.04], "population": [1.0, 2, 3, 5, 4]}
    )  # fmt: skip
    with pytest.raises(BurdenError, match=needle):
        exploitation_by_year(
            panel,
            [1990, 1991],
            ["population"],
            method=method,
            statistic=statistic,  # type: ignore[arg-type]
        )


def test_a_control_given_twice_is_refused_as_such() -> None:
    """``--control population --control population`` reported every year as 'undefined: the
    controls explain the ranks ... exactly (collinear controls?)', a reason about the data for
    a slip in the options; it is refused once, naming the control, in the library and the CLI
    (partial rank correlation [sandler2000, Table 9]: each control held fixed once)."""
    from _support import invoke, one_line_error

    panel = pd.DataFrame(
        {"year": [1990] * 5, "country": list("abcde"), "gdp_usd_m": [1.0, 2, 3, 4, 5],
         "burden": [0.01, 0.03, 0.02, 0.05, 0.04], "population": [1.0, 2, 3, 5, 4]}
    )  # fmt: skip
    with pytest.raises(BurdenError, match="control 'population' is given twice") as info:
        exploitation_by_year(panel, [1990], ["population", "population"])
    assert info.value.field == "controls"
    err = one_line_error(
        invoke("burden", "test", "--control", "population", "--control", "population")
    )
    assert err.startswith("error: --control: control 'population' is given twice"), err


def test_a_text_control_value_is_refused(sipri: pd.DataFrame) -> None:
    """A control value that is text is a mistake, not a missing figure (a blank cell is one)."""
    extra = pd.DataFrame({"ccode": [2, 20], "year": [1990, 1990], "borders": ["1", "many"]})
    with pytest.raises(DataError, match=r"borders that is not a number: 'many' \(data row 2\)"):
        build_panel("nato", sipri=sipri, years=[1990], extra=extra)
    # a column whose name starts with a vowel read 'has a exposed that is not a number'
    vowel = extra.rename(columns={"borders": "exposed"})
    with pytest.raises(DataError, match="has a value of exposed that is not a number"):
        build_panel("nato", sipri=sipri, years=[1990], extra=vowel)
    blank = pd.DataFrame({"ccode": [2, 20], "year": [1990, 1990], "borders": ["1", ""]})
    panel = build_panel("nato", sipri=sipri, years=[1990], extra=blank)
    assert panel.loc[panel["ccode"] == 20, "borders"].isna().all()


_SCENARIO_BURDEN = """
[burden]
alliance = "asia"
years = [2001, 1964]
alternative = "greater"
[burden.nash]
income = [100, 60, 35]
a = 0.15
b = 0.05
"""


def _with_burden() -> Any:
    from _support import MINIMAL
    from anpo.scenario import parse_scenario_text

    return parse_scenario_text(MINIMAL + _SCENARIO_BURDEN, "mine.toml")


def test_a_scenarios_burden_section_is_in_the_report(sipri: pd.DataFrame) -> None:
    """A scenario file's ``[burden]`` section was validated and then read by nothing (not the
    report, not a command): the report now gives it a section of its own, its tests computed
    by :func:`anpo.burden.scenario.run_burden_scenario` for the years asked [olson1966], the
    answer written from those rows, and its ``[burden.nash]`` equilibrium
    [bergstrom1986; cornes1984]."""
    from anpo.burden.equilibrium import cobb_douglas, nash_contributions
    from anpo.burden.report import _scenario_section
    from anpo.burden.scenario import run_burden_scenario
    from anpo.report.format import fmt_number, fmt_share

    scen = _with_burden()
    sec = _scenario_section(scen.scenario.id, scen.scenario.title, scen.burden, sipri, None)
    assert sec.id == f"burden-scenario-{scen.scenario.id}" and not sec.needs_data
    tests, nash = sec.tables
    expected = run_burden_scenario(scen.burden, sipri)
    assert list(tests.frame["year"]) == [1964, 2001]
    np.testing.assert_allclose(tests.frame["rho"], expected["rho"])
    np.testing.assert_allclose(tests.frame["p"], expected["p_value"])
    assert list(tests.frame["p-value method"]) == list(expected["method"])
    assert "one-sided" in tests.caption
    for row in expected.itertuples():
        said = f"{row.year}: rho {fmt_number(row.rho)}, p {fmt_number(row.p_value, 'p')} "
        assert said in sec.answer, sec.answer
    sig = int((expected["p_value"] < 0.05).sum())
    assert f"significant at 5% in {sig} of the 2 years tested" in sec.answer
    eq = nash_contributions(
        np.array([100.0, 60.0, 35.0]), cobb_douglas(0.15, 0.05), joint_product=True
    )
    assert list(nash.frame["burden (defense / income)"]) == [fmt_share(v, 3) for v in eq.burden]
    assert "joint product" in nash.title
    # the data it read are cited as the main burden section cites them
    assert any("SIPRI" in src and "©" in src for src in sec.sources), sec.sources


def test_a_scenarios_burden_section_without_data_says_what_to_add() -> None:
    """Without military-expenditure data the scenario's section says the tests need it and
    how to add it, and still shows the Nash equilibrium, which needs no data; the book's
    scenarios, which have no ``[burden]``, add no section."""
    from _support import book_scenarios
    from anpo.burden.report import build
    from anpo.report.sections import ReportContext

    sections = build(ReportContext(scenarios=[_with_burden()]))
    mine = [s for s in sections if s.id.startswith("burden-scenario-")]
    assert len(mine) == 1 and mine[0].needs_data
    assert mine[0].answer.startswith("Not answered from data here")
    assert any("anpo data add" in c for c in mine[0].commands)
    assert [t.title for t in mine[0].tables] == [
        "Nash equilibrium of the scenario's incomes (joint product)"
    ]
    book = build(ReportContext(scenarios=book_scenarios()))
    assert [s.id for s in book] == ["burden-sharing", "burden-japan"]


def test_a_scenarios_burden_words_follow_the_code() -> None:
    """The scenario section's words for the methods and the exact-test limit are those of
    :func:`anpo.burden.stats.exploitation_test` ([olson1966]; the exact table for untied data
    up to ``EXACT_MAX_N``), and every method and membership rule the file accepts has words."""
    from typing import get_args

    from anpo.burden.report import _METHOD_WORDS, _RULE_WORDS
    from anpo.burden.scenario import BurdenScenario
    from anpo.burden.stats import EXACT_MAX_N

    fields = BurdenScenario.model_fields
    assert set(_METHOD_WORDS) == set(get_args(fields["method"].annotation))
    assert set(_RULE_WORDS) == set(get_args(fields["membership_rule"].annotation))
    assert f"at most {EXACT_MAX_N} members" in _METHOD_WORDS["auto"]


def test_a_scenarios_burden_section_says_when_the_controls_data_end(
    sipri: pd.DataFrame, nmc: pd.DataFrame
) -> None:
    """A year past the end of COW NMC with a population control: every member reads 'no
    gdp_per_capita' in the table; the section says the data have ended (NMC's last year), not
    that the members have no population ([singer1972])."""
    from anpo.burden.report import _scenario_section

    scen = _with_burden()
    spec = scen.burden.model_copy(update={"years": [2001, 2023], "controls": ["gdp_per_capita"]})
    sec = _scenario_section(scen.scenario.id, scen.scenario.title, spec, sipri, nmc)
    last = int(nmc["year"].max())
    assert last < 2023
    [note] = [n for n in sec.notes if "NMC data end" in n]
    assert note.startswith(f"The COW NMC data end in {last}: the gdp_per_capita control")
    assert "cannot be computed for 2023" in note
    row = sec.tables[0].frame.set_index("year").loc[2023]
    assert row["members with data"] == 0 and row["status"].startswith("skipped")


@pytest.mark.parametrize("year", [1960.5, float("nan"), True])
def test_members_year_is_a_whole_number(year):
    """members() cast the year with int(): 1960.5 answered for 1960, NaN was int()'s bare
    ValueError, True the year 1."""
    with pytest.raises(BurdenError) as err:
        members("nato", year)
    assert err.value.field == "year"
    assert members("nato", 1960.0).equals(members("nato", 1960))


@pytest.mark.parametrize("year", [2001.5, float("nan"), True])
def test_burden_shares_year_is_a_whole_number(sipri: pd.DataFrame, year) -> None:
    """burden_shares cast the year with int(): 2001.5 answered for 2001 (and said 2001 in
    attrs), NaN was int()'s bare ValueError."""
    panel = build_panel("nato", sipri=sipri, years=[2001])
    with pytest.raises(BurdenError) as info:
        burden_shares(panel, year)
    assert info.value.field == "year"
    assert burden_shares(panel, 2001.0).equals(burden_shares(panel, 2001))


def test_a_carried_forward_note_names_the_event_it_counts_from():
    """The note for a year after the packaged list's as-of year says what the last change was:
    the U.S. Asia-Pacific treaties' last recorded change is the end of the U.S. obligation to New Zealand (1986; the
    table's ``left`` date), which read "(New Zealand, 1986-08-11)" as if New Zealand had joined
    (review13 F3); NATO's is Sweden's accession (7 March 2024, NATO's member list)."""
    from anpo.burden.membership import alliance, members
    from anpo.errors import DataWarning

    assert alliance("nato").last_change[2] == "Sweden's accession"
    date, who, event = alliance("us_asia").last_change
    assert (date.isoformat(), who) == ("1986-08-11", "New Zealand")
    with pytest.warns(DataWarning, match=r"the end of New Zealand's obligation, 1986-08-11"):
        members("us_asia", 2030)


@pytest.mark.parametrize("seed", ["-1", "9223372036854775808"])
def test_a_scenarios_burden_seed_is_checked_at_its_line(seed: str) -> None:
    """``[burden] seed = -1`` passed the file and was refused only by the permutation test,
    without the file's line (the t test took it); a seed is an integer from 0 to 2**63-1
    (anpo._checks.MAX_SEED), said at its line."""
    from _support import MINIMAL
    from anpo.errors import ScenarioError
    from anpo.scenario import parse_scenario_text

    text = MINIMAL + _SCENARIO_BURDEN.replace('alternative = "greater"', f"seed = {seed}")
    with pytest.raises(ScenarioError) as info:
        parse_scenario_text(text, "mine.toml")
    line = text.splitlines().index(f"seed = {seed}") + 1
    assert (info.value.line, info.value.field) == (line, "burden.seed"), info.value.one_line()
    ok = MINIMAL + _SCENARIO_BURDEN.replace('alternative = "greater"', "seed = 7")
    assert parse_scenario_text(ok, "mine.toml").burden.seed == 7


@pytest.mark.parametrize("years", [[1964.5], [True], ["1964"], "1964"])
def test_exploitation_by_year_takes_whole_years(sipri: pd.DataFrame, years: object) -> None:
    """exploitation_by_year read its years with int(): 1964.5 tested 1964, True the year 1
    and '1964' 1964; the years are year_list's (BurdenError naming years)."""
    panel = build_panel("nato", sipri=sipri, years=[1964])
    with pytest.raises(BurdenError) as info:
        exploitation_by_year(panel, years=years)  # type: ignore[arg-type]
    assert info.value.field == "years"
    assert list(exploitation_by_year(panel, years=[1964.0])["year"]) == [1964]
