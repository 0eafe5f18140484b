"""A second legal scholar's audit of ``anpo law`` against the statute texts: one regression test per
fix to the rule data.

Sources: the e-Gov texts in ``../shared/data/law/statutes`` (S29HO165 SDF Act before and after the
2015 revision); the amending Acts as promulgated (Act No. 86 of 1996 and Act No. 118 of 2004,
amending the SDF Act), which are not among the shared texts; Defense of Japan 2016 (chronology
2008) for the Replenishment Support Special Measures Act as the ATSMA's successor.
"""

from __future__ import annotations

import pytest

from anpo.law import ask, diff, provision_changes
from anpo.law.scenario import answer_contributions

# ------------------------------------------------------------------ fix 1: ACSA article numbers


@pytest.mark.parametrize(
    ("date", "article", "verified"),
    [
        ("2001-07-10", "Art. 100-9(1)", False),
        ("2004-07-29", "Art. 100-10(1)", False),
        ("2007-01-08", "Art. 100-10(1)", False),
        ("2007-01-09", "Art. 100-6(1)", True),
        ("2016-03-29", "Art. 100-6(1)", True),
    ],
)
def test_peacetime_support_cites_the_article_as_numbered_on_the_date(
    date: str, article: str, verified: bool
) -> None:
    """SDF Act, goods to U.S. forces in peacetime: Act No. 86 of 1996 added it as Art. 100-9
    (「第百条の八の次に次の一条を加える。」 … 「第百条の九 … アメリカ合衆国の軍隊に対し、物品を提供する
    ことができる。」); Act No. 118 of 2004 deleted that article and added the listed-forces provision
    as Art. 100-10 (「第百条の九を削る。」 … 「第百条の十　内閣総理大臣又はその委任を受けた者は、次に
    掲げる合衆国軍隊…」); the e-Gov text (S29HO165_pre2015.md, and the 2015 revision) numbers it
    Art. 100-6 under the Defense Minister (「防衛大臣又はその委任を受けた者は」). Before the fix every
    date cited Art. 100-6, and 2004-2006 quoted it as under the Director General (長官)."""
    a = ask(date, "peacetime", "supply-fuel-water-food", "japan")
    assert a.status == "conditional", a.explanation
    cited = {c.ref: c for c in a.legal_basis}
    assert article in cited, sorted(cited)
    assert cited[article].verified is verified
    number = article.split("(")[0] + "("
    assert all(c.ref.startswith(number) for c in a.legal_basis), sorted(cited)


def test_2004_wording_names_the_prime_minister() -> None:
    """Act No. 118 of 2004, new SDF Act Art. 100-10(1): 「内閣総理大臣又はその委任を受けた者は、次に
    掲げる合衆国軍隊（アメリカ合衆国の軍隊をいう。以下次条までにおいて同じ。）から要請があつた場合には
    …」 — the Prime Minister, not the Director General (長官), provided SDF goods until the Ministry
    of Defense took over on 2007-01-09 (S29HO165_pre2015.md Art. 100-6(1): 「防衛大臣又は…」)."""
    a = ask("2005-06-01", "peacetime", "medical", "japan")
    quote = next(c.quote for c in a.legal_basis if c.ref == "Art. 100-10(1)")
    assert quote.startswith("内閣総理大臣又はその委任を受けた者は")
    assert "長官" not in quote


def test_peacetime_ammunition_exclusion_cites_the_article_of_the_date() -> None:
    """SDF Act: the exclusion 「第一項に規定する物品の提供には、武器（弾薬を含む。）の提供は含まない
    ものとする。」 is Art. 100-6(4) in the e-Gov text (S29HO165_pre2015.md) and Art. 100-10(4) in the
    article as added by Act No. 118 of 2004; the answer is prohibited on both sides of 2007-01-09."""
    before = ask("2006-06-01", "peacetime", "provide-ammunition", "japan")
    after = ask("2010-01-01", "peacetime", "provide-ammunition", "japan")
    assert before.status == after.status == "prohibited"
    assert "Art. 100-10(4)" in {c.ref for c in before.legal_basis}
    assert "Art. 100-6(4)" in {c.ref for c in after.legal_basis}


