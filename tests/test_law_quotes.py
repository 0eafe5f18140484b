"""Citations you can trust (issue 13, item 5).

* Every quote marked verified occurs verbatim in the shared e-Gov text of each law version it is in
  force in (whitespace and markdown emphasis removed on both sides); that it stands at the article,
  paragraph, item or Annexed Table note its citation names is checked in
  ``test_law_article_locations``.
* An older wording derived from the shared text by an amendment's substitutions gives the shared
  wording once the substitutions are applied (e.g. 防衛庁長官 -> 防衛大臣, Act No. 118 of 2006).
* For every law version whose text is shared, the wording in force on its last day is verified.
* Every provision's quote carries a marker of the kind of clause it is declared to be
  (:data:`anpo.law.schema.CLAUSE_MARKERS`): 「…ことができる」 authorizes, 「…含まないものとする」
  excludes, 「…に限る」 restricts, 「…をいう」 defines, 「国会の承認」 is the Diet procedure.
* Every citation's role quotes a clause of the matching kind, over the full grid of questions.

Source: the e-Gov texts in ``../shared/data/law/statutes`` (H11HO060, H12HO145, H16HO113,
S29HO165 pre-2015 and 2015 revision); the review findings of issue 13.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from anpo.law import ACTIVITIES, LOCATIONS, SITUATIONS, ask
from anpo.law.loader import ruleset
from anpo.law.schema import CLAUSE_MARKERS, NOT_AUTHORIZING_ENDINGS, ROLE_CLAUSES

_WS = re.compile(r"[\s*]+")
_FAR = dt.date(9999, 12, 31)
ONE = dt.timedelta(days=1)
MINISTRY = dt.date(2007, 1, 9)  # Act No. 118 of 2006: 防衛庁長官 -> 防衛大臣


def _norm(text: str) -> str:
    return _WS.sub("", text)


def _texts():
    """(act file, provision key, provision, text) for every dated wording."""
    rs = ruleset()
    for name, act in sorted(rs.acts.items()):
        for key, prov in act.provisions.items():
            for text in prov.texts:
                yield name, key, prov, text


def _shared_files(name: str, text) -> list[str]:
    """The shared statute files of the versions a verified wording is verified in."""
    act = ruleset().acts[name]
    start = text.valid_from or act.versions[0].law.in_force_from
    end = min(text.valid_to or _FAR, text.verified_to or _FAR)
    files = []
    for v in act.versions:
        if v.law.in_force_from <= end and (v.law.in_force_to or _FAR) >= start:
            assert v.law.statute_text, (
                f"{name}: verified wording valid in {v.law.key}, which has no shared text "
                "(set verified_to)"
            )
            files.append(v.law.statute_text)
    return files


def _verified():
    return [
        pytest.param(name, key, text, id=f"{name}:{key}:{text.valid_from}")
        for name, key, _, text in _texts()
        if text.verified
    ]


@pytest.mark.parametrize(("name", "key", "text"), _verified())
def test_verified_quote_occurs_in_the_shared_text(shared_data, name, key, text):
    """The quoted provision occurs verbatim in the shared e-Gov text of every law version it is
    in force (and marked verified) in."""
    for fname in _shared_files(name, text):
        body = _norm((shared_data / "law" / "statutes" / fname).read_text(encoding="utf-8"))
        assert _norm(text.quote) in body, f"{name}:{key} quote not found in {fname}"


def _derived():
    return [
        pytest.param(name, key, text, id=f"{name}:{key}:{text.valid_to}")
        for name, key, _, text in _texts()
        if text.derived
    ]


@pytest.mark.parametrize(("name", "key", "text"), _derived())
def test_derived_wording_matches_the_later_shared_text(shared_data, name, key, text):
    """An older wording not among the shared texts (verified = false) turns into wording of the
    shared later text once the amendment's substitutions are applied: e.g. the SAA Art. 6(4) of
    2001 with 防衛庁長官 becomes the 2007 text with 防衛大臣 (Act No. 118 of 2006)."""
    act = ruleset().acts[name]
    later = act.version_on(text.valid_to + ONE)
    assert later is not None and later.law.statute_text
    quote = text.quote
    for old, new in text.derived.items():
        assert old in quote, (name, key, old)
        quote = quote.replace(old, new)
    body = _norm((shared_data / "law" / "statutes" / later.law.statute_text).read_text("utf-8"))
    assert _norm(quote) in body, f"{name}:{key}: derived wording not in {later.law.statute_text}"
    assert not text.verified


def test_latest_wording_of_each_shared_version_is_verified():
    """For every law version whose e-Gov text is shared, every provision in force on the
    version's last day is quoted from that text (verified)."""
    rs = ruleset()
    missing = []
    for act in rs.acts.values():
        for v in act.versions:
            if not v.law.statute_text:
                continue
            last = v.law.in_force_to or dt.date.today()
            for key, text in act.provisions_on(last).items():
                if not text.verified_on(last):
                    missing.append((v.law.key, key))
    assert missing == []


