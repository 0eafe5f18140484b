"""``anpo burden`` command line (in-process with typer's CliRunner; one end-to-end run)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _support import invoke, run_anpo


@pytest.fixture(scope="module")
def sipri_path(shared_data: Path) -> Path:
    path = shared_data / "sipri" / "SIPRI-Milex-excerpt-1948-2023.xlsx"
    if not path.exists():
        pytest.skip("SIPRI excerpt absent")
    return path


@pytest.fixture(autouse=True)
def _empty_catalog(anpo_home: Path) -> None:
    """Every command runs against a private, empty ANPO_HOME."""


def test_test_json(sipri_path: Path) -> None:
    """``anpo burden test --json`` on [olson1966]'s NATO 1964 (15 members, Iceland excluded, 14
    ranked; with the SIPRI excerpt's figures a positive rho, significant at 5%), and the
    output states the default alternative and the data's source."""
    r = invoke(
        "burden", "test", "--alliance", "nato", "--year", "1964", "--sipri", str(sipri_path),
        "--json",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    res = out["results"][0]
    assert out["alliance"] == "nato" and res["year"] == 1964
    assert res["members"] == 15 and res["n"] == 14
    assert any(e.startswith("Iceland") for e in res["excluded"])
    assert res["rho"] > 0 and res["p_value"] < 0.05
    assert res["method"].startswith("t-approximation")
    # the one default alternative, stated in the output
    assert out["alternative"] == res["alternative"] == "two-sided"
    assert out["alternative_description"] == "two-sided, alternative rho != 0"
    assert out["sources"]["sipri"]["dataset"] == "SIPRI Military Expenditure Database"
    assert "share of GDP" in out["gdp_definition"]


def test_one_sided_on_request(sipri_path: Path) -> None:
    """[olson1966] read NATO 1964 one-sided (rho > 0): ``--alternative greater`` gives that
    test, half the default two-sided p-value for a positive rho (t-approximation, df = n - 2),
    and says so in the output."""
    two = json.loads(invoke("burden", "test", "--year", "1964", "--sipri", str(sipri_path),
                            "--json").stdout)["results"][0]  # fmt: skip
    one = json.loads(invoke("burden", "test", "--year", "1964", "--sipri", str(sipri_path),
                            "--alternative", "greater", "--json").stdout)  # fmt: skip
    assert two["alternative"] == "two-sided" and two["rho"] > 0
    assert one["alternative_description"].startswith("one-sided, alternative rho > 0")
    assert one["results"][0]["p_value"] == pytest.approx(two["p_value"] / 2)


def test_test_with_control(sipri_path: Path, shared_data: Path) -> None:
    nmc = shared_data / "cow" / "NMC-60-abridged.csv"
    r = invoke(
        "burden", "test", "--alliance", "nato", "--year", "1995", "--control", "gdp_per_capita",
        "--sipri", str(sipri_path), "--nmc", str(nmc), "--json",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)["results"][0]
    assert res["controls"] == ["gdp_per_capita"]
    assert res["df"] == res["n"] - 3
    assert res["p_value_exact"] is None and "t-approximation" in res["method"]


def test_test_human_table_states_the_alternative(sipri_path: Path) -> None:
    r = invoke("burden", "test", "--alliance", "asia", "--year", "1990-1992", "--sipri",
               str(sipri_path))  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "Exploitation test" in r.stdout and "1991" in r.stdout
    # said once (the acceptance walk of issue 13 read 'two-sided (two-sided, alternative ...)')
    text = " ".join(r.stdout.split())
    assert "hypothesis: two-sided, alternative rho != 0;" in text
    assert text.count("two-sided") == 1, text


def test_a_year_without_data_names_the_year_flag(sipri_path: Path) -> None:
    """`anpo burden test -y 2030` (after the data) named no field (acceptance walk of issue 13):
    the one line now names --year. It follows the one warning that 2030 is after the
    membership list's as-of year (2024: its members would be the 2024 list carried forward)."""
    r = invoke("burden", "test", "--year", "2030", "--sipri", str(sipri_path))
    assert r.exit_code == 2
    warning, error = r.stderr.splitlines()
    assert warning.startswith("warning: 2030 is after 2024, when the packaged North Atlantic")
    assert error.startswith("error: --year: no exploitation test could be computed: 2030: no")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--year", "1995"], "no military-expenditure data"),
        (["--alliance", "warsaw", "--year", "1995"], "unknown alliance"),
        (["--year", "19x5"], "--year: cannot read years from"),
        (["--year", "1995", "--alternative", "up"], "--alternative: must be one of"),
    ],
)
def test_errors_are_one_line(args: list[str], needle: str) -> None:
    r = invoke("burden", "test", *args)
    assert r.exit_code == 2
    assert needle in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("rows", "says"),
    [
        ("2,1995,1\n2,1995,2\n", ":3: the GDP table repeats ccode / year values"),
        ("2,1995,-5\n", ":2: gdp: the GDP table has a GDP that is not a positive number: -5"),
        ("20,1995,1\n2,1995,abc\n", ":3: gdp: the GDP table has a GDP that is not a positive"),
        (
            "2,1995,true\n20,1995,TRUE\n",
            ":2: gdp: the GDP table has a GDP that is not a number: "
            "'true' (data row 1); true and false are not numbers",
        ),
        ("true,1995,1\n", ":2: ccode: the GDP table has a ccode that is not a number: 'true'"),
    ],
)
def test_a_bad_gdp_table_names_its_line(
    sipri_path: Path, tmp_path: Path, rows: str, says: str
) -> None:
    """``--gdp`` with a repeated row counted the U.S. twice (17 NATO members in 1995); a
    negative or non-numeric GDP was replaced by SIPRI's without a word; a column of ``true``
    was read as GDPs of 1 (pandas types it as booleans), a ccode of ``true`` as the code 1."""
    gdp = tmp_path / "g.csv"
    gdp.write_text("ccode,year,gdp\n" + rows, encoding="utf-8")
    r = invoke("burden", "test", "--year", "1995", "--sipri", str(sipri_path), "--gdp", str(gdp))
    assert r.exit_code == 2, r.output
    assert r.stderr.strip().startswith(f"error: {gdp}{says}"), r.stderr
    assert "Traceback" not in r.output and len(r.stderr.strip().splitlines()) == 1


