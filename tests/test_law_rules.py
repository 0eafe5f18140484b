"""Every rule built from the primary texts, in one parametrised test (``test_rule``, one case per
rule id): each asks the question the rule answers and checks the status, that the rule applied,
and that its article is cited. ``CASES`` holds the question and the expected answer, ``SOURCES``
the provision each rule is built from (the citation of its case), and
``test_every_rule_has_a_case`` keeps both in step with the rule files. The tests below them check
what some rules add (Diet approval, conditions, the articles of the conditions).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from anpo.law import PRESETS, ask
from anpo.law.loader import ruleset

S, T = "2001-07-10", "2020-01-01"  # seed date; a date under the 2016 legislation
C, X, N = "conditional", "prohibited", "no-legal-basis"

#: rule id -> (date, situation, activity, location, status, (law key, cited provision))
CASES: dict[str, tuple[str, str, str, str, str, tuple[str, str]]] = {
    # Surrounding Areas Act (Act No. 60 of 1999)
    "saa-1999/supply": (
        S,
        "surrounding-area",
        "supply-fuel-water-food",
        "high-seas-near-japan",
        C,
        ("saa-1999", "Annexed Table 1, note 3"),
    ),
    "saa-1999/goods-supply": (
        S,
        "surrounding-area",
        "provide-ammunition",
        "japan",
        X,
        ("saa-1999", "Annexed Table 1, item 1"),
    ),
    "saa-1999/note1-weapons-ammunition": (
        S,
        "surrounding-area",
        "provide-weapons",
        "japan",
        X,
        ("saa-1999", "Annexed Table 1, note 1"),
    ),
    "saa-1999/aircraft-service": (
        S,
        "surrounding-area",
        "refuel-aircraft-for-sortie",
        "japan",
        X,
        ("saa-1999", "Annexed Table 1, item 3"),
    ),
    "saa-1999/note2-sortie": (
        S,
        "surrounding-area",
        "refuel-aircraft-for-sortie",
        "japan",
        X,
        ("saa-1999", "Annexed Table 1, note 2"),
    ),
    "saa-1999/transport-weapons-ammunition": (
        S,
        "surrounding-area",
        "transport-weapons-ammunition",
        "high-seas-near-japan",
        C,
        ("saa-1999", "Art. 6(5)"),
    ),
    "saa-1999/airlift-personnel": (
        S,
        "surrounding-area",
        "airlift-personnel",
        "high-seas-near-japan",
        C,
        ("saa-1999", "Annexed Table 1, item 2"),
    ),
    "saa-1999/refuel-ships": (
        S,
        "surrounding-area",
        "refuel-ships-at-sea",
        "high-seas-near-japan",
        C,
        ("saa-1999", "Annexed Table 1, note 3"),
    ),
    "saa-1999/medical": (
        S,
        "surrounding-area",
        "medical",
        "japan",
        C,
        ("saa-1999", "Annexed Table 1, item 4"),
    ),
    "saa-1999/search-and-rescue": (
        S,
        "surrounding-area",
        "search-and-rescue",
        "foreign-territory-with-consent",
        C,
        ("saa-1999", "Art. 7(4)"),
    ),
    "saa-1999/no-ship-inspection-before-2001": (
        "2000-06-01",
        "surrounding-area",
        "ship-inspection",
        "japan",
        N,
        ("saa-1999", "Art. 3(1)(ii)"),
    ),
    "saa-1999/no-use-of-force": (
        S,
        "surrounding-area",
        "use-of-force",
        "japan",
        X,
        ("saa-1999", "Art. 2(2)"),
    ),
    # Ship Inspection Operations Act (Act No. 145 of 2000)
    "ship-inspection-2000/inspection": (
        S,
        "surrounding-area",
        "ship-inspection",
        "japan",
        C,
        ("ship-inspection-2000", "Art. 2"),
    ),
    # Anti-Terrorism Special Measures Act (Act No. 113 of 2001)
    "atsma-2001/goods-supply": (
        "2002-01-01",
        "anti-terrorism-2001",
        "refuel-ships-at-sea",
        "high-seas",
        C,
        ("atsma-2001", "Annexed Table 1, item 1"),
    ),
    "atsma-2001/note1-weapons-ammunition": (
        "2002-01-01",
        "anti-terrorism-2001",
        "provide-ammunition",
        "high-seas",
        X,
        ("atsma-2001", "Annexed Table 1, note 1"),
    ),
    "atsma-2001/aircraft-service": (
        "2002-01-01",
        "anti-terrorism-2001",
        "refuel-aircraft-for-sortie",
        "foreign-territory-with-consent",
        X,
        ("atsma-2001", "Annexed Table 1, item 3"),
    ),
    "atsma-2001/note2-sortie": (
        "2002-01-01",
        "anti-terrorism-2001",
        "refuel-aircraft-for-sortie",
        "high-seas",
        X,
        ("atsma-2001", "Annexed Table 1, note 2"),
    ),
    "atsma-2001/transport": (
        "2002-01-01",
        "anti-terrorism-2001",
        "transport-weapons-ammunition",
        "foreign-territory-with-consent",
        C,
        ("atsma-2001", "Annexed Table 1, note 3"),
    ),
    "atsma-2001/medical": (
        "2002-01-01",
        "anti-terrorism-2001",
        "medical",
        "high-seas",
        C,
        ("atsma-2001", "Annexed Table 1, item 4"),
    ),
    "atsma-2001/search-and-rescue": (
        "2002-01-01",
        "anti-terrorism-2001",
        "search-and-rescue",
        "high-seas",
        C,
        ("atsma-2001", "Art. 3(1)(ii)"),
    ),
    "atsma-2001/no-use-of-force": (
        "2002-01-01",
        "anti-terrorism-2001",
        "use-of-force",
        "high-seas",
        X,
        ("atsma-2001", "Art. 2(2)"),
    ),
    # Iraq Special Measures Act (Act No. 137 of 2003)
    "iraq-2003/goods-supply": (
        "2005-01-01",
        "iraq-2003",
        "supply-fuel-water-food",
        "foreign-territory-with-consent",
        C,
        ("iraq-2003", "Annexed Table 2"),
    ),
    "iraq-2003/note1-weapons-ammunition": (
        "2005-01-01",
        "iraq-2003",
        "provide-weapons",
        "foreign-territory-with-consent",
        X,
        ("iraq-2003", "Annexed Table 2, note 1"),
    ),
    "iraq-2003/aircraft-service": (
        "2005-01-01",
        "iraq-2003",
        "refuel-aircraft-for-sortie",
        "foreign-territory-with-consent",
        X,
        ("iraq-2003", "Annexed Table 2"),
    ),
    "iraq-2003/note2-sortie": (
        "2005-01-01",
        "iraq-2003",
        "refuel-aircraft-for-sortie",
        "foreign-territory-with-consent",
        X,
        ("iraq-2003", "Annexed Table 2, note 2"),
    ),
    "iraq-2003/transport-weapons-ammunition": (
        "2005-01-01",
        "iraq-2003",
        "transport-weapons-ammunition",
        "foreign-territory-with-consent",
        C,
        ("iraq-2003", "Annexed Table 2, note 3"),
    ),
    "iraq-2003/airlift-personnel": (
        "2005-01-01",
        "iraq-2003",
        "airlift-personnel",
        "foreign-territory-with-consent",
        C,
        ("iraq-2003", "Art. 2(3)"),
    ),
    "iraq-2003/medical": (
        "2005-01-01",
        "iraq-2003",
        "medical",
        "japan",
        C,
        ("iraq-2003", "Annexed Table 2"),
    ),
    "iraq-2003/no-use-of-force": (
        "2005-01-01",
        "iraq-2003",
        "use-of-force",
        "foreign-territory-with-consent",
        X,
        ("iraq-2003", "Art. 2(2)"),
    ),
    # Replenishment Support Special Measures Act (Act No. 1 of 2008)
    "replenishment-2008/replenishment": (
        "2009-01-01",
        "replenishment-2008",
        "refuel-ships-at-sea",
        "high-seas",
        C,
        ("replenishment-2008", "Art. 1"),
    ),
    "replenishment-2008/no-use-of-force": (
        "2009-01-01",
        "replenishment-2008",
        "use-of-force",
        "high-seas",
        X,
        ("replenishment-2008", "Art. 2(2)"),
    ),
    # Act on support to U.S. forces in armed attack situations (Act No. 113 of 2004)
    "us-actions-2004/goods": (
        "2010-01-01",
        "armed-attack-japan",
        "provide-ammunition",
        "japan",
        C,
        ("us-actions-2004", "Art. 10(1)"),
    ),
    "us-actions-2004/services": (
        "2010-01-01",
        "armed-attack-japan",
        "transport-weapons-ammunition",
        "high-seas",
        C,
        ("us-actions-2004", "Art. 10(3)"),
    ),
    "us-actions-2004/no-weapons": (
        "2010-01-01",
        "armed-attack-japan",
        "provide-weapons",
        "japan",
        X,
        ("us-actions-2004", "Art. 10(4)"),
    ),
    "us-actions-2004/no-search-and-rescue": (
        "2010-01-01",
        "armed-attack-japan",
        "search-and-rescue",
        "japan",
        N,
        ("us-actions-2004", "Art. 10(4)"),
    ),
    # SDF Act (Act No. 165 of 1954), until 2016-03-28
    "sdf-act-pre2003/use-of-force-armed-attack": (
        S,
        "armed-attack-japan",
        "use-of-force",
        "japan",
        C,
        ("sdf-act-pre2016", "Art. 88(1)"),
    ),
    "sdf-act-pre2016/use-of-force-armed-attack": (
        "2010-01-01",
        "armed-attack-japan",
        "use-of-force",
        "japan",
        C,
        ("sdf-act-pre2016", "Art. 88(1)"),
    ),
    "sdf-act-pre2014/no-collective-self-defense": (
        "2010-01-01",
        "survival-threatening",
        "use-of-force",
        "high-seas",
        N,
        ("sdf-act-pre2016", "Art. 76(1)"),
    ),
    "sdf-act-pre2016/no-collective-self-defense": (
        "2015-01-01",
        "survival-threatening",
        "use-of-force",
        "high-seas",
        N,
        ("sdf-act-pre2016", "Art. 76(1)"),
    ),
    "sdf-act-pre2016/ship-inspection-armed-attack": (
        "2010-01-01",
        "armed-attack-japan",
        "ship-inspection",
        "high-seas-near-japan",
        C,
        ("sdf-act-pre2016", "Art. 94-7"),
    ),
    "sdf-act-pre2016/art95-own-assets-only": (
        "2010-01-01",
        "peacetime",
        "protect-us-assets",
        "japan",
        N,
        ("sdf-act-pre2016", "Art. 95"),
    ),
    "sdf-act-pre2016/acsa-joint-training": (
        S,
        "peacetime",
        "supply-fuel-water-food",
        "japan",
        C,
        ("sdf-act-pre2016", "Art. 100-9(1)"),
    ),
    "sdf-act-pre2016/acsa-2004": (
        "2010-01-01",
        "peacetime",
        "supply-fuel-water-food",
        "japan",
        C,
        ("sdf-act-pre2016", "Art. 100-6(1)(v)"),
    ),
    "sdf-act-pre2004/acsa-no-weapons-ammunition": (
        S,
        "peacetime",
        "provide-ammunition",
        "japan",
        X,
        ("sdf-act-pre2016", "Art. 100-9(1)"),
    ),
    "sdf-act-pre2016/acsa-no-weapons-ammunition": (
        "2010-01-01",
        "peacetime",
        "provide-ammunition",
        "japan",
        X,
        ("sdf-act-pre2016", "Art. 100-6(4)"),
    ),
    "sdf-act/no-sortie-support-peacetime": (
        "2010-01-01",
        "peacetime",
        "refuel-aircraft-for-sortie",
        "japan",
        N,
        ("sdf-act-pre2016", "Art. 100-6(1)"),
    ),
    "sdf-act/disaster-relief-rescue": (
        "2010-01-01",
        "peacetime",
        "search-and-rescue",
        "high-seas-near-japan",
        C,
        ("sdf-act-pre2016", "Art. 83(1)"),
    ),
    # SDF Act as amended by Act No. 76 of 2015
    "sdf-act-2016/use-of-force-armed-attack": (
        T,
        "armed-attack-japan",
        "use-of-force",
        "japan",
        C,
        ("sdf-act-2016", "Art. 76(1)(i)"),
    ),
    "sdf-act-2016/use-of-force-survival-threatening": (
        T,
        "survival-threatening",
        "use-of-force",
        "high-seas",
        C,
        ("sdf-act-2016", "Art. 76(1)(ii)"),
    ),
    "sdf-act-2016/ship-inspection-armed-attack": (
        T,
        "survival-threatening",
        "ship-inspection",
        "high-seas",
        C,
        ("sdf-act-2016", "Art. 94-8"),
    ),
    "sdf-act-2016/art95-2-asset-protection": (
        T,
        "peacetime",
        "protect-us-assets",
        "high-seas-near-japan",
        C,
        ("sdf-act-2016", "Art. 95-2(2)"),
    ),
    "sdf-act-2016/art95-2-not-international-peace": (
        T,
        "international-peace",
        "protect-us-assets",
        "high-seas",
        N,
        ("sdf-act-2016", "Art. 95-2(1)"),
    ),
    "sdf-act-2016/acsa": (
        T,
        "peacetime",
        "provide-ammunition",
        "japan",
        C,
        ("sdf-act-2016", "Art. 100-6(1)(iv)"),
    ),
    "sdf-act-2016/acsa-no-weapons": (
        T,
        "peacetime",
        "provide-weapons",
        "japan",
        X,
        ("sdf-act-2016", "Art. 100-6(4)"),
    ),
    # Important Influence Situations Act (Act No. 60 of 1999 as amended 2015)
    "iisa-2016/supply": (
        T,
        "important-influence",
        "refuel-ships-at-sea",
        "high-seas",
        C,
        ("iisa-2016", "Annexed Table 1, item 1"),
    ),
    "iisa-2016/goods-supply": (
        T,
        "important-influence",
        "provide-ammunition",
        "high-seas",
        C,
        ("iisa-2016", "Art. 6(1)"),
    ),
    "iisa-2016/no-weapons": (
        T,
        "important-influence",
        "provide-weapons",
        "high-seas",
        X,
        ("iisa-2016", "Annexed Table 1, note"),
    ),
    "iisa-2016/aircraft-service": (
        T,
        "important-influence",
        "refuel-aircraft-for-sortie",
        "foreign-territory-with-consent",
        C,
        ("iisa-2016", "Annexed Table 1, item 3"),
    ),
    "iisa-2016/transport": (
        T,
        "important-influence",
        "airlift-personnel",
        "foreign-territory-with-consent",
        C,
        ("iisa-2016", "Annexed Table 1, item 2"),
    ),
    "iisa-2016/medical": (
        T,
        "important-influence",
        "medical",
        "high-seas",
        C,
        ("iisa-2016", "Annexed Table 1, item 4"),
    ),
    "iisa-2016/search-and-rescue": (
        T,
        "important-influence",
        "search-and-rescue",
        "combat-scene",
        X,
        ("iisa-2016", "Art. 7(6)"),
    ),
    "iisa-2016/no-use-of-force": (
        T,
        "important-influence",
        "use-of-force",
        "japan",
        X,
        ("iisa-2016", "Art. 2(2)"),
    ),
    # International Peace Support Act (Act No. 77 of 2015)
    "ipsa-2016/goods-supply": (
        T,
        "international-peace",
        "provide-ammunition",
        "foreign-territory-with-consent",
        C,
        ("ipsa-2016", "Annexed Table 1, item 1"),
    ),
    "ipsa-2016/no-weapons": (
        T,
        "international-peace",
        "provide-weapons",
        "high-seas",
        X,
        ("ipsa-2016", "Annexed Table 1, note"),
    ),
    "ipsa-2016/aircraft-service": (
        T,
        "international-peace",
        "refuel-aircraft-for-sortie",
        "high-seas",
        C,
        ("ipsa-2016", "Annexed Table 1, item 3"),
    ),
    "ipsa-2016/transport": (
        T,
        "international-peace",
        "transport-weapons-ammunition",
        "foreign-territory-with-consent",
        C,
        ("ipsa-2016", "Annexed Table 1, item 2"),
    ),
    "ipsa-2016/medical": (
        T,
        "international-peace",
        "medical",
        "high-seas",
        C,
        ("ipsa-2016", "Annexed Table 1, item 4"),
    ),
    "ipsa-2016/search-and-rescue": (
        T,
        "international-peace",
        "search-and-rescue",
        "combat-scene",
        X,
        ("ipsa-2016", "Art. 8(6)"),
    ),
    "ipsa-2016/no-use-of-force": (
        T,
        "international-peace",
        "use-of-force",
        "high-seas",
        X,
        ("ipsa-2016", "Art. 2(2)"),
    ),
    # Act No. 113 of 2004 as amended by Act No. 76 of 2015
    "us-actions-2016/goods": (
        T,
        "survival-threatening",
        "provide-ammunition",
        "high-seas",
        C,
        ("us-actions-2016", "Art. 10(4)"),
    ),
    "us-actions-2016/services": (
        T,
        "survival-threatening",
        "refuel-aircraft-for-sortie",
        "high-seas",
        C,
        ("us-actions-2016", "Art. 10(2)"),
    ),
    "us-actions-2016/no-weapons": (
        T,
        "armed-attack-japan",
        "provide-weapons",
        "japan",
        X,
        ("us-actions-2016", "Art. 10(4)"),
    ),
    "us-actions-2016/no-search-and-rescue": (
        T,
        "survival-threatening",
        "search-and-rescue",
        "high-seas",
        N,
        ("us-actions-2016", "Art. 10(4)"),
    ),
    # Ship Inspection Operations Act as amended by Act No. 76 of 2015
    "ship-inspection-2016/important-influence": (
        T,
        "important-influence",
        "ship-inspection",
        "high-seas",
        C,
        ("ship-inspection-2016", "Art. 2"),
    ),
    "ship-inspection-2016/international-peace": (
        T,
        "international-peace",
        "ship-inspection",
        "foreign-territory-with-consent",
        C,
        ("ship-inspection-2016", "Art. 2"),
    ),
    # Surrounding Areas Act: support to U.S. search-and-rescue units (Art. 3(3), Annexed Table 2)
    "saa-1999/sar-units-goods": (
        S,
        "surrounding-area",
        "refuel-ships-at-sea",
        "high-seas-near-japan",
        C,
        ("saa-1999", "Annexed Table 2, item 1"),
    ),
    "saa-1999/sar-units-no-weapons": (
        S,
        "surrounding-area",
        "provide-ammunition",
        "high-seas-near-japan",
        X,
        ("saa-1999", "Annexed Table 2, note 1"),
    ),
    "saa-1999/sar-units-transport": (
        S,
        "surrounding-area",
        "transport-weapons-ammunition",
        "high-seas-near-japan",
        C,
        ("saa-1999", "Annexed Table 2, item 2"),
    ),
    "saa-1999/sar-units-medical": (
        S,
        "surrounding-area",
        "medical",
        "high-seas-near-japan",
        C,
        ("saa-1999", "Annexed Table 2, item 4"),
    ),
    "saa-1999/sar-units-aircraft": (
        S,
        "surrounding-area",
        "refuel-aircraft-for-sortie",
        "high-seas-near-japan",
        X,
        ("saa-1999", "Annexed Table 2, item 3"),
    ),
    "saa-1999/sar-units-no-sortie": (
        S,
        "surrounding-area",
        "refuel-aircraft-for-sortie",
        "japan",
        X,
        ("saa-1999", "Annexed Table 2, note 2"),
    ),
    # Ship Inspection Operations Act Art. 3: support to U.S. units doing ship inspection
    "ship-inspection-2000/us-units-goods": (
        S,
        "surrounding-area",
        "refuel-ships-at-sea",
        "high-seas-near-japan",
        C,
        ("ship-inspection-2000", "Art. 3"),
    ),
    "ship-inspection-2000/us-units-no-weapons": (
        S,
        "surrounding-area",
        "provide-weapons",
        "japan",
        X,
        ("saa-1999", "Annexed Table 2, note 1"),
    ),
    "ship-inspection-2000/us-units-services": (
        S,
        "surrounding-area",
        "transport-weapons-ammunition",
        "high-seas-near-japan",
        C,
        ("saa-1999", "Annexed Table 2, item 2"),
    ),
    "ship-inspection-2000/us-units-medical": (
        S,
        "surrounding-area",
        "medical",
        "high-seas-near-japan",
        C,
        ("saa-1999", "Annexed Table 2, item 4"),
    ),
    "ship-inspection-2000/us-units-aircraft": (
        S,
        "surrounding-area",
        "refuel-aircraft-for-sortie",
        "high-seas-near-japan",
        X,
        ("saa-1999", "Annexed Table 2, item 3"),
    ),
    "ship-inspection-2000/us-units-no-sortie": (
        S,
        "surrounding-area",
        "refuel-aircraft-for-sortie",
        "japan",
        X,
        ("saa-1999", "Annexed Table 2, note 2"),
    ),
    # International Peace Cooperation Act (Act No. 79 of 1992), before and after 2016-03-29
    "pko-1992/medical": (
        S,
        "un-peacekeeping",
        "medical",
        "foreign-territory-with-consent",
        C,
        ("pko-1992", "Art. 9(4)"),
    ),
    "pko-1992/transport": (
        S,
        "un-peacekeeping",
        "airlift-personnel",
        "foreign-territory-with-consent",
        C,
        ("pko-1992", "Art. 3(iii)"),
    ),
    "pko-1992/no-rescue-escort": (
        "2010-01-01",
        "un-peacekeeping",
        "rescue-escort",
        "foreign-territory-with-consent",
        N,
        ("pko-1992", "Art. 24(3)"),
    ),
    "pko-1992/no-use-of-force": (
        S,
        "un-peacekeeping",
        "use-of-force",
        "foreign-territory-with-consent",
        X,
        ("pko-1992", "Art. 2(2)"),
    ),
    "pko-2016/medical": (
        T,
        "un-peacekeeping",
        "medical",
        "foreign-territory-with-consent",
        C,
        ("pko-2016", "Art. 3(v)"),
    ),
    "pko-2016/transport": (
        T,
        "un-peacekeeping",
        "airlift-personnel",
        "high-seas",
        C,
        ("pko-2016", "Art. 9(4)"),
    ),
    "pko-2016/rescue-escort": (
        T,
        "un-peacekeeping",
        "rescue-escort",
        "foreign-territory-with-consent",
        C,
        ("pko-2016", "Art. 26(2)"),
    ),
    "pko-2016/no-use-of-force": (
        T,
        "un-peacekeeping",
        "use-of-force",
        "foreign-territory-with-consent",
        X,
        ("pko-2016", "Art. 2(2)"),
    ),
}


#: The provision each rule is built from (its article, and its wording where it is short):
#: the citation of the parametrised case of that rule.
SOURCES: dict[str, str] = {
    "saa-1999/supply": "SAA Art. 3(2), Annexed Table 1 'supply' (補給): water, fuel, meals in Japanese territory; on the high seas only as transport (note 3).",
    "saa-1999/goods-supply": "SAA Art. 3(2), Annexed Table 1: the provision of goods (物品の提供), the general rule that note 1 carves weapons and ammunition out of.",
    "saa-1999/note1-weapons-ammunition": "SAA Annexed Table 1, note 1: 物品の提供には、武器（弾薬を含む。）の提供を含まない.",
    "saa-1999/aircraft-service": "SAA Art. 3(2), Annexed Table 1 'supply' and 'repair and maintenance' (the general rule behind note 2).",
    "saa-1999/note2-sortie": "SAA Annexed Table 1, note 2: no refuelling or maintenance of aircraft preparing for a combat sortie.",
    "saa-1999/transport-weapons-ammunition": "SAA Annexed Table 1 'transportation', note 3 (high seas), Art. 6(5) (suspend if combat nearby).",
    "saa-1999/airlift-personnel": "SAA Annexed Table 1 'transportation' (人員及び物品の輸送), rear area (Art. 3(1)(iii)).",
    "saa-1999/refuel-ships": "SAA Annexed Table 1 'supply' in Japan; on the high seas only as transport (note 3).",
    "saa-1999/medical": "SAA Annexed Table 1 'medical' (医療), note 3 (during transport on the high seas).",
    "saa-1999/search-and-rescue": "SAA Art. 3(1)(ii) rear area search and rescue; Art. 7(4) adjacent foreign territorial sea with consent.",
    "saa-1999/no-ship-inspection-before-2001": "SAA Art. 3(1)(i)-(ii): the 1999 Act's own measures; ship inspection only from 2001-03-01 (Act No. 145 of 2000).",
    "saa-1999/no-use-of-force": "SAA Art. 2(2): 対応措置の実施は、武力による威嚇又は武力の行使に当たるものであってはならない.",
    "ship-inspection-2000/inspection": "Ship Inspection Operations Act Art. 2 (UNSC resolution or flag-state consent; territorial sea or high seas around Japan), Art. 5(2), Annexed Table items 2 and 4.",
    "atsma-2001/goods-supply": "ATSMA Art. 3(2), Annexed Table 1 'supply': fuel to ships in the non-combat area (Art. 2(3)).",
    "atsma-2001/note1-weapons-ammunition": "ATSMA Annexed Table 1, note 1: weapons (ammunition included) excluded.",
    "atsma-2001/aircraft-service": "ATSMA Annexed Table 1 'supply' and 'repair and maintenance' (general rule behind note 2).",
    "atsma-2001/note2-sortie": "ATSMA Annexed Table 1, note 2: no refuelling or maintenance of aircraft preparing for a combat sortie.",
    "atsma-2001/transport": "ATSMA Annexed Table 1 'transportation'; note 3: no land transport of weapons in foreign territory.",
    "atsma-2001/medical": "ATSMA Annexed Table 1 'medical', non-combat area (Art. 2(3)).",
    "atsma-2001/search-and-rescue": "ATSMA Art. 3(1)(ii): search and rescue of combatants in distress.",
    "atsma-2001/no-use-of-force": "ATSMA Art. 2(2): no threat or use of force.",
    "iraq-2003/goods-supply": "Iraq SMA, Annexed Table 2 (support for ensuring security): supply in the non-combat area.",
    "iraq-2003/note1-weapons-ammunition": "Iraq SMA Annexed Table 2, note 1: weapons (ammunition included) excluded.",
    "iraq-2003/aircraft-service": "Iraq SMA Annexed Table 2 (general rule behind note 2).",
    "iraq-2003/note2-sortie": "Iraq SMA Annexed Table 2, note 2: no refuelling of aircraft preparing for a combat sortie.",
    "iraq-2003/transport-weapons-ammunition": "Iraq SMA Annexed Table 2 'transport'; note 3: no land transport of weapons abroad.",
    "iraq-2003/airlift-personnel": "Iraq SMA Art. 2(3) non-combat area: airlift lawful only there (Nagoya High Court 2008 as rationale).",
    "iraq-2003/medical": "Iraq SMA Annexed Table 2 'medical'.",
    "iraq-2003/no-use-of-force": "Iraq SMA Art. 2(2): no threat or use of force.",
    "replenishment-2008/replenishment": "Replenishment SMA (Act No. 1 of 2008): supply of fuel and water only, Indian Ocean; no Diet approval clause (Defense of Japan 2016, Reference 65, note 5).",
    "replenishment-2008/no-use-of-force": "Replenishment SMA Art. 2(2): no threat or use of force.",
    "us-actions-2004/goods": "Act No. 113 of 2004 Art. 10(1), (4): 補給（武器の提供を行う補給を除く。）— ammunition may be supplied to U.S. forces repelling an armed attack; goods need no Diet approval (Defense of Japan 2007, Reference 31: 'Consent of the Diet: supplies — not required').",
    "us-actions-2004/services": "Act No. 113 of 2004 Art. 10(2)-(3): services by units under a defense-operation order or with the Prime Minister's approval; Diet consent required (Defense of Japan 2007, Reference 31: 'services — required (after the Cabinet decision on the Basic Response Plan)', note 1).",
    "us-actions-2004/no-weapons": "Act No. 113 of 2004 Art. 10(4): the provision of weapons is excluded.",
    "us-actions-2004/no-search-and-rescue": "Act No. 113 of 2004 Art. 10(4): no search-and-rescue service listed (confidence low).",
    "sdf-act-pre2003/use-of-force-armed-attack": "SDF Act Art. 76(1) until 2003-06-12 (an armed attack from outside, the threat of one included; Ministry of Defense publication of the article before the revision) and Art. 88 (use of necessary force).",
    "sdf-act-pre2016/use-of-force-armed-attack": "SDF Act Art. 76(1) from 2003-06-13 (an armed attack against Japan has occurred or is clearly imminent; Diet approval under the Armed Attack Situations Act Art. 9) and Art. 88 (use of necessary force).",
    "sdf-act-pre2014/no-collective-self-defense": "SDF Act Art. 76(1) before 2016: only an armed attack against Japan (no survival-threatening situation); until 2014-06-30 the Government held collective self-defense not permissible under the Constitution (document of 14 October 1972; Cabinet answer of 13 November 1981).",
    "sdf-act-pre2016/no-collective-self-defense": "SDF Act Art. 76(1) before 2016: only an armed attack against Japan (no survival-threatening situation); from 2014-07-01 the Cabinet Decision of 1 July 2014 held limited collective self-defense permissible under the three new conditions, a policy with no legal effect of its own until Act No. 76 of 2015 (in force 2016-03-29; Defense of Japan 2016, Part II Ch. 3 Sec. 1).",
    "sdf-act-pre2016/ship-inspection-armed-attack": "SDF Act Art. 94-7: MSDF under a defense-operation order exercise the Maritime Transportation Restriction Act's powers.",
    "sdf-act-pre2016/art95-own-assets-only": "SDF Act Art. 95 (pre-2016): protection of the SDF's own weapons only.",
    "sdf-act-pre2016/acsa-joint-training": "SDF Act Art. 100-9(1) (Act No. 86 of 1996): U.S. forces in joint training (until 2004-07-28).",
    "sdf-act-pre2016/acsa-2004": "SDF Act Art. 100-10(1)(i)-(iv) (Act No. 118 of 2004) from 2004-07-29, renumbered Art. 100-6(1) from 2007-01-09.",
    "sdf-act-pre2004/acsa-no-weapons-ammunition": "SDF Act Art. 100-9(1) (Act No. 86 of 1996) until 2004-07-28: goods provided as the Japan-U.S. ACSA provides (「日米物品役務相互提供協定」の定めるところにより); the exclusion of weapons and ammunition is the Agreement's (Defense of Japan 2007, Fig. III-2-3-7).",
    "sdf-act-pre2016/acsa-no-weapons-ammunition": "SDF Act Art. 100-10(4) (Act No. 118 of 2004) from 2004-07-29, Art. 100-6(4) from 2007-01-09 to 2016-03-28: 武器（弾薬を含む。）の提供は含まない.",
    "sdf-act/no-sortie-support-peacetime": "SDF Act Art. 100-6(1): peacetime support only in the listed non-combat activities, before and after the 2015 amendment (one rule over both versions).",
    "sdf-act/disaster-relief-rescue": "SDF Act Art. 83(1)-(2): disaster relief dispatch (rescue) on request, or without request when particularly urgent; the request or the urgency is a condition fact: with a request every condition is met (permitted), with neither it is barred.",
    "sdf-act-2016/use-of-force-armed-attack": "SDF Act Art. 76(1)(i) and Art. 88 (2016 wording).",
    "sdf-act-2016/use-of-force-survival-threatening": "SDF Act Art. 76(1)(ii): survival-threatening situation (存立危機事態); three new conditions as rationale.",
    "sdf-act-2016/ship-inspection-armed-attack": "SDF Act Art. 94-8: stop-and-inspect also in survival-threatening situations.",
    "sdf-act-2016/art95-2-asset-protection": "SDF Act Art. 95-2(1)-(2): protection of U.S. forces' assets on request and when the Defense Minister deems it necessary; not at the scene of actual combat.",
    "sdf-act-2016/art95-2-not-international-peace": "SDF Act Art. 95-2(1): only forces in activities contributing to Japan's defense.",
    "sdf-act-2016/acsa": "SDF Act Art. 100-6(1), (3), (4) as amended: ammunition no longer excluded.",
    "sdf-act-2016/acsa-no-weapons": "SDF Act Art. 100-6(4) as amended: 武器の提供は含まない.",
    "iisa-2016/supply": "IISA Art. 3(2), Annexed Table 1 'supply', not at the scene of actual combat (Art. 2(3)).",
    "iisa-2016/goods-supply": "IISA Art. 3(2), Annexed Table 1 'supply' (ammunition included since 2016); goods provided by the Defense Minister under the Basic Plan (Art. 6(1)).",
    "iisa-2016/no-weapons": "IISA Annexed Table 1 note: 物品の提供には、武器の提供を含まない.",
    "iisa-2016/aircraft-service": "IISA Annexed Table 1 'repair and maintenance'; the 1999 note 2 deleted.",
    "iisa-2016/transport": "IISA Annexed Table 1 'transportation'; foreign territory with consent (Art. 2(4)).",
    "iisa-2016/medical": "IISA Annexed Table 1 'medical'.",
    "iisa-2016/search-and-rescue": "IISA Art. 2(3) and Art. 7(6): no search and rescue at the combat scene; a rescue under way may continue.",
    "iisa-2016/no-use-of-force": "IISA Art. 2(2): no threat or use of force.",
    "ipsa-2016/goods-supply": "IPSA Art. 3(2), Annexed Table 1 'supply' (ammunition included).",
    "ipsa-2016/no-weapons": "IPSA Annexed Table 1 note: weapons excluded.",
    "ipsa-2016/aircraft-service": "IPSA Annexed Table 1 'repair and maintenance': sortie refuelling allowed off the combat scene.",
    "ipsa-2016/transport": "IPSA Annexed Table 1 'transportation'; Art. 2(4) consent.",
    "ipsa-2016/medical": "IPSA Annexed Table 1 'medical'.",
    "ipsa-2016/search-and-rescue": "IPSA Art. 2(3) and Art. 8(6): no search and rescue at the combat scene.",
    "ipsa-2016/no-use-of-force": "IPSA Art. 2(2): no threat or use of force.",
    "us-actions-2016/goods": "Act No. 113 of 2004 as amended: ammunition to U.S. and other forces in survival-threatening situations (only weapons excluded); goods need no Diet approval (Defense of Japan 2016, 'Main Operations of the SDF', Art. 77-3 row).",
    "us-actions-2016/services": "Act No. 113 of 2004 as amended: services (refuelling aircraft preparing for a sortie is not excluded); Diet consent required through the Basic Response Plan (Defense of Japan 2016, 'Main Operations of the SDF', Art. 77-3 row and note 2).",
    "us-actions-2016/no-weapons": "Act No. 113 of 2004 as amended: 武器の提供を行う補給を除く.",
    "us-actions-2016/no-search-and-rescue": "Act No. 113 of 2004 as amended: no search-and-rescue service listed (confidence low).",
    "ship-inspection-2016/important-influence": "Ship Inspection Act as amended, Art. 2; IISA Art. 5 Diet approval.",
    "ship-inspection-2016/international-peace": "Ship Inspection Act as amended, Art. 2; IPSA Art. 6 Diet approval (prior, no exception).",
    "saa-1999/sar-units-goods": "SAA Art. 3(3) second sentence and Annexed Table 2: SDF units doing rear area search and rescue may give U.S. units doing the same water, fuel, meals, transport and medical care — on the high seas around Japan as well, because Table 2 has no note confining them to Japanese territory (Table 1, note 3); weapons and ammunition (note 1) and sortie refuelling (note 2) stay excluded.",
    "saa-1999/sar-units-no-weapons": "SAA Art. 3(3) second sentence and Annexed Table 2: SDF units doing rear area search and rescue may give U.S. units doing the same water, fuel, meals, transport and medical care — on the high seas around Japan as well, because Table 2 has no note confining them to Japanese territory (Table 1, note 3); weapons and ammunition (note 1) and sortie refuelling (note 2) stay excluded.",
    "saa-1999/sar-units-transport": "SAA Art. 3(3) second sentence and Annexed Table 2: SDF units doing rear area search and rescue may give U.S. units doing the same water, fuel, meals, transport and medical care — on the high seas around Japan as well, because Table 2 has no note confining them to Japanese territory (Table 1, note 3); weapons and ammunition (note 1) and sortie refuelling (note 2) stay excluded.",
    "saa-1999/sar-units-medical": "SAA Art. 3(3) second sentence and Annexed Table 2: SDF units doing rear area search and rescue may give U.S. units doing the same water, fuel, meals, transport and medical care — on the high seas around Japan as well, because Table 2 has no note confining them to Japanese territory (Table 1, note 3); weapons and ammunition (note 1) and sortie refuelling (note 2) stay excluded.",
    "saa-1999/sar-units-aircraft": "SAA Art. 3(3) second sentence and Annexed Table 2: SDF units doing rear area search and rescue may give U.S. units doing the same water, fuel, meals, transport and medical care — on the high seas around Japan as well, because Table 2 has no note confining them to Japanese territory (Table 1, note 3); weapons and ammunition (note 1) and sortie refuelling (note 2) stay excluded.",
    "saa-1999/sar-units-no-sortie": "SAA Art. 3(3) second sentence and Annexed Table 2: SDF units doing rear area search and rescue may give U.S. units doing the same water, fuel, meals, transport and medical care — on the high seas around Japan as well, because Table 2 has no note confining them to Japanese territory (Table 1, note 3); weapons and ammunition (note 1) and sortie refuelling (note 2) stay excluded.",
    "ship-inspection-2000/us-units-goods": "Ship Inspection Operations Act Art. 3: SDF inspection units may give U.S. units doing the same the Surrounding Areas Act's Annexed Table 2 support, in the inspection area; not before the Act took effect on 2001-03-01.",
    "ship-inspection-2000/us-units-no-weapons": "Ship Inspection Operations Act Art. 3: SDF inspection units may give U.S. units doing the same the Surrounding Areas Act's Annexed Table 2 support, in the inspection area; not before the Act took effect on 2001-03-01.",
    "ship-inspection-2000/us-units-services": "Ship Inspection Operations Act Art. 3: SDF inspection units may give U.S. units doing the same the Surrounding Areas Act's Annexed Table 2 support, in the inspection area; not before the Act took effect on 2001-03-01.",
    "ship-inspection-2000/us-units-medical": "Ship Inspection Operations Act Art. 3: SDF inspection units may give U.S. units doing the same the Surrounding Areas Act's Annexed Table 2 support, in the inspection area; not before the Act took effect on 2001-03-01.",
    "ship-inspection-2000/us-units-aircraft": "Ship Inspection Operations Act Art. 3: SDF inspection units may give U.S. units doing the same the Surrounding Areas Act's Annexed Table 2 support, in the inspection area; not before the Act took effect on 2001-03-01.",
    "ship-inspection-2000/us-units-no-sortie": "Ship Inspection Operations Act Art. 3: SDF inspection units may give U.S. units doing the same the Surrounding Areas Act's Annexed Table 2 support, in the inspection area; not before the Act took effect on 2001-03-01.",
    "pko-1992/medical": "PKO Act (Act No. 79 of 1992) Art. 3(iii) (医療, a listed assignment) and Art. 9(4) (SDF units carry it out under the implementation plan), overseas.",
    "pko-1992/transport": "PKO Act Art. 3(iii) (輸送) and Art. 9(4): transport by SDF units under the implementation plan, overseas.",
    "pko-1992/no-rescue-escort": "PKO Act Art. 3(iii) lists no kaketsuke-keigo assignment and Art. 24(3) allows weapons only to protect the SDF personnel and those under their control: no legal basis before 2016-03-29.",
    "pko-1992/no-use-of-force": "PKO Act Art. 2(2): international peace cooperation must not amount to the threat or use of force.",
    "pko-2016/medical": "PKO Act as amended (Act No. 76 of 2015) Art. 3(v) (医療) and Art. 9(4), overseas.",
    "pko-2016/transport": "PKO Act as amended Art. 3(v) (輸送) and Art. 9(4), overseas.",
    "pko-2016/rescue-escort": "PKO Act as amended Art. 3(v)(ra) (駆け付け警護) and Art. 26(2) (use of weapons to protect the persons the unit set out to protect), with the consent of the host state and the parties stably maintained.",
    "pko-2016/no-use-of-force": "PKO Act as amended Art. 2(2): no threat or use of force.",
}


#: Framing facts of the rules that need them (support alongside SDF search and rescue or ship
#: inspection units).
FACTS = {
    "saa-1999/sar-units": {"alongside": "search-and-rescue"},
    "ship-inspection-2000/us-units": {"alongside": "ship-inspection"},
}


def check(rule_id: str):
    """Ask the rule's question; check the status, that the rule applied and the article cited."""
    date, situation, activity, location, status, (law_key, ref) = CASES[rule_id]
    facts = next((f for prefix, f in FACTS.items() if rule_id.startswith(prefix)), None)
    ans = ask(date, situation, activity, location, facts=facts)
    assert ans.status == status, (rule_id, ans.status, ans.explanation)
    assert rule_id in ans.rules, (rule_id, ans.rules)
    cited = {(c.law_key, c.ref) for c in ans.legal_basis}
    assert (law_key, ref) in cited, (rule_id, sorted(cited))
    for c in ans.legal_basis:
        assert c.law and c.article and c.quote
    return ans


