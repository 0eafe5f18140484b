"""Helpers shared by the CLI modules: JSON output, tables that survive a pipe, safe file writes.

- :func:`print_json`: one JSON document on stdout (NaN and infinities as null, dates as ISO).
- :func:`print_frame` / :func:`console`: rich tables. On a terminal they fit its width and wrap
  long cells (never cut them); off a terminal (piped, redirected) they use the width their
  content needs, so nothing is lost to an 80-column default. Cell text is printed literally
  (no rich markup interpretation).
- :func:`write_file_atomic`: refuse to overwrite without ``--force``, then write atomically
  (:func:`anpo._io.files.atomic_path`), every failure one :class:`~anpo.errors.InputError`.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import stat
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

#: Width used off a terminal: wide enough that no table is cut or wrapped.
PIPE_WIDTH = 10_000


def to_jsonable(obj: Any) -> Any:
    """Convert numpy / pandas objects, dates (ISO text) and NaN (null) into plain JSON values."""
    import numpy as np
    import pandas as pd

    if isinstance(obj, pd.DataFrame):
        return [to_jsonable(r) for r in obj.to_dict(orient="records")]
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return [to_jsonable(v) for v in obj.tolist()]
    if isinstance(obj, np.generic):
        return to_jsonable(obj.item())
    if isinstance(obj, float):
        return None if math.isnan(obj) or math.isinf(obj) else obj
    if obj is None or obj is pd.NA or obj is pd.NaT:
        return None
    if hasattr(obj, "isoformat"):  # datetime.date, datetime.datetime, pandas.Timestamp
        return obj.isoformat()
    return obj


def one_of(value: str, choices: Any, field: str) -> Any:
    """``value`` checked against a ``Literal`` type (or a sequence) of choices, for a model
    parameter typed with it: an :class:`~anpo.errors.InputError` naming ``field`` and the
    choices otherwise."""
    from typing import get_args

    from anpo.errors import InputError

    allowed = tuple(get_args(choices)) or tuple(choices)
    if value not in allowed:
        shown = ", ".join(repr(c) for c in allowed)
        raise InputError(f"must be one of {shown}; got {value!r}", field=field)
    return value


#: Most problems listed under an error's first line (:func:`error_lines`); the rest counted.
MAX_LISTED_PROBLEMS = 20


def error_lines(exc: Any) -> list[str]:
    r"""The lines the command line prints for the anpo error ``exc`` on standard error: its
    first problem as one line, ``error: file:line: field: message`` (the message counting the
    others, as before), then each other problem of the file on its own indented line, at most
    :data:`MAX_LISTED_PROBLEMS` and "and N more" after them. Before, a file's other problems
    were counted and never listed ("future.title: required field is missing (and 6 more
    problems)"), so a file was fixed one error at a time (audit32).

    >>> from anpo.errors import ScenarioError
    >>> e = ScenarioError("required field is missing (and 1 more problem)", file="s.toml",
    ...                   line=1, field="scenario.title")
    >>> e.others = ("s.toml:1: scenario.year: required field is missing",)
    >>> print("\n".join(error_lines(e)))
    error: s.toml:1: scenario.title: required field is missing (and 1 more problem)
      s.toml:1: scenario.year: required field is missing
    """
    others = list(getattr(exc, "others", ()) or ())
    lines = [f"error: {exc.one_line()}"]
    lines += [f"  {o}" for o in others[:MAX_LISTED_PROBLEMS]]
    if len(others) > MAX_LISTED_PROBLEMS:
        lines.append(f"  and {len(others) - MAX_LISTED_PROBLEMS} more")
    return lines


def echo_error(exc: Any) -> None:
    """Print :func:`error_lines` of ``exc`` on standard error."""
    typer.echo("\n".join(error_lines(exc)), err=True)


def print_json(obj: Any) -> None:
    """Print ``obj`` as JSON on stdout (and nothing else)."""
    typer.echo(json.dumps(to_jsonable(obj), indent=2, ensure_ascii=False))


#: Default limit of :func:`check_work` (elementary operations; about five seconds of work).
MAX_WORK = 5e9


def check_work(
    estimate: float,
    what: str,
    limit: float = MAX_WORK,
    flag: str = "--max-work",
    unit: str = "operations",
) -> None:
    """Refuse, before anything is allocated, a computation whose estimated work exceeds
    ``limit``, saying the estimate (in ``unit``; an int is a count, given exactly) and how to
    raise the limit."""
    from anpo.errors import InputError

    if not math.isfinite(limit) or limit <= 0:
        raise InputError(f"must be a positive finite number, got {limit}", field=flag)
    if not estimate > limit:  # (as before: an estimate of NaN is not refused here)
        return
    if isinstance(estimate, int):  # a count, not an estimate: given exactly
        needs, over = f"{estimate:,}", f"{limit:,.0f}"
    else:
        # as many digits as it takes for the two figures to differ (an estimate just over the
        # limit read "about 5.0e+09 operations, over the limit of 5.0e+09")
        digits = 1
        while f"{estimate:.{digits}e}" == f"{limit:.{digits}e}" and digits < 16:
            digits += 1
        needs, over = f"about {estimate:.{digits}e}", f"{limit:.{digits}e}"
    raise InputError(
        f"{what} needs {needs} {unit}, over the limit of {over}; use smaller inputs, or raise "
        f"the limit with {flag} (it may take long)",
        field=flag,
    )


def trim_pmf(pmf: Any, eps: float = 1e-15) -> tuple[int, list[float]]:
    """``(start, values)``: the distribution without its negligible tails (entries below
    ``eps`` at either end), so that ``values[i] = P(X = start + i)``."""
    import numpy as np

    arr = np.asarray(pmf, dtype=float)
    keep = np.flatnonzero(arr >= eps)
    if keep.size == 0:
        return 0, []
    lo, hi = int(keep[0]), int(keep[-1])
    return lo, [float(x) for x in arr[lo : hi + 1]]


@contextlib.contextmanager
def flag_names(mapping: dict[str, str]) -> Any:
    """Rename the field of an :class:`anpo.errors.AnpoError` raised in the block from a library
    parameter name to the flag the user typed (``{"shots_per_rv": "--shots"}``)."""
    from anpo.errors import AnpoError

    try:
        yield
    except AnpoError as exc:
        if exc.field in mapping:
            exc.field = mapping[exc.field]
        raise


def format_count(count: int, exact_up_to: int = 10**15) -> str:
    """A count for people: exact with thousands separators up to ``exact_up_to``, beyond it
    "about 1.7e65" (from the exact integer, so never a float overflow or a capped value).

    >>> format_count(1234567)
    '1,234,567'
    >>> format_count(2**216)
    'about 1.1e65'
    """
    count = int(count)
    if abs(count) <= exact_up_to:
        return f"{count:,}"
    digits = str(abs(count))
    exponent = len(digits) - 1
    two = (int(digits[:3]) + 5) // 10  # two significant digits, rounded half up
    if two == 100:
        two, exponent = 10, exponent + 1
    return f"about {'-' if count < 0 else ''}{two // 10}.{two % 10}e{exponent}"


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


#: Width of text (paragraphs, panels) off a terminal: wrapped there, which loses nothing.
PIPE_TEXT_WIDTH = 100


def console(stderr: bool = False) -> Any:
    """A rich Console for command output: the terminal's width on a terminal. Off a terminal
    (piped, redirected) each table is printed at the width its content needs (up to
    :data:`PIPE_WIDTH`) so that no cell is cut, with its title at the left margin, and other
    output (text, panels, and tables of prose, made with ``expand=True``, whose cells fold)
    wraps at :data:`PIPE_TEXT_WIDTH` columns."""
    from rich.console import Console
    from rich.table import Table

    stream = sys.stderr if stderr else sys.stdout
    if _is_terminal(stream):
        return Console(stderr=stderr)

    class _PipeConsole(Console):
        def print(self, *objects: Any, **kwargs: Any) -> None:
            if kwargs.get("width") is None:
                width = PIPE_TEXT_WIDTH
                for obj in objects:
                    if isinstance(obj, Table):
                        # a table of prose (expand=True: its cells fold, Japanese included,
                        # which has no spaces to wrap at) wraps like text, losing nothing
                        natural = PIPE_TEXT_WIDTH if obj.expand else self.measure(obj).maximum
                        width = max(width, min(natural, PIPE_WIDTH))
                        # a title centred over a table hundreds of columns wide starts after
                        # hundreds of spaces: off a terminal it starts at the left margin, unpadded
                        obj.title_justify = obj.caption_justify = "default"
                kwargs["width"] = width
            super().print(*objects, **kwargs)

    return _PipeConsole(stderr=stderr, width=PIPE_WIDTH)


def stdout_console() -> Any:
    """:func:`console` for standard output (the commands' tables and text)."""
    return console()


def print_frame(
    frame: Any,
    title: str | None = None,
    caption: str | None = None,
    kinds: dict[str, Any] | None = None,
    *,
    plain: bool = False,
    glossary: dict[str, str] | None = None,
) -> None:
    """Print a DataFrame as a rich table (cells wrap on a terminal; full width off it).

    Numbers are written by the report's formatter (:func:`anpo.report.format.fmt_number`: three
    significant figures, no floating-point noise, years and codes as written, an en dash for a
    missing value), each column's kind guessed from its name unless ``kinds`` gives it.
    ``caption`` is printed under the table as a line of its own (e.g. "showing 50 of 204 rows;
    ..."), not squeezed into the table's width: a two-column table would break it into five;
    a table narrower than its ``title`` is widened to it.
    ``plain``: the headers in a reader's words (:func:`anpo.report.tables.plain_headers`, the
    report's glossary, then ``glossary``), not the data names ``c1_defender``, ``fss_lua``; the
    JSON output keeps the data names."""
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    from anpo.report.format import format_frame

    heads = [str(c) for c in frame.columns]
    if plain:
        from anpo.report.tables import plain_headers

        heads = plain_headers(frame, glossary)
    # a table narrower than its title is widened to it: the title's words, numbers among them
    # ("more than 106,496 rows"), are not broken across lines ("106,4" / "96")
    # the title is text, not markup: it carries a user's scenario title, actor name or path,
    # whose '[draft]' rich dropped and whose '[/]' raised a MarkupError (a traceback)
    table = Table(
        title=escape(title) if title else title,
        show_lines=False,
        min_width=len(title) if title else None,
    )
    for col, head in zip(frame.columns, heads, strict=True):
        numeric = getattr(frame[col].dtype, "kind", "O") in "iuf"
        table.add_column(head, justify="right" if numeric else "left", overflow="fold")
    for rec in format_frame(frame, kinds).itertuples(index=False):
        table.add_row(*(Text(str(v)) for v in rec))
    out = console()
    out.print(table)
    if caption:
        out.print(Text(caption, style="italic"))


def named(name: str, ident: str) -> str:
    """A thing a reader knows by ``name`` with the ``ident`` a command takes beside it: "NMD
    capability 3 [nmd-c3]" (``--variant nmd-c3``); the name alone when it is the id.

    >>> named("NMD capability 3", "nmd-c3"), named("mad", "mad")
    ('NMD capability 3 [nmd-c3]', 'mad')
    """
    return ident if name == ident else f"{name} [{ident}]"


def terminal_text(text: str) -> str:
    r"""``text`` with every control character (:func:`anpo.align.io.control_character`'s:
    category Cc, the line and paragraph separators, the bidirectional controls) written as
    its escape (``\x1b``, ``\u202e``), for a terminal: free text that files may keep (an
    alignment instance's title round-trips them) must not move the cursor, retitle the window
    or reorder what follows when printed.

    >>> terminal_text("Evil\x1b]0;pwned\x07 title"), terminal_text("日米 A")
    ('Evil\\x1b]0;pwned\\x07 title', '日米 A')
    """
    from anpo.align.io import control_character

    return "".join(ascii(ch)[1:-1] if control_character(ch) else ch for ch in text)


def _refuse_read_only(path: Path, field: str) -> None:
    """Refuse to replace a read-only file, ``--force`` or not: the atomic rename of
    :func:`anpo._io.files.atomic_path` goes through a file's own permission bits (only its
    folder's count), so ``--force`` replaced a file the user had made read-only (``chmod a-w``,
    the usual guard of an input against being overwritten) and left it writable. Read-only
    means no write bit at all, or no write access for this user (root has it everywhere, so
    the bits are read too). Raises :class:`anpo.errors.InputError` naming ``field``."""
    from anpo.errors import InputError

    try:
        mode = path.stat().st_mode
    except OSError:  # gone, or a dangling link: nothing to keep
        return
    if not stat.S_ISREG(mode):
        return
    if not mode & 0o222 or not os.access(path, os.W_OK):
        raise InputError(
            "is read-only; --force does not replace a read-only file (make it writable "
            "first, or choose another name)",
            file=path,
            field=field,
        )


def check_output_file(path: Path, *, force: bool = False, field: str = "--out") -> None:
    """Refuse an output file before any work: one that exists (without ``force``; with it, a
    read-only one), a directory, or one whose folder cannot be created or written. Raises
    :class:`anpo.errors.InputError` naming ``field``."""
    from anpo.errors import InputError

    if path.is_dir():
        raise InputError("is a directory; give a file name", file=path, field=field)
    if path.exists() and not force:
        raise InputError("exists; choose another name or pass --force", file=path, field=field)
    _refuse_read_only(path, field)
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise InputError(f"{parent} is a file, not a folder", file=path, field=field)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"cannot write in {parent} (permission denied)", file=path, field=field)
    from anpo._io.files import try_create_in

    try:  # root passes os.access everywhere, and /proc or a read-only mount refuse anyway
        try_create_in(parent)
    except OSError as exc:
        raise InputError(
            f"cannot write in {parent} ({exc.strerror or exc})", file=path, field=field
        ) from None


