"""Facts in, answers out (issue 13): combat now versus combat expected under the 2001-2009 special
measures acts and after 2016; UN peacekeeping and kaketsuke-keigo before and after 2016-03-29;
'depends-on' answers; conditions evaluated from facts.

Sources (cited per test): Anti-Terrorism Special Measures Act (Act No. 113 of 2001) Art. 2(3);
Iraq Special Measures Act (Act No. 137 of 2003) Art. 2(3); Surrounding Areas Act (Act No. 60 of
1999) Art. 3(1)(iii); Important Influence Situations Act and International Peace Support Act
(2015) Art. 2(3)-(4), Art. 6; International Peace Cooperation Act (Act No. 79 of 1992) Arts. 3,
24, 26 and Defense of Japan 2016, Part II Ch. 3 Sec. 3.
"""

from __future__ import annotations

import re

import pytest

from anpo.errors import LawError
from anpo.law import PRESETS, ask, parse_assignments, provision_changes, provisions

EXPECTED_NOT_NOW = {
    "where": "foreign-territory",
    "consent": True,
    "combat_now": False,
    "combat_expected": True,
}


def _cites(ans) -> dict[tuple[str, str], str]:
    return {(c.law_key, c.ref): c.role for c in ans.legal_basis}


# ------------------------------------------------------------------ combat now vs expected


def test_done_when_combat_expected_but_not_under_way_2007_versus_2017():
    """Issue 13, 'Done when': a place where combat is expected but not under way. In 2007 under
    the Iraq Special Measures Act it is not a non-combat area (Art. 2(3): no combat now *and*
    none expected during the activity): prohibited. In 2017 in an important influence situation
    only the scene of actual combat is excluded (IISA Art. 2(3)): conditional, with the
    suspension when combat comes near (Art. 6(5)) left open."""
    iraq = ask("2007-06-01", "iraq-2003", "transport-weapons-ammunition", facts=EXPECTED_NOT_NOW)
    iisa = ask(
        "2017-06-01", "important-influence", "transport-weapons-ammunition", facts=EXPECTED_NOT_NOW
    )
    assert (iraq.status, iisa.status) == ("prohibited", "conditional")
    assert ("iraq-2003", "Art. 2(3)") in _cites(iraq)
    assert "combat is expected there" in iraq.explanation
    assert iraq.decided_by == {"where": "foreign-territory", "combat_expected": True}
    assert _cites(iisa)[("iisa-2016", "Art. 2(3)")] == "excludes"
    assert iisa.decided_by["combat_now"] is False and "combat_expected" not in iisa.decided_by
    suspension = next(c for c in iisa.checks if "suspend" in c.text)
    assert suspension.state == "open" and suspension.needs == ["combat_nearby"]


@pytest.mark.parametrize(
    ("date", "situation", "law_key"),
    [
        ("2002-01-01", "anti-terrorism-2001", "atsma-2001"),
        ("2007-06-01", "iraq-2003", "iraq-2003"),
    ],
)
def test_special_measures_acts_exclude_combat_now_and_expected(date, situation, law_key):
    """2001 and 2003 acts, Art. 2(3): the non-combat area (非戦闘地域) excludes both a place
    where combat is taking place now and one where it is expected during the activity; a place
    with neither, with consent, qualifies."""
    act = "medical"
    for facts in (
        {"where": "foreign-territory", "consent": True, "combat_now": True},
        EXPECTED_NOT_NOW,
        {**EXPECTED_NOT_NOW, "where": "high-seas"},
    ):
        a = ask(date, situation, act, facts=facts)
        assert a.status == "prohibited", facts
        assert (law_key, "Art. 2(3)") in _cites(a)
    ok = ask(date, situation, act, facts={**EXPECTED_NOT_NOW, "combat_expected": False})
    assert ok.status == "conditional"
    assert ok.location_tests[0].test == "non-combat-area" and ok.location_tests[0].passed


