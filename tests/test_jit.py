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


@pytest.mark.slow
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


def test_make_ready_counts_only_this_threads_kernel_compiles() -> None:
    """:func:`anpo._jit.make_ready` counts as compiling only numba's ``"numba:compile"`` events
    (numba's documentation, "Event API": triggered after a cache miss, in the compiling thread)
    of this thread and not of an object-mode block lifted out of a kernel (``LiftedCode``,
    compiled again in every process even when its kernel is loaded from the cache: counted, a
    new process's loading of the heuristics read as compiling). A compile in another thread (a
    web server's) is not this thread's; only this thread's compiles are taken off its budget."""
    import threading

    from numba.core import event
    from numba.core.dispatcher import LiftedCode

    from anpo import _jit

    def fire(dispatcher: object = None) -> None:
        with event.trigger_event("numba:compile", data={"dispatcher": dispatcher}):
            pass

    before = list(_jit._COMPILES)
    try:
        assert _jit.make_ready(lambda: None)[1] == 0.0
        lifted = type("Lifted", (LiftedCode,), {"__init__": lambda self: None})()
        assert _jit.make_ready(lambda: fire(lifted))[1] == 0.0
        other = threading.Thread(target=fire)
        seconds, compiling = _jit.make_ready(lambda: (other.start(), other.join()))
        assert compiling == 0.0 and seconds >= 0.0
        assert _jit._COMPILES == before
        import time

        t0 = time.perf_counter()
        seconds, compiling = _jit.make_ready(fire)
        assert compiling == seconds > 0.0
        assert _jit.compiled_since(t0) == pytest.approx(seconds)
        seen: list[float] = []
        reader = threading.Thread(target=lambda: seen.append(_jit.compiled_since(t0)))
        reader.start()
        reader.join()
        assert seen == [0.0]  # another thread's clock is not moved by this thread's compile
    finally:
        _jit._COMPILES[:] = before


@pytest.mark.slow
def test_a_new_process_loading_cached_kernels_reports_no_compiling() -> None:
    """In a new process whose kernels are in numba's cache, a budgeted tabu and exact solve
    report ``compile_seconds`` 0: loading is charged to the budget and reported as
    ``load_seconds`` (issue 15: the budget counts from the call's start). The first process
    may compile (a fresh install); the second loads."""
    code = (
        "import numpy as np\n"
        "from anpo.align import Landscape\n"
        "rng = np.random.default_rng(3)\n"
        "p = rng.uniform(-1, 1, (30, 30)); p = (p + p.T) / 2; np.fill_diagonal(p, 0)\n"
        "L = Landscape(np.ones(30), p)\n"
        "t = L.solve('tabu', time_limit=30)\n"
        "e = L.solve('exact', time_limit=30)\n"
        "print(t.details['compile_seconds'], e.details['compile_seconds'],"
        " t.details['load_seconds'] <= t.seconds)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for _ in range(2):
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=900
        )
        assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["0.0", "0.0", "True"], proc.stdout
