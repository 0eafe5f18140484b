"""Loader errors name the file's real line: blank lines (which the CSV reader skips) and quoted
cells spanning lines come before the faulty row, so "data row i is line i + 2" would be wrong.

The files are small synthetic tables in the layouts of the loaders' sources (COW State System
v2016, MID 5.0 participants, FAS/OWID stockpiles, Polity5, Gleditsch-Ward iisystem.dat, Maoz
powers, NMC); the expected lines are counted in the text each test writes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import anpo.data as data
from anpo._io.csvlines import RowLines, data_row_lines
from anpo.errors import DataError

STATES_HEAD = "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, marker: str) -> int:
    """The 1-based line of ``text`` holding ``marker`` (counted, not assumed)."""
    return next(n for n, ln in enumerate(text.split("\n"), 1) if marker in ln)


def _raises(fn: Callable[[Path], object], path: Path) -> DataError:
    with pytest.raises(DataError) as exc:
        fn(path)
    assert exc.value.file == str(path)
    return exc.value


# ------------------------------------------------------------------------- csvlines itself


def test_row_lines_blank_lines_quotes_and_mismatch() -> None:
    """The file line of each data row skips blank lines (spaces and tabs only) and counts the
    lines a quoted cell spans; a row count the text does not hold, or a label that is not a row
    position, names no line rather than a wrong one."""
    text = 'a,b\n\n1, "x\ny"\n   \n\t\n2,3\n'
    # with skipinitialspace the quote opens a cell spanning lines 3-4, as pandas reads it
    assert data_row_lines(text, skipinitialspace=True) == [3, 7]
    assert RowLines(text, 2, skipinitialspace=True).line(1) == 7
    # a row count that is not what the text holds: no line rather than a wrong one
    assert RowLines(text, 3, skipinitialspace=True).line(1) is None
    # a label that is not a row position names no line
    assert RowLines(text, 2, skipinitialspace=True).line(5) is None
    assert RowLines(text, 2, skipinitialspace=True).line("x") is None
    # without a header every record is a row; with tabs as separators a tab is a row of blanks
    assert data_row_lines("1\t2\n\n\t\n3\t4\n", "\t", header=False) == [1, 3, 4]


def test_read_raw_csv_finds_the_header_line_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader looked for the header line twice (the repeated-name check, then the row
    lines); it finds it once and hands it on, and the header's line is still the first line
    that is not blank."""
    import anpo._io.csvlines as csvlines
    import anpo.data._io as data_io

    calls: list[int] = []
    real = csvlines.header_line

    def counted(text: str, sep: str | None = ",") -> int:
        calls.append(1)
        return real(text, sep)

    monkeypatch.setattr(csvlines, "header_line", counted)
    monkeypatch.setattr(data_io, "header_line", counted)
    path = _write(tmp_path / "t.csv", "\n  \nccode,year\n2,2001\n\n20,2001\n")
    frame, lines = data_io.read_raw_csv(path)
    assert len(calls) == 1
    assert list(frame.columns) == ["ccode", "year"]
    assert lines.header_line == 3 and lines.line(1) == 6


# ------------------------------------------------------------------------------ COW states


def test_cow_states_cell_error_after_blank_lines_and_multiline_cell(tmp_path: Path) -> None:
    text = (
        STATES_HEAD
        + "\n"
        + 'USA,2,"United States\nof America",1816,1,1,2016,12,31,2016\n'
        + "\n\n"
        + "CAN,20,Canada,1920,13,10,2016,12,31,2016\n"
    )
    err = _raises(data.read_cow_states, _write(tmp_path / "states.csv", text))
    assert err.field == "stmonth" and err.line == _line_of(text, "CAN") == 7


def test_cow_states_overlap_found_after_sorting_names_its_line(tmp_path: Path) -> None:
    """The overlap check runs on the spells sorted by state and start: the line is the one of
    the later-starting spell in the file, not its place in the sorted order."""
    text = (
        STATES_HEAD
        + "USA,2,United States,1816,1,1,2016,12,31,2016\n"
        + "\n"
        + "FRN,220,France,1900,1,1,1950,12,31,2016\n"
        + "   \n"
        + "FRN,220,France,1816,1,1,1920,12,31,2016\n"
    )
    err = _raises(data.read_cow_states, _write(tmp_path / "states.csv", text))
    assert "overlap" in err.message and err.field == "start"
    assert err.line == _line_of(text, "FRN,220,France,1900") == 4


