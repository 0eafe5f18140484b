"""The persistent data catalog: loaded datasets in an embedded DuckDB database.

Location: ``home`` argument, else ``ANPO_HOME``, else ``platformdirs.user_data_dir("anpo")``;
the database is ``<home>/catalog.duckdb``, its lock ``<home>/catalog.lock``.

Versions side by side: a kind (see :data:`anpo.data.KINDS`) may hold several datasets, one per
version (NMC 6.0 and 7.0, dyadic MID 4.02 and 5.0, ...). Each is stored in its own table
``"<kind>@<version>"`` (``SELECT * FROM "nmc@7.0"``); one version per kind is the explicit
*default*, and a view named after the kind shows it (``SELECT * FROM nmc``). Readers get the
default unless they ask for a version (``read(kind, version=...)``, ``Catalog.open(...,
versions={"nmc": "7.0"})``, the ``ANPO_DATA_VERSIONS`` variable ``nmc=7.0,mid_dyadic=4.02`` or
the CLI's ``anpo --data-version nmc=7.0 ...``). Provenance (dataset, version, SHA-256, source
path, rows, time added) is kept per dataset in the table ``anpo_datasets``.

Guarantees:

- Several processes share the catalog: writers (add, remove, default) take an exclusive lock and
  readers a shared one (:mod:`anpo.data._lock`); a command that finds the catalog busy waits
  (printing "waiting for another anpo process…") up to ``ANPO_LOCK_TIMEOUT`` seconds (default
  600) instead of failing. Whether a dataset of that kind and version is already present is
  decided inside the writer's lock, so two adds racing cannot both "add" one version.
- Adding the same file again (same SHA-256) changes nothing and says so; a different file of a
  kind *and version* already present is refused unless ``replace=True`` (or given another
  version label); a different version is added beside the others.
- An import is one transaction (new table, swap, metadata, views): a failure or a crash in the
  middle leaves the catalog as it was.
- :meth:`Catalog.sql` runs on a read-only connection with DuckDB's external access off: a query
  can neither change the catalog nor read or write any other file, install or load extensions
  or reach the network.
- The user's source files are only read, never moved or modified.

Catalogs written by earlier anpo versions (one table per kind) are read as they are and
converted to this layout by the first change.
"""

from __future__ import annotations

import builtins
import contextlib
import datetime as _dt
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from anpo._checks import as_path
from anpo._io.files import expand_user
from anpo.data._io import file_sha256
from anpo.data._lock import WAITING_MESSAGE, catalog_lock, lock_timeout
from anpo.data.kinds import KINDS, detect_kind, loader_for
from anpo.errors import CatalogError, DataError, DatasetExistsError

__all__ = [
    "Catalog",
    "check_version_label",
    "default_home",
    "first_present",
    "held_reads",
    "parse_version_pins",
    "pinned_versions",
    "use_versions",
]

DB_NAME = "catalog.duckdb"
LOCK_NAME = "catalog.lock"
META = "anpo_datasets"
#: Memory DuckDB may use for one ``anpo data sql`` query (spills beyond, then fails cleanly).
SQL_MEMORY_LIMIT = "2GB"

_META_COLUMNS = [
    "id",
    "kind",
    "dataset",
    "version",
    "sha256",
    "source_path",
    "rows",
    "added_at",
    "attrs_json",
    "dtypes_json",
    "table_name",
    "is_default",
]
_META_DDL = f"""CREATE TABLE IF NOT EXISTS {META} (
    id INTEGER PRIMARY KEY, kind VARCHAR NOT NULL, dataset VARCHAR, version VARCHAR NOT NULL,
    sha256 VARCHAR, source_path VARCHAR, rows BIGINT, added_at TIMESTAMP, attrs_json VARCHAR,
    dtypes_json VARCHAR, table_name VARCHAR NOT NULL, is_default BOOLEAN NOT NULL,
    UNIQUE (kind, version))"""
#: DuckDB settings of every catalog connection: no extension installed (from the network) or
#: loaded behind the user's back.
_NO_EXTENSIONS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
_LABEL_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+ -]{0,39}$")

# Version pins of the running command (the CLI's --data-version, for the duration of one
# invocation: see pinned_versions); ANPO_DATA_VERSIONS adds to them. A context variable, not a
# module global: an in-process invocation's pins end with it, and threads started through
# anyio (the web app) see the pins of the request that started them.
_PINS: ContextVar[Mapping[str, str]] = ContextVar("anpo_data_version_pins")


def default_home() -> Path:
    """``ANPO_HOME`` if set, else the user's data directory for anpo."""
    env = os.environ.get("ANPO_HOME")
    if env and env.strip():
        return _home_path(env, "ANPO_HOME")
    import platformdirs

    return Path(platformdirs.user_data_dir("anpo"))


def _home_path(text: str | Path, field: str) -> Path:
    """The catalog location ``text`` with ``~`` expanded; a ``~user`` that names no user is a
    :class:`CatalogError` naming ``field`` (taken as written, it would put the catalog in a
    folder named ``~user`` under the working folder), and so is an empty or blank name (it would
    be the working folder) and a ``text`` that is not a path (a dict, a list, an int)."""
    if isinstance(text, str) and not text.strip():
        raise CatalogError("the catalog location is empty; give a folder", field=field)
    path = expand_user(as_path(text, field, error=CatalogError, what="a folder path"))
    if str(path).startswith("~"):
        raise CatalogError(
            f"cannot expand {str(path).split(os.sep)[0]!r} in {str(path)!r}: no such user, or "
            "no home folder",
            field=field,
        )
    return path


def check_version_label(text: str, field: str = "version") -> str:
    """``text`` as a version label (letters, digits, ``. _ + -`` and spaces, at most 40
    characters, starting with a letter or digit); else :class:`CatalogError` naming ``field``."""
    label = str(text).strip()
    if not _LABEL_OK.match(label):
        raise CatalogError(
            f"version label {text!r}: use letters, digits, '.', '-', '_', '+' or spaces, "
            "at most 40 characters, starting with a letter or digit",
            field=field,
        )
    return label


def _label_from_loader(version: Any) -> str:
    """The version a loader reported, made safe as a label ("unknown" when empty)."""
    text = " ".join(re.sub(r"[^A-Za-z0-9._+ -]", " ", str(version or "")).split())
    return text[:40].strip(" ._+-") or "unknown"


def parse_version_pins(
    items: list[str] | str | None, field: str = "--data-version"
) -> dict[str, str]:
    """``["nmc=7.0", "mid_dyadic=4.02"]`` (or one comma-separated string) as ``{kind: version}``.

    Raises :class:`CatalogError` naming ``field`` for a malformed item or an unknown kind."""
    if not items:
        return {}
    if isinstance(items, str):
        items = [items]
    pins: dict[str, str] = {}
    for item in (p.strip() for chunk in items for p in chunk.split(",")):
        if not item:
            continue
        kind, sep, version = item.partition("=")
        kind = kind.strip()
        if not sep or not kind or not version.strip():
            raise CatalogError(f"expected KIND=VERSION (e.g. nmc=7.0); got {item!r}", field=field)
        if kind not in KINDS:
            raise CatalogError(
                f"unknown dataset kind {kind!r}; known: {', '.join(KINDS)}", field=field
            )
        pins[kind] = check_version_label(version, field=field)
    return pins


@contextmanager
def pinned_versions(pins: Mapping[str, str] | None) -> Iterator[None]:
    """Within the block, every catalog opened reads the pinned versions (``{kind: version}``)
    instead of the defaults; the previous pins come back after it. ``Catalog.open(...,
    versions=)`` pins one catalog only."""
    token = _PINS.set(dict(pins or {}))
    try:
        yield
    finally:
        _PINS.reset(token)


def use_versions(pins: Mapping[str, str] | None) -> None:
    """Set the version pins of the current context (``{kind: version}``; None or empty clears
    them) until set again; prefer :func:`pinned_versions`, which restores the previous ones."""
    _PINS.set(dict(pins or {}))


def _env_pins() -> dict[str, str]:
    raw = os.environ.get("ANPO_DATA_VERSIONS", "")
    return parse_version_pins(raw, field="ANPO_DATA_VERSIONS") if raw.strip() else {}


def _same_version(a: str, b: str) -> bool:
    """``7`` and ``7.0`` name the same version; otherwise exact (case-insensitive) text."""
    if a.strip().lower() == b.strip().lower():
        return True
    try:
        return float(a) == float(b)
    except ValueError:
        return False


_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH_YEAR = re.compile(r"(?i)^\s*(" + "|".join(_MONTHS) + r")\s+(\d{4})\s*$")


def version_key(version: str) -> tuple[Any, ...]:
    """Sort key: numeric parts compare as numbers (4.02 < 5.0 < 2016); a release named by month
    and year ("April 2024", as SIPRI names its releases) sorts as its date ("2024" < "April
    2024" < "December 2024" < "April 2025"), not by the month's spelling."""
    dated = _MONTH_YEAR.match(version)
    if dated:
        version = f"{dated.group(2)}.{_MONTHS.index(dated.group(1).lower()) + 1:02d}"
    return tuple(
        (0, int(p), "") if p.isdigit() else (1, 0, p.lower())
        for p in re.findall(r"\d+|\D+", version)
    )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _add_warnings(kind: str, frame: pd.DataFrame) -> list[str]:
    """What ``anpo data add`` says of a dataset as it is added: a capabilities file that holds
    only part of the state system (:func:`anpo.relations.capabilities.partial_years`), whose
    CINC recomputed within it would be shares of the subset; and the loader's notes
    (``attrs["warnings"]`` of :func:`anpo.data._io.convert_columns`: cells read as missing
    because they lie outside their column's valid range, e.g. dyadic MID 4.02's ``sideab =
    1969``; an absent optional flag column read as 0), which were kept in the catalog's
    metadata and said nowhere."""
    said: list[str] = []
    notes = [str(w) for w in frame.attrs.get("warnings") or []]
    cells = [w for w in notes if "outside the valid range" in w]
    said += [w for w in notes if w not in cells]
    if cells:
        shown = "; ".join(cells[:3])
        said.append(shown if len(cells) <= 3 else f"{shown}; and {len(cells) - 3} more")
    if kind != "nmc":
        return said
    from anpo.relations.capabilities import PARTIAL_CINC_SUM, partial_years

    partial = partial_years(frame)
    if not partial:
        return said
    span = f"{partial[0]}-{partial[-1]}" if len(partial) > 1 else str(partial[0])
    return said + [
        f"the capabilities file covers only part of the state system in {len(partial)} "
        f"year(s) ({span}): its published CINC sums to less than {PARTIAL_CINC_SUM} there; anpo "
        "uses the "
        "file's own CINC for those years (shares recomputed within it would be shares of the "
        "subset)"
    ]


