"""A hostile environment: the catalog's home on a read-only file system or without permission,
a damaged catalog or results cache, interrupts. Every case ends in anpo's documented errors
(:mod:`anpo.errors`) or a one-line CLI error with exit 2, never a traceback or a wrong answer.

Tests run as root in CI (file permissions do not bind root), so the refusals of the operating
system are simulated by patching the calls that meet them."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from _support import cli
from anpo.data import _lock
from anpo.data.catalog import Catalog
from anpo.errors import CatalogError

STATES = "cow/states2016.csv"


def _refuse_writes(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """Make every open of the catalog lock for writing fail with ``code`` (EROFS: a read-only
    file system; EACCES: no permission), as the operating system would."""
    real = os.open

    def fake_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path).endswith("catalog.lock") and flags & (os.O_RDWR | os.O_WRONLY):
            raise OSError(code, os.strerror(code), str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(_lock.os, "open", fake_open)


def test_catalog_on_a_read_only_file_system_is_read(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A catalog on a read-only mount (a shared copy) is read: the lock file is opened
    read-only (flock works on it). Before, every read was 'cannot open the catalog lock
    (Read-only file system)', exit 2."""
    home = tmp_path / "home"
    Catalog.open(home).add(shared_data / STATES)
    _refuse_writes(monkeypatch, errno.EROFS)
    assert len(Catalog.open(home).read("cow_states")) == 243
    ran = cli("data", "list", env={"ANPO_HOME": str(home)})
    assert ran.returncode == 0 and "cow_states" in ran.stdout, ran


def test_a_writer_never_changes_the_catalog_unlocked(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lock file that cannot be opened at all (no permission on it) lets readers read (no
    writer can take it either) but refuses a writer, naming the lock file. Before, the writer
    changed the catalog without any lock."""
    home = tmp_path / "home"
    Catalog.open(home).add(shared_data / STATES)
    real = os.open

    def fake_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path).endswith("catalog.lock"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(_lock.os, "open", fake_open)
    assert len(Catalog.open(home).read("cow_states")) == 243
    with pytest.raises(CatalogError, match="cannot open the catalog lock") as err:
        Catalog.open(home).add(shared_data / "cow/NMC-60-abridged.csv")
    assert err.value.file == str(home / "catalog.lock")
    assert Catalog.open(home).list()["kind"].tolist() == ["cow_states"]


def test_a_home_without_permission_is_not_an_empty_catalog(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A home the system refuses to look into (``chmod 000``) holding a catalog is an error
    naming it, not an empty catalog. Before, `anpo data list` said 'the catalog ... is empty'
    (exit 0) and `anpo roles` that the datasets were missing."""
    home = tmp_path / "home"
    Catalog.open(home).add(shared_data / STATES)
    real = Path.is_file

    def refused(self: Path) -> bool:
        if self.parent == home:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self)

    monkeypatch.setattr(Path, "is_file", refused)
    with pytest.raises(CatalogError, match="Permission denied"):
        Catalog.open(home).list()
    for args in (("data", "list"), ("roles", "--year", "2000")):
        ran = cli(*args, env={"ANPO_HOME": str(home)})
        assert ran.returncode == 2, ran
        assert ran.stderr.strip() == (
            f"error: {home}: cannot look into the catalog location (Permission denied)"
        )


def test_a_sqlite_file_as_catalog_is_refused_offline(tmp_path: Path) -> None:
    """A SQLite database where the catalog should be is refused as not a DuckDB database,
    without DuckDB fetching its SQLite reader from the network. Before, opening it downloaded
    (or, offline, failed to download) DuckDB's sqlite extension: 'Failed to download extension
    "sqlite_scanner" at URL http://extensions.duckdb.org/...'."""
    import sqlite3

    home = tmp_path / "home"
    home.mkdir()
    con = sqlite3.connect(home / "catalog.duckdb")
    con.execute("CREATE TABLE foo (a INT)")
    con.commit()
    con.close()
    ran = cli("data", "list", env={"ANPO_HOME": str(home)})
    assert ran.returncode == 2, ran
    assert "the catalog file is not a DuckDB database" in ran.stderr
    assert "download" not in ran.stderr.lower()


