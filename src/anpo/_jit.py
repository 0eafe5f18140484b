"""numba's ``njit`` for anpo's compiled kernels, cached where numba can keep a cache.

Every kernel is compiled with ``cache=True``: the first process compiles it (the deterrence
engine's kernels take tens of seconds) and writes the machine code next to the module
(``__pycache__``) or, when that directory is not writable, in the user's cache directory
(``NUMBA_CACHE_DIR``, else ``~/.cache/numba``); later processes load it. When neither is
writable (a read-only install run by a user without a writable home), numba refuses to decorate
a cached function at all (``RuntimeError: cannot cache function ...: no locator available``), so
importing anpo failed. :func:`njit` then compiles the kernel without a cache, as numba would
without ``cache=True``, and warns once per process that each process compiles the kernels and how
to keep them (``NUMBA_CACHE_DIR``). See numba's documentation, "Notes on caching" and
"NUMBA_CACHE_DIR".
"""

from __future__ import annotations

import functools
import time
import warnings
from collections.abc import Callable
from typing import Any

import numba

__all__ = ["NO_CACHE_WARNING", "compiled_since", "make_ready", "njit"]

#: What the warning says when numba can keep no cache here.
NO_CACHE_WARNING = (
    "numba can keep no cache of anpo's compiled kernels here (neither the package's __pycache__ "
    "nor the user cache directory is writable): each process compiles them again before its "
    "first computation; set NUMBA_CACHE_DIR to a writable directory to keep them"
)


@functools.cache
def _warn_no_cache() -> None:
    """Give :data:`NO_CACHE_WARNING`, once per process (later calls are answered from the
    cache), pointing at the module whose kernel could not be cached."""
    warnings.warn(NO_CACHE_WARNING, RuntimeWarning, stacklevel=3)


def njit(**options: Any) -> Any:
    """``numba.njit(**options)`` as a decorator; with ``cache=True`` where numba can keep no
    cache (its ``no locator available`` error), the kernel is compiled without one and
    :data:`NO_CACHE_WARNING` is given once per process (numba's caching notes: the cache lives
    in ``__pycache__`` next to the source, else in ``NUMBA_CACHE_DIR`` or the user cache
    directory).

    Typed as ``Any``, as numba's own ``njit`` is read (pyproject's numba override): a kernel is
    a numba dispatcher, called with arrays numba types at each call, not its Python signature."""

    def decorate(func: Callable[..., Any]) -> Any:
        try:
            return numba.njit(**options)(func)
        except RuntimeError as exc:
            if not options.get("cache") or "no locator available" not in str(exc):
                raise
        _warn_no_cache()
        return numba.njit(**{**options, "cache": False})(func)

    return decorate


#: (thread id, ``time.perf_counter()`` at its start, seconds compiling) of each
#: :func:`make_ready` call in which numba compiled a kernel (a cache miss), in this process.
_COMPILES: list[tuple[int, float, float]] = []


def make_ready(warm: Callable[[], object]) -> tuple[float, float]:
    """Run ``warm`` (a function that makes compiled kernels ready by calling them) and return
    ``(seconds, compiling)``: the seconds it took, and the part of them spent compiling (all of
    them when numba compiled a kernel during it, the first call after an install or where no
    cache can be kept; else 0: loading kernels from numba's cache is not compiling). Compiling
    is detected by numba's ``"numba:compile"`` event, which numba triggers only after a cache
    miss (numba's documentation, "Event API"; ``Dispatcher.compile``), in the compiling
    thread: only this thread's events count, so a compile in another thread (a web server's)
    is not taken for this one's. An object-mode block lifted out of a kernel (``LiftedCode``,
    e.g. a clock read) is compiled again in every process even when its kernel comes from the
    cache: its event is not compiling the kernels. A compiling call is recorded for
    :func:`compiled_since`."""
    import threading

    from numba.core import event
    from numba.core.dispatcher import LiftedCode

    me = threading.get_ident()
    compiled: list[bool] = []

    class _Listener(event.Listener):  # type: ignore[misc]  # numba is untyped
        def on_start(self, ev: Any) -> None:
            data = ev.data if isinstance(ev.data, dict) else {}
            if threading.get_ident() == me and not isinstance(data.get("dispatcher"), LiftedCode):
                compiled.append(True)

        def on_end(self, ev: Any) -> None:
            pass

    start = time.perf_counter()
    with event.install_listener("numba:compile", _Listener()):
        warm()
    seconds = time.perf_counter() - start
    if compiled:
        _COMPILES.append((me, start, seconds))
        return seconds, seconds
    return seconds, 0.0


def compiled_since(start: float) -> float:
    """Seconds this thread spent since ``start`` (a ``time.perf_counter()`` reading) in
    :func:`make_ready` calls that compiled kernels: what a search budget does not charge
    (compiling, the first time after an install, takes tens of seconds and cannot be cut short;
    charged, it cut the first call of a process short, so its result depended on numba's
    cache)."""
    import threading

    me = threading.get_ident()
    return float(sum(seconds for tid, at, seconds in _COMPILES if tid == me and at >= start))
