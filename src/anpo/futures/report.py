"""Report provider ``anpo.futures.report:build``: the seed's futures side by side, with
uncertainty bands, and what decides each outcome.

Two sections:

- **The seed's futures side by side**: the scorecard of :mod:`anpo.futures.scorecard` for every
  future of the book, each value with its 5–95% band over a Latin hypercube of the futures'
  stated uncertainties (:data:`N_BANDS` samples, the report's seed), run through
  :func:`anpo.explore.run`.
- **What decides the outcome**: PRIM boxes ([friedman1999]; [bryant2010]) on
  the same exploration for three of the seed's questions, and Sobol' indices (SALib; Saltelli
  design of :data:`N_SOBOL` base samples per future) of the key outcomes.

The explorations run in a temporary folder (removed afterwards), serially, so the page depends
only on the book and the seed.
"""

from __future__ import annotations

import math
import tempfile
import textwrap
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from anpo.law.vocab import in_words
from anpo.references import cite
from anpo.report.countries import country_name
from anpo.report.format import count_noun, fmt_estimate, fmt_number, fmt_p, fmt_share, join_words
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

#: Latin hypercube samples per future for the bands and the discovery.
N_BANDS = 64
#: How the report chooses PRIM's box (Bryant & Lempert 2010): the densest box of the trajectory
#: with at least this coverage, then its limits with a quasi-p-value above ``PRIM_MAX_P`` dropped.
PRIM_MIN_COVERAGE = 0.8
PRIM_MAX_P = 0.05
#: Base samples of the Saltelli design per future (rows: N (d + 2)).
N_SOBOL = 32

_MODELS = {
    "china_assured_retaliation": "deterrence",
    "china_p_reach_us": "deterrence",
    "japan_allied": "deterrence",
    "japan_covered": "deterrence",
    "china_warheads_at_japan": "deterrence",
    "patron_damage": "deterrence",
}


def _explore(files: list[Path], *, n: int, seed: int, sampler: str) -> pd.DataFrame:
    import anpo.explore as ex

    with tempfile.TemporaryDirectory(prefix="anpo-futures-") as tmp:
        out = ex.run(files, n=n, seed=seed, out=Path(tmp) / "run", sampler=sampler)
        frame = ex.load(out)
        if sampler == "saltelli":
            from anpo.explore.sensitivity import sensitivity

            frame.attrs["sobol"] = sensitivity(out, seed=seed)
    return frame


def _sentence_case(label: str) -> str:
    """A label that opens with an article (``"The U.S.'s margin"``) as it reads inside a
    sentence (``"the U.S.'s margin"``); a label opening with a name keeps its capital.

    >>> _sentence_case("The U.S.'s margin on its side"), _sentence_case("Japan's margin")
    ("the U.S.'s margin on its side", "Japan's margin")
    """
    first, _, rest = label.partition(" ")
    return f"{first.lower()} {rest}" if first in ("The", "A", "An") and rest else label


def _edge_inputs(world: Any) -> list[str]:
    """The uncertain inputs of ``world`` whose value as written lies outside the middle 90% of
    their own stated distribution (below its 5th or above its 95th percentile), in words with
    both: the reason a number as written can fall outside its samples' 5–95% band. An input
    whose written value cannot be read is left out (never guessed)."""
    from anpo.scenario.uncertainty import get_target

    out = []
    for u in world.uncertainties:
        try:  # a choice among dates or names has no percentiles to compare with
            lo, hi = (float(x) for x in u.ppf([0.05, 0.95]))
        except (TypeError, ValueError):
            continue
        for target in u.targets:  # every field the input sets, each with its value as written
            try:
                value = float(get_target(world, target))
            except (ValueError, TypeError, KeyError, IndexError):
                continue
            if lo <= value <= hi:
                continue
            where = f" ({target})" if len(u.targets) > 1 else ""
            out.append(
                f"{u.shown}{where} is {fmt_number(value)} as written, "
                f"{'above the 95th' if value > hi else 'below the 5th'} percentile of its "
                f"stated distribution (5–95%: {fmt_number(lo)} to {fmt_number(hi)})"
            )
    return out


def _outside_note(outside: list[str], worlds: list[Any], titles: Mapping[str, str]) -> str:
    """The scorecard's note on numbers whose value as written lies outside their band (and on
    yes/no answers none of whose samples answers as written, :func:`_outside_band`)
    (``outside``: '{label} under {future}' phrases; ``worlds``: the futures they belong to),
    with the reason computed from the inputs (:func:`_edge_inputs`), not assumed."""
    if not outside:
        return ""
    reasons = []
    for w in worlds:  # each future its own reason: one's edge input explains no other's
        edge = _edge_inputs(w)
        under = f"under {_titles([titles[w.future.id]])}"
        reasons.append(
            f"{under}, {join_words(edge)}, so most samples lie on one side of the value as written"
            if edge
            else f"{under}, no uncertain input is set outside the middle 90% of its "
            "distribution, so the outcome responds unevenly to the inputs around the value as "
            "written"
        )
    return (
        f" The value as written lies outside its band for {join_words(outside)}: "
        f"{'; '.join(reasons)}."
    )


def _yes_share(sample: pd.Series) -> float:
    """The share of a yes/no indicator's samples that answer yes (1), over the samples where it
    is defined (NaN left out); NaN where none is. Computed once per future and indicator by the
    scorecard (:func:`_side_by_side`): its cell ('no (41% of samples yes)') and the key finding
    (:func:`_samples_otherwise`) read the same figure.

    >>> _yes_share(pd.Series([1.0, 0.0, float("nan"), 1.0, 1.0]))
    0.75
    """
    vals = sample.dropna().to_numpy(dtype=float)
    return float(vals.mean()) if vals.size else math.nan


def _cell(
    ind: Any, nominal: float, sample: pd.Series, why: str, yes_share: float | None = None
) -> str:
    """A scorecard cell: the value as written and, over ``sample``, its 5–95% band (a number)
    or the share of samples answering yes (a yes/no indicator: ``yes_share`` where the caller
    has it, else :func:`_yes_share` of ``sample``) where the samples vary, or where every
    sample answers otherwise than the value as written ('yes (0% of samples yes)': the
    answer lies outside its samples, :func:`_outside_band`; 'yes' alone hid it).

    >>> from anpo.futures.scorecard import Indicator
    >>> yn = Indicator("x", "q", "x", "a yes/no answer", "yes-no")
    >>> [_cell(yn, 1.0, pd.Series(xs), "") for xs in ([0.0, 0.0], [1.0, 1.0], [0.0, 1.0])]
    ['yes (0% of samples yes)', 'yes', 'yes (50% of samples yes)']
    >>> _cell(yn, 0.0, pd.Series([1.0, 1.0]), "")
    'no (100% of samples yes)'
    """
    from anpo.futures.scorecard import format_value, sample_share_text

    shown = format_value(ind, nominal, why)
    vals = sample.dropna().to_numpy(dtype=float)
    if not vals.size or shown.startswith("undefined"):
        return shown
    if ind.kind == "yes-no":
        share = _yes_share(sample) if yes_share is None else yes_share
        if share in (0.0, 1.0) and _answered_otherwise(nominal, share) is None:
            return shown
        return f"{shown} ({sample_share_text(share, vals.size)} of samples yes)"
    lo, hi = np.quantile(vals, [0.05, 0.95])
    if np.isclose(lo, hi, rtol=1e-9, atol=1e-12):
        return shown
    low, high = format_value(ind, lo), format_value(ind, hi)
    # a dash before a bound shown as '> 99.9%' read as an arrow ('[12.2%–> 99.9%]'): such a
    # band is spelt with 'to', as the deterrence sections write theirs
    bounded = any(t.startswith(("<", ">")) for t in (low, high))
    return f"{shown} [{low} to {high}]" if bounded else f"{shown} [{low}–{high}]"


def _answered_otherwise(nominal: float, share: float) -> tuple[str, str] | None:
    """Where every sample of a yes/no answer answers otherwise than its value as written (a
    'yes' whose samples all say no, or the reverse; ``nominal``: 1 yes, 0 no; ``share``: the
    share of samples yes, :func:`_yes_share`): the answer as written and the one every sample
    gives, in the words the scorecard's cells print (:func:`~anpo.futures.scorecard.yes_no`).
    None where some sample answers as written, or where either is NaN (no sample, or the
    answer undefined). The one place that decides it: the cell (:func:`_cell`), the band test
    (:func:`_outside_band`) and the scorecard's note (:func:`_side_by_side`) read it.

    >>> _answered_otherwise(1.0, 0.0), _answered_otherwise(0.0, 1.0)
    (('yes', 'no'), ('no', 'yes'))
    >>> [_answered_otherwise(*case) for case in ((1.0, 0.5), (0.0, 0.0), (1.0, 1.0))]
    [None, None, None]
    >>> _answered_otherwise(float("nan"), 0.0), _answered_otherwise(1.0, float("nan"))
    (None, None)
    """
    from anpo.futures.scorecard import yes_no

    if not (math.isfinite(nominal) and math.isfinite(share)) or share not in (0.0, 1.0):
        return None
    written, sampled = yes_no(nominal), yes_no(share)  # every sample: share 0 no, 1 yes
    return (written, sampled) if written != sampled else None


def _outside_band(ind: Any, nominal: float, sample: pd.Series) -> bool:
    """Whether a number's value as written lies outside the 5–95% band of its samples (as the
    cell shows them; constant samples have no band), or a yes/no answer's value as written is
    the answer of none of its samples (:func:`_answered_otherwise`; the cell then gives the share
    of samples yes, :func:`_cell`), so the scorecard's note names either the same way.

    >>> import pandas as pd
    >>> from anpo.futures.scorecard import Indicator
    >>> num = Indicator("x", "q", "x", "a number", "number")
    >>> xs = pd.Series(range(100))
    >>> _outside_band(num, 50.0, xs), _outside_band(num, 2.0, xs), _outside_band(num, 99.0, xs)
    (False, True, True)
    >>> band = pd.Series([1.65] * 10 + [1.7] * 80 + [1.8399] * 10)  # 5-95%: 1.65 to 1.8399
    >>> _outside_band(num, 1.8401, band), _outside_band(num, 1.86, band)  # '1.84': its end
    (False, True)
    >>> yn = Indicator("y", "q", "y", "a yes/no answer", "yes-no")
    >>> _outside_band(yn, 1.0, pd.Series([0.0] * 5)), _outside_band(yn, 1.0, pd.Series([0, 1.0]))
    (True, False)
    """
    vals = sample.dropna().to_numpy(dtype=float)
    if not vals.size or not math.isfinite(nominal):
        return False
    if ind.kind == "yes-no":
        return _answered_otherwise(nominal, _yes_share(sample)) is not None
    lo, hi = np.quantile(vals, [0.05, 0.95])
    if np.isclose(lo, hi, rtol=1e-9, atol=1e-12):
        return False
    tol = 1e-9 * max(1.0, abs(hi), abs(lo))
    if not (nominal < lo - tol or nominal > hi + tol):
        return False
    from anpo.futures.scorecard import format_value

    # outside by less than the cell's rounding it reads as the band's end ('1.84 [1.65–1.84]'
    # was said to lie outside its band): judged as the reader sees it
    return format_value(ind, nominal) not in (format_value(ind, lo), format_value(ind, hi))