def test_control_without_population(sipri_path: Path) -> None:
    r = invoke("burden", "test", "--year", "1995", "--control", "gdp_per_capita", "--sipri",
               str(sipri_path))  # fmt: skip
    assert r.exit_code == 2 and "needs population" in r.stderr


def test_the_command_to_add_missing_data_is_a_command(sipri_path: Path) -> None:
    """The error without SIPRI data (or NMC for a population control) quotes the command to run
    in backticks; the quote held the file's description too, so a copied command ended in
    '(the SIPRI workbook, from https://...)', a shell syntax error. The quote is the command
    alone, the description follows it."""
    import re
    import shlex

    missing = invoke("burden", "test", "--year", "1995").stderr
    population = invoke(
        "burden", "test", "--year", "1995", "--control", "gdp_per_capita", "--sipri",
        str(sipri_path),
    ).stderr  # fmt: skip
    for err, file in ((missing, "SIPRI-Milex"), (population, "NMC-60-abridged.csv")):
        quoted = re.findall(r"`([^`]*)`", err)
        assert len(quoted) == 1, err
        words = shlex.split(quoted[0])
        assert words[:3] == ["anpo", "data", "add"] and len(words) == 4, quoted
        assert words[3].startswith(file), quoted
        assert "https://" in err.split("`")[-1], err  # where to download it, after the command


def test_damaged_workbook_end_to_end(tmp_path: Path) -> None:
    """End to end (a real process): a damaged workbook is one line on stderr, exit 2, and the
    file is left as it was."""
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    r = run_anpo("burden", "test", "--year", "1995", "--sipri", str(bad),
                 env={"ANPO_HOME": str(tmp_path / "home")})  # fmt: skip
    assert r.returncode == 2
    assert "broken.xlsx" in r.stderr and "Traceback" not in r.stderr
    assert bad.read_bytes() == b"PK\x03\x04 not really a zip"


