"""Global sensitivity analysis of a run, through SALib [herman2017; iwanaga2022].

Which analysis depends on the run's design:

- ``saltelli``: Sobol' first-order (S1) and total (ST) indices with bootstrap confidence
  intervals ([sobol2001]), ``SALib.analyze.sobol``: S1 by the estimator of [saltelli2010]
  (Table 2, (b): ``mean(f(B) (f(A_B^i) - f(A))) / V``), ST by Jansen's [jansen1999]
  (Saltelli et al. 2010, Table 2, (f): ``mean((f(A) - f(A_B^i))^2) / 2V``), ``V`` the variance
  of the ``2N`` outputs of ``A`` and ``B``; the interval is the normal one from the standard
  deviation of ``num_resamples`` bootstrap resamples of the ``N`` base rows.
- ``morris``: elementary effects, mu* (mean absolute effect) with its confidence interval and
  sigma ([morris1991]; [campolongo2007]), ``SALib.analyze.morris``, per unit of each input's quantile range.
- ``lhs`` and ``mc``: first-order indices by RBD-FAST ([tarantola2006]; [plischke2010]; bias
  correction of [tissot2012]), ``SALib.analyze.rbd_fast``, which accepts any sample, with
  ``M = min(10, (n - 1) // 4)`` harmonics. SALib's bootstrap draws resamples of *half* the
  experiments (and corrects their bias for that size), so the interval is that of an estimate
  from n/2 experiments: wider than the full sample's, a conservative bound.
- ``factorial``: none (use one of the designs above).

Every index is computed on the run's design, the uniforms that the manifest regenerates
(:func:`anpo.explore.space.unit_design`), never on the input columns of the results, which hold
the values the model used (a whole-number field's nearest integer, :mod:`anpo.explore.engine`):
the estimators need the sample's structure. Sobol' pairs the rows of Saltelli's matrices ``A``,
``B`` and ``A_B^i`` (they differ in one input), Morris differences points of a trajectory that
move one input at a time on its grid, and RBD-FAST orders the experiments by each input's
design column; rounded values would tie and break those pairings. Rounding a sample to a whole
number is part of the model (a step function of the input's quantile), so the indices
attribute the outcome to the input as drawn, over its stated distribution.

Indices are computed per case (file and variant, or future) and outcome, for the inputs the case
reads (a future or scenario file declares its own uncertainties; the manifest's ``case_inputs``).
An index is undefined, and said so in ``note``, when the outcome does not vary or when
experiments failed; an index is defined without an interval, and said so, when some bootstrap
resamples do not vary, and from one base sample or one Morris trajectory (``--n 1``: every
resample is that sample). An input the outcome does not read (a futures run's manifest says
which inputs each indicator reads, ``outcome_inputs``: an ``[alignment]`` input moves no
deterrence indicator; a scenario-file run's which inputs each dyad's outcomes read: Russia's
forces move no U.S.-China outcome) has no index, with a note: its effect is 0 by construction, and RBD-FAST
would print noise around it. The index of an input that took one value in every experiment of a
case (a choice of one value, a range whose draws all round to one whole number), or values
that all print alike at 6 significant digits (:func:`fixed_inputs`), is undefined: the
estimators would read its design column, which varies, and attribute noise to a constant.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from anpo._checks import as_path, seed_number, table
from anpo.errors import ExploreError
from anpo.explore import store
from anpo.explore.engine import case_inputs
from anpo.explore.space import (
    MIN_RBD_N,
    MORRIS_LEVELS,
    as_params,
    salib_problem,
    unit_design,
)
from anpo.report.format import NOISE

COLUMNS = [
    "case",
    "outcome",
    "method",
    "input",
    "S1",
    "S1_conf",
    "ST",
    "ST_conf",
    "mu_star",
    "mu_star_conf",
    "sigma",
    "note",
    "below_zero",
]


#: Bootstrap resamples behind each index's confidence interval (SALib's default).
NUM_RESAMPLES = 100


def _salib() -> None:
    try:
        import SALib  # noqa: F401
    except ImportError:
        raise ExploreError(
            "sensitivity analysis needs SALib (a dependency of anpo): pip install SALib"
        ) from None


def _manifest_params(out: Path, man: dict[str, Any]) -> list[Any]:
    """The run's uncertain inputs as :class:`~anpo.explore.space.Param` from its manifest, or an
    :class:`~anpo.errors.ExploreError` naming the manifest (``file``) and the entry
    (``field``, ``params[i].distribution``) for one anpo explore run does not write: a
    hand-edited ``"alpha": NaN`` (JSON as Python reads it) said "input 'x': alpha: Input
    should be less than or equal to 1000000 (got nan)" with no file, a ``params`` that is not
    a list of ``{name, distribution}`` was a bare KeyError or TypeError."""
    path = Path(out) / store.MANIFEST
    lead = f"{store.MANIFEST} holds entries anpo explore run does not write"
    entries = man.get("params")
    if not isinstance(entries, list):
        raise ExploreError(f"{lead}: params is not a list", file=path, field="params")
    params: list[Any] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        where = f"params[{i}]"
        if (
            not isinstance(entry, dict)
            or not {"name", "distribution"} <= set(entry)
            or not isinstance(entry["name"], str)
        ):
            raise ExploreError(
                f"{lead}: not a {{name, distribution}} entry", file=path, field=where
            )
        if entry["name"] in seen:
            raise ExploreError(
                f"{lead}: input {entry['name']!r} is given twice", file=path, field=where
            )
        seen.add(entry["name"])
        try:  # each entry read once: its Param, or the problem with where it is
            params.extend(as_params({entry["name"]: entry["distribution"]}))
        except ExploreError as exc:
            raise ExploreError(
                f"{lead}: {exc.message}", file=path, field=f"{where}.distribution"
            ) from None
    return params


def sensitivity(
    out: str | Path,
    *,
    outcomes: list[str] | None = None,
    cases: list[str] | None = None,
    num_resamples: int = NUM_RESAMPLES,
    conf_level: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Sensitivity indices of a complete run (columns :data:`COLUMNS`, one row per case,
    outcome and input; missing indices are NaN; ``note`` says why an index or its interval is
    missing, and ends with :data:`BELOW_ZERO` where ``below_zero``, a yes/no column, is true: an
    S1 estimate below 0). Estimators (module docstring): Sobol'
    [sobol2001; saltelli2010; jansen1999], Morris [morris1991; campolongo2007], RBD-FAST
    [tarantola2006; plischke2010; tissot2012], through SALib [herman2017; iwanaga2022].
    ``seed`` (default 0, also when not given) seeds SALib's bootstrap of the confidence
    intervals (``num_resamples`` resamples), so the same run and seed give the same indices and
    intervals: the Morris and RBD-FAST analyses draw them from their own Generator,
    ``default_rng(seed)`` (SALib >= 1.5.2, the floor in pyproject.toml: earlier versions called
    ``np.random.seed(seed)`` when the seed was nonzero, so 0 drew from NumPy's unseeded global
    state and other seeds reset it), and the Sobol' analysis from :func:`sobol_seed`'s."""
    _salib()
    out = as_path(out, "out", error=ExploreError, what="a folder path")
    seed = seed_number(seed, error=ExploreError)  # -1 reached SALib's bootstrap unchecked
    man = store.require_manifest(out)
    sampler = man["sampler"]
    if sampler == "factorial":
        raise ExploreError(
            "no sensitivity indices for a factorial design: run with --sampler saltelli "
            "(Sobol'), morris, lhs or mc (RBD-FAST)"
        )
    total, shards = store.experiments_and_shards(out, man)
    done = store.done_count(shards)
    if done < total:
        raise ExploreError(
            f"the run is incomplete ({total - done} of {total} experiments missing): run the "
            "same 'anpo explore run' command again to finish it",
            file=out,
        )
    params = _manifest_params(out, man)
    if not params:
        raise ExploreError("the run has no uncertain inputs: nothing to attribute")
    problem = salib_problem(params)
    frame = store.read_table(out).to_pandas()
    reserved = {"experiment", "case", "row", "error"} | {p.name for p in params}
    names = [c for c in frame.columns if c not in reserved]
    if outcomes:
        outcomes = [store.current_outcome(man, o) for o in outcomes]  # deprecated names
        unknown = [o for o in outcomes if o not in names]
        if unknown:
            raise ExploreError(
                f"unknown outcome(s) {unknown} (outcomes: {', '.join(names)})", field="outcome"
            )
        names = list(outcomes)
    all_cases = list(man["cases"])
    if cases:
        unknown = [c for c in cases if c not in all_cases]
        if unknown:
            raise ExploreError(
                f"unknown case(s) {unknown} (cases: {', '.join(all_cases)})", field="case"
            )
    use_cases = list(cases) if cases else all_cases
    if sampler in ("lhs", "mc") and int(man["n"]) < RBD_MIN_N:
        raise ExploreError(
            f"RBD-FAST needs at least {RBD_MIN_N} samples per case and the run has "
            f"{man['n']} (its bootstrap halves them): run again with a larger --n "
            f"({MIN_RBD_N} or more for stable indices)",
            file=out,
        )
    unit = None
    if sampler in ("morris", "lhs", "mc"):
        unit = unit_design(sampler, params, int(man["n"]), int(man["seed"]), **man["options"])
    rows: list[dict[str, Any]] = []
    for case in use_cases:
        sub = frame[frame["case"] == case].sort_values("row")
        read = set(case_inputs(man, [case]))
        fixed = fixed_inputs(sub, [p.name for p in params if p.name in read])
        for outcome in names:
            if not read:
                rows.append(
                    {
                        "case": case,
                        "outcome": outcome,
                        "method": _method(sampler),
                        "input": "",
                        "note": "undefined: this case reads none of the uncertain inputs",
                    }
                )
                continue
            y = sub[outcome].to_numpy(dtype=float)
            failed = sub["error"].notna().to_numpy() if "error" in sub else None
            note = _undefined(y, failed)
            if note:
                rows.extend(
                    _empty(case, outcome, sampler, [p for p in params if p.name in read], note)
                )
                continue
            # the design spans every input; a case's indices are reported for the inputs it
            # reads (an input it never reads has no effect on it: 0 for Sobol' and Morris by
            # construction, and RBD-FAST noise of +-0.6 at 64 samples), and an input the case
            # reads but this outcome does not (a future's alignment input and a deterrence
            # indicator) has no index either, for the same reason: said in its note
            unread = _unread(man, case, outcome, read)
            rows.extend(
                _not_read(r)
                if r["input"] in unread
                else _fixed(r, fixed)
                if r["input"] in fixed
                else _below_zero(
                    _one_base_sample(_degenerate(_no_interval(r, y)), sampler, int(man["n"]))
                )
                for r in _analyse(
                    sampler,
                    problem,
                    params,
                    unit,
                    y,
                    man,
                    num_resamples,
                    conf_level,
                    seed,
                    case,
                    outcome,
                )
                if r["input"] in read
            )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    # rows without an S1 estimate (undefined, not read, fixed) carry no flag: False, not NaN
    frame["below_zero"] = frame["below_zero"].eq(True)
    return frame


