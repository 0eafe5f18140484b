"""Several anpo processes sharing one catalog (issue 12, item 1).

Real processes run the real CLI (``anpo.cli.main``) concurrently: each starts, imports, signals
that it is ready, and waits for a common "go" so that they really overlap. A test hook
(``Catalog._step``, a no-op in production) can make a writer linger inside its lock, which is how
a slow import of a large file looks to the other processes. Every command must succeed, or
refuse with the documented message, and the catalog must end exactly as a serial order of the
same commands leaves it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from _support import ROOT
from anpo.data.catalog import Catalog

WAITING = "waiting for another anpo process"


def _script(args: list[str], sync: Path, name: str, hold: float = 0.0) -> str:
    """The process's program: a writer lingers inside its lock for ``hold`` seconds, or less
    when the test writes the ``release`` file (then ``hold`` is a cap, and the test decides
    when the others have seen the lock: a fixed time is a bet on the machine's speed)."""
    return textwrap.dedent(
        f"""
        import sys, time, pathlib
        sys.path.insert(0, {str(ROOT / "src")!r})
        import anpo.cli
        from anpo.data.catalog import Catalog
        sync = pathlib.Path({str(sync)!r})
        if {hold!r}:
            def _linger(self, step):
                if step == "created":
                    end = time.monotonic() + {hold!r}
                    while time.monotonic() < end and not (sync / "release").exists():
                        time.sleep(0.01)
            Catalog._step = _linger
        (sync / ({name!r} + ".ready")).write_text("")
        while not (sync / "go").exists() and not (sync / ("go-" + {name!r})).exists():
            time.sleep(0.01)
        anpo.cli.main({args!r})
        """
    )


def _start(
    jobs: dict[str, tuple[list[str], float]], home: Path, sync: Path, env: dict | None = None
) -> dict[str, subprocess.Popen]:
    """Start one process per job (name -> (argv, seconds to linger in the writer's lock))."""
    sync.mkdir(exist_ok=True)
    full = {**os.environ, "ANPO_HOME": str(home), **(env or {})}
    procs = {}
    for name, (args, hold) in jobs.items():
        # standard error goes to a file the test can read while the process runs (_stderr)
        with (sync / f"{name}.err").open("w", encoding="utf-8") as err:
            procs[name] = subprocess.Popen(
                [sys.executable, "-c", _script(args, sync, name, hold)],
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
                env=full,
            )
    deadline = time.monotonic() + 120
    while not all((sync / f"{n}.ready").exists() for n in jobs):
        assert time.monotonic() < deadline, "processes did not start"
        for n, p in procs.items():
            assert p.poll() is None, (n, p.communicate(), _stderr(sync, n))
        time.sleep(0.02)
    return procs


def _stderr(sync: Path, name: str) -> str:
    """What process ``name`` has written to standard error so far."""
    return (sync / f"{name}.err").read_text(encoding="utf-8")


def _release_when(sync: Path, done: Callable[[], bool], writer: subprocess.Popen) -> None:
    """Let the lingering writer go on once ``done()`` (the other processes have met its lock)."""
    deadline = time.monotonic() + 120
    while not done():
        assert time.monotonic() < deadline, "the other processes never met the writer's lock"
        assert writer.poll() is None, "the writer ended before the others met its lock"
        time.sleep(0.02)
    (sync / "release").write_text("")


def _finish(procs: dict[str, subprocess.Popen], sync: Path) -> dict[str, tuple[int, str, str]]:
    out = {}
    for name, p in procs.items():
        stdout, _ = p.communicate(timeout=300)
        stderr = _stderr(sync, name)
        assert "Traceback" not in stderr, (name, stderr)
        out[name] = (p.returncode, stdout, stderr)
    return out


def _content(home: Path) -> list[tuple[str, str, str, bool, int]]:
    """What the catalog holds: (kind, version, sha256, default, rows) per dataset, plus a check
    that each stored table reads back."""
    cat = Catalog.open(home)
    rows = []
    for r in cat.list().to_dict(orient="records"):
        assert len(cat.read(r["kind"], r["version"])) == r["rows"]
        rows.append((r["kind"], r["version"], r["sha256"], bool(r["default"]), int(r["rows"])))
    return sorted(rows)


def _serial(home: Path, adds: list[tuple[Path, dict]]) -> list[tuple[str, str, str, bool, int]]:
    cat = Catalog.open(home)
    for path, kw in adds:
        try:
            cat.add(path, **kw)
        except Exception:  # noqa: BLE001 - the refusals the concurrent run also gets
            pass
    return _content(home)


@pytest.mark.slow
def test_readers_wait_for_a_writer(shared_data: Path, tmp_path: Path) -> None:
    """Readers started while a writer holds the catalog wait (saying so) and then see the
    writer's result; none fails with 'in use'."""
    home = tmp_path / "home"
    Catalog.open(home).add(shared_data / "cow/states2016.csv")
    riv = shared_data / "peacesciencer/td_rivalries.csv"
    sync = tmp_path / "sync"
    procs = _start(
        {
            "writer": (["data", "add", str(riv)], 120.0),  # until both readers wait
            "list": (["data", "list", "--json"], 0.0),
            "sql": (["data", "sql", "SELECT count(*) AS n FROM td_rivalries", "--json"], 0.0),
        },
        home,
        sync,
    )
    (sync / "go-writer").write_text("")
    lock = home / "catalog.lock"
    deadline = time.monotonic() + 60
    while not lock.exists() or "anpo data add" not in lock.read_text():
        assert time.monotonic() < deadline and procs["writer"].poll() is None
        time.sleep(0.02)
    (sync / "go").write_text("")
    readers = ("list", "sql")
    _release_when(sync, lambda: all(WAITING in _stderr(sync, n) for n in readers), procs["writer"])
    res = _finish(procs, sync)
    assert all(code == 0 for code, _, _ in res.values()), res
    assert all(WAITING in res[n][2] for n in readers), res
    kinds = [d["kind"] for d in json.loads(res["list"][1])["datasets"]]
    assert kinds == ["cow_states", "td_rivalries"]
    assert json.loads(res["sql"][1]) == [{"n": 197}]


@pytest.mark.slow
def test_same_kind_and_version_race(shared_data: Path, tmp_path: Path) -> None:
    """Two different files of one kind and version added at once: one is added, the other
    refused with the documented message (never both 'added', never a silent replacement)."""
    a = shared_data / "cow/states2016.csv"
    b = shared_data / "peacesciencer/cow_states.csv"
    home = tmp_path / "home"
    procs = _start(
        {
            "a": (["data", "add", str(a), "--json"], 0.3),
            "b": (["data", "add", str(b), "--json"], 0.3),
        },
        home,
        tmp_path / "sync",
    )
    (tmp_path / "sync" / "go").write_text("")
    res = _finish(procs, tmp_path / "sync")
    codes = sorted(code for code, _, _ in res.values())
    assert codes == [0, 2], res
    winner = next(n for n, (code, _, _) in res.items() if code == 0)
    loser = "b" if winner == "a" else "a"
    assert json.loads(res[winner][1])["results"][0]["status"] == "added"
    assert "already has cow_states version 2016" in res[loser][2]
    # one error line, after the waiting notice when the loser had to wait for the lock
    errors = [line for line in res[loser][2].splitlines() if not line.startswith(WAITING)]
    assert len(errors) == 1 and "--replace" in errors[0], res[loser][2]
    first, second = (a, b) if winner == "a" else (b, a)
    assert _content(home) == _serial(tmp_path / "serial", [(first, {}), (second, {})])


@pytest.mark.slow  # five processes at once, 4 s of CPU
def test_adds_of_different_kinds_and_reads_at_once(shared_data: Path, tmp_path: Path) -> None:
    """Adds of different kinds, two versions of one kind and readers, all at once: every command
    succeeds and the catalog equals the serial order's (same datasets, versions, defaults).
    (The default suite runs two writers at once, test_same_kind_and_version_race, and readers
    with a writer, test_readers_wait_for_a_writer.)"""
    files = {
        "states": shared_data / "cow/states2016.csv",
        "td": shared_data / "peacesciencer/td_rivalries.csv",
        "tss": shared_data / "peacesciencer/tss_rivalries.csv",
        "majors": shared_data / "cow/majors2016.csv",
    }
    home = tmp_path / "home"
    Catalog.open(home).add(files["states"])
    jobs: dict[str, tuple[list[str], float]] = {
        name: (["data", "add", str(path)], 0.2) for name, path in files.items() if name != "states"
    }
    jobs["list"] = (["data", "list", "--json"], 0.0)
    jobs["sql"] = (["data", "sql", "SELECT count(*) AS n FROM cow_states", "--json"], 0.0)
    procs = _start(jobs, home, tmp_path / "sync")
    (tmp_path / "sync" / "go").write_text("")
    res = _finish(procs, tmp_path / "sync")
    assert all(code == 0 for code, _, _ in res.values()), res
    assert json.loads(res["sql"][1]) == [{"n": 243}]
    serial = _serial(tmp_path / "serial", [(p, {}) for p in files.values()])
    assert _content(home) == serial


@pytest.mark.slow
def test_wait_is_bounded(shared_data: Path, tmp_path: Path) -> None:
    """Past ANPO_LOCK_TIMEOUT a waiting command gives up with one line naming the holder,
    exit 2; the holder finishes normally."""
    home = tmp_path / "home"
    Catalog.open(home).add(shared_data / "cow/states2016.csv")
    sync = tmp_path / "sync"
    procs = _start(
        {
            # the writer holds the lock until the reader has given up
            "writer": (["data", "add", str(shared_data / "cow/majors2016.csv")], 120.0),
            "reader": (["data", "list"], 0.0),
        },
        home,
        sync,
        env={"ANPO_LOCK_TIMEOUT": "0.3"},
    )
    (sync / "go-writer").write_text("")
    lock = home / "catalog.lock"
    deadline = time.monotonic() + 60
    while not lock.exists() or "anpo data add" not in lock.read_text():
        assert time.monotonic() < deadline and procs["writer"].poll() is None
        time.sleep(0.02)
    (sync / "go").write_text("")
    _release_when(sync, lambda: procs["reader"].poll() is not None, procs["writer"])
    res = _finish(procs, sync)
    assert res["writer"][0] == 0
    code, _, err = res["reader"]
    assert code == 2
    last = err.strip().splitlines()[-1]
    assert last.startswith("error: ") and "still in use by another anpo process" in last
    assert "anpo data add" in last and "ANPO_LOCK_TIMEOUT" in last


@pytest.mark.slow
def test_many_writers_and_readers(shared_data: Path, tmp_path: Path) -> None:
    """A nightly-sized mix: NMC 6.0 and 7.0, rivalries, states twice (same version, different
    files), majors and four readers, all at once; ends as the serial order with the same
    winner for the contested version."""
    files = {
        "nmc6": shared_data / "cow/NMC-60-abridged.csv",
        "nmc7": shared_data / "peacesciencer/cow_nmc.csv",
        "td": shared_data / "peacesciencer/td_rivalries.csv",
        "states_a": shared_data / "cow/states2016.csv",
        "states_b": shared_data / "peacesciencer/cow_states.csv",
        "majors": shared_data / "cow/majors2016.csv",
    }
    home = tmp_path / "home"
    jobs: dict[str, tuple[list[str], float]] = {
        n: (["data", "add", str(p), "--json"], 0.1) for n, p in files.items()
    }
    for i in range(4):
        jobs[f"read{i}"] = (["data", "list", "--json"], 0.0)
    procs = _start(jobs, home, tmp_path / "sync")
    (tmp_path / "sync" / "go").write_text("")
    res = _finish(procs, tmp_path / "sync")
    for name, (code, _out, err) in res.items():
        if name.startswith("read"):
            # a reader may come before the first add created the catalog: the documented refusal
            assert code == 0 or "no catalog here yet" in err, (name, err)
        elif name.startswith("states"):
            assert code in (0, 2), (name, err)
        else:
            assert code == 0, (name, err)
    assert sorted(res[n][0] for n in ("states_a", "states_b")) == [0, 2]
    won = "states_a" if res["states_a"][0] == 0 else "states_b"
    lost = "states_b" if won == "states_a" else "states_a"
    order = {n: json.loads(res[n][1])["results"][0]["id"] for n in files if n not in (lost,)}
    serial = [(files[n], {}) for n in sorted(order, key=order.get)]
    assert _content(home) == _serial(tmp_path / "serial", serial)
