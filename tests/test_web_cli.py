"""``anpo serve``: loopback by default, explicit flag and a warning for anything else, the
exploration directory checked at start-up (in-process; uvicorn.run is replaced by a recorder),
and one end-to-end start of the real server (slow)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")

from typer.testing import CliRunner  # noqa: E402

import anpo.cli  # noqa: E402
from _support import ROOT  # noqa: E402


@pytest.fixture
def precomputed(monkeypatch):
    """Record calls of the background precomputation instead of running it."""
    import anpo.web.api_deterrence as ad

    calls: list[str] = []
    monkeypatch.setattr(ad, "precompute_dyads", lambda: calls.append("called"))
    return calls


@pytest.fixture
def served(monkeypatch, precomputed):
    """Record uvicorn.run's arguments instead of serving."""
    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    return calls


def test_precompute_runs_in_the_background_unless_refused(served, precomputed):
    """``--precompute`` (the default) answers the built-in dyads in a background thread;
    ``--no-precompute`` does not."""
    import threading

    r = CliRunner().invoke(anpo.cli.app, ["serve", "--no-warm", "--no-precompute"])
    assert r.exit_code == 0, r.output
    assert precomputed == []
    r = CliRunner().invoke(anpo.cli.app, ["serve", "--no-warm"])
    assert r.exit_code == 0, r.output
    for t in threading.enumerate():
        if t.name == "anpo-precompute":
            t.join()
    assert precomputed == ["called"]


def _host_allowed(app, host: str) -> bool:
    from fastapi.testclient import TestClient

    return TestClient(app, base_url=f"http://{host}").get("/api/health").status_code == 200


def test_loopback_by_default(served):
    r = CliRunner().invoke(anpo.cli.app, ["serve", "--no-warm", "--port", "8123"])
    assert r.exit_code == 0, r.output
    assert served[0]["host"] == "127.0.0.1" and served[0]["port"] == 8123
    assert "http://127.0.0.1:8123/" in r.output
    app = served[0]["app"]
    assert _host_allowed(app, "127.0.0.1:8123") and _host_allowed(app, "localhost:8123")
    assert not _host_allowed(app, "example.org")


def test_other_interfaces_need_the_flag(served):
    r = CliRunner().invoke(anpo.cli.app, ["serve", "--no-warm", "--host", "0.0.0.0"])
    assert r.exit_code == 2
    assert r.output.strip().splitlines() == [
        "error: --host: 0.0.0.0 is not a loopback address; pass --allow-remote to let other "
        "machines connect (the server has no authentication)"
    ]
    assert served == []
    r = CliRunner().invoke(
        anpo.cli.app, ["serve", "--no-warm", "--host", "0.0.0.0", "--allow-remote"]
    )
    assert r.exit_code == 0, r.output
    assert "warning: listening on 0.0.0.0" in r.output
    assert served[0]["host"] == "0.0.0.0"
    assert _host_allowed(served[0]["app"], "192.0.2.7:8000")  # any Host once remote is allowed


def test_explore_dir_is_checked(served, tmp_path):
    missing = tmp_path / "nope"
    r = CliRunner().invoke(anpo.cli.app, ["serve", "--no-warm", "--explore", str(missing)])
    assert r.exit_code == 2
    assert "not a directory" in r.output and str(missing) in r.output
    r = CliRunner().invoke(anpo.cli.app, ["serve", "--no-warm", "--explore", str(tmp_path)])
    assert r.exit_code == 0
    assert served[0]["app"].state.explore_dir == tmp_path.resolve()


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf"])
def test_non_finite_time_limit_is_said_to_be_one(served, value):
    """``--time-limit nan`` said "should be less than or equal to 600" (the parser compares the
    value with the option's range before anything checks that it is a number at all)."""
    r = CliRunner().invoke(anpo.cli.app, ["serve", "--no-warm", "--time-limit", value])
    assert r.exit_code == 2
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.output
    assert f"'--time-limit': must be a finite number, got {value}" in lines[0]
    assert "less than" not in lines[0] and "greater than" not in lines[0]
    assert served == []


@pytest.mark.parametrize(
    ("value", "says"),
    [("700", "less than or equal to 600"), ("0.1", "greater than or equal to 0.5")],
)
def test_time_limit_out_of_range_names_the_bound(served, value, says):
    r = CliRunner().invoke(anpo.cli.app, ["serve", "--no-warm", "--time-limit", value])
    assert r.exit_code == 2 and says in r.output and "finite" not in r.output
    assert served == []


def test_time_limit_reaches_the_app(served):
    r = CliRunner().invoke(anpo.cli.app, ["serve", "--no-warm", "--time-limit", "2.5"])
    assert r.exit_code == 0, r.output
    assert served[0]["app"].state.runner.time_limit == 2.5


def test_runner_refuses_a_non_finite_time_limit():
    from anpo.web.compute import Runner

    for bad in (float("nan"), float("inf"), 0.0):
        with pytest.raises(ValueError, match="positive finite number"):
            Runner(bad, 2)


@pytest.mark.slow
def test_serve_end_to_end():
    """The console command starts a real server that answers pages and the API on loopback."""
    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env_path = str(ROOT / "src")
    import os

    env = {**os.environ, "PYTHONPATH": env_path + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "anpo", "serve", "--port", str(port), "--no-warm"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        # readiness, not speed: the server starts in about 1.5 s here, but a loaded CI machine
        # may take much longer to import it; the wait ends as soon as it answers or exits
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "the server did not answer within 120 s"
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        assert httpx.get(base + "/api/health").json()["status"] == "ok"
        assert "Deterrence what-if" in httpx.get(base + "/deterrence").text
        r = httpx.post(base + "/api/deterrence/engagement", json={"rvs": 10, "sspk": 2})
        assert r.status_code == 422 and "Traceback" not in r.text
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=20)
    assert b"Traceback" not in err
