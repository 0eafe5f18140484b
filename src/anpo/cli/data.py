"""``anpo data``: the dataset catalog (add, list, default, remove, sql, kinds).

Several versions of a kind live side by side (NMC 6.0 and 7.0, ...); one is each kind's default
(``anpo data default KIND VERSION``). Every command waits while another anpo process writes the
catalog (printing "waiting for another anpo process…") instead of failing.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from anpo.data.catalog import Catalog

HOME_HELP = "Catalog directory (default: ANPO_HOME, else the user data directory)."


def _catalog(home: Path | None, versions: dict[str, str] | None = None) -> Catalog:
    from anpo.data.catalog import Catalog

    return Catalog.open(home, versions=versions)


data_app = typer.Typer(
    help="Datasets: add the files you downloaded to the catalog, list, remove, query.",
    no_args_is_help=True,
)


def _expand(paths: list[Path]) -> list[tuple[Path, bool]]:
    """(file, named explicitly) for every path; directories searched recursively (hidden files
    skipped), in sorted order."""
    from anpo.errors import DataError

    out: list[tuple[Path, bool]] = []
    for p in paths:
        if p.is_dir():
            try:
                found = sorted(p.rglob("*"))
                out += [
                    (f, False)
                    for f in found
                    if f.is_file()
                    and not any(part.startswith(".") for part in f.relative_to(p).parts)
                ]
            except OSError as exc:  # unreadable, or changing while walked (e.g. /proc)
                where = exc.filename if exc.filename is not None else p
                raise DataError(
                    f"cannot search this folder ({exc.strerror or exc})", file=where
                ) from None
        elif p.exists() or p.is_symlink():
            out.append((p, True))
        else:
            raise DataError("file not found", file=p)
    return out


def _describe(rec: dict[str, Any], path: Path) -> str:
    verb = {"added": "added", "replaced": "replaced", "unchanged": "already in catalog"}
    line = (
        f"{verb[rec['status']]}: {rec['kind']} {rec['version']} ({rec['dataset']}, "
        f"{int(rec['rows']):,} rows) from {path}"
    )
    if rec["status"] == "unchanged":
        return f"{line} ({rec['reason']})"
    return f"{line}; {'default' if rec['default'] else 'not the default'}: {rec['reason']}"


def _held(rec: dict[str, Any], before: set[str], make_default: bool) -> bool:
    """Whether ``anpo data add`` holds a record's line until every file is read: a version
    added to a kind new to the catalog, or with ``--default``, whose default another version
    of the kind read later may change."""
    return rec["status"] == "added" and (rec["kind"] not in before or make_default)


@data_app.command("add")
def add(
    # dup-ok: typer option declarations, alike only in shape to other commands' options
    # (anpo.cli.relations similarity's, anpo.cli.deterrence bands': own flags and help).
    paths: list[Path] = typer.Argument(  # noqa: B008
        ...,
        help="Dataset files (CSV, CSV.gz, SIPRI .xlsx) or directories (searched recursively; "
        "every file is reported: added, already there, or skipped and why).",
    ),
    kind: str | None = typer.Option(
        None, "--kind", help="Dataset kind (default: detected from the header)."
    ),
    replace: bool = typer.Option(
        False,
        "--replace",
        help="Replace a different file filed under the same kind and version.",
    ),
    as_version: str | None = typer.Option(
        None,
        "--as-version",
        help="File the dataset under this version label instead of the one read from the file "
        "(keeps an edited or alternative file beside the original).",
    ),
    make_default: bool = typer.Option(
        False, "--default", help="Make the added version its kind's default."
    ),
    home: Path | None = typer.Option(None, "--home", help=HOME_HELP),  # noqa: B008
    json_out: bool = typer.Option(False, "--json", help="JSON output."),
) -> None:
    """Load dataset files into the catalog (one transaction per file). A new version of a kind
    is added beside the others. A kind's first dataset becomes its default, but one call that
    adds several versions of a kind new to the catalog makes the newest of them the default
    (with --default, the last added); each file's line says which and why, and `anpo data
    default KIND VERSION` changes it."""

    from anpo._progress import progress_bar
    from anpo.cli._common import caught_data_warnings, print_json
    from anpo.data.catalog import check_version_label, version_key
    from anpo.errors import AnpoError, DatasetExistsError, InputError, UnknownDatasetError

    if as_version is not None:
        check_version_label(as_version, field="--as-version")
    cat = _catalog(home)
    expanded = _expand(paths)
    if not expanded:
        # every path was a folder (a file named is kept, a missing one refused): name them,
        # as the line for a folder that cannot be searched does ("in the directories given")
        folders = ", ".join(str(p) for p in dict.fromkeys(paths))
        raise InputError(
            f"no files found in {'this folder' if len(set(paths)) == 1 else 'these folders'}: "
            f"{folders} (searched recursively, hidden files skipped)",
            field="PATHS",
        )
    if (kind is not None or as_version is not None) and len(expanded) > 1:
        raise InputError(
            "--kind and --as-version apply to one file at a time",
            field="--kind" if kind is not None else "--as-version",
        )
    before = set(cat.list()["kind"]) if cat.exists() else set()
    single = len(expanded) == 1 and expanded[0][1]
    results: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    with progress_bar("adding", total=len(expanded), enabled=False if json_out else None) as bar:
        for done, (p, explicit) in enumerate(expanded):
            bar(done, len(expanded))
            bar.describe(f"loading {p.name}")
            try:
                with caught_data_warnings() as heard:
                    rec = cat.add(p, kind=kind, replace=replace, version=as_version,
                                  default=True if make_default else None)  # fmt: skip
            except AnpoError as exc:
                if single:
                    raise
                if not explicit and isinstance(exc, UnknownDatasetError | DatasetExistsError):
                    why = (
                        "not a dataset anpo knows (header matches no kind)"
                        if isinstance(exc, UnknownDatasetError)
                        else exc.message
                    )
                    skipped.append({"path": str(p), "reason": why})
                    if not json_out:
                        typer.echo(f"skipped: {p}: {why}", err=True)
                    continue
                # several files: report this one, keep going, fail at the end
                errors.append({"path": str(p), "error": exc.one_line()})
                if not json_out:
                    typer.echo(f"error: {exc.one_line()}", err=True)
                continue
            # a loader's DataWarning (ATOP's unknown obligations) said as the file's own
            # warning, without the file name it may begin with
            told = [m.removeprefix(f"{p.name}: ") for m in heard]
            rec = {**rec, "path": str(p), "warnings": [*(rec.get("warnings") or []), *told]}
            results.append(rec)
            if not json_out:
                for w in rec.get("warnings") or []:
                    typer.echo(f"warning: {p.name}: {w}", err=True)
            # a version added to a kind new to the catalog, or with --default, waits for the
            # default settled below (another version of its kind may follow); the others are
            # final
            if not json_out and not _held(rec, before, make_default):
                typer.echo(_describe(rec, p))
    # a kind new to the catalog that this command brought in several versions of: its newest
    # version becomes the default (the first file read is an accident of file names); with
    # --default each version was made the default in turn, so the last one added is
    defaults: dict[str, dict[str, str]] = {}
    new = [r for r in results if _held(r, before, make_default)]
    for k in dict.fromkeys(r["kind"] for r in new):
        mine = [r for r in new if r["kind"] == k]
        if len(mine) >= 2 and make_default:
            last = mine[-1]
            why = "asked for (--default): the last of the versions added"
            defaults[k] = {"version": last["version"], "reason": why}
            for r in mine[:-1]:
                r["default"] = False
                r["reason"] = (
                    f"the default is {last['version']}, added after it with --default; "
                    f"`anpo data default {k} {r['version']}` changes it"
                )
            last["reason"] = why
        elif len(mine) >= 2:
            newest = max(mine, key=lambda r: version_key(r["version"]))
            if not newest["default"]:
                cat.set_default(k, newest["version"])
            others = ", ".join(r["version"] for r in mine if r is not newest)
            why = f"the newest of the versions added ({others} also added)"
            defaults[k] = {"version": newest["version"], "reason": why}
            change = f"`anpo data default {k} VERSION` changes it"
            for r in mine:  # each file's line and record say the default as it now is
                r["default"] = r is newest
                r["reason"] = (
                    f"{why}; {change}"
                    if r is newest
                    else f"the default is {newest['version']}, the newest of the versions "
                    f"added; `anpo data default {k} {r['version']}` changes it"
                )
        if not json_out:
            for r in mine:
                typer.echo(_describe(r, Path(r["path"])))
    if json_out:
        print_json(
            {
                "catalog": str(cat.path),
                "results": results,
                "skipped": skipped,
                "errors": errors,
                "defaults": defaults,
            }
        )
    if errors:
        if not json_out:
            typer.echo(f"error: {len(errors)} of {len(expanded)} files not added", err=True)
        raise typer.Exit(2)


@data_app.command("list")
def list_(
    home: Path | None = typer.Option(None, "--home", help=HOME_HELP),  # noqa: B008
    json_out: bool = typer.Option(False, "--json", help="JSON output."),
) -> None:
    """The datasets in the catalog (every version; * marks each kind's default)."""
    from anpo.cli._common import print_frame, print_json

    cat = _catalog(home)
    cat.check_pins()  # a pin the catalog cannot honour is refused here as by the readers
    frame = cat.list()
    if json_out:
        out = frame.assign(added_at=frame["added_at"].astype(str)) if len(frame) else frame
        print_json({"catalog": str(cat.path), "datasets": out})
        return
    if frame.empty:
        typer.echo(f"the catalog at {cat.home} is empty; add data with `anpo data add FILE`")
        return
    show = frame[["id", "kind", "version", "default", "dataset", "rows", "table"]].copy()
    show["default"] = show["default"].map(lambda d: "*" if d else "")
    show["rows"] = show["rows"].map(lambda r: f"{int(r):,}")
    show["source"] = frame["source_path"]
    print_frame(show, title=f"anpo data catalog ({cat.path})")


@data_app.command("default")
def default_cmd(
    kind: str = typer.Argument(..., help="Dataset kind, e.g. nmc."),
    version: str | None = typer.Argument(
        None, help="Version to make the default (omit to show the current default)."
    ),
    home: Path | None = typer.Option(None, "--home", help=HOME_HELP),  # noqa: B008
    json_out: bool = typer.Option(False, "--json", help="JSON output."),
) -> None:
    """Show or set the default version of a kind (what commands read unless told otherwise)."""
    from anpo.cli._common import print_json
    from anpo.errors import CatalogError

    cat: Catalog = _catalog(home)
    if version is None:
        read = cat.record(kind) if cat.exists() else None
        if read is None:
            raise CatalogError(f"no {kind} dataset in the catalog", field="KIND")
        # the default is the catalog's; a pin (--data-version, ANPO_DATA_VERSIONS) only
        # changes what this process reads, and is said apart from it
        frame = cat.list()
        mark = frame[(frame["kind"] == kind) & frame["default"].astype(bool)]
        rec = cat.record(kind, str(mark["version"].iloc[0])) if len(mark) else read
        assert rec is not None  # the default version is in the catalog
        rec["versions"] = cat.versions(kind)
        by = cat.pinned_by(kind)
        rec["pinned"] = None if by is None else {"version": read["version"], "by": by}
        if json_out:
            print_json(rec)
        else:
            others = [v for v in rec["versions"] if v != rec["version"]]
            pin = rec["pinned"]
            typer.echo(
                f"{kind}: default {rec['version']} ({rec['dataset']})"
                + (f"; also: {', '.join(others)}" if others else "")
                + (f"; reads use {pin['version']} (pinned by {pin['by']})" if pin else "")
            )
        return
    rec = cat.set_default(kind, version)
    if json_out:
        print_json(rec)
    elif rec["previous"] == rec["version"]:
        typer.echo(f"{kind}: {rec['version']} already is the default")
    else:
        typer.echo(
            f"{kind}: default is now {rec['version']} ({rec['dataset']})"
            + (f", was {rec['previous']}" if rec["previous"] else "")
        )


@data_app.command("remove")
def remove(
    dataset: str = typer.Argument(
        ..., help="Kind (e.g. nmc), kind@version (nmc@7.0) or id from `anpo data list`."
    ),
    version: str | None = typer.Option(
        None, "--version", help="Which version of the kind (when it has several)."
    ),
    home: Path | None = typer.Option(None, "--home", help=HOME_HELP),  # noqa: B008
    json_out: bool = typer.Option(False, "--json", help="JSON output."),
) -> None:
    """Remove a dataset from the catalog (your source file is not touched)."""
    from anpo.cli._common import print_json

    rec = _catalog(home).remove(dataset, version=version)
    if json_out:
        print_json(rec)
        return
    typer.echo(f"removed: {rec['kind']} {rec['version']} ({rec['dataset']})")
    if rec["new_default"]:
        typer.echo(f"default: {rec['kind']} {rec['new_default']} (the most recently added left)")


#: How many rows past --limit ``anpo data sql`` reads to count a result; a larger result is
#: not read to its end (``SELECT * FROM range(10000000000)`` took minutes).
SQL_COUNT_AHEAD = 100_000


def limit_given(ctx: typer.Context) -> bool:
    """Whether ``--limit`` was given on the command line (not its default)."""
    source = ctx.get_parameter_source("limit")  # an enum of the click typer runs on
    return getattr(source, "name", None) == "COMMANDLINE"


@data_app.command("sql")
def sql(
    ctx: typer.Context,
    query: str = typer.Argument(
        ...,
        help='SQL over the catalog; tables are named by kind (default version) and "kind@version".',
    ),
    home: Path | None = typer.Option(None, "--home", help=HOME_HELP),  # noqa: B008
    limit: int = typer.Option(
        50,
        "--limit",
        min=0,
        max=1_000_000,
        help="Rows to print in the table (0..1,000,000; not with --all, --csv, --tsv or --json, "
        "which give every row). The result's rows are counted up to "
        f"{SQL_COUNT_AHEAD:,} past them; a larger result is said to have 'more than N rows'.",
    ),
    show_all: bool = typer.Option(False, "--all", help="Print every row in the table."),
    csv_out: bool = typer.Option(
        False,
        "--csv",
        help="Every row as CSV on stdout (a LIST, ARRAY, STRUCT, MAP or UNION as the JSON text "
        "--json writes for it, a BLOB as DuckDB prints it, a DATE, TIME, TIMESTAMP or INTERVAL as "
        "DuckDB writes it, a HUGEINT or a DECIMAL wider than a double with all its digits).",
    ),
    tsv_out: bool = typer.Option(
        False, "--tsv", help="Every row as TSV on stdout (values written as by --csv)."
    ),
    json_out: bool = typer.Option(
        False,
        "--json",
        help="Every row as JSON on stdout (null: SQL NULL or NaN; an infinity, also inside a "
        "LIST, STRUCT or MAP: the number 1e999 or -1e999, never a string, so a string 'inf' "
        "stays apart; Python, JavaScript, pandas and DuckDB read it as the infinity; a DATE, "
        "TIME, TIMESTAMP or INTERVAL as the string DuckDB writes for it, e.g. 2001-09-11, "
        "2020-01-01 00:00:00, 1 year 2 days 03:00:00, infinity; a HUGEINT or a DECIMAL wider "
        "than a double with all its digits, at every depth; a MAP whose keys are LISTs, "
        'STRUCTs, MAPs or VARIANTs as a list of its {"key": ..., "value": ...} entries; an '
        "EXPLAIN's plan as the list of its lines, as the table shows them, or as the JSON it is "
        "with FORMAT json; a VARIANT as the JSON DuckDB writes for it, its values written as "
        "above).",
    ),
    versions: list[str] = typer.Option(  # noqa: B008
        [],
        "--version",
        metavar="KIND=VERSION",
        help="Show this version under the kind's name, e.g. --version nmc=7.0 (repeatable).",
    ),
) -> None:
    """Run a read-only SQL query, e.g. "SELECT year, count(*) FROM atop GROUP BY year".

    The query cannot change the catalog or touch any other file (no COPY TO, ATTACH, INSTALL,
    read_csv of a path). The table shows --limit rows and says when there are more (counted
    only some way past them: a huge result is not read to its end); --all, --csv, --tsv and
    --json give every row. The table and --csv/--tsv write a LIST, ARRAY, STRUCT, MAP or
    UNION as the JSON text --json writes for it; every output writes a DATE, TIME, TIMESTAMP
    or INTERVAL as DuckDB does (an INTERVAL keeps its months apart from its days), also in
    the result of a CALL, PRAGMA or PIVOT.
    """
    from anpo.data.catalog import parse_version_pins
    from anpo.errors import InputError

    if sum((csv_out, tsv_out, json_out)) > 1:
        raise InputError("choose one of --csv, --tsv, --json", field="--csv/--tsv/--json")
    every = ["--all"] * show_all + [
        f for f, on in (("--csv", csv_out), ("--tsv", tsv_out), ("--json", json_out)) if on
    ]
    if every and limit_given(ctx):  # '--limit 5 --csv' printed every row, the 5 unsaid
        raise InputError(
            f"{every[0]} gives every row: it takes no --limit (drop one of them)", field="--limit"
        )
    if show_all and len(every) > 1:
        raise InputError(
            f"{every[1]} gives every row already; --all is for the table", field="--all"
        )
    pins = parse_version_pins(versions, field="--version")
    cat = _catalog(home, versions=pins or None)
    with cat.sql_chunks(query, exact=True, date_as_object=json_out) as chunks:
        if csv_out or tsv_out:
            sep = "\t" if tsv_out else ","
            for i, part in enumerate(chunks):
                text = _sql_text(part, chunks.types).to_csv(index=False, header=i == 0, sep=sep)
                typer.echo(text, nl=False)
            return
        if json_out:
            explain = chunks.statement == "explain"
            _stream_json(map(_plan_lines, chunks) if explain else chunks)
            return
        keep = None if show_all else limit
        head, total, ended = _head_and_count(chunks, keep)
        head = _sql_table_frame(head, chunks.types)
    from anpo.cli._common import print_frame

    of = f"{total:,}" if ended else f"more than {total:,}"
    notes = []
    if len(head) < total:
        notes.append(
            f"showing {len(head):,} of {of} rows; --limit N or --all for more, "
            "--csv/--tsv/--json for every row"
        )
    notes.extend(_sql_table_notes(head))
    print_frame(
        head,
        title=f"{of} row{'s' if total != 1 or not ended else ''}",
        caption="\n".join(notes) or None,
    )


#: Column types (:class:`anpo.data.catalog.SqlChunks` ``types``) whose cells the ``anpo data
#: sql`` table and ``--csv``/``--tsv`` write as text (:func:`_sql_cell`): pandas would print a
#: list as ``[1, 2]``, a STRUCT as ``{'a': Decimal('1.5')}`` and a BLOB as ``bytearray(...)``.
SQL_TEXT_TYPES = frozenset({"list", "array", "struct", "map", "union", "variant", "blob"})


def _sql_cell(value: Any, union: bool = False) -> Any:
    r"""A cell of a LIST, ARRAY, STRUCT, MAP, UNION or BLOB column as the ``anpo data sql``
    table and ``--csv``/``--tsv`` write it: a nested value as its JSON text, the text
    ``--json`` writes (:func:`_sql_json`, the one rendering of it: an infinity ``1e999``,
    NULL and NaN ``null``, a DATE ``"2001-09-11"``, a HUGEINT with all its digits), any other
    value as :func:`_sql_plain` makes it (a BLOB as DuckDB prints it); NULL stays missing (an
    empty CSV field, a dash in the table). ``union``: the cell is a UNION's (DuckDB hands over
    its member's value), written as its JSON text whatever the member, as inside a LIST: a
    text member is ``"x"``, quoted, so that it is told from a number (``1``) and from a text
    ``'1'`` (``"1"``); DuckDB's own text of a UNION (``CAST(u AS VARCHAR)``) is the member's
    bare text, ``x`` and ``1`` (sql28).

    >>> _sql_cell([1, None, float("inf")]), _sql_cell(bytearray(b"a\x01")), _sql_cell(None)
    ('[1, null, 1e999]', 'a\\x01', None)
    >>> _sql_cell("1", union=True), _sql_cell(1, union=True), _sql_cell(None, union=True)
    ('"1"', '1', None)
    """
    import math

    import numpy as np

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if union or isinstance(value, list | tuple | dict | np.ndarray):
        return _sql_json(value)
    return _sql_plain(value)


def _sql_text(frame: Any, types: tuple[str, ...]) -> Any:
    """``frame`` with the cells of its :data:`SQL_TEXT_TYPES` columns (by position: ``types``
    are the columns' DuckDB types) written by :func:`_sql_cell`; ``frame`` itself when it has
    none, so that a result of plain columns costs nothing more."""
    import pandas as pd

    texts = [i for i, kind in enumerate(types) if kind in SQL_TEXT_TYPES]
    if not texts:
        return frame
    out = frame.copy(deep=False)
    for i in texts:
        # a VARIANT, as a UNION, says its value's type only by its form: quoted when a text
        union = types[i] in ("union", "variant")
        cells = [_sql_cell(v, union) for v in frame.iloc[:, i].tolist()]
        out.isetitem(i, pd.Series(cells, index=frame.index, dtype=object))
    return out


def _sql_table_frame(head: Any, types: tuple[str, ...]) -> Any:
    """The ``anpo data sql`` table's rows: :func:`_sql_text`'s cells, and a DECIMAL that
    reached anpo with all its digits (``Decimal``: one of more than 15) as a double, so that
    the table rounds it as it does every other fractional number and says so
    (:func:`_sql_table_notes`); ``--csv``, ``--tsv`` and ``--json`` write its digits."""
    out = _sql_text(head, types)
    wide = [
        i for i, kind in enumerate(types) if kind == "decimal" and out.iloc[:, i].dtype == object
    ]
    if wide:
        out = out.copy(deep=False)
        for i in wide:
            out.isetitem(i, out.iloc[:, i].astype("float64"))
    return out


def _sql_table_notes(head: Any) -> list[str]:
    """What the ``anpo data sql`` table does to the values it shows, said under it: fractional
    and very large numbers are rounded (:func:`anpo.report.format.fmt_number`), and a dash
    stands for NULL and NaN alike (the result reaches anpo with both as NaN).

    >>> import pandas as pd
    >>> _sql_table_notes(pd.DataFrame({"year": [2001, 2002], "n": [3.0, 4.0]}))
    []
    >>> len(_sql_table_notes(pd.DataFrame({"cinc": [0.1354, None]})))
    2
    """
    import math

    from anpo.report.format import LARGE, fmt_number

    notes = []
    rounded = any(
        math.isfinite(v) and (v != math.floor(v) or abs(v) >= LARGE)
        for col in head.columns
        if getattr(head[col].dtype, "kind", "O") == "f"
        for v in head[col].dropna().astype(float)
    )
    if rounded:
        notes.append(
            "numbers are rounded to three significant figures (to whole numbers from 100, "
            f"with an exponent from {fmt_number(LARGE)}); --csv, --tsv or --json give them in "
            "full"
        )
    if bool(head.isna().to_numpy().any()):
        notes.append(
            "–: no value (SQL NULL or NaN: the result reaches anpo with both as NaN, and no "
            "output tells them apart)"
        )
    return notes


def _head_and_count(chunks: Any, keep: int | None) -> tuple[Any, int, bool]:
    """The first ``keep`` rows (all when None), the number of rows read and whether that is the
    whole result, reading it in chunks so that memory stays bounded. With ``keep`` set, reading
    stops once more than ``keep + SQL_COUNT_AHEAD`` rows are read and one more chunk shows rows
    remain: the result then has more rows than the count returned."""
    import pandas as pd

    parts: list[Any] = []
    have = 0
    total = 0
    ended = True
    it = iter(chunks)
    for part in it:
        total += len(part)
        # The first chunk is always kept (its columns head the table, even under --limit 0).
        if keep is None or have < keep or not parts:
            take = part if keep is None else part.iloc[: max(keep - have, 0)]
            parts.append(take)
            have += len(take)
        if keep is not None and total > keep + SQL_COUNT_AHEAD:
            ahead = next(it, None)
            ended = ahead is None or len(ahead) == 0
            break
    head = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return head, total, ended


#: How ``anpo data sql --json`` writes a positive and a negative infinity: JSON has no
#: infinity, and a text such as ``"inf"`` cannot be told from a string column's ``'inf'``. A
#: number too large for a double is valid JSON (RFC 8259 section 6 allows any exponent) and no
#: finite value or string is written so; Python's ``json``, JavaScript's ``JSON.parse``,
#: pandas and DuckDB read it as the infinity itself (jq 1.6 as the largest double, sign kept).
JSON_INFINITY = ("1e999", "-1e999")


def _sql_json(value: Any) -> str:
    """A cell of an ``anpo data sql`` result as JSON text, nested values (LIST, ARRAY, STRUCT,
    MAP: DuckDB's Python lists, tuples and dicts, :meth:`anpo.data.catalog.Catalog.sql_chunks`
    ``exact``; pandas' arrays and masked arrays in a result it converts, a VARIANT's) as
    the top-level ones: an infinity as :data:`JSON_INFINITY`, NaN and SQL NULL as ``null`` (at
    the top level pandas hands both over as NaN; nested, they are written alike so that
    ``null`` means the same everywhere), a ``Decimal`` as its digits, an int (a HUGEINT's) as
    all of its, a date as ``"2001-09-11"``, anything else as
    :func:`anpo.cli._common.to_jsonable` makes it. The table and ``--csv``/``--tsv`` write a
    nested value as this text too (:func:`_sql_cell`).

    >>> _sql_json(float("inf")), _sql_json("inf"), _sql_json(float("nan")), _sql_json(None)
    ('1e999', '"inf"', 'null', 'null')
    >>> _sql_json({"x": [1.5, float("-inf"), None], "y": "-inf"})
    '{"x": [1.5, -1e999, null], "y": "-inf"}'
    >>> _sql_json([Decimal("2.50")])
    '[2.50]'
    """
    import json
    import math

    import numpy as np

    from anpo.cli._common import to_jsonable

    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, Decimal) and value.is_finite():  # nested DECIMAL: its digits, a number
        return str(value)
    if isinstance(value, float):
        if math.isinf(value):
            return JSON_INFINITY[0] if value > 0 else JSON_INFINITY[1]
        return "null" if math.isnan(value) else json.dumps(value)
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(
                f"{json.dumps(_sql_key(k), ensure_ascii=False)}: {_sql_json(v)}"
                for k, v in value.items()
            )
            + "}"
        )
    if isinstance(value, np.ndarray):  # a masked array's masked cells (NULL) become None
        value = value.tolist()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_sql_json(v) for v in value) + "]"
    return json.dumps(to_jsonable(_sql_plain(value)), ensure_ascii=False)


def _sql_key(key: Any) -> str:
    r"""A key of a MAP (or a STRUCT's field name) as the text of a JSON object's key: a text as
    it is; a BOOLEAN ``true`` or ``false`` and a BLOB as DuckDB prints it (``\x01``), as
    DuckDB's ``to_json`` writes them (they were Python's ``True`` and ``b'\x01'``: sql28);
    any other as :func:`_sql_plain`'s text of it (a number's digits). A MAP whose keys are
    nested comes as a list of entries instead (``anpo.data.catalog._entries_reader``).

    >>> [_sql_key(k) for k in ("a", True, b"\x01", 2, 1.5)]
    ['a', 'true', '\\x01', '2', '1.5']
    """
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(_sql_plain(key))


def _sql_plain(value: Any) -> Any:
    r"""A DuckDB value that JSON has no form for, as text: a BLOB as DuckDB prints it (each
    byte outside printable ASCII, and the backslash, as ``\xNN``), a UUID in its hyphenated
    form, a duration as an ISO 8601 duration (an INTERVAL that pandas converts, a month made
    30 days, as in a VARIANT: a query's INTERVAL, and a CALL's, PRAGMA's or PIVOT's, reaches
    anpo as DuckDB's text, :meth:`anpo.data.catalog.Catalog.sql_chunks` ``exact``), any other
    unknown object as its ``str``; anything else unchanged. Such values stopped ``anpo data
    sql --json`` with a traceback (a BLOB or UUID column, an INTERVAL in a LIST).

    >>> print(_sql_plain(bytearray(b"a\\\x01")), _sql_plain(7))
    a\x5C\x01 7
    >>> import datetime, uuid
    >>> _sql_plain(datetime.timedelta(hours=36)), _sql_plain(uuid.UUID(int=1))
    ('P1DT12H0M0S', '00000000-0000-0000-0000-000000000001')
    """
    import datetime
    import uuid

    import pandas as pd

    if isinstance(value, bytes | bytearray | memoryview):
        return "".join(chr(b) if 32 <= b < 127 and b != 92 else f"\\x{b:02X}" for b in bytes(value))
    if isinstance(value, datetime.timedelta):  # pandas' Timedelta is one too
        return pd.Timedelta(value).isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    plain = value is None or value is pd.NA or value is pd.NaT or hasattr(value, "isoformat")
    return value if plain or isinstance(value, bool | int | float | str) else str(value)


def _records(part: Any) -> list[dict[str, Any]]:
    """The rows of a result chunk as dicts of its cells, as ``DataFrame.to_dict(orient=
    "records")`` gives them (a masked column's NA as None), column by column: ``to_dict``
    reads a text column (a DATE, TIMESTAMP or INTERVAL as DuckDB's text) cell by cell through
    pandas' string array, five times slower (0.61 s for 200,000 dates, ``tolist`` 0.12 s: most
    of ``--json``'s time for such a column, sql28).

    >>> import pandas as pd
    >>> _records(pd.DataFrame({"a": pd.array([1, None], dtype="Int64"), "d": ["x", "y"]}))
    [{'a': 1, 'd': 'x'}, {'a': None, 'd': 'y'}]
    """
    import pandas as pd

    columns = []
    for i, dtype in enumerate(part.dtypes):
        cells = part.iloc[:, i].tolist()
        if getattr(dtype, "na_value", None) is pd.NA:
            cells = [None if v is pd.NA else v for v in cells]
        columns.append(cells)
    names = [str(name) for name in part.columns]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _plan_lines(part: Any) -> Any:
    r"""A chunk of an EXPLAIN's result with each plan (``explain_value``, one text of many
    lines) as the list of its lines, as the table shows them one under another; a plan asked
    for as JSON (``EXPLAIN (FORMAT json)``) as the JSON value it is. ``anpo data sql --json``
    wrote the plan as one string of ``\n``-joined box-drawing lines (web29).

    >>> import pandas as pd
    >>> _plan_lines(pd.DataFrame({"explain_key": ["physical_plan"],
    ...                           "explain_value": ["a\nb\n"]})).iloc[0, 1]
    ['a', 'b']
    >>> _plan_lines(pd.DataFrame({"explain_value": ['[{"name": "X"}]']})).iloc[0, 0]
    [{'name': 'X'}]
    """
    import json

    import pandas as pd

    def lines(text: Any) -> Any:
        if not isinstance(text, str):
            return text
        if text.lstrip()[:1] in ("[", "{"):
            try:
                return json.loads(text)
            except ValueError:
                pass
        return text.splitlines()

    part = part.copy()
    for i, name in enumerate(part.columns):
        if str(name) == "explain_value":
            cells = [lines(v) for v in part.iloc[:, i]]
            part.isetitem(i, pd.Series(cells, index=part.index, dtype=object))
    return part


def _stream_json(chunks: Any) -> None:
    """Every row as one JSON array of objects, written chunk by chunk (:func:`_sql_json`): null
    is SQL NULL or NaN, an infinity the number ``1e999`` or ``-1e999`` (:data:`JSON_INFINITY`),
    at any depth of a LIST, STRUCT or MAP."""
    import json
    import math

    plain = (str, int, bool, type(None))
    typer.echo("[", nl=False)
    first = True
    for part in chunks:
        texts = []
        for rec in _records(part):
            # a row of plain values in one call (the same text: the cell by cell writing made
            # --json three times slower: review25)
            simple = all(
                type(v) in plain or (type(v) is float and math.isfinite(v)) for v in rec.values()
            )
            texts.append(json.dumps(rec, ensure_ascii=False) if simple else _sql_json(rec))
        if texts:
            # one write per chunk: a write (and click's flush) per row was most of the time
            # (1,000,000 DATEs or integers: 7.3 s of CPU, sql28)
            lead = "\n  " if first else ",\n  "
            typer.echo(lead + ",\n  ".join(texts), nl=False)
            first = False
    typer.echo("\n]" if not first else "]")


@data_app.command("kinds")
def kinds(json_out: bool = typer.Option(False, "--json", help="JSON output.")) -> None:
    """The dataset kinds anpo can load, and where to get them."""
    import pandas as pd

    from anpo.cli._common import print_frame, print_json
    from anpo.data.kinds import KINDS

    frame = pd.DataFrame([{"kind": k.name, "description": k.description} for k in KINDS.values()])
    if json_out:
        print_json(frame)
    else:
        print_frame(frame, title="dataset kinds")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``anpo`` application."""
    app.add_typer(data_app, name="data")
