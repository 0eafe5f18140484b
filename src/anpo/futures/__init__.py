"""The seed's futures: a book of futures applied to a base scenario, and one scorecard.

- :func:`load_book` / :func:`load_future`: future files (``anpo/futures/book``) applied to
  their base scenario, as :class:`World` objects.
- :func:`indicators` / :func:`scorecard`: the same indicators for every future, one per question
  of the seed (:data:`INDICATORS`).
- :func:`inert_inputs`: a future's uncertain inputs whose draws cannot move any indicator, with
  why.
"""

from __future__ import annotations

from anpo.futures.load import future_files, load_book, load_future, parse_future_text, resolve
from anpo.futures.schema import FutureFile, World
from anpo.futures.scorecard import INDICATORS, details, indicators, inert_inputs, scorecard

__all__ = [
    "INDICATORS",
    "FutureFile",
    "World",
    "details",
    "future_files",
    "indicators",
    "inert_inputs",
    "load_book",
    "load_future",
    "parse_future_text",
    "resolve",
    "scorecard",
]


# The module's old name, for code written against it while other branches move over (issue 16:
# module names say what a module holds). Remove after the next release.
import sys as _sys  # noqa: E402

from anpo.futures import schema as _schema  # noqa: E402

_sys.modules.setdefault(__name__ + ".model", _schema)
