"""Reliability of the command line (issue 12): a sandboxed ``data sql``, one-line errors for
parse errors and ``ANPO_HOME`` problems, ``validate`` reporting every file, tables that keep
their content off a terminal, output files with the user's umask, checks before work."""

from __future__ import annotations

import datetime
import json
import os
import re
import stat
from pathlib import Path

import pytest

import anpo.cli
from _support import invoke, one_line_error
from anpo.cli._common import write_file_atomic
from anpo.data.catalog import Catalog
from anpo.scenario import book_files


@pytest.fixture
def states_catalog(shared_data: Path, anpo_home: Path) -> Path:
    Catalog.open().add(shared_data / "cow/states2016.csv")
    return anpo_home


# ------------------------------------------------------------------ data sql


@pytest.mark.parametrize(
    "query",
    [
        "COPY (SELECT * FROM cow_states) TO '{tmp}/out.csv'",
        "COPY cow_states TO '{tmp}/out.parquet' (FORMAT parquet)",
        "ATTACH '{tmp}/other.duckdb' AS other",
        "EXPORT DATABASE '{tmp}/export'",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM glob('/etc/*')",
        "SET enable_external_access = true",
        "CREATE TABLE x AS SELECT 1",
        "DROP TABLE cow_states",
    ],
)
def test_sql_cannot_touch_files_or_change_the_catalog(
    states_catalog: Path, tmp_path: Path, query: str
) -> None:
    out = tmp_path / "outside"
    out.mkdir()
    before = sorted(p.name for p in states_catalog.iterdir())
    err = one_line_error(invoke("data", "sql", query.format(tmp=out)))
    assert "SQL error" in err and "read-only" in err
    assert list(out.iterdir()) == []
    assert sorted(p.name for p in states_catalog.iterdir()) == before
    assert len(Catalog.open().read("cow_states")) == 243


@pytest.mark.parametrize(
    "query",
    ["COPY t TO 'x.csv'", "  (INSTALL httpfs)", "load httpfs;", "Create table x as select 1"],
)
def test_sql_refusal_says_why_whatever_duckdbs_message(query: str) -> None:
    """A statement the sandbox refuses is explained as such even when DuckDB's own error is not
    a permission error (an I/O or catalog error under another process's load, say); a failing
    SELECT keeps DuckDB's message alone."""
    import duckdb

    from anpo.data.catalog import _sql_message

    msg = _sql_message(duckdb.IOException("IO Error: something else"), query)
    assert msg.startswith("SQL error: `anpo data sql` is read-only and sandboxed")
    assert msg.endswith("(IO Error: something else)")
    plain = _sql_message(duckdb.CatalogException("Catalog Error: no table t"), "SELECT * FROM t")
    assert plain == "SQL error: Catalog Error: no table t"
    # statements that read as well (they run in the sandbox) keep DuckDB's message when they fail
    for reader in ("PRAGMA table_info('t')", "CALL pragma_table_info('t')"):
        msg = _sql_message(duckdb.CatalogException("Catalog Error: no table t"), reader)
        assert msg == "SQL error: Catalog Error: no table t"
    locked = duckdb.InvalidInputException("Invalid Input Error: the configuration has been locked")
    assert _sql_message(locked, "PRAGMA threads=2").startswith(
        "SQL error: `anpo data sql` is read-only ("
    )


def test_sql_says_when_it_truncates(states_catalog: Path) -> None:
    r = invoke("data", "sql", "SELECT * FROM cow_states")
    assert r.exit_code == 0, r.output
    assert "showing 50 of 243 rows" in r.stdout and "--all" in r.stdout
    # a narrow table does not squeeze the note into its own width (it took five lines)
    r = invoke("data", "sql", "SELECT ccode FROM cow_states")
    note = "showing 50 of 243 rows; --limit N or --all for more, --csv/--tsv/--json for every row"
    assert note in r.stdout.splitlines(), r.stdout[-400:]
    r = invoke("data", "sql", "SELECT ccode FROM cow_states", "--limit", "300")
    assert "243 rows" in r.stdout and "showing" not in r.stdout
    r = invoke("data", "sql", "SELECT ccode, statenme FROM cow_states", "--csv")
    lines = r.stdout.strip().splitlines()
    assert lines[0] == "ccode,statenme" and len(lines) == 244
    r = invoke("data", "sql", "SELECT ccode FROM cow_states ORDER BY ccode", "--json")
    rows = json.loads(r.stdout)
    assert len(rows) == 243 and rows[0] == {"ccode": 2}
    r = invoke("data", "sql", "SELECT * FROM range(25000) t(i)", "--tsv")
    assert len(r.stdout.splitlines()) == 25001  # several chunks, one header


def test_sql_table_says_it_rounds_and_what_a_dash_is(states_catalog: Path) -> None:
    """Read in an acceptance walk: the ``data sql`` table rounded to three significant figures
    without saying so (1234.5 showed as 1234, a CINC score as 0.135), printed 1e300 as a
    301-digit integer with commas, and showed NULL and NaN both as a dash without a word. The
    table now says it rounds and where the full values are (--csv, which keeps them), prints
    1e300 with an exponent and says what a dash stands for; a table of whole numbers without
    missing values carries no such note."""
    query = (
        "SELECT * FROM (VALUES (1234.5::DOUBLE, 1), ('nan'::DOUBLE, NULL), (NULL, 3), "
        "(1e300, 4), (0.1354321::DOUBLE, 5)) t(x, n)"
    )
    r = invoke("data", "sql", query)
    assert r.exit_code == 0, (r.output, r.exception)
    out = " ".join(r.stdout.split())
    assert "│ 1e300 │" in r.stdout and "000,000" not in r.stdout
    assert "│ 0.135 │" in r.stdout
    assert "rounded to three significant figures" in out and "--csv" in out
    assert "SQL NULL or NaN" in out
    full = invoke("data", "sql", query, "--csv").stdout.splitlines()
    assert full[1:] == ["1234.5,1", ",", ",3", "1e+300,4", "0.1354321,5"]
    plain = invoke("data", "sql", "SELECT ccode FROM cow_states LIMIT 3")
    assert "rounded" not in plain.stdout and "NULL" not in plain.stdout


def _strict_json(text: str) -> object:
    """``text`` read as standard JSON: the non-standard ``NaN``, ``Infinity`` and ``-Infinity``
    tokens Python's ``json`` would accept are refused."""

    def refuse(token: str) -> object:
        raise AssertionError(f"non-standard JSON token {token}")

    return json.loads(text, parse_constant=refuse)


def test_sql_json_keeps_an_infinity_apart_from_null(states_catalog: Path) -> None:
    """``anpo data sql --json`` printed an infinite value (DuckDB's ``1/0``) as null, which is
    what SQL NULL prints as: a value that is there read as no value, while the table showed
    ``∞`` and --csv ``inf``. JSON has no infinity: it is the number ``1e999`` (``-1e999``),
    which a JSON reader takes for the infinity, and null stays NULL or NaN (pandas hands both
    over as NaN, as the table's note says)."""
    query = "SELECT 1/0 AS d, '-inf'::DOUBLE AS m, NULL::DOUBLE AS n, 'nan'::DOUBLE AS x, 2.5 AS v"
    r = invoke("data", "sql", query, "--json")
    assert r.exit_code == 0, (r.output, r.exception)
    inf = float("inf")
    assert _strict_json(r.stdout) == [{"d": inf, "m": -inf, "n": None, "x": None, "v": 2.5}]
    assert '"d": 1e999, "m": -1e999' in r.stdout
    assert invoke("data", "sql", query, "--csv").stdout.splitlines()[1] == "inf,-inf,,,2.5"


INF = float("inf")


def _leaves(value: object) -> list[object]:
    """The scalars of a JSON value, depth first."""
    if isinstance(value, dict):
        return [x for v in value.values() for x in _leaves(v)]
    if isinstance(value, list):
        return [x for v in value for x in _leaves(v)]
    return [value]


@pytest.mark.parametrize(
    ("query", "row"),
    [
        ("SELECT [1.0, 'inf'::DOUBLE] AS a", {"a": [1.0, INF]}),
        ("SELECT {'x': '-inf'::DOUBLE} AS s", {"s": {"x": -INF}}),
        ("SELECT 'inf' AS t, '-inf' AS u, 'inf'::DOUBLE AS d", {"t": "inf", "u": "-inf", "d": INF}),
        ("SELECT ['inf', '-inf'] AS texts", {"texts": ["inf", "-inf"]}),
        (
            "SELECT ['nan'::DOUBLE, NULL, 'inf'::DOUBLE, 2.5] AS a",
            {"a": [None, None, INF, 2.5]},
        ),
        (
            "SELECT {'n': 'nan'::DOUBLE, 'z': NULL::DOUBLE, 'l': [NULL, '-inf'::DOUBLE]} AS s",
            {"s": {"n": None, "z": None, "l": [None, -INF]}},
        ),
        ("SELECT map(['k', 'j'], ['inf'::DOUBLE, 1.5]) AS m", {"m": {"k": INF, "j": 1.5}}),
        (
            "SELECT [{'q': ['-inf'::DOUBLE, 'inf'::FLOAT]}] AS deep, ['inf'::FLOAT] AS f",
            {"deep": [{"q": [-INF, INF]}], "f": [INF]},
        ),
    ],
)
def test_sql_json_writes_a_nested_infinity_as_a_top_level_one(
    states_catalog: Path, query: str, row: dict[str, object]
) -> None:
    """An infinity inside a LIST, STRUCT or MAP was null, as NULL is, and a top-level one the
    text "inf", as a string column's 'inf' is: at every depth it is now the number ``1e999``
    or ``-1e999`` (standard JSON, read back as the infinity), a string stays a string, and NaN
    and NULL are null everywhere."""
    r = invoke("data", "sql", query, "--json")
    assert r.exit_code == 0, (r.output, r.exception)
    got = _strict_json(r.stdout)
    assert got == [row], r.stdout
    # the strings are strings and the infinities numbers (JSON types), at every depth
    assert isinstance(got, list)
    assert [type(v) for v in _leaves(got[0])] == [type(v) for v in _leaves(row)]


@pytest.mark.parametrize(
    ("query", "row"),
    [
        (
            r"SELECT 'a\x01\x5C'::BLOB AS b, ['x\xFF'::BLOB] AS bl",
            {"b": "a\\x01\\x5C", "bl": ["x\\xFF"]},
        ),
        (
            "SELECT '00000000-0000-0000-0000-000000000001'::UUID AS u, "
            "{'u': ['00000000-0000-0000-0000-00000000000a'::UUID]} AS su",
            {
                "u": "00000000-0000-0000-0000-000000000001",
                "su": {"u": ["00000000-0000-0000-0000-00000000000a"]},
            },
        ),
        (
            "SELECT INTERVAL 1 DAY AS i, [INTERVAL 36 HOUR, NULL] AS il",
            {"i": "1 day", "il": ["36:00:00", None]},
        ),
        # a DECIMAL is a number at every depth (in a STRUCT it was the string "2.5")
        (
            "SELECT {'a': 2.5::DECIMAL(3,1)} AS ds, 1.5::DECIMAL(4,2) AS d",
            {"ds": {"a": 2.5}, "d": 1.5},
        ),
    ],
)
def test_sql_json_writes_blobs_uuids_and_intervals_as_text(
    states_catalog: Path, query: str, row: dict[str, object]
) -> None:
    """A BLOB or UUID column, or an INTERVAL inside a LIST, stopped ``anpo data sql --json``
    with a traceback (JSON has no form for them): they are written as the text DuckDB prints
    for them (a BLOB's non-printable bytes and backslash as ``\\xNN``, a UUID hyphenated, an
    INTERVAL as DuckDB's text: ``36:00:00`` is 36 hours, not a day and a half, in DuckDB's
    months, days and microseconds), at every depth."""
    r = invoke("data", "sql", query, "--json")
    assert r.exit_code == 0, (r.output, r.exception)
    assert _strict_json(r.stdout) == [row], r.stdout


