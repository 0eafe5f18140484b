"""``anpo dyads`` (dyad-years with joins) and ``anpo roles`` (allies, rivals, rogue states)."""

from __future__ import annotations

from pathlib import Path

import typer

HOME_HELP = "Catalog directory (default: ANPO_HOME, else the user data directory)."


def _check_out(out: Path, force: bool) -> str:
    """The --out format (parquet or csv) after checking the file can be written."""
    from anpo.cli._common import check_output_file
    from anpo.errors import InputError

    suffixes = "".join(out.suffixes).lower()
    if not suffixes.endswith((".parquet", ".pq", ".csv", ".csv.gz")):
        raise InputError("--out must end in .parquet, .csv or .csv.gz", field="--out")
    check_output_file(out, force=force)
    return "parquet" if suffixes.endswith((".parquet", ".pq")) else "csv"


def _write_frame(frame, out: Path, force: bool) -> None:  # type: ignore[no-untyped-def]
    """Write Parquet or CSV (by suffix) via a temporary file; never overwrite without force.
    The file gets the permissions of the user's umask."""
    from anpo.cli._common import write_file_atomic

    kind = _check_out(out, force)
    suffixes = "".join(out.suffixes).lower()

    def write(tmp: Path) -> None:
        if kind == "parquet":
            frame.to_parquet(tmp, index=False)
        else:
            frame.to_csv(tmp, index=False, compression="gzip" if suffixes.endswith(".gz") else None)

    write_file_atomic(out, write, force=force)


def dyads(
    years: str = typer.Option(
        ..., "--years", help="Years: 2001, 1990-2001 or 1816,1914 (mixes allowed)."
    ),
    add: str = typer.Option(
        "",
        "--add",
        help="Joins, comma-separated: capabilities, alliances, cow_alliances, "
        "rivalries, disputes, contiguity, ideal_points, democracy, majors.",
    ),
    out: Path | None = typer.Option(  # noqa: B008
        None, "--out", help="Write to FILE (.parquet, .csv, .csv.gz)."
    ),
    system: str = typer.Option("cow", "--system", help="State system: cow or gw."),
    undirected: bool = typer.Option(False, "--undirected", help="One row per pair."),
    force: bool = typer.Option(False, "--force", help="Overwrite --out if it exists."),
    home: Path | None = typer.Option(None, "--home", help=HOME_HELP),  # noqa: B008
    json_out: bool = typer.Option(False, "--json", help="JSON summary on stdout."),
) -> None:
    """Dyad-years (false dyads removed) with dataset variables joined from the catalog;
    outside a dataset's years its variables are missing, not 0."""
    from rich.console import Console

    from anpo.cli._common import print_frame, print_json
    from anpo.data.catalog import Catalog
    from anpo.relations.build import build_dyad_years, parse_years

    year_list = parse_years(years)
    joins = [a.strip() for a in add.split(",") if a.strip()]
    if out is not None:  # before any work
        _check_out(out, force)
    cat = Catalog.open(home)
    err = Console(stderr=True)
    with err.status("building dyad-years ...") as status:
        frame = build_dyad_years(
            cat.read_or_none,
            years=year_list,
            add=joins,
            system=system,
            directed=not undirected,
            progress=None if json_out else (lambda m: status.update(m + " ...")),
        )
        if out is not None:
            status.update(f"writing {out} ...")
            _write_frame(frame, out, force)
    summary = {
        "rows": len(frame),
        "columns": list(frame.columns),
        "years": [min(year_list or [0]), max(year_list or [0])],
        "system": system,
        "directed": not undirected,
        "out": str(out) if out else None,
    }
    if json_out:
        print_json(summary)
        return
    if out is not None:
        typer.echo(f"wrote {len(frame):,} dyad-years x {frame.shape[1]} columns to {out}")
    else:
        print_frame(
            frame.head(20),
            title=f"{len(frame):,} dyad-years (first 20; --out FILE writes them all)",
        )


