"""Regenerate the built-in alignment instances ``src/anpo/align/book/asia_pacific_*.toml``.

The package never reads the shared data; this script does, with the :mod:`anpo.data` loaders,
and writes the instances built by :func:`anpo.align.recipe.build_instance` (the default recipe,
``anpo-align-recipe/2``): sizes = CINC, with each actor's military-expenditure share stored beside
it (``sizes = { cinc = ..., milex = ... }``) so that the report can say how the prediction changes
with the size measure; propensities = the sum of the recipe's factors, each pair with its factor
contributions and notes; the file's provenance names the recipe, the weights and every dataset's
version and SHA-256. GDP sizes are not stored: the shared data hold only an excerpt of the SIPRI
workbook, which may not be redistributed (``anpo align-build --sizes gdp`` computes them from a
user's own SIPRI workbook or GDP table).

Years: 2001 (the seed's year) and the latest year that the alliance, capability, rivalry,
UN-voting and democracy data all cover (MID and contiguity data are carried forward from their
last year, as the pair notes say).

Usage: ``python tools/align_book.py [--data ../shared/data] [--out src/anpo/align/book]
[--check] [--force]`` (``--check`` compares with the files in place and exits 1 on a
difference). Rewriting the tracked files in ``src/anpo/align/book`` is the script's job and needs
no ``--force``; into another ``--out`` folder, files of the same names that exist are refused
unless ``--force`` is given.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

from _output import add_force, refuse_existing  # noqa: E402

from anpo import data  # noqa: E402
from anpo.align import io, recipe  # noqa: E402

ASIA_PACIFIC = list(recipe.ASIA_PACIFIC)

# dup-ok: a data table (the shared data's file and catalog kind of each dataset), alike in
# the tests and tools that load these datasets, each with its own subset and keys.
FILES = {
    "cow_states": ("cow/states2016.csv", "cow_states"),
    "nmc": ("peacesciencer/cow_nmc.csv", "nmc"),
    "atop": ("peacesciencer/atop_alliance.csv.gz", "atop"),
    "rivalries": ("peacesciencer/tss_rivalries.csv", "tss_rivalries"),
    "mid": ("peacesciencer/cow_mid_dirdisps.csv", "mid_dyadic"),
    "contiguity": ("cow/contdird.csv", "contiguity"),
    "unga": ("unga/IdealpointsJuly2025.csv", "unga"),
    "democracy": ("democracy/cw_democracy.csv", "democracy"),
}


def load(folder: Path) -> dict:
    out = {}
    for key, (rel, kind) in FILES.items():
        out[key] = data.load(folder / rel, kind)
    return out


def latest_year(ds: dict) -> int:
    """Last year covered by every factor that is not carried forward."""
    ends = []
    for key in ("nmc", "atop", "rivalries", "unga", "democracy"):
        cov = ds[key].attrs.get("coverage")
        ends.append(int(cov[1]))
    return min(ends)


def build(folder: Path) -> dict[str, str]:
    ds = load(folder)
    states = ds.pop("cow_states").drop_duplicates("ccode").set_index("ccode")
    names = {int(c): str(states.loc[c, "statenme"]) for c in ASIA_PACIFIC}
    ids = {int(c): str(states.loc[c, "stateabb"]) for c in ASIA_PACIFIC}
    texts = {}
    for year in (2001, latest_year(ds)):
        inst = recipe.build_instance(
            ds,
            ASIA_PACIFIC,
            year,
            names,
            ids,
            title=f"Asia-Pacific alignment, {year} (recipe {recipe.RECIPE_ID})",
            recipe=recipe.RECIPE_ID,
            sizes="cinc",
            alternative_sizes=("milex",),
        )
        for key in ("nmc", "atop", "rivalries", "mid", "contiguity", "unga", "democracy"):
            sha = ds[key].attrs.get("source", {}).get("sha256", "")
            inst.provenance[f"sha256_{key}"] = sha
        inst.provenance["generated_by"] = "tools/align_book.py"
        texts[f"asia_pacific_{year}"] = io.to_toml(inst)
    return texts


#: The tracked folder of the built-in instances, which the script regenerates.
BOOK = ROOT / "src" / "anpo" / "align" / "book"


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    default = Path(os.environ.get("ANPO_TEST_DATA", ROOT.parent / "shared" / "data"))
    ap.add_argument("--data", type=Path, default=default)
    ap.add_argument("--out", type=Path, default=BOOK, help="folder (default: the tracked book)")
    ap.add_argument("--check", action="store_true", help="only compare; exit 1 on a difference")
    add_force(ap)
    args = ap.parse_args()
    texts = build(args.data)
    if not args.check and args.out.resolve() != BOOK.resolve():
        refuse_existing((args.out / f"{name}.toml" for name in texts), args.force)
    if not args.check:  # --check only reads
        args.out.mkdir(parents=True, exist_ok=True)
    differ = False
    for name, text in texts.items():
        target = args.out / f"{name}.toml"
        header = (
            "# Generated by tools/align_book.py from the datasets named in [provenance];"
            " do not edit by hand.\n"
        )
        text = header + text
        if args.check:
            same = target.exists() and target.read_text(encoding="utf-8") == text
            print(f"{target}: {'up to date' if same else 'DIFFERS'}")
            differ |= not same
        else:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target}")
    if differ:
        sys.exit(1)


if __name__ == "__main__":
    main()