def _sql_outputs(query: str) -> dict[str, list[list[str]]]:
    """The rows (header first) ``anpo data sql QUERY`` writes as CSV and as TSV, read back
    with Python's ``csv``, and the table's (header first; cells stripped)."""
    import csv

    out: dict[str, list[list[str]]] = {}
    for flag, sep in (("--csv", ","), ("--tsv", "\t")):
        r = invoke("data", "sql", query, flag)
        assert r.exit_code == 0, (r.output, r.exception)
        out[flag] = list(csv.reader(r.stdout.splitlines(), delimiter=sep))
    r = invoke("data", "sql", query, "--all")
    assert r.exit_code == 0, (r.output, r.exception)
    out["table"] = [
        [cell.strip() for cell in line.strip("│┃").split(line[0])]
        for line in r.stdout.splitlines()
        if line.startswith(("│", "┃"))
    ]
    return out


def test_sql_table_and_csv_write_nested_values_as_their_json_text(states_catalog: Path) -> None:
    """The table and --csv/--tsv printed what pandas hands over for a LIST, ARRAY, STRUCT or
    MAP: ``[1 -- 3]`` (a masked array), ``[ 1. inf]``, ``{'a': Decimal('1.5'), 'd':
    datetime.date(2001, 9, 11)}``, ``[array([1], dtype=int32) --]``. They now write each
    nested value as the JSON text --json writes for it (null for NULL, 1e999 for an infinity,
    a DATE as "2001-09-11": --json wrote a DATE in a LIST as a midnight timestamp); a NULL
    list is no value, as any other NULL."""
    query = (
        "SELECT [1, NULL, 3] AS l, {'a': 1.5, 'd': DATE '2001-09-11'} AS s, "
        "MAP {'k': [DATE '2001-09-11']} AS m, [1.0, 'inf'::DOUBLE]::DOUBLE[2] AS a, "
        "[[1], NULL] AS ll, NULL::INTEGER[] AS n, 7 AS i"
    )
    texts = [
        "[1, null, 3]",
        '{"a": 1.5, "d": "2001-09-11"}',
        '{"k": ["2001-09-11"]}',
        "[1.0, 1e999]",
        "[[1], null]",
    ]
    out = _sql_outputs(query)
    header = ["l", "s", "m", "a", "ll", "n", "i"]
    assert out["--csv"] == out["--tsv"] == [header, [*texts, "", "7"]]
    assert out["table"] == [header, [*texts, "–", "7"]]
    r = invoke("data", "sql", query, "--json")
    assert r.exit_code == 0, (r.output, r.exception)
    got = _strict_json(r.stdout)
    assert isinstance(got, list)
    # the text of each nested cell is the value --json writes, read back the same
    assert [got[0][k] for k in header[:5]] == [json.loads(t) for t in texts]
    assert got[0]["n"] is None and got[0]["a"] == [1.0, INF]


def test_sql_table_and_csv_quote_a_union_holding_text(states_catalog: Path) -> None:
    """A UNION holding a text was written bare in the table and --csv/--tsv (``x``; ``'1'``
    as ``1``, as the number 1 is): DuckDB hands anpo the member's value, and its own text of
    a UNION is that bare text too. Each UNION cell is now the JSON text --json writes for it,
    as a nested value is (``"x"``, ``"1"`` and ``1``; sql28)."""
    query = (
        "SELECT u, [u] AS l FROM (SELECT 1 AS o, union_value(s := 'x')::UNION(s VARCHAR, "
        "n INTEGER) AS u UNION ALL SELECT 2, union_value(n := 1) UNION ALL SELECT 3, "
        "union_value(s := '1') UNION ALL SELECT 4, NULL) ORDER BY o"
    )
    out = _sql_outputs(query)
    rows = [['"x"', '["x"]'], ["1", "[1]"], ['"1"', '["1"]']]
    assert out["--csv"][1:] == out["--tsv"][1:] == [*rows, ["", "[null]"]]
    assert out["table"][1:] == [*rows, ["–", "[null]"]]
    r = invoke("data", "sql", query, "--json")
    assert _strict_json(r.stdout) == [
        {"u": json.loads(u), "l": json.loads(lst)} for u, lst in rows
    ] + [{"u": None, "l": [None]}]


def test_sql_writes_a_map_of_nested_keys_as_its_entries(states_catalog: Path) -> None:
    """A MAP whose keys are LISTs (or STRUCTs, ARRAYs, MAPs) reached anpo as ``{"key": [keys],
    "value": [values]}`` and was written so in every output: the very text of a MAP of the
    two text keys 'key' and 'value' (``MAP {'key': [1], 'value': [2]}``). It is now a JSON
    list of its entries, ``[{"key": [1], "value": "a"}, ...]``, in order, at every depth; a
    MAP of text keys stays an object, and a BOOLEAN or BLOB key is written as DuckDB's
    ``to_json`` writes it (``true``, ``\\x01``: they were Python's ``True`` and ``b'\\x01'``;
    sql28)."""
    query = (
        "SELECT MAP([[1], [2]], ['a', NULL]) AS l, MAP {'key': [1], 'value': [2]} AS s, "
        "[MAP([{'a': DATE '2001-09-11'}], [MAP([[1]::INTEGER[1]], [2])])] AS deep, "
        "MAP([], [])::MAP(INTEGER[], INTEGER) AS e, NULL::MAP(INTEGER[], INTEGER) AS n, "
        "{'m': MAP([[1]], [INTERVAL 1 MONTH])} AS st, MAP([true], [1]) AS b, "
        r"MAP(['\x01'::BLOB], [2]) AS bl"
    )
    row = {
        "l": [{"key": [1], "value": "a"}, {"key": [2], "value": None}],
        "s": {"key": [1], "value": [2]},
        "deep": [[{"key": {"a": "2001-09-11"}, "value": [{"key": [1], "value": 2}]}]],
        "e": [],
        "n": None,
        "st": {"m": [{"key": [1], "value": "1 month"}]},
        "b": {"true": 1},
        "bl": {"\\x01": 2},
    }
    r = invoke("data", "sql", query, "--json")
    assert r.exit_code == 0, (r.output, r.exception)
    assert _strict_json(r.stdout) == [row], r.stdout
    out = _sql_outputs(query)
    texts = [json.loads(cell) if cell else None for cell in out["--csv"][1]]
    assert texts == list(row.values())
    assert out["--tsv"][1] == out["--csv"][1]


def test_sql_json_gives_an_explain_plan_as_its_lines(states_catalog: Path) -> None:
    """web29: ``anpo data sql "EXPLAIN ..." --json`` wrote the plan as one string of
    ``\\n``-joined box-drawing lines, where the table shows them one under another. The plan is
    now the list of its lines (the rows as the table's: one per explain_key), and a plan asked
    for as JSON (``EXPLAIN (FORMAT json)``) the JSON value itself; a SELECT's text with line
    breaks stays one string."""
    query = "EXPLAIN SELECT count(*) FROM cow_states"
    r = invoke("data", "sql", query, "--json")
    assert r.exit_code == 0, (r.output, r.exception)
    rows = _strict_json(r.stdout)
    assert [row["explain_key"] for row in rows] == ["physical_plan"]
    plan = rows[0]["explain_value"]
    assert isinstance(plan, list) and all(isinstance(line, str) for line in plan)
    assert any("cow_states" in line.lower() or "SCAN" in line.upper() for line in plan)
    table = invoke("data", "sql", query, "--all")
    assert all(line.strip() in table.stdout for line in plan if line.strip())
    r = invoke("data", "sql", "EXPLAIN (FORMAT json) SELECT 1", "--json")
    assert r.exit_code == 0, (r.output, r.exception)
    tree = _strict_json(r.stdout)[0]["explain_value"]
    assert isinstance(tree, list) and "name" in tree[0]
    r = invoke("data", "sql", "SELECT 'a' || chr(10) || 'b' AS explain_value", "--json")
    assert _strict_json(r.stdout) == [{"explain_value": "a\nb"}]


def test_sql_writes_a_variant_as_other_columns(states_catalog: Path) -> None:
    """web29: a VARIANT (DuckDB 2) went through pandas' conversion: an INTERVAL in it was a
    duration of 30-day months (``"P30DT0H0M0S"`` for ``1 month``), a DECIMAL of 29 digits a
    rounded double, and the table and --csv printed a STRUCT in it as Python's text. It is now
    read as DuckDB's JSON of it (``CAST(v AS JSON)``), as the other columns are written: an
    INTERVAL or DATE as DuckDB's text, an infinity as 1e999, a MAP as its entries, every digit
    kept, at the top level and in a LIST; the table and --csv/--tsv write each cell as that
    JSON text, a text quoted as a UNION's is."""
    import duckdb

    if int(duckdb.__version__.split(".")[0]) < 2:
        pytest.skip("VARIANT is DuckDB 2's")
    query = (
        "SELECT v, [v] AS l FROM (VALUES (1, {'a': INTERVAL 1 MONTH, 'd': DATE '2001-09-11'}"
        "::VARIANT), (2, [1.5, 'inf'::DOUBLE]::VARIANT), (3, NULL), (4, 'x'::VARIANT), "
        "(5, MAP([[1]], ['a'])::VARIANT), "
        "(6, 12345678901234567890.123456789::DECIMAL(38,9)::VARIANT)) t(o, v) ORDER BY o"
    )
    r = invoke("data", "sql", query, "--json")
    assert r.exit_code == 0, (r.output, r.exception)
    got = [row["v"] for row in _strict_json(r.stdout)]
    assert got[:5] == [
        {"a": "1 month", "d": "2001-09-11"},
        [1.5, INF],
        None,
        "x",
        [{"key": [1], "value": "a"}],
    ]
    assert '"v": 12345678901234567890.123456789,' in r.stdout
    assert [row["l"] for row in _strict_json(r.stdout)][:2] == [[got[0]], [got[1]]]
    out = _sql_outputs(query)
    assert [row[0] for row in out["--csv"][1:]] == [
        '{"a": "1 month", "d": "2001-09-11"}',
        "[1.5, 1e999]",
        "",
        '"x"',
        '[{"key": [1], "value": "a"}]',
        "12345678901234567890.123456789",
    ]
    assert out["--tsv"] == out["--csv"]
    assert out["table"][1][0] == '{"a": "1 month", "d": "2001-09-11"}'


