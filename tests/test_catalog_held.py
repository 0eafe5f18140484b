"""One catalog connection per command (:meth:`anpo.data.catalog.Catalog.held`).

The reads of a held block share one read-only DuckDB connection (counted by wrapping
``Catalog._duckdb_connect``) and give the same datasets as reads that each open the catalog; a
function given a catalog still works without a block, a block without a catalog changes nothing,
and nothing inside a block may change the catalog. The commands that read many datasets open the
catalog once; their output is the same as with one connection per read (``Catalog.held`` made a
no-op). They hold the catalog for their reads only: a writer started during the computation after
the reads does not wait.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from _support import cli
from anpo.data.catalog import Catalog, held_reads
from anpo.errors import CatalogError

STATES = (
    "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n"
    "USA,2,United States of America,1816,1,1,2016,12,31,2016\n"
    "CAN,20,Canada,1920,1,10,2016,12,31,2016\n"
)
NMC = (
    "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version\n"
    "USA,2,2001,310000,1400,90000,3300000,285000,200000,0.14,2021\n"
    "CAN,20,2001,8000,60,15000,400000,31000,25000,0.01,2021\n"
)


@pytest.fixture
def small_home(tmp_path: Path) -> Path:
    """A catalog holding two tiny datasets (COW states and NMC, two states each)."""
    (tmp_path / "states2016.csv").write_text(STATES)
    (tmp_path / "NMC-60-abridged.csv").write_text(NMC)
    home = tmp_path / "home"
    cat = Catalog.open(home)
    cat.add(tmp_path / "states2016.csv")
    cat.add(tmp_path / "NMC-60-abridged.csv")
    return home


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of DuckDB connections opened from here on (``[n]``)."""
    count = [0]
    original = Catalog._duckdb_connect

    def counted(self: Catalog, *args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Catalog, "_duckdb_connect", counted)
    return count


def _reads(cat: Catalog) -> tuple[pd.DataFrame, pd.DataFrame, bool, pd.DataFrame | None]:
    return cat.read("cow_states"), cat.read("nmc"), cat.has("atop"), cat.read_or_none("atop")


def test_held_reads_share_one_connection(small_home: Path, connections: list[int]) -> None:
    """Four reads open the catalog four times without a block, once inside one, and give the
    same frames (values, dtypes and provenance)."""
    cat = Catalog.open(small_home)
    each = _reads(cat)
    assert connections[0] == 4
    connections[0] = 0
    with cat.held():
        held = _reads(cat)
        assert cat._con is not None
    assert connections[0] == 1
    assert cat._con is None  # closed at the end of the block
    for a, b in zip(each[:2], held[:2], strict=True):
        pd.testing.assert_frame_equal(a, b)
        assert a.attrs == b.attrs
    assert each[2:] == held[2:] == (False, None)


def test_nested_blocks_reuse_the_outer_connection(small_home: Path, connections: list[int]) -> None:
    """A block inside a block (a command's, then a loader's) opens nothing more."""
    cat = Catalog.open(small_home)
    with cat.held():
        con = cat._con
        with cat.held(), held_reads(cat.read_or_none), cat.reading() as inner:
            assert inner is con
            cat.read("nmc")
    assert connections[0] == 1


def test_held_without_a_catalog_changes_nothing(tmp_path: Path, connections: list[int]) -> None:
    """No catalog yet: the block neither fails nor creates anything, reads find nothing, and a
    read that needs a dataset says what to add, as without the block."""
    cat = Catalog.open(tmp_path / "none")
    with cat.held():
        assert cat.read_or_none("nmc") is None and cat.list().empty
        with pytest.raises(CatalogError, match="anpo data add"):
            cat.read("nmc")
    assert connections[0] == 0
    assert not (tmp_path / "none").exists()


