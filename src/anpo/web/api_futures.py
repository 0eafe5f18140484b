"""``/api/futures`` and ``/api/explore``: the futures scorecard; an exploration's results.

The scorecard is :func:`anpo.futures.scorecard`'s indicators for the built-in futures book. The
exploration directory is the one given to ``anpo serve --explore DIR`` at start-up (the only
path the server reads from user input); its results are read with :func:`anpo.explore.load`
(never recomputed), filtered and sampled for plotting here. Column names in a request are
checked against the run's own columns.
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import numpy as np
from fastapi import Request
from pydantic import Field

from anpo.errors import AnpoError, InputError
from anpo.report.countries import with_article
from anpo.report.format import count_noun
from anpo.web import limits
from anpo.web.common import Out, RunnerDep, Strict, api_router, possessive

if TYPE_CHECKING:
    import pandas as pd

router = api_router("/api", "futures")

Column = Annotated[str, Field(min_length=1, max_length=128)]


# ----------------------------------------------------------------------------- scorecard
class FutureInfo(Out):
    id: str
    title: str
    kind: str
    summary: str
    seed: str
    seed_ref: str


class Cell(Out):
    future: str
    value: float | None
    text: str


class IndicatorRow(Out):
    name: str
    question: str
    label: str
    definition: str
    kind: str
    cells: list[Cell]


class Scorecard(Out):
    futures: list[FutureInfo]
    indicators: list[IndicatorRow]
    model: str
    notes: list[str] = Field(
        default_factory=list,
        description="what a reader could take for a slip in the cells, computed (none for the "
        "built-in book)",
    )


@functools.lru_cache(maxsize=1)
def scorecard() -> Scorecard:
    """The scorecard of the built-in futures book (computed once: the book is immutable)."""
    from anpo.futures import INDICATORS, indicators, load_book
    from anpo.futures.scorecard import definition_of, format_value, why_undefined

    worlds = load_book()
    values = [indicators(w) for w in worlds]
    rows = []
    for ind in INDICATORS:
        cells = []
        for w, v in zip(worlds, values, strict=True):
            x = v[ind.name]
            ok = x is not None and not (isinstance(x, float) and math.isnan(x))
            cells.append(
                Cell(
                    future=w.future.id,
                    value=float(x) if ok else None,
                    text=format_value(ind, x, why_undefined(w, ind.name)),
                )
            )
        rows.append(
            IndicatorRow(
                name=ind.name,
                question=ind.question,
                label=ind.label,
                definition=definition_of(ind, worlds),
                kind=ind.kind,
                cells=cells,
            )
        )
    return Scorecard(
        futures=[
            FutureInfo(
                id=w.future.id,
                title=w.future.title,
                kind=w.future.kind,
                summary=" ".join(w.future.summary.split()),
                seed=" ".join(w.future.seed.split()),
                seed_ref=w.future.seed_ref,
            )
            for w in worlds
        ],
        indicators=rows,
        model="anpo.futures.scorecard: each future applied to its base scenario, then the "
        "deterrence, alignment, law and burden models on the resulting world.",
        notes=[],
    )


# ----------------------------------------------------------------------------- exploration
#: The most values of a non-numeric column the API lists (and a filter may keep).
MAX_VALUES = 50


class ColumnInfo(Out):
    name: str
    label: str = Field(description="the column in a reader's words (its name when unknown)")
    role: str = Field(description="input or outcome")
    numeric: bool
    min: float | None
    max: float | None
    values: list[str] = Field(
        description=f"the values of a non-numeric column (at most {MAX_VALUES})"
    )
    kind: str = Field(
        "number",
        description="'yes-no' for a futures run's yes/no indicator (1 yes, 0 no: a chart's axis "
        "reads 'no' and 'yes'), 'count' for its counts, 'fraction' for its probabilities and "
        "shares (stored from 0 to 1, which the table gives in percent), 'number' for any other "
        "column",
    )


class ExploreSummary(Out):
    available: bool
    reason: str
    folder: str | None
    experiments: int
    done: int
    complete: bool
    cases: list[str]
    case_names: dict[str, str] = Field(
        default_factory=dict, description="each case in a reader's words (its id when unknown)"
    )
    sampler: str | None
    n: int | None
    seed: int | None
    model: str | None
    format: int | None = Field(
        None, description="the run's format (its manifest's), null when it states none"
    )
    format_note: str = Field(
        "",
        description="what the input columns hold when not the values the model used (a run "
        "of another format, e.g. format 1: the samples); empty otherwise",
    )
    columns: list[ColumnInfo]


class Range(Strict):
    min: float | None = None
    max: float | None = None
    values: list[Annotated[str, Field(max_length=128)]] | None = Field(
        None,
        max_length=MAX_VALUES,
        description="the values to keep; a numeric column's compared as numbers ('7' keeps 7.0)",
    )


class ResultsRequest(Strict):
    """Filter the results (by input or outcome ranges, by case) and pick what to plot."""

    filters: dict[Column, Range] = Field(default_factory=dict, max_length=limits.MAX_FILTERS)
    cases: list[Annotated[str, Field(max_length=128)]] | None = Field(None, max_length=100)
    x: Column
    y: Column
    limit: int = Field(2_000, ge=1, le=limits.MAX_RESULT_ROWS)


class CaseSummary(Out):
    case: str
    count: int
    mean_y: float | None = Field(
        description="the mean of y; for a yes/no indicator (1 yes, 0 no) the share of 'yes'"
    )
    p05_y: float | None = Field(
        description="the 5th percentile of y: interpolated for a number, a value y takes for a "
        "yes/no indicator or a count (Results.stat_names says which)"
    )
    p95_y: float | None = Field(description="the 95th percentile of y, as p05_y")
    mean_text: str = Field(description="mean_y for a reader ('–' when there is none)")
    p05_text: str = Field(description="p05_y for a reader ('yes'/'no' for a yes/no indicator)")
    p95_text: str = Field(description="p95_y for a reader")


class Results(Out):
    total: int
    matched: int
    shown: int
    x: list[float | str | None]
    y: list[float | str | None]
    x_text: list[str] = Field(
        description="each x for a reader, as the table writes a value of its column: a futures "
        "run's probability or share in percent ('64.6%', '< 0.1%'), a yes/no indicator 'yes' "
        "or 'no', any other number as the report writes one (:func:`value_texts`); the chart's "
        "hover text"
    )
    y_text: list[str] = Field(description="each y for a reader, as x_text")
    case: list[str]
    by_case: list[CaseSummary]
    stat_names: list[str] = Field(
        description="what by_case's three statistics are, for the table's headers: 'mean', "
        "'5%', '95%' for a number; the share of 'yes' and percentiles that are values y takes "
        "(labelled so) for a yes/no indicator, and such percentiles for a count"
    )
    notes: list[str] = Field(
        default_factory=list,
        description="why the request itself excludes every experiment (a range whose min is "
        "above its max, an empty list of values or of cases); empty otherwise",
    )


def _not_available(reason: str) -> ExploreSummary:
    return ExploreSummary(
        available=False,
        reason=reason,
        folder=None,
        experiments=0,
        done=0,
        complete=False,
        cases=[],
        sampler=None,
        n=None,
        seed=None,
        model=None,
        columns=[],
    )


@functools.lru_cache(maxsize=4)
def _frame(folder: str, shards: int, done: int) -> Any:
    """The run's results (read once per state of the folder: shards and experiments done)."""
    from anpo.explore import load

    return load(folder)


