"""``anpo explore``: experiments over uncertain inputs (run, status, discover, sensitivity)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from anpo.cli._common import print_json
from anpo.report.format import count_noun, fmt_number, fmt_p

explore_app = typer.Typer(
    name="explore",
    help="Experiments over the uncertain inputs of scenario or future files: run (resumable, "
    "serial, process pool or Dask), status, scenario discovery (PRIM, CART), sensitivity "
    "(Sobol', Morris).",
    no_args_is_help=True,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="print JSON only")]
DirArg = Annotated[Path, typer.Argument(help="the run's output folder")]


def run(
    files: Annotated[
        list[str],
        typer.Argument(
            help="scenario files with \\[\\[uncertainties]], or future files ('book:futures': the "
            "built-in futures book)"
        ),
    ],
    n: Annotated[
        int,
        typer.Option(
            "--n",
            help="samples (lhs, mc); base sample, a power of two (saltelli: n(d+2) rows); "
            "trajectories (morris: n(d+1) rows); factorial: levels per continuous input unless "
            "--levels is given",
        ),
    ],
    seed: Annotated[
        int,
        typer.Option(
            "--seed",
            min=0,
            help="root seed (>= 0) of the design (lhs, mc, saltelli, morris) and of a "
            "stochastic model's streams; a factorial design does not use it (a scenario or "
            "future file's factorial results are the same for every seed), but it is part of "
            "the run's identity: resume a folder with the seed it was run with",
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", help="output folder (created; resumed if it holds this run)")
    ],
    sampler: Annotated[
        str, typer.Option("--sampler", help="lhs | mc | factorial | saltelli | morris")
    ] = "lhs",
    executor: Annotated[
        str | None,
        typer.Option(
            "--executor",
            help="serial | processes | dask (default: processes when --workers > 1)",
        ),
    ] = None,
    workers: Annotated[int, typer.Option("--workers", help="worker processes")] = 1,
    # dup-ok: typer option declarations, alike only in shape to other commands' options.
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="address of a running Dask scheduler (tcp://host:8786)"),
    ] = None,
    # explore.space.MORRIS_LEVELS, typed here so that the CLI starts without NumPy
    # (tests/test_cli_help_defaults.py checks they agree)
    levels: Annotated[
        int | None,
        typer.Option(
            "--levels",
            help="factorial: levels per continuous input, in place of --n; morris: levels of "
            "the grid the trajectories move on (default 4)",
        ),
    ] = None,
    second_order: Annotated[
        bool, typer.Option("--second-order", help="saltelli: also second-order indices")
    ] = False,
    progress: Annotated[
        bool | None,
        typer.Option("--progress/--no-progress", help="progress bar (default: on a terminal)"),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Run (or resume) an exploration; the same command again completes an interrupted run."""
    import time

    from anpo._progress import progress_bar
    from anpo.cli._common import echo_data_warnings, flag_names
    from anpo.explore import run as run_explore
    from anpo.explore import status
    from anpo.explore.scenario import model_from_files
    from anpo.explore.space import design_words, small_design

    shown = progress and not json_out  # None: on a terminal
    # reading and checking the files takes seconds (a future applies its changes, loads its
    # alignment instance): a spinner says so, not a blank terminal
    # echo_data_warnings: a future's alignment change with no effect, a "warning:" line
    with echo_data_warnings(), progress_bar("reading the files", enabled=shown):
        model = model_from_files(files)
        # an input a case reads that cannot move any of its outcomes (as `anpo validate` and
        # `anpo futures compare` find them), said before the run, so that no analysis of the
        # run is read as that input's effect
        inert = model.inert_inputs()
    for case, found in inert.items():
        for name, why in found.items():
            typer.echo(
                f"note: case {case}: the uncertain input {name} moves nothing: {why}", err=True
            )
    if sampler == "factorial" and levels is not None and levels >= 1 and levels != n:
        # said, not silently dropped: the factorial design reads its levels from one of the two
        typer.echo(
            f"note: the factorial design takes {count_noun(levels, 'level')} per input from "
            f"--levels; --n {n} is not used",
            err=True,
        )
    # a design too small for the indices it is for: said before the run, with why
    small = small_design(sampler, n)
    if small:
        typer.echo(f"note: {small}", err=True)
    t0 = time.perf_counter()
    flags = {f: "--" + f.replace("_", "-") for f in ("sampler", "n", "seed", "levels")}
    with (
        progress_bar("experiments", enabled=shown) as bar,
        flag_names(
            {
                **flags,
                "second_order": "--second-order",
                "workers": "--workers",
                "scheduler": "--scheduler",
            }
        ),
    ):
        folder = run_explore(
            model,
            n=n,
            seed=seed,
            out=out,
            sampler=sampler,
            executor=executor,
            workers=workers,
            scheduler=scheduler,
            levels=levels,
            second_order=second_order,
            progress=_Starting(bar),
        )
    st = status(folder)
    st["seconds"] = round(time.perf_counter() - t0, 3)
    st["inert_inputs"] = inert  # {case: {input: why}}, the notes above
    # what --n made of the design: the model runs per case, and why (samples, base sample...)
    st["design"] = design_words(
        st["sampler"], model.params, st["n"], levels=levels, second_order=second_order
    )
    st["small_design"] = small or None
    # an input the model saw as a constant (a choice of one value, a range whose draws all
    # round to one whole number or print alike): said, so that no analysis of the run is read
    # as its effect
    st["fixed_inputs"] = _fixed_inputs(folder, st)
    noted = {name for found in inert.values() for name in found}  # said before the run
    for name, value in st["fixed_inputs"].items():
        if name in noted:
            continue
        typer.echo(
            f"note: the uncertain input {name} is {value} in every experiment: no analysis of "
            "the run can attribute an outcome to it",
            err=True,
        )
    if json_out:
        print_json(st)
        return
    typer.echo(
        f"done: {st['experiments']} experiments, {count_noun(len(st['cases']), 'case')} x "
        f"{st['design']}; {count_noun(len(st['inputs']), 'uncertain input')}, seed "
        f"{st['seed']}; in {folder}"
    )
    failed = _failed_line(st)
    if failed:
        typer.echo(failed)
    typer.echo(
        f"results: anpo.explore.load('{folder}'), or DuckDB view 'results' in "
        f"{folder / 'results.duckdb'}"
    )


