"""Long commands show their progress: each one hands :func:`anpo._progress.progress_bar` the
work to do and advances it as the work is done (the display itself is rich's and is not tested
here; these tests record what the command tells the helper, never how long it takes)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import anpo._progress
import anpo.cli.align
from _support import EXPLORE_SCENARIO, catalog_env, cli, toy_war


@dataclass
class Recorded:
    """One :func:`progress_bar` block: its description, ``enabled``, the totals it was given
    and every count and message it received."""

    description: str
    total: int | None
    enabled: bool | None
    counts: list[tuple[int, int | None]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)

    def __call__(self, done: int, total: int | None = None) -> None:
        self.counts.append((done, total))

    def describe(self, message: str) -> None:
        self.messages.append(message)

    def step(self, message: str) -> None:
        self.messages.append(message)
        self.steps.append(message)

    def last_total(self) -> int | None:
        """The total as the bar last knew it (the block's, or the last call's)."""
        given = [t for _, t in self.counts if t is not None]
        return given[-1] if given else self.total


@pytest.fixture
def bars(monkeypatch: pytest.MonkeyPatch) -> list[Recorded]:
    """Every progress block a command opens, in order (the helper replaced by a recorder)."""
    seen: list[Recorded] = []

    @contextlib.contextmanager
    def recorder(
        description: str, *, total: int | None = None, enabled: bool | None = None
    ) -> Iterator[Recorded]:
        rec = Recorded(description, total, enabled)
        seen.append(rec)
        yield rec

    monkeypatch.setattr(anpo._progress, "progress_bar", recorder)
    monkeypatch.setattr(anpo.cli.align, "progress_bar", recorder)  # imported at module level
    return seen


def _scenario(tmp_path: Path) -> Path:
    path = tmp_path / "s.toml"
    path.write_text(EXPLORE_SCENARIO, encoding="utf-8")
    return path


def test_bands_counts_every_draw(bars: list[Recorded], tmp_path: Path) -> None:
    """`anpo bands`: the bar gets the number of draws and reaches it, one count per draw."""
    proc = cli("bands", str(_scenario(tmp_path)), "--draws", "5", "--no-reaction")
    assert proc.returncode == 0, proc.stderr
    (bar,) = bars
    assert bar.last_total() == 5
    assert [done for done, _ in bar.counts] == [0, 1, 2, 3, 4, 5]
    assert bar.messages == ["bands: mini: point estimates", "bands: mini: 5 draws"]


def test_bands_json_has_no_bar_and_pure_json(bars: list[Recorded], tmp_path: Path) -> None:
    """`anpo bands --json`: stdout is JSON only, the bar is switched off."""
    proc = cli("bands", str(_scenario(tmp_path)), "--draws", "3", "--no-reaction", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["bands"]
    assert [b.enabled for b in bars] == [False]


def test_stability_counts_cases_then_curves(bars: list[Recorded], tmp_path: Path) -> None:
    """`anpo stability`: one step per variant, then one per dyad's reaction curve, named."""
    proc = cli("stability", str(_scenario(tmp_path)))
    assert proc.returncode == 0, proc.stderr
    (bar,) = bars
    # two variants, one dyad: 2 answers + 2 reaction curves
    assert bar.total == 4
    assert bar.counts == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert "variant mad" in bar.messages and "variant nmd" in bar.messages
    assert sum(m.startswith("reaction curve: ") for m in bar.messages) == 2


