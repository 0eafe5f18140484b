"""Running an exploration: design, batches, executors, shards, resume.

Experiments are numbered ``i = row * n_cases + case``: every sample of the design (``row``) is
run for every case (file and variant, or future) with the same input values, so cases are
compared on common random numbers. Experiment ``i`` draws its random numbers, if its model has
any, from ``SeedSequence(seed, spawn_key=(i,))`` (a vectorised model: from its seed
:func:`~anpo.explore.model.experiment_seeds`, a hash of the root seed and ``i``); the design
comes from ``SeedSequence(seed)``.
Nothing depends on the executor, the number of workers or the batch sizes, so results are the
same whichever runs them, and a resumed run equals an uninterrupted one.

Batches are sized automatically: the first ones are small; then each batch is sized to take
about half a second (one second on Dask) at the measured cost per experiment, never more than
half of the remaining experiments per worker (so the pool stays busy to the end). The memory of
a run is the design (8 bytes per input and sample) plus the batches in flight; results go to
disk shard by shard.

The input columns of the results hold the value each experiment's model used
(:meth:`~anpo.explore.model.Model.applied_inputs`): a scenario field that takes whole numbers
gets the sample's nearest integer (:func:`anpo.scenario.uncertainty.applied_value`), so 94.4
launchers sampled are 94 in the results, in scenario discovery and in every table or figure of
the inputs. The samples themselves follow from the manifest (distributions, sampler, ``n``,
``seed``: :func:`anpo.explore.space.unit_design` and :func:`~anpo.explore.space.values_of`),
and the sensitivity indices are computed on that design (:mod:`anpo.explore.sensitivity`).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from anpo import _package
from anpo._checks import as_path, seed_number, whole_number
from anpo._progress import ProgressFn
from anpo._version import __version__
from anpo.errors import ExploreError
from anpo.explore import store
from anpo.explore.executors import Executor, make_executor
from anpo.explore.model import BatchResult, BatchTask, Model, RunFilesError, files_said
from anpo.explore.space import check_design, unit_design, values_of

RESERVED = ("experiment", "case", "row", "error")

#: The manifest's entries :func:`status` reports (every run's manifest has them).
STATUS_KEYS = (
    "experiments",
    "inputs_hash",
    "anpo_version",
    "model",
    "cases",
    "params",
    "sampler",
    "n",
    "seed",
    "rows",
)


def build_manifest(
    model: Model,
    *,
    n: int,
    seed: int,
    sampler: str,
    levels: int | None,
    second_order: bool,
) -> dict[str, Any]:
    """What a run asks for; ``inputs_hash`` covers everything except the package version: the
    model (its fingerprint), the design, the seed, and the digests of the installed package's
    data files and code (``package``, :func:`anpo._package.package_digests`), which the models
    read and compute with while ``anpo_version`` changes only at a release."""
    # a string or a fraction was a bare TypeError (seed 1.5 from SeedSequence, n '10' from a
    # comparison), and n = 2.5 was written into manifest.json before it was refused there
    # numpy integers are taken as the ints they hold: n or levels given as np.int64 went into
    # the manifest as they were, a TypeError from json ("Object of type int64 is not JSON
    # serializable") once the folder was made
    n = whole_number(n, "n", error=ExploreError, floats=False)
    seed_number(seed, error=ExploreError)
    if levels is not None:
        levels = whole_number(levels, "levels", error=ExploreError, floats=False)
    for p in model.params:
        if p.name in RESERVED:
            raise ExploreError(
                f"input name {p.name!r} is reserved ({', '.join(RESERVED)})", field="params"
            )
    options: dict[str, Any] = {"levels": levels, "second_order": bool(second_order)}
    rows = check_design(sampler, model.params, n, levels=levels, second_order=bool(second_order))
    inputs = {
        "model": model.name,
        "fingerprint": model.fingerprint(),
        "cases": list(model.cases),
        "params": [p.to_dict() for p in model.params],
        "sampler": sampler,
        "n": n,
        "seed": int(seed),
        "options": options,
        "package": _package.package_digests(),
    }
    digest = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()
    out = {
        "format": store.FORMAT,
        "anpo_version": __version__,
        "inputs_hash": digest,
        "rows": rows,
        "experiments": rows * len(model.cases),
        **inputs,
    }
    # which inputs each case reads: follows from the files (fingerprinted), so not hashed; a
    # manifest without it (a function model, an older run) means every case reads every input
    if model.inputs_by_case is not None:
        out["case_inputs"] = {c: list(model.inputs_by_case[c]) for c in model.cases}
    # which inputs each outcome reads (futures: a deterrence indicator reads no [alignment]
    # input): follows from the files too, not hashed; without it every outcome may read every
    # input of its case
    by_outcome = model.outcome_inputs()
    if by_outcome is not None:
        out["outcome_inputs"] = by_outcome
    # each file the results depend on, with its digest: the fingerprint holds them all in one
    # hash, so a refused resume could not say which file changed (changed_files); not hashed:
    # the paths differ when a run is resumed from another folder
    files = model.input_files()
    if files is not None:
        out["files"] = files
    return out


def _file_list(manifest: dict[str, Any]) -> list[dict[str, str]] | None:
    """The manifest's ``files`` (:meth:`~anpo.explore.model.Model.input_files`), or None when
    it has none (a run written before anpo recorded them, a function model's) or holds what
    anpo does not write there (edited by hand: a refusal then says no file)."""
    files = manifest.get("files")
    keys = ("role", "path", "resolved", "sha256")
    if not isinstance(files, list) or not all(
        isinstance(f, dict) and all(isinstance(f.get(k), str) for k in keys) for f in files
    ):
        return None
    return files


def _files_said(old: dict[str, Any], new: dict[str, Any]) -> str:
    """What :func:`~anpo.explore.model.changed_files` finds between the two manifests' files,
    as the words (:func:`~anpo.explore.model.files_said`) a refused resume adds to
    ``differs in: fingerprint`` (nothing when either
    manifest has no list of files, or when no file differs: the refusal then says only the
    fingerprint)."""
    before, now = _file_list(old), _file_list(new)
    if before is None or now is None:
        return ""
    said = files_said(
        before,
        now,
        changed="changed since the run",
        added="read now, not by the run",
        missing="read by the run, not now",
    )
    return f" [{said}]" if said else ""


def case_inputs(
    manifest: dict[str, Any], cases: Sequence[str], outcome: str | None = None
) -> list[str]:
    """The run's inputs that at least one of ``cases`` reads, in the run's order (every input
    when the manifest does not say which inputs a case reads); with ``outcome``, those that
    ``outcome`` reads in at least one of ``cases`` (the manifest's ``outcome_inputs``, a futures
    run's: a deterrence indicator reads no ``[alignment]`` input; every input its case reads
    when the manifest does not say)."""
    names = [p["name"] for p in manifest["params"]]
    by_case = manifest.get("case_inputs") or {}
    by_outcome = manifest.get("outcome_inputs") or {}
    read: set[str] = set()
    for c in cases:
        here = set(by_case.get(c, names))
        said = by_outcome.get(c)
        if outcome is not None and isinstance(said, dict) and outcome in said:
            here &= set(said[outcome])
        read |= here
    return [n for n in names if n in read]


def _prepare_folder(out: Path) -> None:
    """Create ``out`` unless it is a file or a foreign, non-empty folder (left untouched)."""
    if out.exists() and not out.is_dir():
        raise ExploreError("exists and is not a folder; choose another --out", file=out)
    if out.is_dir() and store.read_manifest(out) is None:
        _refuse_foreign(out)
    out.mkdir(parents=True, exist_ok=True)


def _refuse_foreign(out: Path) -> None:
    others = [p.name for p in out.iterdir() if p.name not in (store.SHARDS, ".lock")]
    if others or store.list_shards(out):
        raise ExploreError(
            "is not an anpo explore folder (no manifest.json) and is not empty; choose "
            "another --out",
            file=out,
        )


#: What a refused resume says of a manifest without the package digests this anpo records.
_NOT_RECORDED = "package data and code (not recorded by the run)"


def _package_said(old: dict[str, Any], new: dict[str, Any]) -> dict[str, str]:
    """The words a refused resume says for the manifests' ``package`` digests
    (:func:`anpo._package.package_digests`) when they differ: ``package data`` and/or
    ``package code``, whichever changed; ``package data and code (not recorded by the run)``
    for a run written before anpo recorded them (or with a ``package`` it does not write)."""
    before, now = old.get("package"), new["package"]
    if not isinstance(before, dict) or set(before) != set(now):
        return {"package": _NOT_RECORDED}
    changed = [k for k in ("data", "code") if before.get(k) != now.get(k)]
    return {"package": "package " + " and ".join(changed)}


def _package_hint(old: dict[str, Any], said: str) -> str:
    """What a refusal adds when the package's digests differ (``said``: the words of
    :func:`_package_said`): why, and what to do. A manifest whose ``package`` holds other keys
    than this anpo's is not recorded either (its hint read "anpo's own data files and code
    (not recorded by the run) changed"; review33)."""
    if said == _NOT_RECORDED:
        return (
            " (the run was written by an anpo that did not record the digests of its data "
            "files and code, so it cannot be told whether this anpo would compute the same "
            "results: run it again into a new --out)"
        )
    what = said.removeprefix("package ").replace("data", "data files")
    return (
        f" (anpo's own {what} changed since the run, written by anpo "
        f"{old.get('anpo_version')}: its stored results and new ones could differ; run it "
        "into a new --out, or resume it with the anpo that wrote it)"
    )


