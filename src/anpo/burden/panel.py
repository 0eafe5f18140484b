"""Alliance-year panels: membership joined to military spending, GDP and population.

Spending and GDP come from the SIPRI Military Expenditure Database (read by
:func:`anpo.data.sipri.read_sipri_milex`) and/or COW National Material Capabilities (NMC; [singer1972]; v6.0 [greig2021]). Definitions used here:

- **GDP** (current US$ million): a user-supplied GDP table when given; otherwise derived from SIPRI
  as ``current-US$ military expenditure / military expenditure share of GDP`` (the only GDP the
  SIPRI workbook implies; it is SIPRI's GDP converted at market exchange rates).
- **Defense burden**: military expenditure / GDP. With SIPRI it is SIPRI's "Share of GDP"; with
  user GDP it is ``current-US$ milex / GDP`` (SIPRI milex, else NMC milex).
- **Population**: NMC ``tpop`` (thousands); **GDP per head** = GDP / population (current US$).
- NMC ``milex`` is in thousands of current US$ (from 1914); it is converted to US$ million.

Missing stays missing: a member without a figure is excluded from a test with its reason stated,
never entered as zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from anpo._checks import as_path, table, whole_mask, whole_number, year_list
from anpo._io.csvlines import RowLines
from anpo._io.files import expand_user
from anpo._progress import ProgressFn
from anpo.burden.hypothesis import DEFAULT_ALTERNATIVE
from anpo.burden.membership import Alliance, Rule, alliance, membership_panel
from anpo.burden.stats import MIN_N, check_test_options, exploitation_test
from anpo.errors import AnpoError, BurdenError, DataError
from anpo.report.format import count_noun

__all__ = [
    "GDP_FROM_SIPRI",
    "build_panel",
    "burden_shares",
    "exploitation_by_year",
    "nmc_frame",
    "read_nmc_csv",
    "read_user_table",
    "sipri_wide",
]

GDP_FROM_SIPRI = "SIPRI: current-US$ military expenditure / share of GDP"

#: Controls known by name (``--control`` in the CLI); any other panel column also works.
NAMED_CONTROLS = ("gdp_per_capita", "population")


#: The columns :func:`sipri_wide` reads from the long SIPRI table.
_SIPRI_COLUMNS = ("country", "ccode", "year", "measure", "value")
#: The columns of an alliance panel (:func:`build_panel`) that the tests and shares read.
_PANEL_COLUMNS = ("year", "country", "gdp_usd_m")


def sipri_wide(sipri: pd.DataFrame) -> pd.DataFrame:
    """One row per ``(ccode, year)`` from the long SIPRI table [sipri2024].

    Columns: ``ccode, year, sipri_country, milex_constant_usd_m, milex_current_usd_m,
    share_of_gdp, gdp_sipri_usd_m`` where ``gdp_sipri_usd_m`` = current-US$ milex / share (null
    unless both are present). Rows without a COW code are dropped (they cannot be joined).
    """
    table("sipri", sipri, error=DataError, what="a long SIPRI table", columns=_SIPRI_COLUMNS)
    df = sipri[sipri["ccode"].notna()].copy()
    constant = [m for m in df["measure"].unique() if str(m).startswith("constant_")]
    df["measure"] = (
        df["measure"]
        .astype(str)
        .replace(
            {c: "milex_constant_usd_m" for c in constant} | {"current_usd_m": "milex_current_usd_m"}
        )
    )
    # several SIPRI names can share a COW code (e.g. "USSR" and "Russia"): keep the figure that
    # is present (SIPRI gives each year's figure under one name only)
    vals = df.groupby(["ccode", "year", "measure"], sort=True)["value"].first()
    wide = vals.unstack("measure")
    wide.columns = [str(c) for c in wide.columns]
    wide = wide.reset_index()
    named = df.sort_values("value", na_position="last").drop_duplicates(["ccode", "year"])
    wide = wide.merge(named[["ccode", "year", "country"]], on=["ccode", "year"], how="left")
    wide = wide.rename(columns={"country": "sipri_country"})
    for col in ("milex_constant_usd_m", "milex_current_usd_m", "share_of_gdp"):
        if col not in wide:
            wide[col] = np.nan
    share = wide["share_of_gdp"].to_numpy(dtype=float)
    cur = wide["milex_current_usd_m"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        gdp = np.where((share > 0) & (cur > 0), cur / share, np.nan)
    wide["gdp_sipri_usd_m"] = gdp
    wide["ccode"] = wide["ccode"].astype("Int64")
    wide["year"] = wide["year"].astype("int64")
    return wide[
        [
            "ccode",
            "year",
            "sipri_country",
            "milex_constant_usd_m",
            "milex_current_usd_m",
            "share_of_gdp",
            "gdp_sipri_usd_m",
        ]
    ]


def read_nmc_csv(path: str | Path) -> pd.DataFrame:
    """Read a COW National Material Capabilities CSV (v6.0 abridged, v7 or peacesciencer layout;
    [greig2021]).

    Reads with the data layer's checked loader (:func:`anpo.data.cow.read_nmc`: ``-9`` -> null,
    provenance in ``attrs["source"]``) and returns :func:`nmc_frame` of it. A missing or wrong
    file raises :class:`~anpo.errors.DataError` naming it, and so does a ``path`` that is no
    file path (a dict, an int) or is empty.
    """
    from anpo.data.cow import read_nmc

    p = expand_user(as_path(path, "path", error=DataError))
    if not p.exists():
        raise DataError("NMC file not found", file=p)
    raw = read_nmc(p)
    try:
        return nmc_frame(raw)
    except DataError as exc:
        raise DataError(exc.message, file=p) from None


def nmc_frame(raw: pd.DataFrame) -> pd.DataFrame:
    """Normalise an NMC table [greig2021] to ``ccode, year, milex_nmc_usd_m, population``.

    ``milex`` (thousands of current US$) -> US$ million; ``tpop`` (thousands) -> persons.
    Negative codes (-9) and blanks become null.
    """
    table("raw", raw, error=DataError, what="an NMC table")  # a dict: no attribute 'columns'
    cols = {c.lower(): c for c in raw.columns}
    need = ["ccode", "year", "milex", "tpop"]
    missing = [c for c in need if c not in cols]
    if missing:
        raise DataError(f"NMC table lacks columns {missing}")
    out = pd.DataFrame(
        {
            "ccode": pd.to_numeric(raw[cols["ccode"]], errors="coerce"),
            "year": pd.to_numeric(raw[cols["year"]], errors="coerce"),
            "milex": pd.to_numeric(raw[cols["milex"]], errors="coerce"),
            "tpop": pd.to_numeric(raw[cols["tpop"]], errors="coerce"),
        }
    )
    out = out[out["ccode"].notna() & out["year"].notna()]
    milex = out["milex"].where(out["milex"] >= 0)
    tpop = out["tpop"].where(out["tpop"] >= 0)
    frame = pd.DataFrame(
        {
            "ccode": out["ccode"].astype("int64").astype("Int64"),
            "year": out["year"].astype("int64"),
            "milex_nmc_usd_m": milex / 1000.0,
            "population": tpop * 1000.0,
        }
    )
    frame = frame.drop_duplicates(["ccode", "year"]).reset_index(drop=True)
    if "source" in raw.attrs:
        frame.attrs["source"] = dict(raw.attrs["source"])
    return frame


def read_user_table(path: str | Path, what: str) -> pd.DataFrame:
    """Read a user's CSV table (a GDP or controls table for :func:`build_panel`).

    The frame's ``attrs`` say where it came from, so that a problem :func:`build_panel` finds
    later names the file (``attrs["path"]``) and the line in it (``attrs["lines"]``: a
    :class:`~anpo._io.csvlines.RowLines` giving the file line of each data row, counting the
    header and the blank lines the reader skips, worked out only when an error names one).
    The lines follow the index labels, the reader's row positions: a table whose rows are
    dropped or reordered names no line, and re-indexing a sorted table (``reset_index``) loses
    them: its new labels are other rows' positions, so its errors would name other rows' lines.
    Pass the table as read.

    The file is read by the data loaders' reader (:func:`anpo.data._io.read_raw_csv`: a gzip
    file is unpacked; a binary file, a ragged row or a cut-off last row is a
    :class:`~anpo.errors.DataError` naming the file and line), with the column names as the
    file writes them (a control is asked for by its name) and cells typed as pandas infers
    them. A missing file is a :class:`~anpo.errors.BurdenError` naming it, called ``what``
    (e.g. "GDP table"), and so is a ``path`` that is no file path (a dict, an int) or is empty.
    """
    from anpo.data._io import read_raw_csv

    p = as_path(path, "path", error=BurdenError)
    if not p.exists():
        raise BurdenError(f"{what} not found", file=p)
    frame, lines = read_raw_csv(p, lower=False, infer_types=True)
    frame.attrs["path"] = str(p)
    frame.attrs["lines"] = lines
    return frame


def _whole_numbers(
    values: pd.Series, table: str, source: pd.DataFrame, field: str, what: str
) -> pd.Series:
    """A user table's column of whole numbers (as floats); a blank, a text or a fraction is a
    DataError quoting the cell with ``what`` it should be, naming the table's file and the
    cell's line in it (when ``source``, the table the column is from, was read from a file: see
    :func:`_line`), the column and the data row. A number of 2**53 or more in size is refused
    too (beyond it a float no longer holds every whole number, and an int64 cast wraps it)."""
    _refuse_booleans(values, table, source, field, field)
    nums = pd.to_numeric(values, errors="coerce")
    _refuse_infinite(nums, table, source, field, field)
    huge = nums.abs() >= 2.0**53
    bad = ~whole_mask(np.asarray(nums.astype("float64")))  # a blank or a text is NaN here
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        said = f"a {field} too large to be one" if huge.iloc[row] else what
        raise DataError(
            f"the {table} has {said}: {_shown(values.iloc[row])} (data row {row + 1})",
            file=source.attrs.get("path"),
            line=_line(source, row),
            field=field,
        )
    return nums


def _years(values: pd.Series, table: str, source: pd.DataFrame) -> pd.Series:
    """A user table's year column as int64 (:func:`_whole_numbers`)."""
    what = "a year that is not a whole number"
    return _whole_numbers(values, table, source, "year", what).astype("int64")


