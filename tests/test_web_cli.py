"""``anpo serve``: loopback by default, explicit flag and a warning for anything else, the
exploration directory checked at start-up, the socket bound before start-up (``--port 0``
prints the port chosen; a port in use is one line) (in-process; running uvicorn is replaced by
a recorder), and one end-to-end start of the real server on ``--port 0`` (slow)."""

from __future__ import annotations

import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")

from typer.testing import CliRunner  # noqa: E402

import anpo.cli  # noqa: E402
from _support import ROOT, serving_in_thread  # noqa: E402


@pytest.fixture
def precomputed(monkeypatch):
    """Record calls of the background precomputation instead of running it."""
    import anpo.web.api_deterrence as ad

    calls: list[str] = []
    monkeypatch.setattr(ad, "precompute_dyads", lambda: calls.append("called"))
    return calls


@pytest.fixture
def serving(monkeypatch, precomputed):
    """Record what the server would run (the app and the address of the socket bound for it)
    instead of running uvicorn; the socket itself is bound for real."""
    import anpo.cli.web as web

    calls: list[dict] = []

    def record(app, sock):
        host, port = sock.getsockname()[:2]
        calls.append({"app": app, "host": host, "port": port})

    monkeypatch.setattr(web, "_serve", record)
    return calls


@pytest.fixture
def served(monkeypatch, precomputed):
    """Record the app and the address asked for instead of binding it and running uvicorn (a
    loopback socket on a free port stands in: no test listens on a fixed port or on every
    interface)."""
    import anpo.cli.web as web

    calls: list[dict] = []
    asked: dict = {}

    def listen(host, port):
        asked.update(host=host, port=port)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        return sock

    monkeypatch.setattr(web, "_listen", listen)
    monkeypatch.setattr(web, "_serve", lambda app, sock: calls.append({"app": app, **asked}))
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
    app = served[0]["app"]
    assert _host_allowed(app, "127.0.0.1:8123") and _host_allowed(app, "localhost:8123")
    assert not _host_allowed(app, "example.org")


def test_port_zero_prints_the_port_bound(serving):
    """``--port 0``: the system picks a free port, bound before anything else, and the URL
    printed names it (the end-to-end test reads it from there: no race for a port)."""
    r = CliRunner().invoke(anpo.cli.app, ["serve", "--no-warm", "--no-precompute", "--port", "0"])
    assert r.exit_code == 0, r.output
    assert serving[0]["host"] == "127.0.0.1"
    port = serving[0]["port"]
    assert port != 0
    assert f"anpo serve: http://127.0.0.1:{port}/" in r.output


def test_port_in_use_is_one_line(serving):
    """A port another socket listens on is refused at once, naming ``--port`` (uvicorn logged
    the errno and exited 1)."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = CliRunner().invoke(
            anpo.cli.app, ["serve", "--no-warm", "--no-precompute", "--port", str(port)]
        )
    assert r.exit_code == 2
    assert r.output.strip().splitlines() == [
        f"error: --port: port {port} on 127.0.0.1 is already in use; choose another "
        "(--port 0 picks a free one and prints it)"
    ]
    assert serving == []


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


def test_explore_dir_is_checked(served, tmp_path, explore_run):
    missing = tmp_path / "nope"
    r = CliRunner().invoke(anpo.cli.app, ["serve", "--no-warm", "--explore", str(missing)])
    assert r.exit_code == 2
    assert "not a directory" in r.output and str(missing) in r.output
    r = CliRunner().invoke(anpo.cli.app, ["serve", "--no-warm", "--explore", str(explore_run)])
    assert r.exit_code == 0, r.output
    assert served[0]["app"].state.explore_dir == explore_run.resolve()


def test_warm_up_reads_the_explore_run(served, explore_run, monkeypatch):
    """review20 F3: ``anpo serve --explore DIR`` warmed the models but not the run, so the first
    ``GET /api/explore/summary`` paid for reading it within its time limit (503, then 200 on a
    retry). The warm-up is given the run's folder (it reads it: test_web_api)."""
    import anpo.web.warm

    calls: list[dict] = []
    monkeypatch.setattr(anpo.web.warm, "warm_up", lambda **kw: calls.append(kw))
    r = CliRunner().invoke(anpo.cli.app, ["serve", "--explore", str(explore_run)])
    assert r.exit_code == 0, r.output
    assert [c["explore_dir"] for c in calls] == [explore_run.resolve()]
    r = CliRunner().invoke(anpo.cli.app, ["serve", "--no-warm", "--explore", str(explore_run)])
    assert r.exit_code == 0, r.output
    assert len(calls) == 1  # --no-warm: no warm-up at all


