"""Shared test fixtures.

Reference data live outside the repository (never copied in): ``ANPO_TEST_DATA`` points at the
shared data folder, default ``../shared/data`` seen from the repository root. Tests that need it
use the ``shared_data`` fixture and are skipped, with the reason, when it is absent.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from _support import (  # noqa: F401 - re-exported for modules that import them from conftest
    AWAITING_ANSWER,
    CHROMIUM_ARGS,
    MINIMAL,
    REPORT_TODAY,
    ROLES_FILES,
    ROOT,
    run_anpo,
    shared_data_dir,
)

# Bytecode: an environment that forbids writing .pyc files (PYTHONDONTWRITEBYTECODE=1) makes
# every xdist worker and every ``anpo`` subprocess compile the package's modules again and
# pytest rewrite the asserts of every test module again: about half of each worker's
# collection time (6 s of CPU per worker on the 2-core reference machine). The suite writes
# the usual ``__pycache__`` folders (git-ignored) so that the workers and later runs reuse
# them; subprocesses keep the environment's setting and read what the workers wrote.
sys.dont_write_bytecode = False

# Numba's parallel kernels run on GNU OpenMP here, whose idle threads spin-wait for the next
# parallel region. The suite calls small parallel kernels thousands of times, two xdist
# workers share two cores, so the spinning thread mostly burns the CPU the other worker needs
# (18 times the CPU of the kernels themselves in tests/test_align_sensitivity.py on this
# machine under load). Idle threads sleep instead; results do not depend on it (the thread
# count tests still run two threads). Set before any parallel kernel starts OpenMP; inherited
# by subprocesses; a value set by the user wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

# Hypothesis: no per-example deadline in any property test. Hypothesis' default (200 ms) is a
# wall-clock limit inside a unit test: a garbage collection or a descheduled xdist worker on a
# busy 2-core machine makes an example of a microsecond function "exceed" it, and the replay
# that does not raises ``Flaky``; the same default also caps the generation of the first
# examples at 1 s (``HealthCheck.too_slow``, 30 s without a deadline). Most property tests said
# ``deadline=None`` themselves; this makes it the rule for all of them (``--hypothesis-profile``
# still selects another profile).
settings.register_profile("anpo", deadline=None)
settings.load_profile("anpo")

#: Flake hunting: ``ANPO_HYPOTHESIS_HUNT=20`` runs every property test that draws at random (not
#: the derandomized fuzz runs) with 20 times its ``max_examples`` and no example database, so a
#: draw outside a tolerance shows up before CI makes it; combine with ``--hypothesis-seed=N``
#: for several independent searches, and ``-m 'not slow'`` / ``-k`` to budget the CPU.
HYPOTHESIS_HUNT = "ANPO_HYPOTHESIS_HUNT"


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium (Playwright), one per test session (per xdist worker); skips when
    Playwright or Chromium is missing."""
    import shutil

    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("headless Chromium not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


#: Environment variables a test must never inherit from the developer's shell: the catalog
#: location and version pins, the home directory and the XDG folders derived from it.
_ISOLATED_ENV = ("ANPO_HOME", "ANPO_DATA_VERSIONS", "HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")
_ENV_BASE = pytest.StashKey[Path]()


def pytest_configure(config: pytest.Config) -> None:
    """Isolate the whole run (collection, session fixtures, subprocesses) from the user's
    ``ANPO_HOME``, version pins and home directory: they point at empty folders of this run.
    Matplotlib keeps the user's font cache (``MPLCONFIGDIR``), which holds no anpo data and
    would otherwise be rebuilt in every fresh home."""
    import tempfile

    _group_the_report_tests(config)
    if os.environ.get("ANPO_TEST_KEEP_ENV"):  # pragma: no cover - debugging aid
        return
    home = Path(os.environ.get("HOME", str(Path.home())))
    xdg_config = Path(os.environ.get("XDG_CONFIG_HOME", home / ".config"))
    os.environ.setdefault("MPLCONFIGDIR", str(xdg_config / "matplotlib"))
    base = Path(tempfile.mkdtemp(prefix="anpo-test-env-"))
    config.stash[_ENV_BASE] = base
    for name in _ISOLATED_ENV:
        os.environ.pop(name, None)
    os.environ["HOME"] = str(base / "home")
    os.environ["ANPO_HOME"] = str(base / "anpo-home")
    (base / "home").mkdir()


def _group_the_report_tests(config: pytest.Config) -> None:
    """Under ``-n N`` (xdist's load distribution), run the tests of the built-in report on one
    worker (``loadgroup``): the report is built once per run (:func:`built_report`), and a second
    worker reaching a report test would otherwise wait, idle, for the whole build. The
    controller schedules by group; each worker, which reads the command line itself, is told
    through its ``workerinput`` to name its tests by group (:func:`pytest_configure_node`)."""
    if getattr(config.option, "dist", "no") == "load":
        config.option.dist = "loadgroup"
    if getattr(config, "workerinput", {}).get("anpo_loadgroup"):
        config.option.loadgroup = True


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """(xdist, controller) Tell each worker whether the run is distributed by group."""
    node.workerinput["anpo_loadgroup"] = node.config.getvalue("dist") == "loadgroup"


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects and xdist names the tests by group
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The tests of the built-in report (:func:`built_report`) are slow tests: the build alone
    takes about two minutes of CPU, more than half of the default suite's budget. CI runs them
    in its slow step (``pytest -n 2 -m slow``), on one worker under xdist. The tests that
    drive a browser run on one worker too (one Chromium per run), and so do those that use the
    roles datasets (:func:`roles_inputs`, :func:`roles_home`) and those that share a module's
    own module-scoped fixture (:func:`_shared_module_fixture_scope`). Every test that uses the
    shared reference data (the :func:`shared_data` fixture, directly or through another fixture)
    is marked ``data``, so ``-m "not data"`` leaves them all out. Two tests with one node id stop
    the run (:func:`_refuse_duplicate_ids`)."""
    _refuse_duplicate_ids(items)
    _scale_property_tests(items)
    xdist = config.pluginmanager.hasplugin("xdist")
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "shared_data" in fixtures:
            item.add_marker(pytest.mark.data)
        if "built_report" in fixtures:
            item.add_marker(pytest.mark.slow)
            if xdist:
                item.add_marker(pytest.mark.xdist_group("built-report"))
        elif xdist and "browser" in fixtures:
            # one Chromium (and one live server of the app) per run, not one per worker
            item.add_marker(pytest.mark.xdist_group("browser"))
        elif xdist and any(f in fixtures for f in ("roles_home", "roles_inputs", "roles_prep")):
            # the roles datasets read (and a catalog of them built) once per run: 2 s of CPU
            item.add_marker(pytest.mark.xdist_group("roles-data"))
        elif xdist and (module := _shared_module_fixture_scope(item)) is not None:
            item.add_marker(pytest.mark.xdist_group(module))


def _refuse_duplicate_ids(items: list[pytest.Item]) -> None:
    """Stop the run when two collected tests share a node id. pytest-xdist schedules tests by
    node id, so all but one of them would never run and the run would still pass, counting fewer
    tests than it collected: schemathesis 4.32's ``schema.parametrize()`` under pytest 9.2 gave
    every endpoint of the API fuzz test one id and 17 of its 18 tests were silently dropped."""
    counts = Counter(item.nodeid for item in items)
    if twice := sorted(nodeid for nodeid, n in counts.items() if n > 1):
        listed = "; ".join(f"{nodeid} ({counts[nodeid]} tests)" for nodeid in twice[:5])
        raise pytest.UsageError(
            f"{len(twice)} node id(s) name more than one test, so pytest-xdist would run only one "
            f"of each: {listed}"
        )


def _shared_module_fixture_scope(item: pytest.Item) -> str | None:
    """The group of a test that uses a module- or session-scoped fixture of its own module
    (a scenario's answers, a catalog, a report section built once for the module's tests): the
    module's path, so that under ``-n N`` the tests sharing it run on one worker and the fixture
    is built once per run. xdist's load distribution otherwise sends a module's tests to both
    workers and each worker builds the fixture again (7 s of CPU in a measured run). Tests of the
    module that use no such fixture stay free to run on any worker."""
    info = getattr(item, "_fixtureinfo", None)
    module = item.nodeid.split("::", 1)[0]
    if info is None:
        return None
    for defs in info.name2fixturedefs.values():
        fixture = defs[-1]  # the definition in effect for this test
        if fixture.scope in ("module", "session") and fixture.baseid == module:
            return module
    return None


def _scale_property_tests(items: list[pytest.Item]) -> None:
    """Under :data:`HYPOTHESIS_HUNT`, multiply the ``max_examples`` of every randomly drawing
    property test (the settings Hypothesis reads when the test runs; explicit ``@settings``
    values are scaled too, which a profile cannot do)."""
    factor = float(os.environ.get(HYPOTHESIS_HUNT, "0") or 0)
    if factor <= 0:
        return
    for item in items:
        test = getattr(item, "obj", None)
        current = getattr(test, "_hypothesis_internal_use_settings", None)
        if current is None or current.derandomize or getattr(test, "_anpo_hunt", False):
            continue  # not a property test, a reproducible fuzz run, or scaled already
        test._anpo_hunt = True
        test._hypothesis_internal_use_settings = settings(
            current,
            max_examples=max(1, round(current.max_examples * factor)),
            deadline=None,
            database=None,
        )


#: Test modules that hold only slow tests and cost CPU to collect (schemathesis derives the
#: coverage phase's cases while collecting); the default run (``-m 'not slow'``, the ``addopts``
#: of ``pyproject.toml``) does not collect them; any other ``-m`` does.
_SLOW_ONLY_MODULES = ("test_web_fuzz_long.py",)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if collection_path.name in _SLOW_ONLY_MODULES and config.getoption("markexpr") == "not slow":
        return True
    return None


def pytest_collection_finish(session: pytest.Session) -> None:
    """Move what collection built (modules, test items, parametrisations) out of the garbage
    collector's view: it lives until the end of the run, and every full collection would scan
    it again (the collector's share of the run's CPU halves)."""
    import gc

    gc.collect()
    gc.freeze()


def pytest_unconfigure(config: pytest.Config) -> None:
    import shutil

    base = config.stash.get(_ENV_BASE, None)
    if base is not None:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(autouse=True)
def _isolated_home(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Each test gets an empty, private ``ANPO_HOME`` and ``HOME`` (nothing it writes there is
    seen by another test); ``ANPO_DATA_VERSIONS`` and the XDG data and cache folders are unset.
    A test may still point ``ANPO_HOME`` elsewhere (``monkeypatch.setenv``, ``env=``, ``--home``)
    to use a catalog it built in a temporary folder. Opt out with
    ``@pytest.mark.real_env`` (no test needs it today)."""
    if request.node.get_closest_marker("real_env"):
        yield
        return
    mp = pytest.MonkeyPatch()
    base = tmp_path_factory.mktemp("env")
    (base / "home").mkdir()
    for name in _ISOLATED_ENV:
        mp.delenv(name, raising=False)
    mp.setenv("HOME", str(base / "home"))
    mp.setenv("ANPO_HOME", str(base / "anpo-home"))
    try:
        yield
    finally:
        mp.undo()


@pytest.fixture(scope="session")
def explore_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small exploration run (anpo.explore, serial, 2 cases x 40 samples of ``noisy_sum``),
    made once per test session for the web app's tests (the API, ``serve --explore``, the
    futures page); tests read it and never change it."""
    from anpo.explore import FunctionModel, run
    from anpo.explore.examples import noisy_sum
    from anpo.scenario.uncertainty import Uniform

    space = {
        "x": Uniform(low=0, high=1, basis="test input"),
        "y": Uniform(low=-1, high=1, basis="test input"),
    }
    model = FunctionModel(noisy_sum, space, cases=["a", "b"])
    out = tmp_path_factory.mktemp("explore") / "run"
    return run(model, n=40, seed=7, out=out, executor="serial")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared reference data folder; skips the test when it is absent."""
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(f"shared reference data not found at {path} (set ANPO_TEST_DATA)")
    return path