def _offset_number(base: Mapping[str, Any]) -> str:
    """The burden finding's key number: the DoD's offset share the futures scale, with its year
    (:func:`~anpo.futures.scorecard.burden_base`), 'about' when the source gives a rounded
    figure (the burden section writes it so).

    >>> _offset_number({"offset_share": 0.75, "offset_year": 2001, "offset_approximate": True})
    'DoD offset share 2001 = about 75%'
    >>> _offset_number({"offset_share": 0.745, "offset_year": 2002, "offset_approximate": False})
    'DoD offset share 2002 = 74.5%'
    """
    share, year = base["offset_share"], base["offset_year"]
    if base["offset_approximate"]:
        return f"DoD offset share {year} = about {fmt_share(share, decimals=0)}"
    return f"DoD offset share {year} = {fmt_share(share, decimals=1)}"


def _burden_answer(burden: Mapping[str, float], unallied: str, base: Mapping[str, Any]) -> str:
    """The burden finding's answer: the share Japan pays in the futures where U.S. forces stay
    (``burden``: future id -> share), at the precision of the DoD figure they scale: 'about'
    and whole percentages when it is a rounded one (the key number beside it says 'about 75%',
    the answer said '75%'), one decimal when it is exact (the key number '74.5%' beside an
    answer '75%' read as two figures); and the futures (``unallied``, their titles in words)
    with no U.S. forces left.

    >>> _burden_answer({"a": 0.75, "b": 0.75}, "", {"offset_approximate": True})
    'Japan pays about 75% of the U.S. non-personnel stationing cost where U.S. forces stay.'
    >>> _burden_answer({"a": 0.6}, "“W”", {"offset_approximate": False})
    'Japan pays 60.0% of the U.S. non-personnel stationing cost where U.S. forces stay; nothing under “W”, with no U.S. forces left.'
    """
    approximate = bool(base["offset_approximate"])
    about = "about " if approximate else ""
    decimals = 0 if approximate else 1
    span = _span(
        min(burden.values()),
        max(burden.values()),
        show=lambda x: fmt_share(x, decimals=decimals),  # a bound ("> 99%"), never "100%"
    )
    tail = f"; nothing under {unallied}, with no U.S. forces left." if unallied else "."
    return (
        f"Japan pays {about}{span} of the U.S. non-personnel stationing cost where U.S. forces "
        f"stay{tail}"
    )


def _offset_confidence(base: Mapping[str, Any]) -> str:
    """The burden finding's confidence: where the DoD's figure comes from (a press account of
    the report, as the burden section says, when the report itself was not read), and its year.

    >>> "as a press account of the report gives it" in _offset_confidence(
    ...     {"offset_primary": False, "offset_year": 2001})
    True
    >>> _offset_confidence({"offset_primary": True, "offset_year": 2002})
    "moderate: the DoD's own offset share for 2002; futures scale it by stated assumptions"
    """
    relayed = (
        ""
        if base["offset_primary"]
        else ", as a press account of the report gives it (not read from the report)"
    )
    return (
        f"moderate: the DoD's own offset share for {base['offset_year']}{relayed}; futures scale "
        "it by stated assumptions"
    )


#: A scenario field of a change target, in words (:func:`_change_words`).
_FIELD_WORDS = {
    "interceptors": "interceptors",
    "covers": "territories covered",
    "defenses": "defenses",
    "alliances": "alliances",
    "launchers": "launchers",
    "sspk": "kill probability per shot",
}


def _scenario_names(data: Any, out: dict[str, str] | None = None) -> dict[str, str]:
    """Every item of a dumped scenario with an ``id`` and a ``name`` (or a variant's
    ``title``): id -> name, for the words of a change target."""
    out = {} if out is None else out
    if isinstance(data, dict):
        name = data.get("name") or data.get("title")
        if isinstance(data.get("id"), str) and isinstance(name, str):
            out.setdefault(data["id"], name)
        for v in data.values():
            _scenario_names(v, out)
    elif isinstance(data, list):
        for v in data:
            _scenario_names(v, out)
    return out


def _change_words(ch: Any, data: dict[str, Any], names: dict[str, str]) -> str:
    """A change to the base scenario in words: the named item it changes (a defense layer, a
    variant), the field and the value, ``'Sea-based midcourse layer ...: interceptors +100'``
    for ``defenses[gmd-allied].layers[0].interceptors: add 100.0``, the file's path, which the
    table gives beside it. ``data`` is the scenario the change applies to (dumped), ``names``
    the ids of its items with their names (:func:`_scenario_names`), countries by name.

    >>> from types import SimpleNamespace as NS
    >>> data = {"defenses": [{"id": "d", "name": "Layered defense",
    ...     "layers": [{"name": "Sea-based layer", "covers": ["JPN"], "interceptors": 10}]}]}
    >>> _change_words(NS(target="defenses[d].layers[0].covers", op="remove", value="JPN"),
    ...     data, {})
    'Sea-based layer: territories covered without Japan'
    >>> _change_words(NS(target="defenses[d].layers[0].interceptors", op="add", value=100.0),
    ...     data, {})
    'Sea-based layer: interceptors +100'
    >>> _change_words(NS(target="alliances", op="remove", value="us-japan"), {"alliances": []},
    ...     {"us-japan": "the U.S.-Japan treaty"})
    'alliances without the U.S.-Japan treaty'
    >>> _change_words(NS(target="dyads[label=U.S.-China].ally", op="remove", value="JPN"),
    ...     {"dyads": [{"defender": "USA", "rival": "CHN", "ally": None, "label": "U.S.-China"}]},
    ...     {})
    'U.S.-China dyad: no ally (was Japan)'
    """
    from anpo.scenario.uncertainty import locate

    try:
        path = locate(data, ch.target)
    except ValueError:
        path = ()
    owner, cur = "", data
    for k, step in enumerate(path):
        cur = cur[step]
        if isinstance(cur, dict) and isinstance(cur.get("name") or cur.get("title"), str):
            owner = str(cur.get("name") or cur.get("title"))
        elif isinstance(cur, dict) and path[k - 1 : k] == ("dyads",) and cur.get("label"):
            owner = f"{cur['label']} dyad"  # a dyad has no name: its label
    keys = [p for p in path if isinstance(p, str)] or [ch.target.split(".")[-1].split("[")[0]]
    field = _FIELD_WORDS.get(keys[-1], keys[-1].replace("_", " "))

    def shown(v: Any) -> str:
        if isinstance(v, float | int) and not isinstance(v, bool):
            return f"{v:g}"
        if isinstance(v, list):
            return join_words([shown(x) for x in v])
        text = str(v)
        if text in names:
            return names[text]
        named = country_name(text)
        return named if named != text else f"'{text}'"

    how = {
        "add": lambda v: f"{field} {v:+g}",
        "scale": lambda v: f"{field} x{v:g}",
        "set": lambda v: f"{field} set to {shown(v)}",
        "append": lambda v: f"{field} with {shown(v)} added",
        # remove on one value of a table leaves it out (anpo.futures.load.apply_change)
        "remove": lambda v: (
            f"no {field} (was {shown(v)})"
            if path and not isinstance(cur, list)
            else f"{field} without {shown(v)}"
        ),
    }[ch.op](ch.value)
    return f"{owner}: {how}" if owner else how


PRIM_DEFINITION = (
    "PRIM (Friedman & Fisher 1999), each peel removing the slice with the largest gain in "
    "density per point removed (EMA Workbench's 'lenient1' objective); coverage and density as "
    "in Bryant & Lempert (2010)"
)
"""The Measure line of the PRIM figure: the peeling objective in words, its name after it."""


def _changes_table(
    worlds: list[Any], inert: Sequence[Mapping[str, str]] | None = None
) -> pd.DataFrame:
    """What each future changes, with its basis; ``inert``: each world's
    :func:`~anpo.futures.scorecard.inert_inputs` in the order of ``worlds`` when computed
    already (default: computed here)."""
    from anpo.futures.load import load_future, resolve
    from anpo.futures.scorecard import inert_inputs
    from anpo.scenario.uncertainty import whole_note

    if inert is None:
        inert = [inert_inputs(w) for w in worlds]
    dumps = [w.scenario.model_dump() for w in worlds]
    names: dict[str, str] = {}
    for data in dumps:  # a removed item (the treaty) keeps its name from another future's world
        _scenario_names(data, names)
    rows = []
    for w, data, moves_nothing in zip(worlds, dumps, inert, strict=True):
        fut, _ = load_future(resolve([w.future.id])[0])
        for ch in fut.changes:
            rows.append(
                {
                    "future": w.future.id,
                    "future title": w.future.title,
                    "model": "deterrence",
                    "change": _change_words(ch, data, names),
                    "path in the scenario file": ch.target,
                    "basis": ch.basis,
                }
            )
        for ach in fut.alignment.changes:
            # the states by name (the file's COW abbreviations, 'JPN-PHI', are no reader's words)
            pairs = (
                "among " + ", ".join(country_name(a) for a in ach.among)
                if ach.among
                else ", ".join("-".join(country_name(a) for a in p) for p in ach.pair_list())
            )
            how = (
                f"+{ach.delta:g}"
                if ach.delta is not None and ach.delta >= 0
                else f"{ach.delta or ach.value:g}"
            )
            rows.append(
                {
                    "future": w.future.id,
                    "future title": w.future.title,
                    "model": "alignment",
                    "change": f"propensity {how} ({pairs})",
                    "basis": ach.basis,
                }
            )
        rows.append(
            {
                "future": w.future.id,
                "future title": w.future.title,
                "model": "law",
                "change": f"regime of {fut.law.date.isoformat()}; "
                f"{count_noun(len(fut.law.contributions), 'contribution')} asked",
                "basis": fut.law.basis,
            }
        )
        rows.append(
            {
                "future": w.future.id,
                "future title": w.future.title,
                "model": "burden",
                "change": f"support x{fut.burden.support_scale:g}, U.S. presence "
                f"x{fut.burden.presence_scale:g} (2001 = 1)",
                "basis": fut.burden.basis,
            }
        )
        for u in w.uncertainties:
            rows.append(
                {
                    "future": w.future.id,
                    "future title": w.future.title,
                    "model": "uncertainty",
                    "change": f"{u.shown}: {_dist_text(u.distribution)}"
                    + whole_note(w, u)
                    + (
                        f"; moves nothing in this future: {moves_nothing[u.name]}"
                        if u.name in moves_nothing
                        else ""
                    ),
                    "path in the scenario file": ", ".join(u.targets),
                    "basis": u.basis,
                }
            )
    return pd.DataFrame(rows).fillna({"path in the scenario file": ""})[
        ["future", "future title", "model", "change", "path in the scenario file", "basis"]
    ]


