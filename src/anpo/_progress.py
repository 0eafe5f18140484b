"""Progress reporting: one interface for the library and one display for every long command.

Library functions take an optional ``progress`` callable and call it with the work done and the
total, ``progress(done, total)`` (:data:`ProgressFn`); a function whose steps have names rather
than counts takes ``progress(message)`` (:data:`StepFn`, e.g. the report's providers).

Every long command shows them with :func:`progress_bar`: on standard error, only when it is a
terminal, a bar with the count, the rate, the elapsed time and the estimated time left when the
total is known, and a spinner with the elapsed time when it is not (one solve, one file). The
object it yields is both callbacks: ``bar(done, total)`` and ``bar.describe(message)`` (or
``bar.step(message)`` for a step that starts a new count).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["Bar", "ProgressFn", "StepFn", "progress_bar"]

ProgressFn = Callable[[int, int], None]
StepFn = Callable[[str], None]


def _rate_column() -> Any:
    from rich.progress import ProgressColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Items per second (rich's own speed column counts bytes)."""

        def render(self, task: Any) -> Text:
            if task.total is None:
                return Text("")
            speed = task.finished_speed or task.speed
            if speed is None:
                return Text("-/s", style="progress.data.speed")
            return Text(f"{speed:,.0f}/s" if speed >= 10 else f"{speed:.2f}/s")

    return RateColumn()


def _counted(column: Any) -> Any:
    """``column`` drawn only when the task has a total: a spinner (one solve, one step) shows
    no '0/?' count and no empty estimate of the time left."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class Counted(ProgressColumn):
        def render(self, task: Any) -> Any:
            return Text("") if task.total is None else column.render(task)

    return Counted()


class Bar:
    """What :func:`progress_bar` yields: ``bar(done, total)`` advances the count (the total may
    change as work is found), ``bar.describe(message)`` names the current step. A disabled bar
    does nothing."""

    def __init__(self, description: str, total: int | None, display: Any) -> None:
        self._display = display
        self._task: Any = None
        self._done = 0  # the count shown, so that a tick need not look it up in rich's tasks
        if display is not None:
            self._task = display.add_task(description, total=total)

    def __call__(self, done: int, total: int | None = None) -> None:
        if self._display is None:
            return
        last, self._done = self._done, done
        if done < last:
            # a new count on the same bar: its clock and estimate start again (rich keeps a
            # finished task's stopped clock and an estimate of 0 otherwise)
            self._display.reset(self._task, total=total, completed=done)
        elif total is None:
            self._display.update(self._task, completed=done)
        else:
            self._display.update(self._task, completed=done, total=total)

    def describe(self, message: str) -> None:
        """Name the current step of the count in progress (the count stays)."""
        if self._display is not None:
            self._display.update(self._task, description=message)

    def step(self, message: str) -> None:
        """Start a new step named ``message``: a spinner with its own clock, no count (the last
        step's finished count would read as this step's) until a call gives one."""
        if self._display is not None:
            self._display.remove_task(self._task)
            self._task = self._display.add_task(message, total=None)
            self._done = 0


def _name_width(console: Any) -> int:
    """Columns left for the step's name on ``console``: its width less what the spinner, the
    count, the rate, the times and a short bar take (about 50 columns), at least 20."""
    return max(20, int(console.width) - 50)


@contextlib.contextmanager
def progress_bar(
    description: str, *, total: int | None = None, enabled: bool | None = None
) -> Iterator[Bar]:
    """A :class:`Bar` drawn on standard error while the block runs (``enabled=None``: only if
    standard error is a terminal). ``total``: the work to do, if known (else a spinner until a
    call gives one)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield Bar(description, total, None)
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.table import Column

    console = Console(stderr=True)
    display = Progress(
        SpinnerColumn(),
        # a long step name is cut short (…), not the count, the rate or the times beside it
        TextColumn(
            "{task.description}",
            table_column=Column(no_wrap=True, overflow="ellipsis", max_width=_name_width(console)),
        ),
        BarColumn(bar_width=None if console.width < 100 else 40),
        _counted(MofNCompleteColumn()),
        _rate_column(),
        TimeElapsedColumn(),
        _counted(TextColumn("ETA")),
        _counted(TimeRemainingColumn()),
        console=console,
        transient=True,
    )
    with display:
        yield Bar(description, total, display)
