"""Report provider ``anpo.law.report:build``: Japan's legal limits on supporting U.S. forces, on the
seed's date (2001-07-10) and today, with the statute cited and quoted.

Answers the seed's example (Soeya, RIETI, 10 July 2001): in a regional emergency the SDF may
transport U.S. arms and ammunition in rear areas but may not provide Japan's own. Model: the rules
as code of :mod:`anpo.law` (one rule file per law and version, built from the e-Gov texts, the 1997
and 2015 Guidelines and the Defense of Japan white papers 2007 and 2016).

Contributions come from the scenarios' top-level ``[[contributions]]`` arrays; when none is given,
the default list shipped in ``anpo/law/data/default_contributions.toml`` is used (documented in the
section). "Today" is ``datetime.date.today()`` unless ``ctx.options["law_today"]`` is set.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from anpo.law.engine import Answer, ask, diff, regimes, situations, to_date
from anpo.law.scenario import (
    ContributionAnswer,
    answer_contributions,
    contributions_from_scenarios,
    default_contributions,
)
from anpo.law.vocab import ACTIVITIES
from anpo.report.model import Figure, ReportContext, Section, Table, new_figure, svg_from_matplotlib

SEED_DATE = dt.date(2001, 7, 10)
CHANGE_BEFORE = dt.date(2016, 3, 28)
CHANGE_AFTER = dt.date(2016, 3, 29)

_STATUS_CODE = {"no-legal-basis": 0, "prohibited": 1, "conditional": 2, "permitted": 3}
_STATUS_COLORS = ["#bdbdbd", "#d7301f", "#fdae61", "#1a9850"]


def _today(ctx: ReportContext) -> dt.date:
    value = (ctx.options or {}).get("law_today")
    return to_date(value) if value is not None else dt.date.today()


def _basis(
    ans: Answer,
    roles: tuple[str, ...] = ("authorizes", "excludes"),
    quote: bool = True,
    limit: int = 4,
) -> str:
    parts = []
    for c in ans.legal_basis:
        if c.role not in roles:
            continue
        short = c.law.split(",")[0]
        text = f"{short} {c.ref}"
        if quote:
            text += f" 「{c.quote}」"
        parts.append(text)
    if len(parts) > limit:
        parts = parts[:limit] + [f"(+{len(parts) - limit} more)"]
    return "; ".join(parts) if parts else "—"


def _seed_table(today: dt.date) -> pd.DataFrame:
    rows = []
    seed = [
        ("Transport U.S. weapons and ammunition in rear areas", "transport-weapons-ammunition"),
        ("Provide Japan's own weapons to U.S. forces", "provide-weapons"),
        ("Provide Japan's own ammunition to U.S. forces", "provide-ammunition"),
    ]
    for label, activity in seed:
        a01 = ask(SEED_DATE, "surrounding-area", activity, "japan")
        now_sit = "important-influence" if today >= CHANGE_AFTER else "surrounding-area"
        anow = ask(today, now_sit, activity, "japan")
        excl = [c for c in a01.legal_basis if c.role == "excludes"]
        rows.append(
            {
                "request (seed example)": label,
                f"status {SEED_DATE}": a01.status,
                f"legal basis {SEED_DATE}": _basis(a01, quote=False),
                "excluding provision (quoted)": "; ".join(f"{c.ref} 「{c.quote}」" for c in excl)
                or "—",
                f"conditions {SEED_DATE}": " | ".join(a01.conditions) or "—",
                f"Diet approval {SEED_DATE}": a01.diet_approval,
                f"status {today} ({now_sit})": anow.status,
                f"legal basis {today}": _basis(anow, quote=True, limit=3),
            }
        )
    return pd.DataFrame(rows)


def _contrib_table(
    answers_then: list[ContributionAnswer], answers_now: list[ContributionAnswer], today: dt.date
) -> pd.DataFrame:
    rows = []
    for a, b in zip(answers_then, answers_now, strict=True):
        c = a.contribution
        rows.append(
            {
                "contribution": c.description or c.activity,
                "activity": c.activity,
                "situation": c.situation,
                "location": c.location,
                f"status {SEED_DATE}": a.answer.status,
                f"why {SEED_DATE}": _basis(a.answer, quote=False, limit=3),
                f"status {today}": b.answer.status,
                f"assessed as ({today})": b.assessed_situation,
                f"conditions {today}": " | ".join(b.answer.conditions[:4]) or "—",
                f"why {today}": _basis(b.answer, quote=False, limit=3),
                f"Diet approval {today}": b.answer.diet_approval,
                "source": c.source,
            }
        )
    return pd.DataFrame(rows)


def _summarise(answers: list[Answer]) -> str:
    by: dict[str, list[str]] = {}
    for a in answers:
        by.setdefault(a.status, []).append(a.location)
    return "; ".join(f"{st}: {', '.join(locs)}" for st, locs in sorted(by.items()))


def changes_2016_table() -> pd.DataFrame:
    """What changed on 2016-03-29 (Legislation for Peace and Security), per situation and activity.

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
                "situation 2016-03-28 → 2016-03-29": s0 if s0 == s1 else f"{s0} → {s1}",
                "activity": act,
                "before (2016-03-28)": _summarise(before),
                "after (2016-03-29)": _summarise(after),
                "basis before": _basis(before[0], quote=False, limit=2),
                "basis after": _basis(after[0], quote=False, limit=2),
                "Diet approval after": after[0].diet_approval,
            }
        )
    order = {
        s: i
        for i, s in enumerate(
            [
                "surrounding-area",
                "peacetime",
                "armed-attack-japan",
                "survival-threatening",
                "international-peace",
            ]
        )
    }
    rows.sort(
        key=lambda r: (
            order.get(r["situation 2016-03-28 → 2016-03-29"].split(" ")[0], 9),
            list(ACTIVITIES).index(r["activity"]),
        )
    )
    return pd.DataFrame(rows)


