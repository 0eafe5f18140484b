"""A legal scholar's audit of ``anpo law`` (brief lawaudit): one regression test per fix, and the
edge questions of the audit grid whose answer turns on a stated fact (combat, consent, Diet
approval, emergency, UN resolution, flag state) rather than on a place preset or an in-force date
(those are in ``test_law_rules.py`` and ``test_law_boundaries.py``).

Sources: the e-Gov texts in ``../shared/data/law/statutes`` (H11HO060 Surrounding Areas Act,
H12HO145 Ship Inspection Operations Act, S29HO165 SDF Act before and after 2015); Defense of Japan
2007 and 2016 (``../shared/data/law/whitepapers``); the reference facts ``japan-law.md``.
"""

from __future__ import annotations

import pytest

from anpo.law import ask

SAA_DATE = "2001-07-10"
NEW_DATE = "2017-06-01"
HIGH_SEAS_NEAR = {"where": "high-seas-near-japan"}
NO_COMBAT = {"combat_now": False, "combat_expected": False}
SUPPORT = [
    "supply-fuel-water-food",
    "refuel-ships-at-sea",
    "transport-weapons-ammunition",
    "medical",
]


# ------------------------------------------------------------------ fix 1


@pytest.mark.parametrize("activity", SUPPORT)
def test_support_to_us_inspection_units_only_in_the_rear_area(activity: str) -> None:
    """Ship Inspection Operations Act (Act No. 145 of 2000) Art. 3, second sentence: what SDF
    inspection units give U.S. units doing the same is 「後方地域支援（周辺事態安全確保法第三条第一項
    第一号に規定する後方地域支援をいう。…）」, and SAA Art. 3(1)(i) defines that as support
    「後方地域において我が国が実施するもの」; SAA Art. 3(1)(iii) admits the high seas around Japan
    as rear area only 「現に戦闘行為が行われておらず、かつ、…戦闘行為が行われることがないと認められる」.
    Before the fix the support was 'conditional' at a high-seas site with combat under way."""
    combat = {**HIGH_SEAS_NEAR, "combat_now": True, "combat_expected": True}
    a = ask(
        SAA_DATE, "surrounding-area", activity, facts={**combat, "alongside": "ship-inspection"}
    )
    assert a.status == "prohibited", a.explanation
    assert "not rear area" in a.explanation
    refs = {(c.law_key, c.ref) for c in a.legal_basis}
    assert ("saa-1999", "Art. 3(1)(iii)") in refs
    assert ("ship-inspection-2000", "Art. 3") in refs

    expected_only = {**HIGH_SEAS_NEAR, "combat_now": False, "combat_expected": True}
    b = ask(
        SAA_DATE,
        "surrounding-area",
        activity,
        facts={**expected_only, "alongside": "ship-inspection"},
    )
    assert b.status == "prohibited", b.explanation

    c = ask(
        SAA_DATE,
        "surrounding-area",
        activity,
        facts={**HIGH_SEAS_NEAR, "alongside": "ship-inspection"},
    )
    assert c.status == "depends-on"
    assert set(c.missing_facts) == {"combat_now", "combat_expected"}
    assert c.alternatives, "the status under each value of the missing facts"

    d = ask(
        SAA_DATE,
        "surrounding-area",
        activity,
        facts={**HIGH_SEAS_NEAR, **NO_COMBAT, "alongside": "ship-inspection"},
    )
    assert d.status == "conditional", d.explanation


def test_support_to_us_inspection_units_matches_support_to_rescue_units() -> None:
    """SAA Art. 3(3) (support to U.S. search-and-rescue units) and Ship Inspection Operations Act
    Art. 3 (support to U.S. inspection units) give the same 後方地域支援 of Annexed Table 2: the
    same place test, so the same status at every combination of the combat facts."""
    for now in (True, False):
        for expected in (True, False):
            facts = {**HIGH_SEAS_NEAR, "combat_now": now, "combat_expected": expected}
            statuses = {
                ask(
                    SAA_DATE, "surrounding-area", "medical", facts={**facts, "alongside": al}
                ).status
                for al in ("ship-inspection", "search-and-rescue")
            }
            assert len(statuses) == 1, (now, expected, statuses)


