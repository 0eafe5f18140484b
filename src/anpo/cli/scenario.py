"""``anpo validate``, ``anpo schema`` and ``anpo scenarios``."""

from __future__ import annotations

from pathlib import Path

import typer


def validate(
    files: list[Path] = typer.Argument(  # noqa: B008
        ...,
        help="scenario, future or alignment-instance TOML files, or alignment-instance CSV "
        "files (book:NAME for a built-in "
        "scenario, alignment instance or future; book:futures for every built-in future)",
    ),
) -> None:
    """Validate scenario files, future files (those with a future table) and alignment
    (landscape) instance files (TOML with actor tables, or .csv, read by anpo align solve): one line
    per file (ok and what it is, or the first problem with file, line and field, each other
    problem of the file listed under it, up to 20, then "and N more"); every file is
    checked, then the exit status is 2 if any is broken. A valid file's uncertain inputs whose
    draws cannot move any result (found from its structure by
    anpo.scenario.uncertainty.inert_uncertainties) or that cannot vary (a choice of one value,
    draws that all round to one whole number or all print alike at 6 significant digits:
    constant_uncertainties) are named in a "note:"
    line each; they do not make the file invalid. A future's alignment change that has no
    effect (every pair of it set afterwards by a later change's value:
    anpo.futures.load.replaced_alignment_changes) is a "warning:" line on standard error, naming
    the file, the future, the pairs and both changes; it does not make the file invalid either."""
    from anpo.cli._common import echo_data_warnings, echo_error
    from anpo.errors import AnpoError
    from anpo.futures.load import parse_future_text, text_kind
    from anpo.futures.scorecard import inert_inputs
    from anpo.scenario.load import parse_scenario_text, read_text
    from anpo.scenario.uncertainty import constant_uncertainties, inert_uncertainties

    broken = 0
    named: list[tuple[str | Path, Path | None]] = []
    for f in files:
        try:
            named += _book_files(f)
        except AnpoError as exc:  # an unknown book name: said, and the other files checked
            named.append((f, None))
            broken += 1
            typer.echo(f"error: {exc.one_line()}", err=True)
    for shown, path in named:
        if path is None:
            continue
        try:
            text = read_text(path)  # read once: a future file or a scenario file
            is_csv = path.suffix.lower() == ".csv"
            kind = "instance" if is_csv else text_kind(text)
            if kind == "future":
                # an alignment change with no effect: a "warning:" line, the file stays valid
                with echo_data_warnings():
                    fut, world = parse_future_text(text, source=str(path), base_dir=path.parent)
                k = len(fut.uncertainties)
                typer.echo(
                    f"ok: {shown}: future {fut.future.id} (on {world.scenario.scenario.id}, variant "
                    f"{world.variant}; {k} uncertain input{'' if k == 1 else 's'})"
                )
                _say_inert(shown, inert_inputs(world))
                continue
            if kind == "instance":
                # validated as what it is, with the reader `anpo align solve` uses (it was read
                # as a scenario, and its 'title' refused as an unknown key; a CSV instance,
                # which anpo align reads, was refused as 'invalid TOML')
                from anpo.align.io import read_csv_text, read_toml_text

                inst = read_csv_text(text, path) if is_csv else read_toml_text(text, str(path))
                n = len(inst.names)
                # a file without a title is not shown as one titled '' (a CSV file's title is
                # its name, already shown)
                titled = f" {inst.title!r}" if inst.title and not is_csv else ""
                typer.echo(
                    f"ok: {shown}: alignment instance{titled} ({n} actor"
                    f"{'' if n == 1 else 's'}; read by anpo align solve, not a scenario)"
                )
                continue
            scen = parse_scenario_text(text, source=str(path), base_dir=path.parent)
        except AnpoError as exc:
            broken += 1
            echo_error(exc)  # every problem of the file, not the first alone
            continue
        typer.echo(
            f"ok: {shown}: {scen.scenario.id} ({len(scen.actors)} actors, "
            f"{len(scen.forces)} force components, {len(scen.variant_list())} variants)"
        )
        _say_inert(shown, {**inert_uncertainties(scen), **constant_uncertainties(scen)})
    if broken:
        if len(named) > 1:
            typer.echo(f"error: {broken} of {len(named)} files did not validate", err=True)
        raise typer.Exit(2)


def _book_files(f: Path) -> list[tuple[str | Path, Path]]:
    """The files ``f`` names, each with the name it is reported under: ``book:NAME`` is a file
    of the built-in scenario book, alignment instances (what ``anpo align book:NAME`` reads) or
    futures book (a future's file name); ``book:futures`` is every built-in future (as for
    ``anpo explore run``). Any other path is itself. An unknown name raises
    :class:`~anpo.errors.ScenarioError` listing the three books (only the scenario book was
    looked in: ``book:asia_pacific_2001`` was refused, which ``anpo align`` reads)."""
    from anpo.align.io import book_files as align_book_files
    from anpo.errors import ScenarioError
    from anpo.futures.load import future_files
    from anpo.scenario.load import book_files

    ref = str(f)
    if not ref.startswith("book:"):
        return [(f, Path(f))]
    name = ref.removeprefix("book:")
    futures = future_files()
    if name == "futures":
        return [(f"book:{p.stem}", p) for p in futures]
    books = {
        "scenarios": book_files(),
        "alignment instances": align_book_files(),
        "futures": futures,
    }
    for paths in books.values():
        for p in paths:
            if p.stem == name:
                return [(f, p)]
    listed = "; ".join(f"{kind}: {', '.join(p.stem for p in ps)}" for kind, ps in books.items())
    raise ScenarioError(
        f"no {name!r} in the built-in books ({listed}; book:futures for every future)", file=ref
    )


def _say_inert(f: str | Path, inert: dict[str, str]) -> None:
    """One "note:" line per uncertain input of file ``f`` that moves nothing, with why."""
    for name, why in inert.items():
        typer.echo(f"note: {f}: the uncertain input {name} moves nothing: {why}")


def schema(
    out: Path | None = typer.Option(None, "--out", help="write to this file instead of stdout"),  # noqa: B008
    force: bool = typer.Option(
        False, "--force", help="replace an existing --out file (never a read-only one)"
    ),
) -> None:
    """Print the JSON Schema of scenario files."""
    import json

    from anpo.scenario.schema import Scenario

    text = json.dumps(Scenario.model_json_schema(), indent=2)
    if out is None:
        typer.echo(text)
    else:
        from anpo.cli._common import write_file_atomic

        write_file_atomic(
            out, lambda tmp: tmp.write_text(text + "\n", encoding="utf-8"), force=force
        )


def scenarios(json_out: bool = typer.Option(False, "--json", help="JSON output")) -> None:
    """List the built-in scenario book (files, variants)."""
    from anpo.cli._common import print_json
    from anpo.scenario import book_files, load_scenario

    rows = []
    for path in book_files():
        scen = load_scenario(path)
        for v in scen.variant_list():
            rows.append(
                {
                    "file": path.name,
                    "scenario": scen.scenario.id,
                    "year": scen.scenario.year,
                    "variant": v.id,
                    "title": v.title,
                }
            )
    if json_out:
        print_json(rows)
        return
    import pandas as pd

    from anpo.cli._common import print_frame

    print_frame(pd.DataFrame(rows), title="Built-in scenario book")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``anpo`` application."""
    app.command("validate")(validate)
    app.command("schema")(schema)
    app.command("scenarios")(scenarios)