def test_every_rule_has_a_case():
    """Every rule in the rule files is exercised by exactly one case here, with its source."""
    ids = {r.id for _, r in ruleset().rules()}
    assert ids == set(CASES) == set(SOURCES)
    assert all(SOURCES.values())


@pytest.mark.parametrize("rule_id", list(CASES))
def test_rule(rule_id: str) -> None:
    """Each rule, asked the question it answers (``CASES``): the status, that the rule applied
    and that the provision it is built from (``SOURCES[rule_id]``) is cited, with its wording."""
    check(rule_id)


# ------------------------------------------------------------------ Surrounding Areas Act 1999


def test_saa_supply():
    """SAA Art. 3(2), Annexed Table 1 'supply' (補給): water, fuel, meals in Japanese territory; on
    the high seas only as transport (note 3)."""
    ans = check("saa-1999/supply")
    assert ans.diet_approval == "prior-with-emergency-exception"
    assert any("only as transport" in c for c in ans.conditions)


# ------------------------------------------------------------------ Anti-Terrorism SMA 2001


def test_atsma_goods_supply():
    """ATSMA Art. 3(2), Annexed Table 1 'supply': fuel to ships in the non-combat area (Art. 2(3))."""
    ans = check("atsma-2001/goods-supply")
    assert ans.diet_approval == "ex-post-within-20-days"


