"""The roles' accuracy beside their answers.

``anpo roles --year Y`` prints roles; how often such roles agree with the independent codings is
measured by ``anpo roles validate`` (:func:`anpo.relations.validate.validate_from_catalog`, for
1950-2016 24 s of CPU, 2 minutes wall on the 2 cores at load 9, measured 2026-12-02). Each
validation run stores its per-role scores (:func:`summary_from`) in the catalog's home under a
key (:func:`accuracy_key`) made of everything that decides them: the focal state, the
thresholds, the datasets in use (by their SHA-256), the codings file and anpo's version. ``anpo
roles`` then prints the held-out F1 of the same rules on the same data next to the roles
(:func:`accuracy_note`), and says how to get it when no such run is stored: a changed threshold
or dataset never shows a stale figure.

The scores are those of :class:`anpo.relations.validate.RoleValidation` (``per_role``): F1
against the coding in the years the thresholds were not fitted on (Sokolova & Lapalme 2009,
"A systematic analysis of performance measures for classification tasks", *Information
Processing & Management* 45(4), for F1 and its undefined cases).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from anpo._io.results import CACHE_DIR, Each, load_result, result_key, store_result

__all__ = [
    "CACHE_DIR",
    "accuracy_key",
    "accuracy_note",
    "load_summary",
    "store_summary",
    "summary_from",
]

#: The name of the roles' summaries in the catalog's home.
NAME = "roles-accuracy"
#: The order in which the note names the roles.
ROLE_ORDER = ("ally", "rogue state", "strategic rival", "primary rival")


def accuracy_key(
    focal: int, thresholds: Mapping[str, Any], sources: Mapping[str, str], codings: str = ""
) -> str:
    """A key for a validation's scores (:func:`anpo._io.results.result_key`): the focal state,
    the thresholds (their ``model_dump``), the datasets' hashes by kind, the codings file's
    hash (and anpo's version).

    >>> k = accuracy_key(2, {"focal": 2}, {"atop": "ab"})
    >>> k == accuracy_key(2, {"focal": 2}, {"atop": "ab"}), k == accuracy_key(2, {"focal": 2}, {})
    (True, False)
    """
    return result_key(
        focal=int(focal),
        thresholds=thresholds,
        sources=dict(sorted(sources.items())),
        codings=codings,
    )


#: What :func:`summary_from` writes (:func:`anpo._io.results.conforms`): a stored file of
#: another shape is no summary.
SHAPE = {
    "years": [int],
    "period": str,
    "roles": Each(
        {"f1": (float, None), "both": int, "coded": int, "predicted": int, "undefined": str}
    ),
}


def _number(v: Any) -> float | None:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def summary_from(res: Any) -> dict[str, Any]:
    """The held-out scores of a :class:`~anpo.relations.validate.RoleValidation` as plain data:
    the years validated, the held-out years in words (from the validation's training decades,
    seed year and focal state, not from its table's labels) and, per role, F1 with its counts
    (a role whose F1 is undefined keeps the reason, from
    :func:`anpo.relations.validate.why_scores_undefined`)."""
    from anpo.relations.validate import held_out_label, why_scores_undefined

    per = res.per_role
    held = per[per["period"] == held_out_label(res.seed_year, res.focal)]
    roles: dict[str, Any] = {}
    for rec in held.to_dict(orient="records"):
        both, coded, predicted = int(rec["both"]), int(rec["coded"]), int(rec["predicted"])
        roles[str(rec["role"])] = {
            # undefined when the coding names no state (recall undefined; the formula's 0 is
            # no measurement), see why_scores_undefined
            "f1": _number(rec["f1"]) if coded else None,
            "both": both,
            "coded": coded,
            "predicted": predicted,
            "years": int(rec["years"]),
            "undefined": why_scores_undefined(both, coded, predicted),
        }
    words = _held_out_words(res.train_decades, res.seed_year, res.focal)
    return {
        "focal": int(res.focal),
        "years": [min(res.years), max(res.years)] if res.years else [],
        "period": f"held-out ({words})" if roles else "",
        "roles": roles,
    }


def _held_out_words(train: Sequence[int], seed_year: int | None, focal: int) -> str:
    """The held-out years in words that stand alone: validate's table names the training
    decades in the row above (``training (1950s, ...)``, ``held-out (other years but 2001)``),
    the roles' note has no such row, where "other years but 2001" read as every year but 2001.

    >>> _held_out_words((1950, 1970), 2001, 2)
    'years outside the training decades (1950s, 1970s), but 2001'
    >>> _held_out_words((1990,), None, 2)
    'years outside the training decades (1990s)'
    >>> _held_out_words((1950,), 2001, 740)
    'every year: the fit saw U.S.-focal years only'
    """
    from anpo.relations.validate import US, decades_text, held_out_years

    if focal != US:
        return held_out_years(seed_year, focal)  # every year, as validate's label says
    return f"years outside the training decades ({decades_text(train)})" + (
        f", but {seed_year}" if seed_year else ""
    )


def _stored_before_the_decades(period: str) -> str:
    """A held-out label stored before the note named the training decades
    (``held-out (other years but 2001)``), worded as :func:`summary_from` words it now: that
    version's validation ran on the default decades (the CLI validates on them).

    >>> _stored_before_the_decades("held-out (other years but 2001)")
    'held-out (years outside the training decades (1950s, 1970s, 1990s, 2010s), but 2001)'
    >>> _stored_before_the_decades("held-out (other years)")
    'held-out (years outside the training decades (1950s, 1970s, 1990s, 2010s))'
    """
    from anpo.relations.validate import TRAIN_DECADES, US

    rest = period.removeprefix(_OLD_HELD_OUT).removesuffix(")").strip()
    seed = int(rest.removeprefix("but ")) if rest.removeprefix("but ").isdigit() else None
    return f"held-out ({_held_out_words(TRAIN_DECADES, seed, US)})"


#: How a summary stored before the note named the training decades began its held-out label.
_OLD_HELD_OUT = "held-out (other years"


def store_summary(home: Path, key: str, summary: Mapping[str, Any]) -> Path:
    """Keep ``summary`` under ``key`` in the catalog's home (a run over a longer span of years
    replaces a shorter one, never the reverse). Returns the file. A ``home`` that is no folder
    path (a dict, an int) or is empty is an :class:`~anpo.errors.InputError` naming it."""
    return store_result(
        home, NAME, key, summary, "roles", lambda old, new: _span(old) > _span(new), SHAPE
    )


def _span(summary: Mapping[str, Any]) -> int:
    ys = summary.get("years") or []
    return int(ys[1]) - int(ys[0]) + 1 if len(ys) == 2 else 0


def load_summary(home: Path | None, key: str) -> dict[str, Any] | None:
    """The summary stored under ``key``, or None (no home, never validated with these inputs,
    or a file that cannot be read: the note then says how to compute it); a ``home`` that is no
    folder path (a dict, an int) or is empty is an :class:`~anpo.errors.InputError` naming
    it."""
    return load_result(home, NAME, key, "roles", SHAPE)


def accuracy_note(summary: Mapping[str, Any], year_sets: Mapping[int, str] | None = None) -> str:
    """One line for the roles' output: each role's held-out F1 against its independent coding
    (with how many state-years both name, of how many the coding names), the years and how the
    held-out years were chosen; ``year_sets`` says which set of the fit each year shown belongs
    to (the years of one set are written as runs).

    >>> s = {"years": [1950, 2016],
    ...      "period": "held-out (years outside the training decades (1950s, 1970s), but 2001)",
    ...      "roles": {"ally": {"f1": 0.906, "both": 9, "coded": 10, "predicted": 10,
    ...                         "undefined": ""},
    ...                "rogue state": {"f1": None, "both": 0, "coded": 0, "predicted": 0,
    ...                                "undefined": "no score is defined"}}}
    >>> print(accuracy_note({"years": [2001, 2001], "roles": {"primary rival": {
    ...     "f1": 0.0, "both": 0, "coded": 0, "predicted": 3,
    ...     "undefined": "the coding names no state: recall is undefined"}}}))
    accuracy (anpo roles validate, 2001; F1 against the independent codings, held-out years: ): primary rival undefined (the coding names no state: recall is undefined)
    >>> print(accuracy_note({"years": [2001, 2001], "roles": {}}))
    accuracy: the last anpo roles validate with these inputs (2001) had no held-out year to score; validate more years (the default is 1950-2016)
    >>> print(accuracy_note(s, {2016: "training year"}))
    accuracy (anpo roles validate, 1950-2016; F1 against the independent codings, held-out years: years outside the training decades (1950s, 1970s), but 2001): ally 0.91 (both name 9 of the coding's 10 state-years), rogue state undefined (no score is defined); 2016: training year
    >>> s["period"] = "held-out (other years but 2001)"   # stored by an earlier version
    >>> print(accuracy_note(s, {2016: "training year"}))
    accuracy (anpo roles validate, 1950-2016; F1 against the independent codings, held-out years: years outside the training decades (1950s, 1970s, 1990s, 2010s), but 2001): ally 0.91 (both name 9 of the coding's 10 state-years), rogue state undefined (no score is defined); 2016: training year
    """
    from anpo.report.format import fmt_number

    roles = summary.get("roles", {})
    parts = []
    for role in [r for r in ROLE_ORDER if r in roles] + [r for r in roles if r not in ROLE_ORDER]:
        r = roles[role]
        # a coding that names no state leaves recall, and so F1, without meaning: 2*0/(0+fp)
        # is 0 by the formula, but "0.00" would read as a measured failure
        if r.get("f1") is None or int(r.get("coded", 0)) == 0:
            parts.append(f"{role} undefined ({r.get('undefined') or 'no score'})")
            continue
        why = f"; {r['undefined']}" if r.get("undefined") else ""
        parts.append(
            f"{role} {float(r['f1']):.2f} (both name {fmt_number(int(r['both']))} of the "
            f"coding's {fmt_number(int(r['coded']))} state-years{why})"
        )
    ys = summary.get("years") or []
    span = "no years" if len(ys) != 2 else str(ys[0]) if ys[0] == ys[1] else f"{ys[0]}-{ys[1]}"
    if not parts:
        from anpo.relations.validate import US_YEARS

        return (
            f"accuracy: the last anpo roles validate with these inputs ({span}) had no held-out "
            f"year to score; validate more years (the default is {US_YEARS[0]}-{US_YEARS[1]})"
        )
    period = str(summary.get("period", ""))
    if period.startswith(_OLD_HELD_OUT):
        period = _stored_before_the_decades(period)
    which = period[len("held-out (") : -1] if period.startswith("held-out (") else period
    text = (
        f"accuracy (anpo roles validate, {span}; F1 against the independent codings, held-out "
        f"years: {which}): " + ", ".join(parts)
    )
    if year_sets:
        from anpo.report.format import year_ranges

        groups: dict[str, list[int]] = {}
        for y, which_set in sorted(year_sets.items()):
            groups.setdefault(which_set, []).append(int(y))
        text += "; " + ", ".join(f"{year_ranges(ys)}: {g}" for g, ys in groups.items())
    return text