def _load(folder: Path) -> tuple[dict[str, Any], Any]:
    from anpo.explore import status

    st = status(folder)
    return st, _frame(str(folder), int(st["shards"]), int(st["done"]))


@functools.cache
def _book_names() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    """What the built-in books call the columns and cases of a run over them: (futures
    indicators -> their labels, uncertain inputs -> their labels, cases -> names, actor slugs
    -> names).

    A run of ``book:futures`` has the futures' ids as cases and the indicators as outcomes; a
    run of a book scenario has ``SCENARIO/VARIANT`` cases (:mod:`anpo.explore.scenario`)."""
    from anpo.explore.scenario import slug
    from anpo.futures import INDICATORS
    from anpo.futures import load_book as futures_book
    from anpo.scenario import load_book

    indicators = {ind.name: ind.label for ind in INDICATORS}
    inputs: dict[str, str] = {}
    cases: dict[str, str] = {}
    actors: dict[str, str] = {}
    for scen in load_book():
        for u in scen.uncertainties:
            inputs.setdefault(u.name, u.shown)
        for v in scen.variant_list():
            cases[f"{scen.scenario.id}/{v.id}"] = f"{scen.scenario.year}: {v.shown}"
        for a in scen.actors:
            actors.setdefault(slug(a.id), a.name)
    for world in futures_book():
        cases[world.future.id] = world.future.title
        for u in world.uncertainties:
            inputs.setdefault(u.name, u.shown)
    return indicators, inputs, cases, actors


