"""The law section of the report (provider ``anpo.law.report:build``). Sources: issue 5 ('the
report's law section gives the seed's example exactly, for 2001 and for today') and issue 13 (the
answer, caveat and key findings generated from the engine's answers; no internal names in prose;
big tables in the appendix)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from anpo.law import engine
from anpo.law.report import build, changes_2016_table
from anpo.report.sections import ReportContext

TODAY = "2024-04-01"
#: The header of today's statuses: TODAY is after the law data's last change (2016-03-29)
NOW_COL = f"status {TODAY} (law as last known 2016-03-29)"


@pytest.fixture(scope="module")
def section():
    secs = build(ReportContext(scenarios=[], options={"law_today": TODAY}))
    assert len(secs) == 1
    return secs[0]


def test_seed_example_exactly_for_2001_and_today(section):
    """2001-07-10: transport of U.S. weapons/ammunition in rear areas conditional; Japan's own
    weapons and ammunition prohibited with Annexed Table 1 note 1 quoted; today under the IISA."""
    seed = section.tables[0].frame
    st01 = dict(zip(seed["request (seed example)"], seed["status 2001-07-10"], strict=True))
    assert st01["Transport U.S. weapons and ammunition in rear areas"] == "conditional"
    assert st01["Provide Japan's own weapons to U.S. forces"] == "prohibited"
    assert st01["Provide Japan's own ammunition to U.S. forces"] == "prohibited"
    excl = seed["excluding provision (quoted)"].tolist()
    assert all(
        "物品の提供には、武器（弾薬を含む。）の提供を含まないものとする。" in e for e in excl[1:]
    )
    # the header says the statuses are the law as last known (review8 #4: it read as the law in
    # force on that day, though amendments after 2016-03-29 are not in the data)
    now = seed[
        f"status {TODAY} (important influence situation; law as last known 2016-03-29)"
    ].tolist()
    assert now == ["conditional", "prohibited", "conditional"]
    assert any(
        "Annexed Table 1, note 1" in n and "武器（弾薬を含む。）" in n for n in section.notes
    )


def test_seed_example_today_cell_keeps_the_combat_scene_exclusion(section):
    """The IISA's goods rule now cites Art. 6(1) (goods provided under the Basic Plan:
    「防衛大臣又はその委任を受けた者は、基本計画に従い、…自衛隊に属する物品の提供を実施するものとする」)
    beside Art. 3(2) and Annexed Table 1; with three provisions a cell, Art. 2(3), support is not
    carried out at a scene where combat is taking place (「現に戦闘行為が行われている現場では実施しない
    ものとする」), fell into '(+2 more)', the plainest statement of what binds Japan's own
    ammunition today. The cell shows four."""
    seed = section.tables[0].frame
    cell = dict(zip(seed["request (seed example)"], seed[f"legal basis {TODAY}"], strict=True))
    ammo = cell["Provide Japan's own ammunition to U.S. forces"]
    assert "IISA Art. 2(3)" in ammo and "現に戦闘行為" in ammo, ammo
    assert "IISA Art. 6(1)" in ammo, ammo


def test_answer_is_generated_from_the_engine(section):
    """The Answer paragraph states the seed's example for 2001 and today with the deciding
    provisions, and the count of requests met, all from the engine's answers."""
    a = section.answer
    assert "10 July 2001" in a and "1 April 2024" in a
    assert "Surrounding Areas Act" in a and "Important Influence Situations Act" in a
    assert "武器（弾薬を含む。）" in a and "物品の提供には、武器の提供を含まないものとする。" in a
    counts = re.search(r"Of the (\d+) requests .*?, (\d+) could be met .* and (\d+) today", a)
    assert counts is not None
    small = section.tables[1].frame
    assert int(counts.group(1)) == len(small)
    assert int(counts.group(2)) == small["status 2001-07-10"].isin(["conditional"]).sum()
    assert int(counts.group(3)) == small[NOW_COL].isin(["conditional"]).sum()


def test_answer_says_a_shared_status_once(section):
    """Issue 5's seed example (Surrounding Areas Act 1999, Annexed Table 1, note 1: 「武器（弾薬を
    含む。）」): in 2001 Japan's own weapons and ammunition share one status, and the answer says
    it once ("weapons and ammunition was prohibited"), not "... and its own ammunition
    prohibited"; two statuses are each named."""
    from anpo.law.report import _own_goods_clause

    seed = section.tables[0].frame
    st01 = dict(zip(seed["request (seed example)"], seed["status 2001-07-10"], strict=True))
    status = st01["Provide Japan's own weapons to U.S. forces"]
    assert status == st01["Provide Japan's own ammunition to U.S. forces"]
    a = section.answer
    assert f"providing Japan's own weapons and ammunition was {status}" in a
    assert "its own ammunition prohibited" not in a and "own ammunition" not in a
    assert _own_goods_clause("prohibited", "conditional") == (
        "providing Japan's own weapons was prohibited, and its own ammunition permitted under "
        "conditions"
    )