# ------------------------------------------------------------------ fix 2


def test_survival_threatening_diet_approval_states_the_five_party_commitment() -> None:
    """SDF Act Art. 76(1) as amended in 2015 (shared S29HO165_2015rev): a defense operation needs
    「武力攻撃事態等及び存立危機事態における…法律…第九条の定めるところにより、国会の承認」, which
    allows ex post approval in an emergency. The Cabinet decision of 19 September 2015 to respect
    the Five-Party Agreement (Defense of Japan 2016, Part II Ch. 3 Sec. 1) commits the government to
    prior approval without exception when the situation is survival-threatening but not an armed
    attack situation. The answer keeps the statute's kind and states the commitment as such."""
    a = ask(NEW_DATE, "survival-threatening", "use-of-force")
    assert a.diet_approval == "prior-with-emergency-exception"
    assert "Five-Party" in a.diet_approval_detail
    assert "not a statutory condition" in a.diet_approval_detail
    assert any("Five-Party" in n for n in a.notes)
    five = [r for r in a.rationale_items if "Five-Party" in r.title]
    assert five and five[0].kind == "cabinet-decision"
    assert not any(c.provision_key == "five-party-2015" for c in a.legal_basis)

    # The commitment concerns only survival-threatening situations that are not armed attacks.
    b = ask(NEW_DATE, "armed-attack-japan", "use-of-force")
    assert "Five-Party" not in b.diet_approval_detail
    assert not any("Five-Party" in r.title for r in b.rationale_items)


# ------------------------------------------------------------------ fix 3


def test_replaced_situation_points_to_its_successor() -> None:
    """Act No. 76 of 2015 amended the Surrounding Areas Act (Act No. 60 of 1999) into the Important
    Influence Situations Act (in force 2016-03-29): from then on 'surrounding-area' has no law, and
    the answer says that this is no verdict on the activity and names the successor situation.
    Where no successor is in force (the 2007-11-02 to 2008-01-15 replenishment gap; before the SAA
    took effect on 1999-08-25) there is no such note."""
    a = ask("2016-03-29", "surrounding-area", "provide-ammunition")
    assert a.status == "no-legal-basis"
    assert any("'important-influence'" in n for n in a.notes), a.notes

    atsma = ask("2017-01-01", "anti-terrorism-2001", "refuel-ships-at-sea", "high-seas")
    assert any("'international-peace'" in n for n in atsma.notes), atsma.notes

    gap = ask("2008-01-01", "anti-terrorism-2001", "refuel-ships-at-sea", "high-seas")
    assert gap.status == "no-legal-basis" and gap.notes == []
    before = ask("1999-08-24", "surrounding-area", "medical")
    assert before.status == "no-legal-basis" and before.notes == []


# ------------------------------------------------------------------ fix 4


def test_a_fact_that_changes_nothing_does_not_make_the_answer_depend_on_it() -> None:
    """IISA Art. 5(1): 「これらの対応措置の実施前に、…国会の承認を得なければならない。ただし、緊急の
    必要がある場合には…」 and Art. 2(3): not 「現に戦闘行為が行われている現場」. With the Diet's
    approval refused and no emergency, the measure is barred whether or not combat is taking place
    at the site: the answer is 'prohibited', not 'depends-on' on combat_now (before the fix it
    said 'depends-on' with the same status under both values). The alternatives are still listed,
    and each one's reasoning is in the explanation."""
    facts = {"where": "japan", "basic_plan": True, "diet_approved": False, "emergency": False}
    a = ask(NEW_DATE, "important-influence", "provide-ammunition", facts=facts)
    assert a.status == "prohibited", a.explanation
    assert a.missing_facts == []
    assert {x["status"] for x in a.alternatives} == {"prohibited"}
    assert {tuple(x["facts"]) for x in a.alternatives} == {("combat_now",)}
    now = "combat acts are actually taking place at the site"
    assert f"If {now}: yes (combat_now=true) — " in a.explanation
    assert f"If {now}: no (combat_now=false) — " in a.explanation
    assert a.diet_approval == "prior-with-emergency-exception"  # the procedure not met
    refs = {(c.law_key, c.ref) for c in a.legal_basis}
    assert ("iisa-2016", "Art. 2(3)") in refs
    for alt in a.alternatives:
        assert (
            ask(
                NEW_DATE,
                "important-influence",
                "provide-ammunition",
                facts={**facts, **alt["facts"]},
            ).status
            == "prohibited"
        )

    # SDF Act Art. 95-2(2): 「合衆国軍隊等から要請があつた場合であつて…に限り」 — no request, no
    # protection, with or without combat at the site (Art. 95-2(1) excludes that too).
    b = ask(
        "2016-03-29", "peacetime", "protect-us-assets", facts={"where": "japan", "requested": False}
    )
    assert b.status == "prohibited" and b.missing_facts == []

    # A fact that does change the answer still gives 'depends-on'.
    c = ask(
        NEW_DATE, "important-influence", "provide-ammunition", facts={**facts, "emergency": True}
    )
    assert c.status == "depends-on" and c.missing_facts == ["combat_now"]