def fixed_inputs(frame: pd.DataFrame, names: list[str]) -> dict[str, str]:
    """The inputs of ``names`` that took one value in every experiment of ``frame`` (the
    results' input columns hold the values the model used: a choice of one value, or a range
    whose draws all round to one whole number), each with that value as shown (``%g`` for a
    float), and the float inputs whose values lie so close together that they print alike
    (:func:`anpo.scenario.uncertainty.narrow_spread`: a relative spread of at most
    :data:`~anpo.scenario.uncertainty.NARROW_SPREAD`, 5e-7, below what 6 significant digits
    tell apart), shown as ``'0.8 (to 6 significant digits)'``: their indices would attribute
    floating-point noise to them. A ``frame`` that is not a pandas DataFrame is an
    :class:`~anpo.errors.ExploreError` naming it (a list was read as no inputs: ``{}``); an
    input of ``names`` not in it is not fixed."""
    from anpo.scenario.uncertainty import PRINTED_DIGITS, narrow_spread

    table("frame", frame, error=ExploreError, what="a results table")

    out: dict[str, str] = {}
    for name in names:
        col = frame[name] if name in frame else None
        if col is None or not len(col):
            continue
        if col.nunique(dropna=False) == 1:
            value = col.iloc[0]
            out[name] = f"{value:g}" if isinstance(value, float) else str(value)
        elif pd.api.types.is_float_dtype(col) and col.notna().all():
            lo, hi = float(col.min()), float(col.max())
            if narrow_spread(lo, hi) is not None:
                shown = " to ".join(dict.fromkeys(f"{v:.{PRINTED_DIGITS}g}" for v in (lo, hi)))
                out[name] = f"{shown} (to {PRINTED_DIGITS} significant digits)"
    return out


