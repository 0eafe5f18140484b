"""The result store of an exploration: a manifest, Parquet shards, a DuckDB view.

Layout of an output folder::

    DIR/manifest.json                      what was asked (format, inputs hash, package version,
                                           digests of the package's data and code, design)
    DIR/shards/000000000000-000000001024.parquet   experiments [0, 1024), one file per batch
                                           (the run's provenance in its schema metadata, key
                                           ``anpo``: :func:`shard_provenance`)
    DIR/results.duckdb                     a view ``results`` over the shards (written at the end)
    DIR/.lock                              held while a run writes (released even on kill -9);
                                           the id of the process that last wrote the folder

A shard is written to a hidden temporary name in the same folder, flushed to disk and renamed
(``os.replace``, atomic on POSIX): a shard either is complete or is not there. The experiments
done are the union of the shards' ranges; a run against the folder computes exactly the missing
ranges, so a killed run resumes with nothing lost or computed twice.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from anpo._checks import as_path
from anpo._io.files import atomic_path, atomic_write
from anpo.errors import ExploreError

MANIFEST = "manifest.json"
SHARDS = "shards"
DUCKDB = "results.duckdb"
_SHARD = re.compile(r"^(\d{12})-(\d{12})\.parquet$")
#: The layout and meaning of a run's files. 2: an input column holds the value the
#: experiment's model used (a whole-number field's nearest integer); 1 (before): the sample.
FORMAT = 2
#: What changed from the previous format, said when a run of another format is not resumed.
FORMAT_CHANGE = (
    "an input column holds the value the model used, the nearest integer for a whole-number "
    "field, where format 1 held the sample"
)


def run_format(manifest: dict[str, Any]) -> int | None:
    """The run's format, its manifest's ``format`` when that is a whole number (``true`` is
    not one, though Python counts it as 1), else None."""
    fmt = manifest.get("format")
    return fmt if isinstance(fmt, int) and not isinstance(fmt, bool) else None


def format_note(manifest: dict[str, Any]) -> str:
    """What a reader of a run's input columns must know of its format (the manifest's
    ``format``): nothing (``""``) for a run of this version's :data:`FORMAT`; for format 1 that
    the columns hold the samples drawn, not the values the model used; for any other (or none)
    that this anpo does not know what they hold. Worded as :func:`anpo.explore.run` and
    :func:`anpo.explore.discovery.discover_run` word their refusal of such a run."""
    fmt = run_format(manifest)
    if fmt == FORMAT:
        return ""
    if fmt == 1:
        return (
            "a run in format 1, written by an earlier anpo (this one writes format "
            f"{FORMAT}: {FORMAT_CHANGE}): its input columns hold the samples, not the values "
            "the model used; run it again into a new folder to see those"
        )
    raw = manifest.get("format")
    said = "no format" if raw is None else f"format {json.dumps(raw)}"
    return (
        f"a run with {said} in its {MANIFEST}, which this anpo does not write (it writes format "
        f"{FORMAT}: {FORMAT_CHANGE}): its input columns may not hold the values the model used"
    )


def shard_name(start: int, stop: int) -> str:
    """The file name of the shard holding experiments ``start`` (inclusive) to ``stop``
    (exclusive): both zero-padded to 12 digits, so that names sort as the experiments do
    (``000000000000-000000000256.parquet``); :func:`list_shards` reads them back."""
    return f"{start:012d}-{stop:012d}.parquet"


#: The manifest's entries a shard carries in its Parquet schema metadata (:func:`shard_provenance`).
PROVENANCE_KEYS = ("anpo_version", "model", "fingerprint", "inputs_hash", "seed", "package")


def shard_provenance(manifest: dict[str, Any]) -> dict[str, Any]:
    """What a shard of the run says it was computed by and from, under the schema metadata key
    ``anpo`` as the other Parquet files anpo writes (``anpo dyads``, ``anpo similarity``) say
    theirs: ``command`` (``explore run``) and the manifest's :data:`PROVENANCE_KEYS` present
    (anpo's version, the model and its fingerprint, the inputs hash, the seed, the package's
    digests), so that a shard copied out of its folder still tells which run it belongs to.
    Not the files' paths, which differ when a run is resumed from another folder."""
    out: dict[str, Any] = {"command": "explore run"}
    out.update({k: manifest[k] for k in PROVENANCE_KEYS if k in manifest})
    return out