def test_cow_states_end_before_start(tmp_path: Path) -> None:
    text = STATES_HEAD + "\n\nUSA,2,United States,1816,1,1,1815,12,31,2016\n"
    err = _raises(data.read_cow_states, _write(tmp_path / "states.csv", text))
    assert err.message == "membership ends before it starts" and err.line == 4


def test_gw_states_headerless_tab_file(tmp_path: Path) -> None:
    text = "2\tUSA\tUnited States\t01:01:1816\t31:12:2017\n\n\n20\tCAN\tCanada\tsoon\t31:12:2017\n"
    err = _raises(data.read_gw_states, _write(tmp_path / "iisystem.dat", text))
    assert err.field == "start" and err.line == 4


# ------------------------------------------------------------------------------------- MID

MIDB_HEAD = (
    "dispnum,stabb,ccode,stday,stmon,styear,endday,endmon,endyear,sidea,revstate,revtype1,"
    "revtype2,fatality,fatalpre,hiact,hostlev,orig,version\n"
)


def _midb_row(dispnum: int, ccode: int, styear: int, endyear: int) -> str:
    return f"{dispnum},XXX,{ccode},1,1,{styear},1,1,{endyear},1,1,1,0,0,0,7,3,1,5\n"


def test_mid_participant_end_before_start(tmp_path: Path) -> None:
    text = (
        MIDB_HEAD
        + _midb_row(2, 2, 1902, 1903)
        + "\n\n\n"
        + _midb_row(3, 200, 1913, 1913)
        + "\n"
        + _midb_row(4, 365, 1920, 1919)
    )
    err = _raises(data.read_mid_participant, _write(tmp_path / "MIDB_5.0.csv", text))
    assert err.message == "dispute ends before it starts" and err.field == "endyear"
    assert err.line == _line_of(text, "4,XXX,365") == 8


def test_mid_disputes_duplicate_and_missing_key(tmp_path: Path) -> None:
    head = "dispnum,styear,endyear,hiact,hostlev\n"
    dup = head + "2,1902,1903,7,3\n\n\n2,1910,1911,7,3\n"
    err = _raises(data.read_mid_disputes, _write(tmp_path / "d.csv", dup))
    assert err.message.startswith("duplicate row") and err.line == 5
    gap = head + "2,1902,1903,7,3\n\n3,,1911,7,3\n"
    err = _raises(data.read_mid_disputes, _write(tmp_path / "g.csv", gap))
    assert err.message == "missing value in a key column" and err.line == 4


def test_mid_disputes_and_rivalries_end_before_start(tmp_path: Path) -> None:
    """The 'ends before it starts' refusals of the dispute-level MID file and the rivalry lists
    name the faulty row's real line (blank lines before it counted) and the endyear column; a
    dispute without an end year is no such fault."""
    head = "dispnum,styear,endyear,hiact,hostlev\n"
    text = head + "2,1902,,7,3\n\n\n3,1910,1909,7,3\n"
    err = _raises(data.read_mid_disputes, _write(tmp_path / "m.csv", text))
    assert err.message == "dispute ends before it starts" and err.field == "endyear"
    assert err.line == _line_of(text, "3,1910,1909") == 5
    head = "rivalryno,rivalryname,ccode1,ccode2,styear,endyear\n"
    text = head + "1,a,2,200,1816,1900\n\n2,b,2,365,1950,1949\n"
    err = _raises(data.read_td_rivalries, _write(tmp_path / "r.csv", text))
    assert err.message == "rivalry ends before it starts" and err.field == "endyear"
    assert err.line == _line_of(text, "2,b,2,365") == 4


# ---------------------------------------------------------- checks after filtering the rows


def test_stockpiles_duplicate_found_after_dropping_world_rows(tmp_path: Path) -> None:
    """The duplicate check runs on the rows left once the 'World' totals are dropped; the line
    is the repeated row's line in the file."""
    text = (
        "country_name,year,nuclear_weapons_stockpile\n"
        "World,1970,100\n"
        "China,1970,75\n"
        "\n"
        "World,1971,100\n"
        "China,1970,80\n"
    )
    err = _raises(data.read_nuclear_stockpiles, _write(tmp_path / "stock.csv", text))
    assert "two rows for state 710" in err.message and err.line == 6