#: The model names of the explorer's file models (:mod:`anpo.explore.scenario`,
#: :mod:`anpo.futures.experiment`): the prefix, then the files or futures, comma-separated.
_SCENARIO_MODEL = "anpo.explore.scenario:"
_FUTURES_MODEL = "anpo.futures:"


@functools.cache
def _is_book_run(model: str, fingerprint: str) -> bool:
    """Whether a run's model is files of the built-in books as this version ships them: the
    same files in the same order (by the model's name) with the same fingerprint (their texts,
    :meth:`anpo.explore.model.FilesModel.fingerprint`). Only then do its inputs and cases mean
    what the books' labels say: a run over an edited copy of a book file has the book's file
    name, ids and input names, and a function's run may use them for anything."""
    from anpo.explore.scenario import model_from_files
    from anpo.futures.load import future_files, load_future

    listed = [n for n in model.partition(":")[2].split(",") if n]
    try:
        if model.startswith(_SCENARIO_MODEL):
            refs = [f"book:{Path(n).stem}" for n in listed]
        elif model.startswith(_FUTURES_MODEL):
            by_id = {load_future(p)[0].future.id: str(p) for p in future_files()}
            refs = [by_id[n] for n in listed]
        else:
            return False
        return bool(refs) and model_from_files(refs).fingerprint() == fingerprint
    except (AnpoError, KeyError):
        return False


_OUTCOME = re.compile(
    r"(?P<d>[a-z0-9]+)_(?P<r>[a-z0-9]+)_"
    r"(?:p_arrive_ge_(?P<m>\d+)_(?P<t>[a-z0-9]+)|arrivals_expected_(?P<a>[a-z0-9]+)"
    r"|(?P<k>survivors_expected|fss_lua|fss))"
)