def _check_manifest(out: Path, manifest: dict[str, Any], stochastic: bool) -> bool:
    """True if the folder already holds this run (resume); raises if it holds another (when
    only the seed of a deterministic model's factorial run differs, saying that the results
    would be the same and which seed resumes it)."""
    old = store.read_manifest(out)
    if old is None:
        _refuse_foreign(out)
        return False
    if old.get("format") != manifest["format"]:
        raise ExploreError(
            f"holds a run in format {json.dumps(old.get('format'))} (this anpo writes format "
            f"{manifest['format']}: {store.FORMAT_CHANGE}); its results and new ones would "
            "disagree, so it is not resumed: choose another --out or remove the folder",
            file=out,
        )
    if old.get("inputs_hash") != manifest["inputs_hash"]:
        diff = [
            k
            for k in (
                "model",
                "fingerprint",
                "cases",
                "params",
                "sampler",
                "n",
                "seed",
                "options",
                "package",
            )
            if old.get(k) != manifest.get(k)
        ]
        hint = ""
        if diff == ["seed"] and manifest["sampler"] == "factorial" and not stochastic:
            hint = (
                f" (a factorial design does not use the seed and this model draws no random "
                f"numbers, so its results would be the same: run with --seed {old.get('seed')} "
                "to resume it)"
            )
        # which file changed, when both runs recorded their files (a run written before anpo
        # recorded them is refused with "fingerprint" alone)
        files = _files_said(old, manifest) if "fingerprint" in diff else ""
        words = {"fingerprint": f"fingerprint{files}", **_package_said(old, manifest)}
        said = ", ".join(words.get(k, k) for k in diff)
        if "package" in diff:
            hint += _package_hint(old, words["package"])
        raise ExploreError(
            f"holds a run with different inputs (inputs hash {str(old.get('inputs_hash'))[:12]}"
            f", this run {manifest['inputs_hash'][:12]}; differs in: "
            f"{said or 'unknown'}); refusing to mix them: choose another --out or "
            f"remove the folder{hint}",
            file=out,
        )
    # dup-ok: alike in shape to the format check above (compare a manifest field, refuse to
    # resume), but each refusal says its own why.
    if old.get("anpo_version") != manifest["anpo_version"]:
        raise ExploreError(
            f"was written by anpo {old.get('anpo_version')}, this is anpo "
            f"{manifest['anpo_version']}; results could differ, so it is not resumed: choose "
            "another --out or remove the folder",
            file=out,
        )
    return True


