"""Loaders for the strategic-rivalry lists.

Sources:
- [thompson2012], *Handbook of International Rivalries, 1494-2010*, CQ Press
  (``td_rivalries``): strategic rivals are states that regard each other as competitors, as the
  source of actual or latent threats that may become militarised, and as enemies ([thompson2001],
  "Identifying Rivals and Rivalries in World Politics", *ISQ* 45(4): 557-586).
- [thompson2022], *Analyzing Strategic Rivalries in World Politics*, Springer
  (``tss_rivalries``, to 2020).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from anpo._checks import as_path
from anpo.data._io import Col, read_csv_rows, refuse_first, require_nonnull
from anpo.errors import DataError

__all__ = ["read_td_rivalries", "read_tss_rivalries"]


def _read_rivalries(path: Path, cols: list[Col], dataset: str, version: str) -> pd.DataFrame:
    """One row per rivalry (unique ``rivalryno``), key columns present, ending after it starts."""
    df, lines = read_csv_rows(path, cols, dataset=dataset, version=version, key=("rivalryno",))
    require_nonnull(df, ["ccode1", "ccode2", "styear", "endyear"], path, lines)
    bad = df["endyear"] < df["styear"]
    refuse_first(bad, "rivalry ends before it starts", path, lines, field="endyear")
    df.attrs["coverage"] = (int(df["styear"].min()), int(df["endyear"].max()))
    return df


def read_td_rivalries(path: str | Path) -> pd.DataFrame:
    """Read Thompson & Dreyer's strategic rivalries (peacesciencer ``td_rivalries`` layout).

    Returns one row per rivalry: ``rivalryno, rivalryname, ccode1, ccode2, styear, endyear,
    region, type1, type2, type3``. ``attrs["coverage"] = (1494, last endyear)``: the list is
    complete for that period (a dyad absent from it had no strategic rivalry).
    """
    path = as_path(path, "path", error=DataError)
    cols = [
        Col("rivalryno", "int", lo=1),
        Col("rivalryname", "str"),
        Col("ccode1", "int", lo=1, hi=999),
        Col("ccode2", "int", lo=1, hi=999),
        Col("styear", "int", lo=1400, hi=2100),
        Col("endyear", "int", lo=1400, hi=2100),
        Col("region", "str", required=False),
        Col("type1", "str", required=False),
        Col("type2", "str", required=False),
        Col("type3", "str", required=False),
    ]
    return _read_rivalries(path, cols, "Thompson & Dreyer strategic rivalries", "2012")


def read_tss_rivalries(path: str | Path) -> pd.DataFrame:
    """Read Thompson, Sakuwa & Suhas's strategic rivalries (peacesciencer ``tss_rivalries``).

    Returns ``rivalryno, rivalryname, ccode1, ccode2, styear, endyear`` and the type flags
    ``positional, spatial, ideological, interventionary, principal, aprin`` (0/1; a blank flag
    means the rivalry is not of that type, so it reads as 0).
    """
    path = as_path(path, "path", error=DataError)
    flags = ["positional", "spatial", "ideological", "interventionary", "principal", "aprin"]
    cols = [
        Col("rivalryno", "int", lo=1, aliases=("tssr_id",)),
        Col("rivalryname", "str", aliases=("rivalry",)),
        Col("ccode1", "int", lo=1, hi=999),
        Col("ccode2", "int", lo=1, hi=999),
        Col("styear", "int", lo=1400, hi=2100, aliases=("start",)),
        Col("endyear", "int", lo=1400, hi=2100, aliases=("end",)),
        *[Col(f, "flag", lo=0, hi=1, required=False) for f in flags],
    ]
    return _read_rivalries(path, cols, "Thompson, Sakuwa & Suhas strategic rivalries", "2022")