def _dist_text(d: Any) -> str:
    fields = {
        k: v for k, v in d.model_dump().items() if k not in ("kind", "basis") and v is not None
    }
    return (
        f"{d.kind}("
        + ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in fields.items())
        + ")"
    )


def _box_rows(
    question: str,
    box: dict[str, Any],
    titles: dict[str, str],
    rows: list[dict[str, str]],
    labels: dict[str, str] | None = None,
) -> list[str]:
    """Append one table row per limit of a PRIM ``box`` to ``rows``; return the limits in
    words (inputs by their ``labels``)."""
    desc = []
    for lim in box["limits"]:
        desc.append(_restriction(lim, titles, labels))
        rows.append(
            {
                "question": question,
                "restriction": desc[-1],
                "quasi-p": fmt_p(lim.get("p_value")),
                "coverage": fmt_share(box["coverage"], decimals=0),
                "density": fmt_share(box["density"], decimals=0),
            }
        )
    return desc


def _unread_note(
    box: dict[str, Any],
    admitted: list[str],
    worlds: list[Any],
    titles: dict[str, str],
    labels: dict[str, str] | None = None,
) -> str:
    """A clause for each limit of a pooled box on an input that some of the futures the box
    admits never read: for them the limit keeps or drops samples at random (every future runs
    on one shared sample of all the inputs), so the box is not a condition on those futures.

    >>> from types import SimpleNamespace as NS
    >>> w = [NS(future=NS(id=f), uncertainties=[NS(name=n) for n in ns])
    ...      for f, ns in (("a", ["x"]), ("b", []), ("c", ["x"]))]
    >>> box = {"limits": [{"input": "x", "low": None, "high": 0.5}]}
    >>> _unread_note(box, ["a", "b", "c"], w, {"b": "Danger"})  # doctest: +NORMALIZE_WHITESPACE
    ' (x is read by 2 of the 3 futures the box admits: for “Danger” the limit on it keeps or
    drops samples at random)'
    >>> _unread_note(box, ["a", "c"], w, {})
    ''
    """
    reads = {w.future.id: {u.name for u in w.uncertainties} for w in worlds}
    notes = []
    for lim in box["limits"]:
        if lim["input"] == "case":
            continue
        blind = [f for f in admitted if lim["input"] not in reads.get(f, set())]
        if blind and len(blind) < len(admitted):
            notes.append(
                f"{(labels or {}).get(lim['input'], lim['input'])} is read by "
                f"{len(admitted) - len(blind)} of the "
                f"{len(admitted)} futures the box admits: for "
                + _titles([titles.get(f, f) for f in blind])
                + " the limit on it keeps or drops samples at random"
            )
    return f" ({'; '.join(notes)})" if notes else ""


def _read_by(worlds: Sequence[Any], outcome: str, cases: Sequence[str] | None) -> set[str]:
    """The uncertain inputs of the futures ``cases`` (every future when None) that the indicator
    ``outcome`` reads (:func:`anpo.futures.scorecard.indicator_inputs`): PRIM is given only
    those, as anpo explore's discovery is; an ``[alignment]`` input cannot move a deterrence
    indicator, and a box restricting it would be chance."""
    from anpo.futures.scorecard import READS, indicator_inputs

    return {
        name
        for w in worlds
        if cases is None or w.future.id in cases
        for name in (
            indicator_inputs(w)[outcome] if outcome in READS else [u.name for u in w.uncertainties]
        )
    }


def _within_future(
    future: str,
    question: str,
    frame: pd.DataFrame,
    inputs: list[str],
    worlds: list[Any],
    outcome: str,
    where: str,
    titles: dict[str, str],
    rows: list[dict[str, str]],
    labels: dict[str, str] | None = None,
) -> str:
    """PRIM within one future, over the inputs it reads: the sentence that continues the pooled
    box's (empty when there is nothing to find there), rows appended to ``rows``."""
    from anpo.explore.discovery import discover, of_interest

    own = _read_by(worlds, outcome, [future])
    sub = frame[(frame["case"] == future) & frame[outcome].notna()]
    ins = [n for n in inputs if n in own and sub[n].nunique() > 1]
    y = of_interest(sub[outcome].to_numpy(), where)
    if not ins or not y.any() or y.all():
        return ""
    res = discover(sub, ins, outcome, where, min_coverage=PRIM_MIN_COVERAGE, max_p=PRIM_MAX_P)
    box = res["box"]
    title = titles.get(future, future)
    desc = _box_rows(f"{question} (within {_titles([title])})", box, titles, rows, labels)
    if not desc:
        return (
            f"; within that future ({res['n_interest']} of its {res['n']} experiments) no "
            f"restriction of its own inputs is significant (quasi-p <= {PRIM_MAX_P:g})"
        )
    return (
        f"; within that future ({res['n_interest']} of its {res['n']} experiments), "
        + _box_words(box)
        + ", and ".join(desc)
    )


def _box_words(box: Mapping[str, Any]) -> str:
    """PRIM's box introduced with its coverage and density said in words (Bryant & Lempert
    2010): a key finding read 'PRIM's box (95% coverage, 100% density)', terms the report
    defines only in a figure's caption.

    >>> _box_words({"coverage": 0.95, "density": 0.6})
    "PRIM's box holds 95% of them (coverage), and they make up 60% of the experiments in it (density): "
    """
    return (
        f"PRIM's box holds {fmt_share(box['coverage'], decimals=0)} of them (coverage), and they "
        f"make up {fmt_share(box['density'], decimals=0)} of the experiments in it (density): "
    )


def _box_number(desc: list[str], box: Mapping[str, Any]) -> str:
    """The key number of a PRIM finding: the box's restrictions (as :func:`_box_rows` words
    them) with its coverage and density (Bryant & Lempert 2010); ``""`` for a box with no
    restriction (the key number of the drivers finding was blank).

    >>> _box_number(["x >= 0.847"], {"coverage": 0.9545, "density": 1.0})
    'x >= 0.847 (coverage 95%, density 100%)'
    >>> _box_number([], {"coverage": 1.0, "density": 0.7})
    ''
    """
    if not desc:
        return ""
    return (
        f"{', and '.join(desc)} (coverage {fmt_share(box['coverage'], decimals=0)}, density "
        f"{fmt_share(box['density'], decimals=0)})"
    )


def _span(
    lo: float, hi: float, fmt: str = "{:.0f}", show: Callable[[float], str] | None = None
) -> str:
    """'6' when both ends agree, else '6 to 9'; ``show`` formats an end instead of ``fmt``.

    >>> _span(6, 6), _span(6, 9), _span(0.378, 1.56, show=lambda v: f"{v:.3g}")
    ('6', '6 to 9', '0.378 to 1.56')
    """
    a, b = (show(lo), show(hi)) if show else (fmt.format(lo), fmt.format(hi))
    return a if a == b else f"{a} to {b}"


def _restriction(
    lim: dict[str, Any], titles: dict[str, str], labels: dict[str, str] | None = None
) -> str:
    """One limit of a PRIM box in words: a range of an input (named by its label in
    ``labels``, else by its name), or the futures (or categories) it admits, any one of them.

    >>> _restriction({"input": "case", "categories": ["a", "b"]}, {"a": "Status quo"})
    'the future is one of “Status quo” or “b”'
    >>> _restriction({"input": "theater_sspk", "low": None, "high": 0.7361}, {})
    'theater_sspk <= 0.736'
    >>> _restriction({"input": "x", "low": 0.25, "high": None}, {}, {"x": "ties (weight)"})
    'ties (weight) >= 0.25'
    """
    name = (labels or {}).get(lim["input"], lim["input"])
    if "categories" in lim:
        cats = [titles.get(c, c) for c in lim["categories"]]
        if lim["input"] == "case":
            return (
                f"the future is {_titles(cats)}"
                if len(cats) == 1
                else f"the future is one of {_titles(cats, 'or')}"
            )
        return f"{name} is one of {join_words([str(c) for c in cats], 'or')}"
    lo, hi = lim["low"], lim["high"]
    if hi is None:
        return f"{name} >= {fmt_number(lo)}"
    if lo is None:
        return f"{name} <= {fmt_number(hi)}"
    return f"{fmt_number(lo)} <= {name} <= {fmt_number(hi)}"


def _titles(items: list[str], word: str = "and") -> str:
    """Futures' titles in a sentence, each quoted: titles hold commas and colons ('Status quo,
    more initiative outside security', 'Danger: the U.S. deals with ...'), so a bare list of
    them could not be parsed, and a bare single one read as prose ('most exposed under Danger:
    the U.S. deals with China over Japan's head').

    >>> _titles(["Status quo, more", "Danger: the U.S."], "or"), _titles(["Danger: the U.S."])
    ('“Status quo, more” or “Danger: the U.S.”', '“Danger: the U.S.”')
    """
    return join_words([f"“{t}”" for t in items], word)


