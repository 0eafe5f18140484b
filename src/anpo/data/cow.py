"""Loaders for the Correlates of War (COW) datasets and their peacesciencer exports.

Each loader accepts the official COW distribution and the CSV export of the R package
peacesciencer (S. Miller) of the same data, checks it, and returns one normalised layout. Sources:

- State System Membership v2016: [cow2017], ``states2016.csv``;
  [gleditsch1999], "A revised list of independent states since 1816", *International
  Interactions* 25(4): 393-413 (``iisystem.dat`` / peacesciencer ``gw_states``).
- Major powers: COW ``majors2016.csv``.
- National Material Capabilities v6.0 / v7.0: [singer1972]; [greig2021], NMC codebook: ``-9`` = missing; CINC = mean of the available component shares.
- Militarized Interstate Disputes: [palmer2022], MID 5.0 participant file ``MIDB_5.0.csv``
  and peacesciencer's directed dispute-years; [maoz2019] dyadic MID 4.02
  (``dyadic_mid_4.02.csv``); ``-9`` = missing.
- Direct Contiguity v3.2: [stinnett2002], ``contdird.csv``; conttype 1 (land) .. 5
  (400 miles of water).
- Formal Alliances v4.1 [gibler2009]: only from a file the user supplies (the maintainer asks
  tools not to redistribute or fetch it).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from anpo._checks import as_path
from anpo._io.csvlines import RowLines
from anpo.data._io import (
    # dup-ok: import block: each loader module imports the _io helpers it uses.
    CCODE,
    YEAR,
    Col,
    check_unique,
    convert_columns,
    file_sha256,
    read_csv_rows,
    read_raw_csv,
    refuse_first,
    require_nonnull,
    set_source,
    version_from_name,
)
from anpo.errors import DataError

__all__ = [
    "read_contiguity",
    "read_cow_alliance",
    "read_cow_majors",
    "read_cow_states",
    "read_false_cow_dyads",
    "read_false_dyads",
    "read_false_gw_dyads",
    "read_gw_states",
    "read_mid_disputes",
    "read_mid_dyadic",
    "read_mid_participant",
    "read_nmc",
]


def _column_index(df: pd.DataFrame, name: str) -> int:
    """Position of the (unique) column ``name``."""
    return list(df.columns).index(name)


def _file_version(df: pd.DataFrame, path: Path, col: str = "version") -> str:
    """The file's own version column, written as the file name writes the same number when it
    does (``MIDB_5.0.csv``'s column says 5: the version is 5.0, as the release is named); else
    the version in the file name."""
    named = version_from_name(path, default="")
    if col in df.columns and df[col].notna().any():
        v = float(df[col].dropna().iloc[0])
        try:
            if named and float(named) == v:
                return named
        except ValueError:
            pass
        return f"{v:g}"
    return named or "unknown"


def _dates(
    df: pd.DataFrame, prefix_year: str, month: str, day: str, path: Path, lines: RowLines
) -> pd.Series:
    """A datetime column from year/month/day columns; an impossible date is an error naming the
    line ``lines`` gives for the row's index label."""
    parts = pd.DataFrame({"year": df[prefix_year], "month": df[month], "day": df[day]}).astype(
        "float64"
    )
    out = pd.to_datetime(parts, errors="coerce")
    bad = out.isna() & parts.notna().all(axis=1)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(
            f"impossible date {int(parts.year.iloc[i])}-{int(parts.month.iloc[i])}-"
            f"{int(parts.day.iloc[i])}",
            file=path,
            line=lines.line(df.index[i]),
            field=prefix_year,
        )
    return out.astype("datetime64[ns]")


def _first_line(path: Path) -> str:
    from anpo.data._io import _check_file, _open_text

    text = _open_text(path, _check_file(path))
    return text.split("\n", 1)[0]


def _check_spells(df: pd.DataFrame, code: str, path: Path, lines: RowLines) -> None:
    """Each spell ends after it starts and the spells of one state do not overlap; an error
    names the line ``lines`` gives for the row's index label (kept through the sort)."""
    bad = df["end"] < df["start"]
    refuse_first(bad, "membership ends before it starts", path, lines, field="end")
    order = df.sort_values([code, "start"])
    same = order[code].eq(order[code].shift())
    overlap = same & (order["start"] <= order["end"].shift())
    if overlap.any():
        label = order.index[np.flatnonzero(overlap.to_numpy())[0]]
        raise DataError(
            f"membership spells of state {order[code].loc[label]} overlap",
            file=path,
            line=lines.line(label),
            field="start",
        )


#: The start and end dates of a COW membership (or major-power) spell, and the file's version.
_SPELL_COLS = (
    Col("styear", "int", **YEAR),
    Col("stmonth", "int", lo=1, hi=12),
    Col("stday", "int", lo=1, hi=31),
    Col("endyear", "int", **YEAR),
    Col("endmonth", "int", lo=1, hi=12),
    Col("endday", "int", lo=1, hi=31),
    Col("version", "int", required=False),
)


def _with_spells(df: pd.DataFrame, path: Path, lines: RowLines) -> pd.DataFrame:
    """``start``/``end`` datetimes from the COW date columns, checked (see :func:`_check_spells`),
    and ``attrs["coverage"]``."""
    df["start"] = _dates(df, "styear", "stmonth", "stday", path, lines)
    df["end"] = _dates(df, "endyear", "endmonth", "endday", path, lines)
    _check_spells(df, "ccode", path, lines)
    df.attrs["coverage"] = (int(df["styear"].min()), int(df["endyear"].max()))
    return df


def read_cow_states(path: str | Path) -> pd.DataFrame:
    """Read the COW State System Membership list (``states2016.csv`` or peacesciencer
    ``cow_states``).

    Returns one row per membership spell: ``stateabb, ccode, statenme, styear, stmonth, stday,
    endyear, endmonth, endday, version`` plus ``start`` and ``end`` (datetimes);
    ``attrs["system"] == "cow"``.

    Source: [cow2017], *State System Membership List, v2016*.
    """
    path = as_path(path, "path", error=DataError)
    cols = [
        Col("stateabb", "str"),
        Col("ccode", "int", **CCODE),
        Col("statenme", "str"),
        *_SPELL_COLS,
    ]
    df, lines = read_csv_rows(
        path, cols, dataset="COW State System Membership", version=_file_version
    )
    require_nonnull(
        df, ["ccode", "styear", "stmonth", "stday", "endyear", "endmonth", "endday"], path, lines
    )
    df = _with_spells(df, path, lines)
    df.attrs["system"] = "cow"
    return df


def read_gw_states(path: str | Path) -> pd.DataFrame:
    """Read the Gleditsch-Ward list of independent states (``iisystem.dat``, tab-separated without
    header, dates ``DD:MM:YYYY``; or peacesciencer ``gw_states``).

    Returns ``gwcode, stateabb, statename, start, end, styear, endyear``;
    ``attrs["system"] == "gw"``.

    Source: [gleditsch1999].
    """
    path = as_path(path, "path", error=DataError)
    cols = [
        Col("gwcode", "int", lo=1, hi=999),
        Col("stateabb", "str"),
        Col("statename", "str"),
        Col("start", "date", aliases=("startdate",)),
        Col("end", "date", aliases=("enddate",)),
    ]
    first = _first_line(path)
    if "gwcode" in first.lower():
        raw, lines = read_raw_csv(path)
    else:
        # official layout: no header, tab separated
        head, lines = read_raw_csv(path, sep="\t", header=False)
        if head.shape[1] != 5:
            raise DataError(
                "not a Gleditsch-Ward state list (expected a 'gwcode' column or the 5-field "
                "tab-separated iisystem.dat layout)",
                file=path,
                line=1,
            )
        head.columns = ["gwcode", "stateabb", "statename", "start", "end"]
        raw = head
    if raw.empty:
        raise DataError("the file has no data rows", file=path)
    df = convert_columns(raw, cols, path, lines)
    require_nonnull(df, ["gwcode", "start", "end"], path, lines)
    _check_spells(df, "gwcode", path, lines)
    df["styear"] = df["start"].dt.year.astype("Int64")
    df["endyear"] = df["end"].dt.year.astype("Int64")
    version = version_from_name(path, default=str(int(df["endyear"].max())))
    set_source(df, "Gleditsch-Ward independent states", version, file_sha256(path), path)
    df.attrs["system"] = "gw"
    df.attrs["coverage"] = (int(df["styear"].min()), int(df["endyear"].max()))
    return df


def read_cow_majors(path: str | Path) -> pd.DataFrame:
    """Read the COW major-power list (``majors2016.csv`` or peacesciencer ``cow_majors``).

    Returns ``ccode, styear, stmonth, stday, endyear, endmonth, endday, start, end``.

    Source: [cow2017], *State System Membership v2016*, major powers.
    """
    path = as_path(path, "path", error=DataError)
    cols = [
        Col("stateabb", "str", required=False),
        Col("ccode", "int", **CCODE),
        *_SPELL_COLS,
    ]
    df, lines = read_csv_rows(path, cols, dataset="COW major powers", version=_file_version)
    require_nonnull(df, ["ccode", "styear", "endyear"], path, lines)
    return _with_spells(df, path, lines)


NMC_COMPONENTS = ("milex", "milper", "irst", "pec", "tpop", "upop")


def read_nmc(path: str | Path) -> pd.DataFrame:
    """Read National Material Capabilities (official ``NMC-60-abridged.csv`` / v7 or peacesciencer
    ``cow_nmc``).

    Returns ``stateabb, ccode, year, milex, milper, irst, pec, tpop, upop, cinc`` (components as
    float64; the missing code ``-9`` becomes NaN). The version is "6.0" when the data end in 2016,
    "7.0" when they end in 2022, else the file's ``version`` column or name.

    Source: [singer1972]; NMC v6.0 codebook [greig2021]: milex in
    thousands of current US$, milper thousands, irst thousands of tons, pec thousands of coal-ton
    equivalents, tpop and upop thousands; ``-9`` = missing.
    """
    path = as_path(path, "path", error=DataError)
    cols = [
        Col("stateabb", "str", required=False),
        Col("ccode", "int", **CCODE),
        Col("year", "int", **YEAR),
        *[Col(c, "float", missing=(-9.0,), lo=0) for c in NMC_COMPONENTS],
        Col("cinc", "float", missing=(-9.0,), lo=0, hi=1),
        Col("version", "int", required=False),
    ]

    def version(df: pd.DataFrame, p: Path) -> str:
        last = int(df["year"].max())
        known = {2007: "4.0", 2012: "5.0", 2016: "6.0", 2022: "7.0"}
        if last in known:
            return known[last]
        return _file_version(df, p)

    df, lines = read_csv_rows(
        path,
        cols,
        dataset="COW National Material Capabilities",
        version=version,
        key=("ccode", "year"),
    )
    require_nonnull(df, ["ccode", "year"], path, lines)
    df = df.drop(columns=["version"])
    df.attrs["coverage"] = (int(df["year"].min()), int(df["year"].max()))
    return df


def read_mid_participant(path: str | Path) -> pd.DataFrame:
    """Read the MID participant-level file (``MIDB_5.0.csv``): one row per state per dispute.

    Returns ``dispnum, stabb, ccode, stday, stmon, styear, endday, endmon, endyear, sidea,
    revstate, revtype1, revtype2, fatality, fatalpre, hiact, hostlev, orig``; ``-9`` -> null.

    Source: [palmer2022]; MID 5.0 codebook.
    """
    path = as_path(path, "path", error=DataError)
    m9 = (-9.0,)
    cols = [
        Col("dispnum", "int", lo=1),
        Col("stabb", "str", required=False),
        Col("ccode", "int", **CCODE),
        Col("stday", "int", missing=m9, lo=1, hi=31),
        Col("stmon", "int", missing=m9, lo=1, hi=12),
        Col("styear", "int", **YEAR),
        Col("endday", "int", missing=m9, lo=1, hi=31),
        Col("endmon", "int", missing=m9, lo=1, hi=12),
        Col("endyear", "int", **YEAR),
        Col("sidea", "int", missing=m9, lo=0, hi=1),
        Col("revstate", "int", missing=m9, lo=0, hi=1),
        Col("revtype1", "int", missing=m9, lo=0, hi=4),
        Col("revtype2", "int", missing=m9, lo=0, hi=4),
        Col("fatality", "int", missing=m9, lo=0, hi=6),
        Col("fatalpre", "int", missing=m9, lo=0),
        Col("hiact", "int", missing=m9, lo=0, hi=21),
        Col("hostlev", "int", missing=m9, lo=1, hi=5),
        Col("orig", "int", missing=m9, lo=0, hi=1),
        Col("version", "int", required=False),
    ]
    df, lines = read_csv_rows(
        path,
        cols,
        dataset="COW Militarized Interstate Disputes (participants)",
        version=lambda d, p: _file_version(d, p),
    )
    require_nonnull(df, ["dispnum", "ccode", "styear", "endyear"], path, lines)
    bad = df["endyear"] < df["styear"]
    refuse_first(bad, "dispute ends before it starts", path, lines, field="endyear")
    df = df.drop(columns=["version"])
    df.attrs["coverage"] = (int(df["styear"].min()), int(df["endyear"].max()))
    return df


def read_mid_disputes(path: str | Path) -> pd.DataFrame:
    """Read the MID dispute-level file: one row per dispute (the official ``MIDA_5.0.csv`` or
    peacesciencer's ``cow_mid_disps``).

    Returns ``dispnum, styear, stmon, stday, endyear, endmon, endday, outcome, settle, fatality,
    fatalpre, mindur, maxdur, hiact, hostlev, recip, numa, numb`` (``-9`` -> null; columns a
    layout lacks are null). ``attrs["coverage"]`` gives the first and last year.

    Source: [palmer2022], "Updating the Militarized Interstate
    Dispute Data: A Response to Gibler, Miller, and Little", *International Studies Quarterly*
    66(2); MID 5.0 codebook: ``hostlev`` 1 no militarized action .. 5 war, ``numa``/``numb``
    the number of states on sides A and B.
    """
    path = as_path(path, "path", error=DataError)
    m9 = (-9.0,)
    cols = [
        Col("dispnum", "int", lo=1),
        Col("styear", "int", **YEAR),
        Col("stmon", "int", missing=m9, lo=1, hi=12, required=False),
        Col("stday", "int", missing=m9, lo=1, hi=31, required=False),
        Col("endyear", "int", missing=m9, required=False, **YEAR),
        Col("endmon", "int", missing=m9, lo=1, hi=12, required=False),
        Col("endday", "int", missing=m9, lo=1, hi=31, required=False),
        Col("outcome", "int", missing=m9, lo=0, hi=9, required=False),
        Col("settle", "int", missing=m9, lo=0, hi=4, required=False),
        Col("fatality", "int", missing=m9, lo=0, hi=6, required=False),
        Col("fatalpre", "int", missing=m9, lo=0, required=False),
        Col("mindur", "int", missing=m9, lo=0, required=False),
        Col("maxdur", "int", missing=m9, lo=0, required=False),
        Col("hiact", "int", missing=m9, lo=0, hi=23),
        Col("hostlev", "int", missing=m9, lo=1, hi=5),
        Col("recip", "int", missing=m9, lo=0, hi=1, required=False),
        Col("numa", "int", missing=m9, lo=1, required=False),
        Col("numb", "int", missing=m9, lo=1, required=False),
        Col("version", "float", required=False),
    ]
    df, lines = read_csv_rows(
        path,
        cols,
        dataset="COW Militarized Interstate Disputes (dispute level)",
        version=lambda d, p: _file_version(d, p) if d["version"].notna().any() else "5.0",
        key=("dispnum",),
    )
    require_nonnull(df, ["dispnum", "styear"], path, lines)
    bad = df["endyear"].notna() & (df["endyear"] < df["styear"])
    refuse_first(bad, "dispute ends before it starts", path, lines, field="endyear")
    df = df.drop(columns=["version"])
    last = df["endyear"].max() if df["endyear"].notna().any() else df["styear"].max()
    df.attrs["coverage"] = (int(df["styear"].min()), int(max(int(last), int(df["styear"].max()))))
    return df


def read_mid_dyadic(path: str | Path) -> pd.DataFrame:
    """Read dyadic dispute-years: the official dyadic MID file (``dyadic_mid_4.02.csv``, Maoz et
    al.) or peacesciencer's directed dispute-years (``cow_mid_dirdisps``).

    Returns directed rows ``dispnum, ccode1, ccode2, year, styear, onset, sidea1, sidea2,
    orig1, orig2, hostlev1, hostlev2, hiact1, hiact2, fatality1, fatality2`` (both directions of
    each dyad; ``-9`` -> null). The directed variables describe each state of the row: its side
    (``sidea``: 1 = side A, the side of the first state to take militarized action), whether it
    was an originator of the dispute (``orig``: 1) or a joiner (0), and its own highest
    hostility level (``hostlev``: 1 none, 2 threat, 3 display, 4 use of force, 5 war).

    ``onset`` is 1 in the year the dyadic dispute began (``year == strtyr`` in the dyadic MID
    file; ``disponset`` in peacesciencer's export). The dyadic file's ``new`` column is *not*
    onset: it flags dyads new in version 4 of the data [maoz2019, codebook]. ``styear``
    is the dispute's first year. ``attrs["coverage"]`` gives the first and last year;
    ``attrs["hostility_by"]`` says whether the hostility levels are those of each dyad-year
    (``"dyad-year"``, the dyadic MID file) or of the whole dispute (``"dispute"``,
    peacesciencer's export, which repeats them in every year).

    Sources: [maoz2019], "The Dyadic Militarized Interstate
    Disputes (MIDs) Dataset Version 3.0", *Journal of Conflict Resolution* 63(3); [palmer2022] MID 5.0 (peacesciencer's dyadic conversion).
    """
    path = as_path(path, "path", error=DataError)
    raw, lines = read_raw_csv(path)
    m9 = (-9.0,)
    if "disno" in raw.columns and "statea" in raw.columns:
        cols = [
            Col("dispnum", "int", lo=1, aliases=("disno",)),
            Col("ccode1", "int", aliases=("statea",), **CCODE),
            Col("ccode2", "int", aliases=("stateb",), **CCODE),
            Col("year", "int", **YEAR),
            Col("styear", "int", aliases=("strtyr",), **YEAR),
            Col("sidea1", "int", missing=m9, lo=0, hi=1, aliases=("sideaa",), strict=False),
            Col("sidea2", "int", missing=m9, lo=0, hi=1, aliases=("sideab",), strict=False),
            Col("orig1", "int", missing=m9, lo=0, hi=1, aliases=("orignata",), strict=False),
            Col("orig2", "int", missing=m9, lo=0, hi=1, aliases=("orignatb",), strict=False),
            Col("hostlev1", "int", missing=m9, lo=0, hi=5, aliases=("hihosta",), strict=False),
            Col("hostlev2", "int", missing=m9, lo=0, hi=5, aliases=("hihostb",), strict=False),
            Col("hiact1", "int", missing=m9, lo=0, hi=23, aliases=("highmcaa",), strict=False),
            Col("hiact2", "int", missing=m9, lo=0, hi=23, aliases=("highmcab",), strict=False),
            Col("fatality1", "int", missing=m9, lo=0, hi=6, aliases=("fatleva",), strict=False),
            Col("fatality2", "int", missing=m9, lo=0, hi=6, aliases=("fatlevb",), strict=False),
        ]
        dataset = "Dyadic MID (Maoz et al.)"
    elif {"dispnum", "ccode1", "ccode2", "year"} <= set(raw.columns):
        cols = [
            Col("dispnum", "int", lo=1),
            Col("ccode1", "int", **CCODE),
            Col("ccode2", "int", **CCODE),
            Col("year", "int", **YEAR),
            Col("onset", "int", missing=m9, lo=0, hi=1, aliases=("disponset",), required=False),
            Col("sidea1", "int", missing=m9, lo=0, hi=1),
            Col("sidea2", "int", missing=m9, lo=0, hi=1),
            Col("orig1", "int", missing=m9, lo=0, hi=1, required=False),
            Col("orig2", "int", missing=m9, lo=0, hi=1, required=False),
            Col("hostlev1", "int", missing=m9, lo=0, hi=5),
            Col("hostlev2", "int", missing=m9, lo=0, hi=5),
            Col("hiact1", "int", missing=m9, lo=0, hi=23),
            Col("hiact2", "int", missing=m9, lo=0, hi=23),
            Col("fatality1", "int", missing=m9, lo=0, hi=6),
            Col("fatality2", "int", missing=m9, lo=0, hi=6),
        ]
        dataset = "COW MID dyadic dispute-years (peacesciencer)"
    else:
        raise DataError(
            "not a dyadic MID file: expected columns disno/statea/stateb/year (dyadic MID) or "
            "dispnum/ccode1/ccode2/year (directed dispute-years)",
            file=path,
            line=lines.header_line,
        )
    if raw.empty:
        raise DataError("the file has a header but no data rows", file=path)
    df = convert_columns(raw, cols, path, lines)
    warnings = df.attrs.get("warnings", [])
    require_nonnull(df, ["dispnum", "ccode1", "ccode2", "year"], path, lines)
    if "styear" in df.columns:
        # dyadic MID: onset in the dyadic dispute's first year [maoz2019, ``strtyr``]
        df.insert(_column_index(df, "styear") + 1, "onset", (df["year"] == df["styear"]))
        df["onset"] = df["onset"].astype("Int64")
    else:
        # peacesciencer's dispute-years: the dispute's first year is the first year listed
        first = df.groupby("dispnum")["year"].transform("min")
        df.insert(_column_index(df, "year") + 1, "styear", first.astype("Int64"))
    pairs = set(zip(df["ccode1"], df["ccode2"], strict=True))
    if not all((b, a) in pairs for a, b in pairs):
        # one row per dyad: add the other direction
        swap = {
            "ccode1": "ccode2",
            "ccode2": "ccode1",
            "sidea1": "sidea2",
            "sidea2": "sidea1",
            "orig1": "orig2",
            "orig2": "orig1",
            "hostlev1": "hostlev2",
            "hostlev2": "hostlev1",
            "hiact1": "hiact2",
            "hiact2": "hiact1",
            "fatality1": "fatality2",
            "fatality2": "fatality1",
        }
        df = pd.concat([df, df.rename(columns=swap)[df.columns]], ignore_index=True)
    df = _merge_spells(df)
    version = "5.0" if "peacesciencer" in dataset else version_from_name(path)
    set_source(df, dataset, version, file_sha256(path), path)
    # the dyadic MID file gives each dyad-year its own hostility and action levels; the
    # peacesciencer dispute-years repeat the dispute's highest levels in every year
    df.attrs["hostility_by"] = "dispute" if "peacesciencer" in dataset else "dyad-year"
    if warnings:
        df.attrs["warnings"] = warnings
    df.attrs["coverage"] = (int(df["year"].min()), int(df["year"].max()))
    return df


#: Columns of a directed dispute-year that take the highest value over a dyad's spells.
_SPELL_MAX = ("onset", "hostlev1", "hostlev2", "hiact1", "hiact2", "fatality1", "fatality2")


def _merge_spells(df: pd.DataFrame) -> pd.DataFrame:
    """One row per dispute, directed dyad and year.

    The dyadic MID file gives a dyad two spells in one dispute-year where it left and
    re-entered the dispute (dispute 257: the U.S. and Germany in 1917, one spell at hostility
    1, the other at 4). The spells are merged: hostility, highest action and fatality levels
    are the highest of the spells, ``onset`` is 1 when any spell begins that year, ``styear``
    is the earliest spell's start, and the side and originator flags are the earliest spell's
    (the first listed when two begin in the same year). Rows without a twin are unchanged."""
    key = ["dispnum", "ccode1", "ccode2", "year"]
    twin = df.duplicated(key, keep=False)
    if not twin.any():
        return df.reset_index(drop=True)
    spells = df[twin]
    order = spells.sort_values("styear", kind="stable") if "styear" in spells else spells
    merged = order.drop_duplicates(key, keep="first").set_index(key)
    highest = [c for c in _SPELL_MAX if c in spells.columns]
    merged[highest] = spells.groupby(key)[highest].max().reindex(merged.index)
    merged = merged.reset_index()[df.columns]
    merged.index = order.drop_duplicates(key, keep="first").index
    out = pd.concat([df[~twin], merged]).sort_index()
    for c in df.columns:
        out[c] = out[c].astype(df[c].dtype)
    return out.reset_index(drop=True)


def read_contiguity(path: str | Path) -> pd.DataFrame:
    """Read COW Direct Contiguity: the official directed dyad-year file (``contdird.csv``) or
    peacesciencer's interval file (``cow_contdir``: ``ccode1, ccode2, conttype, stdate,
    enddate``).

    Returns directed dyad-years ``ccode1, ccode2, year, conttype`` with the closest type of the
    year (1 = land/river border, 2-5 = separated by up to 12, 24, 150, 400 miles of water).

    Source: [stinnett2002], "The Correlates of War Project Direct
    Contiguity Data, Version 3", *Conflict Management and Peace Science* 19(2): 58-66.
    """
    path = as_path(path, "path", error=DataError)
    raw, lines = read_raw_csv(path)
    if raw.empty:
        raise DataError("the file has a header but no data rows", file=path)
    if {"stdate", "enddate"} <= set(raw.columns):
        cols = [
            Col("ccode1", "int", **CCODE),
            Col("ccode2", "int", **CCODE),
            Col("conttype", "int", lo=0, hi=5),
            Col("stdate", "date"),
            Col("enddate", "date"),
        ]
        iv = convert_columns(raw, cols, path, lines)
        require_nonnull(iv, ["ccode1", "ccode2", "conttype", "stdate", "enddate"], path, lines)
        y0 = iv["stdate"].dt.year.to_numpy()
        y1 = iv["enddate"].dt.year.to_numpy()
        if (y1 < y0).any():
            i = int(np.flatnonzero(y1 < y0)[0])
            raise DataError(
                "contiguity ends before it starts", file=path, line=lines.line(iv.index[i])
            )
        n = y1 - y0 + 1
        rep = np.repeat(np.arange(len(iv)), n)
        years = y0[rep] + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
        df = pd.DataFrame(
            {
                "ccode1": iv["ccode1"].to_numpy()[rep],
                "ccode2": iv["ccode2"].to_numpy()[rep],
                "year": years.astype("int64"),
                "conttype": iv["conttype"].to_numpy()[rep],
            }
        )
        df = df[df["conttype"] > 0]  # 0 = "not contiguous" in the interval layout
        dataset = "COW Direct Contiguity (peacesciencer intervals)"
        version = "3.2"
    else:
        cols = [
            Col("ccode1", "int", aliases=("state1no",), **CCODE),
            Col("ccode2", "int", aliases=("state2no",), **CCODE),
            Col("year", "int", **YEAR),
            Col("conttype", "int", lo=1, hi=5),
            Col("version", "float", required=False),
        ]
        df = convert_columns(raw, cols, path, lines)
        require_nonnull(df, ["ccode1", "ccode2", "year", "conttype"], path, lines)
        version = _file_version(df, path)
        df = df.drop(columns=["version"])
        dataset = "COW Direct Contiguity"
    df = (
        df.groupby(["ccode1", "ccode2", "year"])["conttype"]
        .min()
        .reset_index()
        .astype({"ccode1": "Int64", "ccode2": "Int64", "year": "Int64", "conttype": "Int64"})
    )
    # directed: make sure both directions are present
    rev = df.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})[df.columns]
    df = (
        pd.concat([df, rev], ignore_index=True)
        .groupby(["ccode1", "ccode2", "year"])["conttype"]
        .min()
        .reset_index()
    )
    set_source(df, dataset, version, file_sha256(path), path)
    df.attrs["coverage"] = (int(df["year"].min()), int(df["year"].max()))
    return df


