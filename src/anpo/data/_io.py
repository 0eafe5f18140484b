"""Shared machinery of the dataset loaders: reading, column checks, missing codes, provenance.

Every loader in :mod:`anpo.data` reads a file through :func:`read_csv_checked`, which

- refuses a missing, empty, binary or truncated file (damaged gzip stream, last line cut short)
  with a :class:`~anpo.errors.DataError` that names the file (and the line and column when one
  is at fault);
- checks that the columns the dataset needs are present (by name, case-insensitively, with the
  aliases of the dataset's known layouts);
- converts each column to its declared type (nullable ``Int64`` for integers, ``float64`` with NaN
  for measurements, ``string`` for text), turns the dataset's missing-value codes (``-9``, ``...``,
  ``xxx``, blanks) into nulls and rejects values outside the documented range, giving the line;
- records provenance in ``df.attrs["source"] = {"dataset", "version", "sha256", "path"}``.

The line an error names is the file's real line, blank lines and cells spanning lines counted:
the readers return, with the frame, a :class:`~anpo._io.csvlines.RowLines` that finds it (only
when an error is raised), and the checks look a row up by its index label, which stays the
reader's row position as long as a loader has neither reset nor rebuilt the frame.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from anpo._checks import as_path, whole_mask
from anpo._io.csvlines import RowLines, header_line
from anpo._io.provenance import file_sha256  # the one hash of a file's bytes (re-exported)
from anpo.errors import DataError

__all__ = [
    "Col",
    "NULL_TEXT",
    "field_counts",
    "field_counts_loop",
    "file_sha256",
    "parse_floats",
    "read_csv_checked",
    "read_csv_rows",
    "set_source",
    "version_from_name",
]

#: Cell texts that mean "no value" in every dataset (blank, R/Stata/SIPRI conventions).
NULL_TEXT = frozenset({"", "na", "nan", "n/a", ".", "..", "...", ". .", "xxx", "null", "none"})

Kind = Literal["int", "float", "str", "date", "flag"]


@dataclass(frozen=True)
class Col:
    """One column a loader expects.

    name: the name in the returned frame.
    kind: ``int`` (nullable Int64), ``float`` (float64, NaN for missing), ``str`` (string dtype),
        ``date`` (``YYYY-MM-DD`` or ``DD:MM:YYYY``, datetime64), ``flag`` (0/1, blank = 0; an absent
        optional flag column is 0 in every row, said in ``df.attrs["warnings"]``).
    required: a missing required column is an error; an optional one is filled with nulls.
    missing: numeric codes that mean "missing" in this column (e.g. ``-9``).
    lo, hi: inclusive valid range (after removing missing codes).
    aliases: other header names of the same column in other layouts (case-insensitive).
    strict: a value outside ``lo..hi`` is an error; when False (descriptive columns of files with
        known cell errors, e.g. dyadic MID 4.02's ``sideab = 1969``) it becomes null and is listed
        in ``df.attrs["warnings"]``.
    """

    name: str
    kind: Kind = "int"
    required: bool = True
    missing: tuple[float, ...] = ()
    lo: float | None = None
    hi: float | None = None
    aliases: tuple[str, ...] = field(default_factory=tuple)
    strict: bool = True


#: The valid range of a COW country code and of a year, as keyword arguments of :class:`Col`
#: (``Col("ccode", "int", **CCODE)``).
CCODE: dict[str, Any] = {"lo": 1, "hi": 999}
YEAR: dict[str, Any] = {"lo": 1000, "hi": 2100}


def version_from_name(path: Path, default: str = "unknown") -> str:
    """A version read from a file name: ``dyadic_mid_4.02.csv`` -> ``4.02``, ``...July2025`` ->
    ``July 2025``; else ``default``."""
    stem = path.name
    m = re.search(
        r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*[ _-]?(\d{4})", stem, re.I
    )
    if m:
        return f"{m.group(0)[: len(m.group(0)) - 4].strip(' _-')} {m.group(2)}"
    m = re.search(r"v?(\d+\.\d+(?:\.\d+)?)", stem)
    if m:
        return m.group(1)
    return default


def set_source(df: pd.DataFrame, dataset: str, version: str, sha256: str, path: Path) -> None:
    """Record provenance in ``df.attrs["source"]``."""
    df.attrs["source"] = {
        "dataset": dataset,
        "version": str(version),
        "sha256": sha256,
        "path": str(path),
    }


def _check_file(path: Path) -> bytes:
    if not path.exists():
        raise DataError("file not found", file=path)
    if not path.is_file():
        raise DataError("not a regular file", file=path)
    with open(path, "rb") as fh:
        head = fh.read(8)
    if not head:
        raise DataError("file is empty", file=path)
    return head


def _open_text(path: Path, head: bytes) -> str:
    """The file's text (gzip decompressed when it is gzip, whatever its name)."""
    if head.startswith(b"PK\x03\x04"):
        raise DataError(
            "this is a zip or Excel workbook, not a CSV file; unpack it or give the CSV", file=path
        )
    raw: bytes
    if head.startswith(b"\x1f\x8b"):
        try:
            with gzip.open(path, "rb") as fh:
                raw = fh.read()
        except (EOFError, OSError, zlib.error) as exc:
            raise DataError(f"damaged gzip file ({exc})", file=path) from None
    else:
        raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise DataError("binary file, not a text CSV", file=path)
    for enc in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise DataError("cannot decode the file as text", file=path)  # pragma: no cover


def _parse_error_line(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


def read_raw_csv(
    path: Path,
    sep: str | None = ",",
    header: bool = True,
    *,
    lower: bool = True,
    infer_types: bool = False,
) -> tuple[pd.DataFrame, RowLines]:
    """Read a CSV (or gzip CSV) as text cells, with errors as :class:`DataError`; and the file
    line of each of its rows (:class:`~anpo._io.csvlines.RowLines`, looked up by the frame's
    index labels, the rows' positions).

    ``lower``: the header's names in lower case (the loaders match columns case-insensitively);
    ``False`` keeps them as written (a user's table, whose column names the user gives back).
    ``infer_types``: cells typed as pandas infers them (a column of numbers as numbers, blanks
    and pandas' default missing-value texts such as ``NA`` as NaN) rather than as text."""
    head = _check_file(path)
    text = _open_text(path, head)
    if not text.strip():
        raise DataError("file is empty", file=path)
    at = header_line(text, sep) if header else 1  # found once, handed to both users
    if header and sep is not None:
        _check_header_names(text, sep, path, at)
        _check_ragged(text, sep, path)
    try:
        df = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype=None if infer_types else str,
            keep_default_na=infer_types,
            header=0 if header else None,
            skipinitialspace=True,
            engine="c" if sep is not None else "python",
        )
    except pd.errors.EmptyDataError:
        raise DataError("file has no header or data", file=path) from None
    except pd.errors.ParserError as exc:
        msg = str(exc).strip().splitlines()[-1]
        raise DataError(f"malformed CSV: {msg}", file=path, line=_parse_error_line(msg)) from None
    lines = RowLines(text, len(df), sep, header=header, skipinitialspace=True, header_at=at)
    if header:
        names = [str(c).strip().strip('"') for c in df.columns]
        df.columns = [c.lower() for c in names] if lower else names
        _check_last_line(text, sep, len(df.columns), len(df), path)
    return df, lines


def _check_header_names(text: str, sep: str, path: Path, start: int) -> None:
    """Refuse a header naming a column twice, in any case (the loaders and the burden tables
    match names case-insensitively), naming the header's line ``start`` (the first that is not
    blank: :func:`~anpo._io.csvlines.header_line`) and both columns: pandas renames an exact
    repeat ``name.1`` and reads the first without a word, and two names equal once lowered gave
    a frame with two columns of one name."""
    import csv

    rest = io.StringIO(text, newline="")
    for _ in range(start - 1):
        rest.readline()
    try:
        names = next(csv.reader(rest, delimiter=sep, skipinitialspace=True), [])
    except csv.Error:  # the parser names a malformed header
        return
    seen: dict[str, int] = {}
    for i, name in enumerate(names, 1):
        shown = name.strip().strip('"')
        key = shown.lower()
        if not key:
            continue
        if key in seen:
            first = seen[key]
            raise DataError(
                f"the header names column {names[first - 1].strip()!r} twice (columns {first} "
                f"and {i}, as {shown!r}); give each column its own name",
                file=path,
                line=start,
                field=names[first - 1].strip().strip('"'),
            )
        seen[key] = i


def _check_ragged(text: str, sep: str, path: Path) -> None:
    """Refuse a row whose number of fields differs from the header's, naming its line: the
    parser would otherwise shift or pad its cells and report a wrong column (``ccode: value
    '1816' outside range``). A short *last* row is left to :func:`_check_last_line` (a cut-off
    download)."""
    if '"' not in text:  # fast path: no quoting, a field count is a separator count
        at, fields = field_counts(text, sep)
        # the header is the first line that is not blank (the reader skips blank lines)
        n = int(fields[0])
        bad = fields[1:] != n
        if bad.size and fields[-1] < n:
            bad[-1] = False  # a short last row: _check_last_line's (a cut-off download)
        if bad.any():
            j = 1 + int(np.argmax(bad))
            _ragged(int(fields[j]), n, path, int(at[j]) + 1)
        return
    import csv

    def blank(rec: list[str]) -> bool:
        return len(rec) <= 1 and not "".join(rec).strip()

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, skipinitialspace=True)
    try:
        head = next(reader, None)
        while head is not None and blank(head):
            head = next(reader, None)
        if head is None:
            return
        n = len(head)
        start = reader.line_num + 1  # the line the next record starts on
        for rec in reader:
            line, start = start, reader.line_num + 1
            if blank(rec) or len(rec) == n:
                continue
            have = len(rec)
            after = next(reader, None)
            while after is not None and blank(after):
                after = next(reader, None)
            if after is None and have < n:
                return
            _ragged(have, n, path, line)
    except csv.Error as exc:
        raise DataError(f"malformed CSV: {exc}", file=path, line=reader.line_num) from None