def similarity(
    years: str = typer.Option(
        ..., "--years", help="Years: 1914, 1815-2018 or 1914,2001 (mixes allowed)."
    ),
    out: Path | None = typer.Option(  # noqa: B008
        None, "--out", help="Write to FILE (.parquet, .csv, .csv.gz)."
    ),
    measures: str = typer.Option(
        "s_abs,s_sq,s_wabs,s_wsq,tau_b,kappa,pi,alignment",
        "--measures",
        help="Comma-separated measures.",
    ),
    scope: str = typer.Option("global", "--scope", help="global or regional."),
    scale: str = typer.Option("valued", "--scale", help="valued (0-3) or binary."),
    dyad: str | None = typer.Option(
        None, "--dyad", help="Only this pair of COW codes, e.g. 2,740."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite --out if it exists."),
    home: Path | None = typer.Option(None, "--home", help=HOME_HELP),  # noqa: B008
    json_out: bool = typer.Option(False, "--json", help="JSON output."),
) -> None:
    """Similarity of alliance portfolios (S, tau-b, kappa, pi, alignment index) for every
    dyad of the years, from ATOP in the catalog (Signorino & Ritter 1999; Häge 2011)."""
    from rich.progress import Progress

    from anpo.cli._common import print_frame, print_json
    from anpo.data.catalog import Catalog
    from anpo.errors import CatalogError, InputError
    from anpo.relations.build import parse_years
    from anpo.relations.portfolios import similarity_dyad_years

    year_list = parse_years(years)
    if out is not None:  # before any work
        _check_out(out, force)
    cat = Catalog.open(home)
    atop = cat.read_or_none("atop")
    if atop is None:
        raise CatalogError("similarity needs ATOP: run `anpo data add atop5_1ddyr.csv`")
    pair = None
    if dyad:
        try:
            a, b = (int(v) for v in dyad.split(","))
        except ValueError:
            raise InputError("expected two COW codes 'A,B'", field="--dyad") from None
        pair = (min(a, b), max(a, b))
    with Progress(transient=True, disable=json_out) as bar:
        task = bar.add_task("similarity", total=len(year_list or []))
        frame = similarity_dyad_years(
            atop,
            states=cat.read_or_none("cow_states"),
            nmc=cat.read_or_none("nmc"),
            years=year_list,
            measures=[m.strip() for m in measures.split(",") if m.strip()],
            scope=scope,  # type: ignore[arg-type]
            scale=scale,  # type: ignore[arg-type]
            progress=lambda done, total: bar.update(task, completed=done),
        )
    if frame.empty:
        lo, hi = int(atop["year"].min()), int(atop["year"].max())
        raise InputError(
            f"no dyad-years in the years asked: the ATOP data cover {lo}-{hi}", field="years"
        )
    if pair is not None:
        frame = frame[(frame["ccode1"] == pair[0]) & (frame["ccode2"] == pair[1])]
    if out is not None:
        _write_frame(frame, out, force)
    if json_out:
        print_json(frame if pair is not None else {"rows": len(frame), "out": str(out)})
    elif out is not None:
        typer.echo(f"wrote {len(frame):,} dyad-years to {out}")
    else:
        print_frame(frame.head(30), title=f"{len(frame):,} dyad-years (first 30)")


def roles_cmd(
    year: str = typer.Option(..., "--year", help="Year (or range 1990-2001)."),
    focal: int | None = typer.Option(None, "--focal", help="COW code of the focal state (2)."),
    thresholds: Path | None = typer.Option(  # noqa: B008
        None, "--thresholds", help="TOML file overriding the default thresholds."
    ),
    show_all: bool = typer.Option(False, "--all", help="Also list states with role 'other'."),
    home: Path | None = typer.Option(None, "--home", help=HOME_HELP),  # noqa: B008
    json_out: bool = typer.Option(False, "--json", help="JSON output (every state)."),
    print_thresholds: bool = typer.Option(
        False, "--print-thresholds", help="Print the default thresholds file and exit."
    ),
) -> None:
    """Each state's role relative to the focal state (default the U.S.): ally, strategic
    rival (with its degree), rogue state or other, with the rule and the evidence."""
    if print_thresholds:
        from anpo.relations.taxonomy import default_thresholds_text

        typer.echo(default_thresholds_text())
        return
    from anpo.cli._common import print_frame, print_json
    from anpo.data.catalog import Catalog
    from anpo.relations.build import parse_years
    from anpo.relations.taxonomy import load_thresholds, roles_from_catalog

    years = parse_years(year) or []
    th = load_thresholds(thresholds)
    cat = Catalog.open(home)
    frame = roles_from_catalog(cat, years[0] if len(years) == 1 else years, focal, th)
    from anpo.relations.taxonomy import (
        OPTIONAL_KINDS,
        REQUIRED_KINDS,
        missing_optional_kinds,
    )

    absent = missing_optional_kinds(cat)
    if json_out:
        # provenance of the datasets the roles were computed from (not the whole catalog)
        used = set(REQUIRED_KINDS) | set(OPTIONAL_KINDS)
        sources = {
            r["kind"]: {"dataset": r["dataset"], "version": r["version"], "sha256": r["sha256"]}
            for r in cat.in_use().to_dict(orient="records")
            if r["kind"] in used
        }
        print_json(
            {
                "focal": frame.attrs.get("focal", th.focal),
                "years": years,
                "thresholds": th.model_dump(),
                "sources": sources,
                "missing_datasets": absent,
                "roles": frame,
            }
        )
        return
    show = frame if show_all else frame[frame["role"] != "other"]
    show = show.assign(
        degree=show["degree"].where(show["role"].isin(["strategic rival", "rogue state"]))
    )
    cols = ["year", "ccode", "stateabb", "role", "intensity", "degree", "reason"]
    if len(years) == 1:
        cols.remove("year")
    counts = frame.groupby("role").size().to_dict()
    title = f"roles relative to state {frame.attrs.get('focal', th.focal)} in {year}: " + ", ".join(
        f"{k} {v}" for k, v in sorted(counts.items())
    )
    print_frame(show[cols], title=title, digits=2)
    if absent:
        typer.echo(
            "note: the catalog has no " + ", ".join(absent) + " dataset; the rules that "
            "need rivalries, disputes or UN ideal points cannot fire without them "
            "(anpo data add FILE)",
            err=True,
        )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``anpo`` application."""
    app.command("dyads")(dyads)
    app.command("similarity")(similarity)
    app.command("roles")(roles_cmd)