def read_cow_alliance(path: str | Path) -> pd.DataFrame:
    """Read the COW Formal Alliances dyad-year file the user downloaded
    (``alliance_v4.1_by_dyad_yearly.csv`` or ``..._by_directed_yearly.csv``).

    anpo never ships nor downloads this dataset: its maintainer asks that tools do not
    redistribute it. ATOP is the default alliance source (:func:`anpo.data.read_atop_dyad`).

    Returns directed dyad-years ``ccode1, ccode2, year, cow_defense, cow_neutrality,
    cow_nonaggression, cow_entente`` (1 when any alliance of the dyad has that obligation).

    Source: [gibler2009], *International Military Alliances, 1648-2008*, CQ Press; COW Formal
    Alliances v4.1 codebook.
    """
    path = as_path(path, "path", error=DataError)
    cols = [
        Col("ccode1", "int", **CCODE),
        Col("ccode2", "int", **CCODE),
        Col("year", "int", **YEAR),
        Col("defense", "int", missing=(-9.0,), lo=0, hi=1),
        Col("neutrality", "int", missing=(-9.0,), lo=0, hi=1),
        Col("nonaggression", "int", missing=(-9.0,), lo=0, hi=1),
        Col("entente", "int", missing=(-9.0,), lo=0, hi=1),
        Col("version4id", "int", required=False),
        Col("version", "float", required=False),
    ]
    df, lines = read_csv_rows(
        path, cols, dataset="COW Formal Alliances (user-supplied)", version=_file_version
    )
    require_nonnull(df, ["ccode1", "ccode2", "year"], path, lines)
    src = df.attrs["source"]
    flags = ["defense", "neutrality", "nonaggression", "entente"]
    base = df[["ccode1", "ccode2", "year", *flags]]
    rev = base.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})[base.columns]
    out = (
        pd.concat([base, rev], ignore_index=True)
        .groupby(["ccode1", "ccode2", "year"], as_index=False)[flags]
        .max()
        .rename(columns={f: f"cow_{f}" for f in flags})
    )
    out.attrs["source"] = src
    out.attrs["coverage"] = (int(out["year"].min()), int(out["year"].max()))
    return out