def test_sql_writes_a_map_of_variant_keys_as_its_entries(states_catalog: Path) -> None:
    """closing.md's "a VARIANT used as a MAP key is not converted" (cli30): the keys of a MAP of
    VARIANT keys came as their JSON text, ``{"1": "a", "\\"x\\"": "b"}`` (a text key quoted
    twice, a number key a text), and two keys of one JSON text (a DATE and the VARCHAR of it, 1
    as an INTEGER and as a BIGINT) were "SQL error: ... Map keys must be unique", exit 2. Such a
    MAP is now the list of its entries, keys and values read back as a VARIANT's (DuckDB's own
    JSON of a MAP in a VARIANT), at the top level and in a LIST, STRUCT and UNION, in every
    output."""
    import duckdb

    if int(duckdb.__version__.split(".")[0]) < 2:
        pytest.skip("VARIANT is DuckDB 2's")
    query = (
        "SELECT MAP {1::VARIANT: 'a', 'x'::VARIANT: 'b', [2]::VARIANT: NULL} AS m, "
        "[MAP {DATE '2001-09-11'::VARIANT: INTERVAL 1 MONTH, '2001-09-11'::VARIANT: NULL}] AS l, "
        "{'s': MAP {1::VARIANT: 'inf'::DOUBLE, 1::BIGINT::VARIANT: 2.5}} AS st, "
        "union_value(m := MAP {1::VARIANT: 2, 'x'::VARIANT: 3})"
        "::UNION(n INTEGER, m MAP(VARIANT, INTEGER)) AS u"
    )
    row = {
        "m": [
            {"key": 1, "value": "a"},
            {"key": "x", "value": "b"},
            {"key": [2], "value": None},
        ],
        "l": [[{"key": "2001-09-11", "value": "1 month"}, {"key": "2001-09-11", "value": None}]],
        "st": {"s": [{"key": 1, "value": INF}, {"key": 1, "value": 2.5}]},
        "u": [{"key": 1, "value": 2}, {"key": "x", "value": 3}],
    }
    r = invoke("data", "sql", query, "--json")
    assert r.exit_code == 0, (r.output, r.exception)
    assert _strict_json(r.stdout) == [row], r.stdout
    out = _sql_outputs(query)
    assert [json.loads(cell) for cell in out["--csv"][1]] == list(row.values())
    assert out["--tsv"] == out["--csv"]
    assert json.loads(out["table"][1][0]) == row["m"]


def test_sql_writes_a_map_of_nested_keys_in_a_union_as_its_entries(
    states_catalog: Path,
) -> None:
    """web29: a MAP whose keys are LISTs was written as the list of its entries at the top
    level and in a LIST or STRUCT (sql28), but inside a UNION member as the object of its two
    lists, ``{"key": [[1], [2]], "value": ["a", null]}`` (the text of a MAP of the text keys
    'key' and 'value'): DuckDB hands over the member's value without its tag. It is now the
    same list of entries, in a UNION at the top level, in a LIST and in a STRUCT, in every
    output; the UNION's other members are written as before."""
    query = (
        "SELECT u, [u] AS l, {'s': u} AS st FROM (SELECT 1 AS o, union_value(m := MAP([[1], "
        "[2]], ['a', NULL]))::UNION(n INTEGER, m MAP(INTEGER[], VARCHAR), t VARCHAR) AS u "
        "UNION ALL SELECT 2, union_value(n := 7) UNION ALL SELECT 3, union_value(t := 'x') "
        "UNION ALL SELECT 4, NULL) ORDER BY o"
    )
    entries = [{"key": [1], "value": "a"}, {"key": [2], "value": None}]
    rows = [
        {"u": entries, "l": [entries], "st": {"s": entries}},
        {"u": 7, "l": [7], "st": {"s": 7}},
        {"u": "x", "l": ["x"], "st": {"s": "x"}},
        {"u": None, "l": [None], "st": {"s": None}},
    ]
    r = invoke("data", "sql", query, "--json")
    assert r.exit_code == 0, (r.output, r.exception)
    assert _strict_json(r.stdout) == rows, r.stdout
    out = _sql_outputs(query)
    assert [json.loads(cell) for cell in out["--csv"][1]] == list(rows[0].values())
    assert out["--tsv"][1:] == out["--csv"][1:]
    assert json.loads(out["table"][1][0]) == entries


def test_sql_table_and_csv_write_a_blob_as_duckdb_prints_it(states_catalog: Path) -> None:
    """A BLOB was ``bytearray(b'\\x01ab')`` in the table and --csv/--tsv (Python's text); it
    is now what DuckDB prints and --json writes, each byte outside printable ASCII (and the
    backslash) as ``\\xNN``, at the top level and in a LIST; a UUID is hyphenated."""
    query = (
        r"SELECT 'a\x01\x5Cb'::BLOB AS b, ['\xFF'::BLOB, NULL] AS bl, NULL::BLOB AS n, "
        "'00000000-0000-0000-0000-00000000000a'::UUID AS u"
    )
    row = ["a\\x01\\x5Cb", '["\\\\xFF", null]', "", "00000000-0000-0000-0000-00000000000a"]
    out = _sql_outputs(query)
    assert out["--csv"][1] == out["--tsv"][1] == row
    assert out["table"][1] == [*row[:2], "–", row[3]]
    r = invoke("data", "sql", query, "--json")
    assert _strict_json(r.stdout) == [{"b": row[0], "bl": ["\\xFF", None], "n": None, "u": row[3]}]


def _duckdb_version() -> tuple[int, ...]:
    """DuckDB's version as numbers, e.g. (2, 0, 1)."""
    import duckdb

    return tuple(int(p) for p in re.findall(r"\d+", duckdb.__version__)[:3])


def test_sql_keeps_every_digit_of_a_128_bit_integer(states_catalog: Path) -> None:
    """A HUGEINT reached anpo as a double (1.7014118346046923e+38 in --csv and --json, 1.7e38
    in the table), also inside a LIST or STRUCT, and a UHUGEINT or BIGNUM stopped the query
    ("Unsupported type for DuckDB -> NumPy conversion"); a ``sum()`` (a HUGEINT) was written
    ``45.0``. Every output now writes all their digits (the table with thousands separators,
    as a BIGINT's), a sum as the whole number it is; plain columns beside them, across
    several chunks in the query's order, are written as before."""
    h = 170141183460469231731687303715884105727
    u = 2**128 - 1
    # BIGNUM was called VARINT before DuckDB 1.4 (the floor, 1.2, knows only that name)
    bignum = "BIGNUM" if _duckdb_version() >= (1, 4) else "VARINT"
    query = (
        f"SELECT {h}::HUGEINT AS h, [{h}::HUGEINT, NULL] AS hl, {{'u': {u}::UHUGEINT}} AS us, "
        f"{u}::UHUGEINT AS u, (-{10**30})::{bignum} AS b, NULL::HUGEINT AS n, "
        "(SELECT sum(i) FROM range(10) t(i)) AS s"
    )
    out = _sql_outputs(query)
    row = [str(h), f"[{h}, null]", f'{{"u": {u}}}', str(u), f"-{10**30}", "", "45"]
    assert out["--csv"][1] == out["--tsv"][1] == row
    assert out["table"][1] == [f"{h:,}", row[1], row[2], f"{u:,}", f"{-(10**30):,}", "–", "45"]
    r = invoke("data", "sql", query, "--json")
    assert json.loads(r.stdout) == [
        {"h": h, "hl": [h, None], "us": {"u": u}, "u": u, "b": -(10**30), "n": None, "s": 45}
    ]
    assert f'"h": {h}, "hl": [{h}, null]' in r.stdout
    # a large result: plain columns unchanged beside a HUGEINT and a LIST, in order
    many = "SELECT i, i * 0.5::DOUBLE AS x, 'r' || i AS t, i::HUGEINT * {h} AS p, [i] AS l "
    many = many.format(h=2**100) + "FROM range(25000) t(i) ORDER BY i DESC"
    r = invoke("data", "sql", many, "--csv")
    lines = r.stdout.splitlines()
    assert lines[0] == "i,x,t,p,l" and len(lines) == 25001
    i = 24999 - 123
    assert lines[124] == f"{i},{i * 0.5},r{i},{i * 2**100},[{i}]"
    plain = invoke(
        "data",
        "sql",
        "SELECT i, i * 0.5::DOUBLE AS x, 'r' || i AS t FROM range(25000) t(i) ORDER BY i DESC",
        "--csv",
    ).stdout.splitlines()
    assert [line.rsplit(",", 2)[0] for line in lines[1:]] == plain[1:]


def test_sql_writes_a_date_as_a_date_at_every_depth(states_catalog: Path) -> None:
    """--json wrote a DATE as a midnight timestamp ("2001-09-11T00:00:00"), at the top level
    and in a LIST; every output now writes it as the date it is, a TIMESTAMP keeping its
    time (as DuckDB writes it: a space between date and time, sql27)."""
    query = (
        "SELECT DATE '2001-09-11' AS d, [DATE '2001-09-11'] AS dl, "
        "TIMESTAMP '2001-09-11 08:46:00' AS t"
    )
    r = invoke("data", "sql", query, "--json")
    assert _strict_json(r.stdout) == [
        {"d": "2001-09-11", "dl": ["2001-09-11"], "t": "2001-09-11 08:46:00"}
    ]
    out = _sql_outputs(query)
    for shown in (out["--csv"][1], out["--tsv"][1], out["table"][1]):
        assert shown[:2] == ["2001-09-11", '["2001-09-11"]'] and "08:46:00" in shown[2]


def _duckdb_text(sql: str) -> list[object]:
    """The row DuckDB itself gives for ``sql`` (one row), on a connection of this process (so
    in the same session time zone as ``anpo data sql``'s)."""
    import duckdb

    row = duckdb.connect().execute(sql).fetchone()
    assert row is not None
    return list(row)


def test_sql_writes_an_interval_with_its_months_apart(states_catalog: Path) -> None:
    """pandas made an INTERVAL a duration of days, a month 30 of them: ``INTERVAL '1 month'``
    was ``30 days 00:00:00`` in the table, ``30 days`` in --csv, ``P30DT0H0M0S`` in --json
    and ``INTERVAL '1 year 2 days 3 hours'`` 362 days, at every depth (sql27). A month is no
    number of days in DuckDB (``DATE '2001-01-31' + INTERVAL 1 MONTH`` is February 28): every
    output now writes DuckDB's text, months, days and time apart (negative, mixed-sign and
    microsecond ones too), which DuckDB casts back to the same INTERVAL."""
    intervals = [
        "INTERVAL '1 month'",
        "INTERVAL '1 year 2 days 3 hours'",
        "INTERVAL '-1 month 2 days'",
        "INTERVAL '-1 year -2 days -00:00:00.000001'",
        "INTERVAL '1 microsecond'",
    ]
    texts = [
        "1 month",
        "1 year 2 days 03:00:00",
        "-1 month 2 days",
        "-1 year -2 days -00:00:00.000001",
        "00:00:00.000001",
    ]
    cols = ", ".join(f"{v} AS i{k}" for k, v in enumerate(intervals))
    query = (
        f"SELECT {cols}, NULL::INTERVAL AS n, [{intervals[1]}, NULL] AS l, "
        f"{{'m': {intervals[2]}}} AS s, MAP {{'k': [{intervals[0]}]}} AS m"
    )
    nested = [f'["{texts[1]}", null]', f'{{"m": "{texts[2]}"}}', f'{{"k": ["{texts[0]}"]}}']
    out = _sql_outputs(query)
    assert out["--csv"][1] == out["--tsv"][1] == [*texts, "", *nested]
    assert out["table"][1] == [*texts, "–", *nested]
    r = invoke("data", "sql", query, "--json")
    assert r.exit_code == 0, (r.output, r.exception)
    got = _strict_json(r.stdout)
    assert isinstance(got, list)
    assert list(got[0].values()) == [*texts, None, *(json.loads(t) for t in nested)]
    # DuckDB reads each text back as the very INTERVAL it was
    back = ", ".join(
        f"CAST('{t}' AS INTERVAL) = {v} AND CAST('{t}' AS INTERVAL)::VARCHAR = '{t}'"
        for t, v in zip(texts, intervals, strict=True)
    )
    assert _duckdb_text(f"SELECT {back}") == [True] * len(texts)


