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
import importlib
import json
import re
from importlib import resources
from pathlib import Path

import pytest

import anpo.explore as ex
from _support import cli
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
    with pytest.raises(ExploreError, match=r"differs in: fingerprint \[changed since the run"):
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


def _folder_bytes(out: Path) -> dict[str, bytes]:
    """Every file of a run folder (its lock and DuckDB view too), by name, with its bytes."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_a_refused_resume_names_the_file_that_changed(tmp_path: Path) -> None:
    """``anpo explore run`` on a folder whose run read an instance file edited since
    (``b.toml``, one an input draws among) exits 2 and names that file, as the future file
    writes it and as it was read, and no other; the folder is left as it was. The refusal
    said only ``differs in: fingerprint`` (the fingerprint hashes every file together): which
    of the future file, its base scenario and its instance files had changed was the user's to
    find. The manifest records each file with its digest (explore28). Its ``.lock`` is left as
    it was too: it was rewritten with the refused process's id (explore29)."""
    future = _future(tmp_path / "sub", '["a.toml", "b.toml"]')
    out = _run(future, tmp_path / "run")
    recorded = store.read_manifest(out)["files"]  # type: ignore[index]
    assert [(f["role"], f["path"]) for f in recorded] == [
        ("future file", str(future)),
        ("base scenario of mine", "book:us-japan-2001"),
        ("alignment instance of mine", "a.toml"),
        ("alignment instance of mine", "b.toml"),
    ]
    b = future.parent / "b.toml"
    assert recorded[3]["resolved"] == str(b.resolve())
    assert recorded[3]["sha256"] == hashlib.sha256(b.read_bytes()).hexdigest()
    (out / ".lock").write_text("99999\n")  # the id of the process that ran it: another one
    before = _folder_bytes(out)
    b.write_text(EDITED, encoding="utf-8")
    read_instance.cache_clear()
    ran = cli("explore", "run", str(future), "--n", "8", "--seed", "1", "--out", str(out))
    assert ran.returncode == 2, ran.stderr
    said = " ".join(ran.stderr.split())
    assert (
        f"differs in: fingerprint [changed since the run: alignment instance of mine b.toml "
        f"(read as {b.resolve()})]); refusing to mix them" in said
    ), said
    assert "a.toml" not in said and "Traceback" not in said
    assert _folder_bytes(out) == before


def test_a_refused_resume_names_the_files_added_and_no_longer_read(tmp_path: Path) -> None:
    """A future file edited to draw its instance among other files than the run's: the
    refusal names the future file as changed, the file it now reads and the one it no longer
    reads (and the inputs, the choice's values, as before) (explore28)."""
    future = _future(tmp_path / "sub", '["a.toml", "b.toml"]')
    out = _run(future, tmp_path / "run")
    (future.parent / "c.toml").write_text(EDITED, encoding="utf-8")
    future.write_text(
        future.read_text(encoding="utf-8").replace('"b.toml"]', '"c.toml"]'), encoding="utf-8"
    )
    with pytest.raises(ExploreError) as err:
        _run(future, out)
    said = err.value.message
    sub = future.parent.resolve()
    assert (
        f"differs in: fingerprint [changed since the run: future file {future}; read now, not "
        f"by the run: alignment instance of mine c.toml (read as {sub / 'c.toml'}); read by "
        f"the run, not now: alignment instance of mine b.toml (read as {sub / 'b.toml'})], params)"
    ) in said, said


