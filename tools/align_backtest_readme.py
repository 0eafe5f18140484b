"""Regenerate the README's alignment back-test tables from the computed results.

The package never reads the shared data; this script does, with the :mod:`anpo.data` loaders,
runs :func:`anpo.align.backtest.run` (every multi-state COW war, data of one and three years
before onset, leave-one-war-out fits, the peacetime back-test) on the versions the default was
chosen on (:data:`FILES`, which give :data:`anpo.align.recipe.DEFAULT_CHOSEN_ON`), again on the
shared data's other versions (:data:`VARIANTS`), and writes
:func:`anpo.align.report.backtest_markdown` between the README's markers
(``anpo.align.report.README_BEGIN`` / ``README_END``). tests/test_align_backtest.py checks that
the README holds exactly what this script writes.

Usage: ``python tools/align_backtest_readme.py [--data ../shared/data] [--readme README.md]
[--check]`` (``--check`` compares with the README and exits 1 on a difference). Takes about two
minutes per run on one core. Without ``--check`` it rewrites the block of the tracked README (or of
the ``--readme`` file, which must hold the markers) in place: regenerating it is the script's job,
so there is no ``--force``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from anpo import data  # noqa: E402
from anpo.align import backtest  # noqa: E402
from anpo.align.report import README_BEGIN, README_END, backtest_markdown  # noqa: E402

# dup-ok: a data table (the shared data's file of each catalog kind), alike in the other
# tools and tests that load these datasets, each with its own subset and keys.
#: Catalog kind -> file under the shared data folder.
FILES = {
    "cow_states": "cow/states2016.csv",
    "nmc": "peacesciencer/cow_nmc.csv",
    "atop": "peacesciencer/atop_alliance.csv.gz",
    "tss_rivalries": "peacesciencer/tss_rivalries.csv",
    "mid_dyadic": "peacesciencer/cow_mid_dirdisps.csv",
    "contiguity": "cow/contdird.csv",
    "unga": "unga/IdealpointsJuly2025.csv",
    "democracy": "democracy/cw_democracy.csv",
    "cow_war_inter": "peacesciencer/cow_war_inter.csv",
    "mid_participant": "cow/MIDB_5.0.csv",
}

#: The shared data's other versions of some datasets: the back-test is run again on each
#: (catalog kind -> file replacing :data:`FILES`'), for the block's table of the results' and
#: the held-out rule's pick's dependence on the versions. Together they are the versions a
#: catalog gets when the ``cow`` folder is added first (NMC 6.0, dyadic MID 4.02).
VARIANTS: tuple[dict[str, str], ...] = (
    {"nmc": "cow/NMC-60-abridged.csv", "mid_dyadic": "cow/dyadic_mid_4.02.csv.gz"},
    {"nmc": "cow/NMC-60-abridged.csv"},
    {"mid_dyadic": "cow/dyadic_mid_4.02.csv.gz"},
)


def getter(folder: Path, replace: dict[str, str] | None = None) -> Any:
    """A ``kind -> DataFrame | None`` getter over the shared data (as the catalog's), with the
    files of ``replace`` (kind -> file) instead of :data:`FILES`'."""
    files = {**FILES, **(replace or {})}
    frames = {kind: data.load(folder / rel, kind) for kind, rel in files.items()}
    return frames.get


def variant_runs(folder: Path) -> list[Any]:
    """The back-test on each of :data:`VARIANTS` (without the peacetime test, which the
    block's versions table does not use)."""
    return [backtest.run(getter(folder, v), peace=False) for v in VARIANTS]


def splice(readme: str, block: str) -> str:
    """``readme`` with the text between the markers replaced by ``block``."""
    if README_BEGIN not in readme or README_END not in readme:
        raise SystemExit(f"the README lacks the markers {README_BEGIN!r} / {README_END!r}")
    head, rest = readme.split(README_BEGIN, 1)
    _, tail = rest.split(README_END, 1)
    return head + README_BEGIN + "\n" + block + README_END + tail


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    default = Path(os.environ.get("ANPO_TEST_DATA", ROOT.parent / "shared" / "data"))
    ap.add_argument("--data", type=Path, default=default)
    ap.add_argument(
        "--readme",
        type=Path,
        default=ROOT / "README.md",
        help="the file whose block is rewritten in place (default: the tracked README.md)",
    )
    ap.add_argument("--check", action="store_true", help="only compare; exit 1 on a difference")
    args = ap.parse_args()
    res = backtest.run(getter(args.data))
    text = args.readme.read_text(encoding="utf-8")
    new = splice(text, backtest_markdown(res, variant_runs(args.data)))
    if args.check:
        same = new == text
        print(f"{args.readme}: {'up to date' if same else 'DIFFERS'}")
        sys.exit(0 if same else 1)
    args.readme.write_text(new, encoding="utf-8")
    print(f"wrote {args.readme}")


if __name__ == "__main__":
    main()
