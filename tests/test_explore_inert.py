"""``anpo explore run`` says which uncertain input a case reads cannot move any of its outcomes
(an inert input), as ``anpo validate`` and ``anpo futures compare`` do, by the same structural
rule (:func:`anpo.scenario.uncertainty.inert_uncertainties`,
:func:`anpo.futures.scorecard.inert_inputs`).

The inert input of these tests is the one of those commands' tests: the allied sea-based
midcourse layer of the us-japan-2001 book made to cover the U.S. alone, where it engages only
IRBM, MRBM and SRBM missiles and none of them reaches it (National Research Council 2012, as
the book's layer cites)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _support import cli
from anpo.scenario import book_files

BOOK = (
    book_files()[0]
    .read_text(encoding="utf-8")
    .split("# ---------------------------------------------------------------- uncertainties")[0]
)

ALLIED_SSPK = """
[[uncertainties]]
name = "allied_sspk"
target = "{prefix}defenses[gmd-allied].layers[0].sspk"
distribution = {{ kind = "beta", alpha = 7, beta = 3 }}
basis = "anpo assumption"
"""

WHY = (
    "the layer “Sea-based midcourse layer for the U.S. and allies” covers the United States and "
    "engages only IRBM, MRBM and SRBM missiles, and no such missile reaches it in the variant "
)


def _scenario_file(tmp_path: Path, covers: str) -> Path:
    path = tmp_path / "s.toml"
    text = BOOK.replace('covers = ["USA", "JPN"]', f"covers = {covers}")
    path.write_text(text + ALLIED_SSPK.format(prefix=""), encoding="utf-8")
    return path


def _worst_case_file(tmp_path: Path) -> Path:
    """A user's copy of the Worst case future with the allied layer's kill probability."""
    from anpo.futures import future_files

    src = next(p for p in future_files() if p.stem == "gmd-without-treaty")
    path = tmp_path / "worst.toml"
    text = src.read_text(encoding="utf-8") + ALLIED_SSPK.format(prefix="scenario.")
    path.write_text(text, encoding="utf-8")
    return path


def test_a_scenario_case_names_the_input_it_reads_that_moves_nothing(tmp_path: Path) -> None:
    """The layer is fielded in the two 'global missile defense' variants only: those two cases
    read the input and it moves nothing there (said, with the variant); the other cases do not
    read it (their analyses leave it out already), so nothing is said of them. With the layer
    covering Japan too, China's theater missiles reach it and no case is named."""
    from anpo.explore.scenario import ScenarioModel

    model = ScenarioModel.from_files([_scenario_file(tmp_path, '["USA"]')])
    assert model.inert_inputs() == {
        "us-japan-2001/gmd-global": {"allied_sspk": WHY + "“global missile defense”"},
        "us-japan-2001/gmd-global-china-modernized": {
            "allied_sspk": WHY + "“global missile defense with China modernized”"
        },
    }
    model = ScenarioModel.from_files([_scenario_file(tmp_path, '["USA", "JPN"]')])
    assert model.inert_inputs() == {}


def test_a_future_names_its_input_that_moves_nothing(tmp_path: Path) -> None:
    """A future's inert inputs are those ``anpo futures compare`` names
    (:func:`anpo.futures.scorecard.inert_inputs`); the book's futures have none."""
    from anpo.futures import future_files
    from anpo.futures.experiment import FuturesModel

    model = FuturesModel.from_files([_worst_case_file(tmp_path)])
    inert = model.inert_inputs()
    assert list(inert) == ["gmd-without-treaty"] and list(inert["gmd-without-treaty"]) == [
        "allied_sspk"
    ]
    assert inert["gmd-without-treaty"]["allied_sspk"].startswith(WHY)
    assert FuturesModel.from_files(future_files()).inert_inputs() == {}