def _unread(man: dict[str, Any], case: str, outcome: str, read: set[str]) -> set[str]:
    """The inputs of ``read`` (those the case reads) that ``outcome`` does not read, from the
    manifest's ``outcome_inputs`` (a futures run: :func:`anpo.futures.scorecard.indicator_inputs`;
    a scenario-file run: :meth:`anpo.explore.scenario.ScenarioModel.outcome_inputs`);
    none when the manifest does not say (every outcome may read every input)."""
    by_outcome = (man.get("outcome_inputs") or {}).get(case)
    if not isinstance(by_outcome, dict) or outcome not in by_outcome:
        return set()
    return read - set(by_outcome[outcome])


def _not_read(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` of an input the outcome does not read, its indices undefined: its effect is 0 by
    construction, and the estimates are noise around it (RBD-FAST gave S1 0.45 +- 1.35 for an
    alignment input on China's warheads at Japan, a deterrence indicator)."""
    keep = ("case", "outcome", "method", "input")
    note = f"undefined: the outcome does not read the input {row['input']}"
    return {**{k: row[k] for k in keep}, "note": note}


def _fixed(row: dict[str, Any], fixed: dict[str, str]) -> dict[str, Any]:
    """``row`` of an input that did not vary, its indices undefined: the estimators read the
    input's design column, which varies, so they printed noise (S1 -0.2 +- 1.3 for a choice
    of one value) as an index of an input the model saw as a constant; an input whose values
    print alike (:func:`fixed_inputs`) got estimates of rounding (S1 -2.5e-14 +- 3.4e-13)."""
    keep = ("case", "outcome", "method", "input")
    return {
        **{k: row[k] for k in keep},
        "note": f"undefined: the input {row['input']} is {fixed[row['input']]} in every experiment",
    }


def _undefined(y: np.ndarray, failed: np.ndarray | None = None) -> str:
    """Why an outcome ``y`` (one case's, in experiment order) has no index, or ''. ``failed``:
    which experiments failed (the run's ``error`` column), to tell an outcome the model leaves
    undefined (the U.S.'s price for a guarantee it does not give: NaN in every experiment) from
    results a failure left empty: '64 experiment(s) have no value for this outcome' read as
    results lost."""
    missing = np.isnan(y)
    bad = int(missing.sum())
    if bad:
        broke = int((missing & failed).sum()) if failed is not None else 0
        if broke:
            # the rest the model left without a value ('3 failed, so 5 have no value' blamed
            # the failures for all five)
            rest = bad - broke
            return f"undefined: {broke} experiment(s) failed, so {broke} have no value for it" + (
                f", and the model gives it no value in {rest} other(s)" if rest else ""
            )
        if bad == y.size:
            return "undefined: the model gives the outcome no value in any experiment"
        return f"undefined: the model gives the outcome no value in {bad} of {y.size} experiments"
    # a spread at the level of floating-point rounding (P = 1 - 2.6e-15 in some experiments,
    # 1 - 8.9e-16 in others) is no variation: indices of it are noise, not sensitivity
    if np.ptp(y) <= NOISE * max(1.0, float(np.max(np.abs(y)))):
        return "undefined: the outcome does not vary"
    return ""


#: The note of an index whose bootstrap interval is undefined (the index itself is defined).
NO_INTERVAL = "no confidence interval: the outcome does not vary in some bootstrap resamples"


def _no_interval(row: dict[str, Any], y: np.ndarray) -> dict[str, Any]:
    """``row`` with a note when an index is defined but its bootstrap interval is not: SALib's
    resamples (half the experiments for RBD-FAST, all of them with replacement for Sobol') of a
    rare outcome (3 of 64 experiments) can hold none of its values, and their index is 0/0, so
    the interval is NaN; printed bare, it read as a missing number."""
    for est, conf in (("S1", "S1_conf"), ("ST", "ST_conf"), ("mu_star", "mu_star_conf")):
        if conf in row and math.isfinite(row[est]) and not math.isfinite(row[conf]):
            values, counts = np.unique(y, return_counts=True)
            rare = (
                f" (a rare outcome: {int(counts.min())} of {y.size} experiments differ from "
                f"{values[counts.argmax()]:g})"
                if values.size == 2 and counts.min() <= y.size // 10
                else ""
            )
            return {**row, "note": NO_INTERVAL + rare}
    return row


#: The note of an RBD-FAST index whose bootstrap resamples all gave the same estimate.
DEGENERATE_INTERVAL = (
    "no confidence interval: every bootstrap resample (half the experiments) gave the same "
    "estimate, so their spread, 0, measures nothing: too few experiments for RBD-FAST's bootstrap"
)


def _degenerate(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` without an interval when RBD-FAST's bootstrap gave a half-width of exactly 0:
    SALib's resamples are half the experiments, and with 3 of them (``--n 6`` or 7) and one
    harmonic the periodogram has that harmonic alone, so every resample's S1 is 1 (SALib 1.6
    ``rbd_fast.bootstrap``, ``compute_first_order``) and the spread 0. Printed, S1 0.976 +- 0
    read as an exact index while the footnote said the intervals are wider than the full
    sample's (audit32); resamples of different experiments that agree exactly measure no
    error. Sobol' and Morris keep a half-width of 0: an input the outcome does not depend on
    gives 0 in every resample exactly."""
    if (
        row.get("method") == "rbd-fast"
        and math.isfinite(row.get("S1", math.nan))
        and row.get("S1_conf") == 0
    ):
        return {**row, "S1_conf": math.nan, "note": DEGENERATE_INTERVAL}
    return row


#: The note of an S1 estimate below 0 (Sobol' or RBD-FAST): noise, not a share.
BELOW_ZERO = (
    "S1 below 0: estimation noise around 0, not a share of the variance (an index lies in "
    "[0, 1]; RBD-FAST's bias correction puts an input of no effect below 0 as often as above)"
)


def _below_zero(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with ``below_zero`` true and :data:`BELOW_ZERO` added to its note when its S1
    estimate is below 0: a first-order index is a share of the variance, in [0, 1]
    [sobol2001]; an estimate below it is noise around 0 (RBD-FAST subtracts the bias a sample
    of this size expects [tissot2012], so an input with no effect lands on either side).
    Printed bare, S1 -0.416 from six experiments read as a share (audit32). The flag tells a
    reader (the CLI) which rows carry this note without matching its text."""
    s1 = row.get("S1", math.nan)
    if isinstance(s1, float) and s1 < 0:
        note = row.get("note") or ""
        return {
            **row,
            "note": f"{note}; {BELOW_ZERO}" if note else BELOW_ZERO,
            "below_zero": True,
        }
    return row


