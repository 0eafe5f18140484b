"""The law section of the report (provider ``anpo.law.report:build``). Source: issue 5 ('the
report's law section gives the seed's example exactly, for 2001 and for today')."""

from __future__ import annotations

import datetime as dt

from anpo.law.report import build, changes_2016_table
from anpo.report.model import ReportContext


def _section(**options):
    secs = build(ReportContext(scenarios=[], options=options))
    assert len(secs) == 1
    return secs[0]


def test_seed_example_exactly_for_2001_and_today():
    """2001-07-10: transport of U.S. weapons/ammunition in rear areas conditional; Japan's own
    weapons and ammunition prohibited with Annexed Table 1 note 1 quoted; today under the IISA."""
    s = _section(law_today="2024-04-01")
    seed = s.tables[0].frame
    st01 = dict(zip(seed["request (seed example)"], seed["status 2001-07-10"], strict=True))
    assert st01["Transport U.S. weapons and ammunition in rear areas"] == "conditional"
    assert st01["Provide Japan's own weapons to U.S. forces"] == "prohibited"
    assert st01["Provide Japan's own ammunition to U.S. forces"] == "prohibited"
    excl = seed["excluding provision (quoted)"].tolist()
    assert all(
        "物品の提供には、武器（弾薬を含む。）の提供を含まないものとする。" in e for e in excl[1:]
    )
    now = seed["status 2024-04-01 (important-influence)"].tolist()
    assert now == ["conditional", "prohibited", "conditional"]
    assert any("Annexed Table 1, note 1" in n and "武器（弾薬を含む。）" in n for n in s.notes)


def test_section_has_figures_tables_and_sources():
    """Each section states the question, model, assumptions, sources; figures are inline SVG."""
    s = _section(law_today="2024-04-01")
    assert s.question and "Soeya" in s.question and s.model and s.assumptions and s.sources
    assert len(s.figures) >= 1 and all(f.svg.lstrip().startswith("<svg") for f in s.figures)
    assert len(s.tables) >= 3 and s.summary is not None
    assert "default list" in " ".join(s.notes)


def test_today_defaults_to_date_today():
    """Without ctx.options['law_today'] the report uses datetime.date.today()."""
    s = _section()
    assert any(str(dt.date.today()) in t.title for t in s.tables)


def test_scenario_contributions_are_used():
    """Contributions from ctx.scenarios replace the default list."""
    scn = {
        "contributions": [
            {
                "activity": "protect-us-assets",
                "situation": "peacetime",
                "location": "high-seas-near-japan",
                "description": "escort",
            }
        ]
    }
    s = build(ReportContext(scenarios=[scn], options={"law_today": "2024-04-01"}))[0]
    contrib = s.tables[1].frame
    assert contrib["contribution"].tolist() == ["escort"]
    assert contrib["status 2001-07-10"].tolist() == ["no-legal-basis"]
    assert contrib["status 2024-04-01"].tolist() == ["conditional"]


def test_what_changed_in_2016_table():
    """'What changed in 2016': ammunition and sortie refuelling (SAA -> IISA), asset protection
    (Art. 95-2), survival-threatening use of force (Art. 76(1)(ii))."""
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
    s = build(ReportContext(scenarios=[scen], options={"law_today": "2024-04-01"}))[0]
    contrib = s.tables[1].frame
    assert contrib["contribution"].tolist() == ["Refuel U.S. strike aircraft"]
    assert contrib["status 2001-07-10"].tolist() == ["prohibited"]
    assert contrib["status 2024-04-01"].tolist() == ["conditional"]
