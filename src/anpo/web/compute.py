"""Running the models for a request: off the event loop, a few at a time, with a time limit.

A computation runs in a worker thread (the event loop keeps answering other requests). At most
``max_concurrent`` (:data:`anpo.web.limits.MAX_CONCURRENT`) computations run at any time,
abandoned ones included: a request takes one of the runner's slots before its thread starts,
and the slot is given back when the call really returns, not when the request gives up. When
a computation (its wait for a slot included) takes longer than the time limit, the request gets
a 503 answer naming the limit (:class:`TimeLimitExceeded`) and the computation is abandoned: a
thread cannot be stopped from outside, so it runs to its end and holds its slot until then.
While every slot is held by abandoned computations a new request is answered at once with a
503 "busy" (:class:`ServerBusy`) instead of waiting out its time limit in the queue; a request
already waiting for a slot is answered so as soon as that happens. The caps on the inputs
(:mod:`anpo.web.limits`) are what bound the work itself; the time limit bounds how long a client
waits; the slots bound the CPU that abandoned work can hold. Solvers that accept a budget (the
alignment solvers) are also given the time limit.

The compiled kernels that run in parallel (numba ``parallel=True``: the exchange and the reaction
curve) are entered one call at a time (:data:`KERNEL_LOCK`): numba's default threading layer does
not allow two threads to launch parallel kernels at once.
"""

from __future__ import annotations

import asyncio
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


class ServerBusy(Exception):
    """Every computation slot is held by a computation abandoned past the time limit, still
    running (HTTP 503, at once rather than after the time limit)."""

    def __init__(self, slots: int) -> None:
        held = "the computation slot is" if slots == 1 else f"all {slots} computation slots are"
        super().__init__(
            f"the server is busy: {held} held by computations that exceeded the time limit "
            "and are still running; try again in a few seconds"
        )
        self.slots = slots


class _Call:
    """One admitted computation's state, changed under the runner's lock: its thread started
    the call (``started``), the call returned (``done``), its request gave up while the call
    ran (``abandoned``) or before it started (``dropped``: the call will not run)."""

    __slots__ = ("abandoned", "done", "dropped", "started")

    def __init__(self) -> None:
        self.started = self.done = self.abandoned = self.dropped = False