def run(
    model: Model | str | Path | Sequence[str | Path],
    *,
    n: int,
    seed: int,
    out: str | Path,
    sampler: str = "lhs",
    executor: str | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    levels: int | None = None,
    second_order: bool = False,
    batch_size: int | None = None,
    progress: ProgressFn | None = None,
) -> Path:
    """Run (or resume) an exploration and return its output folder.

    ``model``: a :class:`~anpo.explore.model.Model`, or a scenario or future file, or a list
    of scenario files or of future files (``"book:futures"`` for the built-in book; see
    :func:`anpo.explore.scenario.model_from_files`). ``n``: samples (lhs, mc), base
    sample (saltelli, morris: trajectories) or levels per continuous input (factorial, unless
    ``levels``). ``seed``: the root seed of the design (lhs, mc, saltelli, morris) and of a
    stochastic model's streams (module docstring). A factorial design does not use it, so a
    deterministic model's (every scenario and future file's) factorial results are the same
    for every seed; it stays part of the run's identity (``inputs_hash``) all the same: the
    manifest records what was asked, one rule holds for every design and model, and earlier
    factorial runs keep their hash (so they still resume). A folder is resumed only with its
    own seed; the refusal says so when the seed is all that differs. ``executor``:
    ``serial``, ``processes`` or ``dask`` (default: processes when ``workers > 1``).
    ``progress(done, total)`` is called as shards land.

    Run again with the same arguments after an interruption (even ``kill -9``) to complete
    the run; different inputs against the same folder are refused.
    """
    out = as_path(out, "out", error=ExploreError, what="a folder path")
    if not isinstance(model, Model):
        from anpo.explore.scenario import model_from_files

        model = model_from_files(model)
    manifest = build_manifest(
        model, n=n, seed=seed, sampler=sampler, levels=levels, second_order=second_order
    )
    if batch_size is not None:  # 2.5 was a TypeError from inside, 0 an error naming no field
        batch_size = whole_number(
            batch_size, "batch_size", error=ExploreError, minimum=1, floats=False
        )
    ex = make_executor(executor, workers, scheduler)
    # what this run creates, so that a run failing before it writes anything (an unreachable
    # Dask scheduler) leaves the folder as it found it
    made_folder = not out.exists()
    made_lock = not (out / ".lock").exists()
    with store.io_errors(out):
        _prepare_folder(out)
    wrote = False
    try:
        with store.locked(out) as sign_lock:
            with store.io_errors(out):
                resumed = _check_manifest(out, manifest, model.stochastic)
            total, shards = store.experiments_and_shards(out, manifest)
            todo = store.missing_ranges(total, shards)
            done = store.done_count(shards)
            # the executor starts (connects to a scheduler, starts workers) before anything is
            # written: a run that cannot start leaves no manifest to refuse the next run with
            if todo:
                ex.start(model)  # before the progress callback may start a thread (fork-safety)
            try:
                with store.io_errors(out):
                    wrote = True
                    # only now: a run refused above leaves even the lock file as it was
                    sign_lock()
                    if not resumed:
                        store.write_manifest(out, manifest)
                    (out / store.SHARDS).mkdir(exist_ok=True)
                    store.clean_temporaries(out)
                if todo:
                    unit = unit_design(
                        sampler, model.params, manifest["n"], seed, **manifest["options"]
                    )
                    values = values_of(model.params, unit)
                    del unit
                    # the shards say the run they belong to: the folder's manifest (a resumed
                    # run's equals this one in all that provenance holds)
                    stamp = store.shard_provenance(manifest)
                    _execute(
                        model, ex, out, values, todo, seed, batch_size, done, total, progress, stamp
                    )
                elif progress:
                    progress(done, total)
            finally:
                if todo:
                    ex.close()
            with store.io_errors(out):
                store.write_duckdb_view(out)
    except BaseException:
        if not wrote:
            _undo_folder(out, made_folder=made_folder, made_lock=made_lock)
        raise
    return out


