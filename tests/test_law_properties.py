"""Properties of the rule set and the engine (Hypothesis): every rule cites an article with a quote;
no two rules in force on the same date contradict for the same situation, activity and location;
``ask`` never raises for valid vocabulary on dates from the first regime on; answers are complete;
facts and presets agree; a ``depends-on`` answer never guesses; ``diff`` computed from the
intervals equals the answer-by-answer comparison. Source: issues 5 and 13 ('Tests'), the rule
files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anpo.errors import LawError
from anpo.law import (
    ACTIVITIES,
    DIET_APPROVAL,
    FACTS,
    LOCATIONS,
    PRESETS,
    SITUATIONS,
    STATUSES,
    WHERE,
    ask,
    contradictions,
    coverage_start,
    diff,
    engine,
)
from anpo.law.loader import ruleset

FIRST = dt.date(1997, 9, 23)
dates = st.dates(min_value=FIRST, max_value=dt.date(2040, 12, 31))
sits = st.sampled_from(list(SITUATIONS))
acts = st.sampled_from(list(ACTIVITIES))
locs = st.sampled_from(list(LOCATIONS))
maybe_bool = st.sampled_from([True, False, None])


def _boundary_dates() -> list[dt.date]:
    out: set[dt.date] = set()
    rs = ruleset()
    for lf, rule in rs.rules():
        for v in lf.versions:
            for d in (v.law.in_force_from, v.law.in_force_to):
                if d is not None:
                    out |= {d - dt.timedelta(days=1), d, d + dt.timedelta(days=1)}
        for d in (rule.valid_from, rule.valid_to):
            if d is not None:
                out |= {d - dt.timedelta(days=1), d, d + dt.timedelta(days=1)}
    return sorted(d for d in out if d >= FIRST)


def test_every_rule_cites_an_article_with_a_quote():
    """Every rule's basis, conditions, location and Diet-approval references resolve, on every
    day the rule is in force, to a provision with an article and a non-empty Japanese quote (the
    loader checks the coverage of the intervals; here the first and last day are asked)."""
    rs = ruleset()
    for lf, rule in rs.rules():
        name = rs.file_of(lf)
        start = max(rule.valid_from or lf.versions[0].law.in_force_from, FIRST)
        end = rule.valid_to or lf.versions[-1].law.in_force_to or dt.date(2030, 1, 1)
        refs = list(rule.basis) + list(rule.location.basis) + list(rule.diet_basis or [])
        refs += [r for c in rule.conditions for r in c.basis]
        assert rule.basis, rule.id
        for d in (start, end):
            if d < start:
                continue
            for ref in refs:
                _, prov, text, _ = rs.provision(name, ref, d)
                assert text.article.strip(), (rule.id, ref)
                assert len(text.quote.strip()) >= 2, (rule.id, ref)
                assert any("\u3040" <= ch <= "\u9fff" for ch in text.quote), (rule.id, ref)


def test_every_law_has_sourced_dates_and_rules_have_rationale_kept_apart():
    """Each law version's in-force dates carry sources and a confidence; rationales live in the
    separate catalogue and are never cited as a legal basis."""
    rs = ruleset()
    for v in rs.laws.values():
        assert v.law.date_sources and v.law.date_confidence in ("high", "medium", "low")
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
    a preset leaves no deciding fact open, so never 'depends-on'; conditional answers carry
    conditions, citations (law, article, quote) including the authorizing or defining provision,
    and a Diet-approval kind; prohibited answers cite the provision that bars it (or, where that
    provision is in a law not quoted, say so with a lower confidence)."""
    a = ask(date, situation, activity, location)
    assert a.status in STATUSES and a.status != "depends-on"
    assert a.diet_approval in DIET_APPROVAL
    assert a.missing_facts == []
    for c in a.legal_basis:
        assert c.law and c.article and c.quote
    if a.status in ("conditional", "permitted"):
        assert a.legal_basis and a.diet_approval != "not-applicable"
        assert any(c.role in ("authorizes", "defines") for c in a.legal_basis)
    if a.status == "conditional":
        assert a.conditions
        assert any(c.state == "open" for c in a.checks)
    if a.status == "prohibited":
        # the barring provision is cited, unless it lies in a law not quoted (e.g. the Maritime
        # Transportation Restriction Act's area), which the answer's confidence and notes say
        assert any(c.role in ("excludes", "restricts", "defines") for c in a.legal_basis) or (
            a.confidence != "high" and a.notes
        )
        assert a.diet_approval == "not-applicable" and a.conditions == []
    if a.status == "no-legal-basis":
        assert a.diet_approval == "not-applicable"
    assert a.explanation.startswith(f"On {date.isoformat()}")
    assert set(a.decided_by) <= set(a.facts)


