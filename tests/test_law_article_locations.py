"""Every verified quote stands at the article, paragraph, item and note its citation names.

``test_law_quotes`` checks that a verified quote occurs somewhere in the shared e-Gov text; a
citation to the wrong article, paragraph, item or Annexed Table note (a quote from SAA Art. 3(1)(iii)
cited as Art. 3(1)(ii), a note of Annexed Table 2 cited as Table 1) would pass it. Here each shared
statute is split into its articles (第…条, 第…条の…), paragraphs (**２**), items (**一**), sub-items
(**イ**), Annexed Tables (別表第…) with their rows and notes (備考 一, 二, …) and Supplementary
Provisions (附則), and each verified quote must occur in the segment its citation names.

Source: the e-Gov texts in ``../shared/data/law/statutes`` (H11HO060 Surrounding Areas Act as last
amended by Act No. 80 of 2007; H12HO145 Ship Inspection Operations Act as last amended by Act No.
118 of 2006; H16HO113 Act No. 113 of 2004 as last amended by Act No. 80 of 2007; S29HO165 SDF Act
before and after Act No. 76 of 2015).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from anpo.law.loader import ruleset
from anpo.law.schema import ProvisionText

_FAR = dt.date(9999, 12, 31)
_WS = re.compile(r"[\s*]+")
_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラム"
_ROMAJI = "i ro ha ni ho he to chi ri nu ru wo wa ka yo ta re so tsu ne na ra mu".split()
_K = "一二三四五六七八九十百千"
_ARTICLE = re.compile(rf"^\*\*第([{_K}]+)条((?:の[{_K}]+)*)\*\*")
_PARAGRAPH = re.compile(r"^\*\*([０-９]+)\*\*")
_ITEM = re.compile(rf"^\*\*([{_K}]+)\*\*")
_SUBITEM = re.compile(rf"^\*\*([{_IROHA}])\*\*")
_ANNEX = re.compile(rf"^別表(?:第([{_K}]+))?\s*（")
_NOTE = re.compile(rf"^([{_K}]+)　")
_ROW = re.compile(rf"^\|\s*([{_K}]+)\s*\|")
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

Key = tuple[str, object, object]


def _norm(text: str) -> str:
    return _WS.sub("", text)


def _kanji(s: str) -> int:
    """Kanji numeral to int: 百条の六 -> 100, 六; 二十一 -> 21."""
    total, digit = 0, 0
    for ch in s:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (digit or 1) * {"十": 10, "百": 100, "千": 1000}[ch]
            digit = 0
    return total + digit


def segments(text: str) -> dict[Key, str]:
    """The statute's segments, normalized: (article, None, None) the whole article, (article, p,
    None) paragraph p, (article, p, i) its item i, (article, p, (i, 'ro')) a sub-item; ('Annexed
    Table N', 'row', n) a table's n-th row, ('Annexed Table N', 'note', n) its note n;
    ('SUPPL', None, None) the Supplementary Provisions. A segment holds its items' text too."""
    segs: dict[Key, str] = {}
    art: str | None = None
    para: int | None = None
    item: int | None = None
    rows = 0
    in_table = False

    def add(keys: list[Key], line: str) -> None:
        for k in keys:
            segs[k] = segs.get(k, "") + _norm(line)

    for raw in text.splitlines():
        s = raw.strip()
        if "**附　則" in s:
            art, para, item, in_table = "SUPPL", None, None, False
            continue
        if m := _ANNEX.match(s):
            art = f"Annexed Table {_kanji(m.group(1))}" if m.group(1) else "Annexed Table"
            para, item, rows, in_table = None, None, 0, True
            continue
        if art != "SUPPL" and (m := _ARTICLE.match(s)):
            art = str(_kanji(m.group(1)))
            art += "".join(f"-{_kanji(b)}" for b in re.findall(rf"の([{_K}]+)", m.group(2)))
            para, item, in_table = 1, None, False
            add([(art, None, None), (art, 1, None)], s[m.end() :])
            continue
        if art is None:
            continue
        if art == "SUPPL":
            add([(art, None, None)], s)
            continue
        if in_table:
            if m := _NOTE.match(s):
                add([(art, "note", _kanji(m.group(1)))], s[m.end() :])
            elif m := _ROW.match(s):
                add([(art, "row", _kanji(m.group(1)))], s)
            elif s.endswith("の提供") and "並びにこれらに類する物品及び役務の提供" in s:
                rows += 1  # a row of a two-column table (種類 / 内容): its content line
                add([(art, "row", rows)], s)
            add([(art, None, None)], s)
            continue
        if m := _PARAGRAPH.match(s):
            para, item = int(m.group(1).translate(_FULLWIDTH)), None
            add([(art, None, None), (art, para, None)], s[m.end() :])
            continue
        if m := _ITEM.match(s):
            item = _kanji(m.group(1))
            add([(art, None, None), (art, para, None), (art, para, item)], s[m.end() :])
            continue
        if m := _SUBITEM.match(s):
            sub = _ROMAJI[_IROHA.index(m.group(1))]
            keys: list[Key] = [(art, None, None), (art, para, None), (art, para, item)]
            add([*keys, (art, para, (item, sub))], s[m.end() :])
            continue
        keys = [(art, None, None)]
        if para is not None:
            keys.append((art, para, None))
        if item is not None:
            keys.append((art, para, item))
        add(keys, s)
    return segs


def cited_key(text: ProvisionText) -> Key:
    """The segment a citation names: Art. 3(1)(iii) -> ('3', 1, 3); Annexed Table 1, note 2 ->
    ('Annexed Table 1', 'note', 2); an Annexed Table's item n -> its n-th row."""
    art = text.article
    if art.startswith("Supplementary"):
        return ("SUPPL", None, None)
    if art.startswith("Annexed"):
        if text.annex_note is not None:
            return (art, "note", text.annex_note)
        if text.item is not None:
            return (art, "row", text.item)
        return (art, None, None)
    para = text.paragraph
    if para is None and text.item is not None:
        para = 1  # an item of an article with one paragraph
    item: object = text.item if text.subitem is None else (text.item, text.subitem)
    return (art, para, item)


def _verified() -> list[object]:
    """(act file, provision key, wording, shared file) for every verified wording and every shared
    text of a law version it is verified in."""
    out = []
    for name, act in sorted(ruleset().acts.items()):
        for key, prov in act.provisions.items():
            for t in prov.texts:
                if not t.verified:
                    continue
                start = t.valid_from or act.versions[0].law.in_force_from
                end = min(t.valid_to or _FAR, t.verified_to or _FAR)
                for v in act.versions:
                    f = v.law.statute_text
                    if f and v.law.in_force_from <= end and (v.law.in_force_to or _FAR) >= start:
                        out.append(pytest.param(name, key, t, f, id=f"{name}:{key}:{f}"))
    return out


_CACHE: dict[Path, dict[Key, str]] = {}


def _segments_of(path: Path) -> dict[Key, str]:
    if path not in _CACHE:
        _CACHE[path] = segments(path.read_text(encoding="utf-8"))
    return _CACHE[path]


@pytest.mark.parametrize(("name", "key", "text", "fname"), _verified())
def test_verified_quote_stands_at_the_cited_provision(
    shared_data: Path, name: str, key: str, text: ProvisionText, fname: str
) -> None:
    """The quote of a verified wording occurs in the article, paragraph, item, sub-item, Annexed
    Table row or note its citation names, in the shared e-Gov text of the version (e.g. the rear
    area of SAA Art. 3(1)(iii), 「後方地域　我が国領域並びに…」, in item 3 of Art. 3(1) of
    H11HO060; the no-live-fire row of the Ship Inspection Act's Annexed Table in its row 二)."""
    segs = _segments_of(shared_data / "law" / "statutes" / fname)
    k = cited_key(text)
    where = sorted(str(s) for s, body in segs.items() if _norm(text.quote) in body)
    assert k in segs, f"{name}:{key}: {text.ref()} not found in {fname}; quote at {where}"
    assert _norm(text.quote) in segs[k], f"{name}:{key}: cited {text.ref()}, quote at {where}"


def test_the_location_check_catches_a_wrong_number(shared_data: Path) -> None:
    """The check fails a citation one item, paragraph, note or row off: SAA Art. 3(1)(iii) (the
    rear area) cited as item 2, Art. 6(5) (suspension of transport) as 6(4), Annexed Table 1 note 2
    (aircraft preparing for a combat sortie) as note 1, and Ship Inspection Act Annexed Table row 二
    (no live fire) as row 四 (H11HO060, H12HO145)."""
    statutes = shared_data / "law" / "statutes"
    saa = _segments_of(statutes / "H11HO060_pre2015_clean.md")
    ship = _segments_of(statutes / "H12HO145_pre2015_clean.md")
    acts = ruleset().acts
    day = dt.date(2010, 1, 1)
    for act, segs, key in (
        ("saa_iisa.toml", saa, "def-rear-area"),
        ("saa_iisa.toml", saa, "art6-5"),
        ("saa_iisa.toml", saa, "annex1-note2"),
        ("ship_inspection.toml", ship, "annex-2"),
    ):
        text = acts[act].provisions[key].text_on(day)
        assert text is not None
        right = cited_key(text)
        assert _norm(text.quote) in segs[right], (act, key)
        for field, wrong in (("item", 2), ("paragraph", 4), ("annex_note", 1), ("item", 4)):
            if getattr(text, field) is None or getattr(text, field) == wrong:
                continue
            moved = text.model_copy(update={field: wrong})
            assert _norm(text.quote) not in segs.get(cited_key(moved), ""), (act, key, field)


_LAST_AMENDED = re.compile(
    r"as last amended by Act No\. (\d+) of (\d{4})(?: \([^;)]*promulgated (\d{4}-\d\d-\d\d))?"
)
_HEADER = re.compile(
    r"最終改正：平成([〇一二三四五六七八九]+)年([〇一二三四五六七八九]+)月([〇一二三四五六七八九]+)日法律第([〇一二三四五六七八九]+)号"
)
_PLAIN = str.maketrans("〇一二三四五六七八九", "0123456789")


def _last_amendment(text: str) -> tuple[int, int, dt.date]:
    """(number, year, promulgation date) of the 最終改正 line of a shared e-Gov text, whose
    numerals are written digit by digit (平成一九年六月八日法律第八〇号); Heisei year + 1988."""
    m = _HEADER.search(text)
    assert m, "no 最終改正 line"
    year, month, day, number = (int(g.translate(_PLAIN)) for g in m.groups())
    return number, year + 1988, dt.date(year + 1988, month, day)


def test_the_last_amendment_named_is_the_one_the_shared_text_names(shared_data: Path) -> None:
    """Audit of the 'as last amended by Act No. N of Y' of each law version read from a shared
    e-Gov text (SAA and the Act No. 113 of 2004: Act No. 80 of 2007, promulgated 2007-06-08;
    Ship Inspection Act: Act No. 118 of 2006; SDF Act: Act No. 69 of 2014): the number, year and,
    where the text_version gives it, the promulgation date are those of the file's 最終改正 line
    (the reader saw 'Act No. 80 of 2007' with no date or name before)."""
    seen = 0
    for v in ruleset().laws.values():
        m = _LAST_AMENDED.search(v.law.text_version)
        if not v.law.statute_text or not m:
            continue
        text = (shared_data / "law" / "statutes" / v.law.statute_text).read_text(encoding="utf-8")
        number, year, promulgated = _last_amendment(text)
        assert (int(m[1]), int(m[2])) == (number, year), (v.law.key, m[0])
        if m[3]:
            assert dt.date.fromisoformat(m[3]) == promulgated, (v.law.key, m[0])
        seen += 1
    assert seen >= 4
    saa = ruleset().laws["saa-1999"].law.text_version
    assert "Act No. 80 of 2007 (" in saa and "promulgated 2007-06-08" in saa