@pytest.mark.parametrize(
    ("situation", "law_key"),
    [("important-influence", "iisa-2016"), ("international-peace", "ipsa-2016")],
)
def test_after_2016_only_the_scene_of_actual_combat_is_excluded(situation, law_key):
    """IISA and IPSA Art. 2(3): support is not carried out at the scene where combat is actually
    taking place; combat expected later does not bar it, but when combat begins or is predicted
    near the site the commanders suspend the activity (IISA Art. 6(5); IPSA likewise)."""
    d = "2017-06-01"
    act = "transport-weapons-ammunition"
    now = ask(d, situation, act, facts={**EXPECTED_NOT_NOW, "combat_now": True})
    assert now.status == "prohibited"
    assert _cites(now)[(law_key, "Art. 2(3)")] == "excludes"
    assert ask(d, situation, act, facts=EXPECTED_NOT_NOW).status == "conditional"
    near = ask(d, situation, act, facts={**EXPECTED_NOT_NOW, "combat_nearby": True})
    assert near.status == "prohibited"
    assert any(c.state == "not met" and "suspend" in c.text for c in near.checks)
    no_consent = ask(d, situation, act, facts={**EXPECTED_NOT_NOW, "consent": False})
    assert no_consent.status == "prohibited"
    assert (law_key, "Art. 2(4)") in _cites(no_consent)


def test_rear_area_1999_excludes_expected_combat_on_the_high_seas_around_japan():
    """SAA Art. 3(1)(iii): the high seas around Japan are rear area only where no combat is
    taking place now and none is expected during the activity; Japanese territory always is."""
    d, s, act = "2001-07-10", "surrounding-area", "transport-weapons-ammunition"
    base = dict(PRESETS["high-seas-near-japan"])
    assert ask(d, s, act, facts=base).status == "conditional"
    assert ask(d, s, act, facts={**base, "combat_expected": True}).status == "prohibited"
    assert ask(d, s, act, facts={**base, "combat_now": True}).status == "prohibited"
    japan = ask(d, s, act, facts={"where": "japan", "combat_now": True})
    assert japan.status == "conditional" and japan.missing_facts == []
    assert japan.decided_by == {"where": "japan", "alongside": "none"}


def test_territorial_sea_of_japan_is_japanese_territory():
    """The fact where = japan-territorial-sea is Japanese territory (我が国領域) for the rear
    area test (SAA Art. 3(1)(iii)) and the ship inspection area (Ship Inspection Act Art. 2)."""
    f = {"where": "japan-territorial-sea"}
    assert ask("2001-07-10", "surrounding-area", "medical", facts=f).status == "conditional"
    assert ask("2001-07-10", "surrounding-area", "ship-inspection", facts=f).status == "conditional"


# ------------------------------------------------------------------ depends-on


def test_missing_facts_give_depends_on_with_the_answer_under_each_value():
    """A rule that needs a fact the question lacks answers 'depends-on', lists the missing facts
    and the status under each of their values — never a guess (Iraq SMA Art. 2(3) needs both
    combat facts; IISA Art. 2(3) only the present one)."""
    f = {"where": "foreign-territory", "consent": True}
    iraq = ask("2007-06-01", "iraq-2003", "medical", facts=f)
    assert iraq.status == "depends-on"
    assert iraq.missing_facts == ["combat_now", "combat_expected"]
    by = {tuple(sorted(a["facts"].items())): a["status"] for a in iraq.alternatives}
    assert by[(("combat_expected", False), ("combat_now", False))] == "conditional"
    assert by[(("combat_expected", True), ("combat_now", False))] == "prohibited"
    assert iraq.diet_approval == "undetermined" and iraq.conditions == []
    assert (
        "Missing facts: combat acts are actually taking place at the site (combat_now); combat "
        "acts are expected at the site during the activity (combat_expected)"
    ) in iraq.explanation
    iisa = ask("2017-06-01", "important-influence", "medical", facts=f)
    assert iisa.missing_facts == ["combat_now"]
    assert {a["status"] for a in iisa.alternatives} == {"prohibited", "conditional"}


