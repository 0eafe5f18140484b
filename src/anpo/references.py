"""The bibliography: one file of references with citation keys, and ways to cite them.

Every source anpo relies on (papers, books, data sets and their codebooks, statutes, government
reports) is one entry of ``anpo/references.toml``, under a citation key in author-year style:
the first author's surname in lower-case ASCII, the year, and a letter when one author has two
entries for a year (``wilkening1999``, ``olson1966``, ``axelrod1993``); an institution or a
statute gets a short name instead of a surname (``mod-japan2007``, ``saa1999``).

**Citation convention.** Docstrings, comments, report sources and test docstrings cite a source
by its key in square brackets: ``[wilkening1999]``; several keys are separated by semicolons
(``[olson1966; sandler2000]``) and a locator follows a comma (``[sandler2000, Table 9]``). The
test suite checks that every key cited anywhere in ``src/`` and ``tests/`` is in the file and
that every entry is cited somewhere; the documentation turns each citation into a link to the
bibliography page, which is generated from the same file.

>>> from anpo.references import cite, label
>>> label("olson1966")
'Olson & Zeckhauser 1966'
>>> cite("olson1966")  # doctest: +ELLIPSIS
'Olson, M. & Zeckhauser, R. (1966). An Economic Theory of Alliances. The Review of Economics and Statistics 48(3): 266-279...'
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from anpo._checks import as_path
from anpo.errors import AnpoError

__all__ = [
    "CITATION_RE",
    "CITE_CALL_RE",
    "KEY_RE",
    "KINDS",
    "Reference",
    "UnknownReferenceError",
    "BibliographyError",
    "cite",
    "cited_keys",
    "format_reference",
    "keys_in",
    "label",
    "load_references",
    "reference",
    "references",
]

#: A citation key: lower-case letters, digits and hyphens, ending in a four-digit year and an
#: optional disambiguating letter.
KEY_PATTERN = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*?(?:1[5-9]|20)[0-9]{2}[a-z]?"
KEY_RE = re.compile(rf"^{KEY_PATTERN}$")

#: A citation in text: ``[key]``, ``[key1; key2]`` or ``[key, locator]`` (the locator may wrap
#: onto the next line). Not preceded by a word character, a closing bracket or a single quote
#: (so ``frame[col2001]`` and ``'[x2001]'`` are not citations); a bracket alone on its line is a
#: TOML table header, not a citation (see :func:`keys_in`).
CITATION_RE = re.compile(
    rf"(?<![\w\]\)'])\[(?P<keys>{KEY_PATTERN}(?:; *{KEY_PATTERN})*)"
    r"(?:, *(?P<locator>[^\[\]]{1,200}?))?\]"
)

#: A call of :func:`cite` with a literal key, which cites the key too: ``cite("wilkening1999")``.
CITE_CALL_RE = re.compile(rf"\bcite\(\s*[\"'](?P<key>{KEY_PATTERN})[\"']")

#: The kinds of reference the file may hold.
KINDS = (
    "article",
    "book",
    "chapter",
    "report",
    "dataset",
    "statute",
    "document",
    "web",
    "software",
    "press",
)

_FIELDS = {
    "type",
    "authors",
    "editors",
    "year",
    "title",
    "title_ja",
    "journal",
    "booktitle",
    "publisher",
    "place",
    "volume",
    "issue",
    "pages",
    "edition",
    "number",
    "series",
    "version",
    "date",
    "short",
    "url",
    "doi",
    "note",
}


class BibliographyError(AnpoError):
    """A references file that cannot be read or does not validate."""


class UnknownReferenceError(BibliographyError, KeyError):
    """A citation key that is not in the bibliography."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return self.one_line()


@dataclass(frozen=True)
class Reference:
    """One entry of the bibliography.

    ``authors`` (or ``editors``) are written "Surname, Given names" or as an institution's name;
    ``year`` is the year of publication (of the version used, for a data set). ``journal`` holds
    the journal or newspaper, ``booktitle`` the book a chapter appears in, ``number`` a report or
    statute number, ``version`` a data set's version. ``title_ja`` keeps a Japanese title beside
    its English one; ``short`` names the entry in its label when its author is an institution
    or a state (``Defense of Japan``, ``Surrounding Areas Act``).
    """

    key: str
    type: str
    title: str
    year: int
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    title_ja: str = ""
    journal: str = ""
    booktitle: str = ""
    publisher: str = ""
    place: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    edition: str = ""
    number: str = ""
    series: str = ""
    version: str = ""
    date: str = ""
    short: str = ""
    url: str = ""
    doi: str = ""
    note: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """Short author-year label: ``Wilkening 1999``, ``Olson & Zeckhauser 1966``,
        ``Leeds et al. 2002``; an entry with a ``short`` name (a statute, a white paper) uses it:
        ``Surrounding Areas Act 1999``."""
        names = [_surname(a) for a in (self.authors or self.editors)]
        if self.short:
            who = self.short
        elif not names:
            who = _short_title(self.title)
        elif len(names) == 1:
            who = names[0]
        elif len(names) == 2:
            who = f"{names[0]} & {names[1]}"
        else:
            who = f"{names[0]} et al."
        return f"{who} {self.year}"