def column_label(name: str, model: str, book: bool) -> str:
    """A run's column in a reader's words: a futures indicator's label in a run of future files
    (their outcomes are the scorecard's indicators, :mod:`anpo.futures.experiment`); a scenario
    outcome spelled out in a run of scenario files (``usa_chn_p_arrive_ge_1_jpn`` -> "P(at least
    1 of China's warheads reaches Japan after the United States' first strike), United States
    and China",
    :func:`anpo.explore.scenario.case_outcomes`); a book input's label in a run over the books
    as shipped (``book``, :func:`_is_book_run`); the name itself otherwise. ``model`` is the
    run's model name."""
    indicators, inputs, _, actors = _book_names()
    if book and name in inputs:
        return inputs[name]
    if model.startswith(_FUTURES_MODEL):
        return indicators.get(name, name)
    m = _OUTCOME.fullmatch(name)
    if (
        not model.startswith(_SCENARIO_MODEL)
        or m is None
        or m["d"] not in actors
        or m["r"] not in actors
        or (m["t"] is not None and m["t"] not in actors)
        or (m["a"] is not None and m["a"] not in actors)
    ):
        return name
    d, r = actors[m["d"]], actors[m["r"]]
    pair = f"{d} and {r}"
    # the arrivals are the rival's retaliation after the defender's first strike
    # (anpo.explore.scenario.case_outcomes): the label says so
    after = f"after {possessive(with_article(d))} first strike"
    if m["m"] is not None:
        where = actors[str(m["t"])]  # a territory: matched with the count, known (above)
        n = int(m["m"])
        arrive = "warheads reaches" if n == 1 else "warheads reach"
        return f"P(at least {n} of {possessive(r)} {arrive} {where} {after}), {pair}"
    if m["a"] is not None:
        where = actors[str(m["a"])]
        return f"{possessive(r)} warheads reaching {where} {after} (expected), {pair}"
    return {
        "survivors_expected": f"{possessive(r)} modelled warheads surviving a first strike "
        f"(expected; the scenario's forces, any range), {pair}",
        # both exchanges are outcomes of every case: the label says which this one is
        "fss": f"First-strike stability without launch under attack, {pair}",
        "fss_lua": f"First-strike stability with launch under attack, {pair}",
    }[m["k"]]


def case_name(case: str, book: bool) -> str:
    """A run's case in a reader's words: in a run over the books as shipped (``book``,
    :func:`_is_book_run`), a future's title or a book variant as "YEAR: its name"; the case
    itself otherwise."""
    return _book_names()[2].get(case, case) if book else case


def _columns(st: dict[str, Any], frame: Any, book: bool = False) -> list[ColumnInfo]:
    import pandas as pd

    skip = {"experiment", "row", "case", "error"}
    out = []
    for col in frame.columns:
        if col in skip:
            continue
        s = frame[col]
        numeric = bool(pd.api.types.is_numeric_dtype(s)) and not pd.api.types.is_bool_dtype(s)
        finite = s[np.isfinite(s)] if numeric else s
        out.append(
            ColumnInfo(
                name=str(col),
                label=column_label(str(col), str(st["model"]), book),
                role="input" if col in st["inputs"] else "outcome",
                numeric=numeric,
                min=float(finite.min()) if numeric and len(finite) else None,
                max=float(finite.max()) if numeric and len(finite) else None,
                values=[] if numeric else [str(v) for v in pd.unique(s.astype(str))[:MAX_VALUES]],
                kind=column_kind(str(col), str(st["model"])) if numeric else "number",
            )
        )
    return out


def explore_summary(folder: Path | None) -> ExploreSummary:
    """What the exploration directory holds."""
    if folder is None:
        return _not_available(_NO_EXPLORATION)
    from anpo.explore import store

    try:
        st, frame = _load(folder)
        manifest = store.read_manifest(folder) or {}
    except AnpoError as exc:
        return _not_available(exc.one_line())
    book = _is_book_run(str(st["model"]), str(manifest.get("fingerprint", "")))
    return ExploreSummary(
        available=True,
        reason="",
        folder=folder.name,
        experiments=int(st["experiments"]),
        done=int(st["done"]),
        complete=bool(st["complete"]),
        cases=[str(c) for c in st["cases"]],
        case_names={str(c): case_name(str(c), book) for c in st["cases"]},
        sampler=str(st["sampler"]),
        n=int(st["n"]),
        seed=int(st["seed"]),
        model=str(st["model"]),
        format=store.run_format(manifest),
        format_note=store.format_note(manifest),
        columns=_columns(st, frame, book),
    )


def _values(series: Any) -> list[float | str | None]:
    import pandas as pd

    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        arr = series.to_numpy(dtype=float)
        return [float(v) if math.isfinite(v) else None for v in arr]
    return [None if v is None else str(v) for v in series.tolist()]