def test_answer_says_how_the_requests_met_would_be_met(section):
    """'N could be met' says from the statuses whether they would be met outright or under
    conditions (it read '(under conditions)' whatever the statuses): every request met in
    2001 and today is conditional in the default list (the small table), so both read 'all
    under conditions'; a mix is counted."""
    from types import SimpleNamespace

    from anpo.law.report import _how_met

    small = section.tables[1].frame
    for col in ("status 2001-07-10", NOW_COL):
        assert not small[col].isin(["permitted"]).any()
    assert re.search(
        r"could be met in 2001 \(all under conditions\) and \d+ today \(all under conditions\)",
        section.answer,
    )

    def answers(*statuses: str) -> list:
        return [SimpleNamespace(answer=SimpleNamespace(status=s)) for s in statuses]

    assert _how_met(answers("permitted", "conditional", "conditional", "prohibited")) == (
        " (1 outright, 2 under conditions)"
    )
    assert _how_met(answers("permitted", "permitted", "prohibited")) == " (all outright)"
    # one request met: no "all"
    assert _how_met(answers("permitted", "prohibited")) == " (outright)"
    assert _how_met(answers("conditional")) == " (under conditions)"
    assert _how_met(answers("prohibited", "no-legal-basis")) == ""


def test_answer_keeps_the_emergency_exception_of_diet_approval(section):
    """The Surrounding Areas Act requires prior Diet approval but lets the measures start
    without it in an emergency (SAA Art. 5(1) proviso: 「ただし、緊急の必要がある場合には、国会の
    承認を得ないで...実施することができる。」); the answer must not shorten that to bare 'prior
    Diet approval', which is how it would read the IPSA's approval without exception."""
    assert "prior Diet approval except in an emergency (SAA Art. 5(1))" in section.answer
    assert section.findings[0].answer.endswith(
        "prior Diet approval except in an emergency (SAA Art. 5(1))."
    )


def test_answer_follows_the_rules(monkeypatch):
    """A changed rule changes the sentence: if the engine answered 'prohibited' for transport in
    2001, the Answer paragraph would say so (the text is generated, not typed in)."""
    real = engine.ask

    def fake(date, situation, activity, location=None, *, facts=None, rules=None):
        ans = real(date, situation, activity, location, facts=facts, rules=rules)
        if activity == "transport-weapons-ammunition" and str(date) == "2001-07-10":
            return real(date, situation, "provide-weapons", location, facts=facts, rules=rules)
        return ans

    import anpo.law.report as report
    import anpo.law.scenario as scenario

    monkeypatch.setattr(report, "ask", fake)
    monkeypatch.setattr(scenario, "ask", fake)
    s = build(ReportContext(scenarios=[], options={"law_today": TODAY}))[0]
    assert "ammunition was prohibited under the Surrounding Areas Act" in s.answer


def test_caveat_and_findings(section):
    """The caveat counts the conditional answers and the unverified quotes; five key findings
    (seed transport, ammunition then and now, requests met, combat expected 2007 vs 2017,
    kaketsuke-keigo before and after 2016-03-29), each with a number and a confidence."""
    assert re.search(
        r"\d+ of the \d+ answers behind this section are 'conditional'", section.caveat
    )
    assert re.search(r"\d+ of the \d+ provisions quoted here", section.caveat)
    f = section.findings
    assert len(f) == 5 and all(x.question and x.answer and x.number and x.confidence for x in f)
    # the count is of every legal condition, Diet approval apart (the answer lists three things,
    # one of them Diet approval: '4 conditions; Diet approval: prior Diet approval' misread)
    # ... and only those that apply where the transport is asked (Japan): the high-seas
    # suspension of SAA Art. 6(5), which the engine checks as 'n/a' there, was counted ('4')
    assert re.fullmatch(
        r"\d+ legal conditions in Japan \(each in the appendix\), besides prior Diet approval"
        r" except in an emergency",
        f[0].number,
    )
    assert f[0].number.startswith("3 ")
    # ... and the appendix does list each of them for the seed's date (it gave only today's
    # conditions, and at most four)
    full = next(t for t in section.appendix if "conditions" in " ".join(t.frame.columns)).frame
    transport = full[full["activity"] == "transport-weapons-ammunition"].iloc[0]
    n = int(f[0].number.split()[0])
    assert len(transport["conditions 2001-07-10"].split(" | ")) == n
    assert "on the high seas" not in transport["conditions 2001-07-10"]
    assert "outside Japan" not in transport[f"conditions {TODAY}"]
    ship = full[full["location"] == "high-seas-near-japan"].iloc[0]  # on the high seas it applies
    assert "transport on the high seas is suspended" in ship["conditions 2001-07-10"]
    assert transport["Diet approval 2001-07-10"] == "prior Diet approval except in an emergency"
    # words, not the engine's codes, in every Diet-approval cell of the section
    for t in [*section.tables, *section.appendix]:
        for col in (c for c in t.frame.columns if str(c).startswith("Diet approval")):
            assert not t.frame[col].astype(str).str.contains("-with-|not-applicable").any()
    assert f"conditions {TODAY}" in full.columns
    # the key numbers in words, as the answers give them, not the engine's status codes
    assert f[1].number == "prohibited → permitted under conditions"
    assert f[3].number == "prohibited → permitted under conditions" and "Art. 2(3)" in f[3].answer
    assert f[4].number == "without legal basis → permitted under conditions"
    assert "Art. 24(3)" in f[4].answer
    assert f[0].confidence.startswith("High: ")  # as the other sections' findings: a sentence
    assert f[4].confidence.startswith("Medium: ") and "PKO Act" in f[4].confidence
    assert all(x.confidence.endswith(".") for x in f)