def _surname(name: str) -> str:
    """``"Wilkening, Dean A."`` -> ``"Wilkening"``; an institution stays whole."""
    return name.split(",", 1)[0].strip() if "," in name else name.strip()


def _short_title(title: str) -> str:
    words = title.split()
    return " ".join(words[:4]) + ("..." if len(words) > 4 else "")


def _initials(given: str) -> str:
    """``"Dean A."`` -> ``"D. A."``; ``"Jean-Pierre"`` -> ``"J.-P."``."""
    out = []
    for word in given.replace(".", ". ").split():
        parts = [p for p in word.split("-") if p]
        out.append("-".join(p[0] + "." for p in parts))
    return " ".join(out)


def _person(name: str) -> str:
    if "," not in name:
        return name.strip()
    surname, given = (s.strip() for s in name.split(",", 1))
    return f"{surname}, {_initials(given)}" if given else surname


def _names(names: Iterable[str]) -> str:
    people = [_person(n) for n in names]
    if len(people) <= 2:
        return " & ".join(people)
    return ", ".join(people[:-1]) + " & " + people[-1]


def format_reference(ref: Reference, markup: Literal["text", "markdown"] = "text") -> str:
    """The full reference as one line: authors (year). Title. Container, details. Identifiers.

    ``markup="markdown"`` italicises the title of a book or journal and links the DOI or URL;
    ``"text"`` is plain (for the report, which escapes its text, and for terminals).
    """

    def it(s: str) -> str:
        return f"*{s}*" if markup == "markdown" and s else s

    who = _names(ref.authors) if ref.authors else ""
    if not who and ref.editors:
        who = _names(ref.editors) + (" (eds.)" if len(ref.editors) > 1 else " (ed.)")
    title = ref.title.rstrip(".")
    if ref.title_ja:
        title = f"{title} ({ref.title_ja})"
    standalone = ref.type in {"book", "report", "dataset", "software", "statute", "document"}
    parts = [f"{who} ({ref.year})." if who else f"{ref.year}."]
    parts.append((it(title) if standalone else title) + ".")
    if ref.type == "chapter" and ref.booktitle:
        eds = (
            f"{_names(ref.editors)} (ed{'s' if len(ref.editors) > 1 else ''}.), "
            if ref.editors
            else ""
        )
        parts.append(
            f"In {eds}{it(ref.booktitle)}" + (f", pp. {ref.pages}" if ref.pages else "") + "."
        )
    elif ref.journal:
        vol = ref.volume + (f"({ref.issue})" if ref.issue else "")
        loc = f" {vol}" if vol else ""
        pages = f": {ref.pages}" if ref.pages else ""
        date = f", {ref.date}" if ref.date and not vol else ""
        parts.append(f"{it(ref.journal)}{loc}{pages}{date}.")
    extra = [
        s
        for s in (
            ref.series,
            ref.number,
            f"version {ref.version}" if ref.version else "",
            f"{ref.edition} edition" if ref.edition else "",
            ref.date if ref.date and not ref.journal else "",
        )
        if s
    ]
    if extra:
        from anpo.report.format import upper_first

        parts.append(upper_first(", ".join(extra)) + ".")
    pub = ", ".join(s for s in (ref.place, ref.publisher) if s)
    if pub:
        parts.append(pub + ".")
    if ref.pages and ref.type not in {"article", "chapter", "press"}:
        parts.append(f"pp. {ref.pages}.")
    if ref.note:
        parts.append(ref.note.rstrip(".") + ".")
    if ref.doi:
        parts.append(
            f"[doi:{ref.doi}](https://doi.org/{ref.doi})"
            if markup == "markdown"
            else f"doi:{ref.doi}"
        )
    elif ref.url:
        parts.append(f"<{ref.url}>" if markup == "markdown" else ref.url)
    return " ".join(parts)