def stat_text(value: float | None, column: str, model: str) -> str:
    """A statistic of a run's column (a mean, a percentile) for a reader: a futures run's
    probability or share indicator as the scorecard writes it (percent, '< 0.1%' for a tiny
    positive value, :func:`anpo.futures.scorecard.format_value`), an amount to the tenth its
    sources print (host-nation support, '257.3' as the scorecard), any other number as the
    report writes one (:func:`anpo.report.format.fmt_number`: three significant digits, 0 for
    floating-point noise); '–' when there is none (no numeric value matched).

    >>> stat_text(2.9e-10, "patron_damage", "anpo.futures:status-quo"), stat_text(None, "y", "m")
    ('< 0.1%', '–')
    >>> stat_text(257.3, "japan_hns_bn_yen", "anpo.futures:status-quo")
    '257.3'
    >>> stat_text(0.0, "y", "noisy_sum"), stat_text(0.046875, "y", "noisy_sum")
    ('0', '0.0469')
    """
    from anpo.futures import INDICATORS
    from anpo.futures.scorecard import format_value
    from anpo.report.format import MISSING, fmt_number

    if value is None:
        return MISSING
    if model.startswith(_FUTURES_MODEL):
        ind = next((i for i in INDICATORS if i.name == column), None)
        if ind is not None and ind.kind in ("probability", "share", "amount"):
            return format_value(ind, value)
    return fmt_number(value)


def value_texts(values: list[float | str | None], column: str, model: str) -> list[str]:
    """Each value of a run's column (:func:`_values`: a number, a text, None) for a reader, in
    the words the page's table and the scorecard use for the column: a futures run's
    probability or share in percent (:func:`stat_text`), a yes/no indicator 'yes' or 'no'
    (1 yes, 0 no, :func:`case_statistics`' percentiles), any other number as the report
    writes one; a text as it is; '–' for none. The exploration chart's hover text: it read
    0.646 where the table beside it read 64.6%.

    >>> value_texts([0.646, 2.9e-10, None], "china_p_reach_us", "anpo.futures:status-quo")
    ['64.6%', '< 0.1%', '–']
    >>> value_texts([1.0, 0.0], "china_assured_retaliation", "anpo.futures:status-quo")
    ['yes', 'no']
    >>> value_texts([0.046875, "a"], "y", "noisy_sum")
    ['0.0469', 'a']
    """
    from anpo.futures.scorecard import yes_no
    from anpo.report.format import MISSING

    yes_or_no = y_kind(column, model) == "yes-no"
    out = []
    for v in values:
        if v is None:
            out.append(MISSING)
        elif isinstance(v, str):
            out.append(v)
        elif yes_or_no:
            out.append(yes_no(v))
        else:
            out.append(stat_text(v, column, model))
    return out


def column_kind(column: str, model: str) -> str:
    """What a run's column holds, for the page: :func:`y_kind`'s 'yes-no' and 'count', and
    'fraction' for a futures run's probability or share indicator (0 to 1 in the run, percent
    in the table: a filter box says its scale).

    >>> m = "anpo.futures:status-quo"
    >>> column_kind("china_p_reach_us", m), column_kind("side_size", m), column_kind("x", "m")
    ('fraction', 'count', 'number')
    >>> column_kind("japan_hns_bn_yen", m)  # an amount (billion yen), not a fraction
    'number'
    """
    from anpo.futures import INDICATORS

    if model.startswith(_FUTURES_MODEL):
        ind = next((i for i in INDICATORS if i.name == column), None)
        if ind is not None and ind.kind in ("probability", "share"):
            return "fraction"
    return y_kind(column, model)


#: the header of a percentile that is a value the variable takes (not an interpolation)
TAKEN = "(a value it takes)"


