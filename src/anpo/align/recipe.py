"""Propensities and sizes from data: a documented, weighted recipe (``anpo-align-recipe/1``).

[axelrod1993, pp. 220-222] built the 1936 European propensities by adding simple
factors (ethnic conflict, religion, border disputes, type of government, history of wars), each
scored for every pair, and used COW capability shares as sizes. This recipe does the same with
modern dyadic data; each factor is a pure function of a dyad-year table built with
:mod:`anpo.relations` (no loader lives here), and every factor's contribution to every pair is kept
in a tidy table (``a, b, factor, raw, as_of, weight, contribution, note``) so that the propensity
of a pair is exactly the sum of its rows.

Factors (default weights in :class:`RecipeWeights`; a contribution is ``weight x score``):

``alliance`` (score 1 for a defense pact, ``other_alliance / defense`` for any other ATOP
    obligation - offense, neutrality, non-aggression, consultation - else 0)
    ATOP v5 dyad-years [leeds2002]. Allies want
    to be together. Caveat: alliances are themselves alignments, so this factor partly encodes
    what the landscape predicts (the same caution as Axelrod & Bennett's remark that their
    factors must be prior to the alignment they explain).
``rivalry`` (score 1 while the pair is a strategic rivalry)
    [thompson2022] update of [thompson2012], *Handbook of
    International Rivalries*: rivals regard each other as competitors, a source of threat and
    enemies.
``disputes`` (score = share of the ``dispute_window`` latest observed years up to the year with
    an ongoing militarized dispute between the two)
    MID 5.0 [palmer2022]; Axelrod & Bennett's "history of wars"/"border disputes".
``un`` (score = ``clip(1 - d / median_d, -1, 1)``, ``d`` the absolute distance of the two UNGA
    ideal points, ``median_d`` the median distance over all pairs of UN members that year)
    [bailey2017]. Closer than the
    median pair counts as affinity. Missing (0, flagged) when either state has no estimate (e.g.
    Taiwan, not a UN member since 1971).
``regime`` (score = ``1 - 2 |v_i - v_j|`` with ``v`` the V-Dem electoral-democracy index
    ``v2x_polyarchy`` in [0, 1]) Coppedge et al., V-Dem; Axelrod & Bennett's "type of government";
    the democratic-peace literature [maoz1993].
``contiguity`` (score 1 for direct contiguity by land or up to 400 miles of water, COW types
    1-5) COW Direct Contiguity v3.2 [stinnett2002]; neighbours have more occasions for
    friction [bremer1992].

Sizes: CINC recomputed from the NMC components ([singer1972]; via
:func:`anpo.relations.add_capabilities`), the measure Axelrod & Bennett used.

Coverage: when a dataset ends before the requested year, its last observed year is used
(``as_of`` < year, said in ``note``); when it has no value the contribution is 0 and ``note`` is
``missing``. Nothing is silently filled.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from anpo.errors import AlignError

RECIPE_ID = "anpo-align-recipe/1"

#: The Asia-Pacific states of the seed (U.S., Japan, China, Russia, the two Koreas, Australia,
#: Taiwan, Southeast Asia) plus New Zealand and India (ARF members), by COW state code.
ASIA_PACIFIC = (
    2,
    740,
    710,
    365,
    732,
    731,
    900,
    920,
    713,
    750,
    840,
    850,
    800,
    816,
    820,
    830,
    775,
    811,
    812,
    835,
)

FACTORS = ("alliance", "rivalry", "disputes", "un", "regime", "contiguity")


@dataclass(frozen=True)
class RecipeWeights:
    """Weights of the recipe's factors (positive = affinity). Defaults are fixed a priori:
    hard security ties (a defense pact, a strategic rivalry) +-3, recent militarized disputes up
    to -2, foreign-policy preferences (UN voting) +-2, regime similarity +-1, contiguity -0.5;
    other alliance obligations +1."""

    defense: float = 3.0
    other_alliance: float = 1.0
    rivalry: float = -3.0
    disputes: float = -2.0
    dispute_window: int = 10
    un: float = 2.0
    regime: float = 1.0
    contiguity: float = -0.5

    def __post_init__(self) -> None:
        for k, v in asdict(self).items():
            if not math.isfinite(float(v)):
                raise AlignError(f"recipe weight {k} must be finite", field=k)
        if self.dispute_window < 1:
            raise AlignError("dispute_window must be >= 1", field="dispute_window")


def _as_of(coverage: tuple[int, int] | None, year: int) -> int | None:
    if coverage is None:
        return year
    lo, hi = coverage
    if year < lo:
        return None
    return min(year, hi)


def _coverage(frame: pd.DataFrame, cols: Sequence[str] = ("year",)) -> tuple[int, int]:
    cov = frame.attrs.get("coverage")
    if cov:
        return int(cov[0]), int(cov[1])
    return int(min(frame[c].min() for c in cols)), int(max(frame[c].max() for c in cols))


def pair_frame(codes: Sequence[int], years: Sequence[int]) -> pd.DataFrame:
    """Undirected pairs ``ccode1 < ccode2`` of ``codes`` for every year in ``years``."""
    c = sorted({int(x) for x in codes})
    rows = [(a, b, y) for y in years for i, a in enumerate(c) for b in c[i + 1 :]]
    return pd.DataFrame(rows, columns=["ccode1", "ccode2", "year"]).astype("int64")


def _rows(
    pairs: pd.DataFrame,
    factor: str,
    raw: np.ndarray,
    score: np.ndarray,
    weight: float | np.ndarray,
    as_of: int | None,
    year: int,
    missing: np.ndarray,
) -> pd.DataFrame:
    note = np.where(missing, "missing", "")
    if as_of is not None and as_of != year:
        note = np.where(missing, "missing", f"carried forward from {as_of}")
    contribution = np.where(missing, 0.0, weight * np.nan_to_num(score))
    return pd.DataFrame(
        {
            "ccode1": pairs["ccode1"].to_numpy(),
            "ccode2": pairs["ccode2"].to_numpy(),
            "factor": factor,
            "raw": raw.astype("float64"),
            "as_of": as_of if as_of is not None else pd.NA,
            "weight": np.broadcast_to(np.asarray(weight, dtype="float64"), (len(pairs),)),
            "contribution": contribution.astype("float64"),
            "note": note,
        }
    )


def alliance_factor(
    pairs: pd.DataFrame, atop: pd.DataFrame, year: int, w: RecipeWeights
) -> pd.DataFrame:
    """Alliance contribution per pair from ATOP dyad-years [leeds2002]; raw = 2 defense,
    1 other obligation, 0 none."""
    from anpo.relations import add_alliances

    as_of = _as_of(_coverage(atop), year)
    f = add_alliances(pairs.assign(year=as_of if as_of is not None else year), atop)
    defense = f["atop_defense"].to_numpy(dtype="float64", na_value=np.nan)
    others = np.vstack(
        [
            f[c].to_numpy(dtype="float64", na_value=np.nan)
            for c in ("atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")
        ]
    )
    other = (np.nan_to_num(others) == 1).any(axis=0)
    missing = np.isnan(defense) | (as_of is None)
    raw = np.where(defense == 1, 2.0, np.where(other, 1.0, 0.0))
    weight = np.where(raw == 2, w.defense, w.other_alliance)
    return _rows(pairs, "alliance", raw, (raw > 0).astype("float64"), weight, as_of, year, missing)


def rivalry_factor(
    pairs: pd.DataFrame, rivalries: pd.DataFrame, year: int, w: RecipeWeights
) -> pd.DataFrame:
    """Strategic-rivalry contribution ([thompson2022] / [thompson2012])."""
    from anpo.relations import add_rivalries

    as_of = _as_of(_coverage(rivalries, ("styear", "endyear")), year)
    f = add_rivalries(pairs.assign(year=as_of if as_of is not None else year), rivalries, name="r")
    raw = f["r_rivalry"].to_numpy(dtype="float64", na_value=np.nan)
    missing = np.isnan(raw) | (as_of is None)
    return _rows(pairs, "rivalry", np.nan_to_num(raw), raw, w.rivalry, as_of, year, missing)


def disputes_factor(
    pairs: pd.DataFrame, mid: pd.DataFrame, year: int, w: RecipeWeights
) -> pd.DataFrame:
    """Share of the latest ``dispute_window`` observed years (up to ``year``) with an ongoing MID
    between the two (MID 5.0, [palmer2022]); raw = number of such years."""
    from anpo.relations import add_disputes

    cov = _coverage(mid)
    as_of = _as_of(cov, year)
    if as_of is None:
        nan = np.full(len(pairs), np.nan)
        return _rows(pairs, "disputes", nan, nan, w.disputes, None, year, np.ones(len(pairs), bool))
    first = max(cov[0], as_of - w.dispute_window + 1)
    years = list(range(first, as_of + 1))
    frame = pd.concat([pairs.assign(year=y) for y in years], ignore_index=True)
    f = add_disputes(frame, mid)
    ongoing = f["mid_ongoing"].to_numpy(dtype="float64", na_value=np.nan)
    key = f["ccode1"].to_numpy() * 1000 + f["ccode2"].to_numpy()
    agg = pd.DataFrame({"key": key, "on": ongoing}).groupby("key")["on"].sum()
    pk = pairs["ccode1"].to_numpy() * 1000 + pairs["ccode2"].to_numpy()
    count = agg.reindex(pk).to_numpy(dtype="float64")
    share = count / len(years)
    out = _rows(
        pairs, "disputes", count, share, w.disputes, as_of, year, np.zeros(len(pairs), bool)
    )
    out["note"] = [(n + "; " if n else "") + f"years {first}-{as_of}" for n in out["note"]]
    return out


def un_reference_distance(unga: pd.DataFrame, year: int, measure: str = "idealpointfp") -> float:
    """Median absolute ideal-point distance over all pairs of states with an estimate in
    ``year`` [bailey2017]."""
    v = unga.loc[unga["year"] == year, measure].dropna().to_numpy(dtype="float64")
    if v.size < 2:
        raise AlignError(f"no UNGA ideal points for {year}", field="year")
    d = np.abs(v[:, None] - v[None, :])[np.triu_indices(v.size, 1)]
    return float(np.median(d))


def un_factor(pairs: pd.DataFrame, unga: pd.DataFrame, year: int, w: RecipeWeights) -> pd.DataFrame:
    """UN-voting affinity ``clip(1 - d / median_d, -1, 1)`` [bailey2017];
    raw = the distance ``d``."""
    from anpo.relations import add_ideal_points

    as_of = _as_of(_coverage(unga), year)
    yr = as_of if as_of is not None else year
    f = add_ideal_points(pairs.assign(year=yr), unga)
    d = f["idealpoint_distance"].to_numpy(dtype="float64")
    ref = un_reference_distance(unga, yr) if as_of is not None else np.nan
    score = np.clip(1.0 - d / ref, -1.0, 1.0)
    out = _rows(pairs, "un", d, score, w.un, as_of, year, np.isnan(d) | (as_of is None))
    out["note"] = [(n + "; " if n else "") + f"median distance {ref:.3f}" for n in out["note"]]
    return out


def regime_factor(
    pairs: pd.DataFrame, democracy: pd.DataFrame, year: int, w: RecipeWeights
) -> pd.DataFrame:
    """Regime similarity ``1 - 2 |v_i - v_j|`` on V-Dem ``v2x_polyarchy`` (Coppedge et al.);
    raw = ``|v_i - v_j|``."""
    from anpo.relations import add_democracy

    as_of = _as_of(_coverage(democracy), year)
    f = add_democracy(
        pairs.assign(year=as_of if as_of is not None else year),
        democracy,
        measures=("v2x_polyarchy",),
    )
    diff = np.abs(
        f["v2x_polyarchy1"].to_numpy(dtype="float64")
        - f["v2x_polyarchy2"].to_numpy(dtype="float64")
    )
    return _rows(
        pairs,
        "regime",
        diff,
        1.0 - 2.0 * diff,
        w.regime,
        as_of,
        year,
        np.isnan(diff) | (as_of is None),
    )


def contiguity_factor(
    pairs: pd.DataFrame, contiguity: pd.DataFrame, year: int, w: RecipeWeights
) -> pd.DataFrame:
    """Direct contiguity (COW types 1-5; [stinnett2002]); raw = the COW type (0 = none)."""
    from anpo.relations import add_contiguity

    as_of = _as_of(_coverage(contiguity), year)
    f = add_contiguity(pairs.assign(year=as_of if as_of is not None else year), contiguity)
    t = f["conttype"].to_numpy(dtype="float64", na_value=np.nan)
    score = ((t >= 1) & (t <= 5)).astype("float64")
    return _rows(
        pairs, "contiguity", t, score, w.contiguity, as_of, year, np.isnan(t) | (as_of is None)
    )


_FACTOR_FUNCS = {
    "alliance": ("atop", alliance_factor),
    "rivalry": ("rivalries", rivalry_factor),
    "disputes": ("mid", disputes_factor),
    "un": ("unga", un_factor),
    "regime": ("democracy", regime_factor),
    "contiguity": ("contiguity", contiguity_factor),
}


def factor_table(
    datasets: Mapping[str, pd.DataFrame],
    codes: Sequence[int],
    year: int,
    weights: RecipeWeights | None = None,
) -> pd.DataFrame:
    """The tidy per-pair, per-factor table of the recipe (module docstring).

    ``datasets`` maps ``atop, rivalries, mid, unga, democracy, contiguity`` to the frames
    returned by the :mod:`anpo.data` loaders (ATOP dyad-years, TSS or TD rivalries, dyadic MIDs,
    UNGA ideal points, democracy scores, COW contiguity). Returns one row per unordered pair
    (``ccode1 < ccode2``) and factor.
    """
    w = weights or RecipeWeights()
    missing = [ds for ds, _ in _FACTOR_FUNCS.values() if ds not in datasets]
    if missing:
        raise AlignError(f"the recipe needs the datasets {missing}", field="datasets")
    if len(set(codes)) != len(codes):
        raise AlignError("duplicate state codes", field="codes")
    pairs = pair_frame(codes, [year])
    parts = [fn(pairs, datasets[ds], year, w) for ds, fn in _FACTOR_FUNCS.values()]
    out = pd.concat(parts, ignore_index=True)
    out.insert(2, "year", int(year))
    return out


def propensity_from_table(table: pd.DataFrame, codes: Sequence[int]) -> np.ndarray:
    """Symmetric propensity matrix (order of ``codes``): the sum of each pair's contributions."""
    idx = {int(c): i for i, c in enumerate(codes)}
    n = len(codes)
    p = np.zeros((n, n))
    sums = table.groupby(["ccode1", "ccode2"])["contribution"].sum()
    for (a, b), v in sums.items():
        i, j = idx[int(a)], idx[int(b)]
        p[i, j] = p[j, i] = float(v)
    return p


