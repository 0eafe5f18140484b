"""anpo.explore engine: same results whatever the executor and worker count, resume after a
real kill -9, refusal of a folder holding another run, atomic shards."""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import anpo.cli
import anpo.explore as ex
from _support import EXPLORE_SCENARIO, ROOT, invoke, one_line_error
from anpo.errors import ExploreError
from anpo.explore import store
from anpo.explore.examples import ishigami, noisy_sum
from anpo.scenario.uncertainty import Choice, Triangular, Uniform

SPACE = {
    "x": Uniform(low=0, high=1, basis="test input"),
    "y": Triangular(low=0, mode=0.5, high=2, basis="test input"),
}


def _model() -> ex.FunctionModel:
    return ex.FunctionModel(noisy_sum, SPACE, cases=["a", "b"])


def _digest(frame: pd.DataFrame) -> str:
    """sha256 of the table's values (column names, dtypes and every cell's bytes)."""
    h = hashlib.sha256()
    for col in frame.columns:
        h.update(col.encode())
        arr = frame[col].to_numpy()
        h.update(str(arr.dtype).encode())
        h.update(arr.tobytes() if arr.dtype != object else repr(arr.tolist()).encode())
    return h.hexdigest()


@pytest.mark.slow  # several seconds: run by CI's slow step
def test_same_results_serial_and_process_pool_with_1_and_2_workers(tmp_path: Path):
    """A stochastic model (each experiment draws from SeedSequence(seed, spawn_key=(i,))) gives
    byte-identical result tables on the serial executor and on a process pool of 1 and 2
    workers, with different batch sizes."""
    runs = {
        "serial": {"executor": "serial"},
        "processes-1": {"executor": "processes", "workers": 1},
        "processes-2": {"executor": "processes", "workers": 2},
        "processes-2-batch-7": {"executor": "processes", "workers": 2, "batch_size": 7},
    }
    digests = {}
    for name, kw in runs.items():
        out = ex.run(_model(), n=150, seed=11, out=tmp_path / name, **kw)
        frame = ex.load(out)
        assert len(frame) == 300 and frame["experiment"].tolist() == list(range(300))
        digests[name] = _digest(frame)
    assert len(set(digests.values())) == 1, digests
    frame = ex.load(tmp_path / "serial")
    # common random numbers: both cases of one sample share their inputs, not their noise
    a, b = frame[frame.case == "a"], frame[frame.case == "b"]
    np.testing.assert_array_equal(a["x"].to_numpy(), b["x"].to_numpy())
    assert not np.array_equal(a["w"].to_numpy(), b["w"].to_numpy())
    # experiment 5's noise is the first draw of its own stream, as documented
    e = ex.experiment_rng(11, 5).normal(0.0, 0.1, size=2)
    assert frame.loc[5, "w"] == e[1]


@pytest.mark.slow  # starts a cluster of worker processes: about 5 s of CPU
def test_same_results_on_a_dask_local_cluster(tmp_path: Path):
    """The Dask executor (a 2-worker LocalCluster) gives the serial executor's table (the
    default suite checks the process pool's equality with the serial executor)."""
    pytest.importorskip("distributed")
    serial = ex.load(ex.run(_model(), n=60, seed=4, out=tmp_path / "s", executor="serial"))
    dask = ex.load(ex.run(_model(), n=60, seed=4, out=tmp_path / "d", executor="dask", workers=2))
    assert _digest(serial) == _digest(dask)


@pytest.mark.slow
def test_same_results_on_an_existing_dask_cluster_by_address(tmp_path: Path):
    """--scheduler ADDRESS: the run uses a cluster started elsewhere (here a LocalCluster
    started by the test) and leaves it running."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        addr = cluster.scheduler_address
        remote = ex.load(
            ex.run(_model(), n=30, seed=6, out=tmp_path / "r", executor="dask", scheduler=addr)
        )
        assert len(cluster.workers) == 2  # still up after the run
    serial = ex.load(ex.run(_model(), n=30, seed=6, out=tmp_path / "s"))
    assert _digest(serial) == _digest(remote)
    with pytest.raises(ExploreError, match="--scheduler needs --executor dask"):
        ex.run(_model(), n=30, seed=6, out=tmp_path / "x", executor="processes", scheduler=addr)


@pytest.mark.parametrize(
    "flags",
    [
        ["--executor", "serial", "--workers", "2"],
        ["--executor", "dask", "--scheduler", "tcp://127.0.0.1:1", "--workers", "3"],
    ],
)
def test_workers_an_executor_would_not_use_are_refused(tmp_path: Path, flags: list[str]):
    """``--executor serial --workers 2`` ran one experiment at a time and said nothing, and a
    running Dask cluster's worker count silently replaced ``--workers``: the number of workers
    asked for is refused, before any folder is made, where it would not be used."""
    scen = tmp_path / "s.toml"
    scen.write_text(EXPLORE_SCENARIO, encoding="utf-8")
    out = tmp_path / "o"
    args = ["explore", "run", str(scen), "--n", "4", "--seed", "1", "--out", str(out)]
    err = one_line_error(CliRunner().invoke(anpo.cli.app, [*args, *flags]))
    assert "--workers" in err and "not used" in err
    assert not out.exists()


@pytest.mark.parametrize("address", ["nope", "tcp://", "host-without-port"])
def test_a_malformed_scheduler_address_is_one_line(tmp_path: Path, address: str):
    """``--scheduler nope`` ended in distributed's ValueError ("missing port number") and a
    traceback; it is one line naming the flag."""
    pytest.importorskip("distributed")
    scen = tmp_path / "s.toml"
    scen.write_text(EXPLORE_SCENARIO, encoding="utf-8")
    args = ["explore", "run", str(scen), "--n", "4", "--seed", "1", "--out", str(tmp_path / "o")]
    r = CliRunner().invoke(anpo.cli.app, [*args, "--executor", "dask", "--scheduler", address])
    err = one_line_error(r)
    assert "--scheduler" in err and repr(address) in err


def test_a_run_whose_executor_cannot_start_leaves_the_folder_as_it_found_it(tmp_path: Path):
    """A Dask run whose scheduler cannot be reached wrote manifest.json and shards/ before it
    failed, so the next run into that folder with other inputs was refused ("holds a run with
    different inputs"). The executor now starts before anything is written: the folder the
    run made is gone, a user's folder keeps exactly its own files, and the next run goes in.
    (A malformed address fails at once, through the same start as an unreachable one.)"""
    pytest.importorskip("distributed")
    scen = tmp_path / "s.toml"
    scen.write_text(EXPLORE_SCENARIO, encoding="utf-8")
    new, mine = tmp_path / "z1", tmp_path / "mine"
    mine.mkdir()
    (mine / "shards").mkdir()  # the user's empty folder of the same name as the run's
    for out in (new, mine):
        args = ["explore", "run", str(scen), "--n", "4", "--seed", "1", "--out", str(out)]
        r = CliRunner().invoke(anpo.cli.app, [*args, "--scheduler", "host-without-port"])
        assert "--scheduler" in one_line_error(r)
    assert not new.exists()
    assert sorted(p.name for p in mine.iterdir()) == ["shards"]
    assert list((mine / "shards").iterdir()) == []
    for out in (new, mine):
        args = ["explore", "run", str(scen), "--n", "6", "--seed", "2", "--out", str(out)]
        r = CliRunner().invoke(anpo.cli.app, args)
        assert r.exit_code == 0, r.output
        assert json.loads((out / store.MANIFEST).read_text(encoding="utf-8"))["n"] == 6


@pytest.mark.slow
def test_same_results_on_a_one_worker_dask_cluster(tmp_path: Path):
    pytest.importorskip("distributed")
    serial = ex.load(ex.run(_model(), n=40, seed=4, out=tmp_path / "s", executor="serial"))
    dask = ex.load(ex.run(_model(), n=40, seed=4, out=tmp_path / "d", executor="dask", workers=1))
    assert _digest(serial) == _digest(dask)


def test_vectorised_model_and_every_sampler(tmp_path: Path):
    """A vectorised model sees whole batches; each sampler gives its documented row count."""
    m = ex.FunctionModel(ishigami, {k: SPACE["x"] for k in ("x1", "x2", "x3")}, vectorized=True)
    expected = {"lhs": 64, "mc": 64, "factorial": 4**3, "saltelli": 64 * 5, "morris": 64 * 4}
    for sampler, rows in expected.items():
        n = 4 if sampler == "factorial" else 64
        out = ex.run(m, n=n, seed=2, out=tmp_path / sampler, sampler=sampler)
        frame = ex.load(out)
        assert len(frame) == rows, sampler
        want = ishigami(frame.x1.to_numpy(), frame.x2.to_numpy(), frame.x3.to_numpy())["y"]
        np.testing.assert_allclose(frame["y"].to_numpy(), want)
    lhs = ex.load(tmp_path / "lhs")
    # Latin hypercube: exactly one sample in each of the 64 strata of every input
    for col in ("x1", "x2", "x3"):
        assert sorted(np.floor(lhs[col] * 64).astype(int)) == list(range(64))
    fac = ex.load(tmp_path / "factorial")
    assert sorted(fac["x1"].unique()) == [0.125, 0.375, 0.625, 0.875]


def test_factorial_enumerates_every_choice(tmp_path: Path):
    m = ex.FunctionModel(
        lambda_free_sum,
        {"x": SPACE["x"], "k": Choice(values=[1, 2, 3], weights=[1, 1, 2], basis="test")},
    )
    frame = ex.load(ex.run(m, n=2, seed=0, out=tmp_path / "f", sampler="factorial"))
    assert len(frame) == 6
    assert sorted(frame["k"].unique()) == [1, 2, 3]


def lambda_free_sum(x: float, k: int) -> dict[str, float]:
    return {"s": x + k}


# ---------------------------------------------------------------- refusal and safety
def test_changed_inputs_are_refused(tmp_path: Path):
    """A second run against a folder with different inputs is refused with a message naming
    what differs; the same inputs resume (nothing to do) and leave the results as they were."""
    out = tmp_path / "run"
    ex.run(_model(), n=20, seed=1, out=out)
    before = _digest(ex.load(out))
    for kw, what in (({"n": 21, "seed": 1}, "n"), ({"n": 20, "seed": 2}, "seed")):
        with pytest.raises(ExploreError, match=f"different inputs.*differs in: {what}"):
            ex.run(_model(), out=out, **kw)
    with pytest.raises(ExploreError, match="differs in: sampler"):
        ex.run(_model(), n=20, seed=1, out=out, sampler="mc")
    other = ex.FunctionModel(noisy_sum, {**SPACE, "x": Uniform(low=0, high=2, basis="other")})
    with pytest.raises(ExploreError, match="params"):
        ex.run(other, n=20, seed=1, out=out)
    ex.run(_model(), n=20, seed=1, out=out)  # same inputs: accepted, nothing recomputed
    assert _digest(ex.load(out)) == before
    man = json.loads((out / "manifest.json").read_text())
    man["anpo_version"] = "0.0.1"
    (out / "manifest.json").write_text(json.dumps(man))
    with pytest.raises(ExploreError, match="written by anpo 0.0.1"):
        ex.run(_model(), n=20, seed=1, out=out)


def _every_file(out: Path) -> dict[str, str]:
    """The SHA-256 of every file under the run folder ``out`` (its lock and DuckDB view too),
    by path."""
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_a_refused_resume_leaves_every_file_of_the_folder_as_it_was(tmp_path: Path):
    """A run refused because the folder holds another run (other n, seed, sampler, inputs, an
    older anpo) leaves every file of the folder byte for byte as it was, its ``.lock`` too: the
    lock was rewritten with the refused process's id (``99999`` below stands for the process
    that wrote the run, as another ``anpo explore run`` process would have) (explore29). A
    run that writes its folder still writes its id there."""
    out = tmp_path / "run"
    ex.run(_model(), n=20, seed=1, out=out)
    (out / ".lock").write_text("99999\n")
    before = _every_file(out)
    assert ".lock" in before and "manifest.json" in before
    other = ex.FunctionModel(noisy_sum, {**SPACE, "x": Uniform(low=0, high=2, basis="other")})
    for model, kw in (
        (_model(), {"n": 21}),
        (_model(), {"seed": 2}),
        (_model(), {"sampler": "mc"}),
        (other, {}),
    ):
        with pytest.raises(ExploreError, match="different inputs"):
            ex.run(model, **{"n": 20, "seed": 1, "out": out, **kw})
        assert _every_file(out) == before, kw
    man = json.loads((out / "manifest.json").read_text())
    man["anpo_version"] = "0.0.1"
    (out / "manifest.json").write_text(json.dumps(man))
    before = _every_file(out)
    with pytest.raises(ExploreError, match="written by anpo 0.0.1"):
        ex.run(_model(), n=20, seed=1, out=out)
    assert _every_file(out) == before
    ex.run(_model(), n=20, seed=1, out=tmp_path / "new")  # a run that writes signs the lock
    assert (tmp_path / "new" / ".lock").read_text() == f"{os.getpid()}\n"


class _UnpreparedModel(ex.FunctionModel):
    """A user's model whose :meth:`prepare` (run in each worker) fails with a user error."""

    def prepare(self) -> None:
        raise ExploreError("the lookup table this model loads is missing")


