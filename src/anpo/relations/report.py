"""Report section: allies, strategic rivals and rogue states in the Asia-Pacific, from data.

Provider ``build(ctx)`` (registered in :mod:`anpo.report.registry`). It reads the datasets from
the catalog at ``ctx.catalog_home``; when the catalog is absent or lacks a required dataset the
section says which ``anpo data add`` commands would fill it and still shows what needs no data
(the rival-degree model and the Signorino & Ritter 1914 example).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from anpo.references import cite
from anpo.report.figures import figure_text, legend_below
from anpo.report.format import (
    MISSING,
    count_noun,
    fmt_decimals,
    fmt_number,
    fmt_share,
    join_words,
    upper_first,
    year_ranges,
)
from anpo.report.sections import (
    # dup-ok: import block of a report section: each section module imports the report types it
    # uses.
    Figure,
    Finding,
    ReportContext,
    Section,
    Table,
    new_figure,
    svg_from_matplotlib,
)

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


def capability_words(th: Any) -> str:
    """The capability measure of the thresholds ``th`` in words: 'the mean of the CINC and
    military-spending ratios'."""
    names = {"cinc": "CINC", "milex": "military-spending", "nuclear": "nuclear-warhead"}
    measures = [names[c] for c in th.rival.capability]
    if len(measures) == 1:
        return f"the {measures[0]} ratio"
    how = "highest" if th.rival.capability_combine == "max" else "mean"
    return f"the {how} of the {join_words(measures)} ratios"


def model_text(th: Any) -> str:
    """The section's Model paragraph, with the measures and inputs of the thresholds ``th``."""
    from anpo.relations.taxonomy import RIVALRY_LIST_NAMES

    capability = capability_words(th)
    lists = " and ".join(RIVALRY_LIST_NAMES[n] for n in th.rivalry_lists)
    return (
        "Rules over real data, first match wins (the shipped thresholds, printed by anpo roles "
        "--print-thresholds; those marked 'fitted' were chosen on the training decades only). "
        "War: at war with the U.S. in the year (COW war data, else the state's own MID "
        "hostility level 5) makes a strategic rival or a rogue state, whatever else. Ally: an "
        "ATOP defense or offense obligation shared with the U.S. in the year, in either "
        "direction (Leeds et al. 2002); the pact is 'nominal' when UN voting (the two far "
        "apart seen from either member: a pact binds both), the state's own hostility or an "
        "ongoing rivalry contradicts it, and then the other evidence decides. "
        f"Strategic rival: capability at least the minimum share of the U.S. ({capability}, "
        f"each capped at 1) and an ongoing strategic rivalry in {lists} or a rival degree above "
        "the minimum with a past rivalry or disputes. The degree is the geometric mean of that "
        "capability score and an opposition score: the mean of rivalry (1 if ongoing, halving "
        f"every {th.rival.rivalry_half_life:g} years after it ended), threat (the state's own "
        "militarized disputes with the U.S., each with a weight halving every "
        f"{th.disputes.half_life:g} years of its age and shared among the joiners of a bloc) "
        "and the percentile "
        "of the UN ideal-point distance from the U.S. (Thompson 2001: strategic rivals are "
        "competitors, sources of threat and enemies). Degree >= the primary threshold is a "
        "primary rival, below it a rival 'to a lesser extent'. Rogue state: little capability, "
        "its own hostility against the U.S. (decayed dispute evidence or an ongoing rivalry) "
        "and, when it has a UN seat, among the members voting furthest from the U.S.; without "
        "a seat its preference is unknown and counts neither way (its disputes alone do not "
        "make a pact nominal, and its hostility needs an ongoing rivalry, a war against the "
        f"U.S. within the {th.disputes.lookback}-year dispute lookback or a pact with a U.S. "
        "rival to corroborate it). Ally of the rival: a defense pact with the primary rival, "
        "unless the state votes closer to the U.S. in the UN than "
        f"{fmt_share(1 - th.ally.rival_ally_idealpoint_percentile, decimals=0)} of the members (its pact is then "
        "nominal). A dataset that ends before the year "
        "is read as of its last year and the row is marked 'insufficient'."
    )


#: Asia-Pacific: COW East Asia 710-799 incl. South Asia, Southeast Asia 800-899, Oceania
#: 900-990, and Russia.
ASIA_PACIFIC = (710, 990)
RUSSIA = 365

#: The states whose UN seat the assumptions date: COW code -> (name, how it came).
#: UN General Assembly Resolution 2758 (XXVI), 25 October 1971 (A/RES/2758(XXVI)), gave China's
#: seat to the People's Republic; Resolution 46/1, 17 September 1991 (A/RES/46/1), admitted the
#: DPRK and the Republic of Korea.
_UN_SEATS = {
    710: (
        "China",
        1971,
        "the People's Republic took China's seat by UN General Assembly Resolution 2758 (XXVI), "
        "25 October 1971",
    ),
    731: (
        "North Korea",
        1991,
        "North Korea was admitted, with South Korea, by UN General Assembly Resolution 46/1, "
        "17 September 1991",
    ),
}


def _first_un_years(ideal: pd.DataFrame | None, measure: str) -> dict[int, int]:
    """The first year each state of :data:`_UN_SEATS` has an ideal point (``measure``) in the
    UN data ``ideal`` (COW ``ccode``, ``year``); empty without the data."""
    if ideal is None or not {"ccode", "year"} <= set(ideal.columns):
        return {}
    rows = ideal if measure not in ideal.columns else ideal[ideal[measure].notna()]
    first = rows[rows["ccode"].isin(list(_UN_SEATS))].groupby("ccode")["year"].min()
    return {int(k): int(v) for k, v in zip(first.index.tolist(), first.tolist(), strict=True)}


def un_seat_words(ideal: pd.DataFrame | None, th: Any) -> str:
    """The assumption on states without a UN seat: China's and North Korea's first years in the
    UN ideal points ``ideal`` when the catalog has them (said to be the data's), else the years
    of the General Assembly resolutions that seated them, each with its resolution; and the
    lookback of ``th`` (``idealpoint_lookback``; it typed 'the previous 10 years')."""
    first = _first_un_years(ideal, getattr(th, "idealpoint_measure", ""))
    hows = "; ".join(how for _, _, how in _UN_SEATS.values())
    if first and set(first) == set(_UN_SEATS):
        years = "the UN ideal points estimate " + " and ".join(
            f"{_UN_SEATS[c][0]} from {first[c]}" for c in _UN_SEATS
        )
    else:
        years = " and ".join(f"{name} before {year}" for name, year, _ in _UN_SEATS.values())
    return (
        "A state without a UN seat has an unknown preference, counted neither for nor against "
        f"a role: {years} ({hows}); a state without an estimate in the year uses its latest "
        f"estimate of the previous {count_noun(int(th.idealpoint_lookback), 'year')}."
    )


def assumptions(th: Any, ideal: pd.DataFrame | None = None) -> list[str]:
    """The relations sections' assumptions for thresholds ``th`` and the UN ideal points
    ``ideal`` (None: not in the catalog), :func:`un_seat_words`."""
    return [
        "Thresholds are the shipped defaults (anpo roles --print-thresholds); anpo roles "
        "--thresholds FILE recomputes the roles with other values; the fit of the thresholds "
        "can be re-run on other data or training years.",
        f"Asia-Pacific = COW codes {ASIA_PACIFIC[0]}-{ASIA_PACIFIC[1]} (East, South and "
        f"Southeast Asia, Oceania) and Russia ({RUSSIA}); "
        "states are listed while they are COW system members.",
        "CINC is recomputed from the six NMC components (mean of the available shares).",
        un_seat_words(ideal, th),
        "ATOP non-aggression or consultation pacts alone do not make an ally (the U.S., China "
        "and North Korea all joined ASEAN's Treaty of Amity and Cooperation).",
        "The independent codings are validation targets only: no rule reads them. Thompson, "
        "Sakuwa & Suhas's list is the rivalry input, so Thompson & Dreyer's is the rivalry "
        "target.",
    ]


SOURCES = [
    cite("cow2017"),
    cite("singer1972"),
    cite("greig2021"),
    cite("leeds2002"),
    cite("thompson2012"),
    cite("thompson2022"),
    cite("thompson2001"),
    cite("palmer2022"),
    cite("maoz2019"),
    cite("bailey2017"),
    cite("kristensen2024"),
    "Validation targets (with NATO member accession dates, nato.int, and the OAS table B-29 of "
    "the Inter-American Treaty of Reciprocal Assistance):",
    cite("state-sst2024"),
    cite("state-cda2024"),
    cite("gibler2009"),
    cite("signorino1999"),
    cite("hage2011"),
]

ROLE_COLORS = {
    "ally": "#2b7a3d",
    "strategic rival": "#c0392b",
    "rogue state": "#7d3c98",
    "ally-of-rival": "#e59866",
    "other": "#d9d9d9",
}
#: The colours of :data:`ROLE_COLORS` in words, for captions of figures without a legend.
ROLE_COLOR_NAMES = {
    "ally": "green",
    "strategic rival": "red",
    "rogue state": "purple",
    "ally-of-rival": "light orange",
    "other": "light grey",
}

ADD_HINT = [
    "anpo data add states2016.csv  (COW State System Membership v2016)",
    "anpo data add atop5_1ddyr.csv  (ATOP dyad-years; or peacesciencer's atop_alliance.csv.gz)",
    "anpo data add NMC-60-abridged.csv  (COW National Material Capabilities)",
    "anpo data add td_rivalries.csv tss_rivalries.csv  (strategic rivalries)",
    "anpo data add dyadic_mid_4.02.csv  (dyadic MIDs; or peacesciencer's cow_mid_dirdisps.csv)",
    "anpo data add IdealpointsJuly2025.csv  (UNGA ideal points, Harvard Dataverse)",
    "anpo data add fas_stockpiles_1945_2023_owid.csv  (nuclear stockpiles, FAS via OWID)",
]

#: The :data:`ADD_HINT` line of each dataset the roles need (taxonomy.REQUIRED_KINDS).
_REQUIRED_HINT = {"cow_states": ADD_HINT[0], "atop": ADD_HINT[1], "nmc": ADD_HINT[2]}

