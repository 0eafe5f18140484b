"""Progress reporting: one interface, ``progress(done, total)``, and a rich bar behind it.

Library functions take an optional ``progress`` callable and call it with the work done and the
total; the command line passes :func:`progress_bar`'s callable (a bar with the rate and the
estimated time left, on standard error, only when it is a terminal).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any

ProgressFn = Callable[[int, int], None]


def _rate_column() -> Any:
    from rich.progress import ProgressColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Items per second (rich's own speed column counts bytes)."""

        def render(self, task: Any) -> Text:
            speed = task.finished_speed or task.speed
            if speed is None:
                return Text("-/s", style="progress.data.speed")
            return Text(f"{speed:,.0f}/s" if speed >= 10 else f"{speed:.2f}/s")

    return RateColumn()


@contextlib.contextmanager
def progress_bar(description: str, *, enabled: bool | None = None) -> Iterator[ProgressFn]:
    """A ``progress(done, total)`` callable drawing a bar with count, rate, elapsed time and
    ETA on standard error (``enabled=None``: only if standard error is a terminal)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield lambda done, total: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _rate_column(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    task = None

    def update(done: int, total: int) -> None:
        nonlocal task
        if task is None:
            bar.start()
            task = bar.add_task(description, total=total, completed=done)
        else:
            bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if task is not None:
            bar.stop()
