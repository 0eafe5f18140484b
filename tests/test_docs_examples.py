"""The examples in README.md and docs/**/*.md are executed as tests.

Rules (documented for writers in docs/how-to/cite.md, "Examples are tests"):

- Every fenced ``python`` block runs. The blocks of one file share one namespace and run in order,
  like a reader going through the page. A block of ``>>>`` lines is a doctest: its printed output
  is compared (ELLIPSIS and NORMALIZE_WHITESPACE on), so a number shown there is checked.
- Every ``anpo ...`` line of a fenced ``bash`` block runs in-process through typer's CliRunner in
  an empty temporary folder with an empty, private ``ANPO_HOME``, and must exit 0. Not run: a
  synopsis line (one with ``[--option]`` brackets or an upper-case placeholder such as ``FILE``),
  and a line whose trailing comment starts with ``# needs`` (it needs a dataset or a file of the
  reader's own).
- An HTML comment ``<!-- test: skip REASON -->`` on the line before a fence skips the block;
  ``<!-- test: slow -->`` marks the block slow: the default run leaves it out, and a second test
  of the file, marked slow (CI's slow step), runs every block. A page whose unmarked examples
  take seconds is listed in :data:`SLOW_PAGES` and runs in the slow step only, once, every block
  (the README, for one); ``<!-- test: requires MODULE -->``
  runs the block only when MODULE can be imported (a capability still landing, or an optional
  extra), so the block starts running by itself when the module arrives.
- Every ``anpo ...`` command a page shows, run or not (a code span of the prose, a skipped
  block's line, a synopsis), must name commands and options that exist: asked for its help with
  the same words, anpo exits 0 (:func:`test_shown_commands_exist`); every qualified name
  (`anpo.x.y`) and repository path a page gives exists (:func:`test_named_things_exist`).
- A block closes on a line of backticks alone, as in Markdown (text after them leaves the block
  open on the site); the roles tutorial's blocks that need the datasets run in the slow step on
  a catalog of the shared data.
"""

from __future__ import annotations

import doctest
import importlib.util
import re
import shlex
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]

_FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>[\w+-]*)[^\n]*$")
_MARK = re.compile(r"<!--\s*test:\s*(?P<what>skip|slow|requires)\b(?P<why>[^>]*)-->")


@dataclass
class Block:
    path: Path
    line: int  # 1-based line of the opening fence
    lang: str
    code: str
    skip: str | None  # reason, when marked
    slow: bool = False


