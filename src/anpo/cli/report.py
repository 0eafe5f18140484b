"""``anpo report``: the main job."""

from __future__ import annotations

from pathlib import Path

import typer


def report(
    scenario: list[Path] = typer.Option(  # noqa: B008
        [], "--scenario", "-s", help="scenario files (default: the built-in book)"
    ),
    out: Path = typer.Option(Path("anpo-report"), "--out", "-o", help="output directory"),  # noqa: B008
    force: bool = typer.Option(False, "--force", help="overwrite an index.html anpo did not write"),
    seed: int = typer.Option(
        20010710, "--seed", min=0, help="master seed of stochastic sections (>= 0)"
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no summary table"),
) -> None:
    """Run the scenarios and write a self-contained HTML report (works offline)."""
    import itertools
    import os

    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from anpo.report import ReportContext, build_report, write_report
    from anpo.report.registry import PROVIDERS
    from anpo.scenario import load_book, load_scenario

    console = Console(stderr=True)
    scenarios = [load_scenario(p) for p in scenario] if scenario else load_book()
    home_env = os.environ.get("ANPO_HOME")
    catalog_home = Path(home_env) if home_env else None
    if catalog_home is None:
        import platformdirs

        default = Path(platformdirs.user_data_dir("anpo"))
        catalog_home = default if default.exists() else None
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task("report", total=len(PROVIDERS) + 1)
        ctx = ReportContext(
            scenarios=scenarios,
            builtin=not scenario,
            seed=seed,
            catalog_home=catalog_home,
            progress=lambda msg: progress.update(task, description=msg),
        )

        started = itertools.count()

        def step(module: str) -> None:  # called as each provider starts
            progress.update(task, completed=next(started), description=module.split(".")[1])

        sections = build_report(ctx, on_provider=step)
        progress.update(task, completed=len(PROVIDERS), description="writing")
        path = write_report(
            sections,
            out,
            force=force,
            meta={"scenarios": ", ".join(s.scenario.id for s in scenarios), "seed": str(seed)},
        )
        progress.update(task, completed=len(PROVIDERS) + 1, description="done")
    if not quiet:
        from anpo.cli._common import print_frame

        for s in sections:
            if s.summary is not None and not s.summary.empty:
                print_frame(s.summary, title=s.title)
    typer.echo(f"report written to {path}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``anpo`` application."""
    app.command("report")(report)
