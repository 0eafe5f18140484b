"""Rules for acts whose texts are not among the shared statutes (brief law4): the articles that
govern search and rescue under the Important Influence Situations Act, the Iraq Act's suspension
when combat comes near, and the articles of the Replenishment Support Special Measures Act.

Sources, each named again in the test that rests on it: the iuris.jp mirror of the e-Gov text of
Act No. 60 of 1999 as amended (Art. 7, version in force 2021-09-01); the e-Gov text of the Act
before 2016 (``../shared/data/law/statutes/H11HO060_pre2015_clean.md``, read for the numbering,
the rule data being asserted here); the news, blog and white-paper pages named per test.
"""

from __future__ import annotations

import pytest

from anpo.law import ask

IISA_DATE = "2020-01-01"
SAA_DATE = "2001-07-10"
NO_COMBAT = {"combat_now": False, "combat_expected": False}


def _refs(answer) -> set[tuple[str, str]]:
    return {(c.law_key, c.ref) for c in answer.legal_basis}


# ------------------------------------------------ IISA search and rescue: Art. 7(4), 7(5), not 6(4)


@pytest.mark.parametrize("where", ["high-seas-near-japan", "high-seas"])
def test_iisa_rescue_is_suspended_under_art_7_5_when_combat_comes_near(where: str) -> None:
    """Important Influence Situations Act Art. 7(5) (iuris.jp mirror of the e-Gov text, 第七条
    捜索救助活動の実施等, version in force 2021-09-01): 「前条第五項の規定は、我が国の領域外における
    捜索救助活動の実施を命ぜられた自衛隊の部隊等の長又はその指定する者について準用する。」 — the
    commanders of a search and rescue outside Japan suspend it when combat occurs or is predicted
    nearby (Art. 6(5)) through Art. 7(5). Before the fix the rule took the logistics-support
    conditions of the defaults and cited Art. 6(5) alone, never Art. 7(5)."""
    near = {"where": where, **NO_COMBAT, "combat_nearby": True}
    a = ask(IISA_DATE, "important-influence", "search-and-rescue", facts=near)
    assert a.status == "prohibited", a.explanation
    assert {("iisa-2016", "Art. 7(5)"), ("iisa-2016", "Art. 6(5)")} <= _refs(a), _refs(a)
    assert "Art. 7(6)" in a.explanation  # a rescue under way may continue: said, not hidden


def test_iisa_rescue_area_changes_under_art_7_4() -> None:
    """Important Influence Situations Act Art. 7(4) (iuris.jp mirror, as above): 「前条第四項の
    規定は、実施区域の指定の変更及び活動の中断について準用する。」 — the change of the
    implementation area, or suspension, when the rescue can no longer be carried out smoothly and
    safely (Art. 6(4)) governs search and rescue through Art. 7(4). Before the fix the condition
    cited Art. 6(4) alone, through the defaults; the pre-2016 Act put this in Art. 7(5)
    (H11HO060_pre2015_clean.md, 第七条第五項), and that answer is unchanged. Both cite first the
    paragraph that has the minister designate the area (Art. 7(2), 「…実施区域…を指定するものと
    する」)."""
    quiet = {"where": "high-seas", **NO_COMBAT, "combat_nearby": False}
    a = ask(IISA_DATE, "important-influence", "search-and-rescue", facts=quiet)
    assert a.status == "conditional", a.explanation
    area = next(c for c in a.checks if "Art. 6(4)" in c.text)
    assert area.basis == ["IISA Art. 7(2)", "IISA Art. 7(4)", "IISA Art. 6(4)"], area.basis
    unsafe = ask(
        IISA_DATE, "important-influence", "search-and-rescue", facts={**quiet, "area_safe": False}
    )
    assert unsafe.status == "prohibited"
    assert ("iisa-2016", "Art. 7(4)") in _refs(unsafe)

    near_japan = {**quiet, "where": "high-seas-near-japan"}
    before = ask(SAA_DATE, "surrounding-area", "search-and-rescue", facts=near_japan)
    before_area = next(c for c in before.checks if "Art. 6(4)" in c.text)
    assert before_area.basis == ["SAA Art. 7(2)", "SAA Art. 7(5)", "SAA Art. 6(4)"], (
        before_area.basis
    )


def test_iisa_rescue_in_japan_is_not_bound_by_the_commanders_suspension() -> None:
    """Important Influence Situations Act Art. 7(5) applies Art. 6(5) only to 「我が国の領域外に
    おける捜索救助活動」 (iuris.jp mirror, as above): in Japan the answer does not turn on combat
    nearby (the condition is listed as not applying there)."""
    home = {"where": "japan", **NO_COMBAT, "combat_nearby": True}
    a = ask(IISA_DATE, "important-influence", "search-and-rescue", facts=home)
    assert a.status == "conditional", a.explanation
    suspend = next(c for c in a.checks if "IISA Art. 7(5)" in c.basis)
    assert suspend.state == "n/a", suspend


# ------------------------------------------------ Iraq Act: the unit suspends when combat comes near

IRAQ_DATE = "2005-01-01"
IRAQ_ABROAD = {"where": "foreign-territory", "consent": True, **NO_COMBAT}


