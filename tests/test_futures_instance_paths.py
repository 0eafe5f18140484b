"""A future's ``[alignment] instance`` drawn by an uncertain input (a choice among instance
files) is read beside the future file, as the file's own ``instance`` and ``[base] scenario``
are, at the load check and in every experiment, whatever the working folder and the number of
worker processes (:func:`anpo.futures.load.instance_source`). A path from the home folder
(``~/x.toml``) in ``[base] scenario``, ``[alignment] instance`` or a drawn instance is read
there; the instance cache knows a file by its resolved path and version, not by its name;
workers whose working folder is another one compute the same rows (paths27)."""

from __future__ import annotations

import multiprocessing as mp
import os
import pickle
import re
from concurrent.futures import ProcessPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import anpo.explore as ex
from _support import cli
from anpo.errors import FutureError
from anpo.explore.executors import _init_worker, _worker_batch
from anpo.explore.model import BatchTask, Model
from anpo.explore.scenario import model_from_files
from anpo.futures import future_files, load_future
from anpo.futures.scorecard import read_instance
from anpo.scenario.load import book_files, load_scenario

STATUS_QUO = next(p for p in future_files() if p.stem == "status-quo").read_text(encoding="utf-8")
BOOK_INSTANCE = (resources.files("anpo.align") / "book" / "asia_pacific_2001.toml").read_text(
    encoding="utf-8"
)
#: the size of Japan in the built-in instance, which ``b.toml`` changes
JAPAN = re.compile(r'(id = "JPN"\nsize = )[0-9.e-]+')
assert JAPAN.search(BOOK_INSTANCE)


def _future(values: str) -> str:
    """The status quo on ``a.toml`` (beside it) with an uncertain instance among ``values``."""
    text = STATUS_QUO.replace('id = "status-quo"', 'id = "mine"').replace(
        "[[alignment.changes]]", '[alignment]\ninstance = "a.toml"\n\n[[alignment.changes]]', 1
    )
    return (
        text + '\n[[uncertainties]]\nname = "which_instance"\ntarget = "alignment.instance"\n'
        f'distribution = {{ kind = "choice", values = {values} }}\n'
        'basis = "anpo assumption: a test"\n'
    )


def _instances(folder: Path, *, swapped: bool = False) -> None:
    """``a.toml``, the built-in instance, and ``b.toml``, the same with Japan's size 0.2
    (the other way round when ``swapped``: a working folder's files of the same names)."""
    folder.mkdir(parents=True, exist_ok=True)
    other = JAPAN.sub(r"\g<1>0.2", BOOK_INSTANCE, count=1)
    a, b = (other, BOOK_INSTANCE) if swapped else (BOOK_INSTANCE, other)
    (folder / "a.toml").write_text(a, encoding="utf-8")
    (folder / "b.toml").write_text(b, encoding="utf-8")