# ------------------------------------------------------------------ fix 2: Art. 100-6(1)(x) kept


def test_routine_activities_item_is_renumbered_not_repealed_in_2016() -> None:
    """SDF Act as amended by Act No. 76 of 2015 (S29HO165_2015rev.md), Art. 100-6(1)(x):
    「前各号に掲げるもののほか、訓練、連絡調整その他の日常的な活動のため、航空機、船舶又は車両により
    本邦内にある自衛隊の施設に到着して一時的に滞在する合衆国軍隊」 — the former item 5
    (S29HO165_pre2015.md) moved to item 10 when items 2-4, 6 and 9 were added; item 5 is now
    disaster relief in Japan (「天災地変その他の災害に際して…」). Before the fix the provisions diff
    of 2016-03-29 called it repealed and the 2016 answers neither cited it nor named disaster relief."""
    changes = {c.provision_key: c for c in provision_changes("2016-03-28", "2016-03-29")}
    routine = changes["art100-6-1-v"]
    assert routine.kind == "renumbered"
    assert (routine.ref_before, routine.ref_after) == ("Art. 100-6(1)(v)", "Art. 100-6(1)(x)")
    a = ask("2017-06-01", "peacetime", "supply-fuel-water-food", "japan")
    assert "Art. 100-6(1)(x)" in {c.ref for c in a.legal_basis}
    assert any("disaster relief in Japan" in c for c in a.conditions)


# ------------------------------------------------------------------ fix 3: Art. 76(1) before 2003


def test_defense_operation_condition_states_the_pre_2003_trigger() -> None:
    """SDF Act Art. 76(1) before the armed attack legislation (in force 2003-06-13) ordered a
    defense operation 「外部からの武力攻撃（外部からの武力攻撃のおそれのある場合を含む。）に際して」 —
    the threat of an attack included; from 2003-06-13 (S29HO165_pre2015.md) 「武力攻撃が発生した
    事態又は武力攻撃が発生する明白な危険が切迫していると認められるに至つた事態」. Before the fix the
    2002 answer quoted the old article but stated its condition in the 2003 words only."""
    a = ask("2002-01-01", "armed-attack-japan", "use-of-force", "japan")
    assert a.status == "conditional", a.explanation
    assert any("76" in c.ref and "おそれのある場合を含む" in c.quote for c in a.legal_basis)
    assert any("おそれのある場合を含む" in c for c in a.conditions)


# ------------------------------------------------------------------ fix 3: the 2008 successor


def test_atsma_points_to_the_replenishment_act_while_it_is_in_force() -> None:
    """The Anti-Terrorism Special Measures Act (Act No. 113 of 2001) lapsed after 2007-11-01; the
    Replenishment Support Special Measures Act (Act No. 1 of 2008), promulgated and in force
    2008-01-16, lapsed after 2010-01-15, let the MSDF resume the Indian Ocean refuelling (Defense
    of Japan 2016, chronology 2008: 'Feb.21 Based on the Replenishment Support Special Measures
    Law, MSDF replenishment ships resume refueling U.S. ships in the Indian Ocean (through January
    15, 2010)'). Asked under the 2001 situation on a day the 2008 Act is in force, the answer names
    'replenishment-2008' (before the fix: no note at all, the only successor known being the 2015
    International Peace Support Act); in the gap (2007-11-02 to 2008-01-15) and after 2010-01-15
    until 2016-03-28 no successor is in force and none is named."""
    a = ask("2008-06-01", "anti-terrorism-2001", "refuel-ships-at-sea", "high-seas")
    assert a.status == "no-legal-basis"
    assert any("'replenishment-2008'" in n for n in a.notes), a.notes
    for day in ("2007-12-01", "2012-01-01"):
        gap = ask(day, "anti-terrorism-2001", "refuel-ships-at-sea", "high-seas")
        assert gap.status == "no-legal-basis" and gap.notes == [], (day, gap.notes)
    later = ask("2017-01-01", "anti-terrorism-2001", "refuel-ships-at-sea", "high-seas")
    assert any("'international-peace'" in n for n in later.notes), later.notes