def test_stockpiles_unknown_country(tmp_path: Path) -> None:
    text = 'country_name,year,nuclear_weapons_stockpile\n"China",1970,75\n\n\nAtlantis,1970,3\n'
    err = _raises(data.read_nuclear_stockpiles, _write(tmp_path / "stock.csv", text))
    assert "Atlantis" in err.message and err.line == 5


def test_stockpiles_blank_count_is_unknown_not_zero(tmp_path: Path) -> None:
    """A blank warhead count is unknown (NaN), not 0 (it was filled with 0: a nuclear state
    read as holding none); a state absent from the file still holds none in the roles."""
    import math

    text = "country_name,year,nuclear_weapons_stockpile\nChina,1970,75\nFrance,1970,\n"
    out = data.read_nuclear_stockpiles(_write(tmp_path / "stock.csv", text))
    by = dict(zip(out["country_name"], out["warheads"], strict=True))
    assert by["China"] == 75 and math.isnan(by["France"])


def test_polity_episodes_end_before_start(tmp_path: Path) -> None:
    text = (
        "ccode,byear,eyear,polity,democ,autoc\n"
        "2,1800,1850,10,10,0\n"
        "\n"
        "2,1851,9999,10,10,0\n"
        "\n"
        "20,1900,1890,5,5,0\n"
    )
    err = _raises(data.read_polity, _write(tmp_path / "p5v2018d.csv", text))
    assert err.message == "episode ends before it starts" and err.line == 6


def test_polity_annual_duplicate_after_column_selection(tmp_path: Path) -> None:
    text = "ccode,year,polity,polity2\n2,1900,10,10\n\n\n2,1901,10,10\n2,1900,10,10\n"
    err = _raises(data.read_polity, _write(tmp_path / "p5v2018.csv", text))
    assert err.message.startswith("duplicate row") and err.line == 6


def test_polity_episodes_still_expand(tmp_path: Path) -> None:
    """Keeping the file's rows as labels through the expansion leaves the result as it was:
    one row per state-year, the later episode winning a shared year."""
    text = "ccode,byear,eyear,polity,democ,autoc\n2,1800,1802,7,7,0\n\n2,1802,1803,10,10,0\n"
    df = data.read_polity(_write(tmp_path / "p5v2018d.csv", text))
    assert list(df["year"]) == [1800, 1801, 1802, 1803]
    assert list(df["polity"]) == [7, 7, 10, 10]
    assert list(df.index) == [0, 1, 2, 3]


def test_maoz_powers_second_spell_check(tmp_path: Path) -> None:
    text = (
        "ccode,regstdate,regenddate,globstdate,globenddate\n"
        "2,1824-01-01,1898-12-31,1899-01-01,2019-12-31\n"
        "\n"
        "710,1950-01-01,2019-12-31,1990-01-01,1980-12-31\n"
    )
    err = _raises(data.read_maoz_powers, _write(tmp_path / "maoz_powers.csv", text))
    assert err.message == "global spell ends before it starts" and err.line == 4


# ------------------------------------------------------------------ reading the file itself


def test_nmc_duplicate_and_cell_error_after_blank_lines(tmp_path: Path) -> None:
    head = "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version\n"
    row = "USA,2,{y},{m},1,1,1,1,1,0.1,2021\n"
    dup = head + row.format(y=1900, m=1) + "\n" * 3 + row.format(y=1900, m=2)
    err = _raises(data.read_nmc, _write(tmp_path / "nmc.csv", dup))
    assert err.message.startswith("duplicate row") and err.line == 6
    bad = head + '"USA",2,1900,1,1,1,1,1,1,0.1,2021\n\n' + row.format(y=1901, m="12x4")
    err = _raises(data.read_nmc, _write(tmp_path / "bad.csv", bad))
    assert err.field == "milex" and err.line == 4