def test_iraq_unit_suspends_when_combat_comes_near() -> None:
    """Iraq Special Measures Act (Act No. 137 of 2003), as the Mainichi Shimbun reported it on
    20 January 2004 (mainichi.co.jp/news/selection/20040120k0000e010054000c.html, read in its
    repost at asyura2.com/0401/war46/msg/985.html): 「同特措法は、自衛隊の活動地域を非戦闘地域に
    限定。派遣部隊は活動地域の近くで戦闘行為が行われた場合、活動を休止するか避難しなければならない。
    また防衛庁長官は、法律の要件を満たさないと判断した場合、派遣部隊に活動の中断を命じることになって
    いる。」 Before the fix a unit abroad with combat nearby was still 'conditional'. The clause's
    article was not found, so the condition cites none (an unread article is not cited) and its
    text says where its content comes from."""
    near = ask(IRAQ_DATE, "iraq-2003", "medical", facts={**IRAQ_ABROAD, "combat_nearby": True})
    assert near.status == "prohibited", near.explanation
    assert "Mainichi Shimbun, 20 January 2004" in near.explanation
    quiet = ask(IRAQ_DATE, "iraq-2003", "medical", facts={**IRAQ_ABROAD, "combat_nearby": False})
    assert quiet.status == "conditional", quiet.explanation
    suspend = next(c for c in quiet.checks if "Mainichi" in c.text)
    assert suspend.state == "met" and suspend.basis == []


@pytest.mark.parametrize(
    "activity", ["supply-fuel-water-food", "transport-weapons-ammunition", "airlift-personnel"]
)
def test_iraq_suspension_binds_every_support_activity_abroad_not_in_japan(activity: str) -> None:
    """The same report (Mainichi Shimbun, 20 January 2004): the clause binds the dispatched units
    (派遣部隊) — every general rule of the Act abroad; in Japan the condition does not apply."""
    near = {**IRAQ_ABROAD, "combat_nearby": True}
    assert ask(IRAQ_DATE, "iraq-2003", activity, facts=near).status == "prohibited"
    home = {"where": "japan", **NO_COMBAT, "combat_nearby": True}
    a = ask(IRAQ_DATE, "iraq-2003", activity, facts=home)
    assert a.status == "conditional", a.explanation
    assert next(c for c in a.checks if "Mainichi" in c.text).state == "n/a"


# ------------------------------------------------ Replenishment Act: the articles its rules rest on

REPL_DATE = "2009-01-01"


def test_replenishment_limit_to_fuel_and_water_cites_the_definition_in_art_3() -> None:
    """Replenishment Support Special Measures Act (Act No. 1 of 2008) Art. 3, item 2, as retyped
    on mukohjt.asablo.jp/blog/2008/01/12 (「第三条 この法律において、次の各号に掲げる用語の意義
    は…」; 補給支援活動: SDF goods and services to the ships, limited to 燃料油の給油 or water
    supply for ships or their shipborne rotary-wing aircraft): the fuel-and-water limit is the
    definition of Art. 3. Before the fix the rule and its limit cited only Art. 1 (the purpose)."""
    a = ask(REPL_DATE, "replenishment-2008", "refuel-ships-at-sea", "high-seas")
    assert a.status == "conditional", a.explanation
    cites = {f"{c.law_key} {c.ref}": c.role for c in a.legal_basis}
    assert cites["replenishment-2008 Art. 3"] == "defines", cites
    limit = next(c for c in a.checks if "fuel oil" in c.text)
    assert limit.basis == ["Replenishment SMA Art. 3"], limit.basis


def test_replenishment_plan_and_diet_report_cite_no_unread_article() -> None:
    """Replenishment Support Special Measures Act: the implementation plan (実施計画; Defense of
    Japan 2009, Japanese edition, Part III Ch. 3 Sec. 1-3(2)) and the report to the Diet (Defense
    of Japan 2016, Reference 65, 'Diet Report': 'Report about the details of operation plan is
    required without delay') are in the Act, but their articles were not found. Before the fix the
    plan condition cited Art. 1 (the purpose), an article that does not govern it, and the
    report was not mentioned."""
    a = ask(REPL_DATE, "replenishment-2008", "refuel-ships-at-sea", "high-seas")
    plan = next(c for c in a.checks if "implementation plan" in c.text)
    assert plan.basis == [], plan.basis
    assert "Diet Report" in a.diet_approval_detail
    assert a.diet_approval == "none"


# ------------------------------------------------ SAA: support alongside rescue, Art. 6(4) via 7(7)


@pytest.mark.parametrize("activity", ["supply-fuel-water-food", "medical", "airlift-personnel"])
def test_support_to_us_rescue_units_changes_area_under_art_7_7(activity: str) -> None:
    """Surrounding Areas Act Art. 7(7) (H11HO060_pre2015_clean.md, 第七条第七項): 「前条の規定は、
    後方地域捜索救助活動の実施に伴う第三条第三項後段の後方地域支援について準用する。」 — the change
    of area or suspension of Art. 6(4) binds the support SDF rescue units give U.S. units doing the
    same through Art. 7(7), as the Act's Art. 6(5) already does in the transport rule. Before the
    fix these rules took the defaults' condition, which cited Art. 6(4) alone. Art. 7(7) applies
    the designation of the area (Art. 6(3), 「…実施区域…を指定するものとする」) too."""
    facts = {"where": "high-seas-near-japan", **NO_COMBAT, "alongside": "search-and-rescue"}
    a = ask(SAA_DATE, "surrounding-area", activity, facts=facts)
    assert a.status == "conditional", a.explanation
    area = next(c for c in a.checks if "Art. 6(4)" in c.text)
    # supply is goods and services: Art. 7(7) applies Art. 6(1) (goods under the Basic Plan) too
    goods = ["SAA Art. 6(1)"] if activity == "supply-fuel-water-food" else []
    assert area.basis == ["SAA Art. 7(7)", "SAA Art. 6(3)", "SAA Art. 6(4)", *goods], area.basis