def test_every_sentence_of_the_explanation_ends_with_a_full_stop():
    """A rule's reason ending with a fact's '(key)' or '(key=value)' got no full stop, so the
    explanation read '... (combat_now) Missing facts: ...' and '... Art. 3(1)(iii) [saa-1999/...]':
    every rule's reason now ends with one before the next sentence, never doubled. Source: IISA Art. 2(3), Iraq SMA Art. 2(3), SAA Art. 3(1)(iii), PKO Act Art. 3 via
    the rule files (anpo/law/rules)."""
    f = {"where": "foreign-territory"}
    answers = [
        ask("2017-06-01", "important-influence", "medical", facts={**f, "consent": True}),
        ask("2007-06-01", "iraq-2003", "medical", facts={**f, "consent": True}),
        ask("1997-09-23", "un-peacekeeping", "airlift-personnel", facts=f),
        ask("1999-08-25", "surrounding-area", "provide-weapons", facts=f),
    ]
    assert any(a.status == "depends-on" for a in answers)
    for a in answers:
        text = a.explanation
        assert text.endswith("."), text
        # the rule ids ('[iisa-2016/medical]') and the missing facts each open a sentence
        for m in re.finditer(
            r" (\[[a-z0-9-]+/[a-z0-9-]+\]|Missing facts:|Not met:|Conditions:)", text
        ):
            assert text[m.start() - 1] == ".", (m.group(1), text)
        assert ".." not in text and ".)." not in text and ") Missing" not in text, text


def test_depends_on_where_and_not_on_facts_an_exception_makes_irrelevant():
    """Without 'where' the location test cannot run: depends-on; but an exclusion that holds
    wherever (SAA Annexed Table 1, note 1: no weapons, ammunition included) needs no fact."""
    a = ask("2001-07-10", "surrounding-area", "medical", facts={})
    assert a.status == "depends-on" and a.missing_facts == ["where"]
    assert len(a.alternatives) == 5
    w = ask("2001-07-10", "surrounding-area", "provide-ammunition", facts={})
    assert (
        w.status == "prohibited" and w.missing_facts == [] and w.decided_by == {"alongside": "none"}
    )


def test_a_stated_fact_overrides_the_preset():
    """Given a preset and facts, a stated fact overrides what the preset implies."""
    a = ask("2007-06-01", "iraq-2003", "medical", "foreign-territory-with-consent")
    b = ask(
        "2007-06-01",
        "iraq-2003",
        "medical",
        "foreign-territory-with-consent",
        facts={"combat_expected": True},
    )
    assert (a.status, b.status) == ("conditional", "prohibited")
    assert b.facts["combat_expected"] is True and b.facts["consent"] is True
    assert (
        "facts: the place of the activity: territory of a foreign state (land, territorial sea, "
        "airspace) (where=foreign-territory)"
    ) in b.explanation


def test_parse_assignments_for_the_command_line():
    """--fact KEY=VALUE: booleans as true/false/yes/no/1/0, places by name; bad input is a
    LawError naming the fact."""
    f = parse_assignments(["combat_now=false", "combat_expected=yes", "where=high-seas"])
    assert f == {"combat_now": False, "combat_expected": True, "where": "high-seas"}
    with pytest.raises(LawError, match="KEY=VALUE"):
        parse_assignments(["combat_now"])
    with pytest.raises(LawError, match="true or false"):
        parse_assignments(["consent=perhaps"])


# ------------------------------------------------------------------ conditions as rules


def test_conditions_evaluated_from_facts():
    """SAA 2001, transport in Japan: Basic Plan (Art. 4(1)) and Diet approval (Art. 5(1)) are
    condition facts. All met: permitted; the Diet has not approved and there is no emergency:
    prohibited (Art. 5(1)); an emergency lets the measures start before approval (Art. 5(1)
    proviso). No Basic Plan: prohibited."""
    d, s, act = "2001-07-10", "surrounding-area", "transport-weapons-ammunition"
    open_ = ask(d, s, act, "japan")
    assert open_.status == "conditional"
    states = {c.text.split(" ")[0]: c.state for c in open_.checks}
    assert states["Diet"] == "open"
    assert ask(d, s, act, "japan", facts={"basic_plan": True, "diet_approved": True}).status == (
        "permitted"
    )
    assert ask(d, s, act, "japan", facts={"basic_plan": True, "emergency": True}).status == (
        "permitted"
    )
    no_diet = ask(
        d, s, act, "japan", facts={"basic_plan": True, "diet_approved": False, "emergency": False}
    )
    assert no_diet.status == "prohibited"
    assert any(c.role == "diet-approval" for c in no_diet.legal_basis)
    no_plan = ask(d, s, act, "japan", facts={"basic_plan": False})
    assert no_plan.status == "prohibited"
    assert ("saa-1999", "Art. 4(1)") in _cites(no_plan)
    assert no_plan.checks[0].state == "not met"