def test_transport_finding_names_every_condition_it_counts(section):
    """The law key finding counts the legal conditions of the seed's transport besides Diet
    approval; its answer (and the section's answer) names each of them with its provision, the
    minister's implementation area (SAA Art. 6(3)-(4)) too: the answer named the rear area and
    the Basic Plan only, the third in the appendix alone (rep30 audit of the built report)."""
    f = section.findings[0]
    n = int(f.number.split()[0])
    # the conditions between the status and the Diet approval, as the answer lists them
    listed = f.answer.split(": ", 1)[1].split(" and prior Diet approval")[0]
    named = re.findall(r"\((?:SAA|IISA) Art\. [^)]*(?:\([^)]*\))*[^)]*\)", listed)
    assert len(named) == n == 3
    for ref in ("SAA Art. 3(1)(iii)", "SAA Art. 4(1)", "SAA Art. 6(3)", "SAA Art. 6(4)"):
        assert ref in f.answer and ref in section.answer
    assert "implementation area" in f.answer and "(Art. 6)" not in f.answer


def test_turning_points_table(section):
    """'Questions the 2015 legislation answers differently': combat expected but not under way
    (Iraq SMA Art. 2(3) in 2007, IPSA Art. 2(3) after 2016: the Iraq act's successor situation,
    which the module's successor mapping names; review8 #6: it compared the important influence
    situation, another type) and kaketsuke-keigo (PKO Act Art. 24(3) before, Art. 3(v) after),
    each side with its article quoted."""
    t = section.tables[2].frame
    assert t["before"].str.startswith("prohibited").iloc[0]
    assert t["after"].str.startswith("conditional").tolist() == [True, True]
    assert t["provision before"].iloc[0].startswith("Iraq SMA Art. 2(3) 「")
    assert t["provision after"].iloc[0].startswith("IPSA Art. 2(3) 「")
    assert t["after"].iloc[0] == (
        f"conditional ({TODAY}, international peace situation, the Iraq act's successor)"
    )
    combat = next(f for f in section.findings if "combat is expected" in f.question)
    assert (
        f"permitted under conditions on {TODAY} in an international peace situation, the Iraq "
        "act's successor (IPSA Art. 2(3) excludes only the scene of actual combat)."
    ) in combat.answer
    assert "important influence" not in combat.answer
    assert t["provision before"].iloc[1].startswith("PKO Act Art. 24(3)")


def test_section_has_figures_tables_appendix_and_sources(section):
    """Each section states the question, model, assumptions, sources; figures are inline SVG
    with an accessible description and a definition; small tables in the page, big ones in the
    appendix (with CSV names); data vintage names the shared statute texts."""
    s = section
    assert s.question and "Soeya" in s.question and s.model and s.assumptions and s.sources
    assert len(s.figures) >= 2 and all(f.svg.lstrip().startswith("<svg") for f in s.figures)
    assert all(f.description and f.definition for f in s.figures)
    assert "horizontal bars, one per version of" in s.figures[0].description
    assert len(s.tables) == 3 and all(len(t.frame.columns) <= 7 for t in s.tables)
    assert len(s.appendix) == 4 and all(t.name.startswith("law-") for t in s.appendix)
    assert s.summary is not None
    assert "default list" in " ".join(s.notes)
    assert any("Act No. 80 of 2007" in v for v in s.data_vintage)
    # a vintage item is never cut inside its parenthesis (was '... (防衛大臣 since 2007-01-09')
    for v in s.data_vintage:
        assert v.count("(") == v.count(")"), v
    assert any("(防衛大臣 since 2007-01-09; before, 防衛庁長官)" in v for v in s.data_vintage)
    # a repealed provision is named once, with no dangling arrow ('Art. 24(3) → ')
    prov = next(t for t in s.appendix if t.name == "law-provisions-2016").frame
    assert not prov["provision"].str.strip().str.endswith("→").any()
    repealed = prov[prov["change"] == "repealed"]
    assert len(repealed) and (repealed["wording after"] == "—").all()


def test_no_internal_names_in_prose(section):
    """No file, module or function name of the toolkit in anything a reader of the section sees:
    answer, caveat, notes, model, assumptions, titles, captions, findings, figure descriptions and
    every table cell (the report's own check, issue 11 item 6)."""
    from anpo.report.html import internal_references

    s = section
    prose = [s.answer, s.caveat, s.model, *s.notes, *s.assumptions, *s.sources, *s.data_vintage]
    prose += [t.caption for t in s.tables + s.appendix] + [t.title for t in s.tables + s.appendix]
    prose += [f.caption for f in s.figures] + [f.description for f in s.figures]
    prose += [x for f in s.findings for x in (f.question, f.answer, f.number, f.confidence)]
    for t in s.tables + s.appendix:
        prose += [str(v) for v in t.frame.astype(str).to_numpy().ravel()]
        prose += [str(c) for c in t.frame.columns]
    bad = re.compile(r"\w+\(\)|ask\(|diff\(")
    assert [p for p in prose if internal_references(p) or bad.search(p)] == []


def test_figures_follow_the_report_conventions(section):
    """The figures keep text as text, carry no metadata and use at most the palette's colours."""
    from anpo.report.figures import svg_problems

    for f in section.figures:
        assert svg_problems(f.svg) == [], f.title


def test_today_defaults_to_date_today():
    """Without ctx.options['law_today'] the report uses datetime.date.today() (the day when
    the section was built: read before and after, so that a build across midnight passes)."""
    before = dt.date.today()
    s = build(ReportContext(scenarios=[]))[0]
    days = {str(before), str(dt.date.today())}
    assert any(day in t.title for t in s.tables for day in days)


