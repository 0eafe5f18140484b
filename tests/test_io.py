"""anpo._io: the one atomic writer, the one year parser and the one input pipeline."""

from __future__ import annotations

import os
import stat
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import ROOT
from anpo._io.files import atomic_path, atomic_write
from anpo._io.inputs import dotted, undotted
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


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    """Writing to a path that is a symbolic link replaces its target and keeps the link (it
    replaced the link with a file, losing what the user had set up); a dangling link's target
    is created."""
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    atomic_write(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    dangling = tmp_path / "later.json"
    dangling.symlink_to(tmp_path / "made.json")
    atomic_write(dangling, "x")
    assert dangling.is_symlink() and (tmp_path / "made.json").read_text(encoding="utf-8") == "x"


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


# ------------------------------------------------------------------ the input pipeline


def _with_unknown_key(text: str, after: str, key: str = "colour") -> tuple[str, int]:
    """``text`` with ``key = 1`` on the line after the first line equal to ``after``; returns
    the text and that line's number."""
    lines = text.splitlines()
    at = lines.index(after) + 1
    lines.insert(at, f"{key} = 1")
    return "\n".join(lines) + "\n", at + 1


def _inputs() -> list[tuple[str, Any]]:
    """Every TOML input kind: (name, function reading a file)."""
    from anpo.align.io import read_instance
    from anpo.burden.japan import load_japan_facts
    from anpo.futures.load import load_future
    from anpo.relations.taxonomy import load_thresholds
    from anpo.scenario import load_scenario

    return [
        ("scenario", load_scenario),
        ("future", load_future),
        ("landscape", read_instance),
        ("thresholds", load_thresholds),
        ("japan-facts", load_japan_facts),
    ]


def _valid_text(kind: str) -> str:
    """A valid file of each input kind, to break one key of."""
    from _support import MINIMAL
    from anpo.relations.taxonomy import default_thresholds_text

    return {
        "scenario": lambda: MINIMAL,
        "future": lambda: (ROOT / "src/anpo/futures/book/status-quo.toml").read_text("utf-8"),
        "landscape": lambda: (
            '[[actor]]\nname = "A"\nsize = 1\n[[actor]]\nname = "B"\nsize = 2\n'
            '[[pair]]\na = "A"\nb = "B"\np = 1\n'
        ),
        "thresholds": default_thresholds_text,
        "japan-facts": lambda: (
            resources.files("anpo.burden").joinpath("data/japan_hns.toml").read_text("utf-8")
        ),
    }[kind]()


@pytest.mark.parametrize(("kind", "after", "field"), [
    ("scenario", "[scenario]", "scenario.colour"),
    ("future", "[future]", "future.colour"),
    ("landscape", "[[actor]]", "actor[0].colour"),
    ("thresholds", "[rival]", "rival.colour"),
    ("japan-facts", "[hns]", "hns.colour"),
])  # fmt: skip
def test_every_input_kind_names_file_line_and_field(
    tmp_path: Path, kind: str, after: str, field: str
) -> None:
    """The one pipeline for every input kind: an unknown key is an AnpoError naming the file,
    the line of the key and the field; a syntax error names line and column."""
    from anpo.errors import AnpoError

    base = _valid_text(kind)
    read = dict(_inputs())[kind]
    text, line = _with_unknown_key(base, after)
    path = tmp_path / f"{kind}.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnpoError) as info:
        read(path)
    err = info.value
    assert (err.file, err.line, err.field) == (str(path), line, field), err.one_line()
    assert "unknown key 'colour'" in err.message
    path.write_text("x = = 1\n" + base, encoding="utf-8")
    with pytest.raises(AnpoError) as info:
        read(path)
    assert info.value.one_line().startswith(f"{path}:1:5: invalid TOML"), info.value.one_line()


def _refused(tmp_path: Path, kind: str, lines: list[str], at: int, new: str) -> tuple[Any, Path]:
    """Write ``lines`` with line ``at`` replaced by ``new`` as a ``kind`` input file, load it and
    return the :class:`~anpo.errors.AnpoError` raised (the test fails if none is) and the path."""
    from anpo.errors import AnpoError

    changed = [*lines[:at], new, *lines[at + 1 :]]
    path = tmp_path / f"{kind}.toml"
    path.write_text("\n".join(changed) + "\n", encoding="utf-8")
    with pytest.raises(AnpoError) as info:
        dict(_inputs())[kind](path)
    return info.value, path


@pytest.mark.parametrize(("kind", "line", "value", "field"), [
    ("scenario", "launchers = 20", "true", "forces[0].launchers"),
    ("scenario", "launchers = 20", '"20"', "forces[0].launchers"),
    ("future", "support_scale = 1.0", "true", "burden.support_scale"),
    ("future", "delta = 0.25", '"0.25"', "alignment.changes[0].delta"),
    ("landscape", "size = 2", '"2"', "actor[1].size"),
    ("thresholds", "focal = 2", "true", "focal"),
    ("japan-facts", "total = 6.2", '"6.2"', "hns.rows[0].total"),
])  # fmt: skip
def test_a_boolean_or_a_text_is_not_a_number_in_any_input(
    tmp_path: Path, kind: str, line: str, value: str, field: str
) -> None:
    """pydantic's lax mode read ``launchers = true`` as 1 launcher and ``size = "2"`` as 2 in
    scenario, future and landscape files alike; every input kind refuses them at their key."""

    lines = _valid_text(kind).splitlines()
    at = lines.index(line)
    err, path = _refused(tmp_path, kind, lines, at, line.split("=")[0] + "= " + value)
    assert (err.file, err.line) == (str(path), at + 1), err.one_line()
    assert err.field is not None and err.field.endswith(field.split(".")[-1]), err.one_line()
    assert "not a number" in err.message, err.one_line()


@pytest.mark.parametrize(("kind", "value"), [
    ("scenario", "0"),
    ("scenario", "1704067200"),
    ("future", "1704067200"),
    ("future", "true"),
])  # fmt: skip
def test_a_number_is_not_a_date_in_any_input(tmp_path: Path, kind: str, value: str) -> None:
    """pydantic's lax mode read a number where a date belongs as seconds since 1970: a
    scenario's ``date = 0`` was 1970-01-01 and a future's ``law.date = 1704067200`` was
    2024-01-01, answered for without a word. Refused at the key, naming what it got; a TOML
    date stays accepted (every book file is one)."""

    lines = _valid_text(kind).splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("date = "))
    err, path = _refused(tmp_path, kind, lines, at, "date = " + value)
    assert (err.file, err.line) == (str(path), at + 1), err.one_line()
    assert err.field is not None and err.field.endswith("date"), err.one_line()
    what = "a boolean" if value == "true" else "a number"
    assert f"got {value}, {what}, not a date)" in err.message, err.one_line()


