"""One test per fact of the reference table (``japan-law.md``: decision facts, Diet approval
patterns, supported forces, the three location tests). Each docstring names the row and the article.
"""

from __future__ import annotations

import pytest

from anpo.law import ask

SAA_DATE = "2001-07-10"  # the seed's date; SAA and Ship Inspection Act in force
IISA_DATE = "2016-03-29"  # first day of the 2016 legislation

SUPPORT = [
    "supply-fuel-water-food",
    "refuel-ships-at-sea",
    "transport-weapons-ammunition",
    "airlift-personnel",
    "medical",
    "provide-ammunition",
    "refuel-aircraft-for-sortie",
]


def refs(ans, role=None):
    """{(law key, provision ref)} of an answer's citations (optionally of one role)."""
    return {(c.law_key, c.ref) for c in ans.legal_basis if role is None or c.role == role}


def test_saa_provide_weapons_prohibited():
    """Row 1: SAA, surrounding-area, provide weapons: X — SAA Art. 3(2); Annexed Table 1 note 1."""
    a = ask(SAA_DATE, "surrounding-area", "provide-weapons", "japan")
    assert a.status == "prohibited"
    assert ("saa-1999", "Annexed Table 1, note 1") in refs(a, "excludes")
    assert ("saa-1999", "Art. 3(2)") in refs(a, "authorizes")  # the general rule it carves out of
    assert a.diet_approval == "not-applicable"
    assert a.conditions == []


def test_saa_provide_ammunition_prohibited_note1_quoted():
    """Row 2: SAA, provide ammunition: X — Annexed Table 1 note 1 「武器（弾薬を含む。）」."""
    a = ask(SAA_DATE, "surrounding-area", "provide-ammunition", "japan")
    assert a.status == "prohibited"
    note1 = [c for c in a.legal_basis if c.ref == "Annexed Table 1, note 1"]
    assert note1 and "武器（弾薬を含む。）" in note1[0].quote
    assert note1[0].role == "excludes" and note1[0].law_number == "Act No. 60 of 1999"
    assert note1[0].egov_id == "411AC0000000060"


def test_saa_transport_weapons_ammunition_conditional():
    """Row 3: SAA, transport U.S. weapons or ammunition: C — rear area only; Basic Plan (Art. 4);
    prior Diet approval, ex post in an emergency (Art. 5); suspension (Art. 6(4)-(5)); Art.
    3(1)(iii); Annexed Table 1 'transportation'; note 3."""
    a = ask(SAA_DATE, "surrounding-area", "transport-weapons-ammunition", "japan")
    assert a.status == "conditional"
    r = refs(a)
    for ref in (
        "Art. 3(1)(iii)",
        "Annexed Table 1, item 2",
        "Annexed Table 1, note 3",
        "Art. 4(1)",
        "Art. 5(1)",
        "Art. 6(4)",
        "Art. 6(5)",
    ):
        assert ("saa-1999", ref) in r, ref
    assert a.diet_approval == "prior-with-emergency-exception"
    text = " ".join(a.conditions)
    assert "Basic Plan" in text and "rear-area" in text and "suspend" in text
    # rear area: also on the high seas around Japan, never beyond them
    assert (
        ask(
            SAA_DATE, "surrounding-area", "transport-weapons-ammunition", "high-seas-near-japan"
        ).status
        == "conditional"
    )
    assert (
        ask(SAA_DATE, "surrounding-area", "transport-weapons-ammunition", "high-seas").status
        == "prohibited"
    )


@pytest.mark.parametrize("activity", SUPPORT)
@pytest.mark.parametrize("location", ["foreign-territory-with-consent", "foreign-territory"])
def test_saa_no_support_in_foreign_territory(activity, location):
    """Row 4: SAA, any support in foreign territory: X — Art. 3(1)(iii) (rear area); note 3."""
    a = ask(SAA_DATE, "surrounding-area", activity, location)
    assert a.status == "prohibited"
    r = refs(a)
    assert (
        ("saa-1999", "Art. 3(1)(iii)") in r
        or ("saa-1999", "Annexed Table 1, note 1") in r
        or ("saa-1999", "Annexed Table 1, note 2") in r
    )


def test_saa_refuel_aircraft_for_sortie_prohibited():
    """Row 5: SAA, refuel or maintain aircraft preparing for a combat sortie: X — note 2."""
    a = ask(SAA_DATE, "surrounding-area", "refuel-aircraft-for-sortie", "japan")
    assert a.status == "prohibited"
    assert ("saa-1999", "Annexed Table 1, note 2") in refs(a, "excludes")
    assert "発進準備中の航空機" in next(
        c.quote for c in a.legal_basis if c.ref == "Annexed Table 1, note 2"
    )