def _gdp_frame(gdp: pd.DataFrame) -> pd.DataFrame:
    cols = {c.lower(): c for c in gdp.columns}
    value = cols.get("gdp_usd_m") or cols.get("gdp")
    if "ccode" not in cols or "year" not in cols or value is None:
        raise DataError(
            "a GDP table needs columns ccode, year and gdp (or gdp_usd_m, US$ m)",
            file=gdp.attrs.get("path"),
        )
    path = gdp.attrs.get("path")
    codes = _whole_numbers(
        gdp[cols["ccode"]], "GDP table", gdp, "ccode", "a ccode that is not a COW state code"
    )
    _refuse_booleans(gdp[value], "GDP table", gdp, value, "GDP")
    values = pd.to_numeric(gdp[value], errors="coerce")
    # a blank cell is no figure (SIPRI's implied GDP stays); an infinite value (refused first,
    # quoted as written), text (NaN here), 0 or a negative is a mistake that would have been
    # replaced by SIPRI's figure without a word
    given = gdp[value].notna() & (gdp[value].astype(str).str.strip() != "")
    _refuse_infinite(values, "GDP table", gdp, value, "GDP", hint=True)
    bad = given & ~(values > 0)  # NaN > 0 is False: text is caught here
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(
            f"the GDP table has a GDP that is not a positive number: "
            f"{_shown(gdp[value].iloc[row])} (data row {row + 1}); leave the cell blank for "
            "no figure",
            file=path,
            line=_line(gdp, row),
            field=value,
        )
    out = pd.DataFrame(
        {
            "ccode": codes.astype("Int64"),
            "year": _years(gdp[cols["year"]], "GDP table", gdp),
            "gdp_user_usd_m": values.where(given),
        }
    )
    repeated = out.duplicated(["ccode", "year"])
    if repeated.any():  # the merge would give the member one row per repeat
        row = int(np.flatnonzero(repeated.to_numpy())[0])
        raise DataError(
            f"the GDP table repeats ccode / year values (ccode {out['ccode'].iloc[row]}, year "
            f"{out['year'].iloc[row]} again in data row {row + 1})",
            file=path,
            line=_line(gdp, row),
        )
    return out