@pytest.mark.slow
def test_explore_run_says_the_inert_input_and_its_json_lists_it(tmp_path: Path) -> None:
    """``anpo explore run`` prints a note naming the case, the input and why (stderr), and its
    JSON has them under ``inert_inputs`` (``{case: {input: why}}``); the same command again (a
    complete run, resumed) says it again."""
    path = _worst_case_file(tmp_path)
    args = ("explore", "run", str(path), "--n", "2", "--seed", "1", "--out", str(tmp_path / "r"))
    r = cli(*args, "--json")
    assert r.returncode == 0, r.stderr
    inert = json.loads(r.stdout)["inert_inputs"]
    assert list(inert) == ["gmd-without-treaty"] and list(inert["gmd-without-treaty"]) == [
        "allied_sspk"
    ]
    why = inert["gmd-without-treaty"]["allied_sspk"]
    note = f"note: case gmd-without-treaty: the uncertain input allied_sspk moves nothing: {why}"
    assert note in r.stderr.splitlines()
    r = cli(*args)
    assert r.returncode == 0, r.stderr
    assert note in r.stderr.splitlines() and r.stdout.startswith("done: 2 experiments")


# ------------------------------------------------------------------ inputs that cannot vary
def _status_quo_with(tmp_path: Path, entry: str, name: str = "sq.toml") -> Path:
    """A user's copy of the Status quo future with one more ``[[uncertainties]]`` entry."""
    from anpo.futures import future_files

    src = next(p for p in future_files() if p.stem == "status-quo")
    path = tmp_path / name
    path.write_text(src.read_text(encoding="utf-8") + entry, encoding="utf-8")
    return path


ONE_VALUE = """
[[uncertainties]]
name = "support"
target = "burden.support_scale"
distribution = {{ kind = "choice", values = [1.2, 1.5], weights = {weights} }}
basis = "anpo assumption"
"""

INTERCEPTORS = """
[[uncertainties]]
name = "interceptors"
target = "scenario.defenses[tmd-japan].layers[0].interceptors"
distribution = {{ kind = "uniform", low = {low}, high = {high} }}
basis = "anpo assumption"
"""


def test_constant_uncertainties_are_the_inputs_that_cannot_vary(tmp_path: Path) -> None:
    """A choice whose weights give every draw to one value, a choice of one value, a range on
    a whole-number field whose ends round to one integer, a choice whose values all round to
    one: each named with why. A range whose ends round to two integers, or a real field, is not
    (its draws move the field)."""
    from anpo.futures import load_future
    from anpo.scenario.uncertainty import Choice, Uncertainty, Uniform, constant_uncertainties

    path = _status_quo_with(tmp_path, ONE_VALUE.format(weights="[1, 0]"))
    world = load_future(path)[1]
    assert constant_uncertainties(world) == {
        "support": "its weights give every draw to one value (1.2; the others have weight 0)"
    }
    target = "scenario.defenses[tmd-japan].layers[0].interceptors"

    def unc(name: str, dist: object, where: str = target) -> Uncertainty:
        return Uncertainty(name=name, target=where, distribution=dist, basis="test")

    found = constant_uncertainties(
        world,
        [
            unc("one", Choice(values=[3], basis="test")),
            unc("narrow", Uniform(low=99.5, high=100.5, basis="test")),  # halves to even: 100
            unc("wide", Uniform(low=100.4, high=100.6, basis="test")),
            unc("picks", Choice(values=[10.1, 10.3], basis="test")),
            unc("real", Uniform(low=0.7, high=0.7001, basis="test"), target.replace("inter", "ss")),
        ],
    )
    assert found == {
        "one": "its distribution is a choice of one value (3)",
        "narrow": "every draw, from 99.5 to 100.5, rounds to 100 (the field it sets takes whole "
        "numbers)",
        "picks": "each of its values (10.1, 10.3) rounds to 10 (the field it sets takes whole "
        "numbers)",
    }


