"""Benchmark: every similarity score for every ATOP dyad-year, 1815-2018.

anpo's path (``anpo.relations.similarity_dyad_years``): one alliance-portfolio matrix per year
(the COW system members of the year, valued scale 0-3), all eight
measures (S absolute/squared, weighted S absolute/squared, tau-b, kappa, pi, alignment index)
for all pairs at once from matrix products.

Baseline, measured in the same run: the straightforward pandas implementation: the year's
portfolio matrix from ``DataFrame.pivot``, then for each pair of states the scalar formulas
(numpy for S, kappa and the alignment index, pandas value counts for Scott's pi,
``scipy.stats.kendalltau`` for tau-b). It is
slow, so it runs on a sample of years and its time per pair is extrapolated to all pairs; the
sample's scores are compared with anpo's.

Target: all scores for every ATOP dyad-year under 60 s on the 2-core machine, >= 10x
the baseline.

About a minute and a half (the regional scope alone takes most of a minute); ``--quick`` skips
the regional scope and samples the baseline on 1816 only:

    python benchmarks/relations_similarity.py [--data ../shared/data] [--sample 1816,1914,2001]
    python benchmarks/relations_similarity.py --quick
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import kendalltau

import anpo.data as data
from anpo.relations import similarity_dyad_years
from anpo.relations.portfolios import alliance_values
from anpo.relations.similarity import DEFAULT_MEASURES as MEASURES


def scott_nominal(x: np.ndarray, y: np.ndarray) -> float:
    """Scott (1955): (p_o - p_e) / (1 - p_e), p_e from the pooled category shares."""
    pooled = pd.Series(np.concatenate([x, y])).value_counts(normalize=True)
    pe = float((pooled**2).sum())
    return (float((x == y).mean()) - pe) / (1 - pe) if pe < 1 else float("nan")


def baseline_year(
    atop: pd.DataFrame,
    members: np.ndarray,
    year: int,
    cinc: pd.Series,
    false: set[tuple[int, int]] | None = None,
) -> pd.DataFrame:
    # the portfolios span the system members of the year, as anpo's default (EUGene,
    # peacesciencer, Haege); ties with non-members are left out. The pairs in `false` (the
    # year's false dyads: members that never coexisted) are not scored, as anpo does not.
    codes = np.unique(members.astype(int))
    sub = atop[(atop["year"] == year) & atop["ccode1"].isin(codes) & atop["ccode2"].isin(codes)]
    sub = sub.assign(value=alliance_values(sub))
    mat = sub.pivot(index="ccode1", columns="ccode2", values="value")
    mat = mat.reindex(index=codes, columns=codes).fillna(0.0)
    for c in codes:
        mat.loc[c, c] = 3.0
    w = cinc.reindex(codes).fillna(0.0).to_numpy()
    rows = []
    values = mat.to_numpy()
    for i in range(len(codes)):
        for j in range(i + 1, len(codes)):
            if false and (int(codes[i]), int(codes[j])) in false:
                continue
            x, y = values[i], values[j]
            dmax = 3.0  # the valued scale's top, Signorino & Ritter's d_max
            d = np.abs(x - y)
            e = x[:, None] - y[None, :]
            rec = {
                "ccode1": codes[i],
                "ccode2": codes[j],
                "s_abs": 1 - 2 * d.mean() / dmax,
                "s_sq": 1 - 2 * (d**2).mean() / dmax**2,
                "s_wabs": 1 - 2 * (w * d).sum() / (w.sum() * dmax),
                "s_wsq": 1 - 2 * (w * d**2).sum() / (w.sum() * dmax**2),
                "tau_b": kendalltau(x, y).statistic,
                "kappa": 1 - (d**2).mean() / (e**2).mean(),
                "pi": scott_nominal(x, y),
                "alignment": 2 * (np.abs(e).mean() - d.mean()) / dmax,
            }
            rows.append(rec)
    return pd.DataFrame(rows).assign(year=year)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get(
        "ANPO_TEST_DATA", str(Path(__file__).resolve().parents[2] / "shared" / "data")
    )
    ap.add_argument("--data", default=default)
    ap.add_argument("--sample", default=None, help="baseline years (default 1816,1914,2001)")
    ap.add_argument(
        "--quick", action="store_true", help="no regional scope; baseline sample 1816 only"
    )
    args = ap.parse_args()
    if args.sample is None:
        args.sample = "1816" if args.quick else "1816,1914,2001"
    root = Path(args.data)
    states = data.read_cow_states(root / "cow/states2016.csv")
    nmc = data.read_nmc(root / "cow/NMC-60-abridged.csv")
    atop = data.read_atop_dyad(root / "peacesciencer/atop_alliance.csv.gz")

    t0 = time.perf_counter()
    ours = similarity_dyad_years(atop, states, nmc)
    t_ours = time.perf_counter() - t0
    years = sorted(ours["year"].unique())
    if args.quick:
        regional_note = "regional scope not timed (--quick)"
    else:
        t0 = time.perf_counter()
        regional = similarity_dyad_years(atop, states, nmc, scope="regional")
        t_regional = time.perf_counter() - t0
        regional_note = f"regional scope as well: {t_regional:.1f} s ({len(regional):,} dyad-years)"

    from anpo.relations import cinc, false_dyads, state_years

    nmc_c = nmc.assign(cinc=cinc(nmc).to_numpy())
    sy = state_years(states)
    sample = [int(y) for y in args.sample.split(",")]
    t0 = time.perf_counter()
    base = []
    for y in sample:
        members = sy.loc[sy["year"] == y, "ccode"].to_numpy()
        w = nmc_c[nmc_c["year"] == y].set_index("ccode")["cinc"]
        fd = false_dyads(states, years=y)
        false = set(zip(fd["ccode1"].tolist(), fd["ccode2"].tolist(), strict=True))
        base.append(baseline_year(atop, members, y, w, false))
    t_base_sample = time.perf_counter() - t0
    base_df = pd.concat(base, ignore_index=True)
    pairs_sample = len(base_df)
    per_pair = t_base_sample / pairs_sample
    t_base_all = per_pair * len(ours)

    check = ours[ours["year"].isin(sample)].merge(
        base_df, on=["ccode1", "ccode2", "year"], suffixes=("", "_base")
    )
    assert len(check) == pairs_sample
    worst = 0.0
    for m in MEASURES:
        a = check[m].to_numpy(float)
        b = check[f"{m}_base"].to_numpy(float)
        both = ~(np.isnan(a) | np.isnan(b))
        assert (np.isnan(a) == np.isnan(b)).all(), m
        worst = max(worst, float(np.abs(a[both] - b[both]).max()))
    print("anpo relations benchmark: similarity of alliance portfolios, every ATOP dyad-year")
    print(
        f"  years {years[0]}-{years[-1]}, {len(ours):,} dyad-years, {len(MEASURES)} measures "
        f"({', '.join(MEASURES)})"
    )
    print(
        f"  anpo: {t_ours:.1f} s   [target < 60 s: {'met' if t_ours < 60 else 'not met'}]; "
        f"{regional_note}"
    )
    print(
        f"  baseline on {len(sample)} sample years ({pairs_sample:,} pairs): "
        f"{t_base_sample:.1f} s = {per_pair * 1e6:.0f} us/pair; extrapolated to all "
        f"dyad-years: {t_base_all:.0f} s"
    )
    print(
        f"  ratio: {t_base_all / t_ours:.0f}x   "
        f"[target >= 10x: {'met' if t_base_all >= 10 * t_ours else 'not met'}]; "
        "largest difference on the "
        f"sample: {worst:.1e}"
    )


if __name__ == "__main__":
    main()