def write_file_atomic(
    path: Path, write: Callable[[Path], object], *, force: bool = False, field: str = "--out"
) -> None:
    """Create or (with ``force``) replace ``path`` by calling ``write(tmp)`` on a temporary
    file beside it, then renaming it into place: a reader never sees a half-written file, and
    a failure leaves any previous file as it was. The new file gets the permissions the
    user's umask gives (0644 under the usual 022), not ``tempfile``'s 0600.

    Raises :class:`anpo.errors.InputError` naming ``field`` when ``path`` exists and ``force``
    is False, when it is read-only (``force`` or not), or when it cannot be written.
    """
    from anpo._io.files import atomic_path
    from anpo.errors import InputError

    if path.is_dir():  # never replaced, --force or not: said before --force is offered
        raise InputError("is a directory; give a file name", file=path, field=field)
    if path.exists() and not force:
        raise InputError("exists; choose another name or pass --force", file=path, field=field)
    _refuse_read_only(path, field)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp:
            write(tmp)
    except OSError as exc:
        raise InputError(f"cannot write here ({exc.strerror})", file=path, field=field) from None


@contextmanager
def caught_data_warnings() -> Iterator[list[str]]:
    """Collect the message of every :class:`anpo.errors.DataWarning` raised inside the block
    (once each; the list yielded holds them once the block has ended) instead of letting Python
    print them with a source line; other warnings go on as Python would show them."""
    from anpo.errors import DataWarning

    records: list[warnings.WarningMessage] = []
    heard: list[str] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", DataWarning)
            try:
                yield heard
            finally:
                records = list(caught)
    finally:  # outside the catching block, where a warning shown again is not caught again
        for w in records:
            if not issubclass(w.category, DataWarning):
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
            elif str(w.message) not in heard:
                heard.append(str(w.message))


