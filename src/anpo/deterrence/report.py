"""Report sections on deterrence under missile defense (the seed's NMD/TMD passage).

Every number comes from :mod:`anpo.deterrence.questions` (exact distributions of surviving and
arriving warheads, the striker's whole-warhead counterforce allocation, expected Kent-Thaler
costs), every sentence of an Answer or a finding is generated from those numbers, and every
figure names the measure it draws (``Figure.definition``).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from anpo.deterrence.bands import band_convention
from anpo.deterrence.bands_report import (
    ZERO_CAUSES,
    ZERO_SENTENCE,
    CurveBand,
    arrive_band,
    compute_bands,
    measure_band,
    reaction_band,
    uncertainty_section,
)
from anpo.deterrence.classical import (
    deterrence_regions,
    richardson_discrete,
    richardson_equilibrium,
)
from anpo.deterrence.extended import SOURCES as EXTENDED_KEYS
from anpo.deterrence.labels import (
    check_variant_keys,
    dyad_slots,
    figure_dyad,
    figure_variant,
    variant_names,
)
from anpo.deterrence.layer import Layer
from anpo.deterrence.questions import (
    EXTENDED_SUMMARY,
    LEVEL_NOTE,
    REACTION_MAX_LAUNCHERS,
    DyadAnswer,
    answer_case,
    curve_layers,
    display_kind,
    extended_table,
    level_first_force,
    level_origin,
    own_stability,
    reaction_notes,
    reaction_table,
    reaction_undefined,
    seed_table,
    stability_table,
    undefined_rows,
)
from anpo.references import cite
from anpo.report.countries import with_article
from anpo.report.figures import (
    GREY,
    MARKER_NAMES,
    MARKERS,
    PALETTE,
    category_separators,
    colors,
    dodge,
    legend_below,
)
from anpo.report.format import (
    RESOLUTION,
    column_kind,
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

SEED_NMD = (
    '"The ongoing discussions over the national missile defense (NMD) and theater missile defense '
    '(TMD) systems have completely broken away from the MAD theory." Strategic rivals oppose it; '
    "China answers with nuclear modernization; allies fear decoupling, which 'global missile "
    "defense' is meant to wipe out (Soeya, RIETI seminar, 10 July 2001)."
)

COMMON_ASSUMPTIONS = [
    "Aggregate public force figures; where no public figure exists the scenario file marks the "
    "value as an anpo assumption (see its source fields).",
    "Counterforce effectiveness is an input probability per warhead and basing (no yields, CEPs "
    "or hardness); the warheads on one launcher fail or kill independently, so several warheads "
    "per launcher can leave very little: correlated failures would leave more.",
    "The rival aims every surviving warhead that can reach a territory at it; a defense layer "
    "engages only the missile classes it can, inside its footprint, and spreads its inventory "
    "as evenly as possible over the objects it cannot tell apart (RVs and unrecognised decoys).",
    "Decoys persist through exo-atmospheric layers until destroyed and never reach a layer "
    "inside the atmosphere; layers sharing sensors or battle management fail together.",
]

COMMON_SOURCES = [
    cite("wilkening1999"),
    cite("kent1989"),
    cite("sessler2000"),
    # the list named only the 2001 file's sources and MDA/MoD: the 2025 and 2030 files' China
    # figures, most of them from the DoD's China Military Power Reports, were not among them
    "Force and defense figures: the source field of each entry of the scenario files (among "
    "them the FAS/NRDC Nuclear Notebooks, the U.S. DoD's China Military Power Reports (CMPR), "
    "SIPRI Yearbooks, CRS reports, Glaser & Fetter 2001, NIC 2001, MDA and MoD Japan).",
]

DEF_P_ARRIVE = (
    "P(at least m of the rival's warheads reach a territory) after the defender's "
    "cost-minimising counterforce first strike, through the defenses covering that territory: "
    "exact distributions of surviving launchers and of leakers [wilkening1999; kent1989]"
)


def _def_incentive(cost: str) -> str:
    """The incentive's definition with the scenarios' cost function ``cost``."""
    return (
        "A side's first-strike incentive: its expected Kent-Thaler cost of being struck first "
        f"minus that of striking first, cost = {cost} [kent1989, App. C]; positive: the side "
        "is better off going first"
    )


def _whole_pct(x: float) -> str:
    """A share as a whole percentage in the report's one style (:func:`fmt_share`)."""
    return fmt_share(float(x), decimals=0)


def _setting(answers: list[DyadAnswer], name: str, fmt: Any = None) -> str:
    """A ``[settings]`` value of the scenarios behind ``answers`` as read: one value, or each
    scenario's ("0.9 (us-japan-2001), 0.8 (us-japan-2025)"), so prose never types it in.

    >>> from types import SimpleNamespace as NS
    >>> def a(sid, v):
    ...     meta = NS(id=sid)
    ...     return NS(case=NS(scenario=NS(scenario=meta, settings=NS(lua_fraction=v))))
    >>> _setting([a("x", 0.9), a("y", 0.9)], "lua_fraction", _whole_pct)
    '90%'
    >>> _setting([a("x", 0.9), a("y", 0.8)], "lua_fraction", _whole_pct)
    '90% (x), 80% (y)'
    """
    show = fmt if callable(fmt) else (fmt or "{}").format
    by: dict[str, list[str]] = {}
    for ans in answers:
        scen = ans.case.scenario
        text = show(getattr(scen.settings, name))
        ids = by.setdefault(text, [])
        if scen.scenario.id not in ids:
            ids.append(scen.scenario.id)
    if len(by) <= 1:
        return next(iter(by), "")
    return ", ".join(f"{v} ({', '.join(ids)})" for v, ids in by.items())


def _cost_words(answers: list[DyadAnswer], own: str = "D_own", other: str = "D_other") -> str:
    """Kent & Thaler's cost function with the scenarios' exponent and surcharge."""
    e = _setting(answers, "cost_exponent", "{:g}")
    c = _setting(answers, "cost_surcharge", "{:g}")
    return f"{own}^{e} + {c} (1 - {other}^{e})"


DEF_REACTION = (
    "The reaction curve: the smallest number of launchers of the rival's growth component with "
    "which P(at least m warheads reach the defender) >= q after the defender's first strike, "
    "as a function of the defender's interceptors (exact model; m and q from the scenario "
    "file)"
)
DEF_PRICE = (
    "The patron's price of honouring its guarantee: P(at least 1 of the rival's warheads reaches "
    "the patron's homeland) after the rival strikes the ally and the patron strikes the rival's "
    "remaining forces [wilkening1995; powell2003]"
)


def _name(case: Any, actor: str) -> str:
    return case.scenario.actor(actor).name


_the = with_article  # "the United States" / "China" inside a sentence


