"""Country names for readers, from Correlates of War (COW) state codes.

The table (``state_names.csv`` beside this module) gives, for each of the 217 states of the COW
State System Membership list v2016 [cow2017], its numeric code, three-letter abbreviation and the
name a reader expects, typed in by hand: the list's own name, or a short reader's name where that
is not the one a reader expects ("United States" for "United States of America", "West Germany"
for "German Federal Republic"; the list's spelling is kept beside it). A test compares it with the
official file when the shared reference data are present.

Use :func:`country_name` wherever a reader sees a state; keep the codes only in downloadable data.

The one rule for a state's name (:func:`country_name`): the name the state bore in the year the
output is about where COW keeps one code across a change of name (:data:`PERIOD_NAMES`: 365 is
the Soviet Union in 1923-1991, Russia before and after), else the reader's name of the table
(the same for every year: "West Germany" for 260, "Germany" for 255), else, for a code the table
does not know (a user's own state list), the name the data give. A row or figure that spans
years names the state by every name it bore in them (:func:`country_name_over`: "Soviet Union /
Russia"). The data's own name column (COW's ``statenme``) is kept as the data give it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd


@dataclass(frozen=True)
class State:
    """One state of the COW list."""

    ccode: int
    abbrev: str
    cow_name: str
    name: str


@cache
def cow_states() -> tuple[State, ...]:
    """Every state of the COW list v2016, in code order."""
    text = resources.files("anpo.report").joinpath("state_names.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return tuple(
        State(int(r["ccode"]), r["stateabb"], r["cow_name"] or r["name"], r["name"]) for r in rows
    )


@cache
def _index() -> dict[int | str, State]:
    out: dict[int | str, State] = {}
    for st in cow_states():
        out[st.ccode] = st
        out[st.abbrev] = st
    return out


def lookup(code: int | str) -> State | None:
    """The state with COW code ``code`` (number, numeric text or abbreviation), or None."""
    idx = _index()
    if isinstance(code, str):
        key = code.strip()
        if key.isdigit():
            return idx.get(int(key))
        return idx.get(key.upper())
    try:
        return idx.get(int(code))
    except (TypeError, ValueError):
        return None


#: Names of a COW code in the years when the state bore another name than the list's (first
#: year, last year, name; years by the greater part of the year). COW keeps one code and one name
#: across these changes: 365 is "Russia" from 1816 to 2016, 345 "Yugoslavia" from 1878.
#: Sources: the dates of the states' constitutions and dissolutions (the USSR from the treaty of
#: 30 December 1922 to 26 December 1991; the Kingdom of the Serbs, Croats and Slovenes from
#: 1 December 1918; Serbia and Montenegro, 4 February 2003 to 5 June 2006; the abolition of the
#: Ottoman sultanate, 1 November 1922; the German Empire, 18 January 1871; the Austro-Hungarian
#: Compromise of 1867; the Vietnamese reunification, 2 July 1976).
PERIOD_NAMES: dict[int, tuple[tuple[int, int, str], ...]] = {
    255: ((1816, 1870, "Prussia"),),
    300: ((1816, 1866, "Austria"),),
    345: ((1816, 1918, "Serbia"), (2003, 2005, "Serbia and Montenegro"), (2006, 9999, "Serbia")),
    365: ((1923, 1991, "Soviet Union"),),
    640: ((1816, 1922, "Ottoman Empire"),),
    816: ((1954, 1975, "North Vietnam"),),
}


def period_name(code: int | str, year: int | None) -> str | None:
    """The name state ``code`` bore in ``year`` when it differs from its COW name
    (:data:`PERIOD_NAMES`), else None.

    >>> period_name(365, 1950), period_name(345, 1914), period_name(365, 2001)
    ('Soviet Union', 'Serbia', None)
    """
    st = lookup(code)
    if st is None or year is None:
        return None
    for lo, hi, name in PERIOD_NAMES.get(st.ccode, ()):
        if lo <= int(year) <= hi:
            return name
    return None


def with_article(name: str) -> str:
    """``name`` with the article a sentence needs inside it ("the United States", "the
    Philippines", "the Russian Federation"; "China", "Japan" as they are).

    >>> with_article("United States"), with_article("Philippines"), with_article("China")
    ('the United States', 'the Philippines', 'China')
    >>> with_article("the United States")
    'the United States'
    >>> with_article("Czech Republic"), with_article("Marshall Islands")
    ('the Czech Republic', 'the Marshall Islands')
    """
    plural = {"Philippines", "Netherlands", "Bahamas", "Comoros", "Maldives", "Seychelles"}
    if (
        name.startswith(("United ", "Republic ", "Russian ", "Democratic "))
        or name.endswith((" Republic", " Islands"))
        or name in plural
    ):
        return "the " + name
    return name


def country_name(code: int | str, year: int | None = None, *, listed: str | None = None) -> str:
    """A reader's name for a COW state code or abbreviation, as of ``year``: the one rule of
    this module (see its docstring). With ``year``, the name the state bore then where COW keeps
    one name across a change (:func:`period_name`: the Soviet Union in 1950, Serbia in 1914);
    else the table's reader's name. A code the table does not know is named ``listed`` (the
    name its data give, e.g. a user's state list's ``statenme``), else returned as given.

    >>> country_name(740), country_name("TAW"), country_name("2"), country_name("DRV")
    ('Japan', 'Taiwan', 'United States', 'Vietnam')
    >>> country_name("XYZ"), country_name(9999, 2001, listed="Xland")
    ('XYZ', 'Xland')
    >>> country_name(365, 1970), country_name(365, 1992), country_name("DRV", 1965)
    ('Soviet Union', 'Russia', 'North Vietnam')
    >>> country_name(260, 1970, listed="German Federal Republic")
    'West Germany'
    """
    st = lookup(code)
    if st is None:
        return listed.strip() if isinstance(listed, str) and listed.strip() else str(code)
    return period_name(st.ccode, year) or st.name


def row_names(frame: pd.DataFrame) -> list[str]:
    """Each row of a state-year ``frame`` (columns ``ccode``, ``year``, ``statenme``) named
    as in its year by :func:`country_name`, the list's ``statenme`` for a code the package
    does not know: the names ``anpo roles``, the roles report and the roles' evidence print.

    >>> row_names(pd.DataFrame({"ccode": [365, 365], "year": [1990, 1992],
    ...                         "statenme": ["Russia", "Russia"]}))
    ['Soviet Union', 'Russia']

    A ``frame`` that is no DataFrame, or has rows but lacks one of those columns: an
    :class:`~anpo.errors.InputError` naming it (a bare ``KeyError: 'ccode'`` before); no rows,
    no names.
    """
    from anpo._checks import table

    cols = ("ccode", "year", "statenme")
    table("frame", frame, what="a state-year table", columns=cols, columns_if_rows=True)
    if frame.empty:
        return []
    return [
        country_name(int(c), int(y), listed=n)
        for c, y, n in zip(frame["ccode"], frame["year"], frame["statenme"], strict=True)
    ]


def country_name_over(code: int | str, years: Iterable[int], *, listed: str | None = None) -> str:
    """The state's name over ``years`` (a row or a figure that spans them): its
    :func:`country_name` in each year, in year order, a change of name joined by " / "; the
    plain name without years.

    >>> country_name_over(365, [1990, 2001, 2016]), country_name_over(365, range(1950, 1971))
    ('Soviet Union / Russia', 'Soviet Union')
    >>> country_name_over(345, [1914, 1950, 2004, 2010])
    'Serbia / Yugoslavia / Serbia and Montenegro / Serbia'
    >>> country_name_over(740, [])
    'Japan'
    """
    names: list[str] = []
    for y in sorted({int(y) for y in years}):
        name = country_name(code, y, listed=listed)
        if not names or names[-1] != name:
            names.append(name)
    return " / ".join(names) if names else country_name(code, listed=listed)


def with_country_names(
    frame: pd.DataFrame, columns: list[str] | None = None, *, keep_codes: bool = False
) -> pd.DataFrame:
    """``frame`` with the COW codes in ``columns`` replaced by country names.

    ``columns`` defaults to the columns whose name mentions a code (``ccode``, ``ccode1``,
    ``state``, ``country``, ``stateabb``). With ``keep_codes`` the codes stay in their column and
    the names go to a new ``<column> name`` column right after it (for downloadable data). A
    frame with a ``year`` column gets each row's name as of its year (:func:`country_name`).
    A ``frame`` that is no DataFrame, or lacks one of ``columns``: an
    :class:`~anpo.errors.InputError` naming it (an AttributeError or a bare ``KeyError``
    before).
    """
    from anpo._checks import table

    table("frame", frame, columns=columns or ())
    if columns is None:
        columns = [
            c
            for c in frame.columns
            if re.search(r"ccode|stateabb|^state\d?$|^country\d?$", str(c), re.I)
        ]
    out = frame.copy()
    years = out["year"].tolist() if "year" in out.columns else [None] * len(out)
    for col in columns:
        names = [
            country_name(v, None if pd.isna(y) else int(y)) if pd.notna(v) else v
            for v, y in zip(out[col].tolist(), years, strict=True)
        ]
        if keep_codes:
            out.insert(list(out.columns).index(col) + 1, f"{col} name", names)
        else:
            out[col] = names
    return out
