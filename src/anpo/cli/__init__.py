"""The ``anpo`` command line.

Each command group lives in its own module under ``anpo.cli`` and exposes ``register(app)``.
Heavy imports happen inside the commands, so that ``anpo --help`` stays fast.

Every :class:`anpo.errors.AnpoError` is printed as one line (file, line, field, message) on
standard error with exit status 2; no traceback reaches the user.
"""

from __future__ import annotations

import importlib
import sys

import typer

from anpo.errors import AnpoError

app = typer.Typer(
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
]

for _name in COMMAND_MODULES:
    importlib.import_module(f"anpo.cli.{_name}").register(app)


def fail(message: str) -> None:
    """Print ``message`` as one line on stderr and exit 2."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``anpo`` console script."""
    try:
        app(args=argv, standalone_mode=True)
    except AnpoError as exc:
        typer.echo(f"error: {exc.one_line()}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:  # pragma: no cover - interactive
        typer.echo("interrupted", err=True)
        sys.exit(130)
