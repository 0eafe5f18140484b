"""A future's changes and draws meet the alliance rules of a scenario file
(:func:`anpo.deterrence.scenario.check_alliances`): a future that appends an alliance whose
member is its patron or whose ``since`` is after the year, or removes the alliance a dyad's
``ally`` relies on, is refused when the file is read, at the change (lib31: futures ran
check_references and check_limits only, so such a file loaded and was scored)."""

from __future__ import annotations

from pathlib import Path

import pytest

from _support import cli
from anpo.errors import FutureError, ScenarioError
from anpo.futures.load import apply_change, future_files, parse_future_text
from anpo.futures.schema import ScenarioChange

MARK = "# ------------------------------------------------------------------ alignment"


def _future(stem: str) -> tuple[str, Path]:
    path = next(p for p in future_files() if p.stem == stem)
    return path.read_text(encoding="utf-8"), path


def _status_quo_with(changes: str, extra: str = "") -> tuple[str, Path]:
    """The status-quo future (base: the book's 2001 scenario, whose one alliance is the
    U.S.-Japan treaty of 1960 and whose three dyads name Japan their ally) with ``changes``
    before its alignment section and ``extra`` at its end; and the book's folder."""
    text, path = _future("status-quo")
    assert text.count(MARK) == 1
    return text.replace(MARK, changes + "\n" + MARK) + extra, path.parent


PATRON_MEMBER = """
[[changes]]
target = "alliances"
append = { id = "self", name = "A U.S. guarantee to itself", patron = "USA", members = ["USA"], source = "anpo assumption: a test" }
basis = "anpo assumption: a test"
"""
LATER = """
[[changes]]
target = "alliances"
append = { id = "later", name = "A later treaty", patron = "USA", members = ["JPN"], since = 2005, source = "anpo assumption: a test" }
basis = "anpo assumption: a test"
"""
TREATY_GONE = """
[[changes]]
target = "alliances"
remove = "us-japan"
basis = "anpo assumption: a test"
"""


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (PATRON_MEMBER, "alliances[1].members[0]", "'USA' is the alliance's patron"),
        (LATER, "alliances[1].since", "2005 is after the scenario's year 2001"),
        (
            TREATY_GONE,
            "dyads[0].ally",
            "dyad 'U.S.-China': the ally 'JPN' is a member of no alliance of 'USA' in force in "
            "2001 (alliances of 'USA': none)",
        ),
    ],
    ids=["patron as member", "since after the year", "an ally's alliance removed"],
)
def test_a_future_breaking_the_alliance_rules_is_refused_at_its_change(
    tmp_path: Path, change: str, field: str, message: str
) -> None:
    """Each of the three rules, broken by a future's change, is refused naming the file, the
    change's line, the future and the scenario's field; ``anpo validate`` exits 2 with that one
    line. Before: each file loaded."""
    text, folder = _status_quo_with(change)
    with pytest.raises(FutureError) as info:
        parse_future_text(text, "mine.toml", folder)
    err = info.value
    line = text.splitlines().index("[[changes]]") + 1
    assert (err.file, err.line, err.field) == ("mine.toml", line, "changes[0]")
    assert err.message.startswith(
        f"future 'status-quo': the changes make the base scenario invalid: {field}: {message}"
    ), err.message
    mine = tmp_path / "mine.toml"
    mine.write_text(text, "utf-8")
    ran = cli("validate", str(mine))
    assert ran.returncode == 2 and ran.stdout == ""
    assert ran.stderr.startswith(f"error: {mine}:{line}: changes[0]: future 'status-quo': ")


def test_removing_the_treaty_with_the_allies_that_rely_on_it_loads() -> None:
    """The alliance a dyad's ally relies on may go with that ally (``remove`` on the dyad's
    ``ally``: the dyad names none), as the built-in ``gmd-without-treaty`` future does: it
    loads, no dyad names an ally, and the changes table says so in words."""
    from anpo.futures.report import _change_words, _scenario_names

    allies = "".join(
        f'\n[[changes]]\ntarget = "dyads[label={label}].ally"\nremove = "JPN"\n'
        'basis = "anpo assumption: a test"\n'
        for label in ("U.S.-China", "U.S.-Russia", "U.S.-North Korea")
    )
    text, folder = _status_quo_with(TREATY_GONE + allies)
    fut, world = parse_future_text(text, "mine.toml", folder)
    assert world.scenario.alliances == [] and [d.ally for d in world.scenario.dyads] == [None] * 3

    gmd_text, gmd = _future("gmd-without-treaty")
    fut, world = parse_future_text(gmd_text, str(gmd), gmd.parent)
    assert world.scenario.alliances == [] and [d.ally for d in world.scenario.dyads] == [None] * 3
    data = world.scenario.model_dump()
    words = [_change_words(ch, data, _scenario_names(data)) for ch in fut.changes]
    assert words[1:4] == [
        f"{label} dyad: no ally (was Japan)"
        for label in ("U.S.-China", "U.S.-Russia", "U.S.-North Korea")
    ]