def test_atsma_transport():
    """ATSMA Annexed Table 1 'transportation'; note 3: no land transport of weapons in foreign
    territory."""
    ans = check("atsma-2001/transport")
    assert any("by land" in c for c in ans.conditions)


# ------------------------------------------------------------------ Iraq SMA 2003


def test_iraq_goods_supply():
    """Iraq SMA, Annexed Table 2 (support for ensuring security): supply in the non-combat area."""
    ans = check("iraq-2003/goods-supply")
    assert ans.diet_approval == "ex-post-within-20-days"


def test_iraq_airlift_personnel():
    """Iraq SMA Art. 2(3) non-combat area: airlift lawful only there (Nagoya High Court 2008 as
    rationale)."""
    ans = check("iraq-2003/airlift-personnel")
    assert any(r.key == "nagoya-2008" for r in ans.rationale_items)
    assert "Nagoya" in ans.rationale
    assert ask("2005-01-01", "iraq-2003", "airlift-personnel", "combat-scene").status == X


def _cites(ans) -> dict[str, str]:
    return {f"{c.law_key} {c.ref}": c.role for c in ans.legal_basis}


def test_iraq_conditions_cite_basic_plan_and_consent_articles():
    """Iraq SMA Art. 4 (Basic Plan, approved by the Cabinet in December 2003: Defense of Japan
    2007, Part III Ch. 3) and Art. 2(3)(i) (foreign territory with the consent of the state or of
    the authority administering Iraq; item 1, the high seas being item 2)."""
    ans = ask("2005-01-01", "iraq-2003", "medical", "foreign-territory-with-consent")
    cites = _cites(ans)
    assert cites["iraq-2003 Art. 4(1)"] == "restricts"
    assert cites["iraq-2003 Art. 2(3)(i)"] == "restricts"
    assert "iraq-2003 Art. 2(3)(ii)" not in cites