@settings(max_examples=50, deadline=None)
@given(date=dates, situation=sits, activity=acts, location=locs)
def test_date_forms_are_equivalent(date, situation, activity, location):
    """A date may be given as datetime.date, datetime.datetime or ISO string."""
    a = ask(date, situation, activity, location)
    b = ask(date.isoformat(), situation, activity, location)
    c = ask(dt.datetime(date.year, date.month, date.day, 12), situation, activity, location)
    assert a == b == c


@settings(max_examples=60, deadline=None)
@given(date=dates, situation=sits, activity=acts, location=locs)
def test_a_preset_is_its_facts(date, situation, activity, location):
    """A location preset stands for its facts: asking with the facts alone, or with the preset
    and the same facts stated again, gives the same status, citations and conditions."""
    a = ask(date, situation, activity, location)
    b = ask(date, situation, activity, facts=PRESETS[location])
    c = ask(date, situation, activity, location, facts=PRESETS[location])
    for x in (b, c):
        assert (x.status, x.conditions, x.legal_basis, x.diet_approval) == (
            a.status,
            a.conditions,
            a.legal_basis,
            a.diet_approval,
        )


_DECIDING = st.fixed_dictionaries(
    {},
    optional={
        "where": st.sampled_from(list(WHERE)),
        "consent": st.booleans(),
        "combat_now": st.booleans(),
        "combat_expected": st.booleans(),
    },
)


@settings(max_examples=200, deadline=None)
@given(date=dates, situation=sits, activity=acts, facts=_DECIDING)
def test_depends_on_never_guesses(date, situation, activity, facts):
    """With facts left out, an answer either does not need them or says 'depends-on', lists
    the missing facts, and gives the status under each value of them; asking again with any of
    those values gives exactly that status (never a guess)."""
    a = ask(date, situation, activity, facts=facts)
    assert a.status in STATUSES
    if a.status != "depends-on":
        assert a.missing_facts == []
        return
    assert a.missing_facts and set(a.missing_facts) <= set(FACTS) - set(facts)
    assert a.alternatives and a.diet_approval == "undetermined"
    for alt in a.alternatives[:6]:
        b = ask(date, situation, activity, facts={**facts, **alt["facts"]})
        assert b.status == alt["status"], (alt, b.status)


#: The condition facts the property below gives. Every condition of the rule files that reads
#: one of them is met when it is true (``expect`` true: a Basic Plan covers the measure, the Diet
#: approved, the implementation area is safe); the Diet check of an ex-post approval also reads
#: ``emergency`` (approval, or an emergency, lets the measures start), which the property leaves
#: unstated. Source: the rule files' ``[[conditions]]`` with ``fact = "basic_plan"`` /
#: ``"area_safe"`` and the Acts' Diet-approval articles (e.g. ATSMA Art. 5, IPSA Art. 6).
CONDITION_FACTS = ("basic_plan", "diet_approved", "area_safe")