def test_diet_approval_goods_versus_services_2004_act():
    """Act No. 113 of 2004: goods (Art. 10(1)) need no Diet approval, services (Art. 10(2)-(3))
    need it through the Basic Response Plan or the defense-operation order (Defense of Japan
    2007, Reference 31): with the plan and no Diet approval the goods are permitted, the
    services are not."""
    facts = {"basic_plan": True, "diet_approved": False, "emergency": False}
    goods = ask("2010-01-01", "armed-attack-japan", "provide-ammunition", "japan", facts=facts)
    services = ask("2010-01-01", "armed-attack-japan", "medical", "japan", facts=facts)
    assert (goods.diet_approval, services.diet_approval) == ("none", "with-basic-response-plan")
    assert (goods.status, services.status) == ("permitted", "prohibited")


def test_ipsa_needs_a_un_resolution_and_prior_diet_approval_without_exception():
    """IPSA Art. 3(1)(i): without a UN resolution the Act does not apply (no legal basis);
    Art. 6: prior Diet approval without exception (an emergency does not replace it)."""
    d, s, act, loc = "2020-01-01", "international-peace", "medical", "high-seas"
    assert ask(d, s, act, loc, facts={"un_resolution": False}).status == "no-legal-basis"
    em = ask(
        d, s, act, loc, facts={"un_resolution": True, "emergency": True, "diet_approved": False}
    )
    assert em.status == "prohibited"


def test_ship_inspection_un_resolution_or_flag_state_consent():
    """Ship Inspection Operations Act Art. 2: a UN Security Council resolution or the flag
    state's consent; with neither no inspection."""
    d, s, act, loc = "2001-07-10", "surrounding-area", "ship-inspection", "high-seas-near-japan"
    assert ask(d, s, act, loc, facts={"flag_state_consent": True}).checks[1].state == "met"
    neither = ask(d, s, act, loc, facts={"un_resolution": False, "flag_state_consent": False})
    assert neither.status == "prohibited"
    assert ("ship-inspection-2000", "Art. 2") in _cites(neither)


# ------------------------------------------------------------------ PKO Act and kaketsuke-keigo

PKO_FACTS = {
    **PRESETS["foreign-territory-with-consent"],
    "basic_plan": True,
    "ceasefire": True,
    "parties_consent": True,
    "impartial": True,
}


def test_kaketsuke_keigo_before_and_after_2016_03_29():
    """PKO Act: before 2016-03-29 no assignment was coming to the protection of UN or aid
    personnel elsewhere, and SDF personnel could use weapons only to protect themselves and those
    with them or under their control (Art. 24(3)): no legal basis. From 2016-03-29
    kaketsuke-keigo is an assignment (Art. 3(v)(ra)) with its own use of weapons (Art. 26(2)),
    where the Five Principles hold and the consent is stably maintained (Defense of Japan 2016)."""
    before = ask("2016-03-28", "un-peacekeeping", "rescue-escort", "foreign-territory-with-consent")
    after = ask("2016-03-29", "un-peacekeeping", "rescue-escort", "foreign-territory-with-consent")
    assert (before.status, after.status) == ("no-legal-basis", "conditional")
    assert _cites(before)[("pko-1992", "Art. 24(3)")] == "scope"
    assert _cites(after)[("pko-2016", "Art. 26(2)")] == "authorizes"
    assert after.diet_approval == "none"
    texts = " ".join(after.conditions)
    assert "stably maintained" in texts and "ceasefire" in texts and "partiality" in texts
    assert any(r.key == "kaketsuke-keigo" for r in after.rationale_items)
    full = ask(
        "2017-06-01",
        "un-peacekeeping",
        "rescue-escort",
        facts={**PKO_FACTS, "consent_stable": True, "requested": True},
    )
    assert full.status == "permitted"
    unstable = ask(
        "2017-06-01",
        "un-peacekeeping",
        "rescue-escort",
        facts={**PKO_FACTS, "consent_stable": False},
    )
    assert unstable.status == "prohibited"
    assert "quasi-state" in unstable.explanation


