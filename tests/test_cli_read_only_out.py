"""``--force`` never replaces a read-only ``--out`` file.

A file's own permission bits do not guard it against an atomic rename over it (only its
folder's do), so ``anpo schema --out FILE --force`` (and ``align-build``, ``dyads``,
``similarity``) replaced a file the user had made read-only with ``chmod a-w``, the usual way to
keep an input from being overwritten, and left the new file writable. The contract (the brief
of the CLI's bad-input walk: nothing the user supplied may be overwritten or lost; bad input is
one ``error:`` line naming the file and the flag, exit status 2) asks for a refusal, with the
file's content and mode unchanged. Each command refuses before reading the catalog, so the
tests run on an empty ``ANPO_HOME``.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from _support import invoke, one_line_error


@pytest.fixture(autouse=True)
def _empty_catalog(anpo_home: Path) -> None:
    """Every command runs against a private, empty ANPO_HOME."""


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("mine.json", ("schema",)),
        ("mine.toml", ("align-build", "--year", "2001")),
        ("mine.csv", ("dyads", "--years", "2001")),
        ("mine.csv", ("similarity", "--years", "2001")),
    ],
)
def test_force_keeps_a_read_only_out_file(tmp_path: Path, name: str, args: tuple[str, ...]) -> None:
    """A read-only --out file is refused under --force: one error line naming the file and
    --out, the file's content and its read-only mode kept."""
    mine = tmp_path / name
    mine.write_text("the user's own file\n", encoding="utf-8")
    mine.chmod(0o444)
    r = invoke(*args, "--out", str(mine), "--force")
    err = one_line_error(r)
    assert str(mine) in err and "--out" in err and "read-only" in err, err
    assert mine.read_text(encoding="utf-8") == "the user's own file\n"
    assert stat.S_IMODE(mine.stat().st_mode) == 0o444


def test_force_still_replaces_a_writable_out_file(tmp_path: Path) -> None:
    """The refusal is for read-only files only: a writable --out is replaced under --force
    (here by the schema, which is JSON with a "$schema" or "properties" key)."""
    mine = tmp_path / "schema.json"
    mine.write_text("old\n", encoding="utf-8")
    r = invoke("schema", "--out", str(mine), "--force")
    assert r.exit_code == 0, r.output
    text = mine.read_text(encoding="utf-8")
    assert text != "old\n" and '"properties"' in text