def _timeline_figure(today: dt.date) -> Figure:
    import matplotlib.dates as mdates

    fig, ax = new_figure(8.0, 4.6)
    start = dt.date(1997, 1, 1)
    metas = [m for m in regimes()]
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
            color="#4575b4" if m.in_force_to is None else "#91bfdb",
            hatch="//" if m.date_confidence != "high" else None,
            edgecolor="#2b4c7e",
        )
        amended = " as amended" in m.number or "(as amended" in m.number
        num = m.number.split(" as ")[0].split(" (as")[0]
        labels.append(
            f"{m.short}, {num}"
            + (" (2015 amendment)" if amended else "")
            + (" (to 2016)" if m.in_force_to == CHANGE_BEFORE and m.key.startswith("sdf") else "")
        )
        y += 1
    for m in metas:
        if not m.binding:
            x = mdates.date2num(m.in_force_from)
            ax.axvline(x, color="#b38f00", linestyle="--", linewidth=1)
            ax.text(
                x, y - 0.4, m.short, rotation=90, va="top", ha="right", fontsize=7, color="#7a6200"
            )
    ax.axvline(mdates.date2num(SEED_DATE), color="black", linewidth=1.2)
    ax.text(
        mdates.date2num(SEED_DATE), y - 0.4, " seed 2001-07-10", fontsize=7, ha="left", va="top"
    )
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    ax.xaxis_date()
    ax.set_xlim(mdates.date2num(start), mdates.date2num(today + dt.timedelta(days=200)))
    ax.set_title("Regimes in force (bars: statutes; dashed: political documents)", fontsize=9)
    return Figure(
        title="Timeline of Japan's legal regimes for supporting U.S. forces",
        svg=svg_from_matplotlib(fig),
        caption="Bars: statutes in force (dark: still in force; hatched: in-force date of medium "
        "confidence, see the rule file). Dashed: political documents that create no legal "
        "basis (1997 and 2015 Guidelines, 2014 Cabinet Decision). Sources: rule files of "
        "anpo.law (e-Gov texts; Defense of Japan 2007 and 2016; reference timeline).",
    )


