"""The persistent DuckDB catalog (``anpo data``): persistence, versions, crash safety, CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

import anpo.data as data
from _support import ROOT, cli
from anpo.data.catalog import Catalog
from anpo.errors import CatalogError, DataError, DatasetExistsError


def test_open_creates_nothing(tmp_path: Path) -> None:
    home = tmp_path / "h"
    cat = Catalog.open(home)
    assert not home.exists()
    assert cat.list().empty and not cat.has("nmc")
    with pytest.raises(CatalogError):
        cat.read("nmc")


def test_default_home_from_env(anpo_home: Path) -> None:
    assert Catalog.open().home == anpo_home


def test_add_read_persist(shared_data: Path, anpo_home: Path) -> None:
    """A dataset read back from the catalog (a new process-independent open) equals the file
    loaded directly, dtypes, values and provenance included."""
    path = shared_data / "cow/NMC-60-abridged.csv"
    rec = Catalog.open().add(path)
    assert rec["status"] == "added" and rec["kind"] == "nmc" and rec["rows"] == 15951
    again = Catalog.open()
    got = again.read("nmc")
    want = data.read_nmc(path)
    pd.testing.assert_frame_equal(got, want)
    assert got.attrs["source"]["sha256"] == want.attrs["source"]["sha256"]
    assert got.attrs["coverage"] == (1816, 2016)
    assert again.sql("SELECT count(*) AS n FROM nmc WHERE year = 2001")["n"].iloc[0] == 191


def test_same_file_twice_and_versions_side_by_side(shared_data: Path, anpo_home: Path) -> None:
    """NMC v6 and v7 live side by side; the first is the default until changed; a read names
    its version; the same file twice changes nothing."""
    cat = Catalog.open()
    v6 = shared_data / "cow/NMC-60-abridged.csv"
    v7 = shared_data / "peacesciencer/cow_nmc.csv"
    first = cat.add(v6)
    assert first["default"] and first["reason"] == "the first nmc dataset in the catalog"
    again = cat.add(v6)
    assert again["status"] == "unchanged" and again["version"] == "6.0"
    rec = cat.add(v7)
    assert rec["status"] == "added" and rec["version"] == "7.0" and not rec["default"]
    assert "default stays 6.0" in rec["reason"]
    assert cat.versions("nmc") == ["6.0", "7.0"]
    assert cat.read("nmc").attrs["source"]["version"] == "6.0"
    assert len(cat.read("nmc", version="7.0")) == 17121
    assert len(cat.read("nmc", version="7")) == 17121  # 7 and 7.0 name one version
    assert Catalog.open(versions={"nmc": "7.0"}).read("nmc").attrs["source"]["version"] == "7.0"
    assert cat.sql('SELECT count(*) AS n FROM "nmc@7.0"')["n"].iloc[0] == 17121
    assert cat.sql("SELECT count(*) AS n FROM nmc")["n"].iloc[0] == 15951
    cat.set_default("nmc", "7.0")
    assert cat.read("nmc").attrs["source"]["version"] == "7.0"
    assert cat.sql("SELECT count(*) AS n FROM nmc")["n"].iloc[0] == 17121
    assert cat.list()[["version", "default"]].values.tolist() == [["6.0", False], ["7.0", True]]
    with pytest.raises(CatalogError, match="versions there: 6.0, 7.0"):
        cat.read("nmc", version="5.0")


@pytest.mark.slow
def test_same_version_different_file_needs_replace(
    shared_data: Path, anpo_home: Path, tmp_path: Path
) -> None:
    """A different file under a version already present is refused (naming both ways out);
    --replace replaces that version only; --as-version keeps both."""
    cat = Catalog.open()
    v6 = shared_data / "cow/NMC-60-abridged.csv"
    cat.add(v6)
    cat.add(shared_data / "peacesciencer/cow_nmc.csv")
    lines = v6.read_text().splitlines()
    edited = tmp_path / "NMC-60-edited.csv"
    edited.write_text("\n".join(lines[:-1]) + "\n")
    with pytest.raises(DatasetExistsError, match="--replace .* --as-version"):
        cat.add(edited)
    rec = cat.add(edited, replace=True)
    assert rec["status"] == "replaced" and rec["version"] == "6.0" and rec["default"]
    other = tmp_path / "NMC-60-other.csv"
    other.write_text("\n".join(lines[:-2]) + "\n")
    rec = cat.add(other, version="6.0-edited")
    assert rec["status"] == "added" and rec["table"] == "nmc@6.0-edited"
    assert cat.add(other)["status"] == "unchanged"  # the same file, whatever label it has
    assert len(cat.read("nmc", "6.0")) == 15950 and len(cat.read("nmc", "7.0")) == 17121
    assert cat.versions("nmc") == ["6.0", "6.0-edited", "7.0"]


def test_remove_by_kind_and_id(shared_data: Path, anpo_home: Path) -> None:
    cat = Catalog.open()
    a = cat.add(shared_data / "cow/states2016.csv")
    cat.add(shared_data / "peacesciencer/td_rivalries.csv")
    cat.remove("td_rivalries")
    assert not cat.has("td_rivalries") and cat.has("cow_states")
    cat.remove(a["id"])
    assert cat.list().empty
    with pytest.raises(CatalogError):
        cat.remove("nmc")
    assert (shared_data / "cow/states2016.csv").exists()


def test_remove_an_absent_version_names_where_it_was_typed(
    shared_data: Path, anpo_home: Path
) -> None:
    """`anpo data remove cow_states@t` (no such version) was refused under the field
    "--version", an option the user had not given, as "(asked for)": the field is now the
    DATASET argument for kind@version and --version for the option."""
    cat = Catalog.open()
    cat.add(shared_data / "cow/states2016.csv")
    with pytest.raises(CatalogError, match="no cow_states version 't' in the catalog") as e:
        cat.remove("cow_states@t")
    assert e.value.field == "dataset" and "asked for" not in e.value.message
    assert "versions there: 2016" in e.value.message
    with pytest.raises(CatalogError) as e:
        cat.remove("cow_states", version="t")
    assert e.value.field == "version"
    assert cat.has("cow_states")


def test_sql_is_read_only(shared_data: Path, anpo_home: Path) -> None:
    cat = Catalog.open()
    cat.add(shared_data / "cow/states2016.csv")
    with pytest.raises(CatalogError, match="SQL error"):
        cat.sql("DROP TABLE cow_states")
    with pytest.raises(CatalogError, match="SQL error"):
        cat.sql("SELEC nonsense")
    assert len(cat.read("cow_states")) == 243


def test_damaged_input_leaves_catalog_unchanged(
    shared_data: Path, anpo_home: Path, tmp_path: Path
) -> None:
    cat = Catalog.open()
    cat.add(shared_data / "cow/NMC-60-abridged.csv")
    bad = tmp_path / "nmc.csv"
    lines = (shared_data / "peacesciencer/cow_nmc.csv").read_text().splitlines()
    lines[50] = lines[50].replace(",", ",x", 1)
    bad.write_text("\n".join(lines))
    with pytest.raises(DataError):
        cat.add(bad, replace=True)
    assert cat.read("nmc").attrs["source"]["version"] == "6.0"


def test_exception_mid_transaction_rolls_back(
    shared_data: Path, anpo_home: Path, monkeypatch
) -> None:
    cat = Catalog.open()
    cat.add(shared_data / "cow/NMC-60-abridged.csv")

    def boom(self: Catalog, name: str) -> None:
        if name == "swapped":
            raise RuntimeError("simulated failure")

    with monkeypatch.context() as m:
        m.setattr(Catalog, "_step", boom)
        with pytest.raises(RuntimeError):
            cat.add(shared_data / "peacesciencer/cow_nmc.csv", replace=True)
    again = Catalog.open()
    assert again.read("nmc").attrs["source"]["version"] == "6.0"
    assert len(again.read("nmc")) == 15951
    assert set(again.sql("SELECT table_name FROM information_schema.tables")["table_name"]) == {
        "nmc@6.0",
        "anpo_datasets",
        "nmc",
    }


@pytest.mark.parametrize("step", ["created", "swapped", "recorded"])
@pytest.mark.slow
def test_process_killed_mid_import(shared_data: Path, tmp_path: Path, step: str) -> None:
    """A process killed (os._exit, no cleanup) in the middle of an import leaves the catalog as
    it was: the old dataset, readable, and no half-written table."""
    home = tmp_path / "home"
    Catalog.open(home).add(shared_data / "cow/NMC-60-abridged.csv")
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(ROOT / "src")!r})
        from anpo.data.catalog import Catalog
        def die(self, name):
            if name == {step!r}:
                os._exit(9)
        Catalog._step = die
        Catalog.open({str(home)!r}).add({str(shared_data / "peacesciencer/cow_nmc.csv")!r},
                                        replace=True)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 9, proc.stderr
    cat = Catalog.open(home)
    assert cat.list()["version"].tolist() == ["6.0"]
    assert len(cat.read("nmc")) == 15951
    tables = set(cat.sql("SELECT table_name FROM information_schema.tables")["table_name"])
    assert tables == {"anpo_datasets", "nmc", "nmc@6.0"}


def test_damaged_catalog_file(tmp_path: Path) -> None:
    home = tmp_path / "h"
    home.mkdir()
    (home / "catalog.duckdb").write_bytes(b"not a database" * 100)
    with pytest.raises(CatalogError):
        Catalog.open(home).list()


def test_sipri_workbook_via_burden_loader(shared_data: Path, anpo_home: Path) -> None:
    """SIPRI is registered to the burden helper's loader (anpo.data.sipri:read_sipri_milex)."""
    pytest.importorskip("anpo.data.sipri")
    rec = Catalog.open().add(shared_data / "sipri/SIPRI-Milex-excerpt-1948-2023.xlsx")
    assert rec["kind"] == "sipri"
    frame = Catalog.open().read("sipri")
    assert {"country", "ccode", "year", "measure", "value"} <= set(frame.columns)


