"""The self-contained HTML report (``anpo report``).

:func:`build_report` runs every registered section provider and :func:`write_report` renders the
result to ``index.html`` (figures inline as SVG, no network access needed to view it), with the
full tables as CSV files beside it.

The builder (:mod:`anpo.report.build`, which runs every capability's section provider) is loaded
on first use, not by ``import anpo.report``: the capabilities import this package's section,
figure and format helpers, and would otherwise load the builder, which sits above them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from anpo.report.sections import Figure, Finding, ReportContext, Section, Table

if TYPE_CHECKING:
    from anpo.report.build import build_report, check_output_dir, terminal_summary, write_report

__all__ = [
    "Figure",
    "Finding",
    "ReportContext",
    "Section",
    "Table",
    "build_report",
    "check_output_dir",
    "terminal_summary",
    "write_report",
]


#: the builder's names, loaded on first use (:func:`__getattr__`)
_BUILDER = {"build_report", "check_output_dir", "terminal_summary", "write_report"}


def __getattr__(name: str) -> Any:
    """The builder's names and submodules (``anpo.report.build_report``, ``anpo.report.registry``),
    imported when first asked for (PEP 562), so importing a helper does not load the builder."""
    if name in _BUILDER:
        return getattr(importlib.import_module(f"{__name__}.build"), name)
    if name in {"build", "html", "registry"}:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """The module's names with the builder's, which :func:`__getattr__` loads on first use (so
    ``dir()`` and tab completion list them)."""
    return sorted({*globals(), *_BUILDER, "build", "html", "registry"})


# The module's old name, for code written against it while other branches move over (issue 16:
# module names say what a module holds). Remove after the next release.
import sys as _sys  # noqa: E402

from anpo.report import sections as _sections  # noqa: E402

_sys.modules.setdefault(__name__ + ".model", _sections)