def test_unverified_wording_says_why():
    """An unverified wording of a law version whose text is shared carries a note or a
    derivation; a version whose text is not shared says so in its text_version; laws without a
    shared text have no verified quote."""
    acts = ruleset().acts
    for name, key, _, text in _texts():
        if text.verified:
            continue
        act = acts[name]
        start = text.valid_from or act.versions[0].law.in_force_from
        end = text.valid_to or _FAR
        for v in act.versions:
            if v.law.in_force_from > end or (v.law.in_force_to or _FAR) < start:
                continue
            if v.law.statute_text:
                assert text.note or text.derived, (name, key, v.law.key)
            else:
                assert "not among the shared" in v.law.text_version, (name, v.law.key)
    for name, act in acts.items():
        if not any(v.law.statute_text for v in act.versions):
            assert not any(t.verified for p in act.provisions.values() for t in p.texts), name


# ------------------------------------------------------------------ clause markers


def test_every_quote_carries_a_marker_of_its_clause():
    """A provision's quote contains a marker of its declared clause; an item of a list (号) is read
    with its paragraph's opening 「次に掲げる…」; an unverified fragment too short for a marker says
    what it stands for. Authorizing quotes do not end by restricting or excluding
    (「…において行われるものとする。」, 「…含まないものとする。」); excluding quotes grant nothing
    (no 「…ことができる」)."""
    acts = ruleset().acts
    bad = []
    for name, key, prov, text in _texts():
        markers = CLAUSE_MARKERS[prov.clause]
        if prov.part_of is not None:
            day = text.valid_from or acts[name].versions[0].law.in_force_from
            parent = acts[name].provisions[prov.part_of].text_on(day)
            ok = parent is not None and "次に掲げる" in parent.quote
        elif text.fragment:
            ok = not text.verified and bool(text.note)
        else:
            ok = any(m in text.quote for m in markers)
        if prov.clause == "authorizing" and text.quote.endswith(NOT_AUTHORIZING_ENDINGS):
            ok = False
        if prov.clause == "excluding" and "ことができる" in text.quote:
            ok = False
        if not ok:
            bad.append((name, key, prov.clause, text.quote[:40]))
    assert bad == []


def _grid_dates() -> list[dt.date]:
    return [
        dt.date(1999, 8, 25),
        dt.date(2001, 7, 10),
        dt.date(2002, 1, 1),
        dt.date(2005, 1, 1),
        dt.date(2009, 1, 1),
        dt.date(2016, 3, 28),
        dt.date(2016, 3, 29),
        dt.date(2020, 1, 1),
    ]


def test_every_citation_role_quotes_a_clause_of_that_kind():
    """Over every situation, activity and location on dates across all regimes, a citation with
    the role authorizes quotes an authorizing clause, excludes an excluding clause, restricts a
    restricting one, defines a definition, diet-approval the Diet procedure, and scope an
    authorizing or defining provision whose reach stops."""
    bad = set()
    for d in _grid_dates():
        for s in SITUATIONS:
            for a in ACTIVITIES:
                for loc in LOCATIONS:
                    for c in ask(d, s, a, loc).legal_basis:
                        if c.clause not in ROLE_CLAUSES[c.role]:
                            bad.add((c.law_key, c.ref, c.role, c.clause))
    assert bad == set()


def test_role_of_the_restricting_note_and_the_rescue_proviso():
    """The review's findings: SAA Annexed Table 1, note 3 (goods and services in Japanese
    territory except transport on the high seas) restricts, it does not authorize; the provisos
    that let a rescue already begun continue at the scene of combat (IISA Art. 7(6), IPSA
    Art. 8(6)) authorize, they do not exclude."""
    for activity in ("supply-fuel-water-food", "transport-weapons-ammunition", "medical"):
        a = ask("2001-07-10", "surrounding-area", activity, "high-seas-near-japan")
        roles = {c.ref: c.role for c in a.legal_basis}
        assert roles["Annexed Table 1, note 3"] == "restricts"
    for situation, ref in (
        ("important-influence", "Art. 7(6)"),
        ("international-peace", "Art. 8(6)"),
    ):
        a = ask("2020-01-01", situation, "search-and-rescue", "combat-scene")
        assert a.status == "prohibited"
        roles = {c.ref: c.role for c in a.legal_basis}
        assert roles[ref] == "authorizes" and roles["Art. 2(3)"] == "excludes"


