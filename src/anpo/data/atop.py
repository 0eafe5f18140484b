"""Loader for the Alliance Treaty Obligations and Provisions (ATOP) dyad-year data.

Source: [leeds2002], "Alliance Treaty Obligations and Provisions,
1815-1944", *International Interactions* 28: 237-260; ATOP v5.1 codebook [leeds2022]: a dyad-year
is listed when the two states share at least one alliance in force; ``defense``, ``offense``,
``neutral``, ``nonagg``, ``consul`` are 1 when any such alliance carries that obligation.
ATOP is anpo's default alliance source (free for research with citation).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from anpo._checks import as_path
from anpo.data._io import (
    Col,
    check_unique,
    convert_columns,
    file_sha256,
    read_raw_csv,
    require_nonnull,
    set_source,
    version_from_name,
)
from anpo.errors import DataError

__all__ = ["ATOP_FLAGS", "read_atop_dyad"]

#: Obligation columns of the returned frame.
ATOP_FLAGS = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")

#: Last year covered by each ATOP release (used to name the version of exports without one).
_LAST_YEAR_VERSION = {2003: "3.0", 2016: "5.0", 2018: "5.1"}


def read_atop_dyad(path: str | Path) -> pd.DataFrame:
    """Read ATOP dyad-year data: the official ``atop5_1ddyr.csv`` layout (``stateA, stateB, year,
    defense, offense, neutral, nonagg, consul``, ...) or peacesciencer's ``atop_alliance``
    (``ccode1, ccode2, year, atop_defense, ...``).

    Returns directed dyad-years ``ccode1, ccode2, year`` + :data:`ATOP_FLAGS` (nullable Int8:
    0/1, and <NA> where the file gives a missing-value code, ``-9`` or a blank: an unknown
    obligation, never read as "none"); when the file lists each dyad once, the reverse direction
    is added. ``attrs["unknown_obligations"]`` counts the rows with an unknown flag (a
    :class:`~anpo.errors.DataWarning` says how many). ``attrs["coverage"]`` is the first and
    last year: inside it an absent dyad-year means "no alliance" (0), outside it is unknown.
    """
    path = as_path(path, "path", error=DataError)
    raw, lines = read_raw_csv(path)
    if raw.empty:
        raise DataError("the file has a header but no data rows", file=path)
    flags = [f.removeprefix("atop_") for f in ATOP_FLAGS]
    cols = [
        Col("ccode1", "int", lo=1, hi=999, aliases=("statea", "stateA")),
        Col("ccode2", "int", lo=1, hi=999, aliases=("stateb", "stateB")),
        Col("year", "int", lo=1800, hi=2100),
        *[Col(f"atop_{f}", "int", missing=(-9.0,), lo=0, hi=1, aliases=(f,)) for f in flags],
    ]
    df = convert_columns(raw, cols, path, lines)
    require_nonnull(df, ["ccode1", "ccode2", "year"], path, lines)
    for f in ATOP_FLAGS:  # a missing code stays unknown (<NA>): issue 3's rule for loaders
        df[f] = df[f].astype("Int8")
    check_unique(df, ["ccode1", "ccode2", "year"], path, lines)
    same = df["ccode1"] == df["ccode2"]
    if same.any():
        df = df[~same].reset_index(drop=True)
    keys = pd.MultiIndex.from_frame(df[["ccode1", "ccode2", "year"]].astype("int64"))
    rev = pd.MultiIndex.from_frame(
        df[["ccode2", "ccode1", "year"]]
        .astype("int64")
        .set_axis(["ccode1", "ccode2", "year"], axis=1)
    )
    if not rev.isin(keys).all():
        missing = df[~rev.isin(keys)].rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
        df = pd.concat([df, missing[df.columns]], ignore_index=True)
    df = df.sort_values(["ccode1", "ccode2", "year"]).reset_index(drop=True)
    last = int(df["year"].max())
    version = version_from_name(path, default=_LAST_YEAR_VERSION.get(last, "unknown"))
    set_source(df, "ATOP alliance dyad-years", version, file_sha256(path), path)
    df.attrs["coverage"] = (int(df["year"].min()), last)
    unknown = int(df[list(ATOP_FLAGS)].isna().any(axis=1).sum())
    df.attrs["unknown_obligations"] = unknown
    if unknown:
        import warnings

        from anpo.errors import DataWarning

        warnings.warn(
            f"{path.name}: {unknown:,} directed dyad-year rows have an unknown obligation (a "
            "missing-value code such as -9): kept as unknown, not as 'no obligation'",
            DataWarning,
            2,
        )
    return df