def test_a_scenario_date_outside_its_year_is_refused(tmp_path: Path) -> None:
    """A scenario saying ``year = 2001`` and dated 2000-07-10 was accepted, leaving the reader to
    guess which of the two its facts describe; refused at the ``date`` key, the date shown as
    the file writes it (the message read ``datetime.date(2000, 7, 10)`` for any bad date)."""

    lines = _valid_text("scenario").splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("date = "))
    year = next(int(ln.split("=")[1]) for ln in lines if ln.startswith("year = "))
    day = f"{year - 1}-07-10"
    err, path = _refused(tmp_path, "scenario", lines, at, f"date = {day}")
    assert (err.file, err.line, err.field) == (str(path), at + 1, "scenario.date"), err.one_line()
    assert err.message == f"a day in the scenario's year {year} is expected (got {day})"
    # the same day in the right year stays accepted
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dict(_inputs())["scenario"](path)


@pytest.mark.parametrize(
    ("line", "field", "says"),
    [
        ("size = 2", "actor[1].size", "size must be finite and > 0 (got 0)"),
        ("size = 2", "actor[1].sizes", "sizes.cinc must be finite and > 0 (got {'cinc': -1})"),
    ],
)
def test_a_landscape_size_out_of_range_says_its_value_once(
    tmp_path: Path, line: str, field: str, says: str
) -> None:
    """The message said the value twice ("size must be finite and > 0, got 0.0 (got 0)"): the
    validator's own text and the value every input message appends."""
    from anpo.align.io import read_instance
    from anpo.errors import AlignError

    lines = _valid_text("landscape").splitlines()
    at = lines.index(line)
    lines[at] = "size = 0" if field.endswith("size") else "size = 2\nsizes = { cinc = -1 }"
    path = tmp_path / "l.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(AlignError) as info:
        read_instance(path)
    err = info.value
    assert err.field == field and err.message == says, err.one_line()