# ------------------------------------------------------------------ dated wording


def test_minister_title_follows_the_date():
    """The minister is the Director General of the Defense Agency (防衛庁長官; 長官 in the SDF Act)
    until 2007-01-08 and the Defense Minister (防衛大臣) from 2007-01-09 (Act No. 118 of 2006): no
    citation on an earlier date quotes 防衛大臣, none on a later date 防衛庁長官."""
    for d, wrong, right in (
        (MINISTRY - ONE, "防衛大臣", "長官"),
        (dt.date(2001, 7, 10), "防衛大臣", "長官"),
        (MINISTRY, "防衛庁長官", "防衛大臣"),
    ):
        quoting_right = 0
        for s in SITUATIONS:
            for a in ACTIVITIES:
                for loc in LOCATIONS:
                    for c in ask(d, s, a, loc).legal_basis:
                        assert wrong not in c.quote, (d, s, a, loc, c.ref)
                        quoting_right += right in c.quote
        # the date's own title is quoted: the check above is about citations that name one
        assert quoting_right > 0, (d, right)


def test_saa_art6_4_before_and_after_2007():
    """SAA Art. 6(4) on the seed's date names 防衛庁長官 (wording derived, unverified); from
    2007-01-09 防衛大臣 (shared e-Gov text, verified)."""

    def art64(d):
        a = ask(d, "surrounding-area", "transport-weapons-ammunition", "japan")
        return next(c for c in a.legal_basis if c.ref == "Art. 6(4)")

    before, after = art64("2001-07-10"), art64("2008-01-01")
    assert before.quote.startswith("防衛庁長官は") and not before.verified
    assert after.quote.startswith("防衛大臣は") and after.verified
    assert before.valid_to == "2007-01-08" and after.valid_from == "2007-01-09"


def test_saa_art5_names_ship_inspection_only_from_2001():
    """SAA Art. 5(1) mentions ship inspection operations (船舶検査活動) only since the Ship
    Inspection Operations Act (Act No. 145 of 2000) took effect on 2001-03-01."""

    def art51(d):
        a = ask(d, "surrounding-area", "medical", "japan")
        return next(c for c in a.legal_basis if c.ref == "Art. 5(1)")

    assert "船舶検査活動" not in art51("2000-06-01").quote
    assert "船舶検査活動" in art51("2001-03-01").quote


def test_ship_inspection_article_numbers():
    """Ship Inspection Operations Act (Act No. 145 of 2000): the UN resolution or flag-state
    consent is in Art. 2, SDF units carry it out under Art. 3, the Basic Plan matters are Art. 4,
    the separation of the implementation area from foreign inspections is Art. 5(2) (also after
    the 2015 amendment, with the safety requirement in Art. 5(2) and (4)), live fire and boarding
    are items 2 and 4 of the Annexed Table."""
    a = ask("2001-07-10", "surrounding-area", "ship-inspection", "high-seas-near-japan")
    refs = {(c.ref, c.quote[:6]) for c in a.legal_basis if c.law_key == "ship-inspection-2000"}
    by_ref = {r for r, _ in refs}
    assert {"Art. 2", "Art. 3", "Art. 4", "Art. 5(2)", "Annexed Table, item 2"} <= by_ref
    assert "Annexed Table, item 4" in by_ref
    sep = next(c for c in a.legal_basis if "明確に区別" in c.quote)
    assert sep.ref == "Art. 5(2)"
    b = ask("2020-01-01", "important-influence", "ship-inspection", "high-seas")
    sep16 = next(c for c in b.legal_basis if "明確に区別" in c.quote)
    assert sep16.ref == "Art. 5(2)" and sep16.law_key == "ship-inspection-2016"
    assert any(c.ref == "Art. 5(4)" for c in b.legal_basis)


