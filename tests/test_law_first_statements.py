"""Dates of first statements in the law rationale, and the Diet's approval of the Iraq dispatch
(brief law17).

Three standing interpretations were undated (``no-overseas-deployment``, ``defense-operation``,
``use-of-weapons-not-force``). Each is now dated from the first public statement the sources
show, cited next to it, or says why not (``undated``; no guessed date):

* ``no-overseas-deployment``: Cabinet answer 内閣参質一三二第三号 of 7 March 1995 (sangiin.go.jp),
  the 海外派兵 point; the geographic range from Cabinet answer 内閣衆質九四第二五号 of 17 April
  1981 (shugiin.go.jp);
* ``defense-operation``: Cabinet answer 内閣衆質一〇二第四七号 of 27 September 1985
  (shugiin.go.jp): a defense operation may be ordered on the threat of an armed attack, but its
  requirements are not the three conditions of the use of force; SDF Act Art. 88(2) (e-Gov);
* ``use-of-weapons-not-force``: no dated text stating all of it before Defense of Japan 2016
  was found; it stays undated and says so.

The Iraq Act's Diet detail lost 'approved 9 February 2004' (commit 0259e4c3: it was uncited and
shown on answers before that day). Source of the date: Defense of Japan 2016, chronology 2004,
'Feb.09 Implementation of Iraq-related response measures approved in Diet'. It is now a dated
record of the version's defaults, given from that day on and never before.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from anpo.cli import app
from anpo.errors import DataError
from anpo.law import engine, load_ruleset_from, packaged_rule_texts
from anpo.law.loader import RATIONALE_FILE, ruleset
from anpo.law.schema import Defaults, Rationale

IRAQ = ("iraq-2003", "airlift-personnel", "foreign-territory-with-consent")
APPROVED = dt.date(2004, 2, 9)


def test_every_rationale_item_is_dated_or_says_why() -> None:
    """No item is silently undated: an undated item names what was searched and not found."""
    rs = ruleset()
    undated = {k: r.undated for k, r in rs.rationale.items() if r.date is None}
    assert set(undated) == {"use-of-weapons-not-force"}
    why = undated["use-of-weapons-not-force"]
    assert "No first statement verified" in why and "not dated rather than guessed" in why.lower()
    assert all(not r.undated for r in rs.rationale.values() if r.date is not None)


def test_the_standing_interpretations_are_dated_from_the_cabinet_answers_cited() -> None:
    """Sources: Cabinet answers 内閣参質一三二第三号 (7 March 1995, sangiin.go.jp) and
    内閣衆質一〇二第四七号 (27 September 1985, shugiin.go.jp), each cited with the item it dates."""
    rs = ruleset()
    for key, when, answer in [
        ("no-overseas-deployment", dt.date(1995, 3, 7), "内閣参質一三二第三号 of 7 March 1995"),
        ("defense-operation", dt.date(1985, 9, 27), "内閣衆質一〇二第四七号 of 27 September 1985"),
    ]:
        item = rs.rationale[key]
        assert item.date == when, key
        (dating,) = [s for s in item.sources if answer in s]
        assert "the date of the item" in dating, key


def test_an_undated_item_without_a_reason_is_a_data_error() -> None:
    """The rationale file rejects an item with neither a date nor a reason, and a dated item
    that also gives one (anpo.errors.DataError naming the file)."""
    texts = packaged_rule_texts()
    item = '\n[x-test]\ntitle = "t"\nkind = "commentary"\ntext = "x"\nsources = ["s"]\n'
    with pytest.raises(DataError, match="undated") as info:
        load_ruleset_from({**texts, RATIONALE_FILE: texts[RATIONALE_FILE] + item})
    assert info.value.file == RATIONALE_FILE
    both = item.replace('text = "x"', 'date = 2000-01-01\nundated = "why"\ntext = "x"')
    with pytest.raises(DataError, match="undated"):
        load_ruleset_from({**texts, RATIONALE_FILE: texts[RATIONALE_FILE] + both})
    ok = item.replace('text = "x"', 'undated = "nothing found"\ntext = "x"')
    rs = load_ruleset_from({**texts, RATIONALE_FILE: texts[RATIONALE_FILE] + ok})
    assert rs.rationale["x-test"].undated == "nothing found"
    with pytest.raises(ValueError, match="undated"):
        Rationale.model_validate(
            {"title": "t", "kind": "commentary", "text": "x", "sources": ["s"]}
        )


def test_the_iraq_answer_gives_the_diet_approval_from_its_day_on() -> None:
    """On 9 February 2004 and after, the Iraq Act's answer gives the Diet's approval with its
    date and source; the day before, only the procedure (Art. 6), nothing of the approval."""
    before = engine.ask(APPROVED - dt.timedelta(days=1), *IRAQ)
    on = engine.ask(APPROVED, *IRAQ)
    later = engine.ask("2008-06-01", *IRAQ)
    assert before.status == on.status == later.status == "conditional"
    approval = "the Diet approved the SDF's response measures in Iraq on 9 February 2004"
    for a in (on, later):
        assert approval in a.diet_approval_detail
        assert "Defense of Japan 2016, chronology 2004" in a.diet_approval_detail
        assert a.diet_approval_detail.startswith(before.diet_approval_detail + "; ")
    assert "Art. 6" in before.diet_approval_detail
    assert "approved" not in before.diet_approval_detail
    assert "2004" not in before.diet_approval_detail
    # the Diet check (an ex-post approval: the measures may start before it) is unchanged
    assert [c.state for c in before.checks if c.text.startswith("Diet approval")] == ["met"]


def test_the_cli_and_web_print_the_approval_as_of_the_date() -> None:
    """``anpo law ask`` (text and JSON) and the web API give the detail the engine gives."""
    runner = CliRunner()
    for d, said in [("2004-02-08", False), ("2004-02-09", True)]:
        args = ["law", "ask", "--date", d, "-s", IRAQ[0], "-a", IRAQ[1], "-l", IRAQ[2]]
        r = runner.invoke(app, args, env={"COLUMNS": "400"})
        assert r.exit_code == 0, r.output
        text = " ".join(r.output.split())
        assert ("approved the SDF's response measures in Iraq on 9 February 2004" in text) is said
        j = runner.invoke(app, [*args, "--json"])
        assert j.exit_code == 0, j.output
        detail = json.loads(j.output)["diet_approval_detail"]
        assert detail == engine.ask(d, *IRAQ).diet_approval_detail
        assert ("9 February 2004" in detail) is said
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from anpo.web.app import create_app

    client = TestClient(create_app(time_limit=300), base_url="http://127.0.0.1")
    for d in ("2004-02-08", "2004-02-09"):
        body = {"date": d, "situation": IRAQ[0], "activity": IRAQ[1], "location": IRAQ[2]}
        web = client.post("/api/law/ask", json=body).json()
        assert web["diet_approval_detail"] == engine.ask(d, *IRAQ).diet_approval_detail


def test_the_diet_record_is_read_in_date_order_from_each_day() -> None:
    """:meth:`Defaults.diet_detail_on`: the procedure, then each record from its own date."""
    defaults = Defaults.model_validate(
        {
            "diet_detail": "Art. 1: x",
            "diet_record": [
                {"date": dt.date(2001, 1, 1), "text": "first"},
                {"date": dt.date(2002, 1, 1), "text": "second"},
            ],
        }
    )
    assert defaults.diet_detail_on(dt.date(2000, 12, 31)) == "Art. 1: x"
    assert defaults.diet_detail_on(dt.date(2001, 1, 1)) == "Art. 1: x; first"
    assert defaults.diet_detail_on(dt.date(2003, 1, 1)) == "Art. 1: x; first; second"
    bare = Defaults.model_validate({"diet_record": [{"date": dt.date(2001, 1, 1), "text": "y"}]})
    assert bare.diet_detail_on(dt.date(2000, 1, 1)) == ""
    assert bare.diet_detail_on(dt.date(2001, 1, 1)) == "y"