def test_diff_follows_the_successor_in_force_on_the_later_date() -> None:
    """``diff(follow_successors=True)`` across the ATSMA's lapse compares its refuelling with the
    successor in force on the later date: the Replenishment Support Special Measures Act on
    2008-06-01 (conditional: fuel and water to ships in the interdiction operation, Act No. 1 of
    2008), not the International Peace Support Act, which was enacted only in 2015 (Act No. 77 of
    2015, in force 2016-03-29). Before the fix it compared with 'international-peace' on
    2008-06-01 and reported the refuelling as losing its legal basis. In the gap no successor is
    in force and the situation is compared with itself (lapsed: no legal basis)."""

    def refuelling(later: str) -> list:
        return diff(
            "2007-10-01",
            later,
            situations="anti-terrorism-2001",
            activities="refuel-ships-at-sea",
            locations="high-seas",
            follow_successors=True,
        )

    (change,) = refuelling("2008-06-01")
    assert change.situation_after == "replenishment-2008"
    assert change.before.status == change.after.status == "conditional"
    (gap,) = refuelling("2007-12-01")
    assert gap.situation_after == "anti-terrorism-2001"
    assert gap.after.status == "no-legal-basis"


def test_contribution_under_the_2001_situation_is_assessed_under_the_2008_act() -> None:
    """A contribution asked under the 2001 situation on 2009-01-01 is assessed under the
    Replenishment Support Special Measures Act then in force (Act No. 1 of 2008, 2008-01-16 to
    2010-01-15), as a 'surrounding-area' one is assessed under the IISA after 2016-03-29."""
    (c,) = answer_contributions(
        [
            {
                "activity": "refuel-ships-at-sea",
                "situation": "anti-terrorism-2001",
                "location": "high-seas",
            }
        ],
        "2009-01-01",
    )
    assert c.assessed_situation == "replenishment-2008", c.succession_note
    assert c.answer.status == "conditional"


# --------------------------------------- third audit (brief law_audit): single-paragraph article


def test_us_actions_act_art_2_items_are_cited_without_a_paragraph() -> None:
    """Act No. 113 of 2004 (H16HO113) Art. 2 has one paragraph, 「この法律において、次の各号に掲げる
    用語の意義は…」, and its items: 第二条第四号 (合衆国軍隊) and 第五号 (行動関連措置) are Art. 2(iv)
    and 2(v), as the rule file's own texts and the supported-forces line say, not Art. 2(1)(iv) and
    2(1)(v) (reference table: 'the 2004 act on support to U.S. forces in armed attack situations')."""
    a = ask("2010-01-01", "armed-attack-japan", "provide-ammunition", "japan")
    refs = {c.ref for c in a.legal_basis if c.law_key == "us-actions-2004"}
    assert {"Art. 2(iv)", "Art. 2(v)"} <= refs, sorted(refs)
    assert not any(r.startswith("Art. 2(1)") for r in refs), sorted(refs)
    assert "(Art. 2(iv))" in a.supported