# ------------------------------------------------------------------ audit grid (stated facts)

#: (date, situation, activity, facts, status, source)
GRID = [
    (
        SAA_DATE,
        "surrounding-area",
        "transport-weapons-ammunition",
        {**HIGH_SEAS_NEAR, "combat_now": False, "combat_expected": True},
        "prohibited",
        "SAA Art. 3(1)(iii): high seas where combat is expected during the activity are not rear area",
    ),
    (
        SAA_DATE,
        "surrounding-area",
        "transport-weapons-ammunition",
        {"where": "japan-territorial-sea"},
        "conditional",
        "SAA Art. 3(1)(iii): 我が国領域 (the territorial sea included) is rear area without a combat test",
    ),
    (
        SAA_DATE,
        "surrounding-area",
        "transport-weapons-ammunition",
        {"where": "japan", "basic_plan": False},
        "prohibited",
        "SAA Arts. 4(1), 6(1)-(2): support is carried out under the Basic Plan",
    ),
    (
        SAA_DATE,
        "surrounding-area",
        "ship-inspection",
        {**HIGH_SEAS_NEAR, "un_resolution": False, "flag_state_consent": False},
        "prohibited",
        "Ship Inspection Operations Act Art. 2: a UNSC resolution or the flag state's consent",
    ),
    (
        SAA_DATE,
        "surrounding-area",
        "ship-inspection",
        {"where": "japan-territorial-sea", "un_resolution": False, "flag_state_consent": True},
        "conditional",
        "Ship Inspection Operations Act Art. 2: 我が国領海, with the flag state's consent",
    ),
    (
        SAA_DATE,
        "surrounding-area",
        "ship-inspection",
        {"where": "high-seas", "un_resolution": True},
        "prohibited",
        "Ship Inspection Operations Act Art. 2: only 我が国周辺の公海, not distant waters",
    ),
    (
        SAA_DATE,
        "surrounding-area",
        "search-and-rescue",
        {**HIGH_SEAS_NEAR, "combat_now": True},
        "prohibited",
        "SAA Art. 3(1)(ii)-(iii): rear area search and rescue only where no combat takes place",
    ),
    (
        SAA_DATE,
        "surrounding-area",
        "supply-fuel-water-food",
        {**HIGH_SEAS_NEAR, **NO_COMBAT, "alongside": "search-and-rescue"},
        "conditional",
        "SAA Art. 3(3), Annexed Table 2 (no note confining support to Japanese territory)",
    ),
    (
        SAA_DATE,
        "surrounding-area",
        "provide-ammunition",
        {**HIGH_SEAS_NEAR, **NO_COMBAT, "alongside": "search-and-rescue"},
        "prohibited",
        "SAA Annexed Table 2, note 1: 武器（弾薬を含む。）",
    ),
    (
        SAA_DATE,
        "armed-attack-japan",
        "use-of-force",
        {"attack_occurred": False},
        "prohibited",
        "SDF Act Art. 88 with Art. 76(1): force only once an armed attack has occurred",
    ),
    (
        NEW_DATE,
        "survival-threatening",
        "use-of-force",
        {"attack_occurred": False},
        "prohibited",
        "SDF Act Art. 76(1)(ii): an armed attack against a country in a close relationship has occurred",
    ),
    (
        NEW_DATE,
        "survival-threatening",
        "use-of-force",
        {"no_other_means": False},
        "prohibited",
        "Three new conditions, condition 2 (Armed Attack Situations Act Art. 9 as amended)",
    ),
    (
        NEW_DATE,
        "important-influence",
        "provide-ammunition",
        {"where": "japan", "basic_plan": True, "diet_approved": False, "emergency": False},
        "prohibited",
        "IISA Art. 5(1): prior Diet approval unless there is an emergency",
    ),
    (
        NEW_DATE,
        "important-influence",
        "provide-ammunition",
        {
            "where": "japan",
            **NO_COMBAT,
            "basic_plan": True,
            "diet_approved": False,
            "emergency": True,
        },
        "permitted",
        "IISA Art. 5(1) proviso: in an emergency the measures may start before approval; "
        "ammunition is goods, provided under the Basic Plan with no implementation area (Art. "
        "6(1)), so no condition is left open",
    ),
    (
        NEW_DATE,
        "international-peace",
        "provide-ammunition",
        {
            "where": "foreign-territory",
            "consent": True,
            **NO_COMBAT,
            "basic_plan": True,
            "diet_approved": False,
            "emergency": True,
        },
        "prohibited",
        "IPSA Art. 6(1): prior Diet approval without exception (Defense of Japan 2016)",
    ),
    (
        NEW_DATE,
        "important-influence",
        "transport-weapons-ammunition",
        {
            "where": "foreign-territory",
            "consent": True,
            "combat_now": False,
            "combat_expected": True,
        },
        "conditional",
        "IISA Art. 2(3): only the scene of actual combat is excluded (Art. 6(5) suspension applies)",
    ),
    (
        NEW_DATE,
        "important-influence",
        "provide-ammunition",
        {"where": "foreign-territory", "consent": True, "combat_now": True},
        "prohibited",
        "IISA Art. 2(3): not at the scene where combat is actually taking place",
    ),
    (
        NEW_DATE,
        "important-influence",
        "ship-inspection",
        {"where": "high-seas", "un_resolution": False, "flag_state_consent": False},
        "prohibited",
        "Ship Inspection Operations Act as amended, Art. 2: a UNSC resolution or flag-state consent",
    ),
    (
        "2016-03-29",
        "peacetime",
        "protect-us-assets",
        {"where": "japan", "requested": False},
        "prohibited",
        "SDF Act Art. 95-2(2): only on request of the U.S. (or other) forces",
    ),
    (
        "2007-06-01",
        "iraq-2003",
        "medical",
        {
            "where": "foreign-territory",
            "consent": True,
            "combat_now": False,
            "combat_expected": True,
        },
        "prohibited",
        "Iraq SMA Art. 2(3): non-combat area (no combat now or expected during the activity)",
    ),
    (
        NEW_DATE,
        "un-peacekeeping",
        "rescue-escort",
        {"where": "foreign-territory", "consent": True, **NO_COMBAT, "consent_stable": False},
        "prohibited",
        "PKO Act as amended Art. 3(v)(ra) with the consent stably maintained (Defense of Japan 2016)",
    ),
]