class Catalog:
    """A catalog of datasets under ``home`` (open with :meth:`Catalog.open`).

    ``versions``: ``{kind: version}`` read instead of the kinds' defaults (added to the
    process's pins and ``ANPO_DATA_VERSIONS``; this argument wins).
    """

    def __init__(self, home: Path, versions: Mapping[str, str] | None = None) -> None:
        self.home = home
        self.path = home / DB_NAME
        self.lock_path = home / LOCK_NAME
        env, ctx, arg = _env_pins(), dict(_PINS.get({})), dict(versions or {})
        self.pins: dict[str, str] = {**env, **ctx, **arg}
        # where each pin comes from, as the user set it (the field of an error about it)
        self._pinned_by: dict[str, str] = {
            **dict.fromkeys(env, "ANPO_DATA_VERSIONS"),
            **dict.fromkeys(ctx, "--data-version"),
            **dict.fromkeys(arg, "versions"),
        }
        self._con: Any = None  # the open connection of a reading()/writing() block
        self._con_writes = False  # whether that block is a writing() one

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(
        cls, home: str | Path | None = None, versions: Mapping[str, str] | None = None
    ) -> Catalog:
        """The catalog at ``home`` (default: ``ANPO_HOME`` or the user data directory).

        Opening creates nothing; the directory and database appear on the first :meth:`add`.
        A location that is (or lies below) a regular file is a :class:`CatalogError`, and so is
        a ``home`` that is not a folder path (a ``str`` or an ``os.PathLike``).
        """
        from_env = home is None and bool(os.environ.get("ANPO_HOME", "").strip())
        field = "ANPO_HOME" if from_env else None
        path = _home_path(home, "home") if home is not None else default_home()
        for p in (path, *path.parents):
            try:
                if p.exists():
                    if not p.is_dir():
                        what = "is" if p == path else f"lies below {p}, which is"
                        raise CatalogError(
                            f"the catalog location {what} a file, not a directory",
                            file=path,
                            field=field,
                        )
                    break
            except OSError as exc:
                raise CatalogError(
                    f"cannot use the catalog location ({exc.strerror})", file=path, field=field
                ) from None
        for kind in versions or {}:
            if kind not in KINDS:
                raise CatalogError(f"unknown dataset kind {kind!r}", field="versions")
        return cls(path, versions)

    def exists(self) -> bool:
        """True when the catalog database exists; a location the system refuses to look into
        (no permission, a name too long) or a database that is not a file (a folder) is a
        :class:`CatalogError`, not an empty catalog."""
        try:
            if self.path.is_file():
                return True
            there = self.path.exists()
        except OSError as exc:
            raise CatalogError(
                f"cannot look into the catalog location ({exc.strerror})", file=self.home
            ) from None
        if there:
            raise CatalogError(
                "the catalog database is not a file (a folder?); move it away, or point "
                "ANPO_HOME at another folder",
                file=self.path,
            )
        return False

    def require(self, field: str | None = None) -> None:
        """A :class:`CatalogError` naming the location (and ``field``, the setting that gave
        it, e.g. ``--home``) when it holds no catalog: the folder holds none yet, or does not
        exist. Creates nothing."""
        if self.exists():
            return
        try:
            missing = not self.home.exists()
        except OSError:  # exists() would have said it cannot look
            missing = False
        raise CatalogError(
            "no catalog here yet"
            + (": the folder does not exist" if missing else "")
            + " (add a dataset with `anpo data add`)",
            file=self.home,
            field=field,
        )

    def _duckdb_connect(self, read_only: bool, config: dict[str, Any] | None = None) -> Any:
        """A DuckDB connection; DuckDB's own lock (held by a process that does not use anpo's
        lock, e.g. the duckdb shell) is waited for like ours. DuckDB never installs or loads an
        extension for it: a catalog file of another format (SQLite) made DuckDB download its
        reader from the network when the catalog was opened."""
        import duckdb

        settings = {**_NO_EXTENSIONS, **(config or {})}
        start = time.monotonic()
        told = False
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=read_only, config=settings)
            except duckdb.IOException as exc:
                msg = str(exc)
                if "extension" in msg.lower():  # a file of another format (SQLite)
                    raise CatalogError(
                        "the catalog file is not a DuckDB database (DuckDB would need one of "
                        "its extensions to read it); move it away, or point ANPO_HOME at "
                        f"another folder ({msg.splitlines()[0]})",
                        file=self.path,
                    ) from None
                if "lock" not in msg.lower():
                    raise CatalogError(f"cannot open the catalog ({msg})", file=self.path) from None
                waited = time.monotonic() - start
                if waited >= lock_timeout():
                    raise CatalogError(
                        "the catalog database is locked by another program "
                        f"after {waited:.0f} s; try again later",
                        file=self.path,
                    ) from None
                if not told and waited > 0.3:
                    import sys

                    sys.stderr.write(WAITING_MESSAGE + "\n")
                    told = True
                time.sleep(0.1)
            except duckdb.Error as exc:
                raise _duckdb_failure(exc, self.path, writing=not read_only) from None

    @contextmanager
    def reading(self) -> Iterator[Any]:
        """Hold the catalog for reading: every read inside the block sees the same state
        (writers wait until it ends). Yields the read-only DuckDB connection; a DuckDB error
        inside the block (a damaged database file) is a :class:`CatalogError`."""
        import duckdb

        if self._con is not None:  # inside a block: its connection, and errors said per read
            try:
                yield self._con
            except duckdb.Error as exc:
                raise _duckdb_failure(exc, self.path, writing=self._con_writes) from None
            return
        self.require()
        with catalog_lock(self.lock_path, exclusive=False):
            con = self._duckdb_connect(read_only=True)
            self._con = con
            try:
                _check_ours(con, self.path)
                yield con
            except duckdb.Error as exc:
                raise _duckdb_failure(exc, self.path, writing=False) from None
            finally:
                self._con = None
                con.close()

    @contextmanager
    def held(self) -> Iterator[None]:
        """:meth:`reading` when the catalog exists, for a command that reads many datasets: the
        reads inside the block share one read-only connection (and one shared lock) instead of
        opening the catalog once each. Without a catalog the block changes nothing (reads find
        no dataset, as outside it). Nothing inside may change the catalog (:meth:`add` raises
        RuntimeError); a writer waiting for the lock waits until the block ends, so the block
        holds the reads only (the computation on what they read comes after it), and a DuckDB
        error inside it is taken for a damaged catalog."""
        if self._con is not None or not self.exists():
            yield
            return
        with self.reading():
            yield

    @contextmanager
    def _writing(self, what: str) -> Iterator[Any]:
        """Hold the catalog exclusively (creating it when needed); yields a read-write
        connection on the current layout (a DuckDB error inside the block is a
        :class:`CatalogError`; the block's transaction, if any, is not committed)."""
        import duckdb

        if self._con is not None:
            raise RuntimeError("cannot change the catalog inside a reading() block")
        try:
            self.home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CatalogError(
                f"cannot create the catalog directory ({exc.strerror})", file=self.home
            ) from None
        # dup-ok: the lock-connect-yield-close frame of reading() above, but exclusive, read-write,
        # with the layout set up and migrated and errors reported as a failed write.
        with catalog_lock(self.lock_path, exclusive=True, what=what):
            # a link the user set up (to a file not made yet) is theirs: never removed
            new = not self.path.exists() and not self.path.is_symlink()
            ready = False
            try:
                con = self._duckdb_connect(read_only=False)
            except CatalogError:
                if new:
                    self._discard_half_made()
                raise
            self._con, self._con_writes = con, True
            try:
                _check_ours(con, self.path)
                con.execute(_META_DDL)
                _migrate(con, self.path)
                ready = True
                yield con
            except duckdb.Error as exc:
                raise _duckdb_failure(exc, self.path, writing=True) from None
            finally:
                self._con, self._con_writes = None, False
                con.close()
                if new and not ready:
                    self._discard_half_made()

    def _discard_half_made(self) -> None:
        """Remove a catalog file this process began to create and could not set up (a full
        disk): left, it failed every later command ("Could not read enough bytes") until the
        user deleted it. Called under the exclusive lock, so no other process is using it."""
        for path in (self.path, self.path.with_name(self.path.name + ".wal")):
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)

    # ------------------------------------------------------------------ metadata

    def _meta(self) -> pd.DataFrame:
        """Every dataset's metadata row (empty frame with the columns when no catalog)."""
        if not self.exists():
            return pd.DataFrame({c: pd.Series(dtype="object") for c in _META_COLUMNS})
        with self.reading() as con:
            return _read_meta(con, self.path)

    def list(self) -> pd.DataFrame:
        """One row per dataset: ``id, kind, dataset, version, default, rows, sha256,
        source_path, added_at, table`` (sorted by kind, then version)."""
        meta = self._meta()
        cols = ["id", "kind", "dataset", "version", "default", "rows", "sha256"]
        cols += ["source_path", "added_at", "table"]
        if meta.empty:
            return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
        out = meta.rename(columns={"is_default": "default", "table_name": "table"})
        out = out.assign(_v=out["version"].map(version_key))
        out = out.sort_values(["kind", "_v"], kind="stable").drop(columns="_v")
        return out[cols].reset_index(drop=True)

    def in_use(self) -> pd.DataFrame:
        """One row per kind: the dataset reads of that kind return (the pinned version, else
        the default), with the columns of :meth:`list`."""
        frame = self.list()
        if frame.empty:
            return frame
        rows = []
        for kind in dict.fromkeys(frame["kind"]):
            pick = _pick(
                frame.rename(columns={"default": "is_default"}),
                kind,
                self.pins.get(kind),
                pinned_by=self._pinned_by.get(kind),
            )
            assert pick is not None  # the kind is in the frame
            rows.append(pick.name)
        return frame.loc[rows].reset_index(drop=True)

    def check_pins(self) -> None:
        """Refuse a pinned version (``--data-version``, ``ANPO_DATA_VERSIONS``, ``versions``)
        that the catalog does not hold: a :class:`CatalogError` naming where it was pinned and
        the versions there are (a command that reads no dataset took it without a word)."""
        if not self.pins:
            return
        meta = self._meta()
        for kind, version in self.pins.items():
            by = self._pinned_by.get(kind)
            if not len(meta) or not (meta["kind"] == kind).any():
                raise CatalogError(
                    f"no {kind} version {version!r} in the catalog (a pinned version); it holds "
                    f"no {kind} dataset (add one with `anpo data add FILE`)",
                    field=by or "version",
                )
            _pick(meta, kind, version, pinned_by=by)

    def pinned_by(self, kind: str) -> str | None:
        """Where the pin of ``kind`` comes from (``--data-version``, ``ANPO_DATA_VERSIONS`` or
        ``versions``), None when the kind is not pinned."""
        return self._pinned_by.get(kind) if kind in self.pins else None

    def _source(self, kind: str, version: str | None) -> str | None:
        """Who chose the version a read of ``kind`` gets: None when ``version`` is asked for
        (or none is pinned), else where the pin comes from."""
        return None if version is not None else self._pinned_by.get(kind)

    def versions(self, kind: str) -> builtins.list[str]:
        """The versions of ``kind`` in the catalog, oldest version first."""
        frame = self.list()
        return [] if frame.empty else frame.loc[frame["kind"] == kind, "version"].tolist()

    def record(self, kind: str, version: str | None = None) -> dict[str, Any] | None:
        """Provenance of the dataset of ``kind`` that a read would return (``version``, else
        the pin, else the default): ``id, kind, dataset, version, default, rows, sha256,
        source_path, added_at, table``; None when the kind is absent."""
        _check_kind(kind)
        meta = self._meta()
        rec = _pick(
            meta, kind, version or self.pins.get(kind), pinned_by=self._source(kind, version)
        )
        if rec is None:
            return None
        return _public(rec)

    def has(self, kind: str, version: str | None = None) -> bool:
        """True when a dataset of ``kind`` (and ``version``, when given) is in the catalog."""
        meta = self._meta()
        if version is None:
            return bool(len(meta)) and bool((meta["kind"] == kind).any())
        return _pick(meta, kind, version, missing_ok=True) is not None

    # ------------------------------------------------------------------ reading

    def read(self, kind: str, version: str | None = None) -> pd.DataFrame:
        """The dataset of ``kind`` as loaded (same columns and dtypes), with ``attrs``.

        ``version``: which version (default: the pin, else the kind's default). Raises
        :class:`CatalogError` when the kind (or that version) is absent."""
        df = self.read_or_none(kind, version)
        if df is None:
            raise CatalogError(
                f"no {kind} dataset in the catalog; add one with `anpo data add FILE`",
                file=self.home,
            )
        return df

    def read_or_none(self, kind: str, version: str | None = None) -> pd.DataFrame | None:
        """:meth:`read`, or None when the kind is absent (an absent *version* of a kind that
        is present is still an error naming the versions there are)."""
        _check_kind(kind)
        if not self.exists():
            return None
        with self.reading() as con:
            meta = _read_meta(con, self.path)
            rec = _pick(
                meta, kind, version or self.pins.get(kind), pinned_by=self._source(kind, version)
            )
            if rec is None:
                return None
            table = str(rec["table_name"])
            if not _table_columns(con, table):
                raise CatalogError(
                    f"the catalog lists {_row_name(rec)} but its table {table!r} is missing; "
                    f"`anpo data remove {rec['id']}` and add the file again",
                    file=self.path,
                )
            df = con.execute(f"SELECT * FROM {_quote(table)}").df()
        return _restore(df, rec, self.path)

    def sql(self, query: str) -> pd.DataFrame:
        """Run a read-only SQL query over the catalog (tables are named after the kinds; each
        version is ``"<kind>@<version>"``). See :meth:`sql_chunks` for large results."""
        with self.sql_chunks(query) as chunks:
            parts = list(chunks)
        return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)

    @contextmanager
    def sql_chunks(
        self,
        query: str,
        chunk_rows: int = 10_000,
        *,
        exact: bool = False,
        date_as_object: bool = False,
    ) -> Iterator[SqlChunks]:
        """Run ``query`` on a sandboxed read-only connection and yield an iterator of result
        chunks (DataFrames of at most about ``chunk_rows`` rows; the first one always comes,
        possibly empty, so the columns are known) that also says each column's DuckDB type
        (:class:`SqlChunks`). Memory stays bounded whatever the result size.

        ``exact``: the values DuckDB has where pandas' conversion changes them
        (:func:`_exact_query`, :func:`_exact_column`): a LIST, ARRAY, STRUCT, MAP or UNION
        comes as DuckDB's Python values (lists, tuples and dicts at every depth, never numpy
        arrays: a HUGEINT in them keeps its digits); a DATE, TIME, TIMESTAMP or INTERVAL, at
        any depth, as DuckDB's text of it (``2020-01-01 00:00:00``, ``1 month``,
        ``infinity``: :data:`_TEMPORAL_TYPES`); a HUGEINT, UHUGEINT or BIGNUM as a whole
        number (Int64, or Python ints past it: pandas made a double of a HUGEINT and refused
        the others); a DECIMAL of more than 15 digits as a double where that is the number
        itself, else as a ``Decimal`` of its digits; a VARIANT (DuckDB 2), at any depth, as
        DuckDB's JSON of it read back (:func:`_variant_value`), and a MAP of VARIANT keys as
        the list of its entries, as in a VARIANT (:func:`_variant_keyed_as_variant`). The last
        statement of ``query``, when it is a SELECT (also VALUES, DESCRIBE, SHOW, SUMMARIZE, a
        PIVOT with an ``IN`` list, a CALL) with such columns, is run once, as a subquery (its types read by ``DESCRIBE``,
        which does not run it); a PRAGMA or a PIVOT without ``IN`` list is run once and its
        result's columns cast the same way (:func:`_exact_query`); another (an EXPLAIN, whose
        result is text) is run as it is, converted by pandas. ``date_as_object``: a
        DATE column that pandas converts as ``datetime.date`` values (DuckDB's option; a
        midnight timestamp otherwise).

        The connection is read-only and has DuckDB's external access disabled and its
        configuration locked: no file outside the catalog can be read or written (``COPY ...
        TO``, ``read_csv``, ``ATTACH``, ``EXPORT``), no extension installed or loaded, no
        network reached. The kind names (``nmc``) show the pinned versions when pins are set.
        """
        import duckdb

        self.require()
        config = {
            "enable_external_access": False,
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "memory_limit": SQL_MEMORY_LIMIT,
            "lock_configuration": True,
        }
        with catalog_lock(self.lock_path, exclusive=False):
            con = self._duckdb_connect(read_only=True, config=config)
            try:
                _check_ours(con, self.path)
                meta = _read_meta(con, self.path)
                for kind, version in self.pins.items():
                    rec = _pick(meta, kind, version, pinned_by=self._pinned_by.get(kind))
                    if rec is not None:
                        con.execute(
                            f"CREATE TEMP VIEW {_quote(kind)} AS SELECT * FROM "
                            f"main.{_quote(rec['table_name'])}"
                        )
                vectors = max(1, chunk_rows // 2048)
                try:
                    res, wrapped, types = (
                        _exact_query(con, query) if exact else (con.execute(query), [], ())
                    )
                    parsed = con.extract_statements(query) if res is not None else []
                    statement = parsed[-1].type.name.lower() if parsed else ""
                    if res is None:  # DuckDB returns None when the text holds no statement
                        raise CatalogError(
                            "no SQL statement in the query (it is empty, blank or only ';'); "
                            'give one, e.g. "SELECT * FROM nmc LIMIT 5"',
                            field="query",
                        )
                    types = types or tuple(_type_id(d[1]) for d in res.description or ())
                    first = res.fetch_df_chunk(vectors, date_as_object=date_as_object)
                except duckdb.Error as exc:
                    raise CatalogError(_sql_message(exc, query), field="query") from None

                def chunks() -> Iterator[pd.DataFrame]:
                    part = first
                    while True:
                        for i, at, read in wrapped:
                            added = None if at is None else part.iloc[:, at]
                            cells = _exact_column(part.iloc[:, i], added, types[i], read)
                            part.isetitem(i, cells)
                        yield part.iloc[:, : len(types)] if wrapped else part
                        try:
                            part = res.fetch_df_chunk(vectors, date_as_object=date_as_object)
                        except duckdb.Error as exc:
                            raise CatalogError(_sql_message(exc, query), field="query") from None
                        if part is None or len(part) == 0:
                            return

                yield SqlChunks(chunks(), types, statement)
            finally:
                con.close()

    # ------------------------------------------------------------------ changes

    def _step(self, name: str) -> None:
        """Named points inside an import transaction (no-op; lets tests simulate a crash)."""

    def add(
        self,
        path: str | Path,
        kind: str | None = None,
        replace: bool = False,
        version: str | None = None,
        default: bool | None = None,
    ) -> dict[str, Any]:
        """Load ``path`` (kind detected from its header unless given) into the catalog.

        ``version``: label to file it under (default: the version the loader reads from the
        file or its name). ``default``: make it the kind's default (None: only when the kind
        has no dataset yet).

        Returns ``{"id", "kind", "dataset", "version", "rows", "sha256", "status", "default",
        "table", "versions", "reason"}`` with status ``added``, ``replaced`` or ``unchanged``
        (the same file was already there, possibly under another version label) and
        ``reason`` saying why it is (or is not) the default.
        Raises :class:`DatasetExistsError` when a different file of the same kind and version
        is present and ``replace`` is False, :class:`DataError` for a wrong or damaged file or a
        ``path`` that is not a file path (a ``str`` or an ``os.PathLike``).
        """
        import duckdb

        src = expand_user(as_path(path, "path", error=DataError))
        if not src.is_file():
            raise DataError("file not found" if not src.exists() else "not a file", file=src)
        label = None if version is None else check_version_label(version, field="version")
        kind = detect_kind(src) if kind is None else kind  # "" is refused, not detected
        _check_kind(kind)
        sha = file_sha256(src)
        # fail fast, before the (slow) load, when the result is already known; decided again
        # under the writer's lock below
        early = self._decide(self._meta(), kind, sha, label, replace, src)
        if early is not None:
            return early
        frame = loader_for(kind)(src)
        source = frame.attrs.get("source", {})
        if source.get("sha256") not in (None, sha):
            raise DataError("the file changed while it was being read; try again", file=src)
        label = label or _label_from_loader(source.get("version"))
        extra = {k: v for k, v in frame.attrs.items() if k != "source" and _jsonable(v)}
        said = _add_warnings(kind, frame)
        dtypes = {c: str(t) for c, t in frame.dtypes.items()}
        store = _storable(frame)
        table = f"{kind}@{label}"
        with self._writing("anpo data add") as con:
            meta = _read_meta(con, self.path)
            done = self._decide(meta, kind, sha, label, replace, src)
            if done is not None:
                return done
            same_kind = meta[meta["kind"] == kind]
            cur = _pick(meta, kind, label, missing_ok=True)
            status = "added" if cur is None else "replaced"
            if cur is not None:
                label, table = str(cur["version"]), str(cur["table_name"])
            others = same_kind[same_kind["version"] != label]
            old_default = others[others["is_default"].astype(bool)]
            if default is True or old_default.empty:
                make_default = True
                if old_default.empty and cur is not None and bool(cur["is_default"]):
                    reason = "it replaces the default version"
                elif old_default.empty:
                    reason = f"the first {kind} dataset in the catalog"
                else:
                    reason = "asked for (--default)"
            else:
                make_default = False
                prev = str(old_default["version"].iloc[0])
                reason = f"the default stays {prev}; `anpo data default {kind} {label}` changes it"
            try:
                con.execute("BEGIN TRANSACTION")
                new_id = con.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {META}").fetchall()[0][
                    0
                ]
                incoming = _quote(table + "__incoming")
                con.register("anpo_incoming", store)
                con.execute(f"DROP TABLE IF EXISTS {incoming}")
                con.execute(f"CREATE TABLE {incoming} AS SELECT * FROM anpo_incoming")
                con.unregister("anpo_incoming")
                self._step("created")
                con.execute(f"DROP VIEW IF EXISTS {_quote(kind)}")
                con.execute(f"DROP TABLE IF EXISTS {_quote(table)}")
                con.execute(f"ALTER TABLE {incoming} RENAME TO {_quote(table)}")
                self._step("swapped")
                con.execute(f"DELETE FROM {META} WHERE kind = ? AND version = ?", [kind, label])
                if make_default:
                    con.execute(f"UPDATE {META} SET is_default = FALSE WHERE kind = ?", [kind])
                con.execute(
                    f"INSERT INTO {META} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        new_id,
                        kind,
                        source.get("dataset", kind),
                        label,
                        sha,
                        str(src.resolve()),
                        len(frame),
                        _dt.datetime.now().replace(microsecond=0),
                        json.dumps(extra),
                        json.dumps(dtypes),
                        table,
                        make_default,
                    ],
                )
                _refresh_view(con, kind)
                self._step("recorded")
                con.execute("COMMIT")
            except BaseException as exc:
                try:
                    con.execute("ROLLBACK")
                except duckdb.Error:
                    pass
                if isinstance(exc, duckdb.Error):
                    raise CatalogError(
                        f"import failed, catalog unchanged ({exc})", file=self.path
                    ) from None
                raise
            versions = _read_meta(con, self.path).query("kind == @kind")["version"].tolist()
        return {
            "id": int(new_id),
            "kind": kind,
            "dataset": source.get("dataset", kind),
            "version": label,
            "rows": len(frame),
            "sha256": sha,
            "status": status,
            "default": make_default,
            "table": table,
            "versions": sorted(versions, key=version_key),
            "reason": reason,
            "warnings": said,
        }

    def _decide(
        self,
        meta: pd.DataFrame,
        kind: str,
        sha: str,
        label: str | None,
        replace: bool,
        src: Path,
    ) -> dict[str, Any] | None:
        """The outcome of adding a file with hash ``sha`` when it is decided by what the
        catalog holds (the same file already there; a different file under the same version
        label without ``replace``), else None."""
        same_kind = meta[meta["kind"] == kind] if len(meta) else meta
        same = same_kind[same_kind["sha256"] == sha] if len(same_kind) else same_kind
        if len(same):
            rec = same.iloc[0]
            return {
                **_public(rec),
                "sha256": sha,
                "status": "unchanged",
                "versions": sorted(same_kind["version"].tolist(), key=version_key),
                "reason": f"the same file (same SHA-256) is already {kind} {rec['version']}",
            }
        if label is not None and not replace:
            cur = _pick(meta, kind, label, missing_ok=True)
            if cur is not None:
                raise _exists_error(kind, cur, src)
        return None

    def set_default(self, kind: str, version: str) -> dict[str, Any]:
        """Make ``version`` the default of ``kind`` (what reads return when no version is
        asked). Returns the dataset's record with ``previous`` (the old default's version)."""
        _check_kind(kind)
        if not self.exists():
            raise CatalogError(f"no {kind} dataset in the catalog", file=self.home)
        with self._writing("anpo data default") as con:
            meta = _read_meta(con, self.path)
            rec = _pick(meta, kind, version)
            if rec is None:
                raise CatalogError(f"no {kind} dataset in the catalog", field="kind")
            prev = meta[(meta["kind"] == kind) & meta["is_default"].astype(bool)]
            con.execute("BEGIN TRANSACTION")
            con.execute(
                f"UPDATE {META} SET is_default = (id = ?) WHERE kind = ?", [int(rec["id"]), kind]
            )
            _refresh_view(con, kind)
            con.execute("COMMIT")
        out = _public(rec)
        out["default"] = True
        out["previous"] = None if prev.empty else str(prev["version"].iloc[0])
        return out

    def remove(self, kind_or_id: str | int, version: str | None = None) -> dict[str, Any]:
        """Remove a dataset by id, by ``kind`` (when it has one version, or with ``version``)
        or by ``kind@version``; returns its record with ``new_default`` (the version that
        became the kind's default, when the removed one was). The source file is kept."""
        import duckdb

        if not self.exists():
            raise CatalogError("the catalog is empty", file=self.home)
        key = str(kind_or_id).strip()
        with self._writing("anpo data remove") as con:
            meta = _read_meta(con, self.path)
            if not len(meta):
                raise CatalogError("the catalog is empty", file=self.home)
            if key.isdigit() and version is None:
                row = meta[meta["id"] == int(key)]
                if row.empty:
                    raise CatalogError(
                        f"no dataset with id {key} in the catalog (see `anpo data list`)",
                        field="dataset",
                    )
                rec = row.iloc[0]
            else:
                kind, _, ver = key.partition("@")
                ver = ver or (version or "")
                if kind not in KINDS or not (meta["kind"] == kind).any():
                    raise CatalogError(
                        f"no dataset {key!r} in the catalog (see `anpo data list`)",
                        field="dataset",
                    )
                same = meta[meta["kind"] == kind]
                if not ver and len(same) > 1:
                    vs = ", ".join(sorted(same["version"], key=version_key))
                    raise CatalogError(
                        f"the catalog has {len(same)} versions of {kind} ({vs}); say which: "
                        f"`anpo data remove {kind} --version VERSION` or by id",
                        field="dataset",
                    )
                picked = _pick(meta, kind, ver or None, missing_ok=True)
                if picked is None:  # named where it was typed: 'nmc@9.9' is no --version
                    vs = ", ".join(sorted(same["version"], key=version_key))
                    raise CatalogError(
                        f"no {kind} version {ver!r} in the catalog; versions there: {vs}",
                        field="dataset" if "@" in key else "version",
                    )
                rec = picked
            kind = str(rec["kind"])
            rest = meta[(meta["kind"] == kind) & (meta["id"] != rec["id"])]
            new_default = None
            if bool(rec["is_default"]) and len(rest):
                newest = rest.sort_values("id").iloc[-1]
                new_default = str(newest["version"])
            try:
                con.execute("BEGIN TRANSACTION")
                con.execute(f"DROP VIEW IF EXISTS {_quote(kind)}")
                con.execute(f"DROP TABLE IF EXISTS {_quote(str(rec['table_name']))}")
                con.execute(f"DELETE FROM {META} WHERE id = ?", [int(rec["id"])])
                if new_default is not None:
                    con.execute(
                        f"UPDATE {META} SET is_default = (version = ?) WHERE kind = ?",
                        [new_default, kind],
                    )
                _refresh_view(con, kind)
                con.execute("COMMIT")
            except duckdb.Error as exc:
                con.execute("ROLLBACK")
                raise CatalogError(f"could not remove {kind} ({exc})", file=self.path) from None
        out = _public(rec)
        out["status"] = "removed"
        out["new_default"] = new_default
        return out