def test_2016_support_cites_the_definitions_of_the_forces_supported() -> None:
    """Act No. 113 of 2004 as amended by Act No. 76 of 2015, Art. 2(vi) (特定合衆国軍隊) and 2(vii)
    (外国軍隊): the item numbers of the amended SDF Act's cross reference (S29HO165_2015rev.md Art.
    100-6(1)(i): 「…措置に関する法律第二条第六号に規定する特定合衆国軍隊、同条第七号に規定する外国軍隊
    …」). The 2004 version cites its definition (Art. 2(iv)); from 2016-03-29 the answers for armed
    attack and survival-threatening situations cited no definition of the forces they support
    (reference: 'the survival-threatening situation', 'the 2004 act on support to U.S. forces')."""
    for situation, activity in [
        ("survival-threatening", "provide-ammunition"),
        ("armed-attack-japan", "medical"),
    ]:
        a = ask("2017-06-01", situation, activity, "japan")
        assert a.status == "conditional", a.explanation
        refs = {c.ref for c in a.legal_basis if c.law_key == "us-actions-2016"}
        assert {"Art. 2(vi)", "Art. 2(vii)"} <= refs, (situation, sorted(refs))
        assert "Art. 2(vi)" in a.supported and "Art. 2(vii)" in a.supported


# ------------------------------------------- implementation area: designation, not only change


def _area_check(a, designating: str):
    """The condition check of an answer that cites the designating paragraph ``designating``."""
    return next((ch for ch in a.checks if designating in ch.basis), None)


@pytest.mark.parametrize(
    ("date", "situation", "activity", "location", "facts", "designating", "changing"),
    [
        # SAA Art. 6(3): rear area support given as services
        ("2001-07-10", "surrounding-area", "transport-weapons-ammunition", "japan", None,
         "SAA Art. 6(3)", "SAA Art. 6(4)"),
        # SAA Art. 7(2): rear area search and rescue (Art. 7(5) applies Art. 6(4))
        ("2010-01-01", "surrounding-area", "search-and-rescue", "high-seas-near-japan", None,
         "SAA Art. 7(2)", "SAA Art. 6(4)"),
        # SAA Art. 7(7) applies Art. 6, designation included, to the Annexed Table 2 support
        ("2010-01-01", "surrounding-area", "medical", "japan", {"alongside": "search-and-rescue"},
         "SAA Art. 6(3)", "SAA Art. 6(4)"),
        # IISA Art. 6(3), 7(2) (2015 wording, not among the shared texts)
        ("2020-01-01", "important-influence", "medical", "japan", None,
         "IISA Art. 6(3)", "IISA Art. 6(4)"),
        ("2020-01-01", "important-influence", "search-and-rescue", "high-seas", None,
         "IISA Art. 7(2)", "IISA Art. 6(4)"),
    ],
)  # fmt: skip
def test_implementation_area_condition_cites_the_designating_paragraph(
    date, situation, activity, location, facts, designating, changing
) -> None:
    """SAA/IISA, the implementation-area condition: it cited only the paragraph on *changing*
    the area (Art. 6(4): 「実施区域の全部又は一部が…要件を満たさないものとなった場合には、速やかに、
    その指定を変更し、又は…活動の中断を命じなければならない」), not the one that has the minister
    *designate* it. SAA text (H11HO060_pre2015_clean.md): Art. 6(3) 「防衛大臣は、前項の実施要項に
    おいて、当該後方地域支援を実施する区域（以下この条において「実施区域」という。）を指定するもの
    とする」 (the minister designates, in the implementation guidelines, the area of the rear area
    support) and Art. 7(2), the same for rear area search and rescue. IISA (2015 wording, the
    iuris.jp mirror of the e-Gov text): Art. 6(3) and 7(2) designate an area 「…がこれを円滑かつ
    安全に実施することができるように」 (where the activity can be carried out smoothly and
    safely)."""
    a = ask(date, situation, activity, location, facts=facts)
    assert a.status == "conditional"
    check = _area_check(a, designating)
    assert check is not None, [ch.basis for ch in a.checks]
    assert changing in check.basis
    law_short, ref = designating.split(" ", 1)
    cited = next(c for c in a.legal_basis if c.ref == ref and law_short in c.law)
    assert cited.role == "restricts"
    assert "を指定するものとする" in cited.quote and "実施区域" in cited.quote
    if designating.startswith("IISA"):
        assert not cited.verified and "円滑かつ安全に" in cited.quote


