"""The self-contained HTML report (``anpo report``).

:func:`build_report` runs every registered section provider and :func:`write_report` renders the
result to ``index.html`` (figures inline as SVG, no network access needed to view it), with the
full tables as CSV files beside it.
"""

from anpo.report.build import build_report, check_output_dir, terminal_summary, write_report
from anpo.report.model import Figure, Finding, ReportContext, Section, Table

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
