"""The propensity recipe's accuracy beside its answers.

``anpo align FILE`` solves a landscape; when the instance was built by a propensity recipe (its
``[provenance] recipe``), how often that recipe puts states on the side they took is measured by
``anpo align backtest`` (:func:`anpo.align.backtest.run`: 2 minutes of CPU, 8 minutes wall on
the 2 cores at load 9-10, measured 2026-12-02). A back-test run with the default protocol (every
war, held out, data of one and three years before onset, CINC sizes) stores its scores
(:func:`summary_from`) in the catalog's home (:mod:`anpo._io.results`) under a key of the
datasets in use (by their SHA-256) and anpo's version; ``anpo align`` then prints the recipe's
held-out accuracy with its baselines (:func:`accuracy_note`), or how to get it.

The scores are the back-test's (Axelrod & Bennett 1993's test, made systematic): the share of
war participants placed on their side by the global minimum, with weights fitted on the other
wars, and the mean balanced accuracy per war; the baselines are alliance membership alone and
capability alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from anpo._io.results import Each, load_result, result_key, store_result

#: The name of the back-test's summaries in the catalog's home.
NAME = "align-accuracy"
#: The back-test protocol whose scores are stored (the defaults of ``anpo align backtest``).
PROTOCOL = {"wars": "all", "held_out": True, "lags": [1, 3], "sizes": "cinc", "peace": True}


def backtest_key(sources: Mapping[str, str]) -> str:
    """The key of a back-test's scores: the catalog's datasets in use (kind -> SHA-256), the
    protocol (:data:`PROTOCOL`) and anpo's version (:func:`anpo._io.results.result_key`).

    >>> backtest_key({"atop": "ab"}) == backtest_key({"atop": "ab"}) != backtest_key({})
    True
    """
    return result_key(sources=dict(sorted(sources.items())), protocol=PROTOCOL)


#: What :func:`summary_from` writes (:func:`anpo._io.results.conforms`): a stored file of
#: another shape is no summary.
SHAPE = {
    "recipe": str,
    "predictors": Each({"correct": int, "participants": int, "wars": int, "mean_balanced": float}),
    "peacetime": {
        "cases": int,
        "scored": int,
        "placed": int,
        "without_factor": int,
        "majority": int,
        "years": [int],
    },
    "axelrod_bennett_17": (
        None,
        {"data_year": int, "correct": int, "participants": int, "bar": {"correct": int, "of": int}},
    ),
}


def _row(rec: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "correct": int(rec["correct"]),
        "participants": int(rec["participants"]),
        "wars": int(rec["wars"]),
        "mean_balanced": float(rec["mean_balanced"]),
    }


def summary_from(result: Mapping[str, Any]) -> dict[str, Any]:
    """The scores of a back-test (``Backtest.to_json()``) as plain data: per predictor of the
    war table its placed-right count, participants, wars and mean balanced accuracy; the
    peacetime totals of the default recipe (states scored; placed as in the target by the full
    recipe, by the recipe without the factor that defines the target, the fair measure, and by
    everyone on one side); the Axelrod & Bennett 17-nation headline; the datasets the
    back-test read (``data``: key -> "dataset version")."""
    rows = {str(k): _row(v) for k, v in (result.get("summary") or {}).items()}
    peace = [r for r in result.get("peacetime") or [] if r.get("full") is not None]
    head17 = (result.get("axelrod_bennett_17") or {}).get("headline")
    return {
        "recipe": str(result.get("recipe", "")),
        "headline": str(result.get("headline", "")),
        "predictors": rows,
        "peacetime": {
            "cases": len(peace),
            "scored": int(sum(int(r["scored"]) for r in peace)),
            "placed": int(sum(int(r["full"]) for r in peace)),
            "without_factor": int(sum(int(r["without_factor"]) for r in peace)),
            "majority": int(sum(int(r["majority"]) for r in peace)),
            "years": sorted({int(r["year"]) for r in peace}),
        },
        "axelrod_bennett_17": None
        if not head17
        else {
            "data_year": int(head17["data_year"]),
            "correct": int(head17["correct"]),
            "participants": int(head17["participants"]),
            "bar": dict((result.get("axelrod_bennett_17") or {}).get("bar") or {}),
        },
        "data": {
            str(k): f"{v.get('dataset', k)} {v.get('version', '')}".strip()
            for k, v in (result.get("data_versions") or {}).items()
        },
    }


def store_summary(home: Path, sources: Mapping[str, str], summary: Mapping[str, Any]) -> Path:
    """Keep a default-protocol back-test's ``summary`` in the catalog's home."""
    return store_result(home, NAME, backtest_key(sources), summary, "predictors", shape=SHAPE)


def load_summary(home: Path | None, sources: Mapping[str, str]) -> dict[str, Any] | None:
    """The scores of the last default-protocol back-test on these datasets, or None."""
    return load_result(home, NAME, backtest_key(sources), "predictors", SHAPE)


def accuracy_note(
    summary: Mapping[str, Any], recipe_id: str, provenance: Mapping[str, Any] | None = None
) -> str | None:
    """One line for ``anpo align``: the held-out war back-test of ``recipe_id`` against its
    baselines, the peacetime score (the default recipe's without the factor that defines each
    target, the fair measure, against everyone on one side), and Axelrod & Bennett's case;
    None when the back-test has no row for that recipe. ``provenance``: the instance's (its
    ``dataset_KEY`` entries); the datasets whose versions differ from the back-test's are named.

    >>> s = {"recipe": "anpo-align-recipe/2", "predictors": {
    ...     "recipe2_held_out": {"correct": 164, "participants": 200, "wars": 34,
    ...                          "mean_balanced": 0.840},
    ...     "alliance": {"correct": 144, "participants": 200, "wars": 34, "mean_balanced": 0.789},
    ...     "capability": {"correct": 142, "participants": 200, "wars": 34,
    ...                    "mean_balanced": 0.714}},
    ...     "peacetime": {"cases": 3, "scored": 30, "placed": 27, "without_factor": 25,
    ...                   "majority": 21, "years": [1960, 2001]},
    ...     "axelrod_bennett_17": {"data_year": 1936, "correct": 12, "participants": 17,
    ...                            "bar": {"correct": 15, "of": 17}}}
    >>> print(accuracy_note(s, "anpo-align-recipe/2"))
    accuracy of recipe 2 (anpo align backtest, weights fitted on the other wars): 164 of 200 participants of 34 inter-state wars placed on their side (mean balanced accuracy 0.84; alliances alone 0.79, capabilities alone 0.71); peacetime, without the factor that defines each target, 25 of 30 states placed as in the defense-pact blocs or UN-voting clusters (83%, against 70% for everyone on one side; summed over 3 region-years, 1960-2001; the weights were fitted on wars only); Axelrod & Bennett's seventeen nations with 1936 data: 12 of 17 (theirs: 15 of 17)
    >>> accuracy_note(s, "anpo-align-recipe/9") is None
    True
    >>> s["data"] = {"nmc": "COW NMC 6.0", "atop": "ATOP 5.1"}
    >>> prov = {"dataset_nmc": "COW NMC 7.0", "dataset_atop": "ATOP 5.1"}
    >>> accuracy_note(s, "anpo-align-recipe/2", prov).rsplit("; ", 1)[-1]
    'the back-test ran on other data versions than this instance: COW NMC 6.0 (the instance: COW NMC 7.0)'
    """
    from anpo.align.backtest import recipe_key
    from anpo.report.format import fmt_number, fmt_share

    key = recipe_key(recipe_id)
    number = key.removeprefix("recipe")
    rows = summary.get("predictors", {})
    held = rows.get(f"{key}_held_out")
    how = "weights fitted on the other wars"
    if held is None and key == "recipe1" and key in rows:  # recipe 1's weights are a priori
        held, how = rows[key], "a priori weights"
    if held is None:
        return None
    base = [
        f"{words} alone {rows[key]['mean_balanced']:.2f}"
        for key, words in (("alliance", "alliances"), ("capability", "capabilities"))
        if key in rows
    ]
    text = (
        f"accuracy of recipe {number} (anpo align backtest, {how}): "
        f"{fmt_number(held['correct'])} of {fmt_number(held['participants'])} participants of "
        f"{held['wars']} inter-state wars placed on their side (mean balanced accuracy "
        f"{held['mean_balanced']:.2f}" + (f"; {', '.join(base)})" if base else ")")
    )
    peace = summary.get("peacetime") or {}
    if recipe_id == summary.get("recipe") and peace.get("scored"):
        ys = peace.get("years") or []
        span = f"{ys[0]}-{ys[-1]}" if len(ys) > 1 else (str(ys[0]) if ys else "")
        n = peace["scored"]
        # the fair measure: the full recipe holds the factor that defines each target
        text += (
            "; peacetime, without the factor that defines each target, "
            f"{fmt_number(peace['without_factor'])} of {fmt_number(n)} states placed as in the "
            "defense-pact blocs or UN-voting clusters "
            f"({fmt_share(peace['without_factor'] / n, decimals=0)}, against "
            f"{fmt_share(peace['majority'] / n, decimals=0)} for everyone on one side; summed "
            f"over {peace['cases']} region-years, {span}; the weights were fitted on wars only)"
        )
    ab = summary.get("axelrod_bennett_17")
    if recipe_id == summary.get("recipe") and ab:
        bar = ab.get("bar") or {}
        theirs = f" (theirs: {bar['correct']} of {bar['of']})" if bar else ""
        text += (
            f"; Axelrod & Bennett's seventeen nations with {ab['data_year']} data: "
            f"{ab['correct']} of {ab['participants']}{theirs}"
        )
    ran_on = summary.get("data") or {}
    differ = [
        f"{ran_on[k]} (the instance: {provenance[f'dataset_{k}']})"
        for k in ran_on
        if provenance is not None
        and f"dataset_{k}" in provenance
        and str(provenance[f"dataset_{k}"]) != ran_on[k]
    ]
    if differ:
        text += "; the back-test ran on other data versions than this instance: " + ", ".join(
            differ
        )
    return text