def test_ragged_row_after_multiline_cell_names_its_first_line(tmp_path: Path) -> None:
    text = (
        STATES_HEAD
        + 'USA,2,"United\nStates",1816,1,1,2016,12,31,2016\n'
        + "\n"
        + 'CAN,20,"Can\nada",1920,1,10,2016,12,31,2016,9\n'
        + "MEX,70,Mexico,1831,1,1,2016,12,31,2016\n"
    )
    err = _raises(data.read_cow_states, _write(tmp_path / "states.csv", text))
    assert err.message.startswith("ragged row: 11 fields") and err.line == 5


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x1c", "\x1e", "\x85", "\u2028", "\u2029"])
def test_a_cell_holding_a_character_splitlines_breaks_on_is_one_line(
    tmp_path: Path, char: str
) -> None:
    """The ragged-row check counted lines with ``str.splitlines``, which also breaks at
    \\x0b, \\x0c, \\x1c-\\x1e, \\x85, \\u2028 and \\u2029: a cell holding one (unquoted) was
    refused as a ragged row on the wrong line, or shifted the line of a real one. Lines end at
    \\n, \\r\\n and \\r only, as the CSV reader's and an editor's do."""
    row = "USA,2,United{c}States,1816,1,1,2016,12,31,2016\n"
    text = STATES_HEAD + row.format(c=char) + "CAN,20,Canada,1920,1,10,2016,12,31,2016\n"
    df = data.read_cow_states(_write(tmp_path / "states.csv", text))
    assert list(df["statenme"]) == [f"United{char}States", "Canada"]
    bad = (
        STATES_HEAD
        + row.format(c=char)
        + "\r\n"
        + "CAN,20,Canada,1920,1,10,2016,12,31,2016,9\r"
        + "MEX,70,Mexico,1831,1,1,2016,12,31,2016\n"
    )
    err = _raises(data.read_cow_states, _write(tmp_path / "bad.csv", bad))
    assert err.message.startswith("ragged row: 11 fields") and err.line == 4


def test_leading_blank_lines_are_not_a_ragged_header(tmp_path: Path) -> None:
    """The reader takes the first non-blank line as the header; so does the ragged-row check."""
    text = "\n\n" + STATES_HEAD + "USA,2,United States,1816,1,1,2016,12,31,2016\n"
    df = data.read_cow_states(_write(tmp_path / "states.csv", text))
    assert list(df["ccode"]) == [2]
    bad = "\n" + STATES_HEAD + "\nUSA,2,United States,1816,1,1,1815,12,31,2016\n"
    err = _raises(data.read_cow_states, _write(tmp_path / "bad.csv", bad))
    assert err.line == 4


def test_truncated_last_line_after_blank_lines(tmp_path: Path) -> None:
    head = "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version\n"
    text = (
        head
        + "USA,2,1900,1,1,1,1,1,1,0.1,2021\n\n\n"
        + "USA,2,1901,1,1,1,1,1,1,0.1,2021\n"
        + "USA,2,1902,1,1,1"
    )
    err = _raises(data.read_nmc, _write(tmp_path / "nmc.csv", text))
    assert "truncated" in err.message and err.line == 6


def test_dyadic_mid_warning_names_real_line(tmp_path: Path) -> None:
    """A non-strict out-of-range cell (dyadic MID 4.02's sideab = 1969) is read as missing with
    a warning naming its line."""
    head = (
        "disno,statea,stateb,year,strtyr,sideaa,sideab,orignata,orignatb,hihosta,hihostb,"
        "highmcaa,highmcab,fatleva,fatlevb\n"
    )
    text = (
        head
        + "1,2,200,1902,1902,1,0,1,1,3,3,7,7,0,0\n\n\n1,2,365,1902,1902,1,1969,1,1,3,3,7,7,0,0\n"
    )
    df = data.read_mid_dyadic(_write(tmp_path / "dyadic_mid_4.02.csv", text))
    assert df.attrs["warnings"][0].startswith("line 5: sideab='1969'")


def test_data_add_says_the_loaders_notes(tmp_path: Path) -> None:
    """`anpo data add` says what the loader noted and kept only in the catalog's metadata: a
    dyadic MID cell read as missing (named by line), a 51st and later such cell counted, and a
    strategic-rivalry file without TSS's ``principal`` column [thompson2022], whose flag reads
    as 0 for every rivalry (no principal rival could be found)."""
    import json

    from typer.testing import CliRunner

    import anpo.cli

    head = (
        "disno,statea,stateb,year,strtyr,sideaa,sideab,orignata,orignatb,hihosta,hihostb,"
        "highmcaa,highmcab,fatleva,fatlevb\n"
    )
    rows = "".join(f"{i},2,365,{1900 + i},1900,1,1969,1,1,3,3,7,7,0,0\n" for i in range(1, 53))
    mid = _write(tmp_path / "dyadic_mid_4.02.csv", head + rows)
    tss = _write(
        tmp_path / "tss.csv",
        "tssr_id,rivalry,ccode1,ccode2,start,end,positional,spatial\n"
        "1,USA-Russia,2,365,1946,2020,1,0\n",
    )
    runner = CliRunner()
    env = {"ANPO_HOME": str(tmp_path / "home")}
    r = runner.invoke(anpo.cli.app, ["data", "add", str(mid), str(tss), "--json"], env=env)
    assert r.exit_code == 0, r.output
    said = {Path(rec["path"]).name: rec["warnings"] for rec in json.loads(r.stdout)["results"]}
    (cells,) = said["dyadic_mid_4.02.csv"]
    assert cells.startswith("line 2: sideab='1969' is outside the valid range; read as missing")
    # 50 cells listed by line, then one note counting the other 2: 51 notes, 3 shown
    assert cells.endswith("; and 48 more")
    assert said["tss.csv"] == [
        "no 'ideological', 'interventionary', 'principal', 'aprin' columns: read as 0 in every row"
    ]