class Runner:
    """Runs blocking model calls in threads, at most ``max_concurrent`` at any time (abandoned
    calls included), each request within a wall-clock limit."""

    def __init__(self, time_limit: float, max_concurrent: int) -> None:
        if not math.isfinite(time_limit) or time_limit <= 0:
            raise ValueError(f"time_limit must be a positive finite number, got {time_limit}")
        if max_concurrent < 1:
            raise ValueError(f"max_concurrent must be at least 1, got {max_concurrent}")
        self.time_limit = float(time_limit)
        self.max_concurrent = int(max_concurrent)
        # a threading lock: the counts change on the event loop (admission, giving up) and in
        # the worker threads (a call returning)
        self._lock = threading.Lock()
        self._running = 0  # slots held: admitted calls that have not returned
        self._abandoned = 0  # of which the request gave up
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []

    @property
    def running(self) -> int:
        """Computations holding a slot: admitted and not yet returned (abandoned included)."""
        with self._lock:
            return self._running

    @property
    def abandoned(self) -> int:
        """Computations still running whose request gave up (past the time limit)."""
        with self._lock:
            return self._abandoned

    @property
    def waiting(self) -> int:
        """Requests waiting for a slot."""
        with self._lock:
            return len(self._waiters)

    async def run(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``func(*args, **kwargs)`` in a worker thread; :class:`TimeLimitExceeded` past the
        limit, :class:`ServerBusy` while every slot is held by abandoned computations."""
        call = functools.partial(func, *args, **kwargs)
        return await self._run(call)

    async def run_small(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``func(*args, **kwargs)`` on the event loop itself: for calls whose inputs bound them
        to about a millisecond (a thread hop would cost as much as the work)."""
        return func(*args, **kwargs)

    async def _run(self, call: Callable[[], T]) -> T:
        try:
            with anyio.fail_after(self.time_limit):
                ticket = await self._admit()
                try:
                    return await anyio.to_thread.run_sync(
                        functools.partial(self._call, ticket, call), abandon_on_cancel=True
                    )
                finally:
                    self._leave(ticket)
        except TimeoutError:
            raise TimeLimitExceeded(self.time_limit) from None

    async def _admit(self) -> _Call:
        """A slot for one call: at once if one is free; :class:`ServerBusy` if every slot is
        held by abandoned calls; otherwise wait until a call returns or is abandoned (every
        waiter looks again then). The wait is an asyncio future of the
        request's own loop (uvicorn's loop is asyncio; the test client runs one loop per
        request), resolved from whichever thread gives a slot back."""
        loop = asyncio.get_running_loop()
        while True:
            with self._lock:
                if self._running < self.max_concurrent:
                    self._running += 1
                    return _Call()
                if self._abandoned >= self.max_concurrent:
                    raise ServerBusy(self.max_concurrent)
                waiter = (loop, loop.create_future())
                self._waiters.append(waiter)
            try:
                await waiter[1]
            finally:
                with self._lock:
                    if waiter in self._waiters:
                        self._waiters.remove(waiter)

    def _call(self, ticket: _Call, call: Callable[[], T]) -> T:
        """In the worker thread: run the call unless its request already gave up, then give
        the slot back."""
        with self._lock:
            if ticket.dropped:  # the request gave up before the thread took the call
                raise RuntimeError("dropped")  # nobody receives this
            ticket.started = True
        try:
            return call()
        finally:
            with self._lock:
                ticket.done = True
                self._running -= 1
                if ticket.abandoned:
                    self._abandoned -= 1
                self._wake()

    def _leave(self, ticket: _Call) -> None:
        """On the event loop, when the request stops waiting for its call (answered or given
        up): a call still running is abandoned and keeps its slot; one not started gives its
        slot back (its thread will not run it)."""
        with self._lock:
            if ticket.done:
                return
            if ticket.started:
                ticket.abandoned = True
                self._abandoned += 1
            else:
                ticket.dropped = True
                self._running -= 1
            self._wake()

    def _wake(self) -> None:
        """Under the lock: let every waiting request look at the slots again (from any thread;
        a waiter whose loop has closed has no request left to answer)."""
        waiters, self._waiters = self._waiters, []
        for loop, future in waiters:
            try:
                loop.call_soon_threadsafe(_resolve, future)
            except RuntimeError:  # pragma: no cover - the loop closed meanwhile
                pass


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def single_threaded_blas() -> None:
    """Let BLAS (numpy's dot products, scipy's linear algebra) use one thread in this process,
    as the exploration's workers do (:mod:`anpo.explore.executors`): the server's parallelism is
    its own (``max_concurrent`` computations, the numba kernels), and OpenBLAS' threads, woken
    for every long dot product, wait for cores the other computations hold. Measured by
    ``benchmarks/web_dyad_work.py`` on this 2-core machine under load (2026-12-01): the dyad
    page's exchange search for 2001's U.S.-Russia dyad at the sliders' maxima, one long dot
    product per allocation evaluated, took 4.2-4.7 s with OpenBLAS' two threads and 1.0 s with
    one (the same answers, compared in full). Called by ``anpo serve`` for its process; a no-op
    without ``threadpoolctl``."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - the web extra installs it
        return
    # the limit reaches the BLAS libraries loaded so far: numpy's and scipy's (each wheel
    # bundles its own OpenBLAS), loaded here first
    import numpy  # noqa: F401
    import scipy.linalg  # noqa: F401

    threadpool_limits(limits=1, user_api="blas")


def locked(func: Callable[..., T]) -> Callable[..., T]:
    """Decorator: run ``func`` holding :data:`KERNEL_LOCK`."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        with KERNEL_LOCK:
            return func(*args, **kwargs)

    return wrapper