def test_scenario_contributions_are_used():
    """Contributions from ctx.scenarios replace the default list; a contribution may state
    facts (here: combat expected at the site, which the IISA does not bar)."""
    scn = {
        "contributions": [
            {
                "activity": "protect-us-assets",
                "situation": "peacetime",
                "location": "high-seas-near-japan",
                "description": "escort",
            },
            {
                "activity": "medical",
                "situation": "iraq-2003",
                "location": "foreign-territory-with-consent",
                "facts": {"combat_expected": True},
                "description": "field hospital near the front",
            },
        ]
    }
    s = build(ReportContext(scenarios=[scn], options={"law_today": TODAY}))[0]
    contrib = s.tables[1].frame
    assert contrib["contribution"].tolist() == ["escort", "field hospital near the front"]
    # the reader's table gives the status in words, not the engine's code
    assert contrib["status 2001-07-10"].tolist() == ["no legal basis", "no legal basis"]
    assert contrib[NOW_COL].tolist() == ["conditional", "conditional"]
    full = s.appendix[0].frame
    # the appendix (law-contributions.csv) keeps the scenario file's codes, the join keys, each
    # with its words beside it; statuses and the assessed situation read in words (they read
    # 'no-legal-basis' and 'international-peace')
    assert full[f"assessed as ({TODAY})"].tolist()[1] == "international peace"
    assert full["status 2001-07-10"].tolist() == ["no legal basis", "no legal basis"]
    cols = list(full.columns)
    for code in ("activity", "situation", "location"):
        assert cols[cols.index(code) + 1] == f"{code} in words"
    assert full["activity"].tolist() == ["protect-us-assets", "medical"]
    assert full["activity in words"].tolist() == ["protect U.S. assets", "medical care"]
    assert full["situation in words"].tolist() == ["peacetime", "Iraq 2003"]
    assert full["location in words"].tolist() == ["high seas near Japan", "abroad with consent"]
    matrix = next(t for t in s.appendix if t.name == "law-matrix").frame
    assert "no legal basis" in set(matrix.iloc[:, 1:].stack())
    assert "no-legal-basis" not in set(matrix.iloc[:, 1:].stack())


def test_what_changed_in_2016_table():
    """'What changed in 2016': ammunition and sortie refuelling (SAA -> IISA), asset protection
    (Art. 95-2), survival-threatening use of force (Art. 76(1)(ii)), kaketsuke-keigo."""
    t = changes_2016_table()
    rows = {
        (r["situation 2016-03-28 → 2016-03-29"], r["activity"]): r for r in t.to_dict("records")
    }
    ammo = rows[("surrounding-area → important-influence", "provide-ammunition")]
    assert ammo["before (2016-03-28)"].startswith("prohibited")
    assert ammo["after (2016-03-29)"].startswith("conditional")
    assert ("peacetime", "protect-us-assets") in rows
    assert ("survival-threatening", "use-of-force") in rows
    assert ("peacetime", "provide-ammunition") in rows
    assert ("un-peacekeeping", "rescue-escort") in rows
    # no row merely repeats another: lapsed special measures (ATSMA 2007, Iraq SMA 2009,
    # Replenishment SMA 2010) and important-influence on its own are covered by other rows
    situations_shown = {k[0] for k in rows}
    assert not any(
        s.startswith(("anti-terrorism", "iraq", "replenishment")) for s in situations_shown
    )
    assert "important-influence" not in situations_shown
    assert ("international-peace", "provide-ammunition") in rows
    assert len(rows) == len(t)


def test_contributions_in_a_scenario_file():
    """A scenario file's top-level [[contributions]] array reaches the law section (integration
    with anpo.scenario)."""
    from anpo.scenario.load import book_files, parse_scenario_text

    text = book_files()[0].read_text(encoding="utf-8") + (
        '\n[[contributions]]\nactivity = "refuel-aircraft-for-sortie"\n'
        'situation = "surrounding-area"\nlocation = "japan"\n'
        'description = "Refuel U.S. strike aircraft"\nsource = "test"\n'
    )
    scen = parse_scenario_text(text, "test.toml")
    s = build(ReportContext(scenarios=[scen], options={"law_today": TODAY}))[0]
    contrib = s.tables[1].frame
    assert contrib["contribution"].tolist() == ["Refuel U.S. strike aircraft"]
    assert contrib["status 2001-07-10"].tolist() == ["prohibited"]
    assert contrib[NOW_COL].tolist() == ["conditional"]


@pytest.mark.parametrize("font", ["Noto Sans CJK JP", None])
def test_timeline_statute_names_follow_the_cjk_font_check(monkeypatch, font):
    """Issue 12 item 6: a statute's short name written in Japanese is drawn as such when a font
    draws Japanese, and replaced by the statute's English title from its rule file otherwise
    (the font check monkeypatched to take each branch)."""
    from anpo.law import report as law_report
    from anpo.report import figures

    metas = engine.regimes()
    saa = next(m for m in metas if m.key == "saa-1999")
    japanese = saa.model_copy(update={"short": "周辺事態法"})
    monkeypatch.setattr(law_report, "regimes", lambda: [japanese if m is saa else m for m in metas])
    monkeypatch.setattr(figures, "cjk_font", lambda: font)
    svg = law_report._timeline_figure(dt.date(2024, 4, 1)).svg
    if font is None:
        assert "周辺事態法" not in svg and f"{saa.title_en}, Act No. 60 of 1999" in svg
    else:
        assert "周辺事態法, Act No. 60 of 1999" in svg and saa.title_en not in svg


