"""Scenario files: the built-in book validates; each kind of broken file gives one line naming
file, line and field, exit status 2 and no traceback."""

from __future__ import annotations

import datetime
import json
import re
import tomllib
from pathlib import Path

import pytest

from _support import MINIMAL, book_scenarios, cli, run_anpo
from anpo._toml import toml_locations
from anpo.deterrence.bounds import MAX_GRID_POINTS, MAX_M_VALUES
from anpo.errors import ScenarioError
from anpo.scenario import book_files, load_book, load_scenario, parse_scenario_text


def test_builtin_book_validates_and_has_the_variants():
    """The book holds 2001, 2025 and a 2030 projection, each with MAD, theater defense of Japan,
    a national missile defense and 'global missile defense' covering allies (issue 2, point 3;
    issue 9, item 7: the 2001 NMD by its real phases, China on launch on warning from 2025); in
    2001 each of those four postures also with China's modernized force (issue 2, point 3)."""
    books = sorted(load_book(), key=lambda s: s.scenario.year)
    assert [s.scenario.year for s in books] == [2001, 2025, 2030]
    expected = {
        2001: {"mad", "tmd-japan", "nmd-testbed", "nmd-c1", "nmd-c2", "nmd-c3", "gmd-global"}
        | {f"{v}-china-modernized" for v in ("mad", "tmd-japan", "nmd-c3", "gmd-global")},
        2025: {"mad", "tmd-japan", "nmd-limited", "gmd-global", "nmd-limited-china-low"},
        2030: {"mad", "tmd-japan", "nmd-64", "gmd-global", "nmd-64-china-low"},
    }
    for scen in books:
        ids = {v.id for v in scen.variant_list()}
        assert expected[scen.scenario.year] <= ids
        gmd = next(v for v in scen.variants if v.id == "gmd-global")
        covered = {
            c for d in scen.defenses if d.id in gmd.defenses for ly in d.layers for c in ly.covers
        }
        assert {"USA", "JPN"} <= covered
        mad = next(v for v in scen.variants if v.id == "mad")
        # MAD: the U.S. and Japan undefended; only Moscow's treaty-permitted A-135 is active
        assert [d.owner for d in scen.defenses if d.id in mad.defenses] == ["RUS"]
        for f in scen.forces:
            assert len(f.source) > 10
        for d in scen.defenses:
            assert all(len(ly.source) > 10 for ly in d.layers)


def test_book_facts_match_reference():
    """Facts from the reference (deterrence.md sec. 4): about 20 DF-5 able to reach the U.S. in
    2001; 44 GBIs today; no homeland interceptors deployed in 2001."""
    b2001, b2025, _ = sorted(book_scenarios(), key=lambda s: s.scenario.year)
    df5 = next(f for f in b2001.forces if f.id == "cn-df5")
    assert df5.launchers * df5.warheads_per_launcher == 20 and "USA" in df5.reaches
    gmd = next(d for d in b2025.defenses if d.id == "gmd-44")
    assert gmd.layers[0].interceptors == 44
    mad = next(c for c in b2001.cases() if c.variant.id == "mad")
    assert not mad.layers_covering("USA")


def test_minimal_file_parses():
    scen = parse_scenario_text(MINIMAL, "mini.toml")
    assert scen.scenario.id == "mini"
    assert [c.variant.id for c in scen.cases()] == ["base"]


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


