"""anpo's compiled kernels where numba can keep no cache (a read-only install run by a user
without a writable home): importing them failed with numba's "no locator available" error; they
are now compiled without a cache, with one warning saying how to keep them (NUMBA_CACHE_DIR).
Source: numba's documentation, "Notes on caching" (the cache's locations)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from _support import ROOT

#: A process in which numba finds no place for a cache (its locators are emptied, as when
#: neither the package's __pycache__ nor the user cache directory is writable), importing every
#: module with cached kernels and calling two small ones.
_NO_CACHE = """
import warnings
import numba.core.caching as caching
caching.CacheImpl._locator_classes = []
with warnings.catch_warnings(record=True) as seen:
    warnings.simplefilter("always")
    import anpo.align._kernels, anpo.align.enum2, anpo.align.enumk, anpo.align.exact
    import anpo.align.heuristics, anpo.align.sensitivity
    import anpo.deterrence._engine as engine
    print(round(float(engine.log_factorial(5)), 6))
    from anpo.burden.stats import spearman_exact_distribution
    print(int(spearman_exact_distribution(4)[1].sum()))
for w in seen:
    print("warning:", w.category.__name__, w.message)
"""


def _run(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("NUMBA_CACHE_DIR", None)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT
    )


def test_kernels_work_where_numba_can_keep_no_cache() -> None:
    """Every module with cached kernels imports and its kernels compute (``ln 5! = 4.787492``;
    the exact Spearman distribution of n = 4 counts its 4! = 24 permutations), and the missing
    cache is said once."""
    ran = _run(_NO_CACHE)
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert lines[0] == "4.787492"
    assert lines[1] == "24"
    warned = [ln for ln in lines if ln.startswith("warning:")]
    assert len(warned) == 1, lines
    assert "RuntimeWarning" in warned[0] and "NUMBA_CACHE_DIR" in warned[0]


def test_other_numba_errors_are_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only numba's "no locator available" under ``cache=True`` is met by compiling without a
    cache: another error of the decorator, or that one without ``cache=True``, reaches the
    caller; with a cache numba's own decorator is used as it is."""
    import anpo._jit as jit

    assert jit.njit(cache=True)(_plus_one)(1) == 2

    def failing(message: str):  # noqa: ANN202 - a stand-in for numba.njit
        def njit(**options: object):  # noqa: ANN202
            def decorate(func: object) -> object:
                raise RuntimeError(message)

            return decorate

        return njit

    monkeypatch.setattr(jit.numba, "njit", failing("cannot cache function 'f': something else"))
    with pytest.raises(RuntimeError, match="something else"):
        jit.njit(cache=True)(_plus_one)
    monkeypatch.setattr(jit.numba, "njit", failing("no locator available for file 'f'"))
    with pytest.raises(RuntimeError, match="no locator"):
        jit.njit()(_plus_one)


def _plus_one(x: int) -> int:
    return x + 1
