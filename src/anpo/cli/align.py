"""``anpo align FILE``: landscape theory (Axelrod & Bennett 1993) on an instance file."""

from __future__ import annotations

from typing import Any

import typer

from anpo.cli._common import format_count, print_json, stdout_console

#: Local minima are enumerated up to this many configurations by default (2^28 = n of 29).
_ENUM_LIMIT = 1 << 28


def align(
    file: str = typer.Argument(
        ...,
        metavar="FILE",
        help="Instance file (.toml or .csv), or book:NAME for a built-in instance.",
    ),
    coalitions: str = typer.Option(
        None,
        "--coalitions",
        "-k",
        help="Largest number of coalitions (default: the file's, else 2); 'auto' = free number "
        "chosen by minimum energy.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only, to stdout."),
    method: str = typer.Option(
        "auto",
        "--method",
        help="Global-minimum solver: auto, enumerate, exact, mip, descent, anneal, tabu.",
    ),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed for the heuristic solvers (>= 0)."),
    top: int = typer.Option(10, "--top", help="Show at most this many local minima (table)."),
    no_minima: bool = typer.Option(
        False, "--no-minima", help="Skip the enumeration of local minima and basins."
    ),
) -> None:
    """Global minimum, local minima (energies, members, basin shares) of a landscape."""
    import numpy as np
    from rich.console import Console

    from anpo.align import io
    from anpo.errors import AlignError

    methods = {"auto", "enumerate", "exact", "mip", "descent", "anneal", "tabu"}
    if method not in methods:
        raise AlignError(
            f"unknown method {method!r}; choose one of {sorted(methods)}", field="method"
        )
    if top < 1:
        raise AlignError("--top must be >= 1", field="top")
    inst = io.read_source(file)
    land = inst.landscape(coalitions)
    err = Console(stderr=True)
    count = land.count_configurations()
    do_minima = not no_minima and count <= _ENUM_LIMIT
    minima = None
    if do_minima:
        with err.status(f"enumerating {format_count(count)} configurations", spinner="dots"):
            minima = land.local_minima()
    with err.status("solving for the global minimum", spinner="dots"):
        if method == "auto" and minima is not None:
            sol = land.solve("enumerate")
        else:
            sol = land.solve(method, seed=seed)

    def groups(cfg: Any) -> list[list[str]]:
        return land.members(np.asarray(cfg))

    k_label: int | str = "auto" if land.coalitions is None else land.coalitions
    payload: dict[str, Any] = {
        "title": inst.title,
        "file": file,
        "actors": land.names,
        "sizes": [float(x) for x in land.sizes],
        "coalitions": k_label,
        "configurations": count,
        "energy_definition": "sum over ordered pairs i != j of s_i s_j p_ij d_ij "
        "(Axelrod & Bennett 1993)",
        "global_minimum": {
            "config": [int(x) for x in sol.config],
            "energy": sol.energy,
            "coalitions": groups(sol.config),
            "method": sol.method,
            "proven": bool(sol.proven),
            "gap": sol.gap,
        },
        "local_minima": None
        if minima is None
        else [
            {
                "rank": r + 1,
                "config": [int(x) for x in m.config],
                "energy": m.energy,
                "basin_share": m.basin_share,
                "coalitions": groups(m.config),
            }
            for r, m in enumerate(minima)
        ],
    }
    if as_json:
        print_json(payload)
        return
    from rich.table import Table

    out = stdout_console()
    title = inst.title or file
    out.print(
        f"[bold]{title}[/bold]: {land.n} actors, "
        f"{'free number of' if land.coalitions is None else f'at most {land.k}'} "
        f"coalitions, {format_count(count)} configurations"
    )
    proof = "proven" if sol.proven else "not proven"
    out.print(f"Global minimum (E = {sol.energy:.6g}, {sol.method}, {proof}):")
    for c, grp in enumerate(groups(sol.config)):
        out.print(f"  coalition {c + 1}: {', '.join(grp)}")
    if minima is None:
        out.print(
            "Local minima not enumerated "
            + ("(--no-minima)." if no_minima else "(too many configurations).")
        )
        return
    tab = Table(title=f"Local minima ({len(minima)}; showing {min(top, len(minima))})")
    tab.add_column("#", justify="right")
    tab.add_column("energy", justify="right")
    tab.add_column("basin", justify="right")
    tab.add_column("coalitions")
    for r, m in enumerate(minima[:top]):
        tab.add_row(
            str(r + 1),
            f"{m.energy:.6g}",
            f"{m.basin_share:.2%}",
            " | ".join(", ".join(g) for g in groups(m.config)),
        )
    out.print(tab)


