"""Report provider ``anpo.law.report:build``: Japan's legal limits on supporting U.S. forces, on the
seed's date (2001-07-10) and today, with the statute cited and quoted.

Answers the seed's example [soeya2001]: in a regional emergency the SDF may
transport U.S. arms and ammunition in rear areas but may not provide Japan's own. Model: the rules
as code of :mod:`anpo.law` (one rule file per Act with dated provisions, built from the e-Gov
texts, the 1997 and 2015 Guidelines and the Defense of Japan white papers 2007 and 2016).

Every sentence of the section's answer, caveat and key findings is generated from the engine's
answers for the seed's date and today: a changed rule changes the sentence. Japanese text is
emitted as plain text (the report marks text with CJK characters ``lang="ja"``). Prose names no
internal file or function. Big tables go to the appendix.

Contributions come from the scenarios' top-level ``[[contributions]]`` arrays; when none is given,
the default list shipped with the package is used (the section says so). "Today" is
``datetime.date.today()`` unless ``ctx.options["law_today"]`` is set.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from typing import TYPE_CHECKING, Any, cast

import pandas as pd

from anpo.law.engine import (
    Answer,
    ask,
    coverage_note,
    diff,
    latest_change,
    provision_changes,
    regimes,
    situations,
    successor_on,
    to_date,
)
from anpo.law.loader import Ruleset, ruleset
from anpo.law.location import TEST_NAMES
from anpo.law.scenario import (
    ContributionAnswer,
    answer_contributions,
    contributions_from_scenarios,
    default_contributions,
)
from anpo.law.vocab import (
    ACTIVITIES,
    ACTIVITY_SHORT,
    SITUATIONS,
    STATUS_SHORT,
    diet_in_words,
    in_words,
)
from anpo.references import cite
from anpo.report.figures import GREY, PALETTE, figure_text
from anpo.report.format import join_words, upper_first
from anpo.report.sections import (
    # dup-ok: import block of a report section: each section module imports the report types it
    # uses.
    Figure,
    Finding,
    ReportContext,
    Section,
    Table,
    new_figure,
    svg_from_matplotlib,
)

if TYPE_CHECKING:
    from anpo.law.schema import Rule

SEED_DATE = dt.date(2001, 7, 10)
CHANGE_BEFORE = dt.date(2016, 3, 28)
CHANGE_AFTER = dt.date(2016, 3, 29)
#: The columns of the 2016 change table, named by the days compared (they typed the dates).
_SIT_COL = f"situation {CHANGE_BEFORE} → {CHANGE_AFTER}"
_BEFORE_COL = f"before ({CHANGE_BEFORE})"
_AFTER_COL = f"after ({CHANGE_AFTER})"
#: The question the 2015 legislation changed most: combat expected but not under way.
IRAQ_DATE = dt.date(2007, 6, 1)
EXPECTED_NOT_NOW = {
    "where": "foreign-territory",
    "consent": True,
    "combat_now": False,
    "combat_expected": True,
}

_STATUS_CODE = {"no-legal-basis": 0, "prohibited": 1, "conditional": 2, "permitted": 3}
#: Status colours from the report's colour-blind-safe palette [okabe2008]: grey for no legal
#: basis, vermillion prohibited, orange conditional, bluish green permitted.
_STATUS_COLORS = ["#BBBBBB", PALETTE[1], PALETTE[3], PALETTE[2]]
_STATUS_WORDS = {
    "permitted": "permitted",
    "conditional": "permitted under conditions",
    "prohibited": "prohibited",
    "no-legal-basis": "without legal basis",
    "depends-on": "undecided until facts are known",
}
_POSSIBLE = ("permitted", "conditional")


def _status_cell(status: str) -> str:
    """A status in a reader's table: the engine's code in words where it is hyphenated
    ('no-legal-basis' -> 'no legal basis'); the short words otherwise, as the figure's legend.

    >>> _status_cell("no-legal-basis"), _status_cell("conditional"), _status_cell("depends-on")
    ('no legal basis', 'conditional', 'depends on the facts')
    """
    return STATUS_SHORT.get(status, status)


def _situation_words(situation: str) -> str:
    """A situation code for a column header: 'important-influence' -> 'important influence
    situation' (the statute's own term, as the prose uses it)."""
    return situation.replace("-", " ") + " situation"


def _today(ctx: ReportContext) -> dt.date:
    value = (ctx.options or {}).get("law_today")
    return to_date(value) if value is not None else dt.date.today()


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def _law(c: Any) -> str:
    """``SAA`` / ``IISA`` ...: the short name of a citation's law."""
    meta = ruleset().laws.get(c.law_key)
    return meta.law.short if meta is not None else c.law.split(",")[0]


def _cite(c: Any, quote: bool = True) -> str:
    text = f"{_law(c)} {c.ref}"
    return text + (f" 「{c.quote}」" if quote else "")


def _basis(
    ans: Answer,
    roles: tuple[str, ...] = ("authorizes", "excludes", "scope"),
    quote: bool = True,
    limit: int = 4,
) -> str:
    """The provisions an answer rests on, as a table cell: each once (two provisions of one
    paragraph, e.g. Art. 95-2(1) and its proviso, read as one without their quotes). A definition
    that a rule the answer rests on cites in its own ``basis`` follows them: it is part of what
    makes the activity lawful (SAA Art. 3(1)(ii) makes a downed U.S. aircrew, a combatant in
    distress, one whom rear area search and rescue is for); a definition only a place test or a
    condition cites (the rear area) is not. A prohibited answer that no exclusion among ``roles``
    bars is barred by a limit or a definition (the rear area, the place of the activity): those
    come first, as the engine orders them, so the cell names what bars it and not only what would
    authorize it elsewhere."""
    cited = [c for c in ans.legal_basis if c.role in roles]
    if ans.status in ("conditional", "permitted"):
        own = _rule_definitions(ans)
        cited += [
            c
            for c in ans.legal_basis
            if c.role == "defines" and (c.law_key, c.provision_key) in own
        ]
    if ans.status == "prohibited" and not any(c.role == "excludes" for c in cited):
        cited = [c for c in ans.legal_basis if c.role in ("restricts", "defines")] + cited
    parts = list(dict.fromkeys(_cite(c, quote) for c in cited))
    if len(parts) > limit:
        parts = parts[:limit] + [f"(+{len(parts) - limit} more)"]
    return "; ".join(parts) if parts else "—"


def _rule_definitions(ans: Answer) -> set[tuple[str, str]]:
    """(law version key, provision key) of the definitions that the rules ``ans`` rests on cite in
    their own ``basis`` (not in a place test's or a condition's)."""
    rs = ruleset()
    by_id = _rules_by_id(rs)
    out: set[tuple[str, str]] = set()
    for rid in set(ans.rules):
        for file, rule in by_id.get(rid, ()):
            for ref in rule.basis:
                meta, prov, _, key = rs.provision(file, ref, ans.date)
                if prov.clause == "defining":
                    out.add((meta.key, key))
    return out