# ---------------------------------------------------------------------- helpers


def held_reads(source: object) -> contextlib.AbstractContextManager[None]:
    """:meth:`Catalog.held` for ``source``: a :class:`Catalog`, or one of its bound methods (the
    getter ``catalog.read_or_none`` the loaders take). For anything else (a dict's ``get``, a
    test's stand-in) the block changes nothing: each read behaves as without it."""
    cat = getattr(source, "__self__", source)
    return cat.held() if isinstance(cat, Catalog) else contextlib.nullcontext()


def first_present(
    get: Callable[[str], pd.DataFrame | None],
    kinds: Iterable[str],
    read: dict[str, pd.DataFrame | None] | None = None,
) -> pd.DataFrame | None:
    """The frame of the first of ``kinds`` (alternative kinds of one dataset, in order of
    preference: ``tss_rivalries`` then ``td_rivalries``) that the getter ``get`` (e.g.
    :meth:`Catalog.read_or_none`) finds; None when it finds none. The kinds after the one found
    are not read.

    ``read``: a record ``kind -> frame`` (None for an absent kind) of the reads made so far,
    which each read here is added to; a kind already in it is not read again."""
    done: dict[str, pd.DataFrame | None] = {} if read is None else read
    for kind in kinds:
        if kind not in done:
            done[kind] = get(kind)
        if done[kind] is not None:
            return done[kind]
    return None


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise CatalogError(
            f"unknown dataset kind {kind!r}; known: {', '.join(KINDS)}", field="kind"
        )