def _failed_line(st: dict[str, Any]) -> str:
    """The line saying how many of a run's experiments failed and the first error (cut to
    200 characters), '' when none did: "done: 4 experiments" and "4 of 4 experiments done
    (complete)" were all that a run of failures printed."""
    if not st.get("failed"):
        return ""
    msg = " ".join(str(st["first_error"]).split())
    if len(msg) > 200:
        msg = msg[:199] + "…"
    return (
        f"failed: {st['failed']} of {st['done']} experiments (their outcomes are missing); "
        f"the first, experiment {st['first_failed']}: {msg}"
    )


class _Starting:
    """The run's progress callback on ``bar``: until the first batch lands, the bar says the
    run is starting and why it waits (the first batch of each worker also loads the models and
    their compiled kernels: seconds in which the count stays at its start), then 'experiments'
    with the count."""

    #: short enough for the bar's name column on an 80-column terminal (30 characters)
    STARTING = "starting (loading the models)"

    def __init__(self, bar: Any) -> None:
        self.bar = bar
        self.first: int | None = None  # the count the run starts from (a resumed run's done)
        self.started = False
        bar.describe(self.STARTING)

    def __call__(self, done: int, total: int) -> None:
        if self.first is None:
            self.first = done
        elif not self.started and done > self.first:
            self.bar.describe("experiments")
            self.started = True
        self.bar(done, total)


def _fixed_inputs(folder: Path, st: dict[str, Any]) -> dict[str, str]:
    """The run's inputs that hold one value in every experiment (of more than one sample), each
    with that value as shown (:func:`anpo.explore.sensitivity.fixed_inputs`)."""
    from anpo.explore import load
    from anpo.explore.sensitivity import fixed_inputs

    if not st["inputs"] or st["rows"] < 2 or not st["done"]:
        return {}
    return fixed_inputs(load(folder, columns=list(st["inputs"])), list(st["inputs"]))