def _rules_by_id(rs: Ruleset) -> dict[str, list[tuple[str, Rule]]]:
    """Every rule of ``rs`` by its id, with the name of its Act's file: built once per rule set
    (kept in its cache, as the engine keeps its index), so that :func:`_rule_definitions` does
    not scan every rule for each table cell."""
    cached = rs.engine_cache.get("report_rules_by_id")
    if cached is None:
        cached = rs.engine_cache["report_rules_by_id"] = {}
        for lf, rule in rs.rules():
            cached.setdefault(rule.id, []).append((rs.file_of(lf), rule))
    return cast("dict[str, list[tuple[str, Rule]]]", cached)


def _barring(ans: Answer) -> list[Any]:
    """The provisions that bar a prohibited answer (exclusions first)."""
    return [c for c in ans.legal_basis if c.role in ("excludes", "restricts", "defines")][:1] or [
        c for c in ans.legal_basis if c.role == "scope"
    ][:1]


def _now_situation(today: dt.date) -> str:
    return "important-influence" if today >= CHANGE_AFTER else "surrounding-area"


_SEED_REQUESTS = [
    ("Transport U.S. weapons and ammunition in rear areas", "transport-weapons-ammunition"),
    ("Provide Japan's own weapons to U.S. forces", "provide-weapons"),
    ("Provide Japan's own ammunition to U.S. forces", "provide-ammunition"),
]


def _seed_answers(today: dt.date) -> list[tuple[str, Answer, Answer]]:
    now_sit = _now_situation(today)
    return [
        (label, ask(SEED_DATE, "surrounding-area", act, "japan"), ask(today, now_sit, act, "japan"))
        for label, act in _SEED_REQUESTS
    ]


def _seed_table(today: dt.date) -> pd.DataFrame:
    rows = []
    for label, a01, anow in _seed_answers(today):
        excl = [c for c in a01.legal_basis if c.role == "excludes"]
        rows.append(
            {
                "request (seed example)": label,
                f"status {SEED_DATE}": _status_cell(a01.status),
                f"legal basis {SEED_DATE}": _basis(a01, quote=False),
                "excluding provision (quoted)": "; ".join(_cite(c) for c in excl) or "—",
                f"Diet approval {SEED_DATE}": diet_in_words(a01.diet_approval),
                _today_status(today, _situation_words(_now_situation(today))): _status_cell(
                    anow.status
                ),
                # four: the 2016 act's goods cells name Art. 6(1) beside Art. 3(2) and the
                # Annexed Table, and Art. 2(3) (not at the scene of combat) is the fourth
                f"legal basis {today}": _basis(anow, quote=True, limit=4),
            }
        )
    return pd.DataFrame(rows)