# --------------------------------------------------------------------- SIPRI: rows, not lines


def test_sipri_names_the_sheet_row(tmp_path: Path) -> None:
    """The SIPRI workbook has rows, not lines: an error names the sheet's row as Excel numbers
    it, blank rows above counted."""
    import openpyxl

    from anpo.data.sipri import read_sipri_milex

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Share of GDP"
    ws.cell(row=3, column=1, value="Military expenditure by country as percentage of GDP")
    ws.cell(row=6, column=1, value="Country")
    ws.cell(row=6, column=2, value=1990)
    ws.cell(row=7, column=1, value="Japan")
    ws.cell(row=7, column=2, value=0.01)
    ws.cell(row=10, column=1, value="Canada")
    ws.cell(row=10, column=2, value="abc")
    p = tmp_path / "sipri.xlsx"
    wb.save(p)
    with pytest.raises(DataError) as exc:
        read_sipri_milex(p)
    assert exc.value.line == 10 and exc.value.field == "1990"


# ------------------------------------------------------------------- the alignment CSV reader


def test_align_csv_names_the_line_of_a_multiline_name() -> None:
    """The alignment matrix reader counted records, not lines: a quoted actor name spanning two
    lines put every later error one line early. A name with a line break is now refused (names
    are printed text; branch inputs), at the line where it starts: the header's for a column,
    the row's own for a row name, after an earlier multi-line cell too."""
    from anpo.align.io import read_csv_text
    from anpo.errors import AlignError

    with pytest.raises(AlignError) as exc:
        read_csv_text('name,size,"A\n(alias)",B\n"A\n(alias)",1,0,0.5\n\nB,x,0.5,0\n', "m.csv")
    assert exc.value.line == 1 and "column 3 of the header" in exc.value.message
    assert "control character (U+000A)" in exc.value.message
    text = 'name,size,A,B\nA,1,0,"0.5"\n\n"B\nC",x,0.5,0\n'
    with pytest.raises(AlignError) as exc:
        read_csv_text(text, "m.csv")
    assert exc.value.field == "name" and exc.value.line == _line_of(text, '"B')


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a,b,c\n1,2,3\n4,5,6\n   \n", None),  # a blank last line is no short row
        ("a,b,c\n1,2,3\n4,5,6\n\t\n\n", None),
        ("a,b,c\n1,2,3\n\n4,5\n", 4),  # the row before the short one is 1,2,3, not the blank
        ("a,b,c\r\n1,2,3\r\n \r\n4,5\r\n\r\n", 4),
    ],
)
def test_last_line_check_skips_blank_lines(tmp_path: Path, text: str, line: int | None) -> None:
    """A cut-off last row is found among the lines that are not blank (which the reader skips),
    and its real line is named; blank lines at the end are not a short row."""
    from anpo.data._io import read_raw_csv

    path = _write(tmp_path / "t.csv", text)
    if line is None:
        df, _ = read_raw_csv(path)
        assert len(df) == 2 and list(df.iloc[-1]) == ["4", "5", "6"]
    else:
        err = _raises(read_raw_csv, path)
        assert "the last line has 2 of 3 fields" in err.message and err.line == line


def test_align_csv_counts_only_line_breaks() -> None:
    """The alignment reader split the text with ``str.splitlines``: a form feed was taken for a
    line break, putting every later error one line late. A form feed inside a quoted name is
    now refused (a control character; branch inputs), at the line of its row."""
    from anpo.align.io import read_csv_text
    from anpo.errors import AlignError

    text = 'name,size,A,B\nA,1,0,0.5\n\n"B\x0cX",2,0.5,0\n'
    with pytest.raises(AlignError) as exc:
        read_csv_text(text, "m.csv")
    assert exc.value.field == "name" and exc.value.line == _line_of(text, '"B')
    assert "U+000C" in exc.value.message


