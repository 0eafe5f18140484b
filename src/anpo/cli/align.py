"""``anpo align``: landscape theory (Axelrod & Bennett 1993).

``anpo align FILE`` (short for ``anpo align solve FILE``) solves an instance file;
``anpo align backtest`` holds the recipe to history (:mod:`anpo.align.backtest`);
``anpo align sensitivity FILE`` shows which factor weights and size measures move which state
(:mod:`anpo.align.sensitivity`); ``anpo align-build`` builds an instance from the data catalog.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from anpo._progress import progress_bar
from anpo.cli._common import (
    check_output_file,
    flag_names,
    format_count,
    print_json,
    stdout_console,
)
from anpo.report.format import count_noun, fmt_number, fmt_share


class _AlignGroup(TyperGroup):
    """``anpo align FILE ...`` is ``anpo align solve FILE ...``: a first argument that is not a
    subcommand (or ``--help``) goes to ``solve``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            # `anpo align FILE --help` (the README's placeholder) is solve's help, file or not
            if not {"--help", "-h"} & set(args):
                _refuse_a_command_word(ctx, args[0], sorted(self.commands))
            args = ["solve", *args]
        return super().parse_args(ctx, args)


#: Where the things a user may type as ``anpo align WORD`` are (they are not its commands).
_ELSEWHERE = {
    "whatif": "the smallest propensity change is anpo.align.whatif.smallest_change in Python, "
    "and the alignment page's what-if of anpo serve",
    "validate": "anpo validate FILE checks an instance file",
    "build": "anpo align-build builds an instance from the data catalog",
}


def _refuse_a_command_word(ctx: Any, word: str, commands: list[str]) -> None:
    """``anpo align whatif FILE`` read 'whatif' as the instance file of ``solve`` and said
    'solve: Got unexpected extra argument(s) (FILE)'. A first word that looks like a command
    (letters, digits, - and _, no file suffix) and names no file is refused as one, with the
    commands there are and where the one asked for is, if anpo has it elsewhere."""
    import re
    from pathlib import Path

    from anpo.cli import click_exceptions

    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", word) or Path(word).exists():
        return
    hint = _ELSEWHERE.get(word.lower().replace("-", "").replace("_", ""))
    raise click_exceptions().UsageError(
        f"no command {word!r} (and no file of that name): the commands are "
        f"{', '.join(commands)}; anpo align FILE is short for anpo align solve FILE"
        + (f"; {hint}" if hint else ""),
        ctx=ctx,
    )


align_app = typer.Typer(
    cls=_AlignGroup,
    help="Landscape theory of aggregation (Axelrod & Bennett 1993): solve an instance "
    "(anpo align FILE), back-test the recipe against history, weight sensitivity.",
    no_args_is_help=True,
)

#: Local minima are enumerated up to this many configurations by default (2^28 = n of 29).
_ENUM_LIMIT = 1 << 28

#: At most this many local minima are kept (the lowest, ranked by energy then configuration) and
#: listed by ``--json``. When all or most propensities are 0 every configuration is a local
#: minimum (2^17 of them for 18 actors); one object and one JSON entry each took seconds and
#: hundreds of MB. Measured (benchmarks/align_minima_bench.py, 18 actors, 2^17 minima): the
#: lowest 1,000 in 0.08 s, all of them as objects 0.5 s, the old per-minimum path 3.9 s.
_MINIMA_KEPT = 1000

