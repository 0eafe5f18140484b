"""The ``anpo`` command line.

Each command group lives in its own module under ``anpo.cli`` and exposes ``register(app)``.
Heavy imports happen inside the commands, so that ``anpo --help`` stays fast.

Every :class:`anpo.errors.AnpoError` is printed as one line (file, line, field, message) on
standard error with exit status 2; no traceback reaches the user. The handling lives in the
application's command group (:class:`AnpoGroup`), so commands behave the same when invoked
in-process (``typer.testing.CliRunner``) as from the console script.

Commands are plain module-level functions; each module's ``register(app)`` adds them.
"""

from __future__ import annotations

import functools
import importlib
import math
import os
import sys
from typing import Any

import typer
import typer.core
from typer.core import TyperGroup

from anpo.errors import AnpoError


def click_exceptions() -> Any:
    """click's exception module (typer >= 0.20 vendors click as ``typer._click``)."""
    mod: Any = getattr(typer.core, "_click", None)
    if mod is None:  # pragma: no cover - older typer with the separate click package
        import click

        mod = click
    return mod.exceptions


#: pydantic's error types for a number outside an option's ``min``/``max``.
_RANGE_ERRORS = frozenset({"greater_than", "greater_than_equal", "less_than", "less_than_equal"})


def _non_finite_range_input(exc: Any) -> str | None:
    """The value as typed when ``exc`` refuses a non-finite number (``nan``, ``inf``) for being
    out of an option's range: the parser compares it with the bounds before the commands'
    finiteness check runs, so ``--time-limit nan`` read "should be less than or equal to 600"."""
    errors = getattr(exc.__cause__, "errors", None)  # typer >= 0.2x: pydantic's ValidationError
    if not callable(errors):
        return None
    for err in errors():
        if err.get("type") not in _RANGE_ERRORS:
            continue
        value = err.get("input")
        try:
            number = float(value)
        except (TypeError, ValueError):
            continue
        if not math.isfinite(number):
            return str(value)
    return None


#: pydantic's error types for a value that is not a whole number where an option takes one,
#: and for one that is not a number at all where an option takes any number.
_INTEGER_ERRORS = frozenset({"int_parsing", "int_from_float", "int_type"})
_NUMBER_ERRORS = frozenset({"float_parsing", "float_type"})


def _refused_input(exc: Any, types: frozenset[str]) -> str | None:
    """The value as typed when ``exc`` refuses it with one of pydantic's error ``types``
    (``--rvs 1e9``, ``-m 2.5``: "unable to parse string as an integer", which named neither
    what the option accepts nor its limits)."""
    errors = getattr(exc.__cause__, "errors", None)
    if not callable(errors):
        return None
    for err in errors():
        if err.get("type") in types:
            return str(err.get("input"))
    return None


def _whole_number_range(param: Any) -> str:
    """What an integer option accepts, from its ``min``/``max``: `` from 0 to 10,000,000``."""
    from anpo.report.format import bounds_words

    words = bounds_words(getattr(param, "min", None), getattr(param, "max", None), ("from", "to"))
    return f" {words}" if words else ""


def _shown(typed: str) -> str:
    """A value as typed, quoted when it would not show (empty, or with spaces at an end):
    ``--sspk ''`` read "got" followed by nothing.

    >>> _shown("ten"), _shown(""), _shown(" 1")
    ('ten', "''", "' 1'")
    """
    return repr(typed) if typed != typed.strip() or not typed else typed


def _usage_line(exc: Any) -> str:
    """A command-line parse error as one line: the command, what is wrong, where to look."""
    typed = _non_finite_range_input(exc)
    param = getattr(exc, "param", None)
    if typed is not None and param is not None:
        # the form an option without a range gives (and --max-work inf, which passes the
        # range check): "--max-work nan" read "anpo defense: Invalid value for '--max-work':
        # ...", "--max-work inf" "--max-work: ..."
        opts = list(getattr(param, "opts", []))
        flag = next((o for o in opts if o.startswith("--")), opts[0] if opts else param.name)
        return f"{flag}: must be a finite number, got {typed}"
    typed = _refused_input(exc, _INTEGER_ERRORS)
    if typed is not None and hasattr(exc, "message"):
        accepts = _whole_number_range(param)
        exc.message = f"must be a whole number{accepts}, written in digits; got {_shown(typed)}"
    typed = _refused_input(exc, _NUMBER_ERRORS)
    if typed is not None and hasattr(exc, "message"):
        exc.message = f"must be a number (such as 0.7 or 1e-3); got {_shown(typed)}"
    msg = " ".join(exc.format_message().split())
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        return f"{ctx.command_path}: {msg} (see `{ctx.command_path} --help`)"
    return msg