def y_kind(column: str, model: str) -> str:
    """How a run's column is summarised: 'yes-no' for a futures run's yes/no indicator (1 yes,
    0 no), 'count' for its count indicators, 'number' for anything else.

    >>> y_kind("china_assured_retaliation", "anpo.futures:status-quo"), y_kind("x", "m")
    ('yes-no', 'number')
    """
    from anpo.futures import INDICATORS

    if model.startswith(_FUTURES_MODEL):
        ind = next((i for i in INDICATORS if i.name == column), None)
        if ind is not None and ind.kind in ("yes-no", "count"):
            return ind.kind
    return "number"


def stat_names(kind: str) -> list[str]:
    """The headers of a case's three statistics (:func:`case_statistics`) for a column of this
    :func:`y_kind`; the first is followed by the column's label on the page."""
    if kind == "yes-no":
        return ["share of 'yes' for", f"5% {TAKEN}", f"95% {TAKEN}"]
    if kind == "count":
        return ["mean", f"5% {TAKEN}", f"95% {TAKEN}"]
    return ["mean", "5%", "95%"]


def case_statistics(ys: Any, column: str, model: str) -> dict[str, Any]:
    """A case's statistics of a numeric column (its finite values ``ys``): the mean and the 5th
    and 95th percentiles, with each one's text (:func:`stat_text`).

    A yes/no indicator (1 yes, 0 no) has the share of 'yes' as its mean (written at the
    samples' resolution, :func:`anpo.futures.scorecard.sample_share_text`), and no interpolated
    percentile: the 5% of a 0/1 variable interpolated between 0 and 1 is a value it cannot take.
    Its percentiles and a count's are values the variable takes (the inverted empirical CDF,
    Hyndman & Fan 1996, definition 1), 'yes'/'no' for a yes/no indicator; the headers say so
    (:func:`stat_names`). Any other number's are interpolated (Hyndman & Fan's definition 7).

    >>> got = case_statistics(np.array([0.0, 0.0, 1.0, 0.0]), "china_on_side", "anpo.futures:x")
    >>> got["mean_text"], got["p05_text"], got["p95_text"]
    ('25%', 'no', 'yes')
    """
    from anpo.futures.scorecard import sample_share_text, yes_no

    ys = np.asarray(ys, dtype=float)
    kind = y_kind(column, model)
    values: list[float | None] = [None, None, None]
    if len(ys):
        pct = np.percentile(ys, [5, 95], method="linear" if kind == "number" else "inverted_cdf")
        values = [float(ys.mean()), float(pct[0]), float(pct[1])]
    if kind == "yes-no" and len(ys):
        # an estimate from the case's samples, at their resolution, as the report's cells
        # ('no (41% of samples yes)'): '40.6%' of 64 samples read finer than they are
        texts = [sample_share_text(float(ys.mean()), len(ys))]
        texts += ["no" if v is None else yes_no(v) for v in values[1:]]
    else:
        texts = [stat_text(v, column, model) for v in values]
    out: dict[str, Any] = {}
    for stat, value, text in zip(("mean", "p05", "p95"), values, texts, strict=True):
        out[f"{stat}_y"], out[f"{stat}_text"] = value, text
    return out


@functools.cache
def _book_worlds() -> dict[str, Any]:
    """The futures book's worlds by future id (their nominal values)."""
    from anpo.futures import load_book as futures_book

    return {w.future.id: w for w in futures_book()}


def undefined_reason(model: str, book: bool, case: str, column: str) -> str:
    """Why a futures indicator has no value in a case of a run over the futures book as shipped
    (``book``, :func:`_is_book_run`): the scorecard's reason for that future
    (:func:`anpo.futures.scorecard.why_undefined`, 'no U.S. guarantee to Japan to honour'),
    read from the future's nominal world; '' when not known (another model, an edited file, a
    column that is no indicator, a future whose nominal world has a value)."""
    from anpo.futures import INDICATORS
    from anpo.futures.scorecard import why_undefined

    if not (book and model.startswith(_FUTURES_MODEL)):
        return ""
    if column not in {ind.name for ind in INDICATORS}:
        return ""
    world = _book_worlds().get(case)
    return why_undefined(world, column) if world is not None else ""


