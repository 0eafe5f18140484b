"""Dataset loaders given hostile or careless files: each is a DataError naming the file and the
file's real line and column, never a pandas or numpy traceback.

The files are small synthetic tables in the layout of COW State System v2016 and MID 5.0
(MIDB); the expected lines are counted in the text each test writes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import anpo.data as data
from anpo.errors import DataError

STATES_HEAD = "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n"


def _line_of(text: str, marker: str) -> int:
    """The 1-based line of ``text`` holding ``marker`` (counted, not assumed)."""
    return next(n for n, ln in enumerate(text.split("\n"), 1) if marker in ln)


@pytest.mark.parametrize("cell", ["inf", "-Infinity", "1e400", "99999999999999999999999"])
def test_an_infinite_or_huge_whole_number_says_where(tmp_path: Path, cell: str) -> None:
    """A whole-number column without a range (the version) given an infinite or huge value was
    an OverflowError or TypeError traceback from the Int64 cast; it is a DataError naming the
    file, the line (after a blank line) and the column."""
    text = (
        STATES_HEAD
        + "USA,2,United States of America,1816,1,1,2016,12,31,2016\n\n"
        + f"CAN,20,Canada,1920,1,10,2016,12,31,{cell}\n"
    )
    path = tmp_path / "states.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=repr(cell)) as info:
        data.read_cow_states(path)
    err = info.value
    assert err.file == str(path) and err.field == "version"
    assert err.line == _line_of(text, "CAN") == 4