def _samples_otherwise(
    yes_share: Mapping[str, float],
    as_written: Mapping[str, bool],
    n: Mapping[str, int] | None = None,
) -> str:
    """Where the samples of a yes/no answer disagree with its value as written: 'in 41% of the
    samples of “X” it does' (``yes_share``: each future's title -> the share of its samples
    that answer yes; ``as_written``: title -> the answer as written); ``""`` where every
    sample agrees. The key finding said 'Under none of the seed's futures' where the
    scorecard's cell for the worst case read 'no (41% of samples yes)'. ``n``: title -> the
    samples its share is of (default :data:`N_BANDS`), whose resolution the share is written at
    (:func:`anpo.futures.scorecard.sample_share_text`, as the cells).

    >>> _samples_otherwise({"A": 0.406, "B": 0.0}, {"A": False, "B": False})
    'in 41% of the samples of “A” it does'
    >>> _samples_otherwise({"A": 0.75, "B": 1.0}, {"A": True, "B": True})
    'in 25% of the samples of “A” it does not'
    >>> _samples_otherwise({"A": 0.0}, {"A": False})
    ''
    """
    from anpo.futures.scorecard import sample_share_text

    parts: dict[bool, list[str]] = {False: [], True: []}
    for title, share in yes_share.items():
        if not math.isfinite(share):
            continue
        kept = as_written[title]
        other = 1.0 - share if kept else share
        if other > 0:
            parts[kept].append(
                f"{sample_share_text(other, (n or {}).get(title, N_BANDS))} of the samples of "
                f"{_titles([title])}"
            )
    said = [
        f"in {join_words(parts[kept])} it {'does not' if kept else 'does'}"
        for kept in (False, True)
        if parts[kept]
    ]
    return "; ".join(said)


def _highest(values: Mapping[str, float]) -> str | None:
    """The key of the highest finite value (the first of equals), None where none is finite.

    >>> _highest({"a": 0.2, "b": float("nan"), "c": 0.6, "d": 0.6}), _highest({"a": float("nan")})
    ('c', None)
    """
    finite = {k: v for k, v in values.items() if math.isfinite(v)}
    return max(finite, key=finite.__getitem__) if finite else None


def _lawful_sentence(shares: dict[str, float]) -> str:
    """Which futures ask only lawful contributions of Japan, which ask some that are not, and
    which ask nothing (share undefined): a future that asks nothing is in neither list. Lawful
    includes lawful under conditions (a Basic Plan, Diet approval): the sentence says so, as the
    scorecard's row does ('lawful' alone claimed more than the law section's 'conditional').

    >>> _lawful_sentence({"A": 1.0, "B": 0.5, "C": float("nan")})
    'All of them (outright or under conditions) under “A”; not all under “B”; nothing is asked of Japan under “C”.'
    """
    full = [t for t, v in shares.items() if v == 1.0]
    some = [t for t, v in shares.items() if not math.isnan(v) and v < 1.0]
    none = [t for t, v in shares.items() if math.isnan(v)]
    parts = [
        f"All of them (outright or under conditions) under {_titles(full)}"
        if full
        else "Not all of them in any future"
    ]
    if full and some:
        parts.append(f"not all under {_titles(some)}")
    if none:
        parts.append(f"nothing is asked of Japan under {_titles(none)}")
    return "; ".join(parts) + "."


def _lawful_number(shares: dict[str, float]) -> str:
    """The key number of the lawfulness finding: the share of the contributions asked of Japan
    that its law permits (outright or under conditions), from the lowest future's to the
    highest's, as the scorecard prints a share; futures that ask nothing (share undefined) are
    left out, and ``""`` where no future asks anything (the key number was blank).

    >>> _lawful_number({"A": 1.0, "B": 0.5, "C": float("nan")})
    'lawful (outright or under conditions): 50% to 100% of the contributions asked, by future'
    >>> _lawful_number({"A": 1.0}), _lawful_number({"C": float("nan")})
    ('lawful (outright or under conditions): 100% of the contributions asked, by future', '')
    """
    from anpo.futures.scorecard import BY_NAME, format_value

    defined = [v for v in shares.values() if not math.isnan(v)]
    if not defined:
        return ""
    ind = BY_NAME["contributions_lawful_share"]
    span = _span(min(defined), max(defined), show=lambda v: format_value(ind, v))
    return f"lawful (outright or under conditions): {span} of the contributions asked, by future"


def _future_label(title: str, width: int = 30) -> str:
    """A future's title as a figure label (wrapped), so a reader sees the scorecard's names, not
    file ids."""
    return "\n".join(textwrap.wrap(title, width)) or title


def _recipe_units(sources: set[str]) -> str:
    """The assumption that alignment changes are in units of the recipe's weights, with the
    weights of the instance(s) the futures change (read from its provenance, not typed in)."""
    from anpo.align.report import recipe_words
    from anpo.futures.scorecard import read_instance

    parts = []
    for source in sorted(sources):
        prov = read_instance(source).provenance
        w = prov.get("weights", {})
        named = [
            ("defense pact", "defense"),
            ("other alliance", "other_alliance"),
            ("UN voting", "un"),
        ]
        shown = ", ".join(f"{label} {w[k]:g}" for label, k in named if k in w)
        recipe = recipe_words(str(prov["recipe"])) if prov.get("recipe") else "recipe not recorded"
        year = prov.get("year")
        # 'book:asia_pacific_2001 (anpo-align-recipe/2: ...)' read as two ids
        where = (
            f"the built-in instance of {year}" if source.startswith("book:") and year else source
        )
        parts.append(f"{where} ({recipe}: {shown})" if shown else f"{where} ({recipe})")
    return (
        "Alignment changes are added to propensities in units of the recipe's weights of the "
        f"instance they change: {'; '.join(parts)}."
    )