def write_shard(
    folder: Path,
    table: pa.Table,
    start: int,
    stop: int,
    provenance: dict[str, Any] | None = None,
) -> Path:
    """Write one batch's table as ``shards/START-STOP.parquet``, visible only when complete;
    ``provenance`` (JSON-able, :func:`shard_provenance`) goes into its schema metadata under the key
    ``anpo`` (read it back with ``pyarrow.parquet.read_schema(path).metadata[b"anpo"]``)."""
    final = folder / SHARDS / shard_name(start, stop)
    if provenance is not None:
        meta = dict(table.schema.metadata or {})
        meta[b"anpo"] = json.dumps(provenance, sort_keys=True).encode("utf-8")
        table = table.replace_schema_metadata(meta)
    with atomic_path(final, durable=True) as tmp:
        pq.write_table(table, tmp, compression="zstd")
    return final


#: Outcomes of a futures run (a manifest ``model`` starting ``anpo.futures:``) renamed since
#: runs were stored, old name -> new: ``patron_price`` was the expected share of U.S. value
#: destroyed when it honours its guarantee, while ``patron_price`` in ``anpo extended`` and the
#: stability API is a probability (review9 F6). A stored run's old column, and the old name
#: given as an outcome, are read under the new name with a :class:`~anpo.errors.DataWarning`.
RENAMED_FUTURES_OUTCOMES = {"patron_price": "patron_damage"}
_FUTURES_MODEL = "anpo.futures:"


def _futures_run(manifest: dict[str, Any] | None) -> bool:
    """Whether a run's manifest is a futures run's (its ``model`` starts ``anpo.futures:``),
    the runs whose outcomes :data:`RENAMED_FUTURES_OUTCOMES` renames."""
    return manifest is not None and str(manifest.get("model", "")).startswith(_FUTURES_MODEL)


def _renamed_note(old: str, new: str) -> str:
    return (
        f"{old!r} is the deprecated name of the futures indicator {new!r} (an expected share of "
        f"value, not the probability anpo extended calls the patron's price); read as {new!r}"
    )


def current_outcome(manifest: dict[str, Any], name: str) -> str:
    """``name`` as a run's outcomes call it now: a futures run's deprecated indicator name
    (:data:`RENAMED_FUTURES_OUTCOMES`) is its new name, with a
    :class:`~anpo.errors.DataWarning`; any other name is itself."""
    import warnings

    from anpo.errors import DataWarning

    new = RENAMED_FUTURES_OUTCOMES.get(name)
    if new is None or not _futures_run(manifest):
        return name
    warnings.warn(_renamed_note(name, new), DataWarning, stacklevel=2)
    return new


def _current_columns(table: pa.Table, manifest: dict[str, Any] | None) -> pa.Table:
    """A shard of a futures run stored under a deprecated indicator name, its columns renamed
    (:data:`RENAMED_FUTURES_OUTCOMES`, with a :class:`~anpo.errors.DataWarning`); any other
    table as it is."""
    if not _futures_run(manifest):
        return table
    old = [c for c in table.column_names if c in RENAMED_FUTURES_OUTCOMES]
    if not old:
        return table
    import warnings

    from anpo.errors import DataWarning

    for name in old:
        warnings.warn(
            "the run was stored by an earlier anpo: "
            + _renamed_note(name, RENAMED_FUTURES_OUTCOMES[name]),
            DataWarning,
            stacklevel=3,
        )
    return table.rename_columns([RENAMED_FUTURES_OUTCOMES.get(c, c) for c in table.column_names])


@dataclass(frozen=True)
class Shard:
    """One shard file of a run: experiments ``start`` (inclusive) to ``stop`` (exclusive),
    written as one Parquet file at ``path`` (:func:`write_shard`, listed by
    :func:`list_shards`)."""

    start: int
    stop: int
    path: Path


