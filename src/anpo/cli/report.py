"""``anpo report``: the main job."""

from __future__ import annotations

import datetime
from pathlib import Path

import typer


def report(
    # dup-ok: typer option declarations, alike only in shape to other commands' options (e.g.
    # anpo.cli.align's: --out, --force and others with this command's own meaning and help).
    scenario: list[Path] = typer.Option(  # noqa: B008
        [],
        "--scenario",
        "-s",
        help="scenario files, or book:NAME (default: the whole built-in book); several may "
        "follow one --scenario",
    ),
    more: list[Path] | None = typer.Argument(  # noqa: B008
        None,
        metavar="FILE",
        help="more scenario files (`anpo report --scenario a.toml b.toml`)",
        show_default=False,
    ),
    out: Path = typer.Option(Path("anpo-report"), "--out", "-o", help="output directory"),  # noqa: B008
    force: bool = typer.Option(
        False,
        "--force",
        help="write into a folder anpo did not write: over its index.html, or beside the files "
        "it holds (those of the report's names are replaced)",
    ),
    seed: int = typer.Option(
        20010710, "--seed", min=0, help="master seed of stochastic sections (>= 0)"
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="print only the report's path"),
    today: str | None = typer.Option(
        None,
        "--today",
        help="the date the law section answers for 'today', YYYY-MM-DD (default: the current "
        "date). The same scenario files (named as given: the header lists each as typed, with "
        "its SHA-256, and each catalog dataset used with its own), --seed, catalog data, "
        "--today and anpo version give the same "
        "CSV files and index.html, byte for byte, except the header's 'Generated ... UTC' line, "
        "which is the time of the run; set SOURCE_DATE_EPOCH (seconds since 1970, UTC: the "
        "reproducible-builds convention) to fix that line too",
    ),
) -> None:
    """Run the scenarios and write a self-contained HTML report (works offline).

    Prints the key findings (at most 100 columns wide) and the report's path; the output folder is
    checked before anything is computed.
    """
    import itertools

    from anpo._progress import progress_bar
    from anpo.data.catalog import Catalog
    from anpo.report import ReportContext, build_report, write_report
    from anpo.report.build import check_output_dir, source_date, terminal_summary
    from anpo.report.html import about_text, scenario_feeds
    from anpo.report.inputs import scenario_inputs, stamp_datasets
    from anpo.report.registry import PROVIDERS
    from anpo.scenario import load_book, load_scenario
    from anpo.scenario.labels import check_variant_keys, scenario_titles

    # `--scenario a.toml b.toml`: an option takes one value, so the files after the first
    # arrive as arguments (issue 2 spells the command `anpo report --scenario FILE...`)
    scenario = [*scenario, *(more or [])]
    check_output_dir(out, force)
    law_today = _law_today(today)
    source_date()  # a malformed SOURCE_DATE_EPOCH is one line now, not after minutes of work
    # a broken ANPO_HOME (below a file, without permission, another program's database, a
    # damaged list of datasets) is one line now, not after minutes of work
    catalog = Catalog.open()
    # the catalog's datasets with their SHA-256: each "Data used" line that names one gives
    # its hash, and the header lists them (anpo.report.inputs.stamp_datasets)
    records = catalog.list().to_dict(orient="records") if catalog.exists() else []
    scenarios = [load_scenario(p) for p in scenario] if scenario else load_book()
    # the files as given (book:NAME for the book's), each with its SHA-256: the header's Inputs
    inputs = scenario_inputs(scenario)
    # named by file here (build_report checks again, by scenario id only): two files with one
    # scenario id, or with a variant of one year and id, before anything is computed
    check_variant_keys(scenarios, scenario or None)
    home = catalog.home
    catalog_home = home if home.exists() else None
    steps = len(PROVIDERS) + 1
    with progress_bar("report", total=steps, enabled=False if quiet else None) as bar:
        ctx = ReportContext(
            scenarios=scenarios,
            builtin=not scenario,
            seed=seed,
            catalog_home=catalog_home,
            options={"law_today": law_today},
            progress=bar.describe,
        )
        started = itertools.count()

        def step(module: str) -> None:  # called as each provider starts
            parts = module.split(".")  # anpo.deterrence.report -> deterrence
            bar(next(started), steps)
            bar.describe(parts[min(1, len(parts) - 1)])

        sections = build_report(ctx, on_provider=step)
        inputs += stamp_datasets(sections, records)
        bar(len(PROVIDERS), steps)
        bar.describe("writing")
        path = write_report(
            sections,
            out,
            force=force,
            about=(
                about_text(scenario_titles(scenarios), scenario_feeds(scenarios))
                if scenario
                else about_text()
            ),
            meta={
                "Scenarios": "; ".join(scenario_titles(scenarios)),
                # not 'Seed': the report calls the 2001 seminar 'the seed', and the default
                # random seed, 20010710, reads as its date
                "Random seed (uncertainty samples)": str(seed),
                "Law as of": law_today.isoformat(),
            },
            inputs=inputs,
        )
        bar(steps, steps)
    if quiet:
        typer.echo(str(path))
        return
    typer.echo(terminal_summary(sections))
    typer.echo(f"report written to {path}")


def _law_today(text: str | None) -> datetime.date:
    """The law section's 'today': ``--today`` (checked before any work) or the current date."""
    import datetime as dt

    from anpo.errors import InputError, LawError
    from anpo.law.engine import coverage_start, to_date
    from anpo.law.loader import ruleset

    if text is None:
        return dt.date.today()
    try:
        d = to_date(text)
    except LawError:
        raise InputError(f"must be a date YYYY-MM-DD, got {text!r}", field="--today") from None
    first = coverage_start(ruleset()).in_force_from
    if d < first:
        raise InputError(
            f"{d} is before the first regime the law section covers ({first})",
            field="--today",
        )
    return d


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``anpo`` application."""
    app.command("report")(report)