def _leaf_command(group: Any, ctx: Any) -> Any:
    """The command a command line invokes (``anpo law ask ...`` -> ``ask``), from the group's
    remaining arguments."""
    args = list(getattr(ctx, "_protected_args", None) or getattr(ctx, "protected_args", []))
    args += list(ctx.args)
    cmd = group
    for token in args:
        sub = cmd.get_command(ctx, token) if hasattr(cmd, "get_command") else None
        if sub is None:
            if hasattr(cmd, "get_command") and token.startswith("-"):
                continue  # an option of the group itself
            break
        cmd = sub
    return cmd


def flag_name(command: Any, field: str | None) -> str | None:
    """The flag the user typed for a parameter named ``field`` of ``command`` (``years`` ->
    ``--years``; an option with a short flag only -> it, e.g. ``-m``; an argument -> its
    metavar, e.g. ``FILE``); other fields unchanged."""
    if not field or command is None:
        return field
    key = field.lstrip("-").replace("-", "_")
    for param in getattr(command, "params", []):
        if param.name == key:
            opts = list(getattr(param, "opts", []))
            if getattr(param, "param_type_name", "") == "option" and opts:
                # the long flag, else the short one: an option with only '-m' was named by its
                # upper-cased parameter name ('M: must be ...'), as an argument is
                return next((o for o in opts if o.startswith("--")), opts[0])
            shown = getattr(param, "metavar", None) or getattr(param, "name", None) or key
            return str(shown).upper()
    return field


def _name_flag(command: Any, exc: AnpoError) -> None:
    """Name ``exc``'s field by the flag the user typed (:func:`flag_name`), unless the error
    names a file: a field of a file the user gave is not a flag (``year`` in a GDP table)."""
    if exc.file is None:
        exc.field = flag_name(command, exc.field)


def _takes_path(annotation: Any) -> bool:
    """Whether a parameter typed ``annotation`` takes file or folder names: ``Path``,
    ``Path | None``, ``list[Path]``..."""
    from pathlib import PurePath
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, PurePath):
        return True
    return any(_takes_path(a) for a in get_args(annotation))


def _no_empty_path(param: Any, process: Any) -> Any:
    """``process`` (a parameter's ``process_value``) refusing an empty name first."""

    def process_value(ctx: Any, value: Any) -> Any:
        values = value if isinstance(value, list | tuple) else [value]
        if any(isinstance(v, str) and v == "" for v in values):
            raise click_exceptions().BadParameter(
                "is empty; give a name (an empty name would mean the current folder)",
                ctx=ctx,
                param=param,
            )
        return process(ctx, value)

    return process_value


def _refuse_empty_paths(command: Any) -> None:
    """Make every file or folder parameter of ``command`` and its subcommands (recursively)
    refuse an empty value, a command-line error naming the parameter: the parser reads ``""``
    as ``Path("")``, the current folder, so an unset shell variable (``--home "$DIR"``) made a
    data catalog in the current folder, ``anpo report --out "" --force`` wrote there and
    ``anpo stability ""`` answered ".: is a directory". A ``.`` typed as such is kept."""
    for param in getattr(command, "params", []):
        desc = getattr(param, "type_descriptor", None)
        if desc is not None and _takes_path(desc.annotation):
            param.process_value = _no_empty_path(param, param.process_value)
    for sub in getattr(command, "commands", {}).values():
        _refuse_empty_paths(sub)


def _tidy_help(group: Any) -> None:
    """Reflow the help of every subcommand of ``group`` (recursively, :func:`reflow_help`) and
    give each a one-line summary for the command lists of ``--help``: the first paragraph of
    its help on one line (typer's rich help keeps a docstring's line breaks, so a docstring
    wrapped at 100 columns printed ragged lines there: "...file, line and" / "field)...").
    A summary set explicitly is kept."""
    for cmd in getattr(group, "commands", {}).values():
        if cmd.help:
            cmd.help = reflow_help(cmd.help)
            if cmd.short_help is None:
                cmd.short_help = " ".join(cmd.help.split("\n\n")[0].split())
        _tidy_help(cmd)