def _line(table: pd.DataFrame, row: int) -> int | None:
    """The file line of data row ``row`` (0-based) of a user table, when the table is as
    :func:`read_user_table` read it from a file (its ``attrs["lines"]``, a
    :class:`~anpo._io.csvlines.RowLines`); ``None`` (no line named) for a table built in memory
    or whose rows were since dropped, added or reordered (its index is then no longer the
    reader's row positions)."""
    lines = table.attrs.get("lines")
    if not isinstance(lines, RowLines) or not table.index.equals(pd.RangeIndex(lines.rows)):
        return None
    return lines.line(row)


def _cell_text(table: pd.DataFrame, row: int, column: str) -> str | None:
    """Cell ``column`` of data row ``row`` (0-based) of a user table as its file writes it
    (stripped): the file re-read as text cells (:func:`anpo.data._io.read_raw_csv`), the column
    found by name in any case. ``None`` when the table was not read from a file, or its rows were
    since dropped, added or reordered (as :func:`_line`), or the file no longer has the cell.
    Only an error message calls this, so the second reading costs nothing otherwise."""
    from anpo.data._io import read_raw_csv

    path = table.attrs.get("path")
    if path is None or _line(table, row) is None:
        return None
    try:
        raw, _ = read_raw_csv(Path(path), lower=False)
    except (OSError, DataError):  # the file changed since it was read
        return None
    names = {str(c).lower(): c for c in raw.columns}
    name = names.get(column.lower())
    if name is None or row >= len(raw):
        return None
    return str(raw[name].iloc[row]).strip()