def blocks(path: Path) -> list[Block]:
    """The fenced code blocks of a Markdown file, with their skip markers."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out: list[Block] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, lang, start = len(m.group("indent")), m.group("lang").lower(), i
        body: list[str] = []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith("```"):
            body.append(lines[i][indent:])
            i += 1
        if i < len(lines) and lines[i].strip().rstrip("`"):
            # Markdown closes a fence only with a line of backticks alone: "``` That is ..."
            # leaves the block open on the site while an extractor closing it here would pass
            raise ValueError(f"{path}:{i + 1}: a closing fence with text after it")
        prev = lines[start - 1] if start > 0 else ""
        mark = _MARK.search(prev)
        skip = None
        if mark and mark.group("what") == "skip":
            skip = mark.group("why").strip() or "marked skip"
        slow = bool(mark and mark.group("what") == "slow")
        if mark and mark.group("what") == "requires":
            module = mark.group("why").strip()
            if importlib.util.find_spec(module.split(".")[0]) is None or not _importable(module):
                skip = f"requires {module}"
        out.append(Block(path, start + 1, lang, "\n".join(body) + "\n", skip, slow))
        i += 1
    return out


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


RUNNABLE = {"python", "py", "pycon", "bash", "sh", "console", "shell"}


#: Pages whose unmarked examples take seconds (measured with ``--durations``, 2026-12-03, on
#: the shared 2-core machine): every example of these runs in the slow step only, in one pass,
#: as the default suite keeps no call of 1.5 s or more. Every other page's unmarked examples
#: run in the default suite too (well under a second each).
SLOW_PAGES: dict[str, str] = {
    "README.md": "anpo stability, extended and bands on book cases (about 20 s)",
    "docs/how-to/serve-app.md": "builds the web app twice (about 7 s)",
    "docs/how-to/write-scenario.md": "reads and validates a book file three times (about 3 s)",
    "docs/tutorial/alignment.md": "every configuration of the 2001 instance, twice (about 2 s)",
    "docs/how-to/load-data.md": "anpo data kinds and anpo data list (about 2 s)",
    "docs/index.md": "anpo --help and anpo scenarios (about 1.5 s)",
}


def _params() -> list[object]:
    out = []
    for path in DOC_FILES:
        name = path.relative_to(ROOT).as_posix()
        found = blocks(path)
        if not {b.lang for b in found} & RUNNABLE:
            continue
        runnable = [b for b in found if b.lang in RUNNABLE and b.skip is None]
        slow = any(b.slow for b in runnable)
        if name in SLOW_PAGES:
            # the slow step only, every block in one pass (not the unmarked ones twice)
            out.append(pytest.param(path, True, marks=pytest.mark.slow, id=f"{name}-all"))
            continue
        # a page whose every runnable example is slow runs in the slow pass only (a fast
        # parameter would only skip); a page with none keeps its fast one, which says so
        if not slow or any(not b.slow for b in runnable):
            out.append(pytest.param(path, False, id=name))
        if slow:
            out.append(pytest.param(path, True, marks=pytest.mark.slow, id=f"{name}-all"))
    return out


def test_quick_pages_run_in_the_default_suite() -> None:
    """The examples of a page not in :data:`SLOW_PAGES` run in the default suite (the rule the
    README and docs/how-to/cite.md state: only a block marked slow waits for the slow step), and
    every page named there exists and has examples to run."""
    assert not any(m.name == "slow" for m in getattr(test_examples_run, "pytestmark", []))
    ids = {p.id: p for p in _params()}  # type: ignore[attr-defined]
    quick = [
        path.relative_to(ROOT).as_posix()
        for path in DOC_FILES
        if any(b.lang in RUNNABLE and b.skip is None and not b.slow for b in blocks(path))
        and path.relative_to(ROOT).as_posix() not in SLOW_PAGES
    ]
    assert quick, "no page has a quick example"
    for name in quick:
        assert name in ids and not ids[name].marks, f"{name}: its examples wait for the slow step"
    for name in SLOW_PAGES:
        assert f"{name}-all" in ids, f"SLOW_PAGES names {name}, which has no example to run"


def commands(code: str) -> list[tuple[int, list[str]]]:
    """``(offset, argv)`` for each ``anpo ...`` line that the rules say to run."""
    out: list[tuple[int, list[str]]] = []
    lines = code.splitlines()
    i = 0
    while i < len(lines):
        offset, line = i, lines[i]
        while line.rstrip().endswith("\\") and i + 1 < len(lines):
            i += 1
            line = line.rstrip()[:-1] + " " + lines[i].strip()
        i += 1
        text = line.strip().removeprefix("$ ")
        if not text.startswith("anpo ") and text != "anpo":
            continue
        command, _, comment = text.partition(" #")
        if comment.strip().startswith("needs") or re.search(r"\[--?\w", command):
            continue
        argv = shlex.split(command)[1:]
        if any(re.fullmatch(r"[A-Z][A-Z_]{2,}(?:\.\.\.)?", a) for a in argv):
            continue  # a synopsis with a placeholder: FILE, DIR, ...
        out.append((offset, argv))
    return out


_SPAN = re.compile(r"`(anpo(?: [^`\n]*)?)`")
_SHELL = re.compile(r"\s(?:\||>>?|&&|;)\s")


def shown_commands(path: Path) -> list[tuple[int, str]]:
    """``(line, text)`` of every ``anpo ...`` command the page shows, whether the tests run it
    or not: the code spans of its prose and each ``anpo`` line of its shell blocks (skipped
    blocks, synopses and '# needs' lines included), without the trailing comment."""
    out = [
        (n, m.group(1))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for m in _SPAN.finditer(line)
    ]
    for block in blocks(path):
        if block.lang not in {"bash", "sh", "console", "shell"}:
            continue
        lines = block.code.splitlines()
        i = 0
        while i < len(lines):
            offset, line = i, lines[i]
            while line.rstrip().endswith("\\") and i + 1 < len(lines):
                i += 1
                line = line.rstrip()[:-1].rstrip() + " " + lines[i].strip()
            i += 1
            text = line.strip().removeprefix("$ ")
            if text.startswith("anpo "):
                out.append((block.line + 1 + offset, text.partition(" #")[0].strip()))
    return out


def help_argv(text: str) -> list[str]:
    """The words of the command ``text`` shows, after ``anpo``, as given to ask for its help:
    cut at a pipe, a redirection or a second command; a synopsis's brackets and '...' dropped.

    >>> help_argv("anpo stability FILE [--variant V ...] [--json]   ")
    ['stability', 'FILE', '--variant', 'V', '--json']
    >>> help_argv('anpo data sql "SELECT 1" > out.csv'), help_argv("anpo ...")
    (['data', 'sql', 'SELECT 1'], [])
    """
    text = _SHELL.split(text)[0].replace("[", " ").replace("]", " ")
    try:
        words = shlex.split(text)
    except ValueError:  # an unbalanced quote in a span of prose
        words = text.split()
    return [w for w in words[1:] if not w.endswith("...")]


def test_rules_find_the_blocks(tmp_path: Path) -> None:
    """The extractor sees fences, markers, continuations, synopses and '# needs' lines."""
    sample = tmp_path / "sample.md"
    text = (
        "x\n<!-- test: skip needs the catalog -->\n```bash\nanpo data list\n```\n"
        "```python\n>>> 1 + 1\n2\n```\n"
        "```bash\nanpo defense --rvs 2 \\\n  --sspk 0.5   # two RVs\n"
        "anpo stability FILE [--json]\nanpo bands FILE --seed 7\n"
        "anpo align my.toml   # needs your own file\n```\n"
    )
    sample.write_text(text, encoding="utf-8")
    found = blocks(sample)
    assert [(b.lang, b.line, b.skip) for b in found] == [
        ("bash", 3, "needs the catalog"),
        ("python", 6, None),
        ("bash", 10, None),
    ]
    assert commands(found[2].code) == [(0, ["defense", "--rvs", "2", "--sspk", "0.5"])]


def test_bad_closing_fence_is_found(tmp_path: Path) -> None:
    """A closing fence with text after it is refused, naming its line; a bare one is not."""
    page = tmp_path / "page.md"
    page.write_text("```python\nx = 1\n``` Then the prose.\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"page\.md:3: a closing fence with text after it"):
        blocks(page)
    page.write_text("```python\nx = 1\n```\n\n```bash\nanpo scenarios\n```\n", encoding="utf-8")
    assert [b.lang for b in blocks(page)] == ["python", "bash"]


@pytest.mark.parametrize("path", DOC_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_closing_fences_are_bare(path: Path) -> None:
    """Every fenced block of the page closes for Markdown where it closes for these tests
    (:func:`blocks` refuses a closing fence with text after it)."""
    assert all(b.path == path for b in blocks(path))


def test_shown_commands_are_found(tmp_path: Path) -> None:
    """Spans of prose and every anpo line of a shell block, skipped or not, with its line."""
    page = tmp_path / "page.md"
    text = (
        "Run `anpo roles --print-thresholds`; `anpo.relations` is a module.\n"
        "<!-- test: skip needs the catalog -->\n```bash\nanpo roles --year 2001   # why\n"
        "anpo dyads --years 2001 \\\n  --add alliances\n```\n"
    )
    page.write_text(text, encoding="utf-8")
    assert shown_commands(page) == [
        (1, "anpo roles --print-thresholds"),
        (4, "anpo roles --year 2001"),
        (5, "anpo dyads --years 2001 --add alliances"),
    ]


@pytest.mark.parametrize("path", DOC_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_shown_commands_exist(
    path: Path,
    tmp_path: Path,
    anpo_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Every anpo command the page shows, run by :func:`test_examples_run` or not (one that
    needs a dataset or a file of the reader's, a synopsis, a command named in the prose), names
    commands and options that exist: asked for its help with the same words, anpo exits 0. A
    renamed option or command, or a group's option put before its subcommand, exits 2. A
    command ending on an option that takes a value (`anpo similarity --out`) is asked again
    with a value."""
    import typer

    import anpo.cli

    cli = typer.main.get_command(anpo.cli.app)  # built once, not once per command
    # the exit status is the answer: the help's text, costly to lay out, is not needed
    monkeypatch.setattr(cli.context_class, "get_help", lambda self: "")
    monkeypatch.chdir(tmp_path)

    def status(argv: list[str]) -> int:
        try:
            cli.main(argv, prog_name="anpo")
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else 1
        return 0

    bad = []
    for line, text in shown_commands(path):
        argv = help_argv(text)
        if not argv:
            continue
        capsys.readouterr()
        tries = [[*argv, "--help"]] + ([[*argv, "VALUE", "--help"]] if argv[-1][:2] == "--" else [])
        codes = [status(a) for a in tries]
        if all(codes):
            said = (capsys.readouterr().err.strip().splitlines() or [""])[0]
            bad.append(f"{path.relative_to(ROOT)}:{line}: {text}: exit {codes[0]}: {said}")
    assert not bad, "\n".join(bad)


