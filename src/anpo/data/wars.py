"""Loader for the Correlates of War inter-state war data (participants and their sides).

Source: [sarkees2010]; COW Inter-State
War Data v4.0 (``Inter-StateWarData_v4.0.csv``, correlatesofwar.org). Two layouts are read:

- the official participant file: one row per state and side (``WarNum, WarName, WarType, ccode,
  StateName, Side, StartMonth1, StartDay1, StartYear1, EndMonth1, EndDay1, EndYear1,
  StartMonth2, ..., EndYear2, TransFrom, WhereFought, Initiator, Outcome, TransTo, BatDeath,
  Version``; ``-8`` = not applicable, ``-9`` = unknown; ``Initiator`` 1 = yes, 2 = no);
- the directed dyad-year export of the R package peacesciencer (S. Miller), ``cow_war_inter``
  (``warnum, ccode1, ccode2, year, cowinterongoing, cowinteronset, sidea1, sidea2, initiator1,
  ..., outcome1, outcome2, batdeath1, batdeath2, resume``; ``sidea1`` is the COW side, 1 or 2, of
  ``ccode1``). Participants and their spells are recovered from the dyad-years: a state's spell
  on one side runs from the first to the last year of its dyads on that side.

Both give one row per participant *spell on one side*: a state that changed sides during a war
(Italy, Romania and Bulgaria in the Second World War; COW outcome 8) has one row per side.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from anpo._checks import as_path, table
from anpo._io.csvlines import RowLines
from anpo.data._io import (
    CCODE,
    YEAR,
    Col,
    convert_columns,
    file_sha256,
    read_raw_csv,
    require_nonnull,
    set_source,
)
from anpo.errors import DataError

__all__ = ["WAR_COLUMNS", "read_cow_war_inter", "war_participants"]

#: Columns of the frame returned by :func:`read_cow_war_inter`.
WAR_COLUMNS = (
    "warnum",
    "warname",
    "ccode",
    "side",
    "styear",
    "stmonth",
    "endyear",
    "initiator",
    "outcome",
    "batdeath",
)


def _official(raw: pd.DataFrame, path: Path, lines: RowLines) -> pd.DataFrame:
    m = (-8.0, -9.0)
    cols = [
        Col("warnum", "int", lo=1),
        Col("warname", "str", required=False),
        Col("wartype", "int", required=False, missing=m),
        Col("ccode", "int", **CCODE),
        Col("side", "int", lo=1, hi=2),
        Col("startyear1", "int", **YEAR),
        Col("startmonth1", "int", missing=m, lo=1, hi=12, required=False),
        Col("endyear1", "int", missing=m, **YEAR),
        Col("startyear2", "int", missing=m, required=False, **YEAR),
        Col("endyear2", "int", missing=m, required=False, **YEAR),
        Col("initiator", "int", missing=m, lo=1, hi=2, required=False),
        Col("outcome", "int", missing=m, lo=1, hi=8, required=False),
        Col("batdeath", "int", missing=m, lo=0, required=False),
        Col("version", "float", required=False),
    ]
    df = convert_columns(raw, cols, path, lines)
    require_nonnull(df, ["warnum", "ccode", "side", "startyear1"], path, lines)
    end = df["endyear2"].fillna(df["endyear1"]).fillna(df["startyear1"])
    bad = end < df["startyear1"]
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(
            "participation ends before it starts", file=path, line=lines.line(df.index[i])
        )
    out = pd.DataFrame(
        {
            "warnum": df["warnum"],
            "warname": df["warname"],
            "ccode": df["ccode"],
            "side": df["side"],
            "styear": df["startyear1"],
            "stmonth": df["startmonth1"],
            "endyear": end.astype("Int64"),
            # official coding: 1 = initiator, 2 = not
            "initiator": (df["initiator"] == 1).astype("Int64").where(df["initiator"].notna()),
            "outcome": df["outcome"],
            "batdeath": df["batdeath"],
        }
    )
    v = df["version"].dropna()
    version = f"{float(v.iloc[0]):g}" if len(v) else "4.0"
    return _finish(out, path, "COW Inter-State War Data (participants)", version)


def _peacesciencer(raw: pd.DataFrame, path: Path, lines: RowLines) -> pd.DataFrame:
    m = (-8.0, -9.0)
    cols = [
        Col("warnum", "int", lo=1),
        Col("ccode1", "int", **CCODE),
        Col("ccode2", "int", **CCODE),
        Col("year", "int", **YEAR),
        Col("sidea1", "int", lo=1, hi=2),
        Col("initiator1", "int", missing=m, lo=0, hi=1, required=False),
        Col("outcome1", "int", missing=m, lo=1, hi=8, required=False),
        Col("batdeath1", "int", missing=m, lo=0, required=False),
    ]
    df = convert_columns(raw, cols, path, lines)
    require_nonnull(df, ["warnum", "ccode1", "ccode2", "year", "sidea1"], path, lines)
    g = (
        df.groupby(["warnum", "ccode1", "sidea1"], sort=True)
        .agg(
            styear=("year", "min"),
            endyear=("year", "max"),
            initiator=("initiator1", "max"),
            outcome=("outcome1", "max"),
            batdeath=("batdeath1", "max"),
        )
        .reset_index()
        .rename(columns={"ccode1": "ccode", "sidea1": "side"})
    )
    out = pd.DataFrame(
        {
            "warnum": g["warnum"].astype("Int64"),
            "warname": pd.Series(pd.NA, index=g.index, dtype="string"),
            "ccode": g["ccode"].astype("Int64"),
            "side": g["side"].astype("Int64"),
            "styear": g["styear"].astype("Int64"),
            "stmonth": pd.Series(pd.NA, index=g.index, dtype="Int64"),
            "endyear": g["endyear"].astype("Int64"),
            "initiator": g["initiator"].astype("Int64"),
            "outcome": g["outcome"].astype("Int64"),
            "batdeath": g["batdeath"].astype("Int64"),
        }
    )
    return _finish(out, path, "COW Inter-State War Data (peacesciencer dyad-years)", "4.0")


def _finish(out: pd.DataFrame, path: Path, dataset: str, version: str) -> pd.DataFrame:
    out = out.sort_values(["warnum", "styear", "ccode", "side"], kind="stable").reset_index(
        drop=True
    )
    set_source(out, dataset, version, file_sha256(path), path)
    out.attrs["coverage"] = (int(out["styear"].min()), int(out["endyear"].max()))
    return out


def read_cow_war_inter(path: str | Path) -> pd.DataFrame:
    """Read the COW inter-state war participants (official ``Inter-StateWarData_v4.0.csv`` or
    peacesciencer's ``cow_war_inter`` dyad-years; the layout is told from the header).

    Returns one row per participant spell on one side: ``warnum, warname, ccode, side (1 or 2),
    styear, stmonth, endyear, initiator (0/1), outcome (COW code: 1 winner, 2 loser, 3 compromise,
    4 transformed, 5 ongoing, 6 stalemate, 7 continuing, 8 changed sides), batdeath``; ``warname``
    and ``stmonth`` are null for the peacesciencer layout, which has neither. ``attrs["coverage"]``
    gives the first and last year.

    Source: [sarkees2010]; COW Inter-State War Data v4.0.
    """
    path = as_path(path, "path", error=DataError)
    raw, lines = read_raw_csv(path)
    if raw.empty:
        raise DataError("the file has a header but no data rows", file=path)
    cols = set(raw.columns)
    if {"warnum", "ccode", "side", "startyear1"} <= cols:
        return _official(raw, path, lines)
    if {"warnum", "ccode1", "ccode2", "year", "sidea1"} <= cols:
        return _peacesciencer(raw, path, lines)
    raise DataError(
        "not a COW inter-state war file: expected WarNum/ccode/Side/StartYear1 (official "
        "participant file) or warnum/ccode1/ccode2/year/sidea1 (peacesciencer cow_war_inter)",
        file=path,
        line=lines.header_line,
    )


def war_participants(wars: pd.DataFrame, warnum: int) -> pd.DataFrame:
    """The participants of one war with the side each *first* fought on.

    Returns ``ccode, side, styear, switched`` (one row per state; ``side`` is the side of its
    earliest spell, ordered by start year and month; ``switched`` is True when it later fought on
    the other side). Raises :class:`DataError` when the war is not in ``wars``.
    """
    cols = ("warnum", "ccode", "side", "styear", "stmonth")
    table("wars", wars, error=DataError, what="the inter-state war participants", columns=cols)
    sub = wars[wars["warnum"] == int(warnum)]
    if sub.empty:
        raise DataError(f"war {warnum} is not in the inter-state war data", field="warnum")
    order = sub.assign(_m=sub["stmonth"].fillna(0)).sort_values(
        ["ccode", "styear", "_m", "side"], kind="stable"
    )
    first = order.groupby("ccode", sort=True).first()
    nsides = sub.groupby("ccode")["side"].nunique()
    return pd.DataFrame(
        {
            "ccode": first.index.astype("int64"),
            "side": first["side"].astype("int64").to_numpy(),
            "styear": first["styear"].astype("int64").to_numpy(),
            "switched": (nsides.reindex(first.index) > 1).to_numpy(),
        }
    )