def test_futures_compare_and_validate_say_an_input_that_cannot_vary(tmp_path: Path) -> None:
    """`anpo futures compare` and `anpo validate` named no declared input that cannot vary (a
    choice whose weights leave one value, a range of interceptors inside one whole number):
    its draws move nothing, and both now say which and why, as `anpo explore run` does
    before its run. Two values that can both be drawn are not named."""
    weights = _status_quo_with(tmp_path, ONE_VALUE.format(weights="[1, 0]"), "w.toml")
    rounds = _status_quo_with(tmp_path, INTERCEPTORS.format(low=100.1, high=100.4), "r.toml")
    free = _status_quo_with(tmp_path, ONE_VALUE.format(weights="[1, 1]"), "f.toml")
    r = cli("validate", str(weights), str(rounds), str(free))
    assert r.returncode == 0, r.stderr
    notes = [ln for ln in r.stdout.splitlines() if ln.startswith("note:")]
    assert notes == [
        f"note: {weights}: the uncertain input support moves nothing: its weights give every "
        "draw to one value (1.2; the others have weight 0)",
        f"note: {rounds}: the uncertain input interceptors moves nothing: every draw, from "
        "100.1 to 100.4, rounds to 100 (the field it sets takes whole numbers)",
    ]
    r = cli("futures", "compare", str(rounds), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["notes"] == [
        "The input “interceptors” moves nothing in “Status quo, more initiative outside "
        "security”: every draw, from 100.1 to 100.4, rounds to 100 (the field it sets takes "
        "whole numbers); its draws leave every indicator as it is."
    ]
    r = cli("futures", "compare", str(free), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["notes"] == []


def _status_quo_setting(tmp_path: Path, pairs: str, name: str) -> Path:
    """The Status quo with a later alignment change setting ``pairs`` to a value (inserted
    after its first [[alignment.changes]], the one its input initiative_delta draws)."""
    from anpo.futures import future_files

    src = next(p for p in future_files() if p.stem == "status-quo").read_text(encoding="utf-8")
    later = (
        f"\n[[alignment.changes]]\npairs = {pairs}\nvalue = 1.0\n"
        'basis = "anpo assumption: a test of a later value"\n'
    )
    at = src.index("[law]")
    path = tmp_path / name
    path.write_text(src[:at] + later + "\n" + src[at:], encoding="utf-8")
    return path


def test_an_alignment_draw_a_later_value_replaces_is_inert(tmp_path: Path) -> None:
    """A draw of alignment.changes[0].delta moves nothing when a later change of the future
    sets every one of its pairs to a value (the changes apply in order, a value replaces what
    came before): `anpo futures compare` and `anpo validate` said nothing of it. A later value
    on only some of its pairs leaves the draw its effect on the others: not named."""
    from anpo.futures import indicators, load_future
    from anpo.futures.scorecard import inert_inputs
    from anpo.scenario.uncertainty import apply

    every = (
        '[["JPN", "PHI"], ["JPN", "INS"], ["JPN", "THI"], ["JPN", "DRV"], ["JPN", "MAL"], '
        '["JPN", "SIN"], ["JPN", "MYA"], ["JPN", "CAM"], ["JPN", "LAO"], ["JPN", "BRU"]]'
    )
    world = load_future(_status_quo_setting(tmp_path, every, "every.toml"))[1]
    assert inert_inputs(world) == {
        "initiative_delta": "every pair alignment.changes[0] changes is set afterwards to a "
        "value of its own (alignment.changes[1]), which replaces the draw"
    }
    # as the model computes it: the draw's two ends give the same indicators
    low = indicators(apply(world, {"theater_sspk": 0.7, "initiative_delta": 0.0}))
    high = indicators(apply(world, {"theater_sspk": 0.7, "initiative_delta": 0.5}))
    assert all(low[k] == high[k] or (low[k] != low[k] and high[k] != high[k]) for k in low)
    some = load_future(_status_quo_setting(tmp_path, '[["JPN", "PHI"]]', "some.toml"))[1]
    assert inert_inputs(some) == {}
    r = cli("validate", str(tmp_path / "every.toml"))
    assert r.returncode == 0, r.stderr
    assert "the uncertain input initiative_delta moves nothing: every pair" in r.stdout
