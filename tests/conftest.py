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
    "deterrence-uncertainty",
    "deterrence-classics",
    "relations-roles",
}


def shared_data_dir() -> Path:
    return Path(os.environ.get("ANPO_TEST_DATA", ROOT.parent / "shared" / "data")).resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared reference data folder; skips the test when it is absent."""
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(f"shared reference data not found at {path} (set ANPO_TEST_DATA)")
    return path


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
            result = CliRunner().invoke(anpo.cli.app, ["report", "--out", str(out)], env=env)
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                raise result.exception
            done.write_text(
                json.dumps({"out": str(out), "stdout": result.stdout, "exit": result.exit_code})
            )
        info = json.loads(done.read_text())
    return BuiltReport(Path(info["out"]), info["stdout"], info["exit"])
