"""Running the models for a request: off the event loop, a few at a time, with a time limit.

A computation runs in a worker thread (the event loop keeps answering other requests); at most
:data:`anpo.web.limits.MAX_CONCURRENT` run at once and the others wait. When a computation (its
wait included) takes longer than the time limit, the request gets a 503 answer naming the limit.
A thread cannot be stopped from outside, so the caps on the inputs (:mod:`anpo.web.limits`) are
what bound the work itself; the time limit bounds how long a client waits. Solvers that accept a
budget (the alignment solvers) are also given the time limit.

The compiled kernels that run in parallel (numba ``parallel=True``: the exchange and the reaction
curve) are entered one call at a time (:data:`KERNEL_LOCK`): numba's default threading layer does
not allow two threads to launch parallel kernels at once.
"""

from __future__ import annotations

import functools
import math
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import anyio
import anyio.to_thread

T = TypeVar("T")

#: Held while a numba-parallel kernel runs (see the module docstring).
KERNEL_LOCK = threading.Lock()


class TimeLimitExceeded(Exception):
    """A computation did not finish within the time limit (HTTP 503)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"the computation did not finish within the time limit of {seconds:g} s; "
            "ask for less (fewer points, actors or objects) or try again when the server is "
            "less busy"
        )
        self.seconds = seconds


class Runner:
    """Runs blocking model calls in threads with a concurrency cap and a wall-clock limit."""

    def __init__(self, time_limit: float, max_concurrent: int) -> None:
        if not math.isfinite(time_limit) or time_limit <= 0:
            raise ValueError(f"time_limit must be a positive finite number, got {time_limit}")
        self.time_limit = float(time_limit)
        self.max_concurrent = int(max_concurrent)
        self._limiter: anyio.CapacityLimiter | None = None

    @property
    def limiter(self) -> anyio.CapacityLimiter:
        # created lazily, inside the running event loop
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.max_concurrent)
        return self._limiter

    async def run(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``func(*args, **kwargs)`` in a worker thread; :class:`TimeLimitExceeded` past the
        limit."""
        call = functools.partial(func, *args, **kwargs)
        return await self._run(call)

    async def run_small(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``func(*args, **kwargs)`` on the event loop itself: for calls whose inputs bound them
        to about a millisecond (a thread hop would cost as much as the work)."""
        return func(*args, **kwargs)

    async def _run(self, call: Callable[[], T]) -> T:
        try:
            with anyio.fail_after(self.time_limit):
                return await _to_thread(call, self.limiter)
        except TimeoutError:
            raise TimeLimitExceeded(self.time_limit) from None


async def _to_thread(call: Callable[[], T], limiter: anyio.CapacityLimiter) -> T:
    try:
        return await anyio.to_thread.run_sync(call, limiter=limiter, abandon_on_cancel=True)
    except TypeError:  # pragma: no cover - anyio < 4.1 names the flag 'cancellable'
        return await anyio.to_thread.run_sync(call, limiter=limiter, cancellable=True)


def locked(func: Callable[..., T]) -> Callable[..., T]:
    """Decorator: run ``func`` holding :data:`KERNEL_LOCK`."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        with KERNEL_LOCK:
            return func(*args, **kwargs)

    return wrapper