def _side_by_side(ctx: ReportContext) -> tuple[Section, dict[str, Any]]:
    from anpo.futures import future_files, load_book
    from anpo.futures.scorecard import (
        BY_NAME,
        INDICATORS,
        burden_base,
        definition_of,
        details,
        format_value,
        indicators,
        inert_inputs,
        inert_notes,
        is_yes,
        why_undefined,
    )

    worlds = load_book()
    nominal = {w.future.id: indicators(w) for w in worlds}
    ctx.progress(f"futures: exploring {len(worlds)} futures x {N_BANDS} samples")
    frame = _explore(future_files(), n=N_BANDS, seed=ctx.seed, sampler="lhs")
    titles = {w.future.id: w.future.title for w in worlds}
    rows = []
    outside: list[str] = []
    # (future, indicator) outside its band, in the order found (a dict keeps it)
    outside_pairs: dict[tuple[str, str], None] = {}
    # each yes/no indicator's share of samples yes, per future (in the order of the futures):
    # its cell and the key finding read this one figure
    yes_shares: dict[str, dict[str, float]] = {}
    sampled: dict[str, dict[str, int]] = {}
    for ind in INDICATORS:
        row = {"question": ind.question, "indicator": ind.label}
        for w in worlds:
            sample = frame.loc[frame["case"] == w.future.id, ind.name]
            share = _yes_share(sample) if ind.kind == "yes-no" else None
            if share is not None:
                yes_shares.setdefault(ind.name, {})[w.future.id] = share
                # the samples the share is of: its resolution (sample_share_text)
                sampled.setdefault(ind.name, {})[w.future.id] = int(sample.notna().sum())
            row[titles[w.future.id]] = _cell(
                ind, nominal[w.future.id][ind.name], sample, why_undefined(w, ind.name), share
            )
            value = nominal[w.future.id][ind.name]
            if _outside_band(ind, value, sample):
                outside_pairs[(w.future.id, ind.name)] = None
                # a yes/no answer has no band: what lies outside its samples is said, in the
                # words its cell prints (one function decides both)
                said = _answered_otherwise(value, share) if share is not None else None
                what = f" ({said[0]} as written, {said[1]} in every sample)" if said else ""
                outside.append(
                    f"{_sentence_case(ind.label)}{what} under {_titles([titles[w.future.id]])}"
                )
        rows.append(row)
    card = pd.DataFrame(rows)
    by_id = {w.future.id: w for w in worlds}
    outside_worlds = [by_id[f] for f in dict.fromkeys(f for f, _ in outside_pairs)]
    outside_note = _outside_note(outside, outside_worlds, titles)
    # an input that cannot move any indicator of its future, named (none in the book: a test
    # holds it), so a band is never read as that input's
    # computed once per future: the changes table (appendix) says it beside each input too
    inert = [inert_inputs(w) for w in worlds]
    inert_note = " ".join(inert_notes(worlds, names=False, found=inert))

    contrib_rows = []
    for w in worlds:
        for c in details(w)["contributions"]:
            # the law's codes (join keys with the future file) with their words beside them
            cells: dict[str, Any] = {"future": w.future.id, "future title": w.future.title}
            for key, value in c.items():
                cells[key] = in_words(value) if key == "status" else value
                if key in ("activity", "situation", "location"):
                    cells[f"{key} in words"] = in_words(value)
            contrib_rows.append(cells)

    # figure: three key outcomes with their bands
    keys = ["china_warheads_at_japan", "japan_margin", "china_p_reach_us"]
    fig, axes = new_figure(9.5, 3.6)
    fig.clf()
    axs = fig.subplots(1, 3, sharey=True)
    ypos = np.arange(len(worlds))[::-1]
    for ax, key in zip(axs, keys, strict=True):
        for y, w in zip(ypos, worlds, strict=True):
            v = frame.loc[frame["case"] == w.future.id, key].dropna().to_numpy(dtype=float)
            if v.size:
                lo, hi = np.quantile(v, [0.05, 0.95])
                ax.plot([lo, hi], [y, y], color="#0072B2", lw=3, alpha=0.5)
            ax.plot([nominal[w.future.id][key]], [y], "o", color="#D55E00")
        title = BY_NAME[key].label
        if BY_NAME[key].kind in ("probability", "share"):
            # in percent, as the scorecard's cells, the key numbers and the web app's
            # exploration chart give it (format_value): the axis read 0 to 1 beside them
            from matplotlib.ticker import FuncFormatter

            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{100 * v:.0f}%"))
            title += " (%)"
        ax.set_title(_future_label(title, 26), fontsize=9)
        ax.grid(axis="x", alpha=0.3)
    axs[0].set_yticks(ypos, [_future_label(w.future.title) for w in worlds], fontsize=8)
    svg = svg_from_matplotlib(fig)

    # generated answer and findings
    def ids_where(name: str, pred: Any) -> list[str]:
        return [titles[w.future.id] for w in worlds if pred(nominal[w.future.id][name])]

    ar = ids_where("china_assured_retaliation", is_yes)
    exposure = {w.future.id: nominal[w.future.id]["china_warheads_at_japan"] for w in worlds}
    lo_f = min(exposure, key=exposure.__getitem__)
    hi_f = max(exposure, key=exposure.__getitem__)

    def tied(f: str) -> list[str]:
        """The titles of the futures whose exposure prints as future ``f``'s (two futures
        that leave Japan uncovered receive every warhead China fires, the same figure)."""
        at = format_value(BY_NAME["china_warheads_at_japan"], exposure[f])
        return [
            titles[g]
            for g in exposure
            if format_value(BY_NAME["china_warheads_at_japan"], exposure[g]) == at
        ]

    together = ids_where("us_japan_together", is_yes)
    # 'no', not undefined (Japan covered is undefined where the case does not model Japan)
    uncovered = ids_where("japan_covered", lambda v: not math.isnan(v) and not is_yes(v))
    unallied = ids_where("japan_allied", lambda v: not math.isnan(v) and not is_yes(v))
    lawful_all = ids_where("contributions_lawful_share", lambda v: v == 1.0)
    margins = {w.future.id: nominal[w.future.id]["japan_margin"] for w in worlds}
    weakest_j = min(margins, key=margins.__getitem__)
    sizes = {w.future.id: nominal[w.future.id]["side_size"] for w in worlds}
    burden = {
        w.future.id: nominal[w.future.id]["japan_burden_share"]
        for w in worlds
        if not math.isnan(nominal[w.future.id]["japan_burden_share"])
    }
    fmt = BY_NAME

    def shown(name: str, value: float) -> str:
        """A figure of the prose as the scorecard prints it."""
        return format_value(BY_NAME[name], value)

    def banded(name: str, future: str) -> str:
        """A future's figure as the scorecard's cell prints it: the value as written and its
        5–95% band over the samples (where they vary)."""
        sample = frame.loc[frame["case"] == future, name]
        return _cell(BY_NAME[name], nominal[future][name], sample, "")

    def legend(cells: list[str], name: str, futures: tuple[str, ...]) -> str:
        """What the bracket of a banded cell is, for a key number that shows one (``cells``:
        the cells alone, as :func:`banded` writes them, without the futures' titles; ``name``
        and ``futures``: the indicator and the futures of the cells); where a value as written
        lies outside its own bracket, that it does and that the scorecard says why
        ('1.56 [1.22–1.54]' alone reads as a slip)."""
        if not any("[" in c for c in cells):
            return ""
        outs = [titles[f] for f in futures if (f, name) in outside_pairs]
        why = (
            f"; under {_titles(outs)} the value as written lies outside its band, for the "
            "reason the scorecard gives"
            if outs
            else ""
        )
        # whose inputs: the deterrence bands give the same variant's figure a wider band over
        # the scenario's own distributions (0.646: 0.132 to > 0.999 there, 12.2%-100% here)
        return f" (as written [5–95% band over {N_BANDS} samples of the futures' own inputs]{why})"

    world = join_words([str(y) for y in sorted({w.scenario.scenario.year for w in worlds})])
    # the yes/no answer as written, and where the samples of the futures' own inputs say
    # otherwise (the scorecard's 'no (41% of samples yes)'): the answer said 'none' alone
    ar_yes = {titles[f]: v for f, v in yes_shares["china_assured_retaliation"].items()}
    ar_n = {titles[f]: v for f, v in sampled["china_assured_retaliation"].items()}
    ar_otherwise = _samples_otherwise(ar_yes, {t: t in ar for t in ar_yes}, ar_n)
    ar_sampled = f" as written; {ar_otherwise}" if ar_otherwise else ""
    answer = (
        f"In the {world} world the futures start from (their base "
        "scenario's year; the deterrence sections give later years), China keeps "
        f"an assured retaliation under {_titles(ar) if ar else 'none of the futures'}"
        f" ({len(ar)} of {len(worlds)}{ar_sampled}). Japan is most exposed under {_titles(tied(hi_f))} "
        f"({shown('china_warheads_at_japan', exposure[hi_f])} Chinese warheads expected to reach "
        f"it when China strikes it) and least under {_titles(tied(lo_f))} "
        f"({shown('china_warheads_at_japan', exposure[lo_f])}). The U.S. and Japan stay on one "
        f"side in {len(together)} of {len(worlds)} futures; Japan's place is least firm under "
        f"{_titles([titles[weakest_j]])} (margin {shown('japan_margin', margins[weakest_j])}). "
        "Every contribution asked of Japan is lawful, outright or under conditions, under "
        f"{_titles(lawful_all)}."
    )
    if unallied:
        answer += f" Japan has no U.S. alliance under {_titles(unallied)}."
    hi_at_japan = banded("china_warheads_at_japan", hi_f)
    lo_at_japan = banded("china_warheads_at_japan", lo_f)
    ar_values = {
        w.future.id: banded("china_p_reach_us", w.future.id)
        for w in worlds
        if titles[w.future.id] in ar
    }
    ar_cells = [f"{cell} ({titles[f]})" for f, cell in ar_values.items()]

    lawful_shares = {
        titles[w.future.id]: nominal[w.future.id]["contributions_lawful_share"] for w in worlds
    }

    def margin_ends() -> str:
        """Japan's least and most firm margins over the futures, each as the scorecard's cell
        prints it (value as written and band) with its future; one figure where they print
        alike."""
        lo_m = weakest_j
        hi_m = max(margins, key=margins.__getitem__)
        if shown("japan_margin", margins[lo_m]) == shown("japan_margin", margins[hi_m]):
            return f"{shown('japan_margin', margins[lo_m])} in every future"
        cells = [banded("japan_margin", lo_m), banded("japan_margin", hi_m)]
        return f"{cells[0]} ({titles[lo_m]}) to {cells[1]} ({titles[hi_m]})" + legend(
            cells, "japan_margin", (lo_m, hi_m)
        )

    def closest_to_assured() -> str:
        """Where no future keeps China's assured retaliation: the highest P(China's retaliation
        reaches the U.S.) as the scorecard's cell prints it, its future, and the bar an assured
        retaliation needs (the base scenario's reaction_q); ``""`` where none is defined."""
        reach = {f: nominal[f]["china_p_reach_us"] for f in titles}
        best = _highest(reach)
        if best is None:
            return ""
        world_of = next(w for w in worlds if w.future.id == best)
        cell = banded("china_p_reach_us", best)
        return (
            f"{BY_NAME['china_p_reach_us'].label} {cell} at the highest ({titles[best]}), "
            f"below the {shown('china_p_reach_us', world_of.scenario.settings.reaction_q)} an "
            "assured retaliation needs" + legend([cell], "china_p_reach_us", (best,))
        )

    def price_sentence() -> str:
        """The U.S. value destroyed if it honours its guarantee to Japan (``patron_damage``, an
        expected share) over the futures where it is defined, its lowest and highest as the
        scorecard prints them with their futures."""
        price = {
            f: nominal[f]["patron_damage"]
            for f in titles
            if math.isfinite(nominal[f]["patron_damage"])
        }
        if not price:
            return "."
        lo_p = min(price, key=price.__getitem__)
        hi_p = max(price, key=price.__getitem__)
        what = "; the U.S. value destroyed if it honours its guarantee (expected share) is "
        if shown("patron_damage", price[lo_p]) == shown("patron_damage", price[hi_p]):
            return f"{what}{shown('patron_damage', price[lo_p])} wherever it is defined."
        return (
            f"{what}{shown('patron_damage', price[lo_p])} under {_titles([titles[lo_p]])} to "
            f"{shown('patron_damage', price[hi_p])} under {_titles([titles[hi_p]])}."
        )

    findings = [
        Finding(
            question="Can China keep an assured retaliation in the seed's futures?",
            answer=(
                f"Under {_titles(ar)} only"
                if ar
                else f"Under none of the seed's futures, in the {world} world"
            )
            + (f", as written; {ar_otherwise}." if ar_otherwise else "."),
            # each future by its title, as the sentences name it; its figure with its band;
            # where none keeps it, the highest figure against the bar it misses (it was blank)
            number=join_words(ar_cells)
            + legend(list(ar_values.values()), "china_p_reach_us", tuple(ar_values))
            if ar
            else closest_to_assured(),
            confidence="moderate: aggregate public force figures; counterforce and interception "
            "probabilities are labelled assumptions, varied in the bands",
        ),
        Finding(
            question="Which future decouples Japan?",
            answer=(
                f"Japan loses missile-defense cover under {_titles(uncovered)}; China's strike "
                f"on Japan lands the most warheads under {_titles(tied(hi_f))}"
                if uncovered
                else "Japan stays covered in every future; China's strike on Japan lands the "
                f"most warheads under {_titles(tied(hi_f))}"
            )
            + price_sentence(),
            # the futures by their titles, the figures as the scorecard prints them, with
            # their bands: a key number with its uncertainty
            number=f"{hi_at_japan} ({titles[hi_f]}) vs {lo_at_japan} ({titles[lo_f]}) Chinese "
            "warheads expected at Japan when China strikes it"
            + legend([hi_at_japan, lo_at_japan], "china_warheads_at_japan", (hi_f, lo_f)),
            confidence="moderate: China's strike on Japan is its forces that reach Japan but not "
            "the U.S. and the share of the others the scenario commits to Japan; the U.S.'s "
            "price is its expected damage from China's retaliation after it honours its "
            "guarantee (extended deterrence, Wilkening & Watman 1995)",
        ),
        Finding(
            question="Who stands on the U.S.-Japan side in each future?",
            answer=(
                f"The U.S.-Japan side has {_span(min(sizes.values()), max(sizes.values()))} "
                # 'on one side' of the alignment, as the scorecard's row says: 'stay together'
                # read as the alliance, which the worst case ends (its answer says so)
                f"actors; the U.S. and Japan stay on one side of the alignment in "
                f"{len(together)} of {len(worlds)} futures."
            ),
            # what the margin is (a bare 'Japan's margin 0.38 to 1.56' said neither of what nor
            # which way), its ends as the scorecard prints them
            # each end with its future and its 5–95% band, as the scorecard cell prints it (it
            # gave the two values alone, naming neither future)
            number="Japan's margin on its side (the rise of its own frustration if it alone "
            "switched sides; larger is firmer) " + margin_ends(),
            confidence="low to moderate: propensity changes are anpo assumptions scaled to the "
            "recipe's weights",
        ),
        Finding(
            question="Are the contributions each future asks of Japan lawful?",
            answer=_lawful_sentence(lawful_shares),
            number=_lawful_number(lawful_shares),
            confidence="high for the rules as coded (statute cited in the law section); the "
            "mapping of each request to a situation is an assumption",
        ),
    ]
    if burden:
        findings.append(
            Finding(
                question="How much of the U.S. presence does Japan pay for in each future?",
                answer=_burden_answer(burden, _titles(unallied) if unallied else "", burden_base()),
                # the DoD's own figure, not the futures' smallest share (which a future that
                # scales support or presence would change while the label still said 'DoD')
                number=_offset_number(burden_base()),
                confidence=_offset_confidence(burden_base()),
            )
        )
    section = Section(
        id="futures",
        title="The seed's futures side by side",
        question=(
            "Which future for the U.S.-Japan security relationship, and what would each take? "
            "(Soeya, RIETI, 10 July 2001: four futures and two dangers)"
        ),
        model=(
            "Each future is a set of changes to the 2001 scenario, cited to the seed or labelled "
            "as an assumption (the futures book); indicators come from the other sections' "
            "models: the Kent & Thaler (1989) exchange with Wilkening (1999) interception, the "
            "Axelrod & Bennett (1993) alignment landscape, Japan's legal rules by date, the DoD "
            "offset share and Japan's host-nation support. "
            f"Bands: 5–95% over a Latin hypercube of {N_BANDS} samples of the futures' stated "
            f"uncertainties per future, seed {ctx.seed}."
        ),
        assumptions=[
            "Futures are built on the 2001 world (the seed's date); each keeps the base variant "
            "named in its file.",
            _recipe_units({w.alignment.instance for w in worlds}),
            f"Japan's burden share scales the DoD's {burden_base()['offset_year']} offset share "
            "(the year nearest 2001 with a figure read from the DoD's report itself) by the "
            "future's support and presence factors.",
            # the same sequence as the indicator's definition (scorecard.deterrence_indicators)
            "The patron's damage is the expected share of U.S. value destroyed by China's "
            "retaliation when the U.S. honours its guarantee (an expected value, not the "
            "probability anpo extended calls the patron's price): China strikes Japan, the "
            "U.S. strikes China's remaining "
            "forces, China answers with what survives (the exchange model's extended "
            "deterrence); it is undefined where a future ends the alliance or China has no "
            "warheads to strike Japan with.",
        ],
        sources=[
            cite("soeya2001"),
            cite("kent1989"),
            cite("wilkening1999"),
            cite("axelrod1993"),
            cite("dod2004"),
            cite("mckay1979") + " Latin hypercube.",
        ],
        figures=[
            Figure(
                title="Three outcomes of each future, with their uncertainty bands",
                svg=svg,
                caption=f"Dot: the future as written; bar: 5–95% of {N_BANDS} samples "
                f"(seed {ctx.seed}).",
                description=(
                    "Three panels, one row per future. Left: expected Chinese warheads reaching "
                    f"Japan when China strikes it, highest under {_titles(tied(hi_f))}, "
                    f"lowest under {_titles(tied(lo_f))}. Middle: Japan's margin on its side, lowest under "
                    f"{_titles([titles[weakest_j]])}. Right: the "
                    "probability that China's retaliation reaches the U.S., in percent."
                ),
                definition="; ".join(
                    f"{fmt[k].label}: {definition_of(fmt[k], worlds)}" for k in keys
                ),
            )
        ],
        tables=[
            Table(
                "The scorecard: each future on the seed's questions",
                card,
                caption=f"Value as written [5–95% band over {N_BANDS} samples, seed {ctx.seed}]; "
                "'undefined' says why a measure does not apply. The bands vary only the "
                "futures' own uncertain inputs (the table of what each future changes); the "
                "deterrence sections' bands vary the scenario's own distributions, so a figure "
                "shared with them can carry a different band there."
                + outside_note
                + (f" {inert_note}" if inert_note else ""),
            )
        ],
        answer=answer,
        caveat=(
            "The futures are stylised: each changes a few inputs of simple models, with the "
            "sizes of the changes labelled as assumptions; bands cover only the stated "
            "uncertainties, not the models' structure."
        ),
        findings=findings,
        appendix=[
            Table(
                "What each future changes, with its basis",
                _changes_table(worlds, inert),
                name="futures_changes",
            ),
            Table(
                "Contributions asked of Japan in each future, and the law's answer",
                pd.DataFrame(contrib_rows),
                name="futures_contributions",
            ),
        ],  # fmt: skip
        summary=summary_frame(worlds, nominal),
        summary_kinds=summary_kinds(),
        summary_definitions=summary_definitions(worlds),
    )
    return section, {"frame": frame, "nominal": nominal, "worlds": worlds, "titles": titles}


