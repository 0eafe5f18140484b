"""What the deterrence benchmarks share: the baseline kernels kept verbatim beside them, the
recording of the calls the package makes to a function (the compiled launcher search's
arguments), and the launcher search replayed in Python.

Not a script (the leading underscore: ``tests/test_benchmarks_smoke.py`` runs the scripts only).
The benchmarks are run as scripts (``python benchmarks/decoy_bench.py``): Python puts their folder
first on ``sys.path``, so ``from _record import ...`` finds this module; a test that imports a
benchmark puts the folder on ``sys.path`` for the import (``script_module`` of
``tests/_support.py``, the tests' copy of :func:`sibling`: a test cannot import this module before
the folder is on the path).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from anpo.deterrence import _engine

HERE = Path(__file__).resolve().parent


def sibling(name: str) -> ModuleType:
    """The module ``name`` of this folder (a baseline such as ``old_decoy_kernel``), imported
    with the folder on ``sys.path`` for the import only."""
    sys.path.insert(0, str(HERE))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.pop(0)


@contextmanager
def recorded(owner: object, *names: str) -> Iterator[list[tuple]]:
    """Within the block, each call to ``owner.<name>`` (each of ``names``: module attributes the
    package looks up when it calls them) appends its positional arguments to the list yielded,
    then runs the function as before (keywords passed on); the functions are put back at the
    end of the block, also when it raises."""
    calls: list[tuple] = []
    saved = {name: getattr(owner, name) for name in names}

    def record(kernel):  # noqa: ANN001, ANN202
        def wrapped(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            calls.append(args)
            return kernel(*args, **kwargs)

        return wrapped

    for name, kernel in saved.items():
        setattr(owner, name, record(kernel))
    try:
        yield calls
    finally:
        for name, kernel in saved.items():
            setattr(owner, name, kernel)


def launcher_searches(run: Callable[[], object]) -> list[tuple]:
    """The arguments of every call to the compiled launcher search
    (``_engine.min_launchers_serial`` and ``_engine.min_launchers_batch``) while ``run()``
    computes, in the order made."""
    with recorded(_engine, "min_launchers_serial", "min_launchers_batch") as calls:
        run()
    return calls


def first_launcher_count(ok: Callable[[int], bool], limit: int) -> int:
    """The least launcher count ``n`` in ``0..limit`` with ``ok(n)`` (``ok`` true from some
    count on), searched as ``_engine._min_launchers_one`` does: 0, then doubling, then bisection;
    -1 when even ``limit`` is not enough. A benchmark replays the compiled search in Python with
    this, so that both kernels it compares are asked the same counts (the baseline never calls
    the code it is measured against)."""
    # dup-ok: the compiled search's steps (_engine, reaction.py) and the baselines' verbatim
    # copies, written once more in Python so that the replay asks the same counts
    if ok(0):
        return 0
    hi = 1
    while not ok(hi):
        if hi >= limit:
            return -1
        hi = min(2 * hi, limit)
    lo = hi // 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return hi