def test_timeline_names_sit_above_the_bars_and_apart(monkeypatch):
    """Read in the built report: the political documents' names, drawn along their dashed
    lines, ran over the statute bars, and '2014 Cabinet Decision' over '2015 Guidelines'."""
    from anpo.law import report as lr
    from anpo.report import figures

    seen = []
    original = figures.svg_from_matplotlib

    def keep(fig):
        fig.canvas.draw()
        ax = fig.axes[0]
        renderer = fig.canvas.get_renderer()
        names = [t for t in ax.texts if t.get_text().strip()]
        tops = [p.get_y() + p.get_height() for p in ax.patches]
        seen.append(
            (
                [t.get_text().strip() for t in names],
                all(t.get_rotation() == 0 and t.get_position()[1] > max(tops) for t in names),
                any(
                    figures._labels_overlap(a, b, renderer)
                    for i, a in enumerate(names)
                    for b in names[i + 1 :]
                ),
            )
        )
        return original(fig)

    monkeypatch.setattr(figures, "svg_from_matplotlib", keep)
    lr._timeline_figure(dt.date(2026, 11, 30))
    [(names, above, overlap)] = seen
    assert {"2014 Cabinet Decision", "2015 Guidelines", "seed 2001-07-10"} <= set(names)
    assert above and not overlap


def test_timeline_description_gives_each_statute_its_own_years():
    """Read in the built report: the figure's description listed 'SDF Act 1997–2016; PKO Act
    1997–2016', the axis's first year for Acts of 1954 and 1992 (in force from 1954-07-01 and
    1992-08-10 in the rule files)."""
    from anpo.law import report as lr

    text = lr._timeline_figure(dt.date(2026, 11, 30)).description
    assert "SDF Act 1954–2016" in text and "PKO Act 1992–2016" in text
    assert "SDF Act 1997" not in text and "PKO Act 1997" not in text
    assert "SAA 1999–2016" in text and text.startswith("Timeline from 1997 to 2026")


def test_timeline_description_counts_bars_and_statutes_apart():
    """The built report's Figure 14.1 read 'Timeline from 1997 to 2026: 14 statutes as
    horizontal bars', then listed the SDF Act, the PKO Act, the Ship Inspection Act and the U.S.
    Actions Act both among the lapsed and among those in force: the 14 are versions (bars);
    the Acts, by their numbers (Act No. 165 of 1954, ...; the SAA and the IISA are both Act
    No. 60 of 1999), are 9. The description gives both counts."""
    from anpo.law import report as lr
    from anpo.law.report import regimes

    statutes = [m for m in regimes() if m.binding]
    acts = {m.number.split(" as ")[0].split(" (as")[0] for m in statutes}
    assert len(statutes) == 14 and len(acts) == 9
    text = lr._timeline_figure(dt.date(2026, 11, 30)).description
    assert "14 statutes" not in text
    assert "14 horizontal bars, one per version of 9 statutes" in text


def test_status_matrix_reads_in_words():
    """The matrix figure and its table named rows and columns by the engine's codes
    ('protect-us-assets', 'surrounding-area', 'foreign+consent'); they now read in words, with
    the same statuses as the engine's answers."""
    from anpo.law.report import _matrix_figure

    fig, frame = _matrix_figure(dt.date.fromisoformat(TODAY))
    labels = [*frame.index, *frame.columns]
    assert not [
        x
        for x in labels
        # a date ('law as last known 2016-03-29') is no engine code
        if "-"
        in re.sub(r"\d{4}-\d\d-\d\d", "", x)
        .replace("anti-terrorism", "")
        .replace("survival-threatening", "")
        .replace("kaketsuke-keigo", "")
    ], labels
    saa = "SAA and Ship Inspection Act, 2001: surrounding area, Japan"
    assert "protect U.S. assets" in frame.index and saa in frame.columns
    assert "protect-us-assets" not in fig.svg and "foreign+consent" not in fig.svg
    assert frame.loc["provide ammunition", saa] == "prohibited"


def test_matrix_key_names_only_the_statuses_its_cells_show():
    """Read in the built report: the grid's caption explained 'Green: permitted' and the letter
    P, which no cell of the grid shows, and called each cell 'the engine's answer'. The key is
    the statuses the cells show, in the caption and the panel's title."""
    from anpo.law.report import _matrix_figure

    fig, frame = _matrix_figure(dt.date.fromisoformat(TODAY))
    present = set(frame.to_numpy().ravel())
    assert ("Green: permitted" in fig.caption) == ("permitted" in present)
    assert ("letters P," in fig.caption) == ("permitted" in present)
    assert "engine" not in fig.caption and "rules' answer" in fig.caption
    for status, word in (("conditional", "orange"), ("prohibited", "vermillion")):
        assert (word in fig.caption.lower()) == (status in present)