def _contrib_tables(
    answers_then: list[ContributionAnswer], answers_now: list[ContributionAnswer], today: dt.date
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(small table: contribution and the two statuses; full table for the appendix)."""
    small, full = [], []
    for a, b in zip(answers_then, answers_now, strict=True):
        c = a.contribution
        name = c.description or c.activity
        small.append(
            {
                "contribution": name,
                f"status {SEED_DATE}": _status_cell(a.answer.status),
                _today_status(today): _status_cell(b.answer.status),
            }
        )
        full.append(
            {
                "contribution": name,
                # the codes a scenario file writes (join keys), each with its words beside it
                "activity": c.activity,
                "activity in words": in_words(c.activity),
                "situation": c.situation,
                "situation in words": in_words(c.situation),
                "location": c.location,
                "location in words": in_words(c.location),
                f"status {SEED_DATE}": _status_cell(a.answer.status),
                f"why {SEED_DATE}": _basis(a.answer, quote=False, limit=3),
                # every condition of both dates: the key findings count them and point here
                f"conditions {SEED_DATE}": " | ".join(_applicable(a.answer)) or "—",
                f"Diet approval {SEED_DATE}": diet_in_words(a.answer.diet_approval),
                _today_status(today): _status_cell(b.answer.status),
                f"assessed as ({today})": in_words(b.assessed_situation),
                f"conditions {today}": " | ".join(_applicable(b.answer)) or "—",
                f"why {today}": _basis(b.answer, quote=False, limit=3),
                f"Diet approval {today}": diet_in_words(b.answer.diet_approval),
                "source": c.source,
            }
        )
    return pd.DataFrame(small), pd.DataFrame(full)


def _summarise(answers: list[Answer]) -> str:
    by: dict[str, list[str]] = {}
    for a in answers:
        by.setdefault(a.status, []).append(a.location)
    return "; ".join(f"{st}: {', '.join(locs)}" for st, locs in sorted(by.items()))


def _applicable(ans: Answer) -> list[str]:
    """The answer's conditions that apply where it is asked: those the engine does not check as
    'n/a' there (SAA Art. 6(5) suspends transport on the high seas, not in Japan)."""
    na = {c.text for c in ans.checks if c.state == "n/a"}
    return [c for c in ans.conditions if c not in na]


def _lead(answers: list[Answer]) -> Answer:
    """The answer whose provisions a row's basis cell gives: the first with the status
    :func:`_summarise` lists first, so the cell's provisions are those of that status (the first
    place's answer could have the other status, e.g. kaketsuke-keigo 'in Japan')."""
    first = min(a.status for a in answers)
    return next(a for a in answers if a.status == first)


def changes_2016_table() -> pd.DataFrame:
    """What changed on 2016-03-29 (Legislation for Peace and Security [peace-security2015]), per
    situation and activity.

    ``surrounding-area`` on 2016-03-28 is compared with its successor ``important-influence`` on
    2016-03-29; other situations with themselves. A situation no law provided for on 2016-03-28
    is left out when it only repeats a row already shown: the lapsed special measures situations
    (their successor ``international-peace`` has its own row) and ``important-influence`` (shown
    as the successor of ``surrounding-area``). Source: :func:`anpo.law.diff`.
    """
    changes = diff(CHANGE_BEFORE, CHANGE_AFTER, follow_successors=True)
    provided = set(situations(CHANGE_BEFORE))
    successors_shown = {
        ch.situation_after
        for ch in changes
        if ch.situation != ch.situation_after and ch.situation in provided
    }
    groups: dict[tuple[str, str, str], list[Any]] = {}
    for ch in changes:
        if "status" not in ch.changed and "diet_approval" not in ch.changed:
            continue
        if ch.situation != ch.situation_after and ch.situation not in provided:
            continue  # lapsed before 2016: the successor's own row says it
        if ch.situation == ch.situation_after and ch.situation in successors_shown:
            continue  # shown as the successor of a situation provided for on 2016-03-28
        groups.setdefault((ch.situation, ch.situation_after, ch.activity), []).append(ch)
    rows = []
    for (s0, s1, act), chs in groups.items():
        before = [c.before for c in chs]
        after = [c.after for c in chs]
        rows.append(
            {
                _SIT_COL: s0 if s0 == s1 else f"{s0} → {s1}",
                "activity": act,
                _BEFORE_COL: _summarise(before),
                _AFTER_COL: _summarise(after),
                "basis before": _basis(_lead(before), quote=False, limit=2),
                "basis after": _basis(_lead(after), quote=False, limit=2),
                "Diet approval after": diet_in_words(_lead(after).diet_approval),
            }
        )
    order = {s: i for i, s in enumerate(SITUATIONS)}
    order["surrounding-area"] = -1
    rows.sort(
        key=lambda r: (
            order.get(r[_SIT_COL].split(" ")[0], 99),
            list(ACTIVITIES).index(r["activity"]),
        )
    )
    return pd.DataFrame(rows)


def _code_words(code: str) -> str:
    """A situation, activity or place code in words for a reader's table: its short form in
    :mod:`anpo.law.vocab` (:func:`~anpo.law.vocab.in_words`).

    >>> _code_words("surrounding-area"), _code_words("protect-us-assets"), _code_words("japan")
    ('surrounding area', 'protect U.S. assets', 'Japan')
    >>> _code_words("un-peacekeeping"), _code_words("survival-threatening")
    ('UN peacekeeping', 'survival-threatening')
    """
    return in_words(code)


def _changes_in_words(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`changes_2016_table` as the page shows it: situations, activities, statuses and
    places in words ('surrounding area → important influence', 'no legal basis: Japan'), not the
    engine's codes; the rows and their order are the same."""
    out = frame.copy()
    sit = _SIT_COL
    out[sit] = [" → ".join(_code_words(x) for x in v.split(" → ")) for v in frame[sit]]
    out["activity"] = [_code_words(v) for v in frame["activity"]]

    def places(text: str) -> str:
        parts = []
        for part in text.split("; "):
            status, _, locs = part.partition(": ")
            words = ", ".join(_code_words(x) for x in locs.split(", ")) if locs else ""
            parts.append(f"{_status_cell(status)}: {words}" if words else _status_cell(status))
        return "; ".join(parts)

    for col in (_BEFORE_COL, _AFTER_COL):
        out[col] = [places(v) for v in frame[col]]
    return out


def _after_iraq(date: dt.date) -> Answer:
    """The 'after' side of the Iraq act's question (transport where combat is expected but not
    under way, on consenting foreign territory) on ``date``: asked in the Iraq act's successor
    situation in force then (:func:`~anpo.law.engine.successor_on`: the International Peace
    Support Act's ``international-peace``) when that answer cites the article that decides it
    (the one that excludes the scene of combat); else in an important influence situation, which
    :func:`_after_iraq_words` then calls a comparison across situation types. The row compared
    the Iraq act, a special-measures act for a multinational operation, with the important
    influence situation, though the module maps it to the IPSA (review8 #6)."""
    succ = successor_on("iraq-2003", date)
    if succ is not None:
        answer = ask(date, succ[0], "transport-weapons-ammunition", facts=EXPECTED_NOT_NOW)
        if any(c.role == "excludes" for c in answer.legal_basis):
            return answer
    return ask(date, "important-influence", "transport-weapons-ammunition", facts=EXPECTED_NOT_NOW)


def _after_iraq_words(answer: Answer) -> str:
    """The situation of :func:`_after_iraq`'s answer in words, with how it relates to the Iraq
    act: its successor, or a situation of another type.

    >>> _after_iraq_words(_after_iraq(CHANGE_AFTER))
    "international peace situation, the Iraq act's successor"
    """
    succ = successor_on("iraq-2003", answer.date)
    words = f"{in_words(answer.situation)} situation"
    if succ is not None and succ[0] == answer.situation:
        return f"{words}, the Iraq act's successor"
    return f"{words}: a comparison across situation types, not with the Iraq act's successor"


def _turning_points(today: dt.date) -> tuple[pd.DataFrame, dict[str, Answer]]:
    """Questions the 2015 legislation answers differently, with the article on each side: combat
    expected but not under way (the 2007 Iraq act vs its successor situation, :func:`_after_iraq`),
    and kaketsuke-keigo in a UN peacekeeping operation (2016-03-28 vs 2016-03-29)."""
    after_date = max(today, CHANGE_AFTER)
    q = {
        "iraq": ask(IRAQ_DATE, "iraq-2003", "transport-weapons-ammunition", facts=EXPECTED_NOT_NOW),
        "after-iraq": _after_iraq(after_date),
        "pko-before": ask(
            CHANGE_BEFORE, "un-peacekeeping", "rescue-escort", "foreign-territory-with-consent"
        ),
        "pko-after": ask(
            CHANGE_AFTER, "un-peacekeeping", "rescue-escort", "foreign-territory-with-consent"
        ),
    }

    def key_cite(a: Answer, roles: tuple[str, ...]) -> str:
        c = (
            _authorizing_scope(a)
            if roles == ("scope",)
            else next((c for c in a.legal_basis if c.role in roles), None)
        )
        return _cite(c) if c is not None else "—"

    rows = [
        {
            "question": "transport the supported forces' weapons and ammunition on consenting "
            "foreign territory where combat is expected but not under way",
            "before": f"{_status_cell(q['iraq'].status)} ({IRAQ_DATE}, Iraq Special Measures Act)",
            "provision before": key_cite(q["iraq"], ("restricts", "excludes")),
            "after": f"{_status_cell(q['after-iraq'].status)} ({after_date}, "
            f"{_after_iraq_words(q['after-iraq'])})",
            "provision after": key_cite(q["after-iraq"], ("excludes",)),
        },
        {
            "question": "kaketsuke-keigo: come to the protection of UN and aid personnel in "
            "danger, on an urgent request, in a UN peacekeeping operation",
            "before": f"{_status_cell(q['pko-before'].status)} ({CHANGE_BEFORE})",
            "provision before": key_cite(q["pko-before"], ("scope",)),
            "after": f"{_status_cell(q['pko-after'].status)} ({CHANGE_AFTER})",
            "provision after": key_cite(q["pko-after"], ("authorizes",)),
        },
    ]
    return pd.DataFrame(rows), q


def _timeline_figure(today: dt.date) -> Figure:
    import matplotlib.dates as mdates

    fig, ax = new_figure(8.0, 4.8)
    start = dt.date(1997, 1, 1)
    metas = list(regimes())
    statutes = [m for m in metas if m.binding]
    y = 0
    labels = []
    for m in sorted(statutes, key=lambda m: (max(m.in_force_from, start), m.key), reverse=True):
        a = max(m.in_force_from, start)
        b = m.in_force_to or today
        ax.barh(
            y,
            (b - a).days,
            left=mdates.date2num(a),
            height=0.6,
            color=PALETTE[0] if m.in_force_to is None else PALETTE[4],
            hatch="//" if m.date_confidence != "high" else None,
            edgecolor=PALETTE[0],
        )
        amended = " as amended" in m.number or "(as amended" in m.number
        num = m.number.split(" as ")[0].split(" (as")[0]
        labels.append(
            f"{figure_text(m.short, romanized=m.title_en)}, {num}"
            + (" (2015 amendment)" if amended else "")
            + (" (to 2016)" if m.in_force_to == CHANGE_BEFORE and m.standing else "")
        )
        y += 1
    # the documents' names and the seed's date sit above the bars, on two alternating rows
    # (rotated along their lines they ran over the bars and over each other: 2014 and 2015)
    rows = (y - 0.15, y + 0.45)
    marks = sorted(
        [(m.in_force_from, figure_text(m.short, romanized=m.title_en), GREY) for m in metas
         if not m.binding] + [(SEED_DATE, "seed 2001-07-10", "black")],
    )  # fmt: skip
    for i, (when, text, colour) in enumerate(marks):
        x = mdates.date2num(when)
        if colour == GREY:
            ax.axvline(x, color=GREY, linestyle="--", linewidth=1)
        ax.text(x, rows[i % 2], f" {text}", fontsize=7, ha="left", va="center", color=colour)
    ax.axvline(mdates.date2num(SEED_DATE), color="black", linewidth=1.2)
    ax.set_ylim(-0.6, y + 0.8)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    ax.xaxis_date()
    ax.set_xlim(mdates.date2num(start), mdates.date2num(today + dt.timedelta(days=200)))
    ax.set_title("Regimes in force (bars: statutes; dashed: political documents)", fontsize=9)
    lapsed = [(m, m.in_force_to) for m in statutes if m.in_force_to and m.in_force_to < today]
    current = [m for m in statutes if m.in_force(today)]
    # a bar is one version of a statute (the SDF Act before and after its 2016 amendment, the
    # SAA and the IISA it became): 'fourteen statutes' counted the bars, not the Acts
    acts = {m.number.split(" as ")[0].split(" (as")[0] or m.key for m in statutes}
    description = (
        f"Timeline from 1997 to {today.year}: {len(statutes)} horizontal bars, one per version "
        f"of {len(acts)} statutes (an amended Act has a bar before and after its amendment). "
        + "Lapsed or replaced: "
        # each statute's own years: the bars start at 1997, but 'SDF Act 1997–2016' read as if
        # the Act of 1954 (and the PKO Act of 1992) dated from the axis's first year
        + "; ".join(f"{m.short} {m.in_force_from.year}–{end.year}" for m, end in lapsed)
        + ". In force today: "
        + ", ".join(sorted({m.short for m in current}))
        + ". Political documents (no legal basis) are dashed lines: "
        + ", ".join(f"{m.short} {m.in_force_from.year}" for m in metas if not m.binding)
        + "."
    )
    return Figure(
        title="Timeline of Japan's legal regimes for supporting U.S. forces",
        svg=svg_from_matplotlib(fig),
        caption="Bars: statutes in force (dark: still in force; hatched: in-force date of medium "
        "confidence). Dashed: political documents that create no legal basis (1997 and 2015 "
        "Guidelines, 2014 Cabinet Decision). Sources: e-Gov texts; Defense of Japan 2007 and "
        "2016; reference timeline.",
        description=description,
        definition="Each bar is the in-force interval of one law version, from its entry into "
        "force to its lapse or amendment (the dated provisions of the rule set).",
    )


def _matrix_cells(today: dt.date) -> list[tuple[dt.date, str, str]]:
    """The matrix's columns: (date, situation, place), one regime each, from the seed's date to
    ``today``; each column's label comes from :func:`_column_label`."""
    return [
        (SEED_DATE, "surrounding-area", "japan"),
        (SEED_DATE, "surrounding-area", "foreign-territory-with-consent"),
        (dt.date(2002, 1, 1), "anti-terrorism-2001", "high-seas"),
        (dt.date(2005, 1, 1), "iraq-2003", "foreign-territory-with-consent"),
        (dt.date(2010, 1, 1), "armed-attack-japan", "japan"),
        (today, "important-influence", "japan"),
        (today, "important-influence", "foreign-territory-with-consent"),
        (today, "international-peace", "combat-scene"),
        (today, "survival-threatening", "high-seas"),
        (today, "un-peacekeeping", "foreign-territory-with-consent"),
        (today, "peacetime", "high-seas-near-japan"),
    ]


def _statutes_for(d: dt.date, situation: str) -> list[str]:
    """The short names of the statutes in force on ``d`` that provide for ``situation``, as the
    timeline figure names them (each law version's ``short`` in its rule file)."""
    names = [
        figure_text(m.short, romanized=m.title_en)
        for m in regimes()
        if m.binding and situation in m.situations and m.in_force(d)
    ]
    return list(dict.fromkeys(names))


def _column_label(d: dt.date, situation: str, place: str) -> tuple[str, str]:
    """A matrix column's label for the figure (one statute a line, then the year, the situation
    and the place) and for its table ('SDF Act and U.S. Actions Act, 2010: armed attack on
    Japan, Japan'): the statutes as the timeline names them, the situation and the place in
    the words of :mod:`anpo.law.vocab` (:func:`~anpo.law.vocab.in_words`). A date after the
    data's last change carries 'law as last known ...' (:func:`_law_known`, as the headers of
    today's statuses): 'IISA and Ship Inspection Act, 2026' read as the law in force in 2026.

    >>> _column_label(dt.date(2030, 1, 1), "important-influence", "japan")[1]
    'IISA and Ship Inspection Act, 2030 (law as last known 2016-03-29): important influence, Japan'
    """
    statutes = _statutes_for(d, situation) or ["no statute"]
    sit, where = in_words(situation), in_words(place)
    known = _law_known(d)
    year = f"{d.year} ({known})" if known else str(d.year)

    # the situation and the place wrapped: at the tick labels' size a line of 'armed attack on
    # Japan' ran into the next column's
    def wrap(text: str) -> list[str]:
        return textwrap.wrap(text, 16, break_on_hyphens=False, break_long_words=False)

    figure = "\n".join([*statutes, *wrap(year), *wrap(sit), *wrap(where)])
    return figure, f"{join_words(statutes)}, {year}: {sit}, {where}"


#: Each status in the matrix figure: its letter, colour and words.
_MATRIX_KEY = {
    "permitted": ("P", "green", "permitted"),
    "conditional": ("C", "orange", "conditional"),
    "prohibited": ("X", "vermillion", "prohibited"),
    "no-legal-basis": ("—", "grey", "no legal basis"),
}


def _matrix_caption(shown: list[str]) -> str:
    """The matrix figure's caption for the statuses its cells show, in the order given.

    >>> _matrix_caption(["conditional", "prohibited"])
    "Orange: conditional; vermillion: prohibited by a provision in force (letters C and X repeat the colours). Each cell is the rules' answer for that date, situation, activity and place (the full grid is in the appendix)."
    """
    words = {"prohibited": "prohibited by a provision in force"}
    key = "; ".join(f"{_MATRIX_KEY[st][1]}: {words.get(st, _MATRIX_KEY[st][2])}" for st in shown)
    letters = join_words([_MATRIX_KEY[st][0] for st in shown])
    return (
        f"{upper_first(key)} (letters {letters} repeat the colours). Each cell is the "
        "rules' answer for that date, situation, activity and place (the full grid is in the "
        "appendix)."
    )


def _matrix_definitions(today: dt.date) -> dict[str, str]:
    """What each column of the matrix's table holds, for the report's column dictionary: the
    activity's status on the column's date, in its situation and place, under its statutes
    (:func:`_matrix_cells`, labelled by :func:`_column_label`)."""
    out = {"activity": "the activity, in a few words"}
    for d, situation, place in _matrix_cells(today):
        statutes = join_words(_statutes_for(d, situation) or ["no statute"])
        out[_column_label(d, situation, place)[1]] = (
            # situation and place as labels: prose read 'in a anti-terrorism 2001 situation,
            # at abroad with consent' (review30)
            f"the activity's legal status on {d.isoformat()} (situation: {in_words(situation)}; "
            f"place: {in_words(place)}), under the {statutes}"
        )
    return out


def _matrix_figure(today: dt.date) -> tuple[Figure, pd.DataFrame]:
    from matplotlib.colors import ListedColormap

    columns = _matrix_cells(today)
    labels = [_column_label(d, s, loc) for (d, s, loc) in columns]
    acts = list(ACTIVITIES)
    data = [[_STATUS_CODE[ask(d, s, a, loc).status] for (d, s, loc) in columns] for a in acts]
    words = [ACTIVITY_SHORT[a] for a in acts]
    frame = pd.DataFrame(data, index=words, columns=[table for _, table in labels])
    fig, ax = new_figure(10.5, 5.8)
    ax.imshow(data, cmap=ListedColormap(_STATUS_COLORS), vmin=-0.5, vmax=3.5, aspect="auto")
    ax.set_xticks(range(len(columns)), [figure for figure, _ in labels], fontsize=5.5)
    ax.set_yticks(range(len(acts)), words, fontsize=7)
    inv = {v: k for k, v in _STATUS_CODE.items()}
    for i, row in enumerate(data):
        for j, v in enumerate(row):
            ax.text(j, i, {0: "—", 1: "X", 2: "C", 3: "P"}[v], ha="center", va="center", fontsize=7)
    frame = frame.map(lambda v: inv[v])
    frame.index.name = "activity"
    counts = {st: int((frame == st).to_numpy().sum()) for st in _STATUS_CODE}
    # the key names only the statuses the grid shows (the caption explained a green 'permitted'
    # that no cell has)
    shown = [
        st for st in ("permitted", "conditional", "prohibited", "no-legal-basis") if counts[st]
    ]
    ax.set_title(
        "Status by regime, situation and location ("
        + ", ".join(f"{_MATRIX_KEY[st][0]} {_MATRIX_KEY[st][2]}" for st in shown)
        + ")",
        fontsize=9,
    )
    per_col = []
    for col in frame.columns:
        possible = int(frame[col].isin(_POSSIBLE).sum())
        per_col.append(f"{col}: {possible} of {len(acts)}")
    description = (
        f"A grid of {len(acts)} activities (rows) by {len(columns)} combinations of regime, "
        f"situation and place (columns); {counts['conditional']} cells conditional, "
        f"{counts['prohibited']} prohibited, {counts['no-legal-basis']} without legal basis. "
        "Activities possible per column: " + "; ".join(per_col) + "."
    )
    return Figure(
        title="What the SDF may do, regime by regime",
        svg=svg_from_matplotlib(fig),
        caption=_matrix_caption(shown),
        description=description,
        definition="Status of the answer: whether a statute in force authorizes the activity "
        "at that place, excludes it, or is silent; conditions (Basic Plan, Diet approval, "
        "consent) are not assumed met.",
    ), frame


_PLACE_WORDS = {
    "rear-area": "only in the rear area",
    "non-combat-area": "only in the non-combat area",
    "not-combat-scene": "not at the scene of actual combat",
    "overseas": "overseas",
}


def _condition_words(ans: Answer) -> list[str]:
    """Each condition that applies where the answer is asked (:func:`_applicable`, the list the
    law key finding counts), in a few words with the provisions the engine checks it against:
    ``only in the rear area (SAA Art. 3(1)(iii))``, ``with a Cabinet Basic Plan (SAA Art. 4(1))``,
    and any other condition as its own first clause without asides (``where the minister in
    charge of the SDF orders it under implementation guidelines designating the implementation
    area (SAA Art. 6(3), SAA Art. 6(4))``). One entry per counted condition: the finding counted
    3 conditions and its answer named 2, the minister's implementation area (SAA Art. 6(3)-(4))
    only in the appendix (rep30)."""
    test = ans.location_tests[0].test if ans.location_tests else "none"
    place = TEST_NAMES.get(test, "") + ":"
    basis = {c.text: c.basis for c in ans.checks}
    words = []
    for cond in _applicable(ans):
        refs = basis.get(cond, [])
        if test in _PLACE_WORDS and cond.startswith(place):
            words.append(_PLACE_WORDS[test] + (f" ({refs[0]})" if refs else ""))
            continue
        if "基本計画" in cond:  # the Basic Plan the Cabinet decides (SAA Art. 4(1))
            phrase = "with a Cabinet Basic Plan"
        else:
            clause = cond
            while (bare := re.sub(r"\s*\([^()]*\)", "", clause)) != clause:
                clause = bare  # innermost asides first: 'area (Art. 6(3))' leaves no '(Art. 6)'
            phrase = f"where {clause.split(', and ')[0].split('; ')[0].strip()}"
        words.append(phrase + (f" ({', '.join(refs)})" if refs else ""))
    return words


def _how(ans: Answer) -> str:
    """``only in the rear area (SAA Art. 3(1)(iii)), with a Cabinet Basic Plan (SAA Art. 4(1)),
    where the minister ... (SAA Art. 6(3), SAA Art. 6(4)) and prior Diet approval except in an
    emergency (SAA Art. 5(1))``: every condition :func:`_condition_words` names, then the Diet
    approval, from the answer's checks and citations."""
    parts = _condition_words(ans)
    diet = next((c for c in ans.legal_basis if c.role == "diet-approval"), None)
    if ans.diet_approval not in ("none", "not-applicable", "undetermined"):
        parts.append(
            diet_in_words(ans.diet_approval) + (f" ({_cite(diet, quote=False)})" if diet else "")
        )
    return join_words(parts, empty="")


def _own_goods_clause(weapons: str, ammunition: str) -> str:
    """Providing Japan's own weapons and ammunition, in words: one status said once when both
    share it (the seed's 2001 example: both prohibited).

    >>> _own_goods_clause("prohibited", "prohibited")
    "providing Japan's own weapons and ammunition was prohibited"
    >>> _own_goods_clause("prohibited", "conditional")
    "providing Japan's own weapons was prohibited, and its own ammunition permitted under conditions"
    """
    if weapons == ammunition:
        return f"providing Japan's own weapons and ammunition was {_STATUS_WORDS[weapons]}"
    return (
        f"providing Japan's own weapons was {_STATUS_WORDS[weapons]}, and its own ammunition "
        f"{_STATUS_WORDS[ammunition]}"
    )


def _answer_text(
    seed: list[tuple[str, Answer, Answer]],
    then: list[ContributionAnswer],
    now: list[ContributionAnswer],
    today: dt.date,
) -> str:
    (_, transport, transport_now), (_, weapons, weapons_now), (_, ammo, ammo_now) = seed
    excl = _barring(ammo)
    law01 = transport.laws[0].split(",")[0] if transport.laws else "no law"
    lawnow = transport_now.laws[0].split(",")[0] if transport_now.laws else "no law"
    n_then = sum(a.answer.status in _POSSIBLE for a in then)
    n_now = sum(a.answer.status in _POSSIBLE for a in now)
    note = _barring(weapons_now)
    how = _how(transport)
    parts = [
        f"On {_day(SEED_DATE)}, the seed's date, transporting U.S. forces' weapons and "
        f"ammunition was {_STATUS_WORDS[transport.status]} under the {law01}"
        + (f": {how}" if how else "")
        + f"; {_own_goods_clause(weapons.status, ammo.status)}"
        + (f" ({_cite(excl[0])})" if excl else "")
        + ".",
        f"On {_day(today)}, under the {lawnow}, transport is "
        f"{_STATUS_WORDS[transport_now.status]}, ammunition "
        f"{_STATUS_WORDS[ammo_now.status]} and weapons {_STATUS_WORDS[weapons_now.status]}"
        + (f" ({_cite(note[0])})" if note and weapons_now.status == "prohibited" else "")
        + ".",
        f"Of the {len(then)} requests the U.S. might make of Japan, {n_then} could be met "
        f"in 2001{_how_met(then)} and {n_now} today{_how_met(now)}.",
        # the part a reader quotes dated a 2016 state of the law 'today' (review8 #4): when
        # today is after the data's last change, the answer says so (the notes said it alone)
        coverage_note(today),
    ]
    return " ".join(p for p in parts if p)


def _today_status(today: dt.date, situation: str | None = None) -> str:
    """The header of a column of today's statuses: the date, the situation asked in (when one
    is), and, when today is after the data's last change, that the statuses are the law as last
    known then ('status 2026-12-05 (important influence situation)' read as the law in force on
    that day, though amendments after 2016-03-29 are not in the data).

    >>> _today_status(dt.date(2016, 3, 29))
    'status 2016-03-29'
    >>> _today_status(dt.date(2030, 1, 1), "important influence situation")
    'status 2030-01-01 (important influence situation; law as last known 2016-03-29)'
    """
    parts = [situation] if situation else []
    if known := _law_known(today):
        parts.append(known)
    return f"status {today}" + (f" ({'; '.join(parts)})" if parts else "")


def _law_known(day: dt.date) -> str:
    """``"law as last known 2016-03-29"`` (the data's last change,
    :func:`anpo.law.engine.latest_change`) when ``day`` is after it, else ``""``: the words a
    header of ``day``'s statuses carries (:func:`_today_status`, :func:`_column_label`).

    >>> _law_known(dt.date(2016, 3, 29))
    ''
    >>> _law_known(dt.date(2030, 1, 1))
    'law as last known 2016-03-29'
    """
    last = latest_change()
    return f"law as last known {last.isoformat()}" if to_date(day) > last else ""


def _how_met(answers: list[ContributionAnswer]) -> str:
    """How the requests that could be met would be, from their statuses: ``" (all under
    conditions)"``, ``" (all outright)"`` or ``" (2 outright, 4 under conditions)"`` (without
    "all" for a single request); empty where none could be met."""
    cond = sum(a.answer.status == "conditional" for a in answers)
    free = sum(a.answer.status == "permitted" for a in answers)
    if not cond + free:
        return ""
    if not free:
        return " (under conditions)" if cond == 1 else " (all under conditions)"
    if not cond:
        return " (outright)" if free == 1 else " (all outright)"
    return f" ({free} outright, {cond} under conditions)"


def _caveat_text(answers: list[Answer]) -> str:
    cites = {(c.law_key, c.provision_key, c.quote): c for a in answers for c in a.legal_basis}
    unverified = sum(not c.verified for c in cites.values())
    conditional = sum(a.status == "conditional" for a in answers)
    return (
        f"These are legal answers, not forecasts: {conditional} of the {len(answers)} answers "
        "behind this section are 'conditional', and whether the Cabinet adopts a Basic Plan, "
        "the Diet approves, or the facts on the ground (consent, combat now or expected) hold "
        "is not modelled. "
        f"{unverified} of the {len(cites)} provisions quoted here come from texts not among the "
        "shared e-Gov statutes (the 2001, 2003 and 2008 acts, the 2015 legislation, the "
        "International Peace Cooperation Act, and wording older than the shared texts) and are "
        "marked unverified."
    )


def _confidence(answers: list[Answer]) -> str:
    cites = [c for a in answers for c in a.legal_basis if c.role in ("authorizes", "excludes")]
    unverified = sorted({_law(c) for c in cites if not c.verified})
    order = ["low", "medium", "high"]
    level = min((a.confidence for a in answers), key=order.index)
    if not unverified:
        return (
            f"{level.capitalize()}: every authorizing or excluding provision is quoted from the "
            "shared e-Gov text."
        )
    level = min(level, "medium", key=order.index)
    return (
        f"{level.capitalize()}: some wording of {', '.join(unverified)} is not among the shared "
        "e-Gov texts."
    )


def _as_last_known(today: dt.date) -> str:
    """For a finding that answers for ``today``: that the answer is the law as last known on
    the data's last change (:func:`anpo.law.engine.latest_change`), when today is after it;
    ``""`` when the data covers today. The section's notes said so, the key findings ('permitted
    under conditions on 2026-12-05') did not.

    >>> _as_last_known(dt.date(2016, 3, 29))
    ''
    >>> _as_last_known(dt.date(2030, 1, 1)).split("; ")[0]
    " Today's answer is the law as last known on 2016-03-29"
    """
    last = latest_change()
    if to_date(today) <= last:
        return ""
    return (
        f" Today's answer is the law as last known on {last.isoformat()}; later amendments are "
        "not in the data."
    )


def _findings(
    seed: list[tuple[str, Answer, Answer]],
    then: list[ContributionAnswer],
    now: list[ContributionAnswer],
    turning: dict[str, Answer],
    today: dt.date,
) -> list[Finding]:
    (_, transport, _), (_, _, _), (_, ammo, ammo_now) = seed
    excl = _barring(ammo)
    ammo_basis = next((c for c in ammo_now.legal_basis if c.role == "authorizes"), None)
    n_then = sum(a.answer.status in _POSSIBLE for a in then)
    n_now = sum(a.answer.status in _POSSIBLE for a in now)
    iraq, later = turning["iraq"], turning["after-iraq"]
    iraq_c = _barring(iraq)
    later_c = next((c for c in later.legal_basis if c.role == "excludes"), None)
    pko0, pko1 = turning["pko-before"], turning["pko-after"]
    pko0_c = _authorizing_scope(pko0)
    pko1_c = next((c for c in pko1.legal_basis if c.role == "authorizes"), None)
    how = _how(transport)
    return [
        Finding(
            question="Could the SDF transport U.S. arms and ammunition in rear areas (2001)?",
            answer=f"{_STATUS_WORDS[transport.status].capitalize()} under the "
            f"{transport.laws[0].split(',')[0]}" + (f": {how}" if how else "") + ".",
            # the answer names the main conditions; the count is of all that apply where it is
            # asked (the location test, the Basic Plan, the designated area; not the high-seas
            # suspension of Art. 6(5) for a transport in Japan), Diet approval apart
            number=f"{len(_condition_words(transport))} legal conditions in "
            f"{in_words(transport.location)} (each in the appendix), "
            f"besides {diet_in_words(transport.diet_approval)}",
            confidence=_confidence([transport]),
        ),
        Finding(
            question="Could Japan provide its own ammunition, in 2001 and today?",
            answer=f"{_STATUS_WORDS[ammo.status].capitalize()} on {SEED_DATE}"
            + (f" ({_cite(excl[0], quote=False)})" if excl else "")
            + f"; {_STATUS_WORDS[ammo_now.status]} on {today}"
            + (f" ({_cite(ammo_basis, quote=False)})" if ammo_basis else "")
            + ".",
            number=f"{_STATUS_WORDS[ammo.status]} → {_STATUS_WORDS[ammo_now.status]}",
            confidence=_confidence([ammo, ammo_now]) + _as_last_known(today),
        ),
        Finding(
            question="How many of the U.S. requests could Japan meet, 2001 versus today?",
            answer=f"{n_then} of {len(then)} on {SEED_DATE}, {n_now} of {len(now)} on {today} "
            "(permitted or conditional).",
            number=f"{n_then} → {n_now} of {len(now)}",
            confidence=_confidence([a.answer for a in then + now]) + _as_last_known(today),
        ),
        Finding(
            question="Support where combat is expected but not under way?",
            answer=f"{_STATUS_WORDS[iraq.status].capitalize()} in {IRAQ_DATE.year} under the Iraq "
            f"Special Measures Act"
            + (f" ({_cite(iraq_c[0], quote=False)})" if iraq_c else "")
            + f"; {_STATUS_WORDS[later.status]} on {later.date} in an "
            f"{_after_iraq_words(later)}"
            + (
                f" ({_cite(later_c, quote=False)} excludes only the scene of actual combat)"
                if later_c
                else ""
            )
            + ".",
            number=f"{_STATUS_WORDS[iraq.status]} → {_STATUS_WORDS[later.status]}",
            confidence=_confidence([iraq, later]) + _as_last_known(later.date),
        ),
        Finding(
            # dup-ok: the findings are alike in shape (question, answer, number, confidence); each
            # has its own question.
            question=f"Kaketsuke-keigo in UN peacekeeping, before and after {CHANGE_AFTER}?",
            answer=f"{_STATUS_WORDS[pko0.status].capitalize()} on {CHANGE_BEFORE}"
            + (
                f" ({_cite(pko0_c, quote=False)} limits weapons to self-protection)"
                if pko0_c
                else ""
            )
            + f"; {_STATUS_WORDS[pko1.status]} from {CHANGE_AFTER}"
            + (f" ({_cite(pko1_c, quote=False)})" if pko1_c else "")
            + ".",
            number=f"{_STATUS_WORDS[pko0.status]} → {_STATUS_WORDS[pko1.status]}",
            confidence=_confidence([pko0, pko1]),
        ),
    ]


def _authorizing_scope(ans: Answer) -> Any:
    """The authorizing provision whose reach stops, in a no-legal-basis answer (else any)."""
    scope = [c for c in ans.legal_basis if c.role == "scope"]
    return next((c for c in scope if c.clause == "authorizing"), scope[0] if scope else None)


def _provisions_2016() -> pd.DataFrame:
    rows = [
        {
            "law": c.law,
            "provision": c.ref,
            "change": c.kind,
            "what it does": c.label,
            "wording before": c.quote_before or "—",
            "wording after": c.quote_after or "—",
        }
        for c in provision_changes(CHANGE_BEFORE, CHANGE_AFTER)
    ]
    return pd.DataFrame(rows)


def first_clause(text: str) -> str:
    """``text`` up to its first semicolon outside parentheses (a parenthesis is never cut).

    >>> first_clause("as amended by Act No. 118 of 2006 (防衛大臣 since 2007; before, 長官); more")
    'as amended by Act No. 118 of 2006 (防衛大臣 since 2007; before, 長官)'
    """
    depth = 0
    for i, ch in enumerate(text):
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            return text[:i].rstrip()
    return text


def _vintage() -> list[str]:
    out = []
    for v in ruleset().laws.values():
        if v.law.statute_text:
            out.append(f"{v.law.label()}: {first_clause(v.law.text_version)}")
    out.append("Defense of Japan 2007 and 2016 (Ministry of Defense, English editions)")
    out.append("Guidelines for Japan-U.S. Defense Cooperation, 1997 and 2015")
    return out


def build(ctx: ReportContext) -> list[Section]:
    """The law section: the seed's example for 2001-07-10 and today, the contributions asked of
    Japan, the questions the 2015 legislation answers differently, what changed in 2016, a
    timeline and a status matrix; answer, caveat and key findings generated from the answers.

    Source: rules of :mod:`anpo.law` (e-Gov statute texts; 1997 and 2015 Guidelines; Defense of
    Japan 2007 and 2016); reference facts ``japan-law.md``.
    """
    today = _today(ctx)
    ctx.progress("law: answering contributions")
    contributions = contributions_from_scenarios(ctx.scenarios)
    source_note = "the scenarios' contributions"
    if not contributions:
        contributions = default_contributions()
        source_note = "the default list shipped with the toolkit, as the scenarios list none"
    then = answer_contributions(contributions, SEED_DATE)
    now = answer_contributions(contributions, today)

    seed_answers = _seed_answers(today)
    seed = _seed_table(today)
    timeline = _timeline_figure(today)
    matrix_fig, matrix = _matrix_figure(today)
    changes = _changes_in_words(changes_2016_table())
    contrib_small, contrib_full = _contrib_tables(then, now, today)
    turning_table, turning = _turning_points(today)

    _, transport, _ = seed_answers[0]
    _, ammo, _ = seed_answers[2]
    excl = _barring(ammo)
    notes = [
        "Legal basis and rationale are kept apart: the statutes are the basis; 'integration with "
        "the use of force' (一体化), the 2008 Nagoya High Court judgment and the 2014 Cabinet "
        "Decision are rationale only.",
        f"The seed's example on {SEED_DATE}: transporting U.S. weapons and ammunition in rear areas "
        f"is {_STATUS_WORDS[transport.status]} ({_basis(transport, ('authorizes',), quote=False, limit=3)}); "
        f"providing Japan's own ammunition is {_STATUS_WORDS[ammo.status]}"
        + (f": {_cite(excl[0])}" if excl else "")
        + ".",
        f"Contributions answered: {source_note}.",
    ]
    # that the answers for today are the law as last known, when today is after the data's
    # last change, is said once, in the answer (:func:`_answer_text`), which a reader quotes
    all_answers = [a for _, x, y in seed_answers for a in (x, y)]
    all_answers += [c.answer for c in then + now] + list(turning.values())
    summary = seed[
        [
            "request (seed example)",
            f"status {SEED_DATE}",
            _today_status(today, _situation_words(_now_situation(today))),
        ]
    ]
    section = Section(
        id="law",
        title="Japan's legal limits: what the SDF may do for U.S. forces, 2001 and today",
        question=(
            "Soeya (RIETI, 10 July 2001): 'Japan's Self-Defense Forces are allowed to transport "
            "arms and ammunitions for the U.S. forces in rear areas but prohibited from "
            "providing Japan's arms and ammunitions to the U.S. forces.' Which U.S. requests "
            "could Japan meet in 2001, which today, under what conditions, and why?"
        ),
        model=(
            "Rules as code: one rule set per Act with dated provisions (each wording valid for an "
            "interval, so a law version is the set of provisions in force on a date); each rule "
            "a general authorization (e.g. an Annexed Table category) or the exception that "
            "excludes part of it (e.g. Annexed Table 1, note 1); the place and situation given as "
            "facts (where, consent, combat now, combat expected) read by the statutory location "
            "test of each era (rear area, non-combat area, not the scene of actual combat); "
            "conditions (Basic Plan, Diet approval, safety of the area, suspension when combat "
            "comes near) evaluated from facts; the Japanese text quoted as worded on the date. "
            "The SDF may act only where a statute authorizes it (no authorization: no legal "
            "basis); a fact a rule needs but the question lacks gives 'depends on', never a guess."
        ),
        assumptions=[
            "A contribution is assessed for one situation and one place at a time; overlapping "
            "situations (e.g. an important influence situation that becomes an armed attack) are "
            "asked separately.",
            f"After {CHANGE_BEFORE} a request in a surrounding area situation is assessed as an "
            "important influence situation (the same Act No. 60 of 1999, amended); lapsed special "
            "measures situations as a situation the international community is collectively "
            "addressing.",
            "Conditions are legal conditions; whether the Cabinet would decide a Basic Plan, or the "
            "Diet approve, is not assumed: such answers stay 'conditional'.",
            "Quotes of statutes not among the shared e-Gov texts are marked unverified; older "
            "wording derived from a later shared text by an amendment's substitutions (e.g. "
            "防衛庁長官 before 2007-01-09) is checked against it; uncertain facts carry a "
            "confidence.",
        ],
        sources=[
            "e-Gov statute texts (the 1999, 2000 and 2004 Acts and the SDF Act before 2015 and as "
            "amended by Act No. 76 of 2015; the PKO Act as last amended by Act No. 118 of 2006, "
            "public mirror):",
            cite("saa1999"),
            cite("ship-inspection2000"),
            cite("us-support2004"),
            cite("sdf-act1954"),
            cite("pko-act1992"),
            cite("peace-security2015"),
            "Cabinet answer of 15 November 2016 on kaketsuke-keigo.",
            cite("guidelines1997"),
            cite("guidelines2015"),
            cite("mod-japan2007") + " Special measures acts, in-force dates.",
            cite("mod-japan2016") + " The 2015 legislation; the Five Principles; kaketsuke-keigo.",
            cite("nagoya-hc2008"),
            cite("cabinet-decision2014"),
            cite("soeya2001") + " The seed.",
        ],
        figures=[timeline, matrix_fig],
        tables=[
            Table(
                title=f"The seed's example on {SEED_DATE} and today ({today})",
                frame=seed,
                caption="Surrounding-area situation in Japanese territory (rear area); today as an "
                "important influence situation. The excluding provision is quoted.",
            ),
            Table(
                title=f"U.S. requests of Japan: {SEED_DATE} and {today}",
                frame=contrib_small,
                caption=f"Contributions from {source_note}; reasons and conditions in the "
                "appendix.",
            ),
            Table(
                title="Questions the 2015 legislation answers differently",
                frame=turning_table,
                caption="Each answer with the provision that decides it, quoted as worded on its "
                "date.",
            ),
        ],
        appendix=[
            Table(
                title=f"U.S. requests of Japan, with reasons and conditions ({SEED_DATE}, {today})",
                frame=contrib_full,
                name="law-contributions",
            ),
            Table(
                title=f"What changed on {CHANGE_AFTER} (Legislation for Peace and Security)",
                frame=changes,
                caption="Status by place before and after; the surrounding area situation compared with its "
                "successor, the important influence situation.",
                name="law-changes-2016",
            ),
            Table(
                title=f"Provisions added, repealed, amended or renumbered on {CHANGE_AFTER}",
                frame=_provisions_2016(),
                name="law-provisions-2016",
            ),
            Table(
                title="Status matrix (the figure's data)",
                frame=matrix.map(_status_cell).reset_index(),  # statuses in words
                name="law-matrix",
                definitions=_matrix_definitions(today),
            ),
        ],
        notes=notes,
        summary=summary,
        answer=_answer_text(seed_answers, then, now, today),
        caveat=_caveat_text(all_answers),
        findings=_findings(seed_answers, then, now, turning, today),
        data_vintage=_vintage(),
    )
    return [section]
