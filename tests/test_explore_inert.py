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

import numpy as np
import pandas as pd
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


# reading the file warns that the later value replaces the draw (explore22; tested in
# test_futures): expected here, where that replacement is the case under test
@pytest.mark.filterwarnings("ignore:.*has no effect:anpo.errors.DataWarning")
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


# ------------------------------------------------- inputs whose draws print alike (narrow)
NARROW = """
[[uncertainties]]
name = "support"
target = "burden.support_scale"
distribution = {{ kind = "{kind}", {params} }}
basis = "anpo assumption"
"""


@pytest.mark.parametrize(
    ("name", "dist", "why"),
    [
        (
            "uniform",
            {"kind": "uniform", "low": 0.8, "high": 0.8 + 1e-15},
            "every draw, from 0.8 to 0.800000000000001, prints as 0.8 (a relative spread of "
            "1.2e-15",
        ),
        (
            "triangular",  # equal ends up to rounding: the next double above 0.8
            {"kind": "triangular", "low": 0.8, "mode": 0.8, "high": 0.8000000000000002},
            "every draw, from 0.8 to 0.8000000000000002, prints as 0.8 (a relative spread of "
            "1.4e-16",
        ),
        (
            "beta",
            {"kind": "beta", "alpha": 2.0, "beta": 2.0, "low": 0.8, "high": 0.8 + 1e-12},
            "every draw, from 0.8 to 0.800000000001, prints as 0.8 (a relative spread of 1.2e-12",
        ),
        (
            "lognormal",  # bounded at its 2**-53 and 1 - 2**-53 quantiles (z = -+8.2)
            {"kind": "lognormal", "median": 0.8, "sigma": 1e-12},
            "every draw short of its ends (0 and infinity, at probabilities 0 and 1), from "
            "0.7999999999934324 to 0.8000000000065677, prints as 0.8 (a relative spread of 1.6e-11",
        ),
        (
            "choice",
            {"kind": "choice", "values": [0.8, 0.8000000000000002]},
            "each of its values (0.8, 0.8000000000000002) prints as 0.8 (a relative spread of "
            "1.4e-16",
        ),
        (
            "straddle",  # across a rounding boundary of the 6th digit: two printed values
            {"kind": "uniform", "low": 0.8000005 - 1e-13, "high": 0.8000005 + 1e-13},
            "every draw, from 0.8000004999999 to 0.8000005000001, prints as 0.8 or 0.800001 (a "
            "relative spread of 2.5e-13",
        ),
    ],
)
def test_an_input_whose_draws_print_alike_cannot_vary(name: str, dist: dict, why: str) -> None:
    """A distribution so narrow that its draws print alike at 6 significant digits (relative
    spread at most NARROW_SPREAD = 5e-7) is named with the inputs that cannot vary, with its
    spread: its sensitivity indices would be noise. constant_uncertainties named none of these
    (only a choice of one value, or draws rounding to one whole number)."""
    from anpo.futures import future_files, load_future
    from anpo.scenario.uncertainty import NARROW_SPREAD, Uncertainty, constant_uncertainties

    world = load_future(next(p for p in future_files() if p.stem == "status-quo"))[1]
    target = "scenario.defenses[tmd-japan].layers[0].sspk"
    unc = Uncertainty(name=name, target=target, distribution={**dist, "basis": "test"})
    found = constant_uncertainties(world, [unc])
    assert list(found) == [name]
    assert found[name] == (
        f"{why}, at most {NARROW_SPREAD:g}: less than values printed with 6 significant "
        "digits tell apart)"
    )


@pytest.mark.parametrize(
    "dist",
    [
        {"kind": "uniform", "low": 0.8, "high": 0.8000009},  # relative spread 1.1e-6
        {"kind": "lognormal", "median": 0.8, "sigma": 1e-6},  # 1.6e-5 between its tails
        {"kind": "uniform", "low": 0.0, "high": 1e-12},  # values near 0 print apart
        {"kind": "choice", "values": [0.8, 0.80001]},
    ],
)
def test_an_input_whose_draws_print_apart_is_not_named(dist: dict) -> None:
    """Draws that 6 significant digits tell apart are not named (no false flag near the
    threshold, nor for a small range around 0, whose values print with their own exponent)."""
    from anpo.futures import future_files, load_future
    from anpo.scenario.uncertainty import Uncertainty, constant_uncertainties

    world = load_future(next(p for p in future_files() if p.stem == "status-quo"))[1]
    target = "scenario.defenses[tmd-japan].layers[0].sspk"
    unc = Uncertainty(name="x", target=target, distribution={**dist, "basis": "test"})
    assert constant_uncertainties(world, [unc]) == {}