# ------------------------------------------------------------------ Replenishment SMA 2008


def test_replenishment():
    """Replenishment SMA (Act No. 1 of 2008): supply of fuel and water only, Indian Ocean; no Diet
    approval clause (Defense of Japan 2016, Reference 65, note 5)."""
    ans = check("replenishment-2008/replenishment")
    assert ans.diet_approval == "none"
    assert (
        ask(
            "2009-01-01", "replenishment-2008", "refuel-ships-at-sea", "high-seas-near-japan"
        ).status
        == X
    )
    assert ask("2009-01-01", "replenishment-2008", "airlift-personnel", "high-seas").status == N


# ------------------------------------------------------------------ 2004 Act on U.S. actions


def test_us_actions_2004_goods():
    """Act No. 113 of 2004 Art. 10(1), (4): 補給（武器の提供を行う補給を除く。）— ammunition may be
    supplied to U.S. forces repelling an armed attack; goods need no Diet approval (Defense of
    Japan 2007, Reference 31: 'Consent of the Diet: supplies — not required')."""
    ans = check("us-actions-2004/goods")
    assert ans.diet_approval == "none"


def test_us_actions_2004_services():
    """Act No. 113 of 2004 Art. 10(2)-(3): services by units under a defense-operation order or
    with the Prime Minister's approval; Diet consent required (Defense of Japan 2007, Reference 31:
    'services — required (after the Cabinet decision on the Basic Response Plan)', note 1)."""
    ans = check("us-actions-2004/services")
    assert ans.diet_approval == "with-basic-response-plan"
    assert "Basic Response Plan" in ans.diet_approval_detail
    refs = {(c.law_key, c.ref) for c in ans.legal_basis}
    assert ("us-actions-2004", "Art. 10(2)") in refs
    assert ("sdf-act-pre2016", "Art. 76(1)") in refs