def undefined_notes(
    column: str, model: str, book: bool, counts: list[tuple[str, int, int]]
) -> list[str]:
    """A sentence for each case in which ``column`` has no value in some experiments
    (``counts``: each case with its experiments and how many have a finite value): in every one,
    with the scorecard's reason where it is known (:func:`undefined_reason`); in some, how many
    the statistics leave out. The table showed '–' and a count of experiments without a word."""
    label = column_label(column, model, book)
    out = []
    for case, n, finite in counts:
        if finite == n:
            continue
        where = f"“{case_name(case, book)}”"
        if finite == 0:
            why = undefined_reason(model, book, case, column)
            out.append(
                f"{label} is undefined in {where} (each of its {count_noun(n, 'experiment')})"
                + (f": {why}" if why else "")
            )
        else:
            out.append(
                f"{label} is undefined in {n - finite} of the {n} experiments of {where}; its "
                f"statistics are of the other {finite}"
            )
    return out


def _value_mask(column: pd.Series, values: list[str], numeric: bool, field: str) -> np.ndarray:
    """The rows of ``column`` whose value is one of ``values``. A numeric column is compared as
    numbers: its values as text are the float's ('7.0'), so '7' matched no row of a column of
    counts; a value that is not a finite number is refused naming it."""
    if not numeric:
        return column.astype(str).isin(values).to_numpy()
    wanted = []
    for i, text in enumerate(values):
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise InputError(
                f"{text!r} is not a finite number, and the column holds numbers",
                field=f"{field}.values.{i}",
            )
        wanted.append(value)
    return np.isin(column.to_numpy(dtype=float), wanted)


