"""Fixed vocabulary of the legal-limits engine (issue 5): situations, activities, locations,
statuses and kinds of Diet approval, with the Japanese legal terms they stand for.

Sources for the Japanese terms: the statutes in e-Gov (Act No. 60 of 1999, Act No. 145 of 2000,
Act No. 113 of 2004, Act No. 165 of 1954 as amended by Act No. 76 of 2015, the International Peace
Cooperation Act, Act No. 79 of 1992) and the Defense of Japan white papers 2007 and 2016 (English
terms; 'kaketsuke-keigo', Defense of Japan 2016, Part II Ch. 3 Sec. 3).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

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
    "un-peacekeeping": (
        "United Nations peacekeeping operation (International Peace Cooperation Act)",
        "国際連合平和維持活動",
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
    "rescue-escort": (
        "come to the protection of UN and aid personnel in danger on an urgent request "
        "(kaketsuke-keigo), with the use of weapons it allows",
        "駆け付け警護",
    ),
}

#: Where the activity takes place: six named presets. Each expands to facts (:data:`PRESETS`) that
#: the statutory location tests of :mod:`anpo.law.location` read; a question may give the facts
#: themselves instead (``ask(..., facts={...})``), and a given fact overrides the preset's.
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

# dup-ok: vocabulary data, alike in shape to LOCATIONS (English, Japanese): LOCATIONS are named
# presets of facts, these are the values of the fact 'where' the location tests read.
#: Values of the fact ``where``.
WHERE: dict[str, tuple[str, str]] = {
    "japan": ("Japan's land territory and the airspace above it", "我が国領域（陸域）"),
    "japan-territorial-sea": (
        "Japan's territorial sea and the airspace above it",
        "我が国領海及びその上空",
    ),
    "high-seas-near-japan": (
        "high seas (EEZ included) and airspace around Japan",
        "我が国周辺の公海（排他的経済水域を含む。）及びその上空",
    ),
    "high-seas": ("high seas and airspace away from Japan", "公海及びその上空"),
    "foreign-territory": (
        "territory of a foreign state (land, territorial sea, airspace)",
        "外国の領域",
    ),
}

#: Situations in a few words, for readers' tables (the engine's codes, e.g.
#: 'surrounding-area', are no reader's words; :data:`SITUATIONS` has the long glosses).
SITUATION_SHORT: dict[str, str] = {
    "peacetime": "peacetime",
    "surrounding-area": "surrounding area",
    "important-influence": "important influence",
    "armed-attack-japan": "armed attack on Japan",
    "survival-threatening": "survival-threatening",
    "international-peace": "international peace",
    "anti-terrorism-2001": "anti-terrorism 2001",
    "iraq-2003": "Iraq 2003",
    "replenishment-2008": "replenishment 2008",
    "un-peacekeeping": "UN peacekeeping",
}

#: Activities in a few words, for readers' tables and the law matrix's rows (the long glosses
#: are in :data:`ACTIVITIES`).
ACTIVITY_SHORT: dict[str, str] = {
    "provide-weapons": "provide weapons",
    "provide-ammunition": "provide ammunition",
    "transport-weapons-ammunition": "transport weapons and ammunition",
    "refuel-aircraft-for-sortie": "refuel aircraft for a combat sortie",
    "supply-fuel-water-food": "supply fuel, water and food",
    "refuel-ships-at-sea": "refuel ships at sea",
    "airlift-personnel": "airlift personnel",
    "medical": "medical care",
    "search-and-rescue": "search and rescue",
    "ship-inspection": "ship inspection",
    "protect-us-assets": "protect U.S. assets",
    "use-of-force": "use of force",
    "rescue-escort": "kaketsuke-keigo (rescue escort)",
}

#: Places in a few words, for readers' tables: every location preset (:data:`LOCATIONS`) and
#: every value of the fact 'where' (:data:`WHERE`).
PLACE_SHORT: dict[str, str] = {
    "japan": "Japan",
    "japan-territorial-sea": "Japan's territorial sea",
    "high-seas-near-japan": "high seas near Japan",
    "high-seas": "high seas",
    "foreign-territory-with-consent": "abroad with consent",
    "foreign-territory": "abroad without consent",
    "combat-scene": "combat scene",
}

#: Statuses in a reader's words, as the report's tables and the matrix's legend show them.
STATUS_SHORT: dict[str, str] = {
    "permitted": "permitted",
    "conditional": "conditional",
    "prohibited": "prohibited",
    "no-legal-basis": "no legal basis",
    "depends-on": "depends on the facts",
}

#: What a diff row says changed (:func:`anpo.law.diff`: ``AnswerChange.changed``), in a
#: reader's words, as the web page's and the terminal's diff tables show it.
CHANGED_SHORT: dict[str, str] = {
    "status": "status",
    "diet_approval": "Diet approval",
    "legal_basis": "legal basis",
}

#: A ``legal_basis`` change whose citations are the same provisions on both dates, in new
#: wording (:attr:`anpo.law.engine.AnswerChange.changed_names`).
CHANGED_WORDING = "wording of the cited provisions"


def in_words(code: str) -> str:
    """A situation, activity, place or status code in a few words, for a reader's table:
    its entry in :data:`ACTIVITY_SHORT`, :data:`PLACE_SHORT`, :data:`SITUATION_SHORT` or
    :data:`STATUS_SHORT` (the codes do not overlap); an unknown code with its hyphens as spaces.

    >>> in_words("surrounding-area"), in_words("protect-us-assets"), in_words("japan")
    ('surrounding area', 'protect U.S. assets', 'Japan')
    >>> in_words("un-peacekeeping"), in_words("survival-threatening"), in_words("no-legal-basis")
    ('UN peacekeeping', 'survival-threatening', 'no legal basis')
    """
    for table in (ACTIVITY_SHORT, PLACE_SHORT, SITUATION_SHORT, STATUS_SHORT):
        if code in table:
            return table[code]
    return code.replace("-", " ")


#: The facts a question can state. key -> (type, English description, Japanese legal term).
#: Type ``bool`` or ``where`` (one of :data:`WHERE`). A key left out is a missing fact: a rule
#: that needs it answers ``depends-on`` (deciding facts) or lists the condition as open
#: (condition facts), never a guess.
FACTS: dict[str, tuple[str, str, str]] = {
    # deciding facts: where the activity is and whether combat is under way or expected there
    "where": ("where", "where the activity takes place", "実施場所"),
    "consent": (
        "bool",
        "the territorial state consents to the activity on its territory",
        "当該外国の同意",
    ),
    "combat_now": (
        "bool",
        "combat acts are actually taking place at the site",
        "現に戦闘行為が行われている",
    ),
    "combat_expected": (
        "bool",
        "combat acts are expected at the site during the activity",
        "活動の期間を通じて戦闘行為が行われることがないと認められない",
    ),
    # condition facts: procedures and circumstances the statutes make conditions
    "combat_nearby": (
        "bool",
        "combat has begun near the site, or is predicted there from the situation nearby",
        "近傍において戦闘行為が行われるに至った又は予測される",
    ),
    "area_safe": (
        "bool",
        "the SDF can carry out the activity smoothly and safely in the implementation area",
        "円滑かつ安全に実施することができる",
    ),
    "basic_plan": (
        "bool",
        "the plan the statute requires (Basic Plan, implementation plan or Basic Response Plan), "
        "decided by the Cabinet, covers the activity",
        "基本計画（実施計画・対処基本方針）",
    ),
    "diet_approved": (
        "bool",
        "the Diet has approved the measures (or the defense-operation order)",
        "国会の承認",
    ),
    "emergency": (
        "bool",
        "there is an urgent need that allows the measures to start before the Diet approves",
        "緊急の必要がある場合",
    ),
    "un_resolution": (
        "bool",
        "a UN Security Council (or, where the statute says so, General Assembly) resolution "
        "provides for the response",
        "国際連合安全保障理事会（総会）の決議",
    ),
    "flag_state_consent": ("bool", "the flag state consents to the inspection", "旗国の同意"),
    "requested": (
        "bool",
        "the request the statute requires has been made (by the supported forces, or by a "
        "prefectural governor for disaster relief)",
        "要請",
    ),
    "listed_activity": (
        "bool",
        "the supported forces are engaged in an activity the statute lists (e.g. joint training "
        "with the SDF, activities contributing to Japan's defense)",
        "法定の活動に従事している",
    ),
    "urgent": (
        "bool",
        "the situation is so urgent that there is no time to wait for a request",
        "特に緊急を要し、要請を待ついとまがない",
    ),
    "defense_operation_order": (
        "bool",
        "the Prime Minister has ordered a defense operation",
        "防衛出動命令",
    ),
    "attack_occurred": (
        "bool",
        "the armed attack has actually occurred (not merely anticipated)",
        "武力攻撃の発生",
    ),
    "no_other_means": (
        "bool",
        "there is no other appropriate means to repel the attack",
        "他に適当な手段がない",
    ),
    "ceasefire": (
        "bool",
        "the parties to the armed conflict have agreed on a ceasefire",
        "紛争当事者間の停戦合意",
    ),
    "parties_consent": (
        "bool",
        "the parties to the conflict consent to the operation and to Japan's participation",
        "紛争当事者の受入れ同意",
    ),
    "impartial": (
        "bool",
        "the operation is conducted without partiality to any party to the conflict",
        "中立性",
    ),
    "consent_stable": (
        "bool",
        "the consent of the host state and the parties is stably maintained throughout the "
        "activity (no state or quasi-state organization appears as an adversary)",
        "受入れ同意が安定的に維持されている",
    ),
    "alongside": (
        "str",
        "the support is given by SDF units carrying out search and rescue or ship inspection, "
        "to U.S. units doing the same ('search-and-rescue', 'ship-inspection'), or not "
        "('none', the default)",
        "当該活動に相当する活動を行う合衆国軍隊の部隊に対する後方地域支援",
    ),
}

#: Facts that decide whether an activity is lawful at a place at all; missing -> ``depends-on``.
DECIDING_FACTS: tuple[str, ...] = ("where", "consent", "combat_now", "combat_expected")

#: Facts with a default (they frame the question rather than describe the world).
FACT_DEFAULTS: dict[str, object] = {"alongside": "none"}

#: Values of ``alongside``.
ALONGSIDE: tuple[str, ...] = ("none", "search-and-rescue", "ship-inspection")

#: The facts each location preset stands for. The presets leave no deciding fact open, so every
#: question asked with a preset is answered without ``depends-on``. ``consent`` is stated for the
#: high seas too (no territorial state: the fact is not read there).
PRESETS: dict[str, dict[str, object]] = {
    "japan": {"where": "japan", "consent": True, "combat_now": False, "combat_expected": False},
    "high-seas-near-japan": {
        "where": "high-seas-near-japan",
        "consent": True,
        "combat_now": False,
        "combat_expected": False,
    },
    "high-seas": {
        "where": "high-seas",
        "consent": True,
        "combat_now": False,
        "combat_expected": False,
    },
    "foreign-territory-with-consent": {
        "where": "foreign-territory",
        "consent": True,
        "combat_now": False,
        "combat_expected": False,
    },
    "foreign-territory": {
        "where": "foreign-territory",
        "consent": False,
        "combat_now": False,
        "combat_expected": False,
    },
    # A scene of actual combat outside Japan, on consenting foreign territory; combat is also
    # expected there.
    "combat-scene": {
        "where": "foreign-territory",
        "consent": True,
        "combat_now": True,
        "combat_expected": True,
    },
}

#: Statuses of an answer (issue 5; ``depends-on`` from issue 13).
STATUSES: dict[str, str] = {
    "permitted": "permitted: the facts given meet every statutory condition",
    "conditional": "permitted only under the listed conditions (some not established by the facts)",
    "prohibited": "a provision in force excludes it, or a condition it sets is not met",
    "no-legal-basis": "no provision in force authorizes it (the SDF may act only where a law does)",
    # a reader's words (the web page shows them): no field name of the answer
    "depends-on": "the answer turns on facts the question does not give; the answer under each "
    "value is listed",
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
    "undetermined": "undetermined: the answer depends on facts the question does not give",
}


def diet_in_words(code: str) -> str:
    """A kind of Diet approval (:data:`DIET_APPROVAL`) in a few words, for a reader's table,
    sentence or terminal line: its gloss up to the Japanese term, a ';' or a ':'
    ('no Diet approval required by the statute', 'not applicable'), the emergency exception
    kept (cut at the ';' it read as bare 'prior Diet approval', the words of an approval
    without exception). Source: the glosses of :data:`DIET_APPROVAL`.

    Not :func:`in_words`, whose tables hold no Diet-approval code: its fallback turned
    'with-basic-response-plan' into 'with basic response plan'.

    >>> diet_in_words("prior-with-emergency-exception"), diet_in_words("not-applicable")
    ('prior Diet approval except in an emergency', 'not applicable')
    >>> diet_in_words("with-basic-response-plan")
    'Diet approval required through the Basic Response Plan'
    """
    if code == "prior-with-emergency-exception":
        return "prior Diet approval except in an emergency"
    return DIET_APPROVAL[code].split(" (")[0].split(";")[0].split(":")[0]


#: The named vocabularies: kind -> (plural, table).
_KINDS: dict[str, tuple[str, dict[str, tuple[str, str]]]] = {
    "situation": ("situations", SITUATIONS),
    "activity": ("activities", ACTIVITIES),
    "location": ("locations", LOCATIONS),
    "where": ("places (values of the fact 'where')", WHERE),
}


def describe(kind: str, name: str) -> str:
    """``English gloss (日本語)`` for a vocabulary name of ``kind`` (situation/activity/location)."""
    en, ja = _KINDS[kind][1][name]
    return f"{en} ({ja})"


def close_names(
    name: object, names: Iterable[str], japanese: Mapping[str, str] | None = None
) -> list[str]:
    """The valid ``names`` a mistyped ``name`` most likely meant, best first (at most three;
    ``[]`` for none): the name typed in another case, with spaces or underscores for hyphens
    or padded ('Surrounding-Area', 'surrounding area'); the code of a Japanese term
    (``japanese``: code -> term, e.g. '周辺事態' -> 'surrounding-area'); the names it opens
    ('saa' -> 'saa-1999'); else the closest spellings (:func:`difflib.get_close_matches`,
    cutoff 0.75: 'wartime' is not 'peacetime'). Used by the error messages of :mod:`anpo.law` (they named no candidate).

    >>> close_names("Surrounding Area", SITUATIONS), close_names("周辺事態", SITUATIONS, _JA["situation"])
    (['surrounding-area'], ['surrounding-area'])
    >>> close_names("transport-weapon-ammunition", ACTIVITIES), close_names("pko", ["pko-1992", "pko-2016"])
    (['transport-weapons-ammunition'], ['pko-1992', 'pko-2016'])
    >>> close_names("COMBAT_NOW", FACTS), close_names("combat", FACTS)
    (['combat_now'], ['combat_now', 'combat_expected', 'combat_nearby'])
    >>> close_names("wartime", SITUATIONS)
    []
    """
    if not isinstance(name, str) or not name.strip():
        return []
    valid = list(names)
    typed = name.strip()
    key = typed.lower().replace("_", "-").replace(" ", "-")
    folded = {n.lower().replace("_", "-"): n for n in valid}
    if key in folded:
        return [folded[key]]
    if japanese:
        by_term = [code for code, term in japanese.items() if term == typed and code in valid]
        if by_term:
            return by_term
    opened = [n for f, n in folded.items() if f.startswith(key + "-")]
    if opened:
        return opened[:3]
    return [folded[m] for m in difflib.get_close_matches(key, list(folded), n=3, cutoff=0.75)]


def did_you_mean(candidates: list[str]) -> str:
    """`` (did you mean 'a' or 'b'?)`` for the names :func:`close_names` found, ``""`` for none.

    >>> did_you_mean(["japan"]), did_you_mean([])
    (" (did you mean 'japan'?)", '')
    """
    if not candidates:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in candidates) + "?)"


#: The Japanese term of each name of a kind, as :func:`close_names` matches them.
_JA: dict[str, dict[str, str]] = {
    kind: {code: ja for code, (_, ja) in table.items()} for kind, (_, table) in _KINDS.items()
}


def unknown(kind: str, name: object) -> str | None:
    """The error message when ``name`` is not a ``kind`` (situation/activity/location/where) of
    the vocabulary, with the name it most likely meant (:func:`close_names`: another case, a
    Japanese term, a close spelling) and the valid names; None when it is one. A name that is
    not a string is never one (a list was a TypeError, 'unhashable type')."""
    plural, table = _KINDS[kind]
    if isinstance(name, str) and name in table:
        return None
    hint = did_you_mean(close_names(name, table, _JA[kind]))
    return f"unknown {kind} {name!r}{hint}; valid {plural}: {', '.join(table)}"