def align_build(
    year: int = typer.Option(
        ..., "--year", min=1816, max=2100, help="Year of the relations and sizes (1816-2100)."
    ),
    states: str = typer.Option(
        "asia-pacific",
        "--states",
        help="Comma-separated COW codes or abbreviations, or 'asia-pacific' (the built-in set).",
    ),
    out: str = typer.Option(None, "--out", help="Write the instance to this new .toml file."),
    force: bool = typer.Option(False, "--force", help="Overwrite --out if it exists."),
    as_json: bool = typer.Option(False, "--json", help="Print the per-pair factor table as JSON."),
) -> None:
    """Build a landscape instance from the data catalog with the propensity recipe."""
    from pathlib import Path

    from rich.table import Table

    from anpo.align import io, recipe
    from anpo.data.catalog import Catalog
    from anpo.errors import AlignError, CatalogError

    cat = Catalog.open()
    if not cat.exists():
        raise CatalogError("no data catalog yet: run `anpo data add FILE` for each dataset")
    datasets = recipe.datasets_from(cat.read_or_none)
    sts = cat.read_or_none("cow_states")
    if sts is None:
        raise CatalogError("the recipe needs cow_states for names: run `anpo data add FILE`")
    sts = sts.drop_duplicates("ccode").set_index("ccode")
    abb = {str(a).upper(): int(c) for c, a in sts["stateabb"].items()}
    if states.strip().lower() == "asia-pacific":
        codes = list(recipe.ASIA_PACIFIC)
    else:
        codes = []
        for part in (x.strip() for x in states.split(",") if x.strip()):
            if part.isdigit() and int(part) in sts.index:
                codes.append(int(part))
            elif part.upper() in abb:
                codes.append(abb[part.upper()])
            else:
                raise AlignError(f"unknown state {part!r}", field="states")
    if len(codes) < 2 or len(set(codes)) != len(codes):
        raise AlignError("give at least two distinct states", field="states")
    target = None if out is None else Path(out)
    if target is not None:  # checked before the build, so that a bad --out fails at once
        if target.suffix.lower() != ".toml":
            raise AlignError("--out must name a .toml file", file=target)
        if target.exists() and not force:
            raise AlignError("exists; choose another --out or pass --force", file=target)
    names = {c: str(sts.loc[c, "statenme"]) for c in codes}
    ids = {c: str(sts.loc[c, "stateabb"]) for c in codes}
    inst = recipe.build_instance(
        datasets, codes, year, names, ids, title=f"Recipe instance, {year}"
    )
    if target is not None:
        try:
            target.write_text(io.to_toml(inst), encoding="utf-8")
        except OSError as exc:
            raise AlignError(f"cannot write: {exc.strerror}", file=target) from None
    frame = inst.pairs
    if as_json:
        print_json(frame)
        return
    tab = Table(title=f"Propensities by factor, {year} ({recipe.RECIPE_ID})")
    for col in ["a", "b", "p", *recipe.FACTORS]:
        tab.add_column(col, justify="right")
    for rec in frame.to_dict("records"):
        tab.add_row(rec["a"], rec["b"], *(f"{rec[c]:.3f}" for c in ["p", *recipe.FACTORS]))
    stdout_console().print(tab)
    if out is not None:
        stdout_console().print(f"wrote {out}")


def register(app: typer.Typer) -> None:
    """Add the ``align`` and ``align-build`` commands to the ``anpo`` application."""
    app.command("align")(align)
    app.command("align-build")(align_build)