def test_a_drawn_relative_instance_is_read_beside_the_future_at_the_load_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A choice between ``a.toml`` and ``b.toml`` beside the future validates from another
    working folder (its load check read the drawn paths from the working folder: 'no such
    file' from any folder but the file's own), and a drawn instance that is not there is
    refused naming the future file with the range's line, its field and the path as read
    (``../sub/c.toml``; it said 'no such file' alone). ``anpo futures compare`` reads it too.."""
    sub = tmp_path / "sub"
    _instances(sub)
    (sub / "f.toml").write_text(_future('["a.toml", "b.toml"]'), encoding="utf-8")
    text = _future('["a.toml", "c.toml"]')
    (sub / "h.toml").write_text(text, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    good = Path("..", "sub", "f.toml")
    ran = cli("validate", str(good))
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith(f"ok: {good}: future mine")
    assert cli("futures", "compare", str(good)).returncode == 0
    assert load_future(good)[1].alignment.instance == str(Path("..", "sub", "a.toml"))

    bad = Path("..", "sub", "h.toml")
    ran = cli("validate", str(bad))
    assert ran.returncode == 2
    line = text.splitlines().index(next(x for x in text.splitlines() if "c.toml" in x)) + 1
    missing = Path("..", "sub", "c.toml")
    assert ran.stderr.startswith(f"error: {bad}:{line}:"), ran.stderr
    assert "uncertainties[2].distribution.values: the range of 'which_instance'" in ran.stderr
    drawn = "which_instance = 'c.toml' (one of its values), alignment.instance gives: "
    assert f"{drawn}{missing}: no such file;" in ran.stderr, ran.stderr


def _table(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=["experiment"]).sort_values("row").reset_index(drop=True)


#: the design of the runs below: 8 experiments of the status quo's 3 inputs
RUN = {"n": 8, "seed": 1}


def _run(files: list[str], out: Path, model: Model | None = None) -> pd.DataFrame:
    """The table of a serial run of ``files`` (or of ``model``; the scorecard's instances read
    anew, as ``anpo explore run`` reads them in its own process)."""
    read_instance.cache_clear()
    return _table(ex.load(ex.run(model or files, out=out, executor="serial", **RUN)))


def _setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, pd.DataFrame]:
    """The future ``sub/f.toml`` with a choice between ``a.toml`` and ``b.toml`` beside it,
    the working folder another one holding files of the same names (swapped), and the table
    of a serial run from the future's own folder. Returns the future's path from the working
    folder and that table."""
    sub = tmp_path / "sub"
    _instances(sub)
    (sub / "f.toml").write_text(_future('["a.toml", "b.toml"]'), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    _instances(elsewhere, swapped=True)
    monkeypatch.chdir(sub)
    beside = _run(["f.toml"], tmp_path / "beside")
    monkeypatch.chdir(elsewhere)
    return str(Path("..", "sub", "f.toml")), beside


def test_each_experiment_reads_its_drawn_instance_beside_the_future(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from another working folder that holds files of the same names (``a.toml`` and
    ``b.toml`` swapped), the experiments read the drawn instance beside the future, as a
    run from the future's own folder does: they read the working folder's, so every
    experiment that drew ``a.toml`` was scored on ``b.toml``'s landscape and the other way
    round, with no word said."""
    future, beside = _setup(tmp_path, monkeypatch)
    by_instance = beside.groupby("which_instance")["side_capability_share"].unique()
    # both instances drawn, each one share: Japan's size moves the U.S.-Japan side's share
    assert sorted(by_instance.index) == ["a.toml", "b.toml"]
    assert [len(v) for v in by_instance] == [1, 1]
    assert by_instance["a.toml"][0] != by_instance["b.toml"][0]
    pd.testing.assert_frame_equal(_run([future], tmp_path / "serial"), beside)