def test_matrix_columns_name_statutes_as_the_timeline_does():
    """The matrix's columns named the statute three ways: 'SAA 2001' (the timeline's short
    name), '2004 Act 2010' (the timeline's 'U.S. Actions Act') and '2024 survival-threatening'
    (none). Each column now names the statutes in force on its date that provide for its
    situation, by the timeline's short names (the law versions' ``short``), then the situation
    and the place in the words of anpo.law.vocab."""
    from anpo.law import vocab
    from anpo.law.report import _matrix_cells, _matrix_figure
    from anpo.report.format import join_words

    today = dt.date.fromisoformat(TODAY)
    fig, frame = _matrix_figure(today)
    cells = _matrix_cells(today)
    assert len(cells) == len(frame.columns)
    for (d, sit, place), column in zip(cells, frame.columns, strict=True):
        laws = list(
            dict.fromkeys(
                m.short
                for m in engine.regimes()
                if m.binding and sit in m.situations and m.in_force(d)
            )
        )
        assert laws, (d, sit)
        # TODAY (2024) is after the data's last change (2016-03-29): its columns say so
        known = " (law as last known 2016-03-29)" if d == today else ""
        expected = (
            f"{join_words(laws)}, {d.year}{known}: {vocab.SITUATION_SHORT[sit]}, "
            f"{vocab.PLACE_SHORT[place]}"
        )
        assert column == expected
    columns = " ".join(frame.columns)
    assert "2004 Act" not in columns and "2004 Act" not in fig.svg
    assert "U.S. Actions Act, 2010: armed attack on Japan, Japan" in columns
    assert (
        f"U.S. Actions Act, {today.year} (law as last known 2016-03-29): survival-threatening, "
        "high seas" in columns
    )


def test_the_seed_example_note_gives_statuses_in_words(section):
    """The note on the seed's example said 'is conditional' where the answer and the key
    findings say 'permitted under conditions': the same words everywhere in the section."""
    (note,) = [n for n in section.notes if n.startswith("The seed's example")]
    assert "in rear areas is permitted under conditions (" in note
    assert "own ammunition is prohibited" in note


def test_what_changed_in_2016_reads_in_words_in_the_page(section):
    """The page's 'What changed on 2016-03-29' table showed the engine's codes
    ('surrounding-area → important-influence', 'provide-ammunition', 'prohibited: japan,
    high-seas-near-japan'); it reads in words, with the same rows as the engine's table."""
    shown = next(t for t in section.appendix if t.name == "law-changes-2016").frame
    assert len(shown) == len(changes_2016_table())
    first = shown.iloc[0]
    assert first["situation 2016-03-28 → 2016-03-29"] == "surrounding area → important influence"
    assert first["activity"] == "provide ammunition"
    assert first["before (2016-03-28)"].startswith("prohibited: Japan, high seas near Japan")
    cells = " ".join(shown[["activity", "before (2016-03-28)", "after (2016-03-29)"]].stack())
    assert "-" not in cells.replace("kaketsuke-keigo", "").replace("survival-threatening", "")


def test_short_forms_live_in_the_vocabulary():
    """The report's short words for situations, activities and places come from anpo.law.vocab
    (one source: the report kept its own _ACTIVITY_SHORT and _PLACE_SHORT beside the glosses),
    and every code of the vocabulary has one, so no engine code reaches a reader's table."""
    import anpo.law.report as lr
    from anpo.law import vocab

    assert not hasattr(lr, "_ACTIVITY_SHORT") and not hasattr(lr, "_PLACE_SHORT")
    assert set(vocab.ACTIVITY_SHORT) == set(vocab.ACTIVITIES)
    assert set(vocab.SITUATION_SHORT) == set(vocab.SITUATIONS)
    assert set(vocab.PLACE_SHORT) == set(vocab.LOCATIONS) | set(vocab.WHERE)
    for table in (vocab.ACTIVITY_SHORT, vocab.PLACE_SHORT, vocab.SITUATION_SHORT):
        for code, words in table.items():
            assert lr._code_words(code) == words
    _, frame = lr._matrix_figure(dt.date.fromisoformat(TODAY))
    assert list(frame.index) == [vocab.ACTIVITY_SHORT[a] for a in vocab.ACTIVITIES]
    assert lr._code_words("armed-attack-japan") == "armed attack on Japan"
    # in_words looks a code up in the four tables in turn: a code in two would be worded by
    # the first whatever it stands for, so none is
    tables = (vocab.ACTIVITY_SHORT, vocab.PLACE_SHORT, vocab.SITUATION_SHORT, vocab.STATUS_SHORT)
    codes = [c for t in tables for c in t]
    assert len(codes) == len(set(codes))


def test_prose_names_situations_in_words(section):
    """The assumptions and the 2016 table's caption said 'a surrounding-area request' and
    'surrounding-area compared with its successor': the engine's code in a reader's sentence."""
    prose = " ".join(
        [*section.assumptions, *(t.caption for t in [*section.tables, *section.appendix])]
    )
    assert "surrounding area situation" in prose
    assert not re.search(r"\b(?:surrounding-area|important-influence)\b", prose)


def test_the_section_says_todays_answers_are_the_law_as_last_known(section):
    """'Today' (2024-04-01) is after the last change the rule data records (the 2015
    legislation in force 2016-03-29): the section says its answers for today are the law as last
    known then, computed by anpo.law.coverage_note; the seed's date needs no such note."""
    from anpo.law import latest_change

    last = latest_change().isoformat()
    # said once, in the answer a reader quotes (review8 #4: the answer dated the 2016 law
    # 'today'; only a note said it was the law as last known)
    covered = engine.coverage_note(TODAY)
    assert f"the law as last known on {last}" in covered and "not in the data" in covered
    assert section.answer.endswith(" " + covered)
    assert not any(f"the law as last known on {last}" in n for n in section.notes)
    assert engine.coverage_note(dt.date(2001, 7, 10)) == ""


