"""No raw identifier where a reader expects a name: the report's figures draw variants by their
short names (Variant.shown), not by their ids ('gmd-2030-underlay'); the page's header names the
scenarios by their titles; the summary and appendix CSV files carry a name column beside each id
column (the id stays: it is the join key)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from _support import book_scenarios
from anpo.deterrence.questions import answer_case, seed_table, stability_table
from anpo.scenario import parse_scenario_text
from anpo.scenario.labels import figure_variant, variant_names

VARIANTS_2001 = ("mad", "nmd-c3", "nmd-c3-china-modernized")


@pytest.fixture(scope="module")
def small_2001() -> tuple[list[Any], Any]:
    """Answers for three 2001 variants of the book against China, with extended deterrence."""
    scen = next(s for s in book_scenarios() if s.scenario.year == 2001)
    small = scen.model_copy(
        update={
            "dyads": [d for d in scen.dyads if d.rival == "CHN"],
            "variants": [v for v in scen.variants if v.id in VARIANTS_2001],
            "uncertainties": [],
        }
    )
    answers = [a for c in small.cases() for a in answer_case(c, with_lua=False)]
    return answers, small


@pytest.fixture
def drawn_figures(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every matplotlib figure serialised while the test runs, in order."""
    from anpo.report import figures

    seen: list[Any] = []
    original = figures.svg_from_matplotlib

    def keep(fig: Any) -> str:
        seen.append(fig)
        return original(fig)

    monkeypatch.setattr(figures, "svg_from_matplotlib", keep)
    return seen


def _ticks(axis: Any) -> list[str]:
    """An axis's tick labels as one line each (wrapped labels joined by a space)."""
    return [" ".join(t.get_text().split("\n")) for t in axis.get_ticklabels() if t.get_text()]


def _shown(scen: Any) -> list[str]:
    return [v.shown for v in scen.variant_list()]


def test_variant_names_map_year_and_id_to_the_short_name():
    """The figures' names: one id ('mad') names a different variant in each year of the book."""
    names = variant_names(book_scenarios())
    assert names[(2001, "mad")] == "MAD (no U.S. defense)"
    assert names[(2030, "mad")] == "MAD (no U.S. or Japanese defense)"
    assert names[(2030, "gmd-global-underlay")] == "global missile defense with an SM-3 underlay"
    wrapped = figure_variant(names, 2030, "gmd-global-underlay", width=24)
    assert "\n" in wrapped and " ".join(wrapped.split("\n")) == names[(2030, "gmd-global-underlay")]
    assert figure_variant(names, 1999, "unknown") == "unknown"


def test_exposure_and_stability_figures_tick_the_variants_names(small_2001, drawn_figures):
    """The exposure and first-strike stability figures' x ticks were the variants' ids
    ('nmd-c3-china-modernized'); they are the variants' short names, in the table's order."""
    from anpo.deterrence.report import _exposure_section, _stability_section

    answers, small = small_2001
    _exposure_section(answers, seed_table(answers))
    _stability_section(answers, stability_table(answers))
    assert len(drawn_figures) == 2
    for fig in drawn_figures:
        ticks = _ticks(fig.axes[0].xaxis)
        assert ticks == _shown(small), ticks
        assert not set(ticks) & set(VARIANTS_2001)


def test_extended_figure_names_each_row_by_year_and_variant_name(small_2001, drawn_figures):
    """The extended-deterrence figure labelled its points '2001 nmd-c3'; it names them
    'NMD capability 3' in the panel of their year ('2001'), one row each, the first on top."""
    from anpo.deterrence.report import _extended_section

    answers, small = small_2001
    _extended_section(answers)
    [fig] = drawn_figures
    ticks = _ticks(fig.axes[0].yaxis)
    assert ticks == list(_shown(small))
    assert "2001" in [fig.axes[0].get_title(loc=where) for where in ("left", "center")]
    assert fig.axes[0].yaxis_inverted()


def test_reaction_figure_legend_names_the_variants(small_2001, drawn_figures):
    """The reaction curves' legend listed the variants sharing a curve by id ('mad, nmd-c3');
    it lists their short names."""
    from anpo.deterrence.report import _reaction_section
    from anpo.report.sections import ReportContext

    answers, small = small_2001
    _reaction_section(ReportContext(scenarios=[small]), answers)
    [fig] = drawn_figures
    legend = " ".join(
        " ".join(t.get_text().split("\n")) for ax in fig.axes for t in ax.get_legend().get_texts()
    )
    for name in _shown(small):
        assert name in legend
    assert not [v for v in VARIANTS_2001 if v in legend.replace(";", " ").split()]


