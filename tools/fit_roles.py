"""Fit the role thresholds on the training years and report every candidate's held-out score.

Reads the datasets with the :mod:`anpo.data` loaders (the package never reads the shared data;
this script does) or from a catalog (``--home``), runs :func:`anpo.relations.fit.fit_thresholds`
(training years: the 1950s, 1970s, 1990s and 2010s; held-out: the 1960s, 1980s and 2000s,
2001 excepted because the seed's 2001 picture constrains the fit) and prints the chosen values,
the F1 per target on both sets, the best candidates of each stage and the CINC-only baseline.
The chosen values are what ``src/anpo/relations/roles_default.toml`` marks "fitted".

Usage: ``python tools/fit_roles.py [--data ../shared/data | --home DIR] [--csv OUT.csv]
[--force]``
(``--csv`` writes every candidate with its training and held-out scores; an existing file is
refused unless ``--force`` is given).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# dup-ok: the scripts' path set-up (and imports) repeat in each tool: it must run before any
# import from tools/ or src/, so it cannot live in a shared module.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

import pandas as pd  # noqa: E402
from _output import add_force, refuse_existing  # noqa: E402

from anpo import data  # noqa: E402
from anpo.relations.fit import fit_thresholds  # noqa: E402
from anpo.relations.taxonomy import prepare_roles, roles_inputs  # noqa: E402
from anpo.relations.validate import load_codings  # noqa: E402

FILES = {
    "states": "cow/states2016.csv",
    "alliances": "peacesciencer/atop_alliance.csv.gz",
    "capabilities": "peacesciencer/cow_nmc.csv",
    "disputes": "peacesciencer/cow_mid_dirdisps.csv",
    "ideal_points": "unga/IdealpointsJuly2025.csv",
    "nuclear": "forces/fas_stockpiles_1945_2023_owid.csv",
}
RIVALRIES = ["peacesciencer/td_rivalries.csv", "peacesciencer/tss_rivalries.csv"]


def _inputs(args: argparse.Namespace) -> dict:
    if args.home:
        from anpo.data.catalog import Catalog

        return roles_inputs(Catalog.open(args.home))
    base = Path(args.data)
    out = {k: data.load(base / f) for k, f in FILES.items()}
    out["rivalries"] = [data.load(base / f) for f in RIVALRIES]
    return out


def main() -> None:
    default = os.environ.get("ANPO_TEST_DATA", str(ROOT.parent / "shared" / "data"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=default, help="shared data folder")
    ap.add_argument("--home", default=None, help="read the datasets from this catalog instead")
    ap.add_argument("--csv", default=None, help="write every candidate to this CSV file")
    add_force(ap)
    args = ap.parse_args()
    refuse_existing([args.csv], args.force)
    inputs = _inputs(args)
    prep = prepare_roles(**inputs)
    res = fit_thresholds(prep, range(1950, 2017), load_codings(), inputs["rivalries"] or [])
    pd.set_option("display.width", 200)
    pd.set_option("display.max_colwidth", 120)
    print("chosen on the training years:")
    for k, v in res.chosen.items():
        print(f"  {k} = {v}")
    print("\nF1 per target with the chosen values:")
    print(res.summary.round(3).to_string(index=False))
    for stage in ("rival", "rogue"):
        c = res.candidates[res.candidates["stage"] == stage]
        c = c[c["round"] == c["round"].max()].sort_values("train", ascending=False)
        print(f"\nbest {stage} candidates (last round; eligible = reproduces the seed's 2001):")
        print(c.head(10).round(3).to_string(index=False))
    print("\nCINC-only baseline (not eligible), best on the training years:")
    print(res.baseline.head(5).round(3).to_string(index=False))
    if args.csv:
        res.candidates.to_csv(args.csv, index=False)
        print(f"\nwrote {len(res.candidates)} candidates to {args.csv}")


if __name__ == "__main__":
    main()
