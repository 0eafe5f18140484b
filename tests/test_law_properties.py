"""Properties of the rule set and the engine (Hypothesis): every rule cites an article with a quote;
no two rules in force on the same date contradict for the same situation, activity and location;
``ask`` never raises for valid vocabulary on dates from the first regime on; answers are complete.
Source: issue 5 ('Tests'), the rule files.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anpo.errors import LawError
from anpo.law import (
    ACTIVITIES,
    DIET_APPROVAL,
    LOCATIONS,
    SITUATIONS,
    STATUSES,
    ask,
    contradictions,
    coverage_start,
    diff,
)
from anpo.law.loader import ruleset

FIRST = dt.date(1997, 9, 23)
dates = st.dates(min_value=FIRST, max_value=dt.date(2040, 12, 31))
sits = st.sampled_from(list(SITUATIONS))
acts = st.sampled_from(list(ACTIVITIES))
locs = st.sampled_from(list(LOCATIONS))


def _boundary_dates() -> list[dt.date]:
    out: set[dt.date] = set()
    for lf, rule in ruleset().rules():
        for d in (lf.law.in_force_from, lf.law.in_force_to, rule.valid_from, rule.valid_to):
            if d is not None:
                out |= {d - dt.timedelta(days=1), d, d + dt.timedelta(days=1)}
    return sorted(d for d in out if d >= FIRST)


def test_every_rule_cites_an_article_with_a_quote():
    """Every rule's basis, conditions, location and Diet-approval references resolve to a provision
    with an article and a non-empty Japanese quote."""
    rs = ruleset()
    for lf, rule in rs.rules():
        refs = list(rule.basis) + list(rule.location.basis) + list(rule.diet_basis or [])
        refs += [r for c in rule.conditions for r in c.basis]
        assert rule.basis, rule.id
        for ref in refs:
            _, prov = rs.provision(lf.law.key, ref)
            assert prov.article.strip(), (rule.id, ref)
            assert len(prov.quote.strip()) >= 2, (rule.id, ref)
            assert any("\u3040" <= ch <= "\u9fff" for ch in prov.quote), (rule.id, ref)


def test_every_law_has_sourced_dates_and_rules_have_rationale_kept_apart():
    """Each law's in-force dates carry sources and a confidence; rationales live in the separate
    catalogue and are never cited as a legal basis."""
    rs = ruleset()
    for lf in rs.laws.values():
        assert lf.law.date_sources and lf.law.date_confidence in ("high", "medium", "low")
    basis_keys = {ref for _, r in rs.rules() for ref in r.basis}
    assert not basis_keys & set(rs.rationale)


@pytest.mark.parametrize("date", _boundary_dates(), ids=str)
def test_no_contradictions_on_boundary_dates(date):
    """No two rules in force on a boundary date give different statuses for the same situation,
    activity and location (after exceptions override their general rules)."""
    assert contradictions(date) == []


@settings(max_examples=25, deadline=None)
@given(date=dates)
def test_no_contradictions_on_any_date(date):
    """Same property on arbitrary dates."""
    assert contradictions(date) == []


@settings(max_examples=300, deadline=None)
@given(date=dates, situation=sits, activity=acts, location=locs)
def test_ask_never_raises_and_answers_are_complete(date, situation, activity, location):
    """For valid vocabulary on dates from the first regime on, ask answers with a valid status;
    conditional answers carry conditions, citations (law, article, quote) and a Diet-approval kind;
    prohibited answers cite the excluding provision."""
    a = ask(date, situation, activity, location)
    assert a.status in STATUSES
    assert a.diet_approval in DIET_APPROVAL
    for c in a.legal_basis:
        assert c.law and c.article and c.quote
    if a.status in ("conditional", "permitted"):
        assert a.legal_basis and a.diet_approval != "not-applicable"
        assert any(c.role == "authorizes" for c in a.legal_basis)
    if a.status == "conditional":
        assert a.conditions
    if a.status == "prohibited":
        assert any(c.role == "excludes" for c in a.legal_basis)
        assert a.diet_approval == "not-applicable" and a.conditions == []
    if a.status == "no-legal-basis":
        assert a.diet_approval == "not-applicable"
    assert a.explanation.startswith(f"On {date.isoformat()}")


@settings(max_examples=50, deadline=None)
@given(date=dates, situation=sits, activity=acts, location=locs)
def test_date_forms_are_equivalent(date, situation, activity, location):
    """A date may be given as datetime.date, datetime.datetime or ISO string."""
    a = ask(date, situation, activity, location)
    b = ask(date.isoformat(), situation, activity, location)
    c = ask(dt.datetime(date.year, date.month, date.day, 12), situation, activity, location)
    assert a == b == c


@settings(max_examples=30, deadline=None)
@given(date=st.dates(max_value=FIRST - dt.timedelta(days=1)), situation=sits, activity=acts)
def test_dates_before_first_regime_raise(date, situation, activity):
    """A date before the first regime raises LawError naming the first valid date."""
    with pytest.raises(LawError, match=coverage_start().in_force_from.isoformat()):
        ask(date, situation, activity)


@settings(max_examples=50, deadline=None)
@given(name=st.text(min_size=1, max_size=20).filter(lambda s: s not in SITUATIONS))
def test_unknown_situation_lists_valid_values(name):
    """Unknown names raise LawError listing the valid values."""
    with pytest.raises(LawError) as exc:
        ask("2001-07-10", name, "medical")
    assert "surrounding-area" in str(exc.value) and "peacetime" in str(exc.value)


def test_unknown_activity_and_location_list_valid_values():
    """Unknown activity or location raise LawError listing the valid values."""
    with pytest.raises(LawError, match="valid activities: .*transport-weapons-ammunition"):
        ask("2001-07-10", "surrounding-area", "give-tanks")
    with pytest.raises(LawError, match="valid locations: .*high-seas-near-japan"):
        ask("2001-07-10", "surrounding-area", "medical", "moon")
    with pytest.raises(LawError, match="ISO"):
        ask("10/07/2001", "surrounding-area", "medical")


@settings(max_examples=10, deadline=None)
@given(a=dates, b=dates)
def test_diff_is_symmetric_and_empty_on_equal_dates(a, b):
    """diff(a, b) and diff(b, a) report the same keys; diff(a, a) is empty."""
    ab = {(c.situation, c.activity, c.location) for c in diff(a, b)}
    ba = {(c.situation, c.activity, c.location) for c in diff(b, a)}
    assert ab == ba
    assert diff(a, a) == []