#: The indicators of ``summary-futures.csv``, in its column order.
SUMMARY_INDICATORS = (
    "china_assured_retaliation",
    "china_warheads_at_japan",
    "us_japan_together",
    "contributions_lawful_share",
    "japan_burden_share",
)


def summary_frame(
    worlds: Sequence[Any], nominal: Mapping[str, Mapping[str, float]]
) -> pd.DataFrame:
    """``summary-futures.csv``: one row per future, each indicator's value as written as a
    number a program reads (shares and probabilities as fractions 0-1, yes/no as booleans,
    empty where undefined), and for an indicator undefined in some future a column
    ``"LABEL: why undefined"`` with the scorecard's reason (empty where it is defined).

    The scorecard's display strings ('50%', 'yes', 'undefined: nothing is asked of Japan') are
    for readers; this table carries the same values typed."""
    from anpo.futures.scorecard import BY_NAME, is_yes, why_undefined

    rows: list[dict[str, Any]] = []
    for w in worlds:
        row: dict[str, Any] = {"future": w.future.id, "future title": w.future.title}
        for k in SUMMARY_INDICATORS:
            ind = BY_NAME[k]
            v = nominal[w.future.id][k]
            undefined = v is None or math.isnan(v)
            if ind.kind == "yes-no":
                row[ind.label] = pd.NA if undefined else is_yes(v)
            else:
                row[ind.label] = math.nan if undefined else float(v)
            row[f"{ind.label}: why undefined"] = why_undefined(w, k) if undefined else ""
        rows.append(row)
    frame = pd.DataFrame(rows)
    for k in SUMMARY_INDICATORS:
        ind = BY_NAME[k]
        if ind.kind == "yes-no":
            frame[ind.label] = frame[ind.label].astype("boolean")
        why = f"{ind.label}: why undefined"
        if not frame[why].astype(bool).any():
            frame = frame.drop(columns=why)
    return frame


def summary_definitions(worlds: Sequence[Any]) -> dict[str, str]:
    """What each indicator column of :func:`summary_frame` holds, for the report's column
    dictionary: the scorecard's definition of the indicator
    (:func:`anpo.futures.scorecard.definition_of`), and of its ``": why undefined"`` column."""
    from anpo.futures.scorecard import BY_NAME, definition_of

    out = {}
    for k in SUMMARY_INDICATORS:
        ind = BY_NAME[k]
        out[ind.label] = definition_of(ind, worlds) + " (empty where undefined)"
        # the label in the report's quotation marks: !r wrote 'China keeps ...' beside
        # "Japan's share ..." (Python's repr picks the quote the text lacks; ui31)
        out[f"{ind.label}: why undefined"] = f"why “{ind.label}” is undefined (empty where defined)"
    return out


def summary_kinds() -> dict[str, str]:
    """The kinds of :func:`summary_frame`'s columns for its CSV file: a probability's or a
    share's column is a model's result (:func:`anpo.futures.scorecard.percent_kind`: a
    deterrence model's output ``"resolved-percent"``, a share of data ``"percent"``), written to
    15 significant digits and
    never rounded to an exact 0 or 1 it is not, as the scorecard prints it ('> 99.9%', never
    '100%', for 1 - 4.9e-13; :func:`anpo.report.format.clean_frame`)."""
    from anpo.futures.scorecard import BY_NAME, percent_kind

    return {
        BY_NAME[k].label: percent_kind(BY_NAME[k])
        for k in SUMMARY_INDICATORS
        if BY_NAME[k].kind in ("probability", "share")
    }


