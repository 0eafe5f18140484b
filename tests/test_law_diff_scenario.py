"""diff, listings and scenario contributions. Sources: issue 5 (diff between two dates, activities
possible in a situation on a date, scenario contributions); reference ``japan-law.md``.
"""

from __future__ import annotations

import pytest

from anpo.errors import LawError
from anpo.law import (
    ACTIVITIES,
    Contribution,
    activities,
    answer_contributions,
    default_contributions,
    diff,
)
from anpo.law.scenario import contributions_from_scenarios


def test_diff_2001_to_2016_reports_both_citations():
    """diff(2001-07-10, 2016-03-29): peacetime ammunition goes from prohibited to conditional, with
    both citations. In 2001 the SDF Act provided goods under Art. 100-9(1) as the Japan-U.S. ACSA
    provides (「…協定（次項において「日米物品役務相互提供協定」という。）の定めるところにより」,
    Act No. 86 of 1996 as promulgated), the Agreement excluding weapons and ammunition; in 2016
    Art. 100-6(4) excludes weapons only."""
    changes = diff("2001-07-10", "2016-03-29")
    ch = next(
        c
        for c in changes
        if (c.situation, c.activity, c.location) == ("peacetime", "provide-ammunition", "japan")
    )
    assert (ch.status_before, ch.status_after) == ("prohibited", "conditional")
    assert "status" in ch.changed
    assert any(
        c.ref == "Art. 100-9(1)" and "日米物品役務相互提供協定" in c.quote
        for c in ch.before.legal_basis
    )
    assert any(c.ref == "Art. 100-6(1)" for c in ch.after.legal_basis)
    keys = {(c.situation, c.activity) for c in changes}
    assert ("important-influence", "provide-ammunition") in keys
    assert ("survival-threatening", "use-of-force") in keys
    assert ("surrounding-area", "transport-weapons-ammunition") in keys  # SAA replaced


def test_diff_follow_successors_compares_saa_with_iisa():
    """With successors, surrounding-area on 2016-03-28 is compared with important-influence on
    2016-03-29 (the SAA amended into the IISA): ammunition prohibited -> conditional; transport in
    Japan unchanged in status, changed in legal basis."""
    changes = diff(
        "2016-03-28",
        "2016-03-29",
        situations=["surrounding-area"],
        locations=["japan"],
        follow_successors=True,
    )
    by = {c.activity: c for c in changes}
    assert by["provide-ammunition"].situation_after == "important-influence"
    assert (by["provide-ammunition"].status_before, by["provide-ammunition"].status_after) == (
        "prohibited",
        "conditional",
    )
    t = by["transport-weapons-ammunition"]
    assert t.status_before == t.status_after == "conditional" and t.changed == ["legal_basis"]
    assert "provide-weapons" in by and by["provide-weapons"].status_after == "prohibited"


def test_diff_follows_a_successor_only_across_the_repeal():
    """The Surrounding Area Act became the Important Influence Act on 2016-03-29 (Act No. 76 of
    2015): between 2018 and 2022, and between a date and itself, nothing changed, with or
    without successors (the walk of issue 14 found 288 'changes' there, every row surrounding-
    area -> important-influence); a situation named twice is compared once."""
    assert diff("2018-01-01", "2022-01-01", follow_successors=True) == []
    assert diff("2016-04-01", "2016-04-01", follow_successors=True) == []
    once = diff("2001-01-01", "2016-04-01", situations=["peacetime"])
    twice = diff("2001-01-01", "2016-04-01", situations=["peacetime", "peacetime"])
    assert once and twice == once


def test_diff_rejects_unknown_names():
    """diff validates its filters like ask."""
    with pytest.raises(LawError, match="valid locations"):
        diff("2001-07-10", "2016-03-29", locations=["mars"])


def test_activities_possible_in_surrounding_area_2001():
    """Activities possible in a surrounding-area situation on 2001-07-10 in Japanese territory:
    the Annexed Table 1 services and ship inspection, not weapons, ammunition, sortie refuelling,
    asset protection or force."""
    possible = {a.activity for a in activities("2001-07-10", "surrounding-area", "japan")}
    assert {
        "transport-weapons-ammunition",
        "supply-fuel-water-food",
        "medical",
        "search-and-rescue",
        "ship-inspection",
    } <= possible
    assert not possible & {
        "provide-weapons",
        "provide-ammunition",
        "refuel-aircraft-for-sortie",
        "protect-us-assets",
        "use-of-force",
    }
    everything = activities("2001-07-10", "surrounding-area", include_all=True)
    assert len(everything) == len(ACTIVITIES) * 6


def test_contribution_model_is_strict():
    """Contribution (mounted as [[contributions]]): known names only, no extra keys."""
    c = Contribution(activity="medical", situation="peacetime")
    assert c.location == "japan"
    with pytest.raises(ValueError, match="valid activities"):
        Contribution(activity="bomb", situation="peacetime")
    with pytest.raises(ValueError):
        Contribution(activity="medical", situation="peacetime", colour="red")


def test_default_contributions_start_with_the_seed_example():
    """The default list ships the seed's example first (Soeya 2001): transport, weapons,
    ammunition in a surrounding-area situation."""
    first = default_contributions()[:3]
    assert [c.activity for c in first] == [
        "transport-weapons-ammunition",
        "provide-weapons",
        "provide-ammunition",
    ]
    ans = answer_contributions(first, "2001-07-10")
    assert [a.answer.status for a in ans] == ["conditional", "prohibited", "prohibited"]


def test_contributions_after_2016_follow_the_successor_situation():
    """After 2016-03-28 a surrounding-area contribution is assessed as important-influence."""
    ans = answer_contributions(default_contributions()[:3], "2020-01-01")
    assert {a.assessed_situation for a in ans} == {"important-influence"}
    assert [a.answer.status for a in ans] == ["conditional", "prohibited", "conditional"]
    assert "amended" in ans[0].succession_note
    strict = answer_contributions(
        default_contributions()[:1], "2020-01-01", follow_successors=False
    )
    assert strict[0].answer.status == "no-legal-basis"


def test_contributions_from_scenarios_accepts_dicts_and_objects():
    """Scenarios may carry contributions as dicts or objects; bad entries raise LawError."""

    class Scn:
        contributions = [{"activity": "medical", "situation": "peacetime"}]

    got = contributions_from_scenarios(
        [
            Scn(),
            {
                "contributions": [
                    Contribution(activity="use-of-force", situation="armed-attack-japan")
                ]
            },
            object(),
        ]
    )
    assert [c.activity for c in got] == ["medical", "use-of-force"]
    with pytest.raises(LawError, match="contributions"):
        contributions_from_scenarios([{"contributions": [{"activity": "x", "situation": "y"}]}])
