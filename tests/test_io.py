"""anpo._io: the one atomic writer, the one year parser and the one input pipeline."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from anpo._io.files import atomic_path, atomic_write

# ------------------------------------------------------------------ atomic writes


def test_atomic_write_text_bytes_and_permissions(tmp_path: Path) -> None:
    """Text keeps its newlines as given; the file gets 0666 & ~umask, not tempfile's 0600."""
    target = tmp_path / "a.txt"
    old = os.umask(0o027)
    try:
        atomic_write(target, "one\r\ntwo\n")
    finally:
        os.umask(old)
    assert target.read_bytes() == b"one\r\ntwo\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    atomic_write(target, b"\x00\x01", durable=True)
    assert target.read_bytes() == b"\x00\x01"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "keep.csv"
    target.write_text("precious")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("writer failed")
    assert target.read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.csv"]


def test_no_such_folder_is_an_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        atomic_write(tmp_path / "no" / "such" / "file.txt", "x")