def _validate(key: str, entry: Any, path: str, locs: dict[tuple[Any, ...], int]) -> Reference:
    from anpo._toml import line_for

    def fail(message: str, fld: str | None = None) -> BibliographyError:
        where = (key, fld) if fld else (key,)
        return BibliographyError(
            message, file=path, line=line_for(locs, where), field=f"{key}.{fld}" if fld else key
        )

    if not KEY_RE.match(key):
        raise fail(
            "a citation key is the first author's surname (or a short name) in lower case, "
            "then the year: e.g. wilkening1999"
        )
    if not isinstance(entry, dict):
        raise fail("each reference is a table")
    unknown = sorted(set(entry) - _FIELDS)
    if unknown:
        raise fail(f"unknown field (known: {', '.join(sorted(_FIELDS))})", unknown[0])
    kind = entry.get("type")
    if kind not in KINDS:
        raise fail(f"type must be one of {', '.join(KINDS)}", "type")
    year = entry.get("year")
    if not isinstance(year, int) or not 1500 <= year <= 2100:
        raise fail("year must be a four-digit integer", "year")
    if not key.rstrip("abcdefghijklmnopqrstuvwxyz").endswith(str(year)):
        raise fail(f"the key's year differs from the entry's year {year}", "year")
    title = entry.get("title")
    if not isinstance(title, str) or not title.strip():
        raise fail("every reference has a title", "title")
    people: dict[str, tuple[str, ...]] = {}
    for fld in ("authors", "editors"):
        value = entry.get(fld, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise fail("a list of names ('Surname, Given names' or an institution)", fld)
        people[fld] = tuple(value)
    if not people["authors"] and not people["editors"]:
        raise fail("every reference has authors (or editors)", "authors")
    text: dict[str, Any] = {}  # the string fields (not extra): str values only, checked below
    for fld in _FIELDS - {"type", "authors", "editors", "year", "title"}:
        value = entry.get(fld, "")
        if isinstance(value, int) and fld in {"volume", "issue", "number", "edition"}:
            value = str(value)
        if not isinstance(value, str):
            raise fail("must be a string", fld)
        text[fld] = value
    return Reference(
        key=key,
        type=kind,
        title=title.strip(),
        year=year,
        authors=people["authors"],
        editors=people["editors"],
        **text,
    )


def load_references(path: str | Path | None = None) -> dict[str, Reference]:
    """Read and validate a references file (default: the packaged ``anpo/references.toml``).

    Raises :class:`BibliographyError` naming the file, line and field of a bad entry, or naming
    ``path`` when it is no file path (a dict, an int) or is empty.
    """
    from anpo._toml import toml_locations

    if path is None:
        text = resources.files("anpo").joinpath("references.toml").read_text("utf-8")
        name = "anpo/references.toml"
    else:
        try:
            text = as_path(path, "path", error=BibliographyError).read_text("utf-8")
        except OSError as exc:
            raise BibliographyError(f"cannot read: {exc.strerror}", file=path) from None
        name = str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise BibliographyError(
            f"not valid TOML: {exc}", file=name, line=int(m.group(1)) if m else None
        ) from None
    locs = toml_locations(text)
    return {key: _validate(key, entry, name, locs) for key, entry in data.items()}


@lru_cache(maxsize=1)
def references() -> dict[str, Reference]:
    """The packaged bibliography, read once."""
    return load_references()


def reference(key: str) -> Reference:
    """The entry for ``key``; :class:`UnknownReferenceError` names close keys when it is absent."""
    refs = references()
    try:
        return refs[key]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(key, list(refs), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UnknownReferenceError(
            f"no reference with key {key!r} in the bibliography{hint}", field="key"
        ) from None


def cite(key: str, markup: Literal["text", "markdown"] = "text") -> str:
    """The full reference for a citation key, as one line of text.

    Report providers list their sources with it (``sources=[cite("wilkening1999"), ...]``).
    Source of the key convention and file: this module's docstring.
    """
    return format_reference(reference(key), markup)


def label(key: str) -> str:
    """The short author-year label for a key: ``label("olson1966") == "Olson & Zeckhauser 1966"``."""
    return reference(key).label


def labels_in_text(text: str) -> str:
    """``text`` with each citation ``[key]`` (``[k1; k2]``, ``[key, locator]``) written as its
    author-year labels in parentheses, for a reader: a figure's measure read '[wilkening1999;
    kent1989]', the keys of this module's convention. A bracket whose keys are not all in the
    bibliography is left as written.

    >>> labels_in_text("cost [kent1989, App. C]; P [olson1966; sandler2000].")
    'cost (Kent & Thaler 1989, App. C); P (Olson & Zeckhauser 1966; Sandler & Murdoch 2000).'
    """

    def words(m: re.Match[str]) -> str:
        keys = [k.strip() for k in m.group("keys").split(";")]
        if not all(k in references() for k in keys):
            return m.group(0)
        loc = m.group("locator")
        return "(" + "; ".join(label(k) for k in keys) + (f", {loc}" if loc else "") + ")"

    return CITATION_RE.sub(words, text)


def keys_in(text: str) -> list[str]:
    """The citation keys cited in ``text`` (``[key]``, ``[k1; k2]``, ``[key, locator]``), in order.

    >>> keys_in("after [wilkening1999, eq. 3] and [olson1966; sandler2000]; not x[y2001]")
    ['wilkening1999', 'olson1966', 'sandler2000']
    """
    out: list[str] = []
    for m in CITATION_RE.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        if text[start : end if end >= 0 else len(text)].strip() == m.group(0):
            continue  # a TOML table header such as [asset-protection-2016]
        out.extend(k.strip() for k in m.group("keys").split(";"))
    return out


def cited_keys(text: str) -> list[str]:
    """:func:`keys_in` plus the keys of ``cite("key")`` calls: every key ``text`` cites."""
    return list(
        dict.fromkeys(keys_in(text) + [m.group("key") for m in CITE_CALL_RE.finditer(text)])
    )


def ascii_surname(name: str) -> str:
    """The key stem for a surname: lower-case ASCII letters only (``"Häge"`` -> ``"hage"``)."""
    plain = unicodedata.normalize("NFKD", _surname(name)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", plain.lower())