def _drivers(ctx: ReportContext, state: dict[str, Any]) -> Section:
    from anpo.explore.discovery import discover
    from anpo.explore.sensitivity import NUM_RESAMPLES
    from anpo.futures import future_files
    from anpo.futures.scorecard import BY_NAME

    frame: pd.DataFrame = state["frame"]
    nominal = state["nominal"]
    titles = state["titles"]
    worlds = state["worlds"]
    inputs = sorted(
        {u.name for w in worlds for u in w.uncertainties},
        key=lambda n: list(frame.columns).index(n),
    )
    # the inputs in words for readers (the future files' labels); names stay in the CSV
    labels = {u.name: u.shown for w in worlds for u in w.uncertainties}
    base_side = nominal["status-quo"]["side_size"]
    base_exposure = nominal["status-quo"]["china_warheads_at_japan"]
    questions = [
        (
            "When does the multinational framework hold together (more actors on the U.S.-Japan "
            "side than under the status quo as written)?",
            ["multinational-framework"],
            "side_size",
            f"> {base_side:g}",
        ),
        (
            "When does China keep an assured retaliation?",
            None,
            "china_assured_retaliation",
            ">= 0.5",
        ),
        (
            # every future's samples are compared with the status quo's file values, the status
            # quo's own samples included (its uncertain theater defense can do worse)
            f"When is Japan more exposed than under the status quo as written (more than "
            f"{fmt_number(base_exposure)} Chinese warheads expected to reach it when China "
            "strikes it)?",
            None,
            "china_warheads_at_japan",
            f"> {base_exposure:.6g}",
        ),
    ]
    from anpo.explore.discovery import of_interest

    box_rows: list[dict[str, str]] = []
    texts: list[str] = []
    prim_inputs: list[tuple[str, pd.DataFrame, list[str], np.ndarray]] = []
    chosen: dict[str, dict[str, Any]] = {}  # question -> the box in the table
    box_numbers: dict[str, str] = {}  # question -> its box as a key number
    for question, cases, outcome, where in questions:
        sub = frame if cases is None else frame[frame["case"].isin(cases)]
        own = _read_by(worlds, outcome, cases)
        ins = (["case"] if sub["case"].nunique() > 1 else []) + [
            n for n in inputs if n in own and sub[n].nunique() > 1
        ]
        keep = sub[outcome].notna()
        y = of_interest(sub.loc[keep, outcome].to_numpy(), where)
        prim_inputs.append((question, sub[keep], ins, y))
        if not y.any() or y.all():
            texts.append(
                f"{question} {'In none' if not y.any() else 'In all'} of the {len(y)} "
                "experiments, so there is no region of the inputs to discover."
            )
            continue
        try:
            res = discover(
                sub, ins, outcome, where, min_coverage=PRIM_MIN_COVERAGE, max_p=PRIM_MAX_P
            )
        except Exception as exc:  # an AnpoError: e.g. nothing satisfies the condition
            texts.append(f"{question} No box found: {getattr(exc, 'message', exc)}.")
            continue
        desc = _box_rows(question, res["box"], titles, box_rows, labels)
        chosen[question] = res["box"]
        box = res["box"]
        box_numbers[question] = _box_number(desc, box)
        text = (
            f"{question} {res['n_interest']} of {res['n']} experiments; "
            + _box_words(box)
            + (", and ".join(desc) if desc else "no restriction beats the whole space")
        )
        # a box that is one future and nothing else says where, not when: PRIM ran over
        # every future's inputs at once, and an input only that future reads lost the peeling
        # ties to the others (the GMD future's new ICBMs, when they were its one input that
        # mattered: 3 of 384 cases of interest). Within the future, on the inputs it reads,
        # PRIM says when (Bryant & Lempert 2010, sec. 3: a scenario is a box over the
        # uncertain inputs).
        cats = [lim["categories"] for lim in box["limits"] if lim["input"] == "case"]
        text += _unread_note(
            box, cats[0] if cats else sorted(sub["case"].unique()), worlds, titles, labels
        )
        if len(cats) == 1 and len(cats[0]) == 1:
            text += _within_future(
                cats[0][0], question, sub, inputs, worlds, outcome, where, titles, box_rows, labels
            )
        texts.append(text + ".")
    # Sobol' indices per future (Saltelli design on its own inputs)
    ctx.progress(f"futures: Sobol' indices ({N_SOBOL} base samples per future)")
    sob_rows = []
    sobol_runs = 0  # the model runs of the Saltelli designs, N (d + 2) per future
    keys = ["china_warheads_at_japan", "japan_margin", "side_size", "china_p_reach_us"]
    for path in future_files():
        f = _explore([path], n=N_SOBOL, seed=ctx.seed, sampler="saltelli")
        sobol_runs += len(f)
        s = f.attrs["sobol"]
        s = s[s["outcome"].isin(keys)]
        for r in s.itertuples():
            sob_rows.append(
                {
                    "future": r.case,
                    "future title": titles[r.case],
                    "outcome": BY_NAME[r.outcome].label,
                    "input": r.input,
                    "_label": labels.get(r.input, r.input),
                    "S1": r.S1,
                    "S1_conf": r.S1_conf,
                    "ST": r.ST,
                    "ST_conf": r.ST_conf,
                    "_shown": _total_index_text(r.ST, r.ST_conf),
                    "note": r.note,
                    "_st": r.ST,
                    "_case": r.case,
                    "_outcome": r.outcome,
                }
            )
    sob = pd.DataFrame(sob_rows)
    top: list[tuple[str, str, str, str]] = []
    compact = []
    flat = []
    for (case_key, outcome_key), group in sob.groupby(["_case", "_outcome"], sort=False):
        case, outcome = str(case_key), str(outcome_key)
        g = group.dropna(subset=["_st"]).sort_values("_st", ascending=False)
        if g.empty:
            flat.append(f"{BY_NAME[outcome].label} under {case}")
            continue
        compact.append(
            {
                "future": case,
                "future title": titles[case],
                "outcome": BY_NAME[outcome].label,
                "total Sobol' index (95% interval), largest first": "; ".join(
                    f"{inp} {shown}" for inp, shown in zip(g["_label"], g["_shown"], strict=True)
                ),
            }
        )
        best = g.iloc[0]
        if best["_st"] > 0.05:
            top.append((titles[case], BY_NAME[outcome].label, best["_label"], best["_shown"]))
    # figure: PRIM's trade-off for the first question that has cases of interest
    from anpo.explore.discovery import Prim

    figures = []
    for question, sub, ins, y in prim_inputs:
        if not y.any() or y.all():
            continue
        traj = Prim(sub[ins].reset_index(drop=True), y).trajectory_table()
        fig, ax = new_figure(6.5, 3.6)
        ax.plot(traj["coverage"], traj["density"], "o-", color="#0072B2", ms=3)
        box = chosen.get(question)
        star = ""
        if box is not None:
            # the box in the table: the trajectory's densest box with enough coverage, pasted
            # and without its insignificant limits (so not always a dot)
            ax.plot([box["coverage"]], [box["density"]], "*", color="#D55E00", ms=11)
            n_lim = len(box["limits"])
            star = (
                f" The star is the box in the table: step {box['step']} of the trajectory (the "
                f"densest with at least {fmt_share(PRIM_MIN_COVERAGE, decimals=0)} coverage), pasted and "
                f"without its limits of quasi-p above {PRIM_MAX_P:g}: coverage {fmt_share(box['coverage'], decimals=0)}, density "
                f"{fmt_share(box['density'], decimals=0)}, {n_lim} restricted input"
                f"{'' if n_lim == 1 else 's'}."
            )
        ax.set_xlabel("coverage (share of the cases of interest inside the box)")
        ax.set_ylabel("density (share of the box that is of interest)")
        ax.grid(alpha=0.3)
        figures.append(
            Figure(
                title=f"PRIM's coverage-density trade-off: {question}",
                svg=svg_from_matplotlib(fig),
                caption=f"Each dot is one box of the peeling trajectory ({N_BANDS} samples per "
                f"future, seed {ctx.seed}).{star}",
                description=(
                    f"Density rises from {fmt_share(traj['density'].iloc[0], decimals=0)} (all samples) to "
                    f"{fmt_share(traj['density'].max(), decimals=0)} as PRIM narrows the inputs, while "
                    f"coverage falls from 100% to {fmt_share(traj['coverage'].iloc[-1], decimals=0)}: the "
                    "trade-off from which the box in the table is chosen (the densest with at "
                    f"least {fmt_share(PRIM_MIN_COVERAGE, decimals=0)} coverage)."
                    + (
                        f" A star marks that box as the table gives it, after pasting and "
                        f"dropping its insignificant limits: coverage "
                        f"{fmt_share(box['coverage'], decimals=0)}, density {fmt_share(box['density'], decimals=0)}."
                        if box is not None
                        else ""
                    )
                ),
                definition=PRIM_DEFINITION,
            )
        )
        break
    answer = " ".join(texts)
    if top:
        answer += (
            " Largest total Sobol' indices: "
            # each future's title quoted, as everywhere: a bare 'under Japan removes the
            # uncertainty over collective self-defense: ...' reads as prose, not as a name
            + "; ".join(f"{o} under {_titles([f])}: {i} (ST {st})" for f, o, i, st in top[:4])
            + "."
        )
    return Section(
        id="futures-drivers",
        title="What decides the outcome",
        question="In which region of the uncertain inputs does each future hold, and which "
        "uncertainty matters most? (the seed's futures under uncertainty)",
        model=(
            "Scenario discovery by PRIM (Friedman & Fisher 1999; Bryant & Lempert 2010: peeling, "
            "pasting, quasi-p-values) on the side-by-side exploration; global sensitivity by "
            f"Sobol' indices (SALib; Saltelli design, {N_SOBOL} base samples per future, i.e. "
            f"{N_SOBOL} (d + 2) runs for its d inputs, seed {ctx.seed}; S1 by the estimator of "
            f"Saltelli et al. 2010, ST by Jansen's (1999); 95% intervals from {NUM_RESAMPLES} "
            "bootstrap resamples)."
        ),
        assumptions=[
            "The uncertain inputs and their ranges are those stated in the future files.",
            "The future itself is a categorical input of the discovery when several are pooled.",
        ],
        sources=[
            cite("friedman1999"),
            cite("bryant2010"),
            cite("saltelli2010"),
            cite("jansen1999"),
            cite("herman2017"),
        ],
        figures=figures,
        tables=[
            Table(
                "PRIM boxes for three of the seed's questions",
                pd.DataFrame(box_rows),
                # 'quasi-p', 'coverage' and 'density' were said nowhere near the table (report33)
                caption="One row per limit of the box. Quasi-p: the limit's quasi-p-value (a "
                "small one: the limit is unlikely to arise by chance); coverage: the share of "
                "the experiments where the question's outcome holds (the cases of interest) "
                "that lie in the box; density: the share of the box's experiments that are "
                "cases of interest (Bryant & Lempert 2010).",
            ),
            Table(
                "Sobol' total indices of the key outcomes, per future",
                pd.DataFrame(compact),
                caption="S1 and ST with their intervals for every input are in the CSV; an "
                "outcome that does not vary within a future has no index"
                + (f" ({len(flat)} such future-outcome pairs)" if flat else "")
                + ", nor does an input the outcome does not read (an [alignment] input and a "
                "deterrence indicator: its effect is 0 by construction)."
                + _no_effect_note(sob)
                + _outside_unit(sob),
            ),
        ],
        appendix=[
            Table(
                "Sobol' indices (S1 and ST) of the key outcomes, per future and input",
                _sobol_appendix(sob),
                caption=_appendix_zero_note(sob),
                name="futures_sobol",
                headers={
                    "S1": "first-order index S1",
                    "S1_conf": "S1 95% half-width",
                    "ST": "total index ST",
                    "ST_conf": "ST 95% half-width",
                },
            )
        ],
        answer=answer,
        caveat=_sobol_caveat(
            sobol_runs,
            sob.dropna(subset=["_st"])["ST_conf"].tolist() if len(sob) else [],
        ),
        findings=[
            Finding(
                question="What decides whether the multinational framework holds together?",
                answer=texts[0],
                number=box_numbers.get(questions[0][0], ""),
                confidence="low: the framework's strength is an assumption varied over a wide range",
            )
        ],
    )