@pytest.mark.parametrize(
    ("read", "text", "says"),
    [
        (data.detect_kind, "\n\nfoo,bar\n1,2\n", "cannot tell which dataset"),
        (data.read_unga_idealpoints, "\n\nccode,idealpointfp\n2,1.0\n", "'year' or a 'session'"),
        (data.read_democracy, "\n\nccode,year,euds\n2,1990,\n", "no democracy measure"),
    ],
    ids=["detect_kind", "unga", "democracy"],
)
def test_header_errors_name_the_header_line_after_blank_lines(
    tmp_path: Path, read: Callable[[Path], object], text: str, says: str
) -> None:
    """A file-level fault (which dataset, a missing measure column) is named at the header's
    line, the first that is not blank, not at line 1; kind detection reads that line as the
    header (it read the empty first line and could not tell any file with blank lines first)."""
    path = _write(tmp_path / "t.csv", text)
    err = _raises(read, path)
    assert says in err.message and err.line == 3
    states = _write(
        tmp_path / "states.csv",
        "\n" + STATES_HEAD + "USA,2,United States,1816,1,1,2016,12,31,2016\n",
    )
    assert data.detect_kind(states) == "cow_states"
    # lines ending in a lone carriage return: the header is found by the same line breaks the
    # readers use (an IndexError traceback when the header was cut at "\n" only)
    old_mac = _write(tmp_path / "cr.csv", "\r\r" + STATES_HEAD.replace("\n", "\r"))
    assert data.detect_kind(old_mac) == "cow_states"


# -------------------------------------------------- the vectorised checks agree with the loops
_CELL_CHARS = st.sampled_from(
    [",", ";", "\t", " ", "\n", "\r", "\r\n", "a", "1", "\u3000", "\xa0", "\x1c", "\x0b", "é", "-"]
)


@settings(max_examples=400, deadline=None)
@given(text=st.lists(_CELL_CHARS, max_size=40).map("".join), sep=st.sampled_from([",", ";", "\t"]))
@pytest.mark.slow
def test_field_counts_agree_with_the_line_loop(text: str, sep: str) -> None:
    """The ragged-row check counts fields with NumPy over the text's bytes
    (:func:`anpo.data._io.field_counts`): for any text (line breaks \\n, \\r\\n and \\r, blank
    lines of ASCII or non-ASCII whitespace, the separator itself whitespace) it finds the same
    non-blank lines and field counts as the loop over ``io.StringIO(text, newline="")``."""
    from anpo.data._io import field_counts, field_counts_loop

    at, fields = field_counts(text, sep)
    at_loop, fields_loop = field_counts_loop(text, sep)
    assert at.tolist() == at_loop.tolist()
    assert fields.tolist() == fields_loop.tolist()


@settings(max_examples=300, deadline=None)
@given(
    cells=st.lists(
        st.one_of(
            st.floats(allow_nan=False).map(repr),
            st.integers(-(10**20), 10**20).map(str),
            st.sampled_from(["1_000", " 2", "١٢", "１２", "+nan", "1e500", "-0", ".5", "1.", "x"]),
            st.text(alphabet="0123456789.eE+-_ ", max_size=6),
        ),
        min_size=1,
        max_size=8,
    )
)
@pytest.mark.slow
def test_parse_floats_reads_what_float_reads(cells: list[str]) -> None:
    """The loaders' number parser (:func:`anpo.data._io.parse_floats`, Arrow's cast first) gives
    Python's ``float`` of every cell, bit for bit, and refuses (ValueError) exactly when ``float``
    refuses one of them; for the pandas string column and for an object column alike."""
    import numpy as np

    from anpo.data._io import parse_floats

    try:
        expected: np.ndarray | None = np.array([float(c) for c in cells], dtype="float64")
    except ValueError:
        expected = None
    for dtype in ("str", object):
        series = pd.Series(cells, dtype=dtype)
        if expected is None:
            with pytest.raises(ValueError):
                parse_floats(series)
        else:
            got = parse_floats(series)
            assert got.dtype == np.float64
            nan = np.isnan(expected)
            assert np.isnan(got).tolist() == nan.tolist()
            # the same bits where a number (-0.0 is not 0.0)
            assert got[~nan].view("int64").tolist() == expected[~nan].view("int64").tolist()
