"""Report sections on alignment (landscape theory) for the seed's multinational framework.

Provider ``anpo.align.report:build(ctx)``:

- one section per built-in Asia-Pacific instance (2001 and the latest year the data cover): the
  predicted alignment, the lowest configurations with their basins, the smallest propensity
  change that would bring each state onto the U.S.-Japan side, the sensitivity of the predicted
  sides to each factor's weight and to the size measure, and why a U.S. treaty ally that lands on
  the other side sits there (:mod:`anpo.align.sensitivity`);
- the back-test of the recipe against history (:mod:`anpo.align.backtest`), from the data
  catalog at ``ctx.catalog_home`` (it says which ``anpo data add`` commands fill it when the data
  are missing);
- the seed's "Japan-China cooperation" option as a propensity change;
- one section per scenario with an ``[align]`` section.

Every Answer, caveat and key finding is generated from the computed results.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from anpo.align.backtest import AXELROD_BENNETT, lag_words
from anpo.align.landscape import REPRODUCIBLE_MAX_NODES, Landscape, not_proven_words
from anpo.align.recipe import RECIPE_ID, RECIPE_V3, get_recipe
from anpo.align.sensitivity import FACTOR_WORDS, SIZE_WORDS
from anpo.errors import BudgetExceededError
from anpo.references import cite
from anpo.report.countries import country_name, with_article
from anpo.report.figures import (
    MARKER_NAMES,
    MARKERS,
    PALETTE,
    category_separators,
    dodge,
    figure_text,
    has_cjk,
    legend_below,
)
from anpo.report.format import count_noun, fmt_number, fmt_scaled, fmt_share, join_words
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

SEED_FRAMEWORK = (
    '"The question is how the U.S. and Japan can bring in neighboring countries into their '
    "security framework. China and Russia would have to be dealt with separately. But Australia, "
    "Southeast Asian countries and South Korea have a common ground with Japan in that they all "
    "need the U.S. presence ... In principle, the multinational framework should keep its door "
    'open to China." Which states would line up on which side, how likely is that alignment, and '
    "what change would bring a hesitant state in? (Soeya, RIETI seminar, 10 July 2001)"
)

SEED_CHINA = (
    '"Japan may as well seek greater cooperation with China by minimizing incentives for China '
    "to rock the U.S.-Japan security alliance ... on the premise of maintaining the existing "
    'regional framework based on the U.S.-Japan Security Treaty." What does such cooperation do '
    "to the predicted alignment? (Soeya, RIETI seminar, 10 July 2001)"
)

SEED_BACKTEST = (
    "Can the alignment model be trusted for the seed's question? Axelrod and Bennett (1993) "
    "tested landscape theory on history: with 1936 data the lowest configuration of seventeen "
    "European nations matched the Second World War alignment with two misplaced. Does anpo's "
    "recipe predict who fought on which side in the multi-state wars since 1816, and the "
    "peacetime blocs since 1950, better than simple rules?"
)

MODEL = (
    "Landscape theory of aggregation (Axelrod & Bennett 1993): actors of size s_i (CINC) with "
    "pairwise propensities p_ij settle into the configuration minimising the energy E = sum over "
    "ordered pairs of s_i s_j p_ij d_ij (d = 1 if apart). Local minima are the predicted "
    "configurations; the basin of a minimum (share of all 2^(n-1) configurations whose steepest "
    "one-actor descent ends there) measures its likelihood. Exhaustive compiled enumeration gives "
    "every minimum and basin; the smallest change is a mixed-integer programme (HiGHS) checked "
    "against every configuration; the sensitivity to a factor's weight follows the exact lower "
    "envelope of all configurations' energies as the weight is multiplied from 0 to 3."
)


def recipe_words(recipe: str) -> str:
    """A recipe id as the report names it: its number, as the back-test section's rows have it,
    and whether it is anpo's default (``anpo-align-recipe/2`` read as an id in prose).

    >>> recipe_words("anpo-align-recipe/2"), recipe_words("anpo-align-recipe/3")
    ("recipe 2, anpo's default", 'recipe 3')
    """
    number = recipe.rsplit("/", 1)[-1]
    return f"recipe {number}" + (", anpo's default" if recipe == RECIPE_ID else "")


#: How the carried-forward note names a factor's dataset (its :data:`FACTOR_WORDS` otherwise).
_CARRIED_WORDS = {"disputes": "MIDs", "un": "UN ideal points", "regime": "V-Dem"}

#: What a state lacks when a factor is missing in every pair of it (its :data:`FACTOR_WORDS`
#: otherwise).
_MISSING_WORDS = {"un": "UN ideal point", "regime": "V-Dem score"}


def carried_forward(insts: Sequence[Any]) -> dict[str, list[int]]:
    """The factors whose data end before an instance's year, with the years they are carried
    forward from, as the pairs' notes say (``"disputes: carried forward from 2014"``), over
    ``insts``; a factor is listed in the order the notes first name it."""
    out: dict[str, set[int]] = {}
    for inst in insts:
        pairs = getattr(inst, "pairs", None)
        if pairs is None or "source" not in pairs:
            continue
        for note in pairs["source"].dropna().astype(str):
            for factor, year in re.findall(r"(\w+): carried forward from (\d+)", note):
                out.setdefault(factor, set()).add(int(year))
    return {k: sorted(v) for k, v in out.items()}


def missing_factors(inst: Any) -> dict[str, list[str]]:
    """The states with a factor missing in every pair of theirs (the pairs' notes say
    ``"un: missing"``), by factor: Taiwan has no UN ideal point in the built-in instances."""
    pairs = getattr(inst, "pairs", None)
    if pairs is None or "source" not in pairs or pairs.empty:
        return {}
    out: dict[str, list[str]] = {}
    notes = pairs["source"].fillna("").astype(str)
    factors = dict.fromkeys(f for n in notes for f in re.findall(r"(\w+): missing", n))
    for factor in factors:
        lacks = notes.str.contains(f"{factor}: missing", regex=False)
        for code in dict.fromkeys([*pairs["a"], *pairs["b"]]):
            mine = (pairs["a"] == code) | (pairs["b"] == code)
            if bool(lacks[mine].all()):
                out.setdefault(factor, []).append(_code_name(inst, str(code)))
    return out


def fit_wars(res: Any) -> int | None:
    """How many wars the shipped weights were fitted on, as the back-test ``res`` counts them:
    its wars at the default data year when it ran on the dataset versions and protocol the
    default was chosen with (:meth:`anpo.align.backtest.Backtest.versions_differing`); None
    when it did not run or ran on other data (its count would not be the fit's)."""
    from anpo.align.backtest import DEFAULT_LAG

    if res is None or res.versions_differing() or res.protocol_differing():
        return None
    cases = res.cases_by_lag.get(DEFAULT_LAG)
    if cases is None and res.war.lag == DEFAULT_LAG:
        cases = res.cases
    return None if cases is None else len(cases)


def _data_words(insts: Sequence[Any]) -> str:
    """The assumption on data ending before the year and on missing factors, read from the
    instances' pair notes (it typed "MIDs 2014, contiguity 2016" and "Taiwan has no UN ideal
    point, Brunei no V-Dem score", true of the 2018 instance only for the first)."""
    parts = []
    for inst in insts:
        carried = carried_forward([inst])
        if not carried:
            continue
        words = ", ".join(
            f"{_CARRIED_WORDS.get(f, FACTOR_WORDS.get(f, f))} {join_words([str(y) for y in ys])}"
            for f, ys in carried.items()
        )
        # the year of each instance when the sentence covers several (the China section's)
        parts.append(f"{_year(inst)}: {words}" if len(insts) > 1 and _year(inst) else words)
    if parts:
        text = (
            "Data ending before the year are carried forward from their last year "
            f"({'; '.join(parts)}), as each pair's note in the instance says"
        )
    elif not any(getattr(i, "pairs", None) is not None and "source" in i.pairs for i in insts):
        # an instance without pair notes (a user's file) says nothing of its data's years; one
        # without a pairs table at all (a user's CSV matrix) neither ('in None': a TypeError,
        # a traceback from `anpo report` on a scenario's [align] section on such a file)
        text = "Data ending before the year are carried forward from their last year"
    else:
        years = join_words([str(_year(i)) for i in insts if _year(i)]) or "the instance's year"
        text = (
            f"No dataset of the recipe ends before {years} (a dataset that did would be carried "
            "forward from its last year, as the pair's note would say)"
        )
    lacks: dict[str, list[str]] = {}
    for inst in insts:
        for f, names in missing_factors(inst).items():
            lacks.setdefault(f, [])
            lacks[f] += [n for n in names if n not in lacks[f]]
    text += "; missing factors contribute 0"
    if lacks:
        text += (
            " ("
            + ", ".join(
                f"{join_words(names)} {'has' if len(names) == 1 else 'have'} no "
                f"{_MISSING_WORDS.get(f, FACTOR_WORDS.get(f, f) + ' data')}"
                for f, names in lacks.items()
            )
            + ")"
        )
    return text + "."


def assumptions(insts: Sequence[Any] = (), wars: int | None = None) -> list[str]:
    """The alignment sections' assumptions for the instances ``insts`` (their carried-forward
    data and missing factors, :func:`_data_words`) and the count of wars the weights were
    fitted on (``wars``, :func:`fit_wars`; None: not counted in this report, the sentence
    names no number)."""
    fitted = (
        f"the sides of the {count_noun(wars, 'multi-state war')} of the back-test section"
        if wars is not None
        else "the sides of the COW multi-state wars (the back-test section counts them when it "
        "runs on the data the weights were fitted on)"
    )
    return [
        "Two coalitions, as in Axelrod & Bennett (1993); the free number of coalitions (Galam "
        "1998) is reported alongside.",
        f"Propensities: {recipe_words(RECIPE_ID)}, the sum of six factors: ATOP alliance "
        "obligations (a pact counts whichever side ATOP records the obligation on), strategic "
        "rivalry, the share of the last "
        f"{count_noun(get_recipe(RECIPE_ID).weights.dispute_window, 'observed year')} with a "
        "militarized dispute, UN voting "
        "affinity (1 - 2 x the percentile of the pair's ideal-point distance among all pairs "
        "that year), regime similarity (V-Dem polyarchy) and contiguity. The weights were "
        f"fitted to {fitted}; sizes are CINC.",
        "Alliances are themselves alignments, so the alliance factor partly encodes what is "
        "predicted; the other factors are not alignments.",
        _data_words(insts),
        "The 'U.S.-Japan side' is the coalition containing both; the smallest change is "
        "measured in the L1 norm over the state's own propensities (sum of absolute changes of "
        "p_kj, each pair changed symmetrically): the change at which a configuration with the "
        "state, the U.S. and Japan together ties for the global minimum (any larger step along "
        "it makes that configuration strictly the global minimum; the search's numerical "
        "margin is left out).",
        "U.S. treaty allies are those of the U.S. Department of State's collective defense "
        "arrangements in force in the year (Japan, South Korea, the Philippines, Thailand, "
        "Australia; New Zealand's were suspended in 1986).",
    ]


SOURCES = [
    cite("axelrod1993"),
    cite("galam1998"),
    "Data: ATOP v5.1, Thompson, Sakuwa & Suhas strategic rivalries, MID 5.0, UNGA ideal points "
    "July 2025, V-Dem v2x_polyarchy, COW Direct Contiguity 3.2, COW NMC 7.0 (CINC and military "
    "expenditure):",
    cite("leeds2002"),
    cite("thompson2022"),
    cite("palmer2022"),
    cite("bailey2017"),
    cite("coppedge2020"),
    cite("stinnett2002"),
    cite("singer1972"),
    cite("state-cda2024") + " The treaty allies.",
    "The built-in instances are generated from the datasets named in each instance's provenance "
    "(dataset versions and SHA-256 hashes).",
]

#: Largest multiplier of one factor's weight the year sections' sensitivity tries (from 0 up
#: to it); their prose and table notes read it.
WEIGHT_MAX = 3.0

#: Axelrod & Bennett's 1936 result, the bar, in words ("15 of 17") and as a share.
AB_BAR = f"{AXELROD_BENNETT[0]} of {AXELROD_BENNETT[1]}"
AB_BAR_SHARE = AXELROD_BENNETT[0] / AXELROD_BENNETT[1]

BACKTEST_SOURCES = [
    cite("axelrod1993") + f" Pp. 222-226: the 1936 test, {AB_BAR} nations placed right.",
    cite("sarkees2010") + " COW Inter-State War Data v4.0 (participants and sides).",
    cite("palmer2022") + " MID 5.0 participant-level data: past disputes, territorial revision.",
    cite("waltz1979") + " Balancing: the capability baseline.",
    "The recipe's datasets as in the year sections; COW State System Membership v2016.",
]

_ANCHORS = ("USA", "JPN")
_COLORS = {"us": "#0072B2", "other": "#D55E00", "third": "#767676"}


def _name(inst: Any, i: int) -> str:
    """A reader's name for actor ``i``: :func:`anpo.report.countries.country_name` of its COW
    abbreviation as of the instance's year (its provenance's ``year``; the Soviet Union in a
    1950 instance), else the instance's own name."""
    ident = inst.ids[i] if inst.ids else inst.names[i]
    return country_name(ident, _year(inst) or None, listed=inst.names[i])


def _code_name(inst: Any, code: str) -> str:
    """A reader's name for a COW code or abbreviation ``code`` as of the instance's year
    (:func:`anpo.report.countries.country_name`)."""
    return country_name(code, _year(inst) or None)


def _figure_name(inst: Any, i: int) -> str:
    """:func:`_name` as a figure label: a Japanese actor name falls back to the actor's id (its
    ``id`` in the instance file), or to its position when the id is Japanese too, when no
    installed font draws Japanese (:func:`anpo.report.figures.figure_text`)."""
    ident = inst.ids[i] if inst.ids else ""
    return figure_text(
        _name(inst, i), romanized=ident if ident and not has_cjk(ident) else f"actor {i + 1}"
    )


_the = with_article  # "the United States", "the Philippines" inside a sentence


def _short(inst: Any, idx: list[int] | np.ndarray) -> str:
    return ", ".join(_name(inst, int(i)) for i in idx)


def _treaty_allies(year: int) -> dict[int, str]:
    """COW code -> country of the U.S. treaty allies in the Asia-Pacific in ``year`` (package
    data, U.S. Department of State)."""
    from anpo.burden.membership import alliances

    out = {}
    for m in alliances()["us_asia"].members:
        code = m.ccode_in(year)
        if code is not None and code != 2 and m.member_in(year):
            out[int(code)] = m.country
    return out


#: COW code -> year of admission of the ten ASEAN members admitted 1967-1999 (ASEAN
#: Secretariat, "ASEAN Member States", asean.org): the five founders of the Bangkok
#: Declaration (1967), Brunei (1984), Vietnam (1995), Laos and Myanmar (1997), Cambodia (1999).
ASEAN_MEMBERS: dict[int, int] = {
    800: 1967,  # Thailand
    820: 1967,  # Malaysia
    830: 1967,  # Singapore
    840: 1967,  # the Philippines
    850: 1967,  # Indonesia
    835: 1984,  # Brunei
    816: 1995,  # Vietnam
    812: 1997,  # Laos
    775: 1997,  # Myanmar
    811: 1999,  # Cambodia
}


def _asean(inst: Any) -> list[int]:
    """Indices of the instance's ASEAN members in its year (:data:`ASEAN_MEMBERS`)."""
    year = _year(inst)
    return [
        i
        for i, c in enumerate(_codes(inst))
        if c is not None and c in ASEAN_MEMBERS and (not year or ASEAN_MEMBERS[c] <= year)
    ]


def _codes(inst: Any) -> list[int | None]:
    from anpo.report.countries import lookup

    out: list[int | None] = []
    for i in range(len(inst.names)):
        st = lookup(inst.ids[i] if inst.ids else inst.names[i])
        out.append(None if st is None else st.ccode)
    return out


def _with_gdp(inst: Any, gdp: pd.DataFrame | None) -> tuple[Any, list[str]]:
    """The instance with GDP sizes added to its size measures when ``gdp`` (``ccode, year,
    gdp``) covers every state in the instance's year; else the instance and the states lacking
    GDP (names)."""
    import dataclasses

    if gdp is None:
        return inst, []
    year = _year(inst)
    codes = _codes(inst)
    sub = gdp[gdp["year"] == year].drop_duplicates("ccode").set_index("ccode")["gdp"]
    vals = np.array([float(sub.get(c, np.nan)) if c is not None else np.nan for c in codes])
    lacking = [_name(inst, i) for i, v in enumerate(vals) if not v > 0]
    if lacking:
        return inst, lacking
    alt = dict(inst.alt_sizes) if inst.alt_sizes else {"cinc": np.asarray(inst.sizes)}
    alt["gdp"] = vals / vals.sum()
    return dataclasses.replace(inst, alt_sizes=alt), []


def analyse(inst: Any, gdp: pd.DataFrame | None = None) -> dict[str, Any]:
    """Everything the sections need for one instance (pure computation, no I/O). ``gdp``: an
    optional ``ccode, year, gdp`` table (e.g. implied by the SIPRI workbook in the catalog) to
    compare GDP sizes with the instance's."""
    from anpo.align import sensitivity as se
    from anpo.align import whatif
    from anpo.align.formal import bits_to_config

    land = inst.landscape(2)
    us, jp = (inst.index(a) for a in _ANCHORS)
    minima = land.local_minima()
    gcfg, ge = land.global_minimum()
    energies, sides = whatif.all_energies(land)
    cache = (energies, sides)
    min_set = {tuple(m.config.tolist()): m.basin_share for m in minima}
    lowest = []
    for x in np.argsort(energies, kind="stable")[:3]:
        cfg = bits_to_config(int(x), land.n)
        lowest.append((cfg, land.energy(cfg), min_set.get(tuple(cfg.tolist()))))
    side = [i for i in range(land.n) if gcfg[i] == gcfg[us]]
    together = gcfg[us] == gcfg[jp]
    asked = [
        k for k in range(land.n) if not (gcfg[k] == gcfg[us] and together) and k not in (us, jp)
    ]
    # a node budget, not seconds (review20 F7; whatif22: the table's answers and their
    # 'proven' could change with the machine's load under the 60 s default), each question's
    # and, shared by them in this order, the table's (budget24: up to 21 questions of 4-5
    # minutes each at 22 actors); a question reached with none left is None: not examined
    whatif_total = whatif.REPORT_TOTAL_NODES  # what the table's rows and caption quote
    changes = whatif.smallest_changes(
        land,
        asked,
        [us, jp],
        norm="L1",
        cache=cache,
        max_nodes=whatif.REPORT_MAX_NODES,
        total_nodes=whatif_total,
    )
    # increase of each actor's own frustration if it alone switched: Delta F_k = Delta E / 2 s_k
    margins = np.array([land.delta(gcfg, k) / (2 * land.sizes[k]) for k in range(land.n)])
    # the number of coalitions chosen by minimum energy (the smallest reaching the free
    # minimum, [galam1998]) and a minimum with exactly that many: the free optimum the branch
    # and bound returns may use more when optima tie (mend16a)
    # a node budget, not seconds (review20 F7: the answer must not depend on the machine's
    # load); None when it is spent, which the sentence says (free_coalitions_sentence)
    try:
        free = land.chosen_minimum(max_nodes=REPRODUCIBLE_MAX_NODES)
    except BudgetExceededError:
        free = None
    jpc = whatif.pair_threshold(land, jp, inst.index("CHN"), cache=cache)
    contrib = se.factor_matrices(inst)
    paths = se.weight_paths(land, contrib, us, m_max=WEIGHT_MAX)
    inst_gdp, gdp_lacking = _with_gdp(inst, gdp)
    year = _year(inst)
    codes = _codes(inst)
    allies = _treaty_allies(year) if year else {}
    off = [i for i, c in enumerate(codes) if c in allies and gcfg[i] != gcfg[us]]
    asean = _asean(inst)
    # why each state sits where it does: the treaty allies and the ASEAN members off the U.S. side
    held = [*off, *(i for i in asean if gcfg[i] != gcfg[us] and i not in off)]
    reasons = {k: se.side_reasons(land, contrib, gcfg, k) for k in held}
    return {
        "inst": inst,
        "land": land,
        "us": us,
        "jp": jp,
        "minima": minima,
        "gcfg": gcfg,
        "ge": ge,
        "lowest": lowest,
        "side": side,
        "together": together,
        "changes": changes,
        "whatif_total": whatif_total,
        "margins": margins,
        "free": free,
        "jpc": jpc,
        "paths": paths,
        "flips": se.flip_table(paths, [_name(inst, i) for i in range(land.n)], us),
        "ranges": se.weight_ranges(paths, WEIGHT_MAX),
        "sizes": se.size_effect(inst_gdp),
        "gdp_lacking": gdp_lacking,
        "gdp_given": gdp is not None,
        "allies": [i for i, c in enumerate(codes) if c in allies],
        "off_allies": off,
        "reasons": reasons,
        "asean": asean,
    }


def _asean_premise(a: dict[str, Any]) -> str:
    """The seed's premise that Southeast Asian countries share Japan's need for the U.S.
    presence (:data:`SEED_FRAMEWORK`), tested on the instance: which ASEAN members the lowest
    configuration puts on each side and, for each one on the other side, the factor that holds
    it there most (from its side reasons, as :func:`_reason_text`) and the nearest weight change
    that moves it (:func:`_flip_words`). Empty when the instance has no ASEAN member."""
    inst, gcfg, us = a["inst"], a["gcfg"], a["us"]
    members = a.get("asean", [])
    if not members:
        return ""
    year = _year(inst)
    with_us = [i for i in members if gcfg[i] == gcfg[us]]
    off = [i for i in members if gcfg[i] != gcfg[us]]
    try:
        chn = inst.index("CHN")
    except (KeyError, ValueError):
        chn = None
    there = "with China" if chn is not None and gcfg[chn] != gcfg[us] else "on the other side"
    text = (
        "The seed's premise is that Southeast Asian countries, like Australia and South Korea, "
        "share Japan's need for the U.S. presence. Tested on the recipe's relations"
        + (f" of {year}" if year else "")
        + ": of the ASEAN members in the instance, the lowest configuration puts "
        + (join_words([_the(_name(inst, i)) for i in with_us]) or "none")
        + " on the U.S.-Japan side and "
        + (join_words([_the(_name(inst, i)) for i in off]) or "none")
        + f" {there}."
    )
    if off:
        held: dict[str, list[str]] = {}
        moves, still = [], []
        for k in off:
            by = a["reasons"][k].groupby("factor")["change"].sum()
            pos = by[by > 0].sort_values(ascending=False)
            top = FACTOR_WORDS.get(str(pos.index[0]), str(pos.index[0])) if len(pos) else ""
            held.setdefault(top, []).append(_the(_name(inst, k)))
            fw = _flip_words(a, k, "or")
            if fw:
                moves.append(f"{_the(_name(inst, k))}, {fw} the recipe's")
            else:
                still.append(_the(_name(inst, k)))
        parts = [f"{f or 'no single factor'} for {join_words(names)}" for f, names in held.items()]
        text += (
            (
                " The factor that holds it there most"
                if len(off) == 1
                else " The factor that holds each of those there most"
            )
            + " (the largest part of the rise in its own frustration were it to move alone to "
            "the U.S.-Japan side): " + "; ".join(parts) + "."
        )
        if moves:
            text += (
                " One factor's weight changed alone, nearest the recipe's, moves "
                + "; ".join(moves)
                + "."
                + _crossings_with_china(a, off, "any of them")
            )
        if still:
            text += (
                f" No single weight between 0 and {fmt_number(WEIGHT_MAX)} times the recipe's "
                f"moves {join_words(still)}."
            )
    if not with_us:
        verdict = "By these relations the premise holds for none of them."
    elif off:
        verdict = (
            "By these relations the premise holds for "
            + join_words([_the(_name(inst, i)) for i in with_us])
            + " only."
        )
    else:
        verdict = "By these relations the premise holds for all of them."
    return f"{text} {verdict}"


def _non_treaty_alliance_note(inst: Any, allies: list[int]) -> str:
    """A caveat naming the states the alliance factor ties to the United States although they
    are not U.S. treaty allies (ATOP pacts that are not U.S. defense treaties: in the 2018
    instance every party to ASEAN's Treaty of Amity and Cooperation, China, Russia and North
    Korea among them), so a reader does not take their pull toward the U.S. for an alignment."""
    pairs = inst.pairs
    if pairs is None or "alliance" not in pairs.columns:
        return ""
    codes = list(inst.ids)
    if "USA" not in codes:
        return ""
    treaty = {codes[i] for i in allies}
    rows = pairs[(pairs["a"] == "USA") | (pairs["b"] == "USA")]
    odd = [
        (b if a == "USA" else a)
        for a, b, v in zip(rows["a"], rows["b"], rows["alliance"], strict=True)
        if float(v) > 0 and (b if a == "USA" else a) not in treaty
    ]
    if not odd:
        return ""
    names = join_words([_code_name(inst, c) for c in odd])
    one = len(odd) == 1
    # the United States acceded to ASEAN's Treaty of Amity and Cooperation in 2009: an example
    # for the instances of that year on, not for 2001's (which it would misdate)
    tac = "; for instance ASEAN's Treaty of Amity and Cooperation" if _year(inst) >= 2009 else ""
    return (
        f"The alliance factor also ties the United States to {names}, which "
        f"{'is not a U.S. treaty ally' if one else 'are not U.S. treaty allies'}: ATOP records "
        f"a shared pact that is not a U.S. defense treaty (a non-aggression or consultation "
        f"pact{tac}) and the recipe "
        f"counts it like one, so {'its' if one else 'their'} pull toward the U.S. side is not "
        "an alignment. "
    )


def _year(inst: Any) -> int:
    """The instance's year (its provenance's ``year``), 0 when it gives none or not a number."""
    try:
        return int((getattr(inst, "provenance", None) or {}).get("year", 0))
    except (TypeError, ValueError):
        return 0


def _reason_text(a: dict[str, Any], k: int) -> str:
    """Why treaty ally ``k`` sits on the other side (generated from its side reasons)."""
    inst, gcfg = a["inst"], a["gcfg"]
    r = a["reasons"][k]
    by = r.groupby("factor")["change"].sum().sort_values(ascending=False)
    holds = [(f, v) for f, v in by.items() if v > 0]
    pulls = [(f, v) for f, v in sorted(by.items(), key=lambda t: t[1]) if v < 0]
    total = float(r["change"].sum())

    def partners(f: str, sign: float) -> str:
        sub = r[(r["factor"] == f) & (np.sign(r["change"]) == sign)]
        sub = sub.reindex(sub["change"].abs().sort_values(ascending=False).index).head(3)
        near = [_the(_name(inst, int(j))) for j in sub["partner"] if gcfg[int(j)] == gcfg[k]]
        far = [_the(_name(inst, int(j))) for j in sub["partner"] if gcfg[int(j)] != gcfg[k]]
        if sign > 0:  # holding it: attraction to its side, repulsion from the other
            words = ([f"attraction to {join_words(near)}"] if near else []) + (
                [f"repulsion from {join_words(far)}"] if far else []
            )
        else:  # pulling it across: attraction to the other side, repulsion from its own
            words = ([f"attraction to {join_words(far)}"] if far else []) + (
                [f"repulsion from {join_words(near)}"] if near else []
            )
        return " and ".join(words)

    # every factor, not the first three and two: the parts the sentence names must add up to
    # the total it states (2018's Thailand lost contiguity, +0.038 of its 0.388)
    hold = [f"{FACTOR_WORDS.get(f, f)} ({v:+.3g}: {partners(f, 1.0)})" for f, v in holds]
    pull = [f"{FACTOR_WORDS.get(f, f)} ({v:+.3g}: {partners(f, -1.0)})" for f, v in pulls]
    return (
        f"{_name(inst, k)}, a U.S. treaty ally, is predicted on the other side: moving alone to the "
        f"U.S.-Japan side would raise its own frustration by {total:.3g} (sum of s_j p_kj d_kj, "
        f"Axelrod & Bennett 1993). What holds it there: {join_words(hold)}. What pulls it toward "
        f"the U.S. side: {join_words(pull) if pull else 'nothing in the recipe'}."
    )


def _flip_items(a: dict[str, Any], k: int) -> list[tuple[str, float]]:
    """The two weight changes nearest 1 that move state ``k``: ``(factor, multiplier)``, nearest
    first; empty when no single factor between 0 and 3 times moves it."""
    flips = a["flips"]
    row = flips[flips["state"] == _name(a["inst"], k)]
    if row.empty:
        return []
    row = row.iloc[0]
    items = []
    for f in flips.columns[1:]:
        m = row[f]
        if isinstance(m, float) and not math.isnan(m):
            items.append((abs(m - 1.0), str(f), float(m)))
    items.sort()
    return [(f, m) for _, f, m in items[:2]]


def _flip_words(a: dict[str, Any], k: int, word: str = "and") -> str:
    """The weight changes (nearest 1) that move state ``k``, in words (the two nearest, joined
    by ``word``); empty when no single factor between 0 and 3 times moves it."""
    # the report's formatter, as the flip table's cell (0.0538 there read 0.05 here)
    items = [f"{FACTOR_WORDS.get(f, f)} at {fmt_number(m)} times" for f, m in _flip_items(a, k)]
    # empty when no single factor moves it (it read 'with the weight of none the recipe's')
    return join_words(items, word, empty="")


def _crossings_with_china(a: dict[str, Any], ks: Sequence[int], who: str) -> str:
    """A sentence for the weight changes :func:`_flip_words` names for the states ``ks`` at
    which China changes side relative to the United States as well: such a change does not
    part a state from China (2018: ATOP pacts at 2.24 times the recipe's move China, Russia,
    North Korea and the ASEAN members across at once, Taiwan the other way). The sentence says
    the change merges the two sides only when China ends on the United States' side with at
    most three states left apart (it names them).
    ``who`` names the states in the sentence. Empty when none does, or without the weight paths
    or China."""
    paths = a.get("paths")
    inst = a["inst"]
    try:
        chn = inst.index("CHN")
    except (AttributeError, KeyError, ValueError):
        return ""
    if not paths:
        return ""
    seen: dict[tuple[str, float], Any] = {}
    for k in ks:
        for f, m in _flip_items(a, k):
            for b in paths.get(f, []):
                if b.m == m and k in b.moved and chn in b.moved:
                    seen.setdefault((f, m), b)
    us = a["us"]
    parts = []
    for (f, m), b in seen.items():
        apart = [_name(inst, i) for i in range(len(b.after)) if b.after[i] != b.after[us]]
        # the sides merge only when China ends beside the United States with at most three
        # states left apart; otherwise the sentence says no more than that China crosses too
        if b.after[chn] == b.after[us] and len(apart) <= 3:
            what = ": it merges the two sides" + (
                f" (only {join_words(apart)} left apart)" if apart else ""
            )
        else:
            what = ","
        parts.append(
            f"the weight of {FACTOR_WORDS.get(f, f)} at {fmt_number(m)} times the recipe's moves "
            f"China across as well, with {count_noun(len(b.moved) - 1, 'other state')}{what}"
            f" rather than parting {who} from China"
        )
    return f" But {'; and '.join(parts)}." if parts else ""


def size_comparison(
    inst: Any, sizes: pd.DataFrame | None, gdp_lacking: list[str]
) -> tuple[pd.DataFrame | None, str]:
    """The table of predicted sides by size measure (from
    :func:`anpo.align.sensitivity.size_effect`, in country names) and a sentence on how the
    prediction changes with the measure and which measures are missing."""
    n = len(inst.names)
    names = [_name(inst, i) for i in range(n)]
    note = ""
    table = None
    if sizes is not None:
        table = sizes.copy()
        table["state"] = names
        differ = [names[i] for i in range(n) if len(set(sizes.iloc[i, 1:])) > 1]
        measures = [c for c in sizes.columns if c != "state"]
        others = join_words([SIZE_WORDS.get(m, m) for m in measures[1:]])
        note = (
            f"With {others} instead of CINC as sizes, "
            + (
                f"{join_words(differ)} change{'s' if len(differ) == 1 else ''} side"
                if differ
                else "no state changes side"
            )
            + "."
        )
    why = inst.provenance.get("sizes_milex_unavailable", "")
    if why:
        # the states of the recipe's error: "North Korea (731), Laos (812)" (before: "[731,
        # 812]"), each named as the instance names it
        codes = (
            why.split("[")[-1].split("]")[0].split(",")
            if "[" in why
            else re.findall(r"\((\d+)\)", why)
        )
        bad = [_code_name(inst, x.strip()) for x in codes if x.strip()]
        note += (" " if note else "") + (
            "Military-expenditure sizes are not available for every state in this year"
            + (f" (none in NMC for {join_words(bad)})" if bad else "")
            + ("." if sizes is not None else ", so only CINC sizes are shown.")
        )
    if gdp_lacking:
        note += (" " if note else "") + (
            f"GDP sizes are not compared: the SIPRI data lack {join_words(gdp_lacking)}."
        )
    return table, note


def _changes_cell(c: Any, names: list[str], scale: float = 1.0) -> str:
    """The changes column of the what-if table: each changed propensity of state ``c.actor``
    with its partner's name (``PropensityChange.tie_delta``, the change at which the state's
    side ties for the global minimum). A state whose side already ties before any change needs
    none (any change that favours it decides the tie): that is said, not left as a bare '-'
    beside an L1 change of 0. ``scale``: the instance's largest |propensity|, the scale of its
    changes (:func:`anpo.report.format.fmt_scaled`: on an instance whose propensities are of
    order 1e-14 a change of 4e-14 read '+0'; at a scale of 1 or more it is fmt_number).

    >>> from anpo.align.whatif import PropensityChange
    >>> c = PropensityChange(2, (0,), "L1", 4e-14, {(0, 2): 4e-14, (1, 2): -1.3333e-14})
    >>> _changes_cell(c, ["A", "B", "C"], 2e-14), _changes_cell(c, ["A", "B", "C"])
    ('A +4e-14; B -1.33e-14', 'A +0; B -0')
    """
    k = c.actor
    # each change to the L1 column's three significant figures: at two decimals a single
    # change read '-0.86' beside its L1 norm '0.857'
    partners = "; ".join(
        f"{names[j if i == k else i]} {'-' if v < 0 else '+'}{fmt_scaled(abs(v), scale)}"
        for (i, j), v in sorted(c.tie_delta.items())
    )
    if partners:
        return partners
    return "none: its side already ties for the global minimum" if c.tied else "-"


def _change_row(c: Any, names: list[str], scale: float = 1.0) -> tuple[float, str, str]:
    """The L1, changes and proven cells of the what-if table for one state's
    :class:`~anpo.align.whatif.PropensityChange` ``c`` (``scale`` as for :func:`_changes_cell`).

    An infinite size is kept (∞, proven) only when no change of the state's propensities can
    do it (``feasible`` False). When no change is known (the time limit was spent before one
    was found, or the solver's change failed the check against every configuration) the L1
    cell is NaN (the table's dash: not known, review17 F3), the changes cell says why, with
    the proven lower bound when one above 0 is known, and proven is 'no'. A search that spent
    its node budget (``budget_out``, the report's
    :data:`~anpo.align.whatif.REPORT_MAX_NODES`) says so in the proven cell, with or without a
    change: 'no: not proven within N nodes of HiGHS's branch and bound'.

    >>> from anpo.align.whatif import PropensityChange
    >>> names = ["A", "B", "C"]
    >>> _change_row(PropensityChange(2, (0,), "L1", math.inf, feasible=False), names)
    (inf, 'none: no change of its propensities does it', 'yes')
    >>> late = PropensityChange(
    ...     2, (0,), "L1", math.inf, proven=False, time_out=True, lower_bound=0.25
    ... )
    >>> _change_row(late, names)
    (nan, 'not known: no change found within the time limit; at least 0.25', 'no')
    >>> bad = PropensityChange(2, (0,), "L1", math.inf, proven=False, reason="it failed")
    >>> _change_row(bad, names)
    (nan, 'not known: no change verified (it failed)', 'no')
    >>> spent = PropensityChange(
    ...     2, (0,), "L1", math.inf, proven=False, budget_out=True, reason="not proven within 1 node"
    ... )
    >>> _change_row(spent, names)
    (nan, 'not known: no change found', 'no: not proven within 1 node')
    """
    no = f"no: {c.reason}" if c.budget_out and c.reason else "no"
    if math.isfinite(c.tie_norm):
        return c.tie_norm, _changes_cell(c, names, scale), "yes" if c.proven else no
    if not c.feasible:
        return math.inf, "none: no change of its propensities does it", "yes"
    if c.budget_out:
        known = f"; at least {fmt_scaled(c.lower_bound, scale)}" if c.lower_bound > 0 else ""
        return math.nan, f"not known: no change found{known}", no
    if c.time_out or not c.reason:
        why = "no change found within the time limit"
    else:
        why = f"no change verified ({c.reason})"
    known = f"; at least {fmt_scaled(c.lower_bound, scale)}" if c.lower_bound > 0 else ""
    return math.nan, f"not known: {why}{known}", "no"


def not_examined_words(total: int) -> str:
    """The changes cell of a what-if question the report did not ask: the questions before it
    spent the budget they share (``total``, :data:`~anpo.align.whatif.REPORT_TOTAL_NODES`;
    :func:`anpo.align.whatif.smallest_changes`), said in words, never a number or a blank.

    >>> not_examined_words(20_000)
    "not examined: the report's what-if budget of 20,000 nodes was spent on the questions above"
    """
    return (
        f"not examined: the report's what-if budget of {count_noun(total, 'node')} was spent "
        "on the questions above"
    )


def shared_budget_note(total: int) -> str:
    """The sentence the what-if table's caption gains when its questions' shared budget
    (``total``) limited any of them (one spent its budget, or was not examined): a budget
    quoted in a row may then be less than each question's own.

    >>> shared_budget_note(300)
    "The table's questions share a budget of 300 nodes in their order: each is given at most what the questions above it left, and one reached with none left is not examined."
    """
    return (
        f"The table's questions share a budget of {count_noun(total, 'node')} in their order: "
        "each is given at most what the questions above it left, and one reached with none "
        "left is not examined."
    )


def free_coalitions_sentence(free: Any, groups: Sequence[str], land: Landscape) -> str:
    """The report's sentence on the free number of coalitions [galam1998]: the number chosen
    by minimum energy (``free``, a :class:`~anpo.align.landscape.ChosenMinimum`), the
    coalitions of a minimum with exactly that many (``groups``, one text per coalition) and,
    when a configuration with more coalitions ties the minimum, that it does. The energy is
    written as ``land`` writes its energies (:meth:`Landscape.energy_text`, the rule of the
    lowest-configurations table beside it; whatif16: it was ``:.6g``, which printed the
    floating-point noise of a minimum of 0 as ``-1e-17`` where the table reads 0).

    mend16a: the sentence counted and listed the blocks of whichever tied free optimum the
    branch and bound returned, so it could say 3 coalitions where 2 reach the same minimum.

    >>> import numpy as np
    >>> from anpo.align.landscape import ChosenMinimum
    >>> c = ChosenMinimum(2, np.array([0, 0, 1]), -4.0, np.array([0, 1, 2]), -4.0)
    >>> land = Landscape([1, 1, 1], [[0, 2, -2], [2, 0, -2], [-2, -2, 0]])
    >>> print(free_coalitions_sentence(c, ["A, B", "C"], land).replace(". ", ".\\n"))
    With a free number of coalitions (Galam 1998) the minimum has 2 coalitions: A, B | C (E = -4).
    The minimum is tied: a configuration with 3 coalitions reaches it as well.

    ``free`` is None when its search spent the node budget
    (:data:`~anpo.align.landscape.REPRODUCIBLE_MAX_NODES`; review20 F7): the sentence says the
    number is not proven and gives none.

    >>> print(free_coalitions_sentence(None, [], land))
    With a free number of coalitions (Galam 1998) the number of coalitions chosen by minimum energy is not given: it was not proven within 100,000,000 nodes of branch and bound.
    """
    if free is None:
        return (
            "With a free number of coalitions (Galam 1998) the number of coalitions chosen by "
            f"minimum energy is not given: it was {not_proven_words(REPRODUCIBLE_MAX_NODES)}."
        )
    k = int(free.k)
    text = (
        f"With a free number of coalitions (Galam 1998) the minimum has {k} coalition"
        + ("" if k == 1 else "s")
        + ": "
        + " | ".join(groups)
        + f" (E = {land.energy_text(float(free.energy))})."
    )
    if free.tied:
        text += (
            f" The minimum is tied: a configuration with {free.free_blocks} coalitions reaches "
            "it as well."
        )
    return text


def _undrawn_reason(c: Any) -> str:
    """Why the what-if chart leaves out a state whose question ``c`` (a
    :class:`~anpo.align.whatif.PropensityChange`, None: not examined) has no finite change,
    in the table's words (:func:`_change_row`).

    >>> from anpo.align.whatif import PropensityChange
    >>> _undrawn_reason(None), _undrawn_reason(PropensityChange(2, (0,), "L1", math.inf, feasible=False))
    ('not examined', 'no change of its propensities does it')
    >>> _undrawn_reason(PropensityChange(2, (0,), "L1", math.inf, proven=False))
    'no change known'
    """
    if c is None:
        return "not examined"
    return "no change of its propensities does it" if not c.feasible else "no change known"


def _alignment_section(a: dict[str, Any], wars: int | None = None) -> Section:
    """The section of one instance's results ``a`` (:func:`analyse`); ``wars``: the count of
    wars the weights were fitted on, for its assumptions (:func:`fit_wars`)."""
    from anpo.align.whatif import REPORT_MAX_NODES, REPORT_TOTAL_NODES

    inst, land = a["inst"], a["land"]
    year = _year(inst)
    gcfg, us = a["gcfg"], a["us"]
    whatif_total = a.get("whatif_total", REPORT_TOTAL_NODES)  # the changes' shared budget
    n = land.n
    names = [_name(inst, i) for i in range(n)]
    # figure: stability margin of every actor (energy increase if it alone switched sides)
    fig, _ax = new_figure(10, 4.6)
    fig.clf()
    ax1 = fig.add_subplot(1, 2, 1)
    ax2 = fig.add_subplot(1, 2, 2)
    order = np.argsort(-a["margins"])
    cols = [_COLORS["us"] if gcfg[i] == gcfg[us] else _COLORS["other"] for i in order]
    ax1.barh(np.arange(n), a["margins"][order], color=cols)
    labels = [_figure_name(inst, i) for i in range(n)]
    ax1.set_yticks(np.arange(n), [labels[i] for i in order], fontsize=7)
    ax1.invert_yaxis()
    ax1.set_xlabel("increase of its own frustration if it alone switched")
    ax1.set_title(f"{year}: predicted sides (blue: U.S.-Japan side)", fontsize=9)
    # the changes at which each state's target ties (without the search's margin): the numbers
    # the web's what-if shows for the same question (PropensityChange.tie_norm, tie_delta)
    ch = [(k, c) for k, c in a["changes"] if c is not None and np.isfinite(c.tie_norm)]
    # the states the right chart leaves out, and why (review24: it dropped them without a word)
    undrawn = [
        f"{names[k]} ({_undrawn_reason(c)})"
        for k, c in a["changes"]
        if c is None or not np.isfinite(c.tie_norm)
    ]
    undrawn_words = (
        f" Not drawn on the right (see the table): {', '.join(undrawn)}." if undrawn else ""
    )
    ax2.barh(np.arange(len(ch)), [c.tie_norm for _, c in ch], color=_COLORS["other"])
    ax2.set_yticks(np.arange(len(ch)), [labels[k] for k, _ in ch], fontsize=7)
    ax2.invert_yaxis()
    ax2.set_xlabel("smallest change of its propensities (L1)")
    ax2.set_title("What it takes to join the U.S.-Japan side", fontsize=9)
    svg = svg_from_matplotlib(fig)

    rows = []
    for r, (cfg, e, share) in enumerate(a["lowest"]):
        s_us = [i for i in range(n) if cfg[i] == cfg[us]]
        rows.append(
            {
                "rank": r + 1,
                "energy": e,
                "local minimum": "yes" if share is not None else "no",
                "basin share": share if share is not None else float("nan"),
                "U.S. side": _short(inst, s_us),
                "other side": _short(inst, [i for i in range(n) if i not in s_us]),
            }
        )
    lowest = pd.DataFrame(rows)
    crow = []
    # the changes at the instance's scale (its largest |propensity|): digits, not '+0', on a
    # user's instance of propensities of 1e-14; the book's (up to about 8) as fmt_number
    p_scale = float(np.max(np.abs(inst.propensity))) or 1.0
    for k, c in a["changes"]:
        if c is None:  # the table's shared budget was spent on the questions above
            crow.append(
                {
                    "state": names[k],
                    "L1 change": math.nan,
                    "changes (p_kj)": not_examined_words(whatif_total),
                    "U.S.-Japan side after": "-",
                    "proven": "not examined",
                }
            )
            continue
        l1, partners, proven = _change_row(c, names, p_scale)
        joined = [] if c.config is None else [i for i in range(n) if c.config[i] == c.config[us]]
        crow.append(
            {
                "state": names[k],
                "L1 change": l1,
                "changes (p_kj)": partners,
                "U.S.-Japan side after": _short(inst, joined) if joined else "-",
                "proven": proven,
            }
        )
    changes = pd.DataFrame(crow)
    facs = inst.pairs.copy() if inst.pairs is not None else pd.DataFrame()
    if not facs.empty:
        key = facs["a"].isin(_ANCHORS) | facs["b"].isin(_ANCHORS)
        facs = facs.loc[key].drop(columns=["source"], errors="ignore")
        facs["a"] = [_code_name(inst, x) for x in facs["a"]]
        facs["b"] = [_code_name(inst, x) for x in facs["b"]]
        # 'p' is the pair's propensity (the sum of the factors), not a probability
        facs = facs.rename(columns={"a": "state", "b": "partner", "p": "propensity p"})
    free = a["free"]
    groups = (
        []
        if free is None
        else [[i for i in range(n) if free.config[i] == c] for c in range(free.k)]
    )
    minima = a["minima"]
    n_min = len(minima)
    side = a["side"]
    other = [i for i in range(n) if i not in side]
    ranges = a["ranges"]
    stable = ranges[["factor", "stable from", "stable to", "below: moves", "above: moves"]].copy()
    stable["factor"] = [FACTOR_WORDS.get(f, f) for f in stable["factor"]]
    # no state moves before the multiplier's end (0 or 3): said, not a bare hyphen
    stable["below: moves"] = [_short(inst, list(m)) or "none" for m in stable["below: moves"]]
    stable["above: moves"] = [_short(inst, list(m)) or "none" for m in stable["above: moves"]]
    flips = a["flips"].rename(columns=FACTOR_WORDS)
    flips = flips[flips.iloc[:, 1:].notna().any(axis=1)].reset_index(drop=True)
    sizes = a["sizes"]
    tables = [
        Table(
            f"Lowest configurations, {year}",
            lowest,
            # 'energy' and 'basin share' said neither what they measure nor of what (report33)
            "The three lowest configurations. Energy: the configuration's frustration, the sum "
            "over ordered pairs of s_i s_j p_ij d_ij (Axelrod & Bennett 1993; lower is more "
            "stable); basin share: for a local minimum, the share of starting configurations "
            "that descend to it.",
            kinds={"energy": "precise", "basin share": "percent"},
            # at the instance's scale (Landscape.energy_text's rule), on the page and in the
            # CSV: a user's instance of propensities of 1e-14 read energy '0' under its digits
            scales={"energy": land.energy_scale},
        ),
        Table(
            f"Smallest change to join the U.S.-Japan side, {year}",
            changes,
            "L1 change: the sum of the absolute changes of the state's own propensities, in "
            "the recipe's propensity units; each change applies to p_kj and p_jk. Each change is checked against all configurations; 'proven' says whether the "
            "MIP also proved it the smallest within a fixed budget of "
            f"{REPORT_MAX_NODES:,} nodes of branch and bound (a count, not a time: the "
            "same answer on every machine). ∞: no change of the state's propensities does it "
            "(proven); a dash: no change is known (the changes column says why, with a proven "
            "lower bound when one is known)."
            + (
                " " + shared_budget_note(whatif_total)
                if any(c is None or c.budget_out for _, c in a["changes"])
                else ""
            ),
            # the L1 norm at the scale of the changes beside it (_changes_cell)
            scales={"L1 change": p_scale},
        ),
        Table(
            f"Range of each factor's weight over which the predicted sides hold, {year}",
            stable,
            "Multiplier of the factor's weight (1 = the recipe); just outside the range the "
            "states listed change side relative to the United States (exact: every "
            "configuration's energy is a line in the multiplier); none: no state moves before "
            f"the multiplier reaches 0 or {fmt_number(WEIGHT_MAX)}.",
        ),
        Table(
            f"Weight change that moves a state across, {year}",
            flips,
            "For each state, the multiplier of each factor's weight nearest 1 at which it "
            f"changes side relative to the United States (–: not between 0 and "
            f"{fmt_number(WEIGHT_MAX)}; states "
            "that no single factor moves are left out).",
        ),
    ]
    size_table, size_note = size_comparison(inst, sizes, a.get("gdp_lacking", []))
    if size_table is not None:
        tables.append(
            Table(
                f"Predicted side relative to the United States by size measure, {year}",
                size_table,
                "Sizes: CINC (the recipe's), each state's share of the instance's military "
                "expenditure (COW NMC) and, when the catalog's SIPRI workbook covers every "
                "state, of its GDP (SIPRI's implied GDP).",
            )
        )
    tables.append(
        Table(
            f"Factor contributions to the U.S. and Japan pairs, {year}",
            facs,
            f"Propensities by {recipe_words(str(inst.provenance.get('recipe', '')))}; p = sum "
            "of the factor columns."
            if inst.provenance.get("recipe")
            else "p = sum of the factor columns.",
        )
    )
    us_names = _short(inst, side)
    basin = minima[0].basin_share
    off = a["off_allies"]
    allies_in = [i for i in a["allies"] if gcfg[i] == gcfg[us]]
    partners_us = _short(inst, [i for i in side if i not in (us, a["jp"])])
    answer = (
        f"In {year} the lowest-energy alignment puts {partners_us or 'no other state'} with the "
        f"United States and Japan, and {_short(inst, other)} on the other side"
        + (
            "; it is the only stable configuration (basin 100%)."
            if n_min == 1
            else f"; {n_min} stable configurations, the lowest with a basin of {fmt_share(basin, decimals=0)}."
        )
        + (
            # 'the Philippines' in a sentence (it read 'Australia and Philippines are')
            f" Of the U.S. treaty allies, {join_words([_the(names[i]) for i in allies_in])} "
            + ("are" if len(allies_in) > 1 else "is")
            + " on the U.S.-Japan side"
            + (
                f"; {join_words([_the(names[i]) for i in off])} "
                + ("are" if len(off) > 1 else "is")
                + " not."
                if off
                else "."
            )
            if a["allies"]
            else ""
        )
    )
    caveat = (
        "The recipe's weights were fitted to the sides of past wars and its alliance factor is "
        "itself an alignment; the prediction is the configuration the pairwise relations favour, "
        "not a forecast of behaviour in a crisis. "
        + _non_treaty_alliance_note(inst, a["allies"])
        + size_note
    )
    notes = [free_coalitions_sentence(free, [_short(inst, g) for g in groups], land)]
    if n_min > 1:
        notes.append(
            "Basins of the stable configurations: "
            + ", ".join(fmt_share(m.basin_share, decimals=1) for m in minima[:3])
            + "."
        )
    for k in off:
        text = _reason_text(a, k)
        fw = _flip_words(a, k)
        if fw:
            text += f" It would change side with the weight of {fw} the recipe's."
            text += _crossings_with_china(a, [k], _the(_name(a["inst"], k)))
        notes.append(text)
    premise = _asean_premise(a)
    if premise:
        notes.append(premise)
    # the weight change nearest 1 that moves any state, for the finding's confidence
    nearest = None
    for pts in a["paths"].values():
        for bp in pts:
            if bp.moved and (nearest is None or abs(bp.m - 1) < abs(nearest.m - 1)):
                nearest = bp
    pair = [inst.index("CHN"), inst.index("RUS")]
    against = [_name(inst, i) for i in pair] if set(pair) <= set(other) else []
    rest = len(other) - len(against)
    off_names = [names[i] for i in off]
    findings = [
        Finding(
            question=f"Which neighbours line up with the U.S.-Japan alliance ({year})?",
            answer=f"With the United States and Japan: {partners_us or 'no other state'}"
            + (
                f"; {', '.join(against)} and {rest} others on the other side"
                if against
                else f"; {_short(inst, other)} on the other side"
            )
            + (
                f", {join_words(off_names)} (a U.S. treaty ally) among them."
                if len(off_names) == 1
                else (f", treaty allies {join_words(off_names)} among them." if off_names else ".")
            ),
            number=f"{len(side)} of {n} states on the U.S.-Japan side",
            confidence=(
                (
                    "The only stable configuration"
                    if n_min == 1
                    else f"Basin {fmt_share(basin, decimals=0)}"
                )
                + (
                    f"; the smallest weight change that moves a state: "
                    f"{FACTOR_WORDS.get(nearest.factor, nearest.factor)} at "
                    f"{fmt_number(nearest.m)} times the recipe's "
                    f"({_short(inst, list(nearest.moved))})"
                    if nearest is not None
                    else ""
                )
                + "."
            ),
        )
    ]
    summary = pd.DataFrame(
        [
            {
                "year": year,
                "U.S.-Japan side": us_names,
                "local minima": n_min,
                "basin of global minimum": basin,
            }
        ]
    )
    vintage = _vintage(inst)
    return Section(
        id=f"align-{year}",
        title=f"Alignment of the Asia-Pacific states, {year} (landscape theory)",
        question=SEED_FRAMEWORK,
        model=MODEL,
        assumptions=assumptions([inst], wars),
        sources=SOURCES,
        figures=[
            Figure(
                f"Sides and stability margins, {year}",
                svg,
                "Left: the increase of a state's own frustration (sum_j s_j p_kj d_kj, Axelrod & "
                "Bennett 1993) if it alone switched sides in the predicted configuration: its "
                "stability margin (blue = U.S.-Japan side). Right: the smallest "
                "L1 change of a state's propensities that makes a configuration with it on the "
                "U.S.-Japan side the global minimum.",
                description=(
                    f"Two bar charts for {year}. Left: each state's stability margin, largest "
                    f"first; blue bars are the U.S.-Japan side ({us_names}), vermillion "
                    "(orange-red) bars the other side. Right: for each state on the other "
                    "side, the smallest total change "
                    "of its propensities that would bring it onto the U.S.-Japan side."
                    + undrawn_words
                ),
                definition="Stability margin: the increase of the state's own frustration "
                "(size-weighted propensities to the states it would leave minus those it would "
                "join) if it alone switched sides; smallest change: L1 norm of the propensity "
                "changes.",
            )
        ],
        tables=tables,
        notes=notes,
        summary=summary,
        answer=answer,
        caveat=caveat,
        findings=findings,
        data_vintage=vintage,
    )


#: The file that fills each dataset kind of the back-test, in lines of ``anpo data add``: the
#: file names the other sections give for the same datasets (COW's NMC file is
#: NMC-60-abridged.csv; 'NMC-7.0.csv' named no file a reader could find).
_BT_FILES = (
    (("cow_states", "states2016.csv"), ("nmc", "NMC-60-abridged.csv"), ("atop", "atop5_1ddyr.csv")),
    (
        ("tss_rivalries", "tss_rivalries.csv"),
        ("mid_dyadic", "dyadic_mid_4.02.csv"),
        ("contiguity", "contdird.csv"),
    ),
    (("unga", "IdealpointsJuly2025.csv"), ("democracy", "cw_democracy.csv")),
    (("cow_war_inter", "Inter-StateWarData_v4.0.csv"), ("mid_participant", "MIDB_5.0.csv")),
)

#: The dataset kinds the back-test reads, in the order of :data:`_BT_FILES`.
_BT_KINDS = tuple(kind for group in _BT_FILES for kind, _ in group)


def _bt_commands(missing: Collection[str] | None = None) -> list[str]:
    """The commands that fill the back-test: ``anpo data add`` of the files of the ``missing``
    kinds (None: every kind, as without a catalog), then ``anpo align backtest``. The section
    once listed every file, those already in the catalog too (with NMC added, it still said
    ``anpo data add ... NMC-60-abridged.csv``)."""
    lines = []
    for group in _BT_FILES:
        files = [f for k, f in group if missing is None or k in missing]
        if files:
            lines.append("anpo data add " + " ".join(files))
    return [*lines, "anpo align backtest"]


_PREDICTOR_WORDS = {
    "recipe2_held_out": "recipe 2, held out",
    "recipe3_held_out": "recipe 3 (history factors), held out",
    "recipe2": "recipe 2, shipped weights (in sample)",
    "recipe3": "recipe 3, shipped weights (in sample)",
    "recipe2_tuned": "recipe 2, weights tuned on this war (not a test)",
    "recipe3_tuned": "recipe 3, weights tuned on this war (not a test)",
    "recipe1": "recipe 1 (a priori weights)",
    "majority": "everyone on one side",
    "alliance": "alliance membership alone",
    "capability": "capability alone (balancing)",
}


def _versus_baselines(recipe: float, base: float, base_words: str) -> str:
    """The back-test finding's answer: whether the recipe's held-out mean balanced accuracy beats
    the best simple rule's, judged at the precision printed."""
    verdict = "Better" if round(recipe, 2) > round(base, 2) else "Not better"
    return (
        f"{verdict} than simple rules: held-out balanced accuracy {recipe:.2f} against "
        f"{base:.2f} for the best baseline ({base_words})."
    )


def _backtest_needs_data(why: str, missing: Collection[str] | None = None) -> Section:
    """The back-test section when it did not run: ``why``, and the commands that fill it
    (:func:`_bt_commands` of the ``missing`` kinds; None: every kind)."""
    return Section(
        id="align-backtest",
        title="Does the alignment recipe predict history?",  # the page flags "needs data"
        question=SEED_BACKTEST,
        model=MODEL,
        assumptions=[],
        sources=BACKTEST_SOURCES,
        notes=[why],
        answer="Not computed in this report: "
        + why[:1].lower()
        + why[1:]
        + (
            " The commands below fill it."
            if missing is None or missing
            # after an error with every dataset present, only the back-test's own command
            else " The command below runs it on its own, where its error can be read in full."
        ),
        needs_data=True,
        commands=_bt_commands(missing),
    )


#: The recipe rows of the ablation tables (held-out weights first, then the shipped and the
#: per-war tuned ones), in display order.
_RECIPE_ROWS = (
    "recipe2_held_out",
    "recipe3_held_out",
    "recipe2",
    "recipe3",
    "recipe2_tuned",
    "recipe3_tuned",
)


#: Rows of Axelrod & Bennett's own case (:func:`anpo.align.backtest.axelrod_bennett_17`).
_AB17_ROWS = ("recipe2_held_out", "recipe3_held_out", "recipe2", "recipe3", "recipe1")


def ab17_table(ab17: Mapping[str, Any]) -> pd.DataFrame:
    """Axelrod & Bennett's seventeen nations [axelrod1993, pp. 222-226] rebuilt from data: one row
    per predictor, one column per data year (``k of n (misplaced: ...)``), from
    :func:`anpo.align.backtest.axelrod_bennett_17`."""
    years = list(ab17["by_year"])
    rows = []
    for key in _AB17_ROWS:
        if not any(ab17["by_year"][y].get(key) for y in years):
            continue
        row = {"predictor": _PREDICTOR_WORDS[key]}
        for y in years:
            e = ab17["by_year"][y]
            h = e.get(key)
            row[f"data {y}"] = (
                "-"
                if not h
                else f"{h['correct']} of {e['participants']} (misplaced: "
                + (", ".join(h["misplaced"]) or "none")
                + ")"
            )
        rows.append(row)
    return pd.DataFrame(rows)


def ab17_sentence(ab17: Mapping[str, Any]) -> str:
    """What Axelrod & Bennett's own case [axelrod1993, pp. 222-226] says, in words, from the
    computed result: the pre-registered headline and whether any other row shown meets the bar."""
    from anpo.align.backtest import AB17_MISPLACED, AB17_YEAR

    head = ab17.get("headline")
    if head is None:
        return (
            "Axelrod and Bennett's own seventeen nations are not scored with the data of their "
            f"year, {AB17_YEAR}: {ab17['not_scored']}."
        )
    mis = head["misplaced"]
    text = (
        "On Axelrod and Bennett's own seventeen nations and sides, with the data of their "
        f"year ({head['data_year']}) and weights fitted on the other wars (the like-for-like "
        "test; its rule was fixed before it was first computed)"
        + (
            ""
            if ab17.get("sizes", "cinc") == "cinc"
            else f", with {SIZE_WORDS.get(ab17['sizes'], ab17['sizes'])} sizes instead of CINC "
            "(the held-out rule chose on CINC)"
        )
        + ", the default recipe places "
        f"{head['correct']} of {head['participants']} right "
        f"({fmt_share(head['share'], decimals=0)}; misplaced: {join_words(mis) or 'none'}; "
        f"theirs misplaced {join_words(list(AB17_MISPLACED))}): the bar is "
        + ("met." if head["meets_bar"] else "not met.")
    )
    others = [
        (e[key], key, e)
        for e in ab17["by_year"].values()
        for key in _AB17_ROWS
        if e.get(key) and not (key == head["predictor"] and e["data_year"] == head["data_year"])
    ]
    met = [
        f"{_PREDICTOR_WORDS[k]} with {e['data_year']} data" for h, k, e in others if h["meets_bar"]
    ]
    if met:
        return (
            text + f" Among the other rows, shown and not chosen from, {join_words(met)} meet it."
        )
    if others:
        h, k, e = max(others, key=lambda t: (t[0]["correct"], -t[2]["data_year"]))
        return text + (
            f" No other row shown meets it either (the best: {h['correct']} of "
            f"{e['participants']}, {_PREDICTOR_WORDS[k]} with {e['data_year']} data)."
        )
    return text


def _backtest_run(ctx: ReportContext) -> tuple[Section, Any]:
    """The back-test section (wars and peacetime) from the catalog, or what data it needs, and
    the back-test itself (:class:`anpo.align.backtest.Backtest`, None when it did not run) for
    the sections that read its counts and the dataset versions it ran on (its ``sources``)."""
    from anpo.align import backtest as bt
    from anpo.errors import AnpoError

    cat = ctx.catalog()
    if cat is None:
        why = (
            "No data catalog: the back-test needs the recipe's datasets and the COW inter-state "
            "war data."
        )
        return _backtest_needs_data(why), None
    # read_datasets holds the catalog for its reads only (one connection); the back-test runs
    # after them
    frames = bt.read_datasets(cat.read_or_none)
    missing = [k for k in _BT_KINDS if frames.get(k) is None]
    if "tss_rivalries" in missing and frames.get("td_rivalries") is not None:
        missing.remove("tss_rivalries")
    if missing:
        from anpo.data.kinds import reader_name

        # the datasets by name, not catalog kinds ('lacks mid_participant'); the commands below
        # the answer give their files
        lacks = join_words([reader_name(k) for k in missing])
        return _backtest_needs_data(
            f"The data catalog lacks {lacks}, which the back-test needs.", missing
        ), None
    ctx.progress("alignment: back-test against history")
    try:
        res = bt.run(frames.get, progress=lambda step: ctx.progress(f"back-test: {step}"))
    except AnpoError as exc:
        return _backtest_needs_data(f"The back-test could not run: {exc.one_line()}", ()), None
    return _backtest_filled(res), res


def _nested_count_note(
    nested: pd.DataFrame | None,
    participants: int,
    head: Mapping[str, Any],
    lag: int,
    when: Callable[[int], str],
) -> str:
    """Why the nested count of participants differs from the headline's, when it does (the
    report said '158 of 201 participants' two paragraphs after '164 of 200' and never why): a
    war is scored with the participants that have data in the data year its fold chose.
    ``nested``: one row per war with the ``lag`` chosen and its ``participants``.

    >>> import pandas as pd
    >>> folds = pd.DataFrame({"lag": [3, 1, 3], "participants": [25, 3, 4]})
    >>> _nested_count_note(folds, 32, {"participants": 31}, 1, lambda n: f"{n} years before")
    ' (32 participants, not 31: each war is scored with the participants that have data in the data year its fold chose; 2 of the 3 folds chose 3 years before)'
    >>> _nested_count_note(folds, 31, {"participants": 31}, 1, str)
    ''
    """
    base = int(head["participants"])
    if nested is None or nested.empty or participants == base:
        return ""
    other = nested[nested["lag"] != lag]
    lags = _lags(other)
    chose = (
        f"; {len(other)} of the {len(nested)} folds chose "
        + join_words([when(x) for x in lags], "or")
        if len(other)
        else ""
    )
    return (
        f" ({participants} participants, not {base}: each war is scored with the participants "
        "that have data in the data year its fold chose" + chose + ")"
    )


def _ab_number(correct: int, participants: int) -> str:
    """The key number of the Second World War finding: the participants placed right held out,
    as a count and a share, against Axelrod & Bennett's 15 of 17 (AB_BAR); it read a bare
    '71% against 88%', saying neither what was counted nor whose the 88% was.

    >>> _ab_number(12, 17)
    "12 of 17 (71%) placed right held out, against Axelrod and Bennett's 15 of 17 (88%)"
    """
    return (
        f"{correct} of {participants} ({fmt_share(correct / participants, decimals=0)}) placed "
        "right held out, "
        f"against Axelrod and Bennett's {AB_BAR} ({fmt_share(AB_BAR_SHARE, decimals=0)})"
    )


def _wars_number(head: Mapping[str, Any]) -> str:
    """The wars finding's key number: what the count counts, and that it is held out (it read
    '164 of 200 participants of 34 wars (82%)', which does not say of what).

    >>> _wars_number({"correct": 164, "participants": 200, "wars": 34, "pooled": 0.82})
    '164 of 200 participants of 34 wars placed on the side they first fought on, held out (82%)'
    """
    return (
        f"{head['correct']} of {head['participants']} participants of {head['wars']} wars "
        f"placed on the side they first fought on, held out "
        f"({fmt_share(head['pooled'], decimals=0)})"
    )


#: The Japan-China table's propensity columns, shown to two decimals as the answer and the key
#: finding write them ('+7.00'): the table's 'threshold change | 7' read as an exact integer
#: beside them (the value is 7.0047; review8 #12).
_COOP_NUMBERS = ("p(Japan, China)", "option: change", "threshold change")


def _at_two_decimals(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """``frame`` with ``columns`` as text at two decimals, zeros kept (the page's copy; the
    summary CSV keeps the computed values).

    >>> _at_two_decimals(pd.DataFrame({"a": [7.0047, 8.4005], "b": ["x", "y"]}), ("a",))["a"].tolist()
    ['7.00', '8.40']
    """
    from anpo.report.format import fmt_decimals

    out = frame.copy()
    for c in columns:
        if c in out:
            out[c] = [fmt_decimals(v, 2) for v in out[c]]
    return out


def _beyond_threshold(rows: Sequence[Mapping[str, Any]]) -> str:
    """Who changes side beyond each year's realignment threshold of the Japan-China pair, from
    the rows' ``China can join via this pair``: the key finding read 'and beyond it Japan, not
    China, would change side' whatever the rows said, after the last year only.

    >>> _beyond_threshold([{"year": 2001, "China can join via this pair": "no"}] * 2)
    'Japan would leave the U.S. side rather than China join it'
    >>> _beyond_threshold([{"year": 2001, "China can join via this pair": "yes"},
    ...                    {"year": 2018, "China can join via this pair": "no"}])
    'China would join the U.S.-Japan side in 2001, and Japan would leave it in 2018'
    """
    joins = [str(r["year"]) for r in rows if r["China can join via this pair"] == "yes"]
    leaves = [str(r["year"]) for r in rows if r["China can join via this pair"] != "yes"]
    if not leaves:
        return "China would join the U.S.-Japan side"
    if not joins:
        return "Japan would leave the U.S. side rather than China join it"
    return (
        f"China would join the U.S.-Japan side in {join_words(joins)}, and Japan would leave it "
        f"in {join_words(leaves)}"
    )


def _no_blocs_note(no_blocs: Sequence[Mapping[str, Any]]) -> str:
    """The peacetime cases with no defense-pact blocs to score (``attrs["no_blocs"]`` of
    :func:`anpo.align.backtest.peacetime_backtest`), for the peacetime table's caption, with a
    leading space; '' when every year and region has them. The table had no 1950 bloc rows and
    said nothing of why (``anpo align backtest`` says it).

    >>> _no_blocs_note([{"year": 1950, "region": "Asia-Pacific", "reason": "one component"}])
    ' No defense-pact blocs to score in 1950, Asia-Pacific (one component).'
    >>> _no_blocs_note([])
    ''
    """
    if not no_blocs:
        return ""
    return (
        " No defense-pact blocs to score in "
        + "; ".join(f"{nb['year']}, {nb['region']} ({nb['reason']})" for nb in no_blocs)
        + "."
    )


def _backtest_filled(res: Any) -> Section:
    from anpo.align.backtest import BASELINES, HEADLINE, PREDICTORS
    from anpo.align.backtest import lag_words as when

    w = res.war
    summ = w.summary()
    wars = w.wars.copy()
    named = wars[wars["warnum"].isin([106, 139, 151, 211])]
    head = summ[HEADLINE]
    head_words = _PREDICTOR_WORDS[HEADLINE]
    other = "recipe3_held_out" if HEADLINE != "recipe3_held_out" else "recipe2_held_out"
    cols = ["war", "onset", "data_year", "participants", "sides"]

    def view(frame: pd.DataFrame, lag: int) -> pd.DataFrame:
        out = frame[cols].copy()
        out.insert(0, "years before onset", lag)
        for key in PREDICTORS:
            out[f"{_PREDICTOR_WORDS[key]}: placed right"] = frame[key]
            out[f"{_PREDICTOR_WORDS[key]}: balanced accuracy"] = frame[f"{key}_balanced"]
        return out.rename(columns={"data_year": "data year"})

    def brief(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame[["war", "onset", "sides"]].copy()
        out["held out: placed right"] = [
            f"{int(c)} of {int(n)}"
            for c, n in zip(frame[HEADLINE], frame["participants"], strict=True)
        ]
        for key, label in (
            (HEADLINE, "held out"),
            (other, _PREDICTOR_WORDS[other]),
            ("majority", "one side"),
            ("alliance", "alliance alone"),
            ("capability", "capability alone"),
        ):
            out[f"{label}: balanced accuracy"] = frame[f"{key}_balanced"]
        return out

    srows = []
    for key in PREDICTORS:
        label = _PREDICTOR_WORDS[key]
        s = summ.get(key)
        if not s or s["pooled"] is None:
            continue
        srows.append(
            {
                "predictor": label,
                "wars": s["wars"],
                "placed right": s["correct"],
                "participants": s["participants"],
                "share placed right": s["pooled"],
                "mean balanced accuracy": s["mean_balanced"],
            }
        )
    stable = pd.DataFrame(srows)
    best_base = max(BASELINES, key=lambda b: summ[b]["mean_balanced"])
    oth = summ.get(other)

    # recipe x lag held out, and the choice
    choice_text = ""
    lag_table = None
    if res.choice is not None:
        rid, clag, table = res.choice
        lag_table = pd.DataFrame(
            {
                "recipe": [str(r).rsplit("/", 1)[-1] for r in table["recipe"]],
                "data": [when(int(x)) for x in table["lag"]],
                "wars": table["wars"],
                "held out, wars scored at every lag": table["held_out_common"],
                "held out, all its wars": table["held_out_all"],
            }
        )
        lag_table["recipe"] = "recipe " + lag_table["recipe"]
        top = table.loc[(table["recipe"] == rid) & (table["lag"] == clag)].iloc[0]
        rivals = table.loc[(table["lag"] == clag) & (table["recipe"] != rid)]
        worse = [
            str(r).rsplit("/", 1)[-1]
            for r, v in zip(rivals["recipe"], rivals["held_out_common"], strict=True)
            if v is not None and v < top["held_out_common"]
        ]
        choice_text = (
            f" Of {_recipes_and_lags(table)}, "
            f"the held-out rule (best mean balanced accuracy over the {int(top['common_wars'])} "
            f"wars scored at {'both' if len(_lags(table)) == 2 else 'each'}) picks "
            f"{_pick_words(rid, clag)} ({top['held_out_common']:.2f})"
            + (
                f"; recipe {' and '.join(worse)} does worse held out at that data year."
                if worse
                else "."
            )
        )

    # the Second World War in Europe, every lag and predictor
    ab_rows = []
    met_held_out: list[str] = []
    tuned: list[tuple[float, str, int, int, dict[str, Any]]] = []
    for _, abl in sorted(res.ab_by_lag.items()):
        if not abl:
            continue
        for key in _RECIPE_ROWS:
            h = abl.get(key)
            if not h:
                continue
            ab_rows.append(
                {
                    "data year": abl["data_year"],
                    "predictor": _PREDICTOR_WORDS[key],
                    "placed right": f"{h['correct']} of {abl['participants']}",
                    "share": h["share"],
                    "misplaced": join_words(h["misplaced"]) if h["misplaced"] else "none",
                    f"meets {AB_BAR}": "yes" if h["meets_bar"] else "no",
                }
            )
            if key.endswith("held_out") and h["meets_bar"]:
                met_held_out.append(f"{_PREDICTOR_WORDS[key]} with {abl['data_year']} data")
            if key.endswith("tuned"):
                tuned.append((h["share"], key, abl["data_year"], abl["participants"], h))
    ab_table = pd.DataFrame(ab_rows)
    ab = res.axelrod_bennett
    ab_text = ""
    bar_share = AB_BAR_SHARE
    tuned_text = ""
    if tuned:
        tuned.sort(key=lambda t: (-t[0], t[2], t[1]))
        share, key, year, n, h = tuned[0]
        tuned_text = (
            (
                " Weights tuned on the war itself do reach it"
                if h["meets_bar"]
                else " Even weights tuned on the war itself do not reach it"
            )
            + f" (recipe {key[6]} with {year} data: {h['correct']} of {n}, misplaced: "
            + (join_words(h["misplaced"]) if h["misplaced"] else "none")
            + (
                "): the factors can express the 1939 alignment, but the other wars do not "
                "select such weights, so this is not claimed."
                if h["meets_bar"]
                else ")."
            )
        )
    if ab and ab.get(HEADLINE):
        h = ab[HEADLINE]
        best_ho = max(
            (r for r in ab_rows if "held out" in r["predictor"]),
            key=lambda r: r["share"],
            default=None,
        )
        ab_text = (
            f" For the Second World War's {ab['participants']} European participants in a "
            f"landscape of their own ({ab['data_year']} data), {h['correct']} of "
            f"{ab['participants']} are placed right held out ({fmt_share(h['share'], decimals=0)}; misplaced: "
            f"{join_words(h['misplaced'])}), against Axelrod and Bennett's {AB_BAR} "
            f"({fmt_share(bar_share, decimals=0)}) with hand-coded 1936 data: "
            + (
                "the bar is met."
                if ab["meets_bar"]
                else (
                    "the bar is not met"
                    + (
                        f" (met held out only by {join_words(met_held_out)})."
                        if met_held_out
                        else (
                            f"; no held-out placement meets it at any data year tried (the "
                            f"best: {best_ho['placed right']}, {best_ho['predictor']}, "
                            f"{best_ho['data year']} data)."
                            if best_ho
                            else "."
                        )
                    )
                )
            )
        )
    answer = (
        f"Held out (each war scored with weights fitted on the other {head['wars'] - 1}), the "
        f"default recipe places {head['correct']} of {head['participants']} participants of "
        f"{head['wars']} multi-state wars on the side they first fought on ({fmt_share(head['pooled'], decimals=0)}) "
        f"with data of {when(w.lag)}; its mean balanced accuracy is {head['mean_balanced']:.2f}, "
        f"against 0.50 for everyone on one side, {summ['alliance']['mean_balanced']:.2f} for "
        f"alliance membership alone and {summ['capability']['mean_balanced']:.2f} for capability "
        f"alone"
        + (
            f"; recipe {other[6]} reaches {oth['mean_balanced']:.2f} held out."
            if oth and oth["mean_balanced"] is not None
            else "."
        )
        + choice_text
        + (f" {differs}" if (differs := choice_sentence(res)) else "")
        + ab_text
        + tuned_text
        + (" " + ab17_sentence(res.ab17) if res.ab17 else "")
    )
    lags = _lags(res.choice[2]) if res.choice is not None else [w.lag]
    caveat = (
        "Accuracy rewards predicting no split at all in one-against-many wars"
        + _one_against_many(w.participants)
        + ", so balanced accuracy, the mean of the two sides' shares placed "
        "right, is the measure the weights were fitted on. Sides are those a state first fought "
        f"on, from data of {join_words([lag_words(x) for x in lags], 'or')}: states that "
        "changed camp after the "
        "war began (Romania, Bulgaria, Finland joined the Axis in 1940-41) are hard for any "
        "model built on earlier data, and every dataset here puts Romania, allied to France and "
        "the Little Entente in the 1930s, on the Allied side. Religion and ethnicity, two of "
        "Axelrod and Bennett's five factors, are in no dataset used here."
    )
    findings = [
        Finding(
            question="Does the alignment recipe predict who fights on which side?",
            answer=_versus_baselines(
                head["mean_balanced"],
                summ[best_base]["mean_balanced"],
                _PREDICTOR_WORDS[best_base],
            ),
            number=_wars_number(head),
            confidence="Leave-one-war-out over every multi-state war of the COW data with "
            "participants on both sides; the weights were fitted on balanced accuracy.",
        )
    ]
    head17 = (res.ab17 or {}).get("headline")
    if head17:
        findings.append(
            Finding(
                question="Does it meet Axelrod and Bennett's Second World War result?",
                answer=("Yes" if head17["meets_bar"] else "No")
                + f": on their own seventeen nations and sides with {head17['data_year']} data, "
                f"{head17['correct']} of {head17['participants']} placed right held out "
                f"(misplaced: {join_words(head17['misplaced']) or 'none'}), against their "
                + AB_BAR
                + (
                    f"; the war's {ab['participants']} European participants in COW's list: "
                    f"{ab[HEADLINE]['correct']} of {ab['participants']}."
                    if ab and ab.get(HEADLINE)
                    else "."
                ),
                number=_ab_number(head17["correct"], head17["participants"]),
                confidence="Their nations, sides and data year; propensities built from public "
                "data by the recipe with weights fitted on the other wars (theirs were "
                "hand-coded, religion and ethnicity included).",
            )
        )
    elif ab and ab.get(HEADLINE):
        # dup-ok: alike in shape to the Finding above (same question, Yes/No answer) but the
        # other reading: COW's European participants, not Axelrod and Bennett's own seventeen.
        h = ab[HEADLINE]
        findings.append(
            Finding(
                question="Does it meet Axelrod and Bennett's Second World War result?",
                answer=("Yes" if ab["meets_bar"] else "No")
                + f": {h['correct']} of {ab['participants']} European participants placed right "
                f"held out with {ab['data_year']} data (misplaced: {join_words(h['misplaced'])}), "
                f"against {AB_BAR}"
                + (
                    "."
                    if ab["meets_bar"] or met_held_out
                    else "; no recipe or data year tried meets it held out."
                ),
                number=_ab_number(h["correct"], ab["participants"]),
                confidence="Different states and data: the COW participants here, "
                f"Axelrod and Bennett's {AXELROD_BENNETT[1]} European nations (some neutral) "
                "with hand-coded 1936 propensities there.",
            )
        )
    # figure: mean balanced accuracy per predictor, and per named war
    fig, (ax1, ax2) = new_figure(10, 4.0, ncols=2)
    labels = [r["predictor"] for r in srows]
    vals = [r["mean balanced accuracy"] for r in srows]
    colors = [_COLORS["us"] if lab == head_words else _COLORS["third"] for lab in labels]
    ax1.barh(np.arange(len(vals)), vals, color=colors)
    ax1.set_yticks(np.arange(len(vals)), labels, fontsize=8)
    ax1.invert_yaxis()
    ax1.set_xlim(0, 1)
    ax1.axvline(0.5, color=_COLORS["third"], lw=0.8, ls=":")
    ax1.set_xlabel(f"mean balanced accuracy over {count_noun(int(head['wars']), 'war')}")
    ax1.set_title("All multi-state wars", fontsize=9)
    keys = [HEADLINE, *BASELINES]
    x = np.arange(len(named))
    width = 0.8 / len(keys)
    # every predictor its own colour: the first baseline took the cycle's first colour, the
    # headline's blue, so the legend could not tell them apart
    others = iter(c for c in PALETTE if c.upper() != _COLORS["us"].upper())
    for j, key in enumerate(keys):
        ax2.bar(
            x + (j - (len(keys) - 1) / 2) * width,
            named[f"{key}_balanced"].to_numpy(dtype=float),
            width,
            label=_PREDICTOR_WORDS[key],
            color=_COLORS["us"] if key == HEADLINE else next(others),
        )
    # two-line names: 'Second World War' ran into its neighbours
    wars = [textwrap.fill(str(w), width=12, break_on_hyphens=False) for w in named["war"]]
    ax2.set_xticks(x, wars, fontsize=8)
    ax2.set_ylim(0, 1.05)
    ax2.set_ylabel("balanced accuracy")
    legend_below(fig, ax2, ncol=2)  # inside, it covered the bars
    ax2.set_title("The wars the seed's era remembers", fontsize=9)
    svg = svg_from_matplotlib(fig)
    pt = res.peacetime
    tables = [
        Table(
            "Predictors compared over all multi-state wars",
            stable,
            w.protocol,
            kinds={"share placed right": "percent", "mean balanced accuracy": "prob"},
        ),
    ]
    if lag_table is not None:
        tables.append(
            Table(
                "Held-out accuracy by recipe and data year",
                lag_table,
                "Mean balanced accuracy, each war scored with weights fitted on the other "
                "wars at the same data year; the default is the best over the wars scored at "
                "every data year (a participant without data in a data year is left out of it).",
                kinds={
                    "held out, wars scored at every lag": "prob",
                    "held out, all its wars": "prob",
                },
            )
        )
    if not ab_table.empty:
        tables.append(
            Table(
                f"The Second World War in Europe against Axelrod and Bennett's {AB_BAR}",
                ab_table,
                "The war's European participants in a landscape of their own; held out = "
                "weights fitted on the other wars; shipped = weights fitted on all wars, this "
                "one included (in sample).",
                kinds={"share": "percent"},
            )
        )
    if res.ab17:
        tables.append(
            Table(
                "Axelrod and Bennett's own seventeen nations and sides, rebuilt from data",
                ab17_table(res.ab17),
                "Their nations and the side they scored each on (Portugal, Denmark, "
                "Czechoslovakia and the Baltic states included, which fought no inter-state war "
                "in COW's list); propensities and sizes from the data of each year by the "
                "recipe; held out = weights fitted on the other wars at that data year.",
            )
        )
    tables.append(
        Table(
            "The First and Second World Wars, the Korean War and the Gulf War",
            brief(named),
            "Participants placed on the side they first fought on (held out), and balanced "
            "accuracy of the recipes and of the baselines; every war is in the appendix.",
            kinds={c: "prob" for c in brief(named).columns if c.endswith("balanced accuracy")},
        )
    )
    notes = [w.protocol, versions_sentence(res)]
    ns = res.nested_summary()
    if ns:
        notes.append(
            f"With the recipe and the data year also chosen inside each fold (by the fit on "
            f"the other wars, which favours the recipe with more weights), {ns['correct']} of "
            f"{ns['participants']} participants are placed right held out, mean balanced "
            f"accuracy {ns['mean_balanced']:.2f}"
            + _nested_count_note(res.nested, int(ns["participants"]), head, w.lag, when)
            + "."
        )
    if pt is not None and not pt.empty:
        t2 = pt.copy()
        for c in ("full", "without_factor", "majority", "capability"):
            t2[c] = t2[c] / t2["scored"]
        t2 = t2.rename(
            columns={
                "full": "recipe (all factors)",
                "without_factor": "recipe without the target's factor",
                "majority": "everyone on one side",
                "capability": "capability alone",
            }
        )
        tables.append(
            Table(
                "Peacetime: predicted sides against defense blocs and UN-voting clusters",
                t2,
                "Share of the scored states placed right. Only the recipe without the factor "
                "that defines the target (alliances for the blocs, UN votes for the clusters) "
                "is a test; the full recipe shows how much that factor carries."
                + _no_blocs_note(pt.attrs.get("no_blocs", [])),
                # its CSV file if it grows past the page's rows: the shares of the counts
                definitions=backtest_definitions("peace shares"),
                kinds={
                    "recipe (all factors)": "percent",
                    "recipe without the target's factor": "percent",
                    "everyone on one side": "percent",
                    "capability alone": "percent",
                },
            )
        )
        wf = pt["without_factor"].sum() / pt["scored"].sum()
        mj = pt["majority"].sum() / pt["scored"].sum()
        notes.append(
            f"Peacetime ({join_words(sorted({str(y) for y in pt['year']}))}): without the factor "
            f"that defines each target, the recipe places {fmt_share(wf, decimals=0)} of the scored states right, "
            f"against {fmt_share(mj, decimals=0)} for everyone on one side. The weights were fitted on wars only, so "
            "every peacetime case is held out."
        )
    # each participant as named at the war's onset (the back-test's names: the Soviet Union in
    # 1939), as the back-test's own output names it
    parts = w.participants.copy()
    every_war = pd.concat(
        [view(r.wars, lg) for lg, r in sorted(res.by_lag.items())], ignore_index=True
    )
    pcols = [c for c in parts.columns if c.startswith("predicted_")]
    return Section(
        id="align-backtest",
        title="Does the alignment recipe predict history? Back-tests against wars and blocs",
        question=SEED_BACKTEST,
        model=MODEL,
        assumptions=[
            "Cases: every multi-state war of the COW inter-state war data with at least three "
            "participants that have capability data in the data year, on both sides; each "
            "participant's actual side is the side it first fought on.",
            "Prediction: the two-coalition global minimum of the participants' landscape built "
            "by the recipe from data of one or three years before onset (CINC sizes). Recipe 3 "
            "adds Axelrod and Bennett's history factors: wars fought on the same or opposite "
            "sides that ended before the data year, militarized disputes likewise, and "
            "territorial disputes, each discounted with a half-life of "
            f"{get_recipe(RECIPE_V3).weights.half_life:g} years.",
            "Baselines: everyone on one side; alliance membership alone (equal sizes, +1 for a "
            "pair with any ATOP obligation, -1 otherwise); capability alone (from the strongest "
            "down, each state joins the weaker side).",
            w.protocol,
        ],
        sources=BACKTEST_SOURCES,
        figures=[
            Figure(
                "Balanced accuracy of the recipes and of the baselines",
                svg,
                "Left: mean balanced accuracy over all wars (0.5 = no better than putting "
                "everyone on one side). Right: the First and Second World Wars, the Korean War and "
                "the Gulf War.",
                description=(
                    "Left, horizontal bars: mean balanced accuracy over "
                    f"{head['wars']} wars for each predictor, the default recipe held out in "
                    f"blue at {head['mean_balanced']:.2f}. Right, grouped bars for the First and "
                    "Second World Wars, the Korean War and the Gulf War: balanced accuracy of "
                    "the held-out recipe and of the three baselines."
                ),
                definition="Balanced accuracy: the mean, over the two actual sides, of the "
                "share of that side's participants placed on it, the predicted coalitions matched "
                "to the sides so as to place the most participants right (Axelrod & Bennett's "
                "count of the misplaced). With unequal sides it can fall below 0.5: when the small "
                "side's members are grouped with most of the large side, that group is matched to "
                "the large side and every member of the small side counts as misplaced.",
            )
        ],
        tables=tables,
        notes=notes,
        summary=stable[["predictor", "placed right", "participants", "mean balanced accuracy"]],
        summary_definitions=backtest_definitions("summary"),
        answer=answer,
        caveat=caveat,
        findings=findings,
        appendix=[
            Table(
                "Every war, at every data year",
                every_war,
                w.protocol,
                name="align-backtest-wars",
                definitions=backtest_definitions("wars", [str(c) for c in every_war.columns]),
            ),
            Table(
                "Every participant: actual and predicted sides",
                parts[["war", "state", "side", *pcols, "switched"]],
                "Sides are COW's 1 and 2; predicted sides are the coalition matched to them "
                f"(data of {when(w.lag)}).",
                name="align-backtest-participants",
                definitions=backtest_definitions("participants", pcols),
                # 'Predicted recipe2 held out' read like a data name
                headers={c: _predicted_header(c) for c in pcols},
            ),
            *(
                []
                if pt is None
                else [
                    Table(
                        "Peacetime back-test",
                        pt,
                        "Counts of the scored states placed right (the table above gives the "
                        "shares).",
                        name="align-backtest-peace",
                        definitions=backtest_definitions("peace"),
                        headers={
                            "scored": "states scored",
                            "full": "recipe (all factors)",
                            "without_factor": "recipe without the target's factor",
                            "majority": "everyone on one side",
                            "capability": "capability alone",
                        },
                    )
                ]
            ),
        ],
        data_vintage=[_without_role(v) for v in res.vintage],
    )


def _without_role(vintage: str) -> str:
    """A back-test's dataset line for readers: without the catalog role it starts with (the
    section's data line read 'nmc: COW National Material Capabilities 7.0; atop: ...', the
    other sections name the datasets only).

    >>> _without_role("nmc: COW National Material Capabilities 7.0"), _without_role("ATOP 5.1")
    ('COW National Material Capabilities 7.0', 'ATOP 5.1')
    """
    role, sep, rest = vintage.partition(": ")
    return rest if sep and role.replace("_", "").isalnum() and role == role.lower() else vintage


#: Balanced accuracy in words, for the back-test's column definitions (the section's glossary
#: says it in full).
_BALANCED = (
    "balanced accuracy: the mean, over the two actual sides, of the share of that side's "
    "participants placed on it, 0-1"
)
#: "Placed right" in words: Axelrod & Bennett's count of the nations not misplaced
#: [axelrod1993, pp. 222-226].
_PLACED = (
    "participants placed on the side they fought on, the predicted coalitions matched to the "
    "two sides so as to place the most right"
)


#: The back-test tables' ``war`` column.
_WAR = "the war's name in COW's list of inter-state wars"


def backtest_definitions(which: str, columns: Collection[str] = ()) -> dict[str, str]:
    """What each column of the back-test's CSV files holds, for the report's column dictionary,
    where none was defined (ui31): ``which`` is ``"wars"`` (``align-backtest-wars``, whose
    ``columns`` are a predictor's in :data:`_PREDICTOR_WORDS` and ': placed right' or
    ': balanced accuracy'), ``"participants"`` (its ``predicted_*`` columns among
    ``columns``), ``"peace"`` (counts), ``"peace shares"`` (the page's table of their shares,
    a CSV file past the page's rows) or ``"summary"`` (the section's summary, over every
    war)."""
    words = {w: k for k, w in _PREDICTOR_WORDS.items()}
    if which == "wars":
        out = {
            "years before onset": "how many years before the war's onset the data describe",
            "war": _WAR,
            "onset": "the year the war began",
            "data year": "the year of the data the predictions are made from",
            "participants": "the war's participants scored (those with data in the data year)",
            "sides": "participants on COW's side 1 v side 2",
        }
        for c in columns:
            head, _, what = c.rpartition(": ")
            if head in words and what == "placed right":
                out[c] = f"{_PLACED}, by the predictor {head}"
            elif head in words and what == "balanced accuracy":
                out[c] = f"the war's {_BALANCED}, by the predictor {head}"
        return out
    if which == "participants":
        out = {
            "war": _WAR,
            "state": "the participant, by its name at the war's onset",
            "side": "the side the participant fought on, COW's 1 or 2",
            "switched": "whether the participant later changed sides",
        }
        for c in columns:
            key = c.removeprefix("predicted_")
            if c.startswith("predicted_") and key in _PREDICTOR_WORDS:
                out[c] = (
                    f"the side the predictor {_PREDICTOR_WORDS[key]} places the participant on "
                    "(its coalition matched to COW's sides 1 and 2); empty where it places none"
                )
        return out
    if which == "peace shares":
        counts = backtest_definitions("peace")
        return {
            **counts,
            "recipe (all factors)": "the share of the scored states the recipe with all its "
            "factors places on their side of the target",
            "recipe without the target's factor": "the share of the scored states the recipe "
            "without the target's own factor (alliances for the blocs, UN votes for the "
            "clusters) places on their side: the test",
            "everyone on one side": "the share of the scored states placed right with everyone "
            "on one side (a baseline)",
            "capability alone": "the share of the scored states placed right by capability "
            "alone (balancing; a baseline)",
        }
    if which == "peace":
        return {
            "region": "the region whose states are scored",
            "target": "the grouping the predicted sides are scored against: ATOP defense-pact "
            "blocs or UN-voting clusters",
            "scored": "the region's states scored (members with data)",
            "full": "states the recipe with all its factors places on their side of the target",
            "without_factor": "states the recipe without the target's own factor (alliances "
            "for the blocs, UN votes for the clusters) places on their side: the test",
            "majority": "states placed right with everyone on one side (a baseline)",
            "capability": "states placed right by capability alone (balancing; a baseline)",
        }
    return {
        "predictor": "the rule that predicts the sides: a recipe (held out, or with its shipped "
        "weights) or a baseline",
        "placed right": f"{_PLACED}, over every war",
        "participants": "the participants scored, over every war",
        "mean balanced accuracy": f"the mean over the wars of each war's {_BALANCED}",
    }


def _predicted_header(column: str) -> str:
    """A reader's header for a back-test prediction column, in the predictor's words of the
    section's other tables (:data:`_PREDICTOR_WORDS`).

    >>> _predicted_header("predicted_recipe2_held_out"), _predicted_header("predicted_recipe3")
    ('side predicted, recipe 2, held out', 'side predicted, recipe 3, shipped weights (in sample)')
    >>> _predicted_header("predicted_recipe1"), _predicted_header("predicted_alliance")
    ('side predicted, recipe 1 (a priori weights)', 'side predicted, alliance membership alone')
    """
    return f"side predicted, {_PREDICTOR_WORDS[column.removeprefix('predicted_')]}"


def _vintage(inst: Any) -> list[str]:
    """The dataset versions an instance was generated from (its provenance)."""
    return [
        str(v)
        for k, v in inst.provenance.items()
        if str(k).startswith("dataset_") and str(v).strip()
    ]


def _china_section(results: list[dict[str, Any]], wars: int | None = None) -> Section:
    """The Japan-China option on each instance of ``results``; ``wars`` as for
    :func:`_alignment_section`."""
    fig, ax = new_figure(8, 4.2)
    rows = []
    for a in results:
        inst, land, t = a["inst"], a["land"], a["jpc"]
        year = _year(inst)
        pair = inst.pairs
        row = pair[(pair["a"].isin(["JPN", "CHN"])) & (pair["b"].isin(["JPN", "CHN"]))].iloc[0]
        option = -(float(row["rivalry"]) + float(row["disputes"]))
        span = np.linspace(0, max(1.3 * t.threshold, option * 1.3, 1.0), 200)
        emin = [t.global_minimum(d)[1] for d in span]
        (line,) = ax.plot(span, emin, label=f"{year}: global minimum energy")
        ax.axvline(t.threshold, color=line.get_color(), ls="--", lw=0.8)
        ax.axvline(option, color=line.get_color(), ls=":", lw=1.2)
        before = t.global_minimum(0.0)[0]
        after = t.global_minimum(option)[0]
        us, jp = a["us"], a["jp"]
        flipped = t.together
        china_joins = bool(flipped[us] == flipped[jp] == flipped[inst.index("CHN")])
        rows.append(
            {
                "year": year,
                "p(Japan, China)": float(row["p"]),
                "option: change": option,
                "alignment changes": "no" if np.array_equal(before, after) else "yes",
                "threshold change": t.threshold,
                "beyond threshold, U.S. side": _short(
                    inst, [i for i in range(land.n) if flipped[i] == flipped[us]]
                ),
                "beyond threshold, Japan's side": _short(
                    inst, [i for i in range(land.n) if flipped[i] == flipped[jp]]
                ),
                "China can join via this pair": "yes" if china_joins else "no",
            }
        )
    ax.set_xlabel("increase of p(Japan, China)")
    ax.set_ylabel("global minimum energy")
    ax.set_title(
        "Japan-China cooperation: dotted = the option, dashed = realignment threshold", fontsize=9
    )
    ax.legend(fontsize=8)
    svg = svg_from_matplotlib(fig)
    table = pd.DataFrame(rows)
    notes = []
    unchanged = [r for r in rows if r["alignment changes"] == "no"]
    changed = [r for r in rows if r["alignment changes"] != "no"]
    yrs = join_words([str(r["year"]) for r in unchanged])
    answer = ""
    if unchanged:
        answer = (
            f"In {yrs}, ending the Japan-China strategic rivalry and militarized disputes leaves "
            "the predicted alignment unchanged: the pair's propensity would have to rise by "
            + join_words([f"{r['threshold change']:.2f} ({r['year']})" for r in unchanged])
            + ", more than the option's "
            + join_words([f"{r['option: change']:.2f}" for r in unchanged])
            + ", and even then "
            + _beyond_threshold(unchanged)
            + "."
        )
    if changed:
        answer += (" " if answer else "") + (
            f"In {join_words([str(r['year']) for r in changed])} the option changes the predicted "
            "alignment."
        )
    findings = [
        Finding(
            question="Would Japan-China cooperation change the alignment?",
            answer=(
                "No: "
                + "; ".join(
                    f"in {r['year']} ending the rivalry and disputes (+{r['option: change']:.2f}) "
                    f"stays below the realignment threshold (+{r['threshold change']:.2f})"
                    for r in unchanged
                )
                + f", and beyond {'it' if len(unchanged) == 1 else 'either threshold'} "
                + _beyond_threshold(unchanged)
                + "."
                if unchanged and not changed
                else answer
            ),
            number="; ".join(
                f"{r['year']}: threshold +{r['threshold change']:.2f} vs option "
                f"+{r['option: change']:.2f}"
                for r in rows
            ),
            confidence="Exact: one pair's change moves every configuration's energy linearly.",
        )
    ]
    for r in rows:
        notes.append(
            f"{r['year']}: the option (ending the Japan-China strategic rivalry and militarized "
            f"disputes, +{r['option: change']:.2f}) "
            + (
                "leaves the predicted alignment unchanged"
                if r["alignment changes"] == "no"
                else "changes the predicted alignment"
            )
            + f"; the alignment would change only beyond +{r['threshold change']:.2f}, and then "
            + (
                "by China joining the U.S.-Japan side."
                if r["China can join via this pair"] == "yes"
                else f"by Japan leaving the U.S. side ({r['beyond threshold, Japan' + chr(39) + 's side']}"
                ") rather than China joining it: no change of p(Japan, China) alone puts China "
                "on the U.S.-Japan side."
            )
        )
    return Section(
        id="align-japan-china",
        title="Japan-China cooperation as a change of propensities",
        question=SEED_CHINA,
        model=MODEL + " A change delta of one pair's propensity adds 2 s_J s_C delta to every "
        "configuration separating the two, so the global minimum switches exactly once, at the "
        "threshold computed from the best configurations with the pair apart and together.",
        assumptions=assumptions([a["inst"] for a in results], wars)
        + [
            "The option is modelled as removing the rivalry and dispute contributions of the "
            "Japan-China pair in the recipe; every other propensity, including the U.S.-Japan "
            "alliance, is unchanged (the seed's premise).",
        ],
        sources=SOURCES,
        figures=[
            Figure(
                "Global minimum energy against Japan-China propensity",
                svg,
                "Piecewise linear and exact; the kink is the realignment threshold.",
                description="For each instance year, the lowest energy as the Japan-China "
                "propensity rises: a straight line that bends once, at the threshold (dashed); "
                "the dotted line marks the option of ending the pair's rivalry and disputes.",
                definition="Energy: sum over ordered pairs of s_i s_j p_ij d_ij (Axelrod & "
                "Bennett 1993).",
            )
        ],
        tables=[
            Table(
                "Effect of Japan-China cooperation",
                _at_two_decimals(table, _COOP_NUMBERS),
                # 'p(Japan, China)' read as a probability as well as a propensity (report33)
                "p(Japan, China): the pair's propensity under the recipe, before the option; "
                "the changes in the same propensity units, to two decimals as the answer gives "
                "them.",
                headers={"p(Japan, China)": "propensity p(Japan, China)"},
            )
        ],
        notes=notes,
        # the CSV's yes/no as booleans (the table's "yes"/"no" are for readers)
        summary=table[["year", "option: change", "alignment changes", "threshold change"]].assign(
            **{"alignment changes": table["alignment changes"] == "yes"}
        ),
        answer=answer,
        caveat="Only the Japan-China pair changes: China's relations with the United States and "
        "its neighbours, which hold it on the other side, are left as the data give them.",
        findings=findings,
        # the same instances as the year sections: their datasets, once each
        data_vintage=list(dict.fromkeys(v for a in results for v in _vintage(a["inst"]))),
    )


def _scenario_section(sid: str, title: str, spec: Any, wars: int | None = None) -> Section:
    """Before/after alignment for a scenario's ``[align]`` section (its propensity changes);
    ``wars`` as for :func:`_alignment_section`."""
    inst, before, after = spec.landscapes()
    anchors = [inst.index(a) for a in spec.anchors]
    rows = []
    scales = []  # each row's energy at its landscape's scale (Landscape.energy_text's rule)
    fig, ax = new_figure(8, 4)
    # one mark per actor and landscape, side by side, and no line between actors: the actors
    # are categories in no order (a line from one to the next implied a continuity, and where
    # the margins before and after coincide one mark hid the other)
    offsets = dodge(2)
    for (label, land), off, color, marker in zip(
        (("before", before), ("after", after)), offsets, PALETTE, MARKERS, strict=False
    ):
        # a node budget, not seconds (review20 F7); a row whose search spent it says so
        sol = land.solve("exact", max_nodes=REPRODUCIBLE_MAX_NODES)
        cfg = sol.config
        side = [i for i in range(land.n) if cfg[i] == cfg[anchors[0]]]
        row = label  # the figure's legend keeps the bare label; the table row says the proof
        if not sol.proven:
            row += (
                f" (best configuration found, {not_proven_words(REPRODUCIBLE_MAX_NODES)}; "
                f"the minimum energy is at least {land.energy_text(sol.lower_bound)})"
            )
        rows.append(
            {
                "": row,
                "energy": sol.energy,
                "anchors together": "yes" if len({int(cfg[a]) for a in anchors}) == 1 else "no",
                f"{_name(inst, anchors[0])}'s side": _short(inst, side),
                "other": _short(inst, [i for i in range(land.n) if i not in side]),
            }
        )
        scales.append(land.energy_scale)
        f = np.array(
            [
                land.delta(cfg, k) / (2 * land.sizes[k]) if land.k == 2 else 0.0
                for k in range(land.n)
            ]
        )
        ax.plot(
            np.arange(land.n) + off,
            f,
            linestyle="none",
            marker=marker,
            markersize=5,
            color=color,
            label=f"{label} the changes ({MARKER_NAMES[marker]})",
        )
    ax.set_xticks(
        np.arange(before.n),
        [_figure_name(inst, i) for i in range(before.n)],
        rotation=90,
        fontsize=7,
    )
    category_separators(ax, before.n, axis="x")
    ax.set_xlim(-0.5, before.n - 0.5)
    ax.set_ylabel("stability margin (frustration increase if it switched)")
    legend_below(fig, ax, ncol=2, fontsize=8)
    changes = "; ".join(
        f"{c.a}-{c.b} {'+' if (c.delta or 0) >= 0 else ''}"
        f"{c.delta if c.delta is not None else '= ' + str(c.value)}"
        f"{' (' + c.note + ')' if c.note else ''}"
        for c in spec.changes
    )
    return Section(
        id=f"align-scenario-{sid}",
        title=f"Alignment in scenario {title}",
        question=SEED_FRAMEWORK,
        model=MODEL,
        assumptions=assumptions([inst], wars) + [f"Scenario changes: {changes or 'none'}."],
        sources=SOURCES,
        figures=[
            Figure(
                "Stability margins before and after the scenario's changes",
                svg_from_matplotlib(fig),
                "Two coalitions; exact global minima. One mark per actor before the "
                f"scenario's changes ({MARKER_NAMES[MARKERS[0]]}) and after them "
                f"({MARKER_NAMES[MARKERS[1]]}), side by side; no line joins the actors, which "
                "are in no order.",
            )
        ],
        tables=[
            Table(
                "Global minimum before and after",
                pd.DataFrame(rows),
                scales={"energy": scales},
            )
        ],
    )


def build(ctx: ReportContext) -> list[Section]:
    """Alignment sections for 2001 and the latest year of the built-in instances, the back-test
    against history, the Japan-China option, and one section per scenario that has an ``align``
    section (:class:`anpo.align.scenario.AlignScenario`)."""
    from anpo.align import io

    names = [b for b in io.book_names() if b.startswith("asia_pacific_")]
    gdp = None
    cat = ctx.catalog()
    if cat is not None:
        from anpo.align.recipe import gdp_from_sipri
        from anpo.errors import AnpoError

        try:
            sipri = cat.read_or_none("sipri")
            gdp = None if sipri is None else gdp_from_sipri(sipri)
        except AnpoError:
            gdp = None
    results = []
    for name in sorted(names, key=lambda b: int(b.rsplit("_", 1)[1])):
        ctx.progress(f"alignment: {name}")
        results.append(analyse(io.read_book(name), gdp=gdp))
    back, res = _backtest_run(ctx)
    bt_sources = None if res is None else res.sources
    wars = fit_wars(res)
    sections = [_alignment_section(a, wars) for a in results]
    for sec, a in zip(sections, results, strict=True):
        note = instance_versions_note(a["inst"], bt_sources)
        if note:
            sec.notes.append(note)
    _with_validated_accuracy(sections, back)
    sections.append(back)
    if results:
        sections.append(_china_section(results, wars))
    for scen in ctx.scenarios:
        spec = scen.align
        if spec is None:
            continue
        sid, title = scen.scenario.id, scen.scenario.title
        ctx.progress(f"alignment: scenario {sid}")
        sections.append(_scenario_section(sid, title, spec, wars))
    return sections


def instance_versions_note(inst: Any, back: Mapping[str, tuple[str, str]] | None) -> str:
    """The dataset versions an instance was built from (its provenance's ``dataset_*``) and,
    when the back-test ran (``back``: its dataset key -> (dataset, version),
    :attr:`anpo.align.backtest.Backtest.sources`), whether it used the same ones: a reader sees
    both sets when they differ. Empty when the provenance names no dataset."""
    prov = {
        str(k).removeprefix("dataset_"): str(v).strip()
        for k, v in (getattr(inst, "provenance", None) or {}).items()
        if str(k).startswith("dataset_") and str(v).strip()
    }
    if not prov:
        return ""
    text = f"The instance was built from {', '.join(prov.values())} (its provenance)."
    if not back:
        return text
    diff = []
    for key, (name, version) in back.items():
        used = f"{name} {version}".strip()
        if key in prov and prov[key] != used:
            diff.append(f"{used} instead of {prov[key]}")
    unread = [v for k, v in prov.items() if k not in back]
    if diff:
        return text + (
            " The back-test section ran on this catalog's versions, which differ: "
            + join_words(diff)
            + "; the recipe's validated accuracy quoted here is from that run."
        )
    if not unread:
        return text + " The back-test section ran on the same versions of these datasets."
    if len(unread) == len(prov):
        return text + " The back-test section read none of these datasets."
    return text + (
        " The back-test section ran on the same versions of the others; it did not read "
        + "; ".join(unread)
        + "."
    )


def _with_validated_accuracy(sections: list[Section], back: Section) -> None:
    """Each prediction section states the recipe's validated accuracy next to its answer: the
    back-test's generated finding when it ran, else that it needs the war data (a rule that
    turns data into sides reports how well it does on history)."""
    if back.findings and not back.needs_data:
        note = (
            "The recipe's validated accuracy (leave-one-war-out back-test on the multi-state "
            f"wars): {back.findings[0].answer[:1].lower()}{back.findings[0].answer[1:]}"
        )
    else:
        note = (
            "The recipe's validated accuracy (leave-one-war-out back-test on the multi-state "
            "wars) is not computed in this report: the back-test needs the war data."
        )
    for sec in sections:
        sec.caveat = f"{sec.caveat.rstrip()} {note}".strip()
        for f in sec.findings:
            f.confidence = f"{f.confidence.rstrip()} {note}".strip()


def _one_against_many(participants: pd.DataFrame, warnum: int = 211) -> str:
    """The Gulf War (COW ``warnum`` 211) as the back-test scored it, when one state stood alone
    on a side: ``" (the Gulf War: 13 states against Iraq)"``; empty otherwise.

    >>> parts = pd.DataFrame({"warnum": [211] * 3, "war": ["Gulf War"] * 3,
    ...                       "state": ["A", "B", "Iraq"], "side": [1, 1, 2]})
    >>> _one_against_many(parts)
    ' (the Gulf War: 2 states against Iraq)'
    """
    sub = participants[participants["warnum"] == warnum]
    counts = sub["side"].value_counts()
    if len(counts) != 2 or int(counts.min()) != 1:
        return ""
    lone = sub.loc[sub["side"] == counts.idxmin(), "state"].iloc[0]
    return f" (the {sub['war'].iloc[0]}: {count_noun(int(counts.max()), 'state')} against {lone})"


def _lags(table: pd.DataFrame) -> list[int]:
    """The data years (lags before onset) the rows of a back-test table use, ascending."""
    return sorted({int(x) for x in table["lag"]})


def _recipes_and_lags(table: pd.DataFrame) -> str:
    """The recipes and data years a held-out choice table compares, in words, from the table.

    >>> _recipes_and_lags(pd.DataFrame({"recipe": ["r/2", "r/3", "r/2"], "lag": [1, 1, 3]}))
    'recipes 2 and 3 with data of the year before onset and 3 years before onset'
    """
    recipes = sorted({str(r).rsplit("/", 1)[-1] for r in table["recipe"]})
    lags = _lags(table)
    return (
        ("recipe " if len(recipes) == 1 else "recipes ")
        + join_words(recipes)
        + f" with data of {join_words([lag_words(x) for x in lags])}"
    )


def _lag_table_head(lags: Sequence[int]) -> list[str]:
    """The head of the README's recipe x data-year table, one column a data year.

    >>> _lag_table_head([1, 3])[0]
    '| held out, mean balanced accuracy | data of the year before onset | data of 3 years before onset |'
    """
    return [
        "| held out, mean balanced accuracy | "
        + " | ".join(f"data of {lag_words(lag)}" for lag in lags)
        + " |",
        "|" + "---|" * (len(lags) + 1),
    ]


def _pick_words(rid: str, lag: int) -> str:
    """'recipe 2 with data of the year before onset'."""
    from anpo.align.backtest import lag_words

    return f"recipe {rid.rsplit('/', 1)[-1]} with data of {lag_words(lag)}"


def versions_sentence(res: Any) -> str:
    """The datasets and versions a back-test was computed on, from its sources."""
    from anpo.align.backtest import source_words

    return f"Computed on {source_words(res.sources)}."


def choice_sentence(res: Any) -> str | None:
    """When the held-out rule's pick on ``res``'s data differs from the shipped default
    (:data:`anpo.align.recipe.RECIPE_ID`, :data:`anpo.align.backtest.DEFAULT_LAG`), one
    generated sentence saying so: the default was chosen by the same rule on the versions of
    :data:`anpo.align.recipe.DEFAULT_CHOSEN_ON`; on these data the rule picks another. None
    when the pick is the default or no pick was computed."""
    from anpo.align import recipe as rc
    from anpo.align.backtest import DEFAULT_LAG, source_words

    if res.choice is None or res.choice_matches_default():
        return None
    diff = res.versions_differing()
    protocol = res.protocol_differing()
    here = (
        f"on these data ({source_words(res.sources, diff)} instead)"
        if diff
        else "on the same versions"
    )
    if protocol:  # the pick answers another question, whatever the versions
        here = f"with {join_words(protocol)}" + (
            f" and on these data ({source_words(res.sources, diff)} instead)" if diff else ""
        )
    return (
        f"The shipped default, {_pick_words(rc.RECIPE_ID, DEFAULT_LAG)}, was chosen by this "
        f"same held-out rule on {source_words(rc.DEFAULT_CHOSEN_ON, diff or None)}; {here} the "
        f"rule picks {_pick_words(res.choice[0], int(res.choice[1]))}. The default is kept, not "
        "re-chosen for each catalog's data."
    )


#: Markers of the README block written by :func:`backtest_markdown` (tools/align_backtest_readme.py).
README_BEGIN = "<!-- align-backtest:begin (generated by tools/align_backtest_readme.py) -->"
README_END = "<!-- align-backtest:end -->"


def versions_markdown(res: Any, variants: Sequence[Any]) -> list[str]:
    """The robustness of the back-test to the data versions, generated: one table row per run
    (``res`` and each of ``variants``, back-tests of the same protocol on other versions of some
    datasets) with recipe 2 and 3 held out, the held-out rule's pick, the Second World War in
    Europe and Axelrod & Bennett's seventeen, and a sentence on whether the pick depends on the
    versions (the shipped default is not re-chosen)."""
    from anpo.align import recipe as rc
    from anpo.align.backtest import DEFAULT_LAG, HEADLINE, source_words

    if not variants:
        return []

    def held(r: Any, key: str) -> str:
        s = r.war.summary().get(key)
        if not s or s["pooled"] is None:
            return "-"
        return (
            f"{s['correct']} of {s['participants']} ({fmt_share(s['pooled'], decimals=0)}), "
            f"{s['mean_balanced']:.2f}"
        )

    def label(r: Any, in_prose: bool = False) -> str:
        diff = [k for k, v in r.sources.items() if res.sources.get(k) != v]
        if not diff:
            return "the versions above"
        if not in_prose:
            return source_words(r.sources, diff)
        return "with " + join_words([source_words(r.sources, [k]) for k in diff])

    ww2 = res.axelrod_bennett or {}
    lines = [
        "",
        "| data versions | recipe 2, held out: placed right, mean balanced | recipe 3, held out |"
        " the rule's pick | Second World War, European participants, recipe 2 held out"
        + (f" (data {ww2['data_year']})" if ww2.get("data_year") else "")
        + " | Axelrod & Bennett's 17, the default held out |",
        "|---|---|---|---|---|---|",
    ]
    picks = []
    for r in (res, *variants):
        pick = "-" if r.choice is None else _pick_words(r.choice[0], int(r.choice[1]))
        picks.append((label(r, in_prose=True), pick))
        ab = r.axelrod_bennett or {}
        h = ab.get(HEADLINE)
        a17 = (r.ab17 or {}).get("headline")
        lines.append(
            f"| {label(r)} | {held(r, 'recipe2_held_out')} | {held(r, 'recipe3_held_out')} | "
            f"{pick} | "
            + (f"{h['correct']} of {ab['participants']}" if h else "-")
            + " | "
            + (
                f"{a17['correct']} of {a17['participants']} (data {a17['data_year']})"
                if a17
                else "-"
            )
            + " |"
        )
    default = _pick_words(rc.RECIPE_ID, DEFAULT_LAG)
    if len({p for _, p in picks}) == 1:
        verdict = f"On every version tried the held-out rule picks {picks[0][1]}."
    else:
        verdict = (
            "The held-out rule's pick depends on the data versions: "
            + "; ".join(
                f"{p} {'on ' if lab == 'the versions above' else ''}{lab}" for lab, p in picks
            )
            + f". The shipped default stays {default}: the rule chose it on "
            + join_words(
                [source_words(rc.DEFAULT_CHOSEN_ON, [k]) for k in _differing_keys(res, variants)]
            )
            + ", and it is not re-chosen for other versions."
        )
    return [*lines, "", verdict]


def _differing_keys(res: Any, variants: Sequence[Any]) -> list[str]:
    """The dataset keys whose version differs between ``res`` and any of ``variants``."""
    keys: list[str] = []
    for r in variants:
        for k, v in r.sources.items():
            if res.sources.get(k) != v and k not in keys:
                keys.append(k)
    return keys


def backtest_markdown(res: Any, variants: Sequence[Any] = ()) -> str:
    """The README's back-test tables and verdict, generated from a :func:`anpo.align.backtest.run`
    result (every number computed; tools/align_backtest_readme.py writes it between
    :data:`README_BEGIN` and :data:`README_END`, and a test checks the README holds it), headed
    by the datasets and versions it was computed on; ``variants``: the same back-test on other
    versions of some datasets (:func:`versions_markdown`)."""
    from anpo.align.backtest import HEADLINE, PREDICTORS

    w = res.war
    summ = w.summary()
    n_wars = summ[HEADLINE]["wars"]
    lines = [
        versions_sentence(res),
        "",
        f"| predictor ({n_wars} wars, {summ[HEADLINE]['participants']} participants, data of "
        f"the year{'' if w.lag == 1 else 's'} before onset) | placed right | mean balanced "
        "accuracy |",
        "|---|---|---|",
    ]
    for key in PREDICTORS:
        s = summ.get(key)
        if not s or s["pooled"] is None:
            continue
        bal = f"{s['mean_balanced']:.2f}"
        lines.append(
            f"| {_PREDICTOR_WORDS[key]} | {s['correct']} ({fmt_share(s['pooled'], decimals=0)}) | "
            + (f"**{bal}**" if key == HEADLINE else bal)
            + " |"
        )
    if res.choice is not None:
        rid, clag, table = res.choice
        lags = _lags(table)
        lines += [
            "",
            *_lag_table_head(lags),
        ]
        for recipe in sorted(set(table["recipe"])):
            sub = table[table["recipe"] == recipe].set_index("lag")
            cells = []
            for lag in lags:
                if lag not in sub.index:
                    cells.append("-")
                    continue
                r = sub.loc[lag]
                cell = (
                    f"{r['held_out_common']:.2f} ({int(r['common_wars'])} wars; all "
                    f"{int(r['wars'])}: {r['held_out_all']:.2f})"
                )
                cells.append(f"**{cell}**" if (recipe, lag) == (rid, clag) else cell)
            lines.append(f"| recipe {recipe.rsplit('/', 1)[-1]} | " + " | ".join(cells) + " |")
        ns = res.nested_summary()
        if ns:
            lines += [
                "",
                f"Held-out choice: recipe {rid.rsplit('/', 1)[-1]} with data of "
                f"{'the year' if clag == 1 else f'{clag} years'} before onset (bold). With the "
                f"recipe and the data year chosen inside each fold instead (by the fit on the "
                f"other wars), {ns['correct']} of {ns['participants']} participants are placed "
                f"right held out, mean balanced accuracy {ns['mean_balanced']:.2f}.",
            ]
    lines += versions_markdown(res, variants)
    named = w.wars[w.wars["warnum"].isin([106, 139, 151, 211])]
    parts = w.participants
    lines += [
        "",
        "| war (sides) | held out | misplaced (held out) | balanced: held out / alliance / "
        "capability |",
        "|---|---|---|---|",
    ]
    for rec in named.to_dict("records"):
        sub = parts[parts["warnum"] == rec["warnum"]]
        # as named at the onset (the back-test's participants' names)
        wrong = [
            str(name)
            for name, ok in zip(sub["state"], sub[f"correct_{HEADLINE}"], strict=True)
            if ok is not None and not ok
        ]
        lines.append(
            f"| {rec['war']}, {rec['onset']} ({rec['sides']}) | {int(rec[HEADLINE])} of "
            f"{rec['participants']} | {', '.join(wrong) or 'none'} | "
            f"{rec[HEADLINE + '_balanced']:.2f} / {rec['alliance_balanced']:.2f} / "
            f"{rec['capability_balanced']:.2f} |"
        )
    abs_ = {lg: ab for lg, ab in res.ab_by_lag.items() if ab}
    lags = sorted(abs_)
    lines += [
        "",
        "| Second World War, European participants | "
        + " | ".join(f"data {abs_[lg]['data_year']}" for lg in lags)
        + " |",
        "|---|" + "---|" * len(lags),
    ]
    for key in _RECIPE_ROWS:
        cells = []
        for lg in lags:
            h = abs_[lg].get(key)
            if not h:
                cells.append("-")
                continue
            n = abs_[lg]["participants"]
            cells.append(
                f"{h['correct']} of {n} (misplaced: "
                f"{', '.join(h['misplaced']) if h['misplaced'] else 'none'})"
            )
        lines.append(f"| {_PREDICTOR_WORDS[key]} | " + " | ".join(cells) + " |")
    ab = res.axelrod_bennett
    if ab and ab.get(HEADLINE):
        held = [
            (lg, key, a[key])
            for lg, a in abs_.items()
            for key in ("recipe2_held_out", "recipe3_held_out")
            if a.get(key)
        ]
        met = [
            f"recipe {k[6]} with {abs_[lg]['data_year']} data"
            for lg, k, h in held
            if h["meets_bar"]
        ]
        best = max(held, key=lambda t: t[2]["share"])
        lines += [
            "",
            (
                f"**Axelrod & Bennett's bar ({AB_BAR}, {fmt_share(AB_BAR_SHARE, decimals=0)}) is met held out"
                + (f" by {join_words(met)}.**" if met else ".**")
                if ab["meets_bar"] or met
                else f"**Axelrod & Bennett's bar ({AB_BAR}, {fmt_share(AB_BAR_SHARE, decimals=0)}) is not "
                "met held out** by any "
                f"recipe or data year tried: the best held-out placement is {best[2]['correct']}"
                f" of {abs_[best[0]]['participants']} ({fmt_share(best[2]['share'], decimals=0)})."
            ),
        ]
    if res.ab17:
        t17 = ab17_table(res.ab17)
        lines += [
            "",
            "| Axelrod & Bennett's own 17 nations and sides | "
            + " | ".join(c for c in t17.columns if c != "predictor")
            + " |",
            "|---|" + "---|" * (len(t17.columns) - 1),
        ]
        for rec in t17.to_dict("records"):
            lines.append("| " + " | ".join(str(v) for v in rec.values()) + " |")
        lines += ["", ab17_sentence(res.ab17)]
    pt = res.peacetime
    if pt is not None and not pt.empty:
        blocs = pt[pt["target"].str.startswith("ATOP")]
        clus = pt[pt["target"].str.startswith("UN")]

        def share(frame: pd.DataFrame, col: str) -> str:
            return fmt_share(frame[col].sum() / frame["scored"].sum(), decimals=0)

        lines += [
            "",
            f"Peacetime ({', '.join(sorted({str(y) for y in pt['year']}))}; the Asia-Pacific and "
            "the Euro-Atlantic states; held out by construction, the weights being fitted on wars "
            "only): without the factor that defines the target, the default recipe places "
            f"{share(blocs, 'without_factor')} of the states in the two largest ATOP "
            f"defense-pact blocs right (everyone on one side: {share(blocs, 'majority')}, "
            f"capability alone: {share(blocs, 'capability')}) and "
            f"{share(clus, 'without_factor')} of the states in the two UN-voting clusters "
            f"({share(clus, 'majority')}, {share(clus, 'capability')}).",
        ]
    return "\n".join(lines) + "\n"