def read_false_dyads(path: str | Path) -> pd.DataFrame:
    """Read a list of false dyads (``false_cow_dyads`` / ``false_gw_dyads`` from peacesciencer):
    pairs of states that were both members in a year but never at the same time.

    Returns ``code1, code2, year`` named ``ccode1, ccode2`` (COW) or ``gwcode1, gwcode2`` (G-W).
    anpo's builders compute false dyads from the membership dates themselves
    (:func:`anpo.relations.false_dyads`); this file serves to check them.
    """
    path = as_path(path, "path", error=DataError)
    raw, lines = read_raw_csv(path)
    gw = "gwcode1" in raw.columns
    a, b = ("gwcode1", "gwcode2") if gw else ("ccode1", "ccode2")
    cols = [Col(a, "int", **CCODE), Col(b, "int", **CCODE), Col("year", "int", **YEAR)]
    if raw.empty:
        raise DataError("the file has a header but no data rows", file=path)
    df = convert_columns(raw, cols, path, lines)
    check_unique(df, [a, b, "year"], path, lines)
    set_source(
        df,
        "False dyads (" + ("Gleditsch-Ward" if gw else "COW") + " system)",
        version_from_name(path),
        file_sha256(path),
        path,
    )
    df.attrs["system"] = "gw" if gw else "cow"
    return df


def _false_dyads_of(path: str | Path, system: str) -> pd.DataFrame:
    """:func:`read_false_dyads`, refusing the other system's list (its kind is the other)."""
    df = read_false_dyads(path)
    if df.attrs["system"] != system:
        other = "false_gw_dyads" if system == "cow" else "false_dyads"
        raise DataError(
            "this is the "
            + ("Gleditsch-Ward" if system == "cow" else "COW")
            + f" system's list of false dyads: its kind is {other}",
            file=Path(path),
        )
    return df


def read_false_cow_dyads(path: str | Path) -> pd.DataFrame:
    """The COW system's false dyads (peacesciencer ``false_cow_dyads``; catalog kind
    ``false_dyads``): :func:`read_false_dyads` of a file with ``ccode1, ccode2``."""
    return _false_dyads_of(path, "cow")


def read_false_gw_dyads(path: str | Path) -> pd.DataFrame:
    """The Gleditsch-Ward system's false dyads (peacesciencer ``false_gw_dyads``; catalog kind
    ``false_gw_dyads``): :func:`read_false_dyads` of a file with ``gwcode1, gwcode2``."""
    return _false_dyads_of(path, "gw")
