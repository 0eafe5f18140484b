"""Calendar- and Japanese-fiscal-year mean JPY per USD from the Federal Reserve's monthly series.

Reproduces the ``[fx]`` table of ``src/anpo/burden/data/japan_hns.toml``. Input: the FRED download
of series EXJPUS [fed2025] (Board of Governors of the Federal Reserve System, releases H.10/G.5:
monthly averages of the daily noon buying rates in New York, yen per U.S. dollar), a CSV with a
date column (``observation_date`` or ``DATE``, first day of the month) and the ``EXJPUS`` column.
A calendar year's rate is the mean of its 12 monthly averages; a fiscal year's (1 April - 31
March) the mean of April-March. A period with a month missing is left out, never extrapolated.

Usage::

    python tools/fred_jpy_usd.py EXJPUS.csv --first 1978 --last 2024
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd


def read_monthly(path: Path) -> pd.Series:
    """Monthly JPY per USD indexed by the first day of the month (missing values dropped)."""
    raw = pd.read_csv(path)
    date_col = next(c for c in raw.columns if c.lower() in ("observation_date", "date"))
    values = pd.to_numeric(raw["EXJPUS"], errors="coerce")  # FRED writes "." for a gap
    series = pd.Series(values.to_numpy(), index=pd.to_datetime(raw[date_col]), name="EXJPUS")
    return series.dropna().sort_index()


def period_means(monthly: pd.Series) -> pd.DataFrame:
    """``year, calendar, fiscal``: means over calendar year and fiscal year ``year``.

    A period is kept only when all 12 of its months have a value.
    """
    years = monthly.index.year
    fiscal_years = years - (monthly.index.month < 4)
    cal = monthly.groupby(years).agg(["mean", "count"])
    fis = monthly.groupby(fiscal_years).agg(["mean", "count"])
    rows = []
    for year in sorted(set(cal.index) | set(fis.index)):
        c = cal["mean"].get(year) if cal["count"].get(year, 0) == 12 else None
        f = fis["mean"].get(year) if fis["count"].get(year, 0) == 12 else None
        if c is not None or f is not None:
            rows.append({"year": int(year), "calendar": c, "fiscal": f})
    return pd.DataFrame(rows, columns=["year", "calendar", "fiscal"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("path", type=Path, help="FRED EXJPUS download (CSV)")
    parser.add_argument("--first", type=int, default=None, help="first year to print")
    parser.add_argument("--last", type=int, default=None, help="last year to print")
    args = parser.parse_args(argv)
    table = period_means(read_monthly(args.path))
    if args.first is not None:
        table = table[table["year"] >= args.first]
    if args.last is not None:
        table = table[table["year"] <= args.last]
    for r in table.itertuples():
        parts = [f"year = {r.year}"]
        for name in ("calendar", "fiscal"):
            value = getattr(r, name)
            if value is not None and pd.notna(value):
                parts.append(f"{name} = {value:.2f}")
        sys.stdout.write("  { " + ", ".join(parts) + " },\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