def test_sql_writes_a_timestamp_with_its_time_at_every_depth(states_catalog: Path) -> None:
    """A column of midnight TIMESTAMPs was written as bare dates (``2020-01-01``) in the table
    and --csv (pandas drops a time that is midnight in the whole column), a TIMESTAMPTZ at
    midnight in the table without its offset, a TIMESTAMP_NS inside a LIST cut to
    microseconds (sql27). Every output now writes each as DuckDB's text of it (a TIMESTAMPTZ in the session's time zone, as
    DuckDB itself writes it), at the top level and inside a LIST or STRUCT, each row in its
    order."""
    values = [
        "TIMESTAMP '2020-01-01 00:00:00'",
        "TIMESTAMP_S '2020-01-01 00:00:00'",
        "TIMESTAMP_MS '2020-01-01 00:00:00.123'",
        "TIMESTAMP_NS '2020-01-01 00:00:00.123456789'",
        "TIMESTAMPTZ '2020-01-01 00:00:00+00'",
        "TIME '00:00:00'",
    ]
    texts = [
        "2020-01-01 00:00:00",
        "2020-01-01 00:00:00",
        "2020-01-01 00:00:00.123",
        "2020-01-01 00:00:00.123456789",
        str(_duckdb_text(f"SELECT CAST({values[4]} AS VARCHAR)")[0]),
        "00:00:00",
    ]
    assert texts[4].startswith("20")  # the session's offset, e.g. '2020-01-01 00:00:00+00'
    top = ", ".join(f"{v} AS t{k}" for k, v in enumerate(values))
    nested = ", ".join(f"[{v}] AS l{k}" for k, v in enumerate(values))
    struct = "{" + ", ".join(f"'s{k}': {v}" for k, v in enumerate(values)) + "} AS s"
    # two rows, both at midnight: pandas wrote the TIMESTAMP columns as dates
    query = f"SELECT {top}, {nested}, {struct} FROM range(2) r(i) UNION ALL SELECT " + ", ".join(
        ["NULL"] * (2 * len(values) + 1)
    )
    lists = [json.dumps([t]) for t in texts]
    struct_text = json.dumps({f"s{k}": t for k, t in enumerate(texts)})
    row = [*texts, *lists, struct_text]
    out = _sql_outputs(query)
    assert out["--csv"][1:] == out["--tsv"][1:] == [row, row, [""] * len(row)]
    assert out["table"][1:] == [row, row, ["–"] * len(row)]
    r = invoke("data", "sql", query, "--json")
    assert r.exit_code == 0, (r.output, r.exception)
    got = _strict_json(r.stdout)
    assert isinstance(got, list) and len(got) == 3
    want = [*texts, *([t] for t in texts), {f"s{k}": t for k, t in enumerate(texts)}]
    assert list(got[0].values()) == list(got[1].values()) == want
    assert set(got[2].values()) == {None}


def test_sql_writes_a_time_with_time_zone(states_catalog: Path) -> None:
    """A TIMETZ stopped the query in every output ("Not implemented Error: Unsupported type
    \"TIME WITH TIME ZONE\"", pandas' conversion) and was written only inside a LIST (sql27):
    it is DuckDB's text at every depth."""
    query = "SELECT TIMETZ '12:00:00+02' AS t, [TIMETZ '23:59:59.5-05:30'] AS l"
    out = _sql_outputs(query)
    row = ["12:00:00+02", '["23:59:59.5-05:30"]']
    assert out["--csv"][1] == out["--tsv"][1] == out["table"][1] == row
    r = invoke("data", "sql", query, "--json")
    assert _strict_json(r.stdout) == [{"t": row[0], "l": ["23:59:59.5-05:30"]}]


def test_sql_temporal_types_cover_duckdbs() -> None:
    """Every date and time type the installed DuckDB knows (its ``duckdb_types()`` category
    DATETIME: TIME_NS and TIMESTAMPTZ_NS came in DuckDB 1.5) is one that ``anpo data sql``
    writes as DuckDB's text (sql27): a new one would otherwise go through pandas' conversion
    unnoticed."""
    import duckdb

    from anpo.data.catalog import _TEMPORAL_TYPES, _type_id

    names = duckdb.connect().execute(
        "SELECT DISTINCT logical_type FROM duckdb_types() WHERE type_category = 'DATETIME'"
    )
    known = {_type_id(name) for (name,) in names.fetchall()}
    assert {"date", "interval", "timestamp", "time with time zone"} <= known
    assert known <= _TEMPORAL_TYPES


def test_sql_keeps_plain_columns_and_row_order_beside_a_timestamp(states_catalog: Path) -> None:
    """A TIMESTAMP, an INTERVAL and a LIST of them, cast to DuckDB's text in the query, leave
    the plain columns beside them as they were and every row in the query's order, across
    several chunks (sql27)."""
    cols = "i, i * 0.5::DOUBLE AS x, 'r' || i AS t"
    temporal = (
        "TIMESTAMP '2020-01-01' + INTERVAL (i) SECOND AS ts, INTERVAL (i) MONTH AS iv, "
        "[DATE '2001-09-11' + INTERVAL (i) DAY] AS dl"
    )
    order = "FROM range(25000) r(i) ORDER BY i DESC"
    r = invoke("data", "sql", f"SELECT {cols}, {temporal} {order}", "--csv")
    assert r.exit_code == 0, (r.output, r.exception)
    lines = r.stdout.splitlines()
    assert lines[0] == "i,x,t,ts,iv,dl" and len(lines) == 25001
    day = datetime.date(2001, 9, 11) + datetime.timedelta(days=24999)
    assert lines[1] == (
        f'24999,12499.5,r24999,2020-01-01 06:56:39,2083 years 3 months,"[""{day} 00:00:00""]"'
    )
    assert lines[-1] == '0,0.0,r0,2020-01-01 00:00:00,00:00:00,"[""2001-09-11 00:00:00""]"'
    plain = invoke("data", "sql", f"SELECT {cols} {order}", "--csv").stdout.splitlines()
    assert [",".join(line.split(",")[:3]) for line in lines] == plain


def test_sql_writes_a_call_and_a_pivot_without_in_list_as_a_query(states_catalog: Path) -> None:
    """The result of a CALL and of a PIVOT without ``IN`` list went through pandas'
    conversion, which exact handling of a query's result avoids (sql27): a month was 30 days
    (``P30DT0H0M0S`` in --json), a column of midnight TIMESTAMPs bare dates in --csv, a
    HUGEINT ``sum()`` a double (``1e+20``); under DuckDB 1.2 such a PIVOT was "no SQL
    statement". Each is now written as a query's result is (sql28): a CALL as the SELECT it
    stands for, a PIVOT read once, in its order across several chunks, and a PRAGMA as its
    query form is."""
    call = "CALL range(TIMESTAMP '2020-01-01', TIMESTAMP '2020-01-03', INTERVAL 1 DAY)"
    out = _sql_outputs(call)
    assert out["--csv"] == [["range"], ["2020-01-01 00:00:00"], ["2020-01-02 00:00:00"]]
    pivot = (
        "PIVOT (SELECT * FROM (VALUES ('a', INTERVAL 1 MONTH, TIMESTAMP '2020-01-01', "
        "10::HUGEINT ** 20), ('b', INTERVAL '1 year 2 days', TIMESTAMP '2020-01-02', 1)) "
        "t(k, i, ts, h)) ON k USING first(i) AS i, first(ts) AS t, sum(h::HUGEINT) AS h"
    )
    row = ["1 month", "2020-01-01 00:00:00", str(10**20), "1 year 2 days", "2020-01-02 00:00:00"]
    out = _sql_outputs(pivot)
    assert (
        out["--csv"]
        == out["--tsv"]
        == [
            ["a_i", "a_t", "a_h", "b_i", "b_t", "b_h"],
            [*row, "1"],
        ]
    )
    r = invoke("data", "sql", pivot, "--json")
    assert r.exit_code == 0, (r.output, r.exception)
    assert _strict_json(r.stdout) == [
        {"a_i": row[0], "a_t": row[1], "a_h": 10**20, "b_i": row[3], "b_t": row[4], "b_h": 1}
    ]
    # a larger PIVOT, with a nested column: every row once, in its order
    many = (
        "PIVOT (SELECT i % 2 AS k, i // 2 AS g, [INTERVAL (i) MONTH] AS v FROM range(50000) "
        "t(i)) ON k USING first(v) GROUP BY g ORDER BY g DESC"
    )
    r = invoke("data", "sql", many, "--csv")
    assert r.exit_code == 0, (r.output, r.exception)
    lines = r.stdout.splitlines()
    assert len(lines) == 25001 and lines[0] == "g,0,1"
    assert lines[1] == '24999,"[""4166 years 6 months""]","[""4166 years 7 months""]"'
    assert lines[-1] == '0,"[""00:00:00""]","[""1 month""]"'
    for flag in ("--csv", "--json"):
        pragma = invoke("data", "sql", "PRAGMA table_info('cow_states')", flag)
        query = invoke("data", "sql", "SELECT * FROM pragma_table_info('cow_states')", flag)
        assert pragma.exit_code == 0 and pragma.stdout == query.stdout, pragma.output


def test_sql_keeps_every_digit_of_a_wide_decimal(states_catalog: Path) -> None:
    """A DECIMAL of more than 15 digits reached anpo as a double: --csv and --json wrote
    123456789012345678901234567.89 as 1.2345678901234568e+26. A value a double does not hold
    is now written with all its digits (as DuckDB writes them); one it holds, as before (1.5);
    the table rounds them as every fractional number, and says so."""
    query = (
        "SELECT x FROM (VALUES (1.5::DECIMAL(38,2)), (123456789012345678901234567.89), (NULL)) t(x)"
    )
    out = _sql_outputs(query)
    assert [row[0] for row in out["--csv"][1:]] == ["1.5", "123456789012345678901234567.89", ""]
    assert [row[0] for row in out["table"][1:]] == ["1.5", "1.23e26", "–"]
    r = invoke("data", "sql", query, "--json")
    assert '{"x": 123456789012345678901234567.89}' in r.stdout
    assert _strict_json(r.stdout) == [{"x": 1.5}, {"x": 1.2345678901234568e26}, {"x": None}]
    table = " ".join(invoke("data", "sql", query).stdout.split())
    assert "rounded to three significant figures" in table


