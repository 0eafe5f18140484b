"""No answer speaks of a year after its date unless it marks the text as later (brief law16).

An answer for a date D shows rationale items (``anpo/law/rules/_rationale.toml``) and the
summaries of the rules it rests on (the rule files). Hindsight is allowed only as an item marked
``later`` ('Later (29 March 2016): ...', review14 F4); before this check, undated items and
summaries said e.g. 'The 2014 Cabinet Decision called for legislation, enacted as Art. 95-2' on
1999 answers (``asset-protection-pre2016``), and the summary of ``pko-1992/no-rescue-escort``
named 2016-03-29 on 2010 answers. The conditions, the Diet-approval detail and the glosses of
the provisions cited are read too (brief law16b): the defense-operation condition said 'Art. 76(1)
from 2003-06-13' on 1999 answers, the Art. 100-6(4) gloss 'ammunition included until 2016-03-28'.
The years are read as written, four digits from 1945 to 2030, and full ISO dates (YYYY-MM-DD) are
compared with the date itself ('until 2003-06-12' on 2003-01-01). Sources are citations (a 2016
white paper on a 1954 article), not what the answer says of the date, and are not read; where a
condition or Diet detail cites one inline ('Defense of Japan 2007, Reference 31', 'the Mainichi
Shimbun, 20 January 2004'), the citation is left out of the reading. Dates of the items: Cabinet answers (sangiin.go.jp, shugiin.go.jp), the
statutes' promulgation dates (e-Gov), Defense of Japan 2007 and 2016, as each item cites.
The answer's notes are read too (brief mend16e): the SDF Act's 2016 ACSA rule noted on 2016
answers that the revised ACSA 'entered into force only on 2017-04-25' (now a dated note, marked
'Later (25 April 2017): ' before that day), and the note naming the ATSMA's successor said the
Replenishment Support Special Measures Act was 'in force 2008-01-16 to 2010-01-15' on 2008
answers (now 'in force from 2008-01-16': it is named only while in force).
What the Diet decided under a version's procedure (brief law17: the Iraq dispatch approved on
9 February 2004, Defense of Japan 2016, chronology 2004) is read on its own date and its eve.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from anpo.law import engine
from anpo.law.loader import ruleset
from anpo.law.schema import LawFile, LawVersion, Provision, Rule
from anpo.law.vocab import LOCATIONS, SITUATIONS

YEAR = re.compile(r"(?<!\d)(19[4-9]\d|20[0-2]\d|2030)(?!\d)")
ISO = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
#: inline citations of a source in a condition or Diet detail (the white paper's year, a
#: newspaper's date): when the source was published, not what the answer says of its date
SOURCE = re.compile(r"Defense of Japan \d{4}|Mainichi Shimbun, \d{1,2} [A-Z][a-z]+ \d{4}")

#: (rationale key or rule id, year) -> why that year may stand on an earlier answer. Only what is
#: genuinely timeless belongs here (e.g. the year in a title of a source); nothing needs it now.
ALLOWED: dict[tuple[str, int], str] = {}


def later_years(key: str, text: str, d: dt.date) -> list[int]:
    """The years after ``d.year`` that ``text`` names, less those allowed for ``key``; a full
    ISO date after ``d`` counts by its year (so '2003-06-13' on 2003-01-01 gives 2003)."""
    return [y for y in _later(text, d) if (key, y) not in ALLOWED]


@functools.cache
def _later(text: str, d: dt.date) -> tuple[int, ...]:
    """:func:`later_years` before ``ALLOWED``, once per text and date (the sweep meets the same
    summary or condition in thousands of answers)."""
    later = {int(y) for y in YEAR.findall(ISO.sub("", text)) if int(y) > d.year}
    for m in ISO.finditer(text):
        try:
            when = dt.date(*map(int, m.groups()))
        except ValueError:
            continue
        if when > d:
            later.add(when.year)
    return tuple(sorted(later))


#: the mark of a dated note on an answer before its date (engine.later_note)
LATER_NOTE = re.compile(r"Later \((\d{1,2}) ([A-Z][a-z]+) (\d{4})\): ")


def note_later_years(note: str, d: dt.date) -> list[int]:
    """The years after ``d`` that an answer's ``note`` names: a note marked later ('Later (25
    April 2017): ...') is read on its own date, as a later rationale item is, so it may name
    that date but nothing after it; its citations of sources are not read (:func:`_read`)."""
    m = LATER_NOTE.match(note)
    if m:
        when = dt.datetime.strptime(" ".join(m.groups()), "%d %B %Y").date()
        assert when > d, f"a note marked later on {d} is dated {when}"
        return list(_later(_read(note[m.end() :]), when))
    return list(_later(_read(note), d))


def _read(text: str) -> str:
    """``text`` without its inline citations of sources (:data:`SOURCE`)."""
    return SOURCE.sub("", text)


def _first_day(f: LawFile, v: LawVersion, r: Rule, start: dt.date) -> dt.date | None:
    """The first day covered on which ``r`` applies under version ``v`` (None: never)."""
    lo = max(start, v.law.in_force_from, r.valid_from or start)
    hi = min(d for d in (v.law.in_force_to, r.valid_to, dt.date.max) if d is not None)
    return lo if lo <= hi else None


def test_the_check_reads_years_as_written() -> None:
    """The check finds what the old asset-protection text said on a 1999 answer, and only that."""
    old = "The 2014 Cabinet Decision called for legislation, enacted as Art. 95-2 (in force 2016)."
    assert later_years("x", old, dt.date(1999, 8, 25)) == [2014, 2016]
    assert later_years("x", old, dt.date(2016, 3, 29)) == []
    cond = "an armed attack (Art. 76(1) from 2003-06-13; until 2003-06-12 ...)"
    assert later_years("x", cond, dt.date(2003, 1, 1)) == [2003]
    assert later_years("x", cond, dt.date(2003, 6, 13)) == []
    assert later_years("x", "2003-02-30 is no date", dt.date(2003, 1, 1)) == []
    cited = (
        "no Diet approval (Defense of Japan 2007, Reference 31; Mainichi Shimbun, 20 January 2004)"
    )
    assert later_years("x", cited, dt.date(2003, 1, 1)) == [2004, 2007]
    assert later_years("x", _read(cited), dt.date(2003, 1, 1)) == []
    assert (
        later_years("x", "120,000 yen; Act No. 20160 of 1999; 12,016 t", dt.date(1999, 1, 1)) == []
    )


def test_no_rule_summary_or_rationale_names_a_later_year() -> None:
    """For every rule on the first day it applies (from the first regime covered): its summary,
    and each rationale item it shows that is not marked later on that day (an item dated after it
    is checked on its own date, the first day it is shown unmarked), name no later year."""
    rs = ruleset()
    start = engine.coverage_start(rs).in_force_from
    bad: list[str] = []
    n = 0
    for f in rs.acts.values():
        for r in f.rules:
            for v in f.versions:
                d = _first_day(f, v, r, start)
                if d is None:
                    continue
                n += 1
                if ys := later_years(r.id, r.summary, d):
                    bad.append(f"{r.id} summary on {d}: {ys}")
                keys = list(r.rationale)
                if r.kind == "general":
                    keys = list(v.defaults.rationale) + keys
                for k in keys:
                    item = rs.rationale[k]
                    on = max(d, item.date) if item.date else d
                    if ys := later_years(k, f"{item.title} {item.text}", on):
                        bad.append(f"{k} (rule {r.id}) on {on}: {ys}")
    assert n > 80  # (rule, version) pairs
    assert not bad, "\n".join(bad)


def _rule_texts(v: LawVersion, r: Rule) -> list[tuple[str, str]]:
    """What an answer resting on ``r`` under ``v`` can print besides its summary and rationale:
    its conditions (the version's default ones too) and their unmet reasons, its location cases
    and reason, its Diet-approval detail and its confidence note."""
    conds = [*v.defaults.conditions_for(r), *r.conditions]
    out = [("condition", c.text) for c in conds] + [("unmet reason", c.unmet_reason) for c in conds]
    out += [("location case", c.text) for c in r.location.cases]
    out += [("location reason", r.location.reason)]
    detail = r.diet_detail if r.diet_detail is not None else v.defaults.diet_detail
    return [*out, ("Diet detail", detail), ("note", r.confidence_note)]


def test_no_condition_diet_detail_or_gloss_names_a_later_year() -> None:
    """For every rule on the first day it applies: its conditions, unmet reasons, location cases
    and Diet detail; for every wording of every provision on its first day covered: the gloss an
    answer gives it (the wording's own, else the provision's): none names a later year or date.
    Before brief law16b: 'Art. 76(1) from 2003-06-13' (condition and Diet detail of the SDF Act's
    use of force on 1997 answers), 'until 2007-01-08' (seven conditions naming the minister),
    'ammunition included until 2016-03-28' (the gloss of Art. 100-9 on 1997 answers) and more."""
    rs = ruleset()
    start = engine.coverage_start(rs).in_force_from
    bad: list[str] = []
    n = 0
    for name, f in rs.acts.items():
        for r in f.rules:
            for v in f.versions:
                d = _first_day(f, v, r, start)
                if d is None:
                    continue
                for what, text in _rule_texts(v, r):
                    n += 1
                    if ys := later_years(r.id, _read(text), d):
                        bad.append(f"{r.id} {what} on {d}: {ys}")
                for dn in r.dated_notes:  # read on its own date when later (marked so)
                    n += 1
                    if ys := note_later_years(engine.later_note(dn.text, dn.date, d), d):
                        bad.append(f"{r.id} dated note on {d}: {ys}")
        # what the Diet decided (brief law17): given from its own date, read on that date
        for v in f.versions:
            for rec in v.defaults.diet_record:
                n += 1
                if ys := later_years(v.law.key, _read(rec.text), rec.date):
                    bad.append(f"{v.law.key} Diet record of {rec.date}: {ys}")
        first = min(v.law.in_force_from for v in f.versions)
        for key, prov in f.provisions.items():
            for t in prov.texts:
                if t.valid_to is not None and t.valid_to < start:
                    continue
                d = max(start, t.valid_from or first)
                n += 1
                if ys := later_years(key, prov.label_of(t), d):
                    bad.append(f"{name}: {key} gloss on {d}: {ys}")
    assert n > 700  # texts read
    assert not bad, "\n".join(bad)


def test_no_answer_names_a_later_year_unless_marked_later() -> None:
    """Every answer (every situation, activity and location) on the last day of each year covered
    and on each rationale item's date: the items not marked later and the
    summaries of the rules it rests on name no year after the answer's date. This reaches the
    rationale the engine adds itself (a special measures act that has lapsed, a situation whose
    law is not yet in force)."""
    rs = ruleset()
    summary = {r.id: r.summary for f in rs.acts.values() for r in f.rules}
    start = engine.coverage_start(rs).in_force_from
    days = {start} | {r.date for r in rs.rationale.values() if r.date and r.date >= start}
    # and each rule's first day, on which a date in its own year is read against the day itself
    days |= {r.valid_from for f in rs.acts.values() for r in f.rules if r.valid_from}
    # and the eve of each Diet record (brief law17: not given before its date)
    days |= {
        rec.date - dt.timedelta(days=1)
        for f in rs.acts.values()
        for v in f.versions
        for rec in v.defaults.diet_record
    }
    for y in range(start.year, 2027):
        days.add(dt.date(y, 12, 31))
    bad: set[str] = set()
    n = 0
    for d in sorted(x for x in days if x >= start):
        for sit in SITUATIONS:
            for loc in LOCATIONS:
                for a in engine.activities(d, sit, loc, include_all=True):
                    n += 1
                    for it in a.rationale_items:
                        if not it.later and (ys := later_years(it.key, f"{it.title} {it.text}", d)):
                            bad.add(f"{it.key} on {d}: {ys}")
                    for rid in a.rules:
                        if ys := later_years(rid, summary[rid], d):
                            bad.add(f"{rid} summary on {d}: {ys}")
                    # what the answer prints besides (brief law16b): its conditions as evaluated,
                    # the Diet detail, the glosses of the provisions cited
                    said = [("condition", c) for c in a.conditions]
                    said += [("check", c.text) for c in a.checks]
                    said += [("Diet detail", a.diet_approval_detail)]
                    said += [(f"gloss of {c.provision_key}", c.label) for c in a.legal_basis]
                    for what, text in said:
                        if ys := _later(_read(text), d):
                            bad.add(f"{'+'.join(a.rules)} {what} on {d}: {ys}")
                    # its notes (brief mend16e): a note marked later is read on its own date
                    for note in a.notes:
                        if ys := note_later_years(note, d):
                            bad.add(f"{'+'.join(a.rules) or sit} note on {d}: {ys}: {note[:60]}")
    assert n > 20_000
    assert not bad, "\n".join(sorted(bad))


def test_kaketsuke_keigo_before_2016_says_nothing_of_2016() -> None:
    """On 2010-01-01 kaketsuke-keigo under the 1992 PKO Act has no legal basis: the summary the
    answer gives is worded as of that law, and 2016 appears only in the item marked later (the
    2016 amendment is what pko-2016/rescue-escort says). Source: PKO Act Arts. 3 and 24 as in
    force until 2016-03-28 (rule file pko.toml)."""
    a = engine.ask(
        "2010-01-01", "un-peacekeeping", "rescue-escort", "foreign-territory-with-consent"
    )
    assert a.status == "no-legal-basis" and a.rules == ["pko-1992/no-rescue-escort"]
    reasons, _, later = a.explanation.partition(" Later (")
    assert "kaketsuke-keigo has no legal basis" in reasons
    assert "2016" not in reasons and "29 March 2016" in later
    for it in a.rationale_items:
        assert it.later or "2016" not in it.title + it.text, it.key
    assert [i.key for i in a.rationale_items if i.later] == ["kaketsuke-keigo"]


def test_each_wording_shows_its_own_gloss() -> None:
    """A provision's wordings may carry their own English gloss (ProvisionText.label): SDF Act
    Art. 100-6(4) excluded weapons, ammunition included, until 2016-03-28, and weapons only from
    2016-03-29 (「武器（弾薬を含む。）の提供は含まない」 -> 「武器の提供は含まない」, Act No. 76 of
    2015). The answer, the provisions in force and the provision changes give the gloss of the
    wording on the date; a flat provision's label stays the provision's."""
    old = engine.ask("2010-01-01", "peacetime", "provide-weapons", "japan")
    new = engine.ask("2017-01-01", "peacetime", "provide-weapons", "japan")
    gloss = {
        a.date.year: next(c.label for c in a.legal_basis if c.provision_key == "art100-6-4")
        for a in (old, new)
    }
    assert gloss == {
        2010: "the goods provided exclude weapons, ammunition included",
        2017: "the goods provided exclude weapons (not ammunition)",
    }
    listed = {p.provision_key: p.label for p in engine.provisions("2010-01-01", "sdf-act-pre2016")}
    assert listed["art100-6-4"] == gloss[2010]
    changed = {
        c.provision_key: c.label for c in engine.provision_changes("2010-01-01", "2017-01-01")
    }
    assert changed["art100-6-4"] == gloss[2017]
    flat = Provision.model_validate(
        {"label": "x", "clause": "authorizing", "article": "1", "quote": "第一条"}
    )
    assert (flat.label, flat.texts[0].label, flat.label_of(flat.texts[0])) == ("x", "", "x")


def test_the_check_reads_notes_marked_later_on_their_date() -> None:
    """A note marked later may name its own date, nothing after it; an unmarked note nothing
    after the answer's date (brief mend16e)."""
    d = dt.date(2016, 6, 1)
    text = "The ACSA revised for the 2015 legislation entered into force on 2017-04-25."
    assert note_later_years(text, d) == [2017]
    assert note_later_years(engine.later_note(text, dt.date(2017, 4, 25), d), d) == []
    assert note_later_years("Later (25 April 2017): and in 2018 ...", d) == [2018]
    on = dt.date(2017, 4, 25)
    assert engine.later_note(text, on, on) == text and note_later_years(text, on) == []


def test_acsa_note_is_marked_later_before_the_revised_acsa() -> None:
    """The SDF Act's 2016 ACSA rule: on 2016-06-01 its note on the revised Japan-U.S. ACSA (in
    force 2017-04-25, public record) opens 'Later (25 April 2017): '; from that day it is
    unmarked; the standing caveat (Art. 100-6 dated from 2016-03-29, Defense of Japan 2016)
    names no later date. Before brief mend16e one note named 2017-04-25 on 2016 answers."""
    before = engine.ask("2016-06-01", "peacetime", "provide-ammunition", "japan")
    after = engine.ask("2017-04-25", "peacetime", "provide-ammunition", "japan")
    assert before.rules == after.rules == ["sdf-act-2016/acsa"]
    acsa = [n for n in before.notes if "2017" in n]
    assert len(acsa) == 1 and acsa[0].startswith("Later (25 April 2017): The ACSA revised")
    assert [n for n in after.notes if "2017" in n] == [
        acsa[0].removeprefix("Later (25 April 2017): ")
    ]
    assert any(
        n.startswith("The amended Art. 100-6 is dated here from 2016-03-29") for n in before.notes
    )


def test_successor_note_names_no_later_end() -> None:
    """Asked under the ATSMA's situation on 2008-06-01, the note naming its successor says the
    Replenishment Support Special Measures Act (Act No. 1 of 2008) is in force from 2008-01-16,
    not when it lapsed (2010-01-15, after the answer's date): the note is given only while that
    Act is in force (engine.successor_on). Source: Defense of Japan 2016, chronology 2008."""
    a = engine.ask("2008-06-01", "anti-terrorism-2001", "refuel-ships-at-sea", "high-seas")
    (note,) = [n for n in a.notes if "'replenishment-2008'" in n]
    assert "in force from 2008-01-16" in note and "2010" not in note