#: A paragraph with a line starting like this is laid out by hand (a list, an indented
#: example, a table) and keeps its line breaks.
_LAID_OUT = ("- ", "* ", "|", "$ ", "```", "\b", " ", "\t")


def reflow_help(text: str) -> str:
    r"""``text`` (a command's help, a docstring) with the single line breaks inside each
    paragraph removed, so that the terminal wraps paragraphs at its own width: typer's rich
    help keeps them, and a docstring wrapped at 100 columns printed ragged in an 80-column
    terminal ("...the output folder is" / "checked before..."). Paragraphs laid out by hand
    (:data:`_LAID_OUT`) are kept as they are.

    >>> reflow_help("One line.\n\nA long\nparagraph.\n\n- a list\n- kept")
    'One line.\n\nA long paragraph.\n\n- a list\n- kept'
    """
    import inspect

    paragraphs = inspect.cleandoc(text).split("\n\n")
    out = []
    for para in paragraphs:
        lines = para.split("\n")
        if len(lines) > 1 and not any(ln.startswith(_LAID_OUT) for ln in lines):
            para = " ".join(ln.strip() for ln in lines)
        out.append(para)
    return "\n\n".join(out)


def _interrupted(exc: BaseException) -> bool:
    """Whether ``exc`` stands for a Ctrl-C: a KeyboardInterrupt, or an error raised while one
    was being handled (Numba's compiled functions turn an interrupt that lands inside them into
    ``SystemError: ... returned a result with an exception set``)."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        if isinstance(cur, KeyboardInterrupt):
            return True
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    return False


def _drop_stdout() -> None:
    """Point standard output at the null device (what is left in its buffer included), after a
    write to it failed: nothing more can reach it, and the flush at exit must not fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):  # no real file behind it (a test's capture)
        pass


class AnpoGroup(TyperGroup):
    """The top-level command group: an :class:`AnpoError` becomes one line on stderr, exit 2
    (its field named by the flag the user typed, when it is one of the command's parameters and
    the error names no file: ``focal`` in a thresholds file stays ``focal``, not ``--focal``);
    so does a command-line parse error (unknown option, bad value, missing argument, an
    empty file name: :func:`_refuse_empty_paths`), a
    path the operating system refuses (an ``OSError`` naming a file) and an output that cannot
    be written (``anpo ... > file`` on a full disk). A Ctrl-C prints
    "interrupted" and exits 130, wherever it lands (:func:`_interrupted`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _tidy_help(self)
        _refuse_empty_paths(self)

    def invoke(self, ctx: Any) -> Any:
        leaf = _leaf_command(self, ctx)
        try:
            return super().invoke(ctx)
        except AnpoError as exc:
            _name_flag(leaf, exc)
            from anpo.cli._common import echo_error

            echo_error(exc)  # the first problem, then a file's others
            raise typer.Exit(2) from None
        except (KeyboardInterrupt, SystemError) as exc:
            if not _interrupted(exc):
                raise
            typer.echo("interrupted", err=True)
            raise KeyboardInterrupt from None  # typer's main exits 130
        except OSError as exc:
            from anpo._io.files import NO_ROOM

            if exc.filename is None and exc.errno in NO_ROOM:
                # the output (`anpo ... > file`) cannot be written: a full disk, a file-size
                # limit. Said once; the output is then dropped, so that Python's flush of what
                # is left at exit does not fail a second time with its own message.
                _drop_stdout()
                typer.echo(f"error: cannot write the output: {exc.strerror}", err=True)
                raise typer.Exit(2) from None
            # the system refused a path the user gave (a name too long, a loop of links, no
            # permission...): every command reaches the file system through many checks
            # (exists, is_file, stat), so it is said here once, as one line
            if exc.filename is None or not exc.strerror:
                raise
            name = str(exc.filename)
            shown = name if len(name) <= 120 else f"{name[:60]}... ({len(name)} characters)"
            typer.echo(f"error: {shown}: {exc.strerror}", err=True)
            raise typer.Exit(2) from None

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        cx = click_exceptions()
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except cx.ClickException as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":
                # `anpo` or a group (`anpo data`) with nothing after it asks for nothing: the
                # help, as --help prints it (typer's rich help is already on stdout; the
                # message holds the plain help, if any), exit 0, nothing on stderr
                typer.echo(exc.format_message())
                sys.exit(0)
            typer.echo(f"error: {_usage_line(exc)}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("aborted", err=True)
            sys.exit(1)
        except MemoryError:
            typer.echo(
                "error: out of memory: the inputs ask for more than this machine has; "
                "use smaller inputs",
                err=True,
            )
            sys.exit(2)
        sys.exit(code if isinstance(code, int) else 0)


def _version(value: bool) -> None:
    if value:
        from anpo import __version__

        typer.echo(f"anpo {__version__}")
        raise typer.Exit()


app = typer.Typer(
    cls=AnpoGroup,
    name="anpo",
    help="Alliance-system toolkit: deterrence, alignment, relations, burden sharing, Japan's law.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: Command modules, in the order their commands appear in ``anpo --help``.
COMMAND_MODULES: list[str] = [
    "report",
    "scenario",
    "deterrence",
    "data",
    "relations",
    "align",
    "law",
    "burden",
    "futures",
    "explore",
    "web",
]


@app.callback()
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
    data_version: list[str] = typer.Option(  # noqa: B008
        [],
        "--data-version",
        metavar="KIND=VERSION",
        help="Read this version of a dataset kind from the catalog instead of its default, "
        "e.g. --data-version nmc=7.0 (repeatable; also ANPO_DATA_VERSIONS=nmc=7.0,...).",
    ),
) -> None:
    """Alliance-system toolkit: deterrence, alignment, relations, burden sharing, Japan's law."""
    if data_version:
        from anpo.data.catalog import parse_version_pins, pinned_versions

        # pinned for this invocation only (released when the command's context closes)
        ctx.with_resource(pinned_versions(parse_version_pins(data_version)))