_OPTIONAL_HINT = {
    "td_rivalries": ADD_HINT[3],
    "tss_rivalries": ADD_HINT[3],
    "mid_dyadic": ADD_HINT[4],
    "unga": ADD_HINT[5],
    "nuclear_stockpiles": ADD_HINT[6],
}


def hint_text(hint: str) -> str:
    """An :data:`ADD_HINT` line for the page: the command in backticks (set as code) and its
    description after it, so that the double space between them is not printed.

    >>> hint_text(ADD_HINT[0])
    '`anpo data add states2016.csv` (COW State System Membership v2016)'
    """
    command, _, what = hint.partition("  (")
    return f"`{command}`" + (f" ({what}" if what else "")


def optional_hints(absent: list[str]) -> list[str]:
    """The ``anpo data add`` lines for the optional datasets in ``absent`` only (the note once
    listed every optional dataset's line, those already in the catalog too).

    >>> optional_hints(["nuclear_stockpiles"])
    ['anpo data add fas_stockpiles_1945_2023_owid.csv  (nuclear stockpiles, FAS via OWID)']
    """
    return list(dict.fromkeys(_OPTIONAL_HINT[k] for k in absent if k in _OPTIONAL_HINT))


#: The evidence each optional dataset of the roles feeds (for the note when it is missing).
_OPTIONAL_FEEDS = {
    "td_rivalries": "strategic rivalries",
    "tss_rivalries": "strategic rivalries",
    "mid_dyadic": "militarized disputes",
    "unga": "UN ideal points",
    "nuclear_stockpiles": "nuclear forces",
}


#: The capability measures of the rival rule (:class:`anpo.relations.taxonomy` thresholds) in words.
_CAPABILITY_WORDS = {"cinc": "CINC", "milex": "military spending", "nuclear": "nuclear forces"}


def absent_datasets_note(absent: list[str], capability: list[str]) -> str:
    """The note (``anpo roles`` and the report) for the optional datasets the catalog lacks, naming the evidence each would
    feed. Nuclear stockpiles feed only a capability measure that includes ``nuclear``: with the
    default thresholds (CINC and military spending) no rule reads them, and the note says so
    instead of claiming that rules cannot fire."""
    needed = [k for k in absent if k != "nuclear_stockpiles" or "nuclear" in capability]
    parts = []
    if needed:
        feeds = ", ".join(dict.fromkeys(_OPTIONAL_FEEDS.get(k, k) for k in needed))
        parts.append(
            "the catalog has no " + ", ".join(needed) + " dataset: the rules that read "
            f"{feeds} cannot fire without it (anpo data add FILE)"
        )
    if "nuclear_stockpiles" in absent and "nuclear_stockpiles" not in needed:
        # the measures in words (the thresholds' codes 'cinc' and 'milex' are no reader's words)
        measures = [_CAPABILITY_WORDS.get(c, c) for c in capability]
        parts.append(
            "no dataset of nuclear stockpiles (catalog kind nuclear_stockpiles), which no rule "
            "in use needs (the thresholds measure capability by " + " and ".join(measures) + ")"
        )
    return "note: " + "; ".join(parts)


# [signorino1999], Table 6: Germany and Russia, 1914, alliance scale 0..3 with the 20
# European states in this order: GMY RUS UKG FRN AUH ITA BEL SPN TUR NTH SWD RUM POR SWZ GRC DEN
# YUG BUL NOR ALB; system capability shares.
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
            ax.plot(
                rec.comp_competitor, rec.opposition, "o", color=ROLE_COLORS.get(str(rec.role), "k")
            )
            ax.annotate(
                f"{rec.statenme} {rec.year}",  # names for readers, not COW abbreviations
                (rec.comp_competitor, rec.opposition),
                fontsize=7,
                xytext=(3, 3),
                textcoords="offset points",
            )
    drawn = points is not None and len(points) > 0
    ax.set_xlabel("capability score (relative to the U.S., capped at 1)")
    ax.set_ylabel("opposition score (rivalry, disputes, UN distance)")
    ax.set_title("Rival degree = sqrt(capability x opposition)")
    return Figure(
        "How the degree of strategic rivalry is measured",
        svg_from_matplotlib(fig),
        f"Contours: degree {th.rival.min_degree:.2f} (latent rival threshold) and "
        f"{th.rival.primary_degree:.2f} (primary rival); dashed: minimum capability "
        f"{th.rival.min_capability_ratio:.2f} of the focal's."
        + (
            # the points carry the role's colour, with no legend: North Korea 2001 purple and
            # 2016 light orange went unexplained
            " Points: states placed by the data, coloured by their role that year as in the "
            "role grid ("
            + "; ".join(
                f"{ROLE_COLOR_NAMES[r]}: {r}"
                for r in ROLE_COLORS
                if points is not None and r in set(points["role"].astype(str))
            )
            + ")."
            if drawn
            else " No state is placed (no data)."
        ),
        description=(
            "A grey field shading the rival degree, the square root of capability times "
            "opposition, from 0 at the lower left to 1 at the upper right, with two contour "
            f"lines at {th.rival.min_degree:.2f} and {th.rival.primary_degree:.2f}"
            + (" and the states placed on it." if drawn else ".")
        ),
        definition=(
            f"Rival degree = sqrt(capability x opposition); capability = {capability_words(th)} "
            "to the U.S., each capped at 1 (Thompson 2001; Singer, Bremer & Stuckey 1972)."
        ),
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
        f"Signorino & Ritter (1999) Table 6 vectors ({len(x)} European states, scale 0-3). "
        + _sr1914_reading(dict(rows)),
    )


def _sr1914_reading(v: dict[str, float]) -> str:
    """The table's reading, generated from its values (it was typed in, and said 'S shows some
    similarity' next to a capability-weighted S below zero).

    >>> _sr1914_reading({"S, absolute distances": 0.4, "S, absolute, weighted by capability":
    ...     -0.46, "Kendall's tau-b": 0.03, "Cohen's kappa (quadratic)": -0.08,
    ...     "Scott's pi (quadratic, Häge 2011)": -0.09})
    'Unweighted S (0.4) shows some similarity where tau-b (0.03) shows almost none; weighted by capability, S is -0.46; the chance-corrected kappa and pi are negative.'
    """

    def word(x: float, small: float = 0.1) -> str:
        if abs(x) < small:
            return "almost none"
        return "some similarity" if x > 0 else "dissimilarity"

    s, sw = v["S, absolute distances"], v["S, absolute, weighted by capability"]
    tb = v["Kendall's tau-b"]
    chance = [v["Cohen's kappa (quadratic)"], v["Scott's pi (quadratic, Häge 2011)"]]
    sign = (
        "negative"
        if all(c < 0 for c in chance)
        else "positive"
        if all(c > 0 for c in chance)
        else "of opposite signs"
    )
    # through the table's formatter: the prose said 'S (0.40)' and 'tau-b (0.03)' beside the
    # table's '0.4' and '0.0303' (review8 #12)
    return (
        f"Unweighted S ({fmt_number(s)}) shows {word(s)} where tau-b ({fmt_number(tb)}) shows "
        f"{word(tb)}; weighted by capability, S is {fmt_number(sw)}; the chance-corrected kappa "
        f"and pi are {sign}."
    )


def _rival_data_words(gaps: str, year: int) -> str:
    """The primary-rival finding's data sentence: low confidence with the gaps when the year's
    data are insufficient (``gaps``: the row's ``data_gaps``), else that they are complete.

    >>> _rival_data_words("disputes (MID) end in 2014 (evidence as of 2014)", 2016)
    'Low: the data for 2016 are insufficient: disputes (MID) end in 2014 (evidence as of 2014).'
    >>> _rival_data_words("", 2010)
    'Data complete for 2010.'
    """
    if gaps:
        return f"Low: the data for {year} are insufficient: {gaps}."
    return f"Data complete for {year}."


def _kind_words(kind: str) -> str:
    """A dataset kind as a reader names it: its description up to the file name ('cow_states'
    -> 'COW State System Membership')."""
    from anpo.data.kinds import reader_name

    return reader_name(kind)


def _insufficient_note(rows: pd.DataFrame) -> str:
    """The note on the state-years of ``rows`` (the Asia-Pacific states the section shows) whose
    data are insufficient (``data_status``, with the gaps in ``data_gaps``, '; '-separated):
    each gap once with its years, a state's military-spending gaps as its name and years. The
    note joined every distinct ``data_gaps`` text of every state in the world, 39,000
    characters in the built report, 'disputes (MID) end in 2014' 68 times over, Benin's and
    Comoros's spending among them, after a list of every year 1990-2016.

    >>> rows = pd.DataFrame({"year": [2014, 2015, 2015, 2016, 2016], "data_status":
    ...     ["complete"] + ["insufficient"] * 4, "data_gaps": ["", "disputes (MID) end in 2014",
    ...     "disputes (MID) end in 2014; military spending (NMC) of Laos: none in 2015, 2014's "
    ...     "carried forward", "disputes (MID) end in 2014", "disputes (MID) end in 2014; military "
    ...     "spending (NMC) of Laos: none in 2013-2016 (capability without it)"]})
    >>> note = _insufficient_note(rows)
    >>> note.split(": ")[0]
    'Data insufficient for every Asia-Pacific state in 2015-2016'
    >>> note.count("disputes (MID) end in 2014 (2015-2016)"), "capability measure: Laos (2015-2016)." in note
    (1, True)
    >>> "for every state, disputes (MID) end in 2014 (2015-2016)" in note
    True
    """
    from anpo.relations.taxonomy import MILEX_GAP
    from anpo.report.format import year_ranges

    bad = rows[rows["data_status"] == "insufficient"]
    if bad.empty:
        return ""
    per_year = rows.groupby("year").size()
    common: dict[str, set[int]] = {}
    hits: dict[tuple[str, int], int] = {}  # state-years with a gap, to tell one that every
    spending: dict[str, set[int]] = {}  # state shares (MID's end) from one of some states
    head = f"{MILEX_GAP} of "
    for year, text in zip(bad["year"], bad["data_gaps"], strict=True):
        for part in str(text).split("; "):
            if part.startswith(head) and ": " in part:
                spending.setdefault(part.removeprefix(head).split(": ")[0], set()).add(int(year))
            elif part:
                common.setdefault(part, set()).add(int(year))
                hits[part, int(year)] = hits.get((part, int(year)), 0) + 1
    every = {gap: ys for gap, ys in common.items() if all(hits[gap, y] == per_year[y] for y in ys)}
    some = {gap: ys for gap, ys in common.items() if gap not in every}
    parts = [f"for every state, {gap} ({year_ranges(ys)})" for gap, ys in every.items()]
    parts += [f"for some states, {gap} ({year_ranges(ys)})" for gap, ys in some.items()]
    if spending:
        parts.append(
            f"for single states, {MILEX_GAP} missing in the year, carried forward from an "
            "earlier year or left out of the capability measure: "
            + join_words([f"{name} ({year_ranges(ys)})" for name, ys in spending.items()])
        )
    all_bad = sorted({int(y) for y in bad["year"] if (bad["year"] == y).sum() == per_year[y]})
    years = year_ranges(bad["year"])
    if len(all_bad) == bad["year"].nunique():
        lead = f"Data insufficient for every Asia-Pacific state in {years}"
    else:
        lead = f"Data insufficient for some Asia-Pacific states in {years}" + (
            f", for all of them in {year_ranges(all_bad)}" if all_bad else ""
        )
    return (
        lead
        + ": "
        + "; ".join(parts)
        + ". The roles of those years rest on evidence carried forward from an earlier year, or "
        "on the other capability measures, not on a change of role."
    )


