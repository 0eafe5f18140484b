"""Fitting the role thresholds on some years and reporting accuracy on the others.

The free thresholds of the classifier (:mod:`anpo.relations.taxonomy`) are chosen by a grid
search that sees only the *training* years (default: the 1950s, 1970s, 1990s and 2010s); the
score of every candidate on the *held-out* years (the 1960s, 1980s and 2000s) is reported beside
it but never used to choose. Alternate decades put both the Cold War and the years after it in
each set (a Cold War training set holds a single primary rival, the Soviet Union). Targets are the
independent codings of :mod:`anpo.relations.validate`: for the rival thresholds, the rivalry
list that is not an input (strategic rival) and the TSS principal flag (primary rival); for the
rogue thresholds, the State Department's state-sponsor designations.

Two stages, repeated once (a dispute half-life changes the threat score of the rival degree):

1. rival: the capability measures (more than CINC: ``milex``, ``nuclear`` and their
   combinations with ``cinc``, by ``max`` or ``mean``), ``min_capability_ratio``,
   ``min_degree``, ``primary_degree``;
   score = mean of the F1 of the two rival targets;
2. rogue: ``disputes.half_life``, ``rogue.min_hostile_evidence``,
   ``rogue.min_idealpoint_percentile``; score = F1 of the rogue target.

Only candidates that reproduce the seed's 2001 picture (``codings.toml``, ``[seed]``: the
project's founding requirement) are eligible; 2001 is therefore left out of the held-out scores.

CINC alone is evaluated too, as the baseline the issue asks to go beyond; it is not eligible.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from anpo.errors import InputError
from anpo.relations.taxonomy import (
    PreparedInputs,
    RoleThresholds,
    decide,
    pact_links,
    role_evidence,
    role_scores,
    with_overrides,
)
from anpo.relations.validate import (
    TRAIN_DECADES,
    US,
    Codings,
    is_training_year,
    principal_target,
    validation_targets,
)

__all__ = ["DEFAULT_GRID", "FitResult", "fit_thresholds", "score_thresholds"]

CAPABILITY_OPTIONS: list[tuple[tuple[str, ...], str]] = [
    (("milex",), "max"),
    (("nuclear",), "max"),
    *[
        (combo, how)
        for combo in (
            ("cinc", "milex"),
            ("cinc", "nuclear"),
            ("milex", "nuclear"),
            ("cinc", "milex", "nuclear"),
        )
        for how in ("max", "mean")
    ],
]

DEFAULT_GRID: dict[str, list[Any]] = {
    "rival.min_capability_ratio": [0.10, 0.15, 0.20, 0.25],
    "rival.min_degree": [0.30, 0.35, 0.40, 0.45, 0.50],
    "rival.primary_degree": [0.60, 0.65, 0.70, 0.75, 0.80, 0.85],
    "disputes.half_life": [2.0, 3.0, 4.0, 6.0, 8.0],
    "rogue.min_hostile_evidence": [0.25, 0.5, 0.75, 1.0, 1.5],
    "rogue.min_idealpoint_percentile": [0.70, 0.75, 0.80, 0.85, 0.90],
}


@dataclass
class FitResult:
    """The chosen thresholds and every candidate's scores.

    chosen: dotted threshold keys -> the values chosen on the training years.
    thresholds: the defaults with ``chosen`` applied.
    candidates: one row per candidate and stage: the values, ``train`` and ``held_out``
        scores (the held-out score is reported, never used to choose).
    baseline: the CINC-only rival degree, scored the same way (not eligible).
    summary: per target, F1 on the training and held-out years with the chosen thresholds.
    """

    chosen: dict[str, Any]
    thresholds: RoleThresholds
    candidates: pd.DataFrame
    baseline: pd.DataFrame
    summary: pd.DataFrame
    train: tuple[int, ...]


def _f1(pred: np.ndarray, coded: np.ndarray) -> float:
    tp = int((pred & coded).sum())
    fp = int((pred & ~coded).sum())
    fn = int((~pred & coded).sum())
    return float("nan") if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)


class _Scorer:
    """Evidence for every year (per dispute half-life) and the target flags, computed once."""

    def __init__(
        self,
        prep: PreparedInputs,
        years: Sequence[int],
        codings: Codings,
        rivalries: Sequence[pd.DataFrame],
        train: tuple[int, ...],
    ) -> None:
        from anpo.relations.taxonomy import rivalry_list_name

        self.prep = prep
        self.years = [int(y) for y in years]
        self.train = train
        self._evidence: dict[float, pd.DataFrame] = {}
        self._links: dict[float, tuple[np.ndarray, np.ndarray]] = {}
        inputs = {n for n, _, _ in prep.rivalry_inputs}
        named = [(rivalry_list_name(r), r) for r in rivalries]
        independent = [(n, r) for n, r in named if n not in inputs]
        targets, _ = validation_targets(codings, self.years, independent[:1], US)
        tss = [r for n, r in named if n == "tss"]
        if tss:
            targets.append(principal_target(tss[0], self.years, US))
        self.targets = targets
        base = self.evidence(prep.th.disputes.half_life)
        self.keys = base[["ccode", "year"]].reset_index(drop=True)
        yr = self.keys["year"].to_numpy()
        self.is_train = np.array([is_training_year(y, train) for y in yr], dtype=bool)
        # the seed's year constrains the fit: neither a training nor a held-out year
        self.seed_year = codings.seed_year
        self.seed = codings.seed_roles()
        self.is_seed = yr == (self.seed_year if self.seed_year is not None else -1)
        self.flags: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for t in targets:
            coded = np.array(
                [c in t.coded.get(y, {}) for c, y in zip(self.keys["ccode"], yr, strict=True)]
            )
            inside = (yr >= t.years[0]) & (yr <= t.years[1])
            self.flags[t.role] = (coded, inside)

    def evidence(self, half_life: float) -> pd.DataFrame:
        if half_life not in self._evidence:
            th = with_overrides(self.prep.th, **{"disputes.half_life": half_life})
            prep = dataclasses.replace(self.prep, th=th)
            frames = [role_evidence(prep, y) for y in self.years]
            ev = pd.concat(frames, ignore_index=True)
            self._evidence[half_life] = ev[ev["ccode"] != th.focal].reset_index(drop=True)
            self._links[half_life] = pact_links(self._evidence[half_life])
        return self._evidence[half_life]

    def score(self, th: RoleThresholds) -> dict[str, tuple[float, float]]:
        """Per target role: (F1 on training years, F1 on held-out years)."""
        ev = role_scores(self.evidence(th.disputes.half_life), th)
        d = decide(ev, th, self._links[th.disputes.half_life])
        out = {}
        for t in self.targets:
            coded, inside = self.flags[t.role]
            if t.role == "primary rival":
                pred = (d["role"] == "strategic rival").to_numpy() & (
                    d["intensity"] == "primary"
                ).to_numpy()
            else:
                pred = (d["role"] == t.role).to_numpy()
            tr = inside & self.is_train
            te = inside & ~self.is_train & ~self.is_seed
            out[t.role] = (_f1(pred[tr], coded[tr]), _f1(pred[te], coded[te]))
        return out

    def seed_ok(self, th: RoleThresholds) -> bool:
        """True when the thresholds reproduce the seed's picture (all its states and roles)."""
        if not self.seed or self.seed_year is None:
            return True
        ev = self.evidence(th.disputes.half_life)
        ev = ev[ev["year"] == self.seed_year]
        d = decide(role_scores(ev, th), th)
        got = dict(zip(ev["ccode"], zip(d["role"], d["intensity"], strict=True), strict=True))
        for code, (role, intensity) in self.seed.items():
            g = got.get(code)
            if g is None or g[0] != role or (intensity and g[1] != intensity):
                return False
        return True


