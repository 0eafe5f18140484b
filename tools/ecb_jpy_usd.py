"""Annual and Japanese-fiscal-year mean JPY per USD from the ECB reference rates.

The cross-check of the ``[fx]`` table of ``src/anpo/burden/data/japan_hns.toml``, whose rates
come from the Federal Reserve Board's series (``tools/fred_jpy_usd.py`` reproduces them). Input: the European
Central Bank's euro foreign exchange reference rates [ecb2024], full history (``eurofxref-hist.zip`` or the
CSV inside it, https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/),
one row per business day with the USD and JPY rates per euro. The JPY/USD cross rate of a day is
``JPY / USD``; a period's rate is the mean of its daily cross rates. A calendar year or a fiscal
year (1 April - 31 March) is printed only when the file covers it whole (first and last business
day within a week of its ends): a partial period is left out, never extrapolated.

Usage::

    python tools/ecb_jpy_usd.py eurofxref-hist.zip
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path

import pandas as pd


def read_rates(path: Path) -> pd.DataFrame:
    """Daily ``date, jpy_per_usd`` from the ECB history file (zip or csv)."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as z:
            raw = pd.read_csv(io.BytesIO(z.read(z.namelist()[0])))
    else:
        raw = pd.read_csv(path)
    raw = raw[["Date", "USD", "JPY"]].dropna()
    out = pd.DataFrame({"date": pd.to_datetime(raw["Date"])})
    out["jpy_per_usd"] = pd.to_numeric(raw["JPY"]) / pd.to_numeric(raw["USD"])
    return out.sort_values("date").reset_index(drop=True)


def period_means(daily: pd.DataFrame) -> pd.DataFrame:
    """``year, calendar, fiscal``: mean cross rate of calendar year and fiscal year ``year``."""
    first, last = daily["date"].min(), daily["date"].max()
    week = pd.Timedelta(days=7)
    rows = []
    for year in range(first.year - 1, last.year + 1):
        cy0, cy1 = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
        fy0, fy1 = pd.Timestamp(year, 4, 1), pd.Timestamp(year + 1, 3, 31)
        cal = fis = None
        if first <= cy0 + week and last >= cy1 - week:
            cal = daily.loc[daily["date"].between(cy0, cy1), "jpy_per_usd"].mean()
        if first <= fy0 + week and last >= fy1 - week:
            fis = daily.loc[daily["date"].between(fy0, fy1), "jpy_per_usd"].mean()
        if cal is not None or fis is not None:
            rows.append({"year": year, "calendar": cal, "fiscal": fis})
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="eurofxref-hist.zip or eurofxref-hist.csv")
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"error: {args.path}: not found", file=sys.stderr)
        return 2
    table = period_means(read_rates(args.path))
    for r in table.itertuples():
        parts = [f"year = {r.year}"]
        if pd.notna(r.calendar):
            parts.append(f"calendar = {r.calendar:.2f}")
        if pd.notna(r.fiscal):
            parts.append(f"fiscal = {r.fiscal:.2f}")
        print("{ " + ", ".join(parts) + " },")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
