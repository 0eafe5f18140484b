"""The one-line texts of a scenario file that no test covered when they became
:data:`anpo.deterrence.scenario.Line`: ``alliances[].name``, ``dyads[].label``,
``variants[].title`` and ``variants[].label``. A control character in any of them is refused at
its field and line (by the scenario loader, by a future file whose changes set it, by ``anpo
validate`` and ``anpo explore run`` with exit 2 and no traceback); ordinary unicode is kept as
written."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest

from _support import EXPLORE_SCENARIO, cli
from anpo.errors import FutureError, ScenarioError
from anpo.futures import parse_future_text
from anpo.scenario import parse_scenario_text

#: The four fields, each with where its value goes in the text :func:`_with` builds.
FIELDS = ["alliances[0].name", "dyads[0].label", "variants[0].title", "variants[0].label"]

#: Control characters (as TOML escapes) with the code point the message names: an escape
#: sequence that clears the screen, a newline, NUL.
CONTROLS = [("\\u001b[2J", "U+001B"), ("\\n", "U+000A"), ("\\u0000", "U+0000")]

#: Ordinary unicode: kanji, accents, a dash (none is a control character).
UNICODE = ["日米安保", "Alliance nippo-américaine", "Señor Müller — Ø"]


def _with(field: str, value: str) -> tuple[str, int]:
    """The exploration test scenario with an alliance, a dyad label and a variant label added,
    ``field`` holding ``value`` (a TOML basic string's content, escapes as written) and the
    others an ordinary text; with the line ``field`` is written on."""
    texts = {f: "plain" for f in FIELDS}
    texts[field] = value
    text = EXPLORE_SCENARIO.replace(
        '[[dyads]]\ndefender = "USA"\nrival = "CHN"\n',
        f'[[dyads]]\ndefender = "USA"\nrival = "CHN"\nlabel = "{texts["dyads[0].label"]}"\n'
        f'\n[[alliances]]\nid = "us-x"\nname = "{texts["alliances[0].name"]}"\npatron = "USA"\n'
        'members = ["JPN"]\nsource = "anpo assumption: a test alliance"\n'
        # a patron guarantees no rival (audit30): the alliance's member is a third actor
        '\n[[actors]]\nid = "JPN"\nname = "Japan"\n',
    ).replace(
        '[[variants]]\nid = "mad"\ntitle = "no defense"\n',
        f'[[variants]]\nid = "mad"\ntitle = "{texts["variants[0].title"]}"\n'
        f'label = "{texts["variants[0].label"]}"\n',
    )
    assert text.count(f'"{value}"') >= 1, "the scenario's text changed: update _with"
    key = field.rsplit(".", 1)[1]
    lines = text.splitlines()
    start = next(
        i
        for i, row in enumerate(lines)
        if row
        == {"alliances": "[[alliances]]", "dyads": "[[dyads]]", "variants": "[[variants]]"}[
            field.split("[", 1)[0]
        ]
    )
    line = next(i for i in range(start, len(lines)) if lines[i].startswith(f"{key} = "))
    return text, line + 1


@pytest.mark.parametrize(("control", "code"), CONTROLS, ids=["esc", "newline", "nul"])
@pytest.mark.parametrize("field", FIELDS)
def test_a_control_character_is_refused_at_its_field_and_line(
    field: str, control: str, code: str
) -> None:
    """:func:`anpo.scenario.parse_scenario_text` raises :class:`~anpo.errors.ScenarioError`
    naming the field, its line and the character (the four fields were typed ``str`` before
    they became ``Line``, and an escape in a variant's title reached the terminal raw)."""
    text, line = _with(field, f"US{control}Japan")
    with pytest.raises(ScenarioError) as info:
        parse_scenario_text(text, "ctl.toml")
    err = info.value
    assert (err.field, err.line) == (field, line), err.one_line()
    assert f"contains a control character ({code})" in err.message, err.one_line()


@pytest.mark.parametrize("field", FIELDS)
def test_the_cli_refuses_it_with_exit_2_and_one_line(tmp_path: Path, field: str) -> None:
    """``anpo validate`` and ``anpo explore run`` print one line naming the file, line, field
    and character, and exit 2: no traceback, nothing on standard output, no run folder."""
    text, line = _with(field, "US\\u001b[2JJapan")
    path = tmp_path / "ctl.toml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "run"
    for args in (
        ["validate", str(path)],
        ["explore", "run", str(path), "--n", "4", "--seed", "1", "--out", str(out)],
    ):
        ran = cli(*args)
        assert ran.returncode == 2, (args, ran.stdout, ran.stderr)
        assert "Traceback" not in ran.stderr, ran.stderr
        assert ran.stdout == "", ran.stdout
        first = ran.stderr.strip().splitlines()[0]
        assert f"{path}:{line}: {field}: contains a control character (U+001B)" in first, first
        assert "\x1b" not in ran.stderr, "the escape reached the terminal"
    assert not out.exists()


@pytest.mark.parametrize("value", UNICODE)
@pytest.mark.parametrize("field", FIELDS)
def test_ordinary_unicode_is_accepted_as_written(tmp_path: Path, field: str, value: str) -> None:
    """Kanji, accents and dashes are not control characters: the scenario loads with the text
    as written and ``anpo validate`` says ok."""
    text, _ = _with(field, value)
    scen = parse_scenario_text(text, "ok.toml")
    got = {
        "alliances[0].name": scen.alliances[0].name,
        "dyads[0].label": scen.dyads[0].label,
        "variants[0].title": scen.variants[0].title,
        "variants[0].label": scen.variants[0].label,
    }
    assert got[field] == value
    assert all(v == "plain" for f, v in got.items() if f != field)
    path = tmp_path / "ok.toml"
    path.write_text(text, encoding="utf-8")
    ran = cli("validate", str(path))
    assert ran.returncode == 0, ran.stderr
    assert "ok:" in ran.stdout


def _future(change_target: str, value: str) -> tuple[str, int]:
    """The futures book's status quo with one more change setting ``change_target`` to
    ``value`` (a TOML basic string's content); with the line of that ``[[changes]]`` entry."""
    book = files("anpo.futures") / "book" / "status-quo.toml"
    text = book.read_text(encoding="utf-8")
    marker = "# ------------------------------------------------------------------ alignment"
    assert text.count(marker) == 1, "the status-quo future changed: update _future"
    change = (
        f'[[changes]]\ntarget = "{change_target}"\nset = "{value}"\n'
        'basis = "anpo assumption: a test change"\n\n'
    )
    text = text.replace(marker, change + marker)
    return text, text.splitlines().index("[[changes]]") + 1


@pytest.mark.parametrize(
    ("target", "field"),
    [
        ("alliances[us-japan].name", "alliances[0].name"),
        ("variants[tmd-japan].title", "variants[1].title"),
        ("variants[tmd-japan].label", "variants[1].label"),
    ],
)
def test_a_future_that_sets_a_control_character_is_refused_at_its_change(
    target: str, field: str
) -> None:
    """A future file's change that writes a control character into one of these fields makes
    its base scenario invalid: :func:`anpo.futures.parse_future_text` raises
    :class:`~anpo.errors.FutureError` at the change's line, naming the scenario's field and
    the character; the same change with unicode text is applied as written."""
    text, line = _future(target, "US\\u001b[2JJapan")
    with pytest.raises(FutureError) as info:
        parse_future_text(text, "f.toml")
    err = info.value
    assert (err.field, err.line) == ("changes[0]", line), err.one_line()
    assert f"{field}: contains a control character (U+001B)" in err.message, err.one_line()

    text, _ = _future(target, "日米安保 — théâtre")
    _, world = parse_future_text(text, "f.toml")
    scen = world.scenario
    got = (
        scen.alliances[0].name
        if target.startswith("alliances")
        else getattr(
            next(v for v in scen.variants if v.id == "tmd-japan"), target.rsplit(".", 1)[1]
        )
    )
    assert got == "日米安保 — théâtre"