def test_note_numbering_after_2015():
    """After Act No. 76 of 2015 deleted notes 2 and 3 of the IISA's Annexed Table 1, its one
    remaining note (weapons excluded) is unnumbered: cited as 'Annexed Table 1, note'; the IPSA's
    table has one note too. The deleted notes are not in force from 2016-03-29."""
    for situation, key in (
        ("important-influence", "iisa-2016"),
        ("international-peace", "ipsa-2016"),
    ):
        a = ask("2020-01-01", situation, "provide-weapons", "japan")
        note = [c for c in a.legal_basis if c.role == "excludes"]
        assert [(c.law_key, c.ref) for c in note] == [(key, "Annexed Table 1, note")]
        assert note[0].quote == "物品の提供には、武器の提供を含まないものとする。"
    a16 = ask("2016-03-29", "important-influence", "refuel-aircraft-for-sortie", "japan")
    assert all(
        c.ref not in ("Annexed Table 1, note 2", "Annexed Table 1, note") for c in a16.legal_basis
    )


# ------------------------------------------------------------------ the quote is where it is cited

_KANJI = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_ARTICLE = re.compile(r"\*\*第([一二三四五六七八九十百]+)条((?:の[一二三四五六七八九十]+)*)\*\*")
_PARAGRAPH = re.compile(r"\*\*([０-９0-9]+)\*\*")
_ITEM = re.compile(r"\*\*([一二三四五六七八九十]+)\*\*")


def _kanji_number(text: str) -> int:
    total = current = 0
    for ch in text:
        if ch in "百十":
            total += (current or 1) * (100 if ch == "百" else 10)
            current = 0
        else:
            current = _KANJI[ch]
    return total + current


def _units(text: str) -> list[tuple[str, int, int | None, str]]:
    """(article, paragraph, item, text) of the main provisions of an e-Gov markdown text, then
    ("Supplementary Provisions", 0, None, first 附則 block) and ("Annexed Table N", ...)."""
    units: list[list] = []
    article, paragraph, item = "", 1, None
    lines = text.splitlines()
    end = next(i for i, line in enumerate(lines) if "附　則" in line)
    for line in lines[:end]:
        s = line.strip()
        if m := _ARTICLE.match(s):
            article = "-".join(str(_kanji_number(p)) for p in (m.group(1) + m.group(2)).split("の"))
            paragraph, item = 1, None
            units.append([article, paragraph, item, s[m.end() :]])
        elif m := _PARAGRAPH.match(s):
            paragraph, item = int(m.group(1).translate(_FULLWIDTH)), None
            units.append([article, paragraph, item, s[m.end() :]])
        elif m := _ITEM.match(s):
            item = _kanji_number(m.group(1))
            units.append([article, paragraph, item, s[m.end() :]])
        elif units:
            units[-1][3] += s
    rest = "\n".join(lines[end + 1 :])
    first_suppl = rest.split("附　則")[0]
    units.append(["Supplementary Provisions", 0, None, first_suppl])
    for m in re.finditer(r"^別表(第[一二三四五六七八九]+)?　", text, flags=re.M):
        n = _kanji_number(m.group(1)[1:]) if m.group(1) else None
        nxt = re.compile(r"^別表", flags=re.M).search(text, m.end())
        body = text[m.end() : nxt.start() if nxt else len(text)]
        units.append([f"Annexed Table {n}" if n else "Annexed Table", 0, None, body])
    return [tuple(u) for u in units]


def test_quote_is_at_the_cited_article_paragraph_and_item(shared_data):
    """Every verified quote occurs at the article, paragraph and item its citation names (or in
    the annexed table / the Act's own supplementary provisions it names), in each shared e-Gov
    text it is verified against: a right quote under a wrong article number would otherwise pass
    unnoticed."""
    wrong = []
    cache: dict[str, list] = {}
    for name, key, _, text in _texts():
        if not text.verified:
            continue
        for fname in _shared_files(name, text):
            if fname not in cache:
                body = (shared_data / "law" / "statutes" / fname).read_text(encoding="utf-8")
                cache[fname] = _units(body)
            q = _norm(text.quote)
            hits = [(a, p, i) for a, p, i, t in cache[fname] if q in _norm(t)]
            ok = any(
                a == text.article
                and (
                    text.paragraph is None
                    or a.startswith(("Annexed", "Supplementary"))
                    or p == text.paragraph
                )
                and (text.item is None or a.startswith("Annexed") or i == text.item)
                for a, p, i in hits
            )
            if not ok:
                wrong.append((name, key, fname, text.ref(), hits[:3]))
    assert wrong == []