def _matrix_figure(today: dt.date) -> tuple[Figure, pd.DataFrame]:
    from matplotlib.colors import ListedColormap

    columns = [
        ("SAA 2001\nsurrounding-area\njapan", SEED_DATE, "surrounding-area", "japan"),
        (
            "SAA 2001\nsurrounding-area\nforeign+consent",
            SEED_DATE,
            "surrounding-area",
            "foreign-territory-with-consent",
        ),
        (
            "ATSMA 2002\nanti-terrorism\nhigh-seas",
            dt.date(2002, 1, 1),
            "anti-terrorism-2001",
            "high-seas",
        ),
        (
            "Iraq SMA 2005\niraq-2003\nforeign+consent",
            dt.date(2005, 1, 1),
            "iraq-2003",
            "foreign-territory-with-consent",
        ),
        ("2004 Act 2010\narmed-attack\njapan", dt.date(2010, 1, 1), "armed-attack-japan", "japan"),
        (f"IISA {today.year}\nimportant-influence\njapan", today, "important-influence", "japan"),
        (
            f"IISA {today.year}\nimportant-influence\nforeign+consent",
            today,
            "important-influence",
            "foreign-territory-with-consent",
        ),
        (
            f"IPSA {today.year}\ninternational-peace\ncombat-scene",
            today,
            "international-peace",
            "combat-scene",
        ),
        (
            f"{today.year}\nsurvival-threatening\nhigh-seas",
            today,
            "survival-threatening",
            "high-seas",
        ),
        (
            f"{today.year}\npeacetime\nhigh-seas-near-japan",
            today,
            "peacetime",
            "high-seas-near-japan",
        ),
    ]
    acts = list(ACTIVITIES)
    data = [[_STATUS_CODE[ask(d, s, a, loc).status] for (_, d, s, loc) in columns] for a in acts]
    frame = pd.DataFrame(data, index=acts, columns=[c[0].replace("\n", " ") for c in columns])
    fig, ax = new_figure(10.5, 5.4)
    ax.imshow(data, cmap=ListedColormap(_STATUS_COLORS), vmin=-0.5, vmax=3.5, aspect="auto")
    ax.set_xticks(range(len(columns)), [c[0] for c in columns], fontsize=5.5)
    ax.set_yticks(range(len(acts)), acts, fontsize=7)
    inv = {v: k for k, v in _STATUS_CODE.items()}
    for i, row in enumerate(data):
        for j, v in enumerate(row):
            ax.text(j, i, {0: "—", 1: "X", 2: "C", 3: "P"}[v], ha="center", va="center", fontsize=7)
    ax.set_title(
        "Status by regime, situation and location (C conditional, X prohibited, — no legal basis)",
        fontsize=9,
    )
    frame = frame.map(lambda v: inv[v])
    frame.index.name = "activity"
    return Figure(
        title="What the SDF may do, regime by regime",
        svg=svg_from_matplotlib(fig),
        caption="Green: permitted; orange: conditional; red: prohibited by a provision in force; "
        "grey: no legal basis. Each cell is anpo.law.ask(date, situation, activity, "
        "location).",
    ), frame