def test_validate_compare_and_explore_say_an_input_whose_draws_print_alike(
    tmp_path: Path,
) -> None:
    """`anpo validate`, `anpo futures compare` and `anpo explore run` name an input whose draws
    print alike (a uniform on [1.2, 1.2 + 1e-12]) before the run, as they name a choice of one
    value; its Sobol' indices after the run are undefined, with a note, not noise."""
    from anpo.explore.sensitivity import sensitivity

    path = _status_quo_with(tmp_path, NARROW.format(kind="uniform", params=NARROW_PARAMS))
    why = (
        "every draw, from 1.2 to 1.200000000001, prints as 1.2 (a relative spread of 8.3e-13, "
        "at most 5e-07: less than values printed with 6 significant digits tell apart)"
    )
    r = cli("validate", str(path))
    assert r.returncode == 0, r.stderr
    assert f"note: {path}: the uncertain input support moves nothing: {why}" in r.stdout
    r = cli("futures", "compare", str(path), "--json")
    assert r.returncode == 0, r.stderr
    assert any(why in note for note in json.loads(r.stdout)["notes"])
    out = tmp_path / "run"
    args = ("explore", "run", str(path), "--sampler", "saltelli", "--n", "2", "--seed", "1")
    args = (*args, "--out", str(out))
    r = cli(*args, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["inert_inputs"]["status-quo"]["support"] == why
    # the burden indicator that reads it moves by 1e-12 at most: the outcome does not vary
    res = sensitivity(out)
    assert res[res.input == "support"]["S1"].isna().all()


def test_sobol_indices_of_an_input_whose_draws_print_alike_are_undefined(tmp_path: Path):
    """y = x + z with z uniform on [0.8, 0.8 + 1e-12]: z's draws print alike, so its Sobol'
    indices (before: S1 -2.5e-14 +- 3.4e-13 and ST 1e-24, estimates of rounding for an input
    the results show as 0.8) are undefined with a note saying why, as for an input that holds
    one value; x's are read."""
    import anpo.explore as ex
    from anpo.explore.sensitivity import fixed_inputs, sensitivity

    space = {
        "x": {"kind": "uniform", "low": 0.0, "high": 1.0, "basis": "test"},
        "z": {"kind": "uniform", "low": 0.8, "high": 0.8 + 1e-12, "basis": "test"},
    }
    model = ex.FunctionModel(lambda x, z: {"y": x + z}, space)
    out = ex.run(model, n=64, seed=1, out=tmp_path / "run", sampler="saltelli")
    res = sensitivity(out).set_index("input")
    assert res.loc["z", "note"] == (
        "undefined: the input z is 0.8 (to 6 significant digits) in every experiment"
    )
    assert np.isnan(res.loc["z", "S1"]) and np.isnan(res.loc["z", "ST"])
    assert abs(res.loc["x", "S1"] - 1.0) < 0.05
    # the run's values straddling a rounding boundary of the 6th digit show both
    frame = pd.DataFrame({"z": [0.8000005 - 1e-13, 0.8000005 + 1e-13], "w": [0.8, 0.81]})
    assert fixed_inputs(frame, ["z", "w"]) == {"z": "0.8 to 0.800001 (to 6 significant digits)"}


NARROW_PARAMS = "low = 1.2, high = 1.200000000001"


# ------------------------------------------------------- which inputs each outcome reads
def _two_rivals() -> str:
    """The minimal U.S.-China scenario with Russia, its silo ICBMs on the U.S., U.S. silo
    ICBMs on both (and the three sides' kill probabilities against silos), a U.S.-Russia
    dyad, and one uncertain input on each rival's silos."""
    from _support import us_china_scenario

    russia = '\n[[actors]]\nid = "RUS"\nname = "Russia"\nccode = 365\n'
    ss18 = (
        '\n[[forces]]\nid = "ru-ss18"\nactor = "RUS"\nname = "SS-18"\nbasing = "silo"\n'
        'missile_class = "ICBM"\nlaunchers = 30\nwarheads_per_launcher = 1\n'
        'survivable_fraction = 0.0\nreaches = ["USA"]\nsource = "test"\n'
        '\n[[forces]]\nid = "us-mm3"\nactor = "USA"\nname = "Minuteman III"\nbasing = "silo"\n'
        'missile_class = "ICBM"\nlaunchers = 100\nwarheads_per_launcher = 3\n'
        'survivable_fraction = 0.0\nreaches = ["CHN", "RUS"]\nsource = "test"\n'
        '\n[[damage]]\nactor = "RUS"\nw80 = 400\nsource = "anpo default curve"\n'
        + "".join(
            f'\n[[counterforce]]\nstriker = "{a}"\nbasing = "silo"\nkill_probability = {p}\n'
            'source = "test"\n'
            for a, p in (("USA", 0.8), ("RUS", 0.6), ("CHN", 0.3))
        )
    )
    extra = (
        '\n[[dyads]]\ndefender = "USA"\nrival = "RUS"\n'
        '\n[[uncertainties]]\nname = "cn_surv"\ntarget = "forces[cn-df5].survivable_fraction"\n'
        'distribution = { kind = "uniform", low = 0.0, high = 0.5 }\nbasis = "anpo assumption"\n'
        '\n[[uncertainties]]\nname = "ru_surv"\ntarget = "forces[ru-ss18].survivable_fraction"\n'
        'distribution = { kind = "uniform", low = 0.0, high = 0.5 }\nbasis = "anpo assumption"\n'
    )
    return us_china_scenario(actors=russia, forces=ss18, extra=extra)


def test_a_scenario_run_says_which_inputs_each_outcome_reads(tmp_path: Path) -> None:
    """A scenario-file run's manifest records which inputs each outcome reads
    (``outcome_inputs``, as a futures run's does): an input on Russia's forces is not read by a
    U.S.-China outcome, and `sensitivity` gives it no index there (before: no
    ``outcome_inputs``, and an index for every input the case reads)."""
    from anpo.explore.sensitivity import sensitivity

    path = tmp_path / "two.toml"
    path.write_text(_two_rivals(), encoding="utf-8")
    out = tmp_path / "run"
    args = ("explore", "run", str(path), "--sampler", "saltelli", "--n", "4", "--seed", "1")
    r = cli(*args, "--out", str(out))
    assert r.returncode == 0, r.stderr
    reads = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outcome_inputs"]
    assert list(reads) == ["mini/base"]
    by_outcome = reads["mini/base"]
    assert by_outcome["usa_chn_fss"] == ["cn_surv"]
    assert by_outcome["usa_rus_p_arrive_ge_1_usa"] == ["ru_surv"]
    for pre, name in (("usa_chn_", "cn_surv"), ("usa_rus_", "ru_surv")):
        mine = [o for o in by_outcome if o.startswith(pre)]
        # P(at least 1, 5, 10 arrive), the expected arrivals, survivors, the index with and
        # without launch under attack
        assert len(mine) == 7 and all(by_outcome[o] == [name] for o in mine)
    assert len(by_outcome) == 14
    res = sensitivity(out)
    row = res[(res.outcome == "usa_chn_survivors_expected") & (res.input == "ru_surv")]
    assert row["note"].tolist() == ["undefined: the outcome does not read the input ru_surv"]
    row = res[(res.outcome == "usa_chn_survivors_expected") & (res.input == "cn_surv")]
    assert row["S1"].notna().all()


@pytest.mark.slow
def test_an_input_no_outcome_of_a_dyad_reads_does_not_move_them() -> None:
    """What ScenarioModel.outcome_inputs says a dyad's outcomes do not read, they do not: in
    the us-japan-2001 book's tmd-japan variant (three dyads), setting every such input to its
    0.999 quantile instead of its median leaves that dyad's outcomes (case_outcomes) exactly as
    they are."""
    from anpo.explore.scenario import ScenarioModel, case_outcomes
    from anpo.scenario import book_files
    from anpo.scenario.schema import Case
    from anpo.scenario.uncertainty import apply

    model = ScenarioModel.from_files([book_files()[0]])
    case = model.cases.index("us-japan-2001/tmd-japan")
    base_scen = model.case_file(case)
    median = {u.name: u.distribution.ppf(0.5).item() for u in base_scen.uncertainties}

    def outcomes(values: dict) -> dict[str, float]:
        drawn = apply(base_scen, values)
        var = next(v for v in drawn.variant_list() if v.id == "tmd-japan")
        return case_outcomes(Case(scenario=drawn, variant=var))

    at_median = outcomes(median)
    reads = model.outcome_inputs()["us-japan-2001/tmd-japan"]
    read = set(model.inputs_by_case["us-japan-2001/tmd-japan"])
    checked = 0
    for pre in ("usa_chn", "usa_rus", "usa_prk"):
        names = [o for o in reads if o.startswith(pre + "_")]
        unread = read - set(reads[names[0]])
        assert unread and all(read - set(reads[o]) == unread for o in names)
        moved = {
            **median,
            **{
                u.name: u.distribution.ppf(0.999).item()
                for u in base_scen.uncertainties
                if u.name in unread
            },
        }
        after = outcomes(moved)
        # exactly equal (NaN where the stability index is undefined in both)
        np.testing.assert_array_equal([after[o] for o in names], [at_median[o] for o in names])
        checked += len(unread)
    assert checked >= 10