def _table_columns(con: Any, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        "AND table_schema = 'main' ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


def _check_ours(con: Any, path: Path) -> None:
    """Refuse a DuckDB database that anpo did not write (tables, but no ``anpo_datasets``): a
    reader would call it empty, a writer add anpo's tables to another program's database."""
    if _table_columns(con, META):
        return
    names = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "ORDER BY table_name"
        ).fetchall()
    ]
    if names:
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        raise CatalogError(
            f"the catalog database is a DuckDB database anpo did not write (it holds {shown} "
            f"and no {META} table); move it away, or point ANPO_HOME at another folder",
            file=path,
        )


def _read_meta(con: Any, path: Path) -> pd.DataFrame:
    """The metadata rows through ``con``; a catalog of the one-table-per-kind layout reads as
    one default dataset per kind in a table named after the kind. A table that lacks columns
    anpo writes, or a NULL where anpo always writes a value, is a :class:`CatalogError` naming
    the database ``path``."""
    cols = _table_columns(con, META)
    if not cols:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in _META_COLUMNS})
    _check_meta_columns(cols, path)
    meta = con.execute(f"SELECT * FROM {META} ORDER BY id").df()
    for col in [c for c in _REQUIRED_META if c in meta.columns]:
        empty = meta[meta[col].isna()]
        if len(empty):
            raise CatalogError(
                f"the catalog's list of datasets ({META}) is damaged: {col} is empty (NULL) in "
                f"the row of {_row_name(empty.iloc[0])}; move the catalog away and add the "
                "files again",
                file=path,
            )
    if "table_name" not in meta.columns:  # the earlier layout
        meta["table_name"] = meta["kind"]
        meta["is_default"] = True
    meta["version"] = meta["version"].fillna("").astype(str)
    return meta


