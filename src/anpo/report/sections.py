"""Building blocks of the report: sections, figures and tables.

A report section answers one question from the seed [soeya2001]. Each
section provider (a function ``build(ctx) -> list[Section]``, registered in
:mod:`anpo.report.registry`) returns plain data; :mod:`anpo.report.html` renders it. Providers never
write files.

Text fields are plain text: the page escapes them, marks Japanese runs ``lang="ja"`` and shows
text between backticks (`anpo data add DIR`) as code. Helpers providers can use:
:mod:`anpo.report.figures` (figure conventions), :mod:`anpo.report.format` (the one number
formatter), :mod:`anpo.report.countries` (country names from COW codes) and
:mod:`anpo.report.tables` (plain-language headers, definition tables).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from anpo.data.catalog import Catalog


@dataclass
class Figure:
    """A figure as inline SVG markup (self-contained, no external resources).

    ``description`` is the accessible description (what the figure shows, in words, for a screen
    reader and for a reader who cannot see the plot); ``definition`` names the measure drawn and
    its source. ``not_drawn`` says why the figure has nothing to draw, in a reader's words and
    computed by the provider from what was missing (a dataset kind not in the catalog, an empty
    scenario field, a measure that is undefined and why); the page prints it in the figure's place
    when its SVG is empty (:func:`svg_from_matplotlib` returns ``""`` for axes without data).
    """

    title: str
    svg: str
    caption: str = ""
    description: str = ""
    definition: str = ""
    not_drawn: str = ""


@dataclass
class Table:
    """A table with a title; rendered as an HTML table.

    ``name`` is the file stem of the CSV written next to the report for appendix tables
    (default: derived from the section id and the table's position). ``kinds`` sets how a column's
    numbers are shown (``"prob"``, ``"percent"``, ``"int"``, ``"year"``, ``"text"``, ``"p"``; see
    :func:`anpo.report.format.fmt_number`); ``headers`` gives a column's plain-language header
    when the automatic one (:func:`anpo.report.tables.plain_header`) is not right. The CSV file
    keeps the frame's own column names, and writes a column of a model's results (kinds
    ``"resolved"``, ``"cost"``, ``"percent"``, ``"source-percent"``) to 15 significant digits,
    never rounded to an exact 0 or 1 it is not (:func:`anpo.report.format.clean_frame`).
    ``scales`` gives a column whose numbers are quantities of a known magnitude (one scale, or
    one per row) that scale: its noise is judged against it on the page and in the CSV file
    alike (:func:`anpo.report.format.fmt_scaled`, :func:`anpo.report.format.clean_value`), so a
    user's alignment instance of propensities of 1e-14 shows its energies, not 0; a scale of 1
    or more changes nothing. ``definitions`` says what a column holds where
    :data:`anpo.report.tables.DEFINITIONS` does not, or holds another thing under that name
    (the column dictionary's ``definition``, :func:`anpo.report.tables.column_definition`).
    """

    title: str
    frame: pd.DataFrame
    caption: str = ""
    name: str = ""
    kinds: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    scales: dict[str, Any] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)


@dataclass
class Finding:
    """One entry of the report's "Key findings" block, generated from computed results.

    question: the seed's question, in a few words.
    answer: the answer in one sentence (generated from results, never typed-in numbers).
    number: the key number with its uncertainty, formatted for a reader (may be empty).
    confidence: how confident the model is and why (one short sentence).
    """

    question: str
    answer: str
    number: str = ""
    confidence: str = ""


@dataclass
class Section:
    """One section of the report.

    Attributes
    ----------
    id: short html anchor, unique in the report.
    title: heading.
    question: the seed's question this section answers (quote or paraphrase with attribution).
    model: the model used, with its source.
    assumptions: modelling assumptions, one per item.
    sources: data and literature sources, one per item.
    figures, tables: the content; every section should have at least one of each.
    notes: free paragraphs (plain text, escaped on rendering).
    summary: an optional small table, written beside the report as ``summary-SECTION.csv``.
    summary_kinds: the summary's column kinds, as :attr:`Table.kinds`: a column of a model's
        results (``"resolved"``, ``"cost"``, ``"percent"``) is written to 15 significant
        digits, never rounded to an exact 0 or 1 it is not, as the appendix tables' CSV files
        (:func:`anpo.report.format.clean_frame`); other columns lose their noise.
    answer: the section's "Answer" paragraph, generated from its results (plain text).
    caveat: the section's main caveat, stated next to its answer.
    findings: entries for the report's "Key findings" block (linked to this section).
    appendix: full tables; collapsed in the page and written as CSV files next to it.
    needs_data: True when the section could not be filled because datasets are missing.
    data_vintage: the dataset versions the section used (one item per dataset, without final
        punctuation: the page joins them with semicolons and ends the line).
    vintage_from_catalog: True when those datasets were read from the user's data catalog, so
        ``anpo report`` may stamp each with its catalog file's SHA-256
        (:func:`anpo.report.inputs.stamp_datasets`); False (the default) for datasets named
        by anpo's own built-in files (an alignment instance's "COW National Material
        Capabilities 7.0"), which the user's catalog file of that name did not produce.
    commands: commands the reader can run, e.g. to add the missing data (shown as code).
    """

    id: str
    title: str
    question: str
    model: str
    assumptions: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summary: pd.DataFrame | None = None
    summary_kinds: dict[str, Any] = field(default_factory=dict)
    summary_definitions: dict[str, str] = field(default_factory=dict)
    answer: str = ""
    caveat: str = ""
    findings: list[Finding] = field(default_factory=list)
    appendix: list[Table] = field(default_factory=list)
    needs_data: bool = False
    data_vintage: list[str] = field(default_factory=list)
    vintage_from_catalog: bool = False
    commands: list[str] = field(default_factory=list)


@dataclass
class ReportContext:
    """What section providers receive.

    Attributes
    ----------
    scenarios: the validated scenarios to report on (the built-in book or the user's files).
    builtin: True when ``scenarios`` is the built-in book.
    seed: master seed for every stochastic computation in the report.
    catalog_home: the data catalog directory (``ANPO_HOME``) if one exists, else None; sections
        that need datasets read them from the catalog and say so when they are absent.
    progress: callback ``progress(message)`` for long steps.
    options: free options (e.g. ``{"draws": 2000}``).
    """

    scenarios: list[Any]
    builtin: bool = True
    seed: int = 20010710
    catalog_home: Path | None = None
    progress: Callable[[str], None] = lambda message: None
    options: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # the seed every stochastic section draws with, checked once as every anpo seed is
        # (anpo._checks.seed_number): -1 drew the bands of 2**63-1
        from anpo._checks import seed_number

        self.seed = seed_number(self.seed)

    def catalog(self) -> Catalog | None:
        """The data catalog at :attr:`catalog_home`, or None when there is none (no home, or
        no catalog in it)."""
        home = self.catalog_home
        if home is None or not Path(home).exists():
            return None
        from anpo.data.catalog import Catalog

        cat = Catalog.open(home)
        return cat if cat.exists() else None


def svg_from_matplotlib(fig: Any) -> str:
    """Serialise a matplotlib figure to SVG with the report's conventions (text kept as text).

    See :func:`anpo.report.figures.svg_from_matplotlib`; returns ``""`` for a figure without data.
    """
    from anpo.report.figures import svg_from_matplotlib as _svg

    return _svg(fig)


def new_figure(width: float = 7.0, height: float = 4.0, **kwargs: Any) -> tuple[Any, Any]:
    """A matplotlib figure and axes with the report's conventions (see
    :func:`anpo.report.figures.new_figure`)."""
    from anpo.report.figures import new_figure as _new

    return _new(width, height, **kwargs)