def test_members_json() -> None:
    r = invoke("burden", "members", "--alliance", "nato", "--year", "1982", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert len(out["members"]) == 16 and out["members"][-1]["country"] == "Spain"


def test_members_of_a_future_year_say_the_table_cannot_know_them() -> None:
    """NATO's members in 2100 were printed as today's without a word. The table records
    accessions up to Sweden's, 7 March 2024 (NATO, 'NATO member countries'); a later year is
    said to be after the list's as-of year (2024, [state-cda2024]; not "the future", which
    missed 2025 and 2026), naming that last change (stderr, once; JSON ``note``); a past year
    has no note."""
    for year in ("2025", "2100"):
        r = invoke("burden", "members", "--year", year)
        assert r.exit_code == 0, r.output
        assert (
            f"note: {year} is after 2024" in r.stderr
            and "(Sweden's accession, 2024-03-07)" in r.stderr
        )
        assert r.stderr.count("2024-03-07") == 1 and "DataWarning" not in r.stderr
    out = json.loads(invoke("burden", "members", "--year", "2100", "--json").stdout)
    assert "(Sweden's accession, 2024-03-07)" in out["note"]
    past = invoke("burden", "members", "--year", "1982")
    assert "note:" not in past.stderr
    assert (
        json.loads(invoke("burden", "members", "--year", "1982", "--json").stdout)["note"] is None
    )


def test_members_dates_are_entry_into_force_and_say_so() -> None:
    """../shared/reference/burden.md dates the U.S. alliances in Asia by signature: U.S.-Japan
    1951, U.S.-Philippines 1951, ANZUS 1951. anpo counts a member from entry into force (State
    Department, 'U.S. Collective Defense Arrangements': the Security Treaty, signed 8 September
    1951, in force 28 April 1952), so ``--year 1951`` is refused; the refusal said only 'did not
    exist in 1951 (first year 1952)' and the table's 'joined' column did not say which date it
    is. Both now name the convention."""
    r = invoke("burden", "members", "--alliance", "us_asia", "--year", "1951")
    assert r.exit_code == 2
    err = " ".join(r.stderr.split())
    assert "no treaty of it was in force before 1952" in err
    assert "entry into force, not signature" in err
    ok = invoke("burden", "members", "--alliance", "us_asia", "--year", "1952")
    assert ok.exit_code == 0, ok.output
    out = " ".join(ok.stdout.split())
    assert "1952-04-28" in out
    assert "joined: the day the treaty or accession entered into force for the member" in out
    assert "a member in 1952: in force on at least one day of it" in out
    end = invoke("burden", "members", "--year", "1982", "--rule", "year_end")
    assert "a member in 1982: in force on 31 December 1982" in " ".join(end.stdout.split())


def test_japan_json_without_data() -> None:
    """Japan's facts need no data: every fiscal year from FY1978 (missing ones with the reason),
    the figures with their sources, the DoD benchmarks and the generated reading; the reading
    says the exploitation test was not run."""
    r = invoke("burden", "japan", "--json")
    assert r.exit_code == 0, r.output
    j = json.loads(r.stdout)
    years = {row["fy"]: row for row in j["hns_by_fiscal_year"]}
    assert years[2001]["hns_bn_yen"] == 257.3 and years[2001]["settled_bn_yen"] == 247.529
    assert years[1980]["hns_bn_yen"] is None and "no public HNS figure" in years[1980]["missing"]
    assert all(row["source"] for row in j["hns_figures"])
    assert j["alternative"] == "two-sided"
    assert "¥257.3 bn in FY2001" in j["reading"]["answer"]
    assert any("exploitation test was not run" in s for s in j["reading"]["not_show"])
    assert "H.10" in j["fx"] and "deflator" in j["deflator"]
    assert j["sipri"] is None


@pytest.mark.slow
def test_japan_human_with_data(sipri_path: Path) -> None:
    r = invoke("burden", "japan", "--sipri", str(sipri_path), "--year", "2002")
    assert r.exit_code == 0, r.output
    out = " ".join(r.stdout.split())
    assert "host-nation support" in out and "FY2002" in out
    assert "never significant at 5% in 70 years" in out
    assert "From 1999 on, only 15 of NATO's 19 members have figures in the SIPRI excerpt" in out


def test_japan_tables_define_their_columns_and_keep_the_sources_precision() -> None:
    """What each number in ``anpo burden japan`` means: the HNS 'of GDP' is of the government's
    original GDP estimate for the fiscal year and 'of defense' of the defense-related budget
    that contains it (Defense of Japan 2007 and 2016, reference tables [mod-japan2007]); the
    DoD's offset is of U.S. stationing costs without military pay [dod2004]. The DoD's 1998
    figures are direct support only (Japan US$2.88 bn) and were shown as a row of dashes; an
    offset relayed as '76 percent' (CRS 94-515) was printed '76.0 %' as if to a tenth, while
    the 2004 report's 74.5 % keeps its digit."""
    r = invoke("burden", "japan")
    assert r.exit_code == 0, r.output
    out = " ".join(r.stdout.split())
    assert "of GDP: of the government's original nominal GDP estimate for the fiscal year" in out
    # which figure the three are of: FY1996 has a settled figure (¥274 bn) and no budget one,
    # and its US$ and shares are '–', which the legend did not explain
    assert "US$ bn, of GDP and of defense: the budget figure's ('–' in a year with a settled" in out
    fy1996 = next(ln for ln in r.stdout.splitlines() if ln.startswith("│      1996 │"))
    assert [c.strip() for c in fy1996.split("│")[2:8]] == ["–", "–", "273.7", "–", "–", "–"], fy1996
    assert "defense-related budget, which already contains the support" in out
    assert "of which direct" in out and "2.88" in out
    assert "the 1998 figures are direct support only" in out  # from the rows, not typed in
    assert "about 76%" in out and "74.5%" in out and "76.0%" not in out
    assert "U.S. stationing costs excluding U.S. military pay" in out


@pytest.mark.parametrize(
    ("fy", "printed"),
    [(1999, "275.6"), (2000, "260.3"), (2003, "246"), (2010, "188.1"), (2015, "189.9"),
     (2021, "201.7")],
)  # fmt: skip
def test_japan_table_prints_the_budget_to_the_sources_tenth(fy: int, printed: str) -> None:
    """Japan's host-nation support in billion yen as the sources print it, to 0.1 bn yen
    (../shared/reference/burden.md: FY1999 about 275.6, the peak (Nikkei 2021); FY2000 260.3 (The
    Japan Times, 23 March 2000); FY2003 246.0; FY2010 188.1 (Defense of Japan 2010; MOFA, Host
    Nation Support); FY2015 189.9 (Ministry of Defense, USFJ-related costs, FY2015 budget); FY2021
    201.7 (MOFA, 16 December 2021)). The table gave three significant digits: '276', '260',
    '188', '190' and '202', each a digit short of its source and 0.1-0.4 bn yen off it."""
    r = invoke("burden", "japan")
    assert r.exit_code == 0, r.output
    row = next(ln for ln in r.stdout.splitlines() if ln.startswith(f"│      {fy} │"))
    assert row.split("│")[2].strip() == printed, row


def test_japan_table_says_where_it_cuts_a_source() -> None:
    """The host-nation support table shows the first 60 characters of each figure's source;
    it cut them silently (mid-word, 'Ministry to review U.S. base funding', 27') and now ends a
    cut source with '…' and says where the full text is."""
    r = invoke("burden", "japan")
    assert r.exit_code == 0, r.output
    out = " ".join(r.stdout.split())
    assert "…" in r.stdout
    assert "`--json` gives every source in full" in out


def test_japan_table_gives_the_source_of_every_spent_figure() -> None:
    """Read in an acceptance walk: the 'spent' column (settled accounts, Board of Audit of
    Japan, April 2018, Fig. 5 [boa-japan2018]) had no source in the table: FY1996, with a
    settled figure only, showed 274 beside an empty source cell, and the Board of Audit never
    appeared. Each row now names its budget figure's source and its settled figure's; the JSON
    has the settled figure's source in full."""
    r = invoke("burden", "japan")
    assert r.exit_code == 0, r.output
    rows = r.stdout.split("│      1996 │", 1)[1].split("│      1997 │", 1)
    assert "spent: Board of Audit" in rows[0]
    fy1997 = rows[1].split("│      1998 │", 1)[0]
    assert "budget: The Japan Times" in fy1997 and "spent: Board of Audit" in fy1997
    fy2003 = r.stdout.split("│      2003 │", 1)[1].split("│      2004 │", 1)[0]
    assert "spent:" not in fy2003 and "budget:" not in fy2003  # no settled figure, no label
    assert "after 'spent:' of the settled one" in " ".join(r.stdout.split())
    j = json.loads(invoke("burden", "japan", "--json").stdout)
    years = {row["fy"]: row for row in j["hns_by_fiscal_year"]}
    assert years[1996]["settled_source"].startswith("Board of Audit of Japan")
    assert years[1996]["source"] == "" and years[2003]["settled_source"] == ""


def test_japan_year_without_a_figure_is_said() -> None:
    """Read in an acceptance walk: ``--year 1985`` answered for FY2022 with a note on stderr only,
    and the JSON did not record the year asked against the year read; for FY1996, which has a
    settled figure (Board of Audit of Japan, April 2018, Fig. 5 [boa-japan2018]) but no budget
    figure, the note said 'no host-nation support figure'. The answer now says first that the
    year has none and which year it reads (the nearest with a budget figure: FY1978 for 1985,
    FY1997 for 1996), in the text and the JSON (``year_asked``, ``year_used``)."""
    r = invoke("burden", "japan", "--json", "--year", "1985")
    assert r.exit_code == 0, r.output
    j = json.loads(r.stdout)
    assert (j["year_asked"], j["year_used"]) == (1985, 1978)
    # seven years away: no figure near FY1985, and FY1978's is no estimate for it (review9 F2)
    assert j["reading"]["answer"].startswith(
        "No host-nation support figure within 2 fiscal years of FY1985 in anpo's sources: the "
        "nearest is FY1978, 7 years earlier and the programme's first year. This reading reads "
        "FY1978's figure, which is not an estimate for FY1985."
    )
    assert "FY2022" not in j["reading"]["answer"]
    text = " ".join(invoke("burden", "japan", "--year", "1985").stdout.split())
    assert "Answer: No host-nation support figure within 2 fiscal years of FY1985" in text
    settled_only = json.loads(invoke("burden", "japan", "--json", "--year", "1996").stdout)
    assert (settled_only["year_asked"], settled_only["year_used"]) == (1996, 1997)
    answer = settled_only["reading"]["answer"]
    assert answer.startswith("FY1996 has no host-nation support budget figure")
    assert "only its settled accounts (¥273.7 bn spent)" in answer
    assert "no host-nation support figure" not in answer.lower()
    assert "was about ¥273.8 bn in FY1997" in answer  # FY1997's figure is approximate
    ok = invoke("burden", "japan", "--json", "--year", "2001")
    j = json.loads(ok.stdout)
    assert (j["year_asked"], j["year_used"]) == (2001, 2001)
    assert j["reading"]["answer"].startswith("Japan's host-nation support was ¥257.3 bn")


def test_japan_bad_facts_file(tmp_path: Path) -> None:
    bad = tmp_path / "facts.toml"
    bad.write_text("schema = 2\n[hns]\nunit = 'x'\n", encoding="utf-8")
    r = invoke("burden", "japan", "--facts", str(bad))
    assert r.exit_code == 2
    # one error line, the file's other problems listed under it, indented (audit32)
    first, *others = r.stderr.strip().splitlines()
    assert "facts.toml" in first and others and all(o.startswith("  ") for o in others)


def test_nash() -> None:
    r = invoke("burden", "nash", "--income", "30,28,25,3", "--a", "0.3", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["total"] == pytest.approx(83 / 8, rel=1e-6)
    assert out["closed_form_total"] == pytest.approx(83 / 8)
    r = invoke("burden", "nash", "--income", "1,x")
    assert r.exit_code == 2 and r.stderr.startswith("error: --income: must be numbers")
    # the flag at fault is named: a negative --b was reported as --a
    r = invoke("burden", "nash", "--income", "1,2", "--b", "-1")
    assert r.exit_code == 2 and r.stderr.startswith("error: --b: need a > 0, b >= 0")
    r = invoke("burden", "nash", "--income", "1,2", "--a", "1")
    assert r.exit_code == 2 and r.stderr.startswith("error: --a: need a > 0, b >= 0")
    # --b of 1 or more is --b's fault whatever --a is (it was reported as --a), and a sum of
    # two values each in range is both flags'; the values are said
    r = invoke("burden", "nash", "--income", "1,2", "--b", "2")
    assert r.exit_code == 2
    assert r.stderr.strip() == "error: --b: need a > 0, b >= 0 and a + b < 1; got a = 0.2, b = 2"
    r = invoke("burden", "nash", "--income", "1,2", "--a", "0.6", "--b", "0.5")
    assert r.exit_code == 2 and r.stderr.startswith("error: --a/--b: need a > 0"), r.stderr


def test_nash_joint_product_closed_form_is_given_or_said_missing() -> None:
    """``anpo burden nash --b > 0``: the joint product's closed form exists for identical
    allies only ([cornes1984]: ``q = (a/n + b) I / (c + a/n + b)``, so three allies of income
    50 with a = 0.15, b = 0.05, c = 0.8 give Q = 3 q = 3 * 50 * 0.1 / 0.9 = 16.67); with unequal
    incomes there is none, and the null says why. Before, --json gave a bare null in both cases
    and the table said nothing."""
    r = invoke("burden", "nash", "--income", "50,50,50", "--a", "0.15", "--b", "0.05", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    q = (0.15 / 3 + 0.05) * 50 / (0.8 + 0.15 / 3 + 0.05)
    assert out["closed_form_total"] == pytest.approx(3 * q, rel=1e-12)
    assert out["total"] == pytest.approx(out["closed_form_total"], rel=1e-6)
    assert out["closed_form_reason"] is None
    r = invoke("burden", "nash", "--income", "100,50", "--a", "0.15", "--b", "0.05", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["closed_form_total"] is None
    assert "identical allies only" in out["closed_form_reason"]
    r = invoke("burden", "nash", "--income", "100,50", "--a", "0.15", "--b", "0.05")
    assert r.exit_code == 0, r.output
    assert "no closed form" in " ".join(r.stdout.split())


@pytest.mark.parametrize(("income", "entry"), [("1,,2", "entry 2 of 3"), ("1,2,", "entry 3 of 3")])
def test_nash_empty_income_entry_is_refused(income: str, entry: str) -> None:
    """An empty entry in --income is an ally without an income: "1,,2" was solved for two
    allies, silently one fewer than written; refused, naming the flag and the entry."""
    r = invoke("burden", "nash", "--income", income, "--json")
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith(f"error: --income: {entry} is empty; give one income per ally")


@pytest.mark.parametrize(
    ("income", "says"),
    [
        ("1,x,,2", "must be numbers separated by commas"),
        ("1,,x", "entry 2 of 3 is empty"),
        (" ", "must be 1 to 1,000 positive"),
    ],
)
def test_nash_income_names_its_first_fault(income: str, says: str) -> None:
    """The entries of --income are read in one pass, so the fault named is the first one
    written: a word before an empty entry is the word's fault (the empty entry was named first,
    from a pass of its own); an empty entry before a word is the entry's; a blank --income holds
    no income. The flag is named once (it read "--income: --income must be")."""
    r = invoke("burden", "nash", "--income", income)
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith("error: --income: " + says), r.stderr
    assert r.stderr.count("--income") == 1, r.stderr


def test_shares(sipri_path: Path) -> None:
    r = invoke("burden", "shares", "--year", "1964", "--sipri", str(sipri_path), "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["shares"][0]["country"] == "United States"
    assert out["excluded"] == ["Iceland"]


def test_shares_ratio_near_one_is_not_printed_as_one(sipri_path: Path) -> None:
    """The caption reads "above 1 = more than its economic weight" [dod2004: 'share of NATO
    defense spending' against 'share of NATO GDP']; in 1949 the United States' shares in the
    SIPRI excerpt are 99.5% and 99.1%, a ratio of 1.004 that printed "1" (three significant
    figures), so a reader could not tell it was above 1. The JSON carries the ratio itself."""
    r = invoke("burden", "shares", "--year", "1949", "--sipri", str(sipri_path))
    assert r.exit_code == 0, r.output
    row = next(line for line in r.stdout.splitlines() if "United States" in line)
    ratio = json.loads(
        invoke("burden", "shares", "--year", "1949", "--sipri", str(sipri_path), "--json").stdout
    )["shares"][0]["ratio"]
    assert 1.0 < ratio < 1.01
    shown = row.split()[-2]
    assert shown == f"{ratio:.3f}" and float(shown) != 1.0, row


def test_shares_say_what_they_are_shares_of(sipri_path: Path) -> None:
    """A share means nothing without its denominator and currency (DoD, Report on Allied
    Contributions to the Common Defense: 'share of NATO defense spending' against 'share of
    NATO GDP' [dod2004]). In 2001 the SIPRI excerpt has figures for 15 of NATO's 19 members,
    so the shares are of those 15, in current US$ at market exchange rates, and the table says
    so; shares print as percentages (Luxembourg's was '2.94e-4')."""
    r = invoke("burden", "shares", "--year", "2001", "--sipri", str(sipri_path))
    assert r.exit_code == 0, r.output
    text = " ".join(r.stdout.split())
    assert "Shares of the 15 members with both figures (15 of 19 members in 2001)" in text
    assert "current prices and market exchange rates" in text
    assert "e-4" not in text and "%" in text
    assert "excluded (no data, not zero): Czech Republic, Hungary, Iceland, Poland" in text
    # the GDP column is the member's share of the alliance's GDP, not its own GDP's share
    # (military expenditure as a share of GDP, the burden): labelled so
    header = " ".join(r.stdout.split("United States")[0].split())
    assert "share of alliance GDP" in header and "share of alliance milex" in header
    assert "| share of GDP" not in r.stdout and "│ share of GDP" not in r.stdout
    assert "ratio = share of the alliance's spending / share of the alliance's GDP" in text
    out = json.loads(
        invoke("burden", "shares", "--year", "2001", "--sipri", str(sipri_path), "--json").stdout
    )
    assert "15 of 19 members" in out["basis"]
    assert sum(rec["share_of_milex"] for rec in out["shares"]) == pytest.approx(1.0)


def test_kendall_on_request(sipri_path: Path) -> None:
    """``--statistic kendall``: Kendall's tau-b ([kendall1945]) as a robustness check of
    [olson1966], Table 1 (NATO 1964): the column is headed tau, the p-value is exact (no ties
    among 14 allies), df is not shown (the t rule belongs to rho) and the alternative reads
    tau != 0 (tau > 0 with --alternative greater); with --control it is a one-line error."""
    r = invoke(
        "burden", "test", "--year", "1964", "--sipri", str(sipri_path), "--statistic", "kendall"
    )
    assert r.exit_code == 0, r.output
    text = " ".join(r.stdout.split())
    assert "Exploitation test (Kendall)" in text and "tau" in text and "0.429" in text
    assert "exact" in text and "alternative tau != 0" in text
    js = invoke(
        "burden", "test", "--year", "1964", "--sipri", str(sipri_path), "--statistic", "kendall",
        "--alternative", "greater", "--json",
    )  # fmt: skip
    out = json.loads(js.stdout)
    assert out["statistic"] == "kendall" and "Kendall" in out["model"]
    assert (
        out["alternative_description"]
        == "one-sided, alternative tau > 0, the exploitation hypothesis"
    )
    assert out["results"][0]["rho"] == pytest.approx(39 / 91)
    bad = invoke(
        "burden", "test", "--year", "1964", "--sipri", str(sipri_path), "--statistic", "kendall",
        "-c", "gdp_per_capita",
    )  # fmt: skip
    assert bad.exit_code == 2 and "simple test only" in bad.output


def test_year_outside_data_is_an_error(sipri_path: Path) -> None:
    r = invoke("burden", "test", "--year", "2030", "--sipri", str(sipri_path))
    assert r.exit_code == 2
    assert "2030: no data: the data cover 1948-2023" in " ".join(r.stderr.split())


def test_years_beyond_the_data_are_named_as_one_run(sipri_path: Path) -> None:
    """Years past the SIPRI excerpt (1948-2023) share one reason, so the refusal names them as
    one run ('2030-2040: no data: ...'), not the reason once per year: the status carries no
    year (each JSON row has its own ``year``), so years with the same reason group."""
    r = invoke("burden", "test", "--year", "2030-2040", "--sipri", str(sipri_path))
    assert r.exit_code == 2, r.output
    text = " ".join(r.stderr.split())
    assert "2030-2040: no data: the data cover 1948-2023" in text
    assert text.count("no data") == 1


@pytest.mark.parametrize(
    "flag, text, line, needle",
    [
        (
            "--gdp",
            "ccode,year,gdp\n2,1985,5\n\n20,x,5\n",
            4,
            "year: the GDP table has a year that is not a whole",
        ),
        (
            "--controls-csv",
            "ccode,year,e\n2,x,5\n",
            2,
            "year: the controls table has a year that is not a whole",
        ),
        (
            "--controls-csv",
            "ccode,year,e\n2,1985,5\n2,1985,6\n",
            3,
            "repeats ccode / year values (ccode 2, year 1985 again in data row 2)",
        ),
        (
            "--gdp",
            "ccode,year,gdp\n\n2,1985,5\n   \n\n20,1985,-1\n",
            6,
            "gdp: the GDP table has a GDP that is not a positive number: -1 (data row 2)",
        ),
        (
            "--gdp",
            'ccode,year,gdp\n\n2,1985,"5\n"\n\n2,1985,6\n',
            6,
            "repeats ccode / year values (ccode 2, year 1985 again in data row 2)",
        ),
        (
            "--controls-csv",
            "ccode,year,e\n2,1985,5\n\n2,1985,6\n",
            4,
            "repeats ccode / year values (ccode 2, year 1985 again in data row 2)",
        ),
        (
            "--gdp",
            "ccode,year,gdp\n2,1985,5\n\n20,1985,1e400\n",
            4,
            "gdp: the GDP table has a GDP that is not a finite number: '1e400' (data row 2)",
        ),
        (
            "--gdp",
            "ccode,year,gdp\n2,1985,5\n20,1985,-Infinity\n",
            3,
            "gdp: the GDP table has a GDP that is not a finite number: '-Infinity' (data row 2)",
        ),
        (
            "--gdp",
            "ccode,year,gdp\n1E400,1985,5\n",
            2,
            "ccode: the GDP table has a ccode that is not a finite number: '1E400' (data row 1)",
        ),
        (
            "--gdp",
            "ccode,year,gdp\n2, 1e400 ,5\n",
            2,
            "year: the GDP table has a year that is not a finite number: '1e400' (data row 1)",
        ),
        (
            "--controls-csv",
            "CCode,Year,Exposed\n2,1985,1\n20,1985,1e999\n",
            3,
            "Exposed: the controls table has a value of Exposed that is not a finite number: '1e999' "
            "(data row 2)",
        ),
        (
            "--controls-csv",
            "ccode,e\n2,1\n20,1\n-1e400,1\n",
            4,
            "ccode: the controls table has a ccode that is not a finite number: '-1e400' "
            "(data row 3)",
        ),
    ],
)
def test_user_table_errors_name_the_file_and_its_own_line(
    sipri_path: Path, tmp_path: Path, flag: str, text: str, line: int, needle: str
) -> None:
    """An error in a user's GDP or controls table names the file and the line the bad row is
    on in it, in one line, as the data loaders say it (:func:`anpo.data._io.convert_columns`):

    - fuzzing: a table with a year 'x' said "error: --year: the GDP table has a year that is
      not a whole number" (the file's column named as the --year flag, no file); a repeated
      ccode/year named neither the file nor the row;
    - blank lines (which the CSV reader skips) and a quoted cell spanning two lines before the
      bad row: the line in the file, not the data row + 2;
    - a money (or code, year, control) cell of ``1e400`` was read as infinity and quoted back
      as ``inf`` ("not a positive number: inf", "a ccode too large to be one: inf"): it is
      "not a finite number", quoting the cell as the file writes it."""
    table = tmp_path / "table.csv"
    table.write_text(text, encoding="utf-8")
    r = invoke("burden", "test", "--year", "1985", "--sipri", str(sipri_path), flag, str(table))
    assert r.exit_code == 2
    said = r.stderr.strip()
    assert said.startswith(f"error: {table}:{line}: ") and needle in said, said
    assert "--year" not in said
    assert "inf " not in said and "inf)" not in said and len(said.splitlines()) == 1


def test_any_column_as_control(sipri_path: Path, tmp_path: Path) -> None:
    """A user column (here a made-up 'exposed_borders' score) held fixed, as in [sandler2000, Table 9]; Iceland has no data and is excluded, not zeroed."""
    table = tmp_path / "borders.csv"
    codes = [2, 20, 211, 390, 220, 260, 350, 325, 212, 210, 385, 235, 640, 200, 230]
    table.write_text(
        "ccode,exposed_borders\n" + "".join(f"{c},{i % 4}\n" for i, c in enumerate(codes)),
        encoding="utf-8",
    )
    r = invoke(
        "burden", "test", "--year", "1985", "--sipri", str(sipri_path), "--controls-csv",
        str(table), "--control", "exposed_borders", "--json",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)["results"][0]
    assert res["n"] == 15 and res["df"] == 12
    assert res["controls"] == ["exposed_borders"]


def test_a_mixed_case_control_name_works(sipri_path: Path, tmp_path: Path) -> None:
    """The controls table is read by the data loaders' reader, which lower-cases the column
    names of a dataset; a user's table keeps them as written, so ``--control Exposed_Borders``
    names its column."""
    table = tmp_path / "borders.csv"
    codes = [2, 20, 211, 390, 220, 260, 350, 325, 212, 210, 385, 235, 640, 200, 230]
    table.write_text(
        "CCode,Exposed_Borders\n" + "".join(f"{c},{i % 4}\n" for i, c in enumerate(codes)),
        encoding="utf-8",
    )
    r = invoke(
        "burden", "test", "--year", "1985", "--sipri", str(sipri_path), "--controls-csv",
        str(table), "--control", "Exposed_Borders", "--json",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)["results"][0]
    assert res["controls"] == ["Exposed_Borders"] and res["n"] == 15


@pytest.mark.parametrize("method", ["permutation", "exact"])
def test_a_method_without_controls_is_refused_before_any_year(method: str) -> None:
    """The permutation and exact methods cover the simple test only: with ``--control`` the
    command refused each year of a range with the same reason, one per year in one line (73
    repeats for 1950-2023); it is now one reason, before any data is read."""
    r = invoke("burden", "test", "--method", method, "--control", "population",
               "--year", "1950-2023")  # fmt: skip
    assert r.exit_code == 2, r.output
    assert r.stderr.count("covers the simple test only") == 1
    assert "--method: " in r.stderr and "method t or auto" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_years_refused_for_one_reason_are_named_as_runs(
    sipri_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When no year of a range can be tested, years refused for the same reason are named once,
    as runs ('1990-1992, 1994: ...'), not the reason repeated after each year."""
    import pandas as pd

    import anpo.burden.panel as panel

    def refused(_panel, years, *_a, **_k):  # type: ignore[no-untyped-def]
        why = {1993: "no members in this year"}
        return pd.DataFrame(
            {"year": list(years), "status": [why.get(y, "not computed: same") for y in years]}
        )

    monkeypatch.setattr(panel, "exploitation_by_year", refused)
    r = invoke("burden", "test", "--year", "1990-1994", "--sipri", str(sipri_path))
    assert r.exit_code == 2, r.output
    assert (
        "no exploitation test could be computed: 1990-1992, 1994: not computed: same; "
        "1993: no members in this year"
    ) in " ".join(r.stderr.split())


@pytest.mark.parametrize("year", ["-1", "1799", "3000"])
def test_japan_year_outside_the_range_the_other_commands_take(year: str) -> None:
    """`anpo burden japan --year` takes 1800-2100 like every other burden command's --year.
    Before, --year -1 ran and noted 'FY-1 has no host-nation support figure', exit 0."""
    res = invoke("burden", "japan", "--year", year, "--no-catalog")
    assert res.exit_code == 2, res.output
    assert "--year" in res.stderr and "FY" not in res.stderr


@pytest.mark.parametrize("command", [("japan",), ("shares", "--year", "1964")])
def test_a_home_without_a_catalog_is_named(tmp_path: Path, command: tuple[str, ...]) -> None:
    """``--home DIR`` where DIR does not exist, or holds no catalog, is an error naming DIR and
    saying which (exit 2), not "SIPRI data are needed" (``burden japan`` went on without them);
    nothing is created there. With ``--no-catalog`` the folder is not looked at."""
    for home, why in (
        (tmp_path / "nowhere", "no catalog here yet: the folder does not exist"),
        (tmp_path, "no catalog here yet (add a dataset with `anpo data add`)"),
    ):
        r = invoke("burden", *command, "--home", str(home))
        assert r.exit_code == 2, r.output
        assert r.stderr.strip().startswith(f"error: {home}: --home: {why}"), r.stderr
    assert list(tmp_path.iterdir()) == []
    r = invoke("burden", "japan", "--home", str(tmp_path / "nowhere"), "--no-catalog", "--json")
    assert r.exit_code == 0, r.output
    assert not (tmp_path / "nowhere").exists()


def test_years_with_too_few_members_name_the_year_flag(sipri_path: Path) -> None:
    """In 1949 the SIPRI workbook has military spending for 2 NATO members and the exploitation
    test needs 4 (Olson & Zeckhauser 1966's rank test over members): the years asked are what
    is wrong, so the message names ``--year`` as it does for a year outside the data (2030)."""
    for year in ("1949", "2030"):
        r = invoke("burden", "test", "--year", year, "--sipri", str(sipri_path))
        assert r.exit_code == 2, r.output
        last = r.stderr.strip().splitlines()[-1]  # 2030 is preceded by a membership warning
        assert last.startswith("error: --year: no exploitation test could be computed"), last


def test_unknown_alliance_lists_each_spelling_once() -> None:
    """The keys first, then the other spellings, without listing both 'us-asian-allies' and
    'us_asian_allies' (both are accepted; the list printed six names for two alliances)."""
    r = invoke("burden", "test", "--alliance", "natoo", "--year", "1995")
    assert r.exit_code == 2, r.output
    assert "known: nato, us_asia (also asia, us-asia, us-asian-allies)" in r.stderr, r.stderr
    assert "us_asian_allies" not in r.stderr