def test_held_reads_takes_a_catalog_or_its_getter(small_home: Path) -> None:
    """:func:`held_reads` holds the catalog of a bound method (``cat.read_or_none``, the getter the
    loaders take) and leaves any other getter alone."""
    cat = Catalog.open(small_home)
    for source in (cat, cat.read_or_none):
        with held_reads(source):
            assert cat._con is not None
    other: dict[str, pd.DataFrame] = {}
    with held_reads(other.get):
        assert cat._con is None


def test_first_present_reads_alternatives_in_order_until_one_is_there() -> None:
    """:func:`first_present` reads a group's alternative kinds in order and stops at the first
    one present; with a record of the reads, a kind read before is not read again and each read
    (an absent kind as None) is added to it."""
    from anpo.data.catalog import first_present

    frames = {"td_rivalries": pd.DataFrame({"a": [1]}), "atop": pd.DataFrame({"b": [2]})}
    asked: list[str] = []

    def get(kind: str) -> pd.DataFrame | None:
        asked.append(kind)
        return frames.get(kind)

    group = ("tss_rivalries", "td_rivalries", "atop")
    assert first_present(get, group) is frames["td_rivalries"]
    assert asked == ["tss_rivalries", "td_rivalries"]  # the kind after the one found is not read
    asked.clear()
    assert first_present(get, ("nmc", "sipri")) is None and asked == ["nmc", "sipri"]
    asked.clear()
    read: dict[str, pd.DataFrame | None] = {"tss_rivalries": None}
    assert first_present(get, group, read) is frames["td_rivalries"]
    assert asked == ["td_rivalries"]  # the absent kind already read is not asked again
    assert read == {"tss_rivalries": None, "td_rivalries": frames["td_rivalries"]}
    asked.clear()
    assert first_present(get, group, read) is frames["td_rivalries"] and asked == []
    assert first_present(get, (), read) is None and asked == []


def test_no_change_inside_a_held_block(small_home: Path, tmp_path: Path) -> None:
    """Adding inside a held block is refused (the block holds the shared lock); after it, the
    same add works."""
    cat = Catalog.open(small_home)
    (tmp_path / "other.csv").write_text(NMC.replace("0.14", "0.15"))
    with cat.held(), pytest.raises(RuntimeError, match="inside a reading"):
        cat.add(tmp_path / "other.csv", kind="nmc", version="9.9")
    assert cat.add(tmp_path / "other.csv", kind="nmc", version="9.9")["status"] == "added"


def test_a_duckdb_error_on_a_held_connection_is_said_per_read(small_home: Path) -> None:
    """A DuckDB error on the held connection is a :class:`CatalogError` where it happens, as on a
    read's own connection, so a caller that catches anpo's errors (a report section) still
    catches it."""
    cat = Catalog.open(small_home)
    with cat.held():
        with pytest.raises(CatalogError, match="damaged"), cat.reading() as con:
            con.execute("SELECT * FROM no_such_table")
        assert len(cat.read("nmc")) == 2  # the connection is still usable


