"""The self-contained HTML report (``anpo report``).

:func:`build_report` runs every registered section provider and :func:`write_report` renders the
result to ``index.html`` (figures inline as SVG, no network access needed to view it), with the
full tables as CSV files beside it.
"""

from anpo.report.build import build_report, check_output_dir, terminal_summary, write_report
from anpo.report.sections import Figure, Finding, ReportContext, Section, Table

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


# The module's old name, for code written against it while other branches move over (issue 16:
# module names say what a module holds). Remove after the next release.
import sys as _sys  # noqa: E402

from anpo.report import sections as _sections  # noqa: E402

_sys.modules.setdefault(__name__ + ".model", _sections)