BROKEN = [
    # (description, transform, expected field, needle for the expected line, message part)
    (
        "bad TOML",
        lambda t: t.replace('title = "Minimal"', 'title = "Minimal'),
        None,
        'title = "Minimal',
        "invalid TOML",
    ),
    (
        "unknown key",
        lambda t: t.replace("launchers = 20", "launchers = 20\nlaunchres = 3"),
        "forces[0].launchres",
        "launchres = 3",
        "unknown key",
    ),
    (
        "wrong type",
        lambda t: t.replace("launchers = 20", 'launchers = "twenty"'),
        "forces[0].launchers",
        'launchers = "twenty"',
        "integer",
    ),
    (
        # pydantic's lax mode read a boolean as 1 launcher and a text as a number
        "boolean count",
        lambda t: t.replace("launchers = 20", "launchers = true"),
        "forces[0].launchers",
        "launchers = true",
        "got true, a boolean, not a number",
    ),
    (
        # the Literal[1] version was not looked into: pydantic read true as version 1
        "boolean schema version",
        lambda t: t.replace("schema_version = 1", "schema_version = true"),
        "schema_version",
        "schema_version = true",
        "got true, a boolean, not a number",
    ),
    (
        # pydantic's lax mode read "no" (and 0, "off") as false: a yes/no takes true or false
        "yes/no as text",
        lambda t: t.replace("launchers = 20", 'launchers = 20\nbaseline = "no"'),
        "forces[0].baseline",
        'baseline = "no"',
        "got 'no', a text, not true or false",
    ),
    (
        "number as text",
        lambda t: t.replace("sspk = 0.6", 'sspk = "0.6"'),
        "defenses[0].layers[0].sspk",
        'sspk = "0.6"',
        "got '0.6', a text, not a number",
    ),
    (
        "probability out of range",
        lambda t: t.replace("sspk = 0.6", "sspk = 1.6"),
        "defenses[0].layers[0].sspk",
        "sspk = 1.6",
        "less than or equal to 1",
    ),
    (
        "unknown actor",
        lambda t: t.replace('reaches = ["USA"]', 'reaches = ["USSR"]'),
        "forces[0].reaches[0]",
        'reaches = ["USSR"]',
        "unknown actor 'USSR'",
    ),
    (
        "a force reaching its own actor",
        lambda t: t.replace('reaches = ["USA"]', 'reaches = ["CHN"]'),
        "forces[0].reaches[0]",
        'reaches = ["CHN"]',
        "a force of 'CHN' cannot strike 'CHN' itself",
    ),
    (
        "m of 0 warheads",
        lambda t: t + "\n[settings]\nm_values = [0, 1]\n",
        "settings.m_values[0]",
        "m_values = [0, 1]",
        "greater than or equal to 1",
    ),
    (
        "no m values",
        lambda t: t + "\n[settings]\nm_values = []\n",
        "settings.m_values",
        "m_values = []",
        "at least 1 item",
    ),
    (
        # an empty grid validated and the reaction curve silently vanished from every output
        "empty interceptor grid",
        lambda t: t + "\n[settings]\ninterceptor_grid = []\n",
        "settings.interceptor_grid",
        "interceptor_grid = []",
        "at least 1 item",
    ),
    (
        # lib33: any number of m values validated (2,000: a row each in every variant's tables)
        # where anpo defense -m and the web API take MAX_M_VALUES (10)
        "more m values than anpo defense takes",
        lambda t: t + f"\n[settings]\nm_values = {list(range(1, MAX_M_VALUES + 2))}\n",
        "settings.m_values",
        "m_values = [1, 2,",
        f"at most {MAX_M_VALUES} items",
    ),
    (
        # lib33: any number of grid points validated (500: a reaction-curve search each for
        # every variant and dyad) where the web API takes MAX_GRID_POINTS (60)
        "more grid points than the web API takes",
        lambda t: t + f"\n[settings]\ninterceptor_grid = {list(range(MAX_GRID_POINTS + 1))}\n",
        "settings.interceptor_grid",
        "interceptor_grid = [0, 1,",
        f"at most {MAX_GRID_POINTS} items",
    ),
    (
        "missing field",
        lambda t: t.replace('source = "Glaser & Fetter 2001"\n', ""),
        "forces[0].source",
        "[[forces]]",
        "required",
    ),
    (
        "unknown activity in contributions",
        lambda t: (
            t
            + '\n[[contributions]]\nactivity = "fly-to-the-moon"\nsituation = "surrounding-area"\n'
        ),
        "contributions[0].activity",
        'activity = "fly-to-the-moon"',
        "unknown activity",
    ),
    (
        # fuzzing: w80 = 1e-320 passed (> 0) and 'anpo bands' warned overflow in w ln 5 / w80
        "subnormal w80",
        lambda t: t.replace("w80 = 400", "w80 = 1e-320", 1),
        "damage[0].w80",
        "w80 = 1e-320",
        "greater than or equal to 0.001",
    ),
    (
        # a misspelled required key was reported as the missing one, at its table's header
        "misspelled key",
        lambda t: t.replace("survivable_fraction = 0.0", "survivable_fracton = 0.0"),
        "forces[0].survivable_fracton",
        "survivable_fracton = 0.0",
        "unknown key 'survivable_fracton' (did you mean 'survivable_fraction'?)",
    ),
    (
        # an unknown array of tables had no line
        "misspelled table",
        lambda t: t.replace("[[dyads]]", "[[dyad]]"),
        "dyad",
        "[[dyad]]",
        "unknown key 'dyad' (did you mean 'dyads'?)",
    ),
    (
        # the field was 'missile_class.literal['ICBM','IRBM','MRBM','SRBM']' (a union member)
        "missile class in lower case",
        lambda t: t.replace('missile_class = "ICBM"', 'missile_class = "icbm"'),
        "forces[0].missile_class",
        'missile_class = "icbm"',
        "'MRBM' or 'SRBM' (got 'icbm')",
    ),
    (
        "protected fraction over 1",
        lambda t: t.replace('engages = ["ICBM"]', 'engages = ["ICBM"]\nprotected_fraction = 15'),
        "defenses[0].layers[0].protected_fraction",
        "protected_fraction = 15",
        "less than or equal to 1 (got 15)",
    ),
    (
        # the second entry was silently ignored: the exchange read the first
        "counterforce given twice",
        lambda t: (
            t + '\n[[counterforce]]\nstriker = "USA"\nbasing = "silo"\nkill_probability = 0.5\n'
            'source = "first estimate"\n\n[[counterforce]]\nstriker = "USA"\nbasing =  "silo"\n'
            'kill_probability = 0.9\nsource = "second estimate"\n'
        ),
        "counterforce[1].basing",
        'basing =  "silo"',
        "given twice (counterforce[0] has it)",
    ),
    (
        "damage curve given twice",
        lambda t: t + '\n[[damage]]\nactor =  "CHN"\nw80 = 5\nsource = "again"\n',
        "damage[2].actor",
        'actor =  "CHN"',
        "second [[damage]] curve (damage[1] is its first)",
    ),
    (
        "unknown defense in variant",
        lambda t: t + '\n[[variants]]\nid = "v"\ntitle = "V"\ndefenses = ["tmd"]\n',
        "variants[0].defenses[0]",
        'defenses = ["tmd"]',
        "unknown defense",
    ),
    (
        # the extended-deterrence table printed the defender's own homeland as its ally
        "ally is the defender",
        lambda t: t.replace('rival = "CHN"', 'rival = "CHN"\nally = "USA"'),
        "dyads[0].ally",
        'ally = "USA"',
        "the ally 'USA' is the dyad's defender",
    ),
    (
        "ally is the rival",
        lambda t: t.replace('rival = "CHN"', 'rival = "CHN"\nally = "CHN"'),
        "dyads[0].ally",
        'ally = "CHN"',
        "the ally 'CHN' is the dyad's rival",
    ),
    (
        # counted once without a word: the second entry changed nothing
        "defense listed twice in a variant",
        lambda t: t + '\n[[variants]]\nid = "v"\ntitle = "V"\ndefenses = ["nmd", "nmd"]\n',
        "variants[0].defenses[1]",
        'defenses = ["nmd", "nmd"]',
        "'nmd' is listed twice (defenses[0] has it)",
    ),
    (
        # the component was removed without a word
        "force both added and removed",
        lambda t: (
            t + '\n[[variants]]\nid = "v"\ntitle = "V"\nadd_forces = ["cn-df5"]\n'
            'remove_forces = ["cn-df5"]\n'
        ),
        "variants[0].add_forces[0]",
        'add_forces = ["cn-df5"]',
        "in both add_forces and remove_forces",
    ),
]