@pytest.mark.parametrize("query", ["", "   ", ";", " ; ;", "/* only a comment */"])
def test_sql_without_a_statement_is_one_line(states_catalog: Path, query: str) -> None:
    """A query with no statement (empty, blank, only ';' or a comment) raised AttributeError:
    DuckDB returns no result object for it."""
    err = one_line_error(invoke("data", "sql", query))
    assert "QUERY" in err and "no SQL statement" in err


def test_sql_limit_out_of_range_is_one_line(states_catalog: Path) -> None:
    err = one_line_error(invoke("data", "sql", "SELECT 1", "--limit", "1e30"))
    assert "--limit" in err
    err = one_line_error(invoke("data", "sql", "SELECT 1", "--limit", "-5"))
    assert "--limit" in err


def test_sql_limit_zero_shows_the_columns_and_the_count(states_catalog: Path) -> None:
    """``--limit 0`` is in the documented range (0..1,000,000); it raised IndexError (no chunk
    was kept, so there were no columns to print)."""
    r = invoke("data", "sql", "SELECT ccode, statenme FROM cow_states", "--limit", "0")
    assert r.exit_code == 0, (r.output, r.exception)
    assert "ccode" in r.stdout and "statenme" in r.stdout
    assert "showing 0 of 243 rows" in r.stdout


def test_sql_does_not_count_a_huge_result_to_its_end(states_catalog: Path) -> None:
    """``SELECT * FROM range(10000000000)`` was counted row by row before the table was printed
    (minutes): the result is read only up to SQL_COUNT_AHEAD rows past --limit, and then said
    to have more rows than were read; a result that ends before that keeps its exact count."""
    from anpo.cli.data import SQL_COUNT_AHEAD

    r = invoke("data", "sql", "SELECT * FROM range(10000000000) t(i)", "--limit", "3")
    assert r.exit_code == 0, (r.output, r.exception)
    lines = r.stdout.splitlines()
    read = int(lines[0].removeprefix("more than ").removesuffix(" rows").replace(",", ""))
    assert 3 + SQL_COUNT_AHEAD < read < 10_000_000_000, lines[0]
    assert f"showing 3 of more than {read:,} rows; --limit N or --all" in lines[-1]
    exact = 3 + SQL_COUNT_AHEAD + 1
    r = invoke("data", "sql", f"SELECT * FROM range({exact}) t(i)", "--limit", "3")
    assert r.stdout.splitlines()[0] == f"{exact:,} rows"
    assert f"showing 3 of {exact:,} rows" in r.stdout and "more than" not in r.stdout


def test_sql_head_reads_a_bounded_part_of_the_result(states_catalog: Path) -> None:
    """``anpo data sql`` on an endless result shows the first --limit rows and stops reading
    one chunk (at most ``chunk_rows``, 10,000, of ``Catalog.sql_chunks``) after --limit +
    SQL_COUNT_AHEAD rows, saying the result has more; a finite result of several chunks is
    counted exactly, and --all shows all of it. Through the command (the test read the
    private ``anpo.cli.data._head_and_count`` before)."""
    from anpo.cli.data import SQL_COUNT_AHEAD

    def table_rows(out: str) -> list[int]:
        return [int(line.strip("│ ")) for line in out.splitlines() if line.startswith("│")]

    r = invoke("data", "sql", "SELECT * FROM range(10000000000) t(i)", "--limit", "5")
    assert r.exit_code == 0, (r.output, r.exception)
    assert table_rows(r.stdout) == [0, 1, 2, 3, 4]
    first = r.stdout.splitlines()[0]
    read = int(first.removeprefix("more than ").removesuffix(" rows").replace(",", ""))
    assert 5 + SQL_COUNT_AHEAD < read <= 5 + SQL_COUNT_AHEAD + 10_000, first
    # a finite result read in several chunks: counted to its end, exactly
    r = invoke("data", "sql", "SELECT * FROM range(25000) t(i)", "--limit", "5")
    assert r.exit_code == 0, (r.output, r.exception)
    assert r.stdout.splitlines()[0] == "25,000 rows"
    assert table_rows(r.stdout) == [0, 1, 2, 3, 4]
    assert "showing 5 of 25,000 rows" in r.stdout and "more than" not in r.stdout
    r = invoke("data", "sql", "SELECT * FROM range(30) t(i)", "--all")
    assert r.exit_code == 0, (r.output, r.exception)
    assert r.stdout.splitlines()[0] == "30 rows" and table_rows(r.stdout) == list(range(30))
    assert "showing" not in r.stdout


# ------------------------------------------------------------------ nothing asked for


def _groups_showing_help_on_no_args() -> list[list[str]]:
    """``anpo`` and every command group that prints its help when given nothing."""
    import typer

    found: list[list[str]] = []

    def walk(cmd: object, path: list[str]) -> None:
        subs = getattr(cmd, "commands", None)
        if subs is not None and getattr(cmd, "no_args_is_help", False):
            found.append(path)
        for name, sub in (subs or {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(anpo.cli.app), [])
    return found


def test_nothing_asked_for_prints_the_help_and_succeeds() -> None:
    """``anpo`` or ``anpo data`` with no arguments asks for nothing, which is no error: the
    help, as --help prints it, exit 0 and nothing on stderr (it exited 2 with a stray blank
    line on stderr)."""
    groups = _groups_showing_help_on_no_args()
    assert [] in groups and ["data"] in groups, groups
    for path in groups:
        bare, helped = invoke(*path), invoke(*path, "--help")
        assert bare.exit_code == 0, (path, bare.exit_code, bare.stderr)
        assert bare.stderr == "", (path, bare.stderr)
        assert bare.stdout == helped.stdout and "Usage:" in bare.stdout, path


@pytest.mark.parametrize("args", [[], ["data"]])
@pytest.mark.slow
def test_nothing_asked_for_succeeds_in_a_real_process(args: list[str]) -> None:
    """The same through the console entry point, in a subprocess (``python -m anpo``)."""
    from _support import run_anpo

    bare, helped = run_anpo(*args), run_anpo(*args, "--help")
    assert bare.returncode == 0 and bare.stderr == "", (bare.returncode, bare.stderr)
    assert bare.stdout == helped.stdout and "Usage:" in bare.stdout


# ------------------------------------------------------------------ parse errors, ANPO_HOME


@pytest.mark.parametrize(
    "args, flag",
    [
        (["defense", "--rvs", "abc", "--sspk", "0.5"], "--rvs"),
        (["defense", "--rvs", "3"], "--sspk"),
        (["defense", "--rvs", "3", "--sspk", "0.5", "--bogus"], "--bogus"),
        (["stability"], "'file'"),
        (["no-such-command"], "no-such-command"),
        (["data", "sql"], "'query'"),
        (["law", "ask", "--date"], "--date"),
    ],
)
def test_parse_errors_are_one_line(args: list[str], flag: str) -> None:
    err = one_line_error(invoke(*args))
    assert flag in err


@pytest.mark.parametrize("below", [True, False])
def test_anpo_home_below_a_file_is_one_line(tmp_path: Path, below: bool) -> None:
    f = tmp_path / "a-file"
    f.write_text("x")
    home = f / "catalog" if below else f
    for args in (["data", "list"], ["data", "add", str(f)], ["roles", "--year", "2001"]):
        err = one_line_error(invoke(*args, env={"ANPO_HOME": str(home)}))
        assert "ANPO_HOME" in err and "not a directory" in err


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["stability"],
        ["align"],
        ["explore", "status"],
        ["explore", "run", "--n", "4", "--seed", "1", "--out", "x", "--"],
        ["futures", "compare"],
        ["data", "add"],
    ],
)
def test_a_path_the_system_refuses_is_one_line(args: list[str], anpo_home: Path) -> None:
    """A file name longer than the system allows (ENAMETOOLONG from the first ``exists()``)
    ended every one of these commands in a traceback; now one line naming the path, shortened."""
    err = one_line_error(invoke(*args, "n" * 300))
    assert err.startswith("error: nnnn") and err.endswith("File name too long"), err
    assert len(err) < 200


def test_data_version_pins_and_bad_pins(shared_data: Path, anpo_home: Path) -> None:
    cat = Catalog.open()
    cat.add(shared_data / "cow/NMC-60-abridged.csv")
    cat.add(shared_data / "peacesciencer/cow_nmc.csv")
    r = invoke(
        "--data-version", "nmc=7.0", "data", "sql", "SELECT count(*) AS n FROM nmc", "--json"
    )
    assert json.loads(r.stdout) == [{"n": 17121}]
    r = invoke("data", "sql", "SELECT count(*) AS n FROM nmc", "--json")  # pins do not linger
    assert json.loads(r.stdout) == [{"n": 15951}]
    err = one_line_error(invoke("--data-version", "nmc", "data", "list"))
    assert "--data-version" in err and "KIND=VERSION" in err
    err = one_line_error(invoke("--data-version", "nmc=5.0", "data", "sql", "SELECT 1"))
    assert "no nmc version '5.0'" in err and "6.0, 7.0" in err
    r = invoke("data", "default", "nmc", "7.0")
    assert r.exit_code == 0 and "default is now 7.0" in r.stdout and "was 6.0" in r.stdout
    r = invoke("data", "remove", "nmc@7.0")
    assert r.exit_code == 0 and "default: nmc 6.0" in r.stdout


def test_data_list_refuses_a_pin_the_catalog_cannot_honour(
    shared_data: Path, anpo_home: Path
) -> None:
    """`anpo --data-version nmc=9.9 data list` listed the catalog without a word while `roles`
    refused the pin: one line naming the versions there are, exit 2; a pin of a kind the
    catalog lacks likewise; a pin it holds lists as before."""
    err = one_line_error(invoke("--data-version", "nmc=9.9", "data", "list"))
    assert err == (
        "error: --data-version: no nmc version '9.9' in the catalog (a pinned version); it "
        "holds no nmc dataset (add one with `anpo data add FILE`)"
    ), err
    cat = Catalog.open()
    cat.add(shared_data / "cow/NMC-60-abridged.csv")
    cat.add(shared_data / "peacesciencer/cow_nmc.csv")
    err = one_line_error(invoke("--data-version", "nmc=9.9", "data", "list", "--json"))
    assert err == (
        "error: --data-version: no nmc version '9.9' in the catalog (a pinned version); "
        "versions there: 6.0, 7.0"
    ), err
    r = invoke("--data-version", "nmc=7", "data", "list", "--json")
    assert r.exit_code == 0, r.output
    assert sorted(d["version"] for d in json.loads(r.stdout)["datasets"]) == ["6.0", "7.0"]


def test_pinned_versions_hold_for_a_block_only(anpo_home: Path) -> None:
    """Version pins are scoped (a context variable, not a module global): a block's pins replace
    the outer ones and the outer ones come back after it; ``versions=`` pins one catalog."""
    from anpo.data.catalog import pinned_versions

    assert Catalog.open().pins == {}
    with pinned_versions({"nmc": "7.0"}):
        assert Catalog.open().pins == {"nmc": "7.0"}
        with pinned_versions({"mid_dyadic": "4.02"}):
            assert Catalog.open().pins == {"mid_dyadic": "4.02"}
        assert Catalog.open(versions={"atop": "5.1"}).pins == {"nmc": "7.0", "atop": "5.1"}
        assert Catalog.open().pins == {"nmc": "7.0"}
    assert Catalog.open().pins == {}