#: The ASCII characters ``str.strip()`` removes (``str.isspace``).
_ASCII_SPACE = np.zeros(256, dtype=bool)
_ASCII_SPACE[list(b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f ")] = True


def field_counts(text: str, sep: str) -> tuple[np.ndarray, np.ndarray]:
    """The 0-based index and the field count (separators + 1) of every line of ``text`` that is
    not blank (``line.strip()`` non-empty), for a text with no quoting.

    Lines end at ``\n``, ``\r\n`` or ``\r``, as the CSV reader's (``str.splitlines`` would also
    break at ``\x0b``, ``\x0c``, ``\x1c``-``\x1e``, ``\x85``, ``\u2028`` and ``\u2029``, which a
    cell may hold). Counted over the UTF-8 bytes with NumPy; a separator that is not one ASCII
    character, and a line that starts with whitespace or a non-ASCII character, are looked at in
    Python. :func:`field_counts_loop` is the plain loop it must agree with."""
    if len(sep) != 1 or not sep.isascii() or sep in "\r\n":
        return field_counts_loop(text, sep)
    b = np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    lf = b == 10
    term = lf | (b == 13)
    term[:-1] &= ~((b[:-1] == 13) & lf[1:])  # the \r of \r\n does not end a line: its \n does
    ends = np.flatnonzero(term)
    starts = np.concatenate(([0], ends + 1))
    # where each line stops: before its terminator's last character (the \r of a \r\n stays
    # in the line: it is no separator, and a line of it alone is blank to str.strip below)
    stops = np.concatenate((ends, [b.size]))
    if starts[-1] == b.size:  # the text ends with a line break: no line after it
        starts, stops = starts[:-1], stops[:-1]
    # a line is blank when it is empty or all whitespace: a line that starts with a visible
    # ASCII character is not; the few others are looked at in Python
    visible = stops > starts
    first = b[np.minimum(starts, max(b.size - 1, 0))]
    unsure = visible & (_ASCII_SPACE[first] | (first >= 0x80))
    for i in np.flatnonzero(unsure):
        line = b[starts[i] : stops[i]].tobytes().decode("utf-8", "surrogatepass")
        visible[i] = bool(line.strip())
    at = np.flatnonzero(visible)
    seps = np.flatnonzero(b == ord(sep))
    fields = np.searchsorted(seps, stops[at]) - np.searchsorted(seps, starts[at]) + 1
    return at, fields.astype(np.int64)


def field_counts_loop(text: str, sep: str) -> tuple[np.ndarray, np.ndarray]:
    """:func:`field_counts` by a loop over the lines (any separator)."""
    lines = [ln.rstrip("\r\n") for ln in io.StringIO(text, newline="")]
    counts = [(i, ln.count(sep) + 1) for i, ln in enumerate(lines) if ln.strip()]
    return (
        np.array([i for i, _ in counts], dtype=np.int64),
        np.array([c for _, c in counts], dtype=np.int64),
    )


def _ragged(have: int, n: int, path: Path, line: int) -> None:
    more = "more" if have > n else "fewer"
    raise DataError(
        f"ragged row: {have} fields where the header has {n} ({more} separators than the "
        "header: a missing or extra comma shifts the columns)",
        file=path,
        line=line,
    )


def _check_last_line(text: str, sep: str | None, n_cols: int, n_rows: int, path: Path) -> None:
    """A last line with fewer fields than the header is a cut-off download (the parser would
    pad it with empty cells and load a partial file): refuse it, naming the line.

    The last line and the one before it are the last two lines that are not blank (empty or
    spaces and tabs only, unless tabs separate fields), as the reader skips blank lines: a
    blank line at the end is not a short row, nor is a blank line before a short row its
    predecessor."""
    if sep is None or n_rows == 0:
        return
    blank = " \t".replace(sep, "") + "\r\n"
    body = text.rstrip(blank)  # the text up to the end of its last line that is not blank
    cut = body.rfind("\n")
    last = body[cut + 1 :]
    rest = body[: max(cut, 0)].rstrip(blank)
    prev = rest[rest.rfind("\n") + 1 :]
    if '"' in last or '"' in prev:  # quoted fields (maybe spanning lines): the parser's job
        return
    have = last.count(sep) + 1
    before = prev.count(sep) + 1 if n_rows > 1 else n_cols
    # shorter than the header and than the row before it (a file whose rows are all short is
    # a layout matter, not a cut-off download)
    if have < n_cols and have < before:
        raise DataError(
            f"the last line has {have} of {n_cols} fields: the file looks truncated "
            "(download it again)",
            file=path,
            line=body.count("\n") + 1,
        )


def parse_floats(text: pd.Series) -> np.ndarray:
    """Every cell of ``text`` as a float64, or :class:`ValueError` when one is not a number.

    Arrow's cast first (``benchmarks/data_parse_bench.py``: about 20 times ``float`` cell by cell
    on ATOP's columns). When it refuses a cell, the column goes to ``float``, which reads more
    (``1_000``, ``" 1"``, digits of other scripts) and raises on what is no number. Where the cast
    succeeds its values are ``float``'s: both round correctly, and it reads no text ``float``
    refuses (checked by ``tests/test_data_lines.py``)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        cells = pa.array(text.array if text.dtype != object else text.to_numpy(), type=pa.string())
        return np.asarray(pc.cast(cells, pa.float64()).to_numpy(zero_copy_only=False))
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return text.to_numpy(dtype=object).astype("float64")


def _to_number(
    raw: pd.Series,
    col: Col,
    source_name: str,
    path: Path,
    lines: RowLines,
    warnings: list[str],
) -> pd.Series:
    text = raw.str.strip()
    null = text.str.lower().isin(NULL_TEXT)
    try:  # fast path: every non-null cell parses as a number
        num = pd.Series(parse_floats(text.where(~null, "nan")), index=text.index)
        if np.isinf(num.to_numpy()).any():
            raise ValueError("infinite value")
    except (ValueError, TypeError):
        num = pd.to_numeric(text.where(~null), errors="coerce")
    bad = num.isna() & ~null
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(
            f"not a number: {text.iloc[i]!r}",
            file=path,
            line=lines.line(text.index[i]),
            field=source_name,
        )
    values = num.astype("float64")
    infinite = np.isinf(values.to_numpy())  # 'inf', '-Infinity', '1e400': no count or score
    if infinite.any():
        i = int(np.flatnonzero(infinite)[0])
        raise DataError(
            f"not a finite number: {text.iloc[i]!r}",
            file=path,
            line=lines.line(text.index[i]),
            field=source_name,
        )
    if col.missing:
        values = values.mask(values.isin(col.missing))
    if col.kind in ("int", "flag"):
        # (infinite values are refused above) one of 2**53 or more in size is no whole number
        # the Int64 cast can hold (it raised OverflowError or TypeError)
        huge = values.abs() >= 2.0**53
        frac = values.notna() & ~whole_mask(np.asarray(values, dtype=float))
        if frac.any():
            i = int(np.flatnonzero(frac.to_numpy())[0])
            what = "too large for a whole number" if huge.iloc[i] else "not a whole number"
            raise DataError(
                f"{what}: {text.iloc[i]!r}",
                file=path,
                line=lines.line(text.index[i]),
                field=source_name,
            )
    out_of_range = pd.Series(False, index=values.index)
    if col.lo is not None:
        out_of_range |= values < col.lo
    if col.hi is not None:
        out_of_range |= values > col.hi
    if out_of_range.any() and not col.strict:
        cells = np.flatnonzero(out_of_range.to_numpy())
        for i in cells[:50]:
            line = lines.line(text.index[int(i)])
            where = f"line {line}" if line is not None else f"data row {int(i) + 1}"
            warnings.append(
                f"{where}: {source_name}={text.iloc[int(i)]!r} is outside "
                "the valid range; read as missing"
            )
        if len(cells) > 50:
            warnings.append(
                f"{len(cells) - 50} more {source_name} values outside the valid range; read as "
                "missing"
            )
        values = values.mask(out_of_range)
    elif out_of_range.any():
        i = int(np.flatnonzero(out_of_range.to_numpy())[0])
        lo = "-inf" if col.lo is None else f"{col.lo:g}"
        hi = "inf" if col.hi is None else f"{col.hi:g}"
        raise DataError(
            f"value {text.iloc[i]!r} outside the valid range [{lo}, {hi}]",
            file=path,
            line=lines.line(text.index[i]),
            field=source_name,
        )
    if col.kind == "flag":
        return values.fillna(0).astype("int8")
    if col.kind == "int":
        return values.astype("Int64")
    return values


_DATE_FORMATS = ("%Y-%m-%d", "%d:%m:%Y", "%d/%m/%Y", "%Y/%m/%d")


def _to_date(raw: pd.Series, source_name: str, path: Path, lines: RowLines) -> pd.Series:
    text = raw.str.strip()
    null = text.str.lower().isin(NULL_TEXT)
    best: pd.Series | None = None
    for fmt in _DATE_FORMATS:
        parsed = pd.to_datetime(text.where(~null), format=fmt, errors="coerce")
        if best is None or parsed.notna().sum() > best.notna().sum():
            best = parsed
        if (parsed.notna() | null).all():
            return parsed.astype("datetime64[ns]")
    assert best is not None
    bad = best.isna() & ~null
    i = int(np.flatnonzero(bad.to_numpy())[0])
    raise DataError(
        f"not a date: {text.iloc[i]!r}",
        file=path,
        line=lines.line(text.index[i]),
        field=source_name,
    )


def separator_hint(columns: Sequence[object]) -> str:
    """Why a required column may be missing when the header is one column holding another
    separator (a semicolon-separated export read as one column: 'ccode;year;cinc').

    >>> separator_hint(["ccode;year;cinc"])
    " (the header is one column, 'ccode;year;cinc': the file seems separated by ';', and anpo reads comma-separated files)"
    >>> separator_hint(["ccode", "year"])
    ''
    """
    if len(columns) != 1:
        return ""
    head = str(columns[0])
    for sep in (";", "|"):
        if sep in head:
            return (
                f" (the header is one column, {head[:60]!r}: the file seems separated by "
                f"{sep!r}, and anpo reads comma-separated files)"
            )
    return ""


def convert_columns(
    raw: pd.DataFrame, cols: Sequence[Col], path: Path, lines: RowLines
) -> pd.DataFrame:
    """Convert the text cells of ``raw`` to the declared columns (see :class:`Col`); an error
    names the line ``lines`` gives for the row (:func:`read_raw_csv`). The frame keeps ``raw``'s
    index."""
    present = {c.lower(): c for c in raw.columns}
    out: dict[str, pd.Series] = {}
    warnings: list[str] = []
    absent_flags: list[str] = []
    for col in cols:
        source = next((present[n] for n in (col.name, *col.aliases) if n.lower() in present), None)
        if source is None:
            if col.required:
                names = " or ".join(repr(n) for n in (col.name, *col.aliases))
                raise DataError(
                    f"required column {names} is missing{separator_hint(list(raw.columns))}",
                    file=path,
                    line=lines.header_line,
                    field=col.name,
                )
            if col.kind == "str":
                out[col.name] = pd.Series(pd.NA, index=raw.index, dtype="string")
            elif col.kind == "int":
                out[col.name] = pd.Series(pd.NA, index=raw.index, dtype="Int64")
            elif col.kind == "flag":
                out[col.name] = pd.Series(0, index=raw.index, dtype="int8")
                absent_flags.append(col.name)
            elif col.kind == "date":
                out[col.name] = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
            else:
                out[col.name] = pd.Series(np.nan, index=raw.index, dtype="float64")
            continue
        series = raw[source].astype("string").fillna("")
        if col.kind == "str":
            s = series.str.strip()
            out[col.name] = s.mask(s.str.lower().isin(NULL_TEXT)).astype("string")
        elif col.kind == "date":
            out[col.name] = _to_date(series, source, path, lines)
        else:
            out[col.name] = _to_number(series, col, source, path, lines, warnings)
    frame = pd.DataFrame(out, index=raw.index)
    if absent_flags:
        names = ", ".join(repr(n) for n in absent_flags)
        warnings.append(
            f"no {names} column{'s' if len(absent_flags) > 1 else ''}: read as 0 in every row"
        )
    if warnings:
        frame.attrs["warnings"] = warnings
    return frame


def read_csv_checked(
    path: str | Path,
    cols: Sequence[Col],
    *,
    dataset: str,
    version: str | Callable[[pd.DataFrame, Path], str],
    key: Sequence[str] | None = None,
    sep: str | None = ",",
) -> pd.DataFrame:
    """Read ``path`` and return the declared columns, checked, with ``attrs["source"]``.

    ``key``: columns that must identify a row uniquely (a duplicate is reported with its line).
    ``version``: a string or a function ``(frame, path) -> str``.
    """
    return read_csv_rows(path, cols, dataset=dataset, version=version, key=key, sep=sep)[0]


# dup-ok: the signature of read_csv_checked above, which forwards to this function (the code is
# here once; only the parameter list repeats, so that both are typed and documented).
def read_csv_rows(
    path: str | Path,
    cols: Sequence[Col],
    *,
    dataset: str,
    version: str | Callable[[pd.DataFrame, Path], str],
    key: Sequence[str] | None = None,
    sep: str | None = ",",
) -> tuple[pd.DataFrame, RowLines]:
    """:func:`read_csv_checked`, and the file line of each row of the frame (by index label) for
    the checks a loader makes after it."""
    path = as_path(path, "path", error=DataError)
    raw, lines = read_raw_csv(path, sep=sep)
    if raw.empty:
        raise DataError("the file has a header but no data rows", file=path)
    df = convert_columns(raw, cols, path, lines)
    if key:
        check_unique(df, key, path, lines)
    ver = version(df, path) if callable(version) else version
    set_source(df, dataset, ver, file_sha256(path), path)
    return df, lines


def check_unique(df: pd.DataFrame, key: Sequence[str], path: Path, lines: RowLines) -> None:
    """Raise :class:`DataError` at the first row whose ``key`` repeats an earlier row, naming
    the line ``lines`` gives for the row's index label."""
    dup = df.duplicated(list(key), keep="first")
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        vals = ", ".join(f"{k}={df[k].iloc[i]}" for k in key)
        raise DataError(
            f"duplicate row for {vals}",
            file=path,
            line=lines.line(df.index[i]),
            field=",".join(key),
        )


def require_nonnull(df: pd.DataFrame, cols: Sequence[str], path: Path, lines: RowLines) -> None:
    """Raise :class:`DataError` at the first row where any of ``cols`` is null, naming the line
    ``lines`` gives for the row's index label."""
    for c in cols:
        refuse_first(df[c].isna(), "missing value in a key column", path, lines, field=c)


def refuse_first(
    bad: pd.Series, message: str, path: Path, lines: RowLines, *, field: str | None = None
) -> None:
    """Raise :class:`DataError` with ``message`` at the first row that ``bad`` flags, naming
    the line ``lines`` gives for that row's index label (``bad`` carries the frame's index, as
    a comparison of its columns does); do nothing when no row is flagged."""
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(message, file=path, line=lines.line(bad.index[i]), field=field)
