"""Japan's case: host-nation support (HNS) and the U.S. cost-sharing figures.

The seed (Soeya, RIETI, 10 July 2001) calls the U.S.-Japan alliance "little more than a mechanism
for Japan to bear massive financial burden for supporting the U.S. military presence". The facts
here put a number on that burden. They are package data (``anpo/burden/data/japan_hns.toml``),
each figure with its source:

- HNS budget (billion yen, Japanese fiscal years April-March): Ministry of Defense of Japan,
  *Defense of Japan* white papers; the FY2022-26 total from the 2022 Special Measures Agreement.
- Japan's support in U.S. dollars and the share of U.S. stationing costs it offset: U.S.
  Department of Defense, *Report on Allied Contributions to the Common Defense* (2001 edition for
  1999, 2004 edition for 2002, the last edition).

Derived quantities are labelled as such: the implied total stationing cost is ``support /
offset share`` and the remaining U.S. outlay is ``implied cost - support``; they assume the
offset percentage is measured against the total non-personnel stationing cost, host's share
included, as the DoD report presents it.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from anpo.errors import BurdenError

__all__ = [
    "comparison_table",
    "dod_cost_sharing",
    "hns_periods",
    "hns_series",
    "japan_facts",
    "support_vs_spending",
]

#: Countries compared with Japan (COW codes); Germany is 260 to 1990 and 255 from 1991.
COMPARATORS = {"Japan": (740,), "South Korea": (732,), "Germany": (260, 255)}


@cache
def japan_facts() -> dict[str, Any]:
    """The raw typed-in facts (parsed TOML)."""
    text = resources.files("anpo.burden").joinpath("data/japan_hns.toml").read_text("utf-8")
    return tomllib.loads(text)


def hns_series() -> pd.DataFrame:
    """Japan's HNS budget by fiscal year: ``fy, hns_bn_yen, approximate, note, source``."""
    rows = [
        {
            "fy": int(r["fy"]),
            "hns_bn_yen": float(r["value"]),
            "approximate": bool(r.get("approximate", False)),
            "note": r.get("note", ""),
            "source": r["source"],
        }
        for r in japan_facts()["hns"]["series"]
    ]
    return pd.DataFrame(rows).sort_values("fy").reset_index(drop=True)


def hns_periods() -> pd.DataFrame:
    """Multi-year HNS totals (Special Measures Agreements) with the implied yearly average."""
    rows = []
    for r in japan_facts()["hns"].get("periods", []):
        years = int(r["fy_last"]) - int(r["fy_first"]) + 1
        rows.append(
            {
                "fy_first": int(r["fy_first"]),
                "fy_last": int(r["fy_last"]),
                "total_bn_yen": float(r["total"]),
                "mean_bn_yen_per_year": float(r["total"]) / years,
                "note": r.get("note", ""),
                "source": r["source"],
            }
        )
    return pd.DataFrame(rows)


def dod_cost_sharing() -> pd.DataFrame:
    """U.S. DoD cost-sharing figures with the derived stationing cost and U.S. remainder.

    Columns: ``country, year, edition, support_usd_bn, direct_usd_bn, indirect_usd_bn,
    offset_share, implied_stationing_cost_usd_bn (derived), us_remaining_cost_usd_bn (derived),
    approximate, source``.
    """
    rows = []
    for r in japan_facts()["dod"]["cost_sharing"]:
        total = float(r["total"])
        share = float(r["offset_share"])
        if not 0 < share <= 1:
            raise BurdenError(f"offset share out of range in package data: {share}")
        implied = total / share
        rows.append(
            {
                "country": r["country"],
                "year": int(r["year"]),
                "edition": int(r["edition"]),
                "support_usd_bn": total,
                "direct_usd_bn": float(r.get("direct", np.nan)),
                "indirect_usd_bn": float(r.get("indirect", np.nan)),
                "offset_share": share,
                "implied_stationing_cost_usd_bn": implied,
                "us_remaining_cost_usd_bn": implied - total,
                "approximate": bool(r.get("approximate", False)),
                "source": r["source"],
            }
        )
    return pd.DataFrame(rows)


def support_vs_spending(panel_or_sipri_wide: pd.DataFrame | None) -> pd.DataFrame:
    """Japan's DoD-reported support against Japan's own military spending (SIPRI current US$).

    ``support_share_of_milex`` = support (US$ bn) / Japan's SIPRI current-US$ military
    expenditure in the same calendar year. Without data the SIPRI columns are null.
    """
    dod = dod_cost_sharing()
    dod = dod[dod["country"] == "Japan"].copy()
    milex = pd.Series(np.nan, index=dod.index)
    if panel_or_sipri_wide is not None and len(panel_or_sipri_wide):
        src = panel_or_sipri_wide
        jp = src[src["ccode"] == 740].drop_duplicates("year").set_index("year")
        col = "milex_current_usd_m"
        if col in jp:
            milex = dod["year"].map(jp[col]).astype(float)
    dod["japan_milex_usd_bn"] = milex / 1000.0
    dod["support_share_of_milex"] = dod["support_usd_bn"] / dod["japan_milex_usd_bn"]
    return dod[
        [
            "year",
            "support_usd_bn",
            "offset_share",
            "implied_stationing_cost_usd_bn",
            "us_remaining_cost_usd_bn",
            "japan_milex_usd_bn",
            "support_share_of_milex",
        ]
    ].reset_index(drop=True)


def comparison_table(sipri_w: pd.DataFrame, nato_panel: pd.DataFrame | None = None) -> pd.DataFrame:
    """Defense burden (share of GDP) of Japan, South Korea, Germany and the NATO average by year.

    ``sipri_w`` is :func:`anpo.burden.panel.sipri_wide` output. The NATO average is the unweighted
    mean of the members' shares with data, and ``nato_aggregate`` the alliance total milex / total
    GDP (same members), from ``nato_panel`` (:func:`anpo.burden.panel.build_panel`). Missing
    figures stay null.
    """
    years = sorted(set(sipri_w["year"]))
    out = pd.DataFrame({"year": years})
    for name, codes in COMPARATORS.items():
        sub = sipri_w[sipri_w["ccode"].isin(codes)].drop_duplicates("year").set_index("year")
        out[name] = out["year"].map(sub["share_of_gdp"]).astype(float)
    if nato_panel is not None and len(nato_panel):
        ok = nato_panel[np.isfinite(nato_panel["burden"]) & np.isfinite(nato_panel["gdp_usd_m"])]
        mean = ok.groupby("year")["burden"].mean()
        agg = ok.assign(m=ok["burden"] * ok["gdp_usd_m"]).groupby("year")[["m", "gdp_usd_m"]].sum()
        out["NATO average"] = out["year"].map(mean).astype(float)
        out["NATO aggregate"] = out["year"].map(agg["m"] / agg["gdp_usd_m"]).astype(float)
        out["NATO members with data"] = out["year"].map(ok.groupby("year").size()).astype("Int64")
    return out