#: More local minima than this are not listed at all (about 70 + n bytes each are held while
#: they are ranked: 2^20 is every configuration of 21 actors with all propensities 0, which
#: ``anpo align`` ranks in about 3 s and 330 MB peak, 80 MB above a bare run); the enumeration
#: stops when it has counted them, and the global minimum is then found by the solver.
_MINIMA_LIMIT = 1 << 20


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
    seed: int = typer.Option(
        0, "--seed", min=0, max=2**63 - 1, help="Seed for the heuristic solvers (>= 0)."
    ),
    top: int = typer.Option(10, "--top", help="Show at most this many local minima (table)."),
    no_minima: bool = typer.Option(
        False, "--no-minima", help="Skip the enumeration of local minima and basins."
    ),
    # landscape.DEFAULT_TIME_LIMIT and AUTO_TIME_LIMIT, typed here so that the CLI starts
    # without the solvers (tests/test_cli_help_defaults.py checks they agree)
    time_limit: float = typer.Option(
        None,
        "--time-limit",
        help="Budget (seconds, > 0) of the solver (default 30; 10 for the exact solver under "
        "auto), counted from the solver's start: loading its compiled code is part of it (about "
        "1-2 s of CPU in a new process; compiling it, the first time after an install, takes "
        "tens of seconds and is not counted). When it is spent the best configuration found "
        "is shown (with its lower bound for the exact and MIP solvers).",
    ),
    compare_exact: bool | None = typer.Option(
        None,
        "--compare-exact/--no-compare-exact",
        help="For a heuristic method (descent, anneal, tabu): report its gap to the proven "
        "optimum. Default: compare where the optimum is cheaply known, i.e. when the local "
        "minima were enumerated (their lowest is the optimum) or the instance is within the "
        "exact solver's calibrated fast range (2 coalitions: up to 60 actors; 3: 40; 4: 36; "
        "more or a free number: 30); the exact solver then gets what the heuristic left of "
        "--time-limit. --compare-exact compares beyond that range too (if the budget runs out, "
        "the gap is to the exact solver's lower bound, an upper bound on the true gap); "
        "--no-compare-exact never does.",
    ),
) -> None:
    """Global minimum, local minima (energies, members, basin shares) of a landscape.

    A heuristic's gap to the optimum is reported where the optimum is cheaply known (see
    --compare-exact)."""
    import math

    import numpy as np

    from anpo.align import io
    from anpo.align.landscape import minima_note
    from anpo.errors import AlignError

    methods = {"auto", "enumerate", "exact", "mip", "descent", "anneal", "tabu"}
    if method not in methods:
        raise AlignError(
            f"unknown method {method!r}; choose one of {sorted(methods)}", field="--method"
        )
    if top < 1:
        raise AlignError("must be >= 1", field="--top")
    if time_limit is not None and not (math.isfinite(time_limit) and time_limit > 0):
        # checked only by the solvers that use it: --time-limit -1 passed with the enumeration
        raise AlignError(
            f"must be a positive number of seconds, got {time_limit}", field="--time-limit"
        )
    inst = io.read_source(file)
    land = inst.landscape(coalitions)
    count = land.count_configurations()
    do_minima = not no_minima and count <= _ENUM_LIMIT
    minima = None
    # why the local minima are absent, for the JSON's null and the table's line
    minima_reason = (
        None
        if do_minima
        else "not enumerated: --no-minima"
        if no_minima
        else f"not enumerated: {format_count(count)} configurations, more than the "
        f"enumeration's limit of {format_count(_ENUM_LIMIT)}"
    )
    if do_minima:
        from anpo.errors import BudgetExceededError

        with progress_bar(f"enumerating {format_count(count)} configurations"):
            try:
                minima = land.local_minima(
                    max_minima=_MINIMA_KEPT, max_found=_MINIMA_LIMIT, ties=True
                )
            except BudgetExceededError as exc:
                found = int(exc.partial)  # type: ignore[call-overload]  # the count of minima
                minima_reason = (
                    f"not listed: {format_count(found)} local minima, more than the "
                    f"limit of {format_count(_MINIMA_LIMIT)} that are ranked"
                    + (" (every configuration is a local minimum)" if found == count else "")
                )
    n_minima = land.minima_count if minima is not None else None
    truncated = n_minima is not None and n_minima > len(minima or [])
    with (
        progress_bar("solving for the global minimum"),
        flag_names({"time_limit": "--time-limit", "seed": "--seed"}),
    ):
        # a heuristic: asked for, or auto's choice beyond the exact solver's range
        heuristic = method in HEURISTICS or (
            method == "auto" and minima is None and land.n > land.exact_limit()
        )
        compare, compare_reason = _compare_rule(land, compare_exact, minima is not None)
        if method == "auto" and minima is not None:
            sol = land.solve("enumerate")
        else:
            sol = land.solve(
                method, seed=seed, time_limit=time_limit, compare_exact=heuristic and compare
            )
    gap_note = _gap_note(sol, compare_reason if heuristic else None, land)
    tied, tie_note = _ties(land, minima, sol)
    kept_note = (
        minima_note(n_minima, len(minima or []), count, tied, verb="kept")
        if n_minima is not None and tied is not None
        else None
    )

    def groups(cfg: Any) -> list[list[str]]:
        return land.members(np.asarray(cfg))

    # the largest number of coalitions a configuration may use, as the text's header says it
    # ('-k 9' on 4 actors: 'at most 4 coalitions' in the text, 9 in the JSON); what was asked
    # is coalitions_asked
    k_label: int | str = "auto" if land.coalitions is None else land.k
    from anpo._io.provenance import input_entry, instance_file, json_provenance

    payload: dict[str, Any] = {
        "title": inst.title,
        "file": file,
        # what the result is of (audit34 finding 5: the seed was only inside "method"): anpo's
        # version, the instance file as given with its SHA-256, and --seed (read by the
        # heuristic solvers only)
        **json_provenance([input_entry("instance", file, instance_file(file))]),
        "seed": seed,
        "actors": land.names,
        "sizes": [float(x) for x in land.sizes],
        "coalitions": k_label,
        "coalitions_asked": "auto" if land.coalitions is None else land.coalitions,
        "configurations": count,
        "energy_definition": "sum over ordered pairs i != j of s_i s_j p_ij d_ij "
        "(Axelrod & Bennett 1993)",
        "global_minimum": {
            "config": [int(x) for x in sol.config],
            "energy": sol.energy,
            "coalitions": groups(sol.config),
            "method": sol.method,
            "proven": bool(sol.proven),
            "lower_bound": sol.lower_bound,
            "optimum": sol.optimum,
            "gap": sol.gap,
            "gap_note": gap_note,
            "tied_configurations": tied,
            "tie_note": tie_note,
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
        "local_minima_reason": minima_reason,
        "local_minima_count": n_minima,
        "local_minima_truncated": truncated,
        "local_minima_note": kept_note,
        # starts whose descent met a tie between steepest moves: their basin may depend on the
        # tie rule (None: not enumerated, or not counted; Landscape.tied_starts)
        "basin_tied_starts": None if minima is None else land.tied_starts,
        "basin_tie_note": None if minima is None else land.basin_tie_note(),
    }
    # the recipe that built the instance, and its back-test scores when they are stored
    recipe_id = str(inst.provenance.get("recipe", "")) if inst.provenance else ""
    stored = _stored_backtest() if recipe_id else None
    if recipe_id:
        from anpo.align.accuracy import accuracy_note

        note = accuracy_note(stored, recipe_id, inst.provenance) if stored is not None else None
        payload["recipe_accuracy"] = (
            None if note is None else {"recipe": recipe_id, "backtest": stored, "note": note}
        )
    if as_json:
        print_json(payload)
        return
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    from anpo.cli._common import terminal_text

    out = stdout_console()
    # the file's title and its actors' names are text, not markup ('[draft]' was dropped, a
    # '[/]' raised a MarkupError)
    # and a control character of the title (kept by the file) is written as its escape
    title = escape(terminal_text(inst.title or file))
    out.print(
        f"[bold]{title}[/bold]: {count_noun(land.n, 'actor')}, "
        + (
            "free number of coalitions"
            if land.coalitions is None
            else f"at most {count_noun(land.k, 'coalition')}"
        )
        + f", {format_count(count)} configuration{'' if count == 1 else 's'}"
    )
    # 'Global minimum' only for a proven one: a heuristic's configuration above the proven
    # optimum was headed 'Global minimum (E = -83.8, descent, not proven; lower bound -84.8)'
    if sol.proven:
        head = f"Global minimum (E = {sol.energy:.6g}, {sol.method}, proven)"
    elif sol.optimum is not None:
        head = (
            f"Best configuration found, not a global minimum (E = {sol.energy:.6g}, "
            f"{sol.method}; the proven optimum is {sol.optimum:.6g})"
        )
    else:
        head = (
            f"Best configuration found (E = {sol.energy:.6g}, {sol.method}; not proven a global "
            "minimum"
            + (f"; lower bound {sol.lower_bound:.6g}" if sol.lower_bound is not None else "")
            + ")"
        )
    out.print(f"{escape(head)}:")
    if heuristic:
        out.print(f"  gap: {gap_note}")
    if tied is not None and tied > 1:
        out.print(f"  tie: {escape(tie_note)}")
    for c, grp in enumerate(groups(sol.config)):
        out.print(f"  coalition {c + 1}: {escape(', '.join(grp))}")
    if recipe_id:
        typer.echo(f"note: {_recipe_accuracy_note(recipe_id, stored, inst.provenance)}", err=True)
    if minima is None:
        out.print(f"Local minima {minima_reason}.")
        return
    if kept_note is not None:
        out.print(escape(kept_note))
    shown = minima[:top]
    # equal energies are ranked by their configurations (the label vectors, in order), not by
    # anything the model prefers: said where the table shows such a tie
    tie_words = (
        "; equal energies ranked by configuration"
        if any(
            abs(a.energy - b.energy) <= land.tolerance
            for a, b in zip(shown, shown[1:], strict=False)
        )
        else ""
    )
    tab = Table(
        title=f"Local minima ({format_count(n_minima or len(minima))}; showing "
        f"{min(top, len(minima))}{tie_words})"
    )
    tab.add_column("#", justify="right")
    tab.add_column("energy", justify="right")
    tab.add_column("basin", justify="right")
    tab.add_column("coalitions")
    for r, m in enumerate(shown):
        tab.add_row(
            str(r + 1),
            land.energy_text(m.energy),
            fmt_number(m.basin_share, "percent"),
            Text(" | ".join(", ".join(g) for g in groups(m.config))),
        )
    out.print(tab)
    basin_note = land.basin_tie_note()
    if basin_note is not None:
        out.print(escape(basin_note))


def _ties(land: Any, minima: Any, sol: Any) -> tuple[int | None, str]:
    """How many configurations tie for the global minimum, and the sentence that says so.

    Known when the local minima were enumerated: every configuration at the lowest energy is a
    local minimum (no move lowers it), so the ties are the minima within the landscape's tie
    tolerance of the lowest (:attr:`anpo.align.landscape.Landscape.tolerance`). When they were
    not listed (too many, or too many configurations to enumerate) but every propensity is 0,
    all configurations tie exactly. Otherwise ``None`` and why (a solver proves the lowest
    energy, not that one configuration alone has it)."""
    if minima is None:
        if not bool((land.weights != 0).any()):
            every = land.count_configurations()
            return every, (
                f"{format_count(every)} configurations tie for the lowest energy "
                f"({land.energy_text(sol.energy)}): every propensity is 0, so every "
                "configuration has the same energy and the model prefers none; shown: the one "
                "the solver found"
            )
        return None, (
            "not known: the local minima were not enumerated (a solver finds one configuration "
            "of the lowest energy it reaches, not every one)"
        )
    low = minima[0].energy
    n_tied = land.lowest_ties()  # over every minimum, not only the kept ones
    if n_tied == 1:
        return 1, "none: one configuration alone has the lowest energy"
    rank = land.minimum_rank(sol.config)  # among every minimum, not only the kept ones
    if rank is not None and rank > n_tied:
        rank = None
    which = (
        "the configuration shown has a higher energy"
        if rank is None
        else "shown: the first"
        if rank == 1
        else f"shown: number {format_count(rank)}, the one the solver found"
    )
    count = format_count(n_tied)
    return n_tied, (
        f"{count} configurations tie for the lowest energy ({land.energy_text(low)}), "
        f"local minima 1-{count} (ranked by configuration; the model prefers none); {which}"
    )


#: The heuristic solvers of ``--method``, the ones whose gap to the optimum may be unknown.
HEURISTICS = ("descent", "anneal", "tabu")


def _compare_rule(land: Any, asked: bool | None, enumerated: bool) -> tuple[bool, str]:
    """Whether a heuristic is compared with the proven optimum, and why (or why not):
    ``--compare-exact``/``--no-compare-exact`` when given, else where the optimum is cheaply
    known: the local minima were enumerated, or ``n`` is within the exact solver's calibrated
    fast range (:meth:`anpo.align.landscape.Landscape.exact_limit`)."""
    if asked is not None:
        return asked, "--compare-exact" if asked else "not compared: --no-compare-exact"
    if enumerated:
        return True, "the local minima were enumerated"
    limit = land.exact_limit()
    if land.n <= limit:
        return True, f"{land.n} actors, within the exact solver's fast range ({limit})"
    return False, (
        f"not compared: {land.n} actors, beyond the exact solver's fast range ({limit}); "
        "--compare-exact compares within --time-limit"
    )


def _gap_note(sol: Any, compare_reason: str | None, land: Any = None) -> str:
    """What the solution's ``gap`` is, or why it is null: a proven solver's configuration is
    the optimum; a heuristic's gap is to the proven optimum (how it was proven), to the exact
    solver's lower bound when its budget ran out, or not computed (why). ``land``: the
    solution's :class:`~anpo.align.landscape.Landscape`, whose scale an energy difference is
    written at (:meth:`~anpo.align.landscape.Landscape.energy_text`)."""
    if sol.gap is None and "gap_absolute" in sol.details:
        # a relative gap to 0 is undefined (it was E - 0 under the relative label: '800% =
        # (E - optimum) / |optimum|, optimum 0'): the difference itself, an energy at the
        # landscape's scale (fmt_number's absolute noise rule wrote a user's instance of
        # propensities of 1e-14 'E - optimum = 0' for a difference of 8e-14)
        gap = sol.details["gap_absolute"]
        diff = land.energy_text(gap) if land is not None else fmt_number(gap, "precise")
        if sol.optimum is not None:
            by = (
                "the enumeration"
                if sol.details.get("optimum_from") == "enumeration"
                else "the exact solver"
            )
            return (
                f"no relative gap: the optimum, proven by {by}, is 0; E - optimum = {diff} "
                f"({compare_reason})"
            )
        stopped = sol.details.get("exact_stopped") or "budget"
        return (
            f"no relative gap: the exact solver stopped on its {stopped} before a proof, with a "
            f"lower bound of 0; E - lower bound = {diff}, at least E - optimum ({compare_reason})"
        )
    if sol.gap is None:
        if compare_reason is None:  # enumeration, exact or MIP
            if sol.proven:
                return "none: the configuration is a proven global minimum (gap 0)"
            return (
                "not computed: the search stopped before its proof; the lower bound bounds "
                "the optimum"
            )
        return compare_reason
    share = fmt_share(sol.gap) if sol.gap > 0 else "0%"
    if sol.optimum is not None:
        how = sol.details.get("optimum_from", "exact")
        by = "the enumeration" if how == "enumeration" else "the exact solver"
        if sol.optimum == 0:  # no relative gap to 0: E ties it (the gap would be None above it)
            return f"0: E equals the optimum, 0, proven by {by} ({compare_reason})"
        return (
            f"{share} = (E - optimum) / |optimum|, optimum {sol.optimum:.6g} proven by {by} "
            f"({compare_reason})"
        )
    stopped = sol.details.get("exact_stopped") or "budget"
    return (
        f"at most {share} = (E - lower bound) / |lower bound|: the exact solver stopped on its "
        f"{stopped} before a proof ({compare_reason})"
    )


def align_build(
    # dup-ok: typer option declarations, alike only in shape to other commands' options
    # (backtest's, anpo.cli.report's: --out, --force, --json with this command's own meaning).
    year: int = typer.Option(
        ..., "--year", min=1816, max=2100, help="Year of the relations and sizes (1816-2100)."
    ),
    states: str = typer.Option(
        "asia-pacific",
        "--states",
        help="Comma-separated COW codes or abbreviations, or 'asia-pacific' (the built-in set).",
    ),
    # a Path, so that an empty --out is refused as every empty file name is (it read
    # ".: --out must name a .toml file")
    out: Path | None = typer.Option(  # noqa: B008
        None, "--out", help="Write the instance to this new .toml file."
    ),
    force: bool = typer.Option(
        False, "--force", help="Overwrite --out if it exists (never a read-only file)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the per-pair factor table as JSON."),
    # recipe.RECIPE_ID, typed here so that the CLI starts without pandas
    # (tests/test_cli_help_defaults.py checks they agree)
    recipe_id: str = typer.Option(
        None,
        "--recipe",
        help="Propensity recipe (default anpo-align-recipe/2; or /1, or /3 with the history "
        "factors, which needs cow_war_inter and mid_participant).",
    ),
    sizes: str = typer.Option(
        "cinc",
        "--sizes",
        help="Size measure: cinc, milex (NMC military expenditure) or gdp (the catalog's SIPRI "
        "workbook, or --gdp).",
    ),
    # a Path, so that an empty --gdp is refused as every empty file name is, naming the flag
    # (it read "error: path: is empty; give a file path")
    gdp: Path | None = typer.Option(  # noqa: B008
        None, "--gdp", help="CSV with ccode, year, gdp for GDP sizes (instead of SIPRI)."
    ),
) -> None:
    """Build a landscape instance from the data catalog with the propensity recipe; the sizes by
    every other available measure are stored beside the chosen one."""
    from rich.table import Table

    from anpo._io.files import atomic_write
    from anpo.align import io, recipe
    from anpo.data.catalog import Catalog, held_reads
    from anpo.errors import AlignError, CatalogError

    with flag_names({"recipe": "--recipe"}):  # the option's parameter is recipe_id
        rec = recipe.get_recipe(recipe_id)
    target = None if out is None else Path(out)
    if target is not None:  # checked before the catalog is read, so a bad --out fails at once
        if target.suffix.lower() != ".toml":
            raise AlignError("--out must name a .toml file", file=target)
        check_output_file(target, force=force)  # a folder, an existing file, no way to write
    if sizes not in recipe.SIZE_MEASURES:
        raise AlignError(
            f"unknown size measure {sizes!r}; choose one of {', '.join(recipe.SIZE_MEASURES)}",
            field="sizes",
        )
    cat = Catalog.open()
    if not cat.exists():
        raise CatalogError("no data catalog yet: run `anpo data add FILE` for each dataset")
    shown = False if as_json else None  # progress on stderr, not beside JSON
    with progress_bar("reading the catalog", enabled=shown):
        # the catalog is held only for its reads (one connection); --gdp and the GDP from
        # SIPRI come after
        with held_reads(cat):
            datasets = recipe.datasets_from(cat.read_or_none, rec)
            sipri = cat.read_or_none("sipri") if gdp is None else None
            sts = cat.read_or_none("cow_states")
        if gdp is not None:
            datasets["gdp"] = io.read_gdp_table(gdp)
        elif sipri is not None:
            datasets["gdp"] = recipe.gdp_from_sipri(sipri)
    if sizes == "gdp" and "gdp" not in datasets:
        raise CatalogError(
            "GDP sizes need the SIPRI workbook in the catalog (`anpo data add "
            "SIPRI-Milex-data-1948-2023.xlsx`) or --gdp CSV"
        )
    if sts is None:
        raise CatalogError("the recipe needs cow_states for names: run `anpo data add FILE`")
    sts = sts.drop_duplicates("ccode").set_index("ccode")
    abb = {str(a).upper(): int(c) for c, a in zip(sts.index, sts["stateabb"], strict=True)}
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
    seen: set[int] = set()
    for c in codes:
        if c in seen:  # was "give at least two distinct states", however many were given
            abbr = str(sts.loc[c, "stateabb"])
            raise AlignError(f"state {c} ({abbr}) is given twice", field="states")
        seen.add(c)
    if len(codes) < 2:
        raise AlignError("give at least two distinct states", field="states")
    # the data's names (an instance's names are its data: anchors and books match on them),
    # except where the state bore another name in the year (the Soviet Union in 1970)
    from anpo.report.countries import period_name

    names = {c: period_name(c, year) or str(sts.loc[c, "statenme"]) for c in codes}
    ids = {c: str(sts.loc[c, "stateabb"]) for c in codes}
    ends = recipe.data_ends(datasets, year, rec)
    if ends:
        typer.echo(
            f"warning: {year} is past the data; the last available year is used for "
            + ", ".join(f"{k} ({v})" for k, v in ends.items()),
            err=True,
        )
    with (
        progress_bar(f"building the instance of {len(codes)} states", enabled=shown),
        flag_names({"codes": "--states"}),  # a state without data that year: choose others
    ):
        inst = recipe.build_instance(
            datasets,
            codes,
            year,
            names,
            ids,
            title=f"Recipe instance, {year} ({rec.id}, sizes {sizes})",
            recipe=rec,
            sizes=sizes,
            alternative_sizes=[m for m in recipe.SIZE_MEASURES if m != "gdp" or "gdp" in datasets],
        )
    if target is not None:
        try:
            atomic_write(target, io.to_toml(inst))
        except OSError as exc:
            raise AlignError(f"cannot write: {exc.strerror}", file=target) from None
    frame = inst.pairs
    if as_json:
        print_json(frame)
        return
    tab = Table(title=f"Propensities by factor, {year} ({rec.id})")
    factor_cols = [f for f in recipe.FACTORS if f in frame.columns]
    for col in ["a", "b", "p", *factor_cols]:
        tab.add_column(col, justify="right")
    for row in frame.to_dict("records"):
        tab.add_row(row["a"], row["b"], *(fmt_number(row[c]) for c in ["p", *factor_cols]))
    stdout_console().print(tab)
    if out is not None:
        stdout_console().print(f"wrote {out}")


def _parse_wars(values: list[str] | None) -> list[int] | None:
    from anpo.errors import AlignError

    if not values:
        return None
    parts = [p for v in values for p in v.replace(",", " ").split()]
    if not parts:  # --wars "" ran every war (minutes of work) as if nothing had been given
        raise AlignError("give COW war numbers or 'all'", field="--wars")
    if any(p.lower() == "all" for p in parts):
        return None
    out = []
    for p in parts:
        if not p.isdigit():
            raise AlignError(
                f"not a war number: {p!r} (give COW war numbers or 'all')", field="wars"
            )
        out.append(int(p))
    return out


def backtest(
    # dup-ok: typer option declarations, alike only in shape to other commands' options
    # (align build's, anpo.cli.relations roles-validate's: own flags, defaults and help).
    wars: Annotated[
        list[str] | None,
        typer.Option(
            "--wars",
            help="'all' (default) or COW war numbers: --wars 106 139 151 211, --wars 106,139 "
            "or the option repeated.",
        ),
    ] = None,
    more: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[WARNUM]...", help="More war numbers (after --wars).", show_default=False
        ),
    ] = None,
    years: str = typer.Option(
        None,
        "--years",
        # backtest.PEACE_YEARS, typed here so that the CLI starts without pandas
        # (tests/test_cli_help_defaults.py checks they agree)
        help="Years of the peacetime back-test, e.g. 1950,1970,2001 (default: 1950, 1960, "
        "1970, 1980, 1990, 2001, 2010, 2018).",
    ),
    sizes: str = typer.Option("cinc", "--sizes", help="Size measure: cinc, milex or equal."),
    peace: bool = typer.Option(
        True, "--peace/--no-peace", help="Also the peacetime back-test (ATOP blocs, UN clusters)."
    ),
    held_out: bool = typer.Option(
        True,
        "--held-out/--no-held-out",
        help="Score each war with weights fitted on the other wars (leave-one-war-out).",
    ),
    # backtest.LAGS and DEFAULT_LAG, typed here so that the CLI starts without pandas
    # (tests/test_cli_help_defaults.py checks they agree)
    lags: str = typer.Option(
        "1,3",
        "--lags",
        help="Data years tried, in years before onset (1-20), e.g. 1,3 (the default) or 1.",
    ),
    lag: int = typer.Option(
        None, "--lag", help="The data year shown per war (default 1, the held-out choice)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only, to stdout."),
    store: bool = typer.Option(
        True,
        "--store/--no-store",
        help="Keep a default run's scores under the catalog's home (results/), for `anpo "
        "align FILE`.",
    ),
) -> None:
    """Predicted sides of every multi-state war's participants (COW inter-state wars, data of
    one and three years before onset) against the actual sides, with baselines; peacetime sides
    against ATOP defense blocs and UN-voting clusters.

    A run with the default protocol (every war, held out, --lags 1,3, CINC sizes, with the
    peacetime test) stores its scores in a small JSON file under the catalog's home,
    results/align-accuracy-KEY.json (KEY: a hash of the datasets and anpo's version), so that
    `anpo align FILE` prints the recipe's held-out accuracy beside its answers. --no-store
    keeps nothing; deleting the file (or results/) removes the scores."""

    from anpo._io.years import parse_years
    from anpo.align import backtest as bt
    from anpo.data.catalog import Catalog, held_reads
    from anpo.errors import CatalogError

    select = _parse_wars([*(wars or []), *(more or [])])
    peace_years = (
        bt.PEACE_YEARS
        if years is None
        else tuple(parse_years(years, field="--years", lo=1816, hi=2100) or ())
    )
    lag_list = _parse_lags(lags)
    # checked before the catalog is opened and read (a bad --sizes or --lag was found only
    # after the datasets were read, and without a catalog the error was 'no data catalog yet')
    from anpo.errors import AlignError

    with flag_names({"sizes": "--sizes"}):
        bt.check_sizes(sizes)
    if lag is not None and lag not in lag_list:
        raise AlignError(
            f"{lag} is not among the data years tried (--lags {','.join(map(str, lag_list))})",
            field="--lag",
        )
    cat = Catalog.open()
    if not cat.exists():
        raise CatalogError("no data catalog yet: run `anpo data add FILE` for each dataset")
    # the catalog is held only for the reads (one connection): the datasets and the sources
    # that key the stored scores are read together, the back-test runs after (a writer waits
    # for the reads only)
    with held_reads(cat):
        frames = bt.read_datasets(cat.read_or_none)
        sources = _sources(cat)
    with progress_bar("back-testing the alignment recipe") as bar:
        # dup-ok: keyword arguments of a call, alike only in shape to other calls' (e.g. the
        # reaction curve's in anpo.deterrence.questions)
        res = bt.run(
            frames.get,
            select=select,
            sizes=sizes,
            peace=peace,
            held_out=held_out,
            years=peace_years,
            lags=lag_list,
            lag=lag,
            progress=bar.step,
            count=bar,
        )
    result = res.to_json()
    if (
        not select
        and sizes == "cinc"
        and peace
        and held_out
        and list(lag_list) == list(bt.LAGS)
        and lag is None
        and years is None
        and store
    ):  # the default protocol: its scores are printed beside `anpo align FILE`'s answers
        _store_backtest(cat.home, sources, result)
    if as_json:
        print_json(result)
        return
    _print_backtest(res)