def _refuse_infinite(
    nums: pd.Series, table: str, source: pd.DataFrame, column: str, what: str, *, hint: bool = False
) -> None:
    """Refuse an infinite number in column ``column`` of a user table (``nums``, its cells as
    numbers; ``source``, the table as read): pandas reads ``1e400``, ``inf`` or ``-Infinity`` as
    infinity. The DataError says "not a finite number", as the data loaders do
    (:func:`anpo.data._io.convert_columns`), quoting the cell as the file writes it (not as
    ``inf``; :func:`_cell_text`), and names the file, line and column; ``what`` names the
    figure in the message, ``hint`` adds that a blank cell means no figure."""
    infinite = np.isinf(nums.to_numpy(dtype="float64", na_value=np.nan))
    if not infinite.any():
        return
    row = int(np.flatnonzero(infinite)[0])
    text = _cell_text(source, row, column)
    shown = repr(text) if text is not None else _shown(nums.iloc[row])
    raise DataError(
        f"the {table} has a {what} that is not a finite number: {shown} (data row {row + 1})"
        + ("; leave the cell blank for no figure" if hint else ""),
        file=source.attrs.get("path"),
        line=_line(source, row),
        field=column,
    )


def _refuse_booleans(
    values: pd.Series, table: str, source: pd.DataFrame, column: str, what: str, *, fix: str = ""
) -> None:
    """Refuse a ``true`` or ``false`` cell in column ``column`` of a user table (``values``, the
    column as read): pandas types a column of ``true``/``false`` (any case) as booleans, which
    ``pd.to_numeric`` turned into 1 and 0, so ``gdp = true`` was a GDP of 1 and ``ccode = true``
    the code 1 (a state that does not exist, joined to nothing). The DataError quotes the cell
    as the file writes it (:func:`_cell_text`) and names the file, line and column; ``what``
    names the figure, ``fix`` (if any) says what to write instead."""
    flags = values.map(lambda v: isinstance(v, bool | np.bool_)).to_numpy(dtype=bool)
    if not flags.any():
        return
    row = int(np.flatnonzero(flags)[0])
    text = _cell_text(source, row, column)
    shown = repr(text) if text is not None else repr(str(values.iloc[row]).lower())
    raise DataError(
        f"the {table} has a {what} that is not a number: {shown} (data row {row + 1}); true and "
        f"false are not numbers{fix}",
        file=source.attrs.get("path"),
        line=_line(source, row),
        field=column,
    )