def test_un_peacekeeping_before_and_after_2016():
    """PKO Act: medical care and transport are assignments both before and after 2016-03-29
    (Art. 3(iii) nu, ta; Art. 9(4)), overseas only (Art. 3: 海外), under the Five Principles; no
    ceasefire agreement: no legal basis; the parties withdraw consent: prohibited; use of force
    excluded (Art. 2(2))."""
    for d in ("2005-01-01", "2020-01-01"):
        a = ask(d, "un-peacekeeping", "medical", "foreign-territory-with-consent")
        assert a.status == "conditional" and a.location_tests[0].test == "overseas"
        assert ask(d, "un-peacekeeping", "medical", "japan").status == "prohibited"
        assert ask(d, "un-peacekeeping", "medical", "foreign-territory").status == "prohibited"
        assert ask(d, "un-peacekeeping", "medical", facts=PKO_FACTS).status == "permitted"
        no_ceasefire = ask(d, "un-peacekeeping", "medical", facts={**PKO_FACTS, "ceasefire": False})
        assert no_ceasefire.status == "no-legal-basis"
        no_parties = ask(
            d, "un-peacekeeping", "medical", facts={**PKO_FACTS, "parties_consent": False}
        )
        assert no_parties.status == "prohibited"
        force = ask(d, "un-peacekeeping", "use-of-force", "foreign-territory-with-consent")
        assert force.status == "prohibited"
    assert ask("1997-09-23", "un-peacekeeping", "medical", "high-seas").status == "conditional"


def test_pko_minister_title_and_versions():
    """PKO Act Art. 9(4): 防衛庁長官 until 2007-01-08, 防衛大臣 after; the law version changes on
    2016-03-29 (Act No. 76 of 2015)."""

    def art94(d):
        a = ask(d, "un-peacekeeping", "medical", "high-seas")
        return next(c for c in a.legal_basis if c.ref == "Art. 9(4)")

    assert art94("2005-01-01").quote.startswith("防衛庁長官")
    assert art94("2008-01-01").quote.startswith("防衛大臣")
    assert art94("2016-03-29").law_key == "pko-2016"


# ------------------------------------------------------------------ law versions from provisions


def test_a_law_version_is_the_set_of_provisions_in_force():
    """provisions(date, law): the SAA on 2001-07-10 has Annexed Table 1 notes 1-3 and Table 2;
    the same Act on 2016-03-29 (IISA) has one unnumbered note and no rear area definition."""
    saa = {p.provision_key: p for p in provisions("2001-07-10", "saa-1999")}
    iisa = {p.provision_key: p for p in provisions("2016-03-29", "iisa-2016")}
    assert {"annex1-note1", "annex1-note2", "annex1-note3", "def-rear-area", "art3-3"} <= set(saa)
    assert "annex1-note2" not in iisa and "def-rear-area" not in iisa
    assert iisa["annex1-note1"].ref == "Annexed Table 1, note"
    assert saa["art6-4"].quote.startswith("防衛庁長官")
    with pytest.raises(LawError, match="unknown law"):
        provisions("2001-07-10", "saa-2099")


def test_provision_changes_from_the_intervals():
    """provision_changes(2016-03-28, 2016-03-29): the Act No. 60 of 1999 loses notes 2 and 3 and
    the rear area definition, amends note 1 (ammunition no longer excluded) and renumbers the
    definition of the support measures (Art. 3(1)(i) -> (ii)); the SDF Act gains Art. 95-2."""
    ch = {(c.act, c.provision_key): c for c in provision_changes("2016-03-28", "2016-03-29")}
    assert ch[("saa_iisa", "annex1-note2")].kind == "repealed"
    assert ch[("saa_iisa", "def-rear-area")].kind == "repealed"
    note1 = ch[("saa_iisa", "annex1-note1")]
    assert (
        note1.kind == "amended" and "弾薬" in note1.quote_before and "弾薬" not in note1.quote_after
    )
    support = ch[("saa_iisa", "def-support")]
    assert (support.ref_before, support.ref_after) == ("Art. 3(1)(i)", "Art. 3(1)(ii)")
    assert ch[("sdf_act", "art95-2-1")].kind == "added"
    mins = {(c.act, c.provision_key) for c in provision_changes("2007-01-08", "2007-01-09")}
    assert ("saa_iisa", "art6-4") in mins and ("sdf_act", "art83-1") in mins
    assert provision_changes("2010-06-01", "2013-06-01") == []