BANDED = """
[[variants]]
id = "mad"
title = "Mutual assured destruction, no defense at all"
label = "MAD (no defense)"
defenses = []

[[variants]]
id = "nmd-20"
title = "National missile defense of 20 interceptors"
label = "NMD of 20 GBIs"
defenses = ["nmd"]

[[uncertainties]]
name = "gbi_sspk"
target = "defenses[nmd].layers[0].sspk"
distribution = { kind = "beta", alpha = 6, beta = 4 }
basis = "test: mean 0.6"
"""


def test_bands_figures_name_the_variants(drawn_figures):
    """The uncertainty section's figures: the band figure's x ticks and the banded reaction
    curve's panel title were variant ids ('nmd-20'); they are the variants' short names."""
    from _support import us_china_scenario
    from anpo.deterrence.bands_report import uncertainty_section
    from anpo.report.sections import ReportContext

    scen = parse_scenario_text(us_china_scenario(df5_survivable=0.5, extra=BANDED), "banded.toml")
    sec = uncertainty_section(ReportContext(scenarios=[scen], options={"uncertainty_draws": 4}))
    assert sec is not None and len(drawn_figures) == 2
    arrive, reaction = drawn_figures
    assert _ticks(arrive.axes[0].xaxis) == ["MAD (no defense)", "NMD of 20 GBIs"]
    title = " ".join(reaction.axes[0].get_title(loc="left").split("\n"))  # the report's titles
    assert title == "2001: NMD of 20 GBIs"


def test_deterrence_tables_and_csv_files_name_variants_beside_their_ids(small_2001, tmp_path):
    """summary-deterrence-exposure.csv and the appendix CSV files carried variant ids only
    ('nmd-c3-china-modernized') and the reaction tables the growth component's id
    ('cn-df31a-projected'): each id column has a name column beside it, and the id stays."""
    import pandas as pd

    from anpo.deterrence.report import build
    from anpo.report import write_report
    from anpo.report.sections import ReportContext

    _, small = small_2001
    sections = build(ReportContext(scenarios=[small]))
    shown = {v.id: v.shown for v in small.variant_list()}
    forces = {f.id: f.name for f in small.forces}
    frames = [
        t.frame for s in sections for t in [*s.tables, *s.appendix] if "variant" in t.frame.columns
    ]
    frames += [s.summary for s in sections if s.summary is not None]
    assert len(frames) >= 8
    for frame in frames:
        cols = list(frame.columns)
        assert cols[cols.index("variant") + 1] == "variant_name", cols
        assert [shown[v] for v in frame["variant"]] == frame["variant_name"].tolist()
        if "growth_component" in cols:
            assert cols[cols.index("growth_component") + 1] == "growth_component_name"
            assert [forces[f] for f in frame["growth_component"]] == frame[
                "growth_component_name"
            ].tolist()
    # the appendix's scenario ids have the scenario's title beside them, and the counterforce
    # allocation names the forces it strikes ('cn-df5: 8' read as ids)
    extended = next(t.frame for s in sections for t in s.appendix if "scenario" in t.frame)
    cols = list(extended.columns)
    assert cols[cols.index("scenario") + 1] == "scenario_title"
    assert set(extended["scenario_title"]) == {small.scenario.title}
    stab = next(t.frame for s in sections for t in s.appendix if "defender_allocation" in t.frame)
    allocation = " ".join(stab["defender_allocation"].dropna())
    assert allocation and not [f for f in forces if f"{f}:" in allocation]
    assert any(f"{name}:" in allocation for name in forces.values())
    out = tmp_path / "rep"
    write_report(sections, out, generated="Generated.")
    summary = pd.read_csv(out / "summary-deterrence-exposure.csv")
    assert summary.columns[:3].tolist() == ["year", "variant", "variant_name"]
    assert summary["variant_name"].tolist() == [shown[v] for v in summary["variant"]]
    reaction = pd.read_csv(out / "deterrence-reaction-all.csv")
    assert "growth_component_name" in reaction.columns
    assert "cn-df31a-projected" not in set(reaction["growth_component_name"])