def test_designating_paragraph_worded_for_the_director_general_before_2007() -> None:
    """SAA Art. 6(3) before 2007-01-09 names the Director General of the Defense Agency
    (防衛庁長官), as Art. 6(4) does: the shared text's 防衛大臣 comes from Act No. 118 of 2006."""
    a = ask("2001-07-10", "surrounding-area", "airlift-personnel", "japan")
    art63 = next(c for c in a.legal_basis if c.ref == "Art. 6(3)")
    assert art63.quote.startswith("防衛庁長官は、前項の実施要項において")
    assert not art63.verified


@pytest.mark.parametrize(
    ("date", "minister"), [("2001-07-10", "防衛庁長官"), ("2010-01-01", "防衛大臣")]
)
def test_ship_inspection_area_condition_cites_the_designation_before_2016(date, minister) -> None:
    """Ship Inspection Operations Act (H12HO145_pre2015_clean.md), the implementation-area
    condition cited Art. 5(4) (SAA Art. 6(4) applied: changing the area) only; the designation is
    the first sentence of Art. 5(2): 「防衛大臣は、前項の実施要項において、当該船舶検査活動を実施
    する区域（以下この条において「実施区域」という。）を指定するものとする」 (the minister
    designates the area in the implementation guidelines; 防衛庁長官 before 2007-01-09, Act No.
    118 of 2006)."""
    a = ask(date, "surrounding-area", "ship-inspection", "high-seas-near-japan")
    assert a.status == "conditional"
    area = next(ch for ch in a.checks if "Art. 5(4)" in ch.text)
    assert area.basis[:2] == ["Ship Inspection Act Art. 5(2)", "Ship Inspection Act Art. 5(4)"]
    quotes = [c.quote for c in a.legal_basis if c.ref == "Art. 5(2)"]
    assert any(q.startswith(minister) and "を指定するものとする" in q for q in quotes), quotes


# ------------------------------- implementation area: for services, not for the provision of goods


def test_goods_rules_take_no_implementation_area_condition() -> None:
    """SAA Art. 6(1) (H11HO060_pre2015_clean.md): 「防衛大臣又はその委任を受けた者は、基本計画に
    従い、第三条第二項の後方地域支援としての自衛隊に属する物品の提供を実施するものとする。」 (the
    minister, or a person he delegates, provides the SDF's goods as rear area support in accordance
    with the Basic Plan); Art. 6(2) makes implementation guidelines for the provision of services
    (「…自衛隊による役務の提供について、実施要項を定め…」), Art. 6(3) designates the implementation
    area in those guidelines (「前項の実施要項において、…実施区域…を指定するものとする」) and Art.
    6(4) changes it. IISA (2015 wording, iuris.jp mirror of the e-Gov text): Art. 6(1)-(3) keep
    that structure. So a goods rule takes the Basic Plan condition but no implementation-area
    condition; before the fix the defaults attached the area (Art. 6(3)-(4)) to every rule."""
    from anpo.law.loader import ruleset

    rs = ruleset()
    acts = rs.acts["saa_iisa.toml"]
    seen = {"goods": 0, "services": 0}
    for rule in acts.rules:
        if rule.kind != "general" or rule.provides not in seen:
            continue
        for version in acts.versions:
            if rule.valid_to and rule.valid_to < version.law.in_force_from:
                continue
            if (
                rule.valid_from
                and version.law.in_force_to
                and rule.valid_from > version.law.in_force_to
            ):
                continue
            taken = version.defaults.conditions_for(rule)
            area = [c for c in taken if "art6-3" in c.basis]
            if not rule.default_conditions:
                continue
            seen[rule.provides] += 1
            assert bool(area) == (rule.provides == "services"), (rule.id, version.law.key)
            assert any("art4-1" in c.basis for c in taken), rule.id  # the Basic Plan stays
    assert seen["goods"] == 2 and seen["services"] >= 5, seen