@pytest.mark.parametrize("executor", ["serial", "processes"])
def test_a_models_own_prepare_error_is_said_as_the_models(tmp_path: Path, executor: str):
    """A user model whose ``prepare`` raises its own error in a worker stops the run with an
    :class:`~anpo.errors.ExploreError` naming the model, what it raised and where (this file,
    the line of the ``raise``, ``prepare``), not a
    :class:`~anpo.explore.model.RunFilesError`: it was said as "a worker could not read the
    run's files as they were when it started", though the model reads no file (explore29)."""
    from anpo.explore.model import RunFilesError

    model = _UnpreparedModel(noisy_sum, SPACE, cases=["a", "b"])
    with pytest.raises(ExploreError) as err:
        ex.run(
            model,
            n=4,
            seed=1,
            out=tmp_path / "run",
            executor=executor,
            workers=2 - (executor == "serial"),
        )
    assert not isinstance(err.value, RunFilesError)
    said = err.value.one_line()
    line = _UnpreparedModel.prepare.__code__.co_firstlineno + 1
    assert (
        f"the model {model.name} could not be prepared in a worker: its prepare raised "
        f"ExploreError at {__file__}:{line} in prepare: the lookup table this model loads is "
        "missing"
    ) in said, said
    assert "run's files" not in said


def test_a_factorial_run_does_not_use_the_seed_and_its_refusal_says_so(tmp_path: Path):
    """A factorial design is a fixed grid (:func:`anpo.explore.space.unit_design`): a
    deterministic model's factorial results are the same for every seed. The seed stays part
    of the run's identity (:func:`anpo.explore.run`'s docstring), so a folder run with seed 1
    is refused with seed 2, and the refusal says the design does not use the seed and which
    seed resumes the folder (it said "differs in: seed" alone, as if the results could differ:
    review20 F6); a stochastic model's or a sampled design's refusal says nothing of the
    kind."""
    det = ex.FunctionModel(ishigami, {k: SPACE["x"] for k in ("x1", "x2", "x3")}, vectorized=True)
    a = ex.load(ex.run(det, n=3, seed=1, out=tmp_path / "a", sampler="factorial"))
    b = ex.load(ex.run(det, n=3, seed=2, out=tmp_path / "b", sampler="factorial"))
    assert len(a) == 27 and _digest(a) == _digest(b)
    with pytest.raises(ExploreError) as info:
        ex.run(det, n=3, seed=2, out=tmp_path / "a", sampler="factorial")
    text = " ".join(str(info.value).split())
    assert "differs in: seed" in text and "a factorial design does not use the seed" in text
    assert "run with --seed 1 to resume it" in text
    ex.run(det, n=3, seed=1, out=tmp_path / "a", sampler="factorial")  # resumes
    for model, sampler in ((_model(), "factorial"), (det, "lhs")):
        out = tmp_path / f"{model.stochastic}-{sampler}"
        ex.run(model, n=3, seed=1, out=out, sampler=sampler)
        with pytest.raises(ExploreError, match="differs in: seed") as info:
            ex.run(model, n=3, seed=2, out=out, sampler=sampler)
        assert "does not use the seed" not in str(info.value), sampler


def test_changed_scenario_file_is_refused(tmp_path: Path):
    path = tmp_path / "s.toml"
    path.write_text(EXPLORE_SCENARIO, encoding="utf-8")
    out = tmp_path / "run"
    ex.run([path], n=3, seed=1, out=out)
    path.write_text(EXPLORE_SCENARIO.replace("launchers = 20", "launchers = 21"), encoding="utf-8")
    with pytest.raises(ExploreError, match="differs in: fingerprint"):
        ex.run([path], n=3, seed=1, out=out)


def test_foreign_folder_file_and_busy_folder_are_refused(tmp_path: Path):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(ExploreError, match="not an anpo explore folder"):
        ex.run(_model(), n=5, seed=1, out=foreign)
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.txt"]  # untouched
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(ExploreError, match="not a folder"):
        ex.run(_model(), n=5, seed=1, out=afile)
    out = tmp_path / "busy"
    out.mkdir()
    with store.locked(out), pytest.raises(ExploreError, match="another anpo explore run"):
        ex.run(_model(), n=5, seed=1, out=out)


def test_half_written_shards_are_never_read_and_are_cleaned(tmp_path: Path):
    """A temporary shard left by a killed run is not counted, is removed by the next run, and
    the run completes with every experiment exactly once."""
    out = tmp_path / "run"
    ex.run(_model(), n=10, seed=3, out=out)
    reference = _digest(ex.load(out))
    first = store.list_shards(out)[0]
    first.path.unlink()  # as if the run had been killed before this batch landed
    tmp = out / "shards" / f".{first.path.name}.999.tmp"
    tmp.write_bytes(b"PAR1 half written")
    st = ex.status(out)
    assert not st["complete"] and st["missing"] == first.stop - first.start
    ex.run(_model(), n=10, seed=3, out=out)
    assert not tmp.exists()
    assert _digest(ex.load(out)) == reference


