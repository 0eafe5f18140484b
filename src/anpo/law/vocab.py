"""Fixed vocabulary of the legal-limits engine (issue 5): situations, activities, locations,
statuses and kinds of Diet approval, with the Japanese legal terms they stand for.

Sources for the Japanese terms: the statutes in e-Gov (Act No. 60 of 1999, Act No. 145 of 2000,
Act No. 113 of 2004, Act No. 165 of 1954 as amended by Act No. 76 of 2015) and the Defense of
Japan white papers 2007 and 2016 (English terms).
"""

from __future__ import annotations

#: Situations (事態) an answer is asked for, with the English gloss and the Japanese legal term.
SITUATIONS: dict[str, tuple[str, str]] = {
    "peacetime": ("peacetime (no situation declared)", "平時"),
    "surrounding-area": (
        "situation in areas surrounding Japan (Surrounding Areas Act 1999-2016)",
        "周辺事態",
    ),
    "important-influence": (
        "situation that will have an important influence on Japan's peace and security (from 2016)",
        "重要影響事態",
    ),
    "armed-attack-japan": (
        "armed attack situation or anticipated armed attack situation against Japan",
        "武力攻撃事態等",
    ),
    "survival-threatening": (
        "survival-threatening situation: armed attack on a country in a close relationship with Japan",
        "存立危機事態",
    ),
    "international-peace": (
        "situation the international community is collectively addressing for peace and security",
        "国際平和共同対処事態",
    ),
    "anti-terrorism-2001": (
        "response to the 11 September 2001 terrorist attacks (Anti-Terrorism Special Measures Act)",
        "テロ対策特措法に基づく対応措置",
    ),
    "iraq-2003": (
        "humanitarian, reconstruction and security support in Iraq (Iraq Special Measures Act)",
        "イラク人道復興支援特措法に基づく対応措置",
    ),
    "replenishment-2008": (
        "replenishment for the counter-terrorism maritime interdiction in the Indian Ocean",
        "補給支援特措法に基づく補給支援活動",
    ),
}

#: Activities the U.S. may ask the SDF to perform.
ACTIVITIES: dict[str, tuple[str, str]] = {
    "provide-weapons": ("provide Japan's own weapons to the supported forces", "武器の提供"),
    "provide-ammunition": ("provide Japan's own ammunition to the supported forces", "弾薬の提供"),
    "transport-weapons-ammunition": (
        "transport the supported forces' weapons and ammunition",
        "武器・弾薬の輸送",
    ),
    "refuel-aircraft-for-sortie": (
        "refuel or maintain aircraft preparing for a combat sortie",
        "戦闘作戦行動のために発進準備中の航空機に対する給油及び整備",
    ),
    "supply-fuel-water-food": ("supply fuel, water and meals", "補給（給水、給油、食事の提供）"),
    "refuel-ships-at-sea": ("refuel ships at sea", "艦船に対する洋上補給（給油）"),
    "airlift-personnel": ("airlift the supported forces' personnel", "人員の輸送（空輸）"),
    "medical": ("medical care for the sick and wounded", "医療"),
    "search-and-rescue": ("search and rescue of combatants in distress", "捜索救助活動"),
    "ship-inspection": ("inspect ships to enforce trade restrictions", "船舶検査活動"),
    "protect-us-assets": (
        "use weapons to protect U.S. ships, aircraft and other assets",
        "合衆国軍隊等の武器等の防護",
    ),
    "use-of-force": ("use of force", "武力の行使"),
}

#: Where the activity takes place. Each name is a bundle of facts (territory type, consent, combat)
#: that :mod:`anpo.law.location` feeds to the three statutory location tests.
LOCATIONS: dict[str, tuple[str, str]] = {
    "japan": ("Japanese territory (land, territorial sea, airspace)", "我が国領域"),
    "high-seas-near-japan": (
        "high seas (EEZ included) and airspace around Japan, no combat now or expected",
        "我が国周辺の公海（排他的経済水域を含む。）及びその上空",
    ),
    "high-seas": (
        "high seas and airspace away from Japan, no combat now or expected",
        "公海及びその上空",
    ),
    "foreign-territory-with-consent": (
        "territory of a foreign state that consents, no combat now or expected",
        "外国の領域（当該外国の同意がある場合）",
    ),
    "foreign-territory": (
        "territory of a foreign state without its consent",
        "外国の領域（同意なし）",
    ),
    "combat-scene": (
        "the scene where combat is actually taking place (outside Japan)",
        "現に戦闘行為が行われている現場",
    ),
}

#: Statuses of an answer (issue 5, fixed).
STATUSES: dict[str, str] = {
    "permitted": "permitted without further statutory conditions",
    "conditional": "permitted only under the listed conditions",
    "prohibited": "a provision in force excludes it",
    "no-legal-basis": "no provision in force authorizes it (the SDF may act only where a law does)",
}

#: Kinds of Diet approval (国会承認) an answer can carry.
DIET_APPROVAL: dict[str, str] = {
    "prior": "prior Diet approval, no exception (事前承認、例外なし)",
    "prior-with-emergency-exception": (
        "prior Diet approval; ex post approval when there is an emergency (原則事前承認、緊急時事後承認)"
    ),
    "ex-post-within-20-days": (
        "Diet approval sought within 20 days after the measures start (開始日から二十日以内に付議)"
    ),
    "with-basic-response-plan": (
        "Diet approval required through the Basic Response Plan (対処基本方針) or the "
        "defense-operation order: the Prime Minister's approval of the services is stated in the "
        "plan and presented to the Diet after its Cabinet decision; services by units ordered to a "
        "defense operation come with that order's approval, prior in principle (事態対処法第九条)"
    ),
    "none": "no Diet approval required by the statute (国会承認不要)",
    "not-applicable": "not applicable: the activity has no legal basis or is excluded",
}


#: The named vocabularies: kind -> (plural, table).
_KINDS: dict[str, tuple[str, dict[str, tuple[str, str]]]] = {
    "situation": ("situations", SITUATIONS),
    "activity": ("activities", ACTIVITIES),
    "location": ("locations", LOCATIONS),
}


def describe(kind: str, name: str) -> str:
    """``English gloss (日本語)`` for a vocabulary name of ``kind`` (situation/activity/location)."""
    en, ja = _KINDS[kind][1][name]
    return f"{en} ({ja})"


def unknown(kind: str, name: str) -> str | None:
    """The error message when ``name`` is not a ``kind`` (situation/activity/location) of the
    vocabulary, listing the valid names; None when it is one."""
    plural, table = _KINDS[kind]
    if name in table:
        return None
    return f"unknown {kind} {name!r}; valid {plural}: {', '.join(table)}"