def status_cmd(folder: DirArg, json_out: JsonOpt = False) -> None:
    """Experiments done and missing, inputs hash, package version and the digests of anpo's
    data files and code a run was computed with."""
    from anpo.explore import status

    st = status(folder)
    if json_out:
        print_json(st)
        return
    state = "complete" if st["complete"] else f"incomplete: {st['missing']} missing"
    typer.echo(f"{folder}: {st['done']} of {st['experiments']} experiments done ({state})")
    failed = _failed_line(st)
    if failed:
        typer.echo(f"  {failed}")
    typer.echo(
        f"  sampler {st['sampler']}, n {st['n']}, seed {st['seed']}, {len(st['cases'])} case(s), "
        f"inputs: {', '.join(st['inputs']) or '(none)'}"
    )
    typer.echo(f"  inputs hash {st['inputs_hash']}, anpo {st['anpo_version']}")
    package = st.get("package")
    if isinstance(package, dict):
        typer.echo(
            f"  package data {str(package.get('data'))[:12]}, code {str(package.get('code'))[:12]}"
        )
    else:
        typer.echo("  package data and code: not recorded (a run of an earlier anpo)")


def discover_cmd(
    folder: DirArg,
    outcome: Annotated[str, typer.Option("--outcome", help="outcome column")],
    where: Annotated[str, typer.Option("--where", help="condition of interest, e.g. '< 0.5'")],
    case: Annotated[
        list[str] | None, typer.Option("--case", help="only these cases (repeatable)")
    ] = None,
    method: Annotated[str, typer.Option("--method", help="prim | cart")] = "prim",
    # futures.report.PRIM_MIN_COVERAGE and PRIM_MAX_P, typed here so that the CLI starts
    # without NumPy (tests/test_cli_help_defaults.py checks they agree)
    min_coverage: Annotated[
        float,
        typer.Option(
            "--min-coverage",
            help="PRIM: pick the densest box with at least this coverage (the report's futures "
            "section asks 0.8, with --max-p 0.05)",
        ),
    ] = 0.5,
    alpha: Annotated[float, typer.Option("--alpha", help="PRIM peeling fraction")] = 0.05,
    mass_min: Annotated[float, typer.Option("--mass-min", help="PRIM: smallest box mass")] = 0.05,
    # dup-ok: typer option declarations, alike only in shape to other commands' options.
    max_p: Annotated[
        float | None,
        typer.Option("--max-p", help="PRIM: drop restrictions whose quasi-p-value exceeds this"),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Scenario discovery: the region of the inputs where OUTCOME satisfies --where."""
    from anpo.cli._common import echo_data_warnings, flag_names
    from anpo.explore.discovery import discover_run

    flags = {"min_coverage": "--min-coverage", "alpha": "--alpha", "mass_min": "--mass-min"}
    # a stored futures run's deprecated indicator name: "warning: ..." (store.current_outcome)
    with flag_names({**flags, "max_p": "--max-p"}), echo_data_warnings():
        res = discover_run(
            folder,
            outcome=outcome,
            where=where,
            cases=case or None,
            method=method,
            min_coverage=min_coverage,
            alpha=alpha,
            mass_min=mass_min,
            max_p=max_p,
        )
    outcome = res["outcome"]  # its current name
    if json_out:
        print_json(res)
        return
    from rich.table import Table
    from rich.text import Text

    from anpo.cli._common import stdout_console

    console = stdout_console()
    console.print(
        Text(
            f"{res['n_interest']} of {res['n']} experiments have {outcome} {where}"
            + (
                f" ({res['left_out_missing']} without a value left out)"
                if res["left_out_missing"]
                else ""
            )
            + (
                ": every experiment does, so no region of the inputs is singled out"
                if res["n_interest"] == res["n"]
                else ""
            )
        )
    )
    if res.get("incomplete"):
        part = res["incomplete"]
        console.print(
            Text(
                f"the run is incomplete: {part['done']} of {part['experiments']} experiments "
                "done, and these are the ones analysed (run the same anpo explore run command "
                "again to finish it)"
            )
        )
    if res.get("inputs_not_read"):
        console.print(
            Text(
                "inputs left out (no analysed case reads them): "
                + ", ".join(res["inputs_not_read"])
            )
        )
    if res.get("inputs_not_read_by_outcome"):
        console.print(
            Text(
                f"inputs left out ({outcome} does not read them): "
                + ", ".join(res["inputs_not_read_by_outcome"])
            )
        )
    boxes = [res["box"]] if method == "prim" else res["boxes"]
    for b in boxes:
        how = ""
        if method == "prim" and len(res["trajectory"]) > 1:
            # which box of the trade-off this is, and what was done to it (B&L sec. 3.2-3.3)
            how = (
                f" (trajectory step {b['step']} of 0-{len(res['trajectory']) - 1}: the "
                f"densest with coverage >= {min_coverage:g}, pasted"
                + (f", limits with quasi-p > {max_p:g} dropped" if max_p is not None else "")
                + ")"
            )
        console.print(
            Text(
                f"{method.upper()} box: coverage {b['coverage']:.2f}, density "
                f"{b['density']:.2f}, mass {b['mass']:.2f}"
                + ("" if b["limits"] else " (no restriction: the whole input space)")
                + how
            )
        )
        if not b["limits"]:
            continue
        table = Table()
        table.add_column("input")
        table.add_column("restriction")
        # CART's leaves have no quasi-p-values (Bryant & Lempert define them for PRIM's limits)
        with_p = any(lim.get("p_value") is not None for lim in b["limits"])
        if with_p:
            table.add_column("quasi-p", justify="right")
        for lim in b["limits"]:
            if "categories" in lim:
                restr = "in {" + ", ".join(str(c) for c in lim["categories"]) + "}"
            else:
                lo, hi = lim["low"], lim["high"]
                restr = (
                    f">= {fmt_number(lo)}"
                    if hi is None
                    else f"<= {fmt_number(hi)}"
                    if lo is None
                    else f"{fmt_number(lo)} .. {fmt_number(hi)}"
                )
            cells = [Text(lim["input"]), Text(restr)]
            table.add_row(*cells, *([fmt_p(lim.get("p_value"))] if with_p else []))
        console.print(table)
    if method == "prim":
        traj = res["trajectory"]
        console.print(
            f"peeling trajectory: {count_noun(len(traj), 'box', 'boxes')}, coverage "
            f"{traj[0]['coverage']:.2f} -> "
            f"{traj[-1]['coverage']:.2f}, density {traj[0]['density']:.2f} -> "
            f"{traj[-1]['density']:.2f} (--json for every step)"
        )


def sensitivity_cmd(
    folder: DirArg,
    outcome: Annotated[
        list[str] | None, typer.Option("--outcome", help="only these outcomes (repeatable)")
    ] = None,
    case: Annotated[
        list[str] | None, typer.Option("--case", help="only these cases (repeatable)")
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", min=0, help="seed of the bootstrap resamples (intervals)")
    ] = 0,
    json_out: JsonOpt = False,
) -> None:
    """Sensitivity indices: Sobol' S1/ST with CIs (saltelli), Morris mu* (morris), or
    RBD-FAST S1 (lhs, mc), per case and outcome."""
    from anpo.cli._common import echo_data_warnings
    from anpo.explore.sensitivity import NUM_RESAMPLES, sensitivity

    with echo_data_warnings():  # a stored futures run's deprecated indicator name
        frame = sensitivity(folder, outcomes=outcome or None, cases=case or None, seed=seed)
    if json_out:
        print_json(frame)
        return
    from anpo.cli._common import print_frame, stdout_console

    # an index undefined for a case and outcome is undefined for every input: one line per
    # (case, outcome) under the table instead of one row per input (most of a long table)
    notes = frame["note"].fillna("").astype(str) if "note" in frame else None
    noted = (
        notes.str.startswith("undefined")
        if notes is not None
        else frame["case"].map(lambda _: False).astype(bool)
    )
    shown = frame[~noted].dropna(axis=1, how="all")
    if "S1" in shown and "S1_conf" not in shown and "S1_conf" in frame:
        # every interval undefined: the column stays, '–' in each row (dropped, the table
        # showed no sign that the S1 estimates have none)
        shown = shown.join(frame.loc[shown.index, ["S1_conf"]])
    # the notes are said under the table, an S1 below 0 in its cell
    shown = shown.drop(columns=[c for c in ("note", "below_zero") if c in shown])
    undefined = frame[noted].drop_duplicates(["case", "outcome", "note"])  # one per input too
    lines = [
        f"undefined for {case} ({str(note).removeprefix('undefined: ')}): "
        + ", ".join(dict.fromkeys(group["outcome"]))
        for (case, note), group in undefined.groupby(["case", "note"], sort=False)
    ]
    # an index that is defined but has no interval ('–' in its _conf column) says why
    if notes is not None:
        # for the inputs it concerns when the outcome's other inputs have their interval (one
        # line for china_p_reach_us read as if no input of it had one)
        # (the part of a note on the interval: an S1 below 0, its row's below_zero, is marked
        # in the table instead)
        import pandas as pd

        from anpo.explore.sensitivity import other_note

        below = frame["below_zero"] if "below_zero" in frame else noted & False
        interval = pd.Series(
            [other_note(note, bool(b)) for note, b in zip(notes, below, strict=True)],
            index=notes.index,
            dtype=str,
        )
        bare = frame[~noted & interval.astype(bool)].assign(note=interval)
        for (c, o, note), group in bare.groupby(["case", "outcome", "note"], sort=False):
            rows = int(((frame["case"] == c) & (frame["outcome"] == o)).sum())
            which = "" if len(group) == rows else ", " + ", ".join(group["input"])
            lines.append(f"– for {c}, {o}{which}: {note}")
    from anpo.explore import status

    st = status(folder)
    title = (
        f"sensitivity ({frame['method'].iloc[0] if len(frame) else '-'}: {st['sampler']} "
        f"design, n {st['n']}, {st['rows']} experiments per case, {NUM_RESAMPLES} bootstrap "
        f"resamples, seed {seed})"
    )
    # a base sample too small for Sobol' indices (said under them, as the run said it), a
    # sample too small for RBD-FAST's
    from anpo.explore.space import small_sample

    small = small_sample(str(st["sampler"]), int(st["n"]))
    caption = None
    if len(shown) and {"S1", "S1_conf"} <= set(shown.columns):
        s1 = shown["S1"].astype(float)
        conf = shown["S1_conf"].astype(float)
        weak = int((s1.abs() <= conf).sum())
        with_interval = int((s1.notna() & conf.notna()).sum())
        negative = s1 < 0
        if with_interval:
            within = (
                f"{weak} of {with_interval} S1 estimates with an interval are within it of 0 "
                "(not distinguishable from 0 at this sample size; a negative S1 is estimation "
                "noise)"
            )
        else:  # it read '0 of 0 S1 estimates with an interval are within it of 0' (explore33)
            within = "no S1 estimate here has one, so none can be told apart from 0 by it (" + (
                "their bootstrap had too few experiments to draw on: see the note on the "
                "sample's size below, and the lines under the table for each outcome)"
                if small
                else "the lines under the table say why, for each outcome)"
            )
        caption = (
            f"S1_conf: half-width of the 95% confidence interval; {within}"
            + (
                f"; {int(negative.sum())} S1 marked (noise) are below 0: estimation noise "
                "around 0, not a share of the variance"
                if negative.any()
                else ""
            )
            + (
                "; RBD-FAST's intervals come from resamples of half the experiments (SALib), so "
                "they are wider than the full sample's"
                if (shown["method"] == "rbd-fast").any()
                else ""
            )
        )
    if len(shown) and "S1" in shown and (shown["S1"].astype(float) < 0).any():
        # an S1 below 0 labelled in its cell, not printed as a share (audit32: '-0.416')
        from anpo.report.format import column_kind, fmt_number

        kind = column_kind("S1", shown["S1"])
        shown = shown.assign(
            S1=[
                fmt_number(v, kind) + (" (noise)" if v < 0 else "")
                for v in shown["S1"].astype(float)
            ]
        )
    if len(shown):
        print_frame(shown, title=title, caption=caption)
    else:
        stdout_console().print(f"{title}: no defined index", markup=False, highlight=False)
    for line in lines:
        stdout_console().print(line, markup=False, highlight=False, soft_wrap=True)
    if small and len(shown):
        stdout_console().print(f"note: {small}", markup=False, highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add the ``explore`` command group to the ``anpo`` CLI."""
    explore_app.command("run")(run)
    explore_app.command("status")(status_cmd)
    explore_app.command("discover")(discover_cmd)
    explore_app.command("sensitivity")(sensitivity_cmd)
    app.add_typer(explore_app, name="explore")
