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


@pytest.mark.parametrize(("extra", "col"), [("CCODE", 11), ("ccode", 11), (" CCode", 11)])
def test_a_column_named_twice_is_refused(tmp_path: Path, extra: str, col: int) -> None:
    """A header naming a column twice (in any case, as the loaders match names
    case-insensitively) was an AttributeError traceback (two 'ccode' columns after lowering) or
    read the first silently (pandas renamed the second 'ccode.1'); it is a DataError naming the
    header's line (after blank lines) and both columns."""
    text = (
        "\n\n"
        + STATES_HEAD.rstrip("\n")
        + f",{extra}\n"
        + "USA,2,United States of America,1816,1,1,2016,12,31,2016,2\n"
    )
    path = tmp_path / "states.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=rf"columns 2 and {col}") as info:
        data.read_cow_states(path)
    err = info.value
    assert err.file == str(path) and err.field == "ccode" and err.line == 3


def test_a_user_table_with_a_column_named_twice_is_refused(tmp_path: Path) -> None:
    """A user's GDP table naming 'gdp' twice used the first column without a word (and 'GDP'
    beside 'gdp' the last); it is a DataError naming the header line."""
    from anpo.burden.panel import read_user_table

    path = tmp_path / "gdp.csv"
    path.write_text("ccode,year,gdp,GDP\n2,1990,1.0,2.0\n", encoding="utf-8")
    with pytest.raises(DataError, match="columns 3 and 4") as info:
        read_user_table(path, "GDP table")
    assert info.value.line == 1 and info.value.field == "gdp"


def test_an_align_csv_cell_beyond_the_csv_modules_limit_says_where() -> None:
    """A cell of more than 131,072 characters (the csv module's field limit; also a stray quote
    swallowing the rest of a large file) was a _csv.Error traceback from the align CSV reader
    (the CLI and the web upload); it is an AlignError naming the line the record starts on."""
    from anpo.align.io import read_csv_text
    from anpo.errors import AlignError

    text = "name,size,A,B\n\nA,1,0," + "1" * 200_000 + "\nB,2,1,0\n"
    with pytest.raises(AlignError, match="field larger than") as info:
        read_csv_text(text, "m.csv")
    assert info.value.file == "m.csv" and info.value.line == _line_of(text, "A,1,0") == 3


def test_toml_nested_too_deep_says_so(tmp_path: Path) -> None:
    """A TOML value nested deeper than Python's recursion limit (``x = [[[...]]]``) was a
    RecursionError traceback from tomllib in ``anpo validate`` and every TOML reader; it is the
    reader's error naming the file (tomllib gives no position with it)."""
    from typer.testing import CliRunner

    from anpo.cli import app
    from anpo.errors import ScenarioError
    from anpo.scenario import load_scenario

    text = "schema_version = 1\n\nx = " + "[" * 5000 + "]" * 5000 + "\n"
    path = tmp_path / "deep.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match="nested too deep") as info:
        load_scenario(path)
    assert info.value.file == str(path)
    r = CliRunner().invoke(app, ["validate", str(path)])
    assert r.exit_code == 2 and "nested too deep" in r.output, r.output


def test_an_infinite_value_in_a_measure_column_says_where(tmp_path: Path) -> None:
    """A measure column without a range (UNGA's ideal points) took 'inf' as a number and stored
    it in the catalog; an infinite score means nothing, so it is a DataError naming the file,
    the line and the column, as it is in a whole-number column."""
    head = (
        "ccode,iso3c,countryname,year,idealpointfp,idealpointall,idealpointlegacy,nvotesfp,"
        "qofp,q5fp,q10fp,q50fp,q90fp,q95fp,q100fp,nvotesall,qoall,q5all,q10all,q50all,q90all,"
        "q95all,q100all,nvotesLegacy\n"
    )
    cells = "1.6,1.8,1.6,25.0,0.3,0.9,1.1,1.6,2.2,2.3,3.2,39.0,0.9,1.3,1.4,1.8,2.4,2.5,3.1"
    text = (
        head
        + f"2,USA,United States,1946.0,{cells},42.0\n\n"
        + f"20,CAN,Canada,1946.0,{cells.replace('1.6,1.8', '1.6,inf', 1)},42.0\n"
    )
    path = tmp_path / "unga.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="not a finite number: 'inf'") as info:
        data.read_unga_idealpoints(path)
    err = info.value
    assert err.file == str(path) and err.field == "idealpointall"
    assert err.line == _line_of(text, "CAN") == 4


def test_a_missing_column_names_the_header_line_after_blank_lines(tmp_path: Path) -> None:
    """The reader skips blank lines before the header; the missing-column error named line 1
    (a blank line) instead of the header's."""
    text = (
        "\n \n"
        + STATES_HEAD.replace("ccode,", "code,")
        + "USA,2,United States,1816,1,1,2016,12,31,2016\n"
    )
    path = tmp_path / "states.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="required column 'ccode'") as info:
        data.read_cow_states(path)
    assert info.value.line == _line_of(text, "stateabb") == 3


def test_a_semicolon_separated_file_is_named_as_such(tmp_path: Path) -> None:
    """A spreadsheet export separated by ';' (common where the decimal mark is a comma) read as
    one column: the errors said only "required column 'ccode' is missing" and "cannot tell
    which dataset this is", with no hint that the separator is the problem; both now say that
    the header is one column and the file seems separated by ';' (file and header line kept)."""
    path = tmp_path / "nmc.csv"
    path.write_text(
        "ccode;year;milper;milex;irst;pec;tpop;upop;cinc;stateabb;version\n"
        "2;2000;1;2;3;4;5;6;0.1;USA;2021\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match="seems separated by ';'") as info:
        data.read_nmc(path)
    assert info.value.line == 1 and "required column 'ccode'" in str(info.value)
    with pytest.raises(DataError, match="seems separated by ';'") as info:
        data.load(path)
    assert "cannot tell which dataset" in str(info.value)
    # a comma-separated file with a missing column gets no such hint
    path.write_text("year,cinc\n2000,0.1\n", encoding="utf-8")
    with pytest.raises(DataError, match="required column 'ccode'") as info:
        data.read_nmc(path)
    assert "seems separated" not in str(info.value)