def test_whole_floats_and_integers_stay_numbers() -> None:
    """What TOML writes for numbers is accepted as before: 20.0 launchers, an integer share."""
    from _support import MINIMAL
    from anpo.scenario import parse_scenario_text

    scen = parse_scenario_text(MINIMAL.replace("launchers = 20", "launchers = 20.0"), "m.toml")
    assert scen.forces[0].launchers == 20 and isinstance(scen.forces[0].launchers, int)


def test_a_key_of_an_inline_table_gets_its_column(tmp_path: Path) -> None:
    """Where the line alone does not say where (a key inside ``{ ... }``), the column does."""
    from anpo.align.io import read_instance
    from anpo.errors import AlignError

    text = (
        '[[actor]]\nname = "A"\nsize = 1\n[[actor]]\nname = "B"\nsize = 2\n'
        '[[pair]]\na = "A"\nb = "B"\np = 1\nfactors = { alliance = 2.0, rivalry = "x" }\n'
    )
    path = tmp_path / "inline.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AlignError) as info:
        read_instance(path)
    err = info.value
    assert (err.line, err.column, err.field) == (11, 29, "pair[0].factors.rivalry"), err.one_line()
    assert err.one_line().startswith(f"{path}:11:29: pair[0].factors.rivalry: ")


def test_dotted_and_undotted_are_inverse() -> None:
    path = ("forces", 2, "layers", 0, "sspk")
    assert dotted(path) == "forces[2].layers[0].sspk"
    assert undotted(dotted(path)) == path


def test_a_boolean_is_no_number_in_a_union_or_a_mapping_either() -> None:
    """``coalitions: int | Literal["auto"]`` took ``coalitions = true`` as 1 coalition, and a
    ``dict[str, float]`` took ``"0.5"`` as 0.5: the union's other arm and the mapping's values
    were not looked into. The literal text and whole numbers stay accepted."""
    from pydantic import ValidationError

    from anpo._io.inputs import NoCoercedNumbers
    from anpo.align.scenario import AlignScenario

    with pytest.raises(ValidationError, match="a boolean, not a number"):
        AlignScenario.model_validate({"instance": "book:x", "coalitions": True})
    for ok in ("auto", 3):
        assert AlignScenario.model_validate({"instance": "b", "coalitions": ok}).coalitions == ok

    class Shares(NoCoercedNumbers):
        share: dict[str, float]

    with pytest.raises(ValidationError, match="a text, not a number"):
        Shares.model_validate({"share": {"JPN": "0.5"}})
    assert Shares.model_validate({"share": {"JPN": 0.5}}).share == {"JPN": 0.5}


@given(
    st.one_of(
        st.sampled_from(["no", "yes", "off", "on", "true", "false", "0", "1", 0, 1, 0.0, 1.0]),
        st.integers(),
        st.text(max_size=5),
    )
)
def test_a_yes_no_field_takes_true_or_false_only(value: object) -> None:
    """pydantic's lax mode read ``"no"``, ``"off"`` and ``0`` as false and ``"yes"`` and ``1``
    as true in a ``bool`` field (a scenario's ``baseline = "no"``, a web request's
    ``"consent": "yes"``); a yes/no field of a :class:`NoCoercedNumbers` model, optional or
    not, now refuses any number or text, naming what it got, and takes ``true``/``false``
    (and ``None`` where the field is optional)."""
    from pydantic import ValidationError

    from anpo._io.inputs import NoCoercedNumbers

    class Flags(NoCoercedNumbers):
        on: bool = True
        maybe: bool | None = None

    for key in ("on", "maybe"):
        with pytest.raises(ValidationError, match=r"not true or false") as info:
            Flags.model_validate({key: value})
        assert info.value.errors()[0]["loc"] == (key,)
    for ok in (True, False):
        assert Flags.model_validate({"on": ok, "maybe": ok}).model_dump() == {"on": ok, "maybe": ok}
    assert Flags.model_validate({"maybe": None}).maybe is None