def build(ctx: ReportContext) -> list[Section]:
    """The two futures sections (see the module docstring)."""
    first, state = _side_by_side(ctx)
    return [first, _drivers(ctx, state)]


def _sobol_appendix(sob: pd.DataFrame) -> pd.DataFrame:
    """The appendix table of Sobol' indices: the defined indices, with the ``note`` column kept
    where a row has one (an index whose interval is undefined says why), dropped when every note
    is empty.

    >>> s = pd.DataFrame({"_label": ["a", "b"], "S1": [0.1, 0.2], "S1_conf": [0.01, float("nan")],
    ...     "ST": [0.3, 0.4], "ST_conf": [0.02, float("nan")], "note": ["", "no interval: ..."],
    ...     "_st": [0.3, 0.4], "_shown": ["", ""], "_case": ["x", "x"], "_outcome": ["o", "o"]})
    >>> list(_sobol_appendix(s).columns)
    ['input in words', 'S1', 'S1_conf', 'ST', 'ST_conf', 'note']
    >>> list(_sobol_appendix(s.assign(note="")).columns)[-1]
    'ST_conf'
    """
    rows = sob[~sob["note"].fillna("").str.startswith("undefined")]
    drop = ["_st", "_shown", "_case", "_outcome"]
    if not rows["note"].fillna("").str.len().any():
        drop.append("note")
    return rows.drop(columns=drop).rename(columns={"_label": "input in words"})


def _sobol_caveat(runs: int, half_widths: Sequence[float] = ()) -> str:
    """The drivers section's caveat: how far its boxes and Sobol' indices can be read, from the
    designs it ran. :data:`N_SOBOL` base samples per future is below
    :data:`anpo.explore.space.MIN_SALTELLI_N`, the base sample below which ``anpo explore run``
    says Sobol' indices are noise (their error falls as 1/sqrt(n) [saltelli2010], so it is
    sqrt(MIN_SALTELLI_N / N_SOBOL) times that at the threshold); the report keeps it for its run
    time, and says so with the model runs its designs made (``runs``, N (d + 2) per future for
    its d inputs) and how many the threshold would take. ``half_widths``: the 95% half-widths
    of the total indices the section shows, whose range the caveat gives (it said the error was
    'comparable to the indices themselves' beside a table of '0.97 ± 0.25'), each end written
    as the table writes an estimate (:func:`~anpo.report.format.fmt_estimate`: '< 0.01' for one
    that rounds to 0.00); undefined ones (NaN) are not in the range.

    >>> _sobol_caveat(480, [0.0031, 0.1212, float("nan")]).split("; ")[1].split(")")[0]
    "here the total indices' 95% half-widths run from < 0.01 to 0.12"
    """
    from anpo.explore.space import MIN_SALTELLI_N

    text = f"With {N_BANDS} samples per future the boxes are indicative"
    if N_SOBOL >= MIN_SALTELLI_N:
        return (
            f"{text}, and so are the Sobol' indices of {N_SOBOL} base samples; the intervals say "
            "how much. An outcome that does not vary has no index."
        )
    factor = MIN_SALTELLI_N / N_SOBOL
    # the spread of the intervals the table shows, not a typed 'comparable to the indices
    # themselves' (the table read '0.97 ± 0.25': an error a quarter of the index), each end
    # written by the table's rules (fmt_estimate): a half-width that rounds to 0.00 is '< 0.01'
    # (the table leaves its '±' out), not left out of the range, which then began above it
    widths = sorted(abs(float(h)) for h in half_widths if math.isfinite(float(h)))
    ends = [fmt_estimate(widths[0]), fmt_estimate(widths[-1])] if widths else []
    if len(widths) > 1 and ends[0] != ends[1]:
        spread = f"; here the total indices' 95% half-widths run from {ends[0]} to {ends[1]}"
    elif len(widths) > 1:
        spread = f"; here the total indices' 95% half-widths are all {ends[0]}"
    else:
        spread = f"; here the total index's 95% half-width is {ends[0]}" if widths else ""
    return (
        f"{text}. So are the Sobol' indices, more so: {N_SOBOL} base samples per future is below "
        f"the {MIN_SALTELLI_N} under which anpo explore run calls a base sample small for "
        "Sobol' indices (their error falls as 1/sqrt(n): at "
        f"{N_SOBOL} it is {math.sqrt(factor):.2g} times that at {MIN_SALTELLI_N}{spread}). "
        f"The report uses {N_SOBOL} for its run time: its "
        f"Saltelli designs are {runs:,} model runs ({N_SOBOL} (d + 2) per future for its d "
        f"inputs), and {MIN_SALTELLI_N} would take {factor:g} times as many "
        f"({round(runs * factor):,}). The intervals say how much each index can be trusted; an "
        "outcome that does not vary has no index."
    )


#: How the drivers table writes a total index that is 0 (:func:`_total_index_text`).
NO_EFFECT = "0 (no effect in any run)"


def _total_index_text(st: float, conf: float) -> str:
    """A total Sobol' index for the drivers table, as :func:`~anpo.report.format.fmt_estimate`
    writes an estimate ('0.42 ± 0.05', '< 0.01'), except a zero, which a bare '0' left a reader
    unable to tell from a rounded one: Jansen's estimator of ST [jansen1999] is a mean of
    squared differences, never negative (so never a clipped negative estimate), and is 0 only
    when changing the input alone changed the outcome in none of the design's runs.

    >>> _total_index_text(0.0, 0.0), _total_index_text(0.004, 0.002), _total_index_text(0.42, 0.05)
    ('0 (no effect in any run)', '< 0.01', '0.42 ± 0.05')
    >>> _total_index_text(float("nan"), float("nan"))
    '–'

    Only an exact 0 is one: a positive index too small to print (1e-17, an effect at the
    floating-point level in some run) is '< 0.01', not "no effect in any run".

    >>> _total_index_text(1e-17, 0.0)
    '< 0.01'
    """
    if st == 0:
        return NO_EFFECT
    shown = fmt_estimate(st, conf)
    return "< 0.01" if shown == "0" and st > 0 else shown


def _no_effect_note(sob: pd.DataFrame) -> str:
    """The drivers table's caption sentence for its zeros (:data:`NO_EFFECT`), when it has any:
    what the zero means and how many of the defined total indices are one; empty otherwise.

    >>> s = pd.DataFrame({"_st": [0.0, 0.3, float("nan")]})
    >>> _no_effect_note(s).split("(a mean")[0]
    " '0 (no effect in any run)': Jansen's estimator of the total index "
    >>> "(1 of the 2 indices)" in _no_effect_note(s)
    True
    >>> _no_effect_note(pd.DataFrame({"_st": [0.3]}))
    ''
    """
    zeros, defined = _exact_zeros(sob)
    if not zeros:
        return ""
    return (
        f" '{NO_EFFECT}': Jansen's estimator of the total index (a mean of squared differences, "
        "never negative) is 0 because changing the input alone changed the outcome in none of "
        f"the future's {N_SOBOL} base samples; a true zero of the design, not a rounded or "
        f"clipped estimate ({zeros} of the {defined} indices), while '< 0.01' is an index above "
        "0 that rounds to it."
    )


def _exact_zeros(sob: pd.DataFrame) -> tuple[int, int]:
    """How many of the defined total indices (``_st``) of ``sob`` are exactly 0, and how many
    are defined.

    >>> _exact_zeros(pd.DataFrame({"_st": [0.0, 1e-17, float("nan")]})), _exact_zeros(pd.DataFrame())
    ((1, 2), (0, 0))
    """
    if sob.empty or "_st" not in sob:
        return 0, 0
    st = sob["_st"].dropna().astype(float)
    return int((st == 0).sum()), len(st)


def _appendix_zero_note(sob: pd.DataFrame) -> str:
    """The Sobol' appendix table's caption for its zeros, when it has any: a total index of 0 is
    the drivers table's '0 (no effect in any run)' (:data:`NO_EFFECT`), its first-order index
    and both half-widths then 0 as well; empty otherwise.

    >>> _appendix_zero_note(pd.DataFrame({"_st": [0.0, 0.3]}))[:40]
    'A total index ST of 0 is an exact zero: '
    >>> _appendix_zero_note(pd.DataFrame({"_st": [0.3]}))
    ''
    """
    if not _exact_zeros(sob)[0]:
        return ""
    return (
        "A total index ST of 0 is an exact zero: changing the input alone changed the outcome in "
        f"none of the design's runs (the drivers table's '{NO_EFFECT}'); its S1 and both "
        "half-widths are 0 with it, not rounded figures."
    )


def _outside_unit(sob: pd.DataFrame) -> str:
    """A caption sentence when a Sobol' estimate lies outside [0, 1], where the indices live
    (Saltelli et al. 2010): such an estimate is the design's sampling error, not a value of the
    index; empty otherwise. It says how many lie above 1 and below 0, and that their 95%
    intervals show it only when every such interval (``S1_conf``, ``ST_conf``) reaches into
    [0, 1]; otherwise how many do not, a sign the design is too small for them."""
    if sob.empty:
        return ""
    parts = []
    for col in ("S1", "ST"):
        conf = sob[f"{col}_conf"] if f"{col}_conf" in sob else pd.Series(np.nan, index=sob.index)
        parts.append(pd.DataFrame({"est": sob[col], "conf": conf}))
    both = pd.concat(parts).dropna(subset=["est"])
    outside = both[(both["est"] < 0) | (both["est"] > 1)]
    out = len(outside)
    if not out:
        return ""
    above, below = int((outside["est"] > 1).sum()), int((outside["est"] < 0).sum())
    where = ", ".join(f"{n} {side}" for n, side in ((above, "above 1"), (below, "below 0")) if n)
    reach = (outside["est"] - outside["conf"] <= 1) & (outside["est"] + outside["conf"] >= 0)
    many = out > 1
    text = (
        f" Sobol' indices lie between 0 and 1: {out} estimate{'s' if many else ''} outside that "
        f"range ({where}) {'are' if many else 'is'} sampling error of the {N_SOBOL}-sample design"
    )
    if reach.all():
        return text + (", as their intervals show." if many else ", as its interval shows.")
    far = int((~reach).sum())
    if not many:
        return (
            text + "; its 95% interval does not reach [0, 1] either: the design is too small there."
        )
    return text + (
        f"; {far} of their 95% intervals {'do' if far > 1 else 'does'} not reach [0, 1] either: "
        "the design is too small there."
    )