@pytest.mark.parametrize(
    ("date", "situation", "activity", "facts", "status", "source"),
    GRID,
    ids=[f"{g[0]}-{g[1]}-{g[2]}-{i}" for i, g in enumerate(GRID)],
)
def test_audit_grid(
    date: str, situation: str, activity: str, facts: dict, status: str, source: str
) -> None:
    """Each edge question of the audit grid, with the provision that decides it (``source``)."""
    a = ask(date, situation, activity, facts=facts)
    assert a.status == status, (source, a.status, a.explanation)
    if status in ("conditional", "prohibited"):
        assert a.legal_basis, source


# ------------------------------------------------- third audit (brief law_audit): SAA Art. 7(5)


@pytest.mark.parametrize("where", ["japan", "high-seas-near-japan"])
def test_rear_area_rescue_is_suspended_when_combat_comes_near(where: str) -> None:
    """SAA Art. 7(5) (H11HO060): 「前条第四項の規定は実施区域の指定の変更及び活動の中断について、
    同条第五項の規定は後方地域捜索救助活動の実施を命ぜられた自衛隊の部隊等の長又はその指定する者に
    ついて準用する。」 — Art. 6(5) (suspend when combat occurs near the site or is predicted there,
    pending the minister's order) binds the commanders of rear area search and rescue, and their
    area is changed or the activity suspended under Art. 6(4) through Art. 7(5) (reference table,
    SAA row 'rear-area search and rescue of combatants'). Before the fix the rescue stayed
    'conditional' with combat_nearby=true, and Art. 7(5) was not cited."""
    near = {"where": where, **NO_COMBAT, "combat_nearby": True}
    a = ask(SAA_DATE, "surrounding-area", "search-and-rescue", facts=near)
    assert a.status == "prohibited", a.explanation
    refs = {(c.law_key, c.ref) for c in a.legal_basis}
    assert {("saa-1999", "Art. 7(5)"), ("saa-1999", "Art. 6(5)")} <= refs, sorted(refs)

    quiet = {"where": where, **NO_COMBAT, "combat_nearby": False}
    b = ask(SAA_DATE, "surrounding-area", "search-and-rescue", facts=quiet)
    assert b.status == "conditional", b.explanation
    area = next(c for c in b.checks if "Art. 6(4)" in c.text)
    assert "SAA Art. 7(5)" in area.basis, area.basis