def experiments_and_shards(folder: Path, manifest: dict[str, Any]) -> tuple[int, list[Shard]]:
    """The run's number of experiments (the manifest's ``experiments``) and its shards
    (:func:`list_shards`), checked against each other: a count that is not a whole number of
    0 or more (``int()`` read 15.9 as 15, true as 1 and "16" as 16, and refused only Infinity,
    with an OverflowError), or a shard beyond it (done would exceed the experiments), is an
    :class:`~anpo.errors.ExploreError` naming the manifest or the shard."""
    total = manifest.get("experiments")
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise ExploreError(
            f"{MANIFEST} holds entries anpo explore run does not write: experiments = "
            f"{json.dumps(total)}, not a whole number of experiments (0 or more)",
            file=folder / MANIFEST,
        )
    shards = list_shards(folder)
    beyond = [s for s in shards if s.stop > total]
    if beyond:
        raise ExploreError(
            f"shard {beyond[0].path.name} holds experiments beyond the {total} the manifest "
            "asks: the folder was changed by hand",
            file=beyond[0].path,
        )
    return total, shards


def list_shards(folder: Path) -> list[Shard]:
    """The complete shards, by start; overlapping shards (never written by anpo) are an
    error."""
    shards_dir = Path(folder) / SHARDS
    if not shards_dir.is_dir():
        return []
    out = []
    for p in shards_dir.iterdir():
        m = _SHARD.match(p.name)
        if m:
            start, stop = int(m.group(1)), int(m.group(2))
            if stop <= start:  # counted as a negative number of experiments done
                raise ExploreError(
                    f"shard {p.name} ends before it starts (anpo names a shard by its first "
                    "experiment and the one after its last): the folder was changed by hand",
                    file=p,
                )
            out.append(Shard(start, stop, p))
    out.sort(key=lambda s: (s.start, s.stop))
    for a, b in zip(out, out[1:], strict=False):
        if b.start < a.stop:
            # dup-ok: an error naming the file, alike only in shape to other errors.
            raise ExploreError(
                f"shards {a.path.name} and {b.path.name} overlap: the folder was changed by "
                "hand; remove one of them",
                file=shards_dir,
            )
    return out


def clean_temporaries(folder: Path) -> int:
    """Remove half-written shards left by a killed run; returns how many."""
    n = 0
    shards_dir = Path(folder) / SHARDS
    if shards_dir.is_dir():
        for p in shards_dir.iterdir():
            if p.name.startswith(".") and p.name.endswith(".tmp"):
                p.unlink(missing_ok=True)
                n += 1
    return n


def missing_ranges(total: int, shards: list[Shard]) -> list[tuple[int, int]]:
    """The ranges of experiments in ``[0, total)`` that no shard holds."""
    out = []
    pos = 0
    for s in shards:
        if s.start > pos:
            out.append((pos, min(s.start, total)))
        pos = max(pos, s.stop)
    if pos < total:
        out.append((pos, total))
    return [(a, b) for a, b in out if b > a]


def failed_experiments(shards: list[Shard]) -> tuple[int, int | None, str | None]:
    """How many experiments of the ``shards`` failed (their ``error`` is set: their outcomes
    are missing), and the first of them with its message, ``(count, experiment, message)``;
    ``(0, None, None)`` when none did. Only the ``error`` and ``experiment`` columns are read,
    and only from shards whose schema has an ``error`` column (a shard without a failure has
    none). A shard that cannot be read is an :class:`~anpo.errors.ExploreError` naming it."""
    count = 0
    first: tuple[int, str] | None = None
    for shard in shards:
        try:
            if "error" not in pq.read_schema(shard.path).names:
                continue
            table = pq.read_table(shard.path, columns=["experiment", "error"])
        except (pa.ArrowException, OSError) as exc:
            raise _unreadable_shard(shard.path, exc) from None
        errors = table.column("error").to_pylist()
        experiments = table.column("experiment").to_pylist()
        for exp, msg in zip(experiments, errors, strict=True):
            if msg is None:
                continue
            count += 1
            if first is None or exp < first[0]:
                first = (int(exp), str(msg))
    return (count, first[0], first[1]) if first is not None else (0, None, None)