def _undo_folder(out: Path, *, made_folder: bool, made_lock: bool) -> None:
    """Remove what a run that wrote nothing created: its lock file, and the folder itself if
    the run created it and it is empty then (nothing of the user's is touched)."""
    try:
        if made_lock:
            (out / ".lock").unlink(missing_ok=True)
        if made_folder and out.is_dir() and not any(out.iterdir()):
            out.rmdir()
    except OSError:  # best effort: the run's own error is the one to report
        pass


def _execute(
    model: Model,
    ex: Executor,
    out: Path,
    values: dict[str, np.ndarray],
    todo: list[tuple[int, int]],
    seed: int,
    batch_size: int | None,
    done: int,
    total: int,
    progress: ProgressFn | None,
    stamp: dict[str, Any] | None = None,
) -> None:
    """Run the ``todo`` ranges of experiments on ``ex`` and write each batch's results as a
    shard, stamped with ``stamp`` (:func:`anpo.explore.store.shard_provenance`)."""
    n_cases = len(model.cases)
    labels = pa.array(model.cases, pa.string())
    remaining = sum(b - a for a, b in todo)
    target = 1.0 if ex.kind == "dask" else 0.5
    per_exp: float | None = None
    ranges = list(todo)

    def next_size() -> int:
        if batch_size is not None:
            return batch_size
        share = math.ceil(remaining / (2 * ex.workers))
        if per_exp is None or per_exp <= 0:
            return max(1, min(share, 16))
        floor = int(0.1 * target / per_exp)  # no batch under a tenth of the target time
        return max(1, min(max(share, floor), int(target / per_exp), 200_000))

    def make_task() -> BatchTask | None:
        nonlocal remaining
        if not ranges:
            return None
        a, b = ranges[0]
        stop = min(b, a + next_size())
        if stop == b:
            ranges.pop(0)
        else:
            ranges[0] = (stop, b)
        remaining -= stop - a
        idx = np.arange(a, stop, dtype=np.int64)
        rows = idx // n_cases
        task_values = {k: v[rows] for k, v in values.items()}
        return BatchTask(a, stop, (idx % n_cases).astype(np.int32), task_values, seed)

    if progress:
        progress(done, total)
    for _ in range(2 * ex.workers):
        task = make_task()
        if task is None:
            break
        ex.submit(task)
    while ex.pending():
        try:
            res = ex.next_done()
        except RunFilesError as exc:  # a file of the run gone or changed: stop, keep the shards
            raise RunFilesError(
                f"{exc.message}; the {done} of {total} experiments stored are kept: make the "
                "file as it was when the run started and run the same command again to resume "
                "(or choose another --out)",
                file=exc.file,
                line=exc.line,
                field=exc.field,
                column=exc.column,
            ) from None
        size = res.stop - res.start
        # the latest batch's cost: a worker's first batch also pays its imports and JIT
        # loading, which must not shrink every later batch
        per_exp = res.seconds / max(size, 1)
        table = _shard_table(model, res, values, n_cases, labels)
        with store.io_errors(out):
            store.write_shard(out, table, res.start, res.stop, stamp)
        done += size
        if progress:
            progress(done, total)
        task = make_task()
        if task is not None:
            ex.submit(task)