def test_condition_facts_are_met_when_true():
    """Every rule-file condition on a condition fact expects it true, as the property below
    assumes (a rule expecting one false would turn that property's expectation round)."""
    seen = 0
    for _, rule in ruleset().rules():
        for c in rule.conditions:
            if c.fact in CONDITION_FACTS:
                seen += 1
                assert c.expect is True, (rule.id, c.text)
    for key, v in ruleset().laws.items():
        for c in v.defaults.conditions:
            if c.fact in CONDITION_FACTS:
                seen += 1
                assert c.expect is True, (key, c.text)
    assert seen > 10


def _expected_status(a, facts: dict[str, bool]) -> str:
    """The status the facts should give a conditional answer ``a``, from the conditions it lists.

    A listed condition that is met (or a limit, or not applicable) stays so; an open one is met
    when one of the facts it needs is given true, not met when every fact it needs is given
    false, and stays open otherwise (e.g. the ex-post Diet check with approval refused but the
    emergency not stated). Every condition met -> permitted; one not met -> prohibited; else
    conditional."""
    states = []
    for c in a.checks:
        if c.state != "open":
            states.append("met")
            continue
        vals = [facts.get(k) for k in c.needs]
        if True in vals:
            states.append("met")
        elif vals and all(v is False for v in vals):
            states.append("not met")
        else:
            states.append("open")
    if "not met" in states:
        return "prohibited"
    if all(s == "met" for s in states):
        return "permitted"
    return "conditional"


@settings(max_examples=80, deadline=None)
@given(
    date=dates,
    situation=sits,
    activity=acts,
    location=locs,
    plan=maybe_bool,
    diet=maybe_bool,
    safe=maybe_bool,
)
def test_condition_facts_only_narrow_a_conditional_answer(
    date, situation, activity, location, plan, diet, safe
):
    """Condition facts (Basic Plan, Diet approval, safety of the area) turn a conditional answer
    into permitted (all its listed conditions met), keep it conditional (some open) or make it
    prohibited (one not met); they leave a permitted, prohibited or no-legal-basis answer as it
    is. The expected status is derived from the conditions the answer without the facts lists
    and the facts each of them needs (``CONDITION_FACTS``), not from the engine's evaluation.
    A ``depends-on`` answer is checked the same way through each of its alternatives (the
    question asked with the missing facts set)."""
    facts = {
        k: v for k, v in zip(CONDITION_FACTS, (plan, diet, safe), strict=True) if v is not None
    }
    a = ask(date, situation, activity, location)
    pairs = [(a, ask(date, situation, activity, location, facts=facts), {})]
    if a.status == "depends-on":
        pairs = []
        for alt in a.alternatives[:6]:
            given = {**alt["facts"]}
            a_alt = ask(date, situation, activity, location, facts=given)
            b_alt = ask(date, situation, activity, location, facts={**given, **facts})
            pairs.append((a_alt, b_alt, given))
    for a_, b, given in pairs:
        if a_.status == "conditional":
            assert b.status == _expected_status(a_, facts), (given, facts, a_.checks, b.checks)
        elif a_.status != "depends-on":
            assert b.status == a_.status, (given, facts)


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


def test_unknown_activity_location_and_facts_list_valid_values():
    """Unknown activity, location or fact, and a fact of the wrong type, raise LawError listing
    the valid values."""
    with pytest.raises(LawError, match="valid activities: .*transport-weapons-ammunition"):
        ask("2001-07-10", "surrounding-area", "give-tanks")
    with pytest.raises(LawError, match="valid locations: .*high-seas-near-japan"):
        ask("2001-07-10", "surrounding-area", "medical", "moon")
    with pytest.raises(LawError, match="not a date YYYY-MM-DD: .10/07/2001."):
        ask("10/07/2001", "surrounding-area", "medical")
    with pytest.raises(LawError, match="valid facts: .*combat_expected"):
        ask("2001-07-10", "surrounding-area", "medical", facts={"combat_soon": True})
    with pytest.raises(LawError, match="true or false"):
        ask("2001-07-10", "surrounding-area", "medical", facts={"combat_now": "maybe"})
    with pytest.raises(LawError, match="high-seas-near-japan"):
        ask("2001-07-10", "surrounding-area", "medical", facts={"where": "moon"})


