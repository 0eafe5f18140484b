"""Alliance membership over time (NATO; the United States and its treaty allies in Asia).

The dates are package data (``anpo/burden/data/alliances.toml``), typed in from NATO's list of
member countries (https://www.nato.int/cps/en/natohq/topics_52044.htm) and the U.S. Department of
State's "U.S. Collective Defense Arrangements" and *Treaties in Force*, with the source of each
date next to it. Codes are Correlates of War state codes (State System Membership v2016). It is
the one place these memberships are typed in: the roles' validation codings take NATO and the
U.S. Asia-Pacific treaties from it (:meth:`Alliance.pact_spells`,
:func:`anpo.relations.validate.load_codings`).

As of: the dates were read from their sources in 2024 (:data:`AS_OF_YEAR`); the members of a
later year are the last recorded list carried forward, which :func:`members` and
:func:`membership_panel` say (a :class:`~anpo.errors.DataWarning` and ``attrs["note"]``).

Year rule: a state is a member in year ``Y`` when its obligation was in force on at least one day
of ``Y`` (``rule="any"``, the convention of alliance-year data such as ATOP), or on 31 December of
``Y`` (``rule="year_end"``).
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any, Literal

import pandas as pd
from pydantic import ConfigDict, model_validator

from anpo._checks import whole_number, year_list
from anpo._io.inputs import NoCoercedNumbers, parse_toml
from anpo.errors import BurdenError, DataWarning

__all__ = [
    "ALIASES",
    "AS_OF_YEAR",
    "Alliance",
    "Member",
    "alliance",
    "alliances",
    "members",
    "membership_panel",
]

Rule = Literal["any", "year_end"]

#: Accepted spellings of the alliance keys.
ALIASES: dict[str, str] = {
    "nato": "nato",
    "us_asia": "us_asia",
    "us-asia": "us_asia",
    "asia": "us_asia",
    "us-asian-allies": "us_asia",
    "us_asian_allies": "us_asia",
}


#: The year the packaged dates were read from their sources: the U.S. Department of State's
#: "U.S. Collective Defense Arrangements" as of 2024 [state-cda2024] and NATO's member list (its
#: last accession recorded: Sweden, 7 March 2024). A later year's members are this list carried
#: forward: accessions or exits after it are not known to the table.
AS_OF_YEAR = 2024


def _years_text(years: list[int]) -> str:
    """Sorted distinct years as text: a run as ``1947-1948``, else listed (five at most)."""
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}-{years[-1]}"
    return ", ".join(str(y) for y in years[:5]) + (", ..." if len(years) > 5 else "")


def _carried_forward(al: Alliance, years: list[int]) -> str | None:
    """The note for the ``years`` after :data:`AS_OF_YEAR` (their members are the last recorded
    list carried forward), or ``None`` when there are none; it is also warned as a
    :class:`~anpo.errors.DataWarning`."""
    later = sorted({y for y in years if y > AS_OF_YEAR})
    if not later:
        return None
    last, _who, event = al.last_change
    note = (
        f"{_years_text(later)} {'is' if len(later) == 1 else 'are'} after {AS_OF_YEAR}, when "
        f"the packaged {al.name} membership list was read from its sources: the members are "
        f"those after the last change it records ({event}, {last.isoformat()}), carried "
        "forward; later accessions or exits are not known"
    )
    warnings.warn(note, DataWarning, stacklevel=3)
    return note


class CcodeSpan(NoCoercedNumbers):
    """A COW code valid over a range of years (inclusive; open when a bound is missing)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    ccode: int
    first: int | None = None
    last: int | None = None
    since: dt.date | None = None
    """The day the state with this code came into being, when within the year before ``first``
    (unified Germany, COW 255, from 3 October 1990 while the burden data count 1990 as West
    Germany's): a membership under the "any day of the year" rule then holds from that year."""