@pytest.mark.parametrize(
    ("manifest", "says"),
    [
        (None, "it has no manifest.json"),
        ("{}", "manifest.json lacks experiments, inputs_hash"),
        ("[1, 2]", "manifest.json is not a JSON object"),
        ("{not json", "unreadable manifest"),
        (  # every entry present, none of the kind anpo explore run writes (was a traceback)
            '{"experiments": "x", "inputs_hash": "x", "anpo_version": "x", "model": "x", '
            '"cases": "x", "params": "x", "sampler": "x", "n": "x", "seed": "x", "rows": "x"}',
            "manifest.json holds entries anpo explore run does not write",
        ),
    ],
)
def test_a_folder_that_is_not_an_explore_run_is_refused_before_anything_starts(
    monkeypatch, tmp_path, manifest, says
):
    """``anpo serve --explore DIR`` on a folder that ``anpo explore run`` did not write started
    the server anyway (the futures page then said the folder was not a run): it is refused
    with exit 2, saying what DIR lacks, before a socket is bound or anything compiled."""
    import anpo.cli.web as web

    started: list[str] = []
    monkeypatch.setattr(web, "_listen", lambda host, port: started.append("listen"))
    monkeypatch.setattr(web, "_serve", lambda app, sock: started.append("serve"))
    (tmp_path / "notes.txt").write_text("not a run", encoding="utf-8")
    if manifest is not None:
        (tmp_path / "manifest.json").write_text(manifest, encoding="utf-8")
    r = CliRunner().invoke(anpo.cli.app, ["serve", "--explore", str(tmp_path)])
    assert r.exit_code == 2, r.output
    said = r.stderr.strip()
    assert said.startswith("error: ") and str(tmp_path) in said and says in said, said
    assert "anpo explore run" in said
    assert "compiling" not in r.output
    assert started == []


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf"])
def test_non_finite_time_limit_is_said_to_be_one(served, value):
    """``--time-limit nan`` said "should be less than or equal to 600" (the parser compares the
    value with the option's range before anything checks that it is a number at all)."""
    r = CliRunner().invoke(anpo.cli.app, ["serve", "--no-warm", "--time-limit", value])
    assert r.exit_code == 2
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.output
    assert f"--time-limit: must be a finite number, got {value}" in lines[0]
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


def _lines(stream, into: queue.Queue) -> None:
    for line in iter(stream.readline, b""):
        into.put(line.decode(errors="replace"))
    into.put(None)  # end of the stream: the process exited


def _raw(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send ``request`` as bytes (no HTTP client: httpx refuses a URL over 64 kB) to the
    server on ``port``; its answer's status, headers (lower-case names) and body."""
    with socket.create_connection(("127.0.0.1", port)) as conn:
        try:
            conn.sendall(request)
        except OSError:  # the server answered and closed before reading it all
            pass
        data = b""
        while b"\r\n\r\n" not in data or not data.endswith(b"}"):
            try:
                chunk = conn.recv(65536)
            except ConnectionResetError:  # closed with part of the request unread: said
                break
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines)
    return int(status_line.split()[1]), headers, body


def _get(port: int, target: str) -> bytes:
    return f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()


