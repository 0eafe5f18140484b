"""``anpo futures``: the seed's futures (list) and their scorecard (compare)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from anpo.cli._common import print_json, stdout_console

futures_app = typer.Typer(
    name="futures",
    help="The seed's futures for the U.S.-Japan alliance: list them, compare them on one "
    "scorecard.",
    invoke_without_command=True,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="print JSON only")]


def list_futures(ctx: typer.Context, json_out: JsonOpt = False) -> None:
    """List the futures of the built-in book (without a subcommand)."""
    if ctx.invoked_subcommand is not None:
        from anpo.cli._common import refuse_group_options

        refuse_group_options(ctx, {"--json": json_out})
        return
    from anpo.cli._common import named
    from anpo.futures import future_files, load_future

    rows: list[dict[str, Any]] = []
    bases: list[str] = []  # the base by its year and variant name, the id beside it
    for path in future_files():
        fut, world = load_future(path)
        shown = {v.id: v.shown for v in world.scenario.variant_list()}
        variant = named(shown.get(world.variant, world.variant), world.variant)
        bases.append(f"{world.scenario.scenario.year}: {variant}")
        rows.append(
            {
                "id": fut.future.id,
                "kind": fut.future.kind,
                "title": fut.future.title,
                "base": f"{fut.base.scenario} / {fut.base.variant}",
                "changes": len(fut.changes) + len(fut.alignment.changes),
                "law_date": fut.law.date.isoformat(),
                "uncertainties": [u.name for u in world.uncertainties],
                "seed_ref": fut.future.seed_ref,
                "file": path.name,
            }
        )
    if json_out:
        print_json(rows)
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(title="The seed's futures (anpo futures compare: the scorecard)")
    for col in ("id", "kind", "title", "base", "law date"):
        table.add_column(col, overflow="fold")
    for r, base in zip(rows, bases, strict=True):
        cells = [r["id"], r["kind"], r["title"], base, r["law_date"]]
        table.add_row(*(Text(c) for c in cells))
    stdout_console().print(table)


def _future_inputs(path: Path, fut: Any, world: Any) -> list[dict[str, str]]:
    """The files ``anpo futures compare`` read for one future, each with its source and SHA-256
    (:func:`anpo._io.provenance.input_entry`): the future file (``book:ID`` for the book's, else
    the path as given), its base scenario and its alignment instance (``book:NAME`` or the
    path, as the future file writes them; each instance an uncertain input draws among too).
    Its JSON named the futures by id only, not the files or the base scenario."""
    from anpo._io.provenance import input_entry, instance_file
    from anpo.futures import future_files
    from anpo.futures.load import base_path, instance_refs

    fid = world.future.id
    book = {p.resolve() for p in future_files()}
    source = f"book:{path.stem}" if path.resolve() in book else str(path)
    ref = fut.base.scenario
    out = [
        input_entry(f"future {fid}", source, path),
        input_entry(f"base scenario of {fid}", ref, base_path(ref, path.parent)),
    ]
    own = world.alignment.instance
    if own.startswith("book:"):  # a built-in instance: instance_refs lists files only
        out.append(input_entry(f"alignment instance of {fid}", own, instance_file(own)))
    written = fut.alignment.instance if isinstance(fut.alignment.instance, str) else None
    for as_written, file in instance_refs(world, path.parent, written):
        out.append(input_entry(f"alignment instance of {fid}", as_written, file))
    return out


def compare(
    futures: Annotated[
        list[str] | None,
        typer.Argument(
            help="future ids of the book (status-quo or book:status-quo), future files, or book:futures (default: the whole book)"
        ),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """One scorecard: the futures side by side on the same indicators."""
    from anpo._io.provenance import json_provenance
    from anpo._progress import progress_bar
    from anpo.cli._common import echo_data_warnings
    from anpo.errors import FutureError
    from anpo.futures import future_files, load_future, resolve
    from anpo.futures.load import refuse_shared_ids
    from anpo.futures.scorecard import (
        INDICATORS,
        definition_of,
        details,
        format_value,
        indicators,
        inert_notes,
        why_undefined,
    )

    try:
        paths = resolve(futures or None)
    except FutureError as exc:
        # an unknown id (the message lists the book's): say which argument holds it
        if exc.field is None and exc.file is None:
            exc.field = "FUTURES"
        raise
    worlds = []
    values = []
    inputs: list[dict[str, str]] = []
    with (
        echo_data_warnings(),  # an alignment change with no effect: a "warning:" line
        progress_bar("scorecard", total=len(paths), enabled=False if json_out else None) as bar,
    ):
        for done, path in enumerate(paths, start=1):
            fut, world = load_future(path)
            bar.describe(f"future {world.future.id}")
            inputs += _future_inputs(path, fut, world)
            worlds.append(world)
            # two futures of one id: columns a reader cannot tell apart, and one of them lost
            # from the JSON's values (keyed by id); said before the scorecard is computed
            refuse_shared_ids([w.future.id for w in worlds], paths[:done])
            values.append(indicators(world))
            bar(done, len(paths))
    # an input of a future that cannot move any indicator: said, not drawn silently
    inert = inert_notes(worlds)
    if json_out:
        print_json(
            {
                "futures": [
                    {"id": w.future.id, "kind": w.future.kind, "title": w.future.title}
                    for w in worlds
                ],
                "indicators": [
                    {
                        "name": ind.name,
                        "question": ind.question,
                        "label": ind.label,
                        "definition": definition_of(ind, worlds),
                        "values": {
                            w.future.id: v[ind.name] for w, v in zip(worlds, values, strict=True)
                        },
                        "shown": {
                            w.future.id: format_value(ind, v[ind.name], why_undefined(w, ind.name))
                            for w, v in zip(worlds, values, strict=True)
                        },
                    }
                    for ind in INDICATORS
                ],
                "details": {w.future.id: details(w) for w in worlds},
                "notes": inert,
                # anpo's version and the files read, each with its SHA-256 (audit34 finding 5)
                **json_provenance(inputs),
            }
        )
        return
    from rich.table import Table
    from rich.text import Text

    cells = [
        [format_value(ind, v[ind.name], why_undefined(w, ind.name)) for ind in INDICATORS]
        for w, v in zip(worlds, values, strict=True)
    ]

    from anpo.cli._common import named
    from anpo.law.vocab import in_words

    shown = [named(w.future.title, w.future.id) for w in worlds]

    def card(cols: list[int], title: str) -> Table:
        table = Table(title=title, show_lines=False)
        table.add_column("indicator", overflow="fold", min_width=24)
        for c in cols:
            # the future's title, with the id the command takes beside it
            # (wrapped: a title runs to 80 characters, the cells to a few)
            table.add_column(Text(shown[c]), overflow="fold", justify="right", max_width=27)
        question = None
        for r, ind in enumerate(INDICATORS):
            if ind.question != question:
                question = ind.question
                table.add_row(Text(question, style="bold"), *[""] * len(cols))
            table.add_row(Text("  " + ind.label), *[Text(cells[c][r]) for c in cols])
        return table

    # the shared console: off a terminal the table's own width, on a terminal its width; a
    # scorecard that rich would crop on a narrow terminal is printed in parts instead, so no
    # future's column is cut off
    console = stdout_console()
    # a user's own future is not one of the seed's: the title says so only of the book's
    book = {p.resolve() for p in future_files()}
    title = (
        "The seed's futures side by side"
        if all(p.resolve() in book for p in paths)
        else "Futures side by side"
    )
    size = len(worlds)
    while size > 1 and _cropped(console, card(list(range(size)), title)):
        size = (size + 1) // 2
    groups = [list(range(len(worlds)))[i : i + size] for i in range(0, len(worlds), size)]
    for i, g in enumerate(groups):
        part = f" (part {i + 1} of {len(groups)})" if len(groups) > 1 else ""
        console.print(card(g, title + part))
    if inert:  # paragraphs of their own between the tables and the per-future lines
        for text in inert:
            console.print()
            console.print(Text(text))
        console.print()
    for w, name in zip(worlds, shown, strict=True):
        d = details(w)
        line = Text(name, style="bold")
        line.append(
            f": side {', '.join(d['side'])}; law on {d['law_date']}: "
            + (
                "; ".join(
                    f"{c['description']}: {in_words(c['status'])}" for c in d["contributions"]
                )
                or "nothing asked"
            )
        )
        console.print(line)


def _cropped(console: Any, table: Any) -> bool:
    """Whether rich would cut ``table`` at the console's width (its top border loses its
    right corner when the columns cannot fold enough)."""
    with console.capture() as cap:
        console.print(table)
    top = next((ln for ln in cap.get().splitlines() if ln.lstrip().startswith("┏")), "")
    return not top.rstrip().endswith("┓")


def register(app: typer.Typer) -> None:
    """Add the ``futures`` command group to the ``anpo`` CLI."""
    futures_app.callback()(list_futures)
    futures_app.command("compare")(compare)
    app.add_typer(futures_app, name="futures")