def _poss(name: str) -> str:
    """The possessive of a name: "the United States' interceptors", "China's force".

    >>> _poss("United States"), _poss("China")
    ("United States'", "China's")
    """
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _p(x: float | None) -> str:
    """A probability for a sentence, as a percentage (the scale the futures' scorecard gives
    the same assured-retaliation probability): below 0.1% (and above 0) "< 0.1%", the model
    treating warhead kills as independent, so smaller figures are below its resolution.

    >>> _p(0.5), _p(2e-7), _p(0.9995), _p(None)
    ('50%', '< 0.1%', '> 99.9%', 'undefined')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "undefined"
    return fmt_number(float(x), "resolved-percent")


def _resolved_kinds(table: Table) -> Table:
    """A copy of ``table`` whose float columns with no other kind are ``"resolved"``, or
    ``"cost"`` for Kent-Thaler costs and incentives (:func:`display_kind`; the frame itself is
    shared, not copied: nothing changes it)."""
    kinds = dict(table.kinds)
    for col in table.frame.columns:
        if table.frame[col].dtype.kind == "f" and kinds.get(col, "prob") == "prob":
            if column_kind(col, table.frame[col]) in ("auto", "prob"):
                kinds[col] = display_kind(str(col))
    return dataclasses.replace(table, kinds=kinds)


def _at_resolution(section: Section) -> Section:
    """Show the section's model numbers at the model's resolution: every float column of its
    tables and appendix previews that has no other kind is ``"resolved"`` (a cost of 3.4e-9 reads
    "< 0.001", as in the sentences), Kent-Thaler costs and incentives ``"cost"`` (the same, but no
    ``> 0.999`` bound: a cost runs to 1.3); the CSV files keep the computed values. Returns a new
    section with new tables; ``section`` is left as it was."""
    return dataclasses.replace(
        section,
        tables=[_resolved_kinds(t) for t in section.tables],
        appendix=[_resolved_kinds(t) for t in section.appendix],
    )


def _force_names(answers: list[DyadAnswer]) -> dict[tuple[int, str], str]:
    """(year, force id) -> the force's name, for the tables' growth-component columns."""
    return {
        (scen.scenario.year, f.id): f.name for scen in _scenarios_of(answers) for f in scen.forces
    }


def _with_names(
    frame: pd.DataFrame,
    variants: dict[tuple[int, str], str],
    forces: dict[tuple[int, str], str],
    year: Any = None,
    scenarios: dict[str, str] | None = None,
) -> pd.DataFrame:
    """``frame`` with a name column beside each id column a reader cannot read: ``variant_name``
    after ``variant`` (the variant's short name, :attr:`~anpo.scenario.schema.Variant.shown`),
    ``growth_component_name`` after ``growth_component`` (the force's name) and
    ``scenario_title`` after ``scenario`` (the title in ``scenarios``, by id). The ids stay:
    they are the join keys of the CSV files. A row's year is its ``year`` column, else ``year``;
    a frame that already has the name column, or has neither, is returned as it is. The forces
    of a ``defender_allocation`` are named too.

    >>> f = pd.DataFrame({"year": [2001], "variant": ["mad"], "p": [0.5]})
    >>> _with_names(f, {(2001, "mad"): "MAD (no U.S. defense)"}, {}).columns.tolist()
    ['year', 'variant', 'variant_name', 'p']
    >>> _with_names(f, {(2001, "mad"): "MAD (no U.S. defense)"}, {})["variant_name"].tolist()
    ['MAD (no U.S. defense)']
    """
    out = frame
    for col, names in (("variant", variants), ("growth_component", forces)):
        named = f"{col}_name"
        if col not in out.columns or named in out.columns:
            continue
        if "year" in out.columns:
            years = out["year"].tolist()
        elif year is not None:
            years = [year] * len(out)
        else:
            continue
        cells = [names.get((int(y), str(i)), str(i)) for y, i in zip(years, out[col], strict=True)]
        out = out.copy()
        out.insert(list(out.columns).index(col) + 1, named, cells)
    if scenarios and "scenario" in out.columns and "scenario_title" not in out.columns:
        out = out.copy()
        titles = [scenarios.get(str(i), str(i)) for i in out["scenario"]]
        out.insert(list(out.columns).index("scenario") + 1, "scenario_title", titles)
    if "defender_allocation" in out.columns and "year" in out.columns:
        # 'cn-df5: 8, ru-silo: 4' (force ids) reads 'DF-5A ICBM: 8, ...' (the forces' names)
        out = out.copy()
        out["defender_allocation"] = [
            _allocation_words(text, forces, int(y))
            for text, y in zip(out["defender_allocation"], out["year"], strict=True)
        ]
    return out


def _allocation_words(text: Any, forces: dict[tuple[int, str], str], year: int) -> Any:
    """A counterforce allocation ``'id: n, id: n'`` with the forces' names for their ids.

    >>> _allocation_words("cn-df5: 8, x: 1", {(2001, "cn-df5"): "DF-5A"}, 2001)
    'DF-5A: 8, x: 1'
    """
    if not isinstance(text, str) or not text:
        return text
    parts = []
    for part in text.split(", "):
        fid, sep, n = part.partition(": ")
        parts.append(f"{forces.get((year, fid), fid)}{sep}{n}")
    return ", ".join(parts)


def _named_tables(
    section: Section, answers: list[DyadAnswer], variants: dict[tuple[int, str], str]
) -> Section:
    """``section`` with :func:`_with_names` applied to its tables, appendix and summary."""
    forces = _force_names(answers)
    titles = {scen.scenario.id: scen.scenario.title for scen in _scenarios_of(answers)}

    def named(t: Table) -> Table:
        return dataclasses.replace(
            t, frame=_with_names(t.frame, variants, forces, scenarios=titles)
        )

    summary = section.summary
    return dataclasses.replace(
        section,
        tables=[named(t) for t in section.tables],
        appendix=[named(t) for t in section.appendix],
        summary=None if summary is None else _with_names(summary, variants, forces, None, titles),
    )


def _which(rows: pd.DataFrame, names: dict[tuple[int, str], str] | None = None) -> str:
    """Where a printed extreme occurs: its variant (by its name in ``names``, see
    :func:`_variant_names`) and year when one row prints it, else how many variants print the
    same figure (naming the first of several variants that all read "< 0.001" said it was
    lowest there, a difference below the model's resolution).

    >>> _which(pd.DataFrame({"year": [2001], "variant": ["mad"]}), {(2001, "mad"): "“MAD”"})
    '“MAD”, 2001'
    >>> _which(pd.DataFrame({"year": [2001, 2001, 2025], "variant": ["mad", "nmd-c1", "mad"]}))
    '3 variants of 2001 and 2025'
    """
    if len(rows) == 1:
        year, vid = int(rows["year"].iloc[0]), str(rows["variant"].iloc[0])
        return f"{_named(names, year, vid)}, {year}"
    years = [str(y) for y in sorted(set(rows["year"]))]
    return f"{len(rows)} variants of {join_words(years, empty='')}"


FSS_FLOOR = 0.001
"""Below this the index is printed as "< 0.001": for a lopsided pair it is the ratio of a
near-zero cost to a larger one and its digits carry no meaning (issue 9)."""


def _fss(x: float | None) -> str:
    """The index for readers as the stability table prints it (:func:`fmt_number`, kind
    ``"resolved"``: three significant digits, "< 0.001" below that), "undefined" when absent:
    the sentences wrote three fixed decimals ('0.700', '0.013') beside the table's '0.7' and
    '0.0125' (review8: one quantity at two precisions).

    >>> [_fss(x) for x in (0.7083988, 0.7, 0.0125, 2.26e-8, 0.99995, None)]
    ['0.708', '0.7', '0.0125', '< 0.001', '> 0.999', 'undefined']
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "undefined"
    return f"< {FSS_FLOOR:g}" if x < FSS_FLOOR else fmt_number(x, "resolved")


def _answers(ctx: ReportContext) -> list[DyadAnswer]:
    out: list[DyadAnswer] = []
    for scen in ctx.scenarios:
        for case in scen.cases():
            ctx.progress(f"deterrence: {case.id}")
            out.extend(answer_case(case))
    return out


def _vname(variant: Any) -> str:
    """A variant as the prose names it: its short label (else its title), quoted, since labels
    hold commas and parentheses; the tables carry the id with the name unquoted beside it
    (``variant_name``, :func:`_with_names`)."""
    return f"“{variant.shown}”"


def _variant_names(answers: list[DyadAnswer]) -> dict[tuple[int, str], str]:
    """(year, variant id) -> the variant as the prose names it (:func:`_vname`): the answers'
    ids are the same in several years ('mad' in 2001 and 2025) with different meanings."""
    return {
        (a.case.scenario.scenario.year, a.case.variant.id): _vname(a.case.variant) for a in answers
    }


def _named(names: dict[tuple[int, str], str] | None, year: Any, vid: Any) -> str:
    """The variant ``vid`` of ``year`` as :func:`_variant_names` names it (its id if unknown).

    >>> _named({(2001, "mad"): "“MAD”"}, 2001, "mad"), _named(None, 2001, "mad")
    ('“MAD”', 'mad')
    """
    return (names or {}).get((int(year), str(vid)), str(vid))


def _variant_ticks(drawn: dict[tuple[int, str], str], year: Any, order: list[Any]) -> list[str]:
    """Tick labels for the variants ``order`` of ``year``: their short names (not their ids),
    wrapped to lines of 24 characters, to be drawn vertically."""
    return [figure_variant(drawn, year, v, width=24) for v in order]


def _main_dyad(answers: list[DyadAnswer]) -> str:
    """The dyad the figures follow: the first dyad against China, else the first."""
    labels = list(dict.fromkeys(a.label for a in answers))
    china = [a.label for a in answers if a.rival == "CHN"]
    return china[0] if china else labels[0]


def _summary(table: pd.DataFrame) -> pd.DataFrame:
    """One row per scenario variant: P(>= 1 warhead reaches the defender's homeland) for each
    dyad, the place named in the header (it read 'U.S.-China P(>=1 arrives)', not saying where:
    the CSV file is read without the page that says so)."""
    home = table[table["role"] == "homeland"]
    wide = home.pivot_table(
        index=["year", "variant"], columns="dyad", values="p_arrive_ge_1", sort=False
    )
    wide.columns = [f"{dyad}{_ARRIVES}" for dyad in wide.columns]
    return wide.reset_index()


_ARRIVES = " P(>=1 reaches the defender's homeland)"
"""The end of a :func:`_summary` column's name, after its dyad's."""


def _summary_kinds(summary: pd.DataFrame) -> dict[str, str]:
    """The kinds of :func:`_summary`'s columns: each dyad's P(>= 1 reaches the defender's
    homeland), a model's probability (``"resolved"``), written to its CSV as the appendix's
    ``p_arrive_ge_1`` is (15 significant digits: 1 - 4.9e-13 is no 1, as the page's "> 0.999"
    says)."""
    return {str(c): "resolved-percent" for c in summary.columns if str(c).endswith(_ARRIVES)}


# ----------------------------------------------------------------------------- exposure
def _assured(answers: list[DyadAnswer], dyad: str) -> dict[int, list[tuple[str, float, bool]]]:
    """Per year: (variant, P(>= reaction_m reach the defender), assured?) for ``dyad``."""
    out: dict[int, list[tuple[str, float, bool]]] = {}
    for ans in answers:
        if ans.label != dyad:
            continue
        p, ok = ans.assured_retaliation()
        out.setdefault(ans.case.scenario.scenario.year, []).append(
            (_vname(ans.case.variant), p, ok)
        )
    return out


_Row = tuple[str, float, bool, bool, str]
"""A variant in the assured-retaliation finding: (variant as the prose names it, P(>= reaction_m
reach the defender), assured?, undefended? (no layer covers the defender against the rival's
warheads and none defends the rival's silos: the finding's "without defenses"), variant id)."""


class _ForceSet(NamedTuple):
    """The rival's forces a group of variants shares, as the assured-retaliation finding names
    them: ``name`` follows "with" ("China's 2001 forces" for the scenario's own forces, else
    "the forces of the “X” variant"); ``change`` what the group's variants add and remove ("" for
    the scenario's own forces); ``own``: the scenario's own forces (no variant named)."""

    name: str
    change: str = ""
    own: bool = False


def _force_set(ans: DyadAnswer, rows: list[_Row]) -> _ForceSet:
    """How the finding names the rival's forces in ``ans``'s variant, one of ``rows`` (its group):
    the scenario's own forces by the rival and year; forces a variant adds or removes by the
    group's undefended variant (else its first) and the forces changed (review8: the groups were
    called "force postures", a word the report uses for launch on warning, though in 2001 they
    differ by launchers added)."""
    year = ans.case.scenario.scenario.year
    rival = _name(ans.case, ans.rival)
    adds, removes = _posture(ans)
    if not adds and not removes:
        return _ForceSet(f"{_poss(_the(rival))} {year} forces", own=True)
    rep = next((r for r in rows if r[3]), rows[0])
    by_id = {f.id: f.name for f in ans.case.scenario.forces}
    said = [
        f"{verb} {join_words([by_id.get(i, i) for i in ids])}"
        for verb, ids in (("adds", adds), ("removes", removes))
        if ids
    ]
    return _ForceSet(f"the forces of the {rep[0]} variant", f"which {' and '.join(said)}")


def _assured_by_posture(
    answers: list[DyadAnswer], dyad: str
) -> dict[int, list[tuple[_ForceSet, list[_Row]]]]:
    """Per year, the variants of ``dyad`` grouped by the dyad's forces (the variant's added and
    removed forces of either side: :func:`_posture`), each group named (:func:`_force_set`) with its rows
    (:data:`_Row`), the scenario's own forces first, so that a defense is compared with no
    defense against the same forces (a modernized force is not compared with the old one's MAD
    variant)."""
    out: dict[int, dict[Any, list[_Row]]] = {}
    first: dict[tuple[int, Any], DyadAnswer] = {}
    for ans in answers:
        if ans.label != dyad:
            continue
        v = ans.case.variant
        key = _posture(ans)
        p, ok = ans.assured_retaliation()
        # 'without defenses': no layer defends the defender against these warheads and none
        # the rival's silos, which the defender's strike meets (a variant with only the
        # rival's silo defense was counted undefended: deter30). A defense of the rival's value
        # is not counted: the books field Russia's A-135 in every variant, "no defense" too
        bare = not ans.covered[ans.defender] and not ans.case.silo_layers(ans.rival)
        year = ans.case.scenario.scenario.year
        out.setdefault(year, {}).setdefault(key, []).append((_vname(v), p, ok, bare, v.id))
        first.setdefault((year, key), ans)
    return {
        y: sorted(
            ((_force_set(first[(y, k)], rows), rows) for k, rows in groups.items()),
            key=lambda g: not g[0].own,
        )
        for y, groups in out.items()
    }


def _forces_verdict(rows: list[_Row]) -> str:
    """One set of forces' answer, as :func:`_assured_verdict` words it: "yes" (a defense takes
    away the assured retaliation the undefended variant has), "no: there is none to take, even
    without defenses" (or, where a defense gives it one, "no: there is none to take without
    defenses, and a defense gives it one"), "not shown: no undefended variant to compare with" (a defense-only set
    that loses it) or "no"."""
    bare = next((r for r in rows if r[3]), None)
    lost = not all(r[2] for r in rows)
    if bare is None:
        return "not shown: no undefended variant to compare with" if lost else "no"
    if not bare[2]:
        if any(r[2] for r in rows):
            # a defense that raises it past the goal: 'even without defenses' read as if
            # defenses could only lower it, beside the clause '... gives it one' (review28)
            return "no: there is none to take without defenses, and a defense gives it one"
        return "no: there is none to take, even without defenses"
    return "yes" if lost else "no"


def _assured_verdict(groups: list[list[_Row]], forces: list[_ForceSet] | None = None) -> str:
    """The assured-retaliation finding's answer first, computed from its sets of the rival's
    forces (rows as :func:`_assured_by_posture` gives them, named by ``forces``; by their
    undefended, else first, variant where None): "Yes." when a defense takes the assured
    retaliation away from every set, "No." when from none, "No: there is none to take, even
    without defenses." when no set has it undefended, "Not shown: ..." when a defense-only set
    loses it with no undefended variant to compare; where the sets' answers differ, each set's,
    the scenario's own forces first and a variant's forces with what it changes ('Yes, for 1 of
    the 2 force postures.' led with a projection and called the sets postures: review8).

    >>> keep, lose = ("MAD", 0.99, True, True, "mad"), ("NMD", 0.4, False, False, "nmd")
    >>> _assured_verdict([[keep, lose]]), _assured_verdict([[keep, keep]])
    ('Yes.', 'No.')
    >>> _assured_verdict([[("MAD", 0.0, False, True, "m")]]), _assured_verdict([[lose]])
    ('No: there is none to take, even without defenses.', 'Not shown: no undefended variant to compare with.')
    >>> own = _ForceSet("China's 2001 forces", own=True)
    >>> new = _ForceSet("the forces of the “M” variant", "which adds DF-31s")
    >>> _assured_verdict([[("MAD", 0.0, False, True, "m")], [keep, lose]], [own, new])
    "No for China's 2001 forces: there is none to take, even without defenses. Yes for the forces of the “M” variant, which adds DF-31s."
    >>> _assured_verdict([[("MAD", 0.18, False, True, "m"), ("Big", 0.95, True, False, "b")]])
    'No: there is none to take without defenses, and a defense gives it one.'
    >>> _assured_verdict([[keep, lose], [("MAD2", 0.99, True, True, "mad2")]])
    'Yes for the forces of the MAD variant. No for the forces of the MAD2 variant.'
    """
    said = [_forces_verdict(rows) for rows in groups]
    if len(set(said)) == 1:
        return upper_first(said[0]) + "."
    heads = {s.split(":")[0] for s in said}
    if heads == {"no"}:  # 'no' and 'no: none to take': no defense takes any away
        return "No."
    out = []
    for verdict, named in zip(said, forces or _variant_sets(groups), strict=True):
        head, _, why = verdict.partition(": ")
        change = f", {named.change}" if named.change else ""
        out.append(f"{upper_first(head)} for {named.name}{change}" + (f": {why}." if why else "."))
    return " ".join(out)


def _variant_sets(groups: list[list[_Row]]) -> list[_ForceSet]:
    """Sets of forces named by their undefended, else first, variant (where the caller names
    none: :func:`_assured_verdict`, :func:`_assured_finding`)."""
    return [
        _ForceSet(f"the forces of the {next((r for r in g if r[3]), g[0])[0]} variant")
        for g in groups
    ]


def _posture_lowest(rows: list[_Row], worst: _Row, verdict: str, own: str = "") -> str:
    """The clause of a set of forces with several variants and no undefended one: its lowest
    value, the variant named once (it read 'with the forces of the X variant (...), 1 at the
    lowest (X; ...)' when X, the first variant, was also its lowest). Where X is the lowest,
    the others are said to print the same or to lie higher (it read '1 in it and no lower in
    the 1 other variant').

    >>> a, b = ("“A”", 0.9, True, False, "a"), ("“B”", 0.5, False, False, "b")
    >>> _posture_lowest([a, b], b, "is lost in some")
    'with the forces of the “A” variant (no undefended variant of them), 50% at the lowest (“B”; the assured retaliation is lost in some)'
    >>> _posture_lowest([b, a], b, "is lost in some")
    'with the forces of the “B” variant (no undefended variant of them), 50% there, the lowest of the 2 variants with these forces (the assured retaliation is lost in some)'
    >>> _posture_lowest([b, b, b], b, "is lost in all")
    'with the forces of the “B” variant (no undefended variant of them), 50% there and in the 2 other variants with these forces (the assured retaliation is lost in all)'

    ``own``: the name of the scenario's own forces when these are they (no variant is named
    before the value, so the lowest is named beside it):

    >>> _posture_lowest([b, a], b, "is lost in some", "China's 2001 forces")
    "with China's 2001 forces (no undefended variant of them), 50% at the lowest (“B”; the assured retaliation is lost in some)"
    """
    named = own or f"the forces of the {rows[0][0]} variant"
    head = f"with {named} (no undefended variant of them), "
    tail = f"the assured retaliation {verdict})"
    if own or worst[4] != rows[0][4]:
        return f"{head}{_p(worst[1])} at the lowest ({worst[0]}; {tail}"
    others = len(rows) - 1
    if all(_p(r[1]) == _p(worst[1]) for r in rows):  # every variant prints the same
        where = "the other variant" if others == 1 else f"the {others} other variants"
        return f"{head}{_p(worst[1])} there and in {where} with these forces ({tail}"
    return (
        f"{head}{_p(worst[1])} there, the lowest of the {len(rows)} variants with these "
        f"forces ({tail}"
    )


def _plan_change(
    striker: str,
    victim: str,
    strike: str,
    defended: tuple[Mapping[str, int], float],
    bare: tuple[Mapping[str, int], float],
    names: Mapping[str, str],
    ways: tuple[str, str] | None = None,
) -> str:
    """Why a figure moves with the striker's defenses when its strike plan moves with them: the
    counterforce warheads per vulnerable launcher of each of the victim's components whose
    allocation differs, with and without the defenses, and the victim's expected warheads that
    can reach the striker surviving the strike, both ways (``defended`` and ``bare``: (allocation
    by component id, expected survivors)); ``""`` where the plans are the same. The strike is
    the cost-minimising counterforce strike of the exchange [kent1989, App. C]: a defense that
    will meet the survivors lets it spend fewer warheads per launcher, so more warheads survive
    the strike and a probability of retaliation can rise with the defense (user audit28: a
    defense that raised it was reported as one that did not change it). Every figure is
    computed, none typed. ``names``: component id -> its name.

    ``ways``: what the two plans are with, where more than the striker's defenses differ
    between them (the victim's silo defense, which the striker's plan answers as well:
    [kent1989, App. C] with [ota1981]): ``(defended, bare)`` phrases, the plan's change then
    attributed to neither side; None: the striker's defenses alone differ ("with its defenses"
    and "without"). The change was attributed to the striker's defenses where the victim's
    silo defense differed too (text29).

    >>> _plan_change("United States", "China", "first strike", ({"a": 1, "b": 0}, 1.9999999),
    ...              ({"a": 2, "b": 0}, 0.2), {"a": "DF-5A"})
    "the United States' first strike puts 1 warhead per vulnerable DF-5A launcher with its defenses and 2 without: 2 of China's warheads that can reach the United States survive it on average with them, against 0.2 without"
    >>> _plan_change("United States", "China", "first strike", ({"a": 2}, 0.04), ({"a": 3}, 0.0),
    ...              {"a": "DF-5A"}).split(": ")[1]
    "0.04 of China's warheads that can reach the United States survive it on average with them, against 0 without"
    >>> _plan_change("United States", "China", "first strike", ({"a": 2}, 0.2), ({"a": 2}, 0.2), {})
    ''
    >>> _plan_change("United States", "China", "first strike", ({"a": 0}, 20.0),
    ...              ({"a": 1}, 2.4), {"a": "DF-5A"},
    ...              ("with the defenses of this variant", "with those of the “MAD” variant"))
    "the United States' first strike puts 0 warheads per vulnerable DF-5A launcher with the defenses of this variant and 1 with those of the “MAD” variant: 20 of China's warheads that can reach the United States survive it on average in the first case, against 2.4 in the second"
    """
    with_plan, with_left = defended
    bare_plan, bare_left = bare
    moved = [
        c
        for c in dict.fromkeys([*bare_plan, *with_plan])
        if with_plan.get(c, 0) != bare_plan.get(c, 0)
    ]
    if not moved:
        return ""

    with_words, bare_words = ways or ("with its defenses", "without")
    with_them, bare_them = (
        ("in the first case", "in the second") if ways else ("with them", "without")
    )

    def put(c: str) -> str:
        w, wo = with_plan.get(c, 0), bare_plan.get(c, 0)
        return (
            f"{w} warhead{'s' if w != 1 else ''} per vulnerable {names.get(c, c)} launcher "
            f"{with_words} and {wo} {bare_words}"
        )

    def count(x: float) -> str:
        """An expected number of warheads to a tenth (1.9999999999999987 read "2.0"); one
        that rounds to 0 at a tenth but is not 0 with three significant digits (0.04 read "0",
        as if no warhead could survive: user audit29)."""
        return fmt_number(x if 0 < abs(x) < 0.05 else round(x, 1), "tenths")

    return (
        f"{_poss(_the(striker))} {strike} puts {join_words([put(c) for c in moved])}: "
        f"{count(with_left)} of {_poss(victim)} warheads that can reach {_the(striker)} survive "
        f"it on average {with_them}, against {count(bare_left)} {bare_them}"
    )


def _layers_on(case: Any, actor: str) -> list[Any]:
    """The active defense layers of ``case`` that cover ``actor``: of its value, then of its
    silos (the case's :meth:`~anpo.deterrence.scenario.Case.layers_covering` and
    :meth:`~anpo.deterrence.scenario.Case.silo_layers`)."""
    return [*case.layers_covering(actor), *case.silo_layers(actor)]


def _both_sides(victim: str, theirs: bool) -> str:
    """How a plan change names the defenses of a variant where more than the striker's differ
    (:func:`_plan_change`'s ``ways``): ``theirs``, the victim has a defense among them.

    >>> _both_sides("China", True), _both_sides("China", False)
    ("with the defenses of this variant (China's among them)", 'with the defenses of this variant')
    """
    return "with the defenses of this variant" + (
        f" ({_poss(_the(victim))} among them)" if theirs else ""
    )


def _answer_plan_change(ans: DyadAnswer, bare: DyadAnswer) -> str:
    """:func:`_plan_change` of the defender's first strike in ``ans`` (a defended variant)
    against ``bare`` (the undefended variant with the same rival forces): the assured-
    retaliation finding's reason where a defense raises the rival's retaliation. Where the two
    variants differ in more than the defender's defenses (the rival's defenses, a silo defense
    the strike plan answers, or either side's forces), the change is worded as one between the
    two variants' defenses, not attributed to the defender's (text29), and where their forces
    differ, as one between the two variants (review29)."""

    def left(a: DyadAnswer) -> float:
        """Expected surviving warheads of the rival's components that can reach the defender."""
        return sum(
            float(np.dot(np.arange(len(pmf)), pmf))
            for f in a.rival_components
            if a.defender in f.reaches and (pmf := a.component_survivors.get(f.id)) is not None
        )

    striker, victim = _name(ans.case, ans.defender), _name(ans.case, ans.rival)
    layers = _layers_on(ans.case, ans.rival) != _layers_on(bare.case, ans.rival)
    forces = any(ans.case.forces(a) != bare.case.forces(a) for a in (ans.defender, ans.rival))
    ways: tuple[str, str] | None = None
    if forces:
        # the variants' forces differ: the change is the variants', not their defenses' alone
        # (review29: it read "with the defenses of this variant" where forces differed)
        ways = ("in this variant", f"in the {_vname(bare.case.variant)} variant")
    elif layers:
        ways = (
            _both_sides(victim, bool(_layers_on(ans.case, ans.rival))),
            f"with those of the {_vname(bare.case.variant)} variant",
        )
    return _plan_change(
        striker,
        victim,
        "first strike",
        (ans.allocation, left(ans)),
        (bare.allocation, left(bare)),
        {f.id: f.name for f in ans.case.scenario.forces},
        ways,
    )


def response_plan_change(ans: DyadAnswer) -> str:
    """:func:`_plan_change` of the patron's response in ``ans``'s extended deterrence (its strike
    back at the rival's forces after the rival strikes the ally), with the variant's defenses and
    without them, ``""`` where the plans are the same or there is no response: why the patron's
    price moves with its missile defenses [wilkening1995; kent1989, App. C]. The response
    without defenses strips both sides' defenses of value (``extended._strip``), so where the
    rival has one the change is worded as the two sides', not the patron's (text29). Said by the
    report's finding and by ``anpo extended`` (user audit29: the command showed a defense raising
    the price with no reason)."""
    done = ans.extended
    if done is None or not done.response or not done.response_undefended:
        return ""
    patron, rival = _name(ans.case, done.patron), _name(ans.case, ans.rival)
    rival_value = bool(ans.case.layers_covering(ans.rival))
    return _plan_change(
        patron,
        rival,
        f"strike back at {_poss(rival)} forces",
        (done.response.allocation, done.response.expected_survivors),
        (done.response_undefended.allocation, done.response_undefended.expected_survivors),
        {f.id: f.name for f in ans.case.scenario.forces},
        (_both_sides(rival, True), "without the missile defenses of either side")
        if rival_value
        else None,
    )


def _year_plan_change(
    answers: list[DyadAnswer], dyad: str, year: int, defended: str, bare: str
) -> str:
    """:func:`_answer_plan_change` of ``dyad``'s variants ``defended`` and ``bare`` (ids) in
    ``year``, ``""`` where either is not among ``answers`` (the assured-retaliation finding's
    ``why``)."""
    by_id = {
        a.case.variant.id: a
        for a in answers
        if a.label == dyad and a.case.scenario.scenario.year == year
    }
    if defended not in by_id or bare not in by_id:
        return ""
    return _answer_plan_change(by_id[defended], by_id[bare])


def _assured_finding(
    year: int,
    groups: list[list[_Row]],
    rival: str,
    defender: str,
    m: int,
    band: Callable[[str], str] = lambda variant: "",
    forces: list[_ForceSet] | None = None,
    why: Callable[[str, str], str] = lambda defended, bare: "",
) -> Finding:
    """Whether missile defense takes the rival's assured retaliation away in ``year``: for each
    set of the rival's forces, its undefended variant against its least favourable defended
    one and, where a defense raises the probability (at the printed precision, :func:`_p`),
    against the defended variant that raises it most: each clause and key number says whether
    the defenses lower it, raise it or leave it as printed (user audit28: 'no defense lowers
    it' and '18.2%, with or without defenses' where a defense raised it to 27.6%).
    ``band(variant id)``: the 5–95% band of that variant's probability over the uncertain
    inputs (:func:`anpo.deterrence.bands_report.arrive_band`), ``""`` where none was drawn;
    the key number gives it beside each value. ``forces``: the sets' names
    (:func:`_assured_by_posture`; None: each by its undefended, else first, variant).
    ``why(defended variant id, undefended variant id)``: the computed reason a defense raises
    it (:func:`_answer_plan_change`), ``""`` where there is none to give."""
    clauses, numbers, reasons = [], [], []
    named = forces or _variant_sets(groups)
    lead = _assured_verdict(groups, named)

    def quoted(row: _Row) -> str:
        """The value and its variant, with the value's band where the report drew one."""
        b = band(row[4])
        return f"{_p(row[1])} ({row[0]}{'; ' + b if b else ''})"

    for rows, these in zip(groups, named, strict=True):
        own = these.name if these.own else ""
        bare = next((r for r in rows if r[3]), None)
        worst = min(rows, key=lambda r: r[1])
        if bare is None:  # no undefended variant for this force: say what the variants give
            keeps = all(r[2] for r in rows)
            verdict = "survives every architecture" if keeps else "is lost in some"
            # alone, the clause follows "is": the value first; among others, the forces first
            clauses.append(
                f"{_p(worst[1])} at the lowest ({worst[0]}; no undefended variant to compare; "
                f"the assured retaliation {verdict})"
                if len(groups) == 1
                else _posture_lowest(rows, worst, verdict, own)
                if len(rows) > 1
                # one defended variant: named once, and no 'lowest' of one value (it read
                # 'with the forces of the X variant (...), 1 at the lowest (X; ...)')
                else f"with {these.name}, {_p(worst[1])} ({rows[0][0] + ', ' if own else ''}"
                "the only variant with these forces, and a defended one; the assured "
                f"retaliation {'survives its defenses' if keeps else 'is lost to its defenses'})"
            )
            numbers.append(quoted(worst))
            continue
        top = max(rows, key=lambda r: r[1])
        # a direction only where the printed figures show one (as the key number prints them)
        lowers = worst[1] < bare[1] and _p(worst[1]) != _p(bare[1])
        raises = top[1] > bare[1] and _p(top[1]) != _p(bare[1])
        if all(r[2] for r in rows):
            verdict = "the assured retaliation survives every architecture"
        elif bare[2]:
            lost = [r[0] for r in rows if not r[2]]
            verdict = f"{join_words(lost, empty='')} take{'s' if len(lost) == 1 else ''} it away"
        elif gained := [r[0] for r in rows if r[2]]:  # a defense that raises it past the goal
            verdict = (
                f"no assured retaliation without defenses; {join_words(gained)} "
                f"give{'s' if len(gained) == 1 else ''} it one"
            )
        else:  # 'even without defenses' read as the best case, where a defense raises it
            verdict = "no assured retaliation " + (
                "in any variant" if raises else "even without defenses"
            )
        # the computed reason a defense raises it (the defender's strike plan), where given: a
        # sentence after the clauses
        if raises and (reason := why(top[4], bare[4])):
            reasons.append(f"In the {top[0]} variant, {reason}.")
        rise = f"{_p(top[1])} in the {top[0]} variant"
        if lowers and raises:
            where = (
                f"{_p(bare[1])} without defenses; defenses lower it to {_p(worst[1])} in the "
                f"{worst[0]} variant and raise it to {rise}"
            )
        elif raises:
            where = f"{_p(bare[1])} without defenses; defenses raise it to {rise}"
        elif lowers:
            where = f"{_p(bare[1])} without defenses and {_p(worst[1])} in the {worst[0]} variant"
        elif len(rows) == 1:  # no defended variant against these forces: nothing to compare
            where = f"{_p(bare[1])} without defenses (no variant defends against these forces)"
        else:  # no change, or one below the printed precision
            where = f"{_p(bare[1])} without defenses and with every defense"
        # each set by what it is: the scenario's own forces by year, others by their variant
        posture = "" if len(groups) == 1 else f"with {these.name}, "
        clauses.append(f"{posture}{where} ({verdict})")
        if lowers and raises:
            numbers.append(
                f"{quoted(bare)} to {quoted(worst)}, lowered by defenses, and to {quoted(top)}, "
                "raised by defenses"
            )
        elif raises:
            numbers.append(f"{quoted(bare)} to {quoted(top)}, raised by defenses")
        elif lowers:
            numbers.append(f"{quoted(bare)} to {quoted(worst)}")
        elif len(rows) == 1:
            numbers.append(f"{quoted(bare)}, without defenses (no defended variant)")
        else:
            numbers.append(f"{quoted(bare)}, with or without defenses")
    measure = (
        f"P(at least {m} {rival} warhead{'s' if m > 1 else ''} reach{'' if m > 1 else 'es'} "
        f"{_the(defender)} after a counterforce first strike by {_the(defender)})"
    )
    return Finding(
        question=f"Does missile defense take away {rival}'s assured retaliation ({year})?",
        answer=(
            f"{lead} In {year}, {measure}"
            + (" is " if len(clauses) == 1 else ": ")
            + "; ".join(clauses)
            + "."
            + "".join(f" {r}" for r in reasons)
        ),
        # what the figures are, as the answer says it (the number gave them bare)
        number=f"{measure}: " + "; ".join(numbers),
        confidence=(
            "Medium: exact given the inputs, but counterforce kill probabilities and "
            "survivable fractions are assumptions (see the uncertainty bands)."
        ),
    )


def _own_curve_interceptors(ans: DyadAnswer, growth_id: str) -> int:
    """The variant's own value of the reaction curve's x: the inventory of the first active
    layer covering the defender that can engage the growth component (the layer whose
    inventory the curve replaces, :func:`anpo.deterrence.questions.reaction_table`), 0 when
    the variant has none. Not the sum over every layer: the curve holds the other layers at
    their values, so a sum read on it overstates the defense (350 read at 400 for C3's 250
    plus the allied sea-based layer's 100)."""
    growth = next((f for f in ans.case.scenario.forces if f.id == growth_id), None)
    if growth is None:
        return 0
    picked = curve_layers(ans.case, ans.defender, growth.missile_class)
    return 0 if picked is None or picked.borrowed else int(picked.varied.interceptors)


def _layer_words(case: Any, layer: Any, arch: Any) -> str:
    names = ", ".join(_name(case, t) for t in layer.covers)
    label = layer.name or arch.name
    return f"{label}: {layer.interceptors} interceptors, SSPK {fmt_number(layer.sspk)}" + (
        f", covers {names}" if names else ""
    )


def _variants_table(answers: list[DyadAnswer]) -> pd.DataFrame:
    """One row per scenario variant: its title, active defense layers and force changes (the
    variant ids the figures and tables use, defined once)."""
    rows, seen = [], set()
    for ans in answers:
        case = ans.case
        # the key of every other table (check_variant_keys makes it unique); (scenario id,
        # variant id) left out the variants of a second scenario with the id of the first
        key = (case.scenario.scenario.year, case.variant.id)
        if key in seen:
            continue
        seen.add(key)
        by_id = {f.id: f for f in case.scenario.forces}
        changes = [f"adds {by_id[i].name}" for i in case.variant.add_forces if i in by_id] + [
            f"removes {by_id[i].name}" for i in case.variant.remove_forces if i in by_id
        ]
        rows.append(
            {
                "year": case.scenario.scenario.year,
                "variant": case.variant.id,
                "description": case.variant.title,
                "active defense layers": "; ".join(
                    _layer_words(case, ly, d) for d in case.architectures() for ly in d.layers
                )
                or "none",
                "force changes": "; ".join(changes) or "none",
            }
        )
    return pd.DataFrame(rows)


def _shots_words(layer: Layer) -> str:
    """A layer's interceptors per RV in words: ``"2"`` for a salvo, ``"2, then 2 at each
    survivor (shoot-look-shoot)"`` (Wilkening 1999's doctrines, :class:`anpo.deterrence.layer.Layer`)."""
    if layer.doctrine == "shoot-look-shoot":
        return f"{layer.shots}, then {layer.second_shots} at each survivor (shoot-look-shoot)"
    return str(layer.shots)


def _reliability_words(layer: Layer) -> str:
    """A layer's reliability as the model uses it: its own elements' (per raid or per RV) and,
    for a common-mode group, the shared elements' (per raid)."""
    words = f"{fmt_number(layer.reliability, 'prob')} per {'RV' if layer.reliability_mode == 'rv' else 'raid'}"
    if layer.common_mode is not None:
        words += (
            f"; shared elements ({layer.common_mode}) "
            f"{fmt_number(layer.common_mode_reliability, 'prob')} per raid"
        )
    return words


def _covers_words(case: Any, layer: Layer) -> str:
    """The territories a layer covers, each with the share of its value inside the footprint
    where that share is below 1 (``protected_fraction``)."""
    parts = []
    for t in layer.covers:
        share = (
            layer.protected_fraction.get(t, 1.0)
            if isinstance(layer.protected_fraction, dict)
            else layer.protected_fraction
        )
        name = _name(case, t)
        parts.append(name if share >= 1.0 else f"{name} ({_whole_pct(share)} of its value)")
    return ", ".join(parts)


def _inputs_table(answers: list[DyadAnswer]) -> pd.DataFrame:
    """Every force component and defense layer of the scenarios behind the answers, with its
    figures and source: a force's posture and decoys per RV, a layer's shots per RV,
    reliability and decoy discrimination (None where the column does not apply to the row's
    kind, shown as a dash, never a default)."""
    rows: list[dict[str, Any]] = []
    done = set()
    for ans in answers:
        scen = ans.case.scenario
        if scen.scenario.id in done:
            continue
        done.add(scen.scenario.id)
        case = ans.case
        for f in scen.forces:
            rows.append(
                {
                    "year": scen.scenario.year,
                    "kind": "force",
                    "owner": _name(case, f.actor),
                    "name": f.name,
                    "launchers or interceptors": f.launchers,
                    "warheads per launcher": f.warheads_per_launcher,
                    "survivable share or SSPK": f.survivable_fraction,
                    "reaches or covers": ", ".join(_name(case, t) for t in f.reaches),
                    "posture": f.posture,
                    "decoys per RV": f.decoys_per_rv,
                    "shots per RV": None,
                    "reliability": None,
                    "decoy discrimination": None,
                    "in": "every variant" if f.baseline else "variants that add it",
                    "source": f.source,
                }
            )
        for d in scen.defenses:
            for ly in d.layers:
                rows.append(
                    {
                        "year": scen.scenario.year,
                        "kind": "defense layer",
                        "owner": _name(case, d.owner),
                        "name": f"{d.name}: {ly.name}" if ly.name else d.name,
                        "launchers or interceptors": ly.interceptors,
                        "warheads per launcher": None,
                        "survivable share or SSPK": ly.sspk,
                        "reaches or covers": _covers_words(case, ly),
                        "posture": None,
                        "decoys per RV": None,
                        "shots per RV": _shots_words(ly),
                        "reliability": _reliability_words(ly),
                        "decoy discrimination": ly.discrimination,
                        "in": "variants that activate it",
                        "source": ly.source or d.source,
                    }
                )
    return pd.DataFrame(rows)


def _exposure_section(
    answers: list[DyadAnswer],
    table: pd.DataFrame,
    bands: pd.DataFrame | None = None,
    *,
    book: bool = True,
) -> Section:
    """The exposure section (``book``: the scenarios are the built-in book, not a user's files,
    which its caption then names); ``bands``: the report's band table
    (:func:`anpo.deterrence.bands_report.compute_bands`; None: no bands), whose 5–95% bands
    the key numbers quote."""
    dyad = _main_dyad(answers)
    sample = next(a for a in answers if a.label == dyad)
    rival = _name(sample.case, sample.rival)
    defender = _name(sample.case, sample.defender)
    ally = _name(sample.case, sample.ally) if sample.ally else None
    st = sample.case.scenario.settings
    data = table[table["dyad"] == dyad]
    years = sorted(data["year"].unique())
    drawn = variant_names(_scenarios_of(answers))
    fig, axes = new_figure(10, 4.8, ncols=max(len(years), 1), sharey=True)
    axes = np.atleast_1d(axes)
    for ax, year in zip(axes, years, strict=False):
        sub = data[data["year"] == year]
        order = list(dict.fromkeys(sub["variant"]))
        home = sub[sub["role"] == "homeland"].set_index("variant").reindex(order)
        x = np.arange(len(order))
        # in percent, the scale of the prose and of the futures' scorecard and figure
        ax.bar(x - 0.2, 100 * home["p_arrive_ge_1"].to_numpy(float), 0.4, label=defender)
        if ally:
            al = sub[sub["role"] == "ally"].set_index("variant").reindex(order)
            ax.bar(x + 0.2, 100 * al["p_arrive_ge_1"].to_numpy(float), 0.4, label=f"{ally} (ally)")
        ax.set_xticks(x, _variant_ticks(drawn, year, order), rotation=90, fontsize=6.5)
        ax.set_title(str(year), fontsize=9)
        ax.set_ylim(0, 105)
    axes[0].set_ylabel(f"P(at least 1 {rival} warhead arrives), %")
    legend_below(fig, axes[-1])
    by_year = _assured(answers, dyad)
    parts = []
    for year, rows in sorted(by_year.items()):
        keeps = [v for v, _, ok in rows if ok]
        if len(keeps) == len(rows):
            parts.append(f"in {year} in every variant")
        elif not keeps:
            best = max(rows, key=lambda r: r[1])
            parts.append(f"in {year} in none (at most P = {_p(best[1])}, in the {best[0]} variant)")
        elif len(keeps) <= len(rows) - len(keeps):
            parts.append(f"in {year} in {len(keeps)} of {len(rows)} variants ({', '.join(keeps)})")
        else:
            lost = [v for v, _, ok in rows if not ok]
            parts.append(
                f"in {year} in {len(keeps)} of {len(rows)} variants (not in {', '.join(lost)})"
            )
    answer = (
        f"{rival} keeps an assured retaliation against {_the(defender)} (P(at least "
        f"{st.reaction_m} warhead{'s arrive' if st.reaction_m > 1 else ' arrives'} after a "
        "counterforce "
        f"first strike) >= {fmt_number(st.reaction_q, 'percent')}) " + "; ".join(parts) + "."
    )
    findings = [
        _assured_finding(
            year,
            [rows for _, rows in groups],
            rival,
            defender,
            st.reaction_m,
            functools.partial(
                arrive_band,
                pd.DataFrame() if bands is None else bands,
                year,
                dyad=dyad,
                where=sample.defender,
                m=st.reaction_m,
            ),
            [these for these, _ in groups],
            functools.partial(_year_plan_change, answers, dyad, year),
        )
        for year, groups in sorted(_assured_by_posture(answers, dyad).items())
    ]
    pivot = table[table["role"] == "homeland"].pivot_table(
        index=["year", "variant"], columns="dyad", values="p_arrive_ge_1", sort=False
    )
    pivot = pivot.reset_index()
    cols = [
        "year",
        "variant",
        "dyad",
        "territory_name",
        "covered",
        "rival_warheads",
        "survivors_expected",
        "arrivals_expected",
    ] + [c for c in table.columns if c.startswith("p_arrive_ge_")]
    summary = _summary(table)
    return Section(
        id="deterrence-exposure",
        title="Deterrence under missile defense: what survives and what gets through",
        question=SEED_NMD,
        model=(
            "The defender's cost-minimising counterforce first strike (Kent & Thaler 1989: "
            f"silo forces and {_setting(answers, 'survivable_use', _whole_pct)} of the other "
            "forces committed; a whole number of warheads on "
            "each vulnerable launcher, up to the striker's budget) leaves each vulnerable "
            "launcher alive with probability (1-pk)^a; the exact distribution of the surviving "
            "warheads flies through the active layers covering each territory (Wilkening 1999, "
            "made exact for finite inventories, shoot-look-shoot, decoys and missile classes), "
            "giving P(at least m warheads arrive)."
        ),
        assumptions=COMMON_ASSUMPTIONS,
        sources=COMMON_SOURCES,
        figures=[
            Figure(
                f"P(at least one {rival} warhead arrives) after a first strike by {_the(defender)}",
                svg_from_matplotlib(fig),
                f"Each pair of bars is one variant of {_files(book)}: the defender's homeland "
                "and the ally."
                if ally
                else f"Each bar is one variant of {_files(book)}: the defender's homeland (the "
                "dyad has no ally).",
                description=(
                    f"For each year and variant, the probability that at least one of {rival}'s "
                    f"warheads reaches {_the(defender)}"
                    + (f" (and {ally})" if ally else "")
                    + f" after {_poss(_the(defender))} counterforce first strike."
                ),
                definition=DEF_P_ARRIVE + " (m = 1).",
            )
        ],
        tables=[
            Table(
                "P(at least one warhead reaches the defender's homeland), by dyad",
                pivot,
                kinds={
                    c: "resolved-percent" for c in pivot.columns if c not in ("year", "variant")
                },
                # a column a dyad: more variants than the page's body holds (the user's files)
                # make the table a CSV file, whose dyads were defined nowhere (report33)
                definitions={
                    str(c): f"P(at least 1 warhead of the {c} dyad's rival reaches the "
                    "defender's homeland) after the defender's counterforce first strike, "
                    "through the defenses covering it"
                    for c in pivot.columns
                    if c not in ("year", "variant")
                },
            ),
            Table(
                "The variants: which defenses are active and which forces change",
                _variants_table(answers),
                "Each variant of the scenario files by year: its title, the defense layers it "
                "activates (interceptors, single-shot kill probability, territories covered) "
                "and the forces it adds or removes; every figure's source is in the inputs "
                "table of the appendix.",
                name="deterrence-variants",
            ),
        ],
        appendix=[
            Table(
                "The seed's questions, every scenario, variant, dyad and territory",
                table[cols],
                "The rival's modelled warheads are those of its force components in the "
                "scenario file, whatever their range: not its stockpile (the comments of each "
                "scenario file give the stockpile estimate its components are drawn from).",
                name="deterrence-exposure-all",
            ),
            Table(
                "Force and defense inputs behind every deterrence number, with their sources",
                _inputs_table(answers),
                "Forces: launchers, warheads per launcher, the share that survives any "
                "counterforce strike, the territories it reaches, its posture (on alert or "
                "launched under attack), its decoys per RV and whether it exists in every "
                "variant or only where a variant adds it. Defense layers: interceptors, "
                "single-shot kill probability (SSPK), the territories covered (with the share "
                "of their value inside the footprint where it is not all of it), shots per RV, "
                "reliability (per raid or per RV) and decoy discrimination (the probability a "
                "decoy is recognised). A dash: the column does not apply to the row. Sources "
                "as written in the scenario files.",
                name="deterrence-inputs",
            ),
        ],
        summary=summary,
        summary_kinds=_summary_kinds(summary),
        answer=answer,
        caveat=(
            # the printed '< 0.001' is the model's resolution; a printed 0 is a computed 0
            # (report.format: 0 and 1 only for an exact 0 and 1)
            "A probability of < 0.1% here is below the model's resolution for independent "
            f"warhead kills; one of 0% is {ZERO_CAUSES}"
            + _without_warheads(table, {a.label: _name(a.case, a.rival) for a in answers})
            + "; real attacks have correlated failures, so a small force's chance to "
            "survive is likely understated."
        ),
        findings=findings,
    )


def _without_warheads(table: pd.DataFrame, rivals: dict[str, str]) -> str:
    """The caveat's clause for the plainest exact zeros: a rival without warheads in a year
    (North Korea in 2001) arrives with probability 0 exactly, which the caveat called 'below
    the model's resolution'. ``table``: the exposure rows (``year, dyad, rival_warheads``);
    ``rivals``: dyad label -> the rival's name.

    >>> t = pd.DataFrame({"year": [2001, 2001, 2025], "dyad": ["A-B", "A-C", "A-C"],
    ...                   "rival_warheads": [0, 128, 50]})
    >>> _without_warheads(t, {"A-B": "North Korea", "A-C": "China"})
    ', as where the rival has no warheads (North Korea in 2001)'
    >>> _without_warheads(t[t["dyad"] == "A-C"], {})
    ''
    """
    none = table[table["rival_warheads"] == 0]
    years: dict[str, list[int]] = {}
    for dyad, year in zip(none["dyad"], none["year"], strict=True):
        years.setdefault(rivals.get(dyad, dyad), []).append(int(year))
    if not years:
        return ""
    items = [f"{name} in {year_ranges(ys)}" for name, ys in years.items()]
    return f", as where the rival has no warheads ({join_words(items)})"


# ----------------------------------------------------------------------------- stability
def _scenarios_of(answers: list[DyadAnswer]) -> list[Any]:
    """The scenarios the answers come from, once each (for figure labels)."""
    return list({id(a.case.scenario): a.case.scenario for a in answers}.values())


def _posture(ans: DyadAnswer) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The dyad's forces in an answer's variant, as the findings group variants by them: the
    force components of either side of the dyad (the defender's and the rival's) that the
    variant adds and removes. A force's posture (on alert, launch under attack) is its
    component's, so a variant changes a posture by swapping components, and this key holds it
    too; another state's forces (an ally's, a third state's modernization) do not change this
    dyad's exchange. Only the rival's were counted: a variant that changed the defender's
    forces was grouped, and compared, as if it had the undefended variant's forces.

    >>> from types import SimpleNamespace as NS
    >>> forces = [NS(id="us-new", actor="USA"), NS(id="cn-low", actor="CHN"),
    ...           NS(id="cn-old", actor="CHN"), NS(id="jp-x", actor="JPN")]
    >>> v = NS(add_forces=["us-new", "cn-low", "jp-x"], remove_forces=["cn-old"])
    >>> ans = NS(case=NS(scenario=NS(forces=forces), variant=v), defender="USA", rival="CHN")
    >>> _posture(ans)
    (('cn-low', 'us-new'), ('cn-old',))
    """
    owner = {f.id: f.actor for f in ans.case.scenario.forces}
    v = ans.case.variant
    sides = (ans.defender, ans.rival)

    def own(ids: list[str]) -> tuple[str, ...]:
        return tuple(sorted(i for i in ids if owner.get(i) in sides))

    return (own(v.add_forces), own(v.remove_forces))


def _cost(value: float) -> str:
    """A first-strike incentive as the stability section writes it, at the model's resolution
    (``< 0.001``), in its sentences and key numbers alike."""
    return fmt_number(value, "cost")


def _moved(value: Any, base: Any) -> bool:
    """Whether a first-strike incentive ``value`` differs from ``base`` as the section prints
    them (:func:`_cost`): a direction ('rises to 0.115') is claimed only for a change a reader
    can see (it was decided at 1e-9, so 'rises to 0.115' could follow a base of 0.115).

    >>> _moved(0.1151, 0.1149), _moved(0.1151, 0.1149 + 1e-12), _moved(0.139, 0.0773)
    (False, False, True)
    """
    return _cost(float(value)) != _cost(float(base))


def _unchanged(words: str, value: float, base: float) -> str:
    """``words`` (a clause saying no defense or variant moves a first-strike incentive that
    prints as ``base``'s, :func:`_moved`), with "at the printed precision" where ``value``
    differs from ``base`` by less than it shows (review28: 'no variant raises it' stood beside
    a variant 1e-5 above; the direction was decided at 1e-9).

    >>> _unchanged("no variant raises it", 0.1149, 0.1149)
    'no variant raises it'
    >>> _unchanged("no defense changes it", 0.11491, 0.1149)
    'no defense changes it at the printed precision'
    """
    return words if abs(value - base) <= 1e-9 else f"{words} at the printed precision"


def _moved_by_posture(
    rest: pd.DataFrame,
    posture: dict[tuple[str, int, str], Any],
    bare: dict[tuple[str, int, str], bool],
    year: int,
) -> list[tuple[pd.Series, pd.Series]]:
    """For each force posture of ``rest`` (rows of one dyad and ``year``, grouped by
    :func:`_posture`) that has an undefended variant (``bare``): that variant's row and the row
    of the variant whose defender's incentive differs most from it (the undefended one where
    none differs), the pair :func:`_other_postures` quotes."""
    groups: dict[Any, list[pd.Series]] = {}
    for _, row in rest.iterrows():
        groups.setdefault(posture.get((row["dyad"], year, row["variant"])), []).append(row)
    out = []
    for rows in groups.values():
        base = next((r for r in rows if bare.get((r["dyad"], year, r["variant"]))), None)
        if base is None:
            continue
        b = float(base["incentive_defender"])
        out.append((base, max(rows, key=lambda r: abs(float(r["incentive_defender"]) - b))))
    return out


class _FirstStrike(NamedTuple):
    """The variants a dyad's first-strike finding quotes, in the year it answers for
    (:func:`_first_strike_picks`): ``rows`` the dyad's rows of ``year``; ``flat`` where no
    side's incentive is defined or nonzero in any variant (the finding then quotes no
    variant); ``same`` the variants with MAD's forces (MAD alone where it has none), ``rest``
    those of other forces; ``lo`` and ``hi`` the lowest and highest defender's incentive of
    ``same``; ``moved`` the pairs of :func:`_moved_by_posture` of ``rest``."""

    year: int
    rows: pd.DataFrame
    flat: bool
    same: pd.DataFrame
    rest: pd.DataFrame
    lo: pd.Series | None
    hi: pd.Series | None
    moved: list[tuple[pd.Series, pd.Series]]

    def quoted(self) -> list[tuple[int, str]]:
        """``(year, variant id)`` of each variant the finding quotes a figure of: MAD, the
        lowest and highest incentive among MAD's forces, and each other posture's undefended
        and most-changed variant (none for a flat finding)."""
        if self.flat or self.lo is None or self.hi is None:
            return []
        ids = ["mad", str(self.lo["variant"]), str(self.hi["variant"])]
        ids += [str(r["variant"]) for pair in self.moved for r in pair]
        return [(int(self.year), v) for v in dict.fromkeys(ids)]


def _first_strike_picks(
    stab: pd.DataFrame,
    posture: dict[tuple[str, int, str], Any],
    bare: dict[tuple[str, int, str], bool],
) -> dict[str, _FirstStrike]:
    """By dyad, the variants its first-strike finding quotes (:class:`_FirstStrike`), in the
    first year with a MAD variant and another: one choice read both by the finding
    (:func:`_stability_section`) and by :func:`build`, which has the report band each of them
    (:func:`anpo.deterrence.bands_report.compute_bands`), so that every figure of the key
    number has its band (the report's picks left the 2030 book's SM-3 underlay out, and its
    key number quoted it without one). ``stab``: the variants' own measures under the
    columns' names (:func:`_own_measures`); ``posture`` and ``bare``: :func:`_posture_keys`."""
    out: dict[str, _FirstStrike] = {}
    for dyad in dict.fromkeys(stab["dyad"]):
        d = stab[stab["dyad"] == dyad]
        for year in sorted(d["year"].unique()):
            y = d[d["year"] == year]
            if y[y["variant"] == "mad"].empty or len(y) < 2:
                continue
            incentives = y[["incentive_defender", "incentive_rival"]]
            unarmed = bool(incentives.isna().all().all())
            if unarmed or bool((incentives.abs() < 1e-9).all().all()):
                out[dyad] = _FirstStrike(int(year), y, True, y, y.iloc[:0], None, None, [])
                break
            # a defense is compared with no defense against the same forces (another force's
            # variants against its own undefended variant, in a clause of their own)
            other = y[y["variant"] != "mad"]
            ref = posture.get((dyad, year, "mad"))
            same = pd.Series(
                [posture.get((dyad, year, v)) == ref for v in other["variant"]], index=other.index
            )
            rest = other[~same]
            other = other[same]
            if other.empty:
                other = y[y["variant"] == "mad"]
            lo = other.loc[other["incentive_defender"].idxmin()]
            hi = other.loc[other["incentive_defender"].idxmax()]
            moved = _moved_by_posture(rest, posture, bare, int(year))
            out[dyad] = _FirstStrike(int(year), y, False, other, rest, lo, hi, moved)
            break
    return out


def _own_measures(stab: pd.DataFrame) -> pd.DataFrame:
    """``stab`` (:func:`anpo.deterrence.questions.stability_table`) with each variant's own
    measures (:func:`anpo.deterrence.questions.own_stability`) under the columns' names, as
    the stability section's sentences, figure and table read them."""
    own = own_stability(stab)
    return own.assign(
        incentive_defender=own["incentive_defender_own"],
        incentive_rival=own["incentive_rival_own"],
        fss=own["fss_own"],
    )


def _posture_keys(
    answers: list[DyadAnswer],
) -> tuple[dict[tuple[str, int, str], Any], dict[tuple[str, int, str], bool]]:
    """By (dyad, year, variant) the forces the findings group variants by (:func:`_posture`),
    and by (dyad, year, variant) whether the variant is the dyad's "without defenses": no layer
    covers the defender against the rival's warheads and none defends the rival's silos, which
    the defender's strike meets, the assured-retaliation finding's rule
    (:func:`_assured_by_posture`). It was keyed by (year, variant) and read the defender's
    cover alone, so a variant with only the rival's silo defense was the undefended base, and
    a layer covering the defender against one rival alone decided for every dyad of the year."""
    posture = {
        (a.label, a.case.scenario.scenario.year, a.case.variant.id): _posture(a) for a in answers
    }
    bare = {
        (a.label, a.case.scenario.scenario.year, a.case.variant.id): (
            not a.covered[a.defender] and not a.case.silo_layers(a.rival)
        )
        for a in answers
    }
    return posture, bare


def _first_strike_quoted(answers: list[DyadAnswer], stab: pd.DataFrame) -> list[tuple[int, str]]:
    """``(year, variant id)`` of every variant a first-strike finding quotes
    (:meth:`_FirstStrike.quoted` of :func:`_first_strike_picks`), for
    :func:`anpo.deterrence.bands_report.compute_bands` to band; ``stab``:
    :func:`anpo.deterrence.questions.stability_table` of ``answers``."""
    picks = _first_strike_picks(_own_measures(stab), *_posture_keys(answers))
    return list(dict.fromkeys(q for p in picks.values() for q in p.quoted()))


def _other_postures(
    rest: pd.DataFrame,
    posture: dict[tuple[str, int, str], Any],
    bare: dict[tuple[str, int, str], bool],
    year: int,
    names: dict[tuple[int, str], str] | None = None,
    said: str = "",
) -> str:
    """For each other force posture of ``year``: the defender's incentive without defenses
    (its undefended variant) and with the defense that changes it most. Where ``rest`` has a
    ``postures`` column (:func:`anpo.deterrence.questions.own_stability`), a figure under other
    postures than ``said`` (those of the sentence's first figures) says which
    (:func:`_postures_differ`): 'with the forces of the “MAD with China on launch on warning”
    variant, the defender's is 0.302' read as the incentive under that posture, where it was
    that of every force riding out the attack."""
    clauses = []
    for base, moved in _moved_by_posture(rest, posture, bare, year):
        b = float(base["incentive_defender"])
        m = float(moved["incentive_defender"])
        own = _postures_differ(base, said)
        how = (
            _unchanged("no defense changes it", m, b)
            if not _moved(m, b)
            else f"{'rises' if m > b else 'falls'} to {_cost(m)} "
            f"({_named(names, year, moved['variant'])}"
            f"{_in_parens(_postures_differ(moved, str(base.get('postures', said))))})"
        )
        # 'the defender's', not 'it': the clause follows the rival's incentive, so 'it is
        # 0.139' read as China's where the figure is the United States'
        clauses.append(
            f"with the forces of the {_named(names, year, base['variant'])} "
            f"variant{_parens(own)}, the defender's is {_cost(b)} without "
            f"defenses and {how}"
        )
    return "; ".join(clauses)


def _postures_differ(row: Any, said: str) -> str:
    """The force postures of ``row``'s stability figures (its ``postures``,
    :func:`anpo.deterrence.questions.own_stability`) where they are not ``said`` (those of the
    figures the sentence gave first), else empty: a sentence that compares figures under
    different postures says so (every figure is the variant's own measure).

    >>> _postures_differ({"postures": "with launch under attack by China"}, "")
    'with launch under attack by China'
    >>> _postures_differ({"postures": ""}, "with launch under attack by China")
    'with no side launching under attack'
    >>> _postures_differ({"postures": "x"}, "x"), _postures_differ({}, "x")
    ('', '')
    """
    if "postures" not in row:
        return ""
    own = str(row["postures"] or "")
    if own == said:
        return ""
    return own or "with no side launching under attack"


def _in_parens(words: str) -> str:
    """``words`` after "; " inside a parenthesis already open, or nothing when empty.

    >>> _in_parens("x"), _in_parens("")
    ('; x', '')
    """
    return f"; {words}" if words else ""


def _parens(words: str) -> str:
    """``words`` in a parenthesis of their own, or nothing when empty.

    >>> _parens("x"), _parens("")
    (' (x)', '')
    """
    return f" ({words})" if words else ""


def _postures_note(own: pd.DataFrame, names: dict[tuple[int, str], str] | None = None) -> str:
    """Which force postures the stability figures of ``own`` (rows of
    :func:`anpo.deterrence.questions.own_stability`) are under, by dyad and variant: each
    variant's figures are its own measure, with launch under attack where a side of the dyad has
    launchers on that posture; empty where no variant has such a force.

    >>> own = pd.DataFrame({"year": [2025] * 3, "variant": ["mad", "low", "mad"],
    ...     "dyad": ["A-B", "A-B", "A-C"],
    ...     "postures": ["with launch under attack by A", "with launch under attack by A and B",
    ...                  ""]})
    >>> _postures_note(own, {(2025, "low"): "“low”"})
    ' Force postures of the figures: A-B, with launch under attack by A in mad, 2025, with launch under attack by A and B in “low”, 2025; A-C, with no side launching under attack in mad, 2025.'
    """
    if not own["postures"].astype(bool).any():
        return ""
    parts = []
    for dyad, by_dyad in own.groupby("dyad", sort=False):
        clauses = []
        for words, rows in by_dyad.groupby(by_dyad["postures"].fillna(""), sort=False):
            keys = rows[["year", "variant"]].drop_duplicates()
            what = words or "with no side launching under attack"
            clauses.append(f"{what} in {_which(keys, names)}")
        parts.append(f"{dyad}, {', '.join(clauses)}")
    return f" Force postures of the figures: {'; '.join(parts)}."


def _undrawn_incentives(stab: pd.DataFrame) -> str:
    """The stability figure's caption clause on the bars it leaves out: the incentives that are
    undefined (a side without deliverable warheads, :meth:`anpo.deterrence.stability.
    DyadStability.defined`), counted and with their reasons, so that a missing bar does not read
    as a zero incentive (only the figure's screen-reader description said so); empty when every
    incentive is defined.

    >>> why = "North Korea has no deliverable warheads in 2001"
    >>> stab = pd.DataFrame({"incentive_defender": [0.1, None, None],
    ...     "incentive_rival": [0.0, None, None], "fss_reason": [None, why, why]})
    >>> _undrawn_incentives(stab)
    ' 4 incentives are undefined and not drawn, which is not an incentive of 0 (North Korea has no deliverable warheads in 2001).'
    >>> _undrawn_incentives(stab.iloc[:1])
    ''
    """
    cols = ["incentive_defender", "incentive_rival"]
    missing = stab[cols].isna()
    n = int(missing.sum().sum())
    if not n:
        return ""
    whys = list(
        dict.fromkeys(
            str(r) for r in stab.loc[missing.any(axis=1), "fss_reason"] if isinstance(r, str) and r
        )
    )
    return (
        f" {n} incentive{'s are' if n > 1 else ' is'} undefined and not drawn, which is not an "
        "incentive of 0" + (f" ({'; '.join(whys)})." if whys else " (the table below says why).")
    )


def _stability_section(
    answers: list[DyadAnswer],
    stab: pd.DataFrame,
    bands: pd.DataFrame | None = None,
    *,
    book: bool = True,
) -> Section:
    """The first-strike stability section (``book``: as for :func:`_exposure_section`);
    ``bands``: the report's band table
    (:func:`anpo.deterrence.bands_report.compute_bands`; None: no bands), whose 5–95% bands of
    the defender's incentive the key numbers quote where the report drew them.

    Every figure the section quotes or draws for a variant is its own measure
    (:func:`anpo.deterrence.questions.own_stability`: with launch under attack where a side has
    launchers on that posture), labelled so; the appendix keeps both conventions' columns."""
    names = _variant_names(answers)
    scens = _scenarios_of(answers)
    every = stab
    own = own_stability(stab)
    # the sentences, the figure and the table read the variant's own measures under the
    # columns' names (the bands are of the same measures: anpo.deterrence.bands)
    stab = _own_measures(stab)
    note = _postures_note(stab, names)
    years = sorted(stab["year"].unique())
    dyads = list(dict.fromkeys(stab["dyad"]))
    drawn = variant_names(scens)
    fig, axes = new_figure(10, 5.2, ncols=max(len(years), 1), sharey=True)
    axes = np.atleast_1d(axes)
    slots = dyad_slots(dyads, scens)
    for ax, year in zip(axes, years, strict=False):
        sub = stab[stab["year"] == year]
        order = list(dict.fromkeys(sub["variant"]))
        x = np.arange(len(order))
        width = 0.8 / max(2 * len(dyads), 1)
        k = 0
        for dyad in dyads:
            d = sub[sub["dyad"] == dyad].set_index("variant").reindex(order)
            # each dyad in its colour of the other deterrence figures (PALETTE in the
            # scenarios' dyad order: the extended-deterrence and band figures); the rival's
            # bars hatched in it
            color = PALETTE[slots[dyad] % len(PALETTE)]
            for col, who in (("incentive_defender", "defender"), ("incentive_rival", "rival")):
                rival = who == "rival"
                ax.bar(
                    x - 0.4 + width * (k + 0.5),
                    d[col].to_numpy(float),
                    width,
                    color="white" if rival else color,
                    edgecolor=color,
                    hatch="////" if rival else None,
                    linewidth=0.6,
                    label=f"{figure_dyad(dyad, scens)}: {who}",
                )
                k += 1
        ax.axhline(0, color="#777777", linewidth=0.8)
        ax.set_xticks(x, _variant_ticks(drawn, year, order), rotation=90, fontsize=6.5)
        ax.set_title(str(year), fontsize=9)
    axes[0].set_ylabel("first-strike incentive (C2 - C1)")
    legend_below(fig, axes[-1], ncol=3)
    undefined = stab[stab["fss"].isna()]
    reasons = sorted(set(undefined["fss_reason"].dropna()))
    defined = stab[stab["fss"].notna()]
    parts = []
    for dyad in dyads:
        d = defined[defined["dyad"] == dyad]
        if d.empty:
            continue
        lo, hi = d.loc[d["fss"].idxmin()], d.loc[d["fss"].idxmax()]
        shown = d["fss"].map(_fss)
        if _fss(lo["fss"]) == _fss(hi["fss"]):
            parts.append(f"{dyad}: index {_fss(lo['fss'])} in every variant ({_which(d, names)})")
            continue
        parts.append(
            f"{dyad}: index {_fss(lo['fss'])} ({_which(d[shown == _fss(lo['fss'])], names)}) to "
            f"{_fss(hi['fss'])} ({_which(d[shown == _fss(hi['fss'])], names)})"
        )
    answer = (
        "Kent-Thaler first-strike stability over the scenarios' variants: "
        + ("; ".join(parts) if parts else "no dyad has an index")
        + "."
        + (
            f" No index where a side cannot reach the other: {'; '.join(reasons)}."
            if reasons
            else ""
        )
        + note
    )
    findings = []
    posture, bare = _posture_keys(answers)
    # the variants each finding quotes, as build has the report band them
    picks = _first_strike_picks(stab, posture, bare)
    defenders = {a.label: a.defender for a in answers}

    defender_names = {a.label: _name(a.case, a.defender) for a in answers}
    band_table = pd.DataFrame() if bands is None else bands

    def incentive(row: pd.Series) -> str:
        """The defender's incentive in ``row``'s variant and dyad, with the variant's name and
        its band where drawn (as the assured-retaliation key number gives them): the number
        read a bare '0.147 → 0.0215', naming neither the measure nor the variants."""
        value = _cost(row["incentive_defender"])  # as its band is written
        vname = _named(names, row["year"], row["variant"]) + _in_parens(_postures_differ(row, said))
        band = own_band(row)
        return f"{value} ({vname}; {band})" if band else f"{value} ({vname})"

    def own_band(row: pd.Series) -> str:
        """The band the report drew of the defender's incentive in ``row``'s variant, of the
        measure ``row`` quotes (its own convention: with launch under attack where a side has
        launchers on that posture), else ``""``."""
        return measure_band(
            band_table,
            int(row["year"]),
            str(row["variant"]),
            str(row["dyad"]),
            "incentive",
            defenders[str(row["dyad"])],
            kind="cost",
            convention=band_convention(str(row["own_convention"])),
        )

    def named_ties(rows: pd.DataFrame, at: pd.Series) -> str:
        """``at``'s variant by name, and the other variants of ``rows`` whose defender's
        incentive prints alike (:func:`_cost`): the finding named one of four tied variants
        ('to 0.0215 (“NMD capability 3”)', as if that capability alone lowered it)."""
        alike = rows[rows["incentive_defender"].map(_cost) == _cost(at["incentive_defender"])]
        others = [
            _named(names, at["year"], v) for v in alike["variant"] if str(v) != str(at["variant"])
        ]
        first = _named(names, at["year"], at["variant"])
        return f"{first}; the same under {join_words(others)}" if others else first

    def labelled(dyad: str, figures: str) -> str:
        """The key number with what it is: the defender's first-strike incentive (under the
        postures ``said``, those of the first figure)."""
        return f"first-strike incentive of {_the(defender_names[dyad])}{_parens(said)}: {figures}"

    said = ""  # the postures of the finding's first figures (its undefended variant's)

    for dyad in dyads:
        pick = picks.get(dyad)
        if pick is None:
            continue
        year, y = pick.year, pick.rows
        mad = y[y["variant"] == "mad"].iloc[0]
        said = str(mad["postures"] or "")
        question = f"Does missile defense make a first strike more attractive ({dyad}, {year})?"
        confidence = (
            "Low: the cost function and the damage curve are modelling choices "
            "(Kent & Thaler's weights; anpo's exponential curve)."
        )
        if pick.flat or pick.lo is None or pick.hi is None:
            unarmed = bool(y[["incentive_defender", "incentive_rival"]].isna().all().all())
            reason = mad["fss_reason"] if isinstance(mad["fss_reason"], str) else ""
            findings.append(
                Finding(
                    question=question,
                    answer=(
                        (f"{upper_first(reason)}: " if reason else "")
                        + (
                            "a side without deliverable warheads cannot strike first, so "
                            "neither side's first-strike incentive is defined, in any variant."
                            if unarmed
                            else "neither side's cost depends on who strikes first, in any variant."
                        )
                    ),
                    number=(
                        f"undefined: {reason or 'a side cannot strike first'}"
                        if unarmed
                        else "no incentive either way"
                    ),
                    confidence=confidence,
                )
            )
            continue
        other, rest, lo, hi = pick.same, pick.rest, pick.lo, pick.hi
        base = float(mad["incentive_defender"])
        extra = _other_postures(rest, posture, bare, year, names, said)
        if _moved(hi["incentive_defender"], base) and hi["incentive_defender"] > base:
            change = (
                f"rises to {_cost(hi['incentive_defender'])} ({named_ties(other, hi)}"
                f"{_in_parens(_postures_differ(hi, said))})"
            ) + (
                f" and falls to {_cost(lo['incentive_defender'])} ({named_ties(other, lo)}"
                f"{_in_parens(_postures_differ(lo, said))})"
                if _moved(lo["incentive_defender"], base) and lo["incentive_defender"] < base
                else ""
            )
            number = labelled(dyad, f"{incentive(mad)} → {incentive(hi)}")
        elif _moved(lo["incentive_defender"], base) and lo["incentive_defender"] < base:
            change = (
                f"falls with the defenses, to {_cost(lo['incentive_defender'])} "
                f"({named_ties(other, lo)}{_in_parens(_postures_differ(lo, said))}); "
                f"{_unchanged('no variant raises it', float(hi['incentive_defender']), base)}"
            )
            number = labelled(dyad, f"{incentive(mad)} → {incentive(lo)}")
        else:
            spread = max(
                abs(float(hi["incentive_defender"]) - base),
                abs(float(lo["incentive_defender"]) - base),
            )
            change = (
                "is the same in every variant"
                if spread <= 1e-9
                else "is the same in every variant at the printed precision"
            )
            number = labelled(dyad, incentive(mad))
        findings.append(
            Finding(
                question=question,
                answer=(
                    f"The defender's first-strike incentive (its cost struck first minus "
                    f"striking first){f', {said},' if said else ''} is {_cost(base)} without "
                    f"defenses and {change}; "
                    f"the rival's is {_cost(mad['incentive_rival'])} without defenses"
                    + (f"; {extra}" if extra else "")
                    + "."
                ),
                number=number,
                confidence=confidence,
            )
        )
    # the index as a number (shown at the model's resolution, '< 0.001') and why it is undefined
    # in a column of its own: the CSV file of this table held the text '< 0.001', a rounded
    # '0.708' and 'undefined: ...' in one column, where the other CSV files keep the values
    # each variant's own measures, under their own names (the CSV's 'incentive_defender' is the
    # measure without launch under attack wherever it is written), and which postures they are
    small = own[
        [
            "year",
            "variant",
            "dyad",
            "fss_own",
            "fss_reason",
            "incentive_defender_own",
            "incentive_rival_own",
            "postures",
        ]
    ].copy()
    small["fss_reason"] = small["fss_reason"].fillna("")
    return Section(
        id="deterrence-stability",
        title="First-strike stability with and without missile defense",
        question=(
            "Does moving from MAD to NMD/TMD make a first strike more attractive? "
            "'During the Cold War era, stability was established over consensus on mutually "
            "assured destruction' (the seed)."
        ),
        model=(
            "Kent & Thaler (RAND R-3765, App. C): each side's cost C = "
            f"{_cost_words(answers, other='D_enemy')}, here its expectation over the exact "
            "distributions of arriving "
            "warheads; C1 = a side's cost striking first, C2 = its cost struck first (the other "
            "striking first, each striker choosing the allocation that minimises its expected "
            "cost). The first-strike incentive C2 - C1 is reported for each side; the index "
            "FSS = min(1, C1_A/C2_A) x min(1, C1_B/C2_B) only where both sides can reach the "
            "other."
        ),
        assumptions=COMMON_ASSUMPTIONS
        + [
            "The striker commits its silo forces and "
            f"{_setting(answers, 'survivable_use', _whole_pct)} of its other forces; launch under "
            f"attack saves {_setting(answers, 'lua_fraction', _whole_pct)} of a "
            "launch-under-attack component (Kent & Thaler's reported conventions, parameters of "
            "each scenario file).",
            "Damage to value: D(w) = 1 - exp(-w ln 5 / w80), anpo's documented default curve, not "
            "Kent & Thaler's own.",
            "Counterforce warheads come from silo-based missiles first, then road-mobile, "
            "sea-based and bomber weapons; the rest strike the victim's value.",
            "Schelling's reciprocal-fear index (D1 - D2)(d1 - d2) is not shown: for the book's "
            "lopsided pairs it is floating-point noise."
            if book
            else "Schelling's reciprocal-fear index (D1 - D2)(d1 - d2) is not shown: for "
            "lopsided pairs, as those of the built-in book, it is floating-point noise.",
        ],
        sources=COMMON_SOURCES,
        figures=[
            Figure(
                "First-strike incentives by variant",
                svg_from_matplotlib(fig),
                "Bars above zero: the side is better off striking first."
                + _undrawn_incentives(stab)
                + note,
                description=(
                    "For each year, variant and dyad, each side's first-strike incentive: its "
                    "expected cost of being struck first minus that of striking first (no bar "
                    "where a side has no deliverable warheads: the incentives are undefined), "
                    "under the variant's own force postures (with launch under attack where a "
                    "side has launchers on that posture and the other deliverable warheads)."
                ),
                definition=_def_incentive(_cost_words(answers)) + ".",
            )
        ],
        tables=[
            Table(
                "Stability index (undefined where a side cannot reach the other; below "
                f"{FSS_FLOOR:g} it divides a near-zero cost and only its order matters) and "
                "first-strike incentives under each variant's own force postures (with launch "
                "under attack where a side has launchers on that posture and the other deliverable "
                "warheads; the appendix gives "
                "both conventions)",
                small.reset_index(drop=True),
            )
        ],
        appendix=[
            Table(
                "Both exchanges of every dyad: expected costs, incentives, index, allocation",
                # a defined index has no reason: an empty cell, as in the table above (a dash,
                # the report's mark of an undefined value, read as 'the reason is undefined')
                every.drop(columns=["scenario"]).assign(fss_reason=every["fss_reason"].fillna("")),
                name="deterrence-stability-all",
            )
        ],
        answer=answer,
        caveat=(
            "The index is a ratio of costs; for a lopsided pair read the incentives, which do "
            "not divide small numbers."
        ),
        findings=findings,
    )


# ----------------------------------------------------------------------------- reaction
def _reaction_figure(
    reaction: pd.DataFrame, defender: str, rival: str, drawn: dict[tuple[int, str], str]
) -> Any:
    """Small multiples by year; within a year, variants whose curves are identical share one
    line (labelled with all of them, by their short names ``drawn``, :func:`variant_names`), so
    a panel never needs more colours than the palette has (24 variant lines in one panel reused
    the eight colours three times)."""
    from matplotlib.ticker import MaxNLocator

    years = list(dict.fromkeys(reaction["year"])) if not reaction.empty else []
    fig, axes = new_figure(10, 5.4, ncols=max(len(years), 1))
    axes = np.atleast_1d(axes)
    for ax, year in zip(axes, years, strict=False):
        sub = reaction[reaction["year"] == year]
        curves: dict[tuple[Any, ...], list[str]] = {}
        for var, grp in sub.groupby("variant", sort=False):
            key = tuple(zip(grp["interceptors"], grp["launchers_needed"], strict=True))
            curves.setdefault(key, []).append(figure_variant(drawn, year, var))
        shown = list(curves.items())

        def points(key: tuple[Any, ...]) -> tuple[np.ndarray, np.ndarray]:
            """x, y of a curve; no force meets the goal (-1) is a gap, not a point below 0."""
            x = np.array([k[0] for k in key], dtype=float)
            y = np.array([k[1] if k[1] >= 0 else np.nan for k in key], dtype=float)
            return x, y

        for (key, names), color in zip(shown, colors(min(len(shown), len(PALETTE))), strict=False):
            # a label naming many variants is wrapped: one long line collapsed the panel (a
            # third of the figure's width) under constrained layout
            label = textwrap.fill("; ".join(names), width=30, break_on_hyphens=False)
            ax.plot(*points(key), marker="o", markersize=3, color=color, label=label)
        if len(shown) > len(PALETTE):  # the rest in grey, unlabelled: the table has them
            for key, _ in shown[len(PALETTE) :]:
                ax.plot(*points(key), color="#BBBBBB", lw=0.8)
        ax.set_title(str(year), fontsize=9)
        ax.set_ylim(bottom=0, top=max(1.0, ax.get_ylim()[1]))  # a count: no negative axis
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # whole launchers only
        ax.set_xlabel(f"{_poss(defender)} interceptors", fontsize=8)
        # below the panel: the variants' names, several to a line, covered the curves
        ax.legend(fontsize=6, loc="upper center", bbox_to_anchor=(0.5, -0.16), frameon=False)
    axes[0].set_ylabel(f"launchers {rival} needs")
    return fig


NO_FORCE = f"none up to {REACTION_MAX_LAUNCHERS:,}"
"""What the reaction table shows where no force up to the search limit meets the goal."""


def _reaction_pivot_report(grp: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The report's reaction table for one year of the main dyad: the rows of
    :func:`anpo.deterrence.questions.reaction_table`, a row per variant (with its growth
    component and current launchers), a column per interceptor count, and the caption's note on
    cells where no force meets the goal: those cells say so in words (the table printed the
    search's -1, with the caption decoding it), since a reader of the page meets the cell before
    the caption.

    Not the terminal's table (:func:`anpo.cli.deterrence._reaction_pivot_terminal`: every dyad
    of one file, a dash in the cell).

    >>> frame = pd.DataFrame({"variant": ["mad", "mad"], "growth_component": ["g", "g"],
    ...     "current_launchers": [0, 0], "interceptors": [0, 100], "launchers_needed": [1, -1]})
    >>> piv, note = _reaction_pivot_report(frame)
    >>> int(piv.loc[0, "0"]), piv.loc[0, "100"]
    (1, 'none up to 20,000')
    >>> note
    '; none up to 20,000: no force of up to 20,000 launchers meets the goal'
    """
    # the defender's strike level on the growth component beside it: launcher counts of
    # variants with different levels rest on different counterforce assumptions
    index = [
        c
        for c in ("variant", "growth_component", "current_launchers", "counterforce_level")
        if c in grp.columns
    ]
    piv = grp.pivot_table(index=index, columns="interceptors", values="launchers_needed")
    piv = piv.reset_index()
    # the variants in the book's order, as every other table of the section has them (the
    # pivot sorted them by id: 'gmd-global' first, 'MAD' in the middle)
    order = {v: i for i, v in enumerate(dict.fromkeys(grp["variant"]))}
    piv = piv.sort_values("variant", key=lambda s: s.map(order), kind="stable")
    piv = piv.reset_index(drop=True)
    piv.columns = [str(c) for c in piv.columns]
    counts = [c for c in piv.columns if c not in index]
    missing = False
    for c in counts:
        if (piv[c] < 0).any():
            missing = True
            piv[c] = pd.Series(
                [NO_FORCE if v < 0 else int(v) for v in piv[c]], index=piv.index, dtype=object
            )
    note = (
        f"; {NO_FORCE}: no force of up to {REACTION_MAX_LAUNCHERS:,} launchers meets the goal"
        if missing
        else ""
    )
    return piv, note


def _full_doctrine_note(grp: pd.DataFrame, names: Mapping[str, str] | None = None) -> str:
    """Why a year's curves flatten at the top of the grid, from the rows of
    :func:`anpo.deterrence.questions.reaction_table` computed with ``ceiling=True``: the variants
    (by ``names``, else id) whose curve, from some interceptor count N on, stands at its ceiling
    ``launchers_full_doctrine`` (the count against an unlimited inventory, which fires the
    layer's full doctrine, ``shots_per_object``, at every object), with N the first count from
    which every later point equals it. Not for a curve that starts at its ceiling (the defense
    changes nothing), that never reaches it on the grid, or whose ceiling is no force up to the
    search limit. Empty when no curve flattens so, or for a table without the ceiling.

    >>> frame = pd.DataFrame({"variant": ["c1"] * 3, "interceptors": [0, 400, 600],
    ...     "launchers_needed": [1, 70, 85], "launchers_full_doctrine": [85] * 3,
    ...     "shots_per_object": [4] * 3})
    >>> _full_doctrine_note(frame, {"c1": "“C1”"})[:71]
    'The curve of “C1” stands from 600 interceptors on at 85 launchers, the '
    >>> _full_doctrine_note(frame.assign(launchers_full_doctrine=86))
    ''
    """
    if grp.empty or "launchers_full_doctrine" not in grp.columns:
        return ""
    flat: dict[tuple[int, int, int], list[str]] = {}
    for var, rows in grp.groupby("variant", sort=False):
        rows = rows.sort_values("interceptors", kind="stable")
        top = int(rows["launchers_full_doctrine"].iloc[0])
        need = rows["launchers_needed"].to_numpy()
        at = need == top
        if top < 0 or at[0] or not at[-1]:
            continue
        first = len(at) - 1  # the first count from which every later point is at the ceiling
        while at[first - 1]:
            first -= 1
        key = (int(rows["interceptors"].iloc[first]), top, int(rows["shots_per_object"].iloc[0]))
        flat.setdefault(key, []).append((names or {}).get(str(var), str(var)))
    if not flat:
        return ""
    # the doctrine's shots per object once when every flattening layer fires alike
    alike = len({shots for _, _, shots in flat}) == 1
    clauses = [
        f"the curve{'s' if len(who) > 1 else ''} of {join_words(who)} "
        f"stand{'' if len(who) > 1 else 's'} from {n:,} interceptors on at {top:,} "
        f"launcher{'s' if top != 1 else ''}"
        + ("" if alike else f" ({shots} interceptor{'s' if shots != 1 else ''} per object)")
        for (n, top, shots), who in flat.items()
    ]
    shots = next(iter(flat))[2]
    text = (
        "; ".join(clauses)
        + (", each" if len(clauses) > 1 else ",")
        + " the count against an unlimited inventory, which fires the layer's full doctrine"
        + (f" ({shots} interceptor{'s' if shots != 1 else ''} per object)" if alike else "")
        + " at every object it engages: more interceptors do not change it, and it does not "
        "depend on the layer's discrimination or the rival's decoys (a decoy then draws "
        "interceptors no RV needed), so curves that differ in them alone meet there"
    )
    return upper_first(text)  # it opens a sentence of the caption


class _CurvePoint(NamedTuple):
    """The reaction curve at a variant's own interceptor count, as the findings quote it:
    ``need`` -1 where no force up to the search limit meets the goal; ``band`` where the
    report drew one (:func:`anpo.deterrence.bands_report.reaction_band`); ``vid`` the
    variant's id; ``dyad`` (its label) and ``rival`` where the band table files its band;
    ``first`` where the level comes from (:func:`anpo.deterrence.questions.level_first_force`:
    None, the variant's exchange or carried over; else the launchers of the smallest force of
    the growth component the strike can hit, which the level was planned against, 0 for none).
    """

    year: int
    vname: str
    own: int
    need: int
    have: int
    band: CurveBand | None
    level: int = 0
    held: bool = True
    vid: str = ""
    dyad: str = ""
    rival: str = ""
    first: int | None = None


def _strike_clause(p: _CurvePoint, defender: str) -> str:
    """What the counterforce assumption of a curve point is, in words (of the growth
    component's launchers): the defender's first-strike warheads per launcher."""
    who = _poss(_the(defender))
    if p.level == 0:
        return f"never struck by {who} first strike"
    return f"each struck by {p.level} of {who} first-strike warhead{'s' if p.level > 1 else ''}"


def _level_origin(p: _CurvePoint, rival: str) -> str:
    """Where a curve point's counterforce level comes from when its variant's exchange had no
    launcher of the growth component to strike (empty when it had: the exchange chose the
    level): the plan against the smallest force of it with a launcher to strike, or no force
    up to the search's limit with one (``p.first``,
    :func:`anpo.deterrence.questions.level_first_force`), else carried over from the strike on
    the rival's other forces, in the words of
    :func:`anpo.deterrence.questions.level_origin`, as the web page's caption says it. It said
    "carried over" of a level planned against the component itself (deter31), and "no force of
    them has a launcher to strike" where the smallest such force was beyond the search's limit
    (review31).

    >>> pt = lambda have, held, first: _CurvePoint(
    ...     2001, "“MAD”", 0, 5, have, None, 9, held, first=first)
    >>> _level_origin(pt(0, False, 2), "China")
    "the “MAD” variant holds none of them, so the level is the exchange's choice against the smallest force of them with a launcher to strike, 2 launchers"
    >>> _level_origin(pt(1, True, 2), "China")
    "the “MAD” variant holds only 1 of them, all spared by their survivable fraction, so the level is the exchange's choice against the smallest force of them with a launcher to strike, 2 launchers"
    >>> _level_origin(pt(0, False, None), "China")
    "the “MAD” variant holds none of them, so the level is carried over from the strike on China's other forces"
    >>> _level_origin(pt(0, False, 0), "China")
    "the “MAD” variant holds none of them, and no force of them up to the search's 20,000 launchers has a launcher to strike"
    >>> _level_origin(pt(60, True, None), "China")
    ''
    """
    if p.first is None and p.held:
        return ""
    holds = (
        "holds none of them"
        if not p.have
        else f"holds only {p.have} of them, all spared by their survivable fraction"
    )
    # the curve points' first is level_first_force's at the report's search limit, the default
    origin = level_origin(p.first, of="them", whose=_poss(rival))
    link = ", and " if p.first == 0 else ", so the level is "
    return f"the {p.vname} variant {holds}{link}{origin}"


def _needs_most(p: _CurvePoint) -> tuple[bool, int]:
    """Order of curve points by the launchers they need, a point no force meets last (-1)."""
    return (p.need < 0, p.need)


def _headline(rows: list[_CurvePoint]) -> _CurvePoint:
    """Of one year's curve points, the one the reaction key finding headlines: the variant whose
    rival needs the most launchers at its own interceptor count (a point no force meets first);
    among ties, one whose counterforce level is its own exchange's choice against launchers of
    the growth component it holds (``first`` None, held: a level resting on fewer assumptions
    than the plan against a force the variant lacks, :func:`_level_origin`), then the first in
    the book's order, unless a later tie has a band and it has none. The band code bands this
    variant's curve (:func:`_reaction_headlines`), so the headline's band is the headline's own;
    the same function picks both, so they cannot diverge.

    Review31: in 2001 “NMD capability 3” and “NMD capability 3 with China modernized” both
    need 98 launchers; the first in the book's order won, though it holds no DF-31A and its
    level (9) is the exchange's plan against 2 launchers the variant does not have, where the
    modernized variant's level is its exchange's own choice.

    >>> pt = lambda v, need, held, first: _CurvePoint(
    ...     2001, v, 0, need, 0, None, 9, held, vid=v, first=first)
    >>> _headline([pt("A", 5, True, None), pt("B", 98, False, 2), pt("C", 98, True, None)]).vid
    'C'
    >>> _headline([pt("A", 98, False, 2), pt("B", 98, True, 2), pt("C", 5, True, None)]).vid
    'A'
    """
    top = max(rows, key=_needs_most)
    # stable: the book's order among ties of the same kind
    tied = sorted((p for p in rows if p.need == top.need), key=lambda p: not _own_level(p))
    return next((p for p in tied if p.band), tied[0])


def _own_level(p: _CurvePoint) -> bool:
    """Whether a curve point's counterforce level is its variant's own exchange's choice
    against launchers of the growth component the variant holds, not the plan against a force
    it lacks or carried over from other forces (:func:`_level_origin` empty)."""
    return p.held and p.first is None


def _need_ranges(rows: list[_CurvePoint], defender: str) -> str:
    """One year's launchers needed in the reaction section's answer: from the fewest to the most
    over the variants, with what the two variants named hold; where the variants assume
    different counterforce levels against the growth component, one range per level, the
    level said, the range with the most needed first (review8: '1 (“MAD”) to 98 (“NMD
    capability 3 with China modernized”)' set a count on launchers never struck beside one on
    launchers each struck by 11 warheads, and took what China holds from every variant).

    >>> pt = lambda v, need, have, level: _CurvePoint(2001, v, 0, need, have, None, level)
    >>> _need_ranges([pt("A", 1, 0, 0), pt("B", 59, 0, 0)], "United States")
    'from 1 (A) to 59 (B), against the 0 it holds in those variants'
    >>> _need_ranges([pt("A", 1, 0, 0), pt("B", 59, 0, 0), pt("C", 1, 60, 11),
    ...     pt("D", 98, 60, 11)], "United States")  # doctest: +NORMALIZE_WHITESPACE
    "with its launchers of the growth component each struck by 11 of the United States'
    first-strike warheads, from 1 (C) to 98 (D), against the 60 it holds in those variants;
    with them never struck by the United States' first strike, from 1 (A) to 59 (B), against
    the 0 it holds in those variants"
    >>> _need_ranges([pt("A", 5, 3, 2), pt("B", 5, 4, 2), pt("C", -1, 2, 0)], "China")
    "with its launchers of the growth component never struck by China's first strike, more than 20,000 (C), against the 2 it holds there; with them each struck by 2 of China's first-strike warheads, 5 in each of the 2 variants, against the 3 to 4 it holds in those variants"
    """
    levels = list(dict.fromkeys(p.level for p in sorted(rows, key=_needs_most, reverse=True)))
    out = []
    for i, level in enumerate(levels):
        at = [p for p in rows if p.level == level]
        low, high = min(at, key=_needs_most), max(at, key=_needs_most)
        # -1: no force up to the search limit meets the goal (low too, when none does)
        needs = [
            f"{p.need}" if p.need >= 0 else f"more than {REACTION_MAX_LAUNCHERS:,}"
            for p in (low, high)
        ]
        if len(at) == 1:
            span, named = f"{needs[1]} ({high.vname})", [high]
        elif low.need == high.need:
            span, named = f"{needs[1]} in each of the {len(at)} variants", at
        else:
            span, named = f"from {needs[0]} ({low.vname}) to {needs[1]} ({high.vname})", [low, high]
        # what the variants named hold (not every variant's: review8)
        held = sorted({p.have for p in named})
        holding = f"{held[0]} to {held[-1]}" if len(held) > 1 else f"{held[0]}"
        there = "there" if len(named) == 1 else "in those variants"
        said = f"{span}, against the {holding} it holds {there}"
        if len(levels) > 1:
            whose = "its launchers of the growth component" if i == 0 else "them"
            said = f"with {whose} {_strike_clause(high, defender)}, {said}"
        out.append(said)
    return "; ".join(out)


def _reaction_curves(
    ctx: ReportContext, answers: list[DyadAnswer]
) -> tuple[list[DyadAnswer], pd.DataFrame]:
    """The answers of the main dyad (:func:`_main_dyad`) and their reaction curves
    (:func:`anpo.deterrence.questions.reaction_table`, one frame; empty when no curve is
    defined): what the reaction section and :func:`_reaction_headlines` read."""
    dyad = _main_dyad(answers)
    chosen = [a for a in answers if a.label == dyad]
    frames = []
    for a in chosen:
        ctx.progress(f"reaction curve: {a.case.id}")
        # with the ceiling: the table's caption says where a curve reaches it
        frames.append(reaction_table(a, ceiling=True))
    frames = [f for f in frames if not f.empty]
    return chosen, pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _drop_empty(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """``frame`` without those of ``columns`` that hold nothing in any row (blank or missing):
    a column the page and its CSV file print blank in every row says nothing, and its header
    reads as a measure the report computed (``silo_defense_unapplied``, which names the rival's
    silo defense a reaction curve leaves out, is blank where no variant has one, as in every
    built-in scenario: rep30).

    >>> _drop_empty(pd.DataFrame({"a": [1], "b": [""], "c": ["x"]}), ["b", "c"]).columns.tolist()
    ['a', 'c']
    """
    empty = [
        c
        for c in columns
        if c in frame.columns and (frame[c].isna() | (frame[c].astype(str) == "")).all()
    ]
    return frame.drop(columns=empty)


def _curve_points(
    chosen: list[DyadAnswer], reaction: pd.DataFrame, band_table: pd.DataFrame | None = None
) -> list[_CurvePoint]:
    """Each variant's reaction curve at its own interceptor count (:func:`_own_curve_interceptors`;
    off the grid, the first computed count above it, never below), with its band where
    ``band_table`` holds one (:func:`_with_bands`); without ``band_table``, no band (the
    points :func:`_reaction_headlines` reads, which the bands are then computed for)."""
    parts: list[_CurvePoint] = []
    if reaction.empty:
        return parts
    for a in chosen:
        sub = reaction[
            (reaction["year"] == a.case.scenario.scenario.year)
            & (reaction["variant"] == a.case.variant.id)
        ]
        if sub.empty:
            continue
        own = _own_curve_interceptors(a, str(sub["growth_component"].iloc[0]))
        at = sub[sub["interceptors"] == own]
        if at.empty:  # not on the grid: the first computed count above it (never below)
            at = sub[sub["interceptors"] >= own].head(1)
        if at.empty:
            at = sub.tail(1)
        row = at.iloc[0]
        own = int(row["interceptors"])
        need = int(row["launchers_needed"])
        have = int(row["current_launchers"])
        year = a.case.scenario.scenario.year
        # the counterforce assumption the count rests on: the defender's warheads per
        # launcher of the growth component, whether the variant holds it and where the level
        # comes from where its exchange had none of it to strike (the plan against the
        # smallest force with a launcher to strike; else carried over, maybe 0)
        level = int(row["counterforce_level"])
        growth_id = str(row["growth_component"])
        holds_it = any(f.id == growth_id for f in a.case.forces())
        parts.append(
            _CurvePoint(
                year,
                _vname(a.case.variant),
                own,
                need,
                have,
                None,
                level,
                holds_it,
                a.case.variant.id,
                a.label,
                a.rival,
                level_first_force(a, growth_id),
            )
        )
    return parts if band_table is None else _with_bands(parts, band_table)


def _with_bands(parts: list[_CurvePoint], band_table: pd.DataFrame) -> list[_CurvePoint]:
    """``parts`` (:func:`_curve_points`), each with its band where the report drew it: its
    variant's curve at its own count (:func:`anpo.deterrence.bands_report.reaction_band`)."""
    return [
        p._replace(band=reaction_band(band_table, p.year, p.vid, p.dyad, p.rival, p.own))
        for p in parts
    ]


def _reaction_headlines(parts: list[_CurvePoint]) -> list[tuple[int, str]]:
    """``(year, variant id)`` of the variant each year's reaction key finding headlines
    (:func:`_headline` on the point estimates of :func:`_reaction_curves`), where its rival
    needs launchers of its growth component (a year where every variant needs none headlines
    the banded national defense's 0, which needs no other band): the variants whose reaction
    curves :func:`anpo.deterrence.bands_report.compute_bands` bands besides its own picks, so
    that the finding's band is that of the variant, interceptor count and counterforce level
    its number is for. ``parts``: the curve points of :func:`_reaction_curves`, without bands
    (:func:`_curve_points`)."""
    out = []
    for year in sorted({p.year for p in parts}):
        top = _headline([p for p in parts if p.year == year])
        if top.need != 0:
            out.append((year, top.vid))
    return out


def _reaction_section(
    ctx: ReportContext,
    answers: list[DyadAnswer],
    bands: pd.DataFrame | None = None,
    curves: tuple[list[DyadAnswer], pd.DataFrame] | None = None,
    points: list[_CurvePoint] | None = None,
) -> Section:
    """The reaction-curve section; ``bands``: the report's band table
    (:func:`anpo.deterrence.bands_report.compute_bands`; None: no bands), whose band of a
    quoted curve point the key numbers give; ``curves``: :func:`_reaction_curves` of
    ``answers`` when the caller has it, and ``points`` its curve points without bands
    (:func:`_curve_points`) when the caller has them."""
    dyad = _main_dyad(answers)
    if curves is None:
        curves, points = _reaction_curves(ctx, answers), None
    chosen, reaction = curves
    sample = chosen[0]
    rival = _name(sample.case, sample.rival)
    defender = _name(sample.case, sample.defender)
    fig = _reaction_figure(reaction, defender, rival, variant_names(_scenarios_of(chosen)))
    shown = variant_names(_scenarios_of(chosen), figure=False)
    findings = []
    tables = []
    parts = []
    if not reaction.empty:
        for year in reaction["year"].unique():  # in order of appearance, as groupby(sort=False)
            grp = reaction[reaction["year"] == year]
            piv, none_note = _reaction_pivot_report(grp)
            piv = _with_names(piv, shown, _force_names(chosen), year)
            st = next(a for a in chosen if a.case.scenario.scenario.year == year)
            names = {v: f"“{n}”" for (y, v), n in shown.items() if y == year}
            tables.append(
                Table(
                    f"{year}: launchers {rival} needs by interceptor count (m = "
                    f"{st.case.scenario.settings.reaction_m}, q = "
                    f"{fmt_number(st.case.scenario.settings.reaction_q, 'percent')})",
                    piv,
                    "Columns: the interceptor inventory of the first layer covering the "
                    "defender that can engage the growth component"
                    + none_note
                    + ". "
                    # a variant without such a layer borrows one: which, and its parameters
                    + (f"{caveats}. " if (caveats := reaction_notes(grp, names)) else "")
                    # why the curves flatten at the top of the grid, where they do
                    + (f"{flat}. " if (flat := _full_doctrine_note(grp, names)) else "")
                    + LEVEL_NOTE,
                    # a column an interceptor count: more variants than the page's body holds
                    # (the user's files) make the table a CSV file, whose counts were defined
                    # nowhere (report33)
                    definitions={
                        c: f"launchers of the growth component (existing ones included) the "
                        f"rival needs for P(at least m warheads arrive) >= q after the "
                        f"defender's first strike when the varied layer holds {c} interceptors "
                        f"('{NO_FORCE}': no force up to the search limit meets the goal)"
                        for c in map(str, piv.columns)
                        if c.isdigit()
                    },
                )
            )
        band_table = pd.DataFrame() if bands is None else bands
        unbanded = _curve_points(chosen, reaction) if points is None else points
        parts = _with_bands(unbanded, band_table)
        for year in sorted({p.year for p in parts}):
            rows = [p for p in parts if p.year == year]
            # the variant needing most; of variants needing alike, one whose band the report
            # drew (the report bands this one's curve: _reaction_headlines)
            worst = _headline(rows)
            # the band of the variant quoted (not where it and every draw need none, as the
            # answer says); else the banded variant's, named in the answer
            band = worst.band if worst.band and not worst.band.flat_zero else None
            # the headline's own band: same variant, interceptor count and counterforce level
            # (the draws keep the striker's plan), so its point estimate is the headline's count
            own_band = (
                f" Over {band.drawn()} of the uncertain inputs, at the same variant, interceptor "
                f"count and counterforce level, {rival} needs a median of {band.text()}."
                if band is not None and worst.need != 0
                else ""
            )
            banded = next((p for p in rows if p.band and not p.band.flat_zero), None)
            other = (
                f" Over the uncertain inputs, at the {banded.vname} variant's {banded.own} "
                f"interceptors (the curve the report bands), {rival} needs a median of "
                f"{banded.band.text()}"
                + (
                    # two counts on different counterforce assumptions: the gap is said to be
                    # theirs, not the defense's or the uncertainty's
                    f", its launchers {_strike_clause(banded, defender)}, against "
                    f"{worst.level} first-strike warhead{'s' if worst.level != 1 else ''} "
                    f"each in the {worst.vname} variant"
                    + (f" ({origin})." if (origin := _level_origin(banded, rival)) else ".")
                    if banded.level != worst.level
                    else "."
                )
                if worst.band is None and banded is not None and banded.band is not None
                else ""
            )
            quoted = f" ({worst.vname}; median {band.median}, 5–95%: {band.ends})" if band else ""
            # where no variant needs more, what the rival holds, over every variant: a variant
            # that adds a force may grow that one (12 MIRVed launchers, not the first's 40)
            held = sorted({p.have for p in rows}) if worst.need == 0 else [worst.have]
            holds = f"{held[0]}" if len(held) == 1 else f"{held[0]} to {held[-1]}"
            findings.append(
                Finding(
                    question=f"How far must {rival} grow against missile defense ({year})?",
                    answer=(
                        f"{rival} already meets its goal with its other forces against every "
                        f"variant's defense (it holds {holds} launchers of its growth component"
                        + (")." if len(held) == 1 else ", by variant).")
                        if worst.need == 0
                        else f"Against the {worst.vname} variant ({worst.own} interceptors in the "
                        f"layer the curve varies), {rival} "
                        + (
                            "cannot meet its goal with any force up to "
                            f"{REACTION_MAX_LAUNCHERS:,} launchers"
                            if worst.need < 0
                            else f"needs {worst.need} launchers of its growth component "
                            f"(it has {worst.have}, {_strike_clause(worst, defender)}"
                            + (f": {origin})" if (origin := _level_origin(worst, rival)) else ")")
                        )
                        + "."
                    )
                    + own_band
                    + other,
                    # launchers, as the answer counts them; where no force meets the goal the
                    # number says so (it read 'none needed', as if the goal were already kept)
                    number=(
                        f"{worst.need} launchers needed{quoted}, {holds} held"
                        if worst.need >= 0
                        else f"no force up to {REACTION_MAX_LAUNCHERS:,} launchers meets the "
                        f"goal{quoted}, {worst.have} held"
                    ),
                    confidence=(
                        "Medium: exact for the given inputs; the defender's counterforce level "
                        "against the added launchers is an assumption (the table's counterforce "
                        "level column: the exchange's choice; where the variant holds no "
                        "launcher of the growth component to strike, its choice against the "
                        "smallest force of it with one, else carried over from its strike on "
                        "other forces)."
                    ),
                )
            )
    # why a curve is undefined (reaction_undefined), each reason once, in the answers' order
    whys = list(dict.fromkeys(w for a in chosen if (w := reaction_undefined(a)) is not None))
    no_curve = pd.DataFrame({"note": ["undefined: " + "; ".join(whys)]})
    # why the figure has nothing to draw: no curve is defined, or no force meets the goal
    # anywhere on the grid (the -1 of every point is a gap)
    if reaction.empty:
        not_drawn = f"no reaction curve is defined ({'; '.join(whys)})" if whys else ""
    elif bool((reaction["launchers_needed"] < 0).all()):
        not_drawn = (
            f"at no interceptor count does a force of up to {REACTION_MAX_LAUNCHERS:,} launchers "
            f"meet {_poss(_the(rival))} goal, so no curve has a point to draw"
        )
    else:
        not_drawn = ""
    if not tables:
        tables.append(Table("Launchers needed by interceptor count", no_curve))
    if parts:
        goal = sample.case.scenario.settings
        per_year = []
        for year in sorted({p.year for p in parts}):
            rows = [p for p in parts if p.year == year]
            if all(p.need == 0 for p in rows):
                per_year.append(
                    f"in {year} its other forces already meet it against every variant's "
                    "defense (no launcher of the growth component needed)"
                )
                continue
            per_year.append(f"in {year} {_need_ranges(rows, defender)}")
        answer = (
            f"Launchers of its growth component {rival} needs to keep P(at least "
            f"{goal.reaction_m} warhead{'s arrive' if goal.reaction_m > 1 else ' arrives'}) >= "
            f"{fmt_number(goal.reaction_q, 'percent')} after a first strike, against each "
            f"variant's own defense: " + "; ".join(per_year) + "."
        )
    else:
        answer = f"{rival} has no reaction curve in these scenarios: {'; '.join(whys)}."
    return Section(
        id="deterrence-reaction",
        title="How a rival's force must grow to keep its deterrent",
        question=(
            "China 'is concerned that its nuclear strategy might be undermined and it is "
            "responding to this concern with nuclear modernization' (the seed, Q&A). How many "
            "launchers does the rival need as the defender adds interceptors?"
        ),
        model=(
            "For each interceptor count, the smallest number of launchers of the rival's growth "
            "component with which P(at least m warheads reach the defender's homeland) >= q "
            "after the defender's counterforce first strike (whole warheads per launcher, the "
            "striker's remaining budget spread evenly when it runs short; the rival's other "
            "surviving warheads arrive with them; exact leaker distributions through all active "
            "layers; search by doubling then bisection). m and q are set in each scenario file."
        ),
        assumptions=COMMON_ASSUMPTIONS
        + [
            "The defender keeps the counterforce level it chose in the exchange; a larger rival "
            "force thins the strike once the striker's committed warheads run out.",
            "In a variant without a layer that can engage the growth component, the curve uses "
            "the first such layer defined in the scenario file, so that every variant has one.",
        ],
        sources=COMMON_SOURCES,
        figures=[
            Figure(
                f"Reaction curves, {dyad}",
                svg_from_matplotlib(fig),
                "Launchers of the growth component (all of them, existing ones included); one "
                "panel per year, variants with the same curve drawn as one line.",
                description=(
                    f"One panel per year: the number of launchers {rival} needs as "
                    f"{_poss(_the(defender))} interceptor count grows, one line per distinct "
                    "curve, labelled with the variants that share it."
                ),
                definition=DEF_REACTION + ".",
                not_drawn=not_drawn,
            )
        ],
        tables=tables,
        appendix=[
            Table(
                "Reaction curves, every variant",
                _drop_empty(reaction, ("silo_defense_unapplied",))
                if not reaction.empty
                else no_curve,
                name="deterrence-reaction-all",
            )
        ],
        answer=answer,
        caveat=(
            "The curve holds everything else at the scenario's values; a rival would also "
            "change decoys, dispersal and its other forces."
        ),
        findings=findings,
    )


# ----------------------------------------------------------------------------- extended
#: What the extended-deterrence figure's marks mean (its legend and caption).
WITH_DEFENSES = "filled: with the variant's defenses"
WITHOUT_DEFENSES = "ring: without any missile defense"


def _extended_figure(ext: pd.DataFrame, scens: list[Any]) -> tuple[Any, str]:
    """The patron's price (:data:`DEF_PRICE`, m = 1) as a dot plot: one panel per year, one row
    per variant, one mark per rival (dyad) with the variant's defenses (filled) and without any
    (a ring), and nothing joining variants or years.

    The variants are alternatives, not a sequence: the figure once drew each dyad as a line from
    variant to variant and across the years, which implied an order and a continuity between
    them, and its lines hid one another where the dyads' prices coincide (every dyad at 1 from
    2025). Now the dyads sit side by side within a variant (:func:`~anpo.report.figures.dodge`),
    each with its own colour and marker shape, so equal prices stay visible. Returns the
    figure and its caption, written from what is drawn.
    """
    drawn = variant_names(scens)
    years = list(dict.fromkeys(ext["year"])) if not ext.empty else []
    dyads = list(dict.fromkeys(ext["dyad"])) if not ext.empty else []
    orders = {y: list(dict.fromkeys(ext.loc[ext["year"] == y, "variant"])) for y in years}
    most = max((len(o) for o in orders.values()), default=1)
    patrons = list(dict.fromkeys(ext["patron"])) if not ext.empty else []
    patron = _the(str(patrons[0])) if len(patrons) == 1 else "the patron"
    offsets = dodge(len(dyads))
    # each dyad's row within a variant gets 0.14 in, so the rings of neighbouring dyads do not
    # touch; the panels share one scale (a variant's rows are as tall in every year)
    height = 1.9 + most * max(0.3, 0.14 * len(dyads))
    fig, axes = new_figure(10, height, ncols=max(len(years), 1), sharex=True)
    axes = np.atleast_1d(axes)
    # each dyad in its colour of the other figures, by its place among the scenarios' dyads:
    # this figure draws only those with an ally
    slots = dyad_slots(dyads, scens)
    styles = {
        d: (PALETTE[slots[d] % len(PALETTE)], MARKERS[slots[d] % len(MARKERS)]) for d in dyads
    }
    for ax, year in zip(axes, years, strict=False):
        order = orders[year]
        sub = ext[ext["year"] == year]
        for dyad, off in zip(dyads, offsets, strict=True):
            d = sub[sub["dyad"] == dyad].set_index("variant").reindex(order)
            pos = np.arange(len(order)) + off
            color, marker = styles[dyad]
            label = figure_dyad(str(dyad), scens)
            ax.plot(
                d["patron_price_undefended"].to_numpy(float),
                pos,
                linestyle="none",
                marker=marker,
                markersize=7,
                markerfacecolor="none",
                markeredgecolor=color,
                markeredgewidth=1.1,
                label=f"_{label} without defenses",
            )
            # dup-ok: the with-defenses markers, alike in shape to the undefended ones above
            # (other column, size, fill and label).
            ax.plot(
                d["patron_price"].to_numpy(float),
                pos,
                linestyle="none",
                marker=marker,
                markersize=4,
                color=color,
                label=label,
            )
        ax.set_yticks(range(len(order)), _variant_ticks(drawn, year, order), fontsize=6.5)
        category_separators(ax, len(order))
        ax.set_ylim(most - 0.5, -0.5)  # the first variant on top, one scale in every panel
        ax.set_xlim(-0.05, 1.05)
        ax.set_title(str(year), fontsize=9)
        ax.set_xlabel(f"P(at least 1 warhead reaches {patron})", fontsize=8)
    # a dyad whose price is undefined in every variant (U.S.-Russia in the book: Russia fires
    # nothing at Japan) has no mark: the legend listed it as if hidden behind the others
    prices = ["patron_price", "patron_price_undefended"]
    markless = [d for d in dyads if ext.loc[ext["dyad"] == d, prices].isna().all().all()]
    marked = [d for d in dyads if d not in markless]
    if marked:
        from matplotlib.lines import Line2D

        handles = [
            Line2D([], [], linestyle="none", marker=styles[d][1], markersize=5, color=styles[d][0])
            for d in marked
        ] + [
            Line2D([], [], linestyle="none", marker="o", markersize=4, color=GREY),
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=7,
                markerfacecolor="none",
                markeredgecolor=GREY,
                markeredgewidth=1.1,
            ),
        ]
        texts = [figure_dyad(str(d), scens) for d in marked]
        fig.legend(
            handles,
            [*texts, WITH_DEFENSES, WITHOUT_DEFENSES],
            loc="outside lower center",
            ncol=min(len(handles), 5),
            fontsize=7,
        )
    shapes = "; ".join(f"{d}: {MARKER_NAMES[styles[d][1]]}" for d in marked)
    undefined = (
        int(ext[["patron_price", "patron_price_undefended"]].isna().sum().sum())
        if not ext.empty
        else 0
    )
    caption = (
        "One panel per year, one row per variant, one mark per dyad; within a variant each "
        f"dyad has a place and a shape of its own ({shapes}), so dyads with equal prices stay "
        "visible. Filled marks: with the variant's defenses; rings: without any missile "
        "defense (a mark inside its ring: the defenses do not change the price)."
        + (
            f" {undefined} price{'s are' if undefined > 1 else ' is'} undefined and not drawn "
            "(the table below says why)."
            if undefined
            else ""
        )
        + "".join(f" {d}: no price is defined in any variant, so it has no mark." for d in markless)
    )
    return fig, caption


def _no_reason_blank(ext: pd.DataFrame) -> pd.DataFrame:
    """``ext`` with an empty ``undefined_reason`` where the measures are defined: the page shows
    a missing value as a dash, the report's mark of an undefined value, and the column 'Why the
    exposure or price is undefined' read '–' on every row whose price is defined.

    >>> _no_reason_blank(pd.DataFrame({"undefined_reason": [None, "no attack"]}))[
    ...     "undefined_reason"
    ... ].tolist()
    ['', 'no attack']
    """
    return ext.assign(undefined_reason=ext["undefined_reason"].fillna(""))


def _extended_section(answers: list[DyadAnswer]) -> Section:
    names = _variant_names(answers)
    scens = _scenarios_of(answers)
    ext = extended_table(answers, m=1)
    with_ally = [a for a in answers if a.extended is not None]
    fig, caption = _extended_figure(ext, scens)
    parts = []
    findings = []
    if with_ally:
        patron = _name(with_ally[0].case, with_ally[0].defender)
        first = with_ally[0].extended
        assert first is not None  # with_ally holds the answers that have an ally
        ally = _name(with_ally[0].case, first.ally)
        rival_of = {a.label: _name(a.case, a.rival) for a in with_ally}
        # the answer behind each row of the table (its strikes, for why a defense raises a price)
        by_case = {
            (a.case.scenario.scenario.year, a.case.variant.id, a.label): a for a in with_ally
        }

        def stripped(row: Any, dyad: str) -> str:
            """What the undefended price of ``row`` is without: the response without
            defenses strips both sides' defenses of value (``extended._strip``), so where the
            rival has one too the label names both (it read 'without its missile defenses',
            the patron's: deter30)."""
            ans = by_case.get((int(row["year"]), str(row["variant"]), dyad))
            both = ans is not None and bool(ans.case.layers_covering(ans.rival))
            words = (
                "without either side's missile defenses" if both else "without its missile defenses"
            )
            # _strip keeps a layer defending silos: where one is fielded the price 'without
            # defenses' is of the exchange with it (review30: 12.1% 'without its missile
            # defenses' beside 18.2% in the variant with none, China's silo defense kept)
            kept = (
                []
                if ans is None
                else [
                    _poss(_name(ans.case, side))
                    for side in (ans.defender, ans.rival)
                    if ans.case.silo_layers(side)
                ]
            )
            return words + (f" but with {join_words(kept)} silo defense" if kept else "")

        for dyad in ext["dyad"].unique():  # in order of appearance, as groupby(sort=False)
            every = ext[ext["dyad"] == dyad]
            rival = rival_of.get(dyad, "the rival")
            # rows where the rival fires nothing at the ally (no attack to answer) or the patron
            # has nothing to strike the rival with (no response): no price
            void = every[undefined_rows(every)]
            grp = every.drop(index=void.index)
            whys = "; ".join(dict.fromkeys(str(r) for r in void["undefined_reason"]))
            if grp.empty:
                parts.append(f"{dyad}: undefined in every variant: {whys}")
                findings.append(
                    Finding(
                        question=f"What does honouring the guarantee to {ally} cost "
                        f"{_the(patron)} ({dyad})?",
                        answer=f"Undefined in every variant: {whys}.",
                        confidence="High: the scenario files' forces give no exchange to "
                        "price (no strike of the rival on the ally, or no warheads of the patron "
                        "that can reach the rival).",
                    )
                )
                continue
            # the variants whose defenses lower the price, and those whose defenses raise it
            # (a cost-minimising strike that leans on the defense leaves more of the rival's
            # forces: user audit28, 27.6% with a small NMD against 18.2% without, was said
            # 'missile defense does not change it')
            moved = grp[grp["price_change_by_defense"].abs() > 1e-9]
            # a change the printed figures cannot show (2e-7 to 2.5e-8: both "< 0.001") is
            # counted apart, so that the count matches the table a reader checks it against
            printed_apart = pd.Series(
                [
                    _p(a) != _p(b)
                    for a, b in zip(
                        moved["patron_price"], moved["patron_price_undefended"], strict=True
                    )
                ],
                index=moved.index,
                dtype=bool,
            )
            down = moved[printed_apart & (moved["price_change_by_defense"] < 0)]
            up = moved[printed_apart & (moved["price_change_by_defense"] > 0)]
            hidden = moved[~printed_apart]
            n_shown, n_hidden = len(down), len(hidden)
            price = grp["patron_price"].to_numpy()
            lo, hi = grp.iloc[int(np.nanargmin(price))], grp.iloc[int(np.nanargmax(price))]
            # a price of exactly 0 because the rival has nothing left to fire is said so
            none_left = (
                f": {rival} has no warheads left for {_the(patron)} in this sequence"
                if float(lo["patron_price"]) == 0.0 and int(lo["reserve_warheads"]) == 0
                else ""
            )
            equal = float(hi["patron_price"]) - float(lo["patron_price"]) < 1e-9
            if equal or _p(hi["patron_price"]) == _p(lo["patron_price"]):  # or as printed
                span = f"{_p(lo['patron_price'])} in every variant{none_left}"
            else:
                printed = grp["patron_price"].map(_p)
                at_lo = grp[printed == _p(lo["patron_price"])]
                at_hi = grp[printed == _p(hi["patron_price"])]
                span = (
                    f"from {_p(lo['patron_price'])} ({_which(at_lo, names)}{none_left}) to "
                    f"{_p(hi['patron_price'])} ({_which(at_hi, names)})"
                )
            # said in the section's answer and in the key finding alike
            how_often = f"defenses lower it in {n_shown} of {len(grp)} variants"
            if n_shown:
                lowers = how_often
            else:
                lowers = "no defense architecture lowers it" + (
                    " at the printed precision" if n_hidden else ""
                )
            # where the defenses raise it: how often, and the variant where they raise it most
            rise = ""
            if len(up):
                top = up.loc[up["price_change_by_defense"].idxmax()]
                rise = (
                    f"defenses raise it in {len(up)} of {len(grp)} variants, most in "
                    f"{_named(names, top['year'], top['variant'])}, {top['year']} "
                    f"({_p(top['patron_price'])} against {_p(top['patron_price_undefended'])} "
                    f"{stripped(top, dyad)})"
                )
                lowers += f"; {rise}"
            if n_hidden:
                # no direction is claimed below the printed precision (the exposure section's
                # caveat: correlated failures matter more there than the model's exact figure):
                # 'and in 5 more variants below the model's resolution' said the defenses
                # lowered a price both of whose figures read '< 0.001'
                below = bool(
                    (hidden[["patron_price", "patron_price_undefended"]] < RESOLUTION).all().all()
                )
                lowers += (
                    f" (in {n_hidden} {'more ' if n_shown or len(up) else ''}"
                    f"variant{'s' if n_hidden > 1 else ''} the prices with and without defenses "
                    + (
                        f"both lie below the model's resolution, {RESOLUTION:g}, where no change "
                        "can be read)"
                        if below
                        else "differ only below the printed precision)"
                    )
                )
            # the variants without an attack on the ally are not in the span: said apart
            apart = (
                f" (undefined in {len(void)} of {len(every)} variants: {whys})" if len(void) else ""
            )
            parts.append(
                # where the warhead lands, said (it read 'P(at least 1 warhead)')
                f"{dyad}: honouring the guarantee costs {_the(patron)} P(at least 1 warhead "
                f"reaches {_the(patron)}) {span}; {lowers}{apart}"
            )
            best = grp.iloc[int(np.nanargmin(grp["price_change_by_defense"].to_numpy()))]
            if len(down):  # the variant where the defense lowers it most, as printed
                best = down.loc[down["price_change_by_defense"].idxmin()]
            # every row left has an attack on the ally (the others are undefined, above)
            # what the exposure measures, said: 'Japan's own exposure is 1' could read as a
            # probability, a damage share or a warhead count, beside the patron's price
            # of the variant the key number names (where defenses only raise the price, that one)
            shown_row = top if len(up) and not len(down) else best
            exposure = (
                f"{_poss(_the(ally))} own exposure, P(at least 1 of {_poss(_the(rival))} "
                f"warheads reaches {_the(ally)}), is {_p(shown_row['ally_exposure'])} "
                f"({_p(shown_row['ally_exposure_undefended'])} undefended)"
            )
            if len(up) and not len(down):
                # no variant's defense lowers it and some raise it (it read 'missile defense does
                # not change it' beside a span the defense had made)
                where = f"{span}; no defense lowers it, and {rise}"
            elif not len(down):
                # no variant's defense changes it as printed: the span, not one arbitrary variant
                where = f"{span}; missile defense does not change it" + (
                    " at the printed precision" if n_hidden else ""
                )
            else:
                where = (
                    f"{_p(best['patron_price'])} in {best['year']} "
                    f"({_named(names, best['year'], best['variant'])}), where "
                    f"missile defense lowers it most ({_p(best['patron_price_undefended'])} "
                    f"{stripped(best, dyad)})" + (f"; {how_often}" if n_shown else "")
                    # how often, as the section's answer says: the best case alone read as if
                    # defenses lowered the price generally (U.S.-China: 2 of 25 variants)
                ) + (f"; {rise}" if rise else "")
            # why a defense raises it, where the model says: the patron's strike plan with and
            # without its defenses (computed: _plan_change)
            why = ""
            if len(up):
                ans = by_case.get((int(top["year"]), str(top["variant"]), dyad))
                plan = "" if ans is None else response_plan_change(ans)
                if plan:
                    why = (
                        f" In {_named(names, top['year'], top['variant'])} ({top['year']}), {plan}."
                    )
            findings.append(
                Finding(
                    question=f"What does honouring the guarantee to {ally} cost {_the(patron)} "
                    f"({dyad})?",
                    answer=(
                        f"After {rival} strikes {ally} and {_the(patron)} strikes "
                        f"back at its forces, P(at least 1 warhead reaches {_the(patron)}) is "
                        f"{where}; {exposure}{apart}.{why}"
                    ),
                    # what the figures are, and whose: it read a bare '0.646 vs 1'
                    number=f"P(at least 1 warhead reaches {_the(patron)} after {rival} strikes "
                    f"{ally} and {_the(patron)} strikes back at its forces) "
                    + (
                        f"{_p(best['patron_price'])} ("
                        f"{_named(names, best['year'], best['variant'])}, {best['year']}) vs "
                        f"{_p(best['patron_price_undefended'])} {stripped(best, dyad)}"
                        if len(down)
                        else ""
                    )
                    + ("; " if len(down) and len(up) else "")
                    + (
                        f"{_p(top['patron_price'])} ("
                        f"{_named(names, top['year'], top['variant'])}, {top['year']}) vs "
                        f"{_p(top['patron_price_undefended'])} {stripped(top, dyad)}, "
                        "which raise it"
                        if len(up)
                        else ""
                    )
                    + (
                        f"{_p(best['patron_price'])}, with or without defenses"
                        if not len(down) and not len(up)
                        else ""
                    ),
                    confidence=(
                        "Medium: the sequence (rival strikes the ally with its regional forces, "
                        "the patron answers with a counterforce strike) is one of several; the "
                        "table also gives the price if the patron's answer spared the rival's "
                        "forces."
                    ),
                )
            )
    answer = ("; ".join(parts) + ".") if parts else "No dyad of these scenarios has an ally."
    small = (
        ext[["year", "variant", "dyad", *EXTENDED_SUMMARY]]
        if not ext.empty
        else pd.DataFrame({"note": ["no dyad with an ally"]})
    )
    # an empty cell is a measure of a strike that does not happen: the table says whose and why
    voids = ext[undefined_rows(ext)] if not ext.empty else ext
    small_caption = (
        "–: undefined. "
        + "; ".join(
            f"{d}: {r}"
            for d, r in dict.fromkeys(zip(voids["dyad"], voids["undefined_reason"], strict=True))
        )
        + "."
        if not voids.empty
        else ""
    )
    return Section(
        id="deterrence-decoupling",
        title="Extended deterrence: the patron's price of honouring its guarantee",
        question=(
            "Rumsfeld's 'global missile defense' is 'an attempt to wipe out allies' anxiety, for "
            "instance over decoupling, by making it clear that allied countries will be covered by "
            "a single defense system' (the seed). What does honouring the guarantee cost the "
            "patron, and does missile defense lower that price?"
        ),
        model=(
            "The rival strikes the ally with the forces that reach only the ally (plus a share of "
            "its intercontinental forces if the scenario says so), through the ally's defenses; "
            "the patron honours the guarantee by a cost-minimising counterforce strike on the "
            "rival's remaining forces (Kent & Thaler 1989); the rival retaliates against the "
            "patron's homeland with what survives, through the patron's defenses (exact "
            "distributions). The patron's price is P(at least m warheads reach it) and its "
            "expected damage, with the variant's defenses and without any; decoupling is read "
            "from that price next to the ally's exposure, not from a gap between the two "
            "(the alliance literature's sense: Wilkening & Watman 1995; Powell 2003; Frühling "
            "2016)."
        ),
        assumptions=COMMON_ASSUMPTIONS
        + [
            "The rival holds back for deterrence every warhead that can reach the patron unless "
            "the scenario file commits a share of them to the strike on the ally (the dyad's "
            "ally strike share).",
        ],
        sources=COMMON_SOURCES + [cite(k) for k in EXTENDED_KEYS],
        figures=[
            Figure(
                "The patron's price of honouring the guarantee, with and without missile defense",
                svg_from_matplotlib(fig),
                caption,
                description=(
                    "For each year, variant and rival, the probability that at least one of the "
                    "rival's warheads reaches the patron's homeland after the patron answers an "
                    "attack on its ally, with and without the missile defenses."
                ),
                definition=DEF_PRICE + ".",
                # the price is the patron's for its ally: without an ally there is none
                not_drawn=""
                if with_ally
                else "no dyad of these scenarios has an ally, and the "
                "patron's price is that of honouring a guarantee to an ally",
            )
        ],
        tables=[
            Table(
                "The ally's exposure and the patron's price, P(at least 1 arrives)",
                small.reset_index(drop=True),
                caption=small_caption,
                kinds={c: "prob" for c in small.columns if "exposure" in c or "price" in c},
            )
        ],
        appendix=[
            Table(
                "Extended deterrence, every m",
                _no_reason_blank(extended_table(answers, m=None))
                if with_ally
                else pd.DataFrame({"note": ["no dyad with an ally"]}),
                # its prices read '0' at m = 5 beside '< 0.001' at m = 1 with no word of what
                # the 0 is (the bands tables say it)
                caption=EXTENDED_ZERO_NOTE if with_ally else "",
                name="deterrence-extended-all",
            )
        ],
        answer=answer,
        caveat=(
            "The price counts warheads and damage, not resolve: whether a patron pays it is the "
            "political question the numbers inform."
        ),
        findings=findings,
    )


# dup-ok: the Section above ends, and this function begins, like the other sections (answer,
# caveat, findings; a new figure): alike only in shape, each section has its own text.
# ----------------------------------------------------------------------------- classics
#: Illustrative Intriligator-Brito parameters (Intriligator & Brito 1984): the other side's
#: missiles one attacking missile destroys (f), the damage one retaliating missile does (v), the
#: unacceptable damage (Cbar).
CONE_F, CONE_V, CONE_CBAR = 0.5, 1.0, 50.0
#: Richardson's reference system (Richardson 1960; Leik & Meeker 1975): a, b, k, l, g, h.
RICHARDSON = (5.0, 3.0, 2.0, 2.0, 5.0, 5.0)
#: Its discrete form's coefficients (sx, sy, fx, fy, gx, gy) and the number of steps shown.
RICHARDSON_DISCRETE = (0.2, 0.2, 0.5, 0.3, 0.5, 0.5)
RICHARDSON_STEPS = 12


def _classics_section(answers: list[DyadAnswer], *, book: bool = True) -> Section:
    """The classical models as illustrations: their parameters are not estimated from the
    scenarios, so no real dyad is placed on them (a dyad's region would be an artefact of the
    illustrative unacceptable damage); the scenarios' MAD launcher counts are listed apart
    (``book``: as for :func:`_exposure_section`)."""
    fig, ax = new_figure(6, 5)
    grid = np.linspace(0, 2000, 201)
    ma, mb = np.meshgrid(grid, grid)
    f, v, cbar = CONE_F, CONE_V, CONE_CBAR
    regions = deterrence_regions(ma, mb, f, f, v, v, cbar, cbar)
    ax.contourf(
        ma,
        mb,
        regions,
        levels=[-0.5, 0.5, 1.5, 2.5, 3.5],
        colors=["#f4cccc", "#fce5cd", "#fff2cc", "#d9ead3"],
    )
    rows = []
    seen = set()
    for ans in answers:
        key = (ans.case.scenario.scenario.id, ans.label)
        # the MAD variant: no defenses, or the book's "mad" (Moscow's treaty-permitted A-135 only)
        if key in seen or (ans.case.variant.defenses and ans.case.variant.id != "mad"):
            continue
        seen.add(key)
        m_a = sum(x.launchers for x in ans.case.forces(ans.defender) if ans.rival in x.reaches)
        m_b = sum(x.launchers for x in ans.case.forces(ans.rival) if ans.defender in x.reaches)
        rows.append(
            {
                "year": ans.case.scenario.scenario.year,
                "dyad": ans.label,
                "defender_launchers": m_a,
                "rival_launchers": m_b,
            }
        )
    params = f"f = {fmt_number(f)}, v = {fmt_number(v)}, Cbar = {fmt_number(cbar)}"
    ax.set_xlabel("M_A (side A's missiles)")
    ax.set_ylabel("M_B (side B's missiles)")
    ax.set_title(f"Intriligator-Brito regions, illustrative parameters ({params})", fontsize=9)
    a, b, k, l_, g, h = RICHARDSON
    x_star, y_star, stable = richardson_equilibrium(a, b, k, l_, g, h)
    sx, sy, fx, fy, gx, gy = RICHARDSON_DISCRETE
    path = richardson_discrete(0, 0, sx, sy, fx, fy, gx, gy, RICHARDSON_STEPS)
    rich = pd.DataFrame(path, columns=["x", "y"]).assign(step=np.arange(len(path)))[
        ["step", "x", "y"]
    ]
    positions = pd.DataFrame(rows)
    answer = (
        f"The cone of mutual deterrence is drawn with illustrative parameters ({params}), not "
        "estimated from the scenarios, so it places no real dyad: where a dyad falls would be "
        "an artefact of the assumed unacceptable damage. Richardson's reference system settles "
        f"at ({fmt_number(x_star)}, {fmt_number(y_star)}) and is "
        f"{'stable' if stable else 'unstable'}."
    )
    return Section(
        id="deterrence-classics",
        title="Classical models: the deterrence cone and Richardson's arms race",
        question=(
            "Was MAD's stability a matter of numbers? 'With both sides holding on to nuclear "
            "weapons and acknowledging vulnerability to attacks from each other' (the seed)."
        ),
        model=(
            "Intriligator & Brito (1984): A is deterred iff v_B (M_B - f_A M_A) >= Cbar_A; the "
            "cone of mutual deterrence lies between the two lines. Richardson (1960): "
            f"dx/dt = k y - a x + g; with a = {fmt_number(a)}, b = {fmt_number(b)}, "
            f"k = {fmt_number(k)}, l = {fmt_number(l_)}, g = {fmt_number(g)}, h = {fmt_number(h)} "
            f"the equilibrium is ({fmt_number(x_star)}, {fmt_number(y_star)}), "
            f"{'stable' if stable else 'unstable'}; the table iterates the discrete form "
            "X' = X + sx Y - fx X + gx."
        ),
        assumptions=[
            f"Illustrative parameters ({params}) as in the reference; {_files(book, 's')} "
            "launcher counts that can reach the other side in the MAD variants are listed for "
            "reference, not placed in the cone.",
        ],
        sources=[cite("intriligator1984"), cite("richardson1960"), cite("leik1975")],
        figures=[
            Figure(
                "Intriligator-Brito deterrence regions (illustrative parameters)",
                svg_from_matplotlib(fig),
                # which side each colour deters (deterrence_regions: 1 = only A, 2 = only B);
                # it read 'yellow/orange: one side deterred; red: neither' (drawn pale pink)
                "Green: mutual deterrence (the cone); orange: only A deterred (B's surviving "
                "retaliation suffices, A's does not); yellow: only B deterred; pink: neither. "
                "An illustration of the model: no scenario's dyad is placed on it.",
                description=(
                    "The plane of the two sides' missile counts, coloured by who is deterred "
                    f"under illustrative parameters ({params}); the cone of mutual deterrence "
                    "lies between the two boundary lines."
                ),
                definition=(
                    "Intriligator-Brito deterrence condition v (M_other - f M_own) >= Cbar "
                    f"[intriligator1984], illustrative {params}."
                ),
            )
        ],
        tables=[
            Table(
                "Launchers that can reach the other side (MAD variants)",
                positions,
                f"{_files(book, 's').capitalize()} force figures, for reference; not placed in "
                "the illustrative cone.",
            ),
            Table(
                f"Discrete Richardson path (sx = {fmt_number(sx)}, sy = {fmt_number(sy)}, "
                f"fx = {fmt_number(fx)}, fy = {fmt_number(fy)}, gx = {fmt_number(gx)}, "
                f"gy = {fmt_number(gy)})",
                rich,
                # 'x' and 'y' said neither whose arms nor in what units (report33)
                "x, y: the arms levels of sides A and B, in the model's illustrative units, "
                "from (0, 0); each step X' = X + sx Y - fx X + gx, Y' = Y + sy X - fy Y + gy "
                "(Richardson 1960, discrete form after Leik 1975).",
                headers={"x": "A's arms x", "y": "B's arms y"},
                definitions=RICHARDSON_DEFINITIONS,
            ),
        ],
        answer=answer,
        caveat="The cone's and Richardson's parameters are illustrative, not estimated from the "
        "scenarios.",
    )


#: What the columns of the discrete Richardson path hold (:func:`_classics_section`), for the
#: column dictionary. Source: Richardson (1960); the discrete form of Leik (1975),
#: :func:`anpo.deterrence.classical.richardson_discrete`.
RICHARDSON_DEFINITIONS: dict[str, str] = {
    "step": "the step of the discrete Richardson arms race, from (0, 0) at step 0",
    "x": "side A's arms level at the step, in the model's illustrative units",
    "y": "side B's arms level at the step, in the model's illustrative units",
}


def _files(book: bool, possessive: str = "") -> str:
    """What the scenarios are called in captions and assumptions: the built-in book, or the
    user's scenario files (``anpo report --scenario``), where "the book's launcher counts" named
    figures the book does not hold; ``possessive="s"`` for the possessive.

    >>> _files(True), _files(False), _files(True, "s"), _files(False, "s")
    ('the book', 'the scenario files', "the book's", "the scenario files'")
    """
    if book:
        return "the book's" if possessive else "the book"
    return "the scenario files'" if possessive else "the scenario files"


#: What a 0 of a probability in the extended-deterrence appendix table is.
EXTENDED_ZERO_NOTE = (
    f"{ZERO_SENTENCE} –: undefined, with the reason in the column 'Why the exposure or price is "
    "undefined'."
)


def build(ctx: ReportContext) -> list[Section]:
    """Deterrence sections for the scenarios in ``ctx``. Raises
    :class:`~anpo.errors.ScenarioError`, before any case is computed, for two scenarios with a
    variant of one year and id (:func:`anpo.deterrence.labels.check_variant_keys`)."""
    check_variant_keys(ctx.scenarios)
    answers = _answers(ctx)
    if not answers:
        return [
            Section(
                id="deterrence-exposure",
                title="Deterrence under missile defense",
                question=SEED_NMD,
                model="No scenario in this run defines dyads; nothing to compute.",
                notes=["Add [[dyads]] to a scenario file to get this section."],
                answer="No scenario in this run defines a dyad, so there is nothing to answer.",
            )
        ]
    table = seed_table(answers)
    stab = stability_table(answers)
    # the variants and forces by name beside their ids, in every table and CSV file
    shown = variant_names(ctx.scenarios, figure=False)
    # the reaction curves first: the bands take the variant each reaction finding headlines
    curves = _reaction_curves(ctx, answers)
    points = _curve_points(*curves)  # banded in the reaction section, once the bands are known
    # the uncertainty section and the key numbers' bands, with every variant the first-strike
    # findings quote (the picks of report_variants left some out)
    computed = compute_bands(ctx, _reaction_headlines(points), _first_strike_quoted(answers, stab))
    sections = [
        _at_resolution(_exposure_section(answers, table, computed[0], book=ctx.builtin)),
        _at_resolution(_stability_section(answers, stab, computed[0], book=ctx.builtin)),
        _reaction_section(ctx, answers, computed[0], curves, points),
        _at_resolution(_extended_section(answers)),
        *(
            [_at_resolution(bands)]
            if (bands := uncertainty_section(ctx, computed)) is not None
            else []
        ),
        _classics_section(answers, book=ctx.builtin),
    ]
    return [_named_tables(s, answers, shown) for s in sections]