#: Metadata columns anpo always fills: a NULL in one means the catalog was damaged.
_REQUIRED_META = (
    "id",
    "kind",
    "table_name",
    "rows",
    "attrs_json",
    "dtypes_json",
    "is_default",
)


def _row_name(rec: pd.Series) -> str:
    """A metadata row as the user can name it: ``nmc 7.0 (id 3)``, with what is known."""
    parts = [str(rec[c]) for c in ("kind", "version") if c in rec and pd.notna(rec[c])]
    ident = f"id {rec['id']}" if pd.notna(rec.get("id")) else "no id"
    return f"{' '.join(parts) or 'a dataset'} ({ident})"


#: The metadata columns that came with versions side by side: a dataset list has both (the
#: current layout) or neither (the earlier one).
_LAYOUT_PAIR = ("table_name", "is_default")


def _check_meta_columns(cols: list[str], path: Path) -> None:
    """Refuse a dataset list (columns ``cols``) that lacks a column anpo writes: every one of
    ``_META_COLUMNS``, except the pair ``_LAYOUT_PAIR`` when both are absent (the earlier
    layout). One of the pair without the other is damaged: a :class:`CatalogError` naming the
    database ``path``."""
    pair_absent = not any(c in cols for c in _LAYOUT_PAIR)
    missing = [
        c for c in _META_COLUMNS if c not in cols and not (pair_absent and c in _LAYOUT_PAIR)
    ]
    if missing:
        raise CatalogError(
            f"the catalog's list of datasets ({META}) is damaged or not anpo's: it lacks the "
            f"column(s) {', '.join(missing)}; move the catalog away and add the files again",
            file=path,
        )


def _migrate(con: Any, path: Path) -> None:
    """Convert a catalog of the earlier layout (one table per kind, named after it; the kind
    the metadata's key) to versions side by side, in one transaction. A dataset list that
    lacks columns anpo writes is a :class:`CatalogError` naming the database ``path``,
    before anything is changed."""
    cols = _table_columns(con, META)
    _check_meta_columns(cols, path)
    if "table_name" in cols:
        return
    old = con.execute(f"SELECT * FROM {META} ORDER BY id").df()
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"ALTER TABLE {META} RENAME TO {META}__v1")
        con.execute(_META_DDL)
        for rec in old.to_dict(orient="records"):
            label = _label_from_loader(rec["version"])
            table = f"{rec['kind']}@{label}"
            con.execute(f"ALTER TABLE {_quote(rec['kind'])} RENAME TO {_quote(table)}")
            con.execute(
                f"INSERT INTO {META} SELECT id, kind, dataset, ?, sha256, source_path, rows, "
                f"added_at, attrs_json, dtypes_json, ?, TRUE FROM {META}__v1 WHERE id = ?",
                [label, table, int(rec["id"])],
            )
            _refresh_view(con, rec["kind"])
        con.execute(f"DROP TABLE {META}__v1")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _refresh_view(con: Any, kind: str) -> None:
    """The view named after ``kind`` shows its default version (dropped when none is left)."""
    row = con.execute(
        f"SELECT table_name FROM {META} WHERE kind = ? AND is_default", [kind]
    ).fetchall()
    con.execute(f"DROP VIEW IF EXISTS {_quote(kind)}")
    if row:
        con.execute(f"CREATE VIEW {_quote(kind)} AS SELECT * FROM {_quote(row[0][0])}")


def _pick(
    meta: pd.DataFrame,
    kind: str,
    version: str | None,
    missing_ok: bool = False,
    pinned_by: str | None = None,
) -> pd.Series | None:
    """The metadata row of ``kind`` at ``version`` (None: the default). None when the kind is
    absent; an absent version of a present kind is a :class:`CatalogError` listing those
    there are, its field ``pinned_by`` (where a pinned version was set: ``--data-version``,
    ``ANPO_DATA_VERSIONS``, ``versions``) or ``version`` (or None with ``missing_ok``)."""
    if not len(meta):
        return None
    rows = meta[meta["kind"] == kind]
    if rows.empty:
        return None
    if version is None:
        dflt = rows[rows["is_default"].astype(bool)]
        return (dflt if len(dflt) else rows.sort_values("id")).iloc[-1]
    hit = rows[rows["version"].map(lambda v: _same_version(str(v), version))]
    if len(hit) == 1:
        return hit.iloc[0]
    exact = rows[rows["version"] == version]
    if len(exact):
        return exact.iloc[0]
    if missing_ok:
        return None
    have = ", ".join(sorted(rows["version"], key=version_key))
    how = "asked for" if pinned_by is None else "a pinned version"
    raise CatalogError(
        f"no {kind} version {version!r} in the catalog ({how}); versions there: {have}",
        field=pinned_by or "version",
    )


#: Words of a DuckDB I/O error that mean the database file itself is broken (cut short, or
#: its blocks fail their checksums), not that the system refused a read or a write.
_BROKEN_FILE = ("corrupt", "checksum", "read enough bytes")


def _duckdb_failure(exc: Exception, path: Path, writing: bool) -> CatalogError:
    """A DuckDB error met while opening or using the catalog database ``path``, as what it
    means to the user (``writing``: the catalog was being changed):

    - an interrupted query (Ctrl-C) is raised as the ``KeyboardInterrupt`` it was, so the
      CLI says "interrupted" and exits 130;
    - a broken database (a catalog, binder, serialization or internal error, or an I/O error
      on a file cut short or failing its checksums) is "damaged; move it away", returned as a
      :class:`CatalogError` naming ``path``;
    - anything else (out of memory, a full disk, a transaction conflict...) is "cannot read
      (change) the catalog" with DuckDB's message, and no advice to move a sound file away.
    """
    import duckdb

    if isinstance(exc, duckdb.InterruptException):
        raise KeyboardInterrupt from None
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    broken = isinstance(
        exc,
        duckdb.CatalogException
        | duckdb.BinderException
        | duckdb.SerializationException
        | duckdb.InternalException,
    ) or (isinstance(exc, duckdb.IOException) and any(w in first.lower() for w in _BROKEN_FILE))
    if broken:
        return CatalogError(
            f"the catalog database is damaged ({first}); move it away and add the files again",
            file=path,
        )
    doing = "change" if writing else "read"
    return CatalogError(f"cannot {doing} the catalog ({first})", file=path)


def _public(rec: pd.Series) -> dict[str, Any]:
    added = rec.get("added_at")
    return {
        "id": int(rec["id"]),
        "kind": str(rec["kind"]),
        "dataset": rec["dataset"],
        "version": str(rec["version"]),
        "default": bool(rec["is_default"]),
        "rows": int(rec["rows"]),
        "sha256": rec["sha256"],
        "source_path": rec["source_path"],
        "added_at": None if added is None or pd.isna(added) else str(added),
        "table": str(rec["table_name"]),
    }


def _exists_error(kind: str, cur: pd.Series, src: Path) -> DatasetExistsError:
    return DatasetExistsError(
        f"the catalog already has {kind} version {cur['version']} ({cur['dataset']}, from "
        f"{cur['source_path']}), a different file; pass --replace to replace it, or "
        "--as-version LABEL to keep both",
        file=src,
        field="kind",
    )


def _restore(df: pd.DataFrame, rec: pd.Series, path: Path) -> pd.DataFrame:
    """The stored table with the dtypes and attrs its metadata row ``rec`` records; a record
    that is not the JSON anpo writes, or a table without the columns it records, is a
    :class:`CatalogError` naming the database ``path``."""
    how = f"`anpo data remove {rec['id']}` and add the file again"
    try:
        dtypes = json.loads(rec["dtypes_json"])
        attrs = json.loads(rec["attrs_json"])
    except (TypeError, ValueError):
        dtypes = attrs = None
    if not isinstance(dtypes, dict) or not isinstance(attrs, dict):
        raise CatalogError(
            f"the catalog's record of {_row_name(rec)} is damaged (its dtypes or attrs are "
            f"not the JSON anpo writes); {how}",
            file=path,
        )
    lost = [c for c in dtypes if c not in df.columns]
    if lost:
        raise CatalogError(
            f"the catalog's table of {_row_name(rec)} lacks the column(s) {', '.join(lost)} "
            f"it was stored with; {how}",
            file=path,
        )
    for col, dt in dtypes.items():
        if col in df.columns and str(df[col].dtype) != dt:
            try:
                df[col] = df[col].astype(dt)
            except (TypeError, ValueError):
                pass
    for key, value in attrs.items():
        df.attrs[key] = tuple(value) if key == "coverage" else value
    df.attrs["source"] = {
        "dataset": rec["dataset"],
        "version": str(rec["version"]),
        "sha256": rec["sha256"],
        "path": rec["source_path"],
    }
    return df


class SqlChunks(Iterator[pd.DataFrame]):
    """The chunks of a :meth:`Catalog.sql_chunks` result (iterate it) with ``types``, each
    column's DuckDB type by position (:func:`_type_id`: ``"integer"``, ``"decimal"``,
    ``"list"``, ``"array"``, ``"struct"``, ``"map"``, ``"blob"``, ...): columns may share a
    name, and pandas renames all but the first of them."""

    def __init__(
        self, parts: Iterator[pd.DataFrame], types: tuple[str, ...], statement: str = ""
    ) -> None:
        self._parts = parts
        self.types = types
        #: the kind of the query's last statement as DuckDB parses it, lower case
        #: (``"select"``, ``"explain"``, ``"pragma"``, ...; empty when not known): an EXPLAIN's
        #: result is its plan as text, which ``anpo data sql --json`` gives as lines
        self.statement = statement

    def __next__(self) -> pd.DataFrame:
        return next(self._parts)