def _shard_table(
    model: Model,
    res: BatchResult,
    values: dict[str, np.ndarray],
    n_cases: int,
    labels: pa.Array,
) -> pa.Table:
    idx = np.arange(res.start, res.stop, dtype=np.int64)
    rows = idx // n_cases
    cols: dict[str, pa.Array] = {
        "experiment": pa.array(idx),
        "case": labels.take(pa.array((idx % n_cases).astype(np.int32))),
        "row": pa.array(rows),
    }
    # the values the model used (a whole-number field's nearest integer), not the samples
    used = model.applied_inputs(idx % n_cases, {name: arr[rows] for name, arr in values.items()})
    for name, part in used.items():
        cols[name] = pa.array(part.tolist() if part.dtype == object else part)
    for name, arr in res.outcomes.items():
        if name in cols:
            raise ExploreError(
                f"outcome {name!r} has the name of an input or a reserved column "
                f"({', '.join(RESERVED)})"
            )
        cols[name] = pa.array(arr, pa.float64())
    if res.errors is not None:
        cols["error"] = pa.array(res.errors, pa.string())
    return pa.table(cols)


# ---------------------------------------------------------------------------- reading
def load(out: str | Path, columns: list[str] | None = None) -> Any:
    """The results of a run as a pandas DataFrame (one row per experiment, sorted): columns
    ``experiment``, ``case``, ``row``, the inputs (the values the model used: see the module
    docstring; a run written in format 1 holds the samples), the outcomes and ``error`` (only
    when some experiment failed)."""
    out = as_path(out, "out", error=ExploreError, what="a folder path")
    store.require_manifest(out)
    return store.read_table(out, columns).to_pandas()