def other_note(note: str, below_zero: bool) -> str:
    """The part of a row's ``note`` other than :data:`BELOW_ZERO`, which :func:`_below_zero`
    appends (after ``'; '`` when the row had a note) where ``below_zero``: what the row's
    interval lacks, '' when nothing. The CLI says it under the table and marks an S1 below 0
    in its cell instead.

    >>> other_note(f"{NO_INTERVAL}; {BELOW_ZERO}", True) == NO_INTERVAL
    True
    >>> other_note(BELOW_ZERO, True), other_note(NO_INTERVAL, False) == NO_INTERVAL
    ('', True)
    """
    if not below_zero:
        return note
    return note.removesuffix(BELOW_ZERO).removesuffix("; ")


#: The note of an index from one base sample (Sobol') or one trajectory (Morris): no interval.
ONE_BASE_SAMPLE = (
    "no confidence interval: every bootstrap resample of one base sample (--n 1) is that "
    "sample, so their spread is 0 whatever the estimate's error"
)
ONE_TRAJECTORY = (
    "no confidence interval and no sigma: one trajectory (--n 1) gives one elementary effect "
    "per input, and every bootstrap resample is that trajectory"
)


def _one_base_sample(row: dict[str, Any], sampler: str, n: int) -> dict[str, Any]:
    """``row`` without intervals when the design has one base sample (``saltelli``) or one
    trajectory (``morris``): SALib resamples the ``n`` base rows or trajectories with
    replacement, so with ``n = 1`` every resample is the sample itself and each interval's
    half-width came out 0, read as an exact index (S1 2.0 +- 0 from four experiments); Morris's
    sigma, the spread of one effect, is undefined too."""
    if n != 1 or sampler not in ("saltelli", "morris"):
        return row
    if sampler == "saltelli":
        return {**row, "S1_conf": math.nan, "ST_conf": math.nan, "note": ONE_BASE_SAMPLE}
    return {**row, "mu_star_conf": math.nan, "sigma": math.nan, "note": ONE_TRAJECTORY}


