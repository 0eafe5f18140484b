"""Alignment instance files (TOML, CSV, and the web's posted instances, which go through the same
spec): an actor name or id holding a control character is refused, naming the actor and its
line; names are read in Unicode NFC, so two that differ only in normal form are one name (a
second actor so named is refused naming both lines; a pair may spell it either way). Before,
both were accepted: two actors printed identically, and 'A\\x00B' reached the report."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _support import cli
from anpo.align.io import (
    _BIDI_CONTROLS,
    _INVISIBLE_LETTERS,
    InstanceSpec,
    instance_from_spec,
    read_instance,
    read_toml_text,
)
from anpo.errors import AlignError

PRECOMPOSED = "Caf\u00e9"
DECOMPOSED = "Cafe\u0301"


def _toml(first: str, second: str, *, key: str = "name") -> str:
    return (
        f'[[actor]]\nname = "A"\n{key} = "{first}"\nsize = 1.0\n\n'
        f'[[actor]]\nname = "B"\n{key} = "{second}"\nsize = 1.0\n'
        if key == "id"
        else f'[[actor]]\nname = "{first}"\nsize = 1.0\n\n[[actor]]\nname = "{second}"\nsize = 1.0\n'
    )


@pytest.mark.parametrize("char", ["\\u0000", "\\n", "\\t", "\\u001b", "\\u2028", "\\u202e"])
@pytest.mark.parametrize("key", ["name", "id"])
def test_a_control_character_in_a_name_or_id_is_refused_at_its_line(
    tmp_path: Path, char: str, key: str
) -> None:
    text = _toml(f"Ja{char}pan", "China", key=key)
    path = tmp_path / "inst.toml"
    path.write_text(text)
    with pytest.raises(AlignError) as info:
        read_instance(path)
    err = info.value
    assert err.field == f"actor[0].{key}"
    assert err.line == (3 if key == "id" else 2)
    assert "control character" in err.message and "Ja" in err.message  # the actor, named
    proc = cli("validate", str(path))
    assert proc.returncode == 2
    assert f"{path}:{err.line}: actor[0].{key}: " in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("key", ["name", "id"])
def test_names_that_differ_only_in_normal_form_are_one_name(tmp_path: Path, key: str) -> None:
    text = _toml(PRECOMPOSED, DECOMPOSED, key=key)
    assert PRECOMPOSED != DECOMPOSED
    with pytest.raises(AlignError) as info:
        read_toml_text(text, "inst.toml")
    err = info.value
    assert err.field == f"actor[1].{key}"
    first, second = (3, 8) if key == "id" else (2, 6)
    assert err.line == second
    assert f"actor[0]'s, line {first}" in err.message  # both lines named
    assert "NFC" in err.message


def test_a_pair_may_spell_a_name_in_either_form() -> None:
    text = (
        f'[[actor]]\nname = "{PRECOMPOSED}"\nsize = 1.0\n\n[[actor]]\nname = "B"\nsize = 1.0\n\n'
        f'[[pair]]\na = "{DECOMPOSED}"\nb = "B"\np = 2.0\n'
    )
    inst = read_toml_text(text, "inst.toml")
    assert inst.names == [PRECOMPOSED, "B"]
    assert inst.propensity[0, 1] == 2.0
    assert inst.index(DECOMPOSED) == 0


def test_the_web_spec_refuses_the_same() -> None:
    """The web's posted instances are this spec, validated by instance_from_spec."""
    with pytest.raises(Exception, match="control character"):
        InstanceSpec.model_validate({"actor": [{"name": "A\x00", "size": 1.0}]})
    spec = InstanceSpec.model_validate(
        {"actor": [{"name": PRECOMPOSED, "size": 1.0}, {"name": DECOMPOSED, "size": 1.0}]}
    )
    with pytest.raises(AlignError, match="duplicate actor name"):
        instance_from_spec(spec, "<request>")


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ('name,size,"A\nB",C\n"A\nB",1,0,1\nC,1,1,0\n', 1, "column 3 of the header"),
        ("name,size,A,C\nA,1,0,1\nC\x00,1,1,0\n", 3, "'C\\x00'"),
        (f"name,size,{PRECOMPOSED},{DECOMPOSED}\n", 1, "columns 3 and 4"),
        (f"name,size,{PRECOMPOSED},B\n{PRECOMPOSED},1,0,1\n{DECOMPOSED},1,1,0\n", 3, "line 2"),
    ],
)
def test_csv_names_refuse_control_characters_and_compare_in_nfc(
    tmp_path: Path, text: str, line: int, needle: str
) -> None:
    path = tmp_path / "inst.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AlignError) as info:
        read_instance(path)
    assert info.value.line == line
    assert needle in info.value.message


def test_a_csv_row_may_spell_its_column_in_either_form(tmp_path: Path) -> None:
    path = tmp_path / "inst.csv"
    path.write_text(f"name,size,{PRECOMPOSED},B\n{DECOMPOSED},1,0,1\nB,1,1,0\n", encoding="utf-8")
    assert read_instance(path).names == [PRECOMPOSED, "B"]


@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8))
def test_two_spellings_of_one_name_never_make_two_actors(name: str) -> None:
    nfc, nfd = unicodedata.normalize("NFC", name), unicodedata.normalize("NFD", name)
    spec = {"actor": [{"name": nfc, "size": 1.0}, {"name": nfd, "size": 1.0}]}
    try:
        instance_from_spec(InstanceSpec.model_validate(spec), "<h>")
    except AlignError as exc:
        assert "duplicate" in exc.message or "blank" in exc.message
    except ValueError as exc:  # pydantic: a control character, or nothing visible
        assert "control character" in str(exc) or "no visible character" in str(exc)
    else:  # pragma: no cover - the assertion says why
        raise AssertionError(f"two actors named {nfc!r} and {nfd!r}")


