"""One way to do each thing (issue 16): each chore has one home in the package, and these checks
keep it so. A new exception belongs in the table of its check, with the reason.

- atomic writes: :mod:`anpo._io.files`;
- TOML inputs read into models: :mod:`anpo._io.inputs`;
- years on the command line: :mod:`anpo._io.years`;
- progress displays: :mod:`anpo._progress`;
- the alignment solvers' local-field updates: :mod:`anpo.align._kernels`;
- numbers in tables: :func:`anpo.report.format.fmt_number`;
- no hidden module state (``global``);
- tests import helpers from ``tests/_support.py``, never from another test module, and every test
  runs with a private, empty ``ANPO_HOME`` and ``HOME``.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path
from typing import Any

import pytest

from _support import ROOT

SRC = ROOT / "src" / "anpo"
TESTS = ROOT / "tests"


def _sources() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts)


#: An ``import`` or ``from`` statement naming a module that starts with ``test_`` somewhere in
#: its logical line (backslash continuations included; a dotted or relative name too): a file
#: without a match holds no such import (the names of an import are on the keyword's logical
#: line, and neither form may be parenthesised before ``import``), so only files with a match
#: need to be parsed. A match in a string or a comment only costs the parse.
_TEST_IMPORT_TEXT = re.compile(r"\b(?:import|from)\b(?:[^\n]|\\\n)*\btest_")


def _where(pattern: str, allowed: dict[str, str]) -> list[str]:
    """Source files (relative to src/anpo) whose code matches ``pattern``, less the allowed."""
    rx = re.compile(pattern)
    hits = []
    for path in _sources():
        rel = path.relative_to(SRC).as_posix()
        code = "\n".join(
            ln
            for ln in path.read_text(encoding="utf-8").splitlines()
            if not ln.lstrip().startswith("#")
        )
        if rx.search(code) and rel not in allowed:
            hits.append(rel)
    return hits


#: (what, pattern, {file: why it may}) — one home per chore
ONE_HOME = [
    ("atomic replace of a file", r"\bos\.replace\(", {"_io/files.py": "the atomic writer"}),
    (
        "TOML parsing",
        r"\btomllib\.loads?\(",
        {
            "_io/inputs.py": "the input pipeline",
            "futures/load.py": "orders and sniffs the packaged future files (no model, no error)",
            "references.py": "the bibliography's own reader (docs helper, BibliographyError)",
        },
    ),
    ("a year parser", r"def _?parse_years\(", {"_io/years.py": "the year parser"}),
    (
        "telling a scenario, future or instance file by its top-level tables",
        r"\.get\(\"(scenario|future|actor)\"\), (dict|list)\)",
        {"_io/inputs.py": "input_kinds"},
    ),
    ("a progress display", r"rich\.progress|\.status\(", {"_progress.py": "the one display"}),
    ("a dotted field path", r"def _?(dotted|field_path)\(", {"_io/inputs.py": "dotted"}),
    (
        "an alignment field update (flip or coalition move)",
        r"h\[j\] -= f \* w\[a, j\]|g\[i, old\] -= ",
        {"align/_kernels.py": "the solvers' shared numba kernels"},
    ),
    ("P(at least m) of a pmf", r"pmf\[m:\]\.sum\(\)", {"deterrence/exchange.py": "at_least"}),
    (
        "a report section's catalog",
        r"cat if cat\.exists\(\) else None",
        {"report/sections.py": "ReportContext.catalog"},
    ),
    ("the COW code range", r"\"lo\": 1, \"hi\": 999", {"data/_io.py": "CCODE"}),
]

#: Modules that change module state at run time (``global``), with the reason.
GLOBAL_STATE = {
    "explore/executors.py": "the model a worker process was started with, or why it could not "
    "load it (per process)"
}

#: Module-level containers that functions change in place, with the reason.
MODULE_STATE = {
    "_jit.py: _COMPILES": "the seconds this process's threads spent compiling kernels (per "
    "process, as numba's own cache of compiled code), which solver budgets leave out",
}


@pytest.mark.parametrize(("what", "pattern", "allowed"), ONE_HOME, ids=[w for w, _, _ in ONE_HOME])
def test_each_chore_has_one_home(what: str, pattern: str, allowed: dict[str, str]) -> None:
    hits = _where(pattern, allowed)
    assert not hits, f"{what} outside its home: {hits}"


_MUTATORS = {"setdefault", "append", "update", "clear", "pop", "add", "extend", "insert"}


def _mutated_module_containers(tree: ast.Module) -> set[str]:
    """Names of module-level dicts, lists and sets that a function changes in place."""
    containers = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        value = getattr(node, "value", None)
        if isinstance(value, ast.Dict | ast.List | ast.Set | ast.Call):
            containers |= {t.id for t in targets if isinstance(t, ast.Name)}
    found = set()
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(fn):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in containers
                and node.func.attr in _MUTATORS
            ):
                found.add(node.func.value.id)
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AugAssign | ast.Delete):
                targets = [node.target] if isinstance(node, ast.AugAssign) else node.targets
            for t in targets:
                if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name):
                    if t.value.id in containers:
                        found.add(t.value.id)
    return found


def test_no_hidden_module_state() -> None:
    """Rule sets, membership tables, name maps are values passed in (packaged ones as
    defaults, cached by functools); no function rebinds a module global or changes a
    module-level dict, list or set in place."""
    hits = []
    for path in _sources():
        rel = path.relative_to(SRC).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.Global) for n in ast.walk(tree)) and rel not in GLOBAL_STATE:
            hits.append(rel)
        hits += [f"{rel}: {name}" for name in sorted(_mutated_module_containers(tree))]
    hits = [h for h in hits if h not in MODULE_STATE]
    assert not hits, hits


def test_the_state_check_sees_a_mutated_module_dict() -> None:
    """The check above is not blind: a module-level cache filled by a function is found."""
    code = "_CACHE = {}\nLIMIT = 3\n\ndef get(k):\n    _CACHE[k] = 1\n    return LIMIT\n"
    assert _mutated_module_containers(ast.parse(code)) == {"_CACHE"}
    assert _mutated_module_containers(ast.parse("X = []\ndef f():\n    X.append(1)\n")) == {"X"}
    assert not _mutated_module_containers(ast.parse("X = []\ndef f():\n    return len(X)\n"))


def test_no_test_module_imports_another() -> None:
    """Shared helpers live in tests/_support.py (fixtures in conftest.py)."""
    bad = []
    for path in sorted(TESTS.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if not _TEST_IMPORT_TEXT.search(text):
            continue
        for node in ast.walk(ast.parse(text)):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            bad += [f"{path.name}: {n}" for n in names if n.startswith("test_")]
    assert not bad, bad


def test_the_import_check_reads_every_file_with_such_an_import() -> None:
    """The text filter of the check above skips no file holding an import of a test module:
    plain, aliased, after another name, continued on the next line, relative, dotted."""
    for code in [
        "import test_a\n",
        "import os as o, test_a as t\n",
        "import os, \\\n    test_a\n",
        "from test_a import b\n",
        "from .test_a import b\n",
        "from test_a.sub import b\n",
        "x = 1; import test_a\n",
        "def f():\n    from test_a import b\n",
    ]:
        imports = [
            n for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Import | ast.ImportFrom)
        ]
        assert imports and _TEST_IMPORT_TEXT.search(code), code
    assert not _TEST_IMPORT_TEXT.search("import os\nfrom _support import cli\ntest_a = 1\n")


def test_the_suite_never_sees_the_users_catalog_or_home(tmp_path_factory) -> None:  # noqa: ANN001
    """Every test runs with ANPO_HOME and HOME in empty folders of the run (conftest), and no
    version pins from the developer's shell."""
    from anpo.data.catalog import default_home

    home, anpo_home = Path(os.environ["HOME"]), Path(os.environ["ANPO_HOME"])
    base = tmp_path_factory.getbasetemp()
    assert base in anpo_home.parents and base in home.parents
    assert default_home() == anpo_home and not anpo_home.exists()
    assert not any(home.iterdir())
    assert "ANPO_DATA_VERSIONS" not in os.environ


