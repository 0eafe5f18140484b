"""Loaders for democracy scores.

Sources:
- ``cw_democracy`` (state-year, COW codes), distributed with the R package isard (S. Miller):
  Extended Unified Democracy Scores ``euds``/``aeuds`` ([marquez2016], "A Quick Method for
  Extending the Unified Democracy Scores"; [pemstein2010]), ``polity2`` (Polity5,
  [marshall2020]) and V-Dem's electoral democracy index ``v2x_polyarchy`` ([coppedge2020],
  V-Dem v10+).
- Polity5 (Center for Systemic Peace; [marshall2020]): the annual file ``p5v2018.csv`` or
  the regime-episode file ``p5v2018d.csv``. Special codes -66 (interruption), -77 (interregnum)
  and -88 (transition) are not scores: they become null and are kept in ``polity_special``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from anpo._checks import as_path
from anpo.data._io import (
    # dup-ok: import block: each loader module imports the _io helpers it uses.
    Col,
    check_unique,
    convert_columns,
    file_sha256,
    read_csv_rows,
    read_raw_csv,
    require_nonnull,
    set_source,
    version_from_name,
)
from anpo.errors import DataError

__all__ = ["read_democracy", "read_polity"]


def read_democracy(path: str | Path) -> pd.DataFrame:
    """Read the state-year democracy table ``ccode, year, euds, aeuds, polity2, v2x_polyarchy``
    (any of the four measures may be absent; at least one is needed). ``polity2`` keeps its full
    range -10..10 (``-9`` is a valid score there)."""
    path = as_path(path, "path", error=DataError)
    cols = [
        Col("ccode", "int", lo=1, hi=999),
        Col("year", "int", lo=1700, hi=2100),
        Col("euds", "float", required=False),
        Col("aeuds", "float", required=False),
        Col("polity2", "float", required=False, lo=-10, hi=10, missing=(-66, -77, -88)),
        Col("v2x_polyarchy", "float", required=False, lo=0, hi=1),
    ]
    df, lines = read_csv_rows(
        path,
        cols,
        dataset="Democracy scores by COW state-year (UDS, Polity2, V-Dem)",
        version=lambda d, p: version_from_name(p, default=str(int(d["year"].max()))),
        key=("ccode", "year"),
    )
    require_nonnull(df, ["ccode", "year"], path, lines)
    measures = ["euds", "aeuds", "polity2", "v2x_polyarchy"]
    if df[measures].isna().all().all():
        raise DataError(
            "no democracy measure column", file=path, line=lines.header_line, field="euds"
        )
    df.attrs["coverage"] = (int(df["year"].min()), int(df["year"].max()))
    return df


_SPECIAL = (-66.0, -77.0, -88.0)


def read_polity(path: str | Path) -> pd.DataFrame:
    """Read Polity5: annual (``ccode, year, polity, polity2, democ, autoc``) or episodes
    (``ccode, byear, eyear, polity, democ, autoc``); episodes are expanded to state-years.

    Returns ``ccode, year, scode, country, polity, polity2, democ, autoc, polity_special``.
    """
    path = as_path(path, "path", error=DataError)
    raw, lines = read_raw_csv(path)
    if raw.empty:
        raise DataError("the file has a header but no data rows", file=path)
    base = [
        Col("ccode", "int", lo=1, hi=999),
        Col("scode", "str", required=False),
        Col("country", "str", required=False),
        Col("polity", "float", lo=-88, hi=10),
        Col("democ", "float", lo=-88, hi=10, required=False),
        Col("autoc", "float", lo=-88, hi=10, required=False),
    ]
    if "year" in raw.columns:
        cols = [
            *base,
            Col("year", "int", lo=1700, hi=2100),
            Col("polity2", "float", lo=-10, hi=10, required=False),
        ]
        df = convert_columns(raw, cols, path, lines)
        dataset = "Polity5 annual"
    elif {"byear", "eyear"} <= set(raw.columns):
        cols = [
            *base,
            Col("byear", "int", lo=1700, hi=2100),
            Col("eyear", "int", lo=1700, hi=9999, missing=(9999.0,)),
        ]
        ep = convert_columns(raw, cols, path, lines)
        require_nonnull(ep, ["ccode", "byear"], path, lines)
        last = int(max(ep["byear"].max(), ep["eyear"].max()))
        ep["eyear"] = ep["eyear"].fillna(last)
        bad = ep["eyear"] < ep["byear"]
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise DataError(
                "episode ends before it starts",
                file=path,
                line=lines.line(ep.index[i]),
                field="eyear",
            )
        n = (ep["eyear"] - ep["byear"] + 1).astype(int).to_numpy()
        idx = ep.index.repeat(n)
        df = ep.loc[idx]  # each state-year keeps its episode's row as its label
        offs = np.arange(len(df)) - np.repeat(n.cumsum() - n, n)
        df["year"] = (df["byear"].astype("int64").to_numpy() + offs).astype("int64")
        # the later episode wins a year shared by two episodes (the change happened that year)
        df = df.drop_duplicates(["ccode", "year"], keep="last").drop(columns=["byear", "eyear"])
        df["polity2"] = df["polity"].where(~df["polity"].isin(_SPECIAL))
        dataset = "Polity5 regime episodes"
    else:
        raise DataError(
            "not a Polity5 file: needs 'year' (annual) or 'byear'/'eyear' (episodes)",
            file=path,
            line=lines.header_line,
        )
    # the index labels are still the file's rows (an episode's for its state-years)
    require_nonnull(df, ["ccode", "year"], path, lines)
    special = df["polity"].where(df["polity"].isin(_SPECIAL))
    df["polity_special"] = special.astype("Int64")
    for c in ("polity", "democ", "autoc"):
        df[c] = df[c].where(~df[c].isin(_SPECIAL))
    df["year"] = df["year"].astype("Int64")
    df = df[
        [
            "ccode",
            "year",
            "scode",
            "country",
            "polity",
            "polity2",
            "democ",
            "autoc",
            "polity_special",
        ]
    ]
    check_unique(df, ["ccode", "year"], path, lines)
    df = df.reset_index(drop=True)
    set_source(df, dataset, version_from_name(path, default="2018"), file_sha256(path), path)
    df.attrs["coverage"] = (int(df["year"].min()), int(df["year"].max()))
    return df