# ------------------------------------------------------------------ CLI


def test_cli_add_list_remove(shared_data: Path, tmp_path: Path) -> None:
    env = {"ANPO_HOME": str(tmp_path / "home")}
    files = [shared_data / "cow/states2016.csv", shared_data / "peacesciencer/td_rivalries.csv"]
    r = cli("data", "add", *map(str, files), "--json", env=env)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert [x["kind"] for x in out["results"]] == ["cow_states", "td_rivalries"]
    r = cli("data", "add", str(files[0]), env=env)
    assert r.returncode == 0 and "already in catalog" in r.stdout
    r = cli("data", "list", "--json", env=env)
    assert [d["kind"] for d in json.loads(r.stdout)["datasets"]] == ["cow_states", "td_rivalries"]
    r = cli("data", "sql", "SELECT count(*) AS n FROM td_rivalries", "--json", env=env)
    assert json.loads(r.stdout) == [{"n": 197}]
    r = cli("data", "remove", "td_rivalries", env=env)
    assert r.returncode == 0
    r = cli("data", "list", "--json", env=env)
    assert [d["kind"] for d in json.loads(r.stdout)["datasets"]] == ["cow_states"]


def test_cli_errors_are_one_line(shared_data: Path, tmp_path: Path) -> None:
    """Each mistake is exit 2 and one line naming the file (and line and column) or the
    catalog, and saying what is wrong."""
    home = tmp_path / "home"
    env = {"ANPO_HOME": str(home)}
    states = shared_data / "cow/states2016.csv"
    for args, says in (
        (("data", "add", str(tmp_path / "missing.csv")), f"{tmp_path}/missing.csv: file not found"),
        (("data", "add", str(states), "--kind", "nmc"), f"{states}:1: year: required column"),
        (("data", "remove", "nmc"), f"{home}: the catalog is empty"),
        (("data", "sql", "SELECT 1"), f"{home}: no catalog here yet"),
    ):
        r = cli(*args, env=env)
        assert r.returncode == 2, args
        assert r.stderr.strip().count("\n") == 0 and r.stderr.startswith("error:"), r.stderr
        assert says in r.stderr, (args, r.stderr)
        assert "Traceback" not in r.stderr
    assert not os.path.exists(tmp_path / "missing.csv")


