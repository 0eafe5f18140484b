"""The persistent data catalog: loaded datasets in an embedded DuckDB database.

Location: ``home`` argument, else ``ANPO_HOME``, else ``platformdirs.user_data_dir("anpo")``;
the database is ``<home>/catalog.duckdb``. Each dataset kind (see :data:`anpo.data.KINDS`) has
at most one dataset, stored in a table named after the kind (``SELECT * FROM nmc``), with its
provenance in the table ``anpo_datasets``.

Guarantees:
- Adding the same file again (same SHA-256) changes nothing and says so; adding a different file
  of a kind already present is refused unless ``replace=True``.
- An import is one transaction (new table, swap, metadata): a failure or a crash in the middle
  leaves the catalog as it was.
- :meth:`Catalog.sql` runs on a read-only connection: a query cannot change the catalog.
- The user's source files are only read, never moved or modified.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from anpo.data._io import file_sha256
from anpo.data.kinds import KINDS, detect_kind, loader_for
from anpo.errors import CatalogError, DataError, DatasetExistsError

__all__ = ["Catalog", "default_home"]

DB_NAME = "catalog.duckdb"
META = "anpo_datasets"


def default_home() -> Path:
    """``ANPO_HOME`` if set, else the user's data directory for anpo."""
    env = os.environ.get("ANPO_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("anpo"))


class Catalog:
    """A catalog of datasets under ``home`` (open with :meth:`Catalog.open`)."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.path = home / DB_NAME

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, home: str | Path | None = None) -> Catalog:
        """The catalog at ``home`` (default: ``ANPO_HOME`` or the user data directory).

        Opening creates nothing; the directory and database appear on the first :meth:`add`.
        """
        path = Path(home).expanduser() if home is not None else default_home()
        if path.exists() and not path.is_dir():
            raise CatalogError("the catalog location exists and is not a directory", file=path)
        return cls(path)

    def exists(self) -> bool:
        """True when the catalog database exists."""
        return self.path.is_file()

    @contextmanager
    def _connect(self, write: bool) -> Iterator[Any]:
        import duckdb

        if write:
            self.home.mkdir(parents=True, exist_ok=True)
        elif not self.exists():
            raise CatalogError(
                "no catalog here yet (add a dataset with `anpo data add`)", file=self.home
            )
        try:
            con = duckdb.connect(str(self.path), read_only=not write)
        except duckdb.IOException as exc:
            msg = str(exc)
            if "lock" in msg.lower():
                raise CatalogError(
                    "the catalog is in use by another anpo process; try again", file=self.path
                ) from None
            raise CatalogError(f"cannot open the catalog ({msg})", file=self.path) from None
        except duckdb.Error as exc:
            raise CatalogError(
                f"the catalog database is damaged or not a DuckDB file ({exc})", file=self.path
            ) from None
        try:
            if write:
                con.execute(
                    f"""CREATE TABLE IF NOT EXISTS {META} (
                        id INTEGER, kind VARCHAR PRIMARY KEY, dataset VARCHAR, version VARCHAR,
                        sha256 VARCHAR, source_path VARCHAR, rows BIGINT, added_at TIMESTAMP,
                        attrs_json VARCHAR, dtypes_json VARCHAR)"""
                )
            yield con
        finally:
            con.close()

    def _meta(self) -> pd.DataFrame:
        if not self.exists():
            return pd.DataFrame(
                columns=[
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
                ]
            )
        with self._connect(write=False) as con:
            tables = {
                r[0]
                for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
            }
            if META not in tables:
                return pd.DataFrame(columns=["id", "kind"])
            return con.execute(f"SELECT * FROM {META} ORDER BY id").df()

    # ------------------------------------------------------------------ queries

    def list(self) -> pd.DataFrame:
        """One row per dataset: ``id, kind, dataset, version, rows, sha256, source_path,
        added_at``."""
        meta = self._meta()
        cols = ["id", "kind", "dataset", "version", "rows", "sha256", "source_path", "added_at"]
        if meta.empty:
            return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
        return meta[cols].reset_index(drop=True)

    def _record(self, kind: str) -> pd.Series | None:
        """The metadata row of the dataset of ``kind``, or None when absent."""
        meta = self._meta()
        row = meta[meta["kind"] == kind] if len(meta) else meta
        return None if row.empty else row.iloc[0]

    def has(self, kind: str) -> bool:
        """True when a dataset of ``kind`` is in the catalog."""
        return self._record(kind) is not None

    def read(self, kind: str) -> pd.DataFrame:
        """The dataset of ``kind`` as loaded (same columns and dtypes), with ``attrs``."""
        if kind not in KINDS:
            raise CatalogError(f"unknown dataset kind {kind!r}", field="kind")
        rec = self._record(kind)
        if rec is None:
            raise CatalogError(
                f"no {kind} dataset in the catalog; add one with `anpo data add FILE`",
                file=self.home,
            )
        return self._load(kind, rec)

    def read_or_none(self, kind: str) -> pd.DataFrame | None:
        """:meth:`read`, or None when the kind is absent."""
        rec = self._record(kind)
        return None if rec is None else self._load(kind, rec)

    def _load(self, kind: str, rec: pd.Series) -> pd.DataFrame:
        """The table of ``kind`` with the dtypes and attrs its metadata row ``rec`` records."""
        with self._connect(write=False) as con:
            df = con.execute(f'SELECT * FROM "{kind}"').df()
        dtypes = json.loads(rec["dtypes_json"])
        for col, dt in dtypes.items():
            if col in df.columns and str(df[col].dtype) != dt:
                try:
                    df[col] = df[col].astype(dt)
                except (TypeError, ValueError):
                    pass
        attrs = json.loads(rec["attrs_json"])
        for key, value in attrs.items():
            df.attrs[key] = tuple(value) if key == "coverage" else value
        df.attrs["source"] = {
            "dataset": rec["dataset"],
            "version": rec["version"],
            "sha256": rec["sha256"],
            "path": rec["source_path"],
        }
        return df

    def sql(self, query: str) -> pd.DataFrame:
        """Run a read-only SQL query over the catalog (tables are named after the kinds)."""
        import duckdb

        with self._connect(write=False) as con:
            try:
                return con.execute(query).df()
            except duckdb.Error as exc:
                raise CatalogError(
                    f"SQL error: {str(exc).splitlines()[0]}", field="query"
                ) from None

    # ------------------------------------------------------------------ changes

    def _step(self, name: str) -> None:
        """Named points inside an import transaction (no-op; lets tests simulate a crash)."""

    def add(
        self, path: str | Path, kind: str | None = None, replace: bool = False
    ) -> dict[str, Any]:
        """Load ``path`` (kind detected from its header unless given) into the catalog.

        Returns ``{"id", "kind", "dataset", "version", "rows", "sha256", "status"}`` with status
        ``added``, ``replaced`` or ``unchanged`` (the same file was already there).
        Raises :class:`CatalogError` when a different dataset of the kind is present and
        ``replace`` is False, :class:`DataError` for a wrong or damaged file.
        """
        import duckdb

        src = Path(path).expanduser()
        if not src.is_file():
            raise DataError("file not found", file=src)
        kind = kind or detect_kind(src)
        if kind not in KINDS:
            raise CatalogError(
                f"unknown dataset kind {kind!r}; known: {', '.join(KINDS)}", field="kind"
            )
        sha = file_sha256(src)
        cur = self._record(kind)
        if cur is not None:
            if cur["sha256"] == sha:
                return {
                    "id": int(cur["id"]),
                    "kind": kind,
                    "dataset": cur["dataset"],
                    "version": cur["version"],
                    "rows": int(cur["rows"]),
                    "sha256": sha,
                    "status": "unchanged",
                }
            if not replace:
                raise DatasetExistsError(
                    f"the catalog already has a {kind} dataset ({cur['dataset']} version "
                    f"{cur['version']}, from {cur['source_path']}); pass --replace to replace "
                    "it with this file",
                    file=src,
                    field="kind",
                )
        frame = loader_for(kind)(src)
        if frame.attrs.get("source", {}).get("sha256") not in (None, sha):
            raise DataError("the file changed while it was being read; try again", file=src)
        source = frame.attrs.get("source", {})
        extra = {k: v for k, v in frame.attrs.items() if k != "source" and _jsonable(v)}
        dtypes = {c: str(t) for c, t in frame.dtypes.items()}
        store = _storable(frame)
        status = "added" if cur is None else "replaced"
        with self._connect(write=True) as con:
            try:
                con.execute("BEGIN TRANSACTION")
                new_id = con.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {META}").fetchall()[0][
                    0
                ]
                con.register("anpo_incoming", store)
                con.execute(f'DROP TABLE IF EXISTS "{kind}__incoming"')
                con.execute(f'CREATE TABLE "{kind}__incoming" AS SELECT * FROM anpo_incoming')
                con.unregister("anpo_incoming")
                self._step("created")
                con.execute(f'DROP TABLE IF EXISTS "{kind}"')
                con.execute(f'ALTER TABLE "{kind}__incoming" RENAME TO "{kind}"')
                self._step("swapped")
                con.execute(f"DELETE FROM {META} WHERE kind = ?", [kind])
                con.execute(
                    f"INSERT INTO {META} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        new_id,
                        kind,
                        source.get("dataset", kind),
                        source.get("version", ""),
                        sha,
                        str(src.resolve()),
                        len(frame),
                        _dt.datetime.now().replace(microsecond=0),
                        json.dumps(extra),
                        json.dumps(dtypes),
                    ],
                )
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
        return {
            "id": int(new_id),
            "kind": kind,
            "dataset": source.get("dataset", kind),
            "version": source.get("version", ""),
            "rows": len(frame),
            "sha256": sha,
            "status": status,
        }

    def remove(self, kind_or_id: str | int) -> dict[str, Any]:
        """Remove a dataset by kind name or id; returns its record. The source file is kept."""
        import duckdb

        meta = self._meta()
        if not len(meta):
            raise CatalogError("the catalog is empty", file=self.home)
        key = str(kind_or_id)
        if key.isdigit():
            row = meta[meta["id"] == int(key)]
        else:
            row = meta[meta["kind"] == key]
        if row.empty:
            raise CatalogError(
                f"no dataset {key!r} in the catalog (see `anpo data list`)", field="dataset"
            )
        rec = row.iloc[0]
        kind = rec["kind"]
        with self._connect(write=True) as con:
            try:
                con.execute("BEGIN TRANSACTION")
                con.execute(f'DROP TABLE IF EXISTS "{kind}"')
                con.execute(f"DELETE FROM {META} WHERE kind = ?", [kind])
                con.execute("COMMIT")
            except duckdb.Error as exc:
                con.execute("ROLLBACK")
                raise CatalogError(f"could not remove {kind} ({exc})", file=self.path) from None
        return {
            "id": int(rec["id"]),
            "kind": kind,
            "dataset": rec["dataset"],
            "version": rec["version"],
            "status": "removed",
        }


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
