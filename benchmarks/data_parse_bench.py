"""Benchmark: reading ATOP's dyad-year file (273,000 rows), the loaders' two checked steps.

anpo's path (:mod:`anpo.data._io`): the ragged-row check counts each line's fields with NumPy
over the text's bytes (:func:`~anpo.data._io.field_counts`), and each numeric column is parsed
by Arrow's cast with Python's ``float`` as the fallback (:func:`~anpo.data._io.parse_floats`).

Baseline, measured in the same run and alternated with it: the same steps as the loaders did
them before, a loop over the lines (:func:`~anpo.data._io.field_counts_loop`) and ``float`` on
every cell (``astype("float64")`` of the object array). Each step's results are compared, and the
whole loader (:func:`anpo.data.read_atop_dyad`) is timed both ways and its frames compared.

    python benchmarks/data_parse_bench.py [--data ../shared/data] [--repeat 3]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import anpo.data as data
from anpo.data import _io


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """The quickest of ``repeat`` calls, in seconds, and the last result."""
    best, out = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def floats_by_float(text: pd.Series) -> np.ndarray:
    """The baseline parse: Python's ``float`` on every cell."""
    return text.to_numpy(dtype=object).astype("float64")


@contextlib.contextmanager
def baseline_loader() -> Iterator[None]:
    """The loaders with the baseline steps in place of anpo's."""
    saved = _io.field_counts, _io.parse_floats
    _io.field_counts, _io.parse_floats = _io.field_counts_loop, floats_by_float  # type: ignore[assignment]
    try:
        yield
    finally:
        _io.field_counts, _io.parse_floats = saved  # type: ignore[assignment]


# dup-ok: each script stands alone (`python benchmarks/X.py`), so the data flag and its default
# (ANPO_TEST_DATA, else ../shared/data) are written in each script that reads the data.
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get(
        "ANPO_TEST_DATA", str(Path(__file__).resolve().parents[2] / "shared" / "data")
    )
    ap.add_argument("--data", default=default)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    path = Path(args.data) / "peacesciencer" / "atop_alliance.csv.gz"
    if not path.is_file():
        print(f"no ATOP dyad-year file at {path} (give --data): nothing measured")
        return
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        text = fh.read()
    print(f"ATOP dyad-years: {path} ({len(text):,} characters)")

    t_new, (at, fields) = best_of(args.repeat, lambda: _io.field_counts(text, ","))
    t_old, (at0, fields0) = best_of(args.repeat, lambda: _io.field_counts_loop(text, ","))
    agree = same = np.array_equal(at, at0) and np.array_equal(fields, fields0)
    print(
        f"  field counts ({len(at):,} lines): numpy {t_new * 1e3:.1f} ms, loop {t_old * 1e3:.1f} ms"
    )
    print(f"  ratio loop / numpy: {t_old / t_new:.1f}x   same counts: {same}")

    raw, _ = _io.read_raw_csv(path)
    cells = [raw[c].str.strip() for c in raw.columns]
    t_new, got = best_of(args.repeat, lambda: [_io.parse_floats(c) for c in cells])
    t_old, want = best_of(args.repeat, lambda: [floats_by_float(c) for c in cells])
    same = all(np.array_equal(a, b, equal_nan=True) for a, b in zip(got, want, strict=True))
    agree &= same
    print(
        f"  numbers ({len(cells)} columns): arrow {t_new * 1e3:.1f} ms, float {t_old * 1e3:.1f} ms"
    )
    print(f"  ratio float / arrow: {t_old / t_new:.1f}x   same values: {same}")

    t_new = t_old = np.inf
    for _ in range(args.repeat):  # alternated, so that both see the same machine
        t0 = time.perf_counter()
        ours = data.read_atop_dyad(path)
        t_new = min(t_new, time.perf_counter() - t0)
        with baseline_loader():
            t0 = time.perf_counter()
            base = data.read_atop_dyad(path)
            t_old = min(t_old, time.perf_counter() - t0)
    same = ours.equals(base)
    agree &= same
    print(f"  read_atop_dyad: {t_new:.2f} s, with the baseline steps {t_old:.2f} s")
    print(f"  ratio baseline / anpo: {t_old / t_new:.2f}x   same frame: {same}")
    if not agree:
        raise SystemExit("the two paths disagree")


if __name__ == "__main__":
    main()
