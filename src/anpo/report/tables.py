"""Table helpers of the report: plain-language headers and "define before use" tables.

* :func:`plain_header` turns a data column name (``p_arrive_ge_1``, ``fss_lua``) into a header a
  reader understands; the page applies it to every table it shows, the CSV files keep the names.
* :func:`definition_table` builds a small table that defines terms (variants, measures, inputs)
  before a section uses them.

The deterrence section defines its variants itself (``anpo.deterrence.report``: the variants
table, with the inputs table of its appendix for every figure's source).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from anpo.report.format import upper_first
from anpo.report.sections import Table

GLOSSARY: dict[str, str] = {
    "year": "Year",
    "variant": "Variant",
    "scenario": "Scenario",
    "dyad": "Dyad",
    "territory": "Territory",
    "covered": "Covered by a defense",
    "ally_covered": "Ally covered",
    # the warheads of the rival's force components in the scenario file, whatever their range
    # (the U.S. row of a dyad counts regional missiles that cannot reach the United States:
    # compare the arrivals and P columns); not the rival's stockpile (review16 R11: Russia 2001's
    # components carry 4,712 of a stockpile the file puts at 11,152)
    "rival_warheads": "Rival's modelled warheads (the scenario's forces, any range)",
    "rival_launchers": "Rival's launchers",
    "defender_launchers": "Defender's launchers",
    # the modelled warheads of rival_warheads that survive: 'all ranges' read as all of the
    # rival's warheads (its stockpile), which rival_warheads' header already says they are not
    "survivors_expected": "Rival's modelled warheads surviving a first strike (expected; the scenario's forces, any range)",
    "arrivals_expected": "Warheads reaching the territory if every survivor that can reach it is fired at it (expected)",
    # the growth component's launchers in the variant's own forces (0 where the variant does
    # not add it): 'today' misread a 2001 variant or a 2030 projection
    "current_launchers": "Launchers held in the variant",
    "counterforce_level": "Defender's first-strike warheads per launcher of it",
    "growth_component": "Force the rival grows",
    # the force's name beside its id (anpo.deterrence.report._with_names), in the words of the
    # id's header ('Growth component name' was the data name with spaces)
    "growth_component_name": "Force the rival grows (name)",
    "fss": "First-strike stability",
    "fss_lua": "First-strike stability with launch under attack",
    "schelling": "Schelling's reciprocal-fear index",
    "ally_exposure": "Ally's exposure",
    # the extended-deterrence columns (Wilkening & Watman 1995 sequence): exposure and price are
    # P(at least m warheads arrive), damage the expected fraction of value destroyed
    "ally_exposure_undefended": "Ally's exposure, undefended",
    "ally_attack_warheads": "Warheads in the rival's strike on the ally",
    "ally_damage": "Ally's damage (expected share of value)",
    "ally_damage_undefended": "Ally's damage, undefended",
    "reserve_warheads": "Rival's warheads held back",
    "patron_price": "Patron's price",
    "patron_price_undefended": "Patron's price, undefended",
    "patron_price_reserve_intact": "Patron's price if it spared the rival's forces",
    "price_change_by_defense": "Change of the price by the defenses",
    "patron_damage": "Patron's damage (expected share of value)",
    "patron_damage_undefended": "Patron's damage, undefended",
    "undefined_reason": "Why the exposure or price is undefined",
    "incentive_defender": "Defender's first-strike incentive (C2 - C1)",
    "incentive_rival": "Rival's first-strike incentive (C2 - C1)",
    "incentive_defender_lua": "Defender's incentive with launch under attack",
    "incentive_rival_lua": "Rival's incentive with launch under attack",
    # each variant's own measure (anpo.deterrence.questions.own_stability): with launch under
    # attack where a side has launchers on that posture
    "fss_own": "First-strike stability under the variant's postures",
    "incentive_defender_own": "Defender's first-strike incentive under the variant's postures",
    "incentive_rival_own": "Rival's first-strike incentive under the variant's postures",
    "postures": "Postures of the figures",
    "lua_sides": "Sides with forces on launch under attack",
    "own_convention": "The variant's own measure (lua: the launch-under-attack columns)",
    "c1_defender": "Defender's cost striking first (C1)",
    "c2_defender": "Defender's cost struck first (C2)",
    "c1_rival": "Rival's cost striking first (C1)",
    "c2_rival": "Rival's cost struck first (C2)",
    "fss_reason": "Why the index is undefined",
    # what the numbers of 'DF-5A ICBM: 8' count (exchange.StrikeResult.allocation)
    "defender_allocation": "Defender's first strike: warheads per vulnerable launcher, by force",
    "allocation_reason": "Why the defender's first strike has no target",
    "patron_exposure": "Patron's exposure",
    "gap_ally_minus_patron": "Ally's minus patron's exposure",
    "ally_if_uncovered": "Ally's exposure if uncovered",
    "ally_if_covered_by_patron_layers": "Ally's exposure if covered by the patron's layers",
    "draws": "Monte Carlo draws",
    "ccode": "COW code",
    "stateabb": "COW abbreviation",
    "milex": "Military expenditure",
    "milper": "Military personnel",
    "cinc": "Composite capability index (CINC)",
    "un": "UN voting",
    "fy": "Fiscal year",
    "n": "Number",
}
"""Plain-language headers of the data columns the report commonly shows."""

_PCT = {"p05": "5th percentile", "p50": "median", "p95": "95th percentile"}


def plain_header(column: Any, glossary: Mapping[str, str] | None = None) -> str:
    """A reader's header for a data column name.

    Names in ``glossary`` (then :data:`GLOSSARY`) win; ``p_arrive_ge_N`` reads "P(at least N
    warheads arrive)"; percentile suffixes are spelled out; other snake_case names get spaces and a
    capital; a name that is already plain text is kept.

    >>> plain_header("p_arrive_ge_5"), plain_header("fss_p05"), plain_header("basin share")
    ('P(at least 5 warheads arrive)', 'First-strike stability, 5th percentile', 'basin share')
    >>> plain_header("rival_warheads"), plain_header("launchers_needed")
    ("Rival's modelled warheads (the scenario's forces, any range)", 'Launchers needed')
    >>> plain_header("defender_allocation")
    "Defender's first strike: warheads per vulnerable launcher, by force"
    """
    name = str(column)
    for table in (glossary or {}, GLOSSARY):
        if name in table:
            return table[name]
    m = re.fullmatch(r"p_arrive_ge_(\d+)", name)
    if m:
        n = int(m.group(1))
        return f"P(at least {n} warhead{'s' if n != 1 else ''} arrive{'s' if n == 1 else ''})"
    m = re.fullmatch(r"(.+)_(p\d\d)", name)
    if m and m.group(2) in _PCT:
        base = plain_header(m.group(1), glossary)
        return f"{upper_first(base)}, {_PCT[m.group(2)]}"
    if "_" in name and " " not in name:
        words = name.replace("_", " ").strip()
        return upper_first(words)
    return name


def plain_headers(frame: pd.DataFrame, glossary: Mapping[str, str] | None = None) -> list[str]:
    """:func:`plain_header` of every column of ``frame`` (duplicates keep the data name). A
    ``frame`` that is no DataFrame: an :class:`~anpo.errors.InputError` naming it
    (``'dict' object has no attribute 'columns'`` before)."""
    from anpo._checks import table

    table("frame", frame)
    heads = [plain_header(c, glossary) for c in frame.columns]
    seen: dict[str, int] = {}
    for h in heads:
        seen[h] = seen.get(h, 0) + 1
    return [h if seen[h] == 1 else str(c) for h, c in zip(heads, frame.columns, strict=True)]


def definition_table(
    title: str,
    terms: Mapping[str, Mapping[str, Any]],
    *,
    term_header: str = "Term",
    caption: str = "",
    name: str = "",
) -> Table:
    """A small table defining ``terms`` (one row per term, one column per property).

    >>> t = definition_table("Variants", {"mad": {"Defenses": "none"}}, term_header="Variant")
    >>> t.frame.to_dict("records")
    [{'Variant': 'mad', 'Defenses': 'none'}]
    """
    rows = [{term_header: term, **dict(props)} for term, props in terms.items()]
    return Table(title, pd.DataFrame(rows), caption, name)


#: What each data column of the report's CSV files holds, for the column dictionary
#: (:data:`COLUMNS_FILE`, its ``definition`` column): a reader of the CSV files alone had the
#: header, kind and scale of a column, not what it measures ('Warheads needed', 'Shots per object',
#: 'Launchers full doctrine' were defined nowhere: rep30). A table's own ``definitions`` win;
#: :func:`column_definition` reads these, then the patterns of its names.
DEFINITIONS: dict[str, str] = {
    # keys and names shared by many tables
    "year": "the year the scenario, row or fiscal year describes",
    "scenario": "the scenario file's id (a join key)",
    "scenario_title": "the scenario file's title",
    "variant": "the variant's id in its scenario file (a join key; with the year, it names one variant)",
    "variant_name": "the variant's short name, as the page names it",
    "dyad": "the pair of rivals, defender first (the scenario file's label of the dyad)",
    "defender": "the dyad's defender, named first: the exposure and reaction measures assume its first strike and its defenses; the stability rows give each side's first strike",
    "rival": "the dyad's rival, the side whose retaliation the measures follow",
    "side": "the side of the dyad whose costs the row gives",
    "territory": "the territory the row's warheads are aimed at (the defender's homeland or its ally)",
    "territory_name": "the territory the row's warheads are aimed at, by name",
    "covered": "whether a missile-defense layer of the variant covers the territory against the rival's missiles",
    "source": "where the row's figures come from",
    "note": "a remark on the row",
    "notes": "remarks on the row's computation",
    "m": "the number of warheads the probabilities of the row count (at least m)",
    "future": "the future's id (a join key)",
    "future title": "the future's title",
    "description": "the contribution in words",
    # deterrence: exposure
    "rival_warheads": "warheads on the rival's force components in the scenario, whatever their range",
    "survivors_expected": "expected number of the rival's warheads surviving the defender's counterforce first strike",
    "arrivals_expected": "expected number of warheads reaching the territory if every survivor that can reach it is fired at it, through the defenses covering it",
    # deterrence: first-strike stability (Kent & Thaler 1989)
    "c1_defender": "the defender's expected Kent-Thaler cost of striking first (C1), without launch under attack",
    "c2_defender": "the defender's expected Kent-Thaler cost of being struck first (C2), without launch under attack",
    "incentive_defender": "the defender's first-strike incentive C2 - C1 (positive: it gains by striking first), without launch under attack",
    "c1_rival": "the rival's expected Kent-Thaler cost of striking first (C1), without launch under attack",
    "c2_rival": "the rival's expected Kent-Thaler cost of being struck first (C2), without launch under attack",
    "incentive_rival": "the rival's first-strike incentive C2 - C1, without launch under attack",
    "fss": "Kent-Thaler first-strike stability index (0 to 1; 1: neither side gains by striking first), without launch under attack; empty where undefined",
    "fss_reason": "why the first-strike stability index is undefined (empty where it is defined)",
    "fss_lua": "the first-strike stability index with launch under attack by the sides that launch under attack (lua_sides)",
    "incentive_defender_lua": "the defender's first-strike incentive with launch under attack",
    "incentive_rival_lua": "the rival's first-strike incentive with launch under attack",
    "fss_own": "the first-strike stability index under the variant's own postures (with launch under attack where a side has launchers on that posture reaching an opponent that has deliverable warheads)",
    "incentive_defender_own": "the defender's first-strike incentive under the variant's own postures",
    "incentive_rival_own": "the rival's first-strike incentive under the variant's own postures",
    "postures": "which postures the row's measures assume",
    "defender_allocation": "the defender's counterforce first strike: warheads per vulnerable launcher, by the rival's force that can reach it; empty where there is nothing to target",
    "allocation_reason": "why the defender's first strike has no target (empty where it has)",
    "allocation_search": "how the defender's allocation was found (every allocation tried, or a search)",
    "lua_sides": "the sides that launch under attack in the variant: launchers on that posture reaching an opponent that has deliverable warheads",
    "own_convention": "which measures are the variant's own: lua, those with launch under attack (a side has launchers on that posture reaching an opponent that has deliverable warheads); no-lua, those without (no side has); lua-not-computed, a side launches under attack but the measures with it were not computed",
    "convention": "the launch-under-attack convention of the row's costs (lua: with launch under attack; plain: without)",
    # deterrence: the variants table and the MAD launchers of the classics
    "active defense layers": "the defense layers the variant activates: each one's interceptors, single-shot kill probability (SSPK) and the territories it covers ('none': no layer)",
    "force changes": "the forces the variant adds to or removes from the scenario file's ('none': no change)",
    "defender_launchers": "the defender's launchers that can reach the rival in the MAD variant",
    "rival_launchers": "the rival's launchers that can reach the defender in the MAD variant",
    # deterrence: reaction curves
    "growth_component": "the id of the rival's force component the reaction curve grows",
    "growth_component_name": "the name of the rival's force component the reaction curve grows",
    "interceptors": "the defender's interceptor count of the varied layer at this point of the curve",
    "launchers_needed": "launchers of the growth component (existing ones included) the rival needs for P(at least m warheads arrive) >= q after the defender's first strike; -1: no force up to the search limit meets the goal",
    "current_launchers": "launchers of the growth component the variant holds (0 where it does not field the component)",
    "counterforce_level": "the defender's first-strike warheads per launcher of the growth component (where the variant holds no launcher of it that the strike can hit, the exchange's choice against the smallest force of it with one; 0: its launchers are never struck)",
    "layer": "the defense layer whose interceptor count the curve varies",
    "layer_borrowed": "whether the variant lacks that layer and the curve borrows it from the scenario file",
    "layer_terms": "the varied layer's parameters (SSPK, shots per object, reliability, discrimination)",
    "silo_defense_unapplied": "the rival's silo defense the exchange applies and the curve leaves out (its counts are then upper bounds); empty where the rival has none",
    "warheads_needed": "warheads on the launchers needed (launchers needed times the growth component's warheads per launcher); -1 where no force meets the goal",
    "launchers_full_doctrine": "the curve's ceiling: launchers needed when the varied layer has interceptors enough to fire its full doctrine at every object it engages (an unlimited inventory); -1 where no force up to the search limit meets the goal even then",
    "shots_per_object": "interceptors the varied layer's full doctrine fires at each object it engages (shots plus the second shots of shoot-look-shoot)",
    # deterrence: extended deterrence (Wilkening & Watman 1995)
    "patron": "the state extending its guarantee to the ally",
    "ally": "the state under the patron's guarantee",
    "ally_attack_warheads": "warheads in the rival's strike on the ally",
    "ally_exposure": "the ally's exposure: P(at least m of the rival's warheads reach the ally) through the defenses covering it",
    "ally_exposure_undefended": "the ally's exposure without any missile defense of territory (a defense of silos stays: the undefended exchange strips only the layers defending value)",
    "ally_damage": "the ally's expected share of value destroyed by the rival's strike",
    "ally_damage_undefended": "the ally's expected share of value destroyed without any missile defense of territory (a defense of silos stays: the undefended exchange strips only the layers defending value)",
    "reserve_warheads": "the rival's warheads held back from the strike on the ally",
    "patron_price": "the patron's price of honouring its guarantee: P(at least m of the rival's warheads reach the patron) after the patron's response, through its defenses",
    "patron_price_undefended": "the patron's price without any missile defense of territory (a defense of silos stays: the undefended exchange strips only the layers defending value)",
    "patron_price_reserve_intact": "the patron's price if its response spared the rival's forces",
    "price_change_by_defense": "the patron's price with the defenses minus without them",
    "patron_damage": "the patron's expected share of value destroyed by the rival's retaliation",
    "patron_damage_undefended": "the patron's expected share of value destroyed without any missile defense of territory (a defense of silos stays: the undefended exchange strips only the layers defending value)",
    "undefined_reason": "why the exposure or price is undefined (empty where defined)",
    # deterrence: inputs and bands
    "kind": "what the row describes (a force or a defense layer)",
    "owner": "the state that holds the force or layer",
    "name": "the force's or layer's name",
    "launchers or interceptors": "launchers of a force, interceptors of a layer",
    "warheads per launcher": "warheads each launcher carries",
    "survivable share or SSPK": "a force's share of launchers surviving a first strike; a layer's single-shot kill probability",
    "reaches or covers": "the territories a force can reach, or a layer covers",
    "posture": "a force's launch posture (launch under attack, or riding out a first strike)",
    "decoys per RV": "decoys each reentry vehicle carries",
    "shots per RV": "interceptors a layer fires at each object it engages",
    "reliability": "a layer's reliability (its sensors and battle management working), per raid or per RV as the cell says, and for a common-mode group its shared elements' per raid",
    "decoy discrimination": "a layer's probability of telling a decoy from a reentry vehicle",
    "in": "the variants that hold the force or layer",
    "input": "the uncertain input's name in the scenario file or the futures",
    "what it is (unit)": "what the input is, with its unit",
    "fields": "how many fields of the scenario file the input sets",
    "distribution": "the input's distribution over the draws",
    "basis": "the reason or source for the row's value",
    "point": "the point estimate, from the scenario file's own values",
    "p05": "the 5th percentile over the draws",
    "p50": "the median over the draws",
    "p95": "the 95th percentile over the draws",
    "above_limit": "the share of draws in which no force up to the search limit meets the goal",
    "draws": "the number of draws",
    # alignment (Axelrod & Bennett 1993 landscape theory)
    "state": "the first state of the pair",
    "partner": "the second state of the pair",
    "propensity p": "the pair's propensity to be on one side, the sum of the weighted factors beside it (positive: drawn together)",
    "alliance": "the alliance factor's term of the propensity (recipe weight times the pair's alliance value)",
    "rivalry": "the strategic-rivalry factor's term of the propensity",
    "disputes": "the militarized-disputes factor's term of the propensity",
    "un": "the UN-voting factor's term of the propensity",
    "regime": "the regime-similarity factor's term of the propensity",
    "contiguity": "the contiguity factor's term of the propensity",
    "U.S.-Japan side": "the states on the side of the United States and Japan in the configuration of least frustration",
    "local minima": "the number of configurations no single state can improve by switching sides",
    "basin of global minimum": "the share of starting configurations that descend to the configuration of least frustration",
    "option: change": "the Japan-China propensity change the option makes",
    "alignment changes": "whether the option's change moves any state to the other side",
    "threshold change": "the smallest Japan-China propensity change that moves a state to the other side",
    # burden sharing
    "member": "the member state",
    "in force from": "the date the membership took effect",
    "until": "the date the membership ended (empty: still a member)",
    "item": "the measure",
    "value": "the measure's value",
    "country": "the host country",
    "report": "the report the figures come from",
    "edition": "the report's edition",
    "fy": "Japan's fiscal year (April to March)",
    "hns_bn_yen": "Japan's host-nation support in the fiscal year, billion yen",
    "total": "host-nation support in the source's figure, billion yen",
    "approximate": "whether the source gives the figure as approximate",
    "primary": "whether the figure comes from an official table",
    "derived": "whether anpo derived the figure from others in the source",
    "settled_bn_yen": "host-nation support spent, from the settled accounts, billion yen",
    "settled_source": "the source of the settled figure",
    "sma_labor": "labour costs under the Special Measures Agreement, billion yen",
    "sma_utilities": "utilities costs under the Special Measures Agreement, billion yen",
    "sma_training": "training relocation costs under the Special Measures Agreement, billion yen",
    "fip": "the Facilities Improvement Program, billion yen",
    "sofa_labor": "labour costs Japan bears under the Status of Forces Agreement, billion yen",
    "labor_total": "labour costs under the SMA and the SOFA together, billion yen",
    "sma_training_equipment": "training equipment costs under the Special Measures Agreement, billion yen",
    "hns_real_bn_yen": "host-nation support in constant yen, billion",
    "jpy_per_usd_fy": "yen per U.S. dollar, fiscal-year mean",
    "hns_usd_bn": "host-nation support in U.S. dollars at the fiscal-year rate, billion",
    "gdp_bn_yen": "Japan's GDP in the fiscal year, billion yen",
    "share_of_gdp": "host-nation support as a share of GDP",
    "defense_bn_yen": "Japan's defense-related budget, billion yen",
    "share_of_defense": "host-nation support as a share of the defense budget",
    "saco_bn_yen": "SACO-related costs, counted apart from host-nation support, billion yen",
    "realignment_bn_yen": "U.S. forces realignment costs, counted apart from host-nation support, billion yen",
    "us_personnel": "U.S. service members stationed in the country",
    "hns_per_personnel_yen_m": "host-nation support per U.S. service member, million yen",
    "hns_per_personnel_usd_k": "host-nation support per U.S. service member, thousand U.S. dollars",
    "missing": "why a measure of the row is missing",
    "support_usd_bn": "the host's support of U.S. forces, billion U.S. dollars",
    "direct_usd_bn": "the host's direct (budgeted) support, billion U.S. dollars",
    "indirect_usd_bn": "the host's indirect support (forgone revenue), billion U.S. dollars",
    "offset_share": "the share of U.S. stationing costs, excluding military pay, the host's support offsets",
    "implied_nonpersonnel_cost_usd_bn": "U.S. stationing costs excluding military pay, implied by the support and its share, billion U.S. dollars",
    "per_personnel_usd_k": "the host's support per U.S. service member, thousand U.S. dollars",
    # law
    "contribution": "the contribution the U.S. might ask of Japan",
    "request (seed example)": "the seed's example of a U.S. request",
    "activity": "the activity's code in the law data (a join key)",
    "activity in words": "the activity in words",
    "situation": "the situation's code in the law data",
    "situation in words": "the situation in words",
    "location": "the place's code in the law data",
    "location in words": "the place in words",
    "status": "the legal status of the contribution: permitted, conditional, prohibited or without legal basis",
    "law": "the statute",
    "provision": "the provision of the statute",
    "change": "what the change does",
    "what it does": "what the provision does, in words",
    "wording before": "the provision's Japanese wording before the change (—: none)",
    "wording after": "the provision's Japanese wording after the change (—: none)",
    "basis before": "the provisions the status before rests on",
    "basis after": "the provisions the status after rests on",
    "Diet approval after": "the Diet approval the activity needs after the change",
    # futures
    "model": "the model the change applies to",
    "path in the scenario file": "the field of the scenario file the change sets",
    "outcome": "the scorecard outcome the sensitivity is of",
    "input in words": "the input in words",
    "S1": "first-order Sobol index: the share of the outcome's variance the input explains alone",
    "S1_conf": "95% confidence half-width of S1",
    "ST": "total Sobol index: the share of the outcome's variance the input explains with its interactions",
    "ST_conf": "95% confidence half-width of ST",
    # summary.csv, the key findings
    "section_number": "the section's number on the page",
    "section_id": "the section's id (its anchor on the page)",
    "section": "the section's title",
    "question": "the question the finding answers",
    "answer": "the finding's answer",
    "key_number": "the key number with its uncertainty",
    "confidence": "how confident the finding is, and why",
}

#: The column names made of a measure and a date, a year or a statistic, and what they hold
#: (:func:`column_definition`).
_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        r"p_arrive_ge_(\d+)",
        "P(at least {0} of the rival's warheads reach the territory) after the defender's counterforce first strike, through the defenses covering it",
    ),
    (r"P\(>=(\d+)\) (point|p05|p50|p95)", "P(at least {0} warheads arrive): {1!s}"),
    (r"(striking first|struck first|first-strike incentive) (point|p05|p50|p95)", "{0!s}: {1!s}"),
    (
        r"(.+) P\(>=1 reaches the defender's homeland\)",
        "P(at least 1 warhead of the {0} dyad's rival reaches the defender's homeland) after the defender's counterforce first strike",
    ),
    (
        r"status (\d{4}-\d\d-\d\d).*",
        "the legal status on {0}: permitted, conditional, prohibited or without legal basis",
    ),
    (r"why (\d{4}-\d\d-\d\d)", "the provisions the status on {0} rests on"),
    (
        r"conditions (\d{4}-\d\d-\d\d)",
        "the legal conditions that apply on {0} ( | between them; —: none)",
    ),
    (r"Diet approval (\d{4}-\d\d-\d\d)", "the Diet approval the activity needs on {0}"),
    (r"assessed as \((\d{4}-\d\d-\d\d)\)", "the situation the request is assessed in on {0}"),
    (
        r"situation (\d{4}-\d\d-\d\d) → (\d{4}-\d\d-\d\d)",
        "the situation on {0} and its successor on {1}",
    ),
    (r"before \((\d{4}-\d\d-\d\d)\)", "the status on {0}, with the places it holds in"),
    (r"after \((\d{4}-\d\d-\d\d)\)", "the status on {0}, with the places it holds in"),
)

_STATISTICS = {
    "point": "point estimate",
    "p05": "5th percentile over the draws",
    "p50": "median over the draws",
    "p95": "95th percentile over the draws",
    "striking first": "Kent-Thaler expected cost to the side of striking first",
    "struck first": "Kent-Thaler expected cost to the side of being struck first",
    "first-strike incentive": "cost of being struck first minus cost of striking first",
}


def column_definition(column: Any, definitions: Mapping[str, str] | None = None) -> str:
    """What a data column holds, for the column dictionary's ``definition``: the table's own
    ``definitions`` (a column its provider names, such as a law matrix's regime), then
    :data:`DEFINITIONS`, then the patterns of dated and percentile names; ``""`` where none
    says (a test of the built report requires none to be empty).

    >>> column_definition("p_arrive_ge_5")[:46]
    "P(at least 5 of the rival's warheads reach the"
    >>> column_definition("fss_p05")
    'Kent-Thaler first-strike stability index (0 to 1; 1: neither side gains by striking first), without launch under attack; empty where undefined; 5th percentile over the draws'
    >>> column_definition("striking first p50")
    'Kent-Thaler expected cost to the side of striking first: median over the draws'
    """
    name = str(column)
    for table in (definitions or {}, DEFINITIONS):
        if name in table:
            return table[name]
    for pattern, text in _PATTERNS:
        if m := re.fullmatch(pattern, name):
            return text.format(*(_STATISTICS.get(g, g) for g in m.groups()))
    m = re.fullmatch(r"(.+)_(p\d\d)", name)
    if m and m.group(2) in _STATISTICS and (base := column_definition(m.group(1), definitions)):
        return f"{base}; {_STATISTICS[m.group(2)]}"
    return ""


#: The name of the column dictionary the report writes beside its CSV files.
COLUMNS_FILE = "columns.csv"

#: :func:`column_entries`' scale of a fraction the page shows in percent.
FRACTION_SCALE = "fraction 0-1 (the page shows it in percent: 0.25 is 25%)"


def column_entries(
    file: str,
    frame: pd.DataFrame,
    kinds: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    definitions: Mapping[str, str] | None = None,
) -> list[dict[str, str]]:
    """The rows of the report's column dictionary (:data:`COLUMNS_FILE`) for one CSV file:
    each column's name as the CSV's header writes it, its header on the page
    (:func:`plain_headers`), the kind the page writes its numbers in
    (:func:`anpo.report.format.fmt_number`; the table's ``kinds``, else
    :func:`anpo.report.format.column_kind`'s guess, as the page does) and its ``scale``:
    :data:`FRACTION_SCALE` for a probability or share the page gives in percent while the CSV
    keeps the fraction (CSV files keep the computed values, and their headers the data's
    names, which programs join on), empty where the CSV writes the number as the page does;
    and its ``definition``, what it holds (:func:`column_definition`, the table's
    ``definitions`` first).

    >>> frame = pd.DataFrame({"year": [2001], "p_arrive_ge_1": [0.5], "share": [0.25]})
    >>> rows = column_entries("a.csv", frame, {"p_arrive_ge_1": "resolved-percent"})
    >>> [(r["column"], r["kind"], r["scale"][:12]) for r in rows]
    [('year', 'year', ''), ('p_arrive_ge_1', 'resolved-percent', 'fraction 0-1'), ('share', 'auto', '')]
    """
    from anpo.report.format import PERCENT_KINDS, column_kind

    kinds = dict(kinds or {})
    heads = plain_headers(frame, headers)
    rows = []
    for col, head in zip(frame.columns, heads, strict=True):
        series = frame[col]
        if pd.api.types.is_bool_dtype(series):
            kind = "yes-no"
        elif pd.api.types.is_numeric_dtype(series):
            kind = str(kinds.get(col) or column_kind(col, series))
        else:
            kind = "text"
        rows.append(
            {
                "file": file,
                "column": str(col),
                "page header": head,
                "kind": kind,
                "scale": FRACTION_SCALE if kind in PERCENT_KINDS else "",
                "definition": column_definition(col, definitions),
            }
        )
    return rows
