"""Loader for Maoz's regional and global powers.

Source: [maoz2010], *Networks of Nations: The Evolution, Structure, and Impact of International
Networks, 1816-2001*, Cambridge University Press (major-power coding extended to 2019 and
distributed with the R package peacesciencer as ``maoz_powers``: ``ccode, regstdate,
regenddate, globstdate, globenddate``). A state is a *regional* power in one spell and may be a
*global* power in another (the United Kingdom: global 1816-2019; Russia/the Soviet Union:
regional, global 1922-1990, regional again from 1991).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from anpo._checks import as_path
from anpo.data._io import (
    Col,
    file_sha256,
    read_csv_rows,
    refuse_first,
    require_nonnull,
    set_source,
)
from anpo.errors import DataError

__all__ = ["read_maoz_powers"]


def read_maoz_powers(path: str | Path) -> pd.DataFrame:
    """Read Maoz's powers (peacesciencer ``maoz_powers`` layout).

    Returns one row per spell: ``ccode, status ("regional" or "global"), start, end, styear,
    endyear``. A row of the file may hold a regional and a global spell; each becomes a row.
    An end before its start, or a start without an end, is an error naming the line.
    """
    path = as_path(path, "path", error=DataError)
    cols = [
        Col("ccode", "int", lo=1, hi=999),
        Col("regstdate", "date"),
        Col("regenddate", "date"),
        Col("globstdate", "date"),
        Col("globenddate", "date"),
    ]
    df, lines = read_csv_rows(path, cols, dataset="Maoz regional and global powers", version="")
    require_nonnull(df, ["ccode"], path, lines)
    spells = []
    for status, a, b in (
        ("regional", "regstdate", "regenddate"),
        ("global", "globstdate", "globenddate"),
    ):
        half = df[["ccode", a, b]].rename(columns={a: "start", b: "end"})
        one = half["start"].isna() != half["end"].isna()
        if one.any():
            i = int(np.flatnonzero(one.to_numpy())[0])
            field = a if pd.isna(half["start"].iloc[i]) else b
            raise DataError(
                f"a {status} spell needs both dates",
                file=path,
                line=lines.line(half.index[i]),
                field=field,
            )
        bad = half["end"] < half["start"]
        refuse_first(bad, f"{status} spell ends before it starts", path, lines, field=b)
        half = half[half["start"].notna()].assign(status=status)
        spells.append(half)
    out = pd.concat(spells, ignore_index=True)
    out["ccode"] = out["ccode"].astype("int64")
    out["styear"] = out["start"].dt.year.astype("int64")
    out["endyear"] = out["end"].dt.year.astype("int64")
    out = out[["ccode", "status", "start", "end", "styear", "endyear"]]
    out = out.sort_values(["ccode", "start"]).reset_index(drop=True)
    last = int(out["endyear"].max())
    set_source(out, "Maoz regional and global powers", str(last), file_sha256(path), path)
    out.attrs["coverage"] = (int(out["styear"].min()), last)
    return out
