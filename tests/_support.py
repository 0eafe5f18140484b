"""Helpers shared by the test modules (import them from here, never from another test module).

``conftest.py`` holds the fixtures; this module holds the plain values and functions: paths,
the minimal scenario, the in-process and subprocess ways to run ``anpo``, and the checks of a
command's one-line error.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest

if TYPE_CHECKING:
    from anpo.align.backtest import WarCase
    from anpo.futures import World
    from anpo.scenario import Scenario

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def serving_in_thread(app: Any, config: Any = None) -> Iterator[str]:
    """Serve ``app`` on a free loopback port (uvicorn in a thread), yield its address
    (``http://127.0.0.1:PORT``), stop it. ``config(app, host, port)`` makes uvicorn's
    configuration (default: ``uvicorn.Config`` with warnings only)."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    if config is None:
        made = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    else:
        made = config(app, "127.0.0.1", port)
    server = uvicorn.Server(made)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120  # readiness, not speed (a loaded machine may be slow)
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def script_module(name: str, folder: str = "benchmarks") -> ModuleType:
    """The module ``name`` of the repository's ``folder`` (``benchmarks`` or ``tools``: scripts,
    no package; a benchmark's baseline such as ``old_propagate_kernel``), imported with the
    folder on ``sys.path`` for the import only. The tests' one copy of
    ``benchmarks/_record.py``'s ``sibling`` (which the benchmarks import from beside them)."""
    sys.path.insert(0, str(ROOT / folder))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.pop(0)


# Sections whose providers are being rewritten for issue 11 and do not state an Answer yet on
# main. Remove an id as soon as its section states one: every other section must.
AWAITING_ANSWER: set[str] = set()

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


def us_china_scenario(
    *,
    ccodes: bool = True,
    df5_survivable: float = 0.0,
    df5_reaches: Sequence[str] = ("USA",),
    actors: str = "",
    forces: str = "",
    settings: str = "",
    dyad: bool = True,
    extra: str = "",
) -> str:
    """The text of a small U.S.-China scenario of 2001: the two actors (with their COW codes
    unless ``ccodes`` is false), China's 20 DF-5A silos (``df5_survivable``, ``df5_reaches``),
    a U.S. NMD of one layer (20 GBIs, SSPK 0.6), both damage curves and the U.S.-China dyad
    (unless ``dyad`` is false). TOML blocks, each starting with a blank line, go in at their
    place: ``actors`` between the United States and China, ``forces`` after the DF-5A (more
    forces, [[counterforce]] entries), ``settings`` after the damage tables; ``extra`` is
    appended (variants, uncertainties, more tables)."""
    usa_ccode, chn_ccode = ("\nccode = 2", "\nccode = 710") if ccodes else ("", "")
    reaches = ", ".join(f'"{a}"' for a in df5_reaches)
    dyads = '[[dyads]]\ndefender = "USA"\nrival = "CHN"\n' if dyad else ""
    return f"""schema_version = 1

[scenario]
id = "mini"
title = "Minimal"
year = 2001
date = 2001-07-10

[[actors]]
id = "USA"
name = "United States"{usa_ccode}
{actors}
[[actors]]
id = "CHN"
name = "China"{chn_ccode}

[[forces]]
id = "cn-df5"
actor = "CHN"
name = "DF-5A"
basing = "silo"
missile_class = "ICBM"
launchers = 20
warheads_per_launcher = 1
survivable_fraction = {df5_survivable}
reaches = [{reaches}]
source = "Glaser & Fetter 2001"
{forces}
[[defenses]]
id = "nmd"
owner = "USA"
name = "NMD"
source = "2000 plan"

[[defenses.layers]]
name = "GBI"
engages = ["ICBM"]
interceptors = 20
sspk = 0.6
covers = ["USA"]
source = "2000 plan"

[[damage]]
actor = "USA"
w80 = 400
source = "anpo default curve"

[[damage]]
actor = "CHN"
w80 = 400
source = "anpo default curve"
{settings}
{dyads}{extra}"""


#: The smallest valid scenario: two actors, one force, one defense layer, one dyad.
MINIMAL = us_china_scenario()


def ally_lua_scenario(
    *,
    us_launchers: int = 500,
    df5_launchers: int = 20,
    df5_reaches: tuple[str, ...] = ("USA", "JPN"),
) -> str:
    """The text of audit29's U.S.-China scenario with an ally: :func:`us_china_scenario` with
    Japan (w80 100) as the dyad's ally (strike share 0.5), China's DF-5A reaching both (by
    default), a U.S. force of ``us_launchers`` Minuteman III silos (1 warhead each) on
    launch-under-attack posture, both sides' silo counterforce (the United States 0.9, China 0.5) and the variants
    ``mad`` (no defense) and ``nmd`` (the 20-GBI layer); ``df5_launchers`` replaces the DF-5A's
    20 launchers, ``df5_reaches`` the territories it reaches."""
    text = us_china_scenario(
        df5_reaches=df5_reaches,
        actors='\n[[actors]]\nid = "JPN"\nname = "Japan"\nccode = 740\n',
        forces=f"""
[[forces]]
id = "us-mm3"
actor = "USA"
name = "MM3"
basing = "silo"
missile_class = "ICBM"
launchers = {us_launchers}
warheads_per_launcher = 1
survivable_fraction = 0.0
reaches = ["CHN"]
posture = "launch-under-attack"
source = "anpo assumption: test"

[[counterforce]]
striker = "USA"
basing = "silo"
kill_probability = 0.9
source = "anpo assumption: test"

[[counterforce]]
striker = "CHN"
basing = "silo"
kill_probability = 0.5
source = "anpo assumption: test"
""",
        settings='\n[[damage]]\nactor = "JPN"\nw80 = 100\nsource = "anpo assumption: test"\n',
        dyad=False,
        extra="""
[[alliances]]
id = "us-japan"
name = "U.S.-Japan"
patron = "USA"
members = ["JPN"]
source = "test: the dyad's ally is a member"

[[dyads]]
defender = "USA"
rival = "CHN"
ally = "JPN"
ally_strike_share = 0.5

[[variants]]
id = "mad"
title = "MAD"
defenses = []

[[variants]]
id = "nmd"
title = "NMD"
defenses = ["nmd"]
""",
    )
    return text.replace("launchers = 20\n", f"launchers = {df5_launchers}\n", 1)


def shared_data_dir() -> Path:
    """``ANPO_TEST_DATA``, default ``../shared/data`` seen from the repository root."""
    return Path(os.environ.get("ANPO_TEST_DATA", ROOT.parent / "shared" / "data")).resolve()


@functools.cache
def _parsed_book() -> tuple[Scenario, ...]:
    from anpo.scenario import load_book

    return tuple(load_book())


@functools.cache
def _parsed_futures() -> tuple[World, ...]:
    from anpo.futures import load_book

    return tuple(load_book())


def book_scenarios() -> list[Scenario]:
    """The built-in book's scenarios, as :func:`anpo.scenario.load_book` gives them: the files
    are read and validated once per test process (0.3 s of CPU a time, and the tests ask for
    the book about fifty times), and every call returns deep copies, so that a test may change
    what it gets without another test seeing it."""
    return [s.model_copy(deep=True) for s in _parsed_book()]


def book_futures() -> list[World]:
    """The futures book, as :func:`anpo.futures.load_book` gives it: read once per test
    process, a deep copy for every call (as :func:`book_scenarios`)."""
    return [w.model_copy(deep=True) for w in _parsed_futures()]


@dataclass(frozen=True)
class Ran:
    """What a command did: exit status and the two output streams (as a subprocess would)."""

    returncode: int
    stdout: str
    stderr: str


def cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> Ran:
    """Run ``anpo ARGS`` in-process, as :func:`run_anpo` runs it in a subprocess: same exit
    status and outputs, at a fraction of the cost (no interpreter start, no re-import). ``env``
    is set for the command only; ``cwd`` is the working folder during the command. An
    exception that escapes the command (a bug: anpo turns every user error into exit 2) is
    re-raised, with its traceback."""
    from typer.testing import CliRunner

    import anpo.cli

    with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext():
        result = CliRunner().invoke(anpo.cli.app, list(args), env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Ran(result.exit_code, result.stdout, result.stderr)


def catalog_env(
    home: Path, shared_data: Path, files: list[str], *, store: Path | None = None
) -> dict[str, str]:
    """A catalog at ``home`` holding the shared data ``files`` (paths under ``shared_data``),
    added in that order with ``anpo data add``; the environment that points a command at it.

    ``store`` (the ``catalog_store`` fixture: a folder common to the run's processes) keeps the
    catalogs built along the way: the catalog of ``files[:k]`` is built once per test run, by
    the first test to need it (``anpo data add`` of ``files[k-1]`` on a copy of the catalog of
    ``files[:k-1]``), and ``home`` is a copy of it. Catalogs whose lists start alike (the COW
    states, NMC and ATOP: 4 s of CPU a time) then share those adds; each test still owns its
    catalog. A catalog records no path of its own folder, so a copy is the catalog."""
    if store is None:
        r = cli("data", "add", *[str(shared_data / f) for f in files], env={"ANPO_HOME": str(home)})
        assert r.returncode == 0, r.stderr
        return {"ANPO_HOME": str(home)}
    import fcntl
    import hashlib
    import shutil

    def built(k: int) -> Path:
        key = "\n".join([str(shared_data), *files[:k]])
        return store / hashlib.sha256(key.encode()).hexdigest()[:20]

    store.mkdir(parents=True, exist_ok=True)
    with open(store / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time across the xdist workers
        k = len(files)
        while k > 0 and not (built(k) / "done").exists():
            k -= 1
        for j in range(k + 1, len(files) + 1):
            work = built(j).with_suffix(".part")
            shutil.rmtree(work, ignore_errors=True)
            if j > 1:
                shutil.copytree(built(j - 1) / "home", work / "home")
            r = cli(
                "data",
                "add",
                str(shared_data / files[j - 1]),
                env={"ANPO_HOME": str(work / "home")},
            )
            assert r.returncode == 0, r.stderr
            (work / "done").touch()
            work.rename(built(j))
    shutil.copytree(built(len(files)) / "home", home)
    return {"ANPO_HOME": str(home)}


def invoke(*args: str, env: dict[str, str] | None = None) -> Any:
    """Run ``anpo ARGS`` in-process (typer's ``CliRunner``); returns click's ``Result``
    (``exit_code``, ``stdout``, ``stderr``, ``exception``)."""
    from typer.testing import CliRunner

    import anpo.cli

    return CliRunner().invoke(anpo.cli.app, list(args), env=env)


def one_line_error(result: Any) -> str:
    """Check that a command ended as a user error: exit status 2, exactly one ``error: ...``
    line on standard error (under it only the indented lines listing the input's other
    problems, :func:`anpo.cli._common.error_lines`) and no traceback. Returns that line."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    first, *others = result.stderr.strip().split("\n")
    assert first.startswith("error: ") and all(o.startswith("  ") for o in others), result.stderr
    assert "Traceback" not in result.output
    return first


def run_anpo(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m anpo ARGS`` in a subprocess with this checkout's ``src`` first on the
    path (for the few true end-to-end tests; use :func:`invoke` otherwise).

    Returns the ``subprocess.CompletedProcess`` (text mode, output captured).
    """
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


#: A scenario with two variants and two [[uncertainties]] (the exploration tests): the minimal
#: one with U.S. silos and both sides' counterforce, China's DF-5A 30% survivable.
EXPLORE_SCENARIO = us_china_scenario(
    ccodes=False,
    df5_survivable=0.3,
    forces="""
[[forces]]
id = "us-mm3"
actor = "USA"
name = "Minuteman III"
basing = "silo"
missile_class = "ICBM"
launchers = 40
warheads_per_launcher = 1
survivable_fraction = 0.0
reaches = ["CHN"]
source = "illustrative"

[[counterforce]]
striker = "USA"
basing = "silo"
kill_probability = 0.9
source = "anpo assumption"

[[counterforce]]
striker = "CHN"
basing = "silo"
kill_probability = 0.3
source = "anpo assumption"
""",
    settings="""
[settings]
max_warheads_per_launcher = 1
""",
    extra="""
[[variants]]
id = "mad"
title = "no defense"

[[variants]]
id = "nmd"
title = "NMD"
defenses = ["nmd"]

[[uncertainties]]
name = "sspk"
target = "defenses[nmd].layers[0].sspk"
distribution = { kind = "uniform", low = 0.2, high = 0.9 }
basis = "anpo assumption: test range"

[[uncertainties]]
name = "kill"
target = "counterforce[striker=USA,basing=silo].kill_probability"
distribution = { kind = "uniform", low = 0.5, high = 0.99 }
basis = "anpo assumption: test range"
""",
)


# ------------------------------------------------------------------ report helpers


def demo_figure(values: list[float]) -> Any:
    """A small line figure of ``values`` as a report Figure."""
    from anpo.report import Figure
    from anpo.report.figures import new_figure, svg_from_matplotlib

    fig, ax = new_figure(4, 3)
    ax.plot([2001, 2010, 2025][: len(values)], values, marker="o")
    ax.set_title("demo")
    return Figure("A demo figure", svg_from_matplotlib(fig), "caption", "What it shows.", "P(x)")


def fake_provider(ctx: Any) -> list[Any]:
    """A report provider whose answer and finding are generated from a scenario input
    (launchers): two sections, one with figures, body tables and appendix tables, one that
    needs data (with a command longer than a page is wide)."""
    import numpy as np
    import pandas as pd

    from anpo.report import Figure, Finding, Section, Table

    scen = ctx.scenarios[0]
    launchers = sum(f.launchers for f in scen.forces if f.actor == "CHN")
    share = launchers / (launchers + 100)
    answer = (
        f"China fields {launchers} launchers in this scenario, so it keeps "
        f"{'most' if share > 0.5 else 'less than half'} of the force pool."
    )
    big = pd.DataFrame({"year": np.repeat([2001.0, 2025.0], 20), "p": np.linspace(0, 1, 40)})
    wide = pd.DataFrame(
        {f"measure {k}": np.linspace(k, k + 1, 60) + 1e-17 for k in range(12)}
        | {"note": [f"row {i}: a longer explanation of the row" for i in range(60)]}
    )
    return [
        Section(
            id="fake-one",
            title="A fake section",
            question="Is it fake?",
            model="A test model.",
            answer=answer,
            caveat="Only a test.",
            findings=[
                Finding(
                    "How many launchers?",
                    answer,
                    f"{launchers} launchers (range {launchers - 1}-{launchers + 1})",
                    "High: counted from the input.",
                )
            ],
            figures=[demo_figure([0.1, 0.5, 0.9]), Figure("Empty", "", "nothing")],
            tables=[
                Table("Small", pd.DataFrame({"year": [2001.0], "p_arrive_ge_1": [1.831e-25]})),
                Table("Too big for the body", big),
            ],
            appendix=[
                Table("Everything", big, name="fake-all"),
                Table("Wide and long", wide, name="fake-wide"),
            ],
            sources=["A source."],
            assumptions=["Shared assumption.", "Own assumption."],
            notes=["Run `anpo data add DIR` first; 周辺事態 is Japanese."],
            data_vintage=["COW NMC v6.0"],
            summary=pd.DataFrame({"year": [2001.0], "value": [0.1 + 0.2]}),
        ),
        Section(
            id="fake-two",
            title="A section that needs data",
            question="Who?",
            model="Another model.",
            answer="It cannot say without data.",
            needs_data=True,
            commands=[
                "anpo data add ~/Downloads/cow",
                "anpo data add " + " ".join(f"dataset-number-{k}.csv" for k in range(12)),
            ],
            assumptions=["Shared assumption."],
            sources=["A source."],
        ),
    ]


def busy_figure() -> Any:
    """A matplotlib figure with lines, markers and filled contours (the SVG compaction tests)."""
    import numpy as np

    from anpo.report.figures import new_figure

    fig, ax = new_figure(6, 4)
    x = np.linspace(0, 10, 400)
    for k in range(3):
        ax.plot(x, np.sin(x + k) + k, label=f"series {k}")
        ax.plot(x[::20], np.cos(x[::20] + k), "o", ms=4)
    xx, yy = np.meshgrid(np.linspace(0, 10, 120), np.linspace(-1, 3, 80))
    ax.contourf(xx, yy, (xx > 5) * 1.0 + (yy > 1), levels=[-0.5, 0.5, 1.5, 2.5], alpha=0.3)
    ax.set_title("busy")
    return fig


# A scenario whose rival (North Korea) has ``rvs`` single-warhead missiles that all survive the
# defender's first strike (survivable fraction 1), aimed at a homeland defended by one layer
# firing one interceptor per RV with kill probability ``sspk``: P(at least one warhead arrives)
# is then 1 - sspk ** rvs. Variant ``defended``; ``extra`` TOML is appended (more variants,
# uncertainties).
_ONE_LAYER = """
schema_version = 1
[scenario]
id = "{scenario_id}"
title = "{scenario_id}"
year = 2019
date = 2019-06-01

[[actors]]
id = "USA"
name = "United States"

[[actors]]
id = "PRK"
name = "North Korea"

[[forces]]
id = "us-mm3"
actor = "USA"
name = "Minuteman III"
basing = "silo"
missile_class = "ICBM"
launchers = 400
warheads_per_launcher = 1
survivable_fraction = 0.0
reaches = ["PRK"]
source = "FAS 2019"

[[forces]]
id = "kp-icbm"
actor = "PRK"
name = "ICBMs"
basing = "road-mobile"
missile_class = "ICBM"
launchers = {rvs}
warheads_per_launcher = 1
survivable_fraction = 1.0
reaches = ["USA"]
source = "the publication's attack"

[[counterforce]]
striker = "USA"
basing = "road-mobile"
kill_probability = 0.9
source = "irrelevant: every launcher survives"

[[counterforce]]
striker = "PRK"
basing = "silo"
kill_probability = 0.0
source = "no counterforce"

[[defenses]]
id = "{defense_id}"
owner = "USA"
name = "the publication's defense"
source = "the publication"

[[defenses.layers]]
name = "one interceptor per missile"
engages = ["ICBM"]
interceptors = {rvs}
sspk = {sspk}
shots = 1
covers = ["USA"]
source = "the publication's effectiveness against one missile"

[[damage]]
actor = "USA"
w80 = 400
source = "anpo default curve"

[[damage]]
actor = "PRK"
w80 = 20
source = "anpo default curve"

[[dyads]]
defender = "USA"
rival = "PRK"
label = "{label}"

[[variants]]
id = "defended"
title = "defended"
defenses = ["{defense_id}"]
"""


def one_layer_scenario(
    rvs: int,
    sspk: float,
    *,
    scenario_id: str = "one-layer",
    defense_id: str = "defense",
    label: str = "check",
    extra: str = "",
) -> str:
    """The text of :data:`_ONE_LAYER` for these numbers and ids, with ``extra`` appended."""
    text = _ONE_LAYER.format(
        rvs=rvs, sspk=sspk, scenario_id=scenario_id, defense_id=defense_id, label=label
    )
    return text + extra


# dup-ok: a test builder's keyword parameters, alike only in shape to
# anpo.deterrence.defense.decoy_engagement's.
def force_component(
    fid: str,
    actor: str,
    n: int,
    w: int,
    sigma: float = 0.0,
    basing: str = "silo",
    reaches: Sequence[str] = ("B",),
    posture: str = "alert",
    d: int = 0,
    cls: str = "ICBM",
) -> Any:
    """A validated :class:`anpo.scenario.schema.ForceComponent` for exchange tests: ``n``
    launchers of ``w`` warheads, survivable fraction ``sigma``, reaching ``reaches``."""
    from anpo.scenario.schema import ForceComponent

    return ForceComponent(
        id=fid,
        actor=actor,
        name=fid,
        basing=basing,
        missile_class=cls,
        launchers=n,
        warheads_per_launcher=w,
        survivable_fraction=sigma,
        posture=posture,
        reaches=list(reaches),
        decoys_per_rv=d,
        source="test",
    )


class ExponentialCurve:
    """A damage curve for exchange tests: the exponential model, 80% of value destroyed by
    ``w80`` warheads (what :class:`anpo.deterrence.exchange.Side` reads of a curve)."""

    model = "exponential"

    def __init__(self, w80: float) -> None:
        self.w80 = w80


def exchange_side(
    actor: str,
    forces: Sequence[Any],
    pk: dict[str, float] | None = None,
    layers: Sequence[Any] = (),
    w80: float = 300.0,
    name: str = "",
) -> Any:
    """An :class:`anpo.deterrence.exchange.Side` for exchange tests: ``forces`` (see
    :func:`force_component`), counterforce kill probabilities ``pk`` by basing (default silo
    0.8, road-mobile 0.7, sea 0.9, bomber 0.95) and an :class:`ExponentialCurve`."""
    from anpo.deterrence import exchange as x

    return x.Side(
        actor=actor,
        forces=tuple(forces),
        layers=tuple(layers),
        counterforce=pk or {"silo": 0.8, "road-mobile": 0.7, "sea": 0.9, "bomber": 0.95},
        damage=ExponentialCurve(w80),
        name=name or actor,
    )


#: A one-value parametrization for the schemathesis tests (``@schema.parametrize()`` then this):
#: under pytest 9.2 schemathesis 4.32 gives each endpoint's test the bare function's node id
#: (pytest builds it from ``originalname`` and the call's parameters, and schemathesis puts the
#: endpoint only in ``name``), so pytest-xdist ran one endpoint of 18. With a parameter the
#: endpoint is part of the node id under every pytest ("test[GET /api/health][fuzz]"); the
#: conftest refuses duplicate node ids, so a change that loses it again stops the run.
ONE_ID_PER_ENDPOINT = pytest.mark.parametrize("run", ["fuzz"])


def api_fuzz_schema(*, coverage: bool) -> tuple[Any, Any, list[Any]]:
    """The app, its schemathesis schema and the checks of the API fuzz runs (the default run in
    tests/test_web_fuzz.py without schemathesis' coverage phase, the long run in
    tests/test_web_fuzz_long.py with it). Imports schemathesis: call it after importorskip."""
    import schemathesis
    from schemathesis.checks import (
        content_type_conformance,
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
    )

    from anpo.web.app import create_app
    from anpo.web.security import LOOPBACK_HOSTS

    # in-process requests carry Host: testserver; the time limit leaves room for the first call
    # of a kernel, which compiles it when numba's cache is cold (a fresh clone): 30 s gave a 503
    # on a busy machine (the limit's own answer is tested in tests/test_web_api.py)
    app = create_app(time_limit=300.0, allowed_hosts=[*LOOPBACK_HOSTS, "testserver"])
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    # the coverage phase derives boundary and invalid values from each schema: two thirds of the
    # module's CPU, so the default run goes without it
    schema.config.phases.coverage.enabled = coverage
    # the client waits longer than the app's time limit (schemathesis' default, 10 s, is shorter)
    schema.config.request_timeout = 330
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]
    return app, schema, checks


def toy_war(warnum: int, side: list[int], seed: int, *, random_sizes: bool = False) -> WarCase:
    """A synthetic war case of the alignment back-test (:class:`anpo.align.backtest.WarCase`):
    random symmetric factor scores, CINC sizes 1 (``random_sizes``: uniform 0.5-2, drawn after
    the scores from the same generator)."""
    import numpy as np

    from anpo.align import backtest as bt
    from anpo.align import recipe as rc

    rng = np.random.default_rng(seed)
    n = len(side)
    scores = {}
    for k in rc.SCORE_KEYS:
        m = np.triu(rng.normal(size=(n, n)), 1)
        scores[k] = m + m.T
    cinc = rng.uniform(0.5, 2.0, n) if random_sizes else np.ones(n)
    return bt.WarCase(
        warnum=warnum,
        name=f"toy {warnum}",
        onset=1900 + warnum,
        year=1899 + warnum,
        codes=tuple(range(100, 100 + n)),
        abbs=tuple(f"S{i}" for i in range(n)),
        names=tuple(f"State {i}" for i in range(n)),
        side=np.array(side),
        switched=np.zeros(n, dtype=bool),
        excluded=(),
        scores=scores,
        sizes={"cinc": cinc, "milex": None, "equal": np.ones(n)},
        allied=np.zeros((n, n)),
    )


def doc_field_tables(page: Path) -> dict[str, list[dict[str, str]]]:
    """The ``| `field` | meaning |`` tables of a documentation page, by the heading they are
    under (its text without the ``#``s): heading -> the tables in order, each field -> meaning.
    Read by section, not as one flat dict, because a field name repeats across record types
    with different meanings (``coded`` counts state-years in one table and states in another)."""
    out: dict[str, list[dict[str, str]]] = {}
    heading = ""
    table: dict[str, str] | None = None
    for line in page.read_text("utf-8").splitlines():
        if line.startswith("#"):
            heading, table = line.lstrip("#").strip(), None
            continue
        if line.startswith("| `"):
            if table is None:
                table = {}
                out.setdefault(heading, []).append(table)
            field, meaning = line.split("|", 2)[1:]
            table[field.strip().strip("`")] = meaning.rsplit("|", 1)[0].strip()
        elif not line.startswith("|"):  # a header row ("| field |", "|---|") keeps the table
            table = None
    return out


def small_2001(
    variants: set[str],
    rivals: tuple[str, ...] = ("CHN",),
    settings: dict[str, float] | None = None,
    shares: dict[str, float] | None = None,
    **kw: bool,
) -> tuple:
    """Answers for a few 2001 variants and dyads of the book (no bands), ``settings`` changed
    as given and ``shares`` the ally strike share of the dyads with these rivals: the report
    tests' small cases."""
    from anpo.deterrence.questions import answer_case

    scen = next(s for s in book_scenarios() if s.scenario.year == 2001)
    share = shares or {}
    dyads = [
        d.model_copy(update={"ally_strike_share": share[d.rival]}) if d.rival in share else d
        for d in scen.dyads
        if d.rival in rivals
    ]
    small = scen.model_copy(
        update={
            "dyads": dyads,
            "variants": [v for v in scen.variants if v.id in variants],
            "uncertainties": [],
            "settings": scen.settings.model_copy(update=settings or {}),
        }
    )
    kw.setdefault("with_extended", False)
    return [a for c in small.cases() for a in answer_case(c, with_lua=False, **kw)], small


#: review14 F8's 7-actor instance (integer propensities, equal sizes): 2 and 3 coalitions
#: reach the same minimum, -12
F8_P = np.array(
    [
        [0, 2, 0, 0, -2, -2, -2],
        [2, 0, -2, -1, 1, 1, 1],
        [0, -2, 0, 0, -1, 0, 2],
        [0, -1, 0, 0, 1, 2, 2],
        [-2, 1, -1, 1, 0, -1, 1],
        [-2, 1, 0, 2, -1, 0, 2],
        [-2, 1, 2, 2, 1, 2, 0],
    ],
    float,
)


#: The 2001 book's “NMD C1” with the United States left 10 Minuteman III launchers (20
#: warheads): its strike back at China's forces after China strikes Japan puts fewer warheads
#: on China's DF-5A silos with the defense than without (ui30).
FEW_US_WARHEADS = {
    "scenario": "us-japan-2001",
    "variant": "nmd-c1",
    "dyad": "USA-CHN",
    "launchers": {
        "us-mm3": 10,
        **{k: 0 for k in ("us-mm3-3rv", "us-mx", "us-slbm", "us-slbm-c4", "us-bombers")},
    },
}


def undefined_csv_columns(sections: Sequence[Any]) -> list[tuple[str, str]]:
    """``(CSV file, column)`` for each column of the CSV files the report writes for
    ``sections`` whose column dictionary (``columns.csv``) gives no definition:
    :func:`anpo.report.build.undefined_columns`, the one check of every path a build takes."""
    from anpo.report.build import undefined_columns

    return undefined_columns(sections)