def _type_id(sql_type: Any) -> str:
    """A DuckDB column type (as ``cursor.description`` gives it: a type object or its text)
    as its lower-case name without parameters: ``"decimal"`` for ``DECIMAL(38,2)``,
    ``"list"`` for ``INTEGER[]``, ``"array"`` for ``INTEGER[2]``, ``"struct"``, ``"map"``,
    ``"union"``, ``"timestamp with time zone"``; :func:`_exact_type` keeps a DECIMAL's width.

    >>> [_type_id(t) for t in ("DECIMAL(38,2)", "INTEGER[]", "STRUCT(a INTEGER[])[3]", "BLOB")]
    ['decimal', 'list', 'array', 'blob']
    """
    text = str(sql_type).strip()
    if text.endswith("[]"):
        return "list"
    if text.endswith("]"):
        return "array"
    return text.split("(", 1)[0].strip().lower()


#: Nested column types, which :meth:`Catalog.sql_chunks` fetches as DuckDB's Python values
#: when ``exact``: pandas' conversion makes numpy arrays of a LIST or ARRAY (a double of a
#: HUGEINT in it, a timestamp of a DATE, masked arrays for NULL) and refuses a UHUGEINT in it.
#: STRUCT, MAP and UNION are fetched the same way, so every nested value is plain Python.
_NESTED_TYPES = frozenset({"list", "array", "struct", "map", "union"})

#: Whole-number column types pandas' conversion makes a double of (HUGEINT) or refuses
#: (UHUGEINT, BIGNUM, called VARINT before DuckDB 1.4).
_WHOLE_TYPES = frozenset({"hugeint", "uhugeint", "bignum", "varint"})

#: DuckDB's date and time types (its ``duckdb_types()`` category DATETIME, as :func:`_type_id`
#: names them; TIME_NS and TIMESTAMPTZ_NS are in DuckDB 2.0, not in 1.2, the floor), which
#: :meth:`Catalog.sql_chunks` hands over as DuckDB's text of them (``CAST(x AS VARCHAR)``) at
#: every depth when ``exact``: pandas' conversion made a month of an INTERVAL 30 days
#: (``INTERVAL '1 month'`` read ``30 days``; ``DATE '2001-01-31' + INTERVAL 1 MONTH`` is
#: February 28), a column of midnight TIMESTAMPs bare dates, a nested TIMESTAMP_NS
#: microseconds, an infinite DATE an error and an infinite TIMESTAMP a date 290,308 years BC;
#: it refused a TIMETZ, and a year past 9999 stopped the table and --json. The text is
#: DuckDB's own (what its CSV and JSON writers write), exact for all of them.
_TEMPORAL_TYPES = frozenset(
    {
        "date",
        "time",
        "time_ns",
        "time with time zone",
        "timestamp",
        "timestamp_s",
        "timestamp_ms",
        "timestamp_ns",
        "timestamp with time zone",
        "timestamptz_ns",
        "interval",
    }
)

#: DuckDB 2's self-describing type, which :meth:`Catalog.sql_chunks` hands over, when
#: ``exact``, as the JSON DuckDB writes for it (``CAST(v AS JSON)``), read back
#: (:func:`_variant_value`): its dates, times and intervals are then DuckDB's text of them, as
#: a column's (``"1 month"``; pandas' conversion, and DuckDB's own Python values, made a month
#: 30 days), a HUGEINT keeps its digits and a MAP is the list of its entries (as is a MAP whose
#: keys are VARIANTs, anywhere: :func:`_variant_keyed_as_variant`).
_VARIANT = "variant"

#: The widest DECIMAL a double holds exactly: every decimal of 15 significant digits survives
#: the round trip through a double (IEEE 754 binary64), not every one of 16.
DOUBLE_DIGITS = 15


def _exact_type(sql_type: Any) -> bool:
    """Whether :meth:`Catalog.sql_chunks` fetches a column of this DuckDB type otherwise than
    pandas' conversion when ``exact``: :data:`_NESTED_TYPES`, :data:`_WHOLE_TYPES`,
    :data:`_TEMPORAL_TYPES` and a DECIMAL of more than :data:`DOUBLE_DIGITS` digits, which
    pandas would make a double of.

    >>> [_exact_type(t) for t in ("HUGEINT", "DECIMAL(38,2)", "DECIMAL(15,2)", "DOUBLE")]
    [True, True, False, False]
    >>> [_exact_type(t) for t in ("TIMESTAMP", "TIME WITH TIME ZONE", "INTERVAL", "VARCHAR")]
    [True, True, True, False]
    """
    kind = _type_id(sql_type)
    if kind == "decimal":
        width = re.match(r"\s*DECIMAL\s*\(\s*(\d+)", str(sql_type), re.IGNORECASE)
        return width is None or int(width.group(1)) > DOUBLE_DIGITS
    return (
        kind in _NESTED_TYPES or kind in _WHOLE_TYPES or kind in _TEMPORAL_TYPES or kind == _VARIANT
    )


def _temporal_as_text(sql_type: Any) -> str | None:
    r"""A nested DuckDB type (a ``DuckDBPyType``: ``con.type(text)``) with every one of
    :data:`_TEMPORAL_TYPES` in it, at any depth, made VARCHAR: the type to cast a nested column
    to so that DuckDB writes its dates, times and intervals as their text (a STRUCT's field
    names and a MAP's, LIST's and ARRAY's shape kept); None when it holds none of them.

    >>> import duckdb
    >>> con = duckdb.connect()
    >>> _temporal_as_text(con.type('STRUCT("a b" TIMESTAMP_NS[], n ENUM(\'x\'))[2]'))
    'STRUCT("a b" VARCHAR[], "n" ENUM(\'x\'))[2]'
    >>> _temporal_as_text(con.type("MAP(DATE, UNION(i INTERVAL, n INTEGER))"))
    'MAP(VARCHAR, UNION("i" VARCHAR, "n" INTEGER))'
    >>> _temporal_as_text(con.type("MAP(VARCHAR, INTEGER[])")) is None
    True
    """
    return _retyped(sql_type, _temporal_leaf)


def _temporal_leaf(sql_type: Any) -> str | None:
    """What :func:`_temporal_as_text` makes of a type taken whole: VARCHAR of a date, time or
    interval; JSON of a VARIANT (its JSON, read back by :func:`_entries_reader`'s reader,
    :func:`_variant_value`); None of another (a nested one is then walked)."""
    kind = str(sql_type.id)
    if kind in _TEMPORAL_TYPES:
        return "VARCHAR"
    if kind == _VARIANT:
        return "JSON"
    return None


def _variant_keyed_as_variant(sql_type: Any) -> str | None:
    """A nested DuckDB type (a ``DuckDBPyType``) with every MAP whose keys are VARIANTs, at any
    depth, made a VARIANT; None when it holds no such MAP. A column is cast to it before
    :func:`_temporal_as_text`'s cast, so that such a MAP is handed over as DuckDB's JSON of a
    MAP in a VARIANT, the list of its entries, keys and values read back
    (:func:`_variant_value`): cast as it is, to ``MAP(JSON, ...)``, its keys came as their JSON
    text (``{"\\"x\\"": ...}``, ``{"1": ...}``), and two keys of one JSON text (a DATE and the
    VARCHAR of it, 1 as an INTEGER and as a BIGINT) were DuckDB's "Map keys must be unique"
    (cli30). A UNION is left as it is: its value is read as the first member whose form it
    has (:func:`_has_form`), and a VARIANT's JSON text has the form of any scalar member; such
    a MAP in it is cast to ``MAP(JSON, ...)`` and its keys read back by :func:`_entries_reader`.
    DuckDB 1.2 has no VARIANT: no type of it holds one."""

    def leaf(t: Any) -> str | None:
        is_map = str(t.id) == "map"
        return "VARIANT" if is_map and str(t.children[0][1].id) == _VARIANT else None

    return _retyped(sql_type, leaf, into_unions=False)


def _retyped(
    sql_type: Any, leaf: Callable[[Any], str | None], into_unions: bool = True
) -> str | None:
    """The text of a DuckDB type (a ``DuckDBPyType``) with each type in it, at any depth, of
    which ``leaf`` gives a text (the type itself included) made that text, the rest kept (a
    STRUCT's field names, a UNION's members, a MAP's, LIST's and ARRAY's shape); None when
    ``leaf`` gives no text for any of them. ``into_unions=False``: a UNION is kept whole."""
    own = leaf(sql_type)
    if own is not None:
        return own
    kind = str(sql_type.id)
    if kind not in _NESTED_TYPES or (kind == "union" and not into_unions):
        return None
    children = list(sql_type.children)
    if kind == "union" and children and children[0][0] == "":
        children = children[1:]  # DuckDB lists a UNION's tag (a UTINYINT) first
    if kind == "array":
        children = children[:1]  # then its ("size", n)
    texts = [_retyped(child, leaf, into_unions) for _, child in children]
    if all(text is None for text in texts):
        return None
    inner = [text or str(child) for text, (_, child) in zip(texts, children, strict=True)]
    if kind == "list":
        return f"{inner[0]}[]"
    if kind == "array":
        return f"{inner[0]}[{sql_type.children[1][1]}]"
    if kind == "map":
        return f"MAP({inner[0]}, {inner[1]})"
    fields = ", ".join(
        f"{_quote(str(name))} {text}" for (name, _), text in zip(children, inner, strict=True)
    )
    return f"{kind.upper()}({fields})"


#: What ``Catalog.sql_chunks`` applies to a nested column's values (:func:`_entries_reader`).
Reader = Callable[[Any], Any]