def build(ctx: ReportContext) -> list[Section]:
    """The law section: the seed's example for 2001-07-10 and today, the contributions asked of
    Japan, what changed in 2016, a timeline and a status matrix.

    Source: rules of :mod:`anpo.law` (e-Gov statute texts; 1997 and 2015 Guidelines; Defense of
    Japan 2007 and 2016); reference facts ``japan-law.md``.
    """
    today = _today(ctx)
    ctx.progress("law: answering contributions")
    contributions = contributions_from_scenarios(ctx.scenarios)
    source_note = "the scenarios' [[contributions]]"
    if not contributions:
        contributions = default_contributions()
        source_note = (
            "the default list shipped with anpo.law "
            "(anpo/law/data/default_contributions.toml), as the scenarios list none"
        )
    then = answer_contributions(contributions, SEED_DATE)
    now = answer_contributions(contributions, today)

    seed = _seed_table(today)
    timeline = _timeline_figure(today)
    matrix_fig, matrix = _matrix_figure(today)
    changes = changes_2016_table()
    contrib = _contrib_table(then, now, today)

    note1 = ask(SEED_DATE, "surrounding-area", "provide-ammunition", "japan")
    note1_quote = next(c for c in note1.legal_basis if c.role == "excludes")
    notes = [
        f"The seed's example on {SEED_DATE}: transporting U.S. weapons and ammunition in rear areas "
        f"is {ask(SEED_DATE, 'surrounding-area', 'transport-weapons-ammunition').status} under the "
        "Surrounding Areas Act (Art. 3(1)(i), Art. 3(2), Annexed Table 1 'transportation', note 3: "
        "rear area only; Basic Plan; prior Diet approval, ex post only in an emergency); providing "
        f"Japan's own weapons and ammunition is {note1.status}: {note1_quote.law.split(',')[0]} "
        f"{note1_quote.ref} 「{note1_quote.quote}」 (the goods provided exclude weapons, "
        "ammunition included).",
        f"Today ({today}) the same requests in an important influence situation: transport "
        f"{ask(today, 'important-influence', 'transport-weapons-ammunition').status}, weapons "
        f"{ask(today, 'important-influence', 'provide-weapons').status}, ammunition "
        f"{ask(today, 'important-influence', 'provide-ammunition').status} (Important Influence "
        "Situations Act, Annexed Table 1: only weapons excluded since 2016-03-29).",
        "Legal basis and rationale are kept apart: the statutes are the basis; 'integration with "
        "the use of force' (一体化), the 2008 Nagoya High Court judgment and the 2014 Cabinet "
        "Decision are rationale only.",
        f"Contributions answered: {source_note}.",
    ]
    summary = seed[
        [
            "request (seed example)",
            f"status {SEED_DATE}",
            f"status {today} ({'important-influence' if today >= CHANGE_AFTER else 'surrounding-area'})",
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
            "Rules as code (anpo.law): one rule file per law and version, each rule a general "
            "authorization (e.g. an Annexed Table category) or the exception that excludes part "
            "of it (e.g. Annexed Table 1, note 1), with in-force dates, the location test "
            "(rear area / non-combat area / not the scene of actual combat, territory, consent), "
            "conditions, Diet approval and the Japanese text quoted; the SDF may act only where "
            "a statute authorizes (no authorization = no legal basis)."
        ),
        assumptions=[
            "A contribution is assessed for one situation and one location at a time; overlapping "
            "situations (e.g. an important influence situation that becomes an armed attack) are "
            "asked separately.",
            "After 2016-03-28 a 'surrounding-area' request is assessed as 'important-influence' "
            "(the same Act No. 60 of 1999, amended); lapsed special measures situations as "
            "'international-peace'.",
            "Conditions are legal conditions; whether the Cabinet would decide a Basic Plan, or the "
            "Diet approve, is not modelled.",
            "Quotes of statutes not among the shared e-Gov texts are marked unverified in the rule "
            "files; uncertain facts carry a confidence field.",
        ],
        sources=[
            "e-Gov statute texts: Act No. 60 of 1999 (pre-2015), Act No. 145 of 2000, Act No. 113 of "
            "2004, SDF Act (Act No. 165 of 1954) pre-2015 and as amended by Act No. 76 of 2015",
            "Guidelines for Japan-U.S. Defense Cooperation, 1997 and 2015",
            "Ministry of Defense, Defense of Japan 2007 and 2016 (special measures acts; 2015 "
            "legislation; in-force dates)",
            "Nagoya High Court judgment of 17 April 2008; Cabinet Decision of 1 July 2014",
            "Soeya Yoshihide, 'The U.S.-Japan Security Alliance', RIETI, 10 July 2001 (seed)",
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
                frame=contrib,
                caption=f"Contributions from {source_note}.",
            ),
            Table(
                title="What changed on 2016-03-29 (Legislation for Peace and Security)",
                frame=changes,
                caption="Status by location before and after; surrounding-area compared with its "
                "successor, important-influence. From anpo.law.diff(2016-03-28, "
                "2016-03-29, follow_successors=True).",
            ),
            Table(title="Status matrix (the figure's data)", frame=matrix.reset_index()),
        ],
        notes=notes,
        summary=summary,
    )
    return [section]