def test_us_actions_2004_no_search_and_rescue():
    """Act No. 113 of 2004 Art. 10(4): no search-and-rescue service listed (confidence low)."""
    ans = check("us-actions-2004/no-search-and-rescue")
    assert ans.confidence == "low"


# ------------------------------------------------------------------ SDF Act until 2016


def test_sdf_use_of_force_armed_attack_pre2016():
    """SDF Act Art. 76(1) (armed attack against Japan) and Art. 88 (use of necessary force)."""
    ans = check("sdf-act-pre2016/use-of-force-armed-attack")
    assert ans.diet_approval == "prior-with-emergency-exception"
    assert "Armed Attack Situations Act" in ans.diet_approval_detail


def test_sdf_no_collective_self_defense_worded_as_of_its_interpretation():
    """Collective self-defense before Act No. 76 of 2015 (in force 2016-03-29, Defense of Japan
    2016, Part II Ch. 3 Sec. 1): no statute provided for it on any date, but the Government held
    it not permissible under the Constitution only until the Cabinet Decision of 1 July 2014,
    which held a limited use of force permissible under the three new conditions (review17 F5).
    The answer states the interpretation of its date; status and legal basis are the same on
    both sides of the split."""
    last = ask("2014-06-30", "survival-threatening", "use-of-force", "japan")
    first = ask("2014-07-01", "survival-threatening", "use-of-force", "japan")
    assert last.rules == ["sdf-act-pre2014/no-collective-self-defense"]
    assert first.rules == ["sdf-act-pre2016/no-collective-self-defense"]
    assert last.status == first.status == N
    assert {(c.law_key, c.ref) for c in last.legal_basis} == {
        (c.law_key, c.ref) for c in first.legal_basis
    }
    assert "held collective self-defense not permissible" in last.explanation
    for date in ("2014-07-01", "2015-01-01", "2016-03-28"):
        for activity in ("use-of-force", "protect-us-assets"):
            ans = ask(date, "survival-threatening", activity, "japan")
            assert ans.status == N, (date, activity, ans.status)
            assert "not permissible" not in ans.explanation, (date, activity, ans.explanation)
            assert "three new conditions" in ans.explanation
            assert "no statute yet provided" in ans.explanation
            assert not any("The Government holds" in r for r in ans.rationale), ans.rationale


