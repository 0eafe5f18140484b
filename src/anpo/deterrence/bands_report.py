"""The deterrence report's uncertainty section: bands over the scenario book's uncertain inputs.

The numbers come from :func:`anpo.deterrence.bands.bands` (Latin-hypercube draws of each
scenario's ``[[uncertainties]]``, the measures recomputed by the same model as the point
estimates); this module only selects, words and draws them.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Collection, Iterable, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from anpo._checks import table as _table
from anpo.deterrence.bands import MEASURES, bands
from anpo.references import cite
from anpo.report.format import Kind, fmt_number, join_words
from anpo.report.sections import Figure, Finding, ReportContext, Section, Table

__all__ = [
    "uncertainty_section",
    "compute_bands",
    "arrive_band",
    "measure_band",
    "band_text",
    "beyond_text",
    "with_limits",
]

SECTION_ID = "deterrence-uncertainty"

REPORT_DRAWS = 32
"""Draws per scenario in the report (the scenario's own ``uncertainty_draws`` if smaller; the
report option ``uncertainty_draws`` overrides both). The library and ``anpo bands`` default to
the scenario's setting."""


def band_text(median: float, low: float, high: float, point: float) -> str:
    """``"43% (5–95%: 31% to 62%; point estimate 45%)"`` with the report's number formatter, a
    probability of warheads arriving as a percentage (the scale of the report's prose and of the
    futures' scorecard), at the model's resolution (``"< 0.1%"`` below it: see
    :data:`anpo.report.format.RESOLUTION`).

    Each figure is written by itself with :func:`~anpo.report.format.fmt_number`'s
    ``"resolved-percent"``, as the appendix tables, the key numbers' bands
    (:func:`measure_band`) and ``anpo bands`` write it: a positive figure below the printed
    precision is ``"< 0.1%"``, an exact 0 is ``"0%"``, also beside positive ones. Each draw's
    probability is 0 only where the event is impossible in that draw (a possible one is carried
    as 5e-324: :func:`anpo.deterrence.exchange.resolved_at_least`), so a percentile of 0 rests on
    draws in which the event is impossible (definition 7 interpolates between two draws): the
    band end is 0, not small. It was written ``"< 0.1%"`` beside a positive figure, a bound that
    read as if it were possible there and printed the key number unlike the appendix ('0%').

    >>> band_text(6.8e-9, 0.0, 2.1e-5, 2.5e-8)
    '< 0.1% (5–95%: 0% to < 0.1%; point estimate < 0.1%)'
    >>> band_text(0.0, 0.0, 0.0, 0.0)
    '0% (5–95%: 0% to 0%; point estimate 0%)'
    """
    if math.isnan(median):
        return fmt_number(median)

    def shown(v: float) -> str:
        return fmt_number(v, "resolved-percent")

    return f"{shown(median)} (5–95%: {shown(low)} to {shown(high)}; point estimate {shown(point)})"


def beyond_text(limit: float) -> str:
    """``"> 20,000"``: a value beyond the reaction curve's search limit (more launchers than it
    searched, right-censored: :mod:`anpo.deterrence.bands`)."""
    return f"> {fmt_number(int(limit), 'int')}"