def done_count(shards: list[Shard]) -> int:
    """The number of experiments the ``shards`` hold (the sum of their ``stop - start``): a
    run's progress, shards not overlapping (:func:`experiments_and_shards` checks them)."""
    return sum(s.stop - s.start for s in shards)


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """``DIR/manifest.json`` as a dict, ``None`` when the folder has none; an unreadable file,
    or JSON that is not an object, is an :class:`~anpo.errors.ExploreError` naming it."""
    path = Path(folder) / MANIFEST
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExploreError(f"unreadable manifest: {exc}", file=path) from None
    except RecursionError:
        raise ExploreError("unreadable manifest: JSON nested too deep", file=path) from None
    if not isinstance(manifest, dict):
        raise ExploreError(
            f"{MANIFEST} is not a JSON object (anpo explore run writes one)", file=path
        )
    by_case = manifest.get("outcome_inputs")
    if _futures_run(manifest) and isinstance(by_case, dict):
        # a run stored under a deprecated indicator name (RENAMED_FUTURES_OUTCOMES): the
        # inputs each outcome reads under its new name, as read_table renames its column
        manifest["outcome_inputs"] = {
            case: {RENAMED_FUTURES_OUTCOMES.get(k, k): v for k, v in said.items()}
            if isinstance(said, dict)
            else said
            for case, said in by_case.items()
        }
    return manifest


def require_manifest(folder: str | Path) -> dict[str, Any]:
    """The run's manifest (:func:`read_manifest`), or an :class:`~anpo.errors.ExploreError`
    saying whether the folder does not exist, is a file, or holds no run (a missing folder
    read "not an anpo explore folder", sending a user with a mistyped name to look for what
    was wrong with a folder that is not there)."""
    path = Path(folder)
    if not path.exists():
        raise ExploreError(
            "no such folder (give the --out folder of an anpo explore run)", file=path
        )
    if not path.is_dir():
        raise ExploreError(
            "is a file, not a folder (give the --out folder of an anpo explore run)", file=path
        )
    manifest = read_manifest(path)
    if manifest is None:
        raise ExploreError("not an anpo explore folder (no manifest.json)", file=path)
    return manifest


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    """Write ``manifest`` as ``DIR/manifest.json`` (indented JSON, keys sorted, UTF-8),
    atomically: a reader sees the old file or the whole new one, never a part
    (:func:`read_manifest` reads it back)."""
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    atomic_write(Path(folder) / MANIFEST, text, durable=True)


@contextlib.contextmanager
def io_errors(folder: Path) -> Iterator[None]:
    """Report a file-system failure in the block (a folder that cannot be created or written,
    a full disk) as one :class:`~anpo.errors.ExploreError` naming the path."""
    try:
        yield
    except OSError as exc:
        where = exc.filename if exc.filename is not None else folder
        raise ExploreError(
            f"cannot write the run's files here ({exc.strerror or exc}); choose another --out",
            file=where,
        ) from None


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[Callable[[], None]]:
    """Hold ``DIR/.lock`` (an advisory ``flock``; the kernel releases it when the process
    dies, even by ``kill -9``): a second run on the same folder is refused. The lock file's
    bytes are left as they are: the block is given a function that writes this process's id
    into it, which a run calls when it starts writing the folder, so that a run refused
    before that (a resume with other inputs) leaves the folder byte for byte as it was (it
    rewrote the id of the run that held it last)."""
    path = Path(folder) / ".lock"
    with io_errors(folder):
        fh = open(path, "a+")  # noqa: SIM115 - held for the duration of the context
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ExploreError(
                "another anpo explore run is writing to this folder; wait for it or use "
                "another --out",
                file=folder,
            ) from None

        def sign() -> None:
            fh.seek(0)
            fh.truncate()
            fh.write(f"{os.getpid()}\n")
            fh.flush()

        yield sign
    finally:
        fh.close()


def read_table(folder: Path, columns: list[str] | None = None) -> pa.Table:
    """All shards as one Arrow table sorted by experiment (columns missing from a shard are
    null)."""
    shards = list_shards(folder)
    if not shards:
        return pa.table({"experiment": pa.array([], pa.int64())})
    manifest = read_manifest(folder)
    tables = [_current_columns(_read_shard(s.path), manifest) for s in shards]
    table = pa.concat_tables(tables, promote_options="default")
    if "error" in table.column_names:  # last, wherever the first failure fell
        table = table.select([c for c in table.column_names if c != "error"] + ["error"])
    order = np.argsort(table.column("experiment").to_numpy(), kind="stable")
    table = table.take(pa.array(order))
    if columns is not None:
        # sorted before the selection: columns without "experiment" were a KeyError traceback
        unknown = [c for c in columns if c not in table.column_names]
        if unknown:
            raise ExploreError(
                f"no column {', '.join(map(repr, unknown))} in the results (columns: "
                f"{', '.join(table.column_names)})",
                file=folder,
            )
        table = table.select(columns)
    return table