def test_name_columns_are_headed_in_the_words_of_their_id_columns(small_2001):
    """The page heads a name column in the words of its id column: the reaction tables read
    'Force the rival grows' over the force's id and 'Growth component name', the data name
    with spaces, over its name (:func:`anpo.report.tables.plain_headers`)."""
    from anpo.deterrence.report import build
    from anpo.report.sections import ReportContext
    from anpo.report.tables import plain_header, plain_headers

    _, small = small_2001
    sections = build(ReportContext(scenarios=[small]))
    frames = [t.frame for s in sections for t in [*s.tables, *s.appendix]]
    named = [f for f in frames if "growth_component_name" in f.columns]
    assert named
    for frame in named:
        heads = dict(zip(frame.columns, plain_headers(frame), strict=True))
        assert heads["growth_component_name"].startswith(heads["growth_component"])
        assert "Growth component" not in heads["growth_component_name"]
    for col in ("variant", "scenario"):
        assert plain_header(f"{col}_{'title' if col == 'scenario' else 'name'}").startswith(
            plain_header(col)
        )


def _same_year_files(tmp_path: Any) -> list[Any]:
    """Two scenario files of 2001, 'mini' and 'mine', each with the implicit variant 'base'."""
    from _support import MINIMAL

    files = []
    for sid in ("mini", "mine"):
        path = tmp_path / f"{sid}.toml"
        path.write_text(MINIMAL.replace('id = "mini"', f'id = "{sid}"', 1), encoding="utf-8")
        files.append(path)
    return files


def test_two_scenarios_with_one_variant_key_are_refused_before_any_work(tmp_path):
    """The deterrence tables, figures and names key a variant by its year and id: two scenarios
    of 2001 that both have a variant 'base' ended the report in a traceback after every case
    was computed ('cannot reindex on an axis with duplicate labels', the exposure figure), and
    the name of one was given to the rows of the other. The deterrence section refuses them
    first, naming both scenarios, the year and the id; ``anpo report`` says so in one line."""
    from _support import invoke, one_line_error
    from anpo.deterrence.report import build
    from anpo.errors import ScenarioError
    from anpo.report.sections import ReportContext
    from anpo.scenario import load_scenario

    files = _same_year_files(tmp_path)
    scens = [load_scenario(p) for p in files]
    with pytest.raises(ScenarioError) as err:
        build(ReportContext(scenarios=scens))
    msg = err.value.one_line()
    assert "'mini'" in msg and "'mine'" in msg and "'base'" in msg and "2001" in msg
    line = one_line_error(
        invoke("report", "--scenario", *map(str, files), "--out", str(tmp_path / "out"))
    )
    assert "'base'" in line and "'mine'" in line
    # the command names both files (the library check has no files: the scenario ids)
    assert f"{files[0]} (scenario 'mini') and {files[1]} (scenario 'mine')" in line
    assert not (tmp_path / "out").exists()  # refused before anything is written


def _same_id_files(tmp_path: Any) -> list[Any]:
    """Two scenario files with the id 'mini', of 2001 and 2002 (no variant key is shared)."""
    from _support import MINIMAL

    later = MINIMAL.replace("year = 2001", "year = 2002", 1).replace("2001-07-10", "2002-07-10")
    files = []
    for name, text in (("a", MINIMAL), ("b", later)):
        path = tmp_path / f"{name}.toml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def test_two_scenarios_with_one_id_are_refused_naming_both_files(tmp_path: Any) -> None:
    """Two files with one scenario id (an edited copy of a book file with its year changed):
    no (year, variant id) is shared, so check_variant_keys let them through, and the rows of
    the deterrence section's variants table, keyed by (scenario id, variant id), kept the
    first's variant 'base' of 2001 and left out the second's of 2002; a scenario's id also keys
    its burden-sharing and alignment sections (refused as duplicate section ids once every
    section was computed). Refused first, naming both files (exit 2, one line); a file given
    twice is named once."""
    from _support import invoke, one_line_error
    from anpo.deterrence.questions import answer_case
    from anpo.deterrence.report import _variants_table
    from anpo.errors import ScenarioError
    from anpo.report import ReportContext, build_report
    from anpo.scenario import load_scenario

    files = _same_id_files(tmp_path)
    scens = [load_scenario(p) for p in files]
    with pytest.raises(ScenarioError, match="two scenarios have the id 'mini'"):
        build_report(ReportContext(scenarios=scens), providers=[])
    line = one_line_error(
        invoke("report", "--scenario", *map(str, files), "--out", str(tmp_path / "out"))
    )
    assert f"{files[0]} and {files[1]} have one scenario id, 'mini'" in line
    assert not (tmp_path / "out").exists()
    line = one_line_error(
        invoke("report", "-s", str(files[0]), "-s", str(files[0]), "-o", str(tmp_path / "o"))
    )
    assert f"{files[0]} is given twice (scenario 'mini')" in line
    # the variants table has a row per (year, variant): both scenarios' 'base'
    answers = [
        a
        for s in scens
        for c in s.cases()
        for a in answer_case(c, with_lua=False, with_extended=False)
    ]
    table = _variants_table(answers)
    assert list(zip(table["year"], table["variant"], strict=True)) == [
        (2001, "base"),
        (2002, "base"),
    ]