def test_a_missing_pinned_version_names_where_it_was_pinned(
    shared_data: Path, anpo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pinned version that is not in the catalog is an error naming where the user pinned it:
    `anpo data sql --version`, `anpo --data-version`, ANPO_DATA_VERSIONS, or ``versions=`` in
    Python. Before, every one said 'version: ... (pinned (--data-version /
    ANPO_DATA_VERSIONS))', also for `anpo data sql --version`, which is neither."""
    from _support import invoke, one_line_error

    Catalog.open().add(shared_data / "cow/NMC-60-abridged.csv")
    tail = "no nmc version '9.9' in the catalog (a pinned version); versions there: 6.0"
    err = one_line_error(invoke("data", "sql", "SELECT 1 FROM nmc", "--version", "nmc=9.9"))
    assert err == f"error: --version: {tail}"
    err = one_line_error(invoke("--data-version", "nmc=9.9", "data", "sql", "SELECT 1"))
    assert err == f"error: --data-version: {tail}"
    with pytest.raises(CatalogError) as exc:
        Catalog.open(versions={"nmc": "9.9"}).read("nmc")
    assert exc.value.field == "versions"
    monkeypatch.setenv("ANPO_DATA_VERSIONS", "nmc=9.9")
    with pytest.raises(CatalogError) as exc:
        Catalog.open().read("nmc")
    assert exc.value.field == "ANPO_DATA_VERSIONS"
    with pytest.raises(CatalogError) as exc:  # asked for, not pinned
        Catalog.open().read("nmc", version="9.8")
    assert exc.value.field == "version" and "(asked for)" in exc.value.message