def test_sdf_use_of_force_armed_attack_pre2003():
    """SDF Act Art. 76(1) until 2003-06-12 (Ministry of Defense publication of the article before
    the revision): 「外部からの武力攻撃（外部からの武力攻撃のおそれのある場合を含む。）に際して」,
    prior Diet approval save 「特に緊急の必要がある場合」. Each regime has its rule (brief law16b):
    the answer states its own trigger and Diet approval, and names no later wording or date."""
    ans = check("sdf-act-pre2003/use-of-force-armed-attack")
    assert ans.diet_approval == "prior-with-emergency-exception"
    assert "特に緊急の必要がある場合" in ans.diet_approval_detail
    assert "Armed Attack Situations Act" not in ans.diet_approval_detail
    assert any("おそれのある場合を含む" in c for c in ans.conditions)
    assert not any("2003" in c for c in ans.conditions)
    last = ask("2003-06-12", "armed-attack-japan", "use-of-force", "japan")
    first = ask("2003-06-13", "armed-attack-japan", "use-of-force", "japan")
    assert last.rules == ["sdf-act-pre2003/use-of-force-armed-attack"]
    assert first.rules == ["sdf-act-pre2016/use-of-force-armed-attack"]


def test_sdf_no_sortie_support_peacetime():
    """SDF Act Art. 100-6(1): peacetime support only in the listed non-combat activities, before
    and after the 2015 amendment (one rule over both versions)."""
    ans = check("sdf-act/no-sortie-support-peacetime")
    after = ask(T, "peacetime", "refuel-aircraft-for-sortie", "japan")
    assert after.rules == ["sdf-act/no-sortie-support-peacetime"]
    assert ("sdf-act-2016", "Art. 100-6(1)") in {(c.law_key, c.ref) for c in after.legal_basis}
    assert ans.legal_basis[0].law_key == "sdf-act-pre2016"


