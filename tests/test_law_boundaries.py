"""In-force boundaries: for each regime with dates, the day before it takes effect, the first day,
the last day and the day after it lapses (or is replaced). Sources: each law's in-force dates and
their sources in the rule files (Supplementary Provisions; Defense of Japan 2007 and 2016
chronologies; reference timeline ``japan-law.md``).
"""

from __future__ import annotations

import datetime as dt

import pytest

from anpo.errors import LawError
from anpo.law import COVERAGE_START_KEY, ask, coverage_start, regimes, situations
from anpo.law.loader import ruleset

ONE = dt.timedelta(days=1)

#: (law key, question (situation, activity, location), status inside, status outside,
#:  start, end (None: still in force))
BOUNDARIES = [
    (
        "saa-1999",
        ("surrounding-area", "transport-weapons-ammunition", "japan"),
        "conditional",
        "no-legal-basis",
        "1999-08-25",
        "2016-03-28",
    ),
    (
        "ship-inspection-2000",
        ("surrounding-area", "ship-inspection", "high-seas-near-japan"),
        "conditional",
        "no-legal-basis",
        "2001-03-01",
        "2016-03-28",
    ),
    (
        "atsma-2001",
        ("anti-terrorism-2001", "refuel-ships-at-sea", "high-seas"),
        "conditional",
        "no-legal-basis",
        "2001-11-02",
        "2007-11-01",
    ),
    (
        "iraq-2003",
        ("iraq-2003", "airlift-personnel", "foreign-territory-with-consent"),
        "conditional",
        "no-legal-basis",
        "2003-08-01",
        "2009-07-31",
    ),
    (
        "us-actions-2004",
        ("armed-attack-japan", "provide-ammunition", "japan"),
        "conditional",
        "no-legal-basis",
        "2004-07-29",
        None,
    ),
    (
        "replenishment-2008",
        ("replenishment-2008", "refuel-ships-at-sea", "high-seas"),
        "conditional",
        "no-legal-basis",
        "2008-01-16",
        "2010-01-15",
    ),
    (
        "iisa-2016",
        ("important-influence", "provide-ammunition", "japan"),
        "conditional",
        "no-legal-basis",
        "2016-03-29",
        None,
    ),
    (
        "ipsa-2016",
        ("international-peace", "medical", "foreign-territory-with-consent"),
        "conditional",
        "no-legal-basis",
        "2016-03-29",
        None,
    ),
    (
        "sdf-act-2016",
        ("survival-threatening", "use-of-force", "high-seas"),
        "conditional",
        "no-legal-basis",
        "2016-03-29",
        None,
    ),
    (
        "sdf-act-2016",
        ("peacetime", "protect-us-assets", "high-seas-near-japan"),
        "conditional",
        "no-legal-basis",
        "2016-03-29",
        None,
    ),
    (
        "sdf-act-2016",
        ("peacetime", "provide-ammunition", "japan"),
        "conditional",
        "prohibited",
        "2016-03-29",
        None,
    ),
    (
        "sdf-act-pre2016",
        ("armed-attack-japan", "ship-inspection", "high-seas-near-japan"),
        "conditional",
        "no-legal-basis",
        "2004-12-17",
        None,
    ),
]


@pytest.mark.parametrize(
    ("key", "question", "inside", "outside", "start", "end"),
    BOUNDARIES,
    ids=[f"{b[0]}:{b[1][1]}" for b in BOUNDARIES],
)
def test_in_force_boundaries(key, question, inside, outside, start, end):
    """Day before and first day; last day and day after (each regime's in-force dates)."""
    s, a, loc = question
    first = dt.date.fromisoformat(start)
    assert ask(first - ONE, s, a, loc).status == outside
    on_first = ask(first, s, a, loc)
    assert on_first.status == inside
    if end is not None:
        last = dt.date.fromisoformat(end)
        assert ask(last, s, a, loc).status == inside
        assert ask(last + ONE, s, a, loc).status == outside


@pytest.mark.parametrize(
    ("key", "start", "end"),
    [
        ("saa-1999", "1999-08-25", "2016-03-28"),
        ("ship-inspection-2000", "2001-03-01", "2016-03-28"),
        ("atsma-2001", "2001-11-02", "2007-11-01"),
        ("iraq-2003", "2003-08-01", "2009-07-31"),
        ("us-actions-2004", "2004-07-29", "2016-03-28"),
        ("replenishment-2008", "2008-01-16", "2010-01-15"),
        ("iisa-2016", "2016-03-29", None),
        ("ipsa-2016", "2016-03-29", None),
        ("guidelines-1997", "1997-09-23", "2015-04-26"),
        ("guidelines-2015", "2015-04-27", None),
        ("cabinet-decision-2014", "2014-07-01", None),
    ],
)
def test_regime_dates_match_the_reference_timeline(key, start, end):
    """Reference timeline (japan-law.md): SAA 1999-08-25 to 2016-03-28; ATSMA 2001-11-02 to
    2007-11-01; Iraq SMA 2003-08-01 to 2009-07-31; Replenishment SMA 2008-01-16 to 2010-01-15;
    2016 legislation 2016-03-29; Guidelines 1997-09-23 and 2015-04-27; Cabinet Decision
    2014-07-01. Ship Inspection Act in force 2001-03-01 (Defense of Japan 2007 chronology); 2004
    Act in force 2004-07-29 (amended ACSA in force, MOFA 29 July 2004)."""
    meta = ruleset().laws[key].law
    assert meta.in_force_from.isoformat() == start
    assert (meta.in_force_to.isoformat() if meta.in_force_to else None) == end
    assert meta.date_sources