def test_every_help_text_survives_rich_markup() -> None:
    """``anpo ... --help`` renders help through Rich markup, where ``[[uncertainties]]`` is a
    tag and vanished (``anpo bands --help`` said "the file's [] drawn together"): every command
    and parameter help must render to its own text (a literal bracket is escaped as ``\\[``)."""

    import typer
    from rich.text import Text

    import anpo.cli

    def walk(cmd: Any, path: str):  # noqa: ANN202
        yield path, cmd.help or ""
        for p in cmd.params:
            yield f"{path} {p.name}", getattr(p, "help", None) or ""
        for name, sub in getattr(cmd, "commands", {}).items():  # a group (typer vendors click)
            yield from walk(sub, f"{path} {name}")

    texts = list(walk(typer.main.get_command(anpo.cli.app), "anpo"))
    assert len(texts) > 100
    lost = []
    for where, text in texts:
        plain = Text.from_markup(text).plain
        if re.sub(r"\\\[", "[", text) != plain:
            lost.append((where, text[:80]))
    assert not lost, lost


def _help_tree() -> list[tuple[str, Any]]:
    """Every command and group of ``anpo`` with its path (``anpo roles validate``)."""
    import typer

    import anpo.cli

    out: list[tuple[str, Any]] = []

    def walk(cmd: Any, path: str) -> None:
        out.append((path, cmd))
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(typer.main.get_command(anpo.cli.app), "anpo")
    return out


