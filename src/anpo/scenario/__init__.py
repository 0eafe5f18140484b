"""Scenario files: the pydantic model, loading with one-line errors, and the built-in book."""

from anpo.scenario.load import book_files, load_book, load_scenario, parse_scenario_text
from anpo.scenario.schema import Case, Scenario

__all__ = ["Case", "Scenario", "book_files", "load_book", "load_scenario", "parse_scenario_text"]


# The module's old name, for code written against it while other branches move over (issue 16:
# module names say what a module holds). Remove after the next release.
import sys as _sys  # noqa: E402

from anpo.scenario import schema as _schema  # noqa: E402

_sys.modules.setdefault(__name__ + ".model", _schema)
