"""``anpo data add DIR``: a directory is searched recursively; files that are not a known dataset
are skipped (named), explicit files that fail are errors; a Word file is not a SIPRI workbook."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

from _support import cli


def test_add_directory_skips_unknown_files(shared_data: Path, tmp_path: Path, anpo_home: Path):
    src = tmp_path / "downloads" / "cow"
    src.mkdir(parents=True)
    shutil.copy(shared_data / "cow" / "states2016.csv", src / "states2016.csv")
    (src / "notes.csv").write_text("a,b\n1,2\n")
    with zipfile.ZipFile(src / "codebook.docx", "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    proc = cli(
        "data", "add", str(tmp_path / "downloads"), "--json", env={"ANPO_HOME": str(anpo_home)}
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert [r["kind"] for r in out["results"]] == ["cow_states"]
    assert sorted(Path(s["path"]).name for s in out["skipped"]) == ["codebook.docx", "notes.csv"]
    assert out["errors"] == []
    # the same Word file named explicitly is an error naming the file, exit 2
    proc = cli("data", "add", str(src / "codebook.docx"), env={"ANPO_HOME": str(anpo_home)})
    assert proc.returncode == 2
    assert "codebook.docx" in proc.stderr and "cannot tell which dataset" in proc.stderr
    assert "--kind" in proc.stderr  # the way out, named as the command line spells it
    assert "Traceback" not in proc.stderr


def test_a_folder_that_cannot_be_searched_is_one_line(tmp_path: Path, anpo_home: Path, monkeypatch):
    """A folder whose walk fails (an entry vanishing while it is read, as in /proc, or one that
    cannot be opened) is one line naming the path, exit 2; it ended in a traceback."""
    import pathlib

    from typer.testing import CliRunner

    import anpo.cli

    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "a.csv").write_text("a,b\n1,2\n")

    def vanishing(self, pattern):  # noqa: ANN001, ANN202 - Path.rglob's signature
        yield self / "a.csv"
        raise FileNotFoundError(2, "No such file or directory", str(self / "gone"))

    monkeypatch.setattr(pathlib.Path, "rglob", vanishing)
    res = CliRunner().invoke(anpo.cli.app, ["data", "add", str(folder)])
    assert res.exit_code == 2, res.output
    assert (
        res.output.strip()
        == f"error: {folder / 'gone'}: cannot search this folder (No such file or directory)"
    )


def test_a_folder_with_two_versions_says_the_default_it_leaves(
    shared_data: Path, tmp_path: Path, anpo_home: Path
):
    """A folder bringing NMC 6.0 and 7.0 to an empty catalog makes the newest the default; each
    file's line (and JSON record) says the default as the command leaves it (the 6.0 line said
    "default: the first nmc dataset" and the 7.0 line "the default stays 6.0", then a last line
    made 7.0 the default)."""
    src = tmp_path / "nmc"
    src.mkdir()
    shutil.copy(shared_data / "cow" / "NMC-60-abridged.csv", src / "NMC-60-abridged.csv")
    shutil.copy(shared_data / "peacesciencer" / "cow_nmc.csv", src / "cow_nmc.csv")
    env = {"ANPO_HOME": str(anpo_home / "text")}
    proc = cli("data", "add", str(src), env=env)
    assert proc.returncode == 0, proc.stderr
    lines = {ln.split(" from ")[0]: ln for ln in proc.stdout.splitlines()}
    six = lines["added: nmc 6.0 (COW National Material Capabilities, 15,951 rows)"]
    seven = lines["added: nmc 7.0 (COW National Material Capabilities, 17,121 rows)"]
    assert "; not the default: the default is 7.0, the newest of the versions added" in six
    assert "; default: the newest of the versions added (6.0 also added)" in seven
    assert "stays" not in proc.stdout and "the first nmc dataset" not in proc.stdout
    assert len(proc.stdout.splitlines()) == 2
    shown = cli("data", "default", "nmc", env=env)
    assert shown.stdout.startswith("nmc: default 7.0")
    proc = cli("data", "add", str(src), "--json", env={"ANPO_HOME": str(anpo_home / "json")})
    out = json.loads(proc.stdout)
    assert {r["version"]: r["default"] for r in out["results"]} == {"6.0": False, "7.0": True}
    assert out["defaults"]["nmc"]["version"] == "7.0"


def test_data_default_says_the_default_and_a_pin_apart(
    shared_data: Path, tmp_path: Path, anpo_home: Path
):
    """With NMC 7.0 pinned (``ANPO_DATA_VERSIONS``, ``--data-version``) and 6.0 the catalog's
    default, `anpo data default nmc` said "default 7.0" while `data list` marked 6.0: it says
    the default and the pin separately (text and JSON)."""
    env = {"ANPO_HOME": str(anpo_home)}
    for rel in ("cow/NMC-60-abridged.csv", "peacesciencer/cow_nmc.csv"):
        assert cli("data", "add", str(shared_data / rel), env=env).returncode == 0
    assert cli("data", "default", "nmc", "6.0", env=env).returncode == 0
    plain = cli("data", "default", "nmc", env=env).stdout
    assert plain.startswith("nmc: default 6.0") and "pinned" not in plain
    pinned = cli("data", "default", "nmc", env={**env, "ANPO_DATA_VERSIONS": "nmc=7.0"})
    assert pinned.returncode == 0, pinned.stderr
    assert pinned.stdout.startswith("nmc: default 6.0")
    assert "reads use 7.0 (pinned by ANPO_DATA_VERSIONS)" in pinned.stdout
    flag = cli("--data-version", "nmc=7.0", "data", "default", "nmc", "--json", env=env)
    rec = json.loads(flag.stdout)
    assert rec["version"] == "6.0" and rec["default"]
    assert rec["pinned"] == {"version": "7.0", "by": "--data-version"}


def test_add_help_says_both_rules_of_the_default() -> None:
    """`anpo data add --help` said only "the first dataset of a kind is its default", but one
    call that adds several versions of a new kind makes the newest the default (the test
    above); the help says both rules, and the how-to page too."""
    proc = cli("data", "add", "--help", env={"COLUMNS": "300"})
    assert proc.returncode == 0, proc.stderr
    text = " ".join(proc.stdout.split())
    assert "A kind's first dataset becomes its default" in text
    assert "several versions of a kind new to the catalog makes the newest of them the default" in (
        text
    )
    how_to = (Path(__file__).parents[1] / "docs" / "how-to" / "load-data.md").read_text()
    assert "makes\nthe newest of them the default" in how_to


def test_default_with_several_versions_names_the_last_as_the_default(
    shared_data: Path, tmp_path: Path, anpo_home: Path
):
    """With ``--default`` each version of a folder is made the default in turn, so the last one
    added is the default the command leaves; the lines (and JSON records) said "default" for
    every file."""
    src = tmp_path / "nmc"
    src.mkdir()
    shutil.copy(shared_data / "cow" / "NMC-60-abridged.csv", src / "NMC-60-abridged.csv")
    shutil.copy(shared_data / "peacesciencer" / "cow_nmc.csv", src / "cow_nmc.csv")
    env = {"ANPO_HOME": str(anpo_home / "text")}
    proc = cli("data", "add", str(src), "--default", env=env)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 2
    left = cli("data", "default", "nmc", env=env).stdout.split()[2]  # 'nmc: default V ...'
    other = {"6.0": "7.0", "7.0": "6.0"}[left]
    lines = {ln.split(" (")[0]: ln for ln in proc.stdout.splitlines()}
    assert "; default: asked for (--default)" in lines[f"added: nmc {left}"]
    assert (
        f"; not the default: the default is {left}, added after it with --default"
        in lines[f"added: nmc {other}"]
    )
    proc = cli(
        "data", "add", str(src), "--default", "--json", env={"ANPO_HOME": str(anpo_home / "j")}
    )
    out = json.loads(proc.stdout)
    assert sorted(r["default"] for r in out["results"]) == [False, True]
    (dflt,) = [r["version"] for r in out["results"] if r["default"]]
    assert out["defaults"]["nmc"]["version"] == dflt


def test_both_systems_false_dyads_are_filed_side_by_side(
    shared_data: Path, tmp_path: Path, anpo_home: Path
):
    """peacesciencer's false_cow_dyads and false_gw_dyads are lists for two state systems: one
    call adds both (kinds false_dyads and false_gw_dyads). They were one kind of version
    "unknown": the second was skipped as "a different file" with --replace suggested, which
    would have put the G-W list in the place of the COW one. A file given as the other system's
    kind is refused, naming its kind."""
    src = tmp_path / "ps"
    src.mkdir()
    for name in ("false_cow_dyads.csv", "false_gw_dyads.csv"):
        shutil.copy(shared_data / "peacesciencer" / name, src / name)
    env = {"ANPO_HOME": str(anpo_home)}
    proc = cli("data", "add", str(src), "--json", env=env)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["skipped"] == [] and "--replace" not in proc.stderr
    assert {r["kind"]: r["rows"] for r in out["results"]} == {
        "false_dyads": 60,
        "false_gw_dyads": 40,
    }
    bad = cli("data", "add", str(src / "false_gw_dyads.csv"), "--kind", "false_dyads", env=env)
    assert bad.returncode == 2
    assert "Gleditsch-Ward system's list of false dyads: its kind is false_gw_dyads" in bad.stderr


def test_folders_without_files_are_named(tmp_path: Path, anpo_home: Path) -> None:
    """`anpo data add emptydir/` said "PATHS: no files found in the directories given" without
    naming the folder (user audit, cli29): it names each folder given once, exit 2, and says a
    hidden file is not counted."""
    from typer.testing import CliRunner

    import anpo.cli

    empty, hidden = tmp_path / "empty", tmp_path / "hidden"
    (hidden / "sub").mkdir(parents=True)
    empty.mkdir()
    (hidden / ".notes.csv").write_text("a,b\n1,2\n")
    runner = CliRunner()
    env = {"ANPO_HOME": str(anpo_home)}
    res = runner.invoke(anpo.cli.app, ["data", "add", f"{empty}/"], env=env)
    assert res.exit_code == 2, res.output
    assert res.output.strip() == (
        f"error: PATHS: no files found in this folder: {empty} "
        "(searched recursively, hidden files skipped)"
    )
    res = runner.invoke(anpo.cli.app, ["data", "add", str(empty), str(hidden), str(empty)], env=env)
    assert res.exit_code == 2, res.output
    assert res.output.strip() == (
        f"error: PATHS: no files found in these folders: {empty}, {hidden} "
        "(searched recursively, hidden files skipped)"
    )