def test_stability_without_curves_counts_cases(bars: list[Recorded], tmp_path: Path) -> None:
    """`anpo stability --no-reaction --json`: one step per variant, the bar switched off."""
    proc = cli("stability", str(_scenario(tmp_path)), "--no-reaction", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["stability"]
    (bar,) = bars
    assert (bar.total, bar.enabled, bar.counts) == (2, False, [(1, 2), (2, 2)])


def test_extended_counts_cases(bars: list[Recorded], tmp_path: Path) -> None:
    """`anpo extended`: one step per variant."""
    proc = cli("extended", str(_scenario(tmp_path)), "--variant", "nmd")
    assert proc.returncode == 0, proc.stderr
    (bar,) = bars
    assert (bar.total, bar.counts, bar.messages) == (1, [(1, 1)], ["variant nmd"])


@pytest.fixture(scope="module")
def home(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory, catalog_store: Path
) -> dict[str, str]:
    """A catalog with what the roles need (the COW states, NMC and ATOP) and the rivalry lists
    the rival rules are validated against."""
    h = tmp_path_factory.mktemp("progress") / "home"
    files = [
        "cow/states2016.csv",
        "cow/NMC-60-abridged.csv",
        "peacesciencer/atop_alliance.csv.gz",
        "peacesciencer/td_rivalries.csv",
        "peacesciencer/tss_rivalries.csv",
    ]
    return catalog_env(h, shared_data, files, store=catalog_store)


def test_roles_over_years_counts_each_year(bars: list[Recorded], home: dict[str, str]) -> None:
    """`anpo roles --year 1990-1994`: the bar gets the five years and counts each one."""
    proc = cli("roles", "--year", "1990-1994", env=home)
    assert proc.returncode == 0, proc.stderr
    (bar,) = bars
    assert bar.total == 5
    assert bar.counts == [(0, 5), (1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]


def test_roles_of_one_year_count_it(bars: list[Recorded], home: dict[str, str]) -> None:
    """`anpo roles --year 2001`: one year to do, counted when done."""
    proc = cli("roles", "--year", "2001", env=home)
    assert proc.returncode == 0, proc.stderr
    (bar,) = bars
    assert (bar.total, bar.counts) == (1, [(0, 1), (1, 1)])


@pytest.mark.slow
def test_roles_validate_names_steps_and_counts_years(
    bars: list[Recorded], home: dict[str, str]
) -> None:
    """`anpo roles validate --years 1990-1992`: the steps are named and the bar counts the
    three years validated."""
    proc = cli("roles", "validate", "--years", "1990-1992", env=home)
    assert proc.returncode == 0, proc.stderr
    (bar,) = bars
    assert bar.enabled is None
    assert bar.counts[:4] == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert bar.messages[:2] == ["reading the catalog", "roles of the years validated"]
    assert bar.steps == bar.messages  # each step a new spinner, not beside the last count
    # the last step counts the alternative capability measures, from 0
    from anpo.relations.validate import CAPABILITY_ALTERNATIVES

    k = len(CAPABILITY_ALTERNATIVES)
    assert bar.messages[-1] == "review cases: the alternative capability measures"
    assert bar.counts[-k - 1 :] == [(i, k) for i in range(k + 1)]


@pytest.mark.slow
def test_roles_validate_all_counts_focal_states(bars: list[Recorded], home: dict[str, str]) -> None:
    """`anpo roles validate --focal all --csv`: one step per focal state, each named; no bar
    beside CSV on stdout."""
    from anpo.relations.validate import FOCAL_STATES

    proc = cli("roles", "validate", "--focal", "all", "--years", "2000-2001", "--csv", env=home)
    assert proc.returncode == 0, proc.stderr
    (bar,) = bars
    n = len(FOCAL_STATES)
    assert (bar.total, bar.enabled) == (n, False)
    assert bar.counts == [(i, n) for i in range(1, n + 1)]
    assert "rival rules relative to Japan" in bar.messages


def test_war_backtest_counts_each_war() -> None:
    """The back-test of the wars calls ``progress(done, total)`` before and after each war."""
    from anpo.align import backtest as bt

    cases = [toy_war(k, [1, 1, 2, 2], 10 + k) for k in range(3)]
    seen: list[tuple[int, int]] = []
    bt.war_backtest(cases, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_align_backtest_gives_the_bar_steps_and_counts(
    bars: list[Recorded], home: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`anpo align backtest` hands the back-test the bar: its step names and its war counts
    reach the display (the back-test itself replaced by one that reports and stops)."""
    from anpo.align import backtest as bt
    from anpo.errors import AlignError

    def run(get: object, **kwargs: object) -> None:
        kwargs["progress"]("wars, data of the year before onset")  # type: ignore[operator]
        kwargs["count"](1, 2)  # type: ignore[operator]
        raise AlignError("stopped here")

    monkeypatch.setattr(bt, "run", run)
    proc = cli("align", "backtest", env=home)
    assert proc.returncode == 2 and "stopped here" in proc.stderr
    (bar,) = bars
    assert bar.messages == ["wars, data of the year before onset"]
    assert bar.steps == bar.messages  # each step a new spinner, not beside the last count
    assert bar.counts == [(1, 2)]


def test_futures_compare_counts_each_future(bars: list[Recorded]) -> None:
    """`anpo futures compare A B`: the bar gets the two futures and counts each, named."""
    proc = cli("futures", "compare", "status-quo", "nixon-pattern")
    assert proc.returncode == 0, proc.stderr
    (bar,) = bars
    assert (bar.total, bar.counts) == (2, [(1, 2), (2, 2)])
    assert bar.messages == ["future status-quo", "future nixon-pattern"]


def test_align_sensitivity_names_its_steps(bars: list[Recorded]) -> None:
    """`anpo align sensitivity FILE`: a spinner naming the weight paths, then the size
    measures; none beside --json."""
    proc = cli("align", "sensitivity", "book:asia_pacific_2001")
    assert proc.returncode == 0, proc.stderr
    (bar,) = bars
    assert bar.description == "factor contributions"
    assert bar.messages[0].startswith("sides along each of ")
    assert bar.messages[-1] == "sides under each size measure"
    proc = cli("align", "sensitivity", "book:asia_pacific_2001", "--json")
    assert json.loads(proc.stdout)["stable_ranges"]
    assert bars[-1].enabled is False


def test_burden_japan_names_its_steps(bars: list[Recorded]) -> None:
    """`anpo burden japan` (no SIPRI data: no exploitation test): a spinner while the data are
    read, then naming the reading; none beside --json."""
    proc = cli("burden", "japan")
    assert proc.returncode == 0, proc.stderr
    (bar,) = bars
    assert (bar.description, bar.messages, bar.enabled) == (
        "reading the data",
        ["the reading"],
        None,
    )
    proc = cli("burden", "japan", "--json")
    assert json.loads(proc.stdout)["reading"]
    assert bars[-1].enabled is False


def test_a_long_step_name_leaves_the_count_readable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """On an 80-column terminal a long step name is cut short with an ellipsis; the count
    beside it stays whole (it was squeezed to '2…')."""
    import re

    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich draws as on a terminal
    with anpo._progress.progress_bar("x", total=28, enabled=True) as bar:
        bar.describe("reaction curve: nmd-limited-china-low, U.S.-North Korea, and more words")
        bar(28, 28)
    err = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", capsys.readouterr().err)
    assert "28/28" in err
    assert "reaction curve: " in err and "…" in err


def test_a_spinner_shows_no_count_and_no_time_left(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a total (one step, named) the display has the step and the elapsed time, not a
    count of '0/?' nor an empty estimate of the time left; a count appears with its total."""
    import re

    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("FORCE_COLOR", "1")
    with anpo._progress.progress_bar("solving", enabled=True) as bar:
        bar.describe("solving for the global minimum")
    err = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", capsys.readouterr().err)
    assert "solving for the global minimum" in err and "0:00:0" in err
    assert "/?" not in err and "ETA" not in err
    with anpo._progress.progress_bar("counting", enabled=True) as bar:
        bar(3, 7)
    err = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", capsys.readouterr().err)
    assert "3/7" in err and "ETA" in err


def test_serve_warm_up_names_its_steps(
    bars: list[Recorded], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`anpo serve`: the warm-up before the first request runs under a spinner that names
    what is being compiled (the warm-up and the server replaced by ones that return)."""
    pytest.importorskip("uvicorn")
    import anpo.cli.web
    import anpo.web.warm

    monkeypatch.setattr(
        anpo.web.warm, "warm_up", lambda progress, explore_dir=None: progress("compiling X")
    )
    monkeypatch.setattr(anpo.cli.web, "_serve", lambda app, sock: None)
    proc = cli("serve", "--port", "0", "--no-precompute")
    assert proc.returncode == 0, proc.stderr
    (bar,) = bars
    assert (bar.description, bar.messages) == ("compiling the models", ["compiling X"])
    assert "anpo serve: http://127.0.0.1:" in proc.stderr


@pytest.mark.slow
def test_warm_up_names_each_step(monkeypatch: pytest.MonkeyPatch) -> None:
    """The warm-up names the models it compiles, then the futures' scorecard; it compiles the
    alignment searches and the exact solver too (the kernels a budgeted search would otherwise
    compile on a request)."""
    pytest.importorskip("uvicorn")
    from anpo.align import exact, heuristics
    from anpo.web.warm import warm_up

    said: list[str] = []
    monkeypatch.setattr(heuristics, "warm_up", lambda two=None: said.append("(heuristics)"))
    monkeypatch.setattr(exact, "warm_up", lambda two=None: said.append("(exact)"))
    warm_up(progress=said.append)
    # the scorecard's budgeted searches call the (here uncached) warm-ups again
    assert said[: said.index("the futures' scorecard") + 1] == [
        "compiling the deterrence models",
        "compiling the alignment models",
        "compiling the alignment searches (tabu, annealing)",
        "(heuristics)",
        "compiling the exact alignment solver",
        "(exact)",
        "the futures' scorecard",
    ]


@pytest.fixture(scope="module")
def recipe_home(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory, catalog_store: Path
) -> dict[str, str]:
    """A catalog with the datasets of the alignment recipe's first version."""
    h = tmp_path_factory.mktemp("progress-recipe") / "home"
    files = [
        "cow/states2016.csv",
        "cow/NMC-60-abridged.csv",
        "peacesciencer/atop_alliance.csv.gz",
        "peacesciencer/tss_rivalries.csv",
        "peacesciencer/cow_mid_dirdisps.csv",
        "cow/contdird.csv",
        "unga/IdealpointsJuly2025.csv",
        "democracy/cw_democracy.csv",
    ]
    return catalog_env(h, shared_data, files, store=catalog_store)


@pytest.mark.slow
def test_align_build_shows_its_steps(
    bars: list[Recorded], recipe_home: dict[str, str], tmp_path: Path
) -> None:
    """`anpo align-build`: a spinner while the catalog is read, another while the instance is
    built; none beside --json."""
    out = tmp_path / "ap.toml"
    rec = ("--recipe", "anpo-align-recipe/1")  # the recipe whose data the catalog holds
    states = ("--year", "2001", "--states", "USA,JPN,CHN")
    proc = cli("align-build", *states, "--out", str(out), *rec, env=recipe_home)
    assert proc.returncode == 0, proc.stderr
    assert [(b.description, b.enabled) for b in bars] == [
        ("reading the catalog", None),
        ("building the instance of 3 states", None),
    ]
    proc = cli("align-build", *states, "--json", *rec, env=recipe_home)
    assert json.loads(proc.stdout)
    assert [b.enabled for b in bars[2:]] == [False, False]


def test_burden_test_counts_the_years(bars: list[Recorded], shared_data: Path) -> None:
    """`anpo burden test --year 1990-1992`: the bar gets the three years and counts each."""
    sipri = shared_data / "sipri" / "SIPRI-Milex-excerpt-1948-2023.xlsx"
    proc = cli("burden", "test", "--alliance", "nato", "--year", "1990-1992", "--sipri", str(sipri))
    assert proc.returncode == 0, proc.stderr
    (bar,) = bars
    assert (bar.description, bar.total) == ("exploitation tests", 3)
    assert bar.counts == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_defense_computes_under_a_spinner(bars: list[Recorded]) -> None:
    """`anpo defense`: the engagement is computed under a spinner (the first run after an
    install compiles the models); none beside --json."""
    proc = cli("defense", "--rvs", "10", "--sspk", "0.8", "--sls", "1,1")
    assert proc.returncode == 0, proc.stderr
    proc = cli("defense", "--rvs", "10", "--sspk", "0.8", "--json")
    assert json.loads(proc.stdout)["engagement"] == "salvo"
    assert [(b.description, b.enabled) for b in bars] == [
        ("computing the engagement", None),
        ("computing the engagement", False),
    ]


def test_report_backtest_names_the_back_test_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """The report's back-test section hands the back-test its step callback, each step
    prefixed (the catalog and the back-test replaced by ones that answer and stop)."""
    import pandas as pd

    from anpo.align import backtest as bt
    from anpo.align.report import _backtest_run
    from anpo.errors import AlignError
    from anpo.report.sections import ReportContext

    class Everything:
        def read_or_none(self, kind: str) -> pd.DataFrame:
            return pd.DataFrame()

    def run(get: object, **kwargs: object) -> None:
        kwargs["progress"]("wars, data of the year before onset")  # type: ignore[operator]
        raise AlignError("stopped here")

    monkeypatch.setattr(ReportContext, "catalog", lambda self: Everything())
    monkeypatch.setattr(bt, "run", run)
    said: list[str] = []
    section, _ = _backtest_run(ReportContext(scenarios=[], progress=said.append))
    assert section.needs_data
    assert said == [
        "alignment: back-test against history",
        "back-test: wars, data of the year before onset",
    ]


def test_a_second_count_on_one_bar_starts_its_clock_again() -> None:
    """rich keeps a finished task's clock stopped and its estimate at 0 when a new count starts
    on it with the same total (the back-test counts the wars of each data year on one bar): a
    count that goes back starts the task again."""
    with anpo._progress.progress_bar("x", total=3, enabled=True) as bar:
        bar(3, 3)
        display = bar._display
        assert display.tasks[0].finished
        bar(0, 3)
        task = display.tasks[0]
        assert not task.finished and task.completed == 0 and task.finished_time is None


def test_a_new_step_drops_the_last_count() -> None:
    """``bar.step(message)``: a step between counts ('peacetime sides' after the last data
    year's wars) is a spinner of its own, not shown beside the last count's finished N/N."""
    with anpo._progress.progress_bar("x", total=4, enabled=True) as bar:
        bar(4, 4)
        bar.step("peacetime sides")
        (task,) = bar._display.tasks
        assert task.description == "peacetime sides" and task.total is None
        assert task.completed == 0
        bar(1, 2)
        assert (bar._display.tasks[0].completed, bar._display.tasks[0].total) == (1, 2)


def test_explore_run_says_it_is_starting_until_the_first_batch_lands(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`anpo explore run` sat at 0/N for seconds with nothing said: the files were read with no
    display at all, and the serial executor ran two batches (the first also loading the
    models) before the first count. Now a spinner says the files are being read, the bar says
    the run is starting until the first batch lands, and the serial run counts each batch as
    it lands (the first count after 0 is one batch, not two)."""
    events: list[tuple[str, object]] = []

    class Logged:
        def __init__(self, description: str) -> None:
            events.append(("open", description))

        def __call__(self, done: int, total: int | None = None) -> None:
            events.append(("count", done))

        def describe(self, message: str) -> None:
            events.append(("describe", message))

        def step(self, message: str) -> None:  # pragma: no cover - not used by explore run
            events.append(("step", message))

    @contextlib.contextmanager
    def recorder(
        description: str, *, total: int | None = None, enabled: bool | None = None
    ) -> Iterator[Logged]:
        yield Logged(description)

    monkeypatch.setattr(anpo._progress, "progress_bar", recorder)
    path = _scenario(tmp_path)
    out = tmp_path / "r"
    proc = cli("explore", "run", str(path), "--n", "20", "--seed", "1", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    from anpo.cli.explore import _Starting

    assert events[0] == ("open", "reading the files")
    start = events.index(("open", "experiments"))
    after = events[start + 1 :]
    counts = [v for kind, v in after if kind == "count"]
    assert after[0] == ("describe", _Starting.STARTING) and after[1] == ("count", 0)
    # 2 cases x 20 samples: a first batch of 16 (the first ones: at most 16, half of the
    # work), counted as it lands; the later ones are sized by their measured cost
    assert counts[:2] == [0, 16] and counts[-1] == 40 and counts == sorted(counts)
    first_landed = after.index(("count", 16))
    assert after[first_landed - 1] == ("describe", "experiments")
    assert [e for e in after if e[0] == "describe"] == [
        ("describe", _Starting.STARTING),
        ("describe", "experiments"),
    ]