@pytest.mark.parametrize("kind", ["IOException", "TransactionException"])
def test_a_results_view_that_cannot_be_written_is_an_explore_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """A full disk (or a file-size limit) while DuckDB writes ``results.duckdb`` raised
    DuckDB's IOException, which is not an OSError: a traceback and exit 1. It is the run's
    one-line error about the folder, and the previous view file, if any, stays whole."""
    import duckdb

    out = tmp_path / "run"
    ex.run(_model(), n=5, seed=1, out=out)
    before = (out / store.DUCKDB).read_bytes()

    def full_disk(*args: object, **kwargs: object) -> None:
        raise getattr(duckdb, kind)('Could not write file "x": File too large')

    monkeypatch.setattr(duckdb, "connect", full_disk)
    with pytest.raises(ExploreError, match=r"cannot write the run's files here \(.*too large"):
        ex.run(_model(), n=5, seed=1, out=out)
    assert (out / store.DUCKDB).read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


# ---------------------------------------------------------------- scenario files, CLI, kill -9


@pytest.mark.slow  # several seconds: run by CI's slow step
def test_a_scenario_file_gives_the_same_table_serially_and_on_2_worker_processes(
    tmp_path: Path,
) -> None:
    """The deterrence model of a scenario file (its compiled kernels run in each worker
    process) gives the serial run's table, byte for byte, on a pool of 2 workers driven
    through ``anpo explore run --workers 2``; the default suite checked the pool only with a
    Python function model."""
    path = tmp_path / "s.toml"
    path.write_text(EXPLORE_SCENARIO, encoding="utf-8")
    serial = ex.load(ex.run([path], n=6, seed=13, out=tmp_path / "serial", executor="serial"))
    args = ["explore", "run", str(path), "--n", "6", "--seed", "13", "--no-progress"]
    res = CliRunner().invoke(anpo.cli.app, [*args, "--out", str(tmp_path / "w2"), "--workers", "2"])
    assert res.exit_code == 0, res.output
    pooled = ex.load(tmp_path / "w2")
    assert len(serial) == 12 and serial["usa_chn_p_arrive_ge_1_usa"].nunique() > 1
    assert _digest(serial) == _digest(pooled)


def test_scenario_model_cases_inputs_and_outcomes(tmp_path: Path):
    """A scenario file's variants are the cases, its [[uncertainties]] the inputs; each
    experiment applies the sampled values (so outcomes move with them)."""
    path = tmp_path / "s.toml"
    path.write_text(EXPLORE_SCENARIO, encoding="utf-8")
    frame = ex.load(ex.run([path], n=8, seed=5, out=tmp_path / "run"))
    assert sorted(frame["case"].unique()) == ["mini/mad", "mini/nmd"]
    col = "usa_chn_p_arrive_ge_1_usa"
    nmd = frame[frame.case == "mini/nmd"].sort_values("sspk")
    mad = frame[frame.case == "mini/mad"]
    # the defense's SSPK matters only where the defense is active
    assert nmd[col].nunique() > 1
    assert (nmd[col].to_numpy() <= mad.sort_values("row")[col].to_numpy()[nmd["row"]] + 1e-12).all()
    # a second file with the same input but another distribution is refused
    other = tmp_path / "t.toml"
    other.write_text(EXPLORE_SCENARIO.replace("high = 0.9", "high = 0.8"), encoding="utf-8")
    with pytest.raises(ExploreError, match="one distribution in .*s.toml and another in") as info:
        ex.run([path, other], n=2, seed=1, out=tmp_path / "two")
    # at the second file's entry (it said "uncertainties: ..." without file or line)
    lines = other.read_text(encoding="utf-8").splitlines()
    line = next(i for i, ln in enumerate(lines, 1) if "high = 0.8" in ln)
    assert (info.value.file, info.value.line) == (str(other), line)
    assert info.value.field == "uncertainties[0].distribution"