def test_a_validation_error_describes_each_pydantic_error_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``describe_validation_error`` turns each pydantic error into a problem once (it did it
    again for the unknown key and for every missing key it compared), and still pairs the
    misspelled key with the missing one it misspells."""
    from pydantic import BaseModel, ConfigDict, ValidationError

    from anpo._io import inputs

    class Row(BaseModel):
        model_config = ConfigDict(extra="forbid")
        survivable_fraction: float
        launchers: int
        name: str

    data = {"survivable_fracton": 0.5, "launchers": "many"}
    with pytest.raises(ValidationError) as exc:
        Row.model_validate(data)
    calls: list[object] = []
    real = inputs.validation_problem

    def counted(err: Any, d: Any) -> inputs.Problem:
        calls.append(err)
        return real(err, d)

    monkeypatch.setattr(inputs, "validation_problem", counted)
    path, msg = inputs.describe_validation_error(exc.value, data, Row)
    assert path == ("survivable_fracton",)
    assert msg.startswith("unknown key 'survivable_fracton' (did you mean 'survivable_fraction'?)")
    # the missing survivable_fraction is the same mistake; launchers and name are two more
    assert msg.endswith("(and 2 more problems)"), msg
    assert len(calls) == len(exc.value.errors()) == 4


# ------------------------------------------------------------------ input kinds

#: The book file of each kind, under src/anpo.
BOOK_OF_KIND = {
    "scenario": "scenario/book/us-japan-2001.toml",
    "future": "futures/book/status-quo.toml",
    "instance": "align/book/asia_pacific_2001.toml",
}

#: What each loader says of a file of another kind (None: not refused for its kind, today).
OTHER_KIND_MESSAGES: dict[tuple[str, str], str] = {
    ("scenario", "future"): "a future file, not a scenario file (it has a [future] table and no "
    "[scenario] table): anpo futures compare, anpo explore run and anpo validate take future "
    "files",
    ("scenario", "instance"): "an alignment instance, not a scenario file (it has [[actor]] "
    "tables and no [scenario] table): anpo align solve and anpo validate take alignment "
    "instances",
    ("instance", "scenario"): "a scenario file, not an alignment instance (it has a [scenario] "
    "table and no [[actor]] tables): anpo validate takes it; an instance is a TOML file of "
    "[[actor]] and [[pair]] tables or a .csv (anpo align-build writes one)",
    ("instance", "future"): "a future file, not an alignment instance (it has a [future] table "
    "and no [[actor]] tables): anpo validate takes it; an instance is a TOML file of [[actor]] "
    "and [[pair]] tables or a .csv (anpo align-build writes one)",
    ("future", "scenario"): "a scenario file, not a future file (it has a [scenario] table and "
    "no [future] table): anpo explore run and anpo validate take scenario files; a future file "
    "names one as its [base]",
    # it read "title: unknown key 'title' (and 8 more problems)"
    ("future", "instance"): "an alignment instance, not a future file (it has [[actor]] tables "
    "and no [future] table): anpo align solve and anpo validate take alignment instances",
}


def _load_as(kind: str, text: str, source: str) -> object:
    """``text`` read by the loader of ``kind`` (a scenario, future or instance file)."""
    from anpo.align.io import read_toml_text
    from anpo.futures.load import parse_future_text
    from anpo.scenario.load import parse_scenario_text

    if kind == "scenario":
        return parse_scenario_text(text, source)
    if kind == "future":
        return parse_future_text(text, source)
    return read_toml_text(text, source)


@pytest.mark.parametrize(
    ("data", "kinds"),
    [
        ({"scenario": {"id": "x"}, "actors": [{"id": "USA"}]}, ("scenario",)),
        ({"future": {"id": "f"}, "base": {"scenario": "book:x"}}, ("future",)),
        ({"actor": [{"name": "a"}], "pair": []}, ("instance",)),
        ({"actor": []}, ("instance",)),  # an empty list is still [[actor]] tables' shape
        ({}, ()),
        ({"title": "t", "actors": [], "futures": {}}, ()),
        # a key of another shape makes no kind, as before
        ({"future": 3}, ()),
        ({"future": "x"}, ()),
        ({"future": [{"id": "f"}]}, ()),
        ({"scenario": 3}, ()),
        ({"scenario": [{"id": "x"}]}, ()),
        ({"actor": "x"}, ()),
        ({"actor": {"name": "a"}}, ()),
        # several: in the order scenario, future, instance, whatever the file's order
        ({"actor": [], "future": {}, "scenario": {}}, ("scenario", "future", "instance")),
        ({"actor": [{}], "future": {}}, ("future", "instance")),
        ({"future": {}, "scenario": 3}, ("future",)),
        ({"actor": [], "scenario": {}, "future": 3}, ("scenario", "instance")),
    ],
)
def test_input_kinds_by_top_level_tables(data: dict[str, Any], kinds: tuple[str, ...]) -> None:
    from anpo._io.inputs import input_kinds

    assert input_kinds(data) == kinds


_VALUES = st.one_of(
    st.none(),
    st.integers(),
    st.text(max_size=3),
    st.lists(st.dictionaries(st.text(max_size=2), st.integers(), max_size=2), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["scenario", "future", "actor", "title"]), _VALUES))
def test_input_kinds_counts_a_key_only_in_its_shape(data: dict[str, Any]) -> None:
    """Each kind is counted exactly when its key holds a table ([scenario], [future]) or a list
    of tables ([[actor]]), the rule each loader used before it was shared."""
    from anpo._io.inputs import input_kinds

    kinds = input_kinds(data)
    assert ("scenario" in kinds) == isinstance(data.get("scenario"), dict)
    assert ("future" in kinds) == isinstance(data.get("future"), dict)
    assert ("instance" in kinds) == isinstance(data.get("actor"), list)
    assert list(kinds) == sorted(kinds, key=["scenario", "future", "instance"].index)


@pytest.mark.parametrize(("loader", "given_kind"), list(OTHER_KIND_MESSAGES))
def test_each_loader_names_a_file_of_another_kind(loader: str, given_kind: str) -> None:
    """Each loader given a book file of another kind says what it is, with its own wording and
    exception type, naming the file."""
    import anpo
    from anpo.errors import AlignError, FutureError, ScenarioError

    error = {"scenario": ScenarioError, "future": FutureError, "instance": AlignError}[loader]
    path = Path(anpo.__file__).parent / BOOK_OF_KIND[given_kind]
    with pytest.raises(error) as info:
        _load_as(loader, path.read_text(encoding="utf-8"), str(path))
    err = info.value
    assert type(err) is error
    assert err.file == str(path)
    assert err.message == OTHER_KIND_MESSAGES[loader, given_kind]
    assert (err.line, err.field) == (None, None)


#: (loader, file) -> the kind it is said to be, or None: not refused for a kind.
NAMED_FIRST: dict[tuple[str, str], str | None] = {
    # the first kind the loader has words for: a future before an instance
    ("scenario", '[future]\nid = "f"\n[[actor]]\nname = "a"\n'): "future",
    ("scenario", '[[actor]]\nname = "a"\n[future]\nid = "f"\n'): "future",
    # a scenario before a future
    ("instance", '[future]\nid = "f"\n[scenario]\nid = "x"\n'): "scenario",
    ("future", '[[actor]]\nname = "a"\n[scenario]\nid = "x"\n'): "scenario",
    # a file with the expected kind's key, whatever its value, is left to its validation
    ("scenario", 'scenario = 3\n[future]\nid = "f"\n'): None,
    ("instance", 'actor = "x"\n[scenario]\nid = "x"\n'): None,
    ("future", 'future = 3\n[scenario]\nid = "x"\n'): None,
    # a key of another shape is no kind
    ("scenario", 'future = 3\nactor = "x"\n'): None,
    ("instance", 'scenario = 3\nfuture = "x"\n'): None,
}


@pytest.mark.parametrize(("loader", "text"), list(NAMED_FIRST))
def test_which_other_kind_a_loader_names_first(loader: str, text: str) -> None:
    from anpo.errors import AnpoError

    said = NAMED_FIRST[loader, text]
    with pytest.raises(AnpoError) as info:
        _load_as(loader, text, "f.toml")
    message = info.value.message
    if said is None:
        assert ", not a" not in message, message
    else:
        assert message == OTHER_KIND_MESSAGES[loader, said]


#: Texts that is_future_text routes to the future loader, and texts it does not.
FUTURE_TEXTS = [
    '[future]\nid = "f"\n',
    '[scenario]\nid = "x"\n[future]\nid = "f"\n',  # a future table wins, as before
    '[[actor]]\nname = "a"\n[future]\nid = "f"\n',
    # no kind's table, but a future's key ([[future]] for [future]): the future loader says
    # "future: Input should be a valid dictionary", where the scenario loader said "unknown
    # key 'future'" (anpo._io.inputs.guess_kind)
    'future = [{id = "f"}]\n',
]
OTHER_TEXTS = [
    'future = 3\n[scenario]\nid = "x"\n',
    '[scenario]\nid = "x"\n',
    "[future\n",  # not TOML: the scenario loader says why
    "x = " + "[" * 2000 + "]" * 2000 + "\n",  # too deep to parse
]


@pytest.mark.parametrize("text", FUTURE_TEXTS + OTHER_TEXTS)
def test_is_future_text_routes_by_the_future_table(text: str) -> None:
    from anpo.futures.load import is_future_text

    assert is_future_text(text) is (text in FUTURE_TEXTS)


@pytest.mark.parametrize(("loader", "table"), [("scenario", "scenario"), ("future", "future")])
def test_a_key_written_one_table_too_high_is_sent_to_its_table(loader: str, table: str) -> None:
    """A book file with its ``title`` moved above its ``[scenario]`` (``[future]``) table read
    "title: unknown key 'title' (did you mean 'title'?)": the key missing from the table is
    blamed where the file writes it, and offered as its own misspelling. It now says where the
    key belongs, at the line the file writes it, as one problem."""
    import anpo
    from anpo.errors import AnpoError

    path = Path(anpo.__file__).parent / BOOK_OF_KIND[loader]
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"[{table}]")
    at = next(k for k in range(start + 1, len(lines)) if lines[k].startswith("title"))
    title = lines.pop(at)
    with pytest.raises(AnpoError) as info:
        _load_as(loader, "\n".join([title, *lines]), "moved.toml")
    err = info.value
    assert (err.line, err.field) == (1, "title"), err
    assert err.message == f"unknown key 'title' (it belongs in [{table}], where it is missing)"


@pytest.mark.parametrize("value", ["1e308", "1e20", "-1e300"])
def test_a_huge_number_in_a_whole_number_field_is_said_plainly(value: str) -> None:
    """``year = 1e308`` read "Unable to parse input string as an integer, exceeded maximum
    size" (pydantic's words for a string; the file gave a number): it now says a whole number
    was expected and this one is out of range, at the file's line and field."""
    import re

    from _support import MINIMAL
    from anpo.errors import ScenarioError
    from anpo.scenario import parse_scenario_text

    text = re.sub(r"^year = .*$", f"year = {value}", MINIMAL, count=1, flags=re.M)
    with pytest.raises(ScenarioError) as info:
        parse_scenario_text(text, "f.toml")
    err = info.value
    assert (
        err.field == "scenario.year" and err.line == text.splitlines().index(f"year = {value}") + 1
    )
    assert err.message.startswith("expected a whole number; this one is out of range"), err.message
    assert "string" not in err.message


