"""Report sections on burden sharing (provider ``anpo.burden.report:build``).

Two sections: (1) exploitation tests over time for NATO and the U.S. treaty allies in Asia, with
defense burden against economic size; (2) Japan's contribution (host-nation support, U.S.
cost-sharing figures, Japan against South Korea, Germany and the NATO average). Data come from the
catalog at ``ctx.catalog_home`` (kinds ``sipri`` and ``nmc``) or from files named in
``ctx.options`` (``burden_sipri``, ``burden_nmc``); without them the sections show what anpo's own
typed-in facts and models allow and say which ``anpo data add`` commands fill the rest.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from anpo.burden.hypothesis import DEFAULT_ALTERNATIVE
from anpo.report.model import Figure, ReportContext, Section, Table, new_figure, svg_from_matplotlib

if TYPE_CHECKING:
    from anpo.burden.equilibrium import NashResult

__all__ = ["build"]

SEED_QUOTE = (
    'Soeya (RIETI seminar, 10 July 2001): the U.S.-Japan alliance "is little more than a '
    "mechanism for Japan to bear massive financial burden for supporting the U.S. military "
    'presence in the region", while the U.S. urges allies to show their support.'
)

MODEL_SOURCES = [
    "Olson, M. & Zeckhauser, R. (1966), 'An Economic Theory of Alliances', Review of Economics "
    "and Statistics 48(3): 266-279 (exploitation hypothesis; NATO 1964 rank-correlation test).",
    "Sandler, T. (1977), 'Impurity of defense: an application to the economics of alliances', "
    "Kyklos 30(3): 443-460; Murdoch, J. & Sandler, T. (1984), 'Complementarity, free riding, and "
    "the military expenditures of NATO allies', J. Public Economics 25: 83-101 (joint products).",
    "Sandler, T. & Hartley, K. (1999), The Political Economy of NATO, Cambridge UP.",
    "Sandler, T. & Murdoch, J. (2000), 'On Sharing NATO Defence Burdens in the 1990s and Beyond', "
    "Fiscal Studies 21(3), Table 9 (partial rank correlations, t-test with df = n - 2 - k).",
    "Khanna, J. & Sandler, T. (1996), 'NATO burden sharing: 1960-1992', Defence and Peace "
    "Economics 7(2): 115-133; Sandler, T. & Shimizu, H. (2014), 'NATO burden sharing "
    "1999-2010: an altered alliance', Foreign Policy Analysis 10(1): 43-60.",
    "Bergstrom, T., Blume, L. & Varian, H. (1986), 'On the private provision of public goods', "
    "J. Public Economics 29: 25-49; Cornes, R. & Sandler, T. (1996), The Theory of Externalities, "
    "Public Goods, and Club Goods, 2nd ed., Cambridge UP (Nash contributions, closed forms).",
]

ALLIANCE_SOURCES = [
    "NATO, 'NATO member countries', https://www.nato.int/cps/en/natohq/topics_52044.htm "
    "(accession dates, typed into anpo's package data).",
    "U.S. Department of State, 'U.S. Collective Defense Arrangements' and Treaties in Force "
    "(Asia-Pacific treaties; New Zealand suspended 1986, Republic of China treaty ended 1980).",
]


def _load(ctx: ReportContext) -> tuple[pd.DataFrame | None, pd.DataFrame | None, list[str]]:
    """SIPRI and NMC tables from options or the catalog; problems become notes, never crashes."""
    from anpo.burden.sources import load_nmc, load_sipri

    notes: list[str] = []
    sipri = nmc = None
    opts = ctx.options or {}
    home = ctx.catalog_home
    try:
        sipri = load_sipri(opts.get("burden_sipri") or None, home, use_catalog=home is not None)
    except Exception as exc:  # noqa: BLE001 - the report must never crash
        notes.append(f"SIPRI data could not be read ({_msg(exc)}); shown without it.")
    try:
        nmc = load_nmc(opts.get("burden_nmc") or None, home, use_catalog=home is not None)
    except Exception as exc:  # noqa: BLE001
        notes.append(f"NMC data could not be read ({_msg(exc)}); shown without it.")
    return sipri, nmc, notes


def _msg(exc: Exception) -> str:
    one = getattr(exc, "one_line", None)
    return one() if callable(one) else f"{type(exc).__name__}: {exc}"


def _source_line(frame: pd.DataFrame | None, label: str) -> str | None:
    if frame is None:
        return None
    src = frame.attrs.get("source") or {}
    if not src:
        return f"{label} (from the anpo data catalog)."
    return (
        f"{src.get('dataset', label)}, {src.get('version', '')} (sha256 "
        f"{str(src.get('sha256', ''))[:12]}...)."
    )


# --------------------------------------------------------------------------- figures


def _model_equilibria() -> tuple[np.ndarray, NashResult, NashResult]:
    """Illustrative incomes and their Nash equilibria (pure public good; joint product).

    Shared by the model figure and, without data, the table of its values.
    """
    from anpo.burden.equilibrium import cobb_douglas, nash_contributions

    income = np.array([100.0, 60.0, 35.0, 20.0, 12.0, 7.0, 4.0])
    pure = nash_contributions(income, cobb_douglas(0.2))
    joint = nash_contributions(income, cobb_douglas(0.1, 0.1), joint_product=True)
    return income, pure, joint


def _model_figure() -> Figure:
    """Nash equilibrium burdens against income: pure public good vs joint product."""
    income, pure, joint = _model_equilibria()
    fig, ax = new_figure(6.5, 3.6)
    ax.plot(income, pure.burden * 100, "o-", label="pure public good (a = 0.2)")
    ax.plot(income, joint.burden * 100, "s--", label="joint product (a = 0.1, b = 0.1)")
    ax.set_xscale("log")
    ax.set_xlabel("income (illustrative units, log scale)")
    ax.set_ylabel("defense / income (%)")
    ax.set_title("Nash equilibrium: burden against economic size")
    ax.legend(frameon=False, fontsize=8)
    return Figure(
        title="Model: who carries the burden in a Nash equilibrium",
        svg=svg_from_matplotlib(fig),
        caption=(
            "Seven allies with illustrative incomes, Cobb-Douglas utility c ln y + a ln Q + b ln x "
            "solved numerically (replacement functions; checked against the Bergstrom-Blume-Varian "
            "closed form in anpo's tests). With a pure public good only the largest ally spends "
            "(exploitation of the great by the small); private benefits (joint product) make every "
            "ally contribute and flatten the burden profile."
        ),
    )


def _rho_figure(results: dict[str, pd.DataFrame]) -> Figure:
    fig, ax = new_figure(7.0, 3.8)
    styles = {"nato": ("tab:blue", "NATO"), "us_asia": ("tab:red", "U.S. allies in Asia")}
    for key, res in results.items():
        ok = res[res["status"] == "ok"]
        if ok.empty:
            continue
        color, label = styles[key]
        ax.plot(ok["year"], ok["rho"], "-", color=color, lw=1.2, label=label)
        sig = ok[ok["p_value"] < 0.05]
        ax.plot(sig["year"], sig["rho"], "o", color=color, ms=4, label=f"{label}: p < 0.05")
    ax.axhline(0, color="0.6", lw=0.8)
    ax.axvline(1967, color="0.4", ls=":", lw=1)
    ax.text(1967.5, 0.95, "flexible response\n(MC 14/3, 1967)", fontsize=7, va="top")
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("year")
    ax.set_ylabel("Spearman rho (GDP, milex/GDP)")
    ax.legend(frameon=False, fontsize=7, ncol=2, loc="lower left")
    return Figure(
        title="Exploitation test over time",
        svg=svg_from_matplotlib(fig),
        caption=(
            "Rank correlation between GDP and military expenditure as a share of GDP among the "
            "members with data in each year; dots mark one-sided p < 0.05 (exact permutation "
            "p-values up to 16 members, else t-approximation). Positive values are the "
            "Olson-Zeckhauser signature of exploitation."
        ),
    )


def _scatter_figure(panels: dict[str, pd.DataFrame], year: int) -> Figure:
    fig, ax = new_figure(7.0, 4.2)
    styles = {"nato": ("tab:blue", "o", "NATO"), "us_asia": ("tab:red", "s", "U.S. allies in Asia")}
    for key, panel in panels.items():
        sub = panel[(panel["year"] == year) & panel["burden"].notna() & panel["gdp_usd_m"].notna()]
        if sub.empty:
            continue
        color, marker, label = styles[key]
        ax.scatter(sub["gdp_usd_m"] / 1e3, sub["burden"] * 100, c=color, marker=marker, label=label)
        for _, r in sub.iterrows():
            ax.annotate(
                str(r["country"]),
                (r["gdp_usd_m"] / 1e3, r["burden"] * 100),
                fontsize=6,
                xytext=(3, 2),
                textcoords="offset points",
            )
    ax.set_xscale("log")
    ax.set_xlabel("GDP (current US$ bn, log scale)")
    ax.set_ylabel("military expenditure / GDP (%)")
    ax.set_title(f"Defense burden against economic size, {year}")
    ax.legend(frameon=False, fontsize=8)
    return Figure(
        title=f"Defense burden against economic size ({year})",
        svg=svg_from_matplotlib(fig),
        caption=(
            "GDP is SIPRI's implied GDP (current-US$ military expenditure / share of GDP); the "
            "United States appears in both groups."
        ),
    )


def _hns_figure() -> Figure:
    from anpo.burden.japan import hns_periods, hns_series

    s = hns_series()
    per = hns_periods()
    fig, ax = new_figure(6.5, 3.4)
    ax.bar(s["fy"].astype(str), s["hns_bn_yen"], color="tab:green", label="HNS budget")
    for _, r in per.iterrows():
        ax.bar(
            f"{r['fy_first']}-{str(r['fy_last'])[2:]}\n(mean)",
            r["mean_bn_yen_per_year"],
            color="white",
            edgecolor="tab:green",
            hatch="//",
            label="SMA total / years",
        )
    ax.set_ylabel("billion yen")
    ax.set_title("Japan's host-nation support (fiscal years)")
    ax.legend(frameon=False, fontsize=8)
    return Figure(
        title="Japan's host-nation support for U.S. forces",
        svg=svg_from_matplotlib(fig),
        caption=(
            "Special Measures Agreement costs plus the Facilities Improvement Program, budget "
            "basis, billion yen (Ministry of Defense of Japan, Defense of Japan white papers; "
            "FY1999 is approximate and the peak). The hatched bar is the FY2022-26 Special "
            "Measures Agreement total (1,055.1) divided by five."
        ),
    )


def _comparison_figure(comp: pd.DataFrame) -> Figure:
    fig, ax = new_figure(7.0, 3.8)
    for col, style in [
        ("Japan", "-"),
        ("South Korea", "-"),
        ("Germany", "-"),
        ("NATO average", "--"),
        ("NATO aggregate", ":"),
    ]:
        if col in comp and comp[col].notna().any():
            ax.plot(comp["year"], comp[col] * 100, style, label=col)
    ax.axhline(1.0, color="0.7", lw=0.8)
    ax.set_xlabel("year")
    ax.set_ylabel("military expenditure / GDP (%)")
    ax.set_title("Japan against South Korea, Germany and NATO")
    ax.legend(frameon=False, fontsize=8)
    return Figure(
        title="Defense burden: Japan, South Korea, Germany and the NATO average",
        svg=svg_from_matplotlib(fig),
        caption=(
            "SIPRI share of GDP. NATO average: unweighted mean over members with data; NATO "
            "aggregate: total military expenditure / total GDP of the same members. Germany is "
            "the Federal Republic before 1991."
        ),
    )


def _membership_table() -> Table:
    from anpo.burden.membership import alliances

    rows = []
    for al in alliances().values():
        for m in al.members:
            rows.append(
                {
                    "alliance": "NATO" if al.key == "nato" else "U.S. allies in Asia",
                    "member": m.country,
                    "in force from": m.joined.isoformat(),
                    "until": m.left.isoformat() if m.left else "",
                    "source": m.source,
                }
            )
    return Table(
        title="Alliance membership used (anpo package data)",
        frame=pd.DataFrame(rows),
        caption="Typed in from NATO's member list and the U.S. State Department's treaty records.",
    )


# --------------------------------------------------------------------------- sections


def _exploitation_section(
    sipri: pd.DataFrame | None, nmc: pd.DataFrame | None, notes: list[str], seed_year: int
) -> tuple[Section, dict[str, pd.DataFrame]]:
    from anpo.burden.panel import GDP_FROM_SIPRI, build_panel, exploitation_by_year
    from anpo.burden.sources import ADD_HINT

    figures = [_model_figure()]
    tables: list[Table] = []
    summary = None
    panels: dict[str, pd.DataFrame] = {}
    all_notes = list(notes)
    if sipri is None:
        all_notes.append(
            "No military-expenditure data in the catalog, so the tests over time are not shown. "
            f"To add them: `{ADD_HINT['sipri']}`; for GDP-per-head controls also "
            f"`{ADD_HINT['nmc']}`. Then rerun `anpo report`. The model figure below needs no data."
        )
        income, pure, joint = _model_equilibria()
        tables.append(
            Table(
                title="Model equilibrium (illustrative incomes)",
                frame=pd.DataFrame(
                    {
                        "ally": [f"#{i + 1}" for i in range(income.size)],
                        "income": income,
                        "burden, pure public good": pure.burden,
                        "burden, joint product": joint.burden,
                    }
                ),
                caption="Defense / income in the Nash equilibrium of the figure above.",
            )
        )
    else:
        results: dict[str, pd.DataFrame] = {}
        for key in ("nato", "us_asia"):
            try:
                panel = build_panel(key, sipri=sipri, nmc=nmc)
                panels[key] = panel
                results[key] = exploitation_by_year(panel, alternative=DEFAULT_ALTERNATIVE)
            except Exception as exc:  # noqa: BLE001
                all_notes.append(f"{key}: exploitation test not computed ({_msg(exc)}).")
        if results:
            figures.insert(0, _rho_figure(results))
            years_with = [
                int(y) for p in panels.values() for y in p.loc[p["burden"].notna(), "year"].unique()
            ]
            scatter_year = seed_year if seed_year in years_with else max(years_with, default=0)
            if scatter_year:
                figures.insert(1, _scatter_figure(panels, scatter_year))
            merged = None
            for key, res in results.items():
                label = "NATO" if key == "nato" else "Asia"
                part = res[["year", "n", "rho", "p_value", "status"]].rename(
                    columns={
                        "n": f"{label} n",
                        "rho": f"{label} rho",
                        "p_value": f"{label} p (one-sided)",
                        "status": f"{label} status",
                    }
                )
                part[f"{label} status"] = part[f"{label} status"].where(
                    part[f"{label} status"] != "ok", ""
                )
                merged = part if merged is None else merged.merge(part, on="year", how="outer")
            assert merged is not None
            merged = merged.sort_values("year").reset_index(drop=True)
            tables.append(
                Table(
                    title="Exploitation tests by year",
                    frame=merged,
                    caption=(
                        "n = members with GDP and burden figures (members without are excluded "
                        "and listed below, never counted as zero). One-sided alternative rho > 0."
                    ),
                )
            )
            first_ok = {
                k: (
                    int(r.loc[r["status"] == "ok", "year"].min())
                    if (r["status"] == "ok").any()
                    else None
                )
                for k, r in results.items()
            }
            all_notes.append(
                "Earliest year with at least four members with data: "
                + "; ".join(
                    f"{'NATO' if k == 'nato' else 'U.S. Asian allies'} {v}"
                    for k, v in first_ok.items()
                )
                + "."
            )
            if "nato" in results:
                r = results["nato"]
                ok = r[r["status"] == "ok"]
                early = ok[ok["year"] <= 1966]
                late = ok[(ok["year"] >= 1968) & (ok["year"] <= 1990)]
                recent = ok[ok["year"] >= 2010]
                if len(early) and len(late):
                    all_notes.append(
                        f"NATO: mean rho {early['rho'].mean():.2f} up to 1966 "
                        f"({(early['p_value'] < 0.05).sum()} of {len(early)} years significant at "
                        f"5 %), {late['rho'].mean():.2f} in 1968-1990 "
                        f"({(late['p_value'] < 0.05).sum()} of {len(late)})"
                        + (
                            f", {recent['rho'].mean():.2f} since 2010 "
                            f"({(recent['p_value'] < 0.05).sum()} of {len(recent)})"
                            if len(recent)
                            else ""
                        )
                        + ". Khanna & Sandler (1996) found exploitation fading after flexible "
                        "response (1967); Sandler & Shimizu (2014) little evidence 1999-2009 and "
                        "renewed evidence from 2010."
                    )
                excl = ok[ok["excluded"] != ""]
                if len(excl):
                    last = excl.iloc[-1]
                    all_notes.append(
                        f"Excluded for missing data in {int(last['year'])} (example): "
                        f"{last['excluded']}."
                    )
            key_years = [y for y in (1964, 1995, 2001, 2023) if y in set(merged["year"])]
            summary = merged.loc[
                merged["year"].isin(key_years), [c for c in merged if not c.endswith("status")]
            ].reset_index(drop=True)
    tables.append(_membership_table())
    sources = MODEL_SOURCES + ALLIANCE_SOURCES
    for line in (
        _source_line(sipri, "SIPRI Military Expenditure Database"),
        _source_line(nmc, "COW NMC"),
    ):
        if line:
            sources.append("Data: " + line)
    if sipri is not None:
        sources.append(
            "SIPRI Military Expenditure Database, https://www.sipri.org/databases/milex (© SIPRI)."
        )
    if nmc is not None:
        sources.append(
            "Correlates of War, National Material Capabilities (Singer, Bremer & Stuckey 1972)."
        )
    section = Section(
        id="burden-sharing",
        title="Burden sharing: who pays for the common defense?",
        question=SEED_QUOTE
        + " Do the allies' defense burdens follow the public-good logic (the large ally carries "
        "a disproportionate share), and has that changed over time?",
        model=(
            "Olson & Zeckhauser (1966) exploitation test: Spearman rank correlation, across the "
            "members of an alliance in a year, between GDP and military expenditure as a share of "
            "GDP; a significantly positive value supports the pure-public-good model. The "
            "joint-product model (Sandler 1977) predicts weaker or no correlation; partial rank "
            "correlations with controls follow Sandler & Murdoch (2000). Nash equilibria of "
            "voluntary contributions illustrate both models."
        ),
        assumptions=[
            "Defense spending is the allies' contribution to a common good; GDP measures the "
            "ability to contribute.",
            f"GDP = {GDP_FROM_SIPRI} (current US$, market exchange rates).",
            "Membership in a year: the treaty obligation was in force on at least one day of "
            "the year (accession and exit dates from NATO and the U.S. State Department).",
            "The U.S. treaty allies in Asia are a hub-and-spoke set of bilateral treaties, "
            "treated here as one group around the United States.",
            "Members without a figure are excluded with the reason stated; a missing value is "
            "never read as zero. Years with fewer than four members with data are not tested.",
            "p-values are one-sided (alternative rho > 0, the exploitation hypothesis): exact "
            "permutation distribution of Spearman's rho for up to 16 members without ties, "
            "otherwise Student's t, t = r sqrt(df / (1 - r^2)), with df = n - 2 (n - 2 - k for "
            "a partial rank correlation holding k variables fixed; Sandler & Murdoch 2000).",
        ],
        sources=sources,
        figures=figures,
        tables=tables,
        notes=all_notes,
        summary=summary,
    )
    return section, panels


def _japan_section(
    sipri: pd.DataFrame | None, panels: dict[str, pd.DataFrame], notes: list[str]
) -> Section:
    from anpo.burden.japan import (
        comparison_table,
        dod_cost_sharing,
        hns_periods,
        hns_series,
        support_vs_spending,
    )
    from anpo.burden.panel import sipri_wide
    from anpo.burden.sources import ADD_HINT

    figures = [_hns_figure()]
    hns = hns_series()[["fy", "hns_bn_yen", "approximate", "note", "source"]]
    per = hns_periods()
    dod = dod_cost_sharing()
    w = None
    all_notes = list(notes)
    if sipri is not None:
        try:
            w = sipri_wide(sipri)
        except Exception as exc:  # noqa: BLE001
            all_notes.append(f"SIPRI table unusable here ({_msg(exc)}).")
    sv = support_vs_spending(w)
    hns_frame = pd.concat(
        [
            hns.rename(columns={"hns_bn_yen": "billion yen"}).assign(fy=hns["fy"].astype(str)),
            pd.DataFrame(
                {
                    "fy": [f"{r.fy_first}-{r.fy_last}" for r in per.itertuples()],
                    "billion yen": per["total_bn_yen"],
                    "approximate": False,
                    "note": per["note"],
                    "source": per["source"],
                }
            ),
        ],
        ignore_index=True,
    )
    # to the precision printed in the sources (one decimal), which the report's generic
    # 4-significant-digit number format would cut (1,055.1 -> 1055)
    hns_frame["billion yen"] = [f"{v:,.1f}" for v in hns_frame["billion yen"]]
    tables = [
        Table(
            title="Host-nation support budget (billion yen, Japanese fiscal years)",
            frame=hns_frame,
        ),
        Table(
            title="U.S. DoD cost-sharing figures for Japan (US$ bn) and derived values",
            frame=sv.rename(
                columns={
                    "support_usd_bn": "Japan's support",
                    "offset_share": "share of U.S. stationing costs offset",
                    "implied_stationing_cost_usd_bn": "implied stationing cost (derived)",
                    "us_remaining_cost_usd_bn": "U.S. remainder (derived)",
                    "japan_milex_usd_bn": "Japan milex (SIPRI, current US$ bn)",
                    "support_share_of_milex": "support / Japan milex",
                }
            ),
            caption=(
                "2002: 3.23 direct + 1.18 indirect. Derived: implied cost = support / offset "
                "share (assumes the share is of the total non-personnel stationing cost, host's "
                "part included); U.S. remainder = implied cost - support."
            ),
        ),
    ]
    summary = pd.DataFrame(
        {
            "item": ["HNS FY1999 (peak, bn yen)", "HNS FY2021 (bn yen)", "DoD offset 2002"],
            "value": [
                float(hns.loc[hns["fy"] == 1999, "hns_bn_yen"].iloc[0]),
                float(hns.loc[hns["fy"] == 2021, "hns_bn_yen"].iloc[0]),
                float(dod.loc[dod["year"] == 2002, "offset_share"].iloc[0]),
            ],
        }
    )
    comp_all = comparison_table(w, panels.get("nato")) if w is not None else None
    if comp_all is not None:
        comp = comp_all[comp_all[["Japan", "South Korea"]].notna().any(axis=1)]
        if len(comp):
            figures.append(_comparison_figure(comp))
            pick = comp[comp["year"].isin([1960, 1970, 1980, 1990, 2000, 2001, 2010, 2020, 2023])]
            tables.append(
                Table(
                    title="Military expenditure / GDP: Japan, South Korea, Germany, NATO",
                    frame=pick.reset_index(drop=True),
                    caption="Fractions of GDP (0.01 = 1 %). SIPRI Military Expenditure Database.",
                )
            )
            row = comp[comp["year"] == 2001]
            if len(row):
                r = row.iloc[0]
                parts = [
                    f"{c} {r[c]:.1%}"
                    for c in ("Japan", "South Korea", "Germany", "NATO average")
                    if c in r and isinstance(r[c], float) and math.isfinite(r[c])
                ]
                all_notes.append(
                    "2001 (the seed's year), military expenditure / GDP: " + ", ".join(parts) + "."
                )
        sv_ok = sv[sv["support_share_of_milex"].notna()]
        for rec in sv_ok.itertuples():
            all_notes.append(
                f"{rec.year}: Japan's support to U.S. forces (US$ {rec.support_usd_bn:.2f} bn) "
                f"was {rec.support_share_of_milex:.1%} of Japan's own military expenditure and "
                f"covered {rec.offset_share:.1%} of U.S. stationing costs, leaving the U.S. about "
                f"US$ {rec.us_remaining_cost_usd_bn:.2f} bn (derived)."
            )
    else:
        all_notes.append(
            "Japan's own military spending and the comparison with South Korea, Germany and the "
            f"NATO average need SIPRI data: `{ADD_HINT['sipri']}`. The host-nation support and "
            "DoD figures shown are anpo's typed-in facts and need no data."
        )
    offsets = ", ".join(f"{r.offset_share:.1%} in {r.year}" for r in dod.itertuples())
    reading = (
        f"Reading: by the DoD's count Japan offset {offsets} of U.S. stationing costs, a large "
        "financial contribution in the sense of the seed."
    )
    if comp_all is not None:
        recent = comp_all[comp_all["year"] >= 1990]
        means = {
            c: float(recent[c].mean())
            for c in ("Japan", "South Korea", "Germany", "NATO average")
            if c in recent and recent[c].notna().any()
        }
        if "Japan" in means and len(means) > 1:
            y0, y1 = int(recent["year"].min()), int(recent["year"].max())
            reading += (
                f" Its own military expenditure averaged {means['Japan']:.1%} of GDP in "
                f"{y0}-{y1}, against "
                + ", ".join(f"{k} {v:.1%}" for k, v in means.items() if k != "Japan")
                + "."
            )
            others = [v for k, v in means.items() if k != "Japan"]
            if means["Japan"] < min(others):
                reading += (
                    " A low own burden next to large payments for the leader's forces is what "
                    "the public-good model leads one to expect of an ally whose security the "
                    "leader largely provides."
                )
    all_notes.append(reading)
    return Section(
        id="burden-japan",
        title="Japan's contribution: host-nation support and defense burden",
        question=SEED_QUOTE + " How large is Japan's financial burden, measured against U.S. "
        "costs and against other allies?",
        model=(
            "Accounting comparison, not an estimated model: Japan's host-nation support and the "
            "DoD's cost-sharing figures against U.S. stationing costs, and military expenditure "
            "as a share of GDP for Japan, South Korea, Germany and NATO, read in the "
            "public-good frame of the previous section (Olson & Zeckhauser 1966; Sandler & "
            "Hartley 1999)."
        ),
        assumptions=[
            "Host-nation support is counted on Japan's budget basis (Special Measures Agreement "
            "plus Facilities Improvement Program), in yen of the year, fiscal years April-March.",
            "DoD's 'offset' is the share of U.S. stationing costs covered by the host; implied "
            "totals are derived from it and labelled as such.",
            "Military expenditure follows SIPRI's definition (which can differ from national "
            "budgets, e.g. Japan's defense budget excludes some items SIPRI counts).",
        ],
        sources=[
            "Ministry of Defense of Japan, Defense of Japan (annual white papers), host-nation "
            "support budget.",
            "Agreement between Japan and the United States concerning new special measures "
            "(signed 7 January 2022), Ministry of Foreign Affairs of Japan.",
            "U.S. Department of Defense, Report on Allied Contributions to the Common Defense, "
            "2001 edition (1999 data) and 2004 edition (2002 data; the last edition).",
            *(
                ["SIPRI Military Expenditure Database, https://www.sipri.org/databases/milex."]
                if sipri is not None
                else []
            ),
        ],
        figures=figures,
        tables=tables,
        notes=all_notes,
        summary=summary,
    )


def build(ctx: ReportContext) -> list[Section]:
    """Burden-sharing sections of the report (never raises on missing or bad data)."""
    ctx.progress("burden sharing: loading data")
    sipri, nmc, notes = _load(ctx)
    seed_year = int((ctx.options or {}).get("burden_year", 2001))
    ctx.progress("burden sharing: exploitation tests")
    first, panels = _exploitation_section(sipri, nmc, notes, seed_year)
    ctx.progress("burden sharing: Japan")
    second = _japan_section(sipri, panels, [])
    return [first, second]
