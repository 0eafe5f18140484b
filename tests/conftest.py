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
