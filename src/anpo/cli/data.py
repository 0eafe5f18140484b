"""``anpo data``: the dataset catalog (add, list, remove, sql, kinds)."""

from __future__ import annotations

from pathlib import Path

import typer

HOME_HELP = "Catalog directory (default: ANPO_HOME, else the user data directory)."


def _catalog(home: Path | None):  # type: ignore[no-untyped-def]
    from anpo.data.catalog import Catalog

    return Catalog.open(home)


data_app = typer.Typer(
    help="Datasets: add the files you downloaded to the catalog, list, remove, query.",
    no_args_is_help=True,
)


@data_app.command("add")
def add(
    paths: list[Path] = typer.Argument(  # noqa: B008
        ...,
        help="Dataset files (CSV, CSV.gz, SIPRI .xlsx) or directories (searched recursively; "
        "files that are not a known dataset, or of a kind already added, are skipped).",
    ),
    kind: str | None = typer.Option(
        None, "--kind", help="Dataset kind (default: detected from the header)."
    ),
    replace: bool = typer.Option(
        False, "--replace", help="Replace a different dataset of the same kind."
    ),
    home: Path | None = typer.Option(None, "--home", help=HOME_HELP),  # noqa: B008
    json_out: bool = typer.Option(False, "--json", help="JSON output."),
) -> None:
    """Load dataset files into the catalog (one transaction per file)."""
    from rich.console import Console

    from anpo.cli._common import print_json
    from anpo.errors import AnpoError, DatasetExistsError, UnknownDatasetError

    cat = _catalog(home)
    results = []
    errors = []
    skipped = []
    err = Console(stderr=True)
    verb = {"added": "added", "replaced": "replaced", "unchanged": "already in catalog"}
    expanded: list[tuple[Path, bool]] = []
    for p in paths:
        if p.is_dir():
            expanded += [
                (f, False)
                for f in sorted(p.rglob("*"))
                if f.is_file() and not f.name.startswith(".")
            ]
        else:
            expanded.append((p, True))
    if kind is not None and len(expanded) > 1:
        typer.echo("error: --kind applies to one file at a time", err=True)
        raise typer.Exit(2)
    single = len(expanded) == 1 and expanded[0][1]
    for p, explicit in expanded:
        try:
            if json_out:
                rec = cat.add(p, kind=kind, replace=replace)
            else:
                with err.status(f"loading {p.name} ..."):
                    rec = cat.add(p, kind=kind, replace=replace)
        except AnpoError as exc:
            if single:
                raise
            if not explicit and isinstance(exc, UnknownDatasetError | DatasetExistsError):
                skipped.append({"path": str(p), "reason": exc.message})
                if not json_out:
                    typer.echo(f"skipped: {p}: {exc.message.split(';')[0]}", err=True)
                continue
            # several files: report this one, keep going, fail at the end
            errors.append({"path": str(p), "error": exc.one_line()})
            if not json_out:
                typer.echo(f"error: {exc.one_line()}", err=True)
            continue
        results.append(rec)
        if not json_out:
            typer.echo(
                f"{verb[rec['status']]}: {rec['kind']} ({rec['dataset']} {rec['version']}, "
                f"{rec['rows']:,} rows) from {p}"
            )
    if json_out:
        print_json(
            {"catalog": str(cat.path), "results": results, "skipped": skipped, "errors": errors}
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
    """The datasets in the catalog."""
    from anpo.cli._common import print_frame, print_json

    cat = _catalog(home)
    frame = cat.list()
    if json_out:
        out = frame.assign(added_at=frame["added_at"].astype(str)) if len(frame) else frame
        print_json({"catalog": str(cat.path), "datasets": out})
        return
    if frame.empty:
        typer.echo(f"the catalog at {cat.home} is empty; add data with `anpo data add FILE`")
        return
    show = frame[["id", "kind", "dataset", "version", "rows", "source_path"]].copy()
    show["rows"] = show["rows"].map(lambda r: f"{int(r):,}")
    print_frame(show, title=f"anpo data catalog ({cat.path})")


@data_app.command("remove")
def remove(
    dataset: str = typer.Argument(..., help="Kind (e.g. nmc) or id from `anpo data list`."),
    home: Path | None = typer.Option(None, "--home", help=HOME_HELP),  # noqa: B008
    json_out: bool = typer.Option(False, "--json", help="JSON output."),
) -> None:
    """Remove a dataset from the catalog (your source file is not touched)."""
    from anpo.cli._common import print_json

    rec = _catalog(home).remove(dataset)
    if json_out:
        print_json(rec)
    else:
        typer.echo(f"removed: {rec['kind']} ({rec['dataset']} {rec['version']})")


@data_app.command("sql")
def sql(
    query: str = typer.Argument(..., help="SQL over the catalog; tables are named by kind."),
    home: Path | None = typer.Option(None, "--home", help=HOME_HELP),  # noqa: B008
    limit: int = typer.Option(50, "--limit", help="Rows to print (table output)."),
    json_out: bool = typer.Option(False, "--json", help="JSON output."),
) -> None:
    """Run a read-only SQL query, e.g. "SELECT year, count(*) FROM atop GROUP BY year"."""
    from anpo.cli._common import print_frame, print_json

    frame = _catalog(home).sql(query)
    if json_out:
        print_json(frame)
        return
    print_frame(frame.head(limit), title=f"{len(frame):,} rows")


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