def explore_results(folder: Path | None, req: ResultsRequest) -> Results:
    """The rows matching the filters (read from the run, never recomputed), sampled evenly to
    ``limit`` for plotting, and per-case statistics of ``y`` over every matching row. A server
    started without an exploration directory, or whose directory holds no readable run, answers
    404 saying so: no fault of the request (it was a 422 naming the body)."""
    from starlette.exceptions import HTTPException

    from anpo.report.format import fmt_number

    if folder is None:
        raise HTTPException(404, _NO_EXPLORATION)
    try:
        st, frame = _load(folder)
    except AnpoError as exc:  # the server's directory, not the request: it was a 422
        raise HTTPException(404, f"no exploration results: {exc.one_line()}") from None
    known = {c.name: c for c in _columns(st, frame)}
    for name, fld in ((req.x, "body.x"), (req.y, "body.y")):
        if name not in known:
            raise InputError(f"no column {name!r}; columns: {', '.join(known)}", field=fld)
    mask = np.ones(len(frame), dtype=bool)
    # a request that excludes every experiment by itself is said so, not answered with a bare
    # 0 matched (the page explains it too, as its user types a range)
    notes: list[str] = []
    for name, rng in req.filters.items():
        if name not in known:
            raise InputError(f"no column {name!r}", field=f"body.filters.{name}")
        if rng.min is not None and rng.max is not None and rng.min > rng.max:
            # a probability or share (0 to 1 in the run) with the percent the page's boxes
            # take it in: 'min 0.5 is above max 0.4' of the boxes' 50 and 40 read as if the
            # page had sent numbers nobody typed
            lo, hi = (
                (f"{v:g} ({fmt_number(v, 'percent')})" for v in (rng.min, rng.max))
                if known[name].kind == "fraction"
                else (f"{rng.min:g}", f"{rng.max:g}")
            )
            notes.append(f"filters.{name}: min {lo} is above max {hi}, so no experiment can match")
        if rng.values is not None and not rng.values:
            notes.append(f"filters.{name}.values: the list is empty, so no experiment can match")
        s = frame[name]
        if rng.values is not None:
            mask &= _value_mask(s, rng.values, known[name].numeric, f"body.filters.{name}")
        if rng.min is not None or rng.max is not None:
            if not known[name].numeric:
                raise InputError("a range needs a numeric column", field=f"body.filters.{name}")
            v = s.to_numpy(dtype=float)
            if rng.min is not None:
                mask &= v >= rng.min
            if rng.max is not None:
                mask &= v <= rng.max
    if req.cases is not None:
        present = set(frame["case"].astype(str))
        for i, case in enumerate(req.cases):
            if case not in present:
                raise InputError(
                    f"no case {case!r}; cases: {', '.join(sorted(present))}",
                    field=f"body.cases.{i}",
                )
        mask &= frame["case"].astype(str).isin(req.cases).to_numpy()
        if not req.cases:
            notes.append("cases: the list is empty, so no experiment can match")
    sub = frame[mask]
    idx = np.arange(len(sub))
    if len(sub) > req.limit:
        idx = np.unique(np.linspace(0, len(sub) - 1, req.limit).round().astype(int))
    shown = sub.iloc[idx]
    by_case = []
    counts: list[tuple[str, int, int]] = []
    y_numeric = known[req.y].numeric
    model = str(st["model"])
    # the run's order of cases (the summary's, the chart legend's, the futures book's), not the
    # alphabetical order of their ids, which read as no order once the ids became names
    order = {str(c): i for i, c in enumerate(st["cases"])}
    groups = sorted(
        sub.groupby(sub["case"].astype(str), sort=True),
        key=lambda g: (order.get(str(g[0]), len(order)), str(g[0])),
    )
    for case, grp in groups:
        ys = grp[req.y].to_numpy(dtype=float) if y_numeric else np.array([])
        ys = ys[np.isfinite(ys)]
        if y_numeric:
            counts.append((str(case), len(grp), len(ys)))
        by_case.append(
            CaseSummary(case=str(case), count=len(grp), **case_statistics(ys, req.y, model))
        )
    if counts:
        from anpo.explore import store

        try:
            manifest = store.read_manifest(folder) or {}
        except AnpoError:  # the results were read: the reasons are what is left out
            manifest = {}
        book = _is_book_run(model, str(manifest.get("fingerprint", "")))
        notes += undefined_notes(req.y, model, book, counts)
    xs, ys_shown = _values(shown[req.x]), _values(shown[req.y])
    return Results(
        total=len(frame),
        matched=len(sub),
        shown=len(shown),
        x=xs,
        y=ys_shown,
        x_text=value_texts(xs, req.x, model),
        y_text=value_texts(ys_shown, req.y, model),
        case=[str(c) for c in shown["case"].tolist()] if "case" in shown else [],
        by_case=by_case,
        stat_names=stat_names(y_kind(req.y, model)),
        notes=notes,
    )


# ----------------------------------------------------------------------------- routes
@router.get("/futures/scorecard", response_model=Scorecard)
async def get_scorecard(run: RunnerDep) -> Scorecard:
    """The futures scorecard: every future of the book on the same indicators."""
    return await run.run(scorecard)


@router.get("/explore/summary", response_model=ExploreSummary)
async def get_explore_summary(request: Request, run: RunnerDep) -> ExploreSummary:
    """The exploration directory given at start-up: its experiments, cases and columns."""
    return await run.run(explore_summary, request.app.state.explore_dir)


@router.post("/explore/results", response_model=Results)
async def post_explore_results(req: ResultsRequest, request: Request, run: RunnerDep) -> Results:
    """The exploration's results filtered and sampled for a plot (no recomputation); 404 when
    the server has no readable exploration."""
    return await run.run(explore_results, request.app.state.explore_dir, req)


#: Why the exploration's results cannot be asked for (the server's start-up, not the request).
_NO_EXPLORATION = (
    "no exploration directory: start the server with anpo serve --explore DIR "
    "(DIR written by anpo explore run)"
)