# ------------------------------------------------------------------ validate


def test_validate_reports_every_broken_file(tmp_path: Path) -> None:
    good = book_files()[0]
    text = good.read_text(encoding="utf-8")
    bad1 = tmp_path / "bad1.toml"
    bad1.write_text(text.replace("[scenario]", "[scenario\n", 1))
    bad2 = tmp_path / "bad2.toml"
    bad2.write_text("schema_version = 1\n")
    r = invoke("validate", str(bad1), str(good), str(bad2))
    assert r.exit_code == 2
    assert f"ok: {good}" in r.stdout
    errs = r.stderr.strip().splitlines()
    assert errs[0].startswith(f"error: {bad1}:") and errs[1].startswith(f"error: {bad2}:")
    assert errs[-1] == "error: 2 of 3 files did not validate"


def test_validate_reads_an_alignment_instance_as_one(tmp_path: Path) -> None:
    """Acceptance walk of issue 16: `anpo validate` on a landscape (alignment) instance said
    "al60.toml:1: title: unknown key 'title' (and 5 more problems)", reading it as a scenario.
    It is now validated as an instance, with the reader `anpo align solve` uses, and said to be
    one; a broken instance names its own problem."""
    from importlib import resources

    text = (resources.files("anpo.align") / "book" / "asia_pacific_2001.toml").read_text("utf-8")
    good = tmp_path / "al60.toml"
    good.write_text(text, encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "x"\n[[actor]]\nname = "A"\nsize = -1\n', encoding="utf-8")
    r = invoke("validate", str(good), str(bad))
    assert r.exit_code == 2
    assert f"ok: {good}: alignment instance 'Asia-Pacific alignment, 2001" in r.stdout
    assert "20 actors; read by anpo align solve" in r.stdout
    errs = r.stderr.strip().splitlines()
    assert errs[0].startswith(f"error: {bad}:4: actor[0].size: size must be"), errs
    assert "unknown key" not in r.stderr


def test_scenario_with_bom_is_read_and_inf_is_refused(tmp_path: Path) -> None:
    good = book_files()[0]
    text = good.read_text(encoding="utf-8")
    bom = tmp_path / "bom.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    r = invoke("validate", str(bom))
    assert r.exit_code == 0, r.output
    lines = text.splitlines()
    i = next(k for k, ln in enumerate(lines) if ln.strip().startswith("launchers"))
    lines[i] = "launchers = inf"
    inf = tmp_path / "inf.toml"
    inf.write_text("\n".join(lines))
    err = one_line_error(invoke("validate", str(inf)))
    assert f":{i + 1}: " in err and "launchers" in err and "finite" in err


# ------------------------------------------------------------------ output off a terminal


def test_tables_keep_their_content_off_a_terminal() -> None:
    """CliRunner is not a terminal: no cell is cut to fit 80 columns."""
    from anpo.data.kinds import KINDS

    r = invoke("data", "kinds")
    assert r.exit_code == 0
    for kind in KINDS.values():
        assert kind.description in r.stdout


def test_a_wide_table_off_a_terminal_starts_its_title_at_the_margin(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Off a terminal a table is as wide as its longest cell (hundreds of columns for the roles'
    reasons): its centred title began after hundreds of spaces, so a reader paging the output
    saw an empty first screen. The title starts at the left margin, and is not padded with
    hundreds of trailing spaces to the table's width; the table stays whole."""
    import pandas as pd

    from anpo.cli._common import print_frame

    print_frame(
        pd.DataFrame({"state": ["Canada"], "reason": ["x" * 400]}),
        title="roles in 2016",
        caption="a caption",
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "roles in 2016"
    assert lines[-1] == "a caption"
    assert any("x" * 400 in ln for ln in lines)


def test_table_cells_are_not_rich_markup(states_catalog: Path) -> None:
    r = invoke("data", "sql", "SELECT '[bold]x[/bold]' AS t")
    assert "[bold]x[/bold]" in r.stdout


def test_table_titles_are_not_rich_markup(capsys: pytest.CaptureFixture[str]) -> None:
    """A table's title carries a user's scenario title, actor name or path: rich read it as
    markup, so 'Alliance [draft] 2001' printed 'Alliance  2001' and a '[/]' raised a
    MarkupError (a traceback, exit 1). Titles are printed as written."""
    import pandas as pd

    from anpo.cli._common import print_frame

    for title in ("Alliance [draft] 2001", "closing [/] tag", "[bold]x[/bold]"):
        print_frame(pd.DataFrame({"a": [1]}), title=title)
        assert capsys.readouterr().out.splitlines()[0] == title


def test_scenario_and_instance_titles_and_names_print_as_written(tmp_path: Path) -> None:
    """End to end: `anpo stability` titles its tables with the scenario's title, `anpo align`
    prints the instance's title and its actors' names; each kept what rich took for markup
    ('[draft]' was dropped; '[/]' was a traceback)."""
    book = next(p for p in book_files() if "2001" in p.name)
    text = book.read_text(encoding="utf-8")
    old = 'title = "The U.S.-Japan alliance in 2001: from MAD to missile defense"'
    assert old in text
    scen = tmp_path / "draft.toml"
    scen.write_text(text.replace(old, 'title = "Alliance [draft] [/] 2001"'), encoding="utf-8")
    r = invoke("stability", str(scen), "--variant", "mad", "--no-reaction")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("Alliance [draft] [/] 2001: first-strike stability"), r.stdout
    inst = tmp_path / "inst.toml"
    inst.write_text(
        'title = "Asia [draft] [/] v2"\ncoalitions = 2\n'
        '[[actor]]\nname = "A [x]"\nid = "A"\nsize = 1\n'
        '[[actor]]\nname = "B [/]"\nid = "B"\nsize = 1\n'
        '[[pair]]\na = "A"\nb = "B"\np = -1\n',
        encoding="utf-8",
    )
    r = invoke("align", str(inst))
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("Asia [draft] [/] v2: 2 actors"), r.stdout
    assert "coalition 1: A [x]" in r.stdout and "coalition 2: B [/]" in r.stdout
    assert "A [x] | B [/]" in r.stdout


def test_output_files_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "out.csv"
        write_file_atomic(target, lambda p: p.write_text("a\n"))
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        os.umask(0o077)
        other = tmp_path / "private.csv"
        write_file_atomic(other, lambda p: p.write_text("a\n"))
        assert stat.S_IMODE(other.stat().st_mode) == 0o600
    finally:
        os.umask(old)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".anpo-")] == []


def test_an_out_folder_is_named_a_folder_not_offered_force(tmp_path: Path) -> None:
    """``anpo schema --out FOLDER`` said "exists; choose another name or pass --force", and
    with --force then "is a directory": a folder is never replaced, so it says so at once."""
    folder = tmp_path / "schema.json"
    folder.mkdir()
    (folder / "mine.txt").write_text("mine\n")
    for extra in ([], ["--force"]):
        err = one_line_error(invoke("schema", "--out", str(folder), *extra))
        assert "is a directory" in err and "--force" not in err.split("--out:", 1)[1]
    assert [p.name for p in folder.iterdir()] == ["mine.txt"]


def test_dyads_out_checked_before_work(tmp_path: Path, anpo_home: Path) -> None:
    """--out is refused at once (no catalog needed to find out)."""
    taken = tmp_path / "taken.csv"
    taken.write_text("mine\n")
    err = one_line_error(invoke("dyads", "--years", "2001", "--out", str(taken)))
    assert "exists" in err and "--force" in err
    assert taken.read_text() == "mine\n"
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    err = one_line_error(invoke("dyads", "--years", "2001", "--out", str(folder)))
    assert "directory" in err


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_out_checked_by_trying_the_folder(tmp_path: Path, anpo_home: Path) -> None:
    """Root passes every permission-bit check, so an --out in /proc passed and failed only when
    written, after the work; the folder is now tried (and nothing is left behind)."""
    err = one_line_error(invoke("dyads", "--years", "2001", "--out", "/proc/anpo-dyads.csv"))
    assert "--out" in err and "cannot write in /proc" in err
    err = one_line_error(invoke("dyads", "--years", "2001", "--out", str(tmp_path / "d.csv")))
    assert "cannot write" not in err  # refused later, for the missing catalog
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ data files


def test_ragged_rows_are_reported_as_ragged(tmp_path: Path, anpo_home: Path) -> None:
    """A row with an extra or a missing field is named as ragged at its line (it was reported
    as a value out of range in a shifted column)."""
    header = "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version"
    rows = [
        "USA,2,United States of America,1816,1,1,2016,12,31,2016",
        "CAN,20,Canada,1920,1,10,2016,12,31,2016",
        "BHM,31,Bahamas,1973,7,10,2016,12,31,2016",
    ]
    cases = {
        "extra.csv": (1, rows[1] + ",extra", "11 fields", 3),
        "missing.csv": (1, rows[1].replace("CAN,", ""), "9 fields", 3),
        "quoted.csv": (0, rows[0] + ',"x, y"', "11 fields", 2),
    }
    for name, (i, bad, what, line) in cases.items():
        body = list(rows)
        body[i] = bad
        path = tmp_path / name
        path.write_text("\n".join([header, *body]) + "\n")
        err = one_line_error(invoke("data", "add", str(path)))
        assert f"{name}:{line}: ragged row: {what}" in err, err
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + "\n".join([header, *rows]).encode() + b"\n")
    r = invoke("data", "add", str(bom))
    assert r.exit_code == 0, r.output


# ------------------------------------------------------------------ landscapes