def _sources(cat: Any) -> dict[str, str]:
    """The catalog's datasets in use, kind -> SHA-256 (the key of the stored scores)."""
    return {str(r["kind"]): str(r["sha256"]) for r in cat.in_use().to_dict(orient="records")}


def _store_backtest(home: Any, sources: dict[str, str], result: dict[str, Any]) -> None:
    """Keep a default back-test's scores for `anpo align FILE`, keyed by ``sources`` (the
    datasets the back-test read, :func:`_sources`); a home that cannot be written to loses only
    the note's figures."""
    from anpo.align.accuracy import store_summary, summary_from
    from anpo.errors import AnpoError

    try:
        store_summary(home, sources, summary_from(result))
    except (OSError, AnpoError) as exc:  # said, not fatal: the back-test is printed anyway
        why = exc.one_line() if isinstance(exc, AnpoError) else (exc.strerror or str(exc))
        typer.echo(f"note: the scores were not kept for `anpo align FILE`: {why}", err=True)


def _stored_backtest() -> dict[str, Any] | None:
    """The scores of the last default back-test on the catalog's datasets, or None (no
    catalog, or not run with these datasets)."""
    from anpo.align.accuracy import load_summary
    from anpo.data.catalog import Catalog
    from anpo.errors import AnpoError

    try:
        cat = Catalog.open()
        if not cat.exists():
            return None
        return load_summary(cat.home, _sources(cat))
    except (AnpoError, OSError):
        return None


