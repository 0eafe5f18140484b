"""Rationale dated after the answer's date is marked ``later``, never shown as the date's law.

Review 14 F4: ``ask('2004-01-20', 'iraq-2003', 'airlift-personnel', ...)`` gave the Nagoya High
Court judgment of 17 April 2008 (rationale ``nagoya-2008``, 平成18年(ネ)第499号, [nagoya-hc2008])
and its explanation said, in the present, that the court found the Baghdad airlift
unconstitutional integration. Dates of the rationale items: ``anpo/law/rules/_rationale.toml``.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from anpo.cli import app
from anpo.law import engine
from anpo.law.loader import ruleset
from anpo.law.vocab import LOCATIONS

IRAQ = ("iraq-2003", "airlift-personnel", "foreign-territory-with-consent")


def test_the_reviewers_repro_marks_the_2008_judgment_later() -> None:
    """On 2004-01-20 the Nagoya judgment (2008-04-17) is kept, marked later with its date, and
    the explanation names it only as later (no present-tense finding)."""
    a = engine.ask("2004-01-20", *IRAQ)
    item = next(i for i in a.rationale_items if i.key == "nagoya-2008")
    assert item.later and item.date == "2008-04-17"
    before, _, after = a.explanation.partition("Later (17 April 2008): ")
    assert after, a.explanation
    assert "Nagoya" not in before  # nothing of it said as of 2004
    assert "found" not in after and "after 2004-01-20" in after
    assert "Later (17 April 2008): Nagoya High Court" in a.rationale
    earlier = [i for i in a.rationale_items if i.key == "ittaika"]  # dated 1997: not later
    assert earlier and not earlier[0].later and earlier[0].date == "1997-02-13"


def test_an_answer_after_the_judgment_shows_it_unmarked() -> None:
    a = engine.ask("2008-06-01", *IRAQ)
    item = next(i for i in a.rationale_items if i.key == "nagoya-2008")
    assert not item.later
    # the judgment is not later on this date (the 2015 items attached to the Iraq act are)
    assert "Later (17 April 2008)" not in a.explanation + a.rationale
    # on the day itself it is not later either
    on = engine.ask("2008-04-17", *IRAQ)
    assert not next(i for i in on.rationale_items if i.key == "nagoya-2008").later


def test_no_unmarked_rationale_postdates_its_answer() -> None:
    """Sweep (a subset of the reviewer's: the days around the dates of the rationale items
    that postdate rules in force earlier, and regime changes): every item dated after the
    answer's date is marked later and named in the explanation, and no other item is."""
    dates = {
        dt.date(1999, 8, 25),
        dt.date(2001, 7, 9),
        dt.date(2004, 1, 20),
        dt.date(2008, 4, 16),
        dt.date(2008, 4, 17),
        dt.date(2016, 3, 28),
        dt.date(2016, 3, 29),
    }
    dated = {k: r.date for k, r in ruleset().rationale.items()}
    n = marked = 0
    for d in sorted(dates):
        for sit in engine.situations(d):
            for loc in LOCATIONS:
                for a in engine.activities(d, sit, loc, include_all=True):
                    n += 1
                    for it in a.rationale_items:
                        rd = dated[it.key]
                        assert it.later == (rd is not None and rd > d), (d, sit, loc, it.key)
                        assert it.date == (rd.isoformat() if rd else "")
                        if it.later:
                            marked += 1
                            assert f"Later ({engine._day_in_words(it.date)}): {it.title}" in (
                                a.explanation
                            )
                    if not any(i.later for i in a.rationale_items):
                        assert "(in the rationale: after" not in a.explanation
    assert n > 1000 and marked > 50  # the sweep reaches the cases the review found


def test_cli_and_json_say_later() -> None:
    args = ["law", "ask", "--date", "2004-01-20", "-s", IRAQ[0], "-a", IRAQ[1], "-l", IRAQ[2]]
    runner = CliRunner()
    r = runner.invoke(app, args, env={"COLUMNS": "400"})
    assert r.exit_code == 0, r.output
    assert "Later (2008-04-17, after 2004-01-20): Nagoya High Court" in r.output
    j = runner.invoke(app, [*args, "--json"])
    assert j.exit_code == 0, j.output
    items = {i["key"]: i for i in json.loads(j.output)["rationale_items"]}
    assert items["nagoya-2008"]["later"] is True
    assert items["nagoya-2008"]["date"] == "2008-04-17"
    assert items["ittaika"]["later"] is False


def test_cli_and_web_take_the_later_mark_from_one_function() -> None:
    """The CLI prints and the web API returns ``anpo.law.later_label`` of each item: the mark
    cannot drift between the two (the web page renders ``later_label``; tests/test_web_browser.py
    checks the page). An item not later has no mark."""
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from anpo.law import later_label
    from anpo.web.app import create_app

    a = engine.ask("2004-01-20", *IRAQ)
    marks = {i.key: later_label(i, a.date) for i in a.rationale_items}
    assert marks["nagoya-2008"] == "Later (2008-04-17, after 2004-01-20)"
    assert marks["ittaika"] == ""
    assert later_label(a.rationale_items[0], "2004-01-20") == marks[a.rationale_items[0].key]
    args = ["law", "ask", "--date", "2004-01-20", "-s", IRAQ[0], "-a", IRAQ[1], "-l", IRAQ[2]]
    out = " ".join(CliRunner().invoke(app, args, env={"COLUMNS": "400"}).output.split())
    body = {"date": "2004-01-20", "situation": IRAQ[0], "activity": IRAQ[1], "location": IRAQ[2]}
    client = TestClient(create_app(time_limit=300), base_url="http://127.0.0.1")
    web = client.post("/api/law/ask", json=body).json()["rationale"]
    by_title = {i.title: marks[i.key] for i in a.rationale_items}
    for r in web:
        assert r["later_label"] == by_title[r["title"]]
        if r["later_label"]:
            assert f"{r['later_label']}: {r['title']}" in out
