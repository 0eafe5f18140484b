"""Loader for nuclear warhead stockpiles by country and year.

Source: Kristensen, Korda, Johns & Knight, Federation of American Scientists, *Status of World
Nuclear Forces* (estimates of total stockpiles, 1945 onward), as compiled by Our World in Data
(``nuclear-warhead-stockpiles``; file ``fas_stockpiles_1945_2023_owid.csv``: ``country_name,
year, nuclear_weapons_stockpile``; CC BY). The compilation lists every state that ever held
nuclear weapons with a row for each year, 0 before its first and after its last warhead (South
Africa), so a state absent from it held none.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from anpo._checks import as_path
from anpo.data._io import Col, read_csv_rows, require_nonnull
from anpo.errors import DataError

__all__ = ["NUCLEAR_STATES", "read_nuclear_stockpiles"]

#: Country names of the compilation -> COW state codes (the Soviet Union and Russia share 365).
NUCLEAR_STATES = {
    "united states": 2,
    "russia": 365,
    "soviet union": 365,
    "ussr": 365,
    "united kingdom": 200,
    "france": 220,
    "china": 710,
    "israel": 666,
    "india": 750,
    "pakistan": 770,
    "north korea": 731,
    "south africa": 560,
}

#: Aggregate rows of the compilation that are not states.
_AGGREGATES = {"world"}


def _name(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def read_nuclear_stockpiles(path: str | Path) -> pd.DataFrame:
    """Read the FAS nuclear warhead stockpile estimates (Our World in Data layout).

    Returns ``ccode, year, country_name, warheads`` (float64), one row per state-year; the
    ``World`` total is dropped. A country name that is not a known nuclear state is an error
    naming its line (the compilation would have to be mapped to COW codes first).
    ``attrs["coverage"]`` gives the first and last year: inside it a state absent from the file
    held no warheads; a row with a blank count is unknown (NaN), not 0.
    """
    path = as_path(path, "path", error=DataError)
    cols = [
        Col("country_name", "str", aliases=("entity", "country")),
        Col("year", "int", lo=1900, hi=2100),
        Col("warheads", "float", lo=0, aliases=("nuclear_weapons_stockpile",)),
    ]
    df, lines = read_csv_rows(
        path,
        cols,
        dataset="Nuclear warhead stockpiles (FAS, via Our World in Data)",
        version=lambda d, p: str(int(d["year"].max())),
    )
    require_nonnull(df, ["country_name", "year"], path, lines)
    names = df["country_name"].astype(str).map(_name)
    keep = ~names.isin(_AGGREGATES)
    codes = names.map(NUCLEAR_STATES)
    unknown = keep & codes.isna()
    if unknown.any():
        i = int(np.flatnonzero(unknown.to_numpy())[0])
        raise DataError(
            f"unknown country {df['country_name'].iloc[i]!r} (known: "
            + ", ".join(sorted({k.title() for k in NUCLEAR_STATES}))
            + ")",
            file=path,
            line=lines.line(df.index[i]),
            field="country_name",
        )
    src = df.attrs["source"]
    out = pd.DataFrame(
        {
            "ccode": codes[keep].astype("int64").to_numpy(),
            "year": df.loc[keep, "year"].astype("int64").to_numpy(),
            "country_name": df.loc[keep, "country_name"].to_numpy(),
            # a blank count is unknown, not 0 (a state absent from the file held none)
            "warheads": df.loc[keep, "warheads"].astype("float64").to_numpy(),
        }
    )
    dup = out.duplicated(["ccode", "year"])
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        row = df.index[np.flatnonzero(keep.to_numpy())[i]]  # out's rows are df's kept rows
        raise DataError(
            f"two rows for state {out['ccode'].iloc[i]} in {out['year'].iloc[i]}",
            file=path,
            line=lines.line(row),
            field="country_name",
        )
    out = out.sort_values(["ccode", "year"]).reset_index(drop=True)
    out.attrs["source"] = src
    out.attrs["coverage"] = (int(out["year"].min()), int(out["year"].max()))
    return out
