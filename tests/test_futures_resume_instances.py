"""What an exploration's fingerprint covers of the alignment instance files a future reads
(fprint27).

A futures run's fingerprint hashed the future files' texts and the applied base scenarios but
not the instance files they name: an instance edited between an interrupted run and its
resumption gave one run whose first rows were computed on the old landscape and the others on
the new one (a status quo on an instance file, 8 experiments in shards of 2, the last two
shards removed, Japan's size set to 0.2: ``side_capability_share`` 0.404 in rows 0-3 and 0.528
in rows 4-7, resumed with nothing said)."""

from __future__ import annotations

import hashlib
import re
from importlib import resources
from pathlib import Path

import pytest

import anpo.explore as ex
from anpo.errors import ExploreError
from anpo.explore import store
from anpo.futures import future_files
from anpo.futures.experiment import FuturesModel
from anpo.futures.scorecard import read_instance

STATUS_QUO = next(p for p in future_files() if p.stem == "status-quo").read_text(encoding="utf-8")
BOOK_INSTANCE = (resources.files("anpo.align") / "book" / "asia_pacific_2001.toml").read_text(
    encoding="utf-8"
)
#: the size of Japan in the built-in instance, which the edits below change
JAPAN = re.compile(r'(id = "JPN"\nsize = )[0-9.e-]+')
assert JAPAN.search(BOOK_INSTANCE)
EDITED = JAPAN.sub(r"\g<1>0.2", BOOK_INSTANCE, count=1)


def _future(folder: Path, drawn: str = "") -> Path:
    """The status quo on the instance ``a.toml`` beside it (the built-in instance's text), in
    ``folder``; with ``drawn``, an uncertain input choosing the instance among those values."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.toml").write_text(BOOK_INSTANCE, encoding="utf-8")
    (folder / "b.toml").write_text(BOOK_INSTANCE, encoding="utf-8")
    text = STATUS_QUO.replace('id = "status-quo"', 'id = "mine"').replace(
        "[[alignment.changes]]", '[alignment]\ninstance = "a.toml"\n\n[[alignment.changes]]', 1
    )
    if drawn:
        text += (
            '\n[[uncertainties]]\nname = "which_instance"\ntarget = "alignment.instance"\n'
            f'distribution = {{ kind = "choice", values = {drawn} }}\n'
            'basis = "anpo assumption: a test"\n'
        )
    path = folder / "f.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _run(future: Path, out: Path) -> Path:
    read_instance.cache_clear()  # as a new `anpo explore run` process reads them
    return ex.run([future], n=8, seed=1, out=out, executor="serial", batch_size=2)


def test_an_instance_file_edited_before_a_resume_refuses_it(tmp_path: Path) -> None:
    """A run interrupted after 4 of its 8 experiments (its last two shards removed), whose
    future's ``[alignment] instance`` file is then edited, is not resumed: the refusal is the
    one of a changed future file (``differs in: fingerprint``). It resumed, and rows 0-3 held
    the old landscape's ``side_capability_share`` (0.404), rows 4-7 the new one's (0.528).
    With the file as it was, the same command completes the run."""
    future = _future(tmp_path / "sub")
    out = _run(future, tmp_path / "run")
    shards = sorted(store.list_shards(out), key=lambda s: s.path.name)
    assert len(shards) == 4
    for s in shards[2:]:
        s.path.unlink()
    (future.parent / "a.toml").write_text(EDITED, encoding="utf-8")
    with pytest.raises(ExploreError, match=r"differs in: fingerprint\)"):
        _run(future, out)
    (future.parent / "a.toml").write_text(BOOK_INSTANCE, encoding="utf-8")
    rows = ex.load(_run(future, out))
    assert sorted(rows["row"]) == list(range(8))
    assert rows["side_capability_share"].nunique() == 1


def test_a_drawn_instance_file_is_in_the_fingerprint_not_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Editing one of the instance files an uncertain input draws among (``b.toml``) changes
    the run's fingerprint; the fingerprint holds the files' contents, not their paths, so the
    same future read from another working folder (``../sub/f.toml``) has the same one."""
    future = _future(tmp_path / "sub", '["a.toml", "b.toml"]')
    before = FuturesModel.from_files([future]).fingerprint()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    relative = Path("..", "sub", "f.toml")
    assert FuturesModel.from_files([relative]).fingerprint() == before
    (future.parent / "b.toml").write_text(EDITED, encoding="utf-8")
    assert FuturesModel.from_files([relative]).fingerprint() != before


def test_a_run_on_book_instances_keeps_its_fingerprint() -> None:
    """The built-in futures read only ``book:`` instances (package data, changed with anpo's
    version, which a resumed run must share): their fingerprint is the one they had before
    instance files were hashed (the outcomes' version, the files' texts, the base scenarios),
    so existing runs of the book still resume."""
    model = FuturesModel.from_files(future_files())
    assert model.instance_digests() == []
    h = hashlib.sha256(model.OUTCOMES_VERSION.encode())
    for t in [*model.texts, *(w.scenario.model_dump_json() for w in model.parsed)]:
        h.update(hashlib.sha256(t.encode()).digest())
    assert model.fingerprint() == h.hexdigest()