def test_the_worst_case_without_its_ally_changes_is_refused() -> None:
    """The built-in ``gmd-without-treaty`` future without the changes that take Japan out of
    its dyads (the treaty removed, each dyad's ally left) is refused at its last change."""
    text, path = _future("gmd-without-treaty")
    kept = text.split('\n[[changes]]\ntarget = "dyads[')
    assert len(kept) == 4
    bare = kept[0] + "\n" + kept[3].split("\n", 3)[3]
    with pytest.raises(FutureError) as info:
        parse_future_text(bare, "worst.toml", path.parent)
    assert "dyads[0].ally: dyad 'U.S.-China'" in info.value.message
    assert info.value.field == "changes[0]"  # the treaty removed, not the last change


def test_a_draw_of_an_alliances_since_past_the_year_is_refused_when_the_file_is_read() -> None:
    """An uncertain input on an alliance's ``since`` whose range reaches past the scenario's
    year is refused where the file is read, at the range (each experiment drawing it is
    validated again: :func:`anpo.scenario.uncertainty.apply`); a range within the year loads
    and its draw past it is refused by ``apply``. Before: both loaded and the draw applied."""
    from anpo.scenario.uncertainty import apply

    extra = """
[[uncertainties]]
name = "treaty_since"
label = "year the U.S.-Japan treaty came into force"
target = "scenario.alliances[us-japan].since"
distribution = { kind = "choice", values = [1960, 2010] }
basis = "anpo assumption: a test"
"""
    text, folder = _status_quo_with("", extra)
    with pytest.raises(FutureError) as info:
        parse_future_text(text, "mine.toml", folder)
    err = info.value
    assert err.field.startswith("uncertainties[") and err.field.endswith("].distribution")
    assert "refuses 2010" in err.message and "after the scenario's year 2001" in err.message

    text, folder = _status_quo_with("", extra.replace("2010", "1951"))
    _, world = parse_future_text(text, "mine.toml", folder)
    values = {u.name: u.ppf([0.5])[0] for u in world.uncertainties}
    values["treaty_since"] = 2010
    with pytest.raises(ScenarioError, match="after the scenario's year 2001"):
        apply(world, values)


def test_remove_on_one_value_takes_it_out_of_its_table_or_says_why_not() -> None:
    """``remove`` on a value of a table takes the key out when it holds the value named; a
    different value, or a value in a list, is refused saying what is there."""
    data = {"dyads": [{"defender": "USA", "rival": "CHN", "ally": "JPN"}], "covers": ["JPN"]}

    def change(target: str, value: object) -> ScenarioChange:
        return ScenarioChange(target=target, remove=value, basis="anpo assumption: a test")

    with pytest.raises(ValueError, match="'dyads\\[0\\].ally' holds 'JPN', not 'KOR'"):
        apply_change(data, change("dyads[0].ally", "KOR"))
    with pytest.raises(ValueError, match="remove needs a list, or a field of a table"):
        apply_change(data, change("covers[0]", "JPN"))
    apply_change(data, change("dyads[0].ally", "JPN"))
    assert data["dyads"] == [{"defender": "USA", "rival": "CHN"}]


def test_removing_a_required_value_is_refused_at_its_change() -> None:
    """A ``remove`` that takes out a field the scenario requires (a dyad's ``rival``) is
    refused at that change, not at the last one."""
    text, folder = _status_quo_with(
        '\n[[changes]]\ntarget = "dyads[label=U.S.-China].rival"\nremove = "CHN"\n'
        'basis = "anpo assumption: a test"\n' + LATER.replace("2005", "1990")
    )
    with pytest.raises(FutureError) as info:
        parse_future_text(text, "mine.toml", folder)
    assert info.value.field == "changes[0]", info.value.one_line()
    assert "dyads[0].rival: required field is missing" in info.value.message, info.value.message