def test_another_programs_duckdb_database_is_left_alone(shared_data: Path, tmp_path: Path) -> None:
    """A DuckDB database anpo did not write, where the catalog should be, is refused by readers
    and writers alike, naming it, and is left as it was. Before, `anpo data list` called it an
    empty catalog and `anpo data add` added anpo's tables to it."""
    import duckdb

    home = tmp_path / "home"
    home.mkdir()
    con = duckdb.connect(str(home / "catalog.duckdb"))
    con.execute("CREATE TABLE foo (a INT)")
    con.close()
    env = {"ANPO_HOME": str(home)}
    for args in (("data", "list"), ("data", "add", str(shared_data / STATES))):
        ran = cli(*args, env=env)
        assert ran.returncode == 2, ran
        assert "a DuckDB database anpo did not write (it holds foo" in ran.stderr, ran
    con = duckdb.connect(str(home / "catalog.duckdb"), read_only=True)
    assert con.execute("SHOW TABLES").fetchall() == [("foo",)]
    con.close()


def test_a_folder_in_place_of_the_catalog_database(tmp_path: Path) -> None:
    """A folder named catalog.duckdb is an error naming it, not an empty catalog (before:
    'the catalog at ... is empty', exit 0)."""
    home = tmp_path / "home"
    (home / "catalog.duckdb").mkdir(parents=True)
    ran = cli("data", "list", env={"ANPO_HOME": str(home)})
    assert ran.returncode == 2, ran
    assert ran.stderr.strip() == (
        f"error: {home / 'catalog.duckdb'}: the catalog database is not a file (a folder?); "
        "move it away, or point ANPO_HOME at another folder"
    )


