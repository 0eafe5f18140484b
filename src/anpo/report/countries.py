"""Country names for readers, from Correlates of War (COW) state codes.

The table (``state_names.csv`` beside this module) gives, for each of the 217 states of the COW
State System Membership list v2016 [cow2017], its numeric code, three-letter abbreviation and the
name a reader expects, typed in by hand: the list's own name, or a short reader's name where that
is not the one a reader expects ("United States" for "United States of America", "West Germany"
for "German Federal Republic"; the list's spelling is kept beside it). A test compares it with the
official file when the shared reference data are present.

Use :func:`country_name` wherever a reader sees a state; keep the codes only in downloadable data.
"""

from __future__ import annotations

import csv
import re
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


def country_name(code: int | str) -> str:
    """A reader's name for a COW state code or abbreviation; unknown codes are returned as given.

    >>> country_name(740), country_name("TAW"), country_name("2"), country_name("DRV")
    ('Japan', 'Taiwan', 'United States', 'Vietnam')
    >>> country_name("XYZ")
    'XYZ'
    """
    st = lookup(code)
    return st.name if st is not None else str(code)


def with_country_names(
    frame: pd.DataFrame, columns: list[str] | None = None, *, keep_codes: bool = False
) -> pd.DataFrame:
    """``frame`` with the COW codes in ``columns`` replaced by country names.

    ``columns`` defaults to the columns whose name mentions a code (``ccode``, ``ccode1``,
    ``state``, ``country``, ``stateabb``). With ``keep_codes`` the codes stay in their column and
    the names go to a new ``<column> name`` column right after it (for downloadable data).
    """
    if columns is None:
        columns = [
            c
            for c in frame.columns
            if re.search(r"ccode|stateabb|^state\d?$|^country\d?$", str(c), re.I)
        ]
    out = frame.copy()
    for col in columns:
        names = [country_name(v) if pd.notna(v) else v for v in out[col].tolist()]
        if keep_codes:
            out.insert(list(out.columns).index(col) + 1, f"{col} name", names)
        else:
            out[col] = names
    return out
