"""Shared test fixtures.

Reference data live outside the repository (never copied in): ``ANPO_TEST_DATA`` points at the
shared data folder, default ``../shared/data`` seen from the repository root. Tests that need it
use the ``shared_data`` fixture and are skipped, with the reason, when it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Sections whose providers are being rewritten for issue 11 and do not state an Answer yet on
# main. Remove an id as soon as its section states one: every other section must.
AWAITING_ANSWER = {
    "deterrence-exposure",
    "deterrence-stability",
    "deterrence-reaction",
    "deterrence-decoupling",
    "deterrence-classics",
}


#: Chromium launch options shared by the browser tests (the report, the web app): Debian's
#: /usr/bin/chromium driven by Playwright through executable_path (Playwright cannot download a
#: browser here), headless, no sandbox (CI runs as root), no GPU, no background traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--metrics-recording-only",
]


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


def shared_data_dir() -> Path:
    return Path(os.environ.get("ANPO_TEST_DATA", ROOT.parent / "shared" / "data")).resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared reference data folder; skips the test when it is absent."""
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(f"shared reference data not found at {path} (set ANPO_TEST_DATA)")
    return path


#: The law section's "today" in the report tests: fixed, so that builds on different days (or
#: either side of midnight) give the same page.
REPORT_TODAY = "2025-04-01"

#: The shared files the roles read (COW states, NMC, ATOP, both rivalry lists, dyadic MIDs, UN
#: ideal points, nuclear stockpiles), relative to the shared data folder.
ROLES_FILES = [
    "cow/states2016.csv",
    "peacesciencer/cow_nmc.csv",
    "peacesciencer/atop_alliance.csv.gz",
    "peacesciencer/td_rivalries.csv",
    "peacesciencer/tss_rivalries.csv",
    "peacesciencer/cow_mid_dirdisps.csv",
    "unga/IdealpointsJuly2025.csv",
    "forces/fas_stockpiles_1945_2023_owid.csv",
]


@pytest.fixture(scope="session")
def roles_inputs(shared_data: Path) -> dict:
    """The datasets of :func:`anpo.relations.roles`, read once per test session (tests must not
    modify them in place)."""
    import anpo.data as data

    f = shared_data
    return {
        "states": data.read_cow_states(f / "cow/states2016.csv"),
        "alliances": data.read_atop_dyad(f / "peacesciencer/atop_alliance.csv.gz"),
        "capabilities": data.read_nmc(f / "peacesciencer/cow_nmc.csv"),
        "rivalries": [
            data.read_td_rivalries(f / "peacesciencer/td_rivalries.csv"),
            data.read_tss_rivalries(f / "peacesciencer/tss_rivalries.csv"),
        ],
        "disputes": data.read_mid_dyadic(f / "peacesciencer/cow_mid_dirdisps.csv"),
        "ideal_points": data.read_unga_idealpoints(f / "unga/IdealpointsJuly2025.csv"),
        "nuclear": data.read_nuclear_stockpiles(f / "forces/fas_stockpiles_1945_2023_owid.csv"),
    }


@pytest.fixture(scope="session")
def roles_prep(roles_inputs: dict):  # type: ignore[no-untyped-def]
    """:func:`anpo.relations.taxonomy.prepare_roles` on :func:`roles_inputs`, shipped
    thresholds, focal the U.S."""
    from anpo.relations.taxonomy import prepare_roles

    return prepare_roles(**roles_inputs)


@pytest.fixture(scope="session")
def roles_home(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A catalog holding :data:`ROLES_FILES` (read-only for the tests that use it)."""
    from anpo.data.catalog import Catalog

    home = tmp_path_factory.mktemp("roles") / "home"
    cat = Catalog.open(home)
    for f in ROLES_FILES:
        cat.add(shared_data / f)
    return home


@pytest.fixture
def anpo_home(tmp_path, monkeypatch) -> Path:
    """An empty, private ANPO_HOME for catalog tests."""
    home = tmp_path / "anpo-home"
    monkeypatch.setenv("ANPO_HOME", str(home))
    return home


def run_anpo(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None):
    """Run ``python -m anpo ARGS`` with this checkout's ``src`` first on the path.

    Returns the ``subprocess.CompletedProcess`` (text mode, output captured).
    """
    import subprocess
    import sys

    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + full_env.get("PYTHONPATH", "")
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "anpo", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
    )


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

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
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