class Member(NoCoercedNumbers):
    """One member's time in an alliance, with its source."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    country: str
    ccode: int | None = None
    ccodes: tuple[CcodeSpan, ...] = ()
    joined: dt.date
    left: dt.date | None = None
    treaty: str | None = None
    pact: str | None = None
    source: str

    @model_validator(mode="after")
    def _check(self) -> Member:
        if (self.ccode is None) == (not self.ccodes):
            raise ValueError(f"{self.country}: give exactly one of ccode or ccodes")
        if self.left is not None and self.left < self.joined:
            raise ValueError(f"{self.country}: left {self.left} before joined {self.joined}")
        return self

    def ccode_in(self, year: int) -> int | None:
        """The COW code of this member in ``year``."""
        if self.ccode is not None:
            return self.ccode
        for span in self.ccodes:
            if (span.first is None or year >= span.first) and (
                span.last is None or year <= span.last
            ):
                return span.ccode
        return None

    def member_in(self, year: int, rule: Rule = "any") -> bool:
        """Whether the obligation was in force in ``year`` under ``rule``."""
        if rule == "any":
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
            return self.joined <= end and (self.left is None or self.left >= start)
        if rule == "year_end":
            day = dt.date(year, 12, 31)
            return self.joined <= day and (self.left is None or self.left >= day)
        raise BurdenError(f"rule must be 'any' or 'year_end'; got {rule!r}", field="rule")


class Alliance(NoCoercedNumbers):
    """An alliance: name, treaty, leader, sources and members over time."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str
    name: str
    treaty: str
    leader: str
    pact: str | None = None
    sources: tuple[str, ...]
    notes: tuple[str, ...] = ()
    members: tuple[Member, ...]

    @model_validator(mode="after")
    def _unique(self) -> Alliance:
        names = [m.country for m in self.members]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.key}: a country is listed twice")
        return self

    @property
    def first_year(self) -> int:
        return min(m.joined.year for m in self.members)

    @property
    def last_change(self) -> tuple[dt.date, str, str]:
        """The latest accession or exit the table records: its date, the member's name and the
        event in words ("Sweden's accession"; "the end of New Zealand's obligation", where the
        table's ``left`` date is when the obligation stopped being in force, as ANZUS's to New
        Zealand in 1986, which was no withdrawal by New Zealand): the membership of any later
        date is this one's (the table knows no later change)."""
        events = [(m.joined, m.country, f"{m.country}'s accession") for m in self.members]
        events += [
            (m.left, m.country, f"the end of {m.country}'s obligation")
            for m in self.members
            if m.left is not None
        ]
        return max(events)

    def pact_spells(self) -> list[dict[str, Any]]:
        """The members other than the leader as treaty-membership spells in years: ``pact``
        (the member's, else the alliance's), ``ccode``, ``state``, ``start``, ``end`` (absent
        while in force), ``note``; one spell per COW code, a year counting when the obligation
        was in force on at least one day of it (the convention of ATOP dyad-years and of the
        roles' validation codings, :func:`anpo.relations.validate.load_codings`)."""
        founding = min(m.joined for m in self.members)
        out: list[dict[str, Any]] = []
        for m in self.members:
            if m.country == self.leader:
                continue
            pact = m.pact or self.pact
            if pact is None:
                raise BurdenError(f"{self.key}: no pact for {m.country}", field="pact")
            start, end = m.joined.year, None if m.left is None else m.left.year
            note = m.treaty or ("" if m.joined == founding else f"acceded {m.joined}")
            spans = m.ccodes or (CcodeSpan(ccode=int(m.ccode)),)  # type: ignore[arg-type]
            for span in spans:
                lo = start if span.first is None else max(start, span.first)
                if span.since is not None:
                    lo = max(start, min(lo, span.since.year))
                hi = span.last if end is None else end if span.last is None else min(end, span.last)
                if hi is not None and hi < lo:
                    continue
                spell: dict[str, Any] = {"pact": pact, "ccode": span.ccode, "state": m.country}
                spell["start"] = lo
                if hi is not None:
                    spell["end"] = hi
                since = f"COW {span.ccode} from {span.since}" if span.since else ""
                spell["note"] = "; ".join(x for x in (note, since) if x)
                out.append(spell)
        return out


@cache
def alliances() -> dict[str, Alliance]:
    """All alliances shipped with anpo, keyed by ``nato`` / ``us_asia``: dates from NATO's member
    list and the U.S. collective defense arrangements [state-cda2024], each with its source."""
    text = resources.files("anpo.burden").joinpath("data/alliances.toml").read_text("utf-8")
    doc = parse_toml(text, "anpo/burden/data/alliances.toml", BurdenError)
    return {
        key: doc.validate(Alliance, BurdenError, {"key": key, **body}, at=("alliances", key))
        for key, body in doc.data["alliances"].items()
    }


def known_alliances_text() -> str:
    """The packaged alliances' keys, then their other spellings, for a message (a spelling with
    ``_`` whose ``-`` twin is listed is left out: both are accepted, one is shown).

    >>> known_alliances_text()
    'nato, us_asia (also asia, us-asia, us-asian-allies)'
    """
    keys = sorted(set(ALIASES.values()))
    others = sorted(
        a for a in ALIASES if a not in keys and not ("_" in a and a.replace("_", "-") in ALIASES)
    )
    return ", ".join(keys) + (f" (also {', '.join(others)})" if others else "")


