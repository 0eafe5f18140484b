"""Where each data row of a CSV is in its file: the line an error about the row must name.

pandas' CSV reader skips lines that are empty or hold only spaces and tabs, and a quoted cell may
span several lines, so "data row ``i``" is on line ``i + 2`` only in a file without either.
:func:`data_row_lines` reads the text with Python's :mod:`csv` module, which yields one record
per row together with the lines it took, and keeps the records pandas keeps.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

__all__ = ["data_row_lines"]


def data_row_lines(text: str, sep: str = ",") -> list[int] | None:
    """The 1-based file line on which each data row of ``text`` starts (the header is the first
    line that is not blank; blank lines, i.e. empty or spaces and tabs only, are skipped as
    pandas' ``read_csv`` skips them with its default ``skip_blank_lines=True``).

    ``None`` when the text is not a CSV the :mod:`csv` module can read (a stray quote): then
    no line is known, and none is to be named.
    """
    raw: list[str] = []  # the physical lines the current record took

    def lines() -> Iterator[str]:
        for line in io.StringIO(text, newline=""):
            raw.append(line)
            yield line

    out: list[int] = []
    reader = csv.reader(lines(), delimiter=sep)
    header = False
    start = 1
    try:
        for _record in reader:
            blank = not "".join(raw).strip(" \t\r\n")
            if not blank:
                if header:
                    out.append(start)
                header = True
            start = reader.line_num + 1
            raw.clear()
    except csv.Error:
        return None
    return out