def _states_catalog(shared_data: Path, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    Catalog.open(home).add(shared_data / STATES)
    return home


def _damage(home: Path, *statements: str) -> None:
    import duckdb

    con = duckdb.connect(str(home / "catalog.duckdb"))
    for sql in statements:
        con.execute(sql)
    con.close()


def test_a_truncated_catalog_is_a_catalog_error(shared_data: Path, tmp_path: Path) -> None:
    """A catalog file cut short (a full disk, a copy interrupted) is a CatalogError naming it,
    whether DuckDB notices on opening it or on reading a table. Before, a file cut after its
    header gave a duckdb.IOException traceback in `anpo roles`."""
    home = _states_catalog(shared_data, tmp_path)
    db = home / "catalog.duckdb"
    os.truncate(db, db.stat().st_size // 4)
    with pytest.raises(CatalogError) as err:
        Catalog.open(home).read("cow_states")
    assert err.value.file == str(db)
    ran = cli("roles", "--year", "2000", env={"ANPO_HOME": str(home)})
    assert ran.returncode == 2 and ran.stderr.startswith(f"error: {db}: "), ran


def test_a_dataset_whose_table_is_gone(shared_data: Path, tmp_path: Path) -> None:
    """A dataset listed in the catalog whose table was dropped (by hand, with the duckdb shell)
    is an error naming it and the way out, which works. Before: a duckdb CatalogException
    traceback."""
    home = _states_catalog(shared_data, tmp_path)
    _damage(home, "DROP VIEW cow_states", 'DROP TABLE "cow_states@2016"')
    with pytest.raises(CatalogError, match=r"lists cow_states 2016 \(id 1\) but its table"):
        Catalog.open(home).read("cow_states")
    assert Catalog.open(home).remove("1")["status"] == "removed"
    assert Catalog.open(home).add(shared_data / STATES)["status"] == "added"
    assert len(Catalog.open(home).read("cow_states")) == 243


@pytest.mark.parametrize(
    ("statements", "message"),
    [
        (
            ["UPDATE anpo_datasets SET dtypes_json = '{garbage'"],
            r"record of cow_states 2016 \(id 1\) is damaged",
        ),
        (["UPDATE anpo_datasets SET attrs_json = '[1, 2]'"], "not the JSON anpo writes"),
        (
            ['ALTER TABLE "cow_states@2016" DROP COLUMN ccode'],
            "lacks the column\\(s\\) ccode it was stored with",
        ),
        (["UPDATE anpo_datasets SET rows = NULL"], "rows is empty \\(NULL\\) in the row of"),
        (
            ["DROP TABLE anpo_datasets", "CREATE TABLE anpo_datasets (a INT, kind INT)"],
            "lacks the column\\(s\\) id, dataset, version",
        ),
    ],
)
def test_a_damaged_catalog_record_is_a_catalog_error(
    shared_data: Path, tmp_path: Path, statements: list[str], message: str
) -> None:
    """Damaged records (JSON that is not anpo's, a table without a stored column, a NULL where
    anpo always writes a value, a dataset list of another shape) are CatalogErrors naming the
    database. Before: JSONDecodeError, KeyError, TypeError or BinderException tracebacks."""
    home = _states_catalog(shared_data, tmp_path)
    _damage(home, *statements)
    with pytest.raises(CatalogError, match=message) as err:
        Catalog.open(home).read("cow_states")
    assert err.value.file == str(home / "catalog.duckdb")


@pytest.mark.parametrize(
    ("dropped", "kept"), [("is_default", "table_name"), ("table_name", "is_default")]
)
def test_a_dataset_list_with_half_of_the_new_layout_is_damaged(
    shared_data: Path, tmp_path: Path, dropped: str, kept: str
) -> None:
    """The columns table_name and is_default came together with versions side by side: a
    dataset list with one and not the other is damaged, not the earlier layout. Before: with
    table_name alone `anpo data list` showed a KeyError traceback; with is_default alone
    every dataset was read as its kind's default."""
    home = _states_catalog(shared_data, tmp_path)
    _damage(home, f"ALTER TABLE anpo_datasets DROP COLUMN {dropped}")
    with pytest.raises(CatalogError, match=rf"lacks the column\(s\) {dropped}\b") as err:
        Catalog.open(home).list()
    assert kept not in str(err.value)
    assert err.value.file == str(home / "catalog.duckdb")
    ran = cli("data", "list", env={"ANPO_HOME": str(home)})
    assert ran.returncode == 2 and f"lacks the column(s) {dropped}" in ran.stderr, ran
    assert "Traceback" not in ran.stderr
    with pytest.raises(CatalogError, match=rf"lacks the column\(s\) {dropped}\b"):
        Catalog.open(home).add(shared_data / STATES, replace=True)


def test_a_duckdb_error_while_reading_is_a_catalog_error(shared_data: Path, tmp_path: Path) -> None:
    """Any DuckDB error inside a reading block is a CatalogError naming the database."""
    home = _states_catalog(shared_data, tmp_path)
    with pytest.raises(CatalogError, match="the catalog database is damaged"):
        with Catalog.open(home).reading() as con:
            con.execute("SELECT * FROM no_such_table")


def _raise_at(monkeypatch: pytest.MonkeyPatch, site: str, exc: Exception) -> None:
    """Make the catalog meet the DuckDB error ``exc`` on opening the database (``connect``),
    inside a reading block (``read``) or inside a writing block (``write``)."""
    import duckdb

    import anpo.data.catalog as catalog

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise exc

    name = {"connect": "connect", "read": "_read_meta", "write": "_migrate"}[site]
    monkeypatch.setattr(duckdb if site == "connect" else catalog, name, boom)


def _use(home: Path, site: str) -> None:
    if site == "write":
        Catalog.open(home).remove("1")
    else:
        Catalog.open(home).list()


@pytest.mark.parametrize("site", ["connect", "read", "write"])
def test_a_ctrl_c_inside_a_catalog_query_is_an_interrupt(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site: str
) -> None:
    """DuckDB's InterruptException (Ctrl-C during a query) is a KeyboardInterrupt, so the CLI
    says 'interrupted' and exits 130. Before, it was 'the catalog database is damaged ...
    move it away', exit 2."""
    import duckdb

    home = _states_catalog(shared_data, tmp_path)
    _raise_at(monkeypatch, site, duckdb.InterruptException("INTERRUPT Error: Interrupted!"))
    with pytest.raises(KeyboardInterrupt):
        _use(home, site)
    if site != "write":
        ran = cli("data", "list", env={"ANPO_HOME": str(home)})
        assert ran.returncode == 130 and ran.stderr == "interrupted\n", ran


@pytest.mark.parametrize("site", ["connect", "read", "write"])
@pytest.mark.parametrize(
    ("error", "damaged"),
    [
        ("OutOfMemoryException", False),
        ("TransactionException", False),
        ("IOException", False),
        ("SerializationException", True),
        ("CatalogException", True),
        ("InternalException", True),
    ],
)
def test_only_a_broken_catalog_is_called_damaged(
    shared_data: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    site: str,
    error: str,
    damaged: bool,
) -> None:
    """A DuckDB error that says the database is broken is 'damaged; move it away'; one that
    does not (out of memory, a full disk, a conflict) is 'cannot read (change) the catalog'
    with DuckDB's message and no advice to move a sound file away. Before, every DuckDB error
    was 'damaged'."""
    import duckdb

    home = _states_catalog(shared_data, tmp_path)
    text = f"{error}: something went wrong"
    if site == "connect" and error == "IOException":
        text = "IO Error: No space left on device"  # an I/O error on opening, not a lock
    _raise_at(monkeypatch, site, getattr(duckdb, error)(text))
    with pytest.raises(CatalogError) as err:
        _use(home, site)
    assert err.value.file == str(home / "catalog.duckdb")
    said = str(err.value)
    assert ("damaged" in said) == damaged and ("move it away" in said) == damaged, said
    assert text in said
    if not damaged and site != "connect":
        doing = "change" if site == "write" else "read"
        assert f"cannot {doing} the catalog ({text})" in said


def test_a_catalog_file_failing_its_checksums_is_damaged(tmp_path: Path) -> None:
    """An I/O error on a database file that is cut short or fails its checksums is damage."""
    import duckdb

    from anpo.data.catalog import _duckdb_failure

    path = tmp_path / "catalog.duckdb"
    bad = duckdb.IOException("IO Error: Corrupt database file: computed checksum 1 does not match")
    assert "is damaged" in str(_duckdb_failure(bad, path, writing=False))
    full = duckdb.IOException("IO Error: Could not write file: No space left on device")
    assert "cannot change the catalog" in str(_duckdb_failure(full, path, writing=True))


@pytest.mark.parametrize(
    "stored",
    [
        {"years": "abc", "period": "x", "roles": {"ally": "x"}},
        {"years": [1950, 2016], "period": "x", "roles": {"ally": {"f1": "abc", "both": None}}},
        {"years": ["a", "b"], "period": "x", "roles": {}},
        {"years": [1950, 2016], "period": "x", "roles": {"ally": {"f1": 0.5, "both": True}}},
    ],
)
def test_stored_role_scores_of_another_shape_are_no_scores(
    tmp_path: Path, stored: dict[str, Any]
) -> None:
    """A results file that is JSON with a 'roles' mapping but not what `anpo roles validate`
    writes (edited, or from another program) is no summary, and a new validation replaces it.
    Before: `anpo roles` showed an AttributeError or ValueError traceback, and storing a new
    validation over it a TypeError or ValueError one."""
    import json

    from anpo._io.results import result_path
    from anpo.relations.accuracy import NAME, load_summary, store_summary

    path = result_path(tmp_path, NAME, "k")
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(stored), encoding="utf-8")
    assert load_summary(tmp_path, "k") is None
    good = {
        "focal": 2,
        "years": [1990, 1991],
        "period": "held-out (x)",
        "roles": {
            "ally": {
                "f1": 0.5,
                "both": 1,
                "coded": 2,
                "predicted": 2,
                "years": 2,
                "undefined": "",
            }
        },
    }
    store_summary(tmp_path, "k", good)
    assert load_summary(tmp_path, "k") == good


def test_stored_backtest_scores_of_another_shape_are_no_scores(
    shared_data: Path, anpo_home: Path
) -> None:
    """`anpo align FILE` with a stored back-test that is not what `anpo align backtest` writes
    says how to get the scores, as without one. Before: a KeyError or AttributeError
    traceback."""
    import json

    from anpo._io.results import result_path
    from anpo.align.accuracy import NAME, backtest_key
    from anpo.cli.align import _sources

    cat = Catalog.open(anpo_home)
    cat.add(shared_data / STATES)
    path = result_path(anpo_home, NAME, backtest_key(_sources(cat)))
    path.parent.mkdir(parents=True)
    row = {"correct": 7, "participants": 9, "wars": 2, "mean_balanced": 0.7}
    for broken in (
        {"recipe": "anpo-align-recipe/2", "predictors": {"recipe2_held_out": {"correct": "x"}}},
        {
            "recipe": "anpo-align-recipe/2",
            "predictors": {"recipe2_held_out": row},
            "peacetime": "x",
            "axelrod_bennett_17": [1],
        },
    ):
        path.write_text(json.dumps(broken), encoding="utf-8")
        ran = cli("align", "solve", "book:asia_pacific_2001")
        assert ran.returncode == 0, ran
        assert "`anpo align backtest`" in ran.stderr and "placed on their side" not in ran.stderr


def _numba_interrupt(*args: Any, **kwargs: Any) -> None:
    """What a Ctrl-C landing inside a Numba-compiled function raises."""
    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt:
        raise SystemError(
            "CPUDispatcher(<function point_responses>) returned a result with an exception set"
        ) from None


def _plain_interrupt(*args: Any, **kwargs: Any) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize("raiser", [_numba_interrupt, _plain_interrupt])
def test_ctrl_c_anywhere_is_exit_130_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, raiser: Any
) -> None:
    """Ctrl-C is 'interrupted', exit 130, wherever it lands. Before, one landing inside a
    Numba-compiled function (the deterrence engine, so `anpo explore run` and `anpo report`
    about one time in two) ended in a 'SystemError: ... returned a result with an exception
    set' traceback, exit 1; a plain one exited 130 without a word."""
    import anpo.cli._common as common

    monkeypatch.setattr(common, "print_frame", raiser)
    ran = cli("data", "kinds")
    assert ran.returncode == 130 and ran.stderr == "interrupted\n", ran