def sizes_from_nmc(nmc: pd.DataFrame, codes: Sequence[int], year: int) -> pd.DataFrame:
    """CINC of each state in ``year`` recomputed from NMC components [singer1972]; columns ``ccode, year, cinc, as_of``. Raises when a state has no CINC."""
    from anpo.relations import add_capabilities

    as_of = _as_of(_coverage(nmc), year)
    if as_of is None:
        raise AlignError(f"no capability data for {year}", field="year")
    frame = pd.DataFrame({"ccode": [int(c) for c in codes], "year": as_of})
    f = add_capabilities(frame, nmc)
    bad = f.loc[~(f["cinc"] > 0), "ccode"].tolist()
    if bad:
        raise AlignError(f"no positive CINC for states {bad} in {as_of}", field="codes")
    return f[["ccode", "year", "cinc"]].assign(as_of=as_of)


def wide_factors(table: pd.DataFrame) -> pd.DataFrame:
    """One row per pair with a column per factor's contribution and the total ``p``."""
    wide = table.pivot_table(
        index=["ccode1", "ccode2"], columns="factor", values="contribution", aggfunc="sum"
    ).reset_index()
    cols = [f for f in FACTORS if f in wide.columns]
    wide = wide[["ccode1", "ccode2", *cols]]
    wide["p"] = wide[cols].sum(axis=1)
    return wide