def test_configuration_counts_are_exact(tmp_path: Path) -> None:
    """Counts are exact integers (JSON) and 'about 8.0e59' in text, never capped at 2^62.
    Reference values: 2^(n-1) for two coalitions; Bell numbers B(10) = 115,975 and
    B(30) = 846,749,014,511,809,332,450,147 (OEIS A000110) for a free number."""
    import numpy as np

    from anpo.align.landscape import Landscape
    from anpo.cli._common import format_count

    def land(n: int, k: int | str) -> Landscape:
        return Landscape(np.ones(n), np.zeros((n, n)), coalitions=k)

    assert land(10, "auto").count_configurations() == 115_975
    assert land(30, "auto").count_configurations() == 846_749_014_511_809_332_450_147
    assert land(200, 2).count_configurations() == 2**199
    assert format_count(2**199) == "about 8.0e59"
    assert format_count(846_749_014_511_809_332_450_147) == "about 8.5e23"
    assert format_count(999_999) == "999,999"
    n = 70
    path = tmp_path / "l.csv"
    rows = ["name,size," + ",".join(f"a{i}" for i in range(n))]
    rows += [f"a{i},1," + ",".join("" if i == j else "1" for j in range(n)) for i in range(n)]
    path.write_text("\n".join(rows) + "\n")
    r = invoke("align", str(path), "--method", "descent", "--no-minima", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["configurations"] == 2**69
    r = invoke("align", str(path), "--method", "descent", "--no-minima")
    assert "about 5.9e20 configurations" in r.stdout


def test_landscape_bounds(tmp_path: Path) -> None:
    """Too many actors is refused before any n x n array; sizes whose energy would overflow
    are refused instead of giving E = nan."""
    big = tmp_path / "many.toml"
    big.write_text("".join(f'[[actor]]\nname = "a{i}"\nsize = 1\n' for i in range(2001)))
    err = one_line_error(invoke("align", str(big)))
    assert "2,001 actors" in err and "at most 2,000" in err
    huge = tmp_path / "huge.csv"
    huge.write_text("name,size,a,b\na,1e200,,1\nb,1,1,\n")
    err = one_line_error(invoke("align", str(huge)))
    assert "sizes must lie between" in err and "rescale" in err


def test_a_size_out_of_range_names_its_actor_and_line(tmp_path: Path) -> None:
    """A size of 1e200 in an align instance said "l1.toml: sizes: size of actor 0 ..." (no
    line, an index) while a size of 0 gave the line: the actor's name and the line (TOML,
    its sizes table and CSV alike; the library names the actor too)."""
    from anpo.align import landscape
    from anpo.errors import AlignError

    pair = '[[pair]]\na = "Alpha"\nb = "Beta"\np = 1.0\n'
    toml = tmp_path / "l1.toml"
    toml.write_text(
        f'[[actor]]\nname = "Alpha"\nsize = 1e200\n\n[[actor]]\nname = "Beta"\nsize = 1\n{pair}'
    )
    err = one_line_error(invoke("align", str(toml)))
    assert err.startswith(f"error: {toml}:3: actor[0].size: size of Alpha is 1e+200; sizes must")
    toml.write_text(
        '[[actor]]\nname = "Alpha"\nsize = 1\nsizes = { cinc = 0.5 }\n\n'
        f'[[actor]]\nname = "Beta"\nsize = 1\nsizes = {{ cinc = 1e-200 }}\n{pair}'
    )
    err = one_line_error(invoke("align", str(toml)))
    assert err.startswith(f"error: {toml}:9:11: actor[1].sizes.cinc: size of Beta is 1e-200;")
    csv = tmp_path / "l1.csv"
    csv.write_text("name,size,Alpha,Beta\nAlpha,1,,1\nBeta,1e200,1,\n")
    err = one_line_error(invoke("align", str(csv)))
    assert err.startswith(f"error: {csv}:3: size: size of Beta is 1e+200; sizes must lie")
    with pytest.raises(AlignError, match="size of Beta is 1e[+]200"):
        landscape([1.0, 1e200], [[0.0, 1.0], [1.0, 0.0]], ["Alpha", "Beta"])


def test_errors_name_the_flags_as_typed(anpo_home: Path) -> None:
    """A library error about a parameter is shown with the flag the user typed."""
    err = one_line_error(invoke("burden", "members", "--alliance", "foo"))
    assert err.startswith("error: --alliance: ")
    err = one_line_error(invoke("align", "book:asia_pacific_2001", "--method", "foo"))
    assert err.startswith("error: --method: ")
    err = one_line_error(invoke("law", "ask", "-d", "2001-13-01", "-s", "x", "-a", "y"))
    assert err.startswith("error: --date: ")


# ------------------------------------------------------------------ anpo defense


def test_work_refusal_just_over_the_limit_shows_figures_that_differ() -> None:
    """A salvo estimated just over the limit (10,000,000 RVs, 4.50000045e9 operations, against
    --max-work 4.5e9; at the default 5e9 it now runs, audit29) printed "about 5.0e+09
    operations, over the limit of 5.0e+09"."""
    err = one_line_error(
        invoke("defense", "--rvs", "10000000", "--sspk", "0.5", "--max-work", "4.5e9")
    )
    assert "about 4.5000004e+09 operations, over the limit of 4.5000000e+09" in err, err
    err = one_line_error(
        invoke("defense", "--rvs", "100000", "--sspk", "0.5", "--interceptors", "150000")
    )
    assert "about 1.0e+11 operations, over the limit of 5.0e+09" in err, err


def test_defense_bounds_and_work_estimate() -> None:
    """Ranges are checked by the parser; work is estimated before anything is allocated and
    refused with the estimate and the flag that raises the limit."""
    err = one_line_error(invoke("defense", "--rvs", "1000000000", "--sspk", "0.5"))
    assert "--rvs" in err and "10000000" in err
    err = one_line_error(
        invoke("defense", "--rvs", "10", "--sspk", "0.5", "--interceptors", "20", "--decoys", "1e9")
    )
    assert "--decoys" in err
    args = ["defense", "--rvs", "100000", "--sspk", "0.5", "--interceptors", "150000"]
    err = one_line_error(invoke(*args))
    assert err.startswith("error: --max-work: ") and "1.0e+11 operations" in err
    err = one_line_error(invoke("defense", "--rvs", "10", "--sspk", "0.5", "--goal", "1"))
    assert err.startswith("error: --goal: ")
    # the text names no library parameter either (it said "needs p_no_leak < 1 and sspk > 0")
    assert "p_no_leak" not in err and "a goal of 1 needs" in err
    err = one_line_error(invoke("defense", "--rvs", "10", "--sspk", "0", "--goal", "0.5"))
    assert "p_no_leak" not in err and "a goal above 0 needs" in err
    err = one_line_error(invoke("defense", "--rvs", "10", "--sspk", "0.5", "--shots", "1e30"))
    assert "--shots" in err


def test_defense_help_names_the_json_keys_without_markup() -> None:
    """`anpo defense --help` showed reST markup and a key that does not exist ("``leaker_pmf``
    ... P(start + i leakers)"): the keys as the JSON spells them, no markup."""
    r = invoke("defense", "--help", env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    text = " ".join(r.stdout.split())
    assert "``" not in text
    assert "entry i of leaker_pmf is P(leaker_pmf_start + i leakers)" in text, text
    out = json.loads(invoke("defense", "--rvs", "10", "--sspk", "0.5", "--json").stdout)
    assert {"leaker_pmf", "leaker_pmf_start"} <= set(out)


def test_defense_json_gives_the_non_negligible_support() -> None:
    """10,000 RVs, k = 0.5, one shot: the binomial's mass sits within a few hundred of 5,000;
    the JSON gives that support (with its start) unless --full-pmf."""
    r = invoke("defense", "--rvs", "10000", "--sspk", "0.5", "--json")
    out = json.loads(r.stdout)
    start, pmf = out["leaker_pmf_start"], out["leaker_pmf"]
    assert 4000 < start < 5000 and len(pmf) < 2000
    assert abs(sum(pmf) - 1) < 1e-12 and min(pmf) >= 1e-15
    assert abs(out["expected_leakers"] - 5000) < 1e-9
    r = invoke("defense", "--rvs", "10000", "--sspk", "0.5", "--json", "--full-pmf")
    full = json.loads(r.stdout)
    assert full["leaker_pmf_start"] == 0 and len(full["leaker_pmf"]) == 10001
    assert full["leaker_pmf"][start : start + len(pmf)] == pmf
    r = invoke("defense", "--rvs", "0", "--sspk", "0.5", "--goal", "0.9", "--json")
    assert json.loads(r.stdout)["shots_required_for_goal"] == 0


def test_defense_full_pmf_without_json_is_refused() -> None:
    """--full-pmf widens the JSON's leaker distribution; without --json the table was printed
    and the flag dropped without a word. It is refused (exit 2) naming --full-pmf and --json."""
    err = one_line_error(invoke("defense", "--rvs", "10", "--sspk", "0.5", "--full-pmf"))
    assert err.startswith("error: --full-pmf: ") and "--json" in err, err


# ------------------------------------------------------------------ scenario limits


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("launchers", "1000000000000", "less than or equal to 1000000"),
        ("launchers", "99999", "warheads over its force components; at most 100,000"),
        ("warheads_per_launcher", "1000", "less than or equal to 64"),
        ("reaction_q", "1.0", "must be below 1"),
        ("interceptors", "10000000", "less than or equal to 1000000"),
    ],
)
def test_scenario_limits(tmp_path: Path, key: str, value: str, message: str) -> None:
    """What would exhaust memory or time, or ask for an unreachable target, is refused when
    the file is read, with its line and field."""
    lines = book_files()[0].read_text(encoding="utf-8").splitlines()
    i = next(k for k, ln in enumerate(lines) if ln.startswith(f"{key} ="))
    lines[i] = f"{key} = {value}"
    path = tmp_path / "s.toml"
    path.write_text("\n".join(lines) + "\n")
    err = one_line_error(invoke("validate", str(path)))
    assert f"s.toml:{i + 1}: " in err and key in err and message in err, err


def test_uncertainty_draws_limit(tmp_path: Path) -> None:
    text = book_files()[0].read_text(encoding="utf-8")
    path = tmp_path / "s.toml"
    path.write_text(text.replace("[settings]\n", "[settings]\nuncertainty_draws = 1000000\n", 1))
    err = one_line_error(invoke("validate", str(path)))
    assert "settings.uncertainty_draws: 1,000,000 is above the limit of 20,000" in err


@pytest.mark.parametrize(
    "key, value, ok",
    [
        ("cost_exponent", "1e308", False),
        ("cost_exponent", "10", False),
        ("cost_exponent", "1.0", True),
        ("cost_surcharge", "1e308", False),
        ("cost_surcharge", "1.5", False),
        ("cost_surcharge", "1.0", True),
    ],
)
def test_cost_constants_keep_their_meaning(tmp_path: Path, key: str, value: str, ok: bool) -> None:
    """Kent & Thaler's cost ``D_own^e + s (1 - D_other^e)`` [kent1989, App. C]: an exponent
    of 1e308 passed ``validate`` and turned every cost into the surcharge (0.3) and the
    stability of U.S.-China and U.S.-Russia into 1.0 (a surcharge of 1e308 did the same); the
    exponent is at most 1 (their cost is concave in damage) and the surcharge at most 1 (own
    damage weighs most), refused with the line."""
    text = book_files()[0].read_text(encoding="utf-8")
    path = tmp_path / "s.toml"
    path.write_text(text.replace("[settings]\n", f"[settings]\n{key} = {value}\n", 1))
    line = path.read_text().splitlines().index(f"{key} = {value}") + 1
    r = invoke("validate", str(path))
    if ok:
        assert r.exit_code == 0, r.output
        return
    err = one_line_error(r)
    assert f"s.toml:{line}: " in err and key in err and "less than or equal to 1" in err, err


def test_law_tables_are_not_cut_when_piped() -> None:
    """`anpo law list/regimes` printed to a pipe keep every cell whole (they were cut to 80
    columns: 'high-se…', 'prohibi…'); text and panels wrap at 100 columns."""
    r = invoke("law", "list", "-d", "2001-09-30", "-s", "surrounding-area")
    assert r.exit_code == 0
    # the places in words (anpo.law.vocab.PLACE_SHORT), each whole
    assert "abroad with consent" in r.stdout and "…" not in r.stdout
    r = invoke("law", "regimes")
    assert "Self-Defense Forces Act (SDF Act) (standing law)" in r.stdout and "…" not in r.stdout
    # the table has no source column: its caption says where the dates' sources are
    assert "The sources of each regime's dates: --json (date_sources)." in " ".join(
        r.stdout.split()
    )
    r = invoke("law", "ask", "-d", "2001-09-30", "-s", "surrounding-area", "-a",
               "transport-weapons-ammunition")  # fmt: skip
    panel = [ln for ln in r.stdout.splitlines() if ln.startswith("│")]
    assert panel and max(len(ln) for ln in panel[:5]) <= 100


