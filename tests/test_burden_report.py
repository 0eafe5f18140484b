"""The burden-sharing report provider (anpo.burden.report:build)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from anpo.burden.hypothesis import DEFAULT_ALTERNATIVE, describe_alternative
from anpo.burden.reading import ASIA_LABEL, critical_rho
from anpo.burden.report import build
from anpo.burden.stats import p_value_from_r
from anpo.report.build import write_report
from anpo.report.format import fmt_number
from anpo.report.html import table_html
from anpo.report.registry import PROVIDERS
from anpo.report.sections import ReportContext, Section


def _check_section_shape(s: Section) -> None:
    assert s.question and "Soeya" in s.question
    assert s.model and s.assumptions and s.sources
    assert s.answer and s.caveat
    assert len(s.figures) >= 1 and len(s.tables) >= 1
    for fig in s.figures:
        assert fig.svg.lstrip().startswith("<svg")
        assert fig.description and fig.definition
    for tab in [*s.tables, *s.appendix]:
        assert len(tab.frame) > 0
    # small tables only in the page; the full ones go to the appendix
    assert all(len(t.frame) <= 12 for t in s.tables)


def test_registered() -> None:
    assert "anpo.burden.report:build" in PROVIDERS


@pytest.mark.parametrize("home", ["none", "empty"])
def test_without_data_sections_exist_and_say_how_to_fill(tmp_path: Path, home: str) -> None:
    catalog_home = None if home == "none" else tmp_path / "home"
    if catalog_home is not None:
        catalog_home.mkdir()
    sections = build(ReportContext(scenarios=[], catalog_home=catalog_home))
    assert [s.id for s in sections] == ["burden-sharing", "burden-japan"]
    for s in sections:
        _check_section_shape(s)
    assert sections[0].needs_data and not sections[1].needs_data
    text = " ".join(sections[0].notes)
    assert "anpo data add" in text and "SIPRI" in text
    # Japan's typed-in facts are shown without any data, with the reading generated from them
    japan = sections[1]
    seed = japan.tables[0].frame.set_index("fiscal year")
    # the report's one formatter, as the terminal's table (257.3 and 247.529 billion yen, to
    # the 0.1 bn yen the budget sources print and the answer below quotes)
    assert seed.loc["FY2001", "budget (bn yen)"] == "257.3"
    assert seed.loc["FY2001", "spent (bn yen, settled)"] == "247.5"
    assert seed.loc["FY2001", "share of GDP"] == "0.050%"
    assert "¥257.3 bn in FY2001" in japan.answer and "about 75%" in japan.answer
    assert "exploitation test was not run" in " ".join(japan.notes)
    # the facts' line under 'Data used' says what they are, not their file format's version
    # ('anpo's typed-in facts on Japan (schema 2)')
    assert japan.data_vintage[0].startswith("anpo's typed-in facts on Japan, each figure")
    assert not any("schema" in v for v in japan.data_vintage)
    # the figure's description gives the unit of both figures it quotes (the latest had none)
    assert japan.figures[0].description.count("billion yen in FY") == 2
    # two sources count U.S. service members for 2001: both shown, the difference said
    dod = next(t for t in japan.appendix if t.name == "burden-dod-cost-sharing").frame
    dod_2001 = int(dod[(dod.country == "Japan") & (dod.year == 2001)]["us_personnel"].iloc[0])
    by_fy = next(t for t in japan.appendix if t.name == "burden-hns-by-fiscal-year").frame
    dmdc_2001 = int(by_fy.loc[by_fy.fy == 2001, "us_personnel"].iloc[0])
    assert dod_2001 != dmdc_2001
    assert f"{dod_2001:,} in the DoD cost-sharing report against {dmdc_2001:,}" in " ".join(
        japan.notes
    )
    # the caveat counts what it says (no typed-in 'some years' or '2002')
    figs = next(t for t in japan.appendix if t.name == "burden-hns-figures").frame
    n_years = next(t for t in japan.appendix if t.name == "burden-hns-by-fiscal-year").frame
    have = int(n_years["hns_bn_yen"].notna().sum())
    assert f"a public figure for {have} of the {len(n_years)} fiscal years" in japan.caveat
    assert (
        f"{int((~figs['primary'].astype(bool)).sum())} of its {len(figs)} figures" in japan.caveat
    )
    assert "ends with its 2002 data" in japan.caveat
    table = next(t for t in japan.appendix if t.name == "burden-hns-by-fiscal-year")
    hns = table.frame
    assert list(hns["fy"]) == list(range(1978, int(hns["fy"].max()) + 1))
    # the page shows shares as percentages under plain headers (issue 11: no fractions where
    # percentages are meant, no data names); the CSV keeps the fractions and the names
    page = table_html(table, table.title)
    assert "HNS share of GDP" in page and "share_of_gdp" not in page and "Sma labor" not in page
    fy01 = hns.set_index("fy").loc[2001]
    assert f">{fy01['share_of_gdp'] * 100:.3g}%<" in page  # 0.0496%
    assert f">{fy01['share_of_gdp']:.3g}<" not in page
    assert any("Defense of Japan" in src for src in japan.sources)
    assert any("Allied Contributions" in src for src in japan.sources)
    assert {f.question for f in japan.findings} >= {"How large is Japan's host-nation support?"}


def test_seed_years_table_marks_approximate_figures_without_false_decimals(tmp_path: Path) -> None:
    """Read in an acceptance walk: the table 'Host-nation support around the seed's year' printed
    FY2002 as '250.0' (the source, Japan Press Weekly of 7 October 2002, says '250 billion yen';
    the figure is marked approximate and the terminal prints 'about 250') and FY2003 as '246.0'.
    The CSV file keeps the figures as numbers, with their 'approximate' flag."""
    import pandas as pd

    from anpo.burden.japan import hns_measures

    japan = build(ReportContext(scenarios=[], catalog_home=None))[1]
    seed = japan.tables[0].frame.set_index("fiscal year")
    assert seed.loc["FY2002", "budget (bn yen)"] == "about 250"
    assert seed.loc["FY2003", "budget (bn yen)"] == "246"
    cells = " ".join(str(v) for t in japan.tables[:2] for v in t.frame.to_numpy().ravel())
    assert ".0 " not in cells + " " and "about –" not in cells
    assert "about" in japan.tables[0].caption
    bench = japan.tables[1].frame.set_index("country")
    assert bench.loc["South Korea", "support (US$ bn)"] == "about 0.848"
    hns = hns_measures().set_index("fy")
    assert bool(hns.loc[2002, "approximate"]) and not bool(hns.loc[2003, "approximate"])
    out = write_report([japan], tmp_path / "report")
    csv = pd.read_csv(next(out.parent.glob("burden-hns-by-fiscal-year*.csv"))).set_index("fy")
    assert csv.loc[2002, "hns_bn_yen"] == 250 and bool(csv.loc[2002, "approximate"])
    assert csv.loc[2003, "hns_bn_yen"] == 246 and not bool(csv.loc[2003, "approximate"])


def test_seed_years_table_keeps_the_tenth_the_sources_print() -> None:
    """The table 'Host-nation support around the seed's year' (FY1999-2003 for 2001) printed
    Japan's budget to three significant digits: FY1999 '276' and FY2001 '257' where the sources
    print 275.6 (Nikkei 2021; ../shared/reference/burden.md) and 257.3 (The Japan Times, 9
    August 2001), and the settled FY2001 figure ([boa-japan2018], Fig. 5:
    247.529) as '248'. Whole figures stay whole (FY2002 'about 250')."""
    japan = build(ReportContext(scenarios=[], catalog_home=None))[1]
    seed = japan.tables[0].frame.set_index("fiscal year")
    assert seed.loc["FY1999", "budget (bn yen)"] == "275.6"
    assert seed.loc["FY2000", "budget (bn yen)"] == "260.3"
    assert seed.loc["FY2001", "budget (bn yen)"] == "257.3"
    assert seed.loc["FY2001", "spent (bn yen, settled)"] == "247.5"
    assert seed.loc["FY2002", "budget (bn yen)"] == "about 250"
    hns = next(t for t in japan.appendix if t.name == "burden-hns-by-fiscal-year")
    from anpo.report.format import format_frame

    cells = format_frame(hns.frame, hns.kinds).set_index(hns.frame["fy"].astype(int))
    assert cells.loc[1999, "hns_bn_yen"] == "275.6" and cells.loc[2015, "hns_bn_yen"] == "189.9"


def test_damaged_file_is_a_note_not_a_crash(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"garbage")
    sections = build(ReportContext(scenarios=[], options={"burden_sipri": str(bad)}))
    assert any("could not be read" in n and "bad.xlsx" in n for n in sections[0].notes)
    _check_section_shape(sections[0])


@pytest.fixture(scope="module")
def with_data(shared_data: Path) -> list[Section]:
    sipri = shared_data / "sipri" / "SIPRI-Milex-excerpt-1948-2023.xlsx"
    if not sipri.exists():
        pytest.skip("SIPRI excerpt absent")
    return build(ReportContext(scenarios=[], options={"burden_sipri": str(sipri)}))


def test_with_data_every_csv_column_is_defined(with_data: list[Section]) -> None:
    """The column dictionary (``columns.csv``) defined every column of the built-in report's
    CSV files, built without data, but none of the exploitation tests by year
    (``burden-exploitation-by-year``: 'NATO rho', 'Asia excluded (no data, never zero)', ...),
    of the section's summary or of the military expenditure / GDP table, which only SIPRI's
    data produce (closing notes of the previous session, ui31). Each is defined now, the
    test named (Olson & Zeckhauser 1966)."""
    from _support import undefined_csv_columns
    from anpo.report.html import appendix_tables
    from anpo.report.tables import column_definition

    names = {p.csv for s in with_data for p in appendix_tables(s)}
    assert {"burden-exploitation-by-year", "burden-milex-share-of-gdp"} <= names
    assert undefined_csv_columns(with_data) == []
    (table,) = [t for t in with_data[0].appendix if t.name == "burden-exploitation-by-year"]
    rho = column_definition("NATO rho", table.definitions)
    assert "Spearman" in rho and "Olson & Zeckhauser 1966" in rho, rho


def test_with_data_tests_over_time(with_data: list[Section]) -> None:
    """With SIPRI and NMC data the exploitation section is computed (Olson & Zeckhauser
    1966's test over time): its shape, its "Data used" items (no final period: the page ends
    the line), its three figures."""
    s = with_data[0]
    _check_section_shape(s)
    assert not s.needs_data and s.data_vintage
    assert not any(v.endswith(".") for v in s.data_vintage)  # the page ends the line
    assert len(s.figures) == 3  # rho over time, burden vs size, model
    # the test's figure keys only dots it draws: no U.S.-Asia year is significant
    rho = s.figures[0].svg
    assert "NATO: p &lt; 0.05" in rho and f"{ASIA_LABEL}: p &lt; 0.05" not in rho
    # the scatter labels the United States once, though it is in both groups
    scatter = next(f for f in s.figures if f.title.startswith("Defense burden against"))
    assert len(re.findall(r"United States(?! and its treaty allies)", scatter.svg)) == 1
    full = next(t for t in s.appendix if t.name == "burden-exploitation-by-year").frame
    row = full.set_index("year").loc[1964]
    assert row["NATO n"] == 14 and row["NATO rho"] > 0
    # the answer reports the U.S.-Asia result, its power and the excerpt's coverage
    assert "never significant at 5% in 70 years" in s.answer
    assert (
        "From 1999 on, only 15 of NATO's 19 members have figures in the SIPRI excerpt" in s.answer
    )
    assert "4-7" in s.caveat and "does not measure free riding" in s.caveat
    # the one default alternative (two-sided), stated where the p-values are
    assert describe_alternative(DEFAULT_ALTERNATIVE) in s.tables[0].caption
    assert "two-sided" in s.tables[0].caption
    assert {f.number for f in s.findings} >= {"0 of 70 years (1954-2023), p < 0.05"}
    asia = next(f for f in s.findings if "in Asia" in f.question)
    # the test's power, with the finding, at the default alternative
    assert f"must reach {critical_rho(7):.2f}-{critical_rho(4):.2f}" in asia.confidence
    # Olson & Zeckhauser's 1964 reading holds one-sided only: the note computes that p-value
    # from the year's rho and says so ([olson1966, p. 268])
    nato = full.set_index("year").loc[1964]
    one = p_value_from_r(float(nato["NATO rho"]), 12, "greater")
    oz = next(n for n in s.notes if n.startswith("NATO 1964, Olson & Zeckhauser's year"))
    assert f"{fmt_number(one, 'p')} one-sided (rho > 0)" in oz
    assert f"p {fmt_number(float(nato['NATO p']), 'p')} two-sided" in oz
    assert "holds one-sided only" in oz
    assert s.summary is not None and 1964 in set(s.summary["year"])


def test_with_data_japan_reading(with_data: list[Section], tmp_path: Path) -> None:
    s = with_data[1]
    _check_section_shape(s)
    assert len(s.figures) == 3  # HNS over time, parts, comparison
    # the parts figure names the year drawn with the labour total alone (it said FY2007, whose
    # bar is split into SMA and SOFA labour, beside a FY1997 bar with the total alone)
    parts = next(f for f in s.figures if f.title == "What the host-nation support pays for")
    assert "FY1997 gives the labour costs only as one total" in parts.caption
    assert "FY2007" not in parts.caption
    text = " ".join(s.notes)
    assert "never significant at 5% in 70 years" in text
    assert "0 of 70" in s.answer
    # the U.S.-Asia exploitation finding belongs to the previous section: not repeated here
    assert not any("exploitation" in f.question for f in s.findings)
    questions = [f.question for sec in with_data for f in sec.findings]
    assert len(questions) == len(set(questions))
    assert sum("in Asia" in q for q in questions) == 1
    bench = s.tables[1].frame.set_index("country")
    assert bench.loc["Japan", "share of U.S. costs excl. military pay"] == "74.5%"
    assert bench.loc["Germany", "support (US$ bn)"].startswith("about ")
    assert bench.loc["Japan", "share of GDP (SIPRI GDP)"].endswith("%")
    out = tmp_path / "out"
    html = write_report(with_data, out).read_text(encoding="utf-8")
    assert 'id="burden-sharing"' in html and 'id="burden-japan"' in html
    assert (out / "burden-hns-by-fiscal-year.csv").exists()
    assert "Answer." in html and "Caveat." in html


def test_nato_coverage_is_said_once(with_data: list[Section]) -> None:
    """The sentence on which NATO members the SIPRI excerpt covers ('From 1999 on, only 15 of
    NATO's 19 members ...') stood three times: in the burden-sharing section's answer and notes
    and in the Japan section's notes. It is said once, in the burden-sharing section's answer,
    where the tests it qualifies are (and in the NATO finding's confidence, which is read apart
    from the section); the Japan section refers to it."""
    sharing, japan = with_data
    sentence = "From 1999 on, only 15 of NATO's 19 members have figures in the SIPRI excerpt"

    def prose(s: Section) -> list[str]:
        return [s.answer, s.caveat, s.model, *s.notes, *(t.caption for t in s.tables)]

    assert sentence in sharing.answer
    assert sum(sentence in p for s in with_data for p in prose(s)) == 1
    assert not any("From 1999 on" in p for p in prose(japan))
    assert any(
        "The previous section says which of NATO's members the SIPRI excerpt leaves out" in n
        for n in japan.notes
    )


def test_data_used_names_dataset_and_version_as_the_other_sections(
    with_data: list[Section],
) -> None:
    """'Data used' in the two burden sections read 'SIPRI ..., SIPRI 2023 (sha256
    c511680e1db7...)', where every other section names a dataset by its name and version
    ('COW National Material Capabilities 7.0'): the hash stays in the data's provenance, the
    line and the sources name the dataset and its version (the excerpt states no release: the
    years it covers, not its titles' copyright year read as a release, "SIPRI 2023")."""
    for s in with_data:
        assert s.data_vintage
        prose = [*s.data_vintage, *s.sources]
        assert not any("sha256" in p or "..." in p for p in prose), prose
    sipri = with_data[0].data_vintage[0]
    # the shared file is SIPRI-Milex-excerpt-1948-2023.xlsx, 30 countries: the line says it is an
    # excerpt (review8 #1: it named the whole database)
    assert sipri == "SIPRI Military Expenditure Database 1948-2023 (an excerpt: 30 countries)"
    assert sipri in with_data[1].data_vintage
    assert "Data: " + sipri + "." in with_data[0].sources


def test_data_used_says_excerpt_only_for_an_excerpt() -> None:
    """The 'Data used' line's excerpt clause is computed from the data (the file or dataset
    names an excerpt; the countries counted), not typed for the shared file: a full workbook's
    line names the database alone."""
    import pandas as pd

    from anpo.burden import report

    frame = pd.DataFrame({"country": ["Japan", "Germany", "Japan", "Italy"]})
    frame.attrs["source"] = {
        "dataset": "SIPRI Military Expenditure Database",
        "version": "1949-2024",
        "path": "/data/SIPRI-Milex-data-1949-2024.xlsx",
    }
    full = report._source_line(frame, "SIPRI", sipri=True)
    assert full == "SIPRI Military Expenditure Database 1949-2024."
    frame.attrs["source"]["path"] = "/data/my-sipri-excerpt.xlsx"
    part = report._source_line(frame, "SIPRI", sipri=True)
    assert part == "SIPRI Military Expenditure Database 1949-2024 (an excerpt: 3 countries)."
    # another dataset is never called a SIPRI excerpt
    assert report._source_line(frame, "COW NMC") == "SIPRI Military Expenditure Database 1949-2024."


def test_milex_comparison_table_defines_its_nato_columns(with_data: list[Section]) -> None:
    """'NATO average' and 'NATO aggregate' are different measures (Sandler & Hartley 1999,
    ch. 3 [sandler1999]: the unweighted mean of the allies' burdens against the alliance's
    total spending / total GDP, which the United States dominates), and both cover only the
    members with SIPRI figures (15 of 31 in 2023 in the excerpt). The page table used to drop
    the coverage column and define neither; the caption and the column now say it."""
    japan = with_data[1]
    t = next(t for t in japan.tables if t.title.startswith("Military expenditure / GDP"))
    assert "unweighted mean" in t.caption and "total military expenditure / their total GDP" in (
        t.caption
    )
    row = t.frame.set_index("year").loc[2023]
    assert row["NATO members with data"] == "15"
    assert row["NATO aggregate"] != row["NATO average"]


def test_appendix_cells_read_as_the_sections_tables(with_data: list[Section]) -> None:
    """Read in the built report: the appendix of exploitation tests printed p '1.66e-5' (the
    prose and the key years give p-values as '< 0.0001' and decimals) and 'skipped: 2 member(s)
    with data'; the SIPRI shares' preview printed fractions (0.0207) beside the section's table
    of the same shares in percent. The CSV files keep the computed values."""
    from anpo.report.format import format_frame

    sharing, japan = with_data
    tests = next(t for t in sharing.appendix if t.name == "burden-exploitation-by-year")
    shown = format_frame(tests.frame, tests.kinds)
    p_cells = {str(v) for c in ("NATO p", "Asia p") for v in shown[c]}
    assert "< 0.0001" in p_cells and not any("e-" in v for v in p_cells), p_cells
    assert (tests.frame["NATO p"].dropna() < 1e-4).any()  # the CSV keeps the number itself
    status = " ".join(str(v) for v in tests.frame["NATO status"])
    assert "(s)" not in status and "skipped: 2 members with data" in status
    # the key years' table reads as the appendix does for the same years (it had its own
    # fixed decimals: '0.010' beside the appendix's '0.01', a p below 1e-4 as '0.000')
    key = next(t for t in sharing.tables if t.title == "Exploitation tests in key years")
    by_year = shown.set_index(tests.frame["year"].astype(int))
    for rec in key.frame.to_dict(orient="records"):
        for c in ("NATO p", "Asia p", "NATO rho", "Asia rho"):
            if c in rec:
                assert rec[c] == by_year.loc[int(rec["year"]), c], (rec["year"], c, rec[c])
    milex = next(t for t in japan.appendix if t.name == "burden-milex-share-of-gdp")
    cells = format_frame(milex.frame, milex.kinds).set_index(milex.frame["year"].astype(int))
    assert cells.loc[2001, "Japan"].endswith("%") and cells.loc[2001, "NATO members with data"] == (
        "15"
    )
    assert float(milex.frame.set_index("year").loc[2001, "Japan"]) < 0.1  # a fraction in the CSV
    assert "fractions" in milex.caption


@pytest.mark.slow
def test_capability_data_alone_is_not_asked_for_again_nor_called_used(
    shared_data: Path, anpo_home: Path
) -> None:
    """Read in the report built with the data catalog of the relations and alignment sections
    (COW NMC 7.0 in it, no SIPRI workbook): the burden section told the reader to add NMC 'for
    GDP-per-head controls' and listed NMC as data used, although nothing was computed from it.
    The model table also printed 16 % where its figure's description said 15.5 %."""
    from typer.testing import CliRunner

    import anpo.cli

    nmc = shared_data / "peacesciencer" / "cow_nmc.csv"
    if not nmc.exists():
        pytest.skip("peacesciencer NMC file absent")
    result = CliRunner().invoke(anpo.cli.app, ["data", "add", str(nmc)])
    assert result.exit_code == 0, result.output
    sharing = build(ReportContext(scenarios=[], catalog_home=anpo_home))[0]
    note = " ".join(sharing.notes)
    assert sharing.needs_data and "SIPRI" in note
    assert "GDP-per-head controls" not in note and "NMC" not in note
    assert sharing.data_vintage == []
    model = sharing.tables[0].frame
    joint = model["burden, joint product"].tolist()
    desc = sharing.figures[0].description
    assert f"from {min(joint, key=lambda t: float(t.rstrip('%')))} to" in desc
    assert model["burden, pure public good"].iloc[0] == "20.0%" and "20.0%" in desc


def _off_palette(svg: str) -> set[str]:
    from anpo.report.figures import _COLOR, PALETTE, _is_grey

    ok = {c.upper() for c in PALETTE}
    return {c.upper() for c in _COLOR.findall(svg) if not _is_grey(c)} - ok


def test_japan_figures_draw_with_the_report_palette(tmp_path: Path) -> None:
    """The report's figures take their series colours from the Okabe-Ito palette
    ([okabe2008]; ``anpo.report.figures.PALETTE``); the host-nation support figures used
    matplotlib's ``tab:`` colours (red against green for two of their series)."""
    japan = build(ReportContext(scenarios=[], catalog_home=None))[1]
    assert len(japan.figures) >= 2
    for fig in japan.figures:
        assert not _off_palette(fig.svg), fig.title


def test_data_figures_draw_with_the_report_palette(with_data: list[Section]) -> None:
    """As above for the exploitation-test figures drawn from the SIPRI data ([okabe2008])."""
    for fig in with_data[0].figures:
        assert not _off_palette(fig.svg), fig.title


def test_period_note_reads_its_periods_and_significance_level(monkeypatch) -> None:
    """The NATO period note names the periods and counts significance at the level it is
    computed with (it typed '1966', '1968-1990', '2010' and 'p < 0.05' beside the filters)."""
    import pandas as pd

    from anpo.burden import report

    ok = pd.DataFrame(
        {"year": [1960, 1966, 1970, 2012], "rho": [0.5, 0.4, 0.1, 0.3], "p_value": [0.01] * 4}
    )
    assert "up to 1966 (2 of 2 years significant)" in report._nato_periods_note(ok)
    monkeypatch.setattr(report, "FLEXIBLE_RESPONSE", 1964)
    monkeypatch.setattr(report, "_RENEWED", 2011)
    monkeypatch.setattr(report, "ALPHA", 0.005)
    note = report._nato_periods_note(ok)
    assert note.startswith(
        "NATO, over the members with data: mean rho 0.50 up to 1963 (0 of 1 years significant), "
        "0.25 in 1965-1990 (0 of 2), 0.30 since 2011 (0 of 1); 1964, the year of the change, is "
        "in neither period."
    )
    assert "flexible response (1964)" in note and "renewed evidence from 2011." in note


def test_figures_name_the_parameters_they_are_drawn_with(monkeypatch) -> None:
    """The model figure's legend reads its Cobb-Douglas weights (it typed 'a = 0.2'), the rho
    figure's caption and legend the significance level of its dots (it typed 'p < 0.05')."""
    import pandas as pd

    from anpo.burden import report

    monkeypatch.setattr(report, "_PURE_AB", (0.3, 0.0))
    svg = report._model_figure().svg
    assert "a = 0.3" in svg and "a = 0.2" not in svg
    monkeypatch.setattr(report, "ALPHA", 0.01)
    res = pd.DataFrame(
        {
            "year": [1960, 1961],
            "rho": [0.5, 0.6],
            "p_value": [0.001, 0.2],
            "status": ["ok"] * 2,
            "n": [9, 9],
        }
    )
    fig = report._rho_figure({"nato": res}, DEFAULT_ALTERNATIVE)
    assert "dots mark p < 0.01" in fig.caption, fig.caption
    assert "NATO: p &lt; 0.01" in fig.svg


def test_hns_table_title_starts_at_the_first_fiscal_year_of_the_facts(monkeypatch) -> None:
    """The appendix table's title names the first fiscal year of the table it heads (it typed
    'FY1978'): facts starting later give a later year."""
    from anpo.burden import japan, report

    full = japan.hns_measures
    monkeypatch.setattr(japan, "hns_measures", lambda facts: full(facts).query("fy >= 1980"))
    section = report._japan_section(None, {}, {}, [], 2001)
    [table] = [t for t in section.appendix if t.name == "burden-hns-by-fiscal-year"]
    assert table.title.startswith("Host-nation support by fiscal year, FY1980 onward"), table.title


def test_the_personnel_note_says_two_counts_and_joins_its_years_in_words() -> None:
    """The Japan section read 'U.S. service members in Japan are counted twice for 1995, 2001:',
    as if a source had counted each member twice, and with a bare comma list of years: it means
    that two sources (the DoD cost-sharing report and the DMDC count of 30 September) each give
    a count for those years. It now says 'have two counts for 1995 and 2001'."""
    import pandas as pd

    from anpo.burden.report import _personnel_note

    hns = pd.DataFrame({"fy": [1995, 2001], "us_personnel": [39134.0, 40217.0]})
    dod = pd.DataFrame(
        {"country": ["Japan", "Japan"], "year": [1995, 2001], "us_personnel": [45000, 39691]}
    )
    note = _personnel_note(hns, dod)
    assert note.startswith("U.S. service members in Japan have two counts for 1995 and 2001: ")
    assert "counted twice" not in note
    assert "1995: 45,000 in the DoD cost-sharing report against 39,134" in note


def test_the_comparison_figure_says_what_its_grey_line_is() -> None:
    """The Japan/South Korea/Germany/NATO burden figure draws a grey horizontal line at 1% of GDP
    with no legend entry and no word in the caption: a reader could not tell a reference level
    from a series (SIPRI shares; Japan's own line runs along it). The caption now says it is a
    reference line at 1% of GDP, not data."""
    import pandas as pd

    from anpo.burden.report import _comparison_figure

    comp = pd.DataFrame(
        {"year": [2000, 2001], "Japan": [0.0092, 0.0093], "NATO average": [0.019, 0.019]}
    )
    fig = _comparison_figure(comp)
    assert "Grey horizontal line: 1% of GDP, a reference level, not data." in fig.caption


def test_nato_finding_and_notes_say_which_members_the_tests_cover(
    with_data: list[Section],
) -> None:
    """review8 #1: the NATO key finding ('none in the 57 years tested after 1966') read as a
    result for NATO, though from 1999 on only the 15 pre-1999 members with figures are in the
    SIPRI excerpt. The finding's confidence carries the coverage sentence; the period note
    compares with Sandler & Shimizu's enlarged alliance over the members with data and says
    that 1967 is in neither period; Fig. 12.2's caption names the members it does not draw."""
    sharing = with_data[0]
    nato = next(f for f in sharing.findings if "NATO" in f.question)
    assert (
        "From 1999 on, only 15 of NATO's 19 members have figures in the SIPRI excerpt (15 of 31 "
        "in 2023)" in nato.confidence
    )
    asia = next(f for f in sharing.findings if "in Asia" in f.question)
    assert "From 1999 on" not in asia.confidence
    note = next(n for n in sharing.notes if n.startswith("NATO, over the members with data:"))
    assert "(0 of 14); 1967, the year of the change, is in neither period. Khanna" in note
    assert (
        "renewed evidence from 2010 for the enlarged alliance, whereas anpo's tests from 1999 on "
        "cover only the 15 members with figures (of 19 to 31 in force)." in note
    )
    scatter = next(f for f in sharing.figures if f.title.startswith("Defense burden against"))
    assert (
        "Members without figures in 2001 are not drawn: the Czech Republic, Hungary, Iceland "
        "and Poland (NATO)" in scatter.caption
    ), scatter.caption


def test_the_summary_names_the_dod_offsets_year_and_base(with_data: list[Section]) -> None:
    """review8 #10: summary-burden-japan.csv labelled 0.745 'DoD offset, last report', with no
    year (2002 data, 2004 edition) and no base (U.S. stationing costs excl. military pay)."""
    summary = with_data[1].summary
    assert summary is not None
    items = dict(zip(summary["item"], summary["value"], strict=True))
    label = "DoD offset share 2002 (of U.S. stationing costs excl. military pay; 2004 report)"
    assert items[label] == pytest.approx(0.745)
    assert "DoD offset, last report" not in items


def test_the_scatter_caption_names_the_countries_in_both_groups() -> None:
    """The burden scatter's caption said 'the United States appears in both groups' whatever
    was drawn, where its NATO circle is hidden under its Asian-ally square (fifth review of the
    report). It names the countries drawn in both groups, and which marker shows; nothing when
    none is (a year without the United States in one of them)."""
    import pandas as pd

    from anpo.burden.report import _scatter_figure

    def panel(countries: list[str]) -> pd.DataFrame:
        n = len(countries)
        return pd.DataFrame(
            {"year": [2001] * n, "country": countries, "burden": [0.02] * n,
             "gdp_usd_m": [1e6 * (i + 1) for i in range(n)]}
        )  # fmt: skip

    both = _scatter_figure(
        {"nato": panel(["United States", "Germany"]), "us_asia": panel(["United States", "Japan"])},
        2001,
    )
    assert both.caption.endswith(
        " The United States is in both groups: its two markers coincide, that of the United "
        "States and its treaty allies in Asia drawn over that of NATO."
    ), both.caption
    apart = _scatter_figure({"nato": panel(["Germany"]), "us_asia": panel(["Japan"])}, 2001)
    assert "both groups" not in apart.caption and apart.caption.endswith("share of GDP).")


def test_the_parts_figure_says_which_bases_it_draws_and_hatches_derived_bars() -> None:
    """review8 #11: Fig. 13.2 said 'the fiscal years whose source gives the split' under a title
    of the expenditure basis, but drew the budget rows only: FY2000 (contract basis) and FY2004
    (basis not stated) give the split too and were silently left out, and the FY1997 bar, whose
    total is derived from press percentages, was drawn like an official table's. The caption
    names the basis drawn and the years left out with theirs; the derived bar is hatched and
    said to be."""
    from anpo.burden.japan import hns_figures
    from anpo.burden.report import _parts_figure

    fig = _parts_figure(hns_figures())
    assert fig is not None
    assert "gives the split (initial budget, expenditure basis;" in fig.caption
    assert (
        "The FY1997 bar is hatched: its figure is derived, not printed as such by a source"
        in fig.caption
    )
    assert "FY1997 bar is hatched" in fig.description
    assert "FY2000 (initial budget, contract basis)" in fig.caption
    assert "FY2004 (budget figure, basis not stated by the source)" in fig.caption
    assert "not drawn, in the appendix table of every figure" in fig.caption
    assert "<pattern" in fig.svg  # matplotlib writes a hatch as an SVG pattern


def test_the_parts_figure_hatches_exactly_the_years_its_caption_calls_derived() -> None:
    """dedup3: the bars the parts figure hatches and the years its caption and description
    name as derived are decided in one place (``_derived_rows``); with a second derived year
    set on the built-in figures (hns_figures: FY1997 is the derived one), both follow it and
    the sentence turns plural."""
    from unittest import mock

    import matplotlib.axes

    from anpo.burden.japan import HNS_PARTS, hns_figures
    from anpo.burden.report import _parts_figure

    figs = hns_figures()
    drawn = (figs["basis"] == "budget") & (figs[list(HNS_PARTS)].notna().sum(axis=1) >= 3)
    later = int(figs.loc[drawn, "fy"].max())
    assert later > 1997
    figs.loc[drawn & (figs["fy"] == later), "derived"] = True
    hatched: list[float] = []
    real_bar = matplotlib.axes.Axes.bar

    def spy(self, x, height, *args, **kwargs):  # type: ignore[no-untyped-def]
        if kwargs.get("hatch"):
            hatched.extend(float(v) for v in x)
        return real_bar(self, x, height, *args, **kwargs)

    with mock.patch.object(matplotlib.axes.Axes, "bar", spy):
        fig = _parts_figure(figs)
    assert fig is not None
    assert hatched == [1997.0, float(later)]
    said = f"The FY1997 and FY{later} bars are hatched: their figures are derived"
    assert said in fig.caption and said in fig.description


def test_exploitation_definitions_count_the_hub_in_the_asia_group() -> None:
    """review31: the 'Asia' columns were defined as counts and tests over "the U.S. allies in
    Asia", but the group (burden/data/alliances.toml, ``us_asia``) lists the United States, its
    hub, as a member, as NATO's does; and 'members' and 'n' hold numbers of states
    (:func:`anpo.burden.panel.exploitation_by_year`), not the states."""
    from anpo.burden.membership import alliances
    from anpo.burden.report import exploitation_definitions

    hub = {m.ccode for m in alliances()["us_asia"].members}
    assert 2 in hub  # the United States is in the group the definitions describe
    defs = exploitation_definitions("greater")
    for column in ("Asia members", "Asia n", "Asia rho", "Asia excluded (no data, never zero)"):
        assert "the United States and its treaty allies in Asia" in defs[column], column
    for label in ("NATO", "Asia"):
        assert defs[f"{label} members"].startswith("the number of ")
        assert defs[f"{label} n"].startswith("the number of ")


def test_a_scenarios_long_tables_define_every_csv_column(shared_data: Path) -> None:
    """A scenario's ``[burden]`` section asking for more years than the page's body holds
    (:data:`~anpo.report.html.MAX_BODY_ROWS`), and a ``[burden.nash]`` of as many incomes,
    has both tables written as CSV files: the column dictionary defined none of the tests'
    ``members``, ``rho``, ``p``, ``p-value method`` ..., nor the Nash table's ``income`` and
    ``defense``, and gave ``status`` the law section's definition and ``ally`` extended
    deterrence's (report33: the check of undefined columns ran on the built-in book's report
    only). Test: Olson & Zeckhauser (1966); Nash contributions: Bergstrom, Blume & Varian
    (1986)."""
    from _support import undefined_csv_columns
    from anpo.burden.report import _scenario_section
    from anpo.burden.scenario import BurdenScenario
    from anpo.data.sipri import read_sipri_milex
    from anpo.report.html import MAX_BODY_ROWS, appendix_tables
    from anpo.report.tables import column_definition

    path = shared_data / "sipri" / "SIPRI-Milex-excerpt-1948-2023.xlsx"
    if not path.exists():
        pytest.skip("SIPRI excerpt absent")
    many = MAX_BODY_ROWS + 1
    spec = BurdenScenario.model_validate(
        {
            "alliance": "nato",
            "years": list(range(1960, 1960 + many)),
            "controls": [],
            "nash": {"income": [float(100 - i) for i in range(many)], "a": 0.15, "b": 0.05},
        }
    )
    sec = _scenario_section("mine", "Mine", spec, read_sipri_milex(path), None)
    placed = appendix_tables(sec)
    assert [len(p.table.frame) for p in placed] == [many, many]
    assert undefined_csv_columns([sec]) == []
    tests, nash = (p.table for p in placed)
    assert column_definition("status", tests.definitions).startswith("why the year is not tested")
    assert "Olson & Zeckhauser 1966" in column_definition("rho", tests.definitions)
    assert column_definition("ally", nash.definitions).startswith("the ally's number")


def test_the_asia_group_is_named_with_its_hub(with_data: list[Section]) -> None:
    """report33: the section's prose, legends and table called the Asia group 'the U.S. allies
    in Asia' (its key finding 'the U.S. alliance system in Asia'), while the group
    (burden/data/alliances.toml, ``us_asia``) and the column definitions count the United
    States among its members: the name now says what the group is, the same in the text, the
    figures' legends, the membership table and the definitions. Test: Olson & Zeckhauser
    (1966)."""
    import dataclasses

    from anpo.burden.membership import alliances
    from anpo.burden.reading import ASIA_GROUP
    from anpo.report.tables import column_definition

    assert 2 in {m.ccode for m in alliances()["us_asia"].members}  # the hub is a member
    assert ASIA_GROUP == "the United States and its treaty allies in Asia"
    words: list[str] = []
    for s in with_data:
        for value in dataclasses.asdict(s).values():
            words.append(str(value))
        words += [str(v) for t in [*s.tables, *s.appendix] for v in t.frame.to_numpy().ravel()]
    text = " ".join(words)
    for old in ("U.S. allies in Asia", "U.S. alliance system in Asia"):
        assert old not in text, old
    exploitation = with_data[0]
    assert ASIA_GROUP in exploitation.answer
    assert any(f.question.startswith(f"Do {ASIA_GROUP} show") for f in exploitation.findings)
    rho, scatter = exploitation.figures[:2]
    assert ASIA_LABEL in rho.svg and ASIA_LABEL in scatter.svg  # the legends
    (members,) = [t for t in exploitation.appendix if t.name == "burden-membership"]
    assert set(members.frame["alliance"]) == {"NATO", ASIA_LABEL}
    assert column_definition("alliance", members.definitions).endswith(ASIA_GROUP)
    assert f"no year in which {ASIA_GROUP} follow the public-good pattern" in with_data[1].answer