def test_sdf_disaster_relief_rescue():
    """SDF Act Art. 83(1)-(2): disaster relief dispatch (rescue) on request, or without request
    when particularly urgent; the request or the urgency is a condition fact: with a request
    every condition is met (permitted), with neither it is barred."""
    check("sdf-act/disaster-relief-rescue")
    on_request = ask(T, "peacetime", "search-and-rescue", "japan", facts={"requested": True})
    neither = ask(T, "peacetime", "search-and-rescue", "japan", facts={"requested": False})
    assert on_request.status == "permitted" and neither.status == C
    both_no = ask(
        T, "peacetime", "search-and-rescue", "japan", facts={"requested": False, "urgent": False}
    )
    assert both_no.status == X
    assert ("sdf-act-2016", "Art. 83(2)") in {(c.law_key, c.ref) for c in on_request.legal_basis}


# ------------------------------------------------------------------ SDF Act as amended 2015


def test_sdf_use_of_force_survival_threatening():
    """SDF Act Art. 76(1)(ii): survival-threatening situation (存立危機事態); three new conditions as
    rationale."""
    ans = check("sdf-act-2016/use-of-force-survival-threatening")
    assert any(r.key == "three-new-conditions" for r in ans.rationale_items)
    assert ans.diet_approval == "prior-with-emergency-exception"


def test_three_new_conditions_are_listed_as_conditions():
    """The three new conditions (Cabinet Decision of 1 July 2014; Defense of Japan 2016, column on
    the legislation and the Constitution): (1) an armed attack on Japan, or on a country in a close
    relationship with Japan that threatens Japan's survival (SDF Act Art. 76(1)(i)-(ii)); (2) no
    other appropriate means; (3) minimum necessary force (Art. 88) — each a condition of the
    answer, for both situations."""
    for situation, first in (
        ("survival-threatening", "close relationship with Japan"),
        ("armed-attack-japan", "an armed attack against Japan has occurred"),
    ):
        ans = ask(T, situation, "use-of-force", "high-seas")
        three = [c for c in ans.conditions if "three new conditions" in c]
        assert len(three) == 3, ans.conditions
        assert first in three[0]
        assert "no other appropriate means" in three[1]
        assert "minimum extent necessary" in three[2]


def test_sdf_art95_2_asset_protection():
    """SDF Act Art. 95-2(1)-(2): protection of U.S. forces' assets on request and when the Defense
    Minister deems it necessary; not at the scene of actual combat."""
    ans = check("sdf-act-2016/art95-2-asset-protection")
    assert ans.diet_approval == "none"
    assert ask(T, "peacetime", "protect-us-assets", "combat-scene").status == X


def test_protect_us_assets_points_to_use_of_force_against_an_armed_attack():
    """Art. 95-2 is the passive use of weapons for infringements short of an armed attack (Defense
    of Japan 2016, table of the 2014 Cabinet Decision, item 1); against an armed attack the SDF
    uses force under a defense-operation order (SDF Act Arts. 76(1)(ii), 88), Diet approval prior
    in principle — so the protect-us-assets answer points to use-of-force, whose answer differs."""
    assets = ask(T, "survival-threatening", "protect-us-assets", "high-seas")
    force = ask(T, "survival-threatening", "use-of-force", "high-seas")
    assert any("'use-of-force'" in n for n in assets.notes)
    assert (assets.diet_approval, force.diet_approval) == ("none", "prior-with-emergency-exception")
    assert ("sdf-act-2016", "Art. 76(1)(ii)") in {(c.law_key, c.ref) for c in force.legal_basis}
    before = ask("2010-01-01", "armed-attack-japan", "protect-us-assets", "japan")
    assert before.status == N and any("'use-of-force'" in n for n in before.notes)


# ------------------------------------------------------------------ IISA 2016


def test_iisa_search_and_rescue():
    """IISA Art. 2(3) and Art. 7(6): no search and rescue at the combat scene; a rescue under way
    may continue."""
    check("iisa-2016/search-and-rescue")
    assert ask(T, "important-influence", "search-and-rescue", "high-seas").status == C


# ------------------------------------------------------------------ IPSA 2016


def test_ipsa_goods_supply():
    """IPSA Art. 3(2), Annexed Table 1 'supply' (ammunition included)."""
    ans = check("ipsa-2016/goods-supply")
    assert ans.diet_approval == "prior"


def test_ipsa_conditions_cite_un_resolution_and_search_and_rescue_articles():
    """IPSA Art. 3(1)(i): the forces supported act under a UN General Assembly or Security Council
    resolution (Defense of Japan 2016, Part II Ch. 3 Sec. 2-2, 'requirements'); Art. 3(1)(iii)
    defines search and rescue."""
    ans = ask(T, "international-peace", "search-and-rescue", "high-seas")
    cites = _cites(ans)
    assert ans.status == C
    assert cites["ipsa-2016 Art. 3(1)(iii)"] == "defines"
    assert cites["ipsa-2016 Art. 3(1)(i)"] == "restricts"
    assert "ipsa-2016 Art. 1" not in cites


# ------------------------------------------------------------------ amended 2004 Act, Ship Inspection


def test_us_actions_2016_goods():
    """Act No. 113 of 2004 as amended: ammunition to U.S. and other forces in survival-threatening
    situations (only weapons excluded); goods need no Diet approval (Defense of Japan 2016,
    'Main Operations of the SDF', Art. 77-3 row)."""
    ans = check("us-actions-2016/goods")
    assert ans.diet_approval == "none"


def test_us_actions_2016_services():
    """Act No. 113 of 2004 as amended: services (refuelling aircraft preparing for a sortie is not
    excluded); Diet consent required through the Basic Response Plan (Defense of Japan 2016,
    'Main Operations of the SDF', Art. 77-3 row and note 2)."""
    ans = check("us-actions-2016/services")
    assert ans.diet_approval == "with-basic-response-plan"
    assert ("us-actions-2016", "Art. 10(3)") in {(c.law_key, c.ref) for c in ans.legal_basis}
    assert ("sdf-act-2016", "Art. 76(1)") in {(c.law_key, c.ref) for c in ans.legal_basis}


def test_ship_inspection_2016_important_influence():
    """Ship Inspection Act as amended, Art. 2; IISA Art. 5 Diet approval."""
    ans = check("ship-inspection-2016/important-influence")
    assert ans.diet_approval == "prior-with-emergency-exception"


def test_ship_inspection_2016_international_peace():
    """Ship Inspection Act as amended, Art. 2; IPSA Art. 6 Diet approval (prior, no exception)."""
    ans = check("ship-inspection-2016/international-peace")
    assert ans.diet_approval == "prior"


# ------------------------------------------------------------------ PKO Act: the combat scene

#: PKO assignments asked at each place: after the 2016 amendment (kaketsuke-keigo among them) and
#: under the 1992 Act.
PKO_ASSIGNMENTS = [
    ("2017-06-01", "rescue-escort"),
    ("2017-06-01", "medical"),
    ("2017-06-01", "airlift-personnel"),
    ("2001-07-10", "medical"),
    ("2001-07-10", "airlift-personnel"),
]