def test_a_writer_waits_for_a_held_block(
    small_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An add while a block is held (from another thread: the lock orders threads as it orders
    processes) waits, bounded by ``ANPO_LOCK_TIMEOUT``, saying the catalog is busy; once the
    block has ended the same add goes through."""
    (tmp_path / "other.csv").write_text(NMC.replace("0.14", "0.16"))
    monkeypatch.setenv("ANPO_LOCK_TIMEOUT", "0.6")
    errors: list[BaseException] = []

    def add() -> None:
        try:
            Catalog.open(small_home).add(tmp_path / "other.csv", kind="nmc", version="9.8")
        except CatalogError as exc:
            errors.append(exc)

    with Catalog.open(small_home).held():
        writer = threading.Thread(target=add)
        writer.start()
        writer.join(timeout=300)
    assert len(errors) == 1 and "9.8" not in Catalog.open(small_home).versions("nmc")
    assert "waiting for another anpo process" in capsys.readouterr().err
    add()
    assert len(errors) == 1 and "9.8" in Catalog.open(small_home).versions("nmc")


@contextlib.contextmanager
def _one_connection_per_read(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``Catalog.held`` made a no-op: every read opens the catalog, as before the blocks."""

    @contextlib.contextmanager
    def nothing(self: Catalog) -> Iterator[None]:
        yield

    with monkeypatch.context() as mp:
        mp.setattr(Catalog, "held", nothing)
        yield


@pytest.mark.parametrize(
    ("args", "compare"),
    [
        pytest.param(("roles", "--year", "2001", "--all"), True, id="roles"),
        pytest.param(
            ("dyads", "--years", "2001", "--add", "capabilities,alliances,rivalries", "--json"),
            False,
            id="dyads",
        ),
        pytest.param(
            ("similarity", "--years", "2001", "--dyad", "2,20", "--json"), False, id="similarity"
        ),
        # 13 s for the two runs: in the slow pass
        pytest.param(
            ("roles", "validate", "--years", "2000-2001", "--json"),
            True,
            id="roles-validate",
            marks=pytest.mark.slow,
        ),
    ],
)
@pytest.mark.slow
def test_a_command_opens_the_catalog_once(
    args: tuple[str, ...],
    compare: bool,
    roles_home: Path,
    connections: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The command's reads share one DuckDB connection; with one connection per read (many
    connections) it prints the same (checked for the roles; the other commands hold their block
    the same way, and the second run would double their time)."""
    env = {"ANPO_HOME": str(roles_home)}
    held = cli(*args, env=env)
    assert held.returncode == 0, held.stderr
    assert connections[0] == 1
    if not compare:
        return
    connections[0] = 0
    with _one_connection_per_read(monkeypatch):
        each = cli(*args, env=env)
    assert connections[0] > 1
    assert (each.returncode, each.stdout, each.stderr) == (
        held.returncode,
        held.stdout,
        held.stderr,
    )


#: The datasets the alignment recipe and its back-test read beyond :data:`ROLES_FILES`, and the
#: Gleditsch-Ward state list (for `dyads --system gw`).
ALIGN_FILES = [
    "peacesciencer/gw_states.csv",
    "cow/contdird.csv",
    "democracy/cw_democracy.csv",
    "peacesciencer/cow_war_inter.csv",
    "cow/MIDB_5.0.csv",
]


@pytest.fixture(scope="module")
def align_home(
    roles_home: Path, shared_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A copy of the roles catalog with the other datasets of the alignment recipe and its
    back-test (the roles catalog itself is left as it is)."""
    import shutil

    home = tmp_path_factory.mktemp("align") / "home"
    shutil.copytree(roles_home, home)
    cat = Catalog.open(home)
    for f in ALIGN_FILES:
        cat.add(shared_data / f)
    return home


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("align-build", "--year", "2001", "--json"), id="align-build"),
        # the state names of the table read with the dyad-years' datasets
        pytest.param(("dyads", "--system", "gw", "--years", "2001"), id="dyads-gw"),
        pytest.param(
            ("align", "backtest", "--wars", "139", "--lags", "1", "--no-peace", "--json"),
            id="align-backtest",
        ),
    ],
)
def test_more_commands_open_the_catalog_once(
    args: tuple[str, ...], align_home: Path, connections: list[int]
) -> None:
    """`align-build`, `align backtest` (one war) and `dyads --system gw` read every dataset on
    one DuckDB connection."""
    ran = cli(*args, env={"ANPO_HOME": str(align_home)})
    assert ran.returncode == 0, ran.stderr
    assert connections[0] == 1


class _Computed(Exception):
    """Raised by a stand-in computation once it has run (ends the command there)."""


def _add_now(home: Path, tmp_path: Path, version: str = "9.7") -> str:
    """Add an NMC ``version`` (its own figures) to the catalog at ``home`` (a writer) and give
    its status; with a short ``ANPO_LOCK_TIMEOUT`` a catalog still held makes it fail."""
    path = tmp_path / f"nmc-{version}.csv"
    path.write_text(NMC.replace("0.14", f"0.1{version[-1]}"))
    return str(Catalog.open(home).add(path, kind="nmc", version=version)["status"])


