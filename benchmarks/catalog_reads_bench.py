"""Benchmark: a command's catalog reads on one held connection against one connection per read.

The path measured is ``anpo roles --year Y``'s: :func:`anpo.relations.taxonomy.roles_from_catalog`
(the required and optional datasets read, the roles of one year computed), the optional datasets
missing (:func:`~anpo.relations.taxonomy.missing_optional_kinds`) and the datasets in use
(:meth:`~anpo.data.catalog.Catalog.in_use`, the provenance of the output). anpo's path holds one
read block for it (:meth:`~anpo.data.catalog.Catalog.held`): every read shares one read-only
DuckDB connection and one shared lock. Baseline, measured in the same run and alternated with it:
the same path with :meth:`~anpo.data.catalog.Catalog.held` made a no-op, so that each read opens
the catalog (lock, DuckDB connection, layout check, list of datasets) on its own, as every read
did before. The DuckDB connections each opens are counted and the two results compared.

The catalog is read, never changed: ``--home`` or ``ANPO_HOME`` (a catalog holding at least COW
states, ATOP and NMC, e.g. built with ``anpo data add``). Without one the script says so and exits 0.

    python benchmarks/catalog_reads_bench.py [--home DIR] [--year 2001] [--repeat 5]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from anpo.data.catalog import Catalog  # noqa: E402
from anpo.relations.taxonomy import missing_optional_kinds, roles_from_catalog  # noqa: E402


def command_path(cat: Catalog, year: int) -> tuple[Any, list[str], Any]:
    """What ``anpo roles --year YEAR`` reads and computes: the roles, the optional datasets
    missing and the datasets in use."""
    frame = roles_from_catalog(cat, year)
    return frame, missing_optional_kinds(cat), cat.in_use()


@contextlib.contextmanager
def counting_connections() -> Iterator[list[int]]:
    """Count the DuckDB connections opened inside the block (``[n]``)."""
    count = [0]
    original = Catalog._duckdb_connect

    def counted(self: Catalog, *args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return original(self, *args, **kwargs)

    Catalog._duckdb_connect = counted  # type: ignore[method-assign]
    try:
        yield count
    finally:
        Catalog._duckdb_connect = original  # type: ignore[method-assign]


@contextlib.contextmanager
def one_connection_per_read() -> Iterator[None]:
    """The baseline: :meth:`Catalog.held` does nothing, so every read opens the catalog."""
    original = Catalog.held

    @contextlib.contextmanager
    def nothing_held(self: Catalog) -> Iterator[None]:
        yield

    Catalog.held = nothing_held  # type: ignore[method-assign]
    try:
        yield
    finally:
        Catalog.held = original  # type: ignore[method-assign]


def timed(run: Callable[[], Any]) -> tuple[float, int, Any]:
    """Seconds, DuckDB connections and result of one ``run()``."""
    with counting_connections() as count:
        start = time.perf_counter()
        out = run()
        seconds = time.perf_counter() - start
    return seconds, count[0], out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=None, help="catalog (default: ANPO_HOME)")
    parser.add_argument("--year", type=int, default=2001)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each path, alternated")
    args = parser.parse_args()
    home = args.home or (Path(os.environ["ANPO_HOME"]) if os.environ.get("ANPO_HOME") else None)
    if home is None or not (home / "catalog.duckdb").is_file():
        where = "no --home or ANPO_HOME given" if home is None else f"no catalog in {home}"
        print(f"skipped: {where}; give a catalog holding COW states, ATOP and NMC")
        return 0
    cat = Catalog.open(home)

    def held() -> Any:
        with cat.held():
            return command_path(cat, args.year)

    def per_read() -> Any:
        with one_connection_per_read():
            return command_path(cat, args.year)

    held()  # warm-up: imports, the OS's file cache
    per_read()
    t_held: list[float] = []
    t_each: list[float] = []
    for _ in range(max(1, args.repeat)):
        s_each, n_each, out_each = timed(per_read)
        s_held, n_held, out_held = timed(held)
        t_each.append(s_each)
        t_held.append(s_held)
    same = (
        out_held[0].equals(out_each[0])
        and out_held[1] == out_each[1]
        and out_held[2].equals(out_each[2])
    )
    med_held, med_each = statistics.median(t_held), statistics.median(t_each)
    print(f"catalog {home}, `anpo roles --year {args.year}`'s reads and roles, {len(t_held)} runs")
    print(f"  one connection per read: {med_each:.3f} s (median), {n_each} DuckDB connections")
    print(f"  one held connection:     {med_held:.3f} s (median), {n_held} DuckDB connection(s)")
    print(f"  ratio per-read / held time: {med_each / med_held:.2f}x")
    print(f"  results identical: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