def _read_shard(path: Path) -> pa.Table:
    """One shard's table; a file that is not Parquet (cut short, overwritten by hand) or cannot
    be read is an :class:`~anpo.errors.ExploreError` naming it."""
    try:
        return pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        raise _unreadable_shard(path, exc) from None


def _unreadable_shard(path: Path, exc: Exception) -> ExploreError:
    """The error for a shard that is not Parquet or cannot be read, naming it."""
    return ExploreError(
        f"not a readable Parquet shard ({exc}): remove it and run the same anpo explore run "
        "again to redo its experiments",
        file=path,
    )


def write_duckdb_view(folder: Path) -> Path:
    """(Re)write ``DIR/results.duckdb`` holding the view ``results`` over the shards (an
    absolute path: open it from anywhere; :func:`connect` makes the same view in memory for a
    folder that was moved). DuckDB's own failure to write the file (a full disk, a file-size
    limit) is raised as an ``OSError``, which :func:`io_errors` reports; a previous file stays
    as it was."""
    import duckdb

    folder = Path(folder).resolve()
    path = folder / DUCKDB
    with atomic_path(path) as tmp:
        tmp.unlink()  # DuckDB creates the database file itself
        try:
            con = duckdb.connect(str(tmp))
            try:
                con.execute(_view_sql(folder))
            finally:
                con.close()
        except (duckdb.IOException, duckdb.TransactionException) as exc:
            # not OSErrors, so they escaped as a traceback (a write that fails at the commit of
            # the view is a TransactionException)
            raise OSError(str(exc)) from None
        finally:
            Path(str(tmp) + ".wal").unlink(missing_ok=True)
    return path


def _view_sql(folder: Path) -> str:
    """The SQL creating the view ``results`` over the folder's shards. A futures run stored
    under a deprecated indicator name (:data:`RENAMED_FUTURES_OUTCOMES`) shows the column under
    its new name, with a :class:`~anpo.errors.DataWarning`, as :func:`read_table` does (a shard
    holding both names, which no run writes, shows the new one, filled from the old where it
    is null)."""
    glob = str(Path(folder).resolve() / SHARDS / "*.parquet").replace("'", "''")
    return (
        f"CREATE OR REPLACE VIEW results AS SELECT {_view_columns(folder)} FROM "
        f"read_parquet('{glob}', union_by_name = true) ORDER BY experiment"
    )


def _view_columns(folder: Path) -> str:
    """The select list of :func:`_view_sql`: ``*``, with a futures run's deprecated indicator
    columns renamed (each with a :class:`~anpo.errors.DataWarning`)."""
    if not _futures_run(read_manifest(folder)):
        return "*"
    names: set[str] = set()
    for shard in list_shards(folder):
        try:
            names.update(pq.read_schema(shard.path).names)
        except (pa.ArrowException, OSError) as exc:
            raise _unreadable_shard(shard.path, exc) from None
    old = sorted(c for c in RENAMED_FUTURES_OUTCOMES if c in names)
    if not old:
        return "*"
    import warnings

    from anpo.errors import DataWarning

    renamed, excluded, replaced = [], [], []
    for name in old:
        new = RENAMED_FUTURES_OUTCOMES[name]
        warnings.warn(
            "the run was stored by an earlier anpo: " + _renamed_note(name, new),
            DataWarning,
            stacklevel=4,
        )
        if new in names:
            excluded.append(f'"{name}"')
            replaced.append(f'coalesce("{new}", "{name}") AS "{new}"')
        else:
            renamed.append(f'"{name}" AS "{new}"')
    select = "*"
    if excluded:
        select += f" EXCLUDE ({', '.join(excluded)}) REPLACE ({', '.join(replaced)})"
    if renamed:
        select += f" RENAME ({', '.join(renamed)})"
    return select


def connect(folder: str | Path) -> Any:
    """An in-memory DuckDB connection with the view ``results`` over the folder's shards; an
    :class:`~anpo.errors.ExploreError` when there are none, or when ``folder`` is no folder path
    (a dict, an int) or is empty (it would be the working folder)."""
    import duckdb

    folder = as_path(folder, "folder", error=ExploreError, what="a folder path")
    if not list_shards(folder):
        raise ExploreError("no results yet", file=folder)
    con = duckdb.connect()
    con.execute(_view_sql(folder))
    return con