for _name in COMMAND_MODULES:
    importlib.import_module(f"anpo.cli.{_name}").register(app)


def _current_command() -> Any:
    """The click command being run (None when it cannot be told)."""
    try:
        vendored = getattr(typer.core, "_click", None)
        if vendored is not None:  # typer >= 0.20 vendors click
            from importlib import import_module

            get = import_module(f"{vendored.__name__}.globals").get_current_context
        else:  # pragma: no cover - older typer with the separate click package
            import click

            get = click.get_current_context
        ctx = get(silent=True)
    except Exception:  # noqa: BLE001 - naming a flag must never turn an error into a crash
        return None
    return None if ctx is None else ctx.command


def _finite_numbers(func: Any) -> Any:
    """Wrap a command so that a non-finite number given to any of its float options (``nan``,
    ``inf``, which the parser accepts) is refused before the command runs, and so that an
    error about one of its parameters names the flag as typed (``method`` -> ``--method``;
    not an error naming a file, whose field is the file's: ``year`` in a GDP table). A zero
    typed with a sign (``--reliability -0``) is passed on as zero: the parser's ``-0.0`` came
    out as a probability of "-0.000000"."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            for name, value in list(kwargs.items()):
                values = value if isinstance(value, list | tuple) else [value]
                for v in values:
                    if isinstance(v, float) and not math.isfinite(v):
                        from anpo.errors import InputError

                        raise InputError(f"must be a finite number, got {v}", field=name)
                if isinstance(value, float):
                    kwargs[name] = value + 0.0  # -0.0 + 0.0 is 0.0; any other value unchanged
                elif isinstance(value, list | tuple):
                    kwargs[name] = type(value)(
                        v + 0.0 if isinstance(v, float) else v for v in value
                    )
            return func(*args, **kwargs)
        except AnpoError as exc:
            _name_flag(_current_command(), exc)
            raise

    return wrapper


def _guard_commands(typer_app: typer.Typer) -> None:
    for info in typer_app.registered_commands:
        if info.callback is not None:
            info.callback = _finite_numbers(info.callback)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _guard_commands(group.typer_instance)


_guard_commands(app)


def fail(message: str) -> None:
    """Print ``message`` as one line on stderr and exit 2."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``anpo`` console script."""
    try:
        app(args=argv, standalone_mode=True)
    except AnpoError as exc:
        from anpo.cli._common import echo_error

        echo_error(exc)
        sys.exit(2)
    except KeyboardInterrupt:  # pragma: no cover - interactive
        typer.echo("interrupted", err=True)
        sys.exit(130)
