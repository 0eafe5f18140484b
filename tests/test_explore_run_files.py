"""A file a futures run reads (a base scenario, an alignment instance file) that is deleted,
made unreadable or edited while the run goes on stops the run with one user error naming the
file, the experiments stored so far kept, and the same command resumes it once the file is as
it was (explore28).

Before, a process-pool run stored each experiment that drew a deleted instance as failed
(``failed: 2 of 4 experiments ...: a.toml: no such file``, exit 0: never run again on a
resume), a worker that parsed the files anew computed rows on an edited instance, and a Dask
worker that could not parse them logged a Python traceback ("Compute Failed") on stderr before
the error."""

from __future__ import annotations

import pickle
import re
from importlib import resources
from pathlib import Path

import pytest

import anpo.explore as ex
from anpo.errors import ExploreError, FutureError
from anpo.explore import store
from anpo.explore.model import RunFilesError
from anpo.futures import future_files
from anpo.futures.experiment import FuturesModel
from anpo.futures.scorecard import read_instance

STATUS_QUO = next(p for p in future_files() if p.stem == "status-quo").read_text(encoding="utf-8")
BOOK_INSTANCE = (resources.files("anpo.align") / "book" / "asia_pacific_2001.toml").read_text(
    encoding="utf-8"
)
JAPAN = re.compile(r'(id = "JPN"\nsize = )[0-9.e-]+')
assert JAPAN.search(BOOK_INSTANCE)
EDITED = JAPAN.sub(r"\g<1>0.2", BOOK_INSTANCE, count=1)


