"""anpo._io: the one atomic writer, the one year parser and the one input pipeline."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from anpo._io.files import atomic_path, atomic_write
from anpo._io.years import parse_years
from anpo.errors import InputError

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


# ------------------------------------------------------------------ years


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2001", [2001]),
        ("1990-1992,2001", [1990, 1991, 1992, 2001]),
        ("1816, 1914 2001", [1816, 1914, 2001]),
        ("2001,2001,1999-2001", [1999, 2000, 2001]),
        (2001, [2001]),
        ([2003, 2001], [2001, 2003]),
        (None, None),
    ],
)
def test_parse_years(text: object, years: list[int] | None) -> None:
    assert parse_years(text, field="--years") == years  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("20x1", "cannot read years from '20x1'"),
        ("2001-1990", "empty year range '2001-1990'"),
        (" , ", "no years given"),
        ("1700-1801", "year 1700 is outside 1800-2100"),
        ("-5", "cannot read years from '-5'"),
    ],
)
def test_parse_years_errors_name_the_flag(text: str, says: str) -> None:
    with pytest.raises(InputError) as info:
        parse_years(text, field="--year", lo=1800, hi=2100)
    assert info.value.field == "--year" and says in info.value.message


def test_every_command_reads_years_the_same_way() -> None:
    """One parser: a range is accepted wherever years are (burden test, dyads, align backtest)
    and a bad part is refused naming the flag."""
    from _support import cli

    bad = cli("burden", "test", "--year", "19x5")
    assert bad.returncode == 2 and "--year: cannot read years from '19x5'" in bad.stderr
    bad = cli("align", "backtest", "--years", "1950,19x0")
    assert bad.returncode == 2 and "--years: cannot read years from '19x0'" in bad.stderr