def test_location_tests_are_named_in_the_statutes_words() -> None:
    """The location test a condition applies is named by the statute's term, not the rule file's
    key ("location test rear-area" read like code): the rear area of the Surrounding Areas Act
    Art. 3(1)(iii) (後方地域), and the report's summary of how the measure is allowed still finds
    that condition's article."""
    from anpo.law.report import _how

    a = ask(
        "2001-06-01", "surrounding-area", "refuel-ships-at-sea", location="high-seas-near-japan"
    )
    (loc,) = [c for c in a.checks if "(後方地域)" in c.text]
    assert loc.text.startswith("rear-area test (後方地域): ") and loc.state == "met"
    assert not any("location test" in c.text for c in a.checks)
    assert any("3(1)(iii)" in b for b in loc.basis)
    assert _how(a).startswith("only in the rear area (SAA Art. 3(1)(iii))")


def test_kaketsuke_keigo_cites_its_sub_item() -> None:
    """Kaketsuke-keigo is sub-item (ra) of Art. 3(v) of the International Peace Cooperation Act
    as amended in 2015 (the Cabinet's answer of 15 November 2016, 内閣衆質一九二第一一七号):
    the citation says Art. 3(v)(ra), not the whole list of assignments Art. 3(v)."""
    from anpo.law.schema import ProvisionText

    a = ask(
        "2017-01-01", "un-peacekeeping", "rescue-escort", location="foreign-territory-with-consent"
    )
    refs = [c.ref for c in a.legal_basis if "当該活動関係者の生命及び身体の保護" in c.quote]
    assert refs == ["Art. 3(v)(ra)"]
    with pytest.raises(ValueError, match="a subitem needs its item"):
        ProvisionText(article="3", subitem="ra", quote="保護", verified=False)
    with pytest.raises(ValueError):
        ProvisionText(article="3", item=5, subitem="RA!", quote="保護", verified=False)


def test_missing_facts_alternatives_give_their_status_in_words():
    """The explanation's "Missing facts" list gives each alternative's status in words, as the
    CLI and the web page do ('depends on the facts'), not its code ('depends-on'): IISA
    (Act No. 60 of 1999 as amended 2015) Art. 3(2), ammunition with the place not given."""
    from anpo.law import ask

    ans = ask(
        "2016-03-29", "important-influence", "provide-ammunition", facts={"combat_now": False}
    )
    tail = ans.explanation.split("Missing facts:")[1]
    assert "(where=foreign-territory) — depends on the facts" in tail, tail
    assert "depends-on" not in tail and "no-legal-basis" not in tail


def test_explanation_head_gives_the_status_in_words():
    """The explanation's head gives the status in words, as the CLI, the web page and the
    missing-facts alternatives do ('... — depends on the facts under ...'), not its code in
    capitals ('DEPENDS-ON'): IISA (Act No. 60 of 1999 as amended 2015) Art. 3(2), ammunition
    with the place not given; and, where a fact not given changes nothing (IISA Art. 5(1), the
    Diet's approval refused, no emergency), '... — prohibited whichever value ...'."""
    from anpo.law import ask
    from anpo.law.vocab import in_words

    ans = ask(
        "2016-03-29", "important-influence", "provide-ammunition", facts={"combat_now": False}
    )
    head = ans.explanation.split(". [")[0]
    assert ans.status == "depends-on"
    assert f" — {in_words(ans.status)} under " in head, head
    assert "DEPENDS" not in ans.explanation
    facts = {"where": "japan", "basic_plan": True, "diet_approved": False, "emergency": False}
    same = ask("2017-06-01", "important-influence", "provide-ammunition", facts=facts)
    assert same.status == "prohibited"
    assert " — prohibited whichever value the facts not given take (" in same.explanation
    assert "PROHIBITED" not in same.explanation


@pytest.mark.parametrize("truth", [True, False])
def test_a_numpy_boolean_fact_is_the_bool_it_holds(truth: bool):
    """audit33 item 8: ``facts={"consent": np.True_}`` (as a pandas row or an array holds it)
    was a LawError "must be true or false, got np.True_", where the text "yes" was taken. A
    numpy boolean is now the bool it holds: the same answer as the Python bool's."""
    import numpy as np

    base = {"where": "high-seas", "combat_now": False, "combat_expected": False}
    args = ("2016-04-01", "important-influence", "supply-fuel-water-food")
    plain = ask(*args, facts={**base, "consent": truth})
    given = ask(*args, facts={**base, "consent": np.bool_(truth)})
    assert given == plain
    assert given.facts["consent"] is truth
    with pytest.raises(LawError) as info:  # the numbers are not booleans (text "1" is)
        ask(*args, facts={**base, "consent": int(truth)})
    assert info.value.field == "facts.consent"
