"""``anpo futures``: the seed's futures (list) and their scorecard (compare)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from anpo.cli._common import print_json

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
        return
    from anpo.futures import future_files, load_future

    rows: list[dict[str, Any]] = []
    for path in future_files():
        fut, world = load_future(path)
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
    from rich.console import Console
    from rich.table import Table

    table = Table(title="The seed's futures (anpo futures compare: the scorecard)")
    for col in ("id", "kind", "title", "base", "law date"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["id"], r["kind"], r["title"], r["base"], r["law_date"])
    Console(width=120).print(table)


def compare(
    futures: Annotated[
        list[str] | None,
        typer.Argument(help="future ids of the book or future files (default: the whole book)"),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """One scorecard: the futures side by side on the same indicators."""
    from anpo.futures import load_future, resolve
    from anpo.futures.scorecard import (
        INDICATORS,
        details,
        format_value,
        indicators,
        why_undefined,
    )

    worlds = [load_future(p)[1] for p in resolve(futures or None)]
    values = [indicators(w) for w in worlds]
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
                        "definition": ind.definition,
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
            }
        )
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="The seed's futures side by side", show_lines=False)
    table.add_column("indicator", overflow="fold", min_width=24)
    for w in worlds:
        table.add_column(w.future.id, overflow="fold", justify="right")
    question = None
    for ind in INDICATORS:
        if ind.question != question:
            question = ind.question
            table.add_row(f"[bold]{question}[/bold]", *[""] * len(worlds))
        table.add_row(
            "  " + ind.label,
            *[
                format_value(ind, v[ind.name], why_undefined(w, ind.name))
                for w, v in zip(worlds, values, strict=True)
            ],
        )
    console = Console(width=max(100, 26 + 17 * len(worlds)))
    console.print(table)
    for w in worlds:
        d = details(w)
        console.print(
            f"[bold]{w.future.id}[/bold]: side {', '.join(d['side'])}; law on {d['law_date']}: "
            + (
                "; ".join(f"{c['description']}: {c['status']}" for c in d["contributions"])
                or "nothing asked"
            )
        )


def register(app: typer.Typer) -> None:
    """Add the ``futures`` command group to the ``anpo`` CLI."""
    futures_app.callback()(list_futures)
    futures_app.command("compare")(compare)
    app.add_typer(futures_app, name="futures")