def missing_hints(missing: list[str], absent: list[str] | None = None) -> list[str]:
    """The :data:`ADD_HINT` lines for the datasets the catalog lacks: the required ``missing``
    ones, then the optional ``absent`` ones (None: every optional one, as without a catalog).
    The section once listed every line, those of the datasets already in the catalog too.

    >>> [h.split()[3] for h in missing_hints(["nmc"], [])]
    ['NMC-60-abridged.csv']
    """
    from anpo.relations.taxonomy import OPTIONAL_KINDS

    required = [_REQUIRED_HINT[k] for k in missing if k in _REQUIRED_HINT]
    optional = optional_hints(list(OPTIONAL_KINDS) if absent is None else absent)
    return list(dict.fromkeys(required + optional))


def _no_data_section(
    th: Any, missing: list[str], home: Path | None, absent: list[str] | None = None
) -> Section:
    # the report is read elsewhere: not the writer's catalog path (a temporary folder, or a
    # home directory), and the datasets in words rather than catalog kinds
    # without a catalog the sentence read 'no data catalog (ANPO_HOME) lacks COW ...': a catalog
    # that does not exist lacks nothing; the section needs the datasets
    where = (
        "the data catalog lacks"
        if home
        else "there is no data catalog (ANPO_HOME) yet, and the roles need"
    )
    note = (
        f"No role data: {where} "
        + (join_words([_kind_words(k) for k in missing]) if missing else "the datasets")
        + (". Fill it with: " if home else ". Create it with: ")
        + "; ".join(hint_text(h) for h in missing_hints(missing, absent))
        + ". Then `anpo roles --year 2001`, `anpo roles validate` and `anpo report` show the roles."
    )
    return Section(
        id="relations-roles",
        title="Allies, strategic rivals and rogue states in the Asia-Pacific",  # flagged by the page
        question=SEED_QUESTION,
        model=model_text(th),
        assumptions=assumptions(th),
        sources=SOURCES,
        figures=[_degree_figure(th, None)],
        tables=[_sr1914_table()],
        notes=[note],
        answer="Not computed: the section needs the datasets named below.",
        caveat="Without the datasets no role can be assigned; the model figure shows the rule only.",
        needs_data=True,
    )


def _names(panel: pd.DataFrame) -> dict[str, str]:
    """COW abbreviation -> state name over the panel's years (readers get names, not codes):
    "Soviet Union / Russia" for 365 in 1990-2016 (:func:`anpo.report.countries.country_name_over`),
    as the figures' rows and lines span the years."""
    from anpo.report.countries import country_name_over

    out: dict[str, str] = {}
    for abb, sub in panel.groupby("stateabb", sort=False):
        listed = sub["statenme"].iloc[-1]
        out[str(abb)] = country_name_over(
            int(sub["ccode"].iloc[0]),
            sub["year"].tolist(),
            listed=listed,
        )
    return out


def _figure_names(panel: pd.DataFrame) -> dict[str, str]:
    """:func:`_names` as figure labels: a Japanese name falls back to the state's COW
    abbreviation when no installed font draws Japanese (:func:`anpo.report.figures.figure_text`)."""
    return {abb: figure_text(name, romanized=abb) for abb, name in _names(panel).items()}


def _movement_notes(panel: pd.DataFrame, first: int, last: int) -> list[str]:
    notes = []
    deg = panel.pivot_table(index="year", columns="stateabb", values="degree")
    names = _names(panel)
    for abb in ("CHN", "RUS"):
        if abb in deg:
            name = names[abb]
            s = deg[abb].dropna()
            if len(s):
                peak = s.idxmax()
                in_2001 = f", {s[2001]:.2f} in 2001" if 2001 in s.index else ""
                notes.append(
                    f"{name}'s rival degree: {s.iloc[0]:.2f} in {s.index[0]}{in_2001}, "
                    f"{s.iloc[-1]:.2f} in {s.index[-1]} (highest {s.max():.2f} in {peak})."
                )
    changes = _transitions(panel)
    for abb in ("PRK", "IRQ"):
        sub = panel[panel["stateabb"] == abb].sort_values("year")
        rogue = sub[sub["role"] == "rogue state"]["year"]
        if len(rogue):
            notes.append(
                f"{names[abb]} is a rogue state in {len(rogue)} of the years "
                f"{first}-{last} ({int(rogue.min())}-{int(rogue.max())})."
            )
    if len(changes):
        notes.append(
            f"{len(changes)} role changes among the Asia-Pacific states from {first} to {last}; "
            "the appendix table 'Role changes' lists each with the reason in the year of the "
            "change."
        )
    else:
        notes.append(f"No Asia-Pacific state changed role between {first} and {last}.")
    return notes


def _names_in_year(frame: pd.DataFrame) -> list[str]:
    """Each row's state as named in its year (the Soviet Union in 1990-91, West Germany for
    260: :func:`anpo.report.countries.country_name`; a code the package does not know by the
    list's ``statenme``), as ``anpo roles`` and the back-test print them."""
    from anpo.report.countries import row_names

    return row_names(frame)


def _named(frame: pd.DataFrame) -> pd.DataFrame:
    """The roles panel ``frame`` for readers: ``statenme`` replaced by each row's name in its
    year (:func:`_names_in_year`). The roles themselves are untouched."""
    return frame.assign(statenme=_names_in_year(frame))


#: The snapshot table's caption: what its columns and its dash mean.
SNAPSHOT_CAPTION = (
    f"'moved': the role differs between these years (an ally whose pact became nominal keeps "
    f"its role, as in the table of role changes). {MISSING}: not a system member that year "
    "(no role)."
)