@pytest.mark.slow  # a pool of worker processes: several seconds
def test_worker_processes_read_the_drawn_instance_beside_the_future(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same seed gives the same table on 2 worker processes, run from another working
    folder, as serially from the future's own: each worker parses the files anew from their
    sources and reads the drawn instance beside the future, not the working folder's files of
    the same names (``anpo explore run --workers 2``)."""
    future, beside = _setup(tmp_path, monkeypatch)
    ran = cli(
        "explore",
        "run",
        future,
        "--n",
        "8",
        "--seed",
        "1",
        "--workers",
        "2",
        "--out",
        str(tmp_path / "pooled"),
        "--no-progress",
    )
    assert ran.returncode == 0, ran.stderr
    pd.testing.assert_frame_equal(_table(ex.load(tmp_path / "pooled")), beside)


# ---------------------------------------------------------------------------- paths27
BOOK_BASE = next(p for p in book_files() if p.stem == "us-japan-2001").read_text(encoding="utf-8")


def _japan_size(instance: Any) -> float:
    return float(instance.sizes[instance.index("JPN")])


def test_the_instance_cache_is_keyed_by_the_file_not_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """:data:`anpo.futures.scorecard.read_instance` reads the file a name gives from the
    working folder of the call, and a file edited in place anew: it was cached by the name
    as written, so ``a.toml`` read again from another folder (a notebook, the web app, a test
    that changes folder) gave the first folder's instance, and an edited file its first
    version. The same file is still read once, by any of its names."""
    read_instance.cache_clear()
    _instances(tmp_path / "one")  # a.toml: Japan as in the book
    _instances(tmp_path / "two", swapped=True)  # a.toml: Japan's size 0.2
    monkeypatch.chdir(tmp_path / "one")
    first = read_instance("a.toml")
    assert _japan_size(first) != 0.2
    monkeypatch.chdir(tmp_path / "two")
    assert _japan_size(read_instance("a.toml")) == 0.2
    edited = tmp_path / "two" / "a.toml"
    before = edited.stat()
    edited.write_text(JAPAN.sub(r"\g<1>0.3", BOOK_INSTANCE, count=1), encoding="utf-8")
    # another modification time whatever the file system's clock resolution
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns + 10**9))
    assert _japan_size(read_instance("a.toml")) == 0.3
    # one file, read once, by any of its names
    again = read_instance("a.toml")
    assert read_instance(str(edited)) is again
    assert read_instance(str(Path("..", "two", "a.toml"))) is again
    assert read_instance(str(tmp_path / "one" / "a.toml")) is first


def test_an_edit_keeping_the_size_and_time_of_an_instance_is_read(tmp_path: Path) -> None:
    """An instance file rewritten with a text of the same size and given back its modification
    time (a rewrite within the file system's clock resolution, ``touch -r``) is parsed anew:
    :data:`anpo.futures.scorecard.read_instance` was keyed by the resolved path, the
    modification time and the size, and scored the old instance (Japan's size 0.04705...,
    where the file says 0.07705...). Unchanged, the file is parsed once (the same object)
    (explore28)."""
    read_instance.cache_clear()
    path = tmp_path / "a.toml"
    path.write_text(BOOK_INSTANCE, encoding="utf-8")
    first = read_instance(str(path))
    assert read_instance(str(path)) is first
    before = path.stat()
    size = f"{_japan_size(first)!r}"
    same_length = size.replace("0.04", "0.07", 1)
    assert len(same_length) == len(size) and same_length != size
    path.write_text(JAPAN.sub(rf"\g<1>{same_length}", BOOK_INSTANCE, count=1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    edited = read_instance(str(path))
    assert _japan_size(edited) == float(same_length)
    assert read_instance(str(path)) is edited


def _home(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Path:
    """``folder`` as the home folder ``~`` stands for (``Path.expanduser`` reads ``HOME``)."""
    folder.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("HOME", str(folder))
    assert Path("~").expanduser() == folder
    return folder


def test_a_path_from_home_in_a_future_file_is_read_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``~/...`` in ``[base] scenario``, ``[alignment] instance`` and a drawn instance's values
    is read from the home folder (:func:`anpo.futures.load.written_path`): it was read as a
    folder named ``~`` beside the future file, and refused ('base scenario ... not found',
    'no such file'). A run's experiments read the drawn instances there too."""
    home = _home(monkeypatch, tmp_path / "home")
    _instances(home)
    mine = BOOK_BASE.replace('title = "The U.S.-Japan', 'title = "Home: the U.S.-Japan', 1)
    (home / "base.toml").write_text(mine, encoding="utf-8")
    text = _future('["~/a.toml", "~/b.toml"]')
    text = text.replace('instance = "a.toml"', 'instance = "~/a.toml"')
    text = text.replace('scenario = "book:us-japan-2001"', 'scenario = "~/base.toml"')
    assert text.count("~/") == 4
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "f.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(sub)
    world = load_future("f.toml")[1]
    assert world.alignment.instance == str(home / "a.toml")
    assert world.scenario.scenario.title.startswith("Home: the U.S.-Japan")
    ran = cli("validate", "f.toml")
    assert ran.returncode == 0, ran.stderr
    table = _run(["f.toml"], tmp_path / "run")
    by_instance = table.groupby("which_instance")["side_capability_share"].unique()
    assert sorted(by_instance.index) == ["~/a.toml", "~/b.toml"]
    assert by_instance["~/a.toml"][0] != by_instance["~/b.toml"][0]


def test_a_missing_path_from_home_is_named_as_written_and_as_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``~/...`` base scenario or instance that is not there is refused at its line and
    field, naming the path as written and as read (the home folder's file)."""
    home = _home(monkeypatch, tmp_path / "home")
    monkeypatch.chdir(tmp_path)
    base = STATUS_QUO.replace('scenario = "book:us-japan-2001"', 'scenario = "~/none.toml"')
    Path("base.toml").write_text(base, encoding="utf-8")
    line = base.splitlines().index('scenario = "~/none.toml"') + 1
    with pytest.raises(FutureError) as err:
        load_future("base.toml")
    assert err.value.one_line() == (
        f"base.toml:{line}: base.scenario: base scenario '~/none.toml' not found "
        f"(read as {home / 'none.toml'})"
    )
    inst = _future('["a.toml"]').replace('instance = "a.toml"', 'instance = "~/none.toml"')
    Path("inst.toml").write_text(inst, encoding="utf-8")
    line = inst.splitlines().index('instance = "~/none.toml"') + 1
    with pytest.raises(FutureError) as err:
        load_future("inst.toml")
    assert err.value.one_line() == (
        f"inst.toml:{line}: alignment.instance: '~/none.toml', read as "
        f"{home / 'none.toml'}: no such file"
    )


def _relative_future(folder: Path) -> None:
    """``folder/f.toml``: the status quo on the base scenario ``base.toml`` beside it, with the
    drawn instance ``a.toml`` or ``b.toml`` beside it (relative paths all)."""
    _instances(folder)
    (folder / "base.toml").write_text(BOOK_BASE, encoding="utf-8")
    text = _future('["a.toml", "b.toml"]')
    text = text.replace('scenario = "book:us-japan-2001"', 'scenario = "base.toml"')
    (folder / "f.toml").write_text(text, encoding="utf-8")


def test_a_worker_in_another_working_folder_computes_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A futures model made from a relative future file (whose base scenario and drawn
    instances are relative paths too), sent to a worker as a process pool or Dask sends it
    (pickled: the worker parses the files anew) that runs in another working folder, gives
    the same table as the run where it was made: the folders it reads the files' paths from
    are absolute (:attr:`anpo.futures.experiment.FuturesModel.folders`). They were the
    relative folders of the sources, so the worker's every experiment failed ('base scenario
    'base.toml' not found'). The run's fingerprint holds no path: the same future given by
    another relative path from another folder resumes the same run."""
    _relative_future(tmp_path / "sub")
    monkeypatch.chdir(tmp_path)
    model = model_from_files(["sub/f.toml"])
    here = _run([], tmp_path / "here", model=model)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    worker = pickle.loads(pickle.dumps(model))
    pd.testing.assert_frame_equal(_run([], tmp_path / "there", model=worker), here)
    # resumed from another folder, the future named by another relative path: nothing to do
    again = model_from_files([str(Path("..", "sub", "f.toml"))])
    assert again.fingerprint() == model.fingerprint()
    pd.testing.assert_frame_equal(_run([], tmp_path / "here", model=again), here)


def _chdir_then_init(folder: str, model: Any, parent: int | None) -> None:
    """A pool worker's initializer that starts in ``folder`` (not the run's working folder)."""
    os.chdir(folder)
    _init_worker(model, parent)


@pytest.mark.slow  # a pool of worker processes: several seconds
def test_spawned_workers_in_another_working_folder_compute_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same on worker processes started with ``spawn`` whose working folder is another
    one (as a Dask worker's may be): each batch's rows are those of the serial run."""
    _relative_future(tmp_path / "sub")
    monkeypatch.chdir(tmp_path)
    model = model_from_files(["sub/f.toml"])
    here = _run([], tmp_path / "here", model=model)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    values = {k: here[k].to_numpy() for k in ("theater_sspk", "initiative_delta")}
    values["which_instance"] = here["which_instance"].to_numpy(dtype=object)
    task = BatchTask(0, len(here), np.zeros(len(here), dtype=np.int32), values, 1)
    blob = pickle.dumps(model)
    with ProcessPoolExecutor(
        1,
        mp_context=mp.get_context("spawn"),
        initializer=_chdir_then_init,
        initargs=(str(elsewhere), blob, None),
    ) as pool:
        got = pool.submit(_worker_batch, task).result()
    assert got.errors is None
    for name in ("side_capability_share", "japan_hns_bn_yen"):
        np.testing.assert_array_equal(got.outcomes[name], here[name].to_numpy())


def _scenario_with_instance(folder: Path, instance: str, title: str) -> None:
    """``folder/scen.toml``: the 2001 book scenario with ``[align] instance = instance``, and
    ``folder/inst.toml``: the built-in 2001 instance titled ``title``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scen.toml").write_text(
        BOOK_BASE + f'\n[align]\ninstance = "{instance}"\n', encoding="utf-8"
    )
    (folder / "inst.toml").write_text(
        re.sub(r'(?m)^title = ".*"$', f'title = "{title}"', BOOK_INSTANCE, count=1),
        encoding="utf-8",
    )


def test_a_base_scenarios_align_instance_is_read_from_its_own_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A future in ``b/`` on the user scenario ``../a/scen.toml``, whose ``[align] instance``
    is ``inst.toml``, read from a third folder ``c/`` that holds another ``inst.toml``: the
    future's scenario holds the instance beside the scenario file, as
    :func:`anpo.scenario.load.load_scenario` holds it (one rule:
    :func:`anpo._io.files.written_source`). It held ``inst.toml`` as written, so reading it
    gave ``c/inst.toml``, the working folder's file (lib33)."""
    _scenario_with_instance(tmp_path / "a", "inst.toml", "beside the scenario")
    _scenario_with_instance(tmp_path / "c", "inst.toml", "the working folder's")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "fut.toml").write_text(
        STATUS_QUO.replace('scenario = "book:us-japan-2001"', 'scenario = "../a/scen.toml"'),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path / "c")
    direct = load_scenario(Path("..", "a", "scen.toml")).align
    _, world = load_future(Path("..", "b", "fut.toml"))
    assert world.scenario.align is not None and direct is not None
    assert Path(world.scenario.align.instance).resolve() == (tmp_path / "a" / "inst.toml")
    assert Path(world.scenario.align.instance).resolve() == Path(direct.instance).resolve()
    assert world.scenario.align.load().title == direct.load().title == "beside the scenario"
    proc = cli("validate", str(Path("..", "b", "fut.toml")))
    assert proc.returncode == 0, proc.stderr


def test_an_align_instance_a_futures_change_writes_is_read_from_the_futures_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A future's change that sets its base scenario's ``[align] instance`` writes a path of
    the future file: it is read from the future's folder, as the future's other paths are,
    while the base scenario's own path is read from the scenario's folder (lib33)."""
    _scenario_with_instance(tmp_path / "a", "inst.toml", "beside the scenario")
    _scenario_with_instance(tmp_path / "b", "unused.toml", "beside the future")
    text = STATUS_QUO.replace('scenario = "book:us-japan-2001"', 'scenario = "../a/scen.toml"')
    text = text.replace(
        "\n# ------------------------------------------------------------------ alignment",
        '\n[[changes]]\ntarget = "align.instance"\nset = "inst.toml"\n'
        'basis = "anpo assumption: a test"\n',
        1,
    )
    assert "align.instance" in text
    (tmp_path / "b" / "fut.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, world = load_future(Path("b", "fut.toml"))
    assert world.scenario.align is not None
    assert Path(world.scenario.align.instance).resolve() == (tmp_path / "b" / "inst.toml")
    assert world.scenario.align.load().title == "beside the future"


def test_a_base_scenarios_align_instance_leaves_the_fingerprint_free_of_paths(
    tmp_path: Path,
) -> None:
    """The run's fingerprint holds the applied base scenarios but no path: two copies of one
    future and its base scenario (with an ``[align] instance``, now held as read from the
    scenario's folder, an absolute path in a run) in two folders have one fingerprint, so a
    run resumes with its files moved (lib33)."""
    prints = []
    for where in ("one", "two"):
        _scenario_with_instance(tmp_path / where / "a", "inst.toml", "the same")
        (tmp_path / where / "b").mkdir()
        (tmp_path / where / "b" / "fut.toml").write_text(
            STATUS_QUO.replace('scenario = "book:us-japan-2001"', 'scenario = "../a/scen.toml"'),
            encoding="utf-8",
        )
        model = model_from_files([tmp_path / where / "b" / "fut.toml"])
        prints.append(model.fingerprint())
    assert prints[0] == prints[1]