def test_saa_fuel_water_meals_in_japan_and_high_seas_only_as_transport():
    """Row 6: SAA, fuel, water, meals: C in Japanese territory; delivery to ships on the high seas
    only as transport — Annexed Table 1 'supply'; note 3."""
    a = ask(SAA_DATE, "surrounding-area", "supply-fuel-water-food", "japan")
    assert a.status == "conditional"
    assert ("saa-1999", "Annexed Table 1, item 1") in refs(a, "authorizes")
    hs = ask(SAA_DATE, "surrounding-area", "supply-fuel-water-food", "high-seas-near-japan")
    assert hs.status == "conditional"
    assert ("saa-1999", "Annexed Table 1, note 3") in refs(hs)
    assert any("only as transport" in c for c in hs.conditions)
    assert (
        ask(SAA_DATE, "surrounding-area", "supply-fuel-water-food", "high-seas").status
        == "prohibited"
    )
    ship = ask(SAA_DATE, "surrounding-area", "refuel-ships-at-sea", "high-seas-near-japan")
    assert ship.status == "conditional"
    assert any("transport" in c for c in ship.conditions)


def test_saa_medical_in_japan_or_during_transport_on_high_seas():
    """Row 7: SAA, medical care: C in Japanese territory, or during transport on the high seas —
    Annexed Table 1 'medical'; note 3."""
    a = ask(SAA_DATE, "surrounding-area", "medical", "japan")
    assert a.status == "conditional"
    assert ("saa-1999", "Annexed Table 1, item 4") in refs(a, "authorizes")
    hs = ask(SAA_DATE, "surrounding-area", "medical", "high-seas-near-japan")
    assert hs.status == "conditional"
    assert any("during the transport" in c for c in hs.conditions)


def test_saa_search_and_rescue_rear_area_and_adjacent_territorial_sea():
    """Row 8: SAA, rear area search and rescue: C in the rear area; adjacent foreign territorial
    sea only with consent and no combat — Art. 3(1)(ii); Art. 7(3)-(4).

    Read against the SAA text (H11HO060_pre2015_clean.md), the row's Art. 7(3) is not a basis of
    the rescue of combatants: Art. 3(1)(ii) defines the activity as the search for and rescue of
    「戦闘行為…によって遭難した戦闘参加者」 (combatants in distress through combat acts, e.g. a
    downed U.S. aircrew); Art. 7(1) has the minister order it (「後方地域捜索救助活動について、実施
    要項を定め、…自衛隊の部隊等にその実施を命ずるものとする」); Art. 7(3) reads 「後方地域捜索救助
    活動を実施する場合において、戦闘参加者以外の遭難者が在るときは、これを救助するものとする」
    ("when carrying out rear area search and rescue, people in distress other than combatants who
    are there shall be rescued too"): it extends a search under way to non-combatants. The
    answer rests on Art. 3(1)(ii) and Art. 7(1) and names Art. 7(3) only in a note; Art. 7(4)
    (the adjacent foreign territorial sea) is kept where the row puts it."""
    a = ask(SAA_DATE, "surrounding-area", "search-and-rescue", "high-seas-near-japan")
    assert a.status == "conditional"
    assert ("saa-1999", "Art. 3(1)(ii)") in refs(a, "defines")
    assert ("saa-1999", "Art. 7(1)") in refs(a, "authorizes")
    assert ("saa-1999", "Art. 7(3)") not in refs(a)
    assert any("Art. 7(3)" in n and "Non-combatants" in n for n in a.notes)
    f = ask(SAA_DATE, "surrounding-area", "search-and-rescue", "foreign-territory-with-consent")
    assert f.status == "conditional"
    assert ("saa-1999", "Art. 7(4)") in refs(f)
    assert any("consent" in c and "territorial sea" in c for c in f.conditions)
    assert (
        ask(SAA_DATE, "surrounding-area", "search-and-rescue", "foreign-territory").status
        == "prohibited"
    )
    assert (
        ask(SAA_DATE, "surrounding-area", "search-and-rescue", "combat-scene").status
        == "prohibited"
    )


def test_saa_ship_inspection_conditional():
    """Row 9: SAA + Ship Inspection Act, ship inspection: C — UNSC resolution or flag-state consent;
    Japan's territorial sea or the high seas around Japan; boarding only with the master's consent;
    no live fire — Ship Inspection Act Arts. 2, 5 and Annex."""
    a = ask(SAA_DATE, "surrounding-area", "ship-inspection", "high-seas-near-japan")
    assert a.status == "conditional"
    text = " ".join(a.conditions)
    assert "Security Council" in text and "flag state" in text
    assert "master" in text and "live fire" in text
    r = refs(a)
    assert ("ship-inspection-2000", "Art. 2") in r
    assert ("ship-inspection-2000", "Annexed Table, item 4") in r
    assert ("ship-inspection-2000", "Annexed Table, item 2") in r
    assert ("ship-inspection-2000", "Art. 5(2)") in r
    assert a.diet_approval == "prior-with-emergency-exception"
    assert ask(SAA_DATE, "surrounding-area", "ship-inspection", "japan").status == "conditional"
    assert ask(SAA_DATE, "surrounding-area", "ship-inspection", "high-seas").status == "prohibited"