@pytest.mark.parametrize(("date", "activity"), PKO_ASSIGNMENTS)
def test_pko_not_at_the_scene_of_actual_combat(date: str, activity: str) -> None:
    """review9 F10: at a site where combat acts (part of an international armed conflict) are
    taking place, the Five Principles' ceasefire and consents (PKO Act Art. 3(i)) do not hold, nor
    does the stably maintained consent kaketsuke-keigo requires (Defense of Japan 2016, Part II
    Ch. 3 Sec. 3, column 'Kaketsuke-Keigo'). It was 'conditional' with both conditions open, the
    engine's own fact ``combat_now=true`` unread. At every preset but ``combat-scene`` the status
    is the one with ``combat_now=False`` explicitly stated with the preset's other facts, and the
    ``combat_now=False`` alternative of the question that leaves ``combat_now`` out (review10
    F2, F7)."""
    ans = ask(date, "un-peacekeeping", activity, "combat-scene")
    assert ans.status == X, ans.explanation
    assert "Art. 3(i)" in {c.ref for c in ans.legal_basis}
    assert "combat_now" in ans.decided_by
    assert "Five Principles" in ans.explanation
    for preset, facts in PRESETS.items():
        if preset == "combat-scene":
            continue
        at = ask(date, "un-peacekeeping", activity, preset)
        rest = {k: v for k, v in facts.items() if k != "combat_now"}
        stated = ask(date, "un-peacekeeping", activity, facts={**rest, "combat_now": False})
        assert at.status == stated.status, (preset, at.explanation, stated.explanation)
        partial = ask(date, "un-peacekeeping", activity, facts=rest)
        if partial.status == "depends-on":
            away = [
                a["status"] for a in partial.alternatives if a["facts"] == {"combat_now": False}
            ]
            assert away == [at.status], (preset, partial.alternatives)
        else:
            assert partial.status == at.status, (preset, partial.explanation)
    ok = ask(date, "un-peacekeeping", activity, "foreign-territory-with-consent")
    assert ok.status == C, ok.explanation


@pytest.mark.parametrize(("date", "activity"), PKO_ASSIGNMENTS)
def test_pko_stated_place_without_combat_now_depends_on_it(date: str, activity: str) -> None:
    """review10 F2: a PKO question that states the place (foreign territory, host consent) but
    not ``combat_now`` answers ``depends-on ['combat_now']`` — prohibited at the scene of actual
    combat, conditional away from it (PKO Act Art. 3(i); Defense of Japan 2016, Part II Ch. 3
    Sec. 3) — as IISA questions do: the answer differs by that fact, so none is guessed."""
    ans = ask(
        date, "un-peacekeeping", activity, facts={"where": "foreign-territory", "consent": True}
    )
    assert ans.status == "depends-on", ans.explanation
    assert ans.missing_facts == ["combat_now"]
    alts = {a["facts"]["combat_now"]: a["status"] for a in ans.alternatives}
    assert alts == {True: X, False: C}, ans.alternatives


def test_pko_combat_scene_kaketsuke_keigo_cites_the_stable_consent_source(
    shared_data: Path,
) -> None:
    """review10 F3: the combat-scene case of kaketsuke-keigo says the stably maintained consent
    it requires does not hold there; it must cite for that requirement what the rule's own
    stable-consent condition (fact ``consent_stable``) cites — the Five Principles (5) as amended
    and Defense of Japan 2016, Part II Ch. 3 Sec. 3 — and no provision the condition does not
    cite beyond the Five Principles' ceasefire and consents (Art. 3(i)). It cited Art. 6(1),
    whose stored quote (the 1992 chapeau) says nothing of stable consent. The shared Defense of
    Japan 2016 text must state the requirement."""
    rule = next(r for _, r in ruleset().rules() if r.id == "pko-2016/rescue-escort")
    cond = next(c for c in rule.conditions if c.fact == "consent_stable")
    case = next(c for c in rule.location.cases if c.when.get("combat_now") is True)
    cited = re.findall(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s*$", cond.text)
    assert cited and "Defense of Japan 2016" in cited[0], cond.text
    assert f"({cited[0]})" in case.text, case.text
    assert "stably maintained consent" in case.text
    assert "Art. 6(1)" not in case.text
    assert set(case.basis) <= set(cond.basis) | {"pko-principles"}, case.basis
    ans = ask("2017-06-01", "un-peacekeeping", "rescue-escort", "combat-scene")
    assert ans.status == X, ans.explanation
    assert f"({cited[0]})" in ans.explanation
    assert "Art. 6(1)" not in {c.ref for c in ans.legal_basis}
    doj = (shared_data / "law/whitepapers/japan_2016_DefenseOfJapan.txt").read_text("utf-8")
    assert "stably maintained" in " ".join(doj.split())


# ------------------------------------------------------------------ SAA Annexed Table 2


def test_saa_support_to_us_search_and_rescue_units():
    """SAA Art. 3(3) second sentence and Annexed Table 2: SDF units doing rear area search and
    rescue may give U.S. units doing the same water, fuel, meals, transport and medical care —
    on the high seas around Japan as well, because Table 2 has no note confining them to
    Japanese territory (Table 1, note 3); weapons and ammunition (note 1) and sortie refuelling
    (note 2) stay excluded."""
    sar = {"alongside": "search-and-rescue"}
    plain = ask(S, "surrounding-area", "medical", "high-seas-near-japan")
    alongside = ask(S, "surrounding-area", "medical", "high-seas-near-japan", facts=sar)
    assert any("during the transport" in c for c in plain.conditions)
    assert not any("during the transport" in c for c in alongside.conditions)
    refs = {(c.law_key, c.ref): c.role for c in alongside.legal_basis}
    assert refs[("saa-1999", "Art. 3(3)")] == "authorizes"
    assert ("saa-1999", "Annexed Table 1, note 3") not in refs
    far = ask(S, "surrounding-area", "medical", "high-seas", facts=sar)
    assert far.status == X  # still confined to the rear area (Art. 3(1)(iii))
    assert ask("1999-08-24", "surrounding-area", "medical", "japan", facts=sar).status == N


def test_ship_inspection_support_to_us_units():
    """Ship Inspection Operations Act Art. 3: SDF inspection units may give U.S. units doing the
    same the Surrounding Areas Act's Annexed Table 2 support, in the inspection area; not before
    the Act took effect on 2001-03-01."""
    si = {"alongside": "ship-inspection"}
    assert ask("2001-02-28", "surrounding-area", "medical", "japan", facts=si).status == N
    assert ask(S, "surrounding-area", "medical", "high-seas", facts=si).status == X


def test_coverage_note_takes_an_iso_string_as_every_law_function_does() -> None:
    """``coverage_note("2020-01-01")`` was a TypeError ('<=' between str and date); a bad
    string is a LawError naming the date."""
    import datetime as dt

    from anpo.errors import LawError
    from anpo.law import coverage_note

    assert coverage_note("2001-07-10") == coverage_note(dt.date(2001, 7, 10)) == ""
    assert coverage_note("2999-01-01") == coverage_note(dt.date(2999, 1, 1)) != ""
    with pytest.raises(LawError) as err:
        coverage_note("2020-13-01")
    assert err.value.field == "date"


def test_acsa_weapons_exclusion_one_rule_a_regime():
    """The exclusion of weapons and ammunition from the goods the SDF provides to U.S. forces in
    peacetime: until 2004-07-28 the Japan-U.S. ACSA's (SDF Act Art. 100-9(1) of Act No. 86 of
    1996 provides goods as the Agreement does; Defense of Japan 2007, Fig. III-2-3-7), from
    2004-07-29 the Act's own (Art. 100-10(4), Act No. 118 of 2004). One rule a regime (brief
    law16b): the answer before 2004 says nothing of the 2004 amendment or its rationale."""
    before = ask("2004-07-28", "peacetime", "provide-ammunition", "japan")
    after = ask("2004-07-29", "peacetime", "provide-ammunition", "japan")
    assert before.status == after.status == "prohibited"
    assert "sdf-act-pre2004/acsa-no-weapons-ammunition" in before.rules
    assert "sdf-act-pre2016/acsa-no-weapons-ammunition" in after.rules
    assert "Art. 100-9(1)" in {c.ref for c in before.legal_basis}
    assert "Art. 100-10(4)" in {c.ref for c in after.legal_basis}
    assert "acsa-2004" not in {i.key for i in before.rationale_items}
    late_2003 = ask("2003-12-31", "peacetime", "provide-ammunition", "japan")
    # not even as a later item (acsa-2004 is dated 2004-02-27: it belongs to the Act's own
    # exclusion, not the Agreement's); the reader's text, whose tags are provisions, not rule ids
    assert "2004" not in late_2003.reader_explanation()