def _snapshot(region: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Each state's role in each of ``years`` (one column a year, named by the year) and whether
    it moved between them, from the roles panel ``region`` (``ccode, statenme, year, role``).
    The state is named over the shown years (:func:`anpo.report.countries.country_name_over`:
    "Soviet Union / Russia" for 365 in 1990, 2001 and 2016), one row a state.
    A state-year without a row (not a COW system member that year) is the report's missing
    mark :data:`~anpo.report.format.MISSING`, as :data:`SNAPSHOT_CAPTION` says. An ally whose
    pact the other evidence contradicts reads 'ally (nominal)', as in the table of each role's
    evidence (Pakistan read 'ally' in 2016 here and 'ally (nominal)' there)."""
    rows = region[region["year"].isin(years)].copy()
    if "intensity" in rows.columns:
        nominal = (rows["role"] == "ally") & (rows["intensity"] == "nominal")
        rows["role"] = rows["role"].where(~nominal, "ally (nominal)")
    snap = rows.pivot_table(index="ccode", columns="year", values="role", aggfunc="first")
    snap = snap.reset_index()
    from anpo.report.countries import country_name_over

    # each state by its names in the shown years it was a member
    by_state = rows.groupby("ccode")
    listed = by_state["statenme"].last()
    shown_years = by_state["year"].agg(list)
    snap.insert(
        1,
        "statenme",
        [
            country_name_over(
                int(c),
                shown_years[c],
                listed=listed[c],
            )
            for c in snap["ccode"]
        ],
    )
    snap.columns = [str(c) for c in snap.columns]
    ycols = [str(y) for y in years if str(y) in snap.columns]
    # a change of role, as the table of role changes counts them: 'ally' and 'ally (nominal)'
    # are one role
    snap["moved"] = snap[ycols].apply(
        lambda r: (
            "yes"
            if len({v.removesuffix(" (nominal)") for v in r if isinstance(v, str)}) > 1
            else "no"
        ),
        axis=1,
    )
    return snap.fillna(MISSING).rename(columns={"statenme": "state"})


def _transitions(panel: pd.DataFrame) -> pd.DataFrame:
    p = panel.sort_values(["ccode", "year"])
    prev_role = p.groupby("ccode")["role"].shift()
    prev_year = p.groupby("ccode")["year"].shift()
    ch = p[prev_role.notna() & (prev_role != p["role"]) & (prev_year == p["year"] - 1)]
    return pd.DataFrame(
        {
            "year": ch["year"].to_numpy(),
            "state": _names_in_year(ch),
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
    names = _names(panel)
    grid = np.full((len(states), len(years)), np.nan)
    piv = panel.pivot_table(index="stateabb", columns="year", values="role", aggfunc="first")
    for i, st in enumerate(states):
        for j, y in enumerate(years):
            cell = piv.loc[st, y] if st in piv.index and y in piv.columns else None
            if isinstance(cell, str):
                grid[i, j] = code[cell]
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
    labels = _figure_names(panel)
    ax.set_yticks(range(len(states)), [labels.get(st, st) for st in states], fontsize=7)
    # at most about ten year labels, at a round step from a round year: every year labelled
    # ran the 27 labels of 1990-2016 together ('1990199119921993...')
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50) if len(years) <= 10 * s), 100)
    at = [j for j, y in enumerate(years) if y % step == 0] if step > 1 else list(range(len(years)))
    ax.set_xticks(at, [str(years[j]) for j in at], fontsize=7)
    ax.legend(
        handles=[Patch(color=ROLE_COLORS[r], label=r) for r in roles],
        fontsize=7,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
    )
    ax.set_title("Role relative to the U.S., by year (white: not a system member)")
    held = {
        r: sorted({names.get(st, st) for st in panel.loc[panel["role"] == r, "stateabb"]})
        for r in roles
    }
    desc = "; ".join(
        f"{r}: {', '.join(v)}" for r, v in held.items() if v and r not in ("other", "ally")
    )
    # the rows that are 'other' every year, named: the caption read 'the Southeast Asian
    # states and India the seed points to' over a grid with Taiwan and New Zealand but without
    # Myanmar, Cambodia, Laos or Brunei (and the seed names neither India nor New Zealand)
    sub = panel[panel["stateabb"].isin(states)]
    ever = set(sub.loc[sub["role"] != "other", "stateabb"])
    always_other = sorted(names.get(st, st) for st in states if st not in ever)
    return Figure(
        "Roles of the Asia-Pacific states relative to the U.S.",
        svg_from_matplotlib(fig),
        "States that held a role other than 'other' in some year"
        + (
            f"; also shown, 'other' in every year: {join_words(always_other)} (states of the "
            "alignment sections' instance)"
            if always_other
            else ""
        )
        + ".",
        description=(
            f"A grid of {len(states)} states (rows) by the years {first}-{last} (columns), each "
            "cell coloured by the state's role that year. States ever in a role other than ally "
            f"or other: {desc or 'none'}."
        ),
        definition="Role relative to the U.S. by the rules of the model above, with the "
        "shipped thresholds.",
    )


#: The states of the rival-degree lines, with their colours.
LINE_STATES = (("CHN", "#c0392b"), ("RUS", "#2c3e50"), ("PRK", "#7d3c98"), ("IND", "#e67e22"))


def _degree_lines(panel: pd.DataFrame, th: Any) -> Figure:
    fig, ax = new_figure(7, 3.6)
    names = _names(panel)
    labels = _figure_names(panel)
    shown, drawn = [], []
    for abb, color in LINE_STATES:
        sub = panel[panel["stateabb"] == abb].sort_values("year")
        if len(sub):
            ax.plot(sub["year"], sub["degree"], marker=".", color=color, label=labels.get(abb, abb))
            last = sub.iloc[-1]
            # the value's own year, under the name the state bore then (the panel is named)
            shown.append(f"{last['statenme']} {last['degree']:.2f} in {int(last['year'])}")
            drawn.append(names.get(abb, abb))
    ax.axhline(th.rival.min_degree, color="#c0392b", ls=":", lw=1, label="latent rival threshold")
    ax.axhline(th.rival.primary_degree, color="#7b241c", ls="--", lw=1, label="primary rival")
    ax.set_ylim(0, 1.02)
    ax.set_ylabel("rival degree")
    ax.legend(fontsize=7, ncol=3)
    ax.set_title("Degree of strategic rivalry with the U.S.")
    # a line under the dotted 'latent rival threshold' read as 'not a rival', but an ongoing
    # strategic rivalry makes a rival at any degree (Russia from 2007, degree 0.36-0.41)
    below = panel[
        panel["stateabb"].isin([a for a, _ in LINE_STATES])
        & (panel["role"] == "strategic rival")
        & (panel["degree"] < th.rival.min_degree)
    ]
    under = [
        # the name the state bore in those years (Russia, not 'Soviet Union / Russia')
        f"{join_words(list(dict.fromkeys(rows['statenme'])))} {year_ranges(rows['year'])}"
        for abb, _ in LINE_STATES
        if len(rows := below[below["stateabb"] == abb].sort_values("year"))
    ]
    return Figure(
        # the states drawn, named over the years drawn ("Soviet Union / Russia" from 1990)
        "Degree of strategic rivalry: " + (", ".join(drawn) or "no state in the data"),
        svg_from_matplotlib(fig),
        "Geometric mean of capability and opposition scores; a state is a rival only with "
        "enough capability and rivalry or dispute evidence (see the model)."
        + (
            " The latent rival threshold applies to a state without an ongoing strategic "
            "rivalry with the U.S.; with one, a state with enough capability is a strategic "
            f"rival below it too ({join_words(under)})."
            if under
            else ""
        ),
        description="Lines of the rival degree by year, with the latent and primary thresholds "
        f"as horizontal lines; at the end of the period: {'; '.join(shown)}.",
        definition="Rival degree = sqrt(capability x opposition), as in the model.",
    )


VALIDATION_ROLES = {
    "ally": ("#2b7a3d", "ally vs U.S. treaty allies"),
    "rogue state": ("#7d3c98", "rogue state vs state sponsors of terrorism"),
    "strategic rival": ("#c0392b", "strategic rival vs Thompson & Dreyer"),
    "primary rival": ("#7b241c", "primary rival vs TSS principal rivalry"),
}


def _validation_figure(v: Any) -> Figure:
    from anpo.relations.validate import TRAIN_DECADES

    fig, ax = new_figure(8, 3.8)
    years = v.years
    for d in TRAIN_DECADES:
        lo, hi = max(d, min(years)), min(d + 9, max(years))
        if lo <= hi:
            ax.axvspan(lo - 0.5, hi + 0.5, color="#eeeeee", lw=0)
    parts = []
    gaps = False
    for role, (color, label) in VALIDATION_ROLES.items():
        sub = v.per_year[v.per_year["role"] == role].sort_values("year")
        if len(sub):
            ax.plot(sub["year"], sub["agreement"], marker=".", ms=3, color=color, label=label)
            # a year in which neither side puts a state in the role has no agreement (0 / 0):
            # a gap in the line, and not one of the years the mean is over
            defined = sub["agreement"].notna()
            if not defined.any():
                # no year with a value: no mean either ('mean nan over 0 years')
                parts.append(
                    f"{label}: undefined in every year (neither the rules nor the coding put "
                    "any state in the role)"
                )
                gaps = True
                continue
            text = f"{label}: mean {sub['agreement'].mean():.2f} over {int(defined.sum())} years"
            if not defined.all():
                gaps = True
                text += (
                    f" (undefined in {year_ranges(sub.loc[~defined, 'year'])}: neither the "
                    "rules nor the coding put any state in the role)"
                )
            parts.append(text)
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel("agreement (both / either)")
    legend_below(fig, ax, ncol=2)  # inside, it covered the rogue-state line near 0 (1980s)
    ax.set_title("Roles against independent codings (grey: training decades of the fit)")
    return Figure(
        "Validation: agreement of the roles with independent codings, by year",
        svg_from_matplotlib(fig),
        "Agreement = states both the rules and the coding put in the role / states either puts "
        "in it (1: the same states). Grey bands: the decades the fitted thresholds saw; the "
        "white ones are held out."
        + (
            " A gap in a line: a year in which neither the rules nor the coding put any state "
            "in the role, so its agreement is undefined."
            if gaps
            else ""
        ),
        description="Lines of the yearly agreement for four roles, with the training decades "
        "shaded. " + "; ".join(parts) + ".",
        definition="Jaccard agreement per year between anpo's roles (focal: the U.S.) and the "
        "State Department's designations, the U.S. collective defense treaties, Thompson & "
        "Dreyer's rivalries and TSS's principal flag.",
    )


#: The seed table's header of the rivalry degree (every state has one; a rival from
#: ``min_degree``, primary from ``primary_degree``).
DEGREE_HEADER = "rivalry degree (0-1)"


def role_definitions(which: str, years: Sequence[str] = ()) -> dict[str, str]:
    """What each column of the section's CSV files holds, for the report's column dictionary
    (none was defined, and ``state`` read as the alignment's 'the first state of the pair':
    ui31): ``which`` names the table, ``"roles"`` (the roles of every state-year, and the
    section's summary), ``"snapshot"`` (a state's role in each of ``years``), ``"changes"``,
    ``"by-year"`` or ``"disagreements"`` (the validation). The texts are those of the fields of
    ``anpo roles --json`` and ``anpo roles validate --json``
    (:data:`anpo.relations.taxonomy.ROLE_FIELDS`, :data:`anpo.relations.validate.PER_YEAR_FIELDS`
    and :data:`~anpo.relations.validate.DISAGREEMENT_FIELDS`); the roles are relative to the
    United States, the section's focal state."""
    from anpo.relations.taxonomy import ROLE_FIELDS
    from anpo.relations.validate import DISAGREEMENT_FIELDS, PER_YEAR_FIELDS, TARGET_FIELDS

    role = f"the state's role relative to the United States: {ROLE_FIELDS['role']}"
    if which == "snapshot":
        return {
            "state": "the state, by its names in the years shown (Soviet Union / Russia)",
            **{
                y: f"the state's role relative to the United States in {y} ({ROLE_FIELDS['role']}; "
                f"ally (nominal): an ally whose pact is contradicted); {MISSING}: not a system "
                "member that year"
                for y in years
            },
            "moved": "yes when the state's role differs between the years shown (an ally whose "
            "pact became nominal keeps its role), else no",
        }
    if which == "changes":
        return {
            "state": "the state, by its name in the year of the change",
            "from": "the state's role relative to the United States the year before",
            "to": "the state's role relative to the United States in the year",
            "reason": "the evidence behind the new role, in words",
        }
    if which == "by-year":
        return {**PER_YEAR_FIELDS, "role": TARGET_FIELDS["role"]}
    if which == "disagreements":
        return {**DISAGREEMENT_FIELDS, "role": TARGET_FIELDS["role"]}
    return {
        "state": ROLE_FIELDS["statenme"],
        "role": role,
        "intensity": ROLE_FIELDS["intensity"],
        "degree": ROLE_FIELDS["degree"],
        DEGREE_HEADER: ROLE_FIELDS["degree"],
        "reason": ROLE_FIELDS["reason"],
        "data_status": ROLE_FIELDS["data_status"],
    }


def _off_list_gap(spells: Sequence[Mapping[str, Any]], ccode: int, why: str) -> str:
    """The years a state was off the State Department's list between two of its designations,
    from the codings file (North Korea: rescinded 2008, re-designated 2017), as the caveat's
    example of the list as a policy act; '' when the codings give it no such gap.

    >>> _off_list_gap([{"ccode": 731, "state": "North Korea", "start": 1988, "end": 2008},
    ...                {"ccode": 731, "state": "North Korea", "start": 2017}], 731, "while testing")
    ' (North Korea was off it 2008-2017 while testing)'
    >>> _off_list_gap([{"ccode": 731, "state": "North Korea", "start": 1988}], 731, "")
    ''
    """
    own = sorted((s for s in spells if int(s["ccode"]) == ccode), key=lambda s: int(s["start"]))
    for a, b in zip(own, own[1:], strict=False):
        if a.get("end") is not None and int(a["end"]) < int(b["start"]):
            return f" ({a['state']} was off it {int(a['end'])}-{int(b['start'])} {why})"
    return ""


def _fmt_score(v: float) -> str:
    """A score between 0 and 1 (F1, precision, recall, a rival degree) or Cohen's kappa, with
    two decimals as the tables print it (``0.84``; not a percentage), and ``n/a`` where it is
    undefined (NaN): each caller's label says what the score is and its caption why it can be
    undefined ([cohen1960] for kappa; precision, recall and F1 as in
    :func:`anpo.relations.validate.validate`). Not :func:`fmt_number`/:func:`fmt_estimate`:
    the captions name a printed ``0.00`` and ``n/a`` (:func:`anpo.report.format.fmt_decimals`)."""
    return fmt_decimals(v)


def _agreement_number(rogue_all: float, rogue_held: float, ally_all: float, years: str) -> str:
    """The key number of the agreement with independent codings: the rogue-state F1 over every
    year (``years``) with its held-out-years score beside it, and the ally F1. The rogue-state
    list is the one coding the rules never read in any form (the independent test); the
    treaty list codes largely the pacts the ally rule reads. The score over every year includes
    the years the fitted thresholds saw, so it is named by its years and the held-out score is
    given with it (it read 'F1 0.74 (the independent test)', as if 0.74 were held out; held out
    it is 0.67). Scores as :func:`_fmt_score` prints them.

    >>> _agreement_number(0.744, 0.67, 0.912, "1950-2016").split("; ")[0]
    'rogue-state F1 0.74 over 1950-2016, 0.67 on held-out years (the independent test)'
    """
    return (
        f"rogue-state F1 {_fmt_score(rogue_all)} over {years}, {_fmt_score(rogue_held)} on "
        f"held-out years (the independent test); ally F1 {_fmt_score(ally_all)} (two codings "
        "of largely the same pacts)"
    )


def _primary_accuracy(us_all: float, us_held: float, focal: Any = None) -> str:
    """The primary-rival rule's agreement with its independent coding (TSS's principal flag),
    for the key finding that names the primary rival: F1 with the U.S. as the focal state over
    every year and on the held-out years, and pooled over the other focal states where the
    report tested them (``focal``: the table "The rival rules on other focal states (held
    out)", whose pooled row it reads as printed). A rule that turns data into a category
    reports its accuracy beside its answer: 'China, degree 0.73 (primary)' gave none. The
    pooled scores are read from the table's ``attrs`` (``pooled_f1`` by role, ``states``), the
    numbers its pooled row prints, not parsed back from the printed cells.

    >>> _primary_accuracy(0.98, 1.0)
    "The primary-rival rule's F1 against TSS's principal flag: 0.98 (1.00 on held-out years)."
    >>> t = pd.DataFrame({"state": ["China", "pooled (7 states)"]})
    >>> t.attrs.update(pooled_f1={"primary rival": 0.27}, states=7)
    >>> _primary_accuracy(0.98, 1.0, t).split(": ", 1)[1]
    '0.98 (1.00 on held-out years) with the U.S. as the focal state, 0.27 pooled over 7 other focal states.'
    """
    text = (
        "The primary-rival rule's F1 against TSS's principal flag: "
        f"{_fmt_score(us_all)} ({_fmt_score(us_held)} on held-out years)"
    )
    attrs = getattr(focal, "attrs", {})
    f1 = attrs.get("pooled_f1", {}).get("primary rival")
    if f1 is None:
        return text + "."
    return (
        f"{text} with the U.S. as the focal state, {_fmt_score(float(f1))} pooled over "
        f"{attrs['states']} other focal states."
    )


def _coded_years(per_year: pd.DataFrame, role: str, whole: str) -> str:
    """The years ``role``'s independent coding covers in the validation (``per_year`` of
    :func:`anpo.relations.validate.validate`, one row per year the coding covers), as runs;
    ``whole`` (the validation's span) when there are none. The State Department's list of
    state sponsors of terrorism starts in 1979 and Thompson & Dreyer's rivalries end in 2010,
    so a score over '1950-2016' was read as covering years its coding does not.

    >>> py = pd.DataFrame({"year": [1979, 1980, 1950], "role": ["rogue state"] * 2 + ["ally"]})
    >>> _coded_years(py, "rogue state", "1950-2016"), _coded_years(py, "primary rival", "x")
    ('1979-1980', 'x')
    """
    if per_year.empty or "role" not in per_year:
        return whole
    return year_ranges(per_year.loc[per_year["role"] == role, "year"]) or whole


def _f1_text(scores: Mapping[Any, float], per_year: pd.DataFrame, held: str, whole: str) -> str:
    """The F1 of each validated role over every year and on the held-out years (``held``, the
    period label of the held-out rows), each role named with the years its coding covers
    where they are fewer than ``whole``, the validation's span (:func:`_coded_years`).

    >>> sc = {("ally", "all"): 0.912, ("ally", "held"): 0.9, ("rogue state", "all"): 0.75,
    ...       ("rogue state", "held"): 0.67}
    >>> py = pd.DataFrame({"year": [1950, 2016, 1979, 2016],
    ...                    "role": ["ally", "ally", "rogue state", "rogue state"]})
    >>> py = pd.concat([py, pd.DataFrame({"year": range(1980, 2016), "role": "rogue state"})])
    >>> py = pd.concat([py, pd.DataFrame({"year": range(1951, 2016), "role": "ally"})])
    >>> _f1_text(sc, py, "held", "1950-2016")
    'ally: F1 0.91 (0.90 on held-out years); rogue state (1979-2016): F1 0.75 (0.67 on held-out years)'
    """
    out = []
    for r in VALIDATION_ROLES:
        if (r, "all") not in scores:
            continue
        span = _coded_years(per_year, r, whole)
        name = r if span == whole else f"{r} ({span})"
        all_, held_ = scores[(r, "all")], scores.get((r, held), float("nan"))
        out.append(f"{name}: F1 {_fmt_score(all_)} ({_fmt_score(held_)} on held-out years)")
    return "; ".join(out)


def _undefined_scores(table: pd.DataFrame) -> str:
    """Why the n/a scores of a per-role agreement table (columns role, period, coded, predicted,
    both and the scores) are undefined, one clause per row with any, from its counts (as
    :func:`anpo.relations.validate.validate_focal_states` says it for the other focal
    states); '' when every score is defined."""
    from anpo.relations.validate import why_scores_undefined

    clauses = []
    for rec in table.to_dict("records"):
        if not any(rec[c] != rec[c] for c in ("precision", "recall", "f1", "kappa")):
            continue
        why = why_scores_undefined(int(rec["both"]), int(rec["coded"]), int(rec["predicted"]))
        if not why:  # only kappa: no disagreement is possible by chance
            why = "kappa is undefined: every state-year falls in one class"
        clauses.append(f"{rec['role']}, {rec['period']}: {why}")
    return "; ".join(clauses)


def unmatched_rival_years_note(
    states: pd.DataFrame | None,
    rivalries: Sequence[pd.DataFrame],
    focals: Sequence[int],
    years: Sequence[int],
) -> str:
    """The rivalry-years of the ``focals`` in ``years`` that match no system dyad while the
    focal state is a system member (the list codes a rival that is not one that year:
    Thompson & Dreyer's France-Prussia, 1950-1955, gives Germany as 255, not a COW member
    then): the comparison and the rules leave them out, and the rivalry list is not recoded.
    One sentence per list with such rivalry-years
    (:func:`anpo.relations.dyads.unmatched_rivalries_note`), each ending in a space; ``""``
    when there are none or without a state list. Sources: [thompson2012]; [thompson2022];
    COW State System Membership v2016 [cow2017]."""
    from anpo.relations.dyads import (
        focal_dyad_years,
        unmatched_focal_rivalries,
        unmatched_rivalries_note,
    )
    from anpo.relations.taxonomy import RIVALRY_LIST_NAMES, rivalry_list_name

    if states is None or not rivalries or not years:
        return ""
    frame = focal_dyad_years(states, focals, list(years))  # built once for every list
    text = ""
    for riv in rivalries:
        note = unmatched_rivalries_note(
            unmatched_focal_rivalries(frame, riv, focals),
            RIVALRY_LIST_NAMES[rivalry_list_name(riv)],
        )
        if note:
            text += note + " "
    return text


def _focal_scores_note(table: pd.DataFrame) -> str:
    """What the undefined and the one-sided cells of the other-focal-states table mean, from
    the rows of :func:`anpo.relations.validate.validate_focal_states` (``state``, ``role``,
    ``f1`` and ``undefined``, the reason a score is missing), as sentences ending in a space.

    A row whose F1 is undefined prints ``n/a``; a row where only one side names a state prints
    an F1 of 0.00 (no state named by both, :func:`anpo.relations.validate.validate`) though its
    precision or recall is undefined: the two are told apart, since a caption listing the
    0.00 cells under 'n/a: undefined' contradicted the cells.

    >>> rows = pd.DataFrame({"state": ["France", "Germany"], "role": ["primary rival"] * 2,
    ...     "f1": [0.0, float("nan")], "undefined": ["the coding names no state", "none named"]})
    >>> _focal_scores_note(rows)
    'n/a: undefined (Germany, primary rival: none named). 0.00 where one side names no state: no state is named by both, so F1 is 0 though precision or recall is undefined (France, primary rival: the coding names no state). '
    """
    rows = [r for r in table.to_dict("records") if r["undefined"]]
    missing = [r for r in rows if r["f1"] != r["f1"]]
    zero = [r for r in rows if r["f1"] == r["f1"]]

    def listed(recs: list[dict[Any, Any]]) -> str:
        return "; ".join(f"{r['state']}, {r['role']}: {r['undefined']}" for r in recs)

    text = f"n/a: undefined ({listed(missing)}). " if missing else ""
    if zero:
        text += (
            "0.00 where one side names no state: no state is named by both, so F1 is 0 though "
            f"precision or recall is undefined ({listed(zero)}). "
        )
    return text


def _role_evidence(panel: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each role in ``year`` with its states (names) and evidence; allies summarised."""
    y = panel[panel["year"] == year]
    rows = []
    allies = y[(y["role"] == "ally") & (y["intensity"] != "nominal")]
    if len(allies):
        rows.append(
            {
                "role": "ally",
                "state": f"{len(allies)} states",
                "evidence": "ATOP defense or offense pact with the U.S.: "
                + ", ".join(sorted(allies["statenme"])),
            }
        )
    order = ["strategic rival", "rogue state", "ally-of-rival"]
    for role in order:
        sub = y[y["role"] == role].sort_values("degree", ascending=False)
        cols = ["intensity", "statenme", "reason"]
        for intensity, name, reason in sub[cols].itertuples(index=False, name=None):
            label = role + (f" ({intensity})" if intensity else "")
            rows.append({"role": label, "state": name, "evidence": reason})
    nominal = y[(y["role"] == "ally") & (y["intensity"] == "nominal")]
    for name, reason in nominal[["statenme", "reason"]].itertuples(index=False, name=None):
        rows.append({"role": "ally (nominal)", "state": name, "evidence": reason})
    return pd.DataFrame(rows, columns=["role", "state", "evidence"])


def _seed_line(seed: pd.DataFrame, expect: dict[int, tuple[str, str]]) -> tuple[str, int]:
    """Plain words for the seed's states in its year, and how many the data place as the seed
    does. ``expect``: ccode -> (role, intensity), the seed's picture of the codings file."""
    s = seed.set_index("ccode")
    ok = sum(
        1
        for code, (role, inten) in expect.items()
        if code in s.index
        and s.loc[code, "role"] == role
        and (not inten or s.loc[code, "intensity"] == inten)
    )
    by_role: dict[str, list[str]] = {}
    for code in expect:
        if code in s.index:
            rec = s.loc[code]
            label = str(rec["role"]) + (f" ({rec['intensity']})" if rec["intensity"] else "")
            by_role.setdefault(label, []).append(f"{rec['statenme']}")
    words = "; ".join(f"{k}: {', '.join(v)}" for k, v in by_role.items())
    return words, ok


def _beyond_seed(year_rows: pd.DataFrame, seed_codes: Mapping[int, Any]) -> str:
    """The strategic rivals and rogue states the data give in a year besides the states the
    seed names (``seed_codes``), in words, for the answer beside the seed's picture: the
    finding 'Who are the strategic rivals and rogue states in 2001, from data?' listed only the
    seed's North Korea and Iraq where the data make seven rogue states. Empty when there are
    none. ``year_rows``: one year of the roles panel (``ccode, statenme, year, role``).

    >>> rows = pd.DataFrame({"ccode": [731, 630, 40, 740], "statenme": ["North Korea", "Iran",
    ...     "Cuba", "Japan"], "year": 2001, "role": ["rogue state", "rogue state", "rogue state",
    ...     "ally"]})
    >>> _beyond_seed(rows, {731: None, 740: None})
    "besides the seed's states, the data make Cuba and Iran rogue states"
    """
    parts = []
    for role, sub in _beyond_seed_rows(year_rows, seed_codes).items():
        names = sub["statenme"].tolist()
        parts.append(f"{join_words(names)} {role if len(names) == 1 else role + 's'}")
    return f"besides the seed's states, the data make {'; '.join(parts)}" if parts else ""


def _beyond_seed_rows(
    year_rows: pd.DataFrame, seed_codes: Mapping[int, Any]
) -> dict[str, pd.DataFrame]:
    """The rows of ``year_rows`` that are strategic rivals or rogue states and not among the
    seed's states (``seed_codes``), by role (only roles with rows), each with its names of the
    year in ``statenme`` and sorted by them: what :func:`_beyond_seed` says and
    :func:`_beyond_seed_evidence` tabulates."""
    rest = year_rows[~year_rows["ccode"].isin(list(seed_codes))]
    out = {}
    for role in ("strategic rival", "rogue state"):
        sub = rest[rest["role"] == role]
        if len(sub):
            out[role] = _named(sub).sort_values(["statenme"])
    return out


def _beyond_seed_evidence(year_rows: pd.DataFrame, seed_codes: Mapping[int, Any]) -> pd.DataFrame:
    """The strategic rivals and rogue states of :func:`_beyond_seed` (the states the answer and
    the key finding name besides the seed's), each with the rule's evidence: the finding said
    'the data make Afghanistan, Cuba, Iran, Libya and Syria rogue states' and 'each label's
    evidence is in the tables', where the tables held the seed's states' evidence and the last
    year's only. Columns ``role, state, evidence``; no rows where there are no such states.

    >>> rows = pd.DataFrame({"ccode": [731, 40, 740], "statenme": ["North Korea", "Cuba",
    ...     "Japan"], "year": 2001, "role": ["rogue state", "rogue state", "ally"],
    ...     "intensity": ["", "", ""], "degree": [0.2, 0.1, 0.0],
    ...     "reason": ["its hostility", "ongoing strategic rivalry", "pact"]})
    >>> _beyond_seed_evidence(rows, {731: None}).to_dict("records")
    [{'role': 'rogue state', 'state': 'Cuba', 'evidence': 'ongoing strategic rivalry'}]
    """
    rows = []
    for role, sub in _beyond_seed_rows(year_rows, seed_codes).items():
        for intensity, name, reason in sub[["intensity", "statenme", "reason"]].itertuples(
            index=False, name=None
        ):
            label = role + (f" ({intensity})" if intensity else "")
            rows.append({"role": label, "state": name, "evidence": reason})
    return pd.DataFrame(rows, columns=["role", "state", "evidence"])


def _near_thresholds(seed: pd.DataFrame, th: Any, margin: float = 0.05) -> str:
    """A sentence naming the seed's rivals whose degree lies within ``margin`` of a rival
    threshold (their label would change with a small change of data or threshold)."""
    r = th.rival
    near = []
    rivals = seed.loc[seed["role"] == "strategic rival", ["statenme", "year", "degree"]]
    for name, year, degree in rivals.itertuples(index=False, name=None):
        for value, what in ((r.primary_degree, "primary"), (r.min_degree, "latent rival")):
            if abs(degree - value) < margin:
                near.append(
                    f"{name}'s {int(year)} degree ({degree:.2f}) is within "
                    f"{margin:.2f} of the {what} threshold ({value:.2f})"
                )
    return ("; ".join(near) + ".") if near else ""


def build(ctx: ReportContext) -> list[Section]:
    """The relations section of the report (see the module docstring)."""
    from anpo.data.catalog import held_reads
    from anpo.relations.taxonomy import (
        OPTIONAL_KINDS,
        REQUIRED_KINDS,
        WAR_KIND,
        load_thresholds,
        missing_optional_kinds,
        prepare_roles,
        roles_inputs,
        roles_panel,
    )
    from anpo.relations.validate import (
        SCORE_COLUMNS,
        alternative_panels,
        case_targets,
        held_out_label,
        held_out_years,
        load_codings,
        other_focal_roles,
        review_cases,
        validate_roles,
    )

    th = load_thresholds()
    cat = ctx.catalog()
    if cat is None:
        return [_no_data_section(th, list(REQUIRED_KINDS), ctx.catalog_home)]
    # the section's reads share one connection to the catalog, held only for them
    with held_reads(cat):
        missing = [k for k in REQUIRED_KINDS if not cat.has(k)]
        absent = missing_optional_kinds(cat)
        if not missing:
            ctx.progress("relations: reading the catalog")
            inputs = roles_inputs(cat)
    if missing:
        return [_no_data_section(th, missing, ctx.catalog_home, absent)]
    states = inputs["states"]
    coverage_end = min(
        int(states["endyear"].max()),
        int(inputs["alliances"]["year"].max()),
        int(inputs["capabilities"]["year"].max()),
    )
    v_first = max(1950, int(states["styear"].min()))
    first, last = 1990, coverage_end
    ctx.progress(f"relations: roles {v_first}-{last}")
    prep = prepare_roles(**inputs, thresholds=th)
    full = roles_panel(range(v_first, last + 1), prepared=prep)
    # the panel the section shows: each state named as in its year (the Soviet Union in 1990)
    panel = _named(full[full["year"] >= first]).reset_index(drop=True)
    ctx.progress("relations: validation against independent codings")
    codings = load_codings()
    seed_year = codings.seed_year or 2001
    seed_roles = codings.seed_roles()
    val = validate_roles(full, codings, inputs["rivalries"])
    case_years = sorted(
        {int(c["year"]) for c in codings.cases if v_first <= int(c["year"]) <= last}
    )
    cases = review_cases(
        codings,
        full,
        other_focal_roles(inputs, th),
        alternative_panels(inputs, th, case_years),
        # the independent codings, as `anpo roles validate` reads them: without them every
        # verdict lacked what the coding says (Venezuela 2010 counted 'as asked', not 'not
        # settled') and the note's sentences on the codings never appeared
        targets=case_targets(codings, full, inputs["rivalries"]),
    )
    region = panel[panel["ccode"].between(*ASIA_PACIFIC) | (panel["ccode"] == RUSSIA)].reset_index(
        drop=True
    )
    seed_rows = panel[(panel["year"] == seed_year) & panel["ccode"].isin(list(seed_roles))]
    interesting = sorted(
        set(region.loc[region["role"] != "other", "stateabb"])
        | (
            {"IND", "INS", "MAL", "SIN", "THI", "PHI", "DRV", "TAW", "NEW"}
            & set(region["stateabb"])
        )
    )
    rank = {
        r: i
        for i, r in enumerate(["ally", "strategic rival", "rogue state", "ally-of-rival", "other"])
    }
    order = (
        region[region["stateabb"].isin(interesting)]
        .assign(r=lambda d: d["role"].map(rank))
        .groupby("stateabb")["r"]
        .min()
        .sort_values(kind="stable")
    )
    states_sorted = list(order.index)
    snap_years = [y for y in (first, 2001, last) if first <= y <= last]
    snap = _snapshot(region, snap_years)
    ycols = [str(y) for y in snap_years]
    transitions = _transitions(region)
    seed_table = seed_rows[
        ["stateabb", "statenme", "role", "intensity", "degree", "data_status", "reason"]
    ].copy()
    # every state's rivalry degree (0-1), allies' included: the header says which degree
    seed_table["degree"] = seed_table["degree"].map(_fmt_score)
    seed_table = seed_table.rename(columns={"degree": DEGREE_HEADER})
    points = panel[
        (panel["year"].isin([2001, last])) & panel["stateabb"].isin(["CHN", "RUS", "PRK", "IND"])
    ]
    notes = _movement_notes(region, first, last)
    if absent:
        # the CLI's note: a missing dataset no rule in use reads is not said to stop a rule
        note = absent_datasets_note(absent, list(th.rival.capability)).removeprefix("note: ")
        notes.append(
            upper_first(note)
            + ". Add them with: "
            + "; ".join(hint_text(h) for h in optional_hints(absent))
            + "."
        )
    gaps_note = _insufficient_note(region)
    if gaps_note:
        notes.append(gaps_note)
    notes += [f"Validation: {n}." for n in val.notes]
    in_use = cat.in_use().to_dict(orient="records")
    versions = {r["kind"]: f"{r['dataset']} {r['version']}" for r in in_use}
    # the kinds the roles read (roles_inputs), in that order; the catalog may hold others
    used = [k for k in (*REQUIRED_KINDS, *OPTIONAL_KINDS, WAR_KIND) if k in versions]
    vintage = [versions[k] for k in used]
    sources = SOURCES + ["Catalog datasets used: " + "; ".join(vintage) + "."]
    # the summary CSV keeps the computed degree (it held the page's two-decimal text)
    summary = seed_rows[["statenme", "role", "intensity", "degree"]].rename(
        columns={"statenme": "state", "degree": DEGREE_HEADER}
    )
    summary.insert(0, "year", seed_year)
    # the answer, caveat and findings, generated from the results
    words, ok = _seed_line(seed_rows, seed_roles)
    scores = val.per_role.set_index(["role", "period"])["f1"].to_dict()
    # the held-out period as the validation labels it, from its seed year and focal state
    held = held_out_label(val.seed_year, val.focal)

    def f1(role: str, period: str) -> float:
        return float(scores.get((role, period), float("nan")))

    # each role named with its coding's years where they are fewer than the validation's
    # (it read 'Over 1950-2016: ... rogue state: F1 0.75' for a list that starts in 1979)
    f1_txt = _f1_text(scores, val.per_year, held, f"{v_first}-{last}")
    rivals_last = panel[(panel["year"] == last) & (panel["role"] == "strategic rival")]
    rogues_last = panel[(panel["year"] == last) & (panel["role"] == "rogue state")]
    beyond = _beyond_seed(panel[panel["year"] == seed_year], seed_roles)
    beyond_table = _beyond_seed_evidence(panel[panel["year"] == seed_year], seed_roles)
    answer = (
        f"In {seed_year} the data give {words}: {ok} of the seed's {len(seed_roles)} states "
        "where the seed puts them (the fit of the thresholds keeps only values that do, so "
        "this is a constraint met, not independent evidence)"
        + (f"; {beyond}. " if beyond else ". ")
        + f"In {last} the strategic rivals are "
        + (
            ", ".join(
                f"{r.statenme} ({r.intensity}, degree {r.degree:.2f})"
                for r in rivals_last.itertuples()
            )
            or "none"
        )
        + "; the rogue states "
        + (", ".join(sorted(rogues_last["statenme"])) or "none")
        + f". Against independent codings, {v_first}-{last}: {f1_txt}."
    )
    caveat = (
        "The roles are rules over proxies, checked against proxies: the State Department's list "
        "is a policy act"
        f"{_off_list_gap(codings.rogue_spells, 731, 'while testing nuclear weapons')}, the "
        "treaty list leaves out executive agreements ATOP counts, and the rivalry input and "
        "target share an author. "
        + (
            f"After {prep.dispute_cov[1]} the dispute data end, so the later years are marked "
            "insufficient. "
            if prep.dispute_cov is not None and prep.dispute_cov[1] < last
            else ""
        )
        + (
            f"UN votes count as the mean of the last {th.idealpoint_window} sessions, so one "
            "noisy session does not flip a role but a sudden change of camp (1989-91) shows "
            f"up to {th.idealpoint_window - 1} years later. "
            if th.idealpoint_window > 1
            else ""
        )
        + _near_thresholds(seed_rows, th)
    ).strip()
    focal_table, focal_answer = _other_focals(cat, inputs, th, val, ctx)
    findings = [
        Finding(
            question=f"Who are the strategic rivals and rogue states in {seed_year}, from data?",
            # the seed's states, then the data's other rivals and rogue states (the answer
            # listed only the seed's, as if they were all the data give)
            answer=f"{words}" + (f"; {beyond}." if beyond else "."),
            number=f"{ok} of {len(seed_roles)} states as the seed has them",
            # the rules' accuracy beside their answer, as the agreement finding gives it
            confidence=(
                "By construction, not evidence: the fitted thresholds were chosen among those "
                f"reproducing the seed's {seed_year} picture; each label's evidence is in the "
                f"tables. The rules against independent codings, {v_first}-{last}: {f1_txt}."
            ),
        ),
        Finding(
            question="Do the roles agree with independent codings?",
            answer=f"Over {v_first}-{last}: {f1_txt}."
            + (f" {focal_answer}" if focal_answer else ""),
            number=_agreement_number(
                f1("rogue state", "all"),
                f1("rogue state", held),
                f1("ally", "all"),
                _coded_years(val.per_year, "rogue state", f"{v_first}-{last}"),
            ),
            confidence=(
                "The fit of the thresholds marked 'fitted' never saw the held-out "
                "years' scores; the rules themselves and the unfitted values were not held out "
                "(they were set with the review cases in view)."
            ),
        ),
    ]
    if len(rivals_last):
        top = rivals_last.sort_values("degree", ascending=False).iloc[0]
        findings.append(
            Finding(
                question=f"Who is the U.S.'s primary rival at the end of the data ({last})?",
                answer=f"{top['statenme']}, degree {top['degree']:.2f} ({top['intensity']}).",
                # say what the number is and what it is read against ('degree 0.73' did not)
                number=f"rival degree {top['degree']:.2f} (0-1; primary from "
                f"{th.rival.primary_degree:.2f})",
                # whether confidence is low, said (it read 'Low where the data are
                # insufficient: ...' and left the reader to work out that it applies)
                confidence=_rival_data_words(str(top["data_gaps"] or ""), last)
                + " "
                # the rule's accuracy beside its answer (it gave none)
                + _primary_accuracy(
                    f1("primary rival", "all"),
                    f1("primary rival", held),
                    focal_table.frame if focal_table is not None else None,
                ),
            )
        )
    per_role_table = val.per_role[["role", "period", "years", *SCORE_COLUMNS]].copy()
    undefined_scores = _undefined_scores(per_role_table)
    for c in ("precision", "recall", "f1", "kappa"):
        per_role_table[c] = per_role_table[c].map(_fmt_score)
    cases_table = cases[
        ["year", "state", "concern", "asks", "verdict", "year_in_fit", "reason", "alternatives"]
    ]
    met = cases["verdict"].str.startswith("as asked")
    held_cases = int((cases["year_in_fit"] == "held-out year").sum())
    if len(cases):
        notes.append(
            f"Of the {len(cases)} review cases (roles a review of the rules found wrong), "
            f"{int(met.sum())} now come out as the review asks"
            + (
                "; the others ("
                + ", ".join(f"{r.state} {r.year}" for r in cases[~met].itertuples())
                + ") are explained by the evidence in the cases table"
                + _sided_with_rules(cases[~met])
                + _unsettled(cases[~met])
                if (~met).any()
                else ""
            )
            + _met_against_coding(cases[met])
            + "."
        )
    if focal_answer:
        answer += " " + focal_answer
    elif focal_table is None:
        notes.append(_OTHER_FOCALS_MISSING)
    dis = val.disagreements[["role", "state", "years", "coded", "anpo_role", "explanation"]]
    per_year = val.per_year.copy()
    region_full = region[
        ["year", "statenme", "role", "intensity", "degree", "data_status", "reason"]
    ].rename(columns={"statenme": "state"})
    return [
        Section(
            id="relations-roles",
            title=f"Allies, strategic rivals and rogue states in the Asia-Pacific, {first}-{last}",
            question=SEED_QUESTION,
            model=model_text(th),
            assumptions=assumptions(th, inputs["ideal_points"]),
            sources=sources,
            figures=[
                _validation_figure(val),
                _heatmap(region, states_sorted, first, last),
                _degree_lines(panel, th),
                _degree_figure(th, points),
            ],
            tables=[
                Table(
                    f"The seed's {seed_year} picture, from data",
                    seed_table.drop(columns=["stateabb"])
                    .rename(columns={"statenme": "state"})
                    .reset_index(drop=True),
                    f"Roles relative to the U.S. in {seed_year} of the states the seed names, "
                    "with the rule's evidence.",
                ),
                # the rivals and rogue states the answer names besides the seed's: their
                # evidence, as the seed's states' is above (it was in no table)
                *(
                    [
                        Table(
                            f"The data's other strategic rivals and rogue states in {seed_year}",
                            beyond_table,
                            f"The states the answer names besides the seed's, with the rule's "
                            f"evidence in {seed_year}.",
                        )
                    ]
                    if len(beyond_table)
                    else []
                ),
                Table(
                    f"Asia-Pacific roles in {', '.join(ycols)}",
                    snap.drop(columns=["ccode"]),
                    SNAPSHOT_CAPTION,
                    definitions=role_definitions("snapshot", ycols),
                ),
                Table(
                    f"Each role in {last} and its evidence",
                    _role_evidence(panel[panel["year"] == last], last),
                    "Every state with a role other than 'other' (allies summarised), with the "
                    "evidence the rule used.",
                ),
                Table(
                    "Agreement with independent codings, by role",
                    per_role_table,
                    "Training: the decades the fitted thresholds saw; held-out: the others "
                    f"({held_out_years(val.seed_year, val.focal)}). Every year and every "
                    "disagreement is in the appendix."
                    + (f" n/a: undefined ({undefined_scores})." if undefined_scores else ""),
                ),
                Table(
                    "Review cases: roles a review found wrong, and what the rules say now",
                    cases_table,
                    "asks: the outcome the review asks for; verdict: whether the rules give it "
                    "now; reason: the rule's evidence. The cases are review cases, not targets: "
                    "no threshold is fitted to them, but "
                    + (
                        "none of their years is held out"
                        if held_cases == 0
                        else f"only {held_cases} of their years are held out"
                    )
                    + " (year in fit), so they are not held-out evidence.",
                ),
                *([focal_table] if focal_table is not None else []),
                _sr1914_table(),
            ],
            notes=notes,
            summary=summary.reset_index(drop=True),
            summary_definitions=role_definitions("roles"),
            answer=answer,
            caveat=caveat,
            findings=findings,
            appendix=[
                Table(
                    "Agreement with independent codings, every year and role",
                    per_year,
                    "coded / predicted / both: states in the role by the coding, by the rules, "
                    "by both; agreement = both / either.",
                    name="roles-validation-by-year",
                    definitions=role_definitions("by-year"),
                ),
                Table(
                    "Every disagreement with the independent codings, with its explanation",
                    dis,
                    "Spells of consecutive years with the same disagreement.",
                    name="roles-validation-disagreements",
                    definitions=role_definitions("disagreements"),
                ),
                Table(
                    "Role changes of the Asia-Pacific states",
                    transitions,
                    "Year-to-year changes of role, with the reason in the year of the change.",
                    name="roles-asia-pacific-changes",
                    definitions=role_definitions("changes"),
                ),
                Table(
                    f"Roles of the Asia-Pacific states, {first}-{last}",
                    region_full,
                    "Every state-year with its role, degree, data status and evidence.",
                    name="roles-asia-pacific",
                    definitions=role_definitions("roles"),
                ),
            ],
            needs_data=False,
            data_vintage=vintage,
            vintage_from_catalog=True,
        )
    ]


_OTHER_FOCALS_MISSING = (
    "The rival rules are not tested on other focal states: that needs both rivalry lists in "
    "the catalog (Thompson & Dreyer as the target, not as an input; Thompson, Sakuwa & Suhas "
    "for the principal flag)."
)


def _other_focals(cat: Any, inputs: dict[str, Any], th: Any, val: Any, ctx: Any) -> tuple[Any, str]:
    """The table "The rival rules on other focal states (held out)" and a sentence for the
    answer, both from :func:`anpo.relations.validate.validate_focal_states` on the held-out
    focal states (the U.S., the fit's own, is left out: its scores are the validation table's);
    ``(None, "")`` without the two rivalry lists, or when Thompson & Dreyer is an input."""
    from anpo.relations.taxonomy import rivalry_list_name
    from anpo.relations.validate import (
        FOCAL_STATES,
        FOCAL_YEARS,
        US,
        pooled_held_out,
        rival_years_also_coded,
        validate_focal_states,
    )

    if not (cat.has("td_rivalries") and cat.has("tss_rivalries")) or "td" in th.rivalry_lists:
        return None, ""
    ctx.progress("relations: the rival rules on other focal states")
    table = validate_focal_states(
        inputs,
        th,
        [f for f in FOCAL_STATES if f != US],
        FOCAL_YEARS,
        progress=lambda step: ctx.progress(f"relations: {step}"),
    )
    span = f"{FOCAL_YEARS[0]}-{FOCAL_YEARS[1]}"
    pooled: dict[str, Mapping[Any, Any]] = {
        str(r["role"]): r for r in pooled_held_out(table).to_dict("records")
    }

    def cell(rec: Mapping[Any, Any]) -> str:
        return f"{_fmt_score(float(rec['f1']))} / {_fmt_score(float(rec['kappa']))}"

    rows: dict[str, dict[str, str]] = {}
    for one in table.to_dict("records"):
        row = rows.setdefault(
            str(one["state"]), {"state": str(one["state"]), "years": one["years"]}
        )
        row[f"{one['role']}: F1 / kappa"] = cell(one)
    rows["pooled"] = {
        "state": f"pooled ({len(rows)} states)",
        "years": "",
        **{f"{role}: F1 / kappa": cell(score) for role, score in pooled.items()},
    }
    out = pd.DataFrame(list(rows.values()))
    # the pooled row's numbers, for the findings that quote them (_primary_accuracy)
    out.attrs.update(
        pooled_f1={role: float(score["f1"]) for role, score in pooled.items()},
        states=len(rows) - 1,
    )
    t = Table(
        "The rival rules on other focal states (held out)",
        out,
        f"Each state as the focal state, {span} (the years it is a system member): 'strategic "
        "rival' against Thompson & Dreyer, 'primary rival' against TSS's mutual principal flag "
        "('aprin' rivalries, principal for a side the file does not name, left out). The "
        "thresholds were fitted on U.S.-focal years only, so every row is held out; the states "
        "are every COW major power of 1950-2016 and India, a rule fixed before the results. "
        "One rule was changed after a first look at these results (threat evidence makes a "
        "latent rival only when it reaches the rogue rule's hostility bar; no U.S.-focal role "
        "changed), so they are not a clean held-out test of that rule. "
        + _focal_scores_note(table)
        + unmatched_rival_years_note(
            inputs.get("states"),
            inputs.get("rivalries") or [],
            [f for f in FOCAL_STATES if f != US],
            range(FOCAL_YEARS[0], FOCAL_YEARS[1] + 1),
        )
        + "`anpo roles validate --focal all` gives the counts.",
    )
    us = [
        float(r["f1"])
        for r in val.per_role.to_dict("records")
        if r["role"] == "strategic rival" and r["period"] == "all"
    ]
    sr = pooled["strategic rival"]
    prec, rec = float(sr["precision"]), float(sr["recall"])
    lean = (
        "it finds most of the rivals the list codes but names many it does not"
        if rec > prec
        else "it names few states the list does not code but misses many it does"
    )
    sentence = (
        f"Tested out of sample on {len(rows) - 1} other focal states, {span}, the rival rule "
        f"scores F1 {_fmt_score(float(sr['f1']))} against Thompson & Dreyer, pooled"
        + (f" (the U.S., the fit's own focal state: F1 {_fmt_score(us[0])})" if us else "")
        + f": {lean} (recall {_fmt_score(rec)}, precision {_fmt_score(prec)}); the primary-rival rule "
        f"scores F1 {_fmt_score(float(pooled['primary rival']['f1']))} against TSS's principal flag."
    )
    lists = {rivalry_list_name(r): r for r in inputs.get("rivalries") or []}
    if "td" in lists and "tss" in lists and "tss" in th.rivalry_lists:
        both, coded = rival_years_also_coded(
            lists["td"],
            lists["tss"],
            [f for f in FOCAL_STATES if f != US],
            range(FOCAL_YEARS[0], FOCAL_YEARS[1] + 1),
        )
        sentence += (
            " Neither target is independent of the rules' rivalry evidence: TSS, the input, "
            f"extends Thompson & Dreyer and codes {both} of its {coded} rival-years of these "
            "states, and the principal flag is a column of TSS itself, so part of this "
            "agreement is the input agreeing with its own lineage (a thresholds file with "
            "rivalry_lists = [] runs the rules without it)."
        )
    return t, sentence


def _cases_coded(cases: pd.DataFrame, sides_with: str) -> str:
    """The review cases whose independent coding of the role asked has ``coding_sides_with`` ==
    ``sides_with`` (:func:`anpo.relations.validate.review_cases`), as 'State year' names joined
    in words; empty when none (or without the column)."""
    if "coding_sides_with" not in cases:
        return ""
    picked = cases[cases["coding_sides_with"] == sides_with]
    return join_words([f"{r.state} {r.year}" for r in picked.itertuples()], empty="")


def _met_against_coding(met: pd.DataFrame) -> str:
    """The review cases given as asked on which the independent coding of the role asked
    disagrees with both the review and the rules (``neither``), named; empty when none."""
    names = _cases_coded(met, "neither")
    return (
        f"; on {names}, given as asked, the independent coding of the role the review asks "
        "about disagrees with both the review and the rules"
        if names
        else ""
    )


def _unsettled(unmet: pd.DataFrame) -> str:
    """The review cases no longer given the role the review asks against, but given one that
    its own independent coding denies (``unsupported``: not counted as coming out as asked),
    named; empty when none."""
    names = _cases_coded(unmet, "unsupported")
    return (
        f"; {names} no longer gets the role the review asks against, but the role it gets "
        "now is one its independent coding does not give, so the case is not settled"
        if names
        else ""
    )


def _sided_with_rules(unmet: pd.DataFrame) -> str:
    """The review cases not given as asked on which the independent coding of the role asked
    agrees with the rules (``rules``), named; empty when none."""
    lineage = (
        unmet["verdict"].str.contains("(not independent there", regex=False)
        if "verdict" in unmet
        else pd.Series(False, index=unmet.index)
    )
    names = _cases_coded(unmet[~lineage], "rules")
    derived = _cases_coded(unmet[lineage], "rules")
    out = (
        f"; on {names} the independent coding of the role the review asks for agrees with the "
        "rules, not with the review"
        if names
        else ""
    )
    if derived:
        out += (
            f"; on {derived} the coding of the role the review asks for agrees with the rules, "
            "but it is not independent there (it comes from one of the rules' inputs)"
        )
    return out
