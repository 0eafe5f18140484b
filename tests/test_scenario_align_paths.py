"""A scenario file's ``[align] instance`` is read as every path a future file writes is
(:func:`anpo._io.files.written_source`, fprint27): a relative path from the scenario file's
folder, ``~`` from the home folder. It was read from the working folder with no ``~``
expansion, so ``anpo report --scenario sub/s.toml`` from another folder did not find the
instance beside the scenario (or read the working folder's file of that name)."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from _support import cli
from anpo.scenario import load_scenario
from anpo.scenario.load import book_files

BOOK_INSTANCE = (resources.files("anpo.align") / "book" / "asia_pacific_2001.toml").read_text(
    encoding="utf-8"
)
#: the size of Japan in the built-in instance, which the edited copy sets to 0.2
JAPAN = re.compile(r'(id = "JPN"\nsize = )[0-9.e-]+')
assert JAPAN.search(BOOK_INSTANCE)
EDITED = JAPAN.sub(r"\g<1>0.2", BOOK_INSTANCE, count=1)


def _scenario(folder: Path, instance: str) -> Path:
    """The built-in 2001 scenario with ``[align] instance = INSTANCE``, in ``folder``."""
    base = next(p for p in book_files() if p.stem == "us-japan-2001").read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "s.toml"
    path.write_text(f'{base}\n[align]\ninstance = "{instance}"\n', encoding="utf-8")
    return path


def test_a_scenario_align_instance_is_read_beside_the_scenario(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scenario file's relative ``[align] instance`` is read from the scenario file's folder,
    as a future file's paths are: from another working folder that holds an ``a.toml`` of its
    own (the edited instance), ``../sub/s.toml`` reads ``sub/a.toml`` (the built-in
    instance's Japan); it read the working folder's file."""
    sub = tmp_path / "sub"
    _scenario(sub, "a.toml")
    (sub / "a.toml").write_text(BOOK_INSTANCE, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "a.toml").write_text(EDITED, encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    scen = load_scenario(Path("..", "sub", "s.toml"))
    assert scen.align is not None
    assert scen.align.instance == str(Path("..", "sub", "a.toml"))
    inst = scen.align.load()
    japan = inst.sizes[inst.index("JPN")]
    assert japan != 0.2
    ran = cli("validate", str(Path("..", "sub", "s.toml")))
    assert ran.returncode == 0, ran.stderr


def test_a_scenario_align_instance_from_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``~/x.toml`` in a scenario's ``[align] instance`` is read from the home folder, as in a
    future file; it was read as ``x.toml`` in a folder named ``~`` (no such file)."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "x.toml").write_text(EDITED, encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    path = _scenario(tmp_path / "sub", "~/x.toml")
    scen = load_scenario(path)
    assert scen.align is not None
    assert scen.align.instance == str(home / "x.toml")
    inst = scen.align.load()
    assert inst.sizes[inst.index("JPN")] == 0.2