def _recipe_accuracy_note(
    recipe_id: str, stored: dict[str, Any] | None, provenance: dict[str, Any] | None = None
) -> str:
    """The accuracy of the recipe that built the instance, from the stored back-test (with the
    datasets whose versions differ from the instance's ``provenance``), or how to get it."""
    from anpo.align.accuracy import accuracy_note

    note = accuracy_note(stored, recipe_id, provenance) if stored is not None else None
    if note is not None:
        return note
    return (
        f"accuracy: this instance was built by the propensity recipe {recipe_id}; `anpo align "
        "backtest` (with the data catalog; some two minutes of computing, longer on a busy "
        "machine) measures how often the recipe "
        "puts states on the side they took in war and peace, and once run its held-out "
        "accuracy shows here"
    )


def _parse_lags(text: str) -> tuple[int, ...]:
    from anpo.errors import AlignError

    out = []
    for part in text.replace(",", " ").split():
        if not part.isdigit() or not 1 <= int(part) <= 20:
            raise AlignError(f"not a lag in years before onset (1-20): {part!r}", field="--lags")
        out.append(int(part))
    if not out:
        raise AlignError("give at least one lag", field="--lags")
    return tuple(out)


def _print_backtest(res: Any) -> None:
    from rich.table import Table

    from anpo.align import backtest as bt
    from anpo.align import recipe as rc
    from anpo.align.report import choice_sentence, versions_sentence

    out = stdout_console()
    w = res.war

    out.print(
        f"[bold]Alignment back-test[/bold] (default {rc.RECIPE_ID}, sizes: {w.sizes}, "
        f"data of {bt.lag_words(w.lag)})"
    )
    out.print(w.protocol)
    out.print(versions_sentence(res), highlight=False)
    tab = Table(title="Wars: participants placed on their actual side (balanced accuracy)")
    cols = [
        ("war", "war"),
        ("onset", "onset"),
        ("sides", "sides"),
        ("recipe 2 held out", "recipe2_held_out"),
        ("recipe 3 held out", "recipe3_held_out"),
        ("recipe 2 shipped", "recipe2"),
        ("recipe 3 shipped", "recipe3"),
        ("recipe 1", "recipe1"),
        ("majority", "majority"),
        ("alliance", "alliance"),
        ("capability", "capability"),
    ]
    for label, _ in cols:
        tab.add_column(label, justify="left" if label == "war" else "right")
    for rec in w.wars.to_dict("records"):
        cells = []
        for _, key in cols:
            v = rec[key]
            if key in bt_predictors():
                if v != v:  # NaN
                    cells.append("-")
                else:
                    cells.append(f"{int(v)}/{rec['participants']} ({rec[key + '_balanced']:.2f})")
            else:
                cells.append(str(v))
        tab.add_row(*cells)
    out.print(tab)
    if len(w.wars) <= 10:
        parts = w.participants
        col = f"correct_{bt.HEADLINE}"
        for rec in w.wars.to_dict("records"):
            sub = parts[parts["warnum"] == rec["warnum"]]
            wrong = [
                str(nm)
                for nm, ok in zip(sub["state"], sub[col], strict=True)
                if ok is not None and not ok
            ]
            out.print(f"  {rec['war']}: misplaced (held out): {', '.join(wrong) or 'none'}")
        ptab = Table(
            title="Participants: actual side and predicted sides (COW's sides 1 and 2; "
            "a predicted side is the coalition matched to them; -: not scored)"
        )
        pcols = [("war", "war"), ("state", "state"), ("actual", "side")]
        pcols += [(label, f"predicted_{key}") for key, label in BT_LABELS]
        for label, _ in pcols:
            ptab.add_column(label, justify="left" if label in ("war", "state") else "right")
        for prec in parts.to_dict("records"):
            # the war-time name the report prints too (the Soviet Union in 1941, not Russia)
            cells = [str(prec["war"]), str(prec["state"]), str(prec["side"])]
            for _, key in pcols[3:]:
                v = prec[key]
                cells.append("-" if v is None or v != v else str(int(v)))
            ptab.add_row(*cells)
        out.print(ptab)
    for lg in sorted(set(res.by_lag) | set(res.not_scored)):
        out.print(f"[bold]Data of {bt.lag_words(lg)}[/bold]")
        for why in res.not_scored.get(lg, []):  # a selected war this data year leaves out
            out.print(f"  not scored: {why}", highlight=False)
        if lg not in res.by_lag:
            continue
        summ = res.by_lag[lg].summary()
        for key, label in BT_LABELS:
            s = summ.get(key)
            if s and s["pooled"] is not None:
                out.print(
                    f"  {label:>18}: {s['correct']}/{s['participants']} placed right "
                    f"({fmt_share(s['pooled'], decimals=1)}); mean balanced accuracy {s['mean_balanced']:.2f} over "
                    f"{count_noun(int(s['wars']), 'war')}"
                )
    if res.choice is not None:
        rid, lg, table = res.choice
        out.print(
            "Held-out choice (best mean balanced accuracy over the "
            f"{count_noun(int(table['common_wars'].iloc[0]), 'war')} scored at every data year): recipe {rid.rsplit('/', 1)[-1]}, data of "
            f"{bt.lag_words(lg)}."
        )
        differs = choice_sentence(res)
        if differs:
            out.print(differs, highlight=False)
        ns = res.nested_summary()
        if ns:
            out.print(
                f"Recipe and lag chosen inside each fold (by the fit on the other wars): "
                f"{ns['correct']}/{ns['participants']} placed right, mean balanced accuracy "
                f"{ns['mean_balanced']:.2f}."
            )
    for _, ab in sorted(res.ab_by_lag.items()):
        if not ab:
            continue
        parts_txt = []
        for key, label in (*BT_LABELS[:4], ("recipe3_tuned", "recipe 3 tuned on this war")):
            h = ab.get(key)
            if h:
                parts_txt.append(
                    f"{label} {h['correct']}/{ab['participants']} "
                    f"(misplaced: {', '.join(h['misplaced']) or 'none'})"
                )
        out.print(
            f"Second World War, {ab['participants']} European participants, {ab['data_year']} "
            f"data: " + "; ".join(parts_txt) + f". Axelrod & Bennett: {ab['bar']['correct']}/"
            f"{ab['bar']['of']} with 1936 data. Tuned on the war itself is not a test."
        )
    if res.ab17:
        from anpo.align.report import ab17_sentence

        out.print(ab17_sentence(res.ab17))
    if res.peacetime is not None:
        _print_peacetime(out, res.peacetime)


