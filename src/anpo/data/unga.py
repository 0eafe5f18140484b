"""Loader for United Nations General Assembly ideal points.

Source: [bailey2017], "Estimating Dynamic State Preferences from United
Nations Voting Data", *Journal of Conflict Resolution* 61(2): 430-456; data: Voeten, Strezhnev &
Bailey, "United Nations General Assembly Voting Data", Harvard Dataverse hdl:1902.1/12379
(``IdealpointsJuly2025.csv``: one row per state-year; ``idealpointfp`` from final-passage votes,
``idealpointall`` from all votes, ``idealpointlegacy`` from sessions).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from anpo._checks import as_path
from anpo.data._io import Col, check_unique, read_csv_rows, require_nonnull, version_from_name
from anpo.errors import DataError

__all__ = ["IDEALPOINT_MEASURES", "read_unga_idealpoints"]

IDEALPOINT_MEASURES = ("idealpointfp", "idealpointall", "idealpointlegacy")


def read_unga_idealpoints(path: str | Path) -> pd.DataFrame:
    """Read the UNGA ideal-point file (2025 layout, or older ones with ``session`` instead of
    ``year`` and ``IdealPointAll``/``IdealPoint`` columns).

    Returns ``ccode, iso3c, countryname, year, idealpointfp, idealpointall, idealpointlegacy,
    nvotesfp, nvotesall`` (float64; blanks/NA -> NaN). At least one ideal-point column must be
    present.
    """
    path = as_path(path, "path", error=DataError)
    cols = [
        Col("ccode", "int", lo=1, hi=999),
        Col("iso3c", "str", required=False),
        Col("countryname", "str", required=False, aliases=("countryname", "country")),
        Col("year", "int", lo=1945, hi=2100, required=False),
        Col("session", "int", lo=1, hi=200, required=False),
        Col("idealpointfp", "float", required=False),
        Col("idealpointall", "float", required=False, aliases=("idealpoint",)),
        Col("idealpointlegacy", "float", required=False),
        Col("nvotesfp", "float", required=False),
        Col("nvotesall", "float", required=False, aliases=("nvotes",)),
    ]
    df, lines = read_csv_rows(
        path,
        cols,
        dataset="UNGA ideal points (Bailey, Strezhnev & Voeten)",
        version=lambda d, p: version_from_name(p),
    )

    if df["year"].isna().all():
        if df["session"].isna().all():
            raise DataError(
                "needs a 'year' or a 'session' column",
                file=path,
                line=lines.header_line,
                field="year",
            )
        df["year"] = (df["session"] + 1945).astype("Int64")
    df = df.drop(columns=["session"])
    if df[list(IDEALPOINT_MEASURES)].isna().all().all():
        raise DataError(
            "no ideal-point column (idealpointfp, idealpointall or idealpointlegacy)",
            file=path,
            line=lines.header_line,
            field="idealpointall",
        )
    require_nonnull(df, ["ccode", "year"], path, lines)
    check_unique(df, ["ccode", "year"], path, lines)
    df.attrs["coverage"] = (int(df["year"].min()), int(df["year"].max()))
    return df
