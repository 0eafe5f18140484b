"""The web runner's second line of defence (:class:`anpo.web.compute.Runner`): at most
``max_concurrent`` computations run at any time, those abandoned past the time limit included;
while every slot is held by abandoned work a request is told "busy" at once.

The computations here are gated callables that block until the test opens the gate; a request
is made to give up by cancelling it once its thread has entered the call, so that each case is
decided by events, not by timing (one test uses the time limit itself, a few milliseconds, on
a call that cannot finish before the test lets it)."""

from __future__ import annotations

import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

anyio = pytest.importorskip("anyio")
pytest.importorskip("fastapi")

from anpo.web.compute import Runner, ServerBusy, TimeLimitExceeded  # noqa: E402


class Gate:
    """A slow computation: counts the threads inside it (and the most at once) and blocks
    until :meth:`open`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.inside = 0
        self.peak = 0
        self.calls = 0
        self.entered = threading.Semaphore(0)
        self._open = threading.Event()

    def __call__(self, value: int) -> int:
        with self._lock:
            self.calls += 1
            self.inside += 1
            self.peak = max(self.peak, self.inside)
        self.entered.release()
        try:
            self._open.wait()
            return value
        finally:
            with self._lock:
                self.inside -= 1

    def open(self) -> None:
        self._open.set()


async def _entered(gate: Gate) -> None:
    """Wait (off the event loop) until one more thread has entered the gate."""
    await anyio.to_thread.run_sync(gate.entered.acquire)


async def _abandon(runner: Runner, gate: Gate, value: int) -> None:
    """Start ``gate(value)`` through the runner and give the request up once the call runs
    (what the time limit does, decided by an event here)."""
    with anyio.CancelScope() as scope:
        async with anyio.create_task_group() as tg:
            tg.start_soon(runner.run, gate, value)
            await _entered(gate)
            scope.cancel()


async def _until_idle(runner: Runner) -> None:
    """Wait until every slot is given back (the gated calls return once the gate is open)."""
    while runner.running:
        await anyio.sleep(0.005)


def _in_thread(main) -> None:
    """``anyio.run(main)`` in a thread of its own: the test process's main thread may already
    have an event loop marked running (Playwright's sync API, used by the browser tests, keeps
    one for the session), and a loop cannot start inside another."""
    errors: list[BaseException] = []

    def target() -> None:
        try:
            anyio.run(main)
        except BaseException as exc:  # re-raised in the test's thread
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def _run(main, gate: Gate) -> None:
    try:
        _in_thread(main)
    finally:
        gate.open()  # never leave a worker thread blocked


def test_abandoned_computations_keep_their_slots():
    """Two computations abandoned by their requests still run; with two slots, a third
    request is told "busy" at once and its call never starts. Before, the slot (anyio's
    limiter token) was given back when the request gave up: the third call started and three
    computations ran at once."""
    gate = Gate()
    runner = Runner(time_limit=600, max_concurrent=2)

    async def main() -> None:
        await _abandon(runner, gate, 1)
        await _abandon(runner, gate, 2)
        assert (gate.inside, runner.running, runner.abandoned) == (2, 2, 2)
        with pytest.raises(ServerBusy, match="all 2 computation slots are held"):
            await runner.run(gate, 3)
        assert gate.calls == 2 and gate.peak == 2
        gate.open()
        await _until_idle(runner)
        assert runner.abandoned == 0
        assert await runner.run(gate, 4) == 4  # the slots are free again

    _run(main, gate)
    assert gate.peak == 2 and gate.calls == 3


def test_a_waiting_request_runs_when_a_slot_is_given_back():
    """With one slot busy with live work, the next request waits (it is not refused) and runs
    once the first call returns: never two at once."""
    gate = Gate()
    runner = Runner(time_limit=600, max_concurrent=1)
    results: list[int] = []

    async def call(value: int) -> None:
        results.append(await runner.run(gate, value))

    async def main() -> None:
        async with anyio.create_task_group() as tg:
            tg.start_soon(call, 1)
            await _entered(gate)
            tg.start_soon(call, 2)
            while runner.waiting == 0:
                await anyio.sleep(0.005)
            assert gate.calls == 1
            gate.open()

    _run(main, gate)
    assert sorted(results) == [1, 2]
    assert gate.peak == 1 and runner.running == 0


def test_a_waiting_request_is_told_busy_when_the_last_slot_is_abandoned():
    """A request waiting for the slot of a live computation is answered "busy" as soon as
    that computation is abandoned (it does not wait out its own time limit), and its call
    never starts."""
    gate = Gate()
    runner = Runner(time_limit=600, max_concurrent=1)
    outcome: list[BaseException] = []

    async def waiter() -> None:
        try:
            await runner.run(gate, 2)
        except ServerBusy as exc:
            outcome.append(exc)

    async def main() -> None:
        async with anyio.create_task_group() as tg:
            with anyio.CancelScope() as first:
                inner = anyio.create_task_group()
                async with inner:
                    inner.start_soon(runner.run, gate, 1)
                    await _entered(gate)
                    tg.start_soon(waiter)
                    while runner.waiting == 0:
                        await anyio.sleep(0.005)
                    first.cancel()
        assert len(outcome) == 1 and "the computation slot is held" in str(outcome[0])
        assert gate.calls == 1 and runner.abandoned == 1 and runner.waiting == 0

    _run(main, gate)


def test_a_request_given_up_before_its_call_starts_gives_its_slot_back():
    """A request that gives up after taking a slot but before its thread starts the call:
    the call never runs and the slot is free again at once."""
    gate = Gate()
    runner = Runner(time_limit=600, max_concurrent=1)

    async def main() -> None:
        with anyio.CancelScope() as scope:
            scope.cancel()  # the runner's first checkpoint (the thread hop) raises
            await runner.run(gate, 1)
        assert (runner.running, runner.abandoned) == (0, 0)
        assert gate.calls == 0
        gate.open()
        assert await runner.run(gate, 2) == 2

    _run(main, gate)
    assert gate.calls == 1


def test_the_time_limit_answers_and_abandons():
    """Past the time limit the request gets :class:`TimeLimitExceeded`; a call that had
    started keeps its slot until it returns (one that had not never runs)."""
    gate = Gate()
    runner = Runner(time_limit=0.02, max_concurrent=1)
    started: list[bool] = []

    async def main() -> None:
        with pytest.raises(TimeLimitExceeded, match="time limit of 0.02 s"):
            await runner.run(gate, 1)
        started.append(bool(runner.abandoned))
        if runner.abandoned:  # the thread had entered the call before the limit
            assert runner.running == 1
            with pytest.raises(ServerBusy):
                await runner.run(gate, 2)
        else:
            assert runner.running == 0
        gate.open()
        await _until_idle(runner)
        # the freed slot serves again; a generous limit for this call, so that a loaded
        # machine's thread start-up (CI saw more than 0.02 s) is not mistaken for a failure
        runner.time_limit = 600
        assert await runner.run(lambda: 3) == 3

    _run(main, gate)
    # the call ran once if its thread had started before the limit, never if not (a loaded
    # machine's thread start-up can take more than 0.02 s: the suite saw peak 0 there)
    assert started and gate.peak == gate.calls == (1 if started[0] else 0)


@settings(max_examples=8, deadline=None)
@given(slots=st.integers(1, 3), extra=st.integers(1, 3))
def test_never_more_threads_than_slots(slots, extra):
    """Whatever the slots and the requests, abandoned computations never exceed the slots
    and every request beyond them is told "busy" without its call starting."""
    gate = Gate()
    runner = Runner(time_limit=600, max_concurrent=slots)
    busy: list[int] = []

    async def main() -> None:
        for i in range(slots):
            await _abandon(runner, gate, i)
        for i in range(extra):
            try:
                await runner.run(gate, slots + i)
            except ServerBusy:
                busy.append(i)
        assert runner.abandoned == slots
        gate.open()
        await _until_idle(runner)

    _run(main, gate)
    assert gate.peak == slots and gate.calls == slots
    assert busy == list(range(extra))


def test_runner_refuses_no_slots():
    with pytest.raises(ValueError, match="at least 1"):
        Runner(1.0, 0)


def test_busy_is_a_503_naming_it():
    """Through the app: a request arriving while every slot is held by abandoned work gets a
    503 "busy" answer with ``Retry-After`` at once, and is served again once the work ends."""
    from fastapi.testclient import TestClient

    from anpo.web.app import create_app

    app = create_app(time_limit=600, max_concurrent=1)
    runner: Runner = app.state.runner
    gate = Gate()

    async def hold() -> None:
        await _abandon(runner, gate, 1)

    try:
        _in_thread(hold)
        client = TestClient(app, base_url="http://127.0.0.1")
        r = client.get("/api/align/book")
        assert r.status_code == 503
        body = r.json()
        assert body["detail"][0]["type"] == "busy"
        assert body["error"].startswith("the server is busy: the computation slot is held")
        assert r.headers["retry-after"]
    finally:
        gate.open()
    while runner.running:
        time.sleep(0.005)
    assert client.get("/api/align/book").status_code == 200
