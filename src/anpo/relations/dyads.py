"""State-years and dyad-years from state-system membership, and joins of dataset variables.

A directed dyad-year exists for every ordered pair of states that were both system members in
the year, minus the *false dyads*: pairs that were both members in the year but never at the same
time (one left before the other entered). This follows EUGene ([bennett2000], "EUGene: A
Conceptual Manual", *International Interactions* 26(2): 179-204) and peacesciencer's
``create_dyadyears()`` ([miller2022], "peacesciencer: An R Package for Quantitative Peace Science
Research", *Conflict Management and Peace Science* 39(6): 755-779).

Joins (``add_*``) return a copy with new columns; on Gleditsch-Ward dyad-years the state codes
are translated to COW codes for the look-ups (:func:`gw_to_cow`). Inside a dataset's coverage (its first to last
year) an absent dyad-year means "none" (0); outside the coverage the value is missing (<NA>),
never 0. A frame or dataset that is not a pandas DataFrame, or lacks a column a join reads, is
an :class:`~anpo.errors.InputError` naming it (the dataset's argument, or the key column missing).

Everything is vectorised: pairs are generated per year block with integer arithmetic, and
joins are hash look-ups on packed integer keys (``code * 10_000 + year``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from anpo._checks import (
    column_numbers,
    name_list,
    row_name,
    table,
    truth_value,
    whole_numbers,
    year_list,
)
from anpo.errors import AnpoError, InputError

__all__ = [
    "add_alliances",
    "add_capabilities",
    "add_contiguity",
    "add_cow_alliances",
    "add_democracy",
    "add_disputes",
    "add_ideal_points",
    "add_majors",
    "add_rivalries",
    "dyad_years",
    "false_dyads",
    "focal_dyad_years",
    "GW_MICROSTATES",
    "gw_microstates_note",
    "gw_to_cow",
    "normalise_years",
    "state_years",
    "unmatched_focal_rivalries",
    "unmatched_rivalries",
    "unmatched_rivalries_note",
    "year_coverage",
]

_YEAR_SPAN = 10_000


# --------------------------------------------------------------------------- helpers


def state_system(states: pd.DataFrame) -> tuple[str, str]:
    """(system, code column) of a state list (a dict or a path given for it was an
    AttributeError: "'dict' object has no attribute 'columns'")."""
    table("states", states, what="a state list")
    if "ccode" in states.columns:
        return "cow", "ccode"
    if "gwcode" in states.columns:
        return "gw", "gwcode"
    raise InputError(
        "a state list needs a 'ccode' (COW) or 'gwcode' (Gleditsch-Ward) column", field="states"
    )


def normalise_years(years: int | Iterable[int] | None) -> np.ndarray | None:
    """``None`` (all years), one year, or an iterable of years -> sorted unique int64 array
    (the years read by :func:`anpo._checks.year_list`: a scalar is one year, text is refused)."""
    if years is None:
        return None
    # "2001" was iterated as ['2', '0', '0', '1']; [2000.5] was read as 2000
    arr = np.unique(np.asarray(year_list(years), dtype=np.int64))
    if arr.size == 0:
        raise InputError("no years given", field="years")
    if (arr < 1000).any() or (arr > 2100).any():
        raise InputError("years must lie between 1000 and 2100", field="years")
    return arr


def membership_spells(states: pd.DataFrame, code: str) -> pd.DataFrame:
    """Membership spells with ``start``/``end`` dates (built from year/month/day if needed).

    A state code or a year, month or day that is missing, text or not a whole number, a month
    outside 1-12, a day outside 1-31 or a date that does not exist (31 February), and a
    ``start``/``end`` that is missing or no date, is an :class:`~anpo.errors.InputError` naming
    the column and the row (a missing ``styear`` was pandas' raw ``IntCastingNaNError``, month
    13 its raw "cannot assemble the datetimes", and the code 20.5 was read as 20, where
    :func:`gw_to_cow` refuses it). Checked column by column, vectorised.
    """
    codes = column_numbers(states, code, whole=True, what="a state code")
    if "start" in states.columns and "end" in states.columns:
        start = _date_column(states, "start")
        end = _date_column(states, "end")
    elif {"styear", "endyear"} <= set(states.columns):
        start = _spell_dates(states, ("styear", "stmonth", "stday"), (1, 1))
        end = _spell_dates(states, ("endyear", "endmonth", "endday"), (12, 31))
    else:
        raise InputError("a state list needs start/end dates or styear/endyear columns")
    return pd.DataFrame(
        {
            "code": codes,
            "start": start.to_numpy(dtype="datetime64[ns]").astype("int64"),
            "end": end.to_numpy(dtype="datetime64[ns]").astype("int64"),
            "y0": start.dt.year.to_numpy(dtype="int64"),
            "y1": end.dt.year.to_numpy(dtype="int64"),
        }
    )


def _date_column(states: pd.DataFrame, col: str) -> pd.Series:
    """The ``start`` or ``end`` column of a state list as datetimes, or an
    :class:`~anpo.errors.InputError` naming it and the first row whose date is missing or no
    date (pandas' raw parsing error before)."""
    out = pd.to_datetime(states[col], errors="coerce")
    given = states[col].notna().to_numpy()
    for bad, said in ((~given, "a missing date"), (out.isna().to_numpy() & given, "")):
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise InputError(
                f"must be a date, got {said or repr(states[col].iloc[i])} in {row_name(states, i)}",
                field=col,
            )
    return out


def _spell_dates(
    states: pd.DataFrame, cols: tuple[str, str, str], default: tuple[int, int]
) -> pd.Series:
    """A spell's start or end dates from its year, month and day columns (a month or day
    column left out: ``default``, January 1 or December 31), or an
    :class:`~anpo.errors.InputError` naming the column and the first row at fault: a missing,
    text or fractional value, a month outside 1-12, a day outside 1-31, or a date that does
    not exist (31 February; named by its day column)."""
    y, m, d = cols
    year = column_numbers(states, y, whole=True, what="a year")
    parts = {"year": year}
    for col, name, hi, dflt in ((m, "month", 12, default[0]), (d, "day", 31, default[1])):
        if col not in states.columns:
            parts[name] = np.full(len(states), dflt, dtype="int64")
            continue
        vals = column_numbers(states, col, whole=True, what=f"a {name} (1-{hi})")
        bad = (vals < 1) | (vals > hi)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise InputError(
                f"must be a {name} (1-{hi}), got {vals[i]} in {row_name(states, i)}", field=col
            )
        parts[name] = vals
    out = pd.to_datetime(pd.DataFrame(parts), errors="coerce")
    bad = out.isna().to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        shown = f"{parts['year'][i]}-{parts['month'][i]:02d}-{parts['day'][i]:02d}"
        raise InputError(
            f"the date {shown} ({y}, {m}, {d}) does not exist, in {row_name(states, i)}",
            field=d if d in states.columns else y,
        )
    return out


def _spell_years(states: pd.DataFrame, years: np.ndarray | None) -> tuple[pd.DataFrame, str, str]:
    system, code = state_system(states)
    sp = membership_spells(states, code)
    n = (sp["y1"] - sp["y0"] + 1).to_numpy()
    if (n <= 0).any():
        raise InputError("a membership spell ends before it starts", field="end")
    rep = np.repeat(np.arange(len(sp)), n)
    year = sp["y0"].to_numpy()[rep] + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    out = pd.DataFrame(
        {
            "code": sp["code"].to_numpy()[rep],
            "year": year,
            "start": sp["start"].to_numpy()[rep],
            "end": sp["end"].to_numpy()[rep],
        }
    )
    if years is not None:
        out = out[np.isin(out["year"].to_numpy(), years)]
    out = out.sort_values(["year", "code", "start"], kind="stable").reset_index(drop=True)
    return out, system, code


def coverage_years(states: pd.DataFrame) -> tuple[int, int]:
    """The first and last year a state list covers: its ``coverage`` (the loaders record it),
    else its members' first and last years (read as :func:`membership_spells` reads them: a
    year that is missing, text or fractional is an :class:`~anpo.errors.InputError` naming the
    column and row, where a text year among numbers was Python's raw "'<=' not supported")."""
    cov = states.attrs.get("coverage")
    if cov:
        return int(cov[0]), int(cov[1])
    first = column_numbers(states, "styear", whole=True, what="a year")
    last = column_numbers(states, "endyear", whole=True, what="a year")
    return int(first.min()), int(last.max())


#: The Gleditsch-Ward microstates: the states of Gleditsch and Ward's separate list of
#: microstates [gleditsch1999] (ksgleditsch.com/data/microstates.txt; its 2020 update as the R
#: package isard's ``gw_system`` holds them, ``microstate == 1``, which peacesciencer's
#: ``create_dyadyears(system = "gw")`` reads): Dominica 54, Grenada 55, Saint Lucia 56, Saint
#: Vincent 57, Antigua & Barbuda 58, Saint Kitts and Nevis 60, Monaco 221, Liechtenstein 223,
#: Andorra 232, San Marino 331, Abkhazia 396, South Ossetia 397, São Tomé and Príncipe 403,
#: Seychelles 591, Vanuatu 935, Kiribati 970, Nauru 971, Tonga 972, Tuvalu 973, Marshall
#: Islands 983, Palau 986, Micronesia 987, Samoa 990. The list of independent states
#: (``iisystem.dat``, peacesciencer's ``gw_states``) holds none of them.
GW_MICROSTATES: frozenset[int] = frozenset(
    {54, 55, 56, 57, 58, 60, 221, 223, 232, 331, 396, 397, 403, 591, 935, 970, 971, 972, 973,
     983, 986, 987, 990}
)  # fmt: skip


def gw_microstates_note(states: pd.DataFrame) -> str:
    """One sentence saying that a Gleditsch-Ward state list leaves out G-W microstates
    (:data:`GW_MICROSTATES`, [gleditsch1999]'s separate list), so that they make no dyad-years,
    where peacesciencer's ``create_dyadyears(system = "gw")`` [miller2022] includes them; ""
    for a COW list or a G-W list that holds every microstate. A user comparing dyad-year counts
    with peacesciencer's default saw about 20% fewer rows (1816-2017) and no word of why.

    >>> gw = pd.DataFrame({"gwcode": [2, 20], "styear": [1816, 1867], "endyear": [2017, 2017]})
    >>> gw_microstates_note(gw)[:73]
    'the states file lists none of the 23 Gleditsch-Ward microstates (e.g. Mon'
    """
    system, code = state_system(states)
    if system != "gw":
        return ""
    listed = GW_MICROSTATES & {int(c) for c in pd.unique(states[code].dropna())}
    if len(listed) == len(GW_MICROSTATES):
        return ""
    missing = sorted(GW_MICROSTATES - listed)
    which = (
        f"lists none of the {len(GW_MICROSTATES)} Gleditsch-Ward microstates (e.g. Monaco 221, "
        "Nauru 971)"
        if not listed
        else f"leaves out {len(missing)} of the {len(GW_MICROSTATES)} Gleditsch-Ward "
        f"microstates (codes {', '.join(map(str, missing))})"
    )
    return (
        f"the states file {which}, so they make no dyad-years here; peacesciencer's "
        'create_dyadyears(system = "gw") includes them (its G-W list holds the microstates)'
    )


def _warn_outside(states: pd.DataFrame, years: np.ndarray | None, what: str) -> None:
    """A :class:`~anpo.errors.DataWarning` naming the ``years`` asked that lie outside the state
    list's coverage (they have no ``what``): an empty frame for 1700 came without a word, where
    the similarity scores and the catalog's dyad-years said so."""
    state_system(states)  # a table with a code column
    if years is None or not len(states):
        return
    if not states.attrs.get("coverage") and not {"styear", "endyear"} <= set(states.columns):
        return  # start/end dates (or neither: membership_spells says what a state list needs)
    lo, hi = coverage_years(states)
    outside = [int(y) for y in years if not lo <= int(y) <= hi]
    if outside:
        import warnings

        from anpo.errors import DataWarning
        from anpo.report.format import year_ranges

        warnings.warn(
            f"the state list covers {lo}-{hi}: no {what} for {year_ranges(outside)}",
            DataWarning,
            3,
        )


def state_years(
    states: pd.DataFrame, years: int | Iterable[int] | None = None, *, warn: bool = True
) -> pd.DataFrame:
    """Every (state, year) in which the state was a system member on at least one day.

    Returns ``ccode, year`` (COW) or ``gwcode, year`` (Gleditsch-Ward), sorted, int64. Years
    asked outside the list's coverage have no rows, and a :class:`~anpo.errors.DataWarning`
    names them (``warn=False``: no warning, for a caller that says them its own way).
    Source: COW State System Membership v2016 / [gleditsch1999].
    """
    yrs = normalise_years(years)
    if warn:
        _warn_outside(states, yrs, "state-years")
    return _state_years(states, yrs)


def _state_years(states: pd.DataFrame, years: int | Iterable[int] | None) -> pd.DataFrame:
    """:func:`state_years` without the warning (callers that say it their own way)."""
    sy, _, code = _spell_years(states, normalise_years(years))
    out = sy[["code", "year"]].drop_duplicates().rename(columns={"code": code})
    return out.sort_values([code, "year"]).reset_index(drop=True)


def _pairs(sy: pd.DataFrame, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Indices (i, j), i != j, of all ordered pairs of rows of ``sy`` (sorted by year) sharing a
    year, ordered by i, then j; with ``rows`` (row indices, ascending), only the pairs whose
    first row is one of them."""
    years = sy["year"].to_numpy()
    uniq, first, sizes = np.unique(years, return_index=True, return_counts=True)
    if rows is None:
        rows = np.arange(len(years), dtype="int64")
    group = np.searchsorted(uniq, years[rows])
    n = sizes[group]  # each first row pairs with every row of its year
    k = np.arange(int(n.sum()), dtype="int64") - np.repeat(np.cumsum(n) - n, n)
    i = np.repeat(rows, n)
    j = np.repeat(first[group], n) + k
    keep = i != j
    return i[keep], j[keep]


def _candidate_dyads(
    states: pd.DataFrame, years: np.ndarray | None, firsts: Iterable[int] | None = None
) -> tuple[pd.DataFrame, str, str]:
    """All ordered pairs of members per year with an ``overlap`` flag (membership in common);
    with ``firsts`` (state codes), only the pairs whose first state is one of them."""
    sy, system, code = _spell_years(states, years)
    if firsts is None:
        i, j = _pairs(sy)
    else:
        i, j = _pairs(sy, np.flatnonzero(np.isin(sy["code"].to_numpy(), _focal_codes(firsts))))
    start = sy["start"].to_numpy()
    end = sy["end"].to_numpy()
    c = sy["code"].to_numpy()
    overlap = (start[i] <= end[j]) & (start[j] <= end[i])
    d = pd.DataFrame(
        {"code1": c[i], "code2": c[j], "year": sy["year"].to_numpy()[i], "overlap": overlap}
    )
    if sy.duplicated(["code", "year"]).any():
        # a state with two spells in one year: the dyad is real if any pair of spells overlaps
        d = d.groupby(["code1", "code2", "year"], sort=False)["overlap"].any().reset_index()
    return d, system, code


def false_dyads(states: pd.DataFrame, years: int | Iterable[int] | None = None) -> pd.DataFrame:
    """Directed pairs that were both members in a year but never at the same time.

    Returns ``ccode1, ccode2, year`` (or ``gwcode1, gwcode2``). Computed from membership dates
    (COW State System Membership v2016 [cow2017] / [gleditsch1999]).
    """
    d, _, code = _candidate_dyads(states, normalise_years(years))
    out = d.loc[~d["overlap"], ["code1", "code2", "year"]]
    out = out.rename(columns={"code1": f"{code}1", "code2": f"{code}2"})
    return out.sort_values([f"{code}1", f"{code}2", "year"]).reset_index(drop=True)


def dyad_years(
    states: pd.DataFrame,
    directed: bool = True,
    years: int | Iterable[int] | None = None,
    *,
    warn: bool = True,
) -> pd.DataFrame:
    """All dyad-years of a state system, without false dyads.

    Parameters
    ----------
    states: a state list from :func:`anpo.data.read_cow_states` (COW) or
        :func:`anpo.data.read_gw_states` (Gleditsch-Ward).
    directed: ordered pairs (A, B) and (B, A); if False, one row per pair with code1 < code2.
    years: one year, several, or None for every year of the list.
    warn: False for no warning of years outside the list's coverage (a caller that says them
        its own way).

    Returns
    -------
    pandas.DataFrame
        ``ccode1, ccode2, year`` (COW; ``gwcode1, gwcode2, year`` for Gleditsch-Ward), int64,
        sorted by year, then code1, code2. ``attrs["system"]`` is "cow" or "gw";
        ``attrs["gw_microstates"]``, for a G-W list without (all) the G-W microstates, the
        sentence of :func:`gw_microstates_note` (peacesciencer's G-W dyad-years include them).

    Notes
    -----
    Source: [bennett2000], EUGene; [miller2022], peacesciencer ``create_dyadyears()``
    (false dyads removed). With COW v2016: 506 directed dyads in 1816, 1,980 in 1914. Years
    asked outside the list's coverage have no rows, and a :class:`~anpo.errors.DataWarning`
    names them (unless ``warn`` is False). ``directed`` other than True or False is an
    :class:`~anpo.errors.InputError` naming it (the text "no" was truthy: directed dyads).
    """
    truth_value(directed, "directed")
    yrs = normalise_years(years)
    if warn:
        _warn_outside(states, yrs, "dyad-years")
    return _dyad_years(states, directed, yrs)


def _focal_codes(focals: object) -> np.ndarray:
    """The focal states' codes (:func:`focal_dyad_years`) as int64, or an
    :class:`~anpo.errors.InputError` naming ``focals`` (the text "740" was read as the codes
    7, 4 and 0).

    >>> _focal_codes([740, 2]).tolist()
    [740, 2]
    """
    if isinstance(focals, (str, bytes)) or not isinstance(focals, Iterable):
        raise InputError(
            f"must be state codes (whole numbers, e.g. [740]), got {focals!r}", field="focals"
        )
    codes = whole_numbers(list(focals), "focals", what="state codes (whole numbers)")
    return codes.reshape(-1)


def focal_dyad_years(
    states: pd.DataFrame, focals: Iterable[int], years: int | Iterable[int] | None = None
) -> pd.DataFrame:
    """The directed dyad-years of the ``focals`` (state codes): the rows of :func:`dyad_years`
    whose first state is one of them, each focal state with every member it shares a year with,
    built for them alone (a few states' dyads, not the whole system's).

    Returns ``ccode1, ccode2, year`` (COW; ``gwcode1, gwcode2, year`` for Gleditsch-Ward),
    int64, sorted by year, then code1, code2; ``attrs["system"]`` as :func:`dyad_years`. In a
    year a focal state is a member, its partners are every other member: the states of the
    frame's year are the system's (what :func:`unmatched_focal_rivalries` reads). Years outside
    the list's coverage have no rows and no warning (the caller says them its own way;
    :func:`dyad_years` warns). Source: as :func:`dyad_years`, [bennett2000]; [miller2022].

    >>> states = pd.DataFrame({"ccode": [2, 20, 740], "styear": [1816, 1920, 1952],
    ...                        "endyear": [2016, 2016, 2016]})
    >>> focal_dyad_years(states, [740], range(1951, 1953)).values.tolist()
    [[740, 2, 1952], [740, 20, 1952]]

    A focal code the state list does not hold is an :class:`~anpo.errors.InputError` naming
    it (``field="focals"``), as :func:`anpo.relations.roles` refuses an unknown focal state
    ("no state has the code 999 in the COW state list"): a code is an argument, and a wrong
    one is a mistake, not data missing. A year is not: years outside the list's coverage are
    data it lacks (:func:`state_years` and :func:`dyad_years` warn of them, a
    :class:`~anpo.errors.DataWarning`). The frame was empty without a word, then (audit30) a
    warning.

    >>> focal_dyad_years(states, [9999, 740], 2001)
    Traceback (most recent call last):
    ...
    anpo.errors.InputError: focals: no state has the code 9999 in the state list (ccode; e.g. 2 for the United States, 740 for Japan)
    """
    _, col = state_system(states)
    codes = _focal_codes(focals)
    unknown = sorted(set(codes.tolist()) - set(pd.to_numeric(states[col], errors="coerce")))
    if unknown:
        raise InputError(
            f"no state has the code{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(map(str, unknown))} in the state list ({col}; e.g. 2 for the United "
            "States, 740 for Japan)",
            field="focals",
        )
    return _dyad_years(states, True, years, firsts=codes)


def _dyad_years(
    states: pd.DataFrame,
    directed: bool,
    years: int | Iterable[int] | None,
    firsts: Iterable[int] | None = None,
) -> pd.DataFrame:
    """:func:`dyad_years` without the warning (callers that say it their own way); with
    ``firsts``, only the dyads whose first state is one of them (:func:`focal_dyad_years`)."""
    d, system, code = _candidate_dyads(states, normalise_years(years), firsts)
    keep = d["overlap"].to_numpy().copy()
    if not directed:
        keep &= d["code1"].to_numpy() < d["code2"].to_numpy()
    c1 = d["code1"].to_numpy()[keep]
    c2 = d["code2"].to_numpy()[keep]
    yr = d["year"].to_numpy()[keep]
    # pairs come out ordered by year, code1, code2 already; sort only if they do not
    order_key = (yr * 1000 + c1) * 1000 + c2
    if order_key.size > 1 and not (np.diff(order_key) > 0).all():
        idx = np.argsort(order_key, kind="stable")
        c1, c2, yr = c1[idx], c2[idx], yr[idx]
    out = pd.DataFrame({f"{code}1": c1, f"{code}2": c2, "year": yr})
    out.attrs["system"] = system
    note = gw_microstates_note(states) if system == "gw" else ""
    if note:
        out.attrs["gw_microstates"] = note
    return out


# --------------------------------------------------------------------------- joins


def _unit(frame: pd.DataFrame) -> tuple[str, list[str]]:
    """("dyad", [code1, code2]) or ("state", [code]) for a dyad-year or state-year frame (the
    add_* functions' first argument; anything else was an AttributeError from deep inside)."""
    table("frame", frame, what="a dyad-year or state-year table")
    for c in ("ccode", "gwcode"):
        if f"{c}1" in frame.columns and f"{c}2" in frame.columns:
            return "dyad", [f"{c}1", f"{c}2"]
    for c in ("ccode", "gwcode"):
        if c in frame.columns:
            return "state", [c]
    raise InputError(
        "expected a dyad-year (ccode1, ccode2, year) or state-year (ccode, year) frame"
    )


def gw_to_cow(codes: np.ndarray, years: np.ndarray) -> np.ndarray:
    """COW state codes for Gleditsch-Ward codes in the given years.

    The two lists share their numbering except where G-W keeps one code across a change of
    state that COW codes as a new state ([gleditsch1999], "A revised list of independent
    states since 1816", International Interactions 25(4): 393-413, appendix; COW State System
    Membership v2016): G-W 260 (Germany, Federal Republic) is COW 255 from 1991 (COW: German
    Federal Republic 260 until 2 Oct 1990, Germany 255 after); G-W 678 (Yemen) is COW 679 from
    1991 (COW: Yemen Arab Republic 678 until 21 May 1990, Yemen 679 after); G-W 340 (Serbia)
    is COW 345 from 2006. States G-W lists and COW does not keep their code and find no data.
    One code (a scalar) goes with every year, and one year with every code; two arrays must
    have one shape.
    """
    # a missing or fractional value was "cannot convert float NaN to integer", 260.7 read as 260
    c = whole_numbers(codes, "codes", what="whole numbers")
    y = whole_numbers(years, "years", what="whole numbers")
    try:  # one code for many years (or the reverse) broadcasts; a scalar was an IndexError
        if c.ndim and y.ndim and c.shape != y.shape:
            # [260] with two years was broadcast to both without a word (audit30): a list of
            # codes and a list of years go row by row, so their lengths must match
            raise ValueError
        c, y = (np.array(a) for a in np.broadcast_arrays(np.atleast_1d(c), np.atleast_1d(y)))
    except ValueError:
        raise InputError(
            f"codes {np.shape(codes)} and years {np.shape(years)} do not match in shape",
            field="codes",
        ) from None
    c[(c == 260) & (y >= 1991)] = 255
    c[(c == 678) & (y >= 1991)] = 679
    c[(c == 340) & (y >= 2006)] = 345
    return c


def _codes(frame: pd.DataFrame, col: str) -> np.ndarray:
    """The frame's state codes as COW codes (translated from Gleditsch-Ward if need be)."""
    codes = _int(frame, col)
    if col.startswith("gw"):
        return gw_to_cow(codes, _int(frame, "year"))
    return codes


def missing_column_error(frame: pd.DataFrame, col: str) -> InputError:
    """The error for a table without a key column ``col`` (a bare KeyError before: an NMC
    table given to add_alliances, a frame without 'year'), listing the columns it has."""
    have = ", ".join(map(str, list(frame.columns)[:8])) + (" ..." if frame.shape[1] > 8 else "")
    return InputError(
        f"a table has no {col!r} column (it has: {have or 'no columns'}); is it the right "
        "dataset for this join?",
        field=col,
    )


def _int(frame: pd.DataFrame, col: str) -> np.ndarray:
    if col not in frame.columns:
        raise missing_column_error(frame, col)
    s = frame[col]
    if s.isna().any():
        raise InputError("missing values in a key column", field=col)
    return s.to_numpy(dtype="int64")


def _key2(code: np.ndarray, year: np.ndarray) -> np.ndarray:
    return code * _YEAR_SPAN + year


def _key3(c1: np.ndarray, c2: np.ndarray, year: np.ndarray) -> np.ndarray:
    return (c1 * 1000 + c2) * _YEAR_SPAN + year


def _indexer(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Positions of ``left`` keys in ``right`` (unique) keys, -1 where absent."""
    return pd.Index(right).get_indexer(left)


def year_coverage(
    frame: pd.DataFrame,
    cols: Sequence[str] = ("year",),
    *,
    name: str | None = None,
    error: type[AnpoError] = InputError,
) -> tuple[int, int]:
    """The first and last year ``frame`` covers: its ``attrs["coverage"]`` (the :mod:`anpo.data`
    loaders record it), else the least and greatest year in any of its ``cols`` (missing values
    skipped, as ``Series.min`` does: a spell list whose ``endyear`` is all missing is read from
    its ``styear``).

    A frame without ``attrs["coverage"]`` whose ``cols`` hold no year at all (no rows, or every
    value missing) has no coverage: ``error`` (an :class:`~anpo.errors.InputError` unless the
    caller's layer has its own, e.g. :class:`~anpo.errors.AlignError`) naming ``name`` (else the
    columns), never a made-up span (before, ``int(NaN)``'s bare ``ValueError``, or, with two
    columns, a span that depended on their order). A frame without one of ``cols``: the
    :func:`missing_column_error` listing the columns it has.

    >>> import pandas as pd
    >>> year_coverage(pd.DataFrame({"styear": [1950, 1962], "endyear": [1955, None]}),
    ...               ("styear", "endyear"))
    (1950, 1962)
    >>> year_coverage(pd.DataFrame({"year": [None, None]}), name="mid")
    Traceback (most recent call last):
    ...
    anpo.errors.InputError: mid: has no year in its year column (no rows, or every value missing) and no attrs['coverage']: the years it covers cannot be told
    """
    cov = frame.attrs.get("coverage")
    if cov:
        return int(cov[0]), int(cov[1])
    for c in cols:
        if c not in frame.columns:
            raise missing_column_error(frame, c)
    lows = [v for v in (frame[c].min() for c in cols) if not pd.isna(v)]
    highs = [v for v in (frame[c].max() for c in cols) if not pd.isna(v)]
    if not lows or not highs:
        plural = "s" if len(cols) > 1 else ""
        raise error(
            f"has no year in its {', '.join(cols)} column{plural} (no rows, or every value "
            "missing) and no attrs['coverage']: the years it covers cannot be told",
            field=name or ", ".join(cols),
        )
    return int(min(lows)), int(max(highs))


def _in_cov(year: np.ndarray, cov: tuple[int, int]) -> np.ndarray:
    return (year >= cov[0]) & (year <= cov[1])


def _flag(
    found: np.ndarray,
    inside: np.ndarray,
    values: np.ndarray | None = None,
    unknown: np.ndarray | None = None,
) -> pd.api.extensions.ExtensionArray:
    """Nullable Int64 array: value where found, 0 inside coverage, <NA> outside and where the
    found row's value is ``unknown`` (a missing code in the data, never read as 0)."""
    base = np.zeros(len(found), dtype="int64")
    hit = found >= 0
    if values is not None:
        base[hit] = values[found[hit]]
    else:
        base[hit] = 1
    mask = ~inside
    if unknown is not None:
        mask = mask.copy()
        mask[hit] |= unknown[found[hit]]
    return pd.arrays.IntegerArray(base, mask)


def _state_lookup(
    frame: pd.DataFrame, data: pd.DataFrame, value_cols: Sequence[str], suffix_cols: list[str]
) -> dict[str, np.ndarray]:
    """Float values of ``data`` (ccode, year -> value_cols) for each code column of ``frame``."""
    keys = _key2(_int(data, "ccode"), _int(data, "year"))
    if pd.Index(keys).has_duplicates:
        data = data.loc[~pd.Index(keys).duplicated()]
        keys = _key2(_int(data, "ccode"), _int(data, "year"))
    year = _int(frame, "year")
    out: dict[str, np.ndarray] = {}
    for k, col in enumerate(suffix_cols):
        idx = _indexer(_key2(_codes(frame, col), year), keys)
        for v in value_cols:
            vals = data[v].to_numpy(dtype="float64", na_value=np.nan)
            res = np.full(len(idx), np.nan)
            res[idx >= 0] = vals[idx[idx >= 0]]
            name = v if len(suffix_cols) == 1 else f"{v}{k + 1}"
            out[name] = res
    return out


def add_capabilities(
    frame: pd.DataFrame,
    nmc: pd.DataFrame,
    components: bool = False,
    recompute: bool = True,
) -> pd.DataFrame:
    """Add CINC (``cinc1``, ``cinc2`` or ``cinc``) and optionally the six components.

    ``recompute``: CINC recomputed from the components (:func:`anpo.relations.cinc`), else the
    file's column. Missing (NaN) where NMC has no row for the state-year.
    Source: [singer1972]; NMC v6.0/v7.0.
    """
    from anpo.relations.capabilities import NMC_COMPONENTS, cinc

    unit, cols = _unit(frame)
    data = nmc.copy()
    if recompute:
        # a partial file's warning names the years of the frame only (not every year of it)
        asked = frame["year"].unique() if "year" in frame.columns else None
        data["cinc"] = cinc(nmc, years=asked).to_numpy()
    values = ["cinc", *(NMC_COMPONENTS if components else ())]
    out = frame.copy()
    for name, arr in _state_lookup(frame, data, values, cols).items():
        out[name] = arr
    return out


def add_alliances(frame: pd.DataFrame, atop: pd.DataFrame) -> pd.DataFrame:
    """Add ATOP obligations ``atop_defense, atop_offense, atop_neutral, atop_nonagg,
    atop_consul`` (0/1 inside ATOP's years, <NA> outside, and <NA> where ATOP's row gives a
    missing code: unknown, not "no obligation") to a dyad-year frame.

    Source: [leeds2002], ATOP v5.1 dyad-year data.
    """
    from anpo.data.atop import ATOP_FLAGS

    return _add_dyad_flags(frame, atop, list(ATOP_FLAGS), "alliances", "atop")


def add_cow_alliances(frame: pd.DataFrame, alliances: pd.DataFrame) -> pd.DataFrame:
    """Add COW Formal Alliance obligations (``cow_defense, cow_neutrality, cow_nonaggression,
    cow_entente``) from a user-supplied file (see :func:`anpo.data.read_cow_alliance`).

    Source: [gibler2009], COW Formal Alliances v4.1.
    """
    flags = ["cow_defense", "cow_neutrality", "cow_nonaggression", "cow_entente"]
    return _add_dyad_flags(frame, alliances, flags, "COW alliances", "alliances")


def _add_dyad_flags(
    frame: pd.DataFrame, data: pd.DataFrame, flags: list[str], what: str, name: str
) -> pd.DataFrame:
    table(name, data, what=f"a table of {what}")  # a dict: "no attribute 'attrs'"
    unit, cols = _unit(frame)
    if unit != "dyad":
        raise InputError(f"{what} are dyadic: give a dyad-year frame")
    cov = year_coverage(data, name=name)
    right = _key3(_int(data, "ccode1"), _int(data, "ccode2"), _int(data, "year"))
    year = _int(frame, "year")
    idx = _indexer(_key3(_codes(frame, cols[0]), _codes(frame, cols[1]), year), right)
    inside = _in_cov(year, cov)
    # the key columns named first (above: another dataset's table), then a missing flag (a
    # bare KeyError before)
    table(name, data, what=f"a table of {what}", columns=flags)
    out = frame.copy()
    for f in flags:
        col = data[f]
        out[f] = _flag(
            idx, inside, col.to_numpy(dtype="int64", na_value=0), col.isna().to_numpy(bool)
        )
    return out


def _interval_dyads(data: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Expand (ccode1, ccode2, start, end) intervals to non-directed dyad-years (both orders)."""
    y0 = _int(data, start)
    y1 = _int(data, end)
    n = y1 - y0 + 1
    rep = np.repeat(np.arange(len(data)), n)
    year = y0[rep] + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    a = _int(data, "ccode1")[rep]
    b = _int(data, "ccode2")[rep]
    return pd.DataFrame(
        {
            "ccode1": np.concatenate([a, b]),
            "ccode2": np.concatenate([b, a]),
            "year": np.concatenate([year, year]),
        }
    ).drop_duplicates()


def add_rivalries(
    frame: pd.DataFrame, rivalries: pd.DataFrame, name: str = "td", *, list_unmatched: bool = True
) -> pd.DataFrame:
    """Add ``{name}_rivalry`` (1 while the dyad is a strategic rivalry, 0 inside the list's
    years, <NA> outside) from a rivalry list (:func:`anpo.data.read_td_rivalries` or
    :func:`anpo.data.read_tss_rivalries`).

    A rivalry-year of the frame's years that matches no dyad-year of the frame is left out,
    never recoded: the lists code some rivals with a state code that is not a system member in
    those years (Thompson & Dreyer's South Yemen-Yemen 1967-1990 gives Yemen as 679, COW's code
    of unified Yemen from 1990, where COW's North Yemen is 678; the lists' rivalries of states
    before they enter the system). ``attrs[f"{name}_rivalry_unmatched"]`` holds them, one dict
    per rivalry-year (the rows of :func:`unmatched_rivalries`: ``rivalryno, rivalryname, ccode1,
    ccode2, year, reason``; an empty list when every one matched), and a
    :class:`~anpo.errors.DataWarning` (:func:`unmatched_rivalries_note`) counts them, naming
    them when few. The system members of a year are read from the frame (the states of its
    dyad-years that year): give all the dyad-years of the years (:func:`dyad_years`) for the
    list to be that of the rivalry-years of no system dyad.

    With ``list_unmatched=False``, the unmatched rivalry-years are not sought: no
    ``attrs[f"{name}_rivalry_unmatched"]`` and no warning (a frame of a few chosen pairs, as the
    alignment recipe's, is no state system: every other rivalry would be listed).

    Source: [thompson2012]; [thompson2022].
    """
    out = _add_rivalries(frame, rivalries, name)
    if not list_unmatched:
        return out
    unmatched = unmatched_rivalries(frame, rivalries)
    # records, not a DataFrame: pandas compares attrs when it concatenates or merges frames, and
    # a DataFrame there made pd.concat raise "The truth value of a DataFrame is ambiguous"
    out.attrs[f"{name}_rivalry_unmatched"] = [
        {k: (None if pd.isna(v) else v) for k, v in rec.items()}
        for rec in unmatched.to_dict("records")
    ]
    note = unmatched_rivalries_note(unmatched, _list_name(rivalries, name))
    if note:
        import warnings

        from anpo.errors import DataWarning

        warnings.warn(note, DataWarning, 2)
    return out


def _add_rivalries(frame: pd.DataFrame, rivalries: pd.DataFrame, name: str) -> pd.DataFrame:
    """:func:`add_rivalries` without the unmatched rivalry-years (a frame of a few chosen pairs,
    as the alignment recipe's, is no state system: every other rivalry would be listed)."""
    table("rivalries", rivalries, what="a rivalry list")  # a dict: no attribute 'attrs'
    unit, cols = _unit(frame)
    if unit != "dyad":
        raise InputError("rivalries are dyadic: give a dyad-year frame")
    # the list by its name (td_rivalries, tss_rivalries: the catalog's kinds), not "rivalries"
    cov = year_coverage(rivalries, ("styear", "endyear"), name=f"{name}_rivalries")
    ry = _interval_dyads(rivalries, "styear", "endyear")
    right = _key3(_int(ry, "ccode1"), _int(ry, "ccode2"), _int(ry, "year"))
    year = _int(frame, "year")
    idx = _indexer(_key3(_codes(frame, cols[0]), _codes(frame, cols[1]), year), right)
    out = frame.copy()
    out[f"{name}_rivalry"] = _flag(idx, _in_cov(year, cov))
    return out


#: The columns of :func:`unmatched_rivalries`.
UNMATCHED_COLUMNS = ("rivalryno", "rivalryname", "ccode1", "ccode2", "year", "reason")


def _list_name(rivalries: pd.DataFrame, name: str) -> str:
    """The rivalry list's dataset name (its ``attrs["source"]``), else ``"the {name} rivalry
    list"``."""
    dataset = str((rivalries.attrs.get("source") or {}).get("dataset", "") or "")
    return dataset or f"the {name} rivalry list"


def _isin(values: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Whether each of ``values`` is among ``keys`` (a hash table of the keys)."""
    return pd.Index(values).isin(keys)


def unmatched_rivalries(frame: pd.DataFrame, rivalries: pd.DataFrame) -> pd.DataFrame:
    """The rivalry-years of ``rivalries`` in the years of ``frame`` (a dyad-year frame) that
    match no dyad-year of it, so :func:`add_rivalries` leaves them out (it never recodes a
    state code of the list).

    One row per rivalry-year, :data:`UNMATCHED_COLUMNS` (``rivalryno`` and ``rivalryname``
    <NA> when the list has none), sorted by rivalry and year; ``reason`` says why, e.g. "code
    679 not a system member in 1967" (a code in no dyad-year of the frame that year) or "codes
    679 and 680 never members at the same time in 1990" (both in the frame that year, not as a
    dyad: a false dyad on a frame of all dyad-years, :func:`false_dyads`). The system
    members of a year are the states of the frame's dyad-years that year (GW codes as COW
    codes, :func:`gw_to_cow`). Rivalry-years outside the frame's years are not listed (they
    are outside the dyad-years asked, not dropped).

    Sources: [thompson2012]; [thompson2022]; the state system [cow2017] or [gleditsch1999].

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"ccode1": [670, 678], "ccode2": [678, 670], "year": [1962, 1962]})
    >>> riv = pd.DataFrame({"rivalryno": [140], "rivalryname": ["Saudi Arabia-Yemen 2"],
    ...     "ccode1": [670], "ccode2": [679], "styear": [1962], "endyear": [1962]})
    >>> unmatched_rivalries(frame, riv)[["ccode2", "year", "reason"]].to_dict("records")
    [{'ccode2': 679, 'year': 1962, 'reason': 'code 679 not a system member in 1962'}]
    """
    table("rivalries", rivalries, what="a rivalry list", columns=("ccode1", "ccode2"))
    unit, cols = _unit(frame)
    if unit != "dyad":
        raise InputError("rivalries are dyadic: give a dyad-year frame")
    year = _int(frame, "year")
    c1, c2 = _codes(frame, cols[0]), _codes(frame, cols[1])
    # pandas' hash look-ups: numpy's unique and isin took 10 s on the 956,145 non-directed
    # dyad-years of 1816-2016
    dyads = _key3(c1, c2, year)
    members = np.concatenate([_key2(c1, year), _key2(c2, year)])
    frame_years = pd.unique(year)
    y0, y1 = _int(rivalries, "styear"), _int(rivalries, "endyear")
    n = np.clip(y1 - y0 + 1, 0, None)
    row = np.repeat(np.arange(len(rivalries)), n)
    ry = y0[row] + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    a, b = _int(rivalries, "ccode1")[row], _int(rivalries, "ccode2")[row]
    inside = _isin(ry, frame_years)
    # a rivalry is non-directed: the dyad in either order (a directed frame holds both)
    found = _isin(_key3(a, b, ry), dyads) | _isin(_key3(b, a, ry), dyads)
    lost = inside & ~found
    row, ry, a, b = row[lost], ry[lost], a[lost], b[lost]
    in_a, in_b = _isin(_key2(a, ry), members), _isin(_key2(b, ry), members)
    reasons = []
    for ca, cb, y, ia, ib in zip(a, b, ry, in_a, in_b, strict=True):
        out_ = [str(c) for c, i in ((ca, ia), (cb, ib)) if not i]
        if len(out_) == 2:
            reasons.append(f"codes {out_[0]} and {out_[1]} not system members in {y}")
        elif out_:
            reasons.append(f"code {out_[0]} not a system member in {y}")
        else:
            reasons.append(f"codes {ca} and {cb} never members at the same time in {y}")

    def column(c: str) -> pd.Series:
        if c in rivalries.columns:
            return rivalries[c].iloc[row].reset_index(drop=True)
        return pd.Series(pd.NA, index=range(len(row)), dtype="object")

    out = pd.DataFrame(
        {
            "rivalryno": column("rivalryno"),
            "rivalryname": column("rivalryname"),
            "ccode1": a,
            "ccode2": b,
            "year": ry,
            "reason": pd.Series(reasons, dtype="object"),
        },
        columns=list(UNMATCHED_COLUMNS),
    )
    out["_row"] = row
    return out.sort_values(["_row", "year"]).drop(columns="_row").reset_index(drop=True)


def unmatched_focal_rivalries(
    frame: pd.DataFrame, rivalries: pd.DataFrame, focals: Iterable[int]
) -> pd.DataFrame:
    """The rivalry-years of the ``focals`` (one of them a side) that match no dyad-year of
    ``frame``, their dyad-years (:func:`focal_dyad_years`), in a year in which a focal side is
    a system member: the rows of :func:`unmatched_rivalries`. A focal state's own years outside
    the system are left out (it is not compared then, so no rivalry-year of it is lost): the
    list codes a rival that is not a member that year (Thompson & Dreyer's France-Prussia,
    1950-1955, gives Germany as 255, not a COW member then), and is not recoded. Sources:
    [thompson2012]; [thompson2022]; COW State System Membership v2016 [cow2017].

    >>> states = pd.DataFrame({"ccode": [2, 220, 255, 740], "styear": [1816, 1816, 1990, 1952],
    ...                        "endyear": [2016, 2016, 2016, 2016]})
    >>> riv = pd.DataFrame({"rivalryno": [1, 2], "rivalryname": ["France-Prussia", "Germany-Japan"],
    ...     "ccode1": [220, 255], "ccode2": [255, 740], "styear": [1950, 1950],
    ...     "endyear": [1955, 1951]})
    >>> frame = focal_dyad_years(states, [220, 255], range(1950, 1956))
    >>> rows = unmatched_focal_rivalries(frame, riv, [220, 255])  # 255: no member before 1990
    >>> rows["rivalryname"].unique().tolist(), rows["year"].tolist()
    (['France-Prussia'], [1950, 1951, 1952, 1953, 1954, 1955])
    """
    focal = _focal_codes(focals).tolist()
    table("rivalries", rivalries, what="a rivalry list", columns=("ccode1", "ccode2"))
    _, cols = _unit(frame)
    # the focal states' dyads: in a year one of them is a member, its partners are every other
    # member, so the states of the frame's year are the system's
    members = set(zip(_codes(frame, cols[0]), _int(frame, "year"), strict=True)) | set(
        zip(_codes(frame, cols[1]), _int(frame, "year"), strict=True)
    )
    mine = rivalries[rivalries["ccode1"].isin(focal) | rivalries["ccode2"].isin(focal)]
    rows = unmatched_rivalries(frame, mine)
    keep = [
        any(c in focal and (c, y) in members for c in (a, b))
        for a, b, y in zip(rows["ccode1"], rows["ccode2"], rows["year"], strict=True)
    ]
    return rows.loc[np.asarray(keep, dtype=bool)].reset_index(drop=True)


def unmatched_rivalries_note(
    unmatched: pd.DataFrame, what: str = "the rivalry list", show: int = 5
) -> str:
    """The sentence on the rivalry-years of :func:`unmatched_rivalries` (``what``: the list's
    name), computed from them: how many match no dyad-year of two system members and that they
    are left out, not recoded. At most ``show`` rivalries: each named with its codes, years and
    why; more: how many rivalries, the first ``show`` named with their years, and how many
    rivalry-years have each kind of reason. ``""`` when there are none (nothing is said).

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"rivalryno": [79, 79], "rivalryname": ["Austria-Serbia"] * 2,
    ...     "ccode1": [300, 300], "ccode2": [345, 345], "year": [1919, 1920],
    ...     "reason": ["code 300 not a system member in 1919",
    ...                "code 300 not a system member in 1920"]})
    >>> td = "Thompson & Dreyer strategic rivalries"
    >>> print(unmatched_rivalries_note(rows, td))  # doctest: +NORMALIZE_WHITESPACE
    Thompson & Dreyer strategic rivalries: 2 rivalry-years match no dyad-year of two system
    members and are left out (their state codes are not recoded): Austria-Serbia (300, 345)
    1919-1920: code 300 not a system member.
    >>> print(unmatched_rivalries_note(rows, td, show=0))  # doctest: +NORMALIZE_WHITESPACE
    Thompson & Dreyer strategic rivalries: 2 rivalry-years of 1 rivalry match no dyad-year of
    two system members and are left out (their state codes are not recoded): 2 with a state
    code that is not a system member in the year.
    >>> unmatched_rivalries_note(rows.iloc[:0], td)
    ''
    """
    from anpo.report.format import year_ranges

    table("unmatched", unmatched, what="unmatched rivalry-years", columns=UNMATCHED_COLUMNS)
    if unmatched.empty:
        return ""
    n = len(unmatched)
    key = unmatched["rivalryno"].astype("string").fillna("")
    key = key + "|" + unmatched["ccode1"].astype(str) + "|" + unmatched["ccode2"].astype(str)
    groups = [g for _, g in unmatched.groupby(key, sort=False)]
    # the reasons without their year ("code 679 not a system member")
    why = unmatched["reason"].astype(str).str.replace(r" in \d+$", "", regex=True)
    parts = []
    for g in groups[:show]:
        name = g["rivalryname"].iloc[0]
        codes = f"({g['ccode1'].iloc[0]}, {g['ccode2'].iloc[0]})"
        label = f"{name} {codes}" if pd.notna(name) else f"the rivalry of {codes}"
        label += f" {year_ranges(g['year'])}"
        if len(groups) <= show:
            w = why.loc[g.index]
            label += ": " + "; ".join(
                f"{year_ranges(y['year'])}: {r}" if w.nunique() > 1 else r
                for r, y in g.groupby(w, sort=False)
            )
        parts.append(label)
    rows = "rivalry-year" if n == 1 else "rivalry-years"
    verb = "matches" if n == 1 else "match"
    be = "is" if n == 1 else "are"
    head = f"{what}: {n:,} {rows} "
    if len(groups) <= show:
        listed = "; ".join(parts)
    else:
        k = len(groups)
        head += f"of {k:,} rivalr{'y' if k == 1 else 'ies'} "
        absent = int(why.str.contains("not a system member|not system members").sum())
        kinds = [
            f"{absent:,} with a state code that is not a system member in the year"
            if absent
            else "",
            f"{n - absent:,} of two states never members at the same time in the year"
            if n - absent
            else "",
        ]
        among = ", ".join(parts)
        listed = (f"among them {among} and {k - len(parts):,} more; " if parts else "") + (
            ", ".join(x for x in kinds if x)
        )
    return (
        f"{head}{verb} no dyad-year of two system members and {be} left out (their state "
        f"codes are not recoded): {listed}."
    )


def add_disputes(frame: pd.DataFrame, mid: pd.DataFrame) -> pd.DataFrame:
    """Add dispute variables from dyadic MID dispute-years (:func:`anpo.data.read_mid_dyadic`):
    ``mid_ongoing`` (1 if any dispute between the two in the year), ``mid_onset`` (1 if one
    began), ``mid_count`` (number of disputes), ``mid_hostlev`` (highest hostility level of
    either side, 0 if none). Inside the MID data's years absent means 0; outside <NA>.

    Source: [palmer2022] MID 5.0; [maoz2019] dyadic MID.
    """
    unit, cols = _unit(frame)
    table("mid", mid, what="a table of dyadic MIDs", columns=("onset", "hostlev1", "hostlev2"))
    if unit != "dyad":
        raise InputError("disputes are dyadic: give a dyad-year frame")
    cov = year_coverage(mid, name="mid")
    m = pd.DataFrame(
        {
            "key": _key3(_int(mid, "ccode1"), _int(mid, "ccode2"), _int(mid, "year")),
            "dispnum": _int(mid, "dispnum"),
            "onset": mid["onset"].to_numpy(dtype="float64", na_value=0.0),
            "host": np.fmax(
                mid["hostlev1"].to_numpy(dtype="float64", na_value=np.nan),
                mid["hostlev2"].to_numpy(dtype="float64", na_value=np.nan),
            ),
        }
    )
    g = m.groupby("key").agg(
        count=("dispnum", "nunique"), onset=("onset", "max"), host=("host", "max")
    )
    year = _int(frame, "year")
    idx = _indexer(_key3(_codes(frame, cols[0]), _codes(frame, cols[1]), year), g.index.to_numpy())
    inside = _in_cov(year, cov)
    out = frame.copy()
    out["mid_ongoing"] = _flag(idx, inside)
    out["mid_onset"] = _flag(idx, inside, g["onset"].fillna(0).to_numpy("int64"))
    out["mid_count"] = _flag(idx, inside, g["count"].to_numpy("int64"))
    out["mid_hostlev"] = _flag(idx, inside, g["host"].fillna(0).to_numpy("int64"))
    return out


def add_contiguity(frame: pd.DataFrame, contiguity: pd.DataFrame) -> pd.DataFrame:
    """Add ``conttype`` (1 land .. 5 up to 400 miles of water; 0 = not contiguous inside the
    data's years; <NA> outside). Source: [stinnett2002], COW Direct Contiguity v3.2."""
    unit, cols = _unit(frame)
    table("contiguity", contiguity, what="a contiguity table", columns=("conttype",))
    if unit != "dyad":
        raise InputError("contiguity is dyadic: give a dyad-year frame")
    cov = year_coverage(contiguity, name="contiguity")
    right = _key3(_int(contiguity, "ccode1"), _int(contiguity, "ccode2"), _int(contiguity, "year"))
    year = _int(frame, "year")
    idx = _indexer(_key3(_codes(frame, cols[0]), _codes(frame, cols[1]), year), right)
    out = frame.copy()
    out["conttype"] = _flag(idx, _in_cov(year, cov), contiguity["conttype"].to_numpy("int64"))
    return out


def add_ideal_points(
    frame: pd.DataFrame, unga: pd.DataFrame, measure: str = "idealpointfp"
) -> pd.DataFrame:
    """Add UNGA ideal points (``idealpoint1``, ``idealpoint2``) and their absolute distance
    ``idealpoint_distance`` (NaN when either state has no estimate for the year).

    ``measure``: ``idealpointfp`` (final-passage votes, the most complete series, default),
    ``idealpointall`` or ``idealpointlegacy``. Source: [bailey2017].
    """
    table("unga", unga, what="a UNGA ideal-point table")
    if measure not in unga.columns:
        raise InputError(f"unknown ideal-point measure {measure!r}", field="measure")
    unit, cols = _unit(frame)
    vals = _state_lookup(frame, unga.assign(idealpoint=unga[measure]), ["idealpoint"], cols)
    out = frame.copy()
    for name, arr in vals.items():
        out[name] = arr
    if unit == "dyad":
        out["idealpoint_distance"] = np.abs(out["idealpoint1"] - out["idealpoint2"])
    return out


def add_democracy(
    frame: pd.DataFrame,
    democracy: pd.DataFrame,
    measures: Sequence[str] = ("v2x_polyarchy", "polity2", "euds"),
) -> pd.DataFrame:
    """Add democracy scores per state (``v2x_polyarchy1``, ``polity21``... for dyads); NaN where
    the source has no score. Sources (:mod:`anpo.data.democracy`): V-Dem ``v2x_polyarchy``
    [coppedge2020], Polity5 ``polity2`` [marshall2020], the extended Unified Democracy Scores
    ``euds`` [marquez2016; pemstein2010]."""
    table("democracy", democracy, what="a democracy table")  # a dict: no attribute 'columns'
    unit, cols = _unit(frame)
    # a list: "polity2" was iterated, "democracy table lacks ['p', 'o', ...]"
    measures = name_list(measures, "measures", "polity2")
    missing = [m for m in measures if m not in democracy.columns]
    if missing:
        raise InputError(f"democracy table lacks {missing}", field=missing[0])
    out = frame.copy()
    for name, arr in _state_lookup(frame, democracy, list(measures), cols).items():
        out[name] = arr
    return out


def add_majors(frame: pd.DataFrame, majors: pd.DataFrame) -> pd.DataFrame:
    """Add ``major1``/``major2`` (or ``major``): 1 if a COW major power on any day of the year,
    0 inside the list's years, <NA> outside. Source: COW major powers v2016 [cow2017]."""
    unit, cols = _unit(frame)  # the frame first: the argument named is the first one wrong
    # a dict was "no attribute 'assign'", a table without these columns a bare KeyError: 'ccode'
    table("majors", majors, what="a major-power list", columns=("ccode", "styear", "endyear"))
    ys = _interval_dyads(
        majors.assign(ccode1=majors["ccode"], ccode2=majors["ccode"]), "styear", "endyear"
    )
    right = np.unique(_key2(_int(ys, "ccode1"), _int(ys, "year")))
    cov = year_coverage(majors, ("styear", "endyear"), name="majors")
    year = _int(frame, "year")
    inside = _in_cov(year, cov)
    out = frame.copy()
    for k, col in enumerate(cols):
        idx = _indexer(_key2(_codes(frame, col), year), right)
        name = "major" if len(cols) == 1 else f"major{k + 1}"
        out[name] = _flag(idx, inside)
    return out