def test_the_2016_change_table_names_the_days_it_compares_from_the_constants():
    """The change table's columns name the days the report compares (CHANGE_BEFORE,
    CHANGE_AFTER), as the section's prose around them does; they typed the dates."""
    from anpo.law import report

    t = changes_2016_table()
    before, after = report.CHANGE_BEFORE, report.CHANGE_AFTER
    assert {f"situation {before} → {after}", f"before ({before})", f"after ({after})"} <= set(
        t.columns
    )


def test_todays_findings_say_they_are_the_law_as_last_known(section):
    """Read in the built report: the key findings 'permitted under conditions on 2026-12-05
    (IISA Art. 3(2))' and '6 of 12 on 2001-07-10, 11 of 12 on 2026-12-05' gave today's answer
    with no word that the law data end on 2016-03-29 (the section's notes say so): each finding
    that answers for today now says it, the 2001 and 2016 ones do not."""
    from anpo.law import latest_change

    last = latest_change().isoformat()
    said = f"Today's answer is the law as last known on {last}"
    by_q = {f.question: f for f in section.findings}
    for q in (
        "Could Japan provide its own ammunition, in 2001 and today?",
        "How many of the U.S. requests could Japan meet, 2001 versus today?",
        "Support where combat is expected but not under way?",
    ):
        assert said in by_q[q].confidence, (q, by_q[q].confidence)
    assert (
        said
        not in by_q[
            "Could the SDF transport U.S. arms and ammunition in rear areas (2001)?"
        ].confidence
    )
    assert not any(said in f.confidence for f in section.findings if "Kaketsuke" in f.question)


def test_why_cites_no_provision_twice_in_a_cell():
    """A 'why' or 'basis' cell names each provision once: the asset protection of Art. 95-2 rests
    on its first paragraph and its proviso, both 'SDF Act Art. 95-2(1)', and the cell read
    'SDF Act Art. 95-2(1); SDF Act Art. 95-2(1)' (the 2016 change table and the contributions'
    appendix table)."""
    t = changes_2016_table()
    row = t[(t["activity"] == "protect-us-assets")].iloc[0]
    cells = [row["basis before"], row["basis after"]]
    contrib = build(ReportContext(scenarios=[], options={"law_today": TODAY}))[0]
    full = next(tb.frame for tb in contrib.appendix if "why 2001-07-10" in tb.frame.columns)
    cells += full["why 2001-07-10"].tolist() + full[f"why {TODAY}"].tolist()
    for cell in cells:
        parts = [p for p in cell.split("; ") if not p.startswith("(+")]
        assert len(parts) == len(set(parts)), cell


def test_a_prohibition_cites_the_provision_that_bars_it():
    """A prohibited answer's 'why' names the provision that bars the activity, not only the
    ones that would authorize it elsewhere: carrying U.S. supplies into a consenting neighbour in
    2001 read 'SAA Art. 3(2); SAA Annexed Table 1, item 2' (the transport category), though what
    bars it is that foreign territory is never rear area (SAA Art. 3(1)(iii)); likewise the
    2016 change table's 'basis before' of transport on the distant high seas."""
    contrib = build(ReportContext(scenarios=[], options={"law_today": TODAY}))[0]
    full = next(tb.frame for tb in contrib.appendix if "why 2001-07-10" in tb.frame.columns)
    row = full[full["location"] == "foreign-territory-with-consent"].iloc[0]
    assert row["status 2001-07-10"] == "prohibited"
    assert "SAA Art. 3(1)(iii)" in row["why 2001-07-10"]
    t = changes_2016_table()
    tr = t[
        (t["situation 2016-03-28 → 2016-03-29"] == "surrounding-area → important-influence")
        & (t["activity"] == "transport-weapons-ammunition")
    ].iloc[0]
    assert tr["before (2016-03-28)"].startswith("prohibited")
    assert "SAA Art. 3(1)(iii)" in tr["basis before"]
    # a row's basis is that of the status its cell lists first: kaketsuke-keigo after 2016 is
    # 'conditional: ...; prohibited: Japan, ...', so its basis is the authorizing Art. 3(v)(ra),
    # not what bars it in Japan
    ke = t[t["activity"] == "rescue-escort"].iloc[0]
    assert ke["after (2016-03-29)"].startswith("conditional")
    assert ke["basis after"].startswith("PKO Act Art. 3(v)(ra)")
    # an exclusion that bars by itself keeps its place first, with nothing added before it
    weapons = full[full["activity"] == "provide-weapons"].iloc[0]
    assert weapons["why 2001-07-10"].startswith("SAA Annexed Table 1, note 1; SAA Art. 3(2)")


def test_aircrew_rescue_cites_the_definition_and_the_order_not_the_non_combatant_paragraph():
    """'Rescue downed U.S. aircrew' (SAA, 2001): the 'why' cell read 'SAA Art. 7(1); SAA Art.
    7(3)'. SAA Art. 7(3) (H11HO060_pre2015_clean.md) reads 「後方地域捜索救助活動を実施する場合に
    おいて、戦闘参加者以外の遭難者が在るときは、これを救助するものとする」 ("when carrying out rear
    area search and rescue, people in distress other than combatants shall be rescued too"): it is
    about non-combatants found during the search, not the aircrew. What makes a downed aircrew one
    the activity is for is the definition, Art. 3(1)(ii) 「…戦闘行為…によって遭難した戦闘参加者に
    ついて、その捜索又は救助を行う活動…」 (search and rescue of combatants in distress), which the
    cell dropped as a definition; Art. 7(1) has the minister order it. The rear area's definition
    (Art. 3(1)(iii)), cited by the place test only, stays out of the cell."""
    contrib = build(ReportContext(scenarios=[], options={"law_today": TODAY}))[0]
    full = next(tb.frame for tb in contrib.appendix if "why 2001-07-10" in tb.frame.columns)
    row = full[full["contribution"].str.contains("aircrew")].iloc[0]
    assert row["why 2001-07-10"] == "SAA Art. 7(1); SAA Art. 3(1)(ii)"
    assert "IISA Art. 3(1)(iii)" in row[f"why {TODAY}"]
    assert "IISA Art. 7(1)" in row[f"why {TODAY}"]