@pytest.mark.parametrize("situation", ["peacetime", "surrounding-area", "armed-attack-japan"])
def test_protect_us_assets_no_basis_before_2016(situation):
    """Row 10: before 2016, any situation, use weapons to protect U.S. ships or aircraft: X (no
    statutory basis) — SDF Act Art. 95 covered SDF assets only."""
    a = ask("2015-06-01", situation, "protect-us-assets", "high-seas-near-japan")
    assert a.status == "no-legal-basis"
    art95 = [c for c in a.legal_basis if c.law_key == "sdf-act-pre2016" and c.ref == "Art. 95"]
    assert art95 and "自衛隊の武器" in art95[0].quote and art95[0].role == "scope"


def test_iisa_provide_weapons_prohibited():
    """Row 11: IISA, important-influence, provide weapons: X — IISA Art. 3(2); Annexed Table 1
    note."""
    a = ask(IISA_DATE, "important-influence", "provide-weapons", "japan")
    assert a.status == "prohibited"
    assert ("iisa-2016", "Annexed Table 1, note") in refs(a, "excludes")
    assert ("iisa-2016", "Art. 3(2)") in refs(a, "authorizes")


def test_iisa_provide_ammunition_conditional():
    """Row 12: IISA, provide ammunition: C — not at the scene of actual combat; Basic Plan; prior
    Diet approval (ex post in an emergency); foreign territory only with consent — Annexed Table
    1; Arts. 2(3)-(4), 4, 5, 6: 6(1) the goods provided under the Basic Plan (「…基本計画に従い、
    …自衛隊に属する物品の提供を実施するものとする」), 6(5) suspension when combat comes near. The
    safety of the implementation area (6(3)-(4)) is for services: the area is designated in the
    implementation guidelines of Art. 6(2), made for the provision of services (役務の提供)."""
    a = ask(IISA_DATE, "important-influence", "provide-ammunition", "japan")
    assert a.status == "conditional"
    assert a.diet_approval == "prior-with-emergency-exception"
    r = refs(a)
    for ref in (
        "Art. 2(3)",
        "Art. 2(4)",
        "Art. 4(1)",
        "Art. 5(1)",
        "Art. 6(1)",
        "Art. 6(5)",
        "Annexed Table 1, item 1",
    ):
        assert ("iisa-2016", ref) in r, ref
    assert ("iisa-2016", "Art. 6(4)") not in r
    assert (
        ask(
            IISA_DATE, "important-influence", "provide-ammunition", "foreign-territory-with-consent"
        ).status
        == "conditional"
    )
    assert (
        ask(IISA_DATE, "important-influence", "provide-ammunition", "foreign-territory").status
        == "prohibited"
    )
    assert (
        ask(IISA_DATE, "important-influence", "provide-ammunition", "combat-scene").status
        == "prohibited"
    )


def test_iisa_refuel_aircraft_for_sortie_conditional():
    """Row 13: IISA, refuel or maintain aircraft preparing for a combat sortie: C (as for
    ammunition) — Annexed Table 1 (the 1999 note 2 deleted)."""
    a = ask(IISA_DATE, "important-influence", "refuel-aircraft-for-sortie", "japan")
    assert a.status == "conditional"
    assert all(c.ref != "Annexed Table 1, note 2" for c in a.legal_basis)
    assert a.diet_approval == "prior-with-emergency-exception"


def test_iisa_transport_conditional_outside_japan_with_consent():
    """Row 14: IISA, transport weapons or ammunition of supported forces: C (outside Japan with
    consent) — Annexed Table 1 'transportation'; Art. 2(3)-(4)."""
    a = ask(
        IISA_DATE,
        "important-influence",
        "transport-weapons-ammunition",
        "foreign-territory-with-consent",
    )
    assert a.status == "conditional"
    assert {("iisa-2016", "Annexed Table 1, item 2"), ("iisa-2016", "Art. 2(4)")} <= refs(a)
    assert (
        ask(IISA_DATE, "important-influence", "transport-weapons-ammunition", "high-seas").status
        == "conditional"
    )
    assert (
        ask(
            IISA_DATE, "important-influence", "transport-weapons-ammunition", "foreign-territory"
        ).status
        == "prohibited"
    )