def status(out: str | Path) -> dict[str, Any]:
    """Experiments done and missing, inputs hash, package version of a run folder. ``done``
    counts the experiments stored, failed ones included: ``failed`` says how many of them
    failed (their outcomes are missing), ``first_failed`` and ``first_error`` the first of
    them and its message (``None`` when none failed)."""
    out = as_path(out, "out", error=ExploreError, what="a folder path")
    man = store.require_manifest(out)
    lacks = [k for k in STATUS_KEYS if k not in man]
    if lacks:
        raise ExploreError(
            f"{store.MANIFEST} lacks {', '.join(lacks)}: not a manifest anpo explore run wrote",
            file=out / store.MANIFEST,
        )
    total, shards = store.experiments_and_shards(out, man)
    # printed as the run's sampler settings: 'n true' or 'seed -5' (no run has them) was shown
    # as if the run had been asked so
    for key, least in (("n", 1), ("seed", 0), ("rows", 0)):
        try:
            whole_number(man[key], key, error=ExploreError, minimum=least, floats=False)
        except ExploreError:
            raise ExploreError(
                f"{store.MANIFEST} holds entries anpo explore run does not write: {key} = "
                f"{json.dumps(man[key])}, not a whole number ({least} or more)",
                file=out / store.MANIFEST,
            ) from None
    try:
        inputs = [str(p["name"]) for p in man["params"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise ExploreError(
            f"{store.MANIFEST} holds entries anpo explore run does not write "
            f"(experiments a whole number, params a list of {{name = ...}}): {exc}",
            file=out / store.MANIFEST,
        ) from None
    done = store.done_count(shards)
    missing = store.missing_ranges(total, shards)
    # done is not succeeded: an experiment whose model raised is stored with its error and no
    # outcomes, and a run of failures only read "4 of 4 experiments done (complete)"
    failed, first_failed, first_error = store.failed_experiments(shards)
    return {
        "folder": str(out),
        "experiments": total,
        "done": done,
        "failed": failed,
        "first_failed": first_failed,
        "first_error": first_error,
        "missing": total - done,
        "missing_ranges": [list(r) for r in missing],
        "complete": done == total,
        "shards": len(shards),
        "inputs_hash": man["inputs_hash"],
        "anpo_version": man["anpo_version"],
        # the installed package's digests the run was computed with (None: a run written
        # before anpo recorded them)
        "package": man.get("package"),
        "model": man["model"],
        "cases": man["cases"],
        "inputs": inputs,
        "sampler": man["sampler"],
        "n": man["n"],
        "seed": man["seed"],
        "rows": man["rows"],
    }