def test_the_server_answers_an_over_long_url_with_the_apps_json():
    """Under uvicorn with ``anpo serve``'s configuration (:func:`anpo.web.serving.uvicorn_config`)
    a 20 kB query string (the app's cap), a 100 kB one, which httptools cannot parse (its URL
    offsets are 16-bit), and a 1 MB one (both read only up to ``MAX_URL_READ``) get the app's
    JSON 414 naming the query, the cap and what was read, and a request that is no HTTP gets a
    JSON 400, not uvicorn's plain-text "Invalid HTTP
    request received." (uvicorn's ``send_400_response``)."""
    from anpo.web.app import create_app
    from anpo.web.limits import MAX_URL_BYTES
    from anpo.web.serving import MAX_URL_READ, uvicorn_config

    cap = f"longer than {MAX_URL_BYTES:,} bytes"
    with serving_in_thread(create_app(), uvicorn_config) as url:
        port = int(url.rsplit(":", 1)[1])
        for size, got in [(20_000, "got 20,014"), (100_000, f"got more than {MAX_URL_READ:,}"),
                          (1_000_000, f"got more than {MAX_URL_READ:,}")]:  # fmt: skip
            status, headers, body = _raw(port, _get(port, "/api/health?x=" + "a" * size))
            assert status == 414 and headers["content-type"] == "application/json", body
            said = json.loads(body)
            assert said["field"] == "query" and f"{cap} ({got})" in said["error"], said
            assert headers["content-security-policy"].startswith("default-src 'self'"), headers
        status, headers, body = _raw(port, b"NOT HTTP AT ALL\r\n\r\n")
        assert status == 400 and headers["content-type"] == "application/json", body
        assert json.loads(body)["error"].startswith("invalid HTTP request: "), body
        # and the server still answers
        status, _, body = _raw(port, _get(port, "/api/health"))
        assert status == 200 and json.loads(body)["status"] == "ok", body


@pytest.mark.slow
def test_serve_end_to_end():
    """The console command starts a real server that answers pages and the API on loopback.
    It runs on ``--port 0`` and the test reads the port from the start-up line: no other
    process can take the port between choosing and binding it."""
    import httpx

    env_path = str(ROOT / "src")
    env = {**os.environ, "PYTHONPATH": env_path + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "anpo", "serve", "--port", "0", "--no-warm", "--no-precompute"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr is not None
    lines: queue.Queue[str | None] = queue.Queue()
    reader = threading.Thread(target=_lines, args=(proc.stderr, lines), daemon=True)
    reader.start()
    said: list[str] = []
    try:
        # readiness, not speed: the server starts in about 1.5 s here, but a loaded CI machine
        # may take much longer to import it; the wait ends as soon as it answers or exits
        deadline = time.monotonic() + 120
        port = None
        while port is None:
            try:
                line = lines.get(timeout=max(deadline - time.monotonic(), 0.0))
            except queue.Empty:
                pytest.fail(f"no start-up line within 120 s: {said}")
            assert line is not None, f"the server exited: {''.join(said)}"
            said.append(line)
            found = re.match(r"anpo serve: http://127\.0\.0\.1:(\d+)/ ", line)
            port = int(found.group(1)) if found else None
        assert port != 0
        base = f"http://127.0.0.1:{port}"
        while True:
            assert proc.poll() is None, "".join(said)
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
        # a 100 kB query: the app's JSON 414, not uvicorn's plain-text 400 (anpo.web.serving)
        status, headers, body = _raw(port, _get(port, "/api/health?x=" + "a" * 100_000))
        assert status == 414 and json.loads(body)["field"] == "query", body
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        reader.join(timeout=20)
    while not lines.empty():
        said.append(lines.get() or "")
    assert "Traceback" not in "".join(said)


def test_the_server_runs_blas_on_one_thread(monkeypatch):
    """``anpo serve``'s process runs BLAS on one thread (OpenBLAS' threads, woken for each long
    dot product of the exchange search, made the dyad page's worst cases several times slower
    on a loaded machine: ``anpo.web.compute.single_threaded_blas``)."""
    threadpoolctl = pytest.importorskip("threadpoolctl")
    import anpo.cli.web as web

    seen: list[list[int]] = []

    class Server:
        def __init__(self, config):
            self.started = True

        def run(self, sockets):
            info = threadpoolctl.threadpool_info()
            seen.append([i["num_threads"] for i in info if i["user_api"] == "blas"])

    monkeypatch.setattr(uvicorn, "Server", Server)
    # two threads to start from (restored afterwards), whatever this machine's default
    with threadpoolctl.threadpool_limits(limits=2, user_api="blas"), socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        web._serve(object(), sock)
    assert seen and seen[0] and set(seen[0]) == {1}