def test_a_system_error_that_is_no_interrupt_is_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only an interrupt becomes exit 130: another SystemError is a bug and stays one."""
    import anpo.cli._common as common

    def broken(*args: Any, **kwargs: Any) -> None:
        raise SystemError("something else")

    monkeypatch.setattr(common, "print_frame", broken)
    with pytest.raises(SystemError, match="something else"):
        cli("data", "kinds")


def test_report_checks_the_catalog_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`anpo report` with a catalog it cannot use (here another program's DuckDB database) says
    so before computing anything. Before, the sections were computed for minutes first."""
    import duckdb

    import anpo.report

    home = tmp_path / "home"
    home.mkdir()
    con = duckdb.connect(str(home / "catalog.duckdb"))
    con.execute("CREATE TABLE foo (a INT)")
    con.close()

    def computed(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the report was computed")

    monkeypatch.setattr(anpo.report, "build_report", computed)
    ran = cli("report", "--out", str(tmp_path / "rep"), "-q", env={"ANPO_HOME": str(home)})
    assert ran.returncode == 2, ran
    assert "a DuckDB database anpo did not write" in ran.stderr
    assert not (tmp_path / "rep").exists()


def test_a_home_of_no_user_is_an_error_naming_where(tmp_path: Path) -> None:
    """ANPO_HOME or --home as ``~user/...`` for a user that does not exist is an error naming
    the variable or the flag; a SIPRI workbook path of that kind is 'not found'. Before, each
    was a 'RuntimeError: Could not determine home directory' traceback."""
    tail = "cannot expand '~no-such-user-anpo' in '~no-such-user-anpo/x': no such user, or no "
    ran = cli("data", "list", env={"ANPO_HOME": "~no-such-user-anpo/x"}, cwd=tmp_path)
    assert ran.returncode == 2 and ran.stderr == f"error: ANPO_HOME: {tail}home folder\n", ran
    ran = cli("data", "list", "--home", "~no-such-user-anpo/x", cwd=tmp_path)
    assert ran.returncode == 2 and ran.stderr == f"error: --home: {tail}home folder\n", ran
    with pytest.raises(CatalogError, match="no such user"):
        Catalog.open("~no-such-user-anpo/x")
    ran = cli("burden", "shares", "--year", "2000", "--sipri", "~no-such-user-anpo/x.xlsx")
    assert ran.returncode == 2, ran
    assert ran.stderr == "error: ~no-such-user-anpo/x.xlsx: SIPRI workbook not found\n"
    assert not list(tmp_path.iterdir())  # no folder named after the user in the working one
    # an empty or blank location in the library is refused too (the CLI refuses --home "")
    for blank in ("", "  "):
        with pytest.raises(CatalogError, match="the catalog location is empty") as info:
            Catalog.open(blank)
        assert info.value.field == "home"


def test_a_result_that_cannot_be_kept_is_one_error_naming_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stored accuracy result written on a full disk raised the bare OSError (a traceback, or
    the CLI's "cannot write the output" when the error named no file, which also silenced the
    output): it is an AnpoError naming the result's file."""
    import anpo._io.files as files
    from anpo._io.results import result_path, store_result
    from anpo.errors import AnpoError

    def full(path: Path, data: str, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "atomic_write", full)
    with pytest.raises(AnpoError, match="cannot keep the result .No space left") as err:
        store_result(tmp_path, "roles", "k1", {"x": 1}, required="x")
    assert err.value.one_line().startswith(f"{result_path(tmp_path, 'roles', 'k1')}: ")


@pytest.mark.parametrize("command", ["roles", "align"])
def test_scores_that_cannot_be_kept_are_a_note_not_a_failure(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`anpo roles validate` and `anpo align backtest` keep their held-out scores for later
    notes; a home where they cannot be kept loses only those notes' figures, and now says so on
    standard error (it passed in silence, and once the store raised AnpoError the validation
    would have failed after its work)."""
    from types import SimpleNamespace

    from anpo.errors import AnpoError

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AnpoError("cannot keep the result (Read-only file system)", file="/ro/x.json")

    home = SimpleNamespace(home=Path("/ro"))
    if command == "roles":
        import anpo.cli.relations as mod
        import anpo.relations.accuracy as acc

        monkeypatch.setattr(acc, "store_summary", refuse)
        monkeypatch.setattr(acc, "summary_from", lambda res: {})
        monkeypatch.setattr(mod, "_accuracy_key", lambda *a: "k")
        mod._store_accuracy(home, {}, None, SimpleNamespace(focal=2))
    else:
        import anpo.align.accuracy as acc
        import anpo.cli.align as mod

        monkeypatch.setattr(acc, "store_summary", refuse)
        monkeypatch.setattr(acc, "summary_from", lambda res: {})
        mod._store_backtest(home, {}, {})
    err = capsys.readouterr().err
    assert err.startswith("note: the scores were not kept for `anpo ")
    assert "/ro/x.json: cannot keep the result (Read-only file system)" in err
