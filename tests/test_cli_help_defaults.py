"""The defaults and limits the CLI's help texts state in words agree with the constants the code
uses. Those whose constant lives in a module that imports NumPy or pandas are typed into the
help (the CLI starts without importing the models); each is checked here against its constant.
Those of cheap modules are formatted from the constant (``anpo defense --max-work``) and are
checked here too, so that a help text that drifts from its constant fails one place."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer

import anpo.cli


def _command(path: str) -> Any:
    """The click command at ``path`` (``"align backtest"``)."""
    cmd: Any = typer.main.get_command(anpo.cli.app)
    for name in path.split():
        cmd = cmd.commands[name]
    return cmd


def _param(path: str, name: str) -> Any:
    """The option ``name`` (its Python name) of the command at ``path``."""
    return next(p for p in _command(path).params if p.name == name)


def _help(path: str, name: str) -> str:
    """An option's help text on one line (typer's ``\\[`` escapes read as ``[``)."""
    return " ".join((_param(path, name).help or "").split()).replace("\\[", "[")


def _thousands(x: float) -> str:
    return f"{int(x):,}"


def test_defense_help_states_the_defaults_the_command_uses() -> None:
    from anpo.cli._common import MAX_WORK
    from anpo.cli.deterrence import DEFAULT_DISCRIMINATION, DEFAULT_SHOTS

    assert _help("defense", "shots_given").endswith(f"[default: {DEFAULT_SHOTS}]")
    assert _help("defense", "discrimination_given").endswith(
        f"[default: {DEFAULT_DISCRIMINATION:g}]"
    )
    assert "(default 5e9, about five seconds)" in _help("defense", "max_work")
    assert float("5e9") == MAX_WORK == _param("defense", "max_work").default


def test_bands_help_states_the_limits_of_the_bands_module() -> None:
    """--max-launchers and --max-work name the reaction-curve limit and the band-work limit
    (typed: both modules import NumPy), and the work of a default run of the first book
    scenario, which the help rounds to thousands."""
    from anpo.deterrence.bands import MAX_BAND_WORK, band_work
    from anpo.deterrence.questions import REACTION_MAX_LAUNCHERS
    from anpo.deterrence.scenario import LIMITS
    from anpo.scenario import book_files, load_scenario

    launchers = _help("bands", "max_launchers")
    assert f"(default {_thousands(REACTION_MAX_LAUNCHERS)}; " in launchers
    assert f"1-{_thousands(LIMITS[('forces', 'launchers')])}, the most launchers" in launchers
    draws = _help("bands", "draws")
    assert f"2-{_thousands(LIMITS[('settings', 'uncertainty_draws')])} " in draws
    work = _help("bands", "max_work")
    assert f"(default {_thousands(MAX_BAND_WORK)}; " in work
    assert _param("bands", "max_work").default == MAX_BAND_WORK
    scen = load_scenario(book_files()[0])
    assert scen.scenario.id == "us-japan-2001"
    about = round(band_work(scen, 100), -3)
    assert f"100 draws of every variant of book:us-japan-2001 are about {_thousands(about)})" in (
        work
    )


def test_align_help_states_the_solver_budgets_and_the_default_recipe() -> None:
    from anpo.align.io import Instance
    from anpo.align.landscape import AUTO_TIME_LIMIT, DEFAULT_TIME_LIMIT
    from anpo.align.recipe import RECIPE_ID

    budget = _help("align solve", "time_limit")
    assert f"(default {DEFAULT_TIME_LIMIT:g}; {AUTO_TIME_LIMIT:g} for the exact solver" in budget
    assert f"(default {RECIPE_ID}; " in _help("align-build", "recipe_id")
    # "default: the file's, else 2": an instance without coalitions is solved with two
    assert "(default: the file's, else 2)" in _help("align solve", "coalitions")
    import numpy as np

    inst = Instance(["a", "b", "c"], np.ones(3), np.array([[0.0, 1, -1], [1, 0, 1], [-1, 1, 0]]))
    assert inst.coalitions is None and inst.landscape().k == 2


def test_backtest_help_states_the_protocols_years() -> None:
    """--years, --lags and --lag (and the docstring's default protocol) name the back-test's
    PEACE_YEARS, LAGS and DEFAULT_LAG (typed: the back-test imports pandas)."""
    from anpo.align.backtest import DEFAULT_LAG, LAGS, PEACE_YEARS

    # it read "every decade 1950-2010 and 2001, 2018", which has 2000 (not tested) in it
    years = _help("align backtest", "years")
    assert f"(default: {', '.join(map(str, PEACE_YEARS))})" in years
    lags = ",".join(str(x) for x in LAGS)
    assert _param("align backtest", "lags").default == lags
    assert f"e.g. {lags} (the default)" in _help("align backtest", "lags")
    assert f"(default {DEFAULT_LAG}, the held-out choice)" in _help("align backtest", "lag")
    doc = " ".join((_command("align backtest").help or "").split())
    assert f"--lags {lags}, CINC sizes" in doc


def test_explore_levels_help_states_the_morris_default() -> None:
    from anpo.explore.space import MORRIS_LEVELS

    assert _help("explore run", "levels").endswith(f"(default {MORRIS_LEVELS})")


def test_roles_validate_help_states_the_years_it_validates() -> None:
    from anpo.relations.validate import FOCAL_YEARS, US_YEARS

    text = _help("roles validate", "years")
    assert (
        f"(default {US_YEARS[0]}-{US_YEARS[1]}; with --focal all, "
        f"{FOCAL_YEARS[0]}-{FOCAL_YEARS[1]})" in text
    )


def test_explore_seed_help_says_a_factorial_design_does_not_use_it() -> None:
    """``--seed`` is required, but a factorial design is a fixed grid: the help says so and
    that the seed is still the run's identity (review20 F6; :func:`anpo.explore.run`)."""
    text = _help("explore run", "seed")
    assert "a factorial design does not use it" in text
    assert "resume a folder with the seed it was run with" in text


def test_explore_discover_help_states_the_futures_sections_prim_settings() -> None:
    from anpo.futures.report import PRIM_MAX_P, PRIM_MIN_COVERAGE

    text = _help("explore discover", "min_coverage")
    assert f"section asks {PRIM_MIN_COVERAGE:g}, with --max-p {PRIM_MAX_P:g})" in text


def test_law_date_help_states_the_first_day_the_engine_covers() -> None:
    from anpo.law.engine import coverage_start

    assert _help("law ask", "date").endswith(f"(from {coverage_start().in_force_from})")


def test_serve_help_states_the_host_and_port_it_listens_on() -> None:
    host, port = _param("serve", "host").default, _param("serve", "port").default
    assert f"http://{host}:{port} by default" in (_command("serve").help or "")


@pytest.mark.parametrize("path", ["defense", "bands", "align solve", "align backtest"])
def test_no_help_text_states_a_default_this_file_does_not_check(path: str) -> None:
    """Every '(default N' with a figure in these commands' options is one of those above."""
    checked = {
        "defense": {"shots_given", "discrimination_given", "max_work"},
        "bands": {"max_launchers", "max_work"},
        "align solve": {"time_limit", "coalitions"},
        "align backtest": {"lags", "lag", "years"},
    }[path]
    stated = {
        p.name
        for p in _command(path).params
        if re.search(r"default:? ?[^a-z ]*\d", " ".join((p.help or "").split()))
    }
    assert stated <= checked, stated - checked


def _python(code: str) -> str:
    """What ``code`` prints, run in a new Python process with this checkout's ``src`` first."""
    import os
    import subprocess
    import sys

    from _support import ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert ran.returncode == 0, ran.stderr
    return ran.stdout


@pytest.mark.parametrize("module", ["anpo.cli", "anpo.references"])
def test_importing_the_cli_does_not_load_numpy(module: str) -> None:
    """``import anpo.cli`` (every ``anpo`` command's start-up) loads no NumPy, pandas or SciPy:
    the commands import them when they run. NumPy alone was a third of ``anpo --help``.
    ``import anpo.references`` (the bibliography: read by the report, the web app and the
    tools) neither: it loaded NumPy through ``anpo._checks`` for ``as_path`` alone (dedup3)."""
    code = (
        f"import {module}, sys\n"
        "print('numpy' in sys.modules, 'pandas' in sys.modules, 'scipy' in sys.modules)\n"
    )
    assert _python(code).split() == ["False", "False", "False"]


def test_every_help_text_prints_without_numpy() -> None:
    """``anpo --help`` and ``anpo CMD [SUB] --help`` for every command print their help (exit 0)
    without loading NumPy, pandas or SciPy, in one new process."""
    code = (
        "import sys, typer.main\n"
        "from typer.testing import CliRunner\n"
        "import anpo.cli\n"
        "root = typer.main.get_command(anpo.cli.app)\n"
        "paths = [[]]\n"
        "for name, cmd in root.commands.items():\n"
        "    paths.append([name])\n"
        "    paths += [[name, sub] for sub in getattr(cmd, 'commands', {})]\n"
        "runner = CliRunner()\n"
        "for path in paths:\n"
        "    res = runner.invoke(anpo.cli.app, [*path, '--help'])\n"
        "    assert res.exit_code == 0 and 'Usage' in res.output, (path, res.output)\n"
        "print(len(paths), *(m in sys.modules for m in ('numpy', 'pandas', 'scipy')))\n"
    )
    count, *loaded = _python(code).split()
    assert int(count) > 40
    assert loaded == ["False", "False", "False"]


def test_one_bound_on_a_layers_shots_per_look() -> None:
    """A layer's shots per object in one look are bounded once, by
    :data:`anpo.deterrence.layer.MAX_SHOTS` (cli30): the layer's ``shots`` and ``second_shots``
    (scenario files, the library), the web API's shoot-look-shoot looks
    (``anpo.web.limits.MAX_LOOK_SHOTS`` and the field's description), ``anpo defense --sls``'s
    check and the help of --shots and --sls (typed there: the layer module imports pydantic,
    which the CLI's start does not) said 64 each, one literal apiece."""
    from annotated_types import Ge, Le
    from typer.testing import CliRunner

    from anpo.deterrence.layer import MAX_SHOTS, Layer
    from anpo.web import limits
    from anpo.web.api_deterrence import WhatIfLayer

    bounds = {
        field: [(type(m), m.ge if isinstance(m, Ge) else m.le) for m in info.metadata]
        for field, info in Layer.model_fields.items()
        if field in ("shots", "second_shots")
    }
    assert bounds == {
        "shots": [(Ge, 1), (Le, MAX_SHOTS)],
        "second_shots": [(Ge, 0), (Le, MAX_SHOTS)],
    }
    assert limits.MAX_LOOK_SHOTS == MAX_SHOTS
    described = WhatIfLayer.model_fields["shots"].description or ""
    assert f"a shoot-look-shoot layer's first look 1 to {MAX_SHOTS} (as --sls)" in described
    assert f"the shots of each look, 1-{MAX_SHOTS} each)" in _help("defense", "shots_given")
    assert f"(each 1-{MAX_SHOTS}, a layer's limit)" in _help("defense", "sls")
    for sls, look in ((f"{MAX_SHOTS + 1},1", "first"), (f"1,{MAX_SHOTS + 1}", "second")):
        r = CliRunner().invoke(
            anpo.cli.app, ["defense", "--rvs", "2", "--sspk", "0.5", "--sls", sls]
        )
        assert r.exit_code == 2, r.output
        assert f"--sls: the {look} look takes 1 to {MAX_SHOTS} shots" in r.stderr, r.stderr