def _mean(values: list[float]) -> float:
    vals = [v for v in values if not np.isnan(v)]
    return float(np.mean(vals)) if vals else float("nan")


def _rivalry_lists(prep: object, rivalries: object) -> list[pd.DataFrame]:
    """The entry checks of the fit: ``prep`` is the inputs of ``prepare_roles``, ``rivalries`` a
    rivalry list or a list of them (None entries left out), else an InputError naming it."""
    from anpo.relations.taxonomy import check_rivalry_lists

    if not isinstance(prep, PreparedInputs):
        raise InputError(
            f"must be the inputs of prepare_roles (PreparedInputs), got {type(prep).__name__}",
            field="prep",
        )
    check_rivalry_lists(rivalries)
    if isinstance(rivalries, pd.DataFrame):
        return [rivalries]
    return [r for r in rivalries or () if r is not None]  # type: ignore[attr-defined]


def score_thresholds(
    prep: PreparedInputs,
    years: Sequence[int],
    codings: Codings,
    rivalries: Sequence[pd.DataFrame],
    thresholds: RoleThresholds | None = None,
    train: tuple[int, ...] = TRAIN_DECADES,
) -> pd.DataFrame:
    """F1 per target on the training and held-out years for one set of thresholds (part of
    anpo's own calibration of the thresholds).

    Raises :class:`~anpo.errors.InputError` naming ``prep`` when it is not the inputs of
    :func:`~anpo.relations.taxonomy.prepare_roles`, ``rivalries`` when they are not rivalry
    lists (:func:`~anpo.relations.taxonomy.check_rivalry_lists`; an AttributeError before)."""
    rivalries = _rivalry_lists(prep, rivalries)
    sc = _Scorer(prep, years, codings, rivalries, train)
    res = sc.score(thresholds or prep.th)
    return pd.DataFrame(
        [{"role": k, "train_f1": v[0], "held_out_f1": v[1]} for k, v in res.items()]
    )