def _run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's temporary folder, common to its processes: under pytest-xdist each worker's
    base folder is a child of the run's."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


SharedFrame = Callable[[str, str], Any]


@pytest.fixture(scope="session")
def shared_frame(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> SharedFrame:
    """``shared_frame(reader, path)``: ``anpo.data.<reader>(shared_data / path)``, the frame a
    test reads as an input (not to test the reader), read once per test run: the first process
    to ask parses the file and keeps the frame (pickled, attrs included) in a folder common to
    the run's processes, the others load it (ATOP's dyad-years take 1.5 s of CPU to parse, a
    few milliseconds to load). Each call returns a new frame."""
    import fcntl
    import hashlib
    import pickle

    import anpo.data as data

    base = _run_folder(tmp_path_factory)
    store = base / "anpo-frames"
    store.mkdir(exist_ok=True)

    def read(reader: str, path: str) -> Any:
        key = hashlib.sha256(f"{reader}\n{shared_data / path}".encode()).hexdigest()[:20]
        kept = store / f"{key}.pickle"
        with open(store / f"{key}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not kept.exists():
                frame = getattr(data, reader)(shared_data / path)
                part = kept.with_suffix(".part")
                part.write_bytes(pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL))
                part.rename(kept)
        return pickle.loads(kept.read_bytes())

    return read


@pytest.fixture(scope="session")
def roles_inputs(shared_frame: SharedFrame) -> dict:
    """The datasets of :func:`anpo.relations.roles`, read once per test session (tests must not
    modify them in place)."""
    read = shared_frame
    return {
        "states": read("read_cow_states", "cow/states2016.csv"),
        "alliances": read("read_atop_dyad", "peacesciencer/atop_alliance.csv.gz"),
        "capabilities": read("read_nmc", "peacesciencer/cow_nmc.csv"),
        "rivalries": [
            read("read_td_rivalries", "peacesciencer/td_rivalries.csv"),
            read("read_tss_rivalries", "peacesciencer/tss_rivalries.csv"),
        ],
        "disputes": read("read_mid_dyadic", "peacesciencer/cow_mid_dirdisps.csv"),
        "ideal_points": read("read_unga_idealpoints", "unga/IdealpointsJuly2025.csv"),
        "nuclear": read("read_nuclear_stockpiles", "forces/fas_stockpiles_1945_2023_owid.csv"),
    }


@pytest.fixture(scope="session")
def roles_prep(roles_inputs: dict):  # type: ignore[no-untyped-def]
    """:func:`anpo.relations.taxonomy.prepare_roles` on :func:`roles_inputs`, shipped
    thresholds, focal the U.S."""
    from anpo.relations.taxonomy import prepare_roles

    return prepare_roles(**roles_inputs)


@pytest.fixture(scope="session")
def roles_home(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A catalog holding :data:`ROLES_FILES` (the tests that use it do not change its datasets;
    ``anpo roles validate`` keeps its scores in it, :mod:`anpo.relations.accuracy`)."""
    from anpo.data.catalog import Catalog

    home = tmp_path_factory.mktemp("roles") / "home"
    cat = Catalog.open(home)
    for f in ROLES_FILES:
        cat.add(shared_data / f)
    return home


@pytest.fixture(scope="session")
def catalog_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder where :func:`_support.catalog_env` keeps the catalogs it builds, common to
    the processes of the run (the xdist workers' temporary folders share a parent)."""
    base = _run_folder(tmp_path_factory)
    return base / "anpo-catalogs"


@pytest.fixture
def anpo_home(tmp_path, monkeypatch) -> Path:
    """An empty, private ANPO_HOME for catalog tests."""
    home = tmp_path / "anpo-home"
    monkeypatch.setenv("ANPO_HOME", str(home))
    return home


class FigureProblems(list[str]):
    """The problems :func:`figure_problems` found (a list: ``== []`` when none) and, in
    ``figures``, how many figures it checked."""

    figures: int = 0


@pytest.fixture
def figure_problems(monkeypatch: pytest.MonkeyPatch) -> FigureProblems:
    """What :func:`anpo.report.figures.overlap_problems` and
    :func:`anpo.report.figures.category_line_problems` find in every figure serialised while the
    test runs (a legend over data, tick labels over each other, a line drawn across categories):
    the list fills as the figures are built, each checked just before it becomes SVG. Its
    ``figures`` counts the figures checked: a test asserts it beside ``== []``, so that figures
    no longer serialised through :func:`~anpo.report.figures.svg_from_matplotlib` (none checked)
    cannot pass as figures without a problem."""
    from anpo.report import figures

    problems = FigureProblems()
    original = figures.svg_from_matplotlib

    def checked(fig: Any) -> str:
        problems.figures += 1
        problems.extend(figures.overlap_problems(fig))
        problems.extend(figures.category_line_problems(fig))
        return original(fig)

    monkeypatch.setattr(figures, "svg_from_matplotlib", checked)
    return problems


class BuiltReport:
    """The built-in report, built once per test run (see :func:`built_report`)."""

    def __init__(self, out: Path, stdout: str, exit_code: int) -> None:
        self.out = out
        self.stdout = stdout
        self.exit_code = exit_code

    @property
    def index(self) -> Path:
        return self.out / "index.html"

    def html(self) -> str:
        return self.index.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built_report(tmp_path_factory) -> BuiltReport:
    """``anpo report`` on the built-in book, run ONCE per test run and shared by the report tests.

    Runs in-process (typer's CliRunner) with an empty, private ``ANPO_HOME`` and ``HOME``. Under
    pytest-xdist the workers share one build: the first to arrive builds under a file lock in the
    run's common temporary folder, the others wait and reuse it.
    """
    import fcntl
    import json

    base = _run_folder(tmp_path_factory)
    root = base / "anpo-report-session"
    root.mkdir(exist_ok=True)
    with open(base / "anpo-report-session.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = root / "result.json"
        if not done.exists():
            from typer.testing import CliRunner

            import anpo.cli

            out = root / "anpo-report"
            env = {"ANPO_HOME": str(root / "anpo-home"), "HOME": str(root / "home")}
            (root / "home").mkdir(exist_ok=True)
            args = ["report", "--out", str(out), "--today", REPORT_TODAY]
            result = CliRunner().invoke(anpo.cli.app, args, env=env)
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                raise result.exception
            done.write_text(
                json.dumps({"out": str(out), "stdout": result.stdout, "exit": result.exit_code})
            )
        info = json.loads(done.read_text())
    return BuiltReport(Path(info["out"]), info["stdout"], info["exit"])