def test_build_report_refuses_clashing_variants_before_any_provider(tmp_path: Any) -> None:
    """A library caller of ``build_report`` with sections other than deterrence's gets the same
    refusal, before its first provider runs (the check used to live in the deterrence
    provider only)."""
    from anpo.errors import ScenarioError
    from anpo.report import ReportContext, build_report
    from anpo.scenario import load_scenario

    scens = [load_scenario(p) for p in _same_year_files(tmp_path)]
    ran: list[str] = []

    def provider(ctx: ReportContext) -> list:
        ran.append("ran")
        return []

    with pytest.raises(ScenarioError, match="'base'"):
        build_report(ReportContext(scenarios=scens), providers=[provider])
    assert ran == []
    assert build_report(ReportContext(scenarios=scens[:1]), providers=[provider]) == []
    assert ran == ["ran"]


def test_stability_table_keeps_the_index_a_number_and_says_why_apart(small_2001):
    """Read in the built report: the stability table's CSV file (deterrence-stability-1.csv)
    held '< 0.001', a rounded '0.708' and 'undefined: North Korea has no deliverable warheads in
    2001' in its index column, where every other CSV file keeps the computed values. The index
    is a number (shown at the model's resolution on the page) and the reason a column of its
    own."""
    import math

    from anpo.deterrence.report import _at_resolution, _stability_section
    from anpo.report.format import format_frame

    answers, _ = small_2001
    stab = stability_table(answers)
    stab.loc[stab.index[-1], ["fss", "fss_reason"]] = [math.nan, "Nowhere has no warheads"]
    sec = _at_resolution(_stability_section(answers, stab))
    (table,) = [t for t in sec.tables if t.title.startswith("Stability index")]
    frame = table.frame
    # the variant's own index (lua27: with launch under attack where a side is on that posture)
    assert frame["fss_own"].dtype.kind == "f"  # the CSV keeps the computed index
    assert (frame["fss_own"].dropna() > 0).all() and frame["fss_own"].isna().sum() == 1
    shown = format_frame(frame, table.kinds)
    tiny = frame["fss_own"] < 1e-3
    assert tiny.any() and set(shown.loc[tiny, "fss_own"]) == {"< 0.001"}
    assert shown["fss_reason"].iloc[-1] == "Nowhere has no warheads"
    assert set(shown["fss_reason"].iloc[:-1]) == {""}
    # the appendix table too: its reason column read '–' (the page's mark of an undefined
    # value) on every row whose index is defined
    (every,) = [t for t in sec.appendix if t.name == "deterrence-stability-all"]
    shown = format_frame(every.frame, every.kinds)
    assert shown["fss_reason"].iloc[-1] == "Nowhere has no warheads"
    assert set(shown["fss_reason"].iloc[:-1]) == {""}


def test_extended_appendix_leaves_the_reason_empty_where_the_price_is_defined(small_2001):
    """Read in the built report: 'Extended deterrence, every m' printed '–' in its column 'Why
    the exposure or price is undefined' on every row whose price is defined, the dash the page
    uses for an undefined value."""
    from anpo.deterrence.report import _extended_section
    from anpo.report.format import format_frame

    answers, _ = small_2001
    sec = _extended_section(answers)
    (every,) = [t for t in sec.appendix if t.name == "deterrence-extended-all"]
    frame = every.frame
    defined = frame["patron_price"].notna()
    assert defined.any()
    shown = format_frame(frame, every.kinds)
    assert set(shown.loc[defined, "undefined_reason"]) == {""}


def test_deterrence_sources_name_the_scenario_files_main_sources():
    """Read in the built report: the deterrence sections' source line named 'FAS/NRDC Nuclear
    Notebooks, Glaser & Fetter 2001, NIC 2001, MDA, MoD Japan', while the 2025 and 2030 files
    take most of China's figures from the DoD's China Military Power Reports (CMPR), with
    SIPRI Yearbooks and CRS reports. Every source the line names is cited by a scenario file,
    and the CMPR, SIPRI and CRS are named."""
    from anpo.deterrence.report import COMMON_SOURCES
    from anpo.scenario.load import book_files

    (line,) = [s for s in COMMON_SOURCES if s.startswith("Force and defense figures")]
    text = "\n".join(p.read_text(encoding="utf-8") for p in book_files())
    assert "China Military Power Report" in line and "CMPR" in text
    cited = {  # as the line names each source: as the scenario files cite it
        "CMPR": "CMPR",
        "SIPRI Yearbook": "SIPRI Yearbook",
        "CRS": "CRS",
        "Glaser & Fetter 2001": "Glaser & Fetter",
        "NIC 2001": "National Intelligence Council",
        "MDA": "MDA",
        "MoD Japan": "MoD Japan",
    }
    for name, cite in cited.items():
        assert name in line and cite in text, name


