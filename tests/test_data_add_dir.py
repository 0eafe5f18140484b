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
