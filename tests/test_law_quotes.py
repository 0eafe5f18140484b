"""Every Japanese quote of a rule built from a statute in ``shared_data/law/statutes`` must occur in
that statute's e-Gov text (whitespace and markdown emphasis removed on both sides).

Source: the e-Gov texts in ``../shared/data/law/statutes`` (H11HO060, H12HO145, H16HO113,
S29HO165 pre-2015 and 2015 revision).
"""

from __future__ import annotations

import re

import pytest

from anpo.law.loader import ruleset

_WS = re.compile(r"[\s*]+")


def _norm(text: str) -> str:
    return _WS.sub("", text)


def _verified_provisions():
    out = []
    for lf in ruleset().laws.values():
        for key, prov in lf.provisions.items():
            if prov.verified:
                out.append(
                    pytest.param(
                        lf.law.key, lf.law.statute_text, key, prov.quote, id=f"{lf.law.key}:{key}"
                    )
                )
    return out


def test_verified_quotes_belong_to_laws_with_a_shared_text():
    """A provision marked verified must belong to a law whose shared e-Gov text is named."""
    for lf in ruleset().laws.values():
        if any(p.verified for p in lf.provisions.values()):
            assert lf.law.statute_text, f"{lf.law.key} has verified quotes but no statute_text"


@pytest.mark.parametrize(("law_key", "text_file", "prov_key", "quote"), _verified_provisions())
def test_quote_occurs_in_statute_text(shared_data, law_key, text_file, prov_key, quote):
    """The quoted provision occurs verbatim in the shared e-Gov text of its law."""
    path = shared_data / "law" / "statutes" / text_file
    assert path.is_file(), f"missing statute text {path}"
    text = _norm(path.read_text(encoding="utf-8"))
    assert _norm(quote) in text, f"{law_key}:{prov_key} quote not found in {text_file}"


def test_most_shared_statute_quotes_are_verified():
    """The laws whose text is shared quote it in full: every one of their provisions is verified."""
    for lf in ruleset().laws.values():
        if lf.law.statute_text:
            unverified = [k for k, p in lf.provisions.items() if not p.verified]
            assert unverified == [], f"{lf.law.key}: unverified quotes {unverified}"


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
    the annexed table / the Act's own supplementary provisions it names), in the shared e-Gov
    text: a right quote under a wrong article number would otherwise pass unnoticed."""
    wrong = []
    for lf in ruleset().laws.values():
        if not lf.law.statute_text:
            continue
        text = (shared_data / "law" / "statutes" / lf.law.statute_text).read_text(encoding="utf-8")
        units = _units(text)
        for key, prov in lf.provisions.items():
            q = _norm(prov.quote)
            hits = [(a, p, i) for a, p, i, t in units if q in _norm(t)]
            ok = any(
                a == prov.article
                and (
                    prov.paragraph is None
                    or a.startswith(("Annexed", "Supplementary"))
                    or p == prov.paragraph
                )
                and (prov.item is None or a.startswith("Annexed") or i == prov.item)
                for a, p, i in hits
            )
            if not ok:
                wrong.append((lf.law.key, key, prov.ref(), hits[:3]))
    assert wrong == []
