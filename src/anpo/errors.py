"""Exception types raised by anpo.

Every error a user can cause by bad input derives from :class:`AnpoError`. The CLI catches
``AnpoError``, prints :meth:`AnpoError.one_line` and exits with status 2; library users catch the
specific subclass.
"""

from __future__ import annotations

from pathlib import Path


class AnpoError(Exception):
    """Base class of every user-facing anpo error.

    Parameters
    ----------
    message:
        What is wrong, in plain words.
    file, line, column, field:
        Where it is wrong, when known (``line`` and ``column`` are 1-based; ``column`` is given
        where the line alone does not say where: a TOML syntax error, a key of an inline table).
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        self.field = field

    #: The problems after the first, each as ``file:line: field: message``, when the input has
    #: more than one (a file's validation: the message counts them, "(and 6 more problems)");
    #: the command line lists them under the first (:func:`anpo.cli._common.error_lines`).
    others: tuple[str, ...] = ()

    def one_line(self) -> str:
        """``file:line:column: field: message`` with the parts that are known."""
        where = ""
        col = f":{self.column}" if self.column is not None and self.line is not None else ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}{col}"
            where += ": "
        elif self.line is not None:
            where = f"line {self.line}{col}: "
        fld = f"{self.field}: " if self.field else ""
        return f"{where}{fld}{self.message}".replace("\n", " ")

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.one_line()


class InputError(AnpoError, ValueError):
    """A bad argument to a model function (out-of-range probability, wrong shape, ...)."""


class ScenarioError(AnpoError):
    """A scenario file that cannot be read or does not validate."""


class DataError(AnpoError):
    """A dataset file that is missing, of the wrong kind, or damaged."""


class UnknownDatasetError(DataError):
    """A file whose dataset kind cannot be told from its header (pass the kind explicitly)."""


class CatalogError(AnpoError):
    """A problem with the persistent data catalog (``ANPO_HOME``)."""


class DatasetExistsError(CatalogError):
    """The catalog already holds a different dataset of that kind (pass ``replace``)."""


class AlignError(AnpoError, ValueError):
    """Bad input to the landscape-theory engine."""


class LawError(AnpoError, ValueError):
    """An unknown situation, activity or location, or a date outside every regime."""


class BurdenError(AnpoError, ValueError):
    """Bad or insufficient data for a burden-sharing model."""


class ExploreError(AnpoError):
    """A bad exploration request, or an output folder that holds another run."""


class FutureError(AnpoError):
    """A future file that cannot be read, does not validate, or whose changes do not apply."""


class BudgetExceededError(AlignError):
    """An exact solver spent its time or node budget before proving optimality.

    ``solution`` holds the best configuration found with a valid lower bound on the global
    minimum (a :class:`anpo.align.landscape.Solution`); ``partial`` holds any results that were
    proven before the budget ran out (e.g. the energies of the smaller numbers of coalitions).
    """

    def __init__(
        self,
        message: str,
        *,
        solution: object = None,
        partial: object = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message, field=field)
        self.solution = solution
        self.partial = partial


class DataWarning(UserWarning):
    """A data problem that does not stop the computation but changes what it means (a partial
    capabilities file, years outside the state list); the CLI prints it as ``warning: ...``."""