@pytest.mark.parametrize("activity", SUPPORT + ["search-and-rescue"])
def test_iisa_no_support_at_combat_scene(activity):
    """Row 15: IISA, any support at the scene of actual combat: X (a rescue already under way may
    continue) — Art. 2(3); Art. 7(6)."""
    a = ask(IISA_DATE, "important-influence", activity, "combat-scene")
    assert a.status == "prohibited"
    assert ("iisa-2016", "Art. 2(3)") in refs(a)
    if activity == "search-and-rescue":
        assert ("iisa-2016", "Art. 7(6)") in refs(a)
        assert any("already under way" in n for n in a.notes)


def test_iisa_use_of_force_prohibited():
    """Row 16: IISA, use of force: X — Art. 2(2)."""
    a = ask(IISA_DATE, "important-influence", "use-of-force", "high-seas")
    assert a.status == "prohibited"
    assert ("iisa-2016", "Art. 2(2)") in refs(a, "excludes")


def test_supported_forces_saa_us_only_iisa_us_and_others():
    """The SAA supported U.S. forces only (Art. 3(1)(i)); the IISA supports U.S. forces and other
    forces contributing to the UN Charter's objectives (Art. 3(1)(i))."""
    saa = ask(SAA_DATE, "surrounding-area", "medical", "japan").supported
    iisa = ask(IISA_DATE, "important-influence", "medical", "japan").supported
    assert "U.S. forces only" in saa
    assert "U.S. forces" in iisa and "other foreign forces" in iisa and "UN Charter" in iisa


@pytest.mark.parametrize(
    ("date", "situation", "activity", "location", "kind"),
    [
        (SAA_DATE, "surrounding-area", "medical", "japan", "prior-with-emergency-exception"),
        (IISA_DATE, "important-influence", "medical", "japan", "prior-with-emergency-exception"),
        (
            "2002-01-01",
            "anti-terrorism-2001",
            "refuel-ships-at-sea",
            "high-seas",
            "ex-post-within-20-days",
        ),
        (
            "2005-01-01",
            "iraq-2003",
            "airlift-personnel",
            "foreign-territory-with-consent",
            "ex-post-within-20-days",
        ),
        ("2009-01-01", "replenishment-2008", "refuel-ships-at-sea", "high-seas", "none"),
        (IISA_DATE, "international-peace", "medical", "foreign-territory-with-consent", "prior"),
        (
            IISA_DATE,
            "survival-threatening",
            "use-of-force",
            "high-seas",
            "prior-with-emergency-exception",
        ),
        (SAA_DATE, "armed-attack-japan", "use-of-force", "japan", "prior-with-emergency-exception"),
    ],
)
def test_diet_approval_patterns(date, situation, activity, location, kind):
    """Diet approval patterns: SAA and IISA prior, ex post in an emergency (SAA/IISA Art. 5); 2001
    and 2003 acts within 20 days (ATSMA Art. 5, Iraq SMA Art. 6); 2008 act none; IPSA prior with no
    exception (Art. 6); use of force prior in principle (SDF Act Art. 76(1))."""
    a = ask(date, situation, activity, location)
    assert a.status == "conditional"
    assert a.diet_approval == kind


def test_ipsa_reapproval_after_two_years_in_detail():
    """IPSA: prior approval with no exception, re-approval every two years (Art. 6)."""
    a = ask(IISA_DATE, "international-peace", "transport-weapons-ammunition", "high-seas")
    assert a.diet_approval == "prior"
    assert "two years" in a.diet_approval_detail


@pytest.mark.parametrize(
    ("situation", "date", "test_name"),
    [
        ("surrounding-area", SAA_DATE, "rear-area"),
        ("anti-terrorism-2001", "2002-01-01", "non-combat-area"),
        ("iraq-2003", "2005-01-01", "non-combat-area"),
        ("important-influence", IISA_DATE, "not-combat-scene"),
        ("international-peace", IISA_DATE, "not-combat-scene"),
    ],
)
def test_three_location_tests(situation, date, test_name):
    """Three different location tests: 1999 rear area (SAA Art. 3(1)(iii)); 2001/2003 non-combat
    area (ATSMA/Iraq SMA Art. 2(3)); 2016 not the scene of actual combat (IISA/IPSA Art. 2(3))."""
    a = ask(date, situation, "medical", "japan")
    assert [t.test for t in a.location_tests] == [test_name]


def test_non_combat_area_allows_consenting_foreign_territory_rear_area_does_not():
    """Rear area never includes foreign territory (SAA Art. 3(1)(iii)); the non-combat area does
    with the host state's consent (ATSMA Art. 2(3)(ii))."""
    assert (
        ask(SAA_DATE, "surrounding-area", "medical", "foreign-territory-with-consent").status
        == "prohibited"
    )
    assert (
        ask("2002-01-01", "anti-terrorism-2001", "medical", "foreign-territory-with-consent").status
        == "conditional"
    )
    assert (
        ask("2002-01-01", "anti-terrorism-2001", "medical", "foreign-territory").status
        == "prohibited"
    )