def test_a_run_that_recorded_no_files_resumes_or_is_refused_as_before(tmp_path: Path) -> None:
    """A run written before the manifest recorded its files (its ``files`` entry removed)
    still resumes when nothing changed, and is refused with the words it was refused with
    (``differs in: fingerprint``) when an instance file changed: no traceback, no file named
    (explore28)."""
    future = _future(tmp_path / "sub")
    out = _run(future, tmp_path / "run")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    del manifest["files"]
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    for s in sorted(store.list_shards(out), key=lambda s: s.path.name)[2:]:
        s.path.unlink()
    (future.parent / "a.toml").write_text(EDITED, encoding="utf-8")
    with pytest.raises(ExploreError, match=r"differs in: fingerprint\); refusing"):
        _run(future, out)
    (future.parent / "a.toml").write_text(BOOK_INSTANCE, encoding="utf-8")
    assert sorted(ex.load(_run(future, out))["row"]) == list(range(8))
    assert "files" not in store.read_manifest(out)  # type: ignore[operator]


def test_each_instance_file_is_read_and_hashed_once_where_the_model_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Making a futures model hashes each alignment instance file it names once, for both the
    fingerprint (:meth:`~anpo.futures.experiment.FuturesModel.instance_digests`) and the
    manifest's list of files (:meth:`~anpo.futures.experiment.FuturesModel.input_files`): each
    read the file's bytes and hashed them (two reads of each instance file besides the load
    check's, which parses it; two lists that an edit between the reads could make disagree).
    The fingerprint is what it was (a run made before resumes): the SHA-256 of the texts,
    the base scenarios and one ``instance of FUTURE: DIGEST`` per instance file read
    (explore29). Since perf30 the hash is of the bytes the load check read and parsed: no
    file is read again to hash it (``tests/test_futures_reads.py`` counts every read)."""
    future = _future(tmp_path / "sub", '["a.toml", "b.toml"]')
    files = {str((future.parent / n).resolve()): n for n in ("a.toml", "b.toml")}
    reads = dict.fromkeys(files.values(), 0)
    read_bytes = Path.read_bytes

    def counted(self: Path) -> bytes:
        name = files.get(str(self.resolve()))
        if name is not None:
            reads[name] += 1
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", counted)
    model = FuturesModel.from_files([future])
    assert reads == {"a.toml": 0, "b.toml": 0}
    digest = {n: hashlib.sha256((future.parent / n).read_bytes()).hexdigest() for n in reads}
    assert model.instance_digests() == [
        f"instance of mine: {digest[n]}" for n in ("a.toml", "a.toml", "b.toml")
    ]
    h = hashlib.sha256(model.OUTCOMES_VERSION.encode())
    for t in [
        *model.texts,
        *(w.scenario.model_dump_json() for w in model.parsed),
        *model.instance_digests(),
    ]:
        h.update(hashlib.sha256(t.encode()).digest())
    assert model.fingerprint() == h.hexdigest()
    assert [f["sha256"] for f in model.input_files()[2:]] == [digest["a.toml"], digest["b.toml"]]


def test_an_experiment_reads_its_instance_file_once_to_check_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An experiment's check of the instance file it draws (that it is as the run started)
    reads and hashes the file once: it read it twice (to parse it, then to hash it), and the
    scorecard a third time or more (explore29); since perf30 the scorecard scores the instance
    the check read, so that one read is the experiment's only one. The indicators are those
    of the scorecard of the same world reading the file itself."""
    scorecard = importlib.import_module(
        "anpo.futures.scorecard"
    )  # anpo.futures.scorecard: a function
    future = _future(tmp_path / "sub", '["a.toml", "b.toml"]')
    model = FuturesModel.from_files([future])
    model.prepare_worker()
    draws = {"theater_sspk": 0.7, "initiative_delta": 0.1, "which_instance": "b.toml"}
    world = model.world_for(0, draws)
    reads = []
    instance_bytes = scorecard.instance_bytes

    def counted(source: str) -> object:
        reads.append(source)
        return instance_bytes(source)

    monkeypatch.setattr(scorecard, "instance_bytes", counted)
    expected = scorecard.indicators(world)
    by_scorecard = len(reads)
    assert by_scorecard >= 1
    reads.clear()
    assert model.evaluate(0, draws, None) == expected
    assert reads == [str(future.parent / "b.toml")]