@settings(max_examples=6, deadline=None)
@given(a=dates, b=dates)
def test_diff_runs_forward_and_is_empty_on_equal_dates(a, b):
    """diff(a, b) with ``a`` later than ``b`` is a LawError on date_a naming both dates, with
    or without successors, and so are the provisions changed (it was computed backwards
    without saying so, a successor never followed: cli29); diff(a, a) is empty either way."""
    early, late = sorted((a, b))
    if early != late:
        for kw in ({}, {"follow_successors": False}):
            with pytest.raises(LawError) as err:
                diff(late, early, **kw)
            assert err.value.field == "date_a"
            assert f"{late.isoformat()} is later than the second date, {early.isoformat()}" in (
                err.value.message
            )
        with pytest.raises(LawError, match="is later than the second date"):
            engine.provision_changes(late, early)
    assert diff(a, a) == [] and diff(a, a, follow_successors=False) == []


@pytest.mark.slow
@settings(max_examples=8, deadline=None)
@given(a=dates, b=dates)
def test_diff_from_intervals_equals_the_full_comparison(a, b):
    """diff re-evaluates only the (situation, activity) pairs whose rules, law versions, cited
    wording or providing laws differ between the dates; the result equals comparing every answer
    of the grid on both dates (each situation compared with itself: ``follow_successors=False``)."""
    a, b = sorted((a, b))  # a diff runs forward in time
    got = {
        (c.situation, c.activity, c.location): c.changed
        for c in diff(a, b, follow_successors=False)
    }
    want = {}
    for s in SITUATIONS:
        for act in ACTIVITIES:
            for loc in LOCATIONS:
                changed = engine.changed_fields(ask(a, s, act, loc), ask(b, s, act, loc))
                if changed:
                    want[(s, act, loc)] = changed
    assert got == want


@pytest.mark.slow
def test_benchmark_runs_and_its_baseline_scan_agrees(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``python benchmarks/law.py`` (named in the README) runs: its rule-scan baseline gives the
    same answers as the index over the whole grid, and both diffs agree with the answer-by-answer
    comparison (the script asserts both). It crashed once the index became per rule set
    (``engine.rule_index()`` without the rule set). Each timing is taken once here."""
    import importlib.util

    from _support import ROOT

    spec = importlib.util.spec_from_file_location("law_bench", ROOT / "benchmarks" / "law.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    monkeypatch.setattr(bench, "_best", lambda fn, repeat=5: _timed_once(fn))
    bench.main()
    out = capsys.readouterr().out
    assert "ask over the grid" in out and out.count("ratio") == 3


def _timed_once(fn: Callable[[], object]) -> float:
    import time

    t0 = time.perf_counter()
    fn()
    return max(time.perf_counter() - t0, 1e-9)


def test_an_alternative_is_what_asking_again_gives() -> None:
    """Found by the property above in a fresh clone: on 2016-03-29 (the 2015 legislation in
    force), search and rescue in an important-influence situation with consent and combat not
    stated listed 'combat_now = false' as 'depends-on', while asking again with it answered
    'conditional' (the further fact it raises does not change the answer). An alternative is now
    the answer asking again gives (the Important Influence Situations Act as revised in 2015)."""
    a = ask(
        dt.date(2016, 3, 29), "important-influence", "search-and-rescue", facts={"consent": True}
    )
    assert a.status == "depends-on" and a.alternatives
    for alt in a.alternatives:
        b = ask(
            dt.date(2016, 3, 29),
            "important-influence",
            "search-and-rescue",
            facts={"consent": True, **alt["facts"]},
        )
        assert b.status == alt["status"], alt
