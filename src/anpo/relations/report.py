"""Report section: allies, strategic rivals and rogue states in the Asia-Pacific, from data.

Provider ``build(ctx)`` (registered in :mod:`anpo.report.registry`). It reads the datasets from
the catalog at ``ctx.catalog_home``; when the catalog is absent or lacks a required dataset the
section says which ``anpo data add`` commands would fill it and still shows what needs no data
(the rival-degree model and the Signorino & Ritter 1914 example).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from anpo.report.model import Figure, ReportContext, Section, Table, new_figure, svg_from_matplotlib

__all__ = ["ASIA_PACIFIC", "build"]

SEED_QUESTION = (
    '"The U.S. divides the world into three groups, namely, allies, strategic rivals, and rogue '
    'nations." China is a strategic rival and Russia one "though to a lesser extent than China"; '
    'rogue nations "include North Korea and Iraq". "Australia, Southeast Asian countries and '
    'South Korea have a common ground with Japan in that they all need the U.S. presence" while '
    '"China and Russia would have to be dealt with separately." Which roles do the Asia-Pacific '
    "states hold relative to the U.S., from 1990 to the latest year of data, and how did they "
    "move? (Soeya, RIETI seminar, 10 July 2001)"
)

MODEL = (
    "Rules over real data, first match wins. Ally: an ATOP defense or offense obligation with the "
    "U.S. in the year (Leeds et al. 2002) and no ongoing strategic rivalry. Strategic rival: "
    "capability at least 0.2 of the U.S. CINC and an ongoing strategic rivalry (Thompson & Dreyer "
    "2012; Thompson, Sakuwa & Suhas 2022) or a rival degree of at least 0.35 with a past "
    "rivalry or disputes. The degree is the geometric mean of a competitor score (CINC / U.S. "
    "CINC, capped at 1) and an opposition score: the mean of rivalry (1 if ongoing, halving every "
    "10 years after it ended), threat (militarized disputes with the U.S. in 10 years / 3, "
    "capped at 1) and the percentile of the UN ideal-point distance from the U.S. (Thompson 2001: "
    "strategic rivals are competitors, sources of threat and enemies). Degree >= 0.70 is a "
    "primary rival, below that a rival 'to a lesser extent'. Rogue state: capability below 0.2 "
    "of the U.S., the state itself threatened, displayed or used force against the U.S. in 10 "
    "years (MID hostility >= 3), and it votes further from the U.S. in the UN than 90% of members."
)

ASSUMPTIONS = [
    "Thresholds are the shipped defaults (anpo roles --print-thresholds); anpo roles "
    "--thresholds FILE recomputes the roles with other values.",
    "Asia-Pacific = COW codes 710-990 (East, South and Southeast Asia, Oceania) and Russia (365); "
    "states are listed while they are COW system members.",
    "CINC is recomputed from the six NMC components (mean of the available shares).",
    "Evidence outside a dataset's years is missing and the rule that needs it does not fire; a "
    "state without a UN estimate in the year uses its latest estimate of the previous 10 years.",
    "ATOP non-aggression or consultation pacts alone do not make an ally (the U.S., China and "
    "North Korea all joined ASEAN's Treaty of Amity and Cooperation).",
]

SOURCES = [
    "Correlates of War Project, State System Membership v2016; National Material Capabilities "
    "(Singer, Bremer & Stuckey 1972; v6.0/v7.0).",
    "Leeds, Ritter, Mitchell & Long (2002), Alliance Treaty Obligations and Provisions, "
    "International Interactions 28: 237-260 (ATOP v5.1).",
    "Thompson & Dreyer (2012), Handbook of International Rivalries 1494-2010; Thompson, Sakuwa & "
    "Suhas (2022), Analyzing Strategic Rivalries in World Politics; Thompson (2001), ISQ 45(4).",
    "Palmer et al. (2022), MID 5.0, International Studies Quarterly 66(2); Maoz, Johnson, "
    "Kaplan, Ogunkoya & Shreve (2019), The Dyadic Militarized Interstate Disputes (MIDs) Dataset "
    "Version 3.0, Journal of Conflict Resolution 63(3): 811-835 (dyadic MID 4.02).",
    "Bailey, Strezhnev & Voeten (2017), Estimating Dynamic State Preferences from United Nations "
    "Voting Data, Journal of Conflict Resolution 61(2): 430-456.",
    "Signorino & Ritter (1999), Tau-b or Not Tau-b, ISQ 43(1): 115-144; Häge (2011), Political "
    "Analysis 19(3): 287-305.",
]

#: Asia-Pacific: COW East Asia 710-799 incl. South Asia, Southeast Asia 800-899, Oceania
#: 900-990, and Russia.
ASIA_PACIFIC = (710, 990)
RUSSIA = 365
SEED_STATES = {
    "JPN": "Japan",
    "UKG": "United Kingdom",
    "AUL": "Australia",
    "ROK": "South Korea",
    "CHN": "China",
    "RUS": "Russia",
    "PRK": "North Korea",
    "IRQ": "Iraq",
}
ROLE_COLORS = {
    "ally": "#2b7a3d",
    "strategic rival": "#c0392b",
    "rogue state": "#7d3c98",
    "other": "#d9d9d9",
}

ADD_HINT = [
    "anpo data add states2016.csv  (COW State System Membership v2016)",
    "anpo data add atop5_1ddyr.csv  (ATOP dyad-years; or peacesciencer's atop_alliance.csv.gz)",
    "anpo data add NMC-60-abridged.csv  (COW National Material Capabilities)",
    "anpo data add td_rivalries.csv tss_rivalries.csv  (strategic rivalries)",
    "anpo data add dyadic_mid_4.02.csv  (dyadic MIDs; or peacesciencer's cow_mid_dirdisps.csv)",
    "anpo data add IdealpointsJuly2025.csv  (UNGA ideal points, Harvard Dataverse)",
]

# Signorino & Ritter (1999), Table 6: Germany and Russia, 1914, alliance scale 0..3 with the 20
# European states in this order: GMY RUS UKG FRN AUH ITA BEL SPN TUR NTH SWD RUM POR SWZ GRC DEN
# YUG BUL NOR ALB; system capability shares. (The reference tests use these vectors.)
SR1914_SYSCAP = [
    0.25,
    0.21,
    0.20,
    0.08,
    0.08,
    0.05,
    0.03,
    0.03,
    0.02,
    0.01,
    0.01,
    0.01,
    0.01,
    0.01,
    0,
    0,
    0,
    0,
    0,
    0,
]
SR1914_GMY = [3, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0]
SR1914_RUS = [0, 3, 1, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]


def _degree_figure(th: Any, points: pd.DataFrame | None) -> Figure:
    fig, ax = new_figure(6.5, 4.2)
    comp = np.linspace(0.0, 1.0, 101)
    opp = np.linspace(0.0, 1.0, 101)
    cc, oo = np.meshgrid(comp, opp)
    deg = np.sqrt(cc * oo)
    cs = ax.imshow(
        deg,
        origin="lower",
        extent=(0, 1, 0, 1),
        cmap="Greys",
        alpha=0.55,
        vmin=0,
        vmax=1,
        aspect="auto",
    )
    ax.contour(
        cc,
        oo,
        deg,
        levels=[th.rival.min_degree, th.rival.primary_degree],
        colors=["#c0392b", "#7b241c"],
        linewidths=[1.2, 2.0],
    )
    ax.axvline(th.rival.min_capability_ratio, color="#555555", ls="--", lw=1)
    fig.colorbar(cs, ax=ax, label="rival degree")
    if points is not None and len(points):
        for rec in points.itertuples():
            ax.plot(rec.comp_competitor, rec.opposition, "o", color=ROLE_COLORS.get(rec.role, "k"))
            ax.annotate(
                f"{rec.stateabb} {rec.year}",
                (rec.comp_competitor, rec.opposition),
                fontsize=7,
                xytext=(3, 3),
                textcoords="offset points",
            )
    ax.set_xlabel("competitor score = min(1, CINC / U.S. CINC)")
    ax.set_ylabel("opposition score (rivalry, disputes, UN distance)")
    ax.set_title("Rival degree = sqrt(competitor x opposition)")
    return Figure(
        "How the degree of strategic rivalry is measured",
        svg_from_matplotlib(fig),
        f"Contours: degree {th.rival.min_degree:.2f} (latent rival threshold) and "
        f"{th.rival.primary_degree:.2f} (primary rival); dashed: minimum capability "
        f"{th.rival.min_capability_ratio:.2f} of the focal's. Points: states placed by the data.",
    )


def _sr1914_table() -> Table:
    from anpo.relations.similarity import (
        alignment_index,
        cohen_kappa,
        s_score,
        scott_pi,
        tau_b,
    )

    x, y, w = SR1914_GMY, SR1914_RUS, SR1914_SYSCAP
    rows = [
        ("S, absolute distances", s_score(x, y)),
        ("S, squared distances", s_score(x, y, distance="squared")),
        ("S, absolute, weighted by capability", s_score(x, y, weights=w)),
        ("Kendall's tau-b", tau_b(x, y)),
        ("Cohen's kappa (quadratic)", cohen_kappa(x, y)),
        ("Scott's pi (nominal, Scott 1955; as fpsim spi)", scott_pi(x, y)),
        ("Scott's pi (quadratic, Häge 2011)", scott_pi(x, y, weights="quadratic")),
        ("alignment index", alignment_index(x, y)),
    ]
    return Table(
        "Similarity of the German and Russian alliance portfolios, 1914",
        pd.DataFrame(rows, columns=["measure", "value"]),
        "Signorino & Ritter (1999) Table 6 vectors (20 European states, scale 0-3). S shows some "
        "similarity where tau-b shows none; the chance-corrected kappa and pi are negative.",
    )


def _catalog(ctx: ReportContext) -> Any | None:
    home = ctx.catalog_home
    if home is None or not Path(home).exists():
        return None
    from anpo.data.catalog import Catalog

    cat = Catalog.open(home)
    return cat if cat.exists() else None


def _no_data_section(th: Any, missing: list[str], home: Path | None) -> Section:
    where = f"the catalog at {home}" if home else "no data catalog (ANPO_HOME)"
    note = (
        f"No role data: {where} lacks "
        + (", ".join(missing) if missing else "the datasets")
        + ". Fill it with: "
        + "; ".join(ADD_HINT)
        + ". Then `anpo roles --year 2001` and `anpo report` show the roles."
    )
    return Section(
        id="relations-roles",
        title="Allies, strategic rivals and rogue states in the Asia-Pacific (needs data)",
        question=SEED_QUESTION,
        model=MODEL,
        assumptions=ASSUMPTIONS,
        sources=SOURCES,
        figures=[_degree_figure(th, None)],
        tables=[_sr1914_table()],
        notes=[note],
    )


def _movement_notes(panel: pd.DataFrame, first: int, last: int) -> list[str]:
    notes = []
    deg = panel.pivot_table(index="year", columns="stateabb", values="degree")
    for abb, name in (("CHN", "China"), ("RUS", "Russia")):
        if abb in deg:
            s = deg[abb].dropna()
            if len(s):
                peak = s.idxmax()
                notes.append(
                    f"{name}'s rival degree: {s.iloc[0]:.2f} in {s.index[0]}, "
                    f"{s.get(2001, np.nan):.2f} in 2001, {s.iloc[-1]:.2f} in {s.index[-1]} "
                    f"(highest {s.max():.2f} in {peak})."
                )
    changes = _transitions(panel)
    for abb in ("PRK", "IRQ"):
        sub = panel[panel["stateabb"] == abb].sort_values("year")
        rogue = sub[sub["role"] == "rogue state"]["year"]
        if len(rogue):
            notes.append(
                f"{SEED_STATES[abb]} is coded a rogue state in {len(rogue)} of the years "
                f"{first}-{last} ({int(rogue.min())}-{int(rogue.max())})."
            )
    if len(changes):
        notes.append(
            f"{len(changes)} role changes among the Asia-Pacific states from {first} to {last}; "
            "the table 'Role changes' lists each with the reason in the year of the change."
        )
    else:
        notes.append(f"No Asia-Pacific state changed role between {first} and {last}.")
    return notes


def _transitions(panel: pd.DataFrame) -> pd.DataFrame:
    p = panel.sort_values(["ccode", "year"])
    prev_role = p.groupby("ccode")["role"].shift()
    prev_year = p.groupby("ccode")["year"].shift()
    ch = p[prev_role.notna() & (prev_role != p["role"]) & (prev_year == p["year"] - 1)]
    return pd.DataFrame(
        {
            "year": ch["year"].to_numpy(),
            "state": ch["stateabb"].to_numpy(),
            "from": prev_role[ch.index].to_numpy(),
            "to": ch["role"].to_numpy(),
            "reason": ch["reason"].to_numpy(),
        }
    )


def _heatmap(panel: pd.DataFrame, states: list[str], first: int, last: int) -> Figure:
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    roles = list(ROLE_COLORS)
    code = {r: i for i, r in enumerate(roles)}
    years = list(range(first, last + 1))
    grid = np.full((len(states), len(years)), np.nan)
    piv = panel.pivot_table(index="stateabb", columns="year", values="role", aggfunc="first")
    for i, s in enumerate(states):
        for j, y in enumerate(years):
            if s in piv.index and y in piv.columns and isinstance(piv.loc[s, y], str):
                grid[i, j] = code[piv.loc[s, y]]
    fig, ax = new_figure(9, 0.28 * len(states) + 1.6)
    cmap = ListedColormap([ROLE_COLORS[r] for r in roles]).with_extremes(bad="white")
    ax.imshow(
        np.ma.masked_invalid(grid),
        aspect="auto",
        cmap=cmap,
        vmin=0,
        vmax=len(roles) - 1,
        interpolation="nearest",
    )
    ax.set_yticks(range(len(states)), states, fontsize=7)
    step = max(1, len(years) // 14)
    ax.set_xticks(range(0, len(years), step), [str(y) for y in years[::step]], fontsize=7)
    ax.legend(
        handles=[Patch(color=ROLE_COLORS[r], label=r) for r in roles],
        fontsize=7,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
    )
    ax.set_title("Role relative to the U.S., by year (white: not a system member)")
    return Figure(
        "Roles of the Asia-Pacific states relative to the U.S.",
        svg_from_matplotlib(fig),
        "States that held a role other than 'other' in some year, and the Southeast Asian states "
        "and India the seed points to.",
    )


def _degree_lines(panel: pd.DataFrame, th: Any) -> Figure:
    fig, ax = new_figure(7, 3.6)
    for abb, color in (
        ("CHN", "#c0392b"),
        ("RUS", "#2c3e50"),
        ("PRK", "#7d3c98"),
        ("IND", "#e67e22"),
    ):
        sub = panel[panel["stateabb"] == abb].sort_values("year")
        if len(sub):
            ax.plot(sub["year"], sub["degree"], marker=".", color=color, label=abb)
    ax.axhline(th.rival.min_degree, color="#c0392b", ls=":", lw=1, label="latent rival threshold")
    ax.axhline(th.rival.primary_degree, color="#7b241c", ls="--", lw=1, label="primary rival")
    ax.set_ylim(0, 1.02)
    ax.set_ylabel("rival degree")
    ax.legend(fontsize=7, ncol=3)
    ax.set_title("Degree of strategic rivalry with the U.S.")
    return Figure(
        "Degree of strategic rivalry: China, Russia, North Korea, India",
        svg_from_matplotlib(fig),
        "Geometric mean of competitor and opposition scores; a state is a rival only with "
        "enough capability and rivalry or dispute evidence (see the model).",
    )


def build(ctx: ReportContext) -> list[Section]:
    """The relations section of the report (see the module docstring)."""
    from anpo.relations.taxonomy import (
        REQUIRED_KINDS,
        load_thresholds,
        missing_optional_kinds,
        roles_inputs,
        roles_panel,
    )

    th = load_thresholds()
    cat = _catalog(ctx)
    if cat is None:
        return [_no_data_section(th, list(REQUIRED_KINDS), ctx.catalog_home)]
    missing = [k for k in REQUIRED_KINDS if not cat.has(k)]
    if missing:
        return [_no_data_section(th, missing, ctx.catalog_home)]
    ctx.progress("relations: reading the catalog")
    inputs = roles_inputs(cat)
    states = inputs["states"]
    coverage_end = min(
        int(states["endyear"].max()),
        int(inputs["alliances"]["year"].max()),
        int(inputs["capabilities"]["year"].max()),
    )
    first, last = 1990, coverage_end
    ctx.progress(f"relations: roles {first}-{last}")
    panel = roles_panel(range(first, last + 1), thresholds=th, **inputs)
    region = panel[panel["ccode"].between(*ASIA_PACIFIC) | (panel["ccode"] == RUSSIA)].reset_index(
        drop=True
    )
    seed_rows = panel[(panel["year"] == 2001) & panel["stateabb"].isin(list(SEED_STATES))]
    interesting = sorted(
        set(region.loc[region["role"] != "other", "stateabb"])
        | (
            {"IND", "INS", "MAL", "SIN", "THI", "PHI", "DRV", "TAW", "NEW"}
            & set(region["stateabb"])
        )
    )
    order = (
        region[region["stateabb"].isin(interesting)]
        .assign(
            r=lambda d: d["role"].map(
                {"ally": 0, "strategic rival": 1, "rogue state": 2, "other": 3}
            )
        )
        .groupby("stateabb")["r"]
        .min()
        .sort_values(kind="stable")
    )
    states_sorted = list(order.index)
    snap_years = [y for y in (first, 2001, last) if first <= y <= last]
    snap = region[region["year"].isin(snap_years)].pivot_table(
        index=["ccode", "stateabb"], columns="year", values="role", aggfunc="first"
    )
    snap = snap.reset_index()
    snap.columns = [str(c) for c in snap.columns]
    ycols = [str(y) for y in snap_years]
    snap["moved"] = snap[ycols].apply(
        lambda r: "yes" if len({v for v in r if isinstance(v, str)}) > 1 else "", axis=1
    )
    snap = snap.fillna("-")
    transitions = _transitions(region)
    seed_table = seed_rows[
        [
            "stateabb",
            "role",
            "intensity",
            "degree",
            "capability_ratio",
            "mids",
            "idealpoint_percentile",
            "reason",
        ]
    ].rename(columns={"stateabb": "state"})
    points = panel[
        (panel["year"].isin([2001, last])) & panel["stateabb"].isin(["CHN", "RUS", "PRK", "IND"])
    ]
    notes = _movement_notes(region, first, last)
    absent = missing_optional_kinds(cat)
    if absent:
        notes.append(
            "Optional datasets missing from the catalog (" + ", ".join(absent) + "): the rules "
            "that need them cannot fire. Add them with: " + "; ".join(ADD_HINT[3:]) + "."
        )
    versions = {
        r["kind"]: f"{r['dataset']} {r['version']}" for r in cat.in_use().to_dict(orient="records")
    }
    sources = SOURCES + [
        "Catalog datasets used: " + "; ".join(f"{k}: {v}" for k, v in versions.items()) + "."
    ]
    summary = seed_table[["state", "role", "intensity", "degree"]].copy()
    summary.insert(0, "year", 2001)
    return [
        Section(
            id="relations-roles",
            title=f"Allies, strategic rivals and rogue states in the Asia-Pacific, {first}-{last}",
            question=SEED_QUESTION,
            model=MODEL,
            assumptions=ASSUMPTIONS,
            sources=sources,
            figures=[
                _heatmap(region, states_sorted, first, last),
                _degree_lines(panel, th),
                _degree_figure(th, points),
            ],
            tables=[
                Table(
                    "The seed's 2001 picture, from data",
                    seed_table.reset_index(drop=True),
                    "Roles relative to the U.S. in 2001 of the states the seed names, with the "
                    "rule's evidence.",
                ),
                Table(
                    f"Asia-Pacific roles in {', '.join(ycols)}",
                    snap.drop(columns=["ccode"]),
                    "'moved': the role differs between these years.",
                ),
                Table(
                    "Role changes",
                    transitions,
                    "Year-to-year changes of role among the Asia-Pacific states.",
                ),
                _sr1914_table(),
            ],
            notes=notes,
            summary=summary.reset_index(drop=True),
        )
    ]