def _future(folder: Path) -> Path:
    """The status quo on ``a.toml`` beside it, an uncertain input drawing its instance among
    ``a.toml`` and ``b.toml`` (both the built-in instance's text)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("a.toml", "b.toml"):
        (folder / name).write_text(BOOK_INSTANCE, encoding="utf-8")
    text = STATUS_QUO.replace('id = "status-quo"', 'id = "mine"').replace(
        "[[alignment.changes]]", '[alignment]\ninstance = "a.toml"\n\n[[alignment.changes]]', 1
    )
    text += (
        '\n[[uncertainties]]\nname = "which_instance"\ntarget = "alignment.instance"\n'
        'distribution = { kind = "choice", values = ["a.toml", "b.toml"] }\n'
        'basis = "anpo assumption: a test"\n'
    )
    path = folder / "f.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _run(model: FuturesModel, out: Path, executor: str, workers: int = 1) -> Path:
    read_instance.cache_clear()  # as a new `anpo explore run` process reads them
    return ex.run(model, n=4, seed=1, out=out, executor=executor, workers=workers, batch_size=1)


def _half_done(tmp_path: Path) -> tuple[Path, Path, list[Path]]:
    """A run of 4 experiments whose last two shards are removed (an interrupted run): its
    future file, its folder and the shards kept."""
    future = _future(tmp_path / "sub")
    out = _run(FuturesModel.from_files([future]), tmp_path / "run", "serial")
    shards = sorted(store.list_shards(out), key=lambda s: s.start)
    assert len(shards) == 4
    for s in shards[2:]:
        s.path.unlink()
    return future, out, [s.path for s in shards[:2]]


@pytest.mark.parametrize("change", ["deleted", "edited"])
def test_an_instance_file_gone_or_edited_in_a_run_stops_it_resumably(
    tmp_path: Path, change: str
) -> None:
    """The run resumed on a process pool after its model was read (as ``anpo explore run``
    reads the files before its workers start), ``b.toml`` then deleted or edited: the run
    stops with a :class:`~anpo.explore.model.RunFilesError` naming ``b.toml``, the 2 shards
    stored are kept as they were, and with the file as it was the same run completes with the
    rows an uninterrupted run has. Deleted, every experiment drawing it was stored as failed,
    and the run completed."""
    future, out, kept = _half_done(tmp_path)
    complete = ex.load(_run(FuturesModel.from_files([future]), tmp_path / "whole", "serial"))
    before = {p: p.read_bytes() for p in kept}
    model = FuturesModel.from_files([future])
    b = future.parent / "b.toml"
    if change == "deleted":
        b.unlink()
    else:
        b.write_text(EDITED, encoding="utf-8")
    with pytest.raises(RunFilesError) as err:
        _run(model, out, "processes", workers=2)
    said = err.value.one_line()
    # named as read: by the worker's parse (a pool started by forkserver) or by the check of
    # the files (a forked pool, whose model was parsed before)
    assert str(b) in said or f"b.toml (read as {b.resolve()})" in said, said
    assert "the 2 of 4 experiments stored are kept" in said, said
    assert {s.path for s in store.list_shards(out)} == set(kept)
    assert {p: p.read_bytes() for p in kept} == before
    b.write_text(BOOK_INSTANCE, encoding="utf-8")
    resumed = ex.load(_run(FuturesModel.from_files([future]), out, "processes", workers=2))
    assert "error" not in resumed.columns
    assert resumed.equals(complete)


def test_an_experiment_reading_an_edited_instance_stops_the_run(tmp_path: Path) -> None:
    """A worker whose model was parsed before an instance file it draws was edited (a forked
    worker, the serial executor) reads the file again for each experiment: the edited file is
    a :class:`~anpo.explore.model.RunFilesError` naming it; it was scored, the row computed on
    the edited landscape among rows computed on the old one. A file deleted is one too (it
    was an experiment's stored failure)."""
    future = _future(tmp_path / "sub")
    model = FuturesModel.from_files([future])
    model.prepare_worker()
    draws = {"theater_sspk": 0.7, "initiative_delta": 0.1, "which_instance": "b.toml"}
    assert [p.name for p in model.params] == list(draws)
    assert model.evaluate(0, draws, None)  # as it was: scored
    b = future.parent / "b.toml"
    b.write_text(EDITED, encoding="utf-8")
    with pytest.raises(RunFilesError, match="changed since the run started") as err:
        model.evaluate(0, draws, None)
    assert err.value.file == str(b)
    b.unlink()
    with pytest.raises(RunFilesError, match="no such file"):
        model.evaluate(0, draws, None)


@pytest.mark.slow  # starts a Dask cluster: seconds
def test_a_dask_worker_that_cannot_read_the_files_stops_the_run_without_a_traceback(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """On a Dask LocalCluster, whose workers parse the future files anew: the instance file
    the future names deleted after its model was read stops the run with one
    :class:`~anpo.explore.model.RunFilesError` naming it and the shards kept, and no worker
    logs a traceback ("Compute Failed") on stderr. The test of the same path on a process pool
    (in the default suite) is the one above."""
    pytest.importorskip("distributed", reason="the dask executor needs dask.distributed")
    future, out, kept = _half_done(tmp_path)
    model = FuturesModel.from_files([future])
    a = future.parent / "a.toml"
    a.unlink()
    capfd.readouterr()
    with pytest.raises(RunFilesError) as err:
        _run(model, out, "dask")
    said = err.value.one_line()
    assert f"read as {a.resolve()}: no such file" in said, said
    assert "the 2 of 4 experiments stored are kept" in said, said
    assert {s.path for s in store.list_shards(out)} == set(kept)
    assert "Traceback" not in capfd.readouterr().err


def _sent(model: FuturesModel) -> FuturesModel:
    """``model`` as a worker that parses the files anew receives it (Dask, a ``forkserver``
    pool): pickled, its parsed files left behind."""
    sent: FuturesModel = pickle.loads(pickle.dumps(model))
    assert sent._parsed is None
    return sent


@pytest.mark.parametrize("gone", ["instance", "base"])
def test_a_file_gone_before_a_worker_parses_the_files_is_said_as_a_file_problem(
    tmp_path: Path, gone: str
) -> None:
    """A worker that parses the future files anew and finds the alignment instance file or
    the base scenario file they name deleted: a :class:`~anpo.explore.model.RunFilesError`
    naming the file by its role and path (``gone or unreadable: base scenario of mine
    base.toml (read as ...)``), then what the parse raised (explore29)."""
    from anpo.scenario.load import book_files

    future = _future(tmp_path / "sub")
    base = future.parent / "base.toml"
    base.write_bytes(next(p for p in book_files() if p.stem == "us-japan-2001").read_bytes())
    text = future.read_text(encoding="utf-8")
    assert 'scenario = "book:us-japan-2001"' in text
    future.write_text(text.replace('"book:us-japan-2001"', '"base.toml"', 1), encoding="utf-8")
    sent = _sent(FuturesModel.from_files([future]))
    lost = base if gone == "base" else future.parent / "a.toml"
    lost.unlink()
    with pytest.raises(RunFilesError) as err:
        sent.prepare_worker()
    said = err.value.one_line()
    role = "base scenario" if gone == "base" else "alignment instance"
    assert (
        f"the files the run reads are not as they were when it started (gone or unreadable: "
        f"{role} of mine {lost.name} (read as {lost.resolve()})); parsing them: "
    ) in said, said


def test_a_worker_parse_failing_on_files_as_they_were_is_the_models_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker whose parse of the future files fails while every file they name is as it
    was when the run started (a worker with another anpo, say; here the parser made to
    refuse the file) is told the model's error, what the parse raised and where, not a
    :class:`~anpo.explore.model.RunFilesError`: it was said as "a worker could not read the
    run's files as they were when it started" (explore29)."""
    import anpo.futures.load

    future = _future(tmp_path / "sub")
    sent = _sent(FuturesModel.from_files([future]))

    def refuse(text: str, source: str = "", base_dir: Path | None = None) -> None:
        raise FutureError("unknown key 'novel' (a future file of another anpo)", file=source)

    monkeypatch.setattr(anpo.futures.load, "parse_future_text", refuse)
    with pytest.raises(ExploreError) as err:
        sent.prepare_worker()
    assert not isinstance(err.value, RunFilesError)
    said = err.value.one_line()
    assert (
        f"the model {sent.name} could not be prepared in a worker: its prepare raised "
        f"FutureError at {__file__}:"
    ) in said, said
    assert f"in refuse: {future}: unknown key 'novel'" in said, said
    assert "run's files" not in said and "not as they were" not in said