@pytest.mark.parametrize(
    ("what", "transform", "field", "needle", "message"), BROKEN, ids=[b[0] for b in BROKEN]
)
def test_broken_files_one_line_exit_2(tmp_path: Path, what, transform, field, needle, message):
    text = transform(MINIMAL)
    path = tmp_path / "broken.toml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    err = info.value
    assert err.file == str(path)
    assert message in err.message
    assert err.field == field
    assert err.line == _line_of(text, needle)
    proc = cli("validate", str(path))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"{path}:{err.line}" in lines[0]
    if field:
        assert field in lines[0]
    assert proc.stdout == ""


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("survivable_fraction = 0.0", "survivable_fracton = 0.0"),
        ('missile_class = "ICBM"', 'missile_class = "icbm"'),
    ],
)
def test_one_mistake_is_one_problem(before: str, after: str):
    """A misspelled required key (unknown, and so the key it misspells missing) and a value no
    member of a union accepts are each one problem, not '(and 1 more problem)'."""
    with pytest.raises(ScenarioError) as info:
        parse_scenario_text(MINIMAL.replace(before, after), "one.toml")
    assert "more problem" not in info.value.message, info.value.message


def test_missing_file_and_directory(tmp_path: Path):
    proc = cli("validate", str(tmp_path / "nope.toml"))
    assert (
        proc.returncode == 2 and "file not found" in proc.stderr and "Traceback" not in proc.stderr
    )
    proc = cli("validate", str(tmp_path))
    assert proc.returncode == 2 and "directory" in proc.stderr