def _entries_reader(sql_type: Any) -> Reader | None:
    """What makes each MAP whose keys are nested (a LIST, ARRAY, STRUCT or MAP), at any depth
    of a value of this nested DuckDB type (a ``DuckDBPyType``), a list of ``{"key": ...,
    "value": ...}`` dicts, its entries in order; None when the type holds no such MAP (the
    values are then read as DuckDB hands them over, at no cost). DuckDB hands such a MAP
    over as ``{"key": [keys], "value": [values]}`` (its keys cannot be a dict's), which was
    written as a JSON object of those two lists: the same text as a MAP of the two text keys
    'key' and 'value', or a STRUCT (sql28). A MAP of scalar keys stays a dict. A UNION's
    value is read as the first of its members whose form it has (:func:`_has_form`): DuckDB
    hands over the member's value without saying which member holds it, so such a MAP in a
    UNION member was written as the object of two lists (web29). Only a member declared before
    the MAP's that is a STRUCT of exactly the two fields ``key`` and ``value``, both LISTs or
    ARRAYs, or any MAP of scalar keys (any dict), can take its form; the value is then left as
    it is.

    >>> import duckdb
    >>> read = _entries_reader(duckdb.connect().type("MAP(INTEGER[], VARCHAR)[]"))
    >>> read([{"key": [[1], [2]], "value": ["a", None]}, None])
    [[{'key': [1], 'value': 'a'}, {'key': [2], 'value': None}], None]
    >>> _entries_reader(duckdb.connect().type("STRUCT(m MAP(VARCHAR, INTEGER[]))")) is None
    True
    >>> read = _entries_reader(duckdb.connect().type("UNION(n INTEGER, m MAP(INTEGER[], INTEGER))"))
    >>> read({"key": [[1]], "value": [2]}), read(3)
    ([{'key': [1], 'value': 2}], 3)
    """
    kind = str(sql_type.id)
    if kind == _VARIANT:  # cast to JSON (_temporal_as_text): its text, read back
        return _variant_value
    if kind not in _NESTED_TYPES:
        return None
    children = list(sql_type.children)
    if kind == "union":
        members = [child for name, child in children if name != ""]  # the tag is listed first
        readers = [(child, _entries_reader(child)) for child in members]
        if all(read is None for _, read in readers):
            return None

        def union(value: Any) -> Any:
            if value is None:
                return None
            for child, read in readers:
                if _has_form(value, child):
                    return value if read is None else read(value)
            return value

        return union
    if kind == "map":
        (_, key_type), (_, value_type) = children
        read_key, read_value = _entries_reader(key_type), _entries_reader(value_type)
        if str(key_type.id) in _NESTED_TYPES - {"union"}:

            def entries(value: Any) -> Any:
                if value is None:
                    return None
                return [
                    {
                        "key": k if read_key is None else read_key(k),
                        "value": v if read_value is None else read_value(v),
                    }
                    for k, v in zip(value["key"], value["value"], strict=True)
                ]

            return entries
        if str(key_type.id) == _VARIANT:
            # only in a UNION (_variant_keyed_as_variant): cast to MAP(JSON, ...), handed over
            # as a dict of the keys' JSON texts, read back as the entries of such a MAP out of
            # one are, keys and values

            def variant_keyed(value: Any) -> Any:
                if value is None:
                    return None
                return [
                    {"key": _variant_value(k), "value": v if read_value is None else read_value(v)}
                    for k, v in value.items()
                ]

            return variant_keyed
        if read_value is None:
            return None
        read_map = read_value
        return lambda value: None if value is None else {k: read_map(v) for k, v in value.items()}
    if kind in ("list", "array"):
        read_item = _entries_reader(children[0][1])
        if read_item is None:
            return None
        return lambda value: None if value is None else [read_item(v) for v in value]
    fields = [(str(name), _entries_reader(child)) for name, child in children]
    if all(read is None for _, read in fields):
        return None

    def struct(value: Any) -> Any:
        if value is None:
            return None
        return {name: value[name] if read is None else read(value[name]) for name, read in fields}

    return struct


def _has_form(value: Any, sql_type: Any) -> bool:
    """Whether ``value`` (not None) has the form DuckDB hands a value of this type (a
    ``DuckDBPyType``) over in (:func:`_entries_reader`'s reading of a UNION): a MAP of nested
    keys a dict of exactly ``key`` and ``value``, two lists of one length; another MAP a dict;
    a STRUCT a dict of its fields; a LIST or ARRAY a list or tuple; a UNION one of its
    members'; any other type a value that is none of these.

    >>> import duckdb
    >>> con = duckdb.connect()
    >>> _has_form({"key": [[1]], "value": ["a"]}, con.type("MAP(INTEGER[], VARCHAR)"))
    True
    >>> _has_form({"a": 1}, con.type("MAP(INTEGER[], VARCHAR)")), _has_form("x", con.type("INT"))
    (False, True)
    """
    kind = str(sql_type.id)
    if kind == "map":
        if not isinstance(value, dict):
            return False
        key_type = sql_type.children[0][1]
        if str(key_type.id) not in _NESTED_TYPES - {"union"}:
            return True
        keys, values = value.get("key"), value.get("value")
        return (
            set(value) == {"key", "value"}
            and isinstance(keys, list)
            and isinstance(values, list)
            and len(keys) == len(values)
        )
    if kind == "struct":
        return isinstance(value, dict) and set(value) == {
            str(name) for name, _ in sql_type.children
        }
    if kind in ("list", "array"):
        return isinstance(value, list | tuple)
    if kind == "union":
        return any(_has_form(value, child) for name, child in sql_type.children if name != "")
    return not isinstance(value, dict | list | tuple)


def _fits_double(sql_type: Any, ref: str) -> str:
    """The SQL condition under which the value ``ref`` of a column of this type (a wide
    DECIMAL, a HUGEINT, UHUGEINT or BIGNUM) is handed over as pandas would: a DECIMAL whose
    unscaled integer has at most :data:`DOUBLE_DIGITS` digits (then a double is that very
    number), a whole number that a BIGINT holds.

    >>> _fits_double("DECIMAL(21,1)", "#2"), _fits_double("DECIMAL(38,18)", "#1")
    ('abs(#2) < 100000000000000', 'abs(#1) < 0.001')
    >>> _fits_double("HUGEINT", "#3")
    'TRY_CAST(#3 AS BIGINT) IS NOT NULL'
    """
    from decimal import Decimal

    if _type_id(sql_type) == "decimal":
        scale = re.search(r",\s*(\d+)\s*\)", str(sql_type))
        bound = Decimal(10) ** (DOUBLE_DIGITS - (int(scale.group(1)) if scale else 0))
        return f"abs({ref}) < {bound:f}"
    # TRY_CAST, not bounds: DuckDB 1.2 refuses to compare a VARINT with a literal, and a
    # negative bound is out of a UHUGEINT's range
    return f"TRY_CAST({ref} AS BIGINT) IS NOT NULL"


def _statement_text(query: str) -> str:
    r"""A statement's text (:meth:`duckdb.DuckDBPyConnection.extract_statements` keeps what
    follows it) without its trailing ``;`` and the comments and ``;`` after it, so that it can
    stand inside brackets: ``SELECT [1] AS l; -- a list`` was put in ``FROM (...)`` whole, a
    syntax error at the ``;``.

    >>> _statement_text("SELECT [1] AS l; -- a list\n;; /* c */ ")
    'SELECT [1] AS l'
    >>> _statement_text("SELECT 1 -- one\n, 2")
    'SELECT 1 -- one\n, 2'
    """
    import duckdb

    tokens = duckdb.tokenize(query)
    cut = len(query)
    for start, kind in reversed(tokens):
        if kind == duckdb.token_type.comment or (
            kind == duckdb.token_type.operator and query[start] == ";"
        ):
            cut = start
            continue
        break
    return query[:cut].rstrip()


#: The temporary view :func:`_exact_query` reads the result of a PRAGMA or of a PIVOT without
#: ``IN`` list through, so as to cast its columns (the name of no object anpo makes).
RESULT_VIEW = "anpo_statement_result"

Wrapped = builtins.list[tuple[int, int | None, Reader | None]]


def _call_as_select(text: str) -> str | None:
    """A ``CALL f(...)`` statement's text as the SELECT it is to DuckDB (``SELECT * FROM
    f(...)``: DuckDB binds a CALL so), None when ``text`` does not start with CALL.

    >>> _call_as_select("/* c */ call range(3)")
    'SELECT * FROM range(3)'
    """
    import duckdb

    for start, kind in duckdb.tokenize(text):
        if kind == duckdb.token_type.comment:
            continue
        if text[start : start + 4].upper() == "CALL" and not text[start + 4 : start + 5].isalnum():
            return "SELECT * FROM " + text[start + 4 :].strip()
        return None
    return None


def _exact_columns(
    con: Any, names: builtins.list[str], sql_types: builtins.list[str]
) -> tuple[builtins.list[str], Wrapped]:
    """The select list (over the positions ``#1``, ``#2``, ... of a result with these column
    names and DuckDB types) that hands the columns of :func:`_exact_type` over otherwise, as
    :func:`_exact_query` says, followed by the added columns of digits; and the positions of
    the wrapped columns, each with its added column (or None) and its reader (or None:
    :func:`_entries_reader`). The list is ``#1, #2, ...`` when no column needs it."""
    types = [_type_id(t) for t in sql_types]
    columns = [f"#{i + 1}" for i in range(len(names))]
    extra: builtins.list[str] = []
    wrapped: Wrapped = []
    for i, sql_type in enumerate(sql_types):
        if not _exact_type(sql_type):
            continue
        ref, name = f"#{i + 1}", _quote(names[i])
        if types[i] == _VARIANT:
            columns[i] = f"CAST({ref} AS JSON) AS {name}"
            wrapped.append((i, None, None))
            continue
        if types[i] in _TEMPORAL_TYPES:
            columns[i] = f"CAST({ref} AS VARCHAR) AS {name}"
            continue
        if types[i] in _NESTED_TYPES:
            own, value = con.type(sql_type), ref
            keyed = _variant_keyed_as_variant(own)  # a MAP of VARIANT keys: a VARIANT first
            if keyed is not None:
                own, value = con.type(keyed), f"CAST({ref} AS {keyed})"
            cast = _temporal_as_text(own)
            value = value if cast is None else f"CAST({value} AS {cast})"
            columns[i] = f"struct_pack(v := {value}) AS {name}"
            # the reader walks the column's type (its own, or with those MAPs made VARIANTs):
            # the cast keeps its shape (a STRUCT's fields, a MAP's keys and values) and says no
            # more (a JSON is a VARCHAR to it)
            wrapped.append((i, None, _entries_reader(own)))
            continue
        fits = _fits_double(sql_type, ref)
        fast = "DOUBLE" if types[i] == "decimal" else "BIGINT"
        columns[i] = f"CASE WHEN {fits} THEN CAST({ref} AS {fast}) END AS {name}"
        extra.append(f"CASE WHEN NOT ({fits}) THEN CAST({ref} AS VARCHAR) END")
        wrapped.append((i, len(names) + len(extra) - 1, None))
    return columns + extra, wrapped


