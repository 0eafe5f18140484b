"""The maintainer scripts under ``tools/`` that write a file refuse an existing output path
without ``--force`` (one line on standard error naming it, exit status 2), before any of their
work; the ones whose job is to regenerate a tracked file say so in ``--help`` and rewrite it.

The scripts' work (reading the shared data, a browser) is replaced by a stand-in that raises
:class:`Reached`, so each test shows whether the script got past its output check.
"""

from __future__ import annotations

import importlib
import sys
import types
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


class Reached(Exception):
    """The script got past its output check to its work."""


def _reached(*_: Any, **__: Any) -> Any:
    raise Reached


def _tool(name: str, monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    monkeypatch.syspath_prepend(str(ROOT / "tools"))
    return importlib.import_module(name)


def _run(mod: types.ModuleType, argv: list[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(sys, "argv", [f"{mod.__name__}.py", *argv])
    return mod.main()


def _refused(
    mod: types.ModuleType,
    argv: list[str],
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``argv`` is refused with exit 2 and one line naming ``out``, which is left as it was."""
    before = out.read_bytes()
    with pytest.raises(SystemExit) as exc:
        _run(mod, argv, monkeypatch)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(out) in err and "--force" in err, err
    assert out.read_bytes() == before


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    out = tmp_path / "out.txt"
    out.write_text("keep me\n", encoding="utf-8")
    return out


# (script, its work to stand in for, the arguments naming the output before "--force")
CASES = [
    ("fit_roles", "_inputs", ["--csv"]),
    ("align_variants", "run", ["--json"]),
    ("roles_window", "Catalog", ["--json"]),
    ("law_grid", "_boundaries", ["dump"]),
]


@pytest.mark.parametrize(("script", "work", "flag"), CASES)
def test_an_existing_output_is_refused_without_force(
    script: str,
    work: str,
    flag: list[str],
    existing: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each script that writes a file: an existing output path is refused before its work; with
    ``--force``, or with a path that does not exist, the script goes on to its work."""
    mod = _tool(script, monkeypatch)
    stand_in = types.SimpleNamespace(open=_reached) if work == "Catalog" else _reached
    monkeypatch.setattr(mod, work, stand_in)
    _refused(mod, [*flag, str(existing)], existing, monkeypatch, capsys)
    with pytest.raises(Reached):
        _run(mod, [*flag, str(existing), "--force"], monkeypatch)
    with pytest.raises(Reached):
        _run(mod, [*flag, str(existing.with_name("new.txt"))], monkeypatch)


def test_a_folder_as_output_is_refused_even_with_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder given as the output is refused before the work, with ``--force`` too (it
    ended in a traceback after the whole run), as the CLI refuses one."""
    mod = _tool("law_grid", monkeypatch)
    monkeypatch.setattr(mod, "_boundaries", _reached)
    with pytest.raises(SystemExit) as exc:
        _run(mod, ["dump", str(tmp_path), "--force"], monkeypatch)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(tmp_path) in err and "directory" in err, err


def test_align_book_rewrites_its_tracked_folder_and_guards_any_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """align_book.py regenerates the tracked book without ``--force``; into another folder an
    instance file of the same name is refused without it and rewritten with it."""
    mod = _tool("align_book", monkeypatch)
    monkeypatch.setattr(mod, "build", lambda _data: {"asia_pacific_2001": "x = 1\n"})
    book, other = tmp_path / "book", tmp_path / "other"
    for folder in (book, other):
        folder.mkdir()
        (folder / "asia_pacific_2001.toml").write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(mod, "BOOK", book)
    _run(mod, [], monkeypatch)
    assert (book / "asia_pacific_2001.toml").read_text(encoding="utf-8").endswith("x = 1\n")
    capsys.readouterr()
    _refused(mod, ["--out", str(other)], other / "asia_pacific_2001.toml", monkeypatch, capsys)
    _run(mod, ["--out", str(other), "--force"], monkeypatch)
    assert (other / "asia_pacific_2001.toml").read_text(encoding="utf-8").endswith("x = 1\n")


def test_web_screenshot_guards_any_output_but_the_tracked_screenshot(
    existing: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """web_screenshot.py: another existing ``--out`` is refused without ``--force`` before the
    browser is started; the tracked screenshot (the default) goes on to the browser."""
    mod = _tool("web_screenshot", monkeypatch)
    fake = types.ModuleType("uvicorn")
    fake.Server = _reached  # type: ignore[attr-defined]
    fake.Config = lambda *a, **k: None  # type: ignore[attr-defined]
    sync_api = types.ModuleType("playwright.sync_api")
    sync_api.sync_playwright = _reached  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "uvicorn", fake)
    monkeypatch.setitem(sys.modules, "playwright", types.ModuleType("playwright"))
    monkeypatch.setitem(sys.modules, "playwright.sync_api", sync_api)
    _refused(mod, ["--out", str(existing)], existing, monkeypatch, capsys)
    tracked = existing.with_name("anpo-serve.png")
    tracked.write_bytes(b"png")
    monkeypatch.setattr(mod, "SCREENSHOT", tracked)
    with pytest.raises(Reached):
        _run(mod, [], monkeypatch)
    with pytest.raises(Reached):
        _run(mod, ["--out", str(existing), "--force"], monkeypatch)


@pytest.mark.parametrize(
    "script", ["align_backtest_readme", "align_book", "roles_window", "roles_focal_table"]
)
def test_the_regenerating_scripts_say_so_in_their_help(
    script: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The scripts whose job is to rewrite a tracked file say in ``--help`` that they need no
    ``--force`` for it."""
    mod = _tool(script, monkeypatch)
    with pytest.raises(SystemExit) as exc:
        _run(mod, ["--help"], monkeypatch)
    assert exc.value.code == 0
    out = " ".join(capsys.readouterr().out.replace("`", "").split())
    assert "no --force" in out and "tracked" in out, out