#: Names a page gives as removed (the README's change notes): they must not resolve.
GONE = {"anpo.questions", "anpo.report.deterrence"}
_NAME = re.compile(r"`(anpo(?:\.\w+)+)(?=[`(\[\s])")
_PATH = re.compile(r"(?<![\w/.-])((?:src|tests|tools|benchmarks|docs|\.ci)/[\w./-]*\w)")


def _resolves(name: str) -> bool:
    """Whether the dotted name ``anpo.x.y`` is a module or an attribute of one."""
    parts = name.split(".")
    try:
        obj: object = importlib.import_module(parts[0])
    except ImportError:
        return False
    for i, part in enumerate(parts[1:], 2):
        if hasattr(obj, part):
            obj = getattr(obj, part)
            continue
        try:
            with warnings.catch_warnings():  # a page may name a deprecated alias (anpo.defense)
                warnings.simplefilter("ignore", DeprecationWarning)
                obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            return False
    return True


@pytest.mark.parametrize("path", DOC_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_named_things_exist(path: Path) -> None:
    """Every qualified name a page gives in code (`anpo.burden.reading.japan_reading`) is a
    module or an attribute of one, and every repository path it names (`tools/fit_roles.py`,
    `src/anpo/law/rules/`) is there; a name the page gives as removed (:data:`GONE`) is not."""
    bad = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for name in _NAME.findall(line):
            if _resolves(name) == (name in GONE):
                bad.append(f"{n}: {name}" + (" (given as removed)" if name in GONE else ""))
        for rel in _PATH.findall(line):
            if not (ROOT / rel).exists():
                bad.append(f"{n}: {rel}")
    assert not bad, f"{path.relative_to(ROOT)}: " + "; ".join(bad)


@pytest.mark.parametrize(("path", "with_slow"), _params())
def test_examples_run(
    path: Path, with_slow: bool, tmp_path: Path, anpo_home: Path, monkeypatch
) -> None:
    """Every python block and every runnable ``anpo`` line of the file works as shown."""
    from typer.testing import CliRunner

    import anpo.cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    namespace: dict[str, object] = {"__name__": "__docs__"}
    parser = doctest.DocTestParser()
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    ran = 0
    for block in blocks(path):
        if block.skip is not None or (block.slow and not with_slow):
            continue
        where = f"{path.relative_to(ROOT)}:{block.line}"
        if block.lang in {"python", "py", "pycon"}:
            if block.code.lstrip().startswith(">>>"):
                test = parser.get_doctest(block.code, namespace, where, str(path), block.line)
                runner = doctest.DocTestRunner(optionflags=flags)
                out: list[str] = []
                runner.run(test, out=out.append, clear_globs=False)
                namespace.update(test.globs)  # DocTest copies the globals: keep what it defined
                assert runner.failures == 0, f"{where}: doctest failed\n" + "".join(out)
            else:
                exec(compile(block.code, where, "exec"), namespace)
            ran += 1
        elif block.lang in {"bash", "sh", "console", "shell"}:
            for offset, argv in commands(block.code):
                result = CliRunner().invoke(anpo.cli.app, argv)
                assert result.exit_code == 0, (
                    f"{path.relative_to(ROOT)}:{block.line + 1 + offset}: anpo "
                    f"{shlex.join(argv)} exited {result.exit_code}\n{result.output}"
                    + (f"\n{result.exception!r}" if result.exception else "")
                )
                assert result.output.strip(), f"{where}: anpo {shlex.join(argv)} printed nothing"
                ran += 1
    if with_slow and path == ROOT / "README.md":
        _readme_exploration_floor(tmp_path)
    if ran == 0:
        pytest.skip(f"{path.relative_to(ROOT)} has no runnable example")


def _readme_exploration_floor(folder: Path) -> None:
    """The README ("The seed's futures") says of its example's exploration (``anpo explore run
    book:futures --n 64 --seed 1 --out runs/futures``, just run in ``folder`` by
    :func:`test_examples_run`): "The status quo's 7 actors on the U.S.-Japan side are the floor
    of every sample, so the example asks when the framework brings in more (`> 7`; `> 6` holds
    in every sample)". Read from that run, not a second one: no sample of any future has fewer
    actors on the side than the status quo as written (the alignment landscape's global minimum
    of ``status-quo.toml``, :func:`anpo.futures.scorecard.alignment_indicators`), some of them
    that many, every multinational-framework sample more than one fewer, and some but not all
    of them more (so ``discover --where "> 7"`` has a region to find)."""
    import anpo.explore as ex
    from anpo.futures import load_book
    from anpo.futures.scorecard import alignment_indicators

    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    shown = re.search(r"anpo explore run book:futures --n (\d+) --seed (\d+) --out (\S+)", text)
    assert shown, "the README's futures exploration example is gone: update this check"
    frame = ex.load(folder / shown.group(3))
    assert frame["case"].value_counts().eq(int(shown.group(1))).all()
    status = next(w for w in load_book() if w.future.id == "status-quo")
    base = alignment_indicators(status)["side_size"]
    assert frame["side_size"].min() == base
    framework = frame.loc[frame["case"] == "multinational-framework", "side_size"]
    assert (framework > base - 1).all()
    assert 0 < int((framework > base).sum()) < len(framework)
    assert (
        f"The status quo's {base:g} actors on the U.S.-Japan side are the floor of every "
        f"sample, so the example asks when the framework brings in more (`> {base:g}`; "
        f"`> {base - 1:g}` holds in every sample)" in text
    )
    assert f'--where "> {base:g}" --case multinational-framework' in text


#: The pages whose "needs the datasets in the catalog" blocks the slow step runs on a catalog of
#: the shared data: these in :func:`test_catalog_examples_run`, the roles tutorial's in
#: :func:`test_roles_tutorial_runs_on_a_catalog`.
CATALOG_PAGES = ("README.md", "docs/how-to/load-data.md")


@pytest.mark.slow
def test_catalog_examples_run(
    roles_home: Path, shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The examples of :data:`CATALOG_PAGES` skipped as "needs the datasets in the catalog"
    (left out by :func:`test_examples_run`) run on a catalog of the shared data (the roles
    catalog plus the alignment recipe's contiguity and democracy files): each Python block as
    written (the README's builds the 2001 Asia-Pacific instance, one actor per state), every
    ``anpo`` command of the bash blocks but ``roles validate`` without ``--years`` (every focal
    state: the slow tests of tests/test_roles_focal.py run it)."""
    import shutil

    from typer.testing import CliRunner

    import anpo.cli
    from anpo.align import recipe
    from anpo.data.catalog import Catalog

    home = tmp_path / "home"
    shutil.copytree(roles_home, home)
    cat = Catalog.open(home)
    for f in ("cow/contdird.csv", "democracy/cw_democracy.csv"):
        cat.add(shared_data / f)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANPO_HOME", str(home))
    runs = []
    for page in CATALOG_PAGES:
        path = ROOT / page
        namespace: dict[str, object] = {"__name__": "__docs__"}
        for block in blocks(path):
            if block.skip != "needs the datasets in the catalog":
                continue
            if block.lang == "python":
                exec(compile(block.code, f"{page}:{block.line}", "exec"), namespace)
                runs.append(f"{page}: python")
                continue
            for _, argv in commands(block.code):
                if argv[:2] == ["roles", "validate"] and "--years" not in argv:
                    continue
                result = CliRunner().invoke(anpo.cli.app, argv)
                assert result.exit_code == 0, f"{page}: anpo {shlex.join(argv)}\n{result.output}"
                assert result.output.strip(), f"{page}: anpo {shlex.join(argv)} printed nothing"
                runs.append(f"{page}: {shlex.join(argv)}")
        if page == "README.md":
            inst = namespace["inst"]
            assert len(inst.names) == len(recipe.ASIA_PACIFIC)  # type: ignore[attr-defined]
    assert {"README.md: python", "README.md: roles --year 2001"} <= set(runs), runs
    assert "docs/how-to/load-data.md: python" in runs, runs


def test_every_catalog_example_is_run_by_a_slow_test() -> None:
    """Every page with a block skipped as "needs the datasets in the catalog" is one the slow
    step runs on a catalog (:data:`CATALOG_PAGES`, or the roles tutorial's own test): a new page
    with such a block must be added to a test, not left unrun."""
    found = set()
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        if any(b.skip == "needs the datasets in the catalog" for b in blocks(page)):
            found.add(str(page.relative_to(ROOT)))
    assert "README.md" in found
    ran = {*CATALOG_PAGES, "docs/tutorial/roles.md"}
    assert found <= ran, sorted(found - ran)


@pytest.mark.slow
def test_roles_tutorial_runs_on_a_catalog(
    roles_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/tutorial/roles.md's examples that need the datasets in the catalog (left out by
    :func:`test_examples_run`) run on a catalog of the shared data, and the page's 2001 picture
    holds: Japan, the United Kingdom and Australia allies; China a primary strategic rival and
    Russia one "to a lesser extent"; North Korea and Iraq rogue states; relative to Japan, the U.S.
    an ally."""
    from typer.testing import CliRunner

    import anpo.cli

    path = ROOT / "docs/tutorial/roles.md"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANPO_HOME", str(roles_home))
    namespace: dict[str, object] = {"__name__": "__docs__"}
    runs = []
    for block in blocks(path):
        if block.skip != "needs the datasets in the catalog":
            continue
        if block.lang == "python":
            code = block.code.rstrip().splitlines()
            # the page's last line displays a frame in a REPL: keep it as a value
            code[-1] = "shown = " + code[-1]
            exec(compile("\n".join(code), f"{path.name}:{block.line}", "exec"), namespace)
            runs.append("python")
            continue
        for _, argv in commands(block.code):
            if argv[:2] == ["roles", "validate"] and "--years" not in argv:
                continue  # every focal state: the slow tests of tests/test_roles_focal.py
            result = CliRunner().invoke(anpo.cli.app, argv)
            assert result.exit_code == 0, f"anpo {shlex.join(argv)}\n{result.output}"
            runs.append(shlex.join(argv))
            if argv == ["roles", "--year", "2001", "--focal", "740"]:
                line = next(x for x in result.output.splitlines() if "United States" in x)
                assert "│ ally " in line, line
    assert "python" in runs and len(runs) >= 4, runs
    shown = namespace["shown"]
    role = dict(zip(shown["statenme"], shown["role"], strict=True))
    intensity = dict(zip(shown["statenme"], shown["intensity"], strict=True))
    assert {role[s] for s in ("Japan", "United Kingdom", "Australia")} == {"ally"}
    assert role["China"] == role["Russia"] == "strategic rival"
    assert (intensity["China"], intensity["Russia"]) == ("primary", "lesser")
    assert role["North Korea"] == role["Iraq"] == "rogue state"