def test_iisa_ammunition_is_not_tied_to_the_implementation_area() -> None:
    """IISA Art. 6(1) (2015 wording, iuris.jp mirror of the e-Gov text, unverified): 「防衛大臣又は
    その委任を受けた者は、基本計画に従い、第三条第二項の後方支援活動としての自衛隊に属する物品の
    提供を実施するものとする。」 (goods under the Basic Plan); Art. 6(3) designates the area where
    the SDF can carry out 「実施される必要のある役務の提供」 (the services to be provided) smoothly and
    safely. Providing ammunition (goods, since 2016) therefore does not depend on that area being
    safe; before the fix it was 'prohibited' with area_safe=false. Transport (a service) still is."""
    facts = {"where": "japan", "combat_now": False, "combat_expected": False, "area_safe": False}
    a = ask("2020-01-01", "important-influence", "provide-ammunition", facts=facts)
    assert a.status == "conditional", a.explanation
    assert not any("IISA Art. 6(3)" in ch.basis for ch in a.checks), [ch.basis for ch in a.checks]
    art61 = next(c for c in a.legal_basis if c.ref == "Art. 6(1)")
    assert "自衛隊に属する物品の提供を実施するものとする" in art61.quote and not art61.verified
    # services stay tied to it: transport in an area no longer safe is not carried out
    t = ask("2020-01-01", "important-influence", "transport-weapons-ammunition", facts=facts)
    assert t.status == "prohibited", t.explanation


@pytest.mark.parametrize(
    ("date", "minister"), [("2001-07-10", "防衛庁長官"), ("2010-01-01", "防衛大臣")]
)
def test_saa_supply_ties_only_its_services_to_the_implementation_area(date, minister) -> None:
    """SAA Annexed Table 1, item 1 'supply' (補給) is 「給水、給油、食事の提供並びにこれらに類する
    物品及び役務の提供」, goods and services: its services are ordered under implementation
    guidelines designating the implementation area (Art. 6(2)-(3)), its goods are provided under
    the Basic Plan (Art. 6(1): 「防衛大臣又はその委任を受けた者は、基本計画に従い、…自衛隊に属する
    物品の提供を実施するものとする。」, 防衛庁長官 before 2007-01-09 by Act No. 118 of 2006). Before
    the fix the supply answer said the whole measure was ordered in an implementation area and did
    not cite Art. 6(1)."""
    a = ask(date, "surrounding-area", "supply-fuel-water-food", "japan")
    assert a.status == "conditional", a.explanation
    area = next(ch for ch in a.checks if "SAA Art. 6(3)" in ch.basis)
    assert "SAA Art. 6(1)" in area.basis and "役務の提供" in area.text, area.text
    assert "物品の提供" in area.text and "no implementation area" in area.text
    art61 = next(c for c in a.legal_basis if c.ref == "Art. 6(1)")
    assert art61.quote.startswith(minister + "又はその委任を受けた者は、基本計画に従い")
    assert art61.verified == (minister == "防衛大臣")


def test_iisa_supply_in_an_unsafe_area_says_why_the_whole_request_fails() -> None:
    """Review of the goods/services split: IISA supply (fuel, water, meals: goods and services)
    in an area no longer safe was 'prohibited' while its reason ended "only the SDF's goods ...
    are not tied to the area", a status its own reason seemed to deny. The services of the
    request cannot be carried out there (Art. 6(3)-(4)), so the request as asked, goods and
    services together, cannot go ahead; the reason says that, and that the goods alone would
    be provided under the Basic Plan (Art. 6(1))."""
    facts = {"where": "japan", "combat_now": False, "combat_expected": False, "area_safe": False}
    a = ask("2020-01-01", "important-influence", "supply-fuel-water-food", facts=facts)
    assert a.status == "prohibited", a.explanation
    assert "goods and services together, cannot go ahead as asked" in a.explanation
    assert "goods alone would be provided under the Basic Plan" in a.explanation