def _exact_result(con: Any, result: Any) -> tuple[Any, Wrapped, tuple[str, ...]]:
    """The result of a statement that cannot stand in ``FROM (...)`` (a PRAGMA, a PIVOT
    without ``IN`` list), already run by ``con.sql`` (``result``: its relation, or None when
    it gave none), handed over as :func:`_exact_query` hands a SELECT's: the relation is read
    through the temporary view :data:`RESULT_VIEW` (DuckDB 2 keeps such a result in memory,
    DuckDB 1.2 a query over it; either way the statement is not run again), its columns cast
    as :func:`_exact_columns` says; the result as DuckDB gives it when none needs that."""
    if result is None:  # DuckDB gave no rows: an empty result, as for a setting
        return con.execute("SELECT NULL::BOOLEAN AS Success WHERE false"), [], ("boolean",)
    names = [str(name) for name in result.columns]
    sql_types = [str(t) for t in result.types]
    types = tuple(_type_id(t) for t in sql_types)
    con.register(RESULT_VIEW, result)
    listed, wrapped = _exact_columns(con, names, sql_types)
    if listed == [f"#{i + 1}" for i in range(len(names))]:
        return con.execute(f"SELECT * FROM {RESULT_VIEW}"), [], types
    return con.execute(f"SELECT {', '.join(listed)} FROM {RESULT_VIEW}"), wrapped, types


def _exact_query(con: Any, query: str) -> tuple[Any, Wrapped, tuple[str, ...]]:
    """Run ``query`` on ``con`` as :meth:`Catalog.sql_chunks` does when ``exact``: every
    statement but the last as it is; the last, when it is a SELECT with columns of
    :func:`_exact_type`, as a subquery that hands those columns over otherwise, running
    once (its columns and types are read with ``DESCRIBE``, which binds it without running
    it: a ``nextval`` in it is not advanced twice). A DATE, TIME, TIMESTAMP or INTERVAL
    (:data:`_TEMPORAL_TYPES`) comes as DuckDB's text of it (``CAST(#2 AS VARCHAR)``). A
    nested column is wrapped in a STRUCT of one field (``struct_pack(v := #3)``): pandas'
    conversion hands a STRUCT over as a dict of DuckDB's own Python values, exact at every
    depth but for dates, times and intervals, which are cast to text inside it first
    (:func:`_temporal_as_text`: a TIMESTAMP_NS keeps its nanoseconds, an INTERVAL its months,
    an infinite DATE is ``infinity``, not 9999-12-31). A HUGEINT, UHUGEINT, BIGNUM or wide
    DECIMAL comes as a BIGINT or a DOUBLE where that is exact (:func:`_fits_double`: pandas'
    own conversion of those, as fast), and a value that is not is also given, all its
    digits, in a text column added after the query's (None elsewhere). The query's columns
    keep their names and order. A SELECT without such columns runs as it is.

    A CALL is the SELECT it stands for (``CALL f(x)`` is ``SELECT * FROM f(x)``). A PRAGMA
    and a PIVOT without ``IN`` list (several statements to DuckDB: its values are read
    first), which cannot stand in ``FROM (...)``, are run once by ``con.sql`` and their
    result read as :func:`_exact_result` says (sql28: pandas converted them, a month 30
    days). DuckDB 1.2 splits such a PIVOT into statements without text, which ran as none
    ("no SQL statement"): the whole query is then run so. An EXPLAIN gives text only and
    runs as it is, as does every other statement (the connection refuses those that write).

    Returns the DuckDB result (None when ``query`` holds no statement); the positions of
    the nested, whole and wide DECIMAL columns, each with the position of its added column
    of digits (None when it has none; :func:`_exact_column` reads them) and its reader; the
    query's column types (:func:`_type_id`; empty for a statement run as it is: the
    result's description says them)."""
    import duckdb

    statements = con.extract_statements(query)
    if not statements:
        return None, [], ()
    if any(not statement.query.strip() for statement in statements):
        return _exact_result(con, con.sql(query))
    for earlier in statements[:-1]:
        con.execute(earlier.query)
    last = statements[-1]
    kinds = duckdb.StatementType
    if last.type in (kinds.PRAGMA, kinds.MULTI):
        return _exact_result(con, con.sql(last.query))
    text = _statement_text(last.query)
    if last.type == kinds.CALL:
        text = _call_as_select(text) or text
    elif last.type != kinds.SELECT:
        return con.execute(last.query), [], ()
    try:
        described = con.execute(f"DESCRIBE {text}").fetchall()
    except duckdb.Error:  # run as written: its own error, or pandas' conversion if none
        return con.execute(last.query), [], ()
    names = [str(row[0]) for row in described]
    sql_types = [str(row[1]) for row in described]
    types = tuple(_type_id(t) for t in sql_types)
    listed, wrapped = _exact_columns(con, names, sql_types)
    if listed == [f"#{i + 1}" for i in range(len(names))]:
        return con.execute(last.query), [], types
    # the text on lines of its own: a '-- comment' in it ends before the closing bracket
    query_text = f"SELECT {', '.join(listed)} FROM (\n{text}\n) AS anpo_result"
    return con.execute(query_text), wrapped, types


def _exact_column(
    column: pd.Series, added: pd.Series | None, kind: str, read: Reader | None = None
) -> pd.Series:
    """A column :func:`_exact_query` handed over otherwise, read. A nested one: DuckDB's
    Python values (lists, tuples, dicts; None for NULL; its dates, times and intervals as
    DuckDB's text), each passed to ``read`` when given (:func:`_entries_reader`: a MAP of
    nested keys as its list of entries). A HUGEINT, UHUGEINT, BIGNUM
    or wide DECIMAL: ``column`` itself, as pandas converts a BIGINT or a DOUBLE, when
    ``added`` (the text of the values that do not fit them) is empty in the chunk; else each
    value as the number it is: an int, or a double when it has at most
    :data:`DOUBLE_DIGITS` significant digits (the number itself, written as before) and a
    ``Decimal`` of all its digits when it has more, as DuckDB writes them.

    >>> big = pd.Series([None, "1234567890123456.70", None])
    >>> _exact_column(pd.Series([1.5, None, None]), big, "decimal").tolist()
    [1.5, Decimal('1234567890123456.70'), None]
    >>> _exact_column(pd.Series([2, None], dtype="Int64"), pd.Series([None, str(2**64)]),
    ...               "uhugeint").tolist()
    [2, 18446744073709551616]
    """
    from decimal import Decimal

    if kind == _VARIANT:
        cells = [_variant_value(cell) for cell in column.tolist()]
        return pd.Series(cells, index=column.index, dtype=object)
    if kind in _NESTED_TYPES:
        cells = [None if cell is None else cell["v"] for cell in column.tolist()]
        if read is not None:
            cells = [read(cell) for cell in cells]
        return pd.Series(cells, index=column.index, dtype=object)
    if added is None or not added.notna().any():
        return column
    read = Decimal if kind == "decimal" else int
    values = [
        read(d) if isinstance(d, str) else (None if pd.isna(v) else v)
        for v, d in zip(column.tolist(), added.tolist(), strict=True)
    ]
    return pd.Series(values, index=column.index, dtype=object)


def _json_number(text: str) -> float | Decimal:
    """A JSON number with a fraction or an exponent, as DuckDB wrote it: a double when that is
    the number itself (``2.50`` is 2.5), else a ``Decimal`` of all its digits, as a wide
    DECIMAL column's value (:func:`_exact_column`).

    >>> _json_number("0.1"), _json_number("12345678901234567890.5")
    (0.1, Decimal('12345678901234567890.5'))
    """
    value = float(text)
    return value if Decimal(repr(value)) == Decimal(text) else Decimal(text)


def _variant_value(text: Any) -> Any:
    """A VARIANT as :meth:`Catalog.sql_chunks` hands it over when ``exact``: the JSON DuckDB
    writes for it (``CAST(v AS JSON)``: a date, time or interval as DuckDB's text of it, a MAP
    as the list of its ``{"key": ..., "value": ...}`` entries, a BLOB as DuckDB prints it)
    read back, its numbers exact (:func:`_json_number`; an infinity or NaN, which DuckDB writes
    ``Infinity`` and ``NaN``, as the float); None for NULL.

    >>> _variant_value('{"a":"1 month","x":[1.5,-Infinity,170141183460469231731687303715884105727]}')
    {'a': '1 month', 'x': [1.5, -inf, 170141183460469231731687303715884105727]}
    >>> _variant_value(None) is None
    True
    """
    if text is None or text is pd.NA or (isinstance(text, float) and text != text):
        return None
    return json.loads(text, parse_float=_json_number)


#: Leading keywords of statements the sandbox refuses (they write, attach, install, load or
#: configure): whatever DuckDB's own message for them, the user is told why. Not CALL, PRAGMA or
#: USE: they also read (``PRAGMA table_info('t')``, ``CALL pragma_table_info('t')`` run in the
#: sandbox), and a failing one keeps DuckDB's message (a setting they would change is refused as
#: locked configuration, explained below).
_SANDBOXED = frozenset(
    "ALTER ATTACH CHECKPOINT COPY CREATE DELETE DETACH DROP EXPORT FORCE IMPORT INSERT "
    "INSTALL LOAD RESET SET TRUNCATE UPDATE UPSERT VACUUM".split()
)


def _sql_message(exc: Exception, query: str = "") -> str:
    import duckdb

    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    words = query.lstrip(" \t\r\n(").split(None, 1)
    refused = bool(words) and words[0].upper().rstrip(";") in _SANDBOXED
    if (
        isinstance(exc, duckdb.PermissionException)
        or "disabled by configuration" in first
        or refused
    ):
        return (
            "SQL error: `anpo data sql` is read-only and sandboxed: it cannot change the "
            "catalog, read or write files, attach databases, install extensions or change "
            f"settings ({first})"
        )
    if "read-only mode" in first or "configuration has been locked" in first:
        return f"SQL error: `anpo data sql` is read-only ({first})"
    return f"SQL error: {first}"


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def _storable(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy DuckDB stores faithfully (plain object strings for text columns)."""
    out = frame.copy()
    out.attrs = {}
    for col in out.columns:
        if isinstance(out[col].dtype, pd.StringDtype) or out[col].dtype == object:
            out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out
