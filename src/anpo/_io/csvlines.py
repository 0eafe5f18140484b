"""Where each data row of a CSV is in its file: the line an error about the row must name.

pandas' CSV reader skips lines that are empty or hold only spaces and tabs, and a quoted cell may
span several lines, so "data row ``i``" is on line ``i + 2`` only in a file without either.
:func:`data_row_lines` reads the text with Python's :mod:`csv` module, which yields one record
per row together with the lines it took, and keeps the records pandas keeps.
:class:`RowLines` does the same only when a line is first asked for (when an error is raised),
so that reading a large file that has no error costs nothing more.
"""

from __future__ import annotations

import csv
import io
import numbers
from collections.abc import Hashable, Iterator

__all__ = ["RowLines", "data_row_lines", "header_line", "header_of"]


def data_row_lines(
    text: str, sep: str = ",", *, header: bool = True, skipinitialspace: bool = False
) -> list[int] | None:
    """The 1-based file line on which each data row of ``text`` starts (the header, when
    ``header``, is the first line that is not blank; blank lines, i.e. empty or spaces and tabs
    only, are skipped as pandas' ``read_csv`` skips them with its default
    ``skip_blank_lines=True``; with ``sep="\\t"`` a line holding a tab is a row of empty cells,
    as it is to pandas). ``skipinitialspace`` must be what the reader was given: with it, a
    quote after a separator and spaces opens a quoted cell that may span lines.

    ``None`` when the text is not a CSV the :mod:`csv` module can read (a stray quote): then
    no line is known, and none is to be named.
    """
    blank_chars = " \t".replace(sep, "") + "\r\n"
    if '"' not in text:  # no quoted cell: a record is a line
        kept = [
            n for n, line in enumerate(io.StringIO(text, newline=""), 1) if line.strip(blank_chars)
        ]
        return kept[1:] if header else kept
    raw: list[str] = []  # the physical lines the current record took

    def lines() -> Iterator[str]:
        for line in io.StringIO(text, newline=""):
            raw.append(line)
            yield line

    out: list[int] = []
    reader = csv.reader(lines(), delimiter=sep, skipinitialspace=skipinitialspace)
    seen_header = not header
    start = 1
    try:
        for _record in reader:
            blank = not "".join(raw).strip(blank_chars)
            if not blank:
                if seen_header:
                    out.append(start)
                seen_header = True
            start = reader.line_num + 1
            raw.clear()
    except csv.Error:
        return None
    return out


def header_line(text: str, sep: str | None = ",") -> int:
    r"""The 1-based file line of ``text``'s header: the first line that is not blank (empty, or
    spaces and tabs only, a tab counting as blank unless it is the separator), as pandas'
    reader takes it; 1 for a text of blank lines only (:func:`header_of`).

    >>> header_line("\n  \nccode,year\n2,2001\n"), header_line("a\tb\n", "\t")
    (3, 1)
    """
    return header_of(text, sep)[0]


def header_of(text: str, sep: str | None = ",") -> tuple[int, str]:
    r""":func:`header_line` and the header line's text (without its line break; ``""`` for a
    text of blank lines only). Lines end at ``\n``, ``\r\n`` or ``\r``, as the CSV readers'.

    >>> header_of("\r\rccode,year\r2,1990\r")
    (3, 'ccode,year')
    """
    blank = " \t".replace(sep or ",", "") + "\r\n"
    for n, ln in enumerate(io.StringIO(text, newline=""), 1):
        if ln.strip(blank):
            return n, ln.rstrip("\r\n")
    return 1, ""


class RowLines:
    """The file line of each data row of a CSV text that a reader read as ``rows`` rows, worked
    out by :func:`data_row_lines` the first time a line is asked for and kept.

    :meth:`line` gives ``None`` (no line to name, rather than a wrong one) when the text cannot
    be parsed, when its records are not the ``rows`` rows the reader found, or when the row
    asked for is not one of them. The text is held only until the lines are worked out.
    """

    __slots__ = ("_header", "_lines", "_rows", "_sep", "_skipinitialspace", "_text", "header_line")

    def __init__(
        self,
        text: str,
        rows: int,
        sep: str | None = ",",
        *,
        header: bool = True,
        skipinitialspace: bool = False,
        header_at: int | None = None,
    ) -> None:
        """``header_at``: the header's line when the caller has already found it with
        :func:`header_line` (``text`` and ``sep`` as here), so that it is not looked for again;
        by default it is found here."""
        self._text: str | None = text
        self._rows = rows
        self._sep = sep
        self._header = header
        self._skipinitialspace = skipinitialspace
        self._lines: list[int] | None = None
        #: The file line of the header: the first line that is not blank (the reader skips
        #: blank lines before it), 1 for a text without a header.
        if not header:
            self.header_line = 1
        else:
            self.header_line = header_line(text, sep) if header_at is None else header_at

    def line(self, row: Hashable) -> int | None:
        """The file line of data row ``row`` (0-based, in the reader's order: the index label
        of a frame whose index is the reader's row positions), or ``None`` when not known."""
        if not isinstance(row, numbers.Integral) or isinstance(row, bool):
            return None
        if self._text is not None:
            found = (
                data_row_lines(
                    self._text,
                    self._sep,
                    header=self._header,
                    skipinitialspace=self._skipinitialspace,
                )
                if self._sep is not None
                else None
            )
            self._lines = found if found is not None and len(found) == self._rows else None
            self._text = None
        if self._lines is None or not 0 <= int(row) < self._rows:
            return None
        return self._lines[int(row)]

    @property
    def rows(self) -> int:
        """The number of data rows the reader found (the rows :meth:`line` knows)."""
        return self._rows

    def __copy__(self) -> RowLines:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> RowLines:
        """The object itself: what it holds (the text, then the lines worked out from it) means
        the same for every copy, and pandas deep-copies a frame's ``attrs``, where a RowLines may
        be kept, on every operation."""
        return self

    def __repr__(self) -> str:
        return f"RowLines(rows={self._rows})"