def test_rule_definitions_from_the_index_match_a_scan_of_every_rule():
    """The definitions the rules an answer rests on cite (``_rule_definitions``, read from an
    index by rule id built once per rule set) are those a scan of every rule finds, for the
    activities of both situations of 2001 and of today's (the report's cells)."""
    from anpo.law.loader import ruleset
    from anpo.law.report import SEED_DATE, _rule_definitions
    from anpo.law.vocab import ACTIVITIES

    rs = ruleset()

    def scanned(ans: engine.Answer) -> set[tuple[str, str]]:
        out = set()
        for lf, rule in rs.rules():
            if rule.id in ans.rules:
                for ref in rule.basis:
                    meta, prov, _, key = rs.provision(rs.file_of(lf), ref, ans.date)
                    if prov.clause == "defining":
                        out.add((meta.key, key))
        return out

    found = 0
    for date, situation in ((SEED_DATE, "surrounding-area"), (TODAY, "important-influence")):
        for act in ACTIVITIES:
            ans = engine.ask(date, situation, act, "japan")
            assert _rule_definitions(ans) == scanned(ans), (date, act)
            found += bool(scanned(ans))
    assert found  # some answer rests on a rule citing a definition (else the test shows nothing)


def test_the_iraq_row_is_labelled_across_situation_types_without_a_cited_successor(monkeypatch):
    """review8 #6, the other branch: where the Iraq act's successor situation is not in force
    (or its answer cites no article that excludes the scene of combat), no article is invented
    for it: the row is asked in an important influence situation and says it compares two
    situation types."""
    from anpo.law import report

    monkeypatch.setattr(report, "successor_on", lambda *a, **k: None)
    after = report._after_iraq(report.CHANGE_AFTER)
    assert after.situation == "important-influence"
    assert report._after_iraq_words(after) == (
        "important influence situation: a comparison across situation types, not with the Iraq "
        "act's successor"
    )


def test_matrix_header_names_the_law_data_end_only_after_it():
    """The matrix's columns for today named today's year alone ('IISA and Ship Inspection Act,
    2026: ...'), read as the law in force that year, while the headers of today's statuses said
    'law as last known 2016-03-29'. A column whose date is after the data's last change
    (:func:`anpo.law.engine.latest_change`) now says it in the same words, in the table and the
    figure; a covered day's column does not. Source of the date: the rule set's last dated
    provision (Legislation for Peace and Security, in force 2016-03-29)."""
    from anpo.law.report import _column_label, _matrix_cells, _matrix_figure, _today_status

    last = engine.latest_change()
    covered, later = last, last + dt.timedelta(days=1)
    for day in (covered, later):
        figure, table = _column_label(day, "important-influence", "japan")
        said = f"law as last known {last.isoformat()}" in table
        assert said == (day > last), table
        assert ("last known" in figure) == said
        # the same words as the header of that day's statuses
        assert said == _today_status(day).endswith(f"(law as last known {last.isoformat()})")
        assert table.startswith(f"IISA and Ship Inspection Act, {day.year}")
    _, frame = _matrix_figure(covered)
    assert not [c for c in frame.columns if "last known" in c]
    _, frame = _matrix_figure(later)
    dated = [c for c in frame.columns if "last known" in c]
    assert len(dated) == sum(d == later for d, _, _ in _matrix_cells(later))
    assert dated and all(f"{later.year} (law as last known" in c for c in dated)


def test_todays_status_header_names_the_law_data_end_only_after_it():
    """The header of today's statuses says 'law as last known' only for a day after the
    data's last change; on a covered day it is the date alone (review8 #4)."""
    from anpo.law.report import _today_status

    assert _today_status(dt.date(2016, 3, 29)) == "status 2016-03-29"
    assert _today_status(dt.date(2024, 4, 1), "important influence situation") == (
        "status 2024-04-01 (important influence situation; law as last known 2016-03-29)"
    )


def test_matrix_column_definitions_name_situation_and_place_as_labels():
    """review30: the law matrix's column definitions (the report's ``columns.csv``) read 'in a
    anti-terrorism 2001 situation, at abroad with consent'; each now names the column's date,
    situation and place as labels, and the statutes the cell is answered under."""
    import datetime as dt

    from anpo.law.report import _matrix_definitions

    defs = _matrix_definitions(dt.date(2026, 12, 7))
    columns = {k: v for k, v in defs.items() if k != "activity"}
    assert len(columns) >= 10
    for text in columns.values():
        assert " in a " not in text and " at abroad" not in text and " at Japan" not in text, text
    assert any(
        v.startswith(
            "the activity's legal status on 2002-01-01 (situation: anti-terrorism 2001; "
            "place: high seas), under the ATSMA"
        )
        for v in columns.values()
    ), columns