def test_read_text_reads_at_most_its_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``read_text`` (every scenario, future, settings and instance file) read a file whole:
    ``anpo stability /dev/zero`` read without end, its memory growing until the machine ran
    out. It now reads at most ``MAX_TEXT_BYTES + 1`` bytes and refuses a larger input, naming
    it; a file at the cap is read, with line ends as text mode reads them (CRLF, CR) and a
    byte-order mark dropped, as before. The cap is lowered here so that the test reads little."""
    from anpo._io import inputs

    monkeypatch.setattr(inputs, "MAX_TEXT_BYTES", 64)
    at_cap = tmp_path / "at.toml"
    at_cap.write_bytes(b"\xef\xbb\xbf" + b"a = 1\r\nb = 2\rc = 3\n" + b"#" * 42)
    assert at_cap.stat().st_size == 64
    assert inputs.read_text(at_cap) == "a = 1\nb = 2\nc = 3\n" + "#" * 42
    over = tmp_path / "over.toml"
    over.write_bytes(b"#" * 65)
    for path in (over, Path("/dev/zero")):
        if not path.exists():  # pragma: no cover - a system without /dev/zero
            continue
        with pytest.raises(InputError, match="larger than 64 bytes: not a file anpo reads") as e:
            inputs.read_text(path, InputError)
        assert str(e.value.file) == str(path)
