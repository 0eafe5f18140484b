"""Benchmark: the roles of every state relative to the U.S., every year 1950-2016, and the
scoring of one threshold candidate (the inner loop of ``tools/fit_roles.py``).

anpo's path: :func:`anpo.relations.taxonomy.prepare_roles` indexes the datasets once (CINC of
every state-year, the dispute rows with the focal and their bloc shares, the UN distance
percentiles of every year), then :func:`roles_panel` computes each year's evidence from those
indexes; a candidate's roles come from the vectorised :func:`decide` over the whole panel.

Baselines, measured in the same run: (1) one :func:`roles` call per year, each indexing the
datasets again (how a panel was built before ``prepare_roles``); (2) the decision taken row by
row in Python (a loop of ``if`` over the 10,000 state-years) instead of the vectorised
``decide``. The row-by-row roles are compared with the vectorised ones.

    python benchmarks/relations_roles.py [--data ../shared/data] [--years 1950-2016]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd

import anpo.data as data
from anpo.relations.build import parse_years
from anpo.relations.taxonomy import (
    RoleThresholds,
    decide,
    prepare_roles,
    role_evidence,
    role_scores,
    roles,
    roles_panel,
)


def _inputs(base: Path) -> dict:
    return {
        "states": data.read_cow_states(base / "cow/states2016.csv"),
        "alliances": data.read_atop_dyad(base / "peacesciencer/atop_alliance.csv.gz"),
        "capabilities": data.read_nmc(base / "peacesciencer/cow_nmc.csv"),
        "rivalries": [
            data.read_td_rivalries(base / "peacesciencer/td_rivalries.csv"),
            data.read_tss_rivalries(base / "peacesciencer/tss_rivalries.csv"),
        ],
        "disputes": data.read_mid_dyadic(base / "peacesciencer/cow_mid_dirdisps.csv"),
        "ideal_points": data.read_unga_idealpoints(base / "unga/IdealpointsJuly2025.csv"),
        "nuclear": data.read_nuclear_stockpiles(base / "forces/fas_stockpiles_1945_2023_owid.csv"),
    }


def _decide_rowwise(ev: pd.DataFrame, th: RoleThresholds) -> list[str]:
    """The baseline: the same first-match rules, one row at a time (roles only), in two passes:
    the rows the rules before the rogue rule make strategic rivals first (a state without a UN
    seat is a rogue state only when its hostility is corroborated, e.g. by a pact with one of
    them), then every row's role."""
    r, g = th.rival, th.rogue

    def val(x: object) -> float:
        return float("nan") if x is None or x is pd.NA else float(x)  # type: ignore[arg-type]

    rows = []
    for rec in ev.itertuples(index=False):
        comp, deg, pct = val(rec.comp_competitor), val(rec.degree), val(rec.idealpoint_percentile)
        pair = val(rec.idealpoint_pair_percentile)
        ongoing = val(rec.rivalry_ongoing) == 1
        hostile = val(rec.hostile_evidence) >= g.min_hostile_evidence
        contest = comp >= r.min_capability_ratio
        pact = val(rec.defense_pact) == 1
        at_war = val(rec.at_war) == 1 and th.war.override
        # an unknown preference (no UN seat) neither keeps disputes from contradicting a pact
        # nor confirms that they do
        apart = pct >= th.ally.nominal_dispute_percentile
        nominal = pact and (
            pair >= th.ally.nominal_idealpoint_percentile or (hostile and apart) or ongoing
        )
        latent = deg >= r.min_degree and (
            val(rec.years_since_rivalry) <= th.disputes.lookback
            or val(rec.threat_weight) >= th.rogue.min_hostile_evidence
        )
        rival = (at_war and contest) or (
            not at_war and not (pact and not nominal) and contest and (ongoing or latent)
        )
        rows.append((rec, comp, pct, ongoing, hostile, contest, pact, at_war, nominal, rival))
    rivals = {(int(x[0].year), int(x[0].ccode)) for x in rows if x[9]}
    out = []
    for rec, comp, pct, ongoing, hostile, contest, pact, at_war, nominal, rival in rows:
        last_war = val(getattr(rec, "last_war_year", None))
        partners = getattr(rec, "pact_partners", ()) or ()
        corroborated = (
            ongoing
            or not np.isnan(last_war)
            or val(rec.at_war) == 1
            or any((int(rec.year), int(c)) in rivals for c in partners)
        )
        votes_far = pct >= g.min_idealpoint_percentile or (np.isnan(pct) and corroborated)
        rogue = comp < g.max_capability_ratio and (hostile or (g.rivalry_counts and ongoing))
        if at_war:
            out.append("strategic rival" if contest else "rogue state")
        elif pact and not nominal:
            out.append("ally")
        elif rival:
            out.append("strategic rival")
        elif rogue and votes_far:
            out.append("rogue state")
        elif pact:
            out.append("ally")
        else:
            out.append("other")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    default = os.environ.get(
        "ANPO_TEST_DATA", str(Path(__file__).resolve().parents[2] / "shared" / "data")
    )
    ap.add_argument("--data", default=default)
    ap.add_argument("--years", default="1950-2016")
    args = ap.parse_args()
    years = parse_years(args.years) or []
    inputs = _inputs(Path(args.data))

    t0 = time.perf_counter()
    prep = prepare_roles(**inputs)
    panel = roles_panel(years, prepared=prep)
    t_anpo = time.perf_counter() - t0

    t0 = time.perf_counter()
    base = pd.concat([roles(y, **inputs) for y in years], ignore_index=True)
    t_base = time.perf_counter() - t0
    same = (panel["role"].to_numpy() == base["role"].to_numpy()).all()
    print(
        f"roles {years[0]}-{years[-1]} ({len(panel):,} state-years): anpo {t_anpo:.2f} s, "
        f"one roles() call per year {t_base:.2f} s, ratio {t_base / t_anpo:.1f}x; "
        f"same roles: {bool(same)}"
    )

    th = prep.th
    ev = pd.concat([role_evidence(prep, y) for y in years], ignore_index=True)
    ev = role_scores(ev[ev["ccode"] != th.focal].reset_index(drop=True), th)
    reps = 20
    t0 = time.perf_counter()
    for _ in range(reps):
        vec = decide(ev, th)["role"].to_numpy()
    t_vec = (time.perf_counter() - t0) / reps
    t0 = time.perf_counter()
    row = np.array(_decide_rowwise(ev, th))
    t_row = time.perf_counter() - t0
    print(
        f"one threshold candidate over {len(ev):,} state-years: vectorised decide "
        f"{t_vec * 1e3:.1f} ms, row by row {t_row * 1e3:.1f} ms, ratio {t_row / t_vec:.1f}x; "
        f"same roles: {bool((vec == row).all())}"
    )


if __name__ == "__main__":
    main()