def alliance(name: str | Alliance) -> Alliance:
    """An alliance: one given as a value (an :class:`Alliance` of one's own, e.g. NATO with
    other accession dates) is returned as is; a name is looked up among the packaged ones by key
    or alias (``nato``, ``us_asia``, ``asia`` ...)."""
    if isinstance(name, Alliance):
        return name
    key = ALIASES.get(str(name).strip().lower().replace(" ", "_"))
    if key is None:
        raise BurdenError(
            f"unknown alliance {name!r}; known: {known_alliances_text()}",
            field="alliance",
        )
    return alliances()[key]


def members(name: str | Alliance, year: int, rule: Rule = "any") -> pd.DataFrame:
    """Members of alliance ``name`` (a packaged alliance's name, or an :class:`Alliance`) in
    ``year``: ``country, ccode, joined, left, treaty, source`` (each row's source; for the
    packaged alliances NATO's member list and [state-cda2024]).

    Raises :class:`~anpo.errors.BurdenError` for a year before the alliance existed. A year
    after :data:`AS_OF_YEAR` gets the last recorded list, with a
    :class:`~anpo.errors.DataWarning` saying so (also in ``attrs["note"]``).
    """
    al = alliance(name)
    year = whole_number(year, "year", error=BurdenError)  # int(): 1960.5 was read as 1960
    if year < al.first_year:
        # a member counts from the day its treaty entered into force, not from its signature:
        # the U.S.-Japan Security Treaty, signed in 1951, is in force from 28 April 1952
        raise BurdenError(
            f"{al.name} did not exist in {year}: no treaty of it was in force before "
            f"{al.first_year} (membership counts from entry into force, not signature)",
            field="year",
        )
    rows = [
        {
            "country": m.country,
            "ccode": m.ccode_in(year),
            "joined": m.joined,
            "left": m.left,
            "treaty": m.treaty or al.treaty,
            "source": m.source,
        }
        for m in al.members
        if m.member_in(year, rule)
    ]
    frame = pd.DataFrame(rows, columns=["country", "ccode", "joined", "left", "treaty", "source"])
    frame["ccode"] = frame["ccode"].astype("Int64")
    frame.attrs["note"] = _carried_forward(al, [year])
    return frame


def membership_panel(
    name: str | Alliance, years: Iterable[int], rule: Rule = "any"
) -> pd.DataFrame:
    """Alliance-year membership: one row per ``(year, country)`` with ``ccode`` (``name``: a
    packaged alliance's name, or an :class:`Alliance`; the packaged dates: NATO's member list
    and [state-cda2024]). The year rule ``any`` is ATOP's convention [leeds2002].

    ``years``: whole numbers (a list, a range, a single year; :func:`anpo._checks.year_list`),
    else a :class:`~anpo.errors.BurdenError` on ``years`` (NaN was a bare ValueError, 1960.5
    was read as 1960, '1990' as 1990). Years before the alliance's first treaty was in force
    have no rows (``range(1947, 1951)`` gives NATO's 1949 and 1950; ``attrs["before"]`` lists
    them); when every year asked is before it, a BurdenError, as :func:`members` says. Years
    after :data:`AS_OF_YEAR` get the last recorded list, with a
    :class:`~anpo.errors.DataWarning` saying so (also in ``attrs["note"]``; ``None`` when none).
    """
    al = alliance(name)
    wanted = year_list(years, error=BurdenError)
    before = sorted({y for y in wanted if y < al.first_year})
    if wanted and len(before) == len(set(wanted)):
        raise BurdenError(
            f"{al.name} did not exist in {_years_text(before)}: no treaty of it was in force before "
            f"{al.first_year} (membership counts from entry into force, not signature)",
            field="years",
        )
    rows = [
        {"alliance": al.key, "year": y, "country": m.country, "ccode": m.ccode_in(y)}
        for y in wanted
        for m in al.members
        if y >= al.first_year and m.member_in(y, rule)
    ]
    frame = pd.DataFrame(rows, columns=["alliance", "year", "country", "ccode"])
    frame["ccode"] = frame["ccode"].astype("Int64")
    frame.attrs["before"] = before
    frame.attrs["note"] = _carried_forward(al, wanted)
    return frame