def fit_thresholds(
    prep: PreparedInputs,
    years: Sequence[int],
    codings: Codings,
    rivalries: Sequence[pd.DataFrame],
    train: tuple[int, ...] = TRAIN_DECADES,
    grid: dict[str, list[Any]] | None = None,
    capability_options: list[tuple[tuple[str, ...], str]] | None = None,
    rounds: int = 2,
) -> FitResult:
    """Choose the thresholds on the years of the ``train`` decades (see the module docstring;
    anpo's own calibration).

    Ties are broken by the order of the grid (the first candidate wins), so the result is
    deterministic. ``prep`` must have the U.S. as the focal state (the codings are U.S. lists).

    Raises :class:`~anpo.errors.InputError` naming ``prep`` when it is not the inputs of
    :func:`~anpo.relations.taxonomy.prepare_roles` or its focal state is not the U.S.,
    ``rivalries`` when they are not rivalry lists (an AttributeError before).
    """
    rivalries = _rivalry_lists(prep, rivalries)
    if prep.th.focal != US:
        raise InputError("fit the thresholds with the U.S. (2) as the focal state", field="focal")
    grid = {**DEFAULT_GRID, **(grid or {})}
    caps = capability_options or CAPABILITY_OPTIONS
    sc = _Scorer(prep, years, codings, rivalries, train)
    th = prep.th
    rows: list[dict[str, Any]] = []
    rival_roles = [r for r in ("strategic rival", "primary rival") if r in sc.flags]

    def stage(
        name: str,
        roles: Sequence[str],
        th: RoleThresholds,
        rnd: int,
        candidates: Iterable[tuple[dict[str, Any], str]],
    ) -> RoleThresholds:
        """The best candidate on the training years among those that reproduce the seed
        (``candidates``: overrides of ``th`` and their description); every one is a row."""
        best = None
        for overrides, values in candidates:
            cand = with_overrides(th, **overrides)
            ok = sc.seed_ok(cand)
            res = sc.score(cand)
            tr = _mean([res[r][0] for r in roles])
            te = _mean([res[r][1] for r in roles])
            rows.append(
                {
                    "round": rnd,
                    "stage": name,
                    "values": values,
                    "seed_2001": ok,
                    "train": tr,
                    "held_out": te,
                }
            )
            if ok and (best is None or tr > best[0]):
                best = (tr, cand)
        if best is None:
            raise InputError(
                "no candidate of the grid reproduces the seed's picture; widen the grid",
                field="grid",
            )
        return best[1]

    def rival_candidates() -> Iterator[tuple[dict[str, Any], str]]:
        for (cap, how), mc, md, pd_ in itertools.product(
            caps,
            grid["rival.min_capability_ratio"],
            grid["rival.min_degree"],
            grid["rival.primary_degree"],
        ):
            if pd_ < md:
                continue
            overrides = {
                "rival.capability": list(cap),
                "rival.capability_combine": how,
                "rival.min_capability_ratio": mc,
                "rival.min_degree": md,
                "rival.primary_degree": pd_,
            }
            yield (
                overrides,
                f"capability={'+'.join(cap)} ({how}), min_capability_ratio={mc:g}, "
                f"min_degree={md:g}, primary_degree={pd_:g}",
            )

    def rogue_candidates() -> Iterator[tuple[dict[str, Any], str]]:
        for hl, he, pc in itertools.product(
            grid["disputes.half_life"],
            grid["rogue.min_hostile_evidence"],
            grid["rogue.min_idealpoint_percentile"],
        ):
            overrides = {
                "disputes.half_life": hl,
                "rogue.min_hostile_evidence": he,
                "rogue.min_idealpoint_percentile": pc,
            }
            yield (
                overrides,
                f"half_life={hl:g}, min_hostile_evidence={he:g}, min_idealpoint_percentile={pc:g}",
            )

    for rnd in range(1, rounds + 1):
        th = stage("rival", rival_roles, th, rnd, rival_candidates())
        th = stage("rogue", ["rogue state"], th, rnd, rogue_candidates())
    keys = [
        "rival.capability",
        "rival.capability_combine",
        "rival.min_capability_ratio",
        "rival.min_degree",
        "rival.primary_degree",
        "disputes.half_life",
        "rogue.min_hostile_evidence",
        "rogue.min_idealpoint_percentile",
    ]
    dump = th.model_dump()

    def get(key: str) -> Any:
        node: Any = dump
        for part in key.split("."):
            node = node[part]
        return node

    chosen = {k: get(k) for k in keys}
    # the CINC-only baseline, with the other chosen values
    base_rows = []
    for mc, md, pd_ in itertools.product(
        grid["rival.min_capability_ratio"], grid["rival.min_degree"], grid["rival.primary_degree"]
    ):
        if pd_ < md:
            continue
        cand = with_overrides(
            th,
            **{
                "rival.capability": ["cinc"],
                "rival.capability_combine": "max",
                "rival.min_capability_ratio": mc,
                "rival.min_degree": md,
                "rival.primary_degree": pd_,
            },
        )
        res = sc.score(cand)
        base_rows.append(
            {
                "values": f"capability=cinc, min_capability_ratio={mc:g}, min_degree={md:g}, "
                f"primary_degree={pd_:g}",
                "seed_2001": sc.seed_ok(cand),
                "train": _mean([res[r][0] for r in rival_roles]),
                "held_out": _mean([res[r][1] for r in rival_roles]),
            }
        )
    baseline = pd.DataFrame(base_rows).sort_values("train", ascending=False, kind="stable")
    final = sc.score(th)
    summary = pd.DataFrame(
        [{"role": k, "train_f1": v[0], "held_out_f1": v[1]} for k, v in final.items()]
    )
    return FitResult(
        chosen=chosen,
        thresholds=th,
        candidates=pd.DataFrame(rows),
        baseline=baseline.reset_index(drop=True),
        summary=summary,
        train=train,
    )