@pytest.mark.parametrize(
    ("alongside", "article"),
    [
        ("search-and-rescue", ("saa-1999", "Art. 7(7)")),
        ("ship-inspection", ("ship-inspection-2000", "Art. 5(6)")),
    ],
)
def test_transport_for_us_rescue_or_inspection_units_is_suspended_when_combat_comes_near(
    alongside: str, article: tuple[str, str]
) -> None:
    """SAA Art. 7(7) 「前条の規定は、後方地域捜索救助活動の実施に伴う第三条第三項後段の後方地域支援に
    ついて準用する。」 and Ship Inspection Operations Act Art. 5(6) 「周辺事態安全確保法第六条の規定は、
    船舶検査活動の実施に伴う第三条後段の後方地域支援について準用する。」 (H11HO060, H12HO145): SAA
    Art. 6, paragraph 5 included (transport on the high seas is suspended when combat occurs or is
    predicted near it), binds the transport SDF rescue or inspection units give U.S. units doing the
    same (reference table, SAA rows 'transport' and 'ship inspection'). Before the fix that transport
    stayed 'conditional' with combat_nearby=true; medical care, not transport, is not suspended."""
    near = {**HIGH_SEAS_NEAR, **NO_COMBAT, "combat_nearby": True, "alongside": alongside}
    a = ask(SAA_DATE, "surrounding-area", "transport-weapons-ammunition", facts=near)
    assert a.status == "prohibited", a.explanation
    refs = {(c.law_key, c.ref) for c in a.legal_basis}
    assert {article, ("saa-1999", "Art. 6(5)")} <= refs, sorted(refs)

    quiet = {**near, "combat_nearby": False}
    assert ask(
        SAA_DATE, "surrounding-area", "transport-weapons-ammunition", facts=quiet
    ).status == ("conditional")
    assert ask(SAA_DATE, "surrounding-area", "medical", facts=near).status == "conditional"


def test_ship_inspection_cites_the_change_of_area_it_borrows_from_the_saa() -> None:
    """Ship Inspection Operations Act Art. 5(4) (H12HO145): 「周辺事態安全確保法第六条第四項の規定は、
    実施区域の指定の変更及び活動の中断について準用する。」 — the minister must change the inspection
    area or suspend the inspection when it no longer meets the requirements (SAA Art. 6(4)); the
    answer cited Arts. 2, 3, 4 and 5(2) but not this duty (reference table, row 'ship
    inspection', Ship Inspection Act Arts. 2, 5 and Annex)."""
    a = ask(SAA_DATE, "surrounding-area", "ship-inspection", "high-seas-near-japan")
    assert a.status == "conditional", a.explanation
    refs = {(c.law_key, c.ref) for c in a.legal_basis}
    assert {("ship-inspection-2000", "Art. 5(4)"), ("saa-1999", "Art. 6(4)")} <= refs, sorted(refs)
    quote = next(c.quote for c in a.legal_basis if c.ref == "Art. 5(4)")
    assert quote.startswith("周辺事態安全確保法第六条第四項の規定は")