def test_command_lists_show_one_paragraph_summaries() -> None:
    """The command lists of ``--help`` printed a docstring's line breaks as ragged lines
    (``anpo --help``: "the first problem with file, line and" / "field); ..."): every
    subcommand's summary is its help's first paragraph on one line, and says the same words."""
    tree = _help_tree()
    assert len(tree) > 30
    for path, cmd in tree[1:]:
        assert cmd.short_help, path
        assert "\n" not in cmd.short_help, path
        first = (cmd.help or "").split("\n\n")[0]
        assert cmd.short_help.split() == first.split(), path


def test_help_paragraphs_reflow_at_the_terminal_width() -> None:
    """A command's own ``--help`` printed a docstring wrapped at 100 columns as ragged lines in
    an 80-column terminal (``anpo report --help``: "...the output folder is" / "checked before
    anything is computed."): every paragraph of every help text is one line unless laid out by
    hand (a list or an indented example), and ``anpo report --help`` at 80 columns has no line
    ending mid-sentence."""
    from typer.testing import CliRunner

    import anpo.cli
    from anpo.cli import _LAID_OUT

    for path, cmd in _help_tree()[1:]:
        for para in (cmd.help or "").split("\n\n"):
            lines = para.split("\n")
            if len(lines) > 1:
                assert any(ln.startswith(_LAID_OUT) for ln in lines), (path, para[:80])
    out = CliRunner().invoke(anpo.cli.app, ["report", "--help"], env={"COLUMNS": "80"}).output
    assert "output folder is checked before anything is computed" in " ".join(out.split())
    assert not [ln for ln in out.splitlines() if ln.strip().endswith("output folder is")]


def test_help_texts_name_no_internal_issue() -> None:
    """Help is read by users, who have no access to the project's tracker: ``anpo roles
    validate --help`` promised "the cases of issue 15"."""
    said = [
        (path, text)
        for path, cmd in _help_tree()
        for text in [cmd.help or "", *(getattr(p, "help", None) or "" for p in cmd.params)]
        if re.search(r"\bissue \d", text)
    ]
    assert not said, said


def test_help_texts_carry_no_sphinx_markup() -> None:
    """Help is printed as written: ``anpo validate --help`` showed
    ":func:`anpo.scenario.uncertainty.inert_uncertainties`", a docstring's Sphinx role. No
    command's or option's help holds a role (``:func:``, ``:class:``, ...) or double
    backquotes."""
    said = [
        (path, text[:80])
        for path, cmd in _help_tree()
        for text in [cmd.help or "", *(getattr(p, "help", None) or "" for p in cmd.params)]
        if re.search(r":[a-z]+:`|``", text)
    ]
    assert not said, said


def test_user_facing_strings_name_no_tracker_issue() -> None:
    """Readers have no access to the project's tracker: the report said "the four wars named in
    the issue" and "set with the issue's cases in view", ``anpo roles validate`` printed "The
    cases of issue 15". No string a user can see (every string constant of the package that is
    not a docstring, attribute docstrings included) refers to an issue."""
    pattern = re.compile(r"\bissue \d|\bthe issue\b|\bissue's\b|\bthe issues\b", re.I)
    found = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # docstrings, attribute docstrings included: every string standing as a statement
        docstrings = {
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and pattern.search(node.value)
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]!r}")
    assert not found, found


def test_every_dup_ok_comment_gives_a_reason() -> None:
    """The README: repetition that stays says why where it stands, in a ``# dup-ok: <why>``
    comment (the ``duplicates`` tool that lists the pairs is not run here). Each marker is a
    comment of that form with a reason of a few words, not a bare tag."""
    marker = re.compile(r"dup-ok\b")
    form = re.compile(r"^\s*# dup-ok: (?P<why>.+)$")
    bad = []
    count = 0
    for path in _sources():
        for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not marker.search(ln):
                continue
            count += 1
            m = form.match(ln)
            if m is None or len(m["why"].split()) < 4:
                bad.append(f"{path.relative_to(ROOT)}:{n}: {ln.strip()[:70]}")
    assert count > 0 and not bad, bad