def build_instance(
    datasets: Mapping[str, pd.DataFrame],
    codes: Sequence[int],
    year: int,
    names: Mapping[int, str],
    ids: Mapping[int, str] | None = None,
    weights: RecipeWeights | None = None,
    title: str | None = None,
) -> Any:
    """An :class:`anpo.align.io.Instance` built by the recipe, with provenance.

    ``datasets`` as in :func:`factor_table` plus ``nmc`` (capabilities). Each pair carries its
    factor contributions; each size its source; ``provenance`` records the recipe id, the weights
    and each dataset's name and version (from the loaders' ``attrs["source"]``).
    """
    from anpo.align.io import Instance

    w = weights or RecipeWeights()
    if "nmc" not in datasets:
        raise AlignError("the recipe needs the nmc dataset for sizes", field="datasets")
    table = factor_table(datasets, codes, year, w)
    sizes = sizes_from_nmc(datasets["nmc"], codes, year)
    p = propensity_from_table(table, codes)
    ids = ids or {c: str(c) for c in codes}
    wide = wide_factors(table)
    pair_rows = []
    for rec in wide.to_dict("records"):
        a, b = int(rec["ccode1"]), int(rec["ccode2"])
        notes = table.loc[
            (table.ccode1 == a) & (table.ccode2 == b) & (table.note != ""), ["factor", "note"]
        ]
        row: dict[str, Any] = {"a": ids[a], "b": ids[b], "p": float(rec["p"])}
        for f in FACTORS:
            row[f] = float(rec[f])
        row["source"] = "; ".join(
            f"{f}: {n}"
            for f, n in notes.itertuples(index=False)
            if "median distance" not in n or n.startswith("missing")
        )
        pair_rows.append(row)
    pairs_df = pd.DataFrame(pair_rows)
    nmc_src = datasets["nmc"].attrs.get("source", {})
    size_note = (
        f"CINC {int(sizes['as_of'].iloc[0])} recomputed from "
        f"{nmc_src.get('dataset', 'COW NMC')} {nmc_src.get('version', '')}"
    ).strip()
    prov: dict[str, Any] = {"recipe": RECIPE_ID, "year": int(year)}
    prov["weights"] = {
        k: (int(v) if k == "dispute_window" else float(v)) for k, v in asdict(w).items()
    }
    for key in ("nmc", *[ds for ds, _ in _FACTOR_FUNCS.values()]):
        src = datasets[key].attrs.get("source", {})
        prov[f"dataset_{key}"] = f"{src.get('dataset', key)} {src.get('version', '')}".strip()
    ordered = [int(c) for c in codes]
    return Instance(
        names=[names[c] for c in ordered],
        sizes=sizes.set_index("ccode").loc[ordered, "cinc"].to_numpy(dtype="float64"),
        propensity=p,
        title=title or f"Recipe instance, {year}",
        coalitions=2,
        ids=[ids[c] for c in ordered],
        pairs=pairs_df,
        provenance=prov,
        size_sources=[size_note] * len(ordered),
    )


#: Recipe dataset key -> catalog kinds that can provide it (first available wins).
CATALOG_KINDS: dict[str, tuple[str, ...]] = {
    "nmc": ("nmc",),
    "atop": ("atop",),
    "rivalries": ("tss_rivalries", "td_rivalries"),
    "mid": ("mid_dyadic",),
    "contiguity": ("contiguity",),
    "unga": ("unga",),
    "democracy": ("democracy",),
}


def datasets_from(get: Any) -> dict[str, pd.DataFrame]:
    """The recipe's datasets from a getter ``kind -> DataFrame | None`` (e.g.
    :meth:`anpo.data.catalog.Catalog.read_or_none`). Raises :class:`anpo.errors.CatalogError`
    naming the ``anpo data add`` needed for a missing dataset."""
    from anpo.errors import CatalogError

    out: dict[str, pd.DataFrame] = {}
    for key, kinds in CATALOG_KINDS.items():
        frame = None
        for kind in kinds:
            frame = get(kind)
            if frame is not None:
                break
        if frame is None:
            raise CatalogError(
                f"the alignment recipe needs the {' or '.join(kinds)} dataset: run "
                "`anpo data add FILE` first"
            )
        out[key] = frame
    return out