@contextmanager
def echo_data_warnings() -> Iterator[list[str]]:
    """Print every :class:`anpo.errors.DataWarning` raised inside the block as one line
    ``warning: ...`` on standard error (once each, after the block); other warnings go on as
    Python would show them. The list yielded holds the lines' messages once the block has
    ended (for a command's JSON)."""
    said: list[str] = []
    try:
        with caught_data_warnings() as heard:
            yield said
    finally:
        for msg in heard:
            said.append(msg)
            typer.echo(f"warning: {msg}", err=True)


def refuse_group_options(ctx: Any, given: dict[str, bool]) -> None:
    """In a command group's callback, when a subcommand follows: refuse the group's own options
    given before it (``given``: flag -> whether the user gave it), which typer would drop
    silently (``anpo roles --focal 740 validate`` validated the U.S. roles). The error names the
    flags and where they go: after the subcommand when it has them, else its ``--help``."""
    from anpo.errors import InputError

    flags = [f for f, on in given.items() if on]
    if not flags:
        return
    sub = ctx.invoked_subcommand
    group = ctx.command_path
    cmd = ctx.command.get_command(ctx, sub)
    has = {o for p in getattr(cmd, "params", []) for o in getattr(p, "opts", [])}
    where = (
        f"put {'it' if len(flags) == 1 else 'them'} after it ({group} {sub} {' '.join(flags)} ...)"
        if all(f in has for f in flags)
        else f"`{group} {sub} --help` lists its options"
    )
    what = (
        "an option given before the subcommand would be ignored"
        if len(flags) == 1
        else f"options given before the subcommand ({', '.join(flags)}) would be ignored"
    )
    raise InputError(f"{what}: {where}", field=flags[0])