def sobol_seed(seed: int) -> int:
    """The seed given to ``SALib.analyze.sobol``: ``seed`` itself, except 0, which SALib 1.6
    reads as no seed at all (``if seed:``), drawing its bootstrap resamples from NumPy's global
    state, so the intervals changed from one call to the next (0.84 and 0.81 for one S1 of the
    same run). 0 becomes a fixed nonzero seed drawn from ``SeedSequence(0)``.

    >>> sobol_seed(7), sobol_seed(0)
    (7, 2968811710)
    """
    if seed:
        return int(seed)
    return int(np.random.SeedSequence(0).generate_state(1)[0]) or 1


def _method(sampler: str) -> str:
    return {"saltelli": "sobol", "morris": "morris"}.get(sampler, "rbd-fast")


def _empty(case: str, outcome: str, sampler: str, params: Any, note: str) -> list[dict[str, Any]]:
    return [
        {
            "case": case,
            "outcome": outcome,
            "method": _method(sampler),
            "input": p.name,
            "note": note,
        }
        for p in params
    ]


#: Fewest samples per case RBD-FAST is computed from: its bootstrap draws half of them and
#: needs more than twice the one harmonic there.
RBD_MIN_N = 6


def _analyse(
    sampler: str,
    problem: dict[str, Any],
    params: Any,
    unit: np.ndarray | None,
    y: np.ndarray,
    man: dict[str, Any],
    num_resamples: int,
    conf_level: float,
    seed: int,
    case: str,
    outcome: str,
) -> list[dict[str, Any]]:
    base = {"case": case, "outcome": outcome, "method": _method(sampler), "note": ""}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if sampler == "saltelli":
            from SALib.analyze import sobol

            res = sobol.analyze(
                problem,
                y,
                calc_second_order=bool(man["options"].get("second_order")),
                num_resamples=num_resamples,
                conf_level=conf_level,
                seed=sobol_seed(seed),
            )
            return _rows(base, params, res, ("S1", "S1_conf", "ST", "ST_conf"))
        assert unit is not None
        if sampler == "morris":
            from SALib.analyze import morris

            levels = int(man["options"].get("levels") or MORRIS_LEVELS)
            x = (unit * levels - 0.5) / (levels - 1)  # back to Morris's grid in [0, 1]
            res = morris.analyze(
                problem,
                x,
                y,
                num_resamples=num_resamples,
                conf_level=conf_level,
                num_levels=levels,
                seed=seed,
            )
            return _rows(base, params, res, ("mu_star", "mu_star_conf", "sigma"))
        from SALib.analyze import rbd_fast

        # harmonics: at most 10, and fewer than a quarter of the samples and of the bootstrap's
        # half-samples (SALib's bias correction divides by 1 - 2M/n: n = 9 divided by zero)
        m = max(1, min(10, (len(y) - 1) // 4, (len(y) // 2 - 1) // 2))
        res = rbd_fast.analyze(
            problem, unit, y, M=m, num_resamples=num_resamples, conf_level=conf_level, seed=seed
        )
        return _rows(base, params, res, ("S1", "S1_conf"))


def _rows(
    base: dict[str, Any], params: Any, res: Any, keys: tuple[str, ...]
) -> list[dict[str, Any]]:
    """One row per input: ``base``, the input's name and its indices ``keys`` from SALib's
    result ``res``."""
    return [
        {**base, "input": p.name, **{k: _f(res[k][j]) for k in keys}} for j, p in enumerate(params)
    ]


def _f(x: Any) -> float:
    v = float(x)
    return v if math.isfinite(v) else math.nan
