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


#: The name of the column dictionary the report writes beside its CSV files.
COLUMNS_FILE = "columns.csv"

#: :func:`column_entries`' scale of a fraction the page shows in percent.
FRACTION_SCALE = "fraction 0-1 (the page shows it in percent: 0.25 is 25%)"


def column_entries(
    file: str,
    frame: pd.DataFrame,
    kinds: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> list[dict[str, str]]:
    """The rows of the report's column dictionary (:data:`COLUMNS_FILE`) for one CSV file:
    each column's name as the CSV's header writes it, its header on the page
    (:func:`plain_headers`), the kind the page writes its numbers in
    (:func:`anpo.report.format.fmt_number`; the table's ``kinds``, else
    :func:`anpo.report.format.column_kind`'s guess, as the page does) and its ``scale``:
    :data:`FRACTION_SCALE` for a probability or share the page gives in percent while the CSV
    keeps the fraction (CSV files keep the computed values, and their headers the data's
    names, which programs join on), empty where the CSV writes the number as the page does.

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
            }
        )
    return rows