@pytest.mark.slow
def test_validate_ok_end_to_end():
    """End to end (a real ``python -m anpo`` process): the book validates, one ``ok:`` line per
    file, exit 0."""
    proc = run_anpo("validate", *map(str, book_files()))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("ok:") == len(book_files())


def test_schema():
    proc = cli("schema")
    assert proc.returncode == 0
    schema = json.loads(proc.stdout)
    assert schema["title"] == "Scenario"
    assert {"actors", "forces", "defenses", "variants"} <= set(schema["properties"])


def _as_json(value: object) -> object:
    """A parsed TOML value as an editor's TOML-to-JSON mapping sees it (dates as ISO strings)."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def test_printed_schema_accepts_the_book_and_refuses_what_validate_refuses():
    """``anpo schema`` (docs/how-to/write-scenario.md: "prints its JSON Schema") accepts the
    built-in files the how-to tells readers to copy: ``basis`` on an ``[[uncertainties]]`` entry
    and a bomber force without ``missile_class`` (it refused both, 45 errors on the 2001 file);
    and it still refuses a basis given twice or nowhere, and a missile force without its class."""
    import jsonschema  # the test extra's

    proc = cli("schema")
    assert proc.returncode == 0
    validator = jsonschema.Draft202012Validator(json.loads(proc.stdout))
    for path in book_files():
        data = _as_json(tomllib.loads(path.read_text(encoding="utf-8")))
        assert [e.message for e in validator.iter_errors(data)] == [], path.name
    data = _as_json(tomllib.loads(book_files()[0].read_text(encoding="utf-8")))
    assert isinstance(data, dict)
    entry = data["uncertainties"][0]
    basis = entry.pop("basis")
    assert not validator.is_valid(data)  # no basis anywhere
    entry["distribution"]["basis"] = basis
    assert validator.is_valid(data)  # the basis inside the distribution table
    entry["basis"] = basis
    assert not validator.is_valid(data)  # given twice
    del entry["basis"]
    missile = next(f for f in data["forces"] if f["basing"] != "bomber")
    del missile["missile_class"]
    assert not validator.is_valid(data)


def test_printed_schema_refuses_reaction_q_of_one():
    """``reaction_q = 1`` is refused by ``anpo validate`` (no number of launchers reaches
    certainty); the printed schema said ``maximum: 1`` and so accepted a file validate refuses."""
    import jsonschema  # the test extra's

    proc = cli("schema")
    validator = jsonschema.Draft202012Validator(json.loads(proc.stdout))
    data = _as_json(tomllib.loads(book_files()[0].read_text(encoding="utf-8")))
    assert isinstance(data, dict)
    data["settings"]["reaction_q"] = 0.99
    assert validator.is_valid(data)
    data["settings"]["reaction_q"] = 1.0
    assert not validator.is_valid(data)


def test_printed_schema_bounds_the_settings_lists():
    """The printed schema refuses the ``[settings]`` lists ``anpo validate`` refuses for their
    length (lib33: more than :data:`~anpo.deterrence.bounds.MAX_M_VALUES` m values, the bound of
    ``anpo defense -m``, and more than :data:`~anpo.deterrence.bounds.MAX_GRID_POINTS` grid
    points, the web API's), so a file the schema accepts is one validate accepts."""
    import jsonschema  # the test extra's

    proc = cli("schema")
    validator = jsonschema.Draft202012Validator(json.loads(proc.stdout))
    data = _as_json(tomllib.loads(book_files()[0].read_text(encoding="utf-8")))
    assert isinstance(data, dict)
    for key, most, start in (
        ("m_values", MAX_M_VALUES, 1),
        ("interceptor_grid", MAX_GRID_POINTS, 0),
    ):
        data["settings"][key] = list(range(start, start + most))
        assert validator.is_valid(data), key
        data["settings"][key] = list(range(start, start + most + 1))
        assert not validator.is_valid(data), key
        data["settings"][key] = list(range(start, start + most))


@pytest.mark.parametrize("command", ["validate", "stability", "extended", "bands", "report"])
def test_scenario_arguments_say_they_take_book_names(command: str):
    """Every command that reads a scenario file also reads ``book:NAME`` (the tutorial runs
    ``anpo extended book:us-japan-2001``); its help says so instead of only "scenario TOML file"."""
    proc = cli(command, "--help", env={"COLUMNS": "200"})
    assert proc.returncode == 0
    assert "book:NAME" in proc.stdout, proc.stdout


def test_validate_reads_a_book_name():
    """``book:NAME`` validates the built-in file, as the help now says."""
    proc = cli("validate", "book:us-japan-2001")
    assert proc.returncode == 0 and proc.stdout.startswith("ok: book:us-japan-2001:"), proc.stdout


def test_validate_reads_every_books_names(tmp_path: Path):
    """``book:NAME`` also names a built-in alignment instance (what ``anpo align book:NAME``
    reads) and a built-in future, and ``book:futures`` every future (as for ``anpo explore
    run``): ``anpo validate book:asia_pacific_2001`` was refused, "no scenario
    'asia_pacific_2001' in the book". An unknown name lists the three books, and the other
    files are still checked."""
    from anpo.futures.load import future_files

    proc = cli("validate", "book:asia_pacific_2001", "book:status-quo")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("ok: book:asia_pacific_2001: alignment instance"), lines
    assert lines[1].startswith("ok: book:status-quo: future status-quo"), lines
    proc = cli("validate", "book:futures")
    assert proc.returncode == 0, proc.stderr
    futures = [p.stem for p in future_files()]
    assert len(futures) >= 2
    assert [ln.split(":")[2] for ln in proc.stdout.splitlines()] == futures
    good = tmp_path / "good.toml"
    good.write_text(MINIMAL)
    proc = cli("validate", "book:nope", str(good))
    assert proc.returncode == 2
    assert f"ok: {good}:" in proc.stdout
    err = proc.stderr
    assert "error: book:nope: no 'nope' in the built-in books" in err, err
    assert "asia_pacific_2001" in err and "us-japan-2001" in err and "status-quo" in err, err
    assert "1 of 2 files did not validate" in err, err


def test_schema_never_overwrites(tmp_path: Path):
    target = tmp_path / "mine.json"
    target.write_text("precious")
    proc = cli("schema", "--out", str(target))
    assert proc.returncode == 2
    assert f"{target}: --out: exists" in proc.stderr and "--force" in proc.stderr, proc.stderr
    assert target.read_text() == "precious"
    proc = cli("schema", "--out", str(target), "--force")
    assert proc.returncode == 0 and json.loads(target.read_text())["title"] == "Scenario"


def test_toml_locations_follow_arrays_of_tables():
    text = "[[a]]\nx = 1\n[[a]]\nx = 2\n[[a.b]]\ny = { p = 1, q = 2 }\n[c]\nz.w = 3\n"
    locs = toml_locations(text)
    assert locs[("a", 0, "x")] == 2
    assert locs[("a", 1, "x")] == 4
    assert locs[("a", 1, "b", 0, "y", "q")] == 6
    assert locs[("c", "z", "w")] == 8


def test_toml_locations_skip_the_lines_of_a_multi_line_array():
    """A continuation line ``  ["JPN", "SIN"]]`` read as a table header: the keys after a
    multi-line array (``delta`` in the futures book) had no line, and an error there pointed at
    the table's header."""
    text = (
        '[[c]]\npairs = [["A", "B"],\n         ["C", "D"]]\ndelta = 0.25\n'
        'm = [\n  1, # ] a comment\n  "]",\n]\nn = 2\n[d]\ne = 1\n'
    )
    locs = toml_locations(text)
    assert locs[("c", 0, "delta")] == 4
    assert locs[("c", 0, "n")] == 9
    assert locs[("d", "e")] == 11
    assert not any("C" in str(k) for k in locs)


def test_toml_positions_place_the_rows_of_a_multi_line_array_of_inline_tables():
    """A facts file writes its tables one inline table a line (``rates = [`` then ``{ year =
    1978, ... },``): every row's error was placed at the array's first line, ``rates = [``.
    Each row, and each of its keys, now has its line and column, also with several rows on a
    line or the array's closing bracket after the last row (such rows kept the array's first
    line before); a line holding anything else (a number, a nested table) ends the count, the
    later rows keeping the array's line."""
    from anpo._toml import toml_positions

    text = (
        "[fx]\nrates = [\n  { year = 1978, fiscal = 201.4 },\n  # a comment\n\n"
        '  { year = 1979, note = "{x}" },\n]\nafter = 1\n'
        "m = [\n  { a = 1 }, { a = 2 },\n  {a=3, b = [1, 2]},\n]\n"
        "n = [\n  { a = 1 }, 5,\n  { a = 3 },\n]\n"
        "o = [\n  { a = { b = 1 } },\n  { a = 3 },\n]\n"
        "p = [\n  { a = 1 },\n  { a = 2 }, { a = 3 } ]\nq = 1\n"
    )
    pos = toml_positions(text)
    assert pos[("fx", "rates", 0)] == (3, 3)
    assert pos[("fx", "rates", 0, "fiscal")] == (3, 18)
    assert pos[("fx", "rates", 1, "year")] == (6, 5)
    assert ("fx", "rates", 2) not in pos and pos[("fx", "after")] == (8, None)
    # two rows on one line: each at its own column, the next line's row counted after them
    assert pos[("fx", "m", 0, "a")] == (10, 5)
    assert pos[("fx", "m", 1)] == (10, 14)
    assert pos[("fx", "m", 1, "a")] == (10, 16)
    assert pos[("fx", "m", 2)] == (11, 3) and pos[("fx", "m", 2, "b")] == (11, 9)
    assert ("fx", "m", 3) not in pos
    # the closing bracket after the last rows: they keep their places, the next key its line
    assert pos[("fx", "p", 0)] == (22, 3) and pos[("fx", "p", 1)] == (23, 3)
    assert pos[("fx", "p", 2, "a")] == (23, 16)
    assert ("fx", "p", 3) not in pos and pos[("fx", "q")] == (24, None)
    # a number among the rows, or a nested table, ends the count
    assert not any(k[:2] in (("fx", "n"), ("fx", "o")) and len(k) > 2 for k in pos)


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
def test_toml_locations_count_only_the_lines_toml_counts(char: str):
    """A TOML line ends at \\n (or \\r\\n); a string may hold \\x85, \\u2028 or \\u2029, at which
    ``str.splitlines`` also broke: every key after such a string was named a line too far."""
    import tomllib

    text = f'title = "one{char}two"\r\n[t]\nb = 1\n'
    assert tomllib.loads(text)["title"] == f"one{char}two"
    assert toml_locations(text) == {("title",): 1, ("t",): 2, ("t", "b"): 3}


#: Totals the book's comments and sources state for its baseline components: (book year, actor,
#: the words of the book, component left out of the sum).
BOOK_TOTALS = [
    (2001, "RUS", "2,800 + 360 + 920 + 632 = 4,712", None),
    (2025, "USA", "400 + 960 + 300 = 1,660", None),
    (2025, "RUS", "640 and 200: 1,720 in all", None),
    (2025, "CHN", "without them the 2025 total would be 593", "cn-df21"),
    (2025, "CHN", "The components below add up to 617 warheads", None),
    (2030, "USA", "400 + 960 + 300 = 1,660", None),
    (2030, "RUS", "640 and 200: 1,720 in all", None),
    (2030, "CHN", "without them the 2030 total would be 993", "cn-df21"),
    (2001, "CHN", "20 + 20 + 88 = 128", None),
    (2030, "CHN", "the components\n# add up to 1,017 warheads", None),
]


@pytest.mark.parametrize(("year", "actor", "words", "left_out"), BOOK_TOTALS)
def test_book_stated_totals_are_the_components_sums(
    year: int, actor: str, words: str, left_out: str | None
) -> None:
    """A total the book states in words (a comment or a source, e.g. FAS deployed warheads
    against the components) is the sum of launchers x warheads per launcher of its baseline
    components, so an edit of a component cannot leave the book's arithmetic stale."""
    scen = next(s for s in book_scenarios() if s.scenario.year == year)
    path = next(p for p in book_files() if p.name == f"us-japan-{year}.toml")
    assert words in path.read_text(encoding="utf-8")
    stated = int(re.findall(r"\d[\d,]*", words)[-1].replace(",", ""))  # the last number
    total = sum(
        f.launchers * f.warheads_per_launcher
        for f in scen.forces
        if f.actor == actor and f.baseline and f.id != left_out
    )
    assert total == stated


@pytest.mark.parametrize(
    ("book", "what"),
    [
        ("futures/book/status-quo.toml", "a future file, not a scenario file"),
        ("align/book/asia_pacific_2001.toml", "an alignment instance, not a scenario file"),
    ],
)
@pytest.mark.parametrize("command", ["stability", "extended", "bands"])
def test_a_future_or_alignment_file_given_as_a_scenario_says_what_it_is(
    tmp_path: Path, book: str, what: str, command: str
) -> None:
    """A future file or an alignment instance given where a scenario file belongs is named for
    what it is (as `anpo futures compare` names a scenario file), not refused for its first
    key ("burden.support_scale: unknown key 'support_scale' (and 8 more problems)")."""
    import anpo

    path = tmp_path / Path(book).name
    path.write_text((Path(anpo.__file__).parent / book).read_text(encoding="utf-8"))
    ran = cli(command, str(path))
    assert ran.returncode == 2, ran.stdout
    assert f"error: {path}: {what}" in ran.stderr, ran.stderr
    assert "unknown key" not in ran.stderr


@pytest.mark.parametrize(
    ("old", "new", "field", "code"),
    [
        ('name = "United States"', 'name = "United\\u001b[31m States"', "actors[0].name", "U+001B"),
        (
            'title = "Minimal"',
            'title = "Min\\u001b]0;title\\u0007imal"',
            "scenario.title",
            "U+001B",
        ),
        ('title = "Minimal"', 'title = "Min\\u202eimal"', "scenario.title", "U+202E"),
        ('name = "DF-5A"', 'name = "DF-5A\\nDF-5B"', "forces[0].name", "U+000A"),
        ('name = "NMD"', 'name = "NMD\\u0000"', "defenses[0].name", "U+0000"),
    ],
)
def test_a_control_character_in_a_printed_name_is_refused_at_its_line(
    old: str, new: str, field: str, code: str
) -> None:
    """A scenario's names, titles and labels are printed on one line in the tables, the report
    and the terminal: an actor named "United\\u001b[31m States" validated, and ``anpo stability``
    wrote the escape sequence to the terminal (as an alignment instance's names already refuse
    it, :func:`anpo.align.io.actor_text`). It is refused at its line and field, naming the
    character."""
    assert MINIMAL.count(old) == 1
    text = MINIMAL.replace(old, new)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith(new))
    with pytest.raises(ScenarioError) as info:
        parse_scenario_text(text, "ctl.toml")
    err = info.value
    assert (err.field, err.line) == (field, line), err.one_line()
    assert f"contains a control character ({code})" in err.message, err.one_line()