@pytest.mark.slow
def test_a_users_scenario_files_are_not_called_the_book():
    """With a user's scenario files (``anpo report --scenario``) the deterrence captions and
    assumptions said "one variant of the book" and "the book's launcher counts" of figures
    read from the user's files; they name the scenario files, and the built-in book's run keeps
    its words."""
    from anpo.deterrence.report import build
    from anpo.report.sections import ReportContext

    scen = next(s for s in book_scenarios() if s.scenario.year == 2025)
    small = scen.model_copy(
        update={
            "variants": [v for v in scen.variants if v.id in ("mad", "nmd-limited")],
            "uncertainties": [],
        }
    )

    def words(sections: list) -> str:
        parts = []
        for s in sections:
            parts += [s.answer, s.caveat, *s.assumptions, *s.notes]
            parts += [f.caption for f in s.figures]
            parts += [t.caption for t in [*s.tables, *s.appendix]]
        return " ".join(parts)

    mine = words(build(ReportContext(scenarios=[small], builtin=False)))
    assert "the book" not in mine.lower(), [
        m.group(0) for m in re.finditer(r"[^.]*the book[^.]*", mine, re.IGNORECASE)
    ]
    assert "one variant of the scenario files" in mine
    assert "The scenario files' force figures" in mine
    builtin = words(build(ReportContext(scenarios=[small], builtin=True)))
    assert "one variant of the book" in builtin and "The book's force figures" in builtin


def test_the_reaction_csv_has_no_column_blank_in_every_row(small_2001, tmp_path):
    """deterrence-reaction-all.csv carried ``silo_defense_unapplied`` blank in every row (no
    variant of the book defends the silos China grows): a column that holds nothing in any row
    is left out of the report's table and CSV file (rep30 audit of the built report); the
    column dictionary defines every column the file has, 'Warheads needed', 'Shots per object'
    and 'Launchers full doctrine' among them."""
    import pandas as pd

    from anpo.deterrence.report import build
    from anpo.report import write_report
    from anpo.report.sections import ReportContext
    from anpo.report.tables import COLUMNS_FILE

    _, small = small_2001
    sections = build(ReportContext(scenarios=[small]))
    (react,) = [t for s in sections for t in s.appendix if t.name == "deterrence-reaction-all"]
    assert "launchers_needed" in react.frame.columns
    assert "silo_defense_unapplied" not in react.frame.columns
    out = tmp_path / "rep"
    write_report(sections, out, generated="Generated.")
    csv = pd.read_csv(out / "deterrence-reaction-all.csv")
    assert "silo_defense_unapplied" not in csv.columns
    assert not [c for c in csv.columns if csv[c].isna().all()]
    columns = pd.read_csv(out / COLUMNS_FILE, keep_default_na=False)
    defined = columns[columns["file"] == "deterrence-reaction-all.csv"].set_index("column")
    assert list(defined.index) == list(csv.columns)
    for col in ("warheads_needed", "shots_per_object", "launchers_full_doctrine"):
        assert defined.loc[col, "definition"], col
    assert (defined["definition"] != "").all()


def test_definitions_of_the_convention_columns_name_their_values_and_rule() -> None:
    """review30: ``columns.csv`` defined ``own_convention`` as 'lua ...; plain, those without',
    but the column holds the values of ``questions.OwnConvention`` (``no-lua``, never
    ``plain``); and the launch-under-attack rule the definitions and ``anpo bands --json``'s
    ``conventions`` state left out deter30's 'against an opponent that has deliverable
    warheads' (Kent & Thaler 1989, App. C: a launch on warning of an attack)."""
    from typing import get_args

    from anpo.cli.deterrence import CONVENTIONS
    from anpo.deterrence.questions import OwnConvention
    from anpo.report.tables import DEFINITIONS

    own = DEFINITIONS["own_convention"]
    assert all(f"{value}," in own for value in get_args(OwnConvention)), own
    assert "plain" not in own, own
    for text in (DEFINITIONS["lua_sides"], DEFINITIONS["fss_own"], own, *CONVENTIONS.values()):
        assert "deliverable warheads" in text, text
    for col in ("patron_price_undefended", "ally_exposure_undefended"):
        assert "a defense of silos stays" in DEFINITIONS[col], DEFINITIONS[col]