def _shown(value: Any) -> str:
    """A user table's cell as an error message quotes it: ``'x'``, ``-5.0``, ``a blank``."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "a blank"
    return repr(value)


def build_panel(
    alliance_name: str | Alliance,
    *,
    sipri: pd.DataFrame | None = None,
    nmc: pd.DataFrame | None = None,
    gdp: pd.DataFrame | None = None,
    years: Iterable[int] | None = None,
    rule: Rule = "any",
    extra: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Alliance-year panel of members joined to spending, GDP and population: SIPRI
    [sipri2024] and COW NMC [singer1972; greig2021] (definitions in the module docstring).

    Parameters
    ----------
    alliance_name: ``nato`` or ``us_asia`` (see :mod:`anpo.burden.membership`), or an
        :class:`~anpo.burden.membership.Alliance` of one's own (the packaged ones are defaults,
        not the only ones).
    sipri: long SIPRI table from :func:`anpo.data.sipri.read_sipri_milex`.
    nmc: NMC table (raw COW columns or :func:`nmc_frame` output).
    gdp: optional ``ccode, year, gdp`` table (current US$ million) overriding SIPRI's implied GDP.
    years: years to cover (default: from the alliance's first year to the last year with data):
        whole numbers, one or several, checked by
        :func:`~anpo.burden.membership.membership_panel` (a BurdenError on ``years``; years
        before the alliance have no rows, years after the membership list's as-of year are
        said in a DataWarning and the panel's ``attrs["note"]``).
    extra: optional user columns to use as controls (e.g. exposed borders), keyed by ``ccode``
        and, when present, ``year``; every other column is joined as is.

    Returns
    -------
    pandas.DataFrame
        One row per member-year with ``alliance, year, country, ccode``, the spending columns,
        ``gdp_usd_m`` and ``gdp_source``, ``burden`` and ``burden_source``, ``population`` and
        ``gdp_per_capita`` (US$). See the module docstring for the definitions.
    """
    if sipri is None and nmc is None:
        raise BurdenError("build_panel needs SIPRI or NMC data (or both)")
    for name, frame in (("nmc", nmc), ("gdp", gdp), ("extra", extra)):
        if frame is not None:  # a dict was "no attribute 'columns'" from deep inside
            table(name, frame, error=DataError)
    al = alliance(alliance_name)
    sw = sipri_wide(sipri) if sipri is not None else None
    if nmc is not None and "milex_nmc_usd_m" not in nmc.columns:
        nmc = nmc_frame(nmc)
    if years is None:
        last = []
        if sw is not None and len(sw):
            last.append(int(sw["year"].max()))
        if nmc is not None and len(nmc):
            last.append(int(nmc["year"].max()))
        years = range(al.first_year, max(last) + 1) if last else range(al.first_year, 0)
    # not list(years): one year (1970) was "TypeError: 'int' object is not iterable"
    panel = membership_panel(al, years, rule)
    said = {k: panel.attrs[k] for k in ("before", "note")}
    if sw is not None:
        panel = panel.merge(sw, on=["ccode", "year"], how="left")
    else:
        for col in (
            "sipri_country",
            "milex_constant_usd_m",
            "milex_current_usd_m",
            "share_of_gdp",
            "gdp_sipri_usd_m",
        ):
            panel[col] = np.nan
    if nmc is not None:
        panel = panel.merge(nmc, on=["ccode", "year"], how="left")
    else:
        panel["milex_nmc_usd_m"] = np.nan
        panel["population"] = np.nan
    if gdp is not None:
        panel = panel.merge(_gdp_frame(gdp), on=["ccode", "year"], how="left")
    else:
        panel["gdp_user_usd_m"] = np.nan

    user = panel["gdp_user_usd_m"].to_numpy(dtype=float)
    implied = panel["gdp_sipri_usd_m"].to_numpy(dtype=float)
    has_user = np.isfinite(user)
    panel["gdp_usd_m"] = np.where(has_user, user, implied)
    panel["gdp_source"] = np.where(
        has_user, "user GDP table", np.where(np.isfinite(implied), GDP_FROM_SIPRI, "")
    )
    share = panel["share_of_gdp"].to_numpy(dtype=float)
    cur = panel["milex_current_usd_m"].to_numpy(dtype=float)
    nmc_m = panel["milex_nmc_usd_m"].to_numpy(dtype=float)
    milex_for_user = np.where(np.isfinite(cur), cur, nmc_m)
    with np.errstate(divide="ignore", invalid="ignore"):
        burden_user = np.where(has_user, milex_for_user / user, np.nan)
    burden = np.where(has_user, burden_user, share)
    panel["burden"] = np.where(np.isfinite(burden), burden, np.nan)
    panel["burden_source"] = np.where(
        np.isfinite(panel["burden"]),
        np.where(
            has_user,
            np.where(
                np.isfinite(cur), "SIPRI current-US$ milex / user GDP", "NMC milex / user GDP"
            ),
            "SIPRI share of GDP",
        ),
        "",
    )
    pop = panel["population"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        panel["gdp_per_capita"] = np.where(
            (pop > 0) & np.isfinite(panel["gdp_usd_m"]), panel["gdp_usd_m"] * 1e6 / pop, np.nan
        )
    # spending used for shares of the common good: SIPRI current US$, else NMC
    panel["milex_usd_m"] = np.where(np.isfinite(cur), cur, nmc_m)
    panel["milex_source"] = np.where(
        np.isfinite(cur), "SIPRI current US$", np.where(np.isfinite(nmc_m), "NMC milex", "")
    )
    if extra is not None:
        panel = _join_extra(panel, extra)
    coverage = []
    if sw is not None and sw["milex_current_usd_m"].notna().any():
        have = sw.loc[sw["share_of_gdp"].notna() | sw["milex_current_usd_m"].notna(), "year"]
        coverage.append((int(have.min()), int(have.max())))
    if nmc is not None and len(nmc):
        coverage.append((int(nmc["year"].min()), int(nmc["year"].max())))
    panel.attrs["coverage"] = (
        (min(c[0] for c in coverage), max(c[1] for c in coverage)) if coverage else None
    )
    panel.attrs["alliance"] = al.key
    panel.attrs.update(said)  # the membership's notes (years after its as-of year)
    panel.attrs["sources"] = {
        "sipri": (sipri.attrs.get("source") if sipri is not None else None),
        "nmc": (nmc.attrs.get("source") if nmc is not None else None),
    }
    return panel.sort_values(["year", "country"]).reset_index(drop=True)


def _join_extra(panel: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """``panel`` with the user's controls table ``extra`` joined on ``ccode`` (and ``year`` when
    it has one). A ccode or year that is not a whole number, a control value that is neither
    blank nor a finite number, or a repeated key, is a DataError naming the table's file, the
    line (see :func:`_line`) and the column."""
    path = extra.attrs.get("path")
    cols = {c.lower(): c for c in extra.columns}
    if "ccode" not in cols:
        raise DataError("a controls table needs a ccode column (COW state code)", file=path)
    ex = extra.rename(columns={cols["ccode"]: "ccode"})
    if "year" in cols:
        ex = ex.rename(columns={cols["year"]: "year"})
    keys = ["ccode", "year"] if "year" in ex.columns else ["ccode"]
    what = "a ccode that is not a COW state code"
    ex["ccode"] = _whole_numbers(ex["ccode"], "controls table", extra, "ccode", what).astype(
        "Int64"
    )
    if "year" in keys:
        ex["year"] = _years(ex["year"], "controls table", extra)
    repeated = ex.duplicated(keys)
    if repeated.any():
        row = int(np.flatnonzero(repeated.to_numpy())[0])
        shown = ", ".join(f"{k} {ex[k].iloc[row]}" for k in keys)
        raise DataError(
            f"the controls table repeats {' / '.join(keys)} values ({shown} again in data row "
            f"{row + 1})",
            file=path,
            line=_line(extra, row),
        )
    values = [c for c in ex.columns if c not in keys and str(c).lower() != "country"]
    clash = [c for c in values if c in panel.columns]
    if clash:
        raise DataError(f"control columns clash with panel columns: {clash}", file=path)
    for c in values:
        _refuse_booleans(
            ex[c], "controls table", extra, str(c), f"value of {c}", fix=": write 1 or 0"
        )
        nums = pd.to_numeric(ex[c], errors="coerce")
        # a blank cell is no figure (the member is left out of a test using the control, with
        # the reason); an infinite value (refused first, quoted as written) or text (NaN here)
        # is a mistake that would be read as no figure
        given = ex[c].notna() & (ex[c].astype(str).str.strip() != "")
        _refuse_infinite(nums, "controls table", extra, str(c), f"value of {c}", hint=True)
        bad = given & nums.isna()
        # dup-ok: "raise at the first flagged row" alike in shape to the GDP table's repeat check
        # above and to anpo.data.cow._dates: each message quotes that row's own value.
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataError(
                f"the controls table has a value of {c} that is not a number: "
                f"{_shown(ex[c].iloc[row])} (data row {row + 1}); leave the cell blank for no "
                "figure",
                file=path,
                line=_line(extra, row),
                field=str(c),
            )
        ex[c] = nums
    return panel.merge(ex[keys + values], on=keys, how="left")


def _reason(row: pd.Series, controls: Sequence[str]) -> str:
    parts = []
    if not np.isfinite(row["gdp_usd_m"]):
        parts.append("no GDP")
    if not np.isfinite(row["burden"]):
        parts.append("no military expenditure share")
    for c in controls:
        if not np.isfinite(row[c]):
            parts.append(f"no {c}")
    return f"{row['country']}: {', '.join(parts)}"


def exploitation_by_year(
    panel: pd.DataFrame,
    years: Iterable[int] | None = None,
    controls: Sequence[str] = (),
    alternative: Literal["two-sided", "greater", "less"] = DEFAULT_ALTERNATIVE,
    method: Literal["auto", "exact", "t", "permutation"] = "t",
    seed: int = 0,
    statistic: Literal["spearman", "kendall"] = "spearman",
    progress: ProgressFn | None = None,
) -> pd.DataFrame:
    """Exploitation test [olson1966] for every year of an alliance panel.

    ``statistic="kendall"`` puts Kendall's tau-b in the ``rho`` column (a robustness check; see
    :func:`anpo.burden.stats.exploitation_test`); ``method`` says which.

    For each year the members with GDP, burden and every control are used; the others are listed
    in ``excluded`` with the reason (never entered as zero). Years with fewer than four usable
    members are reported with ``status`` saying so and null statistics.

    Returns columns ``year, members, n, rho, p_value, p_value_t, p_value_exact, df, method,
    alternative, controls, excluded, status``.

    ``method="permutation"`` draws year ``y``'s orderings from ``default_rng([seed, y])``
    (:func:`anpo.burden.stats.exploitation_test`'s ``stream``; its method text says "seed S,
    stream Y"): one seed, but each year its own permutations, so the years' Monte Carlo errors
    are independent (every year drew the same orderings from ``default_rng(seed)``, review20
    F4).

    ``progress(done, total)`` counts the years: before each, and once all are done
    (:data:`anpo._progress.ProgressFn`).

    Raises :class:`~anpo.errors.BurdenError` once, before any year, for an unknown control or
    a method, statistic and controls no year can be tested with
    (:func:`anpo.burden.stats.check_test_options`), and for a panel that is no DataFrame or
    lacks a column read.
    """
    check_test_options(method, statistic, controls)
    table("panel", panel, error=BurdenError, what="an alliance panel")  # the controls: its columns
    for c in controls:
        if c not in panel.columns:
            raise BurdenError(
                f"unknown control {c!r}; available: {', '.join(NAMED_CONTROLS)} or a panel column",
                field="control",
            )
    need = (*_PANEL_COLUMNS, "burden")
    table("panel", panel, error=BurdenError, what="an alliance panel", columns=need)
    # year_list: int() read 2001.5 as the year 2001 and True as the year 1
    ys = (
        sorted(set(panel["year"]))
        if years is None
        else year_list(years, "years", error=BurdenError)
    )
    rows: list[dict[str, Any]] = []
    tick = progress or (lambda done, total: None)
    for done, y in enumerate(ys):
        tick(done, len(ys))
        sub = panel[panel["year"] == y]
        cols = ["gdp_usd_m", "burden", *controls]
        ok = np.all(np.isfinite(sub[cols].to_numpy(dtype=float)), axis=1)
        excluded = [_reason(r, controls) for _, r in sub[~ok].iterrows()]
        use = sub[ok]
        base: dict[str, Any] = {
            "year": int(y),
            "members": int(len(sub)),
            "n": int(len(use)),
            "rho": np.nan,
            "p_value": np.nan,
            "p_value_t": np.nan,
            "p_value_exact": np.nan,
            "df": pd.NA,
            "method": "",
            "alternative": alternative,
            "controls": ", ".join(controls),
            "excluded": "; ".join(excluded),
            "status": "",
        }
        if len(sub) == 0:
            base["status"] = "no members in this year"
            rows.append(base)
            continue
        cov = panel.attrs.get("coverage")
        if len(use) == 0 and cov is not None and not (cov[0] <= y <= cov[1]):
            base["status"] = f"no data: the data cover {cov[0]}-{cov[1]}"
            base["excluded"] = ""
            rows.append(base)
            continue
        if len(use) < MIN_N:
            base["status"] = (
                f"skipped: {count_noun(len(use), 'member')} with data, the test needs {MIN_N}"
            )
            rows.append(base)
            continue
        z = use[list(controls)] if controls else None
        try:
            res = exploitation_test(
                use["gdp_usd_m"].to_numpy(dtype=float),
                use["burden"].to_numpy(dtype=float),
                controls=None if z is None else z.reset_index(drop=True),
                alternative=alternative,
                method=method,
                labels=use["country"].tolist(),
                seed=seed,
                stream=int(y),  # each year its own permutations (docstring)
                statistic=statistic,
            )
        except AnpoError as exc:
            base["status"] = f"not computed: {exc.message}"
            rows.append(base)
            continue
        base.update(
            rho=res.rho,
            p_value=res.p_value,
            p_value_t=res.p_value_t,
            p_value_exact=res.p_value_exact if res.p_value_exact is not None else np.nan,
            df=res.df,
            method=res.method,
            status="ok",
        )
        rows.append(base)
    tick(len(ys), len(ys))
    out = pd.DataFrame(rows)
    if len(out):
        out["df"] = out["df"].astype("Int64")
    return out


def burden_shares(panel: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each ally's share of alliance military spending against its share of alliance GDP.

    ``ratio = share_of_milex / share_of_gdp``: above 1 the ally carries more of the common defense
    than its economic weight (the "contribution share / ability share" ratio of the U.S. DoD *Report
    on Allied Contributions to the Common Defense* [dod2004]; Sandler & Hartley, *The Political
    Economy of NATO* [sandler1999, ch. 3]). Only members with both spending and GDP enter the
    totals; the others are listed in ``attrs["excluded"]``.
    A panel that is no DataFrame or lacks a column read: a BurdenError naming it.
    """
    year = whole_number(year, "year", error=BurdenError)  # int(): 2000.5 answered for 2000
    cols = (*_PANEL_COLUMNS, "milex_usd_m")
    table("panel", panel, error=BurdenError, what="an alliance panel", columns=cols)
    sub = panel[panel["year"] == year]
    if sub.empty:
        raise BurdenError(f"no members in {year}", field="year")
    ok = np.isfinite(sub["milex_usd_m"].to_numpy(dtype=float)) & np.isfinite(
        sub["gdp_usd_m"].to_numpy(dtype=float)
    )
    use = sub[ok]
    if use.empty:
        raise BurdenError(f"no member has both military spending and GDP in {year}", field="year")
    milex = use["milex_usd_m"].to_numpy(dtype=float)
    gdp = use["gdp_usd_m"].to_numpy(dtype=float)
    out = pd.DataFrame(
        {
            "country": use["country"].to_numpy(),
            "milex_usd_m": milex,
            "gdp_usd_m": gdp,
            "share_of_milex": milex / milex.sum(),
            "share_of_gdp": gdp / gdp.sum(),
        }
    )
    out["ratio"] = out["share_of_milex"] / out["share_of_gdp"]
    out = out.sort_values("gdp_usd_m", ascending=False).reset_index(drop=True)
    out.attrs["excluded"] = [str(c) for c in sub.loc[~ok, "country"]]
    out.attrs["year"] = year
    return out