_BOOK_2001 = next(p for p in book_files() if p.stem == "us-japan-2001")
_ALLIANCE_2001 = 'patron = "USA"\nmembers = ["JPN"]\nsince = 1960\n'


@pytest.mark.parametrize(
    ("what", "replacement", "field", "message"),
    [
        (
            "the patron as its own member",
            _ALLIANCE_2001.replace('["JPN"]', '["USA"]'),
            "alliances[0].members[0]",
            "'USA' is the alliance's patron",
        ),
        (
            "an alliance after the scenario's year",
            _ALLIANCE_2001.replace("1960", "2099"),
            "alliances[0].since",
            "2099 is after the scenario's year 2001",
        ),
        (
            "the ally guaranteed by another patron",
            _ALLIANCE_2001.replace('"USA"', '"CHN"'),
            "dyads[0].ally",
            "dyad 'U.S.-China': the ally 'JPN' is a member of no alliance of 'USA' in force in "
            "2001 (alliances of 'USA': none)",
        ),
    ],
    ids=["patron", "since", "other-patron"],
)
def test_alliances_decide_who_is_guaranteed(
    tmp_path: Path, what: str, replacement: str, field: str, message: str
) -> None:
    """audit30: ``[[alliances]]`` entries were checked only for known ids and then ignored (a
    dyad's ``ally`` alone decided who is guaranteed), against the Alliance docstring ('the
    patron extends deterrence to the members'): the book's 2001 file with the alliance's
    members the patron itself or a rival, or with since = 2099, validated and ``anpo extended
    --variant mad`` printed the book's table. Each is now refused, naming file and field (a
    rival as a member is not: ``test_a_rival_may_be_a_member_of_the_patrons_alliance``)."""
    text = _BOOK_2001.read_text(encoding="utf-8")
    assert text.count(_ALLIANCE_2001) == 1
    path = tmp_path / "broken.toml"
    path.write_text(text.replace(_ALLIANCE_2001, replacement), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.field == field and message in info.value.message, info.value.one_line()
    assert info.value.file == str(path)
    proc = cli("extended", str(path), "--variant", "mad")
    assert proc.returncode == 2 and proc.stdout == ""
    assert f"{path}:" in proc.stderr and field in proc.stderr and "Traceback" not in proc.stderr


def test_a_rival_may_be_a_member_of_the_patrons_alliance(tmp_path: Path) -> None:
    """review30: audit30's check refused an alliance member that is a rival of the patron in
    the file's dyads, but alliances and rivalries coexist in the record (the 1950 Sino-Soviet
    treaty of friendship, alliance and mutual assistance was in force through the 1969 border
    clashes; Greece and Turkey in NATO), and a dyad's ally is never its rival, so no rival's
    exposure is reported as an ally's: the book's 2001 file with Russia added to the U.S.-Japan
    alliance loads and its U.S.-Japan extended table is unchanged."""
    text = _BOOK_2001.read_text(encoding="utf-8")
    path = tmp_path / "rival-member.toml"
    path.write_text(
        text.replace(_ALLIANCE_2001, _ALLIANCE_2001.replace('["JPN"]', '["JPN", "RUS"]')),
        encoding="utf-8",
    )
    scen = load_scenario(path)
    assert scen.alliances[0].members == ["JPN", "RUS"]
    assert any(d.rival == "RUS" for d in scen.dyads)
    ours = cli("extended", str(path), "--variant", "mad")
    book = cli("extended", "book:us-japan-2001", "--variant", "mad")
    assert ours.returncode == 0 and ours.stdout == book.stdout, ours.stderr


def test_a_dyad_ally_needs_an_alliance_in_force(tmp_path: Path) -> None:
    """audit30: the book's 2001 file without its ``[[alliances]]`` block validated and gave the
    extended-deterrence table of Japan as a guaranteed ally; the dyad's ``ally`` must now be a
    member of an alliance of the defender in force, and the message says there is none."""
    text = _BOOK_2001.read_text(encoding="utf-8")
    start = text.index("[[alliances]]")
    end = text.index("\n\n", start)
    path = tmp_path / "no-alliance.toml"
    path.write_text(text[:start] + text[end + 2 :], encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.field == "dyads[0].ally"
    assert "member of no alliance of 'USA' in force in 2001 (alliances of 'USA': none)" in (
        info.value.message
    )
    # every built-in scenario and the test scenarios with an ally name it in an alliance
    assert len(load_book()) == len(book_files())
