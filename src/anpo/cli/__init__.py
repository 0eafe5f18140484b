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

import importlib
import sys

import typer
from typer.core import TyperGroup

from anpo.errors import AnpoError


class AnpoGroup(TyperGroup):
    """The top-level command group: an :class:`AnpoError` becomes one line on stderr, exit 2."""

    def invoke(self, ctx: typer.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except AnpoError as exc:
            typer.echo(f"error: {exc.one_line()}", err=True)
            raise typer.Exit(2) from None


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
    "explore",
]


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Alliance-system toolkit: deterrence, alignment, relations, burden sharing, Japan's law."""


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