def _print_peacetime(out: Any, peace: Any) -> None:
    """The peacetime table, the years scored with data carried forward and the targets and
    region-years not scored, each with why."""
    from rich.table import Table

    if not peace.empty:
        pt = Table(title="Peacetime: predicted sides against blocs and clusters (correct/scored)")
        for c in (
            "year",
            "region",
            "target",
            "full",
            "without its factor",
            "majority",
            "capability",
        ):
            pt.add_column(c, justify="left" if c in ("region", "target") else "right")
        for rec in peace.to_dict("records"):
            n = rec["scored"]
            pt.add_row(
                str(rec["year"]),
                rec["region"],
                rec["target"],
                f"{rec['full']}/{n}",
                f"{rec['without_factor']}/{n}",
                f"{rec['majority']}/{n}",
                f"{rec['capability']}/{n}",
            )
        out.print(pt)
    for yr, ends in sorted(peace.attrs.get("carried_forward", {}).items()):
        out.print(
            f"{yr} is past the data: the last available year is used for "
            + ", ".join(f"{k} ({v})" for k, v in ends.items())
            + ".",
            highlight=False,
        )
    for nb in peace.attrs.get("no_blocs", []):
        out.print(
            f"No defense-pact blocs to score in {nb['year']}, {nb['region']}: {nb['reason']}."
        )
    for ns in peace.attrs.get("not_scored", []):
        out.print(
            f"{ns['target']} not scored in {ns['year']}, {ns['region']}: {ns['reason']}.",
            highlight=False,
        )


