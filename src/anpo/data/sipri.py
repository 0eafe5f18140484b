"""Loader for the SIPRI Military Expenditure Database workbook (official ``.xlsx`` layout).

Source: Stockholm International Peace Research Institute (SIPRI), *SIPRI Military Expenditure
Database*, https://www.sipri.org/databases/milex (the workbook "SIPRI-Milex-data-1948-2023.xlsx"
of the April 2024 release and earlier releases in the same layout). © SIPRI; users download the
workbook from SIPRI themselves, anpo never redistributes it.

The layout read here: one sheet per measure ("Constant (2022) US$", "Current US$",
"Share of GDP", ...). Each sheet has a few title lines, then a header row whose first filled cell
is ``Country`` followed by an optional ``Notes`` column and one column per year; then one row per
country, with region headings (rows without any figure), blank rows and footnotes interleaved.
SIPRI's codes: ``...`` (or ``. .``) = data unavailable, ``xxx`` = the country did not exist or was
not independent in that year. Both become null. Figures in colour (SIPRI estimates, highly
uncertain data) are read as ordinary figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from anpo._checks import as_path
from anpo._io.files import expand_user
from anpo._io.inputs import parse_toml
from anpo.data._io import file_sha256, set_source
from anpo.errors import DataError

__all__ = [
    "MEASURES",
    "SipriNameMap",
    "packaged_name_map",
    "read_sipri_milex",
    "sipri_ccode",
]

#: Measures produced by :func:`read_sipri_milex` (the constant-price name carries the base year of
#: the workbook: ``constant_2022_usd_m`` for the 2023 and 2024 releases).
MEASURES = ("constant_2022_usd_m", "current_usd_m", "share_of_gdp")

_CONSTANT_RE = re.compile(r"^\s*constant\s*\((\d{4})\)\s*us\$?\s*$", re.IGNORECASE)
_CURRENT_RE = re.compile(r"^\s*current\s*us\$?\s*$", re.IGNORECASE)
_SHARE_RE = re.compile(r"^\s*share\s+of\s+gdp\s*$", re.IGNORECASE)

#: Cell texts that mean "no figure": SIPRI's "..." / ". ." (unavailable) and "xxx" (country did
#: not exist or was not independent), plus blanks and dashes seen in hand-edited copies.
_MISSING = {"...", ". .", "..", ". . .", "xxx", "", "-", "–", "—", "n/a", "na"}
_NOT_EXISTING = {"xxx"}

_HEADER_SCAN_ROWS = 40

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
#: A release the workbook's text states: "released in April 2024", "Last updated: 24 April
#: 2024", "April 2024 release", "2024 release", "Release date: 2024" (month and year, or year).
_RELEASE_RES = (
    re.compile(
        rf"\b(?:releas\w*|updated?|published)\b\W*(?:\w+\W+){{0,4}}?(?:\d{{1,2}}\s+)?"
        rf"(?P<month>{_MONTHS})\s+(?P<year>\d{{4}})\b",
        re.IGNORECASE,
    ),
    re.compile(rf"\b(?:(?P<month>{_MONTHS})\s+)?(?P<year>\d{{4}})\s+release\b", re.IGNORECASE),
    re.compile(r"\brelease(?:\s+date)?\s*:?\s*(?P<month>)(?P<year>\d{4})\b", re.IGNORECASE),
)
_YEAR_MIN, _YEAR_MAX = 1900, 2100


@dataclass(frozen=True)
class SipriNameMap:
    """SIPRI country names -> COW state codes (package data ``sipri_ccodes.toml``)."""

    names: dict[str, int]
    periods: dict[str, list[tuple[int, int | None, int | None]]]

    @classmethod
    def load(cls, text: str | None = None) -> SipriNameMap:
        """A name map from TOML ``text`` (tables ``[names]`` and ``[periods]``, as in the shipped
        ``sipri_ccodes.toml``); default the shipped map."""
        if text is None:
            text = resources.files("anpo.data").joinpath("sipri_ccodes.toml").read_text("utf-8")
        raw = parse_toml(text, "sipri_ccodes.toml", DataError).data
        names = {_norm_name(k): int(v) for k, v in raw.get("names", {}).items()}
        periods: dict[str, list[tuple[int, int | None, int | None]]] = {}
        for k, spans in raw.get("periods", {}).items():
            periods[_norm_name(k)] = [
                (int(s["ccode"]), s.get("first"), s.get("last")) for s in spans
            ]
        return cls(names=names, periods=periods)

    def lookup(self, name: str, year: int) -> int | None:
        """COW code of ``name`` in ``year`` or None when the name is unknown."""
        key = _norm_name(name)
        if key in self.periods:
            for ccode, first, last in self.periods[key]:
                if (first is None or year >= first) and (last is None or year <= last):
                    return ccode
            return None
        return self.names.get(key)

    def knows(self, name: str) -> bool:
        key = _norm_name(name)
        return key in self.names or key in self.periods


@cache
def packaged_name_map() -> SipriNameMap:
    """The shipped name map (read once): the default of every function taking ``names``."""
    return SipriNameMap.load()


def _norm_name(name: str) -> str:
    return " ".join(str(name).replace("\u2019", "'").split()).casefold()


def sipri_ccode(name: str, year: int, *, names: SipriNameMap | None = None) -> int | None:
    """COW state code for a SIPRI country name in a year (None when the name is not mapped), from
    ``names`` (default the shipped map, :func:`packaged_name_map`).

    Source of the codes: COW State System Membership v2016. SIPRI's "Germany" is COW 260 (German
    Federal Republic) up to 1990 and COW 255 from 1991.
    """
    return (names or packaged_name_map()).lookup(name, year)


def _as_year(v: Any) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int | np.integer):
        y = int(v)
    elif isinstance(v, float) and v.is_integer():
        y = int(v)
    elif isinstance(v, str) and v.strip().isdigit():
        y = int(v.strip())
    else:
        return None
    return y if _YEAR_MIN <= y <= _YEAR_MAX else None


def _classify_sheets(sheetnames: list[str]) -> dict[str, str]:
    """Map measure -> sheet name for the sheets present."""
    found: dict[str, str] = {}
    for name in sheetnames:
        m = _CONSTANT_RE.match(name)
        if m:
            found.setdefault(f"constant_{m.group(1)}_usd_m", name)
        elif _CURRENT_RE.match(name):
            found.setdefault("current_usd_m", name)
        elif _SHARE_RE.match(name):
            found.setdefault("share_of_gdp", name)
    return found


def _find_header(
    rows: list[tuple[Any, ...]], sheet: str, path: Path
) -> tuple[int, int, dict[int, int]]:
    """Return (row index, country column, {column index: year}) of the header row."""
    for i, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        for j, v in enumerate(row):
            if isinstance(v, str) and v.strip().casefold() == "country":
                years = {k: y for k, cell in enumerate(row) if (y := _as_year(cell)) is not None}
                if len(years) >= 1:
                    ys = list(years.values())
                    if len(set(ys)) != len(ys):
                        raise DataError(
                            f"sheet {sheet!r}: the header row repeats a year",
                            file=path,
                            line=i + 1,
                        )
                    return i, j, years
                break
    raise DataError(
        f"sheet {sheet!r}: header row not found (expected a 'Country' cell followed by year "
        f"columns within the first {_HEADER_SCAN_ROWS} rows); is this the SIPRI workbook?",
        file=path,
    )


def _parse_value(v: Any, sheet: str, path: Path, row: int, year: int) -> tuple[float, str]:
    """Return (value or nan, flag) where flag is '', 'missing', 'not_existing' or 'zero'."""
    if v is None:
        return np.nan, "missing"
    if isinstance(v, bool):
        raise DataError(
            f"sheet {sheet!r}: boolean cell for {year}", file=path, line=row, field=str(year)
        )
    if isinstance(v, int | float | np.integer | np.floating):
        x = float(v)
    elif isinstance(v, str):
        s = v.strip().casefold()
        if s in _MISSING:
            return np.nan, ("not_existing" if s in _NOT_EXISTING else "missing")
        try:
            x = float(s.replace(",", ""))
        except ValueError:
            raise DataError(
                f"sheet {sheet!r}: unreadable cell {v!r} for {year} (expected a number, "
                "'...' or 'xxx')",
                file=path,
                line=row,
                field=str(year),
            ) from None
    else:
        raise DataError(
            f"sheet {sheet!r}: unexpected cell of type {type(v).__name__} for {year}",
            file=path,
            line=row,
            field=str(year),
        )
    if not np.isfinite(x):
        raise DataError(
            f"sheet {sheet!r}: non-finite value for {year}", file=path, line=row, field=str(year)
        )
    if x < 0:
        raise DataError(
            f"sheet {sheet!r}: negative military expenditure {x} for {year}",
            file=path,
            line=row,
            field=str(year),
        )
    if x == 0.0:
        return np.nan, "zero"
    return x, ""


def _read_sheet(
    ws: Any, sheet: str, measure: str, path: Path
) -> tuple[pd.DataFrame, dict[str, Any]]:
    rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    if not rows:
        raise DataError(f"sheet {sheet!r} is empty", file=path)
    h, ccol, years = _find_header(rows, sheet, path)
    header = rows[h]
    notes_col = next(
        (k for k, v in enumerate(header) if isinstance(v, str) and v.strip().casefold() == "notes"),
        None,
    )
    title = next((str(r[0]) for r in rows[:h] if r and r[0] is not None), "")
    ycols = sorted(years)
    countries: list[str] = []
    seen: dict[str, int] = {}
    values: list[list[float]] = []
    notes: dict[str, str] = {}
    counts = {"missing": 0, "not_existing": 0, "zero": 0}
    zero_cells: list[tuple[str, int]] = []
    for i in range(h + 1, len(rows)):
        row = rows[i]
        name = row[ccol] if ccol < len(row) else None
        if name is None or (isinstance(name, str) and not name.strip()):
            continue
        cells = [row[k] if k < len(row) else None for k in ycols]
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue  # region heading, footnote or blank row
        if not isinstance(name, str):
            raise DataError(
                f"sheet {sheet!r}: country cell is {name!r}, not a name", file=path, line=i + 1
            )
        cname = " ".join(name.split())
        key = cname.casefold()
        if key in seen:
            raise DataError(
                f"sheet {sheet!r}: country {cname!r} appears twice (rows {seen[key]} and {i + 1})",
                file=path,
                line=i + 1,
            )
        seen[key] = i + 1
        vals = []
        for k, c in zip(ycols, cells, strict=True):
            x, flag = _parse_value(c, sheet, path, i + 1, years[k])
            if flag:
                counts[flag] += 1
                if flag == "zero":
                    zero_cells.append((cname, years[k]))
            vals.append(x)
        countries.append(cname)
        values.append(vals)
        if notes_col is not None and notes_col < len(row) and row[notes_col] not in (None, ""):
            notes[cname] = str(row[notes_col]).strip()
    if not countries:
        raise DataError(f"sheet {sheet!r}: no country rows below the header", file=path)
    arr = np.asarray(values, dtype=float)
    ylist = [years[k] for k in ycols]
    info: dict[str, Any] = {
        "sheet": sheet,
        "title": title,
        "countries": len(countries),
        "years": (min(ylist), max(ylist)),
        "notes": notes,
        **counts,
        "zero_cells": zero_cells,
    }
    if measure == "share_of_gdp":
        finite = arr[np.isfinite(arr)]
        # SIPRI stores shares as fractions formatted as percent (0.034 shows as 3.4%); older or
        # hand-made copies may hold percent numbers. The median national share is a few percent,
        # so a median above 0.5 can only be percent numbers.
        if finite.size and float(np.median(finite)) > 0.5:
            arr = arr / 100.0
            info["share_input"] = "percent"
        else:
            info["share_input"] = "fraction"
    frame = pd.DataFrame(
        {
            "country": np.repeat(np.asarray(countries, dtype=object), len(ylist)),
            "year": np.tile(np.asarray(ylist, dtype=np.int64), len(countries)),
            "measure": measure,
            "value": arr.reshape(-1),
        }
    )
    return frame, info


def _stated_release(wb: Any, measure_sheets: set[str], info: dict[str, Any]) -> str | None:
    """The release the workbook's own text states (``"April 2024"``, or ``"2024"`` when it
    gives the year alone; :data:`_RELEASE_RES`), read in the first rows of the sheets that are
    not measure sheets nor notes (SIPRI's "Front page"; "Footnotes" may cite other releases)
    and in the measure sheets' titles; ``None`` when no text states one."""
    import zipfile

    texts = [str(i["title"]) for i in info.values() if i.get("title")]
    for name in wb.sheetnames:
        if name in measure_sheets or "note" in name.casefold():  # a footnote cites others
            continue
        try:
            for row in wb[name].iter_rows(max_row=_HEADER_SCAN_ROWS, values_only=True):
                texts.extend(" ".join(v.split()) for v in row if isinstance(v, str))
        except (zipfile.BadZipFile, AttributeError, KeyError, OSError, ValueError, TypeError):
            continue  # an unreadable front page (or a chart sheet) states nothing; the figures were read
    for text in texts:
        for pattern in _RELEASE_RES:
            m = pattern.search(text)
            if m:
                month = (m.group("month") or "").capitalize()
                return f"{month} {m.group('year')}".strip()
    return None


def read_sipri_milex(
    path: str | Path,
    measures: tuple[str, ...] | None = None,
    *,
    names: SipriNameMap | None = None,
) -> pd.DataFrame:
    """Read the SIPRI Military Expenditure Database workbook into a long table.

    Parameters
    ----------
    path:
        The official SIPRI workbook (``.xlsx``), full or an excerpt in the same layout.
    measures:
        Which measures to read (default: all of constant-price USD, current USD and share of GDP
        that the workbook has; at least one must be present). A requested measure whose sheet is
        missing raises :class:`~anpo.errors.DataError`.
    names:
        SIPRI country names -> COW codes (default the shipped map, :func:`packaged_name_map`;
        :meth:`SipriNameMap.load` reads one of one's own).

    Returns
    -------
    pandas.DataFrame
        Columns ``country`` (SIPRI's spelling), ``ccode`` (COW state code, nullable ``Int64``;
        null when the name is not in the shipped map), ``year`` (int), ``measure`` and ``value``
        (float; null where SIPRI has no figure). Measures:

        - ``constant_2022_usd_m``: US$ million at constant 2022 prices and exchange rates (the
          base year is read from the sheet name; another release gives e.g.
          ``constant_2023_usd_m``);
        - ``current_usd_m``: US$ million at current prices and exchange rates;
        - ``share_of_gdp``: military expenditure as a **fraction** of GDP (0.034 = 3.4 %), whether
          the workbook stores fractions (SIPRI's layout) or percent numbers.

        Null (never zero) stands for SIPRI's ``...`` (unavailable) and ``xxx`` (not independent)
        and for blank cells. Cells holding exactly 0 are also read as null: SIPRI publishes no
        zero military expenditure, and in the workbook zeros occur only where the other sheets
        show the figure as unavailable (e.g. "Current US$" for North Korea 1986-2014); their
        number and positions are in ``attrs["sipri"]["sheets"][measure]``.

        ``df.attrs["source"]`` = ``{"dataset", "version", "sha256", "path"}``, the version
        the release the workbook's text states ("April 2024"; "2024" when it gives the year
        alone), else the years it covers ("1948-2023");
        ``df.attrs["sipri"]`` holds per-sheet details (title, footnote marks per country,
        counts of unavailable / not-existing / zero cells, unmapped country names).

    Raises
    ------
    DataError
        ``path`` is not a file path (a ``str`` or an ``os.PathLike``) or is empty; the file is
        missing, not an xlsx workbook, damaged, lacks a requested sheet, has no
        header row, or holds an unreadable, negative or duplicated entry. The message names the
        file (and the sheet, row and year when known).
    """
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    p = expand_user(as_path(path, "path", error=DataError))
    if not p.exists():
        raise DataError("SIPRI workbook not found", file=p)
    if p.is_dir():
        raise DataError("is a directory, expected the SIPRI .xlsx workbook", file=p)
    if p.suffix.lower() == ".xls":
        raise DataError(
            "old .xls format is not supported; use SIPRI's .xlsx workbook (or save as .xlsx)",
            file=p,
        )
    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DataError(
            f"not a readable .xlsx workbook (damaged or wrong file): {type(exc).__name__}: {exc}",
            file=p,
        ) from None
    try:
        available = _classify_sheets(list(wb.sheetnames))
        if measures is None:
            wanted = list(available)
            if not wanted:
                raise DataError(
                    "none of the SIPRI measure sheets found (expected 'Constant (YYYY) US$', "
                    f"'Current US$' or 'Share of GDP'); sheets present: {list(wb.sheetnames)}",
                    file=p,
                )
        else:
            wanted = []
            for m in measures:
                if m.startswith("constant_"):
                    match = [k for k in available if k.startswith("constant_")]
                    if m in available:
                        wanted.append(m)
                        continue
                    if m == "constant_usd_m" and match:
                        wanted.append(match[0])
                        continue
                elif m in available:
                    wanted.append(m)
                    continue
                sheet = {
                    "current_usd_m": "Current US$",
                    "share_of_gdp": "Share of GDP",
                }.get(m, f"Constant ({m.split('_')[1]}) US$" if m.startswith("constant_") else m)
                raise DataError(
                    f"sheet {sheet!r} missing (needed for measure {m!r}); sheets present: "
                    f"{list(wb.sheetnames)}",
                    file=p,
                )
        frames = []
        sheets_info: dict[str, Any] = {}
        for m in wanted:
            sheet = available[m]
            try:
                frame, info = _read_sheet(wb[sheet], sheet, m, p)
            except DataError:
                raise
            except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
                raise DataError(
                    f"sheet {sheet!r} is damaged: {type(exc).__name__}: {exc}", file=p
                ) from None
            frames.append(frame)
            sheets_info[m] = info
        release = _stated_release(wb, set(available.values()), sheets_info)
    finally:
        wb.close()

    df = pd.concat(frames, ignore_index=True)
    nm = names or packaged_name_map()
    pairs = df[["country", "year"]].drop_duplicates()
    codes = [nm.lookup(c, int(y)) for c, y in zip(pairs["country"], pairs["year"], strict=True)]
    pairs = pairs.assign(ccode=pd.array(codes, dtype="Int64"))
    df = df.merge(pairs, on=["country", "year"], how="left", sort=False)
    df = df[["country", "ccode", "year", "measure", "value"]]
    df["country"] = df["country"].astype("string")
    df["measure"] = df["measure"].astype("string")
    df["year"] = df["year"].astype("int64")
    df["value"] = df["value"].astype("float64")

    all_years = [y for i in sheets_info.values() for y in i["years"]]
    # the release the workbook's text states, else the years it covers: the titles' copyright
    # year is no release (the excerpt of the April 2024 release says "© SIPRI 2023"), and the
    # catalog showed it as "1948-2023 SIPRI 2023", a release a year too early
    version = release or f"{min(all_years)}-{max(all_years)}"
    unmapped = sorted({c for c in df["country"].unique() if not nm.knows(str(c))})
    set_source(df, "SIPRI Military Expenditure Database", version, file_sha256(p), p.resolve())
    df.attrs["sipri"] = {
        "sheets": sheets_info,
        "unmapped_countries": unmapped,
        "share_unit": "fraction",
    }
    return df