def test_release_names_sort_as_dates() -> None:
    """Versions sort numerically, and a release named by month and year (SIPRI's "April 2024")
    sorts as its date: the newest, which ``data add`` makes the default, is the latest release,
    not the month spelled last ("December 2023" sorted above "April 2025", and the year "2025"
    below "April 2024")."""
    from anpo.data.catalog import version_key

    given = ["April 2025", "December 2023", "2024", "april 2024", "December 2024", "4.02", "5.0"]
    assert sorted(given, key=version_key) == [
        "4.02",
        "5.0",
        "December 2023",
        "2024",
        "april 2024",
        "December 2024",
        "April 2025",
    ]
    assert max(["April 2024", "2025"], key=version_key) == "2025"


@pytest.mark.slow
def test_a_catalog_whose_creation_fails_half_way_is_not_left_behind(tmp_path: Path) -> None:
    """A new catalog that cannot be written whole (a full disk; here a 1 KiB file-size limit)
    left a 1 KiB ``catalog.duckdb``: that add failed, and so did every later command ("Could
    not read enough bytes"), until the user found and deleted the file. The half-made file is
    removed, so the next add, with room to write, creates the catalog."""
    import resource

    states = tmp_path / "states.csv"
    states.write_text(
        "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n"
        "USA,2,United States of America,1816,1,1,2016,12,31,2016\n",
        encoding="utf-8",
    )
    home = tmp_path / "home"

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "ANPO_HOME": str(home)}
    ran = subprocess.run(
        [sys.executable, "-m", "anpo", "data", "add", str(states)],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=small_files,
    )
    assert ran.returncode == 2 and ran.stderr.startswith("error: "), ran.stderr
    assert ran.stderr.count("\n") == 1 and "too large" in ran.stderr
    assert sorted(p.name for p in home.iterdir() if p.name.startswith("catalog.duckdb")) == []
    again = cli("data", "add", str(states), env={"ANPO_HOME": str(home)})
    assert again.returncode == 0 and again.stdout.startswith("added: cow_states"), again


@pytest.mark.parametrize("kind", [{"kind": "nmc"}, ["nmc"], None, "NMC "])
def test_loader_for_an_unknown_kind_names_it(kind: object) -> None:
    """``loader_for({"kind": "nmc"})`` was a bare 'unhashable type' TypeError."""
    with pytest.raises(DataError, match="unknown dataset kind") as err:
        data.loader_for(kind)  # type: ignore[arg-type]
    assert err.value.field == "kind"
    assert data.loader_for("nmc").__name__.startswith("read_")


def test_empty_kind_is_refused_not_detected(shared_data: Path, anpo_home: Path) -> None:
    """``Catalog.add(path, kind="")`` (``anpo data add FILE --kind ""``) detected the kind from
    the header, as if no kind were given: refused, naming the field (``--kind`` on the command
    line), nothing added."""
    states = shared_data / "cow/states2016.csv"
    with pytest.raises(CatalogError, match="unknown dataset kind ''") as err:
        Catalog.open().add(states, kind="")
    assert err.value.field == "kind"
    r = cli("data", "add", str(states), "--kind", "")
    assert r.returncode == 2 and r.stderr.startswith("error: --kind: unknown dataset kind ''")
    assert not Catalog.open().exists() or Catalog.open().list().empty


def test_the_rounding_note_names_the_formatters_exponent_threshold(monkeypatch):
    """The table note reads the threshold from which the formatter writes an exponent
    (:data:`anpo.report.format.LARGE`; it typed '1e15')."""
    import pandas as pd

    from anpo.cli.data import _sql_table_notes
    from anpo.report import format as fmt

    monkeypatch.setattr(fmt, "LARGE", 1e12)
    [note] = _sql_table_notes(pd.DataFrame({"cinc": [0.1354]}))
    assert "with an exponent from 1e12)" in note, note