def test_promulgated_within_three_months_dates_are_documented():
    """'Within three months of promulgation' (Supplementary Provisions): the Ship Inspection Act
    was promulgated 2000-12-06 and in force 2001-03-01 (documented, high confidence); the 2004 Act
    took effect with the amended ACSA on 2004-07-29 (public record outside the shared sources,
    medium confidence)."""
    laws = ruleset().laws
    si = laws["ship-inspection-2000"].law
    assert si.in_force_from - dt.date(2000, 12, 6) <= dt.timedelta(days=92)
    assert si.date_confidence == "high"
    assert laws["us-actions-2004"].law.date_confidence == "medium"


def test_situation_lapsed_after_special_measures_act():
    """After the ATSMA lapsed (2007-11-01) the anti-terrorism situation has no legal basis; the
    brief's example."""
    a = ask("2008-01-01", "anti-terrorism-2001", "refuel-ships-at-sea", "high-seas")
    assert a.status == "no-legal-basis"
    assert a.legal_basis == []
    assert "2007-11-01" in a.explanation
    assert "anti-terrorism-2001" not in situations("2008-01-01")


def test_important_influence_before_2016_has_no_legal_basis():
    """`important-influence` before 2016-03-29 has no legal basis (issue 5 status semantics)."""
    a = ask("2016-03-28", "important-influence", "medical", "japan")
    assert a.status == "no-legal-basis"
    assert a.diet_approval == "not-applicable"
    assert "2016-03-29" in a.explanation


def test_surrounding_area_after_2016_has_no_legal_basis():
    """The SAA was amended into the IISA on 2016-03-29: 'surrounding-area' is no longer provided
    for (the report assesses it as 'important-influence')."""
    assert ask("2016-03-29", "surrounding-area", "medical", "japan").status == "no-legal-basis"


def test_peacetime_support_rule_switches_on_2004_07_29():
    """SDF Act Art. 100-6: joint training only until 2004-07-28; five categories from 2004-07-29
    (MOFA press release of 29 July 2004)."""
    before = ask("2004-07-28", "peacetime", "medical", "japan")
    after = ask("2004-07-29", "peacetime", "medical", "japan")
    assert before.rules == ["sdf-act-pre2016/acsa-joint-training"]
    assert after.rules == ["sdf-act-pre2016/acsa-2004"]


def test_coverage_starts_with_the_1997_guidelines():
    """The first regime of the reference timeline is the 1997 Guidelines (1997-09-23): earlier
    dates raise LawError naming the valid range; on that day peacetime questions are answered."""
    with pytest.raises(LawError, match="1997-09-23"):
        ask("1997-09-22", "peacetime", "medical", "japan")
    assert ask("1997-09-23", "peacetime", "medical", "japan").status == "conditional"
    assert ask("1997-09-23", "surrounding-area", "medical", "japan").status == "no-legal-basis"


def test_coverage_start_is_the_earliest_regime_of_the_timeline():
    """The coverage start is derived from the rule files: the earliest regime that is not standing
    law. Reference timeline (japan-law.md, 'Timeline of regimes'): the 1997 Guidelines,
    1997-09-23, are its first row; only the SDF Act of 1954 (standing law) is older, and it does
    not move the start; likewise the International Peace Cooperation Act of 1992. Every other
    regime starts on or after it."""
    first = coverage_start()
    assert first.key == COVERAGE_START_KEY == "guidelines-1997"
    assert first.in_force_from == dt.date(1997, 9, 23) and not first.binding
    older = [m.key for m in regimes() if m.in_force_from < first.in_force_from]
    assert older == ["sdf-act-pre2016", "pko-1992"]
    assert all(ruleset().laws[k].law.standing for k in older)
    assert not any(m.standing for m in regimes() if m.key not in older)


def test_date_error_lists_the_valid_dates_and_regime_starts():
    """Issue 5: a date before the first regime gets a clear error listing the valid values: the
    first valid date and the start date of every regime (SAA 1999-08-25, Supplementary
    Provisions; 2016 legislation 2016-03-29, Defense of Japan 2016)."""
    with pytest.raises(LawError) as exc:
        ask("1996-12-01", "peacetime", "medical", "japan")
    msg = str(exc.value)
    assert "1997-09-23 or later" in msg
    for fragment in (
        "1999-08-25 SAA",
        "2001-11-02 ATSMA",
        "2003-08-01 Iraq SMA",
        "2008-01-16 Replenishment SMA",
        "2016-03-29 IISA, IPSA",
    ):
        assert fragment in msg
    assert "1954" not in msg


def test_day_before_the_saa_is_covered_and_has_no_legal_basis():
    """Between the 1997 Guidelines and the SAA (in force 1999-08-25, Defense of Japan 2007
    chronology) no law provided for a surrounding-area situation: no-legal-basis, not an error,
    with the Guidelines as rationale (they create no legal basis, section II.4)."""
    a = ask("1999-08-24", "surrounding-area", "transport-weapons-ammunition", "japan")
    assert a.status == "no-legal-basis" and a.legal_basis == []
    assert "1999-08-25" in a.explanation
    assert [r.key for r in a.rationale_items] == ["guidelines-1997"]


def test_armed_attack_support_passes_to_the_amended_act_on_2016_03_29():
    """Act No. 113 of 2004: the pre-2015 version's last day is 2016-03-28; from 2016-03-29 the
    version amended by Act No. 76 of 2015 answers (also for survival-threatening situations)."""
    last = ask("2016-03-28", "armed-attack-japan", "provide-ammunition", "japan")
    first = ask("2016-03-29", "armed-attack-japan", "provide-ammunition", "japan")
    assert last.rules == ["us-actions-2004/goods"]
    assert first.rules == ["us-actions-2016/goods"]
    assert (
        ask("2016-03-28", "survival-threatening", "provide-ammunition", "high-seas").status
        == "no-legal-basis"
    )