@pytest.mark.parametrize(
    ("module", "name", "args", "home"),
    [
        pytest.param(
            "anpo.relations.build",
            "build_dyad_years",
            ("dyads", "--years", "2001"),
            "small",
            id="dyads",
        ),
        pytest.param(
            "anpo.align.backtest",
            "run",
            ("align", "backtest", "--wars", "139"),
            "small",
            id="align-backtest",
        ),
        pytest.param(
            "anpo.relations.taxonomy",
            "roles_from_catalog",
            ("roles", "--year", "2001"),
            "roles",
            id="roles",
        ),
        pytest.param(
            "anpo.relations.validate",
            "validate_from_catalog",
            ("roles", "validate", "--years", "2000-2001"),
            "roles",
            id="roles-validate",
        ),
        pytest.param(
            "anpo.relations.portfolios",
            "similarity_dyad_years",
            ("similarity", "--years", "2001"),
            "roles",
            id="similarity",
        ),
    ],
)
@pytest.mark.slow
def test_a_writer_does_not_wait_for_the_computation(
    module: str,
    name: str,
    args: tuple[str, ...],
    home: str,
    small_home: Path,
    roles_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The command holds the catalog for its reads only: a writer started during the computation
    after them (the computation replaced by one that adds a dataset, with a lock timeout far
    shorter than any wait) goes through at once."""
    import importlib
    import shutil

    if home == "roles":  # a copy: the shared roles catalog is not changed
        shutil.copytree(roles_home, tmp_path / "copy")
        where = tmp_path / "copy"
    else:
        where = small_home
    monkeypatch.setenv("ANPO_LOCK_TIMEOUT", "0.6")
    added: list[str] = []

    def compute(*args: Any, **kwargs: Any) -> Any:
        added.append(_add_now(where, tmp_path))
        raise _Computed

    monkeypatch.setattr(importlib.import_module(module), name, compute)
    with pytest.raises(_Computed):
        cli(*args, env={"ANPO_HOME": str(where)})
    assert added == ["added"]
    assert "9.7" in Catalog.open(where).versions("nmc")


@pytest.mark.slow
def test_the_report_sections_read_in_one_block_and_compute_after(
    align_home: Path, tmp_path: Path, connections: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report's back-test and roles sections read their datasets on one connection each and
    compute after the block (their computations replaced by a writer that must not wait)."""
    import shutil

    from anpo.align import backtest as bt
    from anpo.align.report import _backtest_run
    from anpo.relations import report as relations_report
    from anpo.relations import taxonomy
    from anpo.report.sections import ReportContext

    home = tmp_path / "copy"
    shutil.copytree(align_home, home)
    ctx = ReportContext(scenarios=[], catalog_home=home)
    monkeypatch.setenv("ANPO_LOCK_TIMEOUT", "0.6")
    added: list[str] = []
    seen: list[Any] = []

    def run(get: Any, **kwargs: Any) -> Any:
        seen.append((connections[0], get("cow_war_inter")))
        added.append(_add_now(home, tmp_path))
        raise _Computed

    monkeypatch.setattr(bt, "run", run)
    connections[0] = 0
    with pytest.raises(_Computed):
        _backtest_run(ctx)
    reads, wars = seen[0]
    assert reads == 1 and added == ["added"]
    assert wars is not None and len(wars) > 0  # the frames read, not the catalog

    def prepare(**kwargs: Any) -> Any:
        seen.append((connections[0], None))
        added.append(_add_now(home, tmp_path, "9.6"))
        raise _Computed

    monkeypatch.setattr(taxonomy, "prepare_roles", prepare)
    connections[0] = 0
    with pytest.raises(_Computed):
        relations_report.build(ctx)
    assert added == ["added", "added"] and seen[1][0] == 1