@pytest.mark.slow
def test_cli_run_status_discover_sensitivity_in_process(tmp_path: Path):
    path = tmp_path / "s.toml"
    path.write_text(EXPLORE_SCENARIO, encoding="utf-8")
    out = tmp_path / "run"
    runner = CliRunner()
    args = ["explore", "run", str(path), "--n", "16", "--seed", "3", "--out", str(out)]
    res = runner.invoke(anpo.cli.app, [*args, "--json"])
    assert res.exit_code == 0, res.output
    st = json.loads(res.output)
    assert st["complete"] and st["experiments"] == 32 and st["inputs"] == ["sspk", "kill"]
    res = runner.invoke(anpo.cli.app, ["explore", "status", str(out), "--json"])
    assert json.loads(res.output)["done"] == 32
    res = runner.invoke(
        anpo.cli.app,
        ["explore", "discover", str(out), "--outcome", "usa_chn_p_arrive_ge_5_usa",
         "--where", "< 0.9", "--json"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    disc = json.loads(res.output)
    assert disc["inputs"] == ["case", "sspk", "kill"] and 0 < disc["n_interest"] < 32
    assert disc["box"]["density"] >= disc["trajectory"][0]["density"]
    res = runner.invoke(anpo.cli.app, ["explore", "sensitivity", str(out), "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert {r["method"] for r in rows} == {"rbd-fast"}
    res = runner.invoke(anpo.cli.app, [*args[:-2], "--out", str(out), "--seed", "4"])
    assert res.exit_code == 2
    assert res.output.startswith("error: ") and "different inputs" in res.output
    assert len(res.output.strip().splitlines()) == 1
    res = runner.invoke(anpo.cli.app, ["explore", "discover", str(out), "--outcome", "nope",
                                       "--where", "< 1"])  # fmt: skip
    assert res.exit_code == 2 and "unknown outcome 'nope'" in res.output
    res = runner.invoke(anpo.cli.app, ["explore", "discover", str(out), "--outcome",
                                       "usa_chn_fss", "--where", "about 1"])  # fmt: skip
    assert res.exit_code == 2 and "--where" in res.output


def _children(pid: int) -> list[int]:
    psutil = pytest.importorskip("psutil")
    try:
        return [c.pid for c in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


@pytest.mark.slow  # a real process killed mid-run, 800 experiments run twice: 6 s of CPU
@pytest.mark.parametrize("workers", [1, 2])
def test_resume_after_kill_9_gives_the_uninterrupted_results(tmp_path: Path, workers: int):
    """`anpo explore run` killed with SIGKILL while it writes shards, then run again with the
    same command, completes with every experiment exactly once and the same table as an
    uninterrupted run; no worker process outlives the killed run. (The default suite checks
    the resume in-process: test_half_written_shards_are_never_read_and_are_cleaned.)"""
    path = tmp_path / "s.toml"
    path.write_text(EXPLORE_SCENARIO, encoding="utf-8")
    out = tmp_path / "killed"
    args = ["explore", "run", str(path), "--n", "400", "--seed", "9", "--out", str(out),
            "--workers", str(workers), "--no-progress"]  # fmt: skip
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.Popen(
        [sys.executable, "-m", "anpo", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while len(store.list_shards(out)) < 2:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "no shard appeared"
            time.sleep(0.02)
        kids = _children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    st = ex.status(out)
    assert 0 < st["done"] < st["experiments"], "the kill came too late to test a resume"
    deadline = time.monotonic() + 20
    while any(_alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(k) for k in kids), "worker processes outlived the killed run"
    res = CliRunner().invoke(anpo.cli.app, args)
    assert res.exit_code == 0, res.output
    resumed = ex.load(out)
    assert resumed["experiment"].tolist() == list(range(800))
    clean = ex.load(ex.run([path], n=400, seed=9, out=tmp_path / "clean"))
    assert _digest(resumed) == _digest(clean)


def _alive(pid: int) -> bool:
    psutil = pytest.importorskip("psutil")
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def fails_above(x: float) -> dict[str, float]:
    """A model that refuses part of its input space with a user-facing error."""
    from anpo.errors import InputError

    if x > 0.8:
        raise InputError(f"x = {x:.3f} is above 0.8", field="x")
    return {"y": 2 * x}


def test_a_refused_experiment_is_recorded_not_fatal(tmp_path: Path):
    """An AnpoError in one experiment leaves its outcomes missing and its message in the
    `error` column (last); the rest of the run completes, identically on any batching."""
    m = ex.FunctionModel(fails_above, {"x": SPACE["x"]})
    a = ex.load(ex.run(m, n=50, seed=1, out=tmp_path / "a"))
    b = ex.load(ex.run(m, n=50, seed=1, out=tmp_path / "b", batch_size=3))
    assert list(a.columns)[-1] == "error" and _digest(a) == _digest(b)
    bad = a["x"] > 0.8
    assert bad.sum() == 10  # a Latin hypercube puts 10 of 50 samples in (0.8, 1]
    assert a.loc[bad, "y"].isna().all() and a.loc[~bad, "error"].isna().all()
    assert a.loc[bad, "error"].str.contains("is above 0.8").all()


def test_status_counts_the_failed_experiments_and_says_the_first(tmp_path: Path):
    """A stored experiment is done, not succeeded: a run whose model raised for every input
    (a future's propensity change pushed past the limit by its uncertain delta) printed "done: 4
    experiments", and ``anpo explore status`` "4 of 4 experiments done (complete)", without a
    word of the failures; ``discover`` then said "unknown outcome 'y' (outcomes: )". status
    now counts them and gives the first, run and status print it, discover says why there is
    no outcome; a run without failures says nothing of them."""
    m = ex.FunctionModel(fails_above, {"x": SPACE["x"]})
    out = ex.run(m, n=50, seed=1, out=tmp_path / "a")
    frame = ex.load(out)
    bad = frame.loc[frame["x"] > 0.8, "experiment"]
    st = ex.status(out)
    assert st["done"] == 50 and st["failed"] == len(bad) == 10
    assert st["first_failed"] == int(bad.min())
    assert "is above 0.8" in st["first_error"]
    r = invoke("explore", "status", str(out))
    assert r.exit_code == 0, r.output
    assert (
        f"failed: 10 of 50 experiments (their outcomes are missing); the first, experiment {int(bad.min())}: "
        in r.stdout
    )
    ok = ex.status(ex.run(_model(), n=4, seed=1, out=tmp_path / "ok"))
    assert (ok["failed"], ok["first_failed"], ok["first_error"]) == (0, None, None)
    assert "failed:" not in invoke("explore", "status", str(tmp_path / "ok")).stdout
    every = ex.run(ex.FunctionModel(fails_above, {"x": Uniform(low=0.9, high=1, basis="test input")}),
                   n=4, seed=1, out=tmp_path / "all")  # fmt: skip
    assert ex.status(every)["failed"] == 4
    err = one_line_error(
        invoke("explore", "discover", str(every), "--outcome", "y", "--where", "> 1")
    )
    assert "the run has no outcomes: every experiment failed (the first: " in err, err


def test_explore_run_says_its_failed_experiments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """``anpo explore run`` of a future whose model fails in every experiment: the run's
    summary says so, with the first error. The example was a future whose uncertain delta
    ranged past the propensity limit; such a file is now refused when it is read (at the
    range's line, :func:`anpo.futures.load._check_uncertain_alignment`), so the failure is one
    no check of the file can foresee, simulated: the alignment solve's node budget spent
    (:class:`~anpo.errors.BudgetExceededError`, raised by the run's one in-process worker)."""
    from anpo.errors import BudgetExceededError
    from anpo.futures import future_files

    # the module (the package's name 'scorecard' is its function of that name)
    futures_scorecard = importlib.import_module("anpo.futures.scorecard")

    text = next(p for p in future_files() if p.stem == "nixon-pattern").read_text(encoding="utf-8")
    assert "low = 3.6, high = 8.6" in text
    path = tmp_path / "huge.toml"
    path.write_text(text.replace("low = 3.6, high = 8.6", "low = 3.6, high = 1e300"), "utf-8")
    command = ["explore", "run", str(path), "--n", "2", "--seed", "1",
               "--out", str(tmp_path / "run"), "--no-progress"]  # fmt: skip
    err = one_line_error(invoke(*command))
    assert "huge.toml" in err and "propensities must lie within" in err, err
    assert not (tmp_path / "run").exists()

    def spent(world: Any) -> dict[str, Any]:
        raise BudgetExceededError("the exact search spent its node budget (simulated)")

    monkeypatch.setattr(futures_scorecard, "alignment_result", spent)
    path = tmp_path / "nixon.toml"
    path.write_text(text, "utf-8")
    command[2] = str(path)
    r = invoke(*command)
    assert r.exit_code == 0, r.output
    assert (
        "failed: 2 of 2 experiments (their outcomes are missing); the first, experiment 0: "
        in r.stdout
    )
    assert "the exact search spent its node budget (simulated)" in r.stdout


@pytest.mark.slow
def test_bad_design_requests_are_refused_before_the_folder_is_touched(tmp_path: Path):
    """A design anpo cannot build (a Saltelli n that is not a power of two, --levels out of
    range or for a sampler without levels, a design too large for memory, more local workers
    than the machine can run) is refused before the folder is created, so the same folder
    takes the corrected command (a refused run used to leave its manifest behind, and the
    corrected one was then refused as 'different inputs')."""
    m = ex.FunctionModel(ishigami, {k: SPACE["x"] for k in ("x1", "x2", "x3")}, vectorized=True)
    out = tmp_path / "run"
    bad = [
        ({"n": 3, "sampler": "saltelli"}, "n: the saltelli design needs a power of two"),
        ({"n": 2, "sampler": "factorial", "levels": 0}, "levels: must be >= 1"),
        ({"n": 2, "sampler": "morris", "levels": 1}, "levels: must be >= 2"),
        ({"n": 2, "levels": 3}, "levels: applies to the factorial and morris"),
        ({"n": 2, "second_order": True}, "second_order: applies to the saltelli"),
        # the count that is too large named (the acceptance walk of issue 16: no field)
        ({"n": 2, "sampler": "factorial", "levels": 10**4}, "^levels: .*1,000,000,000,000 sam"),
        ({"n": 10**9}, "^n: .*1,000,000,000 samples x 3 uncertain input"),
        ({"n": 2, "workers": 10**5}, "at most .* local worker processes"),
        ({"n": 2, "workers": 0}, "^workers: must be >= 1$"),
    ]
    for kw, message in bad:
        kw = {"seed": 1, **kw}
        with pytest.raises(ExploreError, match=message):
            ex.run(m, out=out, **kw)
        assert not out.exists(), kw
    assert len(ex.load(ex.run(m, n=4, seed=1, out=out, sampler="saltelli"))) == 4 * 5
    blocked = tmp_path / "afile"
    blocked.write_text("x")
    with pytest.raises(ExploreError, match="cannot write the run's files here"):
        ex.run(m, n=4, seed=1, out=blocked / "run")
    res = CliRunner().invoke(
        anpo.cli.app,
        ["explore", "run", "book:futures", "--n", "2", "--seed", "1", "--out",
         str(blocked / "run")],
    )  # fmt: skip
    assert res.exit_code == 2 and res.output.startswith("error: ") and "Traceback" not in res.output
    res = CliRunner().invoke(
        anpo.cli.app,
        ["explore", "run", "book:futures", "--n", "1000000000", "--seed", "1", "--out",
         str(tmp_path / "big")],
    )  # fmt: skip
    assert one_line_error(res).startswith("error: --n: the lhs design would hold 1,000,000,000")
    assert not (tmp_path / "big").exists()


def test_a_book_scenario_by_name_and_an_unknown_one(tmp_path: Path):
    """``book:NAME`` names a file of the built-in scenario book (as ``anpo bands`` and
    ``anpo stability`` take it); an unknown name is one line that lists the book."""
    from typer.testing import CliRunner

    import anpo.cli
    from anpo.explore.scenario import model_from_files
    from anpo.scenario.load import book_files

    model = model_from_files(["book:us-japan-2001"])
    assert model.sources == [str(p) for p in book_files() if p.stem == "us-japan-2001"]
    out = CliRunner().invoke(
        anpo.cli.app,
        ["explore", "run", "book:nope", "--n", "4", "--seed", "1", "--out", str(tmp_path / "r")],
    )
    assert out.exit_code == 2
    assert one_line_error(out).startswith(
        "error: book:nope: no scenario 'nope' in the book (book: "
    )
    assert "us-japan-2001" in out.output and not (tmp_path / "r").exists()


def test_factorial_with_levels_says_that_n_is_not_used(tmp_path: Path):
    """``--sampler factorial`` reads its levels per input from ``--levels`` when given, else
    from ``--n``: a differing ``--n`` is named as unused on stderr, not silently dropped, and the
    design has levels**inputs points per case (2 inputs, 3 levels: 9; 2 cases: 18)."""
    path = tmp_path / "s.toml"
    path.write_text(EXPLORE_SCENARIO, encoding="utf-8")
    base = ["explore", "run", str(path), "--seed", "3", "--sampler", "factorial", "--json"]
    res = CliRunner().invoke(
        anpo.cli.app, [*base, "--n", "5", "--levels", "3", "--out", str(tmp_path / "a")]
    )
    assert res.exit_code == 0, res.output
    assert "the factorial design takes 3 levels per input from --levels; --n 5 is not used" in (
        res.stderr
    )
    st = json.loads(res.stdout)
    assert st["experiments"] == 18
    same = CliRunner().invoke(
        anpo.cli.app, [*base, "--n", "3", "--levels", "3", "--out", str(tmp_path / "b")]
    )
    assert same.exit_code == 0 and "not used" not in same.stderr
    # one level is counted as one (it printed "1 levels"; count_noun)
    one = CliRunner().invoke(
        anpo.cli.app, [*base, "--n", "2", "--levels", "1", "--out", str(tmp_path / "c")]
    )
    assert one.exit_code == 0, one.output
    assert "takes 1 level per input from --levels; --n 2 is not used" in one.stderr
    # each flag's help says what it does: both claimed to set the factorial's levels
    import typer

    group: Any = typer.main.get_command(anpo.cli.app)
    cmd = group.commands["explore"].commands["run"]
    helps = {p.name: getattr(p, "help", "") for p in cmd.params}
    assert "factorial: levels per continuous input unless --levels is given" in helps["n"]
    assert "factorial: levels per continuous input, in place of --n" in helps["levels"]


def test_scenario_model_records_the_inputs_each_file_reads(tmp_path: Path):
    """A variant reads its file's ``[[uncertainties]]``, but not one set only in a defense it
    does not activate (the NMD's kill probability under MAD: its RBD-FAST index was noise, 0.26
    for an India-Pakistan file); a second file without an input does not read it (the
    manifest's ``case_inputs``)."""
    from anpo.explore.scenario import model_from_files

    cut = EXPLORE_SCENARIO.index('[[uncertainties]]\nname = "kill"')
    (tmp_path / "a.toml").write_text(EXPLORE_SCENARIO, encoding="utf-8")
    (tmp_path / "b.toml").write_text(EXPLORE_SCENARIO[:cut], encoding="utf-8")
    model = model_from_files([tmp_path / "a.toml", tmp_path / "b.toml"])
    assert model.inputs_by_case == {
        "a/mad": ["kill"],
        "a/nmd": ["sspk", "kill"],
        "b/mad": [],
        "b/nmd": ["sspk"],
    }


def test_scenario_outcomes_include_the_warheads_expected_to_arrive():
    """The expected warheads reaching each territory are an outcome: what a defense changes
    where P(at least m arrive) is 1 at every m (an India-Pakistan file: 95 warheads expected
    without a defense, 60 with one, every probability 1, and survivors the same in both)."""
    from anpo.deterrence.questions import answer_case, seed_table
    from anpo.explore.scenario import case_outcomes
    from anpo.scenario import parse_scenario_text

    scen = parse_scenario_text(EXPLORE_SCENARIO, "x.toml")
    out = {c.variant.id: case_outcomes(c) for c in scen.cases()}
    mad, nmd = out["mad"], out["nmd"]
    assert mad["usa_chn_survivors_expected"] == nmd["usa_chn_survivors_expected"]
    assert nmd["usa_chn_arrivals_expected_usa"] < mad["usa_chn_arrivals_expected_usa"]
    case = next(c for c in scen.cases() if c.variant.id == "nmd")
    row = seed_table(answer_case(case)).iloc[0]
    assert nmd["usa_chn_arrivals_expected_usa"] == float(row["arrivals_expected"])


@pytest.mark.parametrize(
    "target",
    [
        "defenses[nmd].layers[0].sspk",
        'defenses["nmd"].layers[0].sspk',
        "defenses[ nmd ].layers[0].sspk",
        "defenses[id=nmd].layers[0].sspk",
        "defenses[0].layers[0].sspk",
    ],
)
def test_an_input_is_placed_however_its_target_names_the_defense(tmp_path: Path, target: str):
    """Every spelling the uncertainties accept for one defense (anpo.scenario.uncertainty.
    parse_target) is read by the variants that activate it and by no other: a quoted or spaced
    id was read by none, so the input dropped out of every analysis."""
    from anpo.explore.scenario import model_from_files

    text = EXPLORE_SCENARIO.replace(
        'target = "defenses[nmd].layers[0].sspk"', f"target = '{target}'"
    )
    assert target in text
    (tmp_path / "a.toml").write_text(text, encoding="utf-8")
    model = model_from_files([tmp_path / "a.toml"])
    assert model.inputs_by_case == {"mini/mad": ["kill"], "mini/nmd": ["sspk", "kill"]}


def test_an_input_of_a_force_a_variant_does_not_field_is_not_read_by_it(tmp_path: Path):
    """A force with ``baseline = false`` is read only by the variants that add it; an input
    with several targets is read where any of them is."""
    from anpo.explore.scenario import model_from_files

    extra = """
[[forces]]
id = "cn-new"
actor = "CHN"
name = "new ICBMs"
basing = "road-mobile"
missile_class = "ICBM"
launchers = 10
warheads_per_launcher = 1
survivable_fraction = 0.5
reaches = ["USA"]
baseline = false
source = "anpo assumption"

[[counterforce]]
striker = "USA"
basing = "road-mobile"
kill_probability = 0.5
source = "anpo assumption"

[[variants]]
id = "nmd-new"
title = "NMD against new ICBMs"
defenses = ["nmd"]
add_forces = ["cn-new"]

[[uncertainties]]
name = "new_icbms"
target = "forces[cn-new].launchers"
distribution = { kind = "uniform", low = 5, high = 20 }
basis = "anpo assumption: test range"

[[uncertainties]]
name = "both"
target = ["forces[cn-new].survivable_fraction", "defenses[nmd].layers[0].reliability"]
distribution = { kind = "uniform", low = 0.5, high = 0.9 }
basis = "anpo assumption: test range"
"""
    (tmp_path / "a.toml").write_text(EXPLORE_SCENARIO + extra, encoding="utf-8")
    model = model_from_files([tmp_path / "a.toml"])
    assert model.inputs_by_case == {
        "mini/mad": ["kill"],
        "mini/nmd": ["sspk", "kill", "both"],
        "mini/nmd-new": ["sspk", "kill", "new_icbms", "both"],
    }


@pytest.mark.parametrize(
    ("text", "says"),
    [("{}", "manifest.json lacks experiments, inputs_hash"), ("[1]", "not a JSON object")],
)
def test_status_of_a_folder_with_a_foreign_manifest_says_so(
    tmp_path: Path, text: str, says: str
) -> None:
    """A manifest.json that anpo explore run did not write ('{}') was a KeyError traceback in
    ``anpo explore status`` (and ``anpo serve --explore``); a JSON list, a TypeError."""
    (tmp_path / "manifest.json").write_text(text, encoding="utf-8")
    with pytest.raises(ExploreError, match=says) as info:
        ex.status(tmp_path)
    assert info.value.file == str(tmp_path / "manifest.json")


@pytest.fixture(scope="module")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small complete run (2 cases x 8 samples of ``noisy_sum``); tests copy it."""
    out = tmp_path_factory.mktemp("small") / "run"
    return ex.run(_model(), n=8, seed=3, out=out, executor="serial")


def _copy_run(run_dir: Path, to: Path) -> Path:
    import shutil

    return Path(shutil.copytree(run_dir, to / "run"))


@pytest.mark.parametrize("value", ["Infinity", "NaN", "-5", "15.9", "true", '"16"'])
def test_status_refuses_an_experiment_count_anpo_does_not_write(
    small_run: Path, tmp_path: Path, value: str
) -> None:
    """``experiments`` is the whole number of experiments the run asked: Infinity was an
    OverflowError traceback in ``anpo explore status`` and ``serve --explore``; -5, 15.9,
    true or "16" were read as -5, 15, 1 or 16 and the status said '16 of -5 experiments done
    (-21 missing)'. Each is an ExploreError naming the manifest."""
    run_dir = _copy_run(small_run, tmp_path)
    path = run_dir / store.MANIFEST
    man = path.read_text(encoding="utf-8")
    assert '"experiments": 16' in man
    path.write_text(man.replace('"experiments": 16', f'"experiments": {value}'), "utf-8")
    with pytest.raises(ExploreError, match="experiments") as info:
        ex.status(run_dir)
    assert info.value.file == str(path)
    # the sensitivity analysis reads the count through the same check (it called int() too)
    from anpo.explore.sensitivity import sensitivity

    with pytest.raises(ExploreError, match="experiments") as info:
        sensitivity(run_dir)
    assert info.value.file == str(path)


@pytest.mark.parametrize(("key", "value"), [
    ("n", "true"), ("n", "0"), ("seed", "-5"), ("seed", "3.5"), ("rows", '"8"'),
])  # fmt: skip
def test_status_refuses_sampler_settings_anpo_does_not_write(
    small_run: Path, tmp_path: Path, key: str, value: str
) -> None:
    """``anpo explore status`` printed a manifest's ``n``, ``seed`` and ``rows`` as the run's
    settings whatever they held: a hand-edited ``"n": true`` read 'sampler lhs, n True' and
    ``"seed": -5`` 'seed -5', settings no run has. Each is an ExploreError naming the manifest
    and the entry as written (exit 2 on the command line)."""
    run_dir = _copy_run(small_run, tmp_path)
    path = run_dir / store.MANIFEST
    man = json.loads(path.read_text(encoding="utf-8"))
    man[key] = json.loads(value)
    path.write_text(json.dumps(man), encoding="utf-8")
    with pytest.raises(ExploreError) as info:
        ex.status(run_dir)
    assert info.value.file == str(path)
    assert f"{key} = {value}, not a whole number" in info.value.message, info.value.one_line()
    r = invoke("explore", "status", str(run_dir))
    assert r.exit_code == 2 and r.stderr == f"error: {info.value.one_line()}\n", r.output


@pytest.mark.parametrize(
    ("index", "update", "field", "value"),
    [
        # said "alpha: Input should be less than or equal to 1000000 (got nan)", no file
        (0, {"kind": "beta", "alpha": float("nan"), "beta": 2}, "alpha", float("nan")),
        # said "triangular needs finite low <= mode <= high with low < high", no file
        (1, {"mode": float("nan")}, "mode", float("nan")),
        # said "uniform needs finite low < high", no file
        (0, {"high": float("inf")}, "high", float("inf")),
    ],
)
def test_sensitivity_says_a_distribution_number_is_not_finite(
    small_run: Path, tmp_path: Path, index: int, update: dict, field: str, value: float
) -> None:
    """A run's manifest holding a NaN distribution parameter (JSON as Python writes and reads
    it: ``NaN``) made ``anpo explore sensitivity`` say the bound the NaN failed ("alpha: Input
    should be less than or equal to 1000000 (got nan)", for a beta) with no file: now "must be
    a finite number (got nan)", at the manifest and the entry (exit 2, one line)."""
    run_dir = _copy_run(small_run, tmp_path)
    path = run_dir / store.MANIFEST
    man = json.loads(path.read_text(encoding="utf-8"))
    man["params"][index]["distribution"].update(update)
    path.write_text(json.dumps(man), encoding="utf-8")
    r = invoke("explore", "sensitivity", str(run_dir))
    line = one_line_error(r)
    name = man["params"][index]["name"]
    assert line == (
        f"error: {path}: params[{index}].distribution: manifest.json holds entries anpo "
        f"explore run does not write: input {name!r}: {field}: must be a finite number "
        f"(got {value!r})"
    ), line


@pytest.mark.parametrize(
    ("dist", "said"),
    [
        ({"kind": "beta", "alpha": float("nan"), "beta": 2}, "alpha: must be a finite number"),
        ({"kind": "lognormal", "median": 1, "sigma": float("nan")}, "sigma: must be a finite"),
        ({"kind": "choice", "values": [0.3, float("nan")]}, "values: must be finite numbers"),
    ],
)
def test_a_distribution_parameter_that_is_not_a_number_is_said_so(dist: dict, said: str) -> None:
    """``FunctionModel(f, {"x": {"kind": "beta", "alpha": nan, ...}})`` said "alpha: Input
    should be less than or equal to 1000000 (got nan)" (the bound the NaN failed first), a
    lognormal's NaN sigma "greater than 0", and a choice drew NaN as one of its values."""
    from anpo.explore.space import as_params

    with pytest.raises(ExploreError) as e:
        as_params({"x": dist | {"basis": "a source"}})
    assert str(e.value).startswith(f"input 'x': {said}"), str(e.value)
    assert "(got nan)" in str(e.value) or "(got [0.3, nan])" in str(e.value)


def test_status_of_a_manifest_nested_too_deep_says_so(tmp_path: Path) -> None:
    """JSON nested deeper than the parser's recursion limit was a RecursionError traceback."""
    (tmp_path / "manifest.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(ExploreError, match="unreadable manifest") as info:
        ex.status(tmp_path)
    assert info.value.file == str(tmp_path / "manifest.json")


@pytest.mark.parametrize(
    ("new", "keep", "says"),
    [
        # a shard whose name ends before it starts was counted as -4 experiments done
        ("000000000016-000000000012", False, "ends before it starts"),
        # a shard beyond the run's experiments made 'done' exceed them: '20 of 16 ... -4 missing'
        ("000000000016-000000000020", True, "beyond the 16"),
    ],
)
def test_status_refuses_a_shard_name_the_run_cannot_have(
    small_run: Path, tmp_path: Path, new: str, keep: bool, says: str
) -> None:
    """Shards renamed or copied by hand: the status counted their names as they stood and said
    how many were done and missing from them; each is an ExploreError naming the shard."""
    import shutil

    run_dir = _copy_run(small_run, tmp_path)
    shards = run_dir / store.SHARDS
    last = shards / "000000000012-000000000016.parquet"
    assert last.is_file(), sorted(p.name for p in shards.iterdir())
    target = shards / f"{new}.parquet"
    shutil.copy(last, target) if keep else last.rename(target)
    with pytest.raises(ExploreError, match=says) as info:
        ex.status(run_dir)
    assert info.value.file == str(target)


def test_a_damaged_shard_is_an_explore_error_naming_it(small_run: Path, tmp_path: Path) -> None:
    """A shard that is not Parquet (cut short, overwritten) was a pyarrow ArrowInvalid traceback
    in ``anpo explore discover``/``load`` and an internal error (500) on the futures page; it is
    an ExploreError naming the shard, which the page shows as the reason it has no results."""
    from anpo.web.api_futures import explore_summary

    run_dir = _copy_run(small_run, tmp_path)
    shard = run_dir / store.SHARDS / "000000000008-000000000012.parquet"
    shard.write_bytes(b"garbage")
    with pytest.raises(ExploreError, match="not a readable Parquet shard") as info:
        ex.load(run_dir)
    assert info.value.file == str(shard)
    summary = explore_summary(run_dir)
    assert not summary.available and str(shard) in summary.reason


def test_run_takes_one_file_as_a_path_or_a_string(tmp_path: Path):
    """`anpo.explore.run(FILE, ...)` with one scenario file given as a string or a Path runs
    that file, as a list holding it does (a string was read as a sequence of one-letter
    file names: "s: file not found")."""
    path = tmp_path / "s.toml"
    path.write_text(EXPLORE_SCENARIO, encoding="utf-8")
    listed = ex.load(ex.run([path], n=4, seed=2, out=tmp_path / "list"))
    for name, one in (("str", str(path)), ("path", path)):
        out = ex.run(one, n=4, seed=2, out=tmp_path / name)
        assert out == tmp_path / name
        pd.testing.assert_frame_equal(ex.load(out), listed)


def test_cli_errors_name_the_flag_of_an_unknown_outcome_case_or_executor(tmp_path: Path):
    """An unknown --outcome or --case of `explore sensitivity` and an unknown --executor of
    `explore run` are one line naming the flag, as `explore discover` and --sampler are."""
    path = tmp_path / "s.toml"
    path.write_text(EXPLORE_SCENARIO, encoding="utf-8")
    out = ex.run([path], n=8, seed=3, out=tmp_path / "run")
    runner = CliRunner()
    for args, flag in (
        (["explore", "sensitivity", str(out), "--outcome", "nope"], "--outcome"),
        (["explore", "sensitivity", str(out), "--case", "nope"], "--case"),
        (["explore", "run", str(path), "--n", "2", "--seed", "1", "--out",
          str(tmp_path / "x"), "--executor", "nope"], "--executor"),
    ):  # fmt: skip
        res = runner.invoke(anpo.cli.app, args)
        assert res.exit_code == 2, res.output
        assert res.output.startswith(f"error: {flag}: unknown "), res.output
        assert "'nope'" in res.output and len(res.output.strip().splitlines()) == 1


@pytest.mark.parametrize(("seed", "i", "field"), [(-1, 0, "seed"), (1.5, 0, "seed"), (1, -2, "i")])
def test_experiment_rng_refuses_what_is_not_a_whole_number(seed: Any, i: Any, field: str) -> None:
    """numpy's ValueError ('expected non-negative integer') or TypeError before."""
    with pytest.raises(ExploreError) as err:
        ex.experiment_rng(seed, i)
    assert err.value.field == field
    assert ex.experiment_rng(np.int64(3), 2).random() == ex.experiment_rng(3, 2).random()


@pytest.mark.parametrize(("n", "seed", "field"), [(2.5, 0, "n"), ("10", 0, "n"), (4, 1.5, "seed")])
def test_run_refuses_a_count_or_seed_that_is_not_a_whole_number(
    tmp_path: Path, n: Any, seed: Any, field: str
) -> None:
    """n = 2.5 was written into manifest.json and then refused as a damaged manifest; '10'
    and a seed of 1.5 were bare TypeErrors. Nothing is written."""
    out = tmp_path / "run"
    with pytest.raises(ExploreError) as err:
        ex.run(ex.FunctionModel(noisy_sum, SPACE), n=n, seed=seed, out=out)
    assert err.value.field == field
    assert not out.exists()


def test_function_model_of_something_not_callable_is_an_explore_error() -> None:
    with pytest.raises(ExploreError) as err:  # AttributeError ('__module__') before
        ex.FunctionModel(3, SPACE)  # type: ignore[arg-type]
    assert err.value.field == "fn"


def test_load_selects_columns_and_names_an_unknown_one(tmp_path: Path):
    """``anpo.explore.load(out, columns=["x"])`` sorted by a column it had just left out
    (KeyError: 'Field "experiment" does not exist in schema'); an unknown column was
    pyarrow's KeyError. Both: the columns asked, in experiment order; an ExploreError naming
    the column and the run's columns."""
    m = ex.FunctionModel(lambda x: x * 2, {"x": Uniform(low=0, high=1, basis="test input")})
    out = ex.run(m, n=6, seed=1, out=tmp_path / "r", batch_size=2)
    full = ex.load(out)
    only = ex.load(out, columns=["value", "x"])
    assert only.columns.tolist() == ["value", "x"]
    assert only["x"].tolist() == full["x"].tolist()
    with pytest.raises(ExploreError, match="no column 'nope' in the results .*experiment"):
        ex.load(out, columns=["nope"])


def test_run_says_an_input_that_takes_one_value(tmp_path: Path):
    """An input whose draws all round to one whole number (launchers drawn in 40.1-40.4) is 40
    in every experiment: `anpo explore run` says so on stderr and in its JSON, so that no
    analysis of the run is read as its effect (it said nothing). It is found from the file
    before the run (constant_uncertainties, as `anpo validate` and `anpo futures compare` say
    it), once: the note after the run that its results hold one value is not said again."""
    path = tmp_path / "s.toml"
    path.write_text(
        EXPLORE_SCENARIO
        + '\n[[uncertainties]]\nname = "mm3"\ntarget = "forces[us-mm3].launchers"\n'
        'distribution = { kind = "uniform", low = 40.1, high = 40.4 }\n'
        'basis = "anpo assumption: test range"\n',
        encoding="utf-8",
    )
    args = ["explore", "run", str(path), "--n", "4", "--seed", "1", "--no-progress"]
    res = CliRunner().invoke(anpo.cli.app, [*args, "--out", str(tmp_path / "r")])
    assert res.exit_code == 0, res.output
    assert (
        "note: case mini/mad: the uncertain input mm3 moves nothing: every draw, from 40.1 to "
        "40.4, rounds to 40 (the field it sets takes whole numbers)"
    ) in res.output.splitlines()
    assert "mm3 is 40 in every experiment" not in res.output
    assert "sspk is" not in res.output and "sspk moves" not in res.output
    res = CliRunner().invoke(anpo.cli.app, [*args, "--out", str(tmp_path / "j"), "--json"])
    payload = res.output[res.output.index("{") :]
    assert json.loads(payload)["fixed_inputs"] == {"mm3": "40"}


@pytest.mark.parametrize("command", ["status", "discover", "sensitivity"])
def test_a_missing_or_file_folder_is_said_as_such(tmp_path: Path, command: str):
    """`anpo explore status/discover/sensitivity` on a mistyped folder said "not an anpo
    explore folder (no manifest.json)", as for a folder without a run; on a file too."""
    extra = ["--outcome", "y", "--where", "< 1"] if command == "discover" else []
    (tmp_path / "f.toml").write_text("", encoding="utf-8")
    (tmp_path / "d").mkdir()
    for name, said in (
        ("nope", "no such folder (give the --out folder of an anpo explore run)"),
        ("f.toml", "is a file, not a folder (give the --out folder of an anpo explore run)"),
        ("d", "not an anpo explore folder (no manifest.json)"),
    ):
        path = tmp_path / name
        res = CliRunner().invoke(anpo.cli.app, ["explore", command, str(path), *extra])
        assert res.exit_code == 2 and res.output == f"error: {path}: {said}\n", res.output
    with pytest.raises(ExploreError, match="no such folder"):
        ex.load(tmp_path / "nope")


def test_refused_levels_print_no_note_and_help_names_future_files(tmp_path: Path):
    """`--sampler factorial --levels 0` printed "note: the factorial design takes 0 levels per
    input from --levels; --n 2 is not used" before refusing --levels; `anpo explore --help`
    said the inputs were those of scenario files only (future files are explored too)."""
    scen = tmp_path / "s.toml"
    scen.write_text(EXPLORE_SCENARIO, encoding="utf-8")
    args = ["explore", "run", str(scen), "--n", "2", "--seed", "1", "--out", str(tmp_path / "r")]
    res = CliRunner().invoke(anpo.cli.app, [*args, "--sampler", "factorial", "--levels", "0"])
    assert res.exit_code == 2 and res.output.startswith("error: --levels: "), res.output
    assert "note:" not in res.output
    res = CliRunner().invoke(anpo.cli.app, ["explore", "--help"])
    assert "scenario or future files" in " ".join(res.output.split())


def test_a_serial_run_counts_each_batch_as_it_lands(tmp_path: Path):
    """The serial executor ran each batch when it was submitted, and the engine submits two
    before it waits for the first: when the first count after 0 came (16 of 40), 32
    experiments had run (the first batch also paying the model's loading), so a bar stayed at
    0 through both. Batches now run when the engine asks for one: each count comes as its
    batch lands."""
    evaluated: list[float] = []

    def model(x: float) -> float:
        evaluated.append(x)
        return x * 2

    m = ex.FunctionModel(model, {"x": Uniform(low=0, high=1, basis="test input")})
    seen: list[tuple[int, int]] = []  # (count, experiments evaluated by then)
    ex.run(
        m,
        n=40,
        seed=1,
        out=tmp_path / "r",
        executor="serial",
        progress=lambda d, t: seen.append((d, len(evaluated))),
    )
    assert seen[:2] == [(0, 0), (16, 16)] and seen[-1] == (40, 40)
    assert all(done == ran for done, ran in seen)


def _xy() -> dict[str, Uniform]:
    return {
        "x": Uniform(low=0, high=1, basis="test basis"),
        "y": Uniform(low=0, high=1, basis="test basis"),
    }


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"workers": 2.5}, "workers"),  # a TypeError from multiprocessing
        ({"workers": 0}, "workers"),  # named "--workers", the command line's flag
        ({"batch_size": 2.5}, "batch_size"),  # a TypeError from inside
        ({"batch_size": 0}, "batch_size"),  # an ExploreError naming no field
        ({"sampler": "morris", "levels": 2.5}, "levels"),  # taken
    ],
)
def test_run_counts_are_integers_named(tmp_path: Path, kwargs: dict[str, Any], field: str):
    """workers, batch_size and levels were compared with 1 only: 2.5 workers was a TypeError
    from multiprocessing, a batch size of 2.5 one from inside the run. A library error names
    the library's argument: workers were named "--workers" (audit33 item 8), the command
    line's flag, which ``anpo explore run`` still says (test below)."""
    with pytest.raises(ExploreError) as err:
        ex.run(ex.FunctionModel(noisy_sum, _xy()), n=4, seed=1, out=tmp_path / "o", **kwargs)
    assert err.value.field == field
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(("flags", "said"), [(["--workers", "0"], "--workers: must be >= 1")])
def test_the_command_line_names_its_flags_for_the_library_s_arguments(
    tmp_path: Path, flags: list[str], said: str
):
    """The library names ``workers`` (above); ``anpo explore run`` says the flag typed."""
    scen = tmp_path / "s.toml"
    scen.write_text(EXPLORE_SCENARIO, encoding="utf-8")
    args = ["explore", "run", str(scen), "--n", "4", "--seed", "1", "--out", str(tmp_path / "o")]
    err = one_line_error(CliRunner().invoke(anpo.cli.app, [*args, *flags]))
    assert err == f"error: {said}"


@pytest.mark.parametrize(
    ("kwargs", "numpy_kwargs"),
    [
        ({"n": 4}, {"n": np.int64(4)}),
        ({"n": 4}, {"n": np.int32(4)}),
        ({"n": 2, "sampler": "factorial", "levels": 2},
         {"n": 2, "sampler": "factorial", "levels": np.int64(2)}),
    ],
)  # fmt: skip
def test_numpy_integers_are_taken_for_n_and_levels(
    tmp_path: Path, kwargs: dict[str, Any], numpy_kwargs: dict[str, Any]
):
    """audit33 item 4: ``n=np.int64(4)`` (or np.int32, ``levels=np.int64(2)``) was a raw
    TypeError ("Object of type int64 is not JSON serializable") writing manifest.json, where
    the seed, workers and batch size took numpy integers. Now the run is the plain ints' run:
    the same manifest (inputs hash) and the same results."""
    model = ex.FunctionModel(noisy_sum, _xy())
    plain = ex.run(model, seed=1, out=tmp_path / "plain", **kwargs)
    given = ex.run(model, seed=1, out=tmp_path / "numpy", **numpy_kwargs)
    assert store.read_manifest(given) == store.read_manifest(plain)
    pd.testing.assert_frame_equal(ex.load(given), ex.load(plain))


@pytest.mark.parametrize(
    "params",
    [
        {"x": Uniform(low=0, high=1, basis="test basis")},  # y missing
        _xy() | {"z": Uniform(low=0, high=1, basis="test basis")},  # z not an argument
    ],
)
def test_a_function_model_s_inputs_must_fit_its_arguments(tmp_path: Path, params):
    """An input the function does not take, or an argument no input gives, was taken and the
    run failed with the function's TypeError ("noisy_sum() missing 1 required positional
    argument: 'y'") from inside."""
    with pytest.raises(ExploreError) as err:
        ex.FunctionModel(noisy_sum, params)
    assert err.value.field == "params"
    ex.FunctionModel(noisy_sum, _xy())
    ex.FunctionModel(lambda x, **more: x, params)  # **more takes any input


def _noisy_vec(x: np.ndarray, y: np.ndarray, seeds: np.ndarray) -> dict[str, np.ndarray]:
    """A stochastic vectorised model: each experiment's noise from its own seed."""
    noise = np.array([np.random.default_rng(s).normal(0.0, 0.1) for s in seeds.tolist()])
    return {"z": x + y + noise, "noise": noise}


def test_a_vectorised_model_s_seeds_follow_the_run_s_seed_not_its_batches(tmp_path: Path):
    """A stochastic vectorised model's ``seeds`` are a function of the run's seed and the
    experiment's index alone: other batch sizes give the same table, another seed other noise
    (they were the experiments' indices 0, 1, 2...: every seed drew the same noise)."""
    m = ex.FunctionModel(_noisy_vec, SPACE, vectorized=True, cases=["a", "b"])
    runs = {
        (seed, batch): ex.load(
            ex.run(m, n=20, seed=seed, out=tmp_path / f"s{seed}-b{batch}", batch_size=batch)
        )
        for seed, batch in ((5, 3), (5, 17), (6, 3))
    }
    assert _digest(runs[5, 3]) == _digest(runs[5, 17])
    a, b = runs[5, 3]["noise"].to_numpy(), runs[6, 3]["noise"].to_numpy()
    assert np.unique(a).size == a.size and not np.any(a == b)
    seeds = ex.experiment_seeds(5, 0, 40)
    assert seeds.dtype == np.uint64 and np.array_equal(seeds[7:9], ex.experiment_seeds(5, 7, 9))
    assert not np.array_equal(seeds, ex.experiment_seeds(6, 0, 40))


def test_experiment_seeds_refuses_a_stop_before_the_start():
    """audit33 item 8: ``experiment_seeds(1, 5, 2)`` returned an empty array, as if the range
    were merely empty; a stop before the start is now an ExploreError naming ``stop``. An
    empty range (stop == start) is still no experiment, and numpy integers are taken."""
    with pytest.raises(ExploreError) as info:
        ex.experiment_seeds(1, 5, 2)
    assert info.value.field == "stop"
    assert info.value.message == "must be >= start (5), got 2"
    assert ex.experiment_seeds(1, 5, 5).shape == (0,)
    given = ex.experiment_seeds(np.int64(1), np.int32(2), np.uint8(5))
    assert np.array_equal(given, ex.experiment_seeds(1, 2, 5))


@pytest.mark.parametrize(
    ("dist", "said"),
    [
        ({"kind": "uniform", "low": 0, "high": 1}, "input 'x': basis: required field is missing"),
        (
            {"kind": "uniform", "low": "a", "high": 1, "basis": "a source"},
            "input 'x': low: Input should be a valid number (got 'a', a text, not a number)",
        ),
        (
            {"kind": "uniform", "low": 0, "high": 1, "basis": "a source", "hgh": 2},
            "input 'x': hgh: unknown key 'hgh'",
        ),
        (
            {"kind": "uniform", "low": 2, "high": 1, "basis": "a source"},
            "input 'x': uniform needs finite low < high",
        ),
    ],
)
def test_a_bad_distribution_is_said_in_the_users_words(dist: dict, said: str) -> None:
    """review12 F-F: ``FunctionModel(f, {"x": {...}})`` (README's way in) with a missing
    ``basis`` said pydantic's own text: "1 validation error for tagged-union[function-after[
    _order(), Uniform], ...] uniform.basis Field required [type=missing, ...] For further
    information visit https://errors.pydantic.dev/..."; now the key as the user wrote it and
    the project's words (:func:`anpo._io.inputs.validation_problem`)."""
    from anpo.explore.space import as_params

    with pytest.raises(ExploreError) as e:
        as_params({"x": dist})
    assert str(e.value) == said


def _python(
    args: list[str], stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` with this checkout's ``src`` first on the path, output captured."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, *args], input=stdin, capture_output=True, text=True, env=env, cwd=cwd
    )


# A script that makes forking unsafe (a second thread: the pool starts its workers by
# forkserver), then runs a two-worker exploration and prints the ExploreError it gets.
_FORKSERVER_RUN = """
import sys, threading, time
import anpo.explore as ex
from anpo.errors import ExploreError
from anpo.scenario.uncertainty import Triangular, Uniform
{define}
threading.Thread(target=time.sleep, args=(120,), daemon=True).start()
space = {{"x": Uniform(low=0, high=1, basis="test input"),
          "y": Triangular(low=0, mode=0.5, high=2, basis="test input")}}  # SPACE
try:
    ex.run(ex.FunctionModel({fn}, space, cases=["a", "b"]), n=40, seed=3,
           out=sys.argv[1], workers=2)
except ExploreError as exc:
    print(exc.one_line())
    sys.exit(3)
print("completed")
"""


def test_a_process_pool_from_a_stdin_script_is_refused_and_the_folder_resumes(tmp_path: Path):
    """A script read from standard input (``python3 - <<EOF``) that runs threads, so that the
    pool's workers are started by forkserver (which loads the main module from its file, here
    ``<stdin>``, and died: BrokenProcessPool), gets an ExploreError saying what to do, even with
    an importable model; the half-done run it was resuming keeps its shards untouched and then
    resumes with one worker to the uninterrupted results (multiprocessing's
    ``spawn.get_preparation_data``: the main module is loaded by name or from ``__file__``)."""
    m = _model()
    clean = ex.load(ex.run(m, n=40, seed=3, out=tmp_path / "clean"))
    out = tmp_path / "half"
    ex.run(m, n=40, seed=3, out=out, batch_size=10)
    shards = store.list_shards(out)
    shards[1].path.unlink()  # a run stopped part-way: 70 of 80 experiments done
    before = {p.name: p.read_bytes() for p in (out / store.SHARDS).iterdir()}
    script = _FORKSERVER_RUN.format(
        define="from anpo.explore.examples import noisy_sum", fn="noisy_sum"
    )
    ran = _python(["-", str(out)], stdin=script)
    assert ran.returncode == 3, ran.stdout + ran.stderr
    said = ran.stdout.strip()
    assert said.startswith("workers: ") and "standard input" in said, said
    assert "workers=1" in said and "serial" in said and "module" in said, said
    assert "Traceback" not in ran.stderr, ran.stderr
    assert {p.name: p.read_bytes() for p in (out / store.SHARDS).iterdir()} == before
    resumed = ex.load(ex.run(m, n=40, seed=3, out=out, workers=1))
    assert _digest(resumed) == _digest(clean)


def test_a_process_pool_for_a_function_of_a_dash_c_program_is_refused(tmp_path: Path):
    """``python -c`` with the model's function defined in it and a thread running (so the
    workers are started by forkserver, which cannot import ``__main__.f``: BrokenProcessPool
    before) is an ExploreError naming the function, and the run leaves no folder behind
    (multiprocessing's ``spawn.get_preparation_data``: a main module without ``__file__`` is
    not loaded in the worker)."""
    define = "def own_sum(x, y, case):\n    return {'z': x + y + (case == 'b')}\n"
    out = tmp_path / "run"
    ran = _python(["-c", _FORKSERVER_RUN.format(define=define, fn="own_sum"), str(out)])
    assert ran.returncode == 3, ran.stdout + ran.stderr
    said = ran.stdout.strip()
    assert "own_sum" in said and "python -c" in said and "forkserver" in said, said
    assert "workers=1" in said, said
    assert not out.exists()


def test_cli_explore_run_from_a_stdin_script_exits_2_without_a_traceback(tmp_path: Path):
    """``anpo explore run --workers 2`` called from a script read from standard input while a
    thread runs (workers by forkserver, which cannot load ``<stdin>``) exits 2 with the
    one-line error naming --workers, no traceback (it was BrokenProcessPool's; the CLI's
    contract: a user's error is one line and status 2)."""
    path = tmp_path / "s.toml"
    path.write_text(EXPLORE_SCENARIO, encoding="utf-8")
    out = tmp_path / "run"
    script = (
        "import sys, threading, time\n"
        "from anpo.cli import main\n"
        "threading.Thread(target=time.sleep, args=(120,), daemon=True).start()\n"
        "main(sys.argv[1:])\n"
    )
    args = ["explore", "run", str(path), "--n", "20", "--seed", "1", "--out", str(out),
            "--workers", "2", "--no-progress"]  # fmt: skip
    ran = _python(["-", *args], stdin=script)
    assert ran.returncode == 2, ran.stdout + ran.stderr
    assert "Traceback" not in ran.stderr, ran.stderr
    assert ran.stderr.startswith("error: --workers: "), ran.stderr
    assert "standard input" in ran.stderr and "--workers 1" in ran.stderr, ran.stderr
    assert not out.exists()


@pytest.mark.slow  # starts a forkserver and its workers: a few seconds
def test_a_worker_that_cannot_load_the_model_is_an_explore_error(tmp_path: Path):
    """A script file whose model function is defined under ``if __name__ == "__main__":``
    passes the check before the pool starts (its main module has a file), but the forkserver
    workers load that file as ``__mp_main__`` without the function: an ExploreError naming
    the function, the guard and what to do, before any shard is written, and no traceback on
    stderr (it was the worker's, from ``multiprocessing.spawn._main`` unpickling the model,
    followed by 'died while starting'; multiprocessing's programming guidelines: 'safe
    importing of main module')."""
    body = _FORKSERVER_RUN.format(
        define="def guarded_sum(x, y):\n    return {'z': x + y}\n", fn="guarded_sum"
    )
    guarded = "if __name__ == '__main__':\n" + "".join(
        "    " + line + "\n" for line in body.splitlines()
    )
    script = tmp_path / "guarded.py"
    script.write_text(guarded, encoding="utf-8")
    out = tmp_path / "run"
    ran = _python([str(script), str(out)], cwd=tmp_path)
    assert ran.returncode == 3, ran.stdout + ran.stderr
    said = ran.stdout.strip()
    assert said.startswith("workers: ") and "\n" not in said, said
    assert "could not load the model" in said and "guarded_sum" in said, said
    assert "__mp_main__" in said and "if __name__" in said and "workers=1" in said, said
    assert "Traceback" not in ran.stderr, ran.stderr
    assert not out.exists()


def test_a_scenario_runs_align_instance_is_read_beside_the_file_in_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scenario-file exploration's files, parsed anew in a worker whose working folder is
    another one (pickled, as a process pool or Dask sends the model), hold their ``[align]
    instance`` path taken from the file's folder, as ``anpo.scenario.load_scenario`` holds it:
    the model parsed them with no folder, so a relative path was left to be read from
    whatever working folder a reader had (no outcome of the run reads it today: one rule for
    a later reader) (explore28)."""
    import pickle

    from anpo.explore.scenario import ScenarioModel
    from anpo.scenario.load import book_files, load_scenario

    book = next(p for p in book_files() if p.stem == "us-japan-2001").read_text(encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "s.toml").write_text(book + '\n[align]\ninstance = "x.toml"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    model = ScenarioModel.from_files(["sub/s.toml"])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    worker = pickle.loads(pickle.dumps(model))
    assert worker.parsed[0].align.instance == str(sub / "x.toml")
    assert load_scenario(sub / "s.toml").align.instance == str(sub / "x.toml")
