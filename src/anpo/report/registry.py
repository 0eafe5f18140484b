"""Section providers of the report, in report order.

Each entry is ``"module:function"``; the function takes a
:class:`anpo.report.sections.ReportContext` and returns a list of
:class:`anpo.report.sections.Section`. Add a capability's section by appending one line here.
"""

PROVIDERS: list[str] = [
    "anpo.deterrence.report:build",
    "anpo.relations.report:build",
    "anpo.align.report:build",
    "anpo.burden.report:build",
    "anpo.law.report:build",
    "anpo.futures.report:build",
]