#: Names of characters that each print as nothing: a zero width space, a word joiner, a byte
#: order mark, the Arabic letter mark, the Mongolian vowel separator (format characters), with
#: spaces, a combining accent with no letter, a Hangul filler.
INVISIBLE = [
    "\u200b",
    "\u2060",
    "\ufeff\u200b",
    "\u061c",
    "\u180e",
    "\u200b \u2060",
    "\u0301",
    "\u3164",
]


@pytest.mark.parametrize("name", INVISIBLE)
@pytest.mark.parametrize("key", ["name", "id"])
def test_a_name_or_id_with_no_visible_character_is_refused_at_its_line(
    tmp_path: Path, name: str, key: str
) -> None:
    """A name made only of characters that print as nothing (it was accepted and the report
    printed an actor as nothing) is refused naming the actor and its line, as a blank one."""
    escaped = name.encode("unicode_escape").decode().replace("\\x", "\\u00")
    path = tmp_path / "inst.toml"
    path.write_text(_toml(escaped, "China", key=key), encoding="utf-8")
    with pytest.raises(AlignError) as info:
        read_instance(path)
    err = info.value
    assert err.field == f"actor[0].{key}"
    assert err.line == (3 if key == "id" else 2)
    assert f"the actor {key} has no visible character: it is only U+" in err.message
    assert repr(name) in err.message  # the actor, as Python escapes it
    proc = cli("validate", str(path))
    assert proc.returncode == 2
    assert f"{path}:{err.line}: actor[0].{key}: the actor {key} has no visible" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("name", INVISIBLE)
def test_csv_names_with_no_visible_character_are_refused_at_their_line(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / "inst.csv"
    path.write_text(f"name,size,{name},B\n{name},1,0,1\nB,1,1,0\n", encoding="utf-8")
    with pytest.raises(AlignError) as info:
        read_instance(path)
    assert info.value.line == 1
    assert "column 3 of the header" in info.value.message
    assert "no visible character" in info.value.message
    path.write_text(f"name,size,A,B\n{name},1,0,1\nB,1,1,0\n", encoding="utf-8")
    with pytest.raises(AlignError) as info:
        read_instance(path)
    assert (info.value.line, info.value.field) == (2, "name")
    assert "no visible character" in info.value.message


@pytest.mark.parametrize(
    "name",
    [
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian, with a ZWNJ
        "\u0915\u094d\u200d\u0937",  # Devanagari, with a ZWJ
        "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # a family emoji, joined by ZWJs
        "Caf\u0065\u0301",  # a combining accent on a letter
        "A\u200bB",  # a zero width space between letters
    ],
)
def test_names_with_joiners_and_marks_on_letters_are_accepted(tmp_path: Path, name: str) -> None:
    """Only a name with nothing visible is refused: the zero width non-joiner and joiner are
    needed in Persian, Indic scripts and emoji."""
    spec = {"actor": [{"name": name, "size": 1.0}, {"name": "B", "size": 1.0}]}
    inst = instance_from_spec(InstanceSpec.model_validate(spec), "<request>")
    assert inst.names[0] == unicodedata.normalize("NFC", name)
    path = tmp_path / "inst.csv"
    path.write_text(f"name,size,{name},B\n{name},1,0,1\nB,1,1,0\n", encoding="utf-8")
    assert read_instance(path).names[0] == unicodedata.normalize("NFC", name).strip()


def test_the_web_spec_refuses_a_name_with_no_visible_character() -> None:
    with pytest.raises(ValueError, match="no visible character"):
        InstanceSpec.model_validate({"actor": [{"name": "\u200b\u2060", "size": 1.0}]})


_NOTHING_VISIBLE = st.characters(
    categories=("Cf", "Zs", "Mn", "Me"), exclude_characters="".join(sorted(_BIDI_CONTROLS))
)


@given(st.text(_NOTHING_VISIBLE, min_size=1, max_size=6), st.text(max_size=3))
def test_a_name_is_refused_exactly_when_nothing_in_it_is_visible(hidden: str, letters: str) -> None:
    """Characters that print as nothing, with or without letters: refused unless a character
    is visible (never a blank name, which the 'must not be blank' check refuses)."""
    name = hidden + "".join(c for c in letters if c.isalnum() and c not in _INVISIBLE_LETTERS)
    spec = {"actor": [{"name": name, "size": 1.0}]}
    if not name.strip():
        return
    if any(c.isalnum() for c in name):
        assert InstanceSpec.model_validate(spec).actor[0].name
    else:
        with pytest.raises(ValueError, match="no visible character"):
            InstanceSpec.model_validate(spec)


def test_a_control_character_in_the_title_is_printed_as_its_escape(tmp_path: Path) -> None:
    """review24: an instance's title keeps its control characters (the file round-trips them,
    test_align_cli), but ``anpo align FILE`` wrote them raw to the terminal: an ESC sequence
    retitled the window. The title line now shows each as its escape."""
    path = tmp_path / "inst.toml"
    path.write_text(
        'title = "Evil\\u001b]0;pwned\\u0007 \\u202etitle"\n' + _toml("Japan", "China"),
        encoding="utf-8",
    )
    assert "\x1b" in read_instance(path).title  # kept by the file
    proc = cli("align", str(path), env={"COLUMNS": "200"})
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout
    assert "\u202e" not in proc.stdout
    assert "Evil\\x1b]0;pwned\\x07 \\u202etitle" in proc.stdout