def test_law_ask_tables_of_prose_wrap_at_100_columns_when_piped() -> None:
    """`anpo law ask` piped: its conditions and legal-basis tables hold sentences (and Japanese
    quotes, one unbroken 'word' each) in folding cells; printed at their natural width they made
    lines of 1,500 columns. They now wrap at 100 display columns like the text around them, and
    every word of each condition is still there."""
    import unicodedata

    from anpo.law import ask

    args = {"date": "2001-07-10", "situation": "surrounding-area", "activity": "medical"}
    r = invoke("law", "ask", "-d", args["date"], "-s", args["situation"], "-a", args["activity"],
               "--location", "japan")  # fmt: skip
    assert r.exit_code == 0, r.output

    def columns(line: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)

    assert max(columns(ln) for ln in r.stdout.splitlines()) <= 100
    ans = ask(args["date"], args["situation"], args["activity"], location="japan")
    words = " ".join(r.stdout.replace("│", " ").split())
    for chk in ans.checks:
        assert all(w in words for w in chk.text.split() if w.isascii()), chk.text


@pytest.mark.slow
def test_roles_past_the_end_of_the_data_says_so(shared_data: Path) -> None:
    """A year after the state list ends is said as such (it was 'the focal state 2 is not a
    system member')."""
    import anpo.data as data
    from anpo.errors import InputError
    from anpo.relations.taxonomy import roles

    f = shared_data
    inputs = {
        "states": data.read_cow_states(f / "cow/states2016.csv"),
        "alliances": data.read_atop_dyad(f / "peacesciencer/atop_alliance.csv.gz"),
        "capabilities": data.read_nmc(f / "cow/NMC-60-abridged.csv"),
    }
    with pytest.raises(InputError, match="no roles for 2020: the state list in the catalog ends"):
        roles(2020, **inputs)


@pytest.mark.parametrize(
    "args, flag",
    [
        (["burden", "nash", "--income", "1e9", "--a", "nan"], "--a"),
        (["burden", "nash", "--income", "1e9,2e9", "--b", "inf"], "--b"),
        (["burden", "nash", "--income", "nan,1"], "--income"),
        (["defense", "--rvs", "3", "--sspk", "0.5", "--reliability", "-inf"], "--reliability"),
    ],
)
def test_non_finite_numbers_are_refused(args: list[str], flag: str) -> None:
    """``nan``/``inf`` given to any float option is refused before the command runs (one was
    handed to a root finder: 'The function value at x=0.001 is NaN')."""
    err = one_line_error(invoke(*args))
    assert err.startswith(f"error: {flag}: ")


@pytest.mark.parametrize(
    "incomes", ["0.0078125", "1.7976913371727763e+308,1e308", "1e-300,1e-299", "1e-100,1e99"]
)
def test_nash_at_extreme_scales(incomes: str) -> None:
    """Cobb-Douglas contributions scale with the incomes (a = 0.2: a lone ally spends 0.2 of its
    income, [olson1966] with the closed form of [bergstrom1986]); the
    solve no longer fails on tiny incomes or overflows on huge ones."""
    r = invoke("burden", "nash", "--income", incomes, "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    inc = [float(x) for x in incomes.split(",")]
    assert out["closed_form_total"] == pytest.approx(out["total"], rel=1e-6)
    if len(inc) == 1:
        assert out["contributions"][0] == pytest.approx(0.2 * inc[0], rel=1e-6)


def test_nash_refuses_incomes_beyond_its_span() -> None:
    """Incomes 1e-300 and 1 (a factor 1e300 apart, beyond MAX_INCOME_SPAN = 1e200) are refused
    naming --income: this case used to be expected to solve, before the span check."""
    err = one_line_error(invoke("burden", "nash", "--income", "1e-300,1", "--json"))
    assert err.startswith("error: --income: incomes span a factor of 1e+300")


def test_report_checks_anpo_home_before_work(tmp_path: Path) -> None:
    f = tmp_path / "file"
    f.write_text("x")
    err = one_line_error(
        invoke("report", "--out", str(tmp_path / "out"), env={"ANPO_HOME": str(f / "h")})
    )
    assert "ANPO_HOME" in err and not (tmp_path / "out").exists()


def test_law_diff_names_the_argument_that_is_not_a_date() -> None:
    """`anpo law diff A B` with a bad date blamed a field "date" for either argument (the law
    engine's own name); the error names DATE_A or DATE_B, as the usage line does."""
    for args, name in ((["2001-13-01", "2002-01-01"], "DATE_A"), (["2001-01-01", "x"], "DATE_B")):
        r = invoke("law", "diff", *args)
        assert r.exit_code == 2 and r.stderr.startswith(f"error: {name}: not a date"), r.output


@pytest.mark.parametrize(
    "command", [["bands", "FILE"], ["explore", "run", "FILE", "--n", "4", "--out", "OUT"]]
)
def test_every_seed_option_refuses_a_negative_seed(command: list[str], tmp_path: Path) -> None:
    """Every other `--seed` refused a negative seed; `anpo bands` and `anpo explore run` took
    one. They refuse it before any work, naming --seed."""
    from anpo.scenario import book_files

    given = {"FILE": str(book_files()[0]), "OUT": str(tmp_path / "o")}
    r = invoke(*[given.get(a, a) for a in command], "--seed", "-1")
    assert r.exit_code == 2 and "--seed" in r.stderr, r.output
    assert not (tmp_path / "o").exists()


def test_roles_validate_names_its_years_flag(roles_home: Path) -> None:
    """`anpo roles validate --years 1800` blamed "year", the library's name; the error names
    the flag the user typed."""
    r = invoke("roles", "validate", "--years", "1800", "--home", str(roles_home))
    assert r.exit_code == 2 and r.stderr.startswith("error: --years: no roles for 1800"), r.output


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
@pytest.mark.parametrize("args", [["schema"], ["scenarios"], ["scenarios", "--json"]])
def test_output_to_a_full_disk_is_one_line(tmp_path: Path, args: list[str]) -> None:
    """``anpo schema > file`` on a full disk (here /dev/full) ended in an OSError traceback
    and exit 1: the write failure names no file, so it escaped the one-line errors. It is one
    line saying the output could not be written, exit 2, and nothing more on stderr (no
    second failure when Python flushes the output at exit)."""
    import subprocess
    import sys

    from _support import ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "ANPO_HOME": str(tmp_path / "h")}
    with open("/dev/full", "w") as full:
        ran = subprocess.run(
            [sys.executable, "-m", "anpo", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
    assert ran.returncode == 2, ran.stderr
    assert ran.stderr == "error: cannot write the output: No space left on device\n"


@pytest.mark.parametrize(
    ("options", "field"),
    [
        (["--all", "--limit", "5"], "--limit"),
        (["--csv", "--limit", "5"], "--limit"),
        (["--limit", "0", "--json"], "--limit"),
        (["--tsv", "--all"], "--all"),
    ],
)
def test_sql_refuses_a_row_limit_the_output_would_ignore(
    states_catalog: Path, options: list[str], field: str
) -> None:
    """`anpo data sql Q --csv --limit 5` printed every row (--csv, --tsv, --json and --all give
    every row) and `--all --limit 5` the same: the --limit the user gave was dropped unsaid.
    Either is refused with exit 2 naming the option; each alone still works."""
    err = one_line_error(invoke("data", "sql", "SELECT * FROM range(20) t(i)", *options))
    assert err.startswith(f"error: {field}: ") and "every row" in err, err
    r = invoke("data", "sql", "SELECT * FROM range(20) t(i)", "--csv")
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 21, r.output
    r = invoke("data", "sql", "SELECT * FROM range(20) t(i)", "--limit", "5")
    assert r.exit_code == 0 and "showing 5 of 20 rows" in r.stdout, r.output


@pytest.mark.parametrize(
    "tail", ["; -- the sum", ";;", "; /* c */ ;", ";\n-- a file's last line\n", "  "]
)
def test_sql_wraps_a_statement_ending_in_comments(states_catalog: Path, tail: str) -> None:
    """A query whose result is handed over exactly (a ``sum()``, a HUGEINT; a LIST) was put
    in ``FROM (...)`` with its trailing ``;`` and comment: "Parser Error: syntax error at or
    near ';'" (review26 finding 1), where the same query without such a column ran."""
    query = "SELECT sum(i) AS s, [max(i)] AS l FROM range(10) t(i)" + tail
    r = invoke("data", "sql", query, "--csv")
    assert r.exit_code == 0, (r.output, r.exception)
    assert r.stdout.splitlines() == ["s,l", "45,[9]"]


def test_sql_runs_the_last_select_once(states_catalog: Path) -> None:
    """The last SELECT's column types were read by building DuckDB's relation of it, which
    ran it: a sequence it draws from was advanced twice (``nextval`` gave 2, then 4, 5, 6
    over three rows; review26 finding 4). ``DESCRIBE`` binds it without running it."""
    query = (
        "CREATE TEMP SEQUENCE s; SELECT nextval('s') AS n, sum(1) AS h, [i] AS l "
        "FROM range(3) t(i) GROUP BY i ORDER BY i"
    )
    r = invoke("data", "sql", query, "--csv")
    assert r.exit_code == 0, (r.output, r.exception)
    lines = r.stdout.splitlines()
    assert lines[0].startswith("n,") and sorted(x.split(",")[0] for x in lines[1:]) == [
        "1",
        "2",
        "3",
    ]


def test_sql_writes_an_infinite_date_as_duckdb_does_at_every_depth(states_catalog: Path) -> None:
    """An infinite DATE or TIMESTAMP stopped every output at the top level ("Could not
    convert DATE (infinity) to microseconds"; a TIMESTAMP '-infinity' was written as the date
    -290308-12-21 in --csv and --json, a traceback in the table), and inside a LIST, STRUCT
    or MAP it was refused (DuckDB hands it over as 9999-12-31, review26 finding 2). Each is
    now DuckDB's text of it, ``infinity`` or ``-infinity``, in every output (sql27); a real
    9999-12-31 beside the text 'infinity' is the date it is, and a year past 9999 or BC is
    written as DuckDB writes it (a traceback in the table and --json before)."""
    query = (
        "SELECT DATE 'infinity' AS d, TIMESTAMP '-infinity' AS t, "
        "[DATE 'infinity', DATE '2001-09-11'] AS dl, {'d': DATE '-infinity'} AS ds, "
        "['infinity'::TIMESTAMPTZ] AS tl, {'d': DATE '9999-12-31', 'note': 'infinity'} AS real, "
        "DATE '10000-01-01' AS far, DATE '0044-03-15 (BC)' AS bc"
    )
    row = [
        "infinity",
        "-infinity",
        '["infinity", "2001-09-11"]',
        '{"d": "-infinity"}',
        '["infinity"]',
        '{"d": "9999-12-31", "note": "infinity"}',
        "10000-01-01",
        "0044-03-15 (BC)",
    ]
    out = _sql_outputs(query)
    assert out["--csv"][1] == out["--tsv"][1] == out["table"][1] == row
    r = invoke("data", "sql", query, "--json")
    assert r.exit_code == 0, (r.output, r.exception)
    got = _strict_json(r.stdout)
    assert isinstance(got, list)
    assert list(got[0].values()) == [json.loads(cell) if cell[0] in "[{" else cell for cell in row]