def with_limits(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """``frame`` with each cell of ``columns`` that lies beyond the search limit (its
    ``<column>_above_limit`` flag, from :func:`anpo.deterrence.bands.bands`) written as
    ``"> LIMIT"`` instead of its NaN; the other cells keep their numbers. A column with no such
    cell is unchanged. A ``frame`` that is no DataFrame, or has rows but lacks one of
    ``columns`` or ``limit``: an :class:`~anpo.errors.InputError` naming it (``'dict' object has
    no attribute 'copy'``, or a bare ``KeyError: 'limit'`` where a flag was set, before)."""
    _table("frame", frame, what="a band table", columns=(*columns, "limit"), columns_if_rows=True)
    out = frame.copy()
    for col in columns:
        flag = f"{col}_above_limit"
        if flag not in out.columns or not out[flag].any():
            continue
        cells = out[col].astype(object)
        for i in np.nonzero(out[flag].to_numpy(bool))[0]:
            cells.iloc[int(i)] = beyond_text(out["limit"].iloc[int(i)])
        out[col] = cells
    return out


def _actor_names(scen: Any) -> dict[str, str]:
    return {a.id: a.name for a in scen.actors}


def _homeland_interceptors(scen: Any, vid: str) -> int:
    """Interceptors of variant ``vid``'s active layers covering its first dyad's defender."""
    case = next(c for c in scen.cases() if c.variant.id == vid)
    return sum(ly.interceptors for d in scen.dyads[:1] for ly in case.layers_covering(d.defender))


def report_variants(scen: Any) -> list[str]:
    """The variants the report bands for a scenario (the full set is one ``anpo bands`` away):
    MAD; the national missile defense with the most interceptors covering the defender;
    'global missile defense'; and that national defense against the rival's changed force
    (modernized or on launch on warning), where the file has one. These are picked by the
    book's variant ids (``mad``, ``nmd-...``, ``gmd-global``, ``...-china-modernized``,
    ``...-china-low``); a file without an ``nmd-...`` variant (one of the user's own, whose
    defenses the picks would leave out) has every variant banded."""
    ids = [v.id for v in scen.variant_list()]
    if not any(v.startswith("nmd") for v in ids):
        return ids

    def changed(vid: str) -> bool:
        return vid.endswith(("china-modernized", "china-low"))

    out = [v for v in ids if v == "mad"]
    nmd = [v for v in ids if v.startswith("nmd") and not changed(v)]
    best = max(nmd, key=lambda v: (_homeland_interceptors(scen, v), -ids.index(v))) if nmd else None
    if best is not None:
        out.append(best)
    out += [v for v in ids if v == "gmd-global"]
    if best is not None:
        out += [v for v in ids if changed(v) and v.startswith(f"{best}-")][:1]
    return out or ids


def reaction_dyads(scen: Any) -> list[str]:
    """The dyads whose reaction curves the report bands: those whose rival is China (the seed's
    question), else the file's first dyad (a file of the user's own)."""
    return [d.key for d in scen.dyads if d.rival == "CHN"] or [d.key for d in scen.dyads[:1]]


def compute_bands(
    ctx: ReportContext,
    headlines: Collection[tuple[int, str]] = (),
    quoted: Collection[tuple[int, str]] = (),
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The report's band table (:func:`anpo.deterrence.bands.bands` over every scenario with
    uncertainties and dyads, for :func:`report_variants`, the reaction curves of
    :func:`reaction_variants`, with ``where_name`` and ``variant_title``) and its table of
    inputs; computed once per report and passed to :func:`uncertainty_section` and to the
    findings that quote a band. ``headlines``: ``(year, variant id)`` of the variants the
    reaction key findings headline (:func:`anpo.deterrence.report._reaction_headlines`), whose
    curves are banded too (and the variant, if :func:`report_variants` leaves it out);
    ``quoted``: ``(year, variant id)`` of the other variants a key finding quotes
    (:func:`anpo.deterrence.report._first_strike_quoted`), banded without reaction curves
    (the 2030 book's first-strike key number quoted the SM-3 underlay, which the picks leave
    out, without a band). Method:
    a Latin hypercube [mckay1979], percentiles [hyndman1996, definition 7]
    (:mod:`anpo.deterrence.bands`)."""
    frames = []
    inputs: list[dict[str, Any]] = []
    for scen in ctx.scenarios:
        if not getattr(scen, "uncertainties", None) or not scen.dyads:
            continue
        draws = int(
            ctx.options.get("uncertainty_draws", min(scen.settings.uncertainty_draws, REPORT_DRAWS))
        )
        ctx.progress(f"uncertainty bands: {scen.scenario.id} ({draws} draws)")
        curves = reaction_variants(scen, headlines)
        year = scen.scenario.year
        also = [v.id for v in scen.variant_list() if (year, v.id) in set(quoted)]
        frame = bands(
            scen,
            draws=draws,
            seed=ctx.seed,
            # a headline's variant the picks leave out is banded too (bands needs it computed)
            variants=list(dict.fromkeys(report_variants(scen) + curves + also)),
            reaction=reaction_dyads(scen),
            reaction_variants=curves,
            progress=ctx.progress,
        )
        names = _actor_names(scen)
        frame["where_name"] = [names.get(w, w) for w in frame["where"]]
        rivals = {d.key: names.get(d.rival, d.rival) for d in scen.dyads}
        frame["rival_name"] = [rivals.get(d, d) for d in frame["dyad"]]
        # the variants as the deterrence prose names them: short label (else title), quoted
        titles = {v.id: f"“{v.shown}”" for v in scen.variant_list()}
        frame["variant_title"] = [titles.get(v, v) for v in frame["variant"]]
        frames.append(frame)
        for u in scen.uncertainties:
            d = u.distribution
            params = {
                k: v
                for k, v in d.model_dump().items()
                if k not in ("kind", "basis") and v is not None
            }
            inputs.append(
                {
                    "year": scen.scenario.year,
                    "input": u.name,
                    "what it is (unit)": u.shown,
                    "fields": len(u.targets),
                    "distribution": f"{d.kind} "
                    + ", ".join(f"{k} = {fmt_number(v)}" for k, v in params.items())
                    + scen.draw_note(u),
                    "median": float(np.asarray(u.ppf([0.5]))[0])
                    if not isinstance(u.ppf([0.5])[0], str)
                    else math.nan,
                    "basis": u.basis,
                }
            )
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return table, inputs


def reaction_variants(scen: Any, headlines: Collection[tuple[int, str]] = ()) -> list[str]:
    """The variants whose reaction curves the report bands: the national missile defense with
    the most interceptors covering the defender (the seed's question: how far must China grow
    against NMD), else (a file without an ``nmd-...`` variant) the variant with the most
    interceptors covering the first dyad's defender; then the variants of ``headlines``
    (``(year, variant id)``, :func:`anpo.deterrence.report._reaction_headlines`) of this
    scenario's year that it holds, the variant each reaction key finding headlines, so that
    the finding's band is its headline's (against NMD capability 3 with China modernized it
    quoted NMD capability 3's band, a curve on another counterforce level). The curves are the
    costliest measure (each draw searches the launchers needed at every interceptor level;
    the 2001 book's second curve added 1-2 s to its 8-10 s of bands at 32 draws, measured on
    2026-12-05 on 2 shared cores); every
    variant's curve is one ``anpo bands`` away, and the point-estimate curves of every variant
    are in the reaction section."""
    chosen = report_variants(scen)
    nmd = [v for v in chosen if v.startswith("nmd")]
    # a file of the user's own: its variant with the most interceptors covering the defender
    first = (
        nmd[:1]
        if nmd
        else [max(chosen, key=lambda v: (_homeland_interceptors(scen, v), -chosen.index(v)))]
    )
    year = scen.scenario.year
    wanted = set(headlines)
    quoted = [v.id for v in scen.variant_list() if (year, v.id) in wanted]
    return list(dict.fromkeys(first + quoted))


def _one(names: Iterable[str], default: str) -> str:
    """The single name in ``names``, else ``default``."""
    unique = set(names)
    return unique.pop() if len(unique) == 1 else default


def _defender(table: pd.DataFrame) -> str:
    """The defender's name for sentences ('the United States'), or 'the defender'."""
    name = _one(table.loc[table["role"] == "homeland", "where_name"], "")
    if not name:
        return "the defender"
    return f"the {name}" if name.startswith(("United", "Russian")) else name


def _homeland(table: pd.DataFrame, m: float = 1.0) -> pd.DataFrame:
    """P(at least ``m`` reach the defender's homeland) rows."""
    return table[
        (table["measure"] == "p_arrive") & (table["x"] == m) & (table["role"] == "homeland")
    ]


def _figure_arrive(table: pd.DataFrame, scenarios: Sequence[Any] = ()) -> Figure:
    from anpo.deterrence.labels import dyad_slots, figure_dyad, figure_variant, variant_names
    from anpo.report.figures import PALETTE, legend_below
    from anpo.report.sections import new_figure, svg_from_matplotlib

    home = _homeland(table)
    who = _defender(table)
    years = sorted(home["year"].unique())
    drawn = variant_names(scenarios)
    fig, axes = new_figure(10, 4.6, ncols=max(len(years), 1), sharey=True)
    axes = np.atleast_1d(axes)
    dyads = list(dict.fromkeys(home["dyad"]))
    slots = dyad_slots(dyads, scenarios)
    width = 0.8 / max(len(dyads), 1)
    together = False  # a median on its point estimate: the dot fills the hollow diamond
    for ax, year in zip(axes, years, strict=False):
        sub = home[home["year"] == year]
        order = list(dict.fromkeys(sub["variant"]))
        for j, dyad in enumerate(dyads):
            d = sub[sub["dyad"] == dyad].set_index("variant").reindex(order)
            xs = np.arange(len(order)) - 0.4 + width * (j + 0.5)
            med = d["p50"].to_numpy(float)
            err = np.vstack([med - d["p05"].to_numpy(float), d["p95"].to_numpy(float) - med])
            line = ax.errorbar(
                xs,
                100 * med,  # in percent, the scale of the prose and of the futures' figure
                yerr=100 * err,
                fmt="o",
                markersize=3,
                capsize=2,
                # each dyad's colour of the other figures (its place among the scenarios' dyads)
                color=PALETTE[slots[dyad] % len(PALETTE)],
                label=f"{figure_dyad(dyad, scenarios)}: median",
            )
            ax.plot(
                xs,
                100 * d["point"].to_numpy(float),
                "D",
                markersize=4,
                markerfacecolor="none",
                color=line[0].get_color(),
                label=f"{figure_dyad(dyad, scenarios)}: point estimate",
            )
            together |= bool(np.any(_coincide(med, d["point"].to_numpy(float))))
        ticks = [figure_variant(drawn, year, v, width=24) for v in order]  # names, not ids
        ax.set_xticks(range(len(order)), ticks, rotation=90, fontsize=6.5)
        ax.set_title(str(year), fontsize=9)
        ax.set_ylim(-2, 102)
    axes[0].set_ylabel(f"P(at least 1 warhead reaches {who}), %")
    filled = ""
    if together:
        # the filled diamond a reader sees where the two marks meet, in the legend as well
        axes[-1].plot(
            [], [], "D", markersize=4, color="0.35", label=f"median = point estimate ({COINCIDE})"
        )
        filled = (
            " A filled diamond: the median lies on the point estimate (the dot inside the "
            f"hollow diamond, {COINCIDE})."
        )
    legend_below(fig, axes[-1], ncol=3)
    return Figure(
        f"P(at least one warhead reaches {who}), median and 5–95% band",
        svg_from_matplotlib(fig),
        "Dots: median over the draws; bars: 5th to 95th percentile; hollow diamonds: the point "
        "estimate from the scenario file's own values." + filled,
        description=(
            "For each year, variant and rival, the probability that at least one of the rival's "
            f"warheads reaches {who} after its counterforce first strike: the median over the "
            "draws of the uncertain inputs with its 5 to 95 percent band, next to the point "
            "estimate."
        ),
        definition=MEASURES["p_arrive"] + f" (m = 1, territory: {who}).",
    )


#: How close a median and a point estimate of a probability are for their marks to meet in
#: the bands figure (:func:`_figure_arrive`): the dot then fills the hollow diamond.
COINCIDE_TOL = 0.005
COINCIDE = "within 0.005"


def _coincide(median: np.ndarray, point: np.ndarray) -> np.ndarray:
    """Where a median and its point estimate are drawn on one another (:data:`COINCIDE_TOL`).

    >>> _coincide(np.array([1.0, 0.3, np.nan]), np.array([1.0, 0.41, 0.2])).tolist()
    [True, False, False]
    """
    with np.errstate(invalid="ignore"):
        return np.abs(median - point) <= COINCIDE_TOL


def _beyond(frame: pd.DataFrame, column: str) -> np.ndarray:
    """The ``<column>_above_limit`` flags of ``frame`` (all False for a frame without them)."""
    flag = f"{column}_above_limit"
    if flag not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    return frame[flag].to_numpy(bool)


def _figure_reaction(table: pd.DataFrame, scenarios: Sequence[Any] = ()) -> Figure | None:
    from anpo.deterrence.labels import figure_variant, variant_names
    from anpo.report.sections import new_figure, svg_from_matplotlib

    reac = table[table["measure"] == "launchers_needed"]
    if reac.empty:
        return None
    who = _defender(table)
    rival = _one(reac["where_name"], "the rival")
    limit = int(reac["limit"].max()) if "limit" in reac.columns else 0
    # one curve per year: the variant whose band reaches highest (where the defense matters)
    years = sorted(reac["year"].unique())
    drawn = variant_names(scenarios)
    fig, axes = new_figure(10, 3.8, ncols=len(years), sharey=False)
    axes = np.atleast_1d(axes)
    any_beyond = False
    for ax, year in zip(axes, years, strict=False):
        sub = reac[reac["year"] == year]
        variant = _reaction_variant(sub)
        d = sub[sub["variant"] == variant].sort_values("x")
        x = d["x"].to_numpy(float)
        cols = ("p05", "p50", "p95", "point")
        vals = {c: d[c].to_numpy(float) for c in cols}
        beyond = {c: _beyond(d, c) for c in cols}
        known = np.concatenate([v[np.isfinite(v)] for v in vals.values()])
        # a value beyond the search limit is drawn at the top of the panel, marked by a
        # triangle: it is more than the limit, not a number the model computed
        ceiling = 1.1 * float(known.max()) if known.size and known.max() > 0 else 1.0
        upper = np.where(beyond["p95"], ceiling, vals["p95"])
        ax.fill_between(x, vals["p05"], upper, alpha=0.25, label="5–95% band")
        ax.plot(x, vals["p50"], marker="o", markersize=3, label="median")
        ax.plot(x, vals["point"], linestyle="--", label="point estimate")
        marks = np.zeros(len(d), dtype=bool)
        for c in cols:
            marks |= beyond[c]
        if marks.any():
            any_beyond = True
            ax.plot(
                x[marks],
                np.full(int(marks.sum()), ceiling),
                linestyle="none",
                marker="^",
                color="black",
                markersize=5,
                label=f"beyond the search limit (> {limit:,} launchers)",
            )
            ax.set_ylim(top=ceiling * 1.03)
        # the variant by its short name (its id told a reader nothing)
        title = f"{year}: {figure_variant(drawn, year, variant)}"
        ax.set_title(textwrap.fill(title, width=36, break_on_hyphens=False), fontsize=8)
        ax.set_xlabel(f"interceptors of {who}")
    axes[0].set_ylabel(f"launchers {rival} needs")
    axes[-1].legend(fontsize=7)
    beyond_note = (
        f" Triangles at the top of a panel: a percentile or point estimate beyond the search "
        f"limit, where no force up to {limit:,} launchers meets the goal (the band then runs "
        "to the top of the panel)."
        if any_beyond
        else ""
    )
    return Figure(
        f"{rival}'s reaction curve with its 5–95% band",
        svg_from_matplotlib(fig),
        f"Launchers of {rival}'s growth component needed to meet its goal after a first strike "
        f"by {who}, as {who} adds interceptors: median, band and point estimate." + beyond_note,
        description=(
            f"For each year, the number of launchers {rival} needs so that at least the goal "
            f"number of warheads reaches {who} with the goal probability, against a growing "
            "interceptor inventory: the median over the draws with its 5 to 95 percent band and "
            "the point estimate." + beyond_note
        ),
        definition=MEASURES["launchers_needed"] + ".",
    )


def _reaction_variant(sub: pd.DataFrame) -> str:
    """Of the variants whose curves were banded, the one whose curve reaches highest (a 95th
    percentile beyond the search limit is highest of all)."""
    top = sub["p95"].where(~_beyond(sub, "p95"), np.inf)
    spread = top.groupby(sub["variant"], sort=False).max().fillna(0.0)
    return str(spread.idxmax()) if len(spread) else ""


#: What a printed 0 of the exchange's probabilities is, in every caption that says it (the
#: bands tables, the extended-deterrence table, the exposure section's caveat): an impossible
#: event only. Where the engine's float of P(at least m) is 0 (it drops states below 1e-16 and
#: underflows), the arrivals' possible counts decide it exactly and a possible event is carried
#: as 5e-324, which prints "< 0.1%" (:func:`anpo.deterrence.exchange.resolved_at_least`, zero27);
#: the captions said a 0% could be a probability below the propagation floor.
ZERO_CAUSES = "an impossible event (no warheads, or fewer than m, can arrive)"

#: The sentence the tables' captions give: what a 0% is, and what a possible event prints.
ZERO_SENTENCE = (
    f"A 0% is {ZERO_CAUSES}; a possible one below 0.1%, however improbable, prints < 0.1%."
)

#: What a 0 of a probability in the bands tables is (the summary table and the full one): as
#: elsewhere, and for a percentile, what its cell says (:func:`band_text` and the tables print an
#: exact 0 as 0%, a positive figure below 0.1% as < 0.1%). A percentile of 0% is not an event
#: impossible in every draw: it rests on draws where it is impossible (definition 7 interpolates
#: between two draws), and the captions' one sentence read as if the event were impossible.
ZERO_NOTE = (
    f"{ZERO_SENTENCE} A percentile (median or band end) of 0% rests on draws in which the event "
    "is impossible; in other draws it may be possible."
)


def _summary_table(table: pd.DataFrame) -> Table:
    home = _homeland(table)
    who = _defender(table)
    rows = []
    for (year, variant), grp in home.groupby(["year", "variant"], sort=False):
        row: dict[str, Any] = {"year": int(year), "variant": variant}  # type: ignore[call-overload]  # pandas-stubs: a group key is any scalar
        for _, r in grp.iterrows():
            row[f"{r['dyad']}: reaches {who}"] = band_text(r["p50"], r["p05"], r["p95"], r["point"])
        rows.append(row)
    frame = pd.DataFrame(rows)
    return Table(
        f"P(at least one warhead reaches {who}): median (5–95% band; point estimate)",
        frame,
        # its band ends read '0' beside '< 0.001' ('< 0.001 (5–95%: 0 to < 0.001 ...)') with
        # no word of what the 0 is, which the full table's caption said
        f"After a counterforce first strike by {who}, through its defenses in each variant. "
        + ZERO_NOTE,
        kinds={"year": "year"},
        # a file whose variants are all banded (one without an nmd-... variant) can have more
        # rows than the page's body holds: the table is then a CSV file (report33)
        definitions={
            str(c): f"P(at least one warhead of the {str(c).split(': reaches ')[0]} dyad's "
            f"rival reaches {who}) after the defender's counterforce first strike, through the "
            "variant's defenses: the median over the draws, its 5-95% band and the point "
            "estimate, in words"
            for c in frame.columns
            if ": reaches " in str(c)
        },
    )


def _answer(table: pd.DataFrame, inputs: list[dict[str, Any]]) -> tuple[str, list[Finding]]:
    """The section's Answer and key finding, generated from the bands."""
    home = _homeland(table)
    if home.empty:
        return "", []
    who = _defender(table)
    n_inputs = {y: sum(1 for i in inputs if i["year"] == y) for y in home["year"].unique()}
    draws = int(table["draws"].iloc[0])
    width = home["p95"] - home["p05"]
    wide = home.iloc[int(np.nanargmax(width.to_numpy()))]  # the first widest, as idxmax
    inside = int(
        ((home["point"] >= home["p05"] - 1e-12) & (home["point"] <= home["p95"] + 1e-12)).sum()
    )
    years = ", ".join(f"{y}: {n}" for y, n in sorted(n_inputs.items()))
    # judged as printed: a band whose ends print alike is one value at the model's resolution,
    # and none of several such bands is 'the widest' or 'the least certain'
    ends = [
        (fmt_number(lo, "resolved-percent"), fmt_number(hi, "resolved-percent"))
        for lo, hi in zip(home["p05"], home["p95"], strict=True)
    ]
    flat = all(lo == hi for lo, hi in ends)
    rival = str(wide["rival_name"])  # compute_bands names each dyad's rival
    opening = (
        f"Drawing each scenario's uncertain inputs together ({years} distributions; {draws} "
        "Latin-hypercube draws per year), "
    )
    if flat:
        shown = [fmt_number(x, "resolved-percent") for x in sorted(home["p05"])]
        values = join_words(list(dict.fromkeys(shown)), "or")
        parts = [
            opening + f"the chance that at least one warhead reaches {who} does not vary at the "
            f"model's resolution: every 5–95% band is a single value ({values})."
        ]
    else:
        parts = [
            opening + "the widest 5–95% band of the chance that at least one "
            f"warhead reaches {who} is {fmt_number(wide['p05'], 'resolved-percent')} to "
            f"{fmt_number(wide['p95'], 'resolved-percent')} ({wide['dyad']}, {int(wide['year'])}: "
            f"{wide['variant_title']})."
        ]
    # the year and dyad whose medians differ most between variants: is the difference robust?
    spread = home.groupby(["year", "dyad"], sort=False)["p50"].agg(lambda s: s.max() - s.min())
    if len(spread) and spread.max() > 1e-9:
        year, dyad = spread.index[int(np.nanargmax(spread.to_numpy()))]
        grp = home[(home["year"] == year) & (home["dyad"] == dyad)]
        p50 = grp["p50"].to_numpy()
        lo, hi = grp.iloc[int(np.nanargmin(p50))], grp.iloc[int(np.nanargmax(p50))]
        overlap = lo["p95"] >= hi["p05"]
        parts.append(
            f"The variants differ most for {dyad} in {int(year)}: median "
            f"{fmt_number(lo['p50'], 'resolved-percent')} with {lo['variant_title']} against "
            f"{fmt_number(hi['p50'], 'resolved-percent')} with {hi['variant_title']}; their bands "
            + (
                "overlap, so the ranking is not robust to what we do not know."
                if overlap
                else "do not overlap."
            )
        )
    parts.append(f"The point estimate lies inside its band in {inside} of {len(home)} cases.")
    parts += _reaction_sentences(table)
    answer = " ".join(parts)
    finding = Finding(
        question="How robust are the answers to what we do not know?",
        answer=(
            f"Whether a warhead from {rival} reaches {who} does not vary with the uncertain "
            "inputs at the model's resolution: every 5–95% band is a single value."
            if flat
            else f"The least certain: whether a warhead from {rival} reaches {who} in "
            f"{int(wide['year'])} ({wide['variant_title']})."
        ),
        # say which number is which: the median over the draws, then the band and the point
        # estimate ('0.777 (5–95%: ...)' left the reader to guess that 0.777 was the median)
        number="P(at least one warhead arrives): median "
        + band_text(wide["p50"], wide["p05"], wide["p95"], wide["point"]),
        confidence=(
            "Bands cover only the stated input distributions, many of them anpo assumptions; "
            "the model's form (damage curve, doctrines) is not varied."
        ),
    )
    return answer, [finding]


def _launchers_text(row: pd.Series, column: str) -> str:
    """One reaction-curve value of a band row for a sentence: a whole number of launchers,
    ``"about N"`` for a percentile that interpolates between two draws' whole numbers (7.1
    launchers is not a force; the appendix keeps the interpolated value and says so),
    ``"> LIMIT"`` beyond the search limit.

    >>> row = pd.Series({"p50": 7.1, "p95": 12.0, "limit": 20000, "p95_above_limit": False})
    >>> _launchers_text(row, "p50"), _launchers_text(row, "p95")
    ('about 7', '12')
    """
    if bool(row.get(f"{column}_above_limit", False)):
        return beyond_text(row["limit"])
    x = row[column]
    if isinstance(x, float) and math.isfinite(x) and x != round(x):
        return f"about {fmt_number(round(x), 'int')}"
    return fmt_number(x)


class CurveBand(NamedTuple):
    """A banded point of a reaction curve, as sentences write launchers
    (:func:`_launchers_text`): the median, the 5-95% ends (``"about 7 to about 115"``, or
    ``"0 at both ends"``) and the point estimate; ``flat_zero``: the point and every draw need
    no launcher (the band adds nothing to a 0); ``draws``: the Latin-hypercube draws the
    percentiles are over (0: not known, a table without the ``draws`` column)."""

    median: str
    ends: str
    point: str
    flat_zero: bool
    draws: int = 0

    @classmethod
    def from_row(cls, row: pd.Series) -> CurveBand:
        """The band of one ``launchers_needed`` row of the band table."""
        low, high = _launchers_text(row, "p05"), _launchers_text(row, "p95")
        beyond = any(bool(row.get(f"{c}_above_limit", False)) for c in ("point", "p05", "p95"))
        zero = not beyond and float(row["p95"]) == 0 and float(row["point"]) == 0
        draws = row.get("draws")  # a numpy integer in a table's row, not an int
        return cls(
            _launchers_text(row, "p50"),
            f"{low} at both ends" if low == high else f"{low} to {high}",
            _launchers_text(row, "point"),
            zero,
            int(draws) if draws is not None and pd.notna(draws) else 0,
        )

    def text(self, unit: str = "launchers") -> str:
        """``"37 launchers (5–95%: about 7 to about 115; point estimate 59)"``."""
        return f"{self.median} {unit} (5–95%: {self.ends}; point estimate {self.point})"

    def drawn(self) -> str:
        """What the band is over: ``"32 Latin-hypercube draws"`` (``"the Latin-hypercube
        draws"`` where the count is not known)."""
        return f"{self.draws} Latin-hypercube draws" if self.draws else "the Latin-hypercube draws"


#: The columns of the band table read by :func:`reaction_band` and :func:`measure_band`.
_BAND_KEYS = ("year", "variant", "dyad", "measure", "where")
_CURVE_COLUMNS = (*_BAND_KEYS, "x", "point", "p05", "p50", "p95")


def reaction_band(
    table: pd.DataFrame, year: int, variant: str, dyad: str, rival: str, interceptors: int
) -> CurveBand | None:
    """The band of the rival's reaction curve at ``interceptors`` in ``variant`` of ``year`` for
    ``dyad`` (its label), from the report's band table (:func:`compute_bands`); None when the
    report did not band that curve (:func:`reaction_variants`) or that point.

    >>> t = pd.DataFrame({"year": [2001], "variant": ["nmd"], "dyad": ["U.S.-China"],
    ...     "measure": ["launchers_needed"], "where": ["CHN"], "x": [250.0], "point": [59.0],
    ...     "p05": [7.1], "p50": [37.0], "p95": [114.7], "limit": [20000.0]})
    >>> reaction_band(t, 2001, "nmd", "U.S.-China", "CHN", 250).text()
    '37 launchers (5–95%: about 7 to about 115; point estimate 59)'
    >>> reaction_band(t, 2001, "nmd", "U.S.-China", "CHN", 100) is None
    True
    >>> t.loc[0, ["point", "p05", "p50", "p95"]] = 0.0
    >>> reaction_band(t, 2001, "nmd", "U.S.-China", "CHN", 250).flat_zero
    True

    A ``table`` that is no DataFrame, or has rows but lacks a column read
    (:data:`_CURVE_COLUMNS`): an :class:`~anpo.errors.InputError` naming it (an AttributeError
    or a bare ``KeyError: 'year'`` before); no rows, None.
    """
    _table("table", table, what="a band table", columns=_CURVE_COLUMNS, columns_if_rows=True)
    if table.empty:
        return None
    at = (
        (table["year"] == year)
        & (table["variant"] == variant)
        & (table["dyad"] == dyad)
        & (table["measure"] == "launchers_needed")
        & (table["where"] == rival)
        & (table["x"] == float(interceptors))
    )
    rows = table[at]
    if rows.empty:
        return None
    return CurveBand.from_row(rows.iloc[0])


def _reaction_sentences(table: pd.DataFrame) -> list[str]:
    """The Answer's sentences on the banded reaction curves, generated from the bands: the
    launchers the rival needs at a curve's largest interceptor count (named as the curve's, not
    as the variant's own inventory), on the curve whose band
    reaches highest (a 95th percentile beyond the search limit is highest of all), and whether
    any draw needs more than the search limit (right-censored, kept in the band)."""
    reac = table[table["measure"] == "launchers_needed"]
    if reac.empty:
        return []
    rival = _one(reac["where_name"], "the rival")
    who = _defender(table)
    last = reac[reac["x"] == reac.groupby(["year", "variant", "dyad"])["x"].transform("max")]
    top = last["p95"].where(~_beyond(last, "p95"), np.inf).fillna(-1.0)
    row = last.iloc[int(np.argmax(top.to_numpy()))]
    year = int(row["year"])
    limit = int(reac["limit"].max())
    # the count is the curve's largest, not the variant's own inventory: name the curve, so
    # '600 interceptors ("NMD capability 3")' is not read as that variant's 600
    parts = [
        f"On the banded reaction curve of {row['variant_title']} ({year}), at its largest "
        f"interceptor count, {fmt_number(int(row['x']), 'int')} interceptors of {who}, "
        # the first number is the median over the draws, not the point estimate printed after
        # it: labelled, as the key finding labels it ('needs a median of 37 launchers')
        f"{rival} needs a median of "
        + CurveBand.from_row(row).text("launchers of its growth component")
        + "."
    ]
    censored = reac[reac["above_limit"] > 0]
    if censored.empty:
        parts.append(
            f"Every draw of the banded reaction curves meets {rival}'s goal within the search "
            f"limit of {limit:,} launchers."
        )
    else:
        worst = censored.sort_values(["above_limit", "year", "x"], ascending=False).iloc[0]
        parts.append(
            f"In some draws no force up to the search limit of {limit:,} launchers meets "
            f"{rival}'s goal (at most {fmt_number(float(worst['above_limit']), 'percent')} of "
            f"the draws: {worst['variant_title']}, {int(worst['year'])}, "
            f"{fmt_number(int(worst['x']), 'int')} interceptors); those draws are kept as "
            f"needing more, so a percentile that falls among them reads "
            f"'{beyond_text(limit)}'."
        )
    return parts


def _wide(rows: pd.DataFrame, keys: list[str], column: str, stats: Sequence[str]) -> pd.DataFrame:
    """``rows`` (one per key and ``column`` value) spread into ``{value} {stat}`` columns."""
    out = rows.pivot_table(index=keys, columns=column, values=list(stats), sort=False)
    out.columns = [f"{col[1]} {col[0]}" for col in out.columns]  # (stat, value) -> "value stat"
    order = [f"{value} {stat}" for value in dict.fromkeys(rows[column]) for stat in stats]
    return out[[c for c in order if c in out.columns]].reset_index()


#: Which exchange the bands' costs and incentives are of (the ``convention`` column of
#: :func:`anpo.deterrence.bands.bands`): each variant's own measure, the one the stability
#: section quotes (:func:`anpo.deterrence.questions.own_convention`).
LUA_NOTE = (
    " Costs and incentives are each variant's own measure, the one the stability section "
    "quotes: with launch under attack where a side of the dyad has launchers on that posture "
    "and the other side deliverable warheads (convention: lua), else without (plain), in every "
    "draw."
)

#: Which exchange the bands of P(at least m arrive) and of the reaction curves are of.
PLAIN_NOTE = (
    " As their point estimates, these are of the exchange without launch under attack (the "
    "rival's forces riding out the defender's first strike), also where a force is on that "
    "posture."
)


def _appendix(table: pd.DataFrame, inputs: list[dict[str, Any]]) -> list[Table]:
    """The full bands as compact tables (also written as CSV): P(at least m arrive), costs,
    reaction curves, and the inputs with their distributions and bases."""
    stats = ["point", "p05", "p50", "p95"]
    keys = ["year", "variant", "dyad", "where_name"]
    # a table of an older run (no convention column) is shown as it was
    has_convention = "convention" in table.columns
    arrive = table[table["measure"] == "p_arrive"].copy()
    arrive["m"] = [f"P(>={int(x)})" for x in arrive["x"]]
    p_table = _wide(arrive, keys, "m", stats).rename(columns={"where_name": "territory"})
    # the incentive's own band beside the costs': the first-strike key numbers quote it, and
    # it is taken over the draws of the difference, not read off the two costs' bands
    costs = table[table["measure"].isin(["cost_first", "cost_second", "incentive"])].copy()
    costs["cost"] = costs["measure"].map(
        {
            "cost_first": "striking first",
            "cost_second": "struck first",
            "incentive": "first-strike incentive",
        }
    )
    cost_keys = [*keys, "convention"] if has_convention else keys
    c_table = _wide(costs, cost_keys, "cost", stats).rename(columns={"where_name": "side"})
    partial = partly_defined(costs)
    out = [
        Table(
            "P(at least m warheads arrive): point estimate, 5th percentile, median, 95th",
            p_table,
            "After the defender's counterforce first strike, at the defender's homeland and at "
            "the ally. " + MEASURES["p_arrive"] + ". " + ZERO_NOTE + PLAIN_NOTE,
            name="deterrence-bands-arrive",
            # probabilities in percent, as the report's prose and the futures' scorecard
            kinds={"year": "year", **{c: "resolved-percent" for c in p_table.columns[len(keys) :]}},
        ),
        Table(
            "Kent-Thaler expected costs of striking first and of being struck first, and the "
            "first-strike incentive",
            c_table,
            MEASURES["cost_first"] + "; " + MEASURES["cost_second"] + "; first-strike "
            "incentive: " + MEASURES["incentive"] + ", its percentiles taken over the draws of "
            "the difference (not the difference of the two costs' percentiles). A dash: "
            "undefined, the cost of an attack that cannot happen (a side without deliverable "
            "warheads cannot strike first)." + (f" {partial}" if partial else "") + LUA_NOTE,
            name="deterrence-bands-costs",
            kinds={"year": "year", **{c: "cost" for c in c_table.columns[len(cost_keys) :]}},
        ),
    ]
    reac = table[table["measure"] == "launchers_needed"]
    if not reac.empty:
        limit = int(reac["limit"].max())
        r = with_limits(reac, stats)[["year", "variant", "dyad", "x", *stats, "above_limit"]]
        r = r.rename(columns={"x": "interceptors"})
        out.append(
            Table(
                "Reaction curves: launchers needed, point estimate and band",
                r.reset_index(drop=True),
                MEASURES["launchers_needed"] + f". The search limit is {limit:,} launchers: "
                f"'{beyond_text(limit)}' marks a value beyond it. Each draw needs a whole number of "
                "launchers; the percentiles interpolate between draws (Hyndman & Fan "
                "definition 7), so a band edge can fall between two whole numbers." + PLAIN_NOTE,
                name="deterrence-bands-reaction",
                kinds={"year": "year", "interceptors": "int", "above_limit": "percent"},
            )
        )
    inp = pd.DataFrame(inputs).drop(columns=["median"], errors="ignore")
    out.append(
        Table(
            "The uncertain inputs: distribution and basis",
            inp,
            "input: the identifier of the scenario file (a column of the CSV files); fields: how "
            "many places of the scenario the input sets (one drawn value for all).",
            name="deterrence-band-inputs",
            kinds={"year": "year"},
        )
    )
    return out


def partly_defined_mask(costs: pd.DataFrame) -> pd.Series:
    """The rows of ``costs`` (rows of :func:`compute_bands`) whose measure is defined in some
    draws but not all (``0 < defined < 1``); none of a table without rows. A ``costs`` that is
    no DataFrame, or has rows but no ``defined``: an :class:`~anpo.errors.InputError` naming it
    (a bare ``KeyError: 'defined'`` before)."""
    _table("costs", costs, what="a band table", columns=("defined",), columns_if_rows=True)
    if "defined" not in costs.columns:  # a table without rows (the check)
        return pd.Series(False, index=costs.index, dtype=bool)
    return (costs["defined"] > 0.0) & (costs["defined"] < 1.0)


def partly_defined(costs: pd.DataFrame, most: int = 5) -> str:
    """The sentence a cost table's caption needs where a measure of ``costs`` (rows of
    :func:`compute_bands`) is defined in some draws only: a draw that leaves a side without
    deliverable warheads makes its cost of striking first, the other side's of being struck
    first and the incentives undefined in that draw, and the percentiles are over the other
    draws ([kent1989] defines the costs for two armed sides); the first ``most`` such rows by
    name with their share of draws. Empty when every measure is defined in all draws or none.
    The percentiles were shown as those of every draw without a word. A ``costs`` that is no
    DataFrame or has rows but lacks a column read: an :class:`~anpo.errors.InputError` naming it
    (a bare ``KeyError`` before)."""
    rows = costs[partly_defined_mask(costs)]  # checks costs
    if rows.empty:
        return ""
    cols = ("variant_title", "year", "dyad", "where_name", "measure")
    _table("costs", costs, what="a band table", columns=cols)
    what = {
        "cost_first": "cost of striking first",
        "cost_second": "cost of being struck first",
        "incentive": "first-strike incentive",
    }
    items = [
        f"{r['variant_title']} ({int(r['year'])}), {r['dyad']}, {r['where_name']}'s "
        f"{what.get(str(r['measure']), str(r['measure']))}: "
        f"{fmt_number(float(r['defined']), 'percent')}"
        for _, r in rows.head(most).iterrows()
    ]
    more = len(rows) - len(items)
    return (
        "Some draws leave a side without deliverable warheads: there its cost of striking "
        "first, the other side's of being struck first and the incentives are undefined, and "
        "their percentiles are over the draws where they are defined (share of draws: "
        + "; ".join(items)
        + (f"; and {more} more" if more else "")
        + ")."
    )


def measure_band(
    table: pd.DataFrame,
    year: int,
    variant: str,
    dyad: str,
    measure: str,
    where: str,
    x: float | None = None,
    kind: Kind = "resolved",
    convention: str | None = None,
) -> str:
    """``"5–95%: 0.132 to > 0.999"``: the band of ``measure`` (a :func:`anpo.deterrence.bands.bands`
    measure) at ``where`` (and ``x``, for the measures that have one) in ``variant`` of ``year``
    for ``dyad`` (its label), from the report's band table (:func:`compute_bands`), formatted
    as ``kind`` (the report's number kinds); ``"5–95%: 1 at both ends"`` when the two ends
    print alike; ``""`` when the report did not band that variant or measure
    (:func:`report_variants`; a file without uncertainties) or no draw defines it.
    ``convention`` (``"lua"`` or ``"plain"``, :func:`anpo.deterrence.bands.band_convention`):
    only a band of that exchange (the table's ``convention`` column), so a figure quoted under
    one convention never gets the band of the other; None: any. A ``table``
    that is no DataFrame, or has rows but lacks a column read: an
    :class:`~anpo.errors.InputError` naming it (an AttributeError or a bare ``KeyError: 'year'``
    before)."""
    cols = (*_BAND_KEYS, "p05", "p95", *(("x",) if x is not None else ()))
    _table("table", table, what="a band table", columns=cols, columns_if_rows=True)
    if table.empty:
        return ""
    at = (
        (table["year"] == year)
        & (table["variant"] == variant)
        & (table["dyad"] == dyad)
        & (table["measure"] == measure)
        & (table["where"] == where)
    )
    if x is not None:
        at &= table["x"] == x
    if convention is not None:
        _table("table", table, what="a band table", columns=("convention",))
        at &= table["convention"] == convention
    row = table[at]
    if row.empty or not math.isfinite(float(row["p05"].iloc[0])):
        return ""
    low = fmt_number(float(row["p05"].iloc[0]), kind)
    high = fmt_number(float(row["p95"].iloc[0]), kind)
    return f"5–95%: {low} at both ends" if low == high else f"5–95%: {low} to {high}"


def arrive_band(table: pd.DataFrame, year: int, variant: str, dyad: str, where: str, m: int) -> str:
    """:func:`measure_band` of P(at least ``m`` warheads reach ``where``), as a percentage (the
    report's prose gives the probability it bands so)."""
    return measure_band(table, year, variant, dyad, "p_arrive", where, m, "resolved-percent")


def _reaction_assumption(table: pd.DataFrame) -> str:
    """The uncertainty section's assumption on which reaction curves it bands, from the band
    table: each year's banded variants (:func:`reaction_variants`) by name."""
    reac = table[table["measure"] == "launchers_needed"] if "measure" in table.columns else table
    which = "; ".join(
        f"{int(year)}: "
        + join_words(list(dict.fromkeys(reac.loc[reac["year"] == year, "variant_title"])), "and")
        for year in sorted(reac["year"].unique())
    )
    return (
        "Reaction curves are banded only for the national missile defense (else the variant) "
        "with the most interceptors covering the defender and for the variant each reaction "
        "key finding headlines where the rival must grow"
        + (f" ({which})" if which else " (none in this run)")
        + ": each draw searches the launchers needed at every interceptor level, the costliest "
        "measure; the point-estimate curves of every variant are in the reaction section, and "
        "every variant's band is one `anpo bands` command away."
    )


def uncertainty_section(
    ctx: ReportContext,
    computed: tuple[pd.DataFrame, list[dict[str, Any]]] | None = None,
) -> Section | None:
    """The report's uncertainty section (Latin hypercube draws [mckay1979], percentiles
    [hyndman1996, definition 7]), or None when no scenario declares uncertainties;
    ``computed``: :func:`compute_bands`'s result when the caller has it."""
    table, inputs = computed if computed is not None else compute_bands(ctx)
    if table.empty:
        return None
    answer, findings = _answer(table, inputs)
    figures = [_figure_arrive(table, ctx.scenarios)]
    reaction = _figure_reaction(table, ctx.scenarios)
    if reaction is not None:
        figures.append(reaction)
    appendix = _appendix(table, inputs)
    return Section(
        id=SECTION_ID,
        title="What we do not know: bands over the uncertain inputs",
        question=(
            "'It is necessary that we discuss various possible scenarios for the future U.S.-Japan "
            "security relations' (the seed). How far do the answers move over what we do not know "
            "about kill probabilities, survivability, force sizes and the damage scale?"
        ),
        model=(
            "Each scenario's uncertain inputs carry a distribution with its stated basis (beta "
            "for probabilities, log-normal or triangular for counts and scales). A Latin "
            "hypercube (McKay, Beckman & Conover 1979) draws them together; for each draw the "
            "scenario is re-validated and every measure is recomputed by the same exchange, "
            "interception and reaction models as the point estimates. Bands are the 5th and "
            "95th percentiles over the draws (Hyndman & Fan 1996, definition 7), shown next to "
            "the median and to the point estimate from the file's own values."
        ),
        assumptions=[
            "One draw sets every uncertain input of a scenario, so the variants of a year are "
            "compared at the same draws; an input that appears in several places (the same "
            "interceptor in several architectures) takes one value in all of them.",
            "Inputs are drawn independently of one another; no correlation between them is "
            "assumed or modelled.",
            f"Master seed {ctx.seed}; each scenario's draws come from a generator seeded with it "
            "and a stable hash of the scenario's name, so the bands do not depend on the thread "
            "count or on which other scenarios are computed.",
            "Whole-number inputs (launchers, warheads per missile, decoys) take the nearest whole "
            "number of their draw.",
            _reaction_assumption(table),
        ],
        sources=[
            cite("mckay1979"),
            cite("hyndman1996"),
            "The basis of every input distribution: the table of inputs in the appendix (test "
            "records, DoD and FAS estimates, or anpo assumptions).",
        ],
        figures=figures,
        tables=[_summary_table(table)],
        answer=answer,
        caveat=(
            "The bands show the spread implied by the stated input distributions only; many are "
            "anpo assumptions, and the model's form (damage curve, doctrines, independence of "
            "inputs) is not varied, so a narrow band is not a small error."
        ),
        findings=findings,
        appendix=appendix,
    )