#: Labels of the back-test's predictors, in print order.
BT_LABELS = (
    ("recipe2_held_out", "recipe 2 held out"),
    ("recipe3_held_out", "recipe 3 held out"),
    ("recipe2", "recipe 2 shipped"),
    ("recipe3", "recipe 3 shipped"),
    ("recipe1", "recipe 1"),
    ("majority", "majority"),
    ("alliance", "alliance alone"),
    ("capability", "capability alone"),
)


def bt_predictors() -> tuple[str, ...]:
    from anpo.align.backtest import PREDICTORS

    return PREDICTORS


#: ``anpo align sensitivity``'s reference actor when --anchor is not given (the books' id of
#: the United States).
_DEFAULT_ANCHOR = "USA"


def sensitivity(
    file: str = typer.Argument(..., metavar="FILE", help="Instance file or book:NAME."),
    anchor: str = typer.Option(
        _DEFAULT_ANCHOR, "--anchor", help="Actor (id or name) whose side is the reference."
    ),
    m_max: float = typer.Option(3.0, "--max", help="Largest weight multiplier explored."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only, to stdout."),
) -> None:
    """Which factor weight (multiplied from 0 to --max) moves which state to or from the
    anchor's side; and the sides under each size measure the instance carries."""
    import math

    from anpo.align import io
    from anpo.align import sensitivity as se
    from anpo.align.whatif import check_exhaustive_size
    from anpo.cli._common import print_frame
    from anpo.errors import AlignError
    from anpo.report.format import MISSING  # the mark print_frame gives a missing multiplier

    inst = io.read_source(file)
    land = inst.landscape(2)
    try:
        check_exhaustive_size(land.n)
    except AlignError as e:  # the library's reason, said with the file
        e.file = file
        raise
    pairs = inst.pairs
    if pairs is None or not set(pairs.columns) - {"a", "b", "p", "source"}:
        # the weights varied are the recipe's factors: a file with propensities alone (p) has
        # none; said with the file, not as 'pairs: the instance has ...'
        raise AlignError(
            "the pairs give propensities (p) but no factors: sensitivity varies the weights of "
            "the factors each pair's propensity adds up from (the factors = {...} of each "
            "[[pair]], as anpo align-build writes them)",
            file=file,
            field="pair",
        )
    import unicodedata

    # compared as the file's names are read, in NFC (Instance.index): an anchor typed with a
    # combining accent was refused while the list of actors printed the same name
    anchor = unicodedata.normalize("NFC", anchor)
    if anchor not in inst.ids and anchor not in inst.names:
        # name the actors the file has: the default anchor (the U.S.) is only in some files,
        # and the user who did not type --anchor would otherwise not know what to pass
        typed = "" if anchor != _DEFAULT_ANCHOR else " (the default, not an actor of this instance)"
        raise AlignError(
            f"unknown actor {anchor!r}{typed}; pass --anchor with one of the instance's "
            f"actors: {', '.join(inst.ids)}",
            field="--anchor",
        )
    with flag_names({"actor": "--anchor"}):
        a = inst.index(anchor)
    with progress_bar("factor contributions", enabled=False if as_json else None) as bar:
        contrib = se.factor_matrices(inst)
        bar.describe(f"sides along each of {len(contrib)} factor weights")
        paths = se.weight_paths(land, contrib, a, m_max=m_max)
        flips = se.flip_table(paths, inst.names, a)
        ranges = se.weight_ranges(paths, m_max)
        bar.describe("sides under each size measure")
        sizes = se.size_effect(inst, anchor)
    sizes_absent = se.size_effect_absent(inst) if sizes is None else ""
    # the weight paths are two-coalition ones (a side is with the anchor or not): a file that
    # asks for more, or a free number, was answered in two without a word
    asked = inst.coalitions
    two_note = (
        None
        if asked is None or str(asked) == "2"
        else f"the file asks for {'a free number of' if str(asked).lower() in ('auto', 'free') else asked} "
        "coalitions; the sides here are those of two coalitions (with the anchor or not), "
        "the only case the weight paths are computed for"
    )
    if as_json:
        print_json(
            {
                "file": file,
                "anchor": inst.names[a],
                "m_max": m_max,
                "flip_multipliers": [
                    {
                        k: (None if isinstance(v, float) and math.isnan(v) else v)
                        for k, v in r.items()
                    }
                    for r in flips.to_dict("records")
                ],
                # what a null multiplier means, as the table's title says it
                "flip_multipliers_null": f"no change of side for multipliers from 0 to {m_max:g}",
                "stable_ranges": [
                    {
                        "factor": r["factor"],
                        "from": r["stable from"],
                        "to": r["stable to"],
                        "below_moves": [inst.names[i] for i in r["below: moves"]],
                        "above_moves": [inst.names[i] for i in r["above: moves"]],
                    }
                    for r in ranges.to_dict("records")
                ],
                "sizes": None if sizes is None else sizes.to_dict("records"),
                "sizes_absent": sizes_absent or None,
                "coalitions": 2,
                "coalitions_note": two_note,
            }
        )
        return
    if two_note:
        typer.echo(f"note: {two_note}", err=True)
    # the factors and size measures in a reader's words ('UN voting', not 'un'); --json keeps
    # the recipe's keys
    # a recipe's factors in the recipe's words; a file not built by a recipe keeps its own
    # keys (a researcher's 'alliance' factor was headed 'ATOP pacts (defense, non-aggression
    # or consultation)', a source the file never named)
    factor_words = se.FACTOR_WORDS if (inst.provenance or {}).get("recipe") else {}
    words = {**factor_words, "state": "State", "factor": "Factor"}
    print_frame(
        flips,
        title=f"Weight multiplier nearest 1 at which a state changes side relative to "
        f"{inst.names[a]} ({MISSING}: no change of side for multipliers from 0 to {m_max:g})",
        plain=True,
        glossary=words,
    )
    r2 = ranges.assign(
        **{
            "factor": [factor_words.get(f, f) for f in ranges["factor"]],
            "below: moves": [", ".join(inst.names[i] for i in m) for m in ranges["below: moves"]],
            "above: moves": [", ".join(inst.names[i] for i in m) for m in ranges["above: moves"]],
        }
    )
    print_frame(
        r2,
        title="Range of each factor's multiplier with unchanged sides",
        plain=True,
        glossary=words,
    )
    if sizes is not None:
        print_frame(
            sizes, title="Side relative to the anchor by size measure", plain=True, glossary=words
        )
    else:
        typer.echo(f"note: {sizes_absent}")


def register(app: typer.Typer) -> None:
    """Add the ``align`` group (solve, backtest, sensitivity) and ``align-build``."""
    align_app.command("solve")(align)
    align_app.command("backtest")(backtest)
    align_app.command("sensitivity")(sensitivity)
    app.add_typer(align_app, name="align")
    app.command("align-build")(align_build)
